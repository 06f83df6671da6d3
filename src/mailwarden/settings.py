"""Where mailwarden keeps its data and how it logs, from the environment.

MAILWARDEN_HOME            the data folder (default: the per-user data folder, e.g. ~/.local/share/mailwarden)
MAILWARDEN_DATABASE_URL    SQLAlchemy URL of the store (default: sqlite:///$MAILWARDEN_HOME/mailwarden.db)
MAILWARDEN_LOG_LEVEL       debug, info, warning or error (default: warning)
MAILWARDEN_AUDIT_KEY       the audit log's Ed25519 signing key (default: in $MAILWARDEN_HOME);
                           keep it outside the data folder so whoever can write the data cannot re-sign it
MAILWARDEN_AUDIT_WITNESS   where every signed head of the audit log is also written, comma-separated: a file
                           path, an http(s):// URL, syslog:// or syslog://host[:port]
                           (default: $MAILWARDEN_HOME/audit-witness.jsonl)
MAILWARDEN_DIRECTORY_SYNC_SECONDS
                           how often the web app catches up with directory changes (Graph delta), and how
                           old the cache may be before a command catches up first (default: 60)
MAILWARDEN_VERIFY_SECONDS  how long a write the tenant accepted is read back until it shows, before it is
                           flagged unverified (default: 60; Entra and Exchange reads lag writes)
MAILWARDEN_DEMO_EMULATOR   background (a shared process started on first use; the default) or in-process
                           (served inside each command): how commands reach the demo tenant
MAILWARDEN_DEMO_EMULATOR_IDLE_SECONDS
                           how long the background demo emulator waits for a request before it leaves
                           (default: 300)
MAILWARDEN_GRAPH_RATE, MAILWARDEN_EXCHANGE_RATE
                           requests per second to one tenant's Graph / Exchange (default: 300 / 45)
MAILWARDEN_GRAPH_BURST, MAILWARDEN_EXCHANGE_BURST
                           requests at once after a quiet spell (default: the rate × 10 s / × 60 s)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mailwarden.errors import ConfigError

if TYPE_CHECKING:
    from mailwarden.connectors.budget import Api, Rate

__all__ = ["LogLevel", "Settings", "load_settings"]

LogLevel = Literal["debug", "info", "warning", "error"]


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    home: Path
    database_url: str
    log_level: LogLevel = "warning"
    audit_key: Path | None = None
    """The audit signing key's file; None: in the data folder."""
    audit_witness: str = ""
    """The audit witnesses (MAILWARDEN_AUDIT_WITNESS); empty: a file in the data folder."""
    directory_sync_seconds: float = Field(default=60.0, gt=0, le=86_400)
    verify_seconds: float = Field(default=60.0, ge=0, le=3600)
    execution_lease_seconds: float = Field(default=600.0, ge=1, le=86_400)
    """How long a run owns a request before another may take it over (longer than any one step)."""
    graph_rate: float = Field(default=300.0, gt=0, le=10_000)
    exchange_rate: float = Field(default=45.0, gt=0, le=10_000)
    """Requests per second to one tenant's Graph / Exchange: kept by this process on SQLite, shared by all
    workers on PostgreSQL."""
    graph_burst: float | None = Field(default=None, ge=1, le=1_000_000)
    exchange_burst: float | None = Field(default=None, ge=1, le=1_000_000)
    """Requests that may go at once after a quiet spell; None: the rate times the window Microsoft counts
    the budget over (10 s for Graph, 60 s for Exchange: connectors/budget.py)."""

    def budget_rates(self) -> dict[Api, Rate]:
        """Each tenant's request budget, by API (connectors/budget.py)."""
        from mailwarden.connectors.budget import rates

        return rates(
            self.graph_rate,
            self.exchange_rate,
            graph_burst=self.graph_burst,
            exchange_burst=self.exchange_burst,
        )

    demo_emulator: Literal["background", "in-process"] = (
        "background" if sys.platform != "win32" else "in-process"
    )
    """How commands reach the demo tenant's emulator: a shared background process (demo_emulator.py), or one
    served inside each command (the tests' default: no process outlives them)."""
    demo_emulator_idle_seconds: float = Field(default=300.0, gt=0, le=86_400)
    """How long the background emulator waits for a request before it leaves."""
    provider_tenant: str = Field(default="demo", min_length=1, max_length=100)
    """The tenant whose admins run the installation and see every tenant (MAILWARDEN_PROVIDER_TENANT). In
    provider mode each customer tenant has a server on the shared database; its admins see their own."""

    @property
    def emulator_dir(self) -> Path:
        """The demo tenant emulator's state folder."""
        return self.home / "emulator"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `environ` (default: the process environment); ConfigError names a wrong variable."""
    env = os.environ if environ is None else environ
    raw_home = env.get("MAILWARDEN_HOME", "").strip()
    if raw_home:
        home = Path(raw_home).expanduser()
    else:
        import platformdirs  # only without MAILWARDEN_HOME

        home = Path(platformdirs.user_data_dir("mailwarden"))
    database_url = env.get("MAILWARDEN_DATABASE_URL", "").strip() or f"sqlite:///{home / 'mailwarden.db'}"
    log_level = env.get("MAILWARDEN_LOG_LEVEL", "").strip().lower() or "warning"
    raw_key = env.get("MAILWARDEN_AUDIT_KEY", "").strip()
    values: dict[str, object] = {
        "home": home,
        "database_url": database_url,
        "log_level": log_level,
        "audit_key": Path(raw_key).expanduser() if raw_key else None,
        "audit_witness": env.get("MAILWARDEN_AUDIT_WITNESS", "").strip(),
    }
    if verify := env.get("MAILWARDEN_VERIFY_SECONDS", "").strip():
        values["verify_seconds"] = verify
    if lease := env.get("MAILWARDEN_EXECUTION_LEASE_SECONDS", "").strip():
        values["execution_lease_seconds"] = lease
    for api in ("graph", "exchange"):
        if rate := env.get(f"MAILWARDEN_{api.upper()}_RATE", "").strip():
            values[f"{api}_rate"] = rate
        if burst := env.get(f"MAILWARDEN_{api.upper()}_BURST", "").strip():
            values[f"{api}_burst"] = burst
    if demo_emulator := env.get("MAILWARDEN_DEMO_EMULATOR", "").strip():
        values["demo_emulator"] = demo_emulator
    if idle := env.get("MAILWARDEN_DEMO_EMULATOR_IDLE_SECONDS", "").strip():
        values["demo_emulator_idle_seconds"] = idle
    if provider := env.get("MAILWARDEN_PROVIDER_TENANT", "").strip():
        values["provider_tenant"] = provider
    sync_seconds = env.get("MAILWARDEN_DIRECTORY_SYNC_SECONDS", "").strip()
    if sync_seconds:
        values["directory_sync_seconds"] = sync_seconds
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"MAILWARDEN_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"Invalid setting: {problems}.") from exc
