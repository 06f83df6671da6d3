"""The authorization matrix: every route of the app (API and pages) × every kind of caller × another
person's and another tenant's objects. 0 unauthorized reads or writes.

The table below has one entry per route; the test walks the app's routes and FAILS on a route without an
entry (a new route must say who may call it), and on an entry without a route. Each entry names the
callers that may succeed; every other caller must be refused (401, 403, 404, or a page's redirect to the
sign-in), must not see the object's id or the entry's secret in the answer, and must leave the request,
the tokens and the tenant as they were.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import update
from starlette.routing import Mount, Route

from mailwarden.api.app import create_app
from mailwarden.api.tokens import ApiTokens
from mailwarden.emulator.state import TenantState
from mailwarden.model.changes import Change
from mailwarden.model.steps import parse_step
from mailwarden.settings import load_settings
from mailwarden.store.tables import RequestRow, RequestStepRow
from mailwarden.store.tenants import TenantRecord
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.binding import without_ids
from mailwarden.workflow.service import Actor, PlannedStep
from tests.api.served import Person, ServedApp, served_app

ANONYMOUS, OTHER, REQUESTER, APPROVER, ADMIN = "anonymous", "other employee", "requester", "approver", "admin"
READ_TOKEN, WRITE_TOKEN, REVOKED_TOKEN = "requester's read token", "requester's write token", "revoked token"
ADMIN_READ_TOKEN = "admin's read token"
ROLES = (
    ANONYMOUS,
    OTHER,
    REQUESTER,
    APPROVER,
    ADMIN,
    READ_TOKEN,
    WRITE_TOKEN,
    REVOKED_TOKEN,
    ADMIN_READ_TOKEN,
)
PEOPLE = {OTHER: "john@acme.com", REQUESTER: "tom.becker@acme.com", APPROVER: "sarah@acme.com"}
PEOPLE[ADMIN] = "grace.hopper@acme.com"

SESSIONS = frozenset({OTHER, REQUESTER, APPROVER, ADMIN})
TOKENS = frozenset({READ_TOKEN, WRITE_TOKEN, ADMIN_READ_TOKEN})
SIGNED_IN = SESSIONS | TOKENS
EVERYONE = frozenset(ROLES)
ADMINS = frozenset({ADMIN, ADMIN_READ_TOKEN})
WRITERS = SESSIONS | {WRITE_TOKEN}
# Who may see the requester's request: its requester, its approver, admins (and their tokens' owners).
SEES_REQUEST = frozenset({REQUESTER, APPROVER, ADMIN, READ_TOKEN, WRITE_TOKEN, ADMIN_READ_TOKEN})

VALID_POLICY = '@id("nothing")\n@reason("Nothing.")\nforbid (principal, action, resource);\n'
SEND_AS_SUPPORT = {"action": "send_as", "change": "grant", "params": {"mailbox": "support@acme.com"}}
SHARE_CALENDAR = {
    "action": "calendar_share",
    "change": "grant",
    "params": {"owner": "me", "access": "reviewer"},
}


@dataclass(frozen=True)
class Rule:
    """Who may call a route, on which object, with what; `secret` must not reach anyone else."""

    who: frozenset[str]
    obj: str | None = None
    """What {request_id} / {token_id} names: 'asked' (needs confirmation), 'pending' (waits for the
    approver), 'done' (completed), 'token' (the requester's API token), 'campaign' / 'task' (an access
    review of support@ and its one task), 'failed' (finished with a failed step); {tenant} is always this
    tenant."""
    json: Any = None
    form: dict[str, str] | None = None
    files: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    secret: str | None = None
    any_status: bool = False
    """Public plumbing (sign-in, docs): any answer but a server error."""
    readers: frozenset[str] | None = None
    """Who may see `secret` and the object's id when that differs from `who` (list routes answer everyone
    signed in, but only with what each may see)."""


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/openapi.json"): Rule(EVERYONE),
    ("GET", "/docs"): Rule(EVERYONE),
    ("GET", "/docs/assets/{path}"): Rule(EVERYONE, any_status=True),
    ("GET", "/static/{path}"): Rule(EVERYONE, any_status=True),
    ("GET", "/api/v1/me"): Rule(SIGNED_IN),
    ("POST", "/api/v1/requests"): Rule(
        WRITERS,
        json={"steps": [{**SEND_AS_SUPPORT, "params": {"mailbox": "support@acme.com", "trustee": "me"}}]},
    ),
    ("GET", "/api/v1/requests"): Rule(SIGNED_IN, obj="pending", readers=SEES_REQUEST),
    ("GET", "/api/v1/requests/{request_id}"): Rule(SEES_REQUEST, obj="pending"),
    ("GET", "/api/v1/requests/overdue"): Rule(ADMINS),
    ("POST", "/api/v1/requests/{request_id}/confirm"): Rule(frozenset({REQUESTER, WRITE_TOKEN}), obj="asked"),
    ("POST", "/api/v1/requests/{request_id}/cancel"): Rule(
        frozenset({REQUESTER, WRITE_TOKEN, ADMIN}), obj="pending"
    ),
    # An admin, who sees every request, may file (as themselves, under policy, to confirm) its undo.
    ("POST", "/api/v1/requests/{request_id}/undo"): Rule(
        frozenset({REQUESTER, WRITE_TOKEN, ADMIN}), obj="done"
    ),
    # The requester or an admin may run a finished request's failed steps again (decided again first).
    ("POST", "/api/v1/requests/{request_id}/retry"): Rule(
        frozenset({REQUESTER, WRITE_TOKEN, ADMIN}), obj="failed"
    ),
    ("POST", "/api/v1/plans"): Rule(SIGNED_IN, json={"text": "give me send as on support@acme.com"}),
    ("POST", "/api/v1/plans/upload"): Rule(SIGNED_IN, form={"text": "give me send as on support@acme.com"}),
    ("GET", "/api/v1/approvals"): Rule(SIGNED_IN, obj="pending", readers=frozenset({APPROVER})),
    ("GET", "/api/v1/catalogue"): Rule(SIGNED_IN),
    ("GET", "/catalogue"): Rule(SESSIONS),
    ("POST", "/api/v1/approvals/{request_id}/approve"): Rule(
        frozenset({APPROVER}), obj="pending", json={"justification": "fine"}
    ),
    ("POST", "/api/v1/approvals/{request_id}/deny"): Rule(
        frozenset({APPROVER}), obj="pending", json={"justification": "no"}
    ),
    ("GET", "/api/v1/views/{view}"): Rule(
        ADMINS, query={"mailbox": "hr@acme.com"}, secret="maria.garcia@acme.com"
    ),
    ("GET", "/api/v1/reports/delegations"): Rule(
        ADMINS, query={"mailbox": "hr@acme.com"}, secret="maria.garcia@acme.com"
    ),
    ("GET", "/api/v1/reports/access"): Rule(
        ADMINS, query={"mailbox": "hr@acme.com"}, secret="maria.garcia@acme.com"
    ),
    # Access reviews: the campaign reviews support@, whose owner (its one task's reviewer) is the approver.
    ("GET", "/api/v1/reviews"): Rule(SIGNED_IN, obj="campaign", readers=ADMINS | {APPROVER}),
    ("POST", "/api/v1/reviews"): Rule(
        frozenset({ADMIN}),
        json={"name": "q", "deadline": "14d", "which": "chosen", "resources": ["hr@acme.com"]},
    ),
    ("GET", "/api/v1/reviews/{campaign_id}"): Rule(ADMINS | {APPROVER}, obj="campaign"),
    ("GET", "/api/v1/reviews/{campaign_id}/evidence"): Rule(ADMINS, obj="campaign"),
    ("POST", "/api/v1/reviews/{campaign_id}/close"): Rule(frozenset({ADMIN}), obj="campaign"),
    ("GET", "/api/v1/reviews/tasks/{task_id}"): Rule(ADMINS | {APPROVER}, obj="task"),
    ("POST", "/api/v1/reviews/tasks/{task_id}/decide"): Rule(
        frozenset({APPROVER}), obj="task", json={"decision": "keep"}
    ),
    ("GET", "/api/v1/audit"): Rule(ADMINS, obj="pending"),
    ("GET", "/api/v1/audit/verify"): Rule(ADMINS),
    ("GET", "/api/v1/audit/export"): Rule(ADMINS, obj="pending"),
    ("GET", "/api/v1/drift/events"): Rule(ADMINS),
    ("GET", "/api/v1/drift/policy"): Rule(ADMINS),
    ("POST", "/api/v1/drift/scan"): Rule(frozenset({ADMIN})),
    ("GET", "/api/v1/tenants"): Rule(ADMINS),
    ("GET", "/api/v1/tenants/{tenant}/health"): Rule(ADMINS),
    ("POST", "/api/v1/tenants/{tenant}/discover"): Rule(frozenset({ADMIN})),
    ("GET", "/api/v1/provider/overview"): Rule(ADMINS),
    ("GET", "/api/v1/policy"): Rule(ADMINS),
    ("GET", "/api/v1/notifications"): Rule(ADMINS),
    ("POST", "/api/v1/policy/validate"): Rule(ADMINS, json={"text": VALID_POLICY}),
    ("GET", "/api/v1/tokens"): Rule(
        SIGNED_IN, obj="token", readers=frozenset({REQUESTER, READ_TOKEN, WRITE_TOKEN}) | ADMINS
    ),
    ("POST", "/api/v1/tokens"): Rule(SESSIONS, json={"name": "script", "scopes": ["read"]}),
    # An admin may revoke any token of the tenant (a leaver's script); no one else another's.
    ("DELETE", "/api/v1/tokens/{token_id}"): Rule(frozenset({REQUESTER, WRITE_TOKEN, ADMIN}), obj="token"),
    ("GET", "/auth/login"): Rule(EVERYONE, any_status=True),
    ("GET", "/auth/callback"): Rule(EVERYONE, any_status=True),
    ("POST", "/auth/logout"): Rule(EVERYONE, any_status=True),
    ("GET", "/"): Rule(EVERYONE, any_status=True),
    ("GET", "/signin"): Rule(EVERYONE),
    # Each person's own demo mailbox; on a real tenant the page refuses everyone (mail is in Outlook).
    ("GET", "/mail"): Rule(SESSIONS),
    ("GET", "/tenant/notifications"): Rule(frozenset({ADMIN})),
    ("GET", "/ask"): Rule(SESSIONS),
    ("POST", "/ask"): Rule(SESSIONS, form={"text": "give me send as on support@acme.com"}),
    ("GET", "/requests"): Rule(SESSIONS, obj="pending", readers=SEES_REQUEST),
    ("GET", "/requests/{request_id}"): Rule(frozenset({REQUESTER, APPROVER, ADMIN}), obj="pending"),
    ("POST", "/requests/{request_id}/confirm"): Rule(frozenset({REQUESTER}), obj="asked"),
    ("POST", "/requests/{request_id}/cancel"): Rule(frozenset({REQUESTER, ADMIN}), obj="pending"),
    ("POST", "/requests/{request_id}/undo"): Rule(frozenset({REQUESTER, ADMIN}), obj="done"),
    ("POST", "/requests/{request_id}/retry"): Rule(frozenset({REQUESTER, ADMIN}), obj="failed"),
    ("POST", "/requests/{request_id}/approve"): Rule(
        frozenset({APPROVER}), obj="pending", form={"reason": "ok"}
    ),
    ("POST", "/requests/{request_id}/deny"): Rule(
        frozenset({APPROVER}), obj="pending", form={"reason": "no"}
    ),
    ("GET", "/approvals"): Rule(SESSIONS, obj="pending", readers=frozenset({APPROVER})),
    ("GET", "/reports"): Rule(
        SESSIONS,
        query={"report": "delegations", "mailbox": "hr@acme.com"},
        secret="maria.garcia@acme.com",
        readers=frozenset({ADMIN}),
    ),
    ("GET", "/access"): Rule(
        SESSIONS, query={"mailbox": "hr@acme.com"}, secret="maria.garcia@acme.com", readers=frozenset({ADMIN})
    ),
    ("GET", "/reviews"): Rule(SESSIONS, obj="campaign", readers=frozenset({ADMIN, APPROVER})),
    ("POST", "/reviews"): Rule(
        frozenset({ADMIN}), form={"name": "q", "deadline": "14d", "scope": "shared_mailboxes", "which": "all"}
    ),
    ("GET", "/reviews/{campaign_id}"): Rule(frozenset({ADMIN, APPROVER}), obj="campaign"),
    ("POST", "/reviews/{campaign_id}/close"): Rule(frozenset({ADMIN}), obj="campaign"),
    ("GET", "/reviews/tasks/{task_id}"): Rule(frozenset({ADMIN, APPROVER}), obj="task"),
    ("POST", "/reviews/tasks/{task_id}/decide"): Rule(
        frozenset({APPROVER}), obj="task", form={"decision": "keep"}
    ),
    ("GET", "/views/{name}.csv"): Rule(
        frozenset({ADMIN}), query={"mailbox": "hr@acme.com"}, secret="maria.garcia@acme.com"
    ),
    ("GET", "/audit"): Rule(frozenset({ADMIN}), obj="pending"),
    ("GET", "/drift"): Rule(frozenset({ADMIN})),
    ("GET", "/tenant"): Rule(frozenset({ADMIN})),
    ("GET", "/tenants"): Rule(frozenset({ADMIN})),
    ("POST", "/tenant/check"): Rule(frozenset({ADMIN})),
    ("POST", "/tenant/discover"): Rule(frozenset({ADMIN})),
    ("GET", "/tokens"): Rule(SESSIONS, obj="token", readers=frozenset({REQUESTER})),  # the page: one's own
    ("POST", "/tokens"): Rule(SESSIONS, form={"name": "script", "scopes": "read"}),
    ("POST", "/tokens/{token_id}/revoke"): Rule(frozenset({REQUESTER}), obj="token"),
}
# Paths whose {placeholder} is not an object: the view read and this tenant's key.
FIXED = {"{view}": "permissions", "{name}": "permissions", "{tenant}": "demo", "{path}": "app.css"}


def app_routes(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, API and pages, as declared."""
    found: set[tuple[str, str]] = set()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute | Route) and route.methods:
            found |= {(m, context.path) for m in route.methods - {"HEAD", "OPTIONS"}}
        elif isinstance(route, Mount):
            found.add(("GET", context.path.rstrip("/") + "/{path}"))
    return found


@dataclass
class Caller:
    role: str
    http: httpx.Client
    headers: dict[str, str]

    def __call__(self, method: str, url: str, rule: Rule) -> httpx.Response:
        return self.http.request(
            method,
            url,
            headers=self.headers,
            params=rule.query or None,
            json=rule.json,
            data=rule.form,
            files=rule.files if rule.files is not None else ({"_": ("", b"")} if rule.form else None),
        )


@dataclass
class World:
    web: ServedApp
    callers: dict[str, Caller]
    people: dict[str, Person]
    token_ids: dict[str, str]
    other_tenant_request: str
    other_tenant_token: str

    def request(self, kind: str) -> str:
        """A fresh request of the requester's in the state `kind` names."""
        if kind == "failed":
            return self._failed()
        tom = self.people[REQUESTER]
        step = SHARE_CALENDAR if kind == "done" else SEND_AS_SUPPORT
        grantee = {"grantee": "john@acme.com"} if kind == "done" else {"trustee": "me"}
        body = {"steps": [{**step, "params": {**step["params"], **grantee}}]}  # type: ignore[dict-item]
        answer = tom.post("/api/v1/requests", params={"confirm": kind != "asked"}, json=body)
        assert answer.status_code == 201, answer.text
        request = answer.json()["request"]
        expected = {"asked": "needs_confirmation", "pending": "pending_approval", "done": "completed"}[kind]
        assert request["state"] == expected, answer.text
        return str(request["request_id"])

    def _failed(self) -> str:
        """A finished request whose one step failed (its write refused by the tenant), as a run records it;
        the step is back as the tenant had it, so a retry runs it again."""
        request_id = self.request("done")
        with self.web.workspace.store.session() as session:
            session.execute(
                update(RequestStepRow)
                .where(RequestStepRow.request_id == request_id)
                .values(status="failed", outcome={"message": "The tenant refused the write."})
            )
            session.execute(
                update(RequestRow).where(RequestRow.request_id == request_id).values(state="failed")
            )
        return request_id

    def state_of(self, request_id: str) -> str:
        """The request's state as stored (read from the store: the matrix asks it twice a call)."""
        with self.web.workspace.store.session() as session:
            row = session.get(RequestRow, request_id)
            assert row is not None, request_id
            return row.state

    def review(self, kind: str) -> str:
        """A fresh access review of support@ (started by the admin): its id, or its one task's."""
        body = {"name": "matrix", "deadline": "14d", "which": "chosen", "resources": ["support@acme.com"]}
        answer = self.people[ADMIN].post("/api/v1/reviews", json=body)
        assert answer.status_code == 201, answer.text
        campaign = answer.json()
        return str(campaign["campaign_id"] if kind == "campaign" else campaign["tasks"][0]["task_id"])

    def token(self) -> str:
        """A token of the requester's for the routes that revoke one (their own read token stays)."""
        answer = self.people[REQUESTER].post("/api/v1/tokens", json={"name": "target", "scopes": ["read"]})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["token_id"])


@pytest.fixture
def world(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[World]:
    with served_app(emulator, tmp_path / "home") as web:
        people = {role: web.sign_in(address) for role, address in PEOPLE.items()}
        tom, grace = people[REQUESTER], people[ADMIN]

        def issue(person: Person, scopes: list[str]) -> tuple[str, str]:
            made = person.post("/api/v1/tokens", json={"name": "t", "scopes": scopes}).json()
            return str(made["token"]), str(made["token_id"])

        read, read_id = issue(tom, ["read"])
        write, write_id = issue(tom, ["read", "write"])
        revoked, revoked_id = issue(tom, ["read", "write", "approve"])
        assert tom.http.delete(f"/api/v1/tokens/{revoked_id}", headers={"X-CSRF-Token": tom.csrf}).is_success
        admin_read, _ = issue(grace, ["read"])
        callers = {role: Caller(role, p.http, {"X-CSRF-Token": p.csrf}) for role, p in people.items()}
        for role, token in (
            (READ_TOKEN, read),
            (WRITE_TOKEN, write),
            (REVOKED_TOKEN, revoked),
            (ADMIN_READ_TOKEN, admin_read),
        ):
            callers[role] = Caller(role, web.client(), {"Authorization": f"Bearer {token}"})
        callers[ANONYMOUS] = Caller(ANONYMOUS, web.client(), {})
        world = World(web, callers, people, {READ_TOKEN: read_id, WRITE_TOKEN: write_id}, "", "")
        # Another tenant in the same data folder, holding a request and a token of the same person's.
        ws = web.workspace
        ws.tenants.add(
            TenantRecord(
                tenant_key="globex", display_name="Globex", cloud="emulator", tenant_id="g", client_id="c"
            )
        )
        tom_r = ws.directory("demo").by_address(PEOPLE[REQUESTER])
        assert tom_r is not None
        actor = Actor(actor_id=tom_r.recipient_id, address=tom_r.primary_address, is_admin=False)
        stored = ws.requests.get("demo", world.request("pending"))
        planned = [PlannedStep(parse_step(s.step), _preview(s.preview), s.decision) for s in stored.steps]
        world.other_tenant_request = ws.requests.submit("globex", actor, planned).request_id
        tokens = ApiTokens(ws.store)
        issued = tokens.issue(
            "globex", tom_r.recipient_id, tom_r.primary_address, "x", ["read"], 1, session="sid-g"
        )
        world.other_tenant_token = issued.token_id
        yield world
        for caller in callers.values():
            if caller.role not in SESSIONS:
                caller.http.close()


def _preview(preview: dict[str, Any]) -> Any:
    return Change.model_validate(without_ids(preview))


def _refused(answer: httpx.Response) -> bool:
    if answer.status_code in (401, 403, 404):
        return True
    location = answer.headers.get("location", "")
    return answer.status_code in (302, 303) and location.startswith(("/signin", "/auth/login"))


def _succeeded(answer: httpx.Response) -> bool:
    return answer.is_success or (answer.is_redirect and not _refused(answer))


def test_every_route_has_an_entry_in_the_matrix(tmp_path: Path) -> None:
    """A route added without saying who may call it fails here; so does an entry for a removed route.
    (The routes are declared when the app is made: it need not be started, nor anyone signed in.)"""
    routes = app_routes(create_app(load_settings({"MAILWARDEN_HOME": str(tmp_path / "home")})))
    assert sorted(routes - set(RULES)) == [], "routes without an authorization entry"
    assert sorted(set(RULES) - routes) == [], "entries for routes the app no longer has"


def test_authorization_matrix(world: World) -> None:
    """Every route × every caller on the requester's objects: who may, succeeds; nobody else gets in."""
    problems: list[str] = []
    calls = 0
    for (method, path), rule in sorted(RULES.items()):
        url = path
        for placeholder, value in FIXED.items():
            url = url.replace(placeholder, value)
        obj: str | None = None
        for role in ROLES:
            if path == "/auth/logout" and role in SESSIONS:
                continue  # it would end the session the next calls use; tests/api/test_csrf.py covers it
            # A change that went through may have changed the tenant: each change starts from the same one,
            # so an approval that ran does not make the next fresh request 'already' done; so does making
            # the object (a 'done' request's share). A refused caller's call on an object already made needs
            # no copy of the tenant (a tenth of a second each): if it changed the tenant, the matrix fails.
            may_change = method != "GET" and (role in rule.who or (rule.obj is not None and not obj))
            restore = world.web.emulator.state.snapshot() if may_change else contextlib.nullcontext()
            with restore:
                obj = obj or _object(world, rule)
                target = re.sub(r"\{(request_id|token_id|campaign_id|task_id)\}", obj or "", url)
                journal = len(world.web.emulator.state.data.journal)
                before = (
                    world.state_of(obj)
                    if rule.obj in ("asked", "pending", "done", "failed") and obj
                    else None
                )
                answer = world.callers[role](method, target, rule)
                changed = len(world.web.emulator.state.data.journal) != journal
            calls += 1
            label = f"{role}: {method} {target} -> {answer.status_code}"
            if answer.status_code >= 500:
                problems.append(f"{label} (server error) {answer.text[:200]}")
                continue
            if rule.any_status:
                continue
            may = role in rule.who
            if may and not _succeeded(answer):
                problems.append(f"{label}: should have succeeded: {answer.text[:200]}")
            if not may and not _refused(answer):
                problems.append(f"{label}: should have been refused: {answer.text[:200]}")
            readers = rule.readers if rule.readers is not None else rule.who
            # An id the caller sent may be echoed in a 'not found'; anything else they may not see may not.
            hidden = [h for h in (rule.secret, obj if obj and obj not in target else None) if h]
            if role not in readers:
                problems += [
                    f"{label}: shows {h!r}, which this caller may not see" for h in hidden if h in answer.text
                ]
            if not may:
                if before is not None and world.state_of(obj) != before:  # type: ignore[arg-type]
                    problems.append(f"{label}: the request moved from {before} to {world.state_of(obj)}")
                if changed:
                    problems.append(f"{label}: the tenant changed")
            elif method != "GET":
                obj = None  # used up (confirmed, cancelled, approved, revoked): the next caller gets another
    assert problems == [], "\n".join(problems)
    assert calls >= len(RULES) * (len(ROLES) - 1)


def _object(world: World, rule: Rule) -> str | None:
    if rule.obj == "token":
        return world.token()
    if rule.obj in ("campaign", "task"):
        return world.review(rule.obj)
    if rule.obj is None:
        return None
    return world.request(rule.obj)


def test_another_tenants_objects_do_not_exist_for_anyone(world: World) -> None:
    """A request and a token filed under another tenant in the same data folder: 404 (or 401) on every
    route that names one, for every caller, the admin included; nothing about them is listed."""
    problems = []
    object_routes = [(m, p, r) for (m, p), r in RULES.items() if "{request_id}" in p or "{token_id}" in p]
    for method, path, rule in object_routes:
        target = path.replace("{request_id}", world.other_tenant_request).replace(
            "{token_id}", world.other_tenant_token
        )
        for role in ROLES:
            answer = world.callers[role](method, target, rule)
            if not _refused(answer):
                problems.append(f"{role}: {method} {target} -> {answer.status_code}: {answer.text[:200]}")
    for role in SIGNED_IN:
        for url in ("/api/v1/requests", "/api/v1/tokens", "/api/v1/audit", "/api/v1/approvals", "/requests"):
            text = world.callers[role]("GET", url, Rule(EVERYONE)).text
            for hidden in (world.other_tenant_request, world.other_tenant_token):
                if hidden in text:
                    problems.append(f"{role}: GET {url} lists another tenant's {hidden}")
    assert problems == [], "\n".join(problems)
    for method in ("GET", "POST"):
        answer = world.callers[ADMIN](method, "/api/v1/tenants/globex/health", Rule(EVERYONE))
        assert answer.status_code in (404, 405), answer.text
    answer = world.callers[ADMIN]("POST", "/api/v1/tenants/globex/discover", Rule(EVERYONE))
    assert answer.status_code == 404, answer.text
