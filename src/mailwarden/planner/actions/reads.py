"""Questions about the tenant: who can open or send as a mailbox, members, lists, details, delegations, and
who has access and why.

READ says a clause asks rather than changes and fills its slots; ANSWERS say which report it gets, in order:
the first answer whose evidence holds and whose parameters are given is planned (engine.answer). A new read
is a new answer here (and its corpus cases), its words in the lexicon.
"""

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions.spec import (
    ActionDescription,
    AllOf,
    AnyOf,
    Cue,
    Filled,
    From,
    Mentions,
    Named,
    Not,
    ReadAnswer,
    RightsAre,
    Slot,
    Words,
)

IS_READ = AnyOf(
    (
        # "Ethan Park is done with the Billing mailbox": "is" after a subject says how things are, unasked
        AllOf((Words(lx.READ_START, at_start=True), Not(Words(lx.SUBJECT_STATES, on="text", at_start=True)))),
        AllOf((Words(lx.REPORT_WORD), Not(Words(lx.REPORT_AS_PURPOSE)), Not(Words(lx.REPORT_AS_SPAN)))),
        AllOf((Words(lx.RIGHT_NOUN_READ, at_start=True), Not(Mentions("person")))),
        Words(lx.SEE_WHO_HAS),
        Words(lx.INVENTORY_ALONE, at_start=True),
        Words(lx.INVENTORY_LIST_ALONE, at_start=True),
    )
)
"""A clause that asks rather than changes: "who ...", "show ...", "is ...", "... report"."""


def _has(slot: str) -> Filled:
    return Filled(slot)


def _rights_are(*actions: str) -> RightsAre:
    return RightsAre(frozenset(actions))


_WANTS_RIGHTS = AnyOf((Named("rights"), Words(lx.PERMISSION_WORDS)))
_ASKS_WHO = AnyOf((Words(lx.WHO), Words(lx.RIGHT_HOLDERS)))
# The mailboxes asked about: each one named (a read per mailbox: "who has full access to support and
# billing?"), else ("who has full access to Sarah?") the person's own.
_TARGET = (From("mailbox", "each"), From("person", "last", when=AllOf((_ASKS_WHO, _WANTS_RIGHTS))))
_ABOUT_A_MAILBOX = AnyOf((_ASKS_WHO, _WANTS_RIGHTS))

ANSWERS: tuple[ReadAnswer, ...] = (
    # "why does Tom have access to support?", "how did Chris get full access to billing", "who gave Sarah
    # send as on sales@ and when?": the grants, each with the request (or discovery) it came from
    ReadAnswer(
        "access_why",
        ("access_report",),
        when=(Words(lx.WHY_QUESTION), AnyOf((_has("mailbox"), _has("group"), _has("person")))),
        params=(
            ("mailbox", (From("mailbox"),)),
            ("group", (From("group", when=Not(_has("mailbox"))),)),
            ("person", (From("person"),)),
        ),
        optional=frozenset({"mailbox", "group", "person"}),
    ),
    # "where does Chris's send as on support come from?", "HR asked whether Tom still has access to support":
    # the person's rights on the mailbox, each with where it came from
    ReadAnswer(
        "access_origin",
        ("access_report",),
        when=(
            AnyOf((Words(lx.ORIGIN_QUESTION), AllOf((Words(lx.WHETHER_HOLDS), _has("person"))))),
            AnyOf((_has("mailbox"), _has("group"), _has("person"))),
        ),
        params=(
            ("mailbox", (From("mailbox"),)),
            ("group", (From("group", when=Not(_has("mailbox"))),)),
            ("person", (From("person", "last"),)),  # "Sarah wonders whether Tom ...": Tom
        ),
        optional=frozenset({"mailbox", "group", "person"}),
    ),
    # "access report for the Project Atlas group", "an access report on support@": the access report names its
    # subject (a mailbox, a list, a person); never the tenant's delegation report, a read wider than asked
    ReadAnswer(
        "access_report_named",
        ("access_report",),
        when=(Words(lx.ACCESS_REPORT), AnyOf((_has("mailbox"), _has("group"), _has("person")))),
        params=(
            ("mailbox", (From("mailbox"),)),
            ("group", (From("group", when=Not(_has("mailbox"))),)),
            # "I need an access report for Tom": whom it is about, not who asks; "... for me": the requester
            (
                "person",
                (
                    From("person", "last", not_me=True),
                    From("person", when=Not(AnyOf((_has("mailbox"), _has("group"))))),
                ),
            ),
        ),
        optional=frozenset({"mailbox", "group", "person"}),
    ),
    # "delegation report for the Project Atlas group": the delegation report has no list to narrow to; the
    # list's access report is the read on what was named (the tenant-wide report would be wider than asked)
    ReadAnswer(
        "delegation_report_on_group",
        ("access_report",),
        when=(Words(lx.DELEGATION_REPORT), _has("group"), Not(_has("mailbox")), Not(_has("person"))),
        params=(("group", (From("group"),)),),
    ),
    ReadAnswer(
        # "every mailbox Christine has rights on": hers (each named person's); no one named: everyone's
        "every_mailbox",
        ("delegation_report",),
        when=(Words(lx.EVERY_MAILBOX), _WANTS_RIGHTS),
        # "I need every mailbox Priya can open": whom it is about, not who asks ("I"); else the requester's
        params=(("trustee", (From("person", pick="each", not_me=True), From("person", pick="each"))),),
        optional=frozenset({"trustee"}),
    ),
    ReadAnswer(
        # "what mailboxes do I have delegate access to?": the delegated rights one person holds (the
        # requester's when no one else is named); never a mailbox's or a list's, which name their own reads
        "delegated_reach",
        ("delegation_report",),
        when=(Words(lx.DELEGATED_REACH), Not(_has("mailbox")), Not(_has("group"))),
        params=(("trustee", (From("person", pick="each", not_me=True), From("person", pick="each"))),),
        optional=frozenset({"trustee"}),
    ),
    ReadAnswer(
        "delegation_report",
        ("delegation_report",),
        when=(Words(lx.DELEGATION_REPORT),),
        # "I need a delegation report on the Careers mailbox": the mailbox's report; "I" only asks for it
        params=(
            ("trustee", (From("person", "last", not_me=True), From("person", when=Not(_has("mailbox"))))),
            ("mailbox", (From("mailbox"),)),
        ),
        optional=frozenset({"trustee", "mailbox"}),
    ),
    ReadAnswer(
        "members",
        ("list_group_members",),
        when=(_has("group"), AnyOf((Words(lx.MEMBERS_READ), _ASKS_WHO, Not(_WANTS_RIGHTS)))),
        params=(("group", (From("group", "each"),)),),
    ),
    ReadAnswer(
        "send_as_holders",
        ("view_send_as_permissions",),
        when=(_ABOUT_A_MAILBOX, _rights_are("send_as")),
        params=(("mailbox", _TARGET),),
    ),
    ReadAnswer(
        "full_access_holders",
        ("view_mailbox_permissions",),
        when=(
            _ABOUT_A_MAILBOX,
            AnyOf(
                (
                    _rights_are("mailbox_delegation"),
                    AllOf((Not(Named("rights")), Words(lx.MAILBOX_PERMISSIONS_READ))),
                )
            ),
        ),
        params=(("mailbox", _TARGET),),
    ),
    ReadAnswer(
        "full_access_and_send_as_holders",
        ("view_mailbox_permissions", "view_send_as_permissions"),
        when=(_ABOUT_A_MAILBOX, _rights_are("mailbox_delegation", "send_as")),
        params=(("mailbox", _TARGET),),
    ),
    ReadAnswer(
        "mailbox_delegates", ("delegation_report",), when=(_ABOUT_A_MAILBOX,), params=(("mailbox", _TARGET),)
    ),
    # "what can Tom open?", "what does Ava have access to": each right the person holds, and why
    ReadAnswer(
        "person_reach",
        ("access_report",),
        when=(_has("person"), AnyOf((Words(lx.PERSON_REACH), Named("rights"))), Not(Words(lx.DETAILS))),
        params=(("person", (From("person", "each", not_me=True), From("person", "each"))),),
    ),
    ReadAnswer(
        "shared_mailboxes", ("list_shared_mailboxes",), when=(Words(lx.LIST_SHARED), Not(_has("mailbox")))
    ),
    ReadAnswer("lists", ("list_distribution_lists",), when=(Words(lx.LIST_LISTS), Not(_has("group")))),
    ReadAnswer(
        "details",
        ("view_mailbox_details",),
        when=(AnyOf((Words(lx.DETAILS), Words(lx.LOOKUP))),),
        params=(("mailbox", (From("mailbox", "each"), From("person", "each", not_me=True))),),
    ),
    # "show my mailbox details": the requester's own mailbox
    ReadAnswer(
        "my_details",
        ("view_mailbox_details",),
        when=(Words(lx.MY_MAILBOX), Words(lx.DETAILS)),
        params=(("mailbox", (From(given="me"),)),),
    ),
    ReadAnswer("delegations", ("delegation_report",), when=(Words(lx.DELEGATION_WORD),)),
)

READ = ActionDescription(
    name="read",
    label="show who has what",
    actions=tuple(dict.fromkeys(a for answer in ANSWERS for a in answer.actions)),
    requires=(Named("is_read"),),
    weight=30,
    reader="read",
    writes=False,
    slots=(
        # "show me ...": the requester as the reader of the answer, not what it is about
        Slot("asker", frozenset({"me"}), lx.READ_FOR_ME),
        # "does Sarah have send on behalf on Priya's mailbox": a person's own mailbox, said as one, is the
        # mailbox asked about; the other person is whom it is asked of
        Slot(
            "owner",
            frozenset({"person"}),
            role="mailbox",
            cues=((Cue(possessive=True, after=lx.MAILBOX_AFTER), 3.0),),
        ),
        Slot("mailbox", frozenset({"mailbox"}), fallback="all"),
        Slot("group", frozenset({"group"}), fallback="all"),
        Slot("person", frozenset({"person"}), fallback="all"),
    ),
)
