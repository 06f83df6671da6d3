"""Red team 40: an access review's result, as mailed to the admin who started it, says how many delegates
the reviewers removed. It counts the reviewers' "remove" decisions, not the removals that happened: a removal
Exchange refused (a list synchronized from on-premises AD, which Exchange Online will not change) is
reported as "removed" while the member still receives the list's mail. The campaign's evidence records the
removal as failed; the one message the admin reads says otherwise."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from mailwarden.connectors.connection import open_tenant
from mailwarden.emulator.state import TenantData
from mailwarden.workspace import DEMO_TENANT, Workspace
from tests.access.test_reviews_cli import ADMIN, run_json
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Cli

cli = cli_fixtures.cli  # the CLI fixture, under its own name

DAVID = "david.chen@acme.com"
CONTRACTORS = "contractors@acme.com"
LISTS_ONLY = ("--which", "chosen", "--resource", CONTRACTORS, "--scope", "lists")


@pytest.fixture
def review_workspace(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("MAILWARDEN_HOME", str(cli.home))
    cli("whoami", "--as", ADMIN)
    ws = Workspace.open()
    try:
        yield ws
    finally:
        ws.close()


def _inbox(workspace: Workspace, address: str) -> list[dict[str, Any]]:
    person = workspace.cache.lookup_address(DEMO_TENANT, address)
    assert person is not None

    async def read() -> list[dict[str, Any]]:
        with workspace.connection(DEMO_TENANT) as connection:
            async with open_tenant(connection) as clients:
                return await clients.graph.messages(person.recipient_id, folder="inbox")

    return asyncio.run(read())


def _synchronize_from_on_premises(cli: Cli, address: str) -> None:
    """The list is mastered in on-premises AD (Entra Connect), as lists are in hybrid tenants."""
    run_json(cli, "reviews", "list", "--as", ADMIN)  # the demo tenant's state now exists
    path = cli.home / "emulator" / "tenant.json"
    data = TenantData.model_validate_json(path.read_bytes())
    group = next(r for r in data.recipients.values() if r.primary_smtp == address)
    group.dir_synced = True
    path.write_text(data.model_dump_json())
    code, _, err = cli("tenant", "discover")  # mailwarden knows it is synchronized
    assert code == 0, err


def _members(cli: Cli, address: str) -> list[str]:
    data = cli.tenant()
    group = next(r for r in data.recipients.values() if r.primary_smtp == address)
    return [data.recipients[m].primary_smtp for m in group.members]


def test_the_review_result_does_not_count_a_removal_exchange_refused_as_removed(
    cli: Cli, review_workspace: Workspace
) -> None:
    """David (Contractors' owner) reviews it and removes Ethan; Contractors is synchronized from on-premises
    AD, so Exchange Online refuses the removal and Ethan stays a member. The admin's result mail must not
    say the reviewers removed one delegate."""
    _synchronize_from_on_premises(cli, CONTRACTORS)
    campaign = run_json(
        cli, "reviews", "start", "--name", "Q4", "--deadline", "14d", *LISTS_ONLY, "--as", ADMIN
    )
    task = next(t for t in campaign["tasks"] if CONTRACTORS in t["resource"])
    ethan = next(i for i in task["items"] if i["grant"]["holder_address"] == "ethan.park@acme.com")
    decided = run_json(
        cli,
        "reviews",
        "decide",
        task["task_id"],
        "--remove",
        str(ethan["item_id"]),
        "--keep-rest",
        "--reason",
        "left the project",
        "--as",
        DAVID,
    )
    state = next(i for i in decided["items"] if i["item_id"] == ethan["item_id"])["removal_state"]
    assert state != "completed", state  # the evidence knows it did not happen
    assert "ethan.park@acme.com" in _members(cli, CONTRACTORS)  # and the tenant says so

    closed = run_json(cli, "reviews", "close", campaign["campaign_id"], "--as", ADMIN)
    assert closed["state"] == "closed"
    [result] = [m for m in _inbox(review_workspace, ADMIN) if "closed" in m["subject"]]
    body = result["body"]["content"]
    assert "reviewed</td><td>3 (2 kept" in body, body  # three decided by David, two of them kept
    assert "1 removed" not in body, body
    assert "removal decided for 1: 1 refused" in body, body  # what became of it, in plain words


def test_the_review_evidence_says_why_a_removal_did_not_happen(cli: Cli) -> None:
    """The removal of Ethan from Contractors (synchronized from on-premises AD) is refused before it runs:
    the policy allowed it, Exchange Online cannot do it. The campaign's evidence records the removal as
    "denied" with the policy's reason for allowing it, so an auditor reads that the policy refused the owner;
    what stopped it (the list is changed on-premises) is not there."""
    _synchronize_from_on_premises(cli, CONTRACTORS)
    campaign = run_json(
        cli, "reviews", "start", "--name", "Q4", "--deadline", "14d", *LISTS_ONLY, "--as", ADMIN
    )
    task = next(t for t in campaign["tasks"] if CONTRACTORS in t["resource"])
    ethan = next(i for i in task["items"] if i["grant"]["holder_address"] == "ethan.park@acme.com")
    decided = run_json(
        cli,
        "reviews",
        "decide",
        task["task_id"],
        "--remove",
        str(ethan["item_id"]),
        "--reason",
        "left the project",
        "--as",
        DAVID,
    )
    item = next(i for i in decided["items"] if i["item_id"] == ethan["item_id"])
    request = run_json(cli, "requests", "show", item["removal_request_id"], "--as", ADMIN)
    [step] = request["steps"]
    assert step["decision"]["outcome"] == "allowed"  # the policy let David remove Ethan
    assert "on-premises" in step["preview"]["reason"]  # the tenant could not
    assert "on-premises" in item["removal_state"], item["removal_state"]
