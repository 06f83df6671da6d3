"""Migration 0013: a policy stored before it keeps its text and has no provenance (read as before: an
unmodified older default follows the current default, anything else is the tenant's own); after it `set`
records the provenance; going back drops the column and keeps every row."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from tests.store.test_notice_migration import NOW, _migrate

from mailwarden.policy import DEFAULT_POLICY
from mailwarden.policy.store import PolicyStore
from mailwarden.store import Store

OLDER = (Path(__file__).parents[1] / "security" / "data" / "redteam36_default_0744e38.cedar").read_text(
    encoding="utf-8"
)
MINE = '@id("all")\n@reason("Everything is allowed here.")\npermit (principal, action, resource);\n'


def test_0013_keeps_old_rows_without_provenance_and_downgrades(database_url: str) -> None:
    store = Store(database_url, migrate=False)
    try:
        _migrate(store, "0012")
        with store.engine.begin() as db:
            for tenant, body in (("contoso", OLDER), ("fabrikam", MINE), ("acme", "{}")):
                db.execute(
                    text(
                        "INSERT INTO tenant_documents (tenant_key, kind, body, updated) "
                        "VALUES (:t, :k, :b, :u)"
                    ),
                    {"t": tenant, "k": "health" if tenant == "acme" else "policy", "b": body, "u": NOW},
                )
        _migrate(store, "0013")
        with store.engine.connect() as db:
            origins = db.execute(text("SELECT tenant_key, origin FROM tenant_documents ORDER BY 1")).all()
        assert [tuple(r) for r in origins] == [("acme", None), ("contoso", None), ("fabrikam", None)]
        policies = PolicyStore(store)
        assert policies.text("contoso") == DEFAULT_POLICY  # stored as the default of its release
        assert policies.text("fabrikam") == MINE
        assert policies.set("contoso", OLDER).old_origin is None
        assert policies.text("contoso") == OLDER  # set since: the tenant's own
        _migrate(store, "0012", down=True)
        assert "origin" not in {c["name"] for c in inspect(store.engine).get_columns("tenant_documents")}
        with store.engine.connect() as db:
            rows = db.execute(text("SELECT tenant_key, kind, body FROM tenant_documents ORDER BY 1")).all()
        assert [tuple(r) for r in rows] == [
            ("acme", "health", "{}"),
            ("contoso", "policy", OLDER),
            ("fabrikam", "policy", MINE),
        ]
    finally:
        store.close()
