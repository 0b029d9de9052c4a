"""One row per figure: measured value, same-run baseline, ratio, target, pass/fail.

Why a shared record: the runner prints every benchmark in one table, and each bench
script can still print its own rows alone. Targets are either a limit on the measured
value (``<= 50 ms``) or on the ratio to the baseline (``ratio <= 1.3``); the verdict
uses whichever the issue states, the other column is context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    measured: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline:
            return None
        return self.measured / self.baseline


def at_most(
    name: str,
    measured: float,
    unit: str,
    limit: float | None,
    *,
    baseline: float | None = None,
    baseline_name: str = "",
    note: str = "",
) -> Figure:
    """A figure whose target is an absolute upper limit on the measured value."""
    target = f"<= {fmt(limit, unit)}" if limit is not None else ""
    ok = None if limit is None else measured <= limit
    return Figure(name, measured, unit, baseline, baseline_name, target, ok, note)


def ratio_at_most(
    name: str, measured: float, unit: str, baseline: float, limit: float, *, baseline_name: str = "", note: str = ""
) -> Figure:
    """A figure whose target is an upper limit on measured / baseline."""
    ok = baseline > 0 and measured / baseline <= limit
    return Figure(name, measured, unit, baseline, baseline_name, f"ratio <= {limit:g}", ok, note)


def ratio_at_least(
    name: str, measured: float, unit: str, baseline: float, limit: float, *, baseline_name: str = "", note: str = ""
) -> Figure:
    """Higher is better (throughput): measured / baseline must reach ``limit``."""
    ok = baseline > 0 and measured / baseline >= limit
    return Figure(name, measured, unit, baseline, baseline_name, f"ratio >= {limit:g}", ok, note)


def skipped(name: str, why: str) -> Figure:
    return Figure(name, float("nan"), "", note=f"skipped: {why}")


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if value != value:  # NaN
        return "-"
    if unit == "ms":
        text = f"{value:.1f}" if value < 100 else f"{value:,.0f}"
    elif unit == "s":
        text = f"{value:.2f}"
    elif unit == "MB":
        text = f"{value:,.0f}"
    elif unit == "M chars/s":
        text = f"{value:.2f}"
    else:
        text = f"{value:g}"
    return f"{text} {unit}".strip()


def verdict(figure: Figure) -> str:
    return {True: "pass", False: "FAIL", None: ""}[figure.ok]


def rows(figures: Sequence[Figure]) -> list[list[str]]:
    out = []
    for f in figures:
        ratio = f.ratio
        base = fmt(f.baseline, f.unit) if f.baseline is not None else ""
        if base and f.baseline_name:
            base += f" ({f.baseline_name})"
        out.append(
            [
                f.name,
                fmt(f.measured, f.unit),
                base,
                f"{ratio:.2f}x" if ratio is not None else "",
                f.target,
                verdict(f),
                f.note,
            ]
        )
    return out


HEADER = ["figure", "measured", "baseline (same run)", "ratio", "target", "pass", "note"]


def render_text(figures: Sequence[Figure]) -> str:
    table = [HEADER, *rows(figures)]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADER))]
    lines = []
    for n, r in enumerate(table):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_markdown(figures: Sequence[Figure]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows(figures)]
    return "\n".join(lines)
