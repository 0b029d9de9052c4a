"""The shape of every document the store keeps, checked whenever a file is read.

Why: a store file can be valid JSON and still wrong (``"quote": true``, an
``article_id`` that is a number, an undo step whose ``before`` is a string). Read
without a check, such a document opens fine and breaks later, in ``stats``, an
export or an undo, far from its cause. Each check here returns the problem as one
short phrase (or None), so the reader can report ``file:record: problem`` and
leave the file as it is. No I/O here.

An article's table holds documents of four kinds (the ``kind`` field):

- ``article``: the article's text and metadata (``id``, ``title``, ``text``, ...);
- ``span``: one span (the fields of ``annotations.model.Span``);
- ``state``: ``{"status": one of STATUSES, "read": bool}``;
- ``step``: one undo history step: ``{"stack": "undo" | "redo", "n": int, "step": STEP}``
  (STEP as described in ``annotations.store.article_table``). Steps live in the article's
  history table (``history_table``), so that reading an article (an export, the timeline)
  never reads or checks its history; databases written before that keep them in the
  article's own table until the article's history next changes.

The database's actor book (``annotations.actors.ActorBook``) is one ``actors`` document,
``{"actors": [{"name": str, "aliases": [str]}]}``, in a table of its own (``ACTORS_TABLE``).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

STATUSES = ("todo", "done", "flagged", "rejected", "ignored")  # the last two: Prodigy's answers
ARTICLE_TEXT_FIELDS = ("title", "source", "published", "url", "author", "location")
SPAN_STR_FIELDS = (
    "id",
    "article_id",
    "text_sha256",
    "label",
    "quote",
    "note",
    "annotator",
    "created",
    "updated",
    "origin",
)
STEP_KINDS = ("add", "add_spans", "update", "delete", "import", "status", "link", "unlink", "meta", "figure", "actors")
ACTORS_TABLE = "newsdesk:actors"  # the actor book's table: one per database, never an article's
HISTORY_PREFIX = "newsdesk:history:"  # + an article's id: the table of that article's undo history
CORRECTED_FIELDS = ("title", "source", "published")  # article metadata an analyst may correct
LINK_STR_FIELDS = ("id", "article_id", "from_span", "to_span", "relation", "annotator", "created")


def history_table(article_id: str) -> str:
    return HISTORY_PREFIX + article_id


def is_history_table(name: str) -> bool:
    return name.startswith(HISTORY_PREFIX)


def table_label(name: str) -> str:
    """Whose file a table's is, for a line about it (the file's name is a hash of the table's)."""
    if name == ACTORS_TABLE:
        return f"the file of the actor book, {ACTORS_TABLE}"
    if is_history_table(name):
        return f"the file of the undo history of article {name.removeprefix(HISTORY_PREFIX)!r:.80}"
    return f"the file of article {name!r:.80}"


def reserved(name: str) -> bool:
    """Table names an article's id cannot be: the actor book's, and every history table's."""
    return name == ACTORS_TABLE or is_history_table(name)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def article_problem(doc: Any) -> str | None:
    if not isinstance(doc, dict):
        return "an article must be an object"
    for name in ("id", "text"):
        if not isinstance(doc.get(name), str):
            return f"article field {name!r} must be a string, got {doc.get(name)!r:.40}"
    for name in ARTICLE_TEXT_FIELDS:
        if name in doc and not isinstance(doc[name], str):
            return f"article field {name!r} must be a string, got {doc[name]!r:.40}"
    extra = doc.get("extra", {})
    if extra is not None and not (isinstance(extra, dict) and all(isinstance(v, str) for v in extra.values())):
        return "article field 'extra' must be an object of strings"
    return None


SPAN_FIELDS = (*SPAN_STR_FIELDS, "start", "end", "flagged")
_ALLOWED = frozenset((*SPAN_FIELDS, "kind"))
_str_values = itemgetter(*SPAN_STR_FIELDS)


def _plainly_good_span(doc: dict[str, Any]) -> bool:
    """The check below for a span as the store writes it (every field there), in C-level steps:
    it runs for every span of every table read, so an export of a million spans pays it."""
    try:
        "".join(_str_values(doc))  # TypeError unless every one is a string
        if not doc.keys() <= _ALLOWED:
            return False
        start, end = doc["start"], doc["end"]
        return (
            type(start) is int
            and type(end) is int
            and 0 <= start < end
            and type(doc["flagged"]) is bool
            and len(doc["quote"]) == end - start
            and doc["label"] != ""
        )
    except (KeyError, TypeError):
        return False


def span_problem(doc: Any) -> str | None:
    if not isinstance(doc, dict):
        return "a span must be an object"
    if _plainly_good_span(doc):
        return None
    unknown = set(doc) - set(SPAN_FIELDS) - {"kind"}
    if unknown:
        return f"unknown span field {sorted(unknown)[0]!r:.40}"
    for name in SPAN_STR_FIELDS:
        value = doc.get(name, "")
        if name in ("id", "article_id", "label") and name not in doc:
            return f"span field {name!r} is missing"
        if not isinstance(value, str):
            return f"span field {name!r} must be a string, got {value!r:.40}"
    if not doc["label"]:
        return "span field 'label' must not be empty"
    start, end = doc.get("start"), doc.get("end")
    if not (_is_int(start) and _is_int(end)):
        return f"span offsets must be integers, got {start!r:.20}..{end!r:.20}"
    if not 0 <= start < end:
        return f"span offsets must satisfy 0 <= start < end, got {start}..{end}"
    if "quote" in doc and len(doc["quote"]) != end - start:
        return f"span quote has {len(doc['quote'])} characters for offsets {start}..{end}"
    if not isinstance(doc.get("flagged", False), bool):
        return f"span field 'flagged' must be true or false, got {doc['flagged']!r:.20}"
    return None


def link_problem(doc: Any) -> str | None:
    """A link between two spans of the article (``annotations.links.Link``)."""
    if not isinstance(doc, dict):
        return "a link must be an object"
    unknown = set(doc) - set(LINK_STR_FIELDS) - {"kind"}
    if unknown:
        return f"unknown link field {sorted(unknown)[0]!r:.40}"
    for name in LINK_STR_FIELDS:
        if name not in doc and name not in ("annotator", "created"):
            return f"link field {name!r} is missing"
        if not isinstance(doc.get(name, ""), str):
            return f"link field {name!r} must be a string, got {doc[name]!r:.40}"
    if not doc["relation"]:
        return "link field 'relation' must not be empty"
    if doc["from_span"] == doc["to_span"]:
        return f"link {doc['id']!r:.40} starts and ends on the same span"
    return None


def corrections_problem(doc: Any) -> str | None:
    """The analyst's corrections of an article's title, source and date (strings, none empty)."""
    if not isinstance(doc, dict):
        return "metadata corrections must be an object"
    for name, value in doc.items():
        if name == "kind":
            continue
        if name not in CORRECTED_FIELDS:
            return f"unknown corrected field {name!r:.40}"
        if not isinstance(value, str) or not value:
            return f"corrected field {name!r} must be a non-empty string, got {value!r:.40}"
    return None


def figure_problem(doc: Any) -> str | None:
    """A casualty figure set by the analyst for the span ``span_id`` (``annotations.figure_value.Figure``), or {}."""
    from annotations.figure_value import Figure

    if not isinstance(doc, dict):
        return "a figure must be an object"
    fields = {k: v for k, v in doc.items() if k not in ("kind", "span_id")}
    if not fields and "kind" not in doc:
        return None  # a step's side where the span had no figure set
    if not isinstance(doc.get("span_id"), str):
        return "figure field 'span_id' must be a string"
    try:
        figure = Figure.from_dict(fields)
    except (TypeError, ValueError) as err:
        return f"figure: {err}"
    if set(fields) != set(figure.to_dict()) or not all(type(fields[k]) is type(v) for k, v in figure.to_dict().items()):
        return "figure fields must be low, high (whole numbers), qualifier, who, what, number_text, hedge, vague"
    return None


def actors_problem(doc: Any) -> str | None:
    """The actor book: ``{"actors": [{"name", "aliases"}]}``, one name naming one actor."""
    from annotations.actors import ActorBook
    from reader.core.errors import UserError

    if not isinstance(doc, dict):
        return "an actor book must be an object"
    unknown = set(doc) - {"kind", "actors"}
    if unknown:
        return f"unknown actor book field {sorted(unknown)[0]!r:.40}"
    actors = doc.get("actors")
    if not isinstance(actors, list):
        return "actor book field 'actors' must be a list"
    for actor in actors:
        if not (isinstance(actor, dict) and set(actor) <= {"name", "aliases"} and isinstance(actor.get("name"), str)):
            return f"an actor must be an object with a 'name' string, got {actor!r:.40}"
        aliases = actor.get("aliases", [])
        if not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
            return f"actor {actor['name']!r:.40}: 'aliases' must be a list of strings"
    try:
        ActorBook.from_dict(doc)
    except UserError as err:
        return f"actor book: {err}"
    return None


def state_problem(doc: Any) -> str | None:
    if not isinstance(doc, dict):
        return "a state must be an object"
    if doc.get("status") not in STATUSES:
        return f"unknown status {doc.get('status')!r:.40}"
    if not isinstance(doc.get("read"), bool):
        return f"state field 'read' must be true or false, got {doc.get('read')!r:.20}"
    return None


def step_problem(step: Any) -> str | None:
    """A history step (the ``step`` of a step document)."""
    if not isinstance(step, dict):
        return "a history step must be an object"
    kind = step.get("kind")
    if kind not in STEP_KINDS:
        return f"unknown history step kind {kind!r:.40}"
    if not isinstance(step.get("description"), str):
        return "history step field 'description' must be a string"
    if step.get("annotator") is not None and not isinstance(step["annotator"], str):
        return "history step field 'annotator' must be a string"
    ids = step.get("ids")  # every kind has them (empty but for span changes): an undo reads them
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        return "history step field 'ids' must be a list of span ids"
    if kind == "status":
        for side in ("before", "after"):
            if step.get(side) not in STATUSES:
                return f"history step {side!r} must be a status, got {step.get(side)!r:.40}"
        if not isinstance(step.get("off", False), bool):
            return "history step field 'off' must be true or false"
        return None
    if kind == "figure":
        if not isinstance(step.get("span_id"), str):
            return "history step field 'span_id' must be a string"
        for side in ("before", "after"):
            value = step.get(side)
            problem = figure_problem({**value, "span_id": step["span_id"]} if isinstance(value, dict) else value)
            if problem is not None:
                return f"history step {side!r}: {problem}"
        return None
    if kind == "actors":
        for side in ("before", "after"):
            problem = actors_problem(step.get(side))
            if problem is not None:
                return f"history step {side!r}: {problem}"
        return None
    if kind == "meta":
        for side in ("before", "after"):
            problem = corrections_problem(step.get(side))
            if problem is not None:
                return f"history step {side!r}: {problem}"
        return None
    for side in ("before", "after"):
        spans = step.get(side)
        if not isinstance(spans, list):
            return f"history step {side!r} must be a list of spans"
        for span in spans:
            problem = span_problem(span)
            if problem is not None:
                return f"history step {side!r}: {problem}"
            if span["id"] not in ids:
                return f"history step {side!r} holds span {span['id']!r:.40} not in its 'ids'"
    return _step_links_problem(step)


def _step_links_problem(step: dict[str, Any]) -> str | None:
    """The links a step changes (``link_ids``, ``links_before``, ``links_after``), when it has any."""
    if "link_ids" not in step:
        return None
    ids = step["link_ids"]
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        return "history step field 'link_ids' must be a list of link ids"
    for side in ("links_before", "links_after"):
        links = step.get(side)
        if not isinstance(links, list):
            return f"history step {side!r} must be a list of links"
        for link in links:
            problem = link_problem(link)
            if problem is not None:
                return f"history step {side!r}: {problem}"
            if link["id"] not in ids:
                return f"history step {side!r} holds link {link['id']!r:.40} not in its 'link_ids'"
    return None


def doc_problem(doc: Any) -> str | None:
    """What is wrong with one document of an article's table, or None."""
    if not isinstance(doc, dict):
        return "a record must be an object"
    kind = doc.get("kind")
    if kind == "article":
        return article_problem(doc)
    if kind == "span":
        return span_problem(doc)
    if kind == "state":
        return state_problem(doc)
    if kind == "link":
        return link_problem(doc)
    if kind == "meta":
        return corrections_problem(doc)
    if kind == "figure":
        return figure_problem(doc)
    if kind == "actors":
        return actors_problem(doc)
    if kind == "step":
        if doc.get("stack") not in ("undo", "redo"):
            return f'history step \'stack\' must be "undo" or "redo", got {doc.get("stack")!r:.20}'
        if not _is_int(doc.get("n")):
            return f"history step 'n' must be an integer, got {doc.get('n')!r:.20}"
        return step_problem(doc.get("step"))
    return f"unknown record kind {kind!r:.40}"
