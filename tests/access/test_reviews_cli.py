"""Access reviews end to end through the CLI against the demo tenant: start, decide, close, evidence."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import Cli

ADMIN, SARAH, TOM, MIKE = (
    "grace.hopper@acme.com",
    "sarah@acme.com",
    "tom.becker@acme.com",
    "mike.smith@acme.com",
)
SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"
TOM_ID = "12744b96-d6e1-517b-b0ea-020dbb08da36"
SUPPORT_ONLY = ("--which", "chosen", "--resource", "support@acme.com", "--scope", "shared_mailboxes")


def run_json(cli: Cli, *args: str) -> Any:
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def start(cli: Cli, *args: str) -> dict[str, Any]:
    campaign = run_json(cli, "reviews", "start", "--name", "Q4", "--deadline", "14d", *args, "--as", ADMIN)
    assert isinstance(campaign, dict)
    return campaign


def support_task(campaign: dict[str, Any]) -> dict[str, Any]:
    return next(t for t in campaign["tasks"] if "support@acme.com" in t["resource"])


def item_of(task: dict[str, Any], kind: str, holder: str) -> dict[str, Any]:
    return next(
        i for i in task["items"] if i["grant"]["kind"] == kind and i["grant"]["holder_address"] == holder
    )


def test_only_an_admin_starts_a_review(cli: Cli) -> None:
    """Sarah (an owner, not an admin) is refused; nothing is stored."""
    code, _, err = cli("reviews", "start", "--name", "mine", "--deadline", "14d", "--as", SARAH)
    assert code == 1
    assert "Only an admin may start an access review" in err
    assert run_json(cli, "reviews", "list", "--as", ADMIN) == []


def test_each_resource_gets_one_task_for_its_owner_listing_delegates_with_why(cli: Cli) -> None:
    """Every shared mailbox with delegates is one task for its owner; each delegate carries its why."""
    campaign = start(cli, "--scope", "shared_mailboxes")
    task = support_task(campaign)
    assert (task["reviewers"], task["basis"]) == ([SARAH], "owner")
    tom = item_of(task, "full_access", TOM)
    assert tom["origin"]["source"] == "unrecorded"
    assert "AuditLogsQuery-Exchange.Read.All" in tom["last_use"]
    assert "info@acme.com" not in json.dumps(campaign["tasks"])  # no delegates: no task


def test_a_reviewer_decides_only_their_own_tasks(cli: Cli) -> None:
    """Tom and Mike do not see Sarah's task; an admin who is not its reviewer is told who decides it."""
    task_id = support_task(start(cli, *SUPPORT_ONLY))["task_id"]
    for person in (TOM, MIKE):
        code, _, err = cli("reviews", "decide", task_id, "--keep-rest", "--as", person)
        assert code == 1
        assert "No review task" in err
    code, _, err = cli("reviews", "decide", task_id, "--keep-rest", "--as", ADMIN)
    assert code == 1
    assert "only they decide it" in err
    code, _, err = cli("reviews", "show", task_id, "--task", "--as", TOM)
    assert code == 1


def test_removal_needs_a_reason_and_is_a_request_under_policy(cli: Cli) -> None:
    """Sarah's removal of Tom is filed as her request with her reason; the default policy lets an owner take
    away a colleague's access to what she owns (owner-revokes-others-access), so it runs, audited."""
    task = support_task(start(cli, *SUPPORT_ONLY))
    tom = item_of(task, "full_access", TOM)
    code, _, err = cli("reviews", "decide", task["task_id"], "--remove", str(tom["item_id"]), "--as", SARAH)
    assert code == 1
    assert "--reason" in err
    decided = run_json(
        cli,
        "reviews",
        "decide",
        task["task_id"],
        "--remove",
        str(tom["item_id"]),
        "--reason",
        "moved team",
        "--as",
        SARAH,
    )
    after = item_of(decided, "full_access", TOM)
    assert after["decision"] == "remove"
    assert after["decided_by"] == SARAH
    assert after["removal_request_id"]
    assert after["removal_state"] == "completed", after
    request = run_json(cli, "requests", "show", after["removal_request_id"], "--as", SARAH)
    assert request["justification"] == "moved team"
    assert request["requester"] == SARAH
    assert "owner-revokes-others-access" in json.dumps(request)
    assert not any(p.trustee_id == TOM_ID for p in cli.tenant().recipients[SUPPORT].full_access)


def test_closing_applies_the_default_remove_as_the_admins_requests(cli: Cli) -> None:
    """Undecided delegates are removed at close by requests of the closing admin; a kept one stays."""
    task = support_task(start(cli, *SUPPORT_ONLY, "--default", "remove"))
    chris_fa = item_of(task, "full_access", "chris.lee@acme.com")
    run_json(cli, "reviews", "decide", task["task_id"], "--keep", str(chris_fa["item_id"]), "--as", SARAH)
    closed = run_json(cli, "reviews", "close", task["campaign_id"], "--as", ADMIN)
    assert closed["state"] == "closed"
    items = support_task(closed)["items"]
    tom = item_of(support_task(closed), "full_access", TOM)
    assert (tom["decision"], tom["decided_by"], tom["removal_state"]) == (
        "remove",
        "deadline default",
        "completed",
    )
    assert sum(i["decision"] == "keep" for i in items) == 1
    holders = {p.trustee_id for p in cli.tenant().recipients[SUPPORT].full_access}
    assert TOM_ID not in holders
    request = run_json(cli, "requests", "show", tom["removal_request_id"], "--as", ADMIN)
    assert request["requester"] == ADMIN
    code, _, err = cli("reviews", "decide", task["task_id"], "--keep-rest", "--as", SARAH)
    assert code == 1
    assert "closed" in err


def test_quarterly_campaign_starts_the_next_a_quarter_on(cli: Cli) -> None:
    """Closing a quarterly campaign starts the next one, same scope, deadline three months later."""
    first = start(cli, *SUPPORT_ONLY, "--repeat", "quarterly")
    closed = run_json(cli, "reviews", "close", first["campaign_id"], "--as", ADMIN)
    following = run_json(cli, "reviews", "show", closed["next_campaign_id"], "--as", ADMIN)
    assert following["previous_campaign_id"] == first["campaign_id"]
    assert following["scope"] == first["scope"]
    assert following["deadline"][:4] >= first["deadline"][:4]
    assert following["deadline"] != first["deadline"]


def test_evidence_is_signed_by_the_audit_log(cli: Cli, tmp_path: Path) -> None:
    """The JSON evidence's sha256 is in a signed audit record; the CSV has one row per decision; the log
    still verifies; an employee may not export it."""
    campaign = start(cli, *SUPPORT_ONLY)
    run_json(cli, "reviews", "decide", support_task(campaign)["task_id"], "--keep-rest", "--as", SARAH)
    out = tmp_path / "evidence.json"
    code, _, err = cli(
        "reviews", "show", campaign["campaign_id"], "--evidence", "json", "--out", str(out), "--as", ADMIN
    )
    assert code == 0, err
    signature = json.loads((tmp_path / "evidence.json.sig.json").read_text())
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert signature["sha256"] == digest == signature["audit_record"]["detail"]["sha256"]
    assert signature["checkpoint"]["seq"] >= signature["audit_record"]["seq"]
    assert "BEGIN PUBLIC KEY" in signature["public_key_pem"]
    body = json.loads(out.read_text())
    assert {r["event"] for r in body["audit_records"]} >= {"review.started", "review.decided"}
    assert all(d["decided_by"] == SARAH for d in body["decisions"])
    code, csv_text, err = cli("reviews", "show", campaign["campaign_id"], "--evidence", "csv", "--as", ADMIN)
    assert code == 0, err
    assert csv_text.splitlines()[0].startswith("campaign,resource,right,holder,why,reviewers,decision")
    assert len(csv_text.splitlines()) == 1 + len(body["decisions"])
    code, _, err = cli("audit", "verify")
    assert code == 0, err
    code, _, err = cli("reviews", "show", campaign["campaign_id"], "--evidence", "csv", "--as", SARAH)
    assert code == 1
