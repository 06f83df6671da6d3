"""Red team 42: sec34 places a ForwardingAddress Name with `Get-Recipient -Filter "Name -eq <quoted>"`
(drift/observe.py, access/grants.py, directory/reach.py quote alike). Names with OPATH metacharacters:

- `x' -or Name -like '*` (single quote, no double): quoted in double quotes, taken whole by Exchange: no
  injection; the emulator refuses it (below), so no more recipients are ever matched than hold the Name.
- `Partner -or Vendor`, `Acme "North" -and South`, `O'Brien "Ltd"` (both quotes, the single one doubled):
  valid OPATH string literals (a quoted value is one operand, whatever words it holds; a doubled single
  quote is one quote). The emulator's -Filter (emulator/exchange/filters.py) splits the whole text on
  ` -or ` / ` -and ` before reading quotes, and reads no doubled quote, so each is refused as invalid
  syntax: Exchange would answer it. An admin outside mailwarden who forwards billing@ to a contact with such
  a Name leaves every drift scan failing on that Name: the high-severity outside forwarding is never
  recorded and its revert never proposed (the scan's failure list says the Name could not be placed).

What held: no Name widened the match (the failure is always closed: unplaced, never guessed)."""

from __future__ import annotations

import pytest

from mailwarden.emulator.exchange.filters import compile_filter
from mailwarden.emulator.state import TenantState
from tests.drift.test_scan import ADMIN, _scan
from tests.drift.test_sec34_forwarding_name import _name
from tests.security.drift_setup import outside_change
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

BILLING, CONTACT = "billing@acme.com", "john@partnerfirm.example"
NAMES = ["Partner -or Vendor", 'Acme "North" -and South', 'O\'Brien "Ltd"']


@pytest.mark.parametrize("name", NAMES)
async def test_forwarding_outside_to_a_contact_whose_name_holds_opath_words_is_recorded(
    flow: Flow, tenant: TenantState, name: str
) -> None:
    _name(tenant, (CONTACT, name))
    await _scan(flow)
    outside_change(tenant, ADMIN, "Set-Mailbox", Identity=BILLING, ForwardingAddress=CONTACT)
    result = await _scan(flow)
    assert [(e.kind, e.after) for e in result.events] == [("forwarding_external", CONTACT)], result.failures


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("Partner -or Vendor", "'Partner -or Vendor'"),
        ('Acme "North" -and South', "'Acme \"North\" -and South'"),
        ('O\'Brien "Ltd"', "'O''Brien \"Ltd\"'"),
    ],
)
def test_a_quoted_value_is_one_operand(name: str, quoted: str) -> None:
    match = compile_filter(f"Name -eq {quoted}", {"Name"})
    assert match({"Name": name})
    assert not match({"Name": "Partner"})


@pytest.mark.parametrize("name", ["x' -or Name -like '*", 'x" -or Name -like "*', "x'' -or Name -like ''*\""])
async def test_a_name_built_to_widen_the_filter_matches_nobody_else(
    flow: Flow, tenant: TenantState, name: str
) -> None:
    """Held: the Name never matches anyone else (placed, or a scan failure): no event names another."""
    _name(tenant, (CONTACT, name))
    await _scan(flow)
    outside_change(tenant, ADMIN, "Set-Mailbox", Identity=BILLING, ForwardingAddress=CONTACT)
    result = await _scan(flow)
    for event in result.events:
        assert event.after == CONTACT, event
    assert result.events or result.failures
