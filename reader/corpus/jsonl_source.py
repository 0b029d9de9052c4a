"""A JSONL corpus: one article a JSON line, indexed by byte offset, scanned in batches.

Metas carry ``path.jsonl#byte-offset`` as their ``location``, which ``reader.corpus.loader``
loads lazily; the index cache (``reader.corpus.cache``) is keyed by the file's size and
mtime. An article's id is its ``id`` field (a string or an integer), else a hash of its title and text.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reader.core.article import TEXT_FIELDS, ArticleMeta, id_problem, text_field_problem
from reader.core.regular_file import open_regular, skip_reason
from reader.core.words import word_count
from reader.corpus.article_files import content_id, field_text, meta_title
from reader.corpus.cache import load_cache, save_cache
from reader.text.normalise import clean_line, normalise_text

Batches = Iterator[list[ArticleMeta]]


def parse_jsonl_line(raw: bytes, where: str) -> tuple[dict[str, str] | None, str | None]:
    """One JSONL line -> (fields with normalised text, None) or (None, warning)."""
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        reason = err.msg if isinstance(err, json.JSONDecodeError) else str(err)
        return None, f"{where}: not valid JSON ({reason}), skipped"
    if not isinstance(record, dict):
        return None, f"{where}: expected a JSON object with title and text, skipped"
    text = record.get("text")
    if not isinstance(text, str):
        return None, f'{where}: no "text" string, skipped'
    text = normalise_text(text)
    if not text.strip():
        return None, f'{where}: empty "text", skipped'
    fields = {"text": text}
    meta = record.get("meta")
    if isinstance(meta, dict):  # newsdesk's own annotation exports keep title, source, date there
        record = {**{k: meta[k] for k in TEXT_FIELDS if k in meta}, **record}
    # One rule for every text field: a string, or null/absent for none; the id: a string or an integer.
    for problem in (id_problem("id", record.get("id")), *(text_field_problem(k, record.get(k)) for k in TEXT_FIELDS)):
        if problem:
            return None, f"{where}: {problem}, skipped"
    title = record.get("title")
    fields["title"] = meta_title({"title": title} if title else {}, text)
    for key in ("source", "published", "url", "author"):
        fields[key] = field_text(record.get(key))
    raw_id = record.get("id")
    if raw_id is None or not str(raw_id).strip():  # none: the article is known by what it says
        fields["id"] = content_id(fields["title"], text)
    else:
        fields["id"] = clean_line(str(raw_id))
    return fields, None


class JsonlSource:
    """A JSONL file, one article a line; the cache is keyed by the file's size and mtime."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path.resolve()
        self.display = display
        self.warnings: list[str] = []
        self.done = 0
        self.finished = False
        self.texts: dict[str, str] | None = None  # when set, each article's text by location (a scan keeps them)
        try:
            st = self.path.stat()
            self.signature = [st.st_size, st.st_mtime_ns]
        except OSError:
            self.signature = [-1, -1]
        self.cache = load_cache(self.path, "jsonl")
        if self.cache is not None and self.cache.get("signature") != self.signature:
            self.cache = None
        # Without a cache, the number of lines is estimated as the scan goes (``_estimate``):
        # counting them first would read the whole file before the first rows.
        self.total = len(self.cache["metas"]) if self.cache else 0

    def _estimate(self, lines: int, offset: int) -> int:
        """The file's lines, from the ``lines`` read in its first ``offset`` bytes."""
        size = self.signature[0]
        return max(lines, lines * size // offset) if offset > 0 else lines

    def scan(
        self,
        batch: int,
        cancel: threading.Event | None,
        advance: Callable[[int], None] | None = None,
    ) -> Batches:
        """Yield metas in file order, in batches; ``finished`` is False when cancelled."""
        self.finished = False
        location = f"{self.path}#"
        if self.cache is not None:
            # Stored without the file's name: the same file may be opened by another path.
            self.warnings.extend(self.display + w for w in self.cache.get("warnings", []))
            rows = self.cache["metas"]
            for start in range(0, len(rows), batch):
                if cancel is not None and cancel.is_set():
                    return
                yield [
                    ArticleMeta(i, t, s, p, u, a, w, location + str(o))
                    for i, t, s, p, u, a, w, o in rows[start : start + batch]
                ]
                self.done = min(start + batch, len(rows))
                if advance is not None:
                    advance(self.done)
            self.finished = True
            return
        rows: list[list[Any]] = []
        warnings: list[str] = []
        pending: list[ArticleMeta] = []
        try:
            handle = open_regular(self.path)  # a FIFO would block for ever
        except OSError as err:
            self.warnings.append(f"{self.display}: {skip_reason(err)}, skipped")
            self.finished = True
            return
        with handle:
            offset = 0
            for lineno, raw in enumerate(handle, start=1):
                here = offset
                offset += len(raw)
                self.done = lineno
                if not raw.strip():
                    continue
                fields, warning = parse_jsonl_line(raw, f"{self.display}:{lineno}")
                if fields is None:
                    warnings.append(warning or "")
                    continue
                row = [
                    fields["id"],
                    fields["title"],
                    fields["source"],
                    fields["published"],
                    fields["url"],
                    fields["author"],
                    word_count(fields["text"]),
                    here,
                ]
                rows.append(row)
                if self.texts is not None:
                    self.texts[location + str(here)] = fields["text"]
                pending.append(ArticleMeta(*row[:7], location=location + str(here)))
                if len(pending) >= batch:
                    self.total = self._estimate(lineno, offset)
                    if advance is not None:
                        advance(self.done)
                    yield pending
                    pending = []
                    if cancel is not None and cancel.is_set():
                        self.warnings.extend(warnings)
                        return
        self.total = self.done  # the whole file is read: exact
        if pending:
            yield pending
        if advance is not None:
            advance(self.done)
        self.warnings.extend(warnings)
        cut = len(self.display)
        save_cache(
            self.path, "jsonl", {"signature": self.signature, "metas": rows, "warnings": [w[cut:] for w in warnings]}
        )
        self.finished = True


def iter_jsonl_records(path: Path, display: str) -> Iterator[tuple[str, dict[str, str] | None, str | None]]:
    """Every non-blank line of a JSONL file as (``display:line``, fields, None) or (``display:line``,
    None, warning)."""
    with open_regular(path) as handle:
        for lineno, raw in enumerate(handle, start=1):
            if raw.strip():
                where = f"{display}:{lineno}"
                yield where, *parse_jsonl_line(raw, where)
