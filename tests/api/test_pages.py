"""The server-rendered pages, driven with plain HTTP (the browser tests drive them with Chromium)."""

from __future__ import annotations

import html
import re

from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def test_ask_form_previews_without_storing_and_submits_on_confirmation(web: ServedApp) -> None:
    """The structured form previews the change with its approver and stores nothing; "Confirm and submit"
    stores it, confirmed, and the browser lands on the request waiting for approval."""
    tom = web.sign_in("tom.becker@acme.com")
    page = tom.get("/ask").text
    form = {
        "csrf_token": _csrf(page),
        "action": "send_as",
        "change": "grant",
        "mailbox": "support@acme.com",
        "trustee": "me",
        "group": "",
    }
    previewed = tom.http.post("/ask", data=form)
    assert previewed.status_code == 200
    assert "Tom Becker will be able to send as Support" in previewed.text
    assert "needs approval by sarah@acme.com" in previewed.text
    assert "Confirm and submit" in previewed.text
    assert tom.get("/api/v1/requests").json()["items"] == []
    submitted = tom.http.post("/ask", data={**_hidden(previewed.text), "csrf_token": tom.csrf})
    assert submitted.status_code == 303
    request = tom.get(submitted.headers["location"]).text
    assert "waiting for approval" in request
    [stored] = tom.get("/api/v1/requests").json()["items"]
    assert stored["state"] == "pending_approval"


def _hidden(html_text: str) -> dict[str, str]:
    """The hidden fields of a page's forms (the preview's submit form carries what was previewed)."""
    return {
        k: html.unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html_text)
    }


def test_ask_form_asks_which_one_for_an_ambiguous_name(web: ServedApp) -> None:
    """'Alex Kim' brings the form back with both Alex Kims to choose from."""
    grace = web.sign_in("grace.hopper@acme.com")
    form = {
        "csrf_token": grace.csrf,
        "action": "send_as",
        "change": "grant",
        "mailbox": "support@",
        "trustee": "Alex Kim",
    }
    page = grace.http.post("/ask", data=form)
    assert page.status_code == 200
    assert 'value="alex.kim@acme.com"' in page.text
    assert 'value="alexander.kim@acme.co.uk"' in page.text


def test_ask_form_error_is_shown_on_the_form(web: ServedApp) -> None:
    """A name matching nobody comes back as a message on the form, with what was typed kept."""
    tom = web.sign_in("tom.becker@acme.com")
    form = {
        "csrf_token": tom.csrf,
        "action": "send_as",
        "change": "grant",
        "mailbox": "nobox",
        "trustee": "me",
    }
    page = tom.http.post("/ask", data=form)
    assert page.status_code == 422
    assert "No recipient matches &#39;nobox&#39;" in page.text
    assert 'value="nobox"' in page.text


def test_every_page_renders_for_its_audience(web: ServedApp) -> None:
    """Each page answers 200 with its heading for an admin, after some activity to show."""
    ask_send_as(web.sign_in("tom.becker@acme.com"), confirm=True)
    grace = web.sign_in("grace.hopper@acme.com")
    for url, heading in [
        ("/ask", "Ask for a change"),
        ("/requests", "My requests"),
        ("/approvals", "Approvals"),
        ("/reports?report=delegations&mailbox=support%40acme.com", "Download CSV"),
        ("/reports?report=members&group=all-hands%40acme.com", "Reports"),
        ("/audit", "The chain verifies"),
        ("/tenant", "Health"),
        ("/tokens", "API tokens"),
    ]:
        page = grace.get(url)
        assert page.status_code == 200, (url, page.text[:300])
        assert heading in page.text, url


def test_approvals_inbox_shows_what_who_why_and_the_diff(web: ServedApp) -> None:
    """Sarah's inbox shows Tom's request, his reason and the Send As change, with approve and deny."""
    tom = web.sign_in("tom.becker@acme.com")
    tom.post(
        "/api/v1/requests",
        params={"confirm": True},
        json={
            "steps": [
                {"action": "send_as", "change": "grant", "params": {"mailbox": "support@", "trustee": "me"}}
            ],
            "justification": "covering the support queue",
        },
    )
    page = web.sign_in("sarah@acme.com").get("/approvals").text
    assert "from tom.becker@acme.com" in page
    assert "covering the support queue" in page
    assert "Tom Becker will be able to send as Support" in page
    assert "send_as: yes" in page  # the after-state line of the diff
    assert ">Deny<" in page


def test_pages_carry_security_headers(web: ServedApp) -> None:
    """Pages cannot be framed and allow only this site's scripts and styles."""
    page = web.sign_in("tom.becker@acme.com").get("/ask")
    assert page.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in page.headers["content-security-policy"]
