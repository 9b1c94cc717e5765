"""Generates the parity fixtures in this folder (run once; the JSON files are committed).

    python3 packages/core/src/rng/__fixtures__/generate.py

Needs numpy, and for datasets.json / sklearn.json the `datasets` / `scikit-learn` packages. The fixtures were
produced with Python 3.11.7, numpy 2.4.6, datasets 5.0.1 and scikit-learn 1.9.1; each JSON file records the versions it was made with.
The tests in ../*.test.ts and ../../split/*.test.ts read these files and never run Python themselves.
"""

import hashlib
import json
import os
import random
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = [0, 1, 42, 2**32 - 1, 2**40, 123456789]
SMALL_SIZES = [0, 1, 2, 3, 5, 10, 17, 100, 1000]
LARGE_SIZES = [12345, 100000]


def sha256_u32(arr):
    return hashlib.sha256(np.asarray(arr, dtype="<u4").tobytes()).hexdigest()


def dump(name, data):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")


def numpy_fixture():
    out = {
        "_generated": f"generate.py with Python {sys.version.split()[0]}, numpy {np.__version__}",
        "seedSequence": [],
        "pcg64Raw": [],
        "permutationsSmall": [],
        "permutationsLarge": [],
        "integers": [],
        "random": [],
        "choice": [],
        "randomStatePermutations": [],
        "shuffleNumbers": [],
        "choiceP": [],
    }
    for seed in SEEDS + [[1, 2, 3], 2**128 + 5]:
        ss = np.random.SeedSequence(seed)
        out["seedSequence"].append(
            {"seed": str(seed) if isinstance(seed, int) else [str(s) for s in seed],
             "state32": ss.generate_state(8).tolist(),
             "state64": [str(v) for v in ss.generate_state(4, np.uint64).tolist()]}
        )
        if isinstance(seed, int):
            out["pcg64Raw"].append({"seed": str(seed), "raw": [str(v) for v in np.random.PCG64(seed).random_raw(6).tolist()]})
    for seed in SEEDS:
        for n in SMALL_SIZES:
            out["permutationsSmall"].append({"seed": str(seed), "n": n, "perm": np.random.default_rng(seed).permutation(n).tolist()})
        for n in LARGE_SIZES:
            p = np.random.default_rng(seed).permutation(n)
            out["permutationsLarge"].append({"seed": str(seed), "n": n, "head": p[:20].tolist(), "sha256": sha256_u32(p)})
        g = np.random.default_rng(seed)
        calls = []
        for low, high, endpoint in [(0, 10, False), (0, 1, False), (-5, 5, True), (0, 2**31, False), (0, 2**32 - 1, True),
                                    (0, 2**32, False), (3, 2**40, False), (-(2**62), 2**62, False), (0, 1000000, False)]:
            calls.append({"low": str(low), "high": str(high), "endpoint": endpoint,
                          "values": [str(int(g.integers(low, high, endpoint=endpoint))) for _ in range(5)]})
        out["integers"].append({"seed": str(seed), "calls": calls})
        g = np.random.default_rng(seed)
        out["random"].append({"seed": str(seed), "values": [repr(g.random()) for _ in range(5)]})
        for n, size, replace, shuffle in [(100, 10, False, True), (100, 10, True, True), (20000, 1000, False, True),
                                         (20000, 10, False, False), (50000, 1500, False, False), (7, 7, False, True)]:
            c = np.random.default_rng(seed).choice(n, size, replace=replace, shuffle=shuffle)
            out["choice"].append({"seed": str(seed), "n": n, "size": size, "replace": replace, "shuffle": shuffle, "values": c.tolist()})
    for seed in SEEDS:
        for n, size, replace, p in [(5, 12, True, [0.1, 0.2, 0.3, 0.15, 0.25]), (5, 4, False, [0.1, 0.2, 0.3, 0.15, 0.25]),
                                    (30, 20, False, [(i + 1) / 465 for i in range(30)]), (3, 1000, True, [0.5, 0.0, 0.5]),
                                    (4, 2, False, [0.0, 0.5, 0.0, 0.5])]:
            c = np.random.default_rng(seed).choice(n, size, replace=replace, p=p)
            out["choiceP"].append({"seed": str(seed), "n": n, "size": size, "replace": replace, "p": p, "values": c.tolist()})
    for seed in [0, 1, 42, 2**32 - 1, 123456789]:
        for n in [0, 1, 10, 100, 1000]:
            out["randomStatePermutations"].append({"seed": seed, "n": n, "perm": np.random.RandomState(seed).permutation(n).tolist()})
    # Generator.shuffle on a Python-visible float array: same draws as permutation.
    g = np.random.default_rng(7)
    arr = np.arange(30, dtype=np.float64)
    g.shuffle(arr)
    out["shuffleNumbers"] = {"seed": 7, "result": arr.astype(int).tolist(), "next": repr(g.random())}
    dump("numpy.json", out)


def cpython_fixture():
    seeds = [0, 1, 42, -7, 2**32 - 1, 2**32, 2**40, 2**100 + 7, 123456789]
    out = {"_generated": f"generate.py with Python {sys.version.split()[0]}", "cases": []}
    for seed in seeds + ["hello", "", "ünïcödé", 1.5, -0.25]:
        key = {"int": str(seed)} if isinstance(seed, int) else ({"str": seed} if isinstance(seed, str) else {"float": seed})
        case = dict(seed=key)
        r = random.Random(seed)
        case["random"] = [repr(r.random()) for _ in range(5)]
        r = random.Random(seed)
        case["getrandbits"] = [[k, str(r.getrandbits(k))] for k in [1, 7, 31, 32, 33, 53, 64, 65, 100, 200, 0]]
        r = random.Random(seed)
        xs = list(range(20))
        r.shuffle(xs)
        case["shuffle20"] = xs
        r = random.Random(seed)
        case["randrange"] = [r.randrange(10), r.randrange(5, 100), r.randrange(100, 5, -3), r.randrange(-50, 50, 7),
                             r.randrange(2**40), r.randrange(2**53), str(r.randrange(2**70)), str(r.randrange(-(2**80), 2**80, 3))]
        r = random.Random(seed)
        case["randint"] = [r.randint(1, 6) for _ in range(10)]
        r = random.Random(seed)
        case["sample"] = [r.sample(range(10), 10), r.sample(range(1000), 7), r.sample(range(100000), 50), r.sample(range(25), 3)]
        r = random.Random(seed)
        case["sampleCounts"] = r.sample(["a", "b", "c"], 6, counts=[3, 2, 4])
        r = random.Random(seed)
        case["choices"] = [r.choices(range(10), k=8), r.choices(range(4), weights=[1, 0, 2.5, 0.5], k=8),
                           r.choices(range(3), cum_weights=[1, 1, 3], k=5)]
        r = random.Random(seed)
        case["choice"] = [r.choice("abcdefg") for _ in range(8)]
        r = random.Random(seed)
        case["uniform"] = [repr(r.uniform(-3, 8)) for _ in range(3)]
        out["cases"].append(case)
    # A long shuffle (typical dataset-index shuffle) checked by hash.
    xs = list(range(100000))
    random.Random(1234).shuffle(xs)
    out["shuffle100k"] = {"seed": 1234, "head": xs[:20], "sha256": sha256_u32(xs)}
    dump("cpython.json", out)


def datasets_fixture():
    try:
        import datasets
        from datasets.arrow_reader import ReadInstruction
    except ImportError:
        print("datasets not installed: datasets.json not regenerated")
        return
    datasets.disable_progress_bars()
    out = {"_generated": f"generate.py with Python {sys.version.split()[0]}, numpy {np.__version__}, datasets {datasets.__version__}",
           "trainTestSplit": [], "splits": []}
    cases = [
        (10, None, None, 42, True), (10, 0.2, None, 0, True), (100, 0.25, None, 1, True), (100, None, 0.7, 1, True),
        (100, 0.1, 0.5, 7, True), (100, 13, None, 3, True), (100, None, 60, 3, True), (100, 20, 30, 3, True),
        (1000, 0.333, None, 123456789, True), (7, 0.5, None, 2**32 - 1, True), (50, 0.3, 0.3, 2**40, True),
        (100, 0.2, None, None, False), (100, 10, 20, None, False), (3, 0.5, None, 0, True), (2, 1, None, 0, True),
        (101, 0.25, 0.75, 0, True), (9, 0.1, 0.9, 0, True), (0, None, None, 0, True),
        # error cases
        (10, 0.0, None, 0, True), (10, 1.0, None, 0, True), (10, 10, None, 0, True), (10, 0, None, 0, True),
        (10, None, 10, 0, True), (10, 0.6, 0.6, 0, True), (10, 6, 6, 0, True), (10, 9, None, 0, True),
        (3, 0.9, None, 0, True), (10, -1, None, 0, True), (10, 1.5, None, 0, True),
    ]
    for n, test_size, train_size, seed, shuffle in cases:
        ds = datasets.Dataset.from_dict({"i": list(range(n))})
        entry = {"n": n, "testSize": test_size, "trainSize": train_size, "seed": seed, "shuffle": shuffle}
        try:
            dd = ds.train_test_split(test_size=test_size, train_size=train_size, seed=seed, shuffle=shuffle)
            entry["train"] = list(dd["train"]["i"])
            entry["test"] = list(dd["test"]["i"])
        except ValueError as e:
            entry["error"] = str(e)
        out["trainTestSplit"].append(entry)
    out["stratified"] = []
    strat_cases = [
        ([0, 1] * 10, 0.25, None, 0), ([0] * 30 + [1] * 12 + [2] * 5, 0.2, None, 42), ([i % 7 for i in range(200)], 0.3, None, 1),
        ([0] * 50 + [1] * 3 + [2] * 47, None, 0.5, 123456789), ([2, 0, 1, 1, 0, 2, 2, 0, 1, 1, 2, 0], 6, None, 7),
        ([0] * 9 + [1] * 9 + [2] * 9, 0.1, 0.5, 2**32 - 1), ([0, 0, 1], 0.5, None, 0), ([0, 1, 2, 0, 1, 2], 2, None, 0),
        ([i % 3 for i in range(1000)], 0.337, None, 5), ([(i * 7919) % 11 for i in range(3000)], 0.05, None, 2**40),
    ]
    for labels, test_size, train_size, seed in strat_cases:
        names = [str(k) for k in range(max(labels) + 1)]
        ds = datasets.Dataset.from_dict({"i": list(range(len(labels))), "label": labels},
                                        features=datasets.Features({"i": datasets.Value("int64"), "label": datasets.ClassLabel(names=names)}))
        entry = {"labels": labels, "testSize": test_size, "trainSize": train_size, "seed": seed}
        try:
            dd = ds.train_test_split(test_size=test_size, train_size=train_size, seed=seed, stratify_by_column="label")
            entry["train"] = list(dd["train"]["i"])
            entry["test"] = list(dd["test"]["i"])
        except ValueError as e:
            entry["error"] = str(e)
        out["stratified"].append(entry)
    name2len = {"train": 1234, "test": 57, "validation": 100, "tiny": 3, "empty": 0, "a.b": 10}
    specs = [
        "train", "test", "train[10:20]", "train[:10%]", "train[-5:]", "train[10%:-20%]", "train+test",
        "train[:10%](pct1_dropremainder)", "train[:33%]+test[1:-1]", "test[:50%]", "test[33%:67%]", "tiny[:50%]",
        "tiny[50%:]", "train[1_000:]", "train[-1234:]", "train[-2000:]", "train[5:3]", "train[:-100%]",
        "train[100%:]", "train[:100%]", "test[-50%:]", "train[10%:20]", "validation[:5%](pct1_dropremainder)",
        "validation[-5%:](pct1_dropremainder)", "train[-99%:-1%](pct1_dropremainder)", "train  +  test[:3]", "a.b[:3]",
        "train[:]", "empty", "empty[:10%]", "train[:25%](closest)", "train[:12.5%]", "train[::2]", "train[101%:]",
        "train(closest)", "train[:10%]()", "train[:10%](other)", "nosuch", "train+", "+train", "", "train[1:2]x",
        "train[:10%](pct1_dropremainder)+test[:10%]", "train[:10%](pct1_dropremainder)+test[:10%](pct1_dropremainder)",
        "train[:10%]+test[5:6]+validation[:10%](pct1_dropremainder)", "tiny[:10%](pct1_dropremainder)", "train[_1:]",
        "train[1__0:]", "train[-0:]", "train[1:2]\n", " train", "tr-ain", "train[0%:50%]+train[50%:100%]",
    ]
    for k in range(0, 101, 5):
        specs.append(f"test[{k}%:]")
        specs.append(f"test[:{-k}%]")
        specs.append(f"validation[{k}%:{k + 7}%](pct1_dropremainder)")
    for spec in specs:
        entry = {"spec": spec}
        try:
            abs_instrs = ReadInstruction.from_spec(spec).to_absolute(name2len)
            entry["result"] = [[a.splitname, a.from_, a.to] for a in abs_instrs]
        except (ValueError, TypeError) as e:
            entry["error"] = type(e).__name__ + ": " + str(e)
        out["splits"].append(entry)
    out["name2len"] = name2len
    dump("datasets.json", out)


def sklearn_fixture():
    try:
        import sklearn
        from sklearn.model_selection import KFold
    except ImportError:
        print("scikit-learn not installed: sklearn.json not regenerated")
        return
    out = {"_generated": f"generate.py with Python {sys.version.split()[0]}, numpy {np.__version__}, scikit-learn {sklearn.__version__}",
           "kFold": []}
    for n, k, shuffle, seed in [(10, 2, False, None), (10, 3, False, None), (11, 5, False, None), (10, 3, True, 0),
                                (23, 4, True, 42), (100, 10, True, 2**32 - 1), (7, 7, True, 1), (50, 3, True, 123456789)]:
        folds = KFold(n_splits=k, shuffle=shuffle, random_state=seed).split(np.arange(n))
        out["kFold"].append({"n": n, "k": k, "shuffle": shuffle, "seed": seed,
                             "folds": [{"train": tr.tolist(), "test": te.tolist()} for tr, te in folds]})
    dump("sklearn.json", out)


if __name__ == "__main__":
    numpy_fixture()
    cpython_fixture()
    datasets_fixture()
    sklearn_fixture()
