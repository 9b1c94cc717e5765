"""Drive the real Python huggingface_hub / datasets clients against a mirror (HF_ENDPOINT is set by the caller).

Prints one JSON object: {step: result} where result is a dict or {"error": "<ExceptionName>: message"}.
Usage: python3 python_clients.py <step> [<step> ...]
"""
import json
import os
import sys
import traceback


def run(step):
    import huggingface_hub as hfh
    from huggingface_hub import hf_hub_download, snapshot_download, HfApi

    if step == "hf_hub_download":
        lfs = hf_hub_download("openai/gsm8k", "main/train-00000-of-00001.parquet", repo_type="dataset")
        readme = hf_hub_download("openai/gsm8k", "README.md", repo_type="dataset")
        return {
            "lfs_path": lfs,
            "lfs_blob": os.path.basename(os.path.realpath(lfs)),
            "lfs_size": os.path.getsize(lfs),
            "readme_blob": os.path.basename(os.path.realpath(readme)),
            "is_symlink": os.path.islink(lfs),
            "ref_main": open(os.path.join(os.environ["HF_HUB_CACHE"], "datasets--openai--gsm8k", "refs", "main")).read(),
        }
    if step == "missing_file":
        try:
            hf_hub_download("openai/gsm8k", "nope.txt", repo_type="dataset")
            return {"raised": None}
        except Exception as e:  # noqa: BLE001
            return {"raised": type(e).__name__}
    if step == "missing_repo":
        try:
            hf_hub_download("nobody/nothing", "README.md", repo_type="dataset")
            return {"raised": None}
        except Exception as e:  # noqa: BLE001
            return {"raised": type(e).__name__}
    if step == "gated_no_token":
        try:
            hf_hub_download("test-org/tiny", "README.md", repo_type="dataset", token=False)
            return {"raised": None}
        except Exception as e:  # noqa: BLE001
            return {"raised": type(e).__name__, "mro": [c.__name__ for c in type(e).__mro__]}
    if step == "gated_token":
        p = hf_hub_download("test-org/tiny", "README.md", repo_type="dataset", token=os.environ["MIRROR_TEST_TOKEN"])
        return {"size": os.path.getsize(p)}
    if step == "snapshot_download":
        d = snapshot_download("openai/gsm8k", repo_type="dataset")
        files = sorted(
            os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs
        )
        return {"dir": os.path.basename(d), "files": files}
    if step == "api":
        api = HfApi()
        info = api.dataset_info("openai/gsm8k", files_metadata=True)
        tree = [f.path for f in api.list_repo_tree("openai/gsm8k", repo_type="dataset", recursive=True)]
        pq = api.dataset_info("openai/gsm8k", revision="refs/convert/parquet")
        paths = [p.path for p in api.get_paths_info("openai/gsm8k", ["README.md", "main", "nope"], repo_type="dataset")]
        return {
            "sha": info.sha,
            "siblings": sorted(s.rfilename for s in info.siblings),
            "lfs": {s.rfilename: (s.lfs.sha256 if s.lfs else None) for s in info.siblings},
            "tree": tree,
            "parquet_sha": pq.sha,
            "parquet_files": sorted(s.rfilename for s in pq.siblings),
            "paths_info": paths,
        }
    if step == "load_dataset":
        from datasets import load_dataset

        ds = load_dataset("openai/gsm8k", "main", split="train")
        return {"rows": len(ds), "columns": ds.column_names, "first": ds[0]}
    if step == "load_dataset_streaming":
        from datasets import load_dataset

        ds = load_dataset("openai/gsm8k", "main", split="test", streaming=True)
        rows = [r for _, r in zip(range(3), ds)]
        return {"rows": rows}
    if step == "load_dataset_gated":
        from datasets import load_dataset

        ds = load_dataset("test-org/tiny", split="test", token=os.environ["MIRROR_TEST_TOKEN"])
        return {"rows": len(ds)}
    if step == "retry_429":
        p = hf_hub_download(
            "test-org/tiny", "big/random.bin", repo_type="dataset", token=os.environ["MIRROR_TEST_TOKEN"]
        )
        return {"size": os.path.getsize(p)}
    if step == "resume_cut":
        p = hf_hub_download("test-org/bigfile", "blob.bin", repo_type="dataset")
        import hashlib

        return {"sha256": hashlib.sha256(open(p, "rb").read()).hexdigest()}
    raise ValueError(f"unknown step {step}")


def main():
    out = {}
    for step in sys.argv[1:]:
        try:
            out[step] = run(step)
        except Exception as e:  # noqa: BLE001
            out[step] = {"error": f"{type(e).__name__}: {e}", "trace": traceback.format_exc()[-2000:]}
    sys.stdout.write("\n@@RESULT@@" + json.dumps(out, default=str) + "\n")
    sys.stdout.flush()
    os._exit(0)  # pyarrow read-ahead threads can abort a normal interpreter exit


if __name__ == "__main__":
    main()
