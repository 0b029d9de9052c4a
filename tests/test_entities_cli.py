"""``newsdesk entities``: JSONL and table output, normalised offsets, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.text.normalise import normalise_text


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["entities", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_offsets_point_into_the_normalised_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = "Prime Minister Benjamin Netanyahu\r\nmet \x07Hamas\r in Gaza on Friday.\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    code, out, err = run(capsys, str(path), "--format", "jsonl")
    assert code == 0 and err == ""
    rows = [json.loads(line) for line in out.splitlines()]
    text = normalise_text(raw)
    assert text != raw
    assert all(set(row) == {"file", "start", "end", "label", "text"} for row in rows)
    assert all(row["file"] == str(path) for row in rows)
    assert all(text[row["start"] : row["end"]] == row["text"] for row in rows)
    got = {(row["text"], row["label"]) for row in rows}
    assert {("Benjamin Netanyahu", "PERSON"), ("Hamas", "ORG"), ("Gaza", "GPE"), ("Friday", "DATE")} <= got


def test_several_files_and_default_format_when_piped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "one.txt"
    first.write_text("Reuters reported from Cairo.", encoding="utf-8")
    second = tmp_path / "two.md"
    second.write_text("🙂 NATO met in Brussels on October 7, 2023.", encoding="utf-8")
    code, out, _ = run(capsys, str(first), str(second))  # not a terminal: JSONL
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["file"] for row in rows] == [str(first)] * 2 + [str(second)] * 3
    assert rows[-1] == {"file": str(second), "start": 26, "end": 41, "label": "DATE", "text": "October 7, 2023"}


def test_table_format_is_plain_when_piped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("[bold red]x[/] Hamas met Steve Witkoff in Doha.", encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--format", "table")
    assert code == 0
    assert "\x1b[" not in out
    for word in ("label", "text", "ORG", "Hamas", "PERSON", "Steve Witkoff", "GPE", "Doha"):
        assert word in out


def test_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    code, out, err = run(capsys, str(missing))
    assert code == 2 and out == ""
    assert err == f"newsdesk: {missing}: no such file\n"


def test_bad_patterns_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Gaza", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "ORG", "pattern": "Ok"}\n{"label": 3, "pattern": "x"}\n', encoding="utf-8")
    code, out, err = run(capsys, str(text), "--patterns", str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"newsdesk: {bad}:2: ") and err.count("\n") == 1


def test_user_patterns_option_is_repeatable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Akismet and Zorblax met.", encoding="utf-8")
    one = tmp_path / "one.jsonl"
    one.write_text('{"label": "ORG", "pattern": "Akismet"}\n', encoding="utf-8")
    two = tmp_path / "two.jsonl"
    two.write_text('{"label": "PRODUCT", "pattern": "Zorblax"}\n', encoding="utf-8")
    code, out, _ = run(capsys, str(text), "--patterns", str(one), "--patterns", str(two), "--format", "jsonl")
    assert code == 0
    got = {(json.loads(line)["text"], json.loads(line)["label"]) for line in out.splitlines()}
    assert {("Akismet", "ORG"), ("Zorblax", "PRODUCT")} <= got


def test_non_utf8_file_warns_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 talks in Gaza.".encode("cp1252"))
    code, out, err = run(capsys, str(path), "--format", "jsonl")
    assert code == 0
    assert err.count("\n") == 1 and str(path) in err and "not UTF-8" in err
    assert '"Gaza"' in out


def test_unknown_backend_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Gaza", encoding="utf-8")
    code, _, err = run(capsys, str(path), "--ner", "bogus")
    assert code == 2 and err.count("\n") == 1 and "unknown entity recogniser" in err


def test_html_is_read_as_the_text_in_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Page</title><style>p{color:red}</style>"
        "<script>var city = 'Paris';</script></head><body><h1>Ceasefire</h1>"
        "<p>Qatar and <b>Egypt</b> mediated talks in Cairo &amp; Doha.</p></body></html>"
    )
    code, out, err = run(capsys, str(page))
    assert code == 0 and err == ""
    assert out.splitlines() == [  # offsets into "Ceasefire\n\nQatar and Egypt mediated talks in Cairo & Doha."
        json.dumps({"file": str(page), "start": 11, "end": 16, "label": "GPE", "text": "Qatar"}),
        json.dumps({"file": str(page), "start": 21, "end": 26, "label": "GPE", "text": "Egypt"}),
        json.dumps({"file": str(page), "start": 45, "end": 50, "label": "GPE", "text": "Cairo"}),
        json.dumps({"file": str(page), "start": 53, "end": 57, "label": "GPE", "text": "Doha"}),
    ]


def test_a_feed_is_read_as_its_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Talks in Doha</title><link>http://example.com/a</link>"
        "<description><![CDATA[<p>Qatar said on <b>Monday</b> that talks went on.</p>]]>"
        "</description></item></channel></rss>"
    )
    code, out, err = run(capsys, str(feed))
    assert code == 0 and err == ""
    assert out.splitlines() == [  # offsets into "Talks in Doha\n\nQatar said on Monday that talks went on."
        json.dumps({"file": str(feed), "start": 9, "end": 13, "label": "GPE", "text": "Doha"}),
        json.dumps({"file": str(feed), "start": 15, "end": 20, "label": "GPE", "text": "Qatar"}),
        json.dumps({"file": str(feed), "start": 29, "end": 35, "label": "DATE", "text": "Monday"}),
    ]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"),
        (
            "notes.docx",
            b"PK\x03\x04" + bytes(range(256)),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("blob.bin", bytes(range(256)) * 4, "application/octet-stream"),
        ("data", bytes(range(256)) * 4, "binary data"),
        ("fake.txt", bytes(range(256)) * 4, "binary data"),  # named text, holds none
    ],
)
def test_a_file_that_is_not_text_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    assert err == f"newsdesk: {path}: not a text file ({kind})\n"


def test_unknown_theme_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Hamas met in Doha.", encoding="utf-8")
    code, out, err = run(capsys, "--theme", "nope", str(path))
    assert code == 2 and out == ""
    assert err.startswith("newsdesk: unknown theme 'nope' (available: ") and err.count("\n") == 1


def test_a_broken_feed_read_by_a_command_that_imports_nothing_never_says_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Talks in Doha</title><guid>a1</guid><description>Hamas met Qatar.</description></item>"
        "<item><title>Second</title><guid>b1</guid><description>More.</description></item></channel></r"
    )
    path = tmp_path / "feed.xml"
    path.write_text(feed, encoding="utf-8")
    for command in (["entities", str(path), "--format", "jsonl"], ["list", str(path)]):
        assert main(command) == 0
        err = capsys.readouterr().err
        assert "read the 2 entries that parsed" in err and "import" not in err, err
