"""The timeline's inputs read from the annotation store: the one place the CLI and the app get them.

Why apart from ``annotations.timeline``: that module is a pure function of plain values; this
one knows where they live. Only articles with spans can be on a timeline, so only their
tables are read (the summary says which), and an article the corpus does not list (imported
with its annotations) is still dated from the metadata stored with it. The analyst's
corrections of title, source and date (``store.corrections``) win over what the article says,
and the figures the analyst set (``store.figures``) over those parsed from the quotes. Actors are
named by the database's actor book (``store.actors``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from annotations.timeline import Timeline, build_timeline
from reader.core.article import ArticleMeta


def timeline_from_store(store: Any, metas: Iterable[ArticleMeta] = (), **options: Any) -> Timeline:
    """``build_timeline`` over the store's spans and links; ``metas`` (the corpus) give titles and dates.

    ``options`` go to ``build_timeline`` (``window_days``, ``ratio``, ``actors``, ``figures`` ...).
    """
    known = {meta.id: meta for meta in metas}
    articles, spans, links, figures = [], [], [], {}
    for article_id in sorted(store.label_counts()):
        meta = known.get(article_id)
        if meta is None:
            stored = store.article(article_id)
            meta = stored.meta() if stored is not None else ArticleMeta(article_id, article_id)
        articles.append(replace(meta, **store.corrections(article_id)))
        spans.extend(store.spans(article_id))
        links.extend(store.links(article_id))
        figures.update(store.figures(article_id))
    figures.update(options.pop("figures", None) or {})
    if options.get("actors") is None and hasattr(store, "actors"):
        options["actors"] = store.actors()  # the analyst's actor book: one row per actor, not per spelling
    return build_timeline(articles, spans, links, figures, **options)
