"""What the drift policy's choices do: tell people (one call site the notifications module takes over), or
propose a revert as an ordinary request that waits for an admin's approval.

`notify_drift` queues the notice to the resource's owners and the tenant's admins in the notifications
outbox, inside the transaction that records the event, and audits to whom (event `drift.notice_due`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext
from mailwarden.drift.facts import Fact
from mailwarden.errors import MailwardenError, RequestNotFound
from mailwarden.model.changes import Refusal
from mailwarden.model.steps import (
    CalendarAccess,
    CalendarShare,
    DistributionListMembership,
    EmailForwardingInternal,
    MailboxDelegation,
    SendAs,
    SendOnBehalf,
    Step,
)
from mailwarden.notifications.notices import Notice, NoticeKind, queue_notice_in
from mailwarden.workflow.binding import bound_ids
from mailwarden.workflow.live_policy import DRIFT_SCAN_REQUESTER, revert_decision
from mailwarden.workflow.service import Actor, PlannedStep, RequestService

__all__ = [
    "DRIFT_SCAN",
    "Proposal",
    "notice_record",
    "notify_drift",
    "propose_revert",
    "revert_request_id",
    "revert_step",
]

DRIFT_SCAN = Actor(actor_id=DRIFT_SCAN_REQUESTER, address=DRIFT_SCAN_REQUESTER, is_admin=False)
"""The requester of a proposed revert: the scan, not a person, so any admin may approve it."""
_ACCESS_OF_ROLE: dict[str, CalendarAccess] = {
    "freeBusyRead": "availability_only",
    "limitedRead": "limited_details",
    "read": "reviewer",
    "write": "editor",
}


def notify_drift(
    db: DbSession, tenant: str, event_id: str, recipient_ids: Sequence[str], *, now: dt.datetime
) -> int:
    """Queue the notice of one event for `recipient_ids` (owners, then admins: object ids) in `db`, the
    transaction that records the event; how many deliveries were queued."""
    return queue_notice_in(db, tenant, Notice.DRIFT, NoticeKind.DRIFT_EVENT, event_id, recipient_ids, now=now)


def notice_record(tenant: str, event_id: str, summary: str, recipients: Sequence[str]) -> dict[str, Any]:
    """The audit record of who was told of the event (their addresses), appended with the event itself."""
    return {
        "tenant": tenant,
        "event": "drift.notice_due",
        "actor": DRIFT_SCAN.address,
        "channel": "drift",
        "target": event_id,
        "detail": {"recipients": list(recipients), "summary": summary},
    }


def revert_step(fact: Fact, *, present_now: bool, before: str | None) -> Step | None:
    """The step that puts back what mailwarden knew: take away a fact that appeared, give back one that
    went (or the calendar level it had). None when no action of mailwarden's can do it."""
    mailbox, holder = fact.resource, fact.holder
    if fact.kind == "forwarding":
        if present_now and not before:
            return EmailForwardingInternal(change="clear", mailbox=mailbox)
        return EmailForwardingInternal(change="set", mailbox=mailbox, forward_to=before) if before else None
    if fact.kind == "calendar":
        if fact.holder_id == "default":
            return None  # the organisation-wide entry is not a share with a person
        if before:
            access = _ACCESS_OF_ROLE.get(before)
            return (
                CalendarShare(change="grant", owner=mailbox, grantee=holder, access=access)
                if access
                else None
            )
        return CalendarShare(change="revoke", owner=mailbox, grantee=holder)
    change: Literal["grant", "revoke"] = "revoke" if present_now else "grant"
    if fact.kind == "full_access":
        return MailboxDelegation(change=change, mailbox=mailbox, trustee=holder)
    if fact.kind == "send_as":
        return SendAs(change=change, mailbox=mailbox, trustee=holder)
    if fact.kind == "send_on_behalf":
        return SendOnBehalf(change=change, mailbox=mailbox, trustee=holder)
    return DistributionListMembership(change="remove" if present_now else "add", group=mailbox, member=holder)


_REVERTS = uuid.UUID("6f1d3c52-9a41-4c8e-b7e2-2d0c51a7e0d4")


def revert_request_id(event_id: str) -> str:
    """The one request id a revert of drift event `event_id` can have: filing it twice fails on the key."""
    return str(uuid.uuid5(_REVERTS, event_id))


@dataclass(frozen=True)
class Proposal:
    request_id: str | None
    note: str


async def propose_revert(
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    step: Step,
    *,
    event_id: str,
    summary: str,
    admins: Sequence[str],
) -> Proposal:
    """Submit the revert as the scan's request, confirmed by the scan and waiting for any admin's approval.
    It is previewed against the tenant now, like every request; nothing runs until an admin approves.

    Idempotent per event: the request's id comes from the event's, so a scan that died after filing it and
    runs again takes up that request (confirming it if it died before that) instead of filing another."""
    request_id = revert_request_id(event_id)
    filed = _filed(service, tenant, request_id)
    if filed is not None:
        return filed
    if not admins:
        return Proposal(None, "no revert proposed: the tenant has no admin to approve it")
    try:
        preview = await WRITE_ACTIONS[step.action].preflight(ctx, step)
    except MailwardenError as exc:
        return Proposal(None, f"no revert proposed: {exc}")
    if isinstance(preview, Refusal):
        return Proposal(None, f"no revert proposed: {preview.reason}")
    directory = ctx.directory
    decision = revert_decision(lambda ref: directory.get(ref) or directory.address_owner(ref), step, admins)
    # Filed meanwhile under the same key: that one stands.
    with contextlib.suppress(IntegrityError):
        service.submit(
            tenant,
            DRIFT_SCAN,
            # Bound to the objects previewed, as any request's steps (workflow/binding.py): the admin who
            # approves it later approves it for these, whatever holds their addresses by then.
            [PlannedStep(step=step, preview=preview, decision=decision, ids=bound_ids(directory, step))],
            channel="drift",
            text=f"Revert drift {event_id}: {summary}",
            justification=f"Drift event {event_id}: {summary}",
            request_id=request_id,
        )
    return _filed(service, tenant, request_id) or Proposal(None, "no revert proposed: filing it failed")


def _filed(service: RequestService, tenant: str, request_id: str) -> Proposal | None:
    try:
        view = service.get(tenant, request_id)
    except RequestNotFound:
        return None
    if view.state.value == "needs_confirmation":
        view = service.confirm(tenant, view.request_id, DRIFT_SCAN)
    return Proposal(view.request_id, f"revert proposed as request {view.request_id}, awaiting an admin")
