"""Helpers for testing scripts and integrations against mailwarden's tenant emulator.

from mailwarden.testing import running_emulator

with running_emulator(tmp_path) as em:
    ...  # connect with em.url, em.ca_file, em.tenant_id, em.client_id, em.client_secret
"""

from __future__ import annotations

from mailwarden.emulator.serve import RunningEmulator, running_emulator

__all__ = ["IMPORTS_PROBE", "RunningEmulator", "running_emulator"]

IMPORTS_PROBE = """
import json, sys
sys.argv = ["mailwarden", *sys.argv[1:]]
from mailwarden.cli.main import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(list(sys.modules)), file=sys.stderr)
"""
"""`python -c IMPORTS_PROBE ARGS...` runs `mailwarden ARGS...` and prints, as the last line on stderr, the
JSON list of the modules the command imported, in their order (for cold-start tests and the bench)."""
