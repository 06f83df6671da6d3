"""Many generated tenants for one emulator (`mailwarden emulator --tenants N --mailboxes M`).

Tenant 0 is the Acme demo tenant; tenants 1..N-1 are generated, each deterministic from its number (a
seeded RNG): its own tenant id, domain (`tenant007.example`), people, shared mailboxes with delegates,
lists, two Exchange admins, and its own registered app with its own client secret and certificate. A
provider's many tenant tests and benchmarks fit on one machine that way.

Each generated tenant persists in `tenants/NNN/tenant.json` under the state folder (made on first start,
served as is afterwards). The credentials of every tenant (tenant id, domain, client id, secret) go to
`tenants.json` in the state folder, readable by its owner only, never to the terminal; each tenant's
certificate with its private key is `client-cert.pem` in its folder (owner-only too).
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mailwarden.data_folder import private_dir, write_private
from mailwarden.emulator.credentials import CLIENT_CERT_FILE, demo_app_id, ensure_demo_app
from mailwarden.emulator.seed import FIRST_NAMES, LAST_NAMES, resource_sps
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    CalendarEntry,
    Domain,
    FullAccessEntry,
    Recipient,
    RecipientTypeDetails,
    TenantData,
    TenantInfo,
    TenantState,
)

__all__ = ["FLEET_FILE", "MAX_TENANTS", "FleetTenant", "generated_tenant", "open_fleet", "write_fleet_file"]

FLEET_FILE = "tenants.json"
MAX_TENANTS = 1000
_NS = uuid.UUID("5d0c1f4e-8a2b-4c6d-9e7f-0a1b2c3d4e5f")
_ID_KIND: dict[str, str] = {
    "UserMailbox": "user",
    "SharedMailbox": "shared",
    "MailUniversalDistributionGroup": "list",
}
"""The kind's word in a generated object id (ids must stay as generated tenants already persisted them)."""
_DEPTS = ("Sales", "Support", "Engineering", "Finance", "Marketing", "HR", "Operations", "Legal")


@dataclass(frozen=True)
class FleetTenant:
    """What a client needs to connect to one tenant of the fleet."""

    index: int
    tenant_id: str
    tenant_domain: str
    client_id: str
    client_secret: str
    certificate_file: str = ""
    """The app's certificate and private key (PEM), for the certificate credential Microsoft recommends."""

    def as_json(self) -> dict[str, object]:
        return {
            "index": self.index,
            "tenant_id": self.tenant_id,
            "tenant_domain": self.tenant_domain,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "certificate_file": self.certificate_file,
        }


def fleet_tenant_id(index: int) -> str:
    return str(uuid.uuid5(_NS, f"tenant:{index}"))


def generated_tenant(index: int, mailboxes: int) -> TenantData:
    """Tenant `index` (1 or more) with `mailboxes` mailboxes: about one in twenty shared, the rest people."""
    if index < 1:
        raise ValueError("tenant 0 is the Acme demo tenant; generated tenants start at 1")
    rnd = random.Random(f"mailwarden-fleet:{index}:{mailboxes}")
    name = f"tenant{index:03d}"
    domain = f"{name}.example"
    tenant_id = fleet_tenant_id(index)
    data = TenantData(
        tenant=TenantInfo(
            id=tenant_id,
            name=name,
            display_name=f"Tenant {index:03d} Ltd",
            initial_domain=f"{name}.onmicrosoft.com",
        ),
        domains=[
            Domain(name=domain, verified=True, default=True),
            Domain(name=f"{name}.onmicrosoft.com", verified=True, initial=True),
        ],
    )

    def calendar(owner_id: str) -> list[CalendarEntry]:
        entry = str(uuid.uuid5(_NS, f"cal:{owner_id}:Default"))
        return [CalendarEntry(entry_id=entry, user="Default", access_rights=["AvailabilityOnly"])]

    def add(kind: RecipientTypeDetails, n: int, alias: str, display_name: str, **facts: Any) -> str:
        """One generated recipient of `kind` at alias@domain; returns its id."""
        addr = f"{alias}@{domain}"
        # Directory object ids are unique across every tenant of Entra ID, so the tenant is in the name.
        rid = str(uuid.uuid5(_NS, f"{tenant_id}:{_ID_KIND[kind]}:{n}"))
        if kind != "MailUniversalDistributionGroup":
            # A generated tenant is new, and since MC365786 (2022-23) Exchange Online names a new mailbox
            # by its directory id: Identity, ForwardingAddress and GrantSendOnBehalfTo print that GUID.
            facts.update(user_principal_name=addr, calendar=calendar(rid), name=rid)
        data.recipients[rid] = Recipient(
            id=rid,
            kind=kind,
            display_name=display_name,
            alias=alias,
            primary_smtp=addr,
            email_addresses=[f"SMTP:{addr}"],
            exchange_guid=str(uuid.uuid5(_NS, f"mbx:{rid}")),
            **facts,
        )
        return rid

    shared = max(1, mailboxes // 20) if mailboxes > 1 else 0
    people = max(0, mailboxes - shared)
    user_ids: list[str] = []
    for i in range(people):
        first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
        user_ids.append(
            add(
                "UserMailbox",
                i,
                f"{first}.{last}{i}".lower(),
                f"{first} {last} {i}",
                given_name=first,
                surname=last,
                department=_DEPTS[i % len(_DEPTS)],
                job_title="Staff",
                manager_id=user_ids[(i // 10) * 10] if i % 10 else None,
            )
        )
    for uid in user_ids[:2]:
        data.user_directory_roles[uid] = [EXCHANGE_ADMIN_ROLE_TEMPLATE]
    for i in range(shared):
        trustees = rnd.sample(user_ids, k=min(3, len(user_ids)))
        add(
            "SharedMailbox",
            i,
            f"shared{i:03d}",
            f"Shared {i:03d}",
            account_enabled=False,
            full_access=[FullAccessEntry(trustee_id=t) for t in trustees],
            send_as=trustees[:1],
            owners=trustees[:1],
            manager_id=trustees[0] if trustees else None,
        )
    for i in range(max(1, mailboxes // 25) if user_ids else 0):
        members = rnd.sample(user_ids, k=min(10, len(user_ids)))
        add(
            "MailUniversalDistributionGroup",
            i,
            f"list{i:03d}",
            f"List {i:03d}",
            members=members,
            owners=members[:1],
            member_join_restriction=("Open", "Closed", "ApprovalRequired")[i % 3],
        )
    data.resource_sps = resource_sps(f"{tenant_id}:")
    return data


def open_fleet(state_dir: Path, count: int, mailboxes: int, signing_key_pem: str) -> list[TenantState]:
    """Generated tenants 1..count-1 under `state_dir/tenants`, each with its app registered.

    Every tenant signs with `signing_key_pem` (the default tenant's), as Entra ID signs every tenant's
    tokens with the same keys: what keeps tenants apart is the `tid` each resource checks, not the key."""
    if not 1 <= count <= MAX_TENANTS:
        raise ValueError(f"the number of tenants must be 1 to {MAX_TENANTS}, not {count}")
    out: list[TenantState] = []
    for index in range(1, count):
        folder = private_dir(tenant_folder(state_dir, index))

        def make(index: int = index) -> TenantData:
            data = generated_tenant(index, mailboxes)
            data.signing_key_pem = signing_key_pem
            return data

        state = TenantState.load_or_create(folder / "tenant.json", make)
        # A key pair each (made once, kept with the tenant): each tenant's app has its own credentials.
        ensure_demo_app(state, folder)
        out.append(state)
    return out


def tenant_folder(state_dir: Path, index: int) -> Path:
    """Where tenant `index` keeps its state and certificate (the Acme demo, 0, the state folder itself)."""
    return state_dir if index == 0 else state_dir / "tenants" / f"{index:03d}"


def fleet_entry(index: int, state: TenantState, folder: Path | None = None) -> FleetTenant:
    app = state.application(demo_app_id(state.tenant.id))
    assert app is not None, "open_fleet registers every tenant's app"
    return FleetTenant(
        index=index,
        tenant_id=state.tenant.id,
        tenant_domain=next(
            (d.name for d in state.data.domains if d.default and d.verified), state.tenant.initial_domain
        ),
        client_id=app.app_id,
        client_secret=app.secrets[0].secret if app.secrets else "",
        certificate_file=str(folder / CLIENT_CERT_FILE) if folder is not None and app.certificates else "",
    )


def write_fleet_file(state_dir: Path, states: list[TenantState]) -> Path:
    """Every tenant's connection details, in `tenants.json` (owner-only: it holds client secrets)."""
    path = state_dir / FLEET_FILE
    entries = [fleet_entry(i, s, tenant_folder(state_dir, i)).as_json() for i, s in enumerate(states)]
    write_private(path, json.dumps({"tenants": entries}, indent=1))
    return path
