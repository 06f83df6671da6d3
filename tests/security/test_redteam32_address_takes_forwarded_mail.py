"""Red team 32: taking an address someone's forwarding names takes their mail.

Maria's ForwardingSmtpAddress names `ea-desk@acme.com`, an address of the organisation nobody holds any more
(the assistant it reached left). John asks for it as his new primary address: from then on Exchange delivers
Maria's forwarded mail to him. The address check (`address-not-in-use`) asks only whether a recipient holds
the address; the decision says nothing of the forwarding, so the admin who approves an address change (it
looks like a rename) hands over Maria's mail without being told. As with a join of a list her mail is
forwarded to (security leftover 24), the change should be decided as access to her mail: never approved for
an employee as a mere address change."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.model.steps import ChangePrimaryAlias
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import JOHN, KEN, MARIA, _decide
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

DESK = "ea-desk@acme.com"


def _take(address: str) -> ChangePrimaryAlias:
    return ChangePrimaryAlias(change="set", recipient=JOHN, new_address=address, keep_old=True)


async def test_the_control_a_free_address_nobody_forwards_to_goes_to_an_admin(
    flow: Flow, tenant: TenantState
) -> None:
    OtherAdmin(tenant).add_role(KEN)
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, ApprovalRequired), decision


@pytest.mark.xfail(
    strict=True,
    reason="red team 32: an address change is not weighed for the forwarding that names the address "
    "(not fixed: needs the forwarding scan on address changes and a policy rule)",
)
async def test_taking_the_address_marias_forwarding_names_is_not_an_address_change(
    flow: Flow, tenant: TenantState
) -> None:
    other = OtherAdmin(tenant)
    other.add_role(KEN)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=DESK)
    decision = await _decide(flow, JOHN, _take(DESK))
    assert isinstance(decision, Denied) or "forward" in decision.reason.lower(), decision
