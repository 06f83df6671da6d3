"""The `replication_lag_seconds` switch: writes reach Graph and Exchange reads only N seconds later.

Entra and Exchange's directory replicate: a read right after a write may still show the old object
(Microsoft documents it for group membership especially). Writes always meet the latest state, so a
second write of the same thing is refused as a duplicate even while reads do not show the first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mailwarden.emulator import seed
from mailwarden.emulator import state as state_module
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import UnknownSwitch, parse_switch, set_switch
from tests.emulator.exchange_tenant import Exo
from tests.emulator.test_graph import (
    ALEX,
    ALREADY_MEMBER,
    FULL_APP_ID,
    PHOENIX,
    SARAH,
    Graph,
    error_of,
    graph_over,
    make_tenant,
)

LAG = 5


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(state_module, "_clock", c)
    return c


@pytest.fixture
def graph(clock: Clock) -> Graph:
    state = make_tenant(users=0)
    set_switch(state, "replication_lag_seconds", LAG)
    return graph_over(state)


@pytest.fixture
def exo(clock: Clock) -> Exo:
    state = TenantState(seed.acme())
    exo = Exo(state)
    set_switch(state, "replication_lag_seconds", LAG)
    return exo


def _members(graph: Graph, group_id: str) -> set[str]:
    response = graph.get(f"/groups/{group_id}/members")
    assert response.status_code == 200, response.text
    return {m["id"] for m in response.json()["value"]}


def _add(graph: Graph, group_id: str, member_id: str) -> Any:
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{member_id}"}
    return graph.call("POST", f"/groups/{group_id}/members/$ref", json=ref)


def test_switch_is_parsed_and_refuses_bad_values() -> None:
    assert parse_switch("replication_lag_seconds=4") == ("replication_lag_seconds", 4)
    with pytest.raises(UnknownSwitch, match="number of seconds"):
        parse_switch("replication_lag_seconds=soon")


def test_graph_member_add_is_visible_only_after_the_lag(graph: Graph, clock: Clock) -> None:
    """The add answers 204 at once; members lists without Sarah until LAG seconds have passed."""
    assert _add(graph, PHOENIX, SARAH).status_code == 204
    assert SARAH in graph.recipient(PHOENIX).members  # the write itself landed
    assert SARAH not in _members(graph, PHOENIX)
    assert SARAH not in {g["id"] for g in graph.get(f"/users/{SARAH}/memberOf").json()["value"]}
    clock.now += LAG - 0.5
    assert SARAH not in _members(graph, PHOENIX)
    clock.now += 1
    assert SARAH in _members(graph, PHOENIX)


def test_a_second_graph_write_meets_the_first_while_reads_lag(graph: Graph) -> None:
    """Writes see the latest state: the repeated add is Graph's 'already exist', though reads lag."""
    assert _add(graph, PHOENIX, SARAH).status_code == 204
    again = _add(graph, PHOENIX, SARAH)
    assert again.status_code == 400
    assert error_of(again)["message"] == ALREADY_MEMBER
    assert SARAH not in _members(graph, PHOENIX)


def test_graph_batch_reads_lag_too(graph: Graph) -> None:
    assert _add(graph, PHOENIX, SARAH).status_code == 204
    body = {"requests": [{"id": "1", "method": "GET", "url": f"/groups/{PHOENIX}/members"}]}
    response = graph.call("POST", "/$batch", json=body)
    assert response.status_code == 200, response.text
    (sub,) = response.json()["responses"]
    assert SARAH not in {m["id"] for m in sub["body"]["value"]}


def test_calendar_permission_lags_and_each_object_shows_its_version_before_the_earliest_new_write(
    graph: Graph, clock: Clock
) -> None:
    """A grant, then a change of role 3 s later: at +4 s reads show neither; at +6 s the grant at its
    first role; at +9 s the changed role."""
    path = f"/users/{SARAH}/calendar/calendarPermissions"
    grant = {"emailAddress": {"address": "alex.kim@acme.com"}, "role": "read"}
    created = graph.call("POST", path, json=grant)
    assert created.status_code == 200, created.text
    perm_id = created.json()["id"]
    clock.now += 3
    assert graph.call("PATCH", f"{path}/{perm_id}", json={"role": "write"}).status_code == 200

    def roles() -> list[str]:
        value = graph.get(path).json()["value"]
        return [p["role"] for p in value if p["emailAddress"].get("address") == "alex.kim@acme.com"]

    clock.now += 1
    assert roles() == []
    assert graph.get(f"{path}/{perm_id}").status_code == 404
    clock.now += 2
    assert roles() == ["read"]
    clock.now += 3
    assert roles() == ["write"]
    assert ALEX in {e.user for e in graph.recipient(SARAH).calendar}


def test_role_assignments_lag(graph: Graph, clock: Clock) -> None:
    """A directory role assigned to the app shows in roleAssignments only after the lag."""
    app = graph.state.data.applications[FULL_APP_ID]
    path = f"/roleManagement/directory/roleAssignments?$filter=principalId eq '{app.sp_id}'"
    held = {a["roleDefinitionId"] for a in graph.get(path).json()["value"]}
    new_role = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"
    with graph.state.transaction():
        app.directory_roles.append(new_role)
        graph.state.mark_dirty()
    assert {a["roleDefinitionId"] for a in graph.get(path).json()["value"]} == held
    clock.now += LAG + 1
    assert {a["roleDefinitionId"] for a in graph.get(path).json()["value"]} == held | {new_role}


def test_exchange_member_add_lags_and_a_repeat_is_already_a_member(exo: Exo, clock: Clock) -> None:
    exo.run("Add-DistributionGroupMember", Identity="marketing@acme.com", Member="emma.wilson@acme.com")

    def names() -> list[str]:
        value = exo.run("Get-DistributionGroupMember", Identity="marketing@acme.com")["value"]
        return [m["PrimarySmtpAddress"] for m in value]

    assert "emma.wilson@acme.com" not in names()
    again = exo.fail(
        "Add-DistributionGroupMember", 400, Identity="marketing@acme.com", Member="emma.wilson@acme.com"
    )
    assert "MemberAlreadyExistsException" in again
    clock.now += LAG + 1
    assert "emma.wilson@acme.com" in names()


def test_exchange_new_list_is_not_found_until_replicated_but_cannot_be_created_twice(
    exo: Exo, clock: Clock
) -> None:
    params = {"Name": "lag-test", "Alias": "lag-test", "PrimarySmtpAddress": "lag-test@acme.com"}
    exo.run("New-DistributionGroup", **params)
    exo.fail("Get-DistributionGroup", 404, Identity="lag-test@acme.com")
    assert "already" in exo.fail("New-DistributionGroup", 400, **params).lower()
    clock.now += LAG + 1
    assert exo.run("Get-DistributionGroup", Identity="lag-test@acme.com")["value"]


def test_exchange_removal_lags(exo: Exo, clock: Clock) -> None:
    """A removed permission still shows to Get-MailboxPermission until the lag has passed."""
    exo.run(
        "Add-MailboxPermission",
        Identity="support@acme.com",
        User="alex.kim@acme.com",
        AccessRights=["FullAccess"],
    )
    clock.now += LAG + 1
    exo.run(
        "Remove-MailboxPermission",
        Identity="support@acme.com",
        User="alex.kim@acme.com",
        AccessRights=["FullAccess"],
    )

    def trustees() -> list[str]:
        return [p["User"] for p in exo.run("Get-MailboxPermission", Identity="support@acme.com")["value"]]

    assert any("alex" in t.lower() for t in trustees())
    clock.now += LAG + 1
    assert not any("alex" in t.lower() for t in trustees())


def test_no_lag_costs_nothing_and_switching_it_off_shows_everything(exo: Exo) -> None:
    exo.run("Add-DistributionGroupMember", Identity="marketing@acme.com", Member="emma.wilson@acme.com")
    assert exo.state.lagged() is not exo.state
    set_switch(exo.state, "replication_lag_seconds", 0)
    assert exo.state.lagged() is exo.state
    assert exo.state.data.pending_writes == []
    plain = TenantState(seed.acme())
    with plain.transaction():
        plain.data.applications.clear()
        plain.mark_dirty()
    assert plain.lagged() is plain
    assert plain.data.pending_writes == []


def test_lag_survives_a_reload_from_disk(tmp_path: Path, clock: Clock) -> None:
    """Another process serving the same folder sees the same pending writes."""
    path = tmp_path / "tenant.json"
    first = TenantState.load_or_create(path, seed.acme)
    set_switch(first, "replication_lag_seconds", LAG)
    with first.transaction():
        group = first.find("marketing@acme.com")
        emma = first.find("emma.wilson@acme.com")
        assert group is not None
        assert emma is not None
        group.members.append(emma.id)
        first.mark_dirty()
    second = TenantState.load_or_create(path, seed.acme)
    seen = second.lagged().find("marketing@acme.com")
    assert seen is not None
    assert emma.id not in seen.members
    clock.now += LAG + 1
    assert second.lagged() is second
