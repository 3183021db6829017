"""Who acts on a ticket: an :class:`Actor` on one :class:`Side` of the desk."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs

from supportkit.errors import InvalidInput

__all__ = ["Actor", "Side"]


class Side(StrEnum):
    """The side of the desk an actor speaks for."""

    CUSTOMER = "customer"
    SUPPORT = "support"
    SYSTEM = "system"



def _non_empty_id(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"Actor.{attribute.name}: a non-empty string is required, got {value!r}")


def _roles(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen
class Actor:
    """A person or process acting on tickets.

    ``roles`` are free-form tags a policy can test (for example ``"shift-manager"``, who may
    change a severity); ``company`` groups customer contacts for company-wide views.
    """

    id: str = attrs.field(validator=_non_empty_id)
    side: Side = attrs.field(converter=Side)
    company: str | None = None
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
