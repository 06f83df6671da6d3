"""calendar_share and a grantee who is the owner's calendar delegate (SharingPermissionFlags), over HTTPS.

Exchange Online keeps a delegate's flags (Delegate, CanViewPrivateItems) through a Set-MailboxFolderPermission
that does not name them, at any level (the emulator reproduces it). A calendar share gives one level and
never delegate access: whatever it writes leaves exactly that level, and a preview that takes delegate
access or private events away says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

import pytest

from mailwarden.actions.base import ActionContext, VerifyWait, execute
from mailwarden.actions.calendar_share import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.changes import Change
from mailwarden.model.steps import CalendarShare
from tests.security.other_admin import OtherAdmin

pytestmark = pytest.mark.anyio

OLIVIA, MARIA = "olivia.martin@acme.com", "maria.garcia@acme.com"  # Maria holds Editor on Olivia's calendar
PRIVATE = "Delegate, CanViewPrivateItems"


def _grant(access: str) -> CalendarShare:
    return CalendarShare.model_validate(
        {"change": "grant", "owner": OLIVIA, "grantee": MARIA, "access": access}
    )


def _marias_entry(tenant: TenantState) -> tuple[list[str], str] | None:
    olivia, maria = tenant.find(OLIVIA), tenant.find(MARIA)
    assert olivia is not None
    assert maria is not None
    held = [(e.access_rights, e.sharing_permission_flags) for e in olivia.calendar if e.user == maria.id]
    return held[0] if held else None


async def _make_maria_a_delegate(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]], flags: str = PRIVATE
) -> None:
    """Olivia makes Maria her calendar delegate in Outlook, long before the request."""
    folder = await ctx.clients.exchange.calendar_folder(OLIVIA)
    await ctx.clients.exchange.set_folder_permission(folder, MARIA, "Editor", sharing_permission_flags=flags)
    await replicated()
    assert _marias_entry(tenant) == (["Editor"], flags)


async def test_editor_for_a_delegate_is_not_already_and_the_preview_names_the_private_events(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Maria is Olivia's delegate and sees private events: 'give Maria editor' is not recorded as 'already
    has Editor'; the preview shows the flags held and that they end, and she is left with Editor alone."""
    await _make_maria_a_delegate(ctx, tenant, replicated)

    preview = await ACTION.preflight(ctx, _grant("editor"))
    assert isinstance(preview, Change)
    assert not preview.already
    assert preview.before == {"access": "editor", "sharing_flags": PRIVATE}
    assert preview.after == {"access": "editor"}
    said = " ".join([preview.summary, *preview.warnings])
    assert "private events" in said, said
    assert "delegate access" in said, said

    outcome = await execute(ACTION, ctx, _grant("editor"))

    assert outcome.status == "applied", outcome.message
    assert _marias_entry(tenant) == (["Editor"], "None")


async def test_lowering_a_delegate_to_reviewer_leaves_exactly_reviewer(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """A Set to Reviewer that does not name the flags would leave Maria a delegate seeing private events;
    the share leaves her Reviewer with no flags, and the preview said they end."""
    await _make_maria_a_delegate(ctx, tenant, replicated)

    outcome = await execute(ACTION, ctx, _grant("reviewer"))

    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert outcome.change.before == {"access": "editor", "sharing_flags": PRIVATE}
    assert any("private" in w for w in outcome.change.warnings), outcome.change.warnings
    assert _marias_entry(tenant) == (["Reviewer"], "None")


async def test_a_delegate_without_private_events_lowered_to_free_busy_is_no_delegate_after(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Delegate alone (meeting requests, no private events) ends too when the level changes."""
    await _make_maria_a_delegate(ctx, tenant, replicated, flags="Delegate")

    outcome = await execute(ACTION, ctx, _grant("availability_only"))

    assert outcome.status == "applied", outcome.message
    assert _marias_entry(tenant) == (["AvailabilityOnly"], "None")


async def test_revoking_a_delegate_removes_the_entry_and_the_preview_says_the_delegate_access_ends(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    await _make_maria_a_delegate(ctx, tenant, replicated)
    revoke = CalendarShare(change="revoke", owner=OLIVIA, grantee=MARIA)

    outcome = await execute(ACTION, ctx, revoke)

    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert outcome.change.before == {"access": "editor", "sharing_flags": PRIVATE}
    assert outcome.change.after == {"access": None}
    assert any("private" in w for w in outcome.change.warnings), outcome.change.warnings
    assert _marias_entry(tenant) is None


async def test_undo_of_a_share_that_ended_delegate_access_gives_the_level_back_and_the_preview_says_only_that(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """The step model has no delegate flags: undo restores Editor, not the delegate access, and the preview
    of the share said so before anyone confirmed it."""
    await _make_maria_a_delegate(ctx, tenant, replicated)

    outcome = await execute(ACTION, ctx, _grant("reviewer"))
    assert isinstance(outcome.change, Change)
    assert any("Undo" in w and "delegate" in w for w in outcome.change.warnings), outcome.change.warnings

    undo = ACTION.revert(_grant("reviewer"), outcome.change)
    assert undo == _grant("editor")
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _marias_entry(tenant) == (["Editor"], "None")


async def test_a_plain_editor_is_still_already_editor(ctx: ActionContext, tenant: TenantState) -> None:
    """No flags held: the same level is 'already', and nothing is changed."""
    start = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, _grant("editor"))

    assert outcome.status == "already", outcome.message
    assert len(tenant.data.journal) == start
    assert _marias_entry(tenant) == (["Editor"], "None")


async def test_private_access_granted_behind_lagging_reads_is_not_kept_by_the_share(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Another admin makes Maria a delegate who sees private events seconds before the share runs; the reads
    still show plain Editor ("already"). The write is sent anyway (sec36) and leaves Editor alone: a private
    access nobody was shown does not survive a share that said 'Editor'."""
    set_switch(tenant, "replication_lag_seconds", 3600)  # longer than the test: the reads never catch up
    OtherAdmin(tenant).exchange(
        "Set-MailboxFolderPermission",
        Identity=f"{OLIVIA}:\\Calendar",
        User=MARIA,
        AccessRights=["Editor"],
        SharingPermissionFlags=["Delegate", "CanViewPrivateItems"],
    )
    seen = await ACTION.preflight(ctx, _grant("editor"))
    assert isinstance(seen, Change)
    assert seen.already, "the reads should still lag behind the outside change"

    quick = dataclasses.replace(ctx, verify=VerifyWait(first=0.05, longest=0.05, bound=0.1))
    outcome = await execute(ACTION, quick, _grant("editor"))

    assert _marias_entry(tenant) == (["Editor"], "None"), outcome
    assert outcome.status != "already", outcome.message  # the write changed something: not "already so"
