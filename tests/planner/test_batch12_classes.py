"""Batch 12's unsafe classes, each with wordings of its own (the corpus holds the originals and more).

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

from mailwarden.directory.snapshot import Directory
from mailwarden.planner.draft import Draft, DraftStep
from mailwarden.planner.rules import _torn_value
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_in_order

GRACE = "grace.hopper@acme.com"


def test_a_value_read_past_its_bracket_is_never_planned() -> None:
    # whatever reads a display name, one holding half a pair of brackets or quotes swallowed text around it
    def create(name: str) -> Draft:
        step = DraftStep(
            action="distribution_list_lifecycle",
            change="create",
            params={"group": "uk-team@acme.co.uk", "display_name": name},
        )
        return Draft(status="ready", message="", steps=[step], questions=[])

    assert _torn_value(create("UK Team)")) == "UK Team)"
    assert _torn_value(create('"UK Team')) == '"UK Team'
    assert _torn_value(create("UK Team [North")) == "UK Team [North"
    assert _torn_value(create("Ops (EMEA)")) is None
    assert _torn_value(create("UK Team")) is None


def test_a_display_name_in_brackets_ends_at_its_closing_bracket(acme: Directory) -> None:
    steps = ready(
        acme,
        "Set up a new distribution list uk-team@acme.co.uk (display name UK Team) with Sam Taylor in it",
        GRACE,
    )
    assert [s.get("display_name") for s in steps] == ["UK Team"]


def test_an_address_written_out_is_never_replaced_by_one_made_from_the_name(acme: Directory) -> None:
    status, steps, questions = plan_in_order(
        acme, "Create a new DL, display name: Ops Crew, ops@acme.com with Ken Adams", GRACE
    )
    assert (status, steps, questions) == ("needs_clarification", [], ["group"])


def test_whose_time_is_seen_owns_the_calendar(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Chris Lee should be able to see when Sarah Connor is free or busy, nothing more",
        GRACE,
        "owner",
        "grantee",
        "access",
    ) == [("sarah@acme.com", "chris.lee@acme.com", "availability_only")]


def test_two_people_named_apart_never_share_the_requesters_calendar(acme: Directory) -> None:
    status, steps, questions = plan_in_order(acme, "Give Chris Lee free/busy on Sarah Connor", GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["owner"])


def test_who_approved_is_never_a_trustee(acme: Directory) -> None:
    for text in (
        "Mike Smith approved it - Rachel Green to get full access to billing@acme.com",
        "Give Rachel Green full access to billing@acme.com - Mike Smith approved it",
    ):
        status, steps, _ = plan_in_order(acme, text, GRACE)
        assert status == "ready", text
        assert {s["trustee"] for s in steps} == {"rachel.green@acme.com"}, text


def test_needing_membership_is_an_add(acme: Directory) -> None:
    assert ready(
        acme, "Jane Doe needs membership of the mail-enabled security group Finance Team", GRACE
    ) == [
        {
            "action": "distribution_list_membership",
            "change": "add",
            "group": "finance-team@acme.com",
            "member": "jane.doe@acme.com",
        }
    ]


def test_a_membership_change_no_rule_reads_is_asked_never_listed(acme: Directory) -> None:
    status, steps, questions = plan_in_order(acme, "Revoke Jane Doe's membership of Finance Team", GRACE)
    assert (status, steps, questions) == ("needs_clarification", [], ["scope"])


def test_a_correction_that_still_says_dont_never_keeps_the_request_before(acme: Directory) -> None:
    # read as a name swap, the forwarding the fix rules out was planned (ready) in the first version
    status, steps, _ = plan_in_order(
        acme,
        "Forward Mike Smith's email to Christine Lee. No, scratch that, don't set up any forwarding - "
        "just give Christine full access to his mailbox.",
        GRACE,
    )
    assert status == "ready"
    assert [s["action"] for s in steps] == ["mailbox_delegation"]
    status, steps, _ = plan_in_order(
        acme,
        "Forward Mike Smith's email to Christine Lee. Actually, don't forward Mike's mail to her, she should "
        "get send as on his mailbox",
        GRACE,
    )
    assert not any(s["action"] == "email_forwarding_internal" for s in steps)


def test_rights_detailing_an_access_keep_its_end(acme: Directory) -> None:
    steps = ready(acme, "Tom Becker needs access to info@acme.com until Friday: send as", GRACE)
    assert [(s["action"], s.get("expires")) for s in steps] == [("send_as", "2026-03-07T00:00:00Z")]
