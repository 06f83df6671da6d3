"""nlu69's classes (batch 32's unsafe plans and ticket/form fields), beyond the corpus entries: the neighbours
of each class that must keep their plan or their question. Planned and resolved against the Acme directory at
the corpus's fixed "now"."""

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


def _plan(
    acme: Directory, text: str, requester: str = GRACE
) -> tuple[str, list[dict[str, Any]], dict[str, str]]:
    """Status, steps and the questions (about: text) of the request's resolved plan."""
    me = resolve(acme, requester)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    resolved = resolve_draft(draft, acme, me)
    status, _ = draft_status(draft, resolved)
    return status, [step_json(s) for s in resolved.steps], {q.about: q.text for q in resolved.questions}


# ---- a calendar whose owner is said by no name anyone has ----


@pytest.mark.parametrize(
    "text",
    [
        "Give Ken Adams reviewer on the Training Room calendar",
        "Share the calendar of the Training Room with Ken Adams as reviewer",
        "Give Ken Adams reviewer on the training room diary",
    ],
)
def test_an_unknown_room_calendar_is_asked_with_the_rooms_there_are(acme: Directory, text: str) -> None:
    status, steps, questions = _plan(acme, text)
    assert (status, steps, list(questions)) == ("needs_clarification", [], ["owner"])
    assert "training room" in questions["owner"].lower()
    assert "boardroom@acme.com" in questions["owner"]


@pytest.mark.parametrize(
    "text",
    ["Share the room calendar with Ken Adams", "Give Ken Adams editor on the shared calendar"],
)
def test_a_calendar_said_only_by_its_kind_is_never_the_requesters_own(acme: Directory, text: str) -> None:
    status, steps, questions = _plan(acme, text, "ava.johnson@acme.com")
    assert (status, steps, list(questions)) == ("needs_clarification", [], ["owner"])


def test_a_misspelt_room_offers_the_room_meant(acme: Directory) -> None:
    status, _, questions = _plan(acme, "Share the Boardrom calendar with Tom Becker as reviewer")
    assert status == "needs_clarification"
    assert "Boardroom (boardroom@acme.com)" in questions["owner"]


def test_a_room_that_exists_is_whose_calendar_it_is(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Give Ken Adams reviewer on the Boardroom calendar")
    assert status == "ready"
    assert [(s["owner"], s["grantee"]) for s in steps] == [("boardroom@acme.com", "ken.adams@acme.com")]


# ---- the approver: whom a change is fine with, who OK'd "it" below; a quoted approval is context ----

ATLAS_ADD = {
    "action": "distribution_list_membership",
    "change": "add",
    "group": "project-atlas@acme.com",
    "member": "priya.patel@acme.com",
}


@pytest.mark.parametrize(
    "approval",
    [
        "Fine with me for Priya to join Project Atlas. Not Ken though.",
        "OK by me for Priya to join Project Atlas, but not Ken Adams.",
        "It's fine with me for Priya to join Project Atlas. Not Ken though.",
    ],
)
def test_a_quoted_approval_adds_neither_its_writer_nor_whom_it_rules_out(
    acme: Directory, approval: str
) -> None:
    text = (
        "Subject: RE: Project Atlas access\n\n"
        "Grace - Olivia has OK'd it below, please go ahead and add Priya.\n\n"
        f"> From: Olivia Martin\n> Sent: Friday, February 27, 2026 4:12 PM\n> {approval}\n"
    )
    status, steps, _ = _plan(acme, text)
    assert (status, steps) == ("ready", [ATLAS_ADD])


@pytest.mark.parametrize(
    "text",
    [
        "Add Priya to Project Atlas - Olivia Martin OK'd it below",
        "Add Priya to Project Atlas, Olivia Martin approved it above",
        "Olivia Martin approved this in the thread: add Priya to Project Atlas",
    ],
)
def test_who_approved_it_somewhere_is_never_added_too(acme: Directory, text: str) -> None:
    status, steps, _ = _plan(acme, text)
    assert (status, steps) == ("ready", [ATLAS_ADD])


def test_fine_with_me_never_grants_the_requester(acme: Directory) -> None:
    status, steps, _ = _plan(
        acme, "Fine with me for Ken Adams to get full access to billing@acme.com", "olivia.martin@acme.com"
    )
    assert status == "ready"
    assert [s["trustee"] for s in steps] == ["ken.adams@acme.com"]


def test_a_pronoun_after_the_approver_is_asked_never_given_to_them(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Olivia has OK'd it below. Please add her to Project Atlas.")
    assert (status, steps) == ("needs_clarification", [])


# ---- "instead of <list>": the list not chosen; a move only when the person is on it now ----


def _membership(change: str, group: str, member: str) -> dict[str, Any]:
    return {"action": "distribution_list_membership", "change": change, "group": group, "member": member}


@pytest.mark.parametrize(
    "text",
    [
        "Add Ken Adams to Engineering instead of All Hands",
        "Put Ken Adams in Engineering instead of Marketing",
        "Instead of All Hands, add Ken Adams to Engineering",
    ],
)
def test_instead_of_a_list_he_is_not_on_only_adds(acme: Directory, text: str) -> None:
    status, steps, _ = _plan(acme, text)
    assert (status, steps) == ("ready", [_membership("add", "engineering@acme.com", "ken.adams@acme.com")])


def test_instead_of_a_list_she_is_on_moves_her(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Put Mia Novak in Engineering instead of Contractors")
    assert status == "ready"
    assert sorted(map(str, steps)) == sorted(
        map(
            str,
            [
                _membership("add", "engineering@acme.com", "mia.novak@acme.com"),
                _membership("remove", "contractors@acme.com", "mia.novak@acme.com"),
            ],
        )
    )


def test_instead_of_a_person_still_swaps(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Add Ken Adams to Marketing instead of Jane Doe")
    assert status == "ready"
    assert _membership("remove", "marketing@acme.com", "jane.doe@acme.com") in steps


def test_instead_of_a_mailbox_never_revokes(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Give Ken Adams send as on hr@acme.com instead of billing@acme.com")
    assert status == "ready"
    assert [(s["change"], s["mailbox"]) for s in steps] == [("grant", "hr@acme.com")]


# ---- a form's start and end dates; a mailbox field said by name ----


def _form(start: str, end: str = "") -> str:
    lines = ["REQ-40233", "Requested for: Ken Adams", "Access: Full Access", "Mailbox: hr@acme.com"]
    return "\n".join([*lines, f"Start date: {start}", *([f"End date: {end}"] if end else [])]) + "\n"


@pytest.mark.parametrize("start", ["2026-03-02", "today", "immediately", "2026-02-27", "ASAP"])
def test_a_form_starting_now_is_granted_through_its_end_date(acme: Directory, start: str) -> None:
    status, steps, _ = _plan(acme, _form(start, "2026-03-13"))
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("ken.adams@acme.com", "hr@acme.com", "2026-03-14T00:00:00Z")
    ]


@pytest.mark.parametrize("start", ["2026-03-09", "next Monday", "after the merger"])
def test_a_form_starting_later_is_never_granted_now(acme: Directory, start: str) -> None:
    status, steps, _ = _plan(acme, _form(start, "2026-03-20"))
    assert (status, steps) == ("needs_clarification", [])


def test_a_form_starting_later_says_why_it_asks(acme: Directory) -> None:
    _, _, questions = _plan(acme, _form("2026-03-09", "2026-03-20"))
    assert "start" in questions["expires"]


@pytest.mark.parametrize(
    ("name", "address"), [("Billing", "billing@acme.com"), ("Human Resources", "hr@acme.com")]
)
def test_a_mailbox_field_said_by_name_is_that_mailbox(acme: Directory, name: str, address: str) -> None:
    text = f"Mailbox access request form\nEmployee: Liam Brown\nMailbox: {name}\nPermission: Send on behalf\n"
    status, steps, _ = _plan(acme, text)
    assert (status, [(s["action"], s["mailbox"]) for s in steps]) == ("ready", [("send_on_behalf", address)])


def test_a_mailbox_field_naming_no_mailbox_is_asked(acme: Directory) -> None:
    text = "Mailbox: Zorbo\nUser: Liam Brown\nSend As: yes\nFull Access: no\n"
    status, steps, questions = _plan(acme, text)
    assert (status, steps) == ("needs_clarification", [])
    assert "mailbox" in questions


# ---- ticket fields: who filed or works it, a forwarding form, a comment after the summary ----

FORWARD_FORM = (
    "RITM0044120\nRequested for: Maria Garcia\nOpened by: Ken Adams\nItem: Mailbox forwarding\n"
    "{mailbox}Forward to: hr@acme.com\nKeep a copy: {copy}\n"
)


@pytest.mark.parametrize(
    ("mailbox", "copy", "source", "kept"),
    [
        ("Mailbox to forward: careers@acme.com\n", "Yes", "careers@acme.com", True),
        ("Mailbox to forward: careers@acme.com\n", "No", "careers@acme.com", False),
        ("", "Yes", "maria.garcia@acme.com", True),
    ],
)
def test_a_forwarding_form_forwards_the_mailbox_it_names_else_whose_it_is_requested_for(
    acme: Directory, mailbox: str, copy: str, source: str, kept: bool
) -> None:
    status, steps, _ = _plan(acme, FORWARD_FORM.format(mailbox=mailbox, copy=copy))
    assert status == "ready"
    assert steps == [
        {
            "action": "email_forwarding_internal",
            "change": "set",
            "mailbox": source,
            "forward_to": "hr@acme.com",
            "keep_copy": kept,
        }
    ]


def test_a_forwarding_form_with_a_copy_said_otherwise_is_not_read_as_a_form(acme: Directory) -> None:
    status, steps, _ = _plan(
        acme, FORWARD_FORM.format(mailbox="Mailbox to forward: careers@acme.com\n", copy="only of invoices")
    )
    assert status != "ready" or all(s.get("keep_copy") is not None for s in steps)
    assert not any(s.get("mailbox") == "maria.garcia@acme.com" for s in steps)


TICKET = (
    "ACME-IT-2291 [Service Request]\nSummary: Send As on Careers for Ava Johnson\n"
    "{people}Description: {said}\n"
)


@pytest.mark.parametrize(
    "said",
    [
        "Ava is helping with the recruiting mail now. Please give her Send As on careers@acme.com.",
        "Please give her Send As on careers@acme.com.",
    ],
)
def test_her_in_a_ticket_is_the_one_it_is_for_never_its_reporter_or_assignee(
    acme: Directory, said: str
) -> None:
    people = "Reporter: Maria Garcia\nAssignee: Ken Adams\nPriority: Medium\n"
    status, steps, _ = _plan(acme, TICKET.format(people=people, said=said))
    assert (status, steps) == (
        "ready",
        [
            {
                "action": "send_as",
                "change": "grant",
                "mailbox": "careers@acme.com",
                "trustee": "ava.johnson@acme.com",
            }
        ],
    )


def test_the_reporters_me_is_the_reporter(acme: Directory) -> None:
    text = (
        "ACME-IT-2293 [Service Request]\nReporter: Maria Garcia\nAssignee: Ken Adams\n"
        "Description: Please give me Send As on careers@acme.com.\n"
    )
    status, steps, _ = _plan(acme, text)
    assert status == "ready"
    assert [s["trustee"] for s in steps] == ["maria.garcia@acme.com"]


@pytest.mark.parametrize(
    ("comment", "action"),
    [
        ("correction - he needs Send on Behalf, not Send As", "send_on_behalf"),
        ("update - he only needs Send on Behalf", "send_on_behalf"),
    ],
)
def test_a_later_comment_correcting_the_summary_replaces_its_right(
    acme: Directory, comment: str, action: str
) -> None:
    text = (
        "ITSD-5120\nSummary: Send As for Tom Becker on billing@acme.com\nReporter: Mike Smith\n"
        f"Comment (Mike Smith, 10:40): {comment}\n"
    )
    status, steps, _ = _plan(acme, text)
    assert (status, steps) == (
        "ready",
        [
            {
                "action": action,
                "change": "grant",
                "mailbox": "billing@acme.com",
                "trustee": "tom.becker@acme.com",
            }
        ],
    )


def test_a_comments_me_is_its_writer_never_the_admin_who_pasted_it(acme: Directory) -> None:
    text = (
        "ITSD-5123\nSummary: Send As for Tom Becker on billing@acme.com\n"
        "Comment (Mike Smith, 10:40): please give me send as on billing@acme.com instead\n"
    )
    _, steps, _ = _plan(acme, text)
    assert GRACE not in {s.get("trustee") for s in steps}


# ---- "Request from X, approved by Y: ...": who asks; "X needs <right> for Y's mailbox" ----


@pytest.mark.parametrize(
    "opener",
    [
        "Request from Sarah Connor, approved by Olivia Martin: ",
        "Request from Sarah Connor - ",
        "Ticket from Sarah Connor: ",
    ],
)
def test_who_asked_and_approved_before_the_request_gets_nothing(acme: Directory, opener: str) -> None:
    status, steps, _ = _plan(acme, f"{opener}Tom Becker needs send on behalf for Sarah's mailbox")
    assert (status, steps) == (
        "ready",
        [
            {
                "action": "send_on_behalf",
                "change": "grant",
                "mailbox": "sarah@acme.com",
                "trustee": "tom.becker@acme.com",
            }
        ],
    )


def test_the_me_of_a_request_from_someone_is_theirs(acme: Directory) -> None:
    status, steps, _ = _plan(acme, "Request from Sarah Connor: please give me send as on support@acme.com")
    assert status == "ready"
    assert [s["trustee"] for s in steps] == ["sarah@acme.com"]


@pytest.mark.parametrize(
    ("text", "trustee", "mailbox"),
    [
        ("Tom Becker needs send as for Sarah Connor's mailbox", "tom.becker@acme.com", "sarah@acme.com"),
        (
            "Olivia Martin needs send as on sales@acme.com for Tom Becker",
            "tom.becker@acme.com",
            "sales@acme.com",
        ),
    ],
)
def test_for_whose_mailbox_is_the_owner_for_someone_is_whom_for(
    acme: Directory, text: str, trustee: str, mailbox: str
) -> None:
    status, steps, _ = _plan(acme, text)
    assert status == "ready"
    assert [(s["trustee"], s["mailbox"]) for s in steps] == [(trustee, mailbox)]
