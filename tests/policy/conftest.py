"""Fixtures of the policy tests: the default engine, and the Acme tenant as the policy sees it."""

from __future__ import annotations

import pytest

from mailwarden.policy import Org, PolicyEngine
from tests.policy.acme import acme_org


@pytest.fixture(scope="session")
def engine() -> PolicyEngine:
    """The engine with the default policy; tests that load another policy build their own."""
    return PolicyEngine()


@pytest.fixture(scope="session")
def acme() -> Org:
    return acme_org()
