"""Settings come from MAILWARDEN_* variables, with defaults that work with no configuration."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from mailwarden.errors import ConfigError
from mailwarden.settings import load_settings


def test_defaults_put_everything_in_the_per_user_data_folder() -> None:
    """With nothing set, the data folder is the user's and the database a SQLite file in it."""
    settings = load_settings({})
    home = Path(platformdirs.user_data_dir("mailwarden"))
    assert settings.home == home
    assert settings.database_url == f"sqlite:///{home / 'mailwarden.db'}"
    assert settings.log_level == "warning"


def test_home_moves_the_default_database_with_it(tmp_path: Path) -> None:
    """MAILWARDEN_HOME alone is enough to move all data, the database included."""
    settings = load_settings({"MAILWARDEN_HOME": str(tmp_path)})
    assert settings.home == tmp_path
    assert settings.database_url == f"sqlite:///{tmp_path / 'mailwarden.db'}"
    assert settings.emulator_dir == tmp_path / "emulator"


def test_database_url_and_log_level_are_taken_as_given() -> None:
    """A PostgreSQL URL and an upper-case log level are accepted."""
    settings = load_settings(
        {"MAILWARDEN_DATABASE_URL": "postgresql+psycopg://mw@db/mw", "MAILWARDEN_LOG_LEVEL": "DEBUG"}
    )
    assert settings.database_url == "postgresql+psycopg://mw@db/mw"
    assert settings.log_level == "debug"


def test_an_unknown_log_level_names_the_variable() -> None:
    """A typo in a setting is reported with the variable to fix."""
    with pytest.raises(ConfigError, match="MAILWARDEN_LOG_LEVEL"):
        load_settings({"MAILWARDEN_LOG_LEVEL": "verbose"})


def test_verify_seconds_bounds_the_wait_for_a_write_to_show() -> None:
    assert load_settings({}).verify_seconds == 60
    assert load_settings({"MAILWARDEN_VERIFY_SECONDS": "120"}).verify_seconds == 120
    with pytest.raises(ConfigError, match="MAILWARDEN_VERIFY_SECONDS"):
        load_settings({"MAILWARDEN_VERIFY_SECONDS": "soon"})
