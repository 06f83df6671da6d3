"""nlu84's classes (session 15, batch 35), beyond the corpus entries: an end said in a sentence of its own
after a thanks ("thanks. until friday") is the end of the change before it, never lost with the thanks; and an
end said anywhere ("until ...") that no step took is asked, never dropped into a change for good. An end in a
statement of how things are ("Christine is out until friday") stays a reason. Planned and resolved against the
Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

NOAH = "noah.davis@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"
TWO_WEEKS = "2026-03-16T09:00:00Z"


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("share my calendar w/ ava johnson as reviewer? thanks. until friday", FRIDAY),
        ("share my calendar with ava johnson as reviewer. thanks! until friday", FRIDAY),
        ("share my calendar with ava johnson as reviewer, ta - only till friday", FRIDAY),
        ("share my calendar with ava johnson as reviewer, cheers, just for 2 weeks", TWO_WEEKS),
        ("add emma wilson to the marketing list pls. cheers! till friday", FRIDAY),
        ("forward ethan park's mail to david chen. thanks. until friday", FRIDAY),
    ],
)
def test_an_end_said_after_a_thanks_is_the_changes_end(acme: Directory, text: str, end: str) -> None:
    steps = ready(acme, text, NOAH)
    assert len(steps) == 1
    assert steps[0].get("expires") == end


@pytest.mark.parametrize(
    "text",
    [
        "share my calendar w/ ava johnson as reviewer? thanks. until sometime soon",
        "share my calendar w/ ava johnson as reviewer. until sometime soon",
        "add emma wilson to the marketing list. thanks. until whenever",
    ],
)
def test_an_end_no_step_took_is_asked(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, NOAH)
    assert status == "needs_clarification"
    assert "expires" in about
    assert not steps


@pytest.mark.parametrize(
    "text",
    [
        "share my calendar w/ ava johnson as reviewer? thanks. for good",
        "Christine is out until friday; share my calendar with ava johnson as reviewer",
        "share my calendar with ava johnson as reviewer until further notice. thanks",
    ],
)
def test_no_end_for_the_change_stays_for_good(acme: Directory, text: str) -> None:
    steps = ready(acme, text, NOAH)
    assert [s.get("expires") for s in steps] == [None]


@pytest.mark.parametrize(
    ("end", "status", "expires"),
    [("2026-03-20", "ready", "2026-03-21T00:00:00Z"), ("2026-02-27", "needs_clarification", None)],
)
def test_a_tickets_end_field_ends_what_its_description_asks(
    acme: Directory, end: str, status: str, expires: str | None
) -> None:
    text = (
        "INC0062014\nCaller: Mike Smith\nShort description: Billing mailbox send as\n"
        "Description: Rachel Green needs send as on billing@acme.com to chase overdue invoices.\n"
        f"End date: {end}\n"
    )
    got, steps, about = plan_of(acme, text, NOAH)
    assert got == status
    if expires is None:
        # a passed end is asked, never a grant for good beside the question
        assert about == {"expires"}
        assert not steps
    else:
        assert [s.get("expires") for s in steps] == [expires]


@pytest.mark.parametrize(
    "text",
    [
        "Alex Kim (Sales) would like to be on the Marketing list, please add him",
        "Emma Wilson would like to be on the Marketing list, please add her",
        "Alex Kim (Sales) wants to be on the Marketing list",
    ],
)
def test_a_wish_to_be_on_a_list_is_joining_it(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, NOAH, "change", "group") == [("add", "marketing@acme.com")]


def test_a_wish_with_a_hold_is_never_a_ready_add(acme: Directory) -> None:
    status, _, _ = plan_of(
        acme, "Alex Kim (Sales) would like to be on the Marketing list but don't add him yet", NOAH
    )
    assert status != "ready"


@pytest.mark.parametrize(
    "text",
    [
        "Stop forwarding the Careers mailbox, Maria will work it herself now",
        "Stop forwarding the Careers mailbox, Maria Garcia works it herself now",
    ],
)
def test_who_works_the_mailbox_now_is_context(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, "grace.hopper@acme.com", "action", "change", "mailbox") == [
        ("email_forwarding_internal", "clear", "careers@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker ran the careers mailbox until last year; Ava Johnson now needs full access to it",
        "Tom Becker ran the careers mailbox until last month; Ava Johnson now needs full access to it",
    ],
)
def test_an_until_in_the_past_is_a_story_and_asks_no_end(acme: Directory, text: str) -> None:
    # "until last year" tells what was; it is no end of the grant, so the grant is planned, not asked
    status, steps, about = plan_of(acme, text, requester="grace.hopper@acme.com")
    assert status == "ready", about
    assert [s.get("expires") for s in steps] == [None]
