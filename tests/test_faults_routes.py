"""Every route by which a string from outside reaches the terminal, sent one payload.

One table: each route builds its hostile input (a feed entry's title, link and author; an
HTTP reason phrase; an annotation file's title, annotator, note and quote; brat file
names; a file name in an error), runs newsdesk as a user would (a real process for the
command line, Pilot for the app, whose bytes are what Textual would write for a full
update) and returns the bytes the terminal got. Every route must show the payload (its
``PWNED`` marker: the route was really taken) without an ESC, a BEL, a C1 control or a raw
bidi override in those bytes.
"""

from __future__ import annotations

import json
import re
import subprocess
import webbrowser
from pathlib import Path

import pytest
from conftest import shown_toasts, wait_ready
from faults_catalogue import NEWSDESK, env_for
from faults_server import PAYLOAD, HostileServer, feed_with_payload

from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.stats import StatsScreen

# What Textual itself writes for a full update: cursor placement and SGR colours (and links).
TEXTUAL_CODES = re.compile(r"\x1b\[\d+;\d+H|\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")
LEAKS = re.compile("[\x07\x1b\x80-\x9f\u202a-\u202e\u2066-\u2069]")
FILE_SAFE = PAYLOAD.replace("/", "_")


def cli(tmp_path: Path, *argv: str) -> str:
    """stdout + stderr of one real ``newsdesk`` run, decoded as the terminal would."""
    done = subprocess.run([NEWSDESK, *argv], cwd=tmp_path, env=env_for(tmp_path), capture_output=True, timeout=120)
    return (done.stdout + done.stderr).decode("utf-8", "replace")


def feed(tmp_path: Path) -> Path:
    path = tmp_path / "feed.xml"
    path.write_bytes(feed_with_payload())
    return path


def native_file(tmp_path: Path) -> Path:
    text = f"Alpha beta {PAYLOAD} gamma."
    record = {
        "id": "art1",
        "text": text,
        "meta": {"title": f"Title {PAYLOAD}", "source": f"Src {PAYLOAD}", "status": "done"},
        "spans": [
            {
                "id": "s1",
                "start": 0,
                "end": len(text),
                "label": "demand",
                "quote": text,
                "note": f"N {PAYLOAD}",
                "annotator": f"An {PAYLOAD}",
            },
        ],
    }
    path = tmp_path / "spans.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def brat_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / f"{FILE_SAFE}.txt").write_text("Alpha beta.\n", encoding="utf-8")
    (folder / f"{FILE_SAFE}.ann").write_text("T1\tdemand 0 5\tWrong\n", encoding="utf-8")  # an error names the file
    return folder


def cli_show_feed(tmp_path: Path) -> str:
    from reader.corpus.feeds import load_feed

    path = feed(tmp_path)
    (article,) = load_feed(path).articles
    return cli(tmp_path, "show", article.id, str(path))


def cli_list_feed(tmp_path: Path) -> str:
    return cli(tmp_path, "list", str(feed(tmp_path)))


def cli_list_json(tmp_path: Path) -> str:
    out = cli(tmp_path, "list", "--json", str(feed(tmp_path)))
    (line,) = [line for line in out.splitlines() if line.startswith("{")]
    assert json.loads(line)["title"].count("PWNED") == 1  # the data is kept, escaped
    return out


def cli_import_reason_phrase(tmp_path: Path) -> str:
    with HostileServer() as server:
        return cli(tmp_path, "import", server.url("/reason"))


def cli_import_feed_url(tmp_path: Path) -> str:
    with HostileServer() as server:
        out = cli(tmp_path, "import", server.url("/feed"))
    return out + cli(tmp_path, "list")


def cli_stats_after_native_import(tmp_path: Path) -> str:
    out = cli(tmp_path, "import", str(native_file(tmp_path)), "--format", "native", "--db", "db")
    return out + cli(tmp_path, "stats", "--db", "db")


def cli_stats_json(tmp_path: Path) -> str:
    cli(tmp_path, "import", str(native_file(tmp_path)), "--format", "native", "--db", "db")
    return cli(tmp_path, "stats", "--json", "--db", "db")


def cli_brat_file_names(tmp_path: Path) -> str:
    return cli(tmp_path, "import", str(brat_folder(tmp_path)), "--format", "brat", "--db", "db")


def cli_error_names_a_file(tmp_path: Path) -> str:
    return cli(tmp_path, "show", "x", f"{FILE_SAFE}.txt")


CLI_ROUTES = {
    "show: a feed entry's title, link, author": cli_show_feed,
    "list: the same feed as a table": cli_list_feed,
    "list --json": cli_list_json,
    "import URL: the HTTP reason phrase": cli_import_reason_phrase,
    "import URL: a feed's entries, then list": cli_import_feed_url,
    "stats: annotation-import titles, annotators, quotes": cli_stats_after_native_import,
    "stats --json": cli_stats_json,
    "import --format brat: file names": cli_brat_file_names,
    "an error naming a file": cli_error_names_a_file,
}


def check(out: str) -> None:
    assert "PWNED" in out, f"the route was not taken: {out[:300]!r}"
    leaks = sorted({f"U+{ord(ch):04X}" for ch in LEAKS.findall(out)})
    assert not leaks, f"{leaks} reached the terminal: {out[:400]!r}"
    assert "Traceback" not in out


@pytest.mark.parametrize("route", list(CLI_ROUTES), ids=list(CLI_ROUTES))
def test_cli_route_shows_the_payload_inert(route: str, tmp_path: Path) -> None:
    check(CLI_ROUTES[route](tmp_path))


# ---- the app -----------------------------------------------------------------------------


def screen_bytes(app) -> str:
    """The whole screen as Textual would write it to the terminal, less Textual's own codes."""
    update = app.screen._compositor.render_full_update()
    return TEXTUAL_CODES.sub("", update.render_segments(app.console))


async def app_library_titles(make_app, tmp_path: Path, monkeypatch) -> str:
    app = make_app(feed(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_ready(app, pilot)
        return screen_bytes(app)


async def app_open_link_notice(make_app, tmp_path: Path, monkeypatch) -> str:
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: True)
    app = make_app(feed(tmp_path))
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("o")
        await pilot.pause()
        notices = " ".join(shown_toasts(app))
        assert "Opening https://e.org/" in notices
        return screen_bytes(app) + notices


async def app_stats_screen(make_app, tmp_path: Path, monkeypatch) -> str:
    cli(tmp_path, "import", str(native_file(tmp_path)), "--format", "native", "--db", str(tmp_path / "db"))
    app = make_app(db=tmp_path / "db")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_ready(app, pilot)
        app.action_stats()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        return screen_bytes(app)


async def app_import_failure_notice(make_app, tmp_path: Path, monkeypatch) -> str:
    from reader.ui.transfer import start_import

    app = make_app()
    with HostileServer() as server:
        async with app.run_test(size=(160, 30), notifications=True) as pilot:
            await wait_ready(app, pilot)
            start_import(app, server.url("/reason"))
            await app.workers.wait_for_complete()
            await pilot.pause()
            notices = " ".join(shown_toasts(app))
            assert "Import failed" in notices
            return screen_bytes(app) + notices


APP_ROUTES = {
    "app: library titles of a feed": app_library_titles,
    "app: 'Opening {url}' after o": app_open_link_notice,
    "app: stats of imported annotations": app_stats_screen,
    "app: an import's HTTP reason phrase": app_import_failure_notice,
}


@pytest.mark.parametrize("route", list(APP_ROUTES), ids=list(APP_ROUTES))
async def test_app_route_shows_the_payload_inert(route: str, make_app, tmp_path: Path, monkeypatch) -> None:
    check(await APP_ROUTES[route](make_app, tmp_path, monkeypatch))
