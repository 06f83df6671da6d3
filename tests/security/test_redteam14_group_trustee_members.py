"""Red team 14: a group as the trustee of Full Access or Send As is previewed with the people it stands for
("Finance Team (3 members: Christine Lee, Mike Smith, Rachel Green) will have Full Access to Support"), and
refused naming the member that blocks it ("... contains guest Vera Vendor ..."). Both were shown to any
requester who may view the mailbox: Tom (a delegate of Support, on neither list) read Finance Team's
members, and External-Contractors' guest, that `view members` refuses him. Such a requester now sees the
group by name only; whoever may read its members (an admin, its owners and members) sees them as before."""

from __future__ import annotations

import json

import pytest

from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Cli

cli = cli_fixtures.cli  # the CLI fixture, under its own name

FINANCE_TEAM = ("Mike Smith", "Christine Lee", "Rachel Green", "mike.smith", "christine.lee", "rachel.green")


def _preview(cli: Cli, who: str, text: str) -> str:
    code, out, err = cli("plan", "--json", "--as", who, "--", text)
    assert code == 0, err
    plan = json.loads(out)
    assert len(plan["steps"]) == 1, out
    summary: str = plan["steps"][0]["preview"]["summary"]
    return summary


@pytest.mark.parametrize(
    "text", ["Give finance-team full access to support", "Give finance-team send as on support"]
)
def test_a_group_trustees_members_are_not_shown_to_who_may_not_read_them(cli: Cli, text: str) -> None:
    summary = _preview(cli, "tom.becker@acme.com", text)
    assert summary.startswith("Finance Team "), summary
    for name in FINANCE_TEAM:
        assert name not in summary, summary
    shown = _preview(cli, "grace.hopper@acme.com", text)
    assert "3 members: Christine Lee, Mike Smith, Rachel Green" in shown


def test_a_refusal_does_not_name_the_blocking_member_either(cli: Cli) -> None:
    """A guest put on Finance Team outside mailwarden (in the tenant itself) blocks the grant; Tom is told
    so without the guest's name, an admin with it."""
    assert cli("view", "shared-mailboxes")[0] == 0  # the demo tenant's state now exists
    data = cli.tenant()
    finance = next(r for r in data.recipients.values() if r.primary_smtp == "finance-team@acme.com")
    guest = next(r for r in data.recipients.values() if r.primary_smtp == "vera@vendorco.example")
    finance.members.append(guest.id)
    (cli.home / "emulator" / "tenant.json").write_text(data.model_dump_json())
    text = "Give finance-team full access to support"
    summary = _preview(cli, "tom.becker@acme.com", text)
    assert "cannot be given mailbox access" in summary, summary
    assert "Vera" not in summary, summary
    assert "vendorco" not in summary, summary
    assert "Vera Vendor" in _preview(cli, "grace.hopper@acme.com", text)
