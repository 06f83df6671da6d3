"""The drift API and page: an admin scans, sees the outside change with who and when; employees see none."""

from __future__ import annotations

from pathlib import Path

from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import served_app


def test_an_admin_scans_and_sees_the_outside_change_an_employee_cannot(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    with served_app(emulator, tmp_path / "home") as web:
        grace, tom = web.sign_in("grace.hopper@acme.com"), web.sign_in("tom.becker@acme.com")
        first = grace.post("/api/v1/drift/scan")
        assert first.status_code == 200, first.text
        assert first.json()["first"] is True
        outside_cmdlet(
            tenant,
            "grace.hopper@acme.com",
            "Set-Mailbox",
            Identity="sales@acme.com",
            ForwardingSmtpAddress="smtp:drop@rival.example",
        )
        found = grace.post("/api/v1/drift/scan").json()
        [event] = found["events"]
        assert (event["kind"], event["severity"], event["changed_by"]) == (
            "forwarding_external",
            "high",
            "grace.hopper@acme.com",
        )
        listed = grace.get("/api/v1/drift/events", params={"severity": "high"}).json()
        assert [e["event_id"] for e in listed] == [event["event_id"]]
        assert grace.get("/api/v1/drift/events", params={"severity": "bogus"}).status_code == 422
        page = grace.get("/drift", params={"event": event["event_id"]})
        assert page.status_code == 200
        assert "drop@rival.example" in page.text
        assert "grace.hopper@acme.com" in page.text
        assert tom.get("/api/v1/drift/events").status_code == 403
        assert tom.post("/api/v1/drift/scan").status_code == 403
        assert "drop@rival.example" not in tom.get("/drift").text


def test_a_scan_while_another_runs_is_a_409_that_says_what_runs_since_when_and_what_to_do(
    emulator: RunningEmulator, tmp_path: Path
) -> None:
    """Another scan holds the tenant's lease: a conflict with the tenant's state (409), not bad input (400),
    naming the scan that runs, since when, and when to try again."""
    from mailwarden.drift.lease import scan_lease
    from mailwarden.workspace import DEMO_TENANT

    with served_app(emulator, tmp_path / "home") as web:
        grace = web.sign_in("grace.hopper@acme.com")
        with scan_lease(web.workspace.store, DEMO_TENANT):
            busy = grace.post("/api/v1/drift/scan")
        assert busy.status_code == 409, busy.text
        problem = busy.json()
        assert problem["type"] == "urn:mailwarden:problem:already-running"
        assert "running since" in problem["detail"]
        assert "drift list" in problem["detail"]
        assert problem["running_since"]
        assert int(busy.headers["Retry-After"]) > 0
        assert grace.post("/api/v1/drift/scan").status_code == 200  # the lease is free again
