"""nlu159's classes: words after a ticket's or review's item list (a comment, a note, a PS, someone's remark)
never revive an item the list holds or rejects (asked, never planned), and a list a person is added to is
never who gets a mailbox right said beside it. Planned and resolved against the Acme directory at the
corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
LIAM = "liam.brown@acme.com"
MARKETING = "marketing@acme.com"
SALES = "sales@acme.com"
TICKET = (
    "HELP-4102 Mover: Liam Brown\nApprover: Priya Patel\nItems:\n- [approved] add him to Marketing\n"
    "- [{mark}] send as on sales@acme.com\n{after}"
)
ADD = ("distribution_list_membership", MARKETING, LIAM)


def _steps(acme: Directory, text: str) -> tuple[str, set[str], set[tuple[str, str, str]]]:
    status, steps, about = plan_of(acme, text, GRACE)
    return (
        status,
        about,
        {(s["action"], s.get("group") or s["mailbox"], s.get("member") or s["trustee"]) for s in steps},
    )


@pytest.mark.parametrize(
    ("mark", "after"),
    [
        ("rejected", "Comment: please do the send as anyway"),
        ("held", "Note: go ahead with all of them"),
        ("on hold", "PS also do the held one"),
        ("rejected", "Priya: fine, do it"),
    ],
)
def test_words_after_the_list_never_revive_a_held_item(acme: Directory, mark: str, after: str) -> None:
    status, about, steps = _steps(acme, TICKET.format(mark=mark, after=after))
    assert status == "needs_clarification"
    assert about == {"scope"}
    assert not any(action == "send_as" for action, _, _ in steps)


@pytest.mark.parametrize("after", ["", "Thanks", "Regards,\nGrace"])
def test_a_thanks_after_the_list_keeps_the_approved_items(acme: Directory, after: str) -> None:
    assert _steps(acme, TICKET.format(mark="rejected", after=after)) == ("ready", set(), {ADD})


@pytest.mark.parametrize(
    "text",
    [
        "add Liam Brown to Marketing and send as on sales@acme.com",
        "put Liam Brown on Marketing and give him send as on sales@acme.com",
        "[10:00] Grace Hopper: add Liam Brown to Marketing\n"
        "[10:01] Grace Hopper: and send as on sales@acme.com too",
    ],
)
def test_a_list_someone_is_added_to_is_never_the_trustee(acme: Directory, text: str) -> None:
    assert _steps(acme, text) == ("ready", set(), {ADD, ("send_as", SALES, LIAM)})


def test_people_added_together_ask_whom_the_right_is_for(acme: Directory) -> None:
    status, about, steps = _steps(
        acme, "add Liam Brown and Noah Davis to Marketing and send as on sales@acme.com"
    )
    assert (status, about) == ("needs_clarification", {"trustee"})
    assert ("send_as", SALES, MARKETING) not in steps
