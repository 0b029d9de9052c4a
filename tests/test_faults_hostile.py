"""Hostile servers, compressed bombs, FIFOs, symlinks and YAML aliases through the command line.

The cases are ``tests/faults_hostile.py`` (shared with ``bench/faults.py``); each runs real
``newsdesk`` processes against a ``faults_server.HostileServer`` on 127.0.0.1 or hostile
files, and must end in one clear line with the expected exit status, in bounded time (the
catalogue kills a run after 60 s) and bounded memory (checked below for the bombs).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from faults_catalogue import all_cases, run_case

FULL = os.environ.get("NEWSDESK_FAULTS_FULL") == "1"
CASES = [case for case in all_cases(FULL) if case.group == "hostile"]
BOUNDED_MB = 400  # a 64 MB cap before and after decompression, plus Python and the parser


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case, tmp_path: Path) -> None:
    result = run_case(case, tmp_path, measure="bomb" in case.name)
    assert result.ok, "\n".join(result.problems)
    if "bomb" in case.name and result.max_rss_mb:
        assert result.max_rss_mb < BOUNDED_MB, f"{result.max_rss_mb:.0f} MB for {case.input}"
