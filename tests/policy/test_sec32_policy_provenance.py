"""Security 32 (red team 36's older default chosen): whether a stored policy follows the shipped default is
recorded when it is stored, never guessed from its text. A text stored as the then-current default follows
later defaults; a text an admin sets that equals an older default is theirs, as written; a row stored
before provenance was recorded (or a policy file imported from then) that is an unmodified older default
follows, as security 28 made it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailwarden.audit import AuditLog
from mailwarden.policy import DEFAULT_POLICY
from mailwarden.policy import store as policy_store
from mailwarden.policy.older_defaults import is_shipped_default, is_unrecorded_default
from mailwarden.policy.store import FOLLOWS_DEFAULT, OWN_POLICY, PolicyStore
from mailwarden.store import Store
from mailwarden.store.documents import TenantDocuments
from mailwarden.workspace import DEMO_TENANT, Workspace
from tests.policy.test_cli import home, invoke  # noqa: F401 - the CLI tests' data folder

OLDER = (Path(__file__).parents[1] / "security" / "data" / "redteam36_default_0744e38.cedar").read_text(
    encoding="utf-8"
)
"""The default as shipped at 0744e38, without the permit `owner-revokes-others-access`."""
PERMIT = "owner-revokes-others-access"


def _rules(policies: PolicyStore) -> set[str]:
    return set(policies.engine("contoso").policy.rule_ids())


def test_an_older_default_set_today_is_the_tenants_own_and_said_so(store: Store) -> None:
    policies = PolicyStore(store)
    change = policies.set("contoso", OLDER)
    assert (change.origin, change.follows_default, change.older_default) == (OWN_POLICY, False, True)
    assert policies.text("contoso") == OLDER
    assert PERMIT not in _rules(policies)
    assert not policies.is_default("contoso")
    assert not policies.upgraded("contoso")
    assert policies.source("contoso").startswith("your policy")
    assert any(PERMIT in w for w in policies.warnings("contoso")), policies.warnings("contoso")


def test_a_text_stored_as_the_default_then_follows_the_later_default(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OLDER set while it was the shipped default (the release of 0744e38): today it reads as today's."""
    policies = PolicyStore(store)
    with monkeypatch.context() as then:
        then.setattr(policy_store, "DEFAULT_POLICY", OLDER)
        change = policies.set("contoso", "// saved by Ada\n" + OLDER)
        assert change.origin == FOLLOWS_DEFAULT
        assert change.follows_default
        assert PERMIT not in _rules(policies)
    assert policies.text("contoso") == DEFAULT_POLICY
    assert PERMIT in _rules(policies)
    assert policies.is_default("contoso")
    assert policies.upgraded("contoso")
    assert policies.source("contoso") == "the shipped default, follows updates"


def test_todays_default_set_follows(store: Store) -> None:
    policies = PolicyStore(store)
    assert policies.set("contoso", DEFAULT_POLICY).origin == FOLLOWS_DEFAULT
    assert policies.is_default("contoso")
    assert not policies.upgraded("contoso")
    narrowed = DEFAULT_POLICY.replace("Your manager approves", "The manager approves")
    assert policies.set("contoso", narrowed).origin == OWN_POLICY
    assert policies.text("contoso") == narrowed


def test_a_row_stored_before_provenance_follows_only_when_it_is_an_unmodified_older_default(
    store: Store,
) -> None:
    """Rows from before migration 0013 have no provenance: an older default was stored as the default
    of its release (kept following); any other text is the tenant's own."""
    TenantDocuments(store).put("contoso", "policy", OLDER)
    TenantDocuments(store).put("fabrikam", "policy", OLDER.replace("owners", "owners "))
    policies = PolicyStore(store)
    assert policies.text("contoso") == DEFAULT_POLICY
    assert PERMIT in _rules(policies)
    assert not policies.is_default("fabrikam")
    assert is_unrecorded_default(OLDER)
    assert is_shipped_default(OLDER)


def test_restore_brings_back_the_provenance_too(store: Store) -> None:
    """A set whose audit record failed is undone with the provenance it replaced: a row from before keeps
    none (still following), one set as the default keeps following."""
    TenantDocuments(store).put("contoso", "policy", OLDER)
    policies = PolicyStore(store)
    change = policies.set("contoso", OLDER)  # the same text, set today: own
    assert change.old_origin is None
    assert PERMIT not in _rules(policies)
    policies.restore(change)
    assert policies.is_default("contoso")
    assert PERMIT in _rules(policies)
    policies.set("contoso", DEFAULT_POLICY)
    policies.restore(policies.set("contoso", OLDER))
    assert policies.is_default("contoso")


def test_an_old_policy_file_imported_is_read_as_a_row_from_before(store: Store, tmp_path: Path) -> None:
    for tenant, text in (("contoso", OLDER), ("fabrikam", OLDER.replace("owners", "owners "))):
        old = tmp_path / "tenants" / tenant / "policy.cedar"
        old.parent.mkdir(parents=True)
        old.write_text(text)
    policies = PolicyStore(store, tmp_path)
    assert policies.text("contoso") == DEFAULT_POLICY
    assert not policies.is_default("fabrikam")
    stored = TenantDocuments(store).document("contoso", "policy")
    assert stored is not None
    assert stored.origin is None


def test_the_cli_says_which_it_is_and_audits_the_provenance(tmp_path: Path, home: Path) -> None:  # noqa: F811
    shown = invoke("show")
    assert "the shipped default, follows updates" in shown.stderr
    older = tmp_path / "older.cedar"
    older.write_text(OLDER)
    done = invoke("set", str(older), "--as", "grace.hopper@acme.com")
    assert done.exit_code == 0, done.output
    assert "older shipped default" in done.stdout
    shown = invoke("show")
    assert "your policy" in shown.stderr
    assert shown.stdout == OLDER
    data = json.loads(invoke("show", "--json").stdout)
    assert (data["source"], data["follows_default"]) == ("tenant", False)
    workspace = Workspace.open()
    try:
        (record,) = [
            r
            for r in AuditLog(workspace.store, workspace.settings.home).iter_records()
            if r.event == "policy.set"
        ]
        assert PERMIT not in workspace.policies.engine(DEMO_TENANT).policy.rule_ids()
    finally:
        workspace.close()
    assert record.detail["provenance"] == "own"
    assert record.detail["older_default"] is True
