"""Signing out ends the session on the server (red team 11): the signed session cookie is valid for
hours on its own, so a copy taken before the sign-out (a shared computer, a proxy log, a stolen cookie)
must not keep working after the person signed out."""

from __future__ import annotations

from tests.api.served import ServedApp


def test_a_cookie_copied_before_sign_out_no_longer_signs_anyone_in(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    copied = dict(tom.http.cookies)
    assert tom.http.post("/auth/logout", data={"csrf_token": tom.csrf}).status_code == 303
    with web.client() as thief:
        thief.cookies.update(copied)
        assert thief.get("/api/v1/me").status_code == 401
        answer = thief.post(
            "/api/v1/requests", json={"text": "add me to Sales"}, headers={"X-CSRF-Token": tom.csrf}
        )
        assert answer.status_code == 401
        # Not even an error page's navigation still names him.
        assert "Tom Becker" not in thief.get("/no-such-page").text


def test_signing_in_again_after_signing_out_works(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    assert tom.http.post("/auth/logout", data={"csrf_token": tom.csrf}).status_code == 303
    again = web.sign_in("tom.becker@acme.com")
    assert again.get("/api/v1/me").status_code == 200
