"""What the planner class tests (test_nlu*_classes.py and their kin) ask of a plan, said once.

Each reads `plan_of` (the status, the steps as plan JSON, what the questions are about) the way many
class tests did by hand: a plan that must ask, a ready plan's steps, who and what its steps name. The
assertions inside are the tests' own (tests/planner/conftest.py has pytest rewrite them, so a failure
shows the values compared)."""

from __future__ import annotations

from typing import Any

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

Steps = list[dict[str, Any]]


def asks(acme: Directory, text: str, requester: str) -> set[str]:
    """What the plan of `text` asks about; fails unless it asks (needs_clarification) with no step at all."""
    status, steps, about = plan_of(acme, text, requester)
    assert status == "needs_clarification"
    assert steps == []
    return about


def ready(acme: Directory, text: str, requester: str) -> Steps:
    """The steps of the plan of `text` (as plan JSON); fails unless the plan is ready."""
    status, steps, _ = plan_of(acme, text, requester)
    assert status == "ready"
    return steps


def ready_tuples(acme: Directory, text: str, requester: str, *keys: str) -> list[tuple[Any, ...]]:
    """A ready plan's steps as tuples of `keys`, in plan order (a step without one of them fails)."""
    return [tuple(s[k] for k in keys) for s in ready(acme, text, requester)]


def granted(acme: Directory, text: str, requester: str) -> tuple[str, list[tuple[str, str]]]:
    """The plan's status and each step's (trustee, mailbox)."""
    status, steps, _ = plan_of(acme, text, requester)
    return status, [(s["trustee"], s["mailbox"]) for s in steps]


def removed(acme: Directory, text: str, requester: str) -> tuple[str, set[str]]:
    """The plan's status and the members its steps remove."""
    status, steps, _ = plan_of(acme, text, requester)
    return status, {s["member"] for s in steps if s["change"] == "remove"}


def in_role(steps: Steps, role: str) -> set[str]:
    """Who the steps name in `role` (steps without one are passed over)."""
    return {str(s[role]) for s in steps if role in s}


def people(steps: Steps) -> set[object]:
    """Everyone the steps give to or take from (trustee, member, grantee)."""
    return {s.get(k) for s in steps for k in ("trustee", "member", "grantee") if s.get(k)}


def targets(steps: Steps) -> set[object]:
    """The groups and mailboxes the steps act on."""
    return {s.get(k) for s in steps for k in ("group", "mailbox") if s.get(k)}


def mailboxes(steps: Steps) -> list[str]:
    """Each step's mailbox, sorted (one entry a step; "None" for a step without one)."""
    return sorted(str(s.get("mailbox")) for s in steps)


def trustees(steps: Steps) -> set[str]:
    """The steps' trustees ("None" for a step without one)."""
    return {str(s.get("trustee")) for s in steps}
