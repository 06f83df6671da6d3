"""Red team 26: a tenant rule that reuses a guardrail's @id is dropped for the guardrail (policy/engine.py),
so a stricter forbid an admin writes under that @id does not apply. `policy set`, `policy show`, GET /policy
and the health page say so; POST /api/v1/policy/validate, where an admin checks a text before setting it,
answered only "valid" and listed the rules without it, so the forbid vanished without a word."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.served import ServedApp
from tests.policy.test_cli import home, invoke

__all__ = ["home"]  # the fixture

STRICTER = """
@id("forward-inside-only")
@reason("Mail is forwarded to a person inside the organisation only, never to a shared mailbox or a list.")
forbid (principal, action in Action::"email_forwarding_internal", resource)
when {
  context.change == "set" &&
  !(context has subject && context.subject.internal && context.subject.kind == "user")
};

@id("admin-requests")
@reason("Admins may ask for any change.")
permit (principal, action in Action::"request", resource)
when { principal.role == "admin" };
"""


def test_validate_says_a_rule_under_a_guardrails_id_does_not_apply(web: ServedApp) -> None:
    grace = web.sign_in("grace.hopper@acme.com")
    answer = grace.post("/api/v1/policy/validate", json={"text": STRICTER})
    assert answer.status_code == 200, answer.text
    warnings = answer.json().get("warnings", [])
    assert any("forward-inside-only" in w and "do not apply" in w for w in warnings), answer.json()


def test_the_cli_validate_says_so_too(tmp_path: Path, home: Path) -> None:
    mine = tmp_path / "stricter.cedar"
    mine.write_text(STRICTER, encoding="utf-8")
    said = invoke("validate", str(mine), "--json")
    assert said.exit_code == 0, said.stdout
    warnings = json.loads(said.stdout)["warnings"]
    assert any("forward-inside-only" in w and "do not apply" in w for w in warnings), warnings
    assert "forward-inside-only" in invoke("validate", str(mine)).stderr
