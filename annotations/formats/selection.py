"""Which articles an export takes (``--status``), and the report line that says so.

By default (``annotated``) an export takes every article somebody reviewed: one with spans,
or marked done or flagged (any status but "todo"). A reviewed article with nothing to tag is
a negative example and belongs in a dataset; an article nobody looked at does not, and is
never written as an accepted empty document. ``all`` takes every article; a store status
takes the articles with that status.
"""

from __future__ import annotations

from annotations.formats.core import ExportRecord
from reader.core.wording import plural

DEFAULT_STATUS = "annotated"
STATUS_CHOICES = ("annotated", "all", "todo", "in progress", "done", "flagged")


def selected(rec: ExportRecord, status: str | None) -> bool:
    """Does ``--status`` (None: the default) take the record?"""
    status = status or DEFAULT_STATUS
    if status == "all":
        return True
    if status == DEFAULT_STATUS:
        return bool(rec.spans) or rec.status != "todo"
    return rec.status == status


def status_note(status: str | None, left_out: int) -> str:
    """The report's last line: which articles the export selected, and how many it left out."""
    if status is None:
        chosen = "articles with spans or marked done or flagged (the default, --status annotated)"
    else:
        chosen = f"--status {status}"
    return f"selected: {chosen}; {plural(left_out, 'article')} left out"
