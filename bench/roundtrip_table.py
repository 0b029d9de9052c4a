"""Every export format's round trip as a table: export, import into a fresh database, then a
native export compared with the source (spans, links, casualty figures, corrections).

Why: the tests check each format's round trip one assertion at a time; this prints the whole
picture for a closing note or a release, on four seeds with nested spans, links, figures set by
hand and corrected dates. Run from a checkout: ``PYTHONPATH=$PWD python bench/roundtrip_table.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from annotations.figure_value import Figure
from annotations.formats.registry import FORMATS
from annotations.store.database import AnnotationStore
from reader.corpus.loader import open_corpus

NEWSDESK = [sys.executable, "-c", "import sys; from reader.cli.main import main; sys.exit(main())"]


def fill(db: Path) -> None:
    """Four seeds: actors, a demand with a concession nested in it, a casualty figure set by
    hand, a link, a corrected date, every article marked done."""
    corpus = open_corpus(None)
    with AnnotationStore.open(db, annotator="ana") as store:
        for meta in corpus.metas[:4]:
            article = corpus.load(meta.id)
            text = article.text
            hamas = text.find("Hamas")
            actor = store.add_span(article, hamas, hamas + 5, "actor") if hamas >= 0 else None
            sentence = re.search(r"[A-Z][^.]{40,200}\.", text[200:])
            start = 200 + sentence.start()
            demand = store.add_span(article, start, 200 + sentence.end(), "demand")
            store.add_span(article, start, start + 20, "concession")
            number = re.search(r"\d[\d,]* (?:Palestinian|Israeli|people|prisoners|detainees|hostages)\w*", text)
            if number:
                figure = store.add_span(article, number.start(), number.end(), "casualty figure")
                store.set_figure(figure.id, Figure(low=100, high=100, who="Palestinians", what="killed"))
            if actor:
                store.add_link(demand.id, actor.id, "by")
            store.correct_article(article.id, published="2023-11-20")
            store.set_status(article.id, "done")


def run(cwd: Path, *args: str) -> int:
    return subprocess.run([*NEWSDESK, *args], capture_output=True, text=True, cwd=cwd).returncode


def contents(db: Path, out: Path) -> tuple[set[tuple[str, int, int, str]], int, int, int]:
    """(spans, links, figures, corrected articles) of a native export of ``db``."""
    run(out.parent, "--db", str(db), "export", "--format", "jsonl", "--out", str(out), "--status", "all")
    spans, links, figures, corrected = set(), 0, 0, 0
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for span in record["spans"]:
            spans.add((record["id"], span["start"], span["end"], span["label"]))
            figures += bool(span.get("figure"))
        links += len(record.get("links", []))
        corrected += bool(record.get("meta", {}).get("original"))
    return spans, links, figures, corrected


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="roundtrip-"))
    source = root / "source.db"
    fill(source)
    spans, links, figures, corrected = contents(source, root / "source.jsonl")
    print(f"source: {len(spans)} spans, {links} links, {figures} figures, {corrected} corrected articles")
    print("| format | export, import exit | spans back | links back | figures back | corrections back |")
    print("|---|---|---|---|---|---|")
    for fmt in FORMATS:
        out = root / f"out-{fmt}"
        fresh = root / f"fresh-{fmt}.db"
        exported = run(root, "--db", str(source), "export", "--format", fmt, "--out", str(out), "--status", "all")
        imported = run(root, "--db", str(fresh), "import", "--format", fmt, str(out))
        b_spans, b_links, b_figures, b_corrected = contents(fresh, root / f"back-{fmt}.jsonl")
        extra = "" if b_spans <= spans else " (+ spans not in the source)"
        print(
            f"| {fmt} | {exported}, {imported} | {len(b_spans & spans)}/{len(spans)}{extra} | {b_links}/{links} "
            f"| {b_figures}/{figures} | {b_corrected}/{corrected} |"
        )
    print(f"(files in {root})")


if __name__ == "__main__":
    main()
