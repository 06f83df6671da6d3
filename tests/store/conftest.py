"""Store fixtures: a fresh database per test, on SQLite always and on PostgreSQL when one is offered.

Set MAILWARDEN_TEST_POSTGRES_URL (for example postgresql+psycopg://user@127.0.0.1:5433/postgres) to run
every store test on PostgreSQL too; each test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from mailwarden.model import Recipient, RecipientKind
from mailwarden.store import Store, TenantRecord, TenantRegistry


@pytest.fixture(autouse=True)
def migrations_from_template() -> bool:
    """Not here: the store tests are the migrations' own tests, so every fresh database migrates for real."""
    return False


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
