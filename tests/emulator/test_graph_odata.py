"""Graph's OData query options over a generated tenant: paging, $filter, $select, $top, $count, $search."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from mailwarden.emulator.state import Recipient, TenantState
from tests.emulator.test_graph import Graph, error_of, graph_over, make_tenant

EVENTUAL = {"ConsistencyLevel": "eventual"}


@pytest.fixture(scope="module")
def tenant() -> TenantState:
    return make_tenant(users=250)


@pytest.fixture
def graph(tenant: TenantState) -> Iterator[Graph]:
    with tenant.snapshot():
        yield graph_over(tenant)


def _users(state: TenantState, keep: Callable[[Recipient], bool] = lambda r: True) -> list[str]:
    return [r.id for r in state.recipients.values() if r.is_user and keep(r)]


# ---- paging --------------------------------------------------------------------------------------
def test_paging_with_top_visits_every_user_once_in_order(graph: Graph) -> None:
    """Following nextLink with $top=100 returns every user once, in pages of at most 100."""
    pages = graph.all_pages("/users?$top=100&$select=id")
    assert len(pages) == 3
    assert all(len(page) == 100 for page in pages[:-1])
    assert [u["id"] for page in pages for u in page] == _users(graph.state)


def test_next_link_carries_an_opaque_skiptoken_and_the_query(graph: Graph) -> None:
    """The nextLink keeps $top, $select and $filter and adds $skiptoken."""
    body = graph.get("/users?$top=5&$select=id,department&$filter=department eq 'Sales'").json()
    link = body["@odata.nextLink"]
    assert link.startswith("http://testserver/v1.0/users?")
    assert "$top=5" in link
    assert "$skiptoken=" in link
    assert "department" in link


def test_default_page_is_one_hundred(graph: Graph) -> None:
    """Without $top a page holds 100 users and links to the next."""
    body = graph.get("/users").json()
    assert len(body["value"]) == 100
    assert "@odata.nextLink" in body


def test_filtered_paging_returns_exactly_the_matches(graph: Graph) -> None:
    """Paging a filtered listing neither loses nor repeats a match."""
    pages = graph.all_pages("/users?$top=7&$select=id&$filter=department eq 'Finance'")
    assert [u["id"] for page in pages for u in page] == _users(
        graph.state, lambda r: r.department == "Finance"
    )


@pytest.mark.parametrize("top", ["1000", "0"])
def test_top_outside_1_to_999_is_refused(graph: Graph, top: str) -> None:
    """$top must be between 1 and 999, as Graph says."""
    response = graph.get(f"/users?$top={top}")
    assert response.status_code == 400
    assert error_of(response)["code"] == "Request_UnsupportedQuery"
    assert error_of(response)["message"] == (
        f"Invalid page size specified: '{top}'. Must be between 1 and 999 inclusive."
    )


def test_expand_caps_a_page_at_100_whatever_top_asks(graph: Graph) -> None:
    """`$expand` on directory objects returns at most 100 a page (Graph known issue 13635 and
    learn.microsoft.com/graph/query-parameters#expand-parameter, quoted on techcommunity.microsoft.com
    discussions 3885391 and 4203190: `/users?$expand=manager&$top=999` gives 100 users and a nextLink);
    following the links still reads every user once."""
    pages = graph.all_pages("/users?$top=999&$select=id&$expand=manager($select=id)")
    assert len(pages[0]) == 100
    assert all(len(page) <= 100 for page in pages)
    assert [u["id"] for page in pages for u in page] == _users(graph.state)
    without = graph.all_pages("/users?$top=999&$select=id")
    assert [len(p) for p in without] == [len(_users(graph.state))]


def test_garbled_skiptoken_is_refused(graph: Graph) -> None:
    """A skiptoken the server did not issue answers 400."""
    assert graph.get("/users?$skiptoken=not-a-token").status_code == 400


# ---- $filter -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    filter: str
    expected: Callable[[Recipient], bool]
    advanced: bool = False


CASES = [
    Case("userPrincipalName eq 'SARAH@acme.com'", lambda r: r.user_principal_name == "sarah@acme.com"),
    Case("startswith(displayName,'alex')", lambda r: r.display_name.startswith("Alex")),
    Case(
        "mail in ('john@acme.com', 'jane.doe@acme.com')",
        lambda r: r.primary_smtp in ("john@acme.com", "jane.doe@acme.com"),
    ),
    Case("proxyAddresses/any(x:x eq 'smtp:JOHN.MILLER@acme.com')", lambda r: r.alias == "john"),
    Case("accountEnabled eq false", lambda r: not r.account_enabled),
    Case("userType eq 'Guest'", lambda r: r.kind == "GuestMailUser"),
    Case(
        "department eq 'HR' or (department eq 'IT' and jobTitle eq 'IT Administrator')",
        lambda r: r.department == "HR" or r.job_title == "IT Administrator",
    ),
    Case("endsWith(mail,'@acme.co.uk')", lambda r: r.primary_smtp.endswith("@acme.co.uk"), advanced=True),
    Case(
        "department ne 'Sales' and accountEnabled eq true",
        lambda r: r.department != "Sales" and r.account_enabled,
        advanced=True,
    ),
    Case(
        "not(startswith(displayName,'A'))",
        lambda r: not r.display_name.lower().startswith("a"),
        advanced=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.filter for c in CASES])
def test_user_filters_match_what_graph_would_return(graph: Graph, case: Case) -> None:
    """Each supported $filter returns exactly the users it describes."""
    query = f"/users?$top=999&$select=id&$filter={case.filter}"
    headers = {}
    if case.advanced:
        query += "&$count=true"
        headers = EVENTUAL
    pages = graph.all_pages(query, headers=headers)
    assert [u["id"] for page in pages for u in page] == _users(graph.state, case.expected)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/groups?$filter=groupTypes/any(c:c eq 'Unified')",
            ["Project Phoenix", "Project Atlas", "User Admins"],
        ),
        # a role-assignable Microsoft 365 group is security-enabled too (isAssignableToRole, group resource)
        ("/groups?$filter=mailEnabled eq true and securityEnabled eq true", ["Finance Team", "User Admins"]),
        ("/groups?$filter=isAssignableToRole eq true", ["User Admins"]),
        ("/groups?$filter=startswith(mail,'all-')", ["all-sales", "All Hands"]),
    ],
)
def test_group_filters_tell_kinds_apart(graph: Graph, path: str, expected: list[str]) -> None:
    """Group filters on groupTypes and the mail/security flags find the right kind."""
    assert [g["displayName"] for g in graph.get(path).json()["value"]] == expected


@pytest.mark.parametrize(
    ("query", "operator"),
    [
        ("$filter=endsWith(mail,'@acme.co.uk')", "endsWith"),
        ("$filter=department ne 'Sales'", "ne"),
        ("$filter=not(accountEnabled eq true)", "not"),
    ],
)
def test_advanced_filters_need_consistency_level_and_count(graph: Graph, query: str, operator: str) -> None:
    """ne, not and endsWith answer 400 unless ConsistencyLevel: eventual and $count=true are both sent."""
    for headers, extra in (({}, "&$count=true"), (EVENTUAL, ""), ({}, "")):
        response = graph.get(f"/users?{query}{extra}", headers=headers)
        assert response.status_code == 400
        assert error_of(response)["code"] == "Request_UnsupportedQuery"
        assert error_of(response)["message"].startswith(f"Operator '{operator}' is not supported")
    assert graph.get(f"/users?{query}&$count=true", headers=EVENTUAL).status_code == 200


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nickname eq 'x'", "Could not find a property named 'nickname' on type 'microsoft.graph.user'."),
        ("displayName eq", None),
        ("displayName xx 'a'", None),
    ],
)
def test_bad_filters_are_refused(graph: Graph, text: str, message: str | None) -> None:
    """An unknown property or a syntax error answers 400."""
    response = graph.get(f"/users?$filter={text}")
    assert response.status_code == 400
    if message is not None:
        assert error_of(response)["message"] == message


# ---- $select, $count, $search --------------------------------------------------------------------
def test_select_returns_only_the_chosen_properties(graph: Graph) -> None:
    """$select narrows every item to the named properties, and the context names them."""
    body = graph.get("/users?$top=3&$select=displayName,proxyAddresses").json()
    assert all(set(u) == {"displayName", "proxyAddresses"} for u in body["value"])
    assert body["@odata.context"].endswith("#users(displayName,proxyAddresses)")


def test_select_of_unknown_property_is_refused(graph: Graph) -> None:
    """Selecting a property the type lacks answers 400."""
    assert graph.get("/users?$select=nickname").status_code == 400


def test_count_true_is_ignored_without_consistency_level(graph: Graph) -> None:
    """$count=true adds @odata.count only with ConsistencyLevel: eventual, as in Graph."""
    plain = graph.get("/users?$top=1&$count=true").json()
    assert "@odata.count" not in plain
    counted = graph.get("/users?$top=1&$count=true", headers=EVENTUAL).json()
    assert counted["@odata.count"] == len(_users(graph.state))


def test_count_segment_is_plain_text_and_needs_consistency_level(graph: Graph) -> None:
    """/users/$count answers a bare number, or 400 '$count is not currently supported.' without the header."""
    refused = graph.get("/users/$count")
    assert refused.status_code == 400
    assert error_of(refused)["message"] == "$count is not currently supported."
    counted = graph.get("/users/$count?$filter=userType eq 'Guest'", headers=EVENTUAL)
    assert counted.headers["content-type"].startswith("text/plain")
    assert counted.text == "1"


def test_search_needs_consistency_level_and_matches_word_prefixes(graph: Graph) -> None:
    """$search finds users by the start of a word, only with ConsistencyLevel: eventual."""
    refused = graph.get('/users?$search="displayName:kim"')
    assert refused.status_code == 400
    assert "ConsistencyLevel: eventual" in error_of(refused)["message"]
    found = graph.get('/users?$search="displayName:kim"&$select=userPrincipalName', headers=EVENTUAL).json()
    assert {u["userPrincipalName"] for u in found["value"]} == {
        "alex.kim@acme.com",
        "alexander.kim@acme.co.uk",
    }


def test_orderby_sorts_across_pages(graph: Graph) -> None:
    """$orderby=displayName desc orders the whole collection, page after page."""
    pages = graph.all_pages("/users?$top=50&$select=displayName&$orderby=displayName desc")
    names = [u["displayName"] for page in pages for u in page]
    assert names == sorted(names, key=str.lower, reverse=True)
    assert len(names) == len(_users(graph.state))


def test_expanded_members_stop_at_twenty(graph: Graph) -> None:
    """$expand=members on a group returns at most 20 members, as Graph does."""
    group = next(r for r in graph.state.recipients.values() if r.group_kind == "unified")
    group.members = _users(graph.state)[:25]
    body = graph.get(f"/groups/{group.id}?$expand=members($select=id)").json()
    assert body["members"] == [
        {"@odata.type": "#microsoft.graph.user", "id": rid} for rid in group.members[:20]
    ]
