"""Planning latency per request: p50 / p95 / max over the corpora, each request timed several times.

    .venv/bin/python scripts/bench_planner.py [--repeat=N] [--zone=Pacific/Auckland] [SET.yaml ...]

Times the rules planner's draft alone and draft + resolution (what a plan costs before the tenant is read),
each request's median over N runs (default 15), after one warm-up pass (the name index is built once per
directory). A figure to report, not a timed test: the machine's load moves it.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.directory.conftest import acme_directory  # noqa: E402
from tests.planner.conftest import CORPUS, FILES, HELDOUT, NEGATION, NOW  # noqa: E402

from mailwarden.directory.resolve import resolve  # noqa: E402
from mailwarden.planner.attachments import read_attachment  # noqa: E402
from mailwarden.planner.compose import resolve_draft  # noqa: E402
from mailwarden.planner.evaluate import fixed_now, load_corpus  # noqa: E402
from mailwarden.planner.rules import RulesPlanner  # noqa: E402


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    repeat = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--repeat=")), 15)
    zone_name = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--zone=")), "UTC")
    paths = [Path(a) for a in sys.argv[1:] if not a.startswith("--")] or [CORPUS, HELDOUT, NEGATION]
    directory = acme_directory()
    planner = RulesPlanner(now=fixed_now(NOW), zone=ZoneInfo(zone_name))
    cases = [c for p in paths for c in load_corpus(p)]
    prepared = [
        (c.text, resolve(directory, c.requester), [read_attachment(FILES / n) for n in c.attach])
        for c in cases
    ]
    for text, requester, files in prepared:  # warm-up: the name index, regex caches
        planner.draft(text, requester=requester, directory=directory, attachments=files)
    drafting: list[float] = []
    planning: list[float] = []
    for text, requester, files in prepared:
        draft_runs, plan_runs = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            draft = planner.draft(text, requester=requester, directory=directory, attachments=files)
            drafted = time.perf_counter()
            resolve_draft(draft, directory, requester)
            done = time.perf_counter()
            draft_runs.append((drafted - started) * 1000)
            plan_runs.append((done - started) * 1000)
        drafting.append(statistics.median(draft_runs))
        planning.append(statistics.median(plan_runs))
    names = ", ".join(p.name for p in paths)
    print(f"{len(cases)} requests ({names}), median of {repeat} runs each, zone {zone_name}:")
    for label, values in (("draft", drafting), ("draft + resolution", planning)):
        print(
            f"  {label:<19} p50 {_percentile(values, 50):.2f} ms   p95 {_percentile(values, 95):.2f} ms   "
            f"max {max(values):.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
