"""nlu79's classes (session 15), beyond the corpus entries: a vague end ("while I'm away", "during my leave",
"till I'm back") on any step that gives access asks its end, a forwarding too, whether the absence is said
after the change or before it; an end said with it is kept; a removal or a stop said with an absence, and a
cover told with no access asked, ask nothing. Planned and resolved against the Acme directory at the corpus's
fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready
from tests.planner.conftest import plan_of

TOM = "tom.becker@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "Forward my mail to Ava while I'm away",
        "Forward my mail to Ava Johnson while I'm on leave and keep a copy",
        "Please redirect my emails to Ava while I'm out of the office",
        "Set up forwarding to Ava during my leave.",
        "Forward my mail to Ava till I'm back",
        "Forward my mail to Ava for a while",
        # the absence said first
        "While I'm away, forward my mail to Ava",
        "During my leave forward my mail to Ava",
        "While I'm on holiday please forward my emails to Ava but keep them in my inbox too",
        # (said first with no comma: was not understood)
        "While I'm away forward my mail to Ava",
        "while im off fwd my mail to ava",
    ],
)
def test_a_forwarding_with_a_vague_end_is_asked_its_end_never_set_for_good(
    acme: Directory, text: str
) -> None:
    status, steps, asked = plan_of(acme, text, TOM)
    assert status == "needs_clarification"
    assert asked == {"expires"}
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "While I'm away, share my calendar with Chris as editor",
        "While I'm on leave please give Ava send as on my mailbox",
        "While I'm travelling, please add Ava to marketing",
        "Whilst I'm off, give Ava full access to my mailbox",
    ],
)
def test_the_absence_said_first_asks_the_end_of_the_grant_after_it(acme: Directory, text: str) -> None:
    status, steps, asked = plan_of(acme, text, TOM)
    assert status == "needs_clarification"
    assert asked == {"expires"}
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Forward my mail to Ava while I'm away until Friday",
        "While I'm away, forward my mail to Ava until Friday",
        "I'm off until Friday, forward my mail to Ava",
    ],
)
def test_an_end_said_with_the_absence_is_the_forwardings_end(acme: Directory, text: str) -> None:
    steps = ready(acme, text, TOM)
    assert [(s["action"], s["forward_to"], s.get("expires")) for s in steps] == [
        ("email_forwarding_internal", "ava.johnson@acme.com", FRIDAY)
    ]


def test_a_removal_in_the_absences_sentence_does_not_hide_the_forwarding_beside_it(acme: Directory) -> None:
    for text in (
        "While I'm away, remove Chris from marketing and forward my mail to Ava",
        "While I'm away, forward my mail to Ava and remove Chris from marketing",
    ):
        status, steps, asked = plan_of(acme, text, TOM)
        assert (status, steps, asked) == ("needs_clarification", [], {"expires"}), text


@pytest.mark.parametrize(
    ("text", "action", "change"),
    [
        ("While I'm away, remove Ava's access to my mailbox", "mailbox_delegation", "revoke"),
        ("While I'm away, stop forwarding my mail", "email_forwarding_internal", "clear"),
        ("Take Ava off marketing while I'm on leave", "distribution_list_membership", "remove"),
        ("While I'm away remove Ava from marketing", "distribution_list_membership", "remove"),
        ("While I'm off stop forwarding my mail", "email_forwarding_internal", "clear"),
    ],
)
def test_a_removal_said_with_an_absence_is_never_asked_an_end(
    acme: Directory, text: str, action: str, change: str
) -> None:
    steps = ready(acme, text, TOM)
    assert [(s["action"], s["change"]) for s in steps] == [(action, change)]
    assert all("expires" not in s for s in steps)


def test_the_absences_span_ends_with_its_sentence(acme: Directory) -> None:
    steps = ready(
        acme,
        "While I'm away, remove Ava's access to my mailbox. Give Chris send as on my mailbox until Friday",
        TOM,
    )
    assert [(s["action"], s.get("expires")) for s in steps] == [
        ("mailbox_delegation", None),
        ("send_as", FRIDAY),
    ]


def test_a_cover_told_with_no_access_asked_plans_nothing(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Ava covers for me while I'm away", TOM)
    assert status == "not_understood"
    assert steps == []
