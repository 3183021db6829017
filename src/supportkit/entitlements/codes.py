"""Support codes and license keys: what a requester presents to prove a support option.

Grammar (settled here, tested in ``tests/entitlements/test_codes.py``):

* :class:`SupportCode` (Odin): exactly ten ASCII digits. On input the digits may be split
  into groups by a single space or a single dash between groups (``"123 456 7890"``,
  ``"123-456-7890"``, ``"12-34 56-7890"``); surrounding whitespace is ignored. Nothing else
  is accepted: no letters, no other separators, no doubled or leading/trailing separators,
  no non-ASCII digits. ``str(code)`` is the ten digits without separators.
* :class:`LicenseKey` (Open-Xchange, Odin): one or more segments of ASCII letters, digits,
  ``.`` and ``_``, joined by single dashes; surrounding whitespace is ignored, the key is
  otherwise kept exactly (keys are identifiers: lookups are exact). The support markers are
  matched **strictly, as the Open-Xchange guide writes them**: a key grants ticket access
  when it contains ``-SUP-`` (a support key) or ``-SaaS-`` (a SaaS key), i.e. a whole
  inner segment spelled exactly ``SUP`` or ``SaaS``. ``-sup-``, ``-SAAS-`` or a marker at
  the start or end of the key do not count; such keys are maintenance keys.
"""

from __future__ import annotations

import re
from enum import StrEnum

import attrs

from supportkit.errors import InvalidInput
from supportkit.inputs import describe

__all__ = ["MAINTENANCE_KEY_REASON", "LicenseKey", "LicenseKind", "SupportCode"]

_CODE_INPUT = re.compile(r"[0-9]+(?:[ -][0-9]+)*")
_DIGITS = re.compile(r"[0-9]{10}")
_KEY = re.compile(r"[A-Za-z0-9._]+(?:-[A-Za-z0-9._]+)*")
MAX_KEY_LENGTH = 200

#: Why a key without a support marker is refused (Open-Xchange's rule, as the guide says it).
MAINTENANCE_KEY_REASON = (
    "only license keys containing -SUP- or -SaaS- give ticket access; "
    "maintenance keys do not"
)


def _ten_digits(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        raise InvalidInput(
            f"a support code is exactly ten digits, got {describe(value)}; "
            "use SupportCode.parse() for text with spaces or dashes"
        )


@attrs.frozen
class SupportCode:
    """A ten-digit support code, as a sales representative hands it out (Odin).

    >>> str(SupportCode.parse("123 456 7890"))
    '1234567890'
    """

    digits: str = attrs.field(validator=_ten_digits)

    @classmethod
    def parse(cls, text: SupportCode | str) -> SupportCode:
        """Read a code typed by a person; :class:`InvalidInput` says why it is not one.

        :param text: ten digits; spaces and dashes between them are allowed.
        :returns: the code (``str()`` gives the ten digits).
        :raises InvalidInput: anything but ten digits, saying why.
        """
        if isinstance(text, SupportCode):
            return text
        if not isinstance(text, str):
            raise InvalidInput(f"a support code is text, got {type(text).__name__}")
        stripped = text.strip()
        if not stripped:
            raise InvalidInput("a support code is ten digits; got an empty text")
        if not _CODE_INPUT.fullmatch(stripped):
            raise InvalidInput(
                f"{text!r} is not a support code: only digits, with single spaces or dashes "
                "between groups, are allowed (e.g. '123 456 7890')"
            )
        digits = re.sub(r"[ -]", "", stripped)
        if len(digits) != 10:
            raise InvalidInput(
                f"{text!r} is not a support code: it has {len(digits)} digits, "
                "a support code has exactly ten"
            )
        return cls(digits)

    def __str__(self) -> str:
        return self.digits


class LicenseKind(StrEnum):
    """What a license key is for: ``support`` (``-SUP-``), ``saas`` (``-SaaS-``) or
    ``maintenance`` (no support marker: updates only, no ticket access)."""

    SUPPORT = "support"
    SAAS = "saas"
    MAINTENANCE = "maintenance"


def _kind_of(text: str) -> LicenseKind:
    if "-SUP-" in text:
        return LicenseKind.SUPPORT
    if "-SaaS-" in text:
        return LicenseKind.SAAS
    return LicenseKind.MAINTENANCE


def _key_text(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or len(value) > MAX_KEY_LENGTH or not _KEY.fullmatch(value):
        raise InvalidInput(
            f"{value!r:.80} is not a license key: use letters, digits, '.' or '_' in segments "
            f"joined by single dashes, at most {MAX_KEY_LENGTH} characters"
        )


@attrs.frozen
class LicenseKey:
    """A product license key; its :attr:`kind` comes from its markers (see module doc)."""

    text: str = attrs.field(validator=_key_text)

    @classmethod
    def parse(cls, text: LicenseKey | str) -> LicenseKey:
        """Read a key; :class:`InvalidInput` when it does not follow the key grammar."""
        if isinstance(text, LicenseKey):
            return text
        if not isinstance(text, str):
            raise InvalidInput(f"a license key is text, got {type(text).__name__}")
        return cls(text.strip())

    @property
    def kind(self) -> LicenseKind:
        """``support``, ``saas`` or ``maintenance``."""
        return _kind_of(self.text)

    @property
    def grants_support(self) -> bool:
        """True for ``-SUP-`` and ``-SaaS-`` keys: they give ticket access."""
        return self.kind is not LicenseKind.MAINTENANCE

    @property
    def reason(self) -> str | None:
        """Why this key alone gives no ticket access (``None`` when it does)."""
        if self.grants_support:
            return None
        return f"license key {self.text} is a maintenance key: {MAINTENANCE_KEY_REASON}"

    def __str__(self) -> str:
        return self.text
