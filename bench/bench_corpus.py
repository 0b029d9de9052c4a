"""Corpus open times and memory at 1k/10k/100k articles (folder of .txt and JSONL).

Each figure is measured in a fresh child process with an empty cache directory:
the first open (every text read and indexed), the time until the first batch reaches
the library (what the user waits for before rows appear), and the cached open (index
from cache, files only stat'ed). Peak RSS is the child's ``ru_maxrss``. Baselines
measured in the same run: walking and stat'ing the folder (the least any
cache validation must do) and reading the JSONL file's bytes once.

    python bench/generate_corpus.py        # once: writes bench/out/
    python bench/bench_corpus.py [--quick] [--out bench/out]

Targets (issue 5): cached open of 100k <= 2 s; RSS < 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
kind, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if kind == "baseline-folder":
    n = 0
    stack = [path]
    while stack:
        for entry in os.scandir(stack.pop()):
            if entry.is_dir():
                stack.append(entry.path)
            else:
                entry.stat(); n += 1
    result = {"seconds": time.perf_counter() - t0, "articles": n}
elif kind == "baseline-jsonl":
    with open(path, "rb") as handle:
        while handle.read(1 << 22):
            pass
    result = {"seconds": time.perf_counter() - t0, "articles": 0}
else:
    from reader.corpus.loader import CorpusLoader
    t0 = time.perf_counter()
    loader = CorpusLoader(path)
    first = None
    for batch in loader.scan(batch=1000):
        if first is None:
            first = time.perf_counter() - t0
    corpus = loader.corpus()
    seconds = time.perf_counter() - t0
    corpus.load(corpus.metas[len(corpus) // 2].id)
    result = {"seconds": seconds, "first_batch": first, "articles": len(corpus),
              "warnings": len(corpus.warnings)}
result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def child(kind: str, path: Path, cache: Path) -> dict[str, float]:
    env = dict(os.environ, NEWSDESK_CACHE_DIR=str(cache))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path)], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def drop_page_cache_hint() -> str:
    return "warm page cache (files were just written or read)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--quick", action="store_true", help="1k and 10k only")
    args = parser.parse_args(argv)
    sizes = [1000, 10_000] if args.quick else [1000, 10_000, 100_000]
    rows: list[tuple[str, str, str, str, str]] = []
    for n in sizes:
        for kind, path in (("folder", args.out / f"txt_{n}"), ("jsonl", args.out / f"articles_{n}.jsonl")):
            if not path.exists():
                print(f"{path} missing: run bench/generate_corpus.py first", file=sys.stderr)
                return 1
            with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as cache:
                base = child(f"baseline-{kind}", path, Path(cache))
                first = child("open", path, Path(cache))
                cached = child("open", path, Path(cache))
            name = f"{n // 1000}k {kind}"
            ratio = cached["seconds"] / base["seconds"] if base["seconds"] else float("nan")
            target = " (target <= 2 s)" if n == 100_000 else ""
            rows += [
                (name, "first open", f"{first['seconds']:.2f} s", f"first rows after {first['first_batch']:.3f} s", ""),
                (
                    name,
                    "cached open",
                    f"{cached['seconds']:.2f} s",
                    f"baseline {base['seconds']:.2f} s ({'walk+stat' if kind == 'folder' else 'read bytes'})",
                    f"x{ratio:.1f}{target}",
                ),
                (
                    name,
                    "peak RSS first/cached",
                    f"{first['rss_mb']:.0f} / {cached['rss_mb']:.0f} MB",
                    "target < 400 MB",
                    "ok" if max(first["rss_mb"], cached["rss_mb"]) < 400 else "OVER",
                ),
            ]
            print(f"  measured {name}", file=sys.stderr, flush=True)
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    print(f"corpus open ({drop_page_cache_hint()})")
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
