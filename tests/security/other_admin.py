"""Another admin of the tenant, changing it behind mailwarden's back through Graph and the Exchange admin
API — the emulator's own routes and wire formats, with a tool of its own that holds the permissions
mailwarden never asks for (role management, user writes)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import httpx

from mailwarden.emulator import tokens
from mailwarden.emulator.app import create_emulator_app
from mailwarden.emulator.serve import open_state
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_APP_ID,
    EXCHANGE_MANAGE_AS_APP_ROLE,
    GRAPH_ADMIN_APP_ROLES,
    GRAPH_APP_ID,
    GRAPH_APP_ROLES,
    Application,
    TenantState,
)
from tests.conftest import settle

with warnings.catch_warnings():
    # starlette asks for httpx2 at import; its test client works the same with httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TOOL_APP_ID = "0a0d0a0d-1111-4222-8333-944455556666"
ASSIGNMENTS = "/roleManagement/directory/roleAssignments"


class OtherAdmin:
    """Makes the writes another admin would make, each asserted to succeed on the wire.

    `settled`: each write is one the tenant's reads show already when mailwarden next looks (a change made
    well before), so a test under --replication-lag starts from the state it describes; without it the
    writes lag as any other, for a test of what mailwarden does inside the lag."""

    def __init__(self, state: TenantState, *, settled: bool = False) -> None:
        self.state = state
        self.settled = settled
        with state.transaction():
            app = state.data.applications.get(TOOL_APP_ID)
            if app is None:
                roles = [*GRAPH_ADMIN_APP_ROLES.values(), *GRAPH_APP_ROLES.values()]
                app = Application(
                    app_id=TOOL_APP_ID,
                    display_name="another admin's tool",
                    app_role_assignments=[(GRAPH_APP_ID, r) for r in roles]
                    + [(EXCHANGE_APP_ID, EXCHANGE_MANAGE_AS_APP_ROLE)],
                    directory_roles=[EXCHANGE_ADMIN_ROLE_TEMPLATE],
                )
                state.data.applications[TOOL_APP_ID] = app
                state.mark_dirty()
        self._graph_token = tokens.issue(state, app, tokens.GRAPH_AUDIENCE, "testserver")
        self._exchange_token = tokens.issue(state, app, tokens.EXCHANGE_AUDIENCE, "testserver")
        self.client = TestClient(create_emulator_app(state))

    @classmethod
    def of_demo(cls, home: Path) -> OtherAdmin:
        """Another admin of the demo tenant whose data folder is `home` (what the CLI commands serve)."""
        return cls(open_state(home / "emulator"))

    def _written(self) -> None:
        if self.settled:
            settle(self.state)

    def id_of(self, address: str) -> str:
        with self.state.transaction():
            found = self.state.by_address(address)
        assert found is not None, address
        return found.id

    # ---- Graph ---------------------------------------------------------------------------------
    def graph(self, method: str, path: str, json: Any = None, expect: int = 204) -> httpx.Response:
        response = self.client.request(
            method, f"/v1.0{path}", json=json, headers={"Authorization": f"Bearer {self._graph_token}"}
        )
        assert response.status_code == expect, response.text
        if method != "GET":
            self._written()
        return response

    def remove_role(self, address: str, role: str = EXCHANGE_ADMIN_ROLE_TEMPLATE) -> None:
        """Delete the person's role assignment, found by listing them as Graph does."""
        principal = self.id_of(address)
        query = f"?$filter=principalId eq '{principal}'"
        held = self.graph("GET", ASSIGNMENTS + query, expect=200).json()["value"]
        (assignment,) = [a for a in held if a["roleDefinitionId"] == role]
        self.graph("DELETE", f"{ASSIGNMENTS}/{assignment['id']}")

    def add_role(self, address: str, role: str = EXCHANGE_ADMIN_ROLE_TEMPLATE) -> None:
        body = {"principalId": self.id_of(address), "roleDefinitionId": role, "directoryScopeId": "/"}
        self.graph("POST", ASSIGNMENTS, body, expect=201)

    def set_enabled(self, address: str, enabled: bool) -> None:
        self.graph("PATCH", f"/users/{self.id_of(address)}", {"accountEnabled": enabled})

    def add_owner(self, group: str, owner: str) -> None:
        ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{self.id_of(owner)}"}
        self.graph("POST", f"/groups/{self.id_of(group)}/owners/$ref", ref)

    def remove_owner(self, group: str, owner: str) -> None:
        self.graph("DELETE", f"/groups/{self.id_of(group)}/owners/{self.id_of(owner)}/$ref")

    def set_visibility(self, group: str, visibility: str) -> None:
        self.graph("PATCH", f"/groups/{self.id_of(group)}", {"visibility": visibility})

    # ---- Exchange ------------------------------------------------------------------------------
    def exchange(self, cmdlet: str, **parameters: Any) -> dict[str, Any]:
        response = self.client.post(
            f"/adminapi/beta/{self.state.tenant.id}/InvokeCommand",
            json={"CmdletInput": {"CmdletName": cmdlet, "Parameters": parameters}},
            headers={"Authorization": f"Bearer {self._exchange_token}"},
        )
        assert response.status_code == 200, response.text
        if not cmdlet.startswith("Get-"):
            self._written()
        body: dict[str, Any] = response.json()
        return body

    def set_join_restriction(self, group: str, restriction: str) -> None:
        self.exchange("Set-DistributionGroup", Identity=group, MemberJoinRestriction=restriction)
