"""Access reviews tell people through the notifications: the real CLI against the demo tenant (its sender is
set up, as `make demo` has it), each message read back from the emulated mailbox over Graph
(GET /users/{id}/mailFolders/inbox/messages), as Outlook would."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from mailwarden.connectors.connection import open_tenant
from mailwarden.notifications.notices import run_review_reminders
from mailwarden.notifications.records import Delivery
from mailwarden.workspace import DEMO_TENANT, Workspace
from tests.access.test_reviews_cli import ADMIN, SARAH, SUPPORT_ONLY, TOM, run_json, support_task
from tests.cli.conftest import Cli


@pytest.fixture
def workspace(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """The CLI's data folder opened by the test itself (after a first command has set it up)."""
    monkeypatch.setenv("MAILWARDEN_HOME", str(cli.home))
    cli("whoami", "--as", ADMIN)
    ws = Workspace.open()
    try:
        yield ws
    finally:
        ws.close()


def inbox(workspace: Workspace, address: str) -> list[dict[str, Any]]:
    """The person's inbox as the emulator serves it over Graph, by their object id."""
    person = workspace.cache.lookup_address(DEMO_TENANT, address)
    assert person is not None

    async def read() -> list[dict[str, Any]]:
        with workspace.connection(DEMO_TENANT) as connection:
            async with open_tenant(connection) as clients:
                return await clients.graph.messages(person.recipient_id, folder="inbox")

    return asyncio.run(read())


def about_reviews(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if "Access review" in m["subject"]]


def deliveries(cli: Cli) -> list[dict[str, Any]]:
    found = run_json(cli, "notifications", "list", "--limit", "500", "--as", ADMIN)
    assert isinstance(found, list)
    return found


def start(cli: Cli, deadline: str, *args: str) -> dict[str, Any]:
    campaign = run_json(
        cli, "reviews", "start", "--name", "Q4", "--deadline", deadline, *SUPPORT_ONLY, *args, "--as", ADMIN
    )
    assert isinstance(campaign, dict)
    return campaign


def test_starting_a_review_mails_each_reviewer_their_task_and_nothing_more(
    cli: Cli, workspace: Workspace
) -> None:
    campaign = start(cli, "14d")
    task = support_task(campaign)
    [mail] = about_reviews(inbox(workspace, SARAH))
    assert mail["subject"].startswith("[mailwarden] Access review 'Q4': review Support")
    assert mail["from"]["emailAddress"]["address"] == "support@acme.com"
    body = mail["body"]["content"]
    assert f"<strong>{len(task['items'])}</strong> delegate(s)" in body
    assert f"/reviews/tasks/{task['task_id']}" in body  # the task's page: deciding there needs sign-in
    assert "you sign in" in body
    assert TOM not in body  # who the delegates are is on the page, behind sign-in, not in a mailbox
    sarah = workspace.cache.lookup_address(DEMO_TENANT, SARAH)
    assert sarah is not None
    [record] = [d for d in deliveries(cli) if d["event"] == "review_assigned"]
    assert (record["request_id"], record["notice_kind"], record["subject_id"]) == (
        None,
        "review_task",
        task["task_id"],
    )
    assert (record["recipient"], record["recipient_address"], record["state"]) == (
        sarah.recipient_id,
        SARAH,
        "sent",
    )
    # Far from its deadline: no reminder, however many commands catch up.
    run_json(cli, "reviews", "list", "--as", ADMIN)
    assert len(about_reviews(inbox(workspace, SARAH))) == 1
    assert about_reviews(inbox(workspace, TOM)) == []  # a delegate, not a reviewer


def test_a_reminder_near_the_deadline_is_sent_once_however_many_sweeps_run(
    cli: Cli, workspace: Workspace
) -> None:
    campaign = start(cli, "12h")  # inside the demo's 24 hours of reminders
    task = support_task(campaign)
    now = workspace.requests.clock()
    counts: list[int] = []

    def sweep() -> None:
        counts.append(run_review_reminders(workspace.store, DEMO_TENANT, now=now))

    racing = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in racing:
        thread.start()
    for thread in racing:
        thread.join()
    assert sorted(counts) == [0, 0, 0, 1]  # Sarah, the one reviewer: one row, whoever won
    for _ in range(2):  # each command catches up on deadlines (the in-process sweep) and sends
        run_json(cli, "reviews", "list", "--as", ADMIN)
    reminders = [m for m in inbox(workspace, SARAH) if m["subject"].startswith("[mailwarden] Reminder")]
    assert len(reminders) == 1
    assert "access review 'Q4' of Support" in reminders[0]["subject"]
    assert f"/reviews/tasks/{task['task_id']}" in reminders[0]["body"]["content"]
    assert [d["state"] for d in deliveries(cli) if d["event"] == "review_reminder"] == ["sent"]


def test_a_decided_task_gets_no_reminder(cli: Cli, workspace: Workspace) -> None:
    task = support_task(start(cli, "12h"))
    code, _, err = cli("reviews", "decide", task["task_id"], "--keep-rest", "--as", SARAH)
    assert code == 0, err
    run_json(cli, "reviews", "list", "--as", ADMIN)
    assert not [m for m in inbox(workspace, SARAH) if m["subject"].startswith("[mailwarden] Reminder")]


def test_the_result_reaches_whoever_started_the_campaign(cli: Cli, workspace: Workspace) -> None:
    campaign = start(cli, "14d", "--default", "keep")
    task = support_task(campaign)
    delegates = len(task["items"])
    closed = run_json(cli, "reviews", "close", campaign["campaign_id"], "--as", ADMIN)
    assert closed["state"] == "closed"
    [result] = [m for m in inbox(workspace, ADMIN) if "closed" in m["subject"]]
    assert result["subject"] == f"[mailwarden] Access review 'Q4' closed: 0 reviewed, {delegates} unreviewed"
    body = result["body"]["content"]
    assert f"{delegates}, given the campaign's default (keep): {delegates} kept" in body
    assert f"/reviews/{campaign['campaign_id']}" in body
    # The reviewer was told of her task, not of the whole campaign's result.
    assert [m["subject"] for m in about_reviews(inbox(workspace, SARAH)) if "closed" in m["subject"]] == []


def test_a_channel_that_fails_never_blocks_the_campaign(cli: Cli, workspace: Workspace) -> None:
    code, _, err = cli("notifications", "set", "--sender", "nobody-here@acme.com", "--as", ADMIN)
    assert code == 0, err
    campaign = start(cli, "14d")
    assert campaign["state"] == "open"
    assert support_task(campaign)["items"]
    [record] = [d for d in deliveries(cli) if d["event"] == "review_assigned"]
    assert record["state"] in ("queued", "failed")
    assert "nobody-here@acme.com" in (record["last_error"] or "")
    assert about_reviews(inbox(workspace, SARAH)) == []
    shown = run_json(cli, "reviews", "list", "--as", ADMIN)
    assert [c["campaign_id"] for c in shown] == [campaign["campaign_id"]]


def test_the_admin_list_names_what_a_notice_is_about(cli: Cli, workspace: Workspace) -> None:
    task = support_task(start(cli, "14d"))
    code, _, err = cli("notifications", "list", "--as", ADMIN)  # the table: a notice has no request id
    assert code == 0, err
    [notice] = [Delivery.model_validate(d) for d in deliveries(cli) if d["event"] == "review_assigned"]
    assert notice.about() == (f"review task {task['task_id'][:8]}", f"/reviews/tasks/{task['task_id']}")
    assert notice.to().startswith(f"{SARAH} (")  # the object id, with the address it has now


def test_the_result_counts_a_removal_that_happened_as_removed(cli: Cli, workspace: Workspace) -> None:
    """Sarah removes Tom's Full Access to Support (it runs) and keeps the rest: the result says what became
    of her removal, "removed", as it says "refused" of one Exchange would not make (red team 40)."""
    task = support_task(start(cli, "14d"))
    tom = next(
        i
        for i in task["items"]
        if i["grant"]["holder_address"] == TOM and i["grant"]["kind"] == "full_access"
    )
    decided = run_json(
        cli,
        "reviews",
        "decide",
        task["task_id"],
        "--remove",
        str(tom["item_id"]),
        "--keep-rest",
        "--reason",
        "moved team",
        "--as",
        SARAH,
    )
    assert next(i for i in decided["items"] if i["item_id"] == tom["item_id"])["removal_state"] == "completed"
    closed = run_json(cli, "reviews", "close", task["campaign_id"], "--as", ADMIN)
    assert closed["state"] == "closed"
    [result] = [m for m in inbox(workspace, ADMIN) if "closed" in m["subject"]]
    body = result["body"]["content"]
    kept = len(task["items"]) - 1
    assert f"({kept} kept; removal decided for 1: 1 removed)" in body, body
