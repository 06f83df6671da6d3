"""Distribution lists: create one, delete one, change its members (add, remove, move, copy)."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import ActionDescription, AnyOf, Mentions, Named, Not, Slot, Words

CREATE_LIST = ActionDescription(
    name="create_list",
    label="create a list",
    actions=("distribution_list_lifecycle",),
    # "make a new list called X": a list word or a name, and no list the directory already knows named
    requires=(
        Words(lx.CREATE),
        AnyOf((Words(lx.LIST_WORD), Words(lx.NAME_INTRO))),
        Not(Mentions("known_group")),
    ),
    weight=60,
    reader="create_list",
    slots=(Slot("group", frozenset({"address", "name"})), Slot("members", frozenset({"person", "file"}))),
)

MEMBERSHIP = ActionDescription(
    name="membership",
    label="change a list's members",
    actions=("distribution_list_membership", "distribution_list_lifecycle", "list_group_members"),
    requires=(AnyOf((Mentions("group"), Named("membership_context"))),),
    weight=20,
    reader="membership",
    polarity=((lx.REMOVING, "remove"),),
    slots=(
        Slot("group", frozenset({"group"}), lx.LIST_INTRO),
        Slot("source", frozenset({"group"}), lx.SOURCE_LIST_INTRO),
        Slot("member", frozenset({"person", "group", "file", "me"})),
    ),
)
