"""The library at scale, from its indexes on disk: first open (index builds), cached open,
filter keystrokes to the screen settled, opening an article, memory.

For each size N (``bench/out/articles_N.jsonl``, ``generate_corpus.py --jsonl-only``), with a
fresh cache directory:

* **parse baseline**: reading every line of the file with ``json.loads`` in Python (no more);
  newsdesk's own first scan also normalises each text, counts its words and takes its title;
* **first open** (child process): time to the first rows, to the complete library (usable),
  to the library index on disk (``LibraryIndexed``) and to the full-text index (``TextIndexed``);
  peak RSS;
* **cached open** (another child, same cache): time to the first rows, then the keys of
  ``bench_ui.TYPED`` at ~8 keys/s, each timed from posting the key until the screen has
  *settled*: no message queued anywhere, no full-text search running, and Textual's own
  update timer has painted every change (nothing is painted by force); then Esc (the filter
  cleared) and Enter on the highlighted row until the article is shown and settled; RSS.

The keystroke baseline is the same keys on the five seeds, in the same run. Whole-command
figures are single runs (each is minutes at 1M); keystroke figures give median and max.

    python bench/bench_library.py --sizes 100000 300000 1000000
    python bench/bench_library.py --sizes 1000000 --cache DIR   # cached open only, on a cache built before
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "bench")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from bench_ui import KEY_GAP, TYPED, make_app, peak_rss_mb, rss_mb, send_key, shown  # noqa: E402

OUT = ROOT / "bench" / "out"


async def until_settled(app: Any, t0: float, limit: float = 600.0) -> float:
    """Seconds from ``t0`` until the screen has settled (see the module docstring)."""
    from textual.worker import WorkerState

    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    while time.perf_counter() - t0 < limit:
        await asyncio.sleep(0.001)
        nodes = [app, *app.screen.walk_children(with_self=True)]
        if any(not node._message_queue.empty() for node in nodes):
            continue
        if any(w.group == "fulltext" and w.state in busy for w in app.workers):
            continue
        screen = app.screen
        if screen._layout_required or screen._repaint_required or screen._dirty_widgets:
            continue
        return time.perf_counter() - t0
    return float("inf")


async def wait_until(check: Any, t0: float, limit: float = 3600.0) -> float:
    while not check():
        if time.perf_counter() - t0 > limit:
            return float("inf")
        await asyncio.sleep(0.005)
    return time.perf_counter() - t0


async def library_child(corpus: str | None, home: Path, first: bool) -> dict[str, Any]:
    from reader.ui.screens.article import ArticleScreen

    result: dict[str, Any] = {}
    t0 = time.perf_counter()
    app = make_app(corpus, home)
    async with app.run_test(size=(120, 35)):
        library = app.library
        result["first_rows"] = await wait_until(lambda: shown(app) > 0, t0)
        result["usable"] = await wait_until(lambda: app.corpus is not None and not library.corpus_loading, t0)
        if corpus is not None:
            result["library_index"] = await wait_until(lambda: library.listing.db is not None, t0)
            from reader.ui.widgets.loading_bar import TEXT_INDEX_FROM

            if len(app.corpus or ()) > TEXT_INDEX_FROM:  # cached: until full-text filters use the index
                result["text_index"] = await wait_until(lambda: library.text_index is not None, t0)
        result["rss_after_open_mb"] = rss_mb()
        result["articles"] = len(app.corpus) if app.corpus is not None else 0
        if first:
            result["peak_rss_mb"] = peak_rss_mb()
            app.store.close()
            return result
        await wait_until(lambda: not any(w.is_running for w in app.workers), t0)
        await until_settled(app, time.perf_counter())
        send_key(app, "slash")
        await until_settled(app, time.perf_counter())
        keys = []
        for key in TYPED:
            start = time.perf_counter()
            send_key(app, key)
            keys.append(await until_settled(app, start))
            await asyncio.sleep(KEY_GAP)
        result["keys"] = keys
        result["shown_at_end"] = shown(app)
        send_key(app, "escape")  # clear the filter: the list has the focus, on the first row
        await until_settled(app, time.perf_counter())
        start = time.perf_counter()
        send_key(app, "enter")
        await wait_until(lambda: isinstance(app.screen, ArticleScreen), start, 60)
        result["open_article"] = await until_settled(app, start)
        result["rss_mb"] = rss_mb()
        result["peak_rss_mb"] = peak_rss_mb()
        app.store.close()
    return result


def parse_seconds(path: Path) -> float:
    t0 = time.perf_counter()
    loads = json.loads
    with open(path, "rb") as handle:
        for line in handle:
            loads(line)
    return time.perf_counter() - t0


def run_child(env: dict[str, str], *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False, timeout=7200
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def child_env(home: Path, cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        NEWSDESK_DATA_DIR=str(home / "data"),
        NEWSDESK_CONFIG_DIR=str(home / "config"),
        NEWSDESK_CACHE_DIR=str(cache),
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
    )
    return env


def measure(size: int | None, warm_cache: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        cache = warm_cache or Path(tmp) / "cache"
        corpus = [] if size is None else ["--corpus", str(OUT / f"articles_{size}.jsonl")]
        result: dict[str, Any] = {"size": size}
        if size is not None and warm_cache is None:
            result["parse"] = parse_seconds(OUT / f"articles_{size}.jsonl")
            home = Path(tmp) / "first"
            home.mkdir()
            result["first"] = run_child(child_env(home, cache), "--child", "first", "--home", str(home), *corpus)
        home = Path(tmp) / "cached"
        home.mkdir()
        result["cached"] = run_child(child_env(home, cache), "--child", "cached", "--home", str(home), *corpus)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--child", choices=("first", "cached"))
    parser.add_argument("--corpus")
    parser.add_argument("--home")
    parser.add_argument("--cache", type=Path, help="a cache already built for the (one) size: cached open only")
    args = parser.parse_args(argv)
    if args.child:
        result = asyncio.run(library_child(args.corpus, Path(args.home), args.child == "first"))
        print(json.dumps(result))
        return 0
    seeds = measure(None)["cached"]
    print(json.dumps({"seeds": seeds}), flush=True)
    rows = {"seeds": seeds}
    for size in args.sizes:
        result = measure(size, args.cache)
        rows[str(size)] = result
        print(json.dumps(result), flush=True)
        keys, base = result["cached"]["keys"], seeds["keys"]
        if args.cache is not None:
            print(
                f"{size:>9,}: cached: rows {result['cached']['first_rows']:.2f} s, full text from the index"
                f" {result['cached'].get('text_index', 0):.2f} s, keys median"
                f" {statistics.median(keys) * 1000:.0f} ms max {max(keys) * 1000:.0f} ms"
                f" (seeds {statistics.median(base) * 1000:.0f}/{max(base) * 1000:.0f}), open article"
                f" {result['cached']['open_article'] * 1000:.0f} ms, RSS {result['cached']['rss_mb']:.0f} MB",
                flush=True,
            )
            continue
        first = result["first"]
        print(
            f"{size:>9,}: parse {result['parse']:.1f} s | first open: rows {first['first_rows']:.2f} s, usable"
            f" {first['usable']:.1f} s, library index {first['library_index']:.1f} s, text index"
            f" {first['text_index']:.1f} s, peak {first['peak_rss_mb']:.0f} MB | cached: rows"
            f" {result['cached']['first_rows']:.2f} s, keys median {statistics.median(keys) * 1000:.0f} ms max"
            f" {max(keys) * 1000:.0f} ms (seeds {statistics.median(base) * 1000:.0f}/{max(base) * 1000:.0f}),"
            f" open article {result['cached']['open_article'] * 1000:.0f} ms, RSS {result['cached']['rss_mb']:.0f} MB"
            f" (seeds {seeds['rss_mb']:.0f})",
            flush=True,
        )
    (OUT / "library_bench.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
