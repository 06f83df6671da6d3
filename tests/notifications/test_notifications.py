"""Approvers and requesters are told where they are: e-mail through Graph sendMail into the emulated
mailboxes, Teams cards to a local webhook receiver; delivery records, retries, reminders, escalation."""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
from markupsafe import escape
from sqlalchemy import select

from mailwarden.connectors.secret import Secret
from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import TEXT_WITHHELD, RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership, MailboxDelegation, SendAs, Step
from mailwarden.notifications.config import NotificationConfig, save_config
from mailwarden.notifications.deadlines import run_deadlines
from mailwarden.notifications.deliver import MAX_ATTEMPTS, deliver_due
from mailwarden.notifications.templates import OVERRIDE_FOLDER
from mailwarden.store.db import Store
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tables import NotificationDeliveryRow
from mailwarden.tenants.credentials import Keyring
from mailwarden.workflow.requests import plan_steps, submit
from tests.notifications.conftest import WebhookReceiver
from tests.workflow.conftest import TENANT, Flow

SUPPORT = "support@acme.com"
SENDER = "support@acme.com"
SARAH = "sarah@acme.com"
TOM = "tom.becker@acme.com"


def _keyring(tmp_path: Path) -> Keyring:
    return Keyring.for_home(tmp_path / "home", environ={})


def _configure(flow: Flow, tmp_path: Path, *, teams: WebhookReceiver | None = None, **options: Any) -> None:
    store = flow.service.store
    directory = flow.ctx.directory
    RecipientCache(store).replace_all(TENANT, list(directory), directory.domains)
    config = NotificationConfig(sender=SENDER, web_url="https://mailwarden.acme.example", **options)
    save_config(
        store, TENANT, config, keyring=_keyring(tmp_path), teams_webhook=Secret(teams.url) if teams else None
    )


async def _ask(
    flow: Flow, who: str, *steps: Step, justification: str | None = None, text: str | None = None
) -> RequestView:
    planned = await plan_steps(flow.ctx, flow.person(who), list(steps), flow.decide)
    return await submit(
        flow.service,
        flow.ctx,
        TENANT,
        flow.actor(who),
        planned,
        confirm=True,
        check=flow.check,
        justification=justification,
        text=text,
    )


async def _deliver(flow: Flow, tmp_path: Path, http: httpx.AsyncClient | None = None) -> Any:
    return await deliver_due(
        flow.service,
        TENANT,
        graph=flow.ctx.clients.graph,
        http=http,
        keyring=_keyring(tmp_path),
        home=tmp_path / "home",
        clock=flow.clock,
    )


def _inbox(tenant: TenantState, address: str) -> list[dict[str, Any]]:
    owner = tenant.find(address)
    assert owner is not None
    return [i.message for i in tenant.data.mailboxes.get(owner.id, []) if i.folder == "inbox"]


def _records(store: Store) -> list[NotificationDeliveryRow]:
    with store.session() as session:
        rows = list(
            session.scalars(select(NotificationDeliveryRow).order_by(NotificationDeliveryRow.delivery_id))
        )
        for row in rows:
            session.expunge(row)
        return rows


@pytest.mark.anyio
async def test_the_approver_gets_an_email_with_the_preview_reasons_deadline_and_link(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    view = await _ask(
        flow,
        TOM,
        SendAs(change="grant", mailbox=SUPPORT, trustee=TOM),
        justification="I work the support queue.",
    )
    assert view.state is RequestState.PENDING_APPROVAL
    assert [(r.event, r.channel, r.recipient, r.state) for r in _records(flow.service.store)] == [
        ("waiting", "email", SARAH, "queued")
    ]
    assert _inbox(tenant, SARAH) == []  # queued only: the workflow never sends
    done = await _deliver(flow, tmp_path)
    assert done.sent == 1
    [mail] = _inbox(tenant, SARAH)
    assert mail["from"]["emailAddress"]["address"] == SENDER
    assert mail["subject"] == f"[mailwarden] Tom Becker asks for your approval ({view.request_id[:8]})"
    body = mail["body"]["content"]
    assert mail["body"]["contentType"] == "html"
    assert "Tom Becker &lt;tom.becker@acme.com&gt;" in body  # who gets it, with name and address
    assert "Support &lt;support@acme.com&gt;" in body  # on which resource
    assert "I work the support queue." in body
    assert str(escape(view.steps[0].decision.reason)) in body
    assert f"https://mailwarden.acme.example/requests/{view.request_id}" in body
    assert view.approval_deadline is not None
    assert view.approval_deadline.strftime("%d %b %Y") in body
    assert [r.state for r in _records(flow.service.store)] == ["sent"]
    # Delivering again sends nothing twice.
    assert (await _deliver(flow, tmp_path)).sent == 0
    assert len(_inbox(tenant, SARAH)) == 1


@pytest.mark.anyio
async def test_the_requester_is_told_of_the_approval_and_the_completion(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    flow.service.approve(TENANT, view.request_id, flow.actor(SARAH), "He works the queue.")
    from mailwarden.workflow.requests import advance

    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    assert done.state is RequestState.COMPLETED
    await _deliver(flow, tmp_path)
    subjects = sorted(m["subject"] for m in _inbox(tenant, TOM))
    assert subjects == [
        f"[mailwarden] Your request is done ({view.request_id[:8]})",
        f"[mailwarden] Your request was approved ({view.request_id[:8]})",
    ]


@pytest.mark.anyio
async def test_a_denial_tells_the_requester_and_stale_approver_news_is_skipped(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    flow.service.deny(TENANT, view.request_id, flow.actor(SARAH), "Not your queue.")
    await _deliver(flow, tmp_path)
    [told] = _inbox(tenant, TOM)
    assert "denied" in told["subject"]
    assert "Not your queue." in told["body"]["content"]
    # The approver's "waiting" mail, not sent before Sarah decided, is no longer news.
    assert _inbox(tenant, SARAH) == []
    assert {(r.event, r.state) for r in _records(flow.service.store)} == {
        ("waiting", "skipped"),
        ("denied", "sent"),
    }


@pytest.mark.anyio
async def test_teams_gets_an_adaptive_card_and_the_webhook_url_is_never_recorded(
    flow: Flow, tenant: TenantState, tmp_path: Path, teams: WebhookReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx logs each URL at INFO: the webhook's signature must not show
    _configure(flow, tmp_path, teams=teams)
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    async with httpx.AsyncClient(trust_env=False) as http:
        await _deliver(flow, tmp_path, http)
    [post] = teams.posts
    attachment = post["body"]["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open the request",
            "url": f"https://mailwarden.acme.example/requests/{view.request_id}",
        }
    ]
    # Every line is a RichTextBlock of TextRuns, never Markdown (tests/security/test_redteam4_*).
    lines = ["".join(run["text"] for run in block["inlines"]) for block in card["body"]]
    assert "trustee: Tom Becker <tom.becker@acme.com>" in lines
    # A webhook that fails is retried with backoff; its URL is in no record and no log line.
    teams.status = 500
    view2 = await _ask(
        flow, "emma.wilson@acme.com", SendAs(change="grant", mailbox=SUPPORT, trustee="emma.wilson@acme.com")
    )
    assert view2.state is RequestState.PENDING_APPROVAL
    async with httpx.AsyncClient(trust_env=False) as http:
        done = await _deliver(flow, tmp_path, http)
    assert done.retrying == 1
    failing = [r for r in _records(flow.service.store) if r.channel == "teams" and r.state == "queued"]
    assert [r.last_error for r in failing] == ["Teams webhook answered HTTP 500"]
    assert "SECRETSIG" not in caplog.text
    assert all("SECRETSIG" not in (r.last_error or "") for r in _records(flow.service.store))


@pytest.mark.anyio
async def test_a_broken_sender_fails_after_the_last_attempt_and_the_request_goes_on(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    save_config(flow.service.store, TENANT, NotificationConfig(sender="nobody@acme.com"))
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert view.state is RequestState.PENDING_APPROVAL
    for _ in range(MAX_ATTEMPTS):
        await _deliver(flow, tmp_path)
        flow.clock.advance(dt.timedelta(hours=2))
    [record] = _records(flow.service.store)
    assert (record.state, record.attempts) == ("failed", MAX_ATTEMPTS)
    assert "nobody@acme.com" in (record.last_error or "")
    flow.service.approve(TENANT, view.request_id, flow.actor(SARAH))
    assert flow.service.get(TENANT, view.request_id).state is RequestState.APPROVED


@pytest.mark.anyio
async def test_reminder_before_the_deadline_then_escalation_to_admins_then_expiry(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path, on_deadline="escalate", remind_before_hours=24, escalation_grace_hours=48)
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert view.approval_deadline is not None
    assert run_deadlines(flow.service, TENANT).reminders == 0  # days away
    flow.clock.now = view.approval_deadline - dt.timedelta(hours=3)
    assert run_deadlines(flow.service, TENANT).reminders == 1
    assert run_deadlines(flow.service, TENANT).reminders == 0  # once
    flow.clock.now = view.approval_deadline + dt.timedelta(minutes=1)
    assert flow.service.expire_stale(TENANT) == []  # escalating: the admins have a grace period
    assert run_deadlines(flow.service, TENANT).escalations == 1
    await _deliver(flow, tmp_path)
    assert any("Reminder" in m["subject"] for m in _inbox(tenant, SARAH))
    assert any("in time" in m["subject"] for m in _inbox(tenant, "grace.hopper@acme.com"))
    flow.clock.now = view.approval_deadline + dt.timedelta(hours=49)
    assert flow.service.expire_stale(TENANT) == [view.request_id]
    await _deliver(flow, tmp_path)
    assert any("expired" in m["subject"] for m in _inbox(tenant, TOM))


@pytest.mark.anyio
async def test_time_bound_access_about_to_end_is_told_once(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path, remind_before_hours=24)
    ends = flow.clock.now + dt.timedelta(days=3)
    await _ask(
        flow,
        "grace.hopper@acme.com",
        MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=SARAH, expires=ends),
    )
    assert run_deadlines(flow.service, TENANT).access_ending == 0
    flow.clock.now = ends - dt.timedelta(hours=2)
    assert run_deadlines(flow.service, TENANT).access_ending == 1
    assert run_deadlines(flow.service, TENANT).access_ending == 0
    await _deliver(flow, tmp_path)
    assert any("ends soon" in m["subject"] for m in _inbox(tenant, "grace.hopper@acme.com"))


@pytest.mark.anyio
async def test_an_admins_template_file_wins_and_html_is_escaped(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    folder = tmp_path / "home" / OVERRIDE_FOLDER
    folder.mkdir(parents=True)
    (folder / "waiting.subject.txt").write_text("Approval needed: {{ requester.name }}")
    (folder / "message.html").write_text("<p>{{ request.justification }}</p>")
    await _ask(
        flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM), justification="<script>x</script>"
    )
    await _deliver(flow, tmp_path)
    [mail] = _inbox(tenant, SARAH)
    assert mail["subject"] == "Approval needed: Tom Becker"
    assert mail["body"]["content"].strip() == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


@pytest.mark.anyio
async def test_an_admin_who_empties_the_html_template_sends_plain_text_email(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    folder = tmp_path / "home" / OVERRIDE_FOLDER
    folder.mkdir(parents=True)
    (folder / "message.html").write_text("\n")
    (folder / "message.txt").write_text("{{ requester.name }} asks: {{ request.justification }}")
    await _ask(
        flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM), justification="<b>queue</b> cover"
    )
    await _deliver(flow, tmp_path)
    [mail] = _inbox(tenant, SARAH)
    assert mail["body"]["contentType"] == "text"
    assert mail["body"]["content"].strip() == "Tom Becker asks: <b>queue</b> cover"


@pytest.mark.anyio
async def test_a_broken_admin_template_is_a_recorded_failure_not_a_crash(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    folder = tmp_path / "home" / OVERRIDE_FOLDER
    folder.mkdir(parents=True)
    (folder / "message.html").write_text("{{ request.nope }}")
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    done = await _deliver(flow, tmp_path)
    assert done.retrying == 1
    [record] = _records(flow.service.store)
    assert "message.html" in (record.last_error or "")
    assert flow.service.get(TENANT, view.request_id).state is RequestState.PENDING_APPROVAL


@pytest.mark.anyio
async def test_without_a_channel_nothing_is_queued(flow: Flow, tenant: TenantState) -> None:
    view = await _ask(flow, TOM, SendAs(change="grant", mailbox=SUPPORT, trustee=TOM))
    assert view.state is RequestState.PENDING_APPROVAL
    assert _records(flow.service.store) == []


@pytest.mark.anyio
async def test_the_approver_of_one_step_is_not_mailed_what_another_step_changes(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    """Red team 58 F4 through the mail: David decides Sarah's joining Contractors only; her other step (who
    holds Send As on support@) is not his to read, so his mail names neither its trustee nor its before."""
    _configure(flow, tmp_path)
    view = await _ask(
        flow,
        SARAH,
        SendAs(change="revoke", mailbox=SUPPORT, trustee="chris.lee@acme.com"),
        DistributionListMembership(change="add", group="contractors@acme.com", member=SARAH),
    )
    assert view.state is RequestState.PENDING_APPROVAL
    assert view.waiting_on == ["david.chen@acme.com"]
    await _deliver(flow, tmp_path)
    [mail] = _inbox(tenant, "david.chen@acme.com")
    body = mail["body"]["content"].lower()
    assert "contractors" in body  # his own step, in full
    assert "chris" not in body
    assert "support@acme.com" not in body


ASKED = "Take Chris Lee off the support@ Send As and put me on Contractors"


@pytest.mark.anyio
async def test_the_approver_of_some_steps_is_not_mailed_the_requests_text(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    """sec63: the requester's own words name every step's target; David, who decides only the Contractors
    step, is mailed that they are withheld, and the justification he needs."""
    _configure(flow, tmp_path)
    view = await _ask(
        flow,
        SARAH,
        SendAs(change="revoke", mailbox=SUPPORT, trustee="chris.lee@acme.com"),
        DistributionListMembership(change="add", group="contractors@acme.com", member=SARAH),
        justification="Contract work from Monday.",
        text=ASKED,
    )
    assert view.waiting_on == ["david.chen@acme.com"]
    await _deliver(flow, tmp_path)
    [mail] = _inbox(tenant, "david.chen@acme.com")
    body = html.unescape(mail["body"]["content"])
    assert ASKED not in body
    assert "Chris Lee" not in body
    assert TEXT_WITHHELD in body
    assert "Contract work from Monday." in body


@pytest.mark.anyio
async def test_the_approver_of_every_step_is_mailed_the_requests_text(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    asked = "Put me on Contractors for the audit"
    view = await _ask(
        flow,
        SARAH,
        DistributionListMembership(change="add", group="contractors@acme.com", member=SARAH),
        justification="Contract work from Monday.",
        text=asked,
    )
    assert view.waiting_on == ["david.chen@acme.com"]
    await _deliver(flow, tmp_path)
    [mail] = _inbox(tenant, "david.chen@acme.com")
    body = html.unescape(mail["body"]["content"])
    assert asked in body
    assert TEXT_WITHHELD not in body


async def _escalated(flow: Flow, tmp_path: Path) -> None:
    """Sarah's {support@ Send As revoke, Contractors (David)} passes its deadline undecided: escalated."""
    _configure(flow, tmp_path, on_deadline="escalate", escalation_grace_hours=48)
    view = await _ask(
        flow,
        SARAH,
        SendAs(change="revoke", mailbox=SUPPORT, trustee="chris.lee@acme.com"),
        DistributionListMembership(change="add", group="contractors@acme.com", member=SARAH),
        text=ASKED,
    )
    assert view.approval_deadline is not None
    flow.clock.now = view.approval_deadline + dt.timedelta(minutes=1)
    assert run_deadlines(flow.service, TENANT).escalations == 1


def _escalation_to_grace(tenant: TenantState) -> str:
    [mail] = [m for m in _inbox(tenant, GRACE) if "in time" in m["subject"]]
    return html.unescape(mail["body"]["content"])


GRACE = "grace.hopper@acme.com"


@pytest.mark.anyio
async def test_an_escalation_describes_the_request_to_the_admin_as_its_page_does(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    """RT63 F11: the admins told that no approver decided in time read the request whole on its page; the
    mail asking them to act describes it as the page does (its text, every step)."""
    await _escalated(flow, tmp_path)
    await _deliver(flow, tmp_path)
    body = _escalation_to_grace(tenant)
    assert ASKED in body
    assert "chris.lee@acme.com" in body
    assert TEXT_WITHHELD not in body


@pytest.mark.anyio
async def test_an_escalation_to_one_who_is_no_longer_an_admin_is_told_as_to_anyone(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    """Whether she is an admin is asked when the mail goes: Grace, who lost the role since it was queued, is
    not mailed what an admin reads (the text is withheld, the other steps outlined)."""
    await _escalated(flow, tmp_path)
    grace = flow.person(GRACE)
    RecipientCache(flow.service.store).upsert(TENANT, grace.model_copy(update={"roles": ()}))
    await _deliver(flow, tmp_path)
    body = _escalation_to_grace(tenant)
    assert TEXT_WITHHELD in body
    assert "chris" not in body.lower()
