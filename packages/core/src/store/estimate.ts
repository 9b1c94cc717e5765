/**
 * A rough, fast estimate of the heap bytes a value occupies (strings counted as UTF-16, 2 bytes a character,
 * plus object and array headers). Used to decide when `Dataset.fromBatches({ store: "auto" })` spills to disk;
 * it errs on the high side for ASCII text, which V8 stores one byte a character.
 */
export function estimateBytes(value: unknown, depth = 0): number {
  switch (typeof value) {
    case "string":
      return 16 + 2 * value.length;
    case "number":
    case "boolean":
    case "undefined":
      return 8;
    case "bigint":
      return 24;
    case "object": {
      if (value === null) return 8;
      if (depth > 32) return 64;
      if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
      if (Array.isArray(value)) {
        let n = 16 + 8 * value.length;
        for (const v of value) n += estimateBytes(v, depth + 1);
        return n;
      }
      let n = 32;
      for (const key in value) n += 8 + estimateBytes((value as Record<string, unknown>)[key], depth + 1);
      return n;
    }
    default:
      return 16;
  }
}
