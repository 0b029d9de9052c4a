"""Reading corpus sources: folders of .txt/.md files and JSONL files of articles.

A .md file is read as plain text with its YAML front matter as metadata
(``reader.corpus.markdown_text``); ``metadata.yaml`` at a folder's root wins over front matter.

Each source scans in batches (so a UI worker can show the library filling in) and keeps
an index cache (``reader.corpus.cache``) so the second open of 100,000 articles reads
no article text at all. Both produce ``ArticleMeta`` with a ``location`` that
``reader.corpus.loader`` loads lazily: an absolute file path, or ``path.jsonl#byte-offset``.

Ids are stable across runs and reordering: a folder's article id is its relative posix
path without suffix (with the suffix when two files share a stem, for both of them);
a JSONL article's id is its ``id`` field, else a hash of title and text.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reader.core.article import ArticleMeta
from reader.core.yamlfile import cached
from reader.corpus.cache import LIBRARY_FILE, load_cache, save_cache, walk_articles
from reader.text.normalise import clean_line, decode_bytes, is_probably_binary, normalise_text, too_large

TITLE_LIMIT = 120
METADATA_FILE = "metadata.yaml"
META_FIELDS = ("title", "source", "published", "url", "author")

Batches = Iterator[list[ArticleMeta]]


def content_id(title: str, text: str) -> str:
    """The id of an article that has none: a hash of what it says."""
    digest = hashlib.sha256(f"{title}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return "h:" + digest[:16]


def title_from_text(text: str) -> str:
    """First non-empty line, trimmed, at most 120 chars."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return clean_line(line, TITLE_LIMIT)
    return ""


def field_text(value: Any) -> str:
    """A metadata value as one line of text (YAML dates become ISO 8601)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return clean_line(str(value))


def read_text_file(path: Path, name: str) -> tuple[str | None, str | None]:
    """(normalised text, warning); text is None when the file is skipped."""
    try:
        with open(path, "rb") as handle:
            big = too_large(os.fstat(handle.fileno()).st_size, name)
            if big:
                return None, f"{big}, skipped"
            data = handle.read()
    except OSError as err:
        return None, f"{name}: cannot read ({err.strerror or err}), skipped"
    if not data.strip():
        return None, f"{name}: empty file, skipped"
    if is_probably_binary(data):
        return None, f"{name}: binary file, skipped"
    text, warning = decode_bytes(data, name)
    text = normalise_text(text)
    if not text.strip():
        return None, f"{name}: empty file, skipped"
    return text, warning


def read_article_file(path: Path, name: str) -> tuple[str | None, dict[str, str], list[str]]:
    """(article text, metadata fields, warnings) of a .txt or .md file; text None: skipped.

    A .txt file is its text. A .md file is its Markdown as plain text, and its YAML front
    matter gives metadata fields (``reader.corpus.markdown_text``).
    """
    text, warning = read_text_file(path, name)
    warnings = [warning] if warning else []
    if text is None or path.suffix.lower() != ".md":
        return text, {}, warnings
    from reader.corpus.markdown_text import markdown_article

    article = markdown_article(text, name)
    if article.warning:
        warnings.append(article.warning)
    if not article.text.strip():
        return None, {}, [*warnings, f"{name}: no article text (only front matter or markup), skipped"]
    return article.text, article.fields, warnings


def meta_title(fields: dict[str, str], text: str) -> str:
    """An article's title: the one its metadata gives, else its first line."""
    title = fields.get("title")
    return clean_line(title, TITLE_LIMIT * 2) if title else title_from_text(text)


class BadYaml(Exception):
    """A YAML error, wrapped so that callers need not import PyYAML to catch it."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _safe_load(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise BadYaml(err) from None


def _as_is(data: Any) -> Any:
    return data


def load_folder_metadata(root: Path, display: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    """``metadata.yaml`` at a folder's root: file name -> {title, source, published, url, author}."""
    path = root / METADATA_FILE
    if not path.is_file():
        return {}, []
    where = f"{display.rstrip('/')}/{METADATA_FILE}"
    try:
        text = path.read_text(encoding="utf-8")
        # Remembered in the cache dir by its exact text: an unchanged file costs no YAML import or parse.
        data = cached("metadata", path, text, lambda: _safe_load(text), _as_is, _as_is)
    except (OSError, UnicodeDecodeError, BadYaml) as err:
        err = getattr(err, "error", err)
        mark = getattr(err, "problem_mark", None)
        place = f"{where}:{mark.line + 1}" if mark is not None else where
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        return {}, [f"{place}: cannot read metadata ({reason}), ignored"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{where}: expected a mapping of file name to fields, ignored"]
    result: dict[str, dict[str, str]] = {}
    warnings: list[str] = []
    for key, fields in data.items():
        if not isinstance(fields, dict):
            warnings.append(f"{where}: entry {key!r} is not a mapping, ignored")
            continue
        result[str(key)] = {k: field_text(v) for k, v in fields.items() if k in META_FIELDS}
    return result, warnings


def folder_ids(rels: list[str]) -> list[str]:
    """Article ids for relative paths: path without suffix, or with it when stems collide."""
    stems = []
    for rel in rels:
        dot = rel.rfind(".")
        stems.append(rel[:dot] if dot > rel.rfind("/") + 1 else rel)
    counts = Counter(stems)
    return [stem if counts[stem] == 1 else rel for rel, stem in zip(rels, stems, strict=True)]


class FolderSource:
    """A folder of .txt/.md articles (recursively), plus its ``library.jsonl`` if any."""

    def __init__(self, root: Path, display: str) -> None:
        self.root = root.resolve()
        self.display = display
        self.warnings: list[str] = []
        listing = walk_articles(self.root)
        self.files = [item for item in listing if item[0] != LIBRARY_FILE]
        self.total = len(self.files)
        self.done = 0
        self.finished = False
        self._jsonl: JsonlSource | None = None
        self._library_at = -1  # where library.jsonl's articles go in path order
        if len(self.files) != len(listing):
            self._library_at = bisect.bisect_left([rel for rel, _, _ in self.files], LIBRARY_FILE)
            self._jsonl = JsonlSource(self.root / LIBRARY_FILE, self._name(LIBRARY_FILE))
            self.total += self._jsonl.total

    def _name(self, rel: str) -> str:
        return f"{self.display.rstrip('/')}/{rel}"

    def _library(self, batch: int, cancel: threading.Event | None) -> Batches:
        assert self._jsonl is not None
        yield from self._jsonl.scan(batch, cancel, self._progress_from(self.done))
        self.warnings.extend(self._jsonl.warnings)

    def scan(self, batch: int, cancel: threading.Event | None) -> Batches:
        """Yield metas in path order, in batches; ``finished`` is False when cancelled.

        Cached open (the 100,000-iteration hot path): when the listing (paths, sizes,
        mtimes) equals the cached one, records and ids are taken as they are, compared
        as whole lists; otherwise each file's record is reused if its size and mtime
        match, and re-read if not.
        """
        metadata, warnings = load_folder_metadata(self.root, self.display)
        self.warnings.extend(warnings)
        rels = [rel for rel, _, _ in self.files]
        sizes = [size for _, size, _ in self.files]
        mtimes = [mtime for _, _, mtime in self.files]
        cache = load_cache(self.root, "folder") or {}
        old: dict[str, tuple[int, int, list[Any]]] = {}
        records: list[list[Any] | None]
        if cache.get("rels") == rels and cache.get("sizes") == sizes \
                and cache.get("mtimes") == mtimes and len(cache.get("ids", ())) == len(rels):
            ids, records, changed = cache["ids"], cache["records"], False
        else:
            try:
                old = {r: (sz, mt, rec) for r, sz, mt, rec in zip(
                    cache["rels"], cache["sizes"], cache["mtimes"], cache["records"], strict=True)}
            except (KeyError, TypeError, ValueError):
                old = {}
            ids, records, changed = folder_ids(rels), [None] * len(rels), True
        prefix = f"{self.root}/"
        finished = True
        for start in range(0, len(rels), batch):
            if cancel is not None and cancel.is_set():
                finished = False
                break
            pending: list[ArticleMeta] = []
            append = pending.append
            for i in range(start, min(start + batch, len(rels))):
                if i == self._library_at:
                    if pending:
                        yield pending
                        pending = []
                        append = pending.append
                    yield from self._library(batch, cancel)
                    if not self._jsonl.finished:  # type: ignore[union-attr]
                        finished = False
                        break
                record = records[i]
                if record is None:
                    rel = rels[i]
                    known = old.get(rel)
                    if known is not None and known[0] == sizes[i] and known[1] == mtimes[i]:
                        record = known[2]
                    else:
                        record = self._index_file(rel)
                    records[i] = record
                title, words, warnings, fields = record
                if warnings:
                    self.warnings.extend(self._name(rels[i]) + warning for warning in warnings)
                if title is None:
                    continue
                if metadata or fields:  # metadata.yaml wins over a file's front matter
                    extra = {**fields, **(metadata.get(rels[i]) or metadata.get(ids[i]) or {})}
                    append(ArticleMeta(
                        ids[i], extra.get("title") or title, extra.get("source", ""),
                        extra.get("published", ""), extra.get("url", ""), extra.get("author", ""),
                        words, prefix + rels[i]))
                else:
                    append(ArticleMeta(ids[i], title, "", "", "", "", words, prefix + rels[i]))
            self.done = min(self.done + batch, self.total)
            if pending:
                yield pending
            if not finished:
                break
        if finished and self._library_at == len(rels):
            yield from self._library(batch, cancel)
            finished = self._jsonl is not None and self._jsonl.finished
        if finished:
            self.done = self.total
        self.finished = finished
        if changed:
            if not finished:  # keep what the cached index knew about files not reached
                for i, record in enumerate(records):
                    known = old.get(rels[i]) if record is None else None
                    if known is not None and known[0] == sizes[i] and known[1] == mtimes[i]:
                        records[i] = known[2]
            keep = [i for i, record in enumerate(records) if record is not None]
            save_cache(self.root, "folder", {
                "rels": [rels[i] for i in keep], "sizes": [sizes[i] for i in keep],
                "mtimes": [mtimes[i] for i in keep], "records": [records[i] for i in keep],
                "ids": [ids[i] for i in keep],
            })

    def _progress_from(self, start: int) -> Callable[[int], None]:
        def advance(done: int) -> None:
            self.done = start + done

        return advance

    def _index_file(self, rel: str) -> list[Any]:
        """[title or None (skipped), word count, warnings, front matter fields].

        The warnings are kept without the file's name (": problem" or ":LINE: problem"):
        the cache outlives the name the folder was opened by.
        """
        name = self._name(rel)
        text, fields, warnings = read_article_file(self.root / rel, name)
        warnings = [warning[len(name):] for warning in warnings]
        if text is None:
            return [None, 0, warnings, {}]
        return [meta_title(fields, text), len(text.split()), warnings, fields]


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
        return None, f"{where}: no \"text\" string, skipped"
    text = normalise_text(text)
    if not text.strip():
        return None, f"{where}: empty \"text\", skipped"
    fields = {"text": text}
    meta = record.get("meta")
    if isinstance(meta, dict):  # newsdesk's own annotation exports keep title, source, date there
        record = {**{k: meta[k] for k in META_FIELDS if k in meta}, **record}
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        return None, f"{where}: \"title\" is not a string, skipped"
    fields["title"] = meta_title({"title": title} if title else {}, text)
    for key in ("source", "published", "url", "author"):
        fields[key] = field_text(record.get(key))
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or not str(raw_id).strip():
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
        try:
            st = self.path.stat()
            self.signature = [st.st_size, st.st_mtime_ns]
        except OSError:
            self.signature = [-1, -1]
        self.cache = load_cache(self.path, "jsonl")
        if self.cache is not None and self.cache.get("signature") != self.signature:
            self.cache = None
        self.total = len(self.cache["metas"]) if self.cache else self._count_lines()

    def _count_lines(self) -> int:
        count = 0
        try:
            with open(self.path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    count += chunk.count(b"\n")
        except OSError:
            pass
        return count + 1

    def scan(
        self, batch: int, cancel: threading.Event | None,
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
                    for i, t, s, p, u, a, w, o in rows[start:start + batch]
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
            handle = open(self.path, "rb")
        except OSError as err:
            self.warnings.append(f"{self.display}: cannot read ({err.strerror or err}), skipped")
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
                row = [fields["id"], fields["title"], fields["source"], fields["published"],
                       fields["url"], fields["author"], len(fields["text"].split()), here]
                rows.append(row)
                pending.append(ArticleMeta(*row[:7], location=location + str(here)))
                if len(pending) >= batch:
                    if advance is not None:
                        advance(self.done)
                    yield pending
                    pending = []
                    if cancel is not None and cancel.is_set():
                        self.warnings.extend(warnings)
                        return
        if pending:
            yield pending
        self.done = self.total
        if advance is not None:
            advance(self.done)
        self.warnings.extend(warnings)
        cut = len(self.display)
        save_cache(self.path, "jsonl", {"signature": self.signature, "metas": rows,
                                        "warnings": [w[cut:] for w in warnings]})
        self.finished = True


def iter_jsonl_records(path: Path, display: str) -> Iterator[tuple[dict[str, str] | None, str | None]]:
    """Every non-blank line of a JSONL file as (fields, None) or (None, warning)."""
    with open(path, "rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if raw.strip():
                yield parse_jsonl_line(raw, f"{display}:{lineno}")
