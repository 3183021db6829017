"""Support contracts: who bought which level, for what, for how long, and from whom."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs

from supportkit._time import require_aware
from supportkit.entitlements.codes import LicenseKey, SupportCode
from supportkit.errors import InvalidInput
from supportkit.inputs import describe

__all__ = ["Contract", "Purchase"]


class Purchase(StrEnum):
    """How the license or contract was bought (InterWorx: only direct buyers get direct
    support; the others are sent to their reseller or host)."""

    DIRECT = "direct"
    RESELLER = "reseller"


def _text(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            f"Contract.{attribute.name} must be a non-empty text, got {describe(value)}"
        )


def _aware(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        require_aware(value, f"Contract.{attribute.name}")


def _code(value: SupportCode | str | None) -> SupportCode | None:
    return None if value is None else SupportCode.parse(value)


def _keys(value: Iterable[LicenseKey | str]) -> frozenset[LicenseKey]:
    if isinstance(value, str | LicenseKey):
        value = [value]
    return frozenset(LicenseKey.parse(k) for k in value)


def _names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidInput(f"give a list of names, not the text {value!r}")
    return frozenset(value)


def _optional_names(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else _names(value)


@attrs.frozen(kw_only=True)
class Contract:
    """A support contract of one company.

    The requester proves it with its ``support_code`` or one of its ``license_keys``; every
    contact of ``company`` is entitled through it too. It is valid for instants in
    ``[valid_from, valid_until)`` (``valid_until=None``: open-ended). ``products``: the
    products or installations it covers (``None``: all). ``assets``: nodes or installations
    it covers (services placed on a covered node are covered through it). ``purchase`` and
    ``reseller``: who sold it; a reseller-bought contract names its reseller or host.
    """

    id: str = attrs.field(validator=_text)
    company: str = attrs.field(validator=_text)
    level: str = attrs.field(validator=_text)
    valid_from: datetime = attrs.field(validator=_aware)
    valid_until: datetime | None = attrs.field(default=None, validator=_aware)
    support_code: SupportCode | None = attrs.field(default=None, converter=_code)
    license_keys: frozenset[LicenseKey] = attrs.field(default=frozenset(), converter=_keys)
    products: frozenset[str] | None = attrs.field(default=None, converter=_optional_names)
    assets: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    purchase: Purchase = attrs.field(default=Purchase.DIRECT, converter=Purchase)
    reseller: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until <= self.valid_from:
            raise InvalidInput(
                f"contract {self.id}: valid_until {self.valid_until.isoformat()} must be after "
                f"valid_from {self.valid_from.isoformat()}"
            )
        if self.purchase is Purchase.RESELLER and not (self.reseller and self.reseller.strip()):
            raise InvalidInput(
                f"contract {self.id} was bought from a reseller: name the reseller or host "
                "(reseller=...) so refused requesters know where to go"
            )
        if self.purchase is Purchase.DIRECT and self.reseller is not None:
            raise InvalidInput(
                f"contract {self.id} was bought directly but names reseller {self.reseller!r}; "
                "use purchase='reseller'"
            )

    def valid_at(self, at: datetime) -> bool:
        """True when ``at`` lies in ``[valid_from, valid_until)``."""
        at = require_aware(at, "at")
        return self.valid_from <= at and (self.valid_until is None or at < self.valid_until)

    def covers_product(self, product: str | None) -> bool:
        """True when ``product`` (``None``: unspecified) is covered."""
        return product is None or self.products is None or product in self.products
