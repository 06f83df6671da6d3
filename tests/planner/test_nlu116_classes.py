"""nlu116's classes (red team 68's findings in session 19's new rules). Planned and resolved against the Acme
directory at the corpus's fixed "now" (Monday 2 March 2026: "until Friday" ends on 7 March, 00:00)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
FRIDAY_END = "2026-03-07T00:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker is covering sales for Emma Wilson until Friday. Give him full access to her mailbox.",
        # the names' usual genders say the opposite of what the cover would: nothing in the text settles it
        "Tom Becker is covering sales for Emma Wilson. Give her full access to his mailbox.",
        "Emma Wilson is covering sales for Tom Becker. Give him full access to her mailbox.",
        # a second grant must never be re-aimed at the one covering
        "Tom Becker is covering sales for Emma Wilson. Give him full access to her mailbox. Also give her "
        "send as on his.",
        # the one covered for is Emma's manager, not Emma
        "Tom Becker is covering for Emma Wilson's manager. Give him full access to her mailbox.",
    ],
)
def test_a_cover_with_no_gender_said_asks_who_is_whom(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"trustee"}


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker is covering sales for Emma Wilson while she's on leave until Friday. Give him full "
        "access to her mailbox.",
        "Tom Becker is covering for Emma Wilson until Friday. Give Tom Becker full access to Emma Wilson's "
        "mailbox.",
    ],
)
def test_a_cover_that_plans_keeps_its_end(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("tom.becker@acme.com", "emma.wilson@acme.com", FRIDAY_END)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker is covering for Emma Wilson while she's on leave from Wednesday. Give him full access to "
        "her mailbox.",
        "Tom Becker is covering for Emma Wilson next week. Give Tom Becker full access to Emma Wilson's "
        "mailbox.",
    ],
)
def test_a_cover_starting_later_asks_its_end(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"expires"}


def test_a_cover_told_beside_an_unrelated_grant_leaves_it_as_asked(acme: Directory) -> None:
    steps = ready(
        acme,
        "Tom Becker is covering for Emma Wilson until Friday. Give Liam Brown full access to Sales.",
        GRACE,
    )
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("liam.brown@acme.com", "sales@acme.com", None)
    ]


EXCEPT_EMMA = '<p>Remove everyone from all-sales<span style="{}"> except Emma Wilson</span>.</p>'


@pytest.mark.parametrize(
    "style", ["color:yellow", "color:#ff0", "color:#ffff00;background:#fff", "color:lightyellow"]
)
def test_a_hue_of_the_backdrops_lightness_is_never_dropped_as_unseen(acme: Directory, style: str) -> None:
    status, steps, _ = plan_of(acme, EXCEPT_EMMA.format(style), GRACE)
    assert "emma.wilson@acme.com" not in {s.get("member") for s in steps}
    assert status == "needs_clarification"


def test_a_colour_near_the_backdrop_in_every_channel_is_unseen(acme: Directory) -> None:
    text = (
        '<p>Give Tom Becker full access to Finance.</p><p style="color:#fefefe">Also give Liam Brown full '
        "access to Sales.</p>"
    )
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [
        ("tom.becker@acme.com", "finance@acme.com")
    ]


HIDE_X = '<p>Remove everyone from all-sales<span class="x"> except Emma Wilson</span>.</p>'


@pytest.mark.parametrize(
    "sheet",
    [
        '<style media="speech">.x{display:none}</style>',
        '<style media="not all">.x{display:none}</style>',
        '<style type="text/plain">.x{display:none}</style>',
        "<template><style>.x{display:none}</style></template>",
        "<textarea><style>.x{display:none}</style></textarea>",
    ],
)
def test_a_sheet_that_never_applies_on_a_screen_hides_nothing(acme: Directory, sheet: str) -> None:
    steps = ready(acme, sheet + HIDE_X, GRACE)
    removed = {s["member"] for s in steps}
    assert "emma.wilson@acme.com" not in removed
    assert "liam.brown@acme.com" in removed


@pytest.mark.parametrize(
    "text",
    [
        '<style media="screen and (max-width:0)">.x{display:none}</style>' + HIDE_X,
        "<noscript><style>.x{display:none}</style></noscript>" + HIDE_X,
        "<p>Remove everyone from all-sales<!--[if mso]> except Emma Wilson<![endif]-->.</p>",
        "<!--[if mso]><p>Remove everyone from all-sales except Emma Wilson.</p><![endif]-->"
        "<!--[if !mso]><!--><p>Remove everyone from all-sales.</p><!--<![endif]-->",
    ],
)
def test_text_a_sheet_may_hide_or_outlook_alone_shows_is_asked(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


def test_a_sheet_for_the_screen_still_hides(acme: Directory) -> None:
    text = (
        '<style media="screen">.x{display:none}</style><p>Give Tom Becker full access to Finance.</p>'
        '<p class="x">Also give Liam Brown full access to Sales.</p>'
    )
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [
        ("tom.becker@acme.com", "finance@acme.com")
    ]


WROTE = "Fine by me, please add her.\n\nOn Monday, Rachel Green wrote:\n> could I join the Marketing list?"


@pytest.mark.parametrize("more", [" and give me send as on Sales", " Ava wants in too."])
def test_add_her_over_a_quote_asking_more_than_one_thing_is_asked(acme: Directory, more: str) -> None:
    status, _, about = plan_of(acme, WROTE + more, GRACE)
    assert status == "needs_clarification"
    assert about == {"scope"}


def test_add_her_over_a_quote_of_one_ask_takes_it(acme: Directory) -> None:
    assert ready_tuples(acme, WROTE, GRACE, "member", "group") == [
        ("rachel.green@acme.com", "marketing@acme.com")
    ]


FORWARDED = (
    "\nFrom: Mike Smith Sent: Monday, March 2, 2026 8:00 AM To: IT Subject: access\n"
    "Please give Liam Brown full access to Sales."
)


@pytest.mark.parametrize(
    "note", ["Please approve.", "Could you approve this?", "Forwarding for your approval."]
)
def test_a_mail_sent_for_approval_is_never_acted_on(acme: Directory, note: str) -> None:
    status, steps, _ = plan_of(acme, note + FORWARDED, GRACE)
    assert status != "ready"
    assert steps == []


def test_a_mail_approved_is_acted_on(acme: Directory) -> None:
    assert ready_tuples(acme, "Approved." + FORWARDED, GRACE, "trustee", "mailbox") == [
        ("liam.brown@acme.com", "sales@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Make a DL called Finance with Tom Becker.",
        "Make a DL called Support with Tom Becker.",
        "Create a new list called sarah with Tom Becker.",
    ],
)
def test_a_new_list_is_never_made_at_an_address_a_recipient_holds(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"group"}


def test_a_new_list_at_a_free_address_is_made(acme: Directory) -> None:
    assert ready_tuples(acme, "Make a DL called Events with Tom Becker.", GRACE, "group", "members") == [
        ("events@acme.com", ["tom.becker@acme.com"])
    ]


ASKED = "Please give Tom Becker full access to Sales and Finance."


@pytest.mark.parametrize(
    "later",
    [
        " NVM Sales. Actually, Sales is fine, do both.",
        " NVM Sales. Actually, do both.",
        " Scratch Sales. Actually, keep Sales in.",
        "\nnvm sales\nactually sales is fine, do both",
    ],
)
def test_a_later_correction_restoring_a_struck_part_wins(acme: Directory, later: str) -> None:
    steps = ready(acme, ASKED + later, GRACE)
    assert sorted(s["mailbox"] for s in steps) == ["finance@acme.com", "sales@acme.com"]


@pytest.mark.parametrize("later", [" NVM Sales.", " NVM Sales. Actually, Finance is fine."])
def test_a_strike_no_correction_takes_back_stands(acme: Directory, later: str) -> None:
    steps = ready(acme, ASKED + later, GRACE)
    assert [s["mailbox"] for s in steps] == ["finance@acme.com"]
