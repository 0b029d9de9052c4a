"""Kill -9 soak of the real app in tmux: keys a user presses, SIGKILL at a random moment, verify.

bench/soak_kill.py drives ``annotations.store`` directly; this drives the app a user runs.
Each round starts ``newsdesk`` (or ``ND_TREE=<tree> /work/bin/nd`` with ``--tree``) in a
tmux pane of 120x35 on its own socket, with HOME and the data, config and cache folders
in a temporary directory, on the bundled seeds. It opens an article and presses random
annotation keys (``s`` sentence, ``w`` ``e`` ``b`` ``v`` ``j`` ``(`` ``)`` motions, labels ``1``-``5``,
``x`` delete, ``u`` undo, ``ctrl+r`` redo, ``d`` done, ``!`` flag, ``a`` + a note +
``ctrl+s``, Esc), reading the screen after each key with ``tmux capture-pane``. What
the app acknowledged is what it shows: the status line's article status and "N spans"
(the app updates it only after the store's write returned), and a "Note saved" notice
for a note, whose text carries a token unique to the key (ctrl+s is pressed once the
text shows in the box, as a user sees it; ``--type-ahead`` presses it at once, which
saves a note cut short: the app reads the box before it has the last keys typed). Then
the app is sent SIGKILL, after a key once the screen settled, right after a key with no
wait, or a few milliseconds after one. ``newsdesk export --format jsonl --status all`` (read-only)
must then open the database with no error and hold, for every article, the status and
span count last shown, and every acknowledged note token (unless a later acknowledged
delete, undo, redo or note on that article could have removed it). The key in flight
at the kill may have landed or not: both outcomes are accepted. The next round's app
opens the database for writing, so a lock left by the killed writer would be seen.

    python -m bench.soak_app --rounds 30 --seed 1
    python -m bench.soak_app --rounds 30 --tree /work/wt/NAME   # ND_TREE=NAME /work/bin/nd
    python -m bench.soak_app --rounds 5 --trace                 # every key and what it showed

Needs tmux; not part of the test suite (a round takes seconds). The pane, the keys and the
screen parsing are in bench/tmux_app.py. Exit 1 if anything acknowledged was lost or the
database gave an error.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.tmux_app import (
    NOTE_MODAL,
    SEED_ARTICLES,
    Pane,
    RoundError,
    env_for,
    exited,
    is_library,
    kill_app,
    newsdesk,
    one_line,
    open_article,
    settle,
    start_app,
    status_of,
)

# Keys as tmux names them, and how often each is pressed. "b" and "(" go back into a span just
# tagged, so x, a and u have one under the cursor; "a" (a note) is followed by text, then ctrl+s or Esc.
KEYS = ("s", "w", "e", "v", "j", ")", "b", "(", "1", "2", "3", "4", "5", "x", "u", "C-r", "d", "!", "a", "Escape")
WEIGHTS = (4, 3, 2, 2, 1, 1, 2, 1, 2, 2, 1, 1, 1, 2, 2, 1, 1, 1, 3, 1)
CHANGING = {"1", "2", "3", "4", "5", "x", "u", "C-r", "d", "!", "C-s"}


@dataclass
class Figures:
    rounds: int = 0
    keys: int = 0
    acknowledged: int = 0  # changes the screen showed as saved (status/count changes, notes)
    notes: int = 0  # of which notes ("Note saved" and the token checked on disk)
    in_flight: int = 0  # kills with a key sent and not yet seen
    in_flight_landed: int = 0
    lost: int = 0
    db_errors: int = 0
    kills: dict[str, int] = field(default_factory=lambda: {"settled": 0, "no wait": 0, "soon": 0})
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class ArticleSeen:
    shown: tuple[str, int] = ("to do", 0)  # status and span count the app last showed
    history: set[tuple[str, int]] = field(default_factory=lambda: {("to do", 0)})
    notes: set[str] = field(default_factory=set)  # acknowledged note tokens still expected


def read_disk(home: Path, tree: str | None) -> tuple[dict[str, tuple[str, int, list[str]]] | None, str]:
    """Every article in the database as (status, span count, notes), via a read-only export."""
    db = home / "data" / "annotations.db"
    proc = subprocess.run(
        [*newsdesk(tree), "export", "--format", "jsonl", "--status", "all", "--db", str(db), "--out", "-"],
        env=env_for(home, tree),
        capture_output=True,
        text=True,
        cwd=home,
    )
    errors = [x for x in proc.stderr.splitlines() if x.startswith("newsdesk:") or "Traceback" in x or "problem" in x]
    if proc.returncode != 0 or errors:
        return None, f"export exit {proc.returncode}: {(errors or proc.stderr.splitlines() or [''])[-1]}"
    out = {}
    for rec in map(json.loads, filter(str.strip, proc.stdout.splitlines())):
        status = rec["meta"].get("status", "todo")
        notes = [sp.get("note", "") for sp in rec["spans"]]
        out[rec["id"]] = ("to do" if status == "todo" else status, len(rec["spans"]), notes)
    return out, ""


@dataclass
class Soak:
    """The state kept across rounds: one database, what the app showed of each article."""

    rng: random.Random
    home: Path
    tree: str | None
    socket: str
    figs: Figures = field(default_factory=Figures)
    seen: dict[str, ArticleSeen] = field(default_factory=dict)
    type_ahead: bool = False  # ctrl+s right after the note's text, before the box shows it
    trace: Callable[[str], None] = lambda _line: None  # every key and what the screen then showed

    def problem(self, rnd: int, text: str, kind: str = "") -> None:
        if kind:
            setattr(self.figs, kind, getattr(self.figs, kind) + 1)
        self.figs.problems.append(f"round {rnd}: {text}")

    def run_round(self, rnd: int) -> None:
        pane = start_app(self.socket, self.home, self.tree)
        try:
            self._round(rnd, pane)
        except RoundError as err:
            self.problem(rnd, str(err), "db_errors")
        finally:
            pane.close()

    def reopen(self, rnd: int) -> None:
        """Start the app once more and open an article: a lock left held would stop it."""
        pane = start_app(self.socket, self.home, self.tree)
        try:
            self._open(pane, rnd)
            kill_app(pane)
        except RoundError as err:
            self.problem(rnd, f"reopening after the last round: {err}", "db_errors")
        finally:
            pane.close()

    def _open(self, pane: Pane, rnd: int) -> tuple[str, ArticleSeen]:
        aid, screen = open_article(pane, self.rng.randrange(SEED_ARTICLES))
        art = self.seen.setdefault(aid, ArticleSeen())
        if status_of(screen) not in art.history:  # a reopen after a kill shows the disk
            self.problem(rnd, f"{aid} shows {status_of(screen)} on open, never acknowledged")
        return aid, art

    def _round(self, rnd: int, pane: Pane) -> None:
        figs, rng = self.figs, self.rng
        aid, art = self._open(pane, rnd)
        n_keys, kill_mode = rng.randint(1, 24), rng.choice(("settled", "no wait", "soon"))
        pending: tuple[str, str | None] | None = None  # (key, note token) sent and not yet seen
        note_open = False
        for sent in range(1, n_keys + 1):
            text = None
            if note_open:
                key, text = rng.choice((("C-s", f"soak{rnd}k{sent}"),) * 2 + (("Escape", None),))
                pane.send(f" soak{rnd}k{sent}", literal=True)
                if not self.type_ahead:  # as a user does: save once the text is shown in the box
                    settle(pane, until=lambda s, t=f"soak{rnd}k{sent}": t in "\n".join(s), limit=5)
            else:
                key = rng.choices(KEYS, weights=WEIGHTS)[0]
            pane.send(key, literal=len(key) == 1)
            figs.keys += 1
            pending = (key, text)
            if sent == n_keys and kill_mode != "settled":
                time.sleep(rng.uniform(0.0, 0.06) if kill_mode == "soon" else 0)
                break
            screen, pending = settle(pane), None
            joined = "\n".join(screen)
            self.trace(
                f"  {aid[:12]} {key!r}{' ' + text if text else ''} -> {screen[-2][:60].strip()!r} "
                f"{[ln.rsplit('▌', 1)[1].strip() for ln in screen[-9:] if '▌' in ln]}"
            )
            if exited(screen) or "open read-only" in joined:  # e.g. a lock the killed app left held
                raise RoundError("the app exited or is read-only: " + one_line(screen))
            note_was_open, note_open = note_open, NOTE_MODAL in joined
            if is_library(screen):  # Esc went back: open an article again
                aid, art = self._open(pane, rnd)
                continue
            shown = status_of(screen)
            if shown is None:
                if not note_open:
                    self.problem(rnd, f"no status line after {key!r}: {screen[-3:]}")
                continue
            self._shown(art, shown)
            if key in ("x", "u", "C-r") or (key == "C-s" and note_was_open and not note_open):
                art.notes.clear()  # a later change may have removed an acknowledged note
            if key == "C-s" and note_was_open and not note_open and "Note saved" in joined:
                figs.acknowledged += 1
                figs.notes += 1
                art.notes.add(text)
        if kill_mode == "settled":  # a slow app may still be drawing the last key: look once more
            time.sleep(0.3)
            shown = status_of(settle(pane))
            if shown is not None:
                self._shown(art, shown)
        kill_app(pane)
        figs.kills[kill_mode] += 1
        self.verify(rnd, aid, pending)

    def _shown(self, art: ArticleSeen, shown: tuple[str, int]) -> None:
        if shown != art.shown:
            self.figs.acknowledged += 1
            art.shown = shown
            art.history.add(shown)

    def verify(self, rnd: int, aid: str, pending: tuple[str, str | None] | None) -> None:
        """After the kill: the database opens, and holds what was shown (the key in flight either way)."""
        disk, error = read_disk(self.home, self.tree)
        if disk is None:
            return self.problem(rnd, error, "db_errors")
        key, token = pending if pending else (None, None)
        self.figs.in_flight += key in CHANGING
        landed = False
        for art_id, art in self.seen.items():
            status, count, notes = disk.get(art_id, ("to do", 0, []))
            got, flight = (status, count), art_id == aid and key in CHANGING
            ok = got == art.shown or (flight and in_flight_allows(key, art, got))
            landed |= flight and got != art.shown and ok
            missing = [t for t in art.notes if not any(t in n for n in notes)]
            if missing and art_id == aid and key in ("x", "u", "C-r", "C-s"):
                missing = []  # the key in flight may have removed them
            if not ok or missing:
                self.problem(
                    rnd,
                    f"{art_id} shown {art.shown} with notes {sorted(art.notes)}, on disk {got} notes {notes}; "
                    f"key in flight {key!r}",
                    "lost",
                )
                art.notes -= set(missing)
            art.shown = got
            art.history.add(got)
            if art_id == aid and key == "C-s" and token and any(token in n for n in notes):
                art.notes.add(token)
                landed = True
        self.figs.in_flight_landed += landed


def in_flight_allows(key: str, art: ArticleSeen, got: tuple[str, int]) -> bool:
    """Could the one key sent but not seen have turned what was shown into ``got``?"""
    status, count = art.shown
    if key in "12345":
        return got[1] == count + 1 and got[0] in (status, "in progress")
    if key == "x":
        return got[1] == count - 1 and got[0] in (status, "to do")
    if key in ("d", "!"):
        return got[1] == count
    if key in ("u", "C-r"):
        return got in art.history
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog="see the module docstring for what is checked"
    )
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tree", help="run ND_TREE=TREE /work/bin/nd instead of the installed newsdesk")
    parser.add_argument("--socket", default="soakapp", help="tmux socket name (-L), default soakapp")
    parser.add_argument("--keep", action="store_true", help="keep the temporary HOME and print its path")
    parser.add_argument(
        "--type-ahead",
        action="store_true",
        help="press ctrl+s in the note box right after typing, without waiting to see the text (a fast typist)",
    )
    parser.add_argument("--trace", action="store_true", help="print every key and the status line and notices after it")
    args = parser.parse_args(argv)
    tree = args.tree or os.environ.get("ND_TREE")
    if subprocess.run(["tmux", "-L", args.socket, "list-sessions"], capture_output=True).returncode == 0:
        print(f"soak_app: a tmux server is already running on socket {args.socket!r}; use --socket", file=sys.stderr)
        return 2
    figs = run_soak(
        args.rounds,
        args.seed,
        tree,
        args.socket,
        keep=args.keep,
        log=print,
        trace=args.trace,
        type_ahead=args.type_ahead,
    )
    print(summary(figs))
    for problem in figs.problems:
        print("  " + problem)
    return 0 if figs.lost == 0 and figs.db_errors == 0 else 1


def run_soak(
    rounds: int,
    seed: int,
    tree: str | None,
    socket: str = "soakapp",
    keep: bool = False,
    log=print,
    trace=False,
    type_ahead: bool = False,
) -> Figures:
    """``rounds`` rounds on one database in a temporary HOME; returns the figures."""
    home = Path(tempfile.mkdtemp(prefix="soak-app-"))
    (home / "config").mkdir()
    (home / "config" / "config.yaml").write_text("resume: false\nannotator: soak\n")
    soak = Soak(random.Random(seed), home, tree, socket, type_ahead=type_ahead, **({"trace": log} if trace else {}))
    figs, started = soak.figs, time.monotonic()
    command = f"ND_TREE={tree} /work/bin/nd" if tree else newsdesk(None)[0]
    log(f"soak_app: {rounds} rounds, seed {seed}, {command}, home {home}")
    try:
        for rnd in range(1, rounds + 1):
            before = (figs.keys, figs.acknowledged, figs.lost, figs.db_errors)
            soak.run_round(rnd)
            figs.rounds += 1
            log(
                f"round {rnd}/{rounds}: {figs.keys - before[0]} keys, {figs.acknowledged - before[1]} acknowledged, "
                f"lost {figs.lost - before[2]}, db errors {figs.db_errors - before[3]}",
                flush=True,
            )
        soak.reopen(rounds + 1)  # the last killed writer's lock is free too
    finally:
        if not keep:
            shutil.rmtree(home, ignore_errors=True)
    figs.seconds = time.monotonic() - started
    return figs


def summary(figs: Figures) -> str:
    kills = ", ".join(f"{n} {mode}" for mode, n in figs.kills.items())
    return (
        f"soak_app: {figs.rounds} rounds, {figs.keys} keys, {figs.acknowledged} acknowledged changes "
        f"({figs.notes} notes), "
        f"{figs.in_flight} kills with a change key in flight ({figs.in_flight_landed} landed), kills: {kills}; "
        f"lost {figs.lost}, database errors {figs.db_errors}, other problems "
        f"{len(figs.problems) - figs.lost - figs.db_errors} ({figs.seconds:.0f} s)"
    )


if __name__ == "__main__":
    sys.exit(main())
