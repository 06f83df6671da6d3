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
from mailwarden.model.decisions import Denied
from tests.security import forwarding_setup as fw
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def _helpers_moved_to_relay(flow: Flow, tenant: TenantState) -> OtherAdmin:
    other = fw.open_exec_assist(tenant)
    fw.make_relay_list(other)
    fw.add_info_to_relay(other)
    fw.info_redirects_to_exec_assist(other)
    # Made while nobody holds helpers@: printed by its SMTP address from then on.
    other.exchange("New-InboxRule", Mailbox=fw.MARIA, Name="to helpers", RedirectTo=[fw.HELPERS])
    rules = other.exchange("Get-InboxRule", Mailbox=fw.MARIA)["value"]
    [rule] = [r for r in rules if r["Name"] == "to helpers"]
    assert rule["RedirectTo"] == [f'"{fw.HELPERS}" [SMTP:{fw.HELPERS}]'], rule["RedirectTo"]
    careers = fw.give_careers_helpers(other)
    await fw.read_directory(flow)
    fw.move_helpers_to_list(other, careers, fw.RELAY)
    return other


async def test_the_control_with_the_directory_read_again_johns_join_is_refused(
    flow: Flow, tenant: TenantState
) -> None:
    await _helpers_moved_to_relay(flow, tenant)
    john = await fw.johns_join(flow, read_again=True)
    assert isinstance(john, Denied), john


async def test_on_the_cached_directory_johns_join_is_refused_too(flow: Flow, tenant: TenantState) -> None:
    await _helpers_moved_to_relay(flow, tenant)
    john = await fw.johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john
