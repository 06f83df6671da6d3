"""Red team 8: a review task goes to the resource's owners as they were when the campaign started. An owner
an admin has replaced since has no say over the mailbox any more: their "keep" would go into the auditors'
evidence as the owner's confirmation. A decision needs its maker to be a reviewer of the resource now."""

from __future__ import annotations

from tests.access.test_reviews_cli import (
    ADMIN,
    MIKE,
    SARAH,
    SUPPORT_ONLY,
    TOM,
    item_of,
    run_json,
    start,
    support_task,
)
from tests.cli.conftest import Cli, cli  # noqa: F401 - the CLI fixture


def test_an_owner_replaced_after_the_campaign_started_cannot_keep_a_delegate(cli: Cli) -> None:  # noqa: F811
    task = support_task(start(cli, *SUPPORT_ONLY))
    assert task["reviewers"] == [SARAH]
    tom = item_of(task, "full_access", TOM)
    code, _, err = cli("tenant", "targets", "--owners", f"support@acme.com={MIKE}", "--as", ADMIN)
    assert code == 0, err
    code, _, err = cli("reviews", "decide", task["task_id"], "--keep", str(tom["item_id"]), "--as", SARAH)
    assert code == 1
    assert "no longer" in err
    shown = run_json(cli, "reviews", "show", task["task_id"], "--task", "--as", ADMIN)
    assert all(i["decision"] is None for i in shown["items"])


def test_an_owner_replaced_after_the_campaign_started_no_longer_sees_the_delegates(cli: Cli) -> None:  # noqa: F811
    """The task lists Support's delegates and why each has access: what its owners see. Sarah no longer is
    one, so the task is no longer hers to read (as a drift notice queued for a replaced owner is skipped)."""
    task = support_task(start(cli, *SUPPORT_ONLY))
    code, _, err = cli("tenant", "targets", "--owners", f"support@acme.com={MIKE}", "--as", ADMIN)
    assert code == 0, err
    code, out, _ = cli("reviews", "show", task["task_id"], "--task", "--as", SARAH, "--json")
    assert code == 1
    assert TOM not in out
    code, out, _ = cli("reviews", "show", str(task["campaign_id"]), "--as", SARAH, "--json")
    assert TOM not in out
