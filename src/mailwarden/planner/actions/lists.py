"""Distribution lists: create one, delete one, change its members (add, remove, move, copy)."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import (
    ActionDescription,
    AllOf,
    AnyOf,
    Cue,
    Mentions,
    Named,
    Not,
    Preceded,
    Slot,
    Words,
)

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
    slots=(
        # what the name is made of ("called Finance Leads": a name that happens to match someone)
        Slot(
            "name_words",
            frozenset({"single", "group", "name"}),
            pick="all",
            cues=((Cue(earlier=lx.IN_NAME), 1.0),),
            words_only=True,
        ),
        # a new address written out; a title in quotes
        Slot("group", frozenset({"unknown_address"}), fallback="first"),
        Slot("title", frozenset({"name"}), fallback="first"),
        # the people named besides: its first members ("... and Sam as its only member": said so outright)
        Slot("members", frozenset({"single"}), fallback="all", cues=((Cue(after=lx.AS_ITS_MEMBER), 1.0),)),
    ),
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
        # "everyone in Contractors": each of its members, not a list changed
        Slot("everyone", frozenset({"group"}), pick="all", cues=((Cue(earlier=lx.EVERYONE), 1.0),)),
        # the list changed: the last one "to", "from", "on" ...; else the last list named
        Slot("group", frozenset({"group"}), lx.LIST_INTRO, pick="last", fallback="last"),
        # ... else an address naming nothing known, introduced as the list ("from engeneering@acme.com"):
        # resolution then asks which one was meant, offering the close matches
        Slot("unknown_group", frozenset({"unknown_address"}), lx.LIST_INTRO, pick="last", role="group"),
        # who joins or leaves: the people named; when none is, the other lists ("add Marketing to All Hands")
        Slot("member", frozenset({"single"}), fallback="all"),
        Slot("member_list", frozenset({"group"}), fallback="all", role="member"),
    ),
)

# "move everyone in Contractors into External-Contractors", "add everyone in all-sales to all-hands": two
# lists, one the members come from. A move also takes them out of it; "everyone in X to Y" copies.
MOVE_MEMBERS = ActionDescription(
    name="move_members",
    label="move a list's members",
    actions=("distribution_list_membership",),
    requires=(
        Mentions("group", at_least=2),
        AnyOf(
            (
                AllOf((Words(lx.MOVE), Not(Mentions("named_group")))),
                # "remove all members of Atlas from All Hands" takes them out, never copies them in
                AllOf((Preceded(lx.EVERYONE), Not(Words(lx.REMOVING)))),
            )
        ),
    ),
    # above a plain membership change by more than CLOSE: two lists and a move word are one clear reading
    weight=26,
    reader="move_members",
    slots=(
        # where they come from: "everyone in X" first, then "from X"; else the first list named
        Slot(
            "source",
            frozenset({"group"}),
            fallback="first",
            cues=((Cue(earlier=lx.EVERYONE), 2.0), (Cue(before=lx.SOURCE_LIST_INTRO), 1.0)),
        ),
        Slot("group", frozenset({"group"}), fallback="first"),
        # only these people, when named ("move Tom and Ava from X to Y"); else every member of the source
        Slot("member", frozenset({"single"}), fallback="all"),
    ),
)
