"""Red team 26: an API token bound to no session (made by an older version) is refused on the API (security
leftover 21); tried on the other doors too, as an admin's token with every scope: the pages (a cookie-less
request with the token), the CSV views, the upload of a request, and making or revoking tokens with it.
Held: every one is refused and nothing is done."""

from __future__ import annotations

import pytest

from tests.api.served import ServedApp
from tests.api.test_sec21_unbound_tokens import _bearer, _made_before_binding

DOORS = [
    ("GET", "/requests", {}),
    ("GET", "/approvals", {}),
    ("GET", "/tokens", {}),
    ("GET", "/views/mailbox-permissions.csv?mailbox=hr@acme.com", {}),
    ("POST", "/api/v1/plans/upload", {"data": {"text": "give me send as on support@acme.com"}}),
    ("POST", "/api/v1/tokens", {"json": {"name": "another", "scopes": ["read"]}}),
    ("GET", "/api/v1/policy", {}),
    ("GET", "/api/v1/tenants/demo/health", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), DOORS)
def test_an_unbound_admin_token_opens_no_other_door(
    web: ServedApp, method: str, path: str, body: dict[str, object]
) -> None:
    token = _made_before_binding(web, "grace.hopper@acme.com", ["read", "write", "approve"])
    with web.client() as http:
        answer = http.request(method, path, headers=_bearer(token), **body)  # type: ignore[arg-type]
    if answer.status_code == 303:  # a page sends whoever has no session to sign in
        assert answer.headers["location"].startswith("/signin"), answer.headers["location"]
    else:
        assert answer.status_code in (401, 403), (answer.status_code, answer.text[:300])
    listed = web.sign_in("grace.hopper@acme.com").get("/api/v1/tokens").json()
    assert len(listed) == 1, listed  # no token made with it
