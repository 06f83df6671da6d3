"""A new primary address: an address written out, a change verb, an address word."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import (
    ActionDescription,
    AnyOf,
    Cue,
    Mentions,
    Modifier,
    Named,
    Not,
    Slot,
    Words,
)

PRIMARY_ADDRESS = ActionDescription(
    name="primary_address",
    label="change a primary address",
    actions=("change_primary_alias",),
    # no address written: "change Ava's primary address" names the change, the new address is asked for
    requires=(
        Words(lx.PRIMARY_ADDRESS),
        Words(lx.CHANGE_VERB),
        AnyOf((Mentions("literal"), Words(lx.PRIMARY_NAMED))),
        Not(Named("is_read")),
    ),
    weight=50,
    reader="primary",
    slots=(
        # "make X the primary address of Y", "use X as the primary for Y": X is new whatever follows;
        # "change Y's address to X, no, to Z": the last one introduced; else the last address written
        Slot(
            "new_address",
            frozenset({"address"}),
            lx.NEW_ADDRESS_INTRO,
            pick="last",
            fallback="last",
            cues=(
                (Cue(before=lx.NEW_ADDRESS_FIRST, after=lx.AS_PRIMARY, possessive=False), 1.0),
                (Cue(after=lx.AS_PRIMARY_LEAD, possessive=False), 1.0),
            ),
        ),
        Slot(
            "recipient",
            # ("the primary address of the Marketing list": a list is a recipient with an address too)
            frozenset({"person", "mailbox", "me", "address", "group"}),
            lx.RECIPIENT_INTRO,
            possessive=True,
            fallback="first",
        ),
    ),
    modifiers=(
        Modifier(
            "keep_old",
            ((lx.DROP_OLD, False), (lx.KEEP_SAID, True)),
            actions=frozenset({"change_primary_alias"}),
            changes=frozenset({"set"}),
            default=True,
        ),
    ),
)
