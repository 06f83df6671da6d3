"""CLI tests run the real `mailwarden` app in process against its embedded demo tenant in a temporary home."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mailwarden.cli.main import app
from mailwarden.emulator.state import TenantData


class Cli:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> tuple[int, str, str]:
        result = self.runner.invoke(app, list(args), input=input, env={"MAILWARDEN_HOME": str(self.home)})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    def json(self, *args: str) -> object:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def tenant(self) -> TenantData:
        """The demo tenant as the emulator persisted it: what the tenant really shows."""
        return TenantData.model_validate_json((self.home / "emulator" / "tenant.json").read_bytes())


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., tuple[int, str, str]]:
    return Cli(tmp_path / "home")
