"""Running a grant that moves the end of a time-bound one (workflow/extension.py), alone or in a bulk run.

An extension writes nothing to the tenant (the right is there): it takes the old grant's end off its step in
the transaction that records itself applied with the old grant's change, so the old end never takes the
access away and the new one (if any) does. Three kinds of step may be one:

- previewed as an extension (its preview shows the end it moves): it runs as one, or drifts;
- previewed hidden from its requester (workflow/redact.py), or as a plain grant over access a time-bound
  grant run since its preview holds now (filed before it, approved after it): only the tenant as read now
  and the records tell; when it is no extension it runs as any step.

The judgement (`judged`) is the same whether the tenant was read for one step or for a chunk of them
(`preflight_many`), so a bulk run and a single step end each such step alike (issue 14).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from mailwarden.actions.base import ActionContext
from mailwarden.errors import MailwardenError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.requests import RequestStepView, RequestView
from mailwarden.model.steps import ACTIONS, Step
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow import service as service_module
from mailwarden.workflow.extension import CurrentEnd, current_ends, expiry_under_way, extended, extension_of
from mailwarden.workflow.service import Actor, RequestService

__all__ = ["Judged", "gives", "hidden_grant", "judged", "may_extend", "of_chunk", "record"]


def gives(step: RequestStepView) -> bool:
    """Whether the stored step gives access (a grant, a list add, a calendar share, a forwarding set)."""
    spec = ACTIONS.get(str(step.step.get("action")))
    return spec is not None and spec.gives_access(str(step.step.get("change")))


def hidden_grant(step: RequestStepView) -> bool:
    """A grant of a time-bound action whose preview was hidden from its requester (workflow/redact.py):
    whether it is an extension is only found out now, as it runs."""
    return bool(step.preview.get("redacted")) and gives(step) and "expires" in step.step


def may_extend(view: RequestView, step: RequestStepView) -> bool:
    """Whether the step may turn out to be an extension as it runs, the records of time-bound grants
    willing: previewed as one, hidden, or (a change's or an undo's grant) over access a time-bound grant run
    since may hold now."""
    return (
        extension_of(step.preview)
        or hidden_grant(step)
        or (view.kind in ("change", "undo") and gives(step) and "expires" in step.step)
    )


@dataclass(frozen=True)
class Judged:
    """What running a step found to be an extension (or an extension that cannot run) records."""

    position: int
    status: str
    outcome: dict[str, Any]
    previewed: Any = None
    """The before-state its preview showed (what a drifted record names)."""
    old: CurrentEnd | None = None
    """The time-bound grant whose end an applied extension takes off (in the transaction recording it)."""


def judged(step: RequestStepView, parsed: Step, found: Preflight, end: CurrentEnd | None) -> Judged | None:
    """The step's record when it runs as an extension, on the tenant as read (`found`, its preflight) and
    the current end of the access (`end`); None when it is to run as any step (a hidden grant, or one
    previewed as a plain grant, that is no extension)."""
    hidden = bool(step.preview.get("redacted"))
    # Previewed as a plain grant: the access it gives is what the approver approved, not the end it moves.
    plain = not hidden and not extension_of(step.preview)
    tentative = hidden or plain
    current = extended(parsed, found, end)
    if tentative and not (isinstance(current, Change) and extension_of(current.model_dump(mode="json"))):
        return None
    if isinstance(current, Refusal):
        return Judged(step.position, "refused", {"message": current.reason}, step.preview.get("before"))
    # A hidden preview showed no state, so there is none to drift from (as a step's run does).
    if end is None or _drifted(current, step.preview, hidden=hidden, plain=plain):
        return Judged(
            step.position,
            "drifted",
            {
                "message": "The access or its end changed since this extension was previewed and approved, "
                "so it was not run; submit it again to see the new preview.",
                "before": step.preview.get("before"),
                "after": current.before,
            },
            step.preview.get("before"),
        )
    outcome = {
        "message": f"{current.summary} (request {end.request_id} no longer ends it)",
        "before": current.before,
        "after": current.after,
        "change": end.change,
        "extends": {"request_id": end.request_id, "position": end.position},
    }
    return Judged(step.position, "applied", outcome, step.preview.get("before"), end)


def of_chunk(
    service: RequestService,
    ctx: ActionContext,
    view: RequestView,
    steps: Sequence[RequestStepView],
    parsed: Mapping[int, Step],
    found: Sequence[Preflight | MailwardenError],
) -> dict[int, Judged]:
    """Of a bulk run's chunk of `steps` (each `parsed` by position) as read (`found`, their preflights),
    the ones that run as extensions, by position, each `judged` on this read and on the current ends of the
    access, read for the chunk in one go, exactly as a step run alone is. Only a step previewed as an
    extension, or one that may turn out to be one and finds the access there, is looked at: a chunk of
    plain adds reads no records."""
    maybe = [
        (s, f)
        for s, f in zip(steps, found, strict=True)
        if isinstance(f, Change) and may_extend(view, s) and (f.already or extension_of(s.preview))
    ]
    if not maybe:
        return {}
    ends = current_ends(service, ctx, view.tenant, [parsed[s.position] for s, _ in maybe])
    out: dict[int, Judged] = {}
    taken: set[tuple[str, int]] = set()
    for (s, f), end in zip(maybe, ends, strict=True):
        if end is not None and (end.request_id, end.position) in taken:
            # The same access asked twice in one chunk: the first step took that end over, and a step run
            # alone after it would find no end left.
            end = None
        extension = judged(s, parsed[s.position], f, end)
        if extension is None:
            continue
        if extension.old is not None:
            taken.add((extension.old.request_id, extension.old.position))
        out[s.position] = extension
    return out


def _drifted(current: Change, preview: dict[str, Any], *, hidden: bool, plain: bool) -> bool:
    if hidden:
        return False
    if plain:
        # The access is there now, as the grant was to leave it; only its end moves.
        held = current.after if isinstance(current.after, dict) else {}
        return {k: v for k, v in held.items() if k != "until"} != preview.get("after")
    return current.before != preview.get("before") or current.after != preview.get("after")


def record(
    service: RequestService,
    view: RequestView,
    actor: Actor,
    extensions: Iterable[Judged],
    *,
    asked: Mapping[int, dict[str, Any]] | None = None,
) -> None:
    """Record judged extensions: each applied one with its old grant's end taken off in the transaction
    that records it (a transaction for as many as `record_steps` records at once, while no old end among
    them moved since it was read; else one at a time, each one whose old end was taken, or is being taken,
    by the scheduler meanwhile recorded drifted instead). A retry finds each step recorded, or its old end
    still on: never half of one."""
    pending = list(extensions)
    size = max(1, service_module.RECORD_CHUNK)
    for start in range(0, len(pending), size):
        together = pending[start : start + size]
        try:
            _record(service, view, actor, together, asked)
        except _EndMoved:
            for one in together:
                try:
                    _record(service, view, actor, [one], asked)
                except _EndMoved:
                    assert one.old is not None
                    drifted = {
                        "message": f"Request {one.old.request_id}'s access ended or is ending while this "
                        "extension ran, so it was not run; submit it again to see the new preview.",
                        "before": one.previewed,
                        "after": None,
                    }
                    service.record_steps(view, [(one.position, "drifted", drifted)], actor, asked=asked)


def _record(
    service: RequestService,
    view: RequestView,
    actor: Actor,
    together: list[Judged],
    asked: Mapping[int, dict[str, Any]] | None,
) -> None:
    """`together` recorded in one transaction (fewer than `record_steps` splits), the old ends of the applied
    ones taken off in it."""
    olds = [j.old for j in together if j.status == "applied" and j.old is not None]
    outcomes = [(j.position, j.status, j.outcome) for j in together]
    service.record_steps(view, outcomes, actor, also=_drop_ends(olds) if olds else None, asked=asked)


def _drop_ends(olds: list[CurrentEnd]) -> Callable[[Session], None]:
    def drop(session: Session) -> None:
        # What was read may be stale by now: the scheduler (another process) may have taken the access away,
        # or be taking it, since. Only a grant still ending and with no expiry under way is extended; else
        # nothing of this transaction is kept.
        for old in olds:
            dropped = session.execute(
                update(RequestStepRow)
                .where(
                    RequestStepRow.request_id == old.request_id,
                    RequestStepRow.position == old.position,
                    RequestStepRow.expires.is_not(None),
                    RequestStepRow.reverted_by.is_(None),
                    ~expiry_under_way(old.request_id),
                )
                .values(expires=None)
            )
            if getattr(dropped, "rowcount", 0) != 1:
                raise _EndMoved

    return drop


class _EndMoved(Exception):
    """An old grant's end was taken (or is being taken) by the scheduler after the extension read it."""
