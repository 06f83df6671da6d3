"""Red team 36 on security 27 (F6): a rule to a deleted list whose alias holds an apostrophe (Exchange allows
`'` in an alias: o'brien) is looked for as an X500 proxy with an OPATH filter quoting the DN; the join of an
unrelated list must stay self-service, as for any other deleted list.

Found: the DN was quoted as 'X500:...o''brien-team' (the quote doubled), which the emulator's -Filter does
not take (whether Exchange Online's OPATH does is unconfirmed here); the failed look-up made the rights
unknown, so John's join of the open exec-assist list was refused, as every employee's list join in the
tenant would be. Severity: medium (availability; one insider-made list name and a rule, then a delete).
Fixed here: a value holding a single quote is put in double quotes (no alias or DN holds one).
"""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed
from tests.security.test_sec25_forwarded_unplaced_and_chains import (
    JOHN,
    TOM,
    _decide,
    _join,
    _list,
    _open_list,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

QUOTED = "o'brien-team@acme.com"


async def test_a_rule_to_a_deleted_list_with_an_apostrophe_leaves_unrelated_joins_alone(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    _list(other, "O'Brien team", "o'brien-team")
    other.exchange("New-InboxRule", Mailbox=TOM, Name="to obrien", RedirectTo=[QUOTED])
    [rule] = other.exchange("Get-InboxRule", Mailbox=TOM)["value"]
    assert "'" in rule["RedirectTo"][0], rule["RedirectTo"]
    assert "[EX:" in rule["RedirectTo"][0], rule["RedirectTo"]
    other.exchange("Remove-DistributionGroup", Identity=QUOTED)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Allowed), john
