"""/api/v1/policy: the tenant's policy (Cedar) as code: show it, validate a candidate text (admins only)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from mailwarden.api.auth import Principal
from mailwarden.api.deps import admin_only
from mailwarden.api.routes.common import PROBLEMS, Reader, RuntimeDep
from mailwarden.policy.compare import compare_with_default
from mailwarden.policy.engine import CompiledPolicy, compile_policy

router = APIRouter(prefix="/policy", tags=["policy"], responses=PROBLEMS)

Admin = Annotated[Principal, Depends(admin_only)]


class Rule(BaseModel):
    id: str
    effect: str
    reason: str
    guardrail: bool = False
    """A built-in guardrail, evaluated with every tenant's policy; no policy text removes it."""


class PolicyShown(BaseModel):
    tenant: str
    source: Literal["default", "tenant"]
    """"default": the shipped default, which the tenant follows as it is updated (none set, or the text
    stored was the then-current default); "tenant": the tenant's own policy, decided as written."""
    said: str
    """`source` in words, as `policy show` says it."""
    rules: list[Rule]
    text: str
    """The tenant's policy as written, without the guardrails (GET /policy rules lists them)."""
    warnings: list[str] = Field(default_factory=list)
    """What the tenant's stored policy lacks of the current default, or what of it a guardrail replaces."""


class PolicyText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=200_000)


class Validation(BaseModel):
    valid: bool
    rules: list[Rule]
    warnings: list[str] = Field(default_factory=list)
    """What the text lacks of the current default, and its rules a guardrail of the same @id replaces (a
    forbid written there does not apply): said before the text is set, not only after."""


def _rules(policy: CompiledPolicy) -> list[Rule]:
    return [
        Rule(id=r.id, effect=r.effect, reason=r.reason, guardrail=r.guardrail) for r in policy.rules.values()
    ]


@router.get("")
def show(runtime: RuntimeDep, who: Reader, admin: Admin) -> PolicyShown:
    """The policy in force for the tenant (the default policy until an admin sets one)."""
    store = runtime.workspace.policies
    text, default = store.text(runtime.tenant_key), store.is_default(runtime.tenant_key)
    return PolicyShown(
        tenant=runtime.tenant_key,
        source="default" if default else "tenant",
        said=store.source(runtime.tenant_key),
        rules=_rules(compile_policy(text)),
        text=text,
        warnings=compare_with_default(text, is_default=default).warnings(),
    )


@router.post("/validate")
def validate(body: PolicyText, runtime: RuntimeDep, who: Reader, admin: Admin) -> Validation:
    """Check a policy text against the schema (parses, validates, every policy has @id and @reason);
    a 422 problem lists what is wrong. Nothing is changed."""
    return Validation(
        valid=True,
        rules=_rules(compile_policy(body.text)),
        warnings=compare_with_default(body.text).warnings(),
    )
