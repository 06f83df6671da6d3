"""Access review notices in the web app: a campaign started on its page is told to the reviewer at once (the
in-process sender), shown on the demo Mail page with a link that only opens the task; admins read the notice's
delivery record (API and page) beside the requests' ones."""

from __future__ import annotations

from tests.api.helpers import mail_page_when
from tests.api.served import ServedApp


def test_a_review_started_on_the_page_reaches_the_reviewers_mail(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    started = grace.post(
        "/reviews",
        data={
            "name": "Q4",
            "deadline": "14d",
            "scope": "shared_mailboxes",
            "which": "chosen",
            "resources": "support@acme.com",
        },
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    sarah = web.sign_in("sarah@acme.com")
    page = mail_page_when(sarah, "Access review")
    assert (
        "Access review &#39;Q4&#39;: review Support" in page or "Access review 'Q4': review Support" in page
    )
    assert 'href="/reviews/tasks/' in page
    anonymous = web.client().get("/reviews")
    assert anonymous.status_code in (302, 303, 307)  # the link opens a page that asks for sign-in
    records = grace.get("/api/v1/notifications").json()["items"]
    [record] = [r for r in records if r["event"] == "review_assigned"]
    assert (record["request_id"], record["notice_kind"], record["recipient_address"]) == (
        None,
        "review_task",
        "sarah@acme.com",
    )
    listing = grace.get("/tenant/notifications").text
    assert f'href="/reviews/tasks/{record["subject_id"]}"' in listing
    assert "review assigned" in listing
