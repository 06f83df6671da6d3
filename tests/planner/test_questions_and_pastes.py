"""The question gate (questions.py), the paste pre-pass (pasted.py) and the read-only limit (limits.py)."""

from __future__ import annotations

import pytest

from mailwarden.planner.draft import DraftStep
from mailwarden.planner.limits import unkept_limit
from mailwarden.planner.pasted import body
from mailwarden.planner.questions import asks_only


@pytest.mark.parametrize(
    "text",
    [
        "Where does Chris Lee's Send As on the Support mailbox come from?",
        "HR asked whether Tom Becker still has access to the support mailbox - can you check?",
        "send-as permissions for hr@acme.com?",
        "Explain who can get into hr@acme.com and where each permission comes from",
        "I need to know who has full access to support?",
        "Does Ava have send as on sales?",
    ],
)
def test_a_question_only_asks(text: str) -> None:
    assert asks_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can you give Tom full access to support?",
        "Could you add Ava to all-sales?",
        "Would you please remove Tom from all-sales?",
        "Can I get send as on sales@acme.com?",
        "Tom will cover Info. Can he get full access to it?",
        "Who has send as on sales? Also give Ava send as on sales.",
        "can you check who can send as support@ and add Ava",
        "Give Tom full access to support",
        "Would it be possible to give Tom send as on sales?",
        "Tom needs full access to support, right?",
    ],
)
def test_a_request_put_as_a_question_is_a_request(text: str) -> None:
    assert not asks_only(text)


def test_a_pasted_ticket_keeps_only_its_body() -> None:
    ticket = (
        "Ticket #4471 - Access request\nRequested by: Priya Patel\nDescription: Please give Liam send as\n"
        "--\nPriya Patel | VP Sales\ncc: John Miller\n"
    )
    assert body(ticket) == "Please give Liam send as"


def test_a_pasted_mail_drops_greeting_signature_and_quote() -> None:
    mail = (
        "From: Sarah\nSubject: RE: x\n\nHi Grace,\nGive Tom full access to info.\n\n"
        "Thanks!\nSarah\n> On Fri, Ken wrote:\n"
    )
    assert body(mail) == "Give Tom full access to info."


def test_a_paste_of_nothing_but_context_is_no_request() -> None:
    assert body("Subject: Give Tom full access to support\n\nThanks,\nOlivia Martin") == ""


def test_one_line_is_left_as_it_is() -> None:
    assert body("From now on forward my mail to Tom") == "From now on forward my mail to Tom"


def test_read_only_mailbox_access_cannot_be_kept() -> None:
    grant = DraftStep(action="mailbox_delegation", change="grant", params={"mailbox": "hr", "trustee": "ken"})
    assert unkept_limit("Give Ken read-only access to the HR mailbox", [grant])
    assert unkept_limit("Give Ken full access to the HR mailbox", [grant]) is None
    assert unkept_limit("Share my calendar with Ken, read only", [grant]) is None


def test_a_tickets_short_description_is_the_request_when_no_body_is_left() -> None:
    ticket = (
        "INC0098812\nCaller: Olivia Martin\nAssigned to: Ken Adams\nShort description: add Tom to all-sales\n"
    )
    assert body(ticket) == "add Tom to all-sales"


def test_a_pasted_form_is_read_as_one_sentence() -> None:
    form = "Mailbox: hr@acme.com\nPerson: Ken Adams\nFull access: no\nSend as: yes\nUntil: Friday\n"
    assert body(form) == "hr@acme.com for Ken Adams: Full access no, Send as yes, until Friday"


def test_a_form_with_a_field_it_does_not_know_is_left_as_written() -> None:
    form = "Mailbox: hr@acme.com\nPerson: Ken Adams\nCost centre: 4411\nSend as: yes"
    assert body(form) == form
