"""The time-bound grant an expiry request ends, and whether that end is still this request's to run.

An expiry request (workflow/requests.py `_expire_step`) ends one step of its parent request: the parent's
step that gave the access its one step takes back (the same action, resource and holder). Only one end may
run for a grant: the one recorded first marks the grant's step taken back (`reverted_by`), in the
transaction that records it (`mark_ended`). An expiry that failed stays failed while the next sweep files
another, which may end the access; the owner may then give it again. Retried after that, the first end
would run a second time and take what the owner gave since (red team 51): `why_not_run` says it must not,
and names the request that ended the grant, for the retry (service.reopen_failed) and for a run of it
(executor). The same holds for a grant whose end was taken off since (an extension took it over, or the
scheduler refused the end): there is nothing left to end.

Which step is the grant: the one whose position the expiry's step was filed with (`ENDS`, in its stored
preview). Expiries filed before that carry none: for them it is read from the steps themselves (the same
action, and the ids they were approved for, else their addresses), which ties an end to every step of the
parent giving the same right to the same holder (two shares of one calendar at two levels, with two ends).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailwarden.model.requests import RequestView
from mailwarden.model.steps import ACTIONS
from mailwarden.store.db import Store
from mailwarden.store.tables import RequestStepRow

__all__ = ["ENDS", "EndedGrant", "ended_grants", "mark_ended", "why_not_run"]

ENDS = "ends_step"
"""The key, in an expiry step's stored preview, of the position of the parent request's step it ends."""

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
    if view.kind != "expiry" or view.parent_request_id is None:
        return []
    action = str(step.get("action"))
    filed_for = preview.get(ENDS)
    with store.session() as session:
        query = select(
            RequestStepRow.position,
            RequestStepRow.step,
            RequestStepRow.preview,
            RequestStepRow.expires,
            RequestStepRow.reverted_by,
        ).where(RequestStepRow.request_id == view.parent_request_id)
        if isinstance(filed_for, int) and not isinstance(filed_for, bool):
            # The step it was filed for, whatever else of the parent gives the same right to the same holder.
            row = session.execute(query.where(RequestStepRow.position == filed_for)).one_or_none()
            return [] if row is None else [EndedGrant(row.position, row.expires, row.reverted_by)]
        rows = session.execute(query.where(RequestStepRow.step["action"].as_string() == action)).all()
    found = []
    for position, other, its_preview, expires, reverted_by in rows:
        change = str(other.get("change"))
        if (
            action in ACTIONS
            and ACTIONS[action].gives_access(change)
            and _same(step, preview, other, its_preview)
        ):
            found.append(EndedGrant(position, expires, reverted_by))
    return found


def why_not_run(store: Store, view: RequestView, step: dict[str, Any], preview: dict[str, Any]) -> str | None:
    """Why the step of expiry `view` must not run now: the grant it ends was taken back by another request
    since (its end ran), or no longer has an end; None when it may run (or `view` is no expiry, or its grant
    cannot be found: a row from before, decided as it always was)."""
    grants = ended_grants(store, view, step, preview)
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
    positions = [g.position for g in ended_grants(store, view, step, preview)]

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
            .values(reverted_by=view.request_id)
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
