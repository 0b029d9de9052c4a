"""The fault campaign as one table: every bad input, damaged file and failure, with what the user saw.

    python bench/faults.py              # the whole campaign at full scale (50 MB, 10,000 entries)
    python bench/faults.py --quick      # the test-suite scale (5 MB, 1,000 entries)
    python bench/faults.py --markdown   # the table as Markdown (for bench/FAULTS.md)

Part 1 runs each command-line case of ``tests/faults_catalogue.py`` and
``tests/faults_hostile.py`` (a hostile HTTP server on 127.0.0.1, bombs, FIFOs, symlinks,
YAML aliases) as real ``newsdesk``
processes (per case the seconds and the peak memory of its largest process) and prints
``case | input | outcome (the line shown) | pass/fail``. Part 2 runs the in-process
fault tests (store failures, locks, the app under a full disk, terminal safety, tmux,
properties, the kill -9 soak) with pytest and lists each test with its result. Part 3
(``--app-rounds N``, default 5, 0 skips it) kills the real app in tmux with SIGKILL while
keys are pressed (``bench/soak_app.py``) and checks that nothing it acknowledged is lost.
Exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(1, str(ROOT))  # bench.soak_app when run as a script

from faults_catalogue import all_cases, run_case  # noqa: E402

from bench.soak_app import run_soak, summary  # noqa: E402

PYTEST_FILES = [
    "tests/test_faults_terminal.py",
    "tests/test_faults_properties.py",
    "tests/test_faults_files.py::test_second_process_reads_but_never_writes_and_a_killed_holder_frees_the_lock",
    "tests/test_faults_files.py::test_read_only_export_of_a_database_being_written_is_consistent",
    "tests/test_faults_files.py::test_spans_refused_at_import_leave_the_store_as_it_was",
    "tests/test_faults_files.py::test_a_valid_keymap_is_accepted_and_a_clash_is_named",
    "tests/test_faults_input.py::test_open_corpus_reads_what_it_can_and_names_each_skipped_file",
    "tests/test_faults_input.py::test_text_changes_only_line_ends_and_controls_one_for_one",
    "tests/test_faults_feeds.py::test_reimporting_a_truncated_feed_adds_nothing_twice",
    "tests/test_faults_routes.py",  # issue 16: every route to the terminal, one payload
    "tests/test_faults_disk_and_quit.py",  # a real full disk under every export, quit during a fetch, temp files
    "tests/test_faults_small.py",  # early keys, a 20,000-label help, invisible characters
    "tests/test_store.py",
    "tests/test_store_crash.py",
    "tests/test_store_faults.py",
]


def cell(text: str, width: int, markdown: bool) -> str:
    text = " ".join(str(text).split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.replace("|", "\\|") if markdown else text


def print_table(rows: list[tuple[str, ...]], widths: list[int], markdown: bool) -> None:
    header, *body = rows
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for row in body:
            print("| " + " | ".join(cell(v, w, True) for v, w in zip(row, widths, strict=True)) + " |")
        return
    fmt = "  ".join(f"{{:{w}}}" for w in widths)
    print(fmt.format(*header))
    for row in body:
        print(fmt.format(*(cell(v, w, False) for v, w in zip(row, widths, strict=True))))


def cli_part(full: bool, markdown: bool) -> bool:
    rows = [("case", "input", "outcome (the line shown)", "s", "MB", "result")]
    ok = True
    with tempfile.TemporaryDirectory(prefix="newsdesk-faults-") as tmp:
        for i, case in enumerate(all_cases(full)):
            result = run_case(case, Path(tmp) / f"{i:03d}", measure=True)
            ok &= result.ok
            verdict = "pass" if result.ok else "FAIL: " + "; ".join(result.problems)
            rows.append(
                (
                    f"{case.group}/{case.name}",
                    case.input,
                    result.outcome,
                    f"{result.seconds:.1f}",
                    f"{result.max_rss_mb:.0f}",
                    verdict,
                )
            )
    print_table(rows, [28, 30, 110, 5, 5, 200 if markdown else 40], markdown)
    return ok


def doc_line(nodeid: str) -> str:
    """The test's docstring first line, else its name in words."""
    name = nodeid.split("::")[-1]
    return re.sub(r"^test_", "", name.split("[")[0]).replace("_", " ") + (
        f" [{name.split('[', 1)[1]}" if "[" in name else ""
    )


def pytest_part(markdown: bool) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *PYTEST_FILES],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
        tree = ET.parse(report)
    rows = [("test", "what it proves", "result")]
    ok = proc.returncode == 0
    for case in tree.iter("testcase"):
        result = "pass"
        for child in case:
            if child.tag == "skipped":
                message = child.get("message", "")
                result = (
                    "xfail (known bug, reported)"
                    if child.get("type") == "pytest.xfail" or "xfail" in message
                    else f"skipped: {message}"
                )
            elif child.tag in ("failure", "error"):
                result = "FAIL: " + (child.get("message") or "")[:200]
        rows.append(
            (
                f"{Path(case.get('file') or case.get('classname', '').replace('.', '/')).stem}::{case.get('name')}",
                doc_line(case.get("name", "")),
                result,
            )
        )
    print()
    print_table(rows, [60, 70, 30], markdown)
    print(f"\n(pytest part: {len(rows) - 1} tests in {seconds:.0f} s, exit {proc.returncode})")
    if proc.returncode != 0 and not markdown:
        print(proc.stdout[-3000:])
    return ok


def app_part(rounds: int, markdown: bool) -> bool:
    """The app killed in tmux (bench/soak_app.py): one row."""
    rows = [("case", "input", "outcome", "result")]
    name, what = "app/kill-9-in-tmux", f"{rounds} rounds of keys, SIGKILL at random"
    if shutil.which("tmux") is None:
        rows.append((name, what, "tmux is not installed", "skipped"))
        ok = True
    else:
        figs = run_soak(
            rounds, 16, os.environ.get("ND_TREE"), socket=f"soakapp-faults-{os.getpid()}", log=lambda *a, **k: None
        )
        ok = figs.lost == 0 and figs.db_errors == 0
        rows.append(
            (
                name,
                what,
                summary(figs).removeprefix("soak_app: "),
                "pass" if ok else "FAIL: " + "; ".join(figs.problems)[:300],
            )
        )
    print()
    print_table(rows, [20, 40, 200 if markdown else 110, 200 if markdown else 40], markdown)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="test-suite scale (5 MB file, 1,000 feed entries)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--cli-only", action="store_true", help="skip the pytest and the app parts")
    parser.add_argument(
        "--app-rounds",
        type=int,
        default=5,
        metavar="N",
        help="rounds of the app killed in tmux (bench/soak_app.py; 0 skips it; ND_TREE picks a tree)",
    )
    parser.add_argument("--app-only", action="store_true", help="run only the app killed in tmux")
    args = parser.parse_args()
    os.environ.pop("NO_COLOR", None)
    if args.app_only:
        ok = app_part(args.app_rounds, args.markdown)
        print(f"\n{'all cases pass' if ok else 'SOME CASES FAILED'}")
        return 0 if ok else 1
    ok = cli_part(not args.quick, args.markdown)
    if not args.cli_only:
        ok &= pytest_part(args.markdown)
        if args.app_rounds > 0:
            ok &= app_part(args.app_rounds, args.markdown)
    print(f"\n{'all cases pass' if ok else 'SOME CASES FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
