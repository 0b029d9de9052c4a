"""Dataset export and annotation import, one module per format.

Public API::

    from annotations.formats import export_dataset, ExportOptions, FORMATS
    report = export_dataset(records, "conll", "out.conll", options=ExportOptions(force=True),
                            progress=lambda done, total: ..., cancel=threading.Event())

    from annotations.formats.load import import_annotations
    report = import_annotations(store, "in.jsonl", "jsonl", schema)

``records`` are ``ExportRecord(article, spans, status)`` or plain
``(article, spans)`` tuples; exporters never touch the store (``store_records(store)``
reads a database's records, for the CLI and the app alike).
"""

from __future__ import annotations

from annotations.formats.core import (
    ExportCancelled,
    ExportRecord,
    ExportReport,
    Uncarried,
)
from annotations.formats.exporter import ExportOptions, export_dataset, store_records
from annotations.formats.registry import FORMATS, FormatInfo, get_format

__all__ = [
    "FORMATS",
    "ExportCancelled",
    "ExportOptions",
    "ExportRecord",
    "ExportReport",
    "FormatInfo",
    "Uncarried",
    "export_dataset",
    "get_format",
    "store_records",
]
