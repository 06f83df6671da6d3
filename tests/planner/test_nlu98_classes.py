"""nlu98's classes (red team 59 U3): a part said refused, struck or put off is dropped; a Subject or P.S. that
holds the request plans nothing now; a change waiting on an event that is no date is asked; a draft, test or
example is no request. Planned and resolved against the Acme directory at the corpus's fixed "now" (Monday
2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, mailboxes, ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
BOTH = "Give Tom Becker full access to Sales and Billing."


@pytest.mark.parametrize(
    "status_said",
    [
        "Strike Billing.",
        "No Billing.",
        "Billing: NO.",
        "Billing is a no.",
        "Billing's been denied.",
        "Billing was rejected by Mike.",
        "Billing blocked by compliance.",
        "Billing TBD.",
        "Billing needs sign-off first.",
        "Wait on Billing.",
        "Billing later.",
        "Billing deferred.",
        "-- Billing parked.",
        "Hold off on Billing.",
        "Billing postponed for now.",
    ],
)
def test_a_part_refused_or_put_off_is_not_granted(acme: Directory, status_said: str) -> None:
    steps = ready(acme, f"{BOTH} {status_said}", GRACE)
    assert mailboxes(steps) == ["sales@acme.com"]


def test_drop_a_part_is_asked_as_it_may_mean_a_removal(acme: Directory) -> None:
    about = asks(acme, f"{BOTH} Drop Billing.", GRACE)
    assert "scope" in about


@pytest.mark.parametrize(
    "said",
    ["Billing too.", "No rush.", "Billing is the finance mailbox.", "\n\nPS: Billing is the finance one."],
)
def test_a_sentence_that_holds_nothing_back_keeps_both(acme: Directory, said: str) -> None:
    steps = ready(acme, f"{BOTH} {said}", GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "sales@acme.com"]


@pytest.mark.parametrize(
    "text",
    [
        "Subject: DO NOT PROCESS YET\n\nGive Tom Becker full access to Sales.",
        "Subject: ON HOLD - Tom access\n\nGive Tom Becker full access to Sales.",
        "Subject: Cancelled: access for Tom\n\nGive Tom Becker full access to Sales.",
        "Give Tom Becker full access to Sales.\n\nP.S. don't do this until Priya approves.",
        "Give Tom Becker full access to Sales.\n\nPS - hold off until Monday.",
        "Subject: Billing - denied\n\nGive Tom Becker full access to Sales and Billing.",
        "Give Tom Becker full access to Sales and Billing.\n\nPS: Billing was refused.",
        "Give Tom Becker full access to Sales when his training is done.",
        "Give Tom Becker full access to Sales from the day he starts.",
        "Draft: give Tom Becker full access to Sales",
        "Test: give Tom Becker full access to Sales",
        "Example request: give Tom Becker full access to Sales",
    ],
)
def test_a_held_conditional_or_sample_request_grants_nothing_now(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status in {"needs_clarification", "not_understood"}
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Subject: Access for Tom\n\nGive Tom Becker full access to Sales.",
        "Subject: Access denied on Sales\n\nPlease give Tom Becker full access to Sales.",
        "Give Tom Becker full access to Sales.\n\nP.S. No rush.",
        "Give Tom Becker full access to Sales when you can.",
    ],
)
def test_a_plain_subject_ps_or_when_you_can_still_grants(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert mailboxes(steps) == ["sales@acme.com"]
    assert all(s.get("expires") is None for s in steps)


@pytest.mark.parametrize("said", ["Billing was flagged by audit.", "Billing's been escalated."])
def test_another_status_of_a_part_is_asked(acme: Directory, said: str) -> None:
    about = asks(acme, f"{BOTH} {said}", GRACE)
    assert "scope" in about


@pytest.mark.parametrize("said", ["Billing is needed too.", "Billing is approved."])
def test_a_part_said_wanted_or_approved_is_granted(acme: Directory, said: str) -> None:
    steps = ready(acme, f"{BOTH} {said}", GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "sales@acme.com"]


@pytest.mark.parametrize(
    "said", ["Billing - check with Mike first.", "Billing? Not sure.", "Billing: maybe."]
)
def test_a_part_taken_up_with_a_comment_not_read_is_asked(acme: Directory, said: str) -> None:
    about = asks(acme, f"{BOTH} {said}", GRACE)
    assert "scope" in about


def test_a_part_taken_up_with_a_yes_is_granted(acme: Directory) -> None:
    steps = ready(acme, f"{BOTH} Billing: yes, please.", GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "sales@acme.com"]
