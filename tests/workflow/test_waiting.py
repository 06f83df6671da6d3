"""Who a pending request waits on, as the database is asked (workflow/waiting.py): the same people
`pending_approvers` names, never the requester (known by object id, whichever address they filed under),
and nobody once the deadline has passed. On SQLite, and on PostgreSQL when one is offered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.audit import AuditLog
from mailwarden.cli.render import render_request
from mailwarden.model.changes import Change
from mailwarden.model.decisions import Allowed, ApprovalRequired
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import SendAs
from mailwarden.store.db import Store
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.workflow.service import Actor, PlannedStep, RequestService
from mailwarden.workflow.waiting import count_waiting, pending_summary, waiting_page
from tests.databases import database_url  # noqa: F401  (the fixture, on SQLite and PostgreSQL)
from tests.workflow.conftest import Clock

TENANT = "acme"
SARAH = Actor(actor_id="sarah-id", address="sarah@acme.com")
SARAH_BY_ALIAS = Actor(actor_id="sarah-id", address="sarah.connor@acme.com")
"""Sarah, signed in under her secondary address: the same person."""
GRACE = Actor(actor_id="grace-id", address="grace.hopper@acme.com", is_admin=True)
TOM = Actor(actor_id="tom-id", address="tom.becker@acme.com")
MIKE = Actor(actor_id="mike-id", address="mike.smith@acme.com")


@pytest.fixture
def service(database_url: str, tmp_path: Path) -> Iterator[RequestService]:  # noqa: F811
    with Store(database_url) as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        yield RequestService(store, AuditLog(store, tmp_path), clock=Clock())


def _step(trustee: str, *approvers: str) -> PlannedStep:
    step = SendAs(change="grant", mailbox="support@acme.com", trustee=trustee)
    preview = Change(before=[], after=[trustee], summary=f"{trustee} may send as support@acme.com")
    decision = ApprovalRequired(approvers=list(approvers)) if approvers else Allowed(reason="own grant")
    return PlannedStep(step=step, preview=preview, decision=decision)


def _pending(service: RequestService, requester: Actor, *steps: PlannedStep) -> str:
    view = service.submit(TENANT, requester, list(steps))
    return service.confirm(TENANT, view.request_id, requester).request_id


def _waiting(service: RequestService, viewer: Actor) -> list[str]:
    ids = [v.request_id for v in waiting_page(service, TENANT, viewer, limit=50, offset=0)]
    assert count_waiting(service, TENANT, viewer) == len(ids)
    return ids


def test_a_request_filed_under_a_secondary_address_never_waits_on_its_requester(
    service: RequestService,
) -> None:
    """Sarah asks under sarah.connor@ for a step both she and Grace may approve: it waits on Grace only,
    whichever of her addresses Sarah looks with."""
    mine = _pending(service, SARAH_BY_ALIAS, _step("tom.becker@acme.com", "sarah@acme.com", GRACE.address))
    assert _waiting(service, SARAH) == []
    assert _waiting(service, SARAH_BY_ALIAS) == []
    assert _waiting(service, GRACE) == [mine]


def test_waiting_means_what_pending_approvers_says(service: RequestService) -> None:
    """Named on a step not yet approved: waiting. A step approved by a co-approver no longer waits on the
    others; a step of someone else's does not make the request wait on you; newest first."""
    both = _pending(
        service,
        TOM,
        _step("tom.becker@acme.com", SARAH.address, MIKE.address),
        _step("tom.becker@acme.com", GRACE.address),
        _step("tom.becker@acme.com"),
    )
    service.clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]
    later = _pending(service, TOM, _step("tom.becker@acme.com", SARAH.address))
    assert _waiting(service, SARAH) == [later, both]
    assert _waiting(service, MIKE) == [both]
    assert _waiting(service, TOM) == []
    service.approve(TENANT, both, MIKE, "fine")
    for viewer in (SARAH, MIKE, GRACE):
        expected = {v.request_id for v in service.list(TENANT) if viewer.address in v.pending_approvers()}
        assert set(_waiting(service, viewer)) == expected
    assert _waiting(service, SARAH) == [later]
    assert _waiting(service, GRACE) == [both]
    assert [v.request_id for v in waiting_page(service, TENANT, SARAH, limit=1, offset=1)] == []


def test_past_its_deadline_a_request_waits_on_nobody_though_nothing_expired_it_yet(
    service: RequestService,
) -> None:
    request = _pending(service, TOM, _step("tom.becker@acme.com", SARAH.address))
    assert pending_summary(service, TENANT) == (1, service.get(TENANT, request).created)
    service.clock.advance(service.approval_ttl + dt.timedelta(seconds=1))  # type: ignore[attr-defined]
    assert _waiting(service, SARAH) == []
    assert pending_summary(service, TENANT) == (0, None)
    assert service.get(TENANT, request).state.value == "pending_approval"


def _known_as(service: RequestService, actor: Actor, *addresses: str) -> None:
    """The directory cache knows `actor` by `addresses` (the first primary), as discovery leaves it."""
    RecipientCache(service.store).upsert(
        TENANT,
        Recipient(
            recipient_id=actor.actor_id,
            kind=RecipientKind.USER,
            display_name=actor.address,
            primary_address=addresses[0],
            addresses=addresses,
        ),
    )


def test_the_requester_is_never_shown_as_waited_on_under_any_of_their_addresses(
    service: RequestService, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sarah files under sarah.connor@ a request whose steps name sarah@ (her primary) among the approvers:
    the request, the CLI and the API show only Grace as the one it waits on; once Grace approves the step
    she may approve, the step only Sarah is named on still keeps it from being approved."""
    _known_as(service, SARAH, "sarah@acme.com", "sarah.connor@acme.com")
    mine = _pending(
        service,
        SARAH_BY_ALIAS,
        _step("tom.becker@acme.com", "sarah@acme.com", GRACE.address),
        _step("mike.smith@acme.com", "sarah@acme.com"),
    )
    view = service.get(TENANT, mine)
    assert view.pending_approvers() == [GRACE.address]
    shown = view.model_dump(mode="json")
    assert shown["waiting_on"] == [GRACE.address]
    assert "requester_addresses" not in shown
    render_request(view)
    out = capsys.readouterr().out
    assert "waiting for approval by one of grace.hopper@acme.com" in out
    assert "sarah@acme.com:" not in out
    assert "sarah@acme.com," not in out

    view = service.approve(TENANT, mine, GRACE, "fine")
    assert view.state.value == "pending_approval"
    assert view.awaits_approval()
    assert view.waiting_on == []
    render_request(view)
    assert "nobody other than its requester" in capsys.readouterr().out
