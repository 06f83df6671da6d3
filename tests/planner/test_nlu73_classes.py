"""nlu73's classes (red team 50, class A): "no need to ...", "there's no need to ...", "no X needed" rule out
what they govern exactly as "don't" does, and the "just ..." after them is what is asked. Planned and resolved
against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import draft_status, resolve_draft, step_json
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import NOW

GRACE = "grace.hopper@acme.com"


def _plan(acme: Directory, text: str) -> tuple[str, list[dict[str, Any]]]:
    """Status and steps of the request's resolved plan."""
    me = resolve(acme, GRACE)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    resolved = resolve_draft(draft, acme, me)
    status, _ = draft_status(draft, resolved)
    # (automapping is how a grant is made, not what this is about)
    return status, [{k: v for k, v in step_json(s).items() if k != "automapping"} for s in resolved.steps]


def _grant(mailbox: str, trustee: str, action: str = "mailbox_delegation") -> dict[str, Any]:
    return {"action": action, "change": "grant", "mailbox": mailbox, "trustee": trustee}


@pytest.mark.parametrize(
    "lead",
    [
        "Don't forward anything",
        "No need to forward anything",
        "There's no need to forward anything",
        "There is no need to forward anything",
        "No forwarding needed",
        "Forwarding isn't needed",
        "Forwarding won't be needed",
    ],
)
def test_forwarding_said_not_needed_is_never_set_and_the_rest_is_planned(acme: Directory, lead: str) -> None:
    status, steps = _plan(acme, f"{lead}, just give Christine access to Mike's mailbox.")
    assert (status, steps) == ("ready", [_grant("mike.smith@acme.com", "christine.lee@acme.com")])


@pytest.mark.parametrize(
    "lead", ["Don't add", "No need to add", "There's no need to add", "It's not necessary to add"]
)
def test_a_membership_said_not_needed_is_left_out_and_no_list_gets_the_mailbox(
    acme: Directory, lead: str
) -> None:
    status, steps = _plan(acme, f"{lead} Noah to All Hands, just give him full access to the sales mailbox.")
    assert (status, steps) == ("ready", [_grant("sales@acme.com", "noah.davis@acme.com")])


@pytest.mark.parametrize(
    "text",
    [
        "No need to give Tom send as on support.",
        "There is no need to add Lucas to Engineering.",
        "No need to forward Mike's mail to Christine.",
        "No need to grant Ava send as on billing@acme.com.",
    ],
)
def test_only_a_change_said_not_needed_plans_nothing(acme: Directory, text: str) -> None:
    status, steps = _plan(acme, text)
    assert status != "ready"
    assert steps == []


def test_a_right_said_not_needed_is_not_given_beside_the_one_asked(acme: Directory) -> None:
    status, steps = _plan(acme, "No need to give Jane full access to info, just send on behalf.")
    assert (status, steps) == ("ready", [_grant("info@acme.com", "jane.doe@acme.com", "send_on_behalf")])


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("Add Noah to all-sales, no need to add Liam.", "noah.davis@acme.com"),
        ("No need to wait - add Noah to all-sales now.", "noah.davis@acme.com"),
        ("Add Liam to Engineering, there's no need to remove him from all-sales.", "liam.brown@acme.com"),
    ],
)
def test_a_change_said_beside_no_need_still_stands(acme: Directory, text: str, member: str) -> None:
    status, steps = _plan(acme, text)
    assert status == "ready"
    assert [(s["change"], s["member"]) for s in steps] == [("add", member)]


@pytest.mark.parametrize("lead", ["Don't remove", "No need to remove", "There's no need to remove"])
def test_a_removal_said_not_needed_keeps_them_and_the_add_is_planned(acme: Directory, lead: str) -> None:
    status, steps = _plan(acme, f"{lead} Mia from Contractors, just add her to Engineering.")
    assert status == "ready"
    assert [(s["change"], s["group"], s["member"]) for s in steps] == [
        ("add", "engineering@acme.com", "mia.novak@acme.com")
    ]


# ---- class G: "(X already has it so just Y)" ----


def test_one_said_to_hold_it_already_is_left_out_when_told_just_the_others(acme: Directory) -> None:
    status, steps = _plan(acme, "Give Tom and Chris send as on support (Chris already has it so just Tom).")
    assert (status, steps) == ("ready", [_grant("support@acme.com", "tom.becker@acme.com", "send_as")])


def test_another_change_for_the_one_who_holds_it_still_stands(acme: Directory) -> None:
    status, steps = _plan(
        acme,
        "Give Ava and Tom full access to billing@acme.com (Tom already has it so just Ava). "
        "Also add Tom to all-sales.",
    )
    assert status == "ready"
    assert _grant("billing@acme.com", "tom.becker@acme.com") not in steps
    assert {
        "action": "distribution_list_membership",
        "change": "add",
        "group": "all-sales@acme.com",
        "member": "tom.becker@acme.com",
    } in steps


def test_just_someone_the_change_never_named_is_asked(acme: Directory) -> None:
    status, steps = _plan(
        acme, "Give Ava and Tom full access to billing@acme.com (Tom already has it so just Rachel)."
    )
    assert (status, steps) == ("needs_clarification", [])
