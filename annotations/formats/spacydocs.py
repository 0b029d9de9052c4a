"""spaCy DocBin (``.spacy``): every span in ``doc.spans["sc"]``, and ``doc.ents``
where spans do not overlap.

Tokens are spaCy's own (``spacy.blank("en")``), so training sees what the
pipeline will see at run time. Where a span boundary falls inside a spaCy token
("Kyiv-based", CJK runs, emoji glued to words), that token is split there, and
only there: ``Doc(words, spaces)`` keeps the text identical, and every span is
carried with its exact offsets (``char_span(..., alignment_mode="strict")``
finds it). The number of split tokens is reported. Offsets are never moved; a
span that starts or ends on whitespace (no token can begin there) is listed as
not carried.

``doc.ents`` cannot overlap: it takes the spans chosen by the longest-first
policy (``core.pick_non_overlapping``); the others stay in ``doc.spans["sc"]``
only, and their number is reported. Nor may an entity start or end on a
whitespace token (``spacy debug data`` calls it an error): such spans (two
spaces make a whitespace token, so " conceded" can be aligned) go to
``doc.spans["sc"]`` only, and are reported. ``doc.user_data`` holds the article id,
title (as corrected), source, published, url, author and status, ``original`` (the title,
source and date as loaded, when corrected; else None), and (DocBin written with
``store_user_data=True``):

- ``newsdesk_links``: ``[{"id", "from": [start, end, label], "to": [start, end, label],
  "relation", "annotator", "created"}]``, each end the character offsets and label of a span
  in ``doc.spans["sc"]`` (spaCy spans have no ids of their own);
- ``newsdesk_figures``: ``[[start, end, label, {low, high, qualifier, who, what, ...}]]``,
  the value of each casualty figure;
- ``newsdesk_actors``: ``[[start, end, label, "Hamas"]]``, the canonical name of the actor
  a span's text names (the analyst's actor book).

Needs the optional ``spacy`` extra; without it the export stops with one line.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Any

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, pick_non_overlapping, record_meta
from annotations.formats.readers import (
    Candidate,
    ImportReport,
    Item,
    LinkCandidate,
    ReadOptions,
    article_from,
    corrections_from,
    metadata_problem,
    status_field,
)
from annotations.formats.relations import extras
from reader.core.errors import UserError
from reader.core.wording import plural

INSTALL_HINT = "spacy export needs the spacy extra: pip install 'newsdesk[spacy]'"


def check_available() -> None:
    try:
        import spacy  # noqa: F401
    except ImportError:
        raise UserError(INSTALL_HINT) from None


def make_doc(nlp: Any, text: str, cuts: set[int]) -> tuple[Any, int]:
    """spaCy's tokenisation of ``text``, with tokens split at ``cuts``."""
    from spacy.tokens import Doc

    doc = nlp.make_doc(text)
    points = sorted(c for c in cuts if 0 < c < len(text))
    words: list[str] = []
    spaces: list[bool] = []
    split = 0
    for tok in doc:
        a, b = tok.idx, tok.idx + len(tok.text)
        inside = points[bisect_right(points, a) : bisect_left(points, b)]
        prev = a
        for c in inside:
            words.append(text[prev:c])
            spaces.append(False)
            prev = c
        words.append(text[prev:b])
        spaces.append(bool(tok.whitespace_))
        split += bool(inside)
    if not split:
        return doc, 0
    return Doc(nlp.vocab, words=words, spaces=spaces), split


def write(records: list[ExportRecord], target: Path, ctx: ExportContext) -> None:
    check_available()
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docbin = DocBin(store_user_data=True)
    split_total = ents_only_sc = edged = 0
    for rec in records:
        art = rec.article
        spans = check_quotes(rec, ctx)
        doc, split = make_doc(nlp, art.text, {s.start for s in spans} | {s.end for s in spans})
        split_total += split
        carried = []
        for s in spans:
            sp = doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict")
            if sp is None:
                ctx.skip(art.id, s, "starts or ends on whitespace: no spaCy token boundary there", "whitespace")
                continue
            carried.append((s, sp))
        doc.spans["sc"] = [sp for _, sp in carried]
        entities = [s for s, _ in carried if not (s.quote[0].isspace() or s.quote[-1].isspace())]
        edged += len(carried) - len(entities)
        kept, dropped = pick_non_overlapping(entities)
        by_id = {s.id: sp for s, sp in carried}
        doc.ents = [by_id[s.id] for s in kept]
        ents_only_sc += len(dropped)
        doc.user_data["article_id"] = art.id
        doc.user_data.update(record_meta(rec))
        more = extras(rec, [s for s, _ in carried], ctx)
        ends = {s.id: [s.start, s.end, s.label] for s, _ in carried}
        if more.links:
            doc.user_data["newsdesk_links"] = [
                {
                    "id": lk.id,
                    "from": ends[lk.from_span],
                    "to": ends[lk.to_span],
                    "relation": lk.relation,
                    "annotator": lk.annotator,
                    "created": lk.created,
                }
                for lk in more.links
            ]
        if more.figures:
            doc.user_data["newsdesk_figures"] = [[*ends[sid], fig.to_dict()] for sid, fig in more.figures.items()]
        if more.actors:
            doc.user_data["newsdesk_actors"] = [[*ends[sid], name] for sid, name in more.actors.items()]
        docbin.add(doc)
        ctx.tick()
    docbin.to_disk(target)
    if split_total:
        ctx.note(f"spacy: {plural(split_total, 'token')} split at span boundaries so every span is aligned")
    if ents_only_sc:
        ctx.note(f"spacy: {plural(ents_only_sc, 'overlapping span')} in doc.spans['sc'] only, not doc.ents")
    if edged:
        ctx.note(
            f"spacy: {plural(edged, 'span')} starting or ending on whitespace in doc.spans['sc'] "
            "only, not doc.ents (spacy debug data calls such entities errors)"
        )


# -- import ------------------------------------------------------------------------------
def _ref(end: Any) -> str:
    """A span's name for links: its offsets and label (a ``newsdesk_links`` end, or a span key)."""
    return ":".join(map(str, end)) if isinstance(end, (list, tuple)) and len(end) == 3 else repr(end)


def read(path: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    """Every doc's spans: all ``doc.spans`` groups and ``doc.ents`` (the same span once)."""
    check_available()
    import spacy
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_disk(path).get_docs(spacy.blank("xx").vocab))
    except Exception as err:  # srsly/msgpack/zlib raise many kinds for a file that is not a DocBin
        raise UserError(f"{path}: not a spaCy DocBin ({type(err).__name__}: {err})") from None
    items: list[Item] = []
    for n, doc in enumerate(docs, start=1):
        where = f"{path}: doc {n}"
        meta = {k: v for k, v in doc.user_data.items() if isinstance(k, str)}
        seen: set[tuple[int, int, str]] = set()
        figures = {
            tuple(f[:3]): f[3]
            for f in meta.get("newsdesk_figures") or []
            if isinstance(f, (list, tuple)) and len(f) == 4
        }
        actors = {
            tuple(f[:3]): f[3]
            for f in meta.get("newsdesk_actors") or []
            if isinstance(f, (list, tuple)) and len(f) == 4
        }
        cands = []
        for span in [*doc.ents, *(sp for group in doc.spans.values() for sp in group)]:
            key = (span.start_char, span.end_char, span.label_)
            if key not in seen:
                seen.add(key)
                cands.append(Candidate(where, *key, ref=_ref(key), figure=figures.get(key), actor=actors.get(key)))
        links = [
            LinkCandidate(
                f"{where}: link {lk.get('id') or i}",
                _ref(lk.get("from")),
                _ref(lk.get("to")),
                lk.get("relation"),
                {"annotator": lk.get("annotator"), "created": lk.get("created")},
            )
            for i, lk in enumerate(meta.get("newsdesk_links") or [], start=1)
            if isinstance(lk, dict)
        ]
        art = article_from(meta.get("article_id"), doc.text, meta, "spacy")
        item = Item(where, art, status_field(meta.get("status")), cands, links, corrections_from(meta))
        item.refused = metadata_problem({"article_id": meta.get("article_id")}, meta)
        items.append(item)
    return items
