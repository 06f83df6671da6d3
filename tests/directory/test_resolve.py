"""Resolution of what people write to one Acme recipient, or a clear refusal to guess."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mailwarden.directory import Directory, resolve, resolve_all
from mailwarden.errors import AmbiguousRecipient, RecipientNotFound

SARAH_ID = "21d8f596-06ee-5014-8871-44db835f7241"


@dataclass(frozen=True)
class Case:
    reference: str
    address: str


RESOLVES = [
    Case(SARAH_ID, "sarah@acme.com"),
    Case(SARAH_ID.upper(), "sarah@acme.com"),
    Case("{" + SARAH_ID + "}", "sarah@acme.com"),
    Case("sarah@acme.com", "sarah@acme.com"),
    Case("Sarah.Connor@ACME.com", "sarah@acme.com"),
    Case("smtp:sarah.connor@acme.com", "sarah@acme.com"),
    Case("SMTP:helpdesk@acme.com", "support@acme.com"),
    Case("alexander.kim@acme.co.uk", "alexander.kim@acme.co.uk"),
    Case("msmith", "mike.smith@acme.com"),
    Case("support@", "support@acme.com"),
    Case("helpdesk@", "support@acme.com"),
    Case("Support", "support@acme.com"),
    Case("sarah connor", "sarah@acme.com"),
    Case("  'Grace Hopper' ", "grace.hopper@acme.com"),
    Case("Sarah", "sarah@acme.com"),
    Case("christine", "christine.lee@acme.com"),
    Case("Sarah Conor", "sarah@acme.com"),
    Case("Finance Team", "finance-team@acme.com"),
    Case("vera@vendorco.example", "vera@vendorco.example"),
    Case("all-sales", "all-sales@acme.com"),
]


@pytest.mark.parametrize("case", RESOLVES, ids=[c.reference for c in RESOLVES])
def test_every_accepted_form_resolves_to_the_primary_address(acme: Directory, case: Case) -> None:
    """GUIDs, addresses, UPNs, aliases, 'alias@', display and first names all lead to one recipient."""
    assert resolve(acme, case.reference).primary_address == case.address


def test_two_people_named_alex_kim_are_ambiguous_with_both_candidates(acme: Directory) -> None:
    """'Alex Kim' names two people; both come back, told apart by department and title, none picked."""
    with pytest.raises(AmbiguousRecipient) as caught:
        resolve(acme, "Alex Kim")
    candidates = caught.value.candidates
    assert [(c.primary_address, c.department, c.job_title) for c in candidates] == [
        ("alex.kim@acme.com", "Sales", "Sales Representative"),
        ("alexander.kim@acme.co.uk", "Engineering", "Software Engineer"),
    ]
    assert all(c.display_name == "Alex Kim" for c in candidates)


def test_a_first_name_shared_by_two_people_is_ambiguous(acme: Directory) -> None:
    """'Alex' alone is never guessed."""
    with pytest.raises(AmbiguousRecipient) as caught:
        resolve(acme, "alex")
    assert len(caught.value.candidates) == 2


def test_me_is_the_requester(acme: Directory) -> None:
    """'me' and 'myself' name whoever asks."""
    assert resolve(acme, "me", requester="john@acme.com").primary_address == "john@acme.com"
    john = resolve(acme, "john@acme.com")
    assert resolve(acme, "Myself", requester=john) == john


def test_my_manager_follows_the_requesters_manager(acme: Directory) -> None:
    """'my manager' for Chris Lee is Sarah Connor."""
    assert resolve(acme, "my manager", requester="chris.lee@acme.com").primary_address == "sarah@acme.com"


def test_my_manager_of_the_ceo_is_not_found(acme: Directory) -> None:
    """Olivia Martin has no manager, and the message says so."""
    with pytest.raises(RecipientNotFound, match="Olivia Martin has no manager"):
        resolve(acme, "my manager", requester="olivia.martin@acme.com")


def test_me_without_a_requester_is_refused(acme: Directory) -> None:
    """Without knowing who asks, 'me' cannot be resolved."""
    with pytest.raises(RecipientNotFound, match="not known who is asking"):
        resolve(acme, "me")


def test_unknown_name_suggests_close_matches(acme: Directory) -> None:
    """A misspelt name far from any exact match is refused, naming who may have been meant."""
    with pytest.raises(RecipientNotFound) as caught:
        resolve(acme, "Christina Leigh")
    assert caught.value.reference == "Christina Leigh"
    assert "christine.lee@acme.com" in str(caught.value)


def test_unknown_name_with_nothing_close_names_the_fix(acme: Directory) -> None:
    """A name like nobody's says so and asks for the address."""
    with pytest.raises(RecipientNotFound, match="use the full email address"):
        resolve(acme, "Zebulon Quartermaine")


def test_external_address_is_named_as_outside_the_organisation(acme: Directory) -> None:
    """An address in a domain the tenant does not own is reported as external, not as a typo."""
    with pytest.raises(RecipientNotFound, match="outside the organisation"):
        resolve(acme, "someone@gmail.example")


def test_unknown_guid_is_not_found(acme: Directory) -> None:
    """A well-formed id of no object is refused."""
    with pytest.raises(RecipientNotFound, match="No directory object has this id"):
        resolve(acme, "00000000-0000-0000-0000-000000000000")


def test_resolve_all_returns_resolved_in_order_and_failures_with_reasons(acme: Directory) -> None:
    """A bulk list resolves what it can, once each, and reports every other line with its reason."""
    result = resolve_all(acme, ["john@acme.com", "Alex Kim", "Sarah", "nobody@acme.com", "JOHN@acme.com"])
    assert [r.primary_address for r in result.resolved] == ["john@acme.com", "sarah@acme.com"]
    assert [u.reference for u in result.unresolved] == ["Alex Kim", "nobody@acme.com"]
    assert len(result.unresolved[0].candidates) == 2
    assert "nobody@acme.com" in result.unresolved[1].reason
