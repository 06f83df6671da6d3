"""A finished request with failed steps offers its requester a retry, on the page (a CSRF-guarded form)
and in the API; the failed steps run again, each decided again on live facts."""

from __future__ import annotations

import re

from sqlalchemy import update

from mailwarden.store.tables import RequestRow, RequestStepRow
from tests.api.served import ServedApp

SHARE = {
    "action": "calendar_share",
    "change": "grant",
    "params": {"owner": "me", "access": "reviewer", "grantee": "john@acme.com"},
}


def _failed_request(web: ServedApp, tom_post: object) -> str:
    answer = tom_post("/api/v1/requests", params={"confirm": True}, json={"steps": [SHARE]})  # type: ignore[operator]
    assert answer.status_code == 201, answer.text
    request_id = str(answer.json()["request"]["request_id"])
    # Recorded as a run records a write the tenant refused (the retry then finds the tenant as asked).
    with web.workspace.store.session() as session:
        session.execute(
            update(RequestStepRow)
            .where(RequestStepRow.request_id == request_id)
            .values(status="failed", outcome={"message": "The tenant refused the write."})
        )
        session.execute(update(RequestRow).where(RequestRow.request_id == request_id).values(state="failed"))
    return request_id


def test_the_request_page_retries_the_failed_steps_of_its_requester(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    request_id = _failed_request(web, tom.post)
    page = tom.get(f"/requests/{request_id}").text
    form = re.search(rf'<form method="post" action="/requests/{request_id}/retry">(.*?)</form>', page, re.S)
    assert form is not None, page
    assert 'name="csrf_token"' in form.group(1)
    # Without the session's CSRF token the form is refused and nothing runs.
    refused = tom.http.post(f"/requests/{request_id}/retry", data={})
    assert refused.status_code == 403
    assert tom.get(f"/api/v1/requests/{request_id}").json()["state"] == "failed"

    retried = tom.http.post(f"/requests/{request_id}/retry", data={"csrf_token": tom.csrf})
    assert retried.status_code == 303
    view = tom.get(f"/api/v1/requests/{request_id}").json()
    assert view["state"] == "completed"
    assert [s["status"] for s in view["steps"]] in (["applied"], ["already"])
    # Nothing failed is left: no button, and the API refuses a second retry.
    assert f"/requests/{request_id}/retry" not in tom.get(f"/requests/{request_id}").text
    again = tom.post(f"/api/v1/requests/{request_id}/retry")
    assert again.status_code in (403, 409), again.text


def test_an_admin_may_retry_another_persons_request_too(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    request_id = _failed_request(web, tom.post)
    admin = web.sign_in("grace.hopper@acme.com")
    assert f"/requests/{request_id}/retry" in admin.get(f"/requests/{request_id}").text
