"""Screenshots (Chromium) for the issue's note, each page checked before it is taken: a notification e-mail
in the approver's demo Mail page, the Approvals inbox with its count, and a bulk request (its page and the
CLI's summary), written to test-artifacts/web/notify-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from rich.console import Console

from mailwarden.cli import render
from mailwarden.model.requests import RequestView
from mailwarden.testing import RunningEmulator, running_emulator
from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp, served_app
from tests.web.test_approval_flow import sign_in

CROWD = 30
LIST = "all-hands@acme.com"


def test_the_notification_email_and_the_inbox_count(browser: Any, web: ServedApp, artifacts: Path) -> None:
    request = ask_send_as(web.sign_in("tom.becker@acme.com"), confirm=True)
    ask_send_as(web.sign_in("alex.kim@acme.com"), confirm=True)
    sarah = sign_in(browser, web, "Sarah Connor", lands="Approvals")
    sarah.set_viewport_size({"width": 1100, "height": 900})
    expect(sarah.locator("#waiting-count")).to_have_text("2")
    sarah.screenshot(path=str(artifacts / "notify-1-approvals-inbox.png"), full_page=True)
    sarah.goto(f"{web.url}/mail")
    subject = f"Tom Becker asks for your approval ({request['request_id'][:8]})"
    for _ in range(50):  # the in-process sender delivers right after the request waits
        if sarah.get_by_text(subject).count():
            break
        sarah.wait_for_timeout(200)
        sarah.reload()
    expect(sarah.get_by_text(subject).first).to_be_visible()
    expect(sarah.get_by_text("mailbox: Support <support@acme.com>", exact=False).first).to_be_visible()
    sarah.screenshot(path=str(artifacts / "notify-2-approval-email.png"), full_page=True)
    assert (artifacts / "notify-2-approval-email.png").stat().st_size > 10_000


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    with running_emulator(tmp_path_factory.mktemp("crowd"), users=CROWD) as em:
        yield em


def test_a_bulk_request_on_its_page_and_in_the_cli_summary(
    browser: Any, crowd: RunningEmulator, tmp_path: Path, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served_app(crowd, tmp_path / "home") as web:
        grace_api = web.sign_in("grace.hopper@acme.com")
        people = [f"user{i:05d}@acme.com" for i in range(CROWD)] + ["sarah@acme.com"]
        steps = [
            {
                "action": "distribution_list_membership",
                "change": "add",
                "params": {"group": LIST, "member": p},
            }
            for p in people
        ]
        answer = grace_api.post("/api/v1/requests", params={"confirm": True}, json={"steps": steps})
        assert answer.status_code == 201, answer.text
        request = answer.json()["request"]
        grace = sign_in(browser, web, "Grace Hopper")
        grace.set_viewport_size({"width": 1100, "height": 900})
        grace.goto(f"{web.url}/requests/{request['request_id']}")
        expect(grace.locator("#request-state")).to_have_text("completed", timeout=30_000)
        expect(grace.locator("li.step")).to_have_count(len(people))
        grace.screenshot(path=str(artifacts / "notify-3-bulk-request-page.png"), full_page=False)

        view = web.workspace.requests.get(web.app.state.runtime.tenant_key, request["request_id"])
    assert isinstance(view, RequestView)
    recorder = Console(record=True, width=110, force_terminal=True, color_system="truecolor")
    monkeypatch.setattr(render, "console", recorder)
    render.render_request(view)
    text = recorder.export_text(clear=False)
    assert f"{len(people)} steps" in text
    page_file = tmp_path / "summary.html"
    recorder.save_html(str(page_file))
    page = browser.new_context(viewport={"width": 1000, "height": 400}).new_page()
    page.goto(page_file.as_uri())
    expect(page.get_by_text(f"{len(people)} steps", exact=False)).to_be_visible()
    page.screenshot(path=str(artifacts / "notify-4-bulk-cli-summary.png"), full_page=True)
