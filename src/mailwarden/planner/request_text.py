"""How long a plain-language request may be, checked in one place for the CLI, the API and the pages.

A request is a sentence or a paragraph; the longest of the planner corpus is under 300 characters. The cap
keeps a pasted document (or a hostile megabyte) from reaching the planner, whose rules and an LLM's
prompt are sized for requests, and gives the person a sentence they can act on instead of a schema error.
"""

from __future__ import annotations

from mailwarden.errors import ConfigError

__all__ = ["MAX_REQUEST_CHARS", "checked_request_text", "request_too_long"]

MAX_REQUEST_CHARS = 4_000


def request_too_long(length: int) -> str:
    return (
        f"The request is {length:,} characters long; at most {MAX_REQUEST_CHARS:,} are read. Say what you "
        "need in a few sentences, and attach a CSV or XLSX file for a long list of people."
    )


def checked_request_text(text: str) -> str:
    """`text` when it is short enough to plan, else ConfigError saying so."""
    if len(text) > MAX_REQUEST_CHARS:
        raise ConfigError(request_too_long(len(text)))
    return text
