/** What an operating-system I/O error means for the user, see {@link describeIoError}. */
export interface IoErrorDescription {
  /** The errno code, e.g. `ENOSPC`. */
  code: string;
  /** Short reason for a message, e.g. `no space left on the device`. */
  reason: string;
  /** What the user can do. */
  hint: string;
}

const DESCRIPTIONS: Record<string, Omit<IoErrorDescription, "code">> = {
  ENOSPC: {
    reason: "no space left on the device",
    hint: "Free disk space, or point CRUCIBLE_HOME / HF_HOME at a disk with room, then run again; nothing half-written was kept",
  },
  EDQUOT: {
    reason: "disk quota exceeded",
    hint: "Free space within your quota, or point CRUCIBLE_HOME / HF_HOME at another disk, then run again; nothing half-written was kept",
  },
  EACCES: {
    reason: "permission denied",
    hint: "Make the directory writable by this user, or point CRUCIBLE_HOME / HF_HOME at a directory you own",
  },
  EPERM: {
    reason: "operation not permitted",
    hint: "Make the directory writable by this user, or point CRUCIBLE_HOME / HF_HOME at a directory you own",
  },
  EROFS: {
    reason: "the file system is read-only",
    hint: "Point CRUCIBLE_HOME / HF_HOME at a writable directory",
  },
  EMFILE: { reason: "too many open files", hint: "Raise the open-file limit (ulimit -n) or open fewer datasets at once" },
  ENFILE: { reason: "too many open files in the system", hint: "Close other programs or raise the system's open-file limit" },
};

/**
 * Describes a resource or permission error from node's fs layer (`ENOSPC`, `EDQUOT`, `EACCES`, `EPERM`, `EROFS`,
 * `EMFILE`, `ENFILE`) for a user-facing message; `undefined` for any other error (including a missing file).
 * @param cause - The caught error.
 */
export function describeIoError(cause: unknown): IoErrorDescription | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  const d = DESCRIPTIONS[code];
  return d === undefined ? undefined : { code, ...d };
}
