"""The tenant page's Authorize link, end to end over HTTP: the emulator's consent page sends the admin back to
the tenant page, which re-checks itself (bounded) until the badges are green."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import httpx

from mailwarden.emulator.state import GLOBAL_ADMIN_ROLE_TEMPLATE
from mailwarden.emulator.switches import set_switch
from tests.api.served import ServedApp


def test_authorize_from_the_tenant_page_then_it_rechecks_until_green(web: ServedApp) -> None:
    state = web.emulator.state
    set_switch(state, "no_exchange_consent", True)
    grace = web.sign_in("grace.hopper@acme.com")
    page = grace.get("/tenant")
    assert page.status_code == 200
    links = re.findall(r'<a href="([^"]+)">Authorize app', page.text)
    assert len(links) == 1
    consent_url = links[0].replace("&amp;", "&")
    query = dict(parse_qsl(urlsplit(consent_url).query))
    assert query["redirect_uri"] == f"{web.url.rstrip('/')}/tenant"
    assert query["scope"].endswith("/.default")

    admin = state.by_address("grace.hopper@acme.com")
    assert admin is not None
    with state.transaction():
        state.data.user_directory_roles.setdefault(admin.id, []).append(GLOBAL_ADMIN_ROLE_TEMPLATE)
        state.mark_dirty()
    with httpx.Client(verify=web.emulator.ssl_context(), trust_env=False, timeout=30) as idp:
        shown = idp.get(consent_url)
        assert shown.status_code == 200
        assert "Exchange.ManageAsApp" in shown.text
        cancelled = idp.post(
            consent_url.split("?")[0], data={**query, "decision": "cancel", "login_hint": admin.id}
        )
        back = grace.get(cancelled.headers["location"].replace(web.url.rstrip("/"), ""))
        assert "Consent was cancelled" in back.text
        # The role is honoured by Exchange only some minutes after consent: the page waits, not fails.
        set_switch(state, "role_propagation_seconds", 3600)
        accepted = idp.post(
            consent_url.split("?")[0], data={**query, "decision": "accept", "login_hint": admin.id}
        )
    assert accepted.status_code == 302
    location = accepted.headers["location"]
    assert location.startswith(f"{web.url.rstrip('/')}/tenant?admin_consent=True")
    waiting = grace.get(location.replace(web.url.rstrip("/"), ""))
    assert "waiting for role propagation" in waiting.text
    assert 'http-equiv="refresh" content="10;url=/tenant?round=1"' in waiting.text

    set_switch(state, "role_propagation_seconds", 0)
    done = grace.get("/tenant?round=1")
    assert "waiting for role propagation" not in done.text
    assert "Authorize app" not in done.text
    assert 'http-equiv="refresh"' not in done.text
    assert (
        len(re.findall(r'<li class="capability">\s*<span class="badge ok">', done.text)) == 5
    )  # the four capabilities and drift
