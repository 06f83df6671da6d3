"""Benchmark: the audit log's append rate (records/s) on SQLite in a temporary folder, and its verify rate.

Each append is one transaction under the chain's write lock (BEGIN IMMEDIATE on SQLite), with a signed
checkpoint every 100 records, as `mailwarden` writes them. Records carry a realistic before/after.

    .venv/bin/python scripts/bench_audit.py [--records N] [--processes P] [--database-url URL]
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from pathlib import Path

from mailwarden.audit import AuditLog
from mailwarden.store import Store


def append_many(url: str, home: str, count: int, name: str) -> None:
    with Store(url) as store:
        log = AuditLog(store, Path(home))
        for i in range(count):
            log.append(
                tenant="acme",
                event="step.applied",
                actor="grace.hopper@acme.com",
                on_behalf_of="sarah.connor@acme.com",
                request_id=f"{name}-{i // 4}",
                action="send_as",
                target="support@acme.com",
                before={"trustees": ["alex.kim@acme.com"]},
                after={"trustees": ["alex.kim@acme.com", "sarah.connor@acme.com"]},
                detail={"step": i % 4, "outcome": "applied"},
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=3000, help="records per process")
    parser.add_argument("--processes", type=int, default=1, help="processes appending at once")
    parser.add_argument("--database-url", default="", help="default: a SQLite file in a temporary folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'mailwarden.db'}"
        with Store(url) as store:
            log = AuditLog(store, Path(folder))
            log.public_key_pem()  # create the key and the schema outside the timing
            already = log.head()

        started = time.perf_counter()
        if args.processes == 1:
            append_many(url, folder, args.records, "p0")
        else:
            context = multiprocessing.get_context("spawn")
            workers = [
                context.Process(target=append_many, args=(url, folder, args.records, f"p{n}"))
                for n in range(args.processes)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        appended = time.perf_counter() - started

        with Store(url) as store:
            log = AuditLog(store, Path(folder))
            total = log.head() - already
            started = time.perf_counter()
            result = log.verify()
            verified = time.perf_counter() - started

    backend = "SQLite (WAL)" if url.startswith("sqlite") else url.split(":", 1)[0]
    print(f"backend:  {backend}, {args.processes} process(es)")
    print(f"append:   {total} records in {appended:.2f} s = {total / appended:,.0f} records/s")
    print(
        f"verify:   {result.checked} records in {verified:.2f} s = "
        f"{result.checked / verified:,.0f} records/s "
        f"({'ok' if result.ok else result.reason})"
    )


if __name__ == "__main__":
    main()
