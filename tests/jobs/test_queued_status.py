"""An approved request on PostgreSQL is a worker's to run: every channel says "queued", with the job's
state, and warns when no worker is there to take it (nothing would run until one starts)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from mailwarden.cli import common
from mailwarden.cli.render import render_request
from mailwarden.jobs.status import with_queue
from mailwarden.model.requests import RequestState
from tests.jobs.conftest import Home
from tests.jobs.test_worker import FINAL, _request, _submit_adds, _wait_for

pytestmark = [pytest.mark.slow]


def test_an_approved_request_says_it_is_queued_and_warns_without_a_worker(
    pg_home: Callable[..., Home], capsys: pytest.CaptureFixture[str]
) -> None:
    home = pg_home()
    view = asyncio.run(_submit_adds(home))
    assert view.state is RequestState.APPROVED
    assert view.queued_for_worker
    assert view.job is not None
    assert view.job.job_id is not None
    assert view.job.status == "todo"
    assert not view.job.worker_seen
    assert view.model_dump(mode="json")["queued_for_worker"] is True  # what the API returns

    with common.console.capture() as captured:
        render_request(view)
    printed = " ".join(captured.get().split())
    assert "queued: a worker runs it ('mailwarden worker')" in printed
    assert f"follow with 'mailwarden requests show {view.request_id[:8]}'" in printed
    assert "nothing will run until one starts" in printed

    home.start_worker()
    _wait_for(home, "the worker to run it", lambda: _request(home, view.request_id).state in FINAL)
    workspace = home.workspace()
    try:
        done = with_queue(workspace.store, _request(home, view.request_id))
        assert not done.queued_for_worker  # finished: its outcome is the state, not the queue
        # A request approved now would find the worker alive: no warning.
        again = with_queue(workspace.store, done.model_copy(update={"state": RequestState.APPROVED}))
        assert again.job is not None
        assert again.job.worker_seen
        # (the request reaches its final state inside the job; the queue marks the job done once the job
        # function returns, a moment later: on a loaded machine the status was still "doing")
        _wait_for(
            home,
            "the queue to mark the job done",
            lambda: (job := with_queue(workspace.store, again).job) is not None and job.status == "succeeded",
        )
    finally:
        workspace.close()
