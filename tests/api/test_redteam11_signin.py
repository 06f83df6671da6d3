"""Red team 11: who may sign in. A guest of the tenant (a vendor invited for one shared mailbox) signs in
with a real token of the tenant, and is still nobody mailwarden acts for."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx

from tests.api.served import ServedApp

VERA = "6202e8d4-bb25-50b8-a281-4c02cd470ad4"  # Vera Vendor, a guest of Acme


def test_a_guest_of_the_tenant_is_not_signed_in(web: ServedApp) -> None:
    with web.client() as http:
        authorize = http.get("/auth/login").headers["location"]
        with httpx.Client(verify=web.emulator.ssl_context(), trust_env=False, timeout=30) as idp:
            params = dict(parse_qsl(urlsplit(authorize).query))
            chosen = idp.post(authorize.split("?")[0], data={**params, "login_hint": VERA})
        if chosen.status_code == 302 and "code=" in chosen.headers["location"]:
            back = http.get(chosen.headers["location"])
            assert back.status_code == 403, back.text[:300]
        assert http.get("/api/v1/me").status_code == 401
