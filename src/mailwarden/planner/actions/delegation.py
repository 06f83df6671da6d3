"""Mailbox rights: Full Access, Send As, Send on Behalf, granted or taken away, for a while or for good."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import (
    ActionDescription,
    AnyOf,
    Mentions,
    Modifier,
    Named,
    Not,
    Slot,
    Words,
)

_RIGHTS = frozenset({"mailbox_delegation", "send_as", "send_on_behalf"})
_SLOTS = (
    # the mailbox: a shared mailbox, or between people the one "on", "to", "of" ... (an owner)
    Slot("mailbox", frozenset({"mailbox", "person"}), lx.OWNER_INTRO),
    # an address naming nothing known, introduced as the mailbox ("full access to suport@acme.com")
    Slot("unknown_mailbox", frozenset({"address"}), lx.MAILBOX_INTRO),
    # "for X" leans towards the trustee, not the mailbox
    Slot("trustee", frozenset({"person", "group", "me"}), lx.TRUSTEE_INTRO),
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
