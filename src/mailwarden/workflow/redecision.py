"""What a decision made again on live facts means for a step already decided: go on, or stop and why.

Pure functions, shared by confirmation, approval and execution. A step stops when the new decision is
stricter than the one it carries: it is now denied, or now needs an approval it has not got. A decision that
became more lenient, or names other approvers, replaces the stored one instead (the request goes on under
the policy as it is now; the approvals that still count are those of people the new decision names). An
approval also stops counting when the new decision needs it under a rule that names what the step now hands
over beyond its own change and the approved decision did not, or did for other mail (`APPROVALS_OF_MORE`: an
address change, or a new list, whose address has since come to receive a person's forwarded mail, security
26; or another person's too, red team 35), and whenever the step now hands over what the approved decision
did not name (`hands_over`: a list add whose list has since gained a right on another mailbox, red team 44,
or holds a folder permission at another level, red team 45).

Every comparison is of what a decision decides (`outcome`: allowed, approval required from which approvers,
denied; the rules behind it; whose mail it hands over), never of how its reason words it (security 41): a
reason reworded, by an upgrade or a note, neither re-opens an approval nor lets one cover other mail whose
warning happens to read the same (two hidden mailboxes are both "mailboxes you may not view").
"""

from __future__ import annotations

from collections.abc import Collection

from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied

__all__ = ["changed", "may_still_run", "outcome", "stricter"]


def outcome(decision: Decision) -> tuple[object, ...]:
    """What `decision` decides, apart from its reason's words: allowed, denied, or approval required from a
    set of approvers (in any order), with the rules behind it and, for a rule of `APPROVALS_OF_MORE`, whose
    mail it hands over."""
    if isinstance(decision, ApprovalRequired):
        return (
            decision.outcome,
            frozenset(decision.approvers),
            frozenset(decision.policies),
            frozenset(decision.hands_over),
        )
    return (decision.outcome, frozenset(decision.policies))


def changed(stored: Decision, fresh: Decision) -> bool:
    """Whether `fresh`, made again, decides otherwise than `stored` (`outcome`): only then is the stored one
    restated (a reworded reason leaves it, and the reason its approver was shown, as it is)."""
    return outcome(stored) != outcome(fresh)


def _needs(decision: ApprovalRequired) -> str:
    return f"it now needs approval by {', '.join(decision.approvers)}: {decision.reason}"


def stricter(stored: Decision, fresh: Decision, *, approving: bool = True) -> str | None:
    """Why `fresh` stops a step not yet approved that carries `stored`; None when it does not.

    At the requester's confirmation (`approving` False) nobody has approved anything yet: what a list add
    hands over beyond what `stored` named is restated (`changed`), shown to whoever approves, rather than
    stopping the request; a rule of `APPROVALS_OF_MORE` stops it as ever."""
    if isinstance(fresh, Denied):
        return fresh.reason or "the tenant's policy now denies it."
    if isinstance(fresh, ApprovalRequired) and isinstance(stored, Allowed):
        return _needs(fresh)
    if _hands_over_more(stored, fresh, rules_only=not approving):
        # (restated instead, the approval being given now would be recorded under a decision its approver was
        # never shown: the review found an address approved from a view without the forwarded-mail warning)
        return f"it now needs an approval given knowing what it hands over: {fresh.reason}"
    return None


def _hands_over_more(stored: Decision | None, fresh: Decision, *, rules_only: bool = False) -> bool:
    """`fresh` names an approval rule of `APPROVALS_OF_MORE` that `stored` did not, or hands over what
    `stored` did not name (`hands_over`: a mailbox's forwarded mail with an address, red team 35; a mailbox
    or right a list gives its members, red team 44, a folder permission at its level, red team 45): the
    approver was not told of it. What no longer goes with the step asks nothing again. A stored decision that
    names nothing (one decided before decisions named it, security 41) was told of nothing: its reason's
    words never stand for what it named (red team 44: a second hidden mailbox reads exactly as the first);
    nor does one that named a folder permission without its level (before red team 45) stand for a level."""
    if not isinstance(fresh, ApprovalRequired) or stored is None:
        return False
    more = set(fresh.policies) & APPROVALS_OF_MORE
    if more - set(stored.policies):
        return True
    if rules_only and not more:
        return False
    told = stored.hands_over if isinstance(stored, ApprovalRequired) else []
    return bool(set(fresh.hands_over) - set(told))


APPROVALS_OF_MORE = frozenset(
    {
        "admin-approves-address-taking-forwarded-mail",
        "second-admin-approves-new-list-taking-forwarded-mail",
    }
)
"""Approval rules that name what a step hands over beyond its own change (an address, or a new list's
address, that now receives a person's forwarded mail: security 26, red team 35): an approval given under a
decision that did not name one was given without being told, so it does not cover the step once the fresh
decision names it, nor once it names other mail under it."""


def may_still_run(
    fresh: Decision, approved_by: Collection[str], stored: Decision | None = None
) -> str | None:
    """Why a step about to run must not, decided again as `fresh`; None when it may run.

    An approval counts only from someone the fresh decision still names as an approver (an owner who was
    replaced, an admin whose role was removed no longer approve anything).
    """
    if isinstance(fresh, Denied):
        return fresh.reason or "the tenant's policy now denies it."
    if isinstance(fresh, ApprovalRequired) and not set(approved_by) & set(fresh.approvers):
        return _needs(fresh)
    if _hands_over_more(stored, fresh):
        return f"it now needs an approval given knowing what it hands over: {fresh.reason}"
    return None
