"""Benchmark: how long the policy engine takes to decide one step, over the Acme demo tenant.

Decides N random steps (the differential test's generator: every action, the requester often the subject,
admins and employees and outsiders) with the default policy, and prints p50, p95 and p99 in microseconds,
overall and by outcome. An approval-required step costs a second Cedar call (one request per candidate).

    .venv/bin/python scripts/bench_policy.py [--n 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the Acme tenant builder lives in tests/

from tests.policy.acme import org
from tests.policy.test_differential import random_request

from mailwarden.policy import PolicyEngine


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    engine = PolicyEngine()
    steps = [random_request(rng.choice) for _ in range(args.n)]
    for org_name, requester, step in steps[:200]:  # warm up
        engine.decide(org(org_name), requester, step)
    times: dict[str, list[float]] = defaultdict(list)
    for org_name, requester, step in steps:
        start = time.perf_counter()
        decision = engine.decide(org(org_name), requester, step)
        elapsed = (time.perf_counter() - start) * 1e6
        times["all"].append(elapsed)
        times[decision.outcome].append(elapsed)
    print(f"policy decisions over the Acme tenant, default policy, {args.n} steps")
    for name in ("all", "allowed", "approval_required", "denied"):
        values = times.get(name, [])
        if values:
            print(
                f"  {name:<18} n={len(values):>6}  p50 {percentile(values, 50):7.0f} µs  "
                f"p95 {percentile(values, 95):7.0f} µs  p99 {percentile(values, 99):7.0f} µs  "
                f"mean {statistics.fmean(values):7.0f} µs"
            )


if __name__ == "__main__":
    main()
