"""Who acts on a ticket: an :class:`Actor` on one :class:`Side` of the desk."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import attrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe, enum_member

__all__ = ["Actor", "Side"]


class Side(StrEnum):
    """The side of the desk an actor speaks for."""

    CUSTOMER = "customer"
    SUPPORT = "support"
    SYSTEM = "system"



def _side(value: Any) -> Side:
    found = enum_member(value, Side)
    if found is not None:
        return found
    raise InvalidInput(
        f"Actor.side must be one of {', '.join(s.value for s in Side)}, got {describe(value)}"
    )


def _optional_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # Text or None only (stored histories may hold an empty company): an int, a list or
    # a nested structure would be stored and break every reader.
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"Actor.{attribute.name} must be text or None, got {describe(value)}")


def _non_empty_id(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            f"Actor.{attribute.name}: a non-empty string is required, got {describe(value)}"
        )


def _roles(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen
class Actor:
    """A person or process acting on tickets.

    ``roles`` are free-form tags a policy can test (for example ``"shift-manager"``, who may
    change a severity); ``company`` groups customer contacts for company-wide views.
    """

    id: str = attrs.field(validator=_non_empty_id)
    side: Side = attrs.field(converter=_side)
    company: str | None = attrs.field(default=None, validator=_optional_text)
    roles: frozenset[str] = attrs.field(default=frozenset(), converter=_roles)

    @classmethod
    def customer(cls, id: str, company: str | None = None, roles: Iterable[str] = ()) -> Actor:
        """A customer contact, optionally of ``company``."""
        return cls(id, Side.CUSTOMER, company, _roles(roles))

    @classmethod
    def support(cls, id: str, roles: Iterable[str] = ()) -> Actor:
        """A member of the support organisation, with optional roles."""
        return cls(id, Side.SUPPORT, None, _roles(roles))

    @classmethod
    def system(cls, id: str = "system") -> Actor:
        """An automated process: auto-close, retention, schedulers."""
        return cls(id, Side.SYSTEM)

    def has_role(self, role: str) -> bool:
        """True when ``role`` is one of this actor's roles or is its id."""
        return role in self.roles or role == self.id
