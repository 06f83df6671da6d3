"""'Tom asked if you could give her ...' (issue 12, red team 16): the directory holds no genders, so a
he/she/him/her after someone asking is asked about, the one asking offered first; choosing them plans it."""

from __future__ import annotations

from tests.api.served import ServedApp


def test_her_after_someone_asking_is_asked_and_choosing_the_asker_plans_it(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    body = {"text": "Sarah was wondering if you could give her full access to hr@acme.com"}
    first = grace.post("/api/v1/plans", json=body).json()
    assert first["status"] == "needs_clarification", first
    [question] = first["questions"]
    assert [c["address"] for c in question["candidates"]] == ["sarah@acme.com"]
    second = grace.post("/api/v1/plans", json={**body, "answers": {question["id"]: "sarah@acme.com"}}).json()
    assert second["status"] == "ready", second
    assert [(s["action"], s["trustee"]) for s in second["steps"]] == [
        ("mailbox_delegation", "sarah@acme.com")
    ]


def test_her_after_tom_asking_is_never_tom_unasked(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    plan = grace.post(
        "/api/v1/plans", json={"text": "Tom asked if you could give her full access to hr@acme.com"}
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
