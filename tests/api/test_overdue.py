"""The overdue ends for admins over REST (GET /api/v1/requests/overdue) and on the Tenant page: each end that
has passed and is not taken back, its tries, last reason and next try, escaped; an employee gets 403 and the
page none of it."""

from __future__ import annotations

import pytest

import mailwarden.api.routes.requests as request_routes
import mailwarden.api.web.pages as pages
from tests.api.served import ServedApp
from tests.cli.test_overdue import ROW


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
    assert (listed["request_id"], listed["tries"]) == (ROW.request_id, 4)
    assert listed["next_try"].startswith("2026-11-20T20:00")
    page = grace.get("/tenant").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "throttling &lt;b&gt;now&lt;/b&gt;" in page
    assert "2026-11-20 17:00" in page
    assert "2026-11-20 20:00" in page

    refused = tom.get("/api/v1/requests/overdue")
    assert refused.status_code == 403
    assert ROW.request_id not in refused.text
    assert ROW.request_id not in tom.get("/tenant").text
