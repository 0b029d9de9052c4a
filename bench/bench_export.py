"""Export speed and memory: 100,000 spans over 10,000 articles (or 1M over 100k) as native JSONL and CoNLL.

Targets: native JSONL <= 3 s (issue 5; Label Studio's converter takes 23-27 s for
the same size), CoNLL <= 4 s in one process (issue 13), applied to what a user
waits for: the whole ``newsdesk export --format F --db DB --out OUT`` in a fresh
process (start-up, imports, reading the database, writing the file), best of N
runs, on a database holding the records. Articles come from ``generate_corpus``
(wire-news lengths, 200-3,000 words, median ~700), each with 10 spans on word
boundaries, some nested or overlapping, so the CoNLL overlap policy has work, saved
through the store's public API with undo history (``fill_store``; kept in bench/out/stores).
Peak memory of each whole command is its ``VmHWM`` (``ru_maxrss`` would count the
bench's own memory, copied into the child when it forks), or, when larger, the summed PSS of
its process tree sampled every 0.2 s (a large export's worker processes; PSS counts the pages
they share once).
Baseline measured in the same run: a plain ``json.dumps`` of the same records
(article dict + ``Span.to_dict()`` list) from memory, the floor any JSON export pays.

Context rows: the export step alone (``export_dataset`` on records in memory) and
reading the store (one pass over ``stream_records``, as the command reads it) in this process.

    python bench/bench_export.py [--quick] [--articles 10000] [--spans-per-article 10] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fill_store import corpus_articles, filled  # noqa: E402

from annotations.formats import ExportOptions, ExportRecord, export_dataset  # noqa: E402

TARGETS = {"jsonl": 3.0, "conll": 4.0}
KEEP = Path(__file__).resolve().parent / "out" / "stores"


def database(n_articles: int, per_article: int) -> Path:
    """A database of ``n_articles`` wire-news articles (``generate_corpus``), ``per_article`` spans each,
    filled through the public API with undo history (``fill_store``), kept in bench/out/stores."""
    KEEP.mkdir(parents=True, exist_ok=True)
    return filled(KEEP, f"db-{n_articles}-{per_article}", lambda: corpus_articles(n_articles), per_article)


def baseline(records: list[ExportRecord], out: Path) -> float:
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8") as handle:
        for rec in records:
            a = rec.article
            handle.write(
                json.dumps({"id": a.id, "text": a.text, "title": a.title, "spans": [s.to_dict() for s in rec.spans]})
                + "\n"
            )
    return time.perf_counter() - t0


def timed(records: list[ExportRecord], fmt: str, out: Path) -> tuple[float, str]:
    """The export step alone: ``export_dataset`` on records in memory."""
    t0 = time.perf_counter()
    report = export_dataset(records, fmt, out, options=ExportOptions(force=True))
    seconds = time.perf_counter() - t0
    detail = f"{report.spans:,} spans carried, {len(report.uncarried):,} listed as uncarried"
    if fmt == "conll":
        with open(out, "rb") as handle:
            lines = sum(1 for line in handle if line.strip() and not line.startswith(b"-DOCSTART-"))
        detail += f", {lines / 1e6:.1f}M token lines ({lines / seconds / 1e6:.1f}M/s)"
    return seconds, detail


# The export command in a child that also tallies the time spent in the cyclic collector
# (gc.callbacks).
CHILD = """
import gc, sys, time
spent, began = [0.0], [0.0]
def tally(phase, info):
    if phase == "start":
        began[0] = time.perf_counter()
    else:
        spent[0] += time.perf_counter() - began[0]
gc.callbacks.append(tally)
from reader.cli.main import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:  # this process's own peak: ru_maxrss would count the parent's at fork
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(f"peak {int(peak) / 1024:.1f}", file=sys.stderr)
print(f"collector {spent[0]:.6f}", file=sys.stderr)
sys.exit(code)
"""


PEAKS: dict[str, list[float]] = {}  # format -> peak memory (MB) of each whole-command run


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (a large export's worker processes)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(child) for child in handle.read().split()]
    except OSError:
        return [pid]
    return [pid, *(p for child in children for p in _tree(child))]


def _pss_mb(pid: int) -> float:
    """The process's proportional set size: pages shared between the processes counted once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("Pss:")) / 1024
    except (OSError, StopIteration):
        return 0.0


def _sample_tree(pid: int, peak: list[float], done: threading.Event) -> None:
    """The largest summed PSS of ``pid``'s process tree, sampled every 0.2 s until ``done``."""
    while not done.wait(0.2):
        peak[0] = max(peak[0], sum(map(_pss_mb, _tree(pid))))


def timed_cli(db: Path, fmt: str, out: Path, root: Path) -> tuple[float, float]:
    """Wall time of ``newsdesk export --format FMT --db DB`` in a new process, and its collector time
    (its peak memory goes to ``PEAKS``)."""
    env = dict(
        os.environ,
        NEWSDESK_CONFIG_DIR=str(root / "config"),
        NEWSDESK_DATA_DIR=str(root / "data"),
        NEWSDESK_CACHE_DIR=str(root / "cache"),
    )
    # Byte code, as an installed newsdesk has: this environment sets PYTHONDONTWRITEBYTECODE, which
    # would make every run compile the project from source (as in bench_startup.child_env).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(__file__).resolve().parent / "out" / "pycache")
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            "export",
            "--format",
            fmt,
            "--db",
            str(db),
            "--out",
            str(out),
            "--force",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    tree_peak, done = [0.0], threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(child.pid, tree_peak, done), daemon=True)
    sampler.start()
    stderr = child.stderr.read() if child.stderr else ""
    code = child.wait()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    if code:
        raise RuntimeError(f"export {fmt} failed: {stderr}")
    # The command's own peak, or its processes' together (a large export's workers) when larger.
    PEAKS.setdefault(fmt, []).append(max(float(stderr.rsplit("peak ", 1)[1].split()[0]), tree_peak[0]))
    return wall, float(stderr.rsplit("collector ", 1)[1])


@dataclass
class Measured:
    """Everything one run measures (``main`` prints it, ``bench/run.py`` tabulates it)."""

    articles: int
    spans: int
    baseline: float
    step: dict[str, tuple[float, str]]  # format -> (seconds, detail): the export step
    read: float  # one pass over stream_records in this process, as the command reads the store
    whole: dict[str, list[float]]  # format -> wall times of the whole command, fresh processes
    collector: dict[str, list[float]]  # format -> seconds in the cyclic collector in those runs

    def whole_note(self, fmt: str) -> str:
        runs = sorted(self.whole[fmt])
        spread = (
            (f"best of {len(runs)} fresh processes (median {statistics.median(runs):.2f} s, max {runs[-1]:.2f} s)")
            if len(runs) > 1
            else "one fresh process"
        )
        return (
            f"{spread}; store read included (~{self.read:.2f} s in-process); "
            f"{statistics.median(self.collector[fmt]) * 1e3:.0f} ms in the cyclic collector"
        )


def measure(db: Path, root: Path, repeat: int) -> tuple[Measured, list[ExportRecord]]:
    from reader.cli.export import load_records, stream_records

    records, _labels = load_records(str(db))  # for the baseline and the step; also warms the page cache
    t0 = time.perf_counter()
    for _record in stream_records(str(db)):  # the store read as the command does it: article by article
        pass
    read = time.perf_counter() - t0
    base = min(baseline(records, root / "base.jsonl") for _ in range(repeat))
    step = {fmt: min(timed(records, fmt, root / f"step.{fmt}") for _ in range(repeat)) for fmt in TARGETS}
    whole: dict[str, list[float]] = {fmt: [] for fmt in TARGETS}
    collector: dict[str, list[float]] = {fmt: [] for fmt in TARGETS}
    for fmt in TARGETS:  # warm-up, not timed: byte code written, files in the page cache
        timed_cli(db, fmt, root / f"cli.{fmt}", root)
    for _ in range(repeat):  # interleaved, so every format sees the same machine
        for fmt in TARGETS:
            wall, gc_seconds = timed_cli(db, fmt, root / f"cli.{fmt}", root)
            whole[fmt].append(wall)
            collector[fmt].append(gc_seconds)
    got = Measured(
        len(records),
        sum(len(r.spans) for r in records),
        base,
        step,
        read,
        whole,
        collector,
    )
    return got, records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles, one repeat, no verdicts")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--spans-per-article", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="best of N (default 5)")
    args = parser.parse_args(argv)
    n = 1_000 if args.quick else args.articles
    repeat = 1 if args.quick else args.repeat
    db = database(n, args.spans_per_article)
    with tempfile.TemporaryDirectory() as tmp:
        got, records = measure(db, Path(tmp), repeat)
    words = sum(len(r.article.text.split()) for r in records)
    print(f"database: {n:,} articles ({words:,} words), {got.spans:,} spans, filled through the public API")
    full = n == 10_000 and args.spans_per_article == 10
    print(f"{'figure':<34}{'seconds':>9}{'target':>9}{'baseline':>10}{'ratio':>8}")
    print(f"{'json.dumps baseline':<34}{got.baseline:>9.2f}{'':>9}{got.baseline:>10.2f}{1.0:>8.2f}")
    for fmt in TARGETS:
        seconds = min(got.whole[fmt])
        target = f"{TARGETS[fmt]:.2f}" if full else "-"
        verdict = ("ok" if seconds <= TARGETS[fmt] else "OVER") if full else "no target at this size"
        print(
            f"{'newsdesk export -f ' + fmt:<34}{seconds:>9.2f}{target:>9}{got.baseline:>10.2f}"
            f"{seconds / got.baseline:>8.2f}  {verdict}; {got.whole_note(fmt)}"
        )
    for fmt in TARGETS:
        seconds, detail = got.step[fmt]
        print(
            f"{'  ' + fmt + ' export step':<34}{seconds:>9.2f}{'':>9}{got.baseline:>10.2f}"
            f"{seconds / got.baseline:>8.2f}  context; {detail}"
        )
    print(f"{'  read the store (streamed)':<34}{got.read:>9.2f}{'':>9}{'':>10}{'':>8}  context")
    for fmt, peaks in PEAKS.items():
        print(
            f"{'  peak memory, export ' + fmt:<34}{max(peaks):>8.0f}M{'':>9}{'':>10}{'':>8}  "
            f"whole command, max of {len(peaks)} runs (target at 1M spans / 100k articles: 300 MB)"
        )
    if not full:
        print("(targets are for 10,000 articles with 10 spans each; this run is context only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
