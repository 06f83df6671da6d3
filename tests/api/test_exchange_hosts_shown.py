"""The Tenant page shows where the Exchange client may follow Exchange: the connection's host, its cloud's."""

from __future__ import annotations

from tests.api.served import ServedApp


def test_the_tenant_page_shows_the_exchange_hosts_followed(web: ServedApp) -> None:
    page = web.sign_in("grace.hopper@acme.com").get("/tenant")
    assert page.status_code == 200, page.text[:300]
    assert "Exchange hosts" in page.text
    assert "followed only to 127.0.0.1, loopback" in page.text
