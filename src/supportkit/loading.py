"""Policies from TOML files: :func:`load_policy`.

A policy file is the plain-data form of :class:`~supportkit.Policy` written as TOML: every
key is optional (``Policy()``'s defaults fill the rest), durations are text such as ``"2h"``
or ``"90d"``, calendars are ``{schedule = "Mon-Fri 09:00-18:00", tz = "Europe/Paris"}``.
The five presets ship as such files (``supportkit/presets/*.toml``): copy one and edit it.

>>> policy = load_policy('name = "mine"\\nseverity_change_roles = ["shift-manager"]')
>>> policy.name, sorted(policy.severity_change_roles)
('mine', ['shift-manager'])
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

from supportkit.errors import InvalidInput
from supportkit.policy import Policy
from supportkit.serialization.strict import StrictStructureError, structure_strict

__all__ = ["load_policy", "policy_from_toml"]

_POLICY_KEY = re.compile(r"Policy\.(\w+)")


def _looks_like_toml(text: str) -> bool:
    return "\n" in text or "=" in text or text.lstrip().startswith("[") or not text.strip()


def load_policy(path_or_text: str | os.PathLike[str]) -> Policy:
    """A :class:`~supportkit.Policy` from a TOML file (a path) or from TOML text.

    A :class:`os.PathLike` is always a path; a ``str`` is TOML text when it contains a
    newline, ``=`` or starts with ``[`` (or is empty), else a path. Unknown keys are refused.
    Errors are :class:`~supportkit.InvalidInput` naming the file (or ``<text>``) and the bad
    key, e.g. ``odin.toml: sla.targets[0].initial_response: ...``.

    :param path_or_text: a TOML file's path, or TOML text.
    :returns: the policy.
    :raises InvalidInput: a file that cannot be read, TOML that does not parse, an unknown key
        or a bad value (the message names the file and the key).
    """
    if isinstance(path_or_text, os.PathLike) or (
        isinstance(path_or_text, str) and not _looks_like_toml(path_or_text)
    ):
        path = Path(path_or_text)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidInput(
                f"policy file {str(path)!r} does not exist; give the path of a TOML file or "
                "the TOML text itself"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"policy file {str(path)!r} cannot be read: {exc}") from exc
        return policy_from_toml(text, source=str(path))
    if not isinstance(path_or_text, str):
        raise InvalidInput(
            f"load_policy takes a path or TOML text, got {type(path_or_text).__name__}"
        )
    return policy_from_toml(path_or_text, source="<text>")


def _path(path: str, message: str) -> str:
    # A Policy validator fails at the top level but names its key: "Policy.routing ...".
    named = _POLICY_KEY.match(message)
    if not path and named is not None:
        return named.group(1)
    return path or "(top level)"


#: How deep a policy file may nest tables and arrays (a policy needs four or five levels).
_MAX_NESTING = 32


def _too_deep(source: str) -> InvalidInput:
    return InvalidInput(
        f"{source}: refused: arrays or inline tables nested too deeply to read; a "
        f"policy nests them at most {_MAX_NESTING} levels"
    )


def _deeper_than(data: object, limit: int) -> bool:
    """Whether ``data`` (what tomllib read) nests tables or arrays more than ``limit`` deep.

    tomllib reads nesting recursively, so a deep file usually ends in RecursionError; how
    deep it gets first depends on the interpreter's recursion limit, which a host (or a
    library it loaded) may have raised. This check gives one answer whatever that limit is,
    without recursion of its own."""
    level: list[tuple[object, int]] = [(data, 0)]
    while level:
        value, depth = level.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            level.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            level.extend((item, depth + 1) for item in value)
    return False


def policy_from_toml(text: str, *, source: str = "<text>") -> Policy:
    """Parse TOML ``text`` into a :class:`~supportkit.Policy`; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{source}: not valid TOML: {exc}") from exc
    except ValueError:  # tomllib's int() of a number longer than Python converts
        raise InvalidInput(
            f"{source}: refused: a number has more than {sys.get_int_max_str_digits()} "
            "digits; policy values are at most 19 digits long"
        ) from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise _too_deep(source) from None
    if _deeper_than(data, _MAX_NESTING):
        raise _too_deep(source)
    try:
        return structure_strict(data, Policy)
    except StrictStructureError as exc:
        where = "; ".join(f"{_path(path, message)}: {message}" for path, message in exc.problems)
        raise InvalidInput(f"{source}: policy refused: {where}") from exc
