"""Batch 13's unsafe classes, each with wordings of its own (the corpus holds the originals and more).

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_in_order

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Forward Ken Adams's mail to Ava Johnson but leave copies in his mailbox",
        "Forward Ken Adams's mail to Ava Johnson, but leave a copy in the inbox",
    ],
)
def test_leaving_copies_behind_a_but_keeps_a_copy(acme: Directory, text: str) -> None:
    # "leave X in Y" keeps X as it is; said of copies it is how forwarding works, not a scope of its own
    assert ready_tuples(acme, text, GRACE, "forward_to", "keep_copy") == [("ava.johnson@acme.com", True)]


@pytest.mark.parametrize(
    ("text", "right"),
    [
        (
            "Give Ken Adams send as on sales@acme.com. On second thought, make it send on behalf.",
            "send_on_behalf",
        ),
        (
            "Ken Adams should get full access to sales@acme.com - hmm, on second thoughts, send as is better",
            "send_as",
        ),
    ],
)
def test_a_second_thought_naming_another_right_replaces_the_first(
    acme: Directory, text: str, right: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["action"] for s in steps] == [right]


def test_a_second_thought_that_adds_keeps_the_first(acme: Directory) -> None:
    steps = ready(
        acme, "Give Ken Adams send as on sales@acme.com. On second thought, also give him full access.", GRACE
    )
    assert sorted(s["action"] for s in steps) == ["mailbox_delegation", "send_as"]


def test_a_level_fixed_as_new_not_old_replaces_the_level(acme: Directory) -> None:
    steps = ready(
        acme, "Share Olivia Martin's calendar with Ken Adams as reviewer. Sorry, editor, not reviewer.", GRACE
    )
    assert [s["access"] for s in steps] == ["editor"]


def test_a_fix_ruling_out_what_was_never_said_is_asked(acme: Directory) -> None:
    status, steps, questions = plan_in_order(
        acme, "Share Olivia Martin's calendar with Ken Adams as editor. Sorry, editor, not reviewer.", GRACE
    )
    assert (status, steps, questions) == ("needs_clarification", [], ["scope"])


@pytest.mark.parametrize(
    "text",
    [
        "Change Ethan Park's primary address to ethan@acme.com - we don't need to keep the old one",
        "Change Ethan Park's primary address to ethan@acme.com; he doesn't want to keep the old address",
    ],
)
def test_not_needing_to_keep_the_old_address_drops_it(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["keep_old"] for s in steps] == [False]
