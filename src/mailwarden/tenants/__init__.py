"""Tenants: connect one (validated, credential sealed at rest), check its health, and review its targets.

credentials.py   the sealed credential blob and the installation's key (Fernet)
connect.py       validate a connection (a Graph and an Exchange token) and add, rotate, remove tenants
health.py        the health check: a badge per capability with the fix; `capability_refusal`
targets.py       per-resource policy targets from discovery; `org_overrides` for the policy
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailwarden.lazy_exports import lazy_attribute, name_homes

if TYPE_CHECKING:
    from mailwarden.tenants.connect import (
        ConnectFailed,
        TenantSpec,
        add_tenant,
        connection_for,
        remove_tenant,
        rotate_credential,
        validate,
    )
    from mailwarden.tenants.health import (
        HealthReport,
        capability_refusal,
        check_tenant,
        load_report,
        save_report,
    )
    from mailwarden.tenants.targets import (
        Changes,
        Target,
        TargetFile,
        load_targets,
        org_overrides,
        refresh_targets,
    )

# Each name is imported from its module when first used: a command that only needs `targets` (every plan
# on the demo tenant) must not pay for connecting and health checking (msal sign-in, credential sealing).
_HOME = name_homes(
    {
        "connect": "ConnectFailed TenantSpec add_tenant connection_for remove_tenant rotate_credential "
        "validate",
        "health": "HealthReport capability_refusal check_tenant load_report save_report",
        "targets": "Changes Target TargetFile load_targets org_overrides refresh_targets",
    }
)


def __getattr__(name: str) -> Any:
    return lazy_attribute(__name__, _HOME, name)


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
