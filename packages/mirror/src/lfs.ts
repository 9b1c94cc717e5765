import picomatch from "picomatch";

/**
 * Size at or above which the Hub stores a file in LFS regardless of `.gitattributes`
 * (its pre-receive hook rejects larger regular files): 10 MiB.
 */
export const LFS_SIZE_THRESHOLD = 10 * 1024 * 1024;

/** The LFS patterns of the `.gitattributes` the Hub writes into a new dataset repo. */
export const DEFAULT_GITATTRIBUTES = [
  "*.7z",
  "*.arrow",
  "*.bin",
  "*.bz2",
  "*.ckpt",
  "*.ftz",
  "*.gz",
  "*.h5",
  "*.joblib",
  "*.lfs.*",
  "*.lz4",
  "*.mds",
  "*.mlmodel",
  "*.model",
  "*.msgpack",
  "*.npy",
  "*.npz",
  "*.onnx",
  "*.ot",
  "*.parquet",
  "*.pb",
  "*.pickle",
  "*.pkl",
  "*.pt",
  "*.pth",
  "*.rar",
  "*.safetensors",
  "saved_model/**/*",
  "*.tar.*",
  "*.tar",
  "*.tflite",
  "*.tgz",
  "*.wasm",
  "*.xz",
  "*.zip",
  "*.zst",
  "*tfevents*",
  "*.pcm",
  "*.sam",
  "*.raw",
  "*.aac",
  "*.flac",
  "*.mp3",
  "*.ogg",
  "*.wav",
  "*.bmp",
  "*.gif",
  "*.png",
  "*.tiff",
  "*.jpg",
  "*.jpeg",
  "*.webp",
  "*.mp4",
  "*.webm",
]
  .map((p) => `${p} filter=lfs diff=lfs merge=lfs -text`)
  .join("\n");

interface Rule {
  match: (path: string) => boolean;
  lfs: boolean;
}

/**
 * Decides which files of a repo are LFS files, the way the Hub would store them:
 * a file is LFS when the repo's `.gitattributes` (or, when the repo has none, the Hub's default one)
 * gives it `filter=lfs`, or when it is at least {@link LFS_SIZE_THRESHOLD} bytes, or when it is
 * binary (a NUL byte in its first 8000 bytes, git's own heuristic; the Hub refuses binary regular files).
 */
export class LfsRules {
  private readonly rules: Rule[];

  /** @param gitattributes - Text of the repo's `.gitattributes`; default: the Hub's default file. */
  constructor(gitattributes: string = DEFAULT_GITATTRIBUTES) {
    this.rules = parseGitattributes(gitattributes);
  }

  /** True when `.gitattributes` alone marks `path` as LFS (last matching line wins, as in git). */
  matches(path: string): boolean {
    let lfs = false;
    for (const rule of this.rules) if (rule.match(path)) lfs = rule.lfs;
    return lfs;
  }

  /**
   * Whether a file is stored in LFS.
   * @param path - Repo-relative path with `/` separators.
   * @param size - Size in bytes.
   * @param binary - Whether its content looks binary.
   */
  isLfs(path: string, size: number, binary: boolean): boolean {
    if (path === ".gitattributes") return false;
    return size >= LFS_SIZE_THRESHOLD || binary || this.matches(path);
  }
}

function parseGitattributes(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [pattern, ...attrs] = line.split(/\s+/);
    if (!pattern) continue;
    let lfs: boolean | undefined;
    for (const a of attrs) {
      if (a === "filter=lfs") lfs = true;
      else if (a === "-filter" || a === "!filter" || (a.startsWith("filter=") && a !== "filter=lfs")) lfs = false;
    }
    if (lfs === undefined) continue;
    const anchored = pattern.includes("/");
    const glob = pattern.replace(/^\//, "");
    const isMatch = picomatch(glob, { dot: true });
    rules.push({
      lfs,
      match: anchored ? (p) => isMatch(p) : (p) => isMatch(p.slice(p.lastIndexOf("/") + 1)),
    });
  }
  return rules;
}
