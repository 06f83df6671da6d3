"""The time-bound grant an expiry request ends, and whether that end is still this request's to run.

An expiry request (workflow/requests.py `run_expiries`) ends steps of its parent request, each of its steps
one: the parent's step that gave the access the expiry's step takes back (the same action, resource and
holder). Only one end may run for a grant: the one recorded first marks the grant's step taken back
(`reverted_by`), in the transaction that records it: alone (`mark_ended`) or on the bulk path, a chunk at a
time (`mark_ended_of`, bulk_run.py), so a run of the expiry however it comes (the sweep, a takeover, a
retry) ties what it ended. An expiry that failed stays failed while the
next sweep files another, which may end the access; the owner may then give it again. Retried after that,
the first end would run a second time and take what the owner gave since (red team 51): `why_not_run` says
it must not, and names the request that ended the grant, for the retry (service.reopen_failed) and for a
run of it (executor). The same holds for a grant whose end was taken off since (an extension took it
over, or the scheduler refused the end): there is nothing left to end.

Which step is the grant: the one whose position the expiry's step was filed with (`ENDS`, in its stored
preview). Expiries filed before that carry none: for them it is read from the steps themselves (the same
action, and the ids they were approved for, else their addresses), which ties an end to every step of the
parent giving the same right to the same holder (two shares of one calendar at two levels, with two ends).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailwarden.model.requests import RequestView
from mailwarden.model.steps import ACTIONS
from mailwarden.store.db import Store
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow.binding import ENDS

__all__ = [
    "ENDS",
    "EndedGrant",
    "ended_grants",
    "ended_grants_of",
    "mark_ended",
    "mark_ended_of",
    "why_not_run",
    "why_not_run_of",
]


_KEYS = ("mailbox", "owner", "group", "trustee", "grantee", "member")
"""What names the grant on both steps: the resource, and the holder (a forwarding's clear names only the
mailbox: forwarding is one setting per mailbox, so any time-bound set of it is the grant)."""


@dataclass(frozen=True)
class EndedGrant:
    """A step of the parent request that the expiry's step ends, as the store holds it now."""

    position: int
    expires: dt.datetime | None
    reverted_by: str | None


def ended_grants(
    store: Store, view: RequestView, step: dict[str, Any], preview: dict[str, Any]
) -> list[EndedGrant]:
    """The steps of `view`'s parent request that the expiry step `step` (with its stored `preview`) ends:
    the one it was filed for (`ENDS`); for an expiry filed before it was stored, steps giving access of its
    action, about the same resource and holder. Empty for any other request."""
    return ended_grants_of(store, view, [(step, preview)])[0]


def ended_grants_of(
    store: Store, view: RequestView, ends: Sequence[tuple[dict[str, Any], dict[str, Any]]]
) -> list[list[EndedGrant]]:
    """`ended_grants` of each of the expiry's steps `ends` (step, stored preview), the parent's steps read
    once for all of them (a bulk expiry's chunk)."""
    if view.kind != "expiry" or view.parent_request_id is None or not ends:
        return [[] for _ in ends]
    actions = sorted({str(step.get("action")) for step, _ in ends})
    filed = [_filed_for(preview) for _, preview in ends]
    positions = sorted({p for p in filed if p is not None})
    with store.session() as session:
        columns = select(
            RequestStepRow.position,
            RequestStepRow.step,
            RequestStepRow.preview,
            RequestStepRow.expires,
            RequestStepRow.reverted_by,
        ).where(RequestStepRow.request_id == view.parent_request_id)
        # Matched by their contents only for ends filed before the position was stored.
        unfiled = any(p is None for p in filed)
        rows = (
            session.execute(columns.where(RequestStepRow.step["action"].as_string().in_(actions))).all()
            if unfiled
            else []
        )
        # The steps the ends were filed for, whatever else of the parent gives the same right to the same
        # holder (two shares of one calendar at two levels, with two ends).
        at = {
            row.position: row
            for row in (
                session.execute(columns.where(RequestStepRow.position.in_(positions))).all()
                if positions
                else []
            )
        }
    grants = [
        row
        for row in rows
        if str(row.step.get("action")) in ACTIONS
        and ACTIONS[str(row.step.get("action"))].gives_access(str(row.step.get("change")))
    ]
    # By each key's bound id and its address, so that each end is compared (`_same`) with the few grants
    # that can be its own, not with all of a bulk request's thousands.
    index: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(grants):
        ids = _ids(row.preview)
        for key in _KEYS:
            named, bound = row.step.get(key), ids.get(key)
            if isinstance(named, str) and named:
                index.setdefault((key, named.strip().casefold()), []).append(i)
            if isinstance(bound, str) and bound:
                index.setdefault((f"{key}#", bound.lower()), []).append(i)
    out = []
    for (step, preview), filed_for in zip(ends, filed, strict=True):
        if filed_for is not None:
            own = at.get(filed_for)
            out.append([] if own is None else [EndedGrant(own.position, own.expires, own.reverted_by)])
            continue
        action = str(step.get("action"))
        holder = next((k for k in reversed(_KEYS) if isinstance(step.get(k), str) and step.get(k)), None)
        if holder is None:
            candidates: list[int] = list(range(len(grants)))
        else:
            bound = _ids(preview).get(holder)
            candidates = sorted(
                {
                    *index.get((holder, str(step[holder]).strip().casefold()), []),
                    *(
                        index.get((f"{holder}#", bound.lower()), [])
                        if isinstance(bound, str) and bound
                        else []
                    ),
                }
            )
        out.append(
            [
                EndedGrant(grants[i].position, grants[i].expires, grants[i].reverted_by)
                for i in candidates
                if grants[i].step.get("action") == action
                and _same(step, preview, grants[i].step, grants[i].preview)
            ]
        )
    return out


def _filed_for(preview: dict[str, Any]) -> int | None:
    """The position of the parent's step an expiry's step was filed to end (`ENDS`); None for one filed
    before the position was stored."""
    filed_for = preview.get(ENDS)
    return filed_for if isinstance(filed_for, int) and not isinstance(filed_for, bool) else None


def why_not_run(store: Store, view: RequestView, step: dict[str, Any], preview: dict[str, Any]) -> str | None:
    """Why the step of expiry `view` must not run now: the grant it ends was taken back by another request
    since (its end ran), or no longer has an end; None when it may run (or `view` is no expiry, or its grant
    cannot be found: a row from before, decided as it always was)."""
    return _why_not(view, ended_grants(store, view, step, preview))


def why_not_run_of(
    store: Store, view: RequestView, ends: Sequence[tuple[dict[str, Any], dict[str, Any]]]
) -> list[str | None]:
    """`why_not_run` of each of the expiry's steps `ends` (step, stored preview), read in one query."""
    return [_why_not(view, grants) for grants in ended_grants_of(store, view, ends)]


def _why_not(view: RequestView, grants: list[EndedGrant]) -> str | None:
    if not grants:
        return None
    others = sorted({g.reverted_by for g in grants if g.reverted_by not in (None, view.request_id)})
    if others and all(g.reverted_by not in (None, view.request_id) for g in grants):
        by = ", ".join(others)
        return (
            f"Request {by} already ended this access (request {view.parent_request_id}'s time-bound grant) "
            "while this expiry waited; ending it again would take away what was given since, so nothing was "
            "run."
        )
    if all(g.expires is None and g.reverted_by is None for g in grants):
        return (
            f"Request {view.parent_request_id}'s grant no longer ends (a later request took its end over, or "
            "its end was refused since), so this expiry has nothing to end and nothing was run."
        )
    return None


def mark_ended(
    store: Store, view: RequestView, step: dict[str, Any], preview: dict[str, Any]
) -> Callable[[Session], None]:
    """For the record of an expiry's step that ended its grant: marks the grant's step taken back by `view`
    in the same transaction, unless an end was recorded for it first (the first end is the grant's)."""
    return mark_ended_of(store, view, [(step, preview)])


def mark_ended_of(
    store: Store, view: RequestView, ends: Sequence[tuple[dict[str, Any], dict[str, Any]]]
) -> Callable[[Session], None]:
    """`mark_ended` of each of the expiry's steps `ends` (step, stored preview) that ended its grant, the
    parent's steps read once for all of them: a bulk run's chunk, tied in the transaction that records it
    (red team 56: tied after the run, a kill or a retry left the grants due, and the next sweep ended them
    again, taking what another admin gave since)."""
    positions = sorted({g.position for grants in ended_grants_of(store, view, ends) for g in grants})

    def mark(session: Session) -> None:
        if not positions:
            return
        session.execute(
            update(RequestStepRow)
            .where(
                RequestStepRow.request_id == view.parent_request_id,
                RequestStepRow.position.in_(positions),
                RequestStepRow.reverted_by.is_(None),
            )
            .values(reverted_by=view.request_id, refused_end=None, refused_reason=None)
        )

    return mark


def _same(
    end: dict[str, Any], end_preview: dict[str, Any], grant: dict[str, Any], grant_preview: Any
) -> bool:
    end_ids = _ids(end_preview)
    grant_ids = _ids(grant_preview)
    for key in _KEYS:
        named = end.get(key)
        if not isinstance(named, str) or not named:
            continue
        other = grant.get(key)
        if not isinstance(other, str) or not other:
            return False
        bound, its_bound = end_ids.get(key), grant_ids.get(key)
        if isinstance(bound, str) and bound and isinstance(its_bound, str) and its_bound:
            # The objects each was approved for: an address may have moved between the grant and its end.
            if bound.lower() != its_bound.lower():
                return False
        elif named.strip().casefold() != other.strip().casefold():
            return False
    return True


def _ids(preview: Any) -> dict[str, Any]:
    ids = preview.get("ids") if isinstance(preview, dict) else None
    return ids if isinstance(ids, dict) else {}
