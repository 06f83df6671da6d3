"""nlu104's classes (batch 40's remaining misses): an address wanted as one's own primary is that person's
change, and a name owning the address after "as" is whose it is; a plural role word between two names is the
verb ("covers Billing"); a right told held, then "revoke it"; the forms and pasted texts of batch 40. Planned
and resolved against the Acme directory at the corpus's fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _primary(recipient: str, new: str) -> dict[str, object]:
    return {
        "action": "change_primary_alias",
        "change": "set",
        "recipient": recipient,
        "new_address": new,
        "keep_old": True,
    }


@pytest.mark.parametrize(
    ("text", "recipient", "new"),
    [
        (
            "Sarah Connor would like sarah.connor@acme.com as her primary address",
            "sarah@acme.com",
            "sarah.connor@acme.com",
        ),
        (
            "Olivia Martin would like ceo@acme.com as her primary address",
            "olivia.martin@acme.com",
            "ceo@acme.com",
        ),
        ("Tom Becker wants tom@acme.com as his primary address", "tom.becker@acme.com", "tom@acme.com"),
    ],
)
def test_an_address_wanted_as_ones_own_primary_is_their_change(
    acme: Directory, text: str, recipient: str, new: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == ("ready", [_primary(recipient, new)])


@pytest.mark.parametrize(
    ("text", "recipient", "new"),
    [
        (
            "Set sarah.connor@acme.com as Sarah Connor's primary address",
            "sarah@acme.com",
            "sarah.connor@acme.com",
        ),
        ("Use tom@acme.com as Tom Becker's main address", "tom.becker@acme.com", "tom@acme.com"),
    ],
)
def test_a_name_owning_the_address_after_as_is_whose_it_is(
    acme: Directory, text: str, recipient: str, new: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == ("ready", [_primary(recipient, new)])


def test_wanting_the_address_for_someone_else_is_never_planned_for_the_one_wanting(acme: Directory) -> None:
    # whose "her" is (Olivia's or Maria's) cannot be told: never Olivia's primary changed on that say-so
    status, steps, _ = plan_of(
        acme, "Olivia Martin would like Maria Garcia to get ceo@acme.com as her primary address", GRACE
    )
    assert status != "ready"
    assert steps == []


def test_as_a_name_alone_is_still_no_one_the_change_is_for(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Set ceo@acme.com as Olivia Martin's primary address, as Tom Becker", GRACE
    )
    assert (status, steps) == ("ready", [_primary("olivia.martin@acme.com", "ceo@acme.com")])


@pytest.mark.parametrize(
    ("text", "rights"),
    [
        (
            "Christine Lee covers Billing from now on. Give her full access to it and send as too.",
            ["mailbox_delegation", "send_as"],
        ),
        ("Tom Becker leads Billing now, give him send as on it", ["send_as"]),
    ],
)
def test_a_plural_role_word_between_two_names_is_the_verb_of_the_one_before(
    acme: Directory, text: str, rights: list[str]
) -> None:
    steps = ready(acme, text, GRACE)
    who = "tom.becker@acme.com" if text.startswith("Tom") else "christine.lee@acme.com"
    assert sorted((s["action"], s["trustee"], s["mailbox"]) for s in steps) == [
        (r, who, "billing@acme.com") for r in rights
    ]


def test_the_one_covering_is_no_one_the_change_is_for_when_another_is_named(acme: Directory) -> None:
    steps = ready(
        acme, "Christine Lee covers Billing from now on. Give Rachel Green full access to it", GRACE
    )
    assert [s["trustee"] for s in steps] == ["rachel.green@acme.com"]


@pytest.mark.parametrize(
    ("text", "trustees"),
    [
        ("my colleague Tom Becker needs full access to support@acme.com", ["tom.becker@acme.com"]),
        (
            "my colleagues Ken Adams and Tom Becker need full access to support@acme.com",
            ["ken.adams@acme.com", "tom.becker@acme.com"],
        ),
    ],
)
def test_a_role_before_the_names_it_is_said_of_stays_a_role(
    acme: Directory, text: str, trustees: list[str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted(s["trustee"] for s in steps) == trustees
    assert all(s["mailbox"] == "support@acme.com" for s in steps)


@pytest.mark.parametrize(
    ("text", "action", "trustee", "mailbox"),
    [
        (
            "Sam Taylor mentioned that Alexander Kim still has full access to office@acme.co.uk; revoke it",
            "mailbox_delegation",
            "alexander.kim@acme.co.uk",
            "office@acme.co.uk",
        ),
        (
            "Sam Taylor said Alexander Kim still has send as on office@acme.co.uk, please remove it",
            "send_as",
            "alexander.kim@acme.co.uk",
            "office@acme.co.uk",
        ),
        (
            "Tom Becker still has send on behalf on the Billing mailbox; can you revoke that",
            "send_on_behalf",
            "tom.becker@acme.com",
            "billing@acme.com",
        ),
    ],
)
def test_a_right_told_held_then_revoke_it_takes_that_right_from_them(
    acme: Directory, text: str, action: str, trustee: str, mailbox: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "trustee", "mailbox") == [
        (action, "revoke", trustee, mailbox)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sam Taylor mentioned that Alexander Kim still has full access to office@acme.co.uk; please keep it",
        "Sam Taylor mentioned that Alexander Kim still has full access to office@acme.co.uk",
        "Alexander Kim still has full access to office@acme.co.uk; please give it to Tom Becker too",
    ],
)
def test_a_right_told_held_is_never_taken_away_unless_asked(acme: Directory, text: str) -> None:
    _, steps, _ = plan_of(acme, text, GRACE)
    assert not any(s["change"] == "revoke" for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        "share Emma Wilsen's calendar with me as reviewer",
        "share Emma Wilsen’s calendar with Tom Becker as reviewer",
        "share Chris O'Brien's calendar with me as reviewer",
        "share Chris OBrien's calendar with me as reviewer",
    ],
)
def test_a_misspelt_owner_is_asked_about_as_the_owner(acme: Directory, text: str) -> None:
    assert asks(acme, text, "ken.adams@acme.com") == {"owner"}


def test_the_misspelt_one_as_grantee_is_asked_about_as_the_grantee(acme: Directory) -> None:
    assert asks(acme, "share my calendar with Emma Wilsen as reviewer", "ken.adams@acme.com") == {"grantee"}


SALES_BUT_PRIYA = [
    "alex.kim@acme.com",
    "ava.johnson@acme.com",
    "emma.wilson@acme.com",
    "john@acme.com",
    "liam.brown@acme.com",
    "noah.davis@acme.com",
    "sam.taylor@acme.co.uk",
]


@pytest.mark.parametrize(
    ("text", "grantees"),
    [
        (
            "Give everyone in all-sales except Priya Patel and pat.gone@acme.com free/busy on Priya Patel's "
            "calendar",
            SALES_BUT_PRIYA,
        ),
        (
            "Give everyone in all-sales except Priya free/busy on her calendar",
            [*SALES_BUT_PRIYA, "pat.gone@acme.com"],
        ),
    ],
)
def test_one_left_out_then_named_as_the_calendars_owner_is_its_owner(
    acme: Directory, text: str, grantees: list[str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert {(s["owner"], s["access"]) for s in steps} == {("priya.patel@acme.com", "availability_only")}
    assert sorted(s["grantee"] for s in steps) == sorted(grantees)


def test_one_left_out_then_named_for_a_share_of_their_own_is_asked(acme: Directory) -> None:
    assert asks(
        acme,
        "Give everyone in all-sales except Priya Patel free/busy on my calendar, and Priya Patel editor",
        GRACE,
    ) == {"scope"}


@pytest.mark.parametrize(
    ("text", "asker", "trustee"),
    [
        ("what mailboxes do I have delegate access to?", "ken.adams@acme.com", "ken.adams@acme.com"),
        ("which mailboxes does Tom Becker have delegated rights on?", GRACE, "tom.becker@acme.com"),
    ],
)
def test_the_mailboxes_one_has_delegate_access_to_is_their_delegation_report(
    acme: Directory, text: str, asker: str, trustee: str
) -> None:
    status, steps, _ = plan_of(acme, text, asker)
    assert (status, steps) == (
        "ready",
        [{"action": "delegation_report", "change": "read", "trustee": trustee}],
    )


def test_the_mailboxes_one_has_access_to_stays_their_access_report(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "What mailboxes do I have access to?", "ken.adams@acme.com")
    assert (status, steps) == (
        "ready",
        [{"action": "access_report", "change": "read", "person": "ken.adams@acme.com"}],
    )


def test_who_has_delegate_access_to_a_mailbox_is_that_mailboxs_report(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "who has delegate access to support@acme.com?", GRACE)
    assert (status, steps) == (
        "ready",
        [{"action": "delegation_report", "change": "read", "mailbox": "support@acme.com"}],
    )


INC = (
    "INC0091876\nCaller: Maria Garcia\nShort description: Careers mailbox\nDescription: New recruiter "
    "Noah Davis cannot open the Careers mailbox. Please give him full access.\nCC: Olivia Martin\n"
)


@pytest.mark.parametrize(
    "text",
    [
        INC,
        "Noah Davis cannot open the Careers mailbox. Please give him full access.",
        "He can't open the Careers mailbox. Please give Noah Davis full access.",
    ],
)
def test_someones_trouble_told_is_why_the_request_after_it_is_asked(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "trustee", "mailbox") == [
        ("mailbox_delegation", "noah.davis@acme.com", "careers@acme.com")
    ]


def test_a_trouble_asked_about_is_still_a_question(acme: Directory) -> None:
    assert asks(acme, "Check why Ken can't get into billing and fix it", GRACE) == {"action"}


@pytest.mark.parametrize(
    "text",
    [
        "INC0092001\nCaller: Sam Taylor\nShort description: UK Office bounces\nDescription: Emails sent to "
        "the UK Office mailbox are bouncing with 550 5.7.1. Please investigate.\n",
        "Mail to the Careers mailbox bounces, can you look into it?",
    ],
)
def test_an_investigation_of_bounces_is_not_understood(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == ("not_understood", [])


def test_a_bounce_told_as_why_is_read_as_the_change(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Remove pat.gone@acme.com from all-sales, mail to it bounces", GRACE, "change", "member"
    ) == [("remove", "pat.gone@acme.com")]


MOVER = (
    "Mover: Liam Brown (Sales -> Finance)\n- remove from all-sales\n- add to Finance Team\n"
    "- full access to finance@acme.com\nManager: Mike Smith\n"
)


def test_a_movers_steps_are_all_for_the_one_person_named(acme: Directory) -> None:
    steps = ready(acme, MOVER, GRACE)
    assert sorted((s["action"], s["change"], s.get("member") or s.get("trustee")) for s in steps) == [
        ("distribution_list_membership", "add", "liam.brown@acme.com"),
        ("distribution_list_membership", "remove", "liam.brown@acme.com"),
        ("mailbox_delegation", "grant", "liam.brown@acme.com"),
    ]


def test_a_leavers_right_line_never_gives_the_leaver_a_right(acme: Directory) -> None:
    text = "Offboarding: pat.gone@acme.com\n- remove from all-sales\n- full access to his mailbox for Priya\n"
    _, steps, _ = plan_of(acme, text, GRACE)
    assert not any(s.get("trustee") == "pat.gone@acme.com" and s["change"] == "grant" for s in steps)


QUOTED_ASK = (
    "\n\nPriya Patel\nVP Sales\n\n> From: Emma Wilson\n> Sent: Monday 2 March 2026 08:12\n"
    "> Subject: Sales mailbox\n> Could I get full access to sales@acme.com? I'm covering the inbound leads.\n"
)


def test_an_approval_signed_with_a_title_plans_the_quoted_request(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Yes, approved - go ahead." + QUOTED_ASK, "priya.patel@acme.com", "action", "trustee", "mailbox"
    ) == [("mailbox_delegation", "emma.wilson@acme.com", "sales@acme.com")]


@pytest.mark.parametrize("note", ["Not approved - sorry.", "Don't go ahead with this.", "Rejected."])
def test_a_refusal_signed_with_a_title_plans_nothing(acme: Directory, note: str) -> None:
    _, steps, _ = plan_of(acme, note + QUOTED_ASK, "priya.patel@acme.com")
    assert steps == []


def test_a_note_asking_its_own_change_keeps_the_quote_as_context(acme: Directory) -> None:
    text = "Please give Tom Becker send as on sales@acme.com." + QUOTED_ASK
    assert ready_tuples(acme, text, "priya.patel@acme.com", "action", "trustee") == [
        ("send_as", "tom.becker@acme.com")
    ]


CHAT = (
    "[08:41] Sarah Connor: ken, tom is off sick the rest of the week\n"
    "[08:42] Sarah Connor: can you forward his mail to chris lee until friday\n"
    "[08:43] Ken Adams: {question}\n"
    "[08:43] {who}: {answer}\n"
)


@pytest.mark.parametrize(("answer", "keep_copy"), [("yes please", True), ("yep", True), ("no", False)])
def test_a_detail_proposed_and_answered_by_the_one_asking_is_said_or_dropped(
    acme: Directory, answer: str, keep_copy: bool
) -> None:
    text = CHAT.format(question="sure, keep a copy in his mailbox?", who="Sarah Connor", answer=answer)
    assert ready_tuples(acme, text, "sarah@acme.com", "mailbox", "forward_to", "keep_copy") == [
        ("tom.becker@acme.com", "chris.lee@acme.com", keep_copy)
    ]


@pytest.mark.parametrize(
    ("question", "who", "answer"),
    [
        ("sure, keep a copy in his mailbox?", "Sarah Connor", "not sure"),
        ("sure, keep a copy in his mailbox?", "Tom Becker", "yes please"),
        ("can I have full access to his mailbox too?", "Sarah Connor", "yes please"),
    ],
)
def test_a_proposal_not_settled_by_the_one_asking_is_asked(
    acme: Directory, question: str, who: str, answer: str
) -> None:
    status, steps, _ = plan_of(acme, CHAT.format(question=question, who=who, answer=answer), "sarah@acme.com")
    assert (status, steps) == ("needs_clarification", [])
