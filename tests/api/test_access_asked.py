"""The Ask page answers "why does Tom have access to support?" with the grants and their origin, and the
CSV link is the access report's."""

from __future__ import annotations

import re

from tests.api.served import ServedApp


def test_why_asked_in_words_is_answered_in_the_page_with_the_origin(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    text = "why does Tom have access to support?"
    page = grace.http.post("/ask", data={"csrf_token": grace.csrf, "text": text})
    assert page.status_code == 200, page.text[-2000:]
    assert "<table>" in page.text
    assert "Tom Becker (tom.becker@acme.com)" in page.text
    link = re.search(r'href="([^"]+)" download>Download CSV', page.text)
    assert link is not None
    assert link.group(1).startswith("/api/v1/reports/access?")
    csv = grace.get(link.group(1).replace("&amp;", "&"))
    assert csv.status_code == 200
    assert "origin" in csv.text.splitlines()[0]


def test_an_employee_asking_about_someone_elses_access_gets_no_answer(web: ServedApp) -> None:
    john = web.sign_in("john@acme.com")
    page = john.http.post(
        "/ask", data={"csrf_token": john.csrf, "text": "why does Tom have access to support?"}
    )
    assert page.status_code == 200
    assert "<table>" not in page.text
    assert "Tom Becker (tom.becker@acme.com)</td>" not in page.text
