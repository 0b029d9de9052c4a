"""One article file (.txt or .md) read as text, and the metadata fields an article carries.

A .md file is read as plain text with its YAML front matter as metadata
(``reader.corpus.markdown_text``). The helpers that make a title, an id or a one-line field
live here too: folders, JSONL files and single files all use them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from reader.core.article import CONTENT_ID_PREFIX
from reader.core.regular_file import open_regular, skip_reason
from reader.text.normalise import (
    MAX_ARTICLE_BYTES,
    clean_line,
    decode_bytes,
    is_probably_binary,
    normalise_text,
    too_large,
)

TITLE_LIMIT = 120


def content_id(title: str, text: str) -> str:
    """The id of an article that has none: a hash of what it says."""
    digest = hashlib.sha256(f"{title}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return CONTENT_ID_PREFIX + digest[:16]


def title_from_text(text: str) -> str:
    """First non-empty line, trimmed, at most 120 chars."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return clean_line(line, TITLE_LIMIT)
    return ""


def field_text(value: str | None) -> str:
    """A metadata value as one line of text ("" for none)."""
    return "" if value is None else clean_line(value)


def read_text_file(path: Path, name: str, *, follow_symlinks: bool = False) -> tuple[str | None, str | None]:
    """(normalised text, warning); text is None when the file is skipped.

    Only a regular file is read (a FIFO would block forever); a symlink only when
    ``follow_symlinks`` (a file the user named), never one found in a folder.
    """
    try:
        with open_regular(path, follow_symlinks=follow_symlinks) as handle:
            big = too_large(os.fstat(handle.fileno()).st_size, name)
            if big:
                return None, f"{big}, skipped"
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as err:
        return None, f"{name}: {skip_reason(err)}, skipped"
    if not data.strip():
        return None, f"{name}: empty file, skipped"
    if is_probably_binary(data):
        return None, f"{name}: binary file, skipped"
    text, warning = decode_bytes(data, name)
    text = normalise_text(text)
    if not text.strip():
        return None, f"{name}: empty file, skipped"
    return text, warning


def read_article_file(
    path: Path, name: str, *, follow_symlinks: bool = False
) -> tuple[str | None, dict[str, str], list[str]]:
    """(article text, metadata fields, warnings) of a .txt or .md file; text None: skipped.

    A .txt file is its text. A .md file is its Markdown as plain text, and its YAML front
    matter gives metadata fields (``reader.corpus.markdown_text``).
    """
    text, warning = read_text_file(path, name, follow_symlinks=follow_symlinks)
    warnings = [warning] if warning else []
    if text is None or path.suffix.lower() != ".md":
        return text, {}, warnings
    from reader.corpus.markdown_text import markdown_article

    article = markdown_article(text, name)
    warnings.extend(article.warnings)
    if not article.text.strip():
        return None, {}, [*warnings, f"{name}: no article text (only front matter or markup), skipped"]
    return article.text, article.fields, warnings


def meta_title(fields: dict[str, str], text: str) -> str:
    """An article's title: the one its metadata gives, else its first line."""
    title = fields.get("title")
    return clean_line(title, TITLE_LIMIT * 2) if title else title_from_text(text)
