"""Writes the small Parquet files of parquet-records.test.ts with pyarrow (run once; the files are committed).

    python3 packages/core/src/readers/__fixtures__/generate.py

hyparquet-writer (used by the other tests) writes only data page v2; these cover what pyarrow writes by default
and what Python `datasets` files use: data page v1 and v2, dictionary and plain encodings, several codecs, small
pages (a row's list spans pages), several row groups, nulls at every level, invalid UTF-8 in string columns.
"""

import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = ["", "a", "hello", "naïve café", "日本語のテキスト", "emoji 🎉 ok", "x" * 70, "long " + "é" * 40, "user", "assistant"]
BAD = [b"\xff\xfe\x41", b"\xef\xbb\xbfhi", b"\xef\xbb\xbf\xc3\xa9", b"a\xed\xa0\x80", b"\xe6\x97"]
INT32 = [0, 1, -1, 2**31 - 1, -(2**31), 12345]
INT64 = [0, -1, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**53 - 1, 2**53, -(2**53) + 1, -(2**53), 2**63 - 1, -(2**63), 1234567890123]
DOUBLE = [0.0, -0.0, 1.0, -1.0, 1.5, float("nan"), float("inf"), float("-inf"), 2147483647.0, 2147483648.0, -2147483648.0, 1e300, 5e-324]


def table(n, seed):
    r = random.Random(seed)

    def maybe(p, f):
        return None if r.random() < p else f()

    def lst(k, f):
        return maybe(0.1, lambda: [f() for _ in range(r.randint(0, k))])

    # Strings with invalid UTF-8: written as binary, then viewed as string (no validation), as other writers may do.
    raw = [maybe(0.15, lambda: r.choice(BAD) if r.random() < 0.2 else r.choice(WORDS).encode()) for _ in range(n)]
    s = pa.array(raw, type=pa.binary()).view(pa.string())
    cols = {
        "s": s,
        "req": pa.array([r.choice(WORDS) for _ in range(n)], type=pa.string()),
        "i32": pa.array([maybe(0.1, lambda: r.choice(INT32)) for _ in range(n)], type=pa.int32()),
        "i64": pa.array([maybe(0.1, lambda: r.choice(INT64)) for _ in range(n)], type=pa.int64()),
        "i16": pa.array([maybe(0.1, lambda: r.randint(-(2**15), 2**15 - 1)) for _ in range(n)], type=pa.int16()),
        "f": pa.array([maybe(0.1, lambda: r.choice(DOUBLE)) for _ in range(n)], type=pa.float32()),
        "d": pa.array([r.choice(DOUBLE) for _ in range(n)], type=pa.float64()),
        "b": pa.array([maybe(0.1, lambda: r.random() < 0.5) for _ in range(n)], type=pa.bool_()),
        "bin": pa.array([maybe(0.1, lambda: r.choice(WORDS).encode()) for _ in range(n)], type=pa.binary()),
        "tags": pa.array([lst(4, lambda: maybe(0.15, lambda: r.choice(WORDS))) for _ in range(n)], type=pa.list_(pa.string())),
        "messages": pa.array(
            [
                lst(5, lambda: maybe(0.1, lambda: {"role": r.choice(["user", "assistant", "système"]), "content": maybe(0.1, lambda: r.choice(WORDS) * r.randint(1, 3)), "n": maybe(0.2, lambda: r.choice(INT64))}))
                for _ in range(n)
            ],
            type=pa.list_(pa.struct([pa.field("role", pa.string(), nullable=False), ("content", pa.string()), ("n", pa.int64())])),
        ),
        "meta": pa.array(
            [maybe(0.15, lambda: {"scores": lst(3, lambda: maybe(0.1, lambda: r.choice(DOUBLE))), "label": maybe(0.3, lambda: r.choice(WORDS)), "2": r.choice(INT32)}) for _ in range(n)],
            type=pa.struct([("scores", pa.list_(pa.float64())), ("label", pa.string()), ("2", pa.int32())]),
        ),
        "grid": pa.array([lst(3, lambda: lst(3, lambda: maybe(0.1, lambda: r.choice(INT32)))) for _ in range(n)], type=pa.list_(pa.list_(pa.int32()))),
        "fixed": pa.array([maybe(0.1, lambda: bytes(r.randrange(256) for _ in range(4))) for _ in range(n)], type=pa.binary(4)),
    }
    return pa.table(cols)


def main():
    t = table(600, 7)
    variants = [
        ("v1-dict-snappy", dict(data_page_version="1.0", use_dictionary=True, compression="snappy")),
        ("v1-plain-zstd", dict(data_page_version="1.0", use_dictionary=False, compression="zstd")),
        ("v2-dict-gzip", dict(data_page_version="2.0", use_dictionary=True, compression="gzip")),
        ("v2-plain-none", dict(data_page_version="2.0", use_dictionary=False, compression="none")),
        ("v1-mixed-nostats", dict(data_page_version="1.0", use_dictionary=["req", "tags", "messages.list.element.role"], compression="snappy", write_statistics=False)),
    ]
    for name, options in variants:
        # Small pages (a page break every 64 rows at most, and by size) and row groups of 250 rows.
        pq.write_table(t, os.path.join(HERE, f"records-{name}.parquet"), row_group_size=150, data_page_size=2048, write_batch_size=64, **options)
    # A map column: not written directly (the decode task falls back), still the same records.
    m = pa.table({"id": pa.array(range(50), type=pa.int64()), "attrs": pa.array([[("k", i), ("j", -i)] if i % 7 else None for i in range(50)], type=pa.map_(pa.string(), pa.int32()))})
    pq.write_table(m, os.path.join(HERE, "records-map.parquet"), row_group_size=20)


if __name__ == "__main__":
    main()
