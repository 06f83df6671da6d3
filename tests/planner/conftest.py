"""Planner fixtures: the Acme directory without a tenant, the corpus, a fixed clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mailwarden.directory.snapshot import Directory
from tests.directory.conftest import acme_directory

HERE = Path(__file__).parent
CORPUS = HERE / "corpus.yaml"
"""The development set: the rules are tuned on it and CI gates on it."""
HELDOUT = HERE / "heldout.yaml"
"""Written before the rules changed and never tuned on; a case fixed later is moved to CORPUS first."""
NEGATION = HERE / "negation.yaml"
"""Negation, scope and corrections: no ready plan may hold a step the request ruled out."""
FILES = HERE / "files"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
"""The corpus's "now": a Monday morning; "until Friday" is 2026-03-06, through the day."""


@pytest.fixture(scope="session")
def acme() -> Directory:
    return acme_directory()
