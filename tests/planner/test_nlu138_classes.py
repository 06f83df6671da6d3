"""nlu138's classes (red team 73 classes 0, 0b, 2, 3, 9 and 13): a length said with a grant is never silently
dropped, an answer that needs nothing plans nothing, and an aside cut as context never hides a part, a nearer
person or a refusal. Planned and resolved against the Acme directory at the corpus's fixed "now" (Monday 2
March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
SALES = "sales@acme.com"
TWO_WEEKS = "2026-03-16T09:00:00Z"
ONE_WEEK = "2026-03-09T09:00:00Z"


def _grant_ends(acme: Directory, text: str) -> list[tuple[str, str, str | None]]:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    return [(s["action"], s["trustee"], s.get("expires")) for s in steps]


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        # (nlu144: "for two weeks before Christmas" may be the two weeks leading up to it, a period that
        # starts later; its end is asked: test_a_length_before_an_event_asks_its_end)
        ("Give Tom Becker full access to sales@ for two weeks earlier than usual", TWO_WEEKS),
        ("Give Tom Becker full access to sales@ for two weeks as previously agreed", TWO_WEEKS),
        # a past clause ends at a dash or a new imperative verb: the length after it is the grant's
        ("Liam Brown resigned – give Tom Becker full access on sales@ for two weeks", TWO_WEEKS),
        ("Liam Brown retired - give Tom Becker full access on sales@ for two weeks", TWO_WEEKS),
        ("We discussed it – give Tom Becker full access on sales@ for two weeks", TWO_WEEKS),
        ("HR called — give Tom Becker full access on sales@ for a week", ONE_WEEK),
        # a verb of permitting or bounding says how long the grant lasts
        ("Give Tom Becker full access to sales@. Ava Johnson permitted it for two weeks.", TWO_WEEKS),
        ("Give Tom Becker full access to sales@. Ava Johnson OKed it for a week.", ONE_WEEK),
        ("Give Tom Becker full access to sales@; Ava Johnson recommended it for two weeks", TWO_WEEKS),
        ("Give Tom Becker full access to sales@. Ava Johnson limited it for two weeks.", TWO_WEEKS),
    ],
)
def test_a_length_said_for_the_grant_ends_it(acme: Directory, text: str, expires: str) -> None:
    assert _grant_ends(acme, text) == [("mailbox_delegation", TOM, expires)]


@pytest.mark.parametrize(
    "text",
    [
        # (relabelled by nlu144: these were granted for the length from today; a length "before <time or
        # event>" may be the span leading up to it, which starts later: never counted from now, nor dropped)
        "Give Tom Becker full access to sales@ for two weeks before Christmas",
        "Give Tom Becker full access to sales@ for a week before launch",
        "Give Tom Becker full access to sales@ for two weeks before Monday",
    ],
)
def test_a_length_before_an_event_asks_its_end(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert (status, questions) == ("needs_clarification", {"expires"}), steps


@pytest.mark.parametrize(
    "text",
    [
        # a past verb before the only length: the story or the grant's end, never silently for good
        "Give Tom Becker full access to sales@ - he needed it for two weeks",
        "Give Tom Becker full access to sales@. Ava Johnson ordered it for two weeks.",
        "Tom Becker needs full access to sales@. Liam Brown covered for 3 weeks",
        "Give Tom Becker full access to sales@, he did it for a week in January",
    ],
)
def test_a_length_after_a_past_verb_that_would_be_the_only_end_is_asked(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "expires" in questions


@pytest.mark.parametrize(
    "text",
    [
        # a bare "before", "ago" or "last year" after the length tells of the past: no end
        "Give Tom Becker full access to sales@. He had it for two weeks before.",
        "Give Tom Becker full access to sales@. He had it for a month last year.",
        "Give Tom Becker full access to sales@, he used it for two weeks ago",
        "Give Tom Becker full access on sales@ - he was waiting on it for two weeks",
    ],
)
def test_a_length_told_of_the_past_is_still_no_end(acme: Directory, text: str) -> None:
    assert _grant_ends(acme, text) == [("mailbox_delegation", TOM, None)]


def test_the_grants_own_end_stands_beside_a_past_length(acme: Directory) -> None:
    text = "Give Tom Becker full access to sales@ for a month, he covered it for a week before"
    assert _grant_ends(acme, text) == [("mailbox_delegation", TOM, "2026-04-02T09:00:00Z")]


@pytest.mark.parametrize(
    "text",
    [
        "What does Ava Johnson need? full access to billing@ was removed last week, she needs nothing now",
        "What does Ava Johnson need? send as on billing@ got revoked, she doesn't need it anymore",
    ],
)
def test_an_answer_telling_what_happened_or_needing_nothing_changes_nothing(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready" or all(s["change"] == "read" for s in steps)
    assert not any(s["change"] in ("grant", "revoke", "add", "remove") for s in steps)


def test_an_answer_naming_a_right_is_still_the_need(acme: Directory) -> None:
    assert ready_tuples(
        acme, "What does Ava Johnson need? full access to billing@", GRACE, "action", "change", "trustee"
    ) == [("mailbox_delegation", "grant", "ava.johnson@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Forward billing@ mail to Tom Becker, Liam Brown to cc",
        "Forward billing@ to Tom Becker; Liam Brown to be copied in too",
    ],
)
def test_a_copy_on_a_forwarding_request_is_asked_never_dropped(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert "forward_to" in questions


def test_a_pronoun_after_a_cut_aside_is_asked(acme: Directory) -> None:
    text = "Add Tom Becker to all-sales, I've pinged Liam Brown, remove him from Project Atlas"
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, awaiting his ok",
        "Give Tom Becker full access to sales@ - discussed with Mike Smith, he says no",
        "Give Tom Becker full access to sales@ - I checked with Mike Smith already; he said to wait",
        "Give Tom Becker full access to sales@ - Mike Smith is in the loop but hasn't approved",
    ],
)
def test_an_approval_awaited_or_refused_is_never_ready(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to sales@ - I asked Mike Smith first, he's fine with it",
        "Give Tom Becker full access to sales@ - discussed with Mike Smith",
        "Give Tom Becker full access to sales@ - Liam Brown to cc",
        "Give Tom Becker full access to sales@ - discussed with Mike Smith, he said no problem",
        "Give Tom Becker full access to sales@ - Ava Johnson said no problem",
    ],
)
def test_a_consulted_aside_that_hides_nothing_is_still_cut(acme: Directory, text: str) -> None:
    assert _grant_ends(acme, text) == [("mailbox_delegation", TOM, None)]
