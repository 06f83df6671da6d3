"""A new primary address: an address written out, a change verb, an address word."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import ActionDescription, Mentions, Modifier, Named, Not, Slot, Words

PRIMARY_ADDRESS = ActionDescription(
    name="primary_address",
    label="change a primary address",
    actions=("change_primary_alias",),
    requires=(Words(lx.PRIMARY_ADDRESS), Words(lx.CHANGE_VERB), Mentions("literal"), Not(Named("is_read"))),
    weight=50,
    reader="primary",
    slots=(
        # "make X the primary address of Y": X is new whatever the order; "change Y's address to X"
        Slot("new_address", frozenset({"address"}), lx.NEW_ADDRESS_INTRO),
        Slot("recipient", frozenset({"person", "mailbox", "me"}), lx.RECIPIENT_INTRO),
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
