"""nlu141's classes (red team 75 A00 and A1): each "<rights> on <mailbox>" group keeps its own rights (a right
said for one mailbox is never carried to a later one that names its own), and a forwarding stop the request
asks for is never dropped as a take-back. Planned and resolved against the Acme directory
at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
EMMA = "emma.wilson@acme.com"
SALES = "sales@acme.com"
FINANCE = "finance@acme.com"
BILLING = "billing@acme.com"
FULL = "mailbox_delegation"
SEND_AS = "send_as"


def _rights(acme: Directory, text: str) -> set[tuple[str, str]]:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert {s["trustee"] for s in steps} == {TOM}
    return {(s["action"], s["mailbox"]) for s in steps}


@pytest.mark.parametrize(
    ("text", "rights"),
    [
        (
            "Give Tom Becker full access and send as on sales@ and full access on finance@",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, FINANCE)},
        ),
        (
            "Give Tom Becker full access and send as on sales@, full access on finance@",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, FINANCE)},
        ),
        (
            "Give Tom Becker full access and send as on sales@acme.com, full access on finance@acme.com.",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, FINANCE)},
        ),
        (
            "Give Tom Becker full access to sales@ and full access and send as on finance@",
            {(FULL, SALES), (FULL, FINANCE), (SEND_AS, FINANCE)},
        ),
        (
            "Give Tom Becker full access and send as on sales@ and billing@ and full access on finance@",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, BILLING), (SEND_AS, BILLING), (FULL, FINANCE)},
        ),
        (
            "Give Tom Becker full access and send as on sales@ and send on behalf on finance@",
            {(FULL, SALES), (SEND_AS, SALES), ("send_on_behalf", FINANCE)},
        ),
        # the other way: a mailbox with no right of its own shares the rights said with the one before
        (
            "Give Tom Becker full access and send as on sales@ and finance@",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, FINANCE), (SEND_AS, FINANCE)},
        ),
        ("Give Tom Becker send as on sales@, full access on finance@", {(SEND_AS, SALES), (FULL, FINANCE)}),
    ],
)
def test_each_mailbox_keeps_the_rights_said_with_it(
    acme: Directory, text: str, rights: set[tuple[str, str]]
) -> None:
    assert _rights(acme, text) == rights


def test_an_end_after_groups_of_rights_is_asked(acme: Directory) -> None:
    # whether the two weeks are finance@'s alone or every group's is not said: never a grant for good
    status, _, questions = plan_of(
        acme,
        "Give Tom Becker full access and send as on sales@ and full access on finance@ for two weeks",
        GRACE,
    )
    assert (status, questions) == ("needs_clarification", {"expires"})


@pytest.mark.parametrize(
    "text",
    [
        "Remove Emma Wilson from all-sales; she doesn't want billing@ forwarded to her any more, "
        "so cancel the forwarding",
        "Remove Emma Wilson from all-sales; she doesn't want billing@ forwarded to her any more, "
        "cancel the forwarding",
        "Remove Emma Wilson from all-sales; stop forwarding billing@ to her, so cancel the forwarding",
        "Remove Emma Wilson from all-sales; stop forwarding billing@ to her, please cancel the forwarding",
        "Remove Emma Wilson from all-sales. Stop forwarding billing@ to her - drop the forwarding",
    ],
)
def test_cancelling_a_forwarding_the_request_stops_never_drops_the_stop(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    removed = ("distribution_list_membership", "remove", EMMA)
    assert removed in {(s["action"], s["change"], s.get("member")) for s in steps}
    cleared = {s["mailbox"] for s in steps if s["action"] == "email_forwarding_internal"}
    # the stop is planned, or which mailbox's forwarding ends is asked: never a ready plan without it
    assert (status, cleared) == ("ready", {BILLING}) or (status, questions) == (
        "needs_clarification",
        {"mailbox"},
    )
    assert all(s["change"] == "clear" for s in steps if s["action"] == "email_forwarding_internal")


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom Becker to all-sales and forward billing@ to him. Cancel the forwarding.",
        "Add Tom Becker to all-sales and forward billing@ to him, please cancel the forwarding",
    ],
)
def test_cancelling_a_forwarding_the_request_sets_up_still_takes_it_back(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change") == [("distribution_list_membership", "add")]


@pytest.mark.parametrize(
    "text",
    [
        "Stop forwarding billing@ to Tom Becker, then turn off the forwarding Emma Wilson asked for",
        "Stop forwarding billing@ to Tom Becker, then turn off the forwarding that Emma Wilson asked for",
    ],
)
def test_the_forwarding_someone_asked_for_is_not_the_one_just_stopped(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert (status, questions) == ("needs_clarification", {"mailbox"})
    assert [(s["action"], s["change"], s["mailbox"]) for s in steps] == [
        ("email_forwarding_internal", "clear", BILLING)
    ]


def test_the_forwarding_with_nothing_after_it_is_the_one_just_stopped(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Stop forwarding billing@ to Tom Becker, then turn off the forwarding",
        GRACE,
        "action",
        "change",
        "mailbox",
    ) == [("email_forwarding_internal", "clear", BILLING)]


def test_a_forwarding_stop_naming_two_mailboxes_stops_each(acme: Directory) -> None:
    text = "Remove Emma Wilson from all-sales and cancel the forwarding on billing@ and on her mailbox"
    steps = ready(acme, text, GRACE)
    cleared = {
        s["mailbox"] for s in steps if (s["action"], s["change"]) == ("email_forwarding_internal", "clear")
    }
    assert cleared == {BILLING, EMMA}
