"""Red team 67 F5 (emulator fidelity): a group that holds a Microsoft Entra role is role-assignable (only
such a group can hold one), and Graph adds a member to it only for an app that also holds
RoleManagement.ReadWrite.Directory ("To add members to a role-assignable group, the app must also be assigned
the RoleManagement.ReadWrite.Directory permission": learn.microsoft.com/graph/api/group-post-members). The
emulator adds one for mailwarden's own permissions (GroupMember.ReadWrite.All, no RoleManagement write), on
both paths mailwarden uses (POST members/$ref, PATCH members@odata.bind): the member then holds the group's
role (Global Administrator here). Entra answers 403 Authorization_RequestDenied. Removing one asks the same
("To remove members from a role-assignable group, the app must also be assigned the
RoleManagement.ReadWrite.Directory permission": learn.microsoft.com/graph/api/group-delete-members)."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import GLOBAL_ADMIN_ROLE_TEMPLATE, TenantState
from tests.emulator.test_graph import JANE, PHOENIX, SARAH, Graph, graph_over, make_tenant


@pytest.fixture
def graph() -> Graph:
    state: TenantState = make_tenant(users=0)
    state.data.user_directory_roles[PHOENIX] = [GLOBAL_ADMIN_ROLE_TEMPLATE]  # a role-assignable group's role
    return graph_over(state)


def _ref(oid: str) -> str:
    return f"https://graph.microsoft.com/v1.0/directoryObjects/{oid}"


@pytest.mark.parametrize("path", ["post", "patch"])
def test_mailwardens_app_cannot_add_a_member_to_a_group_that_holds_a_role(graph: Graph, path: str) -> None:
    member = SARAH if SARAH not in graph.recipient(PHOENIX).members else JANE
    if path == "post":
        answer = graph.call("POST", f"/groups/{PHOENIX}/members/$ref", json={"@odata.id": _ref(member)})
    else:
        answer = graph.call("PATCH", f"/groups/{PHOENIX}", json={"members@odata.bind": [_ref(member)]})
    assert answer.status_code == 403, f"{answer.status_code}: {member} now holds Global Administrator"
    assert member not in graph.recipient(PHOENIX).members


def test_mailwardens_app_cannot_remove_a_member_from_a_group_that_holds_a_role(graph: Graph) -> None:
    member = graph.recipient(PHOENIX).members[0]
    answer = graph.call("DELETE", f"/groups/{PHOENIX}/members/{member}/$ref")
    assert answer.status_code == 403, f"{answer.status_code}: {member} removed from a role-holding group"
    assert member in graph.recipient(PHOENIX).members
