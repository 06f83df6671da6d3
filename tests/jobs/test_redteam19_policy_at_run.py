"""Red team 19: an approved request waits for a worker; meanwhile the tenant's admins change the policy to
forbid what it does. The worker must decide every step again under the policy in force when it runs (not the
one it was approved under): the steps are refused and the tenant is left as it was."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

from mailwarden.model.requests import RequestState
from mailwarden.policy import DEFAULT_POLICY
from tests.jobs.conftest import Home
from tests.jobs.test_worker import FINAL, TENANT, _adds, _request, _submit_adds, _wait_for

NO_JOINS = """
@id("no-list-changes-this-week")
@reason("List membership is frozen this week.")
forbid (principal, action == Action::"request:distribution_list_membership", resource);
"""


def test_a_queued_request_runs_under_the_policy_in_force_when_the_worker_takes_it(
    pg_home: Callable[..., Home],
) -> None:
    home = pg_home()
    view = asyncio.run(_submit_adds(home))
    assert view.state is RequestState.APPROVED
    workspace = home.workspace()
    try:
        workspace.policies.set(TENANT, DEFAULT_POLICY + NO_JOINS)
    finally:
        workspace.close()
    home.start_worker()
    _wait_for(home, "the worker to take the request", lambda: _request(home, view.request_id).state in FINAL)
    done = _request(home, view.request_id)
    assert {s.status for s in done.steps} == {"refused"}, [(s.status, s.outcome) for s in done.steps]
    assert "frozen" in str(done.steps[0].outcome)
    assert _adds(home) == Counter()
