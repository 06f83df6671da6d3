"""Store fixtures: a fresh database per test, on SQLite always and on PostgreSQL when one is offered.

Set MAILWARDEN_TEST_POSTGRES_URL (for example postgresql+psycopg://user@127.0.0.1:5433/postgres) to run
every store test on PostgreSQL too; each test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from mailwarden.model import Recipient, RecipientKind
from mailwarden.store import Store, TenantRecord, TenantRegistry

_POSTGRES = os.environ.get("MAILWARDEN_TEST_POSTGRES_URL", "")


def _postgres_database() -> Iterator[str]:
    admin = create_engine(_POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"mailwarden_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(_POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not _POSTGRES, reason="set MAILWARDEN_TEST_POSTGRES_URL to test PostgreSQL"
            ),
        ),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, nothing created in it yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'mailwarden.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store(database_url) as opened:
        yield opened


@pytest.fixture
def acme_tenant(store: Store) -> str:
    TenantRegistry(store).add(
        TenantRecord(
            tenant_key="acme",
            display_name="Acme Corporation",
            cloud="emulator",
            tenant_id="8a3c5a3e-1f2b-4c6d-9e0f-112233445566",
            client_id="client",
        )
    )
    return "acme"


def _person(n: int, *, domain: str = "acme.com", **changes: object) -> Recipient:
    """A user numbered `n`, with one secondary address."""
    fields: dict[str, object] = {
        "recipient_id": str(uuid.UUID(int=n)),
        "kind": RecipientKind.USER,
        "display_name": f"Person {n}",
        "primary_address": f"person{n}@{domain}",
        "addresses": (f"person{n}@{domain}", f"p{n}@{domain}"),
        "upn": f"person{n}@{domain}",
        "alias": f"person{n}",
        "department": "Sales",
    }
    fields.update(changes)
    return Recipient.model_validate(fields)


PersonFactory = Callable[..., Recipient]


@pytest.fixture
def person() -> PersonFactory:
    """person(n, **changes): user number `n` of a made-up tenant."""
    return _person
