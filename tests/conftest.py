"""Every test runs with its own data, config and cache directories."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("newsdesk-home")
    for name in ("DATA", "CONFIG", "CACHE"):
        path = root / name.lower()
        path.mkdir()
        monkeypatch.setenv(f"NEWSDESK_{name}_DIR", str(path))
    monkeypatch.setenv("NEWSDESK_ANNOTATOR", "tester")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return root
