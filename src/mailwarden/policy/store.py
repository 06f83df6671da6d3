"""Each tenant's policy file: `<home>/tenants/<tenant_key>/policy.cedar`; absent, the default policy.

A policy is set only once it validates (InvalidPolicy otherwise, and the file is untouched), and the file
is replaced atomically under a lock, so a reader sees the old policy or the new one, never half of one,
and two `set`s at once do not interleave. `set` returns the old and the new text for the audit log.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from mailwarden.data_folder import LOCK_MODE, private_dir
from mailwarden.errors import ConfigError
from mailwarden.policy.engine import DEFAULT_POLICY, CompiledPolicy, PolicyEngine, compile_policy

__all__ = ["POLICY_FILE", "PolicyChange", "PolicyStore"]

POLICY_FILE = "policy.cedar"
_TENANT_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class PolicyChange:
    """What `set` did: the text before (the default's, if the tenant had none) and after."""

    tenant_key: str
    path: Path
    old_text: str
    new_text: str
    was_default: bool
    policy: CompiledPolicy

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text


class PolicyStore:
    """The policy files of every tenant under one data folder."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)

    def path(self, tenant_key: str) -> Path:
        if not _TENANT_KEY.match(tenant_key) or ".." in tenant_key:
            raise ConfigError(
                f"{tenant_key!r} is not a tenant key (letters, digits, '.', '_' and '-', up to 100)."
            )
        return self.home / "tenants" / tenant_key / POLICY_FILE

    def is_default(self, tenant_key: str) -> bool:
        """Whether the tenant has no policy file of its own (and so uses the default policy)."""
        return not self.path(tenant_key).exists()

    def text(self, tenant_key: str) -> str:
        """The tenant's policy text: its own file, or the default policy."""
        try:
            return self.path(tenant_key).read_text(encoding="utf-8")
        except FileNotFoundError:
            return DEFAULT_POLICY

    def engine(self, tenant_key: str) -> PolicyEngine:
        """An engine with the tenant's policy; InvalidPolicy if its file was edited into an invalid one."""
        return PolicyEngine(self.text(tenant_key))

    def set(self, tenant_key: str, text: str) -> PolicyChange:
        """Validate `text`, then make it the tenant's policy; InvalidPolicy leaves everything as it was."""
        compiled = compile_policy(text)
        path = self.path(tenant_key)
        private_dir(path.parent)
        with FileLock(str(path.with_suffix(".lock")), mode=LOCK_MODE):
            was_default = not path.exists()
            old = self.text(tenant_key)
            _write_atomically(path, text)
        return PolicyChange(tenant_key, path, old, text, was_default, compiled)

    def restore(self, change: PolicyChange) -> None:
        """Undo `change` (when what had to follow it, such as its audit record, failed)."""
        with FileLock(str(change.path.with_suffix(".lock")), mode=LOCK_MODE):
            if change.was_default:
                change.path.unlink(missing_ok=True)
            else:
                _write_atomically(change.path, change.old_text)


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".policy-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
