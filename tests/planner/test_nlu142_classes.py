"""nlu142's classes (red team: a part held, refused or cancelled in words was granted): a mailbox, list or
right of the request said to be held, refused or taken back, by whichever of its names the directory knows,
is never in a ready plan; a hold on the whole request said after its last part asks; a mark approving one
right leaves the plan's other rights unapproved. The near texts that approve, or hold nothing, still plan.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
MIKE = "mike.smith@acme.com"
FINANCE = "finance@acme.com"
SALES = "sales@acme.com"
FINANCE_TEAM = "finance-team@acme.com"


def _never_granted(acme: Directory, text: str, requester: str, held: str) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    if status == "ready":
        assert all(held not in (s.get("mailbox"), s.get("group")) for s in steps), steps
    else:
        assert status == "needs_clarification", status
        assert questions, "asked with no question"


@pytest.mark.parametrize(
    ("text", "requester", "held"),
    [
        ("Give Tom full access to sales@ and finance@. Finance approval pending.", GRACE, FINANCE),
        ("Give Tom send as on sales@ and finance@ (finance pending)", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@. Sign-off TBC for finance.", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@\nFinance: no", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@\nFinance: hold off", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@\nFinance: later", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@, finance on hold", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@, drop finance", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@. Waiting for approval on finance.", GRACE, FINANCE),
        ("Give Tom send on behalf on sales@ and finance@ (finance on hold)", GRACE, FINANCE),
        ("Add Tom to all-sales and finance-team. Finance Team: no", GRACE, FINANCE_TEAM),
        (
            "[10:01] Mike Smith: can Tom get full access to sales@ and finance@?\n"
            "[10:02] Mike Smith: finance on hold tho",
            GRACE,
            FINANCE,
        ),
        ("Give Tom full access to sales@ and finance@, but not finance yet", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@. Finance later.", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@. Finance was refused.", GRACE, FINANCE),
        ("Give Tom full access to sales@ and finance@. Finance still needs Mike's OK.", GRACE, FINANCE),
        ("Give me full access to sales@ and finance@. Finance: no", MIKE, FINANCE),
        ("Can I get send on behalf on sales@ and finance@? finance pending", MIKE, FINANCE),
    ],
)
def test_a_part_held_in_words_is_never_granted(acme: Directory, text: str, requester: str, held: str) -> None:
    _never_granted(acme, text, requester, held)


@pytest.mark.parametrize(
    "text",
    [
        # a hold on the whole request, said after its last part
        "Give Tom full access to sales@ and finance@ - approval pending",
        "Give Tom full access to sales@ and finance@. No approval yet.",
        "Give Tom full access to sales@ and finance@. Approval: no",
        "Add Tom to all-sales (approval pending)",
        # a mark approving one right of several: the others are unapproved, as an unmarked mailbox is
        "Give Tom full access and send as on sales@\nFull access ✅",
        "Give Tom send as and send on behalf on sales@\nSend as ✅",
    ],
)
def test_a_hold_on_the_whole_or_a_right_left_unmarked_asks(acme: Directory, text: str) -> None:
    status, _, questions = plan_of(acme, text, GRACE)
    assert (status, questions) == ("needs_clarification", {"scope"})


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Give Tom full access to sales@ and finance@. Finance approved.", 2),
        ("Give Tom full access to sales@ and finance@\nfinance: yes", 2),
        ("Give Tom full access to sales@ and finance@, no rush on finance", 2),
        ("Give Tom full access to sales@ and finance@. No approval needed.", 2),
        ("Give Tom full access to sales@ and finance@. Finance is not pending any more.", 2),
        ("Give Tom full access to sales@ and finance@ - approved by Mike", 2),
        ("Give Tom full access to sales@ and finance@. Finance needs no approval.", 2),
        ("Give Tom full access to sales@ and finance@. Finance doesn't need approval.", 2),
        ("Give Tom full access to sales@ and finance@. Finance is no longer pending.", 2),
        ("Give Tom full access and send as on sales@\nFull access ✅ Send as ✅", 2),
        ("Give Tom full access to sales@\nFull access ✅", 1),
        ("Give Tom full access to finance@, he's covering finance for a week", 1),
        ("Give Ken Adams full access to support@acme.com and billing@acme.com - no, only Billing", 1),
    ],
)
def test_the_near_texts_still_plan(acme: Directory, text: str, count: int) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert len(steps) == count
