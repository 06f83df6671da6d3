"""`mailwarden do`: structured changes against the embedded demo tenant."""

from __future__ import annotations

import re

from tests.cli.conftest import Cli

SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"
SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
TOM = "12744b96-d6e1-517b-b0ea-020dbb08da36"


def test_granting_send_as_changes_the_tenant_and_a_repeat_says_already(cli: Cli) -> None:
    """A confirmed grant lands in the tenant; the same command again changes nothing and says so."""
    code, out, _ = cli(
        "do", "send_as", "grant", "--mailbox", "helpdesk@acme.com", "--trustee", "Sarah Connor", "--yes"
    )
    assert code == 0
    assert "applied" in out
    assert SARAH in cli.tenant().recipients[SUPPORT].send_as
    journal = len(cli.tenant().journal)

    code, out, _ = cli(
        "do", "send_as", "grant", "--mailbox", "support@acme.com", "--trustee", "sarah@acme.com", "--yes"
    )
    assert code == 0
    assert "already" in out
    assert len(cli.tenant().journal) == journal


def test_declining_the_confirmation_changes_nothing(cli: Cli) -> None:
    """Answering no at the prompt leaves the tenant as it was."""
    code, out, _ = cli(
        "do", "send_as", "grant", "--mailbox", "support@acme.com", "--trustee", "sarah@acme.com", input="n\n"
    )
    assert code == 1
    assert "Nothing changed" in out
    assert SARAH not in cli.tenant().recipients[SUPPORT].send_as


def test_a_declined_preview_is_not_stored_as_a_request(cli: Cli) -> None:
    """A preview the requester says no to leaves no request behind (not even a cancelled one)."""
    code, _, _ = cli(
        "do", "send_as", "grant", "--mailbox", "support@acme.com", "--trustee", "sarah@acme.com", input="n\n"
    )
    assert code == 1
    assert cli.json("requests", "list") == []


def test_an_ambiguous_name_lists_the_candidates_instead_of_guessing(cli: Cli) -> None:
    """Two people are called Alex Kim: the command names both and changes nothing."""
    code, _, err = cli(
        "do", "mailbox_delegation", "grant", "--mailbox", "support@acme.com", "--trustee", "Alex Kim", "--yes"
    )
    assert code == 1
    assert "alex.kim@acme.com" in err
    assert "alexander.kim@acme.co.uk" in err
    assert "Traceback" not in err


def test_bad_input_gets_a_one_line_error_not_a_traceback(cli: Cli) -> None:
    """Unknown people, unknown actions and missing options each say what was wrong."""
    code, _, err = cli(
        "do", "send_as", "grant", "--mailbox", "support@acme.com", "--trustee", "nobody@acme.com", "--yes"
    )
    assert code == 1
    assert "nobody@acme.com" in err
    code, _, err = cli("do", "teleport", "grant", "--yes")
    assert code == 1
    assert "not a change mailwarden makes" in err
    code, _, err = cli("do", "send_as", "grant", "--mailbox", "support@acme.com", "--yes")
    assert code == 1
    assert "--trustee" in err
    code, _, err = cli(
        "do",
        "send_as",
        "grant",
        "--mailbox",
        "support@acme.com",
        "--trustee",
        "sarah@acme.com",
        "--expires",
        "yesterday",
        "--yes",
    )
    assert code == 1
    assert "--expires" in err


def test_a_refused_step_exits_non_zero_with_the_reason(cli: Cli) -> None:
    """Granting to a disabled account is refused with the reason, and nothing is written."""
    code, out, _ = cli(
        "do", "send_as", "grant", "--mailbox", "support@acme.com", "--trustee", "pat.gone@acme.com", "--yes"
    )
    assert code == 1
    assert "disabled" in out


def test_creating_a_list_updates_the_cache_so_it_can_be_used_at_once(cli: Cli) -> None:
    """A list created by mailwarden can be named in the very next command without a new discovery."""
    code, out, err = cli(
        "do",
        "distribution_list_lifecycle",
        "create",
        "--group",
        "field-sales@acme.com",
        "--display-name",
        "Field Sales",
        "--members",
        "john@acme.com",
        "--yes",
    )
    assert code == 0, out + err
    code, out, err = cli(
        "do",
        "distribution_list_membership",
        "add",
        "--group",
        "Field Sales",
        "--member",
        "emma.wilson@acme.com",
        "--yes",
    )
    assert code == 0, out + err
    created = next(r for r in cli.tenant().recipients.values() if r.primary_smtp == "field-sales@acme.com")
    assert len(created.members) == 2


def test_an_absurd_expiry_is_a_one_line_error(cli: Cli) -> None:
    """A duration past the calendar's end, or over a year, is refused in words, not with a traceback."""
    for value in ("99999999d", "400d"):
        code, _, err = cli(
            "do", "send_as", "grant", "--mailbox", "support@", "--trustee", "me", "--expires", value
        )
        assert code == 1
        assert "--expires" in err
        assert "at most a year" in err


def test_someone_disabled_since_discovery_is_denied_at_once(cli: Cli) -> None:
    """The cache still shows Tom enabled; the tenant says otherwise, and his request is denied."""
    code, _, err = cli("tenant", "discover")
    assert code == 0, err
    from mailwarden.emulator.state import TenantState

    state = TenantState.load_or_create(cli.home / "emulator" / "tenant.json", lambda: None)
    with state.transaction():
        tom = state.find("tom.becker@acme.com")
        assert tom is not None
        tom.account_enabled = False
        state.mark_dirty()
    code, out, _ = cli(
        "do",
        "send_as",
        "grant",
        "--mailbox",
        "support@",
        "--trustee",
        "me",
        "--as",
        "tom.becker@acme.com",
        "--yes",
    )
    assert code == 1
    assert "disabled" in out
    assert TOM not in cli.tenant().recipients[SUPPORT].send_as


def test_a_time_bound_list_add_shows_its_end_in_the_preview_and_the_request(cli: Cli) -> None:
    """`do ... add --expires 3d`: the preview and the stored request both say until when the member stays."""
    code, out, err = cli(
        "do",
        "distribution_list_membership",
        "add",
        "--group",
        "contractors@acme.com",
        "--member",
        "tom.becker@acme.com",
        "--expires",
        "3d",
        "--yes",
    )
    assert code == 0, err
    end = re.search(r"until \d{4}-\d\d-\d\d \d\d:\d\d UTC", out)
    assert end is not None, out
    [listed] = cli.json("requests", "list")
    assert isinstance(listed, dict)
    code, shown, _ = cli("requests", "show", str(listed["request_id"]))
    assert code == 0
    assert end.group(0) in shown
    contractors = next(
        r for r in cli.tenant().recipients.values() if r.primary_smtp == "contractors@acme.com"
    )
    assert TOM in contractors.members
