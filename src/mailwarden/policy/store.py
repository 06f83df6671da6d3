"""Each tenant's policy, kept in the database (store/documents.py); absent, the default policy.

A policy is set only once it validates (InvalidPolicy otherwise, and nothing changes), in one
transaction, so every server and worker reads the old policy or the new one, never half of one. `set`
returns the old and the new text, and the provenance recorded, for the audit log.

Provenance (red team 36, migration 0013). `set` records whether the text it stores is the current shipped
default (comments and blank lines aside): stored AS the default ("default"), it follows later defaults, so
a tenant that saved the default gets the rules the default gains (policy/older_defaults.py); anything else
is the tenant's own ("own"), decided as written, even when it equals an older default (an admin who took
a permit out of today's default and so wrote an older one keeps the permit out). A row stored before
provenance was recorded has none: an unmodified copy of a default shipped before then follows the current
default (it was stored as the default of its release), any other text is the tenant's own. A
`<home>/tenants/<key>/policy.cedar` file from before policies moved into the database is imported the first
time the tenant's policy is read, with no provenance (it is from before as well).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mailwarden.errors import ConfigError
from mailwarden.policy.compare import compare_with_default
from mailwarden.policy.engine import DEFAULT_POLICY, CompiledPolicy, PolicyEngine, compile_policy
from mailwarden.policy.older_defaults import fingerprint, is_shipped_default, is_unrecorded_default
from mailwarden.store.db import Store
from mailwarden.store.documents import StoredDocument, TenantDocuments

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # not imported at run time (a cold start imports no ORM)

__all__ = ["FOLLOWS_DEFAULT", "OWN_POLICY", "POLICY_KIND", "PolicyChange", "PolicyStore"]

POLICY_KIND = "policy"
FOLLOWS_DEFAULT = "default"
"""Provenance of a text stored as the then-current shipped default: it follows later defaults."""
OWN_POLICY = "own"
"""Provenance of any other text: the tenant's own, decided as written."""
_TENANT_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class PolicyChange:
    """What `set` did: the text before (the default's, if the tenant had none) and after."""

    tenant_key: str
    old_text: str
    new_text: str
    was_default: bool
    """The tenant had no policy of its own stored before (`restore` deletes the new one)."""
    policy: CompiledPolicy
    origin: str = OWN_POLICY
    """The provenance recorded with the new text: FOLLOWS_DEFAULT or OWN_POLICY."""
    old_origin: str | None = None
    """The provenance the replaced text had (None: none recorded, or there was none)."""

    @property
    def follows_default(self) -> bool:
        return self.origin == FOLLOWS_DEFAULT

    @property
    def older_default(self) -> bool:
        """The text set is a default shipped before today's, kept as written (it does not follow)."""
        return not self.follows_default and is_shipped_default(self.new_text)

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

    def _own(self, tenant_key: str) -> StoredDocument | None:
        return self._documents.document(self.check_key(tenant_key), POLICY_KIND)

    @staticmethod
    def _follows(own: StoredDocument) -> bool:
        """Whether a stored policy follows the current default: stored as the default (provenance), or,
        stored before provenance was recorded, an unmodified copy of a default shipped before then."""
        if own.origin is None:
            return is_unrecorded_default(own.body)
        return own.origin == FOLLOWS_DEFAULT

    def is_default(self, tenant_key: str) -> bool:
        """Whether the tenant uses the default policy (and follows its updates): it has no policy of its
        own, or the one stored was stored as the default (`_follows`)."""
        own = self._own(tenant_key)
        return own is None or self._follows(own)

    def source(self, tenant_key: str) -> str:
        """What the tenant's policy is, as `policy show` says it."""
        if self.is_default(tenant_key):
            return "the shipped default, follows updates"
        return "your policy (as written; it does not follow updates of the default)"

    def upgraded(self, tenant_key: str) -> bool:
        """Whether the tenant's stored policy follows the default but is a copy of an older one, decided
        with as the current default (policy/older_defaults.py)."""
        own = self._own(tenant_key)
        return own is not None and self._follows(own) and fingerprint(own.body) != fingerprint(DEFAULT_POLICY)

    def text(self, tenant_key: str) -> str:
        """The tenant's policy text: its own, or the default policy (also for a stored copy that follows
        the default: it gets the rules the default gained since; the tenant's own is kept as is)."""
        own = self._own(tenant_key)
        return DEFAULT_POLICY if own is None or self._follows(own) else own.body

    def warnings(self, tenant_key: str) -> list[str]:
        """What the health check says of the tenant's policy: what a customised copy lacks of the current
        default (policy/compare.py), or that an unmodified older copy is decided as the current default."""
        if self.upgraded(tenant_key):
            return [
                "the tenant's stored policy is an unmodified copy of an older default policy, stored as the "
                "default: mailwarden decides with the current default instead (with the rules it gained "
                "since)"
            ]
        return compare_with_default(self.text(tenant_key), is_default=self.is_default(tenant_key)).warnings()

    def engine(self, tenant_key: str) -> PolicyEngine:
        """An engine with the tenant's policy; InvalidPolicy if an imported file held an invalid one."""
        return PolicyEngine(self.text(tenant_key))

    def set(self, tenant_key: str, text: str) -> PolicyChange:
        """Validate `text`, then make it the tenant's policy, with its provenance: FOLLOWS_DEFAULT when it
        is the current shipped default (comments, blank lines and trailing spaces aside), else OWN_POLICY
        (an older default included); InvalidPolicy leaves everything as it was."""
        change = self.change(tenant_key, text)
        with self._documents.store.session() as session:
            self.write(session, change)
        return change

    def change(self, tenant_key: str, text: str) -> PolicyChange:
        """What `set` would do (`text` validated, the policy it replaces read); nothing is written until
        `write`. InvalidPolicy for a text that does not validate."""
        compiled = compile_policy(text)
        origin = FOLLOWS_DEFAULT if fingerprint(text) == fingerprint(DEFAULT_POLICY) else OWN_POLICY
        old = self._own(tenant_key)  # imports an old file first, so it is the one replaced
        return PolicyChange(
            tenant_key,
            DEFAULT_POLICY if old is None else old.body,
            text,
            old is None,
            compiled,
            origin=origin,
            old_origin=None if old is None else old.origin,
        )

    def write(self, session: Session, change: PolicyChange) -> None:
        """Store `change` in `session` (the transaction of its audit record: both are committed or neither),
        if the tenant's policy is still the one `change` replaces; ConfigError when another change came
        meanwhile (its record would say it replaced a policy that was no longer there)."""
        was = None if change.was_default else StoredDocument(change.old_text, change.old_origin)
        key = self.check_key(change.tenant_key)
        if not self._documents.replace_in(session, key, POLICY_KIND, change.new_text, change.origin, was=was):
            raise ConfigError(f"The policy of tenant {key!r} changed meanwhile; try again.")

    def restore(self, change: PolicyChange) -> None:
        """Undo `change` (when what had to follow it, such as its audit record, failed)."""
        if change.was_default:
            self._documents.delete(change.tenant_key, POLICY_KIND)
        else:
            self._documents.replace(change.tenant_key, POLICY_KIND, change.old_text, change.old_origin)
