"""Prodigy task JSONL, out and back: text, tokens, spans with token indices, an answer.

One task a line, keys in this order::

    {"text", "meta": {"id", "title", "source", "published", "url", "author", "status"},
     "tokens": [{"text", "start", "end", "id", "ws"}],
     "spans": [{"start", "end", "token_start", "token_end", "label"[, "figure"][, "actor"]}],
     "relations": [{"head", "child", "head_span", "child_span", "label"}],  # with links only
     "answer": "accept"}

Relations are written as Prodigy's ``rel.manual`` writes them: ``head`` and ``child`` are the
token index of each span's last token (``token_end``, which is how spaCy's relation-extraction
project reads them back), ``head_span`` and ``child_span`` the two spans as in ``spans``, and
``label`` the relation's name. A casualty figure's value rides on its span as ``figure``
(Prodigy keeps keys it does not know).

Tokens are made as spaCy (and so Prodigy) makes them: ``reader.text.tokens`` split at every
span boundary, then whitespace as spaCy has it: one ASCII space after a token is its
``ws: true``; any other whitespace (a second space, a line break, a tab) is a token of its
own. So ``"".join(t["text"] + " " * t["ws"] for t in tokens) == text`` always holds, and each
span covers whole tokens (``token_end`` is inclusive, as in Prodigy). Offsets are code points
(Prodigy is Python).

No ``_input_hash`` / ``_task_hash``: Prodigy derives them with its own algorithm and sets
them itself when the file is loaded (``db-in``, or a recipe's stream); made-up values would
only collide with its own.

Answers: a task the annotator reviewed (it has spans, or is marked done or flagged) is
``"answer": "accept"``, a reviewed negative (done, no spans) with ``"spans": []``; a flagged
article carries Prodigy's ``"flagged": true``. An article nobody reviewed (only with
``--status all``) has no answer: it is an input task, not an accepted empty one. An article
rejected or ignored in the app is answered ``reject`` or ``ignore``, with its spans.

Import honours the answers: a task answered ``reject`` or ``ignore`` adds no span, its
article is marked rejected or ignored (the report counts them by answer); a span answered
``reject`` is not a positive (counted too).
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path
from typing import IO, Any

from annotations.formats.core import ExportContext, ExportRecord, check_quotes, dumps, record_meta
from annotations.formats.readers import (
    Candidate,
    ImportReport,
    Item,
    LinkCandidate,
    ReadOptions,
    article_from,
    corrections_from,
    meta_of,
    metadata_problem,
    read_lines,
    status_field,
)
from annotations.formats.relations import extras
from annotations.formats.selection import ANSWERS
from reader.core.wording import plural
from reader.text.tokens import tokens as tokenize


def spacy_tokens(text: str, cuts: list[int]) -> list[dict[str, Any]]:
    """Tokens with spaCy's whitespace rule (see the module docstring)."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for a, b in tokenize(text, cuts):
        if a > pos:
            pieces.append((pos, a))  # whitespace between tokens, sorted out below
        pieces.append((a, b))
        pos = b
    if pos < len(text):
        pieces.append((pos, len(text)))
    out: list[dict[str, Any]] = []
    for a, b in pieces:
        if text[a].isspace():
            if out and not out[-1]["ws"] and not out[-1]["text"].isspace() and text[a] == " ":
                out[-1]["ws"] = True
                a += 1
            if a == b:
                continue
        out.append({"text": text[a:b], "start": a, "end": b, "id": len(out), "ws": False})
    return out


def write(records: list[ExportRecord], out: IO[str], ctx: ExportContext) -> None:
    for rec in records:
        art = rec.article
        text = art.text
        spans = check_quotes(rec, ctx)
        toks = spacy_tokens(text, [s.start for s in spans] + [s.end for s in spans])
        starts = [t["start"] for t in toks]
        ends = [t["end"] for t in toks]
        span_dicts = []
        written = []
        for s in spans:
            first = bisect_left(starts, s.start)
            last = bisect_left(ends, s.end)
            if first >= len(toks) or last >= len(toks) or starts[first] != s.start or ends[last] != s.end:
                # the trailing space of a token (its "ws") is no token to point at
                ctx.skip(art.id, s, "starts or ends on a token's trailing space: no token boundary there", "whitespace")
                continue
            span_dicts.append(
                {"start": s.start, "end": s.end, "token_start": first, "token_end": last, "label": s.label}
            )
            written.append(s)
        more = extras(rec, written, ctx)
        by_id = {}
        for s, d in zip(written, span_dicts, strict=True):
            by_id[s.id] = dict(d)
            if s.id in more.figures:
                d["figure"] = more.figures[s.id].to_dict()
            if s.id in more.actors:
                d["actor"] = more.actors[s.id]
        task = {
            "text": text,
            "meta": {"id": art.id, **record_meta(rec)},
            "tokens": toks,
            "spans": span_dicts,
        }
        if more.links:
            task["relations"] = [
                {
                    "head": by_id[lk.from_span]["token_end"],
                    "child": by_id[lk.to_span]["token_end"],
                    "head_span": by_id[lk.from_span],
                    "child_span": by_id[lk.to_span],
                    "label": lk.relation,
                }
                for lk in more.links
            ]
        if rec.spans or rec.status != "todo":  # reviewed: a reviewed negative is accepted too
            task["answer"] = ANSWERS.get(rec.status, "accept")
        if rec.status == "flagged":
            task["flagged"] = True  # Prodigy's own mark for a task to look at again
        out.write(dumps(task) + "\n")
        ctx.tick()


def _ref(span: dict[str, Any]) -> str:
    """A span's name for its relations: its place and label (Prodigy spans have no ids)."""
    return f"{span.get('start')}:{span.get('end')}:{span.get('label')}"


def _links(where: str, obj: dict[str, Any]) -> list[LinkCandidate]:
    """``relations`` as rel.manual writes them; an end without its span is named by its token."""
    by_token = {}
    for sp in obj.get("spans") or []:
        if isinstance(sp, dict):
            by_token.setdefault(sp.get("token_end"), _ref(sp))
    links = []
    for n, rel in enumerate(obj.get("relations") or [], start=1):
        if not isinstance(rel, dict):
            continue
        ends = []
        for side in ("head", "child"):
            span = rel.get(f"{side}_span")
            ends.append(_ref(span) if isinstance(span, dict) else by_token.get(rel.get(side), f"token {rel.get(side)}"))
        links.append(LinkCandidate(f"{where}: relation {n}", ends[0], ends[1], rel.get("label")))
    return links


def read(path: Path, report: ImportReport, opts: ReadOptions) -> list[Item]:
    items: list[Item] = []
    answers: dict[str, int] = {}
    rejected = 0
    for where, obj in read_lines(path, report):
        answer = obj.get("answer", "accept" if obj.get("spans") else "without an answer")  # not reviewed
        meta = meta_of(obj)
        art = article_from(meta.get("id"), obj["text"], meta, "prodigy")
        refused = metadata_problem({"meta.id": meta.get("id")}, meta, "meta.")
        if answer != "accept":
            answers[str(answer)] = answers.get(str(answer), 0) + 1
            status = {"reject": "rejected", "ignore": "ignored"}.get(str(answer))
            if status is not None:
                items.append(Item(where, art, status, [], refused=refused))
            continue
        cands = []
        for i, sp in enumerate(obj.get("spans") or []):
            if not isinstance(sp, dict):
                report.errors.append(f"{where}: span {i + 1}: expected an object")
                report.skipped += 1
            elif sp.get("answer", "accept") != "accept":
                rejected += 1
            else:
                quote = sp.get("text") if isinstance(sp.get("text"), str) else None
                cands.append(
                    Candidate(
                        f"{where}: span {i + 1}",
                        sp.get("start"),
                        sp.get("end"),
                        sp.get("label"),
                        quote,
                        ref=_ref(sp),
                        figure=sp.get("figure"),
                        actor=sp.get("actor"),
                    )
                )
        links = _links(where, obj)
        status = status_field(meta.get("status"))
        items.append(Item(where, art, status, cands, links, corrections_from(meta), refused=refused))
    if answers:
        how = ", ".join(f"{n} {answer}" for answer, n in sorted(answers.items()))
        report.notes.append(
            f"prodigy: {plural(sum(answers.values()), 'task')} not accepted, spans not imported: {how} "
            "(only accepted tasks hold positives; rejected and ignored articles are marked so)"
        )
    if rejected:
        report.notes.append(
            f"prodigy: {plural(rejected, 'span')} answered reject or ignore in accepted tasks "
            "not imported (not positives)"
        )
    return items
