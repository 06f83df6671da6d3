"""Steps parse from the plan JSON by action, and the catalog describes every action."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from pydantic import ValidationError

from mailwarden.model import ACTIONS, action_spec, parse_step
from mailwarden.model.steps import CalendarShare, MailboxDelegation, SendAs, Step


def test_step_is_parsed_by_its_action() -> None:
    """The plan JSON's step object becomes the step class its action names, with defaults filled."""
    step = parse_step(
        {
            "action": "mailbox_delegation",
            "change": "grant",
            "mailbox": "support@acme.com",
            "trustee": "sarah@acme.com",
        }
    )
    assert isinstance(step, MailboxDelegation)
    assert step.automapping is True
    assert step.expires is None


def test_unknown_action_is_rejected() -> None:
    """An action outside the catalog never becomes a step."""
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        parse_step({"action": "delete_mailbox", "change": "grant"})


def test_change_must_belong_to_the_action() -> None:
    """send_as can be granted or revoked, not 'added'."""
    with pytest.raises(ValidationError):
        parse_step({"action": "send_as", "change": "add", "mailbox": "a@acme.com", "trustee": "b@acme.com"})


def test_unexpected_parameters_are_rejected() -> None:
    """A step with a parameter its action does not have is refused, not silently trimmed."""
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        parse_step(
            {"action": "send_as", "change": "grant", "mailbox": "a@acme.com", "trustee": "b@acme.com", "x": 1}
        )


def test_calendar_grant_needs_an_access_level_but_revoke_does_not() -> None:
    """Granting calendar access says at what level; revoking removes whatever there is."""
    with pytest.raises(ValidationError, match="access level"):
        CalendarShare(change="grant", owner="a@acme.com", grantee="b@acme.com")
    assert CalendarShare(change="revoke", owner="a@acme.com", grantee="b@acme.com").access is None


def test_forwarding_set_needs_a_target() -> None:
    """Setting forwarding without saying where to is refused."""
    with pytest.raises(ValidationError, match="forward_to"):
        parse_step({"action": "email_forwarding_internal", "change": "set", "mailbox": "a@acme.com"})


def test_read_views_default_their_change_to_read() -> None:
    """A read view needs no change in its JSON."""
    assert parse_step({"action": "list_shared_mailboxes"}).change == "read"


def test_catalog_covers_every_step_class_and_matches_its_fields() -> None:
    """Each Step class has one catalog entry whose changes and params are exactly the model's."""
    classes = typing.get_args(typing.get_args(Step)[0])
    assert {c.model_fields["action"].default for c in classes} == set(ACTIONS)
    for cls in classes:
        spec = ACTIONS[cls.model_fields["action"].default]
        assert spec.model is cls
        assert set(spec.params) == set(cls.model_fields) - {"action", "change"}
        assert set(spec.changes) == set(typing.get_args(cls.model_fields["change"].annotation))


def test_every_write_change_has_an_inverse_that_is_one_of_its_changes() -> None:
    """Revert can undo any write: grant<->revoke, add<->remove, set<->clear, create<->delete."""
    for spec in ACTIONS.values():
        if spec.kind == "read":
            assert spec.inverse == {}
            continue
        for change in spec.changes:
            assert spec.inverse_of(change) in spec.changes
            assert spec.inverse_of(spec.inverse_of(change)) == change
    assert ACTIONS["email_forwarding_internal"].inverse_of("set") == "clear"


def test_catalog_labels_and_references_are_for_people_and_resolution() -> None:
    """Full Access is labelled as admins say it; its mailbox and trustee are recipients to resolve."""
    spec = action_spec(SendAs(change="grant", mailbox="a@acme.com", trustee="b@acme.com"))
    assert spec.label == "Send As"
    assert ACTIONS["mailbox_delegation"].label == "Full Access"
    assert ACTIONS["mailbox_delegation"].references == ("mailbox", "trustee")
    assert "new_address" not in ACTIONS["change_primary_alias"].references
    assert ACTIONS["calendar_share"].required_params("grant") == ("owner", "grantee", "access")


def test_expiry_keeps_its_time_zone_through_json() -> None:
    """A time-limited grant comes back from JSON at the same instant."""
    when = dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC)
    step = SendAs(change="grant", mailbox="a@acme.com", trustee="b@acme.com", expires=when)
    again = parse_step(step.model_dump(mode="json"))
    assert again == step


@pytest.mark.parametrize(
    ("giving", "taking"),
    [
        (
            {"action": "distribution_list_membership", "change": "add", "group": "g@acme.com", "member": "m"},
            {"change": "remove"},
        ),
        (
            {
                "action": "calendar_share",
                "change": "grant",
                "owner": "o@acme.com",
                "grantee": "g",
                "access": "reviewer",
            },
            {"change": "revoke", "access": None},
        ),
        (
            {
                "action": "email_forwarding_internal",
                "change": "set",
                "mailbox": "m@acme.com",
                "forward_to": "t",
            },
            {"change": "clear", "forward_to": None},
        ),
    ],
)
def test_an_add_a_share_and_a_forwarding_may_end_but_their_undoing_may_not(
    giving: dict[str, str], taking: dict[str, str | None]
) -> None:
    """`expires` goes with the change that gives access (DESIGN §5), and is refused, saying why, on the
    change that takes it away: an expiring removal would give the access back later, unapproved."""
    when = dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC).isoformat()
    assert parse_step({**giving, "expires": when}).expires is not None  # type: ignore[union-attr]
    taken = {k: v for k, v in {**giving, **taking}.items() if v is not None}
    with pytest.raises(ValidationError, match="applies only to a grant of access"):
        parse_step({**taken, "expires": when})
