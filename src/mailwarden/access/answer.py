"""A read step of a plan answered for the person asking, wherever a plan's reads are shown (CLI, pages).

The views (actions/views.py) read the tenant through its connectors alone; the access report also reads
mailwarden's own records (who asked, who approved) and who owns what, so it is answered from the session.
"""

from __future__ import annotations

from mailwarden.access.why import access_report
from mailwarden.actions.base import View
from mailwarden.actions.views import VIEWS
from mailwarden.model.steps import AccessReportStep, Step
from mailwarden.workflow.session import Session, authorize_read

__all__ = ["SESSION_READS", "answer_read"]

SESSION_READS = frozenset({"access_report"})
"""Read actions answered from the session, not by a view over the tenant's connectors."""


async def answer_read(session: Session, step: Step, *, compact: bool = False) -> View:
    """The answer to one read step, if the tenant's policy lets this requester see it (NotPermitted if
    not); `compact`: what fits a terminal."""
    await authorize_read(session, step)
    if isinstance(step, AccessReportStep):
        report = await access_report(session, mailbox=step.mailbox, group=step.group, person=step.person)
        return report.to_view(compact=compact)
    return await VIEWS[step.action].run(session.ctx, step)
