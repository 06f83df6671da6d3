"""The tenant-wide delegation report on the Acme tenant: every grant, filters, batching and the cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from mailwarden.actions.base import ActionContext, View
from mailwarden.actions.delegation_report import delegation_report
from mailwarden.emulator.seed import load_fixture
from mailwarden.errors import ConfigError
from mailwarden.store import Store
from mailwarden.store.documents import TenantDocuments
from mailwarden.testing import RunningEmulator

Triple = tuple[str, str | None, str]


def grants(view: View) -> set[Triple]:
    """(mailbox address, trustee address, right) of every row."""
    return {
        (
            str(r["mailbox_address"]),
            None if r["trustee_address"] is None else str(r["trustee_address"]),
            str(r["right"]),
        )
        for r in view.rows
    }


def fixture_grants() -> set[Triple]:
    """Every delegation the Acme fixture declares on its shared mailboxes."""
    found: set[Triple] = set()
    for box in load_fixture()["shared_mailboxes"]:
        for key, right in (
            ("full_access", "FullAccess"),
            ("send_as", "SendAs"),
            ("send_on_behalf", "SendOnBehalf"),
        ):
            found |= {(box["primary_smtp"], trustee, right) for trustee in box[key]}
    return found


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_report_lists_every_grant_of_the_fixture(ctx: ActionContext) -> None:
    """Across the shared mailboxes the report shows exactly the fixture's Full Access, Send As and Send on
    Behalf grants, each naming mailbox and trustee by display name and address."""
    view = await delegation_report(ctx)
    assert grants(view) == fixture_grants()
    assert view.columns == ["mailbox", "trustee", "right"]
    shown = [(r["mailbox"], r["trustee"], r["right"]) for r in view.rows]
    assert ("Sales (sales@acme.com)", "John Miller (john@acme.com)", "SendOnBehalf") in shown


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_report_for_a_trustee_shows_what_mike_smith_can_open(ctx: ActionContext) -> None:
    """What can Mike Smith open: Billing and Finance, with Full Access."""
    view = await delegation_report(ctx, trustee="mike.smith@acme.com")
    assert grants(view) == {
        ("billing@acme.com", "mike.smith@acme.com", "FullAccess"),
        ("finance@acme.com", "mike.smith@acme.com", "FullAccess"),
    }
    assert view.title == "Delegations: what Mike Smith (mike.smith@acme.com) can reach"


@pytest.mark.anyio
async def test_report_for_a_trustee_covers_personal_mailboxes_and_group_grants(
    ctx: ActionContext, replicated: Callable[[], Awaitable[None]]
) -> None:
    """A person's reach includes a colleague's mailbox and access held through a security group."""
    exchange = ctx.clients.exchange
    await exchange.grant_send_on_behalf("jane.doe@acme.com", "rachel.green@acme.com")
    await exchange.add_mailbox_permission("olivia.martin@acme.com", "finance-team@acme.com")
    await replicated()
    view = await delegation_report(ctx, trustee="rachel.green@acme.com")
    rows = {(r["mailbox_address"], r["right"]): r["via"] for r in view.rows}
    assert rows == {
        ("jane.doe@acme.com", "SendOnBehalf"): None,
        ("olivia.martin@acme.com", "FullAccess"): "Finance Team (finance-team@acme.com)",
    }


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_report_for_a_mailbox_shows_who_can_reach_support(ctx: ActionContext) -> None:
    """Who can reach Support: Chris Lee and Tom Becker with Full Access, Chris Lee with Send As."""
    view = await delegation_report(ctx, mailbox="support@acme.com")
    assert [(r["trustee"], r["right"]) for r in view.rows] == [
        ("Chris Lee (chris.lee@acme.com)", "FullAccess"),
        ("Tom Becker (tom.becker@acme.com)", "FullAccess"),
        ("Chris Lee (chris.lee@acme.com)", "SendAs"),
    ]


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_report_on_a_list_is_refused(ctx: ActionContext) -> None:
    """A distribution list has no mailbox delegations; asking for them is refused with the reason."""
    with pytest.raises(ConfigError, match="distribution list, not a mailbox"):
        await delegation_report(ctx, mailbox="all-sales@acme.com")


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_second_report_is_served_from_cache_with_its_age(
    ctx: ActionContext, emulator: RunningEmulator, tmp_path: Path
) -> None:
    """A second report within max_age reads nothing from Exchange, keeps the first one's time and says it
    comes from the cache; with max_age 0 the tenant is read again."""
    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        cache = TenantDocuments(store)
        first = await delegation_report(ctx, cache=cache)
        before = len(emulator.faults.requests("exchange"))
        second = await delegation_report(ctx, cache=cache)
        assert len(emulator.faults.requests("exchange")) == before
        assert second.rows == first.rows
        assert second.as_of == first.as_of
        assert any(note.startswith("From cache: as of ") and " old)" in note for note in second.notes)
        third = await delegation_report(ctx, cache=cache, max_age=dt.timedelta(0))
        assert len(emulator.faults.requests("exchange")) > before
        assert third.as_of > first.as_of
        assert any(note.startswith("Read live") for note in third.notes)


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_permissions_are_read_in_batches_with_progress(
    ctx: ActionContext, emulator: RunningEmulator
) -> None:
    """Nine mailboxes take one listing and three $batch requests (three cmdlets a mailbox: Full Access, Send
    As and the Inbox rules, three mailboxes to a batch of ten), plus one $batch per ten distinct Send on
    Behalf delegates (each placed by its Name, live: sec37), and progress reaches 9 of 9."""
    delegates = {d for box in load_fixture()["shared_mailboxes"] for d in box["send_on_behalf"]}
    name_batches = -(-len(delegates) // 10)
    assert name_batches >= 1
    before = len(emulator.faults.requests("exchange"))
    seen: list[tuple[int, int]] = []
    view = await delegation_report(ctx, progress=lambda done, total: seen.append((done, total)))
    sent = emulator.faults.requests("exchange")[before:]
    assert [r.path.rsplit("/", 1)[-1] for r in sent].count("$batch") == 3 + name_batches
    assert len(sent) == 4 + name_batches
    assert seen[0] == (0, 9)
    assert seen[-1] == (9, 9)
    one_at_a_time = await delegation_report(ctx, batched=False, parallel=1)
    assert one_at_a_time.rows == view.rows


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_unreadable_mailboxes_are_reported_and_never_cached(
    ctx: ActionContext, emulator: RunningEmulator, tmp_path: Path
) -> None:
    """When a batch fails, the report names the mailboxes it misses, and the incomplete scan is not cached."""

    def fail_first_batch(done: int, total: int) -> None:
        if done == 0:
            emulator.faults.fail("exchange", status=500, times=1)

    with Store(f"sqlite:///{tmp_path / 'mailwarden.db'}") as store:
        cache = TenantDocuments(store)
        view = await delegation_report(ctx, progress=fail_first_batch, parallel=1, cache=cache)
        # the first batch's three mailboxes
        assert any(note.startswith("3 mailboxes could not be read") for note in view.notes)
        assert grants(view) < fixture_grants()
        assert cache.get(ctx.clients.connection.tenant_id, "report:delegations-shared") is None
