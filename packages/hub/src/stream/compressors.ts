import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { Compressors } from "hyparquet";
import { compressors as jsCompressors } from "hyparquet-compressors";

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;
const EMPTY = new Uint8Array(0);

const allowEmpty =
  (fn: Decompress): Decompress =>
  (input, outputLength) =>
    input.length === 0 && outputLength === 0 ? EMPTY : fn(input, outputLength);

const native =
  (fn: (input: Uint8Array) => Buffer): Decompress =>
  (input) => {
    const out = fn(input);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };

/**
 * Every Parquet codec for the page streamer, as core's readers use them: node's zlib for GZIP and BROTLI,
 * hyparquet-compressors for SNAPPY, ZSTD, LZ4 and LZ4_RAW; empty pages allowed.
 * TODO(hub-load): use core's table if it gets exported.
 * @internal
 */
export const streamCompressors: Compressors = {
  SNAPPY: allowEmpty(jsCompressors.SNAPPY as Decompress),
  GZIP: allowEmpty(native(gunzipSync)),
  BROTLI: allowEmpty(native(brotliDecompressSync)),
  ZSTD: allowEmpty(jsCompressors.ZSTD as Decompress),
  LZ4: allowEmpty(jsCompressors.LZ4 as Decompress),
  LZ4_RAW: allowEmpty(jsCompressors.LZ4_RAW as Decompress),
};
