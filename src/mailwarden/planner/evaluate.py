"""Running a planner over a corpus of requests with expected plans, without a tenant (ring 0).

A case holds a request (requester, text, attachments) and the plan it must give: the status, the steps as
plan-JSON dicts with resolved addresses, and the `about` of each expected question. A case matches when
all three are equal (steps compared as a multiset after filling each model's defaults, so a corpus entry
need not spell out `automapping: true`). Used by the corpus test and by scripts/eval_planner.py.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.model.steps import ACTIONS, parse_step
from mailwarden.planner.attachments import read_attachment
from mailwarden.planner.compose import draft_status, resolve_draft, step_json
from mailwarden.planner.draft import Planner
from mailwarden.safe_yaml import safe_load

__all__ = ["Case", "Outcome", "evaluate", "load_corpus", "summarize"]

DEFAULT_REQUESTER = "grace.hopper@acme.com"


@dataclass(frozen=True)
class Case:
    kind: str
    requester: str
    text: str
    status: str
    steps: tuple[str, ...]
    """Canonical JSON of each expected step, sorted."""
    questions: tuple[str, ...] = ()
    attach: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    case: Case
    status: str
    steps: tuple[str, ...]
    questions: tuple[str, ...]
    seconds: float
    error: str = ""

    @property
    def matched(self) -> bool:
        return (
            not self.error
            and self.status == self.case.status
            and self.steps == self.case.steps
            and (
                self.questions == self.case.questions
                or (not self.case.questions and self.status != "needs_clarification")
            )
        )

    @property
    def unsafe(self) -> bool:
        """A ready plan holding a change the request did not ask for: a step it ruled out, or one that
        widens access beyond it (a missing end time or a wider level differs from the expected step too).
        The one outcome that must never happen; a wrong question or "not understood" is only a miss."""
        if self.status != "ready":
            return False
        expected = set(self.case.steps)
        return any(s not in expected and _is_write(s) for s in self.steps)

    @property
    def omitted(self) -> frozenset[str]:
        """The recipients the expected plan names that a ready plan leaves out ("add Tom to all-sales and
        Project Phoenix" planned for all-sales only): a wrong plan even when every step it holds is asked
        for, since the person reads "ready" as "all of it"."""
        if self.status != "ready":
            return frozenset()
        return _named(self.case.steps) - _named(self.steps)

    def explain(self) -> str:
        lines = [f"[{self.case.kind}] as {self.case.requester}: {self.case.text!r}"]
        if self.error:
            lines.append(f"  error: {self.error}")
        if self.unsafe:
            lines.append("  UNSAFE: a ready plan with a change the request did not ask for")
        if self.omitted:
            lines.append(f"  OMITS: a ready plan leaving out {', '.join(sorted(self.omitted))}")
        if self.status != self.case.status:
            lines.append(f"  status: got {self.status}, expected {self.case.status}")
        missing = sorted(set(self.case.steps) - set(self.steps))
        extra = sorted(set(self.steps) - set(self.case.steps))
        lines += [f"  missing: {s}" for s in missing] + [f"  extra:   {s}" for s in extra]
        if self.questions != self.case.questions:
            lines.append(f"  questions: got {list(self.questions)}, expected {list(self.case.questions)}")
        return "\n".join(lines)


# The step parameters that name a recipient (a person, a mailbox, a list, an address).
_RECIPIENT_PARAMS = (
    "mailbox",
    "trustee",
    "group",
    "member",
    "owner",
    "grantee",
    "forward_to",
    "recipient",
    "person",
)


def _named(steps: Sequence[str]) -> frozenset[str]:
    named: set[str] = set()
    for text in steps:
        step = json.loads(text)
        named.update(str(step[p]).casefold() for p in _RECIPIENT_PARAMS if step.get(p))
    return frozenset(named)


def _is_write(step_json_text: str) -> bool:
    action = json.loads(step_json_text)["action"]
    return ACTIONS[action].kind == "write"


def _canonical(step: dict[str, Any]) -> str:
    return json.dumps(step_json(parse_step(step)), sort_keys=True)


def load_corpus(path: Path) -> list[Case]:
    entries: list[dict[str, Any]] = safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for e in entries:
        steps = tuple(sorted(_canonical(s) for s in e.get("steps") or []))
        cases.append(
            Case(
                kind=str(e["kind"]),
                requester=str(e.get("as") or DEFAULT_REQUESTER),
                text=str(e.get("text") or ""),
                status=str(e.get("status") or "ready"),
                steps=steps,
                questions=tuple(sorted(e.get("questions") or [])),
                attach=tuple(e.get("attach") or ()),
            )
        )
    return cases


def evaluate(
    cases: Sequence[Case],
    planner: Planner,
    directory: Directory,
    files: Path,
    clock: Callable[[], float] = time.perf_counter,
) -> list[Outcome]:
    """Plan every case (draft + resolution, no tenant) and compare it with what it expects."""
    outcomes = []
    for case in cases:
        requester = resolve(directory, case.requester)
        attachments = [read_attachment(files / name) for name in case.attach]
        started = clock()
        try:
            draft = planner.draft(
                case.text, requester=requester, directory=directory, attachments=attachments
            )
            resolved = resolve_draft(draft, directory, requester)
        except Exception as exc:  # noqa: BLE001 - a crash is a miss with its reason, not a stopped run
            outcomes.append(Outcome(case, "error", (), (), clock() - started, error=repr(exc)))
            continue
        seconds = clock() - started
        status, _ = draft_status(draft, resolved)
        steps = tuple(sorted(json.dumps(step_json(s), sort_keys=True) for s in resolved.steps))
        questions = tuple(sorted(q.about for q in resolved.questions))
        outcomes.append(Outcome(case, status, steps, questions, seconds))
    return outcomes


@dataclass
class Summary:
    total: int = 0
    matched: int = 0
    unsafe: int = 0
    omitting: int = 0
    """Ready plans that leave out a recipient the request names (Outcome.omitted)."""
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    p50_ms: float = 0.0
    p95_ms: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.matched / self.total if self.total else 0.0


def summarize(outcomes: Sequence[Outcome]) -> Summary:
    summary = Summary(
        total=len(outcomes),
        matched=sum(o.matched for o in outcomes),
        unsafe=sum(o.unsafe for o in outcomes),
        omitting=sum(bool(o.omitted) for o in outcomes),
    )
    for o in outcomes:
        hit, n = summary.by_kind.get(o.case.kind, (0, 0))
        summary.by_kind[o.case.kind] = (hit + o.matched, n + 1)
    times = sorted(o.seconds * 1000 for o in outcomes)
    if times:
        summary.p50_ms = times[len(times) // 2]
        summary.p95_ms = times[min(len(times) - 1, int(len(times) * 0.95))]
    return summary


def fixed_now(when: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock for planners that always says `when` (the corpus's durations are relative to it)."""
    return lambda: when
