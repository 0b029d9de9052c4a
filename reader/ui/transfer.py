"""Export and import from inside the app, in workers, with progress and Esc to cancel.

The same code paths as ``newsdesk export`` and ``newsdesk import``; only the reporting
differs (a progress modal and a notification saying where the file went).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Input

from reader.core.errors import UserError
from reader.core.wording import plural
from reader.ui.commands import Entry
from reader.ui.messages import ArticlesImported
from reader.ui.screens.modals import MODAL_CSS
from reader.ui.screens.progress import ProgressModal

if TYPE_CHECKING:
    from reader.ui.app import NewsdeskApp

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class AskModal(ModalScreen[str | None]):
    """One line of input (a path or URL); Enter accepts, Esc cancels."""

    DEFAULT_CSS = MODAL_CSS.format(name="AskModal")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#answer"

    def __init__(self, question: str, placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.question), classes="title")
            yield Input(placeholder=self.placeholder, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def export_target(default_out: str, directory: Path) -> Path:
    """A new path in ``directory`` for the export: never an existing file or folder."""
    base = directory / default_out
    if not base.exists():
        return base
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem, dot, suffix = default_out.partition(".")
    candidate = directory / (f"{stem}-{stamp}{dot}{suffix}")
    n = 2
    while candidate.exists():
        candidate = directory / (f"{stem}-{stamp}-{n}{dot}{suffix}")
        n += 1
    return candidate


def transfer_entries(app: NewsdeskApp) -> Iterable[Entry]:
    from annotations.formats import FORMATS

    for name, info in FORMATS.items():
        yield Entry(
            f"Export dataset as {name}",
            f"{info.description}; written to the current folder",
            lambda n=name: start_export(app, n),
        )
    yield Entry(
        "Import articles (feed, folder, JSONL)",
        "Add articles from a feed file or URL, a folder or a JSONL file to your library",
        lambda: ask_import(app),
    )


def start_export(app: NewsdeskApp, fmt: str) -> None:
    from annotations.formats import FORMATS, store_records

    # The records are read from the database in the worker, article by article, as they are written.
    records = store_records(app.store)
    if not records:
        app.notify("Nothing to export yet: tag some passages first", severity="warning", timeout=4)
        return
    out = export_target(FORMATS[fmt].default_out, Path.cwd())
    modal = ProgressModal(f"Exporting {plural(len(records), 'article')} as {fmt} to {out}")
    app.push_screen(modal)
    app.run_worker(lambda: _export(app, modal, records, fmt, out), thread=True, group="transfer", exclusive=True)


def _export(app: NewsdeskApp, modal: ProgressModal, records: list, fmt: str, out: Path) -> None:
    from annotations.formats import ExportCancelled, ExportOptions, export_dataset
    from annotations.formats.selection import status_note

    def progress(done: int, total: int) -> None:
        app.call_from_thread(modal.update_progress, done, total)

    try:
        options = ExportOptions(schema=app.schema)  # label files list the schema's labels
        # Written by a name relative to the current folder, so the report's notes on the files
        # beside the export (label files, the uncarried list) are short enough for a toast;
        # its first line gives the whole path.
        report = export_dataset(
            records, fmt, os.path.relpath(out), options=options, progress=progress, cancel=modal.cancel
        )
    except ExportCancelled:
        app.call_from_thread(_finish, app, modal, "Export cancelled: nothing was written", "warning")
        return
    except (UserError, OSError) as err:  # OSError: whatever the exporter did not put in words
        app.call_from_thread(_finish, app, modal, f"Export failed: {err}", "error")
        return
    # The app exports what was tagged or marked (the CLI's default --status): the CLI's line
    # naming that option says only, here, how many articles that left out.
    selection = status_note(None, report.left_out)
    lines = [
        f"Wrote {out}: {plural(report.articles, 'article')}, {plural(report.spans, 'span')} ({fmt})",
        *(note for note in report.notes if note != selection),
    ]
    if report.left_out:
        lines.append(f"{plural(report.left_out, 'article')} with nothing tagged or marked left out")
    app.call_from_thread(_finish, app, modal, "\n".join(lines), "information")


def _finish(app: NewsdeskApp, modal: ProgressModal, message: str, severity: str) -> None:
    """A one-line outcome is a notice and the bar closes; a longer report stays in the modal."""
    if "\n" in message and severity == "information" and modal.is_attached:
        modal.report(message)
        return
    modal.close()
    app.notify(message, severity=severity, timeout=12, markup=False)


def ask_import(app: NewsdeskApp) -> None:
    def chosen(source: str | None) -> None:
        if source:
            start_import(app, source)

    app.push_screen(AskModal("Import articles from (feed file or URL, folder, JSONL):", "path or https://…"), chosen)


def start_import(app: NewsdeskApp, source: str) -> None:
    from reader.core import paths

    modal = ProgressModal(f"Importing {source}")
    app.push_screen(modal)
    app.run_worker(
        lambda: _import(app, modal, source, paths.library_dir()), thread=True, group="transfer", exclusive=True
    )


def _import(app: NewsdeskApp, modal: ProgressModal, source: str, target: Path) -> None:
    from reader.corpus.importing import ImportCancelled, import_articles, import_tally

    def progress(done: int) -> None:
        app.call_from_thread(modal.update_progress, done, None)

    try:
        counts = import_articles(source, target, on_progress=progress, cancel=modal.cancel)
    except ImportCancelled:
        app.call_from_thread(_finish, app, modal, "Import cancelled: the library is unchanged", "warning")
        return
    except UserError as err:
        app.call_from_thread(_finish, app, modal, f"Import failed: {err}", "error")
        return
    message = f"Imported {plural(counts.new, 'new article')} from {source} into {target} ({import_tally(counts)})"
    if counts.warnings:
        message += "\n" + "\n".join(counts.warnings[:5])
    app.call_from_thread(_finish, app, modal, message, "information")
    if counts.new:
        app.post_message(ArticlesImported())  # the library lists them if it shows the library folder
