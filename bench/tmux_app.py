"""The app in a tmux pane, for bench/soak_app.py: start it isolated, send keys, read the screen, kill it.

The pane runs ``newsdesk`` (or ``ND_TREE=<tree> /work/bin/nd``) at 120x35 on a tmux socket of
its own, with HOME and newsdesk's data, config and cache folders in one temporary directory.
What the soak reads of the screen is parsed here: the status line ("done · 3 spans"), the
article id in the header, the library's title, the note box, and the shell's line once the
app has exited.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

WIDTH, HEIGHT = 120, 35
SEED_ARTICLES = 5
STATUS_RE = re.compile(r"^ ?(to do|in progress|done|flagged|rejected|ignored)(?: · unread)? · (\d+) spans?\b")
ARTICLE_ID_RE = re.compile(r"\d[\d,]* words? · (\S+)\s*$")
NOTE_MODAL = "ctrl+s save · Esc cancel"


class RoundError(Exception):
    """The app did something the soak cannot go on from (did not start, a database error shown)."""


class Pane:
    """One tmux server on its own socket, one pane running the app."""

    def __init__(self, socket: str, command: str) -> None:
        self.socket = socket
        size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
        self.tmux(["new-session", "-d", "-s", "soak", *size, f"{command}; echo SOAK-EXIT $?; sleep 600"])

    def tmux(self, args: list[str]) -> str:
        proc = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RoundError(f"tmux {args[0]}: {proc.stderr.strip()}")
        return proc.stdout

    def screen(self) -> list[str]:
        return self.tmux(["capture-pane", "-p", "-t", "soak"]).split("\n")

    def send(self, key: str, literal: bool = False) -> None:
        self.tmux(["send-keys", "-t", "soak", *(["-l"] if literal else []), key])

    def app_pid(self) -> int | None:
        shell = int(self.tmux(["display", "-p", "-t", "soak", "#{pane_pid}"]).strip())
        out = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
        for pid in map(int, out):
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"python" in cmd or b"newsdesk" in cmd:
                return pid
        return None

    def close(self) -> None:
        """Kill this socket's server and wait until it is gone (a new one on the same socket fails before)."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if subprocess.run(["tmux", "-L", self.socket, "list-sessions"], capture_output=True).returncode != 0:
                return
            time.sleep(0.05)


def settle(pane: Pane, until=None, limit: float = 6.0) -> list[str]:
    """The screen once it stops changing (two equal captures 80 ms apart), or once ``until`` holds."""
    start = time.monotonic()
    last = pane.screen()
    time.sleep(0.08)
    while time.monotonic() - start < limit:
        now = pane.screen()
        if until is not None and until(now):
            return now
        if until is None and now == last:
            return now
        last = now
        time.sleep(0.08)
    return last


def status_of(screen: list[str]) -> tuple[str, int] | None:
    for line in screen[-3:]:
        m = STATUS_RE.match(line)
        if m:
            return m.group(1), int(m.group(2))
    return None


def article_of(screen: list[str]) -> str | None:
    for line in screen[:5]:
        m = ARTICLE_ID_RE.search(line)
        if m:
            return m.group(1)
    return None


def is_library(screen: list[str]) -> bool:
    return bool(screen) and screen[0].startswith(" newsdesk · ")


def exited(screen: list[str]) -> bool:
    return any(line.startswith("SOAK-EXIT") for line in screen)


def env_for(home: Path, tree: str | None) -> dict[str, str]:
    """HOME and the data, config and cache folders in ``home``: nothing of the user's is read or written."""
    dirs = {f"NEWSDESK_{name.upper()}_DIR": str(home / name) for name in ("data", "config", "cache")}
    env = dict(os.environ, HOME=str(home), **dirs, **({"ND_TREE": tree} if tree else {}))
    env.pop("NO_COLOR", None)
    return env


def newsdesk(tree: str | None) -> list[str]:
    """The command: the tree's launcher, else the ``newsdesk`` on PATH or beside this Python."""
    if tree:
        return ["/work/bin/nd"]
    return [shutil.which("newsdesk") or str(Path(sys.executable).parent / "newsdesk")]


def start_app(pane_socket: str, home: Path, tree: str | None) -> Pane:
    env = env_for(home, tree)
    keep = ("HOME", "NEWSDESK_DATA_DIR", "NEWSDESK_CONFIG_DIR", "NEWSDESK_CACHE_DIR", "ND_TREE")
    assigns = " ".join(f"{k}={shlex.quote(env[k])}" for k in keep if k in env)
    command = f"cd {shlex.quote(str(home))} && env -u NO_COLOR {assigns} {' '.join(newsdesk(tree))}"
    return Pane(pane_socket, command)


def open_article(pane: Pane, index: int) -> tuple[str, list[str]]:
    screen = settle(
        pane, until=lambda s: is_library(s) and all(x.strip() for x in s[3 : 3 + SEED_ARTICLES]) or exited(s), limit=30
    )
    if not is_library(screen):
        raise RoundError("the app did not show the library: " + one_line(screen))
    for _ in range(index):
        pane.send("j")
    pane.send("Enter")
    screen = settle(pane, until=lambda s: (article_of(s) and status_of(s)) or exited(s), limit=20)
    aid = article_of(screen)
    if aid is None or status_of(screen) is None:
        raise RoundError("the article did not open: " + one_line(screen))
    return aid, screen


def kill_app(pane: Pane) -> None:
    """SIGKILL the app's process (the pane shell's child) and wait until it is dead."""
    pid = pane.app_pid()
    if pid is None:
        raise RoundError("the app's process is gone before the kill")
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
                break
        except OSError:
            break
        time.sleep(0.02)


def one_line(screen: list[str]) -> str:
    return " / ".join(x.strip() for x in screen if x.strip())[-300:]
