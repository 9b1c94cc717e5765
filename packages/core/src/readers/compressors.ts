import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { Compressors } from "hyparquet";
import { compressors as jsCompressors } from "hyparquet-compressors";

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

/**
 * The decompressors crucible hands to hyparquet (a hyparquet `Compressors` table): node's native zlib for GZIP
 * (concatenated members too) and BROTLI, hyparquet-compressors for SNAPPY (wasm), ZSTD, LZ4 (hadoop framing too)
 * and LZ4_RAW. Every codec accepts an empty page (compressed and uncompressed size 0, as pyarrow writes them).
 * UNCOMPRESSED needs no entry. Pass it as `compressors` to any hyparquet read call.
 */
export const parquetCompressors: Compressors = {
  SNAPPY: allowEmpty(jsCompressors.SNAPPY as Decompress),
  GZIP: allowEmpty(native(gunzipSync)),
  BROTLI: allowEmpty(native(brotliDecompressSync)),
  ZSTD: allowEmpty(jsCompressors.ZSTD as Decompress),
  LZ4: allowEmpty(jsCompressors.LZ4 as Decompress),
  LZ4_RAW: allowEmpty(jsCompressors.LZ4_RAW as Decompress),
};
