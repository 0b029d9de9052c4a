"""What every format shares for links, casualty figures and corrections (issue 17).

Why a module of its own: each format writes links its own way (brat ``R`` lines, Label Studio
relation results, doccano ``relations``, Prodigy ``relations``), but which links may be
written, which figure a span carries and how much of either was written is the same question
everywhere, and so is reading them back. The writers ask ``extras`` for the links whose two ends
they wrote (a link whose end was not carried is counted, and reported, never written dangling)
and the figure of each written span; the importer (``load``) calls ``import_extras`` to add the
links both of whose ends it imported, the figures, and the corrections.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotations.actors import ActorBook
from annotations.figure_value import Figure
from annotations.figures import parse_figure
from annotations.formats.spanfigures import figure_for
from annotations.links import Link, link_problem
from reader.core.errors import UserError

if TYPE_CHECKING:
    from annotations.formats.core import ExportContext, ExportRecord
    from annotations.formats.readers import Candidate, ImportReport, Item
    from annotations.model import Span


@dataclass(frozen=True, slots=True)
class Extras:
    """The links a format may write for one article (both ends written) and the written spans' figures."""

    links: tuple[Link, ...]
    figures: dict[str, Figure]
    actors: dict[str, str]  # span id -> the canonical name of the actor its text names (the actor book)


def extras(record: ExportRecord, written: Sequence[Span], ctx: ExportContext) -> Extras:
    """Links and figures of the written spans; counts the links lost on ``ctx``."""
    ids = {s.id for s in written}
    links = tuple(link for link in record.links if link.from_span in ids and link.to_span in ids)
    figures = {s.id: fig for s in written if (fig := figure_for(record.figures, s)) is not None}
    book = record.actors
    actors = {s.id: actor.name for s in written if (actor := book.resolve(s.quote)) is not None} if len(book) else {}
    ctx.relations.update(link.relation for link in links)
    ctx.links_lost += len(record.links) - len(links)  # (``check_quotes`` counted links, figures, corrections)
    return Extras(links, figures, actors)


def relation_names(schema: Any, used: set[str]) -> list[str]:
    """The schema's relation names, then any other relation the records use."""
    names = [rel.name for rel in getattr(schema, "relations", ())]
    return names + sorted(used - set(names))


# -- import ------------------------------------------------------------------------------
def link_id(article_id: str, from_span: str, to_span: str, relation: str) -> str:
    """A link from a file without link ids gets one from what it joins: importing twice adds it once."""
    key = f"{article_id}\x00{from_span}\x00{to_span}\x00{relation}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()[:32]


def figure_from(data: Any) -> Figure | str:
    """A figure read from a file, or why it is not one."""
    if not isinstance(data, dict):
        return "the figure is not an object"
    try:
        return Figure.from_dict(data)
    except (TypeError, ValueError) as err:
        return f"bad figure ({err})"


def actors_from(data: Any, where: str, report: ImportReport) -> ActorBook:
    """The actor book entries of a line (``[{"name", "aliases"}]``); a bad one is one line and skipped."""
    book = ActorBook()
    if data is None:
        return book
    if not isinstance(data, list):
        report.errors.append(f'{where}: "actors" must be a list of {{name, aliases}}; not imported')
        return book
    for entry in data:
        name = entry.get("name") if isinstance(entry, dict) else None
        aliases = entry.get("aliases", []) if isinstance(entry, dict) else None
        if not (isinstance(name, str) and isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
            report.errors.append(f"{where}: actor {entry!r:.60}: needs a name and a list of aliases; not imported")
            continue
        try:
            grown = book if book.resolve(name) else book.add(name)
            for alias in aliases:
                grown = grown.add_alias(name, alias)
        except UserError as err:
            report.errors.append(f"{where}: actor {name!r:.60}: {err}; not imported")
            continue
        book = grown
    return book


def with_span_actors(item: Item, cands: Sequence[Candidate], report: ImportReport) -> ActorBook:
    """The item's actor book with the names its spans carry ("the movement" -> actor "Hamas")."""
    book = item.actors
    text = item.article.text
    for cand in cands:
        if not isinstance(cand.actor, str) or not cand.actor.strip():
            continue
        quote = text[cand.start : cand.end]
        try:
            book = book.add_alias(cand.actor, quote)
        except UserError as err:
            report.errors.append(f"{cand.where}: actor {cand.actor!r:.60}: {err}; not imported")
    return book


def import_extras(
    store: Any,
    schema: Any,
    item: Item,
    refs: dict[str, str],
    cands: list[tuple[Candidate, str]],
    report: ImportReport,
    *,
    native: bool,
    annotator: str,
    stamp: str,
) -> None:
    """Add the item's links (both ends imported), figures and corrections to ``store``.

    ``refs`` maps the file's span ids to stored span ids; ``cands`` pairs each imported or
    already stored candidate with its stored span id. Problems are one line each in ``report``."""
    art = item.article
    spans = {s.id: s for s in store.spans(art.id, ordered=False)}
    for cand, sid in cands:
        if cand.figure is None or sid not in spans:
            continue
        fig = figure_from(cand.figure)
        if isinstance(fig, str):
            report.errors.append(f"{cand.where}: {fig}")
            continue
        parsed = parse_figure(spans[sid].quote)
        current = store.figures(art.id).get(sid) or parsed
        if fig != current:
            store.set_figure(sid, fig)
            report.figures += 1
    links = []
    known = {(lk.from_span, lk.to_span, lk.relation) for lk in store.links(art.id)}
    for lc in item.links:
        start, end = refs.get(str(lc.from_ref)), refs.get(str(lc.to_ref))
        if start is None or end is None:
            missing = lc.from_ref if start is None else lc.to_ref
            report.errors.append(f"{lc.where}: link not imported: its end {missing!r} is not an imported span")
            report.links_skipped += 1
            continue
        if not isinstance(lc.relation, str) or not lc.relation:
            report.errors.append(f"{lc.where}: link without a relation")
            report.links_skipped += 1
            continue
        why = link_problem(schema, lc.relation, spans[start], spans[end])
        if why is not None:
            report.errors.append(f"{lc.where}: link not imported: {why}")
            report.links_skipped += 1
            continue
        if (start, end, lc.relation) in known:
            continue
        known.add((start, end, lc.relation))
        f = lc.fields
        links.append(
            Link(
                str(f.get("id") or "") if native and f.get("id") else link_id(art.id, start, end, lc.relation),
                art.id,
                start,
                end,
                lc.relation,
                str(f.get("annotator") or annotator),
                str(f.get("created") or stamp),
            )
        )
    if links:
        report.links += store.import_links(art.id, links)
    if item.corrections and store.corrections(art.id) != item.corrections:
        try:
            store.correct_article(art.id, **item.corrections)
        except UserError as err:  # a date that is not one: the spans and links stay imported
            report.errors.append(f"{item.where}: correction not imported: {err}")
        else:
            report.corrected += 1
