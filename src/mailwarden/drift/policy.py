"""The tenant's drift policy: per kind of drift, what mailwarden does beyond recording it.

    record           keep the event (every event is recorded and audited, whatever the policy)
    notify           also tell the resource's owners and the tenant's admins (respond.notify_drift)
    propose_revert   also propose a request that undoes the change; it waits for an admin's approval like
                     any other request. Never a silent revert: no response runs a change by itself.

Where it lives, and why not in Cedar: the Cedar policy answers "may this person do this to that" for a
principal, an action and a resource, allow or deny, forbid winning. What to do about a change nobody
asked mailwarden for has no principal, and it is a choice among three, not a permission; written as Cedar
it would be three made-up actions per kind, read by no other part of the policy. So it is a tenant
setting (table drift_settings), shown and changed by admins (`mailwarden drift policy`, the API), each
change audited. The revert it proposes is then decided like any request, and an approver's approval is
checked against the Cedar policy as always.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal, get_args

from sqlalchemy.orm import Session

from mailwarden.audit import AuditLog
from mailwarden.errors import ConfigError, WorkflowError
from mailwarden.store.db import Store
from mailwarden.store.tables import DriftSettingsRow

__all__ = ["DEFAULT_RESPONSES", "DriftKind", "Response", "load_responses", "save_responses"]

DriftKind = Literal[
    "granted_outside",
    "removed_outside",
    "returned_after_expiry",
    "forwarding_outside",
    "forwarding_external",
    "deleted_outside",
]
Response = Literal["record", "notify", "propose_revert"]

DEFAULT_RESPONSES: Mapping[DriftKind, Response] = {
    "granted_outside": "notify",
    "removed_outside": "record",
    "returned_after_expiry": "propose_revert",
    "forwarding_outside": "notify",
    "forwarding_external": "propose_revert",
    "deleted_outside": "notify",
}
KINDS: tuple[str, ...] = get_args(DriftKind)
RESPONSES: tuple[str, ...] = get_args(Response)


def load_responses(store: Store, tenant: str) -> dict[DriftKind, Response]:
    """The tenant's response per kind: its own choices over the defaults."""
    with store.session() as session:
        row = session.get(DriftSettingsRow, tenant)
        return _over_defaults(row.responses if row is not None else {})


def _over_defaults(chosen: Mapping[str, Any]) -> dict[DriftKind, Response]:
    merged: dict[DriftKind, Response] = dict(DEFAULT_RESPONSES)
    for kind, response in chosen.items():
        if kind in KINDS and response in RESPONSES:
            merged[kind] = response  # type: ignore[index]
    return merged


def parse_choice(text: str) -> tuple[DriftKind, Response]:
    """'forwarding_external=propose_revert' -> the pair, or a ConfigError saying what is allowed."""
    kind, sep, response = (part.strip() for part in text.partition("="))
    if not sep or kind not in KINDS or response not in RESPONSES:
        raise ConfigError(
            f"{text!r} is not a drift policy choice: write KIND=RESPONSE, KIND one of {', '.join(KINDS)}, "
            f"RESPONSE one of {', '.join(RESPONSES)}."
        )
    return kind, response  # type: ignore[return-value]


def save_responses(
    store: Store, audit: AuditLog, tenant: str, choices: Mapping[DriftKind, Response], *, by: str
) -> dict[DriftKind, Response]:
    """Change some kinds' responses (an admin's act, audited); returns the whole policy.

    The change and its record are one transaction: a policy changed with no record of who changed it would
    be a change the signed log never tells (a process dying between two commits left one)."""
    for _ in range(_TRIES):
        with store.session() as session:
            row = session.get(DriftSettingsRow, tenant)
            chosen: dict[str, str] = dict(row.responses) if row is not None else {}
        try:
            return _save(
                audit, tenant, chosen, {**chosen, **{str(k): str(v) for k, v in choices.items()}}, by
            )
        except _ChangedMeanwhile:
            continue
    raise WorkflowError("The drift policy is being changed by someone else right now; show it and try again.")


_TRIES = 3


class _ChangedMeanwhile(Exception):
    """Another admin's change landed between reading the policy and writing it."""


def _save(
    audit: AuditLog, tenant: str, chosen: dict[str, str], merged: dict[str, str], by: str
) -> dict[DriftKind, Response]:
    before, after = _over_defaults(chosen), _over_defaults(merged)

    def write(session: Session) -> None:
        row = session.get(DriftSettingsRow, tenant)
        # Read again under the audit log's lock: a change since would be overwritten and the record's
        # `before` would be wrong.
        if (dict(row.responses) if row is not None else {}) != chosen:
            raise _ChangedMeanwhile
        now = dt.datetime.now(dt.UTC)
        if row is None:
            session.add(
                DriftSettingsRow(
                    tenant_key=tenant, responses=merged, updated=now, updated_by=by, scan_lease_until=None
                )
            )
        else:
            row.responses, row.updated, row.updated_by = merged, now, by

    audit.append_many(
        [
            {
                "tenant": tenant,
                "event": "drift.policy_changed",
                "actor": by,
                "before": {str(k): str(v) for k, v in before.items()},
                "after": {str(k): str(v) for k, v in after.items()},
            }
        ],
        checkpoint=True,
        with_records=write,
        returned=False,
    )
    return after
