"""Calendar sharing, and who can see a calendar: any calendar word ("diary", "free/busy") decides."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import ActionDescription, Cue, Modifier, Not, Slot, Words

_WHOSE = frozenset({"person", "me", "mailbox"})

CALENDAR = ActionDescription(
    name="calendar",
    label="share a calendar",
    actions=("calendar_share", "view_calendar_permissions"),
    # a calendar word, not an event to make ("schedule a team lunch": nothing mailwarden does)
    requires=(Words(lx.CALENDAR, on="either"), Not(Words(lx.MAKING_AN_EVENT))),
    weight=90,
    reader="calendar",
    polarity=((lx.REVOKE, "revoke"),),
    slots=(
        # "Olivia's calendar", "the calendar of Olivia" (the last named so); else "my ..."; else the
        # requester's own ("let Emma see when I'm free")
        Slot(
            "owner",
            # an address naming no one known ("the calendar of emma.wilsen@"): resolution asks which was
            # meant, offering the close matches; never the requester's own calendar instead
            _WHOSE | {"unknown_address"},
            pick="last",
            cues=(
                (Cue(possessive=True, after=lx.OWN_CALENDAR), 2.0),
                # "the boardroom calendar", "the Support calendar": a room or shared mailbox named right
                # before "calendar" is whose it is (a person so named is asked: "olivia martin calendar")
                (Cue(kind="shared", after=lx.OWNED_CALENDAR), 2.0),
                (Cue(before=lx.CALENDAR_OWNER_INTRO, earlier=lx.CALENDAR), 2.0),
                # "see when Sarah is free or busy": Sarah's calendar, whoever else is named
                (Cue(before=lx.WHOSE_TIME_INTRO, after=lx.WHOSE_TIME_STATE), 2.0),
                (Cue(kind="me"), 1.0),
            ),
            default="me",
        ),
        # everyone else named sees it, and each member of a list introduced as "everyone in X"
        # (an address naming no one known is the grantee resolution asks about, with close matches)
        Slot("grantee", _WHOSE | {"unknown_address"}, fallback="all"),
        Slot("everyone", frozenset({"group"}), pick="all", cues=((Cue(earlier=lx.EVERYONE), 1.0),)),
    ),
    modifiers=(
        Modifier(
            "access",
            tuple((pattern, level) for level, pattern in lx.LEVEL_PATTERNS),
            actions=frozenset({"calendar_share"}),
            changes=frozenset({"grant"}),
            default="reviewer",
            tail="after",
        ),
    ),
)
