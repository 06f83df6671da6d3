"""Identity parameters given a directory object id (ExternalDirectoryObjectId) name that object, even while
an address move is still replicating.

Microsoft documents "GUID" among the values every one of these parameters takes (Add-/Remove-
MailboxPermission -Identity/-User, Add-/Remove-RecipientPermission -Identity/-Trustee, Add-/Remove-
DistributionGroupMember -Identity/-Member, Set-Mailbox -Identity/-ForwardingAddress/-GrantSendOnBehalfTo,
*-MailboxFolderPermission -Identity `MailboxID:\\Folder` and -User; sources in emulator/exchange/
resolve.py). An id does not move; an address does, and a write naming an address meets the latest
directory while reads still show the old holder (workflow/binding.py says why mailwarden writes by id).
"""

from __future__ import annotations

import pytest

from mailwarden.emulator import seed
from mailwarden.emulator import state as state_module
from mailwarden.emulator.state import Recipient, TenantState
from mailwarden.emulator.switches import set_switch
from tests.emulator.exchange_tenant import Exo, hashtable
from tests.emulator.test_replication_lag import LAG, Clock

TOM, MIKE, JANE = "tom.becker@acme.com", "mike.smith@acme.com", "jane.doe@acme.com"
SALES, CONTRACTORS = "sales@acme.com", "contractors@acme.com"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(state_module, "_clock", c)
    return c


@pytest.fixture
def exo(clock: Clock) -> Exo:
    """The Acme tenant's Exchange, its reads lagging its writes by `LAG` seconds of `clock`."""
    exo = Exo(TenantState(seed.acme()))
    set_switch(exo.state, "replication_lag_seconds", LAG)
    return exo


def _id(state: TenantState, address: str) -> str:
    found = state.find(address)
    assert found is not None, address
    return found.id


def _now(state: TenantState, recipient_id: str) -> Recipient:
    return state.data.recipients[recipient_id]


def _give_toms_address_to_mike(exo: Exo) -> tuple[str, str]:
    """Tom's address becomes Mike's (Tom keeps another); the move lags (`exo` has the switch on)."""
    state = exo.state
    tom, mike = _id(state, TOM), _id(state, MIKE)
    with state.transaction():  # the emulator's Exchange does not change a UPN
        state.data.recipients[tom].user_principal_name = "tom.old@acme.com"
        state.mark_dirty()
    exo.run("Set-Mailbox", Identity=tom, EmailAddresses=["SMTP:tom.old@acme.com"])
    exo.run("Set-Mailbox", Identity=mike, EmailAddresses=[f"SMTP:{MIKE}", f"smtp:{TOM}"])
    return tom, mike


def _holder_read(exo: Exo, address: str) -> str:
    """Who reads (Get-Recipient, as the executor's live check asks) say holds `address`."""
    found = exo.run("Get-Recipient", Filter=f"EmailAddresses -eq 'smtp:{address}'")["value"]
    assert len(found) == 1, found
    return str(found[0]["ExternalDirectoryObjectId"])


def test_a_write_by_address_lands_on_the_new_holder_while_reads_still_show_the_old(exo: Exo) -> None:
    """The pitfall itself: nothing a reader sees tells the move, and the address steers the write."""
    tom, mike = _give_toms_address_to_mike(exo)
    sales = _id(exo.state, SALES)
    assert _holder_read(exo, TOM) == tom

    exo.run("Add-RecipientPermission", Identity=SALES, Trustee=TOM, AccessRights=["SendAs"], Confirm=False)

    assert mike in _now(exo.state, sales).send_as
    assert tom not in _now(exo.state, sales).send_as


def test_permissions_name_mailbox_and_trustee_by_id(exo: Exo) -> None:
    tom, mike = _give_toms_address_to_mike(exo)
    sales = _id(exo.state, SALES)

    exo.run("Add-MailboxPermission", Identity=sales, User=tom, AccessRights=["FullAccess"], AutoMapping=False)
    exo.run("Add-RecipientPermission", Identity=sales, Trustee=tom, AccessRights=["SendAs"], Confirm=False)
    exo.run("Set-Mailbox", Identity=sales, GrantSendOnBehalfTo=hashtable(add=tom), Confirm=False)

    box = _now(exo.state, sales)
    assert {e.trustee_id for e in box.full_access} & {tom, mike} == {tom}
    assert set(box.send_as) & {tom, mike} == {tom}
    assert [t for t in box.grant_send_on_behalf_to if t in (tom, mike)] == [tom]

    exo.run("Remove-MailboxPermission", Identity=sales, User=tom, AccessRights=["FullAccess"], Confirm=False)
    exo.run("Remove-RecipientPermission", Identity=sales, Trustee=tom, AccessRights=["SendAs"], Confirm=False)
    exo.run("Set-Mailbox", Identity=sales, GrantSendOnBehalfTo=hashtable(remove=tom), Confirm=False)
    box = _now(exo.state, sales)
    assert tom not in {e.trustee_id for e in box.full_access}
    assert tom not in box.send_as
    assert tom not in box.grant_send_on_behalf_to


def test_a_list_and_its_member_by_id(exo: Exo) -> None:
    tom, _mike = _give_toms_address_to_mike(exo)
    contractors = _id(exo.state, CONTRACTORS)
    before = set(_now(exo.state, contractors).members)
    assert tom not in before

    exo.run(
        "Add-DistributionGroupMember", Identity=contractors, Member=tom, BypassSecurityGroupManagerCheck=True
    )
    assert set(_now(exo.state, contractors).members) == before | {tom}
    exo.run(
        "Remove-DistributionGroupMember",
        Identity=contractors,
        Member=tom,
        BypassSecurityGroupManagerCheck=True,
        Confirm=False,
    )
    assert set(_now(exo.state, contractors).members) == before


def test_forwarding_target_by_id(exo: Exo) -> None:
    tom, _mike = _give_toms_address_to_mike(exo)
    jane = _id(exo.state, JANE)

    exo.run("Set-Mailbox", Identity=jane, ForwardingAddress=tom, ForwardingSmtpAddress=None)

    assert _now(exo.state, jane).forwarding_address == tom


def test_a_calendar_folder_by_its_mailboxs_id(exo: Exo, clock: Clock) -> None:
    tom, mike = _give_toms_address_to_mike(exo)
    jane = _id(exo.state, JANE)
    folders = exo.run("Get-MailboxFolderStatistics", Identity=tom, FolderScope="Calendar")["value"]
    name = next(f["Name"] for f in folders if f.get("FolderType") == "Calendar")

    exo.run("Add-MailboxFolderPermission", Identity=f"{tom}:\\{name}", User=jane, AccessRights=["Reviewer"])

    assert jane in {e.user for e in _now(exo.state, tom).calendar}
    assert jane not in {e.user for e in _now(exo.state, mike).calendar}
    clock.now += 60  # reads by id show it once replicated, as reads by address do
    entries = exo.run("Get-MailboxFolderPermission", Identity=f"{tom}:\\{name}", User=jane)["value"]
    assert [e["AccessRights"] for e in entries] == [["Reviewer"]]


@pytest.mark.parametrize(
    ("cmdlet", "params"),
    [
        ("Add-MailboxPermission", {"Identity": SALES, "AccessRights": ["FullAccess"]}),
        ("Add-DistributionGroupMember", {"Identity": CONTRACTORS}),
    ],
)
def test_an_id_no_object_has_names_nobody(exo: Exo, cmdlet: str, params: dict[str, object]) -> None:
    nobody = "00000000-0000-4000-8000-00000000abcd"
    key = "User" if cmdlet == "Add-MailboxPermission" else "Member"
    text = exo.fail(cmdlet, 404, **params, **{key: nobody})
    assert nobody in text
