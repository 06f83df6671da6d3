"""Per-tenant policies in the database: the default until set, validated before set, the same for every
process that opens the database, and an old policy file imported once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.errors import ConfigError
from mailwarden.policy import DEFAULT_POLICY, InvalidPolicy
from mailwarden.policy.store import PolicyStore
from mailwarden.store import Store

PERMIT_ALL = '@id("all")\n@reason("Everything is allowed here.")\npermit (principal, action, resource);\n'


def test_a_tenant_without_a_policy_uses_the_default_policy(store: Store) -> None:
    policies = PolicyStore(store)
    assert policies.is_default("demo")
    assert policies.text("demo") == DEFAULT_POLICY
    assert policies.engine("demo").text == DEFAULT_POLICY


def test_set_stores_the_policy_and_returns_old_and_new(store: Store) -> None:
    policies = PolicyStore(store)
    change = policies.set("contoso", PERMIT_ALL)
    assert (change.old_text, change.new_text, change.was_default) == (DEFAULT_POLICY, PERMIT_ALL, True)
    assert policies.text("contoso") == PERMIT_ALL
    assert policies.text("demo") == DEFAULT_POLICY  # other tenants are untouched
    again = policies.set("contoso", DEFAULT_POLICY)
    assert (again.old_text, again.was_default) == (PERMIT_ALL, False)


def test_two_servers_on_one_database_agree_on_the_policy(
    database_url: str,
    tmp_path: Path,
) -> None:
    """Two processes with data folders of their own (two machines behind a load balancer) see one policy."""
    with Store(database_url) as first, Store(database_url) as second:
        PolicyStore(first, tmp_path / "one").set("contoso", PERMIT_ALL)
        assert PolicyStore(second, tmp_path / "two").text("contoso") == PERMIT_ALL


def test_set_refuses_an_invalid_policy_and_keeps_the_old_one(store: Store) -> None:
    policies = PolicyStore(store)
    policies.set("contoso", PERMIT_ALL)
    with pytest.raises(InvalidPolicy):
        policies.set("contoso", "permit (principal, action, resource) when { nonsense };")
    assert policies.text("contoso") == PERMIT_ALL


def test_restore_undoes_a_set(store: Store) -> None:
    """restore() brings back the old policy, or the default when there was none."""
    policies = PolicyStore(store)
    policies.restore(policies.set("contoso", PERMIT_ALL))
    assert policies.is_default("contoso")
    policies.set("contoso", PERMIT_ALL)
    policies.restore(policies.set("contoso", DEFAULT_POLICY))
    assert policies.text("contoso") == PERMIT_ALL


def test_an_old_policy_file_is_imported_once(store: Store, tmp_path: Path) -> None:
    """A policy.cedar from before is the tenant's policy; set aside once imported, so a later reset to the
    default does not bring it back."""
    old = tmp_path / "tenants" / "contoso" / "policy.cedar"
    old.parent.mkdir(parents=True)
    old.write_text(PERMIT_ALL)
    policies = PolicyStore(store, tmp_path)
    assert policies.text("contoso") == PERMIT_ALL
    assert not old.exists()
    assert old.with_name("policy.cedar.imported").read_text() == PERMIT_ALL
    change = policies.set("contoso", DEFAULT_POLICY)
    assert (change.old_text, change.was_default) == (PERMIT_ALL, False)


@pytest.mark.parametrize("key", ["../etc", "a/b", "", ".hidden", "x" * 101])
def test_tenant_keys_are_plain_names(key: str) -> None:
    with pytest.raises(ConfigError):
        PolicyStore.check_key(key)
