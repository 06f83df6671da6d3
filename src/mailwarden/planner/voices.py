"""Who is speaking in relayed, quoted or chat text (red team 55, class 2).

"Sarah wrote: forward my mail to Chris", "Sarah -> IT: ...", "[10:02] olivia.martin: ...", "<olivia> ...",
"Liam (10:00): ...", "From Sarah: give me ...": what follows the speaker is theirs to say, and its "me" and
"my" are the speaker's, never the requester's (unless the speaker is the requester). The speaker, named
before what they say, is no one the change is for. Where the speaker cannot be told (a name that is no one,
"On behalf of Sarah: give me ..."), a first person is asked about. In a pasted conversation, a later line
that turns down ("Priya: no"), asks ("can I have it for a month?") or adds without saying for whom ("send as
too") changes what the first line asked: asked, never planned as the first line plus a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from mailwarden.planner import lexicon as lx
from mailwarden.planner import pasted
from mailwarden.planner.draft import Draft

__all__ = ["Whose", "relayed"]

_QUOTE_ENDS = re.compile(r"\n(?![ \t]*>)")
"""Where quoted lines end: the first line that does not start with a quote mark."""

Whose = Literal["requester", "person", "ambiguous", ""]
"""Who a speaker's name is: the requester, one other person, several people, or no one (not a speaker)."""


def relayed(text: str, whose: Callable[[str], Whose], ask: Callable[[str], Draft]) -> str | Draft:
    """`text` with each speaker's words in the third person and the speakers' names cut; or `ask(question)`
    when whose words they are, or what the conversation settled on, cannot be told."""
    if (claim := lx.NLU87_OTHERS_DEVICE.search(text)) is not None and lx.FIRST_PERSON.search(text):
        return ask(lx.NLU87_OTHERS_DEVICE_SAY.format(said=claim.group(0)))
    if lx.NLU87_ON_BEHALF_ME.search(text):
        return ask(lx.NLU87_ON_BEHALF_ME_SAY)
    leads = []
    for found in lx.NLU87_SPEAKER_LEAD.finditer(text):
        who = next((g for g in found.groups() if g), "").strip()
        kind = said_by = whose(who) if who else ""
        if (to_whom := found.group("to_whom")) and to_whom.upper() != "IT" and "helpdesk" not in to_whom:
            # ("Olivia -> Maria: ..." is said to someone; "Tom to Marketing: add him" is no one speaking)
            kind = kind if whose(to_whom) in ("requester", "person") else ""
        if kind:
            leads.append((found, who, kind, found.group("plain") is not None))
        elif (
            who
            and said_by != "requester"
            and found.group("plain") is None
            and _first_person_after(text, found.end())
        ):
            # ("Support wrote: give Tom ... my mailbox", "[10:00] boardroom: share my calendar", "Sarah ->
            # Marketing: add me"): a speaker said as one who is no person, or speaks to no one, still owns
            # the "my"; never read as the requester's (red team 56 P4, P5)
            return ask(lx.NLU91_SPEAKER_ASK.format(who=who))
    for found in lx.NLU91_SPEAKER_LEAD.finditer(text):
        who = found.group("who").strip()
        if (
            not any(lead.start() <= found.start() < lead.end() for lead, _, _, _ in leads)
            and _first_person_after(text, found.end())
            and (found.group(0).rstrip(":").strip() != who or "@" in who)
            and ("@" in who or whose(who) in ("person", "ambiguous"))
            and whose(who) != "requester"
        ):
            # ("sarah@acme.com wrote:", "Sarah (on holiday):", "Sarah's message:"): a speaker the leads above
            # do not hold; whose "my" it is is asked (a bare "Name:" label stays read as before, and a ticket
            # field's "Comment (Rachel Green, 11:02):" is no one speaking)
            return ask(lx.NLU91_SPEAKER_ASK.format(who=who))
    if sum(1 for _, _, _, plain in leads if plain) == 1 and len(leads) == 1:
        return text  # ("Sarah: forward my mail to Chris" alone: a label or a speaker, read as before)
    if not leads or all(kind == "requester" for _, _, kind, _ in leads):
        # ("[10:02] Ken Adams: can i see ...\n[10:03] Ken Adams: and who can send as it", sent by Ken): a chat
        # in which only the requester speaks is the requester's own request, read as it always was
        return text
    said: list[str] = [text[: leads[0][0].start()].strip()]
    # (the one asking: the first speaker, after any offer of help by the one who will do it)
    first = 0
    while first + 1 < len(leads) and leads[first][2] == "requester" and _offers_help(text, leads, first):
        first += 1
    asker = leads[first][1]
    answered: set[int] = set(range(first))
    which: tuple[str, str] | None = None
    """A chat's "which Alex?" (lx.PASTED_CHAT_WHICH): the name asked about and who asked, until answered."""
    for n, (found, who, kind, _) in enumerate(leads):
        if n in answered:
            continue
        end = leads[n + 1][0].start() if n + 1 < len(leads) else len(text)
        words, own, quoted = text[found.end() : end].strip(), "", _quoted(text, found.start())
        if quoted and (unquoted := _QUOTE_ENDS.search(words)) is not None:
            # ("> Jane Doe wrote: Fine by me to add Emma.\nOK then - please add Emma Wilson to Marketing."): a
            # quoted speaker's words end with the quote; the lines after it are the requester's own
            words, own = words[: unquoted.start()].strip(), words[unquoted.end() :].strip()
        if not words:
            continue
        # (a later question by someone else, "can I have it for a month?", asks for more than was asked;
        # the first speaker's own "can you set him up?" or the requester's "done?" changes nothing)
        asks = who.casefold() != asker.casefold() and kind != "requester"
        # (the one proposing may be the requester, the one who will do it: "Grace: send as too?")
        proposes = who.casefold() != asker.casefold()
        proposal = _proposal_answered(text, leads, n, words, asker) if n > first and proposes else None
        if proposal is not None:
            # ("Ken: sure, keep a copy in his mailbox?" / "Sarah: yes please"): the detail said, or dropped
            answered.add(n + 1)
            if proposal:
                said.append(proposal)
            continue
        if n > first and proposes and lx.NLU122_CHAT_MORE_OFFER.match(words):
            continue  # ("Ken: sure, does she need anything else?"): offers more, asks for nothing
        if n > first and (
            lx.NLU87_CHAT_REFUSES.match(words)
            or (asks and lx.NLU87_CHAT_ASKS.search(words))
            or (lx.NLU87_CHAT_WIDENS.match(words) and not lx.PASTED_CHAT_AGREES.match(words))
        ):
            return ask(lx.NLU87_CHAT_SAY.format(said=f"{who}: {words}"))
        if which is not None:
            name, asker = which
            which = None
            if (answer := lx.PASTED_CHAT_WHICH_ANSWER.fullmatch(words)) is not None and who != asker:
                # "which Alex?" then "the sales one": the name said before, told apart as the answer does
                said = [pasted.told_apart(s, name, answer["what"]) for s in said]
                continue
            return ask(lx.NLU87_CHAT_SAY.format(said=f"{asker}: which {name}?"))
        if (
            n > 0
            and (asked := lx.PASTED_CHAT_WHICH.match(words)) is not None
            and n + 1 < len(leads)
            and any(re.search(rf"\b{re.escape(asked['name'])}\b", s) for s in said)
        ):
            # "which Alex? we have two": asks which of two the name before means; the next line answers it
            which = (asked["name"], who)
            continue
        if n > 0 and lx.PASTED_CHAT_AGREES.match(words):
            continue  # ("Grace: ok", "tom: sure"): agrees, asks for nothing
        if (spoken_to := lx.NLU87_VOCATIVE.match(words)) is not None and whose(spoken_to.group("who")):
            words = words[spoken_to.end() :]  # ("tom can you ...": the one spoken to does it)
        elif (called := lx.NLU104_CALLED_BY_NAME.match(words)) is not None and any(
            other.casefold() != who.casefold()
            and called.group("who").casefold() in (other.casefold(), other.split()[0].casefold())
            for _, other, _, _ in leads
        ):
            words = words[called.end() :]  # ("ken, tom is off sick ...": Ken, who answers, is spoken to)
        if kind != "requester" and lx.FIRST_PERSON.search(words):
            if kind != "person":
                return ask(f"Whose is 'me' or 'my' in what {who} said? Name the person.")
            words = pasted.in_third_person(words, who)
        words = words if words[-1] in ".?!" else f"{words}."
        # (a quoted speaker's words stay quoted: what a quote asked is context, read as quotes always are)
        said.append("\n".join(f"> {line}" for line in words.splitlines()) if quoted else words)
        if own:
            said.append(own)
    if all(plain for _, _, _, plain in leads):
        # ("Noah: can I have Sales?\nMe: yes, for a week"): a chat of bare "Name:" labels is read as it always
        # was once nothing in it is turned down or widened; only a speaker said as one (a time, "wrote:",
        # "<name>", "->") has their words put in the third person
        return text
    return "\n".join(s for s in said if s)


def _proposal_answered(
    text: str, leads: Sequence[tuple[re.Match[str], str, Whose, bool]], n: int, words: str, asker: str
) -> str | None:
    """A yes/no question by someone other than the one asking ("sure, keep a copy in his mailbox?") that
    the one asking answers on the next line: what it proposes, said ("keep a copy in his mailbox.") when the
    answer is a yes, "" when it is a no; None when it is no such question, or the answer is anything else.
    A question naming its asker ("can I have it too?") asks for more for them: never taken on a yes. A right
    proposed on top ("send as too?") is the same person's on the same mailbox as what was asked, said as
    such ("send as too."); a no that says again only what was asked ("no just full access") drops it."""
    if n + 1 >= len(leads) or not words.rstrip().endswith("?") or "\n" in words.strip():
        return None
    lead = lx.NLU104_CHAT_PROPOSAL_LEAD.match(words)
    proposal = words[lead.end() if lead else 0 :].rstrip(" ?")
    if not proposal or lx.FIRST_PERSON.search(proposal):
        return None
    widens = lx.NLU87_CHAT_WIDENS.match(proposal) is not None
    if widens and lx.MORE_OF_A_RIGHT.match(proposal.lower()) is None:
        return None  # ("and Billing too?", "Tom as well?"): more of what, or for whom, is asked
    found, who, kind, _ = leads[n + 1]
    if who.casefold() != asker.casefold() and kind != "requester":
        return None
    end = leads[n + 2][0].start() if n + 2 < len(leads) else len(text)
    answer = text[found.end() : end].strip()
    if lx.NLU104_CHAT_YES.match(answer):
        return f"{proposal}."
    if lx.NLU104_CHAT_NO.match(answer):
        return ""
    until = lx.NLU135_CHAT_YES_UNTIL.match(answer) or lx.NLU144_CHAT_END_ANSWER.match(answer)
    if until is not None and lx.NLU135_CHAT_HOW_LONG.match(proposal):
        return f"{until['said']}."  # ("for the whole week?" / "yes, until Friday": the end the asker said)
    only = lx.NLU113_CHAT_NO_ONLY.match(answer)
    asked = text[: leads[n][0].start()]  # (what was said before the proposal)
    if only is not None and re.search(rf"\b{re.escape(only['what'].strip())}\b", asked, re.IGNORECASE):
        return ""
    return None


def _offers_help(text: str, leads: Sequence[tuple[re.Match[str], str, Whose, bool]], n: int) -> bool:
    """Whether lead `n`'s words only offer help ("morning, anything for me?")."""
    end = leads[n + 1][0].start() if n + 1 < len(leads) else len(text)
    return lx.NLU113_CHAT_OFFER.match(text[leads[n][0].end() : end].strip()) is not None


def _first_person_after(text: str, at: int) -> bool:
    """Whether the line a speaker lead ends at `at` says "me", "my" or "I" (what the speaker said)."""
    line_end = text.find("\n", at)
    return lx.FIRST_PERSON.search(text[at : line_end if line_end >= 0 else len(text)]) is not None


def _quoted(text: str, at: int) -> bool:
    """Whether the line holding `at` is a quoted one ("> Jane Doe wrote: ...")."""
    return text[text.rfind("\n", 0, at) + 1 :].lstrip().startswith(">")
