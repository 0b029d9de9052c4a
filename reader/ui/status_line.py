"""The status line under the library and an article, fitted to the terminal's width.

It says who is annotating, with which label schema, into which database, and how the
session goes. At 80 columns all of it does not fit, and a one-line widget would wrap the
rest out of sight, so what gives way is chosen here, in this order: the schema's list of
labels, the session figures (shortened, then left out), then the database path, which is
shortened from the left (``…/newsdesk/annotations.db``) rather than dropped. The
annotator and the schema's name stay whole down to about 80 columns (a schema file's
folders give way last).

The session's figures are read from the store: an article changes only while it is open,
so each article's spans and status when first opened in this session are kept
(``SessionStatus.opened``), and the figures are the store's now against those.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from annotations.schema import LabelSchema, shipped_schema_path
from annotations.store.database import AnnotationStore
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


class SessionStatus:
    """What every status line says after its screen's own state: who annotates, with which
    labels, into which database, and this session's time, spans added and articles done."""

    def __init__(
        self, store: AnnotationStore, schema: LabelSchema, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.store = store
        self.schema = schema
        self.clock = clock
        self.started = clock()
        self._at_open: dict[str, tuple[int, bool]] = {}  # article id -> (spans, done) when first opened

    def opened(self, article_id: str) -> None:
        """An article is on screen: from now on, its changes count for the session."""
        if article_id not in self._at_open:
            self._at_open[article_id] = self._now(article_id)

    def _now(self, article_id: str) -> tuple[int, bool]:
        return len(self.store.spans(article_id, ordered=False)), self.store.state(article_id).status == "done"

    def figures(self) -> tuple[int, int]:
        """Spans added and articles marked done in this session."""
        spans = done = 0
        for article_id, (spans_then, done_then) in self._at_open.items():
            spans_now, done_now = self._now(article_id)
            spans += spans_now - spans_then
            done += done_now and not done_then
        return spans, done

    def facts(self) -> StatusFacts:
        spans, done = self.figures()
        default = self.schema.path is None or self.schema.path == shipped_schema_path()
        return StatusFacts(
            annotator=self.store.annotator,
            schema="default" if default else str(self.schema.path),
            schema_labels=", ".join(self.schema.names) if default else "",
            db=str(self.store.path),
            read_only=self.store.read_only,
            elapsed=int(self.clock() - self.started),
            spans=spans,
            done=done,
        )


class StatusLine(Static):
    """The status row of a screen: its ``lead`` (the screen's own state), then the session's
    status, fitted to the screen's width; redrawn each second while its screen is on top."""

    def __init__(self, status: SessionStatus, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.status = status
        self.lead = ""

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    def on_resize(self) -> None:
        self.show()  # fitted to the new width

    def show(self, lead: str | None = None) -> None:
        """Draw the line again, with a new ``lead`` if one is given."""
        if lead is not None:
            self.lead = lead
        width = (self.screen.size.width or self.app.size.width) - self.styles.padding.width
        self.update(Content(fit_status(self.status.facts(), width, self.lead)), layout=False)  # one row: no re-layout

    def _tick(self) -> None:
        if self.screen.is_active:  # the session clock
            self.show()
