"""What a stored step's record says about the grant it changed: which grant, when, and whose request.

Read by the checks that order changes of one grant (workflow/superseded.py) and find a time-bound grant's
end (workflow/extension.py). Kept apart from the request service so that a plan, which may look for such
an end, does not load the service with its audit log and ORM.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from mailwarden.directory.snapshot import Directory

__all__ = [
    "APPLIED_AT",
    "DRIFT_SCAN_REQUESTER",
    "NOT_SENT",
    "SENT_AT",
    "decides_grant",
    "grant_holders",
    "never_sent",
    "recipient_identity",
    "resource_identity",
    "took_effect",
    "tried_write",
    "utc",
]

APPLIED_AT = "applied_at"
"""The key of an applied step's outcome that says when its change was made (of one a run found already so,
when it was found so): what orders it against other changes of the same grant (workflow/superseded.py),
whenever its request was filed."""

SENT_AT = "sent_at"
"""The key of a failed step's outcome (and of an `applying` mark: a run's, or the one a retry puts back) that
says when its write, which may have landed with its answer lost, was first sent: a retry or takeover that
finds it landed records it applied then, not when it settles it, which would order it after decisions on the
grant made since (red team 48, red team 54)."""

NOT_SENT = "not_sent"
"""Set in the `applying` mark of a step a bulk run marked before its `$batch` went out, and taken off (with
`SENT_AT` put on) right before the `$batch` carrying it goes on the wire. A run that died between the two sent
nothing for the step: the run taking it over treats it as never marked, so an "already" the tenant answers is
someone else's doing, never this request's change with an undo and end of it (red team 51). A mark without
it (a single step's, made right before its send, or one from before this key) may have been sent."""

DRIFT_SCAN_REQUESTER = "drift-scan"
"""The requester of the reverts a drift scan proposes (drift/respond.py): not a person, so the Cedar
policy, which decides for a principal of the tenant, has nothing to say about it. Such a request is decided
in live_policy.py: any admin of the tenant as it is now approves it, nobody else does, and it never runs
unapproved."""

_RESOURCE_KEYS = ("mailbox", "owner", "group")
_HOLDER_KEYS = ("trustee", "grantee", "member", "members", "forward_to")


def decides_grant(status: str, outcome: dict[str, Any] | None, step: dict[str, Any]) -> bool:
    """Whether a stored step is a decision on its grant that an earlier time-bound grant's end (and a drift
    revert) yields to: a change it made, or one its run found made already when it was sent, decided again
    and with no end of its own (a for-good grant over access a time-bound grant holds: red team 47).

    A step closed at submission as read already so (no outcome: no run, no confirmation or approval) is
    nobody's decision: counted, asking again for access held until tomorrow would keep it for good
    unapproved. One found already so that carries an end is not counted either: nothing ends it (only an
    applied step's end is due), so counting it would keep the earlier grant for good."""
    if status == "applied":
        return True
    return status == "already" and bool(outcome) and not step.get("expires")


def never_sent(status: str, outcome: dict[str, Any] | None) -> bool:
    """Whether a step is marked `applying` by a bulk run that died before the `$batch` carrying it was sent
    (`NOT_SENT`): nothing of it can be in the tenant."""
    return status == "applying" and bool((outcome or {}).get(NOT_SENT))


def tried_write(outcome: dict[str, Any] | None) -> bool:
    """Whether a failed step's write was sent (its outcome names the change it was to make): one whose
    every answer was lost may have landed. One that failed before (its read or decision) sent nothing."""
    return bool((outcome or {}).get("change"))


def took_effect(outcome: dict[str, Any] | None, finished: dt.datetime) -> dt.datetime:
    """When an applied step's change took effect (or a run found it already so): its recorded time
    (`APPLIED_AT`); for a failed step whose write may have landed, when it was first sent (`SENT_AT`: a
    takeover that records it failed past its end is no later decision on the grant; red team 54); else (a
    step recorded before either was kept) when its request last moved, no earlier."""
    at = (outcome or {}).get(APPLIED_AT) or (outcome or {}).get(SENT_AT)
    if isinstance(at, str):
        with contextlib.suppress(ValueError):
            return utc(dt.datetime.fromisoformat(at))
    return utc(finished)


def utc(when: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; every stored time is UTC.
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def grant_holders(
    directory: Directory, step: dict[str, Any], ids: Mapping[str, Any] | None = None
) -> set[str]:
    """Who a stored step gives the access to (or takes it from), as `recipient_identity`s; with `ids` (its
    stored preview's, workflow/binding.py), the objects it was approved for, wherever their addresses went."""
    found: set[str] = set()
    for key in _HOLDER_KEYS:
        value = step.get(key)
        if isinstance(value, str) and value:
            found.add(_bound_or_now(directory, value, (ids or {}).get(key)))
        elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
            many = (ids or {}).get(key)
            bound = many if isinstance(many, Mapping) else {}
            found.update(_bound_or_now(directory, str(v), bound.get(str(v))) for v in value)
    return found


def resource_identity(
    directory: Directory, step: dict[str, Any], ids: Mapping[str, Any] | None = None
) -> str:
    """The mailbox, calendar owner or group a stored step is about, as a `recipient_identity`; with `ids`,
    the object the step was approved for."""
    key = next((k for k in _RESOURCE_KEYS if step.get(k)), None)
    if key is None:
        return ""
    return _bound_or_now(directory, str(step[key]), (ids or {}).get(key))


def _bound_or_now(directory: Directory, reference: str, approved: object) -> str:
    # An address that moved since leads to its new holder; the id recorded is whom the step was about.
    return (
        approved.lower()
        if isinstance(approved, str) and approved
        else recipient_identity(directory, reference)
    )


def recipient_identity(directory: Directory, reference: str) -> str:
    """The recipient's object id where the directory knows it (an address can change), else the text."""
    found = directory.get(reference) or directory.address_owner(reference)
    return found.recipient_id if found is not None else reference.casefold()
