import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import * as core from "@crucible/core";
import { DataFormatError } from "@crucible/types";
import type { Row } from "@crucible/types";

async function* gunzipIfNeeded(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const rest = (async function* () {
    yield first.value;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  })();
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) {
    for await (const c of Readable.from(rest).pipe(createGunzip())) yield c as Uint8Array;
  } else {
    yield* rest;
  }
}

/**
 * Streams JSON Lines rows from byte chunks (an HTTP body), gzip detected by its magic bytes, in batches.
 * Uses @crucible/core's `readJsonl` when exported (same behaviour), else this local line splitter.
 * @param chunks - The file's bytes in order.
 * @param name - File name for errors.
 * @param batchRows - Rows per batch. Default 1000.
 */
export async function* streamJsonlRows(chunks: AsyncIterable<Uint8Array>, name: string, batchRows = 1000): AsyncGenerator<Row[]> {
  const readJsonl = (core as unknown as Record<string, unknown>).readJsonl;
  if (typeof readJsonl === "function") {
    yield* (readJsonl as (i: unknown, o: unknown) => AsyncGenerator<Row[]>)(chunks, { name, batchRows });
    return;
  }
  const decoder = new TextDecoder();
  let pending = "";
  let line = 0;
  let batch: Row[] = [];
  const parse = (text: string) => {
    line++;
    const t = text.trim();
    if (!t) return;
    try {
      batch.push(JSON.parse(t) as Row);
    } catch (cause) {
      throw new DataFormatError(`Invalid JSON: ${(cause as Error).message}`, { file: name, line, cause });
    }
  };
  for await (const chunk of gunzipIfNeeded(chunks)) {
    pending += decoder.decode(chunk, { stream: true });
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      parse(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      nl = pending.indexOf("\n");
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
    }
  }
  pending += decoder.decode();
  if (pending) parse(pending);
  if (batch.length) yield batch;
}
