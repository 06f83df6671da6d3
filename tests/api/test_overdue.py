"""The overdue ends for admins over REST (GET /api/v1/requests/overdue) and on the Tenant page: each end that
has passed and is not taken back, its tries, last reason and next try, escaped; an employee gets 403 and the
page none of it."""

from __future__ import annotations

import datetime as dt

import pytest

import mailwarden.api.routes.requests as request_routes
import mailwarden.api.web.pages as pages
from mailwarden.workflow.overdue import OverdueEnd
from tests.api.served import ServedApp

ENDED = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)
ROW = OverdueEnd(
    request_id="0a1b2c3d4e5f",
    step=1,
    summary="Full Access to support@acme.com for <script>alert(1)</script>",
    requester="grace.hopper@acme.com",
    end=ENDED,
    tries=3,
    last_reason="TenantError: Exchange is throttling <b>now</b>",
    next_try=ENDED + dt.timedelta(hours=1),
)


def test_admins_see_the_overdue_ends_employees_get_403(
    web: ServedApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    grace, tom = web.sign_in("grace.hopper@acme.com"), web.sign_in("tom.becker@acme.com")
    none = grace.get("/api/v1/requests/overdue")
    assert none.status_code == 200, none.text
    assert none.json() == []
    assert "None overdue" in grace.get("/tenant").text

    monkeypatch.setattr(request_routes, "overdue_ends", lambda service, tenant: [ROW])
    monkeypatch.setattr(pages, "overdue_ends", lambda service, tenant: [ROW])
    [listed] = grace.get("/api/v1/requests/overdue").json()
    assert (listed["request_id"], listed["tries"]) == (ROW.request_id, 3)
    assert listed["next_try"].startswith("2026-11-20T18:00")
    page = grace.get("/tenant").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "throttling &lt;b&gt;now&lt;/b&gt;" in page
    assert "2026-11-20 17:00" in page
    assert "2026-11-20 18:00" in page

    refused = tom.get("/api/v1/requests/overdue")
    assert refused.status_code == 403
    assert ROW.request_id not in refused.text
    assert ROW.request_id not in tom.get("/tenant").text
