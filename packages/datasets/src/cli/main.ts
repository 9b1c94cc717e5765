import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError as CommanderArgError, Option } from "commander";
import { cacheLs, cachePrune, cacheVerify } from "./cache.js";
import { type CliContext, type CliHubOptions, type CliIO, hubOptionsFrom } from "./context.js";
import { demoCommand } from "./demo.js";
import { downloadCommand } from "./download.js";
import { cliErrorMessage } from "./errors.js";
import { evalCommand, METRICS } from "./eval.js";
import { infoCommand } from "./info.js";
import { listCommand } from "./list.js";
import { loadCommand } from "./load.js";
import { mirrorServe } from "./mirror.js";
import { parseTarget } from "./named.js";
import { OUTPUT_FORMATS } from "./output.js";
import { previewCommand } from "./preview.js";
import { reachHub } from "./reach.js";
import { exportCommand, resultsCommand } from "./results.js";
import { viewCommand } from "./view.js";

/** One command of the `crucible` program. To add one, write its module and list it in {@link COMMANDS}. */
export interface CliCommand {
  /** The command word, e.g. `load`. */
  name: string;
  /** Adds the command (arguments, options, action) to `parent`. */
  register(parent: Command, ctx: CliCommandContext): void;
}

/** What a command's action can use: the IO and, for commands that talk to the Hub, a reachability-checked hub. */
export interface CliCommandContext extends CliContext {
  /** Hub options after a 3 s reachability check (offline, "from cache", when nothing answers). */
  online(): Promise<{ hub: CliHubOptions; fromCache: boolean }>;
}

const int = (flag: string) => (v: string) => {
  if (!/^-?\d+$/.test(v)) throw new CommanderArgError(`${flag} must be an integer`);
  return Number(v);
};
const collect = (v: string, prev: string[] = []) => [...prev, v];
const formatOption = () =>
  new Option("--format <format>", "output format (default: table on a terminal, else jsonl)").choices([...OUTPUT_FORMATS]);
/** A registered name stands for its repo where a command needs a repo id. */
const repoOf = (arg: string) => {
  const t = parseTarget(arg);
  return t.kind === "named" ? t.entry.repo : t.repo;
};

function rowOptions(cmd: Command): Command {
  return cmd
    .option("--config <name>", "config (default: the dataset's default)")
    .option("--split <split>", "split or split string, e.g. train[:10%] (default: the dataset's default)")
    .option("--revision <rev>", "branch, tag or commit (default: main)")
    .option("--test-size <n>", "named datasets: rows of the cookbook's test set (default 1024)", int("--test-size"))
    .option("--shuffle-seed <n>", "shuffle like Python's ds.shuffle(seed=n)", int("--shuffle-seed"))
    .option("--skip <n>", "skip the first n rows", int("--skip"))
    .option("--take <n>", "at most n rows", int("--take"))
    .option("--data-files <glob>", "load local files instead (repeatable)", collect);
}

/** The subcommands of `crucible cache`. */
export const CACHE_COMMANDS: CliCommand[] = [
  {
    name: "ls",
    register: (parent, ctx) =>
      parent
        .command("ls")
        .description("dataset repos in the HF cache and crucible row stores, least recently used first")
        .option("--json", "print JSON")
        .addOption(formatOption())
        .action(async (flags: { json?: boolean; format?: string }) => void (await cacheLs(flags, ctx.hub(), ctx.io))),
  },
  {
    name: "prune",
    register: (parent, ctx) =>
      parent
        .command("prune")
        .description("remove interrupted downloads; with --max-size, least recently used repos and stores until the total fits")
        .option("--max-size <size>", "keep the caches under this size, e.g. 500M, 2G")
        .option("--dry-run", "only print what would be removed")
        .action(async (flags: { maxSize?: string; dryRun?: boolean }) => void (await cachePrune(flags, ctx.hub(), ctx.io))),
  },
  {
    name: "verify",
    register: (parent, ctx) =>
      parent
        .command("verify")
        .description("check every cached file's hash and every row store's checksums; exit 1 when something is damaged")
        .option("--repair", "delete what is damaged (the next load downloads or rebuilds it)")
        .option("--json", "print JSON")
        .addOption(formatOption())
        .action(async (flags: { repair?: boolean; json?: boolean; format?: string }) => void (await cacheVerify(flags, ctx.hub(), ctx.io))),
  },
];

/** Every command of `crucible`, in help order. `view` (the dataset viewer) is added here. */
export const COMMANDS: CliCommand[] = [
  {
    name: "list",
    register: (p, ctx) =>
      p
        .command("list")
        .description("the named datasets (the cookbook's 21); a query keeps those matching every word")
        .argument("[query]", "words to search in names, repos, tasks and descriptions")
        .option("--domain <domain>", "only math, chat, preference, code, vision or eval")
        .option("--json", "print JSON")
        .addOption(formatOption())
        .action(
          (query: string | undefined, flags: { domain?: string; json?: boolean; format?: string }) =>
            void listCommand(query, flags, ctx.io),
        ),
  },
  {
    name: "info",
    register: (p, ctx) =>
      p
        .command("info")
        .description("configs, splits, files, row counts and features of a dataset")
        .argument("<name|repo>", "a dataset name (crucible list) or a Hub repo id, e.g. openai/gsm8k")
        .option("--config <name>", "only this config")
        .option("--revision <rev>", "branch, tag or commit (default: main)")
        .option("--json", "print JSON")
        .option("--count", "count rows of splits whose files carry no row count (JSON, CSV: downloads them)")
        .action(async (target: string, flags: { json?: boolean; config?: string; revision?: string; count?: boolean }) => {
          const repo = repoOf(target);
          const { hub, fromCache } = await ctx.online();
          await infoCommand(repo, { ...flags, fromCache }, hub, ctx.io);
        }),
  },
  {
    name: "load",
    register: (p, ctx) =>
      rowOptions(p.command("load"))
        .description("print the rows of a named dataset (typed rows) or a repo split (raw rows)")
        .argument("[name|repo]", "a dataset name (crucible list) or a Hub repo id")
        .addOption(formatOption())
        .action(async (target: string | undefined, flags: Record<string, unknown>) => {
          const { hub } = flags.dataFiles ? { hub: ctx.hub() } : await ctx.online();
          await loadCommand(target, flags, hub, ctx.io);
        }),
  },
  {
    name: "preview",
    register: (p, ctx) =>
      rowOptions(p.command("preview"))
        .description("the first rows drawn for a terminal: conversations as turns, comparisons side by side, images as format and size")
        .argument("[name|repo]", "a dataset name or a Hub repo id")
        .option("--width <n>", "line width (default: the terminal's, at most 120)", int("--width"))
        .action(async (target: string | undefined, flags: Record<string, unknown>) => {
          const { hub } = flags.dataFiles ? { hub: ctx.hub() } : await ctx.online();
          await previewCommand(target, flags, hub, ctx.io);
        }),
  },
  {
    name: "download",
    register: (p, ctx) =>
      p
        .command("download")
        .description("download a dataset repo into the HF cache and print the snapshot folder")
        .argument("<name|repo>", "a dataset name or a Hub repo id")
        .option("--include <glob>", "only files matching (repeatable)", collect)
        .option("--exclude <glob>", "skip files matching (repeatable)", collect)
        .option("--revision <rev>", "branch, tag or commit (default: main)")
        .action(async (target: string, flags: { include?: string[]; exclude?: string[]; revision?: string }) => {
          await downloadCommand(repoOf(target), flags, ctx.hub(), ctx.io);
        }),
  },
  {
    name: "eval",
    register: (p, ctx) =>
      p
        .command("eval")
        .description('score predictions ({"id", "output"} per line) against a named dataset')
        .argument("<predictions.jsonl>", "predictions file")
        .requiredOption("--dataset <name>", "the named dataset the ids belong to (crucible list)")
        .option("--split <split>", "split (default: the dataset's default)")
        .option("--config <name>", "config (default: the dataset's default)")
        .addOption(new Option("--metric <name>", "metric (repeatable; default by domain)").choices(Object.keys(METRICS)).argParser(collect))
        .option("--model <name>", "model name stored with the result", "unknown")
        .option("--tag <tag>", "tag stored with the result (repeatable)", collect)
        .option("--store", "save the result in the result store")
        .option("--store-path <file>", "result store file (default: $CRUCIBLE_DATA_DIR/results.sqlite)")
        .option("--json", "print JSON")
        .addOption(formatOption())
        .action(async (file: string, flags: Record<string, unknown>) => {
          const { hub } = await ctx.online();
          await evalCommand(file, flags, hub, ctx.io);
        }),
  },
  {
    name: "results",
    register: (p, ctx) =>
      p
        .command("results")
        .description("stored evaluation results, newest first")
        .argument("[query]", "keep results whose id, model, dataset or tags contain this")
        .option("--model <name>", "only this model")
        .option("--dataset <name>", "only this dataset")
        .option("--limit <n>", "at most n results", int("--limit"))
        .option("--store-path <file>", "result store file (default: $CRUCIBLE_DATA_DIR/results.sqlite)")
        .option("--json", "print JSON")
        .addOption(formatOption())
        .action((query: string | undefined, flags: Record<string, unknown>) => void resultsCommand(query, flags, ctx.io)),
  },
  {
    name: "export",
    register: (p, ctx) =>
      p
        .command("export")
        .description("render stored results as CSV, JSON Lines, Markdown or HTML")
        .argument("[query]", "keep results whose id, model, dataset or tags contain this")
        .addOption(
          new Option("--format <format>", "export format (default: from --out's extension)").choices(["csv", "jsonl", "md", "html"]),
        )
        .option("--out <file>", "write to this file (atomically) instead of stdout")
        .option("--items", "CSV: one line per item instead of per result")
        .option("--model <name>", "only this model")
        .option("--dataset <name>", "only this dataset")
        .option("--limit <n>", "at most n results", int("--limit"))
        .option("--store-path <file>", "result store file (default: $CRUCIBLE_DATA_DIR/results.sqlite)")
        .action(async (query: string | undefined, flags: Record<string, unknown>) => void (await exportCommand(query, flags, ctx.io))),
  },
  {
    name: "cache",
    register: (p, ctx) => {
      const cache = p.command("cache").description("inspect and trim the HF cache and crucible's row stores");
      for (const c of CACHE_COMMANDS) c.register(cache, ctx);
    },
  },
  {
    name: "mirror",
    register: (p, ctx) => {
      const mirror = p.command("mirror").description("serve dataset repos over the Hub's HTTP API");
      mirror
        .command("serve")
        .description("serve DIR/datasets/<org>/<name>/… (default: the bundled sample hub) until Ctrl-C")
        .option("--root <dir>", "folder laid out like the Hub (default: the bundled sample hub)")
        .option("--port <n>", "port (default: any free port)", int("--port"))
        .option("--host <host>", "interface (default 127.0.0.1)")
        .action(async (flags: { root?: string; port?: number; host?: string }) => mirrorServe(flags, ctx.io));
    },
  },
  {
    name: "view",
    register: (p, ctx) =>
      p
        .command("view")
        .description(
          "open the dataset viewer: a dataset name, a repo, a local Parquet file or folder, or --results; prints the URL and serves until Ctrl-C",
        )
        .argument("[target]", "dataset name, org/name, or a path to Parquet files")
        .option("--root <dir>", "folder laid out like the Hub (default: the bundled sample hub, when present)")
        .option("--results", "open the stored evaluation results")
        .option("--store-path <file>", "result store file (default: $CRUCIBLE_DATA_DIR/results.sqlite)")
        .option("--port <n>", "port (default: any free port)", int("--port"))
        .option("--host <host>", "interface (default 127.0.0.1)")
        .action(
          async (
            target: string | undefined,
            flags: { root?: string; results?: boolean; storePath?: string; port?: number; host?: string },
          ) => void (await viewCommand(target, flags, ctx.hub(), ctx.io)),
        ),
  },
  {
    name: "demo",
    register: (p, ctx) =>
      p
        .command("demo")
        .description(
          "the main job end to end: serve the bundled sample hub (or --root DIR; or use --endpoint) and load, shuffle, grade, evaluate, store, export, stream, reload offline",
        )
        .option("--root <dir>", "serve this folder (DIR/datasets/<org>/<name>/…) instead of the bundled sample hub")
        .option("--keep", "keep the demo's cache and result store")
        .action(async (flags: { root?: string; keep?: boolean }) => {
          const hub = ctx.hub();
          await demoCommand(flags, hub, ctx.io, hub.endpoint !== undefined);
        }),
  },
];

/** The version of @crucible/datasets (`crucible --version`). */
export function cliVersion(): string {
  // src/cli/main.ts and dist/cli/main.js both sit two levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * Runs the `crucible` command line in-process.
 * @param argv - Arguments after the program name, e.g. `["load", "gsm8k", "--split", "test", "--take", "2"]`.
 * @param io - Where to write and which environment to read. Default: the process's stdout, stderr and env.
 * @returns The exit code: 0 on success, 1 on a failure (one line `error: <message>` on stderr), 2 on a usage error.
 */
export async function runCli(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const cio: CliIO = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, env: io.env ?? process.env };
  const version = cliVersion();
  const program = new Command("crucible")
    .description("Load, preview and evaluate LLM post-training datasets from the Hugging Face Hub")
    .version(version, "-V, --version", "print the version")
    .option("--endpoint <url>", "Hub endpoint (default: HF_ENDPOINT, else https://huggingface.co)")
    .option("--cache-dir <dir>", "HF hub cache (default: HF_HUB_CACHE, else $HF_HOME/hub)")
    .option("--offline", "use only the cache (default: HF_HUB_OFFLINE / HF_DATASETS_OFFLINE)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => cio.stdout.write(s), writeErr: (s) => cio.stderr.write(s) });
  const hub = () => hubOptionsFrom(program.opts<{ endpoint?: string; cacheDir?: string; offline?: boolean }>(), cio.env);
  const net = { unreachable: false };
  const ctx: CliCommandContext = {
    io: cio,
    hub,
    version,
    online: async () => {
      const r = await reachHub(hub(), cio);
      net.unreachable = r.fromCache;
      return r;
    },
  };
  for (const c of COMMANDS) c.register(program, ctx);

  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
    }
    cio.stderr.write(`error: ${cliErrorMessage(error, { endpoint: hub().endpoint, unreachable: net.unreachable })}\n`);
    return 1;
  }
}
