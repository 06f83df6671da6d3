"""nlu158's classes: a fix to a read-only mailbox right is asked, and a right a fix refuses is never granted;
a removal or grant said to start later ("after June", "from April") is asked, never made now; ", moving him to
X" and ", transferring him from X" are why, never a change on X; "(and Mike's)" is asked, never Mike granted;
a change wished done in the passive after a state told with a comma is planned, never read as views; and a
forwarding told as it has been ("has been forwarded to ..., please keep it") is no forwarding to set. Planned
and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"


@pytest.mark.parametrize(
    ("requester", "text", "about"),
    [
        # a read-only fix of a mailbox right (main granted the send as the fix refused)
        (
            GRACE,
            "can someone give Liam Brown full access to sales@acme.com. actually make that read only, "
            "no send as",
            "access",
        ),
        (GRACE, "Give Liam Brown send as on sales@acme.com. Sorry, I meant read only access", "access"),
        # a later start (main removed at once)
        (GRACE, "Remove Liam Brown from the Marketing list after June", "expires"),
        (GRACE, "Tom Becker should no longer be on Marketing from April", "expires"),
        (GRACE, "Give Liam Brown full access to sales from April", "expires"),
        # where the person comes from (main granted it too)
        (TOM, "Give me full access to sales, moving from support", "action"),
        (GRACE, "Give Tom full access to billing@acme.com, transferring him from finance@acme.com", "action"),
        # "(and Mike's)" (main granted Mike)
        (GRACE, "Give Noah Davis send as on support@acme.com (and Mike's)", "mailbox"),
        (GRACE, "Give Tom full access to my mailbox (and Mike's)", "mailbox"),
        (GRACE, "Add Tom to Marketing (and Mike's)", "group"),
    ],
)
def test_asked_never_planned(acme: Directory, requester: str, text: str, about: str) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert (status, steps, questions) == ("needs_clarification", [], {about})


@pytest.mark.parametrize(
    ("text", "planned"),
    [
        # the right a fix refuses is cut from it; the right it gives stays
        (
            "Give Liam Brown full access to sales@acme.com. actually make that send on behalf, no send as",
            {("send_on_behalf", "grant", "sales@acme.com", "liam.brown@acme.com")},
        ),
        # where the person goes is why (main revoked sales@ and billing@ too)
        (
            "Remove Tom's full access on support, moving him to sales",
            {("mailbox_delegation", "revoke", "support@acme.com", TOM)},
        ),
        (
            "remove Tom's send as on support, moving him to billing",
            {("send_as", "revoke", "support@acme.com", TOM)},
        ),
        # the other way: the move's mailbox asked for outright is planned
        (
            "Remove Tom's full access on support, moving him to sales, and give him full access to sales",
            {
                ("mailbox_delegation", "revoke", "support@acme.com", TOM),
                ("mailbox_delegation", "grant", "sales@acme.com", TOM),
            },
        ),
        # a start said as today is at once
        (
            "Remove Liam Brown from the Marketing list from today",
            {("distribution_list_membership", "remove", "marketing@acme.com", "liam.brown@acme.com")},
        ),
        # the wish after the state is the request (main planned two views of mailboxes)
        (
            "Ethan Park is on leave, David Chen asks that Ethan's email be forwarded to Lucas Rossi",
            {("email_forwarding_internal", "set", "ethan.park@acme.com", "lucas.rossi@acme.com")},
        ),
        # someone's own mailbox said before it: "Mike's" is his mailbox
        (
            "Give Tom full access to Ava's mailbox and Mike's",
            {
                ("mailbox_delegation", "grant", "ava.johnson@acme.com", TOM),
                ("mailbox_delegation", "grant", "mike.smith@acme.com", TOM),
            },
        ),
    ],
)
def test_planned_as_asked(acme: Directory, text: str, planned: set[tuple[str, str, str, str]]) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert {
        (
            s["action"],
            s["change"],
            s.get("mailbox") or s.get("group"),
            s.get("trustee") or s.get("member") or s.get("forward_to"),
        )
        for s in steps
    } == planned


@pytest.mark.parametrize(
    "text",
    [
        "Rachel's email has been forwarded to Christine Lee since her leave. Please keep it",
        "Rachel Green's mail has already been forwarded to Christine Lee.",
    ],
)
def test_forwarding_told_is_no_change(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == ("not_understood", [])
