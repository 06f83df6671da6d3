"""nlu108's classes (red team 65): approvals, holds and exclusions. An approval said to be missing holds the
request, and "pending <person>'s <event>" waits for it: neither names someone the change is for. Planned and
resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM_BILLING = "Give Tom Becker full access to Billing."
BOTH = "Give Tom Becker full access to Billing and Finance."


def _mailboxes(steps: list[dict[str, object]]) -> list[str]:
    return sorted(str(s.get("mailbox")) for s in steps)


def _trustees(steps: list[dict[str, object]]) -> set[str]:
    return {str(s.get("trustee")) for s in steps}


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
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert _trustees(steps) == {"tom.becker@acme.com"}


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
    status, steps, _ = plan_of(
        acme, "Give Tom Becker access to the Billing mailbox so he can clear the pending invoices.", GRACE
    )
    assert status == "ready"
    assert _mailboxes(steps) == ["billing@acme.com"]
    assert _trustees(steps) == {"tom.becker@acme.com"}
