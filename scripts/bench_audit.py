"""Benchmark: the audit log's append and verify rates, per record and with a checkpoint per request.

Two ways of writing, each timed on a fresh database:
  per record    every append one transaction under the chain's write lock, a signed checkpoint every
                100 records (the interval backstop), as bulk appends write them;
  per request   requests of 4 records (submitted, confirmed, step applied, finished) whose last record
                signs the head in its transaction and writes it to the witness file, as the workflow does
                when a request comes to rest.
Verify walks the whole chain, its signatures and the witness. Records carry a realistic before/after.
SQLite in a temporary folder always; PostgreSQL too when MAILWARDEN_TEST_POSTGRES_URL is set (a database
is created for the run and dropped after), or only the URL given with --database-url.

    .venv/bin/python scripts/bench_audit.py [--records N] [--processes P] [--database-url URL]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

from _bench import postgres_database  # beside this script

from mailwarden.audit import AuditLog
from mailwarden.store import Store

RECORDS_PER_REQUEST = 4


def append_many(url: str, home: str, count: int, name: str, per_request: bool) -> None:
    with Store(url) as store:
        log = AuditLog(store, Path(home))
        for i in range(count):
            log.append(
                tenant="acme",
                event="step.applied",
                actor="grace.hopper@acme.com",
                on_behalf_of="sarah.connor@acme.com",
                request_id=f"{name}-{i // RECORDS_PER_REQUEST}",
                action="send_as",
                target="support@acme.com",
                before={"trustees": ["alex.kim@acme.com"]},
                after={"trustees": ["alex.kim@acme.com", "sarah.connor@acme.com"]},
                detail={"step": i % RECORDS_PER_REQUEST, "outcome": "applied"},
                checkpoint=per_request and i % RECORDS_PER_REQUEST == RECORDS_PER_REQUEST - 1,
            )


def measure(url: str, folder: str, records: int, processes: int, per_request: bool) -> str:
    with Store(url) as store:
        log = AuditLog(store, Path(folder))
        log.public_key_pem()  # create the key and the schema outside the timing
        already = log.head()

    started = time.perf_counter()
    if processes == 1:
        append_many(url, folder, records, "p0", per_request)
    else:
        context = multiprocessing.get_context("spawn")
        workers = [
            context.Process(target=append_many, args=(url, folder, records, f"p{n}", per_request))
            for n in range(processes)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    appended = time.perf_counter() - started

    with Store(url) as store:
        log = AuditLog(store, Path(folder))
        total = log.head() - already
        checkpoints = len(log.checkpoints())
        started = time.perf_counter()
        result = log.verify()
        verified = time.perf_counter() - started
    how = "per request " if per_request else "per record  "
    outcome = "ok" if result.ok else result.reason
    return (
        f"  {how} append {total / appended:8,.0f} records/s"
        + (f" = {total / RECORDS_PER_REQUEST / appended:6,.0f} requests/s" if per_request else " " * 22)
        + f" | verify {result.checked / verified:8,.0f} records/s"
        f" ({checkpoints} checkpoints, {result.witnessed} witnessed heads, {outcome})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=3000, help="records per process")
    parser.add_argument("--processes", type=int, default=1, help="processes appending at once")
    parser.add_argument("--database-url", default="", help="only this database (must be empty)")
    args = parser.parse_args()

    backends: list[str] = [args.database_url] if args.database_url else ["sqlite"]
    postgres = os.environ.get("MAILWARDEN_TEST_POSTGRES_URL", "")
    if postgres and not args.database_url:
        backends.append("postgresql")
    print(f"{args.records} records per process, {args.processes} process(es)")
    for backend in backends:
        for per_request in (False, True):
            with tempfile.TemporaryDirectory() as folder:
                if backend == "sqlite":
                    name = "SQLite (WAL)"
                    line = measure(
                        f"sqlite:///{Path(folder) / 'mailwarden.db'}",
                        folder,
                        args.records,
                        args.processes,
                        per_request,
                    )
                elif backend == "postgresql":
                    name = "PostgreSQL"
                    with postgres_database(postgres) as url:
                        line = measure(url, folder, args.records, args.processes, per_request)
                else:
                    name = backend.split(":", 1)[0]
                    line = measure(backend, folder, args.records, args.processes, per_request)
            print(f"{name}:{line}")


if __name__ == "__main__":
    main()
