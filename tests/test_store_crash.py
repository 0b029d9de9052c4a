"""Crash safety: a child writing through AnnotationStore is SIGKILLed at random moments.

The harness lives in bench/soak_kill.py (the 100-round soak); here it runs briefly.
Each reopen must find a database that opens and holds every acknowledged change
(and nothing unacknowledged but the one change in flight).
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from annotations.store.database import AnnotationStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def soak():
    spec = importlib.util.spec_from_file_location("soak_kill", ROOT / "bench" / "soak_kill.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak_kill"] = module
    spec.loader.exec_module(module)
    return module


def test_killed_writer_loses_no_acknowledged_span(soak, tmp_path):
    db = tmp_path / "annotations.db"
    rng = random.Random(1234)
    model = soak.Model()
    acknowledged: set[str] = set()
    for kill in range(5):
        before = {sid for art in model.arts.values() for sid in art.spans}
        model, n = soak.run_round(db, model, seed=kill, rng=rng, mode="add", max_acks=60)
        after = {sid for art in model.arts.values() for sid in art.spans}
        acknowledged |= after - before
        with AnnotationStore.open(db, read_only=True) as store:
            stored = {s.id for s in store.all_spans()}
            assert acknowledged <= stored, f"kill {kill}: lost {acknowledged - stored}"
            assert all(store.article(s.article_id).text[s.start : s.end] == s.quote for s in store.all_spans())
    assert len(acknowledged) >= 5


def test_soak_short(soak, tmp_path):
    total = soak.run_soak(tmp_path / "annotations.db", rounds=3, seed=99)
    assert total >= 3
