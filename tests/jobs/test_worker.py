"""Execution on workers: an approved request is a job; a worker killed mid-job leaves it to another, and no
step runs twice; a job that keeps failing ends failed with its error, for the admins to see."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from mailwarden.directory.resolve import resolve
from mailwarden.emulator.faults import Verdict
from mailwarden.jobs import queue, work
from mailwarden.jobs.worker import failed_jobs
from mailwarden.model.decisions import Decision
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.tenants.health import load_report
from mailwarden.workflow.requests import plan_steps, submit
from mailwarden.workflow.service import Actor
from mailwarden.workspace import Workspace
from tests.jobs.conftest import Home

pytestmark = [pytest.mark.slow]

TENANT = "demo"
GRACE = "grace.hopper@acme.com"
LIST = "external-contractors@acme.com"
MEMBERS = [
    "lucas.rossi@acme.com",
    "mia.novak@acme.com",
    "ethan.park@acme.com",
    "alex.kim@acme.com",
    "emma.wilson@acme.com",
    "liam.brown@acme.com",
    "noah.davis@acme.com",
    "ava.johnson@acme.com",
]
FINAL = {RequestState.COMPLETED, RequestState.PARTIALLY_FAILED, RequestState.FAILED}


async def _submit_adds(home: Home, members: list[str] = MEMBERS) -> RequestView:
    """Grace (the sole admin) asks to add `members` to a list and confirms: it needs no approval."""
    workspace = home.workspace()
    try:
        async with work.open_for_job(workspace, TENANT, discover=True) as tenant:
            requester = resolve(tenant.directory, GRACE)
            engine, org = workspace.policy(TENANT), workspace.org(TENANT, tenant.directory)

            def decide(who: Recipient, step: Step, _preview: object) -> Decision:
                return engine.decide(org, who, step)

            steps: list[Step] = [
                DistributionListMembership(change="add", group=LIST, member=m) for m in members
            ]
            planned = await plan_steps(tenant.context(), requester, steps, decide)
            actor = Actor(requester.recipient_id, requester.primary_address, requester.is_admin)
            return await submit(
                workspace.requests,
                tenant.context(),
                TENANT,
                actor,
                planned,
                confirm=True,
                justification="Contract team reorganised.",
            )
    finally:
        workspace.close()


def _request(home: Home, request_id: str) -> RequestView:
    workspace = home.workspace()
    try:
        return workspace.requests.get(TENANT, request_id)
    finally:
        workspace.close()


def _wait_for(home: Home, what: str, condition: Callable[[], bool], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; worker logs:\n{home.logs()}")
        time.sleep(0.05)


def _adds(home: Home) -> Counter[str]:
    """Add-DistributionGroupMember calls that reached the tenant, by what they added."""
    return Counter(
        json.dumps(e.detail, sort_keys=True)
        for e in home.emulator.state.data.journal
        if e.operation == "Add-DistributionGroupMember"
    )


def test_an_approved_request_is_a_job_not_run_by_the_process_that_approved_it(
    pg_home: Callable[..., Home],
) -> None:
    home = pg_home()
    view = asyncio.run(_submit_adds(home))
    assert view.state is RequestState.APPROVED
    assert _adds(home) == Counter()
    home.start_worker()
    _wait_for(home, "the worker to run the request", lambda: _request(home, view.request_id).state in FINAL)
    done = _request(home, view.request_id)
    assert done.state is RequestState.COMPLETED, [s.outcome for s in done.steps]
    assert sum(_adds(home).values()) == len(MEMBERS)


# Six Exchange $batches of ten adds: more than the four requests a tenant has in flight at once, so the
# last two go out only when the first four have landed.
MANY = [f"user{i:05d}@acme.com" for i in range(60)]


def test_a_worker_killed_mid_request_leaves_it_to_another_and_no_step_runs_twice(
    pg_home: Callable[..., Home],
) -> None:
    """SIGKILL while the batched writes are in flight: every step is marked `applying`, some adds have
    landed and the rest have not. The next worker takes the job over once the first is silent and its
    lease has run out, records what landed without writing it again, writes the rest, and each add is
    made once."""
    home = pg_home(users=len(MANY), MAILWARDEN_EXECUTION_LEASE_SECONDS="4")
    view = asyncio.run(_submit_adds(home, MANY))
    faults = home.emulator.faults
    decide = faults.decide

    def slow_from_the_first_write(*args: Any, **kwargs: Any) -> Verdict:
        # Every call from the first add on takes a second and a half, so the test sees the batches land a
        # few at a time; the worker's reads before it are not slowed (they cost seconds, and test nothing).
        item = kwargs.get("item")
        if item is not None and "add-distributiongroupmember" in item:
            faults.latency("exchange", 1500)
        return decide(*args, **kwargs)

    faults.decide = slow_from_the_first_write  # type: ignore[method-assign]
    first = home.start_worker()

    def landed() -> int:
        return sum(_adds(home).values())

    _wait_for(home, "a write in flight after some landed", lambda: 0 < landed() < len(MANY))
    first.send_signal(signal.SIGKILL)
    first.wait()
    landed_at_kill = landed()
    killed_at = _request(home, view.request_id)
    assert killed_at.state is RequestState.EXECUTING
    assert landed_at_kill < len(MANY), "killed too late to test a takeover"
    assert {s.status for s in killed_at.steps} == {"applying"}, [s.status for s in killed_at.steps]

    faults.decide = decide  # type: ignore[method-assign]
    faults.reset()
    time.sleep(3.5)  # three missed heartbeats: the first worker counts as dead
    home.start_worker()
    _wait_for(home, "the second worker to finish", lambda: _request(home, view.request_id).state in FINAL)
    done = _request(home, view.request_id)
    assert done.state is RequestState.COMPLETED, [s.outcome for s in done.steps]
    assert [s.status for s in done.steps] == ["applied"] * len(MANY)
    adds = _adds(home)
    assert sum(adds.values()) == len(MANY), adds
    assert set(adds.values()) == {1}, adds


def test_a_poisoned_job_ends_failed_with_its_error_after_bounded_retries(
    pg_home: Callable[..., Home],
) -> None:
    """A job for a tenant that does not exist fails every attempt; it ends failed (not retried forever)
    and `mailwarden jobs list --failed` shows it with its error."""
    home = pg_home()
    workspace = home.workspace()
    try:
        job_id = asyncio.run(
            queue.defer(workspace.store.url, "tenant_job", tenant_key="no-such-tenant", job="sync_directory")
        )
    finally:
        workspace.close()
    assert job_id is not None
    home.start_worker()
    watching = home.workspace()
    try:
        # Watched in process; the CLI is asked once it has ended (a CLI process per look would cost more
        # than the retries themselves on a busy machine).
        _wait_for(home, "the job to end failed", lambda: bool(failed_jobs(watching)), timeout=120)
    finally:
        watching.close()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from mailwarden.cli.main import main; main()",
            "jobs",
            "list",
            "--failed",
            "--json",
        ],
        env=home.env,
        capture_output=True,
        text=True,
        check=True,
    )
    listed: list[dict[str, object]] = json.loads(out.stdout)
    [job] = listed
    assert job["job_id"] == job_id
    assert job["attempts"] == 6  # the first run and MAX_ATTEMPTS retries
    assert "No tenant named 'no-such-tenant'" in str(job["error"])


def test_a_periodic_job_is_queued_once_per_tick_however_many_workers_run(
    pg_home: Callable[..., Home],
) -> None:
    """Two workers both run procrastinate's periodic deferrer; each 15-second tick of the stalled-job
    sweep is still queued once."""
    home = pg_home()
    home.start_worker()
    home.start_worker()
    workspace = home.workspace()
    query = text(
        "SELECT args->>'timestamp', count(*) FROM procrastinate.procrastinate_jobs "
        "WHERE task_name = 'mailwarden:stalled_sweep' GROUP BY 1"
    )
    ticks: dict[str, int] = {}
    try:

        def two_ticks() -> bool:
            with workspace.store.session() as session:
                ticks.update({str(t): int(n) for t, n in session.execute(query)})
            return len(ticks) >= 2

        _wait_for(home, "two ticks of the stalled-job sweep", two_ticks, timeout=60)
    finally:
        workspace.close()
    assert set(ticks.values()) == {1}, ticks


def test_health_and_report_jobs_leave_their_results_where_every_server_reads_them(
    pg_home: Callable[..., Home],
) -> None:
    home = pg_home()
    workspace = home.workspace()
    try:
        asyncio.run(_discovered(workspace))  # the discover job's work: these jobs need the directory in
        for job in ("check_health", "refresh_reports"):
            asyncio.run(queue.defer(workspace.store.url, "tenant_job", tenant_key=TENANT, job=job))
        home.start_worker()
        tenant_id = home.emulator.tenant_id

        def done() -> bool:
            documents = workspace.documents
            return (
                documents.get(TENANT, "health") is not None
                and documents.get(tenant_id, "report:delegations-shared") is not None
            )

        _wait_for(home, "the health and report jobs", done)
        assert load_report(workspace, TENANT) is not None
    finally:
        workspace.close()


async def _discovered(workspace: Workspace) -> None:
    async with work.open_for_job(workspace, TENANT, discover=True):
        pass


def _directory_reads(home: Home) -> list[str]:
    return [
        r.path
        for r in home.emulator.faults.requests("graph")
        if r.path.split("?")[0] in ("/v1.0/users", "/v1.0/groups")
    ]


def test_jobs_other_than_discovery_leave_a_never_discovered_tenant_unread_and_end_well(
    pg_home: Callable[..., Home],
) -> None:
    """The minute sweep's jobs on a tenant whose first discovery is still queued: each used to start a full
    discovery of its own beside it, on the tenant's one budget; now they skip, neither failing nor
    retrying, and read nothing of the directory."""
    home = pg_home()
    workspace = home.workspace()
    sweep_jobs = ["sync_directory", "expire", "deliver_notifications"]
    try:
        for job in sweep_jobs:
            asyncio.run(queue.defer(workspace.store.url, "tenant_job", tenant_key=TENANT, job=job))
        home.start_worker()
        # Oldest first: the worker's own schedule may queue another sync_directory or expire meanwhile, and
        # the first of each name is the one deferred above.
        jobs = text(
            f"SELECT args->>'job', status::text FROM {queue.QUEUE_SCHEMA}.procrastinate_jobs "  # nosec B608
            "WHERE task_name LIKE '%tenant_job' ORDER BY id"
        )

        def statuses() -> list[tuple[str, str]]:
            with workspace.store.session() as session:
                return [(str(job), str(status)) for job, status in session.execute(jobs)]

        def first_of_each() -> dict[str, str]:
            found: dict[str, str] = {}
            for job, status in statuses():
                found.setdefault(job, status)
            return found

        _wait_for(
            home,
            "the sweep's jobs to end",
            lambda: {first_of_each().get(job) for job in sweep_jobs} <= {"succeeded", "failed"},
        )
        found = first_of_each()
        assert {job: found.get(job) for job in sweep_jobs} == dict.fromkeys(sweep_jobs, "succeeded")
        # A periodic job the worker's own schedule queued meanwhile (check_health) skipped the same way.
        ended = {status for _, status in statuses() if status not in ("todo", "doing")}
        assert ended == {"succeeded"}, statuses()
        assert _directory_reads(home) == []
        assert workspace.cache.freshness(TENANT) is None
        assert "job_skipped_not_discovered" in home.logs()
    finally:
        workspace.close()
