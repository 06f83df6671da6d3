"""Red team 38 on policy provenance (security 32, migration 0013).

Attempts: an admin's own policy taken for the default (the permit they took out given back), or the
shipped default frozen (a later rule lost), through `policy set`, the CLI's show/set round trip, and a
downgrade then upgrade of migration 0013.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from mailwarden.policy import DEFAULT_POLICY
from mailwarden.policy.store import FOLLOWS_DEFAULT, OWN_POLICY, PolicyStore
from mailwarden.store import Store
from tests.store.test_notice_migration import _migrate

OLDER = (Path(__file__).parent / "data" / "redteam36_default_0744e38.cedar").read_text(encoding="utf-8")
"""The default as shipped at 0744e38: today's without the permit `owner-revokes-others-access`."""
PERMIT = "owner-revokes-others-access"


def _rules(policies: PolicyStore, tenant: str = "contoso") -> set[str]:
    return set(policies.engine(tenant).policy.rule_ids())


def test_an_admins_older_default_stays_theirs_across_a_downgrade_and_upgrade(database_url: str) -> None:
    """Red team 38 (low): 0013's downgrade dropped the provenance and the upgrade gave every row none, so an
    older default an admin set on purpose (the permit owner-revokes-others-access taken out) read as a copy
    stored as the default and followed today's: the permit was back, silently. The downgrade keeps the
    provenance aside now and the upgrade puts it back."""
    store = Store(database_url, migrate=False)
    try:
        _migrate(store, "0013")
        policies = PolicyStore(store)
        assert policies.set("contoso", OLDER).origin == OWN_POLICY
        assert PERMIT not in _rules(policies)
        _migrate(store, "0012", down=True)
        _migrate(store, "0013")
        assert PERMIT not in _rules(policies)
        assert not policies.is_default("contoso")
    finally:
        store.close()


def test_a_policy_changed_while_downgraded_gets_no_stale_provenance(database_url: str) -> None:
    """What the downgrade kept is put back only on the text it was recorded for: a policy the admin
    changed at 0012 (code that records none) is read as a row with none, never with the old one's."""
    store = Store(database_url, migrate=False)
    try:
        _migrate(store, "0013")
        policies = PolicyStore(store)
        policies.set("contoso", OLDER)
        policies.set("fabrikam", DEFAULT_POLICY)
        _migrate(store, "0012", down=True)
        with store.engine.begin() as db:  # what revision 0012's `policy set` writes: the text alone
            db.execute(
                text("UPDATE tenant_documents SET body = :b WHERE tenant_key = 'fabrikam'"), {"b": OLDER}
            )
        _migrate(store, "0013")
        with store.engine.connect() as db:
            rows = db.execute(text("SELECT tenant_key, origin FROM tenant_documents ORDER BY 1")).all()
        assert [tuple(r) for r in rows] == [("contoso", OWN_POLICY), ("fabrikam", None)]
        assert "tenant_document_origins_kept" not in inspect(store.engine).get_table_names()
        assert PERMIT not in _rules(policies, "contoso")
    finally:
        store.close()


def test_the_default_stays_followed_across_a_downgrade_and_upgrade(database_url: str) -> None:
    """The other direction holds: a tenant that stored today's default still follows it."""
    store = Store(database_url, migrate=False)
    try:
        _migrate(store, "0013")
        policies = PolicyStore(store)
        assert policies.set("contoso", DEFAULT_POLICY).origin == FOLLOWS_DEFAULT
        _migrate(store, "0012", down=True)
        _migrate(store, "0013")
        assert policies.is_default("contoso")
        assert policies.text("contoso") == DEFAULT_POLICY
    finally:
        store.close()


def test_two_tenants_keep_their_own_provenance(database_url: str) -> None:
    """Two tenants of one installation (one provider's customers): one stores the older default as its
    own, the other today's default; neither's provenance leaks to the other."""
    store = Store(database_url)
    try:
        policies = PolicyStore(store)
        policies.set("contoso", OLDER)
        policies.set("fabrikam", DEFAULT_POLICY)
        assert PERMIT not in _rules(policies, "contoso")
        assert PERMIT in _rules(policies, "fabrikam")
        assert policies.is_default("fabrikam")
        assert not policies.is_default("contoso")
        policies.set("fabrikam", OLDER)  # now fabrikam narrows too
        assert PERMIT not in _rules(policies, "fabrikam")
        policies.set("contoso", DEFAULT_POLICY)  # and contoso goes back to the default
        assert policies.is_default("contoso")
        assert not policies.is_default("fabrikam")
    finally:
        store.close()


def test_restoring_after_a_failed_audit_keeps_the_provenance_replaced(store: Store) -> None:
    """`restore` (a change whose audit record failed) puts the old text back with its own provenance: the
    admin's older default stays theirs, never read as a default."""
    policies = PolicyStore(store)
    policies.set("contoso", OLDER)
    change = policies.set("contoso", DEFAULT_POLICY)
    policies.restore(change)
    assert PERMIT not in _rules(policies)
    assert not policies.is_default("contoso")
