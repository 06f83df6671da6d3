"""Red team 3: an employee at the CLI neither changes the drift policy, nor scans, nor reads an event; the
policy stays as the admin left it. The emulator's own credentials never reach the drift commands' output."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli, cli  # noqa: F401 - the fixture

EMPLOYEE = "tom.becker@acme.com"


def test_an_employee_cannot_change_the_drift_policy_scan_or_read_events(cli: Cli) -> None:  # noqa: F811
    cli.json("drift", "scan")
    before = cli.json("drift", "policy")
    for args in (
        ("drift", "policy", "--set", "forwarding_external=record", "--as", EMPLOYEE),
        ("drift", "policy", "--as", EMPLOYEE),
        ("drift", "scan", "--as", EMPLOYEE),
        ("drift", "show", "0", "--as", EMPLOYEE),
        ("drift", "list", "--json", "--as", EMPLOYEE),
    ):
        code, out, err = cli(*args)
        assert code != 0, args
        assert "Only an admin" in err, (args, err)
        assert "Traceback" not in out + err
    assert cli.json("drift", "policy") == before
    assert before["forwarding_external"] == "propose_revert"  # type: ignore[index]


def test_no_client_secret_in_drift_output(cli: Cli) -> None:  # noqa: F811
    code, out, err = cli("drift", "scan", "--json")
    assert code == 0, err
    secret = json.loads((cli.home / "emulator" / "tenant.json").read_text())["applications"]
    secrets = [s["secret"] for app in secret.values() for s in app.get("secrets", [])]
    assert secrets
    for args in (("drift", "scan"), ("drift", "list"), ("drift", "policy")):
        code, out, err = cli(*args)
        assert code == 0, err
        assert not any(s in out + err for s in secrets)


def test_no_client_secret_in_the_audit_log_or_logs_after_scans(cli: Cli) -> None:  # noqa: F811
    cli.json("drift", "scan")
    cli.json("drift", "scan")
    emulator = cli.home / "emulator"
    apps = json.loads((emulator / "tenant.json").read_text())["applications"]
    secrets = [s["secret"].encode() for app in apps.values() for s in app.get("secrets", [])]
    leaking = [
        str(path)
        for path in cli.home.rglob("*")
        if path.is_file() and emulator not in path.parents and any(s in path.read_bytes() for s in secrets)
    ]
    assert leaking == []
