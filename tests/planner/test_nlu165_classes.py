"""nlu165's classes (batch 54): a caller's label ("Calling for Sarah Connor, who is on leave: ...") names whom
the call is for, and the her/his before a mailbox after it is that person, never a grant "for" them; "just
drop her to free/busy" after "don't remove her from Priya's calendar" keeps the share on Priya's calendar at
free/busy, never the writer's calendar nor a removal; "not Tom actually, just Chris" after a dash plans Chris
alone; a grant said "instead" after a removal on one mailbox is on that mailbox; "the Finance Team members
except Mike" are the list's other members. Planned and resolved against the Acme directory at the corpus's
fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
KEN = "ken.adams@acme.com"


@pytest.mark.parametrize(
    ("text", "mailbox", "trustee"),
    [
        (
            "Calling for Sarah Connor, who is on leave: Chris Lee needs full access to her mailbox",
            "sarah@acme.com",
            "chris.lee@acme.com",
        ),
        (
            "Calling for Sarah Connor: Chris Lee needs full access to her mailbox",
            "sarah@acme.com",
            "chris.lee@acme.com",
        ),
        (
            "Writing for Liam Brown, who is off sick: Chris Lee needs full access to his mailbox",
            "liam.brown@acme.com",
            "chris.lee@acme.com",
        ),
    ],
)
def test_caller_label_names_whose_mailbox(acme: Directory, text: str, mailbox: str, trustee: str) -> None:
    status, steps, _ = plan_of(acme, text, KEN)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("mailbox_delegation", mailbox, trustee)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a she the label's he cannot be, or a she someone after the label may be: asked
        "Calling for Liam Brown, who is on leave: Chris Lee needs full access to her mailbox",
        "Calling for Sarah Connor, who is on leave: Priya Patel needs full access to her mailbox",
    ],
)
def test_caller_label_pronoun_in_doubt_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, KEN)
    assert status == "needs_clarification"
    assert all(
        s.get("mailbox") != "chris.lee@acme.com" and s.get("trustee") != "sarah@acme.com" for s in steps
    )


@pytest.mark.parametrize(
    "text",
    [
        "Don't remove Ava Johnson from Priya Patel's calendar, just drop her to free/busy",
        "Don't take Ava Johnson off Priya Patel's calendar, just drop her to free/busy",
        "Drop Ava Johnson to free/busy on Priya Patel's calendar",
    ],
)
def test_dropped_to_free_busy_keeps_the_share_on_that_calendar(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["change"], s["owner"], s["grantee"], s["access"]) for s in steps] == [
        ("grant", "priya.patel@acme.com", "ava.johnson@acme.com", "availability_only")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Give Chris Lee and Tom Becker send on behalf on the Support mailbox - not Tom actually, just Chris",
        "Give Chris Lee and Tom Becker send on behalf on the Support mailbox — not Tom actually, just Chris",
    ],
)
def test_dash_correction_keeps_the_one_named(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("send_on_behalf", "support@acme.com", "chris.lee@acme.com")
    ]


@pytest.mark.parametrize(
    ("text", "action", "mailbox", "old", "new"),
    [
        (
            "Remove Mike Smith's full access to the Billing mailbox and give Rachel Green full access "
            "instead",
            "mailbox_delegation",
            "billing@acme.com",
            "mike.smith@acme.com",
            "rachel.green@acme.com",
        ),
        (
            "Take away Mike Smith's send as on the Support mailbox and give Ken Adams send as instead",
            "send_as",
            "support@acme.com",
            "mike.smith@acme.com",
            "ken.adams@acme.com",
        ),
        (
            "Remove Tom Becker's send on behalf on Liam Brown's mailbox and give Ava Johnson send on behalf "
            "instead",
            "send_on_behalf",
            "liam.brown@acme.com",
            "tom.becker@acme.com",
            "ava.johnson@acme.com",
        ),
    ],
)
def test_grant_instead_is_on_the_mailbox_removed_from(
    acme: Directory, text: str, action: str, mailbox: str, old: str, new: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert {(s["action"], s["change"], s["mailbox"], s["trustee"]) for s in steps} == {
        (action, "revoke", mailbox, old),
        (action, "grant", mailbox, new),
    }


@pytest.mark.parametrize(
    ("text", "members"),
    [
        (
            "Add the Finance Team members except Mike Smith to Project Atlas",
            {"christine.lee@acme.com", "rachel.green@acme.com"},
        ),
        (
            "Add all Finance Team members but Mike Smith to Project Atlas",
            {"christine.lee@acme.com", "rachel.green@acme.com"},
        ),
        (
            "Add the finance team members apart from Rachel Green to Project Atlas",
            {"christine.lee@acme.com", "mike.smith@acme.com"},
        ),
    ],
)
def test_list_members_but_one(acme: Directory, text: str, members: set[str]) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert {s["group"] for s in steps} == {"project-atlas@acme.com"}
    assert {s["member"] for s in steps} == members
