"""Undoing an extension: the old end put back, never the access taken away at once.

An extension (workflow/extension.py) wrote nothing to the tenant: it took the end off a time-bound grant and
recorded itself applied with that grant's change. Reverting that change would revoke the access now, which
neither grant asked for. So its undo is a grant with the old end (`restoring_end`), previewed as the end
moving back, decided as the revoke it amounts to (cutting access short is taking it away), and run without a
write (`restore_end`): the extension's step is marked reverted by the undo in the transaction that records
the undo's step applied, with the time-bound grant's change and the old end, so the scheduler ends the access
then, as the first grant would have. An old end already past ends it at the next expiry sweep.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext
from mailwarden.errors import MailwardenError
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestStepView, RequestView
from mailwarden.model.steps import ACTIONS, Step, parse_step
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow.extension import expiry_under_way
from mailwarden.workflow.service import Actor, RequestService

__all__ = ["decided_as", "restore_end", "restores_end", "restoring_end"]

_UNTIL = "until"


def restoring_end(step: RequestStepView) -> tuple[Step, Change, Step] | None:
    """For an applied extension step: the grant with the old end its undo runs, its preview, and the revoke
    the policy decides it as; None for any other step."""
    outcome = step.outcome or {}
    extends, before = outcome.get("extends"), outcome.get("before")
    if not isinstance(extends, dict) or not isinstance(before, dict) or not before.get(_UNTIL):
        return None
    old_end = _utc(dt.datetime.fromisoformat(str(before[_UNTIL])))
    held = {k: v for k, v in before.items() if k != _UNTIL}
    plain = {k: v for k, v in step.step.items() if k != "expires"}
    grant = parse_step({**plain, "expires": old_end.isoformat()})
    revoke = _inverse(plain)
    change = outcome.get("change")
    given = str((change.get("summary") if isinstance(change, dict) else None) or "The access")
    now_until = _utc(step.expires).isoformat() if step.expires is not None else None
    preview = Change(
        before={**held, _UNTIL: now_until},
        after={**held, _UNTIL: old_end.isoformat()},
        summary=f"{given} until {old_end:%Y-%m-%d %H:%M} UTC again, as request {extends.get('request_id')} "
        "gave it (the extension is undone; the access stays until then)",
    )
    return grant, preview, revoke


def restores_end(view: RequestView, step: RequestStepView) -> bool:
    """Whether `step` of `view` is an undo's putting back of an old end (run by `restore_end`)."""
    before, after = step.preview.get("before"), step.preview.get("after")
    # An undo's grant for good over time-bound access (the undo of a revoke) is previewed with an end too,
    # as the extension it is: only a grant that carries the end it moves the access to puts one back.
    return (
        view.kind == "undo"
        and isinstance(before, dict)
        and _UNTIL in before
        and isinstance(after, dict)
        and after.get(_UNTIL) is not None
        and step.step.get("expires") is not None
    )


def decided_as(view: RequestView, step: RequestStepView) -> Step:
    """The step the policy decides (again, on live facts): for an old end put back, the revoke it amounts
    to; else the step itself."""
    if not restores_end(view, step):
        return parse_step(step.step)
    return _inverse({k: v for k, v in step.step.items() if k != "expires"})


def _inverse(plain: dict[str, Any]) -> Step:
    return parse_step({**plain, "change": ACTIONS[str(plain["action"])].inverse_of(str(plain["change"]))})


async def restore_end(
    service: RequestService, ctx: ActionContext, view: RequestView, step: RequestStepView, actor: Actor
) -> None:
    """Run an undo's `restoring_end` step: no write; the extension it undoes marked reverted by it, in the
    transaction that records it applied with the old end. Drifted (nothing changed) when the access is gone,
    or the extension was ended or undone since the preview."""
    parsed = parse_step(step.step)
    try:
        found = await WRITE_ACTIONS[parsed.action].preflight(ctx, parsed)
    except MailwardenError as exc:
        service.record_step(view, step.position, "failed", {"message": str(exc)}, actor)
        return
    extension = _extension(service, view, step)
    if not (isinstance(found, Change) and found.already) or extension is None:
        gone = "the access is no longer there" if extension else "the extension ended or was undone"
        service.record_step(view, step.position, "drifted", _drifted(step, gone), actor)
        return
    outcome = {
        "message": str(step.preview.get("summary")),
        "before": step.preview.get("before"),
        "after": step.preview.get("after"),
        "change": (extension.outcome or {}).get("change"),
        "restores": {"request_id": view.parent_request_id, "position": extension.position},
    }

    def take_over(session: Session) -> None:
        # The scheduler (another process) may be ending the extension meanwhile: only one still standing,
        # with no expiry of it under way, is undone; else nothing of this transaction is kept.
        expiring = expiry_under_way(view.parent_request_id)
        taken = session.execute(
            update(RequestStepRow)
            .where(
                RequestStepRow.request_id == view.parent_request_id,
                RequestStepRow.position == extension.position,
                RequestStepRow.reverted_by.is_(None),
                ~expiring,
            )
            .values(reverted_by=view.request_id, refused_end=None, refused_reason=None)
        )
        if getattr(taken, "rowcount", 0) != 1:
            raise _Moved

    try:
        service.record_step(view, step.position, "applied", outcome, actor, also=take_over)
    except _Moved:
        drifted = _drifted(step, "the extension is ending or ended meanwhile")
        service.record_step(view, step.position, "drifted", drifted, actor)


class _Moved(Exception):
    """The extension was ended or undone by someone else after it was read."""


def _extension(service: RequestService, view: RequestView, step: RequestStepView) -> RequestStepView | None:
    """The extension step of the undone request this step puts the old end back for, still standing with
    the end the undo was previewed over."""
    if view.parent_request_id is None:
        return None
    parent = service.get(view.tenant, view.parent_request_id)
    plain = {k: v for k, v in step.step.items() if k != "expires"}
    before = step.preview.get("before")
    until = before.get(_UNTIL) if isinstance(before, dict) else None
    for other in parent.every_step():
        if (
            other.status == "applied"
            and other.reverted_by is None
            and "extends" in (other.outcome or {})
            and {k: v for k, v in other.step.items() if k != "expires"} == plain
            and (_utc(other.expires).isoformat() if other.expires is not None else None) == until
        ):
            return other
    return None


def _drifted(step: RequestStepView, why: str) -> dict[str, Any]:
    return {
        "message": f"Not run: {why} since this undo was previewed, so there is no end to put back; "
        "nothing was changed.",
        "before": step.preview.get("before"),
        "after": step.preview.get("before"),
    }


def _utc(when: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; every stored time is UTC.
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
