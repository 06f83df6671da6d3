"""Red team 35 (on 68fc259): a team that reads the mail, told after a grant, is a reason in more wordings.

68fc259 reads ', the hr team reads them' (', hr reads them', ', the sales team checks those') as a reason,
never the team's mailbox granted too. Written as planner input only (the planner's source was not read to
find these), through `POST /api/v1/plans` as an admin: each wording below plans, ready to confirm, a
mailbox or a person nobody asked for, beside the one grant asked:

  ", and the hr team reads them"                     -> Full Access on hr@ too
  ", the team in hr@acme.com reads them"             -> Full Access on hr@ too
  ", the hr team reads those and finance too"        -> Full Access on hr@ too
  ", the hr team reads them and so does Tom Becker"  -> Full Access for Tom too
  "send as ..., the hr team reads them and liam brown checks those"
                                                     -> Send As on hr@ for Emma, and for Liam on both
  "(the hr team reads them)", ", the hr team also reads them", ", the people on hr@acme.com read them"
                                                     -> Full Access on hr@ too
  ", the hr and finance teams read them"             -> Full Access on hr@ and finance@ too
  ", the hr team reads them and Tom Becker answers those"
                                                     -> Tom on careers@, and both on hr@

A ruled-out step before the aside turns into a grant on the team's mailbox: "Don't remove Emma Wilson from
careers@acme.com, the hr team reads them, just give Liam Brown full access" plans Full Access on hr@ for
Emma (whom nothing was to be done for) and for Liam (on a mailbox never asked).

Found on the way, not the aside's doing: "Leave Emma Wilson's access to careers@acme.com alone" is planned
ready as revoking it (alone, with a grant after it, with the aside); with a grant whose mailbox is asked,
answering the question gives a ready plan with the revoke.

An employee's own request widens the same way: John's "give me full access to careers@acme.com, the team in
maria.garcia@acme.com reads them" plans Full Access on careers@ for Maria as well (the policy then decides
a grant to someone else, which an employee cannot ask for, but the plan John confirms holds it), and his
"give me full access to sales@acme.com, hr@acme.com reads them too" plans Full Access on hr@ for him too.

The preview names every step, so an admin who reads it sees the extra ones; a plan 'ready' with a grant that
was never asked is what the planner must never give (a question, or the one grant, is fine). Not fixed here
(src/mailwarden/planner/ is another session's): strict xfail. Fixed in nlu42 (markers removed)."""

from __future__ import annotations

import pytest

from tests.api import conftest as api_fixtures
from tests.api.served import ServedApp

web = api_fixtures.web

EMMA_ON_CAREERS = {("mailbox_delegation", "careers@acme.com", "emma.wilson@acme.com")}


def _plan(
    web: ServedApp, text: str, who: str = "grace.hopper@acme.com"
) -> tuple[str, set[tuple[str, str, str]]]:
    plan = web.sign_in(who).post("/api/v1/plans", json={"text": text}).json()
    return plan["status"], {(s["action"], s["mailbox"], s["trustee"]) for s in plan["steps"]}


@pytest.mark.parametrize(
    "text",
    [
        "Give Emma Wilson full access to careers@acme.com, the hr team reads them",
        "Give Emma Wilson full access to careers@acme.com, since the hr team reads them",
        "Give Emma Wilson full access to careers@acme.com, Tom Becker reads them",
        "Give Emma Wilson full access to careers@acme.com, the hr team reads them, not Liam Brown",
    ],
)
def test_the_control_a_team_or_person_reading_them_is_a_reason(web: ServedApp, text: str) -> None:
    status, steps = _plan(web, text)
    assert status == "ready", (status, steps)
    assert steps == EMMA_ON_CAREERS, steps


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Give Emma Wilson full access to careers@acme.com, and the hr team reads them", EMMA_ON_CAREERS),
        (
            "Give Emma Wilson full access to careers@acme.com, the team in hr@acme.com reads them",
            EMMA_ON_CAREERS,
        ),
        (
            "Give Emma Wilson full access to careers@acme.com, the hr team reads those and finance too",
            EMMA_ON_CAREERS,
        ),
        (
            "Give Emma Wilson full access to careers@acme.com, the hr team reads them and so does Tom Becker",
            EMMA_ON_CAREERS,
        ),
        (
            "Give Emma Wilson send as on careers@acme.com, "
            "the hr team reads them and liam brown checks those",
            {("send_as", "careers@acme.com", "emma.wilson@acme.com")},
        ),
        ("Give Emma Wilson full access to careers@acme.com (the hr team reads them)", EMMA_ON_CAREERS),
        ("Give Emma Wilson full access to careers@acme.com, the hr team also reads them", EMMA_ON_CAREERS),
        (
            "Give Emma Wilson full access to careers@acme.com, the hr and finance teams read them",
            EMMA_ON_CAREERS,
        ),
        (
            "Give Emma Wilson full access to careers@acme.com, the people on hr@acme.com read them",
            EMMA_ON_CAREERS,
        ),
        (
            "Give Emma Wilson full access to careers@acme.com, "
            "the hr team reads them and Tom Becker answers those",
            EMMA_ON_CAREERS,
        ),
    ],
    ids=[
        "and-the-team",
        "team-in-address",
        "and-finance-too",
        "so-does-a-person",
        "person-checks-those",
        "in-brackets",
        "also-reads",
        "two-teams",
        "people-on-address",
        "team-and-person-answer",
    ],
)
def test_who_reads_the_mail_is_never_one_more_grant(
    web: ServedApp, text: str, asked: set[tuple[str, str, str]]
) -> None:
    status, steps = _plan(web, text)
    assert status != "ready" or steps == asked, (status, steps)


@pytest.mark.parametrize(
    ("text", "mailbox"),
    [
        ("give me full access to careers@acme.com, the team in maria.garcia@acme.com reads them", "careers"),
        ("give me full access to sales@acme.com, hr@acme.com reads them too", "sales"),
    ],
    ids=["colleague-address", "mailbox-reads-them-too"],
)
def test_an_employees_aside_never_adds_a_grant(web: ServedApp, text: str, mailbox: str) -> None:
    status, steps = _plan(web, text, "john@acme.com")
    assert status != "ready" or steps == {("mailbox_delegation", f"{mailbox}@acme.com", "john@acme.com")}, (
        steps
    )


def test_a_ruled_out_step_and_the_aside_never_become_grants_on_the_teams_mailbox(web: ServedApp) -> None:
    text = (
        "Don't remove Emma Wilson from careers@acme.com, the hr team reads them, "
        "just give Liam Brown full access"
    )
    status, steps = _plan(web, text)
    assert status != "ready" or steps == {
        ("mailbox_delegation", "careers@acme.com", "liam.brown@acme.com")
    }, steps


# ---- "leave ... alone" (found on the way: not the aside's doing) ------------------------------------------


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Leave Emma Wilson's access to careers@acme.com alone", set()),
        (
            "Leave Emma Wilson's access to careers@acme.com alone, and give Liam Brown full access to it",
            {("mailbox_delegation", "careers@acme.com", "liam.brown@acme.com")},
        ),
        (
            "Leave Emma Wilson's access to careers@acme.com alone, the hr team reads them, "
            "and give Liam Brown full access to careers@acme.com",
            {("mailbox_delegation", "careers@acme.com", "liam.brown@acme.com")},
        ),
    ],
    ids=["alone", "and-a-grant", "aside-and-a-grant"],
)
def test_leaving_access_alone_never_revokes_it(
    web: ServedApp, text: str, asked: set[tuple[str, str, str]]
) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    plan = grace.post("/api/v1/plans", json={"text": text}).json()
    revokes = [s for s in plan["steps"] if s.get("change") == "revoke"]
    assert not revokes, plan["steps"]
    steps = {(s["action"], s["mailbox"], s["trustee"]) for s in plan["steps"]}
    assert plan["status"] != "ready" or steps == asked, plan


def test_answering_the_question_never_brings_the_ruled_out_revoke_in(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    body = {"text": "Leave Emma Wilson's access to careers@acme.com alone and give Liam Brown full access"}
    first = grace.post("/api/v1/plans", json=body).json()
    assert not [s for s in first["steps"] if s.get("change") == "revoke"], first["steps"]
    if first["status"] == "ready":
        # (nlu42: "give Liam Brown full access" is read on the one mailbox the request names, as "Don't
        # remove Emma from careers@, just give Liam full access" is: nothing to answer)
        assert {(s["action"], s["mailbox"], s["trustee"]) for s in first["steps"]} == {
            ("mailbox_delegation", "careers@acme.com", "liam.brown@acme.com")
        }, first
        return
    assert first["status"] == "needs_clarification", first
    [question] = first["questions"]
    second = grace.post(
        "/api/v1/plans", json={**body, "answers": {question["id"]: "careers@acme.com"}}
    ).json()
    assert not [s for s in second["steps"] if s.get("change") == "revoke"], second["steps"]
