"""Two tenants in one mailwarden: Acme and Contoso, each served by its own emulator with its own seed.

Every command is scoped to one tenant: a person's rights, the views, the requests and the audit records
of one tenant never show in the other's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailwarden.emulator.seed import contoso
from mailwarden.emulator.serve import TENANT_FILE
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator, running_emulator
from tests.cli.conftest import Cli
from tests.cli.signin import login, quick_polling

GREEN = {
    "directory": "green",
    "membership": "green",
    "mailbox": "green",
    "calendar": "green",
    "drift": "green",
}


@pytest.fixture(scope="module")
def contoso_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    """A second emulator, seeded with Contoso (its own tenant id, domains, people and app)."""
    state_dir = tmp_path_factory.mktemp("contoso")
    TenantState.load_or_create(state_dir / TENANT_FILE, contoso)
    with running_emulator(state_dir) as em:
        yield em


def _add(cli: Cli, key: str, em: RunningEmulator, folder: Path) -> None:
    secret = folder / f"{key}.secret"
    secret.write_text(em.client_secret)
    code, _, err = cli(
        "tenant", "add", key, "--cloud", "emulator", "--url", em.url, "--ca-file", str(em.ca_file),
        "--tenant-id", em.tenant_id, "--client-id", em.client_id, "--client-secret-file", str(secret),
    )  # fmt: skip
    assert code == 0, err


@pytest.fixture
def two_tenants(
    cli: Cli,
    emulator: RunningEmulator,
    tenant: TenantState,
    contoso_emulator: RunningEmulator,
    tmp_path: Path,
) -> Cli:
    """One mailwarden home with both tenants connected, checked and discovered; each one's admin signed in."""
    _add(cli, "acme", emulator, tmp_path)
    _add(cli, "contoso", contoso_emulator, tmp_path)
    for em, key, admin in (
        (emulator, "acme", "grace.hopper@acme.com"),
        (contoso_emulator, "contoso", "ada@contoso.com"),
    ):
        quick_polling(em)
        code, _, err = login(cli.home, em, key, admin)
        assert code == 0, err
    return cli


def _json(cli: Cli, *args: str) -> Any:
    return cli.json(*args)


def _text(cli: Cli, *args: str) -> str:
    return json.dumps(cli.json(*args))


def test_both_tenants_are_listed_with_their_own_badges_and_discovery(
    two_tenants: Cli, emulator: RunningEmulator, contoso_emulator: RunningEmulator
) -> None:
    """`tenant list` shows each tenant with its own id, green badges and a last discovery."""
    listed = {t["tenant"]: t for t in _json(two_tenants, "tenant", "list")}
    assert listed["acme"]["tenant_id"] == emulator.tenant_id
    assert listed["contoso"]["tenant_id"] == contoso_emulator.tenant_id != emulator.tenant_id
    assert listed["contoso"]["name"] == "Contoso Ltd"
    for key in ("acme", "contoso"):
        assert listed[key]["badges"] == GREEN
        assert listed[key]["last_discovery"] is not None


def test_views_show_only_the_tenant_asked_about(two_tenants: Cli) -> None:
    """Contoso's shared mailboxes are Contoso's alone, and Acme's view shows nothing of Contoso."""
    contoso_view = _text(two_tenants, "view", "shared-mailboxes", "--tenant", "contoso")
    acme_view = _text(two_tenants, "view", "shared-mailboxes", "--tenant", "acme")
    assert "help@contoso.com" in contoso_view
    assert "payroll@contoso.com" in contoso_view
    assert "acme.com" not in contoso_view
    assert "support@acme.com" in acme_view
    assert "contoso" not in acme_view


def test_a_persons_rights_stop_at_their_tenant(two_tenants: Cli) -> None:
    """Contoso's admin is nobody in Acme: naming her there is refused; Acme acts as its signed-in admin."""
    code, _, err = two_tenants("view", "shared-mailboxes", "--tenant", "acme", "--as", "ada@contoso.com")
    assert code == 1
    assert "mailwarden login --tenant acme" in err
    assert _json(two_tenants, "whoami", "--tenant", "acme")["address"] == "grace.hopper@acme.com"
    assert _json(two_tenants, "whoami", "--tenant", "contoso")["address"] == "ada@contoso.com"


def test_changes_requests_and_audit_stay_in_their_tenant(
    two_tenants: Cli, tenant: TenantState, contoso_emulator: RunningEmulator
) -> None:
    """A change in each tenant lands only there; requests and audit queries of one never list the other's."""
    cli = two_tenants
    code, _, err = cli(
        "do", "distribution_list_membership", "add",
        "--group", "leads@contoso.com", "--member", "bruno@contoso.com",
        "--yes", "--tenant", "contoso",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = cli(
        "do", "send_as", "grant", "--mailbox", "support@acme.com", "--trustee", "sarah@acme.com",
        "--yes", "--tenant", "acme",
    )  # fmt: skip
    assert code == 0, err

    leads = contoso_emulator.state.by_address("leads@contoso.com")
    bruno = contoso_emulator.state.by_address("bruno@contoso.com")
    assert leads is not None
    assert bruno is not None
    assert bruno.id in leads.members
    assert tenant.by_address("leads@contoso.com") is None

    acme_requests = _text(cli, "requests", "list", "--tenant", "acme")
    contoso_requests = _text(cli, "requests", "list", "--tenant", "contoso")
    assert "support@acme.com" in acme_requests
    assert "contoso" not in acme_requests
    assert "leads@contoso.com" in contoso_requests
    assert "acme.com" not in contoso_requests

    acme_audit = _json(cli, "audit", "list", "--tenant", "acme")
    contoso_audit = _json(cli, "audit", "list", "--tenant", "contoso")
    assert acme_audit
    assert contoso_audit
    assert {r["tenant"] for r in acme_audit} == {"acme"}
    assert {r["tenant"] for r in contoso_audit} == {"contoso"}
    assert "contoso.com" not in json.dumps(acme_audit)
    assert "acme.com" not in json.dumps(contoso_audit)
