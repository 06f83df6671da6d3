"""Red team 63 F10: a sign-out sent from a tab opened before the browser signed in again carries the old
session's CSRF token; it was refused, and the session the browser now holds stayed live. The person leaves a
shared computer believing they signed out. A sign-out the browser shows to come from this site's own pages
(Sec-Fetch-Site, or Origin) now ends the cookie's session whatever token it carries; one from another site
still needs the token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import Person, ServedApp, served_app


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _tab_then_new_sign_in(web: ServedApp) -> tuple[Person, str]:
    """Tom's tab A shows a page (its sign-out form carries the token of then); tab B signs him in again."""
    tom = web.sign_in("tom.becker@acme.com")
    tab_a = re.findall(r'name="csrf_token" value="([^"]+)"', tom.get("/ask").text)
    assert tab_a, "the page has a sign-out form"
    web.sign_in("tom.becker@acme.com", http=tom.http)  # tab B signs in again
    assert tom.get("/api/v1/me").status_code == 200
    return tom, tab_a[0]


@pytest.mark.parametrize(
    "browser",
    [{"Origin": "{url}"}, {"Origin": "{url}", "Sec-Fetch-Site": "same-origin"}],
    ids=["origin", "fetch-metadata"],
)
def test_signing_out_from_a_tab_opened_before_a_new_sign_in_ends_the_session(
    web: ServedApp, browser: dict[str, str]
) -> None:
    tom, token = _tab_then_new_sign_in(web)
    headers = {k: v.format(url=web.url) for k, v in browser.items()}  # what a browser sends from the page
    out = tom.http.post("/auth/logout", data={"csrf_token": token}, headers=headers)  # "Sign out" in tab A
    assert out.status_code == 303, out.text
    assert tom.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize(
    "browser",
    [
        {},  # not shown to come from this site: the token is asked
        {"Origin": "https://evil.example"},
        {"Origin": "{url}", "Sec-Fetch-Site": "same-site"},  # a sibling subdomain's page
        {"Sec-Fetch-Site": "cross-site"},
    ],
    ids=["nothing", "other-origin", "same-site", "cross-site"],
)
def test_a_sign_out_from_another_site_without_the_token_is_still_refused(
    web: ServedApp, browser: dict[str, str]
) -> None:
    tom, token = _tab_then_new_sign_in(web)
    headers = {k: v.format(url=web.url) for k, v in browser.items()}
    out = tom.http.post("/auth/logout", data={"csrf_token": token}, headers=headers)
    assert out.status_code == 403, out.text
    assert tom.get("/api/v1/me").status_code == 200
