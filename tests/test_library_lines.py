"""The library's top line at any width: the counts and the filters are what it keeps longest."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from reader.ui.library_lines import top_line

PATH = "/home/analyst/corpora/wire-services/2025/articles_1000000.jsonl"


@pytest.mark.parametrize("width", [66, 70, 76, 80, 100, 120, 200])
@pytest.mark.parametrize("corpus", [PATH, "seeds", "/data/新闻/语料库/文章集合/全部文章.jsonl"])
def test_the_top_line_fits_and_keeps_the_counts_and_the_filter(width: int, corpus: str) -> None:
    line = top_line(corpus, "1,000,000 articles", "818,655 shown", "todo", "gaza", "sort: newest first", width)
    assert cell_len(line) <= width, line
    assert "818,655 shown" in line and "filter: gaza" in line and "status: to do" in line, line
    if corpus in line:
        return
    if "…" in line:  # the corpus lost its start, never its end
        shown = line.split(" · ")[0]
        assert shown.startswith("…") and corpus.endswith(shown[1:]), line
    else:
        assert line.startswith("1,000,000 articles"), line  # too narrow for any of the corpus


def test_narrower_than_the_counts_and_filters_they_come_first() -> None:
    line = top_line(PATH, "1,000,000 articles", "818,655 shown", "todo", "gaza", "sort: newest first", 40)
    assert line == "1,000,000 articles · 818,655 shown · status: to do · filter: gaza"  # the widget cuts the end


def test_the_corpus_is_cut_only_when_nothing_else_would_fit() -> None:
    wide = top_line(PATH, "5 articles", None, "all", "", "sort: newest first", 200)
    assert wide == f"newsdesk · {PATH} · 5 articles · sort: newest first"
    narrow = top_line(PATH, "5 articles", None, "all", "", "sort: newest first", 50)
    assert narrow == "…" + PATH[-(50 - len(" · 5 articles") - 1) :] + " · 5 articles"
