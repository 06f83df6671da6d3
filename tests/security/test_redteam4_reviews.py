"""Red team 4: access reviews as seen by a reviewer: certifying their own access, and the campaign's scope.

Priya owns the Sales mailbox, so she reviews its delegates, and she is one of them (Full Access and Send
As). Keeping her own access is approving her own request by another name: the evidence would show the
holder as the one who confirmed it. As a requester never approves their own request, a reviewer never
keeps their own access: it is left for another reviewer, or the campaign's default when it closes (which
the evidence shows as such). Removing one's own access stays theirs to do.
"""

from __future__ import annotations

import json
from typing import Any

from tests.access.test_reviews_cli import ADMIN, run_json, start
from tests.cli.conftest import Cli, cli  # noqa: F401 - the CLI fixture

PRIYA, JOHN = "priya.patel@acme.com", "john@acme.com"
SALES_ONLY = ("--which", "chosen", "--resource", "sales@acme.com", "--scope", "shared_mailboxes")


def _sales_task(campaign: dict[str, Any]) -> dict[str, Any]:
    task = next(t for t in campaign["tasks"] if "sales@acme.com" in t["resource"])
    assert task["reviewers"] == [PRIYA]
    return task


def _items(task: dict[str, Any], holder: str) -> list[int]:
    return [int(i["item_id"]) for i in task["items"] if i["grant"]["holder_address"] == holder]


def test_a_reviewer_cannot_keep_their_own_access(cli: Cli) -> None:  # noqa: F811
    task = _sales_task(start(cli, *SALES_ONLY))
    own = _items(task, PRIYA)
    assert own, "Priya holds access on Sales"
    code, _, err = cli("reviews", "decide", task["task_id"], "--keep", str(own[0]), "--as", PRIYA)
    assert code == 1
    assert "your own access" in err
    shown = run_json(cli, "reviews", "show", task["task_id"], "--task", "--as", PRIYA)
    assert all(i["decision"] is None for i in shown["items"] if i["grant"]["holder_address"] == PRIYA)


def test_keeping_the_rest_leaves_the_reviewers_own_access_undecided(cli: Cli) -> None:  # noqa: F811
    task = _sales_task(start(cli, *SALES_ONLY))
    code, _, err = cli("reviews", "decide", task["task_id"], "--keep-rest", "--as", PRIYA)
    assert code == 0, err
    shown = run_json(cli, "reviews", "show", task["task_id"], "--task", "--as", PRIYA)
    decided = {(i["grant"]["holder_address"], i["decision"]) for i in shown["items"]}
    assert (JOHN, "keep") in decided
    assert {d for h, d in decided if h == PRIYA} == {None}
    # Closing applies the default to it, and the evidence says so: no one reviewed it.
    closed = run_json(cli, "reviews", "close", str(task["campaign_id"]), "--as", ADMIN)
    own = [i for t in closed["tasks"] for i in t["items"] if i["grant"]["holder_address"] == PRIYA]
    assert own
    assert all(i["decided_by"] == "deadline default" for i in own), json.dumps(own)


def test_a_reviewer_sees_only_their_own_resources_of_the_campaigns_scope(cli: Cli) -> None:  # noqa: F811
    """The admin chose Support and Sales; Sarah reviews Support only, so Sales is named nowhere she looks
    (a chosen resource may be hidden from address lists: to her it does not exist)."""
    both = ("--which", "chosen", "--resource", "support@acme.com", "--resource", "sales@acme.com")
    campaign = start(cli, *both, "--scope", "shared_mailboxes")
    shown = run_json(cli, "reviews", "show", campaign["campaign_id"], "--as", "sarah@acme.com")
    assert "support@acme.com" in json.dumps(shown)
    assert "sales@acme.com" not in json.dumps(shown)
    listed = run_json(cli, "reviews", "list", "--as", "sarah@acme.com")
    assert "sales@acme.com" not in json.dumps(listed)
    assert "sales@acme.com" in json.dumps(
        run_json(cli, "reviews", "show", campaign["campaign_id"], "--as", ADMIN)
    )
