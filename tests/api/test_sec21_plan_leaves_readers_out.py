"""Security leftover 21: the plan of a text request named, as the approver of forwarding Tom's mail to the
Billing shared mailbox, Mike, the only other admin, who reads Billing (Full Access). The plan now reads who
reads the forwarded mail, leaves him out and, nobody being left, denies the step saying so."""

from __future__ import annotations

from mailwarden.emulator.state import TenantState
from tests.api.served import ServedApp
from tests.security.other_admin import OtherAdmin

MIKE = "mike.smith@acme.com"


def test_the_plan_does_not_name_a_reader_of_the_forwarded_mail(web: ServedApp, tenant: TenantState) -> None:
    OtherAdmin(tenant).add_role(MIKE)
    grace = web.sign_in("grace.hopper@acme.com")
    plan = grace.post("/api/v1/plans", json={"text": "Forward Tom Becker's mail to billing@acme.com"}).json()
    [step] = [s for s in plan["steps"] if s["action"] == "email_forwarding_internal"]
    decision = step["decision"]
    assert MIKE not in decision.get("approvers", []), decision
    assert decision["outcome"] == "denied"
    assert "reads the mail this forwarding sends on" in decision["reason"]
