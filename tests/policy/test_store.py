"""Per-tenant policy files: the default until set, validated before set, replaced atomically."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.errors import ConfigError
from mailwarden.policy import DEFAULT_POLICY, InvalidPolicy
from mailwarden.policy.store import PolicyStore

PERMIT_ALL = '@id("all")\n@reason("Everything is allowed here.")\npermit (principal, action, resource);\n'


def test_a_tenant_without_a_file_uses_the_default_policy(tmp_path: Path) -> None:
    """No file: the text is the default policy and the engine decides with it."""
    store = PolicyStore(tmp_path)
    assert store.is_default("demo")
    assert store.text("demo") == DEFAULT_POLICY
    assert store.engine("demo").text == DEFAULT_POLICY


def test_set_writes_the_tenant_file_and_returns_old_and_new(tmp_path: Path) -> None:
    """set() stores the text under tenants/<key>/policy.cedar and reports both texts for the audit."""
    store = PolicyStore(tmp_path)
    change = store.set("contoso", PERMIT_ALL)
    assert change.path == tmp_path / "tenants" / "contoso" / "policy.cedar"
    assert (change.old_text, change.new_text, change.was_default) == (DEFAULT_POLICY, PERMIT_ALL, True)
    assert store.text("contoso") == PERMIT_ALL
    assert store.text("demo") == DEFAULT_POLICY  # other tenants are untouched
    again = store.set("contoso", DEFAULT_POLICY)
    assert (again.old_text, again.was_default) == (PERMIT_ALL, False)
    assert not list(change.path.parent.glob(".policy-*"))  # no temporary file left behind


def test_set_refuses_an_invalid_policy_and_keeps_the_file(tmp_path: Path) -> None:
    """An invalid text raises InvalidPolicy and the tenant's policy stays as it was."""
    store = PolicyStore(tmp_path)
    store.set("contoso", PERMIT_ALL)
    with pytest.raises(InvalidPolicy):
        store.set("contoso", "permit (principal, action, resource) when { nonsense };")
    assert store.text("contoso") == PERMIT_ALL


def test_restore_undoes_a_set(tmp_path: Path) -> None:
    """restore() brings back the old file, or the default when there was none."""
    store = PolicyStore(tmp_path)
    store.restore(store.set("contoso", PERMIT_ALL))
    assert store.is_default("contoso")
    store.set("contoso", PERMIT_ALL)
    store.restore(store.set("contoso", DEFAULT_POLICY))
    assert store.text("contoso") == PERMIT_ALL


@pytest.mark.parametrize("key", ["../etc", "a/b", "", ".hidden", "x" * 101])
def test_tenant_keys_cannot_escape_the_data_folder(tmp_path: Path, key: str) -> None:
    """A tenant key is one plain folder name; anything else is a ConfigError."""
    with pytest.raises(ConfigError):
        PolicyStore(tmp_path).path(key)
