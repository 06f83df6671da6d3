"""Security leftover 25: who receives a mailbox's mail includes the targets of its enabled forwarding Inbox
rules, shown in the access view and reviewed in access reviews beside ForwardingAddress. mailwarden never
writes rules, so a reviewer's removal of one is not filed as a request: it says where to remove the rule."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantData, TenantState
from tests.access.test_reviews_cli import ADMIN, MIKE, TOM, item_of, run_json
from tests.cli.conftest import Cli

BILLING = "billing@acme.com"  # a shared mailbox Mike owns
BILLING_ONLY = ("--which", "chosen", "--resource", BILLING, "--scope", "shared_mailboxes")
RULE = "Receives mail an Inbox rule forwards"


def _outside(cli: Cli, cmdlet: str, **parameters: Any) -> None:
    state = TenantState.load_or_create(
        cli.home / "emulator" / "tenant.json", lambda: TenantData.model_validate({})
    )
    outside_cmdlet(state, ADMIN, cmdlet, **parameters)


def _access(cli: Cli, *args: str) -> list[dict[str, Any]]:
    code, out, err = cli("report", "access", *args, "--as", ADMIN, "--format", "json")
    assert code == 0, err
    lines: list[dict[str, Any]] = json.loads(out)["lines"]
    return lines


def _rule_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line["grant"] for line in lines if line["grant"]["kind"] == "rule_forwarding"]


def test_the_access_view_shows_who_an_enabled_rule_sends_a_mailboxs_mail_to(cli: Cli) -> None:
    run_json(cli, "reviews", "list", "--as", ADMIN)  # the demo tenant exists
    _outside(cli, "New-InboxRule", Mailbox=BILLING, Name="to tom", RedirectTo=[TOM])
    _outside(cli, "New-InboxRule", Mailbox=BILLING, Name="copy out", ForwardTo=["pat@example.net"])
    shown = _rule_lines(_access(cli, "--mailbox", BILLING))
    by_holder = {g["holder"]: g for g in shown}
    assert set(by_holder) == {
        "Tom Becker (tom.becker@acme.com)",
        "pat@example.net (outside the organisation)",
    }
    assert by_holder["Tom Becker (tom.becker@acme.com)"]["detail"] == "rule 'to tom' redirects"
    # and from Tom's side: what he receives
    mine = _rule_lines(_access(cli, "--person", TOM))
    assert [(g["resource_address"], g["holder_address"]) for g in mine] == [(BILLING, TOM)]
    code, out, err = cli("report", "access", "--mailbox", BILLING, "--as", ADMIN, "--format", "csv")
    assert code == 0, err
    [row] = [r for r in csv.DictReader(io.StringIO(out)) if r["right"] == RULE and "Tom" in r["holder"]]
    assert "Inbox rule of the mailbox" in row["why"] or "Inbox rule of the mailbox" in row["origin"], row


def test_a_disabled_rule_is_no_grant(cli: Cli) -> None:
    run_json(cli, "reviews", "list", "--as", ADMIN)
    _outside(cli, "New-InboxRule", Mailbox=BILLING, Name="to tom", RedirectTo=[TOM])
    _outside(cli, "Disable-InboxRule", Mailbox=BILLING, Identity="to tom")
    assert _rule_lines(_access(cli, "--mailbox", BILLING)) == []


def test_a_review_lists_rule_forwarding_and_a_removal_says_where_to_remove_the_rule(cli: Cli) -> None:
    """Mike reviews billing: the rule that redirects its mail to Tom is one of the items; removing it is
    not filed as a request (mailwarden does not change rules) and the rule is still there."""
    run_json(cli, "reviews", "list", "--as", ADMIN)
    _outside(cli, "New-InboxRule", Mailbox=BILLING, Name="to tom", RedirectTo=[TOM])
    campaign = run_json(
        cli, "reviews", "start", "--name", "Q4", "--deadline", "14d", *BILLING_ONLY, "--as", ADMIN
    )
    task = next(t for t in campaign["tasks"] if BILLING in t["resource"])
    item = item_of(task, "rule_forwarding", TOM)
    decided = run_json(
        cli,
        "reviews",
        "decide",
        str(task["task_id"]),
        "--remove",
        str(item["item_id"]),
        "--reason",
        "no longer needed",
        "--as",
        MIKE,
    )
    after = item_of(decided, "rule_forwarding", TOM)
    assert after["removal_request_id"] is None, after
    assert after["removal_state"].startswith("not filed: mailwarden does not change Inbox rules"), after
    assert "rule 'to tom' redirects" in after["removal_state"], after
    state = cli.tenant()
    billing = next(r for r in state.recipients.values() if r.primary_smtp == BILLING)
    assert [r.name for r in billing.inbox_rules] == ["to tom"]
