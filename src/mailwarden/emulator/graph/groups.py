"""`/groups`: list, get, members and owners (with type casts and `$count`), memberOf and
transitiveMemberOf, and membership changes.

Graph reads every kind of group but writes only Microsoft 365 (and security) groups: membership of a
distribution list or a mail-enabled security group belongs to Exchange, and Graph refuses to change it
with `Cannot Update a mail-enabled security groups and or distribution list.` Membership changes are
journalled as `state.record("graph", ...)`.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal, cast

from fastapi import APIRouter, Request, Response

from mailwarden.emulator.graph import odata
from mailwarden.emulator.graph.auth import GROUPS_READ, MEMBERS_WRITE, ROLES_WRITE, authenticate, session
from mailwarden.emulator.graph.errors import (
    ALREADY_MEMBER,
    EXCHANGE_OWNED_GROUP,
    ONLY_USERS_IN_UNIFIED,
    UNIFIED_IN_UNIFIED,
    GraphRoute,
    bad_request,
    forbidden,
    not_found,
)
from mailwarden.emulator.graph.objects import (
    DIRECTORY_OBJECT,
    GROUP,
    directory_object,
    directory_object_default,
    find_group,
    find_object,
    group_json,
    objects_page,
)
from mailwarden.emulator.state import Recipient, TenantState

router = APIRouter(route_class=GraphRoute)

Relation = Literal["members", "owners"]
# Graph's documented ceiling for `members@odata.bind` in one PATCH.
MAX_BINDS = 20
_CASTS = {
    "microsoft.graph.user": ("users", "is_user"),
    "microsoft.graph.group": ("groups", "is_group"),
    "microsoft.graph.orgContact": ("contacts", "is_contact"),
}
_WRITABLE = ("displayName", "description", "visibility")
_EXPAND = re.compile(r"^(?P<relation>members|owners)(?:\(\$select=(?P<select>[^)]*)\))?$")
# Graph returns at most 20 objects in an expanded members or owners relationship.
EXPAND_LIMIT = 20


def _groups(state: TenantState) -> odata.Producer:
    def produce(rid: str) -> odata.Entity | None:
        r = state.get(rid)
        return group_json(r) if r is not None and r.is_group else None

    return produce


def _group_or_404(state: TenantState, key: str) -> Recipient:
    group = find_group(state, key)
    if group is None:
        raise not_found(key)
    return group


def _related(group: Recipient, relation: Relation) -> list[str]:
    return group.members if relation == "members" else group.owners


def _is_kind(r: Recipient, test: str) -> bool:
    return r.kind == "MailContact" if test == "is_contact" else bool(getattr(r, test))


def _refuse_exchange_owned(group: Recipient) -> None:
    if group.group_kind != "unified":
        raise bad_request(EXCHANGE_OWNED_GROUP)


async def json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"null")
    except json.JSONDecodeError as exc:
        raise bad_request("Invalid request body: the body is not valid JSON.", "BadRequest") from exc


def referenced_id(reference: Any) -> str:
    """The object id at the end of an `@odata.id` / `@odata.bind` URL (`.../directoryObjects/{id}`)."""
    if not isinstance(reference, str) or not reference.strip():
        raise bad_request("Invalid object identifier ''.", "BadRequest")
    tail = reference.rstrip("/").rsplit("/", 1)[-1]
    if tail.startswith("directoryObjects(") or tail.startswith("users("):
        tail = tail.split("(", 1)[1].rstrip(")").strip("'")
    return tail


def _expansions(query: odata.Query) -> dict[Relation, tuple[str, ...] | None]:
    """The relationships `$expand` names, each with its `$select` (None for the default properties)."""
    chosen: dict[Relation, tuple[str, ...] | None] = {}
    for item in query.expand:
        m = _EXPAND.match(item)
        if m is None:
            name = item.split("(", 1)[0]
            raise bad_request(
                f"Could not find a property named '{name}' on type '{GROUP.name}'.", "BadRequest"
            )
        select = tuple(p.strip() for p in m.group("select").split(",")) if m.group("select") else None
        chosen[cast(Relation, m.group("relation"))] = select
    return chosen


def _expanded(
    state: TenantState, group: Recipient, expansions: dict[Relation, tuple[str, ...] | None]
) -> odata.Entity:
    out: odata.Entity = {}
    for relation, select in expansions.items():
        objects = [o for oid in _related(group, relation)[:EXPAND_LIMIT] if (o := state.get(oid)) is not None]
        out[relation] = [
            odata.project(directory_object(o), select, directory_object_default(o)) for o in objects
        ]
    return out


# ---- reads ---------------------------------------------------------------------------------------
@router.get("/groups")
def list_groups(request: Request) -> Response:
    with session(request, GROUPS_READ) as state:
        query = odata.parse_query(request, GROUP)
        expansions = _expansions(query)

        def decorate(full: odata.Entity, shown: odata.Entity) -> None:
            group = state.get(full["id"])
            if group is not None:
                shown.update(_expanded(state, group, expansions))

        return odata.listing(
            request,
            query,
            state.sorted_ids(),
            _groups(state),
            context="groups",
            default=GROUP.default,
            decorate=decorate if expansions else None,
        )


@router.get("/groups/$count")
def count_groups(request: Request) -> Response:
    with session(request, GROUPS_READ) as state:
        return odata.count_response(request, GROUP, state.sorted_ids(), _groups(state))


@router.get("/groups/{group_id}")
def get_group(group_id: str, request: Request) -> Response:
    with session(request, GROUPS_READ) as state:
        group = _group_or_404(state, group_id)
        extra = _expanded(state, group, _expansions(odata.parse_query(request, GROUP)))
        return odata.entity_response(request, "groups", group_json(group), GROUP, extra=extra)


def _list_related(request: Request, group_id: str, relation: Relation) -> Response:
    with session(request, GROUPS_READ) as state:
        group = _group_or_404(state, group_id)
        return objects_page(request, state, list(_related(group, relation)), context="directoryObjects")


def _count_related(request: Request, group_id: str, relation: Relation) -> Response:
    with session(request, GROUPS_READ) as state:
        group = _group_or_404(state, group_id)

        def produce(oid: str) -> odata.Entity | None:
            o = state.get(oid)
            return directory_object(o) if o is not None else None

        return odata.count_response(request, DIRECTORY_OBJECT, list(_related(group, relation)), produce)


def _cast_or_member(request: Request, group_id: str, relation: Relation, segment: str) -> Response:
    """`/members/microsoft.graph.user` (a type cast) or `/members/{id}` (one member)."""
    with session(request, GROUPS_READ) as state:
        group = _group_or_404(state, group_id)
        related = _related(group, relation)
        if segment in _CASTS:
            context, test = _CASTS[segment]
            ids = [oid for oid in related if (o := state.get(oid)) is not None and _is_kind(o, test)]
            return objects_page(request, state, ids, context=context)
        member = find_object(state, segment)
        if member is None or member.id not in related:
            raise not_found(segment)
        return odata.entity_response(
            request,
            "directoryObjects",
            directory_object(member),
            DIRECTORY_OBJECT,
            default=directory_object_default(member),
        )


@router.get("/groups/{group_id}/members")
def list_members(group_id: str, request: Request) -> Response:
    return _list_related(request, group_id, "members")


@router.get("/groups/{group_id}/members/$count")
def count_members(group_id: str, request: Request) -> Response:
    return _count_related(request, group_id, "members")


@router.get("/groups/{group_id}/members/{segment}")
def get_members_segment(group_id: str, segment: str, request: Request) -> Response:
    return _cast_or_member(request, group_id, "members", segment)


@router.get("/groups/{group_id}/owners")
def list_owners(group_id: str, request: Request) -> Response:
    return _list_related(request, group_id, "owners")


@router.get("/groups/{group_id}/owners/$count")
def count_owners(group_id: str, request: Request) -> Response:
    return _count_related(request, group_id, "owners")


@router.get("/groups/{group_id}/owners/{segment}")
def get_owners_segment(group_id: str, segment: str, request: Request) -> Response:
    return _cast_or_member(request, group_id, "owners", segment)


def containers(state: TenantState, group: Recipient, *, transitive: bool) -> list[str]:
    """Ids of the groups `group` (or a user) is a member of: directly, or (transitive) through any nesting,
    each once and never `group` itself (lists nested in each other are allowed, as Exchange allows them)."""
    found: list[str] = []
    todo = [group.id]
    while todo:
        inner = todo.pop(0)
        for g in state.recipients.values():
            if g.is_group and inner in g.members and g.id != group.id and g.id not in found:
                found.append(g.id)
                if transitive:
                    todo.append(g.id)
    return found


@router.get("/groups/{group_id}/memberOf")
def list_member_of(group_id: str, request: Request) -> Response:
    with session(request, GROUPS_READ) as state:
        group = _group_or_404(state, group_id)
        ids = containers(state, group, transitive=False)
        return objects_page(request, state, ids, context="directoryObjects")


@router.get("/groups/{group_id}/transitiveMemberOf")
def list_transitive_member_of(group_id: str, request: Request) -> Response:
    """Every group the group sits in, through nesting (Graph: "Get groups that the group is a member of.
    This operation is transitive"); a group Entra ID does not hold is not listed (objects_page)."""
    with session(request, GROUPS_READ) as state:
        group = _group_or_404(state, group_id)
        ids = containers(state, group, transitive=True)
        return objects_page(request, state, ids, context="directoryObjects")


# ---- writes --------------------------------------------------------------------------------------
_OPERATIONS = {
    ("members", True): "AddGroupMember",
    ("members", False): "RemoveGroupMember",
    ("owners", True): "AddGroupOwner",
    ("owners", False): "RemoveGroupOwner",
}


def _additions(
    state: TenantState, group: Recipient, relation: Relation, object_ids: list[str]
) -> list[Recipient]:
    """The objects to add, once every one resolves and none is there already (all or nothing)."""
    related = _related(group, relation)
    objects: list[Recipient] = []
    for oid in object_ids:
        obj = find_object(state, oid)
        if obj is None:
            raise not_found(oid)
        objects.append(obj)
    _refuse_exchange_owned(group)
    for obj in objects:
        _refuse_non_user(obj, relation)
    seen: set[str] = set()
    for obj in objects:
        if obj.id in related or obj.id in seen:
            raise bad_request(ALREADY_MEMBER.format(relation))
        seen.add(obj.id)
    return objects


def _refuse_non_user(obj: Recipient, relation: Relation) -> None:
    """A Microsoft 365 group (the only kind Graph changes here) takes users as members, and users (or
    service principals, which the emulator does not hold as recipients) as owners; never a group or an
    organizational contact (group-post-members, group-post-owners)."""
    if obj.is_user:
        return
    if obj.group_kind == "unified" and relation == "members":
        raise bad_request(UNIFIED_IN_UNIFIED)
    kind = (
        "Microsoft.Online.DirectoryServices.Contact"
        if obj.kind == "MailContact"
        else ("Microsoft.Online.DirectoryServices.Group")
    )
    raise bad_request(ONLY_USERS_IN_UNIFIED.format(relation.capitalize(), kind))


def _add(state: TenantState, group: Recipient, relation: Relation, objects: list[Recipient]) -> None:
    related = _related(group, relation)
    for obj in objects:
        related.append(obj.id)
        state.record_change(group, "graph", _OPERATIONS[(relation, True)], group.id, member=obj.id)


def _refuse_role_assignable(state: TenantState, request: Request, group: Recipient) -> None:
    """A role-assignable group's members are changed only by an app that also holds
    RoleManagement.ReadWrite.Directory: "To add members to a role-assignable group, the app must also be
    assigned the RoleManagement.ReadWrite.Directory permission" (learn.microsoft.com/graph/api/
    group-post-members; group-delete-members asks the same to remove one), and "The Group.ReadWrite.All
    permission won't work" (learn.microsoft.com/entra/identity/role-based-access-control/groups-concept).
    Such a member holds the group's directory roles. The rule follows isAssignableToRole, whether or not a
    role is assigned yet (an assignable group given no role still refuses); a group holding a role is one
    too (only a role-assignable group can hold a role)."""
    assignable = group.assignable_to_role or bool(state.data.user_directory_roles.get(group.id))
    if assignable and not authenticate(state, request).roles & ROLES_WRITE:
        raise forbidden()


async def _post_ref(request: Request, group_id: str, relation: Relation) -> Response:
    body = await json_body(request)
    with session(request, MEMBERS_WRITE) as state:
        group = _group_or_404(state, group_id)
        if not isinstance(body, dict) or "@odata.id" not in body:
            raise bad_request("Invalid request body: '@odata.id' is required.", "BadRequest")
        if relation == "members":
            _refuse_role_assignable(state, request, group)
        object_id = referenced_id(body["@odata.id"])
        _add(state, group, relation, _additions(state, group, relation, [object_id]))
        return Response(status_code=204)


def _delete_ref(request: Request, group_id: str, object_id: str, relation: Relation) -> Response:
    with session(request, MEMBERS_WRITE) as state:
        group = _group_or_404(state, group_id)
        if relation == "members":
            _refuse_role_assignable(state, request, group)
        _refuse_exchange_owned(group)
        related = _related(group, relation)
        obj = find_object(state, object_id)
        if obj is None or obj.id not in related:
            raise not_found(object_id)
        related.remove(obj.id)
        state.record_change(group, "graph", _OPERATIONS[(relation, False)], group.id, member=obj.id)
        return Response(status_code=204)


@router.post("/groups/{group_id}/members/$ref")
async def add_member(group_id: str, request: Request) -> Response:
    return await _post_ref(request, group_id, "members")


@router.post("/groups/{group_id}/owners/$ref")
async def add_owner(group_id: str, request: Request) -> Response:
    return await _post_ref(request, group_id, "owners")


@router.delete("/groups/{group_id}/members/{member_id}/$ref")
def remove_member(group_id: str, member_id: str, request: Request) -> Response:
    return _delete_ref(request, group_id, member_id, "members")


@router.delete("/groups/{group_id}/owners/{owner_id}/$ref")
def remove_owner(group_id: str, owner_id: str, request: Request) -> Response:
    return _delete_ref(request, group_id, owner_id, "owners")


def _check_visibility(group: Recipient, value: Any) -> None:
    """Public and Private can be swapped; HiddenMembership is chosen when a group is created, never after."""
    if value not in ("Public", "Private", "HiddenMembership"):
        raise bad_request(
            f"Invalid value '{value}' for property 'visibility'. Supported values are Public, Private and "
            "HiddenMembership.",
            "Request_BadRequest",
        )
    if value == "HiddenMembership" or group.visibility == "HiddenMembership":
        raise bad_request(
            "The visibility of a group with hidden membership cannot be updated, and hidden membership can "
            "only be set when the group is created.",
            "Request_BadRequest",
        )


@router.patch("/groups/{group_id}")
async def update_group(group_id: str, request: Request) -> Response:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request("Invalid request body.", "BadRequest")
    with session(request, MEMBERS_WRITE) as state:
        group = _group_or_404(state, group_id)
        binds: dict[Relation, list[str]] = {}
        for key, value in body.items():
            if key in ("members@odata.bind", "owners@odata.bind"):
                if not isinstance(value, list):
                    raise bad_request(f"Invalid value for '{key}': expected a collection.", "BadRequest")
                binds["members" if key.startswith("members") else "owners"] = [
                    referenced_id(v) for v in value
                ]
            elif key not in _WRITABLE:
                raise bad_request(
                    f"The property '{key}' does not exist on type '{GROUP.name}'. Make sure to only use "
                    "property names that are defined by the type or mark the type as open type.",
                    "BadRequest",
                )
        if sum(len(v) for v in binds.values()) > MAX_BINDS:
            # Graph's exact sentence for more than 20 binds is not in our sources.
            raise bad_request(
                f"The request exceeds the maximum of {MAX_BINDS} directory objects per "
                "members@odata.bind or owners@odata.bind request."
            )
        if "members" in binds:
            _refuse_role_assignable(state, request, group)
        _refuse_exchange_owned(group)
        if "visibility" in body:
            _check_visibility(group, body["visibility"])
        additions = {relation: _additions(state, group, relation, ids) for relation, ids in binds.items()}
        for relation, objects in additions.items():
            _add(state, group, relation, objects)
        changed = {k: body[k] for k in _WRITABLE if k in body}
        if "displayName" in changed:
            group.display_name = str(changed["displayName"])
        if "description" in changed:
            group.description = changed["description"]
        if "visibility" in changed:
            group.visibility = changed["visibility"]
            # Exchange shows the same group as Open (public) or Closed (private: owners approve joins).
            group.member_join_restriction = "Open" if changed["visibility"] == "Public" else "Closed"
        if changed:
            state.record_change(group, "graph", "UpdateGroup", group.id, **changed)
            state.reindex()
        return Response(status_code=204)
