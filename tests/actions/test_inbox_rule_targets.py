"""Where an Inbox rule's target printed by Exchange lands in the directory (actions/inbox_rules.py)."""

from __future__ import annotations

from mailwarden.actions.inbox_rules import forwarding_rules
from mailwarden.directory.snapshot import Directory
from tests.directory.conftest import acme_directory

_ORG = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn="


def _targets(directory: Directory, printed: str) -> list[str | None]:
    rule = {
        "Name": "r",
        "Enabled": True,
        "ForwardTo": [printed],
        "RedirectTo": None,
        "ForwardAsAttachmentTo": None,
    }
    return [f.target_id for f in forwarding_rules(directory, [rule])]


def test_a_dn_of_exchange_online_names_its_alias_after_the_hex_id() -> None:
    directory = acme_directory()
    sarah = directory.by_address("sarah@acme.com")
    assert sarah is not None
    assert _targets(directory, f'"S" [EX:{_ORG}0123456789abcdef0123456789abcdef-sarah]') == [
        sarah.recipient_id
    ]


def test_a_dn_of_another_shape_is_not_cut_at_its_first_dash() -> None:
    """A migrated or hybrid mailbox keeps a DN like `.../cn=sarah-ann`: "ann" after the dash is no alias, and
    the rule's target must not be taken for Sarah (or anyone holding the alias after the dash)."""
    directory = acme_directory()
    assert _targets(directory, f'"Unknown Person" [EX:{_ORG}jane-sarah]') == [None]


def test_a_target_the_directory_cannot_place_is_never_called_internal() -> None:
    """A contact or guest made since the directory was read is printed by DN like a colleague: the report
    says it was not found, not that the mail stays inside."""
    rule = {
        "Name": "r",
        "Enabled": True,
        "ForwardTo": [f'"New Contact" [EX:{_ORG}0123456789abcdef0123456789abcdef-newcontact]'],
        "RedirectTo": None,
        "ForwardAsAttachmentTo": None,
    }
    [found] = forwarding_rules(acme_directory(), [rule])
    assert found.sentence() == (
        "rule 'r' forwards to New Contact (not found in the directory: it may be outside the organisation)"
    )
