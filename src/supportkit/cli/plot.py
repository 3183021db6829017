"""``supportkit report --plot FILE.png``: attainment per week and breaches per priority.

matplotlib is optional (``pip install 'supportkit[plot]'``); without it the command says
which extra to install and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from supportkit.app.report import SlaReport
from supportkit.errors import SupportkitError

__all__ = ["PLOT_EXTRA", "PlotUnavailable", "plot_report"]

PLOT_EXTRA = "pip install 'supportkit[plot]'"


class PlotUnavailable(SupportkitError):
    """matplotlib is not installed."""


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: never a window, works without a display
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise PlotUnavailable(
            f"--plot needs matplotlib, which is not installed: {PLOT_EXTRA} (the [plot] "
            "extra); nothing was written"
        ) from exc
    return plt


def plot_report(
    by_week: SlaReport, by_priority: SlaReport, path: Path, levels: Sequence[str] = ()
) -> None:
    """Two panels in one PNG: attainment % per calendar week (first response and
    resolution) and breached counts per priority (in the order of ``levels``, e.g. the
    scheme's keys most urgent first; others after them, sorted)."""
    plt = _pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    weeks = sorted({row.group for row in by_week.rows})
    for measure, marker in (("first_response", "o"), ("resolution", "s")):
        points = {r.group: r.attainment for r in by_week.rows
                  if r.measure == measure and r.attainment is not None}
        xs = [w for w in weeks if w in points]
        left.plot(xs, [points[w] for w in xs], marker=marker,
                  label=measure.replace("_", " "))
    left.set_title("SLA attainment per week")
    left.set_ylabel("met, % of met + breached")
    left.set_ylim(0, 105)
    left.tick_params(axis="x", labelrotation=45)
    left.legend()
    present = {row.group for row in by_priority.rows}
    levels = [lv for lv in levels if lv in present] + sorted(present - set(levels))
    width = 0.4
    for offset, measure in ((-width / 2, "first_response"), (width / 2, "resolution")):
        counts = {r.group: r.breached for r in by_priority.rows if r.measure == measure}
        right.bar([i + offset for i in range(len(levels))],
                  [counts.get(level, 0) for level in levels], width,
                  label=measure.replace("_", " "))
    right.set_xticks(range(len(levels)), levels)
    right.set_title("Breaches per priority")
    right.set_xlabel("priority")
    right.set_ylabel("tickets")
    right.set_ylim(bottom=0)
    right.yaxis.get_major_locator().set_params(integer=True)
    right.legend()
    figure.suptitle(f"{by_week.start:%Y-%m-%d} to {by_week.end:%Y-%m-%d} "
                    f"({by_week.tickets} tickets)")
    figure.savefig(path, dpi=100)
    plt.close(figure)
