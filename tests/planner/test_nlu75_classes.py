"""nlu75's classes (red team 50, F, E and D), beyond the negation.yaml entries: a calendar level said by its
name is the one chosen, whatever other level is ruled out by its name; the word forwarded before "to X" is
whose mail it is; an absence told with its end is how long the change said after it lasts. Planned and
resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
MARIA = "maria.garcia@acme.com"


def _levels(steps: list[dict[str, Any]]) -> list[str]:
    return [s["access"] for s in steps if s["action"] == "calendar_share"]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Give Ava editor, not reviewer, on Priya's calendar.", "editor"),
        ("Give Ava editor (not reviewer) on Priya's calendar.", "editor"),
        ("Give Ava editor on Priya's calendar rather than reviewer.", "editor"),
        ("Share Priya's calendar with Ava. Editor. Not reviewer.", "editor"),
        ("Share Priya's calendar with Tom as editor, not as reviewer.", "editor"),
        ("Give Ava free/busy on Priya's calendar, not limited details.", "availability_only"),
        # the other way: the level named is the narrower one, and stays so
        ("Give Ava reviewer, not editor, on Priya's calendar.", "reviewer"),
        ("Share Priya's calendar with Ava as reviewer rather than editor.", "reviewer"),
    ],
)
def test_a_level_said_by_name_is_chosen_over_one_ruled_out_by_name(
    acme: Directory, text: str, level: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert _levels(steps) == [level]


@pytest.mark.parametrize(
    "text",
    [
        "Give Ava editor on Priya's calendar, but she mustn't edit anything.",
        "Share Priya's calendar with Ava, but she shouldn't be able to change anything.",
        "Let Ava see Priya's calendar but not edit it.",
    ],
)
def test_a_ruled_out_ability_still_caps_the_level(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert _levels(steps) == ["reviewer"]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Maria: editor -> reviewer on Olivia's calendar please.", "reviewer"),
        ("Maria: reviewer -> editor on Olivia's calendar please.", "editor"),
        ("Change Maria from editor to reviewer on Olivia's calendar.", "reviewer"),
        ("Maria no longer needs to edit Olivia's calendar, but keep her access as reviewer.", "reviewer"),
        (
            "Maria no longer needs to edit Olivia's calendar, but keep her access as free/busy.",
            "availability_only",
        ),
    ],
)
def test_a_level_changed_or_kept_is_the_level_after(acme: Directory, text: str, level: str) -> None:
    assert ready_tuples(acme, text, GRACE, "owner", "grantee", "access") == [
        ("olivia.martin@acme.com", MARIA, level)
    ]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("Stop forwarding careers to Maria.", GRACE),
        ("Stop forwarding support to Maria.", GRACE),
        # (whose mail goes to Tom is not said, nor "my": asked, never Maria's own nor Tom's; nlu72)
        ("Stop forwarding everything to Tom.", MARIA),
        (
            "Please stop forwarding careers to me; Jane will handle it, forward careers to her for a month.",
            MARIA,
        ),
    ],
)
def test_the_word_forwarded_is_whose_mail_never_the_one_it_goes_to(
    acme: Directory, text: str, requester: str
) -> None:
    status, steps, about = plan_of(acme, text, requester)
    assert status != "ready"
    assert "mailbox" in about
    assert not any(s.get("mailbox") == MARIA for s in steps)


@pytest.mark.parametrize(
    ("text", "requester", "mailbox"),
    [
        ("Stop forwarding careers@acme.com to Maria.", GRACE, "careers@acme.com"),
        ("Stop forwarding my mail to Tom.", MARIA, MARIA),
    ],
)
def test_a_stop_naming_the_mailbox_or_only_the_mail_still_plans(
    acme: Directory, text: str, requester: str, mailbox: str
) -> None:
    assert ready_tuples(acme, text, requester, "action", "change", "mailbox") == [
        ("email_forwarding_internal", "clear", mailbox)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Stop forwarding careers@acme.com to me; forward careers@acme.com to Jane for a month.",
        "Stop forwarding careers@acme.com to me. Forward careers@acme.com to Jane for a month.",
        "Forward careers@acme.com to Jane for a month; stop forwarding it to me.",
    ],
)
def test_a_forwarding_replacing_a_stop_keeps_its_end(acme: Directory, text: str) -> None:
    steps = ready(acme, text, MARIA)
    assert [(s["change"], s["mailbox"], s["forward_to"], s.get("expires")) for s in steps] == [
        ("set", "careers@acme.com", "jane.doe@acme.com", "2026-04-02T09:00:00Z")
    ]


@pytest.mark.parametrize(
    ("text", "mailbox", "expires"),
    [
        (
            "Mike is on leave for two weeks. Please forward to Rachel.",
            "mike.smith@acme.com",
            "2026-03-16T09:00:00Z",
        ),
        (
            "Mike is away for two weeks. Forward his mail to Rachel.",
            "mike.smith@acme.com",
            "2026-03-16T09:00:00Z",
        ),
        (
            "Ken's on leave until 16 March. Forward his mail to Grace.",
            "ken.adams@acme.com",
            "2026-03-17T00:00:00Z",
        ),
        # the forwarding's own end is its end, not the absence's
        (
            "Mike is on leave for two weeks. Please forward to Rachel until Friday.",
            "mike.smith@acme.com",
            "2026-03-07T00:00:00Z",
        ),
    ],
)
def test_an_absence_told_with_its_end_ends_the_forwarding_after_it(
    acme: Directory, text: str, mailbox: str, expires: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("email_forwarding_internal", mailbox, expires)
    ]


def test_an_absence_told_without_a_request_ends_nothing_else(acme: Directory) -> None:
    # the span of a grant beside an absence is the cover's (the corpus's convention): no end is made up
    steps = ready(
        acme, "Christine is out until friday; rachel green needs full access to the finance mailbox.", GRACE
    )
    assert [s.get("expires") for s in steps] == [None]


@pytest.mark.parametrize(
    ("text", "timed", "for_good"),
    [
        (
            "Add Jane and Emma to Marketing; Emma only for a month.",
            "emma.wilson@acme.com",
            "jane.doe@acme.com",
        ),
        (
            "Add Jane and Emma to Marketing; Emma just for a month.",
            "emma.wilson@acme.com",
            "jane.doe@acme.com",
        ),
        (
            "Add Jane and Emma to Marketing; Jane only for a month.",
            "jane.doe@acme.com",
            "emma.wilson@acme.com",
        ),
    ],
)
def test_one_named_again_with_a_length_gets_that_end_alone(
    acme: Directory, text: str, timed: str, for_good: str
) -> None:
    steps = ready(acme, text, GRACE)
    ends = {s["member"]: s.get("expires") for s in steps}
    assert ends == {timed: "2026-04-02T09:00:00Z", for_good: None}


def test_one_named_with_a_length_whom_the_change_was_not_for_is_asked(acme: Directory) -> None:
    status, _, about = plan_of(acme, "Add Jane to Marketing; Emma only for a month.", GRACE)
    assert status != "ready"
    assert "coordination" in about


@pytest.mark.parametrize(
    "text",
    [
        "Mike is off next week. Forward his mail to Rachel.",
        "I'm away next week; forward my mail to Emma.",
        "Mike is out from Monday. Please forward his mail to Rachel.",
    ],
)
def test_an_absence_told_with_no_end_read_asks_the_forwarding_its_end(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert "expires" in about
    assert not any(s["action"] == "email_forwarding_internal" and "expires" not in s for s in steps)
