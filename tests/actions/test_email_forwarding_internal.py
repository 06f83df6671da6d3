"""Internal forwarding end to end: email_forwarding_internal against the emulated Acme tenant over HTTPS."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mailwarden.actions.base import ActionContext, execute
from mailwarden.actions.email_forwarding_internal import ACTION
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.changes import Change
from mailwarden.model.steps import EmailForwardingInternal
from tests.workflow.test_write_by_object_id import _move_address

pytestmark = pytest.mark.anyio


def _forwarding(tenant: TenantState, mailbox: str) -> dict[str, Any]:
    """The mailbox's forwarding settings as the tenant holds them (target by primary address)."""
    box = tenant.find(mailbox)
    assert box is not None
    target = tenant.get(box.forwarding_address) if box.forwarding_address else None
    return {
        "forwarding_address": target.primary_smtp if target else None,
        "forwarding_smtp_address": box.forwarding_smtp_address,
        "deliver_to_mailbox_and_forward": box.deliver_to_mailbox_and_forward,
    }


def _set(mailbox: str, forward_to: str, *, keep_copy: bool = False) -> EmailForwardingInternal:
    return EmailForwardingInternal(change="set", mailbox=mailbox, forward_to=forward_to, keep_copy=keep_copy)


def _clear(mailbox: str) -> EmailForwardingInternal:
    return EmailForwardingInternal(change="clear", mailbox=mailbox)


async def test_set_forwards_to_the_recipient_without_a_copy(ctx: ActionContext, tenant: TenantState) -> None:
    """Forwarding is set to the recipient itself, no SMTP forwarding, and no copy kept by default."""
    outcome = await execute(ACTION, ctx, _set("sarah@acme.com", "chris.lee@acme.com"))

    assert outcome.status == "applied", outcome.message
    assert (
        outcome.message == "Mail to Sarah Connor will be forwarded to Chris Lee (Sarah Connor keeps no copy)"
    )
    assert outcome.change is not None
    assert outcome.change.before == {"forward_to": None, "keep_copy": False}
    assert outcome.after == {"forward_to": "chris.lee@acme.com", "keep_copy": False}
    assert _forwarding(tenant, "sarah@acme.com") == {
        "forwarding_address": "chris.lee@acme.com",
        "forwarding_smtp_address": None,
        "deliver_to_mailbox_and_forward": False,
    }


async def test_set_with_keep_copy_delivers_to_the_mailbox_too(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """keep_copy sets DeliverToMailboxAndForward, and changing only keep_copy is a change."""
    assert (await execute(ACTION, ctx, _set("sarah@acme.com", "chris.lee@acme.com"))).status == "applied"

    outcome = await execute(ACTION, ctx, _set("sarah@acme.com", "chris.lee@acme.com", keep_copy=True))

    assert outcome.status == "applied", outcome.message
    assert _forwarding(tenant, "sarah@acme.com")["deliver_to_mailbox_and_forward"] is True


@pytest.mark.reads_only
async def test_setting_the_same_forwarding_twice_says_already(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Careers already forwards to Maria with a copy: the same step is already so and writes nothing."""
    journal = len(tenant.data.journal)

    outcome = await execute(ACTION, ctx, _set("careers@acme.com", "maria.garcia@acme.com", keep_copy=True))

    assert outcome.status == "already"
    assert outcome.message.startswith("Mail to Careers is already forwarded to Maria Garcia")
    assert len(tenant.data.journal) == journal


async def test_changing_the_target_replaces_it_and_revert_restores_the_old_one(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Moving Careers' forwarding from Maria to Jane warns of the replacement; undo puts Maria back."""
    before = _forwarding(tenant, "careers@acme.com")
    step = _set("careers@acme.com", "jane.doe@acme.com")
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "applied", outcome.message
    assert isinstance(outcome.change, Change)
    assert outcome.change.before == {"forward_to": "maria.garcia@acme.com", "keep_copy": True}
    assert "This replaces the forwarding to Maria Garcia." in outcome.change.warnings
    assert _forwarding(tenant, "careers@acme.com")["forwarding_address"] == "jane.doe@acme.com"

    undo = ACTION.revert(step, outcome.change)

    assert undo == _set("careers@acme.com", "maria.garcia@acme.com", keep_copy=True)
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _forwarding(tenant, "careers@acme.com") == before


async def test_clear_stops_forwarding_and_revert_restores_it(ctx: ActionContext, tenant: TenantState) -> None:
    """Clearing empties both forwarding fields and the copy flag; undo restores Careers' forwarding."""
    before = _forwarding(tenant, "careers@acme.com")
    step = _clear("careers@acme.com")
    outcome = await execute(ACTION, ctx, step)
    assert outcome.status == "applied", outcome.message
    assert outcome.message == "Careers will no longer forward mail (it forwards to Maria Garcia)"
    assert _forwarding(tenant, "careers@acme.com") == {
        "forwarding_address": None,
        "forwarding_smtp_address": None,
        "deliver_to_mailbox_and_forward": False,
    }
    assert (await execute(ACTION, ctx, step)).status == "already"
    assert outcome.change is not None

    undo = ACTION.revert(step, outcome.change)

    assert undo is not None
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _forwarding(tenant, "careers@acme.com") == before


async def test_revert_of_a_new_forwarding_clears_it(ctx: ActionContext, tenant: TenantState) -> None:
    """Undoing forwarding on a mailbox that had none leaves it with none."""
    before = _forwarding(tenant, "sarah@acme.com")
    step = _set("sarah@acme.com", "support@acme.com", keep_copy=True)
    outcome = await execute(ACTION, ctx, step)
    assert outcome.change is not None

    undo = ACTION.revert(step, outcome.change)

    assert undo == _clear("sarah@acme.com")
    assert (await execute(ACTION, ctx, undo)).status == "applied"
    assert _forwarding(tenant, "sarah@acme.com") == before


async def test_set_moves_smtp_forwarding_to_the_recipient(ctx: ActionContext, tenant: TenantState) -> None:
    """SMTP forwarding to the same address is not "already": it is moved onto the recipient itself."""
    await ctx.clients.exchange.set_mailbox("sarah@acme.com", ForwardingSmtpAddress="chris.lee@acme.com")
    step = _set("sarah@acme.com", "chris.lee@acme.com")

    outcome = await execute(ACTION, ctx, step)

    assert outcome.status == "applied", outcome.message
    assert _forwarding(tenant, "sarah@acme.com") == {
        "forwarding_address": "chris.lee@acme.com",
        "forwarding_smtp_address": None,
        "deliver_to_mailbox_and_forward": False,
    }


async def test_replacing_outside_smtp_forwarding_warns_that_undo_cannot_restore_it(
    ctx: ActionContext, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    """Forwarding someone set up by SMTP to an outside address is replaced, with a warning about undo."""
    await ctx.clients.exchange.set_mailbox("sarah@acme.com", ForwardingSmtpAddress="sarah@gmail.example")
    await replicated()

    change = await ACTION.preflight(ctx, _set("sarah@acme.com", "chris.lee@acme.com"))

    assert isinstance(change, Change)
    assert change.before == {"forward_to": "sarah@gmail.example", "keep_copy": False}
    assert "This replaces the forwarding to sarah@gmail.example." in change.warnings
    assert any("by SMTP address" in w for w in change.warnings)


# Where mail must never be forwarded, and the words the refusal gives (all preflights, no writes).
_REFUSED = [
    ("sarah@acme.com", "vera@vendorco.example", "outside the organisation (guest)"),
    ("sarah@acme.com", "john@partnerfirm.example", "outside the organisation (contact)"),
    ("sarah@acme.com", "someone@gmail.example", "'gmail.example' is not a verified domain"),
    ("sarah@acme.com", "someone@newacme.com", "'newacme.com' is not a verified domain"),
    ("sarah@acme.com", "nobody@acme.com", "No recipient matches 'nobody@acme.com'"),
    ("sarah@acme.com", "pat.gone@acme.com", "disabled account"),
    ("sarah@acme.com", "sarah.connor@acme.com", "cannot forward mail to itself"),
    ("all-sales@acme.com", "sarah@acme.com", "not a mailbox"),
]


@pytest.mark.reads_only
async def test_set_refuses_targets_outside_the_organisation_disabled_or_itself(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Forwarding never leaves the organisation, never goes to a disabled account or back to itself."""
    journal = len(tenant.data.journal)
    for mailbox, forward_to, reason in _REFUSED:
        outcome = await execute(ACTION, ctx, _set(mailbox, forward_to))

        assert outcome.status == "refused", forward_to
        assert reason in outcome.message, outcome.message
    assert len(tenant.data.journal) == journal


async def test_a_step_bound_to_its_target_checks_where_the_approved_list_reaches_not_the_addresss_new_holder(
    ctx: ActionContext, tenant: TenantState
) -> None:
    """Forwarding to Engineering, approved for that list: engineering@ has since moved to External
    Contractors (a guest on it). The reach is read by the approved list's id, so the step runs, and it
    forwards to Engineering; read by address it would have walked the list holding the address now."""
    engineering = ctx.recipient("engineering@acme.com").recipient_id
    set_switch(tenant, "replication_lag_seconds", 0)  # the lag has passed; the directory is older
    _move_address(tenant, "engineering@acme.com", "external-contractors@acme.com")
    bound = dataclasses.replace(ctx, bound={"engineering@acme.com": engineering})

    outcome = await execute(ACTION, bound, _set("sarah@acme.com", "engineering@acme.com"))

    assert outcome.status == "applied", outcome.message
    box = tenant.find("sarah@acme.com")
    assert box is not None
    assert box.forwarding_address == engineering
    unbound = await execute(ACTION, ctx, _set("sarah@acme.com", "engineering@acme.com"))
    assert unbound.status == "refused"
    assert "guest" in unbound.message
