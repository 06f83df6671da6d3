"""nlu145's classes (batch 48's held-out misses): a mailbox said by its owner's name and then its address is
one mailbox, never a person to give it to; the one who approved someone said only by what they are is never
the one added; asking on behalf of someone is no Send on Behalf; a right kept rules out only its removal;
and the readings that asked or refused what was plainly asked (the delegation report by mailbox, "can I be
on <list>", a length said to be enough, a copied person's reason, whom mail should come from "not me").
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
OLIVIA = "olivia.martin@acme.com"
PAT = "pat.gone@acme.com"


def _people(steps: list[dict[str, object]]) -> set[object]:
    return {s.get(k) for s in steps for k in ("trustee", "member", "grantee") if s.get(k)}


@pytest.mark.parametrize(
    "text",
    [
        "Give Grace Hopper full access to the Former Employee mailbox (pat.gone@acme.com) so she can pull "
        "out the old contracts",
        "Give Grace Hopper full access to the Former Employee mailbox pat.gone@acme.com",
    ],
)
def test_a_mailbox_named_then_addressed_is_one_mailbox(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, TOM)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["trustee"]) for s in steps] == [("mailbox_delegation", PAT, GRACE)]


@pytest.mark.parametrize(
    "text",
    [
        "Olivia okayed a new member for Project Atlas, can you add them?",
        "Olivia approved a new member for Project Atlas",
        "Priya approved a new contractor for Project Atlas - please add her",
    ],
)
def test_who_approved_an_unnamed_one_is_never_added(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert questions == {"member"}
    assert not steps


def test_a_description_said_of_a_named_person_still_plans(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Tom Becker is a new starter, please add him to Marketing", GRACE)
    assert status == "ready"
    assert _people(steps) == {TOM}


def test_asking_on_behalf_is_no_send_on_behalf(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Maria Garcia is asking on behalf of Olivia Martin to add Grace Hopper to Project Atlas", GRACE
    )
    assert status == "ready"
    assert [(s["action"], s["member"]) for s in steps] == [("distribution_list_membership", GRACE)]


def test_a_kept_right_rules_out_no_grant_elsewhere(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme,
        "Move Chris Lee from Support to Sales: remove his send as on Support but keep his full access there, "
        "and give him full access to Sales",
        GRACE,
    )
    assert status == "ready"
    assert {(s["action"], s["change"], s["mailbox"]) for s in steps} == {
        ("send_as", "revoke", "support@acme.com"),
        ("mailbox_delegation", "grant", "sales@acme.com"),
    }
    # the kept right is still never taken
    status, steps, _ = plan_of(
        acme, "Remove Tom Becker's send as on sales@acme.com but keep his full access", GRACE
    )
    assert [(s["action"], s["change"]) for s in steps] == [("send_as", "revoke")]


def test_mailboxes_with_their_rights_is_the_delegation_report(acme: Directory) -> None:
    me = "rachel.green@acme.com"
    _, steps, _ = plan_of(acme, "which mailboxes can I get into, and with what rights?", me)
    assert steps == [{"action": "delegation_report", "change": "read", "trustee": me}]
    _, steps, _ = plan_of(acme, "what mailboxes can I access?", me)
    assert [s["action"] for s in steps] == ["access_report"]


def test_can_i_be_on_a_list_joins_it(acme: Directory) -> None:
    ken = "ken.adams@acme.com"
    status, steps, _ = plan_of(acme, "can I be on all-sales please", ken)
    assert status == "ready"
    assert [(s["change"], s["member"]) for s in steps] == [("add", ken)]
    status, _, questions = plan_of(
        acme, "can I be on the finance team group temporarily? helping with the audit", ken
    )
    assert (status, questions) == ("needs_clarification", {"expires"})


@pytest.mark.parametrize(
    ("text", "requester", "expected"),
    [
        (
            "From: Olivia Martin <olivia.martin@acme.com>\nCc: Maria Garcia <maria.garcia@acme.com>\n\n"
            "Please give Grace Hopper send on behalf on my mailbox until the end of March. Maria is copied "
            "as she\nusually looks after my diary.\n",
            OLIVIA,
            {("send_on_behalf", OLIVIA, GRACE)},
        ),
        (
            "[08:52] Priya Patel: can someone give Emma Wilson send as on sales@acme.com\n"
            "[08:53] Grace Hopper: sure, for how long?\n[08:54] Priya Patel: two weeks is fine\n",
            GRACE,
            {("send_as", "sales@acme.com", "emma.wilson@acme.com")},
        ),
        (
            "Yes, go ahead please.\n\nMike\n\n> From: Christine Lee\n> To: Mike Smith\n> Hi Mike, could I "
            "get send as on the finance mailbox? The supplier statements should come from Finance, not me.\n",
            "mike.smith@acme.com",
            {("send_as", "finance@acme.com", "christine.lee@acme.com")},
        ),
        (
            "👋 hi IT! could the Marketing list get Liam Brown and Noah Davis on it? 🙏 Olivia's ok'd it 👍",
            "jane.doe@acme.com",
            {
                ("distribution_list_membership", "marketing@acme.com", "liam.brown@acme.com"),
                ("distribution_list_membership", "marketing@acme.com", "noah.davis@acme.com"),
            },
        ),
        (
            "can u remove vera vendor from external contractors and add john partner instead",
            "david.chen@acme.com",
            {
                ("distribution_list_membership", "external-contractors@acme.com", "vera@vendorco.example"),
                ("distribution_list_membership", "external-contractors@acme.com", "john@partnerfirm.example"),
            },
        ),
        (
            "can you take me off all-sales? I've moved into sales ops and the deal chatter is too much",
            "ava.johnson@acme.com",
            {("distribution_list_membership", "all-sales@acme.com", "ava.johnson@acme.com")},
        ),
    ],
)
def test_what_was_plainly_asked_is_planned(
    acme: Directory, text: str, requester: str, expected: set[tuple[str, str, str]]
) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    assert status == "ready", questions
    got = {
        (str(s["action"]), str(s.get("mailbox") or s.get("group")), str(_people([s]).pop())) for s in steps
    }
    assert got == expected
