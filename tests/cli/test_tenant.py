"""`mailwarden tenant add | check | targets | list | rotate | remove` on a tenant served by the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.testing import RunningEmulator
from tests.cli.conftest import Cli
from tests.cli.signin import login, quick_polling


def _json(cli: Cli, *args: str) -> Any:
    return cli.json(*args)


def _secret_file(tmp_path: Path, secret: str) -> str:
    path = tmp_path / "secret.txt"
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return str(path)


def _add(
    cli: Cli, em: RunningEmulator, tmp_path: Path, *extra: str, key: str = "acme"
) -> tuple[int, str, str]:
    return cli(
        "tenant", "add", key, "--cloud", "emulator", "--url", em.url, "--ca-file", str(em.ca_file),
        "--tenant-id", em.tenant_domain, "--client-id", em.client_id,
        "--client-secret-file", _secret_file(tmp_path, em.client_secret), *extra,
    )  # fmt: skip


def test_add_validates_stores_checks_and_discovers_without_printing_the_secret(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """One command connects the tenant, shows four green badges and the discovery; the secret never shows."""
    code, out, err = _add(cli, emulator, tmp_path, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert {c["id"]: c["badge"] for c in report["capabilities"]} == {
        "directory": "green",
        "membership": "green",
        "mailbox": "green",
        "calendar": "green",
        "drift": "green",
    }
    assert report["discovery"]["recipients"]["shared_mailbox"] >= 1
    assert emulator.client_secret not in out + err
    listed = _json(cli, "tenant", "list")
    acme = next(t for t in listed if t["tenant"] == "acme")
    assert acme["tenant_id"] == emulator.tenant_id
    assert acme["badges"] == {
        "directory": "green",
        "membership": "green",
        "mailbox": "green",
        "calendar": "green",
        "drift": "green",
    }
    assert acme["last_discovery"] is not None
    audit = _json(cli, "audit", "list", "--tenant", "acme")
    assert emulator.client_secret not in json.dumps(audit)


def test_a_secret_typed_at_the_prompt_is_not_echoed(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """Without a secret file the secret is asked for, hidden, and the tenant connects with it."""
    code, out, err = cli(
        "tenant", "add", "acme", "--cloud", "emulator", "--url", emulator.url,
        "--ca-file", str(emulator.ca_file),
        "--tenant-id", emulator.tenant_id, "--client-id", emulator.client_id, "--no-discover",
        input=emulator.client_secret + "\n",
    )  # fmt: skip
    assert code == 0, err
    assert emulator.client_secret not in out + err


def test_a_wrong_secret_is_named_and_nothing_is_saved(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """A wrong secret fails with which token and why; the tenant is not listed afterwards."""
    code, _out, err = cli(
        "tenant", "add", "acme", "--cloud", "emulator", "--url", emulator.url,
        "--ca-file", str(emulator.ca_file),
        "--tenant-id", emulator.tenant_id, "--client-id", emulator.client_id,
        "--client-secret-file", _secret_file(tmp_path, "abc8Q~wrong"),
    )  # fmt: skip
    assert code == 1
    assert "no Microsoft Graph token" in err
    assert "client secret is wrong" in err
    assert all(t["tenant"] != "acme" for t in _json(cli, "tenant", "list"))


def test_check_shows_a_red_badge_with_the_fix_when_the_role_is_missing(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """After the app loses its Exchange role, the check exits non-zero and says how to assign it."""
    assert _add(cli, emulator, tmp_path, "--no-discover")[0] == 0
    set_switch(tenant, "no_exchange_role", True)
    code, out, err = cli("tenant", "check", "--tenant", "acme", "--no-discover")
    assert code == 1, err
    assert "● red" in out
    assert "Assign the Exchange Administrator role" in out
    # The failing check is named in words, with its reason, not only by colour.
    flat = " ".join(out.split())
    assert "FAIL" in flat
    assert "ok " in flat
    listed = next(t for t in _json(cli, "tenant", "list") if t["tenant"] == "acme")
    assert listed["badges"]["mailbox"] == "red"
    # Discovery runs Exchange cmdlets too, so it is red with the rest (it would fail).
    assert listed["badges"]["directory"] == "red"


def test_the_readmes_tenant_check_example_works_as_written(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """README: `mailwarden tenant check contoso` (the key as an argument, as `tenant add` takes it)."""
    assert _add(cli, emulator, tmp_path, "--no-discover")[0] == 0
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "$ mailwarden tenant check contoso\n" in readme
    code, out, err = cli("tenant", "check", "acme", "--no-discover")
    assert code == 0, out + err
    assert "Health of acme" in out
    code, _, err = cli("tenant", "check", "acme", "--tenant", "other", "--no-discover")
    assert code == 1
    assert "Two tenants named" in err


def test_targets_are_reviewed_and_changed_by_an_admin(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """After discovery the targets list support@ with its owner; an admin's change shows and is audited."""
    assert _add(cli, emulator, tmp_path)[0] == 0
    targets = _json(cli, "tenant", "targets", "--tenant", "acme")["targets"]
    support = next(t for t in targets if t["address"] == "support@acme.com")
    assert support["owners"] == ["sarah@acme.com"]
    assert support["self_service"]
    quick_polling(emulator)
    assert login(cli.home, emulator, "acme", "grace.hopper@acme.com")[0] == 0
    code, _, err = cli(
        "tenant", "targets", "--tenant", "acme", "--sensitive", "support@acme.com",
        "--owners", "support@acme.com=jane.doe@acme.com,john@acme.com",
    )  # fmt: skip
    assert code == 0, err
    targets = _json(cli, "tenant", "targets", "--tenant", "acme")["targets"]
    support = next(t for t in targets if t["address"] == "support@acme.com")
    assert support["sensitive"]
    assert not support["self_service"]
    assert support["owners"] == ["jane.doe@acme.com", "john@acme.com"]
    assert support["owners_set_by"] == "admin"
    audit = _json(cli, "audit", "list", "--tenant", "acme")
    changed = [r for r in audit if r["event"] == "tenant.target_changed"]
    assert len(changed) == 2
    assert all(r["target"] == "support@acme.com" for r in changed)


def test_rediscovery_shows_what_changed(
    cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path
) -> None:
    """A shared mailbox removed in the tenant between two discoveries is reported as removed."""
    assert _add(cli, emulator, tmp_path)[0] == 0
    with tenant.transaction():
        billing = tenant.by_address("billing@acme.com")
        assert billing is not None
        tenant.remove_recipient(billing.id)
    result = _json(cli, "tenant", "discover", "--tenant", "acme")
    assert result["changes"]["removed"] == ["billing@acme.com"]


def test_rotate_and_remove(cli: Cli, emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> None:
    """The secret is replaced by the app's certificate; removing the tenant drops it from the list."""
    assert _add(cli, emulator, tmp_path, "--no-discover")[0] == 0
    code, out, err = cli("tenant", "rotate", "acme", "--certificate", str(emulator.certificate_file))
    assert code == 0, err
    assert "certificate" in out
    assert "PRIVATE KEY" not in out
    assert cli("tenant", "check", "--tenant", "acme", "--no-discover")[0] == 0
    code, _, err = cli("tenant", "remove", "acme", "--yes")
    assert code == 0, err
    assert all(t["tenant"] != "acme" for t in _json(cli, "tenant", "list"))
