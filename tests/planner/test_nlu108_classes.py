"""nlu108's classes (red team 65): approvals, holds and exclusions. An approval said to be missing holds the
request, and "pending <person>'s <event>" waits for it: neither names someone the change is for. Planned and
resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, mailboxes, ready, ready_tuples, trustees
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM_BILLING = "Give Tom Becker full access to Billing."
BOTH = "Give Tom Becker full access to Billing and Finance."


@pytest.mark.parametrize(
    "text",
    [
        f"{TOM_BILLING} Actually wait, Mike hasn't approved yet.",
        "[10:02] Priya: give Tom Becker full access to Billing\n"
        "[10:05] Priya: actually wait, Mike hasn't approved yet",
        "[09:00] Priya: give Tom Becker full access to Billing\n"
        "[09:01] Priya: hold on, Mike hasn't signed off",
        f"{TOM_BILLING} Hang on, Priya hasn't approved it.",
        f"{TOM_BILLING} Actually, Mike Smith still hasn't given the go-ahead.",
        f"{TOM_BILLING} The CFO has yet to sign off.",
    ],
)
def test_an_approval_said_missing_holds_the_request(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [f"{TOM_BILLING} Mike has approved it.", f"{TOM_BILLING} Priya has already signed off."],
)
def test_an_approval_said_given_plans_for_the_trustee_only(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert trustees(steps) == {"tom.becker@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Billing pending Maria's return.",
        "Give Tom Becker full access to Sales pending Chris Lee's return.",
        "Give Tom Becker full access to Billing, pending Priya's decision.",
    ],
)
def test_pending_a_persons_event_waits_and_grants_no_one(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


def test_pending_before_a_thing_is_no_wait(acme: Directory) -> None:
    steps = ready(
        acme, "Give Tom Becker access to the Billing mailbox so he can clear the pending invoices.", GRACE
    )
    assert mailboxes(steps) == ["billing@acme.com"]
    assert trustees(steps) == {"tom.becker@acme.com"}


@pytest.mark.parametrize(
    "status_said",
    [
        "Mike vetoed Finance.",
        "Mike turned down the Finance one.",
        "HR has refused Finance.",
        "Legal put Finance on hold.",
        "Mike hasn't approved Finance yet.",
        "Finance didn't get approved.",
        "Finance got the thumbs down.",
        "Finance needs to wait for Mike.",
        "Approval for Finance is outstanding.",
        "Finance approval: pending.",
        "We're still waiting to hear about Finance.",
        "I'll confirm Finance later.",
        "Finance to follow once approved.",
        "The second one is still being reviewed.",
        "The latter needs CFO approval first.",
        "\n[x] Billing\n[ ] Finance (not approved)",
    ],
)
def test_a_refused_or_held_part_is_never_granted(acme: Directory, status_said: str) -> None:
    status, steps, _ = plan_of(acme, f"{BOTH} {status_said}", GRACE)
    assert "finance@acme.com" not in mailboxes(steps)
    assert status in {"ready", "needs_clarification", "not_understood"}
    if status == "ready":
        assert mailboxes(steps) == ["billing@acme.com"]
        assert trustees(steps) == {"tom.becker@acme.com"}


@pytest.mark.parametrize(
    "said",
    ["Approval for Finance came through yesterday.", "I'll confirm with Finance that it's done."],
)
def test_a_part_said_approved_or_merely_mentioned_is_planned(acme: Directory, said: str) -> None:
    steps = ready(acme, f"{BOTH} {said}", GRACE)
    assert mailboxes(steps) == ["billing@acme.com", "finance@acme.com"]


@pytest.mark.parametrize("said", ["Finance is waiting for him.", "Finance is waiting for Tom."])
def test_a_part_waiting_for_a_person_is_asked_not_dropped(acme: Directory, said: str) -> None:
    asks(acme, f"{BOTH} {said}", GRACE)


@pytest.mark.parametrize(
    "text",
    [
        f"{TOM_BILLING}\n\nUPDATE: request withdrawn.",
        f"{TOM_BILLING}\nNVM",
        f"{TOM_BILLING} Never mind.",
        "[10:02] Priya: give Tom Becker full access to Billing\n[10:04] Mike: 👎",
        f"Subject: [Hold] Tom Becker Billing\n\n{TOM_BILLING}",
        f"Subject: FYI only: Billing access for Tom\n\n{TOM_BILLING}",
    ],
)
def test_a_request_taken_back_held_or_told_for_information_plans_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status in {"not_understood", "needs_clarification"}
    assert steps == []


def test_a_thumbs_up_in_a_chat_leaves_the_request(acme: Directory) -> None:
    steps = ready(acme, "[10:02] Priya: give Tom Becker full access to Billing\n[10:04] Mike: 👍", GRACE)
    assert trustees(steps) == {"tom.becker@acme.com"}


def _members(steps: list[dict[str, object]]) -> set[str]:
    return {str(s.get("member")) for s in steps}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Remove everyone from all-sales without Priya Patel.", {"priya.patel@acme.com"}),
        (
            "Remove everyone from all-sales without Ava Johnson and Noah Davis.",
            {"ava.johnson@acme.com", "noah.davis@acme.com"},
        ),
        ("Remove everyone from all-sales without Liam Brown.", {"liam.brown@acme.com"}),
        ("Take everyone off all-sales besides Emma W.", {"emma.wilson@acme.com"}),
        (
            "Remove everyone from all-sales; keep Emma W. and Noah D.",
            {"emma.wilson@acme.com", "noah.davis@acme.com"},
        ),
    ],
)
def test_people_set_apart_from_a_removal_stay(acme: Directory, text: str, kept: set[str]) -> None:
    steps = ready(acme, text, GRACE)
    assert steps
    assert not _members(steps) & kept


@pytest.mark.parametrize(
    "text", ["Remove everyone from all-sales; keep Kim.", "Remove everyone from all-sales; keep Zed."]
)
def test_one_kept_whom_the_directory_cannot_tell_is_asked(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "member" in questions


@pytest.mark.parametrize(
    "text",
    ["Careers forwarding to Maria should not stop.", "Tom Becker's forwarding mustn't be switched off."],
)
def test_a_forward_said_not_to_stop_is_kept(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


def test_a_stop_of_outside_forwarding_only_is_asked(acme: Directory) -> None:
    asks(acme, "Careers should no longer forward externally.", GRACE)


def test_a_forward_said_to_stop_still_stops(acme: Directory) -> None:
    assert ready_tuples(acme, "Careers forwarding to Maria should stop.", GRACE, "action", "change") == [
        ("email_forwarding_internal", "clear")
    ]
