"""A grant asked over a time-bound one: an extension in time, never "already so".

The tenant cannot tell a grant that ends tomorrow from one for good: only mailwarden's own record (the
applied step with its `expires`) knows the end. Preflight alone would call a for-good grant over access
held until tomorrow "already so" and complete it with no approval, and the scheduler would take the access
away tomorrow. So a grant's preview is checked against the record of time-bound grants:

- asked with no end, or a later end, than the current one: a change (an extension widens access in time),
  decided and approved like any grant. Run, it writes nothing to the tenant (the right is there) but
  takes the old end off its step, in the same transaction that records the extension as applied with its
  own end (or none), so the old expiry never removes the access and the new one (if any) does.
- asked with the same end: already so.
- asked with an earlier end: already so, with a warning naming the later end. The grant asked for holds
  (the access lasts at least that long); cutting access short is taking it away, which a revoke asks for
  and policy decides as such, never a side effect of a grant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Exists, select

from mailwarden.actions.base import ActionContext
from mailwarden.model.changes import Change, Preflight
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import ACTIONS, Step
from mailwarden.store.schema import request_steps, requests
from mailwarden.workflow.binding import IDS, without_ids
from mailwarden.workflow.grant_records import (
    DRIFT_SCAN_REQUESTER,
    decides_grant,
    grant_holders,
    resource_identity,
    took_effect,
    tried_write,
    utc,
)

if TYPE_CHECKING:
    from mailwarden.store.db import Store

__all__ = [
    "CurrentEnd",
    "current_end",
    "current_ends",
    "extended",
    "extension_of",
    "with_current_ends",
    "with_ends_of",
]


class Records(Protocol):
    """Whatever holds the store of the requests (the request service, a workspace): a plan reads the
    time-bound grants from the store alone, through Core tables, without building the request service (its
    audit log and the ORM)."""

    @property
    def store(self) -> Store: ...


_UNTIL = "until"


@dataclass(frozen=True)
class CurrentEnd:
    """The time-bound step that holds the access now (applied, or failed after its write was sent), and when
    its expiry takes it away."""

    request_id: str
    position: int
    expires: dt.datetime
    change: dict[str, Any]
    """What the time-bound grant changed (its revert restores the access as it was before it)."""


def current_end(records: Records, ctx: ActionContext, tenant: str, step: Step) -> CurrentEnd | None:
    """The pending expiry of the grant `step` is about (same action, resource and holder); None if none."""
    return current_ends(records, ctx, tenant, [step])[0]


def current_ends(
    records: Records, ctx: ActionContext, tenant: str, steps: Sequence[Step]
) -> list[CurrentEnd | None]:
    """`current_end` of each step, read in two queries for all of them: the applied time-bound grants of
    their actions, and the later changes of those grants that took them over. (One pair per plan: a plan of
    thousands of grants over as many time-bound ones read each grant's records, and each whole request,
    once per step.)"""
    directory = ctx.directory
    actions = sorted({step.action for step in steps})
    if not actions:
        return []
    step_, request = request_steps.c, requests.c
    with records.store.connection() as connection:
        held = connection.execute(
            select(
                step_.request_id,
                step_.position,
                step_.status,
                step_.step,
                step_.preview,
                step_.outcome,
                step_.expires,
                request.updated,
            )
            .select_from(request_steps)
            .join(requests, request.request_id == step_.request_id)
            .where(
                request.tenant_key == tenant,
                step_.status.in_(("applied", "failed")),
                step_.expires.is_not(None),
                step_.reverted_by.is_(None),
                step_.step["action"].as_string().in_(actions),
            )
            .order_by(request.created.desc(), step_.position)
        ).all()
        # A failed grant whose write was sent is due at its end as an applied one is (its every answer may
        # have been lost after it landed: service.due_expiries), so a grant asked over it is an extension,
        # decided as one, never "already so" unapproved (red team 47).
        held = [r for r in held if r.status == "applied" or tried_write(r.outcome)]
        since = {(r.request_id, r.position): took_effect(r.outcome, r.updated) for r in held}
        later = (
            connection.execute(
                select(
                    request.request_id,
                    request.updated,
                    step_.status,
                    step_.step,
                    step_.outcome,
                    step_.preview,
                )
                .select_from(requests)
                .join(request_steps, step_.request_id == request.request_id)
                .where(
                    request.tenant_key == tenant,
                    request.requester != DRIFT_SCAN_REQUESTER,
                    request.updated > min(since.values()),
                    step_.status.in_(("applied", "already")),
                    step_.step["action"].as_string().in_(actions),
                )
            ).all()
            if held
            else []
        )

    def keys(data: dict[str, Any], preview: dict[str, Any] | None = None) -> set[tuple[str, str, str]]:
        # A stored step is about the objects it was approved for (its preview's ids), not about whoever
        # holds its addresses now: else a grant to a person whose address moved is not found as his, and
        # one to the address's new holder takes his end away (binding.py).
        ids = (preview or {}).get(IDS)
        bound = ids if isinstance(ids, dict) else None
        action, resource = str(data.get("action")), resource_identity(directory, data, bound)
        # Forwarding is one setting per mailbox: any change of it is about the same grant.
        if action == "email_forwarding_internal":
            return {(action, resource, "")}
        return {(action, resource, holder) for holder in grant_holders(directory, data, bound)}

    # When each grant was last changed through a request, and by which (superseded.later_change, for all).
    changed: dict[tuple[str, str, str], list[tuple[dt.datetime, str]]] = {}
    for request_id, updated, status, data, outcome, preview in later:
        if not decides_grant(status, outcome, data):
            continue
        for key in keys(data, preview):
            changed.setdefault(key, []).append((took_effect(outcome, updated), str(request_id)))
    ends: dict[tuple[str, str, str], CurrentEnd] = {}
    for row in held:
        found = keys(row.step, row.preview)
        start = since[(row.request_id, row.position)]
        # A later request decided this access: the scheduler leaves it (requests._expire_step).
        if any(when > start and rid != row.request_id for key in found for when, rid in changed.get(key, [])):
            continue
        change = (row.outcome or {}).get("change") or without_ids(row.preview)
        end = CurrentEnd(str(row.request_id), int(row.position), utc(row.expires), dict(change))
        for key in found:
            ends.setdefault(key, end)  # newest request first
    out: list[CurrentEnd | None] = []
    for step in steps:
        mine = [ends[key] for key in keys(step.model_dump(mode="json")) if key in ends]
        out.append(mine[0] if len(mine) == 1 else _newest(mine, held))
    return out


def _newest(ends: list[CurrentEnd], held: Sequence[Any]) -> CurrentEnd | None:
    """Of the ends a step with many holders finds, the one of the newest request (as `held` is ordered)."""
    if not ends:
        return None
    order = {(r.request_id, r.position): i for i, r in enumerate(held)}
    return min(ends, key=lambda e: order[(e.request_id, e.position)])


def extended(step: Step, found: Preflight, end: CurrentEnd | None) -> Preflight:
    """`found` (a grant's preflight) as seen against the current end of the access it finds."""
    if (
        end is None
        or not isinstance(found, Change)
        or not found.already
        or found.redacted
        or not _gives(step)
        or not isinstance(found.before, dict)
        or not isinstance(found.after, dict)
        # A calendar held at a higher level than a share asks for: that share is no extension of it.
        or found.before.get("access", getattr(step, "access", None)) != getattr(step, "access", None)
    ):
        return found
    asked = getattr(step, "expires", None)
    asked = utc(asked) if asked is not None else None
    held = f"{end.expires:%Y-%m-%d %H:%M} UTC"
    if asked is not None and asked <= end.expires:
        if asked == end.expires:
            return found.model_copy(update={"summary": f"{found.summary} until {held}"})
        return found.model_copy(
            update={
                "summary": f"{found.summary} until {held}, later than the end asked for",
                "warnings": [
                    *found.warnings,
                    f"The access stays until {held} (request {end.request_id}); to end it sooner, revoke it.",
                ],
            }
        )
    to = "makes it permanent" if asked is None else f"extends it to {asked:%Y-%m-%d %H:%M} UTC"
    return Change(
        before={**found.before, _UNTIL: end.expires.isoformat()},
        after={**found.before, _UNTIL: asked.isoformat() if asked is not None else None},
        already=False,
        summary=f"{found.summary} until {held} (request {end.request_id}); this {to}",
        warnings=list(found.warnings),
    )


def extension_of(preview: dict[str, Any]) -> bool:
    """Whether a stored preview is an extension (shown with the end it moves)."""
    before = preview.get("before")
    return isinstance(before, dict) and _UNTIL in before


async def with_current_ends(
    records: Records,
    ctx: ActionContext,
    tenant: str,
    steps: Sequence[Step],
    found: Sequence[Preflight],
) -> list[Preflight]:
    """Each preview, a grant over a time-bound one shown as the extension (or not) it is."""
    may = [
        i for i, (step, preview) in enumerate(zip(steps, found, strict=True)) if _may_extend(step, preview)
    ]
    ends = dict(zip(may, current_ends(records, ctx, tenant, [steps[i] for i in may]), strict=True))
    return [
        extended(step, preview, ends.get(i))
        for i, (step, preview) in enumerate(zip(steps, found, strict=True))
    ]


async def with_ends_of(
    reader: object,
    ctx: ActionContext,
    steps: Sequence[Step],
    found: Sequence[Preflight],
    *,
    service: Records | None = None,
    tenant: str | None = None,
) -> list[Preflight]:
    """`with_current_ends` from the records of `service` for `tenant`, or the reader's (a channel's session
    has both); the previews unchanged where neither knows them (a bare preview with no request records)."""
    if not any(_may_extend(step, preview) for step, preview in zip(steps, found, strict=True)):
        return list(found)
    # The reader's workspace before its request service: a plan's session builds the service (its audit log,
    # the ORM) only on first use, and the store is all this reads.
    records = service or getattr(reader, "workspace", None) or getattr(reader, "service", None)
    tenant = tenant or getattr(reader, "tenant_key", None)
    if records is None or tenant is None:
        return list(found)
    return await with_current_ends(records, ctx, tenant, steps, found)


def _may_extend(step: Step, preview: Preflight) -> bool:
    """A grant previewed as already in place, of an action that can end: it may be an extension."""
    already = isinstance(preview, Change) and preview.already
    return already and _gives(step) and hasattr(step, "expires")


def _gives(step: Step) -> bool:
    """Whether the step gives access (a grant, a list add, a calendar share, a forwarding set)."""
    return ACTIONS[step.action].gives_access(str(getattr(step, "change", "")))


def expiry_under_way(request_id: str | None) -> Exists:
    """Whether the scheduler is ending a time-bound grant of `request_id` right now (an expiry request of it
    not yet final): a conditional update that extends or restores that grant's end must not race it."""
    from mailwarden.store.tables import RequestRow  # the ORM: a plain plan imports none

    return (
        select(RequestRow.request_id)
        .where(
            RequestRow.parent_request_id == request_id,
            RequestRow.kind == "expiry",
            RequestRow.state.not_in([s.value for s in RequestState if s.is_final]),
        )
        .exists()
    )
