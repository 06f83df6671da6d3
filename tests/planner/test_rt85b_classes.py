"""Red team 85's old readings (rt85b): a him/her the writer wishes something for is never the writer, on any
mailbox; a removal said for a later day ("at month end", "EOM", "in two weeks", "on his last day") asks; a
right said as "and also his <right>" after a list removal is never granted; the mailbox someone "moves
from" is never granted; a manager's aside asking for a "he" who cannot be the one managed asks; a loss the
writer approves of asks nothing; "Reported by X on behalf of Y:" before a grant naming no one asks whom.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
MIKE = "mike.smith@acme.com"
GRANTS = {"mailbox_delegation", "send_as", "send_on_behalf", "calendar_share"}


@pytest.mark.parametrize(
    ("text", "wished"),
    [
        (
            "Rachel Green is in my team. I'd like her to get full access to Olivia Martin's mailbox.",
            "rachel.green",
        ),
        ("Rachel Green is in my team. I want her to have send as on Ken Adams's mailbox.", "rachel.green"),
        (
            "Tom Becker is in my team. I'd like him to get full access to Olivia Martin's mailbox.",
            "tom.becker",
        ),
        ("Rachel Green is in my team. I'd love for her to get send as on finance@acme.com", "rachel.green"),
        ("Rachel Green is on my team. I'd like for her to get send as on finance@acme.com", "rachel.green"),
    ],
)
def test_a_him_or_her_the_writer_wishes_for_is_never_the_writer(
    acme: Directory, text: str, wished: str
) -> None:
    status, steps, _ = plan_of(acme, text, MIKE)
    assert status == "ready"
    assert {s["trustee"] for s in steps} == {f"{wished}@acme.com"}


@pytest.mark.parametrize(
    ("later", "now"),
    [
        ("Remove Liam Brown from all-sales at month end", "Remove Liam Brown from all-sales today"),
        ("Remove Liam Brown from all-sales EOM", "Remove Liam Brown from all-sales asap"),
        ("Remove Liam Brown from all-sales in two weeks", "Remove Liam Brown from all-sales now"),
        ("Remove Liam Brown from all-sales 1st April onwards", "Remove Liam Brown from all-sales today"),
        ("Remove Liam Brown from all-sales once the quarter closes", "Remove Liam Brown from all-sales now"),
        ("Remove Liam from all-sales on his last day", "Remove Liam from all-sales today"),
        ("Remove Liam from all-sales when his contract ends in April", "Remove Liam from all-sales asap"),
        ("Remove Liam from all-sales; he's leaving at the end of March", "Remove Liam from all-sales now"),
        ("Revoke Tom's send as on support at month end", "Revoke Tom's send as on support immediately"),
        ("Take Ava off Ken Adams's calendar EOM", "Take Ava off Ken Adams's calendar today"),
    ],
)
def test_a_removal_said_for_later_asks_and_for_now_plans(acme: Directory, later: str, now: str) -> None:
    status, steps, about = plan_of(acme, later, GRACE)
    assert status == "needs_clarification"
    assert "expires" in about
    assert not steps
    status, steps, _ = plan_of(acme, now, GRACE)
    assert status == "ready"
    assert [s["change"] for s in steps] in (["remove"], ["revoke"])


@pytest.mark.parametrize(
    "text",
    [
        "remove Liam Brown from Marketing and also his send as on sales@acme.com",
        "remove Liam Brown from Marketing and also his full access to sales@acme.com",
        "remove Rachel Green from Marketing and also her send as on sales@acme.com",
        "take Liam Brown off Marketing, and also his send on behalf on sales@acme.com",
    ],
)
def test_a_right_said_also_after_a_list_removal_is_never_granted(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert not [s for s in steps if s.get("change") == "grant"]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom full access to billing as he moves from support",
        "Give Tom full access to billing as he moves over from support",
        "Give Tom send as on billing as he moves over from support",
        "Give Rachel full access to billing as she moves from support",
    ],
)
def test_the_mailbox_moved_from_is_never_granted(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not [s for s in steps if s.get("mailbox") == "support@acme.com"]


@pytest.mark.parametrize(
    "text",
    [
        "Mike Smith, Rachel Green's manager, asks that he be given full access to the Sales mailbox",
        "Mike Smith, Christine Lee's manager, asked that he get send as on billing@acme.com",
        "David Chen, Mia Novak's manager, asks that he be given send as on the Sales mailbox",
    ],
)
def test_a_he_who_cannot_be_the_one_managed_asks(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "trustee" in about
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "Lucas Rossi lost full access to hr@acme.com, which was right - leave it",
        "Lucas Rossi lost full access to hr@acme.com, that was intended",
        "Lucas Rossi lost send as on hr@acme.com when he changed teams, that's fine",
    ],
)
def test_a_loss_the_writer_approves_of_grants_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert not [s for s in steps if s["action"] in GRANTS]


@pytest.mark.parametrize(
    "text",
    [
        "Reported by Ken Adams on behalf of Lucas Rossi: please give full access to hr@acme.com",
        "Submitted by Ken Adams on behalf of Lucas Rossi: please give full access to hr@acme.com",
        "Reported by Ken Adams for Lucas Rossi: please give full access to hr@acme.com",
        "Reported by Ken Adams, for Lucas Rossi: needs send as on hr@acme.com",
    ],
)
def test_the_reporter_for_someone_is_never_granted(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "trustee" in about
    assert not [s for s in steps if s.get("trustee") == "ken.adams@acme.com"]


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("add Liam Brown to Marketing, and everyone in it needs full access to sales@acme.com", "trustee"),
        ("add Liam Brown to Marketing, the whole team needs send as on sales@acme.com", "trustee"),
        ("Remove Tom's full access on support, reassign to Liam Brown", "scope"),
        ("Remove Tom's send as on support, switch it to Ava Johnson", "scope"),
        ("Remove Tom's full access on support, Liam takes it over", "scope"),
        (
            "Ethan Park is on leave, David Chen asks if Lucas Rossi can be given full access to his mailbox",
            "action",
        ),
        ("add Liam Brown to Marketing, ditto sales@acme.com", "action"),
        (
            "Lucas Rossi's send as on hr@acme.com was removed, please add it back and remove his full access",
            "action",
        ),
        (
            "Remove Tom's full access on support, as he's moving to sales where he'll need full access",
            "action",
        ),
    ],
)
def test_a_medium_reading_that_changed_the_wrong_thing_asks(acme: Directory, text: str, about: str) -> None:
    status, steps, asked = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert about in asked
    assert not steps
