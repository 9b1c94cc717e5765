import { asyncBufferFromFile } from "@crucible/core";
import { featuresFromParquetMetadata, type Features } from "@crucible/types";
import { parquetMetadataAsync } from "hyparquet";

/** Features from a local Parquet file's `huggingface` metadata (footer read only); undefined when absent. */
export async function featuresFromLocalParquet(file: string): Promise<Features | undefined> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file), { initialFetchSize: 1 << 16 });
  const kv = metadata.key_value_metadata?.find((e) => e.key === "huggingface");
  return kv?.value ? featuresFromParquetMetadata(kv.value) : undefined;
}
