"""Attacks on resolution: text that looks like one recipient must never silently act on another.

Look-alike letters (Cyrillic 'о' for Latin 'o'), fullwidth forms, invisible characters, a name or address
of one person that equals another's, and recipients hidden from address lists.
"""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.directory import Directory, resolve
from mailwarden.emulator.state import TenantState
from mailwarden.errors import AmbiguousRecipient, RecipientNotFound
from mailwarden.model import Recipient, RecipientKind
from tests.conftest import discovered_context, settle
from tests.directory.conftest import acme_directory

SUPPORT = "support@acme.com"


def _with(*extra: Recipient, hidden: tuple[str, ...] = ()) -> Directory:
    """The Acme directory plus `extra` recipients, with the recipients at `hidden` hidden from lists."""
    base = acme_directory()
    marked = [r.model_copy(update={"hidden": True}) if r.primary_address in hidden else r for r in base]
    # The fixture's admin, as discovery reads her role.
    marked = [
        r.model_copy(update={"roles": ("Exchange Administrator",)}) if r.upn == "grace.hopper@acme.com" else r
        for r in marked
    ]
    return Directory([*marked, *extra], base.domains)


def _person(
    address: str, name: str, *, kind: RecipientKind = RecipientKind.USER, **more: object
) -> Recipient:
    return Recipient(
        recipient_id=f"00000000-0000-4000-8000-{abs(hash(address)) % 10**12:012d}",
        kind=kind,
        display_name=name,
        primary_address=address,
        **more,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def acme() -> Directory:
    return acme_directory()


def _candidates(exc: AmbiguousRecipient) -> list[str]:
    return [c.primary_address for c in exc.candidates]


# ---- look-alike letters ------------------------------------------------------------------------------


def test_a_cyrillic_letter_in_an_address_asks_instead_of_resolving(acme: Directory) -> None:
    """'suppоrt@acme.com' (Cyrillic о) is not support@: it becomes a question naming the real address."""
    with pytest.raises(AmbiguousRecipient) as caught:
        resolve(acme, "suppоrt@acme.com")

    assert _candidates(caught.value) == [SUPPORT]
    assert "CYRILLIC SMALL LETTER O" in str(caught.value)


def test_a_cyrillic_letter_in_a_name_is_not_taken_for_a_close_spelling(acme: Directory) -> None:
    """'Suppоrt' was accepted as a close spelling of Support; a look-alike letter now asks instead."""
    with pytest.raises(AmbiguousRecipient) as caught:
        resolve(acme, "Suppоrt")

    assert _candidates(caught.value) == [SUPPORT]


def test_a_decoy_whose_name_imitates_a_colleague_is_never_chosen_silently() -> None:
    """A guest named 'Sаrah Connor' (Cyrillic а): pasting that name asks between the decoy and Sarah."""
    decoy = _person("sarah@evil.example", "Sаrah Connor", kind=RecipientKind.GUEST)
    directory = _with(decoy)

    with pytest.raises(AmbiguousRecipient) as caught:
        resolve(directory, "Sаrah Connor")

    assert sorted(_candidates(caught.value)) == ["sarah@acme.com", "sarah@evil.example"]


def test_mixed_alphabets_that_imitate_nobody_fail_naming_the_letter(acme: Directory) -> None:
    """An address mixing alphabets that looks like no recipient fails, saying which letter is foreign."""
    with pytest.raises(RecipientNotFound) as caught:
        resolve(acme, "zоltan@acme.com")

    assert "mixes alphabets" in str(caught.value)
    assert "CYRILLIC SMALL LETTER O" in str(caught.value)


def test_fullwidth_letters_are_read_as_the_letters_they_are(acme: Directory) -> None:
    """NFKC: fullwidth 'ｓａｒａｈ＠ａｃｍｅ．ｃｏｍ' is sarah@acme.com, the recipient it shows."""
    assert resolve(acme, "ｓａｒａｈ＠ａｃｍｅ．ｃｏｍ").primary_address == "sarah@acme.com"


@pytest.mark.parametrize("invisible", ["\u200d", "\u200b", "\u2060", "\u202e", "\ufeff"])
def test_an_invisible_character_is_refused_with_a_clear_reason(acme: Directory, invisible: str) -> None:
    """Zero-width joiners, spaces and bidirectional overrides name nobody: refused, saying which one."""
    with pytest.raises(RecipientNotFound) as caught:
        resolve(acme, f"sa{invisible}rah@acme.com")

    assert f"invisible character (U+{ord(invisible):04X}" in str(caught.value)


def test_a_name_written_wholly_in_another_alphabet_still_resolves() -> None:
    """Look-alike checks do not refuse real names in other alphabets: 'Иван Петров' is Ivan."""
    ivan = _person("ivan.petrov@acme.com", "Иван Петров")
    assert resolve(_with(ivan), "Иван Петров").primary_address == "ivan.petrov@acme.com"


# ---- one person's name or address equal to another's ------------------------------------------------


def test_an_upn_equal_to_anothers_proxy_address_is_asked_about() -> None:
    """A new account whose UPN is Sarah's secondary address: neither silently wins; the requester is asked."""
    squatter = _person("mallory@acme.com", "Mallory", upn="sarah.connor@acme.com")
    with pytest.raises(AmbiguousRecipient) as caught:
        resolve(_with(squatter), "sarah.connor@acme.com")

    assert sorted(_candidates(caught.value)) == ["mallory@acme.com", "sarah@acme.com"]


def test_a_display_name_equal_to_an_address_never_captures_that_address() -> None:
    """A guest named 'jane.doe@acme.com': the address still names Jane, only Jane."""
    decoy = _person("jd@evil.example", "jane.doe@acme.com", kind=RecipientKind.GUEST)
    assert resolve(_with(decoy), "jane.doe@acme.com").primary_address == "jane.doe@acme.com"


def test_a_display_name_equal_to_anothers_alias_is_asked_about() -> None:
    """A contact named 'msmith' (Mike Smith's address msmith@): 'msmith' asks which one is meant."""
    decoy = _person("msmith@evil.example", "msmith", kind=RecipientKind.CONTACT)
    with pytest.raises(AmbiguousRecipient) as caught:
        resolve(_with(decoy), "msmith")

    assert sorted(_candidates(caught.value)) == ["mike.smith@acme.com", "msmith@evil.example"]


# ---- hidden recipients ------------------------------------------------------------------------------


def test_a_hidden_recipient_is_never_found_by_name_nor_suggested() -> None:
    """Hidden from address lists: no name, alias or close spelling finds Human Resources, even for admins."""
    directory = _with(hidden=("hr@acme.com",))
    grace = resolve(directory, "grace.hopper@acme.com")
    for reference in ("Human Resources", "hr", "hr@", "Human Resorces"):
        with pytest.raises(RecipientNotFound) as caught:
            resolve(directory, reference, requester=grace)
        assert "hr@acme.com" not in str(caught.value)


def test_a_hidden_recipient_is_named_by_exact_address_only_by_admins_and_those_it_concerns() -> None:
    """An admin, an owner or a member names a hidden recipient by its address; to others it does not exist."""
    directory = _with(hidden=("hr@acme.com", "all-hands@acme.com"))
    admin = resolve(directory, "grace.hopper@acme.com")
    owner = resolve(directory, "maria.garcia@acme.com")
    member = resolve(directory, "priya.patel@acme.com")
    stranger = resolve(directory, "mike.smith@acme.com")

    assert resolve(directory, "hr@acme.com", requester=admin).primary_address == "hr@acme.com"
    assert resolve(directory, "hr@acme.com", requester=owner).primary_address == "hr@acme.com"
    assert resolve(directory, "all-hands@acme.com", requester=member).primary_address == "all-hands@acme.com"
    with pytest.raises(RecipientNotFound) as caught:
        resolve(directory, "hr@acme.com", requester=stranger)
    assert str(caught.value).startswith("No recipient matches 'hr@acme.com'.")


def test_a_stored_steps_resolution_is_remembered_but_never_answers_a_requester() -> None:
    """A stored step is run naming its recipients exactly, with no requester, and a bulk request names
    the same list in every step: that answer is remembered per directory. It never answers for a requester
    (a hidden list found for a run is still unknown to a stranger), and a failure is asked again."""
    directory = _with(hidden=("hr@acme.com",))
    stranger = resolve(directory, "mike.smith@acme.com")
    for _ in range(2):
        assert resolve(directory, "hr@acme.com") is resolve(directory, "hr@acme.com")
        with pytest.raises(RecipientNotFound):
            resolve(directory, "hr@acme.com", requester=stranger)
        with pytest.raises(RecipientNotFound):
            resolve(directory, "nobody-here@acme.com")
    # Another directory (a later snapshot, where the address moved) is resolved on its own.
    moved = _with(hidden=("hr@acme.com",))
    assert resolve(moved, "hr@acme.com") is not resolve(directory, "hr@acme.com")
    assert resolve(moved, "hr@acme.com") == resolve(directory, "hr@acme.com")


@pytest.mark.anyio
async def test_discovery_learns_who_is_hidden_from_exchange(ctx: ActionContext, tenant: TenantState) -> None:
    """Info hidden through Set-Mailbox is read back by discovery: an employee no longer finds it by name."""
    await ctx.clients.exchange.set_mailbox("info@acme.com", HiddenFromAddressListsEnabled=True)
    settle(tenant)  # hidden a while before the discovery that reads it, not inside the reads' lag
    directory = (await discovered_context(ctx.clients)).directory
    info = directory.by_address("info@acme.com")
    assert info is not None
    assert info.hidden

    with pytest.raises(RecipientNotFound):
        resolve(directory, "Info", requester="mike.smith@acme.com")
    assert resolve(directory, "info@acme.com", requester="olivia.martin@acme.com").primary_address == (
        "info@acme.com"
    )
