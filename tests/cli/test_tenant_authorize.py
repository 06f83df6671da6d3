"""`tenant add` and `tenant check` offer the admin-consent page, then wait for the badges to turn green."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from mailwarden.cli import tenant_cmd
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.tenants.consent import Backoff
from mailwarden.testing import RunningEmulator
from tests.cli.conftest import Cli


def _add(cli: Cli, em: RunningEmulator, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    secret = tmp_path / "secret.txt"
    secret.write_text(em.client_secret)
    secret.chmod(0o600)
    return cli(
        "tenant", "add", "acme", "--cloud", "emulator", "--url", em.url, "--ca-file", str(em.ca_file),
        "--tenant-id", em.tenant_domain, "--client-id", em.client_id, "--client-secret-file", str(secret),
        "--no-discover", *extra,
    )  # fmt: skip


def test_add_offers_the_consent_page_when_exchange_is_not_consented(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    set_switch(tenant, "no_exchange_consent", True)
    code, out, _ = _add(cli, emulator, tmp_path)
    assert code == 1
    assert f"Authorize app {emulator.client_id}" in out
    assert (
        f"{emulator.url.rstrip('/')}/{emulator.tenant_id}/v2.0/adminconsent?client_id={emulator.client_id}"
        in out
    )
    body = json.loads(cli("tenant", "check", "--tenant", "acme", "--no-discover", "--json")[1])
    assert list(body["consent_urls"]) == [emulator.client_id]


def test_add_of_an_app_not_yet_in_the_tenant_names_the_consent_page(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    set_switch(tenant, "wrong_tenant", True)
    code, _, err = _add(cli, emulator, tmp_path)
    assert code != 0
    assert "Nothing was saved" in err
    assert "/v2.0/adminconsent?client_id=" in err.replace("\n", "")


def test_check_waits_for_role_propagation_then_passes(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Re-checked after 1 s, then 2 s, rather than production's first 10 s: the 3 s window has passed by the
    # second re-check either way, and this waits 3 s instead of 10.
    monkeypatch.setattr(tenant_cmd, "Backoff", functools.partial(Backoff, first=1.0))
    assert _add(cli, emulator, tmp_path)[0] == 0
    set_switch(tenant, "role_propagation_seconds", 3)
    code, out, err = cli("tenant", "check", "--tenant", "acme", "--no-discover", "--wait", "60")
    assert code == 0, err
    assert "Waiting for consent and role propagation" in err
    assert "amber" in err
    assert "Authorize app" not in out
