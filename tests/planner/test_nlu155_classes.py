"""nlu155's classes (batch 50's misses): who only confirms a change is never whom it is for, and the he/she
after is the one the request is about; whoever shows the writer the ropes gets nothing; a move's end is the
new list's, its removal for good; the other readings of batch 50 plan what was asked and nothing more.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
LIAM = "liam.brown@acme.com"
JOHN = "john@acme.com"
KEN = "ken.adams@acme.com"
MARIA = "maria.garcia@acme.com"
DAVID = "david.chen@acme.com"
CHRISTINE = "christine.lee@acme.com"

INC = (
    "INC0091877\nCaller: Rachel Green\nCategory: Email\n"
    "Description: Rachel Green can't see the Billing mailbox in "
    "Outlook. Mike Smith confirmed she should have full access to billing@acme.com.\nCC: Mike Smith\n"
)
RITM = (
    "Number: RITM0054120\nCaller: Priya Patel\nRequested for: Emma Wilson\n"
    "Short description: Calendar access\n"
    "Description: Emma books Priya's customer meetings. "
    "Please give her editor access to Priya Patel's calendar.\n"
    "End date: 2026-03-31\nApproved by: Olivia Martin\nCC: Ava Johnson\n"
)
ETHAN = (
    "Hi team,\n\nEthan Park starts on Project Phoenix today. Could you:\n"
    "1) add him to project-phoenix@acme.com\n"
    "2) share my calendar with him (free/busy is enough)\n"
    "3) take him off External-Contractors if he's on it\n\n"
    "Thanks,\nDavid Chen\nEngineering Manager | Acme\n"
)


def _who(step: dict[str, object]) -> object:
    for key in ("trustee", "member", "grantee", "forward_to", "recipient", "person"):
        if key in step:
            return step[key]
    return None


@pytest.mark.parametrize(
    ("requester", "text", "expected"),
    [
        # who confirms is never given it; "she" is the one the request is about (the unsafe INC0091877)
        (GRACE, INC, {("mailbox_delegation", "grant", "rachel.green@acme.com", None)}),
        (
            GRACE,
            "Emma Wilson cannot see the Support mailbox. "
            "Tom Becker has confirmed she should get send on behalf "
            "on support@acme.com.",
            {("send_on_behalf", "grant", "emma.wilson@acme.com", None)},
        ),
        # who shows the writer the ropes is why, never one more trustee
        (
            LIAM,
            "need full access + send as on sales@acme.com pls, john's showing me the ropes",
            {("mailbox_delegation", "grant", LIAM, None), ("send_as", "grant", LIAM, None)},
        ),
        (LIAM, "need send as on sales@acme.com pls - Tom is training me", {("send_as", "grant", LIAM, None)}),
        (
            JOHN,
            "pls remove my send on behalf on the sales mailbox, I don't send from it anymore",
            {("send_on_behalf", "revoke", JOHN, None)},
        ),
        (
            CHRISTINE,
            "I got married - could my primary email become christine.moreau@acme.com? "
            "please drop the old lee "
            "address",
            {("change_primary_alias", "set", CHRISTINE, None)},
        ),
        (
            GRACE,
            "Could you send me a list of every shared mailbox in the tenant?",
            {("list_shared_mailboxes", "read", None, None)},
        ),
        (
            KEN,
            "i'm tidying my outlook, what mailboxes have i got access to besides my own?",
            {("delegation_report", "read", KEN, None)},
        ),
        (
            GRACE,
            "Who has access to the Careers mailbox and why? Access report please",
            {("access_report", "read", None, None)},
        ),
        # the end is the new list's; the removal is for good
        (
            GRACE,
            "Move Mia Novak from Contractors to Project Phoenix until 3 April",
            {
                ("distribution_list_membership", "remove", "mia.novak@acme.com", None),
                ("distribution_list_membership", "add", "mia.novak@acme.com", "2026-04-04T00:00:00Z"),
            },
        ),
        (
            MARIA,
            "please forward the HR mailbox to me until Tuesday 17 March, "
            "the recruiting fair is keeping me busy",
            {("email_forwarding_internal", "set", MARIA, "2026-03-18T00:00:00Z")},
        ),
        (GRACE, RITM, {("calendar_share", "grant", "emma.wilson@acme.com", "2026-04-01T00:00:00Z")}),
        (
            DAVID,
            ETHAN,
            {
                ("distribution_list_membership", "add", "ethan.park@acme.com", None),
                ("calendar_share", "grant", "ethan.park@acme.com", None),
                ("distribution_list_membership", "remove", "ethan.park@acme.com", None),
            },
        ),
    ],
)
def test_batch_50_requests_plan_what_was_asked(
    acme: Directory, requester: str, text: str, expected: set[tuple[object, ...]]
) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", (status, questions, steps)
    got = {(s["action"], s["change"], _who(s), s.get("expires")) for s in steps}
    assert got == expected


@pytest.mark.parametrize(
    ("requester", "text", "about"),
    [
        # no one else named: whom "she" means is asked, never the one confirming
        (GRACE, "Mike Smith confirmed she should have full access to billing@acme.com.", "trustee"),
        (
            GRACE,
            "Rachel Green and Emma Wilson can't see Billing. "
            "Mike Smith confirmed she should have full access to "
            "billing@acme.com.",
            "trustee",
        ),
        # someone else shown the ropes: asked, never John nor Ava granted
        (LIAM, "need full access on sales@acme.com pls, john's showing Ava the ropes", "scope"),
        # a bare need after a name is never the writer's
        (GRACE, "Subject: Tom Becker\nneed full access to sales@acme.com pls", "trustee"),
        # an end said before where they go: the removal's, asked
        (GRACE, "Move Mia Novak from Contractors for two weeks to Project Phoenix", "expires"),
        # "her" could be either of two others
        (
            GRACE,
            "Emma books Priya's customer meetings. "
            "Please give her editor access to Olivia Martin's calendar.",
            "grantee",
        ),
    ],
)
def test_near_variants_ask(acme: Directory, requester: str, text: str, about: str) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "needs_clarification", (status, steps)
    assert about in questions
    assert not [
        s
        for s in steps
        if s.get("change") in ("grant", "set") and _who(s) in ("mike.smith@acme.com", "john@acme.com")
    ]
