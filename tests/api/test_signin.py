"""Sign-in with OpenID Connect against the emulator: the person and role come from the directory."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx

from tests.api.served import ServedApp


def test_employee_signs_in_and_is_an_employee(web: ServedApp) -> None:
    """Tom signs in on the emulator's page and the app knows him as an employee of Acme."""
    tom = web.sign_in("tom.becker@acme.com")
    me = tom.get("/api/v1/me").json()
    assert me["address"] == "tom.becker@acme.com"
    assert me["role"] == "employee"
    assert me["via"] == "session"


def test_exchange_administrator_signs_in_as_admin(web: ServedApp) -> None:
    """Grace holds the Exchange Administrator role in the directory, so she is an admin."""
    assert web.sign_in("grace.hopper@acme.com").get("/api/v1/me").json()["role"] == "admin"


def test_api_without_sign_in_is_a_401_problem(web: ServedApp) -> None:
    """An anonymous API call gets a problem+json 401 that says how to sign in."""
    with web.client() as http:
        answer = http.get("/api/v1/requests")
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "Sign in" in answer.json()["detail"]


def test_pages_without_sign_in_send_to_the_sign_in_page(web: ServedApp) -> None:
    """A page asked for anonymously redirects to /signin, remembering where the person was going."""
    with web.client() as http:
        answer = http.get("/approvals")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=/approvals"


def test_session_cookie_is_httponly_and_samesite_lax(web: ServedApp) -> None:
    """The session cookie cannot be read by scripts and is not sent on cross-site posts."""
    with web.client() as http:
        answer = http.get("/auth/login")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on loopback; https requests get Secure


def test_callback_with_a_state_from_elsewhere_is_refused(web: ServedApp) -> None:
    """A sign-in answer that this browser did not start (a forged state) signs nobody in."""
    with web.client() as http:
        http.get("/auth/login")
        answer = http.get("/auth/callback", params={"code": "x", "state": "forged"})
        assert answer.status_code == 400
        assert http.get("/api/v1/me").status_code == 401


def test_sign_out_ends_the_session(web: ServedApp) -> None:
    """After signing out (with the CSRF token), the cookie no longer signs anyone in."""
    tom = web.sign_in("tom.becker@acme.com")
    assert tom.http.post("/auth/logout", data={"csrf_token": tom.csrf}).status_code == 303
    assert tom.get("/api/v1/me").status_code == 401


def _authorize(web: ServedApp, http: httpx.Client) -> tuple[str, dict[str, str]]:
    start = http.get("/auth/login")
    url = start.headers["location"]
    return url.split("?")[0], dict(parse_qsl(urlsplit(url).query))


def test_emulator_code_is_single_use_and_bound_to_the_pkce_verifier(web: ServedApp) -> None:
    """The emulator's token endpoint refuses a wrong code_verifier and a code redeemed twice."""
    grace = web.emulator.state.by_address("grace.hopper@acme.com")
    assert grace is not None
    with web.client() as http, httpx.Client(verify=web.emulator.ssl_context(), trust_env=False) as idp:
        authorize, params = _authorize(web, http)
        chosen = idp.post(authorize, data={**params, "login_hint": grace.id})
        code = dict(parse_qsl(urlsplit(chosen.headers["location"]).query))["code"]
        token_url = f"{web.emulator.url}/{web.emulator.tenant_id}/oauth2/v2.0/token"
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": params["client_id"],
            "redirect_uri": params["redirect_uri"],
            "code_verifier": "not-the-verifier",
        }
        wrong = idp.post(token_url, data=form)
        assert wrong.status_code == 400
        assert wrong.json()["error"] == "invalid_grant"
        # The failed attempt used the code up: a stolen code is worth one try.
        again = idp.post(token_url, data=form)
        assert "already redeemed" in again.json()["error_description"]


def test_the_browser_sign_in_page_is_plain_http_on_loopback_and_nothing_else_is(web: ServedApp) -> None:
    """A browser is sent to the sign-in page over plain HTTP on loopback (no certificate warning); the token
    endpoint, the metadata and every API stay on TLS, and the page's port serves none of them."""
    with web.client() as http:
        authorize, _ = _authorize(web, http)
    page = urlsplit(authorize)
    assert page.scheme == "http"
    assert page.hostname == "127.0.0.1"
    assert authorize.startswith(web.emulator.signin_url)
    tenant = web.emulator.tenant_id
    with httpx.Client(verify=web.emulator.ssl_context(), trust_env=False) as idp:
        metadata = idp.get(f"{web.emulator.url}/{tenant}/v2.0/.well-known/openid-configuration").json()
    assert metadata["authorization_endpoint"] == authorize
    assert metadata["token_endpoint"].startswith("https://")
    with httpx.Client(trust_env=False) as plain:
        for path in (
            f"/{tenant}/oauth2/v2.0/token",
            f"/{tenant}/v2.0/.well-known/openid-configuration",
            "/v1.0/users",
            f"/adminapi/beta/{tenant}/InvokeCommand",
        ):
            answer = plain.request(
                "POST" if "token" in path or "Invoke" in path else "GET", web.emulator.signin_url + path
            )
            assert answer.status_code in (404, 405), (path, answer.status_code)


def test_emulator_refuses_a_redirect_uri_off_this_machine(web: ServedApp) -> None:
    """The emulator sends codes only to loopback redirect URIs, never to another host."""
    with web.client() as http, httpx.Client(verify=web.emulator.ssl_context(), trust_env=False) as idp:
        authorize, params = _authorize(web, http)
        page = idp.get(authorize, params={**params, "redirect_uri": "https://evil.example/cb"})
    assert page.status_code == 400
    assert "AADSTS50011" in page.text


def test_emulator_sign_in_page_lists_enabled_people_only(web: ServedApp) -> None:
    """The demo sign-in page offers Acme's people, but not a disabled account."""
    with web.client() as http, httpx.Client(verify=web.emulator.ssl_context(), trust_env=False) as idp:
        authorize, params = _authorize(web, http)
        page = idp.get(authorize, params=params).text
    assert "Sarah Connor" in page
    assert "Grace Hopper" in page
    assert "Former Employee" not in page
