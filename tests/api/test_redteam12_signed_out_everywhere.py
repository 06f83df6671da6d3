"""Red team 12: a session signed out is over on every route a browser reaches with its cookie (pages, the
CSV downloads, the API, the forms that act), and signing out ends only the session it is sent with."""

from __future__ import annotations

from tests.api.served import ServedApp

READS = ("/ask", "/requests", "/approvals", "/audit", "/tokens", "/views/shared-mailboxes.csv", "/api/v1/me")


def test_a_signed_out_cookie_reads_nothing_anywhere(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    copied = dict(grace.http.cookies)
    assert grace.http.post("/auth/logout", data={"csrf_token": grace.csrf}).status_code == 303
    with web.client() as thief:
        thief.cookies.update(copied)
        for url in READS:
            answer = thief.get(url)
            assert answer.status_code in (303, 307, 401), (url, answer.status_code)
            assert "Grace Hopper" not in answer.text, url
            assert "grace.hopper" not in answer.text, url
        for url in ("/tokens", "/ask", "/tenant/check"):
            acted = thief.post(url, data={"csrf_token": grace.csrf, "text": "add me to Sales", "name": "x"})
            assert acted.status_code in (303, 307, 401, 403), (url, acted.status_code)
            assert "Grace Hopper" not in acted.text, url


def test_signing_out_ends_only_ones_own_session(web: ServedApp) -> None:
    """Tom's sign-out (even replayed, even sent with Grace's CSRF token) leaves Grace's session working."""
    grace = web.sign_in("grace.hopper@acme.com")
    tom = web.sign_in("tom.becker@acme.com")
    for _ in range(3):
        tom.http.post("/auth/logout", data={"csrf_token": grace.csrf})
        tom.http.post("/auth/logout", data={"csrf_token": tom.csrf})
    assert grace.get("/api/v1/me").status_code == 200
    assert tom.get("/api/v1/me").status_code == 401
