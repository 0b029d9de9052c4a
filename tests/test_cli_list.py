"""``newsdesk list``: an aligned table on a terminal, TSV when piped, JSON with --json.

Titles, sources and ids come from outside: whatever they hold (markup, escape
sequences, tabs, line breaks), the user sees them as text on one line, one cell each.
"""

from __future__ import annotations

import json
import re
import sys

import pytest

from reader.cli.library import list_cells
from reader.cli.main import main

HOSTILE_TITLE = "[bold]Loud[/bold] \x1b[2J\x1b]0;PWNED\x07 tab\there\nline"


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "hostile.jsonl"
    rows = [
        {
            "id": "a1",
            "title": "Plain title",
            "source": "Wire",
            "published": "2024-01-02T10:00:00",
            "text": "Qatar said talks went on.",
        },
        {
            "id": "h\tid",
            "title": HOSTILE_TITLE,
            "source": "Src\twith tab",
            "published": "2024-02-03",
            "text": "one two three",
        },
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour and bold: the only escapes the table may write


def on_a_terminal(monkeypatch, columns: int) -> None:
    """stdout (captured by capsys) says it is a colour terminal; call in the test body, once capsys captures."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("TERM", "xterm-256color")


def seen(out: str) -> list[str]:
    """The lines a user sees: no escape but colours, which are then taken out."""
    assert SGR.sub("", out).count("\x1b") == 0 and "\x07" not in out
    return SGR.sub("", out).splitlines()


def test_on_a_terminal_an_aligned_table_with_markup_shown_as_text(corpus, monkeypatch, capsys):
    on_a_terminal(monkeypatch, columns=72)
    assert main(["list", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "\x1b[1mid" in out  # a terminal: the header is bold
    assert seen(out) == [
        "id   ┃ title                    ┃ source   ┃ date       ┃ words ┃ status",
        "━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━",
        "a1   │ Plain title              │ Wire     │ 2024-01-02 │     5 │ to do ",
        "h id │ [bold]Loud[/bold] \ufffd[2J\ufffd… │ Src wit… │ 2024-02-03 │     3 │ to do ",
    ]


def test_with_room_every_cell_is_whole(corpus, monkeypatch, capsys):
    on_a_terminal(monkeypatch, columns=120)
    assert main(["list", str(corpus)]) == 0
    assert seen(capsys.readouterr().out)[3] == (
        "h id │ [bold]Loud[/bold] \ufffd[2J\ufffd]0;PWNED\ufffd tab here line │ Src with tab │ 2024-02-03 │     3 "
        "│ to do "
    )


def test_ids_dates_and_counts_are_never_cut(monkeypatch, capsys):
    on_a_terminal(monkeypatch, columns=80)
    assert main(["list"]) == 0  # the seeds: 20-character ids
    lines = seen(capsys.readouterr().out)
    assert len(lines) == 7 and all(len(line) <= 80 for line in lines)
    assert lines[3] == "001_cf9cc913bd578db9 │ Advanced Prisoner… │ Al Ja… │ 2023-11-15 │   326 │ to do "


def test_a_narrow_terminal_leaves_out_source_then_date_before_cutting_an_id(monkeypatch, capsys):
    on_a_terminal(monkeypatch, columns=60)
    assert main(["list"]) == 0
    lines = seen(capsys.readouterr().out)
    assert lines[0] == "id                   ┃ title                ┃ words ┃ status"
    assert lines[3] == "001_cf9cc913bd578db9 │ Advanced Prisoner E… │   326 │ to do "
    monkeypatch.setenv("COLUMNS", "72")
    assert main(["list"]) == 0
    lines = seen(capsys.readouterr().out)
    assert lines[3] == "001_cf9cc913bd578db9 │ Advanced … │ Al Ja… │ 2023-11-15 │   326 │ to do "


def test_json_is_unchanged(corpus, capsys):
    assert main(["list", "--json", str(corpus)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["id"] for row in rows] == ["a1", "h id"]
    assert set(rows[0]) == {"id", "title", "source", "published", "url", "words", "status", "read"}


def test_cells_are_cleaned_whatever_reaches_them():
    row = {
        "id": "x\ty",
        "title": HOSTILE_TITLE,
        "source": "a\nb",
        "published": "2024-01-02\x9b",
        "words": 12,
        "status": "todo",
    }
    assert list_cells(row) == (
        "x y",
        "[bold]Loud[/bold] \ufffd[2J\ufffd]0;PWNED\ufffd tab here line",
        "a b",
        "2024-01-02",
        "12",
        "to do",
    )
