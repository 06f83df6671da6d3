"""Red team 30: a tenant whose policy has a calendar share approved (any permit, here all of them) must
still not let a member of the grantee group approve it: the group's calendar is theirs
(no-approving-access-for-oneself), directly or through a list nested in the group."""

from __future__ import annotations

import pytest

from mailwarden.model.decisions import Denied
from mailwarden.policy import PolicyEngine
from tests.policy.acme import address, org
from tests.policy.golden import _case

PERMIT_ALL = '@id("all")\n@reason("Everything is allowed here.")\npermit (principal, action, resource);\n'
SHARE = _case("acme2 | grace | calendar_share grant owner=john grantee=finance-team access=editor | allowed")


@pytest.mark.parametrize(
    ("variant", "approver", "refused"),
    [("acme2", "mike", True), ("nested", "jane", True), ("acme2", "ken", False)],
)
def test_a_member_of_the_grantee_group_does_not_approve_the_share(
    variant: str, approver: str, refused: bool
) -> None:
    engine = PolicyEngine(PERMIT_ALL)
    decision = engine.may_approve(org(variant), address(approver), SHARE.requester, SHARE.step)
    if refused:
        assert isinstance(decision, Denied), decision
        assert "no-approving-access-for-oneself" in decision.policies, decision
    else:
        assert not isinstance(decision, Denied), decision
