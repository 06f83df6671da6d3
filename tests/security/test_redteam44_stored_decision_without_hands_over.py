"""Red team 44, attack on sec41 (c): an approval under a rule of APPROVALS_OF_MORE covers only the mail it
was told of (`ApprovalRequired.hands_over`); a decision stored before sec41 has no `hands_over`, and
`_hands_over_more` then falls back to comparing the reason's words. A request pending across the upgrade,
decided for an employee's address change to desk@ that receives the forwarded mail of one mailbox the
requester may not view, reads "mail of mailboxes you may not view is forwarded to desk@". A second hidden
mailbox's forwarding set to desk@ after the approval reads exactly alike, so the fresh decision (naming both
mailboxes in `hands_over`) neither stops the run nor re-opens the approval: the approval covers the second
mailbox's mail, the very case sec41 says it closed. The safe reading of a stored decision that names no mail
under such a rule is "told of none", not "told of whatever reads the same"."""

from __future__ import annotations

from mailwarden.model.decisions import ApprovalRequired
from mailwarden.workflow.redecision import may_still_run, stricter

ADDRESS_RULE = "admin-approves-address-taking-forwarded-mail"
HIDDEN = "Warning: mail of mailboxes you may not view is forwarded to desk@acme.com: giving it hands it over."
KEN = "ken.adams@acme.com"


def _stored_before_sec41() -> ApprovalRequired:
    # As read back from a row written before `hands_over` existed: the field absent.
    return ApprovalRequired.model_validate(
        {
            "outcome": "approval_required",
            "approvers": [KEN],
            "reason": HIDDEN,
            "policies": [ADDRESS_RULE],
        }
    )


def test_control_a_stored_decision_with_other_words_reopens() -> None:
    stored = _stored_before_sec41()
    assert stored.hands_over == []
    fresh = ApprovalRequired(
        approvers=[KEN], reason=HIDDEN + " And more.", policies=[ADDRESS_RULE], hands_over=["m1", "m2"]
    )
    assert may_still_run(fresh, [KEN], stored) is not None


def test_a_stored_decision_without_hands_over_does_not_cover_a_second_hidden_mailbox() -> None:
    stored = _stored_before_sec41()
    # After the approval, a second mailbox the requester may not view forwards to desk@ too: the same words.
    fresh = ApprovalRequired(approvers=[KEN], reason=HIDDEN, policies=[ADDRESS_RULE], hands_over=["m1", "m2"])
    assert may_still_run(fresh, [KEN], stored) is not None, "the approval ran for mail it was never told of"
    assert stricter(stored, fresh) is not None
