"""nlu123's classes (the misses of held-out batch 45). Planned and resolved against the Acme directory at the
corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
JANE = "jane.doe@acme.com"
AVA = "ava.johnson@acme.com"

SIGNED = (
    "Hi team,\n\nPlease give Ava Johnson send as on the Info mailbox - {why}.\n\nThanks,\nJane Doe\n"
    "Marketing Manager | Acme Corporation\n"
)


@pytest.mark.parametrize(
    "why",
    [
        "she's taking over the website enquiries from me",
        "she's taking over from me",
        "she's picking up the enquiries from Tom Becker",
    ],
)
def test_the_one_work_passes_from_is_never_granted(acme: Directory, why: str) -> None:
    status, steps, _ = plan_of(acme, SIGNED.format(why=why), JANE)
    assert status == "ready"
    assert [(s["action"], s["trustee"], s["mailbox"]) for s in steps] == [("send_as", AVA, "info@acme.com")]


def test_the_one_work_is_handed_to_is_not_removed_with_the_requester(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Remove my send as on the Info mailbox - I'm handing over to Ava Johnson.", JANE
    )
    assert status == "ready"
    assert [(s["change"], s["trustee"]) for s in steps] == [("revoke", JANE)]


@pytest.mark.parametrize(
    "text",
    [
        # on a grant, the one handed to may need it too
        "Please give Ava Johnson send as on the Info mailbox - she's handing over to me.",
        # someone named taking over may be one more person
        "Please give Ava Johnson send as on the Info mailbox - Tom Becker is taking over the enquiries from "
        "me.",
    ],
)
def test_a_handover_that_may_name_one_more_asks(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, JANE)
    assert status == "needs_clarification"
    assert JANE not in {s.get("trustee") for s in steps}
