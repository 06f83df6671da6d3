"""Red team 14: "add the members of <a list> to <my list>" read the first list's members from the directory
and planned one step per member, whether or not the requester may see who is on it. David (owner of
Contractors, not on Finance Team nor on private Project Atlas) is refused `view members` on both, yet his
plan listed each of their members by name ("Mike Smith will be added to Contractors ..."), denied or not:
a membership read by another door. A request that lists a group's members is refused, naming no one,
when the requester may not read that group's members; one who may still gets the steps."""

from __future__ import annotations

import json

import pytest

from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Cli

cli = cli_fixtures.cli  # the CLI fixture, under its own name

FINANCE_TEAM = ("mike.smith", "christine.lee", "rachel.green")
ATLAS = ("olivia.martin", "maria.garcia")


def _plan(cli: Cli, who: str, text: str) -> dict[str, object]:
    code, out, err = cli("plan", "--json", "--as", who, "--", text)
    assert code == 0, err
    plan: dict[str, object] = json.loads(out)
    return plan


@pytest.mark.parametrize(
    ("text", "members"),
    [
        ("Add the members of finance-team to contractors", FINANCE_TEAM),
        ("Add everyone in Project Atlas to Contractors", ATLAS),
        ("Share my calendar with everyone in finance-team", FINANCE_TEAM),
        ("Give everyone in finance-team send as on contractors", FINANCE_TEAM),
    ],
)
def test_a_plan_never_lists_the_members_of_a_group_one_may_not_read(
    cli: Cli, text: str, members: tuple[str, ...]
) -> None:
    plan = _plan(cli, "david.chen@acme.com", text)
    shown = json.dumps(plan)
    for member in members:
        assert member not in shown, (text, shown[:600])
    assert plan["status"] == "rejected"
    assert plan["steps"] == []
    assert "may not see who is on" in str(plan["message"])


def test_the_members_of_ones_own_list_are_still_listed(cli: Cli) -> None:
    plan = _plan(cli, "david.chen@acme.com", "Add everyone in Contractors to External-Contractors")
    members = {step["member"] for step in plan["steps"]}  # type: ignore[attr-defined]
    assert members == {"lucas.rossi@acme.com", "mia.novak@acme.com", "ethan.park@acme.com"}


def test_an_admin_lists_anyones_members(cli: Cli) -> None:
    plan = _plan(cli, "grace.hopper@acme.com", "Add the members of finance-team to contractors")
    members = {step["member"] for step in plan["steps"]}  # type: ignore[attr-defined]
    assert members == {f"{m}@acme.com" for m in FINANCE_TEAM}
