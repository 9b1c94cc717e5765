import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toCsv } from "./csv.js";
import { toJsonl } from "./jsonl.js";
import { toMarkdown, markdownCell } from "./markdown.js";
import { escapeHtml, toHtml } from "./html.js";
import { writeReport } from "./write-report.js";
import { HOSTILE, sample } from "../test-support/sample-results.js";

/** A strict RFC 4180 reader used only to check the writer (records end with CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else if (ch === '"' || ch === "\r" || ch === "\n") {
      throw new Error(`bare ${JSON.stringify(ch)} outside quotes at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== "" || row.length > 0) throw new Error("last record not terminated by CRLF");
  return rows;
}

describe("CSV (RFC 4180)", () => {
  it("result rows round-trip through a strict RFC 4180 reader, hostile names intact", () => {
    const rows = parseCsv(toCsv(sample()));
    expect(rows[0]).toEqual([
      "id",
      "model",
      "dataset",
      "started_at",
      "duration_ms",
      "total",
      "answered",
      "missing",
      "unknown_predictions",
      "tags",
      "accuracy",
      "f1",
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[2]![1]).toBe(HOSTILE);
    expect(rows[2]![10]).toBe("0.75");
    expect(rows[3]![2]).toBe(`ds2 ${HOSTILE}`);
  });
  it("item rows: one per item, JSON references, formula cells neutralised (and not when disabled)", () => {
    const rows = parseCsv(toCsv(sample(), { items: true }));
    expect(rows[0]).toEqual(["result_id", "model", "dataset", "item_id", "answered", "accuracy", "f1", "prediction", "reference"]);
    expect(rows).toHaveLength(7);
    expect(rows[1]![3]).toBe("i1");
    expect(rows[2]![3]).toBe("i,2");
    expect(rows[1]![7]).toBe(`'=HYPERLINK("http://evil")`);
    expect(JSON.parse(rows[1]![8]!)).toEqual({ text: HOSTILE });
    const raw = parseCsv(toCsv(sample(), { items: true, protectFormulas: false }));
    expect(raw[1]![7]).toBe(`=HYPERLINK("http://evil")`);
  });
});

describe("JSONL", () => {
  it("one parseable object per line, equal to the input", () => {
    const lines = toJsonl(sample()).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l))).toEqual(sample());
  });
});

describe("Markdown", () => {
  it("ranks by the first metric and escapes cells (no raw HTML, no broken table)", () => {
    const md = toMarkdown(sample(), { title: "Board" });
    const tableLines = md.split("\n").filter((l) => l.startsWith("|"));
    expect(tableLines).toHaveLength(5);
    for (const l of tableLines) expect(l.split(/(?<!\\)\|/).length).toBe(tableLines[0]!.split(/(?<!\\)\|/).length);
    expect(tableLines[2]).toContain("| 1 | &lt;script&gt;");
    expect(md).not.toContain("<script>");
    expect(tableLines[3]).toContain("| 2 | model-a |");
    expect(markdownCell("a|b\nc*d_")).toBe("a\\|b c\\*d\\_");
  });
  it("groups by model or dataset", () => {
    const md = toMarkdown(sample(), { groupBy: "dataset", rankBy: "f1" });
    expect(md.match(/^## Dataset: /gm)).toHaveLength(2);
    expect(md).toContain("## Dataset: ds1");
  });
});

describe("HTML", () => {
  it("escapes every hostile string and has no script", () => {
    const html = toHtml(sample(), { title: HOSTILE });
    expect(escapeHtml(`<a href="x">'&`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("Content-Security-Policy");
    expect(html.match(/<rect /g)).toHaveLength(3); // one bar per model
    expect(html).toContain("<svg");
  });
});

describe("writeReport", () => {
  const dir = mkdtempSync(join(tmpdir(), "crucible-export-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("picks the format from the extension", async () => {
    await writeReport(join(dir, "r.md"), sample());
    await writeReport(join(dir, "r.csv"), sample());
    expect(readFileSync(join(dir, "r.md"), "utf8")).toMatch(/^# Evaluation results/);
    expect(readFileSync(join(dir, "r.csv"), "utf8")).toMatch(/^id,model/);
    await expect(writeReport(join(dir, "r.xyz"), sample())).rejects.toThrow(/Cannot tell the export format/);
  });
});
