"""The rules planner: plain language to a Draft, offline and deterministic, no model.

How a request is read:

1. cleaned (quotes, dashes, spaces) and stripped of phrases that try to change who asks or what policy
   applies ("I am an admin", "without approval", "acting as grace.hopper"): requests are data;
2. its mentions found (mentions.py): addresses, names, "me", "my manager", pronouns;
3. cut into clauses at "and" / "," / "then" / ";" where a new verb starts ("Grant X Full Access and Send As"
   stays one clause, "... and add the users in this spreadsheet" starts another); a clause with no action
   of its own ("and keep the old one as an alias") modifies the one before; a subordinate tail ("while
   Mike is out", "instead of editor") is background, not part of the request;
4. each clause read by the engine (engine.py) against every action description (actions/: the cue words
   each requires, its slots and the words that introduce them, its modifiers and polarity, all words from
   lexicon.py); the engine fills the best reading's slots, giving mentions roles by kind (the directory
   knows Support is a shared mailbox and all-sales a list) and by grammar ("to", "from", "for", "X's"),
   and its reader below turns them into steps. Two close write readings are a question; a clause with no
   reading modifies the steps before it.

The draft holds references as written; compose.py resolves them. Nothing here invents a person: a role
the text does not fill becomes a question.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import AmbiguousRecipient, ResolutionError
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import (
    accounted,
    agreement,
    asked_whole,
    engine,
    excluded,
    forms,
    halts,
    held_parts,
    limits,
    marks,
    markup,
    negation,
    parts_kept,
    pasted,
    questions,
    targets,
    tentative,
    trace,
    typos,
    units,
    voices,
)
from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions import DESCRIPTIONS, IS_READ, TIME_BOUND, ActionDescription
from mailwarden.planner.actions import calendar as calendar_action
from mailwarden.planner.actions import delegation as delegation_action
from mailwarden.planner.actions import forwarding as forwarding_action
from mailwarden.planner.actions import lists as list_actions
from mailwarden.planner.actions import primary as primary_action
from mailwarden.planner.actions import reads as read_action
from mailwarden.planner.draft import Attachment, Draft, DraftQuestion, DraftStep
from mailwarden.planner.durations import MAX_EXPIRY, Expiry, find_expiry
from mailwarden.planner.lazy_pattern import LazyPattern
from mailwarden.planner.levels import share_question
from mailwarden.planner.mentions import PERSON_KINDS, Mention, NameIndex, find_mentions, mask_mentions

__all__ = ["CAPABILITIES", "RulesPlanner"]

CAPABILITIES = (
    "I can grant or take away Full Access, Send As and Send on Behalf, add or remove list members, create or "
    "delete distribution lists, change a primary address, share calendars, set or stop internal forwarding, "
    "and show shared mailboxes, lists, members, permissions and delegations, and who has access and why; "
    'for example: "Give sarah@acme.com Send As on support@acme.com for two weeks", "Add Tom to all-sales", '
    '"Share my calendar with my manager (read-only)", "Who can send as support@?", '
    '"Why does Tom have access to support?".'
)

_EXPIRY_MARK = "§t"
_TYPOGRAPHY: dict[str | int, str | int | None] = {
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "—": " - ",
    "–": " - ",
}
_LABELS = {"mailbox_delegation": "Full Access", "send_as": "Send As", "send_on_behalf": "Send on Behalf"}


@dataclass
class _Clause:
    text: str
    """The clause, lower case, mentions masked as §N (so names never read as keywords), §t for a duration."""
    mentions: list[Mention]
    expires: dt.datetime | None = None
    tail: str = ""
    """A subordinate tail cut from the clause ("so she can edit it"): not a request of its own, but its
    words may still say how (an access level, keeping a copy)."""
    later_start: bool = False
    """It says the change should begin later ("starting next week", "once Mike leaves on Friday"): nothing
    can schedule a start, so what it changes is asked about, never made at once."""
    open_end: bool = False
    """It says when the change should end ("until he is back", "through next quarter") in words no date
    was read from: what it changes is asked about, never planned for good."""
    context: bool = False
    """A statement before ", so ..." ("Tom is going to own the shared inbox, so ..."): what it names is
    what the request refers to; it asks for nothing itself."""
    names_too: bool = False
    """Names alone with an additive word ("Also Ava Johnson.", "Tom too."): the change before, for them."""

    @property
    def plain(self) -> str:
        """The words only: other mentions blanked, the requester's own words ("me", "my", "I") kept."""

        def word(m: re.Match[str]) -> str:
            mention = self.mentions[int(m.group(1))]
            return f" {mention.surface.lower()} " if mention.ref == "me" and mention.surface else " "

        return " ".join(re.sub(r"§(\d+)", word, self.text).replace(_EXPIRY_MARK, " ").split())

    def token(self, mention: Mention) -> str:
        return f"§{self.mentions.index(mention)}"

    def after(self, mention: Mention) -> str:
        """The text right after a mention."""
        token = self.token(mention)
        at = re.search(re.escape(token) + r"(?!\d)", self.text)
        return self.text[at.end() :].lstrip() if at else ""

    def preceding(self, mention: Mention) -> str:
        """The clause's text before a mention."""
        return self.text[: max(self.at(mention), 0)]

    def joined(self, mention: Mention) -> tuple[Mention, bool] | None:
        """The mention coordinated right after this one, and whether "or" offers it as the alternative."""
        # "support@ until Friday and Tom send as ...", "on All Hands for good and on Marketing until Friday":
        # the end (or no end) said between does not hide the "and Tom"
        found = lx.COORDINATION.match(lx.END_SAID_BETWEEN.sub("", self.after(mention).lstrip(), count=1))
        if found is None or int(found.group("next")) >= len(self.mentions):
            return None
        after = self.mentions[int(found.group("next"))]
        if lx.SUBJECT_PRONOUN.fullmatch(after.surface.lower()):
            return None  # "..., I don't need it": a new sentence's subject, not one more object
        if after.possessive and lx.RIGHT_AFTER.match(self.after(after)):
            return (
                None  # "... to careers@ and her send as on hr@": one more right of hers, not one more object
            )
        return after, bool(found.group("or") or found.group("comma_or"))

    def at(self, mention: Mention) -> int:
        at = re.search(re.escape(self.token(mention)) + r"(?!\d)", self.text)
        return at.start() if at else -1


@dataclass
class _Context:
    """What later clauses may refer back to, and what has been planned so far."""

    people: list[Mention] = field(default_factory=list)
    people_joined: bool = True
    """The people were named together as one set ("Tom and Ava", "Tom, Ava"): what "them" after may be."""
    group: Mention | None = None
    source_group: Mention | None = None
    introduced: list[Mention] = field(default_factory=list)
    """People named in a clause with no action ("New starter Ethan Park: ..."): whom the next is about."""
    mailboxes: list[Mention] = field(default_factory=list)
    """The mailboxes the last delegation was on: "..., and full access to Chris" means the same ones."""
    kept_mailboxes: list[Mention] = field(default_factory=list)
    """The mailboxes a "keep ..." segment named: "keep his send as on support, remove his full access"."""
    kept_people: list[Mention] = field(default_factory=list)
    """The people a "keep ..." segment named: "Tom should keep his full access but lose send as" (Tom)."""
    spoke: bool = False
    """Someone was heard asking (engine.speakers): a later "she needs ..." may be them, not the one asked
    about."""
    topic_mailboxes: list[Mention] = field(default_factory=list)
    """The mailboxes a clause with no action named ("Emma will be covering the info inbox, ...")."""
    steps: list[DraftStep] = field(default_factory=list)
    questions: list[DraftQuestion] = field(default_factory=list)
    listed_groups: list[str] = field(default_factory=list)
    """The groups whose members were read to name them (Draft.listed_groups)."""
    ruled_people: list[Mention] = field(default_factory=list)
    """The people a ruled-out part named: "Don't give Tom send as, just send on behalf" is for Tom."""
    last_steps: list[DraftStep] = field(default_factory=list)
    """What the last clause with an action planned: "Also Ava." asks the same for her."""
    aside_mailboxes: list[Mention] = field(default_factory=list)
    """The mailboxes a description named (", who owns the HR mailbox,"): what "it" in a question may be,
    never the mailbox a change is on ("Give Tom, who manages support@, full access" is asked)."""
    covering: tuple[Mention, Mention] | None = None
    """Who covers for whom ("Noah is covering Emma's accounts"): in "give him full access to her mailbox"
    the one pronoun is the one covering and the other, whose mailbox it is, the one covered for."""
    away: list[Mention] = field(default_factory=list)
    """People a clause told are away ("Tom is away."): never whom a later "him" / "her" gives to (nlu61)."""
    needs_to_see: Mention | None = None
    """The person a statement said needs to see or know something ("Emma only needs to see when Liam is
    busy, so free/busy on his calendar"): who a calendar share that names no one else is for."""
    told: bool = False
    """The last clause naming people asked for nothing ("Olivia is fine with it"): they may be who "her"
    means, or someone named before may be."""
    named: list[Mention] = field(default_factory=list)
    # people a pasted ticket's fields name ("Requester: Ava Johnson"), cut from the body read
    fielded: list[Mention] = field(default_factory=list)
    unstated_levels: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    """The (owner, grantee) pairs of each clause's calendar shares planned with no level said in it."""
    """Every person named so far (never the requester)."""
    asides: list[Mention] = field(default_factory=list)
    """Mentions read as no recipient: who asks (engine.speakers), what a context clause or a statement of
    how things are names. The structural check (accounted.py) counts them as accounted for."""
    subject: Mention | None = None
    """The person the last clause naming people opened with: "Mia is covering for Olivia. She needs ..."
    (a sentence's subject is what the next one's "she" continues)."""


@dataclass(frozen=True)
class _Reading:
    """What RulesPlanner._read makes of a request, before any plan: the body, the cleaned text and the slips
    read in it, what is kept once negations are scoped out (`sc`), and the reader that read it."""

    body: str
    cleaned: str
    slips: list[tuple[str, str]]
    kept: str
    sc: negation.Scope
    reader: _Reader
    mentions_of: Callable[[str], list[Mention]]
    filed_for: bool = False
    """The request line was completed with whom the ticket was filed for (_for_whom_filed)."""


class RulesPlanner:
    """The offline planner: `draft(text, requester=, directory=, attachments=)` -> Draft.

    `now` is injectable so durations ("for two weeks") are reproducible in tests; `zone` is the tenant's
    time zone for "until Friday" and "the end of the month" (UTC when none is configured).
    """

    def __init__(self, now: Callable[[], dt.datetime] | None = None, zone: dt.tzinfo | None = None) -> None:
        self._clock = now or (lambda: dt.datetime.now(dt.UTC))
        self._zone = zone or dt.UTC

    def in_zone(self, zone: dt.tzinfo) -> RulesPlanner:
        """This planner for requesters in `zone` (their tenant's): "until Friday" ends at midnight there."""
        return RulesPlanner(self._clock, zone)

    def _now(self) -> dt.datetime:
        # "until Friday" ends at midnight where the requester is: the tenant's time zone, UTC by default.
        return self._clock().astimezone(self._zone)

    def _read(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> _Reading | Draft:
        """The request read clause by clause (what draft() plans from), or the answer when the reading
        already tells it (not understood, or a question)."""
        names = self._names(directory)
        seen: dict[str, list[Mention]] = {}

        def mentions_of(part: str) -> list[Mention]:
            if part not in seen:
                found = find_mentions(part, directory, requester, names)
                seen[part] = [m for m in found if not _impersonation(m, part)]
            return seen[part]

        # "Offboarding: Former Employee (pat.gone@acme.com) / 1. Remove from all-sales / 2. Forward mail to
        # Priya": the steps with no one of their own are the leaver's, never the requester's
        # "Requester: Jane Doe | For: Noah Davis | Ask: add to Marketing": a form's fields on one line (nlu63)
        text = lx.PIPED_FORM_LINE.sub(lambda m: lx.PIPED_FORM_SEP.sub("\n", m.group(0)), text)
        leaver = _leaver_steps(text, mentions_of)
        if isinstance(leaver, Draft):
            return leaver
        text = leaver
        if pasted.approves_many_asks(text):
            # ("Fine by me, please go ahead." over a quote asking two things): which is approved, asked
            return negation.ask_scope(lx.QUOTED_ASKS_MANY_SAY)
        # a pasted ticket or e-mail: its headers, signature and quoted thread name context, not whom for
        writer = frozenset(
            said.casefold()
            for said in (requester.display_name, requester.primary_address, *requester.addresses)
            if said
        )
        if (
            (reported := lx.RT83B_REPORTED_BY_OPENER.match(text)) is not None
            and lx.FIRST_PERSON.search(text, reported.end()) is not None
            and " ".join(reported.group("who").casefold().split()) not in writer
        ):
            # "Reported by Ken Adams: I need full access to hr@": the admin typed the label, so the "I" after
            # it may be theirs or the reporter's; asked, never read as either (nlu164)
            return negation.ask_scope(
                lx.NLU164_REPORTED_FIRST_PERSON_ASK.format(
                    who=reported.group("who").strip(), said=text[reported.end() :].split("\n")[0].strip()
                ),
                "trustee",
            )
        if (form_my := tentative.form_my_unsure(text, writer)) is not None:
            # rt85a: "Requested for: Noah Davis / Description: Please give full access to my mailbox"
            return negation.ask_scope(form_my[0], about=form_my[1])
        # (read once: every check below reads the body, not the headers)
        body = pasted.body(text, self._now(), writer)
        # "Requester: Priya / On behalf of: Liam / Request: Full Access on sales@": the request is for Liam
        filed = _for_whom_filed(text, body, mentions_of)
        if filed == body:
            # "For: Lucas Rossi / Action: add to All Hands": whom the form's action is for, said with it
            filed = _form_action_for(body, mentions_of)
        if filed == body:
            # "Short description: Shared mailbox access - Careers / Requested for: Ken Adams" (nlu144)
            filed = _title_for_requested(body, mentions_of)
        if filed == body:
            # "Requested for: Rachel Green / Please give reviewer access to Mike's calendar" (nlu163)
            filed = pasted.requested_for_given(body, mentions_of)
        filed_for, body = filed != body, filed
        body = _summary_referred_to(text, body, mentions_of)
        # "Full access to Support, and send as on it as well": one grant of two rights (nlu166)
        body = lx.NLU166_COMMA_AND_RIGHT.sub(lx.NLU166_COMMA_AND_RIGHT_SAY, body)
        body = _share_and_right(body, mentions_of)
        # "David (the list owner) has agreed": who approved, their role said beside the name; the approval is
        # read as "David has agreed" (a claim), the role never one more person
        body = lx.APPROVER_ROLE_APPOSITION.sub(r"\g<name> ", body)
        # "..., cc Ava", "(Ava manages it)", "..., for Ava's project", "..., covering for Ava": who else is
        # told, why or who asked; never whom the change is for, nor what it is on
        # (cut before a claim inside it is: "(Ava approved it)" would leave "(Ava, it)")
        # (the asides found once: the handover's check and the cut read the same text, unless an approval
        # below is cut first)
        if not (
            (bracket := lx.NLU155_LEVEL_BRACKET.search(body))
            and lx.RT80A_LEVEL_SAID_BEFORE.search(body, 0, bracket.start())
        ):
            # ("as editor (free/busy is enough)": two levels, left for the share's level to be asked; rt80a)
            body = lx.NLU155_LEVEL_BRACKET.sub(lx.NLU155_LEVEL_BRACKET_SAY, body)  # "(free/busy is enough)"
        shown = pasted.without_asides(body)
        # "To cover Liam Brown give Tom ...": whom the change stands in for, said first with no comma (nlu143)
        shown = lx.NLU143_COVER_FIRST.sub(lx.NLU143_COVER_FIRST_SAY, shown, count=1)
        asides = list(lx.CONTEXT_ASIDE.finditer(shown))
        if (handed := _handed_over(shown, asides)) is not None:
            return handed
        if (hidden := _consulted_aside_hides(shown, mentions_of)) is not None:
            return hidden
        # "Tom doesn't want billing forwarded to him any more, Liam Brown takes it over": the aside names who
        # gets the mail now, a forwarding moved, never cut as context nor read as a stop (nlu139)
        if (not_wanted := lx.NLU135_UNWANTED_FORWARD.search(shown)) is not None:
            for cut in asides:
                if cut.start() >= not_wanted.end() and lx.NLU139_NEW_RECEIVER.search(cut.group(0)):
                    return negation.ask_scope(
                        lx.NLU139_NEW_RECEIVER_ASK.format(said=cut.group(0).strip(" \t,;:-–—"))
                    )
        if (taker := _taker_over_hidden(shown, asides, mentions_of)) is not None:
            return taker
        # ("I'm his manager and I've approved it myself": cut whole, before the approval alone is)
        approval_cut = lx.I_AM_THEIR_ROLE_APPROVED.sub(" ", shown)
        cleaned = _clean(_context_asides(approval_cut, asides if approval_cut == shown else None))
        if not cleaned:
            return _not_understood(text)
        if among := tentative.pronoun_among_others(text, cleaned, mentions_of, directory, requester):
            # rt85a: "Subject: Re: Mike Smith's team / ... add Liam ... He needs reviewer access to my ..."
            return negation.ask_scope(among, about="grantee")
        # "See approval below - please give Noah ...": where the approval is, no look-up asked (batch 29)
        cleaned = lx.POINTER_OPENER.sub("", cleaned).strip() or cleaned
        # "> Approved - Grace Hopper may send on behalf of Info": the dash the cut approval stood before
        # (nlu63)
        cleaned = lx.LEADING_DASH.sub("", cleaned) or cleaned
        # "hi, I'm Rachel - please give Noah ...": who writes introduces themselves
        cleaned = _own_intro_cut(cleaned, requester, self._names(directory).keys)
        # "Thanks Ken. Please give Rachel ...": whom the message thanks or greets is no one it is about
        cleaned = lx.VOCATIVE_OPENING.sub("", cleaned, count=1)
        cleaned = _requester_greeted_cut(cleaned, requester)
        cleaned = lx.SEND_ERROR_SEEN.sub(lx.SEND_ERROR_SAY, cleaned)  # (an error seen: cannot send from it)
        if (called := lx.NAME_VOCATIVE.match(cleaned)) and all(
            # (every word of a full name: "Tom Becker please give Liam ...", nlu117)
            w in self._names(directory).keys
            for w in called.group("name").casefold().split()
        ):
            cleaned = cleaned[called.end() :]  # "Ken, please add Ethan ...": Ken is asked to do it
        # "..., want to check before i send the invite to Ava", "(hr@acme.com's backup)", "... for Ava's
        # interviews": the requester's own doing, a role in brackets, a reason; no part of the change (nlu50)
        cleaned = _own_doing_cut(cleaned, mentions_of)
        # "Calling for Sarah Connor, who is on leave: Chris Lee needs ... her mailbox": whom the call is for
        cleaned = _caller_label_read(cleaned, mentions_of)
        # "..., just drop her to free/busy": a share brought down to a lower level, never taken away (nlu165)
        cleaned = lx.NLU165_DROPPED_TO_LEVEL.sub(lx.NLU165_DROPPED_TO_LEVEL_SAY, cleaned)
        # "Remove Mike's full access to Billing and give Rachel full access instead": on Billing (nlu165)
        cleaned = _instead_on_removed(cleaned, mentions_of)
        # "Add the Finance Team members except Mike to Atlas": the list's members but one (nlu165)
        cleaned = _members_but_one(cleaned, mentions_of)
        cleaned = _on_behalf_dash_cut(
            lx.ON_BEHALF_COLON_OPENER.sub(
                lx.ON_BEHALF_COLON_SAY,
                lx.CC_COLON_OPENER.sub(lx.CC_COLON_SAY, lx.ON_BEHALF_WRITER.sub("", cleaned)),
            ),
            mentions_of,
        )
        # "..., I also want Ava added to All Hands": a change of its own, told as a wish (nlu55)
        cleaned = lx.WISH_JOINED.sub(_wish_as_change, cleaned)
        if (joined := lx.OWN_DOING_SELF_JOINED.search(cleaned)) is not None and cleaned[
            : joined.start()
        ].strip(" ,;-.!"):
            # "..., I'll add Ava to All Hands and tell her myself": asked, never a ready plan with more
            return negation.ask_scope(lx.OWN_DOING_LEFT_ASK.format(said=joined.group("said").strip()))
        if (left := lx.OWN_DOING_LEFT.search(cleaned)) is not None and cleaned[: left.start()].strip(" ,;-"):
            # "..., i'll tell Ava and add her to All Hands", "..., I'm handing it over to Ava": asked, never
            # the requester granted too
            return negation.ask_scope(lx.OWN_DOING_LEFT_ASK.format(said=left.group("said").strip()))
        # "giv ful acces", "remvoe": a slip in a cue word is read as the word (never in a name)
        cleaned, slips = typos.corrected(cleaned, self._names(directory).keys)
        cleaned = _spaced_list_names(cleaned, self._names(directory))
        cleaned = _shorthand(cleaned)  # "fwd his mail to chris n keep copies", "primary address -> mia@"
        if (sent := lx.MAIL_SENT_ON.search(cleaned)) is not None and (
            (he := lx.ONE_PERSON_PRONOUN.search(cleaned, sent.end())) is not None
            and lx.CHANGE_VERB_SAID.search(cleaned[sent.end() :].lower()) is not None
        ):
            # "Send Liam's incoming mail on to Emma and remove him from all-sales": "him" is Liam, never the
            # one the mail goes to, who is named last; asked, never read as the target (nlu128, red team 71)
            return negation.ask_scope(lx.NLU128_PRONOUN_AFTER_SENT_ON_ASK.format(said=he.group(0)), "member")
        if lx.MAIL_SENT_ON.search(cleaned) is None and (once := lx.NLU128_MAIL_SENT_ON_ONCE.search(cleaned)):
            # "Send Liam's mail from yesterday on to Emma": some messages sent on once, never a standing
            # forwarding or send as on his mailbox (nlu128, red team 71)
            return negation.ask_scope(lx.NLU128_MAIL_SENT_ON_ONCE_ASK.format(said=once.group(0)))
        cleaned = lx.MAIL_SENT_ON.sub(lx.MAIL_SENT_ON_SAY, cleaned)  # "send Sam's incoming mail on to Alex"
        cleaned = lx.RIGHT_FOR_WORKER.sub(_right_for_worker, cleaned)  # "send as too, she sends my invites"
        cleaned = lx.RIGHT_LABEL_CHANGE.sub(_right_label_change, cleaned)  # "SendOnBehalf: remove john@ ..."
        cleaned = lx.KEEP_IDIOM.sub(
            "", lx.NLU155_KEEPS_BUSY.sub("", cleaned)
        )  # "... keep on top of ...": no keep
        cleaned = lx.NLU155_IF_THERE.sub(_if_there, cleaned)  # "take him off X if he's on it"
        if lx.NLU155_WHICH_MAILBOXES.search(cleaned):
            # "what mailboxes can i open besides my own?": the ones reached by delegated rights (nlu155)
            cleaned = lx.NLU155_BESIDES_OWN.sub(lx.NLU155_BESIDES_OWN_SAY, cleaned)
        cleaned = (
            lx.IF_YOU_DONT_MIND.sub("", cleaned).strip(" ,;") or cleaned
        )  # politeness, nothing ruled out
        cleaned = lx.AS_DOCUMENT_SAID.sub("", cleaned)  # "..., not to Olivia as the old ticket said": why
        cleaned = lx.TOLD_ME_TO_ASK.sub("", cleaned)  # "Liam said I should ask - can I be added ...?"
        # "need sendas on helpdesk@ again, it got removed??": how the right went, told or asked; the need is
        # the request (never a question of who holds it, nor "taken away" a removal; nlu63)
        cleaned = lx.NEEDED_AGAIN_PAST.sub(_needed_again, cleaned)
        # "need full access on sales@ pls, john's showing me the ropes": the writer's need; who shows them the
        # ropes is why, never one more to get it (nlu155)
        # (only when no one else is named: "Tom Becker starts Monday. need full access ... for him" is Tom's)
        for helping in lx.NLU155_HELPING_ME.finditer(cleaned):
            if any(said.lower() not in lx.NLU155_HELPED_SELF for said in helping.groups() if said):
                # "..., john's showing Ava the ropes": who is helped is someone else; asked (nlu155)
                return negation.ask_scope(
                    lx.NLU155_HELPING_OTHER_ASK.format(said=helping.group(0).strip(" \t,;-–—"))
                )
        cleaned = lx.NLU155_HELPING_ME.sub("", cleaned)
        if attested_not := lx.RT80A_ATTESTED_NOT.search(text):
            # "Mike Smith confirmed she shouldn't have full access to billing@": asked, never Mike's right
            # revoked (rt80a, red team 80)
            return negation.ask_scope(lx.RT80A_ATTESTED_NOT_ASK.format(said=attested_not.group(0)), "scope")
        if nobody := lx.RT80A_NOBODY_ON.search(text):
            # "nobody in Contractors should be on All Hands any more": asked, never Contractors added (rt80a)
            return negation.ask_scope(lx.RT80A_NOBODY_ON_ASK.format(said=nobody.group(0)), "scope")
        for out in lx.RT80A_OUT_OF_LIST.finditer(text):
            # "Give me full access to sales for a week. Tom's out of the Marketing list": told, asked; never
            # a removal (rt80a N14)
            if any(m.is_group for m in mentions_of(out.group("what"))):
                return negation.ask_scope(lx.RT80A_OUT_OF_LIST_ASK.format(said=out.group(0).strip()), "scope")
        if back := lx.RT80A_MOVE_THEN_BACK.search(text):
            # "Move Tom from Marketing to All Hands until Friday, then back": asked, never taken off Marketing
            # for good (rt80a N15)
            return negation.ask_scope(lx.RT80A_MOVE_THEN_BACK_ASK.format(said=back.group(0)), "expires")
        if unsure_off := lx.RT80A_NO_LONGER_UNSURE.search(text):
            # "Liam Brown should no longer be on it after June", "..., I think?": asked, never taken off now
            # (rt80a N5/N6/N12)
            return negation.ask_scope(lx.RT80A_NO_LONGER_UNSURE_ASK.format(said=unsure_off.group(0)), "scope")
        if (
            lx.NLU155_BARE_NEED.search(cleaned)
            and not lx.RT80A_NEED_FOR_OTHER.search(text)
            and _bare_need_mine(text, mentions_of)
        ):
            cleaned = lx.NLU155_BARE_NEED.sub(lx.NLU155_BARE_NEED_SAY, cleaned)
        cleaned = lx.SO_THEY_CAN_SCHEDULE.sub(
            "", cleaned
        )  # "... so she can schedule meetings around my travel"
        cleaned = lx.SO_THEY_SEE_LEVEL.sub(" as free/busy", cleaned)  # "... so he can see my free/busy"
        cleaned = _attested_for(cleaned, text, directory, requester, mentions_of)
        cleaned = lx.CONFIRMS_THAT.sub("", cleaned)  # "Maria (HR) confirms Careers mail should go to ..."
        # "Maria is asking on behalf of Olivia to add Grace ...": on whose behalf one asks, no right (nlu145)
        # "I'm asking on behalf of Tom to get full access ...": Tom is the one to get it (nlu148, red team 76)
        cleaned = lx.NLU148_ASKING_ON_BEHALF_TO_GET.sub(r"\g<verb> for \g<who>", cleaned)
        cleaned = lx.NLU145_ASKING_ON_BEHALF.sub(r"\g<verb>", cleaned)
        # "... should come from Finance, not me": whom mail is sent as, against whom not; why, none ruled out
        for sent in lx.NLU145_SENT_FROM_NOT.finditer(text):
            # ("... should come from Tom, not Liam": Liam ruled out or only not the sender; nlu148; read as
            # written, a quoted writer's "not me" is theirs)
            if not lx.NLU148_NOT_THE_WRITER.search(sent.group(0)[len(sent.group("keep")) :]):
                return negation.ask_scope(
                    lx.NLU148_SENT_FROM_NOT_OTHER_ASK.format(said=sent.group(0).strip())
                )
        cleaned = lx.NLU145_SENT_FROM_NOT.sub(r"\g<keep>", cleaned)
        # "...; I'm her manager and I approve it": who the requester is to them, told; no one else's role
        cleaned = lx.I_AM_THEIR_ROLE.sub(" ", cleaned)
        cleaned = lx.NLU160_AS_ROLE_OF.sub(_writer_role_said, cleaned)  # "As owner of HR, I'd like ..."
        # "Sarah and Jane should both be on All Hands": "both" adds nothing to whom the change is for
        cleaned = lx.BOTH_SHOULD.sub(r"\g<modal> ", cleaned)
        cleaned = lx.CALENDAR_FRONTED.sub(
            lx.CALENDAR_FRONTED_SAY, cleaned
        )  # "On Olivia's calendar, give ..."
        cleaned = _topic_first(cleaned, mentions_of)  # "sarah connor - show mailbox details"
        cleaned = _topic_asked_then_it(cleaned)  # "can someone sort out X's calendar? Ava needs editor on it"
        # "through Monday March 9": the weekday said with the date is the date's (asked when it is not)
        dated = _weekday_with_date(cleaned, self._now())
        if isinstance(dated, Draft):
            return dated
        cleaned = dated
        # "can i be taken off all-sales? moving to ops next week": the writer's own move, its "I'm" left out
        cleaned = _own_move_elided(cleaned, mentions_of)
        cleaned = _calendar_then_it(cleaned, mentions_of)
        # "Maria Garcia, who had it before, keeps hers": who keeps what they hold, described; read without it
        cleaned = lx.DESCRIBED_THEN_KEEPS.sub(r"\g<name> ", cleaned)
        # "... instead of John, John keeps his": John joined, not replaced (no swap, no revoke)
        cleaned = lx.NLU112_INSTEAD_THEN_KEEPS.sub("", cleaned)
        # "Remove Tom from Marketing - Priya is staying": who the change leaves where they are, a keep
        # ("Billing: as is.", "Chris stays put": the same, said of what stays as it is; nlu97)
        for stays in (lx.NLU97_STAYS_SAID, lx.STAYS_SAID):
            cleaned = stays.sub(
                # (the names joined by "and" alone: a comma would end the keep after the first)
                lambda m: lx.STAYS_SAID_SAY.format(
                    lead=m.group("lead"), who=re.sub(r"\s*,\s*", " and ", m.group("who"))
                ),
                cleaned,
            )
        # "remove me from project atlas, and also from all hands": one more place for the same change
        cleaned = lx.ALSO_WHERE.sub(lambda m: f"{m.group('join') or ' and'} ", cleaned)
        # "Ticket from Sam Taylor - he wants Ava to ...": who wrote it, then what they want (never for them)
        cleaned = lx.TICKET_FROM_WANTS.sub(r"\g<who> ", cleaned)
        cleaned = lx.ALL_RIGHTS_BUT.sub(r"\g<all>\g<mid> except ", cleaned)
        cleaned = lx.ALL_MEMBERS_BUT.sub(r"\g<all> except ", cleaned)
        cleaned = lx.EMPTY_BUT.sub(lx.EMPTY_BUT_SAY, cleaned)
        cleaned = lx.MEMBERS_HANDED.sub(lx.MEMBERS_HANDED_SAY, cleaned)
        cleaned = lx.TRAILING_I_MEAN.sub(r"\g<lead>I mean \g<what>", cleaned)
        cleaned = lx.TOLD_TO_ASK_YOU.sub("", lx.WHO_ALL.sub(r"\1", cleaned))
        cleaned = lx.BRACKET_NEGATION.sub(
            lambda m: f", {m.group('neg')} {m.group('what')}{m.group('end') or ', '}", cleaned
        )
        if (account := lx.ACCOUNT_NAMED.search(cleaned)) is not None:
            cleaned = cleaned[: account.end()] + lx.ACCOUNT_IT.sub(
                lx.ACCOUNT_IT_SAY, cleaned[account.end() :]
            )
        if lx.FORWARDING.search(cleaned.lower()):
            cleaned = lx.FORWARD_SO_IT_GOES.sub(" ", cleaned)
            cleaned = _mail_read_there_cut(cleaned, mentions_of, directory, requester)
        # (each refusal below needs a word of its own: the words read once, a check without its word not run)
        cues = lx.cue_words(text, cleaned)
        if cues & lx.NLU112_CREATE_THING_WORDS and lx.UNSUPPORTED_CREATE.search(cleaned.lower()):
            return _not_understood(
                text,
                "mailwarden cannot create shared mailboxes, room or user mailboxes, accounts, contacts or "
                "channels, nor convert a mailbox from one type to another (it can create distribution "
                "lists).",
            )
        if (ends := lx.ACCESS_ENDS_TOLD.search(cleaned)) is not None:
            return negation.ask_scope(
                f"The request tells that a right ends ({ends.group(0).strip()!r}) rather than asking for a "
                'change to it: say whether it should be taken away now ("remove his full access to '
                'billing@acme.com") or given until then ("give him full access to billing@acme.com until '
                'Friday").'
            )
        if cues & lx.NLU112_NOT_YET_WORDS and lx.NOT_YET_ASKED.search(cleaned.lower()):
            return _not_understood(
                text,
                "The request asks about a change rather than for it; ask for the change itself when it "
                "should be made.",
            )
        if cues & lx.NLU112_UNSUPPORTED_WORDS and lx.UNSUPPORTED_ACTION.search(cleaned.lower()):
            return _not_understood(
                text,
                "mailwarden cannot export, import or back up mail (PST files), convert a mailbox's type or "
                "hide a recipient from the address list; ask for the change an admin should make in Exchange "
                "itself.",
            )
        if lx.INBOX_RULE.search(cleaned):
            return _not_understood(
                text,
                "mailwarden cannot make Inbox rules that move, sort or file messages into folders; set the "
                "rule up in Outlook (or ask an admin for a mail flow rule in the Exchange admin center). It "
                "changes who can open, send from or get mail for a mailbox, not where single messages go.",
            )
        if lx.MAIL_FILTERING.search(cleaned):
            return _not_understood(text, lx.MAIL_FILTERING_SAY)
        if cues & lx.NLU112_PURGE_WORDS and lx.MESSAGE_PURGE.search(cleaned):
            # (before a trace: "recall the email I sent to all-hands" asks to take it back, not to find it)
            return _not_understood(text, lx.MESSAGE_PURGE_SAY)
        if cues & lx.NLU112_FORWARD_WORDS and (
            lx.MESSAGE_FORWARD.search(unpurposed := _forward_purpose_cut(cleaned))
            or lx.MESSAGE_FORWARD_NAMED.search(unpurposed)
        ):
            return _not_understood(text, lx.MESSAGE_FORWARD_SAY)
        if (
            cues & lx.NLU112_WISHED_WORDS
            and lx.STATE_WISHED.search(text.lower())
            and lx.WISHED_NOT_REMOVED.search(text)
        ):
            return _not_understood(text, lx.WISHED_NOT_REMOVED_SAY)
        if (alone := lx.ACCESS_ALONE.search(text)) is not None:
            return negation.ask_scope(lx.ACCESS_ALONE_ASK.format(said=alone.group(0).strip()))
        if (
            cues & lx.NLU112_CORRECTION_WORDS
            and (approval := lx.CORRECTION_OF_APPROVAL.search(text)) is not None
        ):
            return negation.ask_scope(
                lx.CORRECTION_OF_APPROVAL_ASK.format(said=approval.group(0).strip(" .!?;\n"))
            )
        if lx.MESSAGE_TRACE.search(cleaned):
            return _not_understood(
                text,
                "mailwarden cannot trace or look up a message that was sent (a message trace); run one in "
                "the Exchange admin center. It changes forwarding and rights, not single messages.",
            )
        if lx.DELIVERY_FAULT.search(cleaned) and lx.DELIVERY_INVESTIGATED.search(cleaned):
            return _not_understood(text, lx.DELIVERY_FAULT_SAY)
        # "Add Ava to Marketing and Noah to Project Phoenix": the verb said once, for each person's own object
        cleaned = _verb_gapped(cleaned, mentions_of(cleaned))
        cleaned = _own_durations(cleaned, mentions_of(cleaned), self._now())
        if (own := lx.OWN_DURATION_POSSESSIVE_HEAD.match(cleaned)) is not None and any(
            lx.OWN_DURATION_POSSESSIVE_PART.match(part)
            for part in lx.OWN_DURATION_PART_SPLIT.split(own.group("rest").strip())
        ):
            # "Grant Ethan and Mia full access to info@; Mia's only until Friday": whose end is whose, for the
            # one not said, is asked (never the one said for both)
            return negation.ask_scope(
                "The request gives one person's end with their name but not the other's: say each person's "
                "own end (or that it has none), e.g. \"Mia's until Friday, Ethan's is permanent\".",
                about="expires",
            )
        cleaned = _send_as_not_own(cleaned)
        cleaned = lx.SET_UP_SO_THAT.sub(r"\g<head> to ", cleaned)
        cleaned = lx.OUTCOME_SO.sub(lx.OUTCOME_SO_SAY, cleaned)  # "set it so Maria can't see my calendar"
        cleaned = lx.SPLIT_OFF_FORWARDING.sub(r"turn off \g<what>", cleaned)
        if (aside := _aside_asked(cleaned)) is not None:
            return aside
        cleaned = _role_aside_read(_pronoun_role_read(cleaned, mentions_of), mentions_of)
        if (role := _role_aside_pronoun(cleaned, mentions_of)) is not None:
            return role
        if not lx.FORWARDING.search(cleaned.lower()) and (bare := lx.IT_GOES_TO_BARE.search(cleaned)):
            # "..., it goes to Tom Becker": one more person, or whose it is; asked, never left out
            return negation.ask_scope(lx.IT_GOES_TO_ASK.format(who=bare.group("who").strip()))
        if (later := _said_for_later(cleaned, mentions_of)) is not None:
            return later
        if (asked := _asked_as_question(cleaned, mentions_of)) is not None:
            return asked
        if (named := _reader_names_what(cleaned, mentions_of)) is not None:
            return named
        if (
            lx.MEMBER_NO_LIST.search(cleaned)
            and not lx.LIST_WORD.search(cleaned.lower())
            and not any(m.is_group or m.is_mailbox_resource for m in mentions_of(cleaned))
        ):
            # "Make Ken Adams a member too, and Rachel Green": of which list is not said anywhere
            return negation.ask_scope(lx.MEMBER_NO_LIST_ASK, "group")
        if (
            lx.ADD_PERSON_OF_TEAM_NO_LIST.search(cleaned)
            and not lx.LIST_WORD.search(cleaned.lower())
            and any(m.is_person and not m.pronoun for m in mentions_of(cleaned))
            and not any(m.is_group or m.is_mailbox_resource for m in mentions_of(cleaned))
        ):
            # "Add Rachel Green from finance": the team is who she is (mentions._team_of_known_name), and no
            # list is named; which one is asked (nlu53)
            return negation.ask_scope(lx.ADD_PERSON_OF_TEAM_ASK, "group")
        cleaned = _asides_cut(cleaned, mentions_of)
        cleaned = _ended_reason_cut(cleaned, mentions_of)
        if (together := lx.LENGTHS_TOGETHER.search(cleaned)) is not None:
            return negation.ask_scope(
                f"The request says two lengths together ({together.group(0)!r}) and I could not tell which "
                "is whose: say each person's or each right's own length right after it, or as separate "
                "requests."
            )
        if (unknown := _unknown_beside_known(cleaned, mentions_of)) is not None:
            # "add zorblat and emma wilson to marketing": asked, never Emma's change alone (nlu57)
            return negation.ask_scope(lx.UNKNOWN_BESIDE_KNOWN_ASK.format(name=unknown[0]), unknown[1])
        sc = negation.scope(cleaned, mentions_of, self._now())
        if sc.condition:
            return _not_understood(
                text, 'A condition ("unless", "if") cannot be part of a plan: ask for the change itself.'
            )
        if sc.unclear:
            return negation.ask_scope(
                sc.unclear + " Say it again without it, or as separate requests.", sc.unclear_about
            )
        if again := _ruled_out_then_named(cleaned, sc.ruled_out, mentions_of):
            # "Add Grace and Ken to All Hands. Not Ken actually, only Grace - and Ken to Marketing": Ken ruled
            # out as a name alone, then named in a change again; what the "not" covers cannot be told
            return negation.ask_scope(
                f"The request rules {again!r} out, then names them in a change again: say once what "
                "should happen for them."
            )
        kept = sc.text.strip(" ,.;-")
        if (only := lx.ONLY_KEPT_UNREAD.search(kept)) is not None:
            return negation.ask_scope(
                f'I could not tell who {only.group(0)!r} keeps where: say it as "remove everyone from <list> '
                'except <names>" (or name each right to take away).',
                # (who stays on a list is a member; on a right with no list named, what the rest lose)
                "member" if any(m.is_group for m in mentions_of(kept)) else "scope",
            )
        if not kept:
            said = "; ".join(sc.ruled_out) or text
            return _not_understood(
                text, f"Nothing is left to do: the request only says what not to do ({said!r})."
            )
        if lx.FORWARDING.search(kept.lower()) and (
            subset := lx.MAIL_SUBSET.search(_forward_purpose_cut(mask_mentions(kept, mentions_of(kept))))
        ):
            # "forward urgent mail to Ava": a forwarding sends all of a mailbox's mail, never some of it; the
            # condition is an inbox rule, so nothing is planned (red team 46 forwarded all the mail)
            ms = mentions_of(kept)
            said = re.sub(r"§(\d+)§", lambda n: ms[int(n.group(1))].surface or "", subset.group(0))
            return _not_understood(text, lx.MAIL_SUBSET_SAY.format(said=said.strip()))
        kept = _calendar_carried(kept, sc.ruled_out + sc.kept)
        kept = _calendar_it(kept)
        kept = _forwarding_it(kept, mentions_of(kept))
        kept = _forwarding_that(kept, mentions_of(kept))
        kept = _held_then_taken(kept, mentions_of(kept))
        kept = _need_answered(kept)
        kept, one_end = _end_of_one_cut(kept, mentions_of, self._now())
        reader = _Reader(directory, requester, attachments, kept)
        reader.written = body
        reader.mentions_of = mentions_of
        reader.asking = questions.asks_only(kept) or (
            # "can Mike see my calendar with full details? He should not be able to": what the text rules out
            # is cut before it is read, and the question left is no request (red team 78 shared it)
            bool(sc.ruled_out) and lx.NLU149_LEVEL_QUESTION.search(kept) is not None
        )
        # "Can Mike see my calendar with full details? If so, remove him": a check or removal said after the
        # question leaves it a question (red team 78 H1 shared the calendar; nlu150)
        reader.asking = reader.asking or lx.NLU150_LEVEL_QUESTION_DOUBTED.search(kept) is not None
        # "can liam see when i'm free? just free/busy, don't change anything": the refusal is cut before the
        # rest is read, so the question is checked on the whole text; "can liam see when Priya is free?"
        # asks how things are for someone else's calendar (red team 83 H1/M2/M8 shared it; rt83a)
        reader.asking = reader.asking or any(
            p.search(text) is not None
            for p in (lx.RT83A_SEE_QUESTION_NO_CHANGE, lx.RT83A_SEE_OTHERS_FREE_QUESTION)
        )
        reader.ctx.fielded = [
            m
            for line in text.splitlines()
            if (f := lx.FORM_FIELD.match(line)) is not None and lx.TICKET_PERSON_KEY.fullmatch(f.group("key"))
            for m in mentions_of(f.group("value"))
            if m.is_person and not m.pronoun and m.ref != "me"
        ]
        # "Don't give Liam send as on my mailbox, just full access to Tom's": the rest names another's own
        # (mailbox), so the ruled-out part's mailbox is no longer the one it means (rt80a N7: Tom was given
        # full access on the writer's mailbox)
        others_own = any(m.is_person and m.possessive and m.ref != "me" for m in mentions_of(kept))
        for said in sc.kept + sc.ruled_out + sc.context:
            # what a ruled-out part names is what the rest may mean ("Don't give Tom full access to billing,
            # give him send on behalf": on billing, to Tom)
            reader.remember(mentions_of(said), kept=said in sc.kept, said="" if others_own else said)
        # ", who owns the HR mailbox,": a description, no recipient; but "it" later may be that mailbox
        reader.ctx.aside_mailboxes = _aside_mailboxes(kept, mentions_of(kept))
        for clause in _clauses(kept, mentions_of(kept), self._now()):
            reader.read(clause)
        for said in sc.kept:
            reader.downgraded(said)  # "...; she can keep viewing it": the level the share keeps
        if one_end is not None:
            reader.ended_for(*one_end)  # "..., Liam only until Friday": Liam's grants end, the others' not
        return _Reading(body, cleaned, slips, kept, sc, reader, mentions_of, filed_for)

    def draft(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> Draft:
        found = self._draft_request(text, requester=requester, directory=directory, attachments=attachments)
        if moved := self._moved_to_named(found, text, directory, requester):
            return negation.ask_scope(moved)
        # "Delete Contractors and move its members to External-Contractors": a list deleted whose members
        # were to go elsewhere first, planned with no addition, would drop them from every list (red team
        # 59); the pair is asked, never the delete alone (nlu94)
        if (
            any(s.action == "distribution_list_lifecycle" and s.change == "delete" for s in found.steps)
            and not any(s.action == "distribution_list_membership" and s.change == "add" for s in found.steps)
            and (members := lx.NLU94_MEMBERS_MOVED.search(text)) is not None
            and not self._moved_elsewhere_told(text, members.start(), directory, requester)
        ):
            return negation.ask_scope(lx.NLU94_MEMBERS_MOVED_ASK.format(said=members.group(0)))
        if found.status == "ready" and (held_part := self._held_part(found, text, directory, requester)):
            return negation.ask_scope(held_part)
        if found.status == "ready" and (about := self._pronoun_read_as_me(found, text, directory, requester)):
            return negation.ask_scope(lx.NLU153_PRONOUN_NOT_ME_ASK, about)
        if found.status == "ready" and (
            end := self._end_told_apart_for_some(found, text, directory, requester)
        ):
            return negation.ask_scope(lx.NLU153_END_FOR_WHICH_ASK.format(said=end), "expires")
        return found

    def _end_told_apart_for_some(
        self, found: Draft, text: str, directory: Directory, requester: Recipient
    ) -> str:
        """The last sentence of `text` when it only tells an end ("Mike capped it at two weeks", "Capped at
        two weeks.") and `found` ends some of the grants it gives but not the others, or "" (nlu153: one of
        two grants kept the end, the other was made for good)."""
        giving = [s for s in found.steps if ACTIONS[s.action].gives_access(s.change)]
        if len(giving) < 2 or all("expires" in s.params for s in giving):
            return ""
        if not any("expires" in s.params for s in giving):
            return ""
        sentences = [p for p in lx.NLU153_SENTENCES.split(text.strip()) if p.strip(" .!")]
        if len(sentences) < 2:
            return ""
        last = sentences[-1].strip()
        if (turn := lx.NLU152_CHAT_TURN.match(last)) is not None:
            # ("[10:05] Mia Novak: only until 20 March": a chat turn's words, its speaker no one the end is
            # said of; nlu166)
            last = turn.group("said").strip()
        if lx.CHANGE_SAID.search(last.lower()) or (
            find_expiry(last, self._now()) is None and not lx.NLU153_LENGTH_SAID.search(last)
        ):
            return ""
        # ("...; Ava only for a week", "Mia's until Friday": the end said of one the request names is hers)
        ids = negation.Ids(directory, requester)
        touched = frozenset[str]().union(*(ids.in_step(s) for s in giving))
        if any(
            m.pronoun or ids.of(m.ref) & touched
            for m in find_mentions(last, directory, requester, self._names(directory))
        ):
            return ""
        return last

    @staticmethod
    def _pronoun_read_as_me(found: Draft, text: str, directory: Directory, requester: Recipient) -> str:
        """The person slot of a step `found` gives the requester when the request wants a change done to a
        he/she/them ("I'm asking to add him to all-sales": him, whom the text never names, is never the one
        writing; red team planned the requester), or "" (nlu153)."""
        said = lx.NLU153_I_WANT_TO_CHANGE_PRONOUN.search(text)
        if said is None or lx.NLU153_ME_SAID.search(text[said.end() :]):
            return ""
        ids = negation.Ids(directory, requester)
        for s in found.steps:
            for key in ("trustee", "member", "grantee"):
                if requester.recipient_id in ids.of(str(s.params.get(key, ""))):
                    return key
        return ""

    def _moved_to_named(self, found: Draft, text: str, directory: Directory, requester: Recipient) -> str:
        """The question when the request ends telling who moves the list's members to a list or mailbox it
        names ("Delete the Contractors list - HR are moving them all onto the Sales list"), or "" (nlu136).
        Who moves them and where they go are told, never members to take off: a list deleted as they go
        elsewhere is the delete-and-move pair (nlu94's question), and a plan that changes either is asked
        (the delete was read as removing hr@ and sales@ from Contractors)."""
        moving = lx.NLU134_PERSON_MOVING_ALL_END.search(text)
        if found.status != "ready" or moving is None or not text[: moving.start()].strip():
            return ""  # (a request already asked is left to its question)
        mentions = find_mentions(text, directory, requester, self._names(directory))
        spans = [moving.span("who"), moving.span("where")]
        if not lx.NLU134_LIST_NOUN.search(moving.group("where") or "") and not any(
            spans[1][0] < m.end and m.start < spans[1][1] for m in mentions
        ):
            return ""  # (where they go names no list or mailbox: nlu134's reason, cut)
        said = " ".join(moving.group(0).strip(lx.NLU136_MOVING_TRIM).split())
        before = self._draft_request(text[: moving.start()], requester=requester, directory=directory)
        if any(
            s.action == "distribution_list_lifecycle" and s.change == "delete"
            for s in (*found.steps, *before.steps)
        ):
            return lx.NLU94_MEMBERS_MOVED_ASK.format(said=said)
        ids = negation.Ids(directory, requester)
        told = frozenset[str]().union(
            *(ids.of(m.ref) for m in mentions if any(a < m.end and m.start < b for a, b in spans))
        )
        changed = {
            rid
            for s in found.steps
            if ACTIONS[s.action].kind == "write"
            for key in lx.NLU136_STEP_WHO_KEYS
            if s.params.get(key)
            for rid in ids.of(str(s.params[key]))
        }
        return lx.NLU136_MOVER_CHANGED_ASK.format(said=said) if told & changed else ""

    def _moved_elsewhere_told(self, text: str, at: int, directory: Directory, requester: Recipient) -> bool:
        """The members' move at `at` is what someone else is doing, told at the end as why, to no list or
        mailbox ("..., David is moving everyone to employee contracts": lx.NLU134_PERSON_MOVING_ALL_END):
        the list goes with no one to add first (nlu134). "..., Mike is moving everyone to the Sales list"
        names where they go: still asked."""
        moving = lx.NLU134_PERSON_MOVING_ALL_END.search(text)
        if moving is None or not moving.start() <= at < moving.end():
            return False
        where = moving.group("where") or ""
        if lx.NLU134_LIST_NOUN.search(where):
            return False
        return not find_mentions(where, directory, requester, self._names(directory))

    def _held_part(self, found: Draft, text: str, directory: Directory, requester: Recipient) -> str:
        """nlu117's question when `found` does a part the request marks as held ("Approval: Sales approved;
        Finance pending", "- [ ] Sales", "signed off on Finance only"), or "". Read on the whole request (the
        readings before may have cut the status's line) as its mail shows it, with and without the text whose
        look is unsure: on the raw mail, hidden text or a comment saying "Finance approved" lifted a hold the
        reader sees, and "Finance&nbsp;pending" or a tag between hid it (review of session 19)."""
        reading = markup.read(_unwrapped(text))
        with negation.one_request():
            for said in dict.fromkeys((reading.shown, reading.without)):
                # an item list's held items are left out already: their words hold no kept item (nlu156)
                listed = units.read(said, lambda who: _is_requester(who, directory, requester))
                said = listed.kept if listed is not None and listed.kept else said
                plain = marks.said_as_words(_colon_list_items(_plain_words(said)))[0]
                if not held_parts.may_hold(plain):
                    continue
                mentions = find_mentions(plain, directory, requester, self._names(directory))
                if held := held_parts.held_done(found, plain, mentions, directory, requester):
                    return held
        return ""

    def _draft_request(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> Draft:
        with negation.one_request():  # (names resolved once per request, however many checks ask)
            # The mail's layers undone once each, outermost first, so every reading sees the words: its
            # transfer encoding (a soft break may fall inside a tag), its HTML with its entities (decoded
            # there only: decoded twice, "&amp;lt;br&amp;gt;" became a tag), then the marks around words
            reading = markup.read(_unwrapped(text))
            if not reading.unsure:
                return self._draft_shown(
                    reading.shown, requester=requester, directory=directory, attachments=attachments
                )
            # Text whose look the mail cannot settle (a rule that may pick it, a colour on an image, a small
            # font: markup.read) is neither read nor dropped unasked: the request is planned with it and
            # without it, and asked about only where the two differ (nlu109, red team 66)
            with_it, without_it = (
                self._draft_shown(said, requester=requester, directory=directory, attachments=attachments)
                for said in (reading.shown, reading.without)
            )
            if _same_draft(with_it, without_it):
                return with_it
            return negation.ask_scope(lx.NLU109_UNSEEN_ASK.format(said=reading.unsure[:80]))

    def _draft_shown(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> Draft:
        """The request read from the text its mail shows (markup.read has read its HTML once)."""
        # a ticket's item list, a chat's turns, a quoted reply: each unit planned on its own (nlu152)
        found = units.read(text, lambda who: _is_requester(who, directory, requester))
        if found is not None:
            return self._units_planned(
                found, requester=requester, directory=directory, attachments=attachments
            )
        draft = self._draft_read(text, requester=requester, directory=directory, attachments=attachments)
        if draft.status == "ready" and (unmarked := _unmarked_part(draft, text, directory, requester)):
            return negation.ask_scope(lx.NLU125_UNMARKED_ASK.format(said=unmarked))
        if draft.status == "ready" and (unmet := marks.status_unmet(draft, text, directory, requester)):
            return negation.ask_scope(unmet)
        if (
            draft.status == "ready"
            and any(_gives(s) and "expires" not in s.params for s in draft.steps)
            and (end := _end_after_past_length(text, self._now())) is not None
        ):
            # "He's been on leave for a week and is back now, covering for Noah until Friday.": the past
            # length is cut, the end said after it is the grant's; never granted for good (nlu128)
            return negation.ask_scope(lx.LENGTH_UNREAD_ASK.format(said=end), "expires")
        if (
            draft.status == "ready"
            and any(_gives(s) and "expires" not in s.params for s in draft.steps)
            and (unsure := _past_length_unsure(text, self._now())) is not None
        ):
            return negation.ask_scope(lx.LENGTH_UNREAD_ASK.format(said=unsure), "expires")
        return draft

    def _units_planned(
        self,
        found: units.Units,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment],
    ) -> Draft:
        """The units' plans put together; an item not read, or a unit not understood, asks (nlu152)."""
        if found.ask:
            return negation.ask_scope(found.ask, found.about)
        if found.refused:
            return _not_understood_why(found.refused)  # ("Don't go ahead." over a quoted ask; rt80b)
        return forms.put_together(
            (
                self._draft_shown(part, requester=requester, directory=directory, attachments=attachments),
                lx.NLU152_UNIT_ASK.format(said=part),
            )
            for part in found.parts
        )

    def _draft_read(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> Draft:
        """`_draft_shown`'s reading, before its checklist's marks are checked against the plan."""
        # "👋 hi IT! ... 🙏": a pictograph that marks no status is no word of the request (nlu145)
        text = lx.NLU145_DECORATIVE_PICTOGRAPH.sub(" ", text)
        # "Rachel's email has been forwarded to Christine Lee ... please stop it": a clear (nlu156)
        text = lx.NLU156_FORWARDED_STOP.sub(lambda m: lx.NLU156_FORWARDED_STOP_SAY.format(who=m["who"]), text)
        # "Priya rang the helpdesk: ...": the desk got in touch with is no mailbox of the request (nlu157)
        text = lx.NLU157_CONTACTED_DESK.sub(lambda m: m.group("verb") or m.group("called"), text)
        # "sarah approved 👍", "👍 approved": a tick beside an approving word says it again (nlu146)
        text = lx.NLU146_MARK_BESIDE_APPROVAL.sub(lambda m: (m.group("word") or "") + " ", text)
        # "..., Maria reads it directly now": why, naming someone; never one the change is of (nlu146)
        text = lx.NLU146_REASON_CLAUSE.sub("", text)
        # "... to help clear the backlog", "* ~~remove from all-sales~~ (ignore)", "... and seems to have been
        # removed": work cleared, an item struck out, a removal guessed at; none is asked for (nlu146)
        text = lx.NLU146_GIVE_ME_DETAILS.sub("show me ", text)
        text = lx.NLU146_CORRECTION_WHY.sub(r"\g<keep>", text)
        text = lx.NLU146_HELPING_WHY.sub("", text)
        text = lx.NLU156_DOING_WHY.sub("", text)  # "...? She's scheduling the board IT review." (nlu156)
        text = _qualified_said_again(text)
        text = lx.NLU156_BOOKING_WHY.sub(
            r"\g<keep>", text
        )  # "... calendar to book meetings for her" (nlu156)
        if lx.NLU146_TYPE_CONVERTED.search(text):
            return _not_understood(text, lx.NLU146_TYPE_CONVERTED_WHY)
        text = lx.NLU146_REMOVAL_GUESSED.sub(
            "", lx.NLU146_STRUCK_ITEM.sub("", lx.NLU146_CLEAR_WORK.sub("", text))
        )
        text = marks.parts_as_asked(_pronoun_named_after(text), directory, requester)
        text, unclear = marks.said_as_words(_colon_list_items(_plain_words(text)))
        # "- Ava Johnson limited it to a week", "- approved for a week by Ava": the grant's length, said as
        # what someone set it to, read as "for a week" before any reading of ends or of whom it names (nlu143)
        lengthened = _length_set_by(text)
        if isinstance(lengthened, Draft):
            return lengthened
        text = lengthened
        if (unnamed := lx.NLU157_ALSO_UNNAMED.search(text)) is not None:
            # "... and so should he": one more person, said only as a pronoun, never dropped (nlu157)
            return negation.ask_scope(
                lx.NLU157_ALSO_UNNAMED_ASK.format(
                    said=unnamed.group(0).strip(" ,;:-"), who=unnamed.group("who") or unnamed.group("who2")
                ),
                # ("he needs it too": one more, as "chris is off and he needs it too" is asked)
                about="trustee" if unnamed.group("who") else "coordination",
            )
        # "He has been waiting on it for a week": how long something went on, cut before any reading of ends
        text = _past_lengths_cut(text, self._now())
        if unclear:
            # "Finance ⏳ Sales": the hourglass may be Finance's or Sales's (nlu120)
            return negation.ask_scope(unclear)
        text, unclear = excluded.all_but(text, directory, requester)
        if unclear:
            return negation.ask_scope(unclear, about="mailbox")
        # a Subject, P.S. or opening mark that holds the request, before the reading cuts it (nlu98)
        if (held := halts.held_apart(text, _not_understood_why, negation.ask_scope)) is not None:
            return held
        if (signer := _signer_not_sender(text, directory, requester)) is not None:
            return negation.ask_scope(
                lx.NLU101_SIGNER_NOT_SENDER_ASK.format(who=signer, sender=requester.display_name),
                about="trustee",
            )
        text = _signed_off(text, directory, requester)
        dashed = _dash_signed_off(text, directory, requester)
        if isinstance(dashed, Draft):
            return dashed
        text = dashed
        titled = _title_after_name(text, directory, requester)
        if isinstance(titled, Draft):
            return titled
        if titled != text:
            # ("... to Finance - Chris Lee, Head of Sales": the name a title was said after may sign the
            # request off, which is seen only once the title is cut)
            titled = _signed_off(titled, directory, requester)
        text = titled
        if (role := lx.NLU111_ROLE_FOR_PERSON.search(text)) is not None:
            # ("... to Chris Lee and our Head of Sales": someone named by a role, not by name; its team
            # is no mailbox of the request, and whose role it is the planner cannot tell: nlu111)
            return negation.ask_scope(
                lx.NLU111_ROLE_FOR_PERSON_ASK.format(said=role.group(0)), about="trustee"
            )
        if (reports := lx.NLU101_REPORTS_OF.search(text)) is not None:
            return negation.ask_scope(lx.NLU101_REPORTS_OF_ASK.format(said=reports.group(0).strip()))
        if (foreign := lx.NLU94_FOREIGN_NOT.search(text)) is not None:
            return negation.ask_scope(lx.NLU94_FOREIGN_NOT_ASK.format(said=foreign.group(0)))
        if (unread := lx.NLU97_EXCEPT_UNREAD.search(text)) is not None:
            said = unread.group(0).strip(" ,;(-–—")
            return negation.ask_scope(lx.NLU97_EXCEPT_UNREAD_ASK.format(said=said))
        text = lx.NLU94_LEAVE_RIGHT.sub(lx.NLU94_LEAVE_RIGHT_SAY, text)
        if (named := _named_address_differs(text, directory, requester)) is not None:
            return named
        listed = _list_with_extra_word(text, directory, requester)
        if isinstance(listed, Draft):
            return listed
        text = listed
        if (moved := lx.NLU94_RIGHT_MOVED.search(text)) is not None:
            return negation.ask_scope(lx.NLU94_RIGHT_MOVED_ASK.format(said=moved.group(0)))
        if (passed := lx.RT83B_RIGHT_PASSED_ON.search(text)) is not None:
            # "Remove Tom's full access on support, moving the access to Liam": the right passed on is taken
            # off its holder and given there; asked, never a removal from the one it goes to (rt83b)
            return negation.ask_scope(lx.RT83B_RIGHT_PASSED_ON_ASK.format(said=passed.group(0).strip()))
        if (past := lx.RT83B_PAST_AWAY_THEN_WISH.search(text)) is not None:
            # "Ethan was on leave, David asked that Ethan's email be forwarded to Lucas": the absence may be
            # over; whether the change is still wanted, and until when, is asked (rt83b)
            return negation.ask_scope(
                lx.RT83B_PAST_AWAY_THEN_WISH_ASK.format(said=past.group(0).strip()), about="expires"
            )
        if (rt85b := _rt85b_asked(text)) is not None:
            return rt85b
        if (later := lx.RT85A_LATER_AWAY_THEN_WISH.search(text)) is not None:
            # rt85a: "Ethan Park will be on leave, David asked that Lucas be given ..." was given now
            return negation.ask_scope(
                lx.RT85A_LATER_AWAY_THEN_WISH_ASK.format(said=later.group(0).strip()), about="expires"
            )
        if (whose := lx.RT85A_AWAY_THEN_WISH_HIS.search(text)) is not None:
            # rt85a: "Ethan is on leave, David would like Lucas to have full access to his mailbox" (David's)
            return negation.ask_scope(
                lx.RT85A_AWAY_THEN_WISH_HIS_ASK.format(said=whose.group(0).strip()), about="mailbox"
            )
        updated = _ticket_update(text)
        if isinstance(updated, Draft):
            return updated
        # who speaks in relayed or chat text, and a status said of the request or a part (nlu87)
        voiced = voices.relayed(updated, lambda who: _whose(who, directory, requester), negation.ask_scope)
        if isinstance(voiced, Draft):
            return voiced
        stopped = halts.halted(voiced, _not_understood_why, negation.ask_scope)
        if isinstance(stopped, Draft):
            return stopped
        surnamed = _surnames_said_in_full(stopped, self._names(directory))
        if isinstance(surnamed, Draft):
            return surnamed
        text = surnamed
        # "Access requested: [x] Full Access [ ] Send As": only the ticked boxes are asked for (nlu76)
        boxes = forms.checked(text)
        if isinstance(boxes, Draft):
            return boxes
        text = boxes
        # "name,mailbox,access / Tom Becker,support@acme.com,full access / ...": one request per row
        table = forms.table(text)
        if isinstance(table, Draft):
            return table
        if table is not None:
            return forms.planned(
                table,
                lambda said: self._draft(
                    said, requester=requester, directory=directory, attachments=attachments
                ),
                self._now(),
            )
        if (only := lx.ONLY_THAT_ONE_ALONE.search(text)) is not None:
            # "add Jane Doe to Project Atlas / anyone else? / no just her": when the rest changes things
            # for one person alone, "just her" is that one, confirmed; no correction of anything
            rest = text[: only.start()] + "\n" + text[only.end() :]
            draft = self._draft(rest, requester=requester, directory=directory, attachments=attachments)
            whom = {
                str(step.params[k]).lower()
                for step in draft.steps
                for k in ("trustee", "grantee", "member")
                if step.params.get(k)
            }
            if draft.status == "ready" and len(whom) == 1 and whom != {"me"}:
                return draft
        return self._draft(text, requester=requester, directory=directory, attachments=attachments)

    def _draft(
        self,
        text: str,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment],
    ) -> Draft:
        read = self._read(text, requester=requester, directory=directory, attachments=attachments)
        if isinstance(read, Draft):
            return read
        body, cleaned, slips, kept, sc, reader, mentions_of = (
            read.body,
            read.cleaned,
            read.slips,
            read.kept,
            read.sc,
            read.reader,
            read.mentions_of,
        )
        # ("..., apart from Mike himself": a member of the group set apart as a member, never his calendar)
        planned = reader.result(text)
        sc = negation.set_apart_members(sc, reader.ctx.listed_groups, planned.steps, directory, requester)
        draft = negation.enforce(planned, sc, directory, requester)
        draft = draft.model_copy(update={"listed_groups": list(reader.ctx.listed_groups)})
        if draft.status == "ready" and (out_of_range := _end_out_of_range(draft.steps, self._now(), kept)):
            return negation.ask_scope(out_of_range, about="expires")
        if reader.asking:
            draft = _answers_only(draft, text)
        if draft.status == "not_understood" and (
            lx.COPY_RIGHTS.search(kept) or lx.SAME_SETUP_AS.search(kept.lower())
        ):
            # "Give Tom the same access as Ken Adams": no copy action; which rights is asked (nlu48)
            return negation.ask_scope(lx.COPY_RIGHTS_ASK)
        if draft.status == "ready" and _model_is_target(kept, mentions_of(kept), draft):
            # "Give Tom the same access Chris has on support": Chris is the model, never one more to get it
            return negation.ask_scope(lx.COPY_RIGHTS_ASK)
        if draft.status == "ready" and (described := _described_people(kept, mentions_of(kept), draft)):
            # "Add Ken to Marketing, the new starters in Sales too": who they are is asked, never the list
            return negation.ask_scope(*described)
        if draft.status == "ready" and (described_only := _unnamed_one_referred_to(kept, mentions_of(kept))):
            # "Olivia okayed a new member for Project Atlas, can you add them?": "them" is the new member,
            # whom the request never names; asked, never the one who okayed (nlu145, batch 48)
            return negation.ask_scope(described_only, _person_role(draft))
        if draft.status == "ready" and (unkept := limits.unkept_limit(kept, draft.steps)):
            return _not_understood(text, unkept)
        if draft.status == "ready" and (thing := targets.not_a_mailbox(kept, mentions_of(kept))):
            # "Give Emma access to the Sales SharePoint": no mailbox's right (red team 55)
            return _not_understood(text, thing)
        if draft.status == "ready" and (one := targets.one_described(kept, mentions_of(kept))):
            # "access to Billing - the Finance one": a description, never a second mailbox
            return negation.ask_scope(one, _person_role(draft))
        if draft.status == "ready" and (moved := _move_carries_ask(kept, mentions_of(kept))):
            # "..., moving him to sales - give him the same there", "..., moving Liam to Marketing": the move
            # asks a change of its own, never dropped as only why (red team 83 M3; rt83a)
            return negation.ask_scope(moved, "action")
        if draft.status == "ready" and (alone := targets.own_said_alone(kept, mentions_of(kept), draft)):
            # "Give Noah send as on support@ (and Mike's)": Mike's what, for whom, is asked (nlu158)
            return negation.ask_scope(alone, _target_slot(draft))
        if draft.status == "ready" and (team := targets.team_read_as_mailbox(kept, mentions_of(kept), draft)):
            # "Share Priya's calendar with the whole Sales team": people, never the shared mailbox itself
            return negation.ask_scope(team, _person_role(draft))
        if draft.status == "ready" and targets.rights_of_another(kept, draft):
            # "Give Emma Ava's calendar permissions on Priya's calendar": Ava's rights copied, never a read
            return negation.ask_scope(lx.COPY_RIGHTS_ASK)
        if draft.status == "ready" and targets.moved_at_a_time(kept, draft):
            # "Christine's Billing access should move to Rachel at the end of the month": when, not an end
            return negation.ask_scope(lx.MOVE_AT_TIME_ASK, "expires")
        if draft.status == "ready" and targets.same_setup_as(kept.lower(), draft):
            # "Give Noah the same Sales access as Liam": the model's rights are not seen at plan time
            return negation.ask_scope(lx.SAME_SETUP_ASK)
        if draft.status == "ready" and (own := targets.rights_per_person(kept, mentions_of(kept), draft)):
            # "Jane (full), Rachel (send as)": each bracket is that person's right, never one right for both
            return negation.ask_scope(own)
        if draft.status == "ready" and (undone := negation.undoing(draft, directory, requester)):
            # "Add Tom and Ken to all-sales. Drop Ken.": one step undoes another; which was meant is asked
            return negation.ask_scope(
                f"The request both asks for {ACTIONS[undone].label} and undoes it for the same recipients: "
                "say it again once, the way you meant it.",
            )
        if draft.status == "ready" and (
            ruled := negation.contradicted(draft, sc, mentions_of, directory, requester)
        ):
            # "Delete the Contractors list, but keep the list": the change asked, then ruled out for the same
            # thing (the exclusion named nothing the plan's steps match, so the step stayed): asked
            return negation.ask_scope(ruled)
        told = cleaned
        for head in sc.withdrawn + sc.limited:
            # "Remove Noah from all-sales. On second thought, ... add him to Marketing": the removal taken
            # back is no sign Noah should lose anything; nor is "Mia should not get full access" (ruled out)
            told = told.replace(head, " ", 1)
        if draft.status == "ready" and (
            why := negation.crossed(
                draft, told, _outside_reasons(told, mentions_of(told)), directory, requester
            )
        ):
            # a wording no rule read: the plan gives someone the text takes from, or deletes a list whose
            # member the text names; a question is safe, a wrong ready plan is not
            return negation.ask_scope(why)
        if draft.status == "ready" and (
            whole := asked_whole.kept_need_taken(told, draft, mentions_of(told), directory, requester)
            or asked_whole.removal_dropped(told, draft)
            or asked_whole.one_of_many(told, draft)
        ):
            # nlu132: a right said to be still needed was taken, or a removal or a target asked was left out
            return negation.ask_scope(whole)
        if draft.status == "ready" and (
            dropped := parts_kept.mailbox_part_dropped(kept, draft, directory, requester)
        ):
            # nlu144: "cancel the forwarding on billing@ and on her mailbox" (no "her" named) cleared billing@
            return negation.ask_scope(dropped, "mailbox")
        if draft.status == "ready" and (later := parts_kept.later_period(kept, draft)):
            # nlu144: "for the week before Christmas" granted for a week from today
            return negation.ask_scope(lx.NLU144_LATER_PERIOD_ASK.format(said=later), "expires")
        if draft.status == "ready" and (off_list := parts_kept.rights_off_list(kept, draft)):
            # nlu144: "Take Tom's permissions off all sales" took him off the list
            return negation.ask_scope(off_list, _person_role(draft))
        if draft.status == "ready" and (
            writer := tentative.writer_removed_beside(body, draft, directory, requester)
        ):
            # rt85a: "remove Liam's access to Priya's calendar, I don't manage her diary any more" (Ava's)
            return negation.ask_scope(writer)
        if draft.status == "ready" and (
            own := tentative.form_self_approved(text, draft, directory, requester)
        ):
            # rt85a: "Approved by: Mike Smith" over "... Mike too." granted Mike
            return negation.ask_scope(own, "trustee")
        if draft.status == "ready" and (choice := tentative.choice_left_open(body, draft)):
            # rt85a: "I need him on all-sales? Or Marketing?" added him to all-sales
            return negation.ask_scope(choice)
        if draft.status == "ready" and (same := tentative.same_other_way(body, draft)):
            # rt85a: "..., and he needs the same on hers" was dropped from the plan
            return negation.ask_scope(same)
        if draft.status == "ready" and (held_right := tentative.right_held(body, draft)):
            # rt85a: "She also needs editor access to my calendar - but hold off on that until X approves"
            return negation.ask_scope(held_right)
        if draft.status == "ready" and (first := _ask_first(cleaned)):
            # nlu125: "Give Tom full access to Sales - check with Mike first" gave Mike Sales too
            return negation.ask_scope(lx.NLU125_ASK_FIRST_ASK.format(said=first))
        if draft.status == "ready" and (
            situation := _situation_mailbox_changed(draft, cleaned, directory, requester)
        ):
            return negation.ask_scope(lx.NLU125_WHEN_SITUATION_ASK.format(said=situation), about="mailbox")
        if (
            draft.status == "ready"
            and (on_it := lx.NLU125_ON_LIST_THEN_IT.search(cleaned)) is not None
            and (
                deleted := next(
                    (
                        s
                        for s in draft.steps
                        if s.action == "distribution_list_lifecycle" and s.change == "delete"
                    ),
                    None,
                )
            )
            is not None
        ):
            # nlu125: "The Sales account is still on all-sales, please remove it" deleted the list
            return negation.ask_scope(
                lx.NLU125_ON_LIST_THEN_IT_ASK.format(
                    group=str(deleted.params.get("group", "")), said=on_it.group("said")
                ),
                about="group",
            )
        if draft.status == "ready" and (
            apart := excluded.set_apart_team(cleaned)
            or excluded.set_apart_changed(draft, cleaned, mentions_of(cleaned), directory, requester)
        ):
            # nlu117: "all shared mailboxes save HR" granted HR alone, "except Emma's team" kept Emma alone
            return negation.ask_scope(apart)
        if (
            draft.status == "ready"
            and (opening := lx.LEAVE_OFF_OPENING.search(text)) is not None
            and any(not ACTIONS[s.action].gives_access(s.change) for s in draft.steps)
        ):
            # "Leave Ava off Marketing" said first: not adding her, or taking her off? Asked (nlu60)
            return negation.ask_scope(
                lx.LEAVE_OFF_OPENING_ASK.format(
                    said=opening.group(0).strip(), who=opening.group("who"), what=opening.group("what")
                ),
                _person_role(draft),
            )
        if (
            draft.status == "ready"
            and (instead := lx.NAME_INSTEAD_TAIL.search(text)) is not None
            and any(not ACTIONS[s.action].gives_access(s.change) for s in draft.steps)
        ):
            # "Remove Tom from Marketing - Ava instead": in his place, or as well? Asked (nlu60)
            return negation.ask_scope(
                lx.NAME_INSTEAD_TAIL_ASK.format(
                    said=instead.group(0).strip(" -;,."), who=instead.group("who")
                ),
                _person_role(draft),
            )
        if draft.status == "ready" and (
            bare := _trailing_bare_target(cleaned, draft, mentions_of, directory, requester)
        ):
            # "Give Emma Wilson full access to careers@acme.com, hr": one more mailbox, or an aside: asked
            return negation.ask_scope(bare, "mailbox" if "mailbox" in bare else "group")
        if (
            draft.status == "ready"
            and (rest := lx.REST_TO_BARE.search(body)) is not None
            and any(ACTIONS[s.action].gives_access(s.change) for s in draft.steps)
        ):
            # "Give Tom send as on Sales and the rest to Maria Garcia": what Maria gets is not said (the aside
            # reading left her out of a ready plan): asked
            return negation.ask_scope(
                lx.REST_TO_BARE_ASK.format(rest=rest.group("rest"), who=rest.group("who").strip())
            )
        if draft.status == "ready" and (
            handled := _team_handles_person(cleaned, draft, mentions_of, directory, requester)
        ):
            # "Give Tom full access to support, the hr team answers Ava": Ava one more, or whom hr answers to?
            return negation.ask_scope(handled, _person_role(draft))
        if draft.status == "ready" and (writer := _other_writer(body, requester, mentions_of)):
            # "add me to marketing and all-sales thx ken", sent by Grace: the sign-off says Ken wrote it, so
            # whose "me" it is cannot be told (Grace passing Ken's words on, or thanking Ken): asked
            return negation.ask_scope(
                f"The request is signed {writer!r}, not by you: who is 'me'? Name the person.",
                _person_role(draft),
            )
        if draft.status == "ready" and _pronoun_after_approver(pasted.without_asides(body)):
            # "Give Rachel full access. Mike OK'd it, and he needs send as too": the approver is cut as a
            # claim, so "he" would fall back to Rachel; it may be Mike (no genders known): asked
            return negation.ask_scope(
                "Who is meant by the he/she/him/her said after who approved it? Name the person.",
                _person_role(draft),
            )
        low = cleaned.lower()
        if draft.status == "ready" and _old_address_kept_too(draft, low):
            # "we don't need to keep the old one, but don't remove it yet": the old address both to go and to
            # stay (the negated removal is cut as ruled out); an address dropped is not given back: asked
            return negation.ask_scope(
                "Should the old primary address stay as an alias after the change?", "keep_old"
            )
        if (
            draft.status == "ready"
            and any(
                s.action == "change_primary_alias" and s.params.get("keep_old") is False for s in draft.steps
            )
            and lx.RT80A_DROP_OLD_UNSURE.search(text)
        ):
            # "Could Tom's primary email become tom.b@acme.com? Should we drop the old address?": the drop is
            # asked or left for later; mail to the old address would bounce (rt80a N11)
            return negation.ask_scope(
                "Should the old primary address stay as an alias after the change?", "keep_old"
            )
        if (
            draft.status == "ready"
            and lx.SAME_ACCESS_AS.search(low)
            and not lx.RIGHT_NAMED_OUTRIGHT.search(low)
            and any(s.action in _LABELS for s in draft.steps)
        ):
            return negation.ask_scope(
                "The request asks for the same access someone else has without naming it: say which rights "
                '(for example "Full Access and Send As on support@acme.com").'
            )
        if draft.status == "ready" and (torn := _torn_value(draft) or _torn_bracket(cleaned, draft)):
            # "(display name UK Team)": a value read past its closing bracket holds text that is not it
            return negation.ask_scope(
                f"I could not tell where the value {torn!r} ends: say it again without brackets or quotes "
                '(for example "display name UK Team").',
                "display_name",
            )
        unnamed = next(
            (
                m
                for m in lx.PRONOUN_ROLE.finditer(cleaned)
                if not lx.ROLE_NAMED_BEFORE.search(cleaned[: m.start()])
            ),
            None,
        )
        if draft.status == "ready" and unnamed is not None:
            # "Give Tom full access and send as to her assistant": whoever that is, unnamed; never the person
            # the pronoun may mean, nor anyone else the plan would fall back to
            return negation.ask_scope(
                f"Who is {unnamed.group(0).strip()!r}? The directory does not say: name the person.",
                _person_role(draft),
            )
        if (
            draft.status == "ready"
            and lx.ALREADY_SHARED_WITH.search(low)
            and lx.REPLACES_WHAT_IS.search(low)
            and any(s.action == "calendar_share" for s in draft.steps)
        ):
            # "... already shared with Maria. Remove it and share it with Ken instead": whether Maria loses
            # the share is said only against what is so; never planned without it, nor guessed
            return negation.ask_scope(
                "The request takes away or replaces a share it says is already there: say who should lose "
                'access to which calendar (for example "remove Maria Garcia from Olivia Martin\'s calendar").'
            )
        left_to = lx.LEFT_TO_SOMEONE.match(cleaned)
        if draft.status == "ready" and left_to is not None and not any(_gives(s) for s in draft.steps):
            # "Leave my calendar to Priya Patel": handed to her, or her access taken away? (red team 32 took
            # it away)
            return negation.ask_scope(lx.LEFT_TO_SOMEONE_ASK.format(said=cleaned.strip(" .!")))
        if draft.status == "ready" and (twice := _name_used_twice(cleaned, draft)):
            return negation.ask_scope(
                f"{twice!r} is read as part of the new list's name and as its member: say the name again in "
                "quotes, and who should be in the list (for example \"called 'Ops' with Ken Adams\").",
                "members",
            )
        if draft.status == "ready" and reader.ctx.unstated_levels:
            # "Sarah manages my diary now: please give Sarah editor on my calendar": one share said twice
            draft = _unstated_share_said_again(draft, reader.ctx.unstated_levels, kept, reader.known)
        if draft.status == "ready" and (clash := _conflicting(draft)):
            # one change asked for twice in different ways: which way is the person's to say
            return negation.ask_scope(
                f"The request asks for {ACTIONS[clash].label} twice, in different ways: say it again once, "
                "the way you meant it.",
                "access" if clash == "calendar_share" else "scope",
            )
        if (
            draft.status == "ready"
            and lx.UNSAID_CHANGE.search(low)
            and not any(ACTIONS[s.action].kind == "write" for s in draft.steps)
        ):
            # "Check why Ken can't get into billing and fix it": the report is planned, the change is not said
            return negation.ask_scope(
                "The request asks for a change without saying which: say what should change (for example "
                '"give Ken Adams full access to billing@acme.com"), or ask for the report alone.',
                "action",
            )
        temporary = lx.TEMPORARY.search(lx.NOT_TEMPORARY.sub(" ", kept.lower())) or any(
            # (nlu117: "Short description: Temporary mailbox access" over the body read)
            lx.TEMPORARY.search(lx.NOT_TEMPORARY.sub(" ", title.group(0).lower()))
            for title in lx.NLU117_TITLE_LINE.finditer(text)
        )
        if draft.status == "ready" and _endless_grant(draft) and (ends := lx.NLU117_END_LINE.search(text)):
            # nlu117: "To: Fri", "To: 06/03/2026", "From: Monday - To: Friday": an end said, none read
            return negation.ask_scope(
                lx.NLU117_END_UNREAD_ASK.format(said=ends.group(0).strip(" \t\n-–—|")), "expires"
            )
        if draft.status == "ready" and temporary and _endless_grant(draft):
            # "temporary" with no end the planner could read: a grant for good is not what was asked
            return negation.ask_scope(
                "The request says the change is temporary, but I could not tell until when, or it cannot end "
                "by itself (only grants of access, list adds, calendar shares and forwarding can): say how "
                'long (for example "for 3 days" or "until Friday"), or ask for the change without '
                '"temporary".',
                "expires",
            )
        if draft.status == "ready" and (inside := _purpose_person(text, draft)):
            # nlu105: "for the handover to Chris Lee" names Chris as the purpose's, not as one given to
            return negation.ask_scope(
                lx.NLU105_PURPOSE_PERSON_ASK.format(who=inside[0], said=inside[1]), "scope"
            )
        if (
            draft.status == "ready"
            and (gapped := _gapped_grant(text, draft, self._names(directory))) is not None
        ):
            # nlu105: "... for 2 weeks. 3 days for Chris Lee on Billing.": Chris's grant, said by ellipsis
            return negation.ask_scope(lx.NLU105_GAPPED_ASK.format(said=gapped), "scope")
        if (
            draft.status == "ready"
            and (unsure := _end_unsure(text, kept, draft, self._now(), self._names(directory))) is not None
        ):
            if isinstance(unsure, Draft):
                draft = unsure
            else:
                # red team 59 U2/U6: a time said that no end was read from, a length in another language or
                # only in the Subject, two ends, a split count: never a grant for good or for longer
                return _end_asked(unsure[0].format(said=unsure[1]), draft, text, directory, requester)
        if (
            draft.status == "ready"
            and any(_gives(s) and "expires" not in s.params for s in draft.steps)
            and (
                unread := _length_unread(
                    kept,
                    self._now(),
                    # a span in words ("for a bit") asks its end only of a right that can have one: a
                    # forwarding has no end to set ("my email forward to Ava, i'm off sick for a bit")
                    periods=any(
                        s.action in TIME_BOUND and _gives(s) and "expires" not in s.params
                        for s in draft.steps
                    ),
                )
            )
            is not None
        ):
            # "full access to sales@ 2 wks", "for 3 business days": a length no end was read from; a grant for
            # good is not what was asked (nlu41: batch 23's ", 6 hours only" was granted for good)
            return _end_asked(lx.LENGTH_UNREAD_ASK.format(said=unread), draft, text, directory, requester)
        if draft.status == "ready" and (approved_end := _quoted_approval_end(text, draft, self._now())):
            # "Could I get full access to sales@?\n> From: Priya\n> Approved, for a week.": the approval
            # quoted under the request limits it; granted for good it would outlast what was approved (nlu82)
            return _end_asked(lx.ABSENCE_ASK.format(said=approved_end), draft, text, directory, requester)
        giving = [s for s in draft.steps if (s.action in TIME_BOUND or _ends_apart(s)) and _gives(s)]
        if draft.status == "ready" and len({"expires" in s.params for s in giving}) == 2:
            draft = _end_said_for_both(kept, draft, giving, self._now())
            giving = [s for s in draft.steps if (s.action in TIME_BOUND or _ends_apart(s)) and _gives(s)]
        if (
            draft.status == "ready"
            and len({"expires" in s.params for s in giving}) == 2
            and (tail := lx.TOO_TAIL_THEN_END.search(kept))
        ):
            # "..., and Liam too, until Friday": one ending and one for good is never what was asked
            return _end_asked(
                lx.TOO_TAIL_END_ASK.format(said=tail.group(0)), draft, text, directory, requester
            )
        if draft.status == "ready" and (unbound := _end_word_unbound(kept, draft)):
            # "share my calendar with Ava as reviewer? thanks. until friday": an end said that no step took
            # is asked, never dropped into a change for good (batch 35 shared the calendar for good)
            return _end_asked(lx.END_WORD_UNBOUND_ASK.format(said=unbound), draft, text, directory, requester)
        if draft.status == "ready" and (said_nlu88 := _end_not_as_said(text, kept, draft, self._now())):
            # red team 55 classes 4-7: an end said for one step, dropped, starting later or rough is asked,
            # never a step with another's end, for good, started now or ending later than said
            return _end_asked(lx.END_NLU88_ASK.format(said=said_nlu88), draft, text, directory, requester)
        if draft.status == "ready" and (same := _same_span_unread(kept, draft)):
            # "Give Tom full access to support for the same period": the span refers to an end no step took
            return _end_asked(lx.NLU93_SAME_SPAN_ASK.format(said=same), draft, text, directory, requester)
        if draft.status == "ready" and (absence := _absence_without_end(kept, draft)):
            # "... can have full access to Chris Lee's mailbox while he's off": a span with no end (nlu48)
            return _end_asked(lx.ABSENCE_ASK.format(said=absence), draft, text, directory, requester)
        window = lx.TIME_WINDOW.search(kept.lower())
        if draft.status == "ready" and window and any(_gives(s) for s in draft.steps):
            opens_now = window.group("start") in lx.WINDOW_OPENS_NOW
            if not opens_now or _endless_grant(draft):
                # a window the product cannot schedule: granting now, or for good, is not what was asked
                return negation.ask_scope(
                    f"The request gives a time window ({window.group(0)!r}), but a change cannot be "
                    "scheduled to start later, and only grants of access, list adds, calendar shares and "
                    "forwarding can end by themselves: ask on the day it should start, with an end (for "
                    'example "until Friday"), or for the change without the window.',
                    "expires",
                )
        residual = negation.residual_negation(kept)
        writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
        lowered = negation.downgrades(draft, kept)
        giving = [s for s in writes if ACTIONS[s.action].gives_access(s.change) and s not in lowered]
        if draft.status == "ready" and residual and writes and (giving or not negation.only_takes_away(kept)):
            # A negation the scope pass did not understand: planning around it could plan what it rules out.
            return negation.ask_scope(
                f"I could not tell what {residual!r} rules out in this request. Say it again without it, "
                "or as separate requests."
            )
        if (
            draft.status == "ready"
            and (copied := _copied_in(text, mentions_of))
            and any(m.pronoun == "person" for m in mentions_of(kept))
        ):
            # "Tom ... give her full access .... Cc: Ava Johnson": whom "her" means may be the one copied in
            # as well as the one named; never a copied person's grant, nor a guess
            return negation.ask_scope(
                f"Who is meant by the he/she/him/her? The request names someone and copies in {copied!r}: "
                "name the person who should get it.",
                _person_role(draft),
            )
        if (
            draft.status == "ready"
            and not read.filed_for
            and (behalf := _on_behalf_of_other(text, mentions_of))
        ):
            # "Requester: Ethan / On behalf of: Mia / add the requester": the ticket's requester filed it for
            # someone else; which of the two "the requester" means is theirs to say
            return negation.ask_scope(
                f"The ticket was filed on behalf of {behalf!r}: is 'the requester' the one who filed it or "
                f"{behalf!r}? Name the person.",
                _person_role(draft),
            )
        if (
            draft.status == "ready"
            and (role := lx.ROLE_IN_BODY.search(body))
            and not _role_named_apart(body, role.span(), draft, mentions_of, directory, requester)
        ):
            return negation.ask_scope(
                f"Who is {role.group(0)!r}? Name the person, not their role in the ticket.",
                _person_role(draft),
            )
        if draft.status == "ready" and _end_for_one_of_many(kept, mentions_of(kept), draft):
            # "Give the Finance Team send as, but Rachel only until Friday": the end is said for one of them,
            # never for everyone the change is for
            return negation.ask_scope(
                "The request says an end for only one of those it gives access to: say when each grant "
                'should end (for example "Finance Team for good, Rachel Green until Friday"), or ask '
                "separately.",
                "expires",
            )
        if draft.status == "ready" and (pruned := _aside_steps_dropped(read, draft, directory, requester)):
            # "Give Ken full access to support@ - Ava already has it": the steps read from what someone holds,
            # told in passing, are no part of the request (red team 28 asked; the rest is still checked)
            draft = pruned
        narrowed: Draft | None = None
        if draft.status == "ready" and (again := _held_given_again(read, draft, directory, requester)):
            narrowed = _narrowed_to_others(read, draft, directory, requester)
            if narrowed is None:
                # "Give Ken full access to support@ - Ava already has it. Add Ava to marketing": not Ava too
                return negation.ask_scope(lx.HOLDING_ALREADY_ASK.format(who=again), _person_role(draft))
        if draft.status == "ready" and (missing := _unaccounted_in(read, draft, directory, requester)):
            return missing
        if draft.status == "ready" and (
            odd := trace.untraced(
                kept,
                mentions_of(kept),
                draft,
                directory,
                requester,
                carried=[m for said in sc.kept + sc.context for m in mentions_of(said)],
                ruled_out=[m for said in sc.ruled_out for m in mentions_of(said)],
                listed_groups=draft.listed_groups,
                attachments=reader.attachments,
            )
        ):
            # a step value no asking words account for (a description, a bracket, what a correction replaced,
            # the requester's own doing): asked, never a ready plan (trace.py)
            return negation.ask_scope(odd.question(), odd.about)
        if narrowed is not None:
            # "(Chris already has it so just Tom)": checked whole above (Chris is named in the change),
            # planned for the others only
            draft = narrowed
        if draft.status == "ready" and (
            for_whom := _for_person_after(cleaned, draft, mentions_of, directory, requester)
        ):
            # "Give Emma full access to careers@acme.com for Ava Johnson": Ava one more, or whom it is for?
            return negation.ask_scope(for_whom, _person_role(draft))
        # a calendar share no part of the request gave a level: asked last, once nothing else is
        draft = _level_unstated(draft, reader.ctx.unstated_levels, kept, sc.level_cap, reader.known)
        if slips:
            read_as = ", ".join(f"{typed!r} as {cue!r}" for typed, cue in slips)
            draft = draft.model_copy(update={"message": f"{draft.message} (I read {read_as}.)"})
        return draft

    def unaccounted(
        self,
        text: str,
        draft: Draft,
        *,
        requester: Recipient,
        directory: Directory,
        attachments: Sequence[Attachment] = (),
    ) -> Draft | None:
        """The structural check of accounted.py for a ready plan drafted by another planner (the LLM
        planner): the question to ask instead of `draft` when `text` names a person, mailbox, list or right
        that no step of it accounts for, read the way this planner reads the request (its asides, what
        negations rule out); None when everything is accounted for, or when `draft` is not ready. A request
        this planner cannot read at all is checked whole, with no asides."""
        if draft.status != "ready":
            return None
        read = self._read(text, requester=requester, directory=directory, attachments=attachments)
        if isinstance(read, Draft):
            names = self._names(directory)
            whole = _clean(pasted.without_asides(pasted.body(text)))

            def mentions_of(part: str) -> list[Mention]:
                return [
                    m for m in find_mentions(part, directory, requester, names) if not _impersonation(m, part)
                ]

            read = _Reading(
                text,
                whole,
                [],
                whole,
                negation.Scope(text=whole),
                _Reader(directory, requester, attachments, whole),
                mentions_of,
            )
        return _unaccounted_in(read, draft, directory, requester)

    def _names(self, directory: Directory) -> NameIndex:
        return _name_index(directory)


def _aside_steps_dropped(
    read: _Reading, draft: Draft, directory: Directory, requester: Recipient
) -> Draft | None:
    """`draft` without the steps read from what someone holds, told in passing (accounted.holding_asides):
    each step giving access to or on someone or something named only there, and a calendar level said only
    there replaced by the one level said outside it. None when nothing is dropped, when everything would
    be, or when a he/she/it after the aside may mean someone named in it (then accounted.py asks)."""
    mentions = read.mentions_of(read.kept)
    masked = mask_mentions(read.kept, mentions)
    held = accounted.holding_alone(masked)
    if not held:
        return None  # (none, or "..., she also wants marketing": more is said of them)
    inside = {int(n) for a in held for n in re.findall(r"§(\d+)§", a.group(0))}
    ids = negation.Ids(directory, requester)
    outside = frozenset().union(
        *(ids.of(m.ref) for i, m in enumerate(mentions) if i not in inside and not m.pronoun)
    )
    only_there = (
        frozenset().union(*(ids.of(mentions[i].ref) for i in inside if not mentions[i].pronoun)) - outside
    )
    kept = [
        s
        for s in draft.steps
        if not (ACTIONS[s.action].gives_access(s.change) and ids.in_step(s) & only_there)
    ]
    told, last = [], 0
    for a in held:
        told.append(masked[last : a.start()])
        last = max(last, a.end())
    told.append(masked[last:])
    levels_outside = {w.lastgroup for w in lx.LEVEL_SAID.finditer(" ".join(told))}
    levels_inside = {w.lastgroup for a in held for w in lx.LEVEL_SAID.finditer(a.group(0))}
    relevelled = False
    if len(levels_outside) == 1:
        (level,) = levels_outside
        for i, s in enumerate(kept):
            if s.action == "calendar_share" and s.params.get("access") in levels_inside - levels_outside:
                kept[i] = s.model_copy(update={"params": {**s.params, "access": level}})
                relevelled = True
    if not kept or (len(kept) == len(draft.steps) and not relevelled):
        return None
    n = len(kept)
    return draft.model_copy(update={"steps": kept, "message": f"Understood {n} step{'s' * (n != 1)}."})


def _held_given_again(read: _Reading, draft: Draft, directory: Directory, requester: Recipient) -> str:
    """Who the request says already holds it (lx.HOLDING_ALREADY) when the ready plan gives them what it gives
    someone else on the same target, or ""."""
    mentions = read.mentions_of(read.kept)
    ids = negation.Ids(directory, requester)
    for held in lx.HOLDING_ALREADY.finditer(mask_mentions(read.kept, mentions)):
        who = mentions[int(held.group(0).strip("§"))]
        them = ids.of(who.ref)
        for s in draft.steps:
            if not ACTIONS[s.action].gives_access(s.change) or not ids.in_step(s) & them:
                continue
            target = ids.in_step(s) - them
            if any(
                o is not s and o.action == s.action and target & ids.in_step(o) and not ids.in_step(o) & them
                for o in draft.steps
            ):
                return who.surface or who.ref
    return ""


def _narrowed_to_others(
    read: _Reading, draft: Draft, directory: Directory, requester: Recipient
) -> Draft | None:
    """The plan without the steps for one the request says already holds it, when it says so to narrow the
    change to the others ("Give Tom and Chris send as on support (Chris already has it so just Tom)",
    lx.HOLDING_NARROWED): every step left is for one named after "so just". None otherwise (asked)."""
    mentions = read.mentions_of(read.kept)
    ids = negation.Ids(directory, requester)
    for found in lx.HOLDING_NARROWED.finditer(mask_mentions(read.kept, mentions)):
        held = ids.of(mentions[int(found.group("held").strip("§"))].ref)
        only = frozenset().union(
            *(ids.of(mentions[int(n)].ref) for n in re.findall(r"§(\d+)§", found.group("only")))
        )
        if not held or not only or held & only:
            continue

        # only the holder's steps the others get the same of (same action, same target): any other change
        # for them stands ("... (Tom already has it so just Ava). Also add Tom to all-sales")
        def same(a: DraftStep, b: DraftStep, held: frozenset[str] = held) -> bool:
            return a.action == b.action and bool(
                (ids.in_step(a) - held) & (ids.in_step(b) - ids.in_people(b))
            )

        for_held = [s for s in draft.steps if ids.in_people(s) & held]
        others = [s for s in draft.steps if not ids.in_people(s) & held]
        dropped = [s for s in for_held if any(same(s, o) for o in others)]
        siblings = [o for o in others if any(same(s, o) for s in dropped)]
        if dropped and all(ids.in_people(o) and ids.in_people(o) <= only for o in siblings):
            return draft.model_copy(update={"steps": [s for s in draft.steps if s not in dropped]})
    return None


def _unaccounted_in(read: _Reading, draft: Draft, directory: Directory, requester: Recipient) -> Draft | None:
    """The structural check (accounted.py) on `draft` against the request as `read`: a question naming what
    the text names and no step or aside accounts for; None when everything is accounted for."""
    missing = accounted.unaccounted(
        read.kept,
        read.mentions_of(read.kept),
        draft,
        directory,
        requester,
        asides=read.reader.ctx.asides,
        ruled_out=read.sc.ruled_out + read.sc.withdrawn + read.sc.context,
        mentions_of=read.mentions_of,
        verdicts=[
            m
            for v in lx.NAME_VERDICT.finditer(read.body)
            for m in read.mentions_of(v.group("who"))
            if m.is_person and not m.pronoun and m.ref != "me"
        ],
    )
    if missing is None:
        return None
    # "... Ethan needs send as on support@, and so does David": a name no step and no aside accounts for is
    # a clause no rule read; the plan would look done without it
    return negation.ask_scope(
        f"I could not tell what the request asks for {missing.said!r}: say again what should change for it, "
        "or as separate requests.",
        missing.about,
    )


_NAME_INDEXES: weakref.WeakKeyDictionary[Directory, NameIndex] = weakref.WeakKeyDictionary()
_NAME_INDEXES_LOCK = threading.Lock()


def _name_index(directory: Directory) -> NameIndex:
    """The names of `directory`, built once per Directory object (a refresh builds a new one).

    Keyed weakly on the object itself, not on id(): a directory that was freed can share its id with a new
    one, whose names an id-keyed cache would silently answer with the old tenant's (or another tenant's)."""
    with _NAME_INDEXES_LOCK:
        found = _NAME_INDEXES.get(directory)
        if found is None:
            found = _NAME_INDEXES[directory] = NameIndex(directory)
        return found


# ---- text --------------------------------------------------------------------------------------------


def _heading_pronouns(text: str) -> str:
    """Each he/him/his in the items listed right under a heading naming a person (lx.NLU93_PERSON_HEADING,
    "Leaver: Ethan Park") said as that person's name; an item naming someone by a capitalised name before its
    pronoun is left as written (the pronoun may be theirs)."""
    heading = lx.NLU93_PERSON_HEADING.search(text)
    if heading is None:
        return text
    who = heading.group("who")
    lines = text[heading.end() :].split("\n")
    out = [lines[0]]
    for n, line in enumerate(lines[1:]):
        item = lx.NLU93_LIST_ITEM.match(line)
        if item is None:
            if line.strip():
                out.extend(lines[n + 1 :])  # the list ended: what follows is read as written
                break
            out.append(line)
            continue
        said = line[item.end() :]
        first = lx.NLU93_HEADING_PRONOUN.search(said)
        if first is not None and not re.search(r"\b[A-Z][a-z]", said[1 : first.start()]):
            said = lx.NLU93_HEADING_PRONOUN.sub(lambda p: f"{who}'s" if p["whose"] else who, said)
        out.append(line[: item.end()] + said)
    return text[: heading.end()] + "\n".join(out)


def _surnames_said_in_full(text: str, index: NameIndex) -> str | Draft:
    """`text` with a surname said alone after the person was named in full said as that full name: "Give Tom
    Becker and Chris Lee access to Billing, but not Lee" rules Chris Lee out (red team 57: "Lee" named no one,
    so the ruling-out took nothing and Chris was granted). Only in a ruling-out ("not", "except", "without",
    "leaving Lee", "but Lee stays"), and only the one person of that surname the request named in full (a
    tenant's first name and surname); none named, the one person of the tenant with that surname ("Remove
    all members of all-sales but not Patel": Priya Patel; red team 61 removed her). Two of that surname
    ("Chris Lee and Christine Lee ..., but not Lee") are asked: which one is kept cannot be told (nlu101).
    Outside a ruling-out the word stays as said ("Add Tom Becker and Ava Johnson - no, only Becker" is asked,
    as the corpus has it)."""
    full: dict[str, set[str]] = {}
    for named in lx.NLU92_FULL_NAME.finditer(text):
        first, last = named.group("first"), named.group("last")
        if first.casefold() in index.first_names and last.casefold() in index.surnames:
            full.setdefault(last, set()).add(f"{first} {last}")
    ambiguous: list[str] = []

    def said_in_full(alone: re.Match[str]) -> str:
        word = alone.group(0)
        said = " ".join(text[: alone.start()].split())
        # ("but not Ms Wilson": a title is no first name; nlu97)
        before = lx.NLU97_TITLE_END.sub("", said).rstrip()
        if lx.NLU92_AFTER_A_NAME.search(before + " ") or not (
            lx.NLU92_RULES_OUT_BEFORE.search(before + " ")
            or lx.NLU97_RULES_OUT_LIST_BEFORE.search(before + " ")
            or lx.NLU101_RULES_OUT_AFTER.match(text, alone.end())
        ):
            return word
        names = full.get(word) or set()
        if names and not any(n in before for n in names):
            return word
        if not names and word not in full:
            names = set(index.by_surname.get(word.casefold(), ()))
        if len(names) > 1:
            ambiguous.append(word)
        return next(iter(names)) if len(names) == 1 else word

    text = lx.NLU101_SURNAME_ALONE.sub(
        lambda alone: said_in_full(alone) if alone.group(0).casefold() in index.surnames else alone.group(0),
        text,
    )
    if ambiguous:
        who = sorted(full.get(ambiguous[0]) or index.by_surname.get(ambiguous[0].casefold(), frozenset()))
        return negation.ask_scope(
            lx.NLU101_SURNAME_OF_TWO_ASK.format(said=ambiguous[0], names=" or ".join(who))
        )
    return text


def _same_draft(one: Draft, other: Draft) -> bool:
    """Whether two readings of a request plan the same: the same outcome, steps and questions."""
    return (
        one.status == other.status
        and one.steps == other.steps
        and [(q.about, q.text) for q in one.questions] == [(q.about, q.text) for q in other.questions]
    )


def _unwrapped(text: str) -> str:
    """The request with a mail's quoted-printable soft line breaks joined ("for a=\nweek": a line the mailer
    broke, joined as it was written)."""
    return lx.NLU95_QP_SOFT_BREAK.sub("", text) if "=\n" in text or "=\r\n" in text else text


def _plain_words(text: str) -> str:
    """The request's words as written, once its HTML and entities are read (markup.as_text): no-break
    spaces as spaces, invisible characters inside words taken out, emphasis marks and quotes or brackets
    around a length taken off ("for *one week*", 'for "a week"', "for (one) week"). Red team 59 read none of
    these lengths and granted for good."""
    text = lx.NLU97_INVISIBLE.sub("", text.replace("\xa0", " "))
    text = lx.NLU95_EMPHASIS.sub(r"\g<words>", text)
    return lx.NLU95_QUOTED_LENGTH.sub(
        lambda m: m.group("length") or f"{m.group('count')} {m.group('unit')}", text
    )


def _fine_as_is(m: re.Match[str]) -> str:
    """ "... - Emma's mailbox is fine as is" read as "leave Emma's mailbox as is" (nlu147); but what is said
    of the mailbox of someone named before it as whom the change is for ("Give Jane and Mike full access to
    billing. Mike's mailbox is fine as is") takes nothing back from them: left as said (red team 78 M3)."""
    name = m.group("name")
    if m.group("own") and re.search(rf"(?i)\b{re.escape(name)}\b(?![\'’])", m.string[: m.start()]):
        return m.group(0)
    return lx.NLU147_FINE_AS_IS_SAY.format(lead=m.group("lead"), name=name, own=m.group("own") or "")


def _clean(text: str) -> str:
    # NFKC first, as resolution does: fullwidth 'ｓｕｐｐｏｒｔ@acme.com' is read as the address it shows.
    text = _heading_pronouns(unicodedata.normalize("NFKC", text).translate(str.maketrans(_TYPOGRAPHY)))
    text = _lines_as_sentences(text)
    text = lx.SETTING_COLON.sub(r"\1 ", lx.HONORIFIC.sub("", lx.ARROW.sub(" to ", text)))
    text = _corrections_said(" ".join(text.split()))
    # "... - Mike declined the meeting": what someone did, told after a dash, a sentence of its own (nlu147)
    text = lx.NLU147_DASH_TOLD.sub(lx.NLU147_DASH_TOLD_SAY, text)
    text = lx.NLU147_INTRO_WRITING.sub(lx.NLU147_INTRO_WRITING_SAY, text)
    # "... - Emma's mailbox is fine as is": what is said to stay as it is, left alone (nlu147)
    text = lx.NLU147_FINE_AS_IS.sub(_fine_as_is, text)
    text = lx.DONT_GIVE_LEVEL_ENOUGH.sub(lx.DONT_GIVE_LEVEL_ENOUGH_SAY, text)
    text = lx.SELF_INTRO_FROM.sub(r"\g<head>", text)
    text = lx.SELF_INTRO_HERE.sub(lx.SELF_INTRO_HERE_SAY, text)
    text = lx.ROLE_OF_OTHER_HERE.sub(lx.ROLE_OF_OTHER_HERE_SAY, text)
    text = lx.SUBJECT_FROM_TEAM.sub(lx.SUBJECT_FROM_TEAM_SAY, text)
    text = lx.TEXTING_VERB.sub(lambda m: lx.TEXTING_VERBS[m.group(0).lower()], text)
    text = lx.CHAT_WORD.sub(lambda m: lx.CHAT_WORDS[m.group(0).lower()], text)
    # "del the marketing dl", "ad me 2 the marketing list": chat's delete and "to" (nlu154)
    text = lx.NLU154_NOT_ON_ANY_MORE.sub(lx.NLU154_NOT_ON_ANY_MORE_SAY, text)
    text = lx.NLU154_STACKED_CORRECTION.sub("", text)
    text = lx.NLU154_NAME_IS_AWAY.sub(lx.NLU154_NAME_IS_AWAY_SAY, text)
    text = lx.NLU154_NO_LONGER_ON_IT.sub(lx.NLU154_NO_LONGER_ON_IT_SAY, text)
    text = lx.NLU154_LIST_TOPIC.sub(lx.NLU154_LIST_TOPIC_SAY, text)
    text = lx.RT80A_MOVING_OFF.sub(lx.RT80A_MOVING_OFF_SAY, text)  # ", moving him off all-sales" (rt80a)
    text = lx.NLU154_JOIN_TWO.sub(
        lx.NLU154_JOIN_TWO_SAY, lx.NLU154_DEL_LIST.sub(lx.NLU154_DEL_LIST_SAY, text)
    )
    text = lx.LIST_KEPT_SAID.sub(
        lambda m: m.group(0) if lx.LIST_GONE_BEFORE.search(m.string[: m.start()]) else lx.LIST_KEPT_SAY, text
    )
    text = lx.NEW_LIST_BARE_NAME.sub(lambda m: m.group("head") + lx.NEW_LIST_NAME_SAY, text)
    text = lx.NEW_LIST_ASKED.sub(lx.NEW_LIST_ASKED_SAY, text)
    text = lx.NEW_LIST_NAME_BEFORE_ADDRESS.sub(lambda m: m.group("head") + lx.NEW_LIST_NAME_SAY, text)
    text = lx.SHORT_CALENDAR.sub(r"\g<whose> calendar", text)
    text = lx.NLU135_SHARED_CAL.sub(r"\g<lead>calendar", text)
    if not lx.FORWARDING.search(text.lower()):
        text = lx.LEAVE_OFF_LIST.sub(lx.LEAVE_OFF_LIST_SAY, lx.GOES_ON_LIST.sub(lx.GOES_ON_LIST_SAY, text))
    text = lx.NOT_FORGETTING.sub(lx.NOT_FORGETTING_SAY, text)
    text = lx.PAST_LOSS_ASIDE.sub("", text)
    text = lx.NLU167_MOVED_TOLD.sub("", text)  # ", everyone on it has moved to X" (nlu167)
    text = lx.NLU167_JOINING_TOLD.sub(r"\g<lead>", text)  # "... ? I'm joining the finance team" (nlu167)
    text = _sequenced_objects(lx.LEAVE_NOUN.sub(lx.LEAVE_NOUN_SAY, text))
    text = lx.SEE_QUESTION.sub(lx.SEE_QUESTION_SAY, text)
    text = lx.SO_DOES_NAME.sub(
        lambda m: (
            m.group(0)
            if lx.HOLDING_SAID.search(m.group("before")) or lx.READER_SAID.search(m.group("before"))
            else _so_does_after_order(m) or f"{m.group('before')}. {m.group('who')} too"
        ),
        text,
    )
    if lx.PRIMARY_ADDRESS.search(text.lower()):
        text = lx.OLD_STAYS_SECONDARY.sub(lx.OLD_STAYS_SAY, text)
    for ends in lx.FORWARD_ENDS:
        # "Tom should no longer receive everything sent to info@": info@'s forwarding to Tom ends
        text = ends.sub(
            lambda m: lx.FORWARD_ENDS_SAY.format(
                box=m.group("box"),
                who=lx.FORWARD_ENDS_ME if lx.FIRST_PERSON.fullmatch(m.group("who")) else m.group("who"),
            ),
            text,
        )
    return " ".join(_cut_injections(text).split()).strip(" ,;")


def _length_set_by(text: str) -> str | Draft:
    """ "Give Tom full access to billing@ - Ava Johnson limited it to a week": the length someone set, read as
    "for a week", who set it cut (lx.NLU143_LENGTH_SET_BY; nlu143). Someone other than the writer, with a
    he / she said after them ("..., she needs it too"), may be the one that pronoun means: asked whom."""
    for pending in lx.NLU151_APPROVER_PENDING.finditer(text):
        # "- Mike pending", "Approval: Mike (pending)": someone the request did not name before, pending, is
        # an approval still to come, asked; a part named before ("Sales and Finance. Finance pending") is a
        # part held, read as such later (nlu151)
        said_before = set(re.findall(r"[\w'’-]+", text[: pending.start()].casefold()))
        if not set(pending.group("who").casefold().split()) & said_before:
            return negation.ask_scope(lx.NLU151_APPROVER_PENDING_ASK.format(said=pending.group(0).strip()))
    if (named := lx.NLU151_LENGTH_APPROVED_FOR.search(text)) is not None:
        # "- Mike approved a week for Tom and Liam": whom the approval names is asked, never granted (nlu151)
        return negation.ask_scope(
            lx.NLU151_LENGTH_APPROVED_FOR_ASK.format(
                who=named.group("who"),
                length=named.group("length"),
                whom=named.group("whom").strip(),
                said=named.group(0).strip(" -–—"),
            ),
            about="trustee",
        )
    if (other := lx.NLU147_LENGTH_SET_ON_OTHER.search(text)) is not None:
        # "- Ava limited Mike to a week": a length set on someone named, not on this grant (nlu147)
        return negation.ask_scope(
            lx.NLU147_LENGTH_SET_ON_OTHER_ASK.format(
                who=other.group("who"), whom=other.group("whom"), said=other.group(0).strip(" -–—")
            ),
            about="expires",
        )
    for found in lx.NLU143_LENGTH_SET_BY.finditer(text):
        setter = found.group("who") or found.group("by") or found.group("per")
        if setter is None or lx.NLU143_SETTER_WRITER.fullmatch(setter):
            continue
        if (pronoun := lx.NLU138_PRONOUN_AFTER_ASIDE.search(text, found.end())) is not None:
            return negation.ask_scope(
                lx.NLU138_ASIDE_PRONOUN_ASK.format(
                    pronoun=pronoun.group(0), before="the one the change is for", said=found.group(0).strip()
                ),
                about="trustee",
            )
    # "- Mike gave it the green light until Friday": the end is the grant's, the approver cut; a he / she
    # after them may be the approver: asked whom, as above (nlu151)
    for found in lx.NLU151_APPROVED_TO_END.finditer(text):
        if (pronoun := lx.NLU138_PRONOUN_AFTER_ASIDE.search(text, found.end())) is not None:
            return negation.ask_scope(
                lx.NLU138_ASIDE_PRONOUN_ASK.format(
                    pronoun=pronoun.group(0), before="the one the change is for", said=found.group(0).strip()
                ),
                about="trustee",
            )
    text = lx.NLU151_APPROVED_TO_END.sub(lx.NLU151_APPROVED_TO_END_SAY, text)
    text = lx.NLU143_LENGTH_SET_BY.sub(lx.NLU143_LENGTH_SET_BY_SAY, text)
    if (other := lx.NLU148_LENGTH_SET_ELSE.search(text)) is not None:
        # ("- last time Ava limited it to a week": of another time or grant; Ava was granted; nlu148)
        return negation.ask_scope(
            lx.NLU148_LENGTH_SET_ELSE_ASK.format(said=other.group(0).strip()), about="expires"
        )
    return text


def _so_does_after_order(m: re.Match[str]) -> str:
    """ "Give Tom full access to support@ and so does Ken Adams": after an order, "so does Ken" says what Ken
    has, a model as "like Ken has", never Ken granted too (lx.SO_DOES_AFTER_ORDER; nlu48). Empty otherwise."""
    # (the sentence it closes, read whole: "before" stops at the dot of "billing@acme.com")
    sentence = lx.SO_DOES_SENTENCE_END.split(m.string[: m.end("before")])[-1]
    if not lx.SO_DOES_AFTER_ORDER.search(sentence) or not lx.SO_DOES_SAID.search(m.group(0)):
        return ""
    return lx.SO_DOES_AS_MODEL.format(before=m.group("before"), who=m.group("who"))


def _sequenced_objects(text: str) -> str:
    """ "Add Ken to all-sales, then marketing next": a bare object after a sequencing word is the same change
    for it too, read as "... and marketing" (lx.SEQUENCED_OBJECT; nlu48)."""
    return lx.SEQUENCED_OBJECT.sub(
        lambda m: (
            m.group(0)
            if m.group("what").split()[-1].casefold() in lx.SEQUENCED_NOT_OBJECT
            or m.group("what").split()[0].casefold() in lx.SEQUENCED_NOT_OBJECT
            else m.expand(lx.SEQUENCED_OBJECT_SAY)
        ),
        text,
    )


def _corrections_said(text: str) -> str:
    """ "hr@ -- sorry, finance@", "hr@, my bad, finance@", "hr@ - wrong one, finance@": a double dash is a
    dash, and a slip owned up to is "sorry", so the correction is read as one (nlu41: batch 23 granted both
    mailboxes after "-- sorry,")."""
    text = lx.DOUBLE_DASH.sub(" - ", text)
    text = lx.SLASH_BEFORE_FIX.sub(", ", text)
    if (more := lx.SLIP_THEN_MORE.search(text)) is not None:
        # ("..., sorry, also Ken", "- whoops, forgot Ken too": one more, never a fix)
        rest = lx.SLIP_FORGOT.sub(lx.SLIP_FORGOT_SAY, text[more.end() :], count=1)
        text = f"{text[: more.start()]}{more.group('gap')}{rest}"
    text = lx.FIX_SAID_BEFORE_NAME.sub(lambda m: f"{m.group('lead')} {lx.SLIP_OWNED_UP_SAY},", text)
    return lx.SLIP_OWNED_UP.sub(lambda m: f"{m.group('lead')} {lx.SLIP_OWNED_UP_SAY}", text)


def _lines_as_sentences(text: str) -> str:
    """Each line that ends a sentence without a full stop given one (lx.LINE_REACHES_ON says which)."""
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        before = out[-1].rstrip()
        if (bullet := lx.LINE_BULLETED_REQUEST.match(line)) is not None:
            # a change of its own, set out as one item of a list: a sentence after the line before
            if before and before[-1] not in ".?!":
                out[-1] = before.rstrip(" :;,-") + "."
            out.append(line[bullet.end() :])
            continue
        opens = before and before[-1] not in ".?!" and lx.LINE_OPENS_SENTENCE.match(line)
        listed = lx.LINE_LIST_ITEM.match(line) or lx.LINE_LIST_ITEM.match(before)
        if opens and not listed and not lx.LINE_REACHES_ON.search(before):
            out[-1] = before + "."
        out.append(line)
    return "\n".join(out)


def _context_asides(text: str, asides: Sequence[re.Match[str]] | None = None) -> str:
    """`text` without the parts after the request that tell who else is told, why, for whose work or who
    asked (lexicon.CONTEXT_ASIDE; red team 29): what they name is no trustee, member, grantee or mailbox.
    `asides`: CONTEXT_ASIDE's matches in `text` when already found (None: found here)."""
    forwarding = lx.FORWARDING.search(text.lower()) is not None
    # "Revoke Tom's full access to billing@, hand it over to Ava": the right moved to Ava
    # (REVOKED_THEN_GIVEN); only a right that is moved: "Remove Priya's access to my calendar and hand it over
    # to Maria" moves none, and the handover is an aside (read, Maria lost her share too)
    moved = any(negation.moved_right(m.group("what")) for m in lx.REVOKED_THEN_GIVEN.finditer(text)) or any(
        negation.moved_right(f"{m.group('who')}'s {m.group('what')}")
        for m in lx.UNNEEDED_THEN_GIVEN.finditer(text)
    )

    def kept(m: re.Match[str]) -> bool:
        return (forwarding and _kept_on_forwarding(m)) or (
            moved
            and bool(
                m.group("handed") or m.group("handed2") or m.group("and_handover") or m.group("handed_to")
            )
        )

    if asides is None:
        asides = list(lx.CONTEXT_ASIDE.finditer(text))
    # (as CONTEXT_ASIDE.sub with `kept` would: sub replaces the very matches finditer gives)
    parts: list[str] = []
    end = 0
    for m in asides:
        parts += [text[end : m.start()], m.group(0) if kept(m) else ""]
        end = m.end()
    cut = "".join(parts) + text[end:]
    cut = lx.NOTIFY_ASIDE.sub("", cut)  # "let Maria know once it's done": someone told, anywhere (nlu49)
    cut = lx.NLU130_CONSULTED_ASIDE.sub("", cut)  # "- confirmed with Mike", "- Mike to cc" (nlu130)
    cut = lx.NLU94_AUTHORITY_ASIDE.sub("", cut)  # "per Priya", "with Priya's blessing" (nlu94)
    cut = lx.NLU101_BOOKED_ASIDE.sub("", cut)  # "under the Billing cost centre" (nlu101)
    if cut == text:
        return text
    # (the comma or bracket the part stood after, left alone: "send as on support@, , and ..." or "()")
    cut = re.sub(r"\([ \t]*\)", "", cut)
    cut = re.sub(r"[ \t]*[,;][ \t]*(?=[,;.!?)\n]|$)", "", cut)
    return re.sub(r"[ \t]{2,}", " ", cut).strip(" ,;-")


def _right_label_change(found: re.Match[str]) -> str:
    """ "SendOnBehalf: remove john@ from sales@": the labelled right said with the change, for whom, on what
    (lexicon.RIGHT_LABEL_CHANGE; nlu63)."""
    right = "send on behalf" if found.group("sob") else "send as" if found.group("sa") else "full access"
    return (
        f"{found.group('verb')} {right} for {found.group('who')} {found.group('prep')} {found.group('what')}"
    )


def _if_there(found: re.Match[str]) -> str:
    """ "take him off External-Contractors if he's on it": cut after a removal said in its own sentence or
    line (lx.NLU155_IF_THERE); said after anything else, left as said (a condition, refused; nlu155)."""
    before = found.string[: found.start()]
    part = re.split(r"[.;!?\n]", before)[-1]
    return "" if lx.REMOVING.search(part.lower()) else found.group(0)


def _attested_for(
    cleaned: str,
    text: str,
    directory: Directory,
    requester: Recipient,
    mentions_of: Callable[[str], list[Mention]],
) -> str:
    """ "Rachel Green can't see the Billing mailbox. Mike Smith confirmed she should have full access to
    billing@": read as "Rachel Green should have ..." when the he/she cannot be the one confirming (their
    given name is of the other gender) and exactly one other person the request names (its headers too)
    agrees with it; otherwise left as said, and the speaker rule asks whom it is for (nlu155, batch 50)."""
    said = lx.NLU155_ATTESTED_PRONOUN.search(cleaned)
    if said is None:
        return cleaned
    pronoun = said.group("pronoun")

    def name_of(m: Mention) -> tuple[str, str] | None:
        try:
            found = resolve(directory, m.ref, requester=requester)
        except ResolutionError:
            return None
        return found.recipient_id, found.display_name or m.ref

    speakers = [n for m in mentions_of(said.group("who")) if m.is_person and (n := name_of(m)) is not None]
    if len(speakers) != 1 or not agreement.cannot_be(pronoun, speakers[0][1]):
        return cleaned
    others = {
        n[0]: n[1]
        for m in mentions_of(text)
        if m.is_person
        and not m.pronoun
        and m.ref != "me"
        and (n := name_of(m)) is not None
        and n[0] not in (speakers[0][0], requester.recipient_id)
        and not agreement.cannot_be(pronoun, n[1])
        # ("Chris can't open the Billing mailbox. Mike Smith confirmed she should have ...": a given name
        # alone that is not known to agree with the he/she may be another (Christine Lee); left to the speaker
        # rule, which asks (rt80a N16)
        and (agreement.of_display_name(n[1]) == agreement.of_pronoun(pronoun) or len(m.ref.split()) > 1)
    }
    if len(others) != 1:
        return cleaned
    return cleaned[: said.start("who")] + next(iter(others.values())) + cleaned[said.end() :]


def _qualified_said_again(text: str) -> str:
    """ "forward ... to Alex Kim (Sales) ...\n- full access ... for Alex as well": a name said again after it
    was told apart by its team in brackets is that same person, said with the brackets again; a name told
    with two teams, or said before its brackets, is left as said (nlu156, nlu152's leftover)."""
    told: dict[str, tuple[str, int]] = {}
    for found in lx.NLU156_NAME_QUALIFIED.finditer(text):
        said = found["name"] + " " + found["team"]
        for name in (found["name"], found["given"]):
            if told.get(name, (said, 0))[0] != said:
                told[name] = ("", 0)  # (two people of that name: left as said)
            elif name not in told:
                told[name] = (said, found.end())
    for name, (said, after) in sorted(told.items(), key=lambda kv: -len(kv[0])):
        if not said:
            continue
        again = re.compile(lx.NLU156_SAID_AGAIN.format(name=re.escape(name)))
        if again.search(text[: after - len(said)]) is not None:
            continue  # (said before it was told apart: which one is not told)
        text = text[:after] + again.sub(said, text[after:])
    return text


def _needed_again(found: re.Match[str]) -> str:
    """ "need sendas on helpdesk@ again, it got removed??": the need without how the right went; said with
    no one before it ("hiya - need ..."), the writer's own need (lexicon.NEEDED_AGAIN_PAST; nlu63)."""
    need = found.group("need")
    before = found.string[: found.start()].rstrip()
    if found.group("bare") and lx.NEED_OPENS_PART.search(before):
        return "I " + need
    return need


def _topic_first(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """ "sarah connor - show mailbox details (size, aliases etc)": whom a read of details is about, said
    first; read as "show mailbox details for sarah connor (...)". Only when what is said first is one known
    recipient, word for word, and the read after the dash names no one."""
    found = lx.TOPIC_THEN_DETAILS.match(text)
    if found is None:
        return text
    who = found.group("who").strip()
    named = mentions_of(who)
    if (
        len(named) != 1
        or named[0].pronoun
        or not named[0].known
        or mentions_of(found.group(0)[found.end("who") :])
    ):
        return text
    if (named[0].surface or named[0].ref).casefold() != who.casefold():
        return text
    return lx.TOPIC_THEN_DETAILS_SAY.format(head=found.group("head"), who=who, tail=found.group("tail"))


def _topic_asked_then_it(text: str) -> str:
    """ "can someone sort out the Boardroom calendar? ... Sarah Connor needs editor on it": an ask that only
    names what it is about (lx.TOPIC_ASKED), then a change on "it": the change is on what was named, and the
    ask itself is no request (batch 23's chat asked who should see the calendar)."""
    asked = lx.TOPIC_ASKED.search(text)
    if asked is None:
        return text
    rest = text[asked.end() :]
    its = list(lx.ON_IT_AFTER_TOPIC.finditer(rest))
    if len(its) != 1:
        return text
    it = its[0]
    said = f"{it.group('prep')} {asked.group('what').strip()}"
    return f"{text[: asked.start()]} {rest[: it.start()]}{said}{rest[it.end() :]}".strip()


def _calendar_then_it(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """ "Chris Lee should get editor on my calendar until Friday, and Tom Becker's access to it can go": "it"
    after the one calendar named is that calendar, read with it said ("... access to my calendar can go"),
    only where nothing else is named that a change could be on (no list or shared mailbox, no word of mail,
    lists or mailbox rights: lx.NOT_ONLY_CALENDAR) and "it" is said once; else it is asked about as before."""
    named = list(lx.CALENDAR_NAMED.finditer(text))
    if len(named) != 1 or lx.NOT_ONLY_CALENDAR.search(text):
        return text
    calendar = named[0]
    if lx.CALENDAR_OF_PRONOUN.match(calendar.group(0)):
        # ("share her calendar with Ava and take Tom off it": "her" said again after Tom may be read as his)
        return text
    its = list(lx.IT_AFTER_CALENDAR.finditer(text, calendar.end()))
    if len(its) != 1 or lx.IT_AFTER_CALENDAR.search(text[: calendar.start()]):
        return text
    if any(m.is_group or m.is_mailbox_resource for m in mentions_of(text)):
        return text
    it = its[0]
    return f"{text[: it.start()]}{it.group('prep')} {calendar.group(0)}{text[it.end() :]}"


def _own_move_elided(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """ "can i be taken off all-sales? moving to ops next week": the writer's own move told with its "I'm"
    left out (lx.OWN_MOVE_ELIDED), read as "I'm moving ...", a statement; only in a request about the writer
    ("me", "I" before it) and only when where they move names no one, no mailbox and no list ("- moving to
    the Marketing list" may be a change of its own, and is read as it is)."""
    said = lx.OWN_MOVE_ELIDED.search(text)
    if said is None or not any(m.ref == "me" for m in mentions_of(text[: said.start()])):
        return text
    told = lx.SENTENCE_END.split(text[said.end() :], maxsplit=1)[0]
    if mentions_of(told):
        return text
    return text[: said.start()] + said.expand(lx.OWN_MOVE_ELIDED_SAY) + text[said.end() :]


def _leaver_steps(text: str, mentions_of: Callable[[str], list[Mention]]) -> str | Draft:
    """An offboarding ticket or note (lx.LEAVER_LEAD) that names one person, then steps that name no one they
    are for ("Remove from all-sales", "Forward mail to Priya Patel"): each such step is said with the person
    named ("Remove pat.gone@acme.com from all-sales", "Forward pat.gone@acme.com's mail to Priya Patel"). A
    lead naming no one or several is left as it is (the steps are then asked about, as before)."""
    leads = list(lx.LEAVER_LEAD.finditer(text))
    if not leads:
        return text
    # ("ITHELP-2291 Remove leaver from lists / ... / pat.gone@acme.com left in January.": a title's "leaver"
    # names no one; the lead told of one person is whose the steps are)
    found = [(lead, _leaver_named(text, lead, mentions_of)) for lead in leads]
    lead, people = next(((ld, p) for ld, p in found if len(p) == 1), found[0])
    if len({ref for _, named in found if len(named) == 1 for ref in named}) > 1:
        # ("Emma is joining Finance. Tom Becker is leaving. / - remove from all-sales": two people each told
        # with their own lead; whose the steps are is asked, never the first one's)
        people = {}
    rest = text[lead.end() :]
    if lead.group("joins") and lx.LATER_START.search(rest.split("\n", 1)[0].lower()) is not None:
        # ("Mover: Liam Brown, effective Friday / - ..."): the note's start is each step's
        return negation.ask_scope(lx.LEAD_LATER_START_ASK, "expires")
    if lead.group("joins") and (role := lx.MOVER_ROLE_BRACKET.match(rest)) is not None:
        # ("Mover: Sam Taylor (UK Sales Lead -> EMEA Marketing)": the title moved between, no target)
        rest = role.group("line") + rest[role.end() :]
    if len(people) != 1:
        forwarded = lx.LEAVER_STEP_FORWARD.search(rest)
        if forwarded is None and lx.LEAVER_STEP_REMOVE.search(rest) is None:
            return text
        # ("Ken is leaving and Tom is taking over. Forward mail to Tom.": whose mail, never the requester's)
        return negation.ask_scope(lx.LEAVER_STEPS_WHOSE_ASK, "mailbox" if forwarded is not None else "member")
    (who,) = people.values()
    name = who.surface or who.ref
    if not (lead.group("joins") or lead.group("joined")) and lx.LEAVER_STEP_OWN_MAILBOX_RIGHT.search(rest):
        # ("Offboarding: pat.gone@ / - full access to his mailbox": someone is to get it, never the leaver)
        return negation.ask_scope(lx.LEAVER_OWN_MAILBOX_ASK, "trustee")
    rest = lx.LEAVER_STEP_REMOVE.sub(
        lambda m: f"{m.group('lead')}{m.group('verb')} {name} {m.group('prep')}", rest
    )
    rest = lx.LEAVER_STEP_FORWARD.sub(lambda m: f"{m.group('lead')}{m.group('verb')} {name}'s mail", rest)
    rest = lx.LEAVER_STEP_OFF.sub(lambda m: f"{m.group('lead')}remove {name} from ", rest)
    onto = _onto_mailbox(rest, name, mentions_of)
    if isinstance(onto, Draft):
        return onto
    rest = lx.LEAVER_STEP_ONTO.sub(lambda m: f"{m.group('lead')}add {name} to ", onto)
    rest = lx.LEAVER_STEP_ADD.sub(
        lambda m: f"{m.group('lead')}{m.group('verb')} {name} {m.group('prep')}", rest
    )
    # ("Offboarding: pat.gone@acme.com / - full access to sales@acme.com": a leaver's bare right is theirs
    # taken away, a joiner's or mover's theirs given; never the list of the bullet before, nor a grant to one
    # who is leaving: nlu104)
    joins = lead.group("joins") or lead.group("joined")
    said = lx.LEAVER_STEP_RIGHT_GIVEN if joins else lx.LEAVER_STEP_RIGHT_TAKEN
    rest = lx.LEAVER_STEP_RIGHT.sub(lambda m: m.group("lead") + said.format(name=name), rest)
    # ("- give Priya full access to his mailbox": the one leaver's, never asked between him and Priya)
    rest = lx.LEAVER_STEP_LINE.sub(lambda m: lx.LEAVER_OWNED_PRONOUN.sub(f"{name}'s", m.group(0)), rest)
    return text[: lead.end()] + rest


def _onto_mailbox(rest: str, name: str, mentions_of: Callable[[str], list[Mention]]) -> str | Draft:
    """`rest` with each "- onto <mailbox> (<right>)" bullet said as that right given to `name` (lexicon
    NLU126_ONTO_RIGHT); a bullet putting them onto a mailbox with no right said is asked (nlu126)."""
    for found in reversed(list(lx.LEAVER_STEP_ONTO.finditer(rest))):
        end = rest.find("\n", found.end())
        end = len(rest) if end < 0 else end
        said = rest[found.end() : end]
        named = mentions_of(said)
        if not any(m.is_mailbox_resource for m in named) or any(m.is_group for m in named):
            continue
        right = lx.NLU126_ONTO_RIGHT.search(said)
        if right is None:
            return negation.ask_scope(
                lx.NLU126_ONTO_MAILBOX_ASK.format(name=name, said=said.strip()), about="mailbox"
            )
        where = (said[: right.start()] + said[right.end() :]).strip()
        line = f"{found.group('lead')}give {name} {right.group('right')} on {where}"
        rest = rest[: found.start()] + line + rest[end:]
    return rest


def _leaver_named(
    text: str, lead: re.Match[str], mentions_of: Callable[[str], list[Mention]]
) -> dict[str, Mention]:
    """The people a leaver lead names: in its sentence, to its line's or sentence's end or the first step."""
    rest = text[lead.end() :]
    ends = [len(rest)] + [
        found.start()
        for found in (
            lx.SENTENCE_END.search(rest),
            lx.LEAVER_STEP_REMOVE.search(rest),
            lx.LEAVER_STEP_FORWARD.search(rest),
        )
        if found is not None
    ]
    # (and from the start of its sentence: "Tom Becker is leaving.")
    begin = max((b.end() for b in lx.SENTENCE_END.finditer(text, 0, lead.start())), default=0)
    said = text[begin : lead.end() + min(ends)]
    return {m.ref: m for m in mentions_of(said) if m.is_person and not m.pronoun and m.ref != "me"}


def _past_lengths_cut(text: str, now: dt.datetime) -> str:
    """`text` without each length said in a clause whose verb is past or perfect (lx.LENGTH_TOLD_OF_PAST:
    "He has been waiting on it for a week", "she was off for two weeks"): how long something went on, never
    when the access asked ends, nor a length left unread to ask about (nlu124). A length ("for ...", never an
    end date) after any past verb of its subject, or with "before" / "last year" after it, is cut the same
    (nlu132: "he did it for a week in January", "as he has needed it for a month")."""
    at = 0
    while (found := find_expiry(text[at:], now)) is not None and found.end > found.start:
        start, end = at + found.start, at + found.end
        before = text[max(0, start - 200) : start]
        if lx.LENGTH_TOLD_OF_PAST.search(before) is None and (
            # (nlu132) any past verb before a length, or a past word after it ("for a week before")
            lx.LENGTH_NOT_END.match(text, start) is None
            or (
                lx.LENGTH_TOLD_OF_PAST_VERB.search(before) is None
                and lx.LENGTH_TOLD_OF_PAST_AFTER.match(text, end) is None
            )
        ):
            at = end
            continue
        text = text[:start].rstrip(" ") + " " + text[end:].lstrip(" ")
        at = start
    return text


def _past_length_unsure(text: str, now: dt.datetime) -> str | None:
    """A length `_past_lengths_cut` cuts only because a past verb of some subject comes before it ("Ava
    Johnson needed it for two weeks", "he ordered it for a month"), with no "has been" / "was" and no past
    word after it ("before.", "ago", "last year"), as said; None when there is none. The verb may be the
    story or the grant's own length: when it would be the plan's only end it is asked, never dropped (nlu138,
    red team 73 classes 0 and 2: a grant that silently becomes permanent is the harm)."""
    at = 0
    while (found := find_expiry(text[at:], now)) is not None and found.end > found.start:
        start, end = at + found.start, at + found.end
        before = text[max(0, start - 200) : start]
        if (
            lx.LENGTH_TOLD_OF_PAST.search(before) is None
            and lx.NLU92_OVER_AS_PARTICLE.search(text[max(0, start - 12) : end]) is None
            and lx.LENGTH_NOT_END.match(text, start) is not None
            and (verb := lx.LENGTH_TOLD_OF_PAST_VERB.search(before)) is not None
            and not lx.NLU138_PERFECT_VERB.match(verb.group(0))
            and lx.LENGTH_TOLD_OF_PAST_AFTER.match(text, end) is None
        ):
            return text[start:end].strip()
        at = end
    return None


def _end_after_past_length(text: str, now: dt.datetime) -> str | None:
    """An end said after a length `_past_lengths_cut` cuts ("He's been on leave for a week and is back now,
    covering for Noah until Friday", "he was off for a week - covering for Noah until the 20th"), as said;
    None when no such length is cut or nothing after it reads as an end (nlu128, red team 71)."""
    at = 0
    while (found := find_expiry(text[at:], now)) is not None and found.end > found.start:
        start, end = at + found.start, at + found.end
        if lx.LENGTH_TOLD_OF_PAST.search(text[max(0, start - 200) : start]) is not None and (
            after := lx.NLU128_END_WORD.search(text, end)
        ):
            return after.group(0)
        at = end
    return None


def _weekday_with_date(text: str, now: dt.datetime) -> str | Draft:
    """ "through Monday March 9", "until Fri, 13 March", "until Wednesday the 11th": an end said as a weekday
    and a date (lx.WEEKDAY_WITH_DATE) is the date, the weekday left out when it is that date's; when it is
    not ("until Tuesday March 9" where March 9 is a Monday) which was meant is asked, never either picked
    (batch 23 read the weekday as a later start and asked)."""
    for said in reversed(list(lx.WEEKDAY_WITH_DATE.finditer(text))):
        plain = f"{said.group('until')} {said.group('date')}"
        found = find_expiry(plain, now)
        if found is None or found.start != 0:
            continue
        zone = now.tzinfo or dt.UTC
        day = (found.expires.astimezone(zone) - dt.timedelta(days=1)).date()
        weekday = said.group("day").lower()[:3]
        if lx.WEEKDAY_ABBREVIATIONS[day.weekday()] != weekday:
            return negation.ask_scope(
                lx.WEEKDAY_WITH_DATE_ASK.format(
                    said=said.group(0).strip(), day=f"{day:%A} {day:%B} {day.day}"
                ),
                "expires",
            )
        text = text[: said.start()] + plain + text[said.end() :]
    return text


def _kept_on_forwarding(aside: re.Match[str]) -> bool:
    """A copy ("cc Ava") or "hand it over to Ava" on a forwarding request: one more place the mail may go,
    left for the rules to read (two targets are asked; red team 31 forwarded to the last one alone)."""
    return bool(
        aside.group("copy")
        or aside.group("copy_inline")
        or aside.group("handed")
        or aside.group("handed2")
        or aside.group("and_handover")
        or aside.group("handed_to")
    )


def _consulted_aside_hides(text: str, mentions_of: Callable[[str], list[Mention]]) -> Draft | None:
    """A consulted or copied aside (lx.NLU130_CONSULTED_ASIDE) whose cut would hide a part: a copy on a
    forwarding request ("Forward billing@ to Tom, Liam to cc": Liam may be a second target), or the nearer
    person of a he / him / she / her said after it ("Add Tom to all-sales, I've pinged Liam, remove him from
    Atlas"). Asked, never the part dropped nor the pronoun given to the one named before (nlu138)."""
    forwarding = lx.FORWARDING.search(text.lower()) is not None
    # ("- I talked to Mike, he refused": what the one consulted said decides whether it goes ahead; left
    # uncut, the aside made the requester and Mike grantees; nlu140)
    for aside in lx.NLU140_ASIDE_THEN_COMMENT.finditer(text):
        rest = text[aside.end() :].lstrip(" \t,;:.-–—")
        stop = lx.NLU140_COMMENT_END.search(rest)
        comment = rest[: stop.start() if stop else len(rest)].strip()
        said = aside.group(0).strip(" \t,;:.-–—")
        return negation.ask_scope(lx.NLU140_ASIDE_COMMENT_ASK.format(said=said, comment=comment))
    for aside in lx.NLU130_CONSULTED_ASIDE.finditer(text):
        said = aside.group(0).strip(" \t,;:-–—")
        if forwarding and lx.NLU138_ASIDE_COPY.search(said):
            return negation.ask_scope(lx.NLU138_ASIDE_COPY_ASK.format(said=said), about="forward_to")
        named = [
            m for m in mentions_of(text[: aside.start()]) if m.is_person and not m.pronoun and m.ref != "me"
        ]
        # every pronoun after the aside, not only the first: "- I asked Mike, he said yes, he wants send as
        # himself as well" hands the later "he" to Mike as much as to Tom (nlu139)
        for pronoun in lx.NLU138_PRONOUN_AFTER_ASIDE.finditer(text, aside.end()):
            # (a he / she right after the aside is the aside's own rule's: "- I asked Mike, he's fine")
            if not re.search(r"\w", text[aside.end() : pronoun.start()]):
                continue
            if lx.NLU140_TOLD_SO_AT.match(text, pronoun.end()):
                continue  # ("Maria is copied so she knows": only why she is told)
            between = mentions_of(text[aside.end() : pronoun.start()])
            if any(m.is_person and not m.pronoun and m.ref != "me" for m in between):
                break  # someone named after the aside is the nearer one
            if named:
                return negation.ask_scope(
                    lx.NLU138_ASIDE_PRONOUN_ASK.format(
                        pronoun=pronoun.group(0), before=named[-1].ref, said=said
                    ),
                    about="trustee",
                )
    return None


def _taker_over_hidden(
    text: str, asides: Sequence[re.Match[str]], mentions_of: Callable[[str], list[Mention]]
) -> Draft | None:
    """ "Liam left last Friday - Tom takes over, give him full access": the aside "Tom takes over" is cut
    (CONTEXT_ASIDE), which left "him" to Liam, the one who left. A he / him / she / her after it, with nobody
    named between, is asked (nlu140). `asides`: CONTEXT_ASIDE's matches in `text`."""
    for aside in asides:
        if not lx.NLU140_TAKES_OVER.search(aside.group(0)):
            continue
        pronoun = lx.NLU138_PRONOUN_AFTER_ASIDE.search(text, aside.end())
        if pronoun is None:
            continue
        named = [
            m for m in mentions_of(text[: aside.start()]) if m.is_person and not m.pronoun and m.ref != "me"
        ]
        between = mentions_of(text[aside.end() : pronoun.start()])
        if named and not any(m.is_person and not m.pronoun and m.ref != "me" for m in between):
            said = aside.group(0).strip(" \t,;:.-–—")
            return negation.ask_scope(
                lx.NLU140_TAKES_OVER_ASK.format(pronoun=pronoun.group(0), said=said, before=named[-1].ref),
                about="trustee",
            )
    return None


def _handed_over(text: str, asides: Sequence[re.Match[str]]) -> Draft | None:
    """ "Give Tom full access to support@, hand it over to Chris": the right handed to Chris too, or work
    handed over? Asked, never Chris left out or given it unasked. A removal hands over nothing of its own
    ("Remove Tom from Marketing, hand it over to Priya": an aside) and a forwarding reads it as a target.
    `asides`: CONTEXT_ASIDE's matches in `text`."""
    if lx.FORWARDING.search(text.lower()) is not None:
        return None
    for aside in asides:
        handed = (
            aside.group("handed")
            or aside.group("handed2")
            or aside.group("and_handover")
            # ("..., she's handing over to Tom": Tom may be the one who needs it now; nlu123)
            or aside.group("handed_to")
        )
        if handed and lx.REVOKE.search(text[: aside.start()].lower()) is None:
            return negation.ask_scope(lx.HANDED_OVER_ASK.format(said=handed.strip()))
    return None


def _copied_in(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """The person a Cc said inline names ("... give her full access. Cc: Ava Johnson"); "" when none. A
    message's own Cc header line is its header: the body names whom it is about."""
    for cc in lx.COPIED_IN.finditer(text):
        if not text[text.rfind("\n", 0, cc.start()) + 1 : cc.start()].strip(" >\t"):
            continue
        if lx.COPIED_BYSTANDER.match(cc.group("who")) and not text[cc.end() :].strip():
            continue  # "... CC David Chen (new manager).": told as their role, the text's last words
        people = [m for m in mentions_of(cc.group("who")) if m.is_person and not m.pronoun and m.ref != "me"]
        if people:
            return people[0].surface or people[0].ref
    return ""


def _on_behalf_of_other(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """The person an "On behalf of:" field names when a "Requester:" field names someone else and the body
    says "the requester"; "" otherwise."""
    fields: dict[str, list[Mention]] = {}
    for line in text.splitlines():
        if (f := lx.FORM_FIELD.match(line)) is not None:
            key = " ".join(f.group("key").lower().split())
            people = [m for m in mentions_of(f.group("value")) if m.is_person and not m.pronoun]
            fields.setdefault("behalf" if key == "on behalf of" else key, []).extend(people)
    behalf, filed = fields.get("behalf", []), [m for k, v in fields.items() if k != "behalf" for m in v]
    if not behalf or not filed or not lx.TICKET_REQUESTER.search(text):
        return ""
    if {m.ref for m in behalf} <= {m.ref for m in filed}:
        return ""
    return behalf[0].surface or behalf[0].ref


def _for_whom_filed(text: str, body: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """The body of a ticket filed on behalf of someone ("Requester: Priya Patel / On behalf of: Liam Brown /
    Request: Full Access + Send As on sales@acme.com / Approver: Olivia Martin") with whom it is for said in
    its request line ("... on sales@acme.com for Liam Brown"): the one who filed it and the approver get
    nothing. Only when the field names one known person and the body names no one (no name, no me, no
    pronoun, no "the requester"): a body that names someone says for whom itself, or is asked."""
    behalf = [
        m
        for line in text.splitlines()
        if (f := lx.FORM_FIELD.match(line)) is not None and lx.ON_BEHALF_KEY.fullmatch(f.group("key"))
        for m in mentions_of(f.group("value"))
    ]
    if len(behalf) != 1 or not behalf[0].is_person or behalf[0].pronoun or not behalf[0].known:
        return body
    lines = body.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or lx.TICKET_REQUESTER.search(body) or lx.FIRST_PERSON.search(body):
        return body
    for line in lines:
        why = lx.FORM_FIELD.match(line)
        if why is not None and lx.FORM_REASON_KEY.fullmatch(why.group("key").strip()):
            continue  # ("Reason: covering while Ava is away": why, naming no one the change is for)
        if any(m.is_person or m.pronoun or m.ref in ("me", "my manager") for m in mentions_of(line)):
            return body
    request = lines[first].rstrip(" .!")
    lines[first] = f"{request}{lx.FILED_FOR_SAY}{behalf[0].surface or behalf[0].ref}"
    return "\n".join(lines)


def _summary_referred_to(text: str, body: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """The body of a ticket after its summary, when the body names no one and refers back to it ("Summary:
    Send As for Tom Becker on billing@ / Comment: correction - he needs Send on Behalf, not Send As"): the
    summary is the request its he/she and its correction are about. A body naming a person says for whom
    itself (its summary stays a title); a body that says nothing is read from the summary already."""
    said = pasted.summary(text)
    if not said or not body.strip() or said in body or not lx.TICKET_REFERS_BACK.search(body):
        return body
    if any(m.is_person and not m.pronoun for m in mentions_of(body)):
        return body
    return f"{said.rstrip(' .')}.\n{body}"


def _form_action_for(body: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """A ticket's body that is a form of whom and what ("For: Lucas Rossi / Action: add to All Hands"), said
    as its action for that person ("add to All Hands for Lucas Rossi"). Only when every line is a field:
    one names one known person and nothing else, one is an action asked outright that names no one (no name,
    no pronoun, no me), and the rest say only why; anything else is read as it is."""
    person: Mention | None = None
    action = ""
    why: list[str] = []
    for line in body.split("\n"):
        if not line.strip():
            continue
        f = lx.FORM_FIELD.match(line)
        if f is None:
            return body
        key, value = f.group("key").strip(), f.group("value").strip()
        if lx.FORM_REASON_KEY.fullmatch(key):
            why.append(line)  # (kept, read as the form's other lines are: "Reason: only until Friday")
            continue
        named = mentions_of(value)
        if lx.FORM_PERSON_KEY.fullmatch(key) and person is None:
            if len(named) != 1 or not named[0].is_person or named[0].pronoun or not named[0].known:
                return body
            if value.strip(" .") != (named[0].surface or named[0].ref):
                return body  # "For: Lucas Rossi's manager": someone else, unnamed
            person = named[0]
        elif lx.FORM_ACTION_KEY.fullmatch(key) and not action:
            if not lx.WRITE_IMPERATIVE.match(value.lower()):
                return body
            if any(m.is_person or m.pronoun or m.ref in ("me", "my manager") for m in named):
                return body
            action = value.rstrip(" .!")
        else:
            return body
    if person is None or not action:
        return body
    return "\n".join([f"{action}{lx.FILED_FOR_SAY}{person.surface or person.ref}.", *why])


def _title_for_requested(body: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """A ticket's body whose request is its title naming one mailbox and no one ("Shared mailbox access -
    Careers.", from "Short description:"), with whom it is for in a field ("Requested for: Ken Adams"): the
    title said for that person ("Shared mailbox access - Careers for Ken Adams."). Only when the field names
    one known person and nothing else, and no other line names anyone (no name, pronoun, me); anything else
    is read as it is (nlu144: the RITM form asked whom it was for)."""
    lines = body.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or lx.FORM_FIELD.match(lines[first]) is not None:
        return body
    title = mentions_of(lines[first])
    if len(title) != 1 or title[0].is_person or title[0].pronoun or not title[0].known:
        return body
    person: Mention | None = None
    field = -1
    others: list[Mention] = []
    for n, line in enumerate(lines):
        if n == first or not line.strip():
            continue
        named = mentions_of(line)
        f = lx.FORM_FIELD.match(line)
        if f is not None and lx.FORM_PERSON_KEY.fullmatch(f.group("key").strip()) and person is None:
            value = f.group("value").strip(" .")
            if len(named) != 1 or not named[0].is_person or named[0].pronoun or not named[0].known:
                return body
            if value != (named[0].surface or named[0].ref):
                return body  # ("Requested for: Ken Adams's team": someone else, unnamed)
            person, field = named[0], n
        else:
            others += [m for m in named if m.is_person or m.pronoun or m.ref in ("me", "my manager")]
    # (the body may name the one it is for again, "Ken will triage applications in the Careers mailbox";
    # anyone else, a he/she or a me is whom it may be for too: read as it is)
    if person is None or any(m.pronoun or not _one_name(m, person) for m in others):
        return body
    lines[first] = f"{lines[first].rstrip(' .!')}{lx.FILED_FOR_SAY}{person.surface or person.ref}."
    del lines[field]
    return "\n".join(lines)


def _in_place_of(pronoun: Mention, referent: Mention) -> Mention:
    """`referent` standing where `pronoun` was said: its place and the words before it are the pronoun's, and
    whose it is ("his mailbox") as the pronoun said it."""
    return replace(
        referent,
        start=pronoun.start,
        end=pronoun.end,
        possessive=pronoun.possessive,
        before=pronoun.before,
        before2=pronoun.before2,
        pronoun="",
    )


def _writer_role_said(m: re.Match[str]) -> str:
    """ "As owner of the HR mailbox, ..." said as a sentence of its own: "I am owner of the HR mailbox. ..."
    (lx.NLU160_AS_ROLE_OF)."""
    if m.group("whose") is not None:
        return lx.NLU160_AS_ROLE_OF_SAY_WHOSE.format(
            lead=m.group("lead"), whose=m.group("whose"), role=m.group("role2")
        )
    return lx.NLU160_AS_ROLE_OF_SAY.format(lead=m.group("lead"), role=m.group("role"), what=m.group("what"))


def _end_of_one_cut(
    kept: str, mentions_of: Callable[[str], list[Mention]], now: dt.datetime
) -> tuple[str, tuple[Mention, dt.datetime] | None]:
    """ "Give Noah and Liam full access to billing@, Liam only until Friday" (lx.NLU160_ONE_ONLY_END): the
    request without the end said last for one of the people it names, with that person and the end; the
    text as it is when the one is not named before among other people, or the end is not read."""
    mentions = mentions_of(kept)
    found = lx.NLU160_ONE_ONLY_END.search(mask_mentions(kept, mentions))
    if found is None or int(found.group("who")) >= len(mentions):
        return kept, None
    who = mentions[int(found.group("who"))]
    before = [m for m in mentions if m.end <= who.start and m.is_person and not m.pronoun and m.ref != "me"]
    words = _words_said(who.surface or who.ref)
    same = [m for m in before if words and words <= _words_said(m.surface or m.ref)]
    end = found.group("end")
    when = find_expiry(end, now)
    if not who.is_person or who.pronoun or len(same) != 1 or len(before) < 2 or when is None:
        return kept, None
    if when.start != 0 or when.end != len(end):
        return kept, None
    head = lx.NLU160_ONE_END_LEAD.sub("", kept[: who.start])
    return head, (same[0], when.expires)


def _words_said(name: str) -> set[str]:
    return set(re.findall(r"[a-z]+", name.lower().split("@")[0]))


def _end_for_one_of_many(kept: str, mentions: list[Mention], draft: Draft) -> bool:
    """Whether the request says an end for one person ("but Rachel only until Friday") while the plan
    gives to more than one."""
    if not lx.ONE_ONLY_UNTIL.search(mask_mentions(kept, mentions)):
        return False
    given = {
        (s.action, str(s.params.get(k)))
        for s in draft.steps
        if ACTIONS[s.action].gives_access(s.change)
        for k in ("trustee", "member", "grantee")
        if k in s.params
    }
    return len({who for _, who in given}) > 1


def _described_people(kept: str, mentions: list[Mention], draft: Draft) -> tuple[str, str] | None:
    """The question (and the slot it is about) when the request names people only by a description within a
    list or team ("the new starters in Sales", lx.DESCRIBED_PEOPLE_IN), or None. The slot is the one the list
    fills in the plan (it was read as the people), else the one a person fills."""
    found = lx.DESCRIBED_PEOPLE_IN.search(mask_mentions(kept, mentions))
    if found is None or int(found.group("group")) >= len(mentions):
        return None
    group = mentions[int(found.group("group"))]
    said = re.sub(r"§\d+§", group.surface or group.ref, found.group(0)).strip()
    role = next(
        (k for s in draft.steps for k, v in s.params.items() if k in _PEOPLE_SLOTS and v == group.ref),
        _person_role(draft),
    )
    return lx.DESCRIBED_PEOPLE_ASK.format(said=said), role


def _unnamed_one_referred_to(kept: str, mentions: list[Mention]) -> str:
    """The question when a person pronoun stands for someone the request describes but never names ("Olivia
    okayed a new member for Project Atlas, can you add them?"; lx.NLU145_UNNAMED_ONE), or "". The first
    person said after the description is what it refers to: a pronoun there has no named antecedent nearer
    than the description (a name there, "a new starter, Tom Becker - add him", names the one meant)."""
    masked = mask_mentions(kept, mentions)
    for found in lx.NLU145_UNNAMED_ONE.finditer(masked):
        if lx.NLU145_DESCRIBED_AS_BEFORE.search(masked[: found.start()]):
            continue  # "Tom is a new starter", "Tom Becker, a new hire": said of one named
        for said in re.finditer(r"§(\d+)§", masked[found.end() :]):
            m = mentions[int(said.group(1))] if int(said.group(1)) < len(mentions) else None
            if m is None or not (m.is_person or m.pronoun == "person"):
                continue  # a list or mailbox between ("... for Project Atlas, add them")
            if m.pronoun == "person":
                return lx.NLU145_UNNAMED_ONE_ASK.format(pronoun=m.surface or m.ref, said=found.group(0))
            break
    return ""


def _model_is_target(kept: str, mentions: list[Mention], draft: Draft) -> bool:
    """Whether a person named as the model of a copy ("the same access as Chris", "the same access Chris
    has", "like Chris"; lexicon.COPY_MODEL_BEFORE) is one the plan gives something to."""
    people = {str(v) for s in draft.steps for k, v in s.params.items() if k in _PEOPLE_SLOTS}
    for m in mentions:
        if m.pronoun or m.ref not in people:
            continue
        before = kept[: m.start]
        if lx.COPY_MODEL_BEFORE.search(before) or (
            lx.COPY_MODEL_SAME.search(before) and lx.COPY_MODEL_AFTER.match(kept, m.end)
        ):
            return True
    return False


# the slots of a step that hold whom it is for (a list read as people fills one of them)
_PEOPLE_SLOTS = frozenset({"trustee", "member", "grantee"})


def _target_slot(draft: Draft) -> str:
    """The slot of what the plan's steps are on (a mailbox, a list or a calendar's owner)."""
    return next((k for s in draft.steps for k in ("mailbox", "group", "owner") if k in s.params), "mailbox")


def _person_role(draft: Draft) -> str:
    """The slot a person fills in the plan's steps (whom a question about a person is for)."""
    return next(
        (k for s in draft.steps for k in ("trustee", "member", "grantee") if k in s.params), "trustee"
    )


def _team_handles_person(
    cleaned: str,
    draft: Draft,
    mentions_of: Callable[[str], list[Mention]],
    directory: Directory,
    requester: Recipient,
) -> str:
    """The question when a reason told after the request (", the hr team answers Ava") names a person the
    ready plan leaves out after its verb (lx.TEAM_HANDLES_PERSON), or ""."""
    ids = negation.Ids(directory, requester)
    touched = frozenset().union(*(ids.in_step(s) for s in draft.steps))
    for m in lx.TEAM_HANDLES_PERSON.finditer(cleaned):
        if lx.PERSON_PRONOUN.fullmatch(cleaned[m.start("said") : m.start("verb")].strip().lower()):
            # (", she covers for Ava Johnson": the one just named, told why; a reason, as CONTEXT_ASIDE's
            # "covering for Ava": red team 37's control, nlu50)
            continue
        if lx.NLU153_ALSO_READS_THEM.match(m.group("obj")):
            # (", the hr team reads them and so does Tom Becker", "... handles those and Rachel Green checks
            # them": the mail is what they read, and who else reads it is told; a reason, never one more)
            continue
        for who in mentions_of(cleaned):
            if (
                m.start("obj") <= who.start < m.end("obj")
                and not who.pronoun
                and who.is_person
                and not ids.of(who.ref) & touched
            ):
                return lx.TEAM_HANDLES_PERSON_ASK.format(
                    said=m.group("said").strip(), who=who.surface or who.ref
                )
    return ""


def _mail_read_there_cut(
    cleaned: str, mentions_of: Callable[[str], list[Mention]], directory: Directory, requester: Recipient
) -> str:
    """`cleaned` without where the mail is read once forwarding stops ("Stop the forwarding on careers@, mail
    should stay in the Careers mailbox", "..., we read it in the shared mailbox now": lx.MAIL_READ_THERE),
    when the request stops forwarding and the part names nothing it does not name elsewhere."""
    if not lx.FORWARDING_STOP_SAID.search(cleaned):
        return cleaned
    for found in reversed(list(lx.MAIL_READ_THERE.finditer(cleaned))):
        rest = cleaned[: found.start()] + cleaned[found.end() :]
        if not lx.FORWARDING_STOP_SAID.search(rest):
            continue
        ids = negation.Ids(directory, requester)
        elsewhere = frozenset().union(*(ids.of(m.ref) for m in mentions_of(rest) if not m.pronoun))
        if all(ids.of(m.ref) & elsewhere for m in mentions_of(found.group(0)) if not m.pronoun):
            cleaned = rest
    return cleaned


def _trailing_bare_target(
    cleaned: str,
    draft: Draft,
    mentions_of: Callable[[str], list[Mention]],
    directory: Directory,
    requester: Recipient,
) -> str:
    """The question when a bare mailbox or list is said alone after a comma at the end, right after a target
    of the ready plan ("Give Emma full access to careers@acme.com, hr"), or ""."""
    if (m := lx.TRAILING_BARE_TARGET.search(cleaned)) is None:
        return ""
    found = [x for x in mentions_of(cleaned) if not x.pronoun]
    tail = [x for x in found if x.start >= m.start("tail")]
    before = [x for x in found if x.end <= m.start("tail")]
    if not before or before[-1].is_person or not (before[-1].is_mailbox_resource or before[-1].is_group):
        return ""
    if not tail:
        # ("..., finance": a bare name alone is no mention; the directory says what it names)
        try:
            named = resolve(directory, lx.TRAILING_BARE_WORDS.sub("", m.group("tail")).strip())
        except ResolutionError:
            return ""
        if named.is_person:
            return ""
    elif len(tail) != 1 or tail[0].literal or not (tail[0].is_mailbox_resource or tail[0].is_group):
        return ""
    ids = negation.Ids(directory, requester)
    targets: set[str] = set()
    for step in draft.steps:
        if ACTIONS[step.action].kind == "write":
            for key in ("mailbox", "group"):
                if isinstance(value := step.params.get(key), str) and value:
                    targets |= ids.of(value)
    # (the tail planned too, or dropped as an aside: either way one reading was guessed)
    if not ids.of(before[-1].ref) & targets:
        return ""
    what = "list" if before[-1].is_group and not before[-1].is_mailbox_resource else "mailbox"
    return lx.TRAILING_BARE_TARGET_ASK.format(
        tail=m.group("tail").strip(), before=before[-1].surface or before[-1].ref, what=what
    )


def _other_writer(text: str, requester: Recipient, mentions_of: Callable[[str], list[Mention]]) -> str:
    """The person a sign-off at the end names ("... thx ken") when it is not the requester and the request
    says "me" or "my"; "" otherwise."""
    signed = lx.TRAILING_SIGN_OFF.search(text)
    if signed is None or not lx.FIRST_PERSON.search(text[: signed.start()]):
        return ""
    people = [m for m in mentions_of(signed.group(0)) if m.is_person and not m.pronoun and m.ref != "me"]
    mine = {requester.primary_address.lower(), *(a.lower() for a in requester.addresses)}
    names = set(re.findall(r"[\w'-]+", requester.display_name.lower()))
    for m in people:
        said = set(re.findall(r"[\w'-]+", (m.surface or m.ref).lower()))
        if m.ref.lower() not in mine and not said <= names:
            return m.surface or m.ref
    return ""


def _pronoun_after_approver(text: str) -> bool:
    """Whether a person pronoun follows an approver said in the request ("Mike OK'd it, and he needs ..."),
    other than one saying who asked for it."""
    low = text.lower()
    for m in lx.APPROVER_SAID.finditer(low):
        rest = lx.APPROVED_RIGHT_FOR_PRONOUN.sub(" ", low[m.end() :], count=1)
        rest = lx.PRONOUN_APPROVES.sub(" ", lx.ASKED_FOR_IT.sub(" ", rest))
        said = [p.group(0) for p in lx.PERSON_PRONOUN.finditer(rest)]
        if said and not _gender_said_before_approver(low[: m.start()], said, m.group(0)):
            return True
    return False


def _gender_said_before_approver(before: str, said: Sequence[str], claim: str) -> bool:
    """ "Tom gets an error when he replies from helpdesk@. Sarah has approved; please give him send as": the
    one approving is never whom a pronoun after the approval stands for while someone else remains it can
    stand for; the directory holds no genders, so that someone is known only by the request's own words
    calling them by that pronoun's gender before the approval, in a sentence that does not name the approver,
    as the subject of a clause joined to the sentence's own ("... when he replies", "... and she needs"): the
    main clause's subject (nlu122). A pronoun after a verb of saying or thinking ("Ava thinks he should ...")
    is someone else; pronouns of both genders, or of none ("they"), are asked."""
    sides = {0 if w in lx.MASCULINE_PRONOUNS else 1 if w in lx.FEMININE_PRONOUNS else 2 for w in said}
    if len(sides) != 1 or 2 in sides:
        return False
    gender = lx.MASCULINE_PRONOUNS if 0 in sides else lx.FEMININE_PRONOUNS
    # (the claim may open with the "and" / "but" joining it on: the approver is the word after)
    words = [w for w in claim.strip(" ,.;:!?-").split() if w not in lx.APPROVER_CLAIM_JOINS]
    approver = words[0] if words else ""
    for sentence in lx.SENTENCE_END.split(before):
        words = re.findall(r"[\w'-]+", sentence)
        if approver in words:
            continue
        if any(w in gender and words[k - 1] in lx.SAME_SUBJECT_LINKS for k, w in enumerate(words) if k > 1):
            return True
    return False


def _wanted_on_reason(rest: str, before: str, mentions: list[Mention]) -> bool:
    """Whether `rest` (after a separator) is lx.NLU133_WANTED_ON_REASON told of the requester after a
    complete request `before`: a write imperative or the requester's own wish, in its last sentence."""
    told = lx.NLU133_WANTED_ON_REASON.match(rest.strip())
    if told is None:
        return False
    if told.group("whom") is not None and mentions[int(told.group("whom"))].ref != "me":
        return False
    # ("..., Olivia wants me on the review with Tom": whom the work is with is context too; "..., Olivia
    # wants me in the Finance team" may name one more list to join)
    work = [
        mentions[int(i)]
        for i in re.findall(r"§(\d+)§", told.group(0))[1 + (told.group("whom") is not None) :]
    ]
    if any(not m.is_person or m.is_group or m.is_mailbox_resource for m in work):
        return False
    asked = lx.SENTENCE_END.split(before.strip())[-1].strip()
    return bool(lx.WRITE_IMPERATIVE.match(lx.POLITE.sub("", asked).strip()) or lx.NLU93_OWN_WISH.match(asked))


def _need_answered(text: str) -> str:
    """`text` with a question of what someone needs, answered right after it by a right, said as that one's
    need: "ok, what does she need? send as on billing" reads "she needs send as on billing" (nlu133)."""

    def said(m: re.Match[str]) -> str:
        who = m.group("who")
        return f"{who} {'need' if who.lower() in lx.NLU133_PLURAL_WHO else 'needs'} "

    return lx.NLU133_NEED_ANSWERED.sub(said, text)


def _cut_injections(text: str) -> str:
    low = text.lower()
    out, last = [], 0
    for m in lx.INJECTION.finditer(low):
        out.append(text[last : m.start()])
        last = m.end()
    out.append(text[last:])
    return ", ".join(part.strip(" ,") for part in out if part.strip(" ,"))


def _impersonation(mention: Mention, part: str) -> bool:
    """'as grace.hopper' (not 'send as support@'): a claim about who is asking, which text cannot make; not
    'as Sarah Connor's primary address', where the name only says whose address it is."""
    return (
        mention.before in lx.AS_WORD
        and mention.before2 not in lx.SEND_WORDS
        and mention.is_person
        and (not mention.is_mailbox_resource)
        and lx.OWNED_ADDRESS_AFTER.match(part, mention.end) is None
    )


def _clauses(text: str, mentions: list[Mention], now: dt.datetime) -> list[_Clause]:
    masked = _without_references(mask_mentions(text, mentions), mentions)
    cuts: list[tuple[int, int]] = []
    statements: set[int] = set()
    start = 0
    for sep in lx.SPLIT.finditer(masked):
        rest = masked[sep.end() :]
        mark = sep.group(0).strip()[:1]
        if lx.SO_THEN.match(sep.group(0).lstrip() + rest):
            if _statement(masked[start : sep.start()]) and not lx.SO_NOT_NEEDED.match(rest):
                # "Ken is on leave so Ava needs ...": the statement is context, the request follows
                cuts.append((start, sep.start()))
                statements.add(start)
                start = sep.end()
            continue
        if lx.SO_PURPOSE.match(sep.group(0).lstrip() + rest):
            continue  # "... with Lucas so he can see when I'm free": why, the change's own tail
        topic = mark == ":" and not lx.CLAUSE_STARTERS.match(masked[start : sep.start()].strip())
        if topic and lx.TOPIC.fullmatch(masked[start : sep.start()].strip()):
            # "my calendar: give Ava free/busy" - a topic, then what to do with it: one clause
            continue
        if mark == ":" and lx.RIGHT_LEAD.fullmatch(masked[start : sep.start()].strip()):
            continue  # "send on behalf: Liam Brown on the Sales mailbox": the right, then whom and where
        if mark == ":" and lx.NEW_LIST_LEAD.fullmatch(masked[start : sep.start()].strip()):
            continue  # "New DL please: x@, display name X": what the new list is, said after the colon
        if mark == ":" and lx.NAMES_ONLY.fullmatch(rest):
            # "dl add marketing: ava@acme.com, tom@acme.com" - whom the clause before is about
            continue
        if (
            lx.BUT_WORD.fullmatch(sep.group(0).strip())
            and not lx.BUT_IMPERATIVE.match(rest)
            and not lx.ONLY_SUBJECT_GETS.match(rest)
        ):
            continue  # "... but she can only see free/busy": how, said of the clause before
        before = masked[start : sep.start()]
        told = re.split(r"[.;!?](?:\s|$)|,", rest, maxsplit=1)[0]
        if mark in (",", ".", ";", "-") and _wanted_on_reason(rest, before, mentions):
            # "add me to Project Atlas until Wednesday, Olivia wants me on the pricing review": who wants the
            # requester on some work, told as why; context, never one more member (nlu133)
            cuts.append((start, sep.start()))
            start = sep.end()
            statements.add(start)
            continue
        if mark == "-" and lx.ONES_ON_IT.fullmatch(told.strip()):
            # "Please add me to all-hands - Olivia and Tom are on it", "... - Olivia is in Marketing": where
            # people are, told after the request; context, never more members
            cuts.append((start, sep.start()))
            start = sep.end()
            statements.add(start)
            continue
        if mark == "-" and _told_after_dash(rest, mentions):
            # "remove lucas from contractors@ - his contract ended friday": what happened to someone, told
            # after the request as its reason (cut as "..., his contract ends today" is)
            cuts.append((start, sep.start()))
            start = sep.end()
            continue
        if mark == "-" and not (re.match(r"§\d+§\s+[a-z]", before.strip()) and _statement(before)):
            # "Ken is covering for Grace - please give Ken ...": a statement about someone, then the request;
            # "Offboard pat@ - remove from all-sales ...": what follows says how, of the same one
            continue
        if (
            mark == ","
            and (lx.RELAYED_REASON.match(rest.strip()) or lx.NLU93_RELAYED_SEND_REASON.match(rest.strip()))
            and (
                lx.WRITE_IMPERATIVE.match(lx.POLITE.sub("", before.strip()).strip())
                or lx.NLU93_OWN_WISH.match(before.strip())
            )
        ):
            # "please add me to Project Phoenix, David asked me to track the budget": who asked and why, told
            cuts.append((start, sep.start()))
            start = sep.end()
            statements.add(start)
            continue
        if mark == "," and before.strip() and _away_told_after(rest, mentions, now):
            # "i need send as on helpdesk@ too, chris is off and the replies have to come from support": who
            # is away, told after the request as why; never one more person it is for (nlu123)
            cuts.append((start, sep.start()))
            start = sep.end()
            statements.add(start)
            continue
        if mark == "," and lx.MOVE_TOLD_WITH_DAY.match(rest.strip()):
            # "take me off finance-team@, I'm moving to Sales next month": the move told after a comma is
            # the same reason as told in a sentence of its own (_move_told), never a later start of the change
            cuts.append((start, sep.start()))
            start = sep.end()
            continue
        if mark == "," and _holding_told_after(rest, before, mentions):
            # "take my full access off Careers, Ava Johnson already has what she needs": what someone else
            # holds, told as why; context, never one more person the change is for
            cuts.append((start, sep.start()))
            start = sep.end()
            statements.add(start)
            continue
        if mark == "," and (
            lx.NLU134_MAIL_COMES_THROUGH_TOLD.match(rest) or lx.NLU134_CANT_REACH_PART.match(rest)
        ):
            # "i'd like to leave the engineering list, I get the release mails through Project Phoenix anyway"
            # "..., I can't log into my laptop": how the mail already comes or what cannot be reached, told as
            # why; never the list the change is on, nor one more person it is for (nlu134)
            cuts.append((start, sep.start()))
            start = sep.end()
            statements.add(start)
            continue
        if mark == "," and (so := lx.SO_THEN.match(rest)) and _statement(before):
            # "Chris is on leave, so Tom should get ...": the statement is context, the request follows
            cuts.append((start, sep.start()))
            statements.add(start)
            start = sep.end() + so.end()
            continue
        if (
            mark == ","
            and lx.NLU164_STATE_TOLD.match(before.strip())
            and _holding_told(told.strip())
            and lx.NLU164_HOLDING_ASKS.search(told) is None
            and told.strip() == rest.strip().rstrip(".!").strip()
        ):
            # "Ethan Park is on leave, Lucas Rossi has full access to Ethan's mailbox": a state, then what
            # someone holds, and nothing after; both told, nothing asked (read as one, "leave" took the right
            # away; nlu164). ("..., please remove it" after the holding asks it: read as before)
            cuts.append((start, sep.start()))
            statements.add(start)
            start = sep.end()
            statements.add(start)
            continue
        if (
            mark == ","
            and _statement(before)
            and (lx.NLU158_WISHED_DONE.match(rest.strip()) or lx.RT83B_WISHED_GIVEN.match(rest.strip()))
        ):
            # "Ethan is on leave, (David asks that) Ethan's email be forwarded to Lucas": the state is why,
            # the change wished done after it is the request (read as one, it was two reads of mailboxes;
            # nlu158; "..., David asks that Lucas be given full access to Ethan's mailbox": a right wished
            # given, whose "leave" took it away read as one, rt83b)
            cuts.append((start, sep.start()))
            statements.add(start)
            start = sep.end()
            continue
        hard = mark in (";", ".", "?", "!", ":") or lx.THEN.search(sep.group(0)) is not None
        # "..., his contract ends today": a new clause about someone named, not one more object
        hard = hard or (mark == "," and _opens_with_possessive_pronoun(rest, mentions))
        elided = "," in sep.group(0) and lx.ELIDED_GRANT.match(rest) is not None
        # ("Tom and Chris should get send as": one subject of two names, never a name left alone before it)
        subject = lx.SUBJECT_GETS.match(rest) is not None and not lx.NAMES_ALONE.fullmatch(before.strip())
        subject = subject or lx.ONLY_SUBJECT_GETS.match(rest) is not None
        subject = subject or (mark == "," and lx.COMMA_BUT_IMPERATIVE.match(rest) is not None)
        if (
            _names_with_own_length(rest, now)
            and before.strip()
            and not lx.NAMES_ALONE.fullmatch(before.strip())
        ):
            # "..., and Ava too but only for 2 days": the names with a length of their own, a part of its own
            # (a mailbox said so, "..., and billing@ too but only for 2 days", is asked where it is read)
            hard = True
        if hard or elided or subject or (lx.CLAUSE_STARTERS.match(rest) and not _permission_continues(rest)):
            cuts.append((start, sep.start()))
            start = sep.end()
    cuts.append((start, len(masked)))
    # "Sarah used to manage the Support mailbox.": how things were, told as context; it asks for nothing
    statements.update(
        a
        for a, b in cuts
        if (lx.PAST_STATEMENT.match(masked[a:b].strip()) and not _requester_was_asked(masked[a:b], mentions))
        or lx.FORWARDING_STATE_TOLD.match(masked[a:b].strip())
        or lx.PAST_HAND_OVER.match(masked[a:b].strip())
        or (a > 0 and lx.PAST_DONE.match(masked[a:b].strip()))
        # ("take me off external-contractors? i was added by mistake": how it came, told beside its mend)
        or (len(cuts) > 1 and lx.MISTAKE_GIVEN_TOLD.match(masked[a:b].strip()))
    )
    # "I only have reviewer on Priya's calendar at the moment, that's fine": what someone holds, told; no
    # request is in it
    statements.update(a for a, b in cuts if _holding_told(masked[a:b].strip()))
    # "Ethan has to reply from support@. Please give him full access to billing@": the duty is why, the
    # change asked for outright, on another mailbox, is the request
    asked = [
        (a, b) for a, b in cuts if lx.WRITE_IMPERATIVE.match(lx.POLITE.sub("", masked[a:b].strip()).strip())
    ]
    statements.update(
        a
        for a, b in cuts
        if lx.DUTY_TOLD.match(masked[a:b].strip())
        and any(_other_mailbox(masked[a:b], masked[c:d], mentions) for c, d in asked if c > a)
    )
    clauses: list[_Clause] = []
    carried: dt.datetime | None = None
    away_end: dt.datetime | None = None
    away_open = False
    away_who: str | None = None
    start_carried = False
    for a, b in cuts:
        piece = masked[a:b].strip()
        starts_later = lx.SPAN_STARTS_LATER.search(piece) is not None
        expiry = _length_outside_reason(piece, now)
        if expiry is not None:
            piece = f"{piece[: expiry.start]} {_EXPIRY_MARK} {piece[expiry.end :]}"
        same_end = None
        if expiry is None and (same := lx.NLU93_SAME_SPAN.search(piece)) is not None:
            # "..., and give him reviewer for the same period": the end said before is this change's too
            # (one end only; with none or two before, the span is left unread and asked: _same_span_unread)
            ends = {c.expires for c in clauses if c.expires is not None}
            if len(ends) == 1 and len(_ends_said(masked[:a], now)) == 1:
                same_end = ends.pop()
                piece = f"{piece[: same.start()]} {_EXPIRY_MARK} {piece[same.end() :]}"
        open_end = lx.OPEN_END.search(piece.replace(_EXPIRY_MARK, " ")) is not None
        leading_start = (
            lx.LATER_EVENT.match(piece) or lx.LATER_START.match(piece) or lx.LATER_DAY_LEAD.match(piece)
        )
        untold = lx.WORK_START_TOLD.sub("", piece)
        later_start = (
            start_carried
            or starts_later
            or leading_start is not None
            or lx.LATER_START.search(untold) is not None
            or lx.RT83A_LATER_START.search(untold) is not None  # ("... end of March", "... after Easter")
            or lx.RT85B_LATER_START.search(untold) is not None  # ("... at month end", "... in two weeks")
            or _day_said(untold)
            or _day_said(lx.RT83A_TRAILING_MENTIONS.sub("", untold))
            # ("take me off all-sales next week, I'm leaving the company": why, told after the day; nlu164)
            or _day_said(lx.NLU164_DOING_TOLD_AFTER.sub("", untold))
        )
        # "Starting next week, let Ken ...", "Once Mike leaves on Friday, give ...": a start said before the
        # comma is when the clause after it should happen
        start_carried = leading_start is not None and masked[b : b + 1] == ","
        after = masked[b + 1 :].lstrip()
        if (
            start_carried
            and leading_start is not None
            and piece[leading_start.end() :].strip()
            and not lx.LATER_EVENT.match(piece)
            and lx.SO_THEN.match(after)
            and not lx.FROM_THEN.search(lx.SENTENCE_END.split(after)[0])
        ):
            # "From next week I will be handling invoices, so I need send as on billing@": when the reason
            # begins, said in a statement of its own; the change after "so" is asked for now ("so from then
            # on I need ..." ties it to that start: asked, as before)
            start_carried = later_start = False
        if lx.START_FIELD.match(piece) and masked[b : b + 1] == ":":
            continue  # "Start: next Monday": the start itself follows
        said = masked[a:b].strip()
        if (then := lx.RT83A_DO_IT_THEN.search(said)) is not None and clauses:
            # "I'm moving to marketing next week, please do it then": the changes before wait for that day
            # (red team 83 H6 made them now; rt83a)
            for earlier in clauses:
                earlier.later_start = True
            if then.start() == 0:
                continue
            later_start = True
        if clauses and _later_told_after(said):
            # "Remove Liam from all-sales; he's leaving at the end of March": the changes before wait for
            # that day (red team 85 H7 made them now; rt85b)
            for earlier in clauses:
                earlier.later_start = True
            continue
        if lx.START_ALONE.match(said) or lx.START_ALONE.match(lx.POLITE.sub("", said).strip()):
            # "Ken needs full access to support. From Wednesday.": the start is the clause's beside it
            if clauses:
                clauses[-1].later_start = True
            else:
                start_carried = True
            continue
        if (reason := lx.LEADING_SUBORDINATE.match(piece)) is not None and _only_me(
            piece[: reason.end()], mentions
        ):
            # "While I'm away, please forward ...": the reason is no request; one that names someone else
            # ("Since Tom moved to sales, add him ...") is kept, it is what the rest refers to
            piece = piece[reason.end() :]
        tail_match = lx.SUBORDINATE.search(" " + piece)
        tail = re.sub(r"§\d+§", " ", tail_match.group(0)).strip() if tail_match else ""
        told, piece = piece, lx.SUBORDINATE.sub("", " " + piece).strip()
        if tail_match is not None and (absent := lx.ABSENCE_THEN_NEED.match(tail_match.group(0))) is not None:
            # ("... while Christine is on leave and needs full access to finance@": the need is the main
            # subject's; only the absence is the reason)
            tail = re.sub(r"§\d+§", " ", absent.group(0)).strip()
            whole = " " + told
            piece = (whole[: tail_match.start()] + whole[tail_match.start() + absent.end() :]).strip()
            if (covers_for := lx.NLU125_COVERS_FOR.search(piece)) is not None:
                piece = (piece[: covers_for.start("whom")] + piece[covers_for.end("whom") :]).strip()
        # (the reason's own subject, "while §0§ is away", is the one away, never whom the rest is about)
        others = re.findall(r"§(\d+)§", lx.SUBORDINATE_SUBJECT.sub(" ", told))
        if not piece.strip(" ,") and any(mentions[int(n)].is_person for n in others):
            # "while he's away Christine Lee handles billing.": a reason and how things are, asking nothing;
            # the one it tells of besides the one away is whom a pronoun after it may mean (never dropped
            # unread; "While Tom is away." alone names no one else, and is dropped as before)
            piece, tail = told, ""
            statements.add(a)
        names_too = lx.NAMES_TOO.fullmatch(piece.strip()) is not None or (
            expiry is not None
            and lx.NAMES_TOO.fullmatch(lx.NAMES_TOO_LENGTH.sub("", piece).strip()) is not None
        )
        piece = " ".join(lx.POLITE.sub("", piece.strip()).split()).strip(" ,")
        numbers = [int(n) for n in re.findall(r"§(\d+)§", piece)]
        for new, old in enumerate(numbers):
            piece = piece.replace(f"§{old}§", f"§{new}")
        expires = expiry.expires if expiry else same_end
        if (
            expires
            and clauses
            and clauses[-1].expires is None
            and lx.COPY_ONLY_CLAUSE.fullmatch(piece.replace(_EXPIRY_MARK, " ").strip(" ,"))
            and lx.FORWARDING.search(clauses[-1].text)
        ):
            # "forward Rachel's mail to Christine and don't keep a copy until 13 March" (a forwarding form
            # said so, batch 34): the copy is how the forwarding goes, and the end said after it is its end
            clauses[-1].expires, expires = expires, None
        if not piece.replace(_EXPIRY_MARK, "").strip(" ,") or (
            expires and lx.THANKS_ONLY.fullmatch(piece.replace(_EXPIRY_MARK, " ").strip(" ,.!-"))
        ):
            # "For a month, give ..." - a duration on its own belongs to the clause beside it.
            if expires and len(clauses) > 1 and lx.THANKS_ONLY.fullmatch(clauses[-1].text.strip(" ,.!-")):
                # "... as reviewer? thanks. until friday": a thanks between asks nothing; the end is the
                # change's before it (given to the thanks, it was lost and the share given for good)
                clauses.pop()
            if expires and clauses and clauses[-1].expires is None:
                clauses[-1].expires = expires
            else:
                carried = expires or carried
            continue
        covers = lx.FORWARDING.search(piece) is not None or _own_cover(
            piece, [mentions[i] for i in numbers], away_who
        )
        if away_end is not None and covers:
            carried = carried or away_end
        if away_open and expiry is None and covers:
            open_end = True
        away_end, away_open, away_who = None, False, None
        clauses.append(
            _Clause(
                piece,
                [mentions[i] for i in numbers],
                expires or carried,
                tail,
                later_start,
                open_end,
                a in statements,
                names_too,
            )
        )
        # "Mike is on leave for two weeks. Please forward to Rachel.": an absence told with its end, asking
        # nothing, is how long a forwarding said right after it is for (never lost, the forwarding for
        # good); a grant beside it keeps the span as the cover's, as the corpus labels it (ABSENCE_SPAN)
        told_away = lx.AWAY_TOLD.search(piece)
        away = told_away is not None and lx.ACTION_VERB.search(piece) is None
        away_who = _away_who(told_away, [mentions[i] for i in numbers]) if away else None
        later = away and lx.AWAY_STARTS_LATER.search(piece) is not None
        away_end = expires if away and not later else None
        # ("Mike is away next week. Forward his mail to Rachel.": a time said, no end read: asked; "Maria is
        # out from Monday 9 March for 2 weeks": the length counts from a later start: asked, never from now)
        away_open = later or (away and expires is None and lx.AWAY_TIME_SAID.search(piece) is not None)
        if not away and (covered := _cover_told(piece, [mentions[i] for i in numbers])) is not None:
            # "Tom is covering sales for Emma until Friday. Give him full access to her mailbox": a cover is
            # by nature for a time; the end it is told with is the grant's on her mailbox after it, a start
            # later than now or a time no end is read from ("next week", "from Wednesday") asks it (red team
            # 68 found the cover's grant made for good, from now)
            said = told.replace(_EXPIRY_MARK, " ")
            later = starts_later or lx.AWAY_STARTS_LATER.search(said) is not None
            away_who, away_end = covered, (expires if not later else None)
            away_open = later or (expires is None and lx.AWAY_TIME_SAID.search(said) is not None)
        carried = None
    return clauses


def _away_told_after(rest: str, mentions: list[Mention], now: dt.datetime) -> bool:
    """Whether what follows a comma, up to the sentence's end, tells that someone named (never the requester)
    is away, with no time said: a time would be how long the change before it is for (AWAY_TIME_SAID), and
    is left to the clause it stands in."""
    told = re.split(r"[.;!?](?:\s|$)", rest, maxsplit=1)[0].strip()
    said = lx.AWAY_TOLD_SUBJECT.match(re.sub(r"§(\d+)§", r"§\1", told))
    if said is None:
        return False
    who = [int(n) for n in re.findall(r"§(\d+)", said.group("who"))]
    # (the absence's own words: "... and the replies have to come from support" is no time of it)
    away, *joined = re.split(r",|\s(?:and|but|so|or)\s", told, maxsplit=1)
    rest_said = " ".join(joined)
    return (
        bool(who)
        and not any(
            mentions[int(n)].is_person for n in re.findall(r"§(\d+)", rest_said) if int(n) < len(mentions)
        )
        and lx.AWAY_REST_ASKS.search(rest_said) is None
        and lx.ACTION_VERB.search(rest_said) is None
        and all(n < len(mentions) and mentions[n].is_person and mentions[n].ref != "me" for n in who)
        and lx.AWAY_TIME_SAID.search(away) is None
        and _length_outside_reason(told, now) is None
    )


def _cover_of_theirs(cover: re.Match[str], whom: Mention) -> bool:
    """ "Tom is covering for Emma's manager": one of hers is covered for, never Emma ("covering Emma's
    accounts", "looking after Emma's customers" with no "for": the work covered is hers, she is)."""
    return whom.possessive and cover.group("prep") is not None


def _cover_told(piece: str, mentions: list[Mention]) -> str | None:
    """Whom a cover told with no change in it ("§0 is covering sales for §1 until Friday") is for: their
    ref, read as an absence told is (the right after it on their mailbox lasts as the cover does)."""
    cover = lx.COVERING_FOR.search(piece)
    if cover is None or lx.ACTION_VERB.search(piece) is not None:
        return None
    whom = int(cover.group("whom"))
    if whom >= len(mentions) or not mentions[whom].is_person or _cover_of_theirs(cover, mentions[whom]):
        return None
    return mentions[whom].ref


def _away_who(told: re.Match[str] | None, mentions: list[Mention]) -> str | None:
    """Whom an absence told ("§0's on leave", "I'm travelling") is of: their ref, "me" for I/we."""
    if told is None:
        return None
    head = told.group(0).strip().lower()
    if (n := re.match(r"§(\d+)", head)) is not None:
        i = int(n.group(1))
        return mentions[i].ref if i < len(mentions) and mentions[i].is_person else None
    return "me" if re.match(r"(?:i|we)\b", head) else None


def _own_cover(piece: str, mentions: list[Mention], away_who: str | None) -> bool:
    """A right given on the mailbox or calendar of the one who was just told to be away ("I'm off until
    Friday, give Tom send as on my mailbox", "Tom is off until Friday, give Ava send as on his mailbox"): the
    cover for that absence, lasting as long (an absence told with a time no end is read from, "next week",
    asks it). The requester's own absence and someone else's are read alike (nlu85; before, someone else's
    left the grant for good). A right on a mailbox that is not theirs ("Chris is off until Friday, so Tom
    needs send as on support@") stays the absence's reason, as the corpus labels it."""
    if away_who is None or lx.OWN_COVER_REMOVAL.search(piece):
        return False
    if away_who == "me":
        return any(m.possessive and m.ref == "me" for m in mentions)
    # ("his mailbox" right after "Tom is off": the one away, the only one a his/her there can be yet)
    return any(m.possessive and (m.ref == away_who or m.pronoun == "person") for m in mentions)


def _requester_was_asked(piece: str, mentions: list[Mention]) -> bool:
    """ "I was asked to add Emma ...": the requester asked, in the past, to do a change now (nlu76)."""
    asked = lx.REQUESTER_WAS_ASKED.match(piece.strip())
    return (
        asked is not None
        and int(asked.group("who")) < len(mentions)
        and mentions[int(asked.group("who"))].ref == "me"
    )


def _length_outside_reason(piece: str, now: dt.datetime) -> Expiry | None:
    """The clause's length (durations.find_expiry), never one said inside a leading reason that tells of the
    work ("Since I've been asked to help screen applicants over the next few months, could I ..."): that is
    why, not how long. A reason telling of an absence ("Since I'm away for two weeks, ...") and "while ..."
    keep their length as before."""
    expiry = find_expiry(piece, now)
    if expiry is None:
        return None
    if lx.REASON_NOT_WHILE.match(piece) is None:
        return expiry
    # (a reason cut off as a clause of its own, "Since I've been asked to ... over the next few months,": all
    # of it is the reason)
    reason = lx.LEADING_SUBORDINATE.match(piece)
    told = reason.end() if reason is not None else len(piece)
    if expiry.start >= told or lx.ABSENCE_TOLD.search(piece[:told]) is not None:
        return expiry
    after = find_expiry(piece[told:], now)
    if after is None:
        return None
    return Expiry(after.expires, after.start + told, after.end + told)


def _names_with_own_length(rest: str, now: dt.datetime) -> bool:
    """Whether `rest` (masked) opens with names alone and a length of their own that ends its part ("and
    §2§ too but only for 2 days", never "plus §2§ for §3§" nor "§2§ for 10 days or so")."""
    names = lx.NAMES_TOO_OWN_LENGTH.match(rest)
    if names is None:
        return False
    said = rest[names.end() :]
    length = find_expiry(said, now)
    return (
        length is not None
        and length.start == 0
        and re.match(r"\s*(?:[,;.!?]|$)", said[length.end :]) is not None
    )


def _trustees_per_right(
    c: _Clause, actions: list[str], trustees: list[Mention]
) -> dict[str, list[Mention]] | None:
    """'Give Tom full access to support and send as to his assistant Ken': each right goes to the people
    its own words name (Tom before "full access", Ken after "send as to"). Empty: every right is for every
    trustee (they are all named before the rights or all after them); None: people stand between the
    rights and whose right is whose cannot be told."""
    if len(actions) < 2 or len(trustees) < 2:
        return {}
    spans: dict[str, tuple[int, int]] = {}
    for action in actions:
        span = delegation_action.RIGHTS.span(c.text, action)
        if span is None:
            return {}
        spans[action] = span
    first = min(a for a, _ in spans.values())
    last = max(b for _, b in spans.values())
    if any(t not in c.mentions for t in trustees):
        return {}
    said = [(c.at(t), c.at(t) + len(c.token(t))) for t in trustees]
    if all(b <= first for _, b in said) or all(a >= last for a, _ in said):
        return {}
    if len({t.ref for t in trustees}) < len(trustees):
        # "Give Tom full access to support and send as to him and Ken": one person said twice among the
        # rights (a name, then a pronoun); placed once, every right went to everyone (Ken got full access)
        return None
    places = {t.ref: (c.at(t), c.at(t) + len(c.token(t))) for t in trustees}
    ordered = sorted(spans.items(), key=lambda item: item[1][0])
    whose: dict[str, str] = {}
    for t in sorted(trustees, key=lambda t: places[t.ref][0]):
        start, end = places[t.ref]
        later = [(a, s) for a, (s, _) in ordered if s >= end]
        earlier = [(a, e) for a, (_, e) in ordered if e <= start]
        if later and lx.RIGHT_RIGHT_AFTER.match(c.text[end : later[0][1]]):
            whose[t.ref] = later[0][0]  # "Give Tom full access": the right said right after him
        elif earlier and lx.RIGHT_GIVEN_TO.search(c.text[earlier[-1][1] : start]):
            whose[t.ref] = earlier[-1][0]  # "... and send as to Ken"
    for t in sorted(trustees, key=lambda t: -places[t.ref][0]):
        # "Give Tom and Ava full access and Ken send as": one named before another shares their right
        joined = c.joined(t)
        if t.ref not in whose and joined is not None and joined[0].ref in whose:
            whose[t.ref] = whose[joined[0].ref]
    for t in sorted(trustees, key=lambda t: places[t.ref][0]):
        before = next((o for o in trustees if (j := c.joined(o)) is not None and j[0] == t), None)
        if t.ref not in whose and before is not None and before.ref in whose:
            whose[t.ref] = whose[before.ref]  # "full access to Tom and Ava and send as to Ken"
    if len(whose) < len({t.ref for t in trustees}) or set(whose.values()) != set(actions):
        return None
    return {a: [t for t in trustees if whose[t.ref] == a] for a in actions}


def _rights_per_mailbox(
    c: _Clause, actions: list[str], mailboxes: list[Mention], repeated: bool
) -> list[tuple[str, list[Mention], str | None]] | None:
    """Each "<rights> on <mailbox>" group with its own rights ("full access and send as on sales@ and full
    access on finance@", "... and send on behalf on finance@"): the rights said since the mailbox before go
    to this one; a mailbox named with no right of its own ("... on sales@ and billing@") shares the group
    before. None when the rights and mailboxes do not stand in such groups (a right after the last mailbox,
    a mailbox before any right), or, with `repeated` (an end said: the reading before places it), when no
    right is said twice: the reading before is kept."""
    said = delegation_action.RIGHTS.said(c.text)
    if repeated and len(said) <= len({a for _, a in said}):
        return None
    places = sorted((c.at(m), m) for m in mailboxes)
    if any(at < 0 for at, _ in places) or places[0][0] < said[0][0] or said[-1][0] > places[-1][0]:
        return None
    groups: list[tuple[set[str], list[Mention]]] = []
    pending: set[str] = set()
    lo = 0
    for at, box in places:
        pending |= {a for start, a in said if lo <= start < at}
        if lx.NLU141_RIGHT_GROUP_TURN.search(c.text[lo:at]) and groups:
            return None  # "... but not send as on finance@": a right taken back is not a group of its own
        if pending:
            groups.append((pending, [box]))
            pending = set()
        else:
            groups[-1][1].append(box)
        lo = at
    if len(groups) < 2:
        return None
    return [(a, [b for rights, boxes in groups if a in rights for b in boxes], None) for a in actions]


def _ruled_out_then_named(
    text: str, ruled_out: list[str], mentions_of: Callable[[str], list[Mention]]
) -> str:
    """A person ruled out by name alone ("Not Ken actually") and named again after it in the request; "" when
    none is."""
    for said in ruled_out:
        named = [m for m in mentions_of(said) if not m.pronoun and m.ref != "me"]
        if not named or not all(m.is_person for m in named) or lx.CHANGE_SAID.search(said.lower()):
            continue
        at = text.lower().find(said.lower())
        if at < 0 or negation.names_a_right(said.lower()):
            continue
        after = text[at + len(said) :]
        # ("everyone in all-sales except Priya ... on Priya's calendar": named again as whose calendar it
        # is, never as one more to share it with; batch 40 asked)
        later = [
            m
            for m in mentions_of(after)
            if m.is_person
            and not m.pronoun
            and not (m.possessive and lx.CALENDAR_OWNED_AFTER.match(after, m.end))
        ]
        # ("not Ken" then "Ken Adams": a name said short is the same person said again)
        if again := [m for m in named if any(m.ref == n.ref or _one_name(m, n) for n in later)]:
            return again[0].surface or again[0].ref
        if (
            len(named) == 1
            and lx.ONE_PERSON_PRONOUN.search(after)
            and (
                lx.CHANGE_SAID.search(after.lower())
                or any(m.is_group or m.is_mailbox_resource for m in mentions_of(after))
            )
        ):
            # "Leave Noah out for now, add him next week", "Leave Noah out; he should get all-sales": a
            # change for "him" said after Noah is left out
            return named[0].surface or named[0].ref
    return ""


def _inside_name(m: Mention, name: str | None, text: str) -> bool:
    """Whether a mention is only words of a new list's name ("Boardroom Bookers": the Boardroom room is no
    member; "Sales Helpers": nor is Sales), said nowhere else in the request (nlu43). A person's name inside
    it ("Ops (Tom Becker) with Ken") may be a member too: left to the question asked where it is read."""
    said = (m.surface or "").strip().lower()
    if not name or not said or m.is_person:
        return False
    low, name_low = text.lower(), name.lower()
    if not re.search(rf"(?<!\w){re.escape(said)}(?!\w)", name_low):
        return False
    rest = lx.WRITTEN_ADDRESS.sub(" ", low.replace(name_low, " ", 1))  # (the new address: no mention)
    return re.search(rf"(?<!\w){re.escape(said)}(?!\w)", rest) is None


def _one_name(a: Mention, b: Mention) -> bool:
    """Whether one mention's words are all words of the other's ("Ken" and "Ken Adams")."""
    words_a, words_b = (set(re.findall(r"[\w'-]+", (m.surface or m.ref).lower())) for m in (a, b))
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _old_address_kept_too(draft: Draft, low: str) -> bool:
    """An old primary planned to go while the request also says to keep it, or not to remove it."""
    if not any(s.action == "change_primary_alias" and s.params.get("keep_old") is False for s in draft.steps):
        return False
    return bool(lx.OLD_NOT_DROPPED.search(low) or lx.KEEP_SAID.search(lx.NOT_KEEP.sub(" ", low)))


def _ends_per_right(text: str, actions: list[str], expires: str) -> dict[str, str | None]:
    """Each right's own end when the words after it say one ("send as until 10 March, and full access with
    no end date"): the end for the right it follows, none for the one said to last; empty when a right has
    neither after it (which end it takes cannot be told), or when the words after a right name another right
    said before ("send as for 2 weeks, and full access too, but the send as permanent": the no-end fell on
    full access; which right each is for cannot be told, nlu55)."""
    starts = sorted((delegation_action.RIGHTS.at(text, a), a) for a in actions)
    if starts[0][0] < 0:
        return {}
    ends: dict[str, str | None] = {}
    for (lo, action), (hi, _) in zip(starts, [*starts[1:], (len(text), "")], strict=True):
        said = text[lo:hi]
        if any(delegation_action.RIGHTS.at(said, other) >= 0 for other in actions if other != action):
            return {}
        if lx.NO_DURATION.search(said):
            ends[action] = None
        elif _EXPIRY_MARK in said:
            ends[action] = expires
        else:
            return {}
    return ends


def _ends_per_list(c: _Clause, lists: list[Mention]) -> dict[str, bool | None]:
    """Each list's own end when the words from it to the next list say one ("to Marketing for two weeks and
    to All Hands permanently"): True for the list the clause's end follows, None for the one said to last;
    empty when a list has neither after it (which end it takes cannot be told)."""
    places = []
    for g in lists:
        found = next((re.search(rf"§{i}(?!\d)", c.text) for i, m in enumerate(c.mentions) if m is g), None)
        if found is None:
            return {}
        places.append((found.start(), g.ref))
    places.sort()
    ends: dict[str, bool | None] = {}
    for (lo, ref), (hi, _) in zip(places, [*places[1:], (len(c.text), "")], strict=True):
        said = c.text[lo:hi]
        if lx.NO_DURATION.search(said):
            ends[ref] = None
        elif _EXPIRY_MARK in said:
            ends[ref] = True
        else:
            return {}
    return ends


def _end_for_one(text: str, actions: list[str], expires: str) -> dict[str, str | None]:
    """The end said after the rights, in a part of its own that names one of them ("..., the latter only until
    Friday", "..., send as until Friday"): that right's end, none for the others; empty when no part says."""
    mark = text.find(_EXPIRY_MARK)
    starts = sorted((delegation_action.RIGHTS.at(text, a), a) for a in actions)
    part_at = max(text.rfind(",", 0, mark), text.rfind(";", 0, mark))
    if mark < 0 or starts[0][0] < 0 or part_at <= starts[0][0]:
        return {}  # the end is said inside the list of rights (or with no part of its own)
    part = text[part_at:mark]
    if (place := lx.ONE_OF_RIGHTS.search(part)) is not None:
        if part_at <= starts[-1][0]:
            return {}
        chosen = starts[lx.RIGHT_PLACE[place.group("nth").lower()]][1]
    else:
        # "..., send as until Friday", "full access to billing, send as there until Friday"
        named = [a for a in actions if delegation_action.RIGHTS.at(part, a) >= 0]
        if len(named) != 1:
            return {}
        chosen = named[0]
    return {a: expires if a == chosen else None for a in actions}


def _boxes_the_end_is_for(c: _Clause, mailboxes: list[Mention]) -> set[str]:
    """The mailboxes named again in a part of their own with the end, after all were named ("..., but only
    billing until Friday"); empty when the end is said with the list itself."""
    mark = c.text.find(_EXPIRY_MARK)
    part_at = max(c.text.rfind(",", 0, mark), c.text.rfind(";", 0, mark))
    if mark < 0 or part_at < 0:
        return set()
    refs = {m.ref for m in mailboxes}

    def named(said: str) -> set[str]:
        # (a mailbox said again may be left as its words: "..., billing only until Friday")
        found = (int(n) for n in re.findall(r"§(\d+)(?!\d)", said))
        marked = {c.mentions[n].ref for n in found if n < len(c.mentions)}
        worded = {
            m.ref for m in mailboxes if m.surface and re.search(rf"\b{re.escape(m.surface)}\b", said, re.I)
        }
        return (marked | worded) & refs

    ending = named(c.text[part_at:mark])
    return ending if ending and ending < refs and named(c.text[:part_at]) == refs else set()


def _opens_with_possessive_pronoun(rest: str, mentions: list[Mention]) -> bool:
    rest = lx.LEADING_CONJUNCTION.sub("", rest)  # ", and her send on behalf can go too"
    first = re.match(r"§(\d+)§", rest)
    if first is None or int(first.group(1)) >= len(mentions):
        return False
    m = mentions[int(first.group(1))]
    # "her" may be an object ("..., her and Tom"): a possessive only when a subject and its verb follow
    return bool(m.pronoun) and (m.possessive or bool(lx.OWNED_SUBJECT_VERB.match(rest[first.end() :])))


def _told_after_dash(rest: str, mentions: list[Mention]) -> bool:
    """Whether what follows a dash, up to the sentence's end, tells what happened or happens to someone
    (lx.TOLD_WITH_DAY, "his contract ended friday", "she's leaving end of week") rather than saying more
    of the change before it: it opens with a pronoun and names no mailbox or list."""
    first = re.match(r"§(\d+)§", rest)
    if first is None or int(first.group(1)) >= len(mentions) or not mentions[int(first.group(1))].pronoun:
        return False
    told = re.split(r"[.;!?](?:\s|$)", rest, maxsplit=1)[0].strip()
    named = [mentions[int(n)] for n in re.findall(r"§(\d+)§", told) if int(n) < len(mentions)]
    return (
        lx.TOLD_WITH_DAY.match(told) is not None
        and lx.LATER_START.search(told) is None
        and not any(m.is_mailbox_resource or m.is_group for m in named)
    )


def _calendar_carried(kept: str, said: Sequence[str]) -> str:
    """ "Don't remove Ava from Priya's calendar, just change her to editor": a level said with no calendar
    is on the one calendar the ruled-out (or kept) part named. A level that is also a calendar word ("just
    drop her to free/busy") names no calendar of its own (main shared the requester's; nlu165)."""
    low = kept.lower()
    bare = low
    for name, level in lx.LEVEL_NAMES:
        if name == lx.NLU165_CALENDAR_WORD_LEVEL:
            bare = level.sub(" ", bare)
    if bare != low and (lx.OWN_WORDS_MINE.search(bare) or lx.NLU165_OWNER_SAID.search(bare)):
        return kept  # ("..., just drop her to free/busy on mine": a calendar of its own, never carried)
    if lx.CALENDAR.search(bare) or not any(p.search(low) for _, p in lx.LEVEL_WORDS):
        return kept
    named = {m.group(0) for part in said for m in lx.CALENDAR_NAMED.finditer(part)}
    return f"{kept} on {named.pop()}" if len(named) == 1 else kept


def _calendar_it(kept: str) -> str:
    """ "Priya's calendar is already shared with Ava. Please also share it with Emma": "share it" after one
    calendar named is that calendar (a clause with no calendar word has no calendar reading)."""
    named = list(lx.CALENDAR_NAMED.finditer(kept))
    if len({m.group(0).lower() for m in named}) != 1:
        return kept
    said = named[0]
    rest = lx.SHARE_IT.sub(lambda m: f"{m.group('verb')} {said.group(0)}", kept[said.end() :])
    return kept[: said.end()] + rest


def _verb_gapped(text: str, mentions: list[Mention]) -> str:
    """ "Add Ava Johnson to Marketing and Noah Davis to Project Phoenix", "Let Chris send on behalf of
    billing@ and Tom send as finance@", "Give Emma editor on Priya's calendar and Ava limited details": one
    verb, then each person with their own object; said with the verb again before the second person (read
    as one clause, the two objects were a coordination question, or one person's level given to both)."""
    opened = lx.GAPPED_VERB.match(text)
    if opened is None:
        return text
    people = [m for m in mentions if m.is_person and not m.pronoun and m.ref != "me" and not m.possessive]
    first = next((m for m in people if m.start == opened.end()), None)
    if first is None or not lx.GAPPED_OBJECT.match(text[first.end :]):
        return text
    for m in people:
        if m.start <= first.end or not lx.GAPPED_OBJECT.match(text[m.end :]):
            continue
        joined = lx.GAPPED_AND.search(text[: m.start])
        between = text[first.end : m.start]
        if joined is None or lx.SENTENCE_END.search(between) or lx.GAPPED_STOP.search(between):
            continue
        if m.ref.split()[0].casefold() == first.ref.split()[0].casefold():
            return text  # "John Miller ... and John send as": the same person or another John, asked
        return f"{text[: m.start]}{opened.group('verb').lower()} {text[m.start :]}"
    return text


def _own_durations(text: str, mentions: list[Mention], now: dt.datetime) -> str:
    """ "Noah gets full access to careers@ for 5 days and Emma for 10 days", "Tom gets send as on info@ for a
    week and Chris gets it permanently", "Give Sam send on behalf for sales@ through Thursday, and Ava too,
    but hers shouldn't expire", "Full access to finance@ for Rachel until March 13, and send as with no end
    date": each person's or each right's own length (or none), said right after it; read as one sentence
    each. Only when each length is one whole duration and each name is a person the directory knows
    (anything else is left, and asked, as before)."""
    people = {(m.start, m.end) for m in mentions if m.is_person and not m.pronoun and m.ref != "me"}

    def whole(said: str) -> bool:
        when = find_expiry(said, now)
        return when is not None and when.start == 0 and not said[when.end :].strip()

    def second(found: re.Match[str]) -> str | None:
        """The second length as said again, "" for none, None when it is not one whole duration."""
        if found.group("forever") is not None:
            return ""
        if found.group("today") is not None:
            return " until today"
        return f" {found.group('d2')}" if whole(found.group("d2")) else None

    found = lx.OWN_DURATION_TWO.match(text)
    if found is not None and found.span("p2") not in people and lx.RIGHT_ALONE.fullmatch(found.group("p2")):
        # "... through 9 March and send as for 4 days": the second is a right, its own length read below
        # (taken as a second person's, the first end was left on both; a grant longer than asked)
        found = None
    if found is not None:
        if found.span("p1") not in people or found.span("p2") not in people:
            return text
        if not whole(found.group("d1")) or (found.group("forever") is None and not whole(found.group("d2"))):
            return text
        head = f"{found.group('verb')} {found.group('right')} {found.group('prep')} {found.group('box')}"
        own = "" if found.group("forever") else f" {found.group('d2')}"
        return f"{found.group('p1')} {head} {found.group('d1')}. {found.group('p2')} {head}{own}."
    found = lx.OWN_DURATION_TOO.match(text)
    if found is not None and found.span("p2") not in people and lx.RIGHT_ALONE.fullmatch(found.group("p2")):
        found = None  # (as above: "..., and send as for 4 days" names a right, not a second person)
    if found is not None:
        if found.span("p1") not in people or found.span("p2") not in people or not whole(found.group("d1")):
            return text
        if (then := second(found)) is None:
            return text
        head = f"{found.group('right')} {_RIGHT_TO[_right(found.group('right'))]} {found.group('box')}"
        return f"Give {found.group('p1')} {head} {found.group('d1')}. Give {found.group('p2')} {head}{then}."
    if (found := lx.OWN_DURATION_RIGHTS.match(text)) is not None:
        named = [found.span(k) for k in ("p1", "p2", "p3") if found.group(k) is not None]
        first_end = "" if found.group("forever1") is not None else found.group("d1")
        if any(span not in people for span in named) or (first_end and not whole(first_end)):
            return text
        if _right(found.group("right")) == _right(found.group("right2")) or (then := second(found)) is None:
            return text
        if not first_end and not then:
            return text  # no end for either: nothing of its own to part
        if (
            len(named) + (found.group("lead") is not None and not (found.group("p1") or found.group("p3")))
            != 1
        ):
            return text  # no one, or a person both given and "for" someone: whose it is is asked
        who = found.group("p1") or found.group("p2") or found.group("p3")
        lead = f"Give {who}" if who else found.group("lead")
        box = found.group("box")
        first = f"{found.group('right')} {_RIGHT_TO[_right(found.group('right'))]} {box} {first_end}".rstrip()
        other = found.group("right2")
        return f"{lead} {first}. {lead} {other} {_RIGHT_TO[_right(other)]} {box}{then}."
    if (found := lx.OWN_DURATION_POSSESSIVE_HEAD.match(text)) is not None:
        return _own_durations_possessive(found, people, whole) or text
    return text


def _own_durations_possessive(
    found: re.Match[str], people: set[tuple[int, int]], whole: Callable[[str], bool]
) -> str:
    """'Grant Ethan Park and Mia Novak full access to info@; Mia's only until Friday, Ethan's is
    permanent': each of the two people's own end said after the grant with their name ("X's ..."), read
    as one sentence each; "" when the parts do not name each of the two once with one whole end (or none)."""
    if found.span("p1") not in people or found.span("p2") not in people:
        return ""
    named = {"p1": found.group("p1"), "p2": found.group("p2")}
    ends: dict[str, str] = {}
    for part in lx.OWN_DURATION_PART_SPLIT.split(found.group("rest").strip()):
        if not part.strip():
            continue
        said = lx.OWN_DURATION_POSSESSIVE_PART.match(part)
        if said is None:
            return ""
        words = set(said.group("who").casefold().split())
        whose = [k for k, name in named.items() if words <= set(name.casefold().split())]
        if len(whose) != 1 or whose[0] in ends:
            return ""
        if said.group("forever") is not None:
            ends[whose[0]] = ""
        elif whole(said.group("d")):
            ends[whose[0]] = f" {said.group('d')}"
        else:
            return ""
    if len(ends) != 2 or not any(ends.values()):
        return ""
    head = f"{found.group('right')} {_RIGHT_TO[_right(found.group('right'))]} {found.group('box')}"
    return " ".join(f"Give {named[k]} {head}{ends[k]}." for k in ("p1", "p2"))


def _send_as_not_own(text: str) -> str:
    """ "I'd like to send emails as sales@ rather than from my own address": what sending as a mailbox stands
    instead of (one's own address) is cut, so the address word there never reads as a primary-address change;
    only when sending as (or from) is said before it."""
    for found in lx.SEND_AS_NOT_OWN.finditer(text):
        if lx.SEND_AS_OR_FROM_SAID.search(text[: found.start()]) is not None:
            return _send_as_not_own(text[: found.start()] + text[found.end() :])
    return text


def _role_aside_read(text: str, mentions_of: negation.MentionFinder) -> str:
    """ "Priya Patel, John Miller's manager, wants a delegation report of the mailboxes he can get into": the
    first he/she after a role aside naming one person, read as that person when the request is a report and
    no one else is named after the aside (lx.ROLE_ASIDE_READ; nlu48). Otherwise `text` as it is, and
    _role_aside_pronoun asks."""
    mentions = mentions_of(text)
    masked = mask_mentions(text, mentions)
    found = lx.ROLE_ASIDE.search(masked)
    if found is None:
        return text
    in_aside = {int(n) for n in re.findall(r"§(\d+)§", found.group(0))}
    aside = [mentions[n] for n in sorted(in_aside) if n < len(mentions)]
    if len(aside) != 1 or not aside[0].is_person or aside[0].pronoun:
        return text
    people = [m for i, m in enumerate(mentions) if i not in in_aside and m.is_person and not m.pronoun]
    tail = masked[found.end() :]
    if not _manager_asks_for_them(found.group(0), tail, mentions, people, aside[0]) and (
        any(m.start > aside[0].end for m in people)
        or len([m for m in people if m.end <= aside[0].start]) != 1
        or not lx.ROLE_ASIDE_READ.search(tail)
        or lx.ROLE_ASIDE_CHANGE.search(tail)
    ):
        return text
    close = text.find(",", aside[0].end)
    if close < 0:
        return text
    for said in lx.ROLE_ASIDE_PRONOUN.finditer(text, close):
        if lx.TIME_CLAUSE_BEFORE.search(text[close : said.start()].lower()):
            continue
        word = said.group(0).lower()
        name = aside[0].surface or aside[0].ref
        if word in lx.POSSESSIVE_PRONOUNS or (
            word in lx.OBJECT_OR_POSSESSIVE and lx.HER_POSSESSIVE_AFTER.match(text, said.end()) is not None
        ):
            name = f"{name}'s"
        return f"{text[: said.start()]}{name}{text[said.end() :]}"
    return text


def _manager_asks_for_them(
    aside_said: str, tail: str, mentions: Sequence[Mention], people: list[Mention], aside: Mention
) -> bool:
    """ "Priya Patel, Noah Davis's manager, asks that he be given full access to sales@": one person named
    before an aside naming whose manager they are, asking that a he/she be given something: that he/she is
    the one the aside names (lx.NLU161_MANAGER_ASIDE; batch 52 asked; nlu161). Anyone else named before it,
    or another verb, leaves it asked."""
    asked = lx.NLU161_ASIDE_ASKS_FOR_PRONOUN.match(tail)
    if lx.NLU161_MANAGER_ASIDE.match(aside_said) is None or asked is None or not aside.possessive:
        return False
    said = asked.group("p") or asked.group("q")
    if said is not None and int(said) < len(mentions):
        word = (mentions[int(said)].surface or "").lower()
    else:
        word = next((w.group(0).lower() for w in lx.RT83A_PRONOUN_WORD.finditer(asked.group(0))), "")
    if word not in lx.MASCULINE_PRONOUNS:
        # ("Priya Patel, Noah Davis's manager, asks that she be given ...": a she or a they may as well be the
        # manager; only a he is read so, and anything else is asked (red team 83 M1 granted Noah; rt83a)
        return False
    if agreement.cannot_be(word, aside.surface or aside.ref):
        # ("Mike Smith, Rachel Green's manager, asks that he be given ...": a he who cannot be Rachel is the
        # manager or someone else; asked (red team 85 H8 granted Rachel; rt85b)
        return False
    return (said is None or (int(said) < len(mentions) and mentions[int(said)].pronoun == "person")) and len(
        [m for m in people if m.end <= aside.start]
    ) == 1


def _pronoun_role_read(text: str, mentions_of: negation.MentionFinder) -> str:
    """ "Chris Lee is off sick; his manager Sarah Connor asks that his email be forwarded to Tom": the role's
    owner is a he/she of the one person named before it, and the same pronoun said after the role is that
    same person, read as their name (lx.ROLE_APPOSITION_BARE, lx.PRONOUN_SAME_ONE; nlu157). Otherwise `text`
    as it is, and _role_aside_pronoun asks."""
    mentions = mentions_of(text)
    masked = mask_mentions(text, mentions)
    found = lx.ROLE_APPOSITION_BARE.search(masked)
    if found is None:
        return text
    first = re.search(r"§(\d+)§", found.group(0))
    if first is None or int(first.group(1)) >= len(mentions):
        return text
    owner = mentions[int(first.group(1))]
    word = text[owner.start : owner.end].casefold()
    same = next((kind for kind in lx.PRONOUN_SAME_ONE if word in kind), None)
    before = {m.ref for m in mentions if m.end <= owner.start and m.is_person and not m.pronoun}
    if same is None or len(before) != 1 or not lx.SENTENCE_OPENS_BEFORE.search(text[: owner.start]):
        # (after a comma, "Ethan Park is on leave, his manager ... asks that his mail be forwarded" is read
        # as a question whether mail is forwarded, name or pronoun: left asked)
        return text
    named = next(m for m in mentions if m.end <= owner.start and m.is_person and not m.pronoun)
    name = named.surface or named.ref
    role_end = text.find(" ", mentions[int(re.findall(r"§(\d+)§", found.group(0))[-1])].end)
    if role_end < 0:
        return text
    return text[:role_end] + lx.ROLE_ASIDE_PRONOUN.sub(
        lambda m: (
            m.group(0)
            if m.group(0).casefold() not in same
            else f"{name}'s"
            if m.group(0).casefold() in lx.POSSESSIVE_PRONOUNS
            or (
                m.group(0).casefold() in lx.OBJECT_OR_POSSESSIVE
                and lx.HER_POSSESSIVE_AFTER.match(m.string, m.end()) is not None
            )
            else name
        ),
        text[role_end:],
    )


def _role_aside_pronoun(text: str, mentions_of: negation.MentionFinder) -> Draft | None:
    """ "Priya Patel, John Miller's manager, wants a delegation report of the mailboxes he can get into": a
    he/she said after a role aside may be the one the aside names (John) or the one before it (Priya); the
    aside is cut as no one the change is for, so the pronoun went to Priya and John was left out. Asked
    (nlu43)."""
    mentions = mentions_of(text)
    masked = mask_mentions(text, mentions)
    found = lx.ROLE_ASIDE.search(masked)
    about = "trustee"
    if found is None and (found := lx.ROLE_APPOSITION_BARE.search(masked)) is not None:
        # ("Christine Lee's manager Rachel Green wants her mail forwarded": no commas; whose mail is asked)
        about = "mailbox" if lx.FORWARDING.search(text.lower()) else "trustee"
    if found is None:
        return None
    # a he/she/his the mention finder took for a person ("wants his mail forwarded") is said too
    tail = re.sub(
        r"§(\d+)§",
        lambda m: (
            mentions[int(m.group(1))].ref
            if int(m.group(1)) < len(mentions) and mentions[int(m.group(1))].pronoun == "person"
            else m.group(0)
        ),
        masked[found.end() :],
    ).lower()
    # a pronoun opening a when/why clause ("... forwarded to Rachel Green while she is on leave", "during
    # her leave") says when, never whose: what the change is on is named elsewhere or asked by its own rule
    said = next(
        (p for p in lx.PERSON_PRONOUN.finditer(tail) if not lx.TIME_CLAUSE_BEFORE.search(tail[: p.start()])),
        None,
    )
    if said is None:
        return None
    aside = [mentions[int(n)] for n in re.findall(r"§(\d+)§", found.group(0)) if int(n) < len(mentions)]
    whose = (aside[0].surface or aside[0].ref) if aside else "the person the aside names"
    return negation.ask_scope(
        f"I could not tell whether {said.group(0).strip()!r} means {whose} or the person named before them: "
        "name the person it is about.",
        about,
    )


def _aside_asked(text: str) -> Draft | None:
    """A calendar share with a level beside another name ("(Ava Johnson: editor)") or another thing of
    someone's shared beside it ("and my inbox with Ava"): what is meant is asked, never read as a share."""
    if lx.CALENDAR_SHARE_SAID.search(text) is None:
        return None
    if (beside := lx.LEVEL_BESIDE_NAME.search(text)) is not None:
        return negation.ask_scope(
            f"The request says a level beside a name ({beside.group(0)!r}): is that a share to give them, or "
            "what they have now? Say each share to give with its level.",
            about="access",
        )
    if (other := lx.NOT_CALENDAR_SHARED.search(text)) is not None:
        return negation.ask_scope(
            f"mailwarden shares calendars only, and the request shares something else too "
            f"({other.group(0).strip()!r} ...): say the calendar share alone, or ask for mailbox access "
            "(full access) as a request of its own.",
            about="action",
        )
    return None


def _asides_cut(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """Asides at the end that ask for nothing: who knows of the request or whose idea it was (", Ava Johnson
    knows", "— Ava's idea", ", thanks to Ava"), a level ruled out beside the one asked for ("; editor would be
    too much"), a level in brackets in someone's state (", Ava (editor) is on leave"). The names in the first
    must all be people the directory knows; a level is ruled out only when another is said before it."""
    text = lx.LEVEL_IN_STATE.sub("", text)
    for _ in range(3):
        before = text
        if (said := lx.LEVEL_RULED_OUT_END.search(text)) is not None and lx.LEVEL_SAID.search(
            text[: said.start()]
        ):
            text = text[: said.start()]
        if (
            said := lx.PERSON_ASIDE_END.search(text) or lx.NLU134_HELPER_END.search(text)
        ) is not None and text[: said.start()].strip():
            group = "n1" if "n1" in said.re.groupindex and said.group("n1") is not None else "n2"
            start, end = said.span(group)
            inside = [m for m in mentions_of(text) if start <= m.start and m.end <= end]
            if inside and all(m.is_person and not m.pronoun and m.ref != "me" for m in inside):
                text = text[: said.start()]
        if text == before:
            break
    return text


def _cut_after_request(found: re.Match[str]) -> str:
    """Nothing for a clause said after something asked before it (the clause cut), else the clause."""
    return "" if found.string[: found.start()].strip(" ,;-.!") else found.group(0)


def _wish_as_change(found: re.Match[str]) -> str:
    """ "..., I also want Ava added to All Hands" after something asked: "..., and have Ava added ...", the
    change the wish asks for (lx.WISH_JOINED); never the requester added too (nlu55). Left as said when it
    opens the request."""
    if not found.string[: found.start()].strip(" ,;-.!"):
        return found.group(0)
    return found.group("lead") + "and have "


def _unknown_beside_known(text: str, mentions_of: Callable[[str], list[Mention]]) -> tuple[str, str] | None:
    """A name no one has, listed next to a known person the change is for ("add zorblat and emma wilson to
    marketing", "Give Tom Becker and Zorblat Quux full access to ..."), with the slot to ask it in (member,
    grantee or trustee); None when there is none. Read without it, the plan was Emma's alone: ready, and
    leaving out whom it named."""
    mentions = mentions_of(text)
    plain = lx.COMMON_WORDS | lx.NOT_UNKNOWN_NAMES | lx.NOT_A_LISTED_NAME
    for m in mentions:
        if m.pronoun or m.literal or m.ref == "me" or not m.is_person:
            continue
        for found in (
            lx.UNKNOWN_BEFORE_KNOWN.search(text, 0, m.start),
            lx.UNKNOWN_AFTER_KNOWN.match(text, m.end),
        ):
            if found is None:
                continue
            start, end = found.span("name")
            words = found.group("name").split()
            if any(x.start < end and start < x.end for x in mentions) or any(
                w.lower() in plain or lx.ACTION_VERB.match(w.lower()) for w in words
            ):
                continue
            low = text.lower()
            about = (
                "grantee" if "calendar" in low else "trustee" if lx.RIGHT_WORDS_SAID.search(low) else "member"
            )
            return found.group("name"), about
    return None


def _on_behalf_dash_cut(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """`text` without "On behalf of <person> - " opening it (lx.ON_BEHALF_DASH_OPENER) when the rest names
    someone else and never that person: "On behalf of Sam Taylor - Tom needs full access ..." is Tom's change
    alone, as with ":" (red team 39 granted Sam too; nlu54); "... - he needs ..." is left (Sam's). A me/my
    there is the one writing, as after ":" ("On behalf of Sarah - please give me send as on billing@" is the
    requester's change alone: main granted Sarah too, nlu72)."""
    opener = lx.ON_BEHALF_DASH_OPENER.match(text)
    if opener is None:
        return text
    filed_for = {m.ref.lower() for m in mentions_of(opener.group(0)) if m.is_person and not m.pronoun}
    rest = text[opener.end() :]
    named = [m for m in mentions_of(rest) if m.is_person and not m.pronoun]
    if filed_for and named and all(m.ref.lower() not in filed_for for m in named):
        return rest
    return text


def _caller_label_read(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """`text` with a caller's label opening it (lx.NLU165_CALLER_LABEL: "Calling for Sarah Connor, who is on
    leave: Chris Lee needs full access to her mailbox") read as whom the call is for, never as a grant "for"
    them: the who-clause kept as a statement ("Sarah Connor is on leave: ..."; an end said there still ends
    it), the label itself said as "On behalf of ..." (read by the on-behalf rules). A her/his before a
    mailbox or calendar in the rest is the one the label names when the name's gender agrees and no one the
    rest names does (the one she-person named; batch 54: main planned Chris's mailbox for Sarah). Only when
    the label names one known person, someone else is named after it, and every pronoun after it is such a
    her/his: anything else keeps its pronouns, to be read (or asked) as before (nlu165)."""
    label = lx.NLU165_CALLER_LABEL.match(text)
    if label is None:
        return text
    said = label.group("who").strip()
    who = [m for m in mentions_of(said) if m.is_person or m.pronoun]
    if len(who) != 1 or who[0].pronoun or not who[0].known or who[0].ref in ("me", "my manager"):
        return text
    if (who[0].surface or who[0].ref).casefold() != said.casefold():
        return text
    rest = text[label.end() :]
    found = mentions_of(rest)
    named = [m for m in found if m.is_person and not m.pronoun]
    pronouns = [m for m in found if m.pronoun]
    owned = list(lx.NLU165_OWNER_PRONOUN.finditer(rest))
    gender = agreement.of_display_name(said)
    if (
        named
        and all(
            m.ref.casefold() != who[0].ref.casefold() and m.ref not in ("me", "my manager") for m in named
        )
        and owned
        and len(pronouns) == len(owned)
        and all(agreement.of_pronoun(o.group(0)) == gender is not None for o in owned)
        and not any(agreement.of_display_name(m.surface or m.ref) == gender for m in named)
    ):
        for o in reversed(owned):
            rest = rest[: o.start()] + lx.NLU165_OWNER_SAY.format(who=said) + rest[o.end() :]
    if label.group("told"):
        verb = label.group("verb") or lx.NLU165_CALLER_VERB
        return lx.NLU165_CALLER_TOLD_SAY.format(who=said, verb=verb, told=label.group("told"), rest=rest)
    return lx.NLU165_CALLER_LABEL_SAY.format(who=said, rest=rest)


def _instead_on_removed(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """`text` with a grant said "instead" after a removal ("Remove Mike Smith's full access to the Billing
    mailbox and give Rachel Green full access instead") said on the one mailbox the removal named: "instead"
    puts the grant where the removal was (main asked which mailbox; batch 54). Only when the grant names
    people and nothing else (no mailbox, list, pronoun nor possessive of its own) and what came before
    removes something and names exactly one mailbox (a shared one, an address, or someone's mailbox)."""
    found = lx.NLU165_GIVEN_INSTEAD.search(text)
    if found is None:
        return text
    before, given = text[: found.start()], found.group("give")
    if not lx.REVOKE.search(before.lower()) or lx.MAILBOX_NOUN.search(given.lower()):
        return text
    named = mentions_of(given)
    if not named or any(not m.is_person or m.pronoun or m.possessive or m.ref == "me" for m in named):
        return text
    boxes: set[str] = set()
    for m in mentions_of(before):
        said = before[m.start : m.end]
        if m.is_mailbox_resource and not m.is_person:
            boxes.add(said)
        elif m.possessive and m.is_person:
            after = lx.NLU162_POSSESSIVE_MARK.sub("", before[m.end :], count=1)
            if (noun := lx.MAILBOX_NOUN.match(after.lower())) is not None:
                boxes.add(before[m.start : len(before) - len(after)] + noun.group(0))
    if len(boxes) != 1:
        return text
    said = lx.NLU165_GIVEN_INSTEAD_SAY.format(give=given, box=boxes.pop(), instead=found.group("instead"))
    return text[: found.start("give")] + said + text[found.end("instead") :]


def _members_but_one(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """`text` with "the <list> members except <someone>" said as "all the members of <list> except ..."
    (lx.NLU165_MEMBERS_BUT), the form whose members are read from the directory and the one named left
    out ("Add the Finance Team members except Mike Smith to Project Atlas": Christine and Rachel; main asked
    which member; batch 54). Only a list's name said just before "members"."""
    for m in mentions_of(text):
        if not m.is_group or m.is_person or m.pronoun:
            continue
        members = lx.NLU165_MEMBERS_BUT.match(text[m.end :])
        lead = lx.NLU165_MEMBERS_LEAD.search(text, 0, m.start)
        if members is None or lead is None:
            continue
        said = lx.NLU165_MEMBERS_SAY.format(group=text[m.start : m.end])
        return text[: lead.start()] + said + text[m.end + members.end() :]
    return text


def _own_doing_cut(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """`text` without what the requester does themselves after the request (lx.OWN_DOING_AFTER: "..., i'll
    tell Ava", "... before i send the invite to Ava"), a role in brackets (lx.BRACKET_WHOSE_ROLE: "(hr@'s
    backup)") and why, said at the end (lx.REASON_FOR_WORK_END: "for Ava's interviews", "to help Ava"; only
    when all it names are people). Red team 37 read the people and mailboxes in them as more to grant (nlu50).
    Each is cut only after something asked before it."""
    for pattern in (lx.OWN_DOING_AFTER, lx.BRACKET_WHOSE_ROLE, lx.OWN_DOING_SELF, lx.OWN_DOING_SELF_FIRST):
        text = pattern.sub(_cut_after_request, text)
    # ("...; Ava's send as I'll do later": the own doing told object first; nlu62)
    text = lx.OWN_DOING_OBJECT_FIRST.sub(_cut_after_request, text)
    for found in reversed(list(lx.REASON_FOR_WORK_END.finditer(text))):
        if not text[: found.start()].strip(" ,;-"):
            continue
        inside = [m for m in mentions_of(text) if found.start() <= m.start and m.end <= found.end()]
        if inside and all(m.is_person and not m.pronoun and m.ref != "me" for m in inside):
            text = text[: found.start()] + text[found.end() :]
    return text.strip(" ,;")


def _for_person_after(
    cleaned: str,
    draft: Draft,
    mentions_of: Callable[[str], list[Mention]],
    directory: Directory,
    requester: Recipient,
) -> str:
    """The question when a request that names whom it is for ends with "for <a person>" ("Give Emma Wilson
    full access to careers@acme.com for Ava Johnson", lx.FOR_PERSON_END) and the ready plan gives the change
    to both: one more person, or whom it is asked for? (red team 37 granted Ava too; nlu50), or ""."""
    mentions = mentions_of(cleaned)
    masked = mask_mentions(cleaned, mentions)
    ids = negation.Ids(directory, requester)
    for found in lx.FOR_PERSON_END.finditer(masked):
        n = int(found.group(1))
        if n >= len(mentions):
            continue
        who = mentions[n]
        if who.pronoun or not who.is_person or who.ref == "me":
            continue
        said = ids.of(who.ref)
        for step in draft.steps:
            if ACTIONS[step.action].kind != "write":
                continue
            for key in ("trustee", "member", "grantee"):
                value = step.params.get(key)
                if not isinstance(value, str) or not ids.of(value) & said:
                    continue
                others = [
                    s
                    for s in draft.steps
                    if s.action == step.action
                    and isinstance(other := s.params.get(key), str)
                    and not ids.of(other) & said
                ]
                if others:
                    return lx.FOR_PERSON_END_ASK.format(who=who.surface or who.ref)
    return ""


def _ended_reason_cut(text: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """ "..., Vera's engagement has ended": what ended for someone, told at the end as why
    (lx.PERSON_ENDED_END), cut; only when it names people (or a pronoun) and something is asked before it."""
    said = lx.PERSON_ENDED_END.search(text)
    if said is None and (moving := lx.NLU134_PERSON_MOVING_ALL_END.search(text)) is not None:
        # ("..., David is moving everyone to employee contracts": where they go names nothing, nlu134; who
        # moves them, a person or a team, is told doing it, never one the change is for)
        where_at, where_end = moving.span("where")
        if text[: moving.start()].strip() and not any(
            m.start < where_end and where_at < m.end for m in mentions_of(text)
        ):
            return text[: moving.start()]
    if said is None or not text[: said.start()].strip():
        return text
    start, end = said.span("who")
    inside = [m for m in mentions_of(text) if m.start < end and start < m.end]
    if not inside or all(m.is_person and m.ref != "me" for m in inside):
        return text[: said.start()]
    return text


# the word a right takes before the mailbox when said again (rules._own_durations)
_RIGHT_TO = {"full access": "to", "send as": "on", "send on behalf": "of"}


def _right(said: str) -> str:
    return " ".join(said.casefold().split())


# any time will do to tell whether words are a length or an end (what they come to is read later)
_ANY_NOW = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def _end_said_apart(text: str) -> str:
    """ "Give Priya full access to my mailbox; end it at month end" as "... until the end of the month": the
    end of a grant said as a clause of its own ("stop it on Friday", "it ends after two weeks"; red team 32
    read it as no end, a permanent grant). An end said so that cannot be read ("stop it at quarter end") is
    still an end: the grant is read as temporary, and how long is asked."""

    def say(m: re.Match[str]) -> str:
        when = m.group("when").strip()
        when = lx.MONTH_END_WHEN_SAY if lx.MONTH_END_WHEN.match(when) else when
        for lead in lx.END_SAID_LEADS:
            said = f"{lead} {when}"
            found = find_expiry(said, _ANY_NOW)
            if found is not None and found.start == 0 and found.end == len(said):
                return f" {said}"
        return lx.END_SAID_UNREAD_SAY if lx.END_SAID_UNREAD.search(when) else m.group(0)

    return lx.END_SAID_APART.sub(say, text)


def _right_for_worker(m: re.Match[str]) -> str:
    """ "send on behalf on my mailbox, she sends my invites" as "... my mailbox for her, she sends ..."."""
    whom = lx.RIGHT_FOR_WORKER_OBJECT[m.group("who").lower()]
    return f"{m.group('lead')}{m.group('right')} for {whom}{m.group('tail')}{m.group('sep')}{m.group('who')} "


def _shorthand(text: str) -> str:
    """Chat shorthand read as the words: "fwd"/"fw" (not a header's "Fwd:") as forward, a lone "n" or "&"
    between words as and, an arrow after a primary address as "to"."""
    text = lx.FWD_WORD.sub(lambda m: lx.FWD_SAY + (m.group("ing") or ""), text)
    text = lx.FWD_WORD_CAPS.sub(lx.FWD_SAY, text)
    text = lx.CHAT_FOR.sub(lx.CHAT_FOR_SAY, lx.CHAT_TO.sub(lx.CHAT_TO_SAY, text))
    text = lx.CHAT_FOR_LENGTH.sub(lx.CHAT_FOR_LENGTH_SAY, text)
    text = lx.LENGTH_OF_RIGHT.sub(lx.LENGTH_OF_RIGHT_SAY, text)
    text = _end_said_apart(text)
    text = lx.ALL_REMOVED_LEAVING.sub(lx.ALL_REMOVED_LEAVING_SAY, text)
    # (only when what comes first is a name alone: "remove ken - show details" asks two things)
    text = lx.TOPIC_DASH_READ.sub(
        lambda m: (
            m.group(0) if lx.ACTION_VERB.search(m.group("who").lower()) else m.expand(lx.TOPIC_DASH_READ_SAY)
        ),
        text,
    )
    text = lx.N_FOR_AND.sub(" and ", text)
    text = lx.PLUS_FOR_AND.sub(" and ", text)
    text = lx.PRIMARY_ARROW.sub(r"\g<head> to ", text)
    # "primary address for Mia -> mia@acme.com": a change of the primary address said with no verb
    return lx.PRIMARY_NO_VERB.sub(r"\g<lead>set ", text)


def _spaced_list_names(text: str, names: NameIndex) -> str:
    """ "who's on the all sales list": a list whose name has hyphens (all-sales), said with spaces and the
    word list or group after it, is that list (never a mailbox its last word also names, sales@)."""
    if names.spaced_pattern is None:
        return text
    return names.spaced_pattern.sub(lambda m: names.spaced[" ".join(m.group(0).casefold().split())], text)


def _unknown_forwarding_owner(text: str, said_as: LazyPattern | None = None) -> str | None:
    """The word said as whose the mail, mailbox or forwarding is ("stop zorbo forwarding": "zorbo") when it
    is none of the lexicon's words (lx.FORWARDING_OWNED_BY, or `said_as`), or None. `text` is masked (a name
    is §n§)."""
    known = lx.FORWARDING_OWN_WORDS | lx.COMMON_WORDS | lx.NOT_UNKNOWN_NAMES | lx.CALENDAR_OWN_WORDS
    if said_as is not None:
        # (the object of the forwarding verb: any word there but a mail word says whose, "careers" too)
        known = lx.FORWARDING_OWN_WORDS | lx.FORWARDED_WHAT_WORDS
    for said in (said_as or lx.FORWARDING_OWNED_BY).finditer(text):
        word = re.sub(r"['’]s?$", "", said.group("word"))  # ("zorbo's forwarding": zorbo)
        if word.lower() not in known | lx.TYPO_CUES | lx.NEGATING_CUES:
            return word
    return None


def _forward_purpose_cut(text: str) -> str:
    """`text` without what a forwarding is said to be for ("... so no customer emails get lost"): the mail a
    purpose speaks of is neither a condition on which mail goes nor messages sent on (nlu115)."""
    return lx.FORWARD_PURPOSE.sub(lambda m: m.group("head") or "", text)


def _forwarding_it(kept: str, mentions: list[Mention]) -> str:
    """ "Revoke Maria's full access to careers@acme.com and turn off the forwarding on it": "it" after the
    forwarding is the one shared mailbox named before it (never the requester's own mailbox by default)."""
    found = lx.FORWARDING_ON_IT.search(kept)
    if found is None:
        return kept
    boxes = {
        m.surface or m.ref
        for m in mentions
        if m.end <= found.start() and m.is_mailbox_resource and not m.is_person and not m.pronoun
    }
    if len({b.casefold() for b in boxes}) != 1:
        return kept
    return kept[: found.start("it")] + boxes.pop() + kept[found.end("it") :]


def _forwarding_that(kept: str, mentions: list[Mention]) -> str:
    """ "Chris Lee's mail has been forwarding to Tom Becker ...; please turn off that forwarding": "that
    forwarding" is the forwarding of the one mailbox told forwarding before it (never the requester's own by
    default); left as said when none or more than one is told."""
    found = lx.FORWARDING_THAT.search(kept)
    if found is None:
        return kept
    told = {
        m.ref: m.surface or m.ref
        for m in mentions
        if m.end <= found.start() and not m.pronoun and lx.FORWARDING_TOLD_AFTER.match(kept[m.end :])
    }
    if len(told) != 1:
        return kept
    [(ref, said)] = told.items()
    whose = "my mailbox" if ref == "me" else said
    return f"{kept[: found.start()]}turn off the forwarding on {whose}{kept[found.end() :]}"


def _held_then_taken(kept: str, mentions: list[Mention]) -> str:
    """ "Sam Taylor mentioned that Alexander Kim still has full access to office@acme.co.uk; please revoke
    it": "it" after a right told held by one person on one mailbox is that right; read as "revoke Alexander
    Kim's full access to office@acme.co.uk" (who noticed or said it is no one the change is for). Left as said
    when the words before the holder are anything but a report."""
    found = _right_told_then(kept, mentions, lx.HELD_RIGHT_TOLD, lx.HELD_RIGHT_TAKEN)
    if found is None:
        return _lost_then_given_back(kept, mentions)
    holder, box, held, taken, start = found
    said = (
        f"{taken.group('verb')} {kept[holder.start : holder.end]}'s {held.group('right')} "
        f"{held.group('prep')} {kept[box.start : box.end]}"
    )
    return f"{kept[:start]}{' ' if start else ''}{said}{kept[box.end + taken.end() :]}"


def _lost_then_given_back(kept: str, mentions: list[Mention]) -> str:
    """ "Lucas Rossi no longer has full access to hr@acme.com, please add it back": "it" after a right told
    lost by one person on one mailbox is that right, given back; read as "give Lucas Rossi full access to
    hr@acme.com" (read as one, "no longer" took it away; rt83b). Left as said when the words before the
    holder are anything but a report."""
    found = _right_told_then(kept, mentions, lx.RT83B_LOST_RIGHT_TOLD, lx.RT83B_RIGHT_GIVEN_BACK)
    if found is None:
        return kept
    holder, box, lost, back, start = found
    said = lx.RT83B_RIGHT_GIVEN_BACK_SAY.format(
        holder=kept[holder.start : holder.end],
        right=lost.group("right"),
        prep=lost.group("prep"),
        box=kept[box.start : box.end],
    )
    return f"{kept[:start]}{' ' if start else ''}{said}{kept[box.end + back.end() :]}"


def _right_told_then(
    kept: str, mentions: list[Mention], told: LazyPattern, then: LazyPattern
) -> tuple[Mention, Mention, re.Match[str], re.Match[str], int] | None:
    """The first person told (`told`, between them) to hold or to have lost a right on the mailbox named
    next, with what is asked of "it" after the mailbox (`then`), said after nothing but a report: the
    holder, the mailbox, both matches and where the sentence starts."""
    for k, holder in enumerate(mentions[:-1]):
        box = mentions[k + 1]
        if not holder.is_person or holder.pronoun or holder.possessive or holder.ref == "me" or box.pronoun:
            continue
        said = told.match(kept[holder.end : box.start])
        done = then.match(kept[box.end :])
        if said is None or done is None:
            continue
        start = max(kept.rfind(mark, 0, holder.start) for mark in ".;!?\n") + 1
        if lx.HELD_RIGHT_REPORTED.match(kept[start : holder.start]) is None:
            continue
        return holder, box, said, done, start
    return None


def _self_not_member(m: Mention) -> bool:
    """The requester said as who asks ("I need", "I'd like") or for whom ("... for me"), not as a member."""
    return m.ref == "me" and (m.surface.lower() in lx.SELF_ASKING or m.before in lx.SELF_FOR)


def _level_unstated(
    draft: Draft,
    unstated: list[tuple[tuple[str, str], ...]],
    kept: str,
    cap: str | None,
    who: Callable[[str], str | None],
) -> Draft:
    """The draft with each calendar share no part of the request gave a level to taken out, and the level
    asked (product decision: Outlook's share dialog makes the sharer choose; mailwarden never guesses one).

    A share read with no level in its clause keeps one another part gave it ("Share my calendar with Tom.
    Free/busy only.", "..., give her editor", "(not as editor)": capped); it is asked when it is still at
    the reviewer it was planned with and the request names reviewer nowhere. Each clause's shares are
    their own question, naming whose calendar and who gets it (its own id): one question for all, its
    answer said once at the end, reached only the last share."""
    if not unstated or cap is not None:
        return draft
    said = lx.SEE_WHEN_FREE.sub("", kept.lower())
    if lx.REVIEWER_NAMED.search(said):
        return draft
    clauses = [{(who(o), who(g)) for o, g in pairs} for pairs in unstated]
    silent: list[list[DraftStep]] = [[] for _ in clauses]
    for s in draft.steps:
        if (s.action, s.change) != ("calendar_share", "grant") or s.params.get("access") != "reviewer":
            continue
        pair = (who(str(s.params.get("owner"))), who(str(s.params.get("grantee"))))
        if None in pair:
            return draft  # a name to settle first: the level is asked once the people are known
        at = next((i for i, meant in enumerate(clauses) if pair in meant), None)
        if at is not None:
            silent[at].append(s)
    questions = list(draft.questions)
    for shares in silent:
        if not shares:
            continue
        owners = list(dict.fromkeys(str(s.params.get("owner")) for s in shares))
        grantees = list(dict.fromkeys(str(s.params.get("grantee")) for s in shares))
        text = share_question(owners, grantees)
        same = next((i for i, q in enumerate(questions) if q.text == text), None)  # the text says "level"
        if same is None:
            questions.append(DraftQuestion(about="access", text=text, shares=shares))
        else:  # the same shares said twice: one question, its answer for each
            merged = [*questions[same].shares, *(s for s in shares if s not in questions[same].shares)]
            questions[same] = questions[same].model_copy(update={"shares": merged})
    taken = [s for shares in silent for s in shares]
    if not taken:
        return draft
    steps = [s for s in draft.steps if s not in taken]
    return draft.model_copy(
        update={
            "status": "needs_clarification",
            "message": questions[0].text,
            "steps": steps,
            "questions": questions,
        }
    )


def _unstated_share_said_again(
    draft: Draft,
    unstated: list[tuple[tuple[str, str], ...]],
    kept: str,
    who: Callable[[str], str | None],
) -> Draft:
    """The draft without each calendar share read with no level in its clause ("Sarah manages my diary") when
    another part shares the same calendar with the same person at a level it says ("give Sarah editor on my
    calendar"): the same share said twice, the level said the one asked (nlu112; planned apart, they were
    two levels for one share and asked). Kept when reviewer, the level it was planned with, is said."""
    if dict(lx.LEVEL_PATTERNS)["reviewer"].search(lx.SEE_WHEN_FREE.sub("", kept.lower())):
        return draft
    pairs = {(who(o), who(g)) for clause in unstated for o, g in clause}

    def pair(s: DraftStep) -> tuple[str | None, str | None]:
        return (who(str(s.params.get("owner"))), who(str(s.params.get("grantee"))))

    grants = [s for s in draft.steps if (s.action, s.change) == ("calendar_share", "grant")]
    silent = [
        s
        for s in grants
        if s.params.get("access") == lx.NLU112_UNSTATED_LEVEL and None not in pair(s) and pair(s) in pairs
    ]
    dropped = [
        s
        for s in silent
        if any(
            o is not s and o.params.get("access") != lx.NLU112_UNSTATED_LEVEL and pair(o) == pair(s)
            for o in grants
        )
    ]
    if not dropped:
        return draft
    steps = [s for s in draft.steps if all(s is not d for d in dropped)]
    n = len({(s.action, s.change, tuple(sorted((k, str(v)) for k, v in s.params.items()))) for s in steps})
    return draft.model_copy(update={"steps": steps, "message": f"Understood {n} step{'s' * (n != 1)}."})


def _wider(new: DraftStep, old: DraftStep) -> bool:
    """A calendar share whose level a later sentence raised."""
    a, b = new.params.get("access"), old.params.get("access")
    if new.action != "calendar_share" or a == b or a not in lx.LEVEL_ORDER or b not in lx.LEVEL_ORDER:
        return False
    return lx.LEVEL_ORDER.index(str(a)) > lx.LEVEL_ORDER.index(str(b))


def _day_said(piece: str) -> bool:
    """ "... to Marketing on Friday", "... tomorrow": the clause is for a day still to come (said first, it is
    a leading start: LATER_DAY_LEAD)."""
    tail = lx.LATER_DAY_TAIL.search(piece)
    words = piece[: tail.start()].split() if tail else []
    return tail is not None and bool(words) and words[-1] not in lx.BOUND_DAY_WORDS


def _later_told_after(said: str) -> bool:
    """ "he's leaving at the end of March", "at month end I mean": a clause after a change telling only the
    later day it is for (rt85b)."""
    rest = lx.RT85B_DAY_TAIL.sub("", lx.RT85B_LEAVING_LEAD.sub("", said, count=1), count=1).strip()
    return bool(rest) and any(
        (day := pattern.match(rest)) is not None and day.end() == len(rest)
        for pattern in (lx.LATER_START, lx.RT83A_LATER_START, lx.RT85B_LATER_START)
    )


def _told_with_day(clause: _Clause) -> bool:
    """ "She is covering for Christine next month", "his contract ended Friday": a reason told with a day,
    naming no mailbox or list (one that does may be a change of its own, asked)."""
    return (
        lx.TOLD_WITH_DAY.match(clause.text.strip()) is not None
        and lx.LATER_START.search(clause.text) is None  # ("... covering for Christine from Monday": a start)
        and not any(m.is_mailbox_resource or m.is_group for m in clause.mentions)
    )


def _holding_told_after(rest: str, before: str, mentions: list[Mention]) -> bool:
    """The words after a comma tell what someone holds (lx.NLU93_HOLDING_TOLD_PART), to the end of their
    sentence, of one not named in the request before (then whether they get it too is asked, as before)."""
    told = lx.NLU93_HOLDING_TOLD_PART.match(rest)
    if told is None or (rest[told.end() :].strip() and not re.match(r"\s*[.;!?\n]", rest[told.end() :])):
        return False
    who = mentions[int(re.findall(r"§(\d+)§", told.group(0))[0])]
    named = {mentions[int(n)].ref.casefold() for n in re.findall(r"§(\d+)§", before)}
    return who.ref == "me" or who.ref.casefold() not in named


def _holding_told(piece: str) -> bool:
    """ "I only have reviewer on ...", "Tom has send as on sales@": what someone holds, with no request."""
    if lx.HOLDING_TOLD.match(piece) is None:
        return False
    # a person named reads as one who may ask ("..., I need send as too", "..., Tom needs editor")
    return lx.REQUEST_FORM.search(re.sub(r"§\d+§", "i", piece)) is None


def _told_holding(clause: _Clause) -> bool:
    """A statement clause that only tells what someone holds ("Maria Garcia already has editor")."""
    return (
        clause.context
        and _holding_told(re.sub(r"§(\d+)(?!\d)", r"§\1§", clause.text))
        and not lx.ACTION_VERB.search(clause.plain)  # ("..., make her reviewer too": a change said with it)
    )


def _other_mailbox(duty: str, request: str, mentions: list[Mention]) -> bool:
    """Whether the request names a mailbox the duty does not."""

    def boxes(words: str) -> set[str]:
        return {
            mentions[int(n)].ref
            for n in re.findall(r"§(\d+)§", words)
            if int(n) < len(mentions)
            and mentions[int(n)].is_mailbox_resource
            and not mentions[int(n)].is_person
        }

    return bool(boxes(request) - boxes(duty)) and bool(boxes(duty))


def _statement(words: str) -> bool:
    """Words that tell how things are: no action verb, no negation, not a question."""
    plain = re.sub(r"§\d+§", " ", words)
    return not (
        lx.ACTION_VERB.search(plain)
        or lx.NEGATION_ANYWHERE.search(plain)
        or lx.READ_START.match(words.strip())
    )


def _requester_greeted_cut(text: str, requester: Recipient) -> str:
    """`text` without a greeting to the requester by name at its start ("good morning grace, Rachel ..."),
    when what follows says no I/me/my (lx.NLU133_GREETED_OPENING)."""
    greeted = lx.NLU133_GREETED_OPENING.match(text)
    if greeted is None or lx.FIRST_PERSON.search(text, greeted.end()):
        return text
    said = " ".join(greeted.group("who").casefold().split())
    name = " ".join(requester.display_name.casefold().split())
    if said not in {name, name.split(" ")[0] if name else ""} - {""}:
        return text
    rest = text[greeted.end() :]
    return f"{rest[:1].upper()}{rest[1:]}"


def _own_intro_cut(text: str, requester: Recipient, names: frozenset[str]) -> str:
    """`text` without the requester introducing themselves at its start ("hi, I'm Rachel - ...", "hi this is
    alex, ...", "hi this is Alex Kim - ..."), whoever's name it gives."""
    intro = lx.SELF_INTRO_NAMED.match(text)
    if intro is None or not text[intro.end() :].strip():
        return text
    said = " ".join(intro.group("who").casefold().split())
    name = " ".join(requester.display_name.casefold().split())
    own = {name, name.split(" ")[0] if name else "", (requester.alias or "").casefold()} - {""}
    if said not in own and said not in names and not intro.group("who")[:1].isupper():
        return text  # ("it's urgent - ...", "im off, ..."): no name given
    # someone else's name ("Hi, this is Ava - please give Noah ...", "hi this is Alex Kim, pls give me ...",
    # sent by Rachel) is a claim to be them: who asks is fixed by the channel, so the claim is cut as "This is
    # Ava, please give Noah ..." always was; never a second person the change is for
    rest = text[intro.end() :]
    return f"{intro.group('head')}{rest[:1].upper()}{rest[1:]}"


def _role_named_apart(
    body: str,
    span: tuple[int, int],
    draft: Draft,
    mentions_of: Callable[[str], list[Mention]],
    directory: Directory,
    requester: Recipient,
) -> bool:
    """Whether the role at `span` is said with its name ("the approver is Sarah Connor", "Mike is the
    approver") and no step of the plan is about that person: then who the role is, is told, and nothing is
    planned for them."""
    if (said := lx.ROLE_NAMED_AS.match(body, span[1])) is not None:
        named = [m for m in mentions_of(body[said.end() :]) if m.is_person and not m.pronoun and m.known]
        if not named or named[0].start != 0:
            return False
    elif (before := lx.NLU110_NAME_BEFORE_ROLE.search(body, 0, span[0])) is not None:
        # (nlu110) "Mike is the approver and he's fine with it": the name said first, the role after
        named = [m for m in mentions_of(before.group("name")) if m.is_person and not m.pronoun and m.known]
        if not named or named[0].start != 0 or named[0].end != len(before.group("name")):
            return False
    else:
        return False
    ids = negation.Ids(directory, requester)
    return not any(ids.of(named[0].ref) & ids.in_step(s) for s in draft.steps)


def _named_together(clause: _Clause) -> bool:
    """Whether the people a clause names to whom something is done (no owner's "Olivia's") are named side by
    side as one set ("Tom and Ava", "Tom, Ava & Chris"), not in a relation to each other ("Mia replaces
    Ava", "Tom reports to Ava"): only a set is what a "them" after it stands for."""
    at = [
        (found.start(), found.end())
        for found in re.finditer(r"§(\d+)§?", clause.text)
        if int(found.group(1)) < len(clause.mentions)
        and clause.mentions[int(found.group(1))].is_person
        and not clause.mentions[int(found.group(1))].possessive
    ]
    return all(lx.PEOPLE_JOINER.fullmatch(clause.text[a[1] : b[0]]) for a, b in itertools.pairwise(at))


def _said_for_later(text: str, mentions_of: Callable[[str], list[Mention]]) -> Draft | None:
    """ "Give Ken full access to sales@, going to support@ next": a mailbox or list said for later is asked
    about, never planned now with the rest (lx.SAID_FOR_LATER)."""
    mentions = mentions_of(text)
    later = lx.SAID_FOR_LATER.search(mask_mentions(text, mentions))
    if later is None:
        return None
    said = mentions[
        int(re.sub(r"\D", "", later.group("what") or later.group("then") or later.group("moved")))
    ]
    if not (said.is_mailbox_resource or said.is_group):
        return None  # ("..., Ken next": who is next is read as for any name said bare)
    return negation.ask_scope(lx.SAID_FOR_LATER_ASK.format(what=said.surface))


def _end_out_of_range(steps: Sequence[DraftStep], now: dt.datetime, text: str) -> str | None:
    """What to ask when a step's end has passed or lies beyond the furthest end mailwarden keeps (a year), or
    when a length was said that no end was read from: such an end is never planned, neither as said nor as
    no end (red teams 49 and 51)."""
    half = lx.LENGTH_AND_A_HALF.search(text)
    if half is not None and any(step.change in _GIVING for step in steps):
        return lx.END_UNREAD_ASK.format(said=half.group(0))
    said = lx.LENGTH_SAID_FOR.search(text)
    if said is not None and any(
        step.change in _GIVING and not step.params.get("expires") and step.action in _MAY_END
        for step in steps
    ):
        return lx.END_UNREAD_ASK.format(said=said.group(0))
    for step in steps:
        said = step.params.get("expires")
        if not isinstance(said, str):
            continue
        end = dt.datetime.fromisoformat(said)
        shown = end.astimezone(now.tzinfo or dt.UTC).strftime("%Y-%m-%d %H:%M")
        if end <= now:
            return lx.END_PASSED_ASK.format(end=shown)
        if end - now > MAX_EXPIRY:
            return lx.END_TOO_FAR_ASK.format(end=shown)
    return None


# The changes that give access, and the actions whose giving change may carry an end (model/steps.py)
_GIVING = frozenset({"grant", "add", "set"})
_MAY_END = frozenset(
    {
        "mailbox_delegation",
        "send_as",
        "send_on_behalf",
        "calendar_share",
        "distribution_list_membership",
        "email_forwarding_internal",
    }
)


def _asked_as_question(text: str, mentions_of: Callable[[str], list[Mention]]) -> Draft | None:
    """ "Give Tom full access to support@ [billing@ too?]", "(and billing@?)", "..., maybe billing@?": one
    more slot said as a question is asked about, never planned with the rest (lx.ASKED_AS_QUESTION; nlu62).
    A request that only asks ("Who has full access to billing@, and support@?") plans reads alone: one more
    asked of is one more read, never a change to ask about."""
    if questions.asks_only(text):
        return None
    mentions = mentions_of(text)
    for asked in lx.ASKED_AS_QUESTION.finditer(mask_mentions(text, mentions)):
        if not any(asked.group(g) and asked.group(g).strip() for g in ("open", "apart", "lead", "tail")):
            continue  # ("..., billing@?" alone: a question mark, no more asked)
        if asked.group("right"):
            return negation.ask_scope(
                lx.ASKED_RIGHT_AS_QUESTION_ASK.format(what=asked.group("right")), "action"
            )
        said = mentions[int(re.sub(r"\D", "", asked.group("what")))]
        if said.pronoun or said.ref == "me" or not text[: said.start].strip(" ,;.!([-"):
            continue  # (the first thing said is what is asked: "Ava?")
        if not said.is_person or said.is_mailbox_resource:
            return negation.ask_scope(lx.ASKED_AS_QUESTION_ASK.format(what=said.surface))
        # the slot one more person would fill: a list's member, a calendar's grantee, else a mailbox's trustee
        named = mentions[: mentions.index(said)]
        role = (
            "member"
            if any(m.is_group for m in named)
            else "grantee"
            if lx.CALENDAR_SHARE_SAID.search(text)
            else "trustee"
        )
        return negation.ask_scope(lx.ASKED_AS_QUESTION_ASK.format(what=said.surface), role)
    return None


def _reader_names_what(text: str, mentions_of: Callable[[str], list[Mention]]) -> Draft | None:
    """ "Give Tom full access to support@, and Ken checks billing@": who reads, said of a mailbox or a person
    named rather than "them", may be one more change: asked, never cut as a reason (lx.READ_WHAT)."""
    mentions = mentions_of(text)
    masked = mask_mentions(text, mentions)
    # (a person said after a team's verb: "the hr team answers Ava" is asked later as whom the change is for,
    # in the plan's person slot (_team_handles_person); nlu153)
    handled = [h.span("obj") for h in lx.TEAM_HANDLES_PERSON.finditer(text)]
    for reading in lx.WHO_READS_THEM.finditer(masked):
        for what in lx.READ_WHAT.finditer(reading.group(0)):
            m = mentions[int(what.group("n"))]
            if m.is_person and any(a <= m.start < b for a, b in handled):
                continue
            if not m.pronoun:
                said = re.sub(r"§(\d+)§", lambda x: mentions[int(x.group(1))].surface, reading.group(0))
                return negation.ask_scope(
                    lx.READ_WHAT_ASK.format(said=said.strip(" ,;()-"), what=m.surface or m.ref)
                )
    return None


def _outside_reasons(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions not inside a reason telling someone's state (lx.STATE_REASON: ", Jane has moved
    everyone to Teams"): those name no one the change is for, nor anyone it takes from."""
    masked = mask_mentions(text, mentions)
    inside = {int(n) for r in lx.STATE_REASON.finditer(masked) for n in re.findall(r"§(\d+)§", r.group(0))}
    reading = lx.WHO_READS_THEM.finditer(masked)  # ", the team in hr@ reads them too" (red team 35)
    inside |= {int(n) for r in reading for n in re.findall(r"§(\d+)§", r.group(0))}
    return [m for i, m in enumerate(mentions) if i not in inside]


def _aside_mailboxes(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mailboxes named in the descriptions _without_references cuts (", who owns the HR mailbox,")."""
    masked = mask_mentions(text, mentions)
    out = []
    for aside in lx.REFERENCE_ASIDE.finditer(masked):
        for n in re.findall(r"§(\d+)§", aside.group(0)):
            m = mentions[int(n)]
            if m.is_mailbox_resource and not m.is_person and m.known:
                out.append(m)
    return out


def _move_carries_ask(kept: str, mentions: list[Mention]) -> str | None:
    """ "Remove Tom's full access on support, moving him to sales - give him the same there", "Take Ava off
    all-sales, moving Liam to Marketing": a moving clause read as why (lx.MOVED_ASIDE) that the rest refers
    back to, or that moves someone named nowhere else; the question, or None (rt83a)."""
    masked = mask_mentions(kept, mentions)
    for moved in lx.MOVED_ASIDE.finditer(masked):
        if lx.RT83A_MOVE_REFERRED.search(masked[moved.end() :]) is not None:
            return lx.RT83A_MOVE_CARRIES_ASK.format(said=kept[moved.start() : moved.end()].strip(" ,;-"))
        whom = lx.RT83A_MOVING_WHOM.search(moved.group(0))
        if whom is None or int(whom.group("n")) >= len(mentions):
            continue
        mover = mentions[int(whom.group("n"))]
        others = [
            m
            for n, m in enumerate(mentions)
            if m is not mover and not (moved.start() <= masked.find(f"§{n}§") < moved.end())
        ]
        if mover.is_person and not mover.pronoun and all(m.ref != mover.ref for m in others):
            return lx.RT83A_MOVE_CARRIES_ASK.format(said=kept[moved.start() : moved.end()].strip(" ,;-"))
    return None


def _without_references(masked: str, mentions: Sequence[Mention] = ()) -> str:
    """The request without people named only as a model or a description ("like Mike has", "the same
    access that John has", ", who reports to David,"): reading them as recipients would widen the plan."""
    masked = lx.MODEL_FIRST.sub(
        lambda m: lx.MODEL_FIRST_SAY.format(who=m.group("who") or m.group("asks"), what=m.group("what")),
        masked,
    )
    masked = lx.MODEL_FIRST_CAN.sub(
        lambda m: lx.MODEL_FIRST_CAN_SAY.format(who=m.group("who"), what=m.group("what")), masked
    )
    masked = lx.REPORTS_TO_TOLD.sub(" ", masked)
    masked = lx.ROLE_OF_NAMED.sub("", lx.ROLE_ASIDE.sub(" ", masked))
    masked = lx.SAME_AS_REFERENCE.sub(lambda m: m.group("lead"), masked)
    masked = lx.MODEL_COPIED.sub(lambda m: f"{m.group('verb')} ", masked)
    # the one who moved stays (what "her" later means); where to goes
    # (nlu162: never the writer, whom no later "her" means; left in, "take me off all-sales next week, I'm
    # moving to marketing" lost the day its tail ended on, and the removal was made now)
    masked = lx.MOVED_ASIDE.sub(
        lambda m: (
            f" {m.group('who')} "
            if "§" in (m.group("who") or "") and not _writer(m.group("who"), mentions)
            else " "
        ),
        masked,
    )
    masked = lx.STATE_REASON.sub(" ", masked)  # ", Maria is back from leave": why, no one it is for
    masked = lx.WHO_READS_THEM.sub(" ", masked)  # ", and the hr team reads them too": why, too
    return lx.REFERENCE_ASIDE.sub(" ", masked)


def _bare_need_mine(text: str, mentions_of: negation.MentionFinder) -> bool:
    """Whether a need said with no subject (lx.NLU155_BARE_NEED) is the writer's: no one else is named, or
    (nlu162) the one other person named is only whose mailbox it is, and a he/she after is them asking the
    writer to do a task (lx.NLU162_ASKER_TOLD_AFTER: "need send on behalf for david chen's mailbox pls, he
    asked me to send out the sprint invites")."""
    said = lx.NLU155_HELPING_ME.sub("", text)
    others = [m for m in mentions_of(said) if (m.is_person or m.pronoun == "person") and m.ref != "me"]
    if not others:
        return True
    told = lx.NLU162_ASKER_TOLD_AFTER.sub("", said)
    left = [m for m in mentions_of(told) if (m.is_person or m.pronoun == "person") and m.ref != "me"]
    return (
        told != said
        and len({m.ref.lower() for m in left}) == 1
        and all(
            m.possessive
            and not m.pronoun
            and lx.MAILBOX_AFTER.match(lx.NLU162_POSSESSIVE_MARK.sub("", told[m.end :], count=1))
            for m in left
        )
    )


def _writer(said: str, mentions: Sequence[Mention]) -> bool:
    """Whether `said` (one masked mention, "§2§") is the requester."""
    n = re.search(r"§(\d+)", said)
    return n is not None and int(n.group(1)) < len(mentions) and mentions[int(n.group(1))].ref == "me"


def _only_me(words: str, mentions: list[Mention]) -> bool:
    """Words naming no one but the requester, and no duration."""
    if _EXPIRY_MARK in words:
        return False
    return all(mentions[int(n)].ref == "me" for n in re.findall(r"§(\d+)§", words))


def _unmodified(plain: str) -> str:
    """The words that may say take away: not those of a modifier ("it shouldn't appear in his Outlook" is
    automapping, "don't keep a copy" is how forwarding works; neither is a revoke or a stop)."""
    return lx.NEGATION_MODIFIERS.sub(" ", plain)


# whose a change is on, for the changes someone may ask for on what is theirs (never who gets it)
_OWNER_ROLE: dict[str, str] = {
    "calendar_share": "owner",
    "mailbox_delegation": "mailbox",
    "send_as": "mailbox",
    "send_on_behalf": "mailbox",
}


def _genders_differ(a: str, b: str) -> bool:
    """Whether two pronouns said are of different genders (he/him/his against she/her/hers)."""
    sides = {
        w: side for side, words in enumerate((lx.MASCULINE_PRONOUNS, lx.FEMININE_PRONOUNS)) for w in words
    }
    return a in sides and b in sides and sides[a] != sides[b]


def _asker_said_as_pronoun(clause: _Clause, heard: engine.Speakers) -> tuple[Mention, Mention] | None:
    """The one asking and the pronoun _drop_speakers will read as them: the one asked for ("Sarah was
    wondering if you could give her ...", engine.Speakers.asker_is_pronoun), or whose ("Olivia asked me to
    let Ken view her calendar")."""
    asking = {
        clause.mentions[i].ref: clause.mentions[i] for i in heard.drop if clause.mentions[i].ref != "me"
    }
    if len(asking) != 1:
        return None
    asker = next(iter(asking.values()))
    for i, m in enumerate(clause.mentions):
        if m.pronoun != "person" or i in heard.drop or m.ref == "me":
            continue
        if heard.asker_is_pronoun or (m.possessive and not lx.RIGHT_AFTER.match(clause.after(m))):
            return asker, m
    return None


def _room(m: Mention) -> bool:
    """A room (resource) mailbox, and nothing else the name could be."""
    return bool(m.kinds) and m.kinds <= {RecipientKind.ROOM_MAILBOX}


def _drop_speakers(clause: _Clause, heard: engine.Speakers) -> None:
    """The clause without who asks (engine.speakers): their words cut, their mentions dropped."""
    if not heard.drop:
        return
    text = clause.text
    for a, b in sorted(heard.cuts, reverse=True):
        text = text[:a] + " " + text[b:]
    asking = [clause.mentions[i] for i in heard.drop if clause.mentions[i].ref != "me"]
    if len({m.ref for m in asking}) == 1:
        # "Olivia asked me to let Ken view her calendar": "her" is the one asking (Olivia), not Ken
        clause.mentions = [
            replace(asking[0], start=m.start, end=m.end, before=m.before, before2=m.before2, possessive=True)
            if m.pronoun == "person"
            and m.possessive
            and i not in heard.drop
            # "Sarah told me Tom should lose his send as": a right's holder is the subject, not Sarah
            and not lx.RIGHT_AFTER.match(clause.after(m))
            else m
            for i, m in enumerate(clause.mentions)
        ]
        if heard.asker_is_pronoun:
            # "Sarah was wondering if you could give her full access": "her" is Sarah, who asks for herself
            clause.mentions = [
                replace(asking[0], start=m.start, end=m.end, before=m.before, before2=m.before2)
                if m.pronoun == "person" and i not in heard.drop and m.ref != "me"
                else m
                for i, m in enumerate(clause.mentions)
            ]
    kept = [i for i in range(len(clause.mentions)) if i not in heard.drop]
    number = {old: new for new, old in enumerate(kept)}

    def renumber(m: re.Match[str]) -> str:
        return f"§{number.get(int(m.group(1)), int(m.group(1)))}"

    clause.text = " ".join(re.sub(r"§(\d+)(?!\d)", renumber, text).split()).strip(" ,")
    clause.mentions = [clause.mentions[i] for i in kept]


def _level_changed_to(plain: str) -> str | None:
    """The level a share goes to from another ("from editor to reviewer"), if both are levels."""
    access = engine.modifier(calendar_action.CALENDAR, "access")
    for said in lx.LEVEL_FROM_TO.finditer(plain):
        if access.read(said.group("old"), fallback=False) is None:
            continue
        level = access.read(said.group("new"), fallback=False)
        if level is not None:
            return str(level)
    return None


def _level_enough(plain: str) -> str | None:
    """The calendar level a part of the text says is enough ("..., reviewer will do"), if any."""
    access = engine.modifier(calendar_action.CALENDAR, "access")
    for part in lx.LEVEL_PARTS.split(plain.lower()):
        for pattern in lx.LEVEL_STAYS:
            if (enough := pattern.fullmatch(part.strip())) is not None:
                level = access.read(lx.GERUND_END.sub("", enough.group("what")), fallback=False)
                if level is not None and pattern is lx.LEVEL_REDUCED and str(level) == lx.NLU160_TOP_LEVEL:
                    continue  # ("reduce him to editor": the top level is brought down to by no one, nlu160)
                if level is not None:
                    return str(level)
    return None


def _conflicting(draft: Draft) -> str | None:
    """The action planned twice for the same recipients with different settings (two calendar levels, with
    and without automapping), if any."""
    seen: dict[tuple[str, str, tuple[tuple[str, str], ...]], dict[str, Any]] = {}
    for step in draft.steps:
        who = tuple(sorted((k, str(v)) for k, v in step.params.items() if k in _WHO_PARAMS))
        key = (step.action, step.change, who)
        if key in seen and seen[key] != step.params:
            return step.action
        seen[key] = step.params
    return None


_WHO_PARAMS = frozenset({"mailbox", "trustee", "group", "member", "owner", "grantee", "recipient"})


def _torn_value(draft: Draft) -> str | None:
    """A step's written value (a display name) holding a bracket or quote without its partner."""
    for step in draft.steps:
        for value in step.params.values():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and any(
                    (text.count(a) != text.count(b)) if a != b else text.count(a) % 2
                    for a, b in lx.PAIRED_MARKS
                ):
                    return text
    return None


def _torn_bracket(text: str, draft: Draft) -> str | None:
    """A bracket in the request without its partner, when a step holds a written name ("called Ops (EMEA with
    Ken"): where the name ends cannot be told, even when the name read stops before the bracket."""
    if not any("display_name" in s.params for s in draft.steps):
        return None
    for a, b in lx.PAIRED_MARKS:
        if a != b and text.count(a) != text.count(b):
            return text[text.find(a) if a in text else text.find(b) :]
    return None


def _name_used_twice(text: str, draft: Draft) -> str | None:
    """A person read both into a new list's name and as its member, from one mention ("called Ops (Tom
    Becker) with Ken": the name holds Tom, never made a member too)."""
    low = text.lower()
    for step in draft.steps:
        name = str(step.params.get("display_name") or "").lower()
        members = step.params.get("members") or []
        for member in members if isinstance(members, list) else []:
            said = str(member).lower()
            if name and said in name and low.count(said) < 2:
                return str(member)
    return None


def _gives(step: DraftStep) -> bool:
    return ACTIONS[step.action].kind == "write" and ACTIONS[step.action].gives_access(step.change)


def _ends_apart(step: DraftStep) -> bool:
    """A list add, calendar share or forwarding set: a change that gives access and can end, whose end the
    clause that plans it sets (`_no_expiring_removal`), not the delegation grants' reading of ends."""
    spec = ACTIONS[step.action]
    return step.action not in TIME_BOUND and spec.gives_access(step.change) and "expires" in spec.params


def _endless_grant(draft: Draft) -> bool:
    """A change that would last for good: a grant with no end, or a change that cannot end by itself."""
    return any(
        ACTIONS[s.action].kind == "write"
        and not (
            ((s.action in TIME_BOUND and s.change == "grant") or _ends_apart(s)) and "expires" in s.params
        )
        for s in draft.steps
    )


def _share_and_right(body: str, mentions_of: Callable[[str], list[Mention]]) -> str:
    """ "give her editor access to my calendar and send on behalf on my mailbox": the mailbox right said with
    its verb and person again ("... and give her send on behalf on my mailbox"), when the person is one
    person or a him/her (nlu166); else as it is."""

    def again(found: re.Match[str]) -> str:
        named = mentions_of(found["who"])
        if (
            len(named) != 1
            or not (named[0].is_person or named[0].pronoun == "person")
            or named[0].ref == "me"
        ):
            return found[0]
        return found[0] + lx.NLU166_SHARE_AND_RIGHT_SAY.format(verb=found["verb"], who=found["who"])

    return lx.NLU166_SHARE_AND_RIGHT.sub(again, body)


def _end_word_unbound(kept: str, draft: Draft) -> str:
    """The end said ("until ...", lx.END_WORD_SAID, none that says no end: lx.NO_DURATION) when the request
    gives something that can end and no step took an end, or ""."""
    giving = [s for s in draft.steps if (s.action in TIME_BOUND or _ends_apart(s)) and _gives(s)]
    if not giving or any("expires" in s.params for s in draft.steps):
        return ""
    text = lx.NO_DURATION.sub(" ", kept)
    for said in [*lx.END_WORD_SAID.finditer(text), *lx.NLU166_THROUGH_END.finditer(text)]:
        if not lx.END_IN_STATEMENT.search(text[: said.start()]):
            return said.group(0).strip()
    return ""


def _end_said_for_both(kept: str, draft: Draft, giving: list[DraftStep], now: dt.datetime) -> Draft:
    """ "forward my mail to Grace and give her reviewer on my calendar, both for two weeks": an end said last,
    after "both"/"each"/"all of them", is every giving step's end, when it is the one end the steps that took
    one took (nlu90, batch 37 asked). Any other draft is returned as it is."""
    closing = lx.END_FOR_EVERY_STEP.search(kept)
    found = find_expiry(closing.group("end"), now) if closing else None
    if found is None:
        return draft
    ends = {str(s.params["expires"]) for s in giving if "expires" in s.params}
    if ends != {found.expires.isoformat()}:
        return draft
    steps = [
        s.model_copy(update={"params": {**s.params, "expires": found.expires.isoformat()}})
        if s in giving and "expires" not in s.params
        else s
        for s in draft.steps
    ]
    return draft.model_copy(update={"steps": steps})


def _end_not_as_said(text: str, kept: str, draft: Draft, now: dt.datetime) -> str:
    """The end said that the plan does not carry as said (nlu88, red team 55 classes 4-7), or "": a later
    start (lx.LATER_START_NLU88, lx.NEXT_WEEK_NLU88), a rough end or one an hour would pass
    (lx.END_ROUGH_NLU88), an end or a vague span said where a giving step took none (lx.END_CUE_NLU88,
    lx.VAGUE_END_NLU88; read in the whole text, or an "until" after a sign-off), an end said for every step
    ("Both for one week.") that some did not take, or one end given to several steps while it was said for
    one of them (mid-sentence before another step, or in a sentence of its own naming one)."""
    giving = [s for s in draft.steps if (s.action in TIME_BOUND or _ends_apart(s)) and _gives(s)]
    if not giving:
        return ""
    plain = lx.NO_DURATION.sub(" ", text)
    if any(not _gives(s) for s in draft.steps):
        # ("Lucas's contract ends on 13 March. Please remove him ... and forward his mail to Mia": when the
        # leaver goes, told beside their removal; no end of the forwarding; nlu123)
        plain = lx.LEAVER_LAST_DAY_TOLD.sub(" ", plain)
    for pattern in (lx.LATER_START_NLU88, lx.END_ROUGH_NLU88):
        if found := pattern.search(plain):
            return found.group(0).strip()
    for found in lx.NEXT_WEEK_NLU88.finditer(plain):
        part = lx.NEXT_WEEK_PART_NLU88.split(plain[: found.start()])[-1]
        if lx.GIVING_VERB_NLU88.search(part) or len(part.split()) <= 2:
            return found.group(0).strip()
    ending = ["expires" in s.params for s in giving]
    if none_said := lx.NO_DURATION.search(text):
        # "Sales until Friday and to Billing permanently": every step ending is not what was said
        if all(ending) and len(giving) > 1:
            return none_said.group(0).strip()
        if not any(ending) and len(giving) > 1:
            # "send as on Support, ends Friday, and full access for good": the "for good" is one right's, the
            # end the other's; no step taking it is an end lost, never every right for good (red team 56 P1).
            # (Of one right, "for a week - never mind the time limit, make it permanent" takes the end back.)
            for pattern in (lx.END_CUE_NLU88, lx.VAGUE_END_NLU88):
                if cue := pattern.search(plain):
                    return cue.group(0).strip()
            if (expiry := find_expiry(plain, now)) is not None:
                return plain[expiry.start : expiry.end].strip()
        return ""
    for step in giving:
        end = dt.datetime.fromisoformat(str(step.params.get("expires", now.isoformat())))
        if end - now > dt.timedelta(days=365) or (
            end - now > dt.timedelta(days=330) and not lx.YEAR_SAID_NLU88.search(text)
        ):
            # "until 2 March 2027" (over a year by hours), "until end of Feb" (passed, rolled a year on)
            return end.strftime("%Y-%m-%d")
    if any(ending) and not all(ending) and (every := lx.ALL_STEPS_NLU88.search(kept)):
        # "... and add him to all-sales. Both for one week.": the list add was left for good
        return every.group(0)
    if any(ending) and not all(ending):
        for sentence in lx.SENTENCE_END.split(kept)[1:]:
            if lx.TOO_SENTENCE_NLU88.search(sentence) and find_expiry(sentence, now) is None:
                # "... for a week. Send as too.": the step said again "too", in a sentence of its own after
                # one with an end, may share it or not; never guessed for good
                return sentence.strip()
    if not all(ending):
        for pattern in (lx.END_CUE_NLU88, lx.VAGUE_END_NLU88):
            if found := pattern.search(plain):
                return found.group(0).strip()
        if not any(ending) and (unit := lx.NLU92_UNIT_UNREAD.search(plain)):
            # (a length said that no step took: one a step did take is that step's, "for 2 weeks and send as")
            return unit.group(0).strip()
        signed = lx.SIGN_OFF_LINE_NLU88.search(plain)
        after = plain[signed.end() :] if signed else ""
        for said in lx.END_WORD_SAID.finditer(after):
            # ("...\nRegards,\nSarah\nOnly till Friday pls": the signature is cut from what is read, not
            # from what was said; a be-verb statement's end stays a reason, as in _end_word_unbound)
            if not lx.END_IN_STATEMENT.search(after[: said.start()]):
                return said.group(0).strip()
        return ""
    if len({str(s.params["expires"]) for s in giving}) > 1:
        return ""
    return _end_for_one_step(kept, giving, now)


def _end_for_one_step(kept: str, giving: list[DraftStep], now: dt.datetime) -> str:
    """The one end every giving step took, when it was said for one of them ("access to Sales until Friday
    and to Billing", "and until the 13th send as", "Give Noah and Ava access to Sales; she only needs it for
    a week"), or ""."""
    if len(giving) < 2:
        return ""
    found = find_expiry(kept, now)
    if found is None:
        return ""
    if _each_said_its_end(kept, found, len(giving), now) or lx.NLU93_SAME_SPAN.search(kept[found.end :]):
        # ("until 31 March, and give him reviewer for the same period": the later step says it takes that
        # end; the clauses gave it only when that end was the one said before)
        return ""
    said = kept[found.start : found.end]
    before = re.split(r"[.;!?\n]", kept[: found.start])[-1]
    after = re.split(r"[.;!?\n]", kept[found.end :])[0]
    if re.search(r"\b(?:and|&|plus|also|then)\b\s*\w", after, re.IGNORECASE) or re.search(
        r"\b(?:and|&|plus)\s*$", before.strip(" ,"), re.IGNORECASE
    ):
        return said
    if not lx.CHANGE_WORDS_NLU88.search(before) and lx.END_FOR_ONE_NLU88.search(f"{before}{said}{after}"):
        return said
    return ""


def _each_said_its_end(kept: str, first: Expiry, steps: int, now: dt.datetime) -> bool:
    """The same end said again, once for each giving step ("forward my email to him until Friday and give
    him send on behalf until Friday too"): each step took the end said for it, none another's (a held-out
    survivor nlu88's rule asked)."""
    ends, rest, at = [first.expires], kept[first.end :], first.end
    while len(ends) < steps and (again := find_expiry(rest, now)) is not None:
        ends.append(again.expires)
        at += again.end
        rest = kept[at:]
    return len(ends) >= steps and len(set(ends)) == 1


def _ends_said(text: str, now: dt.datetime) -> set[dt.datetime]:
    """Every end said in `text` (durations.find_expiry, read on after each one)."""
    ends, at = set(), 0
    while (found := find_expiry(text[at:], now)) is not None and found.end > 0:
        ends.add(found.expires)
        at += found.end
    return ends


def _same_span_unread(kept: str, draft: Draft) -> str:
    """The span said by reference to an end before it ("for the same period", lx.NLU93_SAME_SPAN) when a
    step that can end took no end, or "": the change is for that span, never for good (batch 38)."""
    said = lx.NLU93_SAME_SPAN.search(kept)
    if said is None or not any(
        (s.action in TIME_BOUND or _ends_apart(s)) and _gives(s) and "expires" not in s.params
        for s in draft.steps
    ):
        return ""
    return said.group(0).strip()


def _pronoun_named_after(text: str) -> str:
    """`text` with a him/her read as the name said right after to tell whom it stands for ("... get him
    added to all-sales; he means Noah Davis, the new rep"), the telling cut; as it was when its sentence has
    no him/her, or more than one (nlu125)."""
    told = lx.NLU125_PRONOUN_MEANS.search(text)
    if told is None:
        return text
    before = text[: told.start()]
    start = max(before.rfind(c) for c in ".!?\n") + 1
    pronouns = list(lx.NLU125_OBJECT_PRONOUN.finditer(before, start))
    if len(pronouns) != 1:
        return text
    one = pronouns[0]
    return before[: one.start()] + told.group("name") + before[one.end() :] + "."


def _unmarked_part(draft: Draft, text: str, directory: Directory, requester: Recipient) -> str:
    """What a one-line checklist of `text` leaves without a mark of its own while the plan changes it, or
    "": each part a mark is set beside must be one mailbox, list, person or right ("Finance Billing ✅" is
    two), and where the marks are set beside the plan's mailboxes (or people), every one of those the plan
    changes must carry one ("Sales ✅ Billing ✅" for Sales, Finance and Billing: none on Finance; nlu125)."""
    parts = marks.marked_parts(text)
    if not parts:
        return ""
    ids = negation.Ids(directory, requester)
    marked: set[str] = set()
    for part in parts:
        if any(right.fullmatch(part) for _, right in lx.NLU120_HELD_RIGHTS):
            continue
        try:
            one = resolve(directory, lx.NLU125_PART_KIND_AFTER.sub("", part), requester=requester)
        except ResolutionError:
            one = None
        if one is None:
            return part
        marked.add(one.recipient_id)
    writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
    for keys in (("mailbox", "group"), ("trustee", "member", "grantee")):
        said = [(str(s.params[k]), ids.of(str(s.params[k]))) for s in writes for k in keys if s.params.get(k)]
        if any(found & marked for _, found in said):
            for ref, found in said:
                if not found & marked:
                    return ref
    return ""


def _ask_first(text: str) -> str:
    """The "ask Mike first" or "Mike to confirm" said (lx.NLU125_ASK_FIRST) outside a checklist line's box,
    or "": the one to ask is an approver still to agree, and what it is said of is held (nlu125)."""
    for found in lx.NLU125_ASK_FIRST.finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        if lx.NLU125_BOX_LINE.match(text, line_start) is None:
            return found.group(0).strip(" \t-–—(,;:")
    return ""


def _situation_mailbox_changed(draft: Draft, text: str, directory: Directory, requester: Recipient) -> str:
    """The "when he replies from X" said (lx.NLU125_WHEN_SITUATION) when the plan writes to X and to another
    mailbox too, or "": X is the situation, and a later "it" could be either (nlu125)."""
    ids = negation.Ids(directory, requester)
    boxes = [
        ids.of(str(s.params["mailbox"]))
        for s in draft.steps
        if s.params.get("mailbox") and ACTIONS[s.action].kind == "write"
    ]
    for found in lx.NLU125_WHEN_SITUATION.finditer(text):
        said = ids.of(found.group("box"))
        if said and any(b & said for b in boxes) and any(b and not b & said for b in boxes):
            return found.group(0)
    return ""


def _end_asked(ask: str, draft: Draft, text: str, directory: Directory, requester: Recipient) -> Draft:
    """The question about a change's end, or first (nlu154) the question about whom or what the change is
    for when a name of it is no one the directory can tell as written (_names_before_end)."""
    asked = _names_before_end(draft.steps, text, directory, requester)
    if not asked:
        return negation.ask_scope(ask, "expires")
    return Draft(status="needs_clarification", message=asked[0].text, questions=asked)


def _names_before_end(
    steps: Sequence[DraftStep], text: str, directory: Directory, requester: Recipient
) -> list[DraftQuestion]:
    """For changes whose end is to be asked, the questions about their names the directory cannot tell as
    written ("Forward Jane Doe's email to Lee while she's away": which Lee? is asked before until when), or
    [] when any such name cannot be offered so (nlu154). Each question offers the name as said once in the
    text, so its answer takes its place in the request, which is read again and its end then asked: never a
    change whose end was asked of no one, nor one planned for good once the name is answered."""
    from mailwarden.planner.compose import resolve_draft  # (compose reads the rules' drafts, not the rules)

    resolved = resolve_draft(Draft(status="ready", message="", steps=list(steps)), directory, requester)
    asked: list[DraftQuestion] = []
    for question, reference in zip(resolved.questions, resolved.references, strict=True):
        said = (reference or "").strip()
        if (
            not said
            or not question.candidates
            or len(re.findall(rf"(?<![\w@.-]){re.escape(said)}(?![\w@-])", text, flags=re.IGNORECASE)) != 1
        ):
            return []
        asked.append(
            DraftQuestion(
                about=question.about,
                text=lx.NLU154_NAME_BEFORE_END_ASK.format(said=said),
                candidates=[c.address for c in question.candidates],
                offered=[said],
            )
        )
    return asked


def _absence_without_end(kept: str, draft: Draft) -> str:
    """The absence said as the span of a grant of a right that can end, with no end read ("... full access to
    Chris Lee's mailbox while he's off"), or "": lx.ABSENCE_SPAN after the grant in its own sentence, no cover
    said before it there (lx.ABSENCE_COVER_BEFORE: the span is then the cover's, a reason). nlu48. A calendar
    share or a list add "while I'm away" is asked so too: batch 34 shared a calendar for good (nlu77), and a
    forwarding: one set "while I'm away" for good keeps forwarding after the person is back (session 15)."""
    if not any(
        (s.action in TIME_BOUND or _ends_apart(s)) and _gives(s) and "expires" not in s.params
        for s in draft.steps
    ):
        return ""
    spans = [(found, True) for found in lx.ABSENCE_SPAN.finditer(kept)]
    spans += [(found, False) for found in lx.VAGUE_END.finditer(kept)]
    for found, clause in spans:
        before = lx.ABSENCE_SENTENCE_END.split(kept[: found.start()])[-1]
        grants = [m.start() for m in lx.ABSENCE_GRANT_BEFORE.finditer(before)]
        covers = [m.start() for m in lx.ABSENCE_COVER_BEFORE.finditer(before)]
        # the span is the nearest verb's: "Chris is covering for me, forward my mail to him while I'm away"
        # is the forwarding's span, "give Ken access so he can cover billing while Mike is out" the cover's
        if grants and (not covers or max(grants) > max(covers)):
            return found.group(0)
        if clause and lx.NLU125_ABSENCE_JOINED_NEED.match(kept, found.end()):
            return found.group(
                0
            )  # ("... covers while Rachel is away and needs ...": the need's span, nlu125)
        # (a vague end in other words is said after what it ends, never first: "for a bit, ..." is no shape)
        if clause and not grants and not covers and _absence_then_gives(kept[found.end() :]):
            return found.group(0)
        if not grants and not covers and _span_said_later(kept, found):
            return found.group(0)
    return ""


def _quoted_approval_end(text: str, draft: Draft, now: dt.datetime) -> str:
    """The end said in a quoted line that approves ("> Approved, for a week.", "> OK to proceed until
    Friday"), when a grant that can end has none, or "": the approval's end limits what was asked; asked,
    never dropped into a grant for good (nlu82, red team 52 E1)."""
    if not any(
        (s.action in TIME_BOUND or _ends_apart(s)) and _gives(s) and "expires" not in s.params
        for s in draft.steps
    ):
        return ""
    for line in text.splitlines():
        if not lx.PASTED_QUOTE_MARK.match(line) or not lx.PASTED_APPROVES.search(line):
            continue
        said = lx.PASTED_QUOTE_MARK.sub("", line)
        found = find_expiry(said, now)
        if found is not None:
            return said[found.start : found.end].strip()
        span = lx.ABSENCE_SPAN.search(said) or lx.VAGUE_END.search(said) or lx.OPEN_END.search(said)
        if span is not None:
            return said[span.start() :].strip()
    return ""


def _span_said_later(kept: str, found: re.Match[str]) -> bool:
    """The span is said in a sentence or line of its own with no verb there ("Give Liam full access to my
    mailbox. While I'm on holiday.", "...\nOnly until I'm back from leave!", "This is for while I'm on
    holiday."), after a grant with no cover after it: the span is that grant's, as a plain end said later is
    (nlu77); asked, never dropped (nlu82)."""
    sentence_start = lx.ABSENCE_SENTENCE_END.split(kept[: found.start()])[-1]
    rest = lx.ABSENCE_SENTENCE_END.split(kept[found.end() :], maxsplit=1)[0]
    if any(
        pattern.search(part)
        for part in (sentence_start, rest)
        for pattern in (lx.ABSENCE_GRANT_BEFORE, lx.ABSENCE_COVER_BEFORE, lx.ABSENCE_TAKES_AFTER)
    ) or lx.REVOKE.search(f"{sentence_start} {rest}".lower()):
        return False
    earlier = kept[: found.start() - len(sentence_start)]
    grants = [m.start() for m in lx.ABSENCE_GRANT_BEFORE.finditer(earlier)]
    covers = [m.start() for m in lx.ABSENCE_COVER_BEFORE.finditer(earlier)]
    return bool(grants) and (not covers or max(grants) > max(covers))


def _absence_then_gives(after: str) -> bool:
    """The rest of the absence's sentence gives, said first ("While I'm away, share my calendar with Chris"):
    a clause there with a grant word, no cover before it (the span is then the cover's, a reason, as when
    said after it). A clause that takes away or stops (lx.REVOKE, lx.ABSENCE_TAKES_AFTER: "remove Ava's
    access") is no grant: a removal is never asked an end."""
    rest = lx.ABSENCE_SENTENCE_END.split(after, maxsplit=1)[0]
    for clause in lx.ABSENCE_CLAUSE_END.split(rest):
        if lx.ABSENCE_COVER_BEFORE.search(clause):
            return False
        if (
            lx.ABSENCE_GRANT_BEFORE.search(clause)
            and not lx.REVOKE.search(clause.lower())
            and not lx.ABSENCE_TAKES_AFTER.search(clause)
        ):
            return True
    return False


def _length_unread(text: str, now: dt.datetime, *, periods: bool = True) -> str | None:
    """A count and a time unit in `text` that no end was read from (each end read is cut out first), as
    said; None when every length said was read."""
    for _ in range(8):
        found = find_expiry(text, now)
        if found is None:
            break
        text = f"{text[: found.start]} {_EXPIRY_MARK} {text[found.end :]}"
    unread = lx.LENGTH_UNREAD.search(text) or (lx.PERIOD_UNREAD.search(text) if periods else None)
    return unread.group(0) if unread is not None else None


def _end_unsure(
    text: str, kept: str, draft: Draft, now: dt.datetime, names: NameIndex
) -> tuple[str, str] | Draft | None:
    """How long a ready plan's grants last, checked against every way the request says it (nlu95): the
    question and the words it asks about when an end said was not read or was read longer than said, the
    draft with the sooner end when two were said "whichever is sooner", None when the grants carry what was
    said.

    Another language, a split count and a Subject line are read over the whole request but quoted lines
    ("> ..."): a Subject line's length is the body's grant's; spans and ends over `kept`, the request as
    corrected ("for 2 days, no wait, 4" says one end).
    A grant whose request has words in another language (lx.NLU95_OTHER_LANGUAGE) is asked even with an
    end, as those words may hold another end or a negation; a request with no grant stays as it is."""
    giving = [s for s in draft.steps if _gives(s)]
    if not giving:
        return None
    said = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    if (split := lx.NLU95_SPLIT_COUNT.search(said)) is not None:
        return lx.NLU95_END_ASK, split.group(0)
    if (other := lx.NLU95_OTHER_LANGUAGE.search(said)) is not None:
        return lx.NLU95_OTHER_LANGUAGE_ASK, other.group(0)
    # (each end read cut out first: "until tonight" and "expires Friday" are ends read)
    unread = _ends_cut(said, now)[1]
    if (elsewhere := _end_unsaid(unread)) is not None:
        return lx.NLU95_END_ASK, elsewhere
    if any("expires" not in s.params for s in giving):
        # (over the request as said: "not permanent" is no negation `kept` may cut out; an aside ", for the
        # migration" is cut from `kept` as a reason)
        if (span := lx.NLU95_SPAN_SAID.search(unread)) is not None:
            return lx.NLU95_END_ASK, span.group(0)
        if (what := _end_by_what(unread)) is not None:
            return lx.NLU95_END_ASK, what
        # an end struck out with none said in its place ("for <s>a month</s>"): taken back, or still meant?
        if (struck := lx.NLU99_STRUCK_SAID.search(said)) is not None:
            return lx.NLU95_END_ASK, struck.group(0).strip("()")
        for subject in lx.NLU95_SUBJECT_LINE.finditer(said):
            if (
                find_expiry(subject.group("said"), now) is not None
                or lx.TEMPORARY.search(subject.group("said").lower())
                or lx.NLU95_SPAN_SAID.search(subject.group("said"))
                or lx.NLU95_LENGTH_WORDS.search(subject.group("said"))
            ):
                return _subject_end(subject.group("said"), kept, draft, now, names) or (
                    lx.NLU95_END_ASK,
                    subject.group("said").strip(),
                )
        return None
    # ("2 weeks (ends Friday)": an end said as "ends DAY" is one more end said, as "until DAY" is)
    said_ends: list[str] = []
    ends = _ends_cut(lx.NLU95_ENDS_DAY.sub("until ", kept), now, said_ends)[0]
    timed = {dt.datetime.fromisoformat(str(s.params["expires"])) for s in giving if "expires" in s.params}
    sooner = [e for e in ends if all(e.expires < t for t in timed)]
    if len(timed) != 1 or not sooner or not timed & {e.expires for e in ends}:
        return None
    # one end said planned and a sooner one said beside it: "whichever is sooner" is the sooner; else asked
    if lx.NLU95_SOONER_SAID.search(kept) is None:
        return lx.NLU95_END_ASK, " and ".join(said_ends)
    soonest = min(e.expires for e in sooner).isoformat()
    return draft.model_copy(
        update={
            "steps": [
                s.model_copy(update={"params": {**s.params, "expires": soonest}})
                if _gives(s) and "expires" in s.params
                else s
                for s in draft.steps
            ]
        }
    )


def _purpose_person(text: str, draft: Draft) -> tuple[str, str] | None:
    """A person or place named inside what the access is for that the draft also gives to or on (lexicon
    NLU105_PURPOSE_PERSON: "for the handover to Chris Lee" beside a grant to Tom, "to Finance"), with the
    words said; None when no purpose names one the draft's grants hold."""
    given = {
        w
        for s in draft.steps
        if _gives(s)
        for v in s.params.values()
        for w in re.split(r"[@.\s_-]+", str(v).casefold())
    }
    for found in lx.NLU99_END_BY_WHAT.finditer(text):
        if found.group("prep").lower() != lx.NLU105_FOR:
            continue
        person = lx.NLU105_PURPOSE_PERSON.match(text, found.end())
        if person is None:
            continue
        # (a person or a place the plan gives to or gives on: "to Chris Lee", "to Finance")
        if person.group("who").split()[0].casefold() in given:
            return person.group("who"), text[found.start() : person.end()].strip()
    return None


def _gapped_grant(text: str, draft: Draft, names: NameIndex) -> str | None:
    """A sentence with no verb that pairs a length with a person no step of the draft holds (lexicon
    NLU105_GAPPED: "3 days for Chris Lee on Billing."), a grant said by ellipsis the planner does not read;
    None when there is none, or each person it names is one the draft gives to already."""
    given = " ".join(str(v).casefold() for s in draft.steps for v in s.params.values())
    for found in lx.NLU105_GAPPED.finditer(text):
        who = (found.group("who") or found.group("who2")).split()
        first = who[0].casefold()
        if (first in names.first_names or first in names.surnames) and first not in given:
            return found.group("said").strip()
    return None


def _end_unsaid(said: str) -> str | None:
    """Words that say the grant ends without an end the planner reads, said anywhere in the request (nlu99):
    "expiring", "Permanent: no", "befristet", "tonight", "the same period as last time", a length of two units
    set together ("2w3d"); each asked even beside an end read, which they may replace."""
    for pattern in (lx.NLU99_ENDS_UNSAID, lx.NLU99_COMPACT_LENGTH):
        if (found := pattern.search(said)) is not None:
            return found.group(0).strip(" ()")
    return None


def _end_by_what(text: str) -> str | None:
    """The first span said by what the access is for that says the grant ends with it (lexicon
    NLU99_END_BY_WHAT, NLU105_PERIOD_HEADS): "for" + a bounded period ("for the migration", "for his
    probation") or a phrase the grant is said limited to ("for this project only"), "during"/"until"/
    "through" + anything but what the access serves; only a phrase in the grant's own clause (nlu105:
    "I'm doing the budget for the launch" is the budget's). None when no such phrase is said: "for the
    audit", "for the Q1 campaign", "for our accountant" are why and for whom, planned for good."""
    for found in lx.NLU99_END_BY_WHAT.finditer(text):
        head = found.group("head").lower().strip("'’")
        words = found.group("phrase").split()
        if len(words) >= 2 and all(w[:1].isupper() and not w.isupper() for w in words[-2:]):
            continue  # a name ("for the Alex Kim in Engineering")
        if not _in_grant_clause(text, found.start()):
            continue
        if found.group("prep").lower() == lx.NLU105_FOR:
            heads = {head, head.removesuffix(lx.NLU99_PLURAL), head.rsplit("-", 1)[-1]}
            limited = lx.NLU105_ONLY_BEFORE.search(text, 0, found.start()) is not None or (
                lx.NLU105_ONLY_AFTER.search(text[found.end() :]) is not None
            )
            if heads & lx.NLU105_PERIOD_HEADS or (limited and not heads & lx.NLU99_NOT_AN_END):
                return found.group(0)
            continue
        if head in lx.NLU99_NOT_AN_END or head.removesuffix(lx.NLU99_PLURAL) in lx.NLU99_NOT_AN_END:
            continue
        return found.group(0)
    return None


def _in_grant_clause(text: str, at: int) -> bool:
    """Whether a phrase starting at `at` is in the clause of a grant (lexicon NLU105_CLAUSE_START): what
    stands before it in its clause names a grant, or only points at the request ("It's for ..."); a clause
    of another verb or noun ("I'm doing the budget for ...", "Sarah Connor asked for this one") is not."""
    start = 0
    for boundary in lx.NLU105_CLAUSE_START.finditer(text, 0, at):
        start = boundary.end()
    before = text[start:at]
    return bool(lx.NLU105_GRANT_CLAUSE.search(before) or lx.NLU105_POINTS_AT_REQUEST.search(before))


def _subject_end(subject: str, kept: str, draft: Draft, now: dt.datetime, names: NameIndex) -> Draft | None:
    """The draft with the Subject line's end on each grant ("Subject: Access until Friday" over "Give Tom full
    access to Sales"): the subject's length is the body's grant's when it is the one end said, read whole
    (no other length or span left in the subject), the body says none, not even one the planner cannot read
    ("only a week though": the body's time is the one meant, red team 61 U5) nor says it is for good
    ("permanent send as": the two disagree), every grant can end by itself,
    and every person the subject names is one the body gives to ("Subject: Chris - access for a year" over
    a grant to Tom is Chris's end); None when any of that fails, and the end is asked."""
    ends, rest = _ends_cut(subject, now)
    body_ends, body_rest = _ends_cut(kept, now)
    if (
        len(ends) != 1
        or body_ends
        or lx.NLU95_SPAN_SAID.search(rest)
        or lx.NLU95_LENGTH_WORDS.search(rest)
        or lx.NLU95_SPLIT_COUNT.search(rest)
        or lx.NLU95_LENGTH_WORDS.search(body_rest)
        or lx.TEMPORARY.search(body_rest.lower())
        or lx.NO_DURATION.search(body_rest)
        or lx.NLU99_PERMANENT.search(body_rest)
    ):
        return None
    giving = [s for s in draft.steps if _gives(s)]
    if not all(((s.action in TIME_BOUND and s.change == "grant") or _ends_apart(s)) for s in giving):
        return None
    given = " ".join(str(v).split("@", 1)[0].casefold() for s in giving for v in s.params.values())
    if any(
        word in names.first_names or word in names.surnames
        for word in (w.casefold() for w in re.findall(r"[A-Z][a-z]+", rest))
        if word not in given
    ):
        return None
    end = ends[0].expires.isoformat()
    return draft.model_copy(
        update={
            "steps": [
                s.model_copy(update={"params": {**s.params, "expires": end}}) if _gives(s) else s
                for s in draft.steps
            ]
        }
    )


def _ends_cut(text: str, now: dt.datetime, words: list[str] | None = None) -> tuple[list[Expiry], str]:
    """Each end read in `text` (durations.find_expiry, first said first), and the text with each cut out;
    the words each was read from are added to `words` when given (to say them back in a question)."""
    ends: list[Expiry] = []
    for _ in range(8):
        if (found := find_expiry(text, now)) is None:
            break
        ends.append(found)
        if words is not None:
            words.append(text[found.start : found.end].strip())
        text = f"{text[: found.start]} {_EXPIRY_MARK} {text[found.end :]}"
    return ends, text


def _permission_continues(rest: str) -> bool:
    """'and send as ...' after 'full access' is a second permission, not a new sentence."""
    return bool(lx.SECOND_PERMISSION.match(rest))


def _answers_only(draft: Draft, text: str) -> Draft:
    """A question's draft without a change in it (questions.py): what is left, or not understood."""
    reads = [s for s in draft.steps if ACTIONS[s.action].kind != "write"]
    if len(reads) == len(draft.steps):
        return draft
    if not reads:
        return _not_understood(
            text,
            "This reads as a question, and I found no report that answers it; a question is never "
            "planned as a change. To change something, ask for it outright.",
        )
    n = len(reads)
    return Draft(
        status="ready", message=f"Understood {n} step{'s' if n != 1 else ''}.", steps=reads, questions=[]
    )


def _rt85b_asked(text: str) -> Draft | None:
    """Red team 85's old readings that ask or plan nothing (rt85b): "remove Liam from Marketing and also
    his send as on sales@" (granted: asked), "Give Tom full access to billing as he moves from support"
    (support@ granted: asked), "Lucas lost full access to hr@, which was right" (given back: nothing asked),
    "Reported by Ken on behalf of Lucas: please give full access to hr@" (Ken granted: whom asked)."""
    if (also := lx.RT85B_REMOVED_ALSO_RIGHT.search(text)) is not None:
        return negation.ask_scope(lx.RT85B_REMOVED_ALSO_RIGHT_ASK.format(said=also.group(0).strip()))
    if (moves := lx.RT85B_MOVES_FROM_TOLD.search(text)) is not None:
        return negation.ask_scope(
            lx.RT85B_MOVES_FROM_TOLD_ASK.format(said=moves.group(0).strip()), about="action"
        )
    if (approved := lx.RT85B_LOSS_APPROVED.search(text)) is not None:
        return _not_understood_why(lx.RT85B_LOSS_APPROVED_WHY.format(said=approved.group(0).strip()))
    if (held := lx.RT85B_LIST_HOLDS_RIGHT.search(text)) is not None:
        return negation.ask_scope(lx.RT85B_ASKED.format(said=held.group(0).strip()), about="trustee")
    if (handed := lx.RT85B_RIGHT_HANDED_ON.search(text)) is not None:
        return negation.ask_scope(lx.RT83B_RIGHT_PASSED_ON_ASK.format(said=handed.group(0).strip()))
    for pattern in (
        lx.RT85B_AWAY_ASKS_IF,
        lx.RT85B_DITTO_MAILBOX,
        lx.RT85B_BACK_AND_REMOVE,
        lx.RT85B_MOVE_WHERE_NEED,
    ):
        if (said := pattern.search(text)) is not None:
            return negation.ask_scope(lx.RT85B_ASKED.format(said=said.group(0).strip()), about="action")
    if (reported := lx.RT85B_REPORTED_FOR.search(text)) is not None:
        return negation.ask_scope(
            lx.RT85B_REPORTED_FOR_ASK.format(said=reported.group(0).strip()), about="trustee"
        )
    return None


def _not_understood_why(why: str) -> Draft:
    """Nothing planned, with why (halts.halted: the request is refused, cancelled or taken back)."""
    return _not_understood("", why)


def _is_requester(who: str, directory: Directory, requester: Recipient) -> bool:
    """Whether a speaker's or signer's name is the requester's own (units.read: a chat's turns)."""
    try:
        found = resolve(directory, who, requester=requester)
    except (AmbiguousRecipient, ResolutionError):
        return False
    return found.kind in PERSON_KINDS and found.primary_address == requester.primary_address


def _whose(who: str, directory: Directory, requester: Recipient) -> voices.Whose:
    """Who a speaker's name is (voices.relayed): the requester, one other person, several, or no one."""
    try:
        found = resolve(directory, who, requester=requester)
    except AmbiguousRecipient:
        return "ambiguous"
    except ResolutionError:
        return ""
    if found.kind not in PERSON_KINDS:
        return ""
    return "requester" if found.primary_address == requester.primary_address else "person"


def _not_understood(text: str, why: str = "") -> Draft:
    shown = " ".join(text.split())[:120]
    return Draft(
        status="not_understood",
        message=why + " " + CAPABILITIES
        if why
        else f"I could not tell what to do with {shown!r}. {CAPABILITIES}",
        steps=[],
        questions=[],
    )


# ---- reading clauses ---------------------------------------------------------------------------------


class _View:
    """A clause as the engine sees it (actions/spec.py ClauseView): its words, mentions and derived facts."""

    def __init__(self, clause: _Clause, reader: _Reader) -> None:
        self.clause = clause
        self.plain = clause.plain
        self.text = clause.text
        self.mentions = clause.mentions
        self._reader = reader
        self._facts: dict[str, bool] = {}
        self._rights: list[str] | None = None

    def preceding(self, mention: Mention) -> str:
        return self.clause.preceding(mention)

    @property
    def rights(self) -> list[str]:
        """The mailbox rights the clause names, in the order named."""
        if self._rights is None:
            self._rights = delegation_action.RIGHTS.named(self.plain)
        return self._rights

    def fact(self, name: str) -> bool:
        if name not in self._facts:
            derive: dict[str, Callable[[], bool]] = {
                "is_read": lambda: IS_READ.holds(self) or self._reader.asking,
                "rights": lambda: bool(self.rights),
                "membership_context": lambda: self._reader._membership_context(self.clause),
            }
            self._facts[name] = derive[name]()
        return self._facts[name]


class _Reader:
    def __init__(
        self, directory: Directory, requester: Recipient, attachments: Sequence[Attachment], text: str
    ) -> None:
        self.text = text
        """The whole request as cleaned, in its own case (for a new list's display name)."""
        self.directory = directory
        self.requester = requester
        self.attachments = attachments
        self.ctx = _Context()
        self.understood_any = False
        self._unsure = False
        """The clause being read names things joined in a way the reader could not place (_fill)."""
        self.asking = False
        """The request only asks (questions.py): its clauses may plan reads, never a change."""
        self._calendar_owners: set[str] = set()
        """Whose calendar a clause was about ("see when Liam is busy"): an owner, as "Liam's" is, never
        whom a later object pronoun ("give her editor") means."""
        self._unnamed_access: list[DraftStep] = []
        """What the last "needs access to info@" planned: the rights a clause after names replace it."""
        self._held_told = False
        """A clause told only what someone holds ("Maria already has editor"), read as no change."""
        self.written = text
        """The request as written (before clauses are cut): what a he/she said only in an aside ties to."""
        self._pronouns_said: list[str] = []
        self._owners_said: set[str] = set()
        self._owned_said: dict[str, list[Mention]] = {}
        """Whose mailbox or calendar the clause being read names by name ("on Christine's mailbox")."""
        self._ambiguous: tuple[Mention, list[Mention]] | None = None
        self._ambiguous_why: str | None = None
        self._ambiguous_own = False
        """Only the clause of `_ambiguous` is in doubt: the steps of the clauses before it stand."""
        """Why the pronoun of `_ambiguous` is asked when its gender ruled someone out (agreement.settle)."""
        """A he/she/him/her said in the clause being read that two or more people before could be (read)."""
        self._pronoun_asked = False
        """Who a pronoun is was asked (read): nothing is planned until it is said, as for a whole question."""
        self._lists_unnamed: list[tuple[str, frozenset[str], DraftQuestion]] = []
        """A change "from lists" naming none (a ticket's title): its change, whom for, and the question it
        asked; lists named for the same change elsewhere in the request answer it (result)."""
        self._left_unresolved = False
        """A he/she said in the clause being read was left unresolved: two people could be meant."""
        self._said_endless: list[DraftStep] = []
        self._moved_out: list[DraftStep] = []
        """A move's removals when its end is said after where they go ("Move Mia from Contractors to Project
        Phoenix until 3 April"): the end is the new list's, the removal is for good (nlu155)."""
        """List adds said to last ("... and to All Hands permanently"): the clause's end is never theirs."""
        self._clause_start = 0
        """Where the steps of the clause being read start: a step an earlier clause planned and this one
        replaces is taken out before it, which moves it back."""
        """The he/she/him/her said in the clause being read, as written (_covering_pronoun)."""
        self.mentions_of: Callable[[str], list[Mention]] = lambda part: []
        """The mentions of any part of the request (RulesPlanner._read's, cached): what a rule that reads
        the request as written (`written`) finds named there."""

    def read(self, clause: _Clause) -> None:
        """Read one clause; a he/she/him/her with two or more people before it (_antecedent) is read as the
        last of them only to learn what the clause does to them, then that is asked, never planned."""
        planned = list(self.ctx.steps)
        self._read_one(clause)
        self._reduced(clause, planned)

    def _reduced(self, clause: _Clause, planned: list[DraftStep]) -> None:
        """ "I don't want Liam editing my calendar anymore; reduce him to free/busy": a share brought down to
        a lower level, said after taking that share away, keeps the share at the level said (the removal read
        before is dropped: both would undo each other). Only a share this clause gives the same person on
        the same calendar, at a level below editor (none is a downgrade to the top)."""
        parts = lx.LEVEL_PARTS.split(clause.plain.lower())
        if not any(lx.LEVEL_REDUCED.fullmatch(part.strip()) for part in parts):
            return
        given = [
            s
            for s in self.ctx.steps
            if s not in planned
            and s.action == "calendar_share"
            and s.change == "grant"
            and s.params.get("access") not in (None, lx.NLU160_TOP_LEVEL)
        ]
        for step in given:
            key = (step.params.get("owner"), step.params.get("grantee"))
            self.ctx.steps = [
                s
                for s in self.ctx.steps
                if not (
                    s in planned
                    and s.action == "calendar_share"
                    and s.change == "revoke"
                    and (s.params.get("owner"), s.params.get("grantee")) == key
                )
            ]

    def _read_one(self, clause: _Clause) -> None:
        if lx.NLU129_REMOVED_FROM_IT.search(clause.text):
            planned, asked = list(self.ctx.steps), len(self.ctx.questions)
            self._read_pronouns(clause)
            if self.ctx.steps == planned and len(self.ctx.questions) == asked:
                # "Grant Chris Lee send as on sales@; remove him from it": a removal from an "it" that
                # stands for nothing it could be made from changed nothing; never dropped, asked (nlu129)
                self._ask("scope", lx.NLU129_REMOVED_FROM_IT_ASK.format(said=clause.plain.strip()))
            return
        self._read_pronouns(clause)

    def _read_pronouns(self, clause: _Clause) -> None:
        if not any(m.pronoun == "person" for m in clause.mentions):
            self._read_clause(clause)
            return
        steps = [s.model_copy(deep=True) for s in self.ctx.steps]
        asked, people = len(self.ctx.questions), self.ctx.people
        self._read_clause(clause)
        if self._ambiguous is None:
            return
        pronoun, candidates = self._ambiguous
        changed = [s for s in self.ctx.steps if s not in steps]
        if (
            not changed
            and len(self.ctx.questions) == asked
            and self.ctx.steps == steps
            and not lx.CHANGE_VERB_SAID.search(clause.plain)
        ):
            # ("Tom and Ava need access. She is new, ...": told, nothing to ask; "Tom replaces Ava. Please set
            # up his access: full access to support@" says a change its own words leave to the next: asked)
            self.ctx.people = people
            return
        read_as = candidates[-1].ref
        roles = [k for s in changed for k, v in s.params.items() if v == read_as and k in lx.ASKER_ROLES]
        # (what else the clause asked stays asked: "... Ava Johnson already has it, give her send as too")
        self.ctx.steps, self.ctx.people = steps, people
        if not roles and len(self.ctx.questions) > asked:
            return  # (the clause asked of its own whom it is for: "... remove his access to Liam's calendar")
        self._pronoun_asked = self._pronoun_asked or not self._ambiguous_own
        said = [c.surface or c.ref for c in candidates]
        names = f"{', '.join(said[:-1])} or {said[-1]}" if len(said) > 1 else said[0]
        why = self._ambiguous_why or (
            lx.PRONOUN_OF_TWO_APART
            if pronoun.surface.lower() in lx.PLURAL_PRONOUN | lx.POSSESSIVE_PRONOUNS - {"his"}
            else lx.PRONOUN_OF_TWO_GENDER
        )
        self._ask(
            roles[0] if roles else "trustee",
            lx.PRONOUN_OF_TWO_ASK.format(pronoun=pronoun.surface, names=names, why=why),
            [c.ref for c in candidates],
            [pronoun.surface],
        )

    def _read_clause(self, clause: _Clause) -> None:
        self._ambiguous = None
        self._ambiguous_why = None
        self._ambiguous_own = False
        if self._held_told and any(m.pronoun == "person" for m in clause.mentions):
            # "... Maria has editor, make her reviewer too": the one who holds it may be whom the pronoun
            # means, or the one named before; asked, never planned for either
            self._ask("scope", "Who is meant by the he/she/him/her said after what someone has? Name them.")
            return
        if self.ctx.named and lx.RELATIVE_NEED.match(clause.text):
            # "Emma Wilson reports to Priya Patel, who needs full access to sales@": whose need it is (the one
            # named before the comma, or the other) was read as a question of who holds it: asked
            self._ask(
                "trustee",
                'I could not tell whom the "who needs ..." after a name is about: name the person who should '
                'get it (for example "give Priya Patel full access to sales@acme.com").',
            )
            return
        self._other_than_speaker(clause)
        heard = engine.speakers(
            clause.text, clause.mentions, named_before=any(m.is_person for m in self.ctx.named)
        )
        if heard.unsure:
            self._ask(
                "trustee",
                "I could not tell who this is for and who is only asking for it: name the person who should "
                'get it (for example "give Ava full access to hr@acme.com").',
            )
            return
        if heard.drop and (reflexive := lx.NLU150_REFLEXIVE.search(clause.text)) is not None:
            # "Sarah Connor is writing to give Mike ... and herself send as": herself is the writer cut
            # as the one asking, never the one named before it (red team 78 H4, nlu150)
            self._ask("trustee", lx.NLU150_REFLEXIVE_ASK.format(said=reflexive.group(0)))
            return
        asker = _asker_said_as_pronoun(clause, heard)
        self.ctx.asides += [clause.mentions[i] for i in heard.drop]
        if clause.context:
            self.ctx.asides += clause.mentions
        _drop_speakers(clause, heard)
        self.ctx.spoke = self.ctx.spoke or bool(heard.drop)
        plural = [
            i
            for i, m in enumerate(clause.mentions)
            if m.pronoun == "person" and m.surface.lower() in lx.PLURAL_PRONOUN
        ]
        resolved: list[Mention] = []
        # "..., give Ken full access to her mailbox": who an imperative names are its objects, not a subject
        # a possessive points back at
        imperative = bool(
            lx.WRITE_IMPERATIVE.match(clause.text)
            or lx.LET_IMPERATIVE.match(clause.text)
            # ("can Tom get send on behalf on his mailbox?": asked for Tom, as "give Tom ..." is; nlu144)
            or lx.NLU144_ASKED_FOR.match(clause.text)
        )
        two_pronouns = sum(1 for m in clause.mentions if m.pronoun == "person") > 1
        self._pronouns_said = [m.surface.lower() for m in clause.mentions if m.pronoun == "person"]
        self._left_unresolved = False
        # (only where the clause gives: "..., so remove his access to Liam's calendar" may take from either)
        self._owners_said = (
            {
                self._who(e)
                for e in clause.mentions
                if e.is_person
                and e.possessive
                and not e.pronoun
                and lx.NLU134_OWNER_AFTER.match(clause.after(e))
            }
            if lx.REVOKE.search(clause.plain.lower()) is None
            else set()
        )
        self._owned_said = {
            kind: [
                e
                for e in clause.mentions
                if e.is_person and e.possessive and not e.pronoun and owner_of.match(clause.after(e))
            ]
            for kind, owner_of in lx.NLU135_OWNER_OF.items()
        }
        for m in clause.mentions:
            resolved.append(
                self._antecedent(
                    m, resolved, imperative=imperative, two_pronouns=two_pronouns, after=clause.after(m)
                )
            )
        clause.mentions = resolved
        given = lx.PRONOUN_GIVEN_SECOND.search(self.written)
        if given is not None and any(
            m.pronoun == "person" and m.surface.lower() == given.group("pronoun").lower() for m in resolved
        ):
            # "Give Tom full access to support@ and her send as": "her" is someone not named, never Tom
            # (main gave Tom both; nlu61)
            self._ask(
                "trustee",
                f"I could not tell who {given.group('pronoun')!r} is in {given.group(0)!r}: name the person.",
            )
            return
        if plural:
            self._plural(clause, plural[0])
        if any(s.action == "email_forwarding_internal" for s in self.ctx.last_steps):
            clause.text = lx.SEND_IT_ON.sub(lx.SEND_IT_ON_SAY, clause.text)
        planned = self._clause_start = len(self.ctx.steps)
        acted = False
        if (
            not clause.mentions
            and any(s.action == "access_report" for s in self.ctx.last_steps)
            and lx.REACH_KINDS_ALONE.fullmatch(clause.plain.strip(" ,;-"))
        ):
            # "what have I got access to? mailboxes, lists, anything": what the report covers, not a new read
            self.understood_any = True
            return
        if not clause.context and self._old_primary_not_kept(clause):
            self.understood_any = True
            return
        if not clause.context and self._classify(clause):
            acted = True
            # ("Stop forwarding careers@ to me; forward it to Jane for a month": the stop is taken out, and
            # the end read below is the set's, never lost to the steps moving back)
            planned = min(planned, self._clause_start)
            self.understood_any = True
            self.ctx.last_steps = self.ctx.steps[planned:]
            alone = (
                heard.asker_is_pronoun
                and all(m.ref == asker[0].ref for m in self.ctx.named)
                # ("Requester: Ava Johnson / Tom was wondering if you could give her ...": the ticket's
                # requester could be "her" too)
                and all(m.ref == asker[0].ref or _one_name(m, asker[0]) for m in self.ctx.fielded)
                if asker
                else False
            )
            if (
                asker is not None
                and not alone
                and not self._read_for_asker(clause, planned, asker)
                and not self._asker_owns_alone(clause, planned, asker, heard)
            ):
                # ("Sarah was wondering if you could give her send as": no one else could be "her", so it
                # is Sarah, genders unknown to the directory or not; with someone named before ("Mia has
                # left. David asked if you could remove her"), two could be: asked about)
                self._ask_if_asker(planned, *asker)
            elif self._unnamed_role(clause, planned):
                pass
            elif clause.later_start:
                self._no_later_start(planned)
            elif clause.expires is not None:
                self._no_expiring_removal(planned, clause.expires.isoformat())
            elif clause.open_end:
                self._no_open_end(planned)
        elif lx.LATER_START.match(clause.text) and not clause.context and clause.mentions:
            # "Give Ava full access to billing. From Monday also to sales.": a part with a start that no
            # reading placed is asked, never dropped from a plan that looks whole
            self._no_later_start(len(self.ctx.steps) - 1 if self.ctx.steps else 0)
        elif lx.SUBJECT_GETS.match(clause.text):
            # "..., Chris Lee loses it": someone gets or loses something no reading could tell
            self._ask(
                "scope",
                f"I could not tell what {clause.plain!r} gives or takes away: name the right and the mailbox "
                '(for example "Chris Lee loses full access to billing@acme.com").',
            )
        elif not clause.context and (self._length_of_named(clause) or self._names_too(clause)):
            self.understood_any = True
        elif not clause.context and self._forwarded_there_too(clause):
            pass
        else:
            if (
                _statement(clause.text)
                and not lx.FILLER_ONLY.fullmatch(re.sub(r"§\d+§?", " ", clause.text))
                and not lx.ADDITIVE_CLAUSE.search(clause.text)
            ):
                # "Chris Lee is off next week.": how things are; what it names asks for nothing itself
                self.ctx.asides += clause.mentions
            if self.ctx.steps and _told_holding(clause):
                # "Maria Garcia already has editor.": what she holds, told; it changes nothing planned
                self._held_told = True
            elif self.ctx.steps and self._shared_too(clause):
                self.understood_any = True
            elif self.ctx.steps:
                before = list(self.ctx.steps)
                self._modify(clause)
                if self._modified_for_others(clause, before):
                    # "Share my calendar with Tom and Liam, but only Tom gets editor": how the change is made,
                    # said of some of those it is for, never made for the others too
                    self.ctx.steps = before
                    self._ask(
                        "scope",
                        f"I could not tell whom {clause.plain!r} is for: say each person with what they "
                        "should get (for example "
                        '"share my calendar with Tom as editor and Liam as reviewer").',
                    )
                elif self.ctx.steps == before and (
                    self._unread_change(clause)
                    or (
                        clause.later_start
                        and not _told_with_day(clause)
                        and not self._move_told(clause)
                        and not self._work_told(clause)
                    )
                    # ("... Olivia is fine with it, please add her": Olivia or the one asked about, with a
                    # change verb; never dropped as if said of the step before)
                    or (self._left_unresolved and lx.CHANGE_VERB_SAID.search(clause.plain) is not None)
                ):
                    # (a part with a start that changed nothing, "... and keep copies of his mail from
                    # Monday", is as unread: the plan would look whole without it)
                    self._ask(
                        "scope",
                        f"I could not tell what {clause.plain!r} changes: say it as its own request (for "
                        'example "remove Noah Davis\'s full access to sales@acme.com").',
                    )
            # "all-sales: add X, remove Y": a list named on its own is what the next clauses change.
            groups = [m for m in clause.mentions if m.is_group]
            if groups:
                self.ctx.group = groups[-1]
            away = {
                int(n)
                for told in lx.AWAY_TOLD_SUBJECT.finditer(clause.text)
                for n in re.findall(r"§(\d+)", told.group("who"))
            }
            # ("Christine is off from tomorrow, Rachel needs to cover finance. full access and send as":
            # the one away is never whom the rights after are for; nlu57)
            self.ctx.introduced = [m for i, m in enumerate(clause.mentions) if m.is_person and i not in away]
            self.ctx.away += [clause.mentions[i] for i in away if i < len(clause.mentions)]
            if (
                clause.mentions
                and clause.mentions[0].is_person
                and lx.SUBJECT_NEEDS_TO_SEE.match(clause.text)
            ):
                self.ctx.needs_to_see = clause.mentions[0]
            if (cover := lx.COVERING_FOR.search(clause.text)) is not None:
                who, whom = (clause.mentions[int(cover.group(g))] for g in ("who", "whom"))
                if (
                    who.is_person
                    and whom.is_person
                    and not who.pronoun
                    and self._who(who) != self._who(whom)
                    and not _cover_of_theirs(cover, whom)
                ):
                    self.ctx.covering = (who, whom)
            self.ctx.topic_mailboxes += [
                m for m in clause.mentions if m.is_mailbox_resource and not m.is_person
            ]
        people = [m for m in clause.mentions if m.is_person]
        if people:
            self.ctx.people = people
            self.ctx.people_joined = _named_together(clause)
            self.ctx.told = not acted
            self.ctx.named += [m for m in people if m.ref != "me" and not m.pronoun]
            # the first person named, not as the object of a preposition ("... for Olivia")
            first = clause.mentions[0] if clause.mentions else None
            subject = (
                first
                if first is not None and first.is_person and first.before not in lx.PREPOSITIONS
                else None
            )
            second = clause.mentions[1] if len(clause.mentions) > 1 else None
            if (
                subject is not None
                and second is not None
                and second.is_person
                and lx.TWO_SUBJECTS.match(clause.text)
            ):
                subject = None  # "Ken and Emma started today. She ...": two subjects, which one is not said
            self.ctx.subject = subject if subject is not None and subject.ref != "me" else None

    def _other_than_speaker(self, clause: _Clause) -> None:
        """ "Mia's contract has ended. David asks that she be removed": what one asks be done to "she" is
        done to someone else, here the one other person named before (with none or several, the speaker
        rule asks)."""
        said = lx.ASKS_THAT_PRONOUN.search(clause.text)
        if said is None:
            return
        who = int(said.group("who"))
        others = {m.ref: m for m in self.ctx.named if m.ref != clause.mentions[who].ref}
        if who >= len(clause.mentions) or not clause.mentions[who].is_person or len(others) != 1:
            return
        (other,) = others.values()
        at = who + 1
        text = re.sub(r"§(\d+)", lambda t: f"§{int(t.group(1)) + (int(t.group(1)) >= at)}", clause.text)
        a, b = said.span("whom")
        clause.text = f"{text[:a]}§{at}{text[b:]}"
        clause.mentions.insert(at, replace(other, start=0, end=0, before="that", before2=""))

    def remember(self, mentions: list[Mention], *, kept: bool = False, said: str = "") -> None:
        """What a ruled-out segment names: the people, the mailbox and the list the rest may mean."""
        # "please don't give Liam full access to my mailbox, just send on behalf": a person's own mailbox,
        # said by whose it is, is the mailbox the rest may mean as a shared one's name is, its owner no one
        # the rest is for (nlu154)
        owned = [
            m
            for m in mentions
            if m.is_person and m.possessive and m.known and lx.NLU154_MAILBOX_AFTER.match(said, m.end)
        ]
        people = [
            m for m in mentions if m.is_person and not m.is_mailbox_resource and m.known and m not in owned
        ]
        self.ctx.people = self.ctx.people or people
        if kept:
            self.ctx.kept_people += people
        self.ctx.ruled_people += people
        self.ctx.kept_mailboxes += [m for m in mentions if m.is_mailbox_resource and not m.is_person] + owned
        groups = [m for m in mentions if m.is_group and m.known]
        self.ctx.group = self.ctx.group or (groups[-1] if groups else None)

    def _plural(self, clause: _Clause, i: int) -> None:
        """ "Lucas and Mia ..., remove them": "them" is each person the clause before named, none dropped.

        The others are added as mentions coordinated with the first ("§0 and §5"), so slots take them all."""
        people = list({m.ref: m for m in self.ctx.people if m.is_person and m.known}.values())
        m = clause.mentions[i]
        if len(people) < 2 or m.ref not in {p.ref for p in people}:
            return
        clause.mentions[i] = replace(people[0], start=m.start, end=m.end, before=m.before, pronoun="")
        extra = []
        for other in people[1:]:
            extra.append(f"§{len(clause.mentions)}")
            clause.mentions.append(replace(other, start=m.start, end=m.end, before="and", pronoun=""))
        token = re.escape(f"§{i}") + r"(?!\d)"
        clause.text = re.sub(token, f"§{i} and " + " and ".join(extra), clause.text, count=1)

    def result(self, text: str) -> Draft:
        for change, whom, question in self._lists_unnamed:
            # "ITHELP-2291 Remove leaver from lists / ... remove from all-sales and All Hands": the title's
            # lists are the ones the description names for the same change (of the same people)
            done = {
                self._id(str(s.params["member"]))
                for s in self.ctx.steps
                if s.action == "distribution_list_membership" and s.change == change
            }
            if done and whom <= done and question in self.ctx.questions:
                self.ctx.questions.remove(question)
        if not self.ctx.questions and self._other_address_dropped():
            self._ask("keep_old", "Should the old primary address stay as an alias after the change?")
        steps, questions = self.ctx.steps, self.ctx.questions
        if self._pronoun_asked:
            steps = []  # (whom a pronoun means decides what the rest is for: "... remove his send as")
        if not steps and not questions:
            return _not_understood(text)
        if questions:
            return Draft(
                status="needs_clarification", message=questions[0].text, steps=steps, questions=questions
            )
        n = len(steps)
        return Draft(
            status="ready", message=f"Understood {n} step{'s' if n != 1 else ''}.", steps=steps, questions=[]
        )

    # ---- references ---------------------------------------------------------------------------------

    def _antecedent(
        self,
        m: Mention,
        earlier: list[Mention],
        *,
        imperative: bool = False,
        two_pronouns: bool = False,
        after: str = "",
    ) -> Mention:
        read = self._antecedent_by_role(
            m, earlier, imperative=imperative, two_pronouns=two_pronouns, after=after
        )
        if m.pronoun != "person" or agreement.of_pronoun(m.surface) is None:
            return read
        return self._agreeing(m, read, earlier, imperative=imperative)

    def _agreeing(self, m: Mention, read: Mention, earlier: list[Mention], *, imperative: bool) -> Mention:
        """A he/him/his or she/her never stands for someone whose given name is confidently of the other
        gender (red team 71: "Forward Liam Brown's mail to Emma Wilson and remove him from all-sales" removed
        Emma, the last named). Only when someone named before is ruled out so does the reading by role give
        way: the one person left who agrees is meant; none, or two or more, is asked (agreement.settle)."""
        named = [
            e
            for e in [*self.ctx.named, *self.ctx.people, *self.ctx.asides, *earlier]
            if e.is_person and not e.pronoun and e.ref != "me" and e.known
        ]
        # (the requester named by name, in the third person, may be meant: "Grace Hopper's mail ... while
        # she's on leave", said by Grace; "me" is never a he/she)
        people = list({self._who(e): e for e in named}.values())
        if _pronoun_after_approver(self.written):
            return read  # (a he/she after who approved it is asked of the whole request: RulesPlanner.draft)
        mine = self._ambiguous is not None and self._ambiguous[0] is m
        settled = agreement.settle(
            m.surface,
            people,
            self._display_name,
            read=None if read.pronoun else self._who(read),
            who=self._who,
            may_be=[self._who(c) for c in self._ambiguous[1]] if mine and self._ambiguous else None,
            # (one a command names is who it gives to or acts on: "give Liam full access to his mailbox")
            in_clause=[self._who(e) for e in earlier if e.is_person and not e.pronoun] if imperative else [],
            # (one the pronoun's own clause names is a party of what it says: "Emma needs to see when Liam
            # is busy, so don't share his calendar"; who asked is cut from it, _drop_speakers)
            parties=lambda: (
                self._parties() | {self._who(e) for e in earlier if e.is_person and not e.pronoun}
            ),
        )
        if settled is None and not read.pronoun and not mine:
            # (one its own clause names is not it: "Give Noah access to Liam's mailbox. Forward Liam's mail
            # to him as well" is Noah)
            own = {self._who(e) for e in earlier if e.is_person and not e.pronoun}
            given = [s for s in self.ctx.last_steps if s.change in ("grant", "set")]
            two = [p for p in self._parties_agreeing(m.surface, given) if self._who(p) not in own]
            if len(two) > 1 and self._who(read) in {self._who(p) for p in two}:
                # "Forward Tom Becker's mail to Chris Lee and remove him from all-sales": the clause before
                # gives or forwards between two people the pronoun may both be; the nearer is not more
                # likely (red team 73 class 14; with "Emma Wilson" the target's gender settles it)
                settled = agreement.Asked(two, lx.NLU137_PRONOUN_TWO_PARTIES.format(pronoun=m.surface))
        if settled is None:
            return read  # no one named is ruled out: the reading by role stands
        if isinstance(settled, Mention):
            if mine:
                self._ambiguous = None
            return _in_place_of(m, settled)
        if settled.offered is None:
            # no one named agrees, or the one who does is named in another role: left unresolved, so the
            # part it is in asks whom it is for (never planned for one the pronoun cannot mean)
            self._left_unresolved = True
            return m
        # asked (read): the clause is read as the last offered only to learn what it does to them
        self._ambiguous = (m, settled.offered)
        self._ambiguous_why = settled.why
        self._ambiguous_own = settled.own_clause
        last = settled.offered[-1]
        return _in_place_of(m, last)

    def _carried_disagrees(self, pronoun: str, carried: Sequence[Mention], c: _Clause | None) -> bool:
        """Whether a he/she opening a clause is carried to someone it cannot be: one of `carried` (the ones
        named before, not in the clause `c` itself) has a given name confidently of the other gender ("Add
        Emma Wilson to all-sales. He also needs send as": never Emma; red team 73 class 8)."""
        own = {m.ref for m in c.mentions} if c is not None else set()
        return any(
            agreement.cannot_be(pronoun, self._display_name(t) or "")
            for t in carried
            if t.ref not in own and not t.pronoun
        )

    def _carried_ask(self, pronoun: str) -> str:
        why = lx.NLU129_PRONOUN_NONE_AGREES.format(pronoun=pronoun)
        return lx.NLU137_PRONOUN_CARRIED_ASK.format(why=why, pronoun=pronoun)

    def _parties_agreeing(self, pronoun: str, steps: Sequence[DraftStep]) -> list[Mention]:
        """The people `steps` give to, act on or forward between whom `pronoun` may be (none ruled out by
        their given name), once each, the requester left out."""
        found: dict[str, Mention] = {}
        for step in steps:
            for value in step.params.values():
                for ref in value if isinstance(value, list) else [value]:
                    if not isinstance(ref, str) or not ref:
                        continue
                    try:
                        person = resolve(self.directory, ref, requester=self.requester)
                    except ResolutionError:
                        continue
                    if (
                        person.kind in PERSON_KINDS
                        and person.recipient_id != self.requester.recipient_id
                        and not agreement.cannot_be(pronoun, person.display_name)
                    ):
                        found.setdefault(person.recipient_id, Mention(ref, 0, 0))
        return list(found.values())

    def _parties(self) -> set[str]:
        """The ids of everyone a step planned so far is for or acts on (a trustee, member, grantee,
        forwarding source or target, the owner of a mailbox or calendar): who a he/she may be moved to
        (agreement.settle), never one named only as context (who asked, who said it is fine)."""
        # (whose calendar a clause was about is its owner, planned for or not: "Emma needs to see when Liam
        # is busy, so don't share his calendar")
        refs: set[str] = set(self._calendar_owners)
        for step in self.ctx.steps:
            for value in step.params.values():
                for ref in value if isinstance(value, list) else [value]:
                    if isinstance(ref, str) and ref:
                        refs.add(ref)
        found: set[str] = set()
        for ref in refs:
            try:
                found.add(resolve(self.directory, ref, requester=self.requester).recipient_id)
            except ResolutionError:
                continue
        return found

    def _display_name(self, m: Mention) -> str | None:
        try:
            return resolve(self.directory, m.ref, requester=self.requester).display_name
        except ResolutionError:
            return None

    def _antecedent_by_role(
        self,
        m: Mention,
        earlier: list[Mention],
        *,
        imperative: bool = False,
        two_pronouns: bool = False,
        after: str = "",
    ) -> Mention:
        if m.pronoun == "person":
            # "him", "her" is never the requester ("when I'm free ..., set her to free/busy": Maria)
            in_clause = [e for e in earlier if e.is_person and e.ref != "me"]
            before = [e for e in self.ctx.people if e.ref != "me"]
            covered = self._covering_pronoun(m, before) if imperative and not in_clause else None
            if covered is not None:
                # "Noah is covering Emma's accounts - give him full access to her mailbox"
                return replace(
                    covered, start=m.start, end=m.end, possessive=m.possessive, before=m.before, pronoun=""
                )
            if not m.possessive and (
                objects := [e for e in before if not e.possessive and e.ref not in self._calendar_owners]
            ):
                before = objects  # "... Ava from Priya's calendar, ... change her": the object, not the owner
            # "Olivia wants Maria to see her calendar": a possessive points at the clause's subject;
            # "... and add him to the list": an object pronoun at the person of the clause before.
            if not in_clause and imperative and two_pronouns and len({self._who(e) for e in before}) > 1:
                # "Emma ... Liam ..., so give her free/busy on his calendar": which of the two each pronoun
                # means takes their genders, which the directory does not hold; the one said to need to see
                # is who is given, else it is asked (never the owner given the other's calendar)
                needs = self.ctx.needs_to_see
                if needs is None or self._who(needs) not in {self._who(e) for e in before}:
                    return m
                back: Mention | None = needs
            elif m.possessive and (owner := self._owner_again(m, in_clause, after)) is not None:
                # "Chris should get editor on Sarah's calendar to manage her meetings": whose meetings are
                # the calendar's, the owner the clause named, never the subject nor a second owner (nlu135)
                back = owner
            elif m.possessive and in_clause and imperative:
                # "give Ken full access to her mailbox": someone named before, never Ken; unclear, it is asked
                named = {self._who(i) for i in in_clause}
                others = {self._who(e): e for e in before if self._who(e) not in named}
                if len(others) != 1:
                    return m
                back = next(iter(others.values()))
            elif m.possessive and in_clause:
                back = in_clause[0]
            elif m.surface.lower() in lx.SUBJECT_PRONOUNS and not in_clause and self.ctx.subject in before:
                back = self.ctx.subject  # "Mia is covering for Olivia. She needs ...": Mia, the subject
            elif (
                m.surface.lower() not in lx.SUBJECT_PRONOUNS
                and not in_clause
                and self.ctx.told
                and {e.ref for e in self.ctx.named} - {e.ref for e in before}
            ):
                # "can we get Ava into Atlas? Olivia is fine with it, please add her": the one asked about
                # or the one just told of; left unresolved, so who it is for is asked
                self._left_unresolved = True
                return m
            elif (
                m.surface.lower() not in lx.SUBJECT_PRONOUNS
                and not in_clause
                and self.ctx.subject is not None
                and len({e.ref for e in before}) > 1
                and before[-1].ref != self.ctx.subject.ref
                and before[-1].before in lx.PREPOSITIONS
            ):
                # "Mia is covering for Olivia. Give her ...": the one covering or the one covered for;
                # left unresolved, so who it is for is asked (never the wrong one of the two given access)
                return m
            elif len(may_be := self._may_be(m, self._pool(m, before, in_clause), after)) > 1 and (
                m.surface.lower() not in lx.PLURAL_PRONOUN or not self.ctx.people_joined
            ):
                # "Tom and Ava need access to billing@. Give her send as": a he/she/him/her/his with two
                # or more people named before could be any of them (the directory holds no genders, and
                # the last named is no more likely); "Mia replaces Ava; add them to ...": a "they"/"them"
                # is the people before only when they were named together as one set, never two named in
                # a relation to each other (one of them, or both?). Read as the last only to learn its role,
                # then asked with each offered (read; red team 46)
                self._ambiguous = (m, may_be)
                back = may_be[-1]
            elif len(may_be) == 1 and len({self._who(e) for e in self._pool(m, before, in_clause)}) > 1:
                back = may_be[0]  # (the one of them the pronoun can be: _may_be)
            else:
                # "Give Olivia's send as on info@ to her": whose the right is, said in the clause, is not
                # whom it is given to
                holders = [e for e in in_clause if not e.possessive or m.possessive]
                back = before[-1] if before else (holders[-1] if holders else None)
            if back is not None and self._pronoun_misplaced(m, back):
                self._left_unresolved = True
                return m
            if back is not None:
                return _in_place_of(m, back)
        if m.pronoun == "group":
            group = self.ctx.source_group or self.ctx.group
            if group is not None:
                return replace(group, start=m.start, end=m.end, before=m.before, pronoun="")
        return m

    def _owner_again(self, m: Mention, in_clause: list[Mention], after: str) -> Mention | None:
        """The one owner the clause named before a his/her of the kind of thing it owns ("... on Sarah's
        calendar to manage her meetings": Sarah), when the pronoun can stand for them; None when the clause
        named none, or two."""
        for kind, owns in lx.NLU135_PRONOUN_OWNS.items():
            if not owns.match(after):
                continue
            said = {e.start for e in self._owned_said.get(kind, [])}
            owners = {self._who(e): e for e in in_clause if e.start in said}
            if len(owners) != 1:
                return None
            owner = next(iter(owners.values()))
            name = self._display_name(owner)
            return None if name is not None and agreement.cannot_be(m.surface, name) else owner
        return None

    def _pool(self, m: Mention, before: list[Mention], in_clause: list[Mention]) -> list[Mention]:
        """Everyone a pronoun may stand for: a he/she/him/her/his, anyone named earlier in the request ("Tom
        needs send as on billing@ and Ava needs full access. Add him to Marketing": Tom or Ava, never only
        the last clause's), else in its own clause before it ("Tom, Ava - give him ..."); a "they"/"them",
        the people of the clause before. Never an owner for a him/her given something."""
        if m.surface.lower() in lx.PLURAL_PRONOUN:
            return before
        holders = [e for e in in_clause if not e.possessive or m.possessive]
        named = [
            e
            for e in self.ctx.named
            if m.possessive or (not e.possessive and e.ref not in self._calendar_owners)
        ]
        return [*named, *(before or holders)]

    def _may_be(self, m: Mention, before: list[Mention], after: str) -> list[Mention]:
        """Whom of the people named before a he/she/him/her/his may stand for, each once, in the order named:
        never one a clause told is away as whom something is given ("While Mike is away Christine handles
        billing. Give her send as": Christine), nor, as whose calendar, the one who needs to see another's
        time ("Tom wants to know when Olivia is free, so share her calendar": Olivia)."""
        people = list({self._who(e): e for e in reversed(before)}.values())[::-1]
        away = {self._who(a) for a in self.ctx.away}
        given = (
            not m.possessive or lx.RIGHT_AFTER_PRONOUN.match(f" {after}") is not None
        )  # ("give her send as")
        if given and m.before.lower() in lx.GIVEN_TO_BEFORE:
            people = [e for e in people if self._who(e) not in away] or people
        if given:
            # "Rachel is taking over Christine's work. Give her full access ... on Christine's mailbox": the
            # one the clause names as whose mailbox it is gets no rights on it; the other is meant (nlu134)
            people = [e for e in people if self._who(e) not in self._owners_said] or people
        needs = self.ctx.needs_to_see
        if m.possessive and needs is not None and lx.OWNED_CALENDAR.match(after):
            people = [e for e in people if self._who(e) != self._who(needs)] or people
        if m.possessive and lx.ACCESS_AFTER_PRONOUN.match(after):
            # "Maria doesn't need to see Olivia's calendar anymore, remove her access": whose access it is,
            # is one who holds access, never one named only as whose calendar or mailbox it is (the owner
            # has no access of her own to it)
            people = [e for e in people if not e.possessive] or people
        return people

    def _pronoun_misplaced(self, m: Mention, back: Mention) -> bool:
        """Whether "him" / "her" may not stand for `back` though it is the one person before it (nlu61): the
        one a clause told is away, given to ("Tom is away. Share my calendar with her": whose calendar or
        mailbox it is may be theirs, never who gets it); any pronoun in a request that names someone only
        as a comparison ("Tom needs access - like Ava. Add her to All Hands": Ava or Tom? the directory holds
        no genders); a "him" / "her" given a right of its own after a right given by name ("Give Tom full
        access to support@ and her send as": said of someone else, never the one named). Left unresolved,
        who it is is asked."""
        if (
            not m.possessive
            and m.before.lower() in lx.GIVEN_TO_BEFORE
            and any(self._who(a) == self._who(back) for a in self.ctx.away)
        ):
            return True
        if lx.COMPARED_WITH.search(self.written):
            return True
        second = lx.PRONOUN_GIVEN_SECOND.search(self.written)
        return second is not None and second.group("pronoun").lower() == m.surface.lower()

    def _covering_pronoun(self, m: Mention, before: list[Mention]) -> Mention | None:
        """ "Noah is covering Emma's accounts while she's on leave - give him full access to her mailbox":
        with exactly the two of them named before, the two pronouns of different genders (so never the same
        person), the possessive one after "to"/"on"/"of" second and the one away said with that one's gender
        ("while she's on leave ... her mailbox"), that one is whose the mailbox is (the one covered for) and
        the other the one covering. No gender tied to the one away by the request's own words, the same
        gender twice, or anyone else named, is left to be asked."""
        cover = self.ctx.covering
        if cover is None or {self._who(e) for e in before} != {self._who(cover[0]), self._who(cover[1])}:
            return None
        said = self._pronouns_said  # the clause's pronouns, as written
        if len(said) != 2 or not _genders_differ(said[0], said[1]) or m.surface.lower() not in said:
            return None
        # the directory holds no genders, and the names' usual ones are no evidence: with none said of the one
        # away, "give her full access to his mailbox" after "Tom is covering for Emma" may mean either way
        # round (red team 68 found the cover alone aim Tom at Emma's mailbox against the pronouns), so only a
        # gender the request's own words tie to the one away ("while she's on leave") orients the two
        away = {a.group("pronoun").lower() for a in lx.AWAY_PRONOUN.finditer(self.written)}
        if len(away) != 1 or not _genders_differ(said[0], next(iter(away))):
            return None
        # the second is whose (after "to" / "on" / "of": "... to her mailbox"), the first is who gets it
        second = m.surface.lower() == said[1]
        if second and not (m.possessive and m.before in lx.PREPOSITIONS):
            return None
        return cover[1] if second else cover[0]

    def _other_address_dropped(self) -> bool:
        """ "... to jm@, and don't keep john.miller@": an address said not to be kept that is not the one
        whose primary changes (an alias of it): what becomes of the old primary was not said."""
        said = {a.lower() for a in lx.KEEP_ADDRESS.findall(self.text)}
        for step in self.ctx.steps:
            if step.action != "change_primary_alias" or step.params.get("keep_old") is not False:
                continue
            try:
                old = resolve(self.directory, str(step.params["recipient"]), requester=self.requester)
            except ResolutionError:
                return bool(said)
            if said - {old.primary_address.lower(), str(step.params.get("new_address", "")).lower()}:
                return True
        return False

    def _primary_of(self, m: Mention) -> str:
        """The primary address of whom a mention names ("" when the directory does not know it)."""
        try:
            return resolve(self.directory, m.ref, requester=self.requester).primary_address.lower()
        except ResolutionError:
            return ""

    def _who(self, m: Mention) -> str:
        """Who a mention names, however written ("Ken", "Ken Adams"): its id when the directory knows it."""
        try:
            return resolve(self.directory, m.ref, requester=self.requester).recipient_id
        except ResolutionError:
            return m.ref

    def _attachment_refs(self) -> list[str] | None:
        if not self.attachments:
            return None
        return [ref for a in self.attachments for ref in a.references]

    def _distinct(self, mentions: list[Mention]) -> list[Mention]:
        """One mention per recipient ("billing@acme.com ... as Billing" name one mailbox); a name that
        resolves to no single recipient stays itself."""
        seen: dict[str, Mention] = {}
        for m in mentions:
            seen.setdefault(self._id(m.ref), m)
        return list(seen.values())

    def known(self, ref: str) -> str | None:
        """The recipient a reference names, None when it names no single one."""
        try:
            return resolve(self.directory, ref, requester=self.requester).recipient_id
        except ResolutionError:
            return None

    def _id(self, ref: str) -> str:
        """The recipient a reference names, or the reference itself when it names no single one."""
        try:
            return resolve(self.directory, ref, requester=self.requester).recipient_id
        except ResolutionError:
            return ref

    def _address_of(self, ref: str) -> str | None:
        """The primary address `ref` resolves to, or None when it resolves to no one."""
        try:
            return resolve(self.directory, ref, requester=self.requester).primary_address
        except ResolutionError:
            return None

    def _members_of(self, group: Mention) -> list[str] | None:
        try:
            recipient = resolve(self.directory, group.ref, requester=self.requester)
        except ResolutionError:
            return None
        if recipient.primary_address not in self.ctx.listed_groups:
            self.ctx.listed_groups.append(recipient.primary_address)
        return [m.primary_address for m in self.directory.members(recipient.recipient_id)]

    def _add(self, action: str, change: str, **params: Any) -> None:
        step = DraftStep(
            action=action, change=change, params={k: v for k, v in params.items() if v is not None}
        )
        created = next(
            (
                i
                for i, s in enumerate(self.ctx.steps)
                if (s.action, s.change) == ("distribution_list_lifecycle", "create")
                and s.params.get("group") == params.get("group")
            ),
            None,
        )
        if (action, change) == ("distribution_list_membership", "add") and created is not None:
            # "create a list x@ and put Sam and Ken on it": the new list's first members (it has no id to
            # add them to until it exists)
            made = self.ctx.steps[created]
            members = list(dict.fromkeys([*(made.params.get("members") or []), params["member"]]))
            self.ctx.steps[created] = made.model_copy(update={"params": {**made.params, "members": members}})
            return
        if step not in self.ctx.steps:
            self.ctx.steps.append(step)

    def _forwarded_there_too(self, clause: _Clause) -> bool:
        """ "Forward my mail to Tom, then to Priya", "..., copy to Priya", "... and copy Priya": a part with
        no verb of its own naming one more place the mail just forwarded may go; which one is asked (a
        mailbox forwards to one address), never read as a statement and left out (nlu35)."""
        forwarded = [
            s for s in self.ctx.last_steps if s.action == "email_forwarding_internal" and s.change == "set"
        ]
        if not forwarded:
            return False
        copied = lx.COPY_TO_START.match(clause.text) is not None
        mailbox = str(forwarded[-1].params["mailbox"])
        said = [
            m
            for m in clause.mentions
            if not m.pronoun
            and (m.is_person or m.is_mailbox_resource)
            and (copied or m.before in lx.FORWARD_TARGET_INTRO)
            # (a copy in the mailbox itself is kept there: "; copies must be kept in billing", "copy me")
            and self._who(m) != self._who(Mention(mailbox, 0, 0))
            and m.ref != "me"
        ]
        if not said:
            return False
        targets = list(dict.fromkeys([str(forwarded[-1].params["forward_to"]), *(m.ref for m in said)]))
        if len(targets) < 2:
            return False
        # (the forwarding planned before is the one asked about: no step of it until the answer)
        self.ctx.steps = [s for s in self.ctx.steps if s is not forwarded[-1]]
        self._ask(
            "forward_to", f"Mail can be forwarded to one address only: {' or '.join(targets)}?", targets
        )
        return True

    def _ask(
        self, about: str, text: str, candidates: Sequence[str] = (), offered: Sequence[str] = ()
    ) -> None:
        question = DraftQuestion(about=about, text=text, candidates=list(candidates), offered=list(offered))
        if question not in self.ctx.questions:
            self.ctx.questions.append(question)

    def _no_open_end(self, planned: int) -> None:
        """An end said in words no date was read from ("until she is back"): the changes are not planned."""
        added = self.ctx.steps[planned:]
        if not any(ACTIONS[s.action].kind == "write" for s in added):
            return
        del self.ctx.steps[planned:]
        # ("Forward Jane's email to Lee until she is back": which Lee is asked first; nlu154)
        if named := _names_before_end(added, self.text, self.directory, self.requester):
            for question in named:
                self._ask(question.about, question.text, question.candidates, question.offered)
            return
        self._ask(
            "expires",
            'I could not tell when this should end: say a date or a length (for example "until Friday", '
            '"until 2026-03-31" or "for 2 weeks"), or ask without an end.',
        )

    def _read_for_asker(self, clause: _Clause, planned: int, asker: tuple[Mention, Mention]) -> bool:
        """ "Olivia asked me to check who can see her calendar": only reports were planned, about the one
        who asked ("her" read as Olivia); a report changes nothing and the policy still decides who may read
        it, so it is not asked about (a change for them is, _ask_if_asker)."""
        added = self.ctx.steps[planned:]
        who, pronoun = asker
        others = [
            m
            for m in clause.mentions
            if m.is_person and not m.pronoun and m.ref not in ("me", who.ref) and not _one_name(m, who)
        ]
        return (
            bool(added)
            and not others  # ("... let Ken see her calendar": Ken may be whose it is)
            and pronoun.possessive
            and all(ACTIONS[s.action].kind == "read" for s in added)
            and all(who.ref in s.params.values() for s in added)
        )

    def _asker_owns_alone(
        self, clause: _Clause, planned: int, asker: tuple[Mention, Mention], heard: engine.Speakers
    ) -> bool:
        """ "Jane Doe asked us to share her calendar with Priya Patel": whose calendar "her" is has one
        fit, the one asking, when no one else was named before it (Priya, named after it, is whom it is
        shared with); they only own what is changed, never get anything. With anyone named before the
        pronoun ("Olivia asked me to let Ken view her calendar") or a ticket's other names, it is asked."""
        who, pronoun = asker
        added = self.ctx.steps[planned:]
        if heard.asker_is_pronoun or not pronoun.possessive or not added:
            return False
        if any(m.ref != who.ref and not _one_name(m, who) for m in self.ctx.named + self.ctx.fielded):
            return False
        others = [
            m
            for m in clause.mentions
            if m.is_person and not m.pronoun and m.ref not in ("me", who.ref) and not _one_name(m, who)
        ]
        if not others or any(m.start < pronoun.start for m in others):
            return False
        for step in added:
            held = [k for k, v in step.params.items() if v == who.ref]
            if held != [_OWNER_ROLE.get(step.action)] or not any(
                m.ref in step.params.values() for m in others
            ):
                return False
        return True

    def _ask_if_asker(self, planned: int, asker: Mention, pronoun: Mention) -> None:
        """ "Sarah was wondering if you could give her full access": "her" is likely the one asking, but
        the directory holds no genders, so a he/she/him/her may not fit them ("Tom asked if you could give
        her ..."); never guessed: what was read for them is not planned, and who it is for is asked (the
        role they would fill: whom for, or whose), the one asking offered first."""
        added = self.ctx.steps[planned:]
        # ("Mike asked us to give Rachel full access to his mailbox": whose mailbox is what is unsure, never
        # who gets it; asked as the trustee, the answer read as Rachel's replacement)
        roles = [
            k for s in added for k, v in s.params.items() if v == asker.ref and k in lx.ASKER_OWNED_ROLES
        ]
        del self.ctx.steps[planned:]
        self._ask(
            roles[0] if roles else "trustee",
            f"Who is {pronoun.surface!r}: {asker.surface}, who asks? The directory does not say whether it "
            f"fits them: choose {asker.surface}, or ask again naming the person it is for.",
            [asker.ref],
            [pronoun.surface],
        )

    def _unnamed_role(self, clause: _Clause, planned: int) -> bool:
        """ "Ken's assistant needs to manage Olivia's appointments": a change for someone known only by a
        role to a person named is never that person's; who it is, is asked and nothing is planned."""
        roles: dict[str, str] = {}
        described: set[int] = set()
        listed: set[str] = set()
        for found in lx.UNNAMED_ROLE.finditer(clause.text):
            i = int(found.group(1))
            if i < len(clause.mentions) and clause.mentions[i].is_person and clause.mentions[i].possessive:
                who = clause.mentions[i].surface or clause.mentions[i].ref
                roles[clause.mentions[i].ref] = f"{who}'s {found.group(0).split(maxsplit=1)[1]}"
                if lx.LIST_NEXT.match(clause.text[found.end() :]) or lx.LIST_BEFORE.search(
                    clause.text[: found.start()]
                ):
                    # "Ken's assistant and Ken need ...": one more person beside Ken, never Ken again
                    listed.add(clause.mentions[i].ref)
        for found in lx.UNNAMED_DESCRIBED.finditer(clause.text):
            i = int(found.group(1))
            if i < len(clause.mentions) and clause.mentions[i].is_person:
                who = clause.mentions[i].surface or clause.mentions[i].ref
                roles[clause.mentions[i].ref] = found.group(0).replace(f"§{i}", who)
                described.add(i)
        # the same person also named outright in the clause ("Give Tom ..., Tom's manager agreed") is them
        named = {
            m.ref for k, m in enumerate(clause.mentions) if not m.possessive and k not in described
        } - listed
        # "Create a list called X; Ken's assistant should be in it": who a list made before starts with, too
        added = self.ctx.steps[planned:] + [
            s for s in self.ctx.steps[:planned] if any(isinstance(v, list | tuple) for v in s.params.values())
        ]
        for step in added:
            if ACTIONS[step.action].kind != "write":
                continue
            for about, value in step.params.items():
                values = (
                    [v for v in value if isinstance(v, str)] if isinstance(value, list | tuple) else [value]
                )
                value = next((v for v in values if isinstance(v, str) and v in roles), None)
                if value is not None and value not in named:
                    del self.ctx.steps[planned:]
                    if step in self.ctx.steps:
                        self.ctx.steps.remove(step)
                    self._ask(
                        about,
                        f"Who is {roles[value]!r}? The directory does not say: name the person (for example "
                        f'"Ava Johnson"), and the request is planned for them.',
                    )
                    return True
        return False

    def _move_told(self, clause: _Clause) -> bool:
        """ "remove me from all-sales? I'm moving over to ops next week": a move to a team no list or mailbox
        names, told with a day after changes that all take something away (lx.MOVE_TOLD_WITH_DAY); a grant
        told so is still asked, since giving it early gives more than was asked."""
        told = lx.MOVE_TOLD_WITH_DAY.match(clause.text.strip())
        return (
            told is not None
            # (a mailbox named only as where they go, a department no one joins: "I'm moving to Sales next
            # month"; a list named so may be joined that day, and is still asked)
            and (not any(m.is_group for m in clause.mentions) or self._own_move_off_lists(clause))
            and (told.group("named") is not None or not any(m.is_mailbox_resource for m in clause.mentions))
            and bool(self.ctx.steps)
            and all(s.change in lx.TAKING_CHANGES for s in self.ctx.steps)
        )

    def _own_move_off_lists(self, clause: _Clause) -> bool:
        """ "pls take me off all-sales, i'm moving to marketing next week": the writer's own move, told after
        changes that only take the writer off lists, names a list only as the team they go to; joining it is
        not asked, and the day is when they move (batch 52 asked; nlu161). Someone else's move onto a list,
        or one told beside any other change, is still asked."""
        said = lx.NLU161_MOVE_SUBJECT.match(clause.text.strip())
        who = int(said.group("n")) if said is not None and said.group("n") is not None else None
        if who is not None and (who >= len(clause.mentions) or clause.mentions[who].ref != "me"):
            return False
        left = {str(s.params.get("group")) for s in self.ctx.steps}
        return all(
            s.action == "distribution_list_membership"
            and s.change == "remove"
            and s.params.get("member") == "me"
            for s in self.ctx.steps
        ) and not any(m.is_group and m.ref in left for m in clause.mentions)

    def _work_told(self, clause: _Clause) -> bool:
        """ "Could I join Finance Team? I'm doing their laptop refresh this month": what someone is doing from
        a day, told as why they join; naming no mailbox or list, after changes that are all list memberships
        (lx.WORK_TOLD_WITH_DAY). A right told so is still asked."""
        return (
            lx.WORK_TOLD_WITH_DAY.match(clause.text.strip()) is not None
            and not any(m.is_mailbox_resource or m.is_group for m in clause.mentions)
            and bool(self.ctx.steps)
            and all(s.action == "distribution_list_membership" for s in self.ctx.steps)
        )

    def _no_later_start(self, planned: int) -> None:
        """A start said without an end ("from next Monday, give ..."): the changes are not planned."""
        if not any(ACTIONS[s.action].kind == "write" for s in self.ctx.steps[planned:]):
            return
        del self.ctx.steps[planned:]
        self._ask(
            "expires",
            "The request says the change should start later, but a change cannot be scheduled to start: ask "
            'again on the day it should start (with an end if it should end, for example "until Friday"), '
            "or ask for it now without the start.",
        )

    def _no_expiring_removal(self, planned: int, expires: str | None = None) -> None:
        """A clause with an end time ("for 3 days") plans only steps that can be time-bound; a list add, a
        calendar share or a forwarding set it planned ends then (`expires`; the delegation grants get
        theirs, right by right, where they are read).

        Taking access away for a while would mean mailwarden giving it back later, unapproved; and an
        action with no time-bound form (a list created, an address changed) would silently last for good.
        Either way the step is not planned and a question says how to ask instead."""
        if expires is not None:
            self.ctx.steps[planned:] = [
                s.model_copy(update={"params": {**s.params, "expires": expires}})
                if _ends_apart(s) and "expires" not in s.params and s not in self._said_endless
                else s
                for s in self.ctx.steps[planned:]
            ]
        added = self.ctx.steps[planned:]
        unfit = [
            s
            for s in added
            if not any(s is out for out in self._moved_out)
            and (
                (
                    ACTIONS[s.action].kind == "write"
                    and not (
                        ACTIONS[s.action].gives_access(s.change) and "expires" in ACTIONS[s.action].params
                    )
                )
                or (_ends_apart(s) and "expires" not in s.params and s not in self._said_endless)
            )
        ]
        if not unfit:
            return
        self.ctx.steps[planned:] = [s for s in added if s not in unfit]
        first = unfit[0]
        label = ACTIONS[first.action].label
        if not ACTIONS[first.action].gives_access(first.change):
            # ("Take Ethan off Project Phoenix for two weeks": a plain removal would drop what was said, the
            # time; session 15 decision)
            text = (
                f"An end time cannot go with taking access away ({label} {first.change}): there is no "
                "removal for a time, since mailwarden only ends access it gave and never puts back by itself "
                "what it took away. Ask for the removal for good (the same request without the time), then "
                "ask to add it back by hand when it should return."
            )
        else:
            text = (
                f"{label} cannot be time-bound: only grants of access, list adds, calendar shares and "
                "forwarding end by themselves. Ask without the time (it then lasts until someone undoes it)."
            )
        self._ask("expires", text)

    def _length_of_named(self, clause: _Clause) -> bool:
        """ "Add Jane and Emma to Marketing; Emma only for a month": people the change before was for, named
        again with a length alone, get theirs ended then (the others' stay for good); a change of theirs that
        cannot end is asked, never left for good when an end was said."""
        if (
            clause.expires is None
            or not self.ctx.last_steps
            or not lx.NAMED_WITH_LENGTH.fullmatch(clause.text)
        ):
            return False
        people = [
            m for m in clause.mentions if m.is_person and m.known and m.ref != "me" and not m.possessive
        ]
        if not people or len(people) != len(clause.mentions):
            return False
        theirs = [
            i
            for i, s in enumerate(self.ctx.steps)
            if s in self.ctx.last_steps
            and any(s.params.get(role) == m.ref for role in lx.NAMES_TOO_ROLES for m in people)
        ]
        if len({self.ctx.steps[i].params.get(r) for i in theirs for r in lx.NAMES_TOO_ROLES} - {None}) != len(
            people
        ):
            if clause.names_too:
                return False  # "Also Ava Johnson, for 2 days": one more, for her own length (_names_too)
            # ("Add Jane to Marketing; Emma only for a month": Emma one more for a month, or a slip?) asked,
            # never a plan without her
            self._ask(
                "coordination", "I could not tell what the names said with a length should get: say it again."
            )
            return True
        own = clause.expires.isoformat()
        for i in theirs:
            step = self.ctx.steps[i]
            if not ((step.action in TIME_BOUND and step.change == "grant") or _ends_apart(step)):
                self._ask(
                    "expires", f"{ACTIONS[step.action].label} cannot be time-bound: ask without the time."
                )
                return True
            self.ctx.steps[i] = step.model_copy(update={"params": {**step.params, "expires": own}})
        return True

    def _names_too(self, clause: _Clause) -> bool:
        """ "Add Noah to Marketing. Also Ava Johnson.": people named alone after a change get the same
        change, each; a change with no person to swap (forwarding) is asked about, never dropped."""
        people = [m for m in clause.mentions if m.is_person and m.known and m.ref != "me"]
        if not self.ctx.last_steps or not clause.names_too:
            return False
        if len(people) != len(clause.mentions):
            return False
        if any(m.possessive for m in people):
            # "Could Tom see my calendar, and also Chris's?": whose, said alone, is one more owner of what was
            # asked before, never one more person it is for
            self._ask(
                "owner",
                'The request names more than one owner: ask for each separately (for example "share my '
                'calendar with Tom", then "share Chris Lee\'s calendar with Tom").',
            )
            return True
        own = clause.expires.isoformat() if clause.expires is not None else None
        planned = len(self.ctx.steps)
        for step in self.ctx.last_steps:
            roles = [r for r in lx.NAMES_TOO_ROLES if r in step.params]
            if len(roles) != 1:
                self._ask(
                    "coordination", "I could not tell what the names said alone should get: say it again."
                )
                return True
            # "I need send as on billing for a week, and Ava too but only for 2 days": the length said with
            # the names is theirs, never the one before (red team 29)
            timed = own is not None and (
                (step.action in TIME_BOUND and step.change == "grant") or _ends_apart(step)
            )
            ends = {"expires": own} if timed else {}
            for m in people:
                self._add(step.action, step.change, **{**step.params, roles[0]: m.ref, **ends})
        if own is not None:
            # "..., and Ava too but only until Friday" after a change that cannot end by itself: asked, never
            # the change for good
            self._no_expiring_removal(planned)
        return True

    # ---- modifiers ----------------------------------------------------------------------------------

    def _unread_change(self, clause: _Clause) -> bool:
        """A clause that says a change ("... should be removed from sales@") on a mailbox or list no planned
        step is about, and that adjusted nothing: dropped, the ready plan would miss what it asked for."""
        if clause.context:
            return False
        planned = {str(v).lower() for step in self.ctx.steps for v in step.params.values()}
        # "Change Ethan's primary address to ethan@. Mia's to mia@.": an address no one has yet, said with
        # someone no step is for, is a change said short, as unread as one with its verb
        unheld = any(m.literal and not m.known and m.ref.lower() not in planned for m in clause.mentions)
        # ("..., Tom Becker can.": a person and a bare modal, saying the change before is theirs too)
        if not (
            lx.CHANGE_SAID.search(clause.plain)
            or unheld
            or lx.NAME_MODAL_ALONE.fullmatch(clause.text.strip())
            or lx.NEED_SAID.search(clause.plain)
        ):
            return False
        # "... and have Ava added": a person no step is for is as unread as a list no step is on
        return any(
            (m.is_mailbox_resource or m.is_group or (m.is_person and not m.pronoun and m.ref != "me"))
            and m.known
            and m.ref.lower() not in planned
            for m in clause.mentions
        )

    def _shared_too(self, clause: _Clause) -> bool:
        """ "Remove Maria from my calendar and give Jane reviewer access (instead)": a calendar level given
        to someone no share planned is for, with no calendar said, is a share of the one calendar the
        request is about. Read as a level for the shares planned, it gave them the new person's level and
        left the new person out; when the calendar or the giving cannot be told, it is asked."""
        plain = clause.plain
        level = next((lv for lv, p in lx.LEVEL_WORDS if p.search(plain)), None)
        shares = [s for s in self.ctx.steps if s.action == "calendar_share"]
        if level is None or not shares or lx.CALENDAR.search(plain) or negation.names_a_right(plain):
            return False
        planned = {str(s.params.get("grantee", "")).lower() for s in shares}
        new = [
            m
            for m in clause.mentions
            if m.is_person and not m.pronoun and m.known and m.ref != "me" and m.ref.lower() not in planned
        ]
        if not new:
            return False  # "..., Ava as editor": the level of a share planned, read by _modify
        owners = {str(s.params.get("owner", "")).lower() for s in shares}
        if len(owners) != 1 or not lx.WRITE_IMPERATIVE.match(plain) or lx.REVOKE.search(plain):
            self._ask(
                "scope",
                f"I could not tell whose calendar {clause.plain!r} shares, or with what: say it as its own "
                'request (for example "share my calendar with Jane Doe as reviewer").',
            )
            return True
        owner = str(shares[0].params.get("owner", ""))
        for m in new:
            self._add("calendar_share", "grant", owner=owner, grantee=m.ref, access=level)
        return True

    def _modify(self, clause: _Clause) -> None:
        """A clause with no action of its own ("and keep a copy") adjusts the steps already planned."""
        if (members := lx.MEMBERS_INTRO.search(clause.text)) is not None:
            self._first_members(clause, members.end() - 1)
        self.downgraded(clause)
        self._old_address_removed(clause)
        if not self._end_said_after(clause):
            return
        for i, step in enumerate(self.ctx.steps):
            params = engine.follow_up(step.action, step.change, step.params, clause.plain)
            if step.action in TIME_BOUND and step.change == "grant" and clause.expires:
                params["expires"] = clause.expires.isoformat()
            if params.get("keep_old") is False and step.params.get("keep_old") is not False:
                old = self._primary_of(Mention(str(step.params["recipient"]), 0, 0))
                if any(not m.pronoun and self._primary_of(m) != old for m in clause.mentions):
                    # "... and remove support@ from the Sales mailbox" (its name blanked in the words read):
                    # taken off something else named, never the old primary dropped on that say-so (what the
                    # removal changes is asked where the clause is read)
                    continue
                if clause.later_start:
                    # "... and remove the old one next week": a start cannot be scheduled; never done now
                    self._no_later_start(i)
                    return
            if params != step.params and clause.later_start and ACTIONS[step.action].kind == "write":
                # "... and keep a copy from Friday": how the change is made, said to start later; the change
                # made now without it, or with it at once, is not what was asked
                self._no_later_start(i)
                return
            if params != step.params:
                self.ctx.steps[i] = step.model_copy(update={"params": params})

    @staticmethod
    def _added_to(
        c: _Clause,
        group: Mention,
        intro: frozenset[str] = lx.ADDED_TO,
        verbs: frozenset[str] = lx.ADDED_VERB,
    ) -> list[Mention]:
        """ "add Liam Brown to Marketing and send as on sales@": the people added to a list said right after
        them (that list is never who gets the right said beside it; nlu159 gave Marketing the send as); none
        when the list is not said so. With `intro` and `verbs` of a removal ("remove Liam Brown from
        Marketing"), the people removed from it (rt83b)."""
        at = next((n for n, m in enumerate(c.mentions) if m is group), 0) - 1
        if at < 0 or group.before not in intro:
            return []
        if not c.preceding(group).rstrip().endswith(f"{c.token(c.mentions[at])} {group.before}"):
            return []
        # ("add Liam Brown and Noah Davis to Marketing": each person joined before it)
        added: list[Mention] = []
        while at >= 0 and c.mentions[at].is_person:
            added.append(c.mentions[at])
            if c.mentions[at].before in verbs:
                return added
            if c.mentions[at].before not in lx.NLU159_PEOPLE_JOINED:
                return []
            at -= 1
        return []

    @staticmethod
    def _membership_said(c: _Clause, group: Mention) -> bool:
        """ "membership of Finance Team", "Finance Team membership": the list named as what one is a member
        of (lx.MEMBERSHIP_OF_BEFORE before it, lx.MEMBERSHIP_AFTER after it)."""
        return (
            group.before in lx.MEMBERSHIP_OF and group.before2 in lx.MEMBERSHIP_NOUNS
        ) or lx.MEMBERSHIP_AFTER.match(c.after(group)) is not None

    def _end_said_after(self, clause: _Clause) -> bool:
        """ "can ethan park get reviewer on the boardroom calendar?" then "only until thursday, he's doing the
        AV install" (a later chat line; batch 34 shared it for good): an end said alone after the change is
        the end of the list add, calendar share or forwarding the change before gave, as it is of a grant
        (below). Where it could be the end of changes said apart, which is asked, never guessed (False:
        nothing more is read from the clause)."""
        if clause.expires is None or not (
            lx.END_ONLY_CLAUSE.fullmatch(clause.text.strip(" ,.!"))
            or lx.NLU166_END_NEEDED_CLAUSE.fullmatch(clause.text.strip(" ,.!"))
            # ("reviewer is fine. just for the rest of this week": an end said with the level the change
            # gives, no one named, is the change's end as much as an end said alone; batch 35 lost it)
            or (not clause.mentions and lx.LEVEL_SAID.search(clause.text))
        ):
            return True
        ending = [s for s in self.ctx.steps if _ends_apart(s) and "expires" not in s.params]
        if not ending:
            return True
        could = ending + [
            s
            for s in self.ctx.steps
            if s.action in TIME_BOUND and s.change == "grant" and "expires" not in s.params
        ]
        if any(s not in self.ctx.last_steps for s in could):
            self._ask(
                "expires",
                "The request says an end on its own after more than one change: say which change should end "
                'then (for example "share my calendar with Tom until Friday").',
            )
            self.ctx.steps = [s for s in self.ctx.steps if s not in could]
            return False
        self.ctx.steps = [
            s.model_copy(update={"params": {**s.params, "expires": clause.expires.isoformat()}})
            if s in ending
            else s
            for s in self.ctx.steps
        ]
        return True

    def _modified_for_others(self, clause: _Clause, before: list[DraftStep]) -> bool:
        """Whether a clause naming people ("only Tom gets editor") changed the level of a calendar share for
        someone it does not name (_modify reads how, never whom)."""
        named = {self._id(m.ref) for m in clause.mentions if m.is_person and not m.pronoun and m.ref != "me"}
        if not named:
            return False
        for new, old in zip(self.ctx.steps, before, strict=False):
            if old.action != "calendar_share" or new.params.get("access") == old.params.get("access"):
                continue  # (a level said of some; an end said of some is read as verdicts are, elsewhere)
            whom = {
                self._id(str(old.params[k])) for k in ("trustee", "grantee", "member") if old.params.get(k)
            }
            if whom and not whom & named:
                return True
        return False

    def _old_primary_not_kept(self, clause: _Clause) -> bool:
        """ "Change the Marketing list's primary address to marketing@acme.co.uk and do not keep
        marketing@acme.com": a clause saying only that the old primary of a change planned before is not
        kept (a list's address read alone was a read of its members): that change drops the old one."""
        if not clause.mentions or not lx.DROP_OLD_ALONE.fullmatch(clause.plain.strip(" ,.;!")):
            return False
        changed = [
            i
            for i, s in enumerate(self.ctx.steps)
            if s.action == "change_primary_alias" and s.params.get("keep_old") is not False
        ]
        for i in changed:
            step = self.ctx.steps[i]
            old = self._primary_of(Mention(str(step.params["recipient"]), 0, 0))
            if old and all(not m.pronoun and self._primary_of(m) == old for m in clause.mentions):
                self.ctx.steps[i] = step.model_copy(update={"params": {**step.params, "keep_old": False}})
                return True
        return False

    def _old_address_removed(self, clause: _Clause) -> None:
        """ "Make helpdesk@ the primary address of Support and remove support@ from it": the address taken
        off is the old primary, so it is not kept as an alias."""
        if not (
            lx.REMOVING.search(clause.plain) or lx.NLU111_ADDRESS_RETIRED.search(clause.plain)
        ) or lx.OLD_LEFT_ON.search(clause.plain):
            return
        said = {m.ref.lower() for m in clause.mentions if m.literal}
        for i, step in enumerate(self.ctx.steps):
            if step.action == "change_primary_alias" and step.params.get("keep_old") is not False:
                old = self._primary_of(Mention(str(step.params["recipient"]), 0, 0))
                # ("noah.davis@ should be removed from sales@": another mailbox named, what goes is asked)
                if old in said and all(self._primary_of(m) == old for m in clause.mentions):
                    self.ctx.steps[i] = step.model_copy(update={"params": {**step.params, "keep_old": False}})

    def ended_for(self, who: Mention, expires: dt.datetime) -> None:
        """The changes planned to give `who` access end at `expires` ("..., Liam only until Friday"); everyone
        else's are as read. Nothing planned for them, or a change of theirs that cannot end by itself, is
        asked: the end is never dropped."""
        mine = [
            i
            for i, s in enumerate(self.ctx.steps)
            if _gives(s) and any(s.params.get(k) == who.ref for k in ("trustee", "member", "grantee"))
        ]
        if not mine or any("expires" not in ACTIONS[self.ctx.steps[i].action].params for i in mine):
            self._ask("expires", lx.NLU160_ONE_END_ASK.format(who=who.surface or who.ref))
            return
        for i in mine:
            step = self.ctx.steps[i]
            self.ctx.steps[i] = step.model_copy(
                update={"params": {**step.params, "expires": expires.isoformat()}}
            )

    def downgraded(self, clause: _Clause | str) -> None:
        """ "Maria no longer needs editor on Olivia's calendar; reviewer will do": the share taken away is
        kept at the level said to be enough (removing it would take what the person still needs)."""
        level = _level_enough(clause if isinstance(clause, str) else clause.plain)
        if level is None:
            return
        for i, step in enumerate(self.ctx.steps):
            if step.action == "calendar_share" and step.change == "revoke":
                params = {**step.params, "access": level}
                self.ctx.steps[i] = step.model_copy(update={"change": "grant", "params": params})

    def _first_members(self, clause: _Clause, at: int) -> None:
        """ "New list x@, display name X, members Sarah, Chris and Tom": the people of a members clause are
        the first members of the list created before (never left out: a list made without them is not what
        was asked)."""
        said = {int(n) for n in re.findall(r"§(\d+)(?!\d)", clause.text[at:])}
        people = [
            m.ref
            for n, m in enumerate(clause.mentions)
            if n in said and m.is_person and (m.known or m.ref == "me")
        ]
        for i in reversed(range(len(self.ctx.steps))):
            step = self.ctx.steps[i]
            if step.action == "distribution_list_lifecycle" and step.change == "create":
                members = list(step.params.get("members") or [])
                members += [p for p in people if p not in members]
                self.ctx.steps[i] = step.model_copy(
                    update={"params": {**step.params, "members": members or None}}
                )
                return

    # ---- classification -----------------------------------------------------------------------------

    def _classify(self, c: _Clause) -> bool:
        """The engine picks the reading (actions/ describes each) and fills its slots; its reader plans."""
        view = _View(c, self)
        choice = engine.choose(view)
        asks = self.asking and choice.reading is not None and not choice.reading.description.writes
        if lx.ALREADY_STATE.search(c.plain) and not asks:
            # "Tom already has full access to support, ...": how things are, what the next clause is about
            # ("is hr@ forwarding at the moment?" asks how things are: that is answered)
            return False
        if choice.rivals:
            said = " or ".join(f"to {r.description.label}" for r in choice.rivals)
            self._ask("action", f"Did you mean {said}? Say it again with just the one you meant.")
            return True
        if choice.reading is None:
            return False
        if (
            described := lx.DESCRIBED_RESOURCE.search(c.text)
        ) is not None and choice.reading.description.writes:
            # "access to the mailbox Sarah used to manage": Sarah describes it, she does not own it
            noun = described.group("noun")
            self._ask(
                lx.DESCRIBED_ABOUT.get(noun, "mailbox"),
                f"Which {noun} do you mean? Name it (its address or its name): the person who uses or "
                "manages it is not enough to tell.",
            )
            return True
        planned, asked, self._unsure = len(self.ctx.steps), len(self.ctx.questions), False
        read = bool(self._readers[choice.reading.description.reader](c, view))
        if self._unsure:
            # a coordination it could not read: no step of this clause is planned half
            del self.ctx.steps[planned:]
        if self.asking and any(ACTIONS[s.action].kind == "write" for s in self.ctx.steps[planned:]):
            # a question read as a change: what it asks about is answered instead, if a report answers it
            del self.ctx.steps[planned:], self.ctx.questions[asked:]
            return self._answer_instead(c, view)
        return read

    def _answer_instead(self, c: _Clause, view: _View) -> bool:
        choice = engine.choose(view, [d for d in DESCRIPTIONS if not d.writes])
        if choice.reading is None:
            return False
        return bool(self._readers[choice.reading.description.reader](c, view))

    @property
    def _readers(self) -> dict[str, Callable[[_Clause, _View], bool]]:
        return {
            "calendar": lambda c, v: self._calendar(c, v.fact("is_read")),
            "forwarding_question": lambda c, v: self._forwarding_question(c),
            "forwarding": lambda c, v: self._forwarding(c),
            "create_list": lambda c, v: self._create_list(c),
            "primary": lambda c, v: self._primary(c),
            "delegation": lambda c, v: self._delegation(c, v.rights),
            "read": lambda c, v: self._read(c, v),
            "membership": lambda c, v: self._membership(c),
            "move_members": lambda c, v: self._move(c),
            "mailbox_use": lambda c, v: self._mailbox_use(c),
        }

    def _fill(self, description: ActionDescription, c: _Clause) -> engine.Filled:
        """The description's slots from the clause; a coordination it cannot read is a question (asked
        here, once) rather than a plan that drops one of the names."""
        filled = engine.fill(description, c.mentions, c)
        self._unsure = self._unsure or bool(filled.either or filled.split)
        for role, offered in filled.either.items():
            names = " or ".join(m.ref for m in offered)
            self._ask(
                role,
                f"Which did you mean: {names}?",
                [m.ref for m in offered],
                [m.surface or m.ref for m in offered],
            )
        for first, second in filled.split:
            self._ask(
                "coordination",
                f"I could not tell how {second.ref} goes with {first.ref} in this request. Say it again with "
                f"each named where it belongs (for example as separate requests).",
            )
        return filled

    def _forwarding_question(self, c: _Clause) -> bool:
        for m in self._fill(forwarding_action.FORWARDING_QUESTION, c).all("mailbox"):
            self._add("view_mailbox_details", "read", mailbox=m.ref)
        return True

    # ---- delegation ---------------------------------------------------------------------------------

    def _delegation(self, c: _Clause, actions: list[str]) -> bool:
        plain = c.plain
        change = delegation_action.DELEGATION.change(_unmodified(plain), "grant")
        filled = self._fill(delegation_action.DELEGATION, c)
        mailboxes = filled.all("mailbox")
        trustees: list[Mention] = []
        from_members: set[str] = set()
        for trustee in filled.all("trustee"):
            if trustee.is_group and lx.EVERYONE.search(c.preceding(trustee)):
                # "everyone in Contractors": one trustee per current member, read from the directory.
                trustees += [Mention(ref, 0, 0) for ref in self._members_of(trustee) or []]
                from_members |= set(self._members_of(trustee) or [])
            else:
                trustees.append(trustee)
        if change == "grant" and (
            moved_to := [
                t for t in trustees if t.is_group and lx.RT83A_MOVE_DESTINATION_BEFORE.search(c.preceding(t))
            ]
        ):
            # "I'm moving to marketing next week and need full access to sales@ too": the list moved to is
            # where someone goes, never who gets the right (red team 83 H5 gave marketing@ full access; rt83a)
            trustees = [t for t in trustees if t not in moved_to]
            if not trustees:
                self._ask("trustee", "Who is this for? Name the person who should get it.")
                return True
        holders = {m.ref for m in c.mentions if m.is_person and m.possessive and m.pronoun != "person"}
        if (
            change == "grant"
            and any(m.pronoun == "person" for m in c.mentions)
            and any(t.ref in holders for t in trustees)
        ):
            # "Give Olivia's send as on info@ to her": whose the right is, is not whom "her" names
            self._ask("trustee", "Who is this for? Name the person who should get it.")
            return True
        owners = {
            m.ref for m in c.mentions if m.is_person and m.possessive and lx.RIGHT_AFTER.match(c.after(m))
        }
        if (
            change == "grant"
            and any(t.ref in owners for t in trustees)
            and any(t.ref not in owners for t in trustees if not t.is_group)
        ):
            # "Ken is on leave so give Ava his full access": whose the right is ("his", read as Ken) was
            # taken for a second grantee; as with "Give Ava Ken's full access", who gets it is asked
            self._ask("trustee", "Who is this for? Name the person who should get it.")
            return True
        # ("set up send on behalf on my mailbox": the requester's own mailbox too, whom it is for then asked)
        said_as_box = [
            t for t in trustees if t.possessive and not t.pronoun and lx.MAILBOX_AFTER.match(c.after(t))
        ]
        if said_as_box:
            # "I need send as on billing for a week, and full access to Ava's mailbox too": whose mailbox it
            # is, never who gets the right (red team 29); who does is read as for any clause naming no one
            trustees = [t for t in trustees if t not in said_as_box]
            mailboxes = [*mailboxes, *(b for b in said_as_box if b.ref not in {m.ref for m in mailboxes})]
        # "ken should be on the Support mailbox (full access) and on all hands too": a list someone is said
        # to be on, beside the person who gets the right, is a list that person joins, never a trustee
        # ("... send as on sales@ and be added to all-sales": a list one is added to, likewise)
        # ("full access to billing@ and membership of Finance Team", "... and Finance Team membership": the
        # list one is a member of is joined by the one who gets the right, never a trustee; batch 34 gave
        # the list full access and left Ken out)
        member_of = [t for t in trustees if t.is_group and self._membership_said(c, t)]
        joins = [
            t
            for t in trustees
            if t.is_group
            and (
                t.before in lx.ON_A_LIST
                or t.before in lx.JOINS
                or (t.before in lx.ADDED_TO and t.before2 in lx.ADDED_VERB)
                or t in member_of
                or self._added_to(c, t)
            )
        ]
        people = [t for t in trustees if not t.is_group]
        if any(len({m.ref for m in self._added_to(c, t)}) > 1 for t in joins):
            # "add Liam Brown and Noah Davis to Marketing and send as on sales@": the list is no trustee, and
            # whether the right is for one of them or both is asked (nlu159)
            self._ask("trustee", "Who is this for? Name the person who should get it.")
            return True
        if any(self._added_to(c, t) and lx.RT83A_LIST_SAID_AS_HOLDER.match(c.after(t)) for t in joins):
            # "add Liam Brown to Marketing, and the group needs send as on sales@": the list said as who holds
            # the right, never the person added; whom it is for is asked (red team 83 H2; rt83a)
            self._ask("trustee", "Who is this for? Name the person who should get it.")
            return True
        leaving = [(t, self._added_to(c, t, lx.RT83B_REMOVED_FROM, lx.RT83B_REMOVED_VERB)) for t in trustees]
        if people and mailboxes and any(t.is_group and who for t, who in leaving):
            # "remove Liam Brown from Marketing and send as on sales@": the list he leaves is no one who loses
            # the right said beside it, and whether he does is asked (rt83b; nlu159 read the adds). With no
            # mailbox named ("... and all his mailbox permissions"), which mailboxes is asked first
            group, who = next((t, who) for t, who in leaving if t.is_group and who)
            self._ask(
                "trustee",
                lx.RT83B_REMOVED_FROM_ASK.format(
                    who=" and ".join(m.surface or m.ref for m in reversed(who)),
                    group=group.surface or group.ref,
                ),
            )
            return True
        if joins and people:
            trustees = people
            self.ctx.group = joins[-1]
        elif (
            joins
            and len(joins) == len(trustees)
            and all(lx.JOINS & {t.before, t.before2} or t in member_of for t in joins)
        ):
            # "can he get full access to support@ and be put on all hands?": the list "he" is put on is one
            # he joins, never a trustee; who "he" is is found below as for any clause naming no one
            trustees = []
            self.ctx.group = joins[-1]
        else:
            joins = []
        if lx.ATTACHED.search(plain):
            # "everyone in the attached list": one trustee per row
            refs = self._attachment_refs()
            if refs is None:
                self._ask(
                    "trustee", "The request mentions a file, but none is attached; attach it with --attach."
                )
                return True
            trustees = [t for t in trustees if not t.is_group] + [Mention(r, 0, 0) for r in refs]
        carried: str | None = None  # the end said with the bare "access" the rights detail
        if not trustees:
            trustees, carried, detailed = self._access_detailed(c)
            # "Strip Pat's access to Sales: full access and send as": the detail has no verb of its own; the
            # access it names is taken or given as the verb before the colon says, never given by default
            change = detailed or change
        if not trustees and said_as_box and lx.ELIDED_PERMISSION.match(c.text):
            # "Give Tom send as on billing. Full access to Ava's mailbox too": the right said alone, for the
            # one person the rights before are for
            given = {str(s.params["trustee"]) for s in self.ctx.steps if "trustee" in s.params}
            trustees = [Mention(ref, 0, 0) for ref in given] if len(given) == 1 else []
        if not trustees and lx.SUBJECT_PRONOUN_START.match(c.plain) and self.ctx.spoke:
            # "Maria asked about Tom. She needs send as ...": the one asking or the one asked about
            self._ask("trustee", "Who is this for? Name the person who should get it.")
            return True
        if not trustees and lx.NLU164_UNREAD_TRUSTEE.match(c.plain) is not None:
            # "Tom is moving to marketing, give marketing full access to sales@": whom it is for is said, in
            # words not read as anyone; asked, never someone introduced before (nlu164)
            self._ask("trustee", "Who is this for? Name the person who should get it.")
            return True
        if not trustees and not lx.DANGLING_TRUSTEE.search(c.text):
            trustees = list(self.ctx.introduced)
            subject = self.ctx.subject
            # "Give her ..." with her left unresolved (_antecedent: the one covering or the one covered for)
            unresolved = any(m.pronoun == "person" for m in c.mentions)
            one = lx.SUBJECT_PRONOUN_START.match(c.plain) or lx.SUBJECT_PRONOUN_ASKED.match(c.plain)
            if len(trustees) > 1 and (unresolved or one):
                # "Mia is covering for Olivia. She needs ...", "Ken and Emma started. can he get ...": "she"
                # is one person, the subject before; with no subject to continue, which one is asked (never
                # all of them)
                starts = one
                trustees = [subject] if starts and subject is not None and subject in trustees else []
                if not trustees:
                    self._ask("trustee", "Who is this for? Name the person who should get it.")
                    return True
        # only someone a step before is for: "Maria asked about Tom. She needs ..." may mean Maria
        planned_for = {str(s.params.get(k)) for s in self.ctx.steps for k in ("member", "trustee", "grantee")}
        earlier = {m.ref: m for m in self.ctx.people if m.known and m.ref != "me" and m.ref in planned_for}
        subject_said = lx.SUBJECT_PRONOUN_START.match(c.plain)
        if not trustees and subject_said and len(earlier) == 1:
            named = {self._who(m): m for m in self.ctx.named if m.ref != "me" and not m.possessive}
            if len(named) > 1:
                # "Tom needs full access to billing@ and Ava to support@. He also needs send as ...": anyone
                # named before could be "he" (no genders known), not only the last clause's (red team 46)
                self._ask(
                    "trustee",
                    lx.PRONOUN_OF_TWO_ASK.format(
                        pronoun=subject_said.group(0).split()[-1],
                        names=" or ".join(m.surface or m.ref for m in named.values()),
                        why=lx.PRONOUN_OF_TWO_GENDER,
                    ),
                    [m.ref for m in named.values()],
                )
                self._pronoun_asked = True
                return True
            trustees = list(earlier.values())  # "Add Ethan to all-sales. He also needs send as ...": Ethan
        if not trustees and not c.mentions and lx.MORE_OF_A_RIGHT.match(c.text) and len(earlier) == 1:
            trustees = list(earlier.values())  # "Give Noah full access to info@. Send as too.": Noah's too
        if (
            not trustees
            and not lx.DANGLING_TRUSTEE.search(c.text)
            and len({m.ref for m in self.ctx.kept_people}) == 1
        ):
            trustees = self.ctx.kept_people[:1]  # "... should keep his full access but lose send as": his
        # a he/she the clause opens with, or one left unresolved in it ("Tom Becker starts Monday, give her
        # ..."), that the trustees carried from before cannot be
        said = lx.SUBJECT_PRONOUN_START.match(c.plain) or lx.SUBJECT_PRONOUN_ASKED.match(c.plain)
        left = [m.surface for m in c.mentions if m.pronoun == "person" and agreement.of_pronoun(m.surface)]
        carried_pronoun = said.group(0).split()[-1] if said is not None else left[0] if left else None
        if carried_pronoun is not None and self._carried_disagrees(carried_pronoun, trustees, c):
            self._ask("trustee", self._carried_ask(carried_pronoun))
            self._pronoun_asked = True
            return True
        # "..., and send as", "Chris gets send as on it", "and Sarah gets send on behalf": the same mailboxes
        elided = (
            lx.ELIDED_PERMISSION.match(c.text) or lx.SUBJECT_GETS.match(c.text) or lx.ON_IT.search(c.plain)
        )
        ruled = {m.ref: m for m in self.ctx.ruled_people}
        if not trustees and not c.mentions and lx.RIGHT_ALONE.match(c.text) and len(ruled) == 1:
            # "Don't give Tom send as on support, just send on behalf": the right alone, for the one person
            # the part it replaces named
            trustees = list(ruled.values())
        if not mailboxes and elided:
            mailboxes = list(self.ctx.mailboxes)
        about = self._distinct(self.ctx.kept_mailboxes + self.ctx.topic_mailboxes)
        if not mailboxes and len(about) == 1:
            mailboxes = about[:1]  # the one mailbox the request is about
        asides = self._distinct(self.ctx.aside_mailboxes)
        if not mailboxes and lx.IT_OBJECT.search(c.plain) and len(asides) == 1 and not self.ctx.mailboxes:
            # "Priya, who owns the Sales mailbox, wants Liam to have send on behalf of it": the one mailbox,
            # named in the description (as a question about "it" reads it)
            mailboxes = asides[:1]
        if not mailboxes and trustees:
            # "Ethan has to reply from support@ ... Please give him Send As": more for the same people, on the
            # one mailbox the steps for them are on (someone else's right there is asked, not assumed)
            before = self._distinct(list(self.ctx.mailboxes))
            on = {m.ref for m in before}
            theirs = {
                str(s.params.get("trustee"))
                for s in self.ctx.steps
                if s.params.get("mailbox") in on and s.change == change  # more of the same, not a swap
            }
            if len(before) == 1 and all(t.ref in theirs for t in trustees):
                mailboxes = before
        if not mailboxes:
            self._ask("mailbox", "Which mailbox should this be on?")
            return True
        self.ctx.mailboxes = mailboxes
        if not trustees:
            verb = "get" if change == "grant" else "lose"
            # ("... on my mailbox": the requester's own, said back as theirs)
            box = "your mailbox" if mailboxes[0].ref == "me" else mailboxes[0].ref
            self._ask("trustee", f"Who should {verb} {_LABELS[actions[0]]} on {box}?")
            return True
        automapping = engine.modifier(delegation_action.DELEGATION, "automapping").read(plain)
        if (
            automapping is not False
            and c.tail
            and engine.modifier(delegation_action.DELEGATION, "automapping").read(c.tail) is False
        ):
            # "... while he's off, until Monday 9 March, without automapping": said after the reason the
            # clause's tail holds, it is still how the access is given (nlu43)
            automapping = False
        expires = c.expires.isoformat() if c.expires and change == "grant" else carried
        places = len(lx.ONE_OF_RIGHTS.findall(c.text))
        placed = places == 1 and len(actions) >= 2 and len(mailboxes) == 1 and len(trustees) == 1
        if (expires and places and not placed) or (
            expires
            and len(actions) >= 2
            and lx.NO_DURATION.search(c.text)
            and not _ends_per_right(c.text, actions, expires)
        ):
            # "..., the latter until Friday, the former until Monday", "... on support and billing, the latter
            # until Friday" (a right or a mailbox?): which end is whose cannot be told: never guessed
            # an end and "no end date" both said, and which right each is for cannot be told: never guessed
            self._ask(
                "expires", "Which of these rights should end, and when? Say each right with its own end."
            )
            return True
        apart = _trustees_per_right(c, actions, trustees)
        if apart is None:
            # "Give Tom full access and send as, and Ken too": whether Ken gets both or one is not said
            self._ask("trustee", "Which right is for whom? Say each person with the rights they should get.")
            return True
        pairs = self._pairs(c, actions, mailboxes, expires)
        if not pairs:
            # "full access on finance and send as on billing until Friday": the end closes the list; whether
            # it is the last right's alone or every one's is not said, and a right left without it would
            # last for good
            self._ask(
                "expires", "Which of these rights should end on that date? Say each right with its end."
            )
            return True
        for action, boxes, when in pairs:
            for pair in engine.each(mailbox=boxes, trustee=apart.get(action, trustees)):
                if pair["trustee"] in from_members and self._address_of(pair["mailbox"]) == pair["trustee"]:
                    # "every member of Finance Team full access to Mike Smith's mailbox": Mike is a member,
                    # and no one is given a right on their own mailbox (nlu41 planned Mike on his own)
                    continue
                self._add(
                    action,
                    change,
                    **pair,
                    automapping=automapping if action == "mailbox_delegation" else None,
                    expires=when,
                )
        for pair in engine.each(group=joins, member=trustees):
            self._add("distribution_list_membership", "add" if change == "grant" else "remove", **pair)
        return True

    def _mailbox_use(self, c: _Clause) -> bool:
        """'Tom needs access to info@': Full Access, unless the clause after names the rights meant."""
        planned = len(self.ctx.steps)
        read = self._delegation(c, ["mailbox_delegation"])
        self._unnamed_access = self.ctx.steps[planned:]
        return read

    def _access_detailed(self, c: _Clause) -> tuple[list[Mention], str | None, str | None]:
        """'Tom needs access to info@: full access and send on behalf': rights said alone right after a bare
        "access" name what it is; that clause's steps are replaced by them, for its trustees (returned, with
        the end and the change the access was read with)."""
        steps = self._unnamed_access
        if c.mentions or not steps or steps != self.ctx.last_steps or lx.ONE_MORE.search(c.text):
            return [], None, None  # ("..., and send as too": one more right, the access stays)
        if not (lx.ELIDED_PERMISSION.match(c.text) or lx.RIGHT_ALONE.match(c.text)):
            return [], None, None
        ends = {s.params.get("expires") for s in steps}
        changes = {s.change for s in steps}
        if len(ends) != 1 or len(changes) != 1:
            return [], None, None  # ends that differ: which right ends when is not said
        self.ctx.steps = [s for s in self.ctx.steps if s not in steps]
        self._unnamed_access = []
        people = [Mention(ref, 0, 0) for ref in dict.fromkeys(str(s.params.get("trustee")) for s in steps)]
        end = ends.pop()
        return people, str(end) if end else None, changes.pop()

    def _pairs(
        self, c: _Clause, actions: list[str], mailboxes: list[Mention], expires: str | None
    ) -> list[tuple[str, list[Mention], str | None]]:
        """'full access to billing for 2 weeks and send as on support': each right with its own mailbox."""
        if expires and len(actions) >= 2 and len(mailboxes) < 2 and lx.NO_DURATION.search(c.text):
            # "send as on support until 10 March, and full access there with no end date": each its own end
            ends = _ends_per_right(c.text, actions, expires)
            return [(a, mailboxes, ends.get(a)) for a in actions]
        if expires and len(actions) >= 2 and (ends := _end_for_one(c.text, actions, expires)):
            # "full access and send as on support, the latter only until Friday": the end is that one's
            return [(a, mailboxes, ends.get(a)) for a in actions]
        if expires and len(mailboxes) >= 2 and (ending := _boxes_the_end_is_for(c, mailboxes)):
            # "send as on sales and billing, billing only until Friday": the end is that mailbox's alone
            return [(a, [b], expires if b.ref in ending else None) for a in actions for b in mailboxes]
        if len(actions) < 2 or len(mailboxes) < 2:
            return [(a, mailboxes, expires) for a in actions]
        if (grouped := _rights_per_mailbox(c, actions, mailboxes, repeated=bool(expires))) is not None:
            # "full access and send as on sales@ and full access on finance@": each mailbox keeps the rights
            # said with it; one said for sales@ is never carried to finance@, which names its own (rt75)
            return [] if expires else grouped
        plain_marks = c.text
        starts = []
        for action in actions:
            starts.append(delegation_action.RIGHTS.at(plain_marks, action))
        if -1 in starts or starts != sorted(starts):
            return [(a, mailboxes, expires) for a in actions]
        bounds = [*starts[1:], len(plain_marks)]
        pairs = []
        for action, lo, hi in zip(actions, starts, bounds, strict=True):
            boxes = [m for m in mailboxes if lo <= c.at(m) < hi]
            if not boxes:
                return [(a, mailboxes, expires) for a in actions]
            marked = _EXPIRY_MARK in plain_marks[lo:hi]
            anywhere = _EXPIRY_MARK in plain_marks[starts[0] :]
            pairs.append((action, boxes, expires if marked or not anywhere else None))
        last = plain_marks[starts[-1] :]
        if (
            expires
            and _EXPIRY_MARK in last
            and not re.search(r"[,;]", last.split(_EXPIRY_MARK)[0])
            and all(when is None for _, _, when in pairs[:-1])
        ):
            return []  # the end said after the whole list, with no part of its own: whose is asked
        return pairs

    # ---- membership ---------------------------------------------------------------------------------

    def _membership_context(self, c: _Clause) -> bool:
        plain = c.plain
        verbs = bool(lx.MEMBER_VERB.search(plain))
        bulk = bool(lx.ATTACHED.search(plain))
        people = any(m.is_person or m.literal for m in c.mentions)
        if self.ctx.group is not None and verbs and (people or bulk):
            return True
        # "Remove Tom from" with no list named: a membership change whose list is to be asked for.
        dangling = bool(lx.DANGLING_MEMBER.search(c.text)) or bool(lx.TO_A_LIST.search(plain))
        # "Remove David Chen from engeneering@acme.com": a list's address mistyped; which one is asked
        mistyped = len(c.mentions) > 1 and any(
            m.literal and not m.kinds and m.before in lx.LIST_INTRO for m in c.mentions
        )
        return verbs and (bulk or (people and (dangling or mistyped)))

    def _membership(self, c: _Clause) -> bool:
        plain = c.plain
        groups = [m for m in c.mentions if m.is_group]
        people = [m for m in c.mentions if not m.is_group and (m.known or m.literal)]
        if (
            lx.DELETE.search(plain)
            and groups
            and not people
            and not lx.ATTACHED.search(plain)
            and not lx.FROM_WORD.search(plain)
            # "remove all members of All Hands": its members go, the list stays
            and not any(lx.EVERYONE.search(c.preceding(g)) for g in groups)
        ):
            for g in groups:
                self._add("distribution_list_lifecycle", "delete", group=g.ref)
            self.ctx.group = groups[-1]
            return True
        changing = lx.MEMBER_VERB.search(plain) or lx.REMOVING.search(plain)
        terse = lx.PEOPLE_TO_LIST.match(c.text)
        if not changing and terse and all(m.is_person for m in c.mentions[:-1]) and c.mentions[-1].is_group:
            # "lucas rossi -> project phoenix pls": the people, an arrow or "to", the list: joining it
            changing = terse
        if not changing and (lx.MEMBERS_READ.search(plain) or lx.WHO.search(plain)):
            if self._membership_unasked(c):
                return True
            for g in groups:
                self._add("list_group_members", "read", group=g.ref)
            return bool(groups)
        if not changing and not lx.ATTACHED.search(plain):
            return False  # a list named with no verb: context for the clauses after it
        change = list_actions.MEMBERSHIP.change(_unmodified(plain), "add")
        filled = self._fill(list_actions.MEMBERSHIP, c)
        everyone = filled.all("everyone")
        joined = [j[0] for g in everyone if (j := c.joined(g)) is not None]
        if any(lx.MEMBERS_FILTERED.search(c.after(g)) for g in everyone) or any(j.is_group for j in joined):
            # "all members of All Hands and Project Atlas": whose members go from which list is unclear
            self._ask("scope", "Which of its members should this be for? Name them.")
            return True
        # "remove everyone from Contractors": the one list named is both the list and whom it loses
        emptied = everyone[-1] if everyone and change == "remove" else None
        # "to all-sales and Project Phoenix": each list named changes, none dropped
        if (
            not filled.all("group")
            and emptied is None
            and self.ctx.group is not None
            and any(
                m.is_mailbox_resource and not m.is_group and m.before in lx.LIST_INTRO for m in c.mentions
            )
        ):
            # "Add Tom to Marketing, and remove Ava from Sales" (Sales a shared mailbox, no list): the list
            # before is not this part's, nor is the mailbox a member (it took Ava and sales@ out of
            # Marketing; nlu55); which list is asked
            self._ask("group", "Which list should this be on?")
            return True
        lists = filled.all("group") or [g for g in (emptied or self.ctx.group,) if g is not None]
        before = self.ctx.group
        if (
            filled.all("group")
            and before is not None
            and before.ref not in {g.ref for g in lists}
            and lx.LIST_REFERENCE.search(plain)
        ):
            lists = [before, *lists]  # "Add Ava there and to all-hands": both lists (there was dropped)
        if not lists:
            self._ask("group", "Which list should this be on?")
            if lx.LISTS_UNNAMED.search(plain):
                whom = frozenset(self._id(m.ref) for m in filled.all("member"))
                self._lists_unnamed.append((change, whom, self.ctx.questions[-1]))
            return True
        group_mention = self.ctx.group = lists[-1]
        members = [m.ref for m in filled.all("member")]
        for g in everyone:
            members += self._members_of(g) or []
        if lx.ATTACHED.search(plain):
            refs = self._attachment_refs()
            if refs is None:
                self._ask(
                    "member", "The request mentions a file, but none is attached; attach it with --attach."
                )
                return True
            members += refs
        if not members and not lx.MEMBER_VERB.search(plain) and not lx.ATTACHED.search(plain):
            return False  # "we no longer need marketing@, delete it": why, not a membership change
        if not members:
            last = {
                str(s.params.get(k))
                for s in self.ctx.last_steps
                for k in ("trustee", "grantee", "member")
                if s.params.get(k)
            }
            if (
                lx.JOIN_CARRIED.match(plain)
                and last
                and not last & {"me", self.requester.primary_address.lower()}
            ):
                # "can Ken get full access to support@ and join all hands?": the one the clause before was
                # for joins, never the one asking; with more than one, who joins is asked
                if len(last) > 1:
                    self._ask("member", f"Who should be added to {group_mention.ref}?")
                    return True
                members = list(last)
            elif lx.SELF_ACTION.search(plain):
                members = ["me"]
            elif (
                said := lx.SUBJECT_PRONOUN_START.match(plain) or lx.SUBJECT_PRONOUN_ASKED.match(plain)
            ) and (subject := self._subject_pronoun_is(said.group(0).split()[-1])):
                if isinstance(subject, str):
                    return True  # (asked: which of them)
                members = [subject.ref]  # "Emma is helping on the campaign. Can she be added to ...": Emma
            elif (
                lx.MEMBER_LEFT_OUT.match(plain)
                and not self.ctx.spoke
                and len({self._who(m) for m in self.ctx.introduced}) == 1
            ):
                members = [self.ctx.introduced[0].ref]  # "Emma Wilson:⏎* add to Finance Team": Emma
            else:
                where = "added to" if change == "add" else "removed from"
                self._ask("member", f"Who should be {where} {group_mention.ref}?")
                return True
        ends = (
            _ends_per_list(c, lists)
            if len(lists) >= 2 and c.expires and lx.NO_DURATION.search(c.text)
            else {}
        )
        if len(lists) >= 2 and c.expires and lx.NO_DURATION.search(c.text) and not ends:
            # an end and a "permanently" both said, and which list each is for cannot be told: never guessed
            self._ask(
                "expires",
                "Which of these lists should the membership end on, and when? Say each list "
                "with its own end.",
            )
            return True
        for pair in engine.each(group=lists, member=members):
            self._add("distribution_list_membership", change, **pair)
            if ends and ends.get(str(pair["group"])) is None:
                # "to Marketing for two weeks and to All Hands permanently": an end binds to its own part
                self._said_endless.append(self.ctx.steps[-1])
        return True

    def _subject_pronoun_is(
        self, pronoun: str, about: str = "member", other_than: str = ""
    ) -> Mention | str | None:
        """Whom a "he" / "she" opening a clause that names no one stands for: the one person named before
        (the requester, writing, is never among them); with two or more, which is asked (the directory
        holds no genders) and "asked" returned; None with no one, or when someone was heard asking (the
        one asking or the one asked about)."""
        if self.ctx.spoke:
            return None
        # (whose something is counts too: "Tom is covering Priya's desk. Can she be added ...?" is asked;
        # "John Miller's manager here. He needs to be added ...": John)
        named = {
            self._who(m): m for m in self.ctx.named if m.known and m.ref != "me" and not m.is_mailbox_resource
        }
        named.pop(self.requester.recipient_id, None)
        if other_than:
            # ("She needs reviewer access to Mike's calendar": never the calendar's own owner; nlu163)
            named = {k: m for k, m in named.items() if self._id(m.ref) != self._id(other_than)}
        if len(named) == 1 and self._carried_disagrees(pronoun, list(named.values()), None):
            self._ask(about, self._carried_ask(pronoun))
            self._pronoun_asked = True
            return "asked"
        if len(named) > 1:
            self._ask(
                about,
                lx.PRONOUN_OF_TWO_ASK.format(
                    pronoun=pronoun,
                    names=" or ".join(m.surface or m.ref for m in named.values()),
                    why=lx.PRONOUN_OF_TWO_GENDER,
                ),
                [m.ref for m in named.values()],
            )
            self._pronoun_asked = True
            return "asked"
        return next(iter(named.values()), None)

    def _membership_unasked(self, c: _Clause) -> bool:
        """A person named with a list's membership, not as a question ("Revoke Jane's membership of
        Finance Team", "Jane is asking for Finance Team membership"): a change no rule read, and listing
        the members would leave her out; asked (and True), never read instead."""
        named = [m for m in c.mentions if m.is_person and not m.is_group and (m.known or m.literal)]
        groups = [m for m in c.mentions if m.is_group]
        if not named or not groups or lx.READ_START.match(c.text) or "?" in c.text or lx.WHO.search(c.plain):
            return False
        who = ", ".join(m.surface or m.ref for m in named)
        self._ask(
            "scope",
            f"Should {who} be added to or removed from {groups[-1].surface or groups[-1].ref}? Say it with a "
            'verb (for example "add Jane Doe to Finance Team").',
        )
        return True

    def _move(self, c: _Clause) -> bool:
        filled = self._fill(list_actions.MOVE_MEMBERS, c)
        source, target = filled.get("source"), filled.get("group")
        if source is None or target is None:
            return False  # the description asks for two lists; a pronoun may have resolved to the same one
        members = [m.ref for m in filled.all("member")] or self._members_of(source) or []
        self.ctx.group, self.ctx.source_group = target, source
        for pair in engine.each(group=[target], member=members):
            self._add("distribution_list_membership", "add", **pair)
        copy = lx.EVERYONE.search(c.preceding(source)) and not lx.MOVE.search(c.plain)
        if not copy and not lx.COPY_MEMBERS.search(c.plain):
            # A move takes members out of the source; compose drops these if the request deletes it.
            # ("... from Contractors to Project Phoenix until 3 April": the end said after where they go is
            # how long they are there; taking them out is for good, never for a time; nlu155)
            end_at = c.text.find(_EXPIRY_MARK)
            end_is_target = 0 <= c.at(source) < c.at(target) < end_at
            for pair in engine.each(group=[source], member=members):
                self._add("distribution_list_membership", "remove", **pair)
                if end_is_target:
                    self._moved_out.append(self.ctx.steps[-1])
        return True

    # ---- lifecycle ----------------------------------------------------------------------------------

    def _create_list(self, c: _Clause) -> bool:
        filled = self._fill(list_actions.CREATE_LIST, c)
        new, title = filled.get("group"), filled.get("title")
        if new is None:
            # "called UK Sales, uk-sales@acme.co.uk": an address written out after the name is the new
            # list's address as written, never one made up from its name on the default domain
            new = next((m for m in filled.all("name_words") if m.literal and not m.kinds), None)
        address = new.ref if new is not None else None
        display_name: str | None = None
        if title is not None and title.quoted:
            display_name = title.surface.strip("\"'")
        elif lx.NAME_INTRO.search(
            self.text.lower()
        ):  # "..., display name Design": said in a clause of its own
            display_name = self._name_as_written()
        elif (
            named := lx.NEW_LIST_NAMED.match(self.text) or lx.NEW_LIST_NAMED_BRACKET.match(self.text)
        ) is not None:
            # ("Boardroom Bookers (boardroom-bookers@acme.com)": the address in brackets after the name)
            display_name = named.group("name").strip(" \"'")
        if address is None and display_name and self._unplaced_address():
            # "[display name: Ops Crew] ops@acme.com": the address written out was not read as the new
            # list's, and one made up from the name would be a list nobody asked for
            self._ask("group", f"Which address should the new list {display_name!r} have?")
            return True
        if address is None and display_name:
            domain = self.directory.default_domain
            slug = re.sub(r"[^a-z0-9]+", "-", display_name.lower()).strip("-")
            address = f"{slug}@{domain.name if domain else 'example.invalid'}" if slug else None
            if address is not None and self._address_holder(address) is not None:
                # "Make a DL called Finance": finance@ is the Finance shared mailbox's; a list made there
                # takes an address a recipient already uses (primary or alias), which the name never asked
                # for (red team 68). Whose it is stays unsaid: the plan is read before policy, by anyone
                # (the refusal of a taken address names its holder only where the requester may see it)
                self._ask(
                    "group",
                    f"{address} is already in use: which address should the new list {display_name!r} have?",
                )
                return True
        if address is None:
            self._ask("group", "What should the new list be called (a name or an address)?")
            return True
        # "I need a new DL ...", "... for me": the requester asks for it, and is no member the text names
        members = [
            m.ref
            for m in filled.all("members")
            if m.known and not _self_not_member(m) and not _inside_name(m, display_name, self.text)
        ]
        if (members and lx.EXCLUDED_AFTER.search(c.plain)) or (
            not members and lx.MEMBERS_UNNAMED.search(c.plain)
        ):
            # ("... with everyone in it": who that is, is not said; made empty, the list looked done)
            self._ask("members", "Who should be on the new list? Name its members.")
            return True
        if lx.ATTACHED.search(c.plain):
            refs = self._attachment_refs()
            if refs is None:
                self._ask(
                    "members", "The request mentions a file, but none is attached; attach it with --attach."
                )
            else:
                members += refs
        self._add(
            "distribution_list_lifecycle",
            "create",
            group=address,
            display_name=display_name,
            members=members or None,
        )
        self.ctx.group = Mention(address, 0, 0, literal=True)
        return True

    def _address_holder(self, address: str) -> str | None:
        """Who already receives at `address` (as its primary address or an alias), or None."""
        try:
            return resolve(self.directory, address).label()
        except ResolutionError:
            return None

    def _unplaced_address(self) -> bool:
        """The request writes out an address the directory does not know (a new list's own, most likely)."""
        for found in lx.WRITTEN_ADDRESS.finditer(self.text):
            try:
                resolve(self.directory, found.group(0).lower())
            except ResolutionError:
                return True
        return False

    def _name_as_written(self) -> str | None:
        """The new list's name as the person typed it ("called Finance Leads with ..."), original case."""
        found = lx.NAME_INTRO.search(self.text.lower())
        if found is None:
            return None
        after = self.text[found.end() :]
        name = re.split(lx.NAME_END, after, flags=re.IGNORECASE)[0].strip(" .\"'")
        if not name or "@" in name:
            return None
        part = lx.NAME_BRACKET.match(after[after.find(name) + len(name) :])
        if part is not None and not lx.NAME_INTRO.search(part.group("part").lower() + " "):
            name = f"{name} ({part.group('part').strip()})"  # "Ops (EMEA)"
        return name if name != name.lower() else name.title()

    # ---- primary address ----------------------------------------------------------------------------

    def _primary(self, c: _Clause) -> bool:
        plain = c.plain
        filled = self._fill(primary_action.PRIMARY_ADDRESS, c)
        new, recipient = filled.get("new_address"), filled.get("recipient")
        current = self._primary_of(recipient) if recipient is not None else ""
        kept = new is not None and lx.KEEP_SAID.match(new.before) is not None  # asked below
        if (
            new is not None
            and not kept
            and (lx.KEPT_AS_ALIAS.match(c.after(new)) or new.ref.lower() == current)
        ):
            # "ceo@ should be primary, with olivia.martin@ kept as a secondary" (or "... removed"): the old
            # address (the primary now) is never the new one; the other address is
            others = [m for m in c.mentions if m.literal and m.ref != new.ref and m is not recipient]
            others = [
                m for m in others if not lx.KEPT_AS_ALIAS.match(c.after(m)) and m.ref.lower() != current
            ]
            new = others[-1] if len(others) == 1 else None
        if new is None or lx.KEEP_SAID.match(new.before):
            # "..., but keep sam.taylor@ working": the address kept is the old one, never the new primary
            self._ask("new_address", "Which address should become the primary one?")
            return True
        topic = {m.ref: m for m in self.ctx.introduced + self.ctx.topic_mailboxes if m.ref != new.ref}
        if recipient is None and len(topic) == 1:
            # "On the jdoe@ account, make j.doe@ the primary address": the one the clause before named
            recipient = next(iter(topic.values()))
        if recipient is None:
            if lx.SELF_WORDS.search(plain):
                recipient = Mention("me", 0, 0)
            else:
                self._ask("recipient", f"Whose primary address should become {new.ref}?")
                return True
        if self._another_primary_said(c, new, recipient, current):
            # "Change Ethan's primary address to ethan@ and Mia's to mia@": one change per clause is read, so
            # the second address went to the first person and the second person was left out
            self._ask(
                "recipient",
                "Whose primary address should become which address? Ask for each person's change on its own.",
            )
            return True
        keep_old = engine.modifier(primary_action.PRIMARY_ADDRESS, "keep_old").read(plain)
        self._add(
            "change_primary_alias", "set", recipient=recipient.ref, new_address=new.ref, keep_old=keep_old
        )
        return True

    def _another_primary_said(self, c: _Clause, new: Mention, recipient: Mention, current: str) -> bool:
        """Whether the clause names another person, or another address no one has, beside the one change
        read from it (the recipient's own other addresses, and one said to be kept, are theirs)."""
        whose = self._id(recipient.ref)
        for m in c.mentions:
            if m is recipient or m is new or m.ref == new.ref or self._id(m.ref) == whose:
                continue
            if m.literal and m.ref.lower() != current and not lx.KEPT_AS_ALIAS.match(c.after(m)):
                return True
            if m.is_person and not m.literal:
                return True
        return False

    # ---- calendar -----------------------------------------------------------------------------------

    def _calendar(self, c: _Clause, is_read: bool) -> bool:
        plain = c.plain
        filled = self._fill(calendar_action.CALENDAR, c)
        owner, grantees = filled.get("owner") or Mention("me", 0, 0), filled.all("grantee")
        if not filled.said("owner") and (carried := self._owner_carried(c)) is not None:
            owner = carried  # "... mike smith's calendar - can christine get editor? and rachel free busy"
        member_owners = [owner]
        if filled.all("everyone") and lx.CALENDARS_OF_EVERYONE.search(plain):
            # "reviewer on the calendar of everyone in Finance Team": each member owns a calendar shared with
            # the one named, never the one named's calendar shared with them (nlu43)
            if is_read or filled.said("owner") or not grantees:
                self._ask(
                    "owner", "Whose calendar should be shared, and with whom? Name the owner and the person."
                )
                return True
            member_owners = [
                Mention(ref, 0, 0)
                for group in filled.all("everyone")
                for ref in self._members_of(group) or []
            ]
            if not member_owners:
                self._ask("owner", "Whose calendars should be shared? Name the people.")
                return True
            owner = member_owners[0]
        elif lx.CALENDARS_OF_EVERYONE.search(plain):
            # "the calendar of everyone in Finance" where Finance is a shared mailbox, no list: no members
            # own the calendars, and the requester's own is never meant (red team 37 shared it; nlu50)
            self._ask(
                "owner", "Whose calendars should be shared? Name the people, or a list they are all on."
            )
            return True
        for group in (
            [] if len(member_owners) > 1 or member_owners[0] is not owner else filled.all("everyone")
        ):
            # "with everyone in Finance Team": each current member, read from the directory
            grantees += [Mention(ref, 0, 0) for ref in self._members_of(group) or [] if ref != owner.ref]
        change = calendar_action.CALENDAR.change(_unmodified(plain), "grant")
        lowered = _level_enough(plain) if change == "revoke" else None
        if lowered is not None:
            # "doesn't need editor on Olivia's calendar any more, reviewer is enough": kept at that level
            change = "grant"
        # "Remove Ava from Priya's calendar permissions": a revoke that names the permissions, not a read
        taking_away = change == "revoke" and bool(grantees) and not is_read
        timed = {
            m.ref
            for m in c.mentions
            if m.before in lx.WHOSE_TIME_INTRO and lx.WHOSE_TIME_STATE.match(c.after(m))
        }
        # (a pronoun read back to someone, "his calendar", is no second owner: the owner said is the one)
        owners = timed | {
            m.ref
            for m in c.mentions
            if m.possessive
            and lx.OWN_CALENDAR.match(c.after(m))
            and self.text[m.start : m.end].lower() == m.surface.lower()
        }
        if not lx.WHO.search(plain) and (
            (timed and len(owners) > 1)
            # "Priya's calendar and when Liam is free": two whose time is seen, one calendar per request
            or any(m.possessive and m.is_person and lx.OWNER_ALONE.match(c.after(m)) for m in c.mentions)
        ):
            # "my calendar and Chris's", "Chris's calendar and mine": a second owner said with the noun left
            # out, never someone the calendar is shared with; one calendar per request is asked for
            self._ask(
                "owner",
                "The request names more than one calendar: ask for each calendar separately (for example "
                '"share my calendar with Tom", then "share Chris Lee\'s calendar with Tom").',
            )
            return True
        who_asks = lx.WHO.search(plain) is not None and not (taking_away and lx.WHO_RELATIVE.search(plain))
        if is_read or who_asks or (lx.CALENDAR_PERMISSIONS.search(plain) and not taking_away):
            # "what can Tom see", no owner said: the one named is the calendar asked about
            target = filled.said("owner") or next(iter(grantees), owner)
            self._add("view_calendar_permissions", "read", owner=target.ref)
            return True
        if not grantees and not c.mentions and any(s.action == "calendar_share" for s in self.ctx.last_steps):
            # "... visible to Rachel? Just free/busy is fine.": how much of the share just asked for; only
            # ever less than was asked ("see my calendar. Editor is fine." is asked, not widened)
            before = list(self.ctx.steps)
            self._modify(c)
            if any(_wider(new, old) for new, old in zip(self.ctx.steps, before, strict=True)):
                self.ctx.steps = before
                self._ask("access", "Which calendar level is meant? The request names two.")
            return True
        placed = self._calendar_placed(c, filled, owner, grantees)
        if placed is None:
            return True
        owner, grantees, placed_owner = placed
        owner_said = filled.said("owner") is not None or placed_owner
        needs = self.ctx.needs_to_see
        if not grantees and change == "grant" and needs is not None and needs.ref not in ("me", owner.ref):
            grantees = [needs]  # "Emma only needs to see when Liam is busy, so free/busy on his calendar"
        introduced = {self._who(m): m for m in self.ctx.introduced if self._id(m.ref) != self._id(owner.ref)}
        if (
            not grantees
            and change == "grant"
            and lx.LEVEL_LEFT_OUT.match(plain)
            and not self.ctx.spoke
            and len(introduced) == 1
        ):
            grantees = list(introduced.values())  # "Emma Wilson:⏎* reviewer on Mike Smith's calendar": Emma
        # no one is shared their own calendar ("... when Liam is busy, so remove his access to Liam's
        # calendar": "his" read as the owner; whose access it is, is asked)
        grantees = [g for g in grantees if self._id(g.ref) != self._id(owner.ref)]
        unresolved = [m for m in c.mentions if m.pronoun == "person" and not m.possessive]
        if not grantees and change == "grant" and owner_said and len(unresolved) == 1:
            grantees = self._pronoun_other_than_owner(unresolved[0], owner)
        if not grantees and change == "grant" and (opens := lx.SUBJECT_PRONOUN_START.match(plain)):
            # "Please add Priya Patel to Project Atlas. Separately, she needs reviewer access to my calendar":
            # the one person named before, as a list's "Can she be added" is (nlu163: asked whom)
            subject = self._subject_pronoun_is(opens.group(0).split()[-1], "grantee", owner.ref)
            if isinstance(subject, str):
                return True
            grantees = [subject] if subject is not None else []
        if not grantees:
            verb = "see" if change == "grant" else "no longer see"
            self._ask("grantee", f"Who should {verb} the calendar?")
            return True
        if not owner_said and (
            not self._one_party(c)
            or (self.ctx.spoke and not any(m.ref == "me" for m in c.mentions))
            # "let Tom see when she is free": whose time is seen is said, by no one placed as the owner
            or lx.WHOSE_TIME_PRONOUN.search(plain) is not None
        ):
            # "Chris should see Sarah free/busy", "give Chris free/busy on Sarah": two people named apart,
            # one of them whose time is seen; the requester's own calendar is never the fallback then, nor
            # when someone was set aside as the one asking ("Chris needs free/busy for Sarah": whose?)
            self._ask("owner", "Whose calendar should be shared, and with whom? Name its owner.")
            return True
        unread = lx.CALENDAR_OWNED_BY.search(c.text)
        if not owner_said and unread and unread.group("word") not in lx.CALENDAR_OWN_WORDS:
            # "share olivia martins calender": someone's calendar was named but not read; the requester's
            # own is never the fallback then
            word = unread.group("word")
            if word.isdigit() and int(word) < len(c.mentions):
                word = c.mentions[int(word)].surface or c.mentions[int(word)].ref  # "§1 calendar": its name
                self._ask("owner", f"Whose calendar is {word!r} - name its owner?")
            else:
                self._ask("owner", self._unknown_calendar_owner(unread))
            return True
        unread = lx.CALENDAR_OF_UNREAD.search(c.text)
        if (
            not owner_said
            and unread
            and unread.group("word") not in lx.CALENDAR_OWN_WORDS | lx.CALENDAR_OF_OWN_WORDS
        ):
            # "the calendar of the Training Room": whose it is said after the noun, by no name anyone has
            self._ask("owner", self._unknown_calendar_owner(unread))
            return True
        kind = lx.CALENDAR_OF_A_KIND.search(c.text)
        if not owner_said and kind:
            # "share the room calendar with Ken": some room's or team's calendar, never the requester's own
            rooms = self._rooms() if kind.group("kind") in lx.ROOM_KINDS else ""
            told = f"The request names a {kind.group('kind')} calendar but not whose.{rooms}"
            self._ask("owner", f"{told} {lx.UNKNOWN_CALENDAR_OWNER_ASK}")
            return True
        level = (
            lowered
            or _level_changed_to(plain)
            or (
                engine.modifier(calendar_action.CALENDAR, "access").read(plain, c.tail, fallback=False)
                if change == "grant"
                else None
            )
        )
        if (
            level == lx.SEEING_LEVEL
            and not lowered
            and not lx.REVIEWER_NAMED.search(lx.SEE_WHEN_FREE.sub("", plain))
        ):
            level = None  # ("let Chris see Sarah's calendar": seeing, at no level said; asked unless one is)
        if change == "grant" and level is None and lx.SAME_LEVEL.search(plain):
            # "Maria has editor on Olivia's calendar. Give Grace the same level": the level said elsewhere in
            # the request, when it names exactly one; else asked, never the reviewer default
            said = {lv for lv, pattern in lx.LEVEL_PATTERNS if pattern.search(self.text.lower())}
            if len(said) != 1:
                self._ask("access", "Which calendar level is meant by the same level?")
                return True
            level = said.pop()
        if change == "grant" and any(
            g.possessive and not g.pronoun and lx.OWNED_CALENDAR.match(c.after(g)) for g in grantees
        ):
            # "my calendar with Ava and Priya's calendar with Tom": a possessive names a second calendar's
            # owner, never one more person it is shared with
            self._ask(
                "owner",
                "The request names more than one calendar: ask for each calendar separately (for example "
                '"share my calendar with Tom", then "share Chris Lee\'s calendar with Tom").',
            )
            return True
        said_levels = lx.SEE_WHEN_FREE.sub("", plain)
        levels = {lv for lv, pattern in lx.LEVEL_PATTERNS if pattern.search(said_levels)}
        # ("should see my calendar, availability only": the level of that seeing, for everyone it names; read
        # with the names in place, so that "..., David editor" is no level of everyone's)
        masked = lx.SEE_WHEN_FREE.sub("", c.text.lower())
        if (seen := lx.SEE_CALENDAR_THEN_LEVEL.search(masked)) is not None:
            after = {lv for lv, pattern in lx.LEVEL_PATTERNS if pattern.search(seen.group("level"))}
            earlier = {lv for lv, pattern in lx.LEVEL_PATTERNS if pattern.search(masked[: seen.start()])}
            # (only how much of it they see: "see my calendar, editor" names more than seeing, and is asked)
            seeing = set(lx.LEVEL_ORDER[: lx.LEVEL_ORDER.index("reviewer") + 1])
            levels = after if len(after) == 1 and after <= seeing and not earlier else levels
        if (
            change == "grant"
            and len({self._id(g.ref) for g in grantees}) > 1
            and len(levels) > 1
            and not lowered
        ):
            # "with Ava as reviewer and Jane editor": one level each, which the share of one clause cannot
            # tell apart (read as one, it gave both the wider)
            self._ask(
                "access",
                "The request names more than one calendar level for more than one person: ask for each "
                'person separately (for example "share my calendar with Ava as reviewer").',
            )
            return True
        shared = {
            (s.params.get("owner"), s.params.get("grantee"))
            for s in self.ctx.steps
            if s.action == "calendar_share"
        }
        if change == "grant" and level is None:
            grantees = [g for g in grantees if (owner.ref, g.ref) not in shared]
            if not grantees:
                return True  # "...; give him that on my calendar": the share already planned, at its level
            # a share that states no level here ("share Jane's calendar with Ava") may get one from another
            # sentence ("Free/busy only."); planned for now, asked at the end if none did (_level_unstated)
            level = "reviewer"
            self.ctx.unstated_levels.append(tuple((owner.ref, g.ref) for g in grantees))
        if owner_said:
            self._calendar_owners.add(owner.ref)
        for pair in engine.each(owner=member_owners if len(member_owners) > 1 else [owner], grantee=grantees):
            if len(member_owners) > 1 and self._id(pair["owner"]) == self._id(pair["grantee"]):
                continue  # (a member named to get the share is no one's grantee on their own calendar)
            self._add("calendar_share", change, **pair, access=level)
        return True

    def _pronoun_other_than_owner(self, pronoun: Mention, owner: Mention) -> list[Mention]:
        """ "Emma books Priya's customer meetings. Please give her editor access to Priya Patel's calendar":
        a her/him left unresolved between the calendar's owner and another is the other (no one is shared
        their own calendar); the one person named before who is not the owner, the requester nor ruled out by
        the pronoun's gender is meant, else no one (asked). Only for a pronoun said as whom it is given to
        ("give her ..."; nlu155, batch 50)."""
        said = pronoun.surface.lower()
        if said not in lx.NLU155_GIVEN_PRONOUNS or pronoun.before not in lx.NLU155_GIVING_VERBS:
            return []
        named = {
            self._who(m): m
            for m in [*self.ctx.named, *self.ctx.people]
            if m.is_person and not m.pronoun and m.known and m.ref != "me"
        }
        others = [
            m
            for who, m in named.items()
            if who != self._who(owner)
            and not agreement.cannot_be(said, self._display_name(m) or m.surface or m.ref)
        ]
        return [_in_place_of(pronoun, others[0])] if len(others) == 1 else []

    def _unknown_calendar_owner(self, said: re.Match[str]) -> str:
        """The question for a calendar whose owner was said by words no one is called ("the Training Room
        calendar"): resolution's answer with its close matches, and for a room the rooms there are."""
        name = (said.group("word") + (said.group("kind") or "")).strip()
        try:
            resolve(self.directory, name, requester=self.requester)
            found = f"{name!r} is no one the request names."
        except ResolutionError as not_found:
            found = str(not_found)
        rooms = self._rooms() if said.group("kind") else ""
        return f"{found}{rooms} {lx.UNKNOWN_CALENDAR_OWNER_ASK}"

    def _rooms(self) -> str:
        """The directory's room mailboxes, said for a question about a room's calendar ("" when none)."""
        rooms = sorted(
            f"{r.display_name} ({r.primary_address})"
            for r in self.directory
            if r.kind is RecipientKind.ROOM_MAILBOX
        )
        return f" The room mailboxes are: {', '.join(rooms)}." if rooms else ""

    def _calendar_placed(
        self, c: _Clause, filled: engine.Filled, owner: Mention, grantees: list[Mention]
    ) -> tuple[Mention, list[Mention], bool] | None:
        """Whose calendar and who sees it, when the words around them, not the slots, say which is which:
        "calendar - boardroom -> ava" names the owner before the arrow; a room mailbox named in a calendar
        request is whose calendar it is, never someone it is shared with. The owner, who sees it, and whether
        the owner was placed so; None: asked (a room with an owner said too, or no one else to share it with,
        or two rooms)."""
        placed_apart = False
        if not filled.said("owner") and owner.ref == "me":
            arrow = lx.CALENDAR_ARROW_OWNER.match(c.text)
            if arrow is not None and int(arrow.group("owner")) < len(c.mentions):
                named = c.mentions[int(arrow.group("owner"))]
                rest = [g for g in grantees if g.ref != named.ref]
                if (named.is_person or _room(named)) and not named.possessive and rest:
                    if any(_room(g) for g in rest):
                        placed_apart = (
                            True  # "calendar - olivia -> boardroom": the arrow and the room disagree
                        )
                    else:
                        return named, rest, True
        rooms = [g for g in grantees if _room(g)]
        if not rooms:
            return owner, grantees, False
        for unread in lx.CALENDAR_OWNED_BY.finditer(c.text):
            word = unread.group("word")
            if word.isdigit() and int(word) < len(c.mentions) and not _room(c.mentions[int(word)]):
                # "share ava johnson calendar with boardroom": someone else's calendar was named, unread
                placed_apart = True
        others = [g for g in grantees if not _room(g)]
        if (
            not filled.said("owner")
            and not placed_apart
            and owner.ref == "me"
            and len({r.ref for r in rooms}) == 1
            and others
        ):
            # "calendar access boardroom ava johnson reviewer": the room's calendar, shared with Ava
            return rooms[0], others, True
        # "give the boardroom reviewer on my calendar": a room sees no one's calendar; which calendar and whom
        # it is for are asked, never the requester's own shared with the room
        self._ask(
            "owner",
            "A room mailbox's calendar can be shared with people, but a room is never given access to a "
            'calendar: whose calendar should be shared, and with whom? (for example "share the Boardroom '
            'calendar with Ava Johnson as reviewer").',
        )
        return None

    def _owner_carried(self, c: _Clause) -> Mention | None:
        """The owner of the calendar the clause before shared, for a clause that names none and no calendar
        of the requester's ("Christine gets editor on Mike's calendar, and Rachel just free/busy"): the same
        calendar, never the requester's own by default."""
        if any(m.ref == "me" for m in c.mentions) or lx.OWN_WORDS_MINE.search(c.plain):
            return None
        owners = {
            str(s.params.get("owner"))
            for s in self.ctx.last_steps
            if s.action == "calendar_share" and s.change == "grant"
        }
        if len(owners) != 1:
            return None
        ref = owners.pop()
        if self._id(ref) == self.requester.recipient_id:
            return None
        return Mention(ref, 0, 0)

    @staticmethod
    def _one_party(c: _Clause) -> bool:
        """The people the clause names (the requester aside) are one party: one person, or people named
        together ("Chris and Sarah", "Chris, Sarah or Tom"), so all of them can be those a calendar is
        shared with."""
        people = [m for m in c.mentions if m.is_person and not m.is_mailbox_resource and m.ref != "me"]
        if len(people) < 2:
            return True
        chain, at = [people[0]], people[0]
        while (nxt := c.joined(at)) is not None:
            at = nxt[0]
            chain.append(at)
        return all(p in chain for p in people)

    # ---- forwarding ---------------------------------------------------------------------------------

    def _forwarding_said_whose(self) -> bool:
        """Whether the request says "the forwarding" with a person right after it ("turn off the forwarding
        Emma Wilson asked for", "... that Liam set up"): a relative clause saying whose forwarding it is,
        which may be another than the one just stopped (nlu141; the clause read has that part cut)."""
        people = [m for m in self.mentions_of(self.text) if m.is_person and m.ref != "me"]
        return any(
            any(m.start == said.end() for m in people)
            for said in lx.NLU141_THE_FORWARDING_WHOSE.finditer(self.text)
        )

    def _forwarding(self, c: _Clause) -> bool:
        plain = c.plain
        for i, m in enumerate(c.mentions):
            at = re.search(rf"§{i}(?!\d)", c.text)
            if (
                at is not None
                and m.is_group
                and not m.is_mailbox_resource
                and lx.LIST_SENT_TO_BEFORE.search(c.text[: at.start()])
            ):
                # "Tom should receive everything sent to all-sales@": a list's mail goes to its members;
                # read as forwarding it sent Tom's own mail to the list (never asked for)
                self._ask(
                    "action",
                    f"{m.surface or m.ref} is a list: its mail goes to its members. Say whether someone "
                    "should be added to it, or which mailbox's mail should be forwarded where.",
                )
                return True
        if (
            not c.mentions
            and lx.FORWARDING_SAID_AGAIN.match(plain) is not None
            and any(s.action == "email_forwarding_internal" and s.change == "set" for s in self.ctx.steps)
        ):
            return True  # the forwarding already planned, asked again to be made (lx.FORWARDING_SAID_AGAIN)
        filled = self._fill(forwarding_action.FORWARDING, c)
        said_to, mailbox = filled.said("forward_to"), filled.get("mailbox")
        if (moved := lx.FORWARDING_RETARGETED.search(c.text)) is not None:
            # "change the forwarding on billing@ from Mike to Christine": billing@'s mail, to Christine now
            box_at, to_at = (int(moved.group(g) or moved.group(f"{g}2")) for g in ("box", "new"))
            if max(box_at, to_at) < len(c.mentions):
                keep = engine.modifier(forwarding_action.FORWARDING, "keep_copy").read(plain, c.tail)
                self._add(
                    "email_forwarding_internal",
                    "set",
                    mailbox=c.mentions[box_at].ref,
                    forward_to=c.mentions[to_at].ref,
                    keep_copy=keep,
                )
                return True
        # "don't keep a copy" is how, not a stop; "no longer forward support to Maria" stops it, target or not
        it = mailbox is None and lx.FORWARD_IT.search(c.text) is not None
        cleared = {
            str(s.params["mailbox"])
            for s in self.ctx.last_steps
            if s.action == "email_forwarding_internal" and s.change == "clear"
        }
        if (
            mailbox is None
            and len(cleared) == 1
            and len(self.ctx.last_steps) == 1
            and lx.NLU135_THE_FORWARDING.search(c.text) is not None
            and not self._forwarding_said_whose()
        ):
            # "Stop forwarding careers to Maria, please clear the forwarding": the one just stopped, once
            mailbox = Mention(cleared.pop(), 0, 0)
        if it and self._forwarding_said_whose():
            # "turn off the forwarding that Emma Wilson asked for": "that" opens whose forwarding it is, no
            # "it" for the mailbox just forwarded
            self._ask("mailbox", "Which mailbox's forwarding is meant? Name the mailbox.")
            return True
        if it:
            about = {m.ref: m for m in self.ctx.kept_mailboxes + self.ctx.topic_mailboxes}
            # "Stop forwarding billing@ to Mike, forward it to Christine": the mailbox just forwarded
            for step in self.ctx.last_steps:
                if step.action == "email_forwarding_internal":
                    forwarded = str(step.params["mailbox"])
                    about[forwarded] = Mention(forwarded, 0, 0)
            if len(about) != 1:
                self._ask("mailbox", "Which mailbox's mail should be forwarded?")
                return True
            mailbox = next(iter(about.values()))
        if mailbox is None and any(m.pronoun == "person" and m.possessive for m in c.mentions):
            # "stop her mail forwarding" with no one "her" could be: whose mail is asked, never the
            # requester's own forwarding changed (nlu57)
            self._ask("mailbox", "Whose mail forwarding is meant? Name the person or the mailbox.")
            return True
        # ("stop forwarding careers to Maria": the mail forwarded is careers', not Maria's; the one it goes to
        # is whose forwarding ends only when nothing else is said forwarded)
        clearing_to = (
            said_to is not None and forwarding_action.FORWARDING.change(_unmodified(plain), "set") == "clear"
        )
        said_as = lx.FORWARDED_OBJECT if clearing_to else None
        unread_box = mailbox is None or (said_to is not None and clearing_to and mailbox.ref == said_to.ref)
        unknown = _unknown_forwarding_owner(c.text, said_as)
        if mailbox is None and unknown is None:
            # ("... forward careers to her for a month": the word forwarded is whose, set or stopped)
            unknown = _unknown_forwarding_owner(c.text, lx.FORWARDED_OBJECT)
        if unread_box and unknown is not None:
            # "stop zorbo forwarding", "forward zorbo mail to Tom": whose it is was said, by a name no one
            # has; asked (with the close matches), never the requester's own forwarding (nlu62)
            try:
                resolve(self.directory, unknown, requester=self.requester)
                said = f"{unknown!r} is no person or mailbox the request names."
            except ResolutionError as not_found:
                said = str(not_found)
            self._ask("mailbox", f"{said} {lx.UNKNOWN_MAIL_OWNER_ASK}")
            return True
        if forwarding_action.FORWARDING.change(_unmodified(plain), "set") == "clear":
            # "stop forwarding support": the mailbox whose forwarding ends. One said after "to" ("stop
            # forwarding mail to Tom") is where the mail goes, never whose it is: that is the one told back,
            # the requester's by a my/me, else asked (main cleared Tom's own forwarding, nlu72)
            if said_to is not None and said_to.before in lx.FORWARD_TARGET_INTRO:
                box = mailbox or self._unsaid_mail_owner([said_to], back=True)
            else:
                box = mailbox or said_to or self._unsaid_mail_owner([], back=True)
            lists = [m for m in c.mentions if m.is_group and not m.is_mailbox_resource]
            if box is None and lists:
                # "stop sending marketing@ mail to Tom": a list's mail goes to its members, so the stop may be
                # Tom taken off the list or someone's forwarding; which is asked (nlu72)
                self._ask("action", lx.LIST_MAIL_STOP_ASK.format(said=lists[0].surface or lists[0].ref))
                return True
            if box is None or (box.ref == "me" and self._forwarding_of_other()):
                # "Careers no longer needs its forwarding, please switch it off", "stop the external
                # forwarding" (no mailbox, no "my"): another's forwarding, or no one's said; asked, never the
                # requester's own cleared (batch 30; nlu63; red team 46)
                self._ask("mailbox", lx.FORWARDING_WHOSE_ASK)
                return True
            replaced = any(
                s.action == "email_forwarding_internal"
                and s.change == "set"
                and s.params["mailbox"] == box.ref
                for s in self.ctx.steps
            )
            if not (it and replaced):
                # ("forward billing@ to Christine, and stop forwarding it to Mike": the new target replaces)
                self._add("email_forwarding_internal", "clear", mailbox=box.ref)
            if said_to is None and not it and box is mailbox:
                # "cancel the forwarding on billing@ and on her mailbox": each mailbox named has its stop
                # (red team 75 planned billing@'s alone; her mail kept flowing)
                for other in self._distinct(filled.all("mailbox")):
                    if other.ref != box.ref:
                        self._add("email_forwarding_internal", "clear", mailbox=other.ref)
            return True
        target = filled.get("forward_to")
        targets = filled.all("forward_to")
        if (
            mailbox is not None
            and mailbox.is_person
            and not mailbox.is_mailbox_resource
            and not mailbox.possessive
            and lx.MAIL_FROM_SENDER.search(c.preceding(mailbox))
        ):
            # "forward mail from Ken to Ava": the mail Ken sends (an inbox rule) or all of Ken's mail? Asked;
            # never his whole mailbox forwarded on a reading of "from" (red team 46)
            who = mailbox.surface or mailbox.ref
            self._ask("mailbox", lx.MAIL_FROM_SENDER_ASK.format(who=who))
            return True
        if mailbox is None and target is not None and (mailbox := self._unsaid_mail_owner(targets)) is None:
            # "Ken asked me to forward mail to Ava", a ticket "Forward mail to Ava | Requested by Tom": whose
            # mail is not said, and the request does not say it is the requester's (red team 46)
            said = " or ".join(m.surface or m.ref for m in targets or [target])
            self._ask("mailbox", lx.FORWARDED_WHOSE_ASK.format(target=said))
            return True
        mailbox = mailbox or Mention("me", 0, 0)  # (no target: where the mail goes is asked below)
        if target is not None and len(targets) == 1:
            # "Forward my mail to Tom, and hand it over to Priya": two said as where it goes, the last
            # taken; which one is meant is asked (red team 31 planned Priya alone)
            targets = self._targets_said(c, mailbox, target)
        if len(targets) > 1:
            # a mailbox forwards to one address: which one is the person's choice, not the planner's
            named = " or ".join(m.ref for m in targets)
            self._ask(
                "forward_to",
                f"Mail can be forwarded to one address only: {named}?",
                [m.ref for m in targets],
                [m.surface or m.ref for m in targets],
            )
            self._unsure = True
            return True
        if target is None:
            self._ask("forward_to", f"Where should mail to {mailbox.ref} be forwarded?")
            return True
        owned = any(m.possessive and not m.pronoun and self._who(m) == self._who(target) for m in c.mentions)
        if self._who(target) == self._who(mailbox) or (filled.get("mailbox") is None and owned):
            # "Please forward the support box to me": a mailbox the reading missed, so the requester's own,
            # forwarded to the requester; a mailbox never forwards to itself, which one is asked
            # ("Forward Ken's mail to Ken" forwarded the requester's own mail to Ken)
            self._ask(
                "mailbox", f"Which mailbox's mail should be forwarded to {target.surface or target.ref}?"
            )
            return True
        keep = engine.modifier(forwarding_action.FORWARDING, "keep_copy").read(plain, c.tail)
        # "stop forwarding billing@ to Mike; forward it to Christine": the new target replaces the old one,
        # so stopping first is no part of the plan
        stopped = [
            i
            for i, s in enumerate(self.ctx.steps)
            if s.action == "email_forwarding_internal"
            and s.change == "clear"
            and s.params["mailbox"] == mailbox.ref
        ]
        self._clause_start -= sum(1 for i in stopped if i < self._clause_start)
        self.ctx.steps = [s for i, s in enumerate(self.ctx.steps) if i not in stopped]
        self._add(
            "email_forwarding_internal", "set", mailbox=mailbox.ref, forward_to=target.ref, keep_copy=keep
        )
        return True

    def _unsaid_mail_owner(self, targets: list[Mention], *, back: bool = False) -> Mention | None:
        """Whose mail a forwarding that names no mailbox is about, or None when that is to be asked.

        The person the request tells is away ("Tom is away, forward mail to Ava") or, for a forwarding that
        stops (`back`), is back ("Tom is back, stop the forwarding"), when they are the only one named besides
        where the mail goes; the requester only when the request speaks of them (I/me/my) and names no one
        else whose mail it could be. Never the requester's by default: an admin's "forward mail to Ava" under
        a ticket from Tom, or "stop the external forwarding", is someone's mail the request does not name
        (red team 46). ("Tom is away, stop the forwarding" may be the forwarding to Tom: asked.)"""
        skip = {self._who(t) for t in targets} | {self.requester.recipient_id}
        others: dict[str, Mention] = {}
        # (who is greeted or signs is no one whose mail it is: "Hi Grace, please forward ...")
        for m in [*self.mentions_of(self.text), *self.ctx.fielded]:
            if m.pronoun or m.ref == "me" or not (m.is_person or m.is_mailbox_resource):
                continue
            if m.before not in lx.ADDRESSED_BEFORE and (who := self._who(m)) not in skip:
                others.setdefault(who, m)
        # (the one away may be told in a reason cut from what was read: "..., Tom is on leave")
        written = self.mentions_of(self.written)
        away: dict[str, Mention] = {}
        for told in lx.MAIL_OWNER_TOLD.finditer(mask_mentions(self.written, written)):
            i = int(told.group("who") or told.group("whose"))
            if i >= len(written) or not written[i].is_person or (who := self._who(written[i])) in skip:
                continue
            if bool(told.group("back")) == back:
                away[who] = written[i]
            others.setdefault(who, written[i])
        if len(away) == 1 and others.keys() == away.keys():
            return next(iter(away.values()))
        if others or not lx.FIRST_PERSON.search(self.written):
            return None
        return Mention("me", 0, 0)

    def _forwarding_of_other(self) -> bool:
        """The request names or refers to a mailbox or person other than the requester, and says nothing of
        the requester's own ("its forwarding", "Careers ... switch it off"): a clear with no mailbox read is
        theirs, never the requester's."""
        if lx.FIRST_PERSON.search(self.text):
            return False
        others = (
            self.ctx.people
            + self.ctx.introduced
            + self.ctx.topic_mailboxes
            + self.ctx.kept_mailboxes
            + self.ctx.aside_mailboxes
            + self.ctx.named
        )
        return bool(lx.FORWARDING_OF_OTHER.search(self.text)) or any(m.ref != "me" for m in others)

    def _targets_said(self, c: _Clause, mailbox: Mention, target: Mention) -> list[Mention]:
        """Every mention said after a word that tells where mail goes ("to Tom", "over to Priya") that
        could be a forwarding target, in order; the one filled when no other is said."""
        said = [
            m
            for m in c.mentions
            if m.before in lx.FORWARD_TARGET_INTRO
            and not m.pronoun
            and m.ref not in (mailbox.ref, "me")
            and (m.is_person or m.is_mailbox_resource)
        ]
        distinct = list({m.ref: m for m in said}.values())
        return distinct if len(distinct) > 1 and target in distinct else [target]

    # ---- reads --------------------------------------------------------------------------------------

    def _holders_of_before(self, view: _View, filled: engine.Filled) -> list[tuple[str, dict[str, str]]]:
        """ "... And who else has it?": who holds the rights the clauses before give or take, on their
        mailboxes."""
        before = [s for s in self.ctx.steps if s.action in TIME_BOUND and s.params.get("mailbox")]
        rights = list(dict.fromkeys(s.action for s in before))
        boxes = self._distinct([Mention(str(s.params["mailbox"]), 0, 0) for s in before])
        if not rights:
            return []
        filled = replace(filled, slots={**filled.slots, "mailbox": boxes})
        return engine.answer(read_action.ANSWERS, view, filled, rights)

    def _read(self, c: _Clause, view: _View) -> bool:
        """The report a question gets: the first of reads.ANSWERS that applies (engine.answer)."""
        filled = self._fill(read_action.READ, c)
        about = self._distinct(self.ctx.kept_mailboxes + self.ctx.topic_mailboxes + self.ctx.aside_mailboxes)
        if not about:
            # "Who has full access to support? And who can send as it?": the mailbox asked about before
            asked = [str(s.params["mailbox"]) for s in self.ctx.steps if s.params.get("mailbox")]
            about = self._distinct([Mention(ref, 0, 0) for ref in asked])
        unnamed = not any(filled.all(k) for k in ("mailbox", "group", "person"))
        if unnamed and lx.IT_OBJECT.search(c.plain) and len(about) == 1:
            # "Maria, who owns the HR mailbox, wants to know who can send as it": the one mailbox named
            filled = replace(filled, slots={**filled.slots, "mailbox": about[:1]})
        planned = engine.answer(read_action.ANSWERS, view, filled, view.rights)
        if any(action == "list_group_members" for action, _ in planned) and self._membership_unasked(c):
            return True
        reported = {
            self._id(str(s.params["trustee"]))
            for s in self.ctx.steps
            if s.action == "delegation_report" and s.params.get("trustee") and not s.params.get("mailbox")
        }
        if reported and not lx.WHY_QUESTION.search(c.plain):
            # "a delegation report for myself? I want to know which mailboxes I can open": the report asked
            # for already answers it; the purpose restated is no second report
            said, planned = planned, _without_whole_reports_of(planned, reported, self._id)
            if said and not planned:
                return True
        why_asked = {
            self._id(str(s.params["person"]))
            for s in self.ctx.steps
            if s.action == "access_report"
            and s.params.get("person")
            and (s.params.get("group") or s.params.get("mailbox"))
        }
        if (
            why_asked
            and lx.WHY_QUESTION.search(c.plain)
            and not filled.all("mailbox")
            and not filled.all("group")
        ):
            # "how come i'm a member of all-sales? who added me": the same question asked again of the same
            # person; the report on what was named answers it, never a second one of all they hold (nlu123)
            said, planned = planned, _without_whole_reports_of(planned, why_asked, self._id)
            if said and not planned:
                return True
        if not planned and unnamed and not view.rights and lx.HOLDS_IT.search(c.plain.lower()):
            planned = self._holders_of_before(view, filled)
        reach_asked = [
            s
            for s in self.ctx.steps
            if s.action == "access_report" and set(s.params) == {"person"} and s.params.get("person")
        ]
        if (
            unnamed
            and planned == [("delegation_report", {})]
            and len(reach_asked) == 1
            and lx.DELEGATION_REPORT_ALONE.search(c.plain)
        ):
            # "What mailboxes can Sarah get into? Delegation report please": the report goes on with the one
            # person just asked about and answers that question too (nlu115; never the whole tenant's)
            self.ctx.steps = [s for s in self.ctx.steps if s is not reach_asked[0]]
            planned = [("delegation_report", {"trustee": reach_asked[0].params["person"]})]
        reports_asked = [
            s
            for s in self.ctx.steps
            if s.action in ("access_report", "delegation_report")
            and any(s.params.get(k) for k in ("person", "mailbox", "group", "trustee"))
        ]
        if (
            unnamed
            and planned == [("delegation_report", {})]
            and len(reports_asked) == 1
            and lx.NLU155_ACCESS_REPORT_ALONE.search(c.plain)
        ):
            # "Who has access to the Careers mailbox and why? Access report please": the report before answers
            # it; never a second one of the whole tenant (nlu155, batch 50)
            return True
        one_unknown = (
            unnamed
            and view.rights
            and lx.WHO.search(c.plain.lower())
            and lx.UNKNOWN_MAILBOX_SAID.search(c.text)
        )
        if one_unknown and all(action == "list_shared_mailboxes" for action, _ in planned):
            # "who can send on behalf of the Procurement shared mailbox?": who holds a right on one mailbox
            # (said singular), never the inventory of shared mailboxes the words "shared mailbox" ask for
            planned = []
        if not planned and one_unknown:
            # "Who has send as on the Procurement mailbox?": the holders of a mailbox no recipient is
            self._ask("mailbox", lx.UNKNOWN_MAILBOX_ASK)
            return True
        for action, params in planned:
            self._add(action, "read", **params)
        return bool(planned)


_LIST_KINDS = frozenset(
    {RecipientKind.DISTRIBUTION_LIST, RecipientKind.M365_GROUP, RecipientKind.MAIL_ENABLED_SECURITY}
)


def _list_with_extra_word(text: str, directory: Directory, requester: Recipient) -> str | Draft:
    """A list's name said with a word in front (lexicon.NLU94_LIST_EXTRA_WORD): when the words together are
    another list's name ("External Contractors", external-contractors@), that list's address in their place;
    when they are no recipient's ("Old Contractors"), the [group] question; else `text` as it was."""
    for said in reversed(list(lx.NLU94_LIST_EXTRA_WORD.finditer(text))):
        try:
            listed = resolve(directory, said.group("name"), requester=requester)
        except ResolutionError:
            continue
        if listed.kind not in _LIST_KINDS:
            continue
        try:
            whole = resolve(directory, said.group("whole"), requester=requester)
        except AmbiguousRecipient:
            continue
        except ResolutionError:
            whole = None
        if whole is None:
            return negation.ask_scope(
                lx.NLU94_LIST_EXTRA_WORD_ASK.format(whole=said.group("whole"), list=listed.display_name),
                "group",
            )
        if (
            whole.kind in _LIST_KINDS
            and whole.primary_address.casefold() != listed.primary_address.casefold()
        ):
            text = text[: said.start("whole")] + whole.primary_address + text[said.end("whole") :]
    return text


def _named_address_differs(text: str, directory: Directory, requester: Recipient) -> Draft | None:
    """The question when a name is said with another recipient's address in angle brackets ("Sales
    <billing@acme.com>", lexicon.NLU94_NAMED_ADDRESS); None when each name is its address's or no one's."""
    for said in lx.NLU94_NAMED_ADDRESS.finditer(text):
        try:
            found = resolve(directory, said.group("address"), requester=requester)
        except ResolutionError:
            continue
        address = found.primary_address
        # (the question is on the part the address would fill: whom for a person's, which list, which mailbox)
        about = (
            "trustee" if found.kind in PERSON_KINDS else "group" if found.kind in _LIST_KINDS else "mailbox"
        )
        words = said.group("name").split()
        for n in range(len(words)):
            try:
                named = resolve(directory, " ".join(words[n:]), requester=requester)
            except AmbiguousRecipient:
                break  # (a name shared by several: whose is the address, it says)
            except ResolutionError:
                continue
            if named.primary_address.casefold() != address.casefold():
                return negation.ask_scope(
                    lx.NLU94_NAMED_ADDRESS_ASK.format(
                        name=" ".join(words[n:]), address=said.group("address")
                    ),
                    about,
                )
            break
    return None


def _signed_off(text: str, directory: Directory, requester: Recipient) -> str:
    """`text` without a sign-off by name alone (lexicon.NLU94_SIGN_OFF_LINE, NLU94_SIGN_OFF_DASH; red team
    59): a person's name on the last line, or after a dash at the end, under a request said in full is who
    wrote it. Kept when the line before is left open ("... to\nEmma"), is itself a name (names listed a line
    each) or the name is no person's (a mailbox or list said on a line of its own is part of the request)."""
    text = _signature_block(text, directory, requester)
    for sign in (
        lx.NLU94_SIGN_OFF_LINE,
        lx.NLU94_SIGN_OFF_DASH,
        lx.NLU97_SIGN_OFF_LINE,
        lx.NLU97_SIGN_OFF_MARK,
    ):
        found = sign.search(text)
        if found is None:
            continue
        before = text[: found.start()].rstrip()
        last = before.rsplit("\n", 1)[-1]
        if (
            not before
            or lx.NLU94_SIGN_OFF_OPEN_BEFORE.search(before)
            or lx.NLU94_NAME_ONLY_LINE.fullmatch(last)
            or _items_under_colon(before)
        ):
            continue
        if _whose(found.group("who").strip(" .-"), directory, requester):  # someone's name ("" is no one's)
            return before
    return text


def _dash_signed_off(text: str, directory: Directory, requester: Recipient) -> str | Draft:
    """`text` without a "- Name - Title" tail that signs a request said in full off (lexicon
    NLU126_DASH_NAME_TITLE; red team 70 granted Priya and sales@ for "... to all-sales - Priya Patel - VP
    Sales"): a title with a job's word is cut with the name; one that is only a team or a mailbox's name
    ("- Mike Smith - Finance") may be one more change for that person, and is asked."""
    found = lx.NLU126_DASH_NAME_TITLE.search(text)
    if found is None:
        return text
    title = found.group("title").strip()
    before = text[: found.start()].rstrip()
    if (
        lx.NLU126_TITLE_CHANGE_WORDS.search(title)
        or not lx.CHANGE_VERB_SAID.search(before.lower())
        or lx.NLU94_SIGN_OFF_OPEN_BEFORE.search(before)
    ):
        return text
    who = found.group("who").strip()
    if _whose(who, directory, requester) != "person":
        return text
    if lx.NLU126_TITLE_WORD.search(title):
        return (before + "." + text[found.end() :]) if text[found.end() :].strip() else before
    return negation.ask_scope(lx.NLU126_DASH_TITLE_TEAM_ASK.format(who=who, title=title), about="trustee")


def _colon_list_items(text: str) -> str:
    """`text` with the items of a list a line ending in a colon opened, one a line and each an item alone
    (lexicon LINE_LIST_ITEM: a name, an address), parted by commas as a sentence parts them: "Add to
    all-sales:\nTom Becker\nLiam Brown" run together as "Tom Becker Liam Brown" was no one, and the change
    was asked (red team 66). A list with a line saying more of its item ("- Noah Davis (on hold)") is left."""
    lines = text.split("\n")
    for n, line in enumerate(lines[:-1]):
        if not line.rstrip().endswith(":"):
            continue
        run = list(itertools.takewhile(str.strip, lines[n + 1 :]))
        if len(run) < 2 or not all(lx.LINE_LIST_ITEM.match(item) for item in run):
            continue
        items = [lx.LINE_LIST_BULLET.sub("", item).rstrip(" ,;") for item in run]
        said = [f"{item}," for item in items[:-1]] + items[-1:]
        rest = lines[n + 1 + len(run) :]
        return "\n".join([*lines[: n + 1], *said, *([_colon_list_items("\n".join(rest))] if rest else [])])
    return text


def _items_under_colon(text: str) -> bool:
    """Whether `text` ends in the items of a list a line ending in a colon opened, one a line ("Add to
    all-sales:\nliam.brown@acme.com"): a name on the next line is one more item, no signature (nlu111)."""
    lines = [line for line in text.split("\n") if line.strip()]
    items = 0
    while lines and lx.LINE_LIST_ITEM.match(lines[-1]):
        lines.pop()
        items += 1
    return items > 0 and bool(lines) and lines[-1].rstrip().endswith(":")


def _signer_not_sender(text: str, directory: Directory, requester: Recipient) -> str | None:
    """The name a request in the first person is signed with, when it is a person other than the sender
    (lexicon NLU101_SIGN_OFF_WORD_LINE, NLU101_SIGNATURE_NAME_LINE): "Give me full access to Sales.\n\n
    Thanks,\nTom Becker" sent by Grace. None when it is signed by the sender, by no one, or unsigned."""
    lines = text.rstrip().split("\n")
    if lines and (behalf := lx.NLU107_ON_BEHALF_LINE.fullmatch(lines[-1])) and len(lines) > 1:
        # ("Give me full access to Billing.\n\nSent on behalf of Chris Lee": Chris's words, sent by another)
        who = behalf.group("who").strip(" .-")
        if lx.FIRST_PERSON.search("\n".join(lines[:-1])) and _whose(who, directory, requester) == "person":
            return who
    for sign in (lx.NLU94_SIGN_OFF_DASH, lx.NLU97_SIGN_OFF_MARK):
        # ("I need full access to Finance please. — Tom Becker": signed at the end of its own line; nlu111)
        if (dashed := sign.search(lines[-1])) is None or not lines[-1][: dashed.start()].strip():
            continue
        said = "\n".join([*lines[:-1], lines[-1][: dashed.start()]])
        who = dashed.group("who").strip(" .-")
        if (
            not lx.NLU94_SIGN_OFF_OPEN_BEFORE.search(said.rstrip())
            and lx.NLU105_FIRST_PERSON_GIVEN.search(said)
            and _whose(who, directory, requester) == "person"
        ):
            return who
    details: list[str] = []
    while lines and (not lines[-1].strip() or lx.NLU101_SIGNATURE_DETAIL_LINE.fullmatch(lines[-1])):
        details.append(lines.pop())
    # (the blank lines above the signature's first line are popped after it: its first line is the last
    # one popped that holds words, "I need ...\n\nTom Becker | Sales" as much as "--\nPriya Patel | Finance")
    top = next((i for i in range(len(details) - 1, -1, -1) if details[i].strip()), None)
    barred = lx.NLU107_BARRED_NAME_LINE.fullmatch(details[top]) if top is not None else None
    if top is not None and barred and _whose(barred.group("who").strip(" .-"), directory, requester):
        # (straight under the request with no blank line, the bar still sets it apart as a signature)
        lines.extend(details[top + 1 :] or [""])
        lines.append(barred.group("who"))  # ("Priya Patel | Finance": the name, its title beside it)
        del details[top:]
    if len(lines) < 3:
        return None
    named = lx.NLU101_SIGNATURE_NAME_LINE.fullmatch(lines[-1])
    # (a quoted line's "me" is the quoted writer's: "> OK by me, go ahead")
    # (nor is a mail client's sign-off line's: "Sent from my iPhone")
    own = "\n".join(
        line
        for line in lines[:-2]
        if not line.lstrip().startswith(">") and not lx.PASTED_SIGN_OFF.match(line)
    )
    if named is None or not lx.NLU105_FIRST_PERSON_GIVEN.search(own):
        return None
    signed = (
        lx.NLU101_SIGN_OFF_WORD_LINE.fullmatch(lines[-2])
        or lx.NLU107_SIGNATURE_DASHES.fullmatch(lines[-2])
        # (a name under a blank line with a title under it or beside it: a signature block, nlu107; or
        # beside a bar, or set off by a dash before it, "— Tom Becker": nlu111, red team 66)
        or (
            not lines[-2].strip()
            and (
                named.group("role")
                or any(d.strip() for d in details)
                or barred is not None
                or lx.NLU111_NAME_MARKED_AS_SIGNER.match(lines[-1])
            )
        )
    )
    if not signed:
        return None
    who = named.group("who").strip(" .-")
    return who if _whose(who, directory, requester) == "person" else None


def _title_after_name(text: str, directory: Directory, requester: Recipient) -> str | Draft:
    """`text` without a person's title set after their name at its end or between commas (lexicon
    NLU107_TITLE_AFTER_NAME): "... to Chris Lee, Head of Sales." is Chris, never Sales too (red team 65). A
    team said there is asked."""
    stripped = text.rstrip()
    at = 0
    while (found := lx.NLU107_TITLE_AFTER_NAME.search(stripped, at)) is not None:
        # (looked for again past a "name" that is none: in "... to Finance - Chris Lee - Head of Sales", a
        # sign-off on the request's line, "Finance" was taken for the name and Chris's title never read;
        # red team 68 granted Sales)
        at = found.start("sep") + 1
        # (the capitalised words before the comma may begin with the request's own first word: "Give Chris
        # Lee, Head of Sales, ..." names Chris Lee; red team 66 asked its action)
        words = found.group("who").split()
        who = next(
            (
                " ".join(words[i:])
                for i in range(len(words))
                if _a_person(" ".join(words[i:]), directory, requester)
            ),
            None,
        )
        if who is None:
            continue
        title = found.group("title").strip()
        if lx.NLU107_TEAM_TITLE.match(title):
            return negation.ask_scope(lx.NLU107_TEAM_TITLE_ASK.format(who=who, title=title), about="trustee")
        end = "" if found.group("end").strip(" \t.!") else "."
        return _title_after_name(
            stripped[: found.end("who") - len(who)] + who + end + stripped[found.end() :],
            directory,
            requester,
        )
    return text


def _a_person(said: str, directory: Directory, requester: Recipient) -> bool:
    """Whether `said` names a person, the requester included."""
    kind = _whose(said.strip(" .-"), directory, requester)
    return not (kind != "person" and kind != "requester")


def _signature_block(text: str, directory: Directory, requester: Recipient) -> str:
    """`text` without the signature block at its end (lexicon NLU101_SIGNATURE_NAME_LINE,
    NLU101_SIGNATURE_DETAIL_LINE; red team 61): a person's name on a line with only a signature's lines under
    it (a title, a phone number, an address), or with a role after it, is who wrote or approved the request,
    whatever its title names. Kept, as _signed_off keeps a name, when the request before it is left open or
    the line before is a name too (names listed a line each), unless the name's own role sets it apart."""
    lines = text.split("\n")
    end = len(lines)
    details = 0
    while end > 1 and (
        not lines[end - 1].strip() or lx.NLU101_SIGNATURE_DETAIL_LINE.fullmatch(lines[end - 1])
    ):
        details += bool(lines[end - 1].strip())
        end -= 1
    named = lx.NLU101_SIGNATURE_NAME_LINE.fullmatch(lines[end - 1]) if end > 1 else None
    if named is None or not (details or named.group("role")):
        return text
    before = "\n".join(lines[: end - 1]).rstrip()
    last = before.rsplit("\n", 1)[-1]
    if not before:
        return text
    if lx.NLU94_SIGN_OFF_OPEN_BEFORE.search(before) or (
        lx.NLU94_NAME_ONLY_LINE.fullmatch(last) and not named.group("role")
    ):
        # "Give full access to Billing for\n\nTom Becker\nFinance Team": the name is whom the request is for,
        # and the lines under it are still its signature's (a title, the company's site): never one more
        # recipient, nor a mailbox or group the title names (red team 65 granted the Finance Team group)
        if before.endswith(":") and all(
            lx.NLU111_ADDRESS_ITEM_LINE.fullmatch(line) for line in lines[end:] if line.strip()
        ):
            # ("Add the following to all-sales:\nTom Becker\nliam.brown@acme.com": a list a colon opened,
            # its items a name and an address; cut as the name's signature, Liam was left out unasked)
            return text
        return "\n".join(lines[:end]) if details else text
    return before if _whose(named.group("who").strip(" .-"), directory, requester) else text


def _ticket_update(text: str) -> str | Draft:
    """A ticket's update, comment or status line under the request (lexicon.TICKET_UPDATE_LINE; red team 52
    granted through "Status: cancelled"): one saying the request is cancelled, on hold, withdrawn or a
    duplicate plans nothing; one that corrects it ("Update: not send as, send on behalf") is read as a
    correction. Said above the request ("Status: cancelled\nGive Tom ..."), a status tells the same."""
    for line in lx.TICKET_UPDATE_LINE.finditer(text):
        if not (text[: line.start()] + text[line.end() :]).strip(" \t\n-–—=_>"):
            continue  # (the line alone is no request)
        body = line.group("body").strip()
        if lx.TICKET_HALTED.fullmatch(body):
            # (as a form whose status says it was refused: not understood, with why)
            return _not_understood(text, lx.TICKET_HALTED_SAID.format(said=line.group(0).strip(" \t>")))
        if lx.TICKET_CORRECTING_KEY.match(line.group("key")) and (
            # ("... please give me send as instead": a change of the comment's writer, read as theirs)
            lx.TICKET_CORRECTS.match(body)
            or (lx.NLU87_CORRECTS_INSTEAD.search(body) and not lx.FIRST_PERSON.search(body))
        ):
            # (a "---" rule above it only parts the ticket's entries: the correction follows the request)
            before = re.sub(r"\n[ \t]*[-=_–—]{3,}[ \t]*\n?$", "\n", text[: line.start()])
            text = before + "Correction: " + body + text[line.end() :]
            return _ticket_update(text)
    return text


def _without_whole_reports_of(
    planned: list[tuple[str, dict[str, Any]]], people: set[str], id_of: Callable[[str], str]
) -> list[tuple[str, dict[str, Any]]]:
    """`planned` without the access reports of all that one of `people` holds (no mailbox or group named):
    a report already asked answers them (nlu123)."""
    return [
        (action, params)
        for action, params in planned
        if not (
            action == "access_report"
            and not params.get("mailbox")
            and not params.get("group")
            and id_of(str(params.get("person"))) in people
        )
    ]
