"""What the command line prints: every line goes through the one terminal sanitiser.

Messages carry strings from outside (file names, links, server replies, titles, names), so
``warn`` and ``say`` pass each through ``terminal_safe``: an escape sequence in a crafted
file name or an HTTP reason phrase is shown as U+FFFD, never run by the terminal.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import Any

from reader.text.normalise import INVISIBLE, terminal_safe

# Inside JSON strings: C1 controls and the invisible characters that ``json`` leaves raw.
_JSON_RAW = re.compile(f"[\x7f-\x9f{INVISIBLE.pattern[1:-1]}]")


PROBLEMS_SHOWN = 20  # of one command's problem lines; the rest are counted


def warn_each(lines: Sequence[str]) -> None:
    """Each problem on a line of its own, the first ``PROBLEMS_SHOWN``, then how many more: a
    file of 10,000 bad lines is not 10,000 lines on the terminal."""
    for line in lines[:PROBLEMS_SHOWN]:
        warn(line)
    if len(lines) > PROBLEMS_SHOWN:
        warn(f"… and {len(lines) - PROBLEMS_SHOWN:,} more like these (the first {PROBLEMS_SHOWN} are above)")


def warn(message: str) -> None:
    """One ``newsdesk: ...`` line on stderr per line of ``message``."""
    for line in message.splitlines() or [""]:
        print(f"newsdesk: {terminal_safe(line)}", file=sys.stderr)


def say(message: str) -> None:
    """A line of output on stdout."""
    print(terminal_safe(message))


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON with non-ASCII text as it is, but every character a terminal could act on (C1
    controls, bidi overrides, zero-width characters) as a \\uXXXX escape: the same data."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
