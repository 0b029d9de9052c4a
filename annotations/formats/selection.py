"""Which articles an export takes (``--status``), and the report line that says so.

By default (``annotated``) an export takes every article somebody reviewed: one with spans,
or marked done or flagged (any status but "todo"). A reviewed article with nothing to tag is
a negative example and belongs in a dataset; an article nobody looked at does not, and is
never written as an accepted empty document. An article rejected or ignored (Prodigy's
answers) goes only to formats that carry the answer (native, Prodigy); the others would
present its spans as accepted. ``all`` takes every article; a store status takes the
articles with that status.
"""

from __future__ import annotations

from annotations.formats.core import ExportRecord
from reader.core.wording import plural

DEFAULT_STATUS = "annotated"
STATUS_CHOICES = ("annotated", "all", "todo", "in progress", "done", "flagged", "rejected", "ignored")
ANSWERS = {"rejected": "reject", "ignored": "ignore"}  # statuses that are Prodigy answers


def selected(rec: ExportRecord, status: str | None, answers: bool = True) -> bool:
    """Does ``--status`` (None: the default) take the record, for a format that carries
    answers (or not)?"""
    shown = "in progress" if rec.status == "todo" and rec.spans else rec.status  # as the store derives it
    return takes(shown, status, answers)


def takes(article_status: str, status: str | None, answers: bool = True) -> bool:
    """Does ``--status`` (None: the default) take an article of this status ("in progress"
    when it has spans), for a format that carries answers (or not)?"""
    status = status or DEFAULT_STATUS
    if status == "all":
        return True
    if status == DEFAULT_STATUS:
        if article_status in ANSWERS:
            return answers
        return article_status != "todo"
    return article_status == status


OPENED_ONLY = ("all", "todo")  # statuses an article never opened has: the database does not hold it


def status_note(status: str | None, left_out: int) -> str:
    """The report's last line: which articles the export selected, and how many it left out.

    For ``all`` and ``todo`` the count says it is of the database's articles: an article of
    the corpus never opened is in neither, and is not counted (the CLI says how many)."""
    if status is None:
        chosen = "articles with spans or marked done or flagged (the default, --status annotated)"
    else:
        chosen = f"--status {status}"
    of = " of the database" if status in OPENED_ONLY else ""
    return f"selected: {chosen}; {plural(left_out, 'article')}{of} left out"


def unopened_note(unopened: int, corpus: str) -> str:
    """What ``--status all`` or ``todo`` did not see: the corpus's articles the database does not hold."""
    return (
        f"not exported: {plural(unopened, 'article')} of {corpus} never opened "
        "(the database holds only the articles opened, annotated or imported)"
    )
