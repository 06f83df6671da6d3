"""Schemathesis against the OpenAPI schema: generated calls to every operation, as an admin with an API
token, never get a 500 nor an answer that breaks the schema. Bounded: a few examples per operation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


@pytest.fixture(scope="module")
def fuzzed(
    emulator: RunningEmulator, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServedApp, str]]:
    """One app for the whole schema run, and an admin's token with every scope; the tenant is restored."""
    with emulator.state.snapshot(), served_app(emulator, tmp_path_factory.mktemp("fuzz")) as web:
        grace = web.sign_in("grace.hopper@acme.com")
        token = grace.post(
            "/api/v1/tokens", json={"name": "fuzz", "scopes": ["read", "write", "approve"]}
        ).json()["token"]
        yield web, token


def test_api_never_errors_and_keeps_its_schema(fuzzed: tuple[ServedApp, str]) -> None:
    """Any generated call to any operation answers without a server error, in the documented shape and
    content type (schemathesis' pytest plugin does not run under pytest 9, so operations are driven here)."""
    web, token = fuzzed
    schema = schemathesis.openapi.from_url(f"{web.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures: dict[str, str] = {}
    calls: list[str] = []
    for operation in operations:

        @settings(
            max_examples=4,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case: schemathesis.Case) -> None:
            calls.append(case.operation.label)
            case.call_and_validate(
                base_url=web.url,
                headers={"Authorization": f"Bearer {token}"},
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
            )

        try:
            call()
        except Exception as exc:  # noqa: BLE001 - every operation is tried; failures are reported together
            failures[operation.label] = f"{type(exc).__name__}: {str(exc)[:800]}"
    assert len(set(calls)) == len(operations)  # every operation was called
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
