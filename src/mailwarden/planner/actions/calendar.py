"""Calendar sharing, and who can see a calendar: any calendar word ("diary", "free/busy") decides."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import ActionDescription, Modifier, Slot, Words

CALENDAR = ActionDescription(
    name="calendar",
    label="share a calendar",
    actions=("calendar_share", "view_calendar_permissions"),
    requires=(Words(lx.CALENDAR, on="either"),),
    weight=90,
    reader="calendar",
    polarity=((lx.REVOKE, "revoke"),),
    slots=(
        Slot("owner", frozenset({"person", "me"}), lx.CALENDAR_OWNER_INTRO),
        Slot("grantee", frozenset({"person", "me"})),
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
