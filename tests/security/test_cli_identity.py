"""Hole 11: on a real tenant the CLI must not believe `--as`. Whoever runs it acts as the person signed in.

Contoso (a non-demo tenant served by its own emulator): Bruno asks for Send As on help@, a shared
mailbox owned by Chen, so Chen's approval is needed. Each attack below must leave the request waiting and
the mailbox unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailwarden.emulator.seed import contoso
from mailwarden.emulator.serve import TENANT_FILE
from mailwarden.emulator.state import Recipient, TenantState
from mailwarden.tenants.credentials import Keyring
from mailwarden.tenants.signin import cache_path
from mailwarden.testing import RunningEmulator, running_emulator
from tests.cli.conftest import Cli
from tests.cli.signin import login, quick_polling
from tests.cli.test_login import connect, forged_id_token, sealed_cache

LOGIN_HINT = "mailwarden login --tenant contoso"
NOT_SIGNED_IN = "not signed in to contoso: run mailwarden login --tenant contoso"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """The real `mailwarden` app in process, in a temporary home."""
    return Cli(tmp_path / "home")


@pytest.fixture(scope="module")
def contoso_em(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    state_dir = tmp_path_factory.mktemp("contoso-identity")
    TenantState.load_or_create(state_dir / TENANT_FILE, contoso)
    with running_emulator(state_dir) as em:
        quick_polling(em)
        yield em


@pytest.fixture
def contoso_state(contoso_em: RunningEmulator) -> Iterator[TenantState]:
    with contoso_em.state.snapshot():
        yield contoso_em.state


@pytest.fixture
def waiting(cli: Cli, contoso_em: RunningEmulator, contoso_state: TenantState, tmp_path: Path) -> str:
    """Contoso connected; Bruno signed in and asked for Send As on help@: the request waits for Chen."""
    connect(cli, contoso_em, tmp_path)
    assert login(cli.home, contoso_em, "contoso", "bruno@contoso.com")[0] == 0
    code, out, err = cli(
        "do", "send_as", "grant", "--mailbox", "help@contoso.com", "--trustee", "bruno@contoso.com",
        "--yes", "--tenant", "contoso", "--json",
    )  # fmt: skip
    assert code == 0, err + out
    view = json.loads(out)
    assert view["state"] == "pending_approval"
    assert view["requester"] == "bruno@contoso.com"
    return str(view["request_id"])


def send_as(state: TenantState, mailbox: str) -> list[str]:
    found = state.by_address(mailbox)
    assert found is not None
    return list(found.send_as)


def state_of(cli: Cli, request_id: str) -> Any:
    return cli.json("requests", "show", request_id, "--tenant", "contoso")["state"]  # type: ignore[index]


def test_as_is_refused_on_a_connected_tenant(cli: Cli, waiting: str, contoso_state: TenantState) -> None:
    """`requests approve --as chen` on Contoso is refused, naming login; nothing is approved."""
    code, _, err = cli("requests", "approve", waiting, "--tenant", "contoso", "--as", "chen@contoso.com")
    assert code == 1
    assert LOGIN_HINT in err
    assert state_of(cli, waiting) == "pending_approval"
    assert send_as(contoso_state, "help@contoso.com") == []


@pytest.mark.parametrize(
    "command",
    [
        ("do", "send_as", "grant", "--mailbox", "help@contoso.com", "--trustee", "dana@contoso.com", "--yes"),
        ("ask", "--yes", "--", "give dana send as on help@contoso.com"),
        ("plan", "--", "give dana send as on help@contoso.com"),
        ("view", "shared-mailboxes"),
        ("report", "delegations"),
        ("requests", "list"),
        ("requests", "deny", "00000000"),
        ("requests", "cancel", "00000000"),
        ("requests", "confirm", "00000000"),
        ("requests", "undo", "00000000", "--yes"),
        ("tenant", "targets", "--sensitive", "help@contoso.com"),
    ],
)
def test_every_acting_command_refuses_as_elsewhere_than_the_demo(
    cli: Cli,
    contoso_em: RunningEmulator,
    contoso_state: TenantState,
    tmp_path: Path,
    command: tuple[str, ...],
) -> None:
    """Each command that acts as someone refuses --as on a connected tenant and changes nothing."""
    connect(cli, contoso_em, tmp_path)
    journal = len(contoso_state.data.journal)
    options = ("--tenant", "contoso", "--as", "ada@contoso.com")
    cut = command.index("--") if "--" in command else len(command)
    code, _, err = cli(*command[:cut], *options, *command[cut:])
    assert code != 0, command
    assert LOGIN_HINT in err
    assert len(contoso_state.data.journal) == journal


def test_policy_set_refuses_as_and_anyone_but_an_admin(
    cli: Cli, contoso_em: RunningEmulator, contoso_state: TenantState, tmp_path: Path
) -> None:
    """A policy change on Contoso needs its signed-in admin: --as, nobody, and an employee are refused."""
    connect(cli, contoso_em, tmp_path)
    code, policy, _ = cli("policy", "show", "--tenant", "contoso")
    assert code == 0
    file = tmp_path / "policy.cedar"
    file.write_text(policy)
    code, _, err = cli("policy", "set", str(file), "--tenant", "contoso", "--as", "ada@contoso.com")
    assert code == 1
    assert LOGIN_HINT in err
    code, _, err = cli("policy", "set", str(file), "--tenant", "contoso")
    assert code == 1
    assert NOT_SIGNED_IN in err
    assert login(cli.home, contoso_em, "contoso", "chen@contoso.com")[0] == 0
    code, _, err = cli("policy", "set", str(file), "--tenant", "contoso")
    assert code == 1
    assert "Only an admin" in err
    assert login(cli.home, contoso_em, "contoso", "ada@contoso.com")[0] == 0
    code, _, err = cli("policy", "set", str(file), "--tenant", "contoso")
    assert code == 0, err
    audit = cli.json("audit", "list", "--tenant", "contoso")
    assert any(r["event"] == "policy.set" and r["actor"] == "ada@contoso.com" for r in audit)  # type: ignore[union-attr]


def test_only_the_signed_in_approver_who_is_eligible_can_approve(
    cli: Cli, waiting: str, contoso_em: RunningEmulator, contoso_state: TenantState
) -> None:
    """Bruno (the requester) and Dana (not an owner) cannot approve; Chen, signed in, can, and it runs."""
    code, _, err = cli("requests", "approve", waiting, "--tenant", "contoso")
    assert code == 1, "the requester approved his own request"
    assert login(cli.home, contoso_em, "contoso", "dana@contoso.com")[0] == 0
    code, _, err = cli("requests", "approve", waiting, "--tenant", "contoso")
    assert code == 1, "someone who may not approve did"
    assert send_as(contoso_state, "help@contoso.com") == []

    assert login(cli.home, contoso_em, "contoso", "chen@contoso.com")[0] == 0
    code, out, err = cli("requests", "approve", waiting, "--tenant", "contoso", "--json")
    assert code == 0, err
    view = json.loads(out)
    assert view["state"] == "completed"
    assert any(a["approver"] == "chen@contoso.com" for a in view["approvals"])
    bruno = contoso_state.by_address("bruno@contoso.com")
    assert bruno is not None
    assert send_as(contoso_state, "help@contoso.com") == [bruno.id]


def test_logged_out_nobody_acts(cli: Cli, waiting: str) -> None:
    """After logout every acting command refuses with the sign-in message."""
    assert cli("logout", "--tenant", "contoso")[0] == 0
    code, _, err = cli("requests", "approve", waiting, "--tenant", "contoso")
    assert code == 1
    assert NOT_SIGNED_IN in err


def test_a_forged_or_altered_sign_in_is_refused(
    cli: Cli, waiting: str, contoso_em: RunningEmulator, contoso_state: TenantState
) -> None:
    """A cache re-sealed with an id token for Chen the tenant never signed, or bytes flipped, is nobody."""
    home = cli.home
    body = sealed_cache(home)
    chen = contoso_state.by_address("chen@contoso.com")
    assert chen is not None
    for entry in body["IdToken"].values():
        entry["secret"] = forged_id_token(contoso_em, chen.id)
    cache_path(home, "contoso").write_bytes(Keyring.for_home(home).encrypt(json.dumps(body).encode()))
    code, _, err = cli("requests", "approve", waiting, "--tenant", "contoso")
    assert code == 1
    assert NOT_SIGNED_IN in err
    assert "does not verify" in err

    raw = bytearray(cache_path(home, "contoso").read_bytes())
    raw[len(raw) // 2] ^= 0x01
    cache_path(home, "contoso").write_bytes(bytes(raw))
    code, _, err = cli("requests", "approve", waiting, "--tenant", "contoso")
    assert code == 1
    assert NOT_SIGNED_IN in err
    assert state_of_or_none(cli, waiting) is None  # nobody can even look at it now
    assert send_as(contoso_state, "help@contoso.com") == []


def state_of_or_none(cli: Cli, request_id: str) -> str | None:
    code, out, _ = cli("requests", "show", request_id, "--tenant", "contoso", "--json")
    return json.loads(out)["state"] if code == 0 else None


def test_identity_is_the_object_id_not_a_name_another_account_shares(
    cli: Cli, waiting: str, contoso_em: RunningEmulator, contoso_state: TenantState
) -> None:
    """An account whose UPN is Chen's secondary address signs in as itself, not Chen: it may not approve."""
    with contoso_state.transaction():
        chen = contoso_state.by_address("chen@contoso.com")
        assert chen is not None
        chen.email_addresses.append("smtp:help-approver@contoso.com")
        contoso_state.data.recipients["7e1f0000-0000-4000-8000-000000000011"] = Recipient(
            id="7e1f0000-0000-4000-8000-000000000011",
            kind="UserMailbox",
            display_name="Newcomer",
            alias="newcomer",
            primary_smtp="newcomer@contoso.com",
            email_addresses=["SMTP:newcomer@contoso.com"],
            user_principal_name="help-approver@contoso.com",
        )
        contoso_state.reindex()
    assert login(cli.home, contoso_em, "contoso", "help-approver@contoso.com")[0] == 0
    me = cli.json("whoami", "--tenant", "contoso")
    assert me["oid"] == "7e1f0000-0000-4000-8000-000000000011"  # type: ignore[index]
    code, _, _ = cli("requests", "approve", waiting, "--tenant", "contoso")
    assert code == 1
    assert send_as(contoso_state, "help@contoso.com") == []


def test_an_operator_whose_account_became_a_shared_mailbox_acts_no_more(
    cli: Cli, waiting: str, contoso_em: RunningEmulator, contoso_state: TenantState
) -> None:
    """Chen signs in; another admin then converts his mailbox to a shared one. The kind is read live, so he
    can no longer approve (nor ask for anything): a shared mailbox is nobody's voice."""
    assert login(cli.home, contoso_em, "contoso", "chen@contoso.com")[0] == 0
    chen = contoso_state.by_address("chen@contoso.com")
    assert chen is not None
    with contoso_state.transaction():
        chen.kind = "SharedMailbox"
        contoso_state.mark_dirty()
    code, out, err = cli("requests", "approve", waiting, "--tenant", "contoso", "--reason", "ok")
    assert code != 0
    assert "not a person of the organisation" in err + out
    assert send_as(contoso_state, "help@contoso.com") == []
    assert login(cli.home, contoso_em, "contoso", "bruno@contoso.com")[0] == 0
    assert state_of(cli, waiting) == "pending_approval"
