"""`mailwarden reviews start | list | show | decide | close`: access reviews of mailboxes and lists."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from mailwarden.access import reviews
from mailwarden.access.reviews import Campaign, ReviewTask, ScopeKind
from mailwarden.access.why import RIGHT_LABELS
from mailwarden.errors import ConfigError
from mailwarden.planner.durations import parse_expiry
from mailwarden.workflow.session import Session
from mailwarden.workspace import run

from .common import AsOption, JsonOption, TenantOption, console, data_out, handles_errors, print_json
from .session import acting, workspace_connection

__all__ = ["app"]

app = typer.Typer(help="Access reviews: start, list, show, decide, close.", no_args_is_help=True)
T = TypeVar("T")
_SCOPES: tuple[ScopeKind, ...] = ("shared_mailboxes", "lists", "calendars")


async def _as(tenant: str, as_: str | None, work: Callable[[Session], Awaitable[T]]) -> T:
    with workspace_connection(tenant) as (workspace, connection):
        async with acting(workspace, connection, tenant, as_) as session:
            return await work(session)


def _render_campaign(campaign: Campaign) -> None:
    console.print(
        f"[bold]{campaign.name}[/] · {campaign.campaign_id} · {campaign.state} · deadline "
        f"{campaign.deadline:%Y-%m-%d %H:%M} UTC · default at deadline: {campaign.default_action}"
        + (f" · repeats {campaign.repeat}" if campaign.repeat else ""),
        highlight=False,
    )
    if campaign.next_campaign_id:
        console.print(f"next campaign: {campaign.next_campaign_id}", highlight=False)
    table = Table(title_justify="left")
    for column in ("task", "resource", "reviewers", "delegates", "undecided", "state"):
        table.add_column(column)
    for task in campaign.tasks:
        table.add_row(
            task.task_id,
            escape(task.resource),
            f"{', '.join(task.reviewers)} ({task.basis})",
            str(len(task.items)),
            str(sum(i.decision is None for i in task.items)),
            task.state,
        )
    console.print(table)


def _render_task(task: ReviewTask) -> None:
    console.print(
        f"[bold]{escape(task.resource)}[/] · task {task.task_id} · review '{escape(task.campaign)}' · "
        f"deadline "
        f"{task.deadline:%Y-%m-%d %H:%M} UTC · reviewers: {', '.join(task.reviewers)} ({task.basis})",
        highlight=False,
    )
    table = Table(title_justify="left")
    for column in ("#", "right", "who", "why", "last use", "decision"):
        table.add_column(column)
    for item in task.items:
        decided: str = item.decision or "—"
        if item.reason:
            decided += f": {item.reason}"
        if item.removal_request_id:
            decided += f" (request {item.removal_request_id[:8]}, {item.removal_state})"
        elif item.removal_state:
            decided += f" ({item.removal_state})"
        right = RIGHT_LABELS[item.grant.kind] + (f" ({item.grant.detail})" if item.grant.detail else "")
        table.add_row(
            str(item.item_id),
            right,
            escape(item.grant.holder),
            escape(item.origin.summary),
            item.last_use or "",
            escape(decided),
        )
    console.print(table)


@app.command("start")
@handles_errors
def start(
    name: Annotated[str, typer.Option(help="What to call the campaign, e.g. 'Q1 shared mailboxes'.")],
    deadline: Annotated[str, typer.Option(help="When it closes: 14d, 2w or an ISO date.")],
    scope: Annotated[
        list[str] | None,
        typer.Option(help="shared_mailboxes, lists, calendars (repeat the option for several)."),
    ] = None,
    which: Annotated[
        Literal["all", "sensitive", "chosen"],
        typer.Option(help="all, those marked sensitive, or chosen ones."),
    ] = "all",
    resource: Annotated[
        list[str] | None, typer.Option(help="With --which chosen: a resource to review.")
    ] = None,
    default: Annotated[
        Literal["keep", "remove"], typer.Option(help="What an unreviewed delegate gets at the deadline.")
    ] = "keep",
    repeat: Annotated[
        Literal["quarterly"] | None, typer.Option(help="Start the next one a quarter on.")
    ] = None,
    json_out: JsonOption = False,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
) -> None:
    """Start an access review: each resource's reviewers get one task listing its delegates and why."""
    kinds = list(scope or _SCOPES)
    wrong = [k for k in kinds if k not in _SCOPES]
    if wrong:
        raise ConfigError(f"Unknown scope {wrong[0]!r}: use {', '.join(_SCOPES)}.")
    when = parse_expiry(deadline)

    async def work(session: Session) -> Campaign:
        return await reviews.start(
            session,
            name=name,
            kinds=kinds,  # type: ignore[arg-type]
            which=which,
            chosen=resource or [],
            deadline=when,
            default_action=default,
            repeat=repeat,
        )

    campaign = run(_as(tenant, as_, work))
    if json_out:
        print_json(campaign.model_dump(mode="json"))
    else:
        _render_campaign(campaign)


@app.command("list")
@handles_errors
def list_(json_out: JsonOption = False, tenant: TenantOption = "demo", as_: AsOption = None) -> None:
    """Campaigns: every one for an admin; for a reviewer, those with their tasks."""

    async def work(session: Session) -> list[Campaign]:
        return reviews.list_campaigns(session)

    campaigns = run(_as(tenant, as_, work))
    if json_out:
        print_json([c.model_dump(mode="json") for c in campaigns])
        return
    table = Table(title="Access reviews", title_justify="left")
    for column in ("campaign", "name", "state", "deadline", "tasks", "undecided"):
        table.add_column(column)
    for c in campaigns:
        undecided = sum(i.decision is None for t in c.tasks for i in t.items)
        table.add_row(
            c.campaign_id,
            escape(c.name),
            c.state,
            f"{c.deadline:%Y-%m-%d}",
            str(len(c.tasks)),
            str(undecided),
        )
    console.print(table)


@app.command("show")
@handles_errors
def show(
    review_id: Annotated[str, typer.Argument(help="A campaign id, or a task id with --task.")],
    task: Annotated[bool, typer.Option("--task", help="REVIEW_ID is a task: show its delegates.")] = False,
    evidence: Annotated[
        Literal["csv", "json"] | None, typer.Option(help="Export the campaign's evidence (admins).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="With --evidence: write here, and the signature beside it.")
    ] = None,
    json_out: JsonOption = False,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
) -> None:
    """A campaign and its tasks, one task's delegates with their why, or the campaign's evidence."""
    if evidence is not None:
        fmt = evidence

        async def export(session: Session) -> tuple[str, dict[str, object]]:
            return reviews.evidence(session, review_id, fmt)

        text, signature = run(_as(tenant, as_, export))
        if out is None:
            data_out().write(text)
            return
        out.write_text(text)
        sig = out.with_name(out.name + ".sig.json")
        sig.write_text(json.dumps(signature, indent=2))
        console.print(f"evidence: {out} · signature: {sig} · sha256 {signature['sha256']}", highlight=False)
        return

    async def work(session: Session) -> Campaign | ReviewTask:
        return reviews.get_task(session, review_id) if task else reviews.get_campaign(session, review_id)

    found = run(_as(tenant, as_, work))
    if json_out:
        print_json(found.model_dump(mode="json"))
    elif isinstance(found, ReviewTask):
        _render_task(found)
    else:
        _render_campaign(found)


@app.command("decide")
@handles_errors
def decide(
    task_id: Annotated[str, typer.Argument(help="Your task's id ('reviews show CAMPAIGN' lists them).")],
    keep: Annotated[
        list[int] | None, typer.Option(help="A delegate (#) to keep; repeat for several.")
    ] = None,
    remove: Annotated[
        list[int] | None, typer.Option(help="A delegate (#) to remove; repeat for several.")
    ] = None,
    keep_rest: Annotated[
        bool, typer.Option("--keep-rest", help="Keep every delegate not yet decided.")
    ] = False,
    reason: Annotated[str | None, typer.Option(help="Why (required to remove).")] = None,
    json_out: JsonOption = False,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
) -> None:
    """Keep or remove delegates of your task; a removal runs as your request, under the tenant's policy."""
    if not (keep or remove or keep_rest):
        raise ConfigError("Say what to decide: --keep N, --remove N --reason '...', or --keep-rest.")

    async def work(session: Session) -> ReviewTask:
        result = None
        if remove:
            result = await reviews.decide(session, task_id, remove, "remove", reason)
        if keep:
            result = await reviews.decide(session, task_id, keep, "keep", reason)
        if keep_rest:
            result = await reviews.decide(session, task_id, [], "keep", reason)
        assert result is not None
        return result

    found = run(_as(tenant, as_, work))
    if json_out:
        print_json(found.model_dump(mode="json"))
    else:
        _render_task(found)


@app.command("close")
@handles_errors
def close(
    campaign_id: Annotated[str, typer.Argument(help="The campaign to close.")],
    json_out: JsonOption = False,
    tenant: TenantOption = "demo",
    as_: AsOption = None,
) -> None:
    """Close a campaign: every undecided delegate gets its default; a repeating one starts its next."""

    async def work(session: Session) -> Campaign:
        return await reviews.close(session, campaign_id)

    campaign = run(_as(tenant, as_, work))
    if json_out:
        print_json(campaign.model_dump(mode="json"))
    else:
        _render_campaign(campaign)
