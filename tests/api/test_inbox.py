"""The approvals inbox finds the approver: a count on the Approvals tab, and the sign-in lands there."""

from __future__ import annotations

import re

from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp


def _count(html: str) -> str | None:
    match = re.search(r'id="waiting-count"[^>]*>(\d+)<', html)
    return match.group(1) if match else None


def test_approvals_tab_counts_what_waits_on_the_signed_in_person(web: ServedApp) -> None:
    """Tom and Alex each wait on Sarah: her tab says 2 on every page; Tom, who asked, sees no count."""
    tom = web.sign_in("tom.becker@acme.com")
    ask_send_as(tom, confirm=True)
    ask_send_as(web.sign_in("alex.kim@acme.com"), confirm=True)
    sarah = web.sign_in("sarah@acme.com")
    for url in ("/ask", "/requests", "/approvals"):
        assert _count(sarah.get(url).text) == "2", url
    assert _count(tom.get("/ask").text) is None


def test_an_approver_with_something_waiting_lands_on_the_inbox(web: ServedApp) -> None:
    """Signing in with no page to return to: Sarah, awaited, lands on Approvals; Tom on Ask; a page asked for
    explicitly still wins."""
    tom = web.sign_in("tom.becker@acme.com")
    assert web.sign_in("sarah@acme.com", next=None).landed == "/ask"
    ask_send_as(tom, confirm=True)
    assert web.sign_in("sarah@acme.com", next=None).landed == "/approvals"
    assert web.sign_in("sarah@acme.com", next="/reports").landed == "/reports"
    assert web.sign_in("tom.becker@acme.com", next=None).landed == "/ask"
