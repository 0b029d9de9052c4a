"""The campaign's hostile cases (issue 16): servers, compressed bombs, FIFOs, symlinks, YAML aliases.

Command-line cases like those of ``faults_catalogue`` (same ``Case``/``Run``, same judge:
exit status, one ``newsdesk:`` line, no traceback, no escape byte, inputs untouched). An
argument holding ``{server}`` is given the address of a ``faults_server.HostileServer``
started for the case (``run_case`` does it). Full scale: a 1 GiB bomb; else 256 MB.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from faults_catalogue import Case, Run
from faults_server import bomb

BOMB = r"more than 64 MB once decompressed, not read"
ONE_LINE = r"\Anewsdesk: [^\n]*{}[^\n]*\n\Z"  # the whole output: one line
ALIASES = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""
SELF_ALIAS = b"a: &a [1, *a]\n"
ARTICLE = {"ok.txt": b"An ordinary article.\n"}


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _bomb_file(mb: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(bomb(mb, 31))

    return write


def url_cases(mb: int) -> list[Case]:
    url = "{server}"
    return [
        Case(
            "hostile",
            "url-gzip-bomb",
            f"gzip body inflating to {mb} MB",
            {},
            (
                Run(("import", f"{url}/gzip-bomb", "--into", "out/x.jsonl"), 2, BOMB),
                Run(("list", f"{url}/gzip-bomb"), 2, BOMB),
            ),
        ),
        Case(
            "hostile",
            "url-deflate-bomb",
            f"deflate body inflating to {mb} MB",
            {},
            (Run(("import", f"{url}/deflate-bomb", "--into", "out/x.jsonl"), 2, BOMB),),
        ),
        Case(
            "hostile",
            "url-slow",
            "a byte every 2 s, in the headers and in the body",
            {},
            (
                Run(
                    ("import", f"{url}/slow-headers", "--into", "out/x.jsonl"),
                    2,
                    r"timed out after 20 s for the whole request",
                ),
                Run(
                    ("import", f"{url}/slow-body", "--into", "out/x.jsonl"),
                    2,
                    r"timed out after 20 s for the whole request",
                ),
            ),
        ),
        Case(
            "hostile",
            "url-endless",
            "a body with no length that never ends",
            {},
            (Run(("import", f"{url}/endless", "--into", "out/x.jsonl"), 2, r"more than 64 MB as sent"),),
        ),
        Case(
            "hostile",
            "url-huge-length",
            "Content-Length: 1 TB",
            {},
            (Run(("import", f"{url}/huge-length", "--into", "out/x.jsonl"), 2, r"more than 64 MB as sent"),),
        ),
        Case(
            "hostile",
            "url-redirect-loop",
            "a 302 to itself",
            {},
            (
                Run(
                    ("import", f"{url}/loop", "--into", "out/x.jsonl"),
                    2,
                    ONE_LINE.format(r"redirected too many times \(HTTP 302; a redirect loop\?\)"),
                ),
            ),
        ),
        Case(
            "hostile",
            "url-reason-escapes",
            "OSC 52, OSC 2, CSI in the reason phrase",
            {},
            (Run(("import", f"{url}/reason", "--into", "out/x.jsonl"), 2, ONE_LINE.format(r"HTTP 404 A.\]52;c;")),),
        ),
        Case(
            "hostile",
            "url-feed-escapes",
            "OSC 52 in a feed entry's link and title",
            {},
            (Run(("list", f"{url}/feed"), 0, r"PWNED"),),
        ),
    ]


def file_cases(mb: int) -> list[Case]:
    return [
        Case(
            "hostile",
            "file-gzip-bomb",
            f"feed.xml.gz inflating to {mb} MB",
            {"bomb.xml.gz": _bomb_file(mb)},
            (Run(("import", "bomb.xml.gz", "--into", "out/x.jsonl"), 2, BOMB), Run(("list", "bomb.xml.gz"), 2, BOMB)),
        ),
        Case(
            "hostile",
            "fifo-in-folder",
            "news/fifo.txt is a FIFO",
            {"news/fifo.txt": _fifo, "news/ok.txt": ARTICLE["ok.txt"]},
            (
                Run(("list", "news"), 0, r"fifo\.txt: not a regular file but a FIFO, skipped"),
                Run(("import", "news", "--into", "out/x.jsonl"), 0, r"fifo\.txt: not a regular file but a FIFO"),
            ),
        ),
        Case(
            "hostile",
            "fifo-named",
            "a FIFO named on the command line",
            {"fifo.txt": _fifo, "fifo.xml": _fifo},
            (
                Run(("show", "fifo", "fifo.txt"), 2, r"fifo\.txt: not a regular file but a FIFO"),
                Run(("import", "fifo.xml", "--into", "out/x.jsonl"), 2, r"fifo\.xml: not a regular file but a FIFO"),
                Run(("entities", "fifo.txt"), 2, r"fifo\.txt: not a regular file but a FIFO, not read"),
            ),
        ),
        Case(
            "hostile",
            "symlink-in-folder",
            "news/passwd.txt -> /etc/passwd",
            {"news/passwd.txt": _link_to("/etc/passwd"), "news/ok.txt": ARTICLE["ok.txt"]},
            (
                Run(("list", "news"), 0, r"passwd\.txt: a symbolic link, not followed, skipped", reject="root:"),
                Run(("import", "news", "--into", "out/x.jsonl"), 0, r"passwd\.txt: a symbolic link", reject="root:"),
            ),
        ),
        Case(
            "hostile",
            "symlink-in-brat",
            "brat/passwd.txt -> /etc/passwd",
            {"brat/passwd.txt": _link_to("/etc/passwd"), "brat/passwd.ann": b"T1\tdemand 0 4\troot\n"},
            (
                Run(
                    ("import", "brat", "--format", "brat", "--db", "db"),
                    1,
                    r"passwd\.ann: cannot read it or its \.txt \(a symbolic link, not followed\)",
                    reject="root:x",
                ),
            ),
            writes=("db/",),
        ),
    ]


def library_cases() -> list[Case]:
    """A folder's ``library.jsonl`` and a JSONL corpus that are not regular files."""
    return [
        Case(
            "hostile",
            "fifo-jsonl",
            "a JSONL corpus and an --into target that are FIFOs",
            {"fifo.jsonl": _fifo, "ok.txt": ARTICLE["ok.txt"]},
            (
                Run(("list", "fifo.jsonl"), 0, r"fifo\.jsonl: not a regular file but a FIFO, skipped"),
                Run(("import", "ok.txt", "--into", "fifo.jsonl"), 2, r"fifo\.jsonl: cannot read \(not a regular file"),
            ),
        ),
        Case(
            "hostile",
            "symlink-library",
            "news/library.jsonl -> a JSONL file outside the folder",
            {
                "outside.jsonl": b'{"id": "secret", "title": "Secret", "text": "not in the folder"}\n',
                "news/library.jsonl": _link_to("../outside.jsonl"),
                "news/ok.txt": ARTICLE["ok.txt"],
            },
            (Run(("list", "news"), 0, r"library\.jsonl: a symbolic link, not followed, skipped", reject="Secret"),),
        ),
    ]


def yaml_cases() -> list[Case]:
    app = ("ok.txt",)
    cases = []
    for kind, content, line in (("bomb", ALIASES, 2), ("self", SELF_ALIAS, 1)):
        expect = rf"{{}}:{line}: YAML error: YAML aliases \(\*name\) are not allowed"
        what = "nested aliases (billion laughs)" if kind == "bomb" else "an alias inside its own anchor"
        cases += [
            Case(
                "hostile",
                f"keymap-alias-{kind}",
                what,
                ARTICLE,
                (Run(app, 2, expect.format(r"keymap\.yaml")),),
                config={"keymap.yaml": content},
            ),
            Case(
                "hostile",
                f"config-alias-{kind}",
                what,
                ARTICLE,
                (Run(app, 2, expect.format(r"config\.yaml")),),
                config={"config.yaml": content},
            ),
            Case(
                "hostile",
                f"theme-alias-{kind}",
                what,
                ARTICLE,
                (Run(("show", "ok", "ok.txt", "--theme", "x"), 2, expect.format(r"x\.yaml")),),
                config={"themes/x.yaml": content},
            ),
            Case(
                "hostile",
                f"labels-alias-{kind}",
                what,
                {**ARTICLE, "labels.yaml": content},
                (Run(("--labels", "labels.yaml", *app), 2, expect.format(r"labels\.yaml")),),
            ),
        ]
    return cases


def hostile_cases(full: bool = False) -> list[Case]:
    mb = 1024 if full else 256
    return url_cases(mb) + file_cases(mb) + library_cases() + yaml_cases()
