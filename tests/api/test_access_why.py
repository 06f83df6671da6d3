"""/api/v1/reports/access and the Access page: the why of a grant, to those who may see it."""

from __future__ import annotations

from tests.api.served import ServedApp


def test_employee_is_refused_another_persons_access_with_403(web: ServedApp) -> None:
    """Tom asking what Chris can reach gets 403 and no names."""
    answer = web.sign_in("tom.becker@acme.com").get(
        "/api/v1/reports/access", params={"person": "chris.lee@acme.com"}
    )
    assert answer.status_code == 403
    assert "support@acme.com" not in answer.text


def test_employee_sees_why_they_have_access_to_support(web: ServedApp) -> None:
    """Tom's own access to support comes back with its origin; the page shows the same sentence."""
    tom = web.sign_in("tom.becker@acme.com")
    params = {"mailbox": "support@acme.com", "person": "tom.becker@acme.com"}
    report = tom.get("/api/v1/reports/access", params=params).json()
    assert [line["grant"]["kind"] for line in report["lines"]] == ["full_access"]
    why = report["lines"][0]["origin"]["summary"]
    page = tom.get("/access", params=params)
    assert page.status_code == 200
    assert why.split(":")[0] in page.text


def test_owner_downloads_the_csv_of_their_mailbox(web: ServedApp) -> None:
    """Sarah owns support: the CSV lists every delegate, one row per grant, with why."""
    csv = web.sign_in("sarah@acme.com").get(
        "/api/v1/reports/access", params={"mailbox": "support@acme.com", "format": "csv"}
    )
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("resource,right,holder,detail,origin,why")
    assert "chris.lee@acme.com" in csv.text
