"""HTML (feed entries, .html files) as plain text, laid out by inscriptis.

Why inscriptis: it is made to turn HTML into plain text the way a text browser lays a
page out (blocks, lists, tables), so there is no Markdown to undo afterwards. It is
configured here (its browser-like "strict" profile, plus a few rules below) so that the
text reads like newsdesk's Markdown articles:

- paragraphs, headings and quotes are separated by a blank line; whitespace inside them
  is collapsed (``&nbsp;`` too); ``<br>`` is a line break; a ``<div>`` is a line, as in
  a browser;
- list items are one a line, ``•`` or their number, nested items indented; a top-level
  list has a blank line before and after it, as browsers give it;
- table rows are one a line, cells in aligned columns separated by `` | ``;
- links keep their text, not their URL; images, scripts and styles are left out;
  entities are decoded.

Callers pass the text to ``reader.text.normalise.normalise_text`` like any article text. C0
control characters are already U+FFFD here (lxml will not hold them, see ``_escape``); DEL,
C1 controls and CR are left to the normaliser.
"""

from __future__ import annotations

import re
from copy import copy
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inscriptis.model.config import ParserConfig
    from inscriptis.model.html_document_state import HtmlDocumentState

_SURROGATE = re.compile("[\ud800-\udfff]")
# Stands for "&" while inscriptis works (see _escape): a noncharacter, which Unicode keeps
# for a program's internal use; one in the input is replaced.
_AMPERSAND = "\ufdd0"
# What lxml will not take in a text node (C0 controls but tab and line ends, U+FFFE,
# U+FFFF), and _AMPERSAND. A form feed is HTML whitespace: a space.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff\ufdd0]")
_BLANK_LINES = re.compile(r"\n{3,}")
_NUMBER = re.compile(r"[0-9]{1,9}")  # a list number we can show (inscriptis's int() fails on "²")


def html_to_text(markup: str) -> str:
    """The plain text of an HTML document or fragment (see the module docstring).

    Two small post-steps on inscriptis's output: trailing spaces (the padding of a
    table's last column) are cut, and runs of blank lines (``<br><br><br>``, margins
    that meet) become one blank line, the paragraph break the rest of newsdesk uses.
    """
    if "<" not in markup and "&" not in markup:  # no markup: just HTML's whitespace rule
        return " ".join(markup.split())
    # imported late: only HTML pays for them
    from inscriptis.html_engine import Inscriptis
    from lxml.etree import ParserError
    from lxml.html import HTMLParser, document_fromstring

    # Parsed from UTF-8 bytes: lxml refuses a str that declares an encoding (<?xml ...
    # encoding=...?>). A lone surrogate cannot be encoded: it becomes U+FFFD, one for one,
    # as the normaliser replaces controls.
    data = _SURROGATE.sub("\ufffd", markup).encode("utf-8")
    try:
        tree = document_fromstring(data, parser=HTMLParser(encoding="utf-8"))
    except ParserError:  # not one element or word: only comments or whitespace
        return ""
    for node in tree.iter():
        if node.text:
            node.text = _escape(node.text)
        if node.tail:
            node.tail = _escape(node.tail)
    text = Inscriptis(tree, _config()).get_text().replace(_AMPERSAND, "&")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _escape(text: str) -> str:
    """A text node as inscriptis should get it.

    inscriptis unescapes text again after lxml has decoded it (twice in a table), so
    "&amp;lt;" would come out as "<" instead of "&lt;": its "&" is hidden from it as
    _AMPERSAND and put back after. lxml will not take a control character back into a
    node: those become U+FFFD here, as the normaliser makes them.
    """
    return _NOT_XML.sub("\ufffd", text).replace("\x0c", " ").replace("&", _AMPERSAND)


def _config() -> ParserConfig:
    """inscriptis's strict profile with our list, definition and table rules.

    Made afresh for each call: inscriptis hangs each conversion's output on the profile's
    ``body`` element, so two threads converting with one profile would mix their texts.
    """
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.html_properties import Display
    from inscriptis.model.config import ParserConfig
    from inscriptis.model.html_element import HtmlElement
    from inscriptis.model.tag import CustomHtmlTagHandlerMapping

    css = dict(CSS_PROFILES["strict"])
    css["body"] = copy(css["body"])
    # Items start at the margin, nested ones under their parent's text (its default: 4
    # columns in); a number's "1. " is 3 wide.
    css["ul"] = HtmlElement(display=Display.block, padding_inline=2)
    css["ol"] = HtmlElement(display=Display.block, padding_inline=3)
    # Not in its profiles, so "<dt>Term</dt><dd>Meaning</dd>" would run together.
    css["dt"] = HtmlElement(display=Display.block)
    css["dd"] = HtmlElement(display=Display.block, padding_inline=2)
    handlers = CustomHtmlTagHandlerMapping(
        start_tag_mapping={"ul": _bullet_list, "ol": _numbered_list, "li": _list_item},
        end_tag_mapping={"ul": _list_end, "ol": _list_end},
    )
    return ParserConfig(css=css, table_cell_separator=" | ", custom_html_tag_handler_mapping=handlers)


# A top-level list gets a blank line before and after it, a nested one none (as browsers
# do; inscriptis gives every list 0). The margin after is set at the end tag: its items
# would take it as their margin before if it were set at the start.


def _list_start(state: HtmlDocumentState, marker: str | int) -> None:
    if not state.li_counter:
        state.tags[-1].margin_before = 1
    state.li_counter.append(marker)


def _list_end(state: HtmlDocumentState) -> None:
    state.li_counter.pop()
    if not state.li_counter:
        state.tags[-1].margin_after = 1


def _bullet_list(state: HtmlDocumentState, _attributes: dict[str, str]) -> None:
    _list_start(state, "• ")  # inscriptis's own bullets are "* ", "+ ", "o ", "- " by depth


def _numbered_list(state: HtmlDocumentState, attributes: dict[str, str]) -> None:
    start = attributes.get("start", "").strip()
    _list_start(state, int(start) if _NUMBER.fullmatch(start) else 1)  # inscriptis ignores start=


def _list_item(state: HtmlDocumentState, attributes: dict[str, str]) -> None:
    from inscriptis.model.tag.list_tag import li_start_handler

    value = attributes.get("value", "").strip()
    li_start_handler(state, {"value": value} if _NUMBER.fullmatch(value) else {})
