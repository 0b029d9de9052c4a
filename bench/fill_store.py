"""Fill an annotation database as a user's grows: through the store's public API, with undo history.

Why: a bench database written straight into the store's internals has no history,
no journal and no compactions, and measures a database no user has. Here every
article gets its spans as the app gives them (``add_spans``: one undo step, as
"tag every occurrence" does), and one article in five also gets a single tag,
a relabel and an undo (so redo steps exist), one in ten a status. Each call is a
durable save (one fsync), so a million spans take minutes: pass ``keep`` to reuse
a filled database between runs (it is rebuilt when the parameters differ).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from annotations.store.database import AnnotationStore
from reader.core.article import Article

LABELS = ("demand", "concession", "casualty figure")
WORD = re.compile(r"\S+")


def place_spans(art: Article, count: int, rng: random.Random) -> list[tuple[int, int, str]]:
    """``count`` spans on word boundaries, some nested or overlapping (as annotators make them)."""
    words = [(m.start(), m.end()) for m in WORD.finditer(art.text)]
    out = []
    for _ in range(count):
        w = rng.randrange(max(1, len(words) - 8))
        length = rng.randint(1, 6)
        start, end = words[w][0], words[min(w + length - 1, len(words) - 1)][1]
        out.append((start, end, rng.choice(LABELS)))
    return out


def fill(
    db: Path,
    articles: Iterator[Article],
    spans_per_article: int,
    *,
    seed: int = 11,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Tag ``spans_per_article`` spans in each article through the public API; returns the spans made."""
    rng = random.Random(seed)
    made = 0
    with AnnotationStore.open(db, annotator="bench") as store:
        for i, art in enumerate(articles):
            store.add_spans(art, place_spans(art, spans_per_article, rng))
            made += spans_per_article
            if i % 5 == 0:
                start, end, label = place_spans(art, 1, rng)[0]
                span = store.add_span(art, start, end, label)
                store.update_span(span.id, label=rng.choice(LABELS), note="checked")
                store.undo(art.id)  # the relabel, now a redo step
                made += 1
            if i % 10 == 0:
                store.set_status(art.id, rng.choice(("done", "flagged")))
            if progress is not None and i % 1000 == 0:
                progress(i)
    return made


def corpus_articles(count: int, seed: int = 11) -> Iterator[Article]:
    """``count`` synthetic wire-news articles (``generate_corpus``: 200-3,000 words, median ~700)."""
    from generate_corpus import article, build_pool

    rng = random.Random(seed)
    pool = build_pool(rng, 5_000)
    for i in range(count):
        raw = article(rng, pool, i)
        yield Article(
            id=raw["id"],
            title=raw["title"],
            text=raw["text"],
            source=raw["source"],
            published=raw["published"],
            url=raw["url"],
        )


def filled(
    keep: Path,
    name: str,
    articles: Callable[[], Iterator[Article]],
    spans_per_article: int,
    log: Callable[[str], None] = print,
) -> Path:
    """A database filled by ``fill`` under ``keep/name``, reused when it was filled the same way."""
    db = keep / name
    stamp = keep / f"{name}.filled.json"
    want = {"spans_per_article": spans_per_article, "version": 2}  # 2: histories in tables of their own
    if db.exists() and stamp.exists() and json.loads(stamp.read_text()) == want:
        return db
    shutil.rmtree(db, ignore_errors=True)
    t0 = time.perf_counter()
    made = fill(
        db,
        articles(),
        spans_per_article,
        progress=lambda i: (
            i and i % 10_000 == 0 and log(f"  {name}: {i:,} articles filled ({time.perf_counter() - t0:.0f} s)")
        ),
    )
    log(f"  {name}: {made:,} spans filled through the public API in {time.perf_counter() - t0:.0f} s")
    stamp.write_text(json.dumps(want))
    return db
