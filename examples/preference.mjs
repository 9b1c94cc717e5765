// Preference: hh-rlhf as labeled comparisons, with the cookbook's filters and its A/B swap.
import { load } from "@crucible/datasets";
import { cookbookSwap } from "@crucible/preference";
import { check, withHub } from "./hub.mjs";

await withHub(async (hub) => {
  let dropped = 0;
  // The cookbook's test set: shuffle(seed=0), take 1024, rows whose turns do not line up left out (reported here).
  const pairs = await load("hh_rlhf", { ...hub, split: "test", onSkip: () => void dropped++ });
  const swapped = cookbookSwap(pairs); // random.Random(0) decides which side is A, as the cookbook does
  const labels = { A: 0, B: 0 };
  for (const p of swapped) labels[p.label]++;
  console.log(`hh_rlhf test: ${pairs.length} comparisons (${dropped} left out); after the swap: ${labels.A} labelled A, ${labels.B} B`);
  const { prompt, completionA, completionB } = pairs.at(0).comparison;
  console.log(`  last user turn: ${String(prompt.at(-1).content).slice(0, 70)}`);
  console.log(`  chosen:   ${String(completionA[0].content).slice(0, 70)}`);
  console.log(`  rejected: ${String(completionB[0].content).slice(0, 70)}`);
  check(pairs.length === 1013 || process.env.HF_ENDPOINT !== undefined, "the sample: the cookbook's 1024 rows minus 11 mismatched");
  check(labels.A > 0 && labels.B > 0, "the swap puts the chosen side on both A and B");
});
