"""Asset coverage (OpenSVC): a node tagged with a premium level's tag (``PREMIUM_SUPPORT``)
is covered at that level, and so is every service running on it.

Design: assets are plain names. A service runs on one node at a time
(``Helpdesk.place_service(service, node)``); a contract covers a node or a service by
listing it in ``Contract.assets``. Tagging and untagging are events with their instant and
actor, kept forever: billing reads :func:`tag_periods` off the history, and a decision at
an instant uses the tag that held then (:func:`tag_at`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from supportkit._time import require_aware

__all__ = ["TagEvent", "TagPeriod", "tag_at", "tag_periods"]


@attrs.frozen(kw_only=True)
class TagEvent:
    """``level`` was put on (``tagged=True``) or taken off ``asset`` at ``at`` by ``actor``."""

    asset: str
    level: str
    tagged: bool
    at: datetime = attrs.field(validator=lambda _, __, v: require_aware(v, "TagEvent.at"))
    actor: str


@attrs.frozen(kw_only=True)
class TagPeriod:
    """``asset`` carried ``level`` from ``since`` until ``until`` (``None``: still does)."""

    asset: str
    level: str
    since: datetime
    until: datetime | None


def tag_periods(history: Iterable[TagEvent]) -> tuple[TagPeriod, ...]:
    """The periods each level was on the asset, in order (for billing)."""
    periods: list[TagPeriod] = []
    open_: dict[str, TagEvent] = {}
    for event in sorted(history, key=lambda e: e.at):
        if event.tagged:
            open_.setdefault(event.level, event)
        elif event.level in open_:
            start = open_.pop(event.level)
            periods.append(TagPeriod(asset=start.asset, level=start.level,
                                     since=start.at, until=event.at))
    periods.extend(TagPeriod(asset=e.asset, level=e.level, since=e.at, until=None)
                   for e in open_.values())
    return tuple(sorted(periods, key=lambda p: p.since))


def tag_at(history: Iterable[TagEvent], at: datetime) -> str | None:
    """The level tagged on the asset at instant ``at`` (the latest tag if several)."""
    at = require_aware(at, "at")
    current: list[str] = []
    for event in sorted(history, key=lambda e: e.at):
        if event.at > at:
            break
        if event.tagged and event.level not in current:
            current.append(event.level)
        elif not event.tagged and event.level in current:
            current.remove(event.level)
    return current[-1] if current else None
