"""Red team 84 F2: a command's logs (structlog's console renderer on stderr, mailwarden.logs) skipped the
console's `shown`: the renderer prints a string value without a space as it is, so a tenant-derived value a
warning carries (an expiry refusal's reason, a Graph or Exchange error echoing a display name) reached the
terminal with its escape sequences (erase a line, plant an OSC 8 link). Now every value of a stderr line is
`shown` first, an exception's text too."""

from __future__ import annotations

import os
import subprocess
import sys

_WARN = """
from mailwarden.logs import get_logger, log_to_stderr
log_to_stderr()
log = get_logger("mailwarden.workflow.requests")
log.warning("expiry_refused", tenant="acme", reason="\\x1b]8;;https://evil.example/\\x07click\\x1b]8;;\\x07\\x1b[2K")
try:
    raise ValueError("Couldn't find object \\x1b[1Anobody")
except ValueError:
    log.exception("expiry_failed", tenant="acme")
"""


def test_a_warning_never_carries_escape_sequences_to_the_terminal() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    done = subprocess.run([sys.executable, "-c", _WARN], capture_output=True, text=True, env=env, check=True)
    assert "\x1b]8;;" not in done.stderr, repr(done.stderr)
    assert "\x1b[2K" not in done.stderr, repr(done.stderr)
    assert "\x1b[1A" not in done.stderr, repr(done.stderr)
    assert "reason=\ufffd]8;;https://evil.example/\ufffdclick" in done.stderr, repr(done.stderr)  # still said
    assert "ValueError: Couldn't find object \ufffd[1Anobody" in done.stderr, repr(done.stderr)
