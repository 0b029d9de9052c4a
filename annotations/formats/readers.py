"""Readers for the import formats: each turns a file or folder into items to check.

Nothing here touches the store; ``load.import_annotations`` checks and imports.
Every problem found while reading becomes one ``place: problem`` line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.actors import ActorBook
from reader.core.article import TEXT_FIELDS, Article, id_problem, text_field_problem
from reader.core.errors import UserError


@dataclass
class ImportReport:
    """What an import did: articles and spans added, what was skipped and why."""

    articles: int = 0
    spans: int = 0
    skipped: int = 0
    already: int = 0  # spans the database held before the import (the same id, or the same place and label)
    refused: int = 0  # articles not imported for an id or a metadata field of the wrong type
    duplicates: int = 0  # spans the file gives more than once (imported once), not counted as already there
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    links: int = 0  # links added
    links_skipped: int = 0  # links read whose end was not imported, or the schema refuses
    figures: int = 0  # casualty figures set (those that differ from the parse of their quote)
    corrected: int = 0  # articles whose title, source or date corrections were set
    actor_names: int = 0  # names added to the actor book (canonical names and aliases)
    added: list[Article] = field(default_factory=list)  # articles new to the database (for the library)


@dataclass
class Candidate:
    """A span as read, before checks: where it came from and what it claims."""

    where: str
    start: int
    end: int
    label: str
    quote: str | None = None
    note: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # native: id, annotator, times...
    ref: str = ""  # the span's id in the file (brat T3, a result id): what its links name
    figure: Any = None  # the casualty figure written with it (a dict as Figure.to_dict), if any
    actor: Any = None  # the canonical name of the actor its text names, when the file says one


@dataclass
class LinkCandidate:
    """A link as read: where, the file's ids of its two ends, the relation, native fields."""

    where: str
    from_ref: str
    to_ref: str
    relation: Any
    fields: dict[str, Any] = field(default_factory=dict)  # native: id, annotator, created


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need besides its file: offset units, the schema's label names, and
    the articles it can attach spans to (formats whose files hold no full text: CoNLL, CSV)."""

    offsets: str | None = None
    labels: tuple[str, ...] = ()
    articles: Callable[[], Iterable[Article]] = tuple  # stored (and library) articles
    lookup: Callable[[str], Article | None] = lambda _id: None  # an article by id


@dataclass
class Item:
    where: str
    article: Article
    status: str | None
    spans: list[Candidate]
    links: list[LinkCandidate] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # title, source, published as corrected
    actors: ActorBook = field(default_factory=ActorBook)  # the actor book's entries the line carries
    refused: str | None = None  # why the article, spans and links are not imported (``metadata_problem``)


def read_lines(path: Path, report: ImportReport, need_text: bool = True) -> list[tuple[str, dict[str, Any]]]:
    """(file:line, object) for each JSON line; bad lines become errors."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UserError(f"{path}: cannot read ({err.strerror})") from None
    out: list[tuple[str, dict[str, Any]]] = []
    for n, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as err:
            report.errors.append(f"{where}: not UTF-8 ({err.reason} at byte {err.start})")
            report.skipped += 1
            continue
        except json.JSONDecodeError as err:
            report.errors.append(f"{where}: not valid JSON ({err.msg} at column {err.colno})")
            report.skipped += 1
            continue
        if not isinstance(obj, dict):
            report.errors.append(f"{where}: expected a JSON object, found {type(obj).__name__}")
            report.skipped += 1
            continue
        if need_text and not isinstance(obj.get("text"), str):
            report.errors.append(f'{where}: missing "text" (a string)')
            report.skipped += 1
            continue
        out.append((where, obj))
    return out


def str_field(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def status_field(value: Any) -> str | None:
    """A record's status as written: a string, else its JSON (``5``, ``["done"]``) for the line
    saying it is not a status (``load``); None when there is none."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _fallback_id(fmt: str, text: str) -> str:
    return f"{fmt}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


CORRECTABLE = ("title", "source", "published")


def corrections_from(meta: dict[str, Any]) -> dict[str, str]:
    """The corrected title, source and date: the fields ``meta["original"]`` keeps the originals of."""
    original = meta.get("original")
    if not isinstance(original, dict):
        return {}
    return {k: str_field(meta.get(k)) for k in CORRECTABLE if k in original and str_field(meta.get(k))}


def metadata_problem(ids: dict[str, Any], meta: dict[str, Any], prefix: str = "") -> str | None:
    """Why a record's article cannot be imported, or None: the rule of a corpus file
    (``reader.core.article``) for its ids, keyed by the names the file gives them, and for the
    text fields of ``meta`` (named with ``prefix``, as "meta."), the originals of corrections too.

    The article is refused whole, never imported without the field: once stored, importing the
    mended file would find it there and leave it as it was."""
    original = meta.get("original")
    originals = original if isinstance(original, dict) else {}
    problems = (
        *(id_problem(name, value) for name, value in ids.items()),
        *(text_field_problem(f"{prefix}{key}", meta.get(key)) for key in TEXT_FIELDS),
        *(text_field_problem(f"{prefix}original.{key}", originals.get(key)) for key in CORRECTABLE),
    )
    return next((problem for problem in problems if problem), None)


def article_from(obj_id: Any, text: str, meta: dict[str, Any], fmt: str) -> Article:
    """The article as loaded (with its original title, source and date when they were corrected)."""
    original = meta.get("original")
    if isinstance(original, dict):
        meta = {**meta, **{k: original[k] for k in CORRECTABLE if k in original}}
    title = str_field(meta.get("title")) or text.strip().split("\n", 1)[0][:80]
    return Article(
        id=str_field(obj_id) or _fallback_id(fmt, text),
        title=title,
        text=text,
        source=str_field(meta.get("source")),
        published=str_field(meta.get("published")),
        url=str_field(meta.get("url")),
        author=str_field(meta.get("author")),
    )


def meta_of(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj.get("meta")
    return meta if isinstance(meta, dict) else {}
