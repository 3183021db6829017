"""Hooks for the ticket domain and durations."""

from __future__ import annotations

from datetime import timedelta

import cattrs

from supportkit.durations import format_duration, parse_duration
from supportkit.tickets.workflow import Workflow


def register(conv: cattrs.Converter) -> None:
    """Durations as ``"1h30m"`` text; workflows as their list of transitions."""
    conv.register_unstructure_hook(timedelta, format_duration)
    conv.register_structure_hook(timedelta, lambda v, _: parse_duration(v))
    conv.register_unstructure_hook(
        Workflow, lambda w: {"transitions": [conv.unstructure(t) for t in w.transitions]}
    )
