"""The first build of a corpus's indexes: what it shows while it runs."""

from __future__ import annotations

from pathlib import Path

from test_library_index import corpus as random_metas

from reader.corpus.library_build import build


def test_library_build_progress_counts_the_rows_then_the_gram_sets(tmp_path: Path) -> None:
    steps: list[tuple[int, int]] = []
    build(tmp_path / "x.sqlite", "sig", random_metas(12_000), [], progress=lambda *step: steps.append(step))
    assert {total for _, total in steps} == {24_000}
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)
    assert steps[-1] == (24_000, 24_000) and (12_000, 24_000) in steps
