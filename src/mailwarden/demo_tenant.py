"""The demo tenant: registered on first use, reached through the embedded tenant emulator.

With no configuration there is one tenant, "demo": the tenant emulator seeded with Acme Corporation, its
state in `$MAILWARDEN_HOME/emulator`. A command that needs it starts it on an ephemeral loopback port for
its own lifetime (several commands at once each start their own over the same state folder, which the
emulator's file lock keeps consistent), unless `mailwarden demo` already serves it (it writes RUNNING_FILE
into that folder while it does), in which case the command uses that one.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailwarden.errors import ConfigError
from mailwarden.store.tenants import TenantRecord, TenantRegistry

if TYPE_CHECKING:
    from mailwarden.connectors.connection import TenantConnection
    from mailwarden.settings import Settings
    from mailwarden.store.db import Store

__all__ = [
    "DEMO_TENANT",
    "DEMO_TIME_ZONE",
    "DEMO_WEB_URL",
    "RUNNING_FILE",
    "demo_connection",
    "register_demo",
]

DEMO_TENANT = "demo"
DEMO_TIME_ZONE = "America/New_York"
"""Acme's head office: the demo tenant's requesters' time zone ("until Friday" ends at midnight there)."""
DEMO_WEB_URL = "http://127.0.0.1:8000"
"""Where `mailwarden demo` serves the web app by default: the demo's notifications link there."""
RUNNING_FILE = "running.json"
"""Written by `mailwarden demo` into the emulator's folder while it serves, so commands reuse it."""


def register_demo(store: Store) -> TenantRecord:
    """Register the demo tenant (idempotent, safe when two commands do it at once) with its notifications."""
    from mailwarden.emulator.seed import load_fixture
    from mailwarden.notifications.config import ensure_demo_config

    tenant = load_fixture()["tenant"]
    record = TenantRecord(
        tenant_key=DEMO_TENANT,
        display_name=f"{tenant['display_name']} (demo)",
        cloud="emulator",
        tenant_id=tenant["id"],
        client_id="embedded",
        time_zone=DEMO_TIME_ZONE,
    )
    with contextlib.suppress(ConfigError):  # another command registered it at the same moment
        TenantRegistry(store).add(record)
    ensure_demo_config(store, DEMO_TENANT, DEMO_WEB_URL)
    return record


@contextlib.contextmanager
def demo_connection(
    record: TenantRecord, state_dir: Path, settings: Settings | None = None
) -> Iterator[TenantConnection]:
    """A connection to the demo tenant: the emulator `mailwarden demo` serves, else the folder's background
    emulator (demo_emulator.py), else (MAILWARDEN_DEMO_EMULATOR=in-process) one started here for the block
    (without the browser-facing sign-in page: nothing a command prints outlives it)."""
    if record.cloud != "emulator":
        raise ConfigError(f"The demo tenant must use the emulator, not the {record.cloud!r} cloud.")
    served = _served_emulator(state_dir)
    if served is not None:
        yield _emulator_connection(served)
        return
    if settings is not None and settings.demo_emulator == "background":
        from mailwarden.demo_emulator import background_emulator_in_use

        with background_emulator_in_use(state_dir, settings.demo_emulator_idle_seconds) as info:
            yield _emulator_connection(info)
        return
    from mailwarden.emulator.serve import running_emulator

    with running_emulator(state_dir, signin_page=False) as em:
        yield _emulator_connection(em.info())


def _emulator_connection(info: dict[str, Any]) -> TenantConnection:
    from mailwarden.connectors.connection import CertificateCredential, TenantConnection
    from mailwarden.connectors.endpoints import emulator as emulator_endpoints

    return TenantConnection(
        endpoints=emulator_endpoints(info["url"], str(info.get("signin_url") or "")),
        tenant_id=info["tenant_id"],
        client_id=info["client_id"],
        # The emulator wrote this certificate (emulator/credentials.py): checked before msal signs with it.
        credential=CertificateCredential.from_file(info["certificate_file"], check=False),
        ca_file=info["ca_file"],
    )


def _served_emulator(state_dir: Path) -> dict[str, Any] | None:
    """The emulator `mailwarden demo` serves from this folder, if it is running and answers."""
    path = state_dir / RUNNING_FILE
    try:
        info: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    import ssl

    import httpx

    try:
        ctx = ssl.create_default_context(cafile=info["ca_file"])
        with httpx.Client(verify=ctx, trust_env=False, timeout=2) as http:
            ok = http.get(f"{info['url']}/{info['tenant_id']}/v2.0/.well-known/openid-configuration")
    except (httpx.HTTPError, OSError, KeyError):
        return None
    return info if ok.status_code == 200 else None
