"""Security 27: the forwarded-mail scan's chains and targets, as an independent review found them.

  - F1: a list made since the directory was read, which the live lookup places, was a dead end: its
    members, unknown to the cache, were never walked, so a chain through it ended silently;
  - F3: a rule target printed by LegacyExchangeDN was placed by the alias its DN ends with before the
    live groups' LegacyExchangeDN and x500 proxies were matched (the DN keeps the alias of the creation);
  - F6: a chain of more than five mailboxes, or a rule to a recipient deleted since, made every list join
    in the tenant unknown;
  - F8: a mailbox made since the directory was read was taken for another recipient by its Name.
Driven through the live decision against the emulator over HTTP, as sec25's tests."""

from __future__ import annotations

import itertools
import uuid

import pytest

from mailwarden.emulator.state import Recipient as EmulatedRecipient
from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.model.steps import ChangePrimaryAlias
from tests.security import forwarding_setup as fw
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

HASH = "#Exchange.GenericHashTable"


# ---- F1: a list made since the directory was read is walked through its members -------------------------


async def test_a_chain_through_a_list_made_since_the_directory_was_read_is_followed(
    flow: Flow, tenant: TenantState
) -> None:
    """relay is made after the directory was read, info@ put on it, Maria's rule redirects to it and
    info@'s rule to exec-assist: the live lookup places relay, and its members are read live."""
    other = fw.open_exec_assist(tenant)
    await fw.read_directory(flow)
    fw.make_relay_list(other)
    fw.add_info_to_relay(other)
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to relay", RedirectTo=[fw.RELAY])
    fw.info_redirects_to_exec_assist(other)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow, read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [fw.KEN], grace
    assert fw.UNKNOWN not in grace.reason, grace.reason  # read, not guessed
    assert "Relay (relay@acme.com)" in grace.reason, grace.reason


async def test_a_list_made_since_whose_new_nested_list_holds_a_forwarder_is_followed(
    flow: Flow, tenant: TenantState
) -> None:
    """relay and inner are both made since the read; inner is on relay, info@ on inner."""
    other = fw.open_exec_assist(tenant)
    await fw.read_directory(flow)
    fw.make_relay_list(other)
    fw.make_open_list(other, "Inner", "inner")
    other.exchange("Add-DistributionGroupMember", Identity=fw.RELAY, Member="inner@acme.com")
    other.exchange("Add-DistributionGroupMember", Identity="inner@acme.com", Member=fw.INFO)
    other.exchange("Set-Mailbox", Identity=fw.MARIA, ForwardingSmtpAddress="smtp:relay@acme.com")
    other.exchange("Set-Mailbox", Identity=fw.INFO, ForwardingAddress=fw.EXEC)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john


async def test_the_control_a_list_made_since_whose_members_forward_nothing(
    flow: Flow, tenant: TenantState
) -> None:
    """sec25's control stays: relay (made since) holds info@, which forwards nowhere."""
    other = fw.open_exec_assist(tenant)
    await fw.read_directory(flow)
    fw.make_relay_list(other)
    fw.add_info_to_relay(other)
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to relay", RedirectTo=[fw.RELAY])
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Allowed), john


# ---- F6: chains are followed to their end; a long chain elsewhere decides nothing ---------------------


async def test_a_chain_of_seven_mailboxes_into_the_list_is_followed_to_its_end(
    flow: Flow, tenant: TenantState
) -> None:
    """Seven mailboxes forward one to the next, the last to exec-assist: the whole chain is followed (each
    mailbox once), and the join reads the first one's mail, named as such, not 'could not be established'."""
    other = fw.open_exec_assist(tenant)
    for here, there in itertools.pairwise(fw.CHAIN):
        other.exchange("Set-Mailbox", Identity=here, ForwardingAddress=there)
    other.exchange("Set-Mailbox", Identity=fw.CHAIN[-1], ForwardingAddress=fw.EXEC)
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert fw.UNKNOWN not in grace.reason, grace.reason
    assert "on Emma Wilson (emma.wilson@acme.com), forwarded on by Liam Brown" in grace.reason, grace.reason


async def test_a_long_chain_that_never_reaches_the_list_leaves_its_joins_alone(
    flow: Flow, tenant: TenantState
) -> None:
    """Eight mailboxes forward one to the next and end at Tom's: no list join in the tenant is made unknown
    by it (a chain of more than five hops anywhere refused every employee's join)."""
    other = fw.open_exec_assist(tenant)
    for here, there in itertools.pairwise([*fw.CHAIN, fw.TOM]):
        other.exchange("Set-Mailbox", Identity=here, ForwardingAddress=there)
    john = await fw.johns_join(flow)
    assert isinstance(john, Allowed), john


# ---- F3: a rule's DN is matched exactly before its alias tail ------------------------------------------


def _dn_of(other: OtherAdmin, identity: str) -> str:
    [row] = other.exchange("Get-Recipient", Identity=identity)["value"]
    dn: str = row["LegacyExchangeDN"]
    return dn


def test_the_emulator_keeps_a_dn_when_the_alias_changes(tenant: TenantState) -> None:
    """Exchange forms LegacyExchangeDN once, with the alias of the creation: a -Alias change leaves it (and
    a rule's target printed by it), and -Identity still takes it."""
    other = fw.open_exec_assist(tenant)
    before = _dn_of(other, fw.EXEC)
    assert before.endswith("-exec-assist"), before
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to assistants", RedirectTo=[fw.EXEC])
    other.exchange("Set-DistributionGroup", Identity=fw.EXEC, Alias="exec-team")
    [row] = other.exchange("Get-Recipient", Identity=fw.EXEC)["value"]
    assert row["Alias"] == "exec-team", row
    assert row["LegacyExchangeDN"] == before, row
    [rule] = other.exchange("Get-InboxRule", Mailbox=fw.MARIA)["value"]
    assert rule["RedirectTo"] == [f'"Exec assistants" [EX:{before}]'], rule
    [found] = other.exchange("Get-Recipient", Identity=before)["value"]
    assert found["PrimarySmtpAddress"] == fw.EXEC, found
    other.exchange("Set-Mailbox", Identity=fw.INFO, Alias="exec-assist")
    assert _dn_of(other, fw.INFO) != before


async def test_a_rule_to_the_list_whose_alias_moved_to_a_mailbox_is_placed_by_its_dn(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria's rule redirects to exec-assist; then exec-assist's alias becomes exec-team and info@'s alias
    exec-assist. The rule's DN still ends with '-exec-assist': placed by that tail it was info@'s (which
    forwards nothing), and the join handed Maria's mail over unseen. Its exact DN is exec-assist's."""
    other = fw.open_exec_assist(tenant)
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to assistants", RedirectTo=[fw.EXEC])
    other.exchange("Set-DistributionGroup", Identity=fw.EXEC, Alias="exec-team")
    other.exchange("Set-Mailbox", Identity=fw.INFO, Alias="exec-assist")
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert "on Maria Garcia (maria.garcia@acme.com)" in grace.reason, grace.reason
    assert fw.UNKNOWN not in grace.reason, grace.reason


async def test_a_rule_to_a_mailbox_whose_alias_moved_to_another_list_is_not_that_list(
    flow: Flow, tenant: TenantState
) -> None:
    """The other way: Maria's rule redirects to info@ (a shared mailbox that forwards to exec-assist), and
    info@'s old alias now names nobody else: the listed mailbox's own DN places the rule on info@, so the
    chain is followed; a tail that named another recipient would have dropped it."""
    other = fw.open_exec_assist(tenant)
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to info", RedirectTo=[fw.INFO])
    other.exchange("Set-Mailbox", Identity=fw.INFO, Alias="info-desk", ForwardingAddress=fw.EXEC)
    # a list now has the alias info@'s DN ends with
    other.exchange(
        "New-DistributionGroup", Name="Info list", Alias="info", PrimarySmtpAddress="info-list@acme.com"
    )
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john


async def test_a_rule_to_a_dn_the_list_holds_as_an_x500_proxy_is_placed_on_the_list(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria's rule named the list exec-old, deleted since; an admin kept its mail flowing by giving
    exec-assist the old DN as an X500 proxy (as after a migration). The rule's mail reaches exec-assist:
    placed on it exactly, neither nobody nor unknown."""
    other = fw.open_exec_assist(tenant)
    fw.make_open_list(other, "Exec old", "exec-old")
    old_dn = _dn_of(other, fw.OLD)
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to old", RedirectTo=[fw.OLD])
    other.exchange("Remove-DistributionGroup", Identity=fw.OLD)
    other.exchange(
        "Set-DistributionGroup",
        Identity=fw.EXEC,
        EmailAddresses={"@odata.type": HASH, "Add": [f"X500:{old_dn}"]},
    )
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert "on Maria Garcia (maria.garcia@acme.com)" in grace.reason, grace.reason
    assert fw.UNKNOWN not in grace.reason, grace.reason


# ---- F6: a target deleted since hands mail to nobody new ------------------------------------------------

MIA = "mia.novak@acme.com"


def test_the_emulator_soft_deletes_a_removed_mailbox(tenant: TenantState) -> None:
    """Remove-Mailbox without -Permanent soft-deletes, as Exchange Online does: no cmdlet finds the
    mailbox by any identity, Get-Recipient -IncludeSoftDeletedRecipients still does, its address stays
    reserved, and a rule that sent to it keeps printing it by display name and DN."""
    other = fw.open_exec_assist(tenant)
    dn = _dn_of(other, MIA)
    other.exchange("New-InboxRule", Mailbox=fw.TOM, Name="to mia", RedirectTo=[MIA])
    other.exchange("Remove-Mailbox", Identity=MIA)
    for identity in (MIA, dn):
        response = other.client.post(
            f"/adminapi/beta/{tenant.tenant.id}/InvokeCommand",
            json={"CmdletInput": {"CmdletName": "Get-Recipient", "Parameters": {"Identity": identity}}},
            headers={"Authorization": f"Bearer {other._exchange_token}"},
        )
        assert response.status_code == 404, response.text
    [row] = other.exchange("Get-Recipient", Identity=dn, IncludeSoftDeletedRecipients=True)["value"]
    assert row["PrimarySmtpAddress"] == MIA, row
    [rule] = other.exchange("Get-InboxRule", Mailbox=fw.TOM)["value"]
    assert rule["RedirectTo"] == [f'"Mia Novak" [EX:{dn}]'], rule
    response = other.client.post(
        f"/adminapi/beta/{tenant.tenant.id}/InvokeCommand",
        json={
            "CmdletInput": {
                "CmdletName": "Set-DistributionGroup",
                "Parameters": {"Identity": fw.EXEC, "EmailAddresses": {"@odata.type": HASH, "Add": [MIA]}},
            }
        },
        headers={"Authorization": f"Bearer {other._exchange_token}"},
    )
    assert response.status_code == 400, response.text
    assert "already being used" in response.text, response.text


async def test_a_rule_to_a_deleted_colleague_leaves_unrelated_joins_alone(
    flow: Flow, tenant: TenantState
) -> None:
    """Tom's rule redirects to Mia, whose mailbox is deleted since (soft-deleted): the rule's DN resolves
    to nobody, and mail to it is returned to the sender. A join of exec-assist, which that mail never
    reaches, stays self-service (every employee's join in the tenant was refused as unknown)."""
    other = fw.open_exec_assist(tenant)
    other.exchange("New-InboxRule", Mailbox=fw.TOM, Name="to mia", RedirectTo=[MIA])
    other.exchange("Remove-Mailbox", Identity=MIA)
    john = await fw.johns_join(flow)
    assert isinstance(john, Allowed), john


async def test_a_rule_to_a_deleted_list_hands_over_nothing(flow: Flow, tenant: TenantState) -> None:
    """Maria's rule names exec-old, deleted since (a list is not kept soft-deleted): nobody holds its DN,
    so the join of another list is decided on what it does hand over."""
    other = fw.open_exec_assist(tenant)
    fw.make_open_list(other, "Exec old", "exec-old")
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to old", RedirectTo=[fw.OLD])
    other.exchange("Remove-DistributionGroup", Identity=fw.OLD)
    john = await fw.johns_join(flow)
    assert isinstance(john, Allowed), john


async def test_a_deleted_lists_dn_another_list_holds_as_x500_is_followed_through_it(
    flow: Flow, tenant: TenantState
) -> None:
    """The DN of a deleted list may live on as another list's X500 proxy: relay (not around exec-assist)
    holds exec-old's DN and info@, which forwards to exec-assist. Maria's rule to exec-old reaches
    exec-assist through relay, found by its X500 proxy, never taken for nobody."""
    other = fw.open_exec_assist(tenant)
    fw.make_open_list(other, "Exec old", "exec-old")
    old_dn = _dn_of(other, fw.OLD)
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to old", RedirectTo=[fw.OLD])
    other.exchange("Remove-DistributionGroup", Identity=fw.OLD)
    fw.make_relay_list(other)
    other.exchange(
        "Set-DistributionGroup",
        Identity=fw.RELAY,
        EmailAddresses={"@odata.type": HASH, "Add": [f"X500:{old_dn}"]},
    )
    fw.add_info_to_relay(other)
    other.exchange("Set-Mailbox", Identity=fw.INFO, ForwardingAddress=fw.EXEC)
    john = await fw.johns_join(flow)
    assert isinstance(john, Denied), john
    grace = await fw.graces_join(flow)
    assert isinstance(grace, ApprovalRequired), grace
    assert "on Maria Garcia (maria.garcia@acme.com), forwarded on by Relay" in grace.reason, grace.reason
    assert fw.UNKNOWN not in grace.reason, grace.reason


async def test_the_control_an_address_of_a_deleted_colleague_taken_by_someone_takes_the_mail(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria forwards to mia.novak@ by address; Mia's mailbox is removed for good, so nobody holds it and the
    forwarding hands over nothing today. Whoever is given the address next gets Maria's mail (security 26):
    John asking for it as his address is still refused."""
    other = fw.open_exec_assist(tenant)
    other.exchange("Set-Mailbox", Identity=fw.MARIA, ForwardingSmtpAddress=f"smtp:{MIA}")
    other.exchange("Remove-Mailbox", Identity=MIA, Permanent=True)
    john_joins = await fw.johns_join(flow)
    assert isinstance(john_joins, Allowed), john_joins
    take = ChangePrimaryAlias(change="set", recipient=fw.JOHN, new_address=MIA, keep_old=True)
    john_takes = await fw.decide(flow, fw.JOHN, take)
    assert isinstance(john_takes, Denied), john_takes


# ---- F8: a mailbox made since the directory was read is itself, not whoever its Name reads as ----------


async def test_a_mailbox_made_since_is_named_as_itself_not_by_its_name(
    flow: Flow, tenant: TenantState
) -> None:
    """Pat's mailbox is made after the directory was read, with the Exchange Name 'Maria Garcia' (a synced
    mailbox keeps its on-premises CN), and forwards to exec-assist. The scan took it for Maria's (the Name
    read as her display name): the approver was told the list gets Maria's mail, and Pat's went unnamed.
    The listing's own directory id and address say whose mailbox it is."""
    other = fw.open_exec_assist(tenant)
    await fw.read_directory(flow)
    with tenant.transaction():
        tenant.add_recipient(
            EmulatedRecipient(
                id=str(uuid.uuid4()),
                kind="UserMailbox",
                display_name="Pat New",
                alias="pat.new",
                name="Maria Garcia",
                primary_smtp="pat.new@acme.com",
                email_addresses=["SMTP:pat.new@acme.com"],
                user_principal_name="pat.new@acme.com",
            )
        )
    other.exchange("Set-Mailbox", Identity="pat.new@acme.com", ForwardingAddress=fw.EXEC)
    grace = await fw.graces_join(flow, read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert "on Pat New (pat.new@acme.com)" in grace.reason, grace.reason
    assert "Maria Garcia" not in grace.reason, grace.reason
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
