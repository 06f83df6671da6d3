"""Internal forwarding: set it, stop it, or ask whether it is on (a question, answered by the details)."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import ActionDescription, Cue, Modifier, Named, Not, Slot, Words

FORWARDING_QUESTION = ActionDescription(
    name="forwarding_question",
    label="see whether mail is forwarded",
    actions=("view_mailbox_details",),
    requires=(Words(lx.FORWARDING), Words(lx.YES_NO_QUESTION, at_start=True)),
    weight=95,
    reader="forwarding_question",
    writes=False,
    # "is forwarding on for careers@ and info@?": each mailbox named; none named: the requester's own
    slots=(Slot("mailbox", frozenset({"mailbox", "person"}), fallback="all", default="me"),),
)

FORWARDING = ActionDescription(
    name="forwarding",
    label="forward mail",
    actions=("email_forwarding_internal",),
    requires=(Words(lx.FORWARDING), Not(Named("is_read"))),
    weight=86,
    reader="forwarding",
    polarity=((lx.CLEARING, "clear"),),
    slots=(
        # "forward Olivia's mail to Tom", "forward mail from support to Tom", "forward support to Tom"
        Slot(
            "mailbox",
            frozenset({"person", "mailbox", "me"}),
            lx.FORWARD_SOURCE_INTRO,
            possessive=True,
            fallback="first",
            cues=(
                (Cue(after=lx.FORWARDED_AFTER, kind="mailbox"), 1.0),
                (Cue(earlier=lx.SENT_TO_BEFORE), 2.0),
                (Cue(earlier=lx.FORWARDING_OF_BEFORE), 2.0),
            ),
        ),
        # ... else an address naming no one known, introduced as whose mail ("the mail of emma.wilsen@"):
        # resolution asks which was meant, offering close matches; never the requester's own mailbox
        Slot(
            "unknown_mailbox",
            frozenset({"unknown_address"}),
            lx.FORWARD_SOURCE_INTRO | lx.OWNER_OF,
            possessive=True,
            role="mailbox",
        ),
        Slot(
            "forward_to",
            frozenset({"person", "mailbox", "address", "list_as_target"}),
            lx.FORWARD_TARGET_INTRO,
            pick="last",
            fallback="last",
        ),
    ),
    modifiers=(
        Modifier(
            "keep_copy",
            ((lx.DROP_COPY, False), (lx.KEEP_COPY, True)),
            actions=frozenset({"email_forwarding_internal"}),
            changes=frozenset({"set"}),
            default=False,
            tail="joined",
        ),
    ),
)
