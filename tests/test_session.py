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
