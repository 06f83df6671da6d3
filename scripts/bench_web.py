"""Benchmark: time from submitting a request on the Ask page to having its preview page in hand.

The web app is served over HTTP on loopback (uvicorn in a thread), connected to the demo tenant emulator
over HTTPS, in a temporary data folder; a client signs in as Tom Becker through the emulator's sign-in
page, then submits the Ask form N times. Each sample is POST /ask until the preview HTML (previewed on the
tenant, decided by policy) is received; were the form to redirect to a stored request's page, the GET
of it counts too. Printed: p50, p90, min and max in milliseconds, for the structured form and the
plain-language text box.

    .venv/bin/python scripts/bench_web.py [--requests N] [--latency MS]
"""

from __future__ import annotations

import argparse
import time

import httpx
from _bench import report, served_demo, sign_in  # beside this script

SUMMARY = "Tom Becker will be able to send as Support"


def sample(http: httpx.Client, form: dict[str, str]) -> float:
    start = time.perf_counter()
    posted = http.post("/ask", data=form)
    # The Ask page answers with the preview itself (storing the request is a second, confirming post).
    page = http.get(posted.headers["location"]) if posted.is_redirect else posted
    elapsed = time.perf_counter() - start
    if SUMMARY not in page.text:
        raise SystemExit(f"the preview page did not show the preview: {page.status_code} {page.text[:300]}")
    return elapsed * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--latency", type=int, default=0, help="Emulator latency per call, in ms.")
    args = parser.parse_args()
    with served_demo(args.latency) as (em, url):
        http, csrf = sign_in(url, em, "tom.becker@acme.com")
        structured = {
            "csrf_token": csrf,
            "action": "send_as",
            "change": "grant",
            "mailbox": "support@acme.com",
            "trustee": "me",
        }
        text = {"csrf_token": csrf, "text": "Give me Send As on support@acme.com"}
        sample(http, structured)  # warm-up: first use of caches and connections
        print(f"emulator latency {args.latency} ms; submit → preview page, over HTTP on loopback")
        report(
            "structured", [sample(http, structured) for _ in range(args.requests)], percentile=90, width=12
        )
        report("text", [sample(http, text) for _ in range(args.requests)], percentile=90, width=12)
        http.close()


if __name__ == "__main__":
    main()
