"""nlu67's classes (red team 46), beyond the negation.yaml entries: a pronoun two or more people named before
could be is asked with each of them offered (the directory holds no genders), and the one chosen completes
the request; a person or a right said as a question after a request is asked about, never granted. Planned
and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import Resolved, resolve_request, step_json
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import NOW, plan_in_order

TOM, AVA, CHRIS, MIA = (
    "tom.becker@acme.com",
    "ava.johnson@acme.com",
    "chris.lee@acme.com",
    "mia.novak@acme.com",
)

GRACE = "grace.hopper@acme.com"


def _answered(acme: Directory, text: str, answers: dict[str, str] | None = None) -> Resolved:
    session = SimpleNamespace(
        ctx=SimpleNamespace(directory=acme), requester=resolve(acme, "grace.hopper@acme.com")
    )
    planner = RulesPlanner(now=fixed_now(NOW))
    return asyncio.run(resolve_request(session, text, [], planner, answers))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "offered"),
    [
        ("Tom and Ava need access to billing@acme.com. Give her send as", {TOM, AVA}),
        ("Tom and Ava need access to billing@acme.com. She is new, so give her send as", {TOM, AVA}),
        (
            "Give Tom and Chris full access to billing@acme.com, then remove his send as on support@acme.com",
            {TOM, CHRIS},
        ),
        ("Add Tom and Ava to Marketing. Remove him from all-sales", {TOM, AVA}),
        ("Mia replaces Ava; add her to Contractors", {MIA, AVA}),
        ("Mia replaces Ava. Remove her from Contractors", {MIA, AVA}),
        ("Mia replaces Ava; add them to Contractors", {MIA, AVA}),
        ("Tom, Ava and Chris need access to billing@acme.com. Give her send as", {TOM, AVA, CHRIS}),
        # anyone named earlier in the request, not only in the clause just before
        (
            "Tom needs send as on billing@acme.com and Ava needs full access. Add him to Marketing.",
            {TOM, AVA},
        ),
        ("Give Tom full access to billing@acme.com and Ava send as on it. Add her to Marketing", {TOM, AVA}),
        (
            "Tom needs full access to billing@acme.com and Ava needs full access to support@acme.com. "
            "He also needs send as on support@acme.com",
            {TOM, AVA},
        ),
        # two named in the pronoun's own clause before it
        ("Tom, Ava - give him send as on billing@acme.com", {TOM, AVA}),
        # a clause saying a change whose right is said after it
        (
            "Tom replaces Ava from Monday. Please set up his access: full access to support@acme.com",
            {TOM, AVA},
        ),
    ],
)
def test_a_pronoun_two_people_before_could_be_is_asked_with_each_offered(
    acme: Directory, text: str, offered: set[str]
) -> None:
    first = _answered(acme, text)
    assert first.questions, "a ready plan: one of them guessed"
    assert not first.steps, "a step planned for one of them while who the pronoun is stays open"
    [question] = first.questions
    assert {c.address for c in question.candidates} == offered


@pytest.mark.parametrize(
    ("text", "pick", "expected"),
    [
        (
            "Give Tom and Chris full access to billing@acme.com, then remove his send as on support@acme.com",
            TOM,
            {"action": "send_as", "change": "revoke", "mailbox": "support@acme.com", "trustee": TOM},
        ),
        (
            "Mia replaces Ava; add her to Contractors",
            MIA,
            {"action": "distribution_list_membership", "change": "add", "group": "contractors@acme.com",
             "member": MIA},
        ),
    ],
)  # fmt: skip
def test_the_one_chosen_takes_the_pronouns_place(
    acme: Directory, text: str, pick: str, expected: dict[str, object]
) -> None:
    [question] = _answered(acme, text).questions
    answered = _answered(acme, text, {question.id: pick})
    assert not answered.questions
    steps = [step_json(s) for s in answered.steps]
    assert expected in steps
    others = {c.address for c in question.candidates} - {pick}
    changed = [s for s in steps if s["action"] == expected["action"] and s["change"] == expected["change"]]
    assert not [s for s in changed if others & {str(v) for v in s.values()}], "the other one changed too"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # one person before: whom the pronoun means is not in doubt
        ("Give Tom full access to billing@acme.com and add him to Marketing", TOM),
        ("Ken Adams joined today; add him to all-hands", "ken.adams@acme.com"),
        ("Add Ethan Park to all-sales. He also needs send as on support@acme.com", "ethan.park@acme.com"),
        # the owner of a calendar is never whom its share is given to
        ("Share Olivia Martin's calendar with Ken Adams, and give him editor", "ken.adams@acme.com"),
        # one told away is never whom something is given to
        ("While Mike Smith is away Ava Johnson handles billing. Give her send as on billing@acme.com", AVA),
    ],
)
def test_a_pronoun_only_one_person_before_can_be_keeps_its_plan(acme: Directory, text: str, who: str) -> None:
    steps = ready(acme, text, GRACE)
    assert {s.get("trustee") or s.get("member") or s.get("grantee") for s in steps} == {who}


def test_whose_time_is_seen_is_whose_calendar_a_pronoun_means(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Emma Wilson only needs to see when Liam Brown is busy, so free/busy on his calendar please",
        GRACE,
        "owner",
        "grantee",
    ) == [("liam.brown@acme.com", "emma.wilson@acme.com")]


def test_them_after_people_named_together_is_each_of_them(acme: Directory) -> None:
    steps = ready(acme, "Tom, Ava and Chris need access to billing@acme.com. Add them to Marketing", GRACE)
    assert {s["member"] for s in steps if s["action"] == "distribution_list_membership"} == {TOM, AVA, CHRIS}


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Give Tom send as on billing@acme.com - and Ava?", AVA),
        ("Give Tom send as on billing@acme.com (and Ava?)", AVA),
        ("Give Tom send as on billing@acme.com. And Ava?", AVA),
        ("Give Tom send as on billing@acme.com, what about Ava?", AVA),
        ("Add Tom to Marketing - and what about Ava?", AVA),
        ("Give Tom full access to support@acme.com - what about send as?", "send_as"),
        ("Give Tom full access to support@acme.com - send as too?", "send_as"),
        ("Give Tom send as on billing@acme.com (and full access?)", "mailbox_delegation"),
        ("Give Tom send as on billing@acme.com. Maybe send on behalf?", "send_on_behalf"),
        # said apart (a full stop, a dash) or hedged, bare: a question all the same
        ("Give Tom send as on billing@acme.com - Ava?", AVA),
        ("Give Tom full access to support@acme.com. Send as?", "send_as"),
        ("Give Tom full access to support@acme.com and maybe send as?", "send_as"),
        ("Share my calendar with Tom Becker as reviewer - and editor?", "calendar_share"),
    ],
)
def test_a_person_or_right_said_as_a_question_is_asked_never_granted(
    acme: Directory, text: str, asked: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert questions
    assert not [s for s in steps if asked in (s["action"], s.get("trustee"), s.get("member"))]


@pytest.mark.parametrize(
    ("text", "rights"),
    [
        ("Give Tom full access to support@acme.com and send as", {"mailbox_delegation", "send_as"}),
        ("Give Tom full access to support@acme.com, and send as too", {"mailbox_delegation", "send_as"}),
        ("Give Tom full access to support@acme.com, but not send as", {"mailbox_delegation"}),
        ("Give Tom full access to support@acme.com - not sure about send as", {"mailbox_delegation"}),
    ],
)
def test_a_right_said_plainly_keeps_its_plan(acme: Directory, text: str, rights: set[str]) -> None:
    steps = ready(acme, text, GRACE)
    assert {s["action"] for s in steps} == rights


def test_a_request_that_only_asks_reads_each_slot_it_names(acme: Directory) -> None:
    steps = ready(acme, "Who has full access to billing@acme.com, and support@acme.com?", GRACE)
    assert {(s["change"], s["mailbox"]) for s in steps} == {
        ("read", "billing@acme.com"),
        ("read", "support@acme.com"),
    }
