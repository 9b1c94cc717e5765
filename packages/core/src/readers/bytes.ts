import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { CrucibleError, DataFormatError, InvalidArgumentError } from "@crucible/types";
import { Decompress } from "fzstd";
import { fsError } from "../fs/async-buffer.js";

/**
 * A text-format source: a local path, the whole content as bytes, or a stream of byte chunks (e.g. an HTTP body).
 * gzip and zstd content is recognised by its magic bytes and decompressed on the fly.
 */
export type ByteInput = string | Uint8Array | AsyncIterable<Uint8Array>;

/** The compression recognised from a stream's first bytes. */
export type Compression = "gzip" | "zstd" | "none";

const CHUNK = 1 << 20;

/** Name shown in errors for `input`. @internal */
export function inputName(input: ByteInput, name: string | undefined): string {
  return name ?? (typeof input === "string" ? input : input instanceof Uint8Array ? "<bytes>" : "<stream>");
}

/**
 * Detects gzip (`1f 8b`) or zstd (`28 b5 2f fd`) from the first bytes.
 * @param head - The first bytes of the content (at least 4 when available).
 */
export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  return "none";
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
  } catch (cause) {
    throw fsError(cause, path, "open the file");
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (cause) {
    throw fsError(cause, path, "read the file");
  } finally {
    stream.destroy();
  }
}

function rawChunks(input: ByteInput, name: string): AsyncIterable<Uint8Array> {
  if (typeof input === "string") return fileChunks(input);
  if (input instanceof Uint8Array) {
    return (async function* () {
      for (let at = 0; at < input.length; at += CHUNK) yield input.subarray(at, at + CHUNK);
    })();
  }
  if (input && typeof (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") return input;
  throw new InvalidArgumentError("Expected a file path, a Uint8Array or an AsyncIterable<Uint8Array>", { file: name });
}

async function* gunzip(source: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  const gz = createGunzip({ chunkSize: 256 * 1024 });
  const input = Readable.from(source, { objectMode: false });
  let sourceError: unknown;
  input.on("error", (e) => {
    sourceError = e;
    gz.destroy(e);
  });
  input.pipe(gz);
  try {
    for await (const chunk of gz) yield chunk as Buffer;
  } catch (cause) {
    const error = sourceError ?? cause;
    if (CrucibleError.isInstance(error)) throw error;
    throw new DataFormatError(`Corrupt gzip data: ${(error as Error).message}`, {
      file: name,
      byteOffset: gz.bytesWritten,
      cause: error,
      hint: "The compressed file is truncated or damaged; download it again",
    });
  } finally {
    input.unpipe(gz);
    input.destroy();
    gz.destroy();
  }
}

async function* unzstd(source: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const dec = new Decompress((chunk) => {
    out.push(chunk);
  });
  let consumed = 0;
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      dec.push(chunk, final);
    } catch (cause) {
      throw new DataFormatError(`Corrupt zstd data: ${(cause as Error).message}`, {
        file: name,
        byteOffset: consumed,
        cause,
        hint: "The compressed file is truncated or damaged; download it again",
      });
    }
    consumed += chunk.length;
  };
  for await (const chunk of source) {
    push(chunk, false);
    while (out.length) yield out.shift() as Uint8Array;
  }
  push(new Uint8Array(0), true);
  while (out.length) yield out.shift() as Uint8Array;
}

/**
 * Opens a {@link ByteInput} as a stream of decompressed byte chunks. Compression is detected from the magic bytes
 * (not the file name), so a `.jsonl.gz` served with the wrong name still reads.
 * @param input - Path, bytes or byte stream.
 * @param name - Name shown in errors.
 * @internal
 */
export async function* openByteStream(input: ByteInput, name: string): AsyncGenerator<Uint8Array> {
  const iterator = rawChunks(input, name)[Symbol.asyncIterator]();
  // Peek at least 4 bytes to recognise the compression.
  const head: Uint8Array[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < 4) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = head.length === 1 ? (head[0] as Uint8Array) : Buffer.concat(head);
  const rest = async function* (): AsyncGenerator<Uint8Array> {
    if (first.length) yield first;
    if (done) return;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  };
  const compression = detectCompression(first);
  if (compression === "gzip") yield* gunzip(rest(), name);
  else if (compression === "zstd") yield* unzstd(rest(), name);
  else yield* rest();
}

/**
 * Re-throws anything that is not already a crucible error as a DataFormatError naming the file (e.g. V8's
 * "Invalid string length" for a line or document over 512 MiB), so no raw `Error` leaves a reader.
 * @internal
 */
export async function* typedErrors<T>(name: string, source: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (cause) {
    if (CrucibleError.isInstance(cause)) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new DataFormatError(`Cannot read the file: ${message}`, {
      file: name,
      cause,
      hint: /string length|allocation|array length/i.test(message)
        ? "A line or document is too large for JavaScript (512 MiB string limit); split the file or use JSON Lines"
        : "Check that the file is complete and in the expected format",
    });
  }
}
