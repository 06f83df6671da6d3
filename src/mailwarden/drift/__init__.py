"""Drift: changes made to a tenant outside mailwarden, found by comparing it with what mailwarden knew.

facts.py         what is compared, and what a mailwarden step does to it
observe.py       the tenant now, at the round-trip minimum
audit_source.py  who and when, from the unified audit log (Graph's audit log query API): why that API
records.py       the baseline, scans and events in the store
policy.py        per kind of drift: record, notify, or propose a revert (a tenant setting: why)
respond.py       the notifications call site (notify_drift) and the revert proposal
scan.py          one scan: `scan(store, audit, ctx, tenant, service=...)`, a plain coroutine for the jobs
"""

from mailwarden.drift.records import DriftEvent, get_event, list_events
from mailwarden.drift.scan import ScanResult, scan

__all__ = ["DriftEvent", "ScanResult", "get_event", "list_events", "scan"]
