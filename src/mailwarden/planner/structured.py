"""Structured requests (the `mailwarden do` options, an API call) to one resolved step.

Every parameter that names a recipient is resolved through the directory to exactly one recipient and
replaced by its primary address; an ambiguous or unknown name raises the resolution error, which carries
the candidates. Parameters are validated by the step's own model, so the CLI, the API and the planners
share one set of rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError
from mailwarden.model.recipients import Recipient, normalize_address
from mailwarden.model.steps import ACTIONS, Step, parse_step

__all__ = ["build_step"]

# Parameters that hold an address which need not exist yet (a new list, a new primary address).
_NEW_ADDRESSES = {"new_address"}


def build_step(
    action: str,
    change: str,
    params: Mapping[str, Any],
    directory: Directory,
    requester: Recipient | None = None,
) -> Step:
    """The step for `action`/`change` with `params`, every recipient reference resolved."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise ConfigError(f"Unknown action {action!r}. Known actions: {', '.join(sorted(ACTIONS))}.")
    if change not in spec.changes:
        raise ConfigError(
            f"{spec.label} ({action}) takes the change {' or '.join(spec.changes)}, not {change!r}."
        )
    given = {k: v for k, v in params.items() if v is not None and v != () and v != []}
    unknown = sorted(set(given) - set(spec.params))
    if "expires" in unknown:
        *others, last = [f"{s.label} {s.giving[0]}" for s in ACTIONS.values() if "expires" in s.params]
        bound = f"{', '.join(others)} or {last}" if others else last
        raise ConfigError(
            f"{spec.label} {change} cannot carry an expiry: only access that is given can end by itself, "
            f"and only a {bound} is time-bound. Leave out the expiry."
        )
    if unknown:
        raise ConfigError(
            f"{spec.label} does not take {', '.join(unknown)}; it takes {', '.join(spec.params)}."
        )
    missing = [p for p in spec.required_params(change) if p not in given]
    if missing:
        raise ConfigError(
            f"{spec.label} {change} needs {', '.join('--' + m.replace('_', '-') for m in missing)}."
        )
    creating_list = action == "distribution_list_lifecycle" and change == "create"
    resolved: dict[str, Any] = {}
    for name, value in given.items():
        if name in _NEW_ADDRESSES or (creating_list and name == "group"):
            resolved[name] = _address(value)
        elif name == "members":
            resolved[name] = tuple(resolve(directory, m, requester=requester).primary_address for m in value)
        elif name in spec.references:
            resolved[name] = resolve(directory, str(value), requester=requester).primary_address
        else:
            resolved[name] = value
    try:
        return parse_step({"action": action, "change": change, **resolved})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'][1:])) or 'step'}: {e['msg'].rstrip('.')}" for e in exc.errors()
        )
        raise ConfigError(f"Invalid {spec.label} step: {problems}.") from exc


def _address(value: Any) -> str:
    try:
        return normalize_address(str(value))
    except ValueError as exc:
        raise ConfigError(f"{value!r} is not an email address.") from exc
