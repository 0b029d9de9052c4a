"""Broken feeds through ``newsdesk import`` and ``newsdesk list`` (real processes).

``tests/test_feeds.py`` covers the parser on each kind of damage; here the same kinds go
through the command line: one line naming the file and the problem, the exit status,
what was imported (counted in the target file), and nothing else touched.
10,000 entries at full scale (``NEWSDESK_FAULTS_FULL=1``), 1,000 by default.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from faults_catalogue import NEWSDESK, all_cases, env_for, run_case

FULL = os.environ.get("NEWSDESK_FAULTS_FULL") == "1"
CASES = [case for case in all_cases(FULL) if case.group == "feed"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_feed_through_the_cli(case, tmp_path: Path) -> None:
    result = run_case(case, tmp_path)
    assert result.ok, "\n".join(result.problems)


def test_escape_sequences_in_a_feed_are_stored_replaced(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "escapes")
    assert run_case(case, tmp_path).ok
    (record,) = [json.loads(line) for line in (tmp_path / "out" / "escapes.jsonl").read_text().splitlines()]
    for value in (record["title"], record["text"]):
        assert not any(ch == "\x1b" or 0x80 <= ord(ch) <= 0x9F for ch in value), value
    assert "PWNED" in record["title"]


def test_reimporting_a_truncated_feed_adds_nothing_twice(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "truncated")
    assert run_case(case, tmp_path).ok
    env = env_for(tmp_path)
    again = subprocess.run(
        [NEWSDESK, *case.runs[0].argv], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert "imported 0 new articles" in again.stdout and "(2 already there)" in again.stdout
    assert len((tmp_path / "out" / "truncated.jsonl").read_text().splitlines()) == 2
