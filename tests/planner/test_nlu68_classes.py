"""nlu68's classes (red team 46), beyond the corpus entries: whose mail a forwarding that names no mailbox is
about, a condition on which mail is forwarded, Full Access hidden from Outlook, and people named by a
description within a list. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import NOW, plan_in_order

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
AVA = "ava.johnson@acme.com"


def _forwarded(steps: list[dict[str, object]]) -> set[object]:
    return {s["mailbox"] for s in steps if s["action"] == "email_forwarding_internal"}


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker is on holiday, please forward mail to Ava Johnson",
        "Tom's off sick - forward everything to Ava Johnson",
        # (an end said with it: a vague end alone on a forwarding asks its end, session 15)
        "Forward mail to Ava Johnson during Tom Becker's leave, until Friday",
        # (an absence with a time no end is read from asks the forwarding's end: nlu75)
        "Tom Becker is out of the office. Forward mail to Ava",
    ],
)
def test_the_one_told_away_is_whose_mail_is_forwarded(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    # (whose mail it is, whatever end was said)
    assert [{k: v for k, v in s.items() if k != "expires"} for s in steps] == [
        {
            "action": "email_forwarding_internal",
            "change": "set",
            "mailbox": TOM,
            "forward_to": AVA,
            "keep_copy": False,
        }
    ]


@pytest.mark.parametrize(
    "text",
    [
        # someone else named, no one away: whose mail is not said
        "Forward mail to Ava Johnson and give Liam Brown send as on sales@acme.com",
        # two away: which one's
        "Tom Becker and Ken Adams are both away, forward mail to Ava",
        # a ticket's requester, not the admin who pastes it
        "INC-7 | Forward mail to Ava | Raised by Tom Becker",
        # no "my", no one named: an admin's request about someone's mail
        "Please set up forwarding to Ava Johnson",
    ],
)
def test_a_forwarding_that_does_not_say_whose_mail_is_asked_never_the_requesters(
    acme: Directory, text: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert GRACE not in _forwarded(steps)
    assert "mailbox" in questions


@pytest.mark.parametrize(
    "text",
    # (each with an end: a vague end alone on a forwarding asks its end, session 15)
    [
        "Forward mail to Ava while I'm on leave until Friday",
        "I'm travelling until Friday, forward mail to Ava Johnson",
    ],
)
def test_a_request_about_the_requesters_own_absence_forwards_their_own_mail(
    acme: Directory, text: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert _forwarded(steps) == {GRACE}


@pytest.mark.parametrize(
    "text", ["Turn off the external forwarding", "cancel the forwarding please", "Disable auto-forwarding"]
)
def test_stopping_a_forwarding_no_one_owns_in_the_text_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["mailbox"])


def test_stopping_after_someone_is_back_stops_their_forwarding(acme: Directory) -> None:
    assert ready(acme, "Tom Becker has returned, please turn off the forwarding", GRACE) == [
        {"action": "email_forwarding_internal", "change": "clear", "mailbox": TOM, "keep_copy": False}
    ]


def test_stopping_ones_own_forwarding_said_with_my_still_stops_it(acme: Directory) -> None:
    assert ready(acme, "Please stop forwarding my mail", TOM) == [
        {"action": "email_forwarding_internal", "change": "clear", "mailbox": TOM, "keep_copy": False}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Forward my high-priority emails to Ava Johnson",
        "Redirect the receipts to Ava Johnson",
        "forward messages marked confidential to Ava",
        "forward my mail from clients to Ava Johnson",
        "Could you forward emails regarding the Q3 budget to Ava?",
    ],
)
def test_a_condition_on_which_mail_is_never_planned_as_all_mail(acme: Directory, text: str) -> None:
    me = resolve(acme, TOM)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    assert draft.status == "not_understood"
    assert draft.steps == []
    assert "inbox rule" in draft.message


def test_mail_from_a_person_asks_whether_their_mailbox_or_what_they_send(acme: Directory) -> None:
    status, steps, questions = plan_in_order(acme, "Forward emails from Liam Brown to Ava Johnson", TOM)
    assert (status, steps, questions) == ("needs_clarification", [], ["mailbox"])


def test_mail_from_a_shared_mailbox_is_that_mailboxs_mail(acme: Directory) -> None:
    steps = ready(acme, "Forward all mail from info@acme.com to Ava Johnson", GRACE)
    assert _forwarded(steps) == {"info@acme.com"}


def test_important_is_no_import(acme: Directory) -> None:
    # "important" once read as "import": the message said mailwarden cannot import mail
    me = resolve(acme, TOM)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(
        "forward my important emails to Ava Johnson", requester=me, directory=acme
    )
    assert "import" not in draft.message.replace("important", "")


@pytest.mark.parametrize(
    "text",
    [
        "Give Ken Adams full access to billing@acme.com and hide the mailbox from Outlook",
        "Give Ken Adams full access to billing@acme.com; it should be invisible in his Outlook",
        "Give Ken Adams full access to billing@acme.com, not visible in Outlook please",
        "Give Ken Adams full access to billing@acme.com, keep it out of sight in his Outlook",
    ],
)
def test_hidden_from_outlook_is_no_automapping(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "mailbox", "automapping") == [
        ("mailbox_delegation", "billing@acme.com", False)
    ]


def test_full_access_said_without_outlook_keeps_automapping(acme: Directory) -> None:
    steps = ready(acme, "Give Ken Adams full access to billing@acme.com", GRACE)
    assert [s["automapping"] for s in steps] == [True]


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("Add Ken Adams to Marketing and the trainees in Engineering", "member"),
        ("Put the new joiners from Finance Team on the All Hands list", "member"),
        ("Add our temps in Project Phoenix to all-sales", "member"),
        ("Give the team leads in Engineering send on behalf on support@acme.com", "trustee"),
    ],
)
def test_people_described_within_a_list_are_asked_never_the_list(
    acme: Directory, text: str, about: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert about in questions
    assert not any(
        s.get(k) in {"engineering@acme.com", "finance-team@acme.com", "project-phoenix@acme.com"}
        for s in steps
        for k in ("member", "trustee")
    )


def test_a_headline_naming_no_one_is_not_a_description_to_ask_about(acme: Directory) -> None:
    # "new starter in support today - Ken Adams ...": a headline, the person is named after it
    assert ready_tuples(
        acme,
        "new starter in support today - Ken Adams. Please add him to the All Hands list",
        "sarah@acme.com",
        "group",
        "member",
    ) == [("all-hands@acme.com", "ken.adams@acme.com")]
