"""Red team 11: text that looks like Rich markup, in the terminal. Names and reasons come from people and
from the tenant; the CLI printed them through Rich's markup, so a list named 'Partners [/]' crashed every
command that showed it (a traceback, for the admin too), and '[link=...]' hid where a link goes. They are
shown as they are now."""

from __future__ import annotations

from tests.cli.conftest import Cli

ADMIN = "grace.hopper@acme.com"
HOSTILE = "P [/] [link=https://evil.example]Approve[/link]"


def test_a_name_typed_with_markup_is_an_error_message_not_a_traceback(cli: Cli) -> None:
    code, out, err = cli(
        "do",
        "send_as",
        "grant",
        "--mailbox",
        "support@acme.com",
        "--trustee",
        "[/]",
        "--as",
        "tom.becker@acme.com",
    )
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert "[/]" in err


def test_a_list_named_with_markup_is_shown_as_named(cli: Cli) -> None:
    code, out, err = cli(
        "do",
        "distribution_list_lifecycle",
        "create",
        "--group",
        "partners@acme.com",
        "--display-name",
        HOSTILE,
        "--yes",
        "--as",
        ADMIN,
    )
    assert code == 0, out + err
    assert HOSTILE in out
    code, out, err = cli("requests", "list", "--as", ADMIN)
    assert code == 0, out + err
    assert "[/]" in out
    listed = cli.json("requests", "list", "--as", ADMIN, "--json")
    assert isinstance(listed, list)
    code, out, err = cli("requests", "show", str(listed[0]["request_id"]), "--as", ADMIN)
    assert code == 0, out + err
    assert "[link=https://evil.example]Approve[/link]" in out
    code, out, err = cli("view", "lists", "--as", ADMIN)
    assert code == 0, out + err
    assert "[/]" in out
