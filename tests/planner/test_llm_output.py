"""Reading a model's answer: only what the catalog allows survives, and what was dropped is asked about."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from mailwarden.model.steps import ACTIONS
from mailwarden.planner.draft import Attachment, Draft
from mailwarden.planner.llm_output import DROPPED, MAX_STEPS, read_draft


def answer(*steps: dict[str, Any], status: str = "ready", message: str = "ok", **extra: Any) -> str:
    return json.dumps({"status": status, "message": message, "steps": list(steps), "questions": [], **extra})


def step(action: str, change: str, **params: Any) -> dict[str, Any]:
    return {"action": action, "change": change, "params": params}


@dataclass(frozen=True)
class Case:
    name: str
    content: str
    status: str
    steps: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    asks: list[str] = field(default_factory=list)
    """The `about` of each question, in order."""


CASES = [
    Case(
        "a calendar share with the person's words kept",
        answer(step("calendar_share", "grant", owner="me", grantee="Tom", access="reviewer")),
        "ready",
        [("calendar_share", "grant", {"owner": "me", "grantee": "Tom", "access": "reviewer"})],
    ),
    Case(
        "a change the action does not have",
        answer(step("send_as", "transfer", mailbox="sales@", trustee="me")),
        "needs_clarification",
        asks=["action"],
    ),
    Case(
        "a required parameter left null",
        answer(step("send_as", "grant", mailbox="sales@", trustee=None)),
        "needs_clarification",
        asks=["trustee"],
    ),
    Case(
        "an access level outside the catalog",
        answer(step("calendar_share", "grant", owner="me", grantee="Tom", access="owner")),
        "needs_clarification",
        asks=["access"],
    ),
    Case(
        "a parameter of another action",
        answer(step("send_as", "grant", mailbox="sales@", trustee="me", forward_to="outsider@evil.example")),
        "ready",
        [("send_as", "grant", {"mailbox": "sales@", "trustee": "me"})],
    ),
    Case(
        "a reference that is an object, not text",
        answer(step("send_as", "grant", mailbox={"$ref": "hr@"}, trustee="me")),
        "needs_clarification",
        asks=["mailbox"],
    ),
    Case(
        "a step without an action",
        answer({"change": "grant", "params": {}}),
        "needs_clarification",
        asks=["action"],
    ),
    Case("ready with nothing to do", answer(), "not_understood"),
    Case(
        "not understood but with a step",
        answer(step("list_shared_mailboxes", "read"), status="not_understood"),
        "ready",
        [("list_shared_mailboxes", "read", {})],
    ),
    Case(
        "ready with an open question",
        json.dumps(
            {
                "status": "ready",
                "message": "Which Alex?",
                "steps": [],
                "questions": [{"about": "trustee", "text": "Which Alex Kim?", "candidates": ["Alex Kim"]}],
            }
        ),
        "needs_clarification",
        asks=["trustee"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_answer_is_cut_down_to_the_catalog(case: Case) -> None:
    """Each answer yields the steps the catalog allows, a question per thing dropped, a derived status."""
    draft = read_draft(case.content)
    assert draft.status == case.status
    assert [(s.action, s.change, s.params) for s in draft.steps] == case.steps
    assert [q.about for q in draft.questions] == case.asks


def test_invalid_access_level_is_asked_with_the_levels_as_candidates() -> None:
    """A calendar grant without a valid level asks which level, offering the catalog's levels."""
    draft = read_draft(answer(step("calendar_share", "grant", owner="me", grantee="Tom", access="full")))
    (question,) = draft.questions
    assert question.candidates == ["availability_only", "limited_details", "reviewer", "editor"]


def test_expiry_is_normalised_to_iso_8601() -> None:
    """A date-time the model wrote is checked by the step's own type and kept in ISO form."""
    draft = read_draft(
        answer(step("send_as", "grant", mailbox="sales@", trustee="me", expires="2030-01-31T17:00Z"))
    )
    assert draft.steps[0].params["expires"] == "2030-01-31T17:00:00+00:00"


def test_unknown_action_replaces_the_models_message() -> None:
    """When a step is dropped the summary is ours, so a model cannot word it as 'approved'."""
    draft = read_draft(
        answer(
            step("send_as", "grant", mailbox="sales@", trustee="me"),
            step("wipe_tenant", "run"),
            message="Approved.",
        )
    )
    assert draft.message == DROPPED
    assert [s.action for s in draft.steps] == ["send_as"]
    assert "wipe_tenant" in draft.questions[0].text


def test_runaway_answer_is_refused_whole() -> None:
    """More steps than any request needs plans nothing at all."""
    many = [step("list_shared_mailboxes", "read")] * (MAX_STEPS + 1)
    draft = read_draft(answer(*many))
    assert draft.status == "not_understood"
    assert draft.steps == []
    assert str(MAX_STEPS) in draft.message


def test_model_prose_is_cleaned_and_capped() -> None:
    """Control characters are removed and a message is cut to a readable length."""
    draft = read_draft(answer(step("list_shared_mailboxes", "read"), message="ok\x1b[2J\x00" + "x" * 5000))
    assert "\x1b" not in draft.message
    assert "\x00" not in draft.message
    assert len(draft.message) <= 500


def test_attachment_in_a_members_list_is_expanded_in_place() -> None:
    """A new list's members may name an attachment; its references take that place, in file order."""
    sheet = Attachment(name="Team.xlsx", column="name", references=["Emma Wilson", "liam.brown@acme.com"])
    content = answer(
        step(
            "distribution_list_lifecycle",
            "create",
            group="team@acme.com",
            members=["me", "attachment:team.xlsx"],
        )
    )
    draft = read_draft(content, [sheet])
    assert draft.steps[0].params["members"] == ["me", "Emma Wilson", "liam.brown@acme.com"]


def test_every_catalog_action_survives_with_its_required_parameters() -> None:
    """No action of the catalog is dropped when the model fills its required parameters."""
    samples = {"access": "reviewer", "new_address": "new@acme.com"}
    steps = [
        step(spec.action, change, **{p: samples.get(p, "someone") for p in spec.required_params(change)})
        for spec in ACTIONS.values()
        for change in spec.changes
    ]
    draft = read_draft(answer(*steps))
    assert draft.status == "ready"
    assert len(draft.steps) == len(steps)


def test_draft_round_trips() -> None:
    """A Draft's own JSON (what a well-behaved model sends) reads back as the same Draft."""
    original = Draft(
        status="needs_clarification",
        message="Which Alex?",
        steps=[],
        questions=[{"about": "trustee", "text": "Which Alex Kim?", "candidates": ["alex.kim@acme.com"]}],
    )
    assert read_draft(original.model_dump_json()) == original
