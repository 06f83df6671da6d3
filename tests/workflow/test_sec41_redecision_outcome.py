"""Security 41, item 3: whether a decision made again changed is decided on what it decides (allowed,
approval required from which approvers, denied; the rules behind it; whose forwarded mail it hands over),
never on its reason's wording: a reworded reason neither re-opens nor restates an approval, and mail of
another mailbox whose warning reads the same ("mailboxes you may not view") is never covered by the approval
given for the first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import pytest
from sqlalchemy import update

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.model.requests import RequestState
from mailwarden.store.tables import RequestStepRow
from mailwarden.workflow import live_policy
from mailwarden.workflow.redecision import changed, may_still_run, stricter
from tests.security.test_redteam35_approval_hands_over_more import OLIVIA, _asked_knowing_marias_mail
from tests.security.test_sec24_forwarded_to_group import KEN, MARIA
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store

ADDRESS_RULE = "admin-approves-address-taking-forwarded-mail"
HIDDEN = "Warning: mail of mailboxes you may not view is forwarded to desk@acme.com: giving it hands it over."


def _needs(
    reason: str,
    *approvers: str,
    policies: Sequence[str] = ("second-admin",),
    mail: Sequence[str] = (),
) -> ApprovalRequired:
    return ApprovalRequired(
        approvers=list(approvers), reason=reason, policies=list(policies), hands_over=list(mail)
    )


def test_a_reworded_reason_changes_nothing() -> None:
    stored = _needs("A second admin approves it.", "ken@acme.com", "grace@acme.com")
    fresh = _needs("Another admin must approve this change.", "grace@acme.com", "ken@acme.com")
    assert not changed(stored, fresh)
    assert stricter(stored, fresh) is None
    assert may_still_run(fresh, ["ken@acme.com"], stored) is None
    assert not changed(Allowed(reason="old words"), Allowed(reason="new words"))
    assert not changed(Denied(reason="no", policies=["x"]), Denied(reason="never", policies=["x"]))


def test_another_outcome_or_approver_set_is_a_change() -> None:
    stored = _needs("A second admin approves it.", "ken@acme.com")
    assert changed(stored, _needs("A second admin approves it.", "grace@acme.com"))
    assert changed(stored, _needs("A second admin approves it.", "ken@acme.com", "grace@acme.com"))
    assert changed(stored, Allowed(reason="A second admin approves it."))
    assert changed(stored, Denied(reason="A second admin approves it."))
    assert changed(Allowed(), Denied())


def test_the_same_mail_under_a_reworded_warning_keeps_the_approval() -> None:
    stored = _needs(
        "Warning: mail of Maria Garcia ...", "ken@acme.com", policies=(ADDRESS_RULE,), mail=["m1"]
    )
    fresh = _needs(
        "Note: Maria Garcia's mail goes with it.", "ken@acme.com", policies=(ADDRESS_RULE,), mail=["m1"]
    )
    assert stricter(stored, fresh) is None
    assert may_still_run(fresh, ["ken@acme.com"], stored) is None
    assert not changed(stored, fresh)
    # Less mail than the approver was told of asks nothing again.
    assert (
        may_still_run(
            _needs("x", "ken@acme.com", policies=(ADDRESS_RULE,), mail=[]), ["ken@acme.com"], stored
        )
        is None
    )


def test_other_mail_under_the_same_words_reopens_the_approval() -> None:
    """Two mailboxes the requester may not view read alike in the warning; the approval covers the first."""
    stored = _needs(HIDDEN, "ken@acme.com", policies=(ADDRESS_RULE,), mail=["m1"])
    fresh = _needs(HIDDEN, "ken@acme.com", policies=(ADDRESS_RULE,), mail=["m1", "m2"])
    assert stricter(stored, fresh) is not None
    assert may_still_run(fresh, ["ken@acme.com"], stored) is not None
    assert changed(stored, fresh)


@pytest.mark.anyio
async def test_the_live_decision_names_whose_mail_and_a_reworded_reason_is_not_restated(
    flow: Flow, tenant: TenantState, replicated: Callable[[], Awaitable[None]]
) -> None:
    other, request_id = await _asked_knowing_marias_mail(flow, tenant, replicated)
    [step] = flow.service.get(TENANT, request_id).steps
    assert isinstance(step.decision, ApprovalRequired)
    assert other.id_of(MARIA) in step.decision.hands_over
    assert other.id_of(OLIVIA) not in step.decision.hands_over
    # The stored reason reworded (as by an upgrade): approving decides again, on the same outcome, and
    # neither stops the request nor restates its decision.
    reworded = step.decision.model_copy(update={"reason": "Reworded: " + step.decision.reason})
    with flow.service.store.session() as session:
        session.execute(
            update(RequestStepRow)
            .where(RequestStepRow.request_id == request_id)
            .values(decision=reworded.model_dump(mode="json"))
        )
    view = await live_policy.verdict(flow.service, flow.live, TENANT, request_id, flow.person(KEN), "approve")
    assert view.state is RequestState.APPROVED, view.state
    assert flow.audit.records(request_id=request_id, event="request.redecided") == []
