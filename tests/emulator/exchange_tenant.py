"""An in-process Exchange admin API client over the emulator, for the test_exchange_*.py files.

`Exo(state)` serves a fresh emulator app with starlette's TestClient and holds an app-only token with
Exchange.ManageAsApp and the Exchange Administrator role; `exo.run(cmdlet, **params)` posts InvokeCommand.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import httpx

from mailwarden.emulator import tokens
from mailwarden.emulator.app import create_emulator_app
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_APP_ID,
    EXCHANGE_MANAGE_AS_APP_ROLE,
    Application,
    TenantState,
)

with warnings.catch_warnings():
    # starlette asks for httpx2 at import; the test client works the same with httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

APP_ID = "5e1c7a0d-7c1e-4a57-9f6b-2f4a8d1e0c01"


def app_with(
    state: TenantState,
    *,
    consent: bool = True,
    roles: tuple[str, ...] = (EXCHANGE_ADMIN_ROLE_TEMPLATE,),
    app_id: str = APP_ID,
) -> Application:
    app = Application(
        app_id=app_id,
        display_name="mailwarden tests",
        app_role_assignments=[(EXCHANGE_APP_ID, EXCHANGE_MANAGE_AS_APP_ROLE)] if consent else [],
        directory_roles=list(roles),
    )
    state.data.applications[app.app_id] = app
    return app


class Exo:
    def __init__(self, state: TenantState, app: Application | None = None) -> None:
        self.state = state
        self.app = app or app_with(state)
        self.token = tokens.issue(state, self.app, tokens.EXCHANGE_AUDIENCE, "testserver")
        self.client = TestClient(create_emulator_app(state))
        self.url = f"/adminapi/beta/{state.tenant.id}/InvokeCommand"

    def post(
        self,
        cmdlet: str,
        params: dict[str, Any],
        *,
        url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        response: httpx.Response = self.client.post(
            url or self.url,
            json={"CmdletInput": {"CmdletName": cmdlet, "Parameters": params}},
            headers={"Authorization": f"Bearer {self.token}", **(headers or {})},
        )
        return response

    def run(self, cmdlet: str, **params: Any) -> dict[str, Any]:
        """The JSON body of a call expected to succeed."""
        response = self.post(cmdlet, params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def fail(self, cmdlet: str, status: int, **params: Any) -> str:
        """`<exception type>|<text>` of a call expected to fail with `status`."""
        response = self.post(cmdlet, params)
        assert response.status_code == status, response.text
        exception_type, text = detail_of(response.json())
        return f"{exception_type}|{text}"


def detail_of(body: dict[str, Any]) -> tuple[str, str]:
    """(exception type, text) of an Exchange error body, in any of the shapes the emulator sends.

    `<Ex-id>|<type>|<text>`, or JSON naming the type as `TypeName` or `ClassName` (see emulator errors).
    """
    detail: str = body["error"]["details"][0]["message"]
    if detail.startswith("{"):
        parsed = json.loads(detail)
        return parsed.get("TypeName") or parsed["ClassName"], parsed["Message"]
    string_id, exception_type, text = detail.split("|", 2)
    assert string_id.startswith("Ex")
    assert len(string_id) == 8
    return exception_type, text


def hashtable(**edits: Any) -> dict[str, Any]:
    return {"@odata.type": "#Exchange.GenericHashTable", **edits}
