"""A step's stored decision read inside the database: its approvers as rows, so a listing can ask who may
see or approve a request without loading every request with all its steps (a 5,000-step bulk request made
each listing load 5,000 rows)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

from mailwarden.store.tables import RequestStepRow

__all__ = ["step_approvers"]


def step_approvers(dialect: str) -> Any:
    """The step's approver addresses as rows (`value`), read from its stored decision in the database."""
    if dialect == "postgresql":
        # A set-returning function of one column names its column after the alias unless told otherwise.
        return (
            func.jsonb_array_elements_text(RequestStepRow.decision["approvers"])
            .table_valued("value")
            .render_derived()
        )
    return func.json_each(RequestStepRow.decision, "$.approvers").table_valued("value")
