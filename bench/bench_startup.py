"""Startup to an interactive library on the five seeds vs a bare Textual app, same run.

Each sample is a fresh ``python -c`` process. The newsdesk child runs the real launch
path (``reader.cli.main.main([])``: config, schema, recogniser, themes, store, app) with
``App.run`` patched to ``headless=True`` and an auto-pilot that waits for the corpus
worker and for the library rows, paints the screen once and exits. The bare child runs a
Textual app that composes one ``Label`` and exits after its first paint. "Interactive" is
the wall-clock time from just before the parent spawns the child to the moment the
child's screen is painted (both read ``time.time()``); the whole process including
shutdown is printed too. Samples alternate bare/newsdesk after a warm-up of each (byte
code compiled into bench/out/pycache, database created), the median is the figure. Target (issue 5): newsdesk
<= 1.5x the bare app (issue 13; issue 5 had 1.3x).

``--importtime`` (on by default in ``main``) reruns both children under
``python -X importtime`` and lists the modules newsdesk imports that the bare app does
not, by self time, and grouped by top-level package: where startup goes.

    python bench/bench_startup.py [--quick] [--repeat 21] [--no-importtime]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.table import Figure, ratio_at_most  # noqa: E402

# Patches ``App.run`` when ``textual.app`` is first imported, wherever that happens: newsdesk
# imports Textual inside its launch code (reader.cli.launch);
# importing it here first, as an earlier version of this harness did, timed a start that
# no user runs (~4 ms slower here: the import then ran with collections on).
PATCH = r"""
import sys, time


def _patch(_ta):
    _orig_run = _ta.App.run

    def _run(self, *args, **kwargs):
        async def auto_pilot(pilot):
            app = pilot.app
            check = sys.modules["__main__"].ready
            while True:
                await app.workers.wait_for_complete()
                await pilot._wait_for_screen()
                if check(app):
                    break
                await __import__("asyncio").sleep(0.001)
            app.screen._on_timer_update()
            print("READY", time.time(), flush=True)
            app.exit()

        kwargs.update(headless=True, auto_pilot=auto_pilot, size=(120, 35))
        return _orig_run(self, *args, **kwargs)

    _ta.App.run = _run


class _PatchOnImport:  # a meta path finder that only wraps the loading of textual.app, then leaves

    def find_spec(self, name, path=None, target=None):
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        from importlib.util import find_spec

        spec = find_spec(name)
        exec_module = spec.loader.exec_module

        def load(module):
            exec_module(module)
            _patch(module)

        spec.loader.exec_module = load
        return spec


sys.meta_path.insert(0, _PatchOnImport())
"""

NEWSDESK = (
    PATCH
    + r"""
def ready(app):
    from reader.ui.widgets.article_list import ArticleList
    lists = app.screen.query(ArticleList)
    return bool(lists) and len(lists.first().rows) > 0

from reader.cli.main import main
code = main([])
sys.exit(code)
"""
)

BARE = (
    PATCH
    + r"""
from textual.app import App
from textual.widgets import Label


def ready(app):
    return bool(app.screen.query(Label))


class Bare(App):
    def compose(self):
        yield Label("newsdesk")


Bare().run()
"""
)


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATA", "CONFIG", "CACHE"):
        path = home / name.lower()
        path.mkdir(exist_ok=True)
        env[f"NEWSDESK_{name}_DIR"] = str(path)
    env["NEWSDESK_ANNOTATOR"] = "bench"
    env.pop("TEXTUAL", None)
    # An installed newsdesk has byte code; this environment sets PYTHONDONTWRITEBYTECODE, which
    # would make every child compile the project from source (~80 ms). Cache it outside the tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "bench" / "out" / "pycache")
    return env


def run_child(code: str, env: dict[str, str], *flags: str) -> tuple[float, float, str]:
    """(seconds to READY, seconds to exit, stderr) measured from just before spawning."""
    start = time.time()
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, *flags, "-c", code], env=env, capture_output=True, text=True, cwd=str(ROOT), timeout=120
    )
    total = time.perf_counter() - t0
    ready = None
    for line in proc.stdout.splitlines():
        if line.startswith("READY "):
            ready = float(line.split()[1]) - start
    if proc.returncode != 0 or ready is None:
        raise RuntimeError(f"startup child failed (rc={proc.returncode}): {proc.stderr[-2000:]}")
    return ready, total, proc.stderr


def measure(repeat: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as name:
        env = child_env(Path(name))
        run_child(BARE, env)  # warm-up: byte code, page cache, database created
        run_child(NEWSDESK, env)
        for _ in range(repeat):
            for key, code in (("bare", BARE), ("newsdesk", NEWSDESK)):
                ready, total, _ = run_child(code, env)
                samples[key].append(ready)
                samples[key + " exit"].append(total)
    return samples


def parse_importtime(stderr: str) -> dict[str, tuple[int, int]]:
    """module -> (self us, cumulative us) from ``-X importtime`` output."""
    out: dict[str, tuple[int, int]] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            self_us, cum_us, name = line[len("import time:") :].split("|")
            out[name.strip()] = (int(self_us), int(cum_us))
        except ValueError:
            continue
    return out


def import_report(top: int = 15) -> str:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as name:
        env = child_env(Path(name))
        run_child(NEWSDESK, env)
        runs = {
            key: [parse_importtime(run_child(code, env, "-X", "importtime")[2]) for _ in range(3)]
            for key, code in (("bare", BARE), ("newsdesk", NEWSDESK))
        }

    def median_self(key: str) -> dict[str, float]:
        names = set().union(*runs[key])
        return {n: statistics.median(r.get(n, (0, 0))[0] for r in runs[key]) for n in names}

    bare, nd = median_self("bare"), median_self("newsdesk")
    extra = {n: us for n, us in nd.items() if n not in bare}
    packages: dict[str, float] = defaultdict(float)
    for n, us in extra.items():
        packages[n.split(".")[0]] += us
    lines = [
        f"import time (python -X importtime, median of 3): bare Textual app {sum(bare.values()) / 1e3:.0f} ms, "
        f"newsdesk {sum(nd.values()) / 1e3:.0f} ms; {len(extra)} modules only newsdesk imports, "
        f"{sum(extra.values()) / 1e3:.0f} ms self time:"
    ]
    lines.append(
        "  by top-level package: "
        + ", ".join(f"{p} {us / 1e3:.1f} ms" for p, us in sorted(packages.items(), key=lambda kv: -kv[1])[:top])
    )
    lines.append("  slowest modules (self time):")
    for n, us in sorted(extra.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"    {us / 1e3:7.1f} ms  {n}")
    return "\n".join(lines)


def figures(quick: bool = False, repeat: int | None = None) -> list[Figure]:
    # Medians of 3 read 1.17-1.40x from run to run here, of 9 1.17-1.19x (~5 s); the full run takes 21.
    samples = measure(repeat or (9 if quick else 21))
    bare, nd = statistics.median(samples["bare"]), statistics.median(samples["newsdesk"])
    bare_exit, nd_exit = statistics.median(samples["bare exit"]), statistics.median(samples["newsdesk exit"])
    n = len(samples["bare"])
    return [
        ratio_at_most(
            "startup to interactive library (5 seeds)",
            nd * 1e3,
            "ms",
            bare * 1e3,
            1.5,
            baseline_name="bare Textual label",
            note=f"median of {n} fresh processes",
        ),
        Figure(
            "startup, whole process incl. exit",
            nd_exit * 1e3,
            "ms",
            bare_exit * 1e3,
            "bare Textual label",
            note="context",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    from bench.table import render_text

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="9 samples each")
    parser.add_argument("--repeat", type=int, default=None, help="samples of each app (default 21, quick 9)")
    parser.add_argument("--no-importtime", action="store_true", help="skip the import-time breakdown")
    args = parser.parse_args(argv)
    print(render_text(figures(args.quick, args.repeat)))
    if not args.no_importtime:
        print(import_report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
