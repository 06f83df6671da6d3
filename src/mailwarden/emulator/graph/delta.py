"""`/users/delta` and `/groups/delta`: Graph's change tracking for directory objects.

A round starts without a token (everything, then a `@odata.deltaLink`), with `$deltatoken=latest` (no
objects, just a deltaLink from now), or from a previous round's deltaLink (only what changed since). Each
page holds at most 200 objects (`Prefer: odata.maxpagesize` may ask for fewer; `$top` is ignored, as Graph
ignores it here); further pages follow `@odata.nextLink` with a `$skiptoken`. The query options of the
first request (`$select`, `$expand=manager`) are carried inside the tokens, as Graph carries them.

A changed object comes with its selected properties; a deleted one as `{"id": ..., "@removed": {"reason":
"changed"}}` (recycle bin) or `"deleted"` (gone for good). With `members` / `owners` selected, a group
carries `members@delta` / `owners@delta`: every member on the first round (and for a group created since
the token), afterwards only those added, and those removed marked `@removed`. A token this tenant cannot
honour (malformed, from another tenant or a reset one, or older than the kept history) is answered
`410 Gone` with code `syncStateNotFound`: the client must start again without a token.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from mailwarden.emulator.change_tracking import ChangeLog, ObjectKind, scan
from mailwarden.emulator.graph import odata
from mailwarden.emulator.graph.auth import GROUPS_READ, USERS_READ, session
from mailwarden.emulator.graph.errors import GraphError, GraphRoute, bad_request, unsupported_query
from mailwarden.emulator.graph.objects import GROUP, USER, directory_object, group_json, user_json
from mailwarden.emulator.state import TenantState

router = APIRouter(route_class=GraphRoute)

MAX_PAGE = 200
"""Graph's ceiling for a page of directory objects in a delta round."""
_TOKEN_PREFIX = "mwd1:"
_RELATIONS = ("members", "owners")
_MAXPAGESIZE = re.compile(r"odata\.maxpagesize\s*=\s*(\d+)", re.IGNORECASE)
_UNSUPPORTED = ("$filter", "$orderby", "$search", "$count", "$skip")
_SYNC_STATE_NOT_FOUND = (
    "The sync state for this delta token was not found or has expired. Start a new delta round without "
    "a state token (a full synchronization)."
)


@dataclass(frozen=True)
class _Round:
    epoch: str
    since: int
    until: int
    after: int
    select: tuple[str, ...] | None
    manager: bool


def _encode(payload: dict[str, Any]) -> str:
    raw = _TOKEN_PREFIX + json.dumps(payload, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _gone() -> GraphError:
    return GraphError(410, "syncStateNotFound", _SYNC_STATE_NOT_FOUND)


def _decode(raw: str) -> dict[str, Any]:
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        if not text.startswith(_TOKEN_PREFIX):
            raise _gone()
        payload = json.loads(text[len(_TOKEN_PREFIX) :])
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise _gone() from exc
    if not isinstance(payload, dict):
        raise _gone()
    return payload


def _page_size(request: Request) -> int:
    m = _MAXPAGESIZE.search(request.headers.get("prefer", ""))
    return max(1, min(MAX_PAGE, int(m.group(1)))) if m else MAX_PAGE


def _first_request_options(request: Request, kind: ObjectKind) -> tuple[tuple[str, ...] | None, bool]:
    for option in _UNSUPPORTED:
        if request.query_params.get(option) is not None:
            raise unsupported_query(f"Unsupported query option '{option}' on a delta query.")
    entity = USER if kind == "user" else GROUP
    select = odata.parse_select(request, entity, extra=_RELATIONS if kind == "group" else ())
    expand = [e.strip() for e in (request.query_params.get("$expand") or "").split(",") if e.strip()]
    manager = False
    for item in expand:
        if kind == "user" and item == "manager":
            manager = True
        else:
            raise bad_request(
                f"Expanding '{item}' is not supported on a delta query of {entity.name}.", "BadRequest"
            )
    return select, manager


def _round_of(request: Request, state: TenantState, kind: ObjectKind) -> _Round:
    """The round this request continues or starts (`$deltatoken=latest` starts an empty one at now)."""
    skip, delta = request.query_params.get("$skiptoken"), request.query_params.get("$deltatoken")
    if skip is not None:
        log = state.data.change_log
        p = _decode(skip)
        try:
            found = _Round(
                str(p["e"]), int(p["f"]), int(p["t"]), int(p["a"]), _select(p.get("s")), bool(p.get("x"))
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise _gone() from exc
        _check(log, found.epoch, found.since)
        return found
    if delta is not None and delta != "latest":
        p = _decode(delta)
        try:
            epoch, since, select, manager = str(p["e"]), int(p["u"]), _select(p.get("s")), bool(p.get("x"))
        except (KeyError, TypeError, ValueError) as exc:
            raise _gone() from exc
        log = scan(state)
        _check(log, epoch, since)
        return _Round(epoch, since, log.usn, since, select, manager)
    select, manager = _first_request_options(request, kind)
    log = scan(state)
    if delta == "latest":
        return _Round(log.epoch, log.usn, log.usn, log.usn, select, manager)
    return _Round(log.epoch, 0, log.usn, 0, select, manager)


def _select(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise TypeError("select")
    return tuple(str(v) for v in value)


def _check(log: ChangeLog, epoch: str, since: int) -> None:
    if epoch != log.epoch or since < log.floor or since > log.usn:
        raise _gone()


def _link(request: Request, segment: str, name: str, token: str) -> str:
    return f"{odata.graph_base(request)}/{segment}/delta?{name}={token}"


def _relation_delta(
    state: TenantState, log: ChangeLog, group_id: str, relation: str, rnd: _Round
) -> list[odata.Entity]:
    tracked = log.objects[group_id]
    if rnd.since == 0 or tracked.created_usn > rnd.since:
        current = tracked.members if relation == "members" else tracked.owners
        return [_reference(state, log, oid) for oid in current]
    final: dict[str, bool] = {}
    for change in log.links:
        if change.group == group_id and change.relation == relation and rnd.since < change.usn <= rnd.until:
            final[change.target] = change.added
    out = []
    for oid, added in final.items():
        ref = _reference(state, log, oid)
        if not added:
            ref["@removed"] = {"reason": "deleted"}
        out.append(ref)
    return out


def _reference(state: TenantState, log: ChangeLog, oid: str) -> odata.Entity:
    o = state.get(oid)
    if o is not None:
        kind = directory_object(o)["@odata.type"]
    else:
        tracked = log.objects.get(oid) or log.removed.get(oid)
        kind = (
            "#microsoft.graph.group"
            if tracked is not None and tracked.kind == "group"
            else ("#microsoft.graph.user")
        )
    return {"@odata.type": kind, "id": oid}


def _delta(request: Request, kind: ObjectKind) -> Response:
    segment = "users" if kind == "user" else "groups"
    with session(request, USERS_READ if kind == "user" else GROUPS_READ) as state:
        rnd = _round_of(request, state, kind)
        log = state.data.change_log
        size = _page_size(request)
        changed = [
            (t.usn, rid)
            for rid, t in log.objects.items()
            if t.kind == kind and rnd.after < t.usn <= rnd.until
        ]
        if rnd.since > 0:
            changed += [
                (t.usn, rid)
                for rid, t in log.removed.items()
                if t.kind == kind and rnd.after < t.usn <= rnd.until
            ]
        changed.sort()
        page, more = changed[:size], len(changed) > size
        entity = USER if kind == "user" else GROUP
        shown_props = tuple(p for p in (rnd.select or entity.default) if p not in _RELATIONS)
        value: list[odata.Entity] = []
        for _usn, rid in page:
            r = state.get(rid)
            tomb = log.removed.get(rid)
            if r is None or tomb is not None:
                value.append({"id": rid, "@removed": {"reason": tomb.reason if tomb else "deleted"}})
                continue
            full = user_json(r) if kind == "user" else group_json(r)
            item = odata.project(full, (*shown_props, "id"), entity.default)
            if kind == "user" and rnd.manager:
                manager = state.get(r.manager_id) if r.manager_id else None
                item["manager"] = (
                    {"@odata.type": "#microsoft.graph.user", "id": manager.id}
                    if manager is not None
                    else None
                )
            for relation in _RELATIONS:
                if kind == "group" and rnd.select is not None and relation in rnd.select:
                    item[f"{relation}@delta"] = _relation_delta(state, log, rid, relation, rnd)
            value.append(item)
        body: dict[str, Any] = {"@odata.context": odata.context_url(request, segment, rnd.select)}
        carried = {"s": list(rnd.select) if rnd.select is not None else None, "x": rnd.manager}
        if more:
            token = _encode({"e": rnd.epoch, "f": rnd.since, "t": rnd.until, "a": page[-1][0], **carried})
            body["@odata.nextLink"] = _link(request, segment, "$skiptoken", token)
        else:
            token = _encode({"e": rnd.epoch, "u": rnd.until, **carried})
            body["@odata.deltaLink"] = _link(request, segment, "$deltatoken", token)
        body["value"] = value
        headers = {"Preference-Applied": f"odata.maxpagesize={size}"} if "prefer" in request.headers else None
        return JSONResponse(body, headers=headers)


@router.get("/users/delta")
def users_delta(request: Request) -> Response:
    return _delta(request, "user")


@router.get("/groups/delta")
def groups_delta(request: Request) -> Response:
    return _delta(request, "group")
