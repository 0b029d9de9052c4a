"""Sessions pick up where they left off; keymaps remap keys by command id."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import wait_ready

from reader.core import paths
from reader.core.errors import UserError
from reader.core.session import load_session
from reader.ui.keymap import load_keymap
from reader.ui.screens.article import ArticleScreen
from reader.ui.widgets.article_list import ArticleList


async def test_reopen_returns_to_article_position_theme_filter_and_toggles(make_app, tmp_path):
    db = tmp_path / "s.db"
    app = make_app(db=db)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("slash", *"Egypt", "enter")  # two of the five seeds mention it
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        article_id = app.screen.article.id
        await pilot.press("w", "w", "w", "j")
        cursor = app.screen.view.cursor
        app.apply_theme("newsdesk-light")
        app.session.set_hidden_entities({"CARDINAL"})
        await pilot.pause()
    app.store.close()  # closed from the article: the next start opens it again
    state = load_session()
    assert state["theme"] == "newsdesk-light" and state["corpora"]["default"]["article"] == article_id
    app2 = make_app(db=db, theme=state["theme"], session=state)
    async with app2.run_test(size=(120, 35)) as pilot:
        await wait_ready(app2, pilot)
        await pilot.pause()
        assert isinstance(app2.screen, ArticleScreen)
        assert app2.screen.article.id == article_id
        assert app2.screen.view.cursor == cursor
        assert app2.theme == "newsdesk-light"
        assert "CARDINAL" in app2.session.hidden_entities
        await pilot.press("escape")
        await pilot.pause()
        await wait_ready(app2, pilot)
        library = app2.screen
        assert library.filter_text == "Egypt"
        listed = {m.id for m in library.query_one(ArticleList).metas}
        mention = {m.id for m in app2.corpus.metas if "egypt" in (m.title + app2.corpus.load(m.id).text).casefold()}
        assert listed == mention and 0 < len(listed) < len(app2.corpus.metas)


def write_keymap(text: str):
    path = paths.config_dir() / "keymap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_keymap_remaps_by_id():
    write_keymap("view.sentence: ctrl+s\narticle.tag_pick: ctrl+t\n")
    keymap, warnings = load_keymap()
    assert keymap == {"view.sentence": "ctrl+s", "article.tag_pick": "ctrl+t"} and warnings == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("view.nonsense: x\n", ":1: unknown command id 'view.nonsense'"),
        ("article.delete: u\n", "key 'u' is given to both"),
        ("view.sentence: [1, 2]\n", ":1: 'view.sentence' must be text, e.g. 'ctrl+s'"),
        ("- a\n", "keymap must be a mapping of command ids to keys"),
    ],
)
def test_bad_keymap_is_one_line_with_the_place(body, expected):
    path = write_keymap(body)
    with pytest.raises(UserError) as err:
        load_keymap()
    assert str(path) in str(err.value) and expected in str(err.value)
    assert "\n" not in str(err.value)


def test_default_keys_do_not_clash():
    from reader.ui.keymap import find_conflict

    assert find_conflict({}) is None


async def test_remapped_key_works_in_the_app(make_app):
    write_keymap("view.sentence: ctrl+s\n")
    keymap, _ = load_keymap()
    app = make_app()
    app.user_keymap = keymap
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        text = view.text
        view.move_cursor(text.index("Recent leaks"))
        await pilot.press("ctrl+s", "1")
        await pilot.pause()
        spans = app.store.spans(app.screen.article.id)
        assert [s.quote[:12] for s in spans] == ["Recent leaks"]
        assert spans[0].quote.endswith("soon.")


def free_label_keys() -> str:
    """Printable keys no article-screen command takes: what a label may use (asked of the
    same check the app runs at start, so a new command's key is never handed to a label)."""
    from annotations.schema import load_schema
    from reader.core.errors import UserError
    from reader.ui.keymap import check_label_keys

    free = ""
    for key in "123456789#ABCDEFGHIJKLMNOPQRSTUVWXYZ%&*+=-_;:@!^~|<>[]{}":
        path = Path(tempfile.mkdtemp()) / "one.yaml"
        path.write_text(f"labels:\n  - name: x\n    key: {key!r}\n")
        try:
            check_label_keys(load_schema(path), {})
        except UserError:
            continue
        free += key
    return free


FREE_KEYS = free_label_keys()


def many_labels(tmp_path, count=32):
    lines = ["labels:"]
    for i in range(count):
        lines += [f"  - name: label {i}", f"    key: {FREE_KEYS[i]!r}"]
    lines += ["  - name: no key at all"]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


async def test_thirty_two_labels_each_reachable_by_its_key(make_app, tmp_path):
    from reader.ui.keymap import check_label_keys

    labels = many_labels(tmp_path)
    app = make_app(labels=labels)
    check_label_keys(app.schema, {})
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        for i, key in enumerate(FREE_KEYS[:32]):
            screen.view.move_cursor(0)
            await pilot.press("s", key)
            await pilot.pause()
            assert f"label {i}" in {s.label for s in app.store.spans(screen.article.id)}, key
        # a label without a key is reached through the picker
        await pilot.press("s", "t", *"no key", "enter")
        await pilot.pause()
        assert "no key at all" in {s.label for s in app.store.spans(screen.article.id)}


def test_a_label_key_taken_by_a_command_is_reported(tmp_path):
    from annotations.schema import load_schema
    from reader.ui.keymap import check_label_keys

    path = tmp_path / "clash.yaml"
    path.write_text("labels:\n  - name: demand\n    key: s\n")
    with pytest.raises(UserError) as err:
        check_label_keys(load_schema(path), {})
    assert "key 's' of label 'demand' is already view.sentence" in str(err.value)
    check_label_keys(load_schema(path), {"view.sentence": "ctrl+s"})  # remapped: no clash
