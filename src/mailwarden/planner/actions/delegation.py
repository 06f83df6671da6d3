"""Mailbox rights: Full Access, Send As, Send on Behalf, granted or taken away, for a while or for good."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import (
    ActionDescription,
    AnyOf,
    Cue,
    Mentions,
    Modifier,
    Named,
    Not,
    Rights,
    Slot,
    Words,
)

_RIGHTS = frozenset({"mailbox_delegation", "send_as", "send_on_behalf"})
# The words of each right, in the order overlaps are settled: "send on behalf" before "send as"
RIGHTS = Rights(
    (
        (lx.FULL_ACCESS, "mailbox_delegation"),
        (lx.PERMISSIONS["send_on_behalf"], "send_on_behalf"),
        (lx.PERMISSIONS["send_as"], "send_as"),
    ),
    every=lx.ALL_RIGHTS,
)
_SLOTS = (
    # the mailboxes: every shared mailbox named ...
    Slot("mailbox", frozenset({"shared"}), pick="all", cues=((Cue(kind="shared"), 1.0),)),
    # ... else, between people, the owner: "Olivia's mailbox", "on/to/of Olivia"; "for X" leans towards
    # the trustee ("give Tom full access to Sarah" is Sarah's mailbox; "Tom's access" is a right)
    Slot(
        "owner",
        frozenset({"single"}),
        role="mailbox",
        contested=True,
        cues=(
            (Cue(possessive=True, not_after=lx.RIGHT_OR_WORK_AFTER), 3.0),
            (Cue(after=lx.MAILBOX_AFTER), 2.0),
            (Cue(before=lx.OWNER_INTRO, not_after=lx.WORK_AFTER), 2.0),
            (Cue(before=lx.TRUSTEE_INTRO), -2.0),
            # ("send on behalf for Mike": on behalf of Mike, his mailbox; nlu49)
            (Cue(before=lx.TRUSTEE_INTRO, earlier=lx.ON_BEHALF_FOR), 5.0),
        ),
    ),
    # ... else an address naming nothing known, introduced as the mailbox ("full access to suport@acme.com"):
    # resolution then asks which one was meant, offering the close matches
    Slot("unknown_mailbox", frozenset({"unknown_address"}), lx.MAILBOX_INTRO, pick="all", role="mailbox"),
    # everyone else named: a person, or a group that can hold rights (policy decides)
    Slot("trustee", frozenset({"single", "known_group"}), fallback="all"),
)
_MODIFIERS = (
    Modifier(
        "automapping",
        ((lx.NO_AUTOMAP, False),),
        actions=frozenset({"mailbox_delegation"}),
        changes=frozenset({"grant"}),
    ),
)

DELEGATION = ActionDescription(
    name="delegation",
    label="give or take mailbox rights",
    actions=tuple(sorted(_RIGHTS)),
    requires=(Named("rights"), Not(Named("is_read"))),
    weight=40,
    reader="delegation",
    polarity=((lx.REVOKE, "revoke"),),
    slots=_SLOTS,
    modifiers=_MODIFIERS,
)

# "open the Support inbox", "let Tom into billing": a mailbox and a use of it, no right named: Full Access.
MAILBOX_USE = ActionDescription(
    name="mailbox_use",
    label="open a mailbox",
    actions=("mailbox_delegation",),
    requires=(Words(lx.MAILBOX_USE), AnyOf((Mentions("mailbox"), Words(lx.MAILBOX_NOUN)))),
    weight=10,
    reader="mailbox_use",
    polarity=((lx.REVOKE, "revoke"),),
    slots=_SLOTS,
    modifiers=_MODIFIERS,
)

# Durations ("until Friday", "for two weeks") end only these grants: a later "for a week" clause sets them.
TIME_BOUND = _RIGHTS
