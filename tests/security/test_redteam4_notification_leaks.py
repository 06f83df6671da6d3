"""Red team 4: what notifications leave behind, and for whom.

The sender of e-mail notifications is a mailbox of the tenant (the demo's is the Support shared mailbox),
and a shared mailbox has delegates: Tom Becker and Chris Lee hold Full Access on Support and read all of
it in Outlook, Sent Items included. Every notification of every request (its text, the requester's
justification, an approver's reason for a denial) must not pile up there for them to read.

A Teams card is posted to a channel whose members did not write it: text the requester typed (the request,
the justification) goes in elements that show it as typed, never as Markdown a link could hide in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import SendAs
from tests.notifications.conftest import WebhookReceiver, teams  # noqa: F401 - the webhook receiver
from tests.notifications.test_notifications import SENDER, SUPPORT, _ask, _configure, _deliver
from tests.workflow.conftest import TENANT, Flow, flow, store  # noqa: F401 - the workflow's fixtures

EMMA = "emma.wilson@acme.com"
SARAH = "sarah@acme.com"
SECRET_REASON = "Emma is on the list of people leaving in January"
SECRET_JUSTIFICATION = "my manager is under investigation and I need his mail"


def _mailbox(tenant: TenantState, address: str) -> list[dict[str, Any]]:
    owner = tenant.find(address)
    assert owner is not None
    return [{"folder": i.folder, **i.message} for i in tenant.data.mailboxes.get(owner.id, [])]


@pytest.mark.anyio
async def test_the_sender_mailbox_keeps_no_copy_its_delegates_could_read(
    flow: Flow,  # noqa: F811
    tenant: TenantState,
    tmp_path: Path,
) -> None:
    _configure(flow, tmp_path)
    view = await _ask(
        flow, EMMA, SendAs(change="grant", mailbox=SUPPORT, trustee=EMMA), justification=SECRET_JUSTIFICATION
    )
    assert view.state is RequestState.PENDING_APPROVAL
    await _deliver(flow, tmp_path)  # Sarah is told it waits for her
    flow.service.deny(TENANT, view.request_id, flow.actor(SARAH), SECRET_REASON)
    await _deliver(flow, tmp_path)  # Emma is told it was denied, and why
    assert any(SECRET_REASON in m["body"]["content"] for m in _mailbox(tenant, EMMA))
    assert any(SECRET_JUSTIFICATION in m["body"]["content"] for m in _mailbox(tenant, SARAH))
    # Support's delegates (Tom, Chris) read Support's every folder: nothing of either message is there.
    kept = json.dumps(_mailbox(tenant, SENDER))
    assert SECRET_REASON not in kept
    assert SECRET_JUSTIFICATION not in kept


def _markdown_shown(card: dict[str, Any]) -> list[str]:
    """Every string of the card a Teams client renders as Markdown: anything but a RichTextBlock's TextRuns
    (TextBlock texts, FactSet titles and values), and each block that is not a RichTextBlock at all."""
    out: list[str] = []
    for block in card["body"]:
        if block["type"] != "RichTextBlock" or any(run["type"] != "TextRun" for run in block["inlines"]):
            out.append(json.dumps(block))
    return out


@pytest.mark.anyio
async def test_a_justification_cannot_put_a_link_in_the_approvers_teams_card(
    flow: Flow,  # noqa: F811
    tenant: TenantState,
    tmp_path: Path,
    teams: WebhookReceiver,  # noqa: F811
) -> None:
    _configure(flow, tmp_path, teams=teams)
    phishing = "[Approve now](https://evil.example/approve) **urgent**"
    view = await _ask(
        flow, EMMA, SendAs(change="grant", mailbox=SUPPORT, trustee=EMMA), justification=phishing
    )
    assert view.state is RequestState.PENDING_APPROVAL
    async with httpx.AsyncClient(trust_env=False) as http:
        await _deliver(flow, tmp_path, http)
    [post] = teams.posts
    card = post["body"]["attachments"][0]["content"]
    assert phishing in json.dumps(card, ensure_ascii=False)  # the justification is shown, as typed
    assert _markdown_shown(card) == []
