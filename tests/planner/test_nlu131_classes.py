"""nlu131's classes (red team 71 class 2 and its over-asks): status lines set after a request, and an
exclusion from every shared mailbox with more said after it. Planned and resolved against the Acme
directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _boxes(steps: list[dict[str, object]]) -> set[object]:
    return {s.get("mailbox") for s in steps}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales, Billing and Finance.\nBilling ✅",
        "Give Tom Becker full access to sales@, billing@ and finance@.\nBilling ✅",
        "Give Tom Becker full access to Sales and Finance.\nFinance ✅",
        "Give Chris Lee full access to Support, Info and Careers.\nInfo ✅",
        "Give Tom Becker and Chris Lee full access to Sales.\nTom Becker ✅",
    ],
)
def test_one_part_approved_never_approves_the_others(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"scope"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales, Billing and Finance.\nSales ✅ Billing ✅ Finance ✅",
        "Give Tom Becker full access to sales@, billing@ and finance@.\nSales ✅\nBilling ✅\nFinance ✅",
    ],
)
def test_every_part_approved_is_every_part_granted(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _boxes(steps) == {"sales@acme.com", "billing@acme.com", "finance@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to sales@ and finance@.\nMike ⏳",
        "Give Tom Becker full access to Sales and Finance.\nApproval ⏳",
        "Give Tom Becker full access to Sales and Finance.\nManager sign-off ⏳",
        "Give Chris Lee full access to support@ and info@.\nManager sign-off ⏸",
        "Give Tom Becker full access to Sales and Finance.\nHR ⏳",
    ],
)
def test_a_hold_on_no_part_of_the_request_holds_it_whole(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"scope"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to sales@ and finance@.\nFinance ⏳",
        "Give Tom Becker full access to sales@ and finance@.\n⏳ Finance",
        "Give Tom Becker full access to sales@ and finance@.\nSales ✅, Finance ⏳",
        "Give Tom Becker full access to sales@ and finance@.\nFinance ⏳ Sales ✅",
        "Give Tom Becker full access to sales@ and finance@.\n⏳ finance (Mike)",
        "Give Tom Becker full access to sales@ and billing@.\nSales ✅ Billing ⏳",
        "Give Tom Becker full access to sales@ and finance@.\nFinance 🔜",
        "Give Tom Becker full access to sales@ and finance@.\nFinance ✋",
        "Give Chris Lee full access to support@ and info@.\nInfo 🛑",
        "Give Chris Lee full access to support@ and careers@.\nSupport ✅, Careers 🚧",
        "Give Tom Becker full access to sales@ and finance@.\nFinance – pending",
        "Give Chris Lee full access to support@ and info@.\n- Info pending",
    ],
)
def test_a_held_part_is_never_granted_whatever_name_it_is_marked_by(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready" or not (
        {"finance@acme.com", "billing@acme.com", "info@acme.com"} & _boxes(steps)
    )
    assert "careers@acme.com" not in _boxes(steps)


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Give Tom Becker full access to Sales and Finance.\nFinance ⏳", "sales@acme.com"),
        ("Give Tom Becker full access to Sales and Finance.\nFinance 🔜", "sales@acme.com"),
        ("Give Tom Becker full access to Sales and Finance.\nFinance ✋", "sales@acme.com"),
        ("Give Tom Becker full access to Sales and Finance.\n⏳ finance (Mike)", "sales@acme.com"),
        ("Give Chris Lee full access to Support and Info.\nInfo 🛑", "support@acme.com"),
        ("Give Tom Becker full access to Sales and Finance.\nFinance – pending", "sales@acme.com"),
        ("Give Ken Adams access to Info and Billing.\nStatus of Billing: rejected", "info@acme.com"),
    ],
)
def test_a_part_held_by_the_name_the_request_used_is_dropped_the_rest_planned(
    acme: Directory, text: str, left: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert _boxes(steps) == {left}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to sales@ and billing@.\nDone ✅ thanks",
        "Give Tom Becker full access to sales@ and billing@.\nApproved ✅",
    ],
)
def test_a_mark_beside_no_part_is_no_checklist(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _boxes(steps) == {"sales@acme.com", "billing@acme.com"}


_ALL_BUT_HR_FINANCE = {
    "billing@acme.com",
    "careers@acme.com",
    "info@acme.com",
    "office@acme.co.uk",
    "sales@acme.com",
    "support@acme.com",
}


@pytest.mark.parametrize(
    "tail",
    [" please.", " :)", " asap.", " today.", ", please.", ", thank you!", " - he's joining support."],
)
def test_a_thanks_a_time_or_a_reason_after_an_all_but_list_plans_it(acme: Directory, tail: str) -> None:
    text = "Give Tom Becker full access to all shared mailboxes except HR and Finance" + tail
    steps = ready(acme, text, GRACE)
    assert _boxes(steps) == _ALL_BUT_HR_FINANCE
    assert all("expires" not in s for s in steps)


def test_a_length_after_an_all_but_list_ends_every_grant(acme: Directory) -> None:
    text = "Give Tom Becker full access to all shared mailboxes except HR and Finance for two weeks."
    steps = ready(acme, text, GRACE)
    assert _boxes(steps) == _ALL_BUT_HR_FINANCE
    assert {s.get("expires") for s in steps} == {"2026-03-16T09:00:00Z"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to all shared mailboxes except HR and Finance - he's taking over "
        "Billing.",
        "Give Chris Lee full access to every shared mailbox except Billing - she's done with finance.",
        "Give Chris Lee full access to every shared mailbox except Billing - she needs mike to sign off "
        "first.",
        "Give Chris Lee full access to every shared mailbox except Billing, thanks - Finance too.",
        "Give Chris Lee full access to every shared mailbox except Billing today, and Finance.",
        "Give Tom Becker full access to all shared mailboxes except HR and Finance (those need Mike).",
    ],
)
def test_a_mailbox_named_or_waited_on_after_an_all_but_list_is_asked(acme: Directory, text: str) -> None:
    assert asks(acme, text, GRACE) == {"mailbox"}
