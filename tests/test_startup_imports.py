"""Startup stays lean: what the first screen does not need is not imported to show it.

Each import check runs a fresh interpreter, since this test process has imported everything.
"""

from __future__ import annotations

import subprocess
import sys


def imported_after(code: str, *modules: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def test_launch_themes_and_keymap_import_no_yaml():
    assert imported_after("import reader.cli.launch, reader.core.themes, reader.ui.keymap", "yaml") == []


def test_shipped_themes_load_from_the_parse_cache_without_yaml():
    code = "from reader.core.themes import load_themes\nload_themes()"
    imported_after(code, "yaml")  # first run parses and fills the cache
    assert imported_after(code, "yaml") == []


def test_listing_the_seeds_with_the_shipped_themes_imports_no_hashlib():
    code = (
        "from reader.core.themes import load_themes\nload_themes()\n"
        "from reader.corpus.loader import CorpusLoader\n"
        "assert len(CorpusLoader(None).corpus().metas) == 5\n"
    )
    imported_after(code, "hashlib")  # the first run fills the caches
    assert imported_after(code, "hashlib") == []


def test_opening_a_store_imports_no_tinydb(tmp_path):
    code = (
        "from annotations.store.database import AnnotationStore\n"
        f"store = AnnotationStore.open({str(tmp_path / 'db')!r}, annotator='x')\n"
        "store.set_setting('k', 1)\n"
    )
    assert imported_after(code, "tinydb") == []
