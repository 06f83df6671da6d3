"""sec37: the access view places each GrantSendOnBehalfTo entry (printed by Name) on the Name alone, live.

Rachel Green, whose Name is 'tom.becker' (Tom Becker's alias; Tom's own Name is his directory id), given
Send on Behalf of billing@ outside mailwarden, was shown as Tom's right (the cache's alias match): Tom's
reviewer saw a right he does not hold and Rachel's was hidden. A Name the tenant could not place is said:
asked about one person the answer is incomplete (unread_rules, about=send_on_behalf), never either way."""

from __future__ import annotations

from typing import Any

from mailwarden.connectors.exchange import hashtable
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.access.test_reviews_cli import ADMIN, TOM, TOM_ID
from tests.access.test_sec25_rule_forwarding_grants import BILLING
from tests.api.conftest import web
from tests.api.served import ServedApp
from tests.drift.test_sec34_forwarding_name import _name
from tests.security.other_admin import OtherAdmin

__all__ = ["web"]

REPORT = "/api/v1/reports/access"
RACHEL = "rachel.green@acme.com"


def _send_on_behalf(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line["grant"] for line in lines if line["grant"]["kind"] == "send_on_behalf"]


def _grant_rachel(tenant: TenantState) -> None:
    other = OtherAdmin(tenant)
    _name(tenant, (TOM, TOM_ID), (RACHEL, "tom.becker"))
    other.exchange("Set-Mailbox", Identity=BILLING, GrantSendOnBehalfTo=hashtable(add=RACHEL))


def test_send_on_behalf_for_someone_whose_name_is_a_colleagues_alias(
    web: ServedApp, tenant: TenantState
) -> None:
    _grant_rachel(tenant)
    admin = web.sign_in(ADMIN)
    on_billing = admin.get(REPORT, params={"mailbox": BILLING})
    assert on_billing.status_code == 200, on_billing.text
    assert [g["holder_address"] for g in _send_on_behalf(on_billing.json()["lines"])] == [RACHEL]
    toms = admin.get(REPORT, params={"person": TOM}).json()
    assert BILLING not in [g["resource_address"] for g in _send_on_behalf(toms["lines"])], toms
    rachels = admin.get(REPORT, params={"person": RACHEL}).json()
    assert BILLING in [g["resource_address"] for g in _send_on_behalf(rachels["lines"])], rachels


def test_a_delegate_the_tenant_could_not_place_makes_the_answer_incomplete(
    web: ServedApp, tenant: TenantState, emulator: RunningEmulator
) -> None:
    _grant_rachel(tenant)
    emulator.faults.fail_items("exchange", status=500, times=50, matching="name -eq")
    toms = unplaced_on_billing(web, "send_on_behalf")
    assert BILLING not in [g["resource_address"] for g in _send_on_behalf(toms["lines"])]
    unread = [(u["mailbox_address"], u["about"]) for u in toms["unread_rules"]]
    assert (BILLING, "send_on_behalf") in unread, toms
    assert any("Send on Behalf delegate of" in n and "'tom.becker'" in n for n in toms["notes"]), toms


def unplaced_on_billing(web: ServedApp, kind: str) -> dict[str, Any]:
    """Asked about billing@, its one grant of `kind` is to the Name 'tom.becker' as printed, said to be
    unplaced (no address); then what Tom can reach, as the API answers it."""
    admin = web.sign_in(ADMIN)
    on_billing = admin.get(REPORT, params={"mailbox": BILLING})
    assert on_billing.status_code == 200, on_billing.text
    [shown] = [line["grant"] for line in on_billing.json()["lines"] if line["grant"]["kind"] == kind]
    assert shown["holder_address"] is None, shown
    assert "could not" in str(shown["holder"]), shown
    assert "tom.becker" in str(shown["holder"]), shown
    toms = admin.get(REPORT, params={"person": TOM})
    assert toms.status_code == 200, toms.text
    answer: dict[str, Any] = toms.json()
    return answer
