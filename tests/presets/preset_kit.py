"""Shared instants for the preset tests (each test module builds its own desk)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

#: Monday 2 March 2026, 09:00 UTC.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
