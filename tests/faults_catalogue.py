"""The fault campaign's command-line cases, shared by the tests and ``bench/faults.py``.

Each ``Case`` writes its bad input into a fresh folder, runs the installed ``newsdesk``
(a real process, so a traceback or a stray escape byte on stdout is seen as a user
would see it) once per ``Run``, and checks what every bad input must give:

* the exit status the case expects (non-zero when nothing useful could be done);
* no ``Traceback`` and every stderr line a single ``newsdesk: ...`` line;
* the expected words (which file, what is wrong) in the output;
* no ESC (0x1b) and no C1 control (U+0080-U+009F) on stdout or stderr;
* every input file byte for byte as it was (nothing of ours overwritten).

``run_case`` returns a ``Result`` whose ``outcome`` is the line the user was shown.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

NEWSDESK = shutil.which("newsdesk", path=str(Path(sys.executable).parent)) or "newsdesk"
TIMEOUT = 60.0
_C1 = re.compile("[\x80-\x9f]")

Files = dict[str, bytes | Callable[[Path], None]]


@dataclass(frozen=True)
class Run:
    """One ``newsdesk`` invocation; ``expect`` is a regex searched in stderr + stdout."""

    argv: tuple[str, ...]
    rc: int = 0
    expect: str = ""
    reject: str = ""  # a regex that must NOT appear in stdout + stderr


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    input: str
    files: Files
    runs: tuple[Run, ...]
    config: dict[str, bytes] = field(default_factory=dict)  # files in NEWSDESK_CONFIG_DIR
    check: Callable[[Path], str | None] | None = None  # extra check after the runs
    writes: tuple[str, ...] = ()  # input paths newsdesk is meant to change (e.g. the db of an import)


@dataclass
class Result:
    case: Case
    outcome: str
    problems: list[str]
    seconds: float = 0.0
    max_rss_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Proc:
    argv: tuple[str, ...]
    rc: int
    out: str
    err: str
    max_rss_mb: float
    seconds: float


def env_for(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    for name in ("DATA", "CONFIG", "CACHE"):
        path = root / "home" / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[f"NEWSDESK_{name}_DIR"] = str(path)
    env["NEWSDESK_ANNOTATOR"] = "faults"
    env.pop("NO_COLOR", None)
    env["COLUMNS"] = "100"
    return env


# Peak memory: a child forked from a big parent inherits the parent's high-water mark, so
# when measuring, a small Python in between runs newsdesk and reports its child's peak.
_MEASURE = (
    "import resource, subprocess, sys; rc = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(rc)"
)


def spawn(
    argv: tuple[str, ...], cwd: Path, env: dict[str, str], measure: bool = False
) -> tuple[subprocess.Popen[bytes], Path]:
    logs = cwd / ".logs"
    logs.mkdir(exist_ok=True)
    stem = logs / str(time.monotonic_ns())
    command = [NEWSDESK, *argv]
    if measure:
        command = [sys.executable, "-c", _MEASURE, f"{stem}.rss", *command]
    with open(f"{stem}.out", "wb") as out, open(f"{stem}.err", "wb") as err:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    return proc, stem


def reap(proc: subprocess.Popen[bytes], stem: Path, argv: tuple[str, ...], started: float) -> Proc:
    """Wait for one child (killed after TIMEOUT) and read its output and peak memory."""
    timer = threading.Timer(TIMEOUT, proc.kill)
    timer.start()
    try:
        proc.wait()
    finally:
        timer.cancel()
    rss = Path(f"{stem}.rss")
    peak = int(rss.read_text()) / 1024 if rss.exists() else 0.0
    out = Path(f"{stem}.out").read_bytes().decode("utf-8", "replace")
    err = Path(f"{stem}.err").read_bytes().decode("utf-8", "replace")
    return Proc(argv, proc.returncode, out, err, peak, time.monotonic() - started)


def write_files(root: Path, files: Files) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)


def fingerprint(root: Path) -> dict[str, str]:
    """A hash of every input file (logs, outputs and the caches excluded)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith((".logs/", "home/cache/", "out")) and not rel.endswith("/lock"):
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
            out[rel] = digest.hexdigest()
    return out


def judge(run: Run, proc: Proc) -> list[str]:
    where = " ".join(run.argv)[:60]
    problems = []
    both = proc.err + proc.out
    if proc.rc != run.rc:
        problems.append(f"{where}: exit {proc.rc}, expected {run.rc}")
    if "Traceback" in proc.err:
        problems.append(f"{where}: traceback on stderr")
    for line in proc.err.splitlines():
        if line and not line.startswith("newsdesk: "):
            problems.append(f"{where}: stderr line not a 'newsdesk:' line: {line[:80]!r}")
            break
    if run.expect and not re.search(run.expect, both):
        problems.append(f"{where}: expected /{run.expect}/ in the output, got {both[:160]!r}")
    if run.reject and re.search(run.reject, both):
        problems.append(f"{where}: /{run.reject}/ must not appear in the output")
    if "\x1b" in both:
        problems.append(f"{where}: ESC byte in the output")
    if _C1.search(both):
        problems.append(f"{where}: C1 control character in the output")
    return problems


def run_case(case: Case, root: Path, *, measure: bool = False) -> Result:
    """Build the case's input under ``root`` and run it; the runs go in parallel.

    ``measure``: record each run's peak memory (``Result.max_rss_mb``).
    """
    root.mkdir(parents=True, exist_ok=True)
    env = env_for(root)
    write_files(root, case.files)
    write_files(Path(env["NEWSDESK_CONFIG_DIR"]), dict(case.config))
    before = fingerprint(root)
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        if any("{server}" in arg for run in case.runs for arg in run.argv):  # a hostile server for the case
            from faults_server import HostileServer

            base = stack.enter_context(HostileServer(bomb_mb=case_bomb_mb(case))).url("")
            argvs = [tuple(arg.replace("{server}", base) for arg in run.argv) for run in case.runs]
        else:
            argvs = [run.argv for run in case.runs]
        children = [(run, *spawn(argv, root, env, measure)) for run, argv in zip(case.runs, argvs, strict=True)]
        procs = [(run, reap(child, stem, run.argv, started)) for run, child, stem in children]
    problems = [p for run, proc in procs for p in judge(run, proc)]
    after = fingerprint(root)
    for name in sorted(set(before) | set(after)):
        if name in before and before.get(name) != after.get(name) and not name.startswith(case.writes):
            problems.append(f"{name}: changed or removed by newsdesk")
    if case.check is not None and not problems:
        extra = case.check(root)
        if extra:
            problems.append(extra)
    first = procs[0][1]
    lines = [ln for ln in first.err.splitlines() if ln] or [
        "ok: " + ln for ln in first.out.splitlines()[1:2] or first.out.splitlines()[:1]
    ]
    outcome = lines[0] if lines else f"(no output, exit {first.rc})"
    outcome = outcome.replace(f"{root}/home/config/", "<config>/").replace(f"{root}/", "")
    return Result(case, outcome, problems, time.monotonic() - started, max(proc.max_rss_mb for _, proc in procs))


# ----------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------


def text_mb(megabytes: int) -> Callable[[Path], None]:
    """A plain news-like text file of about ``megabytes`` MB, written in chunks."""

    def write(path: Path) -> None:
        para = ("Officials in Gaza and Israel said talks in Doha would resume on Friday. " * 12 + "\n\n").encode()
        with open(path, "wb") as handle:
            for _ in range(megabytes * (1 << 20) // len(para) + 1):
                handle.write(para)

    return write


ESCAPES = (
    "Esc title \x1b]2;PWNED\x1b\\ clear \x1b[2J home \x1b[H move \x1b[10;10H red \x1b[31mred\x1b[0m "
    "C1 CSI \x9b2J OSC8 \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ bell \x07 end"
)

ARTICLES: dict[str, tuple[str, bytes | Callable[[Path], None]]] = {
    # name: (what it is, content)
    "latin1": ("Latin-1 bytes (é = 0xE9)", "Caf\xe9 na\xefve r\xe9sum\xe9 \xe0 Paris.\n".encode("latin-1") * 3),
    "cp1252": ("Windows-1252 quotes, dash, euro", "\u201cQuoted\u201d \u2014 \u20ac5 caf\xe9.\n".encode("cp1252") * 3),
    "binary": ("256 distinct bytes x 40", bytes(range(256)) * 40),
    "png": ("a PNG signature", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    "empty": ("0 bytes", b""),
    "blank": ("only whitespace", b"  \n\n\t \r\n"),
    "huge": ("50 MB of text", text_mb(50)),  # 5 MB unless full scale (the same path: over the cap)
    "longline": ("one 1 MB line, no newline", b"word " * 200_000),
    "crlf": ("CRLF and lone CR line ends", b"Title\r\nline one\r\nline two\rlone cr\r"),
    "nul": ("NUL bytes in text", b"Title line\n" + b"Ordinary text with a stray NUL \x00 here. " * 20),
    "controls": ("C0, DEL and C1 controls", "Title\nbell\x07 bs\x08 vt\x0b ff\x0c del\x7f c1\x85\x9b end\n".encode()),
    "markup": (
        "Rich/Textual markup",
        b"[bold red]Title[/]\n[link=http://x]y[/link] [/] [@click=app.quit]q[/] $x {y}\n",
    ),
    "escapes": ("terminal escape sequences", ("Title " + ESCAPES + "\n" + ESCAPES + "\n").encode()),
    "rtl": (
        "Arabic, Hebrew, RLO/PDF overrides",
        "\u0645\u0631\u062d\u0628\u0627 \u202eabc\u202c \u05e9\u05dc\u05d5\u05dd world \u200f\n".encode(),
    ),
    "emoji": (
        "emoji ZWJ sequences, VS16, flags, skin tones",
        "Family \U0001f468\u200d\U0001f469\u200d\U0001f467 heart \u2764\ufe0f flag \U0001f1fa\U0001f1e6 "
        "\U0001f44d\U0001f3fd\n".encode(),
    ),
    "combining": (
        "combining marks, a lone mark",
        "e\u0301 a\u0300\u0301\u0302 Z\u0351\u0352\u0353 \u0301 lone\n".encode(),
    ),
}

# What each skipped kind tells the user (the others are read and shown).
SKIPPED = {
    "binary": "binary file",
    "png": "binary file",
    "empty": "empty file",
    "blank": "empty file",
    "huge": r"\d+\.0 MB, larger than the 4 MB an article may be",
}
DECODED = {"latin1": "not UTF-8, decoded as cp1252", "cp1252": "not UTF-8, decoded as cp1252"}


def article_case(name: str, full: bool = True) -> Case:
    what, content = ARTICLES[name]
    if name == "huge" and not full:
        what, content = "5 MB of text (50 MB in the full run)", text_mb(5)
    file = f"{name}.txt"
    if name in SKIPPED:
        reason = SKIPPED[name]
        entities_rc, entities_expect = 2, r"not a text file \(binary data\)" if name in ("binary", "png") else ""
        if name in ("empty", "blank"):
            entities_rc, entities_expect = 0, "empty file, no entities"
        if name == "huge":
            entities_expect = reason + ", not read"
        runs = (
            Run(("list", file), 0, f"newsdesk: {file}: {reason}.*skipped"),
            Run(("show", name, file), 2, f"^newsdesk: {file}: {reason}"),
            Run(("entities", file), entities_rc, entities_expect),
        )
    else:
        warn = DECODED.get(name, "")
        runs = (
            Run(("list", "--json", file), 0, rf'"id": "{name}"' + (f"|{warn}" if warn else "")),
            Run(("show", name, file), 0, warn),
            Run(("entities", "--format", "jsonl", file), 0, warn),
        )
    return Case("article", name, what, {file: content}, runs)


# ---- feeds -------------------------------------------------------------------------


def _rss(items: str, decl: str = "") -> str:
    return f'{decl}<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


def _item(i: int | str, body: str = "Body") -> str:
    return f"<item><title>Entry {i}</title><link>https://e.org/{i}</link><description>{body} {i}</description></item>"


def _many(n: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(_rss("".join(_item(i) for i in range(n))), encoding="utf-8")

    return write


def _lines_in(name: str, expected: int) -> Callable[[Path], str | None]:
    def check(root: Path) -> str | None:
        path = root / "out" / name
        count = len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0
        return None if count == expected else f"{name}: {count} articles imported, expected {expected}"

    return check


FEEDS: list[tuple[str, str, bytes | Callable[[Path], None], int, str, int]] = [
    # name, what, content, exit status, expected line, articles imported
    ("not-xml", "plain words", b"just some words, no markup", 2, r"not-xml\.xml: not a feed \(", 0),
    ("json", "JSON served as a feed", b'{"items": [{"title": "x"}]}', 2, r"json\.xml: not a feed \(", 0),
    (
        "truncated",
        "RSS cut mid-element",
        (_rss(_item(1) + _item(2)))[:-60].encode(),
        0,
        r"truncated\.xml: not well-formed XML \(.*line \d+\); read the 2 entries that parsed",
        2,
    ),
    (
        "illegal-chars",
        "control bytes in XML",
        _rss(_item("a\x01\x02", "x\x0b")).encode(),
        0,
        r"illegal-chars\.xml: not well-formed XML",
        1,
    ),
    (
        "undeclared-entity",
        "&bogus; and &hellip; in RSS",
        _rss(_item(1, "a &bogus; b &hellip; c")).encode(),
        0,
        r"undeclared-entity\.xml: not well-formed XML",
        1,
    ),
    (
        "wrong-encoding",
        "declares UTF-8, is Latin-1",
        _rss("<item><title>\xc9t\xe9</title><guid>g</guid></item>", '<?xml version="1.0" encoding="UTF-8"?>').encode(
            "latin-1"
        ),
        0,
        r"wrong-encoding\.xml: wrong declared encoding, decoded as windows-1252",
        1,
    ),
    (
        "gzip",
        "gzip-compressed RSS",
        gzip.compress(_rss(_item(1) + _item(2)).encode()),
        0,
        r"imported 2 new articles",
        2,
    ),
    (
        "gzip-truncated",
        "gzip stream cut short",
        gzip.compress(_rss("".join(_item(i) for i in range(50))).encode())[:400],
        0,
        r"gzip-truncated\.xml: ",
        -1,
    ),
    (
        "html",
        "an HTML page",
        b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>",
        2,
        r"html\.xml: not a feed but an HTML page",
        0,
    ),
    (
        "html-alternate",
        "HTML page linking its feed",
        b'<html><head><link rel="alternate" type="application/rss+xml" href="https://e.org/rss"></head></html>',
        2,
        r"it links to a feed: https://e\.org/rss",
        0,
    ),
    ("binary", "random bytes", bytes(range(256)) * 8, 2, r"binary\.xml: not a feed", 0),
    ("empty", "0 bytes", b"", 2, r"empty\.xml: not a feed \(empty\)", 0),
    ("10k-entries", "10,000 entries", _many(10_000), 0, r"imported 10,000 new articles", 10_000),
    (
        "no-link-or-id",
        "entries without link or guid",
        _rss(
            "<item><title>A</title><description>x</description></item><item><description>only text</description></item>"
        ).encode(),
        0,
        r"no-link-or-id\.xml: 2 entries have no id or link; identified by title and date",
        2,
    ),
    (
        "escapes",
        "escape sequences in titles and HTML",
        _rss(
            "<item><title>T \x1b]2;PWNED\x07</title><link>https://e.org/1</link><description>&lt;p&gt;"
            "a \x9b2J b&lt;/p&gt;</description></item>"
        ).encode(),
        0,
        r"",
        1,
    ),
]


def feed_case(name: str, what: str, content: bytes | Callable[[Path], None], rc: int, expect: str, count: int) -> Case:
    file = f"{name}.xml"
    runs = (
        Run(("import", file, "--into", f"out/{name}.jsonl"), rc, expect),
        Run(("list", file), rc, expect.replace("imported", "") if rc else ""),
    )
    check = _lines_in(f"{name}.jsonl", count) if count >= 0 else None
    return Case("feed", name, what, {file: content}, runs, check=check)


# ---- files of ours -----------------------------------------------------------------


def _db(path: Path, *, crash: bool = False) -> None:
    """A database with three spans; ``crash`` leaves them in the journal (no compaction)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from annotations.store.database import AnnotationStore
    from reader.core.article import Article

    article = Article(id="a1", title="T", text="Unions demand a 10% raise. The ministry offered 4%.")
    store = AnnotationStore.open(path, annotator="faults")
    store.add_span(article, 0, 6, "demand")
    store.add_span(article, 7, 13, "demand")
    store.add_span(article, 27, 50, "concession")
    if crash:
        store._release()
    else:
        store.compact()  # into the tables' files and the summary
        store.close()


def _db_then(mutate: Callable[[Path], None], crash: bool = False) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        _db(path, crash=crash)
        mutate(path)

    return build


def _garbage_summary(db: Path) -> None:
    (db / "summary.json").write_bytes(b'{"format": garbage')


def _binary_summary(db: Path) -> None:
    (db / "summary.json").write_bytes(bytes(range(256)) * 4)


def _truncated_summary(db: Path) -> None:
    summary = db / "summary.json"
    summary.write_bytes(summary.read_bytes()[:-40])


def _article_table(db: Path) -> Path:
    """The file of the one article's table (not its history's)."""
    from annotations.store.tablefiles import table_file

    return table_file(db, "a1")


def _truncated_table(db: Path) -> None:
    table = _article_table(db)
    table.write_bytes(table.read_bytes()[:-40])


def _wrong_type_in_table(db: Path) -> None:
    table = _article_table(db)
    data = json.loads(table.read_text())
    [docs] = data.values()
    next(doc for doc in docs.values() if doc["kind"] == "span")["quote"] = True
    table.write_text(json.dumps(data))


def _journal_middle(db: Path) -> None:
    journal = db / "journal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    lines[1] = lines[1][: len(lines[1]) // 2]
    journal.write_bytes(b"\n".join(lines))


def _journal_dir(db: Path) -> None:
    (db / "journal.jsonl").unlink()
    (db / "journal.jsonl").mkdir()


def _db_file(path: Path) -> None:
    path.write_bytes(b'{"_default": {}}')


def _db_stranger(path: Path) -> None:
    path.mkdir()
    (path / "notes.txt").write_text("not a database", encoding="utf-8")


def _native_import(path: Path) -> None:
    text = "Unions demand a 10% raise."
    span = {
        "id": "s1",
        "start": 0,
        "end": 6,
        "label": "demand",
        "quote": "Unions",
        "note": "",
        "annotator": "x",
        "created": "2024-01-01T00:00:00+00:00",
        "updated": "2024-01-01T00:00:00+00:00",
        "origin": "manual",
        "flagged": False,
    }
    spans = [span, dict(span, id="s2", start=20, end=400, quote="x"), dict(span, id="s3", label="nonsense")]
    record = {"id": "a9", "text": text, "meta": {"title": "T"}, "spans": spans}
    path.write_text(json.dumps(record) + "\n{not json\n", encoding="utf-8")


def _spans_in(db: str, expected: int) -> Callable[[Path], str | None]:
    def check(root: Path) -> str | None:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from annotations.store.database import AnnotationStore

        with AnnotationStore.open(root / db, read_only=True) as store:
            count = len(store.all_spans())
        return None if count == expected else f"{db}: {count} spans stored, expected {expected}"

    return check


SAMPLE = {"a.txt": b"Unions demand a 10% raise.\n"}
APP = ("a.txt",)  # `newsdesk a.txt`: must stop with one line before the UI starts


def ours_cases() -> list[Case]:
    cases = []
    for name, what, build, expect in [
        (
            "db-garbage-summary",
            "summary.json is not JSON",
            _db_then(_garbage_summary),
            r"db/summary\.json:1: malformed summary .*left as it is",
        ),
        (
            "db-binary-summary",
            "summary.json is binary",
            _db_then(_binary_summary),
            r"db/summary\.json(:1)?: .*; left as it is",
        ),
        (
            "db-truncated-summary",
            "summary.json cut short",
            _db_then(_truncated_summary),
            r"db/summary\.json:1: malformed summary",
        ),
        (
            "db-journal-middle",
            "journal line 2 of 3 cut in half",
            _db_then(_journal_middle, crash=True),
            r"db/journal\.jsonl:2: corrupt journal line",
        ),
        (
            "db-journal-dir",
            "journal.jsonl is a directory",
            _db_then(_journal_dir),
            r"db/journal\.jsonl: cannot read the journal",
        ),
        ("db-is-a-file", "--db names a file", _db_file, r"db: not a newsdesk database \(expected a directory\)"),
        (
            "db-is-a-folder-of-other-files",
            "--db names a folder of other files",
            _db_stranger,
            r"db: not a newsdesk database \(it holds 'notes\.txt' and no database file\)",
        ),
    ]:
        runs = (
            Run(("--db", "db", *APP), 2, expect),
            Run(("export", "-f", "jsonl", "--db", "db", "-o", "out.jsonl"), 2, expect),
            Run(("list", "--db", "db", "a.txt"), 2, expect),
        )
        cases.append(Case("ours", name, what, {**SAMPLE, "db": build}, runs))
    # An article's table is read when that article is (open reads none), so an export finds it.
    for name, what, build, expect in [
        (
            "db-truncated-table",
            "an article's table cut short",
            _db_then(_truncated_table),
            r"db/tables/\w\w/\w+\.json:1: not valid JSON .*left as it is",
        ),
        (
            "db-wrong-type-in-table",
            "a span's quote is true",
            _db_then(_wrong_type_in_table),
            r"db/tables/\w\w/\w+\.json:\d+: span field 'quote' must be a string, got True; left as it is",
        ),
    ]:
        runs = (
            Run(("export", "-f", "jsonl", "--db", "db", "-o", "out.jsonl"), 2, expect),
            Run(("stats", "--db", "db"), 2, expect),
        )
        cases.append(Case("ours", name, what, {**SAMPLE, "db": build}, runs))
    # --force replaces an export's folder, never a folder of the user's own files (kept byte for byte).
    for name, what, files in [
        ("brat-force-user-folder", "--out names a folder of notes", {"mine/thesis.txt": b"x", "mine/sub/d.csv": b"1"}),
        ("brat-force-corpus-folder", "--out names a corpus of .txt", {"mine/a.txt": b"Talks\nHamas demands.\n"}),
    ]:
        runs = (
            Run(
                ("export", "-f", "brat", "--db", "db", "-o", "mine", "--force"),
                2,
                r"mine: not an earlier brat export of newsdesk .*left as it is, nothing written",
            ),
        )
        cases.append(Case("ours", name, what, {**SAMPLE, **files, "db": _db}, runs))
    schemas = [
        (
            "schema-yaml-error",
            "bad indentation",
            b'labels:\n  - name: demand\n    key: "1"\n   bad: x\n',
            r"labels\.yaml:4: YAML error",
        ),
        ("schema-wrong-type", "name is a number", b"labels:\n  - name: 5\n", r"labels\.yaml:2: 'name' must be text"),
        ("schema-not-list", "labels is a string", b'labels: "no"\n', r"labels\.yaml:1: 'labels' must be a list"),
        (
            "schema-duplicate-key",
            "two labels on key 1",
            b'labels:\n  - {name: a, key: "1"}\n  - {name: b, key: "1"}\n',
            r"labels\.yaml:3: .*key",
        ),
        ("schema-not-utf8", "UTF-16 bytes", b"\xff\xfel\x00a\x00", r"labels\.yaml: label schema is not UTF-8"),
    ]
    for name, what, content, expect in schemas:
        runs = (
            Run(("--labels", "labels.yaml", *APP), 2, expect),
            Run(("import", "imp.jsonl", "--format", "native", "--labels", "labels.yaml", "--db", "db"), 2, expect),
        )
        cases.append(
            Case("ours", name, what, {**SAMPLE, "labels.yaml": content, "imp.jsonl": _native_import, "db": _db}, runs)
        )
    for name, what, content, expect in [
        ("theme-yaml-error", "unclosed [", b"name: broken\nui: [\n", r"broken\.yaml:\d+: .*YAML"),
        (
            "theme-wrong-type",
            "dark: maybe, colour 12",
            b"name: broken\ndark: maybe\nui:\n  primary: 12\n",
            r"broken\.yaml:\d+: ",
        ),
    ]:
        runs = (Run(("show", "a", "a.txt", "--theme", "broken"), 2, rf"unknown theme 'broken' \(.*{expect}"),)
        cases.append(Case("ours", name, what, SAMPLE, runs, config={"themes/broken.yaml": content}))
    patterns = b'{"label": "ORG", "pattern": "Unions"}\n{"label": "ORG", "pattern": \n'
    cases.append(
        Case(
            "ours",
            "patterns-bad-line",
            "line 2 is cut JSON",
            {**SAMPLE, "p.jsonl": patterns},
            (
                Run(("entities", "--patterns", "p.jsonl", "a.txt"), 2, r"p\.jsonl:2: "),
                Run(("show", "a", "a.txt", "--patterns", "p.jsonl"), 2, r"p\.jsonl:2: "),
                Run(("--patterns", "p.jsonl", *APP), 2, r"p\.jsonl:2: "),
            ),
        )
    )
    cases.append(
        Case(
            "ours",
            "patterns-user-config",
            "config patterns.jsonl has a list",
            SAMPLE,
            (Run(("entities", "a.txt"), 2, r"patterns\.jsonl:1: "),),
            config={"patterns.jsonl": b'["ORG", "x"]\n'},
        )
    )
    cases.append(
        Case(
            "ours",
            "keymap-unknown-id",
            "article.bogus: ctrl+t",
            SAMPLE,
            (Run(APP, 2, r"keymap\.yaml:1: unknown command id 'article\.bogus'"),),
            config={"keymap.yaml": b'article.bogus: "ctrl+t"\n'},
        )
    )
    cases.append(
        Case(
            "ours",
            "keymap-not-mapping",
            "a YAML list",
            SAMPLE,
            (Run(APP, 2, r"keymap\.yaml:1: keymap must be a mapping of command ids to keys"),),
            config={"keymap.yaml": b"- a\n- b\n"},
        )
    )
    cases.append(
        Case(
            "ours",
            "config-wrong-type",
            "theme: 5",
            SAMPLE,
            (Run(APP, 2, r"config\.yaml:1: 'theme' must be text, not int 5"),),
            config={"config.yaml": b"theme: 5\n"},
        )
    )
    cases.append(
        Case(
            "ours",
            "import-bad-spans",
            "span past the text, unknown label, cut JSON line",
            {"imp.jsonl": _native_import, "db": _db},
            (
                Run(
                    ("import", "imp.jsonl", "--format", "native", "--db", "db"),
                    1,
                    r"imp\.jsonl:1: span s2: span 20\.\.400 is outside its text .*\n"
                    r".*imp\.jsonl:1: span s3: unknown label 'nonsense'.*\n.*imp\.jsonl:2: not valid JSON",
                ),
            ),
            check=_spans_in("db", 4),
            writes=("db/",),
        )
    )
    return cases


def case_bomb_mb(case: Case) -> int:
    """How big the case's server makes its decompression bombs (its input says so)."""
    found = re.search(r"inflating to (\d+) MB", case.input)
    return int(found.group(1)) if found else 256


def all_cases(full: bool = False) -> list[Case]:
    """Every case; ``full`` is the scale of the issue (50 MB, 10,000 entries), else smaller."""
    feeds = [feed_case(*row) for row in FEEDS]
    if not full:
        feeds = [
            case
            if case.name != "10k-entries"
            else feed_case(
                "1k-entries",
                "1,000 entries (10,000 in the full run)",
                _many(1000),
                0,
                r"imported 1,000 new articles",
                1000,
            )
            for case in feeds
        ]
    from faults_hostile import hostile_cases  # issue 16: servers, bombs, FIFOs, symlinks, aliases

    return [article_case(name, full) for name in ARTICLES] + feeds + ours_cases() + hostile_cases(full)
