"""The structural check (planner/accounted.py): a ready plan accounts for everything its request names.

A clause no rule reads ("..., and so does David", "Ken: no", "Repeat for Emma") used to be dropped while the
rest was planned, and the plan looked whole. The check refuses to call such a plan ready: every person,
mailbox, list or address the text names is in a step or in a recognised aside, and every right it names has a
step. The wordings here were written for this check (none is in the corpus); each is planned and resolved
against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.accounted import unaccounted
from mailwarden.planner.draft import Draft, DraftStep
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import ready
from tests.planner.conftest import plan_in_order
from tests.planner.test_batch6_classes import GRACE

# (text, what the question must name): an extra part no rule reads, caught by the check
CAUGHT = [
    ("Add Liam Brown to all-sales; Noah Davis likewise", "Noah Davis"),
    ("Send as on billing@acme.com for Rachel Green. Christine Lee: yes.", "Christine Lee"),
    ("Put Liam Brown on Marketing; Emma Wilson, ditto", "Emma Wilson"),
    ("Give Tom Becker full access to billing@acme.com and also sort out info@acme.com", "info@acme.com"),
    ("Add Ava Johnson to all-sales. Noah Davis: yep.", "Noah Davis"),
    ("Add Jane Doe to Project Phoenix; Lucas Rossi, same again", "Lucas Rossi"),
    ("Give Christine Lee send on behalf on finance@acme.com. Rachel Green - same please", "Rachel Green"),
    ("Give Priya Patel full access to sales@acme.com. Repeat for Emma Wilson.", "Emma Wilson"),
    ("Give Olivia Martin send as on info@acme.com while you're at it do Mia Novak", "Mia Novak"),
    ("Give Noah Davis full access to hr@acme.com, plus careers@acme.com for Emma Wilson", "careers@acme.com"),
    ("Add Noah Davis to all-sales, and nuke billing@acme.com", "billing@acme.com"),
    ("Give Ava Johnson send as on sales@acme.com; Ken Adams: approved", "Ken Adams"),
    ("Add Tom Becker to Marketing. Sam Taylor, same here.", "Sam Taylor"),
    ("Grant Liam Brown full access to sales@acme.com. Emma Wilson? Yes.", "Emma Wilson"),
    (
        "Give Ethan Park full access to support@acme.com; deal with careers@acme.com as well",
        "careers@acme.com",
    ),
    ("Add Mia Novak to Contractors - Lucas Rossi: yes, Ethan Park: no", "Ethan Park"),
    ("Add Chris Lee to all-hands. Christine Lee likewise.", "Christine Lee"),
    ("Give Jane Doe full access to info@acme.com and nuke careers@acme.com", "careers@acme.com"),
    (
        "Give Sam Taylor full access to office@acme.co.uk, plus billing@acme.com for Ken Adams",
        "billing@acme.com",
    ),
    ("Remove Noah Davis from all-sales; Liam Brown, same", "Liam Brown"),
    ("Give Emma Wilson send as on support@acme.com. Sarah Connor: ok.", "Sarah Connor"),
    ("Add Ava Johnson to Marketing; Emma Wilson as well please, and Tom Becker likewise", "Emma Wilson"),
    ("Make ethan@acme.com Ethan Park's primary address; get rid of hr@acme.com", "hr@acme.com"),
    (
        "Give Tom Becker full access to support@acme.com, and getting rid of careers@acme.com would be great",
        "careers@acme.com",
    ),
]


@pytest.mark.parametrize(("text", "named"), CAUGHT)
def test_a_part_no_rule_reads_is_asked_about_never_dropped(acme: Directory, text: str, named: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification", steps
    assert steps == []
    assert questions
    me = resolve(acme, GRACE)
    message = RulesPlanner().draft(text, requester=me, directory=acme).message
    assert named in message  # the question says what was not understood


# asides the check must read as such: a plan that names someone only to explain it stays ready
ASIDES = [
    ("Tom Becker needs full access to support@acme.com to cover for Chris Lee", {"tom.becker@acme.com"}),
    ("Give Tom Becker full access to billing@acme.com, like Mike Smith has", {"tom.becker@acme.com"}),
    ("Chris Lee is off next week, so Tom Becker needs send as on support@acme.com", {"tom.becker@acme.com"}),
    ("Maria Garcia asked whether Ava Johnson could get full access to hr@acme.com", {"ava.johnson@acme.com"}),
    ("Give Ava, Ken's assistant, full access to billing@acme.com", {"ava.johnson@acme.com"}),
    (
        "Ethan Park needs send as on support@acme.com, and so does David Chen",
        {"ethan.park@acme.com", "david.chen@acme.com"},
    ),
]


@pytest.mark.parametrize(("text", "who"), ASIDES)
def test_an_aside_is_accounted_for(acme: Directory, text: str, who: set[str]) -> None:
    steps = ready(acme, text, GRACE)
    assert {str(s.get("trustee") or s.get("member")) for s in steps} == who


def test_the_check_names_a_right_no_step_holds(acme: Directory) -> None:
    """Given a draft that dropped the Send As the text names, the check says so (whatever the rules do)."""
    me = resolve(acme, GRACE)
    text = "Give Tom Becker full access and send as on support@acme.com"
    dropped = Draft(
        status="ready",
        message="",
        steps=[
            DraftStep(
                action="mailbox_delegation",
                change="grant",
                params={"mailbox": "support@acme.com", "trustee": "Tom Becker"},
            )
        ],
    )
    missing = unaccounted(text, [], dropped, acme, me)
    assert missing is not None
    assert missing.said == "Send As"
    whole = dropped.model_copy(
        update={
            "steps": [
                *dropped.steps,
                DraftStep(
                    action="send_as",
                    change="grant",
                    params={"mailbox": "support@acme.com", "trustee": "Tom Becker"},
                ),
            ]
        }
    )
    assert unaccounted(text, [], whole, acme, me) is None


def test_a_report_is_never_held_back(acme: Directory) -> None:
    """A plan that only reads changes nothing: what it leaves out gives no one access."""
    status, _, _ = plan_in_order(acme, "Is Jane Doe a member of Finance Team?", GRACE)
    assert status == "ready"
