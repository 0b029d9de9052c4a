"""Kill -9 soak: random edits through AnnotationStore, SIGKILL at random moments, verify.

A child process opens the store and makes random tag/edit/delete/undo/redo/status
operations (and close/reopen, so kills also land mid-compaction), printing an
``intent`` line before each call and an ``ack`` line once the call has returned
(the change is durable). The parent kills it with SIGKILL after a random number
of acks, reopens the database with the same code the app
uses, and checks it holds exactly what the acks say: an independent model replays
the acknowledged operations; the one operation in flight may have landed or not
(it was durable but unacknowledged, or not durable), and either outcome is accepted.

    python bench/soak_kill.py --rounds 100          # the soak
    python bench/soak_kill.py --child DB SEED       # (internal) the child

``run_soak(db, rounds)`` is importable; the test suite runs a few rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.store.database import AnnotationStore
from annotations.store.state import HISTORY_LIMIT
from reader.core.article import Article

LABELS = ("demand", "concession", "casualty figure")
TEXTS = (
    "Protesters demand the release of 12 detainees. The ministry refused.\nTalks resume Monday.",
    "Rebels agreed to withdraw from the town; at least 40 people were killed in the fighting.",
    "Die Regierung 承认 the ceasefire 🤝🏽 — مرحبا, and é (combining) marks stay put.",
)
ARTICLES = tuple(Article(id=f"art-{i}", title=f"Article {i}", text=t) for i, t in enumerate(TEXTS))
STATUSES = ("todo", "done", "flagged")


# -- the child ------------------------------------------------------------------------
def _emit(kind: str, payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps({kind: payload}) + "\n")
    sys.stdout.flush()


def child_main(db: str, seed: int, mode: str = "mixed") -> None:
    rng = random.Random(seed)
    store = AnnotationStore.open(db, annotator="soak")
    _emit("ready", {"pid": os.getpid()})
    while True:
        art = rng.choice(ARTICLES)
        n = len(art.text)
        op = (
            "add"
            if mode == "add"
            else rng.choices(
                ("add", "add_spans", "update", "delete", "undo", "redo", "status", "read", "reopen"),
                weights=(6, 2, 3, 2, 3, 2, 1, 1, 1),
            )[0]
        )
        spans = store.spans(art.id)
        if op in ("update", "delete") and not spans:
            op = "add"
        intent: dict[str, Any] = {"op": op, "article": art.id}
        if op == "add":
            s = rng.randrange(n)
            intent.update(start=s, end=rng.randint(s + 1, min(n, s + 30)), label=rng.choice(LABELS))
        elif op == "add_spans":
            items = []
            for _ in range(rng.randint(1, 3)):
                s = rng.randrange(n)
                items.append((s, rng.randint(s + 1, min(n, s + 20)), rng.choice(LABELS)))
            intent["items"] = items
        elif op in ("update", "delete"):
            intent["id"] = rng.choice(spans).id
            if op == "update":
                which = rng.choice(("label", "note", "bounds", "flagged"))
                if which == "label":
                    intent["changes"] = {"label": rng.choice(LABELS)}
                elif which == "note":
                    intent["changes"] = {"note": rng.choice(("", "check", "source?", "ünïcödé 🙂"))}
                elif which == "flagged":
                    intent["changes"] = {"flagged": rng.random() < 0.5}
                else:
                    s = rng.randrange(n)
                    intent["changes"] = {"start": s, "end": rng.randint(s + 1, min(n, s + 30))}
        elif op == "status":
            intent["status"] = rng.choice(STATUSES)
        elif op == "read":
            intent["read"] = rng.random() < 0.5
        _emit("intent", intent)
        ack = dict(intent)
        if op == "add":
            ack["ids"] = [store.add_span(art, intent["start"], intent["end"], intent["label"]).id]
        elif op == "add_spans":
            ack["ids"] = [sp.id for sp in store.add_spans(art, [tuple(i) for i in intent["items"]])]
        elif op == "update":
            store.update_span(intent["id"], **intent["changes"])
        elif op == "delete":
            store.delete_span(intent["id"])
        elif op == "undo":
            store.undo(art.id)
        elif op == "redo":
            store.redo(art.id)
        elif op == "status":
            store.set_status(art.id, intent["status"])
        elif op == "read":
            store.set_read(art.id, intent["read"])
        elif op == "reopen":  # compact and close: lets kills land mid-compaction too
            store.compact()
            store.close()
            store = AnnotationStore.open(db, annotator="soak")
        _emit("ack", ack)


# -- the independent model --------------------------------------------------------------
SpanKey = tuple[int, int, str, str, bool]  # start, end, label, note, flagged


@dataclass
class ArticleModel:
    spans: dict[str, SpanKey] = field(default_factory=dict)
    status: str = "todo"
    undo: list[tuple[dict[str, SpanKey], str]] = field(default_factory=list)
    redo: list[tuple[dict[str, SpanKey], str]] = field(default_factory=list)

    def _push(self) -> None:
        self.undo.append((dict(self.spans), self.status))
        if len(self.undo) > HISTORY_LIMIT:
            del self.undo[0]
        self.redo.clear()


@dataclass
class Model:
    arts: dict[str, ArticleModel] = field(default_factory=dict)
    read: dict[str, bool] = field(default_factory=dict)

    def art(self, aid: str) -> ArticleModel:
        return self.arts.setdefault(aid, ArticleModel())

    def owner(self, sid: str) -> ArticleModel:
        for a in self.arts.values():
            if sid in a.spans:
                return a
        raise AssertionError(f"the store acknowledged a change to span {sid}, which the model does not hold")

    def apply(self, ack: dict[str, Any]) -> None:
        op, a = ack["op"], self.art(ack["article"])
        if op == "add":
            a._push()
            a.spans[ack["ids"][0]] = (ack["start"], ack["end"], ack["label"], "", False)
        elif op == "add_spans":
            a._push()
            for sid, (s, e, lab) in zip(ack["ids"], ack["items"], strict=True):
                a.spans[sid] = (s, e, lab, "", False)
        elif op == "update":
            a = self.owner(ack["id"])
            s, e, lab, note, flagged = old = a.spans[ack["id"]]
            c = ack["changes"]
            new = (
                c.get("start", s),
                c.get("end", e),
                c.get("label", lab),
                c.get("note", note),
                c.get("flagged", flagged),
            )
            if new != old:
                a._push()
                a.spans[ack["id"]] = new
        elif op == "delete":
            a = self.owner(ack["id"])
            a._push()
            del a.spans[ack["id"]]
        elif op == "undo" and a.undo:
            a.redo.append((dict(a.spans), a.status))
            a.spans, a.status = a.undo.pop()
        elif op == "redo" and a.redo:
            a.undo.append((dict(a.spans), a.status))
            a.spans, a.status = a.redo.pop()
        elif op == "status" and ack["status"] != a.status:
            a._push()
            a.status = ack["status"]
        elif op == "read":
            self.read[ack["article"]] = ack["read"]

    def copy(self) -> Model:
        return Model(
            {k: ArticleModel(dict(v.spans), v.status, list(v.undo), list(v.redo)) for k, v in self.arts.items()},
            dict(self.read),
        )


def observe(store: AnnotationStore) -> dict[str, Any]:
    """What the database holds, in the model's terms (ids kept)."""
    out: dict[str, Any] = {"spans": {}, "status": {}, "read": {}}
    for art in ARTICLES:
        spans = store.spans(art.id)
        for sp in spans:
            stored = store.article(art.id)
            if stored is None or stored.text[sp.start : sp.end] != sp.quote:
                raise AssertionError(f"span {sp.id} quote does not match the stored text")
        out["spans"][art.id] = {sp.id: (sp.start, sp.end, sp.label, sp.note, sp.flagged) for sp in spans}
        st = store.state(art.id)
        out["status"][art.id] = "todo" if st.status == "in progress" else st.status
        out["read"][art.id] = st.read
    return out


def expect(model: Model) -> dict[str, Any]:
    return {
        "spans": {a.id: dict(model.art(a.id).spans) for a in ARTICLES},
        "status": {a.id: model.art(a.id).status for a in ARTICLES},
        "read": {a.id: model.read.get(a.id, False) for a in ARTICLES},
    }


def _with_pending(model: Model, pending: dict[str, Any], seen: dict[str, Any]) -> Model:
    """The model if the in-flight operation landed; new span ids are taken from the database."""
    landed = model.copy()
    ack = dict(pending)
    if ack["op"] in ("add", "add_spans"):
        aid = ack["article"]
        new_ids = [sid for sid in seen["spans"][aid] if sid not in model.art(aid).spans]
        items = [(ack["start"], ack["end"], ack["label"])] if ack["op"] == "add" else ack["items"]
        if len(new_ids) != len(items):
            raise AssertionError(f"in-flight {ack['op']} left {len(new_ids)} new spans, expected {len(items)}")
        by_pos = {sid: seen["spans"][aid][sid][:3] for sid in new_ids}
        ordered = []
        for item in items:  # match ids to items by content
            sid = next(s for s, v in by_pos.items() if v == tuple(item) and s not in ordered)
            ordered.append(sid)
        ack["ids"] = ordered
    landed.apply(ack)
    return landed


# -- the parent -----------------------------------------------------------------------
def run_round(
    db: Path, model: Model, seed: int, rng: random.Random, mode: str = "mixed", max_acks: int = 40
) -> tuple[Model, int]:
    """One child life: start, let it ack a random number of changes, SIGKILL, verify."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(db), str(seed), "--mode", mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    target = rng.randint(1, max_acks)
    acks: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None
    lines: list[bytes] = []
    try:
        while len(acks) < target:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            msg = json.loads(line)
            if "ack" in msg:
                acks.append(msg["ack"])
                pending = None
            elif "intent" in msg:
                pending = msg["intent"]
    finally:
        proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()  # acks already in the pipe were acknowledged too
    err = proc.stderr.read() if proc.stderr else b""
    proc.wait()
    for line in rest.split(b"\n"):
        if not line.endswith(b"}"):
            continue  # torn print
        msg = json.loads(line)
        if "ack" in msg:
            acks.append(msg["ack"])
            pending = None
        elif "intent" in msg:
            pending = msg["intent"]
    if not acks and pending is None and b"Traceback" in err:
        raise AssertionError(f"child failed:\n{err.decode(errors='replace')}")
    for ack in acks:
        model.apply(ack)
    with AnnotationStore.open(db, annotator="verify") as store:
        seen = observe(store)
    if seen == expect(model):
        return model, len(acks)
    if pending is not None:
        landed = _with_pending(model, pending, seen)
        if seen == expect(landed):
            return landed, len(acks)
    raise AssertionError(
        f"round with seed {seed}: database differs from the {len(acks)} acknowledged changes\n"
        f"expected {expect(model)}\nfound    {seen}\npending  {pending}"
    )


def run_soak(
    db: Path, rounds: int, seed: int = 0, mode: str = "mixed", max_acks: int = 40, report: bool = False
) -> int:
    """Run ``rounds`` kill/verify rounds on ``db``; returns how many changes were acknowledged."""
    rng = random.Random(seed)
    model = Model()
    total = 0
    for i in range(rounds):
        model, n = run_round(db, model, rng.randrange(2**31), rng, mode, max_acks)
        total += n
        if report:
            spans = sum(len(a.spans) for a in model.arts.values())
            print(f"round {i + 1}/{rounds}: {n} acknowledged, {spans} spans now: ok", flush=True)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--db", help="database directory (default: a temporary one)")
    parser.add_argument("--child", nargs=2, metavar=("DB", "SEED"), help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="mixed", choices=("mixed", "add"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child[0], int(args.child[1]), args.mode)
        return 0
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "annotations.db"
        print(f"soak: {args.rounds} rounds, seed {args.seed}, database {db}")
        start = time.perf_counter()
        total = run_soak(db, args.rounds, args.seed, report=True)
        print(
            f"soak: {args.rounds} rounds passed, {total} acknowledged changes verified "
            f"in {time.perf_counter() - start:.1f}s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
