"""The session file's layout: per-corpus state under a stable key, the most recent corpora kept."""

from __future__ import annotations

from reader.core.session import KEEP_CORPORA, corpus_key, corpus_state, session_to_save


def test_corpus_key_is_stable_across_imports_and_working_folders(tmp_path, monkeypatch):
    assert corpus_key(None) == "default"
    assert corpus_key("https://example.org/feed.xml") == "https://example.org/feed.xml"
    assert corpus_key("HTTP://example.org/feed.xml") == "HTTP://example.org/feed.xml"  # a URL, as the loader reads it
    (tmp_path / "news").mkdir()
    monkeypatch.chdir(tmp_path)
    assert corpus_key("news") == corpus_key(str(tmp_path / "news")) == str((tmp_path / "news").resolve())


def test_corpus_state_repairs_a_malformed_session():
    session = {"corpora": ["not", "a", "dict"]}
    corpus_state(session, "default")["filter"] = "x"
    assert session["corpora"] == {"default": {"filter": "x"}}


def test_saved_session_keeps_the_recent_corpora_and_drops_old_global_keys():
    session = {"theme": "t", "article": "old", "filter": "old", "resume": True, "corpora": {}}
    for i in range(KEEP_CORPORA + 5):
        corpus_state(session, f"c{i}")["filter"] = str(i)
    saved = session_to_save(session, "c0")
    assert saved["corpus"] == "c0" and saved["theme"] == "t"
    assert "article" not in saved and "filter" not in saved and "resume" not in saved
    assert len(saved["corpora"]) == KEEP_CORPORA
    assert list(saved["corpora"])[-1] == "c0"  # the current corpus is the most recent
    assert "c1" not in saved["corpora"] and f"c{KEEP_CORPORA + 4}" in saved["corpora"]


def test_session_keeps_per_corpus_choices_apart_and_writes_them(tmp_path):
    from reader.core.session import Session, load_session

    path = tmp_path / "session.json"
    session = Session({}, None, path=path)
    session.remember(filter="gaza", sort="title", screen="library")
    session.theme = "newsdesk-light"
    session.set_hidden_entities({"DATE"})  # saved at once
    saved = load_session(path)
    assert saved["sort"] == "title" and saved["theme"] == "newsdesk-light" and saved["hidden_entities"] == ["DATE"]
    assert saved["corpora"]["default"] == {"filter": "gaza", "screen": "library"}
    other = Session(saved, str(tmp_path))  # another corpus: its own filter, the same sort
    assert other.remembered("filter") is None and other.remembered("sort") == "title"


def test_cursor_positions_are_written_by_flush_unless_durable(tmp_path):
    from reader.core.session import Session, load_session

    path = tmp_path / "session.json"
    session = Session({}, None, path=path)
    session.remember_position("a", 12, durable=False)
    assert not path.exists()
    session.flush()
    assert load_session(path)["positions"] == {"a": 12}
    session.remember_position("b", 3)
    assert load_session(path)["positions"] == {"a": 12, "b": 3} and session.saved_position("c") == 0


def test_resume_place_is_given_once():
    from reader.core.session import Session

    state = {"corpora": {"default": {"screen": "article", "article": "x"}}}
    session = Session(state, None)
    assert session.resume_place() == ("x", True)
    assert session.resume_place() == (None, False)
    assert Session({**state, "resume": False}, None).resume_place() == (None, False)
    library = {"corpora": {"default": {"screen": "library", "article": "x"}}}
    assert Session(library, None).resume_place() == ("x", False)  # the cursor goes there, nothing opens
