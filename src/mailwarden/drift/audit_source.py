"""Who changed it, and when: the tenant's unified audit log, read through Graph's audit log query API.

Which API, and why (Microsoft's documentation, December 2026):
- Graph `security/auditLog/queries` (v1.0; learn.microsoft.com/graph/api/security-auditcoreroot-list-
  auditlogqueries, .../security-auditlogquery-list-records, .../resources/security-auditlogrecord): an app
  with the application permission **AuditLogsQuery-Exchange.Read.All** (Exchange records only; the
  least privileged one that covers Exchange admin actions; AuditLogsQuery.Read.All covers every service)
  creates a query for a time window and operations, polls it until `succeeded`, and pages its records:
  `operation` is the cmdlet (Add-MailboxPermission, Add-RecipientPermission, Set-Mailbox with
  GrantSendOnBehalfTo / ForwardingSmtpAddress, Add-DistributionGroupMember, Add-MailboxFolderPermission
  ...), `userPrincipalName` who ran it, `createdDateTime` when, `objectId` the object as the cmdlet named
  it and `auditData.Parameters` its parameters. The Exchange admin center runs the same cmdlets, so a
  change made there is recorded the same way. Chosen because it rides mailwarden's existing Graph
  connection and token (no new resource, no subscription to keep alive) and can ask for just the
  operations drift needs.
- Rejected: the Office 365 Management Activity API (ActivityFeed.Read on manage.office.com): the SIEM feed,
  built for continuous ingestion of every record through per-tenant subscriptions and content blobs; a
  fine second source, but a third resource and a subscription to maintain for a handful of cmdlets.
  Exchange's Search-UnifiedAuditLog through the admin API: needs an audit-log RBAC role on top of
  Exchange.ManageAsApp, and Microsoft steers programmatic use to the two APIs above.

Caveats, which the scan honours:
- Lag: audit records are not immediate. Microsoft's Management Activity API FAQ (learn.microsoft.com/
  office/office-365-management-api/troubleshooting-the-office-365-management-activity-api): for core
  services such as Exchange, events are typically available 60 to 90 minutes after they happen, with no
  guarantee ("Microsoft prioritizes data integrity over latency"); the unified audit log behind the Graph
  API fills the same way. So a scan that finds a change may find no record of it yet: the event then says
  "between T1 and T2" (the last scan and this one), and later scans look again and fill in who and when
  once the record has arrived (`attribute_pending`).
- A query is asynchronous and can take minutes; the scan waits a bounded time and otherwise leaves the
  attribution to the next scan.
- Unified auditing must be on in the tenant (it is by default); changes made through Graph (Microsoft 365
  group members, calendar permissions shared through Outlook or Graph) are Entra or mailbox-audit records
  that AuditLogsQuery-Exchange.Read.All does not cover: those events keep their window.
- Without the permission, Graph answers 403: the scan records "audit log not readable: grant
  AuditLogsQuery-Exchange.Read.All" and names windows instead of people.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from mailwarden.connectors.graph import GraphClient
from mailwarden.directory.identify import identify
from mailwarden.directory.snapshot import Directory
from mailwarden.drift.facts import Fact
from mailwarden.errors import NotAuthorized, TenantError

__all__ = [
    "AUDIT_PERMISSION",
    "OPERATIONS",
    "AuditRecord",
    "AuditUnavailable",
    "by_directory_ids",
    "find_change",
    "find_deletion",
    "read_audit_records",
]

AUDIT_PERMISSION = "AuditLogsQuery-Exchange.Read.All"
# The cmdlets that change what drift compares, by fact kind.
OPERATIONS: Mapping[str, tuple[str, ...]] = {
    "full_access": ("Add-MailboxPermission", "Remove-MailboxPermission"),
    "send_as": ("Add-RecipientPermission", "Remove-RecipientPermission"),
    "send_on_behalf": ("Set-Mailbox",),
    "forwarding": ("Set-Mailbox",),
    "membership": (
        "Add-DistributionGroupMember",
        "Remove-DistributionGroupMember",
        "Update-DistributionGroupMember",
    ),
    "calendar": (
        "Add-MailboxFolderPermission",
        "Set-MailboxFolderPermission",
        "Remove-MailboxFolderPermission",
    ),
    "list_deleted": ("Remove-DistributionGroup",),
}
_HOLDER_PARAMETERS = ("User", "Trustee", "Member", "Members", "GrantSendOnBehalfTo")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_FORWARDING_PARAMETERS = ("ForwardingSmtpAddress", "ForwardingAddress")


class AuditUnavailable(Exception):
    """The audit log cannot be read now, with why (no permission, query still running, an error)."""


@dataclass(frozen=True)
class AuditRecord:
    record_id: str
    operation: str
    user: str
    when: dt.datetime
    object_id: str
    parameters: Mapping[str, str]
    app_id: str = ""
    """The app that ran the cmdlet, for app-only sign-ins (auditData.AppId)."""

    def by_app(self, client_ids: Iterable[str]) -> bool:
        return bool({self.user.lower(), self.app_id.lower()} & {c.lower() for c in client_ids if c})


def _parse_time(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def read_audit_records(
    graph: GraphClient,
    start: dt.datetime,
    end: dt.datetime,
    *,
    wait: float = 30.0,
    poll: float = 0.5,
) -> list[AuditRecord]:
    """The Exchange admin records of [start, end) for drift's operations; `AuditUnavailable` when the log
    cannot be read (no permission) or the query has not finished within `wait` seconds."""
    operations = sorted({op for ops in OPERATIONS.values() for op in ops})
    body = {
        "displayName": "mailwarden drift scan",
        "filterStartDateTime": _iso(start),
        "filterEndDateTime": _iso(end),
        "recordTypeFilters": ["exchangeAdmin"],
        "operationFilters": operations,
    }
    try:
        created = await graph.request("POST", "/security/auditLog/queries", json=body)
        query_id = str(created.json()["id"])
        deadline = asyncio.get_running_loop().time() + wait
        delay = poll
        while True:
            status = (await graph.get_json(f"/security/auditLog/queries/{query_id}")).get("status")
            if status == "succeeded":
                break
            if status in ("failed", "cancelled"):
                raise AuditUnavailable(f"the audit log query {status}")
            if asyncio.get_running_loop().time() + delay > deadline:
                raise AuditUnavailable(f"the audit log query was still {status} after {wait:.0f} s")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
        raw = await graph.list_all(f"/security/auditLog/queries/{query_id}/records", page_size=None)
    except NotAuthorized as exc:
        raise AuditUnavailable(f"audit log not readable: grant the app {AUDIT_PERMISSION} ({exc})") from exc
    except TenantError as exc:
        raise AuditUnavailable(f"audit log not readable: {exc}") from exc
    return [_record(r) for r in raw]


def _record(raw: Mapping[str, Any]) -> AuditRecord:
    data = raw.get("auditData") or {}
    parameters = {str(p.get("Name")): str(p.get("Value")) for p in data.get("Parameters") or []}
    return AuditRecord(
        record_id=str(raw.get("id")),
        operation=str(raw.get("operation") or ""),
        user=str(raw.get("userPrincipalName") or raw.get("userId") or "someone"),
        when=_parse_time(str(raw.get("createdDateTime"))),
        object_id=str(raw.get("objectId") or ""),
        parameters=parameters,
        app_id=str(data.get("AppId") or ""),
    )


def by_directory_ids(
    records: Sequence[AuditRecord], mailboxes: Sequence[Mapping[str, Any]]
) -> list[AuditRecord]:
    """`records` with every mailbox named by its ExchangeGuid or Guid renamed by its directory id.

    Exchange resolves -Identity, -User, -Trustee ... given as either Guid, and the log keeps the value as
    given; the directory mailwarden holds does not know those Guids, so unrenamed, an admin who names a
    person's mailbox so is neither pointed at (people.py) nor told apart from that person's baseline."""
    ids: dict[str, str] = {}
    for box in mailboxes:
        rid = str(box.get("ExternalDirectoryObjectId") or "").lower()
        for name in ("ExchangeGuid", "Guid"):
            guid = str(box.get(name) or "").strip().lower()
            if rid and guid and guid != "00000000-0000-0000-0000-000000000000":
                ids[guid] = rid

    def rename(value: str) -> str:
        return _GUID.sub(lambda m: ids.get(m.group(0).lower(), m.group(0)), value)

    out = []
    for record in records:
        parameters = {
            k: rename(v) if k == "Identity" or k in _HOLDER_PARAMETERS else v
            for k, v in record.parameters.items()
        }
        out.append(replace(record, object_id=rename(record.object_id), parameters=parameters))
    return out


def _names(directory: Directory, printed: str, recipient_id: str, address: str) -> bool:
    printed = printed.strip()
    if not printed:
        return False
    if printed.lower() in (recipient_id, address.lower()):
        return True
    found = identify(directory, printed.split(":", 1)[-1] if printed.lower().startswith("smtp:") else printed)
    return found is not None and found.recipient_id == recipient_id


def _values(text: str) -> Iterable[str]:
    """The values one logged parameter names: a plain value, a list, or a hashtable '@{add=a,b;remove=c}'."""
    text = text.strip()
    if text.startswith("@{") and text.endswith("}"):
        for part in text[2:-1].split(";"):
            yield from part.partition("=")[2].split(",")
    else:
        yield from text.split(",")


def find_change(
    directory: Directory,
    records: Sequence[AuditRecord],
    fact: Fact,
    *,
    folder_owner: bool = False,
    gives: bool | None = None,
) -> AuditRecord | None:
    """The latest record of a cmdlet that made `fact` so (or took it away, as `gives` says when given),
    if the log holds one."""
    operations = {op.lower() for op in OPERATIONS[fact.kind]}
    if gives is not None:
        # An Add- never took a grant away, a Remove- never gave one; Set-/Update- can do either.
        wrong = "remove-" if gives else "add-"
        operations = {op for op in operations if not op.startswith(wrong)}
    matches = []
    for record in records:
        if record.operation.lower() not in operations:
            continue
        target = record.parameters.get("Identity") or record.object_id
        if fact.kind == "calendar":
            target = target.split(":", 1)[0]
        if not _names(directory, target, fact.resource_id, fact.resource):
            continue
        if fact.kind == "forwarding":
            if not any(p in record.parameters for p in _FORWARDING_PARAMETERS):
                continue
        else:
            named = [
                v for p in _HOLDER_PARAMETERS if p in record.parameters for v in _values(record.parameters[p])
            ]
            if not any(_names(directory, v, fact.holder_id, fact.holder) for v in named):
                continue
        matches.append(record)
    return max(matches, key=lambda r: r.when) if matches else None


def find_deletion(directory: Directory, records: Sequence[AuditRecord], fact: Fact) -> AuditRecord | None:
    """The latest record of the list `fact.resource` being deleted (Remove-DistributionGroup)."""
    matches = [
        r
        for r in records
        if r.operation.lower() == "remove-distributiongroup"
        and _names(directory, r.parameters.get("Identity") or r.object_id, fact.resource_id, fact.resource)
    ]
    return max(matches, key=lambda r: r.when) if matches else None
