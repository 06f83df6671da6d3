"""nlu80's classes (red team 52, A and B): a form or a pasted table is read as steps only when every box, row,
cell and line beside it is understood; anything else asks, never a plan that grants an unticked option, an
unticked or struck person, or a right with its end dropped. Planned and resolved against the Acme directory
at the corpus's "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TABLE = "| Name | Mailbox | Access |\n|---|---|---|\n"
ACTIONS = "| Name | Mailbox | Access | Action |\n|---|---|---|---|\n"


@pytest.mark.parametrize(
    "text",
    [
        "Emma: [x] Full Access [ ] Send As on info@acme.com",
        "Access for Emma: [x] Full Access [ ] Send As on sales@acme.com",
        "Rights: [x] Full Access [ ] Send As on sales@acme.com for Emma Wilson",
        "Emma Wilson: [x] Full Access [ ] Send As (sales@acme.com)",
        "[x] Full Access [ ] Send As to info@acme.com for Liam",
    ],
)
def test_an_unticked_label_that_says_more_than_its_option_asks(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not any(s["action"] == "send_as" for s in steps)


def test_a_form_whose_empty_boxes_are_bare_options_still_plans_the_ticked_one(acme: Directory) -> None:
    steps = ready(
        acme,
        "Access for Emma Wilson on sales@acme.com: [ ] Full Access [x] Send As [ ] Send on behalf",
        GRACE,
    )
    assert [s["action"] for s in steps] == ["send_as"]


@pytest.mark.parametrize(
    "text",
    [
        "Emma Wilson [x]\nLiam Brown [ ]\nSend as on info@acme.com",
        "User: Emma Wilson [x]\nUser: Liam Brown [ ]\nMailbox: sales@acme.com\nAccess: Full Access",
        "Liam Brown ☐\nEmma Wilson ☑\nFull access on sales@acme.com",
    ],
)
def test_a_box_after_a_name_ticks_the_name_and_an_unticked_person_is_no_target(
    acme: Directory, text: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert {s["trustee"] for s in steps} == {"emma.wilson@acme.com"}


@pytest.mark.parametrize(
    "mark",
    ["()", "◻", "⬜", "🔲"],
)
def test_a_box_mark_not_known_as_ticked_or_empty_asks(acme: Directory, mark: str) -> None:
    status, steps, _ = plan_of(acme, f"[x] Full Access {mark} Send As for Emma on sales@acme.com", GRACE)
    assert (status, steps) == ("needs_clarification", [])


def test_a_red_cross_is_an_empty_box_and_a_green_tick_a_ticked_one(acme: Directory) -> None:
    steps = ready(acme, "Emma Wilson on sales@acme.com: ✅ Full Access ❌ Send As", GRACE)
    assert [s["action"] for s in steps] == ["mailbox_delegation"]


@pytest.mark.parametrize(
    "text",
    [
        "Mailbox: support@acme.com\nUser: Chris Lee\n[x] Full Access\n[x] Remove Send As",
        "Chris Lee on support@acme.com:\n[x] Send As\n[x] Remove Full Access",
    ],
)
def test_a_ticked_removal_beside_a_ticked_grant_never_removes_the_grant(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not any(s["change"] == "revoke" for s in steps)


@pytest.mark.parametrize(
    "after",
    [
        "not Liam",
        "Liam shouldn't get it after all.",
        "Not Liam.",
        "Liam is cancelled",
        "Ignore the Liam row",
        "Liam and Noah are on hold.",
        "(except Liam)",
    ],
)
def test_a_negation_beside_a_table_asks_the_whole_table(acme: Directory, after: str) -> None:
    status, steps, _ = plan_of(
        acme, f"Name,Group\nEmma Wilson,Contractors\nLiam Brown,Contractors\n{after}", GRACE
    )
    assert (status, steps) == ("needs_clarification", [])


@pytest.mark.parametrize(
    "after",
    ["Emma should get Send As instead", "PS the mailbox should be info@acme.com", "these are new hires"],
)
def test_a_correction_or_unread_line_beside_a_table_asks(acme: Directory, after: str) -> None:
    status, steps, _ = plan_of(
        acme, f"Name,Mailbox,Access\nEmma Wilson,sales@acme.com,Full Access\n{after}", GRACE
    )
    assert (status, steps) == ("needs_clarification", [])


def test_a_lead_in_and_a_sign_off_beside_a_table_keep_it_read(acme: Directory) -> None:
    steps = ready(
        acme,
        "Hi,\nPlease set these up:\nName,Group\nEmma Wilson,Contractors\nLiam Brown,Contractors\n"
        "Thanks\nGrace",
        GRACE,
    )
    assert {s["member"] for s in steps} == {"emma.wilson@acme.com", "liam.brown@acme.com"}


@pytest.mark.parametrize(
    ("before", "after", "expires"),
    [
        ("", "until Friday", "2026-03-07T00:00:00Z"),
        ("Until 13 March:\n", "", "2026-03-14T00:00:00Z"),
        ("", "All of the above until 13 March.", "2026-03-14T00:00:00Z"),
        ("", "for a week", "2026-03-09T09:00:00Z"),
        ("", "For two weeks only please", "2026-03-16T09:00:00Z"),
        ("Please add these until Friday:\n", "", "2026-03-07T00:00:00Z"),
    ],
)
def test_a_plain_end_beside_a_table_ends_every_row(
    acme: Directory, before: str, after: str, expires: str
) -> None:
    steps = ready(
        acme, f"{before}Name,Group\nEmma Wilson,Contractors\nLiam Brown,Contractors\n{after}", GRACE
    )
    assert len(steps) == 2
    assert all(s.get("expires") == expires for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        "For the duration of the audit:\nName,Group\nEmma Wilson,Contractors",
        "Grant the below for the duration of Priya's leave:\nName,Mailbox,Access\n"
        "Emma Wilson,sales@acme.com,Full Access",
        "Name,Mailbox,Access\nEmma Wilson,priya.patel@acme.com,Full Access\nwhile Priya is away",
        "Name,Group\nEmma Wilson,Contractors\nEnds when the project does.",
        f"{TABLE}| Emma Wilson | sales@acme.com | Full Access (temp) |",
        "Remove these until Friday:\nName,Group\nChris Lee,Contractors",
    ],
)
def test_a_vague_end_beside_or_in_a_table_asks_when_it_ends(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])
    assert "expires" in about


@pytest.mark.parametrize(
    "row",
    [
        "| ~~Liam Brown~~ | sales@acme.com | Full Access |",
        "| Liam Brown | sales@acme.com | ~~Full Access~~ Send As |",
    ],
)
def test_struck_through_text_is_never_a_step(acme: Directory, row: str) -> None:
    status, steps, _ = plan_of(acme, f"{TABLE}{row}", GRACE)
    assert (status, steps) == ("needs_clarification", [])


@pytest.mark.parametrize("cell", ["n", "no", "end", "y", "cancel"])
def test_an_action_cell_not_clearly_a_grant_or_removal_asks(acme: Directory, cell: str) -> None:
    assert asks(acme, f"{ACTIONS}| Chris Lee | support@acme.com | Full Access | {cell} |", GRACE) == {
        "action"
    }


def test_a_remove_action_cell_still_removes(acme: Directory) -> None:
    assert ready_tuples(
        acme, f"{ACTIONS}| Chris Lee | support@acme.com | Full Access | remove |", GRACE, "action", "change"
    ) == [("mailbox_delegation", "revoke")]


def test_a_tick_with_nothing_beside_it_asks(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Add to Marketing:\n[x] Emma Wilson\n[ ] Liam Brown\n[x]", GRACE)
    assert (status, steps) == ("needs_clarification", [])


def test_a_form_whose_action_box_is_a_bare_remove_is_no_mix_of_changes(acme: Directory) -> None:
    steps = ready(acme, "Action: [ ] Add [x] Remove\nUser: Emma Wilson\nGroup: Marketing", GRACE)
    assert [s["change"] for s in steps] == ["remove"]
