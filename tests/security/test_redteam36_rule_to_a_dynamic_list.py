"""Red team 36 (availability, security 27's live placing): an Inbox rule of Tom's redirects to a dynamic
distribution list of user mailboxes; John's join of the open exec-assist list, which no mailbox forwards
to, should stay self-service.

Found: the rule prints the list by DN, the live look-up places it on a recipient with no directory id (a
dynamic list lives in Exchange alone), and the scan is unknown for the whole tenant: every employee's join
of every list is refused while that one rule exists (an employee can make such a rule in their own
mailbox). Not new in this session (same at fd39bbb). Severity: medium (availability; any employee can
trigger it). A fix reads the list's recipients (its RecipientFilter, previewed) as one more hop, or counts
a dynamic list as reaching only what its filter can pick: not small.
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed
from tests.security.test_sec25_forwarded_unplaced_and_chains import JOHN, TOM, _decide, _join, _open_list
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_a_rule_to_a_dynamic_list_leaves_unrelated_joins_alone(flow: Flow, tenant: TenantState) -> None:
    other = _open_list(tenant)
    other.exchange("New-DynamicDistributionGroup", Name="Staff", IncludedRecipients=["MailboxUsers"])
    other.exchange("New-InboxRule", Mailbox=TOM, Name="to staff", RedirectTo=["staff@acme.com"])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Allowed), john
