"""Drift tests: the real scan on a temporary store, against the emulated tenant over HTTPS."""

from __future__ import annotations

from tests.workflow.conftest import flow, store  # noqa: F401 - the request service, store and tenant context
