"""HolidaySet: whole local days on which a calendar is closed.

A set is the union of its sources (country holidays from the ``holidays`` package, explicit
dates, dateutil recurrence rules) minus its *open days*: dates that stay open even though a
source closes them (e.g. a desk that works on Veterans Day). Open days only cancel
holidays; they never open hours that the weekly schedule keeps closed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import attrs
import holidays as holidays_pkg
from dateutil.rrule import rrule, rruleset, rrulestr

from supportkit.errors import InvalidInput
from supportkit.inputs import (
    describe,
    require_bool,
    require_name,
    require_optional_name,
    require_optional_name_set,
)

__all__ = ["CountryHolidays", "HolidaySet"]


def _names(value: Iterable[str] | None) -> frozenset[str] | None:
    return require_optional_name_set(value, "holiday names", example="['Christmas Day']")


def _categories(value: Iterable[str] | None) -> frozenset[str] | None:
    return require_optional_name_set(value, "holiday categories", example="['public']")


def _code(value: object) -> str:
    return require_name(value, "CountryHolidays.code (an ISO 3166 code such as 'US')",
                        max_chars=10)


def _subdiv(value: object) -> str | None:
    return require_optional_name(value, "CountryHolidays.subdiv", max_chars=20)


def _bool_field(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    require_bool(value, f"{type(instance).__name__}.{attribute.name}")


def _holiday_dict(
    code: str, subdiv: str | None, years: Iterable[int], observed: bool,
    categories: frozenset[str] | None,
) -> dict[date, str]:
    try:
        result: dict[date, str] = holidays_pkg.country_holidays(
            code,
            subdiv=subdiv,
            years=list(years),
            observed=observed,
            categories=tuple(sorted(categories)) if categories is not None else None,
        )
    except (NotImplementedError, ValueError, KeyError) as exc:
        raise InvalidInput(
            f"holidays for country {code!r} (subdiv {subdiv!r}, categories "
            f"{sorted(categories) if categories else None}) refused: {exc}; use an ISO 3166 code, "
            "subdivision and category that the holidays package supports"
        ) from exc
    return result


@functools.lru_cache(maxsize=64)
def _known_names(
    code: str, subdiv: str | None, categories: frozenset[str] | None
) -> frozenset[str]:
    table = _holiday_dict(code, subdiv, range(2000, 2101), False, categories)
    return frozenset(part for name in table.values() for part in name.split("; "))


@functools.lru_cache(maxsize=64)
def _observed_labels(code: str) -> tuple[str, ...]:
    entity = holidays_pkg.country_holidays(code, years=[])
    labels = []
    for attr in ("observed_label", "observed_estimated_label"):
        label = getattr(entity, attr, None)
        if isinstance(label, str) and "%s" in label:
            labels.append(label)
    return tuple(labels)


@attrs.frozen
class CountryHolidays:
    """Public holidays of a country (and subdivision) as the ``holidays`` package has them.

    ``names`` and ``categories`` are lists of texts or ``None`` (all); a lone text is
    refused (``names=['Christmas Day']``, not ``names='Christmas Day'``), like every
    set-of-texts argument of supportkit.
    """

    code: str = attrs.field(converter=_code)
    subdiv: str | None = attrs.field(default=None, converter=_subdiv)
    names: frozenset[str] | None = attrs.field(default=None, converter=_names)
    observed: bool = attrs.field(default=True, validator=_bool_field)
    categories: frozenset[str] | None = attrs.field(default=None, converter=_categories)

    def __attrs_post_init__(self) -> None:
        known = _known_names(self.code, self.subdiv, self.categories)
        if self.names is not None:
            unknown = sorted(self.names - known)
            if unknown:
                raise InvalidInput(
                    f"holiday names {unknown} refused: country {self.code!r} never uses them in "
                    f"2000-2100; allowed names: {sorted(known)}"
                )

    def dates(self, first_year: int, last_year: int) -> set[date]:
        """Closed dates of the years ``first_year..last_year``."""
        table = _holiday_dict(
            self.code, self.subdiv, range(first_year, last_year + 1), self.observed,
            self.categories,
        )
        if self.names is None:
            return set(table)
        wanted = set(self.names)
        for label in _observed_labels(self.code) if self.observed else ():
            wanted |= {label % name for name in self.names}
        return {day for day, name in table.items() if wanted.intersection(name.split("; "))}


def _rule_text(value: rrule | str) -> str:
    if isinstance(value, str):
        parsed = _parse_rule(value)
        return str(parsed)
    if isinstance(value, rruleset) or not isinstance(value, rrule):
        raise InvalidInput(
            f"holiday rule {describe(value)} refused: expected a dateutil rrule or its text form"
        )
    fields = vars(value)  # dateutil keeps dtstart/until only as private attributes
    start: datetime = fields["_dtstart"]
    if start.tzinfo is not None:
        # Only local dates matter: the same rule on naive local wall-clock times.
        until: datetime | None = fields["_until"]
        naive_until = None
        if until is not None:
            naive_until = until.astimezone(start.tzinfo).replace(tzinfo=None)
        value = value.replace(dtstart=start.replace(tzinfo=None), until=naive_until)
    return str(value)


def _parse_rule(text: str) -> rrule:
    if isinstance(text, str) and len(text) > 2000:
        raise InvalidInput(
            f"holiday rule refused: {len(text)} characters; at most 2000 are accepted"
        )
    if not isinstance(text, str) or "DTSTART" not in text.upper():
        raise InvalidInput(
            f"holiday rule {text!r} refused: it needs a DTSTART (without one dateutil would "
            "start at the current time); e.g. 'DTSTART:20260101T000000\nRRULE:FREQ=YEARLY'"
        )
    try:
        parsed = rrulestr(text)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            f"holiday rule {text!r} refused: {exc}; expected RFC 5545 text such as "
            "'DTSTART:20260101T000000\\nRRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24'"
        ) from exc
    if not isinstance(parsed, rrule):
        raise InvalidInput(f"holiday rule {text!r} refused: expected a single RRULE")
    start = vars(parsed)["_dtstart"]
    if start is not None and start.tzinfo is not None:
        return _parse_rule(_rule_text(parsed))
    return parsed


@functools.lru_cache(maxsize=256)
def _rule_dates(text: str, first_year: int, last_year: int) -> frozenset[date]:
    parsed = _parse_rule(text)
    start = datetime(first_year, 1, 1)  # noqa: DTZ001 - naive local wall clock on purpose
    end = datetime(last_year, 12, 31, 23, 59, 59)  # noqa: DTZ001
    return frozenset(moment.date() for moment in parsed.between(start, end, inc=True))


def _iterable(value: object, what: str, example: str) -> Iterable[object]:
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise InvalidInput(f"{what} must be a list, e.g. {example}, got {describe(value)}")
    return value


def _dates(value: Iterable[date], what: str = "holiday dates") -> frozenset[date]:
    result = set()
    for item in _iterable(value, what, "[date(2026, 12, 24)]"):
        if isinstance(item, datetime) or not isinstance(item, date):
            raise InvalidInput(
                f"holiday date {describe(item)} refused: expected a datetime.date"
            )
        result.add(item)
    return frozenset(result)


def _open_dates(value: Iterable[date]) -> frozenset[date]:
    return _dates(value, "HolidaySet.exceptions (open days)")


def _country_key(spec: CountryHolidays) -> tuple[object, ...]:
    # Not repr(): two equal frozensets may list their names in different orders, which
    # made the order of equal sets (and so HolidaySet equality) depend on their history.
    def listed(names: frozenset[str] | None) -> tuple[bool, list[str]]:
        return (names is None, sorted(names or ()))

    return (spec.code, spec.subdiv or "", listed(spec.names), spec.observed,
            listed(spec.categories))


def _countries(value: Iterable[CountryHolidays]) -> tuple[CountryHolidays, ...]:
    items: list[CountryHolidays] = []
    for item in _iterable(value, "HolidaySet.countries", "[CountryHolidays('US')]"):
        if not isinstance(item, CountryHolidays):
            raise InvalidInput(
                "HolidaySet.countries must hold CountryHolidays (or use "
                f"HolidaySet.country('US')), got {describe(item)}"
            )
        items.append(item)
    return tuple(sorted(set(items), key=_country_key))


def _rules(value: Iterable[str]) -> tuple[str, ...]:
    items = _iterable(value, "HolidaySet.rules",
                      "['DTSTART:20260101T000000\\nRRULE:FREQ=YEARLY']")
    return tuple(sorted({_rule_text(item) for item in items}))  # type: ignore[arg-type]


@attrs.frozen
class HolidaySet:
    """Whole local dates on which a calendar is closed; combine sets with ``|``.

    ``countries`` (holidays package), ``days`` (explicit dates) and ``rules`` (rrule texts)
    close days; ``exceptions`` (built with :meth:`open_days`) cancel them again. Exceptions
    never add hours outside the weekly schedule. Build sets with :meth:`none`,
    :meth:`country`, :meth:`dates`, :meth:`rule`, :meth:`open_days` and ``|``.
    """

    countries: tuple[CountryHolidays, ...] = attrs.field(default=(), converter=_countries)
    days: frozenset[date] = attrs.field(default=frozenset(), converter=_dates)
    rules: tuple[str, ...] = attrs.field(default=(), converter=_rules)
    exceptions: frozenset[date] = attrs.field(default=frozenset(), converter=_open_dates)

    @classmethod
    def none(cls) -> HolidaySet:
        """No holidays."""
        return cls()

    @classmethod
    def country(
        cls,
        code: str,
        subdiv: str | None = None,
        names: Iterable[str] | None = None,
        observed: bool = True,
        categories: Iterable[str] | None = None,
    ) -> HolidaySet:
        """Holidays of ``code`` (``holidays`` package), optionally only those ``names``.

        With ``observed=True`` an "X (observed)" day counts for a listed X. A name the
        country never uses in 2000-2100 is :class:`InvalidInput`.

        :param code: an ISO 3166 country code known to the ``holidays`` package, e.g. ``"US"``.
        :param subdiv: a subdivision (state, province), e.g. ``"CA"``.
        :param names: only these holidays, by the names ``holidays`` uses.
        :param observed: also close the observed day of a listed holiday.
        :param categories: the ``holidays`` categories to include (default: public).
        :returns: the holiday set.
        :raises InvalidInput: an unknown country, subdivision or category, or a name the country
            never uses.
        """
        spec = CountryHolidays(code, subdiv, _names(names), observed, _categories(categories))
        return cls(countries=(spec,))

    @classmethod
    def dates(cls, days: Iterable[date]) -> HolidaySet:
        """Explicit closed dates."""
        return cls(days=_dates(days))

    @classmethod
    def rule(cls, recurrence: rrule | str) -> HolidaySet:
        """Dates of a dateutil rrule (naive or aware; its local dates are used), or its text."""
        return cls(rules=(_rule_text(recurrence),))

    @classmethod
    def open_days(cls, days: Iterable[date]) -> HolidaySet:
        """Dates that stay open although another source of the union closes them."""
        return cls(exceptions=_dates(days))

    def __or__(self, other: HolidaySet) -> HolidaySet:
        if not isinstance(other, HolidaySet):
            return NotImplemented
        return HolidaySet(
            countries=self.countries + other.countries,
            days=self.days | other.days,
            rules=self.rules + other.rules,
            exceptions=self.exceptions | other.exceptions,
        )

    def between_years(self, first_year: int, last_year: int) -> list[date]:
        """Sorted closed dates of the years ``first_year..last_year`` (open days removed)."""
        found = {day for day in self.days if first_year <= day.year <= last_year}
        for spec in self.countries:
            found |= spec.dates(first_year, last_year)
        for text in self.rules:
            found |= _rule_dates(text, first_year, last_year)
        return sorted(found - self.exceptions)

    def names_between(self, first_year: int, last_year: int) -> dict[date, str | None]:
        """The closed dates of :meth:`between_years` with why each is closed: the holiday's
        name as the ``holidays`` package gives it, or ``None`` for a dated closure (``days``
        or ``rules``). Cached per set and span (explanations ask for the same years often)."""
        return dict(_names_between(self, first_year, last_year))

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date) or isinstance(day, datetime):
            return False
        return day in self.between_years(day.year, day.year)


@functools.lru_cache(maxsize=128)
def _names_between(
    holidays: HolidaySet, first_year: int, last_year: int
) -> tuple[tuple[date, str | None], ...]:
    closed = set(holidays.between_years(first_year, last_year))
    named: dict[date, str | None] = dict.fromkeys(closed)
    for spec in holidays.countries:
        table = _holiday_dict(spec.code, spec.subdiv, range(first_year, last_year + 1),
                              spec.observed, spec.categories)
        closes = spec.dates(first_year, last_year) & closed
        for day in closes - holidays.days:
            if named[day] is None:
                named[day] = table[day]
    return tuple(sorted(named.items()))
