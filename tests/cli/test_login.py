"""`mailwarden login | whoami | logout` against a connected (non-demo) tenant served by the emulator.

The operator signs in with the OAuth 2.0 device authorization grant: the test reads the code `login`
prints and enters it on the emulator's verification page over HTTPS, as a person would in a browser.
"""

from __future__ import annotations

import json
import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import msal
import pytest

from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.signin import SignInClient, SignInFailed, SignInTarget
from mailwarden.emulator import login as emulator_login
from mailwarden.emulator.seed import contoso
from mailwarden.emulator.serve import TENANT_FILE
from mailwarden.emulator.state import TenantState
from mailwarden.tenants.credentials import Keyring
from mailwarden.tenants.signin import cache_path
from mailwarden.testing import RunningEmulator, running_emulator
from tests.cli.conftest import Cli
from tests.cli.signin import login, quick_polling

NOT_SIGNED_IN = "not signed in to contoso: run mailwarden login --tenant contoso"


@pytest.fixture(scope="module")
def contoso_em(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    """Contoso served by its own emulator; its app allows public client flows (the operators' sign-in)."""
    state_dir = tmp_path_factory.mktemp("contoso-signin")
    TenantState.load_or_create(state_dir / TENANT_FILE, contoso)
    with running_emulator(state_dir) as em:
        quick_polling(em)
        yield em


@pytest.fixture
def contoso_state(contoso_em: RunningEmulator) -> Iterator[TenantState]:
    with contoso_em.state.snapshot():
        yield contoso_em.state


@pytest.fixture
def connected(cli: Cli, contoso_em: RunningEmulator, contoso_state: TenantState, tmp_path: Path) -> Cli:
    """A home with Contoso connected (checked and discovered); nobody signed in yet."""
    connect(cli, contoso_em, tmp_path)
    return cli


def connect(cli: Cli, em: RunningEmulator, folder: Path, key: str = "contoso") -> None:
    secret = folder / f"{key}.secret"
    secret.write_text(em.client_secret)
    code, _, err = cli(
        "tenant", "add", key, "--cloud", "emulator", "--url", em.url, "--ca-file", str(em.ca_file),
        "--tenant-id", em.tenant_id, "--client-id", em.client_id, "--client-secret-file", str(secret),
    )  # fmt: skip
    assert code == 0, err


def oid(em: RunningEmulator, address: str) -> str:
    found = em.state.by_address(address)
    assert found is not None
    return found.id


def sealed_cache(home: Path) -> dict[str, Any]:
    """The operator's token cache as msal wrote it, opened with the installation's key."""
    plain = Keyring.for_home(home).decrypt(cache_path(home, "contoso").read_bytes())
    assert plain is not None
    body: dict[str, Any] = json.loads(plain)
    return body


def reseal_cache(home: Path, body: dict[str, Any]) -> None:
    cache_path(home, "contoso").write_bytes(Keyring.for_home(home).encrypt(json.dumps(body).encode()))


def expire_access_tokens(home: Path) -> None:
    """An hour passes: every access token in the cache is past its end."""
    body = sealed_cache(home)
    past = str(int(time.time()) - 60)
    for entry in body.get("AccessToken", {}).values():
        entry["expires_on"] = past
        entry["extended_expires_on"] = past
        entry.pop("refresh_on", None)
    reseal_cache(home, body)


def test_login_by_device_code_then_whoami_and_logout(connected: Cli, contoso_em: RunningEmulator) -> None:
    """Sign in on the verification page as Chen; whoami names Chen by object id; logout forgets it."""
    cli = connected
    code, _, err = cli("whoami", "--tenant", "contoso")
    assert code == 1
    assert NOT_SIGNED_IN in err

    code, out, err = login(cli.home, contoso_em, "contoso", "chen@contoso.com")
    assert code == 0, err
    assert "enter the code" in err
    assert "Chen Wei" in out
    assert "chen@contoso.com" in out

    me = cli.json("whoami", "--tenant", "contoso")
    assert me == {
        "tenant": "contoso",
        "name": "Chen Wei",
        "address": "chen@contoso.com",
        "username": "chen@contoso.com",
        "oid": oid(contoso_em, "chen@contoso.com"),
        "tid": contoso_em.tenant_id,
        "in_directory": True,
    }

    code, out, _ = cli("logout", "--tenant", "contoso")
    assert code == 0
    assert "Signed out of contoso" in out
    assert not cache_path(cli.home, "contoso").exists()
    for command in (("whoami",), ("view", "shared-mailboxes"), ("requests", "list")):
        code, _, err = cli(*command, "--tenant", "contoso")
        assert code == 1, command
        assert NOT_SIGNED_IN in err


def test_a_sign_in_within_the_same_second_replaces_whoever_was_signed_in(
    connected: Cli, contoso_em: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chen signs in, then Ada within the same second: Ada is signed in, and Chen's tokens are gone.

    An id token's `iat` counts whole seconds, so "the newest id token in the cache" ties and used to pick
    Chen, the one cached first (the CLI then acted as Chen after Ada's login, now and then under load).
    The identity platform's clock stands still here so that the tie happens every time."""
    second = float(int(time.time()))
    monkeypatch.setattr(emulator_login, "time", SimpleNamespace(time=lambda: second))
    assert login(connected.home, contoso_em, "contoso", "chen@contoso.com")[0] == 0
    code, out, err = login(connected.home, contoso_em, "contoso", "ada@contoso.com")
    assert code == 0, err
    assert "Ada Lovelace" in out
    assert "Chen" not in out

    me = connected.json("whoami", "--tenant", "contoso")
    assert me["address"] == "ada@contoso.com"
    assert me["oid"] == oid(contoso_em, "ada@contoso.com")
    body = sealed_cache(connected.home)
    ada = f"{oid(contoso_em, 'ada@contoso.com')}.{contoso_em.tenant_id}"
    for kind in ("Account", "IdToken", "AccessToken", "RefreshToken"):
        assert {entry["home_account_id"] for entry in body[kind].values()} == {ada}, kind


def test_the_token_cache_is_sealed_and_private(connected: Cli, contoso_em: RunningEmulator) -> None:
    """The cache file is readable by its owner only and shows no token, name or address in clear."""
    code, _, err = login(connected.home, contoso_em, "contoso", "dana@contoso.com")
    assert code == 0, err
    path = cache_path(connected.home, "contoso")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    raw = path.read_bytes()
    # Ciphertext is base64, so a short word like "eyJ" turns up in it by chance now and then;
    # what must never be there is any whole value the cache holds, which is dozens of characters.
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)
    body = sealed_cache(connected.home)
    assert body["RefreshToken"]
    assert body["IdToken"]
    secrets = [
        entry["secret"]
        for kind in ("AccessToken", "RefreshToken", "IdToken")
        for entry in body[kind].values()
    ]
    for clear in [*secrets, "dana@contoso.com"]:
        assert clear.encode() not in raw


def test_an_expired_access_token_is_refreshed(
    connected: Cli, contoso_em: RunningEmulator, contoso_state: TenantState
) -> None:
    """After the access token's end, the next command gets new tokens with the refresh token."""
    code, _, err = login(connected.home, contoso_em, "contoso", "chen@contoso.com")
    assert code == 0, err
    before = sealed_cache(connected.home)
    expire_access_tokens(connected.home)
    refreshes = len([e for e in contoso_state.data.journal if e.detail.get("grant") == "refresh_token"])

    me = connected.json("whoami", "--tenant", "contoso")
    assert me["address"] == "chen@contoso.com"
    after = sealed_cache(connected.home)
    assert [e for e in contoso_state.data.journal if e.detail.get("grant") == "refresh_token"][refreshes:]
    fresh = [int(e["expires_on"]) for e in after["AccessToken"].values()]
    assert fresh
    assert min(fresh) > time.time() + 600
    assert after["IdToken"] != before["IdToken"]


def test_a_disabled_person_is_signed_out_at_the_next_refresh(
    connected: Cli, contoso_em: RunningEmulator, contoso_state: TenantState
) -> None:
    """An admin disables Chen after he signed in: once his access token ends, nothing acts as him."""
    code, _, err = login(connected.home, contoso_em, "contoso", "chen@contoso.com")
    assert code == 0, err
    with contoso_state.transaction():
        chen = contoso_state.by_address("chen@contoso.com")
        assert chen is not None
        chen.account_enabled = False
    expire_access_tokens(connected.home)
    code, _, err = connected("whoami", "--tenant", "contoso")
    assert code == 1
    assert NOT_SIGNED_IN in err
    assert "disabled" in err


def test_cancelling_on_the_page_signs_nobody_in(connected: Cli, contoso_em: RunningEmulator) -> None:
    """Cancel on the verification page: login fails with the reason and stores nobody."""
    code, _, err = login(connected.home, contoso_em, "contoso", None)
    assert code == 1
    assert "cancelled" in err
    code, _, err = connected("whoami", "--tenant", "contoso")
    assert code == 1
    assert NOT_SIGNED_IN in err


def test_an_app_without_public_client_flows_is_named_with_the_fix(
    connected: Cli, contoso_em: RunningEmulator, contoso_state: TenantState
) -> None:
    """With 'Allow public client flows' off, Entra refuses the device code redemption; login says so."""
    with contoso_state.transaction():
        app = contoso_state.application(contoso_em.client_id)
        assert app is not None
        app.is_fallback_public_client = False
    code, _, err = login(connected.home, contoso_em, "contoso", "chen@contoso.com")
    assert code == 1
    assert "Allow public client flows" in err
    assert "--signin-client-id" in err


def test_the_demo_tenant_needs_no_sign_in(cli: Cli) -> None:
    """On the demo tenant --as still says who is asking, and login explains that."""
    code, _, err = cli("login")
    assert code == 1
    assert "--as" in err
    view = cli.json("view", "shared-mailboxes", "--as", "grace.hopper@acme.com")
    assert "support@acme.com" in json.dumps(view)


def signin_target(em: RunningEmulator) -> SignInTarget:
    return SignInTarget(
        endpoints=emulator_endpoints(em.url),
        tenant_id=em.tenant_id,
        client_id=em.client_id,
        ca_file=em.ca_file,
    )


def browser_as(em: RunningEmulator, name: str, seen: list[str]) -> Callable[[str], None]:
    """A browser that opens the sign-in page at the url it is given and picks the person called `name`."""

    def browser(url: str) -> None:
        seen.append(url)
        with httpx.Client(verify=em.ssl_context(), trust_env=False, timeout=10) as http:
            page = http.get(url)
            assert page.status_code == 200, page.text
            person = re.search(rf'value="([0-9a-f-]{{36}})">{re.escape(name)} <small>', page.text)
            assert person is not None
            fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
            answer = http.post(url.split("?")[0], data={**fields, "login_hint": person.group(1)})
            action = re.search(r'action="([^"]+)"', answer.text)
            assert action is not None
            posted = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', answer.text))
            assert http.post(action.group(1), data=posted).status_code == 200

    return browser


def test_browser_sign_in_with_pkce_on_a_loopback_redirect(
    contoso_em: RunningEmulator, contoso_state: TenantState
) -> None:
    """The --browser path: the sign-in page posts the code back to a loopback port (form_post, PKCE)."""
    seen: list[str] = []
    with SignInClient(signin_target(contoso_em), msal.SerializableTokenCache()) as client:
        person = client.browser(browser_as(contoso_em, "Bruno Diaz", seen), timeout=30)
        assert person.oid == oid(contoso_em, "bruno@contoso.com")
        assert person.tid == contoso_em.tenant_id
        assert client.current() == person
    assert "code_challenge_method=S256" in seen[0]
    assert "redirect_uri=http%3A%2F%2Flocalhost%3A" in seen[0]


def test_a_browser_sign_in_within_the_same_second_replaces_whoever_was_signed_in(
    contoso_em: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The --browser path on a cache that holds Chen: Ada signs in within the same second and is the one."""
    second = float(int(time.time()))
    monkeypatch.setattr(emulator_login, "time", SimpleNamespace(time=lambda: second))
    cache = msal.SerializableTokenCache()
    with SignInClient(signin_target(contoso_em), cache) as client:
        chen = client.browser(browser_as(contoso_em, "Chen Wei", []), timeout=30)
        assert chen.oid == oid(contoso_em, "chen@contoso.com")
        ada = client.browser(browser_as(contoso_em, "Ada Lovelace", []), timeout=30)
        assert ada.oid == oid(contoso_em, "ada@contoso.com")
        assert client.current() == ada
        assert [a["home_account_id"] for a in client._app.get_accounts()] == [f"{ada.oid}.{ada.tid}"]


def test_an_id_token_filed_under_another_persons_account_is_refused(contoso_em: RunningEmulator) -> None:
    """A cache whose account is Chen's but whose id token (genuine, the tenant signed it) is Ada's is nobody:
    the account's key comes from client_info, which nobody signs, so the two must agree."""
    ada_cache, cache = msal.SerializableTokenCache(), msal.SerializableTokenCache()
    with SignInClient(signin_target(contoso_em), ada_cache) as client:
        client.browser(browser_as(contoso_em, "Ada Lovelace", []), timeout=30)
    with SignInClient(signin_target(contoso_em), cache) as client:
        client.browser(browser_as(contoso_em, "Chen Wei", []), timeout=30)
    ada_token = next(iter(json.loads(ada_cache.serialize())["IdToken"].values()))["secret"]
    body = json.loads(cache.serialize())
    for entry in body["IdToken"].values():
        entry["secret"] = ada_token
    swapped = msal.SerializableTokenCache()
    swapped.deserialize(json.dumps(body))
    with (
        SignInClient(signin_target(contoso_em), swapped) as client,
        pytest.raises(SignInFailed, match="not match"),
    ):
        client.current()


def test_an_id_token_signed_by_anyone_else_is_refused(contoso_em: RunningEmulator) -> None:
    """A sign-in whose id token the tenant did not sign does not verify."""
    target = SignInTarget(
        endpoints=emulator_endpoints(contoso_em.url),
        tenant_id=contoso_em.tenant_id,
        client_id=contoso_em.client_id,
        ca_file=contoso_em.ca_file,
    )
    with SignInClient(target, msal.SerializableTokenCache()) as client, pytest.raises(SignInFailed):
        client._check_id_token(forged_id_token(contoso_em, oid(contoso_em, "ada@contoso.com")))


def forged_id_token(em: RunningEmulator, person_oid: str) -> str:
    """An id token for `person_oid` with every claim right, signed with a key the tenant never published."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    from mailwarden.emulator.tokens import KEY_ID

    now = int(time.time())
    claims = {
        "iss": f"{em.url}/{em.tenant_id}/v2.0",
        "aud": em.client_id,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "oid": person_oid,
        "tid": em.tenant_id,
        "sub": "forged",
        "preferred_username": "ada@contoso.com",
        "name": "Ada Lovelace",
        "ver": "2.0",
    }
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})
