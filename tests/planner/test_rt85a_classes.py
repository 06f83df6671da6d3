"""rt85a: red team 85's new readings. A review item's first name that approves or names a second person is
never granted; a right held, hedged, refused, told done or past is never planned; a task asked stopped or
handed on is no reason for Send As; a reason told of the writer never removes the writer beside someone
else; a form's "my" is asked unless surely its requested-for person's; a leave still to come, a "his" after
"X is on leave, Y would like", a "the same on hers" and a he/she while a header names a second person ask.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
MIKE = "mike.smith@acme.com"
OLIVIA = "olivia.martin@acme.com"
AVA = "ava.johnson@acme.com"
LUCAS = "lucas.rossi@acme.com"
_LIST = "Add Rachel Green to the Finance Team list. {said}"
_FORM = (
    "Number: RITM0070106\n{caller}Requested for: Noah Davis\nShort description: Mailbox\nDescription: {said}"
)


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        # H1: the approver named first on a ✅ line (granted with Noah before)
        (
            "Requests pending approval\n✅ Mike Smith: approves Noah Davis full access to the Info mailbox\n"
            "❌ Ava Johnson: send as on sales@acme.com",
            GRACE,
        ),
        (
            "Manager approvals\n✅ Mike Smith: Noah Davis - full access to the Info mailbox\n"
            "❌ Olivia Martin: Ava Johnson - send as on sales@acme.com",
            GRACE,
        ),
        # H2: held, hedged, refused, past (with "she" and with the name)
        (_LIST.format(said="She also asked for editor access to my calendar, but no."), MIKE),
        (
            _LIST.format(
                said="She also needs editor access to my calendar - but hold off on that until Olivia OKs it."
            ),
            MIKE,
        ),
        (_LIST.format(said="Rachel might also need editor access to my calendar, I'll confirm."), MIKE),
        (_LIST.format(said="She had editor access to my calendar before."), MIKE),
        (_LIST.format(said="She needs editor access to my calendar? Let me check first."), MIKE),
        # H3: the task asked stopped, handed on, or past
        ("need send as on david chen's mailbox, he asked me to stop sending the weekly report", LUCAS),
        ("need send as on david chen's mailbox, he asked me to hand the weekly report to Ethan", LUCAS),
        ("need send as on david chen's mailbox, he asked me to send the weekly report last year", LUCAS),
        # H4: someone else's removal, the writer's reason beside it
        ("remove Liam's access to Priya Patel's calendar, I don't manage her diary any more", AVA),
        # H12: a form's "my" (the admin's or the Caller's mailbox before)
        (_FORM.format(caller="", said="Please give full access to my mailbox."), GRACE),
        (_FORM.format(caller="Caller: Mike Smith\n", said="Please give full access to my mailbox."), GRACE),
        # M4: a leave still to come; "his" after "X is on leave, Y would like"
        (
            "Ethan Park will be on leave, David Chen asked that Lucas be given full access to Ethan's inbox",
            GRACE,
        ),
        (
            "Ethan Park is on leave, David Chen would like Lucas Rossi to have full access to his mailbox",
            GRACE,
        ),
        # M5: the same the other way round (dropped before)
        (
            "Please add Priya Patel to Project Atlas. She needs reviewer access to Mike Smith's calendar, "
            "and he needs the same on hers.",
            GRACE,
        ),
        # M6: a second person named in a Cc or a Subject
        (
            "Please add Liam Brown to Project Atlas, cc Mike Smith. He needs reviewer access to my diary.",
            OLIVIA,
        ),
        (
            "Subject: Re: Mike Smith's team\n\nPlease add Liam Brown to Project Atlas. He needs reviewer "
            "access to my calendar.",
            OLIVIA,
        ),
        # L4: the approver's own access in the form he approves
        (
            "Number: RITM0070101\nCaller: Mike Smith\nRequested for: Noah Davis\nShort description: Send As\n"
            "Description: Noah needs to send invoices as billing@acme.com. Mike too.\n"
            "Approved by: Mike Smith",
            GRACE,
        ),
    ],
)
def test_asked_never_planned(acme: Directory, text: str, requester: str) -> None:
    status, _, _ = plan_of(acme, text, requester)
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    ("text", "requester", "planned"),
    [
        (
            "Access review\n✅ Noah Davis: full access to the Info mailbox\n✅ Ava Johnson: send as on "
            "sales@acme.com",
            GRACE,
            {("mailbox_delegation", "noah.davis@acme.com"), ("send_as", "ava.johnson@acme.com")},
        ),
        (
            _LIST.format(said="She also needs editor access to my calendar."),
            MIKE,
            {
                ("distribution_list_membership", "rachel.green@acme.com"),
                ("calendar_share", "rachel.green@acme.com"),
            },
        ),
        (
            "need send as on david chen's mailbox, he asked me to send the weekly report",
            LUCAS,
            {("send_as", LUCAS)},
        ),
        (
            "remove my access to Priya Patel's calendar, I don't manage her diary any more",
            AVA,
            {("calendar_share", AVA)},
        ),
        (
            _FORM.format(
                caller="Caller: Noah Davis\n", said="Please give Ava Johnson full access to my mailbox."
            ),
            GRACE,
            {("mailbox_delegation", "ava.johnson@acme.com")},
        ),
    ],
)
def test_near_text_still_planned(
    acme: Directory, text: str, requester: str, planned: set[tuple[str, str]]
) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert status == "ready"
    who = ("trustee", "grantee", "member")
    assert {(s["action"], next(s[k] for k in who if k in s)) for s in steps} == planned
