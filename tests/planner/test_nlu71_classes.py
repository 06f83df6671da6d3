"""nlu71's classes (batch 33's misses), beyond the corpus entries: each class with wordings of its own, and
the neighbours that must keep their plan or their question. Planned and resolved against the Acme directory at
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
CHRIS = "chris.lee@acme.com"
TOM = "tom.becker@acme.com"


def _plan(acme: Directory, text: str, requester: str = GRACE) -> tuple[str, list[dict[str, Any]]]:
    me = resolve(acme, requester)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    resolved = resolve_draft(draft, acme, me)
    status, _ = draft_status(draft, resolved)
    return status, [step_json(s) for s in resolved.steps]


@pytest.mark.parametrize(
    "text",
    [
        "I'd like my primary address changed to chris@acme.com, and please don't keep chris.lee@acme.com on "
        "the mailbox",
        "Change my primary address to chris@acme.com. Don't keep chris.lee@acme.com on the mailbox.",
        "Change my primary address to chris@acme.com and chris.lee@acme.com can go.",
        "Change my primary address to chris@acme.com; chris.lee@acme.com can go",
        "Change my primary address to chris@acme.com and drop chris.lee@acme.com",
    ],
)
def test_the_old_address_said_to_go_is_not_kept_as_an_alias(acme: Directory, text: str) -> None:
    status, steps = _plan(acme, text, CHRIS)
    assert status == "ready"
    assert [(s["action"], s["new_address"], s["keep_old"]) for s in steps] == [
        ("change_primary_alias", "chris@acme.com", False)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Change my primary address to chris@acme.com, keep chris.lee@acme.com as an alias",
        "Change my primary address to chris@acme.com",
    ],
)
def test_the_old_address_not_said_to_go_stays(acme: Directory, text: str) -> None:
    status, steps = _plan(acme, text, CHRIS)
    assert status == "ready"
    assert [(s["action"], s["keep_old"]) for s in steps] == [("change_primary_alias", True)]


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("can i get send as on careers til fri", "2026-03-07T00:00:00Z"),
        ("can i get send as on careers until Fri.", "2026-03-07T00:00:00Z"),
        ("can i get send as on careers until weds", "2026-03-05T00:00:00Z"),
        ("can i get send as on careers till thurs", "2026-03-06T00:00:00Z"),
        ("can i get send as on careers until friday", "2026-03-07T00:00:00Z"),
    ],
)
def test_a_weekday_said_short_is_that_weekday(acme: Directory, text: str, expires: str) -> None:
    status, steps = _plan(acme, text, "lucas.rossi@acme.com")
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("send_as", "careers@acme.com", expires)
    ]


@pytest.mark.parametrize(
    ("text", "action", "mailbox"),
    [
        (
            "Show the Full Access holders on pat.gone@acme.com",
            "view_mailbox_permissions",
            "pat.gone@acme.com",
        ),
        (
            "Show me everyone with full access on Tom Becker",
            "view_mailbox_permissions",
            "tom.becker@acme.com",
        ),
        (
            "list the send as holders on Tom Becker's mailbox",
            "view_send_as_permissions",
            "tom.becker@acme.com",
        ),
    ],
)
def test_the_holders_of_a_right_on_a_persons_mailbox_are_a_view_of_it(
    acme: Directory, text: str, action: str, mailbox: str
) -> None:
    status, steps = _plan(acme, text)
    assert status == "ready"
    assert steps == [{"action": action, "change": "read", "mailbox": mailbox}]


def test_what_a_person_can_open_stays_their_access_report(acme: Directory) -> None:
    status, steps = _plan(acme, "what does pat.gone@acme.com have full access to?")
    assert status == "ready"
    assert steps == [{"action": "access_report", "change": "read", "person": "pat.gone@acme.com"}]


@pytest.mark.parametrize(
    "text",
    [
        "what have I actually got access to? mailboxes, lists, anything",
        "what do I have access to? lists",
        "what can I open? shared mailboxes, calendars, DLs etc.",
    ],
)
def test_kinds_named_after_a_reach_question_are_its_scope(acme: Directory, text: str) -> None:
    status, steps = _plan(acme, text, "lucas.rossi@acme.com")
    assert status == "ready"
    assert steps == [{"action": "access_report", "change": "read", "person": "lucas.rossi@acme.com"}]


def test_a_question_of_its_own_after_a_reach_question_is_answered(acme: Directory) -> None:
    status, steps = _plan(acme, "what can Tom Becker open? also all DLs pls")
    assert status == "ready"
    assert [s["action"] for s in steps] == ["access_report", "list_distribution_lists"]


@pytest.mark.parametrize(
    "text",
    [
        "FA on hr mbx for grace pls, shes doing the audit next week",
        "send as on the support mailbox for grace",
        "full access to hr@acme.com for grace please",
    ],
)
def test_a_common_word_first_name_after_the_for_of_a_right_is_whom_it_is_for(
    acme: Directory, text: str
) -> None:
    status, steps = _plan(acme, text, "tom.becker@acme.com")
    assert status == "ready"
    assert [s["trustee"] for s in steps] == [GRACE]


def test_a_month_after_the_for_of_a_right_is_no_person(acme: Directory) -> None:
    status, steps = _plan(acme, "full access on the support mailbox for june")
    assert status == "needs_clarification"
    assert steps == []


@pytest.mark.parametrize(
    ("text", "action", "mailbox", "trustee"),
    [
        (
            "Not full access, just send on behalf: Liam Brown on the Sales mailbox",
            "send_on_behalf",
            "sales@acme.com",
            "liam.brown@acme.com",
        ),
        (
            "Not send as, just full access: Tom Becker on billing",
            "mailbox_delegation",
            "billing@acme.com",
            TOM,
        ),
        ("send as: Liam Brown on sales@acme.com", "send_as", "sales@acme.com", "liam.brown@acme.com"),
    ],
)
def test_a_right_named_before_a_colon_is_what_the_rest_asks_for(
    acme: Directory, text: str, action: str, mailbox: str, trustee: str
) -> None:
    status, steps = _plan(acme, text)
    assert status == "ready"
    assert [(s["action"], s["change"], s["mailbox"], s["trustee"]) for s in steps] == [
        (action, "grant", mailbox, trustee)
    ]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("Olivia Martin's calendar: Maria Garcia stays as editor, but remove Grace Hopper", GRACE),
        ("my calendar: Maria Garcia stays as editor, but remove Grace Hopper", "olivia.martin@acme.com"),
        ("Olivia Martin's calendar: Maria Garcia stays, remove Grace Hopper", TOM),
    ],
)
def test_one_said_to_stay_after_a_topic_is_kept_and_the_topic_is_the_rests(
    acme: Directory, text: str, requester: str
) -> None:
    status, steps = _plan(acme, text, requester)
    assert status == "ready"
    assert steps == [
        {
            "action": "calendar_share",
            "change": "revoke",
            "owner": "olivia.martin@acme.com",
            "grantee": GRACE,
        }
    ]


@pytest.mark.parametrize(
    ("text", "member"),
    [
        (
            "ITHELP-2291 Remove leaver from lists\nReporter: Priya Patel\nAssignee: Ken Adams\n"
            "Description: pat.gone@acme.com left in January. Please remove from all-sales and All Hands.\n",
            "pat.gone@acme.com",
        ),
        (
            "ITHELP-2301 Remove Tom from lists\n"
            "Description: Please remove Tom Becker from all-sales and All Hands.",
            TOM,
        ),
        ("Tom Becker left two weeks ago. Remove from all-sales and All Hands.", TOM),
    ],
)
def test_a_leaver_told_of_and_a_titles_lists_are_the_descriptions(
    acme: Directory, text: str, member: str
) -> None:
    status, steps = _plan(acme, text)
    assert status == "ready"
    assert sorted((s["action"], s["change"], s["group"], s["member"]) for s in steps) == [
        ("distribution_list_membership", "remove", "all-hands@acme.com", member),
        ("distribution_list_membership", "remove", "all-sales@acme.com", member),
    ]


def test_a_titles_lists_for_someone_else_are_asked(acme: Directory) -> None:
    status, _ = _plan(
        acme,
        "ITHELP-2302 Remove Ava Johnson from lists\nDescription: Please remove Tom Becker from all-sales.",
    )
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    "text",
    [
        "Request type: Mailbox access\nMailbox: careers@acme.com\nUser:\nAccess: Send As\n"
        "Approved by: Maria Garcia\n",
        "Mailbox: careers@acme.com\nUser:\nAccess: Full Access + Send As\n",
    ],
)
def test_an_empty_person_field_is_the_one_question(acme: Directory, text: str) -> None:
    me = resolve(acme, GRACE)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    resolved = resolve_draft(draft, acme, me)
    assert draft_status(draft, resolved)[0] == "needs_clarification"
    assert [q.about for q in resolved.questions] == ["trustee"]
    assert resolved.steps == []


def test_a_filled_person_field_is_planned(acme: Directory) -> None:
    status, steps = _plan(acme, "Mailbox: careers@acme.com\nUser: Tom Becker\nAccess: Send As\n")
    assert status == "ready"
    assert steps == [{"action": "send_as", "change": "grant", "mailbox": "careers@acme.com", "trustee": TOM}]


@pytest.mark.parametrize(
    "text",
    [
        "[14:01] Olivia Martin: @Grace can you add Jane Doe to Project Atlas\n"
        "[14:02] Grace Hopper: sure, anyone else?\n[14:02] Olivia Martin: no just her\n",
        "add Jane Doe to Project Atlas. no just her",
    ],
)
def test_just_her_alone_confirms_the_one_person_changed(acme: Directory, text: str) -> None:
    status, steps = _plan(acme, text)
    assert status == "ready"
    assert [(s["action"], s["group"], s["member"]) for s in steps] == [
        ("distribution_list_membership", "project-atlas@acme.com", "jane.doe@acme.com")
    ]


def test_just_her_after_two_people_is_asked(acme: Directory) -> None:
    status, steps = _plan(acme, "add Jane Doe and Tom Becker to Project Atlas. no just her")
    assert status == "needs_clarification"
    assert steps == []
