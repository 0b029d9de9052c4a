"""Run every benchmark and print one table: figure, measured, same-run baseline, ratio, target.

    python -m bench              # everything (generates bench/out/ corpora once: minutes)
    python -m bench --quick      # about a minute: small corpora, fewer samples
    python -m bench --only ui startup

Why one runner: issue 5's figures come from several scripts (store, corpus, entities,
export, UI, startup), each also runnable alone with its own detail. The runner imports
their measuring functions, not their ``main``, so it can put every figure into one
table with the same columns, and writes it as Markdown with the machine's description
to ``bench/out/latest.md`` (paste into bench/README.md). Machines here are shared and
noisy, so every figure that can have one is printed beside a baseline measured in the
same run; absolute targets are the issue's, on this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "bench")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from bench.table import Figure, at_most, ratio_at_least, ratio_at_most, render_markdown, render_text  # noqa: E402

OUT = ROOT / "bench" / "out"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----- corpora --------------------------------------------------------------------------
def ensure_corpora(sizes: list[int]) -> None:
    """Generate the synthetic corpora that bench/out/ does not hold yet (slow for 100k)."""
    from generate_corpus import generate

    missing = [n for n in sizes if not (OUT / f"txt_{n}").exists() or not (OUT / f"articles_{n}.jsonl").exists()]
    if missing:
        log(f"generating corpora {missing} into {OUT} (once; reused by later runs)")
        OUT.mkdir(parents=True, exist_ok=True)
        generate(OUT, sorted(missing), 7)


# ----- adapters for the other bench scripts ------------------------------------------------
def store_figures(quick: bool) -> list[Figure]:
    import bench_store as bs

    sizes = (10_000,) if quick else (10_000, 100_000)
    samples = 100 if quick else 300
    rng = random.Random(7)
    figures = []
    bs.KEEP.mkdir(parents=True, exist_ok=True)
    # databases filled through the public API, kept in bench/out/stores between runs
    for size in sizes:
        opened, _closed, times, base, _reopened, _compacted = bs.bench_size(bs.KEEP, size, samples, rng)
        p95, b95 = bs.percentile(times, 0.95), bs.percentile(base, 0.95)
        p50 = sorted(times)[len(times) // 2]
        figures.append(
            ratio_at_most(
                f"store: save a tag, p95 @ {size:,} spans",
                p95 * 1e3,
                "ms",
                b95 * 1e3,
                10,
                baseline_name="bare fsync p95",
                note=f"p50 {p50 * 1e3:.1f} ms; open {opened:.2f} s; {samples} saves",
            )
        )
    return figures


def corpus_figures(quick: bool) -> list[Figure]:
    import bench_corpus as bc

    size = 10_000 if quick else 100_000
    kinds = (
        (("jsonl", OUT / f"articles_{size}.jsonl"),)
        if quick
        else (("folder", OUT / f"txt_{size}"), ("jsonl", OUT / f"articles_{size}.jsonl"))
    )
    figures = []
    for kind, path in kinds:
        with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as cache:
            base = bc.child(f"baseline-{kind}", path, Path(cache))
            first = bc.child("open", path, Path(cache))
            cached = bc.child("open", path, Path(cache))
        label = f"corpus {size // 1000}k {kind}"
        figures.append(
            at_most(
                f"{label}: cached open",
                cached["seconds"],
                "s",
                2.0 if size >= 100_000 else None,
                baseline=base["seconds"],
                baseline_name="walk+stat" if kind == "folder" else "read bytes",
                note=f"first open {first['seconds']:.1f} s, first rows after {first['first_batch'] * 1e3:.0f} ms",
            )
        )
        figures.append(
            at_most(
                f"{label}: peak RSS (first open)",
                max(first["rss_mb"], cached["rss_mb"]),
                "MB",
                400,
                note=f"cached open {cached['rss_mb']:.0f} MB",
            )
        )
    return figures


def ner_figures(quick: bool) -> list[Figure]:
    import bench_ner as bn

    from reader.ner.recognizer import build_recognizer

    size = 200_000 if quick else 1_000_000
    text = bn.synthetic(size)
    recognizer = build_recognizer("rules")
    recognizer._find("warm up: load the lexicon")  # type: ignore[attr-defined]
    seconds = bn.best_of(1 if quick else 3, lambda: recognizer._find(text))  # type: ignore[attr-defined]
    ours = len(text) / seconds / 1e6
    nlp, name = bn.load_spacy()
    label = "entities: recogniser throughput"
    if nlp is None:
        return [Figure(label, ours, "M chars/s", note=f"spaCy baseline skipped: {name}")]
    sample = text[: 50_000 if quick else 200_000]
    paragraphs = [p for p in sample.split("\n\n") if p.strip()]
    with nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in {"tok2vec", "ner"}]):
        theirs_seconds = bn.best_of(1, lambda: list(nlp.pipe(paragraphs)))
    theirs = len(sample) / theirs_seconds / 1e6
    return [
        ratio_at_least(
            label,
            ours,
            "M chars/s",
            theirs,
            20,
            baseline_name=f"{name} NER",
            note=f"{len(text) / 1e6:.1f} MB synthetic news",
        )
    ]


def export_figures(quick: bool) -> list[Figure]:
    """Targets on the whole ``newsdesk export`` (fresh process, store read included); the
    export step alone and the store read are context rows (see bench/bench_export.py)."""
    try:
        import bench_export as be
    except ImportError as err:
        return [Figure("export", float("nan"), "", note=f"skipped: {err}")]

    n = 1_000 if quick else 10_000
    repeat = 1 if quick else 5
    db = be.database(n, 10)
    with tempfile.TemporaryDirectory() as tmp:
        got, _records = be.measure(db, Path(tmp), repeat)
    size = f"{got.spans:,} spans / {n:,} articles"
    figures = []
    for fmt in be.TARGETS:
        figures.append(
            at_most(
                f"export {fmt}, whole command: {size}",
                min(got.whole[fmt]),
                "s",
                None if quick else be.TARGETS[fmt],
                baseline=got.baseline,
                baseline_name="json.dumps",
                note=got.whole_note(fmt) + ("; targets apply to the 10k run" if quick else ""),
            )
        )
    for fmt in be.TARGETS:
        seconds, detail = got.step[fmt]
        figures.append(
            at_most(
                f"export {fmt}, step only (records -> file)",
                seconds,
                "s",
                None,
                baseline=got.baseline,
                baseline_name="json.dumps",
                note=detail,
            )
        )
    figures.append(
        at_most(
            f"export: read the store ({size})",
            got.read,
            "s",
            None,
            note="in-process, streamed as the export command reads it: every article's table, spans, records",
        )
    )
    for fmt, peaks in be.PEAKS.items():
        figures.append(
            at_most(
                f"export {fmt}, whole command, peak memory ({size})",
                max(peaks),
                "MB",
                None,
                note=f"VmHWM, max of {len(peaks)} runs; target 300 MB at 1M spans / 100k articles",
            )
        )
    return figures


def startup_figures(quick: bool) -> list[Figure]:
    import bench_startup

    return bench_startup.figures(quick)


def ui_figures(quick: bool) -> list[Figure]:
    import bench_ui

    return bench_ui.figures(quick)


SECTIONS: dict[str, Callable[[bool], list[Figure]]] = {
    "startup": startup_figures,
    "ui": ui_figures,
    "corpus": corpus_figures,
    "store": store_figures,
    "export": export_figures,
    "ner": ner_figures,
}


# ----- the machine ----------------------------------------------------------------------
def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:
        textual = "?"
    return (
        f"{cpus} CPUs ({model}), {ram} RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Textual {textual}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a ~1-minute subset: small corpora, fewer samples")
    parser.add_argument("--only", nargs="+", choices=sorted(SECTIONS), help="run only these sections")
    parser.add_argument("--markdown", type=Path, default=OUT / "latest.md", help="also write the table here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if set(args.only or SECTIONS) & {"corpus", "ui"}:  # the others build their own data
        ensure_corpora([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    figures: list[Figure] = []
    for name in args.only or list(SECTIONS):
        log(f"[bench] {name}{' (quick)' if args.quick else ''} ...")
        t0 = time.perf_counter()
        try:
            figures += SECTIONS[name](args.quick)
        except Exception as err:  # one broken bench must not hide the others' figures
            traceback.print_exc()
            figures.append(Figure(name, float("nan"), "", ok=False, note=f"error: {type(err).__name__}: {err}"))
        log(f"[bench] {name} took {time.perf_counter() - t0:.0f} s")
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    header = f"{stamp} · {machine()} · {'quick' if args.quick else 'full'} run, {time.perf_counter() - started:.0f} s"
    print(header)
    print(render_text(figures))
    failed = sum(1 for f in figures if f.ok is False)
    print(f"{sum(1 for f in figures if f.ok)} pass, {failed} fail, {sum(1 for f in figures if f.ok is None)} context")
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(f"{header}\n\n{render_markdown(figures)}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
