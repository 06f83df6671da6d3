"""nlu105: held-out survivors nlu99 and nlu101 broke, fixed as classes: "for" + a noun phrase is an end only
when the phrase names a bounded period in the grant's own clause; a request said to a name after a comma
is no signature; a writer's "I" approving a grant to someone named is no "me" to ask about."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.planner.compose import draft_status, resolve_draft, step_json
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.directory.conftest import acme_directory
from tests.planner.conftest import NOW


def _plan(text: str, sender: str = "grace.hopper@acme.com") -> tuple[str, list[str], list[dict[str, object]]]:
    directory = acme_directory()
    requester = resolve(directory, sender)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=requester, directory=directory)
    resolved = resolve_draft(draft, directory, requester)
    status, _ = draft_status(draft, resolved)
    return status, sorted(q.about for q in resolved.questions), [dict(step_json(s)) for s in resolved.steps]


@pytest.mark.parametrize(
    "purpose",
    [
        "the audit",
        "the Q1 campaign",
        "the joint bid",
        "the handover",
        "our accountant",
        "the quarterly mailers",
    ],
)
def test_work_or_person_the_access_is_for_is_planned_for_good(purpose: str) -> None:
    status, _, steps = _plan(f"Give Tom Becker full access to Sales for {purpose}.")
    assert status == "ready"
    assert [s.get("expires") for s in steps] == [None]


@pytest.mark.parametrize(
    "period",
    [
        "the migration",
        "the cutover weekend",
        "his probation",
        "the busy season",
        "the month-end close",
        "the pilot",
        "the Q1 campaign only",
    ],
)
def test_a_bounded_period_or_a_limit_to_the_work_asks_the_end(period: str) -> None:
    status, questions, _ = _plan(f"Give Tom Becker full access to Sales for {period}.")
    assert (status, questions) == ("needs_clarification", ["expires"])


def test_a_phrase_of_another_verb_says_nothing_of_the_grants_end() -> None:
    other = _plan(
        "Could I be added to the Marketing DL? I'm doing the budget for the migration",
        "christine.lee@acme.com",
    )
    assert other[0] == "ready"
    own = _plan(
        "Could I be added to the Marketing DL for the migration? I'm doing the budget",
        "christine.lee@acme.com",
    )
    assert own[:2] == ("needs_clarification", ["expires"])
    pointed = _plan("Add Tom Becker to all-sales. He needs it for the migration.")
    assert pointed[:2] == ("needs_clarification", ["expires"])


def test_a_request_said_to_a_name_under_forwarded_headers_is_read() -> None:
    text = (
        "Please do what Christine asks below.\n\n-----Original Message-----\nFrom: Christine Lee\n"
        "Subject: Rachel\n\nMike, could IT add Rachel Green to the Finance Team group? She needs the files."
    )
    status, _, steps = _plan(text, "mike.smith@acme.com")
    assert status == "ready"
    assert steps == [
        {"change": "add", "group": "finance-team@acme.com", "member": "rachel.green@acme.com"}
    ] or [s.get("member") for s in steps] == ["rachel.green@acme.com"]


def test_a_signers_i_approving_someone_named_is_no_me_to_ask() -> None:
    approved = _plan("Rachel needs full access to Sales. I approve it as the owner.\n\nThanks,\nTom Becker")
    assert approved[0] == "ready"
    mine = _plan("I need full access to Sales.\n\nThanks,\nTom Becker")
    assert mine[:2] == ("needs_clarification", ["trustee"])


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom Becker and Ken Adams to all-sales. Ken is out.",
        "Give Tom Becker and Ken Adams full access to Sales. Ken Adams is out.",
    ],
)
def test_a_person_given_to_said_out_is_asked_never_dropped(text: str) -> None:
    status, questions, steps = _plan(text)
    assert (status, questions, steps) == ("needs_clarification", ["scope"], [])


def test_out_of_office_or_a_mailbox_out_is_read_as_before() -> None:
    status, _, steps = _plan("Add Tom Becker and Ken Adams to all-sales. Ken is out of office.")
    assert status == "ready"
    assert sorted(s["member"] for s in steps) == ["ken.adams@acme.com", "tom.becker@acme.com"]
    status, _, steps = _plan("Give Tom Becker full access to Billing and Finance. Billing is out.")
    assert (status, [s["mailbox"] for s in steps]) == ("ready", ["finance@acme.com"])


@pytest.mark.parametrize(
    "gapped",
    [" 3 days for Chris Lee on Billing.", " Chris Lee on Billing for 3 days.", "\n3 days for Chris Lee"],
)
def test_a_grant_said_by_ellipsis_is_asked_never_dropped(gapped: str) -> None:
    status, questions, steps = _plan("Give Tom Becker full access to Sales for 2 weeks." + gapped)
    assert (status, questions, steps) == ("needs_clarification", ["scope"], [])


def test_a_length_alone_beside_the_grant_is_its_end() -> None:
    status, _, steps = _plan("Give Tom Becker full access to Sales.\n2 weeks.")
    assert status == "ready"
    assert [(s["trustee"], s.get("expires")) for s in steps] == [
        ("tom.becker@acme.com", "2026-03-16T09:00:00Z")
    ]


@pytest.mark.parametrize("named", ["to Chris Lee", "with Ava Johnson", "to Finance"])
def test_who_or_what_the_work_is_with_is_never_given_to(named: str) -> None:
    status, questions, steps = _plan(f"Give Tom Becker send as on Sales for the handover {named}.")
    assert (status, questions, steps) == ("needs_clarification", ["scope"], [])
