"""Normalisation at ingest: the one place article text may change, before any offset exists.

Span offsets are code points into ``Article.text``. So the text must be the same every
time an article is loaded, and must be safe to show in a terminal. Exactly two things
change: line ends become ``\\n``, and control characters (which could drive the terminal
or confuse a renderer) become U+FFFD one for one, so every other character keeps its
offset. No Unicode normalisation (NFC would move offsets of combining marks).

Decoding: UTF-8 first (a BOM is dropped). Other bytes go to charset-normalizer, but its
guess is only trusted when it yields a non-Latin script (Cyrillic, Greek, Arabic, CJK...):
on short Western text it happily guesses cp775 or UTF-16. Otherwise the stated fallback
is cp1252 (what browsers do for "latin-1"), then latin-1 (which never fails).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

REPLACEMENT = "\ufffd"

# C0 controls except \t (09) and \n (0a); \r is handled before this runs. DEL and C1.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The same among ASCII bytes (C1 is not ASCII).
_ASCII_CONTROLS = bytes(code for code in range(128) if _CONTROLS.match(chr(code)))

# Leading bytes of common binary formats we might find in an article folder.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"SQLite format 3",
    b"\xd0\xcf\x11\xe0",
    b"MZ",
    b"\x00\x00\x01\x00",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"fLaC",
)
_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Bytes that do not occur in text files (controls other than \t \n \v \f \r, ESC).
_ODD_BYTES = bytes(b for b in range(32) if b not in (8, 9, 10, 11, 12, 13, 27)) + b"\x7f"
# Characters that reorder or hide what a line shows ("Trojan Source"): bidi embeddings,
# overrides and isolates, zero-width space, word joiner, invisible operators, BOM, the
# Mongolian vowel separator. In metadata and messages they are shown as <U+XXXX>; article
# text keeps them (offsets). ZWJ/ZWNJ and LRM/RLM stay as they are: emoji, Indic and
# Persian words and right-to-left titles need them, and none of them can reorder a line.
INVISIBLE = re.compile("[\u180e\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SNIFF = 8192
# An article file larger than this is not an article (the longest news features are well
# under 1 MB); laying out 50 MB of text would keep the user waiting and take gigabytes, so it is skipped.
MAX_ARTICLE_BYTES = 4 << 20
_MIN_DETECT = 64  # below this, detectors guess wildly; use the fallback


def normalise_text(text: str) -> str:
    """CRLF and lone CR -> LF; C0/C1 controls other than \\n and \\t -> U+FFFD, one for one."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():  # every article is normalised when a corpus is first scanned: bytes are quicker
        data = text.encode("ascii")
        if len(data.translate(None, _ASCII_CONTROLS)) == len(data):
            return text
    elif _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(REPLACEMENT, text)


def too_large(size: int, name: str) -> str | None:
    """The one-line reason a file of ``size`` bytes is not read as an article, or None."""
    if size <= MAX_ARTICLE_BYTES:
        return None
    return f"{name}: {size / (1 << 20):.1f} MB, larger than the {MAX_ARTICLE_BYTES >> 20} MB an article may be"


def terminal_safe(text: str) -> str:
    """Any string from outside made safe to print: the one sanitiser for the terminal.

    Control characters (escape sequences, C1) become U+FFFD as in ``normalise_text``;
    bidi overrides and zero-width characters become a visible ``<U+202E>``. Line breaks
    and tabs stay. Not used on article text, whose offsets must not move.
    """
    text = normalise_text(text)
    if INVISIBLE.search(text) is None:
        return text
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def clean_line(text: str, limit: int = 0) -> str:
    """A one-line field (title, source, link, name) or message: ``terminal_safe``,
    whitespace runs collapsed, trimmed.

    Not used on article text (offsets); titles must fit one row of the library.
    """
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        line = text  # the common field, already one clean line: nothing to make safe or collapse
    else:
        line = " ".join(terminal_safe(text).split())
    if limit and len(line) > limit:
        cut = line[: limit - 1]
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
        line = cut.rstrip(" ,;:-") + "…"
    return line


def is_probably_binary(data: bytes) -> bool:
    """True for files that are not text at all (images, archives, executables...).

    A text file with a stray NUL or escape sequence is still text (it is normalised,
    not skipped); a file whose first 8 KiB are full of odd bytes, or that has NUL bytes
    and is not valid UTF-8, or that starts with a known binary signature, is not.
    """
    head = data[:_SNIFF]
    if not head or head.startswith(_UTF16_32_BOMS):
        return False
    if head.startswith(_BINARY_MAGIC):
        return True
    odd = len(head) - len(head.translate(None, _ODD_BYTES))
    if odd * 10 > len(head):
        return True
    if b"\x00" in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as err:
            # A multi-byte character cut at the end of the sample is still UTF-8.
            return not (len(data) > _SNIFF and err.start >= len(head) - 3)
    return False


def _non_latin_letters(text: str) -> bool:
    """Does the text hold letters of a script other than Latin? (trust the detector then)."""
    seen = 0
    for ch in text:
        if ord(ch) < 0x80 or not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            return False
        seen += 1
        if seen > 20:
            break
    return seen > 0


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess, when it is one worth more than the fallback."""
    if len(data) < _MIN_DETECT:
        return None
    from charset_normalizer import from_bytes  # imported late: only non-UTF-8 files pay

    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32", "utf-16", "utf-32")):
        return None
    try:
        sample = data[:_SNIFF].decode(best.encoding, errors="ignore")
    except LookupError:
        return None
    return best.encoding if _non_latin_letters(sample) else None


def decode_bytes(data: bytes, name: str) -> tuple[str, str | None]:
    """Decode a file's bytes to text; the second value is a one-line warning or None.

    The text is not normalised here (call ``normalise_text``).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return text, f"{name}: not UTF-8, decoded as {encoding} (byte order mark)"
    encoding = _detect(data)
    if encoding is not None:
        text = data.decode(encoding, errors="replace")
        return text, f"{name}: not UTF-8, decoded as {codecs.lookup(encoding).name}"
    try:
        return data.decode("cp1252"), f"{name}: not UTF-8, decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"{name}: not UTF-8, decoded as latin-1"
