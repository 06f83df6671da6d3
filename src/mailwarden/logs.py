"""mailwarden's loggers: structlog's, with structlog imported at a logger's first event, not at import.

structlog loads rich's console, pretty-printer and tracebacks with itself: tens of milliseconds that every
command paid at start, though most (a plan) log nothing. So modules take their logger from `get_logger`
here, never from structlog directly (tests/cli/test_cold_start.py checks that), and a command asks for
its logs on stderr with `log_to_stderr`, which holds whenever structlog gets imported.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["get_logger", "log_to_stderr"]

_to_stderr = False


def get_logger(name: str) -> Any:
    """structlog's logger `name`, imported and configured when it logs first."""
    return _Logger(name)


def log_to_stderr() -> None:
    """For commands: structlog prints to stdout by default, where a command's --json answer goes; its
    warnings (a notification that did not go out) go to stderr. Unless something configured it already."""
    global _to_stderr
    _to_stderr = True
    if "structlog" in sys.modules:
        _structlog()


class _Logger:
    """Forwards each call to structlog's logger, which binds its configuration at that call."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, method: str) -> Any:
        return getattr(_structlog().get_logger(self._name), method)


def _structlog() -> Any:
    import structlog

    if _to_stderr and not structlog.is_configured():
        # The stream is looked up at each line (tests swap it).
        structlog.configure(logger_factory=lambda *args: structlog.PrintLogger(sys.stderr))
    return structlog
