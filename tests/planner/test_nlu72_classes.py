"""nlu72's classes, in wordings beyond the negation.yaml entries: whom a me means after "On behalf of X -",
a preference said after a dash, someone new said to need it, a right asked as a question after a slash or a
hedge, and a forwarding stopped "to" someone. Planned and resolved against the Acme directory at the
corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_in_order

GRACE, TOM, AVA, SARAH = (
    "grace.hopper@acme.com",
    "tom.becker@acme.com",
    "ava.johnson@acme.com",
    "sarah@acme.com",
)

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "On behalf of Sarah Connor - could you give me send on behalf on billing@acme.com",
        "Asking on behalf of Sarah Connor - I need full access to billing@acme.com",
        "This is on behalf of Sarah Connor - grant me send as on billing@acme.com please",
    ],
)
def test_a_me_after_an_on_behalf_opener_is_the_one_writing_alone(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert {s["trustee"] for s in steps} == {GRACE}


def test_a_he_after_an_on_behalf_opener_is_still_the_one_it_is_filed_for(acme: Directory) -> None:
    steps = ready(acme, "On behalf of Sarah Connor - she needs send as on billing@acme.com", GRACE)
    assert {s["trustee"] for s in steps} == {SARAH}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom send as on billing@acme.com - ideally Ava",
        "Give Tom send as on billing@acme.com, Ava would be much better",
        "Give Tom send as on billing@acme.com - Ava is preferable",
        "Give Tom send as on billing@acme.com; Ava'd be better",
    ],
)
def test_a_name_said_to_be_preferred_after_a_change_replaces_the_one_before(
    acme: Directory, text: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "trustee") == [("send_as", AVA)]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom send as on billing@acme.com - Ava Johnson needs it",
        "Add Tom to All Hands; Ava wants that",
        "Share my calendar with Tom as reviewer - Ava could use it",
    ],
)
def test_someone_new_said_to_need_it_with_no_too_or_instead_is_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert (status, steps) == ("needs_clarification", [])


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom send as on billing@acme.com - he needs it",
        "Give Tom send as on billing@acme.com - Tom Becker needs it",
        "Give Tom send as on billing@acme.com - Ava Johnson needs it as well",
    ],
)
def test_a_reason_or_one_said_too_keeps_the_plan(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert TOM in {s["trustee"] for s in steps}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom send as on support@acme.com / full access?",
        "Give Tom send as on support@acme.com, full access too if you can?",
        "Give Tom send as on support@acme.com - send on behalf as well please?",
    ],
)
def test_a_right_asked_as_a_question_after_the_request_is_never_granted(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["action"])


@pytest.mark.parametrize(
    ("requester", "text"),
    [
        (GRACE, "Please stop forwarding emails to Ava Johnson"),
        (GRACE, "Mail should no longer be forwarded to Tom Becker"),
        (GRACE, "Cancel the forwarding to tom.becker@acme.com"),
        (TOM, "Stop forwarding mail to Ava Johnson"),
    ],
)
def test_a_forwarding_stopped_to_someone_never_clears_their_own(
    acme: Directory, requester: str, text: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, requester=requester)
    assert (status, steps, questions) == ("needs_clarification", [], ["mailbox"])


@pytest.mark.parametrize(
    ("requester", "text", "mailbox"),
    [
        (GRACE, "Ken Adams is back, turn off the forwarding to Ava Johnson", "ken.adams@acme.com"),
        (TOM, "I'm back in the office, stop forwarding my mail to Ava", TOM),
        (GRACE, "Stop forwarding support@acme.com to Tom Becker", "support@acme.com"),
    ],
)
def test_whose_forwarding_stops_is_the_one_said_or_told_back(
    acme: Directory, requester: str, text: str, mailbox: str
) -> None:
    assert ready_tuples(acme, text, requester, "change", "mailbox") == [("clear", mailbox)]


def test_a_list_said_as_whose_mail_stops_asks_what_is_meant(acme: Directory) -> None:
    status, steps, questions = plan_in_order(
        acme, "stop sending all-sales@acme.com mail to Ava Johnson", GRACE
    )
    assert (status, steps, questions) == ("needs_clarification", [], ["action"])


@pytest.mark.parametrize(
    "text",
    [
        "Make noah@acme.com Noah Davis's primary address, don't keep noah.davis@acme.com on the mailbox",
        "Set Noah Davis's primary to noah@acme.com, and do not keep noah.davis@acme.com on his account",
    ],
)
def test_an_old_address_not_kept_on_the_mailbox_is_dropped(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "keep_old") == [("change_primary_alias", False)]
