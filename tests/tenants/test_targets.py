"""Policy targets: proposed from discovery, changed by admins (audited), and fed to the policy."""

from __future__ import annotations

import io

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError
from mailwarden.model.decisions import ApprovalRequired, Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import parse_step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.store.tenants import TenantRecord
from mailwarden.tenants.targets import (
    diff_directories,
    load_targets,
    org_overrides,
    propose_targets,
    refresh_targets,
    update_targets,
)
from mailwarden.workspace import Workspace
from tests.directory.conftest import acme_directory


def _by(directory: Directory, address: str) -> Recipient:
    found = directory.address_owner(address)
    assert found is not None, address
    return found


def _registered(workspace: Workspace) -> Workspace:
    workspace.tenants.add(
        TenantRecord(tenant_key="acme", display_name="Acme", cloud="emulator", tenant_id="t", client_id="c")
    )
    return workspace


def test_every_shared_mailbox_and_list_is_a_target_with_its_owners() -> None:
    """People are not targets; a shared mailbox keeps its discovered owners as approvers."""
    directory = acme_directory()
    file = propose_targets("acme", directory)
    addresses = {t.address for t in file.targets.values()}
    assert "support@acme.com" in addresses
    assert "all-sales@acme.com" in addresses
    assert "sarah@acme.com" not in addresses
    support = file.targets[_by(directory, "support@acme.com").recipient_id]
    assert support.owners == [_by(directory, "sarah@acme.com").recipient_id]
    assert support.self_service


def test_hr_and_finance_are_suggested_sensitive_and_support_is_not() -> None:
    """Discovery suggests sensitivity from the address; suggestions are marked as not set by an admin."""
    directory = acme_directory()
    file = propose_targets("acme", directory)
    hr = file.targets[_by(directory, "hr@acme.com").recipient_id]
    support = file.targets[_by(directory, "support@acme.com").recipient_id]
    assert hr.sensitive
    assert not hr.sensitivity_set_by_admin
    assert not hr.self_service
    assert not support.sensitive


def test_a_rediscovery_keeps_what_admins_set_and_refreshes_the_rest() -> None:
    """An admin's sensitivity and owners survive a new proposal; a recipient gone from the tenant goes."""
    directory = acme_directory()
    first = propose_targets("acme", directory)
    support_id = _by(directory, "support@acme.com").recipient_id
    jane_id = _by(directory, "jane.doe@acme.com").recipient_id
    hr_id = _by(directory, "hr@acme.com").recipient_id
    first.targets[support_id].sensitive = True
    first.targets[support_id].sensitivity_set_by_admin = True
    first.targets[hr_id].owners, first.targets[hr_id].owners_set_by_admin = [jane_id], True
    billing_id = _by(directory, "billing@acme.com").recipient_id
    smaller = Directory([r for r in directory if r.recipient_id != billing_id], directory.domains)
    second = propose_targets("acme", smaller, first)
    assert second.targets[support_id].sensitive
    assert second.targets[hr_id].owners == [jane_id]
    assert billing_id not in second.targets


def test_a_diff_names_new_removed_and_changed_recipients() -> None:
    """Between two directories: a new and a removed recipient, a list with new owners and members."""
    old = acme_directory()
    sales_list = _by(old, "all-sales@acme.com")
    billing = _by(old, "billing@acme.com")
    jane = _by(old, "jane.doe@acme.com")
    changed = sales_list.model_copy(
        update={
            "owners": (*sales_list.owners, jane.recipient_id),
            "members": (*sales_list.members, jane.recipient_id),
        }
    )
    newcomer = jane.model_copy(
        update={
            "recipient_id": "00000000-0000-0000-0000-00000000abcd",
            "primary_address": "new.hire@acme.com",
            "addresses": ("new.hire@acme.com",),
            "upn": "new.hire@acme.com",
        }
    )
    kept = [changed if r.recipient_id == sales_list.recipient_id else r for r in old if r != billing]
    changes = diff_directories(old, Directory([*kept, newcomer], old.domains))
    assert changes.new == ["new.hire@acme.com"]
    assert changes.removed == ["billing@acme.com"]
    assert changes.owners_changed == ["all-sales@acme.com"]
    assert changes.members_changed == ["all-sales@acme.com"]


def test_the_first_discovery_records_no_changes_and_the_next_one_does(workspace: Workspace) -> None:
    """Nothing is "new" on a first discovery; a later one with a recipient gone lists it as removed."""
    directory = acme_directory()
    first = refresh_targets(workspace, "acme", Directory([]), directory)
    assert first.last_changes is None
    billing = _by(directory, "billing@acme.com")
    smaller = Directory([r for r in directory if r != billing], directory.domains)
    second = refresh_targets(workspace, "acme", directory, smaller)
    assert second.last_changes is not None
    assert second.last_changes.removed == ["billing@acme.com"]
    assert load_targets(workspace, "acme") == second


def test_admin_changes_are_audited_and_reach_the_policy(workspace: Workspace) -> None:
    """Marking support@ sensitive denies an employee's self-service; new owners become its approvers."""
    _registered(workspace)
    directory = acme_directory()
    step = parse_step(
        {
            "action": "mailbox_delegation",
            "change": "grant",
            "mailbox": "support@acme.com",
            "trustee": "john@acme.com",
        }
    )
    engine = PolicyEngine()
    update_targets(
        workspace, "acme", directory, actor="ops", owners={"support@acme.com": ["jane.doe@acme.com"]}
    )
    sensitive, owners = org_overrides(workspace, "acme", directory)
    decision = engine.decide(
        Org(directory=directory, sensitive=sensitive, owners=owners), "john@acme.com", step
    )
    assert isinstance(decision, ApprovalRequired)
    assert decision.approvers == ["jane.doe@acme.com"]

    update_targets(workspace, "acme", directory, actor="ops", sensitive=["support@acme.com"])
    sensitive, owners = org_overrides(workspace, "acme", directory)
    decision = engine.decide(
        Org(directory=directory, sensitive=sensitive, owners=owners), "john@acme.com", step
    )
    assert isinstance(decision, Denied)

    out = io.StringIO()
    workspace.audit.export("jsonl", out, tenant="acme")
    records = out.getvalue()
    assert records.count("tenant.target_changed") == 2
    assert "jane.doe@acme.com" in records


def test_only_shared_mailboxes_and_lists_take_targets_and_only_users_own_them(workspace: Workspace) -> None:
    """A person cannot be marked sensitive, a list cannot own a mailbox; a refused change saves nothing."""
    _registered(workspace)
    directory = acme_directory()
    with pytest.raises(ConfigError, match="no policy target"):
        update_targets(workspace, "acme", directory, actor="ops", sensitive=["sarah@acme.com"])
    with pytest.raises(ConfigError, match="owners are enabled users"):
        update_targets(
            workspace, "acme", directory, actor="ops", owners={"support@acme.com": ["all-sales@acme.com"]}
        )
    assert load_targets(workspace, "acme") is None
    assert workspace.audit.head() == 0


def test_before_targets_are_saved_discoverys_proposal_is_in_force(workspace: Workspace) -> None:
    """With no targets file yet, the suggested sensitive resources already reach the policy; owners stand."""
    directory = acme_directory()
    sensitive, owners = org_overrides(workspace, "acme", directory)
    assert _by(directory, "hr@acme.com").recipient_id in sensitive
    assert _by(directory, "support@acme.com").recipient_id not in sensitive
    assert dict(owners) == {}
