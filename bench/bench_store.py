"""Save latency of AnnotationStore at 1k, 10k and 100k spans, as a ratio over a bare fsync.

Why a ratio: disks on these machines differ by 10x; what the store controls is how
much more than one small fsync a save costs. Target: p95 <= 10x a bare fsync of a
small file measured in the same run. Also prints the time to open each database
and, for contrast, stock TinyDB (JSONStorage) insert latency at 10k documents.

    python bench/bench_store.py            # 1k, 10k, 100k
    python bench/bench_store.py --quick    # 1k, 10k, fewer samples
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotations.model import Span
from annotations.store.database import AnnotationStore
from reader.core.article import Article

LABELS = ("demand", "concession", "casualty figure")
WORDS = ("the ministry said 12 protesters demanded talks in Geneva on Monday while rebels "
         "agreed to withdraw and at least 40 people were killed according to officials").split()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class BareFsync:
    """Append ~200 bytes to a small file and fsync it: the floor for any durable save.

    Timed between the store's saves (interleaved), so both see the same disk: other
    processes on a shared machine make fsync latency drift by 10x over a run.
    """

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def once(self) -> float:
        t = time.perf_counter()
        os.write(self.fd, b"x" * 200 + b"\n")
        os.fsync(self.fd)
        return time.perf_counter() - t

    def close(self) -> None:
        os.close(self.fd)


def make_articles(count: int, rng: random.Random) -> list[Article]:
    return [
        Article(id=f"bench-{i}", title=f"Article {i}",
                text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(200, 600))))
        for i in range(count)
    ]


def build_store(db: Path, spans: int, articles: list[Article], rng: random.Random) -> None:
    """Fill a database with ``spans`` spans without paying one fsync each (bench setup only)."""
    store = AnnotationStore.open(db, annotator="bench")
    state = store._state
    for art in articles:
        state.put_article(art)
    stamp = "2026-01-01T00:00:00.000000+00:00"
    for i in range(spans):
        art = articles[i % len(articles)]
        start = rng.randrange(len(art.text) - 40)
        end = start + rng.randint(5, 40)
        state.put_span(Span(f"{i:032x}", art.id, art.sha256, start, end, rng.choice(LABELS),
                            art.text[start:end], "", "bench", stamp, stamp))
    store.compact()
    store.close()


def bench_size(
    tmp: Path, spans: int, samples: int, rng: random.Random
) -> tuple[float, float, list[float], list[float]]:
    db = tmp / f"db-{spans}"
    articles = make_articles(max(10, spans // 10), rng)
    build_store(db, spans, articles, rng)
    t = time.perf_counter()
    store = AnnotationStore.open(db, annotator="bench")
    opened = time.perf_counter() - t
    times, base = [], []
    bare = BareFsync(db / "baseline.txt")
    for i in range(samples):
        base.append(bare.once())
        art = articles[rng.randrange(len(articles))]
        if i % 5 == 4 and store.can_undo(art.id):
            t = time.perf_counter()
            store.undo(art.id)
        else:
            start = rng.randrange(len(art.text) - 40)
            t = time.perf_counter()
            store.add_span(art, start, start + 20, rng.choice(LABELS))
        times.append(time.perf_counter() - t)
    bare.close()
    t = time.perf_counter()
    store.close()
    closed = time.perf_counter() - t
    return opened, closed, times, base


def bench_tinydb(tmp: Path, docs: int, samples: int, bare: BareFsync) -> tuple[list[float], list[float]]:
    from tinydb import TinyDB

    path = tmp / "stock.json"
    with TinyDB(path) as db:
        db.insert_multiple({"start": i, "end": i + 5, "label": "demand", "quote": "x" * 30} for i in range(docs))
    times, base = [], []
    with TinyDB(path) as db:
        for i in range(samples):
            base.append(bare.once())
            t = time.perf_counter()
            db.insert({"start": i, "end": i + 5, "label": "demand", "quote": "x" * 30})
            times.append(time.perf_counter() - t)
    return times, base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, fewer samples")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    samples = 100 if args.quick else 300
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=os.environ.get("BENCH_TMP")) as name:
        tmp = Path(name)
        rows = []
        for size in sizes:
            opened, closed, times, base = bench_size(tmp, size, samples, rng)
            rows.append((f"store save @ {size:,} spans", times, base, opened, closed))
        bare = BareFsync(tmp / "baseline.txt")
        stock, stock_base = bench_tinydb(tmp, 10_000, 10 if args.quick else 20, bare)
        bare.close()
    print(f"{'figure':<28} {'p50 ms':>7} {'p95 ms':>7} {'fsync p50':>9} {'fsync p95':>9} "
          f"{'p50 x':>6} {'p95 x':>6} {'open s':>6} {'close s':>7}  target p95<=10x")
    for label, times, base, opened, closed in rows:
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        b50, b95 = statistics.median(base), percentile(base, 0.95)
        ok = "ok" if p95 / b95 <= 10 else "OVER"
        print(f"{label:<28} {p50 * 1e3:7.2f} {p95 * 1e3:7.2f} {b50 * 1e3:9.2f} {b95 * 1e3:9.2f} "
              f"{p50 / b50:6.1f} {p95 / b95:6.1f} {opened:6.2f} {closed:7.2f}  {ok}")
    b50, b95 = statistics.median(stock_base), percentile(stock_base, 0.95)
    s50, s95 = statistics.median(stock), percentile(stock, 0.95)
    print(f"{'stock TinyDB @ 10,000 docs':<28} {s50 * 1e3:7.2f} {s95 * 1e3:7.2f} {b50 * 1e3:9.2f} "
          f"{b95 * 1e3:9.2f} {s50 / b50:6.1f} {s95 / b95:6.1f} {'':>14}  contrast (JSONStorage, no fsync)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this run: {peak:.0f} MB ; open s = open (load snapshot), close s = close (compaction)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
