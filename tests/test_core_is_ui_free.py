"""Core code (annotations/, and reader/ outside reader/ui) never imports textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def core_modules() -> list[str]:
    names = []
    for package in ("reader", "annotations"):
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            if info.name.startswith(("reader.ui", "reader.launch")) or info.name.endswith("build_patterns"):
                continue
            names.append(info.name)
    return names


def test_there_are_core_modules():
    names = core_modules()
    assert "annotations.store" in names and "reader.corpus" in names and "reader.entities" in names


def test_core_modules_do_not_import_textual():
    names = core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_only_the_store_imports_tinydb():
    offenders = []
    for path in list((ROOT / "annotations").rglob("*.py")) + list((ROOT / "reader").rglob("*.py")):
        if path.name == "store.py" and path.parent.name == "annotations":
            continue
        text = path.read_text(encoding="utf-8")
        if "import tinydb" in text or "from tinydb" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
