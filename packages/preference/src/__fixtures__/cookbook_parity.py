"""Independent Python rendering of the cookbook's preference transforms (tinker_cookbook/recipes/preference/datasets.py) over the
shared hub folder, with Python `datasets` doing the reading and the shuffle. Prints one JSON object:
{loader: {split: [[row_index, label, prompt, A, B], ...]}}. Usage: python3 cookbook_parity.py <hub root>."""
import json, re, sys
from datasets import load_dataset, Dataset

root = sys.argv[1] + "/datasets/"

def load(files, kind):
    return load_dataset(kind, data_files=files, split="train")

def idx(ds):
    return ds.add_column("__i", list(range(len(ds))))

def msg(role, content):
    return {"role": role, "content": content}

def hh_parse(text):
    # as the cookbook's _hhh_parse_conversation (tinker-cookbook 9dfcc3a): a trailing empty marker is kept
    parts = re.split(r"(Human:|Assistant:)", text)
    if not parts[0].strip():
        parts = parts[1:]
    out = []
    for i in range(0, len(parts), 2):
        if i + 1 < len(parts):
            marker, content = parts[i].strip(), parts[i + 1].strip()
            if marker == "Human:":
                out.append(msg("user", content))
            elif marker == "Assistant:":
                out.append(msg("assistant", content))
    return out

def hh(row):
    c, r = hh_parse(row["chosen"]), hh_parse(row["rejected"])
    if len(c) != len(r) or [x == y for x, y in zip(c, r)] != [True] * (len(c) - 1) + [False]:
        return None
    return c[:-1], [c[-1]], [r[-1]], "A"

def hs3(row):
    p = row["overall_preference"]
    if p == 0:
        return None
    return [msg(m["role"], m["content"]) for m in row["context"]], [msg("assistant", row["response1"])], [msg("assistant", row["response2"])], "A" if p < 0 else "B"

def uf(row):
    return [msg("user", row["instruction"])], [msg("assistant", row["chosen_response"])], [msg("assistant", row["rejected_response"])], "A"

def tulu(row):
    return [msg("user", row["prompt"])], [msg("assistant", row["chosen"][1]["content"])], [msg("assistant", row["rejected"][1]["content"])], "A"

def arena_parse(conv):
    out = []
    for m in conv:
        texts = []
        for item in m["content"]:
            if not isinstance(item, dict) or item.get("type") != "text":
                return None
            texts.append(item["text"])
        if m["role"] in ("user", "assistant") and texts:
            out.append(msg(m["role"], " ".join(texts)))
    return out

def arena(row):
    if row["winner"] not in ("model_a", "model_b"):
        return None
    a, b = arena_parse(row["conversation_a"]), arena_parse(row["conversation_b"])
    for c in (a, b):
        if not c or len(c) < 2 or c[-1]["role"] != "assistant":
            return None
    return a[0:1], a[1:], b[1:], "A" if row["winner"] == "model_a" else "B"

def emit(ds, fn):
    out = []
    for row in ds:
        r = fn(row)
        if r is not None:
            out.append([row["__i"], r[3], r[0], r[1], r[2]])
    return out

res = {}
hh_test = idx(load(root + "Anthropic/hh-rlhf/harmless-base/test.jsonl.gz", "json")).shuffle(seed=0)
res["hhRlhf"] = {"test": emit(hh_test.select(range(min(1024, len(hh_test)))), hh)}
hs3_train = idx(load(root + "nvidia/HelpSteer3/preference/train.jsonl.gz", "json")).shuffle(seed=0)
hs3_val = idx(load(root + "nvidia/HelpSteer3/preference/validation.jsonl.gz", "json")).shuffle(seed=0)
res["helpSteer3"] = {"train": emit(hs3_train, hs3), "test": emit(hs3_val.select(range(min(1024, len(hs3_val)))), hs3)}
for name, repo, fn, n in (
    ("ultraFeedback", "argilla/ultrafeedback-binarized-preferences", uf, 20),
    ("tulu3Preference", "allenai/llama-3.1-tulu-3-8b-preference-mixture", tulu, 20),
    ("arena140k", "lmarena-ai/arena-human-preference-140k", arena, 50),
):
    ds = idx(load(root + repo + "/data/train-00000-of-00001.parquet", "parquet")).shuffle(seed=0)
    res[name] = {"test": emit(ds.select(range(n)), fn), "train": emit(ds.select(range(n, len(ds))), fn)}
# HelpSteer2: group by prompt in file order, best vs worst helpfulness, shuffle(0), test = min(1024, n // 10)
hs2 = load(root + "nvidia/HelpSteer2/train.jsonl.gz", "json")
groups = {}
for i, row in enumerate(hs2):
    groups.setdefault(row["prompt"], []).append((i, row))
pairs = []
for prompt, rs in groups.items():
    if len(rs) < 2:
        continue
    s = sorted(rs, key=lambda x: x[1]["helpfulness"], reverse=True)
    if s[0][1]["helpfulness"] > s[-1][1]["helpfulness"]:
        pairs.append({"prompt": prompt, "chosen_response": s[0][1]["response"], "rejected_response": s[-1][1]["response"], "__i": s[0][0]})
pds = Dataset.from_list(pairs).shuffle(seed=0)
nt = min(1024, len(pds) // 10)
def hs2fn(row):
    return [msg("user", row["prompt"])], [msg("assistant", row["chosen_response"])], [msg("assistant", row["rejected_response"])], "A"
res["helpSteer2"] = {"test": emit(pds.select(range(nt)), hs2fn), "train": emit(pds.select(range(nt, len(pds))), hs2fn)}
json.dump(res, sys.stdout)
