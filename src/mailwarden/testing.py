"""Helpers for testing scripts and integrations against mailwarden's tenant emulator.

from mailwarden.testing import running_emulator

with running_emulator(tmp_path) as em:
    ...  # connect with em.url, em.ca_file, em.tenant_id, em.client_id, em.client_secret
"""

from __future__ import annotations

from mailwarden.emulator.serve import RunningEmulator, running_emulator

__all__ = ["RunningEmulator", "running_emulator"]
