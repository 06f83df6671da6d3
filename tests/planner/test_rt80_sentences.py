"""Red team 80's harms in the sentence readings (rt80a): each text below was a ready plan with a step the
request did not ask for (a list deleted, a right granted to the writer for someone else, a removal made now
that was said for later or hedged, the writer's mailbox given to another's owner, a request taken back
planned, an old address dropped on a question, a move's way back lost, a confirmer's right revoked, a move
read backwards, a group added to a list no one of it is to be on). Planned at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

# the requesters and the people the texts name, by their Acme addresses
GRACE, TOM, LIAM, JANE = (
    f"{who}@acme.com" for who in ("grace.hopper", "tom.becker", "liam.brown", "jane.doe")
)

# ---- rt80a: red team 80, sentence readings ----


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        # N1: "del" with a noun, a time or a question after the list
        ("del the marketing dl members who left", GRACE),
        ("pls del the engineering list members, we use teams now", GRACE),
        ("del the marketing dl owner", GRACE),
        ("del the marketing dl after the launch", GRACE),
        ("pls del the marketing dl? or is it still used", GRACE),
        ("del the marketing dl members who left", JANE),
        ("del the marketing dl members", LIAM),
        # N4: a bare need said for someone else
        ("need send as on sales@acme.com - for the new guy", TOM),
        ("need send as on sales@acme.com - for my colleague", TOM),
        ("need full access to sales@acme.com - she's new", TOM),
        ("need send as on sales@acme.com for the new guy", GRACE),
        # N5/N6/N12: a start, a hedge or a question after "should no longer be on it"
        ("add Emma Wilson to the Marketing list. Liam Brown should no longer be on it after June", GRACE),
        ("Tom Becker shouldn't be on Marketing any more from April", GRACE),
        ("add Emma Wilson to the Marketing list. Liam Brown should no longer be on it, I think?", GRACE),
        ("Tom Becker shouldn't be on Marketing any more, right?", GRACE),
        # N7: another's own mailbox named in what is left
        ("Don't give Liam send as on my mailbox, just full access to Tom's", GRACE),
        ("don't give Liam send as on my mailbox, just full access to Jane's", TOM),
        # N10: taken back after a comma
        ("hey can u ad me to project phoenix thx, actually nvm", LIAM),
        # N11: the old address's drop asked
        ("Could Tom Becker's primary email become tom.b@acme.com? Should we drop the old address?", GRACE),
        ("Could Tom Becker's primary email become tom.b@acme.com? Maybe drop the old address later", GRACE),
        # N14: where someone is, told
        ("Give me full access to the sales mailbox for a week. Tom's out of the Marketing list", GRACE),
        # N15: a move for a time and back
        ("Move Tom Becker from Marketing to All Hands until Friday, then back", GRACE),
        # N16: a given name alone that may be another
        (
            "Chris can't open the Billing mailbox. Mike Smith confirmed she should have full access to "
            "billing@acme.com.",
            GRACE,
        ),
        # OLD: what someone is not to have, confirmed; no one of a group to be on a list
        (
            "Rachel Green can't open the Billing mailbox. Mike Smith confirmed she shouldn't have full "
            "access to billing@acme.com.",
            GRACE,
        ),
        ("nobody in Contractors should be on All Hands any more", GRACE),
        # low: two levels for one share; "and neither should I" (the writer's own removal dropped)
        ("share my calendar with Ethan Park as editor (free/busy is enough)", GRACE),
        ("Tom Becker shouldn't be on Marketing any more, and neither should I", GRACE),
    ],
)
def test_the_harmful_reading_plans_no_change(acme: Directory, text: str, requester: str) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert status != "ready" or all(s["change"] == "read" for s in steps), steps


def _changes(steps: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {
        (s["change"], s.get("group") or s.get("mailbox"), s.get("member") or s.get("trustee")) for s in steps
    }


@pytest.mark.parametrize(
    ("text", "requester", "expected"),
    [
        # the plain forms keep planning
        ("del the marketing dl, nobody uses it", GRACE, {("delete", "marketing@acme.com", None)}),
        ("del the all hands list pls", GRACE, {("delete", "all-hands@acme.com", None)}),
        ("need send as on sales@acme.com", TOM, {("grant", "sales@acme.com", TOM)}),
        (
            "add Emma Wilson to the Marketing list, but Liam Brown should no longer be on it",
            GRACE,
            {("add", "marketing@acme.com", "emma.wilson@acme.com"), ("remove", "marketing@acme.com", LIAM)},
        ),
        (
            "Tom Becker shouldn't be on Marketing any more, he left",
            GRACE,
            {("remove", "marketing@acme.com", TOM)},
        ),
        (
            "don't give Liam send as on my mailbox, just full access",
            GRACE,
            {("grant", GRACE, LIAM)},
        ),
        ("hey can u ad me to project phoenix thx", LIAM, {("add", "project-phoenix@acme.com", LIAM)}),
        # N18: the add said after ", moving to X" is planned with the removal
        (
            "remove me from all-sales, moving to Marketing - add me please",
            GRACE,
            {("add", "marketing@acme.com", GRACE), ("remove", "all-sales@acme.com", GRACE)},
        ),
        (
            "Take Tom off all-sales, moving to marketing so add him there",
            GRACE,
            {("add", "marketing@acme.com", TOM), ("remove", "all-sales@acme.com", TOM)},
        ),
        # OLD: "moving him off" names the list he leaves
        (
            "Add Tom to Marketing, moving him off all-sales",
            GRACE,
            {("add", "marketing@acme.com", TOM), ("remove", "all-sales@acme.com", TOM)},
        ),
    ],
)
def test_the_plain_forms_plan_what_was_asked(
    acme: Directory, text: str, requester: str, expected: set[tuple[object, ...]]
) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert (status, _changes(steps)) == ("ready", expected)


def test_the_plain_drop_of_the_old_address_still_drops(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Could Tom Becker's primary email become tom.b@acme.com? please drop the old address", GRACE
    )
    assert status == "ready"
    assert [s["keep_old"] for s in steps] == [False]
