"""nlu156's classes (batches 50 and 51): a list titled by its mailbox puts each item on that mailbox (the
person the item names is the trustee, never the mailbox); an item held by a status said after it, or one
that says no change ("nothing on ...", "keep ..."), is never a step; a ticket item's pronoun that cannot be
its subject is asked, never the subject; "X's email has been forwarded to Y ... please stop it" clears the
forwarding, never sets it. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _step_set(steps: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {
        (
            s["action"],
            s["change"],
            s.get("mailbox") or s.get("group") or s.get("owner"),
            s.get("trustee") or s.get("member") or s.get("grantee") or s.get("forward_to"),
        )
        for s in steps
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # the title names the mailbox, each kept item the trustee; ❌ and ⏳ items are never planned
            "Requests for the Careers mailbox, reviewed by Maria Garcia:\n✅ Ken Adams - send as\n"
            "❌ Lucas Rossi - full access\n✅ Rachel Green - full access, no automap\n"
            "⏳ Ethan Park - send on behalf\n",
            {
                ("send_as", "grant", "careers@acme.com", "ken.adams@acme.com"),
                ("mailbox_delegation", "grant", "careers@acme.com", "rachel.green@acme.com"),
            },
        ),
        (  # "nothing on the Sales mailbox" is no step: the Sales mailbox is never a grantee
            "Mover today - Ava Johnson, Sales Operations -> Marketing:\n* add to Marketing\n"
            "* remove from all-sales\n* reviewer on Jane Doe's calendar\n* nothing on the Sales mailbox\n",
            {
                ("distribution_list_membership", "add", "marketing@acme.com", "ava.johnson@acme.com"),
                ("distribution_list_membership", "remove", "all-sales@acme.com", "ava.johnson@acme.com"),
                ("calendar_share", "grant", "jane.doe@acme.com", "ava.johnson@acme.com"),
            },
        ),
        (  # "keep ..." is no step; the held item after an arrow is never planned
            "ITSD-4471  Mover: Christine Lee (Finance -> Sales)\nReporter: Mike Smith\nPlease:\n"
            "- add her to all-sales\n- keep her on the Finance Team\n"
            "- send on behalf on billing@acme.com -> ON HOLD until Priya confirms\n",
            {("distribution_list_membership", "add", "all-sales@acme.com", "christine.lee@acme.com")},
        ),
        (  # a status in brackets after the item
            "PROJ-4471 Leaver: Lucas Rossi\nItems:\n- remove Lucas Rossi from Contractors [approved]\n"
            "- remove Lucas Rossi from Engineering [on hold - check with David first]\n",
            {("distribution_list_membership", "remove", "contractors@acme.com", "lucas.rossi@acme.com")},
        ),
        (  # a forwarding said as what is so, "please stop it" of it: cleared, never set
            "INC0091823\nCaller: Rachel Green\nDescription: Rachel's email has been forwarded to "
            "Christine Lee "
            "since her leave. She's back now, please stop it.\n",
            {("email_forwarding_internal", "clear", "rachel.green@acme.com", None)},
        ),
    ],
)
def test_structure_never_widens_the_plan(acme: Directory, text: str, want: set[tuple[object, ...]]) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert _step_set(steps) == want


@pytest.mark.parametrize(
    "text",
    [
        "HELP-2231 Mover: Tom Becker\nItems:\n- [approved] remove him from all-sales\n"
        "- [approved] give her full access to sales@acme.com",
        "IT-5120 Leaver: Christine Lee\nItems:\n- [approved] remove her from Finance Team\n"
        "- [approved] revoke his full access to finance@acme.com",
    ],
)
def test_pronoun_that_cannot_be_the_subject_is_asked(acme: Directory, text: str) -> None:
    status, _, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "trustee" in questions


@pytest.mark.parametrize(
    ("text", "requester", "want"),
    [
        (  # the quoted "your" said to the one replying is theirs: never the admin's own calendar
            "From: Olivia Martin\nTo: IT Service Desk\nSubject: RE: calendar\n\n"
            "Fine by me, go ahead.\n\nOlivia\n\n"
            "> From: Maria Garcia\n> Olivia, could Grace Hopper get free/busy on your calendar until Friday? "
            "She's scheduling the board IT review.\n",
            "olivia.martin@acme.com",
            {("calendar_share", "grant", "olivia.martin@acme.com", GRACE)},
        ),
        (  # another speaker's "👍 on it" is no part of the request; the correction before it holds
            "[09:02] Sarah Connor: can someone give Tom Becker send as on support@acme.com\n"
            "[09:03] Sarah Connor: actually make that send on behalf, not send as\n"
            "[09:04] Ken Adams: 👍 on it\n",
            GRACE,
            {("send_on_behalf", "grant", "support@acme.com", "tom.becker@acme.com")},
        ),
    ],
)
def test_reply_and_chat_read_as_said(
    acme: Directory, text: str, requester: str, want: set[tuple[object, ...]]
) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", (status, questions)
    assert _step_set(steps) == want
    if steps and steps[0]["action"] == "calendar_share":
        assert steps[0]["access"] == "availability_only"  # (the IT "review" is no reviewer right)
