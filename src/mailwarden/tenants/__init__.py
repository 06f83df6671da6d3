"""Tenants: connect one (validated, credential sealed at rest), check its health, and review its targets.

credentials.py   the sealed credential blob and the installation's key (Fernet)
connect.py       validate a connection (a Graph and an Exchange token) and add, rotate, remove tenants
health.py        the health check: a badge per capability with the fix; `capability_refusal`
targets.py       per-resource policy targets from discovery; `org_overrides` for the policy
"""

from mailwarden.tenants.connect import (
    ConnectFailed,
    TenantSpec,
    add_tenant,
    connection_for,
    remove_tenant,
    rotate_credential,
    validate,
)
from mailwarden.tenants.health import HealthReport, capability_refusal, check_tenant, load_report, save_report
from mailwarden.tenants.targets import (
    Changes,
    Target,
    TargetFile,
    load_targets,
    org_overrides,
    refresh_targets,
)

__all__ = [
    "Changes",
    "ConnectFailed",
    "HealthReport",
    "Target",
    "TargetFile",
    "TenantSpec",
    "add_tenant",
    "capability_refusal",
    "check_tenant",
    "connection_for",
    "load_report",
    "load_targets",
    "org_overrides",
    "refresh_targets",
    "remove_tenant",
    "rotate_credential",
    "save_report",
    "validate",
]
