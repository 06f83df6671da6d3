"""A reviewer who holds the access under review through a list or group they are in (nested or not) is
confirming their own access: refused, as direct access is; removing it stays their call."""

from __future__ import annotations

from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantData, TenantState
from tests.access.test_reviews_cli import ADMIN, MIKE, item_of, run_json
from tests.cli.conftest import Cli

DAVID = "david.chen@acme.com"
BILLING_ONLY = ("--which", "chosen", "--resource", "billing@acme.com", "--scope", "shared_mailboxes")


def _outside(cli: Cli, cmdlet: str, **parameters: str) -> None:
    state = TenantState.load_or_create(
        cli.home / "emulator" / "tenant.json", lambda: TenantData.model_validate({})
    )
    outside_cmdlet(state, ADMIN, cmdlet, **parameters)


def _billing_task(cli: Cli) -> dict[str, object]:
    campaign = run_json(
        cli, "reviews", "start", "--name", "Q4", "--deadline", "14d", *BILLING_ONLY, "--as", ADMIN
    )
    return next(t for t in campaign["tasks"] if "billing@acme.com" in t["resource"])


def test_a_reviewer_in_the_group_that_holds_the_access_may_not_keep_it(cli: Cli) -> None:
    """Billing is Mike's; Finance Team (Mike is a member) is given Full Access to it outside mailwarden."""
    run_json(cli, "reviews", "list", "--as", ADMIN)  # the demo tenant exists
    _outside(
        cli,
        "Add-MailboxPermission",
        Identity="billing@acme.com",
        User="finance-team@acme.com",
        AccessRights="FullAccess",
    )
    task = _billing_task(cli)
    team = item_of(task, "full_access", "finance-team@acme.com")
    code, _, err = cli(
        "reviews", "decide", str(task["task_id"]), "--keep", str(team["item_id"]), "--as", MIKE
    )
    assert code == 1
    assert "your own access" in err
    assert "Finance Team" in err
    shown = run_json(cli, "reviews", "decide", str(task["task_id"]), "--keep-rest", "--as", MIKE)
    assert item_of(shown, "full_access", "finance-team@acme.com")["decision"] is None  # left for another


def test_membership_through_nested_lists_counts_too(cli: Cli) -> None:
    """Contractors (David's list) gets Marketing as a member, and Marketing gets Engineering: David, in
    Engineering, receives Contractors' mail through two levels of nesting, so Marketing's membership of
    Contractors is his own to keep or not, and he may not confirm it."""
    run_json(cli, "reviews", "list", "--as", ADMIN)
    _outside(cli, "Add-DistributionGroupMember", Identity="marketing@acme.com", Member="engineering@acme.com")
    _outside(cli, "Add-DistributionGroupMember", Identity="contractors@acme.com", Member="marketing@acme.com")
    campaign = run_json(
        cli,
        "reviews",
        "start",
        "--name",
        "Q4",
        "--deadline",
        "14d",
        "--which",
        "chosen",
        "--resource",
        "contractors@acme.com",
        "--scope",
        "lists",
        "--as",
        ADMIN,
    )
    task = next(t for t in campaign["tasks"] if "contractors@acme.com" in t["resource"])
    marketing = item_of(task, "member", "marketing@acme.com")
    code, _, err = cli(
        "reviews", "decide", str(task["task_id"]), "--keep", str(marketing["item_id"]), "--as", DAVID
    )
    assert code == 1
    assert "your own access" in err
    assert "Engineering" in err
    lucas = item_of(task, "member", "lucas.rossi@acme.com")
    kept = run_json(
        cli, "reviews", "decide", str(task["task_id"]), "--keep", str(lucas["item_id"]), "--as", DAVID
    )
    assert item_of(kept, "member", "lucas.rossi@acme.com")["decision"] == "keep"  # others' access: his call
