"""Markdown article files as plain text, with their YAML front matter as metadata.

Why: an article's offsets point into the text newsdesk stores and shows, and a reader
wants the words, not ``#``, ``**`` or link targets. markdown-it-py (CommonMark, the parser
Textual itself uses) parses the file and its front matter plugin finds the ``---`` block at
the top; the tree is written out as plain text:

- paragraphs, headings and block quotes become paragraphs separated by a blank line, the
  lines of a hard-wrapped paragraph joined with a space (a hard line break stays a newline);
- links keep their text, not their URL; emphasis, heading and quote markers go; images
  and raw HTML blocks go (there is nothing to read in them);
- list items stay one a line (``•`` or their number), nested items indented; code blocks
  and tables keep their lines (table cells separated by `` | ``).

The front matter gives ``title``, ``date`` (or ``published``), ``source``, ``url`` and
``author`` (``reader.corpus.yaml_fields``) and is never article text. When its YAML is bad,
its fields are ignored (a warning names the file and line) and it is still left out of the
text, so fixing the YAML later does not move any offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from reader.core.yamlfile import parse_metadata
from reader.corpus.yaml_fields import FIELD_NAMES, Problem, metadata_text, warnings_of
from reader.text.normalise import normalise_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode


@dataclass(frozen=True, slots=True)
class MarkdownArticle:
    text: str  # the plain text: what is stored and what offsets refer to
    fields: dict[str, str]  # ArticleMeta field -> value, from the front matter
    warnings: tuple[str, ...]  # "NAME:LINE: problem" about the front matter


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])


def markdown_article(source: str, name: str) -> MarkdownArticle:
    """The plain text and front matter fields of Markdown ``source`` (already normalised).

    ``name`` is the file as the user knows it, for the warning.
    """
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(_parser().parse(source))
    fields: dict[str, str] = {}
    warnings: list[str] = []
    blocks: list[str] = []
    for node in tree.children:
        if node.type == "front_matter":
            fields, warnings = _front_matter(node.content, name)
        else:
            blocks.extend(_blocks(node))
    # markdown-it decodes entities ("&#27;"): normalise again so no control character gets in.
    return MarkdownArticle(normalise_text("\n\n".join(b for b in blocks if b.strip())), fields, tuple(warnings))


def _front_matter(content: str, name: str) -> tuple[dict[str, str], list[str]]:
    import yaml

    try:  # the YAML starts on the file's line 2
        data, lines, twice = parse_metadata(content, first_line=2) if content.strip() else ({}, {}, [])
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        return {}, [f"{name}:{line}: front matter is not valid YAML ({problem}); its fields are ignored"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{name}:2: front matter is not a mapping of fields (title: ..., date: ...); ignored"]
    fields: dict[str, str] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        field = FIELD_NAMES.get(str(key).lower())
        if field is not None and field not in fields:
            text, problem = metadata_text(value, field, (key,), lines)
            if problem:
                problems.append(problem)
            elif text:
                fields[field] = text
    return fields, warnings_of(name, twice, problems)


def _blocks(node: SyntaxTreeNode) -> list[str]:
    """The paragraphs (blank-line separated blocks) a block node becomes."""
    kind = node.type
    if kind in ("paragraph", "heading"):
        return [_inline(node)]
    if kind in ("bullet_list", "ordered_list"):
        return ["\n".join(_list_lines(node))]
    if kind in ("fence", "code_block"):
        return [node.content.rstrip("\n")]
    if kind == "table":
        return ["\n".join(" | ".join(_inline(cell) for cell in row.children) for row in _rows(node))]
    if kind in ("html_block", "hr"):
        return []
    blocks: list[str] = []  # blockquote and anything else that holds blocks
    for child in node.children:
        blocks.extend(_blocks(child))
    return blocks


def _list_lines(node: SyntaxTreeNode) -> list[str]:
    """One line per item (more for items holding several blocks), nested items indented."""
    lines: list[str] = []
    number = int(node.attrs.get("start", 1) or 1)
    for item in node.children:
        marker = f"{number}{item.markup} " if node.type == "ordered_list" else "• "
        number += 1
        item_lines: list[str] = []
        for child in item.children:
            if child.type in ("bullet_list", "ordered_list"):
                item_lines.extend(_list_lines(child))
            else:
                for block in _blocks(child):
                    item_lines.extend(block.split("\n"))
        indent = " " * len(marker)
        lines.extend((marker if i == 0 else indent) + line for i, line in enumerate(item_lines or [""]))
    return lines


def _rows(table: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [row for section in table.children for row in section.children]


def _inline(node: SyntaxTreeNode) -> str:
    """The text of a node's inline content: link text without the URL, no markers."""
    parts: list[str] = []

    def walk(n: SyntaxTreeNode) -> None:
        for child in n.children:
            kind = child.type
            if kind in ("text", "code_inline"):
                parts.append(child.content)
            elif kind == "softbreak":
                parts.append(" ")
            elif kind == "hardbreak":
                parts.append("\n")
            elif kind in ("image", "html_inline"):
                continue
            else:  # inline, link, em, strong, s: their text only
                walk(child)

    walk(node)
    return "".join(parts).strip()
