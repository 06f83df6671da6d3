"""News a worker queues goes out at once: its commit queues a delivery job for the workers, rather than
waiting for the minute sweep (which stays the safety net); one delivery job waits per tenant, and each
notification is sent once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from sqlalchemy import select, text

from mailwarden.directory.resolve import resolve
from mailwarden.jobs import work
from mailwarden.jobs.queue import NAMESPACE, QUEUE_SCHEMA
from mailwarden.model.decisions import Decision
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import SendAs, Step
from mailwarden.notifications.config import DEMO_SENDER, NotificationConfig, save_config
from mailwarden.notifications.outbox import announce
from mailwarden.store.tables import NotificationDeliveryRow
from mailwarden.workflow.requests import advance, plan_steps, submit
from mailwarden.workflow.service import Actor
from tests.jobs.conftest import Home
from tests.jobs.test_worker import FINAL, TENANT, _request, _wait_for

pytestmark = [pytest.mark.slow]

TOM = "tom.becker@acme.com"
SARAH = "sarah@acme.com"

_JOBS = text(
    f"SELECT task_name, status::text AS status, args FROM {QUEUE_SCHEMA}.procrastinate_jobs ORDER BY id"  # nosec B608 - constants
)


def _jobs(home: Home) -> list[tuple[str, str, dict[str, object]]]:
    workspace = home.workspace()
    try:
        with workspace.store.session() as session:
            return [(r.task_name, r.status, dict(r.args)) for r in session.execute(_JOBS)]
    finally:
        workspace.close()


def _sweeps(home: Home) -> int:
    return sum(task == f"{NAMESPACE}:sweep" for task, _status, _args in _jobs(home))


def _idle(home: Home) -> bool:
    return bool(_jobs(home)) and all(status not in ("todo", "doing") for _t, status, _a in _jobs(home))


def _notify_by_email(home: Home) -> None:
    workspace = home.workspace()
    try:
        workspace.tenant_record(TENANT)  # the demo tenant, registered as its first command would
        save_config(workspace.store, TENANT, NotificationConfig(sender=DEMO_SENDER))
    finally:
        workspace.close()


def _completion(home: Home, request_id: str) -> NotificationDeliveryRow | None:
    workspace = home.workspace()
    try:
        with workspace.store.session() as session:
            return session.scalars(
                select(NotificationDeliveryRow).where(
                    NotificationDeliveryRow.request_id == request_id,
                    NotificationDeliveryRow.event == "completed",
                )
            ).one_or_none()
    finally:
        workspace.close()


async def _asked_and_approved(home: Home) -> RequestView:
    """Tom asks to send as Support, Sarah approves: the run is a job for the worker, and whoever waited for
    approvers is told how it ended (by the worker that ran it)."""
    workspace = home.workspace()
    try:
        async with work.open_for_job(workspace, TENANT, discover=True) as tenant:
            engine, org = workspace.policy(TENANT), workspace.org(TENANT, tenant.directory)
            tom, sarah = resolve(tenant.directory, TOM), resolve(tenant.directory, SARAH)

            def decide(who: Recipient, step: Step, _preview: object) -> Decision:
                return engine.decide(org, who, step)

            steps: list[Step] = [SendAs(change="grant", mailbox=DEMO_SENDER, trustee=TOM)]
            planned = await plan_steps(tenant.context(), tom, steps, decide)
            asked = await submit(
                workspace.requests,
                tenant.context(),
                TENANT,
                Actor(tom.recipient_id, tom.primary_address, tom.is_admin),
                planned,
                confirm=True,
                justification="He works the queue.",
            )
            assert asked.state is RequestState.PENDING_APPROVAL, asked.state
            workspace.requests.approve(
                TENANT, asked.request_id, Actor(sarah.recipient_id, sarah.primary_address, sarah.is_admin)
            )
            return await advance(workspace.requests, tenant.context(), TENANT, asked.request_id)
    finally:
        workspace.close()


def _told_done(home: Home) -> int:
    """Mails in Tom's inbox telling him a request is done."""
    tenant = home.emulator.state
    owner = tenant.address_owner(TOM)
    assert owner is not None
    return sum(
        item.folder == "inbox" and "Your request is done" in item.message["subject"]
        for item in tenant.data.mailboxes.get(owner.id, [])
    )


def test_news_a_worker_queues_is_sent_at_once_not_at_the_next_sweep(pg_home: Callable[..., Home]) -> None:
    """The worker finishing a request queues "your request is done"; it is sent with no sweep at all (the
    sweeps are counted: a send by the sweep would need one)."""
    # A sweep only on the first minute of the year: none comes while this runs, so the notice cannot be
    # the sweep's, and the test need not wait for a minute boundary to tell them apart.
    home = pg_home(MAILWARDEN_SWEEP_CRON="0 0 1 1 *")
    _notify_by_email(home)
    home.start_worker()

    view = asyncio.run(_asked_and_approved(home))
    _wait_for(home, "the worker to run the request", lambda: _request(home, view.request_id).state in FINAL)
    _wait_for(
        home,
        "the completion notice to be sent",
        lambda: (row := _completion(home, view.request_id)) is not None and row.state == "sent",
    )
    assert _sweeps(home) == 0, "sent by a sweep, not when the worker queued it"
    _wait_for(home, "the delivery jobs to settle", lambda: _idle(home))
    assert _told_done(home) == 1


def test_one_delivery_job_waits_per_tenant_however_much_news_is_committed(
    pg_home: Callable[..., Home],
) -> None:
    """No worker runs: each committed piece of news would queue a delivery job, but while one waits for the
    tenant, that one will send them all."""
    home = pg_home()
    workspace = home.workspace()
    try:
        for _ in range(3):
            announce(workspace.store, TENANT)
        announce(workspace.store, "other")
    finally:
        workspace.close()
    waiting = [(args["tenant_key"], args["job"]) for task, status, args in _jobs(home) if status == "todo"]
    assert sorted(waiting) == [("demo", "deliver_notifications"), ("other", "deliver_notifications")]
    assert all(task == f"{NAMESPACE}:tenant_job" for task, _s, _a in _jobs(home))
