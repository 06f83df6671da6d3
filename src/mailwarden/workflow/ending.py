"""What the scheduler runs to end a time-bound step: toward less access, never more (DESIGN §5).

For most steps that is the step's revert (a grant's revoke, a list add's removal). Two are not:

- A calendar share that raised a lower level the grantee held before puts that lower level back: the
  only grant the scheduler ever runs, and it runs only while it still lowers (the level read just before
  shows more than it leaves). A lower level a time-bound share of mailwarden's gave is not put back: that
  share's own end was left to the later one (it changed the access after), so its end is this end, and
  the share is revoked. A level the step cannot name (a custom one, or one the lagging reads never showed)
  is revoked too: less, where putting it back cannot be done.
- A calendar share's end runs only while the grantee still holds the level the share gave: a level the
  owner (or another admin) set since, higher or lower, is their decision, and left, as a forwarding
  changed since is.
- A forwarding set over another forwarding is cleared, never pointed back where it went before: that would
  send the mailbox's mail to someone again. It is cleared only while it still forwards to the step's
  target: one changed since is someone else's decision, and left. "The step's target" is a recipient, not
  the text the request named it by: an alias or another case of its address names the same one, and the
  read shows only its primary address.
"""

from __future__ import annotations

from typing import Any, cast, get_args

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import MailwardenError
from mailwarden.model.changes import Change, Preflight
from mailwarden.model.steps import CalendarAccess, CalendarShare, EmailForwardingInternal, Step

__all__ = ["end_of", "ends_as_read", "lowered", "lowers", "same_recipient"]

_RANK = {level: rank for rank, level in enumerate(get_args(CalendarAccess))}


def end_of(step: Step, change: Change, *, lower_was_time_bound: bool = False) -> Step | None:
    """The step that ends time-bound `step`, which made `change`; None when it changed nothing to end.

    `lower_was_time_bound`: the level a calendar share raised was given by a time-bound share of mailwarden's
    (whose end this one now carries)."""
    if isinstance(step, CalendarShare) and step.change == "grant":
        return _calendar_end(step, change, lower_was_time_bound=lower_was_time_bound)
    if isinstance(step, EmailForwardingInternal) and step.change == "set":
        if change.already or change.before == change.after:
            return None
        return EmailForwardingInternal(change="clear", mailbox=step.mailbox)
    revert: Step | None = WRITE_ACTIONS[step.action].revert(step, change)
    return revert


def _calendar_end(step: CalendarShare, change: Change, *, lower_was_time_bound: bool) -> CalendarShare | None:
    if change.already:
        return None
    revoke = CalendarShare(change="revoke", owner=step.owner, grantee=step.grantee)
    before = change.before.get("access") if isinstance(change.before, dict) else None
    if before is None:
        return revoke
    if not isinstance(before, str) or before not in _RANK or step.access is None:
        return revoke  # custom or unknown: not nameable, so not put back
    if lower_was_time_bound and _RANK[before] < _RANK[step.access]:
        return revoke
    return CalendarShare(
        change="grant", owner=step.owner, grantee=step.grantee, access=cast(CalendarAccess, before)
    )


def lowers(original: Step, end: Step) -> bool:
    """Whether `end`, a grant, only lowers what `original` gave: a calendar level below the one it shared."""
    return (
        isinstance(original, CalendarShare)
        and isinstance(end, CalendarShare)
        and original.change == end.change == "grant"
        and original.access is not None
        and end.access is not None
        and _RANK[end.access] < _RANK[original.access]
    )


def lowered(step: Step, change: Change) -> bool:
    """Whether `step`, a calendar grant that made `change`, put a lower level in place of a higher one: it
    took access away, as a revoke does (the end of a share that raised a lower level is one)."""
    held = change.before.get("access") if isinstance(change.before, dict) else None
    return (
        not change.already
        and isinstance(step, CalendarShare)
        and step.change == "grant"
        and step.access is not None
        and isinstance(held, str)
        and held in _RANK
        and _RANK[held] > _RANK[step.access]
    )


def ends_as_read(
    original: Step,
    end: Step,
    found: Preflight,
    *,
    directory: Directory | None = None,
    target_id: str | None = None,
) -> str | None:
    """Why `end`, as the tenant was just read (`found`, its preflight), must not run; None when it may.

    A calendar share's end runs only while the grantee holds the level the share gave (a level set since,
    higher or lower, is someone else's decision), and one that puts a lower level back only while the
    grantee holds more than it leaves; a forwarding is cleared only while it forwards to the target
    `original` set (or forwards nowhere): the recipient `target_id` (the directory id the step was bound
    to) or its address names in `directory`."""
    if not isinstance(found, Change) or found.already:
        return None
    before: dict[str, Any] = found.before if isinstance(found.before, dict) else {}
    if isinstance(end, CalendarShare) and end.change == "grant":
        held = before.get("access")
        assert end.access is not None  # a calendar grant carries its level
        if not isinstance(held, str) or held not in _RANK or _RANK[held] <= _RANK[end.access]:
            shown = held or "no access"
            return (
                f"Ending this share would put {end.access} back, but the grantee holds {shown} now, changed "
                "since outside mailwarden: putting it back would not lower it, and the scheduler only takes "
                "away, so the access stays as it is."
            )
    if isinstance(original, CalendarShare) and isinstance(end, CalendarShare) and original.access:
        held = before.get("access")
        if held is not None and held != original.access:
            return (
                f"The grantee holds {held} now, not the {original.access} this time-bound share gave: "
                "someone changed it since outside mailwarden, so the scheduler leaves that access as it is."
            )
        return None
    if isinstance(original, EmailForwardingInternal) and isinstance(end, EmailForwardingInternal):
        now = before.get("forward_to")
        if isinstance(now, str) and not same_recipient(directory, now, original.forward_to, target_id):
            return (
                f"The mailbox forwards to {now} now, not to {original.forward_to} as the time-bound request "
                "set: someone changed it since, so the scheduler leaves that forwarding as it is."
            )
    return None


def same_recipient(directory: Directory | None, shown: str, named: str | None, bound: str | None) -> bool:
    """Whether `shown` (an address a read printed) is the recipient a step named as `named` and bound to
    `bound`: by directory id where the directory knows both, else by address in any case."""
    if named is not None and shown.strip().lower() == named.strip().lower():
        return True
    if directory is None:
        return False
    now = _recipient_id(directory, shown)
    if now is None:
        return False
    return now == (bound or (_recipient_id(directory, named) if named is not None else None))


def _recipient_id(directory: Directory, address: str) -> str | None:
    try:
        return resolve(directory, address).recipient_id
    except MailwardenError:
        return None
