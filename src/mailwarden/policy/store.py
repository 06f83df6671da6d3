"""Each tenant's policy, kept in the database (store/documents.py); absent, the default policy.

A policy is set only once it validates (InvalidPolicy otherwise, and nothing changes), in one
transaction, so every server and worker reads the old policy or the new one, never half of one. `set`
returns the old and the new text for the audit log. A stored, unmodified copy of an older default is read
as the current default (policy/older_defaults.py); a customised one as it is. A
`<home>/tenants/<key>/policy.cedar` file from before policies moved into the database is imported the first
time the tenant's policy is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mailwarden.errors import ConfigError
from mailwarden.policy.compare import compare_with_default
from mailwarden.policy.engine import DEFAULT_POLICY, CompiledPolicy, PolicyEngine, compile_policy
from mailwarden.policy.older_defaults import is_shipped_default
from mailwarden.store.db import Store
from mailwarden.store.documents import TenantDocuments

__all__ = ["POLICY_KIND", "PolicyChange", "PolicyStore"]

POLICY_KIND = "policy"
_TENANT_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class PolicyChange:
    """What `set` did: the text before (the default's, if the tenant had none) and after."""

    tenant_key: str
    old_text: str
    new_text: str
    was_default: bool
    policy: CompiledPolicy

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text

    @property
    def where(self) -> str:
        """Where the policy is kept, for messages and the audit record."""
        return f"the database (tenant {self.tenant_key!r})"


class PolicyStore:
    """The policies of every tenant in one database; `home` is where old policy files are imported from."""

    def __init__(self, store: Store, home: Path | None = None) -> None:
        self._documents = TenantDocuments(store, home)

    @staticmethod
    def check_key(tenant_key: str) -> str:
        if not _TENANT_KEY.match(tenant_key) or ".." in tenant_key:
            raise ConfigError(
                f"{tenant_key!r} is not a tenant key (letters, digits, '.', '_' and '-', up to 100)."
            )
        return tenant_key

    def _own(self, tenant_key: str) -> str | None:
        return self._documents.get(self.check_key(tenant_key), POLICY_KIND)

    def is_default(self, tenant_key: str) -> bool:
        """Whether the tenant uses the default policy: it has no policy of its own, or its own is an
        unmodified copy of a default mailwarden shipped (`upgraded`)."""
        own = self._own(tenant_key)
        return own is None or is_shipped_default(own)

    def upgraded(self, tenant_key: str) -> bool:
        """Whether the tenant's stored policy is an unmodified copy of an older default, decided with as
        the current default (policy/older_defaults.py)."""
        own = self._own(tenant_key)
        return own is not None and own != DEFAULT_POLICY and is_shipped_default(own)

    def text(self, tenant_key: str) -> str:
        """The tenant's policy text: its own, or the default policy (also for a stored, unmodified copy of
        an older default: it gets the rules the default gained since; a customised copy is kept as is)."""
        own = self._own(tenant_key)
        return DEFAULT_POLICY if own is None or is_shipped_default(own) else own

    def warnings(self, tenant_key: str) -> list[str]:
        """What the health check says of the tenant's policy: what a customised copy lacks of the current
        default (policy/compare.py), or that an unmodified older copy is decided as the current default."""
        if self.upgraded(tenant_key):
            return [
                "the tenant's stored policy is an unmodified copy of an older default policy: mailwarden "
                "decides with the current default instead (with the rules it gained since)"
            ]
        return compare_with_default(self.text(tenant_key), is_default=self.is_default(tenant_key)).warnings()

    def engine(self, tenant_key: str) -> PolicyEngine:
        """An engine with the tenant's policy; InvalidPolicy if an imported file held an invalid one."""
        return PolicyEngine(self.text(tenant_key))

    def set(self, tenant_key: str, text: str) -> PolicyChange:
        """Validate `text`, then make it the tenant's policy; InvalidPolicy leaves everything as it was."""
        compiled = compile_policy(text)
        old = self._documents.put(self.check_key(tenant_key), POLICY_KIND, text)
        return PolicyChange(tenant_key, DEFAULT_POLICY if old is None else old, text, old is None, compiled)

    def restore(self, change: PolicyChange) -> None:
        """Undo `change` (when what had to follow it, such as its audit record, failed)."""
        if change.was_default:
            self._documents.delete(change.tenant_key, POLICY_KIND)
        else:
            self._documents.put(change.tenant_key, POLICY_KIND, change.old_text)
