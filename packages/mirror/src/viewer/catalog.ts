import type { RepoStore } from "../repos.js";
import { dataConfigs, type ParquetExport } from "../parquet-export.js";
import type { RepoFile } from "../snapshot.js";
import { SearchIndex } from "./search-index.js";
import { SplitSource } from "./source.js";
import { computeStatistics, type ColumnStatistics } from "./statistics.js";

/** A repo's configs as the viewer shows them: Parquet configs (the export) and, converted, the others. */
export interface Layout {
  /** config → split → files, Parquet configs first. */
  configs: Map<string, Map<string, RepoFile[]>>;
  /** Configs read from Parquet (the rest are converted). */
  parquet: Set<string>;
  /** Commit the layout was derived from. */
  commit: string;
}

/**
 * The viewer's memory of opened splits: footers, search indexes and statistics, each computed once per split
 * contents (keyed by the export's commit) and shared by concurrent requests.
 */
export class ViewerCatalog {
  private readonly sources = new Map<string, Promise<SplitSource>>();
  private readonly indexes = new Map<string, Promise<SearchIndex>>();
  private readonly stats = new Map<string, Promise<ColumnStatistics[]>>();
  private closed = false;
  /** Index keys whose build finished. */
  private readonly settled = new Set<string>();
  /** Index keys already looked for on disk. */
  private readonly checked = new Set<string>();

  /**
   * @param store - The mirror's repos.
   * @param indexDir - Folder for the search index files.
   */
  constructor(
    private readonly store: RepoStore,
    readonly indexDir: string,
  ) {}

  /** Ids of the repos the mirror serves (cheap: no snapshot is read). */
  datasetIds(): string[] {
    return this.store.listRepoIds();
  }

  /** Configs, splits and source files of one repo (empty `configs` when it has no Parquet config). */
  async describe(dataset: string): Promise<{
    dataset: string;
    configs: Array<{ config: string; splits: string[]; files: Array<{ split: string; path: string; size: number }> }>;
  }> {
    const layout = await this.layoutOf(dataset).catch(() => undefined);
    const configs = layout
      ? [...layout.configs].map(([config, m]) => ({
          config,
          splits: [...m.keys()],
          files: [...m].flatMap(([split, files]) => files.map((f) => ({ split, path: f.path, size: f.size }))),
        }))
      : [];
    return { dataset, configs };
  }

  /** Whether the mirror serves a repo with this id (with or without Parquet). */
  async exists(dataset: string): Promise<boolean> {
    return (await this.store.kind(dataset)) !== undefined;
  }

  /** The Parquet export of a repo (undefined when the repo has no Parquet config). */
  async exportOf(dataset: string): Promise<ParquetExport | undefined> {
    return this.store.parquetFor(dataset);
  }

  /**
   * The configs the viewer shows for a repo: its Parquet export, plus the configs of other formats (JSON Lines,
   * CSV, …) found in `main`, which are converted on first use. Undefined when the repo does not exist.
   */
  async layoutOf(dataset: string): Promise<Layout | undefined> {
    const main = await this.store.resolve(dataset, "main");
    if (!main.ok) return undefined;
    const exp = await this.exportOf(dataset).catch(() => undefined);
    const configs = new Map<string, Map<string, RepoFile[]>>();
    const parquet = new Set<string>();
    for (const [c, m] of exp?.configs ?? []) {
      configs.set(c, m);
      parquet.add(c);
    }
    for (const [c, m] of dataConfigs(main.snapshot)) if (!configs.has(c)) configs.set(c, m);
    return { configs, parquet, commit: main.snapshot.commit };
  }

  /** Open a split; undefined when the dataset, config or split does not exist. */
  async source(dataset: string, config: string, split: string): Promise<SplitSource | undefined> {
    const layout = await this.layoutOf(dataset);
    const files = layout?.configs.get(config)?.get(split);
    if (!layout || !files) return undefined;
    const key = `${dataset}\0${config}\0${split}\0${layout.commit}`;
    let p = this.sources.get(key);
    if (!p) {
      p = layout.parquet.has(config)
        ? SplitSource.open(dataset, config, split, files)
        : SplitSource.convert(dataset, config, split, files, this.indexDir);
      this.sources.set(key, p);
      p.catch(() => this.sources.delete(key));
    }
    return p;
  }

  /** The split's search/filter index, built on first use. */
  async index(src: SplitSource): Promise<SearchIndex> {
    const key = `${src.dataset}\0${src.config}\0${src.split}\0${src.fingerprint}`;
    let p = this.indexes.get(key);
    if (!p) {
      p = SearchIndex.open(src, this.indexDir, true, () => this.closed) as Promise<SearchIndex>;
      this.indexes.set(key, p);
      p.then(
        () => this.settled.add(key),
        () => this.indexes.delete(key),
      );
    }
    return p;
  }

  /**
   * Start building the split's index in the background (no-op when built or building): `/rows` calls it so that
   * later pages, searches and filters of a split someone is looking at are served from the index.
   */
  prepare(src: SplitSource): void {
    if (this.closed) return;
    void this.index(src).catch(() => undefined);
  }

  /**
   * The split's index when it is already built (in this process or on disk), without building it; `/rows` then
   * reads from its row store instead of decoding Parquet pages.
   */
  async builtIndex(src: SplitSource): Promise<SearchIndex | undefined> {
    const key = `${src.dataset}\0${src.config}\0${src.split}\0${src.fingerprint}`;
    const p = this.indexes.get(key);
    if (p) return this.settled.has(key) ? p : undefined;
    if (this.checked.has(key)) return undefined;
    this.checked.add(key);
    const ix = await SearchIndex.open(src, this.indexDir, false).catch(() => undefined);
    if (!ix || this.indexes.has(key)) {
      ix?.close();
      return this.builtIndex(src);
    }
    this.indexes.set(key, Promise.resolve(ix));
    this.settled.add(key);
    return ix;
  }

  /** Column statistics of a split (from its index), computed once. */
  async statistics(src: SplitSource): Promise<ColumnStatistics[]> {
    const key = `${src.dataset}\0${src.config}\0${src.split}\0${src.fingerprint}`;
    let p = this.stats.get(key);
    if (!p) {
      p = this.index(src).then((ix) => computeStatistics(ix, src.features, src.numRows));
      this.stats.set(key, p);
      p.catch(() => this.stats.delete(key));
    }
    return p;
  }

  /** Close every open index (the server calls this on close). */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.indexes.values()) (await p.catch(() => undefined))?.close();
    this.indexes.clear();
    for (const p of this.sources.values()) (await p.catch(() => undefined))?.close();
    this.sources.clear();
  }
}
