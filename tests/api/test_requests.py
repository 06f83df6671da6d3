"""Requests through the API: ask, confirm, approve or deny, cancel, undo, list with paging, questions."""

from __future__ import annotations

from mailwarden.emulator.state import TenantState
from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp


def _send_as_holders(tenant: TenantState, mailbox: str) -> set[str]:
    box = tenant.by_address(mailbox)
    assert box is not None
    people = (tenant.get(i) for i in box.send_as)
    return {p.primary_smtp for p in people if p is not None}


def test_employee_asks_owner_approves_and_the_tenant_changes(web: ServedApp, tenant: TenantState) -> None:
    """Tom asks Send As on support@, confirms; Sarah approves with a reason; the tenant now has it."""
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom, confirm=True)
    assert request["state"] == "pending_approval"
    assert "tom.becker@acme.com" not in _send_as_holders(tenant, "support@acme.com")
    sarah = web.sign_in("sarah@acme.com")
    done = sarah.post(
        f"/api/v1/approvals/{request['request_id']}/approve", json={"justification": "Tom covers the queue"}
    ).json()
    assert done["state"] == "completed"
    assert done["approvals"][0]["justification"] == "Tom covers the queue"
    assert "tom.becker@acme.com" in _send_as_holders(tenant, "support@acme.com")
    assert tom.get(f"/api/v1/requests/{request['request_id']}").json()["steps"][0]["status"] == "applied"


def test_ask_without_confirm_stores_the_preview_and_changes_nothing(
    web: ServedApp, tenant: TenantState
) -> None:
    """The answer carries the plan JSON and a request waiting for the requester's confirmation."""
    tom = web.sign_in("tom.becker@acme.com")
    answer = tom.post(
        "/api/v1/requests",
        json={
            "steps": [
                {"action": "send_as", "change": "grant", "params": {"mailbox": "Support", "trustee": "me"}}
            ]
        },
    ).json()
    step = answer["plan"]["steps"][0]
    assert step["mailbox"] == "support@acme.com"
    assert step["decision"] == {
        "outcome": "approval_required",
        "approvers": ["sarah@acme.com"],
        "reason": step["decision"]["reason"],
        "policies": step["decision"]["policies"],
    }
    assert step["preview"]["already"] is False
    assert answer["request"]["state"] == "needs_confirmation"
    assert "tom.becker@acme.com" not in _send_as_holders(tenant, "support@acme.com")


def test_deny_needs_a_reason_and_ends_the_request(web: ServedApp) -> None:
    """Sarah must say why she denies; then the request is denied with her words."""
    tom = web.sign_in("tom.becker@acme.com")
    rid = ask_send_as(tom, confirm=True)["request_id"]
    sarah = web.sign_in("sarah@acme.com")
    missing = sarah.post(f"/api/v1/approvals/{rid}/deny", json={})
    assert missing.status_code == 422
    assert "why" in missing.json()["detail"]
    denied = sarah.post(
        f"/api/v1/approvals/{rid}/deny", json={"justification": "Use the shared inbox"}
    ).json()
    assert denied["state"] == "denied"
    assert (
        tom.get(f"/api/v1/requests/{rid}").json()["approvals"][0]["justification"] == "Use the shared inbox"
    )


def test_admin_change_runs_after_confirmation_and_can_be_undone(web: ServedApp, tenant: TenantState) -> None:
    """Grace grants Send As on a shared mailbox (allowed), then undoes it through a new request."""
    grace = web.sign_in("grace.hopper@acme.com")
    request = ask_send_as(grace, trustee="john@acme.com", confirm=True)
    assert request["state"] == "completed"
    assert "john@acme.com" in _send_as_holders(tenant, "support@acme.com")
    undo = grace.post(f"/api/v1/requests/{request['request_id']}/undo")
    assert undo.status_code == 201
    assert undo.json()["kind"] == "undo"
    assert undo.json()["channel"] == "api"  # where it was asked for
    assert undo.json()["steps"][0]["step"]["change"] == "revoke"
    confirmed = grace.post(f"/api/v1/requests/{undo.json()['request_id']}/confirm").json()
    assert confirmed["state"] == "completed"
    assert "john@acme.com" not in _send_as_holders(tenant, "support@acme.com")


def test_cancel_before_it_runs_and_not_twice(web: ServedApp) -> None:
    """A waiting request can be cancelled once; cancelling again is a 409 that names the state."""
    tom = web.sign_in("tom.becker@acme.com")
    rid = ask_send_as(tom, confirm=True)["request_id"]
    assert tom.post(f"/api/v1/requests/{rid}/cancel").json()["state"] == "cancelled"
    again = tom.post(f"/api/v1/requests/{rid}/cancel")
    assert again.status_code == 409
    assert "cancelled" in again.json()["detail"]


def test_ambiguous_name_asks_which_one_and_stores_nothing(web: ServedApp) -> None:
    """'Alex Kim' is two people: the plan asks which, with candidates; the answer completes the request."""
    grace = web.sign_in("grace.hopper@acme.com")
    step = {
        "action": "send_as",
        "change": "grant",
        "params": {"mailbox": "support@acme.com", "trustee": "Alex Kim"},
    }
    asked = grace.post("/api/v1/requests", json={"steps": [step]}).json()
    assert asked["request"] is None
    assert asked["plan"]["status"] == "needs_clarification"
    question = asked["plan"]["questions"][0]
    assert question["about"] == "trustee"
    addresses = {c["address"] for c in question["candidates"]}
    assert addresses == {"alex.kim@acme.com", "alexander.kim@acme.co.uk"}
    answered = grace.post(
        "/api/v1/requests", json={"steps": [step], "answers": {"trustee": "alex.kim@acme.com"}}
    )
    assert answered.json()["request"]["steps"][0]["step"]["trustee"] == "alex.kim@acme.com"


def test_unknown_recipient_is_a_problem_that_names_it(web: ServedApp) -> None:
    """A name matching nobody is a 422 problem quoting the name, with what to do next."""
    tom = web.sign_in("tom.becker@acme.com")
    answer = tom.post(
        "/api/v1/requests",
        json={
            "steps": [
                {"action": "send_as", "change": "grant", "params": {"mailbox": "nosuchbox", "trustee": "me"}}
            ]
        },
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["type"] == "urn:mailwarden:problem:recipient-not-found"
    assert body["reference"] == "nosuchbox"
    assert "nosuchbox" in body["detail"]


def test_invalid_body_is_a_problem_listing_each_field(web: ServedApp) -> None:
    """A body with neither text nor steps is a 422 problem+json saying what to send."""
    answer = web.sign_in("tom.becker@acme.com").post("/api/v1/requests", json={})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "text" in answer.json()["detail"]


def test_lists_are_paged_newest_first(web: ServedApp) -> None:
    """Three requests, pages of two: the first page points at the second, which ends the list."""
    tom = web.sign_in("tom.becker@acme.com")
    ids = [ask_send_as(tom)["request_id"] for _ in range(3)]
    first = tom.get("/api/v1/requests", params={"limit": 2}).json()
    assert [r["request_id"] for r in first["items"]] == ids[::-1][:2]
    assert first["next_offset"] == 2
    second = tom.get("/api/v1/requests", params={"limit": 2, "offset": 2}).json()
    assert [r["request_id"] for r in second["items"]] == [ids[0]]
    assert second["next_offset"] is None


def test_plan_changes_nothing_and_stores_nothing(web: ServedApp) -> None:
    """POST /plans answers the plan JSON; no request appears."""
    tom = web.sign_in("tom.becker@acme.com")
    plan = tom.post(
        "/api/v1/plans",
        json={
            "steps": [
                {"action": "send_as", "change": "grant", "params": {"mailbox": "support@", "trustee": "me"}}
            ]
        },
    ).json()
    assert plan["status"] == "ready"
    assert plan["steps"][0]["preview"]["summary"] == "Tom Becker will be able to send as Support"
    assert tom.get("/api/v1/requests").json()["items"] == []


def test_plain_language_request_is_planned_by_the_text_planner(web: ServedApp) -> None:
    """'Give me Send As on support@acme.com' becomes the same Send As step, for the requester."""
    tom = web.sign_in("tom.becker@acme.com")
    plan = tom.post("/api/v1/plans", json={"text": "Give me Send As on support@acme.com"}).json()
    assert plan["status"] == "ready", plan
    assert plan["steps"][0]["action"] == "send_as"
    assert plan["steps"][0]["trustee"] == "tom.becker@acme.com"


def test_attachment_lists_the_people_of_a_bulk_request(web: ServedApp) -> None:
    """A CSV of two people sent with 'add the users in this file to all-hands' plans one step per person."""
    grace = web.sign_in("grace.hopper@acme.com")
    csv = b"email\njane.doe@acme.com\nmike.smith@acme.com\n"
    answer = grace.http.post(
        "/api/v1/plans/upload",
        headers={"X-CSRF-Token": grace.csrf},
        data={"text": "Add the users in this file to all-hands@acme.com"},
        files={"files": ("people.csv", csv, "text/csv")},
    )
    assert answer.status_code == 200, answer.text
    members = {s.get("member") for s in answer.json()["steps"]}
    assert {"jane.doe@acme.com", "mike.smith@acme.com"} <= members, answer.json()
