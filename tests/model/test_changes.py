"""Preflight results: a change with before and after, or a refusal, told apart from their JSON."""

from __future__ import annotations

from pydantic import TypeAdapter

from mailwarden.model import Change, Preflight, Refusal

_PREFLIGHT: TypeAdapter[Preflight] = TypeAdapter(Preflight)


def test_change_and_refusal_read_back_as_what_they_were() -> None:
    """A stored preflight result comes back as the same kind of value."""
    change = Change(before={"members": []}, after={"members": ["a@acme.com"]}, summary="A joins All Hands")
    refusal = Refusal(reason="Boardroom is a room, not a shared mailbox.")
    assert _PREFLIGHT.validate_json(_PREFLIGHT.dump_json(change)) == change
    assert _PREFLIGHT.validate_json(_PREFLIGHT.dump_json(refusal)) == refusal


def test_change_that_is_already_so_keeps_its_warnings() -> None:
    """'Already so' is a change with nothing to do, still able to warn."""
    change = Change(
        before=True,
        after=True,
        already=True,
        summary="Sarah can already send as Support",
        warnings=["The grant expires tomorrow."],
    )
    assert change.model_dump(mode="json")["already"] is True
    assert change.warnings == ["The grant expires tomorrow."]
