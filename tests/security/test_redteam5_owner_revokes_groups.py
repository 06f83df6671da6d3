"""Red team 5: the `owner-revokes-others-access` permit lets an owner take a colleague's access away without
an approval, but never an admin's or a co-owner's. A group or a nested list holding the access is neither a
colleague nor checked: its members (an admin, a co-owner among them) lose their access with it, so taking
a group's access away, or a list out of a list, still needs an approval; so does an address the directory
does not hold, which the policy cannot tell from an admin."""

from __future__ import annotations

import pytest

from mailwarden.model.steps import parse_step
from mailwarden.policy import PolicyEngine
from tests.policy.acme import acme_org

SARAH, PRIYA = "sarah@acme.com", "priya.patel@acme.com"


@pytest.mark.parametrize(
    ("requester", "step"),
    [
        (
            SARAH,
            {
                "action": "mailbox_delegation",
                "change": "revoke",
                "mailbox": "support@acme.com",
                "trustee": "finance-team@acme.com",
            },
        ),
        (
            SARAH,
            {
                "action": "send_as",
                "change": "revoke",
                "mailbox": "support@acme.com",
                "trustee": "finance-team@acme.com",
            },
        ),
        # An address the directory does not hold (an admin made since the last discovery, say) is no
        # colleague the policy can vouch for.
        (
            SARAH,
            {
                "action": "mailbox_delegation",
                "change": "revoke",
                "mailbox": "support@acme.com",
                "trustee": "new.admin@acme.com",
            },
        ),
        (
            PRIYA,
            {
                "action": "distribution_list_membership",
                "change": "remove",
                "group": "all-sales@acme.com",
                "member": "engineering@acme.com",
            },
        ),
    ],
)
def test_an_owner_taking_a_groups_access_away_does_not_run_without_approval(
    requester: str, step: dict[str, str]
) -> None:
    decision = PolicyEngine().decide(acme_org(), requester, parse_step(step))
    assert decision.outcome != "allowed", decision


def test_an_owner_still_takes_a_colleagues_or_an_outsiders_access_away() -> None:
    engine, org = PolicyEngine(), acme_org()
    tom = parse_step(
        {
            "action": "mailbox_delegation",
            "change": "revoke",
            "mailbox": "support@acme.com",
            "trustee": "tom.becker@acme.com",
        }
    )
    assert engine.decide(org, SARAH, tom).outcome == "allowed"
    vera = parse_step(
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": "external-contractors@acme.com",
            "member": "vera@vendorco.example",
        }
    )
    assert engine.decide(org, "david.chen@acme.com", vera).outcome == "allowed"
