"""The in-memory directory's relations: members, memberships, owners, managers, domains."""

from __future__ import annotations

from mailwarden.directory import Directory
from mailwarden.model import Recipient, RecipientKind


def test_members_and_memberships_mirror_each_other(acme: Directory) -> None:
    """The members of Contractors are the three contractors, and each lists Contractors among its groups."""
    group = acme.by_address("contractors@acme.com")
    assert group is not None
    members = acme.members(group.recipient_id)
    assert {m.primary_address for m in members} == {
        "lucas.rossi@acme.com",
        "mia.novak@acme.com",
        "ethan.park@acme.com",
    }
    for m in members:
        assert group in acme.memberships(m.recipient_id)


def test_owned_by_lists_what_a_person_owns(acme: Directory) -> None:
    """Mike Smith owns the Billing and Finance mailboxes and the Finance Team group."""
    mike = acme.by_address("mike.smith@acme.com")
    assert mike is not None
    assert {r.primary_address for r in acme.owned_by(mike.recipient_id)} == {
        "billing@acme.com",
        "finance@acme.com",
        "finance-team@acme.com",
    }


def test_manager_chain_runs_to_the_top(acme: Directory) -> None:
    """Chris Lee reports to Sarah Connor, who reports to Olivia Martin."""
    chris = acme.by_address("chris.lee@acme.com")
    assert chris is not None
    assert [m.primary_address for m in acme.manager_chain(chris.recipient_id)] == [
        "sarah@acme.com",
        "olivia.martin@acme.com",
    ]


def test_manager_chain_stops_at_a_loop() -> None:
    """Two people recorded as each other's manager do not hang the chain."""
    a = Recipient(
        recipient_id="a", kind=RecipientKind.USER, display_name="A", primary_address="a@x.com", manager_id="b"
    )
    b = Recipient(
        recipient_id="b", kind=RecipientKind.USER, display_name="B", primary_address="b@x.com", manager_id="a"
    )
    assert [r.recipient_id for r in Directory([a, b]).manager_chain("a")] == ["b"]


def test_internal_addresses_are_those_in_verified_domains(acme: Directory) -> None:
    """acme.co.uk is the organisation's; newacme.com is not verified; vendorco.example is outside."""
    assert acme.is_internal_address("anyone@ACME.co.uk")
    assert not acme.is_internal_address("someone@newacme.com")
    assert not acme.is_internal_address("vera@vendorco.example")
    assert acme.default_domain is not None
    assert acme.default_domain.name == "acme.com"


def test_address_owner_finds_secondary_addresses_and_upns(acme: Directory) -> None:
    """An address is taken whether it is a primary, a secondary or a UPN."""
    support = acme.address_owner("helpdesk@acme.com")
    assert support is not None
    assert support.display_name == "Support"
    guest = acme.address_owner("vera_vendorco.example#EXT#@acmecorp.onmicrosoft.com")
    assert guest is not None
    assert guest.kind is RecipientKind.GUEST
    assert acme.address_owner("free@acme.com") is None
