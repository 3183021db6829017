"""Parsing ``--as`` actor specs: ``customer:alice@acme``, ``support:agent-7``, ``system``."""

from __future__ import annotations

import argparse

from supportkit.tickets.actors import Actor


def parse_actor(text: str) -> Actor:
    """``customer:ID[@COMPANY]``, ``support:ID[+ROLE...]`` or ``system``."""
    side, _, rest = text.partition(":")
    side = side.strip().lower()
    if side == "system" and not rest:
        return Actor.system()
    if side == "customer" and rest:
        ident, _, company = rest.partition("@")
        if ident:
            return Actor.customer(ident, company=company or None)
    if side == "support" and rest:
        ident, *roles = rest.split("+")
        if ident:
            return Actor.support(ident, roles=roles)
    raise argparse.ArgumentTypeError(
        f"actor {text!r} not understood; use customer:ID[@COMPANY], "
        "support:ID[+ROLE] or system"
    )
