"""The word lists the name heuristics (``reader.ner.names``) read their cues from.

Why apart: the cues are data a reader tunes (an organisation word, a title, a media noun),
and the rules that use them read better without two hundred lines of lists in between.
The larger lists (given names, common words, titles) ship as ``reader/ner/data/lexicon.jsonl``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ORG_WORDS = frozenset(
    "Council Committee Movement Ministry Authority Agency Party Brigades Brigade Army Forces Force "
    "Court Union Bank University Network News Times Post Company Corporation Corp Inc Group "
    "Organization Organisation Front Association Institute Service Services Department Office "
    "Commission League Fund Programme Program Foundation Cabinet Parliament Assembly Congress "
    "Senate Government Administration Police Guard Guards Navy Corps Society Federation "
    "Coalition Alliance Center Centre Club Board Bureau Tribunal Directorate Command Radio TV "
    "Television Press Airlines Airways Ltd LLC Systems Industries Unit Division Battalion School "
    "College Academy Ministries Secretariat Caucus Bloc Brotherhood Federation Trust "
    "Initiative Observatory Foundation Mission".split()
)
FAC_WORDS = frozenset(
    "Hospital Airport Bridge Square Mosque Church Synagogue Stadium Palace Tower Building "
    "Crossing Prison Base Port Highway Road Street Avenue Checkpoint Camp Cathedral Temple "
    "Plant Dam Canal Terminal Complex Embassy Consulate".split()
)
LOC_WORDS = frozenset(
    "River Sea Mountains Mountain Desert Valley Gulf Ocean Lake Island Islands Peninsula Coast "
    "Heights Strait Plain Plateau Basin Corridor Region Province Governorate District".split()
)
EVENT_WORDS = frozenset(
    "War Summit Conference Olympics Games Revolution Uprising Massacre Festival Intifada "
    "Offensive Operation Talks Forum Election Elections Cup Championship".split()
)
LAW_WORDS = frozenset("Act Accords Accord Agreement Treaty Convention Declaration Charter".split())
CONNECTORS = frozenset({"of", "on", "for", "and", "the", "&"})
PARTICLES = frozenset(
    {
        "al",
        "el",
        "ad",
        "as",
        "ash",
        "an",
        "ar",
        "at",
        "az",
        "bin",
        "ibn",
        "bint",
        "van",
        "von",
        "de",
        "del",
        "della",
        "der",
        "den",
        "da",
        "dos",
        "du",
        "di",
        "la",
        "le",
        "ben",
    }
)
NAME_MARKERS = frozenset({"Abu", "Abo", "Umm", "Bin", "Ibn", "Al", "El", "Bint", "Ben"})
SPEECH = frozenset(
    "said says told added stated stressed noted explained wrote announced confirmed warned "
    "insisted argued claimed asked replied tweeted posted declared urged indicated pointed "
    "affirmed believes added reiterated acknowledged emphasized emphasised revealed "
    "vowed denied".split()
)
MEDIA = frozenset(
    {
        "newspaper",
        "network",
        "channel",
        "agency",
        "daily",
        "broadcaster",
        "website",
        "outlet",
        "magazine",
        "radio",
        "station",
        "group",
        "company",
        "movement",
        "party",
        "firm",
    }
)
NOT_ORG_ACRONYMS = frozenset(
    {
        "TV",
        "OK",
        "AM",
        "PM",
        "CEO",
        "CFO",
        "II",
        "III",
        "IV",
        "VI",
        "GMT",
        "UTC",
        "PS",
        "PPS",
        "AD",
        "BC",
        "DNA",
        "RNA",
        "ID",
        "AI",
        "AIDS",
        "HIV",
        "COVID",
        "GDP",
        "VIP",
        "PR",
        "Q",
        "FAQ",
        "URL",
        "PDF",
        "SMS",
        "Mr",
        "Dr",
        "St",
        "Jr",
        "Sr",
        "IT",
        "US",
        "UK",
        "NO",
        "YES",
        "THE",
        "AND",
        "OF",
        "IN",
        "TO",
        "A",
        "I",
    }
)
ABBREVIATED_TITLES = frozenset(
    {
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Rep",
        "Sen",
        "Gen",
        "Gov",
        "Lt",
        "Col",
        "Sgt",
        "Capt",
        "Prof",
        "Maj",
        "Adm",
        "Cpl",
        "Pres",
        "Rev",
    }
)
SENTENCE_END = frozenset({".", "!", "?", ":", ";", "»", "•", "|", "…", "\u2014"})
OPENERS = frozenset({'"', "“", "'", "‘", "(", "[", "«", "-", "–", "—"})


@dataclass(frozen=True)
class Lexicon:
    given_names: frozenset[str]
    common_words: frozenset[str]  # lower-case
    titles: frozenset[str]  # lower-case


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Given names, common words and titles shipped in ``reader/ner/data/lexicon.jsonl``."""
    source = resources.files("reader.ner.data").joinpath("lexicon.jsonl")
    kinds = {row["kind"]: row["items"] for row in map(json.loads, source.read_text(encoding="utf-8").splitlines())}
    return Lexicon(frozenset(kinds["given_names"]), frozenset(kinds["common_words"]), frozenset(kinds["titles"]))


FUNCTION_CAPS = frozenset(
    "The A An This That These Those It Its He She They We I You Our Their His Her In On At "
    "For From By With As Of And But Or If When While After Before During Despite Although "
    "Since Until Meanwhile However Moreover Also Such Some Many Most All Any Each Both "
    "Which What Who Whose Where Why How Not No Yes There Here Then Now Today Yesterday".split()
)
WEAK_KEYWORDS = frozenset(
    {
        "Post",
        "Times",
        "Force",
        "Forces",
        "Guard",
        "Press",
        "News",
        "Unit",
        "Base",
        "Port",
        "Road",
        "Street",
        "Plant",
        "Complex",
        "Talks",
        "Operation",
        "Region",
        "District",
        "Camp",
        "Games",
        "Cup",
        "Club",
        "Board",
        "Group",
        "Service",
        "Office",
        "Bank",
        "Trust",
        "Mission",
        "Program",
        "Programme",
        "Fund",
        "Center",
        "Centre",
        "Initiative",
        "Election",
        "Elections",
        "Forum",
        "Terminal",
        "Canal",
        "Basin",
    }
)


def keyword_label(word: str) -> str | None:
    if word in ORG_WORDS:
        return "ORG"
    if word in FAC_WORDS:
        return "FAC"
    if word in LOC_WORDS:
        return "LOC"
    if word in EVENT_WORDS:
        return "EVENT"
    if word in LAW_WORDS:
        return "LAW"
    return None
