"""nlu106's classes: a leaver note's bare right bullet takes the leaver's right away (never a grant to the one
leaving, nor to a list named in the bullet before); one person told joining heads the bullets after; who
holds a right on one unknown "X shared mailbox" is asked which mailbox; a move told after a comma is why a
removal is asked; someone wanting another to get an address as her primary is understood and whose "her"
is is asked. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _rights(steps: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted(
        (s["action"], s["change"], s["mailbox"], s["trustee"])
        for s in steps
        if s["action"] != "distribution_list_membership"
    )


@pytest.mark.parametrize(
    ("text", "leaver"),
    [
        (
            "Offboarding: pat.gone@acme.com\n- remove from all-sales\n- full access to sales@acme.com",
            "pat.gone@acme.com",
        ),
        (
            "Offboarding: pat.gone@acme.com\n1. Remove from all-sales\n2. Full access to sales@acme.com",
            "pat.gone@acme.com",
        ),
        (
            "Tom Becker is leaving.\n- remove from all-sales\n- full access to sales@acme.com",
            "tom.becker@acme.com",
        ),
    ],
)
def test_a_leavers_bare_right_bullet_revokes_it_from_the_leaver(
    acme: Directory, text: str, leaver: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert _rights(steps) == [("mailbox_delegation", "revoke", "sales@acme.com", leaver)]
    assert not any(s.get("trustee") == "all-sales@acme.com" for s in steps)


def test_a_leaver_note_naming_two_lists_revokes_each_right_named(acme: Directory) -> None:
    text = (
        "Offboarding: pat.gone@acme.com\n- remove from all-sales and Finance Team\n"
        "- send as on sales@acme.com\n- send on behalf on finance@acme.com"
    )
    steps = ready(acme, text, GRACE)
    assert sorted(s["group"] for s in steps if s["action"] == "distribution_list_membership") == [
        "all-sales@acme.com",
        "finance-team@acme.com",
    ]
    assert _rights(steps) == [
        ("send_as", "revoke", "sales@acme.com", "pat.gone@acme.com"),
        ("send_on_behalf", "revoke", "finance@acme.com", "pat.gone@acme.com"),
    ]


def test_a_leaver_bullet_naming_whom_it_is_for_gives_it_to_them(acme: Directory) -> None:
    text = "Offboarding: pat.gone@acme.com\n- remove from all-sales\n- full access to sales@ for Priya Patel"
    _, steps, _ = plan_of(acme, text, GRACE)
    assert _rights(steps) == [("mailbox_delegation", "grant", "sales@acme.com", "priya.patel@acme.com")]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Joiner: Emma Wilson\n- add to all-sales\n- full access to sales@acme.com", "emma.wilson@acme.com"),
        (
            "Mover: Liam Brown (Sales -> Finance)\n- remove from all-sales\n- full access to sales@acme.com",
            "liam.brown@acme.com",
        ),
        (
            "Emma Wilson has joined Finance.\n- add to Finance Team\n- full access to sales@acme.com",
            "emma.wilson@acme.com",
        ),
    ],
)
def test_a_joiners_or_movers_bare_right_bullet_is_given_to_them(
    acme: Directory, text: str, person: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert _rights(steps) == [("mailbox_delegation", "grant", "sales@acme.com", person)]


def test_bullets_under_someone_told_joining_are_theirs(acme: Directory) -> None:
    text = "Emma is joining Finance. Please:\n* add her to Finance Team\n* send on behalf on finance@acme.com"
    steps = ready(acme, text, GRACE)
    assert [s["member"] for s in steps if s["action"] == "distribution_list_membership"] == [
        "emma.wilson@acme.com"
    ]
    assert _rights(steps) == [("send_on_behalf", "grant", "finance@acme.com", "emma.wilson@acme.com")]


def test_bare_steps_after_one_joining_and_another_leaving_are_asked(acme: Directory) -> None:
    text = "Emma is joining Finance. Tom Becker is leaving.\n- remove from all-sales"
    assert asks(acme, text, GRACE) == {"member"}


@pytest.mark.parametrize(
    "text",
    [
        "who can send on behalf of the Procurement shared mailbox?",
        "who has full access to the Procurement shared mailbox?",
    ],
)
def test_the_holders_of_an_unknown_shared_mailbox_ask_which(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"mailbox"}


def test_a_known_shared_mailbox_and_the_inventory_are_still_read(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, "who can send on behalf of the Sales shared mailbox?", GRACE)
    assert [(s["action"], s.get("mailbox")) for s in steps] == [("delegation_report", "sales@acme.com")]
    _, steps, _ = plan_of(acme, "list the shared mailboxes", GRACE)
    assert [s["action"] for s in steps] == ["list_shared_mailboxes"]


@pytest.mark.parametrize(
    "text",
    [
        "take me off finance-team@acme.com, I'm moving to Sales next month",
        "take me off finance-team@acme.com. I'm moving to Sales next month",
        "take me off finance-team@acme.com, as I'm moving to the ops team next week",
    ],
)
def test_a_move_told_after_a_removal_is_its_reason(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["change"], s["group"], s["member"]) for s in steps] == [
        ("remove", "finance-team@acme.com", GRACE)
    ]
    assert "expires" not in steps[0]


def test_a_grant_told_with_a_later_move_is_still_asked(acme: Directory) -> None:
    status, _, _ = plan_of(
        acme, "give me full access to finance@acme.com, I'm moving to Finance next month", GRACE
    )
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    "text",
    [
        "Olivia would like Maria Garcia to get ceo@acme.com as her primary address",
        "Olivia wants Tom Becker to get ceo@acme.com as his primary address",
    ],
)
def test_an_address_wanted_as_anothers_primary_asks_whose(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])
    assert "trustee" in about


def test_an_address_said_as_ones_own_primary_is_still_planned(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, "Maria Garcia should get ceo@acme.com as her primary address", GRACE)
    assert [(s["recipient"], s["new_address"]) for s in steps] == [("maria.garcia@acme.com", "ceo@acme.com")]
    _, steps, _ = plan_of(acme, "Olivia wants Maria to see her calendar, read only", GRACE)
    assert [(s["owner"], s["grantee"]) for s in steps] == [
        ("olivia.martin@acme.com", "maria.garcia@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Leaver: Tom Becker\n- remove from all-sales\n- full access to his mailbox",
        "Offboarding: pat.gone@acme.com\n- send as on her mailbox",
    ],
)
def test_a_right_on_the_leavers_own_mailbox_for_no_one_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"trustee"}


def test_a_right_on_the_leavers_own_mailbox_for_someone_is_theirs(acme: Directory) -> None:
    text = "Offboarding: pat.gone@acme.com\n- full access to his mailbox for Priya Patel"
    _, steps, _ = plan_of(acme, text, GRACE)
    assert _rights(steps) == [("mailbox_delegation", "grant", "pat.gone@acme.com", "priya.patel@acme.com")]
