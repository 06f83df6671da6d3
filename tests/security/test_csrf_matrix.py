"""CSRF on every state-changing route, found by walking the app (a new route is covered the day it is
added), for every signed-in kind of person, against every forgery a cross-site page could try: no token,
a made-up token, another person's real token, the token in the query string. Each is refused with 403 and
changes nothing. (tests/api/test_csrf.py checks the right token works, as a form field or a header.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import Person, ServedApp, served_app
from tests.security.test_authorization_matrix import app_routes

PEOPLE = ("tom.becker@acme.com", "sarah@acme.com", "john@acme.com", "grace.hopper@acme.com")


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(emulator, tmp_path / "home") as served:
        yield served


def _forgeries(person: Person, other: Person) -> dict[str, dict[str, object]]:
    return {
        "no token": {},
        "a made-up token": {"headers": {"X-CSRF-Token": "0" * len(person.csrf)}},
        "another person's token": {"headers": {"X-CSRF-Token": other.csrf}},
        "another person's token in the form": {"data": {"csrf_token": other.csrf}},
        "the token in the query string": {"params": {"csrf_token": person.csrf}},
    }


def test_every_state_changing_route_refuses_every_forgery(web: ServedApp) -> None:
    people = [web.sign_in(address) for address in PEOPLE]
    changing = sorted(
        (m, re.sub(r"\{[^}]+\}", "00000000", p)) for m, p in app_routes(web.app) if m not in ("GET", "HEAD")
    )
    assert len(changing) >= 20
    journal = len(web.emulator.state.data.journal)
    problems = []
    for i, person in enumerate(people):
        other = people[(i + 1) % len(people)]
        for forgery, extra in _forgeries(person, other).items():
            for method, path in changing:
                answer = person.http.request(method, path, **extra)  # type: ignore[arg-type]
                if answer.status_code != 403 or "CSRF" not in answer.text:
                    problems.append(f"{person.address} {forgery}: {method} {path} -> {answer.status_code}")
    assert problems == [], "\n".join(problems)
    assert len(web.emulator.state.data.journal) == journal
    for person in people:  # every session is still signed in: a refused forgery did not log anyone out
        assert person.get("/api/v1/me").status_code == 200
