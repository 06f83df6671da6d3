"""nlu78's classes (batch 34's safe misses), beyond the corpus.yaml and negation.yaml entries: a full given
name as the person's address spells it is that one person; a he/she opening a clause is the one person named
before; a leaver note's "his mailbox" is the leaver's; an approval for a time over a quoted message sets its
end; a tracker title is a summary; a copied-in bystander is no one a pronoun means; "X no longer needs R;
give it to Y" hands R over; whose mailbox an asker's "his" is, is asked as the mailbox; "X's manager here"
introduces the writer; purging delivered mail is not understood; a removal for a time is asked. Planned
and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import Resolved, resolve_request, step_json
from mailwarden.planner.draft import question_id
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import ready
from tests.planner.conftest import NOW, plan_of

GRACE = "grace.hopper@acme.com"
PRIYA = "priya.patel@acme.com"
ALEXANDER = "alexander.kim@acme.co.uk"


def _request(acme: Directory, text: str, answers: dict[str, str] | None = None) -> Resolved:
    session = SimpleNamespace(ctx=SimpleNamespace(directory=acme), requester=resolve(acme, GRACE))
    planner = RulesPlanner(now=fixed_now(NOW))
    return asyncio.run(resolve_request(session, text, [], planner, answers))  # type: ignore[arg-type]


def _pairs(steps: list[dict[str, Any]], *keys: str) -> set[tuple[Any, ...]]:
    return {tuple(s.get(k) for k in keys) for s in steps}


@pytest.mark.parametrize(
    "text",
    [
        "Please add Alexander Kim to the Project Atlas Microsoft 365 group",
        "please add alexander kim to project atlas",
        "Add  Alexander   Kim to Project Atlas",
    ],
)
def test_a_full_given_name_as_the_address_spells_it_is_that_one_person(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _pairs(steps, "member") == {(ALEXANDER,)}


def test_the_shown_name_two_people_share_is_still_asked(acme: Directory) -> None:
    status, steps, about = plan_of(
        acme, "Please add Alex Kim to the Project Atlas Microsoft 365 group", GRACE
    )
    assert status == "needs_clarification"
    assert about == {"member"}
    assert not steps


@pytest.mark.parametrize(
    ("text", "member"),
    [
        (
            "[10:14] Jane Doe: emma wilson is helping on the spring campaign\n"
            "[10:15] Jane Doe: can she be added to the marketing list for 3 weeks?\n",
            "emma.wilson@acme.com",
        ),
        ("Noah Davis starts on Monday. Can he be added to all-sales?", "noah.davis@acme.com"),
        ("Noah Davis starts on Monday. He needs to be on all-sales.", "noah.davis@acme.com"),
    ],
)
def test_a_subject_pronoun_is_the_one_person_named_before(acme: Directory, text: str, member: str) -> None:
    steps = ready(acme, text, "jane.doe@acme.com")
    assert {s["member"] for s in steps} == {member}


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker and Emma Wilson are new. Can she be added to Marketing?",
        "Tom Becker is covering Emma Wilson's desk. Can she be added to Marketing?",
    ],
)
def test_a_subject_pronoun_two_people_could_be_is_asked_with_both_offered(acme: Directory, text: str) -> None:
    resolved = _request(acme, text)
    assert not resolved.steps
    (question,) = resolved.questions
    assert question.about == "member"
    assert {c.address for c in question.candidates} == {"tom.becker@acme.com", "emma.wilson@acme.com"}


def test_his_mailbox_in_a_leaver_notes_bullet_is_the_leavers(acme: Directory) -> None:
    text = (
        "Leaver: Liam Brown (left on Friday)\n- remove from all-sales\n- forward his mail to Noah Davis\n"
        "- give Priya full access to his mailbox\n"
    )
    steps = ready(acme, text, GRACE)
    delegation = [s for s in steps if s["action"] == "mailbox_delegation"]
    assert _pairs(delegation, "mailbox", "trustee") == {("liam.brown@acme.com", PRIYA)}


_QUOTED = (
    "From: Priya Patel\nTo: IT Service Desk\nSubject: RE: access to pat's mailbox\n\n{note}\n\n"
    "> From: John Miller\n> Sent: Monday, March 2, 2026 8:40 AM\n> To: Priya Patel\n"
    "> Could I get full access to pat.gone@acme.com so I can pick up his open deals?\n"
)


def test_an_approval_for_a_time_ends_the_quoted_request_of_its_sender(acme: Directory) -> None:
    note = "Approved, go ahead, but only until the end of the month."
    steps = ready(acme, _QUOTED.format(note=note), PRIYA)
    assert _pairs(steps, "mailbox", "trustee", "expires") == {
        ("pat.gone@acme.com", "john@acme.com", "2026-04-01T00:00:00Z")
    }


@pytest.mark.parametrize(
    "note",
    [
        "Approved, but not for John, and only until the end of the month.",
        "Go ahead for the deals only, until the end of the month.",
    ],
)
def test_an_approval_that_limits_more_than_the_time_is_not_read(acme: Directory, note: str) -> None:
    status, steps, _ = plan_of(acme, _QUOTED.format(note=note), PRIYA)
    assert status == "not_understood"
    assert not steps


def test_a_quoted_request_with_no_sender_is_not_given_to_the_one_approving(acme: Directory) -> None:
    text = "Approved until Friday.\n\n> Could I get full access to pat.gone@acme.com?\n"
    status, steps, _ = plan_of(acme, text, PRIYA)
    assert status != "ready"
    assert all(s.get("trustee") != PRIYA for s in steps)


def test_a_correction_in_a_comment_stands_under_a_tracker_title(acme: Directory) -> None:
    text = (
        "ITSD-2291  Send As on Jane's mailbox\nReporter: Jane Doe\nAssignee: Ken Adams\n"
        "Description: Emma Wilson needs send as on jdoe@acme.com for the campaign materials.\n"
        "Comment (Jane Doe): Correction - send on behalf, not send as. Sorry!\n"
    )
    steps = ready(acme, text, GRACE)
    assert _pairs(steps, "action", "mailbox", "trustee") == {
        ("send_on_behalf", "jane.doe@acme.com", "emma.wilson@acme.com")
    }


def test_a_tracker_title_that_says_a_change_is_still_read_beside_the_description(acme: Directory) -> None:
    text = (
        "ITHELP-2302 Remove Ava Johnson from lists\nDescription: Please remove Tom Becker from all-sales.\n"
    )
    status, _, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "group" in about


def test_a_bystander_copied_in_with_their_role_is_not_whom_his_means(acme: Directory) -> None:
    text = (
        "INC0062318\nCaller: Sarah Connor\nShort description: Chris Lee - Support mailbox access\n"
        "Description: Chris Lee has moved to Engineering. Remove his full access and send as on the Support "
        "mailbox. CC David Chen (new manager).\n"
    )
    steps = ready(acme, text, GRACE)
    assert _pairs(steps, "action", "change", "trustee") == {
        ("mailbox_delegation", "revoke", "chris.lee@acme.com"),
        ("send_as", "revoke", "chris.lee@acme.com"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Ken Adams is covering HR; give him full access to hr@acme.com. cc'd Priya Patel",
        "Ken Adams is covering HR; give him full access to hr@acme.com. cc'd Priya Patel (his replacement)",
    ],
)
def test_one_copied_in_otherwise_is_still_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not steps


@pytest.mark.parametrize(
    ("text", "action"),
    [
        (
            "John Miller no longer needs full access to sales@acme.com; give it to Alex Kim (Sales) instead",
            "mailbox_delegation",
        ),
        ("John Miller doesn't need send as on sales@acme.com any more, give it to Ava Johnson", "send_as"),
        (
            "Remove John Miller's full access to sales@acme.com; give it to Ava Johnson instead",
            "mailbox_delegation",
        ),
    ],
)
def test_a_right_no_longer_needed_given_to_another_is_handed_over(
    acme: Directory, text: str, action: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert {s["action"] for s in steps} == {action}
    changes = _pairs(steps, "change", "trustee")
    assert ("revoke", "john@acme.com") in changes
    assert len([c for c in changes if c[0] == "grant"]) == 1
    assert all(t != "john@acme.com" for c, t in changes if c == "grant")


def test_an_askers_his_is_asked_as_whose_mailbox_and_choosing_them_plans_it(acme: Directory) -> None:
    text = "David Chen asked that Alex Kim from Engineering get full access to his mailbox"
    asked = _request(acme, text)
    assert not asked.steps
    (question,) = asked.questions
    assert question.about == "mailbox"
    assert [c.address for c in question.candidates] == ["david.chen@acme.com"]
    answer = {question_id(f"{question.about}\0{question.text}"): "David Chen"}
    done = _request(acme, text, answer)
    assert not done.questions
    assert _pairs([step_json(s) for s in done.steps], "mailbox", "trustee") == {
        ("david.chen@acme.com", ALEXANDER)
    }


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("John Miller's manager here - he needs to be added to the All Hands list", "john@acme.com"),
        ("Hi, Noah Davis's manager here. Please add him to All Hands.", "noah.davis@acme.com"),
        # the writer's own "me" stays the writer's
        ("John Miller's manager here - add me to All Hands", PRIYA),
    ],
)
def test_someones_manager_here_introduces_the_writer(acme: Directory, text: str, member: str) -> None:
    steps = ready(acme, text, PRIYA)
    assert _pairs(steps, "group", "member") == {("all-hands@acme.com", member)}


@pytest.mark.parametrize(
    "text",
    [
        "can u pull the phishing email that went to all-sales this morning out of everyone's inbox",
        "please purge the phishing mail sent to all-sales from all mailboxes",
        "recall the email I sent to all-hands",
    ],
)
def test_pulling_delivered_mail_is_not_understood_whatever_list_it_names(acme: Directory, text: str) -> None:
    me = resolve(acme, "liam.brown@acme.com")
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    assert draft.status == "not_understood"
    assert not draft.steps
    assert "purge" in draft.message


@pytest.mark.parametrize(
    "text",
    [
        "Remove the email forwarding on Tom Becker's mailbox",
        "remove the email tom.becker@acme.com from all-sales",
        "Pull Tom Becker from all-sales",
        "Delete the email distribution list Contractors",
    ],
)
def test_a_setting_of_mail_or_a_person_pulled_from_a_list_is_still_read(acme: Directory, text: str) -> None:
    assert ready(acme, text, GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Take Ethan Park off Project Phoenix for the next two weeks, he's on Atlas full time",
        "Remove Tom Becker's full access to support@acme.com for a week",
    ],
)
def test_a_removal_for_a_time_is_asked_saying_why(acme: Directory, text: str) -> None:
    resolved = _request(acme, text)
    assert not resolved.steps
    (question,) = resolved.questions
    assert question.about == "expires"
    assert "no removal for a time" in question.text
    assert "for good" in question.text
    assert "add it back by hand" in question.text


@pytest.mark.parametrize(
    "text",
    [
        "John no longer needs full access to sales@acme.com; give it to Ava instead",
        "give Ava full access to sales@acme.com instead of John",
    ],
)
def test_instead_of_a_name_two_people_share_asks_who_loses_it(acme: Directory, text: str) -> None:
    resolved = _request(acme, text)
    assert resolved.questions
    assert {c.address for q in resolved.questions for c in q.candidates} >= {"john@acme.com"}
    # nothing is ready: the grant waits for whom it replaces
    status, _, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert about == {"trustee"}
