"""Filtering the requests list (mine, waiting on me, state, tenant): the API's query and the page's form."""

from __future__ import annotations

from tests.api.helpers import ask_send_as
from tests.api.served import Person, ServedApp


def _ids(person: Person, **params: object) -> list[str]:
    answer = person.get("/api/v1/requests", params=params)
    assert answer.status_code == 200, answer.text
    return [r["request_id"] for r in answer.json()["items"]]


def test_the_api_filters_mine_waiting_on_me_and_state(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    waiting = ask_send_as(tom, confirm=True)["request_id"]
    stopped = ask_send_as(tom, confirm=True)["request_id"]
    assert tom.post(f"/api/v1/requests/{stopped}/cancel").status_code == 200
    sarah = web.sign_in("sarah@acme.com")
    assert set(_ids(tom, mine=True)) == {waiting, stopped}
    assert _ids(tom, mine=True, state="cancelled") == [stopped]
    assert _ids(sarah, waiting_on_me=True) == [waiting]
    assert _ids(tom, waiting_on_me=True) == []
    assert _ids(sarah, mine=True) == []
    tenant = web.app.state.runtime.tenant_key
    assert _ids(sarah, tenant=tenant, state="pending_approval") == [waiting]


def test_the_api_says_what_is_wrong_with_a_filter(web: ServedApp) -> None:
    sarah = web.sign_in("sarah@acme.com")
    for params, words in [
        ({"mine": True, "waiting_on_me": True}, "exclude each other"),
        ({"waiting_on_me": True, "state": "completed"}, "would list nothing"),
        ({"tenant": "contoso"}, "serves tenant"),
        ({"state": "sideways"}, "state"),
        ({"mine": "perhaps"}, "mine"),
    ]:
        answer = sarah.get("/api/v1/requests", params=params)
        assert answer.status_code == 422, (params, answer.text)
        assert words in answer.text, (params, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")


def test_the_page_filters_by_a_plain_form(web: ServedApp) -> None:
    tom = web.sign_in("tom.becker@acme.com")
    waiting = ask_send_as(tom, confirm=True)["request_id"]
    sarah = web.sign_in("sarah@acme.com")
    page = sarah.get("/requests", params={"show": "waiting"}).text
    assert waiting[:8] in page
    assert '<option value="waiting" selected>' in page
    assert waiting[:8] not in sarah.get("/requests", params={"show": "mine"}).text
    assert waiting[:8] not in sarah.get("/requests", params={"state": "completed"}).text
    bad = sarah.get("/requests", params={"show": "everything"})
    assert bad.status_code == 422
    assert 'aria-label="Main"' in bad.text
