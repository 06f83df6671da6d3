"""Notifications in the web app: an action's news is sent in-process at once and lands in the approver's
emulated mailbox, shown on the demo Mail page with a link that only opens the request; admins read the
delivery records (API and page) and the channels' health badges."""

from __future__ import annotations

import time

from tests.api.helpers import ask_send_as, mail_page_when
from tests.api.served import ServedApp


def test_the_approver_finds_the_request_in_their_mail_and_the_link_only_opens_it(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom, confirm=True)
    assert request["state"] == "pending_approval"
    sarah = web.sign_in("sarah@acme.com")
    page = mail_page_when(sarah, "asks for your approval")
    assert f"Tom Becker asks for your approval ({request['request_id'][:8]})" in page
    assert "Support &lt;support@acme.com&gt;" in page
    link = f'href="/requests/{request["request_id"]}"'
    assert link in page
    # Following the link signed out lands on the sign-in page; nothing was approved.
    anonymous = web.client().get(f"/requests/{request['request_id']}")
    assert anonymous.status_code in (302, 303, 307)
    assert "/signin" in anonymous.headers["location"]
    assert tom.get(f"/api/v1/requests/{request['request_id']}").json()["state"] == "pending_approval"
    # Tom's own mailbox has nothing of it; the Mail page shows each person only their own mail.
    assert "asks for your approval" not in tom.get("/mail").text


def test_admins_read_the_delivery_records_and_employees_do_not(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    request = ask_send_as(tom, confirm=True)
    grace = web.sign_in("grace.hopper@acme.com")
    deadline = time.monotonic() + 10
    while True:
        records = grace.get("/api/v1/notifications").json()["items"]
        if any(r["state"] == "sent" for r in records) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    [record] = [r for r in records if r["request_id"] == request["request_id"]]
    assert (record["event"], record["channel"], record["recipient"], record["state"]) == (
        "waiting",
        "email",
        "sarah@acme.com",
        "sent",
    )
    assert tom.get("/api/v1/notifications").status_code == 403
    page = grace.get("/tenant/notifications").text
    assert "sarah@acme.com" in page
    assert "from <strong>support@acme.com</strong>" in page


def test_health_has_a_badge_per_notification_channel(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    health = grace.get("/api/v1/tenants/demo/health").json()
    channels = {c["name"]: c["status"] for c in health["channels"]}
    assert channels == {
        "Notifications by e-mail (Graph sendMail)": "ok",
        "Notifications in Teams (channel webhook)": "warning",
        "Notifications in each approver's Teams activity feed (Graph)": "warning",
    }
    # A channel not set up does not make the tenant's own capabilities wait.
    assert all(c["status"] == "ok" for c in health["checks"])
