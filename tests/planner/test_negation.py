"""The negation pass and the questions it and resolution ask, on the issue's examples."""

from __future__ import annotations

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import resolve_draft
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import NOW


def _plan(acme: Directory, text: str, as_: str = "grace.hopper@acme.com"):  # type: ignore[no-untyped-def]
    requester = resolve(acme, as_)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=requester, directory=acme)
    return draft, resolve_draft(draft, acme, requester)


def test_dont_alone_plans_nothing_and_says_why(acme: Directory) -> None:
    draft, _ = _plan(acme, "Don't give Tom full access to support")
    assert draft.status == "not_understood"
    assert not draft.steps
    assert "not to do" in draft.message


def test_but_not_leaves_the_named_right_out(acme: Directory) -> None:
    _draft, resolved = _plan(acme, "Give Tom access to support, but not send as")
    assert [s.action for s in resolved.steps] == ["mailbox_delegation"]


def test_instead_of_a_person_takes_from_them_what_the_other_gets(acme: Directory) -> None:
    _, resolved = _plan(acme, "Give Tom full access to finance@ instead of Christine")
    got = {(s.change, getattr(s, "trustee", "")) for s in resolved.steps}
    assert got == {("grant", "tom.becker@acme.com"), ("revoke", "christine.lee@acme.com")}


def test_a_negation_the_pass_cannot_place_asks(acme: Directory) -> None:
    draft, _ = _plan(acme, "Give Tom and Sarah full access and send as on support@acme.com, but not both")
    assert draft.status == "needs_clarification"
    assert not draft.steps
    assert draft.questions[0].about == "scope"


def test_a_surname_alone_offers_everyone_with_it(acme: Directory) -> None:
    _, resolved = _plan(acme, "Give Lee full access to support@")
    [question] = resolved.questions
    assert {c.address for c in question.candidates} == {"chris.lee@acme.com", "christine.lee@acme.com"}


def test_a_misspelt_address_is_asked_about_with_the_close_match(acme: Directory) -> None:
    _, resolved = _plan(acme, "gimme sarah full acces to suport@acme.com")
    [question] = resolved.questions
    assert question.about == "mailbox"
    assert not resolved.steps
    assert "support@acme.com" in [c.address for c in question.candidates]


def test_a_misspelt_surname_is_never_picked_silently(acme: Directory) -> None:
    _, resolved = _plan(acme, "Give Tom Beker send as on sales@acme.com")
    [question] = resolved.questions
    assert not resolved.steps
    assert [c.address for c in question.candidates] == ["tom.becker@acme.com"]
    assert "Did you mean" in question.text


def test_an_answer_that_is_more_than_a_name_adds_nothing(acme: Directory) -> None:
    """An answer to the planner's own question fills one role; extra words in it are not read as a request."""
    import asyncio
    from types import SimpleNamespace

    from mailwarden.planner.compose import question_id, resolve_request

    grace = resolve(acme, "grace.hopper@acme.com")
    session = SimpleNamespace(ctx=SimpleNamespace(directory=acme), requester=grace)
    planner = RulesPlanner(now=fixed_now(NOW))
    text = "Grant full access to the support mailbox"
    first = asyncio.run(resolve_request(session, text, [], planner))  # type: ignore[arg-type]
    [question] = first.questions
    sneaky = {question.id: "tom.becker@acme.com and give me full access to hr@acme.com"}
    again = asyncio.run(resolve_request(session, text, [], planner, sneaky))  # type: ignore[arg-type]
    assert not again.steps
    assert question.id == question_id(f"{question.about}\0{question.text}")
