"""Intake: the information a new ticket must carry, and what is still missing.

A :class:`RequiredInformation` checklist is a list of :class:`InformationItem`. An item is
satisfied by a non-empty ticket field of the same ``key`` (the key ``"category"`` is
satisfied by the ticket's category), by an attachment whose file name matches its
``attachment`` pattern (``fnmatch`` style, e.g. ``"*.log"``), and — when ``accepted`` is
given — only by a field whose value (case-insensitive) is one of the accepted values (for
InterWorx, remote assistance must actually be *enabled*). Required items that are not
satisfied are ``missing``; optional ones become ``hints``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase
from typing import Any

import attrs

from supportkit.errors import InvalidInput

__all__ = ["InformationItem", "IntakeReport", "RequiredInformation", "filenames"]


def _key(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"InformationItem.{attribute.name} must be a non-empty text")


def _optional_folded(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        raise InvalidInput(f"give a list of values, not the text {value!r}")
    return frozenset(v.casefold() for v in value)


@attrs.frozen(kw_only=True)
class InformationItem:
    """One entry of the checklist. ``label`` is what a person is asked for; ``categories``
    limits the item to tickets of those categories (``None``: every ticket)."""

    key: str = attrs.field(validator=_key)
    label: str = ""
    required: bool = True
    attachment: str | None = None
    accepted: frozenset[str] | None = attrs.field(default=None, converter=_optional_folded)
    categories: frozenset[str] | None = attrs.field(
        default=None, converter=_optional_folded
    )

    def applies_to(self, category: str | None) -> bool:
        """True when the item is asked of a ticket of ``category``."""
        if self.categories is None:
            return True
        return category is not None and category.casefold() in self.categories

    def satisfied(
        self, fields: Mapping[str, str], category: str | None, names: Iterable[str]
    ) -> bool:
        """True when the field, the category or an attachment provides this item."""
        value = category if self.key == "category" else fields.get(self.key)
        if isinstance(value, str) and value.strip():
            if self.accepted is None or value.strip().casefold() in self.accepted:
                return True
        if self.attachment is not None:
            return any(fnmatchcase(name, self.attachment) for name in names)
        return False

    def describe(self) -> str:
        """The label, or the key when there is none."""
        return self.label or self.key


@attrs.frozen
class IntakeReport:
    """What a ticket still lacks: ``missing`` required keys and ``hints`` (labels of
    optional items that would help)."""

    missing: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when nothing required is missing."""
        return not self.missing

    def describe(self) -> str:
        """One line for a person: what to provide."""
        if self.complete:
            return "all required information is present"
        return "please provide: " + "; ".join(self.labels)


def filenames(attachments: Iterable[object]) -> tuple[str, ...]:
    """File names of uploads, attachment references or plain names."""
    return tuple(str(getattr(a, "filename", a)) for a in attachments)


def _items(value: Iterable[InformationItem]) -> tuple[InformationItem, ...]:
    items = tuple(value)
    keys = [item.key for item in items]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise InvalidInput(f"RequiredInformation lists {', '.join(duplicates)} more than once")
    return items


@attrs.frozen
class RequiredInformation:
    """The intake checklist of a policy (Odin's required details, InterWorx's ticket fields,
    OpenSVC's support data collection)."""

    items: tuple[InformationItem, ...] = attrs.field(default=(), converter=_items)

    def check(
        self,
        fields: Mapping[str, str] | None = None,
        category: str | None = None,
        attachments: Iterable[object] = (),
    ) -> IntakeReport:
        """What of the checklist ``fields``, ``category`` and ``attachments`` leave out."""
        names = filenames(attachments)
        given = dict(fields or {})
        missing: list[str] = []
        labels: list[str] = []
        hints: list[str] = []
        for item in self.items:
            if not item.applies_to(category) or item.satisfied(given, category, names):
                continue
            if item.required:
                missing.append(item.key)
                labels.append(item.describe())
            else:
                hints.append(item.describe())
        return IntakeReport(tuple(missing), tuple(hints), tuple(labels))
