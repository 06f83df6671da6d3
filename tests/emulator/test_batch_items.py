"""`$batch` as Microsoft answers it: each item is its own request for throttling and faults."""

from __future__ import annotations

from typing import Any

from mailwarden.emulator import seed
from mailwarden.emulator.faults import Faults
from mailwarden.emulator.state import TenantState
from tests.emulator.exchange_tenant import Exo


def _exo() -> tuple[Exo, Faults]:
    exo = Exo(TenantState(seed.acme()))
    faults: Faults = exo.client.app.state.faults  # type: ignore[attr-defined]
    return exo, faults


def _batch(exo: Exo, *members: str) -> list[dict[str, Any]]:
    """The batch's answers in request order (paired by id: the batch answers in an order of its own)."""
    answers = _answered(exo, *members)
    by_id = {a["id"]: a for a in answers}
    return [by_id[str(i)] for i in range(len(members))]


def _answered(exo: Exo, *members: str) -> list[dict[str, Any]]:
    base = f"https://outlook.office365.com/adminapi/beta/{exo.state.tenant.id}/InvokeCommand"
    requests = [
        {
            "id": str(i),
            "method": "POST",
            "url": base,
            "body": {
                "CmdletInput": {
                    "CmdletName": "Add-DistributionGroupMember",
                    "Parameters": {"Identity": "all-hands@acme.com", "Member": m},
                }
            },
        }
        for i, m in enumerate(members)
    ]
    response = exo.client.post(
        f"/adminapi/beta/{exo.state.tenant.id}/$batch",
        json={"requests": requests},
        headers={"Authorization": f"Bearer {exo.token}"},
    )
    assert response.status_code == 200
    answers: list[dict[str, Any]] = response.json()["responses"]
    return answers


def test_each_exchange_batch_item_spends_the_budget_and_is_throttled_on_its_own() -> None:
    """A batch is no way around the budget: items past it answer 429 with a Retry-After, the rest run."""
    exo, faults = _exo()
    faults.throttle("exchange", budget=3, window_s=60)
    answers = _batch(exo, "sarah@acme.com", "tom.becker@acme.com", "john@acme.com", "alex.kim@acme.com")
    # The batch request itself spent one of the three.
    assert [a["status"] for a in answers] == [200, 200, 429, 429]
    assert all(int(a["headers"]["Retry-After"]) >= 1 for a in answers[2:])
    assert answers[2]["body"]["error"]["code"] == "TooManyRequests"
    group = exo.state.find("all-hands@acme.com")
    assert group is not None
    added = {exo.state.find(a).id for a in ("sarah@acme.com", "tom.becker@acme.com")}  # type: ignore[union-attr]
    assert added <= set(group.members)
    assert exo.state.find("john@acme.com").id not in group.members  # type: ignore[union-attr]


def test_an_item_fault_fails_only_the_item_it_matches() -> None:
    exo, faults = _exo()
    faults.fail_items("exchange", 500, matching='"member": "tom.becker@acme.com"')
    answers = _batch(exo, "sarah@acme.com", "tom.becker@acme.com", "john@acme.com")
    assert [a["status"] for a in answers] == [200, 500, 200]


def test_an_exchange_batch_answers_in_an_order_of_its_own_each_item_by_its_id() -> None:
    """The admin API's $batch is OData JSON batching, whose answers "might appear in a different order"
    than the requests (learn.microsoft.com/graph/json-batching; CIPP's New-ExoBulkRequest pairs them by
    id): the emulator never answers in request order, so pairing by position is caught."""
    exo, _ = _exo()
    people = ("sarah@acme.com", "tom.becker@acme.com", "john@acme.com")
    answers = _answered(exo, *people)
    assert sorted(a["id"] for a in answers) == ["0", "1", "2"]
    assert [a["id"] for a in answers] != ["0", "1", "2"]
    # Each answer is its own item's: the second add of the same people names each one as already there.
    again = {a["id"]: a for a in _answered(exo, *people)}
    for i, person in enumerate(people):
        assert person in str(again[str(i)]["body"]), again[str(i)]
