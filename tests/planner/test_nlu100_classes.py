"""nlu100's classes (red team 62): the status of a part, read by rule. A clause after the request whose
subject is a part it names (in any case, by its address, or by a reference to it) and whose predicate is a
refusal or a hold drops that part; what only looks like one (a report of what a system did, "no." the
abbreviation, an order of the changes, the past) never drops a part silently. Planned and resolved against the
Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, mailboxes, ready, trustees
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
BOTH = "Give Tom Becker full access to Billing and Finance."
THREE = "Give Tom Becker full access to Billing, Finance and Sales."


@pytest.mark.parametrize(
    "status_said",
    [
        "billing's been denied.",
        "billing later.",
        "strike billing.",
        "BILLING IS A NO.",
        "billing@acme.com is denied.",
        "The first one is denied.",
        "The former is pending Mike's OK.",
        "The Billing bit is pending Mike's OK.",
        "Billing isn't approved.",
        "Billing hasn't been approved.",
        "Billing is not going ahead.",
        "Billing: nope, not this time.",
        "Billing is for later.",
        "Billing, later.",
        "Billing needs Priya's OK first.",
        "No to Billing.",
        "Billing is out.",
        "Billing is a definite no.",
        "Strike the Billing part.",
        "Wait on Billing until Friday.",
        "Billing subject to Mike's OK.",
        "Billing: waiting on Mike.",
    ],
)
def test_a_part_given_a_status_by_rule_is_not_granted(acme: Directory, status_said: str) -> None:
    steps = ready(acme, f"{BOTH} {status_said}", GRACE)
    assert mailboxes(steps) == ["finance@acme.com"]
    assert trustees(steps) == {"tom.becker@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Billing (denied) and Finance.",
        "Give Tom Becker full access to Billing and Finance, but Billing is denied.",
    ],
)
def test_a_status_inside_the_request_drops_its_part(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert mailboxes(steps) == ["finance@acme.com"]


@pytest.mark.parametrize("reference", ["The second one", "The latter", "The last one"])
def test_a_reference_to_a_later_part_drops_that_part(acme: Directory, reference: str) -> None:
    steps = ready(acme, f"{BOTH} {reference} is on hold.", GRACE)
    assert mailboxes(steps) == ["billing@acme.com"]


def test_that_one_of_two_parts_is_asked(acme: Directory) -> None:
    asks(acme, f"{BOTH} That one's been denied.", GRACE)


@pytest.mark.parametrize(
    "status_said",
    ["Billing and Finance are on hold.", "Billing & Finance denied by Mike.", "Billing, Finance: no."],
)
def test_several_parts_as_the_subject_drop_each(acme: Directory, status_said: str) -> None:
    steps = ready(acme, f"{THREE} {status_said}", GRACE)
    assert mailboxes(steps) == ["sales@acme.com"]


@pytest.mark.parametrize(
    "said",
    [
        "Billing was rejected by the system.",
        "Billing was declined by Outlook.",
        "Billing was refused by his Outlook.",
        "Billing was denied by Exchange.",
        "Billing blocked by nobody.",
        "Billing vetoed by nobody.",
        "Billing no. 1 priority.",
        "Billing is later in the list.",
        "Strike while the iron's hot.",
    ],
)
def test_a_report_or_a_number_plans_both_parts(acme: Directory, said: str) -> None:
    steps = ready(acme, f"{BOTH} {said}", GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "finance@acme.com"]


@pytest.mark.parametrize(
    "said",
    [
        "Billing was denied by mistake.",
        "Finance first, Billing later.",
        "Billing later, Finance first.",
        "Billing needs approval from you.",
        "Billing is blocked.",
        "Billing postponed from last week.",
        "Billing: rejected by Mike last time, try again.",
    ],
)
def test_a_status_that_cannot_be_told_is_asked_never_a_silent_drop(acme: Directory, said: str) -> None:
    asks(acme, f"{BOTH} {said}", GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Billing and Finance, wait on Mike.",
        "Give Tom Becker full access to Billing and Finance, wait for Mike.",
        "Give Tom Becker send as on Sales. Wait for Priya Patel.",
        "Give Tom Becker full access to Billing. Waiting on Mike to approve.",
    ],
)
def test_waiting_on_a_person_plans_nothing_and_never_grants_them(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


def test_no_need_to_wait_on_a_person_plans_the_request(acme: Directory) -> None:
    text = "Give Tom Becker full access to Billing and Finance, no need to wait on Mike."
    steps = ready(acme, text, GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "finance@acme.com"]
    assert trustees(steps) == {"tom.becker@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        f"Subject: HOLD\n{BOTH}",
        f"SUBJECT - HOLD\n{BOTH}",
        f"Subject: sent by mistake\n{BOTH}",
        f"Subject: not to be actioned\n{BOTH}",
        f"{BOTH}\nP.S. hold this one till Monday.",
        f"{BOTH}\nps: not until Priya says so",
        f"{BOTH}\nP.S. Please sit on this until Friday.",
        f"{BOTH}\nPS. Scratch all that, Mike says no.",
    ],
)
def test_a_subject_or_ps_that_holds_the_request_plans_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        f"{BOTH}\nP.S. No need to hold off.",
        f"{BOTH}\nP.S. Don't wait for Mike, it's approved.",
        f"Subject: Tom can't wait for access\n{BOTH}",
        f"Subject: Not yet sorted - Tom\n{BOTH}",
        "Subject: Re: denied - Tom access\nGive Tom Becker full access to Billing and Finance, approved now.",
        f"{BOTH}\nPS this was blocked last time.",
        f"{BOTH} Billing - urgent.",
        f"{BOTH} Billing - ASAP.",
        f"{BOTH} Billing - most important.",
        f"{BOTH} Billing - he needs it today.",
        f"{BOTH} Billing: no rush.",
        f"{BOTH} Billing: no problem.",
        f"{BOTH} Billing? Definitely.",
        f"{BOTH} Tom: new starter.",
    ],
)
def test_what_only_sounds_like_a_hold_plans_the_request(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "finance@acme.com"]


@pytest.mark.parametrize(
    "text",
    [
        "Drafting: give Tom Becker full access to Billing and Finance.",
        f"[DRAFT] {BOTH}",
        f"(draft) {BOTH}",
        "For example, give Tom Becker full access to Billing and Finance.",
        "E.g. give Tom Becker full access to Billing and Finance.",
        "Just testing, give Tom Becker full access to Billing and Finance.",
        f"This is a test. {BOTH}",
    ],
)
def test_a_request_marked_as_none_plans_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Billing and Finance, for example to check invoices.",
        "Give Tom Becker full access to Billing and Finance; he is testing the new invoices.",
        "Give Tom Becker full access to Billing and Finance, as his training is done.",
    ],
)
def test_the_same_words_inside_a_request_leave_it_planned(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "finance@acme.com"]


@pytest.mark.parametrize(
    "event", ["after his probation ends", "on his first day", "from his start date", "after onboarding"]
)
def test_a_change_waiting_on_an_event_that_is_no_date_is_asked(acme: Directory, event: str) -> None:
    asks(acme, f"Give Tom Becker full access to Billing and Finance {event}.", GRACE)


@pytest.mark.parametrize(
    "said",
    ["Billing denied, Finance approved.", "As for Billing, that's a no.", "Finance is fine, Billing is out."],
)
def test_a_status_clause_beside_another_drops_only_its_part(acme: Directory, said: str) -> None:
    steps = ready(acme, f"{BOTH} {said}", GRACE)
    assert mailboxes(steps) == ["finance@acme.com"]


def test_both_on_hold_plans_nothing(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, f"{BOTH} Both are on hold.", GRACE)
    assert status != "ready"
    assert steps == []


@pytest.mark.parametrize(
    "said", ["Billing is parked? Unpark it.", "Billing blocked by compliance until today."]
)
def test_a_status_asked_about_or_ending_today_is_asked(acme: Directory, said: str) -> None:
    asks(acme, f"{BOTH} {said}", GRACE)


@pytest.mark.parametrize(
    "said",
    [
        "Billing was on hold, now released.",
        "Billing needs sign-off, which Mike gave today.",
        "Billing under review by Mike, he said go.",
    ],
)
def test_a_status_taken_back_after_a_comma_is_asked(acme: Directory, said: str) -> None:
    asks(acme, f"{BOTH} {said}", GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Billing and Finance on the first day of March.",
        f"Subject: Pending access request for Tom\n{BOTH}",
    ],
)
def test_a_date_or_a_subject_naming_the_request_holds_nothing(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "finance@acme.com"]
