import { CrucibleError, redactSecrets } from "@crucible/types";
import { Command, CommanderError, InvalidArgumentError as CommanderArgError, Option } from "commander";
import { type CliIO, hubOptionsFrom } from "./context.js";
import { downloadCommand } from "./download.js";
import { infoCommand } from "./info.js";
import { loadCommand } from "./load.js";

const int = (name: string) => (v: string) => {
  if (!/^-?\d+$/.test(v)) throw new CommanderArgError(`${name} must be an integer`);
  return Number(v);
};
const collect = (v: string, prev: string[] = []) => [...prev, v];

/**
 * Runs the `crucible` command line in-process.
 * @param argv - Arguments after the program name, e.g. `["load", "openai/gsm8k", "--config", "main", "--split", "test"]`.
 * @param io - Where to write and which environment to read. Default: the process's stdout, stderr and env.
 * @returns The exit code: 0 on success, 1 on a failure (one line `error: <message>` on stderr), 2 on a usage error.
 */
export async function runCli(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const ctx: CliIO = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, env: io.env ?? process.env };
  const program = new Command("crucible")
    .description("Load Hugging Face Hub datasets with the same rows as Python `datasets`")
    .option("--endpoint <url>", "Hub endpoint (default: HF_ENDPOINT, else https://huggingface.co)")
    .option("--cache-dir <dir>", "HF hub cache (default: HF_HUB_CACHE, else $HF_HOME/hub)")
    .option("--offline", "use only the cache (default: HF_HUB_OFFLINE / HF_DATASETS_OFFLINE)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  const hub = () => hubOptionsFrom(program.opts<{ endpoint?: string; cacheDir?: string; offline?: boolean }>(), ctx.env);

  program
    .command("info")
    .description("configs, splits, files, row counts and features of a dataset")
    .argument("<repo>", "dataset repo id, e.g. openai/gsm8k")
    .option("--config <name>", "only this config")
    .option("--revision <rev>", "branch, tag or commit (default: main)")
    .option("--json", "print JSON")
    .option("--count", "count rows of splits whose files carry no row count (JSON, CSV: downloads them)")
    .action(async (repo: string, flags: { json?: boolean; config?: string; revision?: string; count?: boolean }) => {
      await infoCommand(repo, flags, hub(), ctx);
    });

  program
    .command("load")
    .description("print the rows of a split (JSONL when stdout is not a terminal)")
    .argument("[repo]", "dataset repo id")
    .option("--config <name>", "config name (default: the dataset's default)")
    .option("--split <split>", "split or split string, e.g. train[:10%]")
    .option("--revision <rev>", "branch, tag or commit (default: main)")
    .option("--shuffle-seed <n>", "shuffle like Python's ds.shuffle(seed=n)", int("--shuffle-seed"))
    .option("--skip <n>", "skip the first n rows", int("--skip"))
    .option("--take <n>", "print at most n rows", int("--take"))
    .addOption(new Option("--format <format>", "output format").choices(["jsonl", "table"]))
    .option("--data-files <glob>", "load local files instead of a repo (repeatable)", collect)
    .action(async (repo: string | undefined, flags: Record<string, unknown>) => {
      await loadCommand(repo, flags, hub(), ctx);
    });

  program
    .command("download")
    .description("download a dataset repo into the HF cache and print the snapshot folder")
    .argument("<repo>", "dataset repo id")
    .option("--include <glob>", "only files matching (repeatable)", collect)
    .option("--exclude <glob>", "skip files matching (repeatable)", collect)
    .option("--revision <rev>", "branch, tag or commit (default: main)")
    .action(async (repo: string, flags: { include?: string[]; exclude?: string[]; revision?: string }) => {
      await downloadCommand(repo, flags, hub(), ctx);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
    }
    const message = CrucibleError.isInstance(error) ? error.message : redactSecrets(error instanceof Error ? error.message : String(error));
    ctx.stderr.write(`error: ${message.split("\n")[0]}\n`);
    return 1;
  }
}
