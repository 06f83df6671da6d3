"""Who is no longer a mailbox's delegate by mailwarden's own recent revoke, though reads still list them.

The policy lets an employee view a mailbox they are a delegate of, and `delegates_of` reads who is, live;
reads lag writes. Within the replication window of a revoke mailwarden itself applied, the lagging read
still lists the person it took the right away from (red team 43). mailwarden knows better from its own
record: the person is taken out of the delegates unless they still hold another of the three rights
(Full Access, Send As, Send on Behalf) that no recent revoke of ours took, asked of the tenant by the
person's id as the actions' preflights ask. A change made outside mailwarden within the lag cannot be
known here and is not guessed. A right given by our own grant within the window, the latest change of ours
to it, counts as held without asking: the read lags that grant as it lags the revoke (red team 45: Tom,
given Send As on support@ by mailwarden minutes after it took his Full Access, was hidden); the same right
given again as much as another one.

Cost: one query of the requests' tables (through Core: a plan builds no request service) per mailbox an
employee's view is decided on; tenant reads only for a person one of our revokes on that mailbox took a
right from within the window.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext
from mailwarden.errors import MailwardenError
from mailwarden.model.changes import Change
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import parse_step
from mailwarden.store.schema import request_steps, requests
from mailwarden.workflow.binding import IDS
from mailwarden.workflow.extension import Records
from mailwarden.workflow.grant_records import grant_holders, resource_identity, took_effect, utc

__all__ = ["REPLICATION_WINDOW", "without_own_revokes"]

REPLICATION_WINDOW = dt.timedelta(hours=1)
"""How long a revoke may take to reach every read. Microsoft gives no figure; Outlook's own note on a
removed mailbox permission is "up to an hour", which the Full Access revoke's preview also says."""

# The delegate rights, each with the key its preview's before-state says whether it is held by.
_RIGHTS = {"mailbox_delegation": "full_access", "send_as": "send_as", "send_on_behalf": "send_on_behalf"}


async def without_own_revokes(
    records: Records,
    tenant: str,
    ctx: ActionContext,
    mailbox: Recipient,
    delegates: frozenset[str],
    now: dt.datetime,
) -> frozenset[str]:
    """`delegates` (directory ids, read live) less each person a revoke mailwarden applied within
    `REPLICATION_WINDOW` took a delegate right on `mailbox` from (the latest change of ours to that right
    being that revoke) and who holds none of the others: neither by a grant of ours within the window (the
    latest change of ours to it) nor by the tenant's read."""
    latest = _latest_own_changes(records, tenant, ctx, mailbox, now)
    revoked = {p: {a for a, c in rights.items() if c == "revoke"} for p, rights in latest.items()}
    gone = {d for d in delegates if revoked.get(d.lower())}
    if not gone:
        return delegates
    keep = {
        d
        for d in gone
        if "grant" in latest[d.lower()].values() or await _holds_another(ctx, mailbox, d, revoked[d.lower()])
    }
    return frozenset(delegates - (gone - keep))


def _latest_own_changes(
    records: Records, tenant: str, ctx: ActionContext, mailbox: Recipient, now: dt.datetime
) -> dict[str, dict[str, str]]:
    """Person id (lowercased) -> each delegate right on `mailbox` mailwarden changed for them within the
    window -> its latest such change ("grant" or "revoke"). A grant since taken back (`reverted_by`: its end
    or its undo) is left out, also where taking it back wrote nothing (the tenant said it was not held)."""
    since = utc(now) - REPLICATION_WINDOW
    step_, request = request_steps.c, requests.c
    query = (
        select(request.updated, step_.step, step_.outcome, step_.preview, step_.reverted_by)
        .select_from(request_steps)
        .join(requests, request.request_id == step_.request_id)
        .where(
            request.tenant_key == tenant,
            request.updated > since,
            step_.status == "applied",
            step_.step["action"].as_string().in_(list(_RIGHTS)),
        )
    )
    with records.store.connection() as connection:
        rows = connection.execute(query).all()
    latest: dict[tuple[str, str], tuple[dt.datetime, str]] = {}
    for updated, step, outcome, preview, reverted_by in rows:
        when = took_effect(outcome, updated)
        if when <= since or (reverted_by is not None and step.get("change") != "revoke"):
            continue
        ids = _ids(preview)
        if resource_identity(ctx.directory, step, ids).lower() != mailbox.recipient_id.lower():
            continue
        for person in grant_holders(ctx.directory, step, ids):
            key = (person.lower(), str(step["action"]))
            if key not in latest or when > latest[key][0]:
                latest[key] = (when, str(step.get("change")))
    changes: dict[str, dict[str, str]] = {}
    for (person, action), (_, change) in latest.items():
        changes.setdefault(person, {})[action] = change
    return changes


async def _holds_another(ctx: ActionContext, mailbox: Recipient, person: str, revoked: set[str]) -> bool:
    """Whether `person` holds a delegate right on `mailbox` that no recent revoke of ours took, read now by
    the person's id. A read that fails counts as not held: the view is refused until the tenant answers
    (fails closed; counting it held let one Exchange error undo the revoke's effect: red team 45)."""
    trustee = ctx.directory.get(person)
    if trustee is None:
        return False  # not in the directory: the policy cannot count them as anyone's delegate anyway
    for action, key in _RIGHTS.items():
        if action in revoked:
            continue
        step = parse_step(
            {
                "action": action,
                "change": "revoke",
                "mailbox": mailbox.primary_address,
                "trustee": trustee.primary_address,
            }
        )
        try:
            found = await WRITE_ACTIONS[action].preflight(ctx, step)
        except MailwardenError:
            continue
        if isinstance(found, Change) and isinstance(found.before, dict) and found.before.get(key):
            return True
    return False


def _ids(preview: dict[str, Any] | None) -> dict[str, Any] | None:
    ids = (preview or {}).get(IDS)
    return ids if isinstance(ids, dict) else None
