"""Red team 6: one delegate's removal decided twice at once (a double-clicked form, two browser tabs).

Both calls found the delegate undecided before either recorded its decision, so each filed (and ran) a
removal request and appended `review.decided`; only one decision reached the item, and the other request
stood with nothing pointing to it. One decision files one request: the second is told it is decided."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mailwarden.access import reviews
from mailwarden.cli.reviews_cmd import _as
from mailwarden.errors import MailwardenError
from mailwarden.workflow.session import Session
from mailwarden.workspace import run
from tests.access.test_reviews_cli import SARAH, SUPPORT_ONLY, TOM, item_of, run_json, start, support_task
from tests.cli.conftest import Cli, cli  # noqa: F401 - the CLI fixture


def test_a_removal_decided_twice_at_once_files_one_request(
    cli: Cli,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    task = support_task(start(cli, *SUPPORT_ONLY))
    tom = item_of(task, "full_access", TOM)
    monkeypatch.setenv("MAILWARDEN_HOME", str(cli.home))

    async def twice(session: Session) -> list[Any]:
        def once() -> Any:
            return reviews.decide(session, task["task_id"], [tom["item_id"]], "remove", "moved team")

        return await asyncio.gather(once(), once(), return_exceptions=True)

    results = run(_as("demo", SARAH, twice))
    refused = [r for r in results if isinstance(r, MailwardenError)]
    assert len(refused) == 1, results
    assert "decided already" in str(refused[0])

    removals = [
        r
        for r in run_json(cli, "requests", "list", "--as", SARAH)
        if "Access review" in str(r.get("text", ""))
    ]
    assert len(removals) == 1, [r.get("request_id") for r in removals]
    decided = run_json(cli, "audit", "list", "--event", "review.decided")
    assert len(decided) == 1, decided
