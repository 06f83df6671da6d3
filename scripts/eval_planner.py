"""Run the rules planner over the corpus: accuracy per kind, p50/p95 planning time, the misses.

    .venv/bin/python scripts/eval_planner.py [--misses]

Ring 0 (no tenant): draft + resolution against the Acme directory built from the fixture.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.directory.conftest import acme_directory  # noqa: E402
from tests.planner.conftest import CORPUS, FILES, NOW  # noqa: E402

from mailwarden.planner.evaluate import evaluate, fixed_now, load_corpus, summarize  # noqa: E402
from mailwarden.planner.rules import RulesPlanner  # noqa: E402


def main() -> int:
    directory = acme_directory()
    cases = load_corpus(CORPUS)
    planner = RulesPlanner(now=fixed_now(NOW))
    evaluate(cases[:5], planner, directory, FILES)  # warm the name index and regex caches
    outcomes = evaluate(cases, planner, directory, FILES)
    summary = summarize(outcomes)
    print(f"corpus: {summary.total} requests, {summary.matched} exact ({summary.accuracy:.1%})")
    for kind, (hit, n) in sorted(summary.by_kind.items()):
        print(f"  {kind:<18} {hit:>3}/{n:<3} {hit / n:6.1%}")
    print(f"planning time per request: p50 {summary.p50_ms:.2f} ms, p95 {summary.p95_ms:.2f} ms")
    if "--misses" in sys.argv:
        for o in outcomes:
            if not o.matched:
                print(o.explain())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
