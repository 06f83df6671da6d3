"""Read routes: views, the delegation report (JSON and CSV), audit list/verify/export, tenants, policy."""

from __future__ import annotations

import json

from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp


def test_view_of_own_mailbox_permissions(web: ServedApp) -> None:
    """Sarah, owner of support@, reads who has access to it, as a table."""
    view = (
        web.sign_in("sarah@acme.com").get("/api/v1/views/permissions", params={"mailbox": "support@"}).json()
    )
    trustees = json.dumps(view["rows"])
    assert "chris.lee@acme.com" in trustees or "Chris Lee" in trustees


def test_unknown_view_is_a_422_listing_the_views(web: ServedApp) -> None:
    """A view name that does not exist is refused with the list of names (the path is validated)."""
    answer = web.sign_in("grace.hopper@acme.com").get("/api/v1/views/everything")
    assert answer.status_code == 422


def test_delegation_report_as_json_and_csv(web: ServedApp) -> None:
    """The admin's report of who can reach support@ comes as JSON rows and as a CSV download."""
    grace = web.sign_in("grace.hopper@acme.com")
    report = grace.get("/api/v1/reports/delegations", params={"mailbox": "support@acme.com"}).json()
    grants = {(r["trustee_address"], r["right"]) for r in report["rows"]}
    assert grants >= {("chris.lee@acme.com", "FullAccess"), ("chris.lee@acme.com", "SendAs")}
    csv = grace.get("/api/v1/reports/delegations", params={"mailbox": "support@acme.com", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "mailbox,trustee,right"
    assert len(csv.text.splitlines()) == len(report["rows"]) + 1


def test_employee_report_of_their_own_reach(web: ServedApp) -> None:
    """Chris may see what he can reach: Full Access and Send As on Support."""
    chris = web.sign_in("chris.lee@acme.com")
    report = chris.get("/api/v1/reports/delegations", params={"trustee": "me"})
    assert report.status_code == 200, report.text
    assert any(r["mailbox_address"] == "support@acme.com" for r in report.json()["rows"])


def test_audit_lists_filters_verifies_and_exports(web: ServedApp) -> None:
    """After a request, the admin finds its records by person, the chain verifies, the export has them."""
    tom = web.sign_in("tom.becker@acme.com")
    rid = ask_send_as(tom, confirm=True)["request_id"]
    grace = web.sign_in("grace.hopper@acme.com")
    records = grace.get("/api/v1/audit", params={"actor": "tom.becker@acme.com"}).json()["items"]
    assert {r["event"] for r in records} >= {"request.submitted", "request.confirmed"}
    assert all(r["request_id"] == rid for r in records)
    assert grace.get("/api/v1/audit/verify").json()["ok"] is True
    export = grace.get("/api/v1/audit/export", params={"format": "jsonl", "request_id": rid})
    lines = [json.loads(line) for line in export.text.splitlines()]
    assert [r["seq"] for r in lines] == sorted(r["seq"] for r in lines)
    assert {r["request_id"] for r in lines} == {rid}


def test_tenants_and_health_badges(web: ServedApp) -> None:
    """The admin sees the demo tenant, its recipients and a green badge per capability."""
    grace = web.sign_in("grace.hopper@acme.com")
    tenants = grace.get("/api/v1/tenants").json()
    demo = next(t for t in tenants if t["tenant"] == "demo")
    assert demo["served"] is True
    assert demo["recipients"] > 20
    health = grace.get("/api/v1/tenants/demo/health").json()
    assert [c["name"] for c in health["checks"]] == [
        "Directory reads and discovery (Graph + Exchange)",
        "Distribution lists: membership and lifecycle (Graph + Exchange)",
        "Mailbox delegation and primary address changes (Exchange admin API)",
        "Calendar sharing and the calendar view (Graph + Exchange admin API)",
        "Drift: who changed what outside mailwarden (the tenant's audit log)",
    ]
    assert {c["status"] for c in health["checks"]} == {"ok"}
    assert grace.get("/api/v1/tenants/elsewhere/health").status_code == 404


def test_policy_show_and_validate(web: ServedApp) -> None:
    """The admin reads the default policy; a broken text is a 422 problem listing what is wrong."""
    grace = web.sign_in("grace.hopper@acme.com")
    shown = grace.get("/api/v1/policy").json()
    assert shown["source"] == "default"
    assert shown["rules"]
    valid = grace.post("/api/v1/policy/validate", json={"text": shown["text"]})
    assert valid.json()["valid"] is True
    broken = grace.post("/api/v1/policy/validate", json={"text": "permit(principal, action, resource"})
    assert broken.status_code == 422
    assert broken.json()["problems"]
