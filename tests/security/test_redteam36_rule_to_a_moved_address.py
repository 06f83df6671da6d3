"""Red team 36 on security 29: an Inbox rule printed by an SMTP address is still placed on the cached
directory's holder of that address, where red team 35's fix places a ForwardingSmtpAddress on what holds it
now.

Exchange keeps a rule's target as the address-book entry it was given: a recipient of the tenant by its DN,
an address nobody held when the rule was made as `[SMTP:...]`, delivered to whoever holds that address when
the mail arrives (as security 26 reads an address being given). Maria's rule redirects to helpers@ while
nobody holds it; careers@ (a shared mailbox forwarding nothing) is then given helpers@, the directory is
cached, and an admin moves helpers@ to the relay list, whose member info@ redirects to the open exec-assist
list. Maria's mail now reaches exec-assist. The scan takes the rule's `target_id` (actions/inbox_rules.py
places an SMTP target with `directory.by_address`, the cache) before any live placing: careers@, where the
chain ends, so John's join is decided as if Maria's mail went nowhere near the list.

Fixed here: list_rights places a rule's SMTP target as it places a ForwardingSmtpAddress (`_smtp_target`).

Severity: high for a tenant whose directory is cached for a while (an employee joins a list that reads a
person's mail, without the refusal the directory read again gives). Same shape as red team 35's moved
ForwardingSmtpAddress; the control (directory read again) passes.
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Decision, Denied
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec25_forwarded_unplaced_and_chains import (
    EXEC,
    INFO,
    JOHN,
    MARIA,
    _decide,
    _join,
    _list,
    _open_list,
    _read_directory,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

CAREERS, RELAY, HELPERS = "careers@acme.com", "relay@acme.com", "helpers@acme.com"


async def _helpers_moved_to_relay(flow: Flow, tenant: TenantState) -> OtherAdmin:
    other = _open_list(tenant)
    _list(other, "Relay", "relay")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    # Made while nobody holds helpers@: printed by its SMTP address from then on.
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to helpers", RedirectTo=[HELPERS])
    [rule] = [r for r in other.exchange("Get-InboxRule", Mailbox=MARIA)["value"] if r["Name"] == "to helpers"]
    assert rule["RedirectTo"] == [f'"{HELPERS}" [SMTP:{HELPERS}]'], rule["RedirectTo"]
    [careers] = other.exchange("Get-Mailbox", Identity=CAREERS)["value"]
    other.exchange(
        "Set-Mailbox", Identity=CAREERS, EmailAddresses=[*careers["EmailAddresses"], f"smtp:{HELPERS}"]
    )
    await _read_directory(flow)
    other.exchange("Set-Mailbox", Identity=CAREERS, EmailAddresses=careers["EmailAddresses"])
    other.exchange(
        "Set-DistributionGroup", Identity=RELAY, EmailAddresses=[f"SMTP:{RELAY}", f"smtp:{HELPERS}"]
    )
    return other


async def _johns_join(flow: Flow, *, read_again: bool) -> Decision:
    return await _decide(flow, JOHN, _join(JOHN), read_again=read_again)


async def test_the_control_with_the_directory_read_again_johns_join_is_refused(
    flow: Flow, tenant: TenantState
) -> None:
    await _helpers_moved_to_relay(flow, tenant)
    john = await _johns_join(flow, read_again=True)
    assert isinstance(john, Denied), john


async def test_on_the_cached_directory_johns_join_is_refused_too(flow: Flow, tenant: TenantState) -> None:
    await _helpers_moved_to_relay(flow, tenant)
    john = await _johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
