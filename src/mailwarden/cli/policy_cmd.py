"""`mailwarden policy show | diff | validate FILE | test CASES | set FILE`: a tenant's policy as code.

A tenant's policy is a Cedar file (the default until an admin sets one). `validate` checks a file against
the schema, `test` runs a YAML file of cases against a policy, and `set` puts a valid file in force and
records the change, old and new text, in the audit log. The built-in guardrails (policy/guardrails.cedar)
are evaluated with every policy and no file can remove them; `show` names them and `diff` says what a
stored policy lacks of the current default.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError
from mailwarden.policy.cases import load_cases, run_cases
from mailwarden.policy.compare import PolicyComparison, compare_with_default
from mailwarden.policy.engine import GUARDRAILS, SCHEMA_TEXT, CompiledPolicy, PolicyEngine, compile_policy
from mailwarden.policy.entities import Org
from mailwarden.policy.roles import admin_ids, demo_admins
from mailwarden.tenants.audited import audited_change
from mailwarden.workspace import DEMO_TENANT, Workspace, run

from .common import AsOption, JsonOption, TenantOption, console, errors, handles_errors, print_json
from .session import operator_actor

if TYPE_CHECKING:
    from mailwarden.policy.store import PolicyChange

__all__ = ["app"]

app = typer.Typer(
    name="policy",
    help="Read, check, test and change a tenant's policy (Cedar).",
    no_args_is_help=True,
)

FileArgument = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="A Cedar policy file.")
]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}") from None


def _summary(policy: CompiledPolicy) -> str:
    effects = [r.effect for r in policy.rules.values() if not r.guardrail]
    return (
        f"{len(effects)} policies ({effects.count('permit')} permit, {effects.count('forbid')} forbid), "
        f"with the {len(policy.guardrail_ids())} built-in guardrails"
    )


def _rules_json(policy: CompiledPolicy) -> list[dict[str, str | bool]]:
    return [
        {"id": r.id, "effect": r.effect, "reason": r.reason, "guardrail": r.guardrail}
        for r in policy.rules.values()
    ]


def _stored(tenant: str) -> tuple[str, bool, str]:
    """The tenant's policy text, whether it is the default (following its updates) and what it is, said
    for `show`."""
    workspace = Workspace.open()
    try:
        workspace.tenant_record(tenant)
        store = workspace.policies
        return store.text(tenant), store.is_default(tenant), store.source(tenant)
    finally:
        workspace.close()


def _say_guardrails(compared: PolicyComparison) -> None:
    errors.print(
        "[dim]Built-in guardrails, evaluated with this policy; no policy can remove or override them: "
        f"{', '.join(compared.guardrails)} (`mailwarden policy show --guardrails`)[/]",
        highlight=False,
    )
    for warning in compared.warnings():
        errors.print(f"[yellow]warning:[/] {warning}", highlight=False)


@app.command("show")
@handles_errors
def show(
    tenant: TenantOption = DEMO_TENANT,
    schema: Annotated[
        bool, typer.Option("--schema", help="Show the schema policies are written against.")
    ] = False,
    guardrails: Annotated[
        bool,
        typer.Option("--guardrails", help="Show the built-in guardrails evaluated with every policy."),
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Show the tenant's policy (the default policy until an admin sets one) and the guardrails beside it."""
    if schema or guardrails:
        console.print(SCHEMA_TEXT if schema else GUARDRAILS, highlight=False, markup=False, end="")
        return
    text, default, source = _stored(tenant)
    compared = compare_with_default(text, is_default=default)
    if json_out:
        print_json(
            {
                "tenant": tenant,
                "source": "default" if default else "tenant",
                "follows_default": default,
                "said": source,
                "rules": _rules_json(compile_policy(text)),
                "guardrails": compared.guardrails,
                "warnings": compared.warnings(),
                "text": text,
            }
        )
        return
    errors.print(f"[dim]Policy of tenant {tenant!r}: {source}[/]", highlight=False)
    _say_guardrails(compared)
    console.print(text, highlight=False, markup=False, end="" if text.endswith("\n") else "\n")


@app.command("diff")
@handles_errors
def diff(
    tenant: TenantOption = DEMO_TENANT,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", exists=True, dir_okay=False, help="Compare this file instead of the tenant's."
        ),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Compare the tenant's policy (or a file) with the current default policy, rule by rule (@id)."""
    if file is not None:
        text, default = _read(file), False
    else:
        text, default, _ = _stored(tenant)
    compared = compare_with_default(text, is_default=default)
    if json_out:
        print_json({"tenant": tenant, "file": str(file) if file else None, **compared.to_json()})
        return
    if default:
        console.print(f"Tenant {tenant!r} uses the default policy: nothing differs.", highlight=False)
    table = Table("", "@id", show_header=False, box=None)
    for mark, ids in (
        ("[yellow]lacks[/]", compared.lacks),
        ("[cyan]own[/]", compared.own),
        ("[cyan]changed[/]", compared.changed),
        ("[dim]replaced by guardrail[/]", compared.superseded),
    ):
        for rule_id in ids:
            table.add_row(mark, rule_id)
    if table.row_count:
        console.print(table)
    elif not default:
        console.print("The same rules as the current default policy.", highlight=False)
    _say_guardrails(compared)


@app.command("validate")
@handles_errors
def validate(file: FileArgument, json_out: JsonOption = False) -> None:
    """Check a policy file against the schema: it parses, validates, and every policy has @id and @reason."""
    text = _read(file)
    policy = compile_policy(text)
    compared = compare_with_default(text)
    if json_out:
        print_json({"valid": True, "rules": _rules_json(policy), "warnings": compared.warnings()})
        return
    console.print(f"[green]valid[/]: {file} — {_summary(policy)}", highlight=False)
    _say_guardrails(compared)


@app.command("test")
@handles_errors
def run_tests(
    cases: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A YAML file of cases.")],
    tenant: TenantOption = DEMO_TENANT,
    policy: Annotated[
        Path | None, typer.Option("--policy", help="Test this policy file instead of the tenant's.")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Run a YAML file of cases (requester, step, expected decision) against the tenant's policy."""
    case_file = load_cases(_read(cases), source=str(cases))
    workspace = Workspace.open()
    try:
        workspace.tenant_record(tenant)
        engine = PolicyEngine(_read(policy)) if policy else workspace.policies.engine(tenant)
        directory = _directory(workspace, tenant)
    finally:
        workspace.close()
    if case_file.admins is not None:
        admins = admin_ids(directory, case_file.admins)
    elif tenant == DEMO_TENANT:
        admins = demo_admins(directory)
    else:
        raise ConfigError(f"{cases} names no admins; list them under 'admins:' for tenant {tenant!r}.")
    org = Org(directory, admins=admins, sensitive=admin_ids(directory, case_file.sensitive))
    results = run_cases(engine, org, case_file)
    failed = [r for r in results if not r.passed]
    if json_out:
        print_json(
            {
                "passed": len(results) - len(failed),
                "failed": len(failed),
                "cases": [
                    {
                        "name": r.case.name,
                        "passed": r.passed,
                        "problem": r.problem,
                        "decision": r.decision.model_dump(mode="json"),
                    }
                    for r in results
                ],
            }
        )
    else:
        table = Table("", "case", "decision", show_header=False, box=None)
        for r in results:
            mark = "[green]pass[/]" if r.passed else "[bold red]FAIL[/]"
            table.add_row(mark, r.case.name, r.problem or r.decision.outcome)
        console.print(table)
        console.print(f"{len(results) - len(failed)} passed, {len(failed)} failed", highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command("set")
@handles_errors
def set_policy(file: FileArgument, tenant: TenantOption = DEMO_TENANT, as_: AsOption = None) -> None:
    """Put a policy file in force for the tenant, once it validates; the change is audited."""
    text = _read(file)
    workspace = Workspace.open()
    try:
        workspace.tenant_record(tenant)
        actor = operator_actor(workspace, tenant, as_, changing="its policy")
        change = workspace.policies.change(tenant, text)
        audited = _set_audited(workspace, tenant, actor, change)
    finally:
        workspace.close()
    what = "unchanged (the same text)" if not change.changed else "replaced"
    console.print(
        f"Policy of tenant {tenant!r} {what}: {change.where} — {_summary(change.policy)}", highlight=False
    )
    console.print(f"Stored as {_provenance(change)}.", highlight=False)
    _say_guardrails(compare_with_default(text))
    if not audited:
        errors.print(
            "[yellow]note:[/] the audit log is not available in this version; the change was not audited."
        )


def _provenance(change: PolicyChange) -> str:
    """What the stored text is from now on, said after `set`."""
    if change.follows_default:
        return "the shipped default: it follows updates of the default"
    if change.older_default:
        return (
            "your policy, as written: it is the text of an older shipped default, kept as you set it "
            "(it does not follow updates of the default; the warnings below say what it lacks)"
        )
    return "your policy, as written (it does not follow updates of the default)"


def _set_audited(workspace: Workspace, tenant: str, actor: str, change: PolicyChange) -> bool:
    """Store the policy change in the transaction of its audit record, with the provenance stored (both
    are committed or neither: red team 86 F1); False when this build has no audit log yet (then it is
    only stored)."""
    try:
        from mailwarden.audit import AuditLog
    except ImportError:
        with workspace.store.session() as session:
            workspace.policies.write(session, change)
        return False
    detail: dict[str, Any] = {
        "path": change.where,
        "changed": change.changed,
        # what the text stored is: "default" (the then-current shipped default, follows updates) or "own"
        "provenance": change.origin,
        "previous_provenance": change.old_origin,
        "older_default": change.older_default,
    }
    audited_change(
        AuditLog.from_settings(workspace.store, workspace.settings),
        lambda session: workspace.policies.write(session, change),
        tenant=tenant,
        event="policy.set",
        actor=actor,
        target="policy",
        before=change.old_text,
        after=change.new_text,
        detail=detail,
        checkpoint=True,
    )
    return True


def _directory(workspace: Workspace, tenant: str) -> Directory:
    """The tenant's cached directory, discovered first if it never was."""
    directory = workspace.directory(tenant)
    if len(directory):
        return directory

    async def discover() -> Directory:
        with workspace.connection(tenant) as connection:
            async with workspace.clients(connection) as clients:
                found: Directory = await workspace.ensure_directory(tenant, clients)
                return found

    result: Directory = run(discover())
    return result
