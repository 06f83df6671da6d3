"""Red team 19: forwarding one's mail to a list warned "Forwarded mail reaches 3 mailboxes through Finance
Team." to anyone who may forward to it. Tom may forward his own mail to finance-team@ (with his manager's
approval), but `view members` refuses him Finance Team's members: the count was theirs to tell, not his.
He is now told only that the target is a group, in every channel (`do`, the REST API, the request page, the
request the run records); an admin, and whoever may read the group's members, still sees the count (one
taken through nested lists or members' forwarding, which reading the members does not show: an admin)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.directory.resolve import resolve
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import EmailForwardingInternal, MailboxDelegation
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow.redact import preview
from tests.api import conftest as api_fixtures
from tests.api.served import ServedApp
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Cli
from tests.conftest import discovered_context
from tests.security._flow import approved_forwarding
from tests.security.test_redteam_leaks import _Reader

TOM = "tom.becker@acme.com"
ADMIN = "grace.hopper@acme.com"
MEMBER = "mike.smith@acme.com"  # on Finance Team, so he may read who else is
FINANCE_TEAM = ("Mike Smith", "Christine Lee", "Rachel Green", "mike.smith", "christine.lee", "rachel.green")
COUNT = "3 mailboxes"

cli, web = cli_fixtures.cli, api_fixtures.web  # the CLI on a fresh home; the app served on a fresh one


Replicated = Callable[[], Awaitable[None]]


def _forward(mailbox: str) -> dict[str, Any]:
    return {
        "action": "email_forwarding_internal",
        "change": "set",
        "params": {"mailbox": mailbox, "forward_to": "finance-team@acme.com"},
    }


def _nothing_of_the_group(text: str) -> None:
    assert COUNT not in text, text
    assert "reaches" not in text, text
    for name in FINANCE_TEAM:
        assert name not in text, text


def _do(cli: Cli, who: str, mailbox: str, *json_flag: str) -> str:
    code, out, err = cli(
        "do", "email_forwarding_internal", "set", "--mailbox", mailbox, "--forward-to", "finance-team",
        "--as", who, "--yes", *json_flag,
    )  # fmt: skip
    assert code in (0, 1), err
    return out + err


def test_do_does_not_count_a_group_the_requester_may_not_read(cli: Cli) -> None:
    shown = _do(cli, TOM, TOM)
    _nothing_of_the_group(shown)
    assert "Finance Team, a group" in shown, shown
    request = json.loads(_do(cli, TOM, TOM, "--json"))
    _nothing_of_the_group(json.dumps(request))
    assert any("a group" in w for w in request["steps"][0]["preview"]["warnings"]), request


def test_an_admin_and_a_member_of_the_group_still_see_the_count(cli: Cli) -> None:
    assert f"Forwarded mail reaches {COUNT} through Finance Team." in _do(cli, ADMIN, TOM)
    # Mike's own mailbox is not counted among those his forwarded mail reaches.
    assert "Forwarded mail reaches 2 mailboxes through Finance Team." in _do(cli, MEMBER, MEMBER)


def test_the_api_and_the_request_page_do_not_count_it_either(web: ServedApp) -> None:
    tom = web.sign_in(TOM)
    asked = tom.post("/api/v1/requests", json={"steps": [_forward(TOM)]})
    assert asked.status_code == 201, asked.text
    _nothing_of_the_group(asked.text)
    request_id = asked.json()["request"]["request_id"]
    _nothing_of_the_group(tom.get(f"/api/v1/requests/{request_id}").text)
    page = tom.get(f"/requests/{request_id}").text
    _nothing_of_the_group(page)
    assert "Finance Team, a group" in page
    planned = tom.post("/api/v1/plans", json={"steps": [_forward(TOM)]})
    _nothing_of_the_group(planned.text)


@pytest.mark.anyio
async def test_the_run_records_no_count_in_the_request_its_requester_reads(ctx: ActionContext) -> None:
    """The executor previews again as it runs and records that change in the request Tom reads."""
    async with approved_forwarding(ctx, TOM, "finance-team@acme.com") as run:
        view = await run()
    assert view.state is RequestState.COMPLETED, view
    outcome = json.dumps(view.steps[0].outcome)
    _nothing_of_the_group(outcome)
    assert "Finance Team, a group" in outcome


def _reader(ctx: ActionContext, who: str) -> _Reader:
    directory = ctx.directory
    org = Org(directory=directory, admins=frozenset(r.recipient_id for r in directory if r.is_admin))
    return _Reader(ctx, resolve(directory, who), PolicyEngine(), org)


async def _as_seen_by(ctx: ActionContext, who: str, forward_to: str) -> list[str]:
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to=forward_to)
    found = await preview(_reader(ctx, who), step)
    assert isinstance(found, Change), found
    return found.warnings


@pytest.mark.anyio
async def test_a_count_through_a_nested_list_is_not_told_to_who_may_read_only_the_outer_one(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """Tom is on Field Ops, so he may read its members: himself and the list Finance Team, not expanded.
    Counting who his mail reaches through it would tell him Finance Team's size all the same."""
    await ctx.clients.exchange.new_distribution_group("FieldOps", members=[TOM, "finance-team@acme.com"])
    await replicated()  # the lists stand for ones made long before the preview
    ctx = await discovered_context(ctx.clients)

    shown = " ".join(await _as_seen_by(ctx, TOM, "fieldops@acme.com"))
    _nothing_of_the_group(shown)
    assert "FieldOps, a group" in shown, shown
    assert f"reaches {COUNT} through FieldOps" in " ".join(await _as_seen_by(ctx, ADMIN, "fieldops@acme.com"))


@pytest.mark.anyio
async def test_a_count_of_a_readable_group_of_people_is_still_told(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """A list Tom is on whose members are people only: its count is what `view members` shows him."""
    await ctx.clients.exchange.new_distribution_group(
        "Desk", members=[TOM, "sarah@acme.com", "mike.smith@acme.com"]
    )
    await replicated()  # the lists stand for ones made long before the preview
    ctx = await discovered_context(ctx.clients)
    assert "Forwarded mail reaches 2 mailboxes through Desk." in await _as_seen_by(ctx, TOM, "desk@acme.com")


@pytest.mark.anyio
async def test_a_refusal_through_a_nested_list_names_no_one_to_who_may_read_only_the_outer_one(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """The same through a refusal: a guest on Contractors, nested in Field Ops, was named to Tom, who may read
    Field Ops' members (Contractors among them) but not Contractors'."""
    await ctx.clients.exchange.add_distribution_group_member("contractors@acme.com", "vera@vendorco.example")
    await ctx.clients.exchange.new_distribution_group("FieldOps", members=[TOM, "contractors@acme.com"])
    await replicated()  # the lists stand for ones made long before the preview
    ctx = await discovered_context(ctx.clients)
    step = EmailForwardingInternal(change="set", mailbox=TOM, forward_to="fieldops@acme.com")

    refused = await preview(_reader(ctx, TOM), step)
    assert isinstance(refused, Refusal), refused
    assert "Vera" not in refused.reason, refused.reason
    assert "vendorco" not in refused.reason, refused.reason
    shown = await preview(_reader(ctx, ADMIN), step)
    assert isinstance(shown, Refusal), shown
    assert "Vera Vendor" in shown.reason


@pytest.mark.anyio
async def test_a_group_trustees_nested_members_are_not_named_to_who_may_read_only_the_outer_group(
    ctx: ActionContext, tenant: TenantState, replicated: Replicated
) -> None:
    """The group trustee's preview names everyone it stands for, through nesting: Tom, on Desk (which holds
    Finance Team), may read Desk's members, not Finance Team's."""
    await ctx.clients.exchange.new_distribution_group(
        "Desk", members=[TOM, "finance-team@acme.com"], security=True
    )
    await replicated()  # the lists stand for ones made long before the preview
    ctx = await discovered_context(ctx.clients)
    step = MailboxDelegation(change="grant", mailbox="support@acme.com", trustee="desk@acme.com")

    seen = await preview(_reader(ctx, TOM), step)
    assert isinstance(seen, Change), seen
    _nothing_of_the_group(seen.summary)
    assert seen.summary.startswith("Desk (a group)"), seen.summary
    shown = await preview(_reader(ctx, ADMIN), step)
    assert isinstance(shown, Change), shown
    assert "Christine Lee" in shown.summary
