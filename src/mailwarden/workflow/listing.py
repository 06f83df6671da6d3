"""Which requests a person sees, filtered the same way in every channel: their own, those waiting on them,
by state. Visibility stays the service's (an employee sees their own requests and those they approve)."""

from __future__ import annotations

from dataclasses import dataclass

from mailwarden.errors import ConfigError
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.workflow.service import Actor, RequestService
from mailwarden.workflow.waiting import waiting_page

__all__ = ["RequestFilter", "filtered", "waiting_on"]


@dataclass(frozen=True)
class RequestFilter:
    mine: bool = False
    """Only requests this person filed."""
    waiting_on_me: bool = False
    """Only requests waiting for this person's approval."""
    state: RequestState | None = None

    def __post_init__(self) -> None:
        if self.mine and self.waiting_on_me:
            # Nobody approves their own request, so together they would always list nothing.
            raise ConfigError(
                "'mine' and 'waiting on me' exclude each other: a request never waits on its own "
                "requester. Choose one."
            )
        if self.waiting_on_me and self.state not in (None, RequestState.PENDING_APPROVAL):
            raise ConfigError(
                f"Requests waiting on you are all 'pending_approval'; state {self.state.value!r} "
                "would list nothing. Leave the state out, or drop 'waiting on me'."
            )


def waiting_on(
    service: RequestService, tenant: str, viewer: Actor, *, limit: int, offset: int = 0
) -> list[RequestView]:
    """One page of the requests waiting for `viewer`'s approval, newest first (past-deadline ones left out:
    the expiry loop marks them expired; a read never writes)."""
    return waiting_page(service, tenant, viewer, limit=limit, offset=offset)


def filtered(
    service: RequestService, tenant: str, viewer: Actor, chosen: RequestFilter, *, limit: int, offset: int
) -> list[RequestView]:
    """One page of what `viewer` sees under `chosen`, newest first."""
    if chosen.waiting_on_me:
        return waiting_on(service, tenant, viewer, limit=limit, offset=offset)
    return service.list(
        tenant,
        viewer=viewer,
        state=chosen.state,
        requester_id=viewer.actor_id if chosen.mine else None,
        limit=limit,
        offset=offset,
    )
