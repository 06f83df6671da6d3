"""A provider's overview (GET /tenants, /api/v1/provider/overview): every tenant an admin administers with
its health and pending approvals; a tenant admin of one customer tenant sees that one only; employees none."""

from __future__ import annotations

import uuid

from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.store.tenants import TenantRecord
from mailwarden.tenants.health import Capability, Check, HealthReport, save_report
from tests.api.helpers import ask_send_as
from tests.api.served import ServedApp

OVERVIEW = "/api/v1/provider/overview"


def _customers(web: ServedApp) -> None:
    """Two customer tenants beside the served one: globex (its Exchange check red), initech (never checked);
    Sarah, no admin at home, holds Exchange Administrator in globex through a guest account."""
    ws = web.workspace
    for key, name in (("globex", "Globex"), ("initech", "Initech")):
        ws.tenants.add(
            TenantRecord(tenant_key=key, display_name=name, cloud="emulator", tenant_id=key, client_id="c")
        )
    red = Check(name="Exchange.ManageAsApp", badge="red", checked="the app role", fix="Grant admin consent.")
    save_report(
        ws,
        HealthReport(
            tenant="globex",
            capabilities=[Capability(id="exchange", label="Exchange", badge="red", checks=[red])],
        ),
    )
    ws.cache.upsert(
        "globex",
        Recipient(
            recipient_id=str(uuid.uuid4()),
            kind=RecipientKind.GUEST,
            display_name="Sarah (Acme)",
            primary_address="sarah@acme.com",
            addresses=("sarah@acme.com",),
            roles=("Exchange Administrator",),
        ),
    )


def test_an_admin_of_the_provider_sees_every_tenant_with_health_and_pending_approvals(web: ServedApp) -> None:
    _customers(web)
    ask_send_as(web.sign_in("tom.becker@acme.com"), confirm=True)  # waits for Sarah's approval in demo
    grace = web.sign_in("grace.hopper@acme.com")
    answer = grace.get(OVERVIEW)
    assert answer.status_code == 200, answer.text
    rows = {r["tenant"]: r for r in answer.json()}
    assert set(rows) == {"demo", "globex", "initech"}
    assert rows["globex"]["health"] == "red"
    assert rows["globex"]["red"] == ["exchange"]
    assert rows["initech"]["health"] == "unchecked"
    assert rows["demo"]["pending_approvals"] == 1
    assert rows["demo"]["served"] is True
    assert answer.json()[0]["tenant"] == "globex"  # the most urgent first
    page = grace.get("/tenants")
    assert page.status_code == 200
    for name in ("Globex", "Initech", "served here"):
        assert name in page.text


def test_a_tenant_admin_of_one_customer_sees_only_that_tenant(web: ServedApp) -> None:
    _customers(web)
    sarah = web.sign_in("sarah@acme.com")
    answer = sarah.get(OVERVIEW)
    assert answer.status_code == 200, answer.text
    assert [r["tenant"] for r in answer.json()] == ["globex"]
    page = sarah.get("/tenants").text
    assert "Globex" in page
    assert "Initech" not in page


def test_an_employee_sees_no_overview(web: ServedApp) -> None:
    _customers(web)
    tom = web.sign_in("tom.becker@acme.com")
    answer = tom.get(OVERVIEW)
    assert answer.status_code == 403
    assert "administer" in answer.json()["detail"]
    assert tom.get("/tenants").status_code == 403


def test_a_disabled_guest_admin_account_gives_no_overview(web: ServedApp) -> None:
    _customers(web)
    guest = web.workspace.cache.lookup_address("globex", "sarah@acme.com")
    assert guest is not None
    web.workspace.cache.upsert("globex", guest.model_copy(update={"enabled": False}))
    assert web.sign_in("sarah@acme.com").get(OVERVIEW).status_code == 403
