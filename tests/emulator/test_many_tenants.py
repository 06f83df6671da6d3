"""One emulator, many tenants (`mailwarden emulator --tenants N`): each generated the same way every time,
each with its own credentials, and a token of one tenant never reaching another's data."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from typer.testing import CliRunner

from mailwarden.cli.main import app as cli_app
from mailwarden.emulator import seed, tokens
from mailwarden.emulator.app import create_emulator_app
from mailwarden.emulator.credentials import ensure_demo_app
from mailwarden.emulator.fleet import FleetTenant, fleet_entry, generated_tenant, open_fleet
from mailwarden.emulator.state import TenantState

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
EXCHANGE_SCOPE = "https://outlook.office365.com/.default"


@dataclass
class Fleet:
    client: TestClient
    tenants: list[FleetTenant]

    def token(self, tenant: FleetTenant, scope: str, *, at: FleetTenant | None = None) -> str:
        answer = self.client.post(
            f"/{(at or tenant).tenant_domain}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": tenant.client_id,
                "client_secret": tenant.client_secret,
                "scope": scope,
            },
        )
        assert answer.status_code == 200, answer.text
        token: str = answer.json()["access_token"]
        return token


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    folder = tmp_path_factory.mktemp("fleet")
    acme = TenantState(seed.acme())
    with acme.transaction():
        tokens.ensure_signing_key(acme)
    ensure_demo_app(acme, folder)
    others = open_fleet(folder, 3, 30, acme.data.signing_key_pem)
    entries = [fleet_entry(i, s) for i, s in enumerate([acme, *others])]
    return Fleet(TestClient(create_emulator_app(acme, None, others)), entries)


def test_a_generated_tenant_is_the_same_every_time_and_unlike_any_other() -> None:
    first, again, other = generated_tenant(7, 40), generated_tenant(7, 40), generated_tenant(8, 40)
    # Only the creation stamps and the change log's random epoch are of the moment.
    moment = {"change_log": True, "recipients": {"__all__": {"created"}}}
    assert first.model_dump(exclude=moment) == again.model_dump(exclude=moment)
    assert first.tenant.id != other.tenant.id
    assert not set(first.recipients) & set(other.recipients)  # object ids are unique across Entra ID
    assert len([r for r in first.recipients.values() if r.kind in ("UserMailbox", "SharedMailbox")]) == 40
    assert len(first.user_directory_roles) == 2  # two admins: four eyes are possible


def test_tenant_zero_stays_the_acme_demo(fleet: Fleet) -> None:
    acme = fleet.tenants[0]
    assert acme.tenant_domain == "acme.com"
    users = fleet.client.get(
        "/v1.0/users?$select=userPrincipalName&$top=999",
        headers={"Authorization": f"Bearer {fleet.token(acme, GRAPH_SCOPE)}"},
    ).json()["value"]
    assert "grace.hopper@acme.com" in {u["userPrincipalName"] for u in users}


def test_each_tenant_has_its_own_credentials_and_sees_only_its_own_people(fleet: Fleet) -> None:
    seen: list[set[str]] = []
    for tenant in fleet.tenants[1:]:
        token = fleet.token(tenant, GRAPH_SCOPE)
        assert jwt.decode(token, options={"verify_signature": False})["tid"] == tenant.tenant_id
        answer = fleet.client.get(
            "/v1.0/users?$select=userPrincipalName&$top=999", headers={"Authorization": f"Bearer {token}"}
        )
        names = {u["userPrincipalName"] for u in answer.json()["value"]}
        assert names
        assert all(n.endswith("@" + tenant.tenant_domain) for n in names)
        seen.append(names)
    assert not seen[0] & seen[1]
    assert len({t.client_id for t in fleet.tenants}) == len({t.client_secret for t in fleet.tenants}) == 3


def test_one_tenants_app_is_unknown_in_another(fleet: Fleet) -> None:
    a, b = fleet.tenants[1], fleet.tenants[2]
    answer = fleet.client.post(
        f"/{b.tenant_id}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": a.client_id,
            "client_secret": a.client_secret,
            "scope": GRAPH_SCOPE,
        },
    )
    assert answer.status_code == 400
    assert "AADSTS700016" in answer.json()["error_description"]


def test_a_token_of_tenant_a_is_refused_on_tenant_bs_data(fleet: Fleet) -> None:
    a, b = fleet.tenants[1], fleet.tenants[2]
    exchange = fleet.token(a, EXCHANGE_SCOPE)
    body = {"CmdletInput": {"CmdletName": "Get-Mailbox", "Parameters": {"ResultSize": 1}}}
    headers = {"Authorization": f"Bearer {exchange}"}
    assert (
        fleet.client.post(
            f"/adminapi/beta/{a.tenant_id}/InvokeCommand", json=body, headers=headers
        ).status_code
        == 200
    )
    for name in (b.tenant_id, b.tenant_domain):
        refused = fleet.client.post(f"/adminapi/beta/{name}/InvokeCommand", json=body, headers=headers)
        assert refused.status_code == 401
        batch = {
            "requests": [
                {"id": "1", "method": "POST", "url": f"/adminapi/beta/{name}/InvokeCommand", "body": body}
            ]
        }
        assert (
            fleet.client.post(f"/adminapi/beta/{name}/$batch", json=batch, headers=headers).status_code == 401
        )
    # Graph names no tenant in the path: a token reaches its own tenant only, even asking for B's objects.
    graph = {"Authorization": f"Bearer {fleet.token(a, GRAPH_SCOPE)}"}
    b_user = fleet.client.get(
        "/v1.0/users?$top=1&$select=id", headers={"Authorization": f"Bearer {fleet.token(b, GRAPH_SCOPE)}"}
    ).json()["value"][0]["id"]
    assert fleet.client.get(f"/v1.0/users/{b_user}", headers=graph).status_code == 404


def test_a_forged_tid_is_refused(fleet: Fleet) -> None:
    """A token whose `tid` was changed to another tenant's fails its signature there."""
    a, b = fleet.tenants[1], fleet.tenants[2]
    claims = jwt.decode(fleet.token(a, GRAPH_SCOPE), options={"verify_signature": False})
    own_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({**claims, "tid": b.tenant_id}, own_key, algorithm="RS256", headers={"kid": "x"})
    answer = fleet.client.get("/v1.0/users?$top=1", headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401


def test_the_command_refuses_a_tenant_count_out_of_range(tmp_path: Path) -> None:
    for bad in ("0", "1001"):
        result = CliRunner().invoke(cli_app, ["emulator", "--tenants", bad, "--state", str(tmp_path)])
        assert result.exit_code == 2
        assert "invalid --tenants" in result.output


def test_the_fleet_file_is_private_and_lists_every_tenant(tmp_path: Path) -> None:
    from mailwarden.emulator.serve import running_emulator

    with running_emulator(tmp_path, tenants=3, mailboxes=10) as em:
        assert em.fleet_file is not None
        listed = json.loads(em.fleet_file.read_text())["tenants"]
        assert listed[0]["tenant_id"] == em.tenant_id
        assert len({t["tenant_id"] for t in listed}) == 3
        assert em.fleet_file.stat().st_mode & 0o077 == 0
        assert "client_secret" not in json.dumps({k: v for k, v in em.info().items() if k != "client_secret"})


def test_each_generated_tenant_connects_with_its_own_certificate(tmp_path: Path) -> None:
    """The credential Microsoft recommends for an app, per tenant: the product's own connection code reads
    each tenant's organisation with that tenant's certificate; another tenant's certificate is refused."""
    import anyio

    from mailwarden.connectors.connection import CertificateCredential, TenantConnection, open_tenant
    from mailwarden.connectors.endpoints import emulator as emulator_endpoints
    from mailwarden.emulator.serve import running_emulator
    from mailwarden.errors import MailwardenError

    with running_emulator(tmp_path, tenants=3, mailboxes=10) as em:
        assert em.fleet_file is not None
        listed = json.loads(em.fleet_file.read_text())["tenants"]
        files = [t["certificate_file"] for t in listed]
        assert all(files)
        assert len(set(files)) == 3
        assert all(Path(f).stat().st_mode & 0o077 == 0 for f in files)

        async def organisation(tenant: dict[str, str], certificate_file: str) -> str:
            connection = TenantConnection(
                endpoints=emulator_endpoints(em.url, em.signin_url),
                tenant_id=tenant["tenant_id"],
                client_id=tenant["client_id"],
                credential=CertificateCredential.from_file(certificate_file),
                ca_file=em.ca_file,
            )
            async with open_tenant(connection) as clients:
                org = await clients.graph.get_json("/organization")
            return str(org["value"][0]["id"])

        for tenant in listed[1:]:
            assert anyio.run(organisation, tenant, tenant["certificate_file"]) == tenant["tenant_id"]
        with pytest.raises(MailwardenError):
            anyio.run(organisation, listed[1], listed[2]["certificate_file"])


def test_a_person_of_a_generated_tenant_signs_in_with_a_device_code(fleet: Fleet) -> None:
    """The device-code page names no tenant in its URL (microsoft.com/devicelogin): the code does. The page
    offers that tenant's people, and only that tenant's token endpoint redeems the code."""
    import re

    acme, other = fleet.tenants[0], fleet.tenants[1]
    asked = fleet.client.post(
        f"/{other.tenant_domain}/oauth2/v2.0/devicecode",
        data={"client_id": other.client_id, "scope": "openid profile User.Read"},
    )
    assert asked.status_code == 200, asked.text
    code = asked.json()
    page = fleet.client.post("/devicelogin", data={"otc": code["user_code"]})
    assert page.status_code == 200, page.text
    people = re.findall(r"name='login_hint' value='([^']+)'", page.text)
    assert people
    own = {r.id for r in fleet.client.app.state.tenants.by_id(other.tenant_id).recipients.values()}
    assert set(people) <= own  # the generated tenant's people, none of Acme's
    chosen = fleet.client.post(
        "/devicelogin/confirm", data={"otc": code["user_code"], "login_hint": people[0]}
    )
    assert chosen.status_code == 200, chosen.text
    grant = {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "client_id": other.client_id,
        "device_code": code["device_code"],
    }
    elsewhere = fleet.client.post(f"/{acme.tenant_domain}/oauth2/v2.0/token", data=grant)
    assert elsewhere.status_code == 400
    token = fleet.client.post(f"/{other.tenant_domain}/oauth2/v2.0/token", data=grant)
    assert token.status_code == 200, token.text
    claims = jwt.decode(token.json()["access_token"], options={"verify_signature": False})
    assert claims["tid"] == other.tenant_id
    assert claims["oid"] == people[0]
