import { parquetCompressors } from "@crucible/core";
import type { Compressors } from "hyparquet";

/**
 * Every Parquet codec for the page streamer: core's table (`parquetCompressors`: node's zlib for GZIP and BROTLI,
 * hyparquet-compressors for SNAPPY, ZSTD, LZ4 and LZ4_RAW; empty pages allowed), so hub and core decode alike.
 * @internal
 */
export const streamCompressors: Compressors = parquetCompressors;
