"""An approval is for the objects a request's steps named when they were previewed, not for their addresses.

A step names recipients by address, and an address can move: an admin renames a list and gives its old
address to another one; a person leaves and a newcomer gets the address. Approving "add Tom to
contractors@acme.com" approved adding him to the Contractors list, not to whatever holds that address
when the step runs. So when a request is submitted, the directory object id of every recipient each step
names is stored with the step's preview (under `ids`: what the approver saw, so the audit record and its
digest hold it), and right before the step runs its addresses are resolved again, as the action about to
run resolves them. An address that now leads to another object refuses the step, naming what moved; the
step never acts on an object nobody approved. An address whose object kept its id (a person's UPN or
primary address changed, the old one kept as a proxy address) leads to the same object: the step runs.

An expiry takes away what was granted, from the object it was granted on: its step is re-addressed to
that object's current address (or refused when the object is gone), then bound like any other.

A step that runs acts on the objects it was bound to, and its writes (and the reads that tell whether it
is already so) name them to the tenant by id (`pinned`, actions/base.ActionContext.identity), not by
address. Microsoft's reads lag its writes: an address moved seconds before the step runs is in no read
yet, so the check above cannot see the move, and a write by address would land on the address's new
holder. An id does not move. The check stays: a move that has replicated still refuses the step, naming
what moved, rather than acting on an object whose address no longer says what the approver read.

Requests stored before the ids were recorded have none: they run as they always did, by address.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mailwarden.connectors.exchange import Cmdlet
from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import MailwardenError
from mailwarden.model.recipients import Recipient, RecipientKind, strip_proxy_prefix
from mailwarden.model.steps import ACTIONS, Step

if TYPE_CHECKING:
    from mailwarden.actions.base import ActionContext

__all__ = [
    "ENDS",
    "IDS",
    "bound_ids",
    "gone",
    "moved",
    "moved_now",
    "pinned",
    "readdressed",
    "without_ids",
]

IDS = "ids"
"""The key of a stored preview holding the ids its step's recipients had when it was previewed."""

ENDS = "ends_step"
"""The key, in an expiry step's stored preview, of the position of the parent request's step it ends
(workflow/ended_grant.py). Kept here, beside `IDS`, so that planning never imports the store's tables."""

_LIVE_SELECT = (
    "ExternalDirectoryObjectId",
    "DisplayName",
    "Name",
    "RecipientTypeDetails",
    "EmailAddresses",
    "PrimarySmtpAddress",
)
_PER_FILTER = 20
"""Addresses per Get-Recipient filter (OPATH -or clauses), kept short of any filter length limit."""
_MANY = "members"
"""The one parameter naming many recipients (a list created with its members)."""


def bound_ids(
    directory: Directory, step: Step, resolved: dict[str, Recipient | None] | None = None
) -> dict[str, Any]:
    """Parameter -> directory object id of the recipient it names now (`members`: address -> id). A name
    that resolves to nothing (a list still to be created, a refused step) is left out: there is nothing
    to bind it to. `resolved` remembers each address's answer across the steps of one request (the
    directory does not change under it): its thousand steps on one list resolve the list once."""
    known = {} if resolved is None else resolved

    def found(address: str) -> Recipient | None:
        if address not in known:
            known[address] = _resolved(directory, address)
        return known[address]

    data = step.model_dump(mode="json")
    ids: dict[str, Any] = {}
    for param, address in _scalar_references(data):
        if (r := found(address)) is not None:
            ids[param] = r.recipient_id
    many = {a: r.recipient_id for a in _many(data) if (r := found(a)) is not None}
    if many:
        ids[_MANY] = many
    return ids


async def moved_now(
    ctx: ActionContext, steps: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]
) -> list[str | None]:
    """For each (step, stored preview), why it must not run because an address it names leads elsewhere
    than when it was approved (None: it may run). Asked of the directory (what the action resolves the
    address with), then of the tenant now: an Exchange write names its objects by address, and the
    directory is only as new as its last sync (`_holders_now`: one round trip per 200 distinct addresses)."""
    stops = [moved(ctx.directory, step, preview) for step, preview in steps]
    bound = {i: _bound(step, preview) for i, (step, preview) in enumerate(steps) if stops[i] is None}
    addresses = list(dict.fromkeys(a for pairs in bound.values() for a, _ in pairs))
    if not addresses:
        return stops
    try:
        live = await _holders_now(ctx, addresses)
    except MailwardenError as exc:
        return [_unreadable(exc) if i in bound else stop for i, stop in enumerate(stops)]
    for i, pairs in bound.items():
        for address, approved in pairs:
            now = live.get(address.lower())
            if now is not None and now[0] and now[0] != approved:
                stops[i] = _moved_to(ctx.directory, address, approved, now[2], now[1])
                break
    return stops


async def _holders_now(ctx: ActionContext, addresses: Sequence[str]) -> dict[str, tuple[str, str, str]]:
    """Address -> (directory id, name, noun) of the Exchange recipient holding it as a proxy address now;
    an address no Exchange recipient holds (a member without a mailbox) is left out. Get-Recipient with a
    filter of `_PER_FILTER` addresses each, ten to a `$batch`: a run of 500 steps costs three round trips."""
    chunks = [addresses[i : i + _PER_FILTER] for i in range(0, len(addresses), _PER_FILTER)]
    answers = await ctx.clients.exchange.batch(
        [
            Cmdlet(
                "Get-Recipient", {"Filter": " -or ".join(_smtp_clause(a) for a in chunk)}, select=_LIVE_SELECT
            )
            for chunk in chunks
        ]
    )
    asked = {a.lower() for a in addresses}
    found: dict[str, tuple[str, str, str]] = {}
    for answer in answers:
        for holder in answer.unwrap().value:
            proxies = holder.get("EmailAddresses")
            held = (
                {strip_proxy_prefix(str(p)).lower() for p in proxies} if isinstance(proxies, list) else set()
            )
            held.add(str(holder.get("PrimarySmtpAddress") or "").lower())
            for address in held & asked:
                found[address] = (
                    str(holder.get("ExternalDirectoryObjectId") or "").lower(),
                    str(holder.get("DisplayName") or holder.get("Name") or address),
                    _exchange_noun(str(holder.get("RecipientTypeDetails") or "")),
                )
    return found


def _smtp_clause(address: str) -> str:
    # OPATH: a value in single quotes cannot hold one; an address may (o'brien@), never a double quote.
    value = f"smtp:{address}"
    return f'EmailAddresses -eq "{value}"' if "'" in value else f"EmailAddresses -eq '{value}'"


def moved(directory: Directory, step: Mapping[str, Any], preview: Mapping[str, Any]) -> str | None:
    """Why the step must not run because an address it names leads elsewhere in `directory` than when it
    was approved; None when every address leads to the object approved, or the step was stored without
    ids."""
    for address, approved in _bound(step, preview):
        now = _resolved(directory, address)
        if now is not None and now.recipient_id == approved:
            continue
        if now is None:
            was = directory.get(approved)
            was_named = was.display_name if was is not None else "no longer in the directory"
            return (
                f"{address} no longer leads to any recipient; it led to {was_named} when the step was "
                "approved, so the step was not run. Re-file the request."
            )
        return _moved_to(directory, address, approved, _noun(now), now.display_name)
    return None


def gone(directory: Directory, step: Mapping[str, Any], preview: Mapping[str, Any]) -> bool:
    """Whether an object the step was approved for (its mailbox, group, holder) is no longer in `directory`:
    nothing of the step's write can be held by it now."""
    return any(directory.get(approved) is None for _, approved in _bound(step, preview))


def pinned(ctx: ActionContext, steps: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> ActionContext:
    """`ctx` acting on the objects the (step, stored preview) pairs were approved for: each bound address
    names its object, and writes name it by id. An address bound to two objects by two of the steps (never
    so within one submission) is left to its address, where the live check decides."""
    bound: dict[str, str] = {}
    clashing: set[str] = set()
    for step, preview in steps:
        for address, approved in _bound(step, preview):
            key = address.strip().lower()
            if bound.setdefault(key, approved.lower()) != approved.lower():
                clashing.add(key)
    for key in clashing:
        del bound[key]
    return dataclasses.replace(ctx, bound=bound) if bound or ctx.bound else ctx


def _bound(step: Mapping[str, Any], preview: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(address, id approved) for every recipient of the step bound by its stored preview."""
    ids = preview.get(IDS)
    if not isinstance(ids, Mapping):
        return []  # stored before steps were bound to ids: it runs by address, as it always did
    pairs = [(a, ids.get(p)) for p, a in _scalar_references(step)]
    many = ids.get(_MANY)
    if isinstance(many, Mapping):
        pairs += [(a, many.get(a)) for a in _many(step)]
    return [(a, i) for a, i in pairs if isinstance(i, str)]


def _moved_to(directory: Directory, address: str, approved: str, noun: str, now: str) -> str:
    was = directory.get(approved)
    was_named = was.display_name if was is not None else "no longer in the directory"
    return (
        f"{address} now belongs to another {noun} ({now}) than the one approved ({was_named}), so the "
        "step was not run on it; re-file the request."
    )


def _unreadable(exc: MailwardenError) -> str:
    return (
        "Whether this step's addresses still lead to the recipients approved could not be read from the "
        f"tenant now, so it was not run: {exc}"
    )


def readdressed(
    directory: Directory, step: Mapping[str, Any], ids: Mapping[str, Any]
) -> dict[str, Any] | str:
    """The step naming, for each recipient bound by `ids`, the object it was bound to by that object's
    current address; or why it cannot (the object is gone). Addresses without an id are kept."""
    out = dict(step)
    for param, address in _scalar_references(step):
        approved = ids.get(param)
        if not isinstance(approved, str):
            continue
        now = _resolved(directory, address)
        if now is not None and now.recipient_id == approved:
            continue
        bound = directory.get(approved)
        if bound is None:
            return (
                f"The {param} of this grant ({address}) is no longer in the directory, so there is no "
                "object left to take the access away from; the expiry is dropped."
            )
        out[param] = bound.primary_address
    return out


def without_ids(preview: Mapping[str, Any]) -> dict[str, Any]:
    """A stored preview as the Change or Refusal it was (the kind, ids and an expiry's grant step stored
    beside it left out)."""
    return {k: v for k, v in preview.items() if k not in ("kind", IDS, ENDS)}


def _scalar_references(step: Mapping[str, Any]) -> list[tuple[str, str]]:
    spec = ACTIONS.get(str(step.get("action")))
    if spec is None:
        return []
    return [(p, v) for p in spec.references if isinstance(v := step.get(p), str) and v]


def _many(step: Mapping[str, Any]) -> list[str]:
    values = step.get(_MANY)
    return [v for v in values if isinstance(v, str)] if isinstance(values, list | tuple) else []


def _resolved(directory: Directory, address: str) -> Recipient | None:
    try:
        return resolve(directory, address)
    except MailwardenError:
        return None


def _exchange_noun(type_details: str) -> str:
    if "Group" in type_details:
        return "list"
    if type_details == "UserMailbox":
        return "person"
    if type_details in ("SharedMailbox", "RoomMailbox"):
        return "mailbox"
    return "recipient"


def _noun(r: Recipient) -> str:
    if r.is_group:
        return "list"
    if r.kind is RecipientKind.USER:
        return "person"
    if r.kind in (RecipientKind.SHARED_MAILBOX, RecipientKind.ROOM_MAILBOX):
        return "mailbox"
    return "recipient"
