"""What the policy knows of a tenant before reading it live: the directory, its admins, and the targets its
admins set (sensitive resources, owners) — the same for the CLI, the API and the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailwarden.policy.entities import Org
from mailwarden.tenants.targets import org_overrides

if TYPE_CHECKING:
    from mailwarden.directory.snapshot import Directory
    from mailwarden.workspace import Workspace

__all__ = ["org_facts"]


def org_facts(workspace: Workspace, tenant_key: str, directory: Directory) -> Org:
    """The tenant's Org from the cached `directory` and the targets its admins set."""
    sensitive, owners = org_overrides(workspace, tenant_key, directory)
    admins = frozenset(r.recipient_id for r in directory if r.is_admin)
    return Org(directory=directory, admins=admins, sensitive=sensitive, owners=owners)
