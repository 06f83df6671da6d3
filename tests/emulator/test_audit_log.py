"""The change journal names who made each write, and Graph's audit log query API serves it as the tenant's
unified audit log: Microsoft's wire shape, its permission, an asynchronous query, and records that
arrive late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from mailwarden.emulator import state as state_module
from mailwarden.emulator.outside import OutsideChangeFailed, outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from tests.emulator.exchange_tenant import hashtable
from tests.emulator.test_graph import (
    FULL_APP_ID,
    READER_APP_ID,
    Graph,
    graph_over,
    make_tenant,
    token_for,
)

QUERIES = "/security/auditLog/queries"


@pytest.fixture(scope="module")
def tenant() -> TenantState:
    return make_tenant(users=0)


@pytest.fixture
def graph(tenant: TenantState) -> Iterator[Graph]:
    with tenant.snapshot():
        yield graph_over(tenant)


def _window() -> dict[str, str]:
    now = dt.datetime.now(dt.UTC)
    return {
        "filterStartDateTime": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "filterEndDateTime": (now + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _records(graph: Graph, **filters: Any) -> list[dict[str, Any]]:
    created = graph.call("POST", QUERIES, json={"displayName": "drift", **_window(), **filters})
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "notStarted"
    query_id = created.json()["id"]
    assert graph.get(f"{QUERIES}/{query_id}").json()["status"] == "succeeded"
    page = graph.get(f"{QUERIES}/{query_id}/records")
    assert page.status_code == 200, page.text
    records: list[dict[str, Any]] = page.json()["value"]
    return records


def test_an_admin_center_change_is_journaled_as_that_admin(graph: Graph) -> None:
    """The journal keeps who, what and the cmdlet's parameters as given."""
    outside_cmdlet(
        graph.state,
        "grace.hopper@acme.com",
        "Add-MailboxPermission",
        Identity="support@acme.com",
        User="john@acme.com",
        AccessRights="FullAccess",
    )
    entry = graph.state.data.journal[-1]
    assert (entry.operation, entry.actor) == ("Add-MailboxPermission", "grace.hopper@acme.com")
    assert entry.parameters == {
        "Identity": "support@acme.com",
        "User": "john@acme.com",
        "AccessRights": "FullAccess",
    }


def test_an_outside_change_the_cmdlet_refuses_says_why(graph: Graph) -> None:
    with pytest.raises(OutsideChangeFailed, match=r"couldn't be found|ManagementObjectNotFound"):
        outside_cmdlet(
            graph.state,
            "grace.hopper@acme.com",
            "Add-RecipientPermission",
            Identity="nobody@acme.com",
            Trustee="john@acme.com",
            AccessRights="SendAs",
        )


def test_audit_records_have_microsofts_shape_and_name_the_admin(graph: Graph) -> None:
    outside_cmdlet(
        graph.state,
        "grace.hopper@acme.com",
        "Add-RecipientPermission",
        Identity="support@acme.com",
        Trustee="john@acme.com",
        AccessRights="SendAs",
    )
    [record] = _records(
        graph, recordTypeFilters=["exchangeAdmin"], operationFilters=["Add-RecipientPermission"]
    )
    assert record["auditLogRecordType"] == "exchangeAdmin"
    assert record["service"] == "Exchange"
    assert record["userPrincipalName"] == "grace.hopper@acme.com"
    assert record["userType"] == "admin"
    assert record["objectId"] == "support@acme.com"
    assert {"Name": "Trustee", "Value": "john@acme.com"} in record["auditData"]["Parameters"]
    assert record["auditData"]["Workload"] == "Exchange"


def test_an_apps_own_cmdlet_is_recorded_as_that_app(graph: Graph) -> None:
    exo_token = token_for(graph.state, FULL_APP_ID, "https://outlook.office365.com")
    body = {
        "CmdletInput": {
            "CmdletName": "Set-Mailbox",
            "Parameters": {
                "Identity": "support@acme.com",
                "GrantSendOnBehalfTo": hashtable(add=["john@acme.com"]),
            },
        }
    }
    reply = graph.client.post(
        f"/adminapi/beta/{graph.state.tenant.id}/InvokeCommand",
        json=body,
        headers={"Authorization": f"Bearer {exo_token}"},
    )
    assert reply.status_code == 200, reply.text
    [record] = _records(graph, operationFilters=["Set-Mailbox"])
    assert (record["userId"], record["userType"]) == (FULL_APP_ID, "application")
    assert {"Name": "GrantSendOnBehalfTo", "Value": "@{add=john@acme.com}"} in record["auditData"][
        "Parameters"
    ]


def test_records_arrive_only_after_the_audit_lag(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    set_switch(graph.state, "audit_log_lag_seconds", 3600)
    outside_cmdlet(
        graph.state,
        "grace.hopper@acme.com",
        "Remove-DistributionGroupMember",
        Identity="all-sales@acme.com",
        Member="john@acme.com",
    )
    assert _records(graph, operationFilters=["Remove-DistributionGroupMember"]) == []
    later = state_module._clock() + 3601
    monkeypatch.setattr(state_module, "_clock", lambda: later)
    [record] = _records(graph, operationFilters=["Remove-DistributionGroupMember"])
    assert record["objectId"] == "all-sales@acme.com"


def test_a_query_runs_before_its_records_can_be_read(graph: Graph) -> None:
    set_switch(graph.state, "audit_query_seconds", 600)
    query_id = graph.call("POST", QUERIES, json=_window()).json()["id"]
    assert graph.get(f"{QUERIES}/{query_id}").json()["status"] == "running"
    early = graph.get(f"{QUERIES}/{query_id}/records")
    assert early.status_code == 400
    assert "has not completed" in early.json()["error"]["message"]


def test_without_an_audit_log_permission_the_query_is_refused(graph: Graph) -> None:
    reply = graph.call("POST", QUERIES, json=_window(), token=token_for(graph.state, READER_APP_ID))
    assert reply.status_code == 403
    assert reply.json()["error"]["code"] == "Authorization_RequestDenied"


def test_a_query_without_its_time_window_is_refused(graph: Graph) -> None:
    reply = graph.call("POST", QUERIES, json={"displayName": "no window"})
    assert reply.status_code == 400
    assert "filterStartDateTime" in reply.json()["error"]["message"]
