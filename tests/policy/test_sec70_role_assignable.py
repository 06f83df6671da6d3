"""Security 70: a role-assignable group's members hold the directory roles assigned to it (User Admins holds
User Administrator), so who is in it is a privileged grant under the default policy, whatever Graph lets
mailwarden's app do. Before, "add me to User Admins" was an ordinary list join: with an app granted
RoleManagement.ReadWrite.Directory, an employee's self-service add went to the group's owners, and an
admin's ran on her confirmation alone. The preview says why; a group whose flag could not be read is
treated as one; an ordinary list is unchanged."""

from __future__ import annotations

from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.model.steps import parse_step
from mailwarden.policy import PolicyEngine
from tests.policy.acme import address, org

WHY = "User Admins is role-assignable: members can hold directory roles."


def _add(group: str, member: str) -> object:
    return parse_step(
        {
            "action": "distribution_list_membership",
            "change": "add",
            "group": address(group),
            "member": address(member),
        }
    )


def test_an_employee_asking_to_join_it_is_refused_and_told_why() -> None:
    decision = PolicyEngine().decide(org("acme2"), address("john"), _add("user-admins", "john"))
    assert isinstance(decision, Denied)
    assert "role-assignable" in decision.reason
    assert "role-assignable-group-not-self-service" in decision.policies


def test_its_employee_owner_can_neither_add_nor_approve() -> None:
    engine = PolicyEngine()
    assert isinstance(engine.decide(org("ra-owned"), address("david"), _add("user-admins", "john")), Denied)
    approval = engine.may_approve(
        org("ra-owned"), address("david"), address("grace"), _add("user-admins", "john")
    )
    assert isinstance(approval, Denied)


def test_an_admins_add_needs_a_second_admin_and_the_preview_says_why() -> None:
    decision = PolicyEngine().decide(org("acme2"), address("grace"), _add("user-admins", "john"))
    assert isinstance(decision, ApprovalRequired)
    assert decision.approvers == [address("ken")]
    assert WHY in decision.reason


def test_the_only_admin_runs_it_with_a_justification_and_the_preview_says_why() -> None:
    decision = PolicyEngine().decide(org("acme"), address("grace"), _add("user-admins", "john"))
    assert isinstance(decision, Allowed)
    assert decision.policies == ["sole-admin-with-justification"]
    assert WHY in decision.reason


def test_a_group_whose_flag_could_not_be_read_gets_the_stricter_rule() -> None:
    """Project Phoenix is public (open to join); unread, it is treated as role-assignable, and the preview
    says it could not be read rather than claiming it is one."""
    engine = PolicyEngine()
    employee = engine.decide(org("unread"), address("john"), _add("project-phoenix", "john"))
    assert isinstance(employee, Denied)
    admin = engine.decide(org("unread"), address("grace"), _add("project-phoenix", "john"))
    assert isinstance(admin, ApprovalRequired)
    assert "could not be read" in admin.reason


def test_an_ordinary_list_is_unchanged() -> None:
    """Read and not role-assignable: the public group is joined on one's own confirmation, and the preview
    says nothing of roles."""
    engine = PolicyEngine()
    joined = engine.decide(org("acme2"), address("john"), _add("project-phoenix", "john"))
    assert isinstance(joined, Allowed)
    assert "role" not in joined.reason
    added = engine.decide(org("acme2"), address("grace"), _add("project-phoenix", "john"))
    assert isinstance(added, Allowed)


def _remove(group: str, member: str) -> object:
    return parse_step(
        {
            "action": "distribution_list_membership",
            "change": "remove",
            "group": address(group),
            "member": address(member),
        }
    )


def test_a_member_may_leave_it_but_not_take_anyone_else_out() -> None:
    """Leaving gives up only one's own roles, which anyone may always do (design §5: leave-list); taking
    someone else out is who holds a role, an admin's to change."""
    engine = PolicyEngine()
    left = engine.decide(org("ra-owned"), address("david"), _remove("user-admins", "david"))
    assert isinstance(left, Allowed)
    other = engine.decide(org("ra-owned"), address("david"), _remove("user-admins", "john"))
    assert isinstance(other, Denied)
    assert "role-assignable-group-not-self-service" in other.policies


def test_an_admin_leaving_it_needs_no_second_admin() -> None:
    decision = PolicyEngine().decide(org("acme2"), address("grace"), _remove("user-admins", "grace"))
    assert isinstance(decision, Allowed)
