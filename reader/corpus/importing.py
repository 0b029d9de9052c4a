"""Adding articles to a library: from a feed (file or http(s) URL), a folder of .txt/.md, a
single file or a JSONL file, appended to ``CORPUS/library.jsonl`` (default: the user's library,
shown beside the seeds).

One JSONL file keeps 100,000 imported articles to one file the corpus indexes by byte offset.
Writing is atomic and durable: the old file plus the new lines go to a temporary file, which is
fsynced and renamed over the old one, so a crash leaves either the old library or the new one,
never half a line.

Dedupe is by id: a feed entry's id is a hash of its entry id or link, a JSONL article keeps its
``id`` (else a hash of title and text), and a file's id is a hash of its title and text, so
re-importing the same source adds nothing twice. An id the library already gives an article
with another title is another article that happens to share it (two JSONL files numbered from 1):
it is not imported, and a warning says so, rather than counting it as there. The user's library
is listed beside the bundled seeds, so a seed's id counts as already there too (a seed exported
and imported back would otherwise be listed twice, renamed ``~2``, with a warning at every start).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from reader.core import paths
from reader.core.article import CONTENT_ID_PREFIX, Article
from reader.core.atomic import atomic_binary, file_in_the_way
from reader.core.errors import UserError
from reader.core.wording import plural

PROGRESS_EVERY = 25  # articles read between progress reports


def library_file(target: Path) -> Path:
    """Where articles imported into ``target`` go: the file itself, or its library.jsonl."""
    if target.suffix.lower() == ".jsonl":
        return target
    from reader.corpus.cache import LIBRARY_FILE

    return target / LIBRARY_FILE


def refuse_unwritable(target: Path) -> None:
    """One line for a corpus that cannot take imported articles, said before anything is read or
    written: a file that is neither a folder nor a .jsonl file (a feed given as the target), a file
    on the way to it, or a folder where a .jsonl file must be."""
    advice = "import into a corpus folder or a .jsonl file"
    if target.suffix.lower() != ".jsonl" and target.exists() and not target.is_dir():
        raise UserError(f"{target}: exists and is not a folder; {advice}")
    blocker = file_in_the_way(target)
    if blocker is not None:
        raise UserError(f"{target}: {blocker} is a file, not a folder; {advice}")
    destination = library_file(target)
    if destination.is_dir():
        raise UserError(f"{destination}: is a folder, expected a JSONL file")


def listed_beside(target: Path) -> set[str]:
    """The ids the default corpus lists beside ``target`` when it is the user's library: the seeds'."""
    if target.expanduser().resolve() != paths.library_dir().resolve():
        return set()
    from reader.corpus.folder_source import folder_ids

    seeds = paths.seeds_dir()
    return set(folder_ids(sorted(p.relative_to(seeds).as_posix() for p in seeds.glob("*.txt"))))


def existing_titles(path: Path) -> dict[str, str]:
    """Id -> title of the articles already in a library file (lines that do not parse are not
    ours to judge): the title tells an article imported again from one given the same id."""
    titles: dict[str, str] = {}
    if not path.exists():
        return titles
    from reader.corpus.jsonl_source import iter_jsonl_records

    try:
        for _, fields, _ in iter_jsonl_records(path, str(path)):
            if fields is not None:
                titles.setdefault(fields["id"], fields["title"])
    except OSError as err:
        raise UserError(f"{path}: cannot read ({err.strerror or err})") from None
    return titles


def source_articles(
    source: str, warnings: list[str], cancel: threading.Event | None = None
) -> Iterator[tuple[str, Article]]:
    """Every article SOURCE holds, with the id it is deduplicated by, and where it is (``file:line``
    in a JSONL file, the file in a folder, the feed) for a warning about it."""
    from reader.corpus import feeds
    from reader.corpus.article_files import content_id
    from reader.corpus.feed_bytes import FetchCancelled
    from reader.corpus.jsonl_source import iter_jsonl_records
    from reader.corpus.loader import CorpusLoader

    path = Path(source).expanduser()
    if paths.is_url(source) or (path.is_file() and path.suffix.lower() not in (".jsonl", ".txt", ".md")):
        try:
            result = feeds.load_feed(source, cancel=cancel)
        except FetchCancelled:
            raise ImportCancelled(source) from None
        warnings.extend(result.warnings)
        for article in result.articles:
            yield article.location or source, article
        return
    if not path.exists():
        raise UserError(f"{source}: no such file or folder")
    if path.suffix.lower() == ".jsonl" and path.is_file():
        for where, fields, warning in iter_jsonl_records(path, source):
            if fields is None:
                warnings.append(warning or "")
                continue
            article = Article(
                id=fields["id"],
                title=fields["title"],
                text=fields["text"],
                source=fields["source"],
                published=fields["published"],
                url=fields["url"],
                author=fields["author"],
            )
            yield where, article
        return
    loader = CorpusLoader(path)
    corpus = loader.corpus()
    warnings.extend(corpus.warnings)
    for meta in corpus.metas:
        article = corpus.load(meta.id)
        article = Article(
            id=content_id(article.title, article.text),
            title=article.title,
            text=article.text,
            source=article.source,
            published=article.published,
            url=article.url,
            author=article.author,
        )
        yield meta.location, article


def _record(article: Article) -> dict[str, str]:
    record = {"id": article.id, "title": article.title, "text": article.text}
    for key in ("source", "published", "url", "author"):
        value = getattr(article, key)
        if value:
            record[key] = value
    return record


class ImportCancelled(Exception):
    """The user stopped an import; nothing was written."""


class ImportCounts(NamedTuple):
    """What an article import did: added, found in the target already, repeated within the source."""

    new: int
    already: int  # in the target (or listed beside it) before this import
    duplicates: int  # an id the source gave before: only its first article is imported
    taken: int  # an id the target gives another article (another title): not imported
    warnings: list[str]


def import_tally(counts: ImportCounts) -> str:
    """What the import did not add, for its summary line: "2 already there, 1 duplicate id in the source"."""
    tally = f"{counts.already:,} already there"
    if counts.duplicates:
        tally += f", {plural(counts.duplicates, 'duplicate id')} in the source"
    if counts.taken:
        tally += f", {counts.taken:,} with an id taken by another article"
    return tally


def _taken(where: str, article_id: str, library: Path, title: str) -> str:
    """The line for an article whose id the library already gives another article."""
    return (
        f"{where}: id {article_id!r} is taken in {library} by another article, {title!r:.80}; skipped "
        "(give it an id of its own, or none: an article without one is named by a hash of its title and text)"
    )


def _duplicate(where: str, first: str, article_id: str) -> str:
    """The line for an article whose id came earlier in the same source. An id made from the
    title and text (a folder's files are imported so) is no id anyone wrote: the line says copy."""
    if article_id.startswith(CONTENT_ID_PREFIX):
        earlier = f"as {first}" if first != where else "as an earlier entry"
        return f"{where}: the same title and text {earlier}, skipped"
    earlier = f"first at {first}" if first != where else "an earlier entry has it"
    return f"{where}: duplicate id {article_id!r} ({earlier}), skipped"


def import_articles(
    source: str,
    target: Path,
    *,
    on_progress: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportCounts:
    """Append SOURCE's new articles to TARGET and say what it did.

    An id already in TARGET counts as already there when TARGET's article has the same title
    (the same article, imported again; its text may have been edited since); with another title
    it is another article given the same id (two JSONL files both numbered from 1), not
    imported and named in a warning, never counted as there. An id SOURCE itself gave before is
    a duplicate (one warning naming both places), so none of these are mixed up.

    ``on_progress(articles read)`` reports to a UI; a set ``cancel`` stops before anything
    is written (the append is atomic, so a cancelled import leaves the library as it was).
    """
    refuse_unwritable(target)
    destination = library_file(target)
    titles = existing_titles(destination)
    known = titles.keys() | listed_beside(target)
    warnings: list[str] = []
    lines: list[bytes] = []
    already = duplicates = taken = 0
    first_at: dict[str, str] = {}  # id -> where the source first gave it
    for count, (where, article) in enumerate(source_articles(source, warnings, cancel), start=1):
        held = titles.get(article.id)
        if article.id in first_at:
            duplicates += 1
            warnings.append(_duplicate(where, first_at[article.id], article.id))
        elif held is not None and held.strip() != article.title.strip():
            taken += 1
            first_at[article.id] = where
            warnings.append(_taken(where, article.id, destination, held))
        elif article.id in known:
            already += 1
            first_at[article.id] = where
        else:
            first_at[article.id] = where
            lines.append(json.dumps(_record(article), ensure_ascii=False).encode("utf-8", "surrogatepass"))
        if cancel is not None and cancel.is_set():
            raise ImportCancelled(source)
        if on_progress is not None and count % PROGRESS_EVERY == 0:
            on_progress(count)
    if lines:
        append_atomically(destination, lines)
    return ImportCounts(len(lines), already, duplicates, taken, warnings)


def add_articles(articles: list[Article], target: Path) -> int:
    """Append the ``articles`` TARGET does not hold yet (by id); how many were added.

    Articles that arrive with an annotation import go here too, so the library lists them.
    """
    refuse_unwritable(target)
    destination = library_file(target)
    known = existing_titles(destination).keys() | listed_beside(target)
    lines = []
    for article in articles:
        if article.id not in known:
            known.add(article.id)
            lines.append(json.dumps(_record(article), ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if lines:
        append_atomically(destination, lines)
    return len(lines)


def lines_with_spans(path: Path) -> int:
    """How many lines of a JSONL file carry annotations ("spans", doccano's "label"): an
    annotation export given to a plain article import, whose spans that import leaves out."""
    count = 0
    try:
        with open(path, "rb") as handle:
            for raw in handle:
                if b'"spans"' not in raw and b'"label"' not in raw:
                    continue
                try:
                    record = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(record, dict) and any(
                    isinstance(record.get(key), list) and record[key] for key in ("spans", "label")
                ):
                    count += 1
    except OSError:
        return 0
    return count


def append_atomically(path: Path, lines: list[bytes]) -> None:
    """Old contents + new lines -> temp file -> fsync -> rename -> fsync the folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_binary(path) as out:
            if path.exists():
                with open(path, "rb") as old:
                    while chunk := old.read(1 << 20):
                        out.write(chunk)
                if out.tell() and not _ends_with_newline(path):
                    out.write(b"\n")
            out.write(b"\n".join(lines) + b"\n")
    except OSError as err:
        raise UserError(f"{path}: cannot write ({err.strerror or err})") from None


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"
