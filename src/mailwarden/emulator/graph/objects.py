"""The JSON of directory objects as Graph shows them: users, groups, organizational contacts, roles.

One recipient of the tenant state is one directory object. Mailbox users, shared and room mailboxes and
guests are `user`s (shared and room mailboxes with `accountEnabled: false`, guests with `userType: Guest`);
distribution lists, mail-enabled security groups and Microsoft 365 groups are `group`s told apart by
`groupTypes`, `mailEnabled` and `securityEnabled`; mail contacts are `orgContact`s.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from fastapi import Request
from fastapi.responses import JSONResponse

from mailwarden.emulator.graph import odata
from mailwarden.emulator.graph.odata import Entity, EntityType
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE,
    GLOBAL_ADMIN_ROLE_TEMPLATE,
    Recipient,
    TenantState,
)

USER = EntityType(
    name="microsoft.graph.user",
    properties=(
        "id",
        "displayName",
        "givenName",
        "surname",
        "userPrincipalName",
        "mail",
        "mailNickname",
        "proxyAddresses",
        "department",
        "jobTitle",
        "accountEnabled",
        "userType",
        "createdDateTime",
        "businessPhones",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "onPremisesSyncEnabled",
        "signInSessionsValidFromDateTime",
    ),
    # Graph's documented default property set for users.
    default=(
        "businessPhones",
        "displayName",
        "givenName",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
        "id",
    ),
    searchable=(
        "displayName",
        "givenName",
        "surname",
        "mail",
        "mailNickname",
        "userPrincipalName",
        "department",
        "jobTitle",
    ),
)
GROUP = EntityType(
    name="microsoft.graph.group",
    properties=(
        "id",
        "displayName",
        "description",
        "mail",
        "mailNickname",
        "mailEnabled",
        "securityEnabled",
        "groupTypes",
        "proxyAddresses",
        "visibility",
        "createdDateTime",
        "onPremisesSyncEnabled",
        "isAssignableToRole",
    ),
    # isAssignableToRole is "Returned by default" (learn.microsoft.com/graph/api/resources/group).
    default=(
        "id",
        "createdDateTime",
        "description",
        "displayName",
        "groupTypes",
        "isAssignableToRole",
        "mail",
        "mailEnabled",
        "mailNickname",
        "proxyAddresses",
        "securityEnabled",
        "visibility",
    ),
    searchable=("displayName", "description", "mail", "mailNickname"),
)
CONTACT = EntityType(
    name="microsoft.graph.orgContact",
    properties=(
        "id",
        "displayName",
        "givenName",
        "surname",
        "mail",
        "mailNickname",
        "proxyAddresses",
        "companyName",
        "department",
        "jobTitle",
    ),
    default=(
        "id",
        "companyName",
        "department",
        "displayName",
        "givenName",
        "jobTitle",
        "mail",
        "mailNickname",
        "proxyAddresses",
        "surname",
    ),
    searchable=("displayName", "mail", "mailNickname"),
)
# A directory object of unknown type (members, memberOf): any property of any of the types above.
DIRECTORY_OBJECT = EntityType(
    name="microsoft.graph.directoryObject",
    properties=tuple(dict.fromkeys(USER.properties + GROUP.properties + CONTACT.properties)),
    default=(),
    searchable=("displayName", "mail", "mailNickname"),
)

ROLE_NAMES = {
    EXCHANGE_ADMIN_ROLE_TEMPLATE: "Exchange Administrator",
    EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE: "Exchange Recipient Administrator",
    GLOBAL_ADMIN_ROLE_TEMPLATE: "Global Administrator",
}
_ROLE_NS = uuid.UUID("0d6f3b52-6c1e-4f0e-8a55-3f2f0c7d9e11")


def user_json(r: Recipient) -> Entity:
    return {
        "id": r.id,
        "displayName": r.display_name,
        "givenName": r.given_name,
        "surname": r.surname,
        "userPrincipalName": r.user_principal_name,
        "mail": r.primary_smtp,
        "mailNickname": r.alias,
        "proxyAddresses": list(r.email_addresses),
        "department": r.department,
        "jobTitle": r.job_title,
        "accountEnabled": r.account_enabled,
        "userType": "Guest" if r.kind == "GuestMailUser" else "Member",
        "createdDateTime": r.created,
        "businessPhones": [],
        "mobilePhone": None,
        "officeLocation": None,
        "preferredLanguage": None,
        # true when synchronized from on-premises, null for an object made in the cloud (user resource)
        "onPremisesSyncEnabled": True if r.dir_synced else None,
        "signInSessionsValidFromDateTime": r.sign_in_sessions_valid_from or r.created,
    }


def group_json(r: Recipient) -> Entity:
    kind = r.group_kind
    visibility = None
    if kind == "unified":
        visibility = r.visibility or ("Public" if r.member_join_restriction == "Open" else "Private")
    return {
        "id": r.id,
        "displayName": r.display_name,
        "description": r.description,
        "mail": r.primary_smtp,
        "mailNickname": r.alias,
        "mailEnabled": True,
        # a role-assignable group must be security-enabled (isAssignableToRole, group resource)
        "securityEnabled": kind == "mailEnabledSecurity" or r.assignable_to_role,
        "groupTypes": ["Unified"] if kind == "unified" else [],
        "proxyAddresses": list(r.email_addresses),
        "visibility": visibility,
        "createdDateTime": r.created,
        # true when synchronized from on-premises, null for a group made in the cloud (group resource)
        "onPremisesSyncEnabled": True if r.dir_synced else None,
        # null, not false, for a group made without it, as Graph's own examples show ("Golf Assist",
        # learn.microsoft.com/graph/api/group-list): a client must not read null as "could not be read"
        "isAssignableToRole": True if r.assignable_to_role else None,
    }


def contact_json(r: Recipient) -> Entity:
    given, _, surname = r.display_name.partition(" ")
    return {
        "id": r.id,
        "displayName": r.display_name,
        "givenName": given or None,
        "surname": surname or None,
        "mail": r.external_address or r.primary_smtp,
        "mailNickname": r.alias,
        "proxyAddresses": list(r.email_addresses),
        "companyName": None,
        "department": r.department,
        "jobTitle": r.job_title,
    }


def directory_object(r: Recipient) -> Entity:
    """The recipient as a member of a `directoryObject` collection, tagged with its `@odata.type`."""
    if r.is_user:
        return {"@odata.type": "#microsoft.graph.user", **user_json(r)}
    if r.is_group:
        return {"@odata.type": "#microsoft.graph.group", **group_json(r)}
    return {"@odata.type": "#microsoft.graph.orgContact", **contact_json(r)}


def directory_object_default(r: Recipient) -> tuple[str, ...]:
    """The properties a `directoryObject` collection shows of this member without `$select`."""
    if r.is_user:
        return USER.default
    if r.is_group:
        return GROUP.default
    return CONTACT.default


def directory_role(template_id: str) -> Entity:
    return {
        "@odata.type": "#microsoft.graph.directoryRole",
        "id": str(uuid.uuid5(_ROLE_NS, template_id)),
        "displayName": ROLE_NAMES.get(template_id, template_id),
        "description": None,
        "roleTemplateId": template_id,
    }


def find_user(state: TenantState, key: str) -> Recipient | None:
    """A user by object id or userPrincipalName, the two keys Graph accepts in `/users/{key}`."""
    r = state.get(key) or state.get(key.lower())
    if r is None and "@" in key:
        hit = state.address_owner(key)
        if hit is not None and (hit.user_principal_name or "").lower() == key.lower():
            r = hit
    return r if r is not None and r.is_user else None


def find_group(state: TenantState, key: str) -> Recipient | None:
    r = state.get(key) or state.get(key.lower())
    return r if r is not None and r.is_group else None


def find_object(state: TenantState, key: str) -> Recipient | None:
    """Any directory object by id (users also by UPN), as `directoryObjects/{id}` references name them."""
    found = state.get(key) or state.get(key.lower()) or find_user(state, key)
    return found if found is not None and found.in_directory else None


def objects_page(
    request: Request,
    state: TenantState,
    ids: Sequence[str],
    *,
    context: str,
    extra: Mapping[str, Entity] | None = None,
) -> JSONResponse:
    """A page of a `directoryObject` collection, each object shown with its own type's default properties.

    `extra` holds objects that are not recipients (directory roles in `memberOf`), by id.
    """
    query = odata.parse_query(request, DIRECTORY_OBJECT)
    others = extra or {}

    def produce(oid: str) -> Entity | None:
        if oid in others:
            return others[oid]
        o = state.get(oid)
        # A member Entra ID does not hold (a dynamic distribution group in a list) is not Graph's to show.
        return directory_object(o) if o is not None and o.in_directory else None

    def default(item: Entity) -> Sequence[str]:
        o = state.get(item["id"])
        return directory_object_default(o) if o is not None else tuple(k for k in item if k != "@odata.type")

    return odata.listing(request, query, ids, produce, context=context, default=default)
