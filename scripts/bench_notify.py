"""Benchmark: time from a request reaching "pending approval" to the notification e-mail being in the
approver's (emulated) mailbox, with the web server's notification sender running.

The web app is served over HTTP on loopback (uvicorn in a thread) for the demo tenant, connected to the
tenant emulator over HTTPS, in a temporary data folder (so the demo's notification settings apply: e-mail
from support@acme.com through Graph sendMail). Tom Becker signs in through the emulator's sign-in page and
files N requests for Send As on support@ (POST /api/v1/requests?confirm=true), each waiting for Sarah
Connor. Each sample runs from the moment the API answers (the request is stored as pending approval by
then) until the message naming that request is in Sarah's Inbox, as Graph `/users/{id}/messages` reads
it (the emulator's mailbox, polled every 10 ms in process). Also printed: from sending the POST.

    .venv/bin/python scripts/bench_notify.py [--requests N] [--latency MS]
"""

from __future__ import annotations

import argparse
import time

import httpx
from _bench import report, served_demo, sign_in  # beside this script

from mailwarden.emulator.state import TenantState

STEP = {"action": "send_as", "change": "grant", "params": {"mailbox": "support@acme.com", "trustee": "me"}}


def _arrived(state: TenantState, owner_id: str, short_id: str) -> bool:
    with state.transaction():
        return any(
            i.folder == "inbox" and short_id in str(i.message.get("subject"))
            for i in state.data.mailboxes.get(owner_id, [])
        )


def sample(
    http: httpx.Client, csrf: str, state: TenantState, sarah_id: str, timeout: float = 30.0
) -> tuple[float, float]:
    start = time.perf_counter()
    answer = http.post(
        "/api/v1/requests", params={"confirm": True}, json={"steps": [STEP]}, headers={"X-CSRF-Token": csrf}
    )
    pending = time.perf_counter()
    request = answer.json()["request"]
    if request["state"] != "pending_approval":
        raise SystemExit(f"the request did not wait for approval: {request['state']}")
    short_id = request["request_id"][:8]
    while not _arrived(state, sarah_id, short_id):
        if time.perf_counter() - pending > timeout:
            raise SystemExit(f"no mail for request {short_id} after {timeout} s")
        time.sleep(0.01)
    arrived = time.perf_counter()
    return (arrived - pending) * 1000, (arrived - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--latency", type=int, default=0, help="Emulator latency per call, in ms.")
    args = parser.parse_args()
    with served_demo(args.latency) as (em, url):
        sarah = em.state.by_address("sarah@acme.com")
        assert sarah is not None
        http, csrf = sign_in(url, em, "tom.becker@acme.com")
        sample(http, csrf, em.state, sarah.id)  # warm-up: first token for sendMail, connections
        samples = [sample(http, csrf, em.state, sarah.id) for _ in range(args.requests)]
        print(f"emulator latency {args.latency} ms; web server's in-process sender, SQLite")
        report("pending approval → in the inbox", [s[0] for s in samples], percentile=95, width=34)
        report("POST /requests sent → in the inbox", [s[1] for s in samples], percentile=95, width=34)
        http.close()


if __name__ == "__main__":
    main()
