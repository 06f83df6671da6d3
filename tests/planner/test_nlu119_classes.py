"""nlu119's classes: interplays the session's merges left. Planned and resolved against the Acme directory at
the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples

GRACE = "grace.hopper@acme.com"
ASKED = "Please give Tom Becker full access to Sales and Finance."


@pytest.mark.parametrize(
    "later",
    [
        " NVM Sales. Actually, Sales is fine, do both.",
        " NVM Sales. Actually, do both.",
        " Scratch Sales. Actually, keep Sales in.",
        " Skip Sales. Actually, put Sales back.",
    ],
)
def test_a_strike_the_request_takes_back_is_no_hold(acme: Directory, later: str) -> None:
    # nlu117's held-part check reads the whole request: "NVM Sales" beside Sales held it even after the
    # request's own correction put Sales back (nlu116 plans both); the last word on the part stands
    steps = ready(acme, ASKED + later, GRACE)
    assert sorted(s["mailbox"] for s in steps) == ["finance@acme.com", "sales@acme.com"]


def test_a_restore_of_another_right_lifts_its_hold_too(acme: Directory) -> None:
    steps = ready(
        acme,
        "Please give Liam Brown send as on Billing and Finance. Scratch Billing. Actually, keep Billing in.",
        GRACE,
    )
    assert sorted((s["action"], s["mailbox"]) for s in steps) == [
        ("send_as", "billing@acme.com"),
        ("send_as", "finance@acme.com"),
    ]


@pytest.mark.parametrize(
    "later",
    [
        # struck again after the restore: the later strike is the last word, and is held
        " NVM Sales. Actually, do both. Oh wait, nvm Sales after all, Mike said no.",
    ],
)
def test_a_strike_said_again_after_the_restore_is_asked(acme: Directory, later: str) -> None:
    assert asks(acme, ASKED + later, GRACE) == {"scope"}


@pytest.mark.parametrize("later", [" NVM Sales.", " NVM Sales. Actually, Finance is fine."])
def test_a_strike_no_correction_takes_back_leaves_the_part_out(acme: Directory, later: str) -> None:
    steps = ready(acme, ASKED + later, GRACE)
    assert [s["mailbox"] for s in steps] == ["finance@acme.com"]


# ---- a possessive naming whose work is taken over ("Mia is taking over Ethan's tickets") orients the two
# pronouns after it no more than "covering for Ethan" does: the directory holds no genders, so the mirror
# ("Ethan is taking over Mia's tickets. Please give her full access to his mailbox") would be planned the same
# way round, Ethan on Mia's mailbox, against what the pronouns most likely say (red team 68's class 4). Asked,
# unless the request's own words tie a gender to one of them ----


@pytest.mark.parametrize(
    "text",
    [
        "Mia Novak is taking over Ethan Park's tickets. Please give her full access to his mailbox",
        "Ethan Park is taking over Mia Novak's tickets. Please give her full access to his mailbox",
    ],
)
def test_a_possessive_cover_with_no_gender_said_asks_who_is_whom(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"trustee"}


@pytest.mark.parametrize(
    "text",
    [
        "Mia Novak is taking over Ethan Park's tickets while he's on leave. Please give her full access to "
        "his mailbox",
        "Mia Novak is taking over Ethan Park's tickets. Please give Mia Novak full access to Ethan Park's "
        "mailbox",
    ],
)
def test_a_possessive_cover_told_whose_plans(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [
        ("mia.novak@acme.com", "ethan.park@acme.com")
    ]
