"""Issue 16's smaller faults: keys typed before the first rows, a 20,000-label help, invisible characters.

* Keys pressed before the library has read its corpus are replayed once it has (the
  load is held at a gate here, so the keys surely come first), and a quit key is never held
  behind a load that does not end.
* The help lists 200 labels of a 20,000-label schema and counts the rest (it laid out all
  of them, for seconds, each time ``?`` was pressed).
* Bidi overrides and zero-width characters in titles and other metadata are shown as
  ``<U+202E>``; the article text keeps them as they are (its offsets).
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from conftest import wait_ready
from rich.console import Console

from reader.corpus.loader import CorpusLoader, open_corpus
from reader.text.normalise import clean_line, terminal_safe
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.help import MAX_LABELS_SHOWN, HelpScreen, labels_table
from reader.ui.widgets.article_list import ArticleList


def folder(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    for name in ("alpha", "bravo", "charlie"):
        (news / f"{name}.txt").write_text(f"{name.title()} headline\n\nBody of {name}.\n")
    return news


def gate_the_loader(monkeypatch) -> threading.Event:
    gate = threading.Event()
    scan = CorpusLoader.scan

    def gated(self, *args, **kwargs):
        assert gate.wait(30), "the test never opened the gate"
        yield from scan(self, *args, **kwargs)

    monkeypatch.setattr(CorpusLoader, "scan", gated)
    return gate


async def test_keys_typed_before_the_first_rows_are_replayed(make_app, tmp_path, monkeypatch) -> None:
    gate = gate_the_loader(monkeypatch)
    app = make_app(folder(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter")
        assert not app.library.query_one(ArticleList).metas  # typed before any row was listed
        gate.set()
        await wait_ready(app, pilot)
        for _ in range(20):  # the replayed keys go after the corpus is ready, then Enter opens the article
            if isinstance(app.screen, ArticleScreen):
                break
            await pilot.pause()
        second = app.library.query_one(ArticleList).metas[1]
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == second.id


async def test_a_quit_key_is_not_held_behind_a_load_that_does_not_end(make_app, tmp_path, monkeypatch) -> None:
    gate = gate_the_loader(monkeypatch)
    app = make_app(folder(tmp_path))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("down", "q")
            await pilot.pause()
            assert not app.is_running
    finally:
        gate.set()


async def test_the_help_of_a_20000_label_schema_lists_200_and_counts_the_rest(make_app, tmp_path) -> None:
    labels = tmp_path / "labels.yaml"
    labels.write_text(
        "labels:\n" + "".join(f"  - name: label{i}\n    description: label number {i}\n" for i in range(20_000))
    )
    app = make_app(labels=str(labels))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    console = Console(width=120, file=io.StringIO(), color_system=None)
    console.print(labels_table(app.schema.labels, app.theme_spec, 20))
    shown = console.file.getvalue()
    assert "label0 " in shown and f"label{MAX_LABELS_SHOWN - 1} " in shown
    assert f"label{MAX_LABELS_SHOWN} " not in shown and "label19999" not in shown
    assert f"… and {20_000 - MAX_LABELS_SHOWN:,} more" in shown


def test_bidi_overrides_and_zero_width_characters_are_shown_in_metadata_and_kept_in_text(tmp_path: Path) -> None:
    assert clean_line("a\u202eevil\u202c b\u200bc") == "a<U+202E>evil<U+202C> b<U+200B>c"
    assert terminal_safe("x\u2066y\u2069\nz\x1b") == "x<U+2066>y<U+2069>\nz\ufffd"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467 \u0645\u200f"  # ZWJ and RLM are left as they are
    assert clean_line(family) == family
    text = "Head \u202eline\u202c\n\nBody \u202ekept\u202c \u200b here.\n"
    (tmp_path / "rtl.txt").write_text(text)
    corpus = open_corpus(tmp_path)
    assert corpus.meta("rtl").title == "Head <U+202E>line<U+202C>"
    assert corpus.load("rtl").text == text


def test_first_rows_release_the_keys_before_an_enter_and_the_corpus_the_rest() -> None:
    from textual import events

    from reader.ui.early_keys import EarlyKeys

    keys = EarlyKeys()
    for key, char in (("j", "j"), ("ctrl+j", "\n"), ("k", "k")):
        assert keys.hold(events.Key(key, char))
    (replayed,) = keys.release(corpus_ready=False)  # first rows: the Enter waits for the corpus
    assert replayed.key == "j"
    assert not keys.hold(replayed)  # a replayed key goes through, even while holding goes on
    assert keys.hold(events.Key("x", "x"))  # typed meanwhile: behind the Enter
    assert [k.key for k in keys.release()] == ["enter", "k", "x"]
    assert not keys.hold(events.Key("y", "y"))  # released for good

    keys = EarlyKeys()
    keys.hold(events.Key("j", "j"))
    assert [k.key for k in keys.release(corpus_ready=False)] == ["j"]
    assert not keys.hold(events.Key("k", "k"))  # no Enter held: the first rows end the holding
