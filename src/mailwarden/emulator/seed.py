"""Seed the emulated tenant: the Acme fixture (shipped as package data), plus generated recipients.

The generator is deterministic: the same counts give the same ids, names and memberships, so a
benchmark or a test can name a generated recipient ahead of time (`user00042@acme.com`).
"""

from __future__ import annotations

import random
import uuid
from importlib import resources
from typing import Any

from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_APP_ID,
    EXCHANGE_APP_ROLES,
    GLOBAL_ADMIN_ROLE_TEMPLATE,
    GRAPH_ADMIN_APP_ROLES,
    GRAPH_APP_ID,
    GRAPH_APP_ROLES,
    GRAPH_OPTIONAL_APP_ROLES,
    USER_ADMIN_ROLE_TEMPLATE,
    CalendarEntry,
    Domain,
    FullAccessEntry,
    InboxRule,
    Recipient,
    RecipientTypeDetails,
    ResourceServicePrincipal,
    TenantData,
    TenantInfo,
)
from mailwarden.safe_yaml import safe_load

_NS = uuid.UUID("6f1b2c9e-3d4a-4b5c-8d7e-9f0a1b2c3d4e")

# Exchange's calendar roles as the fixture writes them.
_CALENDAR_ROLES = {
    "availabilityonly": "AvailabilityOnly",
    "limiteddetails": "LimitedDetails",
    "reviewer": "Reviewer",
    "editor": "Editor",
    "author": "Author",
    "owner": "Owner",
}


# The directory roles the fixture names, by name.
_ROLES = {
    "Exchange Administrator": EXCHANGE_ADMIN_ROLE_TEMPLATE,
    "Global Administrator": GLOBAL_ADMIN_ROLE_TEMPLATE,
    "User Administrator": USER_ADMIN_ROLE_TEMPLATE,
}


def load_fixture() -> dict[str, Any]:
    text = resources.files("mailwarden.data").joinpath("acme-tenant.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = safe_load(text)
    return data


def _alias(address: str) -> str:
    return address.split("@", 1)[0].replace("+", "_")


def _addresses(primary: str, aliases: list[str]) -> list[str]:
    return [f"SMTP:{primary.lower()}"] + [f"smtp:{a.lower()}" for a in aliases]


def _names(display_name: str) -> tuple[str | None, str | None]:
    parts = display_name.split(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (display_name, None)


def acme(users: int = 0, shared: int = 0, lists: int = 0) -> TenantData:
    """The Acme Corporation tenant, with `users`, `shared` and `lists` generated recipients added."""
    fx = load_fixture()
    t = fx["tenant"]
    data = TenantData(
        tenant=TenantInfo(
            id=t["id"], name=t["name"], display_name=t["display_name"], initial_domain=t["initial_domain"]
        ),
        domains=[
            Domain(
                name=d["name"],
                verified=d["verified"],
                default=d["default"],
                initial=d["name"] == t["initial_domain"],
            )
            for d in fx["domains"]
        ],
    )
    rec = data.recipients
    by_addr: dict[str, str] = {}

    def put(r: Recipient) -> None:
        rec[r.id] = r
        for a in r.smtp_addresses():
            by_addr[a] = r.id
        if r.external_address:
            by_addr[r.external_address.lower()] = r.id

    managers: dict[str, str] = {}
    for u in fx["users"]:
        given, surname = _names(u["display_name"])
        put(
            Recipient(
                id=u["id"],
                kind="UserMailbox",
                display_name=u["display_name"],
                alias=_alias(u["primary_smtp"]),
                name=u["id"] if u.get("named_by_id") else None,
                primary_smtp=u["primary_smtp"].lower(),
                email_addresses=_addresses(u["primary_smtp"], u["aliases"]),
                exchange_guid=str(uuid.uuid5(_NS, "mbx:" + u["id"])),
                user_principal_name=u["user_principal_name"],
                given_name=given,
                surname=surname,
                department=u["department"],
                job_title=u["job_title"],
                account_enabled=u["account_enabled"],
            )
        )
        if u["manager"]:
            managers[u["id"]] = u["manager"]
        if u.get("exchange_admin"):
            data.user_directory_roles[u["id"]] = [EXCHANGE_ADMIN_ROLE_TEMPLATE]
    for g in fx.get("guests", []):
        mail = g["mail"].lower()
        put(
            Recipient(
                id=g["id"],
                kind="GuestMailUser",
                display_name=g["display_name"],
                alias=g["user_principal_name"].split("#EXT#")[0],
                primary_smtp=mail,
                email_addresses=[f"SMTP:{mail}"],
                external_address=mail,
                user_principal_name=g["user_principal_name"],
                exchange_guid=str(uuid.uuid5(_NS, "mbx:" + g["id"])),
            )
        )
    for c in fx.get("contacts", []):
        mail = c["external_address"].lower()
        put(
            Recipient(
                id=c["id"],
                kind="MailContact",
                display_name=c["display_name"],
                alias=c["display_name"].replace(" ", ""),
                primary_smtp=mail,
                email_addresses=[f"SMTP:{mail}"],
                external_address=mail,
                exchange_guid=str(uuid.uuid5(_NS, "mbx:" + c["id"])),
            )
        )
    mailbox_kinds: tuple[tuple[RecipientTypeDetails, list[dict[str, Any]]], ...] = (
        ("SharedMailbox", fx.get("shared_mailboxes", [])),
        ("RoomMailbox", fx.get("room_mailboxes", [])),
    )
    for kind, items in mailbox_kinds:
        for m in items:
            put(
                Recipient(
                    id=m["id"],
                    kind=kind,
                    display_name=m["display_name"],
                    alias=_alias(m["primary_smtp"]),
                    primary_smtp=m["primary_smtp"].lower(),
                    email_addresses=_addresses(m["primary_smtp"], m.get("aliases", [])),
                    user_principal_name=m["primary_smtp"].lower(),
                    account_enabled=False,
                    exchange_guid=str(uuid.uuid5(_NS, "mbx:" + m["id"])),
                )
            )
    kinds: dict[str, RecipientTypeDetails] = {
        "distribution": "MailUniversalDistributionGroup",
        "mailEnabledSecurity": "MailUniversalSecurityGroup",
        "unified": "GroupMailbox",
    }
    for g in fx.get("groups", []):
        put(
            Recipient(
                id=g["id"],
                kind=kinds[g["kind"]],
                display_name=g["display_name"],
                alias=_alias(g["primary_smtp"]),
                primary_smtp=g["primary_smtp"].lower(),
                email_addresses=_addresses(g["primary_smtp"], []),
                member_join_restriction=g.get("member_join_restriction", "Closed"),
                visibility=g.get("visibility"),
                exchange_guid=str(uuid.uuid5(_NS, "mbx:" + g["id"])),
                assignable_to_role=bool(g.get("assignable_to_role", False)),
            )
        )
        # Only a role-assignable group can hold a directory role (groups-concept), as Entra refuses the rest.
        roles = [_ROLES[name] for name in g.get("directory_roles", [])]
        if roles and not g.get("assignable_to_role"):
            raise ValueError(f"group {g['display_name']!r} holds a directory role but is not role-assignable")
        if roles:
            data.user_directory_roles[g["id"]] = roles
    # Second pass: references by address, now that every recipient exists.
    for uid, manager in managers.items():
        rec[uid].manager_id = by_addr[manager.lower()]
    for m in fx.get("shared_mailboxes", []):
        box = rec[m["id"]]
        box.full_access = [FullAccessEntry(trustee_id=by_addr[a.lower()]) for a in m.get("full_access", [])]
        box.send_as = [by_addr[a.lower()] for a in m.get("send_as", [])]
        box.grant_send_on_behalf_to = [by_addr[a.lower()] for a in m.get("send_on_behalf", [])]
        # A shared mailbox has no owner in Exchange; tenants commonly record the accountable person as the
        # mailbox user's manager, and mailwarden's discovery proposes that person as the approver.
        box.owners = [by_addr[a.lower()] for a in m.get("owners", [])]
        if box.owners:
            box.manager_id = box.owners[0]
    for g in fx.get("groups", []):
        grp = rec[g["id"]]
        grp.owners = [by_addr[a.lower()] for a in g.get("owners", [])]
        grp.members = [by_addr[a.lower()] for a in g.get("members", [])]
    for p in fx.get("calendar_permissions", []):
        owner = rec[by_addr[p["owner"].lower()]]
        owner.calendar.append(
            CalendarEntry(
                entry_id=str(uuid.uuid5(_NS, f"cal:{owner.id}:{p['grantee']}")),
                user=by_addr[p["grantee"].lower()],
                access_rights=[_CALENDAR_ROLES[p["access"].lower()]],
            )
        )
    for f in fx.get("forwarding", []):
        box = rec[by_addr[f["mailbox"].lower()]]
        box.forwarding_address = by_addr[f["forward_to"].lower()]
        box.deliver_to_mailbox_and_forward = bool(f.get("keep_copy", False))
    for n, rule in enumerate(fx.get("inbox_rules", [])):
        box = rec[by_addr[rule["mailbox"].lower()]]

        def targets(key: str, rule: dict[str, Any] = rule) -> list[str]:
            # a recipient of the tenant by id; any other address is outside, as New-InboxRule keeps it
            return [by_addr.get(a.lower(), a.lower()) for a in rule.get(key, [])]

        box.inbox_rules.append(
            InboxRule(
                rule_identity=str(uuid.uuid5(_NS, f"rule:{box.id}:{n}").int >> 65),
                name=rule["name"],
                enabled=bool(rule.get("enabled", True)),
                priority=len(box.inbox_rules) + 1,
                forward_to=targets("forward_to"),
                redirect_to=targets("redirect_to"),
                forward_as_attachment_to=targets("forward_as_attachment_to"),
                subject_contains_words=list(rule.get("subject_contains_words", [])),
            )
        )
    for r in rec.values():
        if r.is_mailbox:
            r.calendar.insert(
                0,
                CalendarEntry(
                    entry_id=str(uuid.uuid5(_NS, f"cal:{r.id}:Default")),
                    user="Default",
                    access_rights=["AvailabilityOnly"],
                ),
            )
    _generate(data, users=users, shared=shared, lists=lists)
    data.resource_sps = resource_sps("")
    return data


def resource_sps(prefix: str) -> list[ResourceServicePrincipal]:
    """The service principals of Microsoft Graph and Exchange Online that every tenant has."""
    return [
        ResourceServicePrincipal(
            app_id=GRAPH_APP_ID,
            sp_id=str(uuid.uuid5(_NS, f"{prefix}sp:graph")),
            display_name="Microsoft Graph",
            app_roles={**GRAPH_APP_ROLES, **GRAPH_ADMIN_APP_ROLES, **GRAPH_OPTIONAL_APP_ROLES},
        ),
        ResourceServicePrincipal(
            app_id=EXCHANGE_APP_ID,
            sp_id=str(uuid.uuid5(_NS, f"{prefix}sp:exo")),
            display_name="Office 365 Exchange Online",
            app_roles=dict(EXCHANGE_APP_ROLES),
        ),
    ]


FIRST_NAMES = [
    "Ada",
    "Ben",
    "Cara",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kai",
    "Lena",
    "Milo",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Seth",
    "Tara",
    "Uma",
    "Vic",
    "Wes",
    "Xena",
    "Yuri",
    "Zoe",
]
LAST_NAMES = [
    "Archer",
    "Baker",
    "Cole",
    "Dunn",
    "Ellis",
    "Ford",
    "Gray",
    "Hale",
    "Irwin",
    "Jones",
    "Keller",
    "Lowe",
    "Moss",
    "Nash",
    "Owens",
    "Price",
    "Reid",
    "Stone",
    "Turner",
    "Vance",
    "Walsh",
    "Young",
]
_GRAPH_PAGE = 999  # the most members Graph returns in one page
_DEPTS = ["Sales", "Support", "Engineering", "Finance", "Marketing", "HR", "Operations", "Legal"]


def _generate(data: TenantData, *, users: int, shared: int, lists: int) -> None:
    """Add generated users, shared mailboxes and lists, each deterministic from its number."""
    rnd = random.Random(20261123)
    domain = next(d.name for d in data.domains if d.default)
    user_ids: list[str] = []
    for i in range(users):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]
        addr = f"user{i:05d}@{domain}"
        rid = str(uuid.uuid5(_NS, f"user:{i}"))
        user_ids.append(rid)
        data.recipients[rid] = Recipient(
            id=rid,
            kind="UserMailbox",
            display_name=f"{first} {last} {i:05d}",
            alias=f"user{i:05d}",
            primary_smtp=addr,
            email_addresses=[f"SMTP:{addr}"],
            user_principal_name=addr,
            exchange_guid=str(uuid.uuid5(_NS, f"mbx:user:{i}")),
            given_name=first,
            surname=last,
            department=_DEPTS[i % len(_DEPTS)],
            job_title="Staff",
            manager_id=user_ids[(i // 10) * 10] if i % 10 else None,
        )
    for i in range(shared):
        addr = f"shared{i:04d}@{domain}"
        rid = str(uuid.uuid5(_NS, f"shared:{i}"))
        box = Recipient(
            id=rid,
            kind="SharedMailbox",
            display_name=f"Shared {i:04d}",
            alias=f"shared{i:04d}",
            primary_smtp=addr,
            email_addresses=[f"SMTP:{addr}"],
            user_principal_name=addr,
            account_enabled=False,
            exchange_guid=str(uuid.uuid5(_NS, f"mbx:shared:{i}")),
        )
        if user_ids:
            trustees = rnd.sample(user_ids, k=min(3, len(user_ids)))
            box.full_access = [FullAccessEntry(trustee_id=t) for t in trustees]
            box.send_as = trustees[:1]
            box.owners = trustees[:1]
            box.manager_id = trustees[0]
        box.calendar = [
            CalendarEntry(
                entry_id=str(uuid.uuid5(_NS, f"cal:shared:{i}")),
                user="Default",
                access_rights=["AvailabilityOnly"],
            )
        ]
        data.recipients[rid] = box
    if len(user_ids) > _GRAPH_PAGE:
        # Real tenants have lists larger than one page of members (Graph pages at 999): a client that
        # loses its place between pages reads page one twice, which only such a list shows.
        rid = str(uuid.uuid5(_NS, "list:everyone-generated"))
        data.recipients[rid] = Recipient(
            id=rid,
            kind="MailUniversalDistributionGroup",
            display_name="Everyone (generated)",
            alias="everyone-generated",
            primary_smtp=f"everyone-generated@{domain}",
            email_addresses=[f"SMTP:everyone-generated@{domain}"],
            members=list(user_ids),
            owners=user_ids[:1],
            member_join_restriction="Closed",
            exchange_guid=str(uuid.uuid5(_NS, "mbx:list:everyone-generated")),
        )
    for i in range(lists):
        addr = f"list{i:04d}@{domain}"
        rid = str(uuid.uuid5(_NS, f"list:{i}"))
        members = rnd.sample(user_ids, k=min(10, len(user_ids))) if user_ids else []
        data.recipients[rid] = Recipient(
            id=rid,
            kind="MailUniversalDistributionGroup",
            display_name=f"List {i:04d}",
            alias=f"list{i:04d}",
            primary_smtp=addr,
            email_addresses=[f"SMTP:{addr}"],
            members=members,
            owners=members[:1],
            member_join_restriction=("Open", "Closed", "ApprovalRequired")[i % 3],
            exchange_guid=str(uuid.uuid5(_NS, f"mbx:list:{i}")),
        )


# ---- a second, different tenant (for many-tenant tests) ---------------------------------------------

CONTOSO_TENANT_ID = "4f1c2d3e-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
_CONTOSO_USERS = (
    # (local part, display name, department, job title, Exchange admin)
    ("ada", "Ada Lovelace", "IT", "IT Lead", True),
    ("bruno", "Bruno Diaz", "Finance", "Accountant", False),
    ("chen", "Chen Wei", "Support", "Support Engineer", False),
    ("dana", "Dana White", "HR", "HR Partner", False),
)
_CONTOSO_SHARED = (
    # (local part, display name, owners, full access)
    ("help", "Help Desk", ("chen",), ("chen", "bruno")),
    ("payroll", "Payroll", ("dana",), ("dana",)),
)
_CONTOSO_LISTS = (
    # (local part, display name, join restriction, owners, members)
    ("team", "Everyone at Contoso", "Open", ("ada",), ("ada", "bruno", "chen", "dana")),
    ("leads", "Team Leads", "Closed", ("ada",), ("ada", "chen")),
)


def contoso() -> TenantData:
    """Contoso Ltd: a small tenant unlike Acme in every id, domain and person (two-tenant tests)."""
    domain = "contoso.com"
    data = TenantData(
        tenant=TenantInfo(
            id=CONTOSO_TENANT_ID,
            name="contoso",
            display_name="Contoso Ltd",
            initial_domain="contoso.onmicrosoft.com",
        ),
        domains=[
            Domain(name=domain, verified=True, default=True),
            Domain(name="contoso.onmicrosoft.com", verified=True, initial=True),
        ],
    )

    def rid(kind: str, local: str) -> str:
        return str(uuid.uuid5(_NS, f"contoso:{kind}:{local}"))

    def default_calendar(owner_id: str) -> list[CalendarEntry]:
        return [
            CalendarEntry(
                entry_id=str(uuid.uuid5(_NS, f"cal:{owner_id}:Default")),
                user="Default",
                access_rights=["AvailabilityOnly"],
            )
        ]

    admin_id = rid("user", "ada")
    for local, name, department, title, admin in _CONTOSO_USERS:
        uid = rid("user", local)
        given, surname = _names(name)
        data.recipients[uid] = Recipient(
            id=uid,
            kind="UserMailbox",
            display_name=name,
            alias=local,
            primary_smtp=f"{local}@{domain}",
            email_addresses=[f"SMTP:{local}@{domain}"],
            exchange_guid=str(uuid.uuid5(_NS, "mbx:" + uid)),
            user_principal_name=f"{local}@{domain}",
            given_name=given,
            surname=surname,
            department=department,
            job_title=title,
            manager_id=None if uid == admin_id else admin_id,
            calendar=default_calendar(uid),
        )
        if admin:
            data.user_directory_roles[uid] = [EXCHANGE_ADMIN_ROLE_TEMPLATE]
    for local, name, owners, full_access in _CONTOSO_SHARED:
        sid = rid("shared", local)
        owner_ids = [rid("user", o) for o in owners]
        data.recipients[sid] = Recipient(
            id=sid,
            kind="SharedMailbox",
            display_name=name,
            alias=local,
            primary_smtp=f"{local}@{domain}",
            email_addresses=[f"SMTP:{local}@{domain}"],
            exchange_guid=str(uuid.uuid5(_NS, "mbx:" + sid)),
            user_principal_name=f"{local}@{domain}",
            account_enabled=False,
            full_access=[FullAccessEntry(trustee_id=rid("user", t)) for t in full_access],
            owners=owner_ids,
            manager_id=owner_ids[0],
            calendar=default_calendar(sid),
        )
    for local, name, join, owners, members in _CONTOSO_LISTS:
        gid = rid("list", local)
        data.recipients[gid] = Recipient(
            id=gid,
            kind="MailUniversalDistributionGroup",
            display_name=name,
            alias=local,
            primary_smtp=f"{local}@{domain}",
            email_addresses=[f"SMTP:{local}@{domain}"],
            exchange_guid=str(uuid.uuid5(_NS, "mbx:" + gid)),
            owners=[rid("user", o) for o in owners],
            members=[rid("user", m) for m in members],
            member_join_restriction=join,  # type: ignore[arg-type]
        )
    data.resource_sps = resource_sps("contoso:")
    return data


SEEDS = {"acme": acme, "contoso": contoso}
"""The tenants the emulator can be seeded with, by name. Seed a state folder before serving it:
`TenantState.load_or_create(state_dir / "tenant.json", SEEDS["contoso"])`; `running_emulator(state_dir)`
then serves the tenant already there."""
