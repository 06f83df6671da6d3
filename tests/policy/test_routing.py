"""Who is asked to approve, and the Cedar facts a step is decided on."""

from __future__ import annotations

import json

import cedarpy

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import parse_step
from mailwarden.policy import Org, PolicyEngine, approver_candidates
from mailwarden.policy.engine import SCHEMA_TEXT
from mailwarden.policy.entities import step_facts
from tests.policy.acme import by_address, org


def _addresses(people: tuple[Recipient, ...]) -> list[str]:
    return [p.primary_address for p in people]


def test_candidates_are_owners_then_manager_then_admins() -> None:
    """For John on Support: Sarah (owner), Priya (manager), Grace and Ken (admins), in that order."""
    got = approver_candidates(org("acme2"), by_address("john@acme.com"), by_address("support@acme.com"))
    assert _addresses(got) == [
        "sarah@acme.com",
        "priya.patel@acme.com",
        "grace.hopper@acme.com",
        "ken.adams@acme.com",
    ]


def test_candidates_never_include_the_requester_or_a_disabled_user() -> None:
    """Sarah asking about her own Support mailbox is not her own candidate; disabled Priya is nobody's."""
    sarah = approver_candidates(org("acme"), by_address("sarah@acme.com"), by_address("support@acme.com"))
    assert "sarah@acme.com" not in _addresses(sarah)
    john = approver_candidates(org("priya-off"), by_address("john@acme.com"), by_address("sales@acme.com"))
    assert "priya.patel@acme.com" not in _addresses(john)


def test_owner_set_by_an_admin_replaces_the_directory_owner() -> None:
    """Info is Olivia's in the directory; with its owners set to Jane, Jane is asked instead."""
    got = approver_candidates(org("sensitive"), by_address("john@acme.com"), by_address("info@acme.com"))
    assert _addresses(got)[0] == "jane.doe@acme.com"
    assert "olivia.martin@acme.com" not in _addresses(got)


def test_step_facts_fit_the_schema() -> None:
    """The entities built for a step parse against the schema (Cedar checks every attribute's type)."""
    step = parse_step(
        {
            "action": "send_as",
            "change": "grant",
            "mailbox": "support@acme.com",
            "trustee": "nobody@elsewhere.example",
        }
    )
    facts = step_facts(org("sensitive"), "john@acme.com", step)
    cedarpy.Entities.from_json_str(json.dumps(list(facts.entities)), SCHEMA_TEXT)
    assert facts.context["subject"] == {
        "__entity": {"type": "Recipient", "id": "external:nobody@elsewhere.example"}
    }


def test_nested_group_membership_counts_as_membership() -> None:
    """A member of a list that is itself a member of another list may see the outer list's members."""
    ann = Recipient(
        recipient_id="u1", kind=RecipientKind.USER, display_name="Ann", primary_address="ann@x.com"
    )
    inner = Recipient(
        recipient_id="g1",
        kind=RecipientKind.DISTRIBUTION_LIST,
        display_name="Inner",
        primary_address="inner@x.com",
        members=("u1",),
    )
    outer = Recipient(
        recipient_id="g2",
        kind=RecipientKind.DISTRIBUTION_LIST,
        display_name="Outer",
        primary_address="outer@x.com",
        members=("g1",),
    )
    tiny = Org(Directory([ann, inner, outer]))
    step = parse_step({"action": "list_group_members", "group": "outer@x.com"})
    assert PolicyEngine().decide(tiny, "ann@x.com", step).outcome == "allowed"
