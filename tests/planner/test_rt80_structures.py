"""Red team 80's harms in the structures reader (planner/units.py, rt80b): a writer's refusal over a quoted
ask plans nothing; a quoted answer that approves only a part, or defers, asks and never adds its names or its
signer; a review whose title or legend says what its marks mean asks; a form whose approval is still to come
is never granted for good; an item held and written again unmarked, or replaced after its strike, asks; a
chat turn taking the request back asks; an "Approver:" field is never a trustee. Planned and resolved
against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
DAVID = "david.chen@acme.com"
QUOTED_GRANT = "> From: Priya Patel\n> Please give Liam send as on sales@acme.com.\n"
ALL_HANDS = "RE: all-hands\n> Can Ken Adams and Lucas Rossi be on the all-hands list?\n"
SUPPORT_ROWS = (
    "\n✅ Chris Lee - full access to support@acme.com\n❌ Tom Becker - send on behalf on support@acme.com"
)
WEB_FORM = (
    "Shared mailbox permission request (web form)\nMailbox: billing@acme.com\nUser: Noah Davis\n"
    "Permission: Send as\n"
)
SALES_FORM = (
    "Mailbox access request form\nMailbox: Sales (sales@acme.com)\nUser needing access: Liam Brown\n"
    "Access type: [x] Full Access  [x] Send As\nAutomap in Outlook: No\n"
)


# ---- rt80b: red team 80, structures ----
@pytest.mark.parametrize(
    ("text", "requester", "status"),
    [
        # the writer's refusal of the quoted ask (OLD, critical): nothing planned
        (QUOTED_GRANT + "Don't go ahead.", GRACE, "not_understood"),
        (QUOTED_GRANT + "Don't action this.", GRACE, "not_understood"),
        (QUOTED_GRANT + "We won't go ahead with this.", GRACE, "not_understood"),
        # N2: a partial or deferring quoted answer asks
        (ALL_HANDS + "> Ken yes, Lucas no - Olivia\nPlease action.", GRACE, "needs_clarification"),
        (ALL_HANDS + "> Only Ken - Olivia\nPlease action.", GRACE, "needs_clarification"),
        (
            "RE: all-hands\n> Can Ken Adams be on the all-hands list?\n> Ask Priya - Olivia\nPlease action.",
            GRACE,
            "needs_clarification",
        ),
        (
            "RE: access\n> Can Ken Adams get full access and send as on sales@acme.com?\n"
            "> Just full access - Priya\nPlease action.",
            GRACE,
            "needs_clarification",
        ),
        # N3: a legend that turns the marks round asks
        ("Access review - Support (✅ = remove, ❌ = keep)" + SUPPORT_ROWS, GRACE, "needs_clarification"),
        ("Access review - Support (revoke these)" + SUPPORT_ROWS, GRACE, "needs_clarification"),
        ("Access review - Support (remove the ticked)" + SUPPORT_ROWS, GRACE, "needs_clarification"),
        # N9: an approval still to come
        (WEB_FORM + "Duration: until Mike approves", GRACE, "not_understood"),
        (WEB_FORM + "Duration: until approved", GRACE, "not_understood"),
        (SALES_FORM + "Approved by: pending", GRACE, "not_understood"),
        # N13: a rejected item written again without a mark
        (
            "HELP-4101 Mover: Liam Brown\nItems:\n- [approved] add him to Marketing\n"
            "- [rejected] remove him from all-sales\n- remove him from all-sales",
            GRACE,
            "needs_clarification",
        ),
        # N17: the words written after a struck item in its place
        (
            "HELP-4035 Mover: Christine Lee\nSteps:\n* remove her send on behalf on finance@acme.com\n"
            "* ~~add her to All Hands~~\n* ~~give her full access to sales@acme.com~~ add her to all-sales",
            GRACE,
            "needs_clarification",
        ),
        # OLD: a chat turn taking the removal back
        (
            "[09:01] David Chen: remove Ethan from Contractors\n[09:05] David Chen: hold on, he's staying",
            DAVID,
            "needs_clarification",
        ),
        (
            "[09:01] David Chen: remove Ethan from Contractors\n[09:05] David Chen: nvm",
            DAVID,
            "needs_clarification",
        ),
        # OLD: an "Approver:" field and an item "[approved by her]": never the Marketing list as a trustee
        (
            "HELP-4204 Mover: Liam Brown\nApprover: Priya Patel\nItems:\n"
            "- [approved by her] add him to Marketing\n- [approved] give him full access to sales@acme.com",
            GRACE,
            "needs_clarification",
        ),
    ],
)
def test_nothing_planned_that_was_refused_held_or_unread(
    acme: Directory, text: str, requester: str, status: str
) -> None:
    got, steps, _ = plan_of(acme, text, requester)
    assert (got, steps) == (status, [])


@pytest.mark.parametrize(
    ("text", "requester", "want"),
    [
        (QUOTED_GRANT + "Go ahead.", GRACE, {("send_as", "liam.brown@acme.com")}),
        (
            "RE: all-hands\n> Can Ken Adams be on the all-hands list?\n> Olivia\nPlease action.",
            GRACE,
            {("distribution_list_membership", "ken.adams@acme.com")},
        ),
        ("Access review - Support" + SUPPORT_ROWS, GRACE, {("mailbox_delegation", "chris.lee@acme.com")}),
        (
            SALES_FORM + "Approved by: Priya Patel",
            GRACE,
            {("mailbox_delegation", "liam.brown@acme.com"), ("send_as", "liam.brown@acme.com")},
        ),
        (
            "[09:01] David Chen: remove Ethan from Contractors\n[09:05] David Chen: thanks",
            DAVID,
            {("distribution_list_membership", "ethan.park@acme.com")},
        ),
    ],
)
def test_near_texts_still_planned(
    acme: Directory, text: str, requester: str, want: set[tuple[str, str]]
) -> None:
    got, steps, questions = plan_of(acme, text, requester)
    assert got == "ready", (got, questions)
    assert {(s["action"], s.get("trustee") or s.get("member")) for s in steps} == want
