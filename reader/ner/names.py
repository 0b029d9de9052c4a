"""Heuristics for names no list holds: runs of capitalised words classified by their cues.

A *run* is a stretch of capitalised tokens on one line, joined by hyphens, apostrophes,
initials ("W.") and name particles ("al-", "bin", "von"), and by "of/on/for/and/the"
when an organisation word came before ("Committee on Prisoners and Missing Persons
Affairs"). Tokens already claimed by the gazetteer or the number rules stay inside the run
so an organisation word can absorb them ("Israeli" + "Foreign Ministry" -> ORG).

Cues, strongest first:
- a keyword at the end names the type: "... Council/Ministry/Brigades" ORG,
  "... Hospital/Airport/Crossing" FAC, "... River/Sea/Valley" LOC, "... Summit/War" EVENT;
- a title before the name: "Prime Minister X", "analyst X", "Mossad Chief X" -> PERSON X;
- a given name first ("Steve Witkoff"), a name particle ("Adnan Abu Amer"), or a reporting
  verb after ("Shlomo Ganor says") -> PERSON;
- a lone acronym of 2-6 capitals -> ORG; a media noun around it ("newspaper Kommersant") ORG;
- a person found once lends the surname to later mentions ("Sinwar", "Al-Sinwar").

Guards against junk: sentence-initial common words ("The", "During", "Despite") never
start a name, runs made only of common words ("Prisoner Exchange Talks") are left alone,
and title-case headline lines get no guesses at all.
"""

from __future__ import annotations

import bisect
import re

from reader.ner.name_words import (
    ABBREVIATED_TITLES,
    CONNECTORS,
    FUNCTION_CAPS,
    MEDIA,
    NAME_MARKERS,
    NOT_ORG_ACRONYMS,
    OPENERS,
    PARTICLES,
    SENTENCE_END,
    SPEECH,
    WEAK_KEYWORDS,
    Lexicon,
    keyword_label,
    lexicon,
)

Candidate = tuple[int, int, str]

_HEADLINE_LINE = re.compile(r"[^\n]+")
_HEADLINE_MAX = 160
_WORD = re.compile(r"\b[^\W\d_][\w'’-]*")


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines that look like title-case headlines: no name guesses there."""
    lines = []
    for match in _HEADLINE_LINE.finditer(text):
        line = match.group()
        if not 12 <= len(line) <= _HEADLINE_MAX or line.rstrip().endswith((".", "?", "!", ",", ":")):
            continue
        words = _WORD.findall(line)
        if len(words) < 4:
            continue
        caps = sum(1 for w in words if w[0].isupper())
        if caps / len(words) >= 0.6:
            lines.append(match.span())
    return lines


def _is_cap(word: str) -> bool:
    return word[:1].isupper()  # only letters have case: digits and marks are never "upper"


def find_names(
    text: str, starts: list[int], ends: list[int], words: list[str], owner: list[int], taken: list[Candidate]
) -> list[Candidate]:
    """Guess PERSON/ORG/... spans over tokens not claimed by ``taken`` (indexed by ``owner``).

    ``owner[i]`` is the index into ``taken`` of the entity covering token ``i``, or -1.
    Returns new candidates (non-overlapping with ``taken``); may replace none of them except
    where an organisation keyword absorbs adjacent NORP/GPE/ORG entities: those appear in
    the second element of each absorbing candidate's list (handled by the caller).
    """
    lex = lexicon()
    headlines = _headline_lines(text)
    n = len(words)
    out: list[Candidate] = []
    j = 0
    particles = PARTICLES
    for i in [k for k, w in enumerate(words) if w[:1].isupper() or w in particles]:
        if i < j:
            continue  # inside the previous run
        if not words[i][:1].isupper() and not (i + 2 < n and words[i + 1] == "-" and words[i + 2][:1].isupper()):
            continue
        j = _run_end(text, starts, ends, words, i)
        if not _in_headline(starts[i], headlines):
            out.extend(_classify(text, starts, ends, words, owner, taken, i, j, lex))
    return out


def _in_headline(pos: int, headlines: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(headlines, (pos, float("inf"))) - 1
    return index >= 0 and headlines[index][0] <= pos < headlines[index][1]


def _run_end(text: str, starts: list[int], ends: list[int], words: list[str], i: int) -> int:
    """Index after the last token of the capitalised run starting at ``i``."""
    n = len(words)
    j = i + 1
    while j < n:
        gap = text[ends[j - 1] : starts[j]]
        if gap not in ("", " "):
            break
        word = words[j]
        if _is_cap(word):
            j += 1
            continue
        nxt = j + 1
        if (
            gap == ""
            and word in ("-", "'")
            and nxt < n
            and text[ends[j] : starts[nxt]] == ""
            and (_is_cap(words[nxt]) or words[nxt].lower() in PARTICLES)
        ):
            j += 1  # Al-Sinwar, O'Brien, Mini-Ministerial
            continue
        if (
            gap == ""
            and word == "."
            and (len(words[j - 1]) == 1 and words[j - 1].isupper() or words[j - 1] in ABBREVIATED_TITLES)
        ):
            j += 1  # George W. Bush, Rep. Ocasio-Cortez
            continue
        lower = word.lower()
        if (
            gap == " "
            and (lower in CONNECTORS or lower in PARTICLES)
            and nxt < n
            and text[ends[j] : starts[nxt]] in (" ", "")
            and (_is_cap(words[nxt]) or words[nxt] == "-")
        ):
            j += 1
            continue
        break
    # never end on a connector or joiner
    while j > i + 1 and not _is_cap(words[j - 1]):
        j -= 1
    return j


def _sentence_initial(text: str, starts: list[int], ends: list[int], words: list[str], i: int) -> bool:
    k = i - 1
    while k >= 0 and words[k] in OPENERS:
        k -= 1
    if k < 0 or "\n" in text[ends[k] : starts[k + 1]]:
        return True
    return words[k] in SENTENCE_END or words[k].startswith("\n")


def _classify(
    text: str,
    starts: list[int],
    ends: list[int],
    words: list[str],
    owner: list[int],
    taken: list[Candidate],
    i: int,
    j: int,
    lex: Lexicon,
) -> list[Candidate]:
    # drop leading common words at a sentence start ("During", "Despite", "The")
    while (
        i < j
        and owner[i] < 0
        and _is_cap(words[i])
        and words[i].lower() in lex.common_words
        and words[i] not in lex.given_names
        and words[i] not in NAME_MARKERS
        and (_sentence_initial(text, starts, ends, words, i) or words[i] in FUNCTION_CAPS)
    ):
        i += 1
        while i < j and not _is_cap(words[i]):
            i += 1
    if i >= j:
        return []
    found: list[Candidate] = []
    # organisation/facility/place/event keyword: the run up to it (and what follows joined by
    # connectors) becomes one entity, absorbing adjacent gazetteer NORP/GPE/ORG tokens.
    for k in range(j - 1, i - 1, -1):  # the head noun is the last keyword: "War Council"
        kind = keyword_label(words[k]) if owner[k] < 0 else None
        if kind is None:
            continue
        first = k
        while first > i and _absorbable(words, owner, taken, first - 1, lex):
            first -= 1
        if first == k and words[k] in WEAK_KEYWORDS:
            continue  # a lone "Post", "Times", "Force" is no name
        last = j
        found.append((starts[first], ends[last - 1], kind))
        found.extend(_classify(text, starts, ends, words, owner, taken, i, first, lex) if first > i else [])
        return found
    # split at connectors: without an organisation word "Hamas and Israel" is two things
    for k in range(i + 1, j - 1):
        if words[k].lower() in CONNECTORS:
            return _classify(text, starts, ends, words, owner, taken, i, k, lex) + _classify(
                text, starts, ends, words, owner, taken, k + 1, j, lex
            )
    # a title inside the run: the name is what follows the last title
    last_title = -1
    for k in range(i, j):
        if owner[k] < 0 and words[k].lower() in lex.titles:
            last_title = k
    if last_title >= 0:
        first = last_title + 1
        while first < j and not _is_cap(words[first]):
            first += 1  # the "." of "Rep."
        rest = range(first, j)
        # a name after a title may start with a word the gazetteer knows as a place
        # ("Rep. Alexandria Ocasio-Cortez"): the person absorbs it
        if any(owner[k] < 0 and _is_cap(words[k]) for k in rest) and all(
            owner[k] < 0 or taken[owner[k]][2] in ("GPE", "LOC", "NORP") for k in rest
        ):
            return [(starts[first], ends[j - 1], "PERSON")]
        return []
    # stretches of unclaimed tokens between claimed ones
    k = i
    while k < j:
        if owner[k] >= 0:
            k += 1
            continue
        m = k
        while m < j and owner[m] < 0:
            m += 1
        label = _guess(text, starts, ends, words, k, m, lex)
        if label:
            found.append((starts[k], ends[m - 1], label))
        k = m
    return found


def _absorbable(words: list[str], owner: list[int], taken: list[Candidate], k: int, lex: Lexicon) -> bool:
    if owner[k] >= 0:
        return taken[owner[k]][2] in ("NORP", "GPE", "ORG", "LOC", "PERSON")
    word = words[k]
    if word in ("-", "'", "."):
        return True
    return (_is_cap(word) or word.lower() in PARTICLES) and word.lower() not in lex.titles and word not in FUNCTION_CAPS


def _guess(text: str, starts: list[int], ends: list[int], words: list[str], k: int, m: int, lex: Lexicon) -> str | None:
    """Label for unclaimed capitalised tokens ``k..m-1`` from the cues around them."""
    toks = [w for w in words[k:m] if _is_cap(w)]
    if not toks:
        return None
    before = words[k - 1] if k > 0 else ""
    after = words[m] if m < len(words) else ""
    if len(toks) == 1 and m - k == 1:
        word = toks[0]
        if 2 <= len(word) <= 6 and word.isupper() and word.isalpha() and word not in NOT_ORG_ACRONYMS:
            return "ORG"
        if before.lower() in MEDIA or after.lower() in {
            "newspaper",
            "network",
            "channel",
            "agency",
            "daily",
            "magazine",
        }:
            return "ORG"
    common = [w for w in toks if w.lower() in lex.common_words]
    initial = _sentence_initial(text, starts, ends, words, k)
    if before.lower() in lex.titles and before.islower():
        return "PERSON"
    if (
        len(toks) >= 2
        and (toks[0] in lex.given_names or any(t in NAME_MARKERS for t in toks) or "-" in words[k:m])
        and len(common) < len(toks)
    ):
        return "PERSON"
    if after in SPEECH and not common and not (initial and len(toks) == 1):
        return "PERSON"
    if after in SPEECH and len(toks) >= 2 and len(common) < len(toks):
        return "PERSON"
    if 2 <= len(toks) <= 4 and not common:
        return "PERSON"
    return None


def propagate_people(
    text: str, starts: list[int], ends: list[int], words: list[str], owner: list[int], people: list[str]
) -> list[Candidate]:
    """Later bare mentions of a person's surname: "Sinwar", "Al-Sinwar", "Witkoff"."""
    lex = lexicon()
    surnames = set()
    for name in people:
        parts = [p for p in re.split(r"[\s-]+", name) if p]
        if len(parts) >= 2 and parts[-1][:1].isupper() and parts[-1].lower() not in lex.common_words:
            surnames.add(parts[-1])
    if not surnames:
        return []
    out: list[Candidate] = []
    n = len(words)
    for i, word in enumerate(words):
        if word not in surnames or owner[i] >= 0:
            continue
        if i + 1 < n and _is_cap(words[i + 1]) and text[ends[i] : starts[i + 1]] == " ":
            continue  # part of a longer run we chose not to label
        start = starts[i]
        if (
            i >= 2
            and words[i - 1] == "-"
            and words[i - 2].lower() in ("al", "el")
            and owner[i - 2] < 0
            and ends[i - 2] == starts[i - 1]
            and ends[i - 1] == start
        ):
            start = starts[i - 2]
        out.append((start, ends[i], "PERSON"))
    return out
