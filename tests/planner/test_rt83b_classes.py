"""rt83b's classes (red team 83's M4-M7 and L4): a right passed on is never taken from the one it goes to, a
list someone is removed from never loses the right said beside it, a right wished given after an absence is
never revoked, a reporter's label never gets the right, a right asked back is never taken away, and a change
wished for an absence told as past is asked. Planned against the Acme directory at the corpus's "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
LUCAS = "lucas.rossi@acme.com"
ETHAN = "ethan.park@acme.com"
FULL = "mailbox_delegation"

# (text, the question the plan asks)
ASKED = [
    # M4: Liam (or sales@) is where the right goes, never one who loses it
    ("Remove Tom's full access on support, moving the access to Liam", "scope"),
    ("Remove Tom's full access on support, moving his access to Liam Brown", "scope"),
    ("Remove Tom's full access on support, transferring it to Liam Brown", "scope"),
    ("Remove Tom's full access on support, moving it to sales", "scope"),
    ("Remove Tom's send as on support, passing it to Ava Johnson", "scope"),
    # M5: marketing@ is the list Liam leaves, never who loses send as
    ("remove Liam Brown from Marketing and send as on sales@acme.com", "trustee"),
    ("remove Liam Brown and Noah Davis from Marketing and full access on sales@acme.com", "trustee"),
    # M7: the reporter is who asks, never who gets it; a right asked back is never revoked
    ("Reported by Ken Adams: please give full access to hr@acme.com", "trustee"),
    ("Reported by Ken Adams: needs full access to hr@acme.com", "trustee"),
    (
        "Reported by Ken Adams: Lucas Rossi no longer has full access to hr@acme.com, please add it back",
        "scope",
    ),
    # L4: the absence may be over
    ("Ethan Park was on leave, David Chen asked that Ethan's email be forwarded to Lucas Rossi", "expires"),
    (
        "Ethan Park was on leave, David Chen asked that Lucas Rossi be given full access to Ethan's mailbox",
        "expires",
    ),
]


@pytest.mark.parametrize(("text", "about"), ASKED)
def test_asked_never_planned_the_other_way(acme: Directory, text: str, about: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification", (status, steps)
    assert about in questions


# (text, the steps as (action, change, mailbox, trustee))
PLANNED = [
    # M6: the wish is a grant, whatever "leave" says alone
    (
        "Ethan Park is on leave, David Chen asks that Lucas Rossi be given full access to Ethan's mailbox",
        {(FULL, "grant", ETHAN, LUCAS)},
    ),
    (
        "Ethan Park is on leave, David Chen asks that Ethan be given full access to Lucas Rossi's mailbox",
        {(FULL, "grant", LUCAS, ETHAN)},
    ),
    (
        "Ethan Park is on leave, Lucas Rossi should be given full access to Ethan's mailbox",
        {(FULL, "grant", ETHAN, LUCAS)},
    ),
]


@pytest.mark.parametrize(("text", "expected"), PLANNED)
def test_planned_as_wished(acme: Directory, text: str, expected: set[tuple[str, str, str, str]]) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "ready", (status, questions)
    assert {(s["action"], s["change"], s["mailbox"], s["trustee"]) for s in steps} == expected
