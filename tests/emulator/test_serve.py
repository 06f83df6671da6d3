"""Serving the emulator: persistence across restarts, shared state folders, TLS files, the CLI command."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography import x509

from mailwarden.emulator import tokens
from mailwarden.emulator.serve import EmulatorStartError
from mailwarden.emulator.switches import set_switch
from mailwarden.testing import RunningEmulator, running_emulator

INFO_KEYS = {
    "url",
    "ca_file",
    "tenant_id",
    "tenant_domain",
    "client_id",
    "client_secret",
    "certificate_file",
    "signin_url",
}


def _token(em: RunningEmulator, resource: str = "https://graph.microsoft.com") -> httpx.Response:
    with httpx.Client(verify=em.ssl_context(), trust_env=False, timeout=10) as http:
        return http.post(
            f"{em.url}/{em.tenant_domain}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": em.client_id,
                "client_secret": em.client_secret,
                "scope": f"{resource}/.default",
            },
        )


def test_info_names_exactly_what_a_client_needs(emulator: RunningEmulator) -> None:
    """info() has the documented keys; the domain is the tenant's default verified domain."""
    info = emulator.info()
    assert set(info) == INFO_KEYS
    assert info["url"].startswith("https://127.0.0.1:")
    assert info["signin_url"].startswith("http://127.0.0.1:")
    assert info["tenant_domain"] == "acme.com"
    assert Path(info["ca_file"]).is_file()
    assert Path(info["certificate_file"]).is_file()


def test_state_credentials_and_signing_key_survive_a_restart(tmp_path: Path) -> None:
    """A second start on the same folder serves the same tenant, app credentials, switches and tokens."""
    with running_emulator(tmp_path) as first:
        set_switch(first.state, "no_exchange_role", True)
        token = _token(first).json()["access_token"]
        before = first.info()
    with running_emulator(tmp_path) as second:
        after = second.info()
        same = INFO_KEYS - {"url", "signin_url"}
        assert {k: after[k] for k in same} == {k: before[k] for k in same}
        assert second.state.data.switches.no_exchange_role
        assert (
            tokens.verify(second.state, f"Bearer {token}", tokens.GRAPH_AUDIENCE).app_id == second.client_id
        )
        assert _token(second).status_code == 200


def test_two_emulators_on_one_folder_see_each_others_changes(tmp_path: Path) -> None:
    """Two emulators sharing a state folder act as one tenant: a switch set in one applies in both."""
    with running_emulator(tmp_path) as one, running_emulator(tmp_path) as two:
        assert one.url != two.url
        assert one.client_secret == two.client_secret
        set_switch(one.state, "wrong_tenant", True)
        assert _token(two).json()["error_codes"] == [700016]


def test_key_files_are_readable_by_their_owner_only(emulator: RunningEmulator) -> None:
    """The server key and the client certificate's key are written with mode 0600."""
    for name in ("server-key.pem", "client-cert.pem"):
        assert stat.S_IMODE((emulator.state_dir / name).stat().st_mode) == 0o600


def test_server_certificate_covers_every_loopback_name(emulator: RunningEmulator) -> None:
    """The leaf certificate names 127.0.0.1, localhost and ::1, and chains to ca.pem."""
    leaf = x509.load_pem_x509_certificate((emulator.state_dir / "server.pem").read_bytes())
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert {str(a) for a in names.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "::1"}
    port = emulator.url.rsplit(":", 1)[1]
    with httpx.Client(verify=emulator.ssl_context(), trust_env=False) as http:
        assert (
            http.get(f"https://localhost:{port}/{emulator.tenant_id}/discovery/v2.0/keys").status_code == 200
        )


def test_certificates_are_reused_on_restart(tmp_path: Path) -> None:
    """The CA is generated once per folder, so clients holding ca.pem keep trusting the emulator."""
    with running_emulator(tmp_path) as em:
        ca = em.ca_file.read_bytes()
        client_cert = em.certificate_file.read_bytes()
    with running_emulator(tmp_path) as em:
        assert em.ca_file.read_bytes() == ca
        assert em.certificate_file.read_bytes() == client_cert


def test_busy_port_is_reported(tmp_path: Path) -> None:
    """Asking for a port that is taken fails with EmulatorStartError, not a hang."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with (
            pytest.raises(EmulatorStartError, match="cannot listen"),
            running_emulator(tmp_path, port=taken.getsockname()[1]),
        ):
            pass


def test_generated_recipients_are_seeded(tmp_path: Path) -> None:
    """--users/--shared/--lists add generated recipients to the Acme seed on first start."""
    with running_emulator(tmp_path, users=3, shared=1, lists=1) as em:
        assert em.state.find("user00002@acme.com") is not None
        assert em.state.find("shared0000@acme.com") is not None
        assert em.state.find("list0000@acme.com") is not None


# ---- the CLI command ---------------------------------------------------------------------------------


def _mailwarden() -> list[str]:
    script = Path(sys.executable).parent / "mailwarden"
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from mailwarden.cli.main import main; main()"]
    )


@pytest.fixture
def cli_emulator(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    env = {**os.environ, "MAILWARDEN_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [
            *_mailwarden(),
            "emulator",
            "--port",
            "0",
            "--fault",
            "graph:503:1",
            "--switch",
            "expired_secret",
            "--throttle",
            "exchange:5/10s",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line, process.stderr.read() if process.stderr else ""
        yield process, json.loads(line)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def test_cli_prints_one_json_line_then_serves_with_its_options(
    tmp_path: Path, cli_emulator: tuple[subprocess.Popen[str], dict[str, str]]
) -> None:
    """`mailwarden emulator` prints one JSON line of connection info, then serves its faults and switches."""
    process, info = cli_emulator
    assert set(info) == INFO_KEYS
    assert Path(info["ca_file"]).is_relative_to(tmp_path / "emulator")
    with httpx.Client(
        verify=ssl.create_default_context(cafile=info["ca_file"]), trust_env=False, timeout=10
    ) as http:
        assert http.get(f"{info['url']}/v1.0/organization").status_code == 503
        refused = http.post(
            f"{info['url']}/{info['tenant_id']}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": info["client_id"],
                "client_secret": info["client_secret"],
                "scope": "https://graph.microsoft.com/.default",
            },
        )
        assert refused.json()["error_codes"] == [7000222]
        exchange = http.post(f"{info['url']}/adminapi/beta/{info['tenant_id']}/InvokeCommand", json={})
        assert exchange.headers["Rate-Limit-Limit"] == "5"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--throttle", "graph:lots"],
        ["--fault", "graph:teapot"],
        ["--switch", "no_such_switch"],
        ["--port", "70000"],
    ],
)
def test_cli_rejects_bad_values_with_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    """A bad option value is one line on stderr, exit status 2, no traceback, and nothing served."""
    result = subprocess.run(
        [*_mailwarden(), "emulator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MAILWARDEN_HOME": str(tmp_path)},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "emulator").exists()


def test_token_claims_name_the_emulator_tenant(emulator: RunningEmulator, tenant: object) -> None:
    """An issued token is for the served tenant and app, whichever name the client used for the tenant."""
    claims = jwt.decode(_token(emulator).json()["access_token"], options={"verify_signature": False})
    assert (claims["tid"], claims["appid"]) == (emulator.tenant_id, emulator.client_id)
