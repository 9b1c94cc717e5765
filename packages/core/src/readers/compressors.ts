import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { Compressors } from "hyparquet";
import { compressors as jsCompressors } from "hyparquet-compressors";
import { snappyUncompressor } from "hysnappy";

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;
const EMPTY = new Uint8Array(0);

/** A page whose compressed and uncompressed sizes are both 0 (pyarrow writes these) decodes to no bytes. */
function allowEmpty(fn: Decompress): Decompress {
  return (input, outputLength) => (input.length === 0 && outputLength === 0 ? EMPTY : fn(input, outputLength));
}

function native(fn: (input: Uint8Array) => Buffer): Decompress {
  return (input) => {
    const out = fn(input);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
}

/** Pages up to this size (compressed + uncompressed) reuse this thread's snappy instance; larger ones get their own. */
const SNAPPY_REUSE_BYTES = 16 << 20;
let snappyInstance: Decompress | undefined;

/**
 * Snappy through one wasm instance per thread. hyparquet-compressors' SNAPPY builds a new instance for every page
 * (compiling the module and growing fresh memory each time), which cost ≈2.7× the decompression itself on 1 MiB
 * pages (bench/README.md, "Parquet → rows"). The shared instance's memory is capped by
 * {@link SNAPPY_REUSE_BYTES}; a failing page drops it (the next page starts a new one).
 */
const reusedSnappy: Decompress = (input, outputLength) => {
  if (input.length + outputLength > SNAPPY_REUSE_BYTES) return snappyUncompressor()(input, outputLength);
  snappyInstance ??= snappyUncompressor();
  try {
    return snappyInstance(input, outputLength);
  } catch (error) {
    snappyInstance = undefined;
    throw error;
  }
};

/**
 * The decompressors crucible hands to hyparquet (a hyparquet `Compressors` table): node's native zlib for GZIP
 * (concatenated members too) and BROTLI, hysnappy for SNAPPY (wasm, one instance per thread), hyparquet-compressors for ZSTD, LZ4 (hadoop framing too)
 * and LZ4_RAW. Every codec accepts an empty page (compressed and uncompressed size 0, as pyarrow writes them).
 * UNCOMPRESSED needs no entry. Pass it as `compressors` to any hyparquet read call.
 */
export const parquetCompressors: Compressors = {
  SNAPPY: allowEmpty(reusedSnappy),
  GZIP: allowEmpty(native(gunzipSync)),
  BROTLI: allowEmpty(native(brotliDecompressSync)),
  ZSTD: allowEmpty(jsCompressors.ZSTD as Decompress),
  LZ4: allowEmpty(jsCompressors.LZ4 as Decompress),
  LZ4_RAW: allowEmpty(jsCompressors.LZ4_RAW as Decompress),
};
