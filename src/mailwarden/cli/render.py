"""How results look: Rich tables for people, JSON for scripts."""

from __future__ import annotations

import csv
import io
from typing import Any

from rich.table import Table

from mailwarden.actions.base import StepOutcome, View
from mailwarden.model.changes import Change, Refusal

from .common import console

__all__ = ["render_outcome", "render_preflight", "render_view", "view_csv", "view_json"]

_STATUS_STYLE = {"applied": "green", "already": "cyan", "refused": "red", "failed": "bold red"}


def render_preflight(label: str, preflight: Change | Refusal) -> None:
    if isinstance(preflight, Refusal):
        console.print(f"[red]✗ {label}:[/] {preflight.reason}", highlight=False)
        return
    mark = "[cyan]= already so[/]" if preflight.already else "[yellow]→ will change[/]"
    console.print(f"{mark}  [bold]{label}[/]: {preflight.summary}", highlight=False)
    if not preflight.already:
        console.print(f"    before: {_short(preflight.before)}", highlight=False)
        console.print(f"    after:  {_short(preflight.after)}", highlight=False)
    for warning in preflight.warnings:
        console.print(f"    [yellow]! {warning}[/]", highlight=False)


def render_outcome(label: str, outcome: StepOutcome) -> None:
    style = _STATUS_STYLE[outcome.status]
    console.print(f"[{style}]{outcome.status}[/]  [bold]{label}[/]: {outcome.message}", highlight=False)


def render_view(view: View) -> None:
    table = Table(title=view.title, title_justify="left", show_lines=False)
    for column in view.columns:
        table.add_column(column.replace("_", " "))
    for row in view.rows:
        table.add_row(*(_cell(row.get(c)) for c in view.columns))
    console.print(table)
    console.print(f"[dim]{len(view.rows)} rows · as of {view.as_of:%Y-%m-%d %H:%M:%S %Z}[/]")
    for note in view.notes:
        console.print(f"[dim]{note}[/]", highlight=False)


def view_json(view: View) -> dict[str, Any]:
    return view.model_dump(mode="json")


def view_csv(view: View) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=view.columns, extrasaction="ignore")
    writer.writeheader()
    for row in view.rows:
        writer.writerow({c: _cell(row.get(c)) for c in view.columns})
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    return _cell(value)
