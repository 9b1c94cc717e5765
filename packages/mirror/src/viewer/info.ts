import { featuresToHfJson, formatFromPath } from "@crucible/core";
import type { ViewerCatalog } from "./catalog.js";
import type { SplitSource } from "./source.js";

/** One config's `dataset_info` and its opened splits. */
export interface ConfigInfo {
  info: Record<string, unknown>;
  sources: SplitSource[];
}

/** `dataset_info` of each config (or of `only`), from the Parquet footers or the converted splits. */
export async function configInfos(
  catalog: ViewerCatalog,
  dataset: string,
  only: string | null,
): Promise<Map<string, ConfigInfo> | undefined> {
  const layout = await catalog.layoutOf(dataset);
  if (!layout?.configs.size) return undefined;
  const out = new Map<string, ConfigInfo>();
  for (const [config, m] of layout.configs) {
    if (only && only !== config) continue;
    const sources: SplitSource[] = [];
    for (const split of m.keys()) {
      const s = await catalog.source(dataset, config, split);
      if (s) sources.push(s);
    }
    const bytes = sources.reduce((n, s) => n + s.parquetBytes, 0);
    out.set(config, {
      sources,
      info: {
        description: "",
        citation: "",
        homepage: "",
        license: "",
        features: featuresToHfJson(sources[0]?.features ?? {}),
        builder_name: builderName(layout.parquet.has(config) ? "x.parquet" : ([...m.values()][0]?.[0]?.path ?? "")),
        dataset_name: dataset.split("/")[1],
        config_name: config,
        version: { version_str: "0.0.0", major: 0, minor: 0, patch: 0 },
        splits: Object.fromEntries(
          sources.map((s) => [
            s.split,
            { name: s.split, num_bytes: s.parquetBytes, num_examples: s.numRows, dataset_name: dataset.split("/")[1] },
          ]),
        ),
        download_size: bytes,
        dataset_size: bytes,
      },
    });
  }
  return out;
}

/** The Python `datasets` builder of a data file: `parquet`, `json` (JSON and JSON Lines), `csv` (CSV and TSV), `text`. */
function builderName(file: string): string {
  const f = formatFromPath(file);
  return f === "jsonl" ? "json" : f === "tsv" ? "csv" : (f ?? "unknown");
}
