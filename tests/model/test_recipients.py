"""Recipients keep addresses in one canonical form, whatever the API or the person wrote."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mailwarden.model import Recipient, RecipientKind, is_valid_address, normalize_address


def test_addresses_are_lower_case_without_proxy_prefix_primary_first() -> None:
    """Exchange's 'SMTP:'/'smtp:' proxy list becomes plain lower-case addresses led by the primary."""
    r = Recipient(
        recipient_id="484318FD-E8CE-5B62-9FA9-608DA5793179",
        kind=RecipientKind.SHARED_MAILBOX,
        display_name="Support",
        primary_address="SMTP:Support@Acme.com",
        addresses=("smtp:helpdesk@acme.com", "SMTP:support@acme.com", "smtp:HelpDesk@acme.com"),
    )
    assert r.primary_address == "support@acme.com"
    assert r.addresses == ("support@acme.com", "helpdesk@acme.com")
    assert r.recipient_id == "484318fd-e8ce-5b62-9fa9-608da5793179"


def test_primary_address_is_added_to_addresses_when_missing() -> None:
    """A recipient discovered with only its primary address still lists it among its addresses."""
    r = Recipient(recipient_id="x", kind=RecipientKind.USER, display_name="X", primary_address="x@acme.com")
    assert r.addresses == ("x@acme.com",)


@pytest.mark.parametrize("bad", ["Sarah Connor", "sarah@", "@acme.com", "sarah@acme", "sa rah@acme.com", ""])
def test_things_that_are_not_addresses_are_rejected(bad: str) -> None:
    """Display names, half addresses and spaces are not taken for addresses."""
    assert not is_valid_address(bad)
    with pytest.raises(ValueError, match="not an email address"):
        normalize_address(bad)


def test_unusual_but_valid_addresses_are_accepted() -> None:
    """Plus signs, apostrophes and subdomains are fine, as Exchange allows them."""
    assert normalize_address(" smtp:Pat.O'Neil+x@Mail.Acme.co.uk ") == "pat.o'neil+x@mail.acme.co.uk"


def test_recipient_with_invalid_address_does_not_validate() -> None:
    """A recipient cannot be built around a non-address."""
    with pytest.raises(ValidationError):
        Recipient(recipient_id="x", kind=RecipientKind.USER, display_name="X", primary_address="X")


@pytest.mark.parametrize(
    ("kind", "internal", "is_group", "is_mailbox"),
    [
        (RecipientKind.USER, True, False, True),
        (RecipientKind.SHARED_MAILBOX, True, False, True),
        (RecipientKind.ROOM_MAILBOX, True, False, True),
        (RecipientKind.DISTRIBUTION_LIST, True, True, False),
        (RecipientKind.MAIL_ENABLED_SECURITY, True, True, False),
        (RecipientKind.M365_GROUP, True, True, False),
        (RecipientKind.GUEST, False, False, False),
        (RecipientKind.CONTACT, False, False, False),
    ],
)
def test_kind_decides_internal_group_and_mailbox(
    kind: RecipientKind, internal: bool, is_group: bool, is_mailbox: bool
) -> None:
    """Guests and contacts are outside the organisation; the three group kinds are groups."""
    r = Recipient(recipient_id="x", kind=kind, display_name="X", primary_address="x@acme.com")
    assert (r.internal, r.is_group, r.is_mailbox) == (internal, is_group, is_mailbox)


def test_recipient_json_round_trip_is_lossless() -> None:
    """What the cache stores as JSON comes back equal."""
    r = Recipient(
        recipient_id="g",
        kind=RecipientKind.DISTRIBUTION_LIST,
        display_name="All Hands",
        primary_address="all-hands@acme.com",
        owners=("o",),
        members=("a", "b"),
        member_join_restriction="Open",
    )
    assert Recipient.model_validate_json(r.model_dump_json()) == r
