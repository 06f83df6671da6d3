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
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from mailwarden.actions.base import ActionContext
from mailwarden.model.changes import Change, Preflight
from mailwarden.model.steps import Step
from mailwarden.store.tables import RequestRow, RequestStepRow

if TYPE_CHECKING:
    from mailwarden.workflow.service import RequestService

__all__ = ["CurrentEnd", "current_end", "extended", "extension_of", "with_current_ends", "with_ends_of"]

_UNTIL = "until"


@dataclass(frozen=True)
class CurrentEnd:
    """The applied time-bound step that holds the access now, and when its expiry takes it away."""

    request_id: str
    position: int
    expires: dt.datetime
    change: dict[str, Any]
    """What the time-bound grant changed (its revert restores the access as it was before it)."""


def current_end(service: RequestService, ctx: ActionContext, tenant: str, step: Step) -> CurrentEnd | None:
    """The pending expiry of the grant `step` is about (same action, resource and holder); None if none."""
    # Loaded here, not at import: a plan with no grant over a time-bound one never needs the request service
    # (and its audit log), which a plan's cold start would otherwise pay for.
    from mailwarden.workflow.superseded import _holders, _identity, _resource, later_change

    data = step.model_dump(mode="json")
    resource, holders = _identity(ctx.directory, _resource(data)), _holders(ctx.directory, data)
    with service.store.session() as session:
        rows = session.execute(
            select(RequestStepRow.request_id, RequestStepRow.position, RequestStepRow.step)
            .join(RequestRow, RequestRow.request_id == RequestStepRow.request_id)
            .where(
                RequestRow.tenant_key == tenant,
                RequestStepRow.status == "applied",
                RequestStepRow.expires.is_not(None),
                RequestStepRow.reverted_by.is_(None),
                RequestStepRow.step["action"].as_string() == step.action,
            )
            .order_by(RequestRow.created.desc())
        ).all()
    for request_id, position, other in rows:
        if _identity(ctx.directory, _resource(other)) != resource or not holders & _holders(
            ctx.directory, other
        ):
            continue
        view = service.get(tenant, request_id)
        held = view.steps[position]
        # A later request decided this access: the scheduler leaves it (requests._expire_step).
        if held.expires is None or later_change(service, ctx.directory, view, held.step, people_only=True):
            continue
        change = (held.outcome or {}).get("change") or {k: v for k, v in held.preview.items() if k != "kind"}
        return CurrentEnd(str(request_id), int(position), _utc(held.expires), dict(change))
    return None


def extended(step: Step, found: Preflight, end: CurrentEnd | None) -> Preflight:
    """`found` (a grant's preflight) as seen against the current end of the access it finds."""
    if (
        end is None
        or not isinstance(found, Change)
        or not found.already
        or found.redacted
        or getattr(step, "change", None) != "grant"
        or not isinstance(found.before, dict)
        or not isinstance(found.after, dict)
    ):
        return found
    asked = getattr(step, "expires", None)
    asked = _utc(asked) if asked is not None else None
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
    service: RequestService,
    ctx: ActionContext,
    tenant: str,
    steps: Sequence[Step],
    found: Sequence[Preflight],
) -> list[Preflight]:
    """Each preview, a grant over a time-bound one shown as the extension (or not) it is."""
    out = []
    for step, preview in zip(steps, found, strict=True):
        end = current_end(service, ctx, tenant, step) if _may_extend(step, preview) else None
        out.append(extended(step, preview, end))
    return out


async def with_ends_of(
    reader: object,
    ctx: ActionContext,
    steps: Sequence[Step],
    found: Sequence[Preflight],
    *,
    service: RequestService | None = None,
    tenant: str | None = None,
) -> list[Preflight]:
    """`with_current_ends` from the records of `service` for `tenant`, or the reader's (a channel's session
    has both); the previews unchanged where neither knows them (a bare preview with no request records)."""
    if not any(_may_extend(step, preview) for step, preview in zip(steps, found, strict=True)):
        return list(found)  # asked before `reader.service`, which a plan's session builds only on first use
    service = service or getattr(reader, "service", None)
    tenant = tenant or getattr(reader, "tenant_key", None)
    if service is None or tenant is None:
        return list(found)
    return await with_current_ends(service, ctx, tenant, steps, found)


def _may_extend(step: Step, preview: Preflight) -> bool:
    """A grant previewed as already in place, of an action that can end: it may be an extension."""
    already = isinstance(preview, Change) and preview.already
    return already and getattr(step, "change", None) == "grant" and hasattr(step, "expires")


def _utc(when: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; every stored time is UTC.
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
