#!/usr/bin/env node
// Full-size replicas of four cookbook datasets (on demand; generated data, never committed: bench/out/ is ignored).
//
//   node bench/replicas.mjs [--shared <dir with hub/datasets>] [--out bench/out/replicas] [--only tulu,deepmath,...]
//                           [--force]
//
// Each replica has the real dataset's repo id, README configs, schema, shard layout and row count, made of the
// small stand-in rows (CRUCIBLE_SHARED_DIR, default ../shared next to the repo) repeated with unique ids. Written with
// pyarrow (SNAPPY, 20,000-row row groups), the layout `@crucible/mirror` serves: <out>/datasets/<org>/<name>/.
//   tulu      allenai/tulu-3-sft-mixture           939,343 rows, 6 shards (ids `tulu-rep-<i>`)
//   deepmath  zwhe99/DeepMath-103K                 103,022 rows, 10 shards; each r1_solution_k ≈ 10 stand-in
//                                                   solutions joined (≈4.5k characters, DeepMath's R1 traces are long)
//   arena     lmarena-ai/arena-human-preference-140k  135,634 rows, 4 shards (ids `arena-rep-<i>`)
//   ot3       open-thoughts/OpenThoughts3-1.2M      1,200,000 rows, 12 shards
// A replica is regenerated only when missing (or with --force).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    shared: { type: "string", default: process.env.CRUCIBLE_SHARED_DIR ?? path.resolve(here, "../../shared") },
    out: { type: "string", default: path.join(here, "out", "replicas") },
    only: { type: "string", default: "tulu,deepmath,arena,ot3" },
    force: { type: "boolean", default: false },
  },
});

/** The replicas: repo, target rows, shards, and what makes each row unique / realistic. */
export const REPLICAS = {
  tulu: { repo: "allenai/tulu-3-sft-mixture", rows: 939_343, shards: 6 },
  deepmath: { repo: "zwhe99/DeepMath-103K", rows: 103_022, shards: 10 },
  arena: { repo: "lmarena-ai/arena-human-preference-140k", rows: 135_634, shards: 4 },
  ot3: { repo: "open-thoughts/OpenThoughts3-1.2M", rows: 1_200_000, shards: 12 },
};

// Python: read the stand-in shards, tile them to `rows` rows (row i = stand-in row i % n), make ids unique, stretch
// DeepMath's solutions, write `shards` files with pyarrow.
const PY = String.raw`
import glob, os, sys
import pyarrow as pa, pyarrow.parquet as pq, pyarrow.compute as pc
kind, src, dst, rows, shards = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
files = sorted(glob.glob(os.path.join(src, "data", "*.parquet")))
base = pa.concat_tables([pq.read_table(f) for f in files])
n = base.num_rows
if kind == "deepmath":
    # each solution: this row's solution followed by the next 9 rows' (≈10× the stand-in length)
    cols = {}
    for c in ("r1_solution_1", "r1_solution_2", "r1_solution_3"):
        vals = base[c].to_pylist()
        cols[c] = pa.array(["\n\n".join(vals[(i + k) % n] for k in range(10)) for i in range(n)], pa.string())
    for c, arr in cols.items():
        base = base.set_column(base.schema.get_field_index(c), c, arr)
meta = base.schema.metadata
os.makedirs(os.path.join(dst, "data"), exist_ok=True)
per = -(-rows // shards)
for s in range(shards):
    start, end = s * per, min(rows, (s + 1) * per)
    idx = pa.array([i % n for i in range(start, end)], pa.int64())
    t = base.take(idx)
    if kind in ("tulu", "arena"):
        prefix = "tulu-rep-" if kind == "tulu" else "arena-rep-"
        t = t.set_column(t.schema.get_field_index("id"), "id", pa.array([prefix + str(i) for i in range(start, end)], pa.string()))
    t = t.replace_schema_metadata(meta)
    name = os.path.join(dst, "data", "train-%05d-of-%05d.parquet" % (s, shards))
    pq.write_table(t, name + ".tmp", compression="snappy", row_group_size=20000)
    os.replace(name + ".tmp", name)
    print("  wrote", name, end - start, "rows", flush=True)
`;

const datasetsDir = path.join(values.shared, "hub", "datasets");
if (!existsSync(datasetsDir)) {
  console.error(`No stand-in datasets at ${datasetsDir}: pass --shared or set CRUCIBLE_SHARED_DIR`);
  process.exit(1);
}
for (const key of values.only.split(",")) {
  const spec = REPLICAS[key];
  if (!spec) throw new Error(`unknown replica ${key} (one of ${Object.keys(REPLICAS).join(", ")})`);
  const dst = path.join(values.out, "datasets", spec.repo);
  const done = path.join(
    dst,
    "data",
    `train-${String(spec.shards - 1).padStart(5, "0")}-of-${String(spec.shards).padStart(5, "0")}.parquet`,
  );
  if (existsSync(done) && !values.force) {
    console.log(`${spec.repo}: present (--force to regenerate)`);
    continue;
  }
  rmSync(dst, { recursive: true, force: true });
  mkdirSync(dst, { recursive: true });
  cpSync(path.join(datasetsDir, spec.repo, "README.md"), path.join(dst, "README.md"));
  const t0 = performance.now();
  console.log(`${spec.repo}: ${spec.rows.toLocaleString("en")} rows in ${spec.shards} shards`);
  execFileSync(
    "nice",
    ["-n", "10", "python3", "-c", PY, key, path.join(datasetsDir, spec.repo), dst, String(spec.rows), String(spec.shards)],
    { stdio: "inherit" },
  );
  console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
