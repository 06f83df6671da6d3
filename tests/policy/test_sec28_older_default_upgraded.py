"""Security 28 (sec26 left over): a tenant whose stored policy is an unmodified copy of an older default
lacked the approval rule `admin-approves-address-taking-forwarded-mail` the run-time re-check needs. Such a
copy, stored before provenance was recorded (migration 0013; red team 36: one set since is read by its
provenance, tests/policy/test_sec32_policy_provenance.py), is read as the current default; a customised copy
is never replaced (that could widen what its admins narrowed) and the health check warns, by name, what it
lacks."""

from __future__ import annotations

from pathlib import Path

from mailwarden.policy import DEFAULT_POLICY
from mailwarden.policy.compare import compare_with_default
from mailwarden.policy.engine import compile_policy
from mailwarden.policy.older_defaults import SHIPPED_DEFAULTS, fingerprint, is_shipped_default
from mailwarden.policy.store import PolicyStore
from mailwarden.store import Store
from mailwarden.store.documents import TenantDocuments

DATA = Path(__file__).parent / "data"
OLDER = (DATA / "default_2026_12_05.cedar").read_text(encoding="utf-8")
"""The default policy as shipped before `admin-approves-address-taking-forwarded-mail` (sec26's re-run)."""
NEW_RULE = "admin-approves-address-taking-forwarded-mail"


def _customised() -> str:
    """The older default with one rule's condition narrowed: the tenant's own policy from then on."""
    narrowed = OLDER.replace(
        '@id("admin-approves-address")\n@reason("An admin approves a change of primary address.")\n'
        'permit (principal, action == Action::"approve:change_primary_alias", resource)\n'
        'when { principal.role == "admin" };',
        '@id("admin-approves-address")\n@reason("An admin approves a change of primary address.")\n'
        'permit (principal, action == Action::"approve:change_primary_alias", resource)\n'
        'when { principal.role == "admin" && resource.kind != "shared_mailbox" };',
    )
    assert narrowed != OLDER
    return narrowed


def test_the_older_default_lacks_the_rule() -> None:
    assert NEW_RULE not in compile_policy(OLDER).rule_ids()
    assert NEW_RULE in compile_policy(DEFAULT_POLICY).rule_ids()


def _stored_before_provenance(store: Store, text: str) -> None:
    """A policy row as a release before migration 0013 left it: no provenance recorded."""
    TenantDocuments(store).put("contoso", "policy", text)


def test_a_stored_unmodified_older_default_is_decided_as_the_current_default(store: Store) -> None:
    policies = PolicyStore(store)
    _stored_before_provenance(store, OLDER)
    assert policies.text("contoso") == DEFAULT_POLICY
    assert NEW_RULE in policies.engine("contoso").policy.rule_ids()
    assert policies.upgraded("contoso")
    assert any("unmodified copy of an older default" in w for w in policies.warnings("contoso"))


def test_comments_blank_lines_and_line_endings_do_not_make_a_copy_customised(store: Store) -> None:
    edited = "// saved by Ada on 2026-12-05\n\n" + OLDER.replace("\n", "  \r\n")
    policies = PolicyStore(store)
    _stored_before_provenance(store, edited)
    assert policies.text("contoso") == DEFAULT_POLICY


def test_a_customised_copy_is_kept_as_it_is_and_warned_about_by_name(store: Store) -> None:
    policies = PolicyStore(store)
    mine = _customised()
    policies.set("contoso", mine)
    assert policies.text("contoso") == mine  # never widened to the default
    assert not policies.upgraded("contoso")
    warned = [w for w in policies.warnings("contoso") if NEW_RULE in w]
    assert warned, policies.warnings("contoso")
    assert "customised copy" in warned[0]
    assert "forwarded mail" in warned[0]


def test_a_customised_copy_that_has_the_rule_gets_no_such_warning() -> None:
    warnings = compare_with_default(DEFAULT_POLICY.replace("Your manager approves", "The manager approves"))
    assert not any("customised copy without" in w for w in warnings.warnings())


def test_the_current_default_is_recorded_as_shipped() -> None:
    """Changing default.cedar means adding its fingerprint to older_defaults.SHIPPED_DEFAULTS (and keeping
    the old ones), or a tenant's stored copy of today's default would not be upgraded tomorrow."""
    assert fingerprint(DEFAULT_POLICY) in SHIPPED_DEFAULTS
    assert is_shipped_default((DATA / "stored_copy_2026_11.cedar").read_text(encoding="utf-8"))
