"""Every error a mailwarden user can meet, as one small tree.

    MailwardenError
      ConfigError                 the operator's setup or input is wrong (fix the command or config)
      PlanningError               a request could not be turned into steps
      ResolutionError
        RecipientNotFound         a name, address or id matches no recipient
        AmbiguousRecipient        it matches several; carries the candidates
      TenantError                 the tenant (or the emulator) answered with a failure
        Throttled                 429: carries retry_after
        Transient                 5xx, dropped connection, timeout: worth a retry
        TenantUnreachable         the host could not be reached at all
        AuthenticationFailed      no token: wrong tenant, unknown app, wrong or expired credential
        NotAuthorized             401/403 with a token
          ConsentMissing          the app lacks an API permission (app role) such as Exchange.ManageAsApp
          RoleMissing             the app lacks a directory role such as Exchange Administrator
        NotFound                  the object does not exist in the tenant
        AlreadyExists             the object or permission already exists
        Rejected                  the service refused the operation, in its own words
      RemoteTenantBlocked         a test tried to reach a non-loopback tenant
      WorkflowError               a request cannot do what was asked of it
        RequestNotFound           no such request (or not one the person may see)
        ReviewNotFound            no such access review or review task (or not one the person may see)
        NotPermitted              the person may not do this to the request (self-approval, not an approver)
          DecisionChanged         on the tenant's facts as they are now, the policy decides otherwise
        InvalidTransition         the request is not in a state that allows it
      AuditIntegrityError         the audit chain does not verify

Errors carry fields; the message is built from them, says what happened and what to do next.
Decisions (allowed / approval required / denied) are values, not exceptions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

__all__ = [
    "AlreadyExists",
    "AmbiguousRecipient",
    "AuditIntegrityError",
    "AuthenticationFailed",
    "ConfigError",
    "ConsentMissing",
    "DecisionChanged",
    "InvalidTransition",
    "MailwardenError",
    "NotAuthorized",
    "NotFound",
    "NotPermitted",
    "PlanningError",
    "RecipientNotFound",
    "Rejected",
    "RemoteTenantBlocked",
    "RequestNotFound",
    "ResolutionError",
    "ReviewNotFound",
    "RoleMissing",
    "TenantError",
    "TenantUnreachable",
    "Throttled",
    "Transient",
    "WorkflowError",
]


class MailwardenError(Exception):
    """The root of every error mailwarden raises on purpose."""


class ConfigError(MailwardenError):
    """The operator's configuration or command input is wrong."""


class PlanningError(MailwardenError):
    """A request could not be turned into a plan."""


class ResolutionError(MailwardenError):
    """A reference to a person or resource could not be resolved to one recipient."""


class RecipientNotFound(ResolutionError):
    """`hint` may be given as a function: it is then called only when the message is read (str(), args),
    once. Resolution's "did you mean" hint compares the reference with every listed name; the planner tries
    many words of a request as names and drops nearly every failure unread (issue 12)."""

    def __init__(self, reference: str, *, hint: str | Callable[[], str] = "") -> None:
        self.reference = reference
        self._hint = hint
        self._message: str | None = None
        super().__init__()

    @property
    def args(self) -> tuple[Any, ...]:
        if self._message is None:
            if not isinstance(self._hint, str):
                self._hint = self._hint()
            self._message = f"No recipient matches {self.reference!r}. " + (
                self._hint or "Check the spelling, or use the full email address."
            )
        return (self._message,)

    @args.setter
    def args(self, value: tuple[Any, ...]) -> None:
        self._message = str(value[0]) if value else ""

    def __str__(self) -> str:
        return str(self.args[0])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.args[0]!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_not_found_with_message, (self.reference, self.args[0]))


def _not_found_with_message(reference: str, message: str) -> RecipientNotFound:
    """A RecipientNotFound unpickled: its reference and the message it had."""
    error = RecipientNotFound(reference)
    error.args = (message,)
    return error


class AmbiguousRecipient(ResolutionError):
    def __init__(self, reference: str, candidates: Sequence[Any]) -> None:
        self.reference = reference
        self.candidates = list(candidates)
        super().__init__(
            f"{reference!r} matches {len(self.candidates)} recipients; say which one by email address."
        )


class TenantError(MailwardenError):
    """The tenant answered with a failure (or could not be reached)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        operation: str | None = None,
        request_id: str | None = None,
        resent: bool = False,
    ) -> None:
        self.status = status
        self.code = code
        self.operation = operation
        self.request_id = request_id
        self.resent = resent
        super().__init__(message)

    @property
    def may_have_landed(self) -> bool:
        """Whether a write this failure answers may have been carried out all the same: a refusal (a 4xx,
        a 429 until the client gave up) says the tenant did nothing, unless it answered a resend of a try
        whose own answer was lost (`resent`): that try may have landed."""
        return self.resent


class Throttled(TenantError):
    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class Transient(TenantError):
    """A fault worth retrying: 5xx, a dropped connection, a timeout."""

    @property
    def may_have_landed(self) -> bool:
        # A 5xx or an answer lost on the way back says nothing of whether the tenant carried the write out.
        return True


class TenantUnreachable(TenantError):
    """The tenant's host could not be reached."""


class AuthenticationFailed(TenantError):
    """No token could be obtained."""


class NotAuthorized(TenantError):
    """The tenant refused the call for lack of rights."""


class ConsentMissing(NotAuthorized):
    """An API permission (app role) has not been consented for the app."""


class RoleMissing(NotAuthorized):
    """The app's service principal lacks a directory role the call needs."""


class NotFound(TenantError):
    """The object named in the call does not exist."""


class AlreadyExists(TenantError):
    """The object or the permission already exists (or, for a removal, is already gone).

    `resent`: the answer came to a resend of a write an earlier try of which may have been carried out
    (its answer lost), so "already" may be that try's own doing; False when it answered the first send."""


class Rejected(TenantError):
    """The service refused the operation; the message carries its own words."""


class RemoteTenantBlocked(MailwardenError):
    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"Refusing to contact {url!r}: remote tenants are disabled here "
            "(connectors.ALLOW_REMOTE_TENANTS is False, as it is in the test suite)."
        )


class AlreadyRunning(MailwardenError):
    """A job that runs once per tenant at a time (a drift scan) is under way: a conflict with the tenant's
    state, not bad input; `running_since` and `retry_after` (seconds) say what to wait for."""

    def __init__(self, message: str, *, running_since: dt.datetime, retry_after: float) -> None:
        self.running_since = running_since
        self.retry_after = retry_after
        super().__init__(message)


class WorkflowError(MailwardenError):
    """A request cannot do what was asked of it."""


class RequestNotFound(WorkflowError):
    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        super().__init__(
            f"No request {request_id!r} that you may see. List yours with 'mailwarden requests list'."
        )


class ReviewNotFound(WorkflowError):
    def __init__(self, what: str, review_id: str) -> None:
        self.review_id = review_id
        super().__init__(
            f"No {what} {review_id!r} that you may see. List yours with 'mailwarden reviews list'."
        )


class NotPermitted(WorkflowError):
    """The person may not do this to the request."""


class DenialHeld(NotPermitted):
    """An admin's denial of a drift revert was recorded but does not end it: a second admin must agree
    (workflow/live_policy.py). Not an error to the one who denied: their vote is recorded, and the CLI, the
    page and the API show the request, saying so, rather than fail."""

    def __init__(self, request_id: str, message: str) -> None:
        self.request_id = request_id
        super().__init__(message)


class DecisionChanged(NotPermitted):
    """Decided again on live facts, the request may not go on: it was stopped (and audited), for `reasons`."""

    def __init__(self, request_id: str, reasons: Sequence[str]) -> None:
        self.request_id = request_id
        self.reasons = list(reasons)
        super().__init__(
            f"Request {request_id!r} was stopped: decided again on the tenant as it is now, "
            f"{' '.join(dict.fromkeys(self.reasons))} Submit it again to see the new preview and decision."
        )


class InvalidTransition(WorkflowError):
    def __init__(self, request_id: str, state: str, verb: str) -> None:
        self.request_id = request_id
        self.state = state
        super().__init__(f"Request {request_id!r} is {state.replace('_', ' ')}; it cannot be {verb} now.")


class AuditIntegrityError(MailwardenError):
    def __init__(self, seq: int, reason: str) -> None:
        self.seq = seq
        self.reason = reason
        super().__init__(f"Audit record {seq} does not verify: {reason}")
