"""Questions about the tenant: who can open or send as a mailbox, members, lists, details, delegations."""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import ActionDescription, AnyOf, Named, Slot, Words

IS_READ = AnyOf((Words(lx.READ_START, at_start=True), Words(lx.REPORT_WORD)))
"""A clause that asks rather than changes: "who ...", "show ...", "is ...", "... report"."""

READ = ActionDescription(
    name="read",
    label="show who has what",
    actions=(
        "view_mailbox_permissions",
        "view_send_as_permissions",
        "delegation_report",
        "list_group_members",
        "list_shared_mailboxes",
        "list_distribution_lists",
        "view_mailbox_details",
    ),
    requires=(Named("is_read"),),
    weight=30,
    reader="read",
    writes=False,
    slots=(
        # "show me ...": the requester as the reader of the answer, not what it is about
        Slot("asker", frozenset({"me"}), lx.READ_FOR_ME),
        Slot("mailbox", frozenset({"mailbox"}), fallback="all"),
        Slot("group", frozenset({"group"}), fallback="all"),
        Slot("person", frozenset({"person"}), fallback="all"),
    ),
)
