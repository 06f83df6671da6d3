"""nlu76's classes (issue 12 leftovers), beyond the corpus.yaml/negation.yaml entries: a request passed on to
the requester names who asked as context, never a target; a form's boxes ask only what is ticked; a pasted
table is one request per row, its unread cells asked; the requester's own absence with its end is how long a
right on their own mailbox lasts. Planned and resolved against the Acme directory at the corpus's "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_of

TOM = "tom.becker@acme.com"
OLIVIA = "olivia.martin@acme.com"
HR = "hr@acme.com"
FRIDAY_END = "2026-03-07T00:00:00Z"


def _who(steps: list[dict[str, Any]]) -> set[str]:
    return {str(s.get(k)) for s in steps for k in ("trustee", "member", "grantee") if s.get(k)}


@pytest.mark.parametrize(
    ("text", "whom"),
    [
        ("I was asked to add Emma Wilson to Marketing", "emma.wilson@acme.com"),
        ("I've been asked to give Ava Johnson send as on careers@", "ava.johnson@acme.com"),
        ("HR asked me to remove Ken Adams from All Hands", "ken.adams@acme.com"),
        ("Olivia asked me to get Priya onto Project Atlas", "priya.patel@acme.com"),
        ("I was asked by Olivia to add Priya to Marketing", "priya.patel@acme.com"),
        ("I've been asked by HR to remove Ken Adams from All Hands", "ken.adams@acme.com"),
        ("I've been asked to add Emma Wilson to Marketing by HR", "emma.wilson@acme.com"),
        ("I was asked by my manager to add Emma to all-sales", "emma.wilson@acme.com"),
        ("Olivia asked that I add Priya to Marketing", "priya.patel@acme.com"),
    ],
)
def test_a_request_passed_on_targets_only_whom_it_names(acme: Directory, text: str, whom: str) -> None:
    steps = ready(acme, text, TOM)
    assert _who(steps) == {whom}  # never the requester, Olivia or the HR mailbox


@pytest.mark.parametrize(
    "text",
    ["I was asked to remove myself from All Hands", "Olivia asked that I be added to Marketing"],
)
def test_the_requester_as_the_object_of_a_passed_on_request_is_the_target(acme: Directory, text: str) -> None:
    steps = ready(acme, text, TOM)
    assert _who(steps) == {TOM}


@pytest.mark.parametrize(
    "text",
    [
        "I was asked by Olivia to add her to Marketing",
        "I was asked by Olivia to give Emma full access to her mailbox",
        "Olivia asked that I give her send as on careers@",
    ],
)
def test_a_pronoun_that_may_be_the_one_who_asked_is_asked(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, TOM)
    assert status == "needs_clarification"
    assert not steps
    # whom the pronoun stands for is asked: who gets it, or whose mailbox it is ("her mailbox")
    assert about & {"trustee", "mailbox"}


def test_a_past_statement_about_someone_else_stays_no_request(acme: Directory) -> None:
    # only the requester's own "I was asked to" is a request passed on; Tom's is told, and adds no one
    status, steps, _ = plan_of(
        acme, "Tom was asked to add Emma to Marketing", requester="grace.hopper@acme.com"
    )
    assert status != "ready"
    assert not steps


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        (
            "Mailbox: careers@acme.com\nUser: Ava Johnson\n"
            "Access requested: [x] Full Access [ ] Send As [x] Send on Behalf",
            {"mailbox_delegation", "send_on_behalf"},
        ),
        ("Give Ava Johnson these on careers@acme.com: ☑ Send As ☐ Full Access", {"send_as"}),
        ("Give Ava Johnson these on careers@acme.com: ☐ Send As ☑ Full Access", {"mailbox_delegation"}),
    ],
)
def test_only_ticked_boxes_are_asked_for(acme: Directory, text: str, actions: set[str]) -> None:
    steps = ready(acme, text, TOM)
    assert {s["action"] for s in steps} == actions


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Share Priya's calendar with Ava: (X) Reviewer ( ) Editor", "reviewer"),
        ("Share Priya's calendar with Ava: ( ) Reviewer (X) Editor", "editor"),
    ],
)
def test_the_ticked_radio_button_is_the_level(acme: Directory, text: str, level: str) -> None:
    steps = ready(acme, text, TOM)
    assert [s["access"] for s in steps] == [level]


@pytest.mark.parametrize(
    "text",
    [
        "Mailbox: careers@acme.com\nUser: Ava Johnson\n"
        "Access requested: [?] Full Access [ ] Send As [x] Send on Behalf",
        "Mailbox: careers@acme.com\nUser: Ava Johnson\nAccess requested: [-] Full Access [x] Send As",
        "Mailbox: careers@acme.com\nUser: Ava Johnson\nAccess requested: [ ] Full Access [ ] Send As",
        "Emma Wilson:\n- [x] add to Marketing\n- [?] add to All Hands",
        "Share Priya's calendar with Ava: (?) Reviewer ( ) Editor",
        "Give Ava Johnson these on careers@acme.com: ☐ Send As ☐ Full Access",
    ],
)
def test_a_box_that_cannot_be_read_or_none_ticked_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, TOM)
    assert status == "needs_clarification"
    assert not steps


TABLE = "name,mailbox,access\nTom Becker,support@acme.com,full access\nAva Johnson,sales@acme.com,send as\n"


@pytest.mark.parametrize(
    "text",
    [
        TABLE,
        TABLE.replace(",", "\t"),
        "| Name | Mailbox | Access |\n|---|---|---|\n| Tom Becker | support@acme.com | full access |\n"
        "| Ava Johnson | sales@acme.com | send as |\n",
        "Please set these up:\n" + TABLE + "Thanks",
    ],
)
def test_a_table_is_one_step_per_row_from_its_own_cells(acme: Directory, text: str) -> None:
    steps = ready(acme, text, requester="grace.hopper@acme.com")
    assert {(s["action"], s["mailbox"], s["trustee"]) for s in steps} == {
        ("mailbox_delegation", "support@acme.com", TOM),
        ("send_as", "sales@acme.com", "ava.johnson@acme.com"),
    }


def test_a_tables_action_column_and_a_removing_lead_in_are_honoured(acme: Directory) -> None:
    text = (
        "name,mailbox,access,action\nTom Becker,support@acme.com,full access,remove\n"
        "Ava Johnson,sales@acme.com,send as,add"
    )
    steps = ready(acme, text, requester="grace.hopper@acme.com")
    assert {(s["action"], s["change"]) for s in steps} == {
        ("mailbox_delegation", "revoke"),
        ("send_as", "grant"),
    }
    steps = ready(
        acme, "Please remove these:\nName,List\nEthan Park,Engineering\nMia Novak,Marketing", requester=OLIVIA
    )
    assert {s["change"] for s in steps} == {"remove"}


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("name,mailbox,access\nTom Becker,support@acme.com,\nAva Johnson,sales@acme.com,send as", "access"),
        ("name,mailbox,access\nTom Becker,support@acme.com,full access\nAva Johnson,n/a,send as", "mailbox"),
        ("name,mailbox,access\nTom Becker,support@acme.com,full access\n,sales@acme.com,send as", "trustee"),
        ("name,mailbox,access,action\nTom Becker,support@acme.com,full access,maybe", "action"),
    ],
)
def test_a_rows_empty_cell_is_asked_never_guessed_or_dropped(acme: Directory, text: str, about: str) -> None:
    status, steps, asked = plan_of(acme, text, requester="grace.hopper@acme.com")
    assert status == "needs_clarification"
    assert about in asked
    # the row asked about has no step of its own: nothing granted with a part it did not say
    assert len(steps) <= 1


def test_a_header_row_is_never_a_step(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, TABLE, requester="grace.hopper@acme.com")
    assert len(steps) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker\tsupport@acme.com\tfull access\nAva Johnson\tsales@acme.com\tsend as\n",
        "Name,Email,Rights\nTom Becker,tom.becker@acme.com,FA on support\n"
        "Ava Johnson,ava.johnson@acme.com,send as",
    ],
)
def test_a_table_whose_columns_cannot_be_told_is_asked_whole(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, requester="grace.hopper@acme.com")
    assert status == "needs_clarification"
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "Please let Grace Hopper send emails on my behalf while I'm travelling until Friday",
        "I'm travelling until Friday; let Grace send on my behalf",
        "I'm away until Friday. Please let Grace send on my behalf",
        "I'm on a business trip until Friday, please let Grace Hopper send on my behalf",
    ],
)
def test_the_requesters_own_absence_ends_a_right_on_their_mailbox(acme: Directory, text: str) -> None:
    steps = ready(acme, text, requester=OLIVIA)
    assert [(s["mailbox"], s.get("expires")) for s in steps] == [(OLIVIA, FRIDAY_END)]


@pytest.mark.parametrize(
    "text",
    [
        "Please let Grace Hopper send emails on my behalf while I'm travelling",
        "I'm travelling next week; let Grace send on my behalf",
    ],
)
def test_an_absence_with_no_end_read_asks_the_end(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, requester=OLIVIA)
    assert status == "needs_clarification"
    assert about == {"expires"}
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "I'm travelling until Friday; give Grace full access to sales@",
        "Christine is out until friday; rachel green needs full access to the finance mailbox",
    ],
)
def test_a_right_on_another_mailbox_keeps_no_end_from_the_absence(acme: Directory, text: str) -> None:
    steps = ready(acme, text, requester=OLIVIA)
    assert all("expires" not in s for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        "Give Ava Chen send as on sales@acme.com",
        "name,mailbox,access\nTom Becker,support@acme.com,full access\nAva Chen,sales@acme.com,send as",
    ],
)
def test_a_first_name_with_another_persons_surname_is_asked(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, requester="grace.hopper@acme.com")
    assert status == "needs_clarification"
    assert "trustee" in about
    assert "ava.johnson@acme.com" not in _who(steps)


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("I'm travelling until Friday, forward mail to Ava Johnson", FRIDAY_END),
        ("I'm travelling, forward mail to Ava Johnson", None),
    ],
)
def test_travelling_is_an_absence_that_ends_a_forwarding_after_it(
    acme: Directory, text: str, expires: str | None
) -> None:
    steps = ready(acme, text, requester=OLIVIA)
    assert [(s["mailbox"], s.get("expires")) for s in steps] == [(OLIVIA, expires)]


def test_travelling_with_a_time_no_end_is_read_from_asks_the_forwardings_end(acme: Directory) -> None:
    assert asks(acme, "I'm travelling next week, forward mail to Ava Johnson", requester=OLIVIA) == {
        "expires"
    }
