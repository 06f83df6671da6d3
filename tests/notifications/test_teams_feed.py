"""Approvers told in Teams: app-only, Graph posts to a person's activity feed (not a chat), and only with
TeamsActivity.Send and mailwarden's Teams app installed for them; the emulator refuses as Microsoft does."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from mailwarden.emulator.graph.teamwork import install_teams_app, register_teams_app
from mailwarden.emulator.state import GRAPH_APP_ID, GRAPH_OPTIONAL_APP_ROLES, TenantState
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership, SendAs
from mailwarden.notifications.config import NotificationConfig, save_config
from mailwarden.notifications.health import ChannelSetup, channel_capabilities
from mailwarden.testing import RunningEmulator
from tests.notifications.test_notifications import SARAH, SUPPORT, TOM, _ask, _configure, _deliver, _records
from tests.workflow.conftest import TENANT, Flow

TEAMS_APP = "3d1f4c2a-8b9e-4f0a-9c51-7e2b6a1d0f33"
"""mailwarden's Teams app manifest id."""


def _grant_feed_role(tenant: TenantState, app_id: str) -> None:
    app = tenant.data.applications[app_id]
    app.app_role_assignments = [
        *app.app_role_assignments,
        (GRAPH_APP_ID, GRAPH_OPTIONAL_APP_ROLES["TeamsActivity.Send"]),
    ]
    tenant.mark_dirty()


@pytest.fixture
def feed_role(tenant: TenantState, emulator: RunningEmulator) -> None:
    """The admin granted TeamsActivity.Send before mailwarden's token was issued (requested first)."""
    with tenant.transaction():
        _grant_feed_role(tenant, emulator.client_id)


def _install(tenant: TenantState, emulator: RunningEmulator, *people: str) -> None:
    with tenant.transaction():
        catalog_id = register_teams_app(tenant, TEAMS_APP, "mailwarden", emulator.client_id)
        for address in people:
            user = tenant.find(address)
            assert user is not None
            install_teams_app(tenant, user.id, catalog_id)


def _feed(tenant: TenantState, address: str) -> list[dict[str, Any]]:
    user = tenant.find(address)
    assert user is not None
    return tenant.data.activity_feed.get(user.id, [])


def _use_feed(flow: Flow) -> None:
    store = flow.service.store
    from mailwarden.notifications.config import load_config

    save_config(store, TENANT, load_config(store, TENANT).model_copy(update={"teams_app_id": TEAMS_APP}))


@pytest.mark.anyio
async def test_the_approver_is_told_in_their_teams_activity_feed(
    feed_role: None, flow: Flow, tenant: TenantState, emulator: RunningEmulator, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    _use_feed(flow)
    _install(tenant, emulator, SARAH)
    view = await _ask(
        flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM), justification="I work the queue."
    )
    assert view.state is RequestState.PENDING_APPROVAL
    assert sorted((r.channel, r.recipient) for r in _records(flow.service.store)) == [
        ("email", SARAH),
        ("teams_feed", SARAH),
    ]
    done = await _deliver(flow, tmp_path)
    assert done.sent == 2, done.problems
    [note] = _feed(tenant, SARAH)
    assert note["activityType"] == "systemDefault"
    assert note["templateParameters"] == [
        {"name": "systemDefaultText", "value": "Tom Becker asks for your approval"}
    ]
    assert "I work the queue." in note["previewText"]["content"]
    assert len(note["previewText"]["content"]) <= 150
    topic = note["topic"]
    assert topic["source"] == "text"
    assert topic["value"] == f"Request {view.request_id[:8]}"
    link = urlsplit(topic["webUrl"])
    assert (link.hostname, link.path) == ("teams.microsoft.com", f"/l/entity/{TEAMS_APP}/requests")
    assert parse_qs(link.query)["webUrl"] == [f"https://mailwarden.acme.example/requests/{view.request_id}"]
    assert {r.channel: r.state for r in _records(flow.service.store)} == {
        "email": "sent",
        "teams_feed": "sent",
    }


@pytest.mark.anyio
async def test_without_the_app_installed_for_the_approver_the_feed_delivery_fails_with_why(
    feed_role: None, flow: Flow, tenant: TenantState, emulator: RunningEmulator, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    _use_feed(flow)
    _install(tenant, emulator)  # in the catalog, installed for no one
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    done = await _deliver(flow, tmp_path)
    assert (done.sent, done.failed, done.retrying) == (1, 1, 0)  # the e-mail went; Teams failed for good
    [failed] = [r for r in _records(flow.service.store) if r.channel == "teams_feed"]
    assert failed.state == "failed"
    assert "not installed for the recipient" in (failed.last_error or "")
    assert "install mailwarden's Teams app" in (failed.last_error or "")
    assert _feed(tenant, SARAH) == []
    assert flow.service.get(TENANT, view.request_id).state is RequestState.PENDING_APPROVAL


@pytest.mark.anyio
async def test_without_teams_activity_send_graph_refuses_and_the_badge_is_red(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    _use_feed(flow)
    _install(tenant, emulator, SARAH)
    await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    await _deliver(flow, tmp_path)
    [failed] = [r for r in _records(flow.service.store) if r.channel == "teams_feed"]
    assert failed.state == "failed"
    assert "TeamsActivity.Send" in (failed.last_error or "")
    setup = ChannelSetup(config=NotificationConfig(teams_app_id=TEAMS_APP), teams_opens=None)
    capabilities = await channel_capabilities(flow.ctx.clients, TENANT, setup, frozenset({"Mail.Send"}))
    [feed] = [c for c in capabilities if c.id == "notify_teams_feed"]
    assert feed.badge == "red"
    assert "TeamsActivity.Send" in (feed.checks[0].fix or "")
    granted = await channel_capabilities(
        flow.ctx.clients, TENANT, setup, frozenset({"Mail.Send", "TeamsActivity.Send"})
    )
    assert [c.badge for c in granted if c.id == "notify_teams_feed"] == ["green"]
    unset = ChannelSetup(config=NotificationConfig(), teams_opens=None)
    assert [
        c.badge
        for c in await channel_capabilities(flow.ctx.clients, TENANT, unset, None)
        if c.id == "notify_teams_feed"
    ] == ["amber"]


def test_the_emulator_takes_only_microsofts_shape(
    tenant: TenantState, emulator: RunningEmulator, emulator_http: httpx.Client, msal_app: Any
) -> None:
    with tenant.transaction():
        _grant_feed_role(tenant, emulator.client_id)
    _install(tenant, emulator, SARAH)
    token = msal_app().acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])[
        "access_token"
    ]
    url = f"{emulator.url}/v1.0/users/{SARAH}/teamwork/sendActivityNotification"
    good: dict[str, Any] = {
        "topic": {
            "source": "text",
            "value": "Request 1",
            "webUrl": "https://teams.microsoft.com/l/entity/x/y",
        },
        "activityType": "systemDefault",
        "previewText": {"content": "Grant Tom Send As on Support"},
        "templateParameters": [{"name": "systemDefaultText", "value": "Tom asks for your approval"}],
    }
    headers = {"Authorization": f"Bearer {token}"}

    def post(body: Any, to: str = url) -> httpx.Response:
        return emulator_http.post(to, json=body, headers=headers)

    assert post(good).status_code == 204
    outside = {**good, "topic": {**good["topic"], "webUrl": "https://mailwarden.acme.example/requests/1"}}
    assert post(outside).status_code == 400  # a text topic links into Teams only
    assert post({**good, "templateParameters": []}).status_code == 400
    assert post({**good, "previewText": {"content": "x" * 151}}).status_code == 400
    assert post(good, url.replace(SARAH, "nobody@acme.com")).status_code == 404
    # Tom has no app installed: Teams refuses, as it does for a recipient without the sending app.
    refused = post(good, url.replace(SARAH, TOM))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "Forbidden"
    assert len(_feed(tenant, SARAH)) == 1


@pytest.mark.anyio
async def test_the_feed_of_an_approver_of_some_steps_holds_the_justification_not_the_text(
    feed_role: None, flow: Flow, tenant: TenantState, emulator: RunningEmulator, tmp_path: Path
) -> None:
    """sec63: what the mail withholds (the requester's words, the other steps) the feed does not show."""
    _configure(flow, tmp_path)
    _use_feed(flow)
    _install(tenant, emulator, "david.chen@acme.com")
    asked = "Take Chris Lee off the support@ Send As and put me on Contractors"
    await _ask(
        flow,
        SARAH,
        SendAs(change="revoke", mailbox=SUPPORT, trustee="chris.lee@acme.com"),
        DistributionListMembership(change="add", group="contractors@acme.com", member=SARAH),
        justification="Contract work.",
        text=asked,
    )
    done = await _deliver(flow, tmp_path)
    assert done.failed == 0, done.problems
    [note] = _feed(tenant, "david.chen@acme.com")
    shown = str(note)
    assert "Contract work." in note["previewText"]["content"]
    assert asked not in shown
    assert "chris" not in shown.lower()
