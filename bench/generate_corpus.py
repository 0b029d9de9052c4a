"""Write synthetic news corpora for the scale benchmarks (1k, 10k, 100k articles).

Each corpus is written twice: as a folder of .txt files (1,000 per sub-folder, as a
real archive would shard them) and as one JSONL file. Articles are 200-3,000 words
(log-normal, median ~700 as in wire news), with people, places, organisations, numbers
and dates in them, so the entity recogniser and the search have realistic work.
Deterministic: the same seed writes the same bytes. The 1k corpus is the first 1,000
articles of the 10k one, and so on.

    python bench/generate_corpus.py [--out bench/out] [--sizes 1000 10000 100000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

FIRST = [
    "Amira",
    "David",
    "Yusuf",
    "Miriam",
    "John",
    "Leila",
    "Omar",
    "Sarah",
    "Daniel",
    "Noura",
    "Ahmed",
    "Rachel",
    "Khalid",
    "Hannah",
    "Samir",
    "Tamar",
    "Hassan",
    "Maya",
    "Ali",
    "Esther",
]
LAST = [
    "Haddad",
    "Cohen",
    "Nasser",
    "Levi",
    "Barghouti",
    "Katz",
    "Mansour",
    "Friedman",
    "Khoury",
    "Peretz",
    "Saleh",
    "Rosen",
    "Darwish",
    "Mizrahi",
    "Awad",
    "Shapiro",
    "Qasim",
    "Baruch",
]
PLACES = [
    "Gaza",
    "Cairo",
    "Doha",
    "Tel Aviv",
    "Jerusalem",
    "Beirut",
    "Amman",
    "Rafah",
    "Khan Younis",
    "Washington",
    "Paris",
    "Geneva",
    "Ankara",
    "Riyadh",
    "Tehran",
    "London",
]
ORGS = [
    "the United Nations",
    "the Red Cross",
    "Hamas",
    "the Israeli army",
    "UNRWA",
    "the World Health Organization",
    "the European Union",
    "the Arab League",
    "Reuters",
    "the State Department",
    "Qatar's foreign ministry",
    "the Egyptian intelligence service",
]
NORP = ["Israeli", "Palestinian", "Egyptian", "Qatari", "American", "Jordanian", "Lebanese"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
VERBS = ["said", "told reporters", "announced", "confirmed", "warned", "denied", "stressed"]
TOPICS = [
    "the ceasefire talks",
    "the prisoner exchange",
    "humanitarian aid",
    "the truce",
    "the negotiations",
    "the border crossing",
    "the reconstruction plan",
    "the hostages",
]
FILLER = (
    "the officials the talks would continue over the coming days while mediators tried "
    "to narrow remaining gaps on the sequence of releases and the duration of a pause in "
    "fighting according to people familiar with the discussions who spoke on condition of "
    "anonymity because they were not authorised to brief the media"
).split()
SOURCES = ["Wire Service", "Daily Courier", "Evening Ledger", "Morning Post", "Global Desk"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def number(rng: random.Random) -> str:
    value = rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 60000)])
    return f"{value:,}"


def sentence(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        text = (
            f"{rng.choice(NORP)} official {person(rng)} {rng.choice(VERBS)} on {rng.choice(DAYS)} "
            f"that {rng.choice(TOPICS)} in {rng.choice(PLACES)} had made progress"
        )
    elif kind == 1:
        text = (
            f"At least {number(rng)} people were killed and more than {number(rng)} wounded "
            f"in {rng.choice(PLACES)}, according to {rng.choice(ORGS)}"
        )
    elif kind == 2:
        text = (
            f"Talks in {rng.choice(PLACES)} from {rng.choice(MONTHS)} {rng.randint(1, 28)} until "
            f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2025)} "
            f"involved {rng.choice(ORGS)} and {rng.choice(ORGS)}"
        )
    elif kind == 3:
        text = (
            f"{person(rng)}, a spokesperson for {rng.choice(ORGS)}, said {number(rng)} trucks "
            f"carrying {rng.randint(10, 900)} tonnes of aid entered within {rng.randint(2, 72)} hours"
        )
    elif kind == 4:
        text = (
            f"Prime Minister {person(rng)} met {person(rng)} in {rng.choice(PLACES)} to discuss "
            f"{rng.choice(TOPICS)}, a {rng.randint(5, 95)} percent increase on last year"
        )
    else:
        start = rng.randrange(len(FILLER) - 12)
        words = FILLER[start : start + rng.randint(8, 20)]
        text = f"{rng.choice(ORGS).capitalize()} {rng.choice(VERBS)} " + " ".join(words)
    return text[0].upper() + text[1:] + "."


def build_pool(rng: random.Random, size: int = 20_000) -> list[tuple[str, int]]:
    pool = []
    for _ in range(size):
        text = sentence(rng)
        pool.append((text, len(text.split())))
    return pool


def article(rng: random.Random, pool: list[tuple[str, int]], index: int) -> dict[str, str]:
    target = int(min(3000, max(200, rng.lognormvariate(math.log(700), 0.6))))
    paragraphs: list[str] = []
    words = 0
    while words < target:
        chosen = rng.choices(pool, k=rng.randint(2, 6))
        paragraphs.append(" ".join(text for text, _ in chosen))
        words += sum(count for _, count in chosen)
    title = (
        f"{rng.choice(NORP)} officials discuss {rng.choice(TOPICS)} in {rng.choice(PLACES)} as {number(rng)} await news"
    )
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return {
        "id": f"bench-{index:06d}",
        "title": title,
        "text": title + "\n\n" + "\n\n".join(paragraphs) + "\n",
        "source": rng.choice(SOURCES),
        "published": f"{rng.randint(2019, 2025)}-{month:02d}-{day:02d}",
        "url": f"https://news.example/{index:06d}",
    }


def generate(out: Path, sizes: list[int], seed: int, folders_too: bool = True) -> None:
    rng = random.Random(seed)
    pool = build_pool(rng)
    largest = max(sizes)
    folders = {n: out / f"txt_{n}" for n in sizes} if folders_too else {}
    jsonls = {n: open(out / f"articles_{n}.jsonl", "w", encoding="utf-8") for n in sizes}
    try:
        for index in range(largest):
            record = article(rng, pool, index)
            line = json.dumps(record, ensure_ascii=False) + "\n"
            rel = f"{index // 1000:03d}/{index:06d}.txt"
            for n in sizes:
                if index < n:
                    if folders:
                        target = folders[n] / rel
                        if index % 1000 == 0:
                            target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_text(record["text"], encoding="utf-8")
                    jsonls[n].write(line)
            if (index + 1) % 10_000 == 0:
                print(f"  {index + 1:,} articles", file=sys.stderr, flush=True)
    finally:
        for handle in jsonls.values():
            handle.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jsonl-only", action="store_true", help="no .txt folders (for the 1M-article library bench)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        done = args.out / (f"articles_{n}.jsonl" if args.jsonl_only else f"txt_{n}")
        if done.exists():
            print(f"{done} exists; delete it to regenerate", file=sys.stderr)
            return 1
    generate(args.out, sorted(args.sizes), args.seed, folders_too=not args.jsonl_only)
    print(f"wrote {', '.join(f'{n:,}' for n in sorted(args.sizes))} articles into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
