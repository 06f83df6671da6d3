"""A preview reads each mailbox once, however many steps are about it; nothing else shares reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.connectors.exchange import Cmdlet, ExchangeClient
from mailwarden.connectors.models import MailboxPermission
from mailwarden.connectors.shared_reads import shared_reads
from mailwarden.directory.resolve import resolve
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import parse_step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.workflow.previews import previews

pytestmark = pytest.mark.anyio

SHARED = "support@acme.com"


@dataclass
class Reader:
    ctx: ActionContext
    requester: Recipient
    engine: PolicyEngine
    org: Org


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The cmdlets sent to Exchange, counted on the wire."""
    seen: Counter[str] = Counter()
    post = ExchangeClient._post

    async def counting(self: ExchangeClient, url: str, body: Any, cmdlet: str, **kwargs: Any) -> Any:
        seen[cmdlet] += 1
        return await post(self, url, body, cmdlet, **kwargs)

    monkeypatch.setattr(ExchangeClient, "_post", counting)
    return seen


def _reader(ctx: ActionContext, who: str) -> Reader:
    directory = ctx.directory
    org = Org(directory=directory, admins=frozenset(r.recipient_id for r in directory if r.is_admin))
    return Reader(ctx=ctx, requester=resolve(directory, who), engine=PolicyEngine(), org=org)


@pytest.mark.reads_only
async def test_a_preview_of_two_steps_on_one_mailbox_reads_it_once(
    ctx: ActionContext, sent: Counter[str]
) -> None:
    # An employee's request: whether they may view the mailbox (its delegates) is asked for each step, and
    # each step's preflight reads its permissions; all of it is one set of reads: the mailbox's whole list
    # once (the delegate check of both steps), and the trustee's own entries asked by object id once (the
    # preflight never places a holder printed by Name on the cached directory: red team 43).
    steps = [
        parse_step(
            {
                "action": "mailbox_delegation",
                "change": "grant",
                "mailbox": SHARED,
                "trustee": "sarah@acme.com",
            }
        ),
        parse_step({"action": "send_as", "change": "grant", "mailbox": SHARED, "trustee": "sarah@acme.com"}),
    ]
    found = await previews(ctx, steps, _reader(ctx, "tom.becker@acme.com"))
    assert [isinstance(p, Change) and not p.redacted for p in found] == [True, True]
    assert sent == Counter({"Get-MailboxPermission": 2, "Get-RecipientPermission": 2, "Get-Mailbox": 1})


@pytest.mark.reads_only
async def test_reads_outside_a_preview_are_each_sent(ctx: ActionContext, sent: Counter[str]) -> None:
    # The decision made again at confirmation, approval and before a step runs reads the tenant afresh.
    exchange = ctx.clients.exchange
    await exchange.mailbox_permissions(SHARED)
    await exchange.mailbox_permissions(SHARED)
    assert sent["Get-MailboxPermission"] == 2


async def test_a_write_ends_the_sharing(ctx: ActionContext, tenant: TenantState, sent: Counter[str]) -> None:
    exchange = ctx.clients.exchange
    with shared_reads():
        await exchange.mailbox_permissions(SHARED)
        await exchange.add_mailbox_permission(SHARED, "sarah@acme.com")
        await exchange.mailbox_permissions(SHARED)
    # The read after the write went to Exchange, not to the shared answer. (What it shows may still lag
    # the write, as Exchange's reads do: the CI runs this under a replication lag too.)
    assert sent["Get-MailboxPermission"] == 2


@pytest.mark.reads_only
async def test_a_caller_changing_its_answer_changes_no_one_elses(
    ctx: ActionContext, sent: Counter[str]
) -> None:
    exchange = ctx.clients.exchange
    with shared_reads():
        first = await exchange.invoke("Get-MailboxPermission", {"Identity": SHARED})
        first.clear()
        again = await exchange.invoke("Get-MailboxPermission", {"Identity": SHARED})
    assert sent["Get-MailboxPermission"] == 1
    assert [MailboxPermission.parse(e) for e in again]


@pytest.mark.reads_only
async def test_a_batch_of_reads_asked_twice_in_a_preview_is_sent_once(
    ctx: ActionContext, sent: Counter[str]
) -> None:
    # A plan's decision reads every mailbox's inbox rules in one batch; the plan's check of the same steps
    # asks the same batch. Outside a preview each is sent, as the decisions made again later are.
    exchange = ctx.clients.exchange
    reads = [
        Cmdlet("Get-MailboxPermission", {"Identity": SHARED}),
        Cmdlet("Get-Mailbox", {"Identity": SHARED}),
    ]
    with shared_reads():
        first = await exchange.batch(reads)
        first[0].unwrap().value.clear()  # a caller changing its answer changes no one else's
        again = await exchange.batch(reads)
    assert sent["$batch"] == 1
    assert again[0].unwrap().value
    assert again[1].unwrap().value
    await exchange.batch(reads)
    assert sent["$batch"] == 2


async def test_a_batch_with_a_write_ends_the_sharing(
    ctx: ActionContext, tenant: TenantState, sent: Counter[str]
) -> None:
    exchange = ctx.clients.exchange
    reads = [Cmdlet("Get-MailboxPermission", {"Identity": SHARED})]
    with shared_reads():
        await exchange.batch(reads)
        await exchange.batch(
            [
                Cmdlet(
                    "Add-MailboxPermission",
                    {"Identity": SHARED, "User": "sarah@acme.com", "AccessRights": ["FullAccess"]},
                )
            ]
        )
        await exchange.batch(reads)
    assert sent["$batch"] == 3
