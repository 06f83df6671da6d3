"""The pages: Ask, My requests, Approvals, Reports, Audit, Tenant, API tokens. Server-rendered, no JavaScript.

Every page works through `api.operations`, as the REST API does, so a page can do exactly what the API
lets the same person do. Forms post with the session's CSRF token; after a change the browser is sent to
the page that shows the result (post/redirect/get), so reloading never repeats a change.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import JsonValue, TypeAdapter, ValidationError
from starlette.datastructures import UploadFile as StarletteUpload

from mailwarden.access.answer import SESSION_READS, answer_read
from mailwarden.actions.base import View
from mailwarden.api import operations as ops
from mailwarden.api.auth import SESSION_MAX_AGE_S, Principal, is_person
from mailwarden.api.deps import Runtime, browser_admin, browser_principal, get_runtime, session_of
from mailwarden.api.health import check_health
from mailwarden.api.problems import Problem
from mailwarden.api.provider import provider_overview, sees_whole_log, verified_as_seen_by
from mailwarden.api.routes.common import Offset
from mailwarden.api.signed_out import issue_in_session, live_session
from mailwarden.api.tokens import MAX_DAYS, SCOPES
from mailwarden.errors import ConfigError, MailwardenError
from mailwarden.jobs.status import workers_missing
from mailwarden.model.plans import Plan
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import ACTIONS
from mailwarden.planner.draft import Attachment
from mailwarden.planner.request_text import checked_request_text
from mailwarden.policy.routing import NO_SECOND_ADMIN
from mailwarden.workflow.listing import RequestFilter
from mailwarden.workflow.overdue import overdue_ends
from mailwarden.workflow.sole_admin import sole_admin
from mailwarden.workflow.transitions import available

__all__ = ["error_page", "router"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Person = Annotated[Principal, Depends(browser_principal)]
Admin = Annotated[Principal, Depends(browser_admin)]

WRITE_ACTIONS = {a: s.label for a, s in ACTIONS.items() if s.kind == "write"}
# The form fields of a structured request, in the order the form shows them.
FIELDS = (
    ("mailbox", "Mailbox"),
    ("trustee", "Trustee (who gets or loses the right)"),
    ("group", "Distribution list or group"),
    ("member", "Member"),
    ("members", "Members of a new list (comma-separated)"),
    ("display_name", "Display name of a new list"),
    ("recipient", "Whose primary address"),
    ("new_address", "New primary address"),
    ("owner", "Calendar owner"),
    ("grantee", "Who may see the calendar"),
    ("access", "Calendar access"),
    ("forward_to", "Forward to"),
    ("expires", "Expires (14d, 12h, 2w or a date; only what gives access)"),
    ("automapping", "Show the mailbox in the trustee's Outlook (automapping)"),
    ("keep_old", "Keep the old address as an alias"),
    ("keep_copy", "Keep a copy in the mailbox"),
)
# Fields answered yes or no; left unset, the action's own default applies.
YES_NO = frozenset({"automapping", "keep_old", "keep_copy"})
STATE_WORDS = {
    RequestState.NEEDS_CONFIRMATION: "needs your confirmation",
    RequestState.PENDING_APPROVAL: "waiting for approval",
    RequestState.APPROVED: "approved",
    RequestState.EXECUTING: "running",
    RequestState.COMPLETED: "completed",
    RequestState.PARTIALLY_FAILED: "partly failed",
    RequestState.FAILED: "failed",
    RequestState.DENIED: "denied",
    RequestState.CANCELLED: "cancelled",
    RequestState.EXPIRED: "expired",
}


# ---- rendering helpers -----------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _diff(before: Any, after: Any) -> list[tuple[str, str]]:
    """Lines of a before/after change: ('-', removed), ('+', added), (' ', kept)."""
    if isinstance(before, list) and isinstance(after, list):
        lines = [(" ", _cell(v)) for v in before if v in after]
        lines += [("-", _cell(v)) for v in before if v not in after]
        lines += [("+", _cell(v)) for v in after if v not in before]
        return lines or [(" ", "(none)")]
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[tuple[str, str]] = []
        for key in dict.fromkeys([*before, *after]):
            if before.get(key) == after.get(key):
                out.append((" ", f"{key}: {_cell(before.get(key))}"))
            else:
                out += [("-", f"{key}: {_cell(before.get(key))}"), ("+", f"{key}: {_cell(after.get(key))}")]
        return out
    if before == after:
        return [(" ", _cell(before))]
    return [("-", _cell(before)), ("+", _cell(after))]


def _left(delta: dt.timedelta | None) -> str:
    if delta is None:
        return ""
    seconds = max(0, int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return f"{days} d {hours} h" if days else f"{hours} h {rest // 60} min"


templates.env.filters["cell"] = _cell
templates.env.filters["diff"] = _diff
templates.env.filters["pretty"] = lambda v: json.dumps(v, indent=1, default=str)
templates.env.globals["STATE_WORDS"] = STATE_WORDS
templates.env.globals["ACTIONS"] = ACTIONS
templates.env.filters["utc"] = lambda when: when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") + " UTC"


def render(
    request: Request, name: str, who: Principal | None, status: int = 200, **context: Any
) -> HTMLResponse:
    runtime = getattr(request.app.state, "runtime", None)
    # The Approvals tab says how many wait on this person, on every page they visit.
    waiting = ops.waiting_count(runtime, who) if who is not None and runtime is not None else 0
    # On PostgreSQL the background work is the workers'; without one nothing moves, and people must know.
    missing = who is not None and runtime is not None and workers_missing(runtime.workspace.store)
    return templates.TemplateResponse(
        request,
        name,
        {
            "who": who,
            "csrf": request.session.get("csrf", ""),
            "path": request.url.path,
            "inbox_count": waiting,
            "workers_missing": missing,
            **context,
        },
        status_code=status,
    )


def error_page(request: Request, problem: Problem) -> HTMLResponse:
    return render(request, "error.html", _signed_in(request), status=problem.status, problem=problem)


def _signed_in(request: Request) -> Principal | None:
    """Who the session says is signed in, for the navigation of an error page only: the page that failed may
    have failed before its dependencies ran. Every page still checks the person live before it acts."""
    user = request.session.get("user") if "session" in request.scope else None
    runtime = getattr(request.app.state, "runtime", None)
    if not isinstance(user, dict) or runtime is None:
        return None
    if not live_session(runtime.workspace.documents, runtime.tenant_key, user, SESSION_MAX_AGE_S):
        return None
    recipient = runtime.directory.get(str(user.get("oid", "")))
    return Principal(recipient=recipient, via="session") if is_person(recipient) else None


def _back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# ---- sign-in ---------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    return _back("/ask" if request.session.get("user") else "/signin")


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next: Annotated[str | None, Query()] = None) -> HTMLResponse:
    # Without a page to return to, the sign-in lands where the person is awaited (see signin.landing).
    return render(request, "signin.html", None, next=next or "")


# ---- Ask --------------------------------------------------------------------------------------------------


@router.get("/ask", response_class=HTMLResponse)
def ask_page(
    request: Request, who: Person, action: Annotated[str | None, Query(max_length=64)] = None
) -> HTMLResponse:
    """The ask page; `action` (the structured form's first choice) brings back that action's fields only."""
    if action and action not in WRITE_ACTIONS:
        return _ask_form(
            request, who, status=422, error=f"{action!r} is not a change; choose one from the list."
        )
    return _ask_form(request, who, values={"action": action} if action else {})


def _ask_form(request: Request, who: Principal, status: int = 200, **context: Any) -> HTMLResponse:
    values = context.pop("values", {})
    spec = ACTIONS.get(values.get("action", "")) if values.get("action") in WRITE_ACTIONS else None
    return render(
        request,
        "ask.html",
        who,
        status=status,
        actions=WRITE_ACTIONS,
        chosen=spec,
        fields=[(n, label) for n, label in FIELDS if spec and n in spec.params],
        yes_no=YES_NO,
        values=values,
        **context,
    )


@router.post("/ask", response_class=HTMLResponse)
async def ask_submit(request: Request, runtime: RuntimeDep, who: Person) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    answers = {k[len("answer_") :]: v for k, v in values.items() if k.startswith("answer_") and v}
    # A typed address (a question no candidate fits) wins over the choices of the same question.
    for key in [k for k in answers if k.endswith("_typed")]:
        answers[key.removesuffix("_typed")] = answers.pop(key)
    uploads = [f for f in form.getlist("attachments") if isinstance(f, StarletteUpload) and f.filename]
    text = values.get("text", "").strip()
    try:
        if text:
            from mailwarden.api.routes.plans import read_uploads

            checked_request_text(text)
            attachments = await read_uploads([UploadFile(f.file, filename=f.filename) for f in uploads])
            # Answering a question posts the form again without the files: they come back as read.
            attachments = attachments or _kept_attachments(values.get("attachments_json", ""))
            values["attachments_json"] = _ATTACHMENTS.dump_json(attachments).decode() if attachments else ""
            ask_input = ops.AskInput(
                text=text,
                answers=answers,
                justification=values.get("justification") or None,
                only_allowed=values.get("only_allowed") == "1",
            )
        else:
            attachments = []
            action = values.get("action", "")
            spec = ACTIONS.get(action)
            # An expiry is passed on even to an action without one, so it is refused with a reason rather
            # than dropped (a dropped expiry would make a time-bound change permanent).
            params: dict[str, JsonValue] = {
                k: v
                for k, v in values.items()
                if spec is not None and (k in spec.params or k == "expires") and v
            }
            ask_input = ops.AskInput(
                steps=[ops.StepInput(action=action, change=values.get("change", ""), params=params)],
                answers=answers,
                justification=values.get("justification") or None,
                only_allowed=values.get("only_allowed") == "1",
            )
        if values.pop("submit", "") == "1":
            # The person submits the preview they saw: stored, confirmed, and run or sent for approval.
            asked = await ops.ask(
                runtime, who, ask_input, channel="web", confirm=True, attachments=attachments
            )
            if asked.request is not None:
                return _back(f"/requests/{asked.request.request_id}")
            plan, submittable = asked.plan, False
        else:
            # A preview only: nothing is stored until the person submits it.
            plan, submittable = await ops.preview(runtime, who, ask_input, attachments)
        read = await _read_answers(runtime, who, plan)
    except (Problem, ValueError, MailwardenError) as exc:
        message = exc.detail if isinstance(exc, Problem) else _plain(exc)
        return _ask_form(request, who, status=422, values=values, error=message)
    notes = [
        f"The file {a.name!r} was empty: no names were found in it."
        for a in (attachments if text else [])
        if not a.references
    ]
    return _ask_form(
        request, who, values=values, plan=plan, notes=notes, answers=read, submittable=submittable
    )


# The read views by action, under the names their CSV downloads use (the API's and the CLI's names).
_VIEW_NAME = {action: name for name, action in ops.VIEW_NAMES.items()}


async def _read_answers(runtime: Runtime, who: Principal, plan: Plan) -> list[tuple[View, str]]:
    """The answers to the reads a request asked for, each with its CSV download. Each is read through the
    API's own read operation, so the page shows exactly what the API would show this person."""
    answers: list[tuple[View, str]] = []
    for s in plan.steps:
        if ACTIONS[s.step.action].kind != "read" or s.decision is None or s.decision.outcome != "allowed":
            continue
        params = {
            k: str(v) for k, v in s.step.model_dump(exclude={"action", "change"}, exclude_none=True).items()
        }
        if s.step.action in SESSION_READS:
            view = await answer_read(session_of(runtime, who), s.step)
            link = "/api/v1/reports/access?" + urlencode({"format": "csv", **params})
        elif s.step.action == "delegation_report":
            view = await ops.report_delegations(
                runtime, who, trustee=params.get("trustee"), mailbox=params.get("mailbox")
            )
            link = "/api/v1/reports/delegations?" + urlencode({"format": "csv", **params})
        else:
            name = _VIEW_NAME[s.step.action]
            view = await ops.read_view(runtime, who, name, dict(params))
            link = f"/views/{name}.csv?" + urlencode(params)
        answers.append((view, link))
    return answers


@router.get("/views/{name}.csv")
async def view_csv(
    name: str,
    runtime: RuntimeDep,
    who: Person,
    mailbox: Annotated[str | None, Query(max_length=320)] = None,
    group: Annotated[str | None, Query(max_length=320)] = None,
    owner: Annotated[str | None, Query(max_length=320)] = None,
) -> Response:
    """A read view as CSV for a signed-in browser (the API's views answer JSON to tokens)."""
    view = await ops.read_view(runtime, who, name, {"mailbox": mailbox, "group": group, "owner": owner})
    return Response(
        view.to_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{ops.view_action(name)}.csv"'},
    )


def _plain(exc: Exception) -> str:
    """An error as a sentence: pydantic's own rendering names the model and the error codes."""
    if isinstance(exc, ValidationError):
        return " ".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors())
    return str(exc)


_ATTACHMENTS = TypeAdapter(list[Attachment])


def _kept_attachments(raw: str) -> list[Attachment]:
    """The attachments a question form carried back (as the planner read them, not the files)."""
    if not raw.strip():
        return []
    try:
        kept = _ATTACHMENTS.validate_json(raw)
    except ValidationError:
        raise ConfigError("The attached files could not be carried over; attach them again.") from None
    if len(kept) > 10 or sum(len(a.references) for a in kept) > 5000:
        raise ConfigError("The attached files are too large to carry over; attach them again.")
    return kept


# ---- requests ---------------------------------------------------------------------------------------------


@router.get("/requests", response_class=HTMLResponse)
def requests_page(
    request: Request,
    runtime: RuntimeDep,
    who: Person,
    offset: Offset = 0,  # bounded: past SQLite's 64-bit integer the query itself fails
    show: Annotated[str, Query(max_length=16)] = "",
    state: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """The requests this person sees, filtered by a plain GET form (all, mine, waiting on me; a state)."""
    if show not in ("", "mine", "waiting") or (state and state not in {s.value for s in RequestState}):
        raise Problem(
            422,
            "invalid-input",
            "Invalid filter",
            "Show 'all', 'mine' or 'waiting' (on you), and a state from the list.",
        )
    chosen = RequestFilter(
        mine=show == "mine",
        waiting_on_me=show == "waiting",
        state=RequestState(state) if state else None,
    )
    views, more = ops.list_requests(runtime, who, chosen=chosen, limit=25, offset=offset)
    # Whose a request is, by object id: the address it was filed under may be someone else's now.
    mine = [v for v in views if v.asked_by == who.actor.actor_id]
    others = [v for v in views if v.asked_by != who.actor.actor_id]
    return render(
        request,
        "requests.html",
        who,
        mine=mine,
        others=others,
        time_left={v.request_id: _left(ops.time_left(v)) for v in views},
        offset=offset,
        more=more,
        show=show,
        state=state,
        states=STATE_WORDS,
        filter_query=urlencode({k: v for k, v in (("show", show), ("state", state)) if v}),
    )


def _request_context(who: Principal, view: RequestView) -> dict[str, Any]:
    # Which buttons to show is the lifecycle's answer (workflow/transitions.py), not restated here.
    actions = available(view, who.actor)
    mine = view.asked_by == who.actor.actor_id
    return {
        "view": view,
        "mine": mine,
        "may_confirm": "confirm" in actions,
        "may_cancel": "cancel" in actions,
        "may_undo": "undo" in actions,
        # The service decides who may (workflow/service.py reopen_failed): the requester or an admin.
        "may_retry": (mine or who.is_admin)
        and view.state in (RequestState.FAILED, RequestState.PARTIALLY_FAILED)
        and bool(view.status_counts.get("failed")),
        "may_decide": "approve" in actions,
        "left": _left(ops.time_left(view)),
        "four_eyes": NO_SECOND_ADMIN if sole_admin(s.decision for s in view.every_step()) else None,
        "dropped": view.status_counts.get("dropped", 0),
    }


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def request_page(request: Request, request_id: str, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    view = ops.get_request(runtime, who, request_id)
    return render(request, "request.html", who, **_request_context(who, view))


@router.post("/requests/{request_id}/confirm")
async def confirm(request_id: str, runtime: RuntimeDep, who: Person) -> Response:
    view = await ops.confirm(runtime, who, request_id)
    return _back(f"/requests/{view.request_id}")


@router.post("/requests/{request_id}/cancel")
def cancel(request_id: str, runtime: RuntimeDep, who: Person) -> Response:
    view = ops.cancel(runtime, who, request_id)
    return _back(f"/requests/{view.request_id}")


@router.post("/requests/{request_id}/undo")
async def undo(request_id: str, runtime: RuntimeDep, who: Person) -> Response:
    view = await ops.undo(runtime, who, request_id, channel="web")
    return _back(f"/requests/{view.request_id}")


@router.post("/requests/{request_id}/retry")
async def retry(request_id: str, runtime: RuntimeDep, who: Person) -> Response:
    view = await ops.retry(runtime, who, request_id)
    return _back(f"/requests/{view.request_id}")


@router.post("/requests/{request_id}/approve")
async def approve(
    request_id: str, runtime: RuntimeDep, who: Person, reason: Annotated[str, Form(max_length=2000)] = ""
) -> Response:
    view = await ops.verdict(runtime, who, request_id, approve=True, justification=reason.strip() or None)
    return _back(f"/requests/{view.request_id}")


@router.post("/requests/{request_id}/deny")
async def deny(
    request_id: str, runtime: RuntimeDep, who: Person, reason: Annotated[str, Form(max_length=2000)] = ""
) -> Response:
    if not reason.strip():
        raise Problem(
            422, "reason-required", "Say why", "Give a reason to deny a request; the requester sees it."
        )
    view = await ops.verdict(runtime, who, request_id, approve=False, justification=reason.strip())
    return _back(f"/requests/{view.request_id}")


# ---- approvals --------------------------------------------------------------------------------------------


@router.get("/approvals", response_class=HTMLResponse)
def approvals_page(request: Request, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    waiting, _ = ops.approvals_waiting(runtime, who, limit=100, offset=0)
    return render(request, "approvals.html", who, waiting=waiting)


# ---- catalogue --------------------------------------------------------------------------------------------


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue_page(request: Request, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    """What this person may ask for; each entry's button previews that request on the Ask page."""
    return render(request, "catalogue.html", who, offers=ops.catalogue_of(runtime, who))


# ---- reports ----------------------------------------------------------------------------------------------


@router.get("/reports", response_class=HTMLResponse)
async def reports_page(
    request: Request,
    runtime: RuntimeDep,
    who: Person,
    report: Annotated[str | None, Query()] = None,
    mailbox: Annotated[str | None, Query(max_length=320)] = None,
    trustee: Annotated[str | None, Query(max_length=320)] = None,
    group: Annotated[str | None, Query(max_length=320)] = None,
) -> HTMLResponse:
    result = None
    error = None
    csv_link = None
    if not who.is_admin and (report is None or (report == "delegations" and not (trustee or mailbox))):
        # The tenant-wide report is for admins; what an employee may always read is their own reach.
        report, trustee = "delegations", who.address
    try:
        if report == "delegations":
            result = await ops.report_delegations(runtime, who, trustee=trustee, mailbox=mailbox)
            query = urlencode(
                {"format": "csv", **{k: v for k, v in (("trustee", trustee), ("mailbox", mailbox)) if v}}
            )
            csv_link = f"/api/v1/reports/delegations?{query}"
        elif report == "members" and group:
            result = await ops.read_view(runtime, who, "members", {"group": group})
    except MailwardenError as exc:
        error = str(exc)
    return render(
        request,
        "reports.html",
        who,
        result=result,
        error=error,
        csv_link=csv_link,
        report=report,
        mailbox=mailbox or "",
        trustee=trustee or "",
        group=group or "",
    )


# ---- audit ------------------------------------------------------------------------------------------------


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    runtime: RuntimeDep,
    who: Admin,
    actor: Annotated[str | None, Query(max_length=320)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    target: Annotated[str | None, Query(max_length=320)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    offset: Offset = 0,  # bounded: past SQLite's 64-bit integer the query itself fails
) -> HTMLResponse:
    def day(text: str | None, *, after: bool = False) -> dt.datetime | None:
        # An empty date field of the form means no bound; `until` includes its whole day.
        if not text:
            return None
        try:
            d = dt.date.fromisoformat(text)
        except ValueError:
            raise Problem(
                422, "invalid-input", "Invalid date", f"{text!r} is not a date (YYYY-MM-DD)."
            ) from None
        if after and d == dt.date.max:  # no next midnight after 9999-12-31: its last moment instead
            return dt.datetime.max.replace(tzinfo=dt.UTC)
        return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC) + dt.timedelta(days=1 if after else 0)

    filters: dict[str, Any] = {
        "tenant": runtime.tenant_key,
        "actor": actor or None,
        "action": action or None,
        "target": target or None,
        "since": day(since),
        "until": day(until, after=True),
    }
    log = runtime.workspace.audit
    # A customer's admin on a shared installation: their records numbered among their own (`ordinal`).
    records: list[Any] = (
        log.records(**filters, limit=51, offset=offset, newest_first=True)
        if sees_whole_log(runtime, who)
        else log.tenant_records(**filters, limit=51, offset=offset, newest_first=True)
    )
    query = urlencode(
        {
            k: v.isoformat() if isinstance(v, dt.datetime) else v
            for k, v in filters.items()
            if v and k != "tenant"
        }
    )
    return render(
        request,
        "audit.html",
        who,
        records=records[:50],
        more=len(records) > 50,
        offset=offset,
        verified=verified_as_seen_by(runtime, who),
        filters={
            "actor": actor or "",
            "action": action or "",
            "target": target or "",
            "since": since,
            "until": until,
        },
        export_query=query,
    )


# ---- tenant -----------------------------------------------------------------------------------------------


# After an admin consents, the page re-checks itself with growing pauses, a bounded number of times.
_CONSENT_PAUSES = (10, 20, 40, 80, 120, 120, 120)


@router.get("/tenant", response_class=HTMLResponse)
async def tenant_page(
    request: Request,
    runtime: RuntimeDep,
    who: Admin,
    admin_consent: str = "",
    error: str = "",
    round: int = 0,
) -> HTMLResponse:
    back = f"{str(request.base_url).rstrip('/')}/tenant"
    consented = admin_consent == "True" or round > 0
    health = getattr(request.app.state, "last_health", None)
    if health is None or consented:
        health = await check_health(runtime, redirect_uri=back)
    request.app.state.last_health = health
    record = runtime.workspace.tenant_record(runtime.tenant_key)
    refresh = None
    if consented and not health.green and 0 <= round < len(_CONSENT_PAUSES):
        refresh = {"seconds": _CONSENT_PAUSES[round], "url": f"/tenant?round={round + 1}"}
    return render(
        request,
        "tenant.html",
        who,
        health=health,
        record=record,
        refresh=refresh,
        consent_cancelled=error == "access_denied",
        gave_up=consented and not health.green and refresh is None,
        overdue=overdue_ends(runtime.workspace.requests, runtime.tenant_key),
    )


@router.get("/tenants", response_class=HTMLResponse)
def provider_page(request: Request, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    """Every tenant this person administers on one page: health and pending approvals (api/provider.py)."""
    return render(request, "provider.html", who, rows=provider_overview(runtime, who))


@router.post("/tenant/check")
async def tenant_check(request: Request, runtime: RuntimeDep, who: Admin) -> Response:
    back = f"{str(request.base_url).rstrip('/')}/tenant"
    request.app.state.last_health = await check_health(runtime, redirect_uri=back)
    return _back("/tenant")


@router.post("/tenant/discover")
async def tenant_discover(request: Request, runtime: RuntimeDep, who: Admin) -> Response:
    await runtime.rediscover()
    request.app.state.last_health = await check_health(runtime)
    return _back("/tenant")


# ---- API tokens -------------------------------------------------------------------------------------------


@router.get("/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, runtime: RuntimeDep, who: Person) -> HTMLResponse:
    mine = runtime.tokens.list(runtime.tenant_key, who.recipient.recipient_id)
    return render(request, "tokens.html", who, tokens=mine, scopes=SCOPES, issued=None)


@router.post("/tokens", response_class=HTMLResponse)
async def tokens_make(
    request: Request,
    runtime: RuntimeDep,
    who: Person,
    name: Annotated[str, Form(min_length=1, max_length=128)],
    expires_in_days: Annotated[int, Form(ge=1, le=MAX_DAYS)] = 90,
) -> HTMLResponse:
    form = await request.form()
    scopes = [s for s in SCOPES if s in form.getlist("scopes")]
    issued = issue_in_session(
        runtime.workspace.documents,
        runtime.tokens,
        runtime.tenant_key,
        sid=str(request.session["user"]["sid"]),  # a page's person is a session's (deps.browser_principal)
        owner_id=who.recipient.recipient_id,
        owner=who.address,
        name=name,
        scopes=scopes,
        expires_in_days=expires_in_days,
        channel="web",
    )
    mine = runtime.tokens.list(runtime.tenant_key, who.recipient.recipient_id)
    return render(request, "tokens.html", who, tokens=mine, scopes=SCOPES, issued=issued)


@router.post("/tokens/{token_id}/revoke")
def tokens_revoke(token_id: str, runtime: RuntimeDep, who: Person) -> Response:
    owner = runtime.tokens.owner_of(runtime.tenant_key, token_id)
    if owner != who.recipient.recipient_id:
        raise Problem(404, "token-not-found", "No such token", "No API token of yours has that id.")
    runtime.tokens.revoke(runtime.tenant_key, token_id, by=who.address, channel="web")
    return _back("/tokens")
