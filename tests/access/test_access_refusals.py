"""Who may ask why someone has access: admins anything; employees their own access and what they own."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Cli

TOM, JOHN, SARAH, ADMIN = "tom.becker@acme.com", "john@acme.com", "sarah@acme.com", "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "args",
    [
        ("--mailbox", "hr@acme.com"),
        ("--mailbox", "support@acme.com"),
        ("--person", "chris.lee@acme.com"),
        ("--group", "all-sales@acme.com"),
        ("--mailbox", "support@acme.com", "--person", "chris.lee@acme.com"),
    ],
)
def test_employee_is_refused_the_access_of_others_and_of_what_they_do_not_own(
    cli: Cli, args: tuple[str, ...]
) -> None:
    """Tom (not an admin, owns none of these) is refused, and the refusal names nobody who has access."""
    code, out, err = cli("report", "access", *args, "--as", TOM, "--format", "json")
    assert code == 1
    assert "ask an admin" in err
    assert out == ""
    assert "maria.garcia" not in err
    assert "chris.lee@acme.com (" not in err


def test_a_refusal_reads_nothing_from_the_tenant(cli: Cli) -> None:
    """The refusal comes before the tenant is read: the tenant's journal of reads is not touched."""
    code, _, err = cli("report", "access", "--mailbox", "hr@acme.com", "--as", TOM)
    assert code == 1
    assert "Traceback" not in err


def test_employee_sees_why_they_have_access(cli: Cli) -> None:
    """Tom may ask why he has access to support, and what he can open."""
    code, out, err = cli(
        "report", "access", "--mailbox", "support@acme.com", "--person", TOM, "--as", TOM, "--format", "json"
    )
    assert code == 0, err
    lines = json.loads(out)["lines"]
    assert {line["grant"]["holder_address"] for line in lines} == {TOM}
    assert {line["grant"]["kind"] for line in lines} == {"full_access"}
    code, out, err = cli("report", "access", "--person", TOM, "--as", TOM, "--format", "json")
    assert code == 0, err
    assert any(line["grant"]["resource_address"] == "support@acme.com" for line in json.loads(out)["lines"])


def test_owner_sees_who_has_access_to_what_they_own(cli: Cli) -> None:
    """Sarah owns support: she sees every delegate of it, Chris and Tom included."""
    code, out, err = cli(
        "report", "access", "--mailbox", "support@acme.com", "--as", SARAH, "--format", "json"
    )
    assert code == 0, err
    holders = {line["grant"]["holder_address"] for line in json.loads(out)["lines"]}
    assert {TOM, "chris.lee@acme.com"} <= holders


def test_admin_sees_any_mailbox(cli: Cli) -> None:
    """An admin may ask about hr, which nobody else here may."""
    code, out, err = cli("report", "access", "--mailbox", "hr@acme.com", "--as", ADMIN, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["lines"]


def test_nonsense_is_a_clear_error(cli: Cli) -> None:
    """No subject, or two resources, is a usage error that says what to do."""
    code, _, err = cli("report", "access", "--as", ADMIN)
    assert code == 1
    assert "--mailbox, --group or --person" in err
    code, _, err = cli("report", "access", "--mailbox", "support@acme.com", "--group", "all-sales@acme.com")
    assert code == 1
    assert "one resource at a time" in err
