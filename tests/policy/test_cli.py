"""`mailwarden policy show | validate | test | set`, run in process on a data folder of its own."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from mailwarden.cli.policy_cmd import app
from mailwarden.policy import DEFAULT_POLICY
from mailwarden.workspace import DEMO_TENANT, Workspace
from tests.directory.conftest import acme_directory

runner = CliRunner()
EXAMPLE_CASES = resources.files("mailwarden.data").joinpath("policy-cases.yaml")
PERMIT_ALL = '@id("all")\n@reason("Everything is allowed here.")\npermit (principal, action, resource);\n'


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of its own (MAILWARDEN_HOME) whose demo tenant's directory is the Acme fixture."""
    monkeypatch.setenv("MAILWARDEN_HOME", str(tmp_path / "home"))
    workspace = Workspace.open()
    try:
        workspace.tenant_record(DEMO_TENANT)
        directory = acme_directory()
        workspace.cache.replace_all(DEMO_TENANT, list(directory), directory.domains)
    finally:
        workspace.close()
    return tmp_path / "home"


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def test_show_prints_the_default_policy_until_one_is_set(home: Path) -> None:
    """With no policy file, `show` prints default.cedar; --json lists its rules."""
    result = invoke("show")
    assert result.exit_code == 0, result.output
    assert result.stdout == DEFAULT_POLICY
    data = json.loads(invoke("show", "--json").stdout)
    assert data["source"] == "default"
    assert {
        "id": "forward-inside-only",
        "effect": "forbid",
        "reason": "Mail can only be forwarded to a recipient inside the organisation.",
        "guardrail": True,
    } in data["rules"]


def test_show_schema_prints_what_policies_can_say(home: Path) -> None:
    """--schema prints the Cedar schema, entity types and actions included."""
    result = invoke("show", "--schema")
    assert result.exit_code == 0
    assert "entity Recipient" in result.stdout
    assert 'action "approve:send_as"' in result.stdout


def test_validate_accepts_a_valid_file_and_refuses_an_invalid_one(tmp_path: Path, home: Path) -> None:
    """A valid file: exit 0 with a summary; an invalid one: exit 1 naming the policy and the problem."""
    good = tmp_path / "good.cedar"
    good.write_text(DEFAULT_POLICY)
    ok = invoke("validate", str(good))
    assert ok.exit_code == 0
    assert "valid" in ok.stdout
    bad = tmp_path / "bad.cedar"
    bad.write_text(
        '@id("oops")\n@reason("r")\npermit (principal, action, resource) when { resource.colour };\n'
    )
    refused = invoke("validate", str(bad))
    assert refused.exit_code == 1
    assert "policy `oops`" in refused.stderr
    assert "colour" in refused.stderr


def test_the_example_cases_pass_against_the_default_policy(home: Path) -> None:
    """The shipped data/policy-cases.yaml passes on the demo tenant: one pass line per case, exit 0."""
    with resources.as_file(EXAMPLE_CASES) as cases:
        result = invoke("test", str(cases))
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.stdout
    assert result.stdout.count("pass") >= 14


def test_cases_fail_against_a_policy_that_allows_everything(tmp_path: Path, home: Path) -> None:
    """--policy FILE tests another policy; failing cases are listed and the exit code is 1."""
    policy = tmp_path / "all.cedar"
    policy.write_text(PERMIT_ALL)
    with resources.as_file(EXAMPLE_CASES) as cases:
        result = invoke("test", str(cases), "--policy", str(policy), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["failed"] > 0
    failing = {c["name"] for c in data["cases"] if not c["passed"]}
    assert "An employee cannot ask for access for someone else" in failing
    # The guardrails hold under any policy: a permit cannot undo them.
    assert "Forwarding outside the organisation is never allowed" not in failing
    assert "A disabled account can ask for nothing" not in failing


def test_set_puts_a_valid_policy_in_force_and_audits_it(tmp_path: Path, home: Path) -> None:
    """`set` stores the file for the tenant, `show` then prints it, and the audit log has old and new."""
    policy = tmp_path / "all.cedar"
    policy.write_text(PERMIT_ALL)
    result = invoke("set", str(policy), "--as", "grace.hopper@acme.com")
    assert result.exit_code == 0, result.output
    workspace = Workspace.open()
    try:
        assert workspace.policies.text(DEMO_TENANT) == PERMIT_ALL
    finally:
        workspace.close()
    assert invoke("show").stdout == PERMIT_ALL
    from mailwarden.audit import AuditLog

    workspace = Workspace.open()
    try:
        (record,) = [
            r
            for r in AuditLog(workspace.store, workspace.settings.home).iter_records()
            if r.event == "policy.set"
        ]
    finally:
        workspace.close()
    assert (record.actor, record.before, record.after) == (
        "grace.hopper@acme.com",
        DEFAULT_POLICY,
        PERMIT_ALL,
    )


def test_set_refuses_an_invalid_policy_and_keeps_the_old_one(tmp_path: Path, home: Path) -> None:
    """An invalid file is refused (exit 1) and the tenant keeps the default policy."""
    bad = tmp_path / "bad.cedar"
    bad.write_text("permit (principal, action, resource);\n")  # no @id, no @reason
    result = invoke("set", str(bad))
    assert result.exit_code == 1
    assert "@id" in result.stderr
    workspace = Workspace.open()
    try:
        assert workspace.policies.is_default(DEMO_TENANT)
    finally:
        workspace.close()
