"""sec63: a password reset (PATCH of a user's passwordProfile) is as hard in the emulator as in Entra.

It used to count any passwordProfile, even `{}`, as a reset that ended the user's sessions, for any app with
User.ReadWrite.All. Entra needs User-PasswordProfile.ReadWrite.All and, app-only, at least the User
Administrator role on the app (red team 63 F7: the emulator asked a role only for an admin's reset), a
privileged role for a user who holds an admin role, and a password meeting its complexity rules; nothing else
moves signInSessionsValidFromDateTime. A directory-synced user's password is mastered on-premises.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mailwarden.emulator.state import (
    GRAPH_ADMIN_APP_ROLES,
    GRAPH_APP_ID,
    PRIVILEGED_AUTH_ADMIN_ROLE_TEMPLATE,
    USER_ADMIN_ROLE_TEMPLATE,
    Application,
    TenantState,
)
from tests.emulator.test_graph import GRACE, JANE, Graph, error_of, graph_over, make_tenant, token_for

STRONG = "n3w-Pa55word!"
USER_WRITER = "11111111-2222-4333-8444-555555555501"  # User.ReadWrite.All only
RESETTER = "11111111-2222-4333-8444-555555555502"  # User-PasswordProfile.ReadWrite.All, User Administrator
PRIVILEGED = "11111111-2222-4333-8444-555555555503"  # the same, as Privileged Authentication Administrator
ROLELESS = "11111111-2222-4333-8444-555555555504"  # User-PasswordProfile.ReadWrite.All, no Entra role
LONG_AGO = "2020-01-01T00:00:00Z"


def _app(app_id: str, roles: list[str], directory_roles: list[str] | None = None) -> Application:
    return Application(
        app_id=app_id,
        display_name=app_id,
        app_role_assignments=[(GRAPH_APP_ID, GRAPH_ADMIN_APP_ROLES[r]) for r in roles],
        directory_roles=list(directory_roles or []),
    )


@pytest.fixture(scope="module")
def tenant() -> TenantState:
    state = make_tenant(users=0)
    password = "User-PasswordProfile.ReadWrite.All"
    for app in (
        _app(USER_WRITER, ["User.ReadWrite.All", "Directory.ReadWrite.All"]),
        _app(RESETTER, [password], [USER_ADMIN_ROLE_TEMPLATE]),
        _app(PRIVILEGED, [password], [PRIVILEGED_AUTH_ADMIN_ROLE_TEMPLATE]),
        _app(ROLELESS, [password]),
    ):
        state.data.applications[app.app_id] = app
    return state


@pytest.fixture
def graph(tenant: TenantState) -> Iterator[Graph]:
    with tenant.snapshot():
        for user in (JANE, GRACE):
            found = tenant.get(user)
            assert found is not None
            found.sign_in_sessions_valid_from = LONG_AGO
        yield graph_over(tenant)


def _reset(graph: Graph, app_id: str, user: str, profile: dict[str, object]) -> tuple[int, dict[str, str]]:
    answer = graph.call(
        "PATCH", f"/users/{user}", token=token_for(graph.state, app_id), json={"passwordProfile": profile}
    )
    return answer.status_code, (error_of(answer) if answer.status_code >= 400 else {})


def _sessions_moved(graph: Graph, user: str) -> bool:
    found = graph.state.get(user)
    assert found is not None
    return found.sign_in_sessions_valid_from != LONG_AGO


def test_a_reset_with_a_strong_password_and_the_password_permission_ends_the_sessions(graph: Graph) -> None:
    status, _ = _reset(graph, RESETTER, JANE, {"password": STRONG, "forceChangePasswordNextSignIn": True})
    assert status == 204
    assert _sessions_moved(graph, JANE)


@pytest.mark.parametrize(
    "profile", [{}, {"forceChangePasswordNextSignIn": True}, {"password": ""}, {"password": 5}]
)
def test_a_profile_without_a_password_is_refused_and_resets_nothing(
    graph: Graph, profile: dict[str, object]
) -> None:
    status, error = _reset(graph, RESETTER, JANE, profile)
    assert (status, error["code"]) == (400, "Request_BadRequest")
    assert not _sessions_moved(graph, JANE)


@pytest.mark.parametrize(
    "weak", ["sh0rtA!", "alllowercaseletters", "Password", "Passw0rd\u00e9\u00e9", "Aa1!" * 70]
)
def test_a_weak_password_is_refused_in_graphs_words(graph: Graph, weak: str) -> None:
    """Too short, too long (over 256), fewer than three kinds of character, or characters Entra refuses."""
    status, error = _reset(graph, RESETTER, JANE, {"password": weak})
    assert status == 400
    assert error["code"] == "Request_BadRequest"
    assert error["message"] == (
        "The specified password does not comply with password complexity requirements. "
        "Please provide a different password."
    )
    assert not _sessions_moved(graph, JANE)


def test_eight_characters_of_three_kinds_are_strong_enough(graph: Graph) -> None:
    assert _reset(graph, RESETTER, JANE, {"password": "short1a!"})[0] == 204


def test_user_read_write_all_is_not_enough_to_reset_a_password(graph: Graph) -> None:
    status, error = _reset(graph, USER_WRITER, JANE, {"password": STRONG})
    assert (status, error["code"]) == (403, "Authorization_RequestDenied")
    assert not _sessions_moved(graph, JANE)
    # The same app still changes the properties User.ReadWrite.All covers.
    renamed = graph.call(
        "PATCH", f"/users/{JANE}", token=token_for(graph.state, USER_WRITER), json={"jobTitle": "Buyer"}
    )
    assert renamed.status_code == 204


def test_an_app_only_reset_of_a_non_admin_needs_user_administrator_on_the_app(graph: Graph) -> None:
    """Jane holds no role; the password permission without an Entra role on the app does not reset her."""
    status, error = _reset(graph, ROLELESS, JANE, {"password": STRONG})
    assert (status, error["code"]) == (403, "Authorization_RequestDenied")
    assert not _sessions_moved(graph, JANE)
    assert _reset(graph, RESETTER, JANE, {"password": STRONG})[0] == 204


def test_a_synced_users_password_is_mastered_on_premises(graph: Graph) -> None:
    graph.recipient(JANE).dir_synced = True
    status, error = _reset(graph, PRIVILEGED, JANE, {"password": STRONG})
    assert (status, error["code"]) == (400, "Request_BadRequest")
    assert "on-premises mastered Directory Sync objects" in error["message"]
    assert not _sessions_moved(graph, JANE)


def test_an_admin_role_holders_password_needs_a_privileged_role(graph: Graph) -> None:
    """Grace holds Exchange Administrator: User Administrator on the app does not reset her."""
    status, error = _reset(graph, RESETTER, GRACE, {"password": STRONG})
    assert (status, error["code"]) == (403, "Authorization_RequestDenied")
    assert not _sessions_moved(graph, GRACE)
    status, _ = _reset(graph, PRIVILEGED, GRACE, {"password": STRONG})
    assert status == 204
    assert _sessions_moved(graph, GRACE)
