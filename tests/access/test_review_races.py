"""Two decisions on one review item at the same moment (a double click, two reviewers of one task): one
wins, the other is told so, and only one removal request is ever filed. SQLite always, PostgreSQL when
MAILWARDEN_TEST_POSTGRES_URL offers one."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest
from sqlalchemy import select

from mailwarden.access import reviews
from mailwarden.access.reviews import ReviewTask
from mailwarden.cli import reviews_cmd
from mailwarden.data_folder import write_private
from mailwarden.demo_tenant import RUNNING_FILE
from mailwarden.errors import MailwardenError
from mailwarden.store import Store
from mailwarden.store.tables import RequestRow
from mailwarden.testing import running_emulator
from mailwarden.workflow.session import Session
from tests.access.test_reviews_cli import SARAH, SUPPORT_ONLY, TOM, item_of, start, support_task
from tests.cli.conftest import Cli
from tests.databases import database_url  # noqa: F401 - SQLite, and PostgreSQL when offered


def test_two_simultaneous_removals_of_one_delegate_file_one_request(
    cli: Cli,
    database_url: str,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MAILWARDEN_DATABASE_URL", database_url)
    monkeypatch.setenv("MAILWARDEN_HOME", str(cli.home))
    task = support_task(start(cli, *SUPPORT_ONLY))
    tom = item_of(task, "full_access", TOM)["item_id"]

    # Both decisions read the item undecided before either records its own: the race, made certain.
    both_read = threading.Barrier(2, timeout=60)
    first_read = threading.local()
    reading = reviews.get_task

    def racing_get_task(session: Session, task_id: str) -> ReviewTask:
        found = reading(session, task_id)
        if not getattr(first_read, "done", False):
            first_read.done = True
            both_read.wait()
        return found

    monkeypatch.setattr(reviews, "get_task", racing_get_task)
    won: list[ReviewTask] = []
    lost: list[MailwardenError] = []

    def decide() -> None:
        async def work(session: Session) -> ReviewTask:
            return await reviews.decide(session, task["task_id"], [tom], "remove", "moved team")

        try:
            won.append(asyncio.run(reviews_cmd._as("demo", SARAH, work)))
        except MailwardenError as exc:
            lost.append(exc)

    # One tenant for both, as two people's browsers share one: served once, as `mailwarden demo` does.
    state_dir = cli.home / "emulator"
    with running_emulator(state_dir) as em:
        write_private(state_dir / RUNNING_FILE, json.dumps({k: str(v) for k, v in em.info().items()}))
        threads = [threading.Thread(target=decide) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        (state_dir / RUNNING_FILE).unlink()
    assert (len(won), len(lost)) == (1, 1), (won, lost)
    assert "decided already" in str(lost[0])
    with Store(database_url) as store, store.session() as db:
        texts: list[Any] = list(
            db.scalars(select(RequestRow.text).where(RequestRow.text.like("Access review%")))
        )
    assert len(texts) == 1, texts
    decided = item_of(won[0].model_dump(mode="json"), "full_access", TOM)
    assert decided["removal_request_id"]
    assert decided["decision"] == "remove"


def test_a_removal_that_fails_to_be_filed_leaves_the_delegate_to_decide_again(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The decision is claimed before its removal request is filed. When filing fails with anything (the
    connection drops), the claim is given back: the delegate is undecided again, not stuck as "remove"
    with no request behind it and no audit record, and the reviewer's retry files the removal."""
    monkeypatch.setenv("MAILWARDEN_HOME", str(cli.home))
    task = support_task(start(cli, *SUPPORT_ONLY))
    tom = item_of(task, "full_access", TOM)["item_id"]
    filing = reviews._request_removal

    async def connection_dropped(*_: Any, **__: Any) -> Any:
        raise OSError("connection reset by peer")

    async def work(session: Session) -> ReviewTask:
        return await reviews.decide(session, task["task_id"], [tom], "remove", "moved team")

    monkeypatch.setattr(reviews, "_request_removal", connection_dropped)
    with pytest.raises(OSError, match="connection reset"):
        asyncio.run(reviews_cmd._as("demo", SARAH, work))
    monkeypatch.setattr(reviews, "_request_removal", filing)
    done = asyncio.run(reviews_cmd._as("demo", SARAH, work))
    [item] = [i for i in done.items if i.item_id == tom]
    assert item.decision == "remove"
    assert item.removal_request_id
