"""A served emulator stops as soon as its block ends, even with a keep-alive client still connected.

Every command on the demo tenant serves the emulator for its own lifetime, so the stop is part of every
command's time: uvicorn by itself looks at its exit flag every 0.1 s and sleeps 0.1 s more on shutdown.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from mailwarden.emulator.serve import running_emulator


def test_the_emulator_stops_without_waiting_for_uvicorns_ticks(tmp_path: Path) -> None:
    stops = []
    for _ in range(3):
        with (
            running_emulator(tmp_path, signin_page=False) as em,
            httpx.Client(verify=em.ssl_context(), trust_env=False) as client,
        ):
            answer = client.get(f"{em.url}/{em.tenant_id}/v2.0/.well-known/openid-configuration")
            assert answer.status_code == 200
            started = time.perf_counter()
        stops.append(time.perf_counter() - started)
        # Stopped for real: the port no longer answers.
        with httpx.Client(verify=em.ssl_context(), trust_env=False, timeout=2) as client:
            try:
                client.get(f"{em.url}/{em.tenant_id}/v2.0/.well-known/openid-configuration")
            except httpx.TransportError:
                pass
            else:
                raise AssertionError("the emulator still answers after its block ended")
    # The fastest of three, so a busy machine does not decide it. uvicorn's own shutdown sleeps 0.1 s before
    # it even looks at the connections (and waits up to 0.1 s more for its next tick).
    assert min(stops) < 0.1, stops
