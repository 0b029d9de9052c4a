"""Pilot-driven UI timings: library filter keystrokes, article opens, stalls and memory.

Every scenario runs in a fresh child process (``--child``) so its RSS is its own; the
app is built as ``tests/conftest.py`` builds it, with temp ``NEWSDESK_*`` directories.

*Key latency* is the time from posting a key to the screen being painted with its
effect: ``pilot.press`` (the key is handled), then every widget's message queue is
drained (``Input.Changed`` and what it triggers), then the screen is painted at once
(``Screen._on_timer_update``, what Textual's 60 Hz update timer would do next).
``pilot.pause()`` is not used for timing: it sleeps in 20 ms steps until the CPU is idle.

*Stalls* are measured by a coroutine on the app's event loop that wakes every 2 ms;
the longest gap between wake-ups is the longest time the UI could not react.

Figures (targets from issue 5):

* library: time until the whole corpus is listed (cached index), and the longest stall
  while batches stream in; filter keystrokes typed at ~8 keys/s ("gaza", 4 backspaces,
  "courier": narrowing, widening back to every row, metadata-only hits) while the
  full-text search streams hits in a worker thread: max per keystroke <= 50 ms at 100k;
  the longest stall during the whole typing and streaming; RSS after it all < 400 MB.
  Baselines from the same run: the same keystrokes on the five seeds, and RSS on the seeds.
* article: a 2,000-word article with entities, opened a second time <= 30 ms, against
  pushing a plain Textual screen that shows the same text in one ``Static``; a
  50,000-word article's first paint and the longest stall while it opens (must not freeze).

    python bench/bench_ui.py [--quick] [--sizes 1000 10000 100000]
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

from bench.table import Figure, at_most  # noqa: E402

OUT = ROOT / "bench" / "out"
TYPED = ["g", "a", "z", "a", "backspace", "backspace", "backspace", "backspace", *"courier"]
KEY_GAP = 0.12  # seconds between keystrokes: a fast typist


# ----- child side: runs inside the app's event loop ---------------------------------------
class StallMonitor:
    """Wakes every ``tick`` seconds on the event loop; records the longest gap."""

    def __init__(self, tick: float = 0.002) -> None:
        self.tick = tick
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.tick)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - self.tick)
            last = now

    def start(self) -> StallMonitor:
        self.longest = 0.0
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def stop(self) -> float:
        assert self._task is not None
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass
        return self.longest


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def settle(app: Any, pilot: Any) -> None:
    """Process every queued message on the app and the current screen's widgets."""
    for _ in range(20):
        await pilot._wait_for_screen()
        nodes = [app, *app.screen.walk_children(with_self=True)]
        if all(node._message_queue.empty() for node in nodes):
            break


async def paint(app: Any, pilot: Any) -> None:
    await settle(app, pilot)
    app.screen._on_timer_update()


def send_key(app: Any, key: str) -> None:
    """What ``pilot.press`` posts, without its waits for an idle CPU (a worker thread that
    searches full text keeps the CPU busy, so those waits would last up to 1 s a key)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def timed_key(app: Any, pilot: Any, key: str) -> float:
    t0 = time.perf_counter()
    send_key(app, key)
    await paint(app, pilot)
    return time.perf_counter() - t0


def make_app(corpus: str | None, home: Path) -> Any:
    from annotations.schema import load_schema
    from annotations.store.database import AnnotationStore
    from reader.core.session import Session
    from reader.core.themes import load_themes
    from reader.ner.recognizer import build_recognizer
    from reader.ui.app import NewsdeskApp

    store = AnnotationStore.open(home / "annotations.db", annotator="bench")
    themes, _ = load_themes()
    return NewsdeskApp(
        corpus_path=corpus,
        store=store,
        schema=load_schema(None),
        recognizer=build_recognizer("rules"),
        themes=themes,
        theme_name="newsdesk-dark",
        session=Session({}, corpus),
    )


def article_list(app: Any) -> Any:
    from reader.ui.widgets.article_list import ArticleList

    for screen in app.screen_stack:
        found = screen.query(ArticleList)
        if found:
            return found.first()
    return None


def shown(app: Any) -> int:
    widget = article_list(app)
    if widget is None:
        return 0
    return len(widget.metas) if hasattr(widget, "metas") else len(widget.rows)


async def wait_for_library(app: Any, pilot: Any) -> tuple[float, float, float]:
    """Seconds to the first rows, to the complete library (every article listed, in the
    chosen sort, painted) and to the filter's gram index (the loader's last step, after the
    library is complete; keystrokes before it scan instead)."""
    t0 = time.perf_counter()
    first = None
    while first is None:
        await asyncio.sleep(0.001)
        if shown(app):
            first = time.perf_counter() - t0
    while app.corpus is None or getattr(app.screen, "corpus_loading", False):
        await asyncio.sleep(0.001)
    await paint(app, pilot)
    full = time.perf_counter() - t0
    await app.workers.wait_for_complete()
    await paint(app, pilot)
    return first, full, time.perf_counter() - t0


async def library_child(corpus: str | None, home: Path) -> dict[str, Any]:
    app = make_app(corpus, home)
    result: dict[str, Any] = {}
    async with app.run_test(size=(120, 35)) as pilot:
        monitor = StallMonitor().start()
        result["first_rows"], result["full_library"], result["filter_index"] = await wait_for_library(app, pilot)
        result["load_stall"] = await monitor.stop()
        result["articles"] = len(app.corpus) if app.corpus is not None else 0
        result["open_filter"] = await timed_key(app, pilot, "slash")
        monitor.start()
        keys = []
        for key in TYPED:
            keys.append(await timed_key(app, pilot, key))
            await asyncio.sleep(KEY_GAP)
        t0 = time.perf_counter()
        await app.workers.wait_for_complete()
        await paint(app, pilot)
        result["fulltext_after_last_key"] = time.perf_counter() - t0
        result["typing_stall"] = await monitor.stop()
        result["keys"] = keys
        result["shown_at_end"] = shown(app)
        result["rss_mb"] = rss_mb()
        result["peak_rss_mb"] = peak_rss_mb()
        app.store.close()
    return result


def write_article_corpus(path: Path) -> dict[str, int]:
    """Two articles from the generator's sentence pool: ~2,000 and ~50,000 words."""
    import random

    from generate_corpus import build_pool

    rng = random.Random(5)
    pool = build_pool(rng, 5_000)
    words: dict[str, int] = {}
    with open(path, "w", encoding="utf-8") as handle:
        for article_id, target in (("a2k", 2_000), ("a50k", 50_000)):
            paragraphs, count = [], 0
            while count < target:
                chosen = rng.choices(pool, k=rng.randint(2, 6))
                paragraphs.append(" ".join(text for text, _ in chosen))
                count += sum(n for _, n in chosen)
            words[article_id] = count
            record = {
                "id": article_id,
                "title": f"A {target:,}-word article",
                "source": "Bench",
                "published": "2024-01-01",
                "text": "\n\n".join(paragraphs),
            }
            handle.write(json.dumps(record) + "\n")
    return words


async def open_article(app: Any, pilot: Any, article_id: str) -> float:
    from reader.ui.screens.article import ArticleScreen

    article_list(app).select_id(article_id)
    await paint(app, pilot)
    took = await timed_key(app, pilot, "enter")
    assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == article_id, app.screen
    return took


async def back(app: Any, pilot: Any) -> None:
    from reader.ui.screens.library import LibraryScreen

    while not isinstance(app.screen, LibraryScreen):
        send_key(app, "escape")
        await paint(app, pilot)


async def article_child(home: Path) -> dict[str, Any]:
    from textual.content import Content
    from textual.screen import Screen
    from textual.widgets import Static

    corpus = home / "articles.jsonl"
    result: dict[str, Any] = {"words": write_article_corpus(corpus)}
    app = make_app(str(corpus), home)

    class PlainScreen(Screen):
        """The baseline: Textual showing the same text in one Static."""

        BINDINGS = [("escape", "app.pop_screen", "Back")]

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def compose(self):  # type: ignore[no-untyped-def]
            yield Static(Content(self.text))

    async with app.run_test(size=(120, 35)) as pilot:
        await wait_for_library(app, pilot)
        result["open_2k_first"] = await open_article(app, pilot, "a2k")
        entities = len(app.screen.entities)
        await back(app, pilot)
        again, plain = [], []
        text = app.corpus.load("a2k").text
        for _ in range(7):
            again.append(await open_article(app, pilot, "a2k"))
            await back(app, pilot)
            t0 = time.perf_counter()
            app.push_screen(PlainScreen(text))
            await paint(app, pilot)
            plain.append(time.perf_counter() - t0)
            await back(app, pilot)
        result.update(open_2k_again=again, plain_screen_2k=plain, entities_2k=entities)
        monitor = StallMonitor().start()
        result["open_50k_first"] = await open_article(app, pilot, "a50k")
        await asyncio.sleep(0.5)  # anything the open left running on the loop
        result["open_50k_stall"] = await monitor.stop()
        result["entities_50k"] = len(app.screen.entities)
        result["page_down_50k"] = [await timed_key(app, pilot, "pagedown") for _ in range(10)]
        result["to_end_50k"] = await timed_key(app, pilot, "G")
        await back(app, pilot)
        result["open_50k_again"] = await open_article(app, pilot, "a50k")
        app.store.close()
    return result


def child_main(kind: str, corpus: str | None) -> int:
    home = Path(os.environ["NEWSDESK_DATA_DIR"])
    if kind == "library":
        result = asyncio.run(library_child(corpus, home))
    else:
        result = asyncio.run(article_child(home))
    print("RESULT " + json.dumps(result))
    return 0


# ----- parent side -------------------------------------------------------------------
def child_env(home: Path, cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATA", "CONFIG"):
        path = home / name.lower()
        path.mkdir(exist_ok=True)
        env[f"NEWSDESK_{name}_DIR"] = str(path)
    cache.mkdir(parents=True, exist_ok=True)
    env["NEWSDESK_CACHE_DIR"] = str(cache)
    env["NEWSDESK_ANNOTATOR"] = "bench"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    return env


def run_child(env: dict[str, str], *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        cwd=str(ROOT),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"bench_ui child {args} failed (rc={proc.returncode}): {proc.stderr[-3000:]}")


def corpus_path(size: int) -> Path:
    path = OUT / f"articles_{size}.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: run python bench/generate_corpus.py first")
    return path


def measure_library(size: int | None) -> dict[str, Any]:
    """One library child; ``None`` = the five seeds. The index cache persists in bench/out."""
    name = "seeds" if size is None else f"{size}"
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        env = child_env(Path(tmp), OUT / "ui-cache" / name)
        path = None if size is None else str(corpus_path(size))
        warm = (
            "import sys; from reader.corpus.loader import open_corpus; "
            "open_corpus(sys.argv[1] if sys.argv[1:] else None)"
        )
        subprocess.run([sys.executable, "-c", warm, *([path] if path else [])], env=env, check=True, cwd=str(ROOT))
        return run_child(env, "--child", "library", *(["--corpus", path] if path else []))


def measure_article() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        env = child_env(Path(tmp), Path(tmp) / "cache")
        return run_child(env, "--child", "article")


def ms(seconds: float) -> float:
    return seconds * 1e3


def library_figures(sizes: list[int]) -> tuple[list[Figure], dict[str, Any]]:
    seeds = measure_library(None)
    base_key = max(seeds["keys"])
    figures: list[Figure] = []
    raw: dict[str, Any] = {"seeds": seeds}
    for size in sizes:
        r = measure_library(size)
        raw[str(size)] = r
        label = f"{size // 1000}k"
        keys = r["keys"]
        figures.append(
            at_most(
                f"library {label}: full library shown (cached index)",
                r["full_library"],
                "s",
                2.0 if size >= 100_000 else None,
                note=f"first rows {ms(r['first_rows']):.0f} ms; {r['articles']:,} articles",
            )
        )
        figures.append(
            at_most(
                f"library {label}: longest stall while loading",
                ms(r["load_stall"]),
                "ms",
                100,
                note=f"UI frozen at most this long, until the filter index is built ({r['filter_index']:.2f} s)",
            )
        )
        figures.append(
            at_most(
                f"library {label}: filter keystroke (max of {len(keys)})",
                ms(max(keys)),
                "ms",
                50,
                baseline=ms(base_key),
                baseline_name="same keys, 5 seeds",
                note=f"median {ms(statistics.median(keys)):.1f} ms",
            )
        )
        figures.append(
            at_most(
                f"library {label}: longest stall, typing + full-text",
                ms(r["typing_stall"]),
                "ms",
                100,
                note=f"full text done {r['fulltext_after_last_key']:.2f} s after last key",
            )
        )
        figures.append(
            at_most(
                f"library {label}: RSS after filtering",
                r["rss_mb"],
                "MB",
                400,
                baseline=seeds["rss_mb"],
                baseline_name="5 seeds",
                note=f"peak {r['peak_rss_mb']:.0f} MB",
            )
        )
    return figures, raw


def article_figures() -> tuple[list[Figure], dict[str, Any]]:
    r = measure_article()
    again, plain = statistics.median(r["open_2k_again"]), statistics.median(r["plain_screen_2k"])
    w2, w50 = r["words"]["a2k"], r["words"]["a50k"]
    pages = r["page_down_50k"]
    figures = [
        at_most(
            f"article {w2:,} words: open again (entities cached)",
            ms(again),
            "ms",
            30,
            baseline=ms(plain),
            baseline_name="plain Static screen",
            note=f"first open {ms(r['open_2k_first']):.0f} ms; {r['entities_2k']} entities; median of 7",
        ),
        at_most(
            f"article {w50:,} words: first open, painted",
            ms(r["open_50k_first"]),
            "ms",
            None,
            baseline=ms(r["open_2k_first"]),
            baseline_name="2k first open",
            note=f"{r['entities_50k']:,} entities; again {ms(r['open_50k_again']):.0f} ms",
        ),
        at_most(
            f"article {w50:,} words: longest stall while opening",
            ms(r["open_50k_stall"]),
            "ms",
            100,
            note="must not freeze",
        ),
        at_most(
            f"article {w50:,} words: page down (max of {len(pages)})",
            ms(max(pages)),
            "ms",
            50,
            note=f"median {ms(statistics.median(pages)):.1f} ms; G (to end) {ms(r['to_end_50k']):.0f} ms",
        ),
    ]
    return figures, r


def figures(quick: bool = False, sizes: list[int] | None = None) -> list[Figure]:
    sizes = sizes or ([1_000, 10_000] if quick else [1_000, 10_000, 100_000])
    lib, _ = library_figures(sizes)
    art, _ = article_figures()
    return lib + art


def main(argv: list[str] | None = None) -> int:
    from bench.table import render_text

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k only")
    parser.add_argument("--sizes", type=int, nargs="+", help="library corpus sizes (bench/out/articles_N.jsonl)")
    parser.add_argument("--child", choices=("library", "article"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--raw", action="store_true", help="also print every child's raw JSON")
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child, args.corpus)
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    lib, raw_lib = library_figures(sizes)
    art, raw_art = article_figures()
    print(render_text(lib + art))
    if args.raw:
        print(json.dumps({"library": raw_lib, "article": raw_art}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
