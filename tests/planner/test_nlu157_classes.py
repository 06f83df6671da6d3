"""nlu157's classes: one more person said only as "and so should he" (a pronoun or a kin noun) is asked whom,
never dropped from a ready plan; a role whose owner is a he/she of the one person named before it ("Chris Lee
is off sick; his manager Sarah Connor asks that his email be forwarded ...") leaves the same he/she after it
that person, never the one in the role. Planned and resolved against the Acme directory at the corpus's fixed
"now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
NOAH = "noah.davis@acme.com"


@pytest.mark.parametrize(
    ("requester", "text", "about"),
    [
        (GRACE, "Rachel Green should have full access to billing@ and so should he", "trustee"),
        (GRACE, "Rachel Green should have full access to billing@, as should she", "trustee"),
        (GRACE, "Give Tom Becker send as on support@acme.com, and so should his colleague", "trustee"),
        (GRACE, "Ava Johnson needs send on behalf on sales@acme.com and she should too", "coordination"),
        (NOAH, "Liam Brown should get full access to the Sales mailbox, and so should I", "trustee"),
        (NOAH, "Liam Brown should get full access to the Sales mailbox. I need it too", "coordination"),
    ],
)
def test_one_more_unnamed_is_asked(acme: Directory, requester: str, text: str, about: str) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert (status, steps, questions) == ("needs_clarification", [], {about})


def test_one_more_named_is_planned(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Liam Brown should get full access to the Sales mailbox and so should Noah Davis", GRACE
    )
    assert status == "ready"
    assert {s["trustee"] for s in steps} == {"liam.brown@acme.com", NOAH}


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "Chris Lee is off sick; his manager Sarah Connor asks that his email be forwarded to Tom Becker",
            ("email_forwarding_internal", "chris.lee@acme.com", "tom.becker@acme.com"),
        ),
        (
            "Ava Johnson is away; her manager Priya Patel wants her mail forwarded to Liam Brown",
            ("email_forwarding_internal", "ava.johnson@acme.com", "liam.brown@acme.com"),
        ),
        (
            "Ava Johnson is away. Her manager Priya Patel asks that Liam Brown gets full access to her "
            "mailbox",
            ("mailbox_delegation", "ava.johnson@acme.com", "liam.brown@acme.com"),
        ),
    ],
)
def test_role_owned_by_pronoun_keeps_its_person(
    acme: Directory, text: str, step: tuple[str, str, str]
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s.get("forward_to") or s.get("trustee")) for s in steps] == [step]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker and Ken Adams are off; his manager Sarah Connor wants his mail forwarded to Chris Lee",
        "Her manager Priya Patel wants her mail forwarded to Liam Brown",
    ],
)
def test_role_owner_unclear_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], {"mailbox"})


@pytest.mark.parametrize(
    "text",
    [
        "Priya Patel rang the helpdesk: Ava Johnson needs full access to the Sales mailbox",
        "Priya Patel phoned the service desk: Ava Johnson needs full access to the Sales mailbox",
    ],
)
def test_desk_contacted_is_no_mailbox(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, "ken.adams@acme.com")
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [
        ("mailbox_delegation", "sales@acme.com", "ava.johnson@acme.com")
    ]


def test_life_event_asks_only_the_new_address(acme: Directory) -> None:
    text = "Sam Taylor is getting married, please update her primary email address"
    assert plan_of(acme, text, GRACE) == ("needs_clarification", [], {"new_address"})


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "Give Sam Taylor full access to UK Office - no wait, he already has that; send as instead",
            ("send_as", "office@acme.co.uk", "sam.taylor@acme.co.uk"),
        ),
        # (the fix's own request, never the old mailbox given to its new person)
        (
            "Give Sam Taylor full access to UK Office - no wait, he already has that, "
            "give Tom Becker send as on info@acme.com",
            ("send_as", "info@acme.com", "tom.becker@acme.com"),
        ),
    ],
)
def test_reason_of_a_fix_is_no_fix(acme: Directory, text: str, step: tuple[str, str, str]) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [step]
