"""A list item that keeps a mailbox as it is, beside an item changing that mailbox, is never planned away
(red team 87: nlu166 read the list without the kept item and granted send as on the mailbox it kept). Planned
and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
KEPT_AND_CHANGED = [
    "Changes:\n- leave billing@acme.com alone until April\n- give Emma Wilson send as on billing@acme.com",
    "Changes:\n- Give Emma Wilson full access to sales@acme.com\n- leave sales@acme.com alone until April",
    "Changes:\n- leave the Billing mailbox alone until April\n- give Emma Wilson send as on billing@acme.com",
]


@pytest.mark.parametrize("text", KEPT_AND_CHANGED)
def test_a_mailbox_kept_and_changed_in_one_list_is_never_a_ready_plan(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready", steps


def test_a_kept_right_beside_changes_of_other_things_still_plans_them(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme,
        "Mover: Christine Lee, Finance -> Sales (effective today)\n- remove from Finance Team\n"
        "- add to all-sales\n- leave her send as on the Finance mailbox alone for now",
        GRACE,
    )
    assert status == "ready", steps
    assert {(s["change"], s["group"], s["member"]) for s in steps} == {
        ("remove", "finance-team@acme.com", "christine.lee@acme.com"),
        ("add", "all-sales@acme.com", "christine.lee@acme.com"),
    }
