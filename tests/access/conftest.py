"""Access tests run the real CLI against the embedded demo tenant in a temporary home."""

from __future__ import annotations

from tests.cli.conftest import cli

__all__ = ["cli"]
