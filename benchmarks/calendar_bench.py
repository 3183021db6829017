"""Business-time arithmetic: supportkit against its peers on the InterWorx calendar.

InterWorx hours: Mon-Fri 08:00-16:00 America/New_York, closed on New Year's Day, Memorial
Day, Independence Day, Labor Day, Thanksgiving and Christmas (the dates themselves). Every
peer gets the same hours and the same explicit holiday dates. For spans of 1 hour, 1 week,
1 year and 10 years of *real* time, ``elapsed(a, a + span)`` is timed, and ``add(a, d)`` with
``d`` the business time of that span (so both land at the same distance). Peers are optional:
``pip install businesstimedelta pandas workclock`` (workalendar counts working days only, so
it cannot take part). Results are compared with supportkit's; disagreements are printed.

Run: ``make bench`` (or ``.venv/bin/python benchmarks/calendar_bench.py``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

from supportkit import BusinessCalendar, HolidaySet, WeeklySchedule

NY = ZoneInfo("America/New_York")
SIX = {
    "New Year's Day",
    "Memorial Day",
    "Independence Day",
    "Labor Day",
    "Thanksgiving Day",
    "Christmas Day",
}
SPANS = [
    ("1 hour", timedelta(hours=1)),
    ("1 week", timedelta(weeks=1)),
    ("1 year", timedelta(days=365)),
    ("10 years", timedelta(days=3650)),
]
BUDGET_S = 0.3  # timing budget per (implementation, operation, span)
CHECKS = 12  # start instants whose results are compared

Op = Callable[[datetime, Any], Any]


def interworx() -> BusinessCalendar:
    holidays = HolidaySet.country("US", names=SIX, observed=False)
    hours = WeeklySchedule.parse("Mon-Fri 08:00-16:00")
    return BusinessCalendar(hours, "America/New_York", holidays)


def starts(count: int) -> list[datetime]:
    rng = random.Random(42)
    found: list[datetime] = []
    cal = interworx()
    while len(found) < count:
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
        moment = datetime(day.year, day.month, day.day, rng.randrange(8, 16), tzinfo=NY)
        if cal.is_open(moment):
            found.append(moment)
    return found


def shift(t: datetime, by: timedelta) -> datetime:
    return (t.astimezone(UTC) + by).astimezone(t.tzinfo)


def rate(op: Op, pairs: list[tuple[datetime, Any]]) -> float:
    """Calls per second of ``op`` cycling over ``pairs`` for about BUDGET_S seconds."""
    calls = 0
    begin = time.perf_counter()
    deadline = begin + BUDGET_S
    while True:
        for a, b in pairs:
            op(a, b)
        calls += len(pairs)
        now = time.perf_counter()
        if now >= deadline:
            return calls / (now - begin)


class Peer:
    """An implementation: ``add(t, d)`` and ``elapsed(a, b)`` (None when it can't)."""

    name = ""
    add: Op | None = None
    elapsed: Op | None = None


class Supportkit(Peer):
    name = "supportkit"

    def __init__(self, dates: list[date]) -> None:
        cal = interworx()
        self.add = cal.add
        self.elapsed = cal.elapsed


class Workclock(Peer):
    name = "workclock"

    def __init__(self, dates: list[date]) -> None:
        from workclock import Holidays, Schedule, WorkDay

        schedule = Schedule(
            [WorkDay(clock(8), clock(16)), Holidays(dates)], time_zone="America/New_York"
        )
        self.add = schedule.add
        self.elapsed = schedule.between


class BusinessTimeDelta(Peer):
    name = "businesstimedelta"

    def __init__(self, dates: list[date]) -> None:
        import businesstimedelta as btd
        import pytz

        zone = pytz.timezone("America/New_York")
        rules = btd.Rules(
            [
                btd.WorkDayRule(clock(8), clock(16), working_days=[0, 1, 2, 3, 4], tz=zone),
                btd.HolidayRule(dates, tz=zone),
            ]
        )
        self.add = lambda t, d: t + btd.BusinessTimeDelta(rules, timedelta=d)
        self.elapsed = lambda a, b: rules.difference(a, b).timedelta


class Pandas(Peer):
    name = "pandas CBH"

    def __init__(self, dates: list[date]) -> None:
        import pandas as pd

        self.pd = pd
        self.hour = pd.offsets.CustomBusinessHour(start="08:00", end="16:00", holidays=dates)

        def add(t: datetime, d: timedelta) -> datetime:
            # Naive local wall-clock times: pandas business hours know no zones.
            naive = pd.Timestamp(t.astimezone(NY).replace(tzinfo=None))
            result = naive + self.hour * int(d / timedelta(hours=1))
            return result.to_pydatetime().replace(tzinfo=NY)

        self.add = add  # elapsed: pandas has no business-hours difference


def load_peers(dates: list[date]) -> list[Peer]:
    peers: list[Peer] = [Supportkit(dates)]
    for kind in (Workclock, BusinessTimeDelta, Pandas):
        try:
            peers.append(kind(dates))
        except ImportError as exc:
            print(f"note: {kind.name} skipped ({exc.name} not installed)")
    print("note: workalendar skipped: it counts working days only, not business hours")
    return peers


def same(x: Any, y: Any) -> bool:
    if isinstance(x, datetime) and isinstance(y, datetime):
        return x.astimezone(UTC) == y.astimezone(UTC)
    return bool(x == y)


def main() -> None:
    cal = interworx()
    dates = cal.holidays.between_years(2025, 2040)
    peers = load_peers(dates)
    ours = peers[0]
    assert ours.add is not None and ours.elapsed is not None
    points = starts(200)
    rows: list[tuple[str, str, dict[str, float | None]]] = []
    problems: list[str] = []
    for label, span in SPANS:
        ends = [shift(a, span) for a in points]
        el_pairs = list(zip(points, ends, strict=True))
        add_pairs = [(a, ours.elapsed(a, b)) for a, b in el_pairs]
        for op_name, pairs in (("add", add_pairs), ("elapsed", el_pairs)):
            rates: dict[str, float | None] = {}
            for peer in peers:
                op = peer.add if op_name == "add" else peer.elapsed
                if op is None:
                    rates[peer.name] = None
                    continue
                mine = ours.add if op_name == "add" else ours.elapsed
                assert mine is not None
                wrong = [
                    (a, b, op(a, b), mine(a, b))
                    for a, b in pairs[:CHECKS]
                    if not same(op(a, b), mine(a, b))
                ]
                if wrong:
                    a, b, theirs, expected = wrong[0]
                    # A peer that rolls an exactly-used-up duration over to the next opening
                    # differs by convention only (supportkit returns the closing instant).
                    rolled = all(
                        op_name == "add" and same(got, cal.next_open(want))
                        for _, _, got, want in wrong
                    )
                    why = " (convention: rolls a closing instant over to the next opening)"
                    problems.append(
                        f"{peer.name} {op_name} {label}: {len(wrong)}/{CHECKS} disagree, e.g. "
                        f"({a.isoformat()}, {b}) -> {theirs} instead of {expected}"
                        + (why if rolled else "")
                    )
                few = pairs if peer is ours or span < timedelta(days=30) else pairs[:3]
                rates[peer.name] = rate(op, few)
            rows.append((op_name, label, rates))
    names = [peer.name for peer in peers]
    header = f"{'op':8} {'span':9} " + " ".join(f"{name:>22}" for name in names)
    print(header)
    print("-" * len(header))
    for op_name, label, rates in rows:
        base = rates[ours.name]
        assert base is not None
        cells = [f"{base:>15,.0f} call/s"]
        for name in names[1:]:
            value = rates[name]
            cells.append(
                f"{'n/a':>22}" if value is None else f"{value:>12,.0f} ({base / value:>5.1f}x)"
            )
        print(f"{op_name:8} {label:9} " + " ".join(f"{cell:>22}" for cell in cells))
    print("(xN) = how many times faster supportkit is than that peer")
    dst_checks(peers)
    print("\ndisagreements with supportkit:" if problems else "\nall peers agree with supportkit")
    for line in problems:
        print("  " + line)


def dst_checks(peers: list[Peer]) -> None:
    """Cases where peers differ by design: 24x7 across DST, an overnight shift."""
    print("\nDST and overnight checks (expected: 23h, 25h, 8h):")
    spring = (datetime(2026, 3, 8, tzinfo=NY), datetime(2026, 3, 9, tzinfo=NY))
    autumn = (datetime(2026, 11, 1, tzinfo=NY), datetime(2026, 11, 2, tzinfo=NY))
    night = (datetime(2026, 11, 23, 22, tzinfo=NY), datetime(2026, 11, 24, 6, tzinfo=NY))
    for peer in peers:
        try:
            if peer.name == "supportkit":
                always = BusinessCalendar(WeeklySchedule.always(), "America/New_York")
                shift_cal = BusinessCalendar(
                    WeeklySchedule.parse("Mon-Fri 22:00-06:00"), "America/New_York"
                )
                got = [always.elapsed(*spring), always.elapsed(*autumn), shift_cal.elapsed(*night)]
            elif peer.name == "workclock":
                from workclock import Schedule, WorkDay

                zone_key = "America/New_York"
                always_wc = Schedule([WorkDay(clock(0), clock(0), range(7))], time_zone=zone_key)
                night_wc = Schedule([WorkDay(clock(22), clock(6))], time_zone=zone_key)
                got = [
                    always_wc.between(*spring),
                    always_wc.between(*autumn),
                    night_wc.between(*night),
                ]
            elif peer.name == "businesstimedelta":
                import businesstimedelta as btd
                import pytz

                zone = pytz.timezone("America/New_York")
                day = btd.WorkDayRule(clock(0), clock(23, 59, 59, 999999), range(7), tz=zone)
                nights = btd.WorkDayRule(clock(22), clock(6), range(5), tz=zone)
                got = [
                    day.difference(*spring).timedelta,
                    day.difference(*autumn).timedelta,
                    nights.difference(*night).timedelta,
                ]
            else:
                print(f"  {peer.name:18} zone-less (naive wall clock): cannot express DST")
                continue
            print(f"  {peer.name:18} " + ", ".join(str(value) for value in got))
        except Exception as exc:  # a peer that cannot express the case
            print(f"  {peer.name:18} cannot express it: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
