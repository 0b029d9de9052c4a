"""A full disk under every export, a quit during a fetch that never ends, and what killed writers leave.

* Export to a real full disk (a 64 KB tmpfs, mounted when the tests run as root, else
  skipped): every format gives one line and exit 2, leaves no temporary file, and the app's
  export says so in a notification and stays alive.
* The app quits while its corpus is a feed URL trickling a byte at a time: the fetch stops
  (the server sees the client go), so no thread keeps the process alive. The fetch deadline
  is raised to an hour here, so only the cancel can have stopped it.
* Temporary siblings of our naming left by a writer killed with SIGKILL are removed by the
  next write; a live writer's (locked) and a just-made one are left alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import shown_toasts, wait_ready
from faults_catalogue import NEWSDESK, env_for
from faults_server import HostileServer, wait_until

from annotations.formats.registry import FORMATS
from reader.core.article import Article
from reader.core.atomic import STALE_AFTER, atomic_binary, sweep_stale

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def full_disk(tmp_path: Path):
    """A folder on a 64 KB tmpfs, filled to the last block."""
    mount = tmp_path / "full"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs (needs root)")
    try:
        with open(mount / "filler", "wb", buffering=0) as handle:
            try:
                while True:  # up to the last block
                    handle.write(bytes(512))
            except OSError:
                pass
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def database_with_spans(path: Path) -> None:
    from annotations.store.database import AnnotationStore

    text = "Unions demand a 10% raise. " * 400
    with AnnotationStore.open(path, annotator="faults") as store:
        for i in range(3):
            article = Article(id=f"a{i}", title=f"Title {i}", text=text)
            store.add_span(article, 0, 6, "demand")
            store.add_span(article, 7, 13, "demand")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_to_a_full_disk_is_one_line_and_leaves_nothing(fmt: str, full_disk: Path, tmp_path: Path) -> None:
    if fmt == "spacy":
        pytest.importorskip("spacy")
    database_with_spans(tmp_path / "db")
    before = sorted(p.name for p in full_disk.iterdir())
    done = subprocess.run(
        [NEWSDESK, "export", "--format", fmt, "--db", str(tmp_path / "db"), "--out", str(full_disk / "out")],
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"newsdesk: {full_disk / 'out'}: cannot write the export (No space left on device)")
    assert sorted(p.name for p in full_disk.iterdir()) == before  # no temp file, no half export


async def test_the_app_says_an_export_failed_on_a_full_disk_and_goes_on(make_app, full_disk, tmp_path, monkeypatch):
    from reader.ui.transfer import start_export

    db = tmp_path / "db"
    database_with_spans(db)
    monkeypatch.chdir(full_disk)  # the app exports to the current folder
    app = make_app(db=db)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await wait_ready(app, pilot)
        start_export(app, "jsonl")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = shown_toasts(app)
        assert any(m.startswith("Export failed: ") and "No space left on device" in m for m in messages), messages
        assert app.is_running
        await pilot.press("down")  # still answering keys
        await pilot.pause()
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


async def test_quitting_while_a_feed_url_trickles_stops_the_fetch(make_app, monkeypatch) -> None:
    import reader.corpus.feed_bytes as feed_bytes

    monkeypatch.setattr(feed_bytes, "TIMEOUT", 3600.0)  # only the cancel can stop it
    with HostileServer(every=0.2) as server:
        app = make_app(server.url("/slow-body"))
        async with app.run_test(size=(100, 30)) as pilot:
            assert wait_until(lambda: "/slow-body" in server.requests), "the fetch never started"
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
        assert wait_until(lambda: server.hangups >= 1, timeout=30), "the fetch went on after the app quit"


def test_a_cancelled_import_stops_its_fetch(tmp_path: Path) -> None:
    import threading

    from reader.corpus.importing import ImportCancelled, import_articles

    cancel = threading.Event()
    failure: list[BaseException] = []
    with HostileServer(every=0.2) as server:

        def run() -> None:
            try:
                import_articles(server.url("/slow-headers"), tmp_path / "lib.jsonl", cancel=cancel)
            except BaseException as err:  # noqa: BLE001 (handed to the test thread)
                failure.append(err)

        worker = threading.Thread(target=run)
        worker.start()
        assert wait_until(lambda: "/slow-headers" in server.requests)
        cancel.set()
        worker.join(30)
        assert not worker.is_alive()
    assert [type(err) for err in failure] == [ImportCancelled]
    assert not (tmp_path / "lib.jsonl").exists()


WRITER = """
import sys
from pathlib import Path
from reader.core.atomic import atomic_binary
with atomic_binary(Path(sys.argv[1])) as out:
    out.write(b"x" * 100000)
    out.flush()
    print("writing", flush=True)
    sys.stdin.read()  # killed here
"""


def test_temp_files_of_killed_writers_are_swept_at_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "library.jsonl"
    target.write_bytes(b"")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    assert killed.stdout.readline() == b"writing\n"
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    live = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    try:
        assert live.stdout.readline() == b"writing\n"
        temps = sorted(tmp_path.glob(".library.jsonl.*.tmp"))
        assert len(temps) == 2
        old = time.time() - 2 * STALE_AFTER
        for temp in temps:
            os.utime(temp, (old, old))
        young = tmp_path / ".library.jsonl.young.tmp"
        young.write_bytes(b"just made")  # not locked yet, but not old: left alone
        other = tmp_path / ".other.jsonl.x.tmp"
        other.write_bytes(b"another file's")
        os.utime(other, (old, old))
        with atomic_binary(target) as out:
            out.write(b"new\n")
        left = sorted(p.name for p in tmp_path.iterdir())
        (kept,) = [name for name in left if name.startswith(".library.jsonl.") and name != young.name]
        assert young.name in left and other.name in left
        assert target.read_bytes() == b"new\n"
    finally:
        live.kill()
        live.wait()
    assert [p.name for p in sweep_stale(target)] == [kept]  # the live writer's, now that it is dead


def test_a_folder_that_cannot_be_moved_aside_is_kept_and_nothing_of_ours_stays(tmp_path: Path, monkeypatch) -> None:
    """Replacing a folder moves it aside first; when that rename fails (EBUSY: the folder is a
    mount point or a working folder), the folder stays as it was and neither our new folder
    nor the empty one made to receive the old is left beside it."""
    from reader.core import atomic

    target = tmp_path / "export"
    target.mkdir()
    (target / "kept.txt").write_text("mine")
    real_replace = os.replace

    def busy(src, dst):  # type: ignore[no-untyped-def]
        if Path(src) == target:
            raise OSError(16, "Device or resource busy")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", busy)
    with pytest.raises(OSError), atomic.atomic_dir(target) as folder:
        (folder / "new.txt").write_text("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]
    assert [p.name for p in target.iterdir()] == ["kept.txt"]
