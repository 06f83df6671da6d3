"""The policy engine: a tenant's Cedar policy, validated against the schema, deciding one step at a time.

    engine = PolicyEngine()                       # the default policy (default.cedar)
    engine.load(text)                             # a tenant's policy; InvalidPolicy keeps the old one
    decision = engine.decide(org, requester, step)  # Allowed | ApprovalRequired | Denied

A step is decided in three phases (see default.cedar): "request:<action>" (may the requester ask for it
at all), "run:<action>" (may it run on the requester's confirmation alone) and, for a write that may be
asked for but not run, "approve:<action>" for every candidate approver (routing.py). Deny by default,
forbid wins, and an evaluation error is a denial. Every decision names the policies behind it (their
@id) and says why in their own words (their @reason).

Every policy is evaluated together with the built-in guardrails (guardrails.cedar): the invariants that
hold for every tenant, which a tenant's stored policy can neither leave out nor override. A tenant rule
that reuses a guardrail's @id is replaced by it (CompiledPolicy.superseded), so an old stored copy of the
default policy takes up a guardrail's current wording and not its own.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import cedarpy

from mailwarden.errors import ConfigError
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS, DistributionListMembership, Step
from mailwarden.policy.alike import representatives
from mailwarden.policy.entities import (
    Org,
    StepFacts,
    UnknownRecipient,
    entities_built_once,
    recipient_uid,
    role_assignable_note,
    step_facts,
)
from mailwarden.policy.routing import (
    approver_candidates,
    forwarded_readers_left_out,
    requester_reads_forwarded,
    why_no_candidate,
)

__all__ = [
    "DEFAULT_POLICY",
    "GUARDRAILS",
    "SCHEMA_TEXT",
    "CompiledPolicy",
    "InvalidPolicy",
    "PolicyEngine",
    "PolicyRule",
    "compile_policy",
    "decide",
]

_PACKAGE = resources.files("mailwarden.policy")
DEFAULT_POLICY = _PACKAGE.joinpath("default.cedar").read_text(encoding="utf-8")
"""The text of the default policy (DESIGN §5)."""
GUARDRAILS = _PACKAGE.joinpath("guardrails.cedar").read_text(encoding="utf-8")
"""The text of the guardrails evaluated with every tenant's policy (see the module's docstring)."""
SCHEMA_TEXT = _PACKAGE.joinpath("schema.cedarschema").read_text(encoding="utf-8")
"""The text of the Cedar schema every policy is validated against."""
_SCHEMA = cedarpy.Schema.from_str(SCHEMA_TEXT)

DEFAULT_DENY = "default-deny"
"""The name a decision gives when no policy permits the step (Cedar's deny by default)."""
NO_APPROVER = "no-approver"
"""The name a decision gives when a step needs an approval that nobody may give."""
FORWARDED_READER = "no-approving-access-for-oneself"
"""The name a decision gives when an approver reads the mail a forwarding sends on: the guardrail's own,
which sees only the target and its groups (routing.forwarded_readers_left_out reads beyond)."""
EVALUATION_ERROR = "evaluation-error"
"""The name a decision gives when the policy could not be evaluated for the step."""


class InvalidPolicy(ConfigError):
    """A policy text that does not parse, does not validate against the schema, or lacks @id/@reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"The policy is refused ({len(self.problems)} problem(s)); the policy in force is unchanged.\n"
            f"{lines}"
        )


@dataclass(frozen=True)
class PolicyRule:
    """One policy of a set, as a decision names it."""

    id: str
    """Its @id annotation."""
    effect: Literal["permit", "forbid"]
    reason: str
    """Its @reason annotation: words a requester understands."""
    guardrail: bool = False
    """One of the built-in guardrails, not of the tenant's policy."""


@dataclass(frozen=True)
class CompiledPolicy:
    """A validated policy set, ready to decide: its text, Cedar's handle and its rules by Cedar's ids."""

    text: str
    """The tenant's policy as written (without the guardrails)."""
    policy_set: cedarpy.PolicySet
    rules: dict[str, PolicyRule]
    """Cedar's positional policy id ('policy3') -> the rule."""
    approval_rules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Write action -> the reasons of the permits that can let someone approve it: what the policy wants."""
    answers: Answers = field(default_factory=lambda: Answers(), compare=False, repr=False)
    """Cedar's answers this policy already gave, by their exact inputs (see Answers)."""
    superseded: tuple[str, ...] = ()
    """The @ids of the tenant's rules replaced by the guardrail of the same @id."""
    literals: frozenset[tuple[str, str]] = frozenset()
    """Every entity the policy set names literally (`Recipient::"<id>"`), as (type, id): their requests are
    never answered alike another's (policy/alike.py)."""

    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules.values()]

    def guardrail_ids(self) -> list[str]:
        return [r.id for r in self.rules.values() if r.guardrail]


def compile_policy(text: str, *, guardrails: str = GUARDRAILS) -> CompiledPolicy:
    """Parse and validate a policy text, to be evaluated with `guardrails`; InvalidPolicy lists every
    problem found.

    A process compiles a text once (`_compiled`, kept by the exact texts, so a changed policy is compiled
    anew); each call still gets its own CompiledPolicy, with answers of its own."""
    policy_set, rules, approval_rules, superseded, literals = _compiled(text, guardrails)
    return CompiledPolicy(
        text=text,
        policy_set=policy_set,
        rules=dict(rules),
        approval_rules=dict(approval_rules),
        superseded=superseded,
        literals=literals,
    )


_Compiled = tuple[
    cedarpy.PolicySet,
    dict[str, PolicyRule],
    dict[str, tuple[str, ...]],
    tuple[str, ...],
    frozenset[tuple[str, str]],
]


@functools.lru_cache(maxsize=16)
def _compiled(text: str, guardrails: str) -> _Compiled:
    """What compile_policy makes of `text` with `guardrails`, parsing the text once: the guardrails and the
    text as one set, in which the text's policies follow the guardrails' (Cedar numbers them in text order),
    so the text's own tree is that set's tail, numbered from 0. InvalidPolicy is raised, not kept."""
    # The guardrails first: Cedar numbers policies in text order, so 'policy0'.. are the guardrails, and a
    # decision lists their reasons first, as it did when they headed the default policy.
    combined = f"{guardrails.rstrip()}\n\n{text}"
    try:
        policy_set = cedarpy.PolicySet.from_str(combined)
        whole = policy_set.to_pst()
    except ValueError:
        _parsed(text)  # InvalidPolicy in the words of the text alone (its positions, not the combined's)
        _guardrail_ids(guardrails)
        raise
    guarding = _guardrail_ids(guardrails)
    if whole.templates or whole.template_links:
        raise InvalidPolicy(["templates (policies with ?principal or ?resource) are not supported"])
    own = {
        f"policy{_position(cedar_id) - len(guarding)}": policy
        for cedar_id, policy in sorted(whole.static_policies.items(), key=lambda item: _position(item[0]))
        if _position(cedar_id) >= len(guarding)
    }
    rules, problems = _annotated(dataclasses.replace(whole, static_policies=own))
    superseded = tuple(r.id for r in rules.values() if r.id in guarding)
    if superseded:
        tree = _parsed(text)
        kept = {k: p for k, p in tree.static_policies.items() if p.annotations.get("id") not in guarding}
        rest = (
            str(cedarpy.PolicySet.from_pst(dataclasses.replace(tree, static_policies=kept))) if kept else ""
        )
        combined = f"{guardrails.rstrip()}\n\n{rest}"
        policy_set = cedarpy.PolicySet.from_str(combined)
        whole = policy_set.to_pst()
    rules = {
        cedar_id: dataclasses.replace(rule, guardrail=_position(cedar_id) < len(guarding))
        for cedar_id, rule in sorted(_annotated(whole)[0].items(), key=lambda item: _position(item[0]))
    }
    result = cedarpy.validate_policies(combined, _SCHEMA)
    for error in result.errors:
        # Cedar names policies by position ('policy3'); say the @id the admin wrote instead.
        message = re.sub(r"`(policy\d+)`", lambda m: f"`{_name(rules, m.group(1))}`", error.error).strip()
        name = _name(rules, error.policy_id) if error.policy_id else ""
        # No [brackets]: the CLI prints messages as Rich markup.
        problems.append(message if not name or f"`{name}`" in message else f"policy `{name}`: {message}")
    if problems:
        raise InvalidPolicy(problems)
    return policy_set, rules, _approval_rules(whole, rules), superseded, _entity_literals(whole)


def _entity_literals(tree: Any) -> frozenset[tuple[str, str]]:
    """The entities a parsed policy set names, in its scopes and its conditions, as (type, id) with the
    type's namespace joined as Cedar writes it ("Ns::Type")."""
    found: set[tuple[str, str]] = set()
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, cedarpy.pst.EntityUid):
            found.add(("::".join((*node.type.namespace, node.type.basename)), node.id))
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            stack.extend(getattr(node, f.name) for f in dataclasses.fields(node))
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return frozenset(found)


@functools.lru_cache(maxsize=4)
def _guardrail_ids(guardrails: str) -> tuple[str, ...]:
    """The @ids of the guardrails' policies, in order: parsed once a process."""
    return tuple(p.annotations.get("id", "") for p in _parsed(guardrails).static_policies.values())


def _parsed(text: str) -> Any:
    try:
        tree = cedarpy.PolicySet.from_str(text).to_pst()
    except ValueError as exc:
        raise InvalidPolicy([f"it does not parse: {exc}"]) from None
    if tree.templates or tree.template_links:
        raise InvalidPolicy(["templates (policies with ?principal or ?resource) are not supported"])
    return tree


def _annotated(tree: Any) -> tuple[dict[str, PolicyRule], list[str]]:
    """The rules of a parsed policy by Cedar's ids, and what is wrong with their annotations."""
    problems: list[str] = []
    rules: dict[str, PolicyRule] = {}
    seen: set[str] = set()
    for cedar_id, policy in tree.static_policies.items():
        name = policy.annotations.get("id", "")
        where = f"policy {name!r}" if name else f"the {_ordinal(cedar_id)} policy"
        if not name:
            problems.append(f'{where} has no @id("...") annotation')
        elif name in seen:
            problems.append(f"{where} has the same @id as another policy")
        if not policy.annotations.get("reason", "").strip():
            problems.append(f'{where} has no @reason("...") annotation saying why, for requesters')
        seen.add(name)
        effect: Literal["permit", "forbid"] = "forbid" if policy.effect == "forbid" else "permit"
        rules[cedar_id] = PolicyRule(
            id=name or cedar_id, effect=effect, reason=policy.annotations.get("reason", "")
        )
    return rules, problems


def _approval_rules(tree: Any, rules: dict[str, PolicyRule]) -> dict[str, tuple[str, ...]]:
    """For each write action, the reasons of the permits whose scope takes in its "approve:" action."""
    out: dict[str, tuple[str, ...]] = {}
    for action, spec in ACTIONS.items():
        if spec.kind != "write":
            continue
        groups = {f"approve:{action}", "approve", "write", action}
        if action in _DELEGATION:
            groups.add("delegation")
        reasons = [
            rules[i].reason
            for i, p in tree.static_policies.items()
            if p.effect == "permit" and _scope_takes_in(p.action, groups)
        ]
        out[action] = tuple(dict.fromkeys(reasons))
    return out


_DELEGATION = frozenset({"mailbox_delegation", "send_as", "send_on_behalf"})


def _scope_takes_in(scope: Any, groups: set[str]) -> bool:
    if hasattr(scope, "entity"):  # action == X
        return str(scope.entity.id) in groups
    if hasattr(scope, "entities"):  # action in [X, Y]
        return any(str(e.id) in groups for e in scope.entities)
    return True  # any action


def _name(rules: dict[str, PolicyRule], cedar_id: str) -> str:
    rule = rules.get(cedar_id)
    return rule.id if rule is not None else cedar_id


def _position(cedar_id: str) -> int:
    return int(cedar_id.removeprefix("policy"))


def _ordinal(cedar_id: str) -> str:
    number = int(cedar_id.removeprefix("policy")) + 1 if cedar_id.startswith("policy") else 0
    return f"#{number}" if number else cedar_id


class PolicyEngine:
    """Decides steps with one policy set at a time; `load` swaps it only for a valid one."""

    def __init__(self, text: str = DEFAULT_POLICY, *, guardrails: str = GUARDRAILS) -> None:
        """`guardrails` is for tests that take one out to see it matter; everything else keeps them."""
        self._guardrails = guardrails
        self._current = compile_policy(text, guardrails=guardrails)

    @property
    def policy(self) -> CompiledPolicy:
        return self._current

    @property
    def text(self) -> str:
        return self._current.text

    def load(self, text: str) -> CompiledPolicy:
        """Put `text` in force; InvalidPolicy (and the old policy stays) when it does not validate."""
        compiled = compile_policy(text, guardrails=self._guardrails)
        self._current = compiled
        return compiled

    def decide(self, org: Org, requester: Recipient | str, step: Step) -> Decision:
        """The policy's decision on `step` asked for by `requester` (a recipient, its id or address)."""
        return self.decide_many(org, requester, [step])[0]

    def decide_many(self, org: Org, requester: Recipient | str, steps: Sequence[Step]) -> list[Decision]:
        """The decision on each of `steps`, exactly as `decide` makes it, with Cedar asked once per
        `_DECIDE_CHUNK` steps instead of once per step (a list of 5,000 people is 10 calls, not 10,000)."""
        policy = self._current  # one policy for all the decisions, even if another is loaded meanwhile
        out: list[Decision] = []
        for start in range(0, len(steps), _DECIDE_CHUNK):
            # Entities are shared within a chunk, not across chunks: kept for the whole run, the memo held
            # every person's entity at once (8 MiB at 2,000 steps); the list's is built once a chunk.
            with entities_built_once():
                out += self._decide_chunk(policy, org, requester, steps[start : start + _DECIDE_CHUNK])
        return out

    def _decide_chunk(
        self, policy: CompiledPolicy, org: Org, requester: Recipient | str, steps: Sequence[Step]
    ) -> list[Decision]:
        decided: list[Decision | None] = [None] * len(steps)
        facts: dict[int, tuple[StepFacts, tuple[Recipient, ...]]] = {}
        # Candidates depend on the requester and the target alone (on one organisation): the 5,000 steps
        # adding people to one list have one set of them.
        candidates_of: dict[tuple[str, str | None], tuple[Recipient, ...]] = {}
        left_out: dict[int, list[str]] = {}
        """Per step, the candidates routing left out (readers of forwarded mail), each with why."""
        for i, step in enumerate(steps):
            try:
                found = step_facts(org, requester, step)
            except UnknownRecipient as exc:
                decided[i] = Denied(reason=str(exc), policies=[DEFAULT_DENY])
                continue
            candidates: tuple[Recipient, ...] = ()
            if ACTIONS[step.action].kind == "write":
                key = (found.requester.recipient_id, found.target.recipient_id if found.target else None)
                if key not in candidates_of:
                    candidates_of[key] = tuple(approver_candidates(org, found.requester, found.target))
                candidates = candidates_of[key]
                candidates, notes = forwarded_readers_left_out(
                    org, found.requester, step, candidates, found.context
                )
                if notes:
                    left_out[i] = notes
                reads = requester_reads_forwarded(org, found.requester, step)
                if reads is not None:
                    found = dataclasses.replace(found, notes=(*found.notes, reads))
            facts[i] = (found, candidates)
        if not facts:
            return [d for d in decided if d is not None]
        # Entities depend on the organisation, not on the step: the union serves every step's requests.
        entities = _union(org, facts.values())

        asked = _evaluate(
            policy,
            [
                _request(f, f.requester, f"{p}:{steps[i].action}")
                for i, (f, _) in facts.items()
                for p in ("request", "run")
            ],
            entities,
        )
        if isinstance(asked, Denied):
            if len(steps) == 1:
                return [asked]
            # Which step could not be evaluated is for each step's own decision to say.
            return [self._decide_chunk(policy, org, requester, [step])[0] for step in steps]
        approving: dict[int, tuple[Answer, list[Recipient]]] = {}
        # One decision object for the steps Cedar answered alike (frozen): a bulk request's thousands share a
        # few, built (their reasons looked up in the policy) once each.
        alike: dict[tuple[object, ...], Decision] = {}
        for n, (i, (f, candidates)) in enumerate(facts.items()):
            step = steps[i]
            spec = ACTIONS[step.action]
            may_request, may_run = asked[2 * n], asked[2 * n + 1]
            if not may_request.allowed:
                shape = ("refused", may_request, spec.label, step.change)
                if shape not in alike:
                    alike[shape] = _refused(policy, may_request, spec.label, step.change)
                decided[i] = alike[shape]
            elif may_run.allowed and (
                privileged := role_assignable_note(f.target)
                if isinstance(step, DistributionListMembership)
                else ()
            ):
                # The only admin's change to a role-assignable group runs on her justification: the preview
                # says what it touches, as an approval's does.
                decided[i] = Allowed(
                    reason=" ".join([_reasons(policy, [may_run]), *privileged]),
                    policies=_ids(policy, [may_run]),
                )
            elif may_run.allowed:
                if (may_run,) not in alike:
                    alike[(may_run,)] = Allowed(
                        reason=_reasons(policy, [may_run]), policies=_ids(policy, [may_run])
                    )
                decided[i] = alike[(may_run,)]
            elif spec.kind == "read":  # a read runs when it may be asked for, or not at all
                decided[i] = _refused(policy, may_run, spec.label, step.change)
            elif not candidates:
                decided[i] = _nobody_approves(
                    policy,
                    may_run,
                    step.action,
                    why_no_candidate(org, f.requester, f.target),
                    left_out=left_out.get(i, ()),
                )
            else:
                approving[i] = (may_run, list(candidates))
        if approving:
            answers = _evaluate(
                policy,
                [
                    _request(facts[i][0], c, f"approve:{steps[i].action}")
                    for i, (_, approvers) in approving.items()
                    for c in approvers
                ],
                entities,
            )
            if isinstance(answers, Denied) and len(steps) > 1:
                return [self._decide_chunk(policy, org, requester, [step])[0] for step in steps]
            at = 0
            for i, (may_run, approvers) in approving.items():
                f = facts[i][0]
                if isinstance(answers, Denied):
                    decided[i] = answers
                    continue
                mine = answers[at : at + len(approvers)]
                at += len(approvers)
                granted = [(c, a) for c, a in zip(approvers, mine, strict=True) if a.allowed]
                if not granted:
                    # A candidate a forbid turned away is named with its reason (else "the admins: Ken"
                    # reads as if Ken could approve).
                    barred = [
                        f"{c.primary_address}: {d.reason.rstrip('.')}"
                        for c, a in zip(approvers, mine, strict=True)
                        if (d := _forbidden(policy, a)) is not None
                    ]
                    decided[i] = _nobody_approves(
                        policy,
                        may_run,
                        steps[i].action,
                        why_no_candidate(org, f.requester, f.target),
                        barred,
                        left_out.get(i, ()),
                    )
                    continue
                decided[i] = ApprovalRequired(
                    approvers=[c.primary_address for c, _ in granted],
                    reason=" ".join([_reasons(policy, [a for _, a in granted]), *f.notes]),
                    policies=_ids(policy, [a for _, a in granted]),
                    hands_over=list(f.hands_over),
                )
        return [d for d in decided if d is not None]

    def may_approve(
        self, org: Org, approver: Recipient | str, requester: Recipient | str, step: Step
    ) -> Allowed | Denied:
        """Whether `approver` may approve `step` asked for by `requester`, checked when they approve.

        The directory may have changed since the step was decided, so the workflow asks again at the
        moment of approval; Allowed names the policies that let them, Denied says why not.
        """
        policy = self._current
        if ACTIONS[step.action].kind == "read":
            return Denied(reason="A read needs no approval.", policies=[DEFAULT_DENY])
        who = org.find(approver) if isinstance(approver, str) else org.current(approver)
        if who is None:
            return Denied(reason=str(UnknownRecipient("approver", str(approver))), policies=[DEFAULT_DENY])
        try:
            facts = step_facts(org, requester, step)
        except UnknownRecipient as exc:
            return Denied(reason=str(exc), policies=[DEFAULT_DENY])
        _, reads = forwarded_readers_left_out(org, facts.requester, step, (who,), facts.context)
        if reads:
            return Denied(reason=f"You may not approve this: {reads[0]}.", policies=[FORWARDED_READER])
        entities = facts.with_entities(org, [who])
        answers = _evaluate(policy, [_request(facts, who, f"approve:{step.action}")], entities)
        if isinstance(answers, Denied):
            return answers
        (answer,) = answers
        if answer.allowed:
            return Allowed(reason=_reasons(policy, [answer]), policies=_ids(policy, [answer]))
        return _forbidden(policy, answer) or Denied(
            reason="No policy lets you approve this step.", policies=[DEFAULT_DENY]
        )


def decide(engine: PolicyEngine, org: Org, requester: Recipient | str, step: Step) -> Decision:
    """`engine.decide(org, requester, step)`."""
    return engine.decide(org, requester, step)


# ---- evaluation ----------------------------------------------------------------------------------


_DECIDE_CHUNK = 500
"""Steps decided in one Cedar call: enough to amortise the call, few enough to keep memory flat."""


def _union(org: Org, facts: Iterable[tuple[StepFacts, tuple[Recipient, ...]]]) -> list[dict[str, Any]]:
    """Every step's entities and its approver candidates', each once."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for f, candidates in facts:
        for entity in f.with_entities(org, candidates):
            seen.setdefault((entity["uid"]["type"], entity["uid"]["id"]), entity)
    return list(seen.values())


def _request(facts: StepFacts, principal: Recipient, action: str) -> dict[str, Any]:
    return {
        "principal": recipient_uid(principal.recipient_id),
        "action": {"type": "Action", "id": action},
        "resource": facts.resource,
        "context": facts.context,
    }


def _evaluate(
    policy: CompiledPolicy, requests: list[dict[str, Any]], documents: list[dict[str, Any]]
) -> list[Answer] | Denied:
    """Cedar's answers, or a denial when any of them could not be evaluated.

    Requests Cedar must answer alike (policy/alike.py: a bulk list's people of one shape) are asked once.
    An answer Cedar already gave on exactly these inputs (the same policy, entities and request) is not
    asked again: a bulk step is decided at planning, at confirmation and right before it runs, each time
    on facts read again, which are most often the same (policy.answers)."""
    entities = json.dumps(documents)
    of = representatives(documents, requests, policy.literals)
    asking = list(dict.fromkeys(of))
    known = policy.answers
    keys = known.keys(entities, [requests[i] for i in asking])
    found = dict(zip(asking, (known.get(k) for k in keys), strict=True))
    asked = [n for n, i in enumerate(asking) if found[i] is None]
    if asked:
        try:
            # The schema is not optional here: it is where Cedar learns the action groups ("request",
            # "write", "delegation" ...) that `action in` tests; it also checks the entities and context.
            results = cedarpy.is_authorized_batch(
                [requests[asking[n]] for n in asked], policy.policy_set, entities, schema=_SCHEMA
            )
        except ValueError as exc:  # entities or a request that do not fit the schema
            return _broken(policy, [str(exc)], [])
        errors = [e for r in results for e in r.diagnostics.errors]
        if errors:
            return _broken(policy, errors, [p for r in results for p in _errored(r)])
        for n, result in zip(asked, results, strict=True):
            found[asking[n]] = known.put(keys[n], result)
    return [a for i in of if (a := found[i]) is not None]


@dataclass(frozen=True)
class Answer:
    """What a decision needs of one Cedar answer: allowed or not, and the policies that said so."""

    allowed: bool
    reasons: frozenset[str]
    """Cedar's ids of the policies that determined it ('policy3')."""


_ANSWERS_KEPT = 40_000
"""Answers remembered per policy: every step of a 10,000-person bulk request ("request:" and "run:" each),
so its confirmation and its run find what planning asked; about 150 bytes each."""


class Answers:
    """Cedar's answers by a digest of their exact inputs, the least recently used forgotten first.

    Cedar is a pure function of the policy, the schema, the entities and the request, so an answer given on
    the same inputs is that answer again; nothing else (time, the tenant) enters it. The digest covers the
    entities as sent (the whole document, so a fact that changed anywhere is a new key) and the request."""

    def __init__(self, kept: int = _ANSWERS_KEPT) -> None:
        self._kept = kept
        self._answers: OrderedDict[bytes, Answer] = OrderedDict()
        self._interned: dict[tuple[bool, frozenset[str]], Answer] = {}
        self._lock = threading.Lock()  # the web app decides from worker threads

    @staticmethod
    def keys(entities: str, requests: Sequence[dict[str, Any]]) -> list[bytes]:
        of_entities = hashlib.blake2b(entities.encode(), digest_size=16).digest()
        return [
            hashlib.blake2b(
                json.dumps(r, sort_keys=True, separators=(",", ":")).encode(), digest_size=16, key=of_entities
            ).digest()
            for r in requests
        ]

    def get(self, key: bytes) -> Answer | None:
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def put(self, key: bytes, result: cedarpy.AuthzResult) -> Answer:
        shape = (bool(result.allowed), frozenset(result.diagnostics.reasons))
        with self._lock:
            answer = self._interned.setdefault(shape, Answer(*shape))  # a bulk run has a handful of shapes
            self._answers[key] = answer
            if len(self._answers) > self._kept:
                self._answers.popitem(last=False)
            return answer

    def __len__(self) -> int:
        return len(self._answers)


def _errored(result: cedarpy.AuthzResult) -> list[str]:
    return [e.split("`")[1] for e in result.diagnostics.errors if e.count("`") >= 2]


def _broken(policy: CompiledPolicy, errors: list[str], cedar_ids: list[str]) -> Denied:
    names = list(dict.fromkeys(policy.rules[i].id if i in policy.rules else i for i in cedar_ids))
    return Denied(
        reason=(
            "The policy could not be evaluated for this step, so it is denied; an admin should check "
            f"the policy ({'; '.join(errors)})."
        ),
        policies=names or [EVALUATION_ERROR],
    )


def _rules(policy: CompiledPolicy, results: list[Answer]) -> list[PolicyRule]:
    # Cedar reports its reasons as a set, in no fixed order; the policy file's order makes the same step
    # get the same decision, word for word, every time (an approver compares what two channels showed).
    cedar_ids = {i for r in results for i in r.reasons}
    return [rule for i, rule in policy.rules.items() if i in cedar_ids]


def _ids(policy: CompiledPolicy, results: list[Answer]) -> list[str]:
    return list(dict.fromkeys(r.id for r in _rules(policy, results)))


def _reasons(policy: CompiledPolicy, results: list[Answer]) -> str:
    return " ".join(dict.fromkeys(r.reason for r in _rules(policy, results)))


def _forbidden(policy: CompiledPolicy, result: Answer) -> Denied | None:
    """The denial the forbids behind `result` give, in their words; None when no forbid applied."""
    forbids = [r for r in _rules(policy, [result]) if r.effect == "forbid"]
    if not forbids:
        return None
    return Denied(
        reason=" ".join(dict.fromkeys(r.reason for r in forbids)),
        policies=list(dict.fromkeys(r.id for r in forbids)),
    )


def _refused(policy: CompiledPolicy, result: Answer, label: str, change: str) -> Denied:
    return _forbidden(policy, result) or Denied(
        reason=f"No policy lets you ask for this ({label}, {change}); ask an admin.",
        policies=[DEFAULT_DENY],
    )


def _nobody_approves(
    policy: CompiledPolicy,
    run: Answer,
    action: str,
    found: list[str],
    barred: Sequence[str] = (),
    left_out: Sequence[str] = (),
) -> Denied:
    """Denied, naming the approvers the policy wants for `action` and why none of them qualifies (`barred`:
    the candidates a forbid turned away, each with its reason; `left_out`: those routing left out because
    they read the mail a forwarding sends on)."""
    barred = [*left_out, *barred]
    wanted = policy.approval_rules.get(action, ())
    wants = (
        f"Who may approve, per the policy: {' / '.join(w.rstrip('.') for w in wanted)}."
        if wanted
        else f"No policy lets anyone approve a {ACTIONS[action].label} step."
    )
    forbidden = _forbidden(policy, run)
    if forbidden is not None and left_out:
        # The forbid says who must approve; the readers left out are why nobody is left to (red team 35:
        # a join whose member's rules could not be read said only "a second admin approves").
        return Denied(
            reason=f"{forbidden.reason.rstrip('.')}; no one may approve it ({'; '.join(left_out)}).",
            policies=[*forbidden.policies, FORWARDED_READER],
        )
    return forbidden or Denied(
        reason=f"This needs an approval, but no one may approve it. {wants} Looked for "
        f"{'; '.join(found)}; the policy lets none of them approve this step"
        + (f" ({'; '.join(barred)})." if barred else "."),
        policies=[NO_APPROVER, FORWARDED_READER] if left_out else [NO_APPROVER],
    )
