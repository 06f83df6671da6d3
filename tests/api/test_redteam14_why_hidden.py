"""Red team 14: the "why does X have access" report named recipients as a stored step does, without the
person asking. A recipient hidden from address lists, which every other view and plan treats as unknown to
an employee unrelated to it (directory/resolve.py), was found there by its exact address: Tom asking "why do
I have access to info@acme.com" got "Why Tom Becker has access to Info (info@acme.com)" (its name, and
that it exists), and "who has access to info@" a 403 where an unknown address gets a 422. The report now
resolves as the requester, so it answers exactly as for an address nobody holds; "me" works there too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


@pytest.fixture
def hidden_info(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    """The app on a tenant where Info (a shared mailbox Tom has nothing to do with) is hidden."""
    info = tenant.by_address("info@acme.com")
    assert info is not None
    info.hidden_from_address_lists = True
    with served_app(emulator, tmp_path / "home") as served:
        yield served


@pytest.mark.parametrize(
    "query",
    [
        {"person": "tom.becker@acme.com", "mailbox": "{}"},
        {"mailbox": "{}"},
        {"person": "{}"},
    ],
)
def test_a_hidden_mailbox_is_as_unknown_in_the_why_report_as_anywhere(
    hidden_info: ServedApp, query: dict[str, str]
) -> None:
    tom = hidden_info.sign_in("tom.becker@acme.com")
    answers = {}
    for address in ("info@acme.com", "nosuch@acme.com"):
        params = {k: v.format(address) for k, v in query.items()}
        answer = tom.get("/api/v1/reports/access", params=params)
        answers[address] = (answer.status_code, answer.json().get("title"))
        assert "Info" not in answer.text
        page = tom.get("/access", params=params)
        assert "Info (info@acme.com)" not in page.text
    assert answers["info@acme.com"][0] == answers["nosuch@acme.com"][0] == 422


def test_an_admin_still_asks_about_a_hidden_mailbox(hidden_info: ServedApp) -> None:
    grace = hidden_info.sign_in("grace.hopper@acme.com")
    answer = grace.get("/api/v1/reports/access", params={"mailbox": "info@acme.com"})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["title"].startswith("Who has access to Info (info@acme.com)")


def test_me_names_the_person_asking(hidden_info: ServedApp) -> None:
    tom = hidden_info.sign_in("tom.becker@acme.com")
    answer = tom.get("/api/v1/reports/access", params={"person": "me", "mailbox": "support@acme.com"})
    assert answer.status_code == 200, answer.text[:300]
    assert (
        answer.json()["title"]
        == "Why Tom Becker (tom.becker@acme.com) has access to Support (support@acme.com)"
    )
