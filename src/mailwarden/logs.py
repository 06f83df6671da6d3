"""mailwarden's loggers: structlog's, with structlog imported at a logger's first event, not at import.

structlog loads rich's console, pretty-printer and tracebacks with itself: tens of milliseconds that every
command paid at start, though most (a plan) log nothing. So modules take their logger from `get_logger`
here, never from structlog directly (tests/cli/test_cold_start.py checks that), and a command asks for
its logs on stderr with `log_to_stderr`, which holds whenever structlog gets imported.
"""

from __future__ import annotations

import re
import sys
from collections.abc import MutableMapping
from typing import Any

__all__ = ["get_logger", "log_to_stderr", "shown"]

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters but the line break and the tab: ESC (CSI, OSC), BEL, CR, DEL and the rest."""


def shown(text: str) -> str:
    """`text` with every control character replaced (U+FFFD), so tenant text (a display name, an Exchange
    error that echoes one) never reaches the terminal as a sequence that erases or rewrites other lines or
    plants a link (red team 82). Rich itself strips only BEL, BS, VT, FF and CR."""
    return _CONTROLS.sub("\ufffd", text)


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
        *before, renderer = structlog.get_config()["processors"]  # structlog's defaults, ConsoleRenderer last
        structlog.configure(
            processors=[*before, _shown_values, renderer],
            # The stream is looked up at each line (tests swap it).
            logger_factory=lambda *args: structlog.PrintLogger(sys.stderr),
        )
    return structlog


def _shown_values(logger: Any, method: str, event: MutableMapping[str, Any]) -> dict[str, Any]:
    """Every value of a line for the terminal `shown` (red team 84 F2): the console renderer prints a string
    without a space as it is, so a tenant's name or an Exchange error a warning carries would reach the
    terminal with its escape sequences; an exception is formatted here and `shown` too. Only the stderr
    lines: a log kept as JSON keeps its values exact."""
    import structlog

    if event.get("exc_info"):
        event = structlog.processors.format_exc_info(logger, method, event)
    return {key: _shown_value(value) for key, value in event.items()}


def _shown_value(value: Any) -> Any:
    if isinstance(value, str):
        return shown(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    printed = repr(value)  # what the renderer prints of any other value
    return shown(printed) if _CONTROLS.search(printed) else value
