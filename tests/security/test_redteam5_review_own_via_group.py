"""Red team 5: a reviewer never keeps their own access (red team 4), and that holds when the access is
theirs through a group: Mike reviews the Finance mailbox and is a member of the Finance Team security group;
an admin gives the group Full Access on Finance, so keeping the group's access keeps his own. It is left to
another reviewer or the campaign's default, as his own direct access is."""

from __future__ import annotations

from tests.access.test_reviews_cli import ADMIN, run_json, start
from tests.cli.conftest import Cli, cli  # noqa: F401 - the CLI fixture

MIKE, TEAM = "mike.smith@acme.com", "finance-team@acme.com"
FINANCE_ONLY = ("--which", "chosen", "--resource", "finance@acme.com", "--scope", "shared_mailboxes")


def test_a_reviewer_cannot_keep_access_they_hold_through_a_group(cli: Cli) -> None:  # noqa: F811
    code, out, err = cli(
        "ask", "give finance-team@acme.com full access to finance@acme.com", "--yes", "--as", ADMIN
    )
    assert code == 0, out + err
    campaign = start(cli, *FINANCE_ONLY)
    task = next(t for t in campaign["tasks"] if "finance@acme.com" in t["resource"])
    via_group = [int(i["item_id"]) for i in task["items"] if i["grant"]["holder_address"] == TEAM]
    assert via_group, task["items"]
    code, _, err = cli("reviews", "decide", task["task_id"], "--keep", str(via_group[0]), "--as", MIKE)
    assert code == 1
    assert "your own access" in err
    code, _, err = cli("reviews", "decide", task["task_id"], "--keep-rest", "--as", MIKE)
    assert code == 0, err
    shown = run_json(cli, "reviews", "show", task["task_id"], "--task", "--as", MIKE)
    assert all(i["decision"] is None for i in shown["items"] if i["grant"]["holder_address"] == TEAM)
