"""Run the rules planner over a request set: accuracy per kind, unsafe ready plans, ready plans
omitting a named recipient, p50/p95 time, misses.

    .venv/bin/python scripts/eval_planner.py [--misses] [--unsafe] [--repeat=N] [SET.yaml ...]

Without a file: the development corpus, the held-out set and the negation set (tests/planner/). An
unsafe plan is a ready plan holding a write step the request did not ask for (see Outcome.unsafe).

Ring 0 (no tenant): draft + resolution against the Acme directory built from the fixture.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.directory.conftest import acme_directory  # noqa: E402
from tests.planner.conftest import CORPUS, FILES, HELDOUT, NEGATION, NOW  # noqa: E402

from mailwarden.planner.evaluate import evaluate, fixed_now, load_corpus, summarize  # noqa: E402
from mailwarden.planner.rules import RulesPlanner  # noqa: E402


def main() -> int:
    directory = acme_directory()
    paths = [Path(a) for a in sys.argv[1:] if not a.startswith("--")] or [CORPUS, HELDOUT, NEGATION]
    planner = RulesPlanner(now=fixed_now(NOW))
    evaluate(load_corpus(CORPUS)[:5], planner, directory, FILES)  # warm the name index and regex caches
    repeat = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--repeat=")), 1)
    for path in paths:
        cases = load_corpus(path)
        outcomes = evaluate(cases, planner, directory, FILES)
        for _ in range(repeat - 1):
            again = evaluate(cases, planner, directory, FILES)
            outcomes = [a if a.seconds <= b.seconds else b for a, b in zip(outcomes, again, strict=True)]
        summary = summarize(outcomes)
        print(
            f"{path.name}: {summary.total} requests, {summary.matched} exact ({summary.accuracy:.1%}), "
            f"{summary.unsafe} unsafe ready plans, {summary.omitting} ready plans omitting a named recipient"
        )
        for kind, (hit, n) in sorted(summary.by_kind.items()):
            print(f"  {kind:<18} {hit:>3}/{n:<3} {hit / n:6.1%}")
        best = f" (fastest of {repeat} runs each)" if repeat > 1 else ""
        print(f"  planning time per request{best}: p50 {summary.p50_ms:.2f} ms, p95 {summary.p95_ms:.2f} ms")
        for o in outcomes:
            unsafe = o.unsafe or bool(o.omitted)
            if ("--misses" in sys.argv and not o.matched) or ("--unsafe" in sys.argv and unsafe):
                print(o.explain())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
