"""Share a person's calendar with a colleague at one level, or stop sharing it.

Through Exchange folder permissions on the owner's default calendar, whose name is localised ("Calendar",
"Kalender" ...): Get-MailboxFolderStatistics finds it, then Get-/Add-/Set-/Remove-MailboxFolderPermission
on "<owner>:\\<name>". A grantee who already has another level is changed with Set (the preview shows
the old level), not added twice.

The grantee is a person or a mail-enabled security group (a group's entry prints the group's display
name as `User`, and is changed and removed by the group's address or id like a person's). A group is
given a calendar only when everyone it reaches, through nesting, read live, is an enabled person of the
organisation (actions/_group_trustee.py): a guest or a shared mailbox in it would get the calendar past
the rule that a calendar is shared with colleagues only (red team 30).

A grantee may be the owner's calendar delegate (SharingPermissionFlags Delegate, and CanViewPrivateItems:
private events), set up in Outlook. A share gives a level and never delegate access, so it leaves the grantee
with exactly the level asked and no flags; its preview shows the flags held and says that they end, at the
same level too (then it is not "already" so).

Identifying the grantee's entry: Exchange prints `User` as a display name, and two people may share one
(the Acme tenant has two "Alex Kim"). So the cmdlets are always called with the grantee's address, which
is unambiguous (or its directory id, for a step approved for that object: base.ActionContext.identity),
and an entry of the full list is taken as the grantee's only when its display name matches and no other
recipient has that display name; otherwise Exchange is asked for the grantee's own entry (-User), which
it resolves by address or id.
"""

from __future__ import annotations

from typing import ClassVar, get_args

from pydantic import JsonValue

from mailwarden.actions._delegation import LAGGED
from mailwarden.actions._group_trustee import group_trustee
from mailwarden.actions.base import (
    ActionContext,
    FoundBefore,
    refuse_unless_internal_person,
    refuse_unless_mailbox,
)
from mailwarden.connectors.exchange import CmdletResult
from mailwarden.connectors.models import FolderPermission
from mailwarden.connectors.on_wire import answered_already_to_a_resend, carried_out_nothing
from mailwarden.errors import AlreadyExists, NotFound
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import CalendarAccess, CalendarShare

__all__ = ["ACTION", "EXCHANGE_RIGHTS", "UNKNOWN", "CalendarShareAction"]

UNKNOWN = "unknown"
"""The access recorded as held before a write the (lagging) reads had not shown the state for."""
# Remove-/Set-MailboxFolderPermission of a user with no entry on the folder.
_NO_ENTRY = "UserNotFoundInPermissionEntryException"


def _already_if_unchanged(result: CmdletResult) -> None:
    """Set-MailboxFolderPermission at the level held: Exchange's "no settings ... modified" warning."""
    if any("but no settings of" in w.lower() for w in result.warnings):
        raise AlreadyExists(
            f"Exchange says it is already so: {' '.join(result.warnings)}", resent=result.resent
        )


EXCHANGE_RIGHTS: dict[str, str] = {
    "availability_only": "AvailabilityOnly",
    "limited_details": "LimitedDetails",
    "reviewer": "Reviewer",
    "editor": "Editor",
}
_LEVELS = {v.lower(): k for k, v in EXCHANGE_RIGHTS.items()}
_MEANING = {
    "availability_only": "free/busy only",
    "limited_details": "free/busy, subject and location",
    "reviewer": "read-only, all details",
    "editor": "can create, change and delete events",
}


def _level(entry: FolderPermission | None) -> str | None:
    """The entry's access as a step's level ('reviewer'), Exchange's own words for other rights, or None."""
    if entry is None or entry.grants_nothing:
        return None
    rights = list(entry.rights)
    if len(rights) == 1 and rights[0].lower() in _LEVELS:
        return _LEVELS[rights[0].lower()]
    return ",".join(rights)


def _covers(held: str | None, wanted: str | None) -> bool:
    """Whether the level held gives at least the level wanted (both levels a step can name)."""
    levels = get_args(CalendarAccess)
    return held in levels and wanted in levels and levels.index(held) >= levels.index(wanted)


def _sharing_flags(entry: FolderPermission | None) -> str:
    """The entry's delegate flags as Exchange prints them ("Delegate, CanViewPrivateItems"), or ""."""
    return "" if entry is None or entry.grants_nothing else entry.sharing_flags


def _held(level: str | None, flags: str) -> dict[str, JsonValue]:
    """A before-state: the level, and the delegate flags only when there are any (so a share's preview and
    the run's read of someone with no flags compare as they always did)."""
    return {"access": level, "sharing_flags": flags} if flags else {"access": level}


def _ending(name: str, owner: str, flags: str) -> str:
    """What ends with a grantee's delegate flags, in the owner's words."""
    private = "canviewprivateitems" in flags.casefold()
    return (
        f"This ends {name}'s delegate access to {owner}'s calendar ({flags}): {name} stops receiving "
        f"{owner}'s meeting requests and responses"
        + (f", and can no longer see {owner}'s private events." if private else ".")
        if "delegate" in flags.casefold()
        else f"This ends {name}'s sharing flags on {owner}'s calendar ({flags})."
    )


def _describe(level: str) -> str:
    return f"{EXCHANGE_RIGHTS[level]} ({_MEANING[level]})" if level in _MEANING else level


async def _folder(ctx: ActionContext, owner: Recipient) -> str:
    # `<id>:\\Calendar` for a bound owner: the folder of the mailbox approved, wherever its address went.
    return await ctx.clients.exchange.calendar_folder(ctx.identity(owner))


async def _entry(ctx: ActionContext, folder: str, grantee: Recipient) -> FolderPermission | None:
    """The grantee's permission entry on `folder`, or None."""
    exchange = ctx.clients.exchange
    # A grantee the step was approved for is asked for by id: a display name the directory (synced before)
    # knows once may by now be another recipient's too, whose entry would pass for the grantee's.
    if not ctx.bound_to(grantee):
        name = grantee.display_name.casefold()
        named = [e for e in await exchange.folder_permissions(folder) if e.user.casefold() == name]
        if not named:
            return None
        if len(named) == 1 and len(ctx.directory.named(grantee.display_name)) == 1:
            return named[0]
    try:
        own = await exchange.folder_permissions(folder, ctx.identity(grantee))
    except NotFound:  # UserNotFoundInPermissionEntryException: someone else of that name has the entry
        return None
    return own[0] if own else None


def _refuse_grantee(grantee: Recipient) -> Refusal | None:
    """A calendar is shared with an enabled person inside the organisation, or with a mail-enabled security
    group: Exchange grants folder permissions to security principals only (mailbox users, mail users and
    mail-enabled security groups, learn.microsoft.com/powershell/module/exchange/add-mailboxfolderpermission,
    -User), and a group's members then see the calendar as the group's entry allows."""
    if grantee.kind is RecipientKind.MAIL_ENABLED_SECURITY:
        return None
    return refuse_unless_internal_person(grantee, role="grantee")


class CalendarShareAction:
    action: ClassVar[str] = "calendar_share"

    async def preflight(self, ctx: ActionContext, step: CalendarShare) -> Preflight:
        owner = ctx.recipient(step.owner)
        grantee = ctx.recipient(step.grantee)
        if refusal := refuse_unless_mailbox(owner, what="calendar owner"):
            return refusal
        if grantee.recipient_id == owner.recipient_id:
            return Refusal(reason=f"{owner.label()} owns this calendar; it cannot be shared with its owner.")
        # A revoke may remove an outsider's or a disabled account's entry: that only reduces access.
        if step.change == "grant" and (refusal := _refuse_grantee(grantee)):
            return refusal
        if step.change == "grant" and grantee.kind is RecipientKind.MAIL_ENABLED_SECURITY:
            # Everyone the group reaches gets the calendar: each must be one it may be shared with (a guest
            # or a shared mailbox in it would have it past the rule for people). Read live, as it runs.
            checked = await group_trustee(ctx, grantee, what="access to a calendar")
            if isinstance(checked, Refusal):
                return checked
        entry = await _entry(ctx, await _folder(ctx, owner), grantee)
        current, flags = _level(entry), _sharing_flags(entry)
        wanted = step.access if step.change == "grant" else None
        whose = f"{owner.display_name}'s calendar"
        # A share gives a level, never delegate access: someone holding the level asked with delegate flags
        # is not "already" so. The write leaves exactly the level and takes the flags away (apply), even
        # flags granted outside after this read, so no preview lets private events through unshown.
        if current == wanted and not flags:
            summary = (
                f"{grantee.display_name} already has {_describe(current)} access to {whose}."
                if current
                else f"{grantee.display_name} already has no access to {whose}."
            )
            return Change(
                before={"access": current}, after={"access": current}, already=True, summary=summary
            )
        if step.expires is not None and _covers(current, wanted):
            # Share for a while what is held already, or more: lowering it would take access away for good,
            # which a grant never does, and its end would have nothing of its own to take back.
            summary = f"{grantee.display_name} already has {_describe(str(current))} access to {whose}"
            summary += f", at least the {_describe(str(wanted))} asked for until the end."
            return Change(
                before={"access": current}, after={"access": current}, already=True, summary=summary
            )
        warnings = []
        if wanted is None:
            summary = (
                f"{grantee.display_name} will no longer have {_describe(str(current))} access to {whose}."
            )
        elif current == wanted:
            summary = (
                f"{grantee.display_name} keeps {_describe(wanted)} access to {whose}, as a colleague the "
                "calendar is shared with, no longer as a delegate."
            )
        else:
            summary = f"{grantee.display_name} will have {_describe(wanted)} access to {whose}."
            if current is not None:
                warnings.append(
                    f"This replaces {grantee.display_name}'s current {_describe(current)} access."
                )
            if wanted == "editor":
                warnings.append("Editor can change and delete the owner's events, not only read them.")
            if grantee.kind is RecipientKind.MAIL_ENABLED_SECURITY:
                # Not named one by one: an employee sharing their calendar may not see who is in the group.
                warnings.append(
                    f"Everyone in {grantee.display_name}, and whoever joins it later, gets this access."
                )
        if flags:
            warnings.append(_ending(grantee.display_name, owner.display_name, flags))
        if current is not None and current not in EXCHANGE_RIGHTS:
            warnings.append(f"Undo cannot restore the custom access {current!r}.")
        elif flags:
            warnings.append(
                f"Undo gives back {_describe(str(current))} access, not the delegate access: "
                f"{owner.display_name} would set that up again in Outlook."
            )
        return Change(
            before=_held(current, flags), after={"access": wanted}, summary=summary, warnings=warnings
        )

    async def apply(self, ctx: ActionContext, step: CalendarShare) -> FoundBefore | None:
        owner = ctx.recipient(step.owner)
        grantee = ctx.recipient(step.grantee)
        exchange = ctx.clients.exchange
        folder = await _folder(ctx, owner)
        user = ctx.identity(grantee)
        if step.change == "revoke":
            # Sent whatever the (lagging) reads say: an entry added outside moments ago is not in them yet.
            try:
                await exchange.remove_folder_permission(folder, user)
            except NotFound as exc:
                if exc.code == _NO_ENTRY:  # "There is no existing permission entry found for user: ..."
                    raise AlreadyExists(f"Exchange says there is no entry to remove: {exc}") from exc
                raise
            return None
        assert step.access is not None  # the step model requires a level to grant
        rights = EXCHANGE_RIGHTS[step.access]
        # Exactly the level, with no delegate flags, whatever the (lagging) read showed: a Set- that names
        # neither SharingPermissionFlags nor SendNotificationToUser keeps a delegate's flags at any level,
        # and SharingPermissionFlags is taken with Editor only; SendNotificationToUser ($false: no
        # invitation) resets them to None with each of the four levels (Set-MailboxFolderPermission,
        # learn.microsoft.com/powershell/module/exchangepowershell/set-mailboxfolderpermission, examples
        # 5 and 6). Verification then reads the entry back with its flags (preflight).
        # The read only picks which cmdlet to try first; the tenant's answer to it decides.
        entry = await _entry(ctx, folder, grantee)
        if step.expires is not None and entry is not None and _covers(_level(entry), step.access):
            # A share for a while over a level held already, or more (given since the preview): a Set would
            # lower it for good, which no grant may do, and its end would have nothing of its own to take.
            # Nothing is sent; as a first send's "already so", the step is "already" (actions.base.ours).
            raise AlreadyExists(
                f"{grantee.display_name} already has {_describe(str(_level(entry)))} access to "
                f"{owner.display_name}'s calendar, at least the {_describe(step.access)} asked for."
            )
        if entry is not None:
            try:
                result = await exchange.set_folder_permission(folder, user, rights, send_notification=False)
            except NotFound as exc:
                if exc.code != _NO_ENTRY:
                    raise
                # Removed outside since the reads last saw it: the Set carried nothing out, and the Add below
                # is the write that gives the access, which dates the share (red team 64 F2).
                carried_out_nothing()
            else:
                _already_if_unchanged(result)
                return None
        try:
            await exchange.add_folder_permission(folder, user, rights, send_notification=False)
        except AlreadyExists as exc:
            if exc.resent:
                # Answering a resend whose first try's answer was lost: that try may have added it, and such
                # an answer is read toward less access (actions.base.ours): the entry is this share's, as if
                # the add had been answered, so its undo and end take it away (red team 60 F1), dated at
                # that try (red team 64 F1).
                answered_already_to_a_resend()
            elif step.expires is not None:
                # Added meanwhile, at a level the (lagging) reads do not show: a share for a while never sets
                # it, since that could lower a level given since for good. Nothing more is sent: "already".
                raise AlreadyExists(
                    f"{grantee.display_name} was given access to {owner.display_name}'s calendar since the "
                    "last read; a share for a while does not replace it. Ask again if it is not enough."
                ) from exc
            else:
                # Added meanwhile: the Add carried nothing out; set the level ("no settings modified" when it
                # is that level already), the write that dates the share.
                carried_out_nothing()
                _already_if_unchanged(
                    await exchange.set_folder_permission(folder, user, rights, send_notification=False)
                )
                # The entry found was someone's (another admin's, at a level the reads never showed), not
                # this step's: recorded as held before at a level not known, so an undo or end leaves it,
                # flagged, rather than remove it with the level it had (red team 57 F2).
                return FoundBefore(
                    {"access": UNKNOWN},
                    f"{grantee.display_name} was given access to {owner.display_name}'s calendar since the "
                    "last read, at a level the reads did not show; this share set its level over it, and its "
                    "undo cannot restore the level held before.",
                )
        if entry is None:
            return None
        # The level the read showed was removed outside since (the read lagged it): the grantee held nothing
        # before this add, and its end and undo must take the access away, never put that level back.
        return FoundBefore(
            {"access": None},
            f"{grantee.display_name}'s earlier access ({_describe(str(_level(entry)))}) was removed since "
            "the last read; this share was added afresh, and its end or undo removes it.",
        )

    def as_made(self, ctx: ActionContext, step: CalendarShare, change: Change) -> Change:
        """What a write did that the (lagging) pre-check said was not needed: the access held before it is
        not known (the reads never showed it), so undo cannot restore it and says so."""
        grantee, owner = ctx.recipient(step.grantee), ctx.recipient(step.owner)
        whose = f"{owner.display_name}'s calendar"
        if step.change == "revoke":
            summary = f"{grantee.display_name} will no longer have access to {whose}."
        else:
            assert step.access is not None
            summary = f"{grantee.display_name} will have {_describe(step.access)} access to {whose}."
        return Change(
            before={"access": UNKNOWN},
            after={"access": step.access if step.change == "grant" else None},
            summary=summary,
            warnings=[LAGGED, "Undo cannot restore the access held before: the reads never showed it."],
        )

    def revert(self, step: CalendarShare, change: Change) -> CalendarShare | None:
        if change.already:
            return None
        before = change.before if isinstance(change.before, dict) else {}
        level = before.get("access")
        if level is None:
            return CalendarShare(change="revoke", owner=step.owner, grantee=step.grantee)
        for access in get_args(CalendarAccess):
            if level == access:
                return CalendarShare(change="grant", owner=step.owner, grantee=step.grantee, access=access)
        return None  # a custom level the step model cannot express; the preview warned about it


ACTION = CalendarShareAction()
