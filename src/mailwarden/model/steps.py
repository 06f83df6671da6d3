"""The steps of a plan: one pydantic model per action, discriminated on `action`.

These classes are the single source of the plan JSON's steps (DESIGN §4), of the LLM planner's output
schema and of the API schema. Recipient parameters hold primary SMTP addresses once the plan is
resolved. `ACTIONS` describes every action as data: its kind, its changes, its parameters, a label for
people and, for writes, the change that undoes each change (revert builds on it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "ACTIONS",
    "TAKING",
    "AccessReportStep",
    "ActionSpec",
    "CalendarAccess",
    "CalendarShare",
    "ChangePrimaryAlias",
    "DelegationReport",
    "DistributionListLifecycle",
    "DistributionListMembership",
    "EmailForwardingInternal",
    "ListDistributionLists",
    "ListGroupMembers",
    "ListSharedMailboxes",
    "MailboxDelegation",
    "SendAs",
    "SendOnBehalf",
    "Step",
    "ViewCalendarPermissions",
    "ViewMailboxDetails",
    "ViewMailboxPermissions",
    "ViewSendAsPermissions",
    "action_spec",
    "parse_step",
]

CalendarAccess = Literal["availability_only", "limited_details", "reviewer", "editor"]


TAKING = frozenset({"revoke", "remove", "delete", "clear"})
"""The changes that take access away: a revoke of Full Access / Send As / Send on Behalf or of a calendar
share, a member removed, a list deleted, a forwarding cleared."""


class _Step(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


EXPIRY_ONLY_ON_GRANT = (
    "'expires' applies only to a grant of access (a grant, a list add, a calendar share, a forwarding "
    "set): an end time limits access that is given. A {change} takes effect at once and for good "
    "(an expiring {change} would give the access back later, without approval). Leave out the expiry; to "
    "take access away for a while, take it away now and ask for it again later."
)


class _TimeBound(_Step):
    """A step that may carry `expires` (the one place that says only its change giving access may: the
    scheduler that ends time-bound access only ever takes away, so an expiring revoke would mean a grant
    nobody approved)."""

    @model_validator(mode="after")
    def _expiry_only_on_grant(self) -> _TimeBound:
        change = str(getattr(self, "change", None))
        giving = ACTIONS[str(getattr(self, "action", ""))].gives_access(change)
        if getattr(self, "expires", None) is not None and not giving:
            raise PydanticCustomError("expiry_only_on_grant", EXPIRY_ONLY_ON_GRANT.format(change=change))
        return self


# ---- writes --------------------------------------------------------------------------------------


class MailboxDelegation(_TimeBound):
    """Full Access to a mailbox."""

    action: Literal["mailbox_delegation"] = "mailbox_delegation"
    change: Literal["grant", "revoke"]
    mailbox: str
    trustee: str
    automapping: bool = True
    """Outlook opens the mailbox automatically for the trustee."""
    expires: dt.datetime | None = None
    """When set, the access is revoked automatically at this time (a grant only)."""


class SendAs(_TimeBound):
    action: Literal["send_as"] = "send_as"
    change: Literal["grant", "revoke"]
    mailbox: str
    trustee: str
    expires: dt.datetime | None = None


class SendOnBehalf(_TimeBound):
    action: Literal["send_on_behalf"] = "send_on_behalf"
    change: Literal["grant", "revoke"]
    mailbox: str
    trustee: str
    expires: dt.datetime | None = None


class DistributionListMembership(_TimeBound):
    """Membership of a group: a distribution list, a mail-enabled security group or a Microsoft 365 group."""

    action: Literal["distribution_list_membership"] = "distribution_list_membership"
    change: Literal["add", "remove"]
    group: str
    member: str
    expires: dt.datetime | None = None
    """When set, the member is removed automatically at this time (an add only)."""


class DistributionListLifecycle(_Step):
    action: Literal["distribution_list_lifecycle"] = "distribution_list_lifecycle"
    change: Literal["create", "delete"]
    group: str
    """The list's address (for create, the address it will have)."""
    display_name: str | None = None
    members: tuple[str, ...] = ()


class ChangePrimaryAlias(_Step):
    action: Literal["change_primary_alias"] = "change_primary_alias"
    change: Literal["set"]
    recipient: str
    new_address: str
    keep_old: bool = True
    """Keep the old primary address as a secondary one, so mail sent to it still arrives."""


class CalendarShare(_TimeBound):
    """A person's calendar shared with a colleague at one access level."""

    action: Literal["calendar_share"] = "calendar_share"
    change: Literal["grant", "revoke"]
    owner: str
    grantee: str
    access: CalendarAccess | None = None
    """Required to grant; a revoke removes whatever level the grantee has."""
    expires: dt.datetime | None = None
    """When set, the share ends automatically at this time (a grant only): the grantee is left the level
    held before it, when that was lower, else none."""

    @model_validator(mode="after")
    def _grant_needs_access(self) -> CalendarShare:
        if self.change == "grant" and self.access is None:
            raise ValueError("a calendar grant needs an access level")
        return self


class EmailForwardingInternal(_TimeBound):
    action: Literal["email_forwarding_internal"] = "email_forwarding_internal"
    change: Literal["set", "clear"]
    mailbox: str
    forward_to: str | None = None
    """Required to set; clearing removes whatever forwarding the mailbox has."""
    keep_copy: bool = False
    expires: dt.datetime | None = None
    """When set, the forwarding is cleared automatically at this time (a set only), if it still forwards to
    `forward_to` then."""

    @model_validator(mode="after")
    def _set_needs_target(self) -> EmailForwardingInternal:
        if self.change == "set" and not self.forward_to:
            raise ValueError("forwarding needs a forward_to recipient")
        return self


# ---- reads ---------------------------------------------------------------------------------------


class ListSharedMailboxes(_Step):
    action: Literal["list_shared_mailboxes"] = "list_shared_mailboxes"
    change: Literal["read"] = "read"


class ListDistributionLists(_Step):
    action: Literal["list_distribution_lists"] = "list_distribution_lists"
    change: Literal["read"] = "read"


class ViewMailboxPermissions(_Step):
    action: Literal["view_mailbox_permissions"] = "view_mailbox_permissions"
    change: Literal["read"] = "read"
    mailbox: str


class ViewSendAsPermissions(_Step):
    action: Literal["view_send_as_permissions"] = "view_send_as_permissions"
    change: Literal["read"] = "read"
    mailbox: str


class ViewMailboxDetails(_Step):
    action: Literal["view_mailbox_details"] = "view_mailbox_details"
    change: Literal["read"] = "read"
    mailbox: str


class ListGroupMembers(_Step):
    action: Literal["list_group_members"] = "list_group_members"
    change: Literal["read"] = "read"
    group: str


class ViewCalendarPermissions(_Step):
    """Who can see this person's calendar, at what level."""

    action: Literal["view_calendar_permissions"] = "view_calendar_permissions"
    change: Literal["read"] = "read"
    owner: str


class DelegationReport(_Step):
    """What one person can reach (trustee), or who can reach one mailbox, or both."""

    action: Literal["delegation_report"] = "delegation_report"
    change: Literal["read"] = "read"
    trustee: str | None = None
    mailbox: str | None = None


class AccessReportStep(_Step):
    """Who has access and why (access/why.py): every current grant on a mailbox or a list, or held by a
    person, each with its origin; a person and a resource: that person's grants on it."""

    action: Literal["access_report"] = "access_report"
    change: Literal["read"] = "read"
    mailbox: str | None = None
    group: str | None = None
    person: str | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> AccessReportStep:
        if self.mailbox and self.group:
            raise ValueError("an access report is about one resource: a mailbox or a group, not both")
        if not (self.mailbox or self.group or self.person):
            raise ValueError("an access report needs a mailbox, a group or a person")
        return self


Step = Annotated[
    MailboxDelegation
    | SendAs
    | SendOnBehalf
    | DistributionListMembership
    | DistributionListLifecycle
    | ChangePrimaryAlias
    | CalendarShare
    | EmailForwardingInternal
    | ListSharedMailboxes
    | ListDistributionLists
    | ViewMailboxPermissions
    | ViewSendAsPermissions
    | ViewMailboxDetails
    | ListGroupMembers
    | ViewCalendarPermissions
    | DelegationReport
    | AccessReportStep,
    Field(discriminator="action"),
]

_STEP = TypeAdapter[Step](Step)


def parse_step(data: Mapping[str, Any]) -> Step:
    """A step from its plan JSON form; pydantic.ValidationError names what is wrong."""
    return _STEP.validate_python(data)


# ---- the catalog ---------------------------------------------------------------------------------

# Every parameter that names an existing recipient (the directory resolves these; `new_address` is not one).
_REFERENCES = frozenset(
    {"mailbox", "trustee", "group", "member", "recipient", "owner", "grantee", "forward_to", "person"}
)


@dataclass(frozen=True)
class ActionSpec:
    """What an action is, as data, for the planner, the policy, revert and the help text."""

    action: str
    kind: Literal["write", "read"]
    label: str
    model: type[_Step]
    changes: tuple[str, ...]
    required: tuple[str, ...] = ()
    """Parameters every step of this action carries (beside action and change)."""
    optional: tuple[str, ...] = ()
    required_for: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Parameters one change alone requires (a calendar grant needs access, a forwarding set forward_to)."""
    inverse: Mapping[str, str] = field(default_factory=dict)
    """For writes: the change that undoes each change."""
    giving: tuple[str, ...] = ()
    """The changes that give someone access (a grant, an add, a share, a forwarding set). Only these may be
    time-bound, and the scheduler that ends them runs only their reverts, which must not be one of them."""

    @property
    def params(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def references(self) -> tuple[str, ...]:
        """Parameters that name an existing recipient (resolved to a primary address at plan time)."""
        return tuple(p for p in self.params if p in _REFERENCES)

    def required_params(self, change: str) -> tuple[str, ...]:
        return self.required + self.required_for.get(change, ())

    def gives_access(self, change: str) -> bool:
        return change in self.giving

    def inverse_of(self, change: str) -> str:
        """The change that undoes `change`; KeyError for reads, which change nothing."""
        return self.inverse[change]


_GRANT = {"grant": "revoke", "revoke": "grant"}


def _read(
    action: str, label: str, model: type[_Step], *required: str, optional: tuple[str, ...] = ()
) -> ActionSpec:
    return ActionSpec(action, "read", label, model, ("read",), required=required, optional=optional)


ACTIONS: Mapping[str, ActionSpec] = {
    spec.action: spec
    for spec in (
        ActionSpec(
            "mailbox_delegation",
            "write",
            "Full Access",
            MailboxDelegation,
            ("grant", "revoke"),
            required=("mailbox", "trustee"),
            optional=("automapping", "expires"),
            inverse=_GRANT,
            giving=("grant",),
        ),
        ActionSpec(
            "send_as",
            "write",
            "Send As",
            SendAs,
            ("grant", "revoke"),
            required=("mailbox", "trustee"),
            optional=("expires",),
            inverse=_GRANT,
            giving=("grant",),
        ),
        ActionSpec(
            "send_on_behalf",
            "write",
            "Send on Behalf",
            SendOnBehalf,
            ("grant", "revoke"),
            required=("mailbox", "trustee"),
            optional=("expires",),
            inverse=_GRANT,
            giving=("grant",),
        ),
        ActionSpec(
            "distribution_list_membership",
            "write",
            "List membership",
            DistributionListMembership,
            ("add", "remove"),
            required=("group", "member"),
            optional=("expires",),
            inverse={"add": "remove", "remove": "add"},
            giving=("add",),
        ),
        ActionSpec(
            "distribution_list_lifecycle",
            "write",
            "Distribution list",
            DistributionListLifecycle,
            ("create", "delete"),
            required=("group",),
            optional=("display_name", "members"),
            inverse={"create": "delete", "delete": "create"},
        ),
        # Undoing a primary address change is another "set", back to the address recorded as "before".
        ActionSpec(
            "change_primary_alias",
            "write",
            "Primary address",
            ChangePrimaryAlias,
            ("set",),
            required=("recipient", "new_address"),
            optional=("keep_old",),
            inverse={"set": "set"},
        ),
        ActionSpec(
            "calendar_share",
            "write",
            "Calendar sharing",
            CalendarShare,
            ("grant", "revoke"),
            required=("owner", "grantee"),
            optional=("access", "expires"),
            required_for={"grant": ("access",)},
            inverse=_GRANT,
            giving=("grant",),
        ),
        ActionSpec(
            "email_forwarding_internal",
            "write",
            "Email forwarding",
            EmailForwardingInternal,
            ("set", "clear"),
            required=("mailbox",),
            optional=("forward_to", "keep_copy", "expires"),
            required_for={"set": ("forward_to",)},
            inverse={"set": "clear", "clear": "set"},
            giving=("set",),
        ),
        _read("list_shared_mailboxes", "Shared mailboxes", ListSharedMailboxes),
        _read("list_distribution_lists", "Distribution lists", ListDistributionLists),
        _read("view_mailbox_permissions", "Mailbox permissions", ViewMailboxPermissions, "mailbox"),
        _read("view_send_as_permissions", "Send As permissions", ViewSendAsPermissions, "mailbox"),
        _read("view_mailbox_details", "Mailbox details", ViewMailboxDetails, "mailbox"),
        _read("list_group_members", "Group members", ListGroupMembers, "group"),
        _read("view_calendar_permissions", "Calendar permissions", ViewCalendarPermissions, "owner"),
        _read("delegation_report", "Delegation report", DelegationReport, optional=("trustee", "mailbox")),
        _read("access_report", "Access and why", AccessReportStep, optional=("mailbox", "group", "person")),
    )
}


def action_spec(step: Step) -> ActionSpec:
    """The catalog entry of a step."""
    return ACTIONS[step.action]
