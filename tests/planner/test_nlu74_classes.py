"""Red team 50, classes B and C: the requester who only passes a request on, and someone copied in or named as
approver, are told, never whom a change is for (nlu74).

Wordings of our own; negation.yaml holds the red team's."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_in_order

GRACE = "grace.hopper@acme.com"


def _people(steps: list[dict[str, Any]]) -> set[str]:
    return {str(s[role]) for s in steps for role in ("trustee", "member") if role in s}


@pytest.mark.parametrize(
    ("text", "gets"),
    [
        ("Olivia asked me to ask you to give Noah full access to support@acme.com", "noah.davis@acme.com"),
        ("Priya asked me whether I could add Liam to Marketing", "liam.brown@acme.com"),
        ("I've just been asked to give Ava send as on billing@acme.com", "ava.johnson@acme.com"),
        ("I reckon Noah needs full access to the support mailbox", "noah.davis@acme.com"),
    ],
)
def test_a_requester_who_passes_a_request_on_gets_nothing(acme: Directory, text: str, gets: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "ready", steps
    assert _people(steps) == {gets}


def test_a_requester_still_gets_what_the_one_who_asked_wants_for_them(acme: Directory) -> None:
    # "give me" after the relay: the requester is whom it is for, as the request says
    status, steps, _ = plan_in_order(
        acme, "Olivia asked me to ask you to give me full access to support@acme.com", GRACE
    )
    assert status == "ready", steps
    assert _people(steps) == {GRACE}


@pytest.mark.parametrize(
    "text",
    [
        "Priya told me she needs full access to support@acme.com",
        "Noah told me he needs send as on billing@acme.com",
    ],
)
def test_she_needs_after_told_me_is_never_the_requester(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    # whom "she" means is asked; a ready plan for the requester would grant the messenger
    assert GRACE not in _people(steps)
    assert status != "ready" or not steps


@pytest.mark.parametrize(
    "text",
    [
        "Olivia Martin (approver) - please add Noah to Marketing",
        "Priya (manager): please add Noah to Marketing",
        "Olivia (cc) - please add Noah to Marketing",
        "fyi Olivia - please add Noah to Marketing",
        "please add Noah to Marketing, Olivia cc",
    ],
)
def test_one_copied_in_or_approving_is_never_added(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "ready", steps
    assert _people(steps) == {"noah.davis@acme.com"}


def test_a_role_in_brackets_on_the_target_keeps_them_the_target(acme: Directory) -> None:
    status, steps, _ = plan_in_order(acme, "Add Noah (manager) to Marketing", GRACE)
    assert status == "ready", steps
    assert _people(steps) == {"noah.davis@acme.com"}


def test_a_cc_label_with_a_colon_heading_the_message_is_not_granted(acme: Directory) -> None:
    status, steps, _ = plan_in_order(
        acme, "cc: Olivia Martin - Noah needs send as on support@acme.com", GRACE
    )
    assert status == "ready", steps
    assert _people(steps) == {"noah.davis@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Noah send as on support@acme.com - Olivia (manager) approved.",
        "Priya asked me to have you give Noah send as on support@acme.com",
    ],
)
def test_an_approver_after_the_change_or_a_relay_through_you_grants_only_the_one_named(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "ready", steps
    assert _people(steps) == {"noah.davis@acme.com"}
