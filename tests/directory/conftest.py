"""A Directory built straight from the Acme fixture file, for resolution tests that need no tenant."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest

from mailwarden.directory import Directory
from mailwarden.model import Domain, Recipient, RecipientKind
from mailwarden.safe_yaml import safe_load

_GROUP_KINDS = {
    "distribution": RecipientKind.DISTRIBUTION_LIST,
    "mailEnabledSecurity": RecipientKind.MAIL_ENABLED_SECURITY,
    "unified": RecipientKind.M365_GROUP,
}


def acme_directory() -> Directory:
    """Every recipient of src/mailwarden/data/acme-tenant.yaml, with addresses resolved to ids."""
    text = resources.files("mailwarden.data").joinpath("acme-tenant.yaml").read_text(encoding="utf-8")
    fx: dict[str, Any] = safe_load(text)
    ids: dict[str, str] = {}
    for section, key in (
        ("users", "primary_smtp"),
        ("guests", "mail"),
        ("contacts", "external_address"),
        ("shared_mailboxes", "primary_smtp"),
        ("room_mailboxes", "primary_smtp"),
        ("groups", "primary_smtp"),
    ):
        for item in fx.get(section, []):
            ids[item[key].lower()] = item["id"]

    def id_of(address: str) -> str:
        return ids[address.lower()]

    recipients: list[Recipient] = []
    for u in fx["users"]:
        recipients.append(
            Recipient(
                recipient_id=u["id"],
                kind=RecipientKind.USER,
                display_name=u["display_name"],
                primary_address=u["primary_smtp"],
                addresses=(u["primary_smtp"], *u["aliases"]),
                upn=u["user_principal_name"],
                alias=u["primary_smtp"].split("@")[0],
                department=u["department"],
                job_title=u["job_title"],
                manager_id=id_of(u["manager"]) if u["manager"] else None,
                enabled=u["account_enabled"],
            )
        )
    for g in fx["guests"]:
        recipients.append(
            Recipient(
                recipient_id=g["id"],
                kind=RecipientKind.GUEST,
                display_name=g["display_name"],
                primary_address=g["mail"],
                upn=g["user_principal_name"],
            )
        )
    for c in fx["contacts"]:
        recipients.append(
            Recipient(
                recipient_id=c["id"],
                kind=RecipientKind.CONTACT,
                display_name=c["display_name"],
                primary_address=c["external_address"],
                alias=c["display_name"].replace(" ", ""),
            )
        )
    for kind, section in (
        (RecipientKind.SHARED_MAILBOX, "shared_mailboxes"),
        (RecipientKind.ROOM_MAILBOX, "room_mailboxes"),
    ):
        for m in fx[section]:
            recipients.append(
                Recipient(
                    recipient_id=m["id"],
                    kind=kind,
                    display_name=m["display_name"],
                    primary_address=m["primary_smtp"],
                    addresses=(m["primary_smtp"], *m.get("aliases", [])),
                    upn=m["primary_smtp"],
                    alias=m["primary_smtp"].split("@")[0],
                    owners=tuple(id_of(a) for a in m.get("owners", [])),
                    enabled=False,
                )
            )
    for g in fx["groups"]:
        recipients.append(
            Recipient(
                recipient_id=g["id"],
                kind=_GROUP_KINDS[g["kind"]],
                display_name=g["display_name"],
                primary_address=g["primary_smtp"],
                alias=g["primary_smtp"].split("@")[0],
                owners=tuple(id_of(a) for a in g["owners"]),
                members=tuple(id_of(a) for a in g["members"]),
                member_join_restriction=g["member_join_restriction"],
                # as discovery reads Graph's isAssignableToRole: known for every group
                role_assignable=bool(g.get("assignable_to_role", False)),
            )
        )
    domains = [Domain(name=d["name"], verified=d["verified"], default=d["default"]) for d in fx["domains"]]
    return Directory(recipients, domains)


@pytest.fixture(scope="session")
def acme() -> Directory:
    return acme_directory()
