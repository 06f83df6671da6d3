"""Security 70, end to end on the demo tenant: "add me to User Admins" (a role-assignable group holding User
Administrator) planned from the command line. An employee's is refused and the plan says why; the only
admin's runs on her written justification, the plan saying what the group is."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import Cli


def _plan(cli: Cli, who: str, text: str) -> dict[str, Any]:
    code, out, err = cli("plan", "--json", "--as", who, "--", text)
    assert code == 0, err
    plan: dict[str, Any] = json.loads(out)
    return plan


def test_an_employees_add_me_to_user_admins_is_refused_with_the_reason(cli: Cli) -> None:
    plan = _plan(cli, "john@acme.com", "add me to User Admins")
    [step] = plan["steps"]
    assert step["decision"]["outcome"] == "denied", step
    assert "role-assignable" in step["decision"]["reason"]


def test_the_only_admins_add_says_what_the_group_is(cli: Cli) -> None:
    plan = _plan(cli, "grace.hopper@acme.com", "add john@acme.com to User Admins")
    [step] = plan["steps"]
    assert step["decision"]["outcome"] == "allowed", step
    assert "sole-admin-with-justification" in step["decision"]["policies"]
    assert "User Admins is role-assignable: members can hold directory roles." in step["decision"]["reason"]


def test_an_employee_joins_an_open_group_as_before(cli: Cli) -> None:
    plan = _plan(cli, "john@acme.com", "add me to Project Phoenix")
    [step] = plan["steps"]
    assert step["decision"]["outcome"] == "allowed", step
