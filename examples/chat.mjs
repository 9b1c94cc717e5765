// Chat: conversations for SFT, roles normalised, ready for a chat template.
import { load } from "@crucible/datasets";
import { normalizeRole } from "@crucible/chat";
import { check, withHub } from "./hub.mjs";

await withHub(async (hub) => {
  const test = await load("no_robots", { ...hub, split: "test" }); // Dataset<Conversation>, Hub order for test
  const roles = new Map();
  for (const c of test) for (const m of c.messages) roles.set(m.role, (roles.get(m.role) ?? 0) + 1);
  console.log(`no_robots test: ${test.length} conversations; messages by role: ${JSON.stringify(Object.fromEntries(roles))}`);
  const first = test.at(0);
  for (const m of first.messages) console.log(`  ${m.role.padEnd(9)} ${String(m.content).slice(0, 70).replace(/\s+/g, " ")}`);
  check(test.length > 0 && first.messages.length >= 2, "conversations have turns");
  check(normalizeRole("gpt") === "assistant" && normalizeRole("human") === "user", "ShareGPT roles map to user/assistant");
});
