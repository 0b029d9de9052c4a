"""The status line under the library and an article, fitted to the terminal's width.

It says who is annotating, with which label schema, into which database, and how the
session goes. At 80 columns all of it does not fit, and a one-line widget would wrap the
rest out of sight, so what gives way is chosen here, in this order: the schema's list of
labels, the session figures (shortened, then left out), then the database path, which is
shortened from the left (``…/newsdesk/annotations.db``) rather than dropped. The
annotator and the schema's name stay whole down to about 80 columns (a schema file's
folders give way last). Pure text: no Textual here.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len

from reader.core.wording import plural
from reader.text.normalise import clean_line

SEP = " · "
ELLIPSIS = "…"
LEAST_DB = 8  # cells: "…tions.db" says there is a database, even when nothing more fits


class StatusFacts(NamedTuple):
    annotator: str
    schema: str  # the schema's name: "default", or its file
    schema_labels: str  # its labels, shown when there is room: "demand, concession, …"
    db: str
    read_only: bool
    elapsed: int  # seconds since the app started
    spans: int  # spans added in this session
    done: int  # articles marked done in this session


def shorten_left(path: str, width: int) -> str:
    """``path`` in at most ``width`` cells: leading folders, then leading characters, become ``…``."""
    if cell_len(path) <= width:
        return path
    sep = "\\" if "\\" in path and "/" not in path else "/"
    parts = path.split(sep)
    for first in range(1, len(parts)):
        tail = ELLIPSIS + sep + sep.join(parts[first:])
        if cell_len(tail) <= width:
            return tail
    end = parts[-1]
    while end and cell_len(ELLIPSIS + end) > width:
        end = end[1:]
    return ELLIPSIS + end if width > 0 else ""


def clip_right(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with ``…`` where it was cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    while text and cell_len(text + ELLIPSIS) > width:
        text = text[:-1]
    return text + ELLIPSIS


def file_name(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def session_texts(facts: StatusFacts) -> tuple[str, str]:
    """The session figures, long and short: "session 0:12:03, +4 spans, +1 done", "0:12:03 +4 spans +1 done"."""
    e = facts.elapsed
    clock = f"{e // 3600:d}:{e % 3600 // 60:02d}:{e % 60:02d}"
    spans = plural(facts.spans, "span", sign=True)
    return f"session {clock}, {spans}, {facts.done:+d} done", f"{clock} {spans} {facts.done:+d} done"


def fit_status(facts: StatusFacts, width: int | None, lead: str = "") -> str:
    """The status line in ``width`` cells (``None``: no limit), after ``lead`` (a screen's own state)."""
    annotator, schema, labels, db = (
        clean_line(v) for v in (facts.annotator, facts.schema, facts.schema_labels, facts.db)
    )
    head = clean_line(lead) + SEP if lead else ""
    who = head + f"annotator: {annotator}"
    db_label = "db (READ-ONLY): " if facts.read_only else "db: "
    named = f"labels: {schema}"
    listed = f"labels: {schema} ({labels})" if labels else named
    least_schema = f"labels: {shorten_left(schema, cell_len(ELLIPSIS + '/' + file_name(schema)))}"
    long_session, short_session = session_texts(facts)
    if width is None:
        return SEP.join((who, listed, db_label + db, long_session))
    whole_name = min(cell_len(db), cell_len(ELLIPSIS + "/" + file_name(db)))
    tries = [
        (listed, long_session, whole_name),
        (named, long_session, whole_name),
        (named, short_session, whole_name),
        (named, "", whole_name),
        (named, "", min(cell_len(db), LEAST_DB)),
        (least_schema, "", min(cell_len(db), LEAST_DB)),
    ]
    for schema_part, session_part, least in tries:
        fixed = who + SEP + schema_part + SEP + db_label + (SEP + session_part if session_part else "")
        room = width - cell_len(fixed)
        if room >= least:
            parts = [who, schema_part, db_label + shorten_left(db, room)]
            return SEP.join(parts + [session_part] if session_part else parts)
    return clip_right(who + SEP + least_schema + SEP + db_label + db, width)
