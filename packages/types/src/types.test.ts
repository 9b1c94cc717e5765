import { describe, expect, it } from "vitest";
import {
  CrucibleError,
  DataFormatError,
  GatedRepoError,
  classLabelName,
  describeFeature,
  featuresFromDatasetInfo,
  featuresFromParquetMetadata,
  redactSecrets,
  swapLabeledComparison,
  type LabeledComparison,
} from "./index.js";

describe("CrucibleError", () => {
  it("names the location and the hint, and keeps a stable code", () => {
    const err = new DataFormatError("Malformed JSON", { file: "train.jsonl", line: 3, field: "messages", hint: "Fix the line" });
    expect(err.code).toBe("DATA_FORMAT");
    expect(err.message).toBe('Malformed JSON (file train.jsonl, line 3, field "messages"). Fix the line');
    expect(err.name).toBe("DataFormatError");
    expect(CrucibleError.isInstance(err)).toBe(true);
    expect(CrucibleError.hasCode(err, "DATA_FORMAT")).toBe(true);
    expect(CrucibleError.isInstance(new Error("x"))).toBe(false);
  });

  it("recognises an error from another copy of the package by its marker", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("crucible.error")]: true, code: "CACHE" });
    expect(CrucibleError.isInstance(foreign)).toBe(true);
  });

  it("never carries a token in its message or url", () => {
    const err = new GatedRepoError("Access denied with Bearer hf_abcdefghijklmnop", {
      url: "https://user:pw@huggingface.co/x?token=hf_secret1234",
      repo: "org/gated",
    });
    expect(err.message).not.toContain("hf_abcdefghijklmnop");
    expect(err.url).not.toContain("hf_secret1234");
    expect(err.url).not.toContain("pw@");
    expect(err.message).toContain("accept the dataset's terms".replace("accept", "Accept"));
  });

  it("redacts every credential form", () => {
    expect(redactSecrets("token hf_AAAAAAAAAAAA and Bearer abc.def")).toBe("token hf_*** and Bearer ***");
  });
});

describe("LabeledComparison", () => {
  const lc: LabeledComparison = {
    id: "1",
    label: "A",
    comparison: {
      prompt: [{ role: "user", content: "hi" }],
      completionA: [{ role: "assistant", content: "a" }],
      completionB: [{ role: "assistant", content: "b" }],
    },
  };
  it("swap flips the label and the completions", () => {
    const s = swapLabeledComparison(lc);
    expect(s.label).toBe("B");
    expect(s.comparison.completionA[0]?.content).toBe("b");
    expect(swapLabeledComparison(s)).toEqual(lc);
    expect(swapLabeledComparison({ ...lc, label: "Tie" }).label).toBe("Tie");
  });
});

describe("Features", () => {
  it("parses Parquet huggingface metadata", () => {
    const meta = JSON.stringify({
      info: {
        features: {
          question: { dtype: "string", _type: "Value" },
          choices: { feature: { dtype: "string", _type: "Value" }, _type: "List" },
          answer: { names: ["A", "B", "C", "D"], _type: "ClassLabel" },
          messages: [{ role: { dtype: "string", _type: "Value" }, content: { dtype: "string", _type: "Value" } }],
          image: { _type: "Image" },
        },
      },
    });
    const f = featuresFromParquetMetadata(meta)!;
    expect(describeFeature(f.choices!)).toBe("list<string>");
    expect(describeFeature(f.messages!)).toBe("list<struct<role: string, content: string>>");
    expect(f.image).toEqual({ kind: "image" });
    expect(f.answer?.kind === "class_label" && classLabelName(f.answer, 2)).toBe("C");
  });

  it("parses README dataset_info features", () => {
    const f = featuresFromDatasetInfo([
      { name: "question", dtype: "string" },
      { name: "answer", dtype: { class_label: { names: { "0": "A", "1": "B", "10": "K", "2": "C" } } } },
      { name: "choices", sequence: "string" },
      {
        name: "messages",
        list: [
          { name: "content", dtype: "string" },
          { name: "role", dtype: "string" },
        ],
      },
      { name: "image", dtype: "image" },
    ]);
    expect(f.answer).toEqual({ kind: "class_label", names: ["A", "B", "C", "K"] });
    expect(describeFeature(f.choices!)).toBe("list<string>");
    expect(describeFeature(f.messages!)).toBe("list<struct<content: string, role: string>>");
    expect(f.image).toEqual({ kind: "image" });
  });

  it("rejects an out-of-range class index with a typed error", () => {
    expect(() => classLabelName({ kind: "class_label", names: ["a"] }, 3)).toThrow(/out of range/);
  });
});
