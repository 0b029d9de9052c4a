"""Every figure of ``annotations.stats`` on stores filled here, and ``newsdesk stats``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from annotations.model import Span
from annotations.stats import bar, bucket, compute_stats, sparkline, utc_day
from annotations.store.database import AnnotationStore
from reader.cli.main import main
from reader.core import paths
from reader.core.article import Article, ArticleMeta

TEXT_A = "Rebels demand a ceasefire now.  Ceasefire   NOW, they said. At least 12 killed."
TEXT_B = "The army offered a ceasefire now. ceasefire now! Talks resume."
TEXT_C = "Nothing tagged here."

A = Article(id="a", title="Alpha title", text=TEXT_A)
B = Article(id="b", title="Bravo title", text=TEXT_B)
C = Article(id="c", title="Charlie title", text=TEXT_C)


def at(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def imported(article: Article, quote: str, label: str, *, annotator: str, created: str, nth: int = 0) -> Span:
    start, end = at(article.text, quote, nth)
    return Span(
        id=f"{article.id}-{label}-{start}-{annotator}",
        article_id=article.id,
        text_sha256=article.sha256,
        start=start,
        end=end,
        label=label,
        quote=quote,
        annotator=annotator,
        created=created,
        updated=created,
    )


@pytest.fixture
def store(tmp_path):
    """Three articles: a has 4 spans (2 annotators, 2 days), b has 3 (1 flagged), c none."""
    db = AnnotationStore.open(tmp_path / "db", annotator="ann")
    db.import_spans(
        A,
        [
            imported(A, "ceasefire now", "demand", annotator="ann", created="2026-01-01T09:00:00+00:00"),
            imported(A, "Ceasefire   NOW", "demand", annotator="bob", created="2026-01-01T23:59:59+00:00"),
            # 23:30 at -02:00 is 01:30 the next day in UTC
            imported(A, "At least 12 killed", "casualty figure", annotator="bob", created="2026-01-02T23:30:00-02:00"),
            imported(A, "Rebels", "actor", annotator="ann", created="not a time"),
        ],
    )
    db.import_spans(
        B,
        [
            imported(B, "ceasefire now", "concession", annotator="ann", created="2026-01-05T10:00:00Z"),
            imported(B, "ceasefire now", "demand", annotator="ann", created="2026-01-05T11:00:00+00:00", nth=1),
            imported(B, "Talks resume", "concession", annotator="ann", created="2026-01-05T12:00:00"),
        ],
    )
    db.remember_article(C)
    flagged = next(s for s in db.spans("b") if s.quote == "Talks resume")
    db.update_span(flagged.id, flagged=True)
    db.set_status("b", "done")
    db.set_read("b", True)
    db.set_read("a", True)
    yield db
    db.close()


def test_spans_per_label_ranked_with_schema_labels_at_zero(store):
    stats = compute_stats(store, labels=["demand", "concession", "casualty figure", "unused"])
    assert stats.spans == 7
    assert list(stats.labels.items()) == [
        ("demand", 3),
        ("concession", 2),
        ("actor", 1),
        ("casualty figure", 1),
        ("unused", 0),
    ]
    assert stats.to_json()["totals"]["labels"] == 4  # labels with spans


def test_spans_per_article_top_n_and_total(store):
    stats = compute_stats(store, top_articles=1)
    assert stats.articles_with_spans == 2
    assert [(a.id, a.title, a.spans) for a in stats.top_articles] == [("a", "Alpha title", 4)]
    both = compute_stats(store)
    assert [(a.id, a.spans) for a in both.top_articles] == [("a", 4), ("b", 3)]


def test_spans_per_annotator_and_flagged(store):
    stats = compute_stats(store)
    assert stats.annotators == {"ann": 5, "bob": 2}
    assert list(stats.annotators) == ["ann", "bob"]
    assert stats.flagged_spans == 1


def test_status_over_the_store_articles(store):
    stats = compute_stats(store)
    assert stats.status_scope == "store"
    assert stats.status == {"todo": 1, "in progress": 1, "done": 1, "flagged": 0, "rejected": 0, "ignored": 0}
    assert (stats.articles, stats.read, stats.unread) == (3, 2, 1)


def test_status_over_a_corpus_counts_articles_the_store_never_saw(store):
    metas = [ArticleMeta(id=x, title=x.upper()) for x in ("a", "b", "c", "d", "e")]
    store.set_status("d", "flagged")
    stats = compute_stats(store, metas)
    assert stats.status_scope == "corpus"
    assert stats.status == {"todo": 2, "in progress": 1, "done": 1, "flagged": 1, "rejected": 0, "ignored": 0}
    assert (stats.articles, stats.read, stats.unread) == (5, 2, 3)
    # titles come from the corpus when it has them
    assert [a.title for a in stats.top_articles] == ["A", "B"]


def test_annotations_per_utc_day(store):
    stats = compute_stats(store)
    assert stats.days == {"2026-01-01": 2, "2026-01-03": 1, "2026-01-05": 3}
    assert stats.undated == 1
    series = stats.day_series()
    assert series[0] == ("2026-01-01", 2) and series[-1] == ("2026-01-05", 3)
    assert [n for _, n in series] == [2, 0, 1, 0, 3]


def test_top_quotes_group_whitespace_and_case(store):
    stats = compute_stats(store)
    demand = stats.quotes["demand"]
    # "ceasefire now" x2 and "Ceasefire   NOW" are one group; the commonest spelling is shown
    assert [(q.quote, q.count) for q in demand] == [("ceasefire now", 3)]
    assert [(q.quote, q.count) for q in stats.quotes["concession"]] == [("ceasefire now", 1), ("Talks resume", 1)]
    assert list(stats.quotes) == ["demand", "concession", "actor", "casualty figure"]


def test_top_quotes_keep_five_most_frequent(tmp_path):
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    text = " ".join(w for i, w in enumerate(words) for _ in range(i + 1))
    article = Article(id="q", title="q", text=text)
    with AnnotationStore.open(tmp_path / "db", annotator="ann") as db:
        triples = []
        pos = 0
        for i, word in enumerate(words):
            for _ in range(i + 1):
                start = text.index(word, pos)
                triples.append((start, start + len(word), "x"))
                pos = start + len(word)
        db.add_spans(article, triples)
        quotes = compute_stats(db).quotes["x"]
    assert [(q.quote, q.count) for q in quotes] == [
        ("foxtrot", 6),
        ("echo", 5),
        ("delta", 4),
        ("charlie", 3),
        ("bravo", 2),
    ]


def test_empty_store(tmp_path):
    with AnnotationStore.open(tmp_path / "db", annotator="ann") as db:
        stats = compute_stats(db)
    assert stats.spans == 0 and stats.labels == {} and stats.top_articles == [] and stats.quotes == {}
    assert stats.day_series() == [] and stats.articles == 0
    data = stats.to_json()
    assert data["days"] == {"first": None, "last": None, "undated": 0, "counts": {}}


def test_same_store_gives_identical_json(store):
    assert json.dumps(compute_stats(store).to_json()) == json.dumps(compute_stats(store).to_json())


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("2026-03-01T00:30:00+00:00", "2026-03-01"),
        ("2026-03-01T00:30:00+02:00", "2026-02-28"),
        ("2026-03-01T12:00:00Z", "2026-03-01"),
        ("2026-03-01", "2026-03-01"),
        ("yesterday", None),
    ],
)
def test_utc_day(stamp, day):
    assert utc_day(stamp) == day


def test_bar_uses_eighths_and_shows_small_values():
    assert bar(8, 8, 4) == "████"
    assert bar(1, 8, 4) == "▌"
    assert bar(1, 1000, 4) == "▏"
    assert bar(0, 8, 4) == "" and bar(3, 0, 4) == ""
    assert bar(5, 8, 1) == "▋"


def test_sparkline_buckets_and_blanks_zero_days():
    assert sparkline([0, 1, 8]) == " ▁█"
    assert sparkline([4, 0, 8, 2]) == "▄ █▂"
    assert len(sparkline(list(range(100)), width=10)) == 10
    assert bucket([1, 2, 3, 4, 5], 2) == [6, 9]
    assert sparkline([]) == ""


# -- newsdesk stats ------------------------------------------------------------------------
@pytest.fixture
def corpus(tmp_path):
    """The store's three articles as a corpus file, for the status figures."""
    path = tmp_path / "abc.jsonl"
    path.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n" for a in (A, B, C)))
    return str(path)


def test_cli_json_has_every_figure_while_the_store_is_open(store, corpus, capsys):
    assert main(["stats", corpus, "--db", str(store.path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["version", "totals", "labels", "annotators", "articles", "status", "days", "quotes"]
    assert data["totals"] == {"spans": 7, "flagged_spans": 1, "articles_with_spans": 2, "annotators": 2, "labels": 4}
    # the shipped schema's labels come first among equals and are listed even at zero
    assert data["labels"] == {"demand": 3, "concession": 2, "actor": 1, "casualty figure": 1, "source": 0}
    assert data["annotators"] == {"ann": 5, "bob": 2}
    assert data["articles"]["top"][0] == {"id": "a", "title": "Alpha title", "spans": 4}
    assert data["status"] == {
        "scope": "corpus",
        "articles": 3,
        "todo": 1,
        "in progress": 1,
        "done": 1,
        "flagged": 0,
        "rejected": 0,
        "ignored": 0,
        "read": 2,
        "unread": 1,
    }
    assert data["days"] == {
        "first": "2026-01-01",
        "last": "2026-01-05",
        "undated": 1,
        "counts": {"2026-01-01": 2, "2026-01-03": 1, "2026-01-05": 3},
    }
    assert data["quotes"]["demand"] == [{"quote": "ceasefire now", "count": 3}]


def test_cli_statuses_over_a_corpus(store, capsys):
    from reader.core import paths

    assert main(["stats", str(paths.seeds_dir()), "--db", str(store.path), "--json", "--top", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"]["scope"] == "corpus"
    assert data["status"]["articles"] == 5 and data["status"]["todo"] == 5  # none of the seeds is annotated
    assert len(data["articles"]["top"]) == 1


def test_cli_tables_are_plain_when_piped(store, corpus, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["stats", "abc.jsonl", "--db", str(store.path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    lines = out.splitlines()
    for heading in (
        "Spans per label",
        "Articles by status (corpus abc.jsonl)",
        "Spans per annotator",
        "Annotations per day (UTC)",
        "Most frequent quotes per label",
    ):
        assert heading in lines
    demand = next(line for line in lines if line.startswith("demand "))
    assert demand.split()[:3] == ["demand", "3", "42.9%"] and "█" in demand
    assert "2026-01-01 … 2026-01-05 · 3 of 5 days with annotations · peak 3 on 2026-01-05 · 1 undated" in lines
    assert "read 2 · unread 1" in lines
    assert any(line.split() == ["3×", "ceasefire", "now"] for line in lines)


def test_cli_without_a_database_prints_zeros_and_creates_nothing(capsys):
    """The default database before anything was annotated (a --db that is not there is a mistake:
    tests/test_cli_global_options.py)."""
    db = paths.default_db_path()
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["spans"] == 0
    assert data["status"]["articles"] == 5 and data["status"]["todo"] == 5  # the seeds, none annotated
    assert data["labels"] == {"actor": 0, "casualty figure": 0, "concession": 0, "demand": 0, "source": 0}
    assert not db.exists()
    assert main(["stats"]) == 0
    assert "(no spans yet)" in capsys.readouterr().out


def test_cli_bad_top_is_one_line(capsys):
    assert main(["stats", "--top", "0"]) == 2
    assert capsys.readouterr().err == "newsdesk: --top: must be 1 or more, not 0\n"


def test_cli_in_another_process_with_no_color(store):
    env = {**__import__("os").environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "reader.cli.main", "stats", "--db", str(store.path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Spans per label" in done.stdout and "\x1b[" not in done.stdout


@pytest.mark.parametrize("over", ["store", "corpus"])
def test_a_corrected_title_is_the_one_listed(store, over):
    store.correct_article("a", title="Alpha, corrected")
    metas = [ArticleMeta(id=x, title=x.upper()) for x in ("a", "b")] if over == "corpus" else None
    stats = compute_stats(store, metas)
    second = "B" if metas else "Bravo title"
    assert [(a.id, a.title) for a in stats.top_articles] == [("a", "Alpha, corrected"), ("b", second)]
