"""Opening a database fast: the Span constructor and index building used when a snapshot loads.

Each fast path is held equal to the general one it replaces (same spans, same
indexes, same errors), including on the malformed documents the general one reports.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import fields

import pytest

from annotations.model import Span, span_of
from annotations.store.database import AnnotationStore, StoreCorrupt
from annotations.store.state import StoreState, span_from_dict, span_from_snapshot
from reader.core.article import Article

FIELDS = [f.name for f in fields(Span)]


def fresh(text: str) -> str:
    """An equal string that is not the interned one (as json.loads makes them)."""
    return "".join(list(text))


def doc(**changes: object) -> dict[str, object]:
    base = {
        "id": fresh("s1"),
        "article_id": fresh("a1"),
        "text_sha256": fresh("f" * 64),
        "start": 3,
        "end": 9,
        "label": fresh("casualty figure"),
        "quote": fresh("twelve"),
        "note": fresh("n"),
        "annotator": fresh("ann"),
        "created": fresh("2024-05-01T10:00:00+00:00"),
        "updated": fresh("2024-05-02T10:00:00+00:00"),
        "origin": fresh("manual"),
        "flagged": True,
    }
    base.update(changes)
    return base


def test_span_of_sets_every_field_in_order():
    values = [f"v{i}" for i in range(len(FIELDS))]
    values[FIELDS.index("start")], values[FIELDS.index("end")] = 4, 7
    span = span_of(*values)
    assert type(span) is Span
    assert span == Span(*values)
    assert span.to_dict() == dict(zip(FIELDS, values, strict=True))
    with pytest.raises(Exception):  # noqa: B017 - frozen like any Span
        span.start = 1  # type: ignore[misc]


@pytest.mark.parametrize("start, end", [(5, 5), (6, 2), (-1, 3)])
def test_span_of_refuses_bad_offsets_like_span(start, end):
    values = list(doc(start=start, end=end).values())
    with pytest.raises(ValueError) as slow:
        Span(*values)
    with pytest.raises(ValueError) as fast:
        span_of(*values)
    assert str(fast.value) == str(slow.value)


def outcome(make, data):
    try:
        return ("ok", make(data))
    except Exception as err:  # noqa: BLE001 - the exception itself is compared
        return (type(err), str(err))


CASES = [
    doc(),
    doc(label=5, annotator=None),  # not strings: not interned, kept as they are
    doc(start=True, end=4),
    doc(start=1.0, end=4.5),
    doc(start="1", end=4),
    doc(start=4, end=4),
    doc(start=-2, end=4),
    doc(extra="field"),
    {k: v for k, v in doc().items() if k != "note"},  # an optional field missing
    {k: v for k, v in doc().items() if k != "quote"},  # a required field missing
    {**{k: v for k, v in doc().items() if k != "quote"}, "other": 1},  # 13 keys, not the fields
    ["id", "s1"],
    "x" * 13,
    5,
    None,
]


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
def test_span_from_snapshot_equals_span_from_dict(data):
    slow = outcome(span_from_dict, _copy(data))
    fast = outcome(span_from_snapshot, _copy(data))
    assert fast == slow
    if fast[0] == "ok":
        for name in ("article_id", "text_sha256", "label", "annotator", "origin"):
            value = getattr(fast[1], name)
            if type(value) is str:
                assert value is sys.intern(value), name


def test_span_from_snapshot_takes_the_fast_path_for_well_formed_documents(monkeypatch):
    import annotations.store.state as state

    def general(data):
        raise AssertionError("general path used")

    monkeypatch.setattr(state, "span_from_dict", general)
    span = span_from_snapshot(doc())
    assert span == Span(**doc())
    with pytest.raises(AssertionError):
        span_from_snapshot(doc(extra=1))


def _copy(data):
    return dict(data) if isinstance(data, dict) else data


def random_spans(rng: random.Random, n: int) -> list[Span]:
    out = []
    for _ in range(n):
        start = rng.randrange(50)
        out.append(
            Span(
                f"s{rng.randrange(n // 2 + 1)}",
                f"a{rng.randrange(6)}",
                "h",
                start,
                start + rng.randint(1, 9),
                rng.choice("ABC"),
                "q",
            )
        )
    return out


def index(state: StoreState) -> tuple:
    return (
        list(state.spans.items()),
        [(a, list(g.items())) for a, g in state.by_article.items()],
        [(a, list(c.items())) for a, c in state.counts.items()],
    )


@pytest.mark.parametrize("seed", range(20))
def test_put_spans_builds_the_indexes_put_span_builds(seed):
    rng = random.Random(seed)
    first, then = random_spans(rng, 40), random_spans(rng, 40)  # repeated ids, moves between articles
    one_by_one, bulk = StoreState(), StoreState()
    for span in first + then:
        one_by_one.put_span(span)
    bulk.put_spans(first)
    bulk.put_spans(iter(then))
    assert index(bulk) == index(one_by_one)
    for sid in list(one_by_one.spans)[::3]:
        one_by_one.drop_span(sid)
        bulk.drop_span(sid)
    assert index(bulk) == index(one_by_one)


def test_database_with_many_spans_reopens_equal(tmp_path):
    db = tmp_path / "db"
    text = "Unions demand a 10% raise. The ministry offered 4%. " * 20
    arts = [Article(id=f"a{i}", title="t", text=text) for i in range(5)]
    with AnnotationStore.open(db) as store:
        for art in arts:
            store.add_spans(art, [(k, k + 6, "demand" if k % 2 else "offer") for k in range(0, 300, 7)])
        store.update_span(store.spans("a0")[0].id, note="checked", flagged=True)
        expected = {art.id: store.spans(art.id) for art in arts}, store.label_counts()
    with AnnotationStore.open(db, read_only=True) as store:
        assert ({art.id: store.spans(art.id) for art in arts}, store.label_counts()) == expected


def test_malformed_span_in_snapshot_is_reported_as_before(tmp_path):
    db = tmp_path / "db"
    db.mkdir()
    bad = doc(start=7, end=2)
    (db / "snapshot.json").write_text(
        '{"_meta": {"1": {"format": 1, "seq": 0}}, "spans": {"1": ' + json.dumps(bad) + "}}"
    )
    with pytest.raises(StoreCorrupt, match=r"malformed snapshot \(span offsets must satisfy .*, got 7..2\)"):
        AnnotationStore.open(db, read_only=True)
