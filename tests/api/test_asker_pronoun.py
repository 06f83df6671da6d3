"""'Sarah was wondering if you could give her ...' (issue 12): the directory holds no genders, so a pronoun
is read gender-blind: with one person who could be it (the one asking, no one else named) it is them; with
two who could be it, who it is, is asked, and choosing one plans it."""

from __future__ import annotations

from tests.api.served import ServedApp


def test_her_after_the_one_asking_with_no_one_else_named_is_them(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    body = {"text": "Sarah was wondering if you could give her full access to hr@acme.com"}
    plan = grace.post("/api/v1/plans", json=body).json()
    assert plan["status"] == "ready", plan
    assert [(s["action"], s["trustee"]) for s in plan["steps"]] == [("mailbox_delegation", "sarah@acme.com")]


def test_her_after_two_asking_is_asked_never_guessed(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    plan = grace.post(
        "/api/v1/plans",
        json={"text": "Sarah and Tom were wondering if you could give her full access to hr@acme.com"},
    ).json()
    assert plan["status"] == "needs_clarification", plan
    assert not plan["steps"]


def test_whose_calendar_her_names_is_asked_and_choosing_the_asker_plans_it(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    body = {"text": "Olivia Martin asked me to let Ken Adams view her calendar, read only"}
    first = grace.post("/api/v1/plans", json=body).json()
    assert first["status"] == "needs_clarification", first
    [question] = first["questions"]
    assert question["about"] == "owner"
    assert [c["address"] for c in question["candidates"]] == ["olivia.martin@acme.com"]
    second = grace.post(
        "/api/v1/plans", json={**body, "answers": {question["id"]: "olivia.martin@acme.com"}}
    ).json()
    assert second["status"] == "ready", second
    [step] = second["steps"]
    assert (step["owner"], step["grantee"], step["access"]) == (
        "olivia.martin@acme.com",
        "ken.adams@acme.com",
        "reviewer",
    )
