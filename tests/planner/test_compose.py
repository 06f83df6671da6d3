"""Draft -> resolved steps: references resolved through the directory, never guessed."""

from __future__ import annotations

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.planner.compose import draft_status, resolve_draft, step_json
from mailwarden.planner.draft import Draft, DraftStep


def _me(acme: Directory, address: str) -> Recipient:
    found = acme.by_address(address)
    assert found is not None
    return found


def test_every_reference_form_resolves_to_the_primary_address(acme: Directory) -> None:
    """GUID, alias@, display name, secondary address, 'me' and 'my manager' all become primary addresses."""
    sarah = _me(acme, "sarah@acme.com")
    draft = Draft(
        status="ready",
        message="",
        steps=[
            DraftStep(action="send_as", change="grant", params={"mailbox": "helpdesk@", "trustee": "me"}),
            DraftStep(
                action="calendar_share",
                change="grant",
                params={"owner": "SARAH.CONNOR@ACME.COM", "grantee": "my manager", "access": "reviewer"},
            ),
            DraftStep(
                action="distribution_list_membership",
                change="add",
                params={"group": "526f9339-4221-5b6b-a5c4-6303c6119668", "member": "Tom Becker"},
            ),
        ],
    )
    resolved = resolve_draft(draft, acme, sarah)
    assert [step_json(s) for s in resolved.steps] == [
        {"action": "send_as", "change": "grant", "mailbox": "support@acme.com", "trustee": "sarah@acme.com"},
        {
            "action": "calendar_share",
            "change": "grant",
            "owner": "sarah@acme.com",
            "grantee": "olivia.martin@acme.com",
            "access": "reviewer",
        },
        {
            "action": "distribution_list_membership",
            "change": "add",
            "group": "all-sales@acme.com",
            "member": "tom.becker@acme.com",
        },
    ]
    assert draft_status(draft, resolved)[0] == "ready"


def test_an_ambiguous_name_becomes_one_question_with_described_candidates(acme: Directory) -> None:
    """Two Alex Kims: asked once (even if named in two steps), each candidate with department and title."""
    grace = _me(acme, "grace.hopper@acme.com")
    steps = [
        DraftStep(action=a, change="grant", params={"mailbox": "sales@acme.com", "trustee": "Alex Kim"})
        for a in ("mailbox_delegation", "send_as")
    ]
    resolved = resolve_draft(Draft(status="ready", message="", steps=steps), acme, grace)
    assert resolved.steps == []
    [question] = resolved.questions
    assert question.about == "trustee"
    details = {c.address: c.detail for c in question.candidates}
    assert details == {
        "alex.kim@acme.com": "Sales, Sales Representative",
        "alexander.kim@acme.co.uk": "Engineering, Software Engineer",
    }
    assert resolved.references == ["Alex Kim"]


def test_an_answer_settles_the_question(acme: Directory) -> None:
    """Passing the chosen address for the asked reference gives the step."""
    grace = _me(acme, "grace.hopper@acme.com")
    draft = Draft(
        status="ready",
        message="",
        steps=[
            DraftStep(action="send_as", change="grant", params={"mailbox": "sales@", "trustee": "alex kim"})
        ],
    )
    resolved = resolve_draft(draft, acme, grace, answers={"Alex Kim": "alexander.kim@acme.co.uk"})
    assert [step_json(s)["trustee"] for s in resolved.steps] == ["alexander.kim@acme.co.uk"]
    assert resolved.questions == []


def test_an_unknown_person_is_asked_about_never_invented(acme: Directory) -> None:
    """A name that matches nobody is a question saying what was not found, not a step."""
    grace = _me(acme, "grace.hopper@acme.com")
    draft = Draft(
        status="ready",
        message="",
        steps=[
            DraftStep(
                action="mailbox_delegation",
                change="grant",
                params={"mailbox": "billing@", "trustee": "Zed Q"},
            )
        ],
    )
    resolved = resolve_draft(draft, acme, grace)
    assert resolved.steps == []
    assert "Zed Q" in resolved.questions[0].text
    assert draft_status(draft, resolved)[0] == "needs_clarification"


def test_a_step_the_model_rejects_is_reported_not_planned(acme: Directory) -> None:
    """A calendar grant without a level cannot be built; the problem says why."""
    grace = _me(acme, "grace.hopper@acme.com")
    draft = Draft(
        status="ready",
        message="",
        steps=[
            DraftStep(action="calendar_share", change="grant", params={"owner": "me", "grantee": "sarah"})
        ],
    )
    resolved = resolve_draft(draft, acme, grace)
    assert resolved.steps == []
    assert "--access" in resolved.problems[0]
    assert draft_status(draft, resolved)[0] == "not_understood"


def test_removals_from_a_list_the_request_deletes_are_dropped(acme: Directory) -> None:
    """Moving members out of a list that is deleted anyway plans no pointless removals."""
    grace = _me(acme, "grace.hopper@acme.com")
    draft = Draft(
        status="ready",
        message="",
        steps=[
            DraftStep(
                action="distribution_list_membership",
                change="remove",
                params={"group": "contractors@", "member": "mia.novak@acme.com"},
            ),
            DraftStep(action="distribution_list_lifecycle", change="delete", params={"group": "Contractors"}),
        ],
    )
    resolved = resolve_draft(draft, acme, grace)
    assert [s.action for s in resolved.steps] == ["distribution_list_lifecycle"]
