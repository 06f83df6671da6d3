"""The emulator's Graph mail over real HTTPS: `sendMail` with Graph's permission checks and error bodies,
delivery into the recipients' mailboxes, and `/messages` reading them back."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx
import msal
import pytest

from mailwarden.connectors.connection import open_tenant
from mailwarden.emulator.credentials import register_app
from mailwarden.emulator.state import TenantState
from mailwarden.errors import TenantError
from mailwarden.testing import RunningEmulator
from tests.conftest import emulator_connection

SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
GRACE = "30c2e407-75e9-5579-92b5-79e75abbbc3e"
SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"
GRAPH_SCOPE = ["https://graph.microsoft.com/.default"]


def _token(msal_app: Callable[..., msal.ConfidentialClientApplication], **kwargs: Any) -> str:
    result = msal_app(**kwargs).acquire_token_for_client(scopes=GRAPH_SCOPE)
    assert "access_token" in result, result
    token: str = result["access_token"]
    return token


@pytest.fixture
def graph(
    tenant: TenantState,
    emulator: RunningEmulator,
    emulator_http: httpx.Client,
    msal_app: Callable[..., msal.ConfidentialClientApplication],
) -> Callable[..., httpx.Response]:
    """Call the emulator's Graph as the demo app (every permission) or with `token=`."""
    token = _token(msal_app)

    def call(method: str, path: str, *, token_: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token_ or token}", **kwargs.pop("headers", {})}
        return emulator_http.request(method, f"{emulator.url}/v1.0{path}", headers=headers, **kwargs)

    return call


def _mail(to: list[str], subject: str = "Waiting for you", **extra: Any) -> dict[str, Any]:
    message = {
        "subject": subject,
        "body": {"contentType": "Text", "content": "Tom asks for Full Access to Support."},
        "toRecipients": [{"emailAddress": {"address": a}} for a in to],
    }
    return {"message": message, **extra}


def _app_token(
    tenant: TenantState, msal_app: Callable[..., msal.ConfidentialClientApplication], permissions: list[str]
) -> str:
    app, secret = register_app(tenant, "narrow", graph_permissions=permissions, manage_as_app=False)
    return _token(msal_app, credential=secret, client_id=app.app_id)


def test_send_mail_is_accepted_with_an_empty_body_and_lands_in_the_inbox(graph: Any) -> None:
    """202 with nothing in the body; the recipient (found by an alias) reads it through /messages."""
    sent = graph("POST", "/users/grace.hopper@acme.com/sendMail", json=_mail(["SARAH@acme.com"]))
    assert sent.status_code == 202, sent.text
    assert sent.content == b""
    inbox = graph("GET", f"/users/{SARAH}/messages").json()["value"]
    assert [m["subject"] for m in inbox] == ["Waiting for you"]
    assert inbox[0]["from"]["emailAddress"]["address"] == "grace.hopper@acme.com"
    assert inbox[0]["body"] == {"contentType": "text", "content": "Tom asks for Full Access to Support."}
    assert inbox[0]["isRead"] is False
    # Sent Items keeps the sender's copy unless told not to.
    mine = graph("GET", f"/users/{GRACE}/mailFolders/sentitems/messages").json()["value"]
    assert [m["subject"] for m in mine] == ["Waiting for you"]


def test_save_to_sent_items_false_keeps_no_copy(graph: Any) -> None:
    graph("POST", f"/users/{GRACE}/sendMail", json=_mail(["sarah@acme.com"], saveToSentItems=False))
    assert graph("GET", f"/users/{GRACE}/messages").json()["value"] == []


def test_a_shared_mailbox_can_send_and_a_list_is_expanded(graph: Any, tenant: TenantState) -> None:
    """App-only sendMail works from a shared mailbox; mail to a list reaches each member's mailbox."""
    lst = next(r for r in tenant.recipients.values() if r.is_group and len(r.members) >= 2)
    assert (
        graph("POST", "/users/support@acme.com/sendMail", json=_mail([lst.primary_smtp])).status_code == 202
    )
    for member in lst.members:
        box = tenant.get(member)
        assert box is not None
        if box.is_mailbox:
            subjects = [m["subject"] for m in graph("GET", f"/users/{member}/messages").json()["value"]]
            assert subjects == ["Waiting for you"], box.primary_smtp


def test_without_mail_send_the_app_is_denied_in_outlooks_words(
    graph: Any, tenant: TenantState, msal_app: Callable[..., msal.ConfidentialClientApplication]
) -> None:
    token = _app_token(tenant, msal_app, ["User.Read.All", "Mail.Read"])
    response = graph("POST", f"/users/{GRACE}/sendMail", token_=token, json=_mail(["sarah@acme.com"]))
    assert response.status_code == 403
    error = response.json()["error"]
    assert (error["code"], error["message"]) == (
        "ErrorAccessDenied",
        "Access is denied. Check credentials and try again.",
    )
    assert graph("GET", f"/users/{SARAH}/messages").json()["value"] == []


def test_reading_needs_a_mail_read_role_and_basic_hides_the_body(
    graph: Any, tenant: TenantState, msal_app: Callable[..., msal.ConfidentialClientApplication]
) -> None:
    graph("POST", f"/users/{GRACE}/sendMail", json=_mail(["sarah@acme.com"]))
    sender_only = _app_token(tenant, msal_app, ["Mail.Send"])
    assert (
        graph("GET", f"/users/{SARAH}/messages", token_=sender_only).json()["error"]["code"]
        == "ErrorAccessDenied"
    )
    basic = _app_token(tenant, msal_app, ["Mail.ReadBasic.All"])
    [message] = graph("GET", f"/users/{SARAH}/messages", token_=basic).json()["value"]
    assert message["subject"] == "Waiting for you"
    assert "body" not in message
    assert "bodyPreview" not in message


def test_unknown_sender_and_a_mailbox_less_user(graph: Any) -> None:
    response = graph("POST", "/users/nobody@acme.com/sendMail", json=_mail(["sarah@acme.com"]))
    assert response.status_code == 404
    assert response.json()["error"] == {
        **response.json()["error"],
        "code": "ErrorInvalidUser",
        "message": "The requested user 'nobody@acme.com' is invalid.",
    }


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"message": {"subject": "x", "toRecipients": []}}, "ErrorInvalidRecipients"),
        (_mail(["not-an-address"]), "ErrorInvalidRecipients"),
        ({"saveToSentItems": False}, "ErrorInvalidParameter"),
        (
            {
                "message": {
                    **_mail(["sarah@acme.com"])["message"],
                    "body": {"contentType": "rtf", "content": "x"},
                }
            },
            "RequestBodyRead",
        ),
    ],
)
def test_bad_messages_are_refused_and_nothing_is_delivered(
    graph: Any, payload: dict[str, Any], code: str
) -> None:
    response = graph("POST", f"/users/{GRACE}/sendMail", json=payload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert graph("GET", f"/users/{SARAH}/messages").json()["value"] == []


def test_outside_addresses_leave_and_unknown_internal_ones_bounce(graph: Any, tenant: TenantState) -> None:
    to = ["someone@partnerfirm.example", "ghost@acme.com", "sarah@acme.com"]
    assert graph("POST", f"/users/{GRACE}/sendMail", json=_mail(to)).status_code == 202
    assert [o.to for o in tenant.data.outbound] == [["someone@partnerfirm.example"]]
    inbox = graph("GET", f"/users/{GRACE}/mailFolders/inbox/messages").json()["value"]
    assert [m["subject"] for m in inbox] == ["Undeliverable: Waiting for you"]


def test_messages_page_newest_first_with_next_links_and_select(graph: Any) -> None:
    for i in range(5):
        graph("POST", f"/users/{GRACE}/sendMail", json=_mail(["sarah@acme.com"], subject=f"n{i}"))
    url: str | None = f"/users/{SARAH}/messages?$top=2&$select=subject,receivedDateTime"
    seen: list[str] = []
    while url is not None:
        body = graph("GET", url.split("/v1.0", 1)[-1]).json()
        assert all(set(m) <= {"@odata.etag", "id", "subject", "receivedDateTime"} for m in body["value"])
        seen += [m["subject"] for m in body["value"]]
        url = body.get("@odata.nextLink")
    assert seen == ["n4", "n3", "n2", "n1", "n0"]
    oldest = graph("GET", f"/users/{SARAH}/messages?$orderby=receivedDateTime asc&$top=1").json()["value"]
    assert oldest[0]["subject"] == "n0"
    one = graph("GET", f"/users/{SARAH}/messages/{oldest[0]['id']}?$select=subject").json()
    assert one["subject"] == "n0"
    assert "body" not in one
    assert graph("GET", f"/users/{SARAH}/messages?$select=colour").status_code == 400


@pytest.mark.anyio
async def test_the_graph_connector_sends_and_reads(tenant: TenantState, emulator: RunningEmulator) -> None:
    async with open_tenant(emulator_connection(emulator)) as clients:
        await clients.graph.send_mail(
            "support@acme.com",
            subject="Hello",
            text="plain",
            html="<p>rich &amp; fine</p>",
            to=["sarah@acme.com"],
        )
        [message] = await clients.graph.messages("sarah@acme.com", folder="inbox")
        assert message["body"]["contentType"] == "html"
        assert message["bodyPreview"] == "rich & fine"
        with pytest.raises(TenantError):
            await clients.graph.send_mail("nobody@acme.com", subject="x", text="x", to=["sarah@acme.com"])


def test_a_base64_mime_message_is_sent_with_its_html_alternative_as_the_body(graph: Any) -> None:
    """Graph's MIME form (Content-Type: text/plain): the HTML part is the body, the headers the recipients."""
    mime = (
        b"Subject: Both bodies\r\nTo: Sarah <sarah@acme.com>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nplain words\r\n"
        b"--b\r\nContent-Type: text/html\r\n\r\n<p>rich words</p>\r\n--b--\r\n"
    )
    sent = graph(
        "POST",
        f"/users/{GRACE}/sendMail",
        content=base64.b64encode(mime),
        headers={"Content-Type": "text/plain"},
    )
    assert sent.status_code == 202, sent.text
    [message] = graph("GET", f"/users/{SARAH}/messages").json()["value"]
    assert message["subject"] == "Both bodies"
    assert message["body"]["contentType"] == "html"
    assert "<p>rich words</p>" in message["body"]["content"]
    broken = graph(
        "POST", f"/users/{GRACE}/sendMail", content=b"%%% not base64", headers={"Content-Type": "text/plain"}
    )
    assert broken.status_code == 400
    assert broken.json()["error"] == {
        **broken.json()["error"],
        "code": "ErrorMimeContentInvalidBase64String",
        "message": "Invalid base64 string for MIME content.",
    }
