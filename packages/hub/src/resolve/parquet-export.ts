import { stringify } from "yaml";
import { compareCodePoints } from "./glob.js";
import type { RepoView } from "./resolve.js";

/**
 * Turns a listing of the `refs/convert/parquet` branch (`{config}/{split}/NNNN.parquet`, `{config}/partial-{split}/…`,
 * `{config}/{split}-partK/…`) into a RepoView whose synthetic README declares one config per folder, so the normal
 * resolver reads it. Split order: train, validation, test, then the rest sorted; configs sorted, `default` first.
 * @returns The view, or undefined when the branch holds no Parquet shard.
 */
export function parquetExportView(view: RepoView): RepoView | undefined {
  const byConfig = new Map<string, Map<string, Set<string>>>();
  for (const f of view.files) {
    const m = /^([^/]+)\/([^/]+)\/[^/]+\.parquet$/.exec(f.path);
    if (!m) continue;
    const [, config, folder] = m as unknown as [string, string, string];
    const split = folder.replace(/^partial-/, "").replace(/-part\d+$/, "");
    const splits = byConfig.get(config) ?? new Map<string, Set<string>>();
    const globs = splits.get(split) ?? new Set<string>();
    globs.add(`${config}/${folder}/*.parquet`);
    splits.set(split, globs);
    byConfig.set(config, splits);
  }
  if (byConfig.size === 0) return undefined;
  const order = ["train", "validation", "test"];
  const configs = [...byConfig.keys()].sort((a, b) => (a === "default" ? -1 : b === "default" ? 1 : compareCodePoints(a, b)));
  const yaml = stringify({
    configs: configs.map((name) => {
      const splits = byConfig.get(name) as Map<string, Set<string>>;
      const names = [...splits.keys()].sort((a, b) => {
        const ia = order.indexOf(a);
        const ib = order.indexOf(b);
        if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
        return compareCodePoints(a, b);
      });
      return {
        config_name: name,
        data_files: names.map((s) => ({ split: s, path: [...(splits.get(s) as Set<string>)].sort(compareCodePoints) })),
      };
    }),
  });
  return { ...view, readme: `---\n${yaml}---\n` };
}
