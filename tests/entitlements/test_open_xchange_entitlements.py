"""Open-Xchange: only license keys containing -SUP- or -SaaS- give ticket access.

"If you do not own or activate a valid support key (not maintenance), you don't have access
rights to the ticket system. If in doubt, please check via our license portal for a valid
license key with '-SaaS-' or '-SUP-' pattern". New incidents start "by adding the license key".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from supportkit import (
    Actor,
    Contract,
    Helpdesk,
    LicenseKind,
    NotEntitled,
    Policy,
    Refusal,
    Upload,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the clock fixture's instant
MakeDesk = Callable[[Policy], Helpdesk]

OX = Policy(name="open-xchange", require_entitlement=True)  # strict markers are the default
SUP, SAAS, MAINT = "OXAS-SUP-1A2B-3C4D", "OXAS-SaaS-9Z8Y", "OXAS-MNT-1A2B-3C4D"
CONTRACT = Contract(id="ox-1", company="isp", level="standard", valid_from=T0,
                    license_keys={SUP, MAINT})
SAAS_CONTRACT = Contract(id="ox-2", company="cloud", level="standard", valid_from=T0,
                         license_keys={SAAS})
ADMIN = Actor.customer("ldb-admin", company="isp")


@pytest.fixture
def desk(make_desk: MakeDesk) -> Helpdesk:
    desk = make_desk(OX)
    desk.add_contract(CONTRACT)
    desk.add_contract(SAAS_CONTRACT)
    return desk


def test_sup_and_saas_keys_give_ticket_access(desk: Helpdesk) -> None:
    sup = desk.entitlement(license_key=SUP)
    saas = desk.entitlement(license_key=SAAS)
    assert (sup.granted, sup.contract_id) == (True, "ox-1")
    assert (saas.granted, saas.contract_id) == (True, "ox-2")
    ticket = desk.open_ticket(ADMIN, "Mail store full", "see logs", channel="email",
                              license_key=SUP)
    assert ticket.contract_id == "ox-1"


def test_a_maintenance_key_gives_no_ticket_access_even_on_a_contract(desk: Helpdesk) -> None:
    refused = desk.entitlement(license_key=MAINT)
    assert refused.refusal is Refusal.MAINTENANCE_KEY
    assert ("only license keys containing -SUP- or -SaaS- give ticket access; "
            "maintenance keys do not") in refused.reason
    with pytest.raises(NotEntitled, match="maintenance key") as caught:
        desk.open_ticket(ADMIN, "Mail store full", "see logs", license_key=MAINT,
                         attachments=[Upload("dump.tar.gz", b"private data")])
    assert caught.value.decision.refusal is Refusal.MAINTENANCE_KEY
    assert desk.tickets() == []
    assert list(desk.store.blobs.iter_digests()) == []  # nothing written, not even the upload


def test_an_unknown_maintenance_key_is_refused_for_being_one(desk: Helpdesk) -> None:
    # The key's kind is a rule of its own: the refusal says so even without a contract.
    assert desk.entitlement(license_key="OTHER-1234").refusal is Refusal.MAINTENANCE_KEY
    assert desk.entitlement(license_key="OTHER-SUP-1234").refusal is Refusal.UNKNOWN


def test_markers_are_matched_as_the_guide_writes_them(desk: Helpdesk) -> None:
    lower = desk.entitlement(license_key=SUP.lower())
    assert lower.refusal is Refusal.MAINTENANCE_KEY  # '-sup-' is not '-SUP-'


def test_a_sup_key_on_an_expired_contract_is_refused(make_desk: MakeDesk) -> None:
    desk = make_desk(OX)
    desk.add_contract(Contract(id="old", company="isp", level="standard",
                               valid_from=datetime(2020, 1, 1, tzinfo=UTC),
                               valid_until=datetime(2021, 1, 1, tzinfo=UTC),
                               license_keys={SUP}))
    assert desk.entitlement(license_key=SUP).refusal is Refusal.EXPIRED


def test_key_kinds() -> None:
    kinds = {k.text: k.kind for k in CONTRACT.license_keys | SAAS_CONTRACT.license_keys}
    assert kinds == {SUP: LicenseKind.SUPPORT, SAAS: LicenseKind.SAAS,
                     MAINT: LicenseKind.MAINTENANCE}
