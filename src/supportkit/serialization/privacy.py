"""Hooks for the privacy and retention policies inside :class:`~supportkit.Policy`.

``Policy.reopen_window`` is ``retention.keep``: it is never written out, and a legacy
``reopen_window`` key in read data sets ``retention.keep``.
"""

from __future__ import annotations

from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from supportkit.durations import parse_duration
from supportkit.policy import Policy
from supportkit.serialization.objects import mapping_only


def _window(value: Any, _: Any) -> Any:
    return None if value is None else parse_duration(value)


def register(conv: cattrs.Converter) -> None:
    """Policy without its init-only ``reopen_window`` alias (built lazily, so hooks other
    areas register later are used for their fields)."""
    conv.register_unstructure_hook_factory(
        lambda cls: cls is Policy,
        lambda cls: make_dict_unstructure_fn(cls, conv, _reopen_window=override(omit=True)),
    )
    conv.register_structure_hook_factory(
        lambda cls: cls is Policy,
        lambda cls: mapping_only(cls, make_dict_structure_fn(
            cls, conv, _reopen_window=override(rename="reopen_window", struct_hook=_window)
        )),
    )
