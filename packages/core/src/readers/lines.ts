/** One line of a text stream. */
export interface Line {
  /** The line's text without its line ending (`\n` or `\r\n`). */
  text: string;
  /** One-based line number. */
  line: number;
  /** Byte offset of the line's first byte in the (decompressed) stream. */
  byteOffset: number;
}

/**
 * Splits a byte stream into lines (LF or CRLF), in batches (one per input chunk), with line numbers and byte
 * offsets. A UTF-8 BOM at the start is dropped. Memory is bounded by the chunk size plus the longest line.
 * A final line without a newline is yielded too; a trailing newline does not produce an empty last line.
 * @internal
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Line[]> {
  let carry: Buffer | undefined;
  let carryOffset = 0; // byte offset of carry[0]
  let line = 1;
  let first = true;
  for await (const chunk of chunks) {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (carry?.length) buf = Buffer.concat([carry, buf]);
    let start = 0;
    if (first && buf.length >= 3) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      first = false;
    } else if (first && buf.length > 0 && buf[0] !== 0xef) {
      first = false;
    }
    const out: Line[] = [];
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      out.push({ text: buf.toString("utf8", start, end), line: line++, byteOffset: carryOffset + start });
      start = nl + 1;
    }
    carry = buf.subarray(start);
    carryOffset += start;
    if (out.length) yield out;
  }
  if (carry?.length) {
    let start = 0;
    if (first && carry.length >= 3 && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) start = 3;
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    if (end > start || start === 0) yield [{ text: carry.toString("utf8", start, end), line, byteOffset: carryOffset + start }];
  }
}
