"""Save latency of AnnotationStore at 1k, 100k (and 1M) spans, as a ratio over a bare fsync.

Why a ratio: disks on these machines differ by 10x; what the store controls is how
much more than one small fsync a save costs. Target: p95 <= 10x a bare fsync of a
small file measured in the same run. Also: the time to open each database and to
close it after the saves (targets at 1M: 0.5 s each), a fresh process opening the
database, saving one tag and closing it at 100k spans beside stock TinyDB doing the
same on a JSON file of the same data (target: faster), and, for contrast, stock
TinyDB (JSONStorage) insert latency at 10k documents. Databases are filled through
the public API with undo history (``fill_store``) and kept in ``bench/out/stores``.

    python bench/bench_store.py              # 1k, 100k
    python bench/bench_store.py --million    # and 1M (fills 100k articles once: ~10 min)
    python bench/bench_store.py --quick      # 1k, 10k, fewer samples
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fill_store import LABELS, corpus_articles, filled  # noqa: E402

from annotations.store.database import AnnotationStore  # noqa: E402

SPANS_PER_ARTICLE = 10
KEEP = Path(__file__).resolve().parent / "out" / "stores"


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


def working_copy(db: Path) -> Path:
    """A copy of a kept database for a run that saves into it: the kept one stays as filled, so
    the export bench and the next run read the same spans (a run used to add its tags to it)."""
    copy = db.with_name(db.name + ".run")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(db, copy)
    return copy


def articles_for(spans: int) -> tuple[str, int]:
    """(database name, articles) for a database of about ``spans`` spans, 10 an article."""
    return f"db-{spans // SPANS_PER_ARTICLE}-{SPANS_PER_ARTICLE}", max(10, spans // SPANS_PER_ARTICLE)


SESSION_ARTICLES = 30  # a session of tagging: the saves go to this many articles


def bench_size(
    keep: Path, spans: int, samples: int, rng: random.Random
) -> tuple[float, float, list[float], list[float], float, float]:
    """Open, ``samples`` saves (tags, one in five an undo) interleaved with bare fsyncs, close, then
    open again (it replays the session's journal) and compact (what a close past the threshold does).

    The saves go to ``SESSION_ARTICLES`` articles, as a user's session of tagging does. The
    database is filled through the public API (``fill_store``), reused from ``keep``."""
    name, count = articles_for(spans)
    db = working_copy(filled(keep, name, lambda: corpus_articles(count), SPANS_PER_ARTICLE))
    session = [f"bench-{i:06d}" for i in rng.sample(range(count), min(count, SESSION_ARTICLES))]
    t = time.perf_counter()
    store = AnnotationStore.open(db, annotator="bench")
    opened = time.perf_counter() - t
    times, base = [], []
    bare = BareFsync(keep / "baseline.txt")
    for i in range(samples):
        base.append(bare.once())
        article = store.article(session[rng.randrange(len(session))])
        assert article is not None
        if i % 5 == 4 and store.can_undo(article.id):
            t = time.perf_counter()
            store.undo(article.id)
        else:
            start = rng.randrange(len(article.text) - 40)
            t = time.perf_counter()
            store.add_span(article, start, start + 20, rng.choice(LABELS))
        times.append(time.perf_counter() - t)
    bare.close()
    t = time.perf_counter()
    store.close()
    closed = time.perf_counter() - t
    t = time.perf_counter()
    store = AnnotationStore.open(db, annotator="bench")
    reopened = time.perf_counter() - t
    t = time.perf_counter()
    store.compact()
    compacted = time.perf_counter() - t
    store.close()
    shutil.rmtree(db)
    return opened, closed, times, base, reopened, compacted


SCRIPT = """
import sys
from annotations.store.database import AnnotationStore
store = AnnotationStore.open(sys.argv[1], annotator="script")
article = store.article(sys.argv[2])
store.add_span(article, 0, 20, "demand")
store.close()
"""

STOCK_SCRIPT = """
import sys
from tinydb import TinyDB
db = TinyDB(sys.argv[1])
db.table("spans").insert({"article_id": sys.argv[2], "start": 0, "end": 20, "label": "demand"})
db.close()
"""


def stock_copy(db: Path, path: Path) -> None:
    """The same articles and spans as one stock TinyDB JSON file (tables articles, spans)."""
    from tinydb import TinyDB

    from annotations.formats.exporter import StoreRecords

    articles, spans = {}, {}
    for rec in StoreRecords(db):
        a = rec.article
        articles[str(len(articles) + 1)] = {"id": a.id, "title": a.title, "text": a.text, "source": a.source}
        for span in rec.spans:
            spans[str(len(spans) + 1)] = span.to_dict()
    path.unlink(missing_ok=True)
    with TinyDB(path) as stock:
        stock.storage.write({"articles": articles, "spans": spans})


def bench_script(keep: Path, spans: int, runs: int) -> tuple[list[float], list[float]]:
    """Wall time of a fresh process opening the database, saving one tag and closing it, and
    of stock TinyDB doing the same on a JSON file of the same articles and spans, interleaved."""
    name, count = articles_for(spans)
    kept = filled(keep, name, lambda: corpus_articles(count), SPANS_PER_ARTICLE)
    stock = keep / f"{name}.stock.json"
    db = working_copy(kept)
    if not stock.exists():
        stock_copy(db, stock)
    ours, theirs = [], []
    for i in range(runs):
        article_id = f"bench-{i:06d}"
        for script, target, out in ((SCRIPT, db, ours), (STOCK_SCRIPT, stock, theirs)):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", script, str(target), article_id], check=True)
            out.append(time.perf_counter() - t)
    shutil.rmtree(db)
    return ours, theirs


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
    parser.add_argument("--million", action="store_true", help="also 1M spans (100k articles: ~10 min to fill once)")
    parser.add_argument("--keep", type=Path, default=KEEP, help=f"filled databases, reused (default {KEEP})")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = (1_000, 10_000) if args.quick else (1_000, 100_000, *((1_000_000,) if args.million else ()))
    samples = 100 if args.quick else 300
    rng = random.Random(args.seed)
    args.keep.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        opened, closed, times, base, reopened, compacted = bench_size(args.keep, size, samples, rng)
        rows.append((f"store save @ {size:,} spans", times, base, opened, closed, reopened, compacted))
    script_size = 10_000 if args.quick else 100_000
    ours, theirs = bench_script(args.keep, script_size, 3 if args.quick else 7)
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=os.environ.get("BENCH_TMP")) as name:
        tmp = Path(name)
        bare = BareFsync(tmp / "baseline.txt")
        stock, stock_base = bench_tinydb(tmp, 10_000, 10 if args.quick else 20, bare)
        bare.close()
    print(
        f"{'figure':<28} {'p50 ms':>7} {'p95 ms':>7} {'fsync p50':>9} {'fsync p95':>9} "
        f"{'p50 x':>6} {'p95 x':>6} {'open s':>6} {'close s':>7} {'reopen s':>8} {'compact s':>9}  target p95<=10x"
    )
    for label, times, base, opened, closed, reopened, compacted in rows:
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        b50, b95 = statistics.median(base), percentile(base, 0.95)
        ok = "ok" if p95 / b95 <= 10 else "OVER"
        print(
            f"{label:<28} {p50 * 1e3:7.2f} {p95 * 1e3:7.2f} {b50 * 1e3:9.2f} {b95 * 1e3:9.2f} "
            f"{p50 / b50:6.1f} {p95 / b95:6.1f} {opened:6.2f} {closed:7.2f} {reopened:8.2f} {compacted:9.2f}  {ok}"
        )
    b50, b95 = statistics.median(stock_base), percentile(stock_base, 0.95)
    s50, s95 = statistics.median(stock), percentile(stock, 0.95)
    print(
        f"{'stock TinyDB @ 10,000 docs':<28} {s50 * 1e3:7.2f} {s95 * 1e3:7.2f} {b50 * 1e3:9.2f} "
        f"{b95 * 1e3:9.2f} {s50 / b50:6.1f} {s95 / b95:6.1f} {'':>14}  contrast (JSONStorage, no fsync)"
    )
    m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
    print(
        f"open + one tag + close, fresh process @ {script_size:,} spans: median {m_ours:.2f} s "
        f"(stock TinyDB, same data: {m_theirs:.2f} s; {m_ours / m_theirs:.2f}x; {len(ours)} runs each)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak RSS of this run: {peak:.0f} MB ; open s = open; close s = close after the saves "
        f"({SESSION_ARTICLES} articles: no compaction); reopen s = open replaying that session's journal; "
        "compact s = writing the session's tables and the summary"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
