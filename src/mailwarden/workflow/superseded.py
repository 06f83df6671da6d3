"""A drift revert or an expiry overtaken by mailwarden's own process.

A revert the drift scan proposes waits for an admin, maybe for days. If meanwhile a request of a person
changed the same grant (the holder gave up the access an admin had given outside, asked for it, and the
owner approved), the tenant can look just as it did when the revert was proposed, so its preview still
matches; running it would take away access that was approved after the scan saw the drift (or give back
access that was taken away through a request). Such a revert does not run: the newer request decided it.

The same holds for the scheduler ending time-bound access: if a later request took the grant back and gave
it again for good, the tenant holds what the later request gave, and the expiry of the first must leave it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

from sqlalchemy import or_, select

from mailwarden.directory.snapshot import Directory
from mailwarden.model.requests import RequestView
from mailwarden.model.steps import CalendarAccess
from mailwarden.store.tables import RequestRow, RequestStepRow
from mailwarden.workflow.binding import IDS
from mailwarden.workflow.grant_records import (
    DRIFT_SCAN_REQUESTER,
    decides_grant,
    grant_holders,
    resource_identity,
    took_effect,
    utc,
)
from mailwarden.workflow.service import RequestService

__all__ = [
    "LaterStep",
    "earlier_change",
    "later_change",
    "later_step",
    "superseded_reason",
    "superseding_request",
    "took_effect",
]


def superseding_request(
    service: RequestService,
    directory: Directory,
    view: RequestView,
    step: dict[str, Any],
    preview: dict[str, Any] | None = None,
) -> str | None:
    """For a drift revert's step: the id of the request of a person whose change to the same grant took
    effect last, after the revert was proposed; None when there is none (or `view` is not a drift
    revert)."""
    if view.requester != DRIFT_SCAN_REQUESTER:
        return None
    return later_change(service, directory, view, step, preview=preview, people_only=True)


def superseded_reason(
    service: RequestService,
    directory: Directory,
    view: RequestView,
    step: dict[str, Any],
    preview: dict[str, Any] | None = None,
    *,
    resumed: bool = False,
) -> str | None:
    """Why a step that takes back what mailwarden did (a drift revert, an expiry, an undo) must not run: a
    later request changed the same grant (its action, resource and holder) after it was decided; None when
    none did, or `view` is none of those.

    An expiry runs when filed, but a run killed before its write leaves it `executing`, and a worker resumes
    it later, maybe after the scheduler filed and completed a second expiry and a later request gave the
    access again for good (red team 44): run then, it would take away what that request decided. Any later
    change counts (another expiry, a drift revert included), after the expiry was filed. An undo decides over
    what was changed before it was approved (red team 12: an undo of a revoke approved after a time-bound
    grant gives the access for good), so only one `resumed` (its step marked by a run that died) is
    checked, against changes after its last approval. A drift revert yields to a person's request only
    (`superseding_request`)."""
    if view.requester == DRIFT_SCAN_REQUESTER:
        newer = later_change(service, directory, view, step, preview=preview, people_only=True)
        if newer is None:
            return None
        return (
            f"Request {newer} changed this access through mailwarden after the drift scan proposed this "
            "revert, so the revert was not run: that request decided it."
        )
    since: dt.datetime | None = None
    if view.kind == "undo" and resumed:
        approved = [a.time for a in view.approvals if a.verdict == "approve"]
        since = max(approved) if approved else None
    elif view.kind != "expiry":
        return None
    newer = later_change(service, directory, view, step, since=since, preview=preview)
    if newer is None:
        return None
    what = "expiry" if view.kind == "expiry" else "undo"
    return (
        f"Request {newer} changed this access through mailwarden after this {what} was filed, so the {what} "
        "was not run (superseded): that request decided it."
    )


def later_change(
    service: RequestService,
    directory: Directory,
    view: RequestView,
    step: dict[str, Any],
    *,
    since: dt.datetime | None = None,
    preview: dict[str, Any] | None = None,
    people_only: bool = False,
    found_for_a_while: bool = False,
) -> str | None:
    """The id of the request whose change to the grant `step` is about (the same action, resource and
    holder; a change made, or found made by a decided run: `decides_grant`) took effect last, after `since`
    (when `view` was filed, unless given: for a grant that ran, when it took effect); None when there is none.

    `found_for_a_while`: a run that found the access there for a time-bound grant (recorded "already", with
    an end) counts too. Not for an end, which it would keep for good (`decides_grant`); for a take-back of
    the write that put the access there, which would otherwise take away what that later request was
    approved for until its end (red team 67 F4).

    Ordered by when the change took effect, not when its request was filed: a request asked before `view`
    may have waited days for its approver and run after it, and then it is the later decision. Only the
    step's own time counts (`took_effect`), so nothing done to an old request later (a retry of its other
    steps, a note on it) moves its change past `view`. `people_only` leaves out the drift scan's reverts.
    The ends of `view`'s own steps are no decision over its other steps: an end that puts back a lower
    level another of its steps gave (two shares of one calendar in one request) leaves that step's own end
    due, and counted, it would keep the lower level for good."""
    latest = later_step(
        service,
        directory,
        view,
        step,
        since=since,
        preview=preview,
        people_only=people_only,
        found_for_a_while=found_for_a_while,
    )
    return latest.request_id if latest is not None else None


@dataclass(frozen=True)
class LaterStep:
    """The step of another request that decided a grant last (`later_step`), as stored."""

    request_id: str
    position: int
    status: str
    step: dict[str, Any]
    outcome: dict[str, Any] | None
    preview: dict[str, Any] | None = None


def later_step(
    service: RequestService,
    directory: Directory,
    view: RequestView,
    step: dict[str, Any],
    *,
    since: dt.datetime | None = None,
    preview: dict[str, Any] | None = None,
    people_only: bool = False,
    found_for_a_while: bool = False,
    holding_at: dt.datetime | None = None,
) -> LaterStep | None:
    """The step whose request `later_change` names; None when there is none.

    `holding_at` (a take-back's, with `found_for_a_while`: now): the last decision must also hold the access
    the write gave, or it decides nothing about it (None). It asks at least what the write made (the same
    direction; for a calendar a level at or above the written one: `_covers_write`; red team 69 F1, F6),
    and an end it has is still ahead: one whose end passed is due, its access going, so the refused write
    goes now (F5). A Free/Busy share for a week is no decision on an Editor share: taken for one, the Editor
    share was kept, and the week's end, judged on Free/Busy, was denied and taken off: Editor for good. A
    removal made since is no decision to keep a grant either: the access is gone."""
    action = str(step["action"])
    since = utc(since or view.created)
    same = _same_grant(directory, step, preview)
    covers = _covers_write(directory, step, preview)
    # A step that took effect after `since` belongs to a request last moved after it (it ends after its
    # steps): the database narrows to those, the step's own time decides.
    query = (
        select(
            RequestRow.request_id,
            RequestRow.updated,
            RequestStepRow.position,
            RequestStepRow.status,
            RequestStepRow.step,
            RequestStepRow.outcome,
            RequestStepRow.preview,
        )
        .join(RequestStepRow, RequestStepRow.request_id == RequestRow.request_id)
        .where(
            RequestRow.tenant_key == view.tenant,
            RequestRow.request_id != view.request_id,
            or_(RequestRow.kind != "expiry", RequestRow.parent_request_id.is_distinct_from(view.request_id)),
            RequestRow.updated > since,
            RequestStepRow.status.in_(("applied", "already")),
            RequestStepRow.step["action"].as_string() == action,
        )
    )
    if people_only:
        query = query.where(RequestRow.requester != DRIFT_SCAN_REQUESTER)
    with service.store.session() as session:
        rows = session.execute(query).all()
    latest: tuple[dt.datetime, LaterStep] | None = None
    found_there: list[tuple[dt.datetime, LaterStep]] = []
    wrote = since
    for request_id, updated, position, status, other, outcome, its_preview in rows:
        if not (
            decides_grant(status, outcome, other)
            or (found_for_a_while and status == "already" and bool(outcome) and other.get("expires"))
        ):
            continue
        when = took_effect(outcome, updated)
        if when > since and same(other, its_preview):
            later = LaterStep(str(request_id), int(position), str(status), other, outcome, its_preview)
            if status == "already":
                found_there.append((when, later))
            else:
                wrote = max(wrote, when)
            if latest is None or when > latest[0]:
                latest = (when, later)
    if latest is None or holding_at is None:
        return latest[1] if latest is not None else None
    # The last decision, whatever it decided: an earlier one that gave the access was overridden by it.
    found = latest[1]
    if found.status == "already":
        # Requests that only found the access there since the last one that wrote decided it together: the
        # one approved until the latest end holds it (red team 72 F2: the last run, ending a day later, cut
        # short what another was approved for until the seventh: asked again with an earlier end, a grant
        # never cuts access short, workflow/extension.py).
        found = max(
            (
                s
                for when, s in found_there
                if when > wrote and covers(s.step, s.preview) and not _ended(s.step, utc(holding_at))
            ),
            key=lambda s: _end_of(s.step),
            default=found,
        )
    if (
        found.status == "applied"
        and found.step.get("change") == step.get("change")
        and not covers(found.step, found.preview)
    ):
        # It gave the access again since, differently (a lower level, another target): what the tenant holds
        # now is its, the write it replaced is gone, and an undo would take away what it gave (red team 72
        # F1: a Free/Busy share made since the refused Reviewer one was revoked whole). A removal since is no
        # such decision: the access is gone, and the undo finds it so (F6).
        return found
    if not covers(found.step, found.preview) or _ended(found.step, utc(holding_at)):
        return None
    return found


def _end_of(step: dict[str, Any]) -> dt.datetime:
    """When `step`'s end is: never for a step without one (for good), the earliest time for one that cannot
    be read (`_ended` holds it ended)."""
    end = step.get("expires")
    if not isinstance(end, str):
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    try:
        return utc(dt.datetime.fromisoformat(end))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)


def _ended(step: dict[str, Any], now: dt.datetime) -> bool:
    return _end_of(step) <= now


def earlier_change(
    service: RequestService,
    directory: Directory,
    view: RequestView,
    step: dict[str, Any],
    *,
    before: dt.datetime,
    preview: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The step of another request whose change to the grant `step` is about took effect last before
    `before` (the access as `step` found it, as far as mailwarden changed it); None when there is none."""
    action = str(step["action"])
    before = utc(before)
    same = _same_grant(directory, step, preview)
    query = (
        select(RequestRow.updated, RequestStepRow.step, RequestStepRow.outcome, RequestStepRow.preview)
        .join(RequestStepRow, RequestStepRow.request_id == RequestRow.request_id)
        .where(
            RequestRow.tenant_key == view.tenant,
            RequestRow.request_id != view.request_id,
            RequestRow.created < before,
            RequestStepRow.status == "applied",
            RequestStepRow.step["action"].as_string() == action,
        )
    )
    with service.store.session() as session:
        rows = session.execute(query).all()
    latest: tuple[dt.datetime, dict[str, Any]] | None = None
    for updated, other, outcome, its_preview in rows:
        when = took_effect(outcome, updated)
        if when < before and (latest is None or when > latest[0]) and same(other, its_preview):
            latest = (when, dict(other))
    return latest[1] if latest is not None else None


def _same_grant(
    directory: Directory, step: dict[str, Any], preview: dict[str, Any] | None
) -> Callable[[dict[str, Any], dict[str, Any] | None], bool]:
    """Whether another step (with its stored preview) of its action is about the grant `step` is about (its
    resource and holder): the objects each was approved for (their preview's ids), not whoever holds their
    addresses now, or a grant to the new holder of a trustee's address would pass for a decision on his."""
    action = str(step["action"])
    resource = resource_identity(directory, step, _ids(preview))
    holders = grant_holders(directory, step, _ids(preview))

    def same(other: dict[str, Any], its_preview: dict[str, Any] | None) -> bool:
        if resource_identity(directory, other, _ids(its_preview)) != resource:
            return False
        # Forwarding is one setting per mailbox: any change of it through a request decides it.
        return action == "email_forwarding_internal" or bool(
            holders & grant_holders(directory, other, _ids(its_preview))
        )

    return same


def _covers_write(
    directory: Directory, step: dict[str, Any], preview: dict[str, Any] | None
) -> Callable[[dict[str, Any], dict[str, Any] | None], bool]:
    """Whether another step of the grant `step` is about (`_same_grant`) asked for at least what `step`
    makes: the same change (a grant, not a revoke), for a calendar a level at or above `step`'s, for
    forwarding the same target; a list's member, a mailbox's trustee, are the holder `_same_grant` matched."""
    action, change = str(step["action"]), step.get("change")
    written = step.get("access")
    targets = grant_holders(directory, step, _ids(preview))

    def covers(other: dict[str, Any], its_preview: dict[str, Any] | None) -> bool:
        if other.get("action") != action or other.get("change") != change:
            return False
        if action == "calendar_share" and written is not None:
            levels = get_args(CalendarAccess)
            asked = other.get("access")
            return written in levels and asked in levels and levels.index(asked) >= levels.index(written)
        if action == "email_forwarding_internal":
            return grant_holders(directory, other, _ids(its_preview)) == targets
        return True

    return covers


def _ids(preview: dict[str, Any] | None) -> dict[str, Any] | None:
    ids = (preview or {}).get(IDS)
    return ids if isinstance(ids, dict) else None
