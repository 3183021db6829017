"""Entitlements: who may open a ticket, on which service level, through which channels, in
which hours — and, when refused, why and where to go instead.

Pure domain: codes and keys (:mod:`.codes`), levels (:mod:`.levels`), contracts
(:mod:`.contracts`), asset tags (:mod:`.assets`), the decision (:mod:`.decision`) and the
intake checklist (:mod:`.intake`). Storage and admission live in the application layer
(:mod:`supportkit.app.repositories`, :mod:`supportkit.app.admission`). See ``docs/entitlements.md``.
"""

from supportkit.entitlements.assets import TagEvent, TagPeriod, tag_at, tag_periods
from supportkit.entitlements.codes import (
    MAINTENANCE_KEY_REASON,
    LicenseKey,
    LicenseKind,
    SupportCode,
)
from supportkit.entitlements.contracts import Contract, Purchase
from supportkit.entitlements.decision import (
    Entitlement,
    Refusal,
    decide,
    decide_contract,
    levels_allowing,
    qualify_topic,
)
from supportkit.entitlements.intake import InformationItem, IntakeReport, RequiredInformation
from supportkit.entitlements.levels import ServiceLevel

__all__ = [
    "MAINTENANCE_KEY_REASON",
    "Contract",
    "Entitlement",
    "InformationItem",
    "IntakeReport",
    "LicenseKey",
    "LicenseKind",
    "Purchase",
    "Refusal",
    "RequiredInformation",
    "ServiceLevel",
    "SupportCode",
    "TagEvent",
    "TagPeriod",
    "decide",
    "decide_contract",
    "levels_allowing",
    "qualify_topic",
    "tag_at",
    "tag_periods",
]
