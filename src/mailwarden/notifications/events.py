"""What is told, to whom: the events of a request a person hears of, and each one's one-line headline."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["APPROVER_EVENTS", "HEADLINES", "Event"]


class Event(StrEnum):
    WAITING = "waiting"
    """A request waits on its approvers (each pending approver; the Teams channel)."""
    REMINDER = "reminder"
    """It still waits, and its approval deadline is near."""
    ESCALATED = "escalated"
    """Its deadline passed with no verdict: the tenant's admins are told (when the tenant escalates)."""
    DENIAL_HELD = "denial_held"
    """An admin denied a drift revert and the denial is held: the other admins who decide it are told that a
    second admin must agree (workflow/live_policy.py)."""
    APPROVED = "approved"
    DENIED = "denied"
    COMPLETED = "completed"
    FAILED = "failed"
    """Ran, and some or all of its steps failed."""
    EXPIRED = "expired"
    """No one decided in time: the request will not run."""
    ACCESS_ENDING = "access_ending"
    """Time-bound access the request gave ends soon."""
    END_OVERDUE = "end_overdue"
    """Time-bound access the request gave is past its end and its take-back keeps failing: the tenant's
    admins are told (workflow/requests.py `_postponed`)."""


# Told to approvers (and posted to the Teams channel); every other event goes to the requester by e-mail.
APPROVER_EVENTS = frozenset({Event.WAITING, Event.REMINDER, Event.ESCALATED, Event.DENIAL_HELD})

HEADLINES: dict[Event, str] = {
    Event.WAITING: "{requester} asks for your approval",
    Event.REMINDER: "Reminder: {requester}'s request still waits for your approval",
    Event.ESCALATED: "No approver decided on {requester}'s request in time",
    Event.DENIAL_HELD: "A denial of {requester}'s request is held until a second admin agrees",
    Event.APPROVED: "Your request was approved",
    Event.DENIED: "Your request was denied",
    Event.COMPLETED: "Your request is done",
    Event.FAILED: "Your request did not fully succeed",
    Event.EXPIRED: "Your request expired: no approver decided in time",
    Event.ACCESS_ENDING: "Access you were given ends soon",
    Event.END_OVERDUE: "Access {requester}'s request gave is past its end and could not be taken back yet",
}
