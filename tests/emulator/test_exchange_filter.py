"""-Filter on Get-Recipient, Get-Mailbox and Get-DistributionGroup: the answers are those of testing the
filter on every object as the cmdlet prints it, while the work is only for the objects that can match.

mailwarden checks, before a bulk run, that each address still leads to the object approved: Get-Recipient
with 20 `EmailAddresses -eq` clauses joined by -or, dozens in a row. Printing all of a 5,100-recipient
tenant for each such filter made the emulator the slowest part of the run (12.9 s of CPU for 1,000 steps),
which Exchange Online is not; the answers must stay exactly what they were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mailwarden.emulator import seed
from mailwarden.emulator import state as state_module
from mailwarden.emulator.exchange import serialize
from mailwarden.emulator.exchange.filters import compile_filter
from mailwarden.emulator.state import Recipient, TenantState
from mailwarden.emulator.switches import set_switch
from tests.emulator.exchange_tenant import Exo, hashtable

Printer = Callable[[TenantState, Recipient], dict[str, Any]]
_FAMILIES: dict[str, tuple[Printer, Callable[[Recipient], bool]]] = {
    "Get-Recipient": (serialize.recipient, lambda r: True),
    "Get-Mailbox": (serialize.mailbox, lambda r: r.is_mailbox),
    "Get-DistributionGroup": (
        serialize.group,
        lambda r: r.kind in ("MailUniversalDistributionGroup", "MailUniversalSecurityGroup"),
    ),
}


def _tenant() -> Exo:
    exo = Exo(TenantState(seed.acme(users=300, shared=10, lists=10)))
    # An X500 proxy (a mailbox moved from on-premises Exchange keeps its legacy DN) and a dynamic list,
    # whose ExternalDirectoryObjectId prints empty.
    exo.run(
        "Set-Mailbox", Identity="sarah", EmailAddresses=hashtable(Add=["X500:/o=Acme/ou=Exchange/cn=Sarah"])
    )
    exo.run(
        "New-DynamicDistributionGroup", Name="Everyone", RecipientFilter="RecipientType -eq 'UserMailbox'"
    )
    return exo


@pytest.fixture
def exo() -> Exo:
    return _tenant()


@pytest.fixture(scope="module")
def read_only() -> Exo:
    """One tenant for the tests that only read (building one costs half a second)."""
    return _tenant()


def _names(exo: Exo, cmdlet: str, expression: str) -> list[str]:
    body = exo.run(cmdlet, Filter=expression, ResultSize="Unlimited")
    assert "@odata.nextLink" not in body
    return [r["Name"] for r in body["value"]]


def _scanned(state: TenantState, cmdlet: str, expression: str) -> list[str]:
    """What the cmdlet answered before: every object of its family printed, the filter tested on each."""
    printer, family = _FAMILIES[cmdlet]
    found = [r for i in state.sorted_ids() if family(r := state.recipients[i])]
    keep = compile_filter(expression, set(printer(state, found[0])))
    return [serialize.name_of(r) for r in found if keep(printer(state, r))]


def _id(exo: Exo, alias: str) -> str:
    return next(r.id for r in exo.state.recipients.values() if r.alias == alias)


MIXED = [
    "EmailAddresses -eq 'smtp:contact@acme.com'",
    "EmailAddresses -eq 'SMTP:CONTACT@ACME.COM'",
    "EmailAddresses -eq 'smtp:INFO@acme.com'",  # the primary, asked with the secondary's prefix
    "EmailAddresses -eq 'contact@acme.com'",  # no prefix: a complete address is an SMTP proxy address
    "EmailAddresses -like 'contact*'",  # ... but a wildcard compares the printed text, prefix and all
    "EmailAddresses -eq 'x500:/o=acme/ou=exchange/cn=sarah'",
    "EmailAddresses -eq 'smtp:nobody@acme.com'",
    "EmailAddresses -eq 'smtp:helpdesk@acme.com' -or EmailAddresses -eq 'smtp:jdoe@acme.com' -or "
    "EmailAddresses -eq 'smtp:all-hands@acme.com' -or EmailAddresses -eq 'smtp:nobody@acme.com'",
    "EmailAddresses -eq 'smtp:helpdesk@acme.com' -and RecipientTypeDetails -eq 'UserMailbox'",
    "EmailAddresses -eq 'smtp:helpdesk@acme.com' -and RecipientTypeDetails -eq 'SharedMailbox'",
    "RecipientTypeDetails -eq 'SharedMailbox' -and EmailAddresses -eq 'smtp:helpdesk@acme.com'",
    # one branch without an indexed -eq: every object may match it
    "EmailAddresses -eq 'smtp:jdoe@acme.com' -or DisplayName -like 'sa*'",
    "EmailAddresses -ne 'smtp:jdoe@acme.com' -and RecipientTypeDetails -eq 'SharedMailbox'",
    "EmailAddresses -like 'smtp:*@acme.co.uk'",
    "EmailAddresses -eq $null",
    "PrimarySmtpAddress -eq 'INFO@acme.com'",
    "PrimarySmtpAddress -eq 'contact@acme.com'",  # a secondary address is not the primary
    "PrimarySmtpAddress -eq 'support@acme.com' -or EmailAddresses -eq 'smtp:msmith@acme.com'",
    "ExternalDirectoryObjectId -eq ''",
    "ExternalDirectoryObjectId -eq $null",
    "(EmailAddresses -eq 'smtp:john.miller@acme.com') -or (HiddenFromAddressListsEnabled -eq $false)",
]


@pytest.mark.parametrize("cmdlet", list(_FAMILIES))
@pytest.mark.parametrize("expression", MIXED)
def test_a_filter_answers_as_a_scan_of_every_printed_object(
    read_only: Exo, cmdlet: str, expression: str
) -> None:
    assert _names(read_only, cmdlet, expression) == _scanned(read_only.state, cmdlet, expression)


def test_the_answers_themselves(read_only: Exo) -> None:
    """Pinned by hand, so that the scan above is not its own only witness."""
    exo = read_only
    assert _names(exo, "Get-Recipient", "EmailAddresses -eq 'SMTP:contact@ACME.com'") == ["info"]
    assert _names(exo, "Get-Recipient", "EmailAddresses -eq 'smtp:info@acme.com'") == ["info"]
    # Microsoft: "When you use a complete email address, you don't need to account for the smtp: prefix.
    # If you use wildcards, you do." (filter-properties.md, EmailAddresses)
    assert _names(exo, "Get-Recipient", "EmailAddresses -eq 'contact@acme.com'") == ["info"]
    assert _names(exo, "Get-Recipient", "EmailAddresses -eq 'Contact@Acme.com' -or Alias -eq 'x'") == ["info"]
    assert _names(exo, "Get-Recipient", "EmailAddresses -ne 'contact@acme.com' -and Alias -eq 'info'") == []
    assert _names(exo, "Get-Recipient", "EmailAddresses -like 'contact*'") == []
    assert _names(exo, "Get-Recipient", "EmailAddresses -like 'smtp:contact*'") == ["info"]
    assert _names(exo, "Get-Recipient", "EmailAddresses -eq 'X500:/O=ACME/OU=EXCHANGE/CN=SARAH'") == ["sarah"]
    both = "EmailAddresses -eq 'smtp:helpdesk@acme.com' -or EmailAddresses -eq 'smtp:jdoe@acme.com'"
    assert _names(exo, "Get-Recipient", both) == [
        "jane.doe",
        "support",
    ]  # the tenant's order, not the filter's
    assert _names(exo, "Get-Mailbox", both) == ["jane.doe", "support"]
    assert _names(exo, "Get-DistributionGroup", both) == []
    assert _names(exo, "Get-Recipient", "ExternalDirectoryObjectId -eq ''") == ["Everyone"]
    sarah = _id(exo, "sarah")
    assert _names(exo, "Get-Recipient", f"ExternalDirectoryObjectId -eq '{sarah.upper()}'") == ["sarah"]
    assert _names(exo, "Get-Mailbox", "PrimarySmtpAddress -eq 'Sales@Acme.com'") == ["sales"]


def test_a_forwarding_address_is_compared_as_an_smtp_address_unless_wildcarded(exo: Exo) -> None:
    """ForwardingSmtpAddress prints "smtp:addr"; -eq takes the complete address with or without the
    prefix, -like only with it (filter-properties.md, ForwardingSmtpAddress)."""
    exo.run("Set-Mailbox", Identity="billing", ForwardingSmtpAddress="ap@vendorco.example")
    for value in ("ap@vendorco.example", "SMTP:AP@vendorco.example", "smtp:ap@VENDORCO.example"):
        assert _names(exo, "Get-Mailbox", f"ForwardingSmtpAddress -eq '{value}'") == ["billing"]
    assert _names(exo, "Get-Mailbox", "ForwardingSmtpAddress -like 'ap@*'") == []
    assert _names(exo, "Get-Mailbox", "ForwardingSmtpAddress -like 'smtp:ap@*'") == ["billing"]


def test_a_bad_filter_is_refused_only_when_there_is_something_to_filter(read_only: Exo) -> None:
    exo = read_only
    exo.fail("Get-Recipient", 400, Filter="Colour -eq 'blue' -or EmailAddresses -eq 'smtp:a@acme.com'")
    exo.fail("Get-Recipient", 400, Filter="EmailAddresses equals 'smtp:a@acme.com'")
    body = exo.run("Get-Recipient", Filter="Colour -eq 'blue'", RecipientTypeDetails=["RoomList"])
    assert body["value"] == []


def test_an_address_written_just_now_is_found_by_the_next_filter(exo: Exo) -> None:
    """No replication lag: a write is in the next read, the filter's index included."""
    assert _names(exo, "Get-Recipient", "EmailAddresses -eq 'smtp:desk@acme.com'") == []
    exo.run(
        "Set-Mailbox",
        Identity="support",
        EmailAddresses=hashtable(Add=["desk@acme.com"], Remove=["helpdesk@acme.com"]),
    )
    assert _names(exo, "Get-Recipient", "EmailAddresses -eq 'smtp:desk@acme.com'") == ["support"]
    assert _names(exo, "Get-Recipient", "EmailAddresses -eq 'smtp:helpdesk@acme.com'") == []
    exo.run("Set-Mailbox", Identity="info", WindowsEmailAddress="front@acme.com")
    assert _names(exo, "Get-Mailbox", "PrimarySmtpAddress -eq 'front@acme.com'") == ["info"]
    assert _names(exo, "Get-Mailbox", "PrimarySmtpAddress -eq 'info@acme.com'") == []


class _Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_moved_address_is_found_where_reads_still_see_it_until_the_lag_has_passed(
    exo: Exo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside the replication lag a filter answers from the tenant as reads see it: the old holder."""
    clock = _Clock()
    monkeypatch.setattr(state_module, "_clock", clock)
    set_switch(exo.state, "replication_lag_seconds", 5)
    exo.run("Set-Mailbox", Identity="support", EmailAddresses=hashtable(Remove=["helpdesk@acme.com"]))
    exo.run("Set-Mailbox", Identity="info", EmailAddresses=hashtable(Add=["helpdesk@acme.com"]))
    moved = "EmailAddresses -eq 'smtp:helpdesk@acme.com'"
    clock.now += 4
    for cmdlet in ("Get-Recipient", "Get-Mailbox"):
        assert _names(exo, cmdlet, moved) == ["support"]
    assert _names(exo, "Get-Recipient", f"{moved} -or EmailAddresses -eq 'smtp:contact@acme.com'") == [
        "support",
        "info",
    ]
    clock.now += 2
    assert _names(exo, "Get-Recipient", moved) == ["info"]
    assert _names(exo, "Get-Recipient", moved) == _scanned(exo.state, "Get-Recipient", moved)


def test_a_filter_of_addresses_prints_only_the_objects_it_answers_with(
    exo: Exo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twenty address clauses on a tenant of ~350 recipients: the printed objects are the two it finds
    (the Guid, computed per printed object, counts them), not every recipient of the tenant."""
    printed: list[str] = []
    guid = serialize.object_guid
    monkeypatch.setattr(serialize, "object_guid", lambda r: printed.append(r.alias) or guid(r))
    wanted = [
        "smtp:helpdesk@acme.com",
        "smtp:jdoe@acme.com",
        *(f"smtp:nobody{i}@acme.com" for i in range(18)),
    ]
    expression = " -or ".join(f"EmailAddresses -eq '{a}'" for a in wanted)
    assert _names(exo, "Get-Recipient", expression) == ["jane.doe", "support"]
    assert sorted(printed) == ["jane.doe", "support"]


def test_get_recipient_does_not_filter_on_legacy_exchange_dn(read_only: Exo) -> None:
    """filter-properties.md lists LegacyExchangeDN for Get-Mailbox, Get-User, Get-DistributionGroup ...
    but not Get-Recipient (sec40): refused there as Exchange refuses a property it does not filter on;
    -Identity takes the DN instead."""
    exo = read_only
    dn = exo.run("Get-Mailbox", Identity="sarah")["value"][0]["LegacyExchangeDN"]
    exo.fail("Get-Recipient", 400, Filter=f"LegacyExchangeDN -eq '{dn}'")
    assert _names(exo, "Get-Mailbox", f"LegacyExchangeDN -eq '{dn}'") == ["sarah"]
    assert [r["Name"] for r in exo.run("Get-Recipient", Identity=dn)["value"]] == ["sarah"]
