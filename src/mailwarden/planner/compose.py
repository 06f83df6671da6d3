"""From a planner's Draft to the plan JSON (`model.plans.Plan`): resolved, validated, previewed, decided.

`resolve_draft` is the part without a tenant: every reference resolved through the directory (an
ambiguous one becomes a Question with the candidates, an unknown one a Question saying what was not
found: never a guess), every step validated by its model through `planner.structured.build_step`.
`plan_request` adds what needs the tenant and the policy: the preflight of each write and the decision
of each step, then sets the status and the one-sentence message.
"""

from __future__ import annotations

import difflib
import inspect
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import AmbiguousRecipient, ConfigError, RecipientNotFound, ResolutionError
from mailwarden.model.changes import Preflight, Refusal
from mailwarden.model.decisions import Decision, Denied
from mailwarden.model.plans import Candidate, Plan, PlanStatus, PlanStep, Preview, Question
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS, Step
from mailwarden.planner import levels
from mailwarden.planner.draft import AnyPlanner, Attachment, Draft, DraftQuestion, DraftStep, question_id
from mailwarden.planner.lexicon import ALTERNATIVES_JOIN, POSSESSIVE_PRONOUNS
from mailwarden.planner.structured import build_step
from mailwarden.workflow.extension import with_ends_of
from mailwarden.workflow.previews import previews
from mailwarden.workflow.redact import Reader, read_decision

__all__ = [
    "SKIP",
    "PlanningSession",
    "Resolved",
    "draft_status",
    "plan_request",
    "preview_and_decide",
    "question_id",
    "resolve_draft",
    "resolve_request",
    "step_json",
]


class PlanningSession(Reader, Protocol):
    """What planning needs of a session (cli.session.Session has it; so will the web app's): a reader
    (workflow/redact.py) that also decides."""

    def decide(self, requester: Recipient, step: Step, preview: Preflight | None = None) -> Decision: ...


@dataclass
class Resolved:
    """A draft with its references resolved: the steps that are complete, and what must be asked."""

    steps: list[Step] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Steps that could not be built as understood (a missing parameter, a bad address)."""
    draft: Draft = field(default_factory=lambda: Draft(status="not_understood", message=""))
    """The draft these were resolved from."""
    references: list[str | None] = field(default_factory=list)
    """For each question, the reference it is about (None for a planner's own question): an answer to
    question i is passed back to `resolve_draft` as answers[references[i]]."""


def step_json(step: Step) -> dict[str, Any]:
    """A step as the plan JSON shows it (action, change, params; unset optional params left out)."""
    return step.model_dump(mode="json", exclude_none=True)


def resolve_draft(
    draft: Draft, directory: Directory, requester: Recipient, answers: Mapping[str, str] | None = None
) -> Resolved:
    """Resolve and validate every step of `draft` without touching the tenant.

    `answers` answers earlier questions: keyed by the question's id (`question_id`), or by the reference
    asked about, or (the API's first form) by the question's `about` when one question has it; the value
    is the chosen candidate's address, a typed address or name, or SKIP for a member (an attachment's row
    that matches no one is left out).
    """
    out = Resolved(draft=draft)
    asked: set[tuple[str, str]] = set()
    chosen = _given(answers or {})

    unanswered = _needing_answers(draft, directory, requester)

    def lookup(reference: str, about: str = "") -> Recipient:
        # An answer fills only a reference that is asked about: one the directory resolves as written
        # ("me", "Tom", "support@") is never replaced by an answer to a question that was not asked.
        try:
            found = resolve(directory, reference, requester=requester)
            if not _named_as_written(found, reference):
                raise _CloseSpelling(reference, found)
        except ResolutionError as exc:
            answer = chosen.get(question_id(reference).casefold()) or chosen.get(reference.casefold())
            if answer is None and about and unanswered.get(about, 0) == 1:
                # The API's first form answers by `about`, when one question has it (with two, one answer
                # would fill both).
                answer = chosen.get(about.casefold())
            if answer is None:
                raise
            if answer.casefold() == SKIP and about in ("member", "members"):
                raise _Skipped(reference) from None
            picked = resolve(directory, answer, requester=requester)
            if isinstance(exc, AmbiguousRecipient) and picked.recipient_id not in {
                c.recipient_id for c in exc.candidates if isinstance(c, Recipient)
            }:
                raise  # "Which Alex?" is answered by one of the Alexes, not by anyone else: asked again
            return picked
        return found

    def ask(about: str, reference: str, error: ResolutionError) -> None:
        if (about, reference.casefold()) in asked or isinstance(error, _Skipped):
            return
        asked.add((about, reference.casefold()))
        qid = question_id(reference)
        if isinstance(error, _CloseSpelling):
            text = f"No one is called {reference.strip()!r}. Did you mean {error.recipient.label()}?"
            out.questions.append(
                Question(id=qid, about=about, text=text, candidates=[Candidate.of(error.recipient)])
            )
        elif isinstance(error, RecipientNotFound):
            close = [Candidate.of(r) for r in _close_matches(directory, reference)]
            out.questions.append(Question(id=qid, about=about, text=str(error), candidates=close))
        elif isinstance(error, AmbiguousRecipient):
            candidates = [Candidate.of(c) for c in error.candidates if isinstance(c, Recipient)]
            text = f"Which {reference.strip()}?"
            out.questions.append(Question(id=qid, about=about, text=text, candidates=candidates))
        else:
            out.questions.append(Question(id=qid, about=about, text=str(error)))
        out.references.append(reference)

    for question in draft.questions:
        candidates = []
        text = question.text
        if question.about == "access" and (question.shares or text == levels.ACCESS_QUESTION):
            candidates = levels.candidates()  # a calendar level: the four, to choose from
        if question.shares:  # whose calendar and who gets it, as the directory names them
            named = [
                list(
                    dict.fromkeys(
                        _label(directory, str(s.params.get(role)), requester) for s in question.shares
                    )
                )
                for role in ("owner", "grantee")
            ]
            text = levels.share_question(*named)
        for ref in question.candidates:
            try:
                candidates.append(Candidate.of(resolve(directory, ref, requester=requester)))
            except ResolutionError:
                continue
        qid = question_id(f"{question.about}\0{question.text}")
        out.questions.append(Question(id=qid, about=question.about, text=text, candidates=candidates))
        out.references.append(None)

    for drafted in draft.steps:
        params = _resolved_params(drafted, lookup, ask)
        if params is None:
            continue
        try:
            step = build_step(drafted.action, drafted.change, params, directory, requester)
        except (ConfigError, ResolutionError) as exc:
            out.problems.append(str(exc))
            continue
        if step not in out.steps:
            out.steps.append(step)
    out.steps = _without_moot_removals(out.steps)
    return out


def _needing_answers(draft: Draft, directory: Directory, requester: Recipient) -> dict[str, int]:
    """For each step parameter, how many distinct references of `draft` under it the directory cannot
    resolve as written (each is a question): an answer keyed by the parameter fills one only when it is
    the only one."""
    found: dict[str, set[str]] = {}
    for drafted in draft.steps:
        spec = ACTIONS.get(drafted.action)
        if spec is None:
            continue
        creating_list = drafted.action == "distribution_list_lifecycle" and drafted.change == "create"
        for name, value in drafted.params.items():
            if creating_list and name == "group":
                continue  # the new list's name: never resolved, never asked
            if name == "members":
                references = [str(v) for v in value or ()]
            elif name in spec.references:
                references = [str(value)]
            else:
                continue
            for reference in references:
                try:
                    recipient = resolve(directory, reference, requester=requester)
                    if _named_as_written(recipient, reference):
                        continue
                except ResolutionError:
                    pass
                found.setdefault(name, set()).add(reference.casefold())
    return {name: len(refs) for name, refs in found.items()}


def _label(directory: Directory, reference: str, requester: Recipient) -> str:
    try:
        return resolve(directory, reference, requester=requester).label()
    except ResolutionError:
        return reference


def _given(answers: Mapping[str, str]) -> dict[str, str]:
    """The answers that say something, keyed case-blind (an id, a reference or an `about`)."""
    return {k.casefold(): v.strip() for k, v in answers.items() if v and v.strip()}


def _answer_to(chosen: Mapping[str, str], question: DraftQuestion) -> str | None:
    """The answer given to the planner's own `question`, by its id."""
    return chosen.get(question_id(f"{question.about}\0{question.text}").casefold())


def _levels_chosen(draft: Draft, answers: Mapping[str, str]) -> Draft:
    """`draft` with each calendar share whose level question was answered with a level put back at that
    level, and its question taken out: the answer completes the share it was asked about and no other."""
    chosen = _given(answers)
    questions, restored = [], []
    for question in draft.questions:
        answer = _answer_to(chosen, question)
        level = levels.chosen(answer) if answer and question.shares else None
        if level is None:
            questions.append(question)
            continue
        for share in question.shares:
            step = share.model_copy(update={"params": {**share.params, "access": level}})
            if step not in restored:
                restored.append(step)
    if not restored:
        return draft
    steps = [*draft.steps, *(s for s in restored if s not in draft.steps)]
    update: dict[str, object] = {"questions": questions, "steps": steps}
    if not questions:
        update["status"] = "ready" if steps else draft.status
    return draft.model_copy(update=update)


SKIP = "skip"
"""The answer that leaves out a member who matches no one (an attachment's row), instead of naming one."""


class _Skipped(ResolutionError):
    """A member the requester chose to leave out."""


class _CloseSpelling(ResolutionError):
    """A reference the directory matched only as a close spelling ("Tom Beker"): asked, never picked."""

    def __init__(self, reference: str, recipient: Recipient) -> None:
        super().__init__(f"No one is called {reference!r}; did you mean {recipient.label()}?")
        self.recipient = recipient


_EXACT_WORDS = frozenset({"me", "myself", "i", "my manager", "my boss", "my line manager", "my mailbox"})


def _named_as_written(recipient: Recipient, reference: str) -> bool:
    """Whether `reference` is one of the recipient's own names, not a near miss of one."""
    folded = " ".join(unicodedata.normalize("NFKC", reference).split()).casefold().strip("{}")
    if (
        "@" in folded
        or folded in _EXACT_WORDS
        or folded.startswith("my ")
        or folded == recipient.recipient_id
    ):
        return True  # addresses, ids and the requester's own words are matched exactly by resolution
    names = {recipient.display_name.casefold(), *(a.casefold().split("@")[0] for a in recipient.addresses)}
    if recipient.alias:
        names.add(recipient.alias.casefold())
    if recipient.display_name.split():
        names.add(recipient.display_name.split()[0].casefold())
    return folded in names


def _close_matches(directory: Directory, reference: str) -> list[Recipient]:
    """Listed recipients whose address or name is spelt close to `reference`, best first (at most 5)."""
    folded = reference.strip().casefold()
    address = "@" in folded
    if address:
        folded = folded.split("@", 1)[0]  # the shared "@acme.com" would make every address look close
    by_key: dict[str, Recipient] = {}
    for r in directory:
        if r.hidden:
            continue  # never suggested: to anyone but an admin naming it exactly, it does not exist
        keys = [a.casefold().split("@")[0] for a in r.addresses] if address else [r.display_name.casefold()]
        for key in keys:
            by_key.setdefault(key, r)
    # "Lee": a surname is no one's first name, but names Chris Lee and Christine Lee
    found = [k for k in by_key if not address and folded in k.split()]
    found += difflib.get_close_matches(folded, list(by_key), n=5, cutoff=0.6)
    return list({by_key[k].recipient_id: by_key[k] for k in found}.values())[:5]


def _resolved_params(
    drafted: DraftStep,
    lookup: Callable[[str, str], Recipient],
    ask: Callable[[str, str, ResolutionError], None],
) -> dict[str, Any] | None:
    spec = ACTIONS.get(drafted.action)
    if spec is None:
        return dict(drafted.params)  # build_step names the unknown action
    creating_list = drafted.action == "distribution_list_lifecycle" and drafted.change == "create"
    params: dict[str, Any] = {}
    complete = True
    for name, value in drafted.params.items():
        if name == "members":
            members = []
            for ref in value or ():
                try:
                    members.append(lookup(str(ref), "members").primary_address)
                except _Skipped:
                    continue
                except ResolutionError as exc:
                    ask("members", str(ref), exc)
                    complete = False
            params[name] = tuple(dict.fromkeys(members))
        elif name in spec.references and not (creating_list and name == "group"):
            try:
                params[name] = lookup(str(value), name).primary_address
            except _Skipped:
                return None  # the requester left this member out: the step goes, and nothing is asked
            except ResolutionError as exc:
                ask(name, str(value), exc)
                complete = False
        else:
            params[name] = value
    return params if complete else None


def _without_moot_removals(steps: list[Step]) -> list[Step]:
    """Removing members from a list the same request deletes changes nothing worth a step."""
    deleted = {
        getattr(s, "group", None)
        for s in steps
        if s.action == "distribution_list_lifecycle" and s.change == "delete"
    }
    return [
        s
        for s in steps
        if not (s.action == "distribution_list_membership" and s.change == "remove" and s.group in deleted)
    ]


async def plan_request(
    session: PlanningSession,
    text: str,
    attachments: Sequence[Attachment],
    planner: AnyPlanner,
    answers: Mapping[str, str] | None = None,
) -> tuple[Plan, list[Step]]:
    """The plan for `text` asked by the session's requester: nothing is stored and nothing changes.

    `answers` (reference -> chosen address) are the requester's answers to an earlier plan's questions.
    """
    resolved = await resolve_request(session, text, attachments, planner, answers)
    plan = await preview_and_decide(session, resolved)
    return plan, list(resolved.steps)


async def _unreadable_group(session: PlanningSession, draft: Draft) -> Plan | None:
    """A refusal naming no one when the draft lists the members of a group the requester may not read
    ("add everyone in Finance Team to my list"): its steps would show who is on it."""
    for group in draft.listed_groups:
        read = build_step("list_group_members", "read", {"group": group}, session.ctx.directory, None)
        decision = await read_decision(session, read)
        if isinstance(decision, Denied):
            return Plan(
                status="rejected",
                message=f"This request lists everyone on {group}, and you may not see who is on it. "
                f"{decision.reason or ''}".strip(),
            )
    return None


async def resolve_request(
    session: PlanningSession,
    text: str,
    attachments: Sequence[Attachment],
    planner: AnyPlanner,
    answers: Mapping[str, str] | None = None,
) -> Resolved:
    """Draft `text` with `planner` and resolve the draft (the part of planning that reads no tenant)."""
    directory = session.ctx.directory
    drafted = planner.draft(text, requester=session.requester, directory=directory, attachments=attachments)
    draft: Draft = await drafted if inspect.isawaitable(drafted) else drafted
    chosen_text = _chosen_alternatives(text, draft, answers or {}, directory, session.requester)
    said = _answers_said(draft, answers or {}, directory, session.requester)
    if said or chosen_text != text:
        # The planner's own questions ("Which mailbox should this be on?") have no reference to fill:
        # the answer is said the way a person would add it (or, a choice among alternatives the text named,
        # takes their place), and the request is read again (still through the negation pass and
        # resolution: an answer cannot widen what the text rules out).
        drafted = planner.draft(
            f"{chosen_text} {said}".strip(),
            requester=session.requester,
            directory=directory,
            attachments=attachments,
        )
        draft = await drafted if inspect.isawaitable(drafted) else drafted
    draft = _levels_chosen(draft, answers or {})
    resolved = resolve_draft(draft, directory, session.requester, answers)
    resolved.draft = draft
    return resolved


# How an answer to the planner's own question is said after the request ("... for tom@acme.com").
_ANSWER_SAID = {
    "mailbox": "on {}",
    "trustee": "for {}",
    "grantee": "with {}",
    "forward_to": "to {}",
    "recipient": "for {}",
    "owner": "of {}'s calendar",
    "group": "to {}",
    "member": "{}",
}


_ONE_REFERENCE = re.compile(r"[\w.'@+-]{1,254}(?: [\w.'-]{1,40}){0,3}")


def _chosen_alternatives(
    text: str, draft: Draft, answers: Mapping[str, str], directory: Directory, requester: Recipient
) -> str:
    """`text` with each choice among alternatives it offered ("Tom or Ava") replaced by the one chosen.

    Only one of the offered candidates is taken (an answer naming anyone else changes nothing, and the
    question is asked again), and only where the text holds the alternatives as offered, side by side."""
    chosen = _given(answers)
    for question in draft.questions:
        answer = _answer_to(chosen, question)
        # (one word offered for several, a pronoun two people could be, is replaced by the one chosen)
        if not answer or not question.offered or len(question.offered) not in (1, len(question.candidates)):
            continue
        try:
            picked = resolve(directory, answer, requester=requester).recipient_id
            offered = [resolve(directory, c, requester=requester).recipient_id for c in question.candidates]
        except ResolutionError:
            continue
        if picked not in offered:
            continue
        pattern = ALTERNATIVES_JOIN.join(re.escape(surface) for surface in question.offered)
        found = list(re.finditer(rf"(?<![\w@.-]){pattern}(?![\w@-])", text, flags=re.IGNORECASE))
        if len(found) == 1:
            at = found[0]
            # "... view her calendar" asked as whose calendar: the one chosen is put in as its owner
            # ("remove his send as", asked which of two "his" is: the one chosen is whose the right is)
            whose = question.about == "owner" or question.offered[0].lower() in POSSESSIVE_PRONOUNS
            said = f"{answer}'s" if whose and len(question.offered) == 1 else answer
            text = text[: at.start()] + said + text[at.end() :]
    return text


def _answers_said(
    draft: Draft, answers: Mapping[str, str], directory: Directory, requester: Recipient
) -> str:
    chosen = _given(answers)
    said = []
    for question in draft.questions:
        if question.offered or question.shares:
            continue  # answered by taking the alternatives' place, or completing its share (_levels_chosen)
        answer = _answer_to(chosen, question)
        form = _ANSWER_SAID.get(question.about)
        if answer and question.about == "access" and (level := levels.said(answer)) is not None:
            said.append(level)  # "as limited details": one of the four levels, nothing else
            continue
        # One address or name, nothing more: an answer fills a role; it cannot add a request of its own.
        named = _one_recipient(answer, directory, requester) if answer and form else None
        if named and form:
            said.append(form.format(named))
    return " ".join(said)


def _one_recipient(answer: str, directory: Directory, requester: Recipient) -> str | None:
    """How an answer to the planner's own question is said when it names one recipient as the directory
    knows it: its address, or (a name several recipients have, "Alex") that name as typed, asked about
    next. Anything more ("support for me", "hr plus full access", "sales with Ava") is no answer: it
    would be read as more request, and the question is asked again."""
    if not _ONE_REFERENCE.fullmatch(answer):
        return None
    try:
        return resolve(directory, answer, requester=requester).primary_address
    except AmbiguousRecipient as exc:
        folded = " ".join(answer.split()).casefold()
        names: set[str] = set()
        for c in exc.candidates:
            if isinstance(c, Recipient):
                names |= {c.display_name.casefold(), *(a.casefold().split("@")[0] for a in c.addresses)}
                names |= {c.alias.casefold()} if c.alias else set()
                names |= {c.display_name.split()[0].casefold()} if c.display_name.split() else set()
        return answer if folded in names else None
    except ResolutionError:
        return None


async def preview_and_decide(session: PlanningSession, resolved: Resolved) -> Plan:
    """Preflight each write against the tenant and let the policy decide each step."""
    if (unread := await _unreadable_group(session, resolved.draft)) is not None:
        resolved.steps, resolved.questions = [], []  # nothing of it is shown, nor can it be submitted
        return unread
    planned: list[PlanStep] = []
    refused = 0
    writes = [step for step in resolved.steps if ACTIONS[step.action].kind == "write"]
    # Each group or mailbox read once for all the steps about it, and the steps decided in one policy call.
    # A grant over a time-bound one is previewed as the extension it is (workflow/extension.py).
    found = iter(
        await with_ends_of(session, session.ctx, writes, await previews(session.ctx, writes, session))
    )
    # Who reads forwarded mail, and the mailbox rights of a group someone joins, are read for it (async).
    many = getattr(session, "plan_decisions", None)
    decided = iter(await many(session.requester, writes) if many is not None else [])
    for step in resolved.steps:
        if ACTIONS[step.action].kind == "write":
            preflight = next(found)
            decision = (
                next(decided) if many is not None else session.decide(session.requester, step, preflight)
            )
            if isinstance(preflight, Refusal):
                refused += 1
                preview = Preview(already=False, summary=preflight.reason)
            else:
                preview = Preview.of(preflight)
        else:
            decision = await read_decision(session, step)
            preview = None
        planned.append(PlanStep(step=step, decision=decision, preview=preview))
    return _plan(resolved.draft, resolved, planned, refused)


def draft_status(draft: Draft, resolved: Resolved) -> tuple[PlanStatus, str]:
    """The status and message before policy: questions first, then whether anything was understood."""
    questions = resolved.questions
    if questions:
        more = f" ({len(questions) - 1} more question{'s' if len(questions) > 2 else ''} after this one)"
        return "needs_clarification", questions[0].text + (more if len(questions) > 1 else "")
    if not resolved.steps:
        if resolved.problems:
            return "not_understood", f"I understood the request but cannot plan it: {resolved.problems[0]}"
        return "not_understood", draft.message
    return "ready", draft.message


def _plan(draft: Draft, resolved: Resolved, planned: list[PlanStep], refused: int) -> Plan:
    status, message = draft_status(draft, resolved)
    if status != "ready":
        steps = planned if status == "needs_clarification" else []
        return Plan(status=status, message=message, steps=steps, questions=resolved.questions)
    denied = [p.decision for p in planned if isinstance(p.decision, Denied)]
    if len(denied) + refused >= len(planned):
        reason = (
            denied[0].reason
            if denied
            else next((p.preview.summary for p in planned if p.preview is not None), "the tenant refuses it")
        )
        return Plan(status="rejected", message=f"This cannot be done: {reason}", steps=planned, questions=[])
    return Plan(
        status="ready", message=_ready_message(planned, resolved.problems), steps=planned, questions=[]
    )


def _ready_message(planned: list[PlanStep], problems: list[str]) -> str:
    n = len(planned)
    approval = sum(1 for p in planned if p.decision is not None and p.decision.outcome == "approval_required")
    denied = sum(1 for p in planned if p.decision is not None and p.decision.outcome == "denied")
    writes = sum(1 for p in planned if ACTIONS[p.step.action].kind == "write")
    parts = [f"{n} step{'s' if n != 1 else ''} planned"]
    if approval:
        parts.append(f"{approval} need{'s' if approval == 1 else ''} approval")
    if denied:
        parts.append(f"{denied} {'is' if denied == 1 else 'are'} denied by policy")
    if problems:
        parts.append(f"skipped: {problems[0]}")
    tail = "; confirm to submit the request." if writes else "."
    return ", ".join(parts) + tail
