"""nlu141's classes (red team 75 A00 and A1): each "<rights> on <mailbox>" group keeps its own rights (a right
said for one mailbox is never carried to a later one that names its own), and a forwarding stop the request
asks for is never dropped as a take-back. Planned and resolved against the Acme directory
at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
EMMA = "emma.wilson@acme.com"
SALES = "sales@acme.com"
FINANCE = "finance@acme.com"
BILLING = "billing@acme.com"
FULL = "mailbox_delegation"
SEND_AS = "send_as"


def _rights(acme: Directory, text: str) -> set[tuple[str, str]]:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert {s["trustee"] for s in steps} == {TOM}
    return {(s["action"], s["mailbox"]) for s in steps}


@pytest.mark.parametrize(
    ("text", "rights"),
    [
        (
            "Give Tom Becker full access and send as on sales@ and full access on finance@",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, FINANCE)},
        ),
        (
            "Give Tom Becker full access and send as on sales@, full access on finance@",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, FINANCE)},
        ),
        (
            "Give Tom Becker full access and send as on sales@acme.com, full access on finance@acme.com.",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, FINANCE)},
        ),
        (
            "Give Tom Becker full access to sales@ and full access and send as on finance@",
            {(FULL, SALES), (FULL, FINANCE), (SEND_AS, FINANCE)},
        ),
        (
            "Give Tom Becker full access and send as on sales@ and billing@ and full access on finance@",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, BILLING), (SEND_AS, BILLING), (FULL, FINANCE)},
        ),
        # the other way: a mailbox with no right of its own shares the rights said with the one before
        (
            "Give Tom Becker full access and send as on sales@ and finance@",
            {(FULL, SALES), (SEND_AS, SALES), (FULL, FINANCE), (SEND_AS, FINANCE)},
        ),
        ("Give Tom Becker send as on sales@, full access on finance@", {(SEND_AS, SALES), (FULL, FINANCE)}),
    ],
)
def test_each_mailbox_keeps_the_rights_said_with_it(
    acme: Directory, text: str, rights: set[tuple[str, str]]
) -> None:
    assert _rights(acme, text) == rights


def test_an_end_after_groups_of_rights_is_asked(acme: Directory) -> None:
    # whether the two weeks are finance@'s alone or every group's is not said: never a grant for good
    status, _, questions = plan_of(
        acme,
        "Give Tom Becker full access and send as on sales@ and full access on finance@ for two weeks",
        GRACE,
    )
    assert (status, questions) == ("needs_clarification", {"expires"})
