"""The Exchange admin API face: auth, tenant routing, parameter binding, paging, $select and $batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mailwarden.emulator import seed, tokens
from mailwarden.emulator.state import EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE, TenantState
from tests.emulator.exchange_tenant import Exo, app_with, detail_of

MORE = "There are more results available than are currently displayed."


@pytest.fixture
def exo() -> Exo:
    return Exo(TenantState(seed.acme()))


@pytest.fixture(scope="module")
def big() -> Exo:
    """A generated tenant of 2,500 extra users; tests on it only read."""
    return Exo(TenantState(seed.acme(users=2500)))


# ---- auth ----------------------------------------------------------------------------------------


def test_call_without_token_is_refused_with_401(exo: Exo) -> None:
    """No bearer token: 401 with a Bearer challenge, as Exchange Online answers."""
    response = exo.client.post(exo.url, json={"CmdletInput": {"CmdletName": "Get-Mailbox", "Parameters": {}}})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")


def test_graph_token_is_refused_with_401(exo: Exo) -> None:
    """A token for another resource (Graph) does not open the Exchange admin API."""
    graph_token = tokens.issue(exo.state, exo.app, tokens.GRAPH_AUDIENCE, "testserver")
    response = exo.client.post(
        exo.url,
        json={"CmdletInput": {"CmdletName": "Get-Mailbox"}},
        headers={"Authorization": f"Bearer {graph_token}"},
    )
    assert response.status_code == 401


def test_token_without_manage_as_app_is_refused_with_401() -> None:
    """An app with a directory role but no Exchange.ManageAsApp consent gets 401."""
    state = TenantState(seed.acme())
    exo = Exo(state, app_with(state, consent=False))
    assert exo.post("Get-Mailbox", {}).status_code == 401


def test_token_without_directory_role_is_refused_with_403() -> None:
    """Exchange.ManageAsApp without an Exchange role in wids gets 403 naming the cmdlet."""
    state = TenantState(seed.acme())
    exo = Exo(state, app_with(state, roles=()))
    response = exo.post("Get-Mailbox", {})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "User is not allowed to call Get-Mailbox"


def test_recipient_administrator_role_is_enough() -> None:
    """Exchange Recipient Administrator is one of the roles Exchange accepts for app-only calls."""
    state = TenantState(seed.acme())
    exo = Exo(state, app_with(state, roles=(EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE,)))
    assert exo.post("Get-AcceptedDomain", {}).status_code == 200


def test_unknown_cmdlet_is_refused_like_an_rbac_unlisted_cmdlet(exo: Exo) -> None:
    """A cmdlet the emulator does not run answers 403 'User is not allowed to call ...'."""
    response = exo.post("New-UnifiedGroup", {"DisplayName": "x"})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "User is not allowed to call New-UnifiedGroup"


# ---- tenant routing --------------------------------------------------------------------------------


def test_tenant_may_be_named_by_a_verified_domain(exo: Exo) -> None:
    """`{tenant}` accepts a verified domain as well as the tenant GUID."""
    response = exo.post("Get-AcceptedDomain", {}, url="/adminapi/beta/acme.com/InvokeCommand")
    assert response.status_code == 200


@pytest.mark.parametrize("tenant", ["newacme.com", "00000000-0000-0000-0000-000000000001", "contoso.com"])
def test_unknown_or_unverified_tenant_is_not_found(exo: Exo, tenant: str) -> None:
    """A tenant path that is neither this tenant's GUID nor a verified domain is 404."""
    response = exo.post("Get-AcceptedDomain", {}, url=f"/adminapi/beta/{tenant}/InvokeCommand")
    assert response.status_code == 404


# ---- parameter binding and error bodies --------------------------------------------------------------


def test_unknown_parameter_is_a_parameter_binding_error(exo: Exo) -> None:
    """A parameter the cmdlet lacks fails with PowerShell's ParameterBindingException sentence."""
    detail = exo.fail("Get-Mailbox", 400, Identity="support@acme.com", Colour="blue")
    assert detail == (
        "System.Management.Automation.ParameterBindingException|"
        "A parameter cannot be found that matches parameter name 'Colour'."
    )


def test_parameter_names_ignore_case_and_common_parameters_are_accepted(exo: Exo) -> None:
    """'identity' binds to Identity, and Confirm/ErrorAction are accepted everywhere."""
    body = exo.run("Get-Mailbox", identity="support@acme.com", Confirm=False, ErrorAction="Stop")
    assert body["value"][0]["PrimarySmtpAddress"] == "support@acme.com"


def test_bad_enum_value_lists_the_valid_values(exo: Exo) -> None:
    """A value outside an enum fails with 400 naming the valid values."""
    detail = exo.fail(
        "Add-MailboxPermission", 400, Identity="support", User="john@acme.com", AccessRights=["FullAccesss"]
    )
    assert "Unable to match the identifier name FullAccesss" in detail
    assert "ChangeOwner, ChangePermission, DeleteItem, ExternalAccount, FullAccess, ReadPermission" in detail


def test_not_found_body_has_exchange_shape(exo: Exo) -> None:
    """A missing object is 404 NotFound with 'Error executing cmdlet' and a detail naming its type."""
    response = exo.post("Get-Mailbox", {"Identity": "nobody@acme.com"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "NotFound"
    assert error["message"] == "Error executing cmdlet"
    exception_type, text = detail_of(response.json())
    assert exception_type == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException"
    assert text.startswith(
        "The operation couldn't be performed because object 'nobody@acme.com' couldn't be found"
    )


def test_body_without_cmdlet_input_is_a_bad_request(exo: Exo) -> None:
    """A body that is not {"CmdletInput": ...} is refused with 400."""
    response = exo.client.post(
        exo.url, json={"cmdlet": "Get-Mailbox"}, headers={"Authorization": f"Bearer {exo.token}"}
    )
    assert response.status_code == 400


# ---- paging -----------------------------------------------------------------------------------------


def _all_pages(
    exo: Exo, params: dict[str, Any], page_size: int, *, method: str
) -> list[list[dict[str, Any]]]:
    headers = {"Prefer": f"odata.maxpagesize={page_size}"}
    response = exo.post("Get-Mailbox", params, headers=headers)
    pages = []
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body["value"])
        link = body.get("@odata.nextLink")
        if not link:
            return pages
        parts = urlsplit(link)
        path = f"{parts.path}?{parts.query}"
        if method == "POST":
            response = exo.post("Get-Mailbox", params, url=path, headers=headers)
        else:
            response = exo.client.get(path, headers={"Authorization": f"Bearer {exo.token}", **headers})


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_nextlink_pages_through_every_mailbox(big: Exo, method: str) -> None:
    """Unlimited output comes in maxpagesize pages; the nextLink works re-POSTed and with GET."""
    pages = _all_pages(
        big, {"ResultSize": "Unlimited", "RecipientTypeDetails": "UserMailbox"}, 1000, method=method
    )
    users = [m for page in pages for m in page]
    expected = sum(1 for r in big.state.recipients.values() if r.kind == "UserMailbox")
    assert [len(p) for p in pages] == [1000, 1000, expected - 2000]
    assert len({m["ExternalDirectoryObjectId"] for m in users}) == expected


def test_maxpagesize_above_1000_gets_pages_of_1000(big: Exo) -> None:
    """`odata.maxpagesize` is a preference the server may lower (OData 4.01 Part 1 §8.2.8.3): asked for 5000,
    the admin API answers pages of 1000 (the page every client asks for, the module's DefaultPageSize) and
    says so in Preference-Applied; a client that read one page would miss the rest."""
    params = {"ResultSize": "Unlimited", "RecipientTypeDetails": "UserMailbox"}
    first = big.post("Get-Mailbox", params, headers={"Prefer": "odata.maxpagesize=5000"})
    assert first.status_code == 200, first.text
    assert len(first.json()["value"]) == 1000
    assert first.json()["@odata.nextLink"]
    assert first.headers["Preference-Applied"] == "odata.maxpagesize=1000"
    pages = _all_pages(big, params, 5000, method="POST")
    expected = sum(1 for r in big.state.recipients.values() if r.kind == "UserMailbox")
    assert [len(p) for p in pages] == [1000, 1000, expected - 2000]


def test_default_result_size_is_1000_with_exchange_warning(big: Exo) -> None:
    """Without ResultSize a big tenant returns 1000 mailboxes and Exchange's 'more results' warning."""
    body = big.run("Get-Mailbox")
    assert len(body["value"]) == 1000
    assert "@odata.nextLink" not in body
    assert body["@adminapi.warnings"][0].startswith(MORE)


def test_result_size_smaller_than_page_caps_output(big: Exo) -> None:
    """ResultSize 25 with pages of 10 gives pages of 10, 10, 5 and the warning."""
    pages = _all_pages(big, {"ResultSize": 25}, 10, method="POST")
    assert [len(p) for p in pages] == [10, 10, 5]


def test_result_size_must_be_a_number_or_unlimited(exo: Exo) -> None:
    """ResultSize 'lots' fails parameter binding."""
    exo.fail("Get-Mailbox", 400, ResultSize="lots")


# ---- $select ------------------------------------------------------------------------------------------


def test_select_returns_only_the_named_properties(exo: Exo) -> None:
    """?$select=Id,PrimarySMTPAddress keeps those properties (names matched without case)."""
    response = exo.post(
        "Get-Mailbox",
        {"RecipientTypeDetails": "SharedMailbox"},
        url=f"{exo.url}?$select=Id,PrimarySMTPAddress",
    )
    value = response.json()["value"]
    assert value
    assert all(set(m) == {"Id", "PrimarySmtpAddress"} for m in value)


# ---- $batch -------------------------------------------------------------------------------------------


def test_batch_runs_each_request_and_reports_each_status(exo: Exo) -> None:
    """$batch answers one response per request id, each with its own status and InvokeCommand body."""
    base = f"https://outlook.office365.com/adminapi/beta/{exo.state.tenant.id}/InvokeCommand"

    def request(rid: str, cmdlet: str, **params: Any) -> dict[str, Any]:
        return {
            "id": rid,
            "method": "POST",
            "url": base,
            "headers": {"Prefer": "odata.maxpagesize=1000"},
            "body": {"CmdletInput": {"CmdletName": cmdlet, "Parameters": params}},
        }

    response = exo.client.post(
        f"/adminapi/beta/{exo.state.tenant.id}/$batch",
        json={
            "requests": [
                request("1", "Get-MailboxPermission", Identity="support@acme.com"),
                request("2", "Get-Mailbox", Identity="nobody@acme.com"),
                request(
                    "3",
                    "Add-RecipientPermission",
                    Identity="sales@acme.com",
                    Trustee="alex.kim@acme.com",
                    AccessRights=["SendAs"],
                ),
            ]
        },
        headers={"Authorization": f"Bearer {exo.token}"},
    )
    assert response.status_code == 200
    by_id = {r["id"]: r for r in response.json()["responses"]}
    assert by_id["1"]["status"] == 200
    assert len(by_id["1"]["body"]["value"]) == 3
    assert by_id["2"]["status"] == 404
    assert by_id["3"]["status"] == 200
    assert exo.state.find("sales@acme.com").send_as[-1] == exo.state.find("alex.kim@acme.com").id  # type: ignore[union-attr]


def test_batch_without_token_is_refused(exo: Exo) -> None:
    """The batch itself needs a token."""
    response = exo.client.post(f"/adminapi/beta/{exo.state.tenant.id}/$batch", json={"requests": []})
    assert response.status_code == 401


def test_changes_persist_to_the_state_file(tmp_path: Path) -> None:
    """A cmdlet's change is saved with the tenant, so another process serving the folder sees it."""
    path = tmp_path / "tenant.json"
    exo = Exo(TenantState.load_or_create(path, seed.acme))
    exo.run("Add-DistributionGroupMember", Identity="marketing", Member="emma.wilson@acme.com")
    reloaded = TenantState.load_or_create(path, seed.acme)
    marketing = reloaded.find("marketing@acme.com")
    assert marketing is not None
    assert reloaded.find("emma.wilson@acme.com").id in marketing.members  # type: ignore[union-attr]
