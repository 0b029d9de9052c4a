"""Files of ours, damaged, and two processes on one database (real ``newsdesk`` processes).

Corrupt databases (garbage, binary or cut snapshot, a journal line cut in the middle,
a journal that is a directory, ``--db`` naming a file), schemas, themes, patterns,
keymaps and config files with YAML errors or wrong types, and an annotation import with
a span outside its text or an unknown label: each stops with one line naming the file
(and line), exits non-zero, and leaves the file as it was. The app stops before its UI.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from faults_catalogue import NEWSDESK, _db, _native_import, ours_cases, run_case
from faults_catalogue import env_for as catalogue_env

from annotations.store.database import AnnotationStore
from reader.core.article import Article

CASES = ours_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_file_of_ours_through_the_cli(case, tmp_path: Path) -> None:
    result = run_case(case, tmp_path)
    assert result.ok, "\n".join(result.problems)


HOLDER = """
import sys
from annotations.store.database import AnnotationStore
from reader.core.article import Article
store = AnnotationStore.open(sys.argv[1], annotator="holder")
art = Article(id="h1", title="Held", text="The holder tagged this before anyone else came.")
store.add_span(art, 0, 10, "demand")
print("ready", flush=True)
for line in sys.stdin:  # each line: tag one more span, then say so
    store.add_span(art, 11, 17, "concession")
    print("saved", flush=True)
"""


def newsdesk(*argv: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NEWSDESK, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )


def test_second_process_reads_but_never_writes_and_a_killed_holder_frees_the_lock(tmp_path: Path) -> None:
    env = catalogue_env(tmp_path)
    db = tmp_path / "db"
    _db(db)  # three spans on a1
    _native_import(tmp_path / "imp.jsonl")
    (tmp_path / "a.txt").write_text("An article.\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        # export works read-only and sees the holder's acknowledged (journalled) span
        done = newsdesk("export", "-f", "jsonl", "--db", "db", "-o", "out.jsonl", cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
        assert sorted(len(r["spans"]) for r in records) == [1, 3]
        # a writer is refused with one line naming the holder; so is the app. Only the app,
        # which can open the database --read-only, is told to; the import refuses --read-only.
        for argv, advice in (
            (("import", "imp.jsonl", "--format", "native", "--db", "db"), "close the other newsdesk first"),
            (("--db", "db", "a.txt"), "close the other newsdesk or open it with --read-only"),
        ):
            refused = newsdesk(*argv, cwd=tmp_path, env=env)
            assert refused.returncode == 2 and "Traceback" not in refused.stderr
            (line,) = refused.stderr.splitlines()
            assert f"is locked by pid {holder.pid} (" in line and line.endswith(advice)
            assert argv[0] != "import" or "--read-only" not in line
        # the holder keeps writing after the refusals: nothing it acknowledged is lost
        holder.stdin.write("tag\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "saved"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # the kernel dropped the killed holder's lock: a writer gets in and finds every span
    done = newsdesk("import", "imp.jsonl", "--format", "native", "--db", "db", cwd=tmp_path, env=env)
    assert done.returncode == 1 and "imported 1 span on" in done.stdout, done.stdout + done.stderr
    with AnnotationStore.open(db, read_only=True) as store:
        assert len(store.spans("h1")) == 2 and len(store.spans("a1")) == 3 and len(store.spans("a9")) == 1


def test_read_only_export_of_a_database_being_written_is_consistent(tmp_path: Path) -> None:
    """While the writer saves, every read-only export sees a prefix of its saves, never a torn one."""
    env = catalogue_env(tmp_path)
    db = tmp_path / "db"
    _db(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        seen = []
        for n in range(3):
            holder.stdin.write("tag\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "saved"
            done = newsdesk("export", "-f", "jsonl", "--db", "db", "-o", f"out{n}.jsonl", cwd=tmp_path, env=env)
            assert done.returncode == 0, done.stderr
            records = {r["id"]: r for r in map(json.loads, (tmp_path / f"out{n}.jsonl").read_text().splitlines())}
            seen.append(len(records["h1"]["spans"]))
        assert seen == [2, 3, 4]
    finally:
        holder.stdin.close()
        holder.wait()


def test_a_valid_keymap_is_accepted_and_a_clash_is_named(tmp_path: Path) -> None:
    """Regression: ctrl+f was both article.flag and view.page_down, so every keymap.yaml was refused."""
    from reader.ui.keymap import find_conflict

    assert find_conflict({"view.sentence": "ctrl+g"}) is None
    command_id, problem = find_conflict({"view.sentence": "u"})
    assert command_id == "view.sentence" and "'u'" in problem and "article.undo" in problem


def test_spans_refused_at_import_leave_the_store_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "db"
    _db(db)
    _native_import(tmp_path / "imp.jsonl")
    with AnnotationStore.open(db, read_only=True) as store:
        before = sorted((s.article_id, s.start, s.end, s.label) for s in store.all_spans())
    env = catalogue_env(tmp_path)
    done = newsdesk("import", "imp.jsonl", "--format", "native", "--db", "db", cwd=tmp_path, env=env)
    assert done.returncode == 1
    with AnnotationStore.open(db, read_only=True) as store:
        after = sorted((s.article_id, s.start, s.end, s.label) for s in store.all_spans())
        assert (
            store.article("a1").text
            == Article(id="a1", title="", text="Unions demand a 10% raise. The ministry offered 4%.").text
        )
    assert sorted(set(after) - set(before)) == [("a9", 0, 6, "demand")] and set(before) <= set(after)
