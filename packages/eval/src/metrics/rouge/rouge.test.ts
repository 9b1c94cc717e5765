// Expected values are published ones: google-research rouge/rouge_scorer_test.py (ROUGE-1.5.5 ground truth and
// hand-computed cases), with its test inputs (rouge/testdata/{target,prediction}.txt, first two lines, and
// pyrouge_files/{target,prediction}_multi.0.txt) inlined below. None were produced by this implementation.
import { describe, expect, it } from "vitest";
import { lcsLength, rougeScore, rougeTokenize, type RougeType } from "./rouge.js";
import { porterStem } from "./porter.js";

const TARGETS = [
  "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n",
  "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n",
];
const PREDICTIONS = [
  "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n",
  "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n",
];
const TARGET_MULTI =
  TARGETS[0]! +
  TARGETS[1]! +
  "NhETebUbBk'er WOvoHMTjSRizKgH'vHiing Xu,hWxfs VkNE QhgKiLHE -HidivzoM.dO anhtion jbLQiSGDTCsuhREebUaKM dv J dVN tmbOT\n" +
  "vMR HDm,xOAetion D,tion HJtodT.mHl UIv-p VjWH'BdyWjnfGU-OjT aEMdFICyLWfQMtion wEMfdOKing AwkeKbO 'DxqNOHBH qKtVvm OYJl mM\n";
const PREDICTION_MULTI =
  PREDICTIONS[0]! +
  PREDICTIONS[1]! +
  "xfs VkJE QhgKiLHE -HidivzoM.dO anhing jbLQiSGDTCsuhREebUaKM dv J\n" +
  "VjWH'BdyWjnfGU-OjTNaEMdFICyLWfQMing wEMfdOKijg AwkeKbO 'DxqNO\n";

function check(type: RougeType, stem: boolean, target: string, prediction: string, r: number, p: number, f: number, places: number) {
  const s = rougeScore(target, prediction, { rougeTypes: [type], useStemmer: stem })[type]!;
  const tol = 0.5 * 10 ** -places; // assertAlmostEqual(places=k): |a-b| rounded to k places is 0
  expect(Math.abs(s.recall - r)).toBeLessThanOrEqual(tol);
  expect(Math.abs(s.precision - p)).toBeLessThanOrEqual(tol);
  expect(Math.abs(s.fmeasure - f)).toBeLessThanOrEqual(tol);
}

describe("rougeScore — hand-computed cases of rouge_scorer_test.py (exact)", () => {
  it("testRouge1", () => check("rouge1", false, "testing one two", "testing", 1 / 3, 1, 1 / 2, 7));
  it("testRouge2", () => check("rouge2", false, "testing one two", "testing one", 1 / 2, 1, 2 / 3, 7));
  it("testRougeLConsecutive", () => check("rougeL", false, "testing one two", "testing one", 2 / 3, 1, 4 / 5, 7));
  it("testRougeLNonConsecutive", () => check("rougeL", false, "testing one two", "testing two", 2 / 3, 1, 4 / 5, 7));
  for (const t of ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const) {
    it(`testRougeEmpty ${t}`, () => check(t, false, "testing one two", "", 0, 0, 0, 7));
  }
  it("testMultipleRougeTypes", () => {
    const s = rougeScore("testing one two", "testing one", { rougeTypes: ["rouge1", "rougeL"] });
    expect(Object.keys(s).sort()).toEqual(["rouge1", "rougeL"]);
    expect(s.rouge1!.recall).toBeCloseTo(2 / 3, 7);
    expect(s.rougeL!.fmeasure).toBeCloseTo(4 / 5, 7);
  });
  it("testRougeLsum (summary-level LCS example of Lin 2004 §3.2)", () => {
    check("rougeLsum", false, "w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", 0.8, 0.4, 0.5333, 3);
    check("rougeLsum", false, "w1 w2 w3 w4 w5", "", 0, 0, 0, 3);
    check("rougeLsum", false, "", "w1", 0, 0, 0, 3);
    check("rougeLsum", false, "w1 w2 w3 w4 w5", "/", 0, 0, 0, 3);
  });
  it("testInvalidRougeTypes / testValidRougeTypes", () => {
    for (const bad of ["rougen", "rouge0", "rouge10"]) {
      expect(() => rougeScore("testing one two", "testing", { rougeTypes: [bad as RougeType] })).toThrow(/Invalid rouge type/);
    }
    for (const ok of ["rouge1", "rouge9", "rougeL", "rougeLsum"] as const) {
      expect(Object.keys(rougeScore("testing one two", "testing", { rougeTypes: [ok] }))).toEqual([ok]);
    }
  });
  it("testLcsTable", () => {
    expect(lcsLength(["1", "2", "3", "4", "5"], ["2", "5", "3", "4"])).toBe(3);
    expect(lcsLength(["1", "2", "3", "4", "5"], ["8", "9"])).toBe(0);
  });
});

describe("rougeScore — against ROUGE-1.5.5 (rouge_scorer_test.py, 5 places)", () => {
  it("testRouge1AgainstRouge155", () => {
    check("rouge1", false, TARGETS[0]!, PREDICTIONS[0]!, 0.40741, 0.6875, 0.51163, 5);
    check("rouge1", false, TARGETS[1]!, PREDICTIONS[1]!, 0.40476, 0.65385, 0.5, 5);
  });
  it("testRouge1AgainstRouge155WithStemming", () => {
    check("rouge1", true, TARGETS[0]!, PREDICTIONS[0]!, 0.40741, 0.6875, 0.51163, 5);
    check("rouge1", true, TARGETS[1]!, PREDICTIONS[1]!, 0.42857, 0.69231, 0.52941, 5);
  });
  it("testRouge2AgainstRouge155", () => {
    check("rouge2", false, TARGETS[0]!, PREDICTIONS[0]!, 0.30769, 0.53333, 0.39024, 5);
    check("rouge2", false, TARGETS[1]!, PREDICTIONS[1]!, 0.29268, 0.48, 0.36364, 5);
  });
  it("testRouge2AgainstRouge155WithStemming", () => {
    check("rouge2", true, TARGETS[0]!, PREDICTIONS[0]!, 0.30769, 0.53333, 0.39024, 5);
    check("rouge2", true, TARGETS[1]!, PREDICTIONS[1]!, 0.29268, 0.48, 0.36364, 5);
  });
  it("testRougeLAgainstRouge155", () => {
    check("rougeL", false, TARGETS[0]!, PREDICTIONS[0]!, 0.40741, 0.6875, 0.51163, 5);
    check("rougeL", false, TARGETS[1]!, PREDICTIONS[1]!, 0.40476, 0.65385, 0.5, 5);
  });
  it("testRougeLSumAgainstRouge155WithStemming", () => {
    check("rougeLsum", true, TARGET_MULTI, PREDICTION_MULTI, 0.36538, 0.66667, 0.47205, 5);
  });
});

describe("multi-reference and tokenizer", () => {
  it("score_multi keeps, per type, the target with the best F (first on ties)", () => {
    const s = rougeScore(["completely different", "testing one two", "testing one two"], "testing one", {
      rougeTypes: ["rouge1"],
    });
    expect(s.rouge1).toEqual({ precision: 1, recall: 2 / 3, fmeasure: 0.8 });
  });
  it("tokenizer: lower case, non-alphanumerics split, stemming only for tokens longer than 3", () => {
    expect(rougeTokenize("The quick-brown FOX's runs, cats!")).toEqual(["the", "quick", "brown", "fox", "s", "runs", "cats"]);
    expect(rougeTokenize("The quick-brown FOX's runs, cats! ies", true)).toEqual([
      "the",
      "quick",
      "brown",
      "fox",
      "s",
      "run",
      "cat",
      "ies",
    ]);
  });
  it("Porter stemmer examples (NLTK behaviour)", () => {
    const pairs: Array<[string, string]> = [
      ["caresses", "caress"],
      ["ponies", "poni"],
      ["ties", "tie"],
      ["dying", "die"],
      ["skies", "sky"],
      ["hopping", "hop"],
      ["generalization", "gener"],
      ["relational", "relat"],
      ["happily", "happili"],
      ["running", "run"],
      ["agreed", "agre"],
      ["news", "news"],
    ];
    for (const [w, s] of pairs) expect(porterStem(w)).toBe(s);
  });
});
