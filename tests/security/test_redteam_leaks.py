"""Red team: ways to read what the views would refuse, found after the issue-10 fixes were merged.

Sarah (an employee) is not a member of External-Contractors, so `view members --group
external-contractors@acme.com` refuses her. Asking to forward her own mailbox there must not tell her who
is on it either: the refusal says the list reaches someone outside, not who.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.directory.resolve import resolve
from mailwarden.emulator.state import TenantState
from mailwarden.errors import RecipientNotFound
from mailwarden.model.changes import Refusal
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ChangePrimaryAlias
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow.redact import preview
from tests.cli.conftest import Cli
from tests.conftest import discovered_context
from tests.security._flow import approved_forwarding

EMPLOYEE = "sarah@acme.com"
ADMIN = "grace.hopper@acme.com"
HIDDEN_LIST = "external-contractors@acme.com"


@pytest.fixture
def mw(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


def _forward_to(mw: Cli, who: str, target: str) -> tuple[int, str, str]:
    return mw(
        "do",
        "email_forwarding_internal",
        "set",
        "--mailbox",
        "me",
        "--forward-to",
        target,
        "--as",
        who,
        "--yes",
        "--json",
    )


def test_the_views_refuse_sarah_the_lists_members(mw: Cli) -> None:
    """The baseline: the read view itself refuses her."""
    code, out, err = mw("view", "members", "--group", HIDDEN_LIST, "--as", EMPLOYEE)
    assert code != 0
    assert "vera" not in (out + err).lower()


def test_a_forwarding_refusal_does_not_name_the_members_of_a_list_one_may_not_view(mw: Cli) -> None:
    """Forwarding her own mail to the list is refused (it holds a guest), without naming the guest."""
    code, out, err = _forward_to(mw, EMPLOYEE, HIDDEN_LIST)
    assert code == 1
    assert "vera" not in (out + err).lower(), out
    step = json.loads(out)["steps"][0]
    assert "cannot be forwarded" in json.dumps(step["preview"])


def test_an_admin_is_still_told_which_member_blocks_forwarding(mw: Cli) -> None:
    code, out, _ = _forward_to(mw, ADMIN, HIDDEN_LIST)
    assert code == 1
    assert "Vera Vendor" in out


# ---- a hidden recipient named by an address-in-use refusal ------------------------------------------------
@dataclass(frozen=True)
class _Reader:
    ctx: ActionContext
    requester: Recipient
    engine: PolicyEngine
    org: Org


@pytest.mark.anyio
async def test_taking_a_hidden_recipients_address_does_not_name_it(
    ctx: ActionContext, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Info is hidden from address lists: to Mike (not its owner nor a member) it does not exist by any name
    (directory/resolve.py). Asking for info@acme.com as his own primary address is refused, as it must be,
    but the refusal must not name who holds the address. (`replicated`: hidden long before the directory
    is read.)"""
    await ctx.clients.exchange.set_mailbox("info@acme.com", HiddenFromAddressListsEnabled=True)
    await replicated()
    seen = await discovered_context(ctx.clients)
    directory = seen.directory
    mike = resolve(directory, "mike.smith@acme.com")
    with pytest.raises(RecipientNotFound):
        resolve(directory, "info@acme.com", requester=mike)
    org = Org(directory=directory, admins=frozenset(r.recipient_id for r in directory if r.is_admin))
    reader = _Reader(seen, mike, PolicyEngine(), org)
    step = ChangePrimaryAlias(change="set", recipient=mike.primary_address, new_address="info@acme.com")

    shown = await preview(reader, step)

    assert isinstance(shown, Refusal)
    assert "already used" in shown.reason
    assert "Info (" not in shown.reason, shown.reason
    grace = resolve(directory, "grace.hopper@acme.com")
    as_admin = await preview(_Reader(seen, grace, PolicyEngine(), org), step)
    assert isinstance(as_admin, Refusal)
    assert "Info (info@acme.com)" in as_admin.reason


# ---- the same refusal made when the step runs ----------------------------------------------------------
@pytest.mark.anyio
async def test_a_forwarding_refused_at_run_does_not_name_a_member_one_may_not_view(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Sarah's manager approves forwarding to NightShift (Sarah is not on it); a guest joins it; the step is
    refused when it runs, and her request (which she reads) must not say who the guest is. (`replicated`:
    the list, and the guest's join, stand for changes made a while before the next step reads them.)"""
    await ctx.clients.exchange.new_distribution_group(
        "NightShift", members=["chris.lee@acme.com", "tom.becker@acme.com"]
    )
    await replicated()
    ctx = await discovered_context(ctx.clients)
    async with approved_forwarding(ctx, "sarah@acme.com", "nightshift@acme.com") as run:
        await ctx.clients.exchange.add_distribution_group_member(
            "nightshift@acme.com", "vera@vendorco.example"
        )
        await replicated()
        view = await run()

    assert view.steps[0].status == "refused"
    assert "vera" not in json.dumps(view.steps[0].outcome).lower(), view.steps[0].outcome
