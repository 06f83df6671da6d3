"""The engine reads the action descriptions: every description has a reader, close readings are a question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import RecipientKind
from mailwarden.planner import engine
from mailwarden.planner.actions import DESCRIPTIONS
from mailwarden.planner.actions.spec import ActionDescription, Modifier, Words
from mailwarden.planner.mentions import Mention
from mailwarden.planner.rules import RulesPlanner, _Reader


@dataclass
class _Clause:
    plain: str
    text: str = ""
    mentions: list[Mention] = field(default_factory=list)

    def fact(self, name: str) -> bool:
        return False


def _describe(name: str, word: str, weight: float, writes: bool = True) -> ActionDescription:
    return ActionDescription(
        name=name,
        label=name.replace("_", " "),
        actions=("send_as",),
        requires=(Words(re.compile(rf"\b{word}\b")),),
        weight=weight,
        reader=name,
        writes=writes,
    )


def test_every_description_has_a_reader(acme: Directory) -> None:
    readers = _Reader(acme, next(iter(acme)), (), "")._readers
    assert {d.reader for d in DESCRIPTIONS} <= set(readers)


def test_the_best_reading_wins_when_it_stands_clear() -> None:
    strong, weak = _describe("strong", "alpha", 50), _describe("weak", "beta", 30)
    choice = engine.choose(_Clause("alpha beta"), (weak, strong))
    assert choice.reading is not None
    assert choice.reading.description is strong
    assert not choice.rivals


def test_two_close_write_readings_are_a_question_not_a_guess() -> None:
    one, two = _describe("one", "alpha", 40), _describe("two", "beta", 38)
    choice = engine.choose(_Clause("alpha beta"), (one, two))
    assert choice.reading is None
    assert [r.description.name for r in choice.rivals] == ["one", "two"]


def test_a_close_read_is_no_rival_of_a_write() -> None:
    write, read = _describe("write", "alpha", 40), _describe("read", "beta", 38, writes=False)
    choice = engine.choose(_Clause("alpha beta"), (write, read))
    assert choice.reading is not None
    assert choice.reading.description is write


def test_supporting_evidence_can_bring_a_reading_close() -> None:
    one = _describe("one", "alpha", 40)
    two = replace(_describe("two", "beta", 30), supports=((Words(re.compile("gamma")), 8.0),))
    assert engine.choose(_Clause("alpha beta"), (one, two)).reading is not None
    assert engine.choose(_Clause("alpha beta gamma"), (one, two)).rivals


def test_a_follow_up_sets_only_what_its_words_say() -> None:
    planned = {"mailbox": "me", "forward_to": "tom", "keep_copy": False}
    assert (
        engine.follow_up("email_forwarding_internal", "set", planned, "and keep a copy")["keep_copy"] is True
    )
    assert engine.follow_up("email_forwarding_internal", "set", planned, "thanks") == planned
    # a modifier's default is for the clause that names the action, never for a follow-up
    level = Modifier("access", (), frozenset({"calendar_share"}), frozenset({"grant"}), default="reviewer")
    assert level.read("thanks", fallback=False) is None


def test_a_description_changes_the_reading(acme: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The descriptions are what the engine reads: without the calendar's, a calendar request is not one."""
    text = "Share my calendar with sarah@acme.com as reviewer"
    me = next(iter(acme))
    assert RulesPlanner().draft(text, requester=me, directory=acme).steps[0].action == "calendar_share"
    without = tuple(d for d in DESCRIPTIONS if d.name != "calendar")
    monkeypatch.setattr(engine, "DESCRIPTIONS", without)
    monkeypatch.setattr(engine.choose, "__defaults__", (without,))
    steps = RulesPlanner().draft(text, requester=me, directory=acme).steps
    assert all(s.action != "calendar_share" for s in steps)


def _m(ref: str, before: str = "", possessive: bool = False, literal: bool = False) -> Mention:
    kind = RecipientKind.SHARED_MAILBOX if ref in ("support", "info") else RecipientKind.USER
    kinds = frozenset() if literal else frozenset({kind})
    return Mention(ref, 0, 0, kinds, literal=literal, possessive=possessive, before=before)


@dataclass
class _Around:
    """A clause's words around its mentions, by ref: what follows each, what precedes each."""

    follows: dict[str, str] = field(default_factory=dict)
    precedes: dict[str, str] = field(default_factory=dict)

    def after(self, mention: Mention) -> str:
        return self.follows.get(mention.ref, "")

    def preceding(self, mention: Mention) -> str:
        return self.precedes.get(mention.ref, "")

    joins: dict[str, tuple[Mention, bool]] = field(default_factory=dict)

    def joined(self, mention: Mention) -> tuple[Mention, bool] | None:
        return self.joins.get(mention.ref)


def test_slots_are_filled_by_their_words_then_owners_then_what_is_left() -> None:
    forwarding = next(d for d in DESCRIPTIONS if d.name == "forwarding")
    # "forward mail from support to Tom, no, to Ava": the last "to" wins, "from" names the mailbox
    filled = engine.fill(forwarding, [_m("support", "from"), _m("tom", "to"), _m("ava", "to")])
    assert {k: m[0].ref for k, m in filled.slots.items()} == {"mailbox": "support", "forward_to": "ava"}
    assert filled.introduced == {"mailbox", "forward_to"}
    # "forward Olivia's mail to Tom": an owner fills the mailbox
    filled = engine.fill(forwarding, [_m("tom", "to"), _m("olivia", possessive=True)])
    assert filled.get("mailbox") == _m("olivia", possessive=True)
    assert filled.said("mailbox") is None
    # "forward support Tom": no word says which is which; the first is the mailbox, the last the target
    filled = engine.fill(forwarding, [_m("support"), _m("tom")])
    assert (filled.all("mailbox"), filled.all("forward_to")) == ([_m("support")], [_m("tom")])
    assert filled.said("forward_to") is None


def test_a_slot_takes_only_the_kinds_it_accepts() -> None:
    primary = next(d for d in DESCRIPTIONS if d.name == "primary_address")
    # "change Tom's primary address to tom.b@acme.com": only an address can be the new one
    filled = engine.fill(primary, [_m("tom", possessive=True), _m("tom.b@acme.com", "to", literal=True)])
    assert (filled.get("recipient"), filled.get("new_address")) == (
        _m("tom", possessive=True),
        _m("tom.b@acme.com", "to", literal=True),
    )


def test_a_cue_marks_a_role_whatever_the_order() -> None:
    primary = next(d for d in DESCRIPTIONS if d.name == "primary_address")
    new, old = _m("john.miller@acme.com", "make", literal=True), _m("john@acme.com", "of", literal=True)
    # "make john.miller@ the primary address of john@": what is made primary is new, though written first
    filled = engine.fill(primary, [new, old], _Around(follows={new.ref: "the primary address of §1"}))
    assert (filled.get("new_address"), filled.get("recipient")) == (new, old)
    # without the cue (and no word for either), the last address written is the new one
    first, last = _m("john.miller@acme.com", literal=True), _m("john@acme.com", literal=True)
    assert engine.fill(primary, [first, last]).get("new_address") == last


def test_a_contested_cue_is_read_only_between_two_candidates_and_a_default_fills_what_is_left() -> None:
    calendar = next(d for d in DESCRIPTIONS if d.name == "calendar")
    ava, tom = _m("ava", possessive=True), _m("tom", "with")
    # "share Ava's calendar with Tom": the owner is marked by its calendar; the rest are grantees
    filled = engine.fill(calendar, [ava, tom], _Around(follows={"ava": "calendar with §1"}))
    assert (filled.get("owner"), filled.all("grantee")) == (ava, [tom])
    # "share the calendar with Tom": nobody owns it in the words, so it is the requester's
    filled = engine.fill(calendar, [tom])
    assert (filled.get("owner"), filled.all("grantee")) == (Mention("me", 0, 0), [tom])


def test_slots_of_one_role_are_alternatives_in_declared_order() -> None:
    delegation = next(d for d in DESCRIPTIONS if d.name == "delegation")
    tom, sarah, support = _m("tom"), _m("sarah", "to"), _m("support", "to")
    # "give Tom full access to Sarah": between two people the owner ("to Sarah") is the mailbox
    filled = engine.fill(delegation, [tom, sarah])
    assert (filled.all("mailbox"), filled.all("trustee")) == ([sarah], [tom])
    # a shared mailbox named wins over any owner: "give Tom and Sarah full access to support"
    filled = engine.fill(delegation, [tom, _m("sarah"), support])
    assert (filled.all("mailbox"), filled.all("trustee")) == ([support], [tom, _m("sarah")])
    # one person alone is no contest: "give Tom full access" has no mailbox yet (the reader asks)
    assert engine.fill(delegation, [_m("tom", "to")]).all("mailbox") == []


def test_a_reading_with_no_place_for_a_named_list_is_no_clear_winner() -> None:
    forwarding = next(d for d in DESCRIPTIONS if d.name == "forwarding")
    membership = next(d for d in DESCRIPTIONS if d.name == "membership")
    sales = Mention("all-sales", 0, 0, frozenset({RecipientKind.DISTRIBUTION_LIST}))
    clause = _Clause("forward to", mentions=[sales, _m("tom", "to")])
    # forwarding scores far higher, but no forwarding slot takes a list; a list change does
    assert engine.unfit(forwarding, clause.mentions) == 1
    assert engine.unfit(membership, clause.mentions) == 0
    choice = engine.choose(clause, (forwarding, replace(membership, requires=())))
    assert [r.description.name for r in choice.rivals] == ["forwarding", "membership"]


def test_forwarding_and_a_calendar_word_are_a_question(acme: Directory) -> None:
    me = next(r for r in acme if r.primary_address == "grace.hopper@acme.com")
    draft = RulesPlanner().draft("Forward my calendar to sarah@acme.com", requester=me, directory=acme)
    assert (draft.status, [q.about for q in draft.questions]) == ("needs_clarification", ["action"])
    clear = RulesPlanner().draft(
        "Share my calendar with sarah@acme.com as reviewer", requester=me, directory=acme
    )
    assert clear.status == "ready"


def test_a_mention_coordinated_with_a_slots_fills_it_too_and_or_or_a_stray_is_flagged() -> None:
    membership = next(d for d in DESCRIPTIONS if d.name == "membership")
    tom = _m("Tom", before="add")

    def dl(ref: str, before: str = "") -> Mention:
        return Mention(ref, 0, 0, frozenset({RecipientKind.DISTRIBUTION_LIST}), before=before)

    sales, phoenix, hands = dl("all-sales", "to"), dl("phoenix", "and"), dl("all-hands", "and")
    # "add Tom to all-sales, phoenix and all-hands": each list, none dropped
    both = engine.fill(
        membership,
        [tom, sales, phoenix, hands],
        _Around(joins={"all-sales": (phoenix, False), "phoenix": (hands, False)}),
    )
    assert [m.ref for m in both.all("group")] == ["all-sales", "phoenix", "all-hands"]
    assert not both.either
    assert not both.split
    # "add Tom to all-sales or phoenix": a choice, not both
    either = engine.fill(membership, [tom, sales, phoenix], _Around(joins={"all-sales": (phoenix, True)}))
    assert [m.ref for m in either.all("group")] == ["all-sales"]
    assert [m.ref for m in either.either["group"]] == ["all-sales", "phoenix"]
    # "add Tom and all-sales to all-hands": joined, yet one a member and one not placed at all
    hands_to = dl("all-hands", "to")
    split = engine.fill(membership, [tom, sales, hands_to], _Around(joins={"Tom": (sales, False)}))
    assert split.split == [(tom, sales)]


def test_the_rights_a_clause_names_come_from_the_delegation_description_in_the_order_named() -> None:
    from mailwarden.planner.actions.delegation import RIGHTS

    assert RIGHTS.named("give send as and full access on") == ["send_as", "mailbox_delegation"]
    # words read as Send on Behalf are not read again as Send As
    assert RIGHTS.named("give send on behalf of") == ["send_on_behalf"]
    assert RIGHTS.named("remove all of permissions on") == ["mailbox_delegation", "send_on_behalf", "send_as"]
    assert RIGHTS.named("add to the list") == []


def test_filled_roles_become_one_step_per_combination_in_the_order_named() -> None:
    pairs = engine.each(mailbox=[_m("support"), _m("sales")], trustee=[_m("Ava"), "tom@acme.com"])
    assert pairs == [
        {"mailbox": "support", "trustee": "Ava"},
        {"mailbox": "support", "trustee": "tom@acme.com"},
        {"mailbox": "sales", "trustee": "Ava"},
        {"mailbox": "sales", "trustee": "tom@acme.com"},
    ]
    assert engine.each(group=[_m("all-sales")], member=[]) == []


@pytest.mark.parametrize("group", ["all-sales", "Finance Team", "finance-team@acme.com", "Project Phoenix"])
def test_a_calendar_shared_with_a_group_plans_no_step_and_asks_who(acme: Directory, group: str) -> None:
    """A group named as the grantee fills no grantee slot (a share is for a person): the request is a question
    about the grantee, with no step that would grant a group (the action would refuse one anyway)."""
    me = next(r for r in acme if r.primary_address == "grace.hopper@acme.com")
    draft = RulesPlanner().draft(
        f"Share Jane Doe's calendar with {group} as reviewer", requester=me, directory=acme
    )
    assert (draft.status, draft.steps, [q.about for q in draft.questions]) == (
        "needs_clarification",
        [],
        ["grantee"],
    )
