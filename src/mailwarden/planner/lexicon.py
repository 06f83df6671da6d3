"""The words people use for mailwarden's actions, as data: verbs, permissions, access levels, cues.

Each entry is a regular expression fragment matched on lower-cased text with word boundaries. The rules
planner (rules.py) reads only these tables, so teaching it a new way of saying something is a one-line
change here, not a new branch in the parser.
"""

from __future__ import annotations

import re
from typing import Final

from mailwarden.planner.lazy_pattern import LazyPattern

__all__ = [
    "CALENDAR",
    "CLAUSE_STARTERS",
    "COMMON_WORDS",
    "CREATE",
    "DELETE",
    "DETAILS",
    "DROP_COPY",
    "DROP_OLD",
    "FORWARDING",
    "INJECTION",
    "INVENTORY_ALONE",
    "INVENTORY_LIST_ALONE",
    "KEEP_COPY",
    "KIND_NOUNS",
    "LIST_LISTS",
    "LIST_SHARED",
    "MEMBERS_READ",
    "NAME_INTRO",
    "PERMISSIONS",
    "POLITE",
    "PRIMARY_ADDRESS",
    "READ_START",
    "REVOKE",
    "WHY_QUESTION",
    "compile_words",
]


def compile_words(*fragments: str) -> LazyPattern:
    """One pattern matching any fragment as whole words (compiled on first use: planner/lazy_pattern.py)."""
    return LazyPattern(r"(?<![\w@.-])(?:" + "|".join(fragments) + r")(?![\w@-])")


def _words(text: str) -> list[str]:
    """A word list written as text, one string per word."""
    return text.split()


def one_of(words: frozenset[str]) -> str:
    """A regular expression alternation of the words (or phrases), as written: the longest first, so that
    "set up" is read whole where "set" would also do."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


# ---- the verb lists every cue below is built from (one definition each) ------------------------------------
# The everyday verbs of a change: after "but" or "and" they start a request of their own ("..., but give him
# send as"), and a negation before them rules out a change ("don't give ...").
CORE_CHANGE_VERBS: Final = frozenset(
    _words("add remove give grant take put revoke share forward delete create make set let allow move drop")
)
# Every verb of a change asked for outright: a sentence that starts with one tells what to change.
CHANGE_VERBS: Final = CORE_CHANGE_VERBS | frozenset(
    _words(
        """
        unshare stop change kick include subscribe unsubscribe rename update switch turn disable cancel enable
        assign provide strip delegate retire clear setup withdraw enroll enrol archive replace swap transfer
        migrate redirect unforward yank nuke kill scrap rip
        """
    )
)
# Asking about something ("Maria asked whether ...", "Tom wondered if ...").
ASKING_VERBS: Final = frozenset(_words("asked asks asking wondered wonders wondering")) | {
    "wants to know",
    "would like to know",
}
# Passing on what someone said ("Tom said ...", "Sarah mentioned ...").
SAYING_VERBS: Final = frozenset(_words("said says told tells mentioned suggested suggests"))
REQUESTING_VERBS: Final = frozenset(_words("requested requests"))
# Verbs of speech: whoever is their subject is the one asking, never the one a change is for.
SPEECH_VERBS: Final = ASKING_VERBS | SAYING_VERBS | REQUESTING_VERBS
# Holding an opinion ("Ava thinks he should have send as ..."): said of a third person and followed by a
# clause, the thinker is only whose view it is, as a speaker is; a he/she subject of that clause may be anyone
# (the thinker or someone else: the directory has no genders), so it is asked, never read as the thinker
# (nlu124). Only before a clause: "Ava feels left out, add her" is no view passed on.
THINKING_VERBS: Final = frozenset(
    _words("thinks thought believes believed feels felt reckons reckoned suspects figures guesses supposes")
)
# Getting in touch ("Tom emailed ...", "Ava rang ..."): a speech verb only at the start of what the one asking
# did (after a name: "a list called X" is not speech)
CONTACTING_VERBS: Final = frozenset(_words("emailed e-mailed pinged messaged called rang")) | {"reached out"}
# Vouching for what someone else is to have ("Mike Smith confirmed she should have full access"): before a
# he/she (or a name) and a modal, the one confirming is a speaker, never whom the change is for (nlu155)
NLU155_ATTESTING_VERBS: Final = frozenset(
    _words("confirmed confirms agreed agrees verified verifies approved approves okayed")
)


# Mailbox permissions, by action id. Order matters: the longer phrase wins where they overlap.
PERMISSIONS: Final[dict[str, LazyPattern]] = {
    "send_on_behalf": compile_words(
        r"send[- ]on[- ]behalf(?: of)?",
        # ("send emails on my behalf": the right, the mailbox the one whose behalf it is)
        r"send (?:(?:e-?mails?|mail|messages|replies)\s+)?on (?:their|his|her|its|my|our) behalf",
        # ("send meeting invitations and emails on my behalf": what is sent, said as two things, batch 19)
        r"send (?:(?:meeting )?(?:invit\w+|invites|requests|e-?mails?|mail|messages|replies)"
        r"(?: (?:and|&|or) (?:meeting )?(?:invit\w+|invites|requests|e-?mails?|mail|messages|replies))?\s+)"
        r"on (?:their|his|her|its|my|our) behalf",
        # ("On behalf of Sam Taylor - he needs full access ...", "Writing on behalf of Sam: ...": opening a
        # request, "on behalf of" and a name (blanked) names whom it is for, never the right; nlu52)
        r"(?!(?:(?<=^)|(?<=^writing )|(?<=^asking )|(?<=^emailing )|(?<=^messaging )|(?<=^i'm writing )"
        r"|(?<=^i am writing )|(?<=^this is ))on[- ]behalf of\s*(?:[-–—:,;.]|$))"
        # ("On behalf of the auditors (Mike Smith approved): who has ...": whom it is for said as a group, in
        # up to three words before the clause ends; nlu90, batch 37 read a report of every right)
        r"(?!(?<=^)on[- ]behalf of (?:(?:the|our|my|an?)\s+)?[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2}"
        r"\s*[-–—:,;(])"
        # ("Emma needs to reply from support@ on behalf of the team": for whom she writes, said of a team or
        # "us", never the right by itself; red team 52 granted Send on Behalf next to the Send As asked)
        r"(?!on[- ]behalf of (?:the (?:whole |entire )?(?:team|company|department|dept|business|group|org"
        r"|organi[sz]ation|firm)|(?:our|their|the) (?:team|customers|clients)|us|them|everyone|all of us)\b)"
        r"on[- ]behalf(?: of)?",
        r"sob",
        r"sendonbehalf",
        r"send on behalf rights?",
    ),
    "send_as": compile_words(
        r"send[- ]?as",
        r"sending as",
        r"sends as",
        r"send email as",
        r"send mail as",
        r"send emails as",
        r"send messages as",
        # ("needs to send quotes as sales@acme.com": what is sent, named, then the mailbox it is sent as;
        # only before an address or a mailbox said as one; nlu163)
        r"send (?:quotes|invoices|offers|proposals|newsletters|announcements|updates|replies|invites|"
        r"invitations|notices|statements|receipts|campaigns|mailings|confirmations|letters) as"
        # (the mailbox said, masked, or left out of the words read: "send quotes as" then the end, a comma or
        # a word that starts what follows the mailbox; never "send invoices as PDFs")
        r"(?=\s+(?:[\w.+-]+@|§\d+§|the\s+(?:\w+\s+){0,2}?(?:mailbox|inbox)\b)"
        r"|\s*(?:$|[,.;:!?)]|(?:for|from|on|until|till|to|and|so|when|while|during|please|pls)\b))",
        r"reply as",
        r"send from",
        r"send (?:e-?mails?|mail|messages|replies) from",
        r"reply from",
        r"respond as",
        r"sendas",
    ),
}

_REVIEWER_WORDS: Final = (
    r"read[- ]?only",
    r"reviewer",
    # "... with Mia, Lucas and Ethan as reviewers": the level, said of each of them (nlu57)
    r"reviewers",
    r"review",
    r"view(?: only)?",
    r"view all details",
    r"all details",
    r"full details",
    r"read",
    r"look at",
)
# Calendar access levels (DESIGN §4): what people say -> the level (editor: in LEVEL_PATTERNS).
_ACCESS_LEVELS: Final[tuple[tuple[str, LazyPattern], ...]] = (
    (
        "availability_only",
        compile_words(
            r"free[/ -]?busy",
            r"free (?:or|and) busy",
            r"availability(?: only)?",
            r"only (?:see )?(?:when|whether) (?:i ?'?m|she'?s|he'?s|they'?re|\w+ is) (?:free|busy|available)",
            # "when I'm free" (read with "I" apart from "'m"), "when Sarah is free" (the name blanked)
            r"(?:when|whether|if) (?:i ?'?m|i am|she'?s|he'?s|they'?re|(?:\w+ )?(?:is|are)) "
            r"(?:free|busy|available)",
            # "... so Lucas can see when I'm free": read in the clause's tail with its names blanked, the
            # subject gone ("when  'm free"); still only when, never the reviewer "see" names (nlu102)
            r"(?:when|whether|if)\s+(?:'m|'re|'s|am|is|are)\s+(?:free|busy|available)",
            r"busy times?",
            r"free times?",
        ),
    ),
    (
        "limited_details",
        compile_words(
            r"limited(?: details)?",
            r"titles? and locations?",
            r"subjects? and locations?",
            r"subject and location",
            r"limited view",
            r"some details",
        ),
    ),
    (
        "reviewer",
        compile_words(*_REVIEWER_WORDS, r"see"),
    ),
)
# "let Chris see Sarah's calendar": seeing alone names no level (free/busy, limited details and reviewer are
# all seen); two blind writers (batches 40, 42) asked how much. A share whose only level word is "see" is one
# with no level stated (asked, rules._level_unstated), unless another word caps or names it ("but not edit")
REVIEWER_NAMED: Final = compile_words(*_REVIEWER_WORDS)
SEEING_LEVEL: Final = "reviewer"  # (the level "see" was read as, before it named none)

CALENDAR: Final = compile_words(
    r"calendars?",
    r"diary",
    r"diaries",
    r"schedule",
    r"free[/ -]?busy",
    r"free (?:or|and) busy",
    r"availability",
    r"appointments",
    # "see Olivia's meetings", "view my manager's events": whose meetings, to see, are their calendar (bare
    # "meetings" is not, nor "... so he can change her meetings", which says how)
    r"(?:see|view|read|open|look at)\s+§\d+\s+(?:meetings|events)",
    r"when (?:i'?m|i am|§\d+'m|§\d+ am|§\d+ is|\w+ is) (?:free|busy|available)",
)
# "calender - boardroom -> ava johnson, reviewer", "calendar olivia martin => tom (editor)": a calendar
# shorthand, the thing then its owner then whom it goes to (the arrow is read as "to": ARROW); the one named
# before the arrow is the owner, never one more grantee
CALENDAR_ARROW_OWNER: Final = LazyPattern(
    r"^\s*(?:(?:share|shared|sharing)\s+)?(?:the\s+)?(?:calendars?|diary|cals?)\s*(?:[-\u2013:]+\s*)?"
    r"§(?P<owner>\d+)§?\s+to\s+§\d+"
)
# "editor on my cal": the short word for a calendar, only after whose it is (alone "cal" may be a name);
# "free busy on david chens cal": a name's possessive typed without its apostrophe is whose it is too (nlu57),
# never a short word that only ends in s ("this cal", "thanks cal", "pls cal")
SHORT_CALENDAR: Final = LazyPattern(
    r"\b(?P<whose>my|your|his|her|their|our|[a-z]+['’]s|[a-z]+s['’]|"
    r"(?!(?:this|is|was|as|us|has|does|yes|thanks|thx|plus|pls|plz|always|access|rights|perms|permissions)\s)"
    r"[a-z]{2,}s)\s+cals?\b(?![@.]\w)",
    re.IGNORECASE,
)
# "share boardroom cal w/ tom becker": "cal" as what is shared, after the one or two words naming whose it is,
# is the calendar too (never a word a share is made with or to: "share my calendar with cal"; nlu135)
NLU135_SHARED_CAL: Final = LazyPattern(
    r"\b(?P<lead>(?:share|sharing|shared|unshare)\s+(?:the\s+)?"
    r"(?:(?!(?:with|w/|to|and|for|from|calendar|diary|cals?)(?:\s|$))[\w.'’-]+\s+){1,2})cals?\b(?![@.'’]\w)",
    re.IGNORECASE,
)
# "Noah Davis goes on all-sales", "Ava goes into the Marketing dl": the one named joins the list, read as
# "joins" (nlu57); never an absence ("goes on leave"), a trip, nor mail going somewhere ("on to Tom")
_LIST_OBJECT_AHEAD = (
    r"(?=(?:the\s+)?(?:[A-Z]|[\w.+-]+@|[a-z]+-[a-z]+|[\w-]+\s+(?:list|dl|group|distribution)\b))"
    r"(?!(?:the\s+)?(?:Leave|Holiday|Vacation|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
)
GOES_ON_LIST: Final = LazyPattern(
    r"(?<=[A-Za-z])\s+(?:goes|go)\s+(?:on|onto|in|into)\s+" + _LIST_OBJECT_AHEAD
)
GOES_ON_LIST_SAY: Final = " joins "
# "leave him off All Hands", "leave Noah out of the marketing dl": he is not to be added there, said as "keep
# him off" (a step of no kind; "leave him off" had been read as taking him off it; nlu57). "leave him out of
# it / off the list" stays the retraction it is (RETRACTION)
LEAVE_OFF_LIST: Final = LazyPattern(
    r"\bleave\s+(?P<who>him|her|them|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+(?P<off>off|out\s+of)\s+"
    + _LIST_OBJECT_AHEAD
)
LEAVE_OFF_LIST_SAY: Final = r"keep \g<who> \g<off> "
# "Leave Jane off Marketing", "leave ava off my calendar but share it with Tom" said first, before any
# change: "don't add her" or "take her off"? Asked, never a ready removal (red team 41 found it removing her;
# nlu60). After another change it stays "keep off" (LEAVE_OFF_LIST: no step)
LEAVE_OFF_OPENING: Final = LazyPattern(
    r"^\W*(?:(?:please|just|so|and|ok|okay|hi|hey)\s*,?\s+)*leave\s+(?P<who>[\w.@'-]+(?:\s+[\w.@'-]+)?)\s+"
    r"(?P<off>off|out\s+of)\s+(?P<what>[^,;.!?]+?)\s*(?=[,;.!?]|\s(?:but|and)\b|$)",
    re.IGNORECASE,
)
LEAVE_OFF_OPENING_ASK: Final = (
    "{said!r}: should {who} be taken off {what}, or only not be added? Say it again as "
    '"remove {who} from {what}" if that is what you mean.'
)
# a change asked after a clause told in the past, joined to it ("... so add him back", ", put her back")
_NLU92_ASKED_AFTER = (
    r"(?:\b(?:so|and|then|but|please|pls)|,)\s+(?:(?:can|could|would)\s+you\s+)?(?:please\s+|pls\s+)?"
    r"(?:add|re-?add|put|give|grant|restore|reinstate|bring|remove|take|let|make|set)\b"
)
# "Remove Tom from Marketing - Ava was removed last week.", "... - Ava lost hers too.": a clause in the past
# about someone else tells what happened, never a change asked (red team 41 found Ava removed too; nlu60)
PAST_LOSS_ASIDE: Final = LazyPattern(
    r"(?:\s[-\u2013\u2014]|[;.])\s*(?!(?:he|she|they|it|i|we|you)\b)(?P<who>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+"
    r"(?:(?:was|were|got|has\s+been|had\s+been|already\s+got|was\s+already)\s+(?:removed|taken\s+off|dropped|"
    r"revoked|kicked\s+off|cut)|(?:already\s+)?lost\s+(?:hers|his|theirs|it|hers\s+too|access|theirs\s+too))"
    # (the past ends where a change is asked after it: "Tom was removed by mistake so add him back" asks
    # the add-back; red team 57 P5 lost it with the story)
    r"\b(?:(?!" + _NLU92_ASKED_AFTER + r")[^.;!?\n])*[.!]?\s*$"
)
# "Delete the Contractors list, everyone on it has moved to Engineering": where people have moved, told
# after a comma or dash, is the reason for the change asked, never a move of a list's members (batch 55 read
# six membership changes and dropped the delete; nlu167). A change asked after it ("..., so move them over")
# keeps the whole clause as said.
NLU167_MOVED_TOLD: Final = LazyPattern(
    r"(?:,|\s[-\u2013\u2014]|;)\s*(?:(?:as|since|because|coz|cos)\s+)?"
    # (never the writer's own move, "..., I've just moved to the sales team and ...": what they need is read)
    r"(?!(?:i|we)\b)(?:(?:[\w.@'-]+\s+){1,5}?(?:has|have|had|were|was)|[\w-]+(?:'ve|'s|\u2019ve|\u2019s)|"
    r"(?:they|everyone|everybody|all)(?:\s+(?:on|in)\s+it)?)"
    r"\s+(?:all\s+|already\s+|now\s+|just\s+|recently\s+|since\s+)*(?:been\s+)?"
    r"(?:moved|migrated|transferred|shifted|gone)\s+(?:over\s+|across\s+)?(?:to|into)\b"
    r"(?:(?!" + _NLU92_ASKED_AFTER + r"|\b(?:so|and|then|please|pls)\s+(?:\w+\s+)?(?:move|delete|update|"
    r"remove|add|copy|migrate|transfer)\b)[^.;!?\n])*(?=[.;!?\n]|$)",
    re.IGNORECASE,
)
# "could my main email address be changed to ...? I'm joining the UK finance team": the team someone joins,
# told after a request, is why it is asked, never a list joined; a list add needs an ask ("add me to ...")
# (batch 55 added her to finance-team@ too; nlu167)
NLU167_JOINING_TOLD: Final = LazyPattern(
    r"(?:(?P<lead>[?.!])|[,;]|\s[-\u2013\u2014]|\s(?=(?:as|since|because|cause|cos|coz)\s))\s*"
    r"(?:(?:as|since|because|cause|cos|coz)\s+)?"
    r"(?:i\s*['\u2019]?m|i\s+am|i\s+will\s+be|i\s*['\u2019]ll\s+be|we\s*['\u2019]?re|we\s+are"
    r"|(?:he|she)(?:\s*['\u2019]s|\s+is|\s+will\s+be)|they(?:\s*['\u2019]re|\s+are|\s+will\s+be))\s+"
    r"(?:(?:also|now|just|soon|officially|actually)\s+)?(?:joining|going\s+to\s+join|about\s+to\s+join)\b"
    r"(?:(?!\b(?:so|please|pls|need|needs|want|wants|should|must|can|could|add|put|give|grant|remove|forward|"
    r"include|sign)\b)[^.;!?\n])*(?=[.;!?\n]|$)",
    re.IGNORECASE,
)
# "Remove Tom from my calendar - Ava instead": Ava removed in Tom's place, or as well? Asked, never both
# removed (red team 41; nlu60)
NAME_INSTEAD_TAIL: Final = LazyPattern(
    r"(?:\s[-\u2013\u2014]|[;,]|\.(?=\s))\s*(?:no,?\s+|actually,?\s+|make\s+(?:it|that)\s+)?"
    r"(?!(?:it|that|this|them|him|her|me|do|go|do\s+it)\b)(?P<who>[A-Za-z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+instead"
    # ("- Ava instead, thanks": the thanks after it too, nlu66)
    r"(?:[\s,]+(?:please|pls|thanks|thank you|thx|cheers))*\s*[.!]?\s*$",
    re.IGNORECASE,
)
NAME_INSTEAD_TAIL_ASK: Final = (
    "The request ends with {said!r}: should the change be for {who} in place of the one named first, "
    "or for both? Say it again naming only whom it is for."
)
# "...; grace.hopper@acme.com stays on as a secondary address": the old address kept, said of the address
OLD_STAYS_SECONDARY: Final = LazyPattern(
    r"[;,.]?\s+(?:and\s+)?(?P<old>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)\s+(?:should\s+)?(?:stays?|remains?)"
    r"(?:\s+on)?\s+as\s+(?:a|an|the)\s+(?:secondary|alias|proxy|extra|additional)(?:\s+(?:address|alias))?\b",
    re.IGNORECASE,
)
OLD_STAYS_SAY: Final = r" and keep \g<old> as a secondary address"
# "the same level", "same access as Maria": a level named by pointing at one said elsewhere
SAME_LEVEL: Final = LazyPattern(r"\bsame\s+(?:level|access|permissions?|rights?)\b")
FORWARDING: Final = compile_words(
    r"forward\w*",
    r"redirect\w*",
    r"auto-?forward\w*",
    r"(?:send|route|divert|pass) (?:on )?(?:everything|all (?:the |of the )?(?:mail|e-?mails?|messages)|"
    r"(?:the )?(?:mail|e-?mails?|messages)) "
    r"(?:that (?:comes?|arrives?|gets? sent) (?:(?:in)?to|at|in)|sent to|"
    r"arriving (?:at|in)|addressed to|coming (?:in)?to)",
    r"divert\w*",
    # "Tom should receive everything sent to info@": the one who receives it is where it goes
    r"(?:receive|receives|get|gets|be sent) (?:everything|all (?:the |of the )?(?:mail|e-?mails?|messages)) "
    r"(?:that (?:comes?|arrives?|gets? sent) (?:(?:in)?to|at|in)|sent to|addressed to|arriving (?:at|in))",
    # "can my emails go to Chris while I'm away?", "have support's mail sent on to Tom", "Grace's mail should
    # go to Ken"
    r"(?:mail|e-?mails?|messages)\s+(?:to\s+|should\s+|must\s+|needs?\s+to\s+|will\s+|can\s+)?"
    r"(?:go|goes|be sent|get sent|be routed|be redirected|sent)\s+"
    r"(?:on\s+)?to",
)
# "Please send Sam Taylor's incoming mail on to Alex", "pass my new emails on to Ken": whose mail, sent on to
# someone, is a forwarding (nlu123 read nothing); the mail as it comes ("incoming", "new", "all") or sent
# "on" is all of it, never some messages sent once (MESSAGE_FORWARD)
MAIL_SENT_ON: Final = LazyPattern(
    r"\b(?:send|pass|route|redirect)\s+(?P<whose>(?:my|his|her|their|our|the\s+[\w-]+|"
    r"[\w.@-]+(?:\s+[\w.-]+){0,2}?['’]s?)\s+)"
    r"(?:(?P<how>(?:incoming|new|future|all|all\s+the|all\s+of\s+the)\s+)"
    r"(?:mail|e-?mails?|messages|post)\s+(?:on\s+)?to)\b",
    re.IGNORECASE,
)
# (nlu128, red team 71) "Please send Liam's email on to Emma", "send Liam's mail from yesterday on to Emma":
# mail not said as it comes (no "incoming", "new", "future", "all") may be one message: never a standing
# forwarding (MAIL_SENT_ON needs the word); a he/she with a change after the forwarding's target is asked
NLU128_MAIL_SENT_ON_ONCE: Final = LazyPattern(
    r"\b(?:send|pass)\s+(?:my|his|her|their|our|[\w.@-]+(?:\s+[\w.-]+){0,2}?['’]s?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:mail|e-?mails?|messages?|post)\b[^.;!?\n]{0,40}?\bon\s+to\b",
    re.IGNORECASE,
)
NLU128_MAIL_SENT_ON_ONCE_ASK: Final = (
    "Should {said!r} send on some messages once, or set up a forwarding of all new mail from now on? "
    'I can only set up a forwarding: say "all incoming mail" if that is what you want.'
)
NLU128_PRONOUN_AFTER_SENT_ON_ASK: Final = (
    "Whom does {said!r} mean: the person whose mail is sent on, or the one it goes to? Say the name."
)
MAIL_SENT_ON_SAY: Final = r"forward \g<whose>mail to"
# "... should receive everything sent to §0§": the mailbox right after is whose mail it is, not its target
SENT_TO_BEFORE: Final = LazyPattern(
    r"(?:everything|all (?:the |of the )?(?:mail|e-?mails?|messages))\s+"
    r"(?:that (?:comes?|arrives?|gets? sent) (?:(?:in)?to|at|in)|sent to|addressed to|arriving (?:at|in))\s+$"
)
# "Tom should no longer receive everything sent to info@", "stop sending info@'s mail to Tom", "stop sending
# Tom the info@ mail": the forwarding of that mailbox to that person ends, said as FORWARD_ENDS_SAY (only when
# the mailbox is said as whose mail it is and the person as where it goes; "Tom should no longer get mail from
# info@" says neither, and is not rewritten)
_FWD_BOX = r"(?P<box>[\w.+-]+@(?:[\w-]+(?:\.[\w-]+)+)?|the\s+[A-Za-z]+\s+(?:shared\s+)?mailbox)"
_FWD_WHO = r"(?P<who>\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?|\b(?:I|me))"
_FWD_MAIL = r"(?:mail|e-?mails?|messages|post)"
FORWARD_ENDS: Final = (
    LazyPattern(
        _FWD_WHO + r"\s+(?:(?:should|must|shall|will|does|do|can)\s+no\s+longer|no\s+longer|"
        r"(?:should|must|does|do|can)(?:n['’]?t|\s+not)|(?:should|must|can|needs?\s+to|has\s+to)\s+stop|stops?)\s+"
        r"(?:receiv(?:e|es|ing)|get(?:s|ting)?)\s+(?:everything|all\s+(?:the\s+|of\s+the\s+)?"
        + _FWD_MAIL
        + r"|the\s+"
        + _FWD_MAIL
        + r")\s+(?:that\s+(?:is|are|gets?)\s+)?(?:sent|addressed|going|coming\s+in)\s+"
        r"to\s+" + _FWD_BOX + r"(?:\s+any\s?more|\s+any\s+longer)?"
    ),
    LazyPattern(
        r"\b(?:stop|quit|no\s+more)\s+(?:sending|forwarding|redirecting|routing|passing)\s+"
        + _FWD_BOX
        + r"(?:['’]s)?\s+"
        + _FWD_MAIL
        + r"\s+(?:on\s+)?to\s+"
        + _FWD_WHO.replace("(?:I|me)", "me"),
        re.IGNORECASE,
    ),
    LazyPattern(
        r"\b(?:stop|quit)\s+(?:sending|forwarding|passing)\s+"
        + _FWD_WHO.replace("(?:I|me)", "me")
        + r"\s+(?:the\s+|all\s+(?:the\s+)?)?"
        + _FWD_BOX
        + r"(?:['’]s)?\s+"
        + _FWD_MAIL,
        re.IGNORECASE,
    ),
)
FORWARD_ENDS_SAY: Final = "stop forwarding {box} to {who}"
FORWARD_ENDS_ME: Final = "me"  # ("I should no longer receive ...": to the one asking)
# "Tom should receive everything sent to (the) all-sales list": a list's mail is its members'; never read as
# forwarding (rules._forwarding asks)
LIST_SENT_TO_BEFORE: Final = LazyPattern(
    r"(?:everything|all (?:the |of the )?(?:mail|e-?mails?|messages))\s+"
    r"(?:that (?:comes?|arrives?|gets? sent) (?:(?:in)?to|at|in)|sent to|addressed to|arriving (?:at|in))\s+"
    r"(?:the\s+)?$"
)
# "Olivia wants the forwarding on careers@ stopped": whose forwarding it is, said right after the word (never
# the one who wants it, named first)
FORWARDING_OF_BEFORE: Final = LazyPattern(r"\bforwarding\s+(?:on|for|of|from)\s+(?:the\s+)?$")
KEEP_COPY: Final = compile_words(
    r"keep (?:a )?cop(?:y|ies)",
    r"keeps? (?:a )?cop(?:y|ies)",
    r"keeping (?:a )?cop(?:y|ies)",
    r"leave (?:a )?cop(?:y|ies)",
    r"leaving (?:a )?cop(?:y|ies)",
    r"also deliver\w*",
    r"deliver\w* (?:it |them )?(?:to|in) (?:both|his|her|their|my|the|its)? ?(?:own )?(?:mailbox|inbox)",
    r"still (?:gets?|receives?|sees?)",
    r"as well",
    r"too",
    r"also (?:gets?|receives?)",
    r"deliver to both",
    r"keep (?:it|them|the messages|messages|mail|emails?) (?:in|on)",
    r"retain (?:a )?cop(?:y|ies)",
    r"as well as (?:to )?(?:the|his|her|my|their) (?:own )?(?:mailbox|inbox)",
    r"with (?:a )?cop(?:y|ies)",
    r"cc",
    r"deliver\w* (?:it )?(?:to|in) (?:both|his|her|their|my|the|its) ?(?:own )?(?:mailbox|inbox)?",
    r"still (?:get|receive|see)s?",
    r"also (?:get|receive)s?",
    # "a copy should stay in the mailbox", "copies must be kept there"
    r"cop(?:y|ies) (?:should |must |will |can |has to |have to |needs? to )?"
    r"(?:stays?|remains?|be kept|be left|be delivered|go to)",
    # "still deliver a copy to the mailbox", "drop a copy in my inbox", "a copy to her own mailbox"
    r"(?:deliver|send|put|drop|save|store|leave|keep|retain|place)\w* (?:a |one )?cop(?:y|ies)",
    r"(?:a |one )?cop(?:y|ies) (?:to|in|into) (?:the |his |her |my |their |its |our )?(?:own )?"
    r"(?:mailbox|inbox)",
)
DROP_COPY: Final = compile_words(
    r"(?:don'?t|doesn'?t|do not|does not|without|no need to|not) (?:(?:want|need|have) to )?"
    r"(?:keep|keeping|leave|leaving|retain|deliver|send|put|save)(?:ing)? (?:a |any )?cop(?:y|ies)",
    r"no cop(?:y|ies)",
    r"without a copy",
    r"only (?:to|deliver)",
)
PRIMARY_ADDRESS: Final = compile_words(
    r"primary",
    r"main (?:email )?address",
    r"smtp",
    r"e-?mail address",
    r"email",
    r"address",
    r"alias",
    r"reply[- ]to (?:address|e-?mail)",
    r"reply-to",
    r"default address",
    r"mail address",
)
# the primary address named outright (no other reading of "address"): a change of it even with no address
PRIMARY_NAMED: Final = compile_words(
    r"primary (?:smtp |e-?mail |mail )?address", r"primary e-?mail", r"main (?:e-?mail )?address"
)
# the address a primary change replaces, said as itself or as "his current one" (blanked when a mention)
_OLD_ONE: Final = (
    r"(?:(?:the|his|her|their|my|its)\s+)?(?:(?:current|old|existing|present|original|previous)\s+)?"
    r"[\w.@'+-]+(?:\s+(?:address|one))?"
)
# "... become christine.moreau@acme.com? please drop the old lee address": what is dropped is the old primary
# address, never the change taken back (negation._retracted read "drop the address part"; batch 50; nlu155)
NLU155_OLD_ADDRESS_DROPPED: Final = LazyPattern(
    r"(?:(?:the|my|his|her|their|its)\s+)?(?:old|previous|former|existing|current|maiden)\s+(?:[\w.@'+-]+\s+)?"
    r"(?:(?:e-?mail\s+)?address(?:es)?|e-?mail|one|alias|name)(?:\s+(?:as\s+an?\s+alias|too|as\s+well))?",
    re.IGNORECASE,
)
# (rt80a N11) "... Should we drop the old address?", "Do we need to drop the old address?", "Maybe drop the
# old address later": the old address's drop asked or left for later, never the old address dropped now
# (rules._read asks keep_old)
RT80A_DROP_OLD_UNSURE: Final = LazyPattern(
    r"\b(?:(?:should|could|can|shall|do|must|would)\s+(?:we|i|they)\s+(?:also\s+)?"
    r"(?:(?:need|have|want)\s+to\s+)?|(?:maybe|perhaps|possibly)\s+(?:we\s+(?:should|could|can)\s+)?)"
    r"(?:drop|remove|delete|get\s+rid\s+of|retire|discard|lose)\s+(?:the\s+|his\s+|her\s+|their\s+)?"
    r"(?:old|previous|former|current|existing)\b"
    r"|\b(?:drop|remove|delete|get\s+rid\s+of|retire|discard)\s+(?:the\s+)?(?:old|previous|former)\b"
    r"[^.!?\n]*?\b(?:later|eventually|at\s+some\s+point|in\s+a\s+(?:while|bit|few)|next\s+\w+|"
    r"after\s+\w+|once\s+\w+)\b",
    re.IGNORECASE,
)
# "we don't need to keep the old one", "doesn't want to keep the old address"
_NOT_KEEP: Final = (
    r"(?:don'?t|do not|doesn'?t|does not|no need to|not|without) "
    r"(?:(?:want|need|have) to |wanna )?keep(?:ing)?"
)
NOT_KEEP: Final = LazyPattern(r"\b" + _NOT_KEEP)
# "... and do not keep marketing@acme.com" (the address blanked): a clause saying only that an address is not
# kept; said of the old primary of a change planned before, that change drops it (nlu43)
DROP_OLD_ALONE: Final = LazyPattern(
    r"(?:and |but |also |please |pls )*(?:(?:please|pls) )?" + _NOT_KEEP + r"(?: (?:it|that one))?"
    r"(?: (?:as an? (?:alias|secondary)|around|anymore|any more|either|"
    r"(?:on|in) (?:(?:the|his|her|their|my|its) )?(?:mailbox|account|user|profile)))?(?: please| pls)?"
)
DROP_OLD: Final = compile_words(
    rf"{_NOT_KEEP} (?:the )?old",
    rf"{_NOT_KEEP} (?:{_OLD_ONE} )?"
    r"(?:as an? (?:alias|secondary)|around)",
    # "please don't keep chris.lee@acme.com on the mailbox" (the old address blanked): not kept where it is
    rf"{_NOT_KEEP} (?:{_OLD_ONE} )?"
    r"(?:on|in) (?:(?:the|his|her|their|my|its) )?(?:mailbox|account|user|profile)",
    # "we don't want to keep sarah@acme.com" (the old address blanked in the words read); "... on the mailbox"
    # after it says where it is not kept, still the old address dropped (batch 33 kept it)
    r"(?:don'?t|do not|no need to|not) (?:want to |need to )?keep(?:ing)?"
    r"(?: +(?:on|in) (?:(?:the|his|her|their|my|its) )?(?:mailbox|account|user|profile))?(?= *(?:[,.;!]|$))",
    r"drop (?:the )?old",
    # "..., with olivia.martin@acme.com removed" (the old address blanked)
    r"with (?:the old(?: one| address)? )?(?:removed|dropped|deleted|retired|gone)",
    r"remove (?:the )?old",
    r"delete (?:the )?old",
    r"discard (?:the )?old",
    r"get rid of (?:the )?old",
    r"old one can go",
    # "the old address can be dropped", "the old one should be removed", "the old acme.com address ..."
    r"old (?:[\w-]+(?:\.[\w-]+)+ )?(?:e-?mail |smtp )?(?:address|one|alias)? ?"
    r"(?:can|should|may|must|will) (?:be )?"
    r"(?:go|dropped|removed|deleted|discarded|retired|binned)",
    r"no (?:longer )?(?:need|keep) (?:the )?old",
    # "we don't need the old address kept", "he won't need the old one any more", "the old address isn't
    # needed": the old address not kept (batch 27 kept it; nlu52)
    r"(?:don'?t|do not|doesn'?t|does not|won'?t|will not|no longer) need (?:the )?old",
    r"old (?:[\w-]+(?:\.[\w-]+)+ )?(?:e-?mail |smtp )?(?:address|one|alias) (?:is not|isn'?t|is no longer|"
    r"won'?t be|will not be|not) (?:needed|required|wanted)",
    r"retire (?:the )?old",
    # "... my primary address and retire the acme.co.uk one": the old one named by its domain (batch 40)
    r"(?:retire|drop|remove|delete|discard|get rid of) (?:the|my|his|her|their) (?:[\w-]+\.)+[a-z]{2,} "
    r"(?:one|address|alias)",
    r"replac\w+ (?:the old one|it) entirely",
    # "get rid of noah.davis@acme.com completely" (the old address blanked): not kept as an alias
    r"(?:get rid of|drop|remove|delete|discard|retire)\s+"
    r"(?:it\s+|that\s+|(?:the\s+)?old(?:\s+(?:one|address))?\s+)?"
    r"(?:completely|entirely|altogether|for good|permanently)",
    # "remove ethan.park@acme.com from his account" (the address blanked): taken off, not kept as an alias
    r"(?:get rid of|drop|remove|delete|discard|retire|take)\s+(?:it\s+|that\s+|the old(?: one| address)?\s+)?"
    r"(?:from|off(?: of)?|out of)\s+(?:(?:his|her|their|its|my|the)\s+)?(?:account|mailbox|user|profile)",
    # "ethan.park@acme.com should be removed", "and the old address deleted", "chris.lee@acme.com can go"
    r"(?:^|\band)\s*(?:the old(?: one| address)?\s+)?(?:should|can|must|may|will)\s+"
    r"(?:go(?=\s*(?:[,.;!]|now|too|as well|$))|(?:be\s+)?(?:dropped|removed|deleted|discarded|retired))"
    # "... should be removed from sales@" takes the person out of something else: not the address
    r"(?!\s+(?:from|off|out of)\b"
    r"(?!\s+(?:(?:his|her|their|its|my|the)\s+)?(?:account|mailbox|user|profile)\b))",
)

# Removal slang, for rights, list members and forwarding alike ("yank", "nuke", "rip out", "scrap"; nlu49)
_REMOVAL_SLANG: Final = (
    r"yank\w*",
    r"kill(?!-?off\b)\w*",
    r"nuk(?:e|es|ed|ing)",
    r"rip(?:s|ped|ping)? (?:\S+ ){0,5}?out",
    r"scrap(?:s|ped|ping)?(?! (?:that|this|it|all that|the last|what)\b)",
)
# Verbs that take away (anything else grants).
REVOKE: Final = compile_words(
    r"remov\w*",
    r"rm",
    r"revok\w*",
    r"take (?:away|back|off|out)",
    r"taking (?:away|back|off|out)",
    r"taken (?:away|back|off|out)",  # "... can be taken away now"
    r"take \S+(?: \S+)? (?:off|out of|away)",
    # "take send as for careers@ away from Emma": what is taken, said in full before "away from"
    r"take (?:\S+ ){1,6}?away from",
    r"strip\w*",
    r"drop\w*",
    r"cancel\w*",
    r"withdraw\w*",
    # ("pull up the list" shows it; "to pull some old quotes", "to pull the forecast emails": what is pulled
    # is mail or data, the work the access is for, whatever few words describe it; batches 19, 40)
    r"pull(?!\w*\s+up\b)(?!\w*\s+(?:(?:some|the|a\s+few|a\s+couple\s+of|any|all|old|older|past|previous|"
    r"historic\w*|archived|recent|those|these|last\s+\w+['’]s|[a-z][\w-]*)\s+){0,4}(?:quotes?|e-?mails?|messages?|mail|data|"
    r"reports?|records?|files?|invoices?|numbers|figures|attachments?|threads?|history|contracts?|orders?|"
    r"documents?|info(?:rmation)?|details|stats|statistics"
    # ("pull the member list of Project Atlas": a list read, never anyone taken off it; nlu44)
    r"|(?:member|membership|members['’]?)\s+(?:lists?|reports?|rosters?)|list\s+of\s+(?:the\s+)?members|rosters?)\b)\w*",
    r"no longer",
    r"not need",
    r"doesn'?t need",
    r"don'?t need",
    r"does not need",
    r"do not need",
    r"stop\w*",
    r"disabl\w*",
    r"unshare\w*",
    r"kick(?!-?off\b)\w*",  # (not "the sales kickoff": an event)
    r"get rid of",
    r"rescind\w*",
    # ("..., month end": the month's end, a reason for urgency, never "end her access"; batch 20)
    r"(?<!month )(?<!month-)(?<!year )(?<!year-)(?<!quarter )(?<!quarter-)(?<!week )end(?! of)",
    r"clear\w*",
    r"turn off",
    r"switch off",
    r"unsubscrib\w*",
    r"leave",
    r"leaving",
    r"left",
    r"delet\w*",
    r"deny",
    r"retract\w*",
    r"undo",
    r"off",
    r"shouldn'?t",
    r"should not",
    r"mustn'?t",
    r"must not",
    r"not allowed",
    r"no more",
    r"anymore",
    r"any more",
    r"any longer",
    r"loses?",
    r"losing",
    # removal slang ("pls yank mike's full access on billing", batch 26: read as a grant before nlu49); "scrap
    # that" withdraws what was said before it (the corrections read it), never a right taken
    *_REMOVAL_SLANG,
)
CREATE: Final = compile_words(
    r"creat\w*",
    # ("make a DL ...": the article or "new" ends the phrase; a fragment ending in a space could never be
    # followed by the whole-word boundary, so "make a"/"start a" were no verb of creation, batch 41)
    r"make (?:an?(?: new)?|new)",
    r"set ?up",
    r"new",
    r"start (?:an?(?: new)?|new)",
    r"spin up",
    r"establish",
)
DELETE: Final = compile_words(
    r"delet\w*",
    r"remove",
    r"get rid of",
    r"retire",
    r"decommission\w*",
    r"drop",
    r"kill",
    r"destroy",
    r"tear down",
    r"disband",
    # (never "archive": an archived list or mailbox is kept, hidden or read-only, where a deleted one is gone;
    # red team 59's "Archive all-sales." deleted the list. Read as no action, it is not understood)
    # "pls nuke the engineering DL" (batch 22)
    r"nuke",
    r"scrap",
)
# "New DL please: Support Escalations, support-escalations@, members ...": a new list's name said bare after
# the request for one (read as "called Support Escalations")
NEW_LIST_BARE_NAME: Final = LazyPattern(
    r"^(?P<head>(?:please\s+)?(?:(?:create|make|set up|add)\s+)?(?:an?\s+)?new\s+"
    r"(?:dl|list|distribution list|distribution group|mailing list|group)"
    r"(?:\s+(?:needed|wanted|required|requested))?(?:\s+please)?)\s*[:,-]\s*"
    r"(?=[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,4}\s*(?:,|;|$))",
    re.IGNORECASE,
)
# "cud i get full access ...", "shud", "wud": texting spellings of the helping verbs, read as the verbs
TEXTING_VERBS: Final = {
    "cud": "could",
    "cld": "could",
    "shud": "should",
    "shld": "should",
    "wud": "would",
    "wld": "would",
}
TEXTING_VERB: Final = LazyPattern(
    r"(?<![\w@.'-])(?:" + "|".join(TEXTING_VERBS) + r")(?![\w@'-])", re.IGNORECASE
)
NEW_LIST_NAME_SAY: Final = " called "
# "Could we get a list called Events, events@acme.com?", "we need a DL named Project X": a list asked for
# by the name it should have, read as its creation (a list named is new: "get a list of ..." names none)
NEW_LIST_ASKED: Final = LazyPattern(
    r"(?:\b(?:could|can|may)\s+(?:we|i|you)\s+(?:please\s+)?|\b(?:we|i)(?:'d|\s+would)?\s+)?"
    r"\b(?:get|have|need|want|like|request)\s+(?:a|an)\s+(?:new\s+)?"
    r"(?P<kind>(?:distribution |mailing |e-?mail )?list|dl|distribution group)\s+(?=(?:called|named)\s)",
    re.IGNORECASE,
)
NEW_LIST_ASKED_SAY: Final = r"create a new \g<kind> "
# "rmv ethan park from contractors", "maria sed its ok", "deleg report 4 careers@": chat spellings of the
# request's own words (batch 19), read as the words; none is an English word or a name (a misspelt name is
# still a question with its close matches, mentions.py)
CHAT_WORDS: Final = {
    "sed": "said",
    "sez": "said",
    "rmv": "remove",
    "rmve": "remove",
    "deleg": "delegation",
    "delg": "delegation",
    "perms": "permissions",
    "fwded": "forwarded",
    "fwding": "forwarding",
    "mbx": "mailbox",
    "mbox": "mailbox",
    # "delegation rpt - david chen", "revoke send on behlaf for ...", "gimme sendas on ..." (batches 21, 22)
    "rpt": "report",
    "rprt": "report",
    "behlaf": "behalf",
    "behaf": "behalf",
    "bahalf": "behalf",
    "gimme": "give me",
    "sendas": "send as",
    # (nlu110) "Remove everyone from all-sales w/o Emma Wilson": red team 66 removed Emma with the rest
    "w/o": "without",
    "w/out": "without",
    # "pls add mia novak + ethan park to proj phoenix", "primary addr for jane doe -> jane@acme.com"
    "proj": "project",
    "addr": "address",
    # "hes leaving end of week": the pronoun and its "is", the apostrophe left out
    "hes": "he's",
    "shes": "she's",
    "theyre": "they're",
    # "whos in the atlas grp", "chg primary for john miller to ..." (batch 27; nlu52)
    "whos": "who's",
    "grp": "group",
    "grps": "groups",
    "chg": "change",
    # "remove ethan.park frm contractors + external-contractors" (batch 31)
    "frm": "from",
    # "deets on the uk office mailbox pls" (batch 35): slang for the details
    "deets": "details",
    "deetz": "details",
}
# "remove him, but don't delete the list" (batch 22): the list kept, said as "but keep the list" (which the
# reading knows); never at the start, where nothing is asked before it
LIST_KEPT_SAID: Final = LazyPattern(
    r"(?<=\S)(?:\s*[,;.-]\s*|\s+)(?:but\s+)?(?:please\s+|pls\s+)?(?:don['’]?t|do\s+not|never)\s+"
    r"(?:delete|remove|get\s+rid\s+of|drop|kill|nuke|scrap)\s+the\s+(?:(?:whole|actual|entire)\s+)?"
    r"(?:list|dl|group|distribution\s+list|mailing\s+list)(?:\s+itself)?(?=\s*(?:[,.;!]|$))",
    re.IGNORECASE,
)
LIST_KEPT_SAY: Final = ", but keep the list"
# (only where nothing before it deletes a whole list: "Delete the Contractors list, but don't delete the list"
# is left as written)
LIST_GONE_BEFORE: Final = LazyPattern(
    r"\b(?:delet\w*|get\s+rid\s+of|retire|decommission\w*|kill|destroy|tear\s+down|disband|archive|nuke|scrap)\b",
    re.IGNORECASE,
)
CHAT_WORD: Final = LazyPattern(r"(?<![\w@.'-])(?:" + "|".join(CHAT_WORDS) + r")(?![\w@'-])", re.IGNORECASE)
# "deleg report 4 careers@", "fwd my mail 2 david": a lone 4 / 2 is "for" / "to" only right after what a
# read or a forward is of (a report, the mail, an address) and before whom it is for or to; never a count
# ("4 weeks", "2 people") nor a date ("until 2 March", "on the 4 of May")
_CHAT_NUMBER_NOT_BEFORE = (
    r"(?![\d.,:/-])(?!\s*(?:weeks?|wks?|days?|months?|mo|hours?|hrs?|minutes?|mins?|years?|yrs?|people|"
    r"persons?|users?|members?|more|of|or|and|times?|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|"
    r"sep\w*|oct\w*|nov\w*|dec\w*|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*|sat\w*|sun\w*|st|nd|rd|th)\b)"
)
CHAT_FOR: Final = LazyPattern(
    r"\b(?P<of>report|reports|access|rights|permissions|perms|delegations?|details|info)\s+4"
    + _CHAT_NUMBER_NOT_BEFORE
    + r"\s+(?=[a-z])",
    re.IGNORECASE,
    # (the 4 after a space)
    cue=r"\s4",
)
CHAT_FOR_SAY: Final = r"\g<of> for "
CHAT_TO: Final = LazyPattern(
    r"(?P<of>\bmail|\bmails|\be-?mails?|\binbox|\bbox|@[\w.-]*)\s+2"
    + _CHAT_NUMBER_NOT_BEFORE
    + r"\s+(?=[a-z])",
    re.IGNORECASE,
    # (the 2 after a space)
    cue=r"\s2",
)
CHAT_TO_SAY: Final = r"\g<of> to "
# "full access to billing@ 4 2 weeks": a lone 4 right before a length is "for" (no other reading)
CHAT_FOR_LENGTH: Final = LazyPattern(
    r"(?<=\S)\s+4\s+(?=(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:days?|weeks?|wks?|months?|hours?|hrs?)\b)",
    re.IGNORECASE,
)
CHAT_FOR_LENGTH_SAY: Final = " for "
# "give Tom 4 weeks of full access to info@", "two weeks' send as": a length said before the right it bounds,
# read as the right "for" the length (main left the length unread and planned a permanent grant)
LENGTH_OF_RIGHT: Final = LazyPattern(
    r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a couple of)\s+"
    r"(?P<unit>days?|weeks?|months?|hours?)(?:['’]s?)?\s+(?:of\s+)?"
    r"(?P<right>full access|send[- ]as|send on behalf|access|editor|reviewer|delegate access)\b",
    re.IGNORECASE,
)
LENGTH_OF_RIGHT_SAY: Final = r"\g<right> for \g<n> \g<unit>"
# "sarah connor - show mailbox details (size, aliases etc)": whom a read is about, said first, then the read
# with no object; read as "show mailbox details for sarah connor ..." (only a read: it changes nothing)
TOPIC_DASH_READ: Final = LazyPattern(
    r"^(?P<who>[a-z][\w.@'-]*(?:\s+[a-z][\w.@'-]*){0,2})\s+[-–]\s+"
    r"(?P<read>(?:pls\s+|please\s+)?(?:show|list|check|look\s*up|get|pull up)\s+(?:me\s+)?"
    r"(?:(?:the|their|his|her)\s+)?"
    r"(?:mailbox\s+|calendar\s+|mail\s+)?(?:details|info|information|permissions|delegates|delegations?|"
    r"access|rights))\b(?P<rest>[^.?!\n;]*)[.?!]?$",
    re.IGNORECASE,
    # (the dash between spaces)
    cue=r"\s[-–]\s",
)
TOPIC_DASH_READ_SAY: Final = r"\g<read> for \g<who>\g<rest>"
# "..., his access to billing@acme.com ends friday", "Ken's send as on info@ expired": whose right on a
# mailbox ends or ended, told; never a grant of it (the right noun alone would read as one), and whether it is
# to be taken away now or then is asked (rules._read)
ACCESS_ENDS_TOLD: Final = LazyPattern(
    r"(?:'s|s'|\bhis|\bher|\btheir|\bmy)\s+(?:current\s+|existing\s+)?"
    r"(?:full\s+access|access|rights?|permissions?|send[- ]as|send on behalf|delegation)\s+"
    r"(?:to|on|for|over)\s+(?:the\s+)?[\w.@'-]+(?:\s+(?:mailbox|inbox|box))?\s+"
    r"(?:ends|ended|expires|expired|runs out|ran out|finishes|finished|stops|stopped|is over|was over|lapses|"
    r"lapsed|is ending|is up|was up)\b",
    re.IGNORECASE,
    # (the ending follows a space)
    cue=r"\s(?:end|expir|ran|runs|finish|stop|is|was|lapse)",
)
# "FWD billing@ -> rachel green": the shorthand in capitals, a word of its own (never a header's "FWD:")
FWD_WORD_CAPS: Final = LazyPattern(r"(?<![\w@.:-])FWD(?![\w@:-])(?=\s+[\w.@-])")
# "Create a distribution list UK Team with the address uk-team@...": the name said bare, right before the
# address
NEW_LIST_NAME_BEFORE_ADDRESS: Final = LazyPattern(
    r"^(?P<head>(?:please\s+)?(?:create|make|set up)\s+(?:an?\s+)?(?:new\s+)?"
    r"(?:dl|list|distribution list|distribution group|mailing list))\s+"
    r"(?!(?:called|named|titled|for|with)\b)"
    r"(?=(?-i:[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,4})\s+(?:with|using|at)\s+(?:the\s+)?(?:e-?mail\s+)?address\b)",
    re.IGNORECASE,
)
# A new list's name ("called X").
NAME_INTRO: Final = LazyPattern(
    # ("..., name UK Team, ...": "name" as a field of the new list's details, after a comma)
    r"\b(?:called|named|titled|with the name|name it|call it|display name(?: is|:)?|(?<=, )name(?: is|:)?)\s+"
)
# "a new distribution list ... called Engineering Leads": a known name (the Engineering list) that only
# begins the new name said after "called" (mentions.find_mentions; batch 27, nlu52)
NEW_NAME_BEFORE: Final = LazyPattern(r"\b(?:called|named|titled|call it|name it)\s+$", re.IGNORECASE)

# "Create a list called Support Team ... - actually name it Support Crew": a new list's name said again as a
# correction (nlu43), its lead-in words cut: "name it Support Crew, same address" (the name, then whether
# the address written before stays)
NAME_FIX: Final = LazyPattern(
    r"^(?:name it|call it|rename it(?: to)?|make the name|the name (?:is|should be)|"
    r"(?:display )?name(?: should be| is)?:?|called|named)\s+(?P<name>[^,;.@()]+?)"
    r"(?P<same>\s*,?\s*(?:(?:the )?same (?:address|e-?mail)|keep(?:ing)? the (?:same )?address|"
    r"with the same address|address (?:stays|unchanged|as is)))?\s*$",
    re.IGNORECASE,
)

# Reads.
WHY_QUESTION: Final = LazyPattern(
    r"^(?:why|how (?:did|come|has|was)|when (?:did|was))\b|\bwho (?:gave|granted|added|let)\b|"
    r"\band (?:why|when)\b|"
    # "What's the reason Christine has send on behalf on Finance?": why, said with a noun (nlu123 planned
    # the mailbox's delegation report and left Christine out)
    r"^(?:what(?:['’]s|\s+is|\s+was)\s+the\s+(?:reason|rationale|story|basis)(?:\s+(?:why|that|for|behind))?"
    r"|for\s+what\s+reason|is\s+there\s+a\s+reason(?:\s+why)?)\b|"
    # "can u check why Lucas can get into hr@": the same question asked through "check"
    r"\b(?:check|see|find out|tell me|explain|look into|figure out|work out|sort out|investigate)\s+"
    r"(?:why|how (?:come|did))\b"
)
"""A read that asks why or since when someone holds a right ("how did Chris get full access", "who gave Sarah
send as ... and when?"): the grants with their origin, never a request to grant them."""
READ_START: Final = LazyPattern(
    r"^(?:why|how (?:did|come|has|was)|when (?:did|was)|"
    r"who|whom|who's|whos|what|what's|whats|which|show|list|display|view|see|check|tell|report|print|find|audit|review|"
    r"details?|info|information|properties|settings|members|membership|permissions|"
    r"(?:mailbox|inbox|account) (?:details?|info|information|properties|settings)|"
    r"look ?up|lookup|(?:is|are)(?!\s+(?:to be|going to be|being)\b)|does|do|how many|"
    r"get me (?:a|the) (?:list|report)|"
    r"give me (?:an?|the) (?:list|report|rundown|overview|summary)|"
    # "Could you send me a list of every shared mailbox in the tenant?": the report sent, as given (nlu155)
    r"(?:send|e-?mail|mail|forward)(?: (?:me|us))?(?: over)? (?:an?|the) (?:quick |full |complete )?"
    r"(?:list|report|rundown|overview|summary) of|"
    # ("pull the member list of Project Atlas": nlu44)
    r"pull (?:up )?(?:a|the) (?:(?:member|membership|members['’]?) )?(?:list|report|roster)|pull up\b|"
    # ("i 'd like to see": the requester's "I" is read as a mention, the "'d" left apart)
    r"i ?(?:'d| would) like to (?:see|know)|i want to (?:see|know)|"
    # "can I see Priya's calendar?" asks to be let in (questions.REQUEST_FORM), not who can
    r"can i (?:see|view)(?!\s+(?:§\d+\s+|the\s+|his\s+|her\s+|their\s+)?(?:calendar|diary|schedule)\b"
    r"(?!\s+(?:permissions?|sharing|settings)))|"
    r"can you (?:see|view)|can (?:i|you) get a list|enumerate|export|dump|run|"
    # "Can I get an overview of our shared mailboxes?", "I need a list of all the lists": a report asked for
    r"(?:(?:can|could|may) (?:i|we) (?:get|have|see)|(?:i|we) (?:need|want|would like|'d like)) "
    r"(?:an?|the) (?:quick |full |complete )?(?:list|report|rundown|overview|summary)|"
    # "(Grace wants) a list of the shared mailboxes": what someone else wants, once who wants it is cut
    # (engine.speakers, WANTS_A_REPORT); a read said as its noun (nlu44)
    r"(?:an?|the) (?:quick |full |complete |current |up-to-date )?(?:(?:member|membership) )?"
    r"(?:list|report|rundown|overview|summary|roster) (?:of|for)\b|"
    # "Grace wants a list of the shared mailboxes" with no name read in "Grace": someone else wanting a read
    r"[a-z][\w'-]*(?: [a-z][\w'-]*)? (?:wants|would like|needs|has asked for|asked for|is asking for|"
    r"requested) (?:an?|the) (?:quick |full |complete |current |up-to-date )?(?:(?:member|membership) )?"
    r"(?:list|report|rundown|overview|summary|roster) (?:of|for)\b)\b"
)
# "Ethan Park is done with billing, ...": a subject named, then what is so; a statement, no question
SUBJECT_STATES: Final = LazyPattern(r"§\d+\s+(?:is|are|was|were)\b(?![^?]*\?)")
# "send-as perms on hr@?": a right's holders asked for by a noun, no verb; with a person named ("send as
# permissions for Tom on sales") it is a grant said short, not a read
RIGHT_NOUN_READ: Final = LazyPattern(
    r"^(?:send[- ]?as|send[- ]on[- ]behalf|full[- ]?access|fa|delegation|mailbox)\s+"
    r"(?:perms|permissions|rights|holders|delegates)(?:\s+(?:on|for|of)\b|$)"
)
LIST_SHARED: Final = compile_words(
    r"shared (?:mail ?boxes|inbox(?:es)?)",
    r"shared mailbox(?:es)?",
    r"shared ?mbx(?:s|es)?",  # "sharedmbx list pls" (batch 26)
    r"shared ?mailbox(?:es)?",
    r"all (?:the )?shared",
)
# "all DLs pls", "every shared mailbox please", "list of all distribution lists": an inventory asked for by
# its noun alone, nothing else in the clause (batch 22); a read, never a change
INVENTORY_ALONE: Final = LazyPattern(
    r"^(?:(?:hi|hey|hiya)[,!]?\s+)?(?:(?:a\s+)?list\s+of\s+)?(?:all|every)\s+(?:(?:the|our|of\s+the|of\s+our)\s+)?"
    r"(?:dls?|distribution\s+(?:lists?|groups?)|mailing\s+lists?|distros?|shared\s+(?:mail\s?box(?:es)?|mbx|inbox(?:es)?))"
    r"(?:\s+(?:pls|plz|please|thanks|thx|ta))?\s*[.!?]*\s*$",
    re.IGNORECASE,
)
# "sharedmbx list pls", "shared mailbox list", "list of shared mbxs", "dl list": the inventory asked for by
# its noun and "list", nothing else in the clause (batch 26; nlu49)
INVENTORY_LIST_ALONE: Final = LazyPattern(
    r"^(?:(?:hi|hey|hiya)[,!]?\s+)?(?:(?:a|the|our)\s+)?(?:(?:full\s+)?list\s+of\s+(?:all\s+)?(?:the\s+|our\s+)?"
    r"(?P<kind1>shared\s*(?:mail\s?box(?:es)?|mbx(?:s|es)?|inbox(?:es)?)|dls|distribution\s+(?:lists|groups)|"
    r"mailing\s+lists|distros)"
    r"|(?P<kind2>shared\s*(?:mail\s?box(?:es)?|mbx(?:s|es)?|inbox(?:es)?)|dls?|distribution\s+(?:lists?|groups?)|"
    r"mailing|distros?)\s+list)"
    r"(?:\s+(?:pls|plz|please|thanks|thx|ta))?\s*[.!?]*\s*$",
    re.IGNORECASE,
    # (both parts above say 'list')
    cue=r"list",
)
# "DL members: marketing", "Members: sales": a list's name said after its label, named on purpose (nlu49)
NAME_AFTER_MEMBERS_LABEL: Final = LazyPattern(
    r"(?:^|[\n.;!?]\s*)(?:(?:dl|list|group|distribution\s+list|mailing\s+list)\s+)?(?:members?|membership)"
    r"(?:\s+(?:of|for|list))?\s*[:\-–]\s*$"
)
# "what have I got access to? mailboxes, lists, anything": kinds of things named alone after what someone can
# open say what that question covers (one access report covers them all), never a listing of each kind
_REACH_KIND: Final = (
    r"(?:(?:shared\s+)?(?:mail\s?box(?:es)?|mbx(?:s|es)?|inbox(?:es)?)|(?:distribution\s+|mailing\s+)?(?:lists|groups)"
    r"|dls|distros|calendars?|folders|rights|permissions|access|any\s?thing(?:\s+else)?|every\s?thing|whatever|"
    r"all\s+of\s+it|the\s+lot)"
)
REACH_KINDS_ALONE: Final = LazyPattern(
    r"^(?:(?:like|e\.?g\.?|i\.?e\.?|incl\w*|including|so)\s*[:,]?\s*)?"
    + _REACH_KIND
    + r"(?:\s*(?:,|/|&|\band\b|\bor\b|\bplus\b)\s*(?:(?:and|or)\s+)?"
    + _REACH_KIND
    + r")*(?:\s*,?\s*etc\b)?\s*[.!?]*$",
    re.IGNORECASE,
)
# "[14:02] Olivia Martin: no just her", "nope, only him thanks": an answer to "anyone else?" on a line or
# sentence of its own, naming no one new
ONLY_THAT_ONE_ALONE: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:\[[^\]\n]*\][ \t]*)?(?:[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?[ \t]*:[ \t]*)?"
    r"(?:(?:no|nope|nah|no thanks)[ \t]*[,.!-]?[ \t]*)?(?:just|only)[ \t]+(?:her|him|them|that one|the one)"
    r"(?:[ \t]*,?[ \t]*(?:thanks|thx|ta|pls|please|for now))?[ \t]*[.!]*[ \t]*(?=\n|$)",
    re.IGNORECASE,
)
# "Remove leaver from lists", "add Tom to the lists": lists said as a plural naming none (a ticket's title)
LISTS_UNNAMED: Final = LazyPattern(
    r"\b(?:from|off|to|onto|on|into|in)\s+(?:the\s+|all\s+(?:the\s+)?|(?:his|her|their|my)\s+)?"
    r"(?:(?:relevant|distribution|mailing|e-?mail)\s+)?(?:lists|groups|dls)\b(?!\s*§)"
)
LIST_LISTS: Final = compile_words(
    r"distribution lists",
    r"distribution groups",
    r"dls",
    r"lists",
    r"mailing lists",
    r"groups",
    r"distros",
    r"(?:every|each|all(?: the)?|any) (?:distribution |mailing )?(?:list|group|dl)s?",
)
MEMBERS_READ: Final = compile_words(
    r"members?",
    r"membership",
    r"who(?:'s| is| are) (?:in|on)",
    r"belongs? to",
    r"in (?:the )?(?:list|group)",
    r"on (?:the )?list",
)
DETAILS: Final = compile_words(
    r"details?",
    r"info",
    r"information",
    r"properties",
    r"settings",
    r"about",
    r"describe",
    r"summary",
    r"overview",
    r"config\w*",
    r"size",
    r"quota",
    # "what's the primary addr + aliases of helpdesk@?": a mailbox's addresses are among its details
    r"alias(?:es)?",
    r"(?:primary |smtp |proxy |e-?mail )+(?:addr|address)(?:es)?",
    # "how the Billing mailbox is set up - its addresses, forwarding and so on": how a mailbox is, to see
    r"how (?:[\w§@.'-]+ ){1,5}(?:is|are) set ?up",
    r"(?:its|their) addresses",
)
# "the Project Phoenix M365 group": a word that says what kind of list it is, said between its name and the
# kind noun; never part of the name
LIST_KIND_WORDS: Final = frozenset(_words("m365 o365"))
# Nouns that mark the word before them as a resource's name ("the Finance mailbox").
# "careers mail", "the careers fwd": a name in lower case before its mail or its forwarding is that mailbox
MAIL_OF_NAME: Final = LazyPattern(r"(?:mail|e-?mails?|fwd|fwding|forwarding|forwards?)\b(?!\s*@)")
KIND_NOUNS: Final = compile_words(
    r"mailbox",
    r"mailboxes",
    r"inbox",
    r"shared mailbox",
    r"list",
    r"dl",
    r"group",
    r"distribution",
    r"queue",
    r"team",
    r"calendar",
    r"address",
    r"account",
    r"room",
    r"alias",
)

# (nlu150) "... that Mike can see my calendar ...": whether someone can already see something, said after "is
# it possible that": a question of how things are, never a request (POLITE_QUESTION, REQUEST_FORM)
_NLU150_SEES_NOW = (
    r"\s+(?!you\b|u\b|we\b)(?:[\w.@'-]+\s+){1,3}?(?:still\s+|already\s+|currently\s+)?(?:can|could)\s+"
    r"(?:still\s+|already\s+)?(?:see|view|read|access|open|look)\b"
)

# A change asked for as a polite question ("is it possible to give Tom send as ...?", "any chance you could
# add Ava ...?", "would it be ok to remove Chris ..."): the request is what follows, never a read of who holds
# what (that is asked with the person as its subject: "does Tom have send as ...?", "can Tom open ...?").
# Stripped as politeness (POLITE) and the mark of a request (REQUEST_FORM), so both read it the same.
POLITE_QUESTION: Final = (
    r"(?:is it|would it be|will it be)\s+(?:at all\s+|even\s+)?(?:possible|ok|okay|alright|all right|fine|"
    r"doable)\s+(?:(?:for (?:you|us)\s+)?to|that"
    # ("is it possible that Mike can see my calendar ...?": whether someone already sees it, a question of how
    # things are; red team 78 shared the calendar, nlu150)
    r"(?!" + _NLU150_SEES_NOW + r"))|"
    r"(?:is there\s+)?(?:any|a)\s+(?:chance|way)\s+(?:that\s+)?(?:you|u|we)\s+(?:could|can|might)|"
    r"is there (?:any|a) (?:chance|way) to|"
    r"(?:do|did) you think (?:that\s+)?(?:you|u|we) (?:could|can|might)|"
    r"(?:i was|i am|i'm|we were|we are|we're) wondering (?:if|whether) (?:you|u|we) (?:could|can|might)|"
    r"(?:would|could|will) you be able to|are you able to"
)
# Leading politeness stripped before a clause is read.
POLITE: Final = LazyPattern(
    r"^(?:(?:please|pls|plz|kindly|just|simply|hi|hello|hey|yo|hiya|heya|ok|okay|so|also|then|and|now|next|finally|"
    r"quick one|can you|could you|would you|will you|can u|could u|i'?d like you to|i want you to|"
    # ("quick one - what can ...": a dash after the greeting as after a comma)
    r"i need you to|go ahead and|mailwarden|help me|" + POLITE_QUESTION + r")(?:[,:!]|\s+[-–—])?\s+)+"
)

# Words that start a new clause after "and", "," or "then" (otherwise the conjunction joins names or
# permissions: "Full Access and Send As", "Sarah and Tom").
CLAUSE_STARTERS: Final = LazyPattern(
    r"^(?:please |also |then |and |plus |now |so (?=(?:you|please|could|can|would|kindly)\b))*(?:"
    # "... and have Ava added": a causative "have" is a change of its own, never one more object of the last
    r"have\s+(?=\S+(?:\s+\S+){0,3}?\s+(?:added|removed|given|granted|put|taken|dropped|pulled|kicked)\b)|"
    # "..., the others finished on Friday": the rest of those named, as a subject with its own verb, begins a
    # clause of its own as "they" does (never one more object of the change before)
    r"(?:the\s+others|the\s+rest(?:\s+of\s+them)?|(?:everyone|everybody)\s+else)\s+"
    r"(?=(?:are|were|have|had|has|will|'re|already|just|all|both|\w+ed)\b)|"
    + one_of(
        CHANGE_VERBS
        | frozenset(
            _words(
                """
                show list join leave keep tell who what which get pull display view check can could would i
                i'm i'd we she he they report also copy don't no new sign end send help find look start
                """
            )
        )
        | {"do not", "set up"}
    )
    + r"\b)"
)

# "... noah.davis@ should be removed from sales@": a change said in a clause that adjusted no planned step
CHANGE_SAID: Final = LazyPattern(
    r"\b"
    + one_of(
        CORE_CHANGE_VERBS
        | frozenset(
            _words(
                "added removed taken revoked granted given deleted dropped forwarded shared moved put "
                "created made allowed send sent redirect redirected route routed"
            )
        )
    )
    + r"\b"
    # "I've moved to a different role": a person's new job, told as the reason; no change of a mailbox or list
    + r"(?!\s+(?:on\s+|over\s+)?(?:to|into)\s+(?:a|an|another|the|my|his|her|their)\s+(?:[\w-]+\s+)?"
    r"(?:role|job|position|department|dept|office|building|location|site|country)\b)"
)

# "Tom gets full access to info@, Chris gets send as on it": a new subject and what they get, a clause
# (never a life event, "Sam Taylor is getting married": why a name changes, nothing given; nlu157)
SUBJECT_GETS: Final = LazyPattern(
    r"^(?:and\s+|also\s+|then\s+|so\s+)*§\d+§?\s+(?:also\s+|then\s+)?"
    r"(?:gets|should get|will get|is getting(?!\s+(?:married|engaged|divorced|remarried|hitched)\b)|"
    r"needs(?!\s+to\s+(?!have|get|be)\w)|should have|"
    r"can have|is to get|loses|should lose|will lose)\b"
)

# "Emma only needs to see when Liam is busy, so ...": a statement of who needs to see or know something, the
# one a calendar share that names no one else is for
SUBJECT_NEEDS_TO_SEE: Final = LazyPattern(
    r"^§\d+§?\s+(?:only\s+|just\s+|also\s+|really\s+)?"
    r"(?:needs|wants|has|would like|must be able|should be able|has to be able)\s+to\s+"
    r"(?:see|know|check|view|look at)\b"
)
# "Chris gets send as on it": the mailbox the clause before named
# ("..., but give him send as there": "there" at the end is the mailbox just named, as "on it" is)
ON_IT: Final = LazyPattern(
    r"\b(?:on|to|for|of|into)\s+it\b|\bthere(?=\s*(?:too|as well|also)?\s*[.,;!?]?\s*$)"
)
# "a new list with everyone in it", "... with the whole team on it": members said but named no one (asked)
MEMBERS_UNNAMED: Final = LazyPattern(
    r"\b(?:with|w/|including|containing)\s+(?:everyone|everybody|all of us|all staff"
    r"|the whole (?:team|company|department|office)|the (?:usual|same) (?:people|members|crowd)"
    r"|my team|our team|the team|them all|all)"
    r"(?:\s+(?:in|on)\s+it)?\b"
)
# "Add Ava there and to all-hands", "add her to it and to all-hands": the list just named, beside one named
# now
LIST_REFERENCE: Final = LazyPattern(
    r"\b(?:to|from|into|onto|off|in)\s+(?:it|that list|the same list)\b|\bthere\b"
)
# "who can send as it", "who has access to it": "it" where a recipient is asked about
IT_OBJECT: Final = LazyPattern(r"\b(?:on|to|for|of|into|as|from|in|at)\s+it\b")
# "Give Tom send as on support@. And who else has it?": a question about the right just asked for, on the
# same mailbox (the holders of what the clause before gives or takes)
HOLDS_IT: Final = LazyPattern(
    r"^(?:and|also|so|plus)?\s*who\s+(?:else\s+)?(?:already\s+|currently\s+|still\s+)?"
    r"(?:has|have|holds?|got|gets|owns?)\s+(?:it|that|this|them|those|these|the same)"
    r"(?:\s+(?:right|access|permission)s?)?(?:\s+(?:already|now|today|too|as well|at the moment))?\s*[?.!]*$"
)

# "He also needs send as on info@": a clause whose subject is the person the clause before named
SUBJECT_PRONOUN_START: Final = LazyPattern(
    r"^(?:and\s+|also\s+|so\s+|then\s+)*(?:he|she)\b(?!\s+" + one_of(SPEECH_VERBS) + r")"
)
# "§0 and §1 started today": two people the clause is about (a "she" after it is either)
TWO_SUBJECTS: Final = LazyPattern(r"^§0\s*(?:and|&|\+)\s*§1(?!\S)")
# "can he get ...", "could she have ...": the same one person as subject, asked about
SUBJECT_PRONOUN_ASKED: Final = LazyPattern(
    r"^(?:and\s+|also\s+|so\s+|then\s+)*(?:can|could|would|will|may|might|should|does|did)\s+(?:he|she)\b"
)

# the change an approver approved, said after them as what is to be done ("agreed to remove ...")
_APPROVED_CHANGE: Final = (
    r"remove|removing|add|adding|give|giving|grant|granting|take|taking|share|sharing|revoke|revoking|delete|"
    r"deleting|create|creating|set\s+up|setting\s+up|let|letting|forward|forwarding|drop|dropping|put|putting|"
    r"move|moving|allow|allowing"
)

# nlu145: one person said only by what they are, with an indefinite article ("a new member", "an extra
# temp", "another contractor"): no name (NLU145_UNNAMED_ONE, APPROVER_CLAIM)
_NLU145_ONE_DESCRIBED = (
    r"\b(?:a|an|one|another|one\s+more|an\s+extra)\s+(?:(?:new|extra|additional|temporary|external|"
    r"outside|freelance|contract|agency|summer|junior|senior)\s+)*(?:team\s+)?(?:member|starter|hire|joiner|"
    r"recruit|person|colleague|employee|contractor|consultant|freelancer|intern|temp|trainee|apprentice|"
    r"user|guy|arrival|worker|analyst|assistant)\b(?!\s*(?:mail\s?box|account|list|group|address))"
)

# Who approved ("Mike Smith approved it - Rachel to get ...", "Mike signed off on it: ...",
# "- Noah agreed to it"): a claim, cut like the rest, never a recipient; a dash or colon ends it too
APPROVER_CLAIM: Final = (
    # ("..., I've moved office and Noah Davis agreed": the claim joined on by "and")
    r"(?:(?<=[,.;:!?])\s+|(?<=\s-)\s+|\s+(?:and|but)\s+|^)(?:[\w'-]+\s+){1,4}?(?:has\s+|have\s+|had\s+|is\s+|was\s+)?"
    r"(?:already\s+)?(?:(?:pre-?)?approved|signed off(?:\s+on)?|ok'?d|okayed|authori[sz]ed|"
    r"gave (?:the )?(?:go-ahead|ok)|agreed(?:\s+to)?)"
    # ("approved this one -", "approved that request:"; "OK'd it below", "approved it in the thread": where
    # the approval is, said after what it approved; batch 32, nlu69)
    r"(?:\s+(?:it|(?:this|that|the)(?:\s+(?:one|request|change|access|ticket))?))?"
    r"(?:\s+(?:below|above|underneath|already|earlier|in\s+(?:the\s+)?(?:thread|e-?mail|mail|chat|ticket|writing)"
    r"|(?:by|over|via)\s+e-?mail|on\s+(?:the\s+)?(?:thread|ticket|e-?mail|chat)))?"
    r"(?:\s+-(?=\s)|(?=\s*(?:[,.;:!?]|$))"
    # ("... - Mike approved it until Friday"): an end said after the claim is the access's, and the claim is
    # cut before it, never left holding the approver's name
    r"|(?=\s+(?:until|till|til|through|thru|up to|for the (?:next|rest|coming)"
    r"|for (?:\d+|an?|one|two|three)\s|this week|next week|today|tomorrow)\b))"
    # "David Chen has approved removing Mia Novak from Contractors": who approved, before the change approved
    # said as its -ing (batch 31 read "David Chen has removing Mia Novak" and removed David too)
    r"|(?:(?<=[,.;:!?])\s+|\s+(?:and|but)\s+|^)(?:[\w'-]+\s+){1,4}?(?:has\s+|have\s+|had\s+)?(?:already\s+)?"
    r"(?:(?:pre-?)?approved|signed off on|ok'?d|okayed|authori[sz]ed|agreed to)"
    r"(?=\s+(?:removing|adding|giving|granting|taking|sharing|revoking|deleting|creating|setting up"
    r"|letting)\s)"
    # "... billing@ - Mike is fine with it": after a dash, who is fine with it approved it (after a question,
    # "can we get Ava ...? Olivia is fine with it, please add her", the one told of is read as such)
    # ("..., sarah's fine with it", "... and Mike is ok with that": after a comma or joined on, the same;
    # batch 49 forwarded Tom's mail to Sarah; nlu146)
    r"|(?:(?<=\s-)|(?<=,)|\s+(?:and|but))\s+(?:[\w'-]+\s+){0,3}?[\w-]+(?:\s+(?:is|was)\s+|'s\s+)"
    r"(?:(?:totally|perfectly|completely|also|fully)\s+)?(?:fine|ok|okay|happy|good)\s+with\s+(?:it|this|that)"
    r"(?=\s*(?:[,.;:!?]|$))"
    # "Jane Doe agreed to remove Tom from Marketing", "Jane Doe confirmed we can remove ...", "Jane Doe gave
    # the go-ahead to remove ...", "Jane Doe is happy for us to remove ...", "Jane Doe approves removing ...":
    # who approved, before the change approved said as what is to be done (red team 46 removed the approver
    # too; nlu65)
    r"|(?:(?<=[,.;:!?])\s+|\s+(?:and|but)\s+|^)(?:[\w'-]+\s+){1,4}?(?:has\s+|have\s+|had\s+)?(?:already\s+)?"
    r"(?:(?:agreed|consented)\s+to|(?:confirmed|said|agreed)\s+(?:that\s+)?(?:we|you|it)\s+(?:can|could|may|should)"
    r"|(?:gave|given)\s+(?:us\s+)?(?:the\s+)?(?:go-?ahead|ok|okay|green\s+light)\s+(?:to|for)"
    r"|(?:is|'s|was|are)\s+(?:fine|ok|okay|happy|good)\s+(?:with(?:\s+(?:us|you|me|it))?|for\s+(?:us|you|me|it)\s+to|to)"
    r"|approves|(?:pre-?)?approved|signed\s+off\s+on|ok'?d|okayed|authori[sz]ed)"
    r"(?=\s+(?:" + _APPROVED_CHANGE + r")\b)"
    # "Priya has approved Tom getting full access ...", "Jane Doe has approved Tom's removal from ...": who
    # approved, before the one the change is for (nlu65)
    r"|(?:(?<=[,.;:!?])\s+|\s+(?:and|but)\s+|^)(?:[\w'-]+\s+){1,4}?(?:has\s+|have\s+|had\s+)?(?:already\s+)?"
    r"(?:(?:pre-?)?approved|signed\s+off\s+on|ok'?d|okayed|authori[sz]ed"
    # ("Jane Doe has given the go-ahead for Tom to be removed from Marketing")
    r"|(?:gave|given)\s+(?:us\s+)?(?:the\s+)?(?:go-?ahead|ok|okay|green\s+light|approval)\s+for)"
    r"(?=\s+[\w.@-]+(?:\s+[\w.@-]+)?(?:'s\s+(?:removal|addition|access|request)|\s+(?:getting|having|being)"
    r"|\s+to\s+(?:be\s+|get\s+|have\s+)?(?:" + _APPROVED_CHANGE + r"|removed|added|given|granted))\b)"
    # "Sarah Connor approved send as for him last month, please add it": who approved, before the right they
    # approved and whom it is for; never the one who gets it (batch 42 gave Sarah the send as)
    r"|(?:(?<=[,.;:!?])\s+|\s+(?:and|but)\s+|^)(?:[\w'-]+\s+){1,4}?(?:has\s+|have\s+|had\s+)?(?:already\s+)?"
    r"(?:(?:pre-?)?approved|signed\s+off(?:\s+on)?|ok'?d|okayed|authori[sz]ed)"
    r"(?=\s+(?:the\s+)?(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf)"
    r"(?:\s+(?:rights?|access|permissions?))?\s+(?:on\s+[\w.@-]+\s+)?for\s)"
    # "Fine with me for Priya to join Project Atlas", "OK by Olivia Martin for Tom to have send as": whom it
    # is fine with or by approves, before the one the change is for; never a member or trustee too (batch 32
    # added the quoted approval's writer to the list; nlu69)
    r"|(?:(?<=[,.;:!?])\s+|\s+(?:and|but)\s+|^)(?:(?:it|that|this)(?:'s|\s+is)\s+)?(?:totally\s+|perfectly\s+)?"
    r"(?:fine|ok|okay|good|alright|all\s+right)\s+(?:with|by)\s+(?:me|us|[\w'-]+(?:\s+[\w'-]+)?)"
    r"(?=\s+for\s+[\w.@'-]+(?:\s+[\w.@'-]+)?\s+to\s+(?:" + _APPROVED_CHANGE + r"|join|get|have|be)\b)"
    # "Olivia okayed a new member for Project Atlas, can you add them?": who approved, before the one approved
    # said only by what they are; never that one (batch 48 added Olivia; nlu145)
    r"|(?:(?<=[,.;:!?])\s+|\s+(?:and|but)\s+|^)(?:[\w'-]+\s+){1,4}?(?:has\s+|have\s+|had\s+)?(?:already\s+)?"
    r"(?:(?:pre-?)?approved|signed\s+off(?:\s+on)?|ok'?d|okayed|authori[sz]ed|agreed\s+to)(?=\s+"
    + _NLU145_ONE_DESCRIBED
    + r")"
    # "Remove Tom from Marketing. Approved: Jane Doe": who approved, a field said after the request (nlu65)
    r"|(?<=[.;!?])\s+(?:approved(?:\s+by)?|approval|approver)\s*:?\s+[\w'-]+(?:[ \t]+[\w'-]+){0,2}"
    r"(?=[ \t]*\.?\s*$)"
)
# "Jane Doe owns it and she's fine with it too", "he agreed as well": one more approval, said of someone
# with a pronoun; whoever "she" is, it asks for nothing
PRONOUN_APPROVES: Final = LazyPattern(
    r"\b(?:he|she|they)(?:'s|'re|\s+is|\s+are|\s+was|\s+were)?\s+(?:also\s+)?"
    r"(?:(?:fine|ok|okay|happy|good)\s+with\s+(?:it|this|that)|agreed|approved|signed off|ok'?d|okayed)"
    r"(?:\s+(?:to\s+)?(?:it|this|that))?(?:\s+(?:too|as well))?(?=\s*(?:[,.;:!?]|$))"
)
# "Sarah approved send as for him": the him/her a right was approved for is whom it is for, never the one
# who approved it (who would be "herself"); it stands for the one named before (rules._pronoun_after_approver)
APPROVED_RIGHT_FOR_PRONOUN: Final = LazyPattern(
    r"^\s*(?:the\s+)?(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf)"
    r"(?:\s+(?:rights?|access|permissions?))?\s+(?:on\s+[\w.@-]+\s+)?for\s+(?:him|her)\b"
)
# A person pronoun said after an approver: it may be the approver or the one named before (no genders known)
PERSON_PRONOUN: Final = LazyPattern(r"\b(?:he|she|him|her|his|hers|they|them|their)\b")
# a pronoun opening a when clause ("while she is on leave", "during her leave"): when, never whose
TIME_CLAUSE_BEFORE: Final = LazyPattern(r"\b(?:while|whilst|when|until|till|during|throughout)\s+$")
# "Add Ava and Ken to Finance Team. Wait, no, don't - add her to Marketing instead": one person of several
ONE_PERSON_PRONOUN: Final = LazyPattern(r"\b(?:he|she|him|her)\b", re.IGNORECASE)
# the words APPROVER_CLAIM may open with, joining the claim on before the approver's name ("..., and Sarah
# has approved")
APPROVER_CLAIM_JOINS: Final = frozenset({"and", "but"})
# the words opening a clause whose he/she is the subject of the clause it is joined to ("Tom gets an error
# when he replies"): never a verb of saying or thinking ("Ava thinks he ...", someone else)
SAME_SUBJECT_LINKS: Final = frozenset(
    _words("when whenever while because since as if after before and until")
)
APPROVER_SAID: Final = LazyPattern(
    APPROVER_CLAIM, cue=r"approv|signed|ok|authori|gave|given|agreed|fine|happy|good|confirm|said|consent"
)

# Phrases that try to change who is asking or what policy applies. Requests are data: these are cut
# out of the text before it is read, so they cannot add a person, a step or a privilege.
INJECTION: Final = LazyPattern(
    r"(?:ignore|disregard|forget|override|bypass|skip)\s+(?:all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+|"
    r"earlier\s+|above\s+)*(?:instructions?|rules?|polic(?:y|ies)|approvals?|checks?|restrictions?|prompts?)"
    r"|(?:without|no|skip(?:ping)?|bypass(?:ing)?)\s+(?:any\s+|the\s+|an?\s+)?(?:approvals?|confirmations?|"
    r"review|checks?|asking)"
    r"|\bno\s+need\s+(?:for|to)\s+(?:approval|confirm\w*|ask\w*)"
    r"|\bi\s*(?:'m| am)\s+(?:an?\s+|the\s+)?(?:admin\w*|administrator|global admin\w*|exchange admin\w*|"
    r"it admin|manager|owner|ceo|approver)\b"
    r"|\b(?:this\s+is|it'?s)\s+(?:already\s+)?(?:approved|authori[sz]ed|urgent|an emergency)"
    # ", my manager Priya already approved it": who approved, a claim like the rest, never a recipient
    # ("Mike approved it - Rachel to get ...", "Mike signed off on it: ..."): a dash or colon ends it too
    r"|" + APPROVER_CLAIM + r"|\b(?:already\s+)?(?:pre-?)?approved(?:\s+by\s+\S+(?:\s+\S+)?)?"
    r"|\b(?:acting|act|running|run|logged in|signed in|log in|sign in|authenticated|speaking)\s+as\s+"
    r"[^\s,;.]+(?:\.[^\s,;.]+)*"
    r"|\bon\s+(?:the\s+)?(?:authority|orders|instructions)\s+of\s+[^\s,;.]+(?:\.[^\s,;.]+)*"
    r"|\b(?:as|with)\s+(?:an?\s+)?(?:admin|administrator|root|superuser)\b(?:\s+(?:rights|privileges))?"
    r"|\bsudo\b|\bsystem\s*:|\bauto-?approve\w*",
    # (each part above holds one of these)
    cue=r"ignore|disregard|forget|override|bypass|skip|without|approv|confirm|review|check|ask|admin|manager"
    r"|owner|ceo|authori|authent|urgent|emergency|ok|gave|agreed|fine|happy|good|act|run|log|sign|speak|orders"
    r"|instruction|root|superuser|sudo|system|said|consent|given",
)


# Single words that are also names in some tenants ("Support", "Info", "Will"): matched as a name only
# when written with a capital (not opening the sentence) or followed by a kind noun.
COMMON_WORDS: Final = frozenset(
    _words(
        """
        a about access account add address admin all also an and any approval as at be billing calendar
            can careers change contact contractors copy create day delete details do each engineering every
            everyone external finance for former forward free from full general give grant group have help
            hr i in info is it keep list lists mail mailbox marketing me member members mine my new no of
            off office on open or our out owner people please read remove request sales see send set share
            shared show staff support team the their them they this to until user users what who will with
            you your grace mark rose may june april bill pat art sue rich hope joy faith summer dawn sunny
        """
    )
)


# Words that are also surnames: written with a capital right after a first name ("Give Rachel Grant send on
# behalf ..."), the word is a surname, and one the tenant's person of that first name does not have: a slip
# to ask about (with the close matches), never a silent pick of Rachel Green (mentions._misspelt_surname)
SURNAME_WORDS: Final = frozenset(
    _words(
        """
        grant mark rose bill hope rich king young hill bell page price cook chase will may
        """
    )
)


# (nlu54: in any case: "Rachel WILL", "Sarah ROSE" in capitals are the surname too; in lower case only when
# the first name is the object of one of these verbs before it, "give rachel grant send on behalf ...",
# where the word cannot be a verb of hers; "Rachel will need ..." stays the verb)
SURNAME_WORD_OBJECT_VERBS: Final = frozenset(
    _words(
        """
        give grant add remove take let make put move allow set share forward
        """
    )
)


# (nlu55: in lower case too after a preposition, "share my calendar with rachel rose", whose object the name
# is, and after an auxiliary that puts the name first, "can rachel rose see my calendar", unless the word is a
# verb that can follow there, "can rachel grant ..."; red team 39 saw Rachel Green picked silently)
SURNAME_WORD_PREPOSITIONS: Final = frozenset(_words("with to for from of by about"))
SURNAME_WORD_AUXILIARIES: Final = frozenset(
    _words("can could does did do will would should shall is was has have may might must")
)
SURNAME_WORD_BARE_VERBS: Final = frozenset(_words("grant mark bill hope chase cook price page"))


# ---- typing slips (typos.py): the cue words a slip of which is read as the word -----------------------
TYPO_CUES: Final = frozenset(
    _words(
        """
        give grant remove revoke forward forwarding redirect delete create share unshare calendar full
        access send behalf mailbox inbox people members member membership distribution primary address
        alias editor reviewer permission permissions rights delegate delegation except never without
        instead keep copy copies shared change details everyone emails messages availability please
        can could check mailboxes add project
        """
    )
)
# "and olso from all hands": a short joining word typed with a slip no rule above reads (too short for
# one-letter substitutions in general, and no English word); read as the word, so what it joins is kept
JOINER_SLIPS: Final = {
    "olso": "also",
    "aslo": "also",
    "alos": "also",
    "allso": "also",
    "alsoo": "also",
    # chat spellings of a question's words ("wat shard mailboxs do we hav"): no English word, no name
    "wat": "what",
    "hav": "have",
}
# "ad mia novak to engineering", "pls ad Tom to all-sales": a command word too short for the slips above,
# read only as a sentence's first word (after "please") and only when "to" / "onto" / "in" follows within a
# few words (an advertisement is never added to anyone: "ad spend to marketing" names no person or list)
SHORT_VERB_SLIPS: Final = {"ad": "add", "ads": "adds"}
# "shard mailboxes": a word that is English alone ("shard", NOT_TYPOS) but never before a mailbox word
SLIPS_BEFORE_MAILBOX: Final = {"shard": "shared", "shred": "shared", "sahred": "shared"}
# English words one slip from a cue word: words, never slips ("live" is not "give", "remote" not "remove")
NOT_TYPOS: Final = frozenset(
    _words(
        """
        alas alisa chang cop coy crate crete derails detail email ember embers end ever evoke hare hared
        lease mails massages message pease pleas rant relegate relegation retails right sen shard shred
        detains primacy ive cold heck copes dad protect
        """
    )
)


# "don't have it show up automatically in her Outlook", "it shouldn't appear in his Outlook", "not added to
# Outlook by itself": automapping off, said as what Outlook shows (a modifier, not a negation of the grant).
OUTLOOK_HIDDEN: Final = (
    r"(?:don'?t|do not|doesn'?t|does not|shouldn'?t|should not|mustn'?t|n'?t|not|never|without)\s+"
    r"(?:have\s+|let\s+|make\s+|want\s+|need\s+|like\s+)?"
    r"(?:it\s+|them\s+|the mailbox\s+|the box\s+)?(?:to\s+)?(?:be\s+|being\s+)?"
    r"(?:show(?:ing|s)?|appear(?:ing|s)?|pop(?:ping|s)?|add(?:ed|ing)?|mapp?(?:ed|ing)?|load(?:ed|ing|s)?)\s+"
    r"(?:up\s+)?(?:automatically\s+|by itself\s+|on its own\s+)?(?:in|into|to)\s+(?:\w+\s+)?outlook"
)
# "don't map it into her Outlook", "do not put the mailbox in his Outlook", "keep it out of her Outlook",
# "but not mapped", "don't auto map it": automapping off, said with the mailbox after the verb, as a place
# kept out of, or as a bare participle (batch 18). Read wherever OUTLOOK_HIDDEN is.
# "hide it from his Outlook", "keep the mailbox hidden in her Outlook", "it should be invisible in Outlook",
# "not visible in his Outlook", "leave it out of his Outlook": a verb or state of concealment with Outlook as
# where: automapping off, like "don't show it in Outlook" (red team 46 kept automapping). Read wherever
# OUTLOOK_HIDDEN is.
_IT_THE_MAILBOX = r"(?:it|them|this|that|the (?:mailbox|box|inbox|shared mailbox))"
OUTLOOK_CONCEALED: Final = (
    r"(?:hide|hides|hiding|conceal\w*)\s+(?:" + _IT_THE_MAILBOX + r"\s+)?"
    r"(?:from|in|within|inside|out of)\s+(?:\w+\s+)?outlook"
    r"|(?:(?:keep|keeps|keeping|leave|leaves|leaving|make|makes|making)\s+" + _IT_THE_MAILBOX + r"\s+)?"
    r"(?:hidden|invisible|not\s+visible|out\s+of\s+sight)\s+(?:from|in|within|inside|on)\s+(?:\w+\s+)?outlook"
    r"|(?:leave|leaves|leaving|keep|keeps|keeping)\s+" + _IT_THE_MAILBOX + r"\s+(?:out\s+of|off)\s+"
    r"(?:\w+\s+)?outlook"
)
_MAP_NEGATED = (
    r"(?:don'?t|do not|doesn'?t|does not|didn'?t|not|never|no|without|isn'?t|is not|aren'?t|are not|must not|"
    r"mustn'?t|shouldn'?t|should not|won'?t|will not|"
    r"(?:neither|none)(?:\s+of(?:\s+(?:them|those|these|the two|both))?)?)"
)
OUTLOOK_KEPT_OUT: Final = (
    r"(?:(?:don'?t|do not|doesn'?t|does not|shouldn'?t|should not|mustn'?t|n'?t|not|never|no need to|"
    r"without)\s+(?:(?:want|need|have)\s+(?:you\s+)?to\s+)?(?:auto[- ]?)?"
    r"(?:map|add|put|load|show|pin|mount|attach|include|drop|push)\w*\s+"
    r"(?:it|them|this|that|the (?:mailbox|box|inbox|shared mailbox))\s+(?:automatically\s+)?"
    r"(?:in|into|to|on|onto)\s+(?:\w+\s+)?outlook"
    r"|keep\w*\s+(?:it|them|this|that|the (?:mailbox|box|inbox|shared mailbox))\s+out\s+of\s+"
    r"(?:\w+\s+)?outlook"
    r"|(?:but\s+|and\s+)?(?:it\s+)?(?:not|never|un)\s*(?:auto[- ]?)?mapped\b"
    # "no automatic mapping", "(no mapping)", "no auto-add to Outlook"
    r"|(?:no|without)\s+(?:automatic\s+|auto[- ]?)?mapping\b|(?:no|without)\s+auto(?:matic)?[- ]?add\w*"
    r"(?:\s+(?:to|in|into)\s+(?:\w+\s+)?outlook)?"
    # "without it being mapped", "don't automatically map it", "no need to map it"
    r"|without\s+(?:it|them|the mailbox)\s+(?:being\s+|getting\s+)?(?:auto[- ]?)?mapped\b"
    r"|(?:don'?t|do not|doesn'?t|does not|not|never|no need to)\s+(?:automatically\s+|auto[- ]?)?map\b"
    r"(?:\s+(?:it|them))?"
    # "she does not want it auto-mapped", "it must not be automapped", "make sure it isn't mapped", "neither
    # of them automapped", "without it auto-mapping", "don't have it auto-added to Outlook"
    r"|"
    + _MAP_NEGATED
    + r"\s+(?:(?:want|need|like|have|let|get)\s+)?(?:(?:it|them|the mailbox|this|that)\s+)?"
    r"(?:(?:to\s+)?(?:be|being|get|getting|go|going)\s+)?(?:automatically\s+)?"
    r"(?:auto[- ]?map\w*|mapped|mapping|auto[- ]?add\w*|"
    r"(?:auto[- ]?)?(?:added|loaded|shown|showing|appearing)"
    r"(?:\s+automatically)?\s+(?:to|in|into)\s+(?:\w+\s+)?outlook)\b"
    # "but not in her Outlook", "mapping off", "Outlook shouldn't open it automatically"
    r"|(?:not|never)\s+in\s+(?:\w+\s+)?outlook\b"
    r"|(?:auto[- ]?)?mapping\s+(?:off|disabled|turned off|switched off|no)\b"
    r"|outlook\s+(?:shouldn'?t|should not|must not|mustn'?t|won'?t|will not|doesn'?t need to|"
    r"does not need to)\s+"
    r"(?:open|show|load|add|map|mount)\w*\s+(?:it|them|the mailbox)\b"
    # "she doesn't want it in her Outlook", "don't let Outlook add it", "don't have Outlook open it
    # automatically"
    # (not "I don't need it in my Outlook any more": a reason to take the access away, read by the rules)
    r"|" + _MAP_NEGATED + r"\s+(?:want|need)\s+(?:it|them|the mailbox)\s+(?:in|on)\s+(?:\w+\s+)?outlook\b"
    r"(?![^.;!?]*\b(?:any ?more|any longer)\b)"
    r"|(?:don'?t|do not)\s+(?:let|have|make)\s+outlook\s+(?:open|show|load|add|map|mount)\w*\s+"
    r"(?:it|them|the mailbox)\b)"
)

# ---- negation, scope and corrections (negation.py) ------------------------------------------------------
# A segment that starts with one of these rules out what it says ("don't give Tom ...", "not send as",
# "never full access", "except Mia", "instead of Christine", "keep his send as").
# "Emma Wilson's access to careers@acme.com", "his send as on support@": whose right, the subject of a
# "stays" / "remains" that keeps it as it is (red team 35: "... stays as is" was planned as a grant)
_KEPT_RIGHT_SUBJECT = (
    r"|(?:his|her|their|my|[\w.@'-]+(?:\s+[\w.@'-]+)?['’]s?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:access|rights?|permissions?|send[- ]as|send[- ]on[- ]behalf|delegation|membership|forwarding|share)"
    r"(?:\s+(?:to|on|for|of|in|over)\s+(?:the\s+)?[\w.@'-]+(?:\s+[\w.@'-]+)?)?"
)
# "No need to add Tom to support", "there's no need to forward anything", "it isn't necessary to share it":
# the change said after it is ruled out exactly as "don't" rules it out (negation._segment reads it as one;
# red team 50 found each planned as asked for)
_NO_NEED_TO = (
    r"(?:there(?:'?s|\s+is|\s+was)\s+)?no\s+(?:real\s+)?need\s+(?:for\s+(?:you|us|me|anyone)\s+)?to"
    r"|(?:it(?:'?s|\s+is)\s+not|it\s+isn'?t)\s+(?:necessary|needed|required)\s+to"
)
NO_NEED_TO: Final = LazyPattern(_NO_NEED_TO)
NEGATION_START: Final = LazyPattern(
    r"^(?:(?:but|and|or|so|please|just|also|then)\s+)*"
    # "Olivia Martin's calendar: Maria Garcia stays as editor": whose calendar or mailbox, said as a topic
    # before what stays (batch 33 read the stay as a grant)
    r"(?P<topic>(?:[\w.@'-]+(?:\s+[\w.@'-]+)?['’]s?|my|his|her|their|the)\s+(?:own\s+)?(?:calendar|mailbox|inbox)"
    r"\s*:\s+(?=\S+(?:\s+\S+)?\s+(?:keeps|stays|remains|stay|remain|retains?)\b))?"
    # "Sarah says Tom should keep ...": who says it is no one the segment keeps anything for
    r"(?P<speech>(?!"
    + one_of(CORE_CHANGE_VERBS)
    + r"\b)(?:[\w.@'-]+(?:\s+[\w.@'-]+)?\s+"
    + one_of(SAYING_VERBS | frozenset(_words("thinks thought confirmed wrote")))
    + r"(?:\s+(?:me|us))?\s+(?:that\s+)?)(?=\S+(?:\s+\S+)?\s+(?:\w+\s+(?:to\s+)?)?"
    r"(?:keeps|stays|remains|keep|stay|remain|retains?|holds? on to|hangs? on to)\b))?"
    # "he keeps his full access", "Emma stays on all-sales": what the subject keeps is not touched
    # "Maria Garcia: keep full access on hr@, drop send as": the subject may be said as a topic
    r"(?:(?:he|she|they|[\w.@'-]+(?:\s+[\w.@'-]+)?"
    # ("Emma Wilson's access to careers@acme.com stays as is": whose right, said as the subject; red team 35)
     + _KEPT_RIGHT_SUBJECT + r")\s*:?\s+"
    r"(?:can\s+|should\s+|will\s+|must\s+|may\s+|(?:wants?|would like|'d like|needs?|has|have|gets?) to\s+)?"
    r"(?=(?:keeps|stays|remains|keep|stay|remain|retains?|holds? on to|hangs? on to)\b))?"
    r"(?P<cue>"
    + _NO_NEED_TO
    + r"|don'?t|dont|do not|do n't|never|not|nor|neither|no|without|except(?: for)?|"
    r"apart from|"
    r"other than|excluding|"
    r"minus|excepting|barring|with the exception of|leaving out|leave out|"
    r"save for|instead of|rather than|"
    # ("people keep mixing me up with the other Alex", "he keeps asking us": "keep" before a verb in -ing
    # and who it happens to says it goes on happening, a complaint told as why; nothing kept: nlu134)
    r"keeps?(?!\s+\w+ing\s+(?:me|us|him|her|them)\b)|stays?|remains?|retains?|holds? on to|hangs? on to|"
    # ("leave her as she is": the person said twice)
    # ("leave Emma's access to careers@acme.com alone": a dot inside an address ends nothing; red team 35
    # found it planned as revoking that access)
    r"leave(?=\s+(?:[^,;.]|\.(?=\w)){1,80}?\s+(?:alone|untouched|unchanged|intact|"
    r"as (?:(?:it|she|he|they)\s+)?(?:is|are))\b)|"
    r"leave(?=\s+(?!the\b|me\b)[\w.@'-]+(?:\s+[\w.@'-]+)?\s+"
    r"(?:on|in|alone|as is|untouched|where|with)\b)|"
    # "..., but leave her full access", "leaving Tom's send as": the right said after the one who has it is
    # kept as "but keep her full access" is (batch 29 read it as one more right to revoke)
    r"leav(?:e|ing)(?=\s+(?:him|her|them|his|their|[\w.@'-]+(?:\s+[\w.@'-]+)?['’]s)\s+(?:with\s+)?"
    r"(?:(?:the|his|her|their)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:full[- ]access|fa|send[- ]as|send[- ]on[- ]behalf|sob|access|rights?|permissions?|delegation)\b)"
    r")\b\s*"
)
# "Remove Tom from Marketing, but leave Priya Patel": a bare "leave" before people only (negation.py checks
# that what it names is people, never a list: "leave marketing" is leaving it), after the change is said
# ("..., leaving Priya Patel": the same, said as what the change leaves behind; red team 31 and 32 found it
# removing Priya)
LEAVE_PERSON: Final = LazyPattern(
    r"^(?:(?:but|and|then|just|please|so)\s+)*(?P<speech>)(?P<cue>leave|leaving)\b(?!\s+(?:out|off)\b)\s*"
)
# "..., leaving only Priya Patel", "leave just Priya": who is left once the change is made, which may be
# everyone else going too (negation.py asks)
LEFT_ONLY: Final = LazyPattern(r"(?:just|only)\b")
LEFT_ONLY_ASK: Final = (
    "I could not tell whether {said!r} means everyone else should go too: say who should be removed, or "
    '"remove everyone from <list> except <names>".'
)
# "..., but leave the Sales list": a list left where it is when "but" sets it against the change, or when
# the change is for someone else (a list the requester leaves is theirs: "remove me from Marketing and leave
# Project Atlas"); red team 31 read "Remove Tom from Marketing, but leave the Sales list" as one more member
LEAVE_SET_AGAINST: Final = LazyPattern(r"^(?:(?:just|please|so)\s+)*but\b")
# "take away his full access without removing his send as": the change said after "without" is ruled out
WITHOUT_DOING: Final = LazyPattern(
    r"(?:removing|taking|revoking|dropping|touching|affecting|changing|pulling|stripping|losing|deleting|"
    r"cancell?ing|killing|giving|granting|adding)\b"
)
# "Sarah should not be given send as", "Tom is not to be added to X": a prohibition, nothing to do now (what
# someone already has is not taken away unless the request says so: "... remove it if he has it").
PROHIBITION: Final = LazyPattern(
    r"\b(?:never|(?:should|must|shall|may|is|are)\s*(?:not|n'?t)\s+(?:to\s+)?be\s+"
    r"(?:given|granted|added|offered|assigned|included|put)|(?:is|are) not to be (?:given|granted|added))\b"
)
# "send as yes, full access no", "full access: nope": a right's own polarity, said right after it
RIGHT_POLARITY: Final = LazyPattern(
    # "full access on sales@acme.com yes": the right's mailbox may stand between
    r"(?:\s+(?:on|for|to|of)\s+(?:the\s+)?[\w.@'-]+(?:\s+(?:mailbox|inbox))?)?"
    r"\s*[:=,-]?\s*(?:(?P<yes>yes|yep|yeah|ok|okay|sure|please|fine)|"
    r"(?P<no>no(?: thanks| way)?|nope|nah|not|none|never|denied|declined|rejected|not needed|not required))"
    r"\s*[!.]?\s*(?=[,;.!?)]|$|\s+(?:and|but|though|however|also)\b)"
)
# "Full access on hr@: yes for Christine Lee, no for Rachel Green": a person's own polarity, said right before
# the names it covers (the names joined to the first: "no for Rachel and Tom" rules out both)
PERSON_POLARITY_SAID: Final = LazyPattern(
    r"\b(?:yes|yep|yeah|ok|okay|sure|fine|approved|no|nope|nah|not|never|denied|declined|rejected)\s+(?:for|to)\s",
    re.IGNORECASE,
)
# "Can Ken have it too? Nope! Tom Becker can.": a person and a bare modal, the change said before left out
NAME_MODAL_ALONE: Final = LazyPattern(
    r"§\d+§?\s+(?:can|could|should|may|might|will|does|do|gets? it|needs? it)"
    r"(?:\s+(?:though|instead|too|as well|also))*\W*",
    re.IGNORECASE,
)
# "Can Tom have access to Billing? No. Give Ava full access to it.": a change asked about and answered no
QUESTION_ANSWERED_NO: Final = LazyPattern(
    # (a dot inside an address, "sales@acme.com?", is no sentence's end)
    r"(?:^|(?<=[.!?]\s))(?:[^.?!]|\.(?=\S))*\?\s*(?:no|nope|nah)\s*(?:[.!]+|$)",
    re.IGNORECASE,
)
# "Full access on hr@ - for Christine Lee? yes. For Rachel Green? no.": the same polarity, asked and answered
PERSON_POLARITY_ANSWERED: Final = LazyPattern(
    # (a name, never "it": "Can he get full access to it? No send as needed" is no answer)
    # ("Noah no.", "Rachel Green: no": a name and its answer, said as a sentence of its own)
    r"(?:\b(?P<to>for|to)\s+|(?<=[:.;\-])\s*|^)(?P<who>(?-i:[A-Z])[^?.!;:]{0,60}?)\s*(?:\?|(?<=\w)\s*:?)\s*"
    r"(?P<said>yes|yep|yeah|no|nope|nah)\s*(?=[.!;]|$|,(?!\s*(?:yes|no)\b))",
    re.IGNORECASE,
)
PERSON_YES: Final = LazyPattern(
    r"\b(?:yes|yep|yeah|ok|okay|sure|fine|approved)\s+(?:for|to)\s+$", re.IGNORECASE
)
PERSON_NO: Final = LazyPattern(
    r"\b(?:no|nope|nah|not|never|denied|declined|rejected)\s+(?:for|to)\s+$", re.IGNORECASE
)
# "Lucas and Mia need full access to info@ until Friday, Mia without automapping": how the grant is made for
# some of the people it names, said in a part of its own (what may stand before the names)
PER_PERSON_LEAD: Final = LazyPattern(r"\s*(?:(?:but|and|though)\s+)?(?:(?:for|only)\s+)?", re.IGNORECASE)
# a right followed by a negative word the scope pass did not read ("full access no longer needed by Tom
# thanks"?): what it rules out cannot be told, so it is asked
# "..., send as on sales no": a segment that names a right and ends in a bare no
ENDS_NEGATIVE: Final = LazyPattern(r"\b(?:no|nope|nah|not|never|none)\W*$")
RIGHT_THEN_NEGATIVE: Final = LazyPattern(
    r"\s*[:=-]?\s*(?:no|nope|nah|not|none|never)\b\s*(?:the\s+|his\s+|her\s+)?"
)
# "Forget the send as, ...", "Actually leave Chris out of it", "never mind the full access": what the
# request itself takes back (a right or a person), across sentences. Only in a request that asks for
# something else too ("drop Tom from all-sales" alone is a removal, not a retraction).
RETRACT_LEAD: Final = LazyPattern(
    r"(?:(?:actually|oh|wait|sorry|and|but|also|ok|okay|hmm|so|please|on second thought|scratch that|"
    r"thinking about it|come to think of it)[\s,]+|no\s*,\s*)*"
)
# "...; send as isn't needed", "the send on behalf is not required (for Tom)": said of a right, never "any
# more" (that takes away what someone has: a request of its own)
NOT_NEEDED: Final = LazyPattern(
    # (", which he does not need": what someone has, told; no right of the request ruled out)
    r"(?!.*\b(?:any ?more|any longer|no longer|now)\b)(?!(?:which|that)\s)(?P<what>.+?)\s+(?:"
    r"(?:(?:is|are)\s*(?:not|n't)|isn'?t|aren'?t|won'?t be|will not be)\s+"
    r"(?:needed|required|necessary|wanted|asked for)(?: after all| either| for now)?"
    r"|(?:is|are)\s+(?:unnecessary|not necessary)"
    # "... - send on behalf he does not need": the right said first, then that its person does not need it
    r"|(?:he|she|they|we|i)\s+(?:does\s*not|doesn'?t|do\s*not|don'?t|won'?t|will not)\s+"
    r"(?:need|want|require)(?:\s+(?:it|that|them))?(?: after all| either| for now)?"
    r")(?:\s+(?:for|by)\s+.{1,40})?"
)
# "No forwarding needed, just let Christine read Mike's mailbox", "no send as required": what it names is
# ruled out as "... isn't needed" rules it out (red team 50: the forwarding was planned)
NO_X_NEEDED: Final = LazyPattern(
    r"(?:there(?:'?s|\s+is|\s+are)\s+)?no\s+(?P<what>.+?)\s+(?:is\s+|are\s+)?(?:needed|required|necessary|wanted)"
    r"(?: after all| either| for now)?(?:\s+(?:for|by)\s+.{1,40})?"
)
RETRACTION: Final = (
    LazyPattern(
        r"(?:forget(?: about)?|scrap|scratch|ditch|bin|cross (?:out|off)|never ?mind(?: about)?|no need for|"
        # "..., but skip send as": left out of what the rest asks for, said or not
        r"don'?t bother with|hold off on|skip(?:ping)?|omit(?:ting)?|leaving out|pass on)"
        r"\s+(?P<what>.+)"
    ),
    LazyPattern(
        r"leave\s+(?P<what>.+?)\s+(?:out(?:\s+of\s+(?:it|this|that|the [\w-]+|this one))?|"
        r"off(?:\s+(?:it|this|that|the list|of it|this one))?)"
        # "but leave Noah out for now": when it is left out changes nothing of what the rest asks for
        r"(?:\s+(?:for now|for the moment|for the time being|this time|at the moment|please|pls|thanks))?"
    ),
    LazyPattern(r"(?P<what>.+?)\s+(?:is|are)\s+(?:off(?: the table)?|not needed after all)"),
    # "..., send as can wait": not now, so no part of this plan
    LazyPattern(
        r"(?P<what>.+?)\s+(?:can|could|will have to|may|should)\s+wait(?:\s+(?:for now|until later))?"
    ),
    NOT_NEEDED,
    NO_X_NEEDED,
    LazyPattern(r"not\s+(?P<what>.+?)\s+after all"),
)
# words that take back only what the rest of the request names ("..., oh, drop the send on behalf"); alone
# they are changes ("drop Tom's send as on support" revokes it)
RETRACTION_IF_NAMED: Final = (
    LazyPattern(
        r"(?:skip|drop|cancel|strike|lose|cut|take out|leave off|remove|hold)\s+"
        r"(?P<what>(?:the|that|those)\b.+)"
    ),
    # "..., actually no send as": the right the rest asks for, ruled out (not made the one asked for)
    LazyPattern(r"(?:no|not|without)\s+(?P<what>.+)"),
)
# "..., never mind.", "Forget it." said last: everything before it is taken back
CANCEL_ALL: Final = LazyPattern(
    r"(?:never ?mind|forget (?:it|that|about it|all that|everything)|scrap (?:that|it|all that)|"
    r"cancel (?:that|it|this|everything|the (?:whole )?request)|"
    r"ignore (?:that|this|(?:my|the) (?:last|previous)(?: message| request)?)|"
    r"disregard (?:that|this|it)|don'?t bother|"
    # "... - no, Project Atlas. Actually no, neither": nothing of what was said
    r"neither(?: of (?:them|those|these|the two))?|none of (?:it|that|them|this|those))"
    r"(?: then| after all)?\W*"
)
# "..., never mind, leave the forwarding as it is": after a retraction of everything, how things stay
LEAVE_AS_IS: Final = LazyPattern(
    r"(?:and\s+|just\s+|so\s+|please\s+)*(?:leave|keep)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:as (?:it is|is|they are|it was|they were)|alone|untouched|unchanged|the way (?:it is|they are))\W*"
)
# "Drop the calendar part", "forget the forwarding bit": a part of the request named by what it does
RETRACT_TOPIC: Final[tuple[tuple[frozenset[str], LazyPattern], ...]] = (
    (frozenset({"calendar_share"}), compile_words(r"calendar", r"diary", r"schedule")),
    (frozenset({"email_forwarding_internal"}), compile_words(r"forward\w*", r"redirect\w*")),
    (frozenset({"distribution_list_membership"}), compile_words(r"list", r"dl", r"group", r"membership")),
    (frozenset({"change_primary_alias"}), compile_words(r"primary", r"(?:e-?mail )?address")),
)
# "Scratch the time limit": what a retraction takes back is the end of a grant said before, not the grant
TIME_LIMIT: Final = LazyPattern(
    r"(?:the\s+|that\s+)?(?:time limit|time restriction|end date|expiry(?: date)?|expiration(?: date)?|"
    r"deadline|duration|(?:time|week|date|end) part|(?:one|1|a)[- ]week (?:part|limit|thing))"
)
# An end said right after something set apart ("but not Lucas until Friday", "except Mia till Monday"):
# the one left out is in later, not for good ("for now" is no time to act on: left out)
# A clause about the one set apart ("except Lucas, who gets full access", "apart from Mia - she needs ...")
WHO_GETS_AFTER: Final = LazyPattern(
    r"\s*(?:,|-|\(|;)?\s*(?:who|whom|she|he|they)\s+(?:gets?|needs?|should|will|can|is|has)\b"
)
UNTIL_SAID: Final = LazyPattern(r"\s*,?\s*(?:until|till|til|through|before)\b")
# A word of time: a length or an end said ("two weeks", "until Friday", "end of the month").
TIME_WORDS: Final = LazyPattern(
    r"\b(?:minutes?|hours?|days?|weeks?|fortnight|months?|years?|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|until|till|til|through|tomorrow|tonight|end of|eod|eow|eom|\d+)\b",
    re.IGNORECASE,
)
# what a retraction's object may be that names nothing of its own: the whole request (corrections read it)
RETRACT_ALL: Final = LazyPattern(r"(?:it|that|this|everything|all of it|the whole thing|all that)")
# "drop Tom from all-sales", "skip Ava on the list": a change asked for, not a part taken back
RETRACT_NOT: Final = compile_words(r"from", r"off", r"on", r"to", r"in", r"into", r"onto", r"for")
# "is not to get", "isn't allowed", "aren't supposed to have": a prohibition said with "be"
_NOT_ALLOWED: Final = (
    r"\s+(?:to\s+(?:get|have|receive|be given)|allowed|permitted|(?:supposed|meant|entitled)\s+to|getting|"
    r"to be given)\b"
)
# "..., but he should not get send as": what the rest gives is limited, not taken away
LIMITING_SUBJECT: Final = LazyPattern(
    r"^(?P<conj>(?:but|and|though|although)\s+)?(?:he|she|they|[\w.@'-]+(?:\s+[\w.@'-]+)?"
    # ("...; Lucas and Ethan don't need it": two people said as the subject; nlu57)
    r"(?:\s*(?:,|\band\b|&)\s*[\w.@'-]+(?:\s+[\w.@'-]+)?){0,4})\s+"
    r"(?:(?:should|must|may|can|will|does|do)\s*(?:not|n'?t)\s+"
    r"(?:get|have|receive|be given|need|be able to)\b"
    r"|(?:is|are)\s*(?:not|n'?t)" + _NOT_ALLOWED + ")"
)
# "... my calendar but mustn't change anything in it", "read only, he shouldn't be able to edit": a calendar
# share's level capped (reviewer), not the share taken away
LIMITING_LEVEL: Final = LazyPattern(
    r"^(?!.*\b(?:any ?more|any longer|no longer)\b)(?:(?:but|and|though|although)\s+)?"
    r"(?:(?:he|she|they|[\w.@'-]+)\s+)?"
    r"(?:(?:should|must|may|will|does|do|could)\s*(?:not|n'?t)|can'?t|cannot|can not)\s+(?:be able to\s+)?"
    r"(?:change|edit|modify|alter|touch|write|delete|add)\b"
)
# "I don't send as HR anymore, please take that right off": what someone no longer uses is what to take away
# (read as "I no longer send as HR"); said of a subject, with "any more", never an order ("don't use ...")
NO_LONGER_USES: Final = LazyPattern(
    r"\b(?P<who>(?!(?:please|just|and|but|so|then|you)\b)[\w.'-]+)\s+(?:don'?t|do not|doesn'?t|does not)\s+"
    r"(?:really\s+|even\s+)?"
    r"(?P<verb>use|send as|send on behalf|open|read|access|look at|work (?:in|on|with)"
    # (nlu162) "..., I don't manage her diary any more": a duty no longer held, the why of a share taken off
    r"|manage|handle|look after|run|keep)\b"
    r"(?=(?:[^.;!?]|\.(?=\w))*\b(?:any ?more|any longer)\b)",
    re.IGNORECASE,
)
NO_LONGER_SAY: Final = r"\g<who> no longer \g<verb>"
# "pls remove my send on behalf on the sales mailbox, I don't send from it anymore": sending from it is using
# it (read as "I no longer use it"; "send from" alone read as one more right, send as, and asked whose;
# nlu155)
NLU155_NO_LONGER_SENDS_FROM: Final = LazyPattern(
    r"\b(?P<who>(?!(?:please|just|and|but|so|then|you)\b)[\w.'-]+)\s+(?:don'?t|do not|doesn'?t|does not)\s+"
    r"(?:really\s+|even\s+|ever\s+)?(?:send|reply|email)(?:\s+(?:e-?mails?|mail|messages|anything))?\s+from\b"
    r"(?=(?:[^.;!?]|\.(?=\w))*\b(?:any ?more|any longer)\b)",
    re.IGNORECASE,
)
NLU155_NO_LONGER_SENDS_FROM_SAY: Final = r"\g<who> no longer use"
# "Noah said it's quicker than forwarding everything to me": a change named only to compare with (cut: read as
# a request it set up forwarding no one asked for)
COMPARED_CHANGE: Final = LazyPattern(
    r"\b(?:quicker|faster|easier|simpler|better|safer|cheaper|neater|cleaner|less (?:work|hassle))\s+than\s+"
    r"[^.;!?]*",
    re.IGNORECASE,
)
# "Don't forget to add Ken", "please don't hesitate to give ...": a reminder, not a negation.
NOT_A_NEGATION: Final = LazyPattern(
    r"\b(?:(?:please\s+)?(?:don'?t|do not|never)\s+(?:forget|hesitate|fail)\s+to|make sure (?:to|you)|"
    # "Can't you just give Noah ...?", "couldn't you add ...": a request said impatiently
    r"^(?:why\s+)?(?:can'?t|cannot|couldn'?t|won'?t|wouldn'?t)\s+you(?:\s+just)?)\s+"
    # "Can I see Priya's calendar, or is that not allowed?": whether it may be done, asked at the end
    r"|,?\s*\bor\s+(?:is|isn'?t|would|wouldn'?t|will|won'?t)\s+(?:that|this|it)\s+(?:not\s+)?(?:be\s+)?"
    r"(?:allowed|possible|ok(?:ay)?|permitted|a problem|an issue)\s*(?=[?.!]|$)",
    re.IGNORECASE,
)
# "I still can't send from billing@", "I don't seem to get the all-sales emails": the requester's own trouble,
# the reason for a request, not a negation of it nor a request itself (cut to its clause's end; what it names
# is what the rest may mean)
SYMPTOM: Final = LazyPattern(
    # ("i somehow never get the company announcements": what never happens to them)
    r"\b(?:i|we)(?:'m|'re|\s+am|\s+are)?\s+(?:still\s+|just\s+|really\s+|somehow\s+|apparently\s+)?"
    r"(?:can'?t|cannot|can not|couldn'?t|unable to|not able to|never|"
    r"(?:don'?t|do not) seem to(?: be able to)?|(?:haven'?t|have not) been able to)\s+"
    r"(?=(?:\w+\s+)?(?:get|receive|see|send|open|access|reply|read|find|use)\b)"
    # (nlu115) "... but it never appeared in his Outlook", "the mailbox still isn't showing up": access
    # already asked for that did not show, told in the past (or "still"), so never a state wished ("make
    # sure it doesn't show in his Outlook" asks for no automapping); read as a negation, its scope was asked
    r"|\b(?:it|they|that|this|the\s+(?:[\w-]+\s+)?(?:mailbox|box|inbox|calendar|access|folder|account|list))\s+"
    r"(?:still\s+|just\s+|somehow\s+|apparently\s+)?(?:never|(?:has|have)(?:\s+not|n['’]?t|\s+never)"
    r"|did(?:\s+not|n['’]?t)|(?<=still\s)(?:is|are)(?:\s+not|n['’]?t))\s+(?:ever\s+|yet\s+|actually\s+)?"
    r"(?:appeared|appear(?:ing)?|shown|show(?:ed|ing)?|come|came|turned|turn|popped|pop|loaded|load(?:ing)?|"
    r"synced|sync(?:ing)?|worked|work(?:ing)?)(?:\s+up|\s+through)?\b",
    re.IGNORECASE,
    # (each 'cannot' above holds one of these)
    cue=r"can|couldn|able|never|seem|haven|have not|hasn|has not|didn|did not|still",
)
# "New recruiter Noah Davis cannot open the Careers mailbox. Please give him full access.": someone else's
# trouble, told as why, as the requester's own is (SYMPTOM); a name or he/she before a "cannot" of getting at
# mail; never "can't send as ... any more" (what they should no longer do), nor a right said outright after it
# (batch 40: 'cannot' was read as ruling something out, and the scope asked)
# Told as a sentence of its own (a few words before the name: "New recruiter Noah Davis"), never a question's
# object ("check why Ken can't get into billing and fix it" asks what to do)
# "make it so Maria can't get into my calendar", "ensure Tom cannot open billing@": a state the request wants,
# never someone's trouble told as why (OTHERS_SYMPTOM)
STATE_WISHED: Final = LazyPattern(r"\b(?:make\s+(?:it\s+)?(?:so|sure)|ensure|see\s+to\s+it)\b")
OTHERS_SYMPTOM: Final = LazyPattern(
    r"(?:^|(?<=[.!?;:\n]))[ \t]*"
    r"(?:(?!(?i:why|whether|if|how|when|check|see|and|but|so)\b)[\w'’-]+[ \t]+){0,3}?"
    r"(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}|(?i:he|she|they))\s+"
    r"(?i:(?:still\s+|just\s+|apparently\s+)?(?:can'?t|can’t|cannot|can\s+not|couldn'?t|couldn’t|is\s+unable\s+to|"
    r"isn'?t\s+able\s+to|is\s+not\s+able\s+to|(?:has|have)(?:\s+not|n'?t)\s+been\s+able\s+to)\s+"
    r"(?:get\s+into|open|access|see|read|reply\s+from|send\s+from|log\s+into|get\s+to)\b"
    r"(?![^.;!?\n]*\b(?:any\s*more|any\s+longer|no\s+longer)\b))",
    re.MULTILINE,
    cue=r"(?i:can|couldn|able|been)",
)
# The NEGATION_START cues that rule out what follows them ("Not Ken", "except Mia"); the others keep
# ("keep ...", "leave ... alone") or swap ("instead of ...")
NEGATING_CUES: Final = frozenset(
    {"not", "no", "never", "except", "except for", "without", "excluding", "minus"}
)
# "..., no, not Phoenix": a correction that only rules out (what it leaves is not said)
NOT_FIX: Final = LazyPattern(r"not\b", re.IGNORECASE)
# "..., wait, not Noah - Emma": a correction naming what it replaces, then what replaces it.
NOT_THIS_BUT: Final = LazyPattern(
    r"^not\s+(?P<old>.+?)\s*(?:\s-\s*|,\s*(?:but\s+)?|;\s*|\s+but\s+)(?P<new>.+)$"
)
# "... as reviewer. Sorry, editor, not reviewer": a correction naming what replaces, then what it replaces
THIS_NOT_THAT: Final = LazyPattern(
    r"^(?P<new>.+?)\s*(?:,\s*|;\s*|\s+-\s*|\s+)(?:and\s+|but\s+)?not\s+(?!just\b|only\b|also\b)(?P<old>.+)$",
    re.IGNORECASE,
)
# "..., give him send on behalf instead": the alternative to what a negation ruled out, not a negation.
# "Priya's calendar is already shared with Ava. Remove it and share it with Emma instead": a share said to be
# so, then taken away or replaced, is the one said (a revoke no rule plans from a statement): asked
ALREADY_SHARED_WITH: Final = LazyPattern(r"\b(?:is|are)\s+(?:already\s+|currently\s+|now\s+)+shared\s+with\b")
REPLACES_WHAT_IS: Final = LazyPattern(
    r"\binstead\b(?!\s+of)|\b(?:remove|revoke|take away|take back|stop|end|cancel|undo|unshare)\s+"
    r"(?:it|that|this|that share|the share|their access|her access|his access)\b"
)
TRAILING_INSTEAD: Final = LazyPattern(r"\s+instead\b(?!\s+of)", re.IGNORECASE)
# A negation word anywhere: what the reader checks is left once every form it understands is handled.
NEGATION_ANYWHERE: Final = compile_words(
    r"not", r"\w+n't", r"(?:do|does|did|ca|wo|should|must|could|would|is|are)nt", r"never", r"except",
    r"instead", r"rather than", r"apart from", r"other than",
    r"excluding", r"keep\w*", r"cannot", r"dont", r"skip(?:ping)?", r"omit(?:ting)?",
)  # fmt: skip
# Negations that are modifiers the rules already read (automapping, keeping a copy or the old address),
# descriptions ("it is not used"), or additions ("not only ... but also").
# ", who can't get into the portal": what goes wrong for someone, told as the reason; no right ruled out
# (read as a negation left unread, it asked; nlu49). Only things that are no mailbox, list or calendar.
CANT_GET_INTO_TOLD: Final = (
    r",\s*who\s+(?:(?:still|now|currently)\s+)?(?:can'?t|cannot|can\s+not|couldn'?t|could\s+not|"
    r"(?:is|was)(?:\s+not|n'?t)\s+able\s+to|(?:is|was)\s+unable\s+to|keeps\s+failing\s+to)\s+"
    r"(?:get\s+(?:into|in\s+to|onto|on\s+to|in\s+to)|log\s*(?:in|on)(?:\s*to)?|sign\s+(?:in|on)(?:\s*to)?|"
    r"login\s+to|access|open|reach|use|connect\s+to)\s+(?:the\s+|his\s+|her\s+|their\s+|a\s+|an\s+|our\s+)?"
    r"(?:new\s+|hr\s+|staff\s+|company\s+|expenses?\s+|payroll\s+)?"
    r"(?:portal|laptop|vpn|teams|sharepoint|intranet|app|system|computer|pc|phone|wi-?fi|printer|website|site|"
    r"network|workday|jira|slack|zoom|building|office|wiki|erp|crm|tool|dashboard)\b"
)
# "Liam ... is not getting the company announcements", "she hasn't been receiving the emails": mail someone
# does not get, told as the problem the request mends (nlu90, batch 37 asked what "not" rules out); never a
# right ("he is not getting send as") nor mail said to stop ("... the emails any more")
MAIL_NOT_GOT_TOLD: Final = (
    # ("I'm not getting the company announcements", "I don't get the emails": said of oneself; nlu123)
    r"(?:\b(?:is|are|was|were|has|have|am)|['’](?:m|re|s|ve))(?:\s+not|n['’]?t)\s+(?:been\s+)?"
    r"(?:getting|receiving|seeing)\s+"
    r"(?:(?:the|any|our|his|her|their|company|team|all-?hands|weekly|internal)\s+)*"
    r"(?:e-?mails?|mail|messages|announcements|updates|newsletters?|invites|invitations|notifications)\b"
    r"(?!\s+(?:any\s*more|from\s+now|after|again)\b)"
)
# "..., I'm working from the client site and can't get to Outlook": the mail program or machine someone cannot
# reach, told as why the mail should go elsewhere (batch 46 asked what "can't" rules out; nlu134). Said of
# oneself or of someone (I, we, he, she, they, or "and" going on from them); only things that are no
# mailbox, list or calendar: "I can't get into the Sales mailbox" is a right, and stays as it was read.
_CANT_REACH = (
    r"(?:(?:still|just|currently|now|often|sometimes)\s+)?"
    r"(?:can'?t|can['’]t|cannot|can\s+not|couldn['’]?t|could\s+not|(?:am|['’]m|is|['’]s|are|['’]re)\s+unable\s+to)\s+"
    r"(?:get\s+(?:to|into|in\s+to|onto|on\s+to|at)|log\s*(?:in|on)(?:\s*to)?|sign\s+in(?:\s*to)?|access|"
    # (a masked "my" is a mention: "§3§ laptop")
    r"open|reach|use|connect\s+to)\s+(?:the\s+|my\s+|his\s+|her\s+|their\s+|our\s+|a\s+|§\d+§\s*)?"
    r"(?:outlook|owa|webmail|web\s+mail|laptop|vpn|pc|computer|desktop|network|wi-?fi|work\s+laptop)\b"
)
CANT_GET_TO_TOLD: Final = r"\b(?:i|we|he|she|they|and)\s+" + _CANT_REACH
# the same told as a part of its own after a comma ("forward my mail to Liam Brown, I can't log into my laptop
# at the client site"): its "I" is no one more the change is for (rules._clauses cuts it as a statement)
NLU134_CANT_REACH_PART: Final = LazyPattern(
    r"^[ \t]*(?:(?:and|but|as|since|because|cause|cos)\s+)?(?:§\d+§|i|we|he|she|they)\s+"
    r"(?:(?:am|['’]m|is|['’]s|are|['’]re)\s+[^.;!?\n§,]*?\s+and\s+)?"
    + _CANT_REACH
    + r"[^.;!?\n§,]*(?=[.;!?\n]|$)",
    re.IGNORECASE,
)
# "... primary address to hello@acme.com. Keep info@ working as well.": the old address kept receiving, said
# of the address itself, beside a change of a primary address (NLU134_PRIMARY_SAID): the keep_old the primary
# reader sets, never an exclusion of the mailbox (batch 46 ruled the whole request out; nlu134). Beside any
# other change ("Delete the Contractors list. Keep contractors@ working.") it stays a keep, and is asked.
NLU134_OLD_ADDRESS_KEPT: Final = LazyPattern(
    r"(?:(?:and|but|please|pls|also|just)\s+)*keep(?:ing)?\s+(?:the\s+)?[\w.+-]+@(?:[\w-]+(?:\.[\w-]+)*)?\s+"
    r"(?:(?:address|alias|one)\s+)?(?:working|alive|active|live|going|running|receiving(?:\s+mail)?)"
    r"(?:\s+(?:as\s+well|too|also))?(?=\s*(?:[.;!,\n]|$))"
)
NLU134_PRIMARY_SAID: Final = LazyPattern(r"\b(?:primary|main\s+(?:e-?mail\s+)?address)\b", re.IGNORECASE)
NEGATION_MODIFIERS: Final = LazyPattern(
    CANT_GET_INTO_TOLD
    + r"|"
    + CANT_GET_TO_TOLD
    + r"|"
    + MAIL_NOT_GOT_TOLD
    + r"|"
    + OUTLOOK_HIDDEN
    + r"|"
    + OUTLOOK_CONCEALED
    + r"|(?:"
    + OUTLOOK_KEPT_OUT
    + ")"
    # ("people keep mixing me up with the other Alex": what goes on happening to someone; nlu134)
    + r"|\bkeeps?\s+\w+ing\s+(?:me|us|him|her|them)\b"
    + r"|(?:don'?t|do not|doesn'?t|does not|not|no|without)\s+(?:use\s+|do\s+|want\s+|have\s+|need\s+)?"
    r"(?:the\s+|any\s+)?"
    r"auto[- ]?map\w*(?:\s+it)?"
    # "but turn automapping off", "switch off automapping": how the grant works, not a revoke
    r"|(?:(?:turn|switch|set)\w*\s+)?auto[- ]?map\w*\s*"
    r"(?:[:=]\s*|(?:set\s+)?to\s+|(?:switched|turned|set)\s+)?(?:off|false|no|disabled)\b"
    r"|(?:disabl\w*|(?:turn|switch)\w*\s+off)\s+(?:the\s+)?auto[- ]?map\w*"
    r"|(?:without|not)\s+(?:it\s+)?(?:showing|appearing|adding it)"
    r"|(?:(?:don'?t|doesn'?t|do not|does not|not|no need to|without|and|but)\s+"
    r"(?:(?:want|need|have)\s+to\s+)?)?"
    r"keep(?:ing)?\s+(?:a |an |the |his |her |my |"
    r"their )?(?:\w+\s+)?(?:cop(?:y|ies)|old|original|previous|existing|alias|secondary)\b"
    r"(?:\s+(?:one|address|"
    r"email|alias))?"
    # "a copy should stay in the mailbox": how forwarding works, nothing of the request kept as it is
    r"|(?:(?:and|but)\s+)?(?:a |the |one )?cop(?:y|ies) "
    r"(?:should |must |will |can |has to |have to |needs? to )?(?:stays?|remains?|be kept|be left)\b"
    # "and no, we don't want to keep sarah@acme.com": the old address, not kept as an alias
    r"|(?:don'?t|do not|not|no need to)\s+(?:want\s+to\s+|need\s+to\s+)?keep(?:ing)?\s+[\w.+'-]+@[\w.-]+\w"
    # "we don't need the old address kept", "the old one isn't needed" (DROP_OLD reads them; nlu52)
    r"|(?:don'?t|do not|doesn'?t|does not|won'?t|will not|no longer)\s+need\s+(?:the\s+)?old"
    r"(?:\s+(?:one|address|alias))?(?:\s+(?:kept|any\s?more|around))?"
    r"|\bold\s+(?:e-?mail\s+|smtp\s+)?(?:address|one|alias)\s+(?:is\s+not|isn'?t|is\s+no\s+longer|won'?t\s+be|"
    r"will\s+not\s+be|not)\s+(?:needed|required|wanted)"
    # "but keep billing@acme.com working", "keep the old address active": the old address kept as an alias
    r"|(?:(?:and|but)\s+)?keep(?:ing)?\s+(?:the\s+old\s+(?:one|address)|[\w.+'-]+@[\w.-]+\w)(?:\s+address)?\s+"
    r"(?:working|active|alive|live|as an? (?:alias|secondary(?: address)?))\b"
    # "I keep missing their updates": something that goes on happening, a reason, no right kept
    r"|\b(?:i|we|he|she|they)\s+keep\s+(?:on\s+)?(?:missing|forgetting|losing|getting|seeing|having|running|"
    r"being|needing|asking|bouncing|failing)\b"
    # "The old jane.doe@acme.com address should keep working": the old address kept as an alias (also said
    # bare: "the old hr@ address")
    r"|(?:the\s+)?old\s+(?:[\w.+'-]+@(?:[\w.-]+\w)?\s+)?(?:one\s+|address\s+|alias\s+)?"
    r"(?:should|must|can|will|has to|needs to)\s+"
    r"(?:keep|stay|remain)\s+(?:working|active|alive|live)\b"
    # "but keep them in my inbox too": a copy kept, how forwarding works
    r"|(?:(?:and|but)\s+)?keep(?:ing)?\s+(?:it|them|the messages|messages|(?:the )?mail|"
    r"(?:the )?e-?mails?)\s+"
    r"(?:in|on)\s+(?:my|his|her|their|the|its)\s+(?:own\s+)?(?:inbox|mailbox)\b"
    # ("he is not to get send as", "she isn't allowed ...": a prohibition, never a description)
    r"|(?:\b(?:is|are|was|were)\s+not\b|\b(?:isn'?t|aren'?t|wasn'?t|weren'?t)\b)(?!" + _NOT_ALLOWED + r")"
    # "and keep billing@acme.com as an alias": the old address kept, how a primary change is done
    # "don't keep billing@ as an alias", "keeping his current one as an alias": whether the old one stays
    rf"|(?:(?:don'?t|do not|not|without|no need to)\s+)?keep(?:ing)?\s+(?:{_OLD_ONE}\s+)?as\s+(?:an?\s+)?"
    r"(?:alias|secondary|additional|extra|second)\b"
    r"|\bnot only\b|\bbut also\b",
    # (each part above holds one of these: Outlook, a map, automapping, a copy, "keep", "stay", a "not";
    # a bare "n't" is only in parts naming Outlook; elsewhere it ends the words below: "grant" holds none)
    cue=r"outlook|auto|map|show|appear|adding|keep|cop|stay|remain|not"
    r"|(?:can|couldn|isn|wasn|don|doesn|shouldn|mustn|didn|aren|won|weren)'?t\b|but\s+also",
)
# The possessive right after a name, read onto the mention ("Olivia's", "Ken Adams'", "James’s").
POSSESSIVE_MARK: Final = LazyPattern(r"['’]s\b|['’](?=\s|$)")
# A word written with a capital (a name or a part of one: "only Phoenix").
CAPITALISED_WORD: Final = LazyPattern(r"\b[A-Z][\w'-]{2,}")
# "and she doesn't want it in Outlook", "but it must not be added to her Outlook": who or what a modifier is
# about, before the modifier itself
MODIFIER_SUBJECT: Final = LazyPattern(
    r"^(?:(?:but|and)\s+)?(?:(?:he|she|they|i|we)(?:'d|\s+would)?\s+(?:rather\s+|really\s+)?|"
    r"(?:it|the (?:mailbox|inbox|box))\s+(?:must|shall|should|may)\s*(?=(?:not|n'?t)\b)|it\s+(?=mustn'?t))?"
)
# "but don't touch Maria's other access", "leave the rest of his permissions alone", "keep everything else
# she has", "don't change anything else": what the request does not name is left as it is
# (negation._cut_negations)
_OTHER_THINGS = (
    r"(?:(?:[\w.'’-]+\s+){0,2}?(?:other|remaining)\s+(?:access|rights|permissions|delegations|shares|sharing|"
    r"memberships|lists|stuff|settings)|the\s+rest(?:\s+of\s+(?:[\w.'’-]+\s+){0,2}?(?:access|rights|permissions|"
    r"delegations|memberships|lists|stuff))?|(?:anything|everything)\s+else(?:\s+(?:she|he|they)\s+(?:has|have))?|"
    r"(?:[\w.'’-]+\s+){0,2}?(?:access|rights|permissions)\s+(?:to|on)\s+anything\s+else)"
)
OTHER_ACCESS_UNTOUCHED: Final = LazyPattern(
    r"^(?:(?:but|and|so|please|just)\s+)*(?:(?:don'?t|do not|dont|never|no need to)\s+"
    r"(?:touch|change|remove|revoke|affect|alter|modify|mess with|take away|take)\s+|"
    r"(?:leave|keep)\s+)" + _OTHER_THINGS + r"(?:\s+(?:alone|as (?:it is|is|they are)|untouched|intact|"
    r"in place|as well|though|please))*\s*[.!]?\s*$",
    cue=r"other|remaining|rest|else",
)
# Words that take something away: a negation left in a request made only of these reads as "stop".
NEGATION_REVOKING: Final = compile_words(
    r"no longer", r"not need", r"don'?t need", r"doesn'?t need", r"does not need", r"do not need",
    r"shouldn'?t", r"should not", r"mustn'?t", r"must not", r"can'?t", r"cannot", r"can no longer",
    r"any ?more", r"any longer", r"not allowed", r"no more",
    r"(?:don'?t|do not) (?:let|allow)(?=.*\b(?:any ?more|any longer)\b)",
    # "Tom isn't supposed to have full access any more": a prohibition, said of what someone has now
    r"(?:isn'?t|is not|aren'?t|are not)" + _NOT_ALLOWED + r"(?=.*\b(?:any ?more|any longer)\b)",
    # "he doesnt want the notifications anymore", "i dont use it any more": the reason a right or a place
    # is taken away, said of the one losing it
    r"(?:don'?t|doesn'?t|do not|does not|didn'?t)\s+(?:really\s+)?(?:want|use|need|read|look at|open|check)\b"
    r"(?=.*\b(?:any ?more|any longer)\b)",
)  # fmt: skip
# "don't let Tom send as support anymore": what is to stop
LET_ANYMORE: Final = LazyPattern(r"(?:let|allow)\b")
# "Tom has full access to support already, now give him send as": how things are, no change of its own
ALREADY_STATE: Final = LazyPattern(
    r"^(?:already|currently)\s+(?:has|have|is|are|holds?|owns?|gets?)\b|"
    # "Priya already shares her calendar with me", "Tom already forwards his mail to Ava": what someone
    # does already, told before the request
    r"^(?:already|currently)\s+(?:shares|forwards|lets|allows|sends|manages)\b|"
    r"^(?:has|have|is|are|holds?|owns?|gets?)\b.*\b(?:already|currently|at the moment)\b|"
    # "Priya's calendar is already shared with Ava": a thing said to be so already (its owner blanked)
    r"^(?:[\w'-]+\s+){1,2}(?:is|are)\s+(?:already|currently)\s+(?:shared|forwarded|set|visible|open)\b|"
    # "Chris Lee has send as on support@", "Ethan has full access to support@. Give him Send As": a right
    # someone holds, said as a fact; no change asked for
    r"^(?:i\s+|we\s+)?(?:still\s+|also\s+)?(?:has|have|holds?)\s+(?:got\s+)?(?:the\s+|a\s+|an\s+)?"
    r"(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf|fa|sob|read and manage)\b"
)
# "..., if you don't mind", "if you wouldn't mind, add me to ...": politeness whose "n't" rules nothing out
# (read as a negation it asked what was ruled out); cut where it stands alone (rules._read)
IF_YOU_DONT_MIND: Final = LazyPattern(
    r"[,;]?\s*\bif\s+you\s+(?:do\s+not|don'?t|dont|wouldn'?t|wouldnt|would\s+not)\s+mind(?:\s+(?:me\s+)?asking)?"
    r"(?=\s*(?:[,.;!?)]|$))",
    re.IGNORECASE,
    cue=r"mind",
)
# "... unless Sarah agrees": a condition the plan cannot hold. "if" + the one asked being able or willing ("if
# you can / could / would / don't mind / get a chance", "cheers if you could ...", "I'd appreciate it if you
# could ...") puts the request politely (_POLITE_IF_YOU); it makes nothing depend on anything. Not when what
# the one asked is to do first is to check or ask someone ("... if you can confirm Priya approved", "if you
# could check with Priya first"): that is a condition, and the one named there no one the change is for
_POLITE_IF_YOU: Final = (
    r"you\s+(?:can|could|would|'d|will|(?:do\s+not|don'?t|wouldn'?t|would\s+not)\s+mind|"
    r"(?:have|get|got)\s+(?:a\s+)?(?:chance|minute|moment|sec|second|mo)|have\s+(?:the\s+)?time)\b"
    r"(?!\s+(?:please\s+|kindly\s+|just\s+|first\s+)?"
    r"(?:confirm|check|verify|ask|make\s+sure|double[- ]?check|clear\s+it|run\s+it|find\s+out|talk|speak|"
    r"email|e-mail|ping|contact|wait|see\s+(?:if|whether)|"
    r"get\s+(?:[\w'’]+\s+){0,2}(?:ok|okay|approval|sign[- ]?off|go[- ]ahead|consent|permission|blessing))\b)"
)
# nlu144: "not sure if that is allowed", "no idea if that's possible", "wondering if that is too much": a
# doubt about the request put as an embedded question, nothing it depends on (a hedge, as "if that's ok" is)
_NLU144_HEDGE_IF: Final = (
    r"(?:that|this|it)(?:'s|’s|\s+is|\s+would\s+be|\s+will\s+be|\s+was)?\s+(?:even\s+|actually\s+)?"
    r"(?:allowed|ok(?:ay)?|possible|permitted|fine|acceptable|too\s+much|a\s+problem|an\s+issue)\b"
)
CONDITION: Final = LazyPattern(
    r"\b(?:unless|if(?!\s+(?:possible|"
    + _POLITE_IF_YOU
    + "|"
    + _NLU144_HEDGE_IF
    + r"|needed|necessary|that'?s ok|any\b|so\b|"
    r"(?:he|she|they|it)\s+(?:has|have|does|still has|still have)\b(?:\s+(?:it|them|one|any))?\s*[.!]?$))|"
    r"provided(?: that)?|as long as|"
    r"only if|in case)\b"
)
# "..., wait for Priya to approve first", "once Priya approves", "wait for Priya's OK": the change is to wait
# for someone's word, a condition the plan cannot hold (read as a name, the approver was given the access too)
WAIT_FOR_APPROVAL: Final = LazyPattern(
    r"\bwait\s+(?:for|until|till|til)\s+(?:[\w.@'’-]+\s+){0,3}?(?:to\s+)?(?:approv\w*|sign(?:s|ed)?[- ]?off|"
    r"ok(?:ay)?|go[- ]ahead|confirm\w*|say(?:s)?\s+(?:yes|so|ok))\b"
    r"|\b(?:once|as soon as)\s+(?:[\w.@'’-]+\s+){1,3}?(?:approves?|has\s+approved|signs?\s+off|"
    r"has\s+signed\s+off|"
    r"confirms?|has\s+confirmed|says?\s+(?:yes|so|ok))\b"
)
# What a bare "wait," or "make it" fix must say to be one (batch 18): a level, a right or a length, nothing
# added besides ("wait, also add Ava", "oh wait, Ava too" add to the request, they replace nothing in it)
_FIX_OF_A_VALUE = (
    r"(?=[\s,:]+(?![^.;!?]*\b(?:also|too|as well|one more|another|plus)\b)"
    r"(?:make (?:it|that)\s+|just\s+|only\s+|i mean\s+)?(?:an?\s+)?"
    r"(?:editor|reviewer|author|owner|contributor|read[- ]?only|read|free\s*/?\s*busy|availability|limited|"
    r"view(?:er|[- ]only)?|edit|full access|send[- ]as|send[- ]on[- ]behalf|"
    r"for\b|until\b|till\b|til\b|through\b|"
    r"\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|week|"
    r"fortnight|month|(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|today|next\b|the\s+end\b))"
)


# "send as is enough", "reviewer will do", "a week is plenty" (nlu61): a right, level or length said, then
# said to be enough; only what CORRECTION reads after a filler or a dash. `instead` is how the pattern says
# "instead" (named once: CORRECTION reads it both as a lead and as a fix)
_VALUE_WORD = (
    r"(?:editor|reviewer|author|owner|contributor|read[- ]?only|read|free\s*/?\s*busy|availability|"
    r"limited|view(?:er|[- ]only)?|edit|full access|send[- ]as|send[- ]on[- ]behalf|"
    r"\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|week|"
    r"fortnight|month|(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow)\b"
)
# what says that what is named before it is enough ("... is enough", "... will do", "... is all he needs")
_SAID_ENOUGH = (
    r"(?:(?:is|'s|are|would be|will be|should be|'d be)\s+"
    r"(?:enough|plenty|sufficient|all (?:she|he|they) needs?|"
    # ("- Ava would be better", "- send as is preferable", nlu72): the one preferred stands for the one before
    r"(?:much\s+|far\s+)?(?:better|preferable|best))|"
    r"will do|would do|(?:will|would|should) suffice|suffices?)"
)


def _value_said_enough(instead: str) -> str:
    return (
        r"(?=[\s,:]*(?:(?:maybe|perhaps|probably|i think|i guess)[\s,]+)?(?:"
        # ("- he'll manage with send as", "she can make do with reviewer": the value said enough, nlu66)
        r"(?:he|she|they)(?:'ll|\s+will|\s+can|\s+could)\s+(?:manage|make do|get by|cope|live)\s+with\s+"
        r"(?:(?:only|just)\s+)?(?:an?\s+)?" + _VALUE_WORD + r"[^.;!?]{0,40}?\s*(?:[.!;]|$)|"
        # ("..., I only need send on behalf now": the one the writer still needs, of their own, is the one
        # enough; after a removal, what they keep, never asked for again; nlu123. Said of someone else, "he
        # only needs full access now" may be a right they lack: asked as before)
        r"(?:i|we)\s+(?:only|just)\s+(?:really\s+)?needs?\s+(?:the\s+|an?\s+)?"
        + _VALUE_WORD
        + r"(?:\s+(?:rights?|permissions?|access|now|from now on|going forward|these days|for now))*"
        r"\s*(?:[.!;]|$)|"
        r"(?:(?:only|just)\s+)?(?:an?\s+)?"
        + _VALUE_WORD
        + r"(?:[^.;!?]{0,40}?\s(?:"
        + _SAID_ENOUGH
        + r"|(?:is|'s|are|would be|will be|should be)\s+fine)\b|"
        # ("- send as instead" ending its sentence, nlu66: main granted both rights; after a removal, asked)
        r"(?:[\s-]+(?:as|on|of|behalf|access|rights?|permissions?|only|level))*\s+"
        + instead
        + r"(?:\s+(?:please|thanks))?\s*(?:[.!;]|$))))"
    )


_VALUE_SAID_ENOUGH = _value_said_enough("(?P<value_instead>instead)")
_NAMES = r"[^\s.;!?,](?:[^.;!?]|\.(?=\w)){0,60}?"
# what says a preference before what it prefers ("better Ava", "preferably billing@", "ideally Ava")
_PREFERRED_LEAD = (
    r"(?:better|preferably|rather|ideally|(?:it'?d|it would)\s+be\s+better\s+(?:with|for))[\s,]+"
)
# "- Ava instead", ", hmm, billing@ is enough", "- Ava will do", ". Ava rather.", "- just Ava", ". Only
# billing@." (nlu66): words said to be enough, or to stand instead, or alone, ending their sentence; only a
# fix when they are names alone (negation._fix_cue), which then stand for all the names of their kind said
# before, as after "just". The forms that say them enough or instead are `names_enough` (after a removal
# they are asked about: the ones to go, or the ones to stay?)
_NAMES_SAID_ENOUGH = (
    r"(?=[\s,:]*(?:"
    r"(?P<names_enough>(?:(?:only|just)\s+)?" + _NAMES + r"(?:\s+|(?='[sd]\s))"
    r"(?:"
    + _SAID_ENOUGH
    + r"|instead(?!\s+of)|rather(?!\s+than))|"
    # ("- better Ava", "- preferably Ava", "- rather Ava", nlu72): a preference said before the names is the
    # same fix as "Ava instead"
    + _PREFERRED_LEAD
    + _NAMES
    + r")|"
    r"(?:only|just)\s+"
    + _NAMES
    + r"(?:\s+(?:needs?|wants?|should (?:get|have)|gets?)\s+(?:it|that|this|them|access)|"
    r"\s+(?:is|are)\s+(?:needed|required))?"
    r"|(?P<names_ask>" + _NAMES + r"\s+(?:needs?|wants?|should (?:get|have)|could use|would like)\s+"
    r"(?:it|that|this|them|access)))"
    r"(?:\s+(?:then|now|though|please|thanks|actually))*\s*(?:[.!;]|$)|"
    # ("- Ava instead, for a week": names said instead, then more; "- Ava instead of him": in place of whom
    # the directory cannot tell, no genders known; asked, never both given)
    r"(?P<names_more>" + _NAMES + r"\s+instead(?:(?!\s+of)\s*,|\s+of\s+(?:him|her|them)\b)))"
)


# "billing@ and support@ actually just billing@" (nlu66): the lead of a fix with no stop before it
_UNSTOPPED = r"(?P<unstopped>(?<=[\w@])\s(?=actually,?\s+(?:just|only)\s))"
# "- Ava instead", ", hmm, billing@ is enough", "- Ava will do" (nlu66): main granted both
_NAMED_FIX = (
    r"(?P<named>(?:(?:hmm+|well|um+|ok(?:ay)?|so|thinking about it)(?=[\s,])|(?<=[-\u2013\u2014,;.!?]\s))"
    + _NAMES_SAID_ENOUGH
    + r")"
)
# A correction in the middle of a request: what follows replaces part of what came before.
_CORRECTION = (
    # "..., no actually keep her there": the "no" only leads the fix in
    # ("as editor (wait, reviewer is enough)": a fix said in brackets, batch 18 class)
    # ("billing@ and support@ actually just billing@": "actually just" needs no stop before it, nlu66; only a
    # fix of names alone, negation._fix_cue)
    # ("Remove Chris's full access but send as is enough": "but" before a right said to be enough, nlu66)
    r"(?:[.,;!?]|\s-|\s\(|" + _UNSTOPPED + r"|"
    r"\sbut" + _value_said_enough("instead") + r")"
    r"\s*(?:(?:oh|um|hmm|wait|or|no)[\s,]+)?"
    # ("actually, also give him full access": one that adds, with nothing taken back, replaces nothing)
    r"(?:actually(?=\W*(?:make (?:that|it)|i mean|i meant|change (?:that|it) to|rather)\b)|"
    r"actually(?![^.;!?]*\b(?:also|too|as well)\b)|"
    r"actually(?=[^.;!?]*\b(?:not|no|don'?t|never|instead|rather)\b)|"
    r"sorry|no wait|scratch that|correction|or rather|(?:wait|no|oops|sorry)(?=[\s,]+not\s)|"
    # "Give Tom send as on billing - scrap that, full access": what is said after it replaces the part before
    # (it granted both; nlu55), never "cancel that forwarding", which names what is stopped
    r"(?:scrap|strike|forget|ditch|bin|cancel|nix|undo|delete|lose)\s+(?:that|this)(?:\s+(?:last\s+)?(?:bit|one|part))?"
    r"(?=\s*(?:[,;:.!-]|$))|"
    r"never\s*mind(?:\s+(?:that|this))?(?=\s*[,;:.!-])|"
    # "On second thought, leave him there and just add him to X", "on second thought, send on behalf would be
    # better": what follows replaces the step, as after "actually"
    # (one that adds, "on second thought, also give him full access", replaces nothing)
    r"on second thoughts?(?![^.;!?]*\b(?:also|too|as well)\b)|"
    # "Remove David from Engineering. Ignore that.": the sentence before taken back
    r"(?:please\s+)?(?:ignore|disregard)\s+(?:that|this|it|the (?:last|previous|above)(?: one| bit| line)?)|"
    r"no(?=[\s,]+(?:just|only|make (?:it|that)|don'?t|do not)\b)|"
    # "Add Ava to Project Phoenix - no, Project Atlas": a bare "no," after a dash or stop fixes what is said
    r"(?<=[.;!?-]\s)no(?=\s*,)|(?<=[.;!?-])no(?=\s*,)|(?<=\()no(?=\s*,)|"
    r"i mean|i meant|oops|make that|change that to|"
    # "as editor - wait, reviewer is enough", "for two days - make it five" (batch 18): a bare "wait," or
    # "make it" after a dash or stop fixes what is said before it
    r"(?:wait(?=\s*[,:])|(?<=[.;!?-]\s)make it(?=\s)|(?<=[.;!?(-])make it(?=\s))"
    + _FIX_OF_A_VALUE
    # "..., hmm, send as is enough", "as editor, well, reviewer will do", "for a month - a week is enough"
    # (nlu61): a right, level or length said to be enough after a filler or a dash is a fix of the one said
    # before (main granted both rights and kept the month); the bare form only right after a dash, "," or ";"
    + r"|(?P<enough>(?:(?:hmm+|well|um+|ok(?:ay)?|so|on reflection|thinking about it)(?=[\s,])|"
    + r"(?<=[-\u2013\u2014,;.!?]\s)|(?<=\sbut\s))"
    + _VALUE_SAID_ENOUGH
    + r")"
    # "... - swap that for send as", "... - on reflection only send as" (nlu61): what follows replaces it
    + r"|(?:swap|switch|change|trade)\s+(?:that|it|this)\s+(?:for|to)(?=\s)"
    + r"|on reflection(?![^.;!?]*\b(?:also|too|as well)\b)"
    # "- Ava instead", ", hmm, billing@ is enough", "- Ava will do" (nlu66): main granted both
    + r"|"
    + _NAMED_FIX
    + r")\b[\s,:;.-]*"
)
CORRECTION: Final = LazyPattern(_CORRECTION)
# The same with no fix of names alone: read where a fix of names turns out to say more than names ("- no, only
# Phoenix", said of "Project Phoenix": the "no" is the cue; negation._cues)
CORRECTION_WITHOUT_NAMES: Final = LazyPattern(
    _CORRECTION.replace(_UNSTOPPED, r"(?P<unstopped>(?!))").replace(
        _NAMED_FIX, r"(?P<named>(?!)(?P<names_enough>)(?P<names_ask>)(?P<names_more>))"
    )
)
# What a fix of names said to be enough or instead ends with ("Ava will do", "billing@ is enough"), cut before
# the names are read (nlu66)
NAMES_ENOUGH_END: Final = LazyPattern(
    r"(?:(?:\s+|(?='[sd]\s))(?:" + _SAID_ENOUGH + r"|instead|rather|"
    r"(?:needs?|wants?|should (?:get|have)|(?:can|could|may) have|gets?|could use|would like)\s+"
    r"(?:it|that|this|them|access|the same|one)|"
    r"(?:is|are)\s+(?:needed|required)))*"
    r"(?:\s+(?:then|now|though|please|thanks|actually))*[\s.,;:!?)]*$",
    re.IGNORECASE,
)
# "- for Ava instead", "- give it to Ava instead", "- let's do Ava instead", "- go with billing@ instead":
# words that lead names in a fix of whom or what the change is for (nlu66)
NAMES_FIX_LEAD: Final = LazyPattern(
    r"^(?:(?:(?:let'?s\s+)?(?:do|go with|use|pick|choose|make it)|give (?:it|that|this|them) to|for|to)\s+|"
    + _PREFERRED_LEAD
    + r")",
    re.IGNORECASE,
)
# "Remove Chris's full access on support@, send as is enough" (nlu66): a right said to be enough after a
# removal is one the person keeps, said as "but keep" for the rules
KEEP_ENOUGH_SAY: Final = "but keep {rights}"
# "for two days - make it five": a fix that is a count alone, the length before it giving the unit
# (negation._length_said_bare); what may follow the count or day ("five instead", "Wednesday then")
BARE_COUNT: Final = LazyPattern(
    r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty",
    re.IGNORECASE,
)
FIX_FILLER_AFTER: Final = LazyPattern(
    r"(?:\s+(?:instead|then|please|pls|thanks|is (?:enough|fine|better|plenty)|"
    r"would be (?:enough|fine|better)))+$",
    re.IGNORECASE,
)
LENGTH_UNIT_SAID: Final = LazyPattern(
    r"\b(?:for|during|over)\s+(?:the\s+)?(?:next\s+|coming\s+)?(?:[\w-]+\s*-?\s*)?"
    r"(?P<unit>(?:minute|min|hour|hr|day|week|wk|fortnight|month)s?)\b(?![\w.-]*@)",
    re.IGNORECASE,
)
# The correction cues that may also be no correction ("- make it editor" with no level said before): read
# as said when what follows replaces nothing (negation._corrected)
SOFT_CORRECTION: Final = LazyPattern(r"wait|make it", re.IGNORECASE)
# "full access and send as on support, the latter only until Friday": which of the rights said before an end
# is for, by its place
ONE_OF_RIGHTS: Final = LazyPattern(
    r"\bthe\s+(?P<nth>latter|former|first|second|last)(?:\s+(?:one|right|permission))?\b"
    r"(?!\s+(?:of|day|week|month|time|working|business)\b)",
    re.IGNORECASE,
)
RIGHT_PLACE: Final = {"first": 0, "former": 0, "second": 1, "latter": -1, "last": -1}
# "Ignore the first line.", "Disregard the second request": a sentence of its own taking back the one it
# counts to (rules read it before the corrections: negation._taken_back_by_place)
TAKE_BACK_NTH: Final = LazyPattern(
    r"(?:^|(?<=[.;!?])\s+|\n\s*)(?:please\s+)?(?:ignore|disregard|scratch|forget|skip|cancel)\s+the\s+"
    r"(?P<nth>first|second|third|1st|2nd|3rd)\s+(?:line|sentence|request|one|bit|part|thing|point|item|ask)\b"
    r"[^.;!?\n]*(?:[.;!?]|$)",
    re.IGNORECASE,
)
# "... can she also see my calendar? Actually she already edits it, skip that part.": "that part" is the
# sentence just before; it goes with the sentence taking it back (and what that sentence says of why)
TAKE_BACK_LAST: Final = LazyPattern(
    r"(?:^|(?<=[.;!?])\s+)[^.;!?]*?\b(?:please\s+)?(?:skip|drop|forget|scratch|ignore|disregard)\s+"
    r"(?:about\s+)?(?:that|this|the last)\s+(?:part|bit|one|request|ask|question)\b[^.;!?]*(?:[.;!?]+|$)",
    re.IGNORECASE,
)
NTH: Final = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}
# "Ignore the part about Tom", "disregard what I said about billing": a take-back of a part no rule can
# place (asked, never planned as if unsaid)
TAKE_BACK_PART: Final = LazyPattern(
    # (a note on a forwarded message, "ignore the request below", is pasted.py's: nothing is left to ask)
    r"\b(?:ignore|disregard|scratch|forget)\s+(?![^.;!?\n]*\b(?:below|underneath|forwarded)\b)"
    r"(?!(?:that|this|it|the (?:last|previous|above)(?: one| bit| line)?)"
    r"\s*(?:[.;!?,]|$))(?:the\s+(?:\w+\s+)?(?:part|bit|line|lines|stuff|request|sentence|paragraph|section"
    r"|note|mail|e-?mail|message)\b|what i (?:said|wrote|asked)|everything|anything|all of)",
    re.IGNORECASE,
    cue=r"ignore|disregard|scratch|forget",
)
# "just let him view it": a fix that points back at the request before it corrects that request
REFERS_BACK: Final = LazyPattern(r"\b(?:him|her|it|them|that|this|instead)\b")
# "Delete the list. Wait, no, don't delete it - just take David out of it": the whole action before is
# taken back, and what follows the undoing is asked for in its place.
# "On second thought, leave him there and just add him to Marketing": the removal before is taken back too
UNDO_THEN: Final = LazyPattern(
    r"^(?:(?:don'?t|do not)\s+\w+\s+(?:it|that|them|this|him|her|the \w+|anything|any of (?:it|that|them))"
    r"|(?:leave|keep)\s+(?:him|her|them|it)\s+(?:there|in there|on there|in it|on it|where (?:he|she|they|it)"
    r" (?:is|are)|as (?:is|it is|they are)|alone))\b[\s,;:-]*"
    r"(?:and\s+)?(?:(?:just|only|instead|but|rather)\s+)*(?P<new>\w.*)$",
    re.IGNORECASE,
)
# "Scratch that, don't set up any forwarding - just give Christine full access": whatever the undoing says, a
# dash or comma then "just" / "instead" starts what is asked in its place
# "Wait, no, don't - add her to Marketing instead": a bare "don't" takes back the whole request before it
UNDO_ANY_THEN: Final = LazyPattern(
    r"^(?:(?:don'?t|do not)\s+[^,;:]*?(?:\s-\s|[,;:])\s*(?:and\s+)?(?:(?:just|only|instead|rather)\s+)+"
    # (one that adds, "don't - also add her to X", says nothing clear of the request before: asked)
    r"|(?:don'?t|do not)(?:\s*-\s*|\s*[,;:]\s*)(?!.*\b(?:also|too|as well)\b)(?:and\s+)?"
    r"(?:(?:just|only|instead|rather)\s+)*)"
    r"(?P<new>\w.*)$",
    re.IGNORECASE,
)
# A fix that still says not to do something ("don't set up any forwarding"): no rule placed what it rules
# out, so it is asked about, never read as a name swapped into the request before
FIX_NEGATES: Final = LazyPattern(r"\b(?:don'?t|dont|do not|never|shouldn'?t|should not)\b", re.IGNORECASE)
# "..., members Sarah, Chris and Tom", "Members: ...": a clause of its own naming a new list's first members.
MEMBERS_INTRO: Final = LazyPattern(
    r"(?:^|[,;]\s*)(?:and\s+|with\s+)*(?:the\s+)?(?:(?:initial|first|starting)\s+)?members?"
    r"(?:\s+(?:are|is|should be|will be|to be|being))?\s*:?\s*§"
    # "..., with only Sam Taylor in it", "..., w/ priya + john in it", "..., with Tom and Ava as members",
    # "..., with Olivia as the only member", "... as its first members": the people said to be in the new list
    r"|(?:^|[,;]\s*)(?:with|w/|including)\s+(?:only\s+|just\s+)?"
    r"§(?=\d+(?:\s*(?:,|and|&|\+)\s*§\d+)*\s*(?:(?:in|on)\s+it\b|"
    r"as\s+(?:(?:its|the|a|an)\s+)?(?:(?:only|first|sole|founding|initial|starting)\s+)?members?\b|[.!]?\s*$))"
)
# The safety net after planning (negation.crossed): words that put the person beside them in a losing role
# ("remove Tom", "swap Mike out", "in place of Priya", "Tom goes", "not Ava"). A ready plan that gives that
# same person something, and takes nothing from them, misread the request somewhere: it is asked about.
LOSING_BEFORE: Final = LazyPattern(
    r"\b(?:remov\w*|revok\w*|drop|take|taking|kick|swap|switch|replace|replacing|exchange|trade|"
    r"instead of|in place of|"
    r"in lieu of|rather than|minus|without|except(?: for)?|excluding|not|no longer|from)\s+(?:out\s+)?$"
)
# "Don't remove Ava ...", "no need to remove Ava ...": a losing word itself ruled out puts no one in a losing
# role
NEGATED_LOSING: Final = LazyPattern(
    r"\b(?:don'?t|dont|do not|never|not|no need to)\s+(?:remov\w*|revok\w*|drop|take|kick|strip\w*)\s+"
    r"(?:out\s+)?$"
)
LOSING_AFTER: Final = LazyPattern(
    r"^(?:'s)?\s+(?:out\b|off\b|goes\b|leaves\b|loses\b|is leaving\b|is going\b(?!\s+to\b)|can go\b|"
    r"has to go\b|"
    r"no longer\b|should(?:n'?t| not)\b|must(?:n'?t| not)\b)"
)
# "..., no, not Jane, forward it to Olivia and keep a copy": what a fix says after the name it swaps in
FIX_ADDS: Final = LazyPattern(r"\s*,?\s*(?:and|but|plus)\s+(?P<more>\w.*)$", re.IGNORECASE)
# What a fix stands after ("..., actually make that Engineering"): its mentions are read in this place.
CORRECTION_LEAD: Final = "make that "
CORRECTION_FILLER: Final = LazyPattern(
    r"^(?:(?:no|wait|sorry|actually|make (?:that|it)|change (?:that|it) to|i mean(?:t)?|just|or)\b"
    r"[\s,:;.-]*)+",
    re.IGNORECASE,
)
# "Actually just Noah", "no, only Sam": a fix that names all that is left, not one name swapped for another
ONLY_FIX: Final = LazyPattern(
    r"^(?:(?:no|wait|sorry|actually|i mean(?:t)?|or)\b[\s,:;.-]*)*(?:just|only)\b", re.IGNORECASE
)
# "Actually not just Noah": a fix that widens by someone without saying who stays (asked, never a swap)
NOT_ONLY_FIX: Final = LazyPattern(r"^not\s+(?:just|only|simply|merely)\b", re.IGNORECASE)
# What may stand between the names of one list ("Emma, Noah and Ava", "Emma & Noah")
# "only Grace, please", "just Noah then, thanks": words an "only" fix may say beside its names
ONLY_FIX_FILLER: Final = LazyPattern(
    r"\b(?:only|just|please|pls|thanks|thank you|thx|then|actually|though|for now|for the time being|instead|"
    r"after all|sorry|no|wait|and|or)\b",
    re.IGNORECASE,
)
# "except Sam Taylor and the Former Employee account": one more left out, said as their account (the name
# between "the" and "account"); the list left out goes on through it (negation._inline_item; nlu135)
NLU135_JOINED_ACCOUNT_BEFORE: Final = LazyPattern(
    r"[\s,]*(?:and|&|plus|as well as)[\s,]+the\s+", re.IGNORECASE
)
NLU135_JOINED_ACCOUNT_AFTER: Final = LazyPattern(r"\s+(?:user\s+)?account\b", re.IGNORECASE)
NAME_JOINER: Final = LazyPattern(r"[\s,]*(?:(?:and|&|plus|as well as)[\s,]*)?", re.IGNORECASE)
# A correction that says only whether the forwarded mail is also kept, or whether Full Access is automapped
# (negation._modifier_fixed): "Forward Noah's mail to Liam and keep a copy. No, on second thought, don't keep
# a copy", "..., with automapping. Actually, don't add it to his Outlook". The modifier the request said
# before is replaced; no other part of it is touched.
COPY_FIX: Final = LazyPattern(
    r"^(?:(?:and|but|please|just|then)\s+)*"
    r"(?P<no>(?:(?:don'?t|do not|no need to|not)\s+(?:keep|leave|retain)(?:ing)?|"
    r"without(?:\s+(?:keeping|leaving))?|no)\s+(?:a\s+|any\s+)?cop(?:y|ies)(?:\s+(?:is\s+)?(?:needed|necessary))?"
    r"|forward\s+only|only\s+forward(?:\s+it)?)?"
    r"(?(no)|(?:(?:keep|leave|retain)(?:ing)?\s+(?:a\s+)?cop(?:y|ies)|with\s+(?:a\s+)?cop(?:y|ies)))"
    r"(?:\s+(?:in\s+(?:the|his|her|their|its)\s+(?:own\s+)?(?:mailbox|inbox)))?"
    r"(?:\s+(?:after\s+all|either|then|instead|too|as\s+well))?\W*$",
    re.IGNORECASE,
)
AUTOMAP_FIX: Final = LazyPattern(
    r"^(?:(?:and|but|please|just|then)\s+)*"
    r"(?P<no>(?:don'?t|do not|no|without|not)\s+(?:the\s+|any\s+)?auto-?map\w*(?:\s+(?:it|them))?|"
    r"(?:don'?t|do not)\s+(?:add|map|show|put)\s+it\s+(?:up\s+)?(?:in|to|into)\s+(?:\w+\s+)?outlook"
    r"(?:\s+automatically)?|auto-?map\w*\s+off)?"
    r"(?(no)|(?:(?:with\s+)?auto-?map\w*(?:\s+(?:it|them|on))?|(?:do\s+)?automap\s+it))"
    r"(?:\s+(?:after\s+all|either|then|instead))?\W*$",
    re.IGNORECASE,
)
# The copy modifier as the request may have said it, to be replaced by a fix (COPY_FIX): only these plain
# wordings; a copy said another way ("cc", "still gets it") is asked, not rewritten
COPY_SAID: Final = LazyPattern(
    r"(?:\s*,\s*|\s+)(?:(?:and|but)\s+)?(?:(?:don'?t|do not|not)\s+(?:keep|leave|retain)(?:ing)?|"
    r"without(?:\s+(?:keeping|leaving))?|no|(?:keep|leave|retain)(?:ing)?|with)\s+(?:a\s+|any\s+)?cop(?:y|ies)"
    r"(?:\s+(?:in\s+(?:the|his|her|their|its)\s+(?:own\s+)?(?:mailbox|inbox)))?",
    re.IGNORECASE,
)
# a thanks said in a sentence of its own, with nothing asked ("thanks. until friday", "cheers - just for 2
# weeks"): no part of the request, so an end said with it is said alone (rules._clauses; cut as a clause of
# its own, the end was lost and the share given for good)
THANKS_ONLY: Final = LazyPattern(
    r"(?:(?:many|kind|best|warm)\s+)?(?:thanks|thank\s+you|thx|thnx|ty|ta|cheers)"
    r"(?:\s+(?:again|a\s+lot|in\s+advance|so\s+much))?[\s,.!-]*(?:(?:only|just|but\s+only)\s+)?",
    re.IGNORECASE,
)
# an end said alone, as a clause of its own ("only until thursday", "just for 2 weeks please", "but only
# until Friday"; its end masked, rules.§t): the end of the change said before it (rules._end_said_after)
END_ONLY_CLAUSE: Final = LazyPattern(
    r"(?:(?:but|and|so|ok|okay)\s+)*(?:(?:only|just|but\s+only)\s+)?(?:for\s+)?§t"
    r"(?:\s+(?:only|please|pls|max|tops|at\s+most|thanks|thx))*"
)
# an end said alone with the need it answers ("only needed through 20 March", "I only need it till Friday",
# "it's only needed until the 13th"; a later chat turn of the asker's): the change's end as END_ONLY_CLAUSE's
# (nlu166: batch 54's chat dropped it)
NLU166_END_NEEDED_CLAUSE: Final = LazyPattern(
    r"(?:(?:but|and|so|ok|okay)\s+)*(?:(?:i|we)\s+)?(?:(?:only|just|but\s+only)\s+)?"
    r"(?:(?:need|needs)\s+(?:it|this|that|them|the\s+access)|(?:it['’]?s\s+|it\s+is\s+)?"
    r"(?:(?:only|just)\s+)?(?:needed|required))\s+(?:(?:only|just)\s+)?(?:for\s+)?§t"
    r"(?:\s+(?:only|please|pls|max|tops|at\s+most|thanks|thx))*"
)
# a clause saying only whether a forwarding keeps a copy ("and don't keep a copy", "keeping copies in her
# mailbox"): how the forwarding before it goes, so an end said with it is the forwarding's (rules._clauses)
COPY_ONLY_CLAUSE: Final = LazyPattern(
    r"(?:(?:and|but)\s+)?(?:(?:please|pls)\s+)?(?:(?:don'?t|do\s+not|not)\s+(?:keep|leave|retain)(?:ing)?|"
    r"without(?:\s+(?:keeping|leaving))?|no|(?:keep|leave|retain)(?:ing)?|with)\s+(?:a\s+|any\s+)?cop(?:y|ies)"
    r"(?:\s+(?:in\s+(?:the|his|her|their|its|my)\s+(?:own\s+)?(?:mailbox|inbox)))?(?:\s+(?:please|pls))?",
    re.IGNORECASE,
)
# What a modifier fix puts in its place, said the one way the readers read it
COPY_KEPT_SAY: Final = " and keep a copy"
COPY_DROPPED_SAY: Final = " and don't keep a copy"
AUTOMAP_ON_SAY: Final = " with automapping"
AUTOMAP_OFF_SAY: Final = " without automapping"
# "Sorry, keep it after all": a fix taking back a "don't keep the old one / a copy" said before it
KEEP_AFTER_ALL: Final = LazyPattern(
    r"^keep (?:it|that|them|the old one|a copy|the copy)\b(?: after all| then)?\W*$"
)
# "with no end date": no duration, said out loud (and not "end" as in ending access).
NO_DURATION: Final = LazyPattern(
    r"\b(?:with\s+)?(?:no|without an?)\s+(?:end date|expiry|expiration|end|time limit)\b|\bpermanently\b"
    r"|\b(?:for good|indefinitely|open[- ]ended)\b"
    # "..., and full access too, but that one permanent": said at the end of its part, of the right just
    # named (batch 27 gave it the other right's end; nlu52)
    r"|\bpermanent(?=\s*(?:[,.;!?)]|$))"
    # "til further notice", "until I say otherwise", "until told otherwise": no end said (batch 18)
    r"|\b(?:until|till|til|untill)\s+(?:further\s+notice|(?:i|we)\s+say\s+(?:otherwise|so)|"
    r"(?:told|notified|advised)\s+otherwise)\b",
    re.IGNORECASE,
)
NO_DURATION_SAY: Final = " permanently "
# "full access, not past the end of Friday", "not beyond the 13th": an end said as a bound not to pass, never
# a negation (read as one, the end was cut and the access lasted for good)
END_AS_BOUND: Final = LazyPattern(r"\bnot\s+(?:past|beyond)\s+(?=the\s+end\b|\w)", re.IGNORECASE)
END_AS_BOUND_SAY: Final = "until "
# "full access, no longer than a week": a length said as a bound not to pass
LENGTH_AS_BOUND: Final = LazyPattern(
    r"\b(?:no|not)\s+(?:longer|more)\s+than\s+(?=(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|"
    r"a couple of|a few)\s)",
    re.IGNORECASE,
)
LENGTH_AS_BOUND_SAY: Final = "for "
# "don't forward X to Y any more", "X should not be forwarded any more": stopping forwarding.
STOP_FORWARDING: Final = (
    LazyPattern(
        r"\b(?:don'?t|do not)\s+forward\s+(.+?)\s+to\s+.+?\s+(?:any ?more|any longer)\b", re.IGNORECASE
    ),
    LazyPattern(
        r"^(.+?)\s+(?:should not|shouldn'?t|must not|mustn'?t)\s+be\s+forwarded\s+(?:any ?more|any longer)\b",
        re.IGNORECASE,
    ),
    # "Don't forward Tom Becker's mail anywhere any more": no place named, every forward stopped (nlu52)
    LazyPattern(
        r"\b(?:don'?t|do not)\s+forward\s+(.+?)\s+(?:anywhere|to anyone|to anybody)(?:\s+else)?\s+"
        r"(?:any ?more|any longer)\b",
        re.IGNORECASE,
    ),
)
# "Careers shouldn't forward anywhere any more", "support@acme.com must not forward to anyone": the mailbox
# said as the one forwarding, no place named: every forward of its mail stopped, said as "stop forwarding the
# mail of <it>" (nlu57; a pronoun as the one forwarding is left as it was)
SHOULD_NOT_FORWARD: Final = LazyPattern(
    r"^(?:(?:and|but|so|also|please)\s+)*(?!(?:i|we|he|she|they|you|it|this|that)\b)"
    r"(?P<who>[\w.@'-]+(?:\s+[\w.@'-]+)?)\s+(?:should\s+not|shouldn['’]?t|must\s+not|mustn['’]?t|"
    r"(?:does\s+not|doesn['’]?t)\s+need\s+to|needn['’]?t)\s+forward(?:\s+(?:anywhere|to\s+anyone|"
    r"to\s+anybody|any\s+mail)(?:\s+else)?)?(?:\s+(?:any\s?more|any\s+longer))?"
    # "..., please switch the forwarding off": the same stop said again as what to do, no second step
    # (batch 40 asked which mailbox the second meant, and whom the first forwarded to)
    r"(?:\s*[,;]\s*(?:so\s+|and\s+)?(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?"
    r"(?:switch|turn|shut|stop|disable|remove|clear)\s+(?:(?:it|that|the\s+forwarding|forwarding|the\s+forward)"
    r"(?:\s+off)?|off\s+(?:the\s+)?forwarding)(?:\s+please)?)?\s*(?=[.!]?\s*$)",
    re.IGNORECASE,
)
SHOULD_NOT_FORWARD_SAY: Final = r"stop forwarding the mail of \g<who>"
# "in place of Priya", "in lieu of Priya": a swap, said as "instead of" is.
IN_PLACE_OF: Final = LazyPattern(r"\bin (?:the )?place of\b|\bin lieu of\b", re.IGNORECASE)
# "Mike is handing his send as on support over to Rachel": what stands between the one who hands a right
# over and the one who gets it; read as "give Rachel send as on support instead of Mike"
HAND_OVER: Final = LazyPattern(
    r"\s+(?:is\s+|will\s+|will\s+be\s+|wants\s+to\s+|would\s+like\s+to\s+|'s\s+|has\s+)?"
    # (not "handed", "passed": what already happened is no request)
    r"(?:handing|hands|hand|passing|passes|pass|transferring|transfers|transfer)\s+"
    r"(?:over\s+)?(?:his|her|their)\s+(?P<what>(?:[^.;!?]|\.(?=\w))+?)\s+(?:over\s+|on\s+)?to\s+",
    re.IGNORECASE,
)
HAND_OVER_SAY: Final = "give"
# "Give Olivia's send as on info@ to Ken", "pass Mike's full access to billing@ on to Rachel": a right
# owned by the first person (the possessive) goes to the second, never to its owner. POSSESSED_VERB stands
# right before the owner, POSSESSED_RIGHT between the owner and the one who gets it. Handing or passing a
# right on takes it from its owner (as HAND_OVER); giving it says nothing of the owner, who keeps it.
POSSESSED_VERB: Final = LazyPattern(
    r"(?:(?:please|pls|can you|could you|would you|kindly)\s+)*"
    r"(?P<verb>give|grant|hand|pass|transfer|move)\s+(?:over\s+|on\s+)?$",
    re.IGNORECASE,
)
POSSESSED_RIGHT: Final = LazyPattern(
    r"(?P<mark>['’]s?)?\s+(?P<what>(?:[^.;!?]|\.(?=\w))+?)\s+(?:over\s+|on\s+)?to\s+", re.IGNORECASE
)
POSSESSED_TAKES: Final = frozenset({"hand", "pass", "transfer", "move"})
# "I need a new DL ...", "... for me": the requester said as who asks or for whom, never a new list's member
SELF_ASKING: Final = frozenset({"i"})
SELF_FOR: Final = frozenset({"for"})
# "Remove Priya's send as on sales@ and give it to Emma (instead)": the right taken from its owner goes to the
# one after "to", read as "move Priya's send as on sales@ to Emma" (a hand-over, POSSESSED_RIGHT)
REVOKED_THEN_GIVEN: Final = LazyPattern(
    r"\b(?:remove|revoke|take away|strip)\s+"
    # ("..., hand it over to Ava": the comma alone joins them too; read as a handover aside, Ava was left out)
    r"(?P<what>(?:[^.;!?]|\.(?=\w))+?['’]s?\s(?:[^.;!?]|\.(?=\w))+?)"
    r"(?:\s*[,;]\s*(?:(?:and|then)\s+)*|\s+(?:and\s+|then\s+)+)"
    r"(?:give|hand|pass|grant|assign)\s+(?:it|them|that|those|the same)\s+"
    r"(?:over\s+|on\s+)?to\s+",
    re.IGNORECASE,
)
REVOKED_THEN_GIVEN_SAY: Final = "move "
# "move John Miller's full access to sales@ to Alex Kim (Sales) instead": the "instead" ending a hand-over's
# sentence (negation._revoked_then_given)
MOVED_INSTEAD: Final = LazyPattern(
    r"(?P<moved>\bmove\s+(?:[^.;!?]|\.(?=\w))+?\s+to\s+(?:[^.;!?]|\.(?=\w))+?)\s+instead\b(?!\s+of)",
    re.IGNORECASE,
)
# "John Miller no longer needs full access to sales@; give it to Alex Kim instead": a right said to be needed
# no more by the one named, then given on: the same hand-over ("move John Miller's full access to sales@ to
# Alex Kim"; batch 34 asked which part went and which stayed)
UNNEEDED_THEN_GIVEN: Final = LazyPattern(
    r"(?P<who>(?-i:\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s+"
    r"(?:no\s+longer\s+needs|doesn['’]?t\s+need|does\s+not\s+need|won['’]?t\s+need|will\s+not\s+need)\s+"
    r"(?P<what>(?:[^.;!?]|\.(?=\w))+?)(?:\s+any\s*more)?"
    r"(?:\s*[,;]\s*(?:(?:and|so|then)\s+)*|\s+(?:and\s+|so\s+|then\s+)+)"
    r"(?:give|hand|pass|grant|assign)\s+(?:it|them|that|those|the same)\s+(?:over\s+|on\s+)?to\s+",
    re.IGNORECASE,
    cue=r"\bneeds?\b",
)
# "Swap Mike out for Rachel on ...", "Replace Mike with Rachel on ...": the first one loses what the second
# gets. (Not "substitute X for Y", which puts X in.) SUBSTITUTE_VERB is what stands before the first person,
# SUBSTITUTE_LINK what stands between the two.
SUBSTITUTE_VERB: Final = LazyPattern(
    r"(?:(?:please|pls|can you|could you|would you|kindly)\s+)*"
    r"(?:swap|replace|switch|exchange|trade)(?:\s+out)?\s+$",
    re.IGNORECASE,
)
# ... and the words that put the person beside them in a gaining role ("put Rachel on all-hands"): a plan
# that only takes from that person is asked about too.
GAINING_BEFORE: Final = LazyPattern(r"\b(?:add|adding|put|give|giving|grant|granting|include|invite)\s+$")
# "Don't add Liam Brown to Marketing; remove him from all-sales instead": a giving word itself ruled out
# puts no one in a gaining role (as NEGATED_LOSING for the losing words)
NEGATED_GAINING: Final = LazyPattern(
    r"\b(?:don'?t|dont|do not|never|not|no need to)\s+(?:add|put|give|grant|include|invite)\s+$"
)
SUBSTITUTE_LINK: Final = LazyPattern(r"\s+(?:out\s+)?(?:for|with|by)\s+", re.IGNORECASE)
SUBSTITUTE_SAY: Final = "put"
SUBSTITUTE_INSTEAD: Final = " instead of "
# "only his send-on-behalf right goes", "the send as can go": that right is taken away.
_RIGHT_SAID: Final = (
    r"(?P<lead>^|[;.!]\s*|,\s*(?:but|and)?\s*|\b(?:but|and)\s+)(?:only\s+|just\s+)?"
    # what goes is said after the nearest "but" / "and": "X keeps send as but his full access goes"
    r"(?P<what>(?:(?!\b(?:but|and)\s)(?:[^;.!?,]|\.(?=\w))){2,80}?)\s+"
)
# "Tom Becker's access to it", "his access": someone's access said as theirs (what goes is what they hold)
ACCESS_OWNED: Final = LazyPattern(
    r"(?:['’]s?|\b(?:his|her|their))\s+(?:current\s+|existing\s+|old\s+)?access\b", re.IGNORECASE
)
RIGHT_GOES: Final = LazyPattern(
    _RIGHT_SAID + r"(?:goes|can go|is going|has to go|must go|should go|needs to go|will go|"
    # "Tom's access can be removed", "... should be revoked": the same, said in the passive
    r"(?:can|should|must|needs\s+to|has\s+to|will)\s+be\s+(?:removed|revoked|taken\s+away|pulled|dropped|"
    r"cut))(?:\s+(?:too|as\s+well|also|now))?"
    r"\s*(?=[.;!,]|$)",
    re.IGNORECASE,
)
RIGHT_GOES_SAY: Final = "remove "
# "his send as on support@ stays", "her full access is fine": a right said to stay is kept, never given
RIGHT_STAYS: Final = LazyPattern(
    _RIGHT_SAID
    + r"(?:stays|can stay|should stay|must stay|will stay|is staying|remains|can remain|should remain|"
    r"is fine|is ok|is okay|is fine as it is|can be left|should be left|is to stay)"
    # "my full access stays tho": a closing word after it says nothing more
    r"(?:,?\s+(?:as it is|as is|where it is|in place|untouched|alone|too|as well|though|tho|thanks|thx|pls|"
    r"please))*\s*(?=[.;!]|$)",
    re.IGNORECASE,
    cue=r"stay|remain|is fine|is ok|left",
)
RIGHT_STAYS_SAY: Final = "keep "
# A correction that takes the whole request back.
# "Sorry, ignore that, he stays", "scratch that, she stays out": the one it named stays as they are, which
# taking it back already says
_STAYS_AS_IS: Final = (
    r"(?:he|she|they) (?:stays?|can stay|should stay|remains?|is staying|are staying)"
    r"(?: out| put| there| where (?:he|she|they) (?:is|are))?"
)
CANCEL: Final = LazyPattern(
    r"^(?:(?:don'?t|do not|maybe not|never ?mind|forget (?:it|that)|cancel(?: that| it)?|not|no|skip it|"
    r"leave it|ignore (?:it|that|this)|disregard (?:it|that|this)|scrap (?:it|that))\W*"
    r"(?:do (?:it|that|anything))?(?:\W*" + _STAYS_AS_IS + r")?|" + _STAYS_AS_IS + r")\W*$"
)
# Calendar levels, lowest first, with the words that name them when a negation or correction does.
# "should be able to see when I'm free": the seeing is of the free/busy said after it, no second level
SEE_WHEN_FREE: Final = LazyPattern(
    r"\b(?:see|check|view|know)\s+(?=when\s+\S+\s+(?:is|am|are|'m|'re|'s)?\s*(?:free|busy|available)\b|"
    r"(?:(?:their|his|her|my|your)\s+)?(?:free[/ -]?busy|availability)\b)"
)
# "Everyone on All Hands should be able to see my calendar, availability only": seeing the calendar is what a
# share is, said as its verb, and the level set off right after the calendar seen is how much of it (read as
# "reviewer" too, two levels for several people were asked about). Only where the clause ends there and names
# no other level ("Priya should see my calendar and David edit it" is still asked), and only a level of seeing
# ("..., editor" names more than that, and is asked; rules._calendar)
SEE_CALENDAR_THEN_LEVEL: Final = LazyPattern(
    r"\b(?:see|view|look\s+at|read|access|get\s+into|open)\s+"
    r"(?:(?:my|his|her|their|your|our|the)\s+|§\d+§?(?:['’]s?)?\s+)?(?:calendar|calender|cal|diary|schedule)"
    # (a few words naming a level, and nothing that could say something of its own: no verb, no "and")
    # ("see my calendar with limited details", "... at free/busy level": how much of it, said after it)
    r"(?:\s*(?:[,;:]|\s[-–—])\s*|\s+(?:with|at|as)\s+(?:the\s+)?)(?P<level>(?:(?!(?:and|but|or|then|also|too|can|could|should|will|would|may|"
    r"might|must|let|give|gets?|has|have|is|are|be|for|to|with)\b)[\w/'-]+\s*){1,4}?)[.!]?\s*$"
)
LEVEL_ORDER: Final = ("availability_only", "limited_details", "reviewer", "editor")
LEVEL_WORDS: Final[tuple[tuple[str, LazyPattern], ...]] = (
    ("availability_only", compile_words(r"free[/ -]?busy", r"availability",
                                        r"when \w+ (?:is|am|are) (?:free|busy)")),
    ("limited_details", compile_words(r"the details", r"details", r"subjects?", r"titles?")),
    ("reviewer", compile_words(r"view(?: it)?", r"see(?: it)?", r"read(?:[- ]only)?", r"look(?: at it)?",
                               r"reviewers?")),
    ("editor", compile_words(r"edit(?:s|ing)?(?: it| rights| access)?", r"editor",
                             r"change(?: it| things| anything)?",
                             r"modify(?: it)?",
                             r"write(?: to it)?", r"make changes", r"manage(?: it)?")),
)  # fmt: skip
# "Give Ava editor, not reviewer": a level said by its name is one choice among the four, which a negated name
# only rules out (a negated ability, "she mustn't edit", caps what she gets instead: negation._exclusion)
LEVEL_NAMES: Final[tuple[tuple[str, LazyPattern], ...]] = (
    ("availability_only", compile_words(r"free[/ -]?busy", r"availability(?: only)?")),
    ("limited_details", compile_words(r"limited(?: details)?")),
    ("reviewer", compile_words(r"reviewers?")),
    ("editor", compile_words(r"editors?")),
)  # fmt: skip
# "Maria no longer needs editor on Olivia's calendar; reviewer will do": the level that is enough, said after
# taking a share away; the share stays at that level (a downgrade, not a removal)
LEVEL_ENOUGH: Final = LazyPattern(
    r"(?:(?:but|and|so|then|just|only)\s+)*(?P<what>.{1,40}?)\s+(?:(?:will|would|should|can)\s+do|"
    r"(?:is|'s|are|would be|will be)\s+(?:enough|fine|plenty|sufficient|ok|okay|all (?:she|he|they) needs?)|"
    r"suffices?)(?:\s+(?:for (?:her|him|them)|now|though|instead))*\W*"
)
# "Take Maria's editor rights on Olivia's calendar away but leave her as reviewer", "she can keep viewing it":
# the level that stays, said after taking a share away (a downgrade, like LEVEL_ENOUGH)
LEVEL_KEPT: Final = LazyPattern(
    r"(?:(?:but|and|so|just|please)\s+)*(?:(?:she|he|they|§\d+)\s+)?(?:(?:can|should|may|will|could)\s+)?"
    r"(?:still\s+)?(?:keep|keeps|keeping|leave|leaving|stay|stays|remain|remains)\s+(?:(?:her|him|them|§\d+)\s+)?"
    r"(?:as\s+(?:an?\s+)?|on\s+|at\s+)?(?P<what>[\w/ -]{1,30}?)(?:\s+(?:access|rights|level|permissions?))?"
    r"(?:\s+(?:it|on it|there))?\W*"
)
# "shouldn't edit Olivia's calendar any more, just view it": only the lower level, after taking a share away
LEVEL_ONLY: Final = LazyPattern(
    r"(?:(?:but|and|so)\s+)*(?:just|only)\s+(?:let\s+(?:her|him|them|§\d+)\s+)?(?P<what>[\w/ -]{1,20}?)"
    r"(?:\s+(?:it|access|rights|on it))?\W*"
)
# (nlu160) "I don't want Liam editing my calendar anymore; reduce him to free/busy": the lower level said as
# what the share is brought down to, after taking a share away (a downgrade, like LEVEL_ENOUGH)
LEVEL_REDUCED: Final = LazyPattern(
    r"(?:(?:but|and|so|just|please|instead)\s+)*(?:reduce|downgrade|lower|drop|limit|restrict|bump|step|cut)\s+"
    r"(?:(?:her|him|them|§\d+|[\w.'-]+(?:\s+[\w.'-]+)?)\s+)?(?:(?:back|down)\s+)*to\s+(?:an?\s+|just\s+|only\s+)*"
    r"(?P<what>[\w/ -]{1,20}?)(?:\s+(?:access|rights|level|only|permissions?))?"
    r"(?:\s+(?:on it|there|instead))?\W*"
)
LEVEL_STAYS: Final = (LEVEL_ENOUGH, LEVEL_KEPT, LEVEL_ONLY, LEVEL_REDUCED)
# "change Maria from editor to reviewer": the level after "to" is the one asked for; "Maria: editor ->
# reviewer" (the arrow read as "to") the same without "from", when both sides are levels
# (rules._level_changed_to)
LEVEL_FROM_TO: Final = LazyPattern(
    r"\b(?:from\s+)?(?:an?\s+)?(?P<old>[\w/-]+(?:\s+(?:access|rights|level))?)\s+(?:down\s+|up\s+)?to\s+"
    r"(?:an?\s+|just\s+|only\s+)*(?P<new>[\w/-]+(?:\s+[\w/-]+)?)"
)
# where a part that says the level staying may start or end
# ("no longer needs editor on Olivia's calendar - reviewer will do": a dash too, nlu66)
LEVEL_PARTS: Final = LazyPattern(r"[,;.]|\bbut\b|\s[-\u2013\u2014]\s")
# "keep viewing it": the level said as what one keeps doing ("viewing" is "view")
GERUND_END: Final = LazyPattern(r"(?<=\w{3})ing\b")
# "Don't remove Ava from Priya's calendar, just change her to editor": the calendar the ruled-out part named,
# which a level said alone is on
CALENDAR_NAMED: Final = LazyPattern(
    r"\b(?:my|his|her|their|[\w.@'-]+(?:\s+[\w.@'-]+)?'s)\s+(?:own\s+)?(?:calendar|diary|schedule)\b",
    re.IGNORECASE,
)
# "Priya's calendar is already shared with Ava. Please also share it with Emma": "it" after a sharing verb is
# the one calendar named before
SHARE_IT: Final = LazyPattern(r"\b(?P<verb>share|unshare)\s+it\b", re.IGNORECASE)
# "Don't remove Ava from ...", "never take Tom off ...": a negation of taking away, which rules out no grant
NOT_TAKING: Final = LazyPattern(
    r"(?:(?:but|and|please|just|so)\s+)*(?:don'?t|dont|do not|never|not)\s+(?:remov\w*|revok\w*|delet\w*|"
    r"strip\w*|kick(?!-?off\b)\w*|take\s+(?:away|off|out)|take\s+\S+(?:\s+\S+)?\s+(?:off|out|away)|unshare\w*)\b"
)
# "not the ability to send as it", "not send from it": the sending rights.
SENDING: Final = compile_words(
    r"send(?:ing)?(?: from it| as it| from)?", r"the ability to send(?: as it| from it)?"
)
# "not both", "not all of it": a negation whose reach only the requester knows.
UNCLEAR_SCOPE: Final = compile_words(r"both", r"all of (?:it|them)", r"everything", r"either", r"that")

# "Is forwarding turned on for careers@?", "Are Sarah's emails being forwarded?": a question about the
# mailbox's settings, answered by its details, never a change.
# ("Have all mail to sales forwarded to Priya", "have support@ forwarded to Tom": a causative, a request;
# "have" asks only with "you / we / they / I" after it, or a question mark)
YES_NO_QUESTION: Final = LazyPattern(
    r"^(?:is|are|does|do|has|was|were|have(?=\s+(?:you|we|they|i|u)\b|[^?]*\?))\b"
)


# ---- the rules planner's own cues (rules.py reads them from here: the lexicon is the one source of words)
# "While I'm away(,) please forward ...": a reason said first; the request starts after it
LEADING_SUBORDINATE: Final = LazyPattern(
    r"^(?:while|whilst|because|since|now that|as)\s[^,]*?"
    r"(?:,\s*|\s+(?=(?:please|can you|could you|kindly)\b)|"
    # an absence said first with no comma ends at its absence word when an order follows ("While I'm away
    # forward my mail to Ava": nlu79, was not understood)
    r"\b(?:away|leave|holidays?|vacation|off|out|travelling|traveling)\s+"
    r"(?=(?:forward|fwd|redirect|give|grant|share|add|put|set up|remove|revoke|take|stop|cancel)\b))"
)
# what someone away is away on, said of them ("Emma's absence", "her leave")
_NLU130_AWAY_NOUNS = (
    r"absence|leave|holidays?|vacation|sabbatical|time\s+off|sick\s+leave|maternity\s+leave|paternity\s+leave"
)
_AWAY_WORK = (
    r"work|job|duties|tasks|role|workload|clients|customers|accounts|cases|projects|responsibilities|stuff|"
    r"shifts?|calls|tickets|queries"
)
SUBORDINATE = LazyPattern(
    r"\s(?:while|whilst|because|since|so that|"
    # "..., so Tom needs send as on support": what follows "so" is the request, not its reason
    r"so(?!\s+(?:you|please|could|can|would|kindly)\b)"
    r"(?!\s+§\d+§\s+(?:also\s+)?(?:needs|should get|will need|must get|has to get|should have|gets)\b)|"
    r"now that|cause|'cause|instead of|rather than|as of|"
    r"in case|(?:till|until) (?:§\d+§|they|he|she) (?:is|are|gets?|comes?)|"
    # "... to cover for him": whom the change stands in for, not whom it is for
    r"to (?:cover|stand in|fill in|step in|sub)(?= for\b)|"
    # "... to cover her work", "... in her place": whose work is covered, never one more the change is for
    # (batch 29 granted Christine too); not "to cover her inbox", which is what the change is on
    r"to (?:cover|do|handle|pick up|take over|look after|manage|keep up with)(?=\s+§\d+§\s+(?:"
    + _AWAY_WORK
    + r")\b)|in(?=\s+§\d+§\s+(?:place|stead|absence)\b)|"
    # (nlu130, red team 71 class 4) "... to cover Emma Wilson's absence", "... to cover Emma Wilson while
    # she's out": the one covered for is the one away, whom the change stands in for, never one more trustee
    # (Emma was given sales@ beside Ava)
    r"to (?:cover|stand in for|fill in for|step in for|sub for)(?=\s+§\d+§(?:\s+(?:"
    + _NLU130_AWAY_NOUNS
    + r")\b|\s+(?:while|whilst|during|until|till|when)\b|\s*(?:[,.;!?]|$))))"
    # ("... while I travel - Lucas suggested it": the reason ends at a dash; who suggested it is read apart)
    r"\s(?:(?!\s[-–—]\s).)*(?=\s[-–—]\s|$)"
)
# "Rachel covers month-end while Christine is on leave and needs full access to finance@": the one away is
# not the one who needs a right to work; a need joined on with no subject of its own after an absence is the
# main clause's subject's, and the reason ends before it (nlu122: the whole tail was cut as the reason)
ABSENCE_THEN_NEED: Final = LazyPattern(
    r"^\s(?:while|whilst)\s+(?:§\d+§|he|she|they)\s*(?:is|['’]s|are|will\s+be)?\s*(?:away|off|out|"
    r"on\s+(?:(?:sick|annual|maternity|paternity|parental|medical|study)\s+)?(?:leave|holiday|holidays|vacation))"
    r"(?=\s+and\s+(?:also\s+)?(?:needs|will\s+need|requires)\s)",
    re.IGNORECASE,
)
# (nlu125, red team 70 class 6) "Tom covers while Rachel is away and needs full access to finance@": the need
# joined to the absence by "and" is said of the same time, so the absence is the span of what the coverer
# gets: a vague end, asked (rules._absence_without_end), never a grant for good (nlu122 read only the reason)
NLU125_ABSENCE_JOINED_NEED: Final = LazyPattern(
    r"\s+and\s+(?:also\s+)?(?:needs|will\s+need|requires|should\s+(?:get|have)|gets)\s", re.IGNORECASE
)
# ("Tom covers for Rachel while she is on leave and needs full access to finance@": whom the main subject
# covers for is the one away, never one more the need is for; Rachel was given finance@ too, nlu125)
NLU125_COVERS_FOR: Final = LazyPattern(
    r"(?<![\w-])(?:covers?|covering|stands?[ \t]+in|standing[ \t]+in|fills?[ \t]+in|filling[ \t]+in|subs|"
    r"subbing)[ \t]+(?P<whom>for[ \t]+§\d+§)",
    re.IGNORECASE,
)
# "while §0§ is away ...": the reason's own subject, the one away
SUBORDINATE_SUBJECT: Final = LazyPattern(r"^\s*(?:while|whilst|because|since|now that|as)\s+§\d+§")
SEND_WORDS = frozenset(
    {"send", "sending", "sends", "email", "emails", "mail", "messages", "reply", "replying", "respond"}
)
ATTACHED = LazyPattern(
    r"\b(?:spreadsheet|attached|attachment|attach\w*|the file|this file|that file|csv|xlsx|excel|sheet|"
    r"enclosed|the list below|these (?:users|people))\b"
)
EVERYONE = LazyPattern(
    r"\b(?:everyone|everybody|all(?: the)?(?: current)? (?:members|users|people)|all|each member|the members|"
    r"every member|all of the members|whoever is|anyone)\s+(?:of|in|from|on)\s+(?:the\s+)?$"
    # "take everyone off the Engineering list", "get everybody out of Contractors": the list's members, said
    # with the removal's own preposition
    r"|\b(?:everyone|everybody|all(?: the)?(?: current)? (?:members|users|people)|every member|"
    r"all of the members)\s+(?:off(?: of)?|out of)\s+(?:the\s+)?$"
    # "the whole Finance Team", "the entire Sales list": the group's members, no preposition between
    # ("add all the Contractors to ...": the list's members, a plural said of the list; "to all the Marketing
    # list" is the list itself)
    r"|\b(?:the whole|the entire|all of|each of|every one of|everyone on)\s+(?:the\s+)?$"
    r"|(?<!to )(?<!from )(?<!onto )(?<!into )(?<!on )(?<!in )(?<!off )\ball the\s+$"
)
# "all members of All Hands who are also in Project Atlas": some of them only, a filter the plan cannot apply
MEMBERS_FILTERED = LazyPattern(
    r"^(?:who|that|which|whom)\s+(?:are|is|were|aren'?t|are not|also|still|have|haven'?t|joined|work|sit)\b"
    r"|^(?:whose|except those|if they|when they)\b"
)
ALL_RIGHTS = LazyPattern(
    r"\b(?:all|every|any)\b(?:\s+of)?(?:\s+(?:the|his|her|their|my))?(?:\s+[\w.@-]+\s+[\w.@-]+'s?|\s+[\w.@-]+'s?)?\s+"
    r"(?:(?:mailbox|delegat\w*)\s+)?(?:permissions?|rights|access(?:es)?|delegations?)\b"
    # "every right on info@" (not "all right", which is "alright")
    r"|\bevery\s+(?:single\s+)?(?:mailbox\s+)?right\b"
)
# "do not touch his mailbox permissions": every mailbox right, said as a whole (a negation's scope)
MAILBOX_RIGHTS_SAID: Final = LazyPattern(
    ALL_RIGHTS.pattern + r"|\b(?:mailbox|delegated)\s+(?:permissions|rights|access(?:es)?)\b"
)
# "every permission on support but full access": "but" is "except" there; read as "but (give) full access"
# it gave exactly the right left out
ALL_RIGHTS_BUT: Final = LazyPattern(
    r"(?P<all>"
    + ALL_RIGHTS.pattern
    + r")(?P<mid>[^,.;!?]*?)\s+but\s+(?!not\b|also\b|only\b|just\b|for\b|on\b)"
    r"(?=(?:the\s+|his\s+|her\s+)?(?:full|send|fa\b|sob\b|delegat|read|edit|review|calendar))",
    re.IGNORECASE,
    cue=r"\sbut\s",
)
# "remove all members of All Hands but Priya", "take everybody but David off Engineering": "but" is "except"
# there, the one named stays on the list
# "... the hr mailbox?? full access i mean": a fix said with "I mean" after it, read as said before it ("I
# mean full access"), never "I" as someone the request is for
TRAILING_I_MEAN: Final = LazyPattern(
    # (a few words: what is fixed, never a whole request before it)
    r"(?:(?<=[.?!;,-])|^)(?P<lead>\s*)(?P<what>[^\s.?!;,-][^\s.?!;,]*(?:\s+[^\s.?!;,-][^\s.?!;,]*){0,3}?)"
    r"\s*,?\s+i\s+mean(?:t)?\s*(?=[.?!;]|$)",
    re.IGNORECASE,
)
# "Change the forwarding on billing so it goes to Rachel": where the forwarded mail goes, said as what it
# is for; read as "... to Rachel" (only where forwarding is said)
FORWARD_SO_IT_GOES: Final = LazyPattern(
    r"(?<=\w)\s+so(?:\s+that)?\s+(?:it|its mail|the mail|mail|everything|all (?:the )?mail)\s+"
    r"(?:goes|will go|gets sent|is sent|lands|arrives|ends up)\s+(?=to\s)",
    re.IGNORECASE,
)
# "The disabled account pat.gone@ is still on all-sales, please take it off": "it" (or "the account") is the
# account named, a member like any person; read as "them" where an account was named by its address
ACCOUNT_NAMED: Final = LazyPattern(
    r"\baccount\s+[\w.+'-]+@[\w.-]+\w|[\w.+'-]+@[\w.-]+\w(?:'s)?\s+account\b", re.IGNORECASE
)
ACCOUNT_IT: Final = LazyPattern(
    r"\b(?P<verb>take|get|kick|remove|drop|pull)\s+(?:it|that account|the account|this account)"
    r"(?=\s+(?:off|out|from)\b)",
    re.IGNORECASE,
)
ACCOUNT_IT_SAY: Final = r"\g<verb> them"
# "... are already on it and told me to ask you": who sent the requester to IT, nothing asked of them; cut
TOLD_TO_ASK_YOU: Final = LazyPattern(
    r"\s*,?\s*(?:and|who)\s+(?:(?:have|has|had|just)\s+)?(?:(?:told|asked)\s+(?:me|us)\s+|said\s+(?:(?:to|for)\s+(?:me|us)\s+)?)"
    r"(?:to\s+)?(?:ask|contact|email|e-mail|ping|message|reach out to|check with|raise (?:it|this) with)\s+"
    r"(?:you|it|the helpdesk|the service ?desk|the it team)(?:\s+(?:guys|folks|team|about (?:it|this)))?"
    r"(?=\s*(?:[.;!?]|$))",
    re.IGNORECASE,
    cue=r"told|asked|said",
)
# "... as Info itself (not "on behalf of")": a negation in brackets, read as one said after a comma
BRACKET_NEGATION: Final = LazyPattern(
    r"\s*\(\s*(?P<neg>not|never|but not|except|rather than|instead of)\s+(?P<what>[^()]{1,60}?)\s*\)\s*"
    r"(?P<end>[.;!?]|$)?",
    re.IGNORECASE,
)
# "who all can open the careers inbox?": who (a way of saying it), never "all" mailboxes or rights
WHO_ALL: Final = LazyPattern(r"\b(who|whom)\s+all\b(?!\s+(?:of|the|my|our|their|his|her)\b)", re.IGNORECASE)
# "gimme the members of finance team", "send me a list of the members of All Hands": the members handed to the
# one asking, a read ("show me ..."); never with a right or a place said after it ("give me the members of
# Finance Team full access to billing" is no read)
MEMBERS_HANDED: Final = LazyPattern(
    r"\b(?:give|get|send|fetch|grab|pass|pull|email|mail)\s+(?:me|us)\s+"
    r"(?:(?:a|the)\s+(?:full\s+|quick\s+|current\s+)?(?:list|rundown|roster|names)\s+of\s+)?"
    r"(?=(?:the\s+|all\s+(?:the\s+)?)?(?:members|membership|people)\s+(?:of|in|on)\s+"
    r"(?![^.;!?\n]*\b(?:access|send|sob|fa|rights?|permissions?|delegat\w*|calendar|to|on|onto|into|as|"
    r"add|remove|give|grant)\b))",
    re.IGNORECASE,
    cue=r"\bme\b|\bus\b",
)
MEMBERS_HANDED_SAY: Final = "show me "
# "Clear out all-sales except Priya and John", "Trim the Finance Team group down except ...": everyone else
# taken off, read as "remove everyone from ... except ..." (only with the ones kept said: "clear out
# all-sales" alone is not read)
EMPTY_BUT: Final = LazyPattern(
    r"\b(?:clear(?:\s+out)?|empty(?:\s+out)?|purge|trim|cut|slim|pare)\s+"
    r"(?P<list>(?:the\s+)?[\w@.-]+(?:\s+[\w@.-]+){0,3}?)(?:\s+down)?(?=\s*,?\s+except\b)",
    re.IGNORECASE,
)
EMPTY_BUT_SAY: Final = r"remove everyone from \g<list>"
ALL_MEMBERS_BUT: Final = LazyPattern(
    r"(?P<all>\b(?:everyone|everybody|all(?: the)?(?: current)? (?:members|users|people)|every member|"
    # (nlu110) "save", "bar", "sparing" after everyone are "but" there: "everyone from all-sales save Emma",
    # "..., sparing Emma Wilson" (red team 66 removed Emma with the rest)
    r"all of the members)(?:\s+(?:of|in|from|on|off|out of)\s+[^,.;!?]*?)?)"
    r"(?:\s+(?:but|save|bar|barring|sparing)|\s*,\s*(?:sparing|barring))\s+"
    r"(?!(?:not|also|only|just|keep\w*|leave|leaving|don'?t|do|please|pls|make|i|we|you|he|she|they|it|"
    r"that|then|first|still|the|this|its|their)\b)",
    re.IGNORECASE,
)
# "a new list Night Shift, Tom Becker and Ava Johnson excluded": the people named are kept off it
EXCLUDED_AFTER: Final = LazyPattern(r"\b(?:excluded|left out|not included|omitted|exempted)\b")
# "New DL please: uk-team@acme.co.uk, display name UK Team": a request to create, its details after the colon
NEW_LIST_LEAD: Final = LazyPattern(
    # ("need a new DL: ...", "we want a new list: ...")
    r"(?:please\s+)?(?:(?:(?:[iI]|we)\s+)?(?:need|want|would like|'d like)\s+(?:a\s+|an\s+)?new|"
    r"new|create|set ?up|make|start)\s+(?:a\s+|an\s+)?(?:new\s+)?"
    r"(?:dl|list|distribution (?:list|group)|mailing list|group)"
    # ("New DL needed: onboarding@acme.com, ...")
    r"(?:\s+(?:please|pls|needed|required|wanted|request))?"
)
# "Please create a distribution list Boardroom Bookers (boardroom-bookers@acme.com) with ...": the name, then
# the new address in brackets (nlu43)
NEW_LIST_NAMED_BRACKET: Final = LazyPattern(
    r"\s*" + NEW_LIST_LEAD.pattern + r"(?:\s*:\s*|\s+)(?!(?:for|with|to|of|and|please|pls|called|named)\b)"
    r"(?P<name>[^@,;:()\n]+?)\s*\(\s*[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\s*\)",
    re.IGNORECASE,
)
# "New DL please: Support Escalations, support-escalations@acme.com, ...": a name, then the new address
NEW_LIST_NAMED: Final = LazyPattern(
    # (the colon may be left out: "Create a new distribution list Customer Success, customer-success@...")
    r"\s*" + NEW_LIST_LEAD.pattern + r"(?:\s*:\s*|\s+)(?!(?:for|with|to|of|and|please|pls|called|named)\b)"
    r"(?P<name>[^@,;:\n]+?)\s*,\s*[\w.+'-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)
# "Chris is on leave, so Tom should get send as ...": after a statement, ", so" starts the request
# ("I need full access to sales so I can cover the inbox": what the change is for, said after it; not "so Ava
# can get send as", the request itself)
SO_THEN: Final = LazyPattern(
    r"so\s+(?!(?:that|far|much|many|long|as)\b)"
    r"(?!(?:i|we|he|she|they|§\d+§)\s+(?:can|could|will be able to|am able to)\s+"
    r"(?!(?:also\s+)?(?:get|have|receive|be given|be granted|be added|be put|be removed|be taken)\b))"
)
# "Share my calendar with Lucas so he can see when I'm free": what the change is for, said of the one it is
# for by a pronoun with "can" and a verb that asks for nothing more (SO_THEN's purpose); one clause with the
# change, whose tail it is (its level read there), never a request of its own (rules._clauses; nlu102)
SO_PURPOSE: Final = LazyPattern(
    r"so\s+(?:he|she|they)\s+(?:can|could|will be able to|is able to|are able to)\s+"
    r"(?:see|view|check|know|look at)\b"
)
# "Ava has full access to billing so she doesn't need send as": what follows "so" tells what someone does not
# need, no change asked (cut apart, it read as a removal)
SO_NOT_NEEDED: Final = LazyPattern(
    r"^\s*(?:§\d+§|he|she|they|we|i)\s+(?:doesn'?t|does not|don'?t|do not|won'?t|will not|no longer|never)\b"
)
# "send on behalf: Liam Brown on the Sales mailbox", "just send as: ...": a right named alone before a colon
# is what the clause after it asks for, whom and where said after the colon (cut there, the right was read
# on its own and the mailbox after it asked about)
RIGHT_LEAD: Final = LazyPattern(
    r"(?:(?:just|only|and|also|plus|but)\s+)*(?:the\s+)?"
    r"(?:full[- ]access|fa|send[- ]?as|send[- ]on[- ]behalf|sob|read[- ]only|editor|reviewer)"
    r"(?:\s+(?:access|rights?|permissions?))?(?:\s+(?:please|pls|plz))?"
)
# What may stand before a colon as the topic of the clause after it.
TOPIC = LazyPattern(r"(?:my|§\d+§)\s+(?:own\s+)?(?:calendar|mailbox|inbox|mail|email|forwarding)|§\d+§")
MOVE = LazyPattern(r"\b(?:move|moving|moved|migrate|transfer|shift)\w*\b")
COPY_MEMBERS = LazyPattern(r"\b(?:copy|copying|duplicate|clone|mirror)\b")
# "with automapping - no, without automapping": a fix that only says whether the mailbox is automapped,
# and the words in the request it replaces
AUTOMAP_SAID: Final = LazyPattern(
    r"(?:(?:with|without|no|and|but)\s+)?(?:the\s+)?auto[- ]?map\w*(?:\s+(?:on|off|enabled|disabled))?",
    re.IGNORECASE,
)
NO_AUTOMAP = LazyPattern(
    r"\b(?:without|no|not|disabl\w*|turn\w* off|switch\w* off|don'?t|do not|doesn'?t|does not)\s+"
    r"(?:use\s+|do\s+|want\s+|have\s+|need\s+)?"
    r"(?:the\s+|any\s+)?auto[- ]?map\w*|"
    r"auto[- ]?map\w*\s*(?:[:=]\s*|(?:set\s+)?to\s+|(?:switched|turned|set)\s+)?(?:off|false|no|disabled)\b|"
    + OUTLOOK_HIDDEN
    + r"|"
    + OUTLOOK_CONCEALED
    + r"|(?:without|not)\s+(?:it\s+)?(?:showing|appearing|adding it) (?:up )?in outlook"
    + r"|(?:"
    + OUTLOOK_KEPT_OUT
    + ")",
    # (each part above names automapping, a map or Outlook)
    cue=r"map|auto|outlook",
)
CHANGE_VERB = LazyPattern(
    r"\b(?:change|changing|changed|set|setting|make|update|switch|rename|modify|use|swap|replace|move|correct|"
    r"fix|should be|become|new primary|(?:new|different|another) main|(?:different|another) primary)\w*\b"
    r"|\bbe\b"
    # "The Careers mailbox should have recruiting@ as its primary address": the address it is to have
    r"|\b(?:should|must|needs? to|to|will) have\b"
    r"(?=.*\bas\s+(?:its|the|their|his|her)\s+(?:new\s+)?primary\b)"
    # "Give Lucas Rossi the primary address lucas.rossi@acme.co.uk", "assign him ... as his primary": the
    # address given is the one it is to have (a right is never given with these words, so no other reading)
    # ("... to get ceo@acme.com as her primary address": the one getting it is given it; nlu106)
    r"|\b(?:give|giving|assign|assigning|get|gets|getting)\b"
    r"(?=.*\b(?:the|a|as|his|her|their|its)\s+(?:new\s+)?primary\b)"
    # "Sarah Connor would like sarah.connor@acme.com as her primary address": the address wanted as the
    # primary is the change asked for; the one wanting it is cut as the speaker (engine.speakers), so the
    # clause opens with "as her primary" once the address is blanked (batch 40: not understood)
    r"|\b(?:would like|'d like|wants?|wanted|needs?|prefers?|requests?|asked for|asks for)\b"
    # (whose primary, a his/her, is blanked with the mentions in the words read: "would like as primary")
    r"(?=\s+(?:\S+@\S+\s+)?as\s+(?:(?:the|his|her|their|its|my|our)\s+)?(?:new\s+)?primary\b)"
    r"|^\s*as\s+(?:the|his|her|their|its|my|our)\s+(?:new\s+)?primary\b"
)
# "let Tom see who has full access to support@", "for Tom to find out who has send as": a question about
# the rights, whoever asks it; the right named is what they want to know about, never one to grant
SEE_WHO_HAS = LazyPattern(
    r"\b(?:see|know|check|find out|view|look up|look at|learn|tell)\s+(?:who|whom)\s+"
    r"(?:already\s+|currently\s+|still\s+)?(?:has|have|holds?)\b(?!\s+been\b)"
)
WHO = LazyPattern(r"\bwho(?:m|'s|s)?\b")
# "Who has send as on the Procurement mailbox?", "... on Brian's mailbox": a mailbox said by a name no
# recipient has (no mention left); the report is asked which mailbox, never "not understood" (rules._read)
UNKNOWN_MAILBOX_SAID: Final = LazyPattern(
    r"\b(?:on|to|for|of|in|into|at)\s+(?:the\s+)?(?:[\w&'-]+\s+){1,2}?(?:shared\s+)?(?:mailbox|inbox)\b",
    re.IGNORECASE,
)
UNKNOWN_MAILBOX_ASK: Final = (
    "Which mailbox is meant? No mailbox matches what the question names: say its address."
)

# "Show the Full Access holders on pat.gone@", "list everyone with send as on it": those holding a right,
# named as a group of people, are asked for as "who has it" is
RIGHT_HOLDERS: Final = LazyPattern(
    r"\b(?:holders?|grantees|delegates|(?:every|any)(?:one|body)\s+(?:else\s+)?(?:with|that\s+has|having)|"
    r"(?:people|users|accounts|those)\s+(?:with|that\s+have|having))\b"
)
# "Take Maria off the people who can see Olivia's calendar": "who" opening a relative clause that names
# those holding a share, said of a change taking someone away; no question (nlu52: it read the permissions)
WHO_RELATIVE: Final = LazyPattern(
    r"\b(?:off|from|out\s+of)\s+(?:the\s+)?(?:list\s+of\s+)?(?:people|persons|users|ones|those|folks|"
    r"everyone|everybody|colleagues|staff)\s+who\b"
)
PERSON_REACH = LazyPattern(
    r"\b(?:what|which)\b.*\b(?:can|does|do|has|have|(?:is|am|are) (?:\w+ )?(?:able|allowed) to)\b|"
    # "wat lists am i on", "which groups is Ava in": whose memberships, the person's own reach (nlu57)
    r"\b(?:what|which|wat|wich)\s+(?:(?:distribution|mailing|e-?mail)\s+)?(?:lists|groups|dls|distros)\s+"
    r"(?:am|is|are|'m)\s+(?!(?:there|available|in\s+the\s+tenant)\b)(?:\s*\S+){0,2}?\s*"
    r"(?:on|in|(?:a\s+)?members?\s+of|part\s+of)\b|"
    r"\b(?:access|delegations?|permissions?|rights)\s+"
    r"(?:of|for)\b|\breport\b.*\bfor\b|\bcan\b.*\b(?:open|access|reach|get into)\b|\baccess\b"
)
# "which users can open the UK Office mailbox?": who holds Full Access on it, not its details
WHO_CAN_OPEN: Final = (
    # ("who all can open ...", "who else can currently get into ...": the same question)
    r"(?:who(?: all| else| exactly)?|which (?:users?|people|persons|staff|colleagues|accounts)) "
    r"(?:can|could|is able to|are able to) (?:(?:currently|still|actually|now) )?"
    r"(?:open|read|get into|see into)"
)
PERMISSION_WORDS = LazyPattern(r"\b(?:permissions?|rights|access|delegat\w*|" + WHO_CAN_OPEN + r")\b")
LIST_WORD = LazyPattern(r"\b(?:list|dl|distribution|group|mailing)\b")
REMOVING = LazyPattern(
    r"\b(?:remov\w*|rm|take|taking|taken|takes|took|drop\w*|kick(?!-?off\b)\w*|unsubscrib\w*|leave|leaving|pull\w*|delete|exclude|off|"
    r"out of|no longer|get \w+ out|get rid of|" + "|".join(_REMOVAL_SLANG) + r")\b"
)
# "Change my primary to tb@acme.com; retire tom.becker@acme.com": an address said to be retired, taken out
# of use, is taken off as a removed one is (read only of the old primary a change replaces; red team 65 kept
# it as an alias)
NLU111_ADDRESS_RETIRED: Final = LazyPattern(
    r"\b(?:retir(?:e|es|ed|ing)|decommission\w*|deactivat\w*|sunset(?:s|ting)?|phase\s+out|stop\s+using)\b",
    re.IGNORECASE,
)
# "... and leave maria.garcia@acme.com on the account as an alias" (the address blanked): the old address
# left where it is, kept as an alias, never taken off ("leave" also takes someone off a list)
OLD_LEFT_ON: Final = LazyPattern(
    r"\bleav(?:e|ing)\s+(?:it\s+|that\s+|(?:the\s+)?old(?:\s+(?:one|address))?\s+)?"
    r"(?:on|in|as|alone|where|active|working)\b"
)
MEMBER_VERB = LazyPattern(
    r"\b(?:add\w*|put|include|join(?!ed\b)\w*|subscrib\w*|enrol\w*|sign|remov\w*|rm|take|taking|taken|takes|took|"
    r"drop\w*|kick(?!-?off\b)\w*|unsubscrib\w*|leave|leaving|pull\w*|exclude|member|"
    # "Christine needs to be in the finance-team group": joining, said as where someone should be
    r"(?:needs?|has|have|ought|got) to be (?:in|on|part of)|"
    # "Alex Kim would like to be on the Marketing list, please add him": the same, said as a wish of theirs
    # (batch 35 asked whether to add or remove him)
    r"(?:wants?|would like|'d like|wish(?:es)?) to be (?:in|on|part of)|"
    # "New hire Ava should be on the All Hands list": where someone should be, said as a wish
    r"(?:should|must|shall) (?:also )?be (?:in|on|part of)|"
    # "can I be on the finance team group temporarily?": where the writer asks to be, said as a question
    # (batch 48 read no change at all; nlu145)
    r"(?:can|could|may|might) (?:i|we) (?:please )?(?:also )?be (?:in|on|part of)|"
    # "Can I get on the All Hands list?", "get Ava Johnson into Project Phoenix": getting someone onto a list
    # ("could you get Liam Brown and Noah Davis on the Marketing list?": the names blanked, "and" left
    # between; nlu145)
    r"(?:get|gets|getting|got)\s+(?:me\s+|him\s+|her\s+|them\s+|us\s+)?(?:(?:and|&|,)\s*)*(?:also\s+)?"
    r"(?:on|onto|into)\b|"
    # "Jane Doe needs membership of Finance Team", "give her membership in it": joining, said as a noun
    # ("Jane is asking for Finance Team membership": the list's name blanked before the noun)
    r"(?:needs?|wants?|requires?|request(?:s|ed)?|gets?|getting|should (?:get|have)|give|grant|given|granted|"
    r"(?:asking|asked|asks) for)\s+(?:\w+\s+)?membership(?:\s+(?:of|in|to|on)\b|\s*$)|"
    # "Priya wants me on the Marketing list": where someone is wanted (a person's name is blanked here)
    r"(?:wants?|would like|'d like|needs?)\s+(?:me\s+|him\s+|her\s+|them\s+|us\s+)?(?:also\s+)?"
    r"(?:on|in|onto|into)|"
    # ... and what is left once the one wanting it is set aside (engine.speakers): "me on the Marketing list"
    r"^(?:(?:me|and|,)\s*)*(?:also\s+)?(?:on|onto|into)|^(?:(?:and|,)\s*)*me\s+(?:also\s+)?in)\b"
)
# "(can Ken get ... and) join all hands", "and should join it": joining said with no one before the verb,
# after a clause about someone else (who joins is that one, never the one asking)
JOIN_CARRIED = LazyPattern(r"^(?:and\s+)?(?:also\s+)?(?:should\s+|to\s+|can\s+|could\s+)?(?:also\s+)?join\b")
SELF_ACTION = LazyPattern(
    r"^(?:i\b|request|ask|want|would like|i'?d like|need|can i|could i|let me|please let me)|\b(?:join|leave|"
    r"subscribe|unsubscribe|sign me|add me|remove me|take me|me)\b"
)
CLEARING = LazyPattern(
    r"\b(?:stop\w*|turn off|switch off|disabl\w*|remov\w*|delet\w*|cancel\w*|clear\w*|no longer|end|undo|"
    r"don'?t|do not|kill|take off|back|strip\w*|pull\w*|drop\w*|" + "|".join(_REMOVAL_SLANG) + r")\b"
    # "that Rachel's forwarding be switched off", "forwarding should be turned off": said of the forwarding
    r"|\b(?:switched|turned|shut|shutting|switching|turning)\s+off\b"
    r"|\b(?:switch|turn|shut)\w*\s+(?:it|that|this|them)\s+off\b"
)
LEVEL_PATTERNS: tuple[tuple[str, LazyPattern], ...] = (
    ("availability_only", dict(_ACCESS_LEVELS)["availability_only"]),
    ("limited_details", dict(_ACCESS_LEVELS)["limited_details"]),
    ("editor", compile_words(
        r"edit(?:or)?", r"editors", r"editing", r"edits", r"write", r"read[/ -]?write", r"modify",
        r"make changes",
        r"change (?:things|events|appointments|meetings)", r"manage", r"full control", r"book", r"update",
        r"add (?:events|meetings)", r"delegate access",
    )),
    ("reviewer", dict(_ACCESS_LEVELS)["reviewer"]),
    ("editor", compile_words(r"full(?: access)?", r"change")),
)  # fmt: skip
FULL_ACCESS = compile_words(
    r"full[- ]?access",
    r"fa",
    r"full[- ]?acc?ess?",
    r"full[- ]mailbox[- ]access",
    r"full control",
    r"fullaccess",
    r"read and manage",
    r"full permissions?",
    r"full rights",
    # "send emails as info@ and read that mailbox too": reading a mailbox named before is Full Access
    r"(?:read|open|go through|access) (?:that|this|the same|its) (?:shared )?(?:mailbox|inbox)",
)
# ", and full access to Chris" after "grant send as on support to Sarah": a second grant whose verb (and
# mailbox) the person left out, not a second permission for the same people.
ELIDED_GRANT = LazyPattern(
    r"(?:and\s+)?(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf)\b[^,;]*?\b(?:to|for)\s+§\d+§"
)
# Where a request is cut into clauses, and where a new list's name ends.
# "Olivia and Tom are on it", "Olivia is in Marketing" (masked: §N§ per mention): where people are, told
_ONES_ON: Final = (
    r"§\d+§(?:\s*(?:,|and|&)\s*§\d+§)*\s+(?:is|are)\s+(?:already\s+|both\s+|also\s+)*"
    r"(?:on|in|members of)\s+(?:it|there|that list|the list|that one|(?:the\s+)?§\d+§)"
    r"(?:\s+(?:list|group|team|dl))?(?:\s+(?:already|too|as well))?"
)
ONES_ON_IT: Final = LazyPattern(_ONES_ON)
DASH_TOLD_PRONOUN: Final = r"(?:§\d+§|his|her|their|he|she|they)(?:'s|'re|s)?\s+[a-z]"
SPLIT = LazyPattern(
    r"\s*(?:;|[.?!](?:\s+|$)|,?\s+then\s+|,\s*|\s+and\s+|\s+but\s+|\s+plus\s+|\s+also\s+|:\s+|"
    # "Ken is on leave so Ava needs ...": a statement, then the request (rules._clauses decides)
    r"\s+so\s+(?!(?:that|far|much|many|long|as)\b)|"
    # "Ken is covering for Grace - please give Ken ...": a dash before a request (rules._clauses decides)
    r"\s+-\s+(?=(?:please\s+|kindly\s+)?" + one_of(CORE_CHANGE_VERBS) + r"\b)|"
    # "Add me to all-hands - Olivia and Tom are on it": a dash before who is there already
    r"\s+-\s+(?=" + _ONES_ON + r"\s*(?:[.,;!?]|$))|"
    # "remove lucas from contractors@ - his contract ended friday": a dash before what happened to someone
    # (rules._clauses decides: only a reason told, TOLD_WITH_DAY, is cut off)
    r"\s+-\s+(?=" + DASH_TOLD_PRONOUN + r"))\s*"
)
# (a name ends where its sentence does, at "?" and "!" as at "."; a colon begins what the name introduces:
# "called Brand Ambassadors? Members: me, ...", "called Ops: members ...")
NAME_END = (
    r"\s+(?:with|containing|and|for|that|including|made up of|whose|as|then)\b|\s+at\s+(?=§|\S+@|$)|"
    r"[,()\[\];.?!:]|§t|\s-\s"
)
# An address as written ("ops@acme.com"): in a request to create a list, one the directory does not know is
# most likely the new list's own.
WRITTEN_ADDRESS: Final = LazyPattern(r"(?<![\w.+'-])[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+")
# "called Ops (EMEA) with ...": a bracket right after a new list's name that is part of it (no address, no
# "display name" inside)
NAME_BRACKET: Final = LazyPattern(r"\s*\((?P<part>[^()@]{1,30})\)")
# Marks that come in pairs: a slot value holding one without its partner ("UK Team)") swallowed part of
# the text around it, so it is asked about, never planned.
PAIRED_MARKS: Final = (("(", ")"), ("[", "]"), ("{", "}"), ('"', '"'))
# Words before a mention that still belong to a new list's name: "called §0" ("called Finance Leads with ...")
IN_NAME: Final = LazyPattern(NAME_INTRO.pattern + r"(?:(?!" + NAME_END + r").)*$")


# ---- negation.py's cues: what a negation covers, and the verbs that make a segment a clause
# Where a negation's reach ends: a sentence, a comma, a dash, before "but", and before "and keep" ("revoke
# her full access and keep her send on behalf": what is kept is not part of what is taken away).
NEGATION_SEGMENT_END: Final = LazyPattern(
    # (nlu108) "keep Emma W. and Noah D.": the full stop after a capital alone is an initial's, no sentence's
    # ("P.S." is none: its capitals follow no space)
    r"\s*(?:(?:(?<![ \t][A-Z])\.|[;!?])(?:\s+|$)|,\s*|\s+-\s+|\s+(?=but\s)"
    r"|\s+(?=and\s+(?:keep|retain|hold on to|hang on to)\s)"
    # "... and leave Ava alone / as she is": what stays, a segment of its own (never "leave" as a removal)
    r"|\s+(?=and\s+leave\s+[^,;.]{1,60}?\s+(?:alone|untouched|as (?:(?:it|she|he|they)\s+)?(?:is|are))\b)"
    # "Remove Tom from Marketing and leave Priya Patel": a segment of its own too, where LEAVE_PERSON reads a
    # bare "leave" before people only (red team 31: Priya was removed)
    # (never before an address: "... and leave maria.garcia@acme.com on the account as an alias")
    r"|\s+(?=and\s+(?:then\s+)?leave\s+(?![\w.+'-]+@)))"
)
NEGATION_INLINE: Final = LazyPattern(
    r"\s(?:and\s+|but\s+)?(?P<cue>not|never|neither|except(?: for)?|apart from|other than|excluding|"
    r"instead of|"
    r"minus|excepting|barring|with the exception of|leaving out|besides|aside from|"
    r"rather than|without|with no|no)\s+(?:to\s+|from\s+|on\s+|for\s+|in\s+)?"
    # "without removing his send as", "without taking him off All Hands": the change after it is ruled out
    r"(?:(?<=without\s)(?P<verb>"
    + WITHOUT_DOING.pattern
    + r")(?:\s+(?:away|off|out|him|her|them|from|of|on|to))*\s+"
    r"(?:(?:his|her|their|the|its)\s+)?)?"
)
# (nlu114) "without removing anyone (else)", "without touching the others": the change after "without" is of
# no one named, so none of the plan's; only a word for anyone at all, or for the ones the request leaves alone
NLU114_NO_ONE_NAMED: Final = LazyPattern(
    r"\s*(?:(?:any(?:one|body|thing)|(?:any\s+of\s+)?the\s+others|others|the\s+rest|(?:the\s+)?(?:existing"
    r"|current|other)\s+(?:members|people))(?:\s+else)?(?:\s+(?:from|on|in)\s+(?:it|there|the\s+list))?)"
    r"[\s.,;!?]*",
    re.IGNORECASE,
)
# "without send as or send on behalf", "not send as, nor send on behalf", "no send as and no send on behalf":
# what joins the rights an inline negation lists, each of them ruled out (negation._rights_listed_end)
RIGHTS_LIST_JOINER: Final = LazyPattern(
    r"\s*,?\s*(?:or|nor|and|and/or|,)\s+(?:(?:also\s+)?(?:no|not|without|any|either)\s+)?(?:the\s+)?"
)
# "Leave Ava in marketing and remove Noah from it": where what is kept ends and a change begins.
AND_NEW_ACTION: Final = LazyPattern(
    # "... alone and just take away his send on behalf": an adverb before the verb changes nothing
    r"\s+and\s+(?:(?:just|only|then|also|please|simply|instead)\s+)*(?="
    + one_of(CORE_CHANGE_VERBS | frozenset(["lose", "loses", "should lose", "gets", "should get"]))
    + r"\b)",
    re.IGNORECASE,
)
ROLE_LEAD: Final = LazyPattern(r"^(?:to|from|on|for|in|of|his|her|their|the|its|him|them)\s+")
ACTION_VERB: Final = LazyPattern(
    r"\b"
    + one_of(
        CORE_CHANGE_VERBS | frozenset(_words("change send include sign provide assign do show tell list"))
    )
    + r"\b"
)
# ", ditch Ava", "and boot Ava": one word between a clause's start and a person (negation.crossed)
# (a full stop ends a clause only before a space: "billing@acme.com ethan.park" has none)
# ("pls yank mike smith's full access", "can you yoink Tom's send as": the verb after a polite lead; nlu49)
_POLITE_LEAD: Final = (
    r"(?:(?:please|pls|plz|kindly|hi|hello|hey|yo|hiya|ok|okay|can you|could you|would you|will you|can u|"
    r"could u|can someone|could someone|can somebody|can we|could we)[,!]?\s+)"
)
VERB_BEFORE_PERSON: Final = LazyPattern(r"(?:^|[,;:!?]|\.(?=\s)|\band\b|\bthen\b)\s*(?P<verb>[a-z'-]+)\s+$")
# "Hi, I'm Chris Lee's manager. Please add him to All Hands": a subject with "am/is/are" run into it is who
# someone is, no verb of change read before the person (negation asked what "i'm" asks for Chris; nlu135)
NLU135_BE_BEFORE_PERSON: Final = frozenset(
    f"{who}{apostrophe}{be}"
    for who, be in (("i", "m"), ("he", "s"), ("she", "s"), ("we", "re"), ("they", "re"), ("you", "re"))
    for apostrophe in ("'", "’", "")
    if f"{who}{be}" not in {"hes", "shes", "were"}
)
VERB_BEFORE_PERSON_POLITE: Final = LazyPattern(
    r"(?:^|[,;:!?]|\.(?=\s)|\band\b|\bthen\b)\s*" + _POLITE_LEAD + r"+(?P<verb>[a-z][a-z-]*)\s+$"
)
# "pls yoink full access from mike on billing": a clause's verb right before the right it is about (nlu49)
# (a sentence's first word, or one after a polite lead anywhere: "Give Ava and Tom full access" has none)
VERB_BEFORE_RIGHT: Final = LazyPattern(
    r"(?:(?:^|[;!?]\s|\.\s)\s*"
    + _POLITE_LEAD
    + r"*|(?:[,:]|\band\b|\bthen\b)\s*"
    + _POLITE_LEAD
    + r"+)(?P<verb>[a-z][a-z-]*)\s+(?:(?:the|his|her|their|my|its|all|any|that|this|those|these|some)\s+)?"
    r"(?:full[- ]?(?:mailbox[- ])?access|fullaccess|fa|send[- ]?as|send[- ]on[- ]behalf|sob|"
    r"calendar\s+(?:access|permissions?|rights?|share|sharing)|forwarding|membership|mailbox\s+(?:access|rights?|"
    r"permissions?)|(?:access|rights?|permissions?|delegation)\b)"
)
# "Forward Liam's mail to Brian in Sales", "Add Brian (Marketing) to all-hands": a capitalised name no one
# has, then where they work; the team says who the person is, never a recipient (mentions.py; nlu49)
UNKNOWN_NAME_BEFORE_TEAM: Final = LazyPattern(
    r"(?<![\w@.'’-])(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)\s+"
    r"(?:(?:(?:who|that)(?:'s|’s|\s+is|\s+works)\s+)?(?:in|from|of|at|on)\s+(?:the\s+)?|\(\s*)$"
)
# "Please add Rachel Green from finance to All Hands", "Give Tom Becker in Sales full access to support@",
# "Ken Adams of the HR team", "Rachel Green (Finance)": what stands between a known person and the team or
# mailbox said right after; the team says who the person is, never one more member, trustee, grantee or
# mailbox (mentions._team_of_known_name; nlu53)
KNOWN_NAME_TEAM_GAP: Final = LazyPattern(
    r"\s*(?:(?:(?:who|that)(?:'s|’s|\s+is|\s+works)\s+)?(?P<prep>in|from|of|at)\s+(?:the\s+)?|\(\s*)",
    re.IGNORECASE,
)
# a verb that reads "<person> from <list>" as where the person leaves ("Remove Tom from Marketing", "Move Tom
# from Marketing to Sales"): there "from" names the list, unless another "from <list>" follows
FROM_NAMES_THE_ORIGIN: Final = compile_words(
    r"move\w*", r"moving", r"migrat\w*", r"transfer\w*", r"shift\w*", r"switch\w*", r"kick\w*", r"boot\w*"
)
# a verb that reads "<person> in <list>" as where the person goes ("Put Mia in Engineering instead of
# Contractors"), unless another "to <list>" follows ("Add Tom in Sales to All Hands")
IN_NAMES_THE_DESTINATION: Final = compile_words(
    r"put\w*",
    r"plac\w*",
    r"stick\w*",
    r"pop\w*",
    r"add\w*",
    r"includ\w*",
    r"enrol\w*",
    r"leav\w*",
    r"keep\w*",
    r"stay\w*",
    r"remain\w*",
    r"only",
)
# "Why is Rachel Green in Finance Team?": a being verb right before the person asks about their place in the
# list, so "in <list>" is the list asked about, never where the person works (a held-out read lost its list)
IN_ASKS_MEMBERSHIP: Final = LazyPattern(r"(?<![\w@.-])(?:is|was|are|were|isn't|wasn't|been|still)\s*$")
# what ends the sentence a verb governs, read backwards from a person ("Thanks. Add Tom from Sales to ...")
CLAUSE_BREAK: Final = LazyPattern(r"[.;!?\n](?=\s|$)")
# a change of its own joined on inside one sentence ("Remove Tom from Marketing, and add Rachel Green from
# finance to All Hands"): the verb of the part the person is in is the one after it, never the first part's
# (mentions._team_of_known_name read "remove" and kept finance@ as a list left; nlu55)
CLAUSE_JOINED_CHANGE: Final = LazyPattern(
    r"(?:,|\b(?:and|then|also|plus)\b)\s*(?:(?:and|then|also|please|pls|plz|kindly)\s+)*"
    r"(?=" + one_of(CHANGE_VERBS) + r"\b)",
    re.IGNORECASE,
)
# "full access to careers@acme.com (Ava's mailbox)": whose the mailbox just named is, said in brackets after
# it; the owner said there is no second mailbox (mentions._owner_in_brackets; nlu55)
OWNER_BRACKET_OPEN: Final = LazyPattern(r"\s*\(\s*(?:(?:that's|that’s|it's|it’s|i\.e\.|ie|aka)\s+)?")
OWNER_BRACKET_CLOSE: Final = LazyPattern(
    r"(?:['’]s|['’])\s+(?:(?:shared|team|old|main|own)\s+)?(?:mail\s?box|inbox|account|address|e-?mail)\s*\)",
    re.IGNORECASE,
)
# "full access to Ava's mailbox (careers@acme.com)": a person's mailbox, then another mailbox's address in
# brackets; which one is meant cannot be told, and is asked (mentions._owner_in_brackets; nlu55). The
# possessive may be left out: "the Former Employee mailbox (pat.gone@acme.com)" names the mailbox by its
# owner's name, then its address, bracketed or not; never the address a second person (batch 48 made it a
# trustee; nlu145)
OWNED_MAILBOX_THEN_BRACKET: Final = LazyPattern(
    r"(?:['’]s|['’])?\s+(?:(?:shared|team|old|main|own)\s+)?(?:mail\s?box|inbox|account)(?:\s*\(\s*|\s+)",
    re.IGNORECASE,
)
# what joins the team right after a person to the list or mailbox left ("from") or joined ("to", "into")
# next: "Remove Tom from sales from all-hands", "Add Tom in Sales to All Hands"
FROM_NEXT: Final = LazyPattern(r"\s*from\s+(?:the\s+)?", re.IGNORECASE)
TO_NEXT: Final = LazyPattern(r"\s*(?:to|into|onto)\s+(?:the\s+)?", re.IGNORECASE)
# "... from the sales team to All Hands": the team word after the team's name, part of the description
TEAM_WORD_AFTER: Final = LazyPattern(r"\s+(?:team|department|dept\.?|group|division|org)\b", re.IGNORECASE)
# words written capitalised before "in Sales" that are no one's name ("Everyone in Sales", "Someone from HR")
NOT_UNKNOWN_NAMES: Final = frozenset(
    _words(
        """
        everyone everybody someone somebody anyone anybody people staff folks users members colleagues person
        guy guys team teams all those these them him her he she they we you members mail email emails inbox
        messages message calendar access rights members membership forwarding lead leads manager managers
        head boss director new starter starters hire hires intern interns contractor contractors temp temps
        admin admins nobody none each every both others other somebody's user member owner owners sender
        who's whos what's whats that's there's here's it's he's she's they're anyone's everyone's
        """
    )
)
# words that may stand before a right when it is given ("want full access", "requesting send as", "bump his
# calendar access up"); any other verb there, in a plan that only gives, is asked (negation.crossed)
# "pat.gone's access to the Sales mailbox: full access and send as": a person's access said as what they
# hold, with no verb anywhere in the request; whether it is to be given or taken is not said, so a plan that
# gives it is asked (nlu96: a verb not said never defaults to grant)
HELD_ACCESS_AFTER: Final = LazyPattern(
    r"(?:['’]s?)?\s+(?:current\s+|existing\s+)?(?:access|rights?|permissions?|delegations?|send\s+as)\b"
)
VERB_OF_CHANGE_SAID: Final = LazyPattern(
    r"\b(?:"
    + one_of(
        CHANGE_VERBS
        | frozenset(
            _words(
                """
                need needs needed want wants wanted get gets getting have has having like require requires
                request requested requesting can could should would will must may needing wanting allow let
                """
            )
        )
    )
    + r")\b"
)
GIVING_WORDS_BEFORE_RIGHT: Final = frozenset(
    _words(
        """
        request requesting requested require requires required requiring need needs needed needing want wants
        wanted wanting like restore restoring reinstate reinstating renew renewing extend extending upgrade
        upgrading elevate bump bumping regrant re-grant re-add readd enable enabling approve approved
        approving confirm confirming sort arrange arranging organise organize setup configure configuring
        grant's gets getting got has having had with without also same and or plus the
        full send no not yes nor only just for on to of from calendar mailbox shared access all any a an my
        his her their its our your this that these those some what which who whose how where when skip
        skipping forget scratch scrap ignore is are was were be been will would can could should may might
        must
        """
    )
)
# "Downgrade Maria from editor to reviewer on Olivia's calendar": a verb that lowers a calendar share's level;
# read as the share at the level named, only when that level is below editor (negation.crossed)
LOWERING_VERBS: Final = frozenset(_words("downgrade demote lower reduce restrict limit"))
LOWERED_LEVELS: Final = frozenset({"reviewer", "limited_details", "availability_only"})
# the words that may stand there when the person gets something ("..., give Ava", "and also Ava")
GIVING_WORDS_BEFORE_PERSON: Final = frozenset(
    _words(
        """
        give grant add put let allow make get include invite also plus and then too cc bcc bring sign enrol
        enroll subscribe assign provide offer extend same for to with especially including incl namely
        please pls plz just only me us share forward send copy set let's lets want need needs wants allowing
        giving granting adding and/or or as but gimme move moving take can could would will should may might
        must shall so because since now that whether once after before while when who whom where if
        have
        """
    )
)

ANYMORE: Final = LazyPattern(r"\b(?:any ?more|any longer)\b")
# Full Access as a negation or correction names it ("but not full access", "make that full access").
FULL_ACCESS_SAID: Final = compile_words(
    r"full[- ]?(?:mailbox[- ])?access", r"fa", r"full control", r"fullaccess", r"full permissions?", r"access"
)


# ---- cues the rules planner read inline before; here so that the lexicon is the one source of words
SECOND_PERMISSION: Final = LazyPattern(r"(?:send[- ]?as|send[- ]on[- ]behalf)\b")
KEEP_SAID: Final = LazyPattern(r"\bkeep|" + OLD_LEFT_ON.pattern)
# "..., but don't remove it yet either": the old address not to go, said as a removal ruled out
OLD_NOT_DROPPED: Final = LazyPattern(
    r"\b(?:don'?t|do not|never|not)\s+(?:\w+\s+)?(?:remove|drop|delete|retire|discard|get rid of|lose|"
    r"switch off|turn off|disable)\s+(?:it|that|them|the old\b)",
    re.IGNORECASE,
)
# "don't keep john.miller@acme.com": the address said after "keep"
KEEP_ADDRESS: Final = LazyPattern(r"\bkeep(?:ing)?\s+([\w.+'-]+@[\w.-]+\w)", re.IGNORECASE)
REPORT_WORD: Final = LazyPattern(r"\b(?:report|audit)\b")
# "... needs full access to support@ for the audit", "send as for the year-end report": why a change is
# asked for, not a report asked for
REPORT_AS_PURPOSE: Final = LazyPattern(
    r"\b(?:for|during|before|ahead of|until after)\s+(?:the|an?|our|this|that|next|their|his|her)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:report|audit|review)s?\b"
    # "..., she's running the access audit", "I'm doing the year-end review": the work someone does, told as
    # why; a reason clause never asks for a read (nlu123 planned a delegation report beside the add)
    r"|(?:^|\b(?:he|she|they|i|we)|§\d+§?)\s*(?:['’](?:s|re|m|ll\s+be)|\s+(?:is|are|am|was|were|will\s+be))?\s*"
    r"(?:(?:now|currently|also|still)\s+)?"
    r"(?:running|doing|leading|preparing|conducting|carrying\s+out|handling|working\s+on|helping\s+(?:out\s+)?with"
    r"|in\s+charge\s+of|responsible\s+for|part\s+of|on)\s+"
    r"(?:the|an?|our|this|that|next|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?:report|audit|review)s?\b"
)

# ---- a text that asks rather than tells (questions.py): it may be answered, never turned into a change
# "Where does ... come from?", "HR asked whether Tom still has access - can you check?", "... for hr@?"
# "... why Tom Becker can get into hr@": the reason asked for; the "can get" in it asks for nothing
WHY_CLAUSE: Final = LazyPattern(r"\b(?:why|how come)\b[^.?!;]*")
INTERROGATIVE: Final = LazyPattern(
    # ("needs to see whether Priya is available": seeing her free/busy, a calendar share, not a question)
    r"\?|\bwhether\b(?!\s+(?:[\w.'-]+\s+){1,3}?(?:is|are)\s+(?:free|busy|available)\b)|"
    r"\b(?:why|how come)\s+(?:[\w.@'-]+\s+){1,4}?(?:can|could|has|have|is|gets?|got)\b|"
    r"^(?:who|whom|whose|what|where|when|why|how|which|explain)\b|"
    # "Can Tom open support@", no question mark: whether he can, not a grant (asked the same with one)
    r"^(?:can|could)\s+(?!you\b|u\b|i\b|we\b)[\w.@'-]+(?:\s+[\w.@'-]+)?\s+(?:still\s+|already\s+)?"
    r"(?:open|access|read|see|use|get into|send as|send on behalf)\b|"
    # ("have" asks with "you / we / they / I" after it: "have Tom added to sales" is a request)
    r"^(?:does|do|did|is|are|was|were|has|had|have(?=\s+(?:you|we|they|i|u)\b))\s+(?!not\b)|"
    r"\b(?:can|could|would|will)\s+(?:you|u|someone|somebody)\s+(?:please\s+)?"
    r"(?:check|verify|confirm|find out|tell|look|investigate|explain|see (?:if|whether|who|what|why))\b|"
    # "Ken asked me who has send as on sales@", "Tom was wondering which people have full access to hr@",
    # "Maria wants to know where the Sales mailbox forwards to": a question passed on is asked all the same
    r"\b(?:asked|asks|asking|wondered|wonders|wondering|(?:wants|wanted|would like|'d like) to know)\s+"
    r"(?:(?:me|us|you|u|him|her|them)\s+)?(?:who|who's|whom|whose|what|what's|where|which|how many)\b"
)
# the subject of the answered need that takes "need", not "needs" ("what do they need? send as": "they need")
NLU133_PLURAL_WHO: Final = frozenset({"they"})
# "[09:03] Grace Hopper: ok, what does she need? / [09:03] Mike Smith: send as on billing please": a question
# of what someone needs, answered right after it by a right, is the dialogue's, not the request's; the answer
# says what that one needs ("she needs send as on billing"), as an answer's left-out words are the question's
# (rules._need_answered; batch 46 planned a look at billing@'s send as). An answer asking again ("send as?",
# "send as, does she have it?") is no answer.
NLU133_NEED_ANSWERED: Final = LazyPattern(
    r"(?<![\w'-])(?:(?:ok|okay|sure|right|yes|yep|no problem)\W+)*(?:so\s+)?what\s+(?:exactly\s+)?"
    r"(?:access\s+|rights?\s+|permissions?\s+)?(?:does|do|will|would)\s+"
    r"(?P<who>(?!you\b|i\b|we\b)[\w.'-]+(?:\s+(?!still\b|actually\b|exactly\b|need\b|want\b)[\w.'-]+)?)\s+"
    r"(?:still\s+|actually\s+|exactly\s+)?(?:need|want|require)\s*\?\s+"
    r"(?=(?:(?:just|only)\s+)?"
    r"(?:full[- ]?(?:mailbox[- ])?access|full control|send[- ]as|send[- ]on[- ]behalf)\b"
    # (nlu138, red team 73 class 3: "what does Ava need? full access to billing@ was removed last week, she
    # needs nothing now" planned a removal) an answer that tells what happened to the right or that nothing
    # is needed is no need: the request is read without it
    r"(?![^.?!\n]*\b(?:was|were|been|got|gotten|had|nothing|none|no\s+longer|any\s*more|"
    r"(?:does|do|did)(?:n['’]t|\s+not)\s+need)\b)"
    r"[^.?!\n]*(?:[.!\n]|$))",
    re.IGNORECASE,
)
# "Ken asked me who has send as on sales@ and asked me to give it to Ava", "... who is on all-hands and to add
# Tom to it": a change passed on beside a question passed on; the request does not only ask (questions.py)
PASSED_ON_CHANGE: Final = LazyPattern(
    r"\b(?:me|us|you|u)\s+to\s+(?:also\s+|please\s+)?" + one_of(CHANGE_VERBS) + r"\b"
    r"|\band\s+(?:also\s+)?to\s+" + one_of(CHANGE_VERBS) + r"\b"
)
# "need sendas on helpdesk@ again, it got removed??", "I need full access to billing@ back, it was taken
# away": a right needed again, then how it went (told, or asked about the past); the need is what is asked
# for (batch 30 read who holds it instead; "taken away" read as a removal). rules: the past part is cut
# (nlu63)
NEEDED_AGAIN_PAST: Final = LazyPattern(
    r"(?P<need>\b(?:(?P<bare>need)(?=\s)|needs|want|wants|needing|wanting)\b(?:(?![?!\n]|\.(?:\s|$)).){1,80}?\b(?:again|back)\b)"
    r"(?P<past>[ \t]*(?:[,;:(]|[ \t][-–—])?[ \t]*(?:(?:as|since|because|coz|cos)[ \t]+)?"
    r"(?:"
    # told: "it got removed", "it was taken away", "mine has been revoked", "my access seems to have gone"
    r"(?:it|that|this|they|mine|my\s+\w+(?:\s+\w+)?)\s+"
    r"(?:(?:somehow|just|must\s+have|seems?\s+to\s+have|might\s+have|may\s+have|apparently)\s+)?"
    r"(?:(?:got|gotten|was|were|has\s+been|have\s+been|had\s+been|been|went|has|have|had)\s+)?(?:\w+\s+){0,2}?"
    r"(?:removed|taken(?:\s+(?:away|off))?|revoked|deleted|dropped|lost|wiped|reset|expired|disappeared|"
    r"vanished|gone|lapsed|cleared|pulled|stripped|missing|deactivated|disabled)"
    # asked: "did it expire?", "was it removed?"
    r"|(?:was|were|did|has|have)\s+(?:it|that|this|they)\s+(?:\w+\s+){0,2}?"
    r"(?:removed|taken(?:\s+(?:away|off))?|revoked|deleted|dropped|expire|expired|disappear|disappeared|"
    r"lapse|lapsed|cleared|pulled|reset|vanish|vanished|get\s+removed|gone)"
    r")\b(?:\s+(?:by\s+(?:mistake|accident)|accidentally|somehow|recently|yesterday|last\s+\w+|"
    r"this\s+(?:morning|week)|again|or\s+something|for\s+some\s+reason))*[ \t]*\)?[ \t]*\?*)"
    r"(?=[ \t]*(?:[.!\n,;]|$|\s[-–—]\s|(?:thx|thanks|ta|cheers|pls|please)\b))",
    re.IGNORECASE,
)
# "need full access + send as on sales@acme.com pls": a need of a right said with no one before it, at the
# start of a part, is the writer's own (as NEEDED_AGAIN_PAST's bare need; batch 50 asked whom; rules._read;
# nlu155)
NLU155_BARE_NEED: Final = LazyPattern(
    r"(?im:(?:^|(?<=[.!?\n;]))(?P<lead>[ \t]*(?:(?:hi|hiya|hey|hello|morning|ok|okay|so)\b[ \t,!–—-]*)?)"
    r"need[ \t]+(?=(?:full[ \t]+access|send[ \t]+as|send[ \t]+on[ \t]+behalf|access|editor|reviewer|"
    r"delegate)\b))"
)
NLU155_BARE_NEED_SAY: Final = r"\g<lead>I need "
# (nlu162) "need send on behalf for david chen's mailbox pls, he asked me to send out the sprint invites": the
# one whose mailbox it is, asking the writer to do a task, told as a he/she after the need (why it is needed;
# the writer's own need still, rules._read). Never a change asked of the writer ("he asked me to add Ava")
NLU162_ASKER_TOLD_AFTER: Final = LazyPattern(
    r"[ \t]*[,;][ \t]*(?:(?:as|since|because|cos)[ \t]+)?(?:he|she)[ \t]+(?:has[ \t]+)?"
    r"(?:asked|wants|wanted|needs|told)[ \t]+me[ \t]+to[ \t]+"
    r"(?!(?:give|add|grant|share|forward|remove|put|set)\b)"
    # (rt85a H3: a task asked stopped, cancelled or handed on, or one from before, is no reason for the
    # right: "he asked me to stop sending the weekly report", "... to hand it to Ethan", "... last year")
    r"(?!(?:stop|cease|cancel|quit|pause|halt|drop|end|abandon|discontinue|hand|pass|transfer|give[ \t]+up|"
    r"no[ \t]+longer|not|never|don['’]?t)\b)"
    r"(?![^.;!?\n]*\b(?:last[ \t]+(?:year|month|week|quarter|time)|before|previously|in[ \t]+the[ \t]+past|"
    r"back[ \t]+then|ago|over[ \t]+to|to[ \t]+(?-i:[A-Z])\w+|any[ \t]*more|anymore)\b)"
    r"[^.;!?\n]*",
    re.IGNORECASE,
)
NLU162_POSSESSIVE_MARK: Final = LazyPattern(r"^(?:['’]s?)?\s*")
# (rt80a N4) "need send as on sales@ - for the new guy", "... for my colleague", "... - she's new": the need
# said for someone else not named (a person by their role, or he/she/they), never the writer's own
# (NLU155_BARE_NEED stays unread and whom it is for is asked)
RT80A_NEED_FOR_OTHER: Final = LazyPattern(
    r"\bfor\s+(?:(?:the|my|our|a|an|his|her|their|one\s+of\s+(?:my|our|the))\s+(?:(?:new|other|temp)\s+)?"
    r"(?:guy|girl|lady|person|colleague|co-?worker|starter|joiner|hire|intern|contractor|temp|assistant|"
    r"manager|boss|team-?mate|member|employee|staff(?:er)?|admin|analyst|rep|lead|friend|peer|report|"
    r"replacement|cover|someone|somebody|user|people|folks?)s?\b"
    r"|(?:someone|somebody|another\s+(?:person|user|colleague))\b(?:\s+(?:in|on|from)\s+(?:my|our|the)\s+\w+)?)"
    r"|\b(?:he|she|they)(?:['’](?:s|re|ll|d)|\s+(?:is|are|was|were|will|has|have|needs?|starts?|joined))\b",
    re.IGNORECASE,
)
# "..., john's showing me the ropes", "- Tom is training me": who helps the writer with the work, told as
# why; the one helping is no one the change is for (batch 50 granted John too; rules._read; nlu155). Only of
# "me"/"us": "john's showing Ava the ropes" names someone else helped, which is asked (it granted John and
# Ava)
_HELPED: Final = r"(me|us|[\w.'’-]+(?:[ \t]+[\w.'’-]+)?)"
NLU155_HELPING_ME: Final = LazyPattern(
    r"[ \t]*(?:[,;]|[ \t][-–—])[ \t]*(?:(?:as|since|because|cos|coz)[ \t]+)?[\w.'’-]+(?:[ \t]+[\w.'’-]+)?"
    r"(?:['’]s|[ \t]+(?:is|has[ \t]+been|will[ \t]+be))[ \t]+"
    r"(?:showing[ \t]+"
    + _HELPED
    + r"[ \t]+(?:the[ \t]+ropes|around|how[ \t]+it[ \t]+works)|(?:training|onboarding|"
    r"mentoring|teaching)[ \t]+"
    + _HELPED
    + r"(?:[ \t]+up)?|(?:getting|bringing)[ \t]+"
    + _HELPED
    + r"[ \t]+up[ \t]+to[ \t]+speed)"
    r"(?:[ \t]+(?:on[ \t]+it|there|this[ \t]+week|for[ \t]+now|at[ \t]+the[ \t]+moment))?[ \t]*(?=[.!?]|$)",
    re.IGNORECASE,
    cue=r"(?i:showing|training|onboarding|mentoring|teaching|speed)",
)
NLU155_HELPED_SELF: Final = frozenset(_words("me us"))
NLU155_HELPING_OTHER_ASK: Final = (
    "The request tells that someone is helping another ({said!r}): say whom the change is for, and whether "
    "the "
    "one helping gets anything too."
)
# "share my calendar with him (free/busy is enough)": the level said enough in brackets is the share's level,
# as ", free/busy is enough" is (batch 50 asked it as named only in brackets; rules._read; nlu155)
NLU155_LEVEL_BRACKET: Final = LazyPattern(
    r"[ \t]*\((?P<said>[ \t]*(?:(?:just|only)[ \t]+)?(?:free[ \t]*/[ \t]*busy|availability(?:[ \t]+only)?|"
    r"reviewer|"
    r"read[- ]only|editor|limited[ \t]+details|full[ \t]+details)[ \t]+(?:is|would[ \t]+be|will|should)[ \t]+"
    r"(?:be[ \t]+)?(?:enough|fine|plenty|ok|okay|do|sufficient|all[ \t]+(?:he|she|they)[ \t]+needs?))"
    r"[ \t]*\)",
    re.IGNORECASE,
    cue=r"\(",
)
NLU155_LEVEL_BRACKET_SAY: Final = r", \g<said>"
# (rt80a N23) "share my calendar with Ethan Park as editor (free/busy is enough)": a level said before the
# bracket too; the two disagree, so the bracket is not read as the level (the share's level is asked)
RT80A_LEVEL_SAID_BEFORE: Final = LazyPattern(
    r"\bas[ \t]+(?:an?[ \t]+)?(?:editor|reviewer|author|delegate|contributor|owner|read[- ]only|"
    r"free[ \t]*/[ \t]*busy|availability|limited[ \t]+details|full[ \t]+details)\b"
    r"|\b(?:editor|reviewer|edit|editing|read[- ]only|write|full[ \t]+details)[ \t]+"
    r"(?:access|rights?|permissions?)\b",
    re.IGNORECASE,
)
# "take him off External-Contractors if he's on it", "remove her send as if she still has it": a removal's
# condition that it is there to remove is no condition (removing what is not there changes nothing); cut
# after a removal only (batch 50 refused the whole mail as conditional; rules._read; nlu155)
NLU155_IF_THERE: Final = LazyPattern(
    r"[ \t]*,?[ \t]*(?:if|in[ \t]+case|assuming)[ \t]+(?:he|she|they)[ \t]*"
    r"(?:['’]s|['’]re|[ \t]is|[ \t]are|[ \t]was|"
    r"[ \t]has|[ \t]have)?[ \t]+(?:(?:still|even|actually|already)[ \t]+)?"
    r"(?:(?:on|in)[ \t]+(?:it|there|that[ \t]+(?:list|one|group)|the[ \t]+(?:list|group))"
    r"|(?:a[ \t]+)?members?(?:[ \t]+of[ \t]+it)?|(?:got[ \t]+)?(?:it|that|one))"
    r"(?:[ \t]+(?:still|already|at[ \t]+the[ \t]+moment))?[ \t]*(?=[.;!\n]|$)",
    re.IGNORECASE,
    cue=r"(?i:if|case|assuming)",
)
# what a "need ..." with no one before it opens after: the start, a greeting, a dash or a stop (nlu63)
NEED_OPENS_PART: Final = LazyPattern(
    r"(?i:(?:^|[.!?\n:;–—-]|^(?:hi|hiya|hey|hello|yo|morning|ok|okay|so)\b[ \t,!–—-]*)$)"
)
# "SendOnBehalf: remove john@ from sales@", "Send As - add Ken Adams to billing@": the right as a label, then
# the change for whom on what; read as "remove send on behalf for john@ from sales@" (batch 30; nlu63)
RIGHT_LABEL_CHANGE: Final = LazyPattern(
    r"(?i:^[ \t]*(?:(?P<sob>send[ \t]*on[ \t]*behalf(?:[ \t]*of)?)|(?P<sa>send[ \t]*as)"
    r"|(?P<fa>full[ \t]*(?:mailbox[ \t]*)?access))[ \t]*(?::|[ \t][-–—])[ \t]*"
    r"(?P<verb>remove|revoke|take\s+off|add|give|grant)[ \t]+(?P<who>[^,;:\n]+?)[ \t]+"
    r"(?P<prep>from|on|to|for)[ \t]+(?P<what>[^,;:\n]+?)[ \t]*[.!]?[ \t]*$)"
)
# (nlu146) "can rachel green see my calendar with limited details?": a level said in the question itself asks
# that someone be let in at it (REQUEST_FORM). Only of the asker's own calendar (an employee's "can Mike see
# Sarah's calendar as an editor?" shared Sarah's), never after "that/whether/if" or with "still"/"already" in
# it (red team 78)
_NLU146_LEVEL_SAID = (
    r"\s+(?:with|at|as|on)\s+(?:(?:just|only)\s+)?(?:the\s+|an?\s+)?"
    r"(?:limited[- ]details|full[- ]details|free/busy|free[- ]busy|reviewer|editor|read[- ]?only|"
    r"view[- ]?only|author|availability)(?:\s+(?:level|access|details|permissions?|rights?|only))?"
)
# (nlu167) "can liam brown see my calendar for two weeks", "... with limited details until Friday": how long
# said in the question asks that someone be let in for that long, as a level said in it does (batch 55 read
# it as a look at the calendar's permissions); the bare "can liam see my calendar?" stays a look
_NLU167_LENGTH_SAID = (
    r"\s+(?:(?:just|only)\s+)?(?:for\s+(?:the\s+)?(?:next\s+)?(?:a|an|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|\d{1,2}|a\s+couple\s+of|a\s+few|couple\s+of|few)\s+(?:days?|weeks?|months?)"
    r"|for\s+(?:the\s+)?(?:next\s+)?(?:a\s+)?(?:week|month|fortnight)"
    r"|(?:until|till|til|through|thru)\s+(?:the\s+)?(?:end\s+of\s+)?[\w/]+)"
)
_NLU146_LEVEL_QUESTION = (
    r"(?<!that )(?<!whether )(?<!if )\b(?:can|could|may)\s+(?!i\b|we\b|you\b|u\b)"
    r"(?:(?!still\b|already\b|currently\b|ever\b|really\b|actually\b|now\b)[\w.@'-]+\s+){1,3}?"
    r"(?:please\s+|also\s+)?(?:see|view|read|look at|access)\s+(?:my|our)\s+(?:own\s+)?"
    r"(?:calendar|diary|schedule)(?:"
    + _NLU146_LEVEL_SAID
    + r"(?:"
    + _NLU167_LENGTH_SAID
    + r")?|"
    + _NLU167_LENGTH_SAID
    + r"(?:"
    + _NLU146_LEVEL_SAID
    + r")?)"
    # ("..., i'm handing my accounts over": a reason told after it, the same request; nlu167)
    r"(?=\s*(?:[?.!]|$)|\s*,\s*(?:i\s*['\u2019]?m|i\s+am|i\s+will|as|since|because|cause|cos|coz)\b)"
)
# ... and never when anything after it checks, doubts, removes or tells how it is now ("? If so, remove him",
# "? Don't change anything, just checking", "? He can right now with full details" were grants: red team 78)
_NLU150_DOUBT = (
    r"[\s\S]*\b(?:if\s+so|if\s+not|remove|revoke|take|stop|don['’]?t|do\s+not|shouldn['’]?t|should\s+not|"
    r"not|no|never|check|checking|audit|right\s+now|currently|already|still|can|can['’]?t|cannot|whether|"
    r"confirm|make\s+sure|wondering|curious)\b"
)
_NLU149_NOT_DOUBTED = r"(?!" + _NLU150_DOUBT + r")"
# (nlu149) the same question, read on the whole text before what it rules out is cut ("? He should not be able
# to" is cut as a level ruled out, and the question left looked like a request: red team 78)
NLU149_LEVEL_QUESTION: Final = LazyPattern(_NLU146_LEVEL_QUESTION, re.IGNORECASE, cue=r"(?i:can|could|may)")
# (nlu153) the one asked about after "could"/"may" in a question put to them ("Could Liam Brown see my
# calendar?"): never a word that tells how things are ("Tom could still see my calendar ...?" asks whether he
# still can: red team shared the calendar)
_NLU153_ASKED_WHO = r"(?:(?!still\b|already\b|currently\b|ever\b|really\b|actually\b|now\b)[\w.@'-]+\s+)"
# (nlu150) ... and the same question with a check, a doubt or a removal said in a later sentence ("? If so,
# remove him"): the sentences are read one by one, so the lookahead above never sees it; the text only asks
NLU150_LEVEL_QUESTION_DOUBTED: Final = LazyPattern(
    # (only a check or a take-back: "? she's helping with the audit, and add Ken ..." gives a reason)
    r"(?:"
    + _NLU146_LEVEL_QUESTION
    # ("can liam see when i'm free? If so, remove him", "... my calendar? just free/busy. if so, remove him":
    # the question without a level in it, checked the same way; a level said after it is no request then)
    + r"|(?<!that )(?<!whether )(?<!if )\b(?:can|could|may)\s+(?!i\b|we\b|you\b|u\b)"
    + _NLU153_ASKED_WHO
    + r"{1,3}?(?:please\s+|also\s+)?(?:see|view|read|look at|access)\s+"
    r"(?:(?:my|our)\s+(?:own\s+)?(?:calendar|diary|schedule|free[/ -]?busy|availability)\b|when\s+"
    r"(?:i\s*['’]?m|i\s+am|we\s*['’]?re|we\s+are)\s+(?:free|busy|available)\b)[^?.!\n]*"
    + r")\s*[?.!]\s*(?=[\s\S]*\b(?:if\s+so|if\s+not|if\s+(?:he|she|they)\s+(?:can|does|do)|just\s+checking|"
    r"don['’]?t\s+change|do\s+not\s+change|shouldn['’]?t|should\s+not|remove|revoke)\b)",
    re.IGNORECASE,
    cue=r"(?i:can|could|may)",
)
# (nlu153) "I'm asking to add him to all-sales", "I'd like to give her full access to billing@": the writer
# wants a change done to a he/she/them; the one it is for is never the writer (rules._pronoun_read_as_me)
NLU153_I_WANT_TO_CHANGE_PRONOUN: Final = LazyPattern(
    r"\bi(?:\s*['’]m|\s+am|\s*['’]d|\s+would)?\s+(?:(?:just|really|also|only|now)\s+)?"
    r"(?:want(?:ed)?|like|need(?:ed)?|asking|requesting|wish|hoping)\s+to\s+"
    r"(?:" + one_of(CORE_CHANGE_VERBS) + r")\s+(?:him|her|them)\b(?!\s+(?:calendar|mailbox|inbox|mail)\b)",
    re.IGNORECASE,
)
# ... unless the writer names themselves after it ("... add him and me to all-sales")
NLU153_ME_SAID: Final = LazyPattern(r"\b(?:me|myself)\b", re.IGNORECASE)
NLU153_PRONOUN_NOT_ME_ASK: Final = (
    "Who is the he/she/them the request wants the change for? Name the person (never you, unless you say so)."
)
# (nlu153) the sentences of a request, for an end told in one of its own ("... Mike capped it at two weeks")
NLU153_SENTENCES: Final = LazyPattern(r"(?<=[.!?;])\s+|\n+|\s[-–—]\s")
# ("capped it at two weeks", "limited to a month": a length said without "for")
NLU153_LENGTH_SAID: Final = LazyPattern(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|ten|twelve)\s+(?:days?|weeks?|months?|fortnights?)\b",
    re.IGNORECASE,
)
NLU153_END_FOR_WHICH_ASK: Final = (
    "The request says {said!r} apart from the changes: does that end apply to every change, or to which? Say "
    "each change with its end."
)
# "can you give ...", "could you add ...?", "can I get ...?", "can he get full access to it?": a change asked
# for as a question is a request, read as one ("who can get into hr@?" asks who)
REQUEST_FORM: Final = LazyPattern(
    r"\b(?:can|could|would|will|may)\s+(?:you|u)\s+(?:please\s+|kindly\s+|just\s+|also\s+)?"
    r"(?!check|verify|confirm|find out|tell|look|investigate|explain|see\b|let me know)"
    # "can you figure out why Tom can get into hr@": a why asked through a request verb, still a question
    r"(?![a-z]+(?:\s+(?:out|into|up))?\s+(?:why|how come)\b)[a-z]+|"
    r"(?<!who )(?<!whom )(?<!which )\b(?:can|could|may)\s+" + _NLU153_ASKED_WHO + r"{0,3}?"
    # ("Could Rachel Green and I both have send on behalf on billing?": several asked for at once, nlu133)
    r"(?:(?:and|&)\s+(?:[\w.@'-]+\s+){1,3}?(?:both\s+|each\s+|all\s+)?)?(?:please\s+)?"
    r"(?:get|have|be|join|go|receive|keep|take|add|give|remove|forward|share)\b|"
    # "could the UK Office box be forwarded to me?": a passive change asked of what a longer name names
    # (batch 20: read as a question about the mailbox)
    r"\b(?:can|could|may)\s+(?:[\w.@'-]+\s+){1,6}?(?:please\s+)?be\s+(?:forwarded|redirected|diverted|shared)\s+"
    r"(?:to|with)\b|"
    # "Could Ethan Park's primary address become ethan@acme.com?": an address asked to change is a change
    # ("could my primary email become christine.moreau@acme.com?": the address said as "email"; nlu155)
    r"\b(?:can|could|may)\s+(?:[\w.@'-]+\s+){1,4}?(?:primary|main)\s+(?:(?:e-?mail\s+|smtp\s+)?address|e-?mail)\s+"
    r"(?:(?:of|for)\s+(?:[\w.@'-]+\s+){1,3}?)?(?:please\s+)?(?:become|change|switch|be\s+(?:changed|switched|set|updated|moved))\b|"
    r"\b(?:would you mind|"
    + POLITE_QUESTION
    + r"|is that (?:possible|ok|okay)|i(?:'d| would) like|i need|we need|"
    r"please|is it (?:ok|okay|fine|alright|possible)|would it be (?:possible|ok|okay)|is there a way|"
    r"how about|(?<!do )(?<!does )(?<!did )(?:needs|should get|should have|should be))\b"
    # "I need to know who ...?", "please check whether ...": asking, not a change
    r"(?!\s+(?:to\s+)?(?:check|verify|confirm|find out|tell|look|investigate|explain|see|know|understand)\b"
    r"|\s+that" + _NLU150_SEES_NOW + r")"
    r"|,\s*(?:ok|okay|right|please)\s*\?"
    # "can I send as sales@ this week?": the requester asks for the right itself (of someone else, "can Tom
    # send as sales@?" asks how things are)
    r"|\b(?:can|could|may)\s+(?:i|we)\s+(?:please\s+|also\s+|just\s+)*send\s+(?:e-?mails?\s+|mail\s+|messages\s+)?"
    r"(?:as|on behalf of|from)\b"
    # "could I see Priya's calendar, read-only?": the requester asks to be let in (of someone else, "can Ava
    # see Priya's calendar?" asks how things are; "can I see who ..." asks a question)
    r"|\b(?:can|could|may)\s+(?:i|we|my\s+(?:line\s+)?(?:manager|boss))\s+(?:please\s+|also\s+|just\s+)*"
    r"(?:see|view|read|look at|open|edit|manage|access)\s+"
    r"(?!who\b|whether\b|if\b|what\b|which\b|how\b|when\b)"
    r"(?=[^?.;]*\b(?:calendar|diary|schedule)\b(?!\s+(?:permissions?|sharing|settings)))"
    # "Could Liam Brown see my calendar?": the owner asks that someone be let in (how things are is asked
    # with "can"/"does": "can Liam see my calendar?")
    r"|\b(?:could|may)\s+(?!i\b|we\b|you\b|u\b)" + _NLU153_ASKED_WHO + r"{1,3}?(?:please\s+|also\s+)?"
    r"(?:see|view|read|look at|access)\s+(?:my|our)\s+(?:own\s+)?(?:calendar|diary|schedule)\b"
    r"(?!\s+(?:permissions?|sharing|settings))"
    # "can ava see my calendar? read only is fine": the level it may be at said after it, the owner asks that
    # someone be let in (batch 31 read it as a look at who can see it; a pasted chat's "my" is its speaker's:
    # "[10:14] Jane Doe: can ava see my calender? ...")
    r"|\b(?:can|could|may)\s+(?!i\b|we\b|you\b|u\b)" + _NLU153_ASKED_WHO + r"{1,3}?(?:please\s+|also\s+)?"
    r"(?:see|view|read|look at|access)\s+(?:(?:my|our|(?:[\w.@-]+\s+)?[\w.@-]+['’]s)\s+(?:own\s+)?"
    r"(?:calendar|diary|schedule)"
    # ("can liam see when i'm free? just free/busy": the owner's free time seen, said as what it is; nlu161)
    r"|(?P<nlu161_free>when\s+(?:i\s*['’]?m|i\s+am|we\s*['’]?re|we\s+are)\s+(?:free|busy|available)"
    r"(?:\s+(?:or|and)\s+(?:free|busy|available))?|(?:my|our)\s+(?:free[/ -]?busy|availability)))\s*\?\s*"
    # (... and then only at that level: "can liam see when i'm free? reviewer is fine" names two, a question)
    r"(?:(?:just|only)\s+)?(?(nlu161_free)(?=free|availability))"
    r"(?:read[- ]?only|reviewer|view[- ]?only|free/busy|availability(?: only)?)"
    r"(?:\s+access)?(?:\s+(?:is|would be|'s)\s+(?:fine|ok|okay|enough|good|alright|all right)\b"
    # ("can Chris Lee see my calendar? just free/busy": the level alone, said as the answer to how far, makes
    # it the same request; nlu133. "... ? free/busy?" asks again and stays a question)
    r"|(?:\s+(?:only|please|pls|thanks|is all|will do))*\s*(?:[.!]\s*|$))"
    # "can rachel green see my calendar with limited details?", "can Ken see my calendar at reviewer level?":
    # a level said in the question itself asks that someone be let in at it, as one said after it does
    r"|"
    + _NLU146_LEVEL_QUESTION
    + _NLU149_NOT_DOUBTED
    +
    # "Could my manager see Tom's calendar?", "Can Tom see my manager's events?": the requester speaks for
    # their own manager, as for themselves (the manager's calendar, or the manager let in)
    r"|\b(?:can|could|may)\s+(?!i\b|we\b|you\b|u\b)"
    + _NLU153_ASKED_WHO
    + r"{1,3}?(?:please\s+|also\s+)?"
    r"(?:see|view|read|look at|access)\s+my\s+(?:line\s+)?(?:manager|boss)['’]s\s+"
    r"(?:calendar|diary|schedule|events|meetings|appointments)\b(?!\s+(?:permissions?|sharing|settings))",
    # (each part above holds one of these words)
    cue=r"can|could|would|will|may|mind|possib|ok|alright|all right|fine|doable|chance|way|think|wonder|able"
    r"|like|need|please|how about|should|right",
)
# a sentence that tells what to change: the text is not a question only, whatever else it asks
# a change asked for anywhere in the words ("Give Tom ...", "please add ..."), where a statement ("Chris has
# full access to billing@") asks none
CHANGE_ASKED: Final = LazyPattern(r"\b" + one_of(CHANGE_VERBS) + r"\b")
WRITE_IMPERATIVE: Final = LazyPattern(
    r"^(?:please |pls |kindly |also |then |and |now |just )*" + one_of(CHANGE_VERBS) + r"\b"
)
# "let Tom send on her behalf": who "let" names is its object, as an imperative's (never whom "her" means)
LET_IMPERATIVE: Final = LazyPattern(
    r"^(?:please |pls |kindly |also |then |and |now |just )*(?:let|allow)\s+§\d+§"
)
SENTENCE_END: Final = LazyPattern(r"(?<=[.?!])\s+|\n+")
# "can you check who can send as support@ and add Ava": a change asked for after a question, in one sentence
CLAUSE_JOIN: Final = LazyPattern(r"[,;:]\s*|\s+-\s+|\s+(?:and|then|also|plus)\s+")
# "HR asked whether Tom Becker still has access to support": whether a person holds access to a mailbox
# "Sarah wonders whether Tom has send as on sales@ - can you check?" reaches the answers with the speaker and
# "whether" cut (engine.speakers), so "... has ... - can you check?" counts too
WHETHER_HOLDS: Final = LazyPattern(
    r"\bwhether\b.*\b(?:has|have|holds?|had|can (?:open|access|see|get into|read|use))\b"
    r"|\b(?:has|have|holds?|had)\b.*\b(?:check|confirm|verify|find out)\W*$"
    # "Does Chris still have send as on support@?", "can Tom send as sales@?" (the person blanked): that
    # person's rights there, not every holder's
    r"|^(?:does|do|did|is|can|could)\s+(?:still\s+|already\s+|currently\s+|really\s+|actually\s+)?"
    # "Is Rachel able to open billing?": able or allowed to, said of the person blanked
    r"(?:(?:able|allowed|permitted) to\s+)?"
    r"(?:have|has|hold|keep|send (?:as|on behalf)|open|access|get into|read)\b"
)
# "Where does Chris's Send As come from?", "Explain who can get into hr@ and where each permission comes
# from": where a right came from (the grants and the requests behind them)
ORIGIN_QUESTION: Final = LazyPattern(r"\bwhere\b.*\bcomes? from\b|^explain\b|\bhow come\b")
# "read-only access to the HR mailbox": Exchange has no such mailbox right, and Full Access is not it
READ_ONLY_SAID: Final = LazyPattern(
    r"\b(?:read[- ]?only|view[- ]?only|only (?:read|view|look)|look but not touch|without (?:the )?"
    r"(?:ability|right) to (?:change|edit|delete))\b"
)
READ_ONLY_FITS: Final = LazyPattern(r"\b(?:calendars?|free/busy|availability)\b")
READ_ONLY_MAILBOX: Final = (
    "Exchange has no read-only right on a mailbox that mailwarden can grant: Full Access lets the person "
    "read, change and delete everything in it. Ask for Full Access if that is meant, or for a calendar "
    'share as reviewer ("let Ken see my calendar") if only a calendar is to be read.'
)

# "given by mistake", "added in error", "take it off", "undo that": a past grant told, and taken back
MISTAKE_TAKEN_BACK: Final = LazyPattern(
    r"\b(?:by (?:mistake|accident)|accidentally|in error|mistakenly|wrongly|erroneously)\b|"
    r"\b(?:take|taking|took)\s+(?:it|that|this|them|those)\s+(?:off|back|away|out)\b|"
    r"\b(?:undo|revert|reverse|roll back)\s+(?:it|that|this|them|those)\b|"
    r"\b(?:remove|revoke|drop|pull)\s+(?:it|that|this|them|those)(?:\s+again)?\s*(?:[.,;!]|$)",
    re.IGNORECASE,
    # (each part above holds one of these)
    cue=r"mistake|accident|error|erroneous|wrongly|take|taking|took|undo|revert|reverse|roll back"
    r"|remove|revoke|drop|pull",
)

# "it got removed by mistake", "I accidentally deleted her access": access taken away by mistake, which a
# grant gives back; no grant to take back (nlu90, batch 37 asked what to remove for "... again? it got
# removed by mistake"). Cut before MISTAKE_TAKEN_BACK is read
MISTAKE_LOST_TOLD: Final = LazyPattern(
    r"\b(?:(?:got|was|were|been|is|are|i|we|you|someone|somebody|they|he|she)\s+)?"
    # (up to six words between, a list's or address's own hyphens and dots among them: "was removed from
    # all-sales by mistake", "removed Tom's send as on Support by mistake"; red team 57 P4)
    r"(?:removed|deleted|dropped|revoked|lost|wiped|taken\s+(?:off|away|out))\s+(?:[\w'@.-]+\s+){0,6}?"
    r"(?:by (?:mistake|accident)|accidentally|in error|mistakenly|wrongly|erroneously)\b|"
    r"\b(?:accidentally|mistakenly|wrongly|erroneously)\s+(?:got\s+|was\s+|were\s+)?"
    r"(?:removed|deleted|dropped|revoked|wiped|took\s+(?:off|away|out))\b",
    re.IGNORECASE,
)

# ---- pasted tickets and e-mails (pasted.py): lines that say who wrote, sent, or was copied, never whom for
PASTED_HEADER: Final = LazyPattern(
    r"^\s*(?:requested by|requester|requestor|caller|reported by|opened by|raised by|submitted by|"
    r"on behalf of|from|to|cc|bcc|sent|date|subject|re|fw|fwd|priority|severity|impact|urgency|state|status|"
    r"category|subcategory|assignment group|assigned to|short description|summary|title|contact|phone|"
    # ("Reporter: Maria Garcia / Assignee: Ken Adams": who filed the ticket and who works it; batch 32)
    r"reporter|assignee|assigned|watchers?|created by|logged by|updated by|resolved by|closed by|"
    # ("Approved: Jane Doe", "Approval: Mike Smith": who approved, never a member; batch 31's pipe ticket)
    r"email|department|location|approved by|approved|approval|approver|manager|ticket|incident|case|"
    # ("Manager approval: Olivia Martin": whose approval the form holds, never whom it is for; nlu152)
    r"(?:(?:line\s+)?manager|owner|hr|it|security)(?:'s)?\s+(?:approval|approved|approver|sign-?off)|"
    # ("Service request: Mailbox permission": the form's kind said with no direction nor end, what its fields
    # say is the request; nlu90, batch 37 asked whom for beside a "User:" field. "Request type: Remove
    # mailbox permission", "Calendar sharing (Temporary)" say how, and stay read)
    r"(?:service request|request type)(?=\s*[:|]\s*(?:new\s+)?(?:mailbox|calendar|e-?mail|mail)?\s*"
    r"(?:permissions?|access(?:\s+request)?|sharing|delegation)\s*(?:\n|$)))\s*[:|]",
    re.IGNORECASE,
)
# "Ticket #4471 - Access request", "INC0012345 | Priority: 3", "RITM0042": the ticket's own line
PASTED_TICKET_ID: Final = LazyPattern(
    # ("SR-3 | ...", "INC-9 | ...": a short number after a dash is a ticket's too; nlu65)
    r"^\s*(?:(?:ticket|case|incident|request|req|task)\s*#?\s*\d+|(?:inc|ritm|req|task|sr|chg)(?:[-_]\d+|\d{3,})"
    # ("ACME-IT-2291 [Service Request]", "ITSD-5120": a tracker's key, capitals then a dash and its number,
    # alone on its line or before a bracket or a bar; batch 32)
    r"|(?-i:[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{1,9})*-\d+)(?=\s*(?:$|\[|\|)))\b",
    re.IGNORECASE,
)
# "ITSD-2291  Send As on Jane's mailbox": a tracker's key, then the issue's title on its line (pasted.py reads
# a title that says no change as a summary: the request only when the description asks nothing)
PASTED_TRACKER_TITLE: Final = LazyPattern(
    r"^\s*(?P<key>[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{1,9})*-\d+)[ \t]+(?=\w)"
)
# "Request from Sarah Connor, approved by Olivia Martin: Tom Becker needs ...": who asked (and who approved)
# said before the request on its line: who asks, as a "Requested by:" line says (its "me" is theirs), and a
# claim; never whom the change is for (batch 32 read no request at all)
_OPENER_WHO = r"[\w.@'’-]+(?:[ \t]+[\w.@'’-]+){0,3}?(?:[ \t]*\([^()\n]{1,30}\))?"
REQUEST_FROM_OPENER: Final = LazyPattern(
    r"^\s*(?:an?\s+|the\s+)?(?:request|ask|ticket|message|note)\s+(?:from|by)\s+(?P<who>" + _OPENER_WHO + r")"
    r"(?:\s*(?:,|;|and)\s*(?:(?:already\s+)?(?:pre-?)?approved|signed\s+off|ok['’]?d|okayed|authori[sz]ed)"
    r"\s+by\s+" + _OPENER_WHO + r")?\s*(?::|[ \t][-–—])\s+(?=\S)",
    re.IGNORECASE,
)
# "Description: Please forward ...": the label goes, what it labels is the request ("Comment (Mike Smith,
# 10:40): ...": who wrote it and when, in brackets, go with it; batch 32)
PASTED_BODY_LABEL: Final = LazyPattern(
    r"^\s*(?:description|details|request|comments?|notes?|message|body|update|work\s+notes?|"
    r"additional\s+comments?)(?:\s*\((?P<who>[^()\n]{0,60})\))?\s*:\s*",
    re.IGNORECASE,
)
# "Comment (Mike Smith, 10:40)": who wrote the comment, before the time it was written
COMMENT_WRITER: Final = LazyPattern(r"^\s*(?P<name>[^,;\d]*?[^\W\d][^,;\d]*?)\s*(?:[,;].*)?$")
# "Summary: Send As for Tom Becker on billing@ / ... / Comment: correction - he needs Send on Behalf": a body
# that names no one and refers back (a he/she, or a correction) is about the ticket's summary, read first
# (rules._summary_referred_to; batch 32 asked which mailbox)
TICKET_REFERS_BACK: Final = LazyPattern(
    r"\b(?:he|she|him|her|his|hers|they|them|their)\b|^\W*(?:correction|update|actually|sorry)\b",
    re.IGNORECASE,
)
# "-- " (the standard signature delimiter ends in a space), "Sent from my iPhone": all after it is signature
PASTED_SIGN_OFF: Final = LazyPattern(
    r"^\s*(?:--+|__+|(?:many |kind |best |warm )?(?:thanks|thank you|thx|regards|cheers|best|sincerely|br)"
    r"(?:\s+(?:again|a lot|in advance))?|sent from my\b.*)[\s,.!]*$",
    re.IGNORECASE,
)
# "\n\nMike Smith\nController\nAcme Corporation | 1 Main Street": a name alone on a line after a blank line,
# with more lines under it, opens a signature block (no sign-off word before it)
PASTED_NAME_LINE: Final = LazyPattern(r"^\s*[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\s*$")
# "Short description: forward Priya's mail to John": a ticket's summary, the request when no body is left
# (a mail's "Subject:" is not: it is context, often a reply's, and the body says what is asked)
PASTED_SUMMARY: Final = LazyPattern(r"^\s*(?:short description|summary)\s*[:|]\s*", re.IGNORECASE)
# "Short description: Cannot open Billing mailbox": a summary telling what does not work, no request (batch
# 31 read it as "open Billing mailbox", a grant with no one it is for, and asked whom for beside the
# description's "Rachel needs full access to billing@")
PASTED_PROBLEM_SUMMARY: Final = LazyPattern(
    r"^\s*(?:(?:user|caller|i|we|she|he|they)\s+)?(?:cannot|can['’]?t|can\s+not|unable\s+to|not\s+able\s+to)\s+"
    r"(?:open|access|see|get\s+into|send|use)\b",
    re.IGNORECASE,
)
# "Short description: Temporary mailbox access": a summary naming only a kind of access, no one and nothing it
# is on, is the title of what the ticket's description asks; read beside it, it was one more request with no
# mailbox, and the ticket was asked which mailbox (batch 41). Read only when the rest names no right outright
PASTED_TITLE_SUMMARY: Final = LazyPattern(
    r"(?:(?:temporary|temp|urgent|new|additional|extra|permanent|shared)\s+)*"
    r"(?:(?:shared\s+)?(?:mailbox|calendar|e-?mail|mail|inbox)\s+)?"
    r"(?:access|permissions?|rights?)(?:\s+(?:request|change|needed|required))?[\s.!]*",
    re.IGNORECASE,
)
# A pasted form ("Mailbox: hr@acme.com / Person: Ken Adams / Full access: no / Send as: yes"): one field a
# line; the mailbox and the person fields, each right's yes or no, and an end date
FORM_FIELD: Final = LazyPattern(
    r"^\s*(?P<key>[a-z][a-z /-]{0,30}?)\s*[:=]\s*(?P<value>\S.*?)\s*$", re.IGNORECASE
)
# "User:" with nothing after it: a form's field left empty
FORM_EMPTY_FIELD: Final = LazyPattern(
    r"^\s*(?P<key>[a-z][a-z /-]{0,30}?)\s*[:=](?P<value>)\s*$", re.IGNORECASE
)
# a form's rights on a mailbox whose person field was left empty: said so that whom for is asked
FORM_NO_PERSON_SAY: Final = "grant {rights} on {mailbox}"
FORM_MAILBOX_KEY: Final = LazyPattern(
    r"(?:shared |target |which )?(?:mailbox|inbox)(?: address| name)?|on mailbox", re.IGNORECASE
)
# a mailbox field's value that is one name, no address, no kind word ("Billing", "Human Resources")
FORM_MAILBOX_NAME: Final = LazyPattern(
    r"(?!.*\b(?:mailbox|inbox|mbx|box)\b)[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,2}"
)
FORM_MAILBOX_NAME_SAY: Final = "the {name} mailbox"
FORM_PERSON_KEY: Final = LazyPattern(
    r"person|user|employee|staff member|name|trustee|delegate|who|grant to|give to|for|recipient|"
    # ("For user: Christine Lee": whom for, the field named with its preposition; batch 38, nlu93)
    r"for (?:the )?(?:user|person|employee|staff member|colleague)|"
    # ("Affected user: Rachel Green (Finance)": a ticket's person; batch 26)
    r"affected (?:user|person|employee|staff member)|end user|"
    # ("Share with: Grace Hopper": the one a calendar form shares it with)
    r"requested for|share with|shared with|share to|grantee|"
    # ("Person who needs access: Chris Lee": whom for, said as what they need; batch 36)
    r"(?:person|user|employee|staff member|colleague)?\s*"
    r"(?:who (?:needs|requires|should (?:get|have))|needing|requiring|getting) (?:the )?access",
    re.IGNORECASE,
)
# A calendar form ("Calendar owner: Sarah Connor / Delegate: Tom Becker / Level: Reviewer"): whose calendar,
# the person, the level; a request type field only names the form
FORM_OWNER_KEY: Final = LazyPattern(r"(?:calendar )?owner|calendar|whose calendar|calendar of", re.IGNORECASE)
FORM_LEVEL_KEY: Final = LazyPattern(
    r"(?:access |permission |sharing )?level|access|permissions?|role|rights|"
    r"(?:access|permission|right) type|type of (?:access|permission)",
    re.IGNORECASE,
)
# ("Item: Shared mailbox access", "Catalog item: ...": which form it is, read from its fields)
FORM_TYPE_KEY: Final = LazyPattern(
    r"(?:request )?type|request|(?:request )?category|(?:catalog |request )?item|service", re.IGNORECASE
)
# "REQ-20931 | Requested for: Mike Smith | Item: Shared mailbox access": a ticket's line of fields, each
# read as a line of its own
PASTED_FIELD_SEP: Final = LazyPattern(r"\s+\|\s+(?=[a-z][a-z /-]{0,30}?\s*:)", re.IGNORECASE)
# "SR-5530 | Marketing DL no longer needed - please delete it | Approved: Jane Doe": the ticket's number, then
# a bar before what it asks (batch 31 skipped the whole line as the ticket line and read nothing)
PASTED_TICKET_ID_BAR: Final = LazyPattern(r"\s+\|\s+(?=\S)")
# "SR-2 | Remove Tom from Marketing | Submitted by Jane Doe", "Jane Doe | Remove Tom from Marketing": a line
# of fields set apart by bars, each read as a line of its own (red team 46 removed the person too; nlu65)
PASTED_BAR_SEP: Final = LazyPattern(r"[ \t]+\|[ \t]+(?=\S)")
# ("Submitted by Jane Doe", "- approver Jane Doe", "Approved: Jane Doe", "Jane Doe"): a field naming who
# asked, approved or is told, its label without a colon, or the name alone; never whom for (nlu65)
PASTED_PERSON_FIELD: Final = LazyPattern(
    r"^\s*(?:[-*•]\s*)?(?P<label>(?:requested|reported|opened|raised|submitted|approved|assigned|logged|filed|"
    r"signed off|authori[sz]ed)(?:\s+(?:by|to))?|requester|requestor|approver|approval|caller|contact|owner|"
    r"manager|cc|from)?\s*:?\s*(?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})\s*\.?\s*$",
    re.IGNORECASE,
)
# "Details: please stop forwarding careers@...": a request said as ending forwarding, with no other change
# verb (a ticket's summary, "Careers forwarding", is then only its title)
FORWARDING_STOPPED: Final = LazyPattern(
    r"\b(?:stop\w*|turn(?:ing)? off|switch(?:ing)? off|disabl\w*|cancel\w*|end)\s+(?:the\s+)?"
    r"(?:e-?mail\s+|mail\s+)?forward(?:ing|s)?\b"
)
# "Reason: covering invoice queries": why, not what; read past (one that takes away or rules out is not)
FORM_REASON_KEY: Final = LazyPattern(
    r"(?:business )?(?:reason|justification|purpose|why)|notes?|comments?", re.IGNORECASE
)
# "Permission: Full access (no send as)", "Request type: Remove mailbox permission": a field whose value
# limits, rules out or takes away; the form is not read as a grant of its fields
FORM_VALUE_LIMITED: Final = LazyPattern(
    r"\b(?:no|not|never|without|except|but|only|instead|remove|removal|revoke|revoked|revocation|take away|"
    r"delete|cancel|withdraw|end|stop)\b|n't\b|[()\[\]]",
    re.IGNORECASE,
)
# "Request type: Calendar sharing (Sarah)": a name in brackets after a form's type (pasted._form checks that
# another field says it)
FORM_TYPE_NAMED: Final = LazyPattern(r"\s*\((?P<name>(?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}))\)\s*$")
# "Status: rejected", "Approval: declined": a form whose fields say the request was refused
FORM_REFUSED: Final = LazyPattern(
    r"\b(?:rejected|declined|denied|refused|not approved|cancell?ed|withdrawn|on hold)\b", re.IGNORECASE
)
# "Approved: no", "Manager approval: pending": an approval field whose value says it is not (yet) given
FORM_APPROVAL_KEY: Final = LazyPattern(
    r"^\s*(?:(?:manager|owner|line manager|hr|it|security)\s+)?(?:approved|approval|approval status|sign-?off"
    r"|signed off|authori[sz]ed|authori[sz]ation|ok(?:ay)?'?d|status)\s*$",
    re.IGNORECASE,
)
FORM_APPROVAL_WITHHELD: Final = LazyPattern(
    r"^\s*(?:no|n|false|none|pending|pending approval|not yet|awaiting(?:\s.*)?|waiting(?:\s.*)?|tbd|tbc"
    r"|to be (?:confirmed|decided|approved)|in progress|open|new|requested|under review|submitted|unknown)"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
# "Subject: access declined?", "From: ...": a mail's own headers tell of the thread, not of the request
MAIL_HEADER_FIELD: Final = LazyPattern(
    r"^\s*(?:from|to|cc|bcc|sent|date|subject|re|fw|fwd)\s*:", re.IGNORECASE
)
# A primary address form ("Request type: Change primary address / User: Liam Brown / New address: liam@... /
# Keep old address: yes", batch 20): the new address, whether the old one stays, said as a sentence
FORM_NEW_ADDRESS_KEY: Final = LazyPattern(
    r"new (?:primary |main )?(?:e-?mail |smtp |mail )?address|new (?:primary|main) e-?mail|"
    r"(?:requested|desired|proposed) (?:primary )?(?:e-?mail )?address",
    re.IGNORECASE,
)
FORM_KEEP_OLD_KEY: Final = LazyPattern(
    r"(?:keep|retain) (?:the )?(?:old|current|existing|previous) (?:e-?mail |smtp )?(?:address|alias|one)"
    r"(?: as (?:an? )?(?:alias|secondary))?",
    re.IGNORECASE,
)
FORM_PRIMARY_TYPE: Final = LazyPattern(
    r"(?:(?:new|change(?: of)?|update|set|set new)\s+(?:the\s+)?)?(?:primary|main)\s+(?:e-?mail\s+|smtp\s+)?"
    r"address(?:\s+(?:change|update))?|(?:new\s+)?primary\s+e-?mail|(?:e-?mail\s+)?address\s+change"
    # ("Request category: Primary SMTP change", batch 22)
    r"|(?:primary|main)\s+(?:smtp|e-?mail|address)\s+(?:change|update)",
    re.IGNORECASE,
)
FORM_PRIMARY_SAY: Final = "change {person}'s primary address to {address}{old}"
FORM_PRIMARY_KEEP_SAY: Final = " and keep the old address"
FORM_PRIMARY_DROP_SAY: Final = " and don't keep the old address"
# "Access: Full Access + Send As": the rights one field lists (each read as asked for)
FORM_RIGHTS_JOIN: Final = LazyPattern(r"\s*(?:\+|&|,|/|\band\b)\s*", re.IGNORECASE)
FORM_CALENDAR_SAY: Final = "share {owner}'s calendar with {person} as {level}{until}"
FORM_END_KEY: Final = LazyPattern(
    r"until|expires?|expiry|end date|end|ends|access until|valid until", re.IGNORECASE
)
# A forwarding form ("Item: Mailbox forwarding / Mailbox to forward: careers@acme.com / Forward to:
# hr@acme.com / Keep a copy: Yes", batch 32): whose mail, where to, whether a copy stays; said as a sentence
FORM_FORWARD_FROM_KEY: Final = LazyPattern(
    r"(?:mailbox|inbox|mail|e-?mail|address|account) to (?:be )?forward(?:ed)?|forward(?:ing)? from|"
    r"source(?: mailbox| address)?",
    re.IGNORECASE,
)
FORM_FORWARD_TO_KEY: Final = LazyPattern(
    r"forward(?:ing)?(?: mail| e-?mails?)? to|forward(?:ing)? (?:address|target|destination|recipient)|"
    r"redirect(?: mail)? to|destination(?: address)?",
    re.IGNORECASE,
)
FORM_KEEP_COPY_KEY: Final = LazyPattern(
    r"(?:keep|retain|leave)(?: a)? cop(?:y|ies)(?: in (?:the )?(?:mailbox|inbox))?|deliver to both|"
    r"keep (?:a )?copy of (?:the )?(?:mail|e-?mails?|messages?)",
    re.IGNORECASE,
)
FORM_FORWARD_SAY: Final = "forward {source} to {target}{copy}"
FORM_FORWARD_OWNER_SAY: Final = "{person}'s mail"
FORM_KEEP_COPY_SAY: Final = " and keep a copy"
FORM_NO_COPY_SAY: Final = " and don't keep a copy"
# "Start date: 2026-03-02", "Start: immediately": when the form's change should begin; one that is now (or a
# date not after today) is read past, a later one leaves the form unread (a later start is asked; batch 32)
FORM_START_KEY: Final = LazyPattern(
    r"start|starts|starting|start date|begin|begins|beginning|effective|effective date|(?:access|valid) from",
    re.IGNORECASE,
)
FORM_START_NOW: Final = LazyPattern(
    r"(?:today|now|immediately|immediate|asap|as soon as possible|right away|straight away|"
    r"effective immediately|-|n/a)\.?",
    re.IGNORECASE,
)
FORM_YES: Final = LazyPattern(r"yes|y|true|x|granted?|needed|required|please", re.IGNORECASE)
FORM_NO: Final = LazyPattern(r"no|n|false|none|-|not needed|not required|n/a", re.IGNORECASE)
# "(Sarah already has it)", "(Mike is already a member)": an aside on how things are, not part of the ask
# An aside that rules something out ("(don't add Mike, he already left)") is kept: dropping it would widen.
# "... can u add me to the marketing dl? thx liam", "... till friday? cheers Ken": a sign-off said at the end
# of a one-line request, with the writer's name after it: who wrote, never whom the change is for (a verb no
# rule knows before a person, read by negation.crossed, asked about it)
TRAILING_SIGN_OFF: Final = LazyPattern(
    r"(?:^|(?<=[.?!,;:-])|(?<=\s))\s*(?:many |kind |best |warm )?"
    r"(?:thanks|thank you|thx|thnx|ty|ta|cheers)\b(?: again| a lot| in advance| so much)?"
    # ("thanks to Mike's ok", "thanks for that": a reason or a thank-you, said before what it is for)
    r"(?!\s+(?:to|for)\b)[\s,.!-]*"
    # ("thanks. until friday", "cheers - only till monday": words after the sign-off that say an end are the
    # change's end, never a writer's name; cut as one, the share was given for good)
    r"(?!(?:[A-Za-z][\w'-]*\s+)?(?:until|till|til|untill|thru|through|for|only|just|before|by|up|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|"
    r"eod|eow|eom|end|next|this|\d)\b)"
    r"(?:[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*)?)?[\s.!]*$",
    re.IGNORECASE,
)
ALREADY_ASIDE: Final = LazyPattern(
    # "(I only have reviewer at the moment.)": the level held now, not the one asked for
    # ("(Chris already has it so just Tom)": who already holds it, told to narrow whom the change is for, is
    # no aside; red team 50 granted both)
    r"\((?![^()]*\b(?:not|no|don'?t|do not|never|except|without|but|(?:so|then|hence)\s+(?:just|only))\b)"
    r"[^()]*"
    r"\b(?:already|currently|still|at the moment|at present|presently|for the moment|"
    r"as (?:it|things) stands?)\b"
    r"[^()]*\)"
    # "...; I only have reviewer right now": the same, said as a sentence of its own about the one asking
    r"|(?<=[.;!?])\s*i\s+(?:only\s+|just\s+)?(?:have|hold|got)\s+(?:[\w/-]+\s+){1,3}?"
    r"(?:right now|at the moment|currently|at present|for now)\s*(?=[.;!?]|$)"
    # "...; she already has send on behalf, leave that alone": what the one just named holds, told in a part
    # of its own, and to be left as it is: never a step giving it again (batch 35 granted it). Only with
    # nothing after it or words keeping it ("..., remove that" is a change, and stays)
    r"|(?<=[.;!?])\s*(?:he|she|they)(?:\s+already\s+(?:has|have|holds?|got)\s+(?:[\w/-]+\s+){0,3}?[\w/-]+"
    r"|(?:'s|\s+(?:has|have|holds?))\s+(?:[\w/-]+\s+){0,3}?[\w/-]+\s+already)"
    r"(?:\s*[,-]\s*(?:so\s+|just\s+|please\s+)?(?:leave\s+(?:that|it|this|those|them)\s+(?:alone|as\s+(?:it\s+is|"
    r"they\s+are|is))|(?:don'?t|do\s+not)\s+(?:touch|change)\s+(?:that|it|this)|keep\s+(?:that|it|this)"
    r"(?:\s+as\s+(?:it\s+)?is)?))?\s*(?=[.;!?]|$)",
    re.IGNORECASE,
    # (a bracket, or what I have, or what someone already has)
    cue=r"\(|have|hold|got|already",
)
PASTED_QUOTE: Final = LazyPattern(r"^\s*(?:>|on\b.*\bwrote:?\s*$|-+\s*original message\s*-+)", re.IGNORECASE)
# "---------- Forwarded message ---------": what follows is a message forwarded to be actioned (the request,
# with the note's own change when it asks one), never a thread to skip
PASTED_FORWARDED: Final = LazyPattern(
    r"^\s*(?:-+\s*forwarded message\s*-+|begin forwarded message:?)\s*$", re.IGNORECASE
)
# "Can you action the request below please?", "see the email below": a note that points at the
# forwarded message, which is then the request (with the note's own change, when it asks one: pasted.py)
PASTED_POINTS_BELOW: Final = LazyPattern(
    r"\b(?:below|underneath|forwarded|following (?:e-?mail|message|request))\b", re.IGNORECASE
)
# "See approval below - please give Noah send as on sales@": the note points at an approval, not at a request;
# when it asks a change itself, that is the request and the quoted approval context (batch 29)
PASTED_APPROVAL_BELOW: Final = LazyPattern(
    r"\bapproval\b[^.;!?\n]{0,40}?\b(?:below|underneath|attached)\b|"
    r"\b(?:approved|signed off)\s+(?:below|underneath)\b",
    re.IGNORECASE,
)
# "> Could we get a list called Events ...  /  pls create as above": a note under the quoted message that
# points up at it (pasted._quoted_above_note), which is then the request
PASTED_POINTS_ABOVE: Final = LazyPattern(
    r"\b(?:(?:as|per|see|the)\s+(?:per\s+)?(?:the\s+)?above|above (?:request|e-?mail|message)|"
    r"as (?:requested|asked|described) (?:above|there))\b",
    re.IGNORECASE,
)
# "Yes please go ahead.", "Ken, can you action this one?": a note over a reply's quoted or original message
# that approves it or asks for it to be done; the message is then the request, as a forwarded one is
PASTED_APPROVES: Final = LazyPattern(
    r"\b(?:go ahead|approved?|ok(?:ay)? to (?:proceed|go)|please proceed|fine by me|action (?:this|it|that)"
    r"(?: one| request)?|(?:do|handle|sort) this one)\b",
    re.IGNORECASE,
)
# "Fine by me, please add her." over "> From: Rachel Green / could I join the Marketing list?": an approval
# whose only change is a him/her given what the quoted message asks, nothing named of its own: it hands the
# quoted ask on (pasted: only when one person sent it, asking one thing for themselves; else asked, as
# before). The quote is still never acted on by itself (batch 42)
NOTE_TAKES_QUOTED_ASK: Final = LazyPattern(
    r"(?:please\s+|pls\s+|plz\s+|kindly\s+|so\s+)?(?:go\s+ahead\s+and\s+)?(?:add|give|grant|let|put|set)\s+"
    r"(?:him|her)(?:\s+(?:up|in|on))?(?:\s+(?:please|pls|plz|too|then|thanks))*\W*",
    re.IGNORECASE,
)
# the quoted message's one ask for its sender ("could I join ...?", "can I get ...", "please add me to ...")
QUOTED_OWN_ASK: Final = LazyPattern(
    r"\b(?:(?:could|can|may)\s+i|i(?:'d|\s+would)\s+like\s+to|please\s+(?:add|give|put)\s+me)\b",
    re.IGNORECASE,
)
QUOTED_OTHERS: Final = LazyPattern(r"\b(?:we|us|our|and\s+i|and\s+me)\b", re.IGNORECASE)
# (nlu116, red team 68) a sentence of the quoted message beside its one ask that asks more or for someone else
# ("and give me send as on Sales", "Ava wants in too"): the quote then asks more than the one thing "add her"
# can take (asked)
QUOTED_MORE: Final = LazyPattern(
    r"\b(?:wants?|needs?|would\s+like|too|also|as\s+well|plus|in\s+addition)\b", re.IGNORECASE
)
# (nlu122) "Fine by me, please go ahead." over a quoted message asking two things, or for someone besides its
# sender: which the approval is of is not said (one ask is planned for its asker; more is asked)
QUOTED_ASKS_MANY_SAY: Final = (
    "The approval is over a message that asks for more than one thing: say which of them should be done, "
    "and for whom."
)
QUOTED_MORE_LEAD: Final = LazyPattern(r"^\s*(?:(?:and|also|plus|then|oh)\b\W*)+", re.IGNORECASE)
# (nlu116, red team 68) "Please approve." over a forwarded request: the note asks its reader for the approval,
# so the request below is not approved yet and is never the order (it alone is read: nothing to do)
PASTED_ASKS_APPROVAL: Final = LazyPattern(
    r"\b(?:please|pls|plz|kindly|can\s+you|could\s+you|would\s+you|will\s+you)\s+(?:\w+\s+)?approve\b"
    r"|\bfor\s+(?:your\s+)?approval\b|\b(?:needs?|requires?|awaiting|pending)\s+your\s+approval\b"
    r"|^\s*approve\s*\?",
    re.IGNORECASE,
)
# "Go ahead and give Jane Doe send as on info@", "Yes go ahead, give Christine full access to billing": the
# approval joined straight to the note's own change approves that change; the message replied to is context
PASTED_GO_AHEAD_AND: Final = LazyPattern(
    r"\b(?:go ahead|please proceed|ok(?:ay)? to (?:proceed|go))\s*(?:,|-|and|&)?\s*(?=\S)", re.IGNORECASE
)
# "go ahead, and also add Ken": one more change besides the message's, which stays the request
PASTED_ALSO: Final = LazyPattern(r"\b(?:also|too|as well|in addition|additionally|plus)\b", re.IGNORECASE)
# "-----Original Message-----": where Outlook puts the message a reply answers
PASTED_ORIGINAL: Final = LazyPattern(r"^\s*-{2,}\s*original message\s*-{2,}\s*$", re.IGNORECASE)
PASTED_QUOTE_MARK: Final = LazyPattern(r"^\s*>+\s?")
# (nlu107, red team 65) A mail client's header block over the mail replied to, with no "-----Original
# Message-----" line: "From: Chris Lee / Sent: Monday ... / To: IT / Subject: access" (Outlook's plain text
# and its HTML read as lines): a "From:" line with another of a mail's header lines straight under it, under
# the writer's own words, starts the quoted mail, read as the "-----Original Message-----" it stands for
PASTED_QUOTED_FROM: Final = LazyPattern(r"^\s*from\s*:\s*\S", re.IGNORECASE)
PASTED_QUOTED_HEADER: Final = LazyPattern(r"^\s*(?:sent|date|to|cc|bcc|subject|reply-to)\s*:", re.IGNORECASE)
# (nlu111, red team 66) The same block run onto one line, as a mail client's HTML or a paste joins it: "From:
# Mike Smith Sent: Monday, March 2, 2026 8:00 AM To: Grace Hopper Subject: access": a "From:" line holding
# two more of a mail's header labels is that block, read as its lines (red team 66 acted on the mail under it)
PASTED_QUOTED_FROM_ONE_LINE: Final = LazyPattern(
    r"^\s*from\s*:\s*\S.*?\s(?:sent|date)\s*:\s*\S.*?\s(?:to|cc|subject)\s*:", re.IGNORECASE
)
PASTED_QUOTED_HEADER_INLINE: Final = LazyPattern(
    r"\s+(?=(?:sent|date|to|cc|bcc|subject|reply-to)\s*:)", re.IGNORECASE
)
PASTED_ORIGINAL_LINE: Final = "-----Original Message-----"
PASTED_RULE_LINE: Final = LazyPattern(r"^\s*[-_=*]{3,}\s*$")
# "Ignore the request below.", "Don't action the forwarded mail", "no action needed": a note that says the
# forwarded message is not to be actioned; nothing in it is the request
PASTED_NOT_TO_ACTION: Final = LazyPattern(
    r"\b(?:ignore|disregard|skip)\b|\b(?:don'?t|do not|no need to|not to|never|please don'?t)\s+(?:\w+\s+)?"
    r"(?:action|act on|do|process|handle|carry out|implement|make|go ahead|proceed|approve)\b|\bno action\b|"
    # "No, please don't go ahead.", "Not approved.", "Declined": the note refuses what the message asks
    r"\bnot\s+(?:yet\s+)?approved\b|\b(?:declined|denied|rejected|refused)\b",
    re.IGNORECASE,
)
# "Yes please go ahead, but not the send as", "go ahead for Emma only", "approved until Friday": a note that
# approves the message below only in part, or for a time; the message read whole would give more than it
# approves, so the paste is not read as the request (a bare "Yes please go ahead." still is)
PASTED_APPROVAL_LIMIT: Final = LazyPattern(
    r"\b(?:not|no|never|only|just|except|but|until|till|til|through|without|instead|unless|rather|"
    # ("OK to proceed with Emma's one, the other can wait": a part of it approved, the rest held)
    r"apart from|other than|later|wait|hold|other|others|rest|part|partly|partially|one of)\b|n't\b",
    re.IGNORECASE,
)
# "From: Sarah Connor", "Requested by: Olivia Martin", "Caller: Ken Adams (HR)": who wrote the pasted
# body, whose "me" and "my" its words are
PASTED_SENDER: Final = LazyPattern(
    # ("Reporter: Maria Garcia": who filed the ticket, whose "me" its description is; batch 32)
    r"^\s*(?:requested by|requester|requestor|caller|reported by|reporter|raised by|submitted by|from)"
    r"\s*[:|]\s*"
    r"(?P<who>\S.*?)\s*$",
    re.IGNORECASE,
)
# "From: Sales Team", "From: Ken Adams; Tom Becker": no one person whose "I" a quoted message's is
PASTED_MANY_SENDERS: Final = LazyPattern(r"[,;&/+]|\band\b|\bteam\b", re.IGNORECASE)
# What may be left of a note approving the message below once its end is taken out ("Approved, go ahead, but
# only [until the end of the month]."): nothing that limits the message otherwise (pasted._approved_until)
PASTED_APPROVAL_FILLER: Final = LazyPattern(
    r"[\s,.;:!-]*(?:(?:yes|ok(?:ay)?|sure|fine|but|only|just|and|please|pls|thanks?|thx|thank\s+you|cheers)"
    r"\b[\s,.;:!-]*)*",
    re.IGNORECASE,
)
# "Yes please, go ahead - but send as only, she doesn't need full access.": what is left of a note approving
# the message below once its approval and filler are out says only which of the message's rights it keeps or
# drops; read after the message, it narrows it, as the same words after a request do (pasted._approved_rights;
# nlu102: the whole paste was not understood). Anything else in it (a person, a mailbox, a time) is not read.
_PASTED_RIGHT: Final = (
    r"(?:the\s+)?(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf)(?:\s+(?:rights?|access))?"
)
PASTED_APPROVED_RIGHTS: Final = LazyPattern(
    r"(?:(?:yes|ok(?:ay)?|sure|fine|please|pls|thanks?)\b[\s,.;:!-]*)*(?:[\s,.;:!-]*(?:but|and|only|just|though)?\s*(?:"
    rf"{_PASTED_RIGHT}\s+only|(?:only|just)\s+{_PASTED_RIGHT}|(?:not|no)\s+{_PASTED_RIGHT}|"
    rf"(?:she|he|they)\s+(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+need\s+{_PASTED_RIGHT}"
    r")(?:\s+(?:please|thanks?))?)+[\s,.;:!-]*",
    re.IGNORECASE,
)
# each right the note keeps ("send as only", "just full access") or drops ("not send as", "she doesn't need
# full access"), and a right as the message names it
PASTED_RIGHT_KEPT: Final = LazyPattern(
    rf"(?:(?P<out>\b(?:not|no|(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+need)\s+)|\b(?:only|just)\s+)?"
    rf"(?P<right>{_PASTED_RIGHT})",
    re.IGNORECASE,
)
PASTED_RIGHT_NAMED: Final = LazyPattern(
    r"\b(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf)\b", re.IGNORECASE
)
PASTED_WROTE: Final = LazyPattern(r"^\s*on\b.*,\s*(?P<who>[^,]+?)\s+wrote:?\s*$", re.IGNORECASE)
PASTED_SENDER_ADDRESS: Final = LazyPattern(r"<\s*([^<>\s@]+@[^<>\s@]+)\s*>")
PASTED_SENDER_ASIDE: Final = LazyPattern(r"\([^()]*\)|\[[^\[\]]*\]")
# the time a pasted chat shows beside who speaks ("09:12", "9:12 AM")
_CHAT_TIME: Final = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
# A pasted chat line, "[09:12] Priya Patel: ...": who speaks (their "me" is theirs), then what they say,
# after any "@IT" it is addressed to
PASTED_CHAT_LINE: Final = LazyPattern(
    r"^\s*\[?\s*" + _CHAT_TIME + r"\s*\]?\s*-?\s*(?P<who>[^:\[\]]{1,60}?)\s*:\s*"
    r"(?:@[\w.-]+[\s,:]*)*",
    re.IGNORECASE,
)
# "which Alex? we have two" in a pasted chat, then "the sales one" from another speaker: the name said before,
# told apart by the answer (voices.relayed; nlu102 asked what "which" asks). Unanswered, it is asked.
PASTED_CHAT_WHICH: Final = LazyPattern(
    r"^(?:(?i:sorry|ok(?:ay)?|hm+|um+)[,\s]+)?(?i:which)\s+(?P<name>[A-Z][\w'-]+)\s*\?"
)
PASTED_CHAT_WHICH_ANSWER: Final = LazyPattern(
    r"(?:(?:oh|sorry|ah)[,\s]+)?(?:the\s+)?(?P<what>[\w&-]+(?:\s+[\w&-]+)?)\s+one(?:\s*,?\s*(?:thanks|thx|ta|sorry))?\W*",
    re.IGNORECASE,
)
PASTED_CHAT_ADDRESSEE: Final = LazyPattern(r"^\s*(?:@[\w.-]+(?![\w.-]*@)[\s,:]*)+")
# a chat's speaker line, what they say on the lines after it ("Priya Patel  9:12 AM", "Priya Patel, [09:12]")
PASTED_CHAT_HEADER: Final = LazyPattern(
    r"^\s*(?P<who>[A-Za-z][\w.' -]{1,60}?)\s*[,|-]?\s*"
    r"\[?\s*" + _CHAT_TIME + r"\s*\]?\s*$",
    re.IGNORECASE,
)
# a chat line that only agrees ("fine by me", "+1", "approved"): no request, and no one it names is meant
PASTED_CHAT_AGREES: Final = LazyPattern(
    r"^(?:(?:that'?s|it'?s|all)\s+)?(?:fine(?: by me| with me)?|ok(?:ay)?(?: by me| with me)?|approved|\+1|"
    r"sounds good|go ahead|agreed|yes|yep|sure|lgtm|works for me|no objections?|looks good|good to go"
    # ("10:16 Grace Hopper: on it": the one asked takes it on; nlu146, batch 49 asked who should see it)
    r"|on it(?: now)?|will do|leave it with me|noted|got it)"
    r"(?:\s*,?\s*(?:thanks|thx|ta))?\W*$",
    re.IGNORECASE,
)
FIRST_PERSON: Final = LazyPattern(r"\b(?:i'm|im|i am|i've|i have|i'd|i|me|my|mine|myself)\b", re.IGNORECASE)
# "Requester: Ava Johnson", "On behalf of: Mia Novak": a ticket's field naming a person the request may be
# about (a pronoun in its body may mean them)
TICKET_PERSON_KEY: Final = LazyPattern(
    r"\s*(?:requester|requestor|requested by|caller|on behalf of|for user|user|employee|affected user|contact"
    r"|submitted by|opened by|raised by|reported by)\s*",
    re.IGNORECASE,
)
# "On behalf of: Liam Brown": the field of a ticket naming whom it was filed for (rules._for_whom_filed), said
# in its request as FILED_FOR_SAY + the name when the request names no one
ON_BEHALF_KEY: Final = LazyPattern(r"\s*on\s+behalf\s+of\s*", re.IGNORECASE)
FILED_FOR_SAY: Final = " for "
# "For: Lucas Rossi / Action: add to All Hands": the field of a ticket's form saying what to do, whom for
# said in another field (rules._form_action_for)
FORM_ACTION_KEY: Final = LazyPattern(
    r"(?:requested )?action|(?:requested )?change|task|to do|what(?: is needed)?|action required"
    r"|(?:the )?ask",
    re.IGNORECASE,
)
# A list membership form ("Type: Distribution list change / Requested for: Liam Brown / List:
# all-hands@acme.com / Action: Add", batch 21): the list, the person, and a bare add or remove, said as
# a sentence
FORM_LIST_KEY: Final = LazyPattern(
    r"(?:distribution |mailing )?list(?: name| address)?|dl|distribution group|group(?: name| address)?",
    re.IGNORECASE,
)
FORM_LIST_ADD: Final = LazyPattern(r"add(?:\s+(?:member|user|to (?:the )?(?:list|group|dl)))?", re.IGNORECASE)
FORM_LIST_REMOVE: Final = LazyPattern(
    r"remove(?:\s+(?:member|user|from (?:the )?(?:list|group|dl)))?", re.IGNORECASE
)
# "Users: Ken Adams, Grace Hopper" on a list form: the people the add or remove is for, several in one field
# (read only beside a list and a bare add or remove; any other form with it is read as it is; nlu102)
FORM_LIST_PEOPLE_KEY: Final = LazyPattern(
    r"(?:users|people|persons|employees|members)(?: to (?:add|remove))?|staff",
    re.IGNORECASE,
)
FORM_PEOPLE_SAY_JOIN: Final = " and "
FORM_LIST_ADD_SAY: Final = "add {person} to {group}"
FORM_LIST_REMOVE_SAY: Final = "remove {person} from {group}"
# A new list form ("New distribution list request / Name: Sales Ops / Email: sales-ops@acme.com / Members: Ava
# Johnson; Noah Davis", batch 21): its title line, then only its name, address and members
FORM_NEW_LIST_TITLE: Final = LazyPattern(
    r"(?:(?:a\s+)?request\s+for\s+(?:an?\s+)?)?(?:new\s+)?(?:distribution\s+list|dl|mailing\s+list|distribution\s+group)"
    r"(?:\s+(?:request|creation|creation\s+request|needed|wanted))?\s*[:.!]?",
    re.IGNORECASE,
)
FORM_NEW_LIST_NAME_KEY: Final = LazyPattern(r"(?:list |display |dl |group )?name", re.IGNORECASE)
FORM_NEW_LIST_ADDRESS_KEY: Final = LazyPattern(
    r"e-?mail|(?:e-?mail |smtp |list |group )?address|smtp|alias", re.IGNORECASE
)
FORM_NEW_LIST_MEMBERS_KEY: Final = LazyPattern(r"(?:initial |list )?members?", re.IGNORECASE)
FORM_MEMBERS_JOIN: Final = LazyPattern(r"\s*(?:;|,|/|\+|&|\band\b)\s*", re.IGNORECASE)
FORM_NEW_LIST_SAY: Final = (
    "create a new distribution list called {name} with the address {address}, members {members}"
)
FORM_NEW_LIST_NAMED_SAY: Final = "create a new distribution list called {name}, members {members}"
# "add requester to Project Phoenix" in a ticket with a "Requester: Ethan Park" line: the one that line names
TICKET_REQUESTER: Final = LazyPattern(
    r"\b(?:the\s+)?(?:requester|requestor|caller|requesting user)(?P<own>['’]s)?\b", re.IGNORECASE
)


# "hi its rachel from finance, ...", "This is Tom from Sales.": where the writer works, said as they introduce
# themselves; no mailbox or list the request is about (the name stays: who writes is checked elsewhere)
SELF_INTRO_FROM: Final = LazyPattern(
    r"^(?P<head>(?:(?:hi|hello|hey|hiya|heya|morning|good (?:morning|afternoon|evening))\b[\s,!.-]*)?"
    r"(?:it'?s|its|this is|i'?m|im|i am)\s+[\w.'-]+(?:\s+[A-Z][\w.'-]+)?)"
    r"\s+(?:from|in|at|with|over in)\s+(?:the\s+)?[\w&-]+"
    # ("it's Ken from IT support - ...": a team of two words)
    r"(?:\s+(?!(?:here|and|but|so|please|pls|can|could)\b)[\w&-]+)?"
    r"(?:\s+(?:team|dept|department|office|desk))?(?=\s*[,.!;:-])",
    re.IGNORECASE,
    cue=r"it'?s|this is|i'?m|i am",
)
_INTRO_GREETING = r"(?:(?:hi|hello|hey|hiya|heya|morning|good (?:morning|afternoon|evening))\b[\s,!.-]*)?"
_INTRO_TEAM = (
    r"(?:the\s+)?[\w&-]+(?:\s+(?!(?:here|and|but|so|please|pls|can|could)\b)[\w&-]+)?"
    r"(?:\s+(?:team|dept|department|office|desk))?"
)
# "Tom Becker from Sales here - please give me ...", "Tom here from Finance - can I ...", "Ken (helpdesk)
# here": where the writer works, said as they introduce themselves with "here"; no mailbox or list the
# request is about (found beside batch 21: the Sales mailbox was granted too). Read as "Tom Becker here".
SELF_INTRO_HERE: Final = LazyPattern(
    r"^(?P<head>" + _INTRO_GREETING + r"(?!(?:everyone|everybody|all|anyone|people|staff|users|members|we|"
    r"they)\b)[\w.'-]+(?:\s+[\w.'-]+)?)"
    r"\s+(?:(?:from|in|at|with|over in)\s+"
    + _INTRO_TEAM
    + r"\s+here|here\s+(?:from|in|at|with|over in)\s+"
    + _INTRO_TEAM
    + r"|\(\s*[^()]{1,30}\)\s+here)(?=\s*[,.!;:-])",
    re.IGNORECASE,
    # (each part above ends or starts with 'here')
    cue=r"here",
)
SELF_INTRO_HERE_SAY: Final = r"\g<head> here"
# "John Miller's manager here - can you give him ...": the writer introduced as someone's manager or
# assistant, a sentence of its own; the request after it is about that someone ("him": John Miller), never
# read in one clause with the introduction, which left "him" asked
ROLE_OF_OTHER_HERE: Final = LazyPattern(
    r"^(?P<intro>" + _INTRO_GREETING + r"[\w.'-]+(?:\s+[\w.'-]+){0,2}?['’]s\s+"
    r"(?:new\s+|line\s+|direct\s+|personal\s+|executive\s+)?"
    r"(?:manager|boss|supervisor|team\s+lead|lead|assistant|pa|ea|deputy|secretary)\s+here)\s*[,;:-]+\s*",
    re.IGNORECASE,
    cue=r"here",
)
ROLE_OF_OTHER_HERE_SAY: Final = r"\g<intro>. "
# "Ken from Sales needs full access to the support mailbox", "Ava in Finance wants send as on billing@": where
# the one who needs it works, said between their name and the need; no mailbox or list the request is about.
# Said again in brackets (SUBJECT_FROM_TEAM_SAY), as a description of the person: "Alex Kim (Sales) needs ..."
# still says which of two Alex Kims is meant (mentions._qualified), and a bracket after a name names no target
SUBJECT_FROM_TEAM: Final = LazyPattern(
    r"^(?P<head>" + _INTRO_GREETING + r"(?!(?:everyone|everybody|all|anyone|people|staff|users|members|we|"
    r"they|someone|somebody)\b)[\w.'-]+(?:\s+[\w.'-]+)?)"
    r"\s+(?:from|in|over in)\s+(?:the\s+)?(?P<team>[\w&-]+(?:\s+(?:team|dept|department|office|desk))?)"
    r"(?=\s+(?:needs|wants|would like|'d like|requires|should (?:get|have)|is asking for|has asked for)\b)",
    re.IGNORECASE,
    # (what is looked for ahead holds one of these)
    cue=r"need|want|like|require|should|ask",
)
SUBJECT_FROM_TEAM_SAY: Final = r"\g<head> (\g<team>)"
# "hi, I'm Rachel - please give Noah ...", "hi this is alex, pls give me ...": the one asking introduces
# themselves (what SELF_INTRO_FROM leaves); cut when the name is the requester's own (rules._own_intro_cut),
# never someone else's (a claim to be another person is asked, as before)
SELF_INTRO_NAMED: Final = LazyPattern(
    r"^(?P<head>(?:(?:hi|hello|hey|hiya|heya|morning|good (?:morning|afternoon|evening))\b[\s,!.-]*)?)"
    r"(?:it'?s|its|this is|i'?m|im|i am)\s+(?P<who>[\w.'-]+(?:\s+[A-Z][\w.'-]+)?)(?:\s+here)?"
    r"(?P<sep>\s*(?:[,.;!:]|\s[-–—])\s*)",
    re.IGNORECASE,
)
# "Thanks Ken. Please give Rachel Green ...", "Hi Ken, please add Tom ...": a greeting or thanks to whom the
# message is written, then the request; the one addressed is no one the change is about (batch 36 asked what
# was wanted for Ken). Only before a request said outright ("Hi Ken, Tom needs ..." is read as it was)
VOCATIVE_OPENING: Final = LazyPattern(
    r"^\s*(?:hi|hello|hey|hiya|morning|good\s+(?:morning|afternoon|evening)|dear|(?:many\s+)?thanks|thank\s+you|"
    r"thx|cheers|ta)(?:\s+(?:again|so\s+much|a\s+lot))?\s*,?\s+"
    r"(?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)\s*(?:[,.!:;]|\s[-–—])\s*"
    # ("Hi Olivia, may I join the Project Atlas group?": a question asked of the one greeted; nlu122)
    r"(?=(?:please|pls|plz|kindly|can\s+you|could\s+you|would\s+you|will\s+you|(?:may|might|could|can)\s+(?=\S)|"
    + one_of(CORE_CHANGE_VERBS)
    + r")\b)",
    re.IGNORECASE,
)
# "good morning grace, Rachel Green is doing the supplier statements now. she needs send as on billing": a
# greeting to the requester by name opens a message written to them; the one greeted is spoken to, whatever
# follows, never whom a later "she" means (main granted Grace send as). Cut only when the rest has no
# I/me/my (rules._requester_greeted_cut: whose "me" is then asked as before)
NLU133_GREETED_OPENING: Final = LazyPattern(
    r"^\s*(?:hi|hello|hey|hiya|heya|dear|(?:good\s+)?(?:morning|afternoon|evening))\s*,?\s+"
    r"(?P<who>[A-Za-z][a-z'’-]+(?:\s+[A-Za-z][a-z'’-]+)?)\s*(?:[,.!:;]|\s[-–—])\s*(?=\S)",
    re.IGNORECASE,
)
# "Ken, please add Ethan Park to Project Atlas": a person's name alone before a comma and a polite imperative
# addresses the one who is to do it (an e-mail to Ken; batch 42), as a greeting before it does. Cut only when
# the word is a person's name (rules: "Tomorrow, please add ..." is when); the change then names whom it is
# for, or it is asked. The comma may be left out ("Ken please add Ethan ...", "Ken can you add ..."): a name
# is never the subject of "please" or of "can you", so before them it is addressed (nlu117, red team 68)
NAME_VOCATIVE: Final = LazyPattern(
    r"^\s*(?P<name>(?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?))(?:\s*,\s*|\s+)"
    r"(?=(?:please|pls|plz|kindly|can\s+you|could\s+you|would\s+you|will\s+you)\b"
    # ("Grace, Maria asked me to check who can see her calendar": before another name telling what they asked
    # of the writer, the first name is the one written to; the "her" after is Maria's, nlu146)
    r"|(?<=,)\s*(?-i:[A-Z][a-z'’-]+)(?:\s+(?-i:[A-Z][a-z'’-]+))?\s+(?:has\s+)?(?:asked|wants|wanted|needs)"
    r"\s+me\s+to\b)",
    re.IGNORECASE,
)
# "Tom gets "You don't have permission to send as this sender" when replying from support@acme.com": an error
# someone sees when sending from a mailbox is that they cannot send from it, said so (the quoted message's
# words, "don't", "send as", are no part of the request; batch 42 asked what "gets" gave). Read as "Tom can't
# send from support@acme.com", which names the mailbox and asks nothing by itself
SEND_ERROR_SEEN: Final = LazyPattern(
    r"\b(?P<who>(?-i:[A-Z][\w'-]*)(?:\s+(?-i:[A-Z][\w'-]*))?)\s+(?:gets|got|sees|saw|receives|received|"
    r"is\s+getting|keeps\s+getting|has\s+been\s+getting)\s+(?:an?\s+|the\s+)?(?:error\s+|message\s+|bounce\s+)?"
    r"(?:\"[^\"\n]{1,160}\"|“[^”\n]{1,160}”)\s+(?:(?:error|message|bounce)\s+)?(?:when|while|whenever|every\s+time)\s+"
    r"(?:(?:he|she|they)\s+(?:tries|try)\s+to\s+(?:send|reply)|trying\s+to\s+(?:send|reply)|replying|sending|"
    r"(?:he|she|they)\s+(?:sends?|repl(?:y|ies)))\s+(?:e-?mails?\s+|mail\s+)?(?:from|as)\s+(?=\S)",
    re.IGNORECASE,
)
SEND_ERROR_SAY: Final = r"\g<who> can't send from "
PASTED_GREETING: Final = LazyPattern(
    r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b(?:\s+[\w.'-]+){0,3}\s*[,!:]?\s*$",
    re.IGNORECASE,
)
# "open the Support inbox", "use the billing mailbox": a mailbox named with a use, no right named.
# ("Move me into Support": someone moved into a team, never let into its mailbox; nlu147)
MAILBOX_USE: Final = LazyPattern(
    r"\b(?:access|open|manage|read|use)\b"
    r"|^(?![^\n]*\b(?:move|moved|moving|moves|transfer|transferred|switch|switched|shift|shifted|reassign|"
    r"reassigned)\b[^\n]*\binto\b)[^\n]*\binto\b"
)
MAILBOX_NOUN: Final = LazyPattern(r"\b(?:mailbox|inbox)\b")
# "give full access on support to": the trustee was cut off, not left to the clause before.
DANGLING_TRUSTEE: Final = LazyPattern(r"\b(?:to|for)\s*$")
# "..., and send as": a right whose verb and mailbox were left out (the same as the clause before).
# "..., only send as", "just send on behalf", "keep full access, drop send as": a right said with no one,
# beside a part that ruled out or kept a right for one person
RIGHT_ALONE: Final = LazyPattern(
    r"(?:(?:and|but|only|just|instead|then)\s+)*(?:" + one_of(CORE_CHANGE_VERBS | {"take away"}) + r"\s+)?"
    r"(?:the\s+)?(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf)\b"
)
# "Send as too.", "Also send as.", "and send on behalf as well": one more right, nothing else said
MORE_OF_A_RIGHT: Final = LazyPattern(
    r"(?:(?:also|and|plus)\s+)*(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf)"
    r"(?:\s+(?:too|as well|also))?\W*$"
)
# "..., and send as too", "Also send on behalf.": a right said as one more, not as what "access" meant
ONE_MORE: Final = LazyPattern(r"^(?:also|and|plus)\b|\b(?:too|as well|also)\W*$")
ELIDED_PERMISSION: Final = LazyPattern(r"(?:and\s+)?(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf)\b")
MAILBOX_AFTER: Final = LazyPattern(r"(?:mailbox|inbox|mail\b|email)")
# "Sarah's access", "Tom's send as", "Maria's ability to send": a possessive on the right, not the mailbox.
RIGHT_AFTER: Final = LazyPattern(r"(?:access|full|send|right|permission|ability to)")
# "Liam is taking over his accounts and needs full access to pat@": a possessive on someone's work (what
# they look after, not where their mail is), nor on a right: no owner of a mailbox
WORK_AFTER: Final = LazyPattern(
    r"(?:accounts?|clients?|customers?|work|workload|duties|tasks|job|role|projects?|caseload|patch)\b"
)
RIGHT_OR_WORK_AFTER: Final = LazyPattern(RIGHT_AFTER.pattern + "|" + WORK_AFTER.pattern)
# "... could give her full access": "her" before a right, read as the one given it (after someone asking,
# who it is then is asked); "her calendar", "her mailbox" stay whose
RIGHT_AFTER_PRONOUN: Final = LazyPattern(
    r"\s+(?:full|send|access|rights?|permissions?|reviewer|editor|delegate)\b"
)
# "I only have reviewer on Priya's calendar at the moment", "Tom has send as on sales@": what someone holds,
# told (a request put so, "I have to have ...", "has got to", is no holding)
HOLDING_TOLD: Final = LazyPattern(
    r"^§\d+§\s*(?:(?:only|just|already|currently|still|now|do|does)\s+)*"
    r"(?:have|has|hold|holds|['’]ve got|['’]s got|['’]ve|have got|has got)\s+(?:(?:only|just|the|a|an)\s+)?"
    r"(?:full|send|reviewer|editor|author|free|availability|limited|access|rights?|permissions?|delegate|read)\b"
)
# "Ethan has to reply from support@": a duty told, the reason for what is asked next
DUTY_TOLD: Final = LazyPattern(
    r"^§\d+§\s+(?:(?:now|also|often|sometimes)\s+)?(?:has|have|had|will have|must|needs? to)\s*(?:to\s+)?"
    r"(?:reply|answer|respond|send|deal|handle|cover|look after|work|monitor|check|read)\b"
)
# "Chris, Tom, my manager and I": what follows one more in a list of people, and what stands between two
# of them (so "my manager" there is one more person, not a second name for the one before)
LIST_NEXT: Final = LazyPattern(r"\s*(?:,\s*)?(?:and|or|&|plus)\b")
LIST_GAP: Final = LazyPattern(r"\s*(?:,|,?\s*(?:and|&|or))\s*")
LIST_BEFORE: Final = LazyPattern(r"(?:,|\b(?:and|or|&|plus))\s*$")
# "my calendar and Chris's", "Chris's calendar and mine": whose, with the thing owned left out (said before)
OWNER_ALONE: Final = LazyPattern(r"(?:$|[?.!,;]|(?:and|or|too|as well|also|with|to|for|please)\b)")
# "Ken's assistant", "Tom's manager", "Ken's deputy": someone unnamed, known only by their role to a person
# named; never that person ("Sarah's manager Olivia": the role then names Olivia, said right after)
_ROLE: Final = (
    r"(?:personal\s+|executive\s+|exec\s+|admin\s+|new\s+|line\s+|temporary\s+)?"
    r"(?:assistant|deputy|pa|ea|secretary|manager|boss|supervisor|team\s+lead|lead|backup|replacement"
    r"|stand-?in|cover|substitute|colleague|co-?worker|teammate|team\s+member|peer|counterpart|successor"
    r"|predecessor|direct\s+reports?|reports?|team|intern|trainee|apprentice|temp|contractor|hire|starter"
    r"|joiner|buddy|mentor|mentee|helper|delegate|admin)s?\b"
)
# "share it with her assistant": "her" before a role is whose the role is (a possessive), never the person
ROLE_AFTER: Final = LazyPattern(r"\s+" + _ROLE)
# "User: Ava Johnson's manager", "For: her assistant": a form's person known only by a role to someone
POSSESSIVE_ROLE: Final = LazyPattern(
    r"(?:['\u2019]s|\b(?:his|her|their|my|our|the|a|an))\s+" + _ROLE, re.IGNORECASE
)
# "send as to her assistant": someone known only by a role of a person meant by a pronoun (no name after it)
PRONOUN_ROLE: Final = LazyPattern(r"\b(?:his|her|their)" + ROLE_AFTER.pattern + r"(?!\s*,?\s*(?:[A-Z]|\S+@))")
# "Lucas Rossi is his backup": the role named by the one said right before it (told, not someone unnamed)
ROLE_NAMED_BEFORE: Final = LazyPattern(r"(?:^|\s)(?:[A-Z][\w'-]+\s+){1,3}(?:is|was|will be|is now)\s+$")
UNNAMED_ROLE: Final = LazyPattern(r"§(\d+)(?!\d)\s+" + _ROLE + r"(?!\s*,?\s*§\d)")
# "the person covering for Ken", "whoever replaces Tom", "the intern working with Ava": someone unnamed, known
# only by what they do for or with a person named; never that person
UNNAMED_DESCRIBED: Final = LazyPattern(
    r"\b(?:the|a|an|some|our|whoever|whomever|someone|somebody|anyone|anybody)\s+(?:[a-z-]+\s+){0,3}?"
    r"(?:(?:who(?:'s| is| will be)?|that(?:'s| is)?)\s+)?"
    r"(?:covering|covers|cover|standing in|stands in|stand in|filling in|fills in|fill in|sitting in|sits in"
    r"|replacing|replaces|replace|taking over|takes over|take over|working|works|work|helping|helps|help"
    r"|supporting|supports|support|reporting|reports|report|backing up|backs up|back up|succeeding|succeeds)"
    r"\s+(?:(?:for|with|to|from|on behalf of)\s+)?§(\d+)(?!\d)"
)
# "Give Ava, Ken's assistant, full access", "Ava, the person covering for Ken, ...": who the one named before
# is, said between commas; the person it names is no one the change is for (rules._without_references)
ROLE_ASIDE: Final = LazyPattern(
    r"(?<=§),\s*(?:§\d+§\s+"
    + _ROLE
    + r"|"
    + UNNAMED_DESCRIBED.pattern.replace(r"§(\d+)", r"§\d+§")
    + r")\s*,"
)
# "Christine Lee's manager Rachel Green wants her mail forwarded to Mike Smith": the same role aside said
# without commas, before what the one named wants; a he/she after it is asked as after ROLE_ASIDE (red team 37
# forwarded Rachel's mail; nlu50, rules._role_aside_pronoun)
ROLE_APPOSITION_BARE: Final = LazyPattern(
    r"(?:^|(?<=[\s,.;:!?]))§\d+§\s+"
    + _ROLE
    + r"\s+§\d+§(?=\s+(?:wants|needs|would\s+like|asked|asks|has\s+asked|is\s+asking|requested|requests)\b)"
)
# the roles a pronoun read as the one asking may fill: whom a change is for, or whose calendar it is
ASKER_ROLES: Final = ("member", "trustee", "grantee", "owner")
# ... and whose mailbox a delegation is on, as "his mailbox" said of the one asking may be (the slot asked)
ASKER_OWNED_ROLES: Final = (*ASKER_ROLES, "mailbox")
# "Priya, my manager, asked ...", "Sarah and Tom were wondering ...": one more name for those asking, said
# right before them
SPEAKER_BEFORE: Final = LazyPattern(r"§(\d+)(?!\d)\s*(?:,|,?\s*(?:and|&))?\s*$")
DANGLING_MEMBER: Final = LazyPattern(r"\b(?:from|to|into|onto|off)\s*$")
# "Remove Tom from the list", "add Emma to a distribution list": a list not named, to be asked for
TO_A_LIST: Final = LazyPattern(
    r"\b(?:from|to|onto|into|off(?:\s+of)?|out\s+of)\s+(?:the\s+|a\s+|an\s+|some\s+|one of (?:the|our)\s+)?"
    r"(?:(?:distribution|mailing|e-?mail)\s+)?(?:list|dl|group)s?\b"
)
# "lucas rossi -> project phoenix pls": people, then the list they go on, nothing else asked (the arrow is
# read as "to"; a note in brackets after it says which list)
PEOPLE_TO_LIST: Final = LazyPattern(
    r"^§\d+(?:\s*(?:,|and|&)\s*§\d+)*\s+(?:to|into|onto)\s+(?:the\s+)?§\d+"
    r"(?:\s+(?:list|dl|group))?(?:\s+(?:pls|plz|please|thanks|thx|ty))?(?:\s*\([^)]*\))?\s*[.!]?$"
)
LEADING_CONJUNCTION: Final = LazyPattern(r"^(?:and|but|also|plus)\s+")
FROM_WORD: Final = LazyPattern(r"\bfrom\b")
AS_PRIMARY: Final = LazyPattern(r"(?:as\s+)?(?:the\s+|their\s+|his\s+|her\s+|its\s+)?(?:new\s+)?primary")
# "with olivia.martin@ kept as a secondary address", "olivia.martin@ staying on as an alias": said right
# after an address, it is the old one kept, never the new primary
KEPT_AS_ALIAS: Final = LazyPattern(
    r"(?:(?:is|are|should be|will be|to be|being|gets?)\s+)?"
    r"(?:kept|retained|left|keep(?:ing)?|stay(?:s|ing)?|remain(?:s|ing)?)?\s*(?:on\s+)?"
    r"as\s+(?:an?\s+|the\s+|a\s+)?(?:alias|secondary|proxy|additional|extra|old)\b"
)
# "Change Ethan's primary address to ethan@, keep ethan.park@": the address kept as an alias, said as a keep
# (read as a keep-scope it ruled out the change itself); said as "ethan.park@ kept as an alias"
KEEP_AN_ADDRESS: Final = LazyPattern(
    r"\bkeep(?:ing)?\s+([\w.+'-]+@[\w-]+(?:\.[\w-]+)+)(?=\s*(?:[,;!]|\.(?:\s|$)|$|\s+and\b))", re.IGNORECASE
)
AS_PRIMARY_LEAD: Final = LazyPattern(r"as\s+(?:the\s+|their\s+|his\s+|her\s+|its\s+)?(?:new\s+)?primary")
SELF_WORDS: Final = LazyPattern(r"\b(?:my|i|me|mine)\b")
# "Noah Davis's appointments", "her meetings": the one whose calendar it is (its owner, never a grantee)
OWN_CALENDAR: Final = LazyPattern(
    r"(?:own\s+)?(?:calendar|diary|schedule|free|availability|appointments?|meetings?|events?)"
)
# "Priya Patel's calendar": what right after a possessive name makes that person a calendar's owner
OWNED_CALENDAR: Final = LazyPattern(r"(?:own\s+)?(?:calendar|diary|schedule)\b")
# "... on Priya Patel's calendar": right after a name, what makes it the calendar's owner (its possessive mark
# included when the mention ends before it)
CALENDAR_OWNED_AFTER: Final = LazyPattern(
    r"(?:['’]s?)?\s+(?:own\s+)?(?:calendar|diary|schedule)\b", re.IGNORECASE
)
# "Give her full access and send on behalf on Christine's mailbox": right after a name in the clause, what
# makes it the mailbox's or calendar's owner; whom a "her" given a right there stands for is never that owner
# (no one is given rights on their own mailbox; rules._Reader._may_be, nlu134)
NLU134_OWNER_AFTER: Final = LazyPattern(
    r"(?:['’]s?)?\s*(?:own\s+)?(?:(?:shared\s+)?mailbox|inbox|calendar|diary)\b", re.IGNORECASE
)
# "Chris should get editor on Sarah's calendar to manage her meetings": what a his/her owns, and what right
# after a name makes that one its owner, by the kind of thing owned; a possessive pronoun owning the kind of
# thing the clause already named one owner of is that owner, never a second (nlu135)
NLU135_PRONOUN_OWNS: Final = {
    "calendar": LazyPattern(
        r"\s*(?:own\s+)?(?:calendar|diary|schedule|appointments?|meetings?|events?|invites?|invitations?)\b",
        re.IGNORECASE,
    ),
    "mailbox": LazyPattern(r"\s*(?:own\s+)?(?:mailbox|inbox|mail|e-?mails?|messages)\b", re.IGNORECASE),
}
NLU135_OWNER_OF: Final = {
    "calendar": LazyPattern(r"(?:['’]s?)?\s*(?:own\s+)?(?:calendar|diary|schedule)\b", re.IGNORECASE),
    "mailbox": LazyPattern(r"(?:['’]s?)?\s*(?:own\s+)?(?:(?:shared\s+)?mailbox|inbox)\b", re.IGNORECASE),
}
# "..., remove her access / his permission / their rights": whose access it is, said after a his/her
ACCESS_AFTER_PRONOUN: Final = LazyPattern(r"\s*(?:access|permissions?|rights?)\b")
# "reviewer on the calendar of everyone in Finance Team" (the list blanked): the members own the calendars,
# the one named gets the share (nlu43)
CALENDARS_OF_EVERYONE: Final = LazyPattern(
    r"\b(?:calendars?|diar(?:y|ies)|schedules?|appointments|meetings)\s+(?:of|for|belonging to)\s+"
    r"(?:everyone|everybody|all(?: the)?(?: members| people| staff)?|each (?:member|person)|"
    r"every (?:member|person|one|single person))\b"
)
CALENDAR_PERMISSIONS: Final = LazyPattern(r"\bcalendar permissions\b")
# "see when Sarah is free or busy", "know whether Tom is available": the one whose time is seen (the
# calendar's owner, never a grantee); the word right before the mention, then its state after it
WHOSE_TIME_INTRO: Final = frozenset({"when", "whether", "if"})
WHOSE_TIME_STATE: Final = LazyPattern(
    r"(?:is|are|'s|will be|gets|has)\s+(?:\w+\s+)?(?:free|busy|available|booked|around|in (?:a )?meetings?|"
    r"out of (?:the )?office|away|on leave|off)\b"
)
# "see when she is free": whose time is seen said with a pronoun (no one placed as the calendar's owner)
WHOSE_TIME_PRONOUN: Final = LazyPattern(
    r"\b(?:when|whether|if)\s+(?:he|she|they|him|her|them)\s*(?:'re\s+|(?:" + WHOSE_TIME_STATE.pattern + r"))"
)

EVERY_MAILBOX: Final = LazyPattern(r"\b(?:each|every one|all of them|them all|every (?:shared )?mailbox)\b")
# "access report for the Project Atlas group": the report that names its subject (reads.access_report_named)
ACCESS_REPORT: Final = LazyPattern(r"\baccess (?:report|audit)s?\b")
DELEGATION_REPORT: Final = LazyPattern(r"\b(?:delegation|access) (?:report|audit)\b|\bdelegations\b")
# (nlu115) "What mailboxes can Sarah Connor get into? Delegation report please": the report asked for alone,
# no one and nothing named nor "everyone" said, goes on with the one person the question before asked about
# (rules._read); it ran the whole tenant's report beside her access report
_REPORT_ALONE: Final = (
    r"^\W*(?:(?:and|also|then|so|just|please|pls|plz|can\s+(?:i|we|you)\s+(?:get|have|run|pull|send(?:\s+me)?)"
    r"|could\s+(?:i|we|you)\s+(?:get|have|run|pull|send(?:\s+me)?)|i\s+(?:need|want|would\s+like|'d\s+like)"
    r"|send\s+me|run|pull|give\s+me|get\s+me)\s+)*(?:(?:an?|the|her|his|their|that\s+person's)\s+)?"
    r"(?:full\s+)?{kind}\s+(?:report|rpt)(?:\s+(?:please|pls|plz|too|as\s+well|then|thanks|thank\s+you))*"
    # ("a delegation report would be great", "... would help": the form wished for the answer; nlu123)
    r"(?:\s+(?:would|['’]d|will)\s+(?:be\s+(?:great|good|ideal|perfect|nice|helpful|fine|best|handy|useful)|help)"
    r"|\s+is\s+fine|\s+if\s+possible)?(?:\s+(?:please|pls|thanks|thank\s+you))*"
    r"\W*$"
)
DELEGATION_REPORT_ALONE: Final = LazyPattern(
    _REPORT_ALONE.replace("{kind}", "delegation"), re.IGNORECASE, cue=r"delegation"
)
# "Who has access to the Careers mailbox and why? Access report please": an access report asked for alone
# after a question a report already answers (of one mailbox, list or person) is the form of that answer,
# never a second report of the whole tenant (batch 50 planned one; rules._Reader; nlu155)
NLU155_ACCESS_REPORT_ALONE: Final = LazyPattern(
    _REPORT_ALONE.replace("{kind}", "access"), re.IGNORECASE, cue=r"(?i:access)"
)
# "whos got access to hr@ ??", "who's got access to the careers box": chat's "who can get into it", asked of a
# mailbox (batch 20): who can open it, as WHO_CAN_OPEN (a person's reach is PERSON_REACH)
WHO_HAS_GOT_ACCESS: Final = r"who(?:'?s| has) got (?:full )?access"
MAILBOX_PERMISSIONS_READ: Final = LazyPattern(
    r"\b(?:permissions?|" + WHO_CAN_OPEN + r"|" + WHO_HAS_GOT_ACCESS + r")\b"
)
LOOKUP: Final = LazyPattern(r"\b(?:mailbox|look up|lookup|show)\b")
MY_MAILBOX: Final = LazyPattern(r"\bmy (?:own )?mailbox\b")
DELEGATION_WORD: Final = LazyPattern(r"\bdelegat\w*\b")
# "what mailboxes do I have delegate access to?", "which mailboxes has Tom got delegated rights on": the
# delegated rights (Full Access, Send As, Send on Behalf) one person holds, the delegation report's subject
# (reads.delegated_reach), as "every mailbox Christine has delegated rights on" is; batch 40 read the access
# report, every grant with its origin, lists and calendars too
# "which mailboxes am I a delegate on?" (batch 42): "a delegate" is a holder of those rights, said as a noun
# "which mailboxes can I get into, and with what rights?" (batch 48, nlu145): the rights held on each asked
# with the mailboxes, the delegated rights by mailbox, which the delegation report lists
DELEGATED_REACH: Final = LazyPattern(
    r"\b(?:what|which)\s+(?:(?:shared\s+)?mailboxes|inboxes)\b.*\b(?:delegat(?:e|ed|ion)\s+"
    r"(?:access|rights?|permissions?)\b|an?\s+delegates?\s+(?:on|of|for|to|in)\b"
    r"|(?:with|and|at)\s+(?:what|which)\s+(?:(?:level|kind|type)s?\s+of\s+)?(?:rights?|permissions?|access)\b)"
)
THEN: Final = LazyPattern(r"then")

# The words that introduce a slot (the word right before a mention): the action descriptions name these.
AS_WORD: Final = frozenset({"as"})
# "Set sarah.connor@ as Sarah Connor's primary address": a name owning the address said after "as" is whose
# address it is, never a claim of who is asking (rules._impersonation; batch 40 dropped Sarah and asked whose)
OWNED_ADDRESS_AFTER: Final = LazyPattern(
    r"(?:['’]s?)?\s+(?:own\s+)?(?:new\s+)?(?:primary|main\s+(?:e-?mail\s+)?address|e-?mail\s+address|"
    r"smtp\s+address|reply[- ]to\s+address|default\s+(?:e-?mail\s+)?address)\b",
    re.IGNORECASE,
)
# "... and on all hands too", "... and off all-hands": the word before a list someone is said to be on or
# taken off (its member, not a trustee)
ON_A_LIST: Final = frozenset({"on", "in", "onto", "into", "off"})
ADDED_TO: Final = frozenset({"to", "into", "onto"})
# "membership of Finance Team", "Finance Team membership", "member access to all-sales": a list named as what
# one is a member of; beside a right, the list the one who gets the right joins (rules._delegation)
MEMBERSHIP_NOUNS: Final = frozenset({"membership", "memberships", "member", "members"})
MEMBERSHIP_OF: Final = frozenset({"of", "in", "to", "for", "on"})
MEMBERSHIP_AFTER: Final = LazyPattern(r"\s*(?:list\s+|dl\s+|group\s+|team\s+)?memberships?\b")
ADDED_VERB: Final = frozenset({"added", "add", "adding", "join", "joined", "joining", "put", "moved"})
# "... and be put on all hands", "and go on the Sales list": a verb by which the one the clause is about
# joins the list it names (that list is never the one who gets a right said beside it)
JOINS: Final = ADDED_VERB | frozenset({"go", "goes", "be", "get", "gets", "joins"})
MAILBOX_INTRO: Final = frozenset({"to", "on", "for", "of"})
OWNER_INTRO: Final = frozenset({"on", "to", "of", "over", "into", "in", "at", "as", "from"})
# "Rachel Green: send on behalf for Mike Smith": "on behalf for" said for "on behalf of", whose mailbox it
# is (batch 26; delegation's owner slot)
ON_BEHALF_FOR: Final = LazyPattern(r"\bon[- ]behalf\s+for\s*$")
TRUSTEE_INTRO: Final = frozenset({"for"})
# ("take him off contractors and project phoenix": "off" introduces the list as "from" does)
LIST_INTRO: Final = frozenset({"to", "into", "onto", "on", "in", "from", "of", "off"})
SOURCE_LIST_INTRO: Final = frozenset({"from", "of", "in"})
NEW_ADDRESS_INTRO: Final = frozenset({"to", "as", "be", "into", "with", "is", "use"})
NEW_ADDRESS_FIRST: Final = frozenset({"make", "use", "set"})
RECIPIENT_INTRO: Final = frozenset({"for", "of"})
CALENDAR_OWNER_INTRO: Final = frozenset({"of"})
FORWARD_TARGET_INTRO: Final = frozenset({"to", "into", "towards", "onto"})
FORWARD_SOURCE_INTRO: Final = frozenset({"from"})
# "asked me to get the support mailbox forwarded to Chris", "I need sales@ redirected to Ava": whose mail is
# forwarded, said right before the forwarding word (never the one asking for it)
FORWARDED_AFTER: Final = LazyPattern(
    r"(?:(?:mailbox|inbox|e-?mails?|mail|account)\s+)?(?:to be\s+|being\s+)?"
    r"(?:forwarded|redirected|diverted)\b"
)
# "the mail of emma@", "the calendar of Olivia": the word before a mention that makes it the owner
OWNER_OF: Final = frozenset({"of"})
# "the billing mailbox should also reach Christine, please forward it to her": "it" is the mailbox the
# request is about, never the requester's own
FORWARD_IT: Final = LazyPattern(r"\b(?:forward\w*|redirect\w*|divert\w*)\s+(?:it|that|this|its mail)\b")
# "remove pat.gone@acme.com from all sales pls": a list's hyphenated name said with spaces, as what someone
# is taken from or put on, with nothing after it that would carry the noun on ("all sales reps", "all sales
# lists": no list's name); read as the list (mentions.NameIndex, as before "list" / "group" / "dl"; nlu135)
# ("put Tom Becker on all sales": put on, as onto; "from marketing and all sales": one more list after one
# named; nlu147)
NLU135_SPACED_LIST_BEFORE: Final = "|".join(
    rf"(?<=\b{w}\s)" for w in ("from", "to", "into", "onto", "off", "on", "and")
)
# ("remove vera from external contractors and add john instead": a second change said after it, opened by
# its verb, ends the name as a comma would; batch 48 read no list; nlu145)
NLU135_SPACED_LIST_AFTER: Final = (
    r"(?=\s*(?:[,.;!?)]|$)|\s+(?:pls|please|plz|thx|thanks|asap|too|as\s+well|now|today)\b"
    r"|\s+(?:and|&|then|but)\s+(?:(?:also|then|please|pls)\s+)?(?:add|remove|put|take|drop|give|grant|move|pop|"
    r"stick|swap|replace|include)\b"
    # ("remove Tom Becker from all sales and marketing": one more list named after it, the name ends; nlu147)
    # (not before another spaced "all ..." name: "add Mike to all sales and all marketing" put him on
    # all-sales and dropped the unknown "all marketing"; nlu150, red team 78 M2)
    r"|\s+(?:and|&)\s+(?:(?:also|the)\s+)?(?=[\w§])"
    r"(?!(?:staff|people|users|reps|team|teams|members)\b|all\s))"
)
# "..., please clear the forwarding" after a part that stopped one mailbox's forwarding: a definite "the
# forwarding" with no owner of its own is the one just named (nlu135)
NLU135_THE_FORWARDING: Final = LazyPattern(
    r"\b(?:clear|remove|turn\s+off|switch\s+off|stop|cancel|disable|delete|end)\s+(?:the|that|this)\s+"
    r"(?:mail\s+|e-?mail\s+)?(?:auto-?)?(?:forward(?:ing)?|fwd|redirect(?:ion)?)\b"
    r"(?!\s*(?:of|on|for|from|to|at)\b|\s*§)",
    re.IGNORECASE,
)
# "Stop forwarding billing@ to Mike; send it to Christine instead": after forwarding, sending "it" on to
# someone is forwarding it there
# "Forward my mail to Tom, and copy Priya", "..., copy to Priya": a part with no verb of its own after a
# forwarding, naming one more place its mail may go (rules._forwarded_there_too asks which)
COPY_TO_START: Final = LazyPattern(
    r"^(?:(?:and|then|also|plus)\s+)*(?:b?cc|copy|copying|copies)\b", re.IGNORECASE
)
SEND_IT_ON: Final = LazyPattern(
    r"\b(?:send|route|pass|divert|point)\s+(?:it|them|that|this|(?:the\s+|its\s+)?(?:mail|e-?mails?))\s+"
    r"(?:on\s+)?(?=to\b)"
)
SEND_IT_ON_SAY: Final = "forward it "
# "change the forwarding on billing@ from Mike to Christine", "switch billing@'s forwarding from Mike to
# Christine": the mailbox said first; "from" names the old target, never the mailbox whose mail is forwarded
FORWARDING_RETARGETED: Final = LazyPattern(
    r"(?:forwarding|forwards?)\s+(?:on|for|of|at)\s+(?:the\s+)?§(?P<box>\d+)(?:\s+(?:mailbox|inbox))?\s+"
    r"from\s+§(?P<old>\d+)\s+(?:over\s+)?to\s+§(?P<new>\d+)"
    r"|§(?P<box2>\d+)\s+(?:mailbox\s+|inbox\s+)?(?:forwarding|forwards?)\s+from\s+§(?P<old2>\d+)\s+(?:over\s+)?"
    r"to\s+§(?P<new2>\d+)"
)
# "show me", "tell me": the requester as the reader of the answer, not as what it is about.
READ_FOR_ME: Final = frozenset({"show", "tell", "give", "get", "list", "send"})

# ---- coordination: "X and Y", "X, Y and Z", "X or Y" -------------------------------------------------
# What joins a mention to the next one (the text right after a mention, up to the next mention's mark):
# "and" and "," coordinate (each is meant); "or" offers a choice (which one is a question).
# an end said right after a mention, before the next one is joined to it: the end mark (§t) or no end
# (NO_DURATION_SAY, "permanently")
END_SAID_BETWEEN: Final = LazyPattern(r"^(?:§t|permanently\b)\s*")
COORDINATION: Final = LazyPattern(
    r"(?:(?:shared\s+)?(?:mailbox(?:es)?|inbox(?:es)?|lists?|dls?|groups?|distribution lists?)\s*)?"
    r"(?:,\s*(?P<comma_or>or\s+)?(?:and\s+)?|(?P<or>or|and/or)\s+|(?:and|&|as well as|plus)\s+)"
    r"(?:(?:also|the|to|on|from|into)\s+)?§(?P<next>\d+)(?!\d)"
)
# Between alternatives as written ("Tom or Ava", "Tom, Ava or Sarah"): where a chosen one replaces them all.
ALTERNATIVES_JOIN: Final = r"(?:\s*,\s*(?:or\s+)?|\s+(?:or|and/or)\s+)"
# A common word that is a name because it continues a coordinated list a preposition introduced
# ("full access to support and sales", "add Tom to Marketing, Engineering and Finance").
COORDINATED_NAME: Final = LazyPattern(
    r"\b(?:to|from|on|onto|into|in|of|off)\s+(?:the\s+)?[\w@.'-]+(?:\s+[\w@.'-]+)?"
    r"(?:\s*,\s*[\w@.'-]+(?:\s+[\w@.'-]+)?){0,4}(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:the\s+)?$"
)
SUBJECT_PRONOUN: Final = LazyPattern(r"i|we|he|she|they")
# A word where a list's or mailbox's name stands ("to al-sales", "off all-hnads") that names nothing: a
# misspelt name when it is close to one the tenant knows (resolution then asks "did you mean ...?").
# "send on behalf for billing", "full access for support": after a right, "for" introduces the mailbox.
RIGHT_FOR_NAME: Final = LazyPattern(
    r"\b(?:access|send[- ]?as|behalf|rights?|permissions?|control)\s+for\s+(?:the\s+)?$"
)
# "FA on hr mbx for grace pls": "for" after a right asked for, on what it names, introduces whom it is for; a
# person's first name that is also a common word is that person there (batch 33 asked who)
RIGHT_THEN_FOR: Final = LazyPattern(
    r"\b(?:fa|full\s+access|access|send[- ]?as|behalf|sob|rights?|permissions?|editor|reviewer)\b"
    r"(?:[^.;!?\n]|\.(?=\S)){0,60}?\bfor\s+$"
)
# names that are also a month or a season: "for may" after a right is when, not whom
NAME_ALSO_TIME: Final = frozenset({"may", "june", "april", "summer"})
# what may follow the last of a list of people's names: its end, one more name, or where they go ("ken +
# grace to all hands", "ken and grace pls"); a word going on as a verb ("ken and mark it done") is none
NAME_LIST_GOES_ON: Final = LazyPattern(
    r"\s*(?:$|[,.;:!?)]|\+|&|\b(?:and|to|from|on|onto|into|off|as|in|pls|plz|please|thx|thanks|too|both)\b)"
)
NAME_SLOT_WORD: Final = LazyPattern(
    r"\b(?:to|from|off|onto|into|on|of)\s+(?:the\s+)?([a-z][a-z0-9-]{3,})\b(?![@.'-]\w)"
)
# "Tom can't send as support@ yet, please give him that": what someone lacks, then a request for exactly
# that. The negation describes today, it rules nothing out: the request reads "give Tom send as support@".
LACKS_THEN_GIVE: Final = LazyPattern(
    r"^(?:i\s+(?:don'?t|do not)\s+(?:think|believe)\s+)?"
    r"(?P<who>(?:[^,.;]|\.(?=\w))+?)\s+(?:can'?t|cannot|can not|doesn'?t have|does not have|has no|"
    r"hasn'?t got|has|have)\s+(?P<what>(?:[^,.;]|\.(?=\w))+?)\s+yet\b[\s,.;-]*"
    r"(?:so\s+)?(?:please\s+|can you\s+|could you\s+)?"
    r"(?:give|grant)\s+(?:(?:him|her|them)\s+(?:that|it|this)|(?:that|it|this)\s+to\s+(?:him|her|them))\s*[.!]?$",
    re.IGNORECASE,
    cue=r"yet",
)
# "schedule a team lunch", "book a meeting": making an event, which mailwarden does not do; "schedule" as
# a verb is not a calendar to share.
MAKING_AN_EVENT: Final = LazyPattern(
    r"\b(?:schedule|book|arrange|organi[sz]e|set up)\s+(?:a|an|some|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:lunch|meeting|call|event|appointment|dinner|party|session|catch-?up|sync|review|interview|room)\b"
)
# "instead of someone": a swap whose other person is not named; who it is, is a question.
UNNAMED_PERSON: Final = compile_words(
    r"someone(?: else)?",
    r"somebody(?: else)?",
    r"another person",
    r"the other person",
    r"whoever(?: has it)?",
)


# ---- what mailwarden cannot do, said plainly (rules.py answers "not understood" with examples) ----------
# "Create a new shared mailbox called Legal", "set up a room mailbox": no action creates these; reading the
# rest as a new distribution list would plan something else than what was asked.
UNSUPPORTED_CREATE: Final = LazyPattern(
    # "convert Lucas's mailbox into a shared mailbox", "turn hr@ into a room mailbox": a mailbox's type
    r"\b(?:convert\w*|turn\w*|chang\w*|switch\w*|mak\w*)\b(?:[^.;!?]|\.(?=\w)){0,60}?\b(?:in)?to\s+(?:a|an)\s+"
    # ("into a regular user mailbox": each type word said)
    r"(?:(?:shared|room|resource|equipment|user|regular|normal|personal)\s+)+(?:mailbox|account)\b|"
    r"\b(?:(?:creat\w*|make|set ?up|provision\w*|spin up)\s+(?:a|an|one|some)\s+(?:new\s+)?|"
    r"(?:creat\w*|make|set ?up|provision\w*|spin up)\s+(?:(?:a|an|the)\s+)?new\s+|new\s+)"
    r"(?:shared\s+mailbox|(?:room|resource|equipment|user|team)\s+mailbox|mailbox|(?:user\s+)?account|"
    r"room|teams?\s+(?:channel|site)|channel|mail\s+contact|contact|licen[cs]e)\b"
)
# "Sarah used to manage the Support mailbox", "Tom previously handled billing", "Chris and Ava were looking
# after it": what someone did before, said as context (the request follows); never a grant to them
PAST_STATEMENT: Final = LazyPattern(
    r"^(?:§\d+§?\s*(?:(?:,|and|&)\s*§\d+§?\s*)*|(?:he|she|they)\s+)"
    r"(?:(?:used to|use to|previously|formerly|always|once|had been|was|were)\s+)+"
    r"(?!(?:be\s+)?(?:given|granted|added|removed|getting)\b"
    # "I was wondering if you could add Ava ...": a request put politely (POLITE_QUESTION), not the past
    r"|wondering (?:if|whether) (?:you|u) (?:could|can|might)\b"
    # "Ken was wondering who has send as on sales@": a question passed on (INTERROGATIVE), asked now
    r"|(?:wondering|asking)\s+(?:(?:me|us)\s+)?(?:who|who's|whom|whose|which|what|where|how many)\b)\w+",
    re.IGNORECASE,
    cue=r"use|previously|formerly|always|once|had been|was|were",
)
# "I was asked to add Emma to Marketing", "... by Olivia to ...": a request passed on to the requester in the
# past tense is asked for now (rules._clauses checks the subject is the requester), never a past statement
REQUESTER_WAS_ASKED: Final = LazyPattern(
    r"^§(?P<who>\d+)§?\s+(?:was|were)\s+(?:(?:just|also|recently)\s+)*(?:asked|told)\s+"
    r"(?:by\s+(?:(?!to\b)[\w&'§-]+\s+){1,4})?to\b"
)
# "we set it up for Rachel during the audit", "I gave her send as by mistake last year": what the requester's
# side did before, told (how the thing to change came to be); context like PAST_STATEMENT, no request
PAST_DONE: Final = LazyPattern(
    r"^(?:we|i|you|it|they)\s+(?:(?:only|just|originally|initially|first|already)\s+)?"
    r"(?:set|turned|switched|put|gave|added|granted|created|made|shared|enabled)\s+"
    r"(?:it|this|that|them|the\s+[\w-]+|§\d+§)(?:\s+(?:up|on))?\b",
    re.IGNORECASE,
)
# "can you take me off external-contractors? i was added by mistake", "I got put on it in error": a grant or
# membership told given by mistake, in the passive, beside the change that mends it; context like
# PAST_STATEMENT, never an add of its own (nlu123: read as one, the removal was "undone" and asked)
MISTAKE_GIVEN_TOLD: Final = LazyPattern(
    r"^(?:§\d+§?|i|we|he|she|they|it)\s+(?:(?:was|were|got|had\s+been|has\s+been|have\s+been|['’]ve\s+been)\s+)"
    r"(?:(?:accidentally|mistakenly|wrongly|erroneously|just|also)\s+)*"
    r"(?:added|put|given|granted|subscribed|included|signed\s+up|enrolled)\b(?:\s+[\w'’@.§-]+){0,6}?\s+"
    r"(?:by\s+(?:mistake|accident)|accidentally|in\s+error|mistakenly|wrongly|erroneously)\W*$"
    r"|^(?:§\d+§?|i|we|he|she|they|it)\s+(?:was|were|got)\s+(?:accidentally|mistakenly|wrongly|erroneously)\s+"
    r"(?:added|put|given|granted|subscribed|included)\b(?:\s+[\w'’@.§-]+){0,6}?\W*$",
    re.IGNORECASE,
)
# "Tom handed his send as on support over to Ava last week": a hand-over told in the past tense is what
# already happened, context like PAST_STATEMENT; never a grant to either (HAND_OVER reads the request).
# "his" may stand masked as the mention it refers to.
PAST_HAND_OVER: Final = LazyPattern(
    r"^§\d+§?\s+(?:(?:has|had|have|already|just|recently)\s+)*"
    r"(?:handed|passed|transferred)\s+(?:over\s+)?(?:his|her|their|§\d+§?)(?!\w)",
    re.IGNORECASE,
)
# "the mailbox Sarah used to manage", "the list that Tom runs", "the inbox Chris looks after": a person who
# describes the resource, not its owner; which one is meant is asked (never the person's own mailbox)
DESCRIBED_RESOURCE: Final = LazyPattern(
    r"\b(?P<noun>mailbox|inbox|account|box|calendar|diary|list|dl|group)\s+(?:that\s+|which\s+)?"
    r"§\d+(?!\d)\s+(?:(?:used to|still|also|now|currently|normally|usually)\s+)?"
    r"(?:uses?|used|runs?|ran|manag\w+|looks? after|looked after|owns?|owned|handl\w+|monitor\w*|"
    r"set up|creat\w+|covers?|covered|is in charge of|was in charge of|is responsible for|looked at|"
    r"checks?|checked|reads?|works? (?:on|in|with)|worked (?:on|in|with)|has|had|is on|was on|sends? from)\b"
)
DESCRIBED_ABOUT: Final = {
    "calendar": "owner",
    "diary": "owner",
    "list": "group",
    "dl": "group",
    "group": "group",
}
# "..., her project is over", "..., her contract ended": a pronoun's thing and what happened to it
OWNED_SUBJECT_VERB: Final = LazyPattern(
    r"\s+(?!(?:to|from|on|in|off|into|onto|as|and|or|full|send|access|the|a|an)\b)[a-z-]+\s+"
    r"(?:is|are|was|were|has|had|have|ends?|ended|finished|changed|moved|starts?|started)\b"
)
# "Export Noah's mailbox to a PST file", "convert Lucas's mailbox into a shared mailbox": what no action does;
# the rest read alone would plan something else (its details, a delegation)
# "Is it possible to give Tom full access? Just asking, don't do it yet", "explain how to give ...": a
# question about a change, not a request for it (a polite request is read as one only without these)
NOT_YET_ASKED: Final = LazyPattern(
    r"\bjust asking\b|\b(?:don'?t|do not)\s+(?:do|make|action|apply|change)\s+(?:it|that|this|anything)\s+"
    r"(?:yet|now|today)\b|(?:^|[.?!;,]\s*)not (?:now|yet|today)\b|\bhypothetical(?:ly)?\b|"
    r"\b(?:explain|tell me|show me)\s+how\s+(?:to|i|we|you|one)\b|\bin theory\b"
)
# "Check why Ken can't get into billing and fix it", "... and sort it out": a change asked for without
# saying which; the report alone is not all that was asked, and no change can be guessed
UNSAID_CHANGE: Final = LazyPattern(
    r"\b(?:fix|sort|resolve|repair|sort out|take care of|deal with|handle|correct|make it work|get it working"
    r"|put it right|set it right|straighten out)\s+(?:it|that|this|them|things)(?:\s+out)?\b"
    r"|\b(?:fix|sort out|resolve) (?:the|his|her|their) (?:problem|issue|access)\b"
    r"|\b(?:like|want|need|get|have) (?:it|that|this) (?:fixed|sorted(?: out)?|resolved|dealt with)\b"
)
UNSUPPORTED_ACTION: Final = LazyPattern(
    # "to a PST file" (not "5pm PST", a time zone)
    r"\bpst\s+(?:files?|exports?|archives?)\b|\.pst\b|\b(?:to|into|as|from)\s+(?:an?\s+)?pst\b"
    # ("import", "imported"; never "important": "forward my important emails to Ava" is no import)
    r"|\b(?:export\w*|import(?:s|ed|ing|er)?)\b.*\b(?:mailbox|mail|e-?mails?|inbox)\s+(?:to|into|from)\b"
    r"|\b(?:back(?:ing)? ?up|archiv\w*)\s+(?:\S+\s+){0,3}?(?:mailbox|mail|e-?mails?|inbox)\b"
    # ("turn the Info shared mailbox back into a normal user mailbox", "change support@ to a shared mailbox")
    r"|\bconvert\w*\b.*\b(?:to|into)\s+(?:a\s+|an\s+)?(?:shared|user|room|regular|normal)\s+mailbox\b"
    # ("turn the Info shared mailbox back into a normal user mailbox"; an article before the type, so "make
    # sure Tom has access to shared mailbox support@" is no conversion)
    r"|\b(?:turn\w*|chang\w*|mak\w*|switch\w*)\b.*\b(?:to|into)\s+an?\s+"
    r"(?:(?:shared|user|room|regular|normal|equipment|resource)\s+)+mailbox\b"
    # "Hide the Contractors list from the global address list", "make billing@ visible in the GAL again":
    # whether a recipient shows in the address book, a setting mailwarden does not change (batch 30; nlu63)
    r"|\b(?:hid(?:e|es|ing|den)|unhid\w*|visible|invisible|show(?:s|ing)?\s+up|appear\w*|keep\w*\s+out)\b"
    r".*\b(?:global\s+address\s+(?:list|book)|gal|(?:offline\s+)?address\s+(?:book|list))\b"
)
# "Set up a rule in my mailbox that moves anything from John Partner into a Partners folder", "move all mail
# from Vera into the Vendors folder", "an inbox rule to file invoices": a rule that moves, sorts or files
# messages (or anything put into a folder) is an Inbox rule, which mailwarden does not make; read as a change
# of rights, John Partner was taken for a trustee. A rule that forwards is no folder's: read as forwarding
INBOX_RULE: Final = LazyPattern(
    r"\b(?:(?:inbox|mail|mailbox|outlook|e-?mail|sorting|filter(?:ing)?)\s+)?rules?\b"
    r"(?=[^.;!?]*\b(?:mov(?:e|es|ed|ing)|sort\w*|fil(?:e|es|ed|ing)|delet\w*|flag\w*|categori[sz]\w*|"
    r"archiv\w*|(?:sub)?folders?|mark\w*\s+(?:it\s+|them\s+)?(?:as\s+)?read)\b)"
    r"|\b(?:mov(?:e|es|ed|ing)|fil(?:e|es|ed|ing)|sort\w*|filter\w*|put\w*|send\w*|redirect\w*)\s+"
    r"[^.;!?]{0,60}?\b(?:in)?to\s+(?:(?:an?|the|my|his|her|their|our|its|a\s+new)\s+)?(?:[\w'’-]+\s+){0,2}"
    r"(?:sub)?folders?\b",
    re.IGNORECASE,
    cue=r"(?i:rule|folder)",
)
# "Trace the email Olivia sent to john@partner.example yesterday", "did Liam's email reach sales@?", "run a
# message trace": finding one message that was sent, which the catalog does not do. A past message someone
# sent to an address is never a forwarding of their mailbox (batch 18: read as forwarding to an outsider).
MESSAGE_TRACE: Final = LazyPattern(
    r"\bmessage\s+trac\w*|\btrac(?:e|ing)\s+(?:a\s+|an\s+|the\s+)?(?:e-?mail|message|mail)s?\b"
    r"|\b(?:trace|track|find|locate|look\s+(?:up|for|into)|search\s+for|check\s+on|dig\s+up|hunt\s+down)\s+"
    r"(?:down\s+)?(?:the|that|this|an?|those|these|his|her|their|my|our)\s+(?:\w+\s+)?(?:e-?mail|message|mail)s?\b"
    # ("look up the mail forwarding on Tom's mailbox", "find the email address of Tom": a setting, read)
    r"(?!\s+(?:forward\w*|settings?|address\w*|rules?|flow|permissions?|access|delegat\w*|box\w*|"
    r"accounts?|aliases|alias|lists?|groups?|quota|size))"
    # "did Liam Brown's email reach sales@", "did the message I sent to Tom arrive"
    r"|\bdid\s+(?:[\w.@'’-]+\s+){0,3}?(?:e-?mail|message|mail)s?\s+(?:(?:[\w.@'’-]+\s+){0,6}?)"
    r"(?:reach|arrive|get\s+(?:to|through|delivered)|go\s+(?:through|out)|bounce|land)\b"
    # "the email Olivia Martin sent to john@...", "a message she sent to Tom yesterday": a message sent once
    r"|\b(?:the|that|this|an?|those|these)\s+(?:e-?mail|message|mail)s?\s+(?:that\s+|which\s+)?"
    r"(?:(?!(?:is|are|gets?|got|being|be|was|were|has|have|that|which|to|should|will|must)\b)[\w.@'’-]+\s+){1,3}"
    r"(?:sent|mailed|wrote|emailed)\s+(?:out\s+)?(?:to|at)\b",
    re.IGNORECASE,
    # (each part above names a mail or message as a word of its own)
    cue=r"(?:mail|message)s?\b",
)
# "Emails sent to the UK Office mailbox are bouncing with 550 5.7.1. Please investigate.": mail that fails to
# be delivered, and an investigation asked (no change): a delivery fault, which no action looks into (batch 40
# asked which mailbox). A bounce told as why a change is asked ("remove pat.gone@ from all-sales, mail to it
# bounces") asks no investigation, and is read as the change.
DELIVERY_FAULT: Final = LazyPattern(
    r"\b(?:bounc(?:e|es|ed|ing)|bounce-?backs?|ndrs?|non-?delivery|undeliver(?:able|ed)|not\s+(?:being\s+)?"
    r"delivered|delivery\s+(?:failure|failed|fails|errors?|problems?|issues?)|5\.\d\.\d{1,3})\b",
    re.IGNORECASE,
    cue=r"(?i:bounc|ndr|deliver|5\.\d)",
)
DELIVERY_INVESTIGATED: Final = LazyPattern(
    r"\b(?:investigate|look\s+into|troubleshoot|diagnose|find\s+out\s+why|figure\s+out\s+why|check\s+why|"
    r"see\s+why|work\s+out\s+why)\b",
    re.IGNORECASE,
)
DELIVERY_FAULT_SAY: Final = (
    "mailwarden cannot investigate mail that bounces or is not delivered; an admin can run a message trace "
    "and check the mail flow in the Exchange admin center. It changes who can open, send from or get mail "
    "for a mailbox, not how mail is delivered."
)
# "why do my emails to Vera keep landing in her junk folder?", "our newsletters get marked as spam", "check
# the spam filter": where delivered mail is filed by a filter (deliverability), which no action changes; read
# as a question about a person, it planned an access report on the outsider named (batch 36)
MAIL_FILTERING: Final = LazyPattern(
    r"\b(?:land\w*|go(?:es|ing)?|went|gone|end(?:s|ed|ing)?\s+up|wind(?:s|ing)?\s+up|fall(?:s|ing)?|"
    r"(?:get|gets|got|getting|are|is|being|been|was|were)\s+(?:sent|put|moved|dumped|filed|delivered|going))"
    r"\s+(?:straight\s+|right\s+|directly\s+)?(?:in|into|to)\s+(?:(?:the|a|her|his|their|my|our|your|its)\s+)?"
    r"(?:junk|spam|clutter|quarantine)\b"
    r"|\b(?:marked|flagged|filtered|caught|classified|treated|tagged|blocked)\s+(?:as|by\s+(?:the\s+)?)"
    r"(?:junk|spam)\b|\b(?:spam|junk)\s*(?:filters?|filtering|scores?)\b|\bdeliverability\b|\bquarantined\b",
    re.IGNORECASE,
    cue=r"(?i:junk|spam|clutter|quarantin|deliverab)",
)
MAIL_FILTERING_SAY: Final = (
    "mailwarden cannot change where delivered mail is filed (junk or spam folders, spam filtering, "
    "quarantine or deliverability); ask an admin to check the message trace and the filtering policies in "
    "the Exchange admin center. It changes who can open, send from or get mail for a mailbox."
)
# "pull the phishing email that went to all-sales out of everyone's inbox", "purge that message from all
# mailboxes", "recall the email I sent": taking delivered messages out of mailboxes, which no action does,
# whatever list or mailbox the message went to (batch 34 read it as a removal from all-sales); never a
# setting ("remove the email forwarding", "delete the email alias", "remove the email tom@ from the list").
# "Pull the <mails>" ending its sentence is the work the access is for ("full access ... to pull the forecast
# emails.": batch 40 read it as a purge, not understood); with anything after the mails (where from, where
# to, who sent them, "then forward them to ...") it is about the messages, which no action does (red team 65:
# "..., then forward them to john@partnerfirm" forwarded the grantee's whole mailbox outside)
MESSAGE_PURGE: Final = LazyPattern(
    r"\b(?:pull(?![^.;!?\n]{0,80}?\b(?:e-?mail|message|mail)s?[ \t]*(?:[.!?;]|\n|$))"
    r"|purge|remove|delete|recall|retract|wipe|clear|take|get\s+rid\s+of|zap|scrub|clean)\s+"
    r"(?:back\s+|out\s+)?(?:the|that|this|an?|those|these|all|every|any)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:e-?mail|message|mail)s?(?![\w-])(?!\s*[\w.+-]*@)"
    r"(?!\s+(?:forward\w*|settings?|address\w*|rules?|flow|permissions?|access|delegat\w*|box\w*|accounts?|"
    r"aliases|alias|lists?|groups?|distribution|dls?|dgs?|quota|size|signature|domain|enabled|contact|"
    r"users?|recipients?)\b)",
    re.IGNORECASE,
    cue=r"(?:mail|message)s?(?![\w-])",
)
# "... to read the forecast emails, then forward them to Ava": the messages just named sent on, which no
# action does; read as forwarding it forwarded the grantee's whole mailbox (red team 65). A pronoun after
# "forward" that stands for messages said before it in the sentence.
MESSAGE_FORWARD: Final = LazyPattern(
    r"\b(?:e-?mails?|messages?|mails|invoices?|attachments?|threads?|files?|documents?|reports?|quotes?)\b"
    r"[^.;!?\n]{0,80}?\b(?:forward|send|pass)\s+(?:them|those|these|it|that|this|each)\b"
    r"(?:\s+(?:one|on|along|over))?\s+(?:on\s+)?to\b",
    re.IGNORECASE,
)
# "Forward Finance's March invoices to Ava Johnson": documents named as what is forwarded are messages, not a
# mailbox's mail (read as forwarding, it sent all of Finance's mail to Ava: red team 66). "Forward Tom's email
# to Ava" stays a mailbox's forwarding, as the corpus reads it.
MESSAGE_FORWARD_NAMED: Final = LazyPattern(
    r"\bforward\s+(?:[\w'’.@-]+\s+){0,4}?(?:invoices?|attachments?|threads?|files?|documents?|reports?|quotes?"
    r"|receipts?|statements?|orders?|contracts?|newsletters?|tickets?|spreadsheets?|slides?|decks?|pdfs?)"
    r"\s+(?:[\w'’.@-]+\s+){0,3}?(?:on\s+)?to\b",
    re.IGNORECASE,
)
# "Actually wait, Mike hasn't approved Finance yet", "Actually, Mike only approved Finance", "Actually, Mike
# has approved now": a correction that speaks of an approval corrects no trustee (read as one, Mike was
# granted every right asked for Tom: red team 66); which part may go ahead is asked
CORRECTION_OF_APPROVAL: Final = LazyPattern(
    r"(?:^|[.!?;\n]\s*)(?:actually|wait|hold on|hang on|sorry)\b[^.!?\n]{0,80}?"
    r"\b(?:approv\w*|sign(?:ed|s)?\s+off|ok['’]?d|okayed|okay['’]?d|green[- ]?lit|agreed)\b",
    re.IGNORECASE,
)
CORRECTION_OF_APPROVAL_ASK: Final = (
    "The request says {said!r}: which part of the change is approved and may go ahead now? Send the parts "
    "that may go ahead (nothing is planned until then)."
)
# "Make it so Tom can't be removed from all-sales", "... can't lose access to Finance": a state wished where
# a removal is ruled out (keep what is there); read as a removal it took away what it meant to keep (rt66)
WISHED_NOT_REMOVED: Final = LazyPattern(
    r"\b(?:can['’]?t|cannot|can\s+not|won['’]?t|will\s+not|never)\s+(?:ever\s+)?(?:be\s+(?:removed|taken|dropped|"
    r"kicked|revoked|deleted|unsubscribed)|lose|losing|get\s+(?:removed|dropped|kicked))\b",
    re.IGNORECASE,
)
# (nlu110) "Make it so nobody but Tom Becker can get into Finance", "Only Tom Becker should have access to
# Finance": access said to be one person's alone takes it from everyone else who has it; planned as a grant
# to Tom, the others kept theirs (red team 66): asked
ACCESS_ALONE: Final = LazyPattern(
    r"\b(?:(?:nobody|no\s*-?\s*one|none|no\s+other\s+(?:person|people|user|one))\s+(?:but|except(?:\s+for)?|other\s+than"
    r"|apart\s+from|besides|save)|only)\s+(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*)?"
    r"(?:\s+(?:and|&)\s+(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*)?)?"
    r"\s+(?:should\s+|can\s+|may\s+|is\s+to\s+|must\s+|will\s+|gets?\s+to\s+)?(?:still\s+)?"
    r"(?:have|has|get\s+(?:into|in)|access|open|see|read|be\s+able\s+to|keep)\b",
    re.IGNORECASE,
    cue=r"\b(?:nobody|no|none|only)\b",
)
ACCESS_ALONE_ASK: Final = (
    "The request says {said!r}: should everyone else lose that access too, or should only that person be "
    "given it (the others keep theirs)? Say who should lose it, if anyone."
)
WISHED_NOT_REMOVED_SAY: Final = (
    "The request asks that something can never be removed; mailwarden cannot lock a membership or a right "
    "against later changes. Nothing was planned; to give the access now, ask for it as a grant."
)
MESSAGE_FORWARD_SAY: Final = (
    "mailwarden cannot forward single messages; forward them from Outlook. It forwards a whole mailbox "
    '(say "forward all of X\'s mail to Y"), changes rights and list membership.'
)
MESSAGE_PURGE_SAY: Final = (
    "mailwarden cannot pull, delete or recall messages already delivered to mailboxes; an admin can search "
    "for and purge them (a content search and purge in Microsoft Purview). It changes forwarding, rights and "
    "list membership, not single messages."
)
# "Temporary: ...", "temporarily give ...": a grant meant to end; with no end said, how long is a question.
TEMPORARY: Final = LazyPattern(r"\b(?:temporar\w*|for a while|for now|short[- ]term|interim)\b")
# "from Monday to Friday", "between the 9th and the 13th", "starting tomorrow until Friday": access over a
# window that opens later; no grant can be scheduled to start later, so it is asked (never made permanent,
# never started now). A window that opens now ("from today until Friday") is an end date like any other.
_WINDOW_DAY: Final = (
    r"(?:today|now|right now|immediately|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|(?:the\s+)?(?:start|beginning|end)\s+of\s+(?:the\s+)?(?:week|month)|week|month|\d{4}-\d{2}-\d{2}"
    r"|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:of\s+)?[a-z]{3,9}\.?)?|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?)"
)
TIME_WINDOW: Final = LazyPattern(
    r"\b(?:from|starting(?:\s+(?:from|on))?|beginning(?:\s+on)?|between|as of)\s+"
    r"(?:(?:this|next|the coming|coming)\s+)?(?P<start>" + _WINDOW_DAY + r")\s*,?\s*"
    r"(?:to|until|till|til|through|thru|and|-|–)\s+(?:(?:this|next|the coming|coming)\s+)?"
    + _WINDOW_DAY
    + r"\b"
)
WINDOW_OPENS_NOW: Final = frozenset({"today", "now", "right now", "immediately"})
# (nlu111, red team 66) "From: Monday\nTo: Friday", "From: 2 March\nTo: 6 March": a "From:" line and a "To:"
# line under it whose values are days are a window, never a mail's header block (read as one, the end was
# dropped and the grant made for good): read as "until <To>" when it opens now, else as a later start
_NLU111_WINDOW_VALUE: Final = (
    # ("From: next Monday": the week said is part of the day, or the start read as today's Monday: nlu117)
    r"[ \t]*(?P<day>(?:(?:this|next|the coming|coming)\s+)?" + _WINDOW_DAY + r"(?:,?\s+\d{4})?)[ \t.]*"
)
NLU111_WINDOW_FROM_LINE: Final = LazyPattern(r"[ \t]*from[ \t]*:" + _NLU111_WINDOW_VALUE, re.IGNORECASE)
NLU111_WINDOW_TO_LINE: Final = LazyPattern(
    r"[ \t]*(?:to|until|till)[ \t]*:" + _NLU111_WINDOW_VALUE, re.IGNORECASE
)
# (the same pair said "Start:" and "End:" under a request in sentences, no form around it: "...\nStart:
# Wednesday\nEnd: Friday" kept the end and made the grant at once, days before it was asked to start)
NLU111_WINDOW_START_LINE: Final = LazyPattern(
    r"[ \t]*(?:start|starts|start\s+date|begin|begins)[ \t]*:" + _NLU111_WINDOW_VALUE, re.IGNORECASE
)
NLU111_WINDOW_END_LINE: Final = LazyPattern(
    r"[ \t]*(?:end|ends|end\s+date|until|expires?|expiry)[ \t]*:" + _NLU111_WINDOW_VALUE, re.IGNORECASE
)
NLU111_WINDOW_NOW_SAY: Final = "Until {end}."
# (nlu117, red team 68) An end said on a line of its own, or after a dash on the start's line ("To: Fri",
# "To: 06/03/2026", "To: Friday 5pm", "From: Monday - To: Friday", "End: 13/03"): whatever form its day takes
# (an abbreviation, a number, a time with it), it says when the change ends. A grant planned with no end
# beside it read the line as a mail's header, or could not read the day: the end is asked, never for good.
_NLU117_DAY_SAID: Final = (
    # (a day or month in its name or its short form, never any word it starts: "To: Jane Doe", "To: Mark",
    # "To: Sunil" are a mail's header naming a person; nlu118 asked the end of a forwarded mail's "To: Jane")
    r"(?:(?:this|next|the|coming)\s+)?(?:(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
    r"|today|tomorrow|tonight|eod|eow|eom|end\s+of|midnight|noon"
    r"|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?"
    r"|\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)(?![\w@])"
)
NLU117_END_LINE: Final = LazyPattern(
    r"(?:^|\n|[ \t][-–—|][ \t]*)[ \t]*(?:[-*•][ \t]*)?"
    r"(?:to|until|till|til|through|thru|end|ends|end\s+date|expires?|expiry|finish|finishes)[ \t]*:[ \t]*"
    + _NLU117_DAY_SAID
    # (nor a month that is a person's first name, with a surname or an address after it: "To: June Lee
    # <june.lee@...>" is a mail's header; nlu118)
    + r"(?![ \t]*[<(\[]|[ \t]*[\w.+'-]+@|[ \t]+(?!(?:morning|afternoon|evening|night|noon|midnight|lunch|"
    r"close|inclusive|week|weekend|end|at|by|the|\d)\b)(?-i:[A-Z][a-z'’-]+)\b)",
    re.IGNORECASE,
)
# "Short description: Temporary mailbox access": "temporary" said in a ticket's title, whose body the
# request is read from, says the change ends as much as it does in the body (red team 68 granted for good).
# (A Subject or Title line is not one of these: its length goes on the body's grant, NLU95_SUBJECT_LINE)
NLU117_TITLE_LINE: Final = LazyPattern(
    r"^[ \t]*(?:short\s+description|summary|request)[ \t]*:[^\n]*", re.IGNORECASE | re.MULTILINE
)
NLU117_END_UNREAD_ASK: Final = (
    "The request says when the change ends ({said!r}), but I could not read that end: say it again "
    '(for example "until Friday" or "until 6 March").'
)
NLU111_WINDOW_LATER_SAY: Final = "Starting {start} until {end}."
# A day still to come, said as when something begins ("next week", "Monday", "the 10th", "March 10"); never
# today or now, which is simply at once.
_LATER_DAY: Final = (
    r"(?:(?:this|next|the coming|coming)\s+)?"
    r"(?:tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri"
    r"|\d{4}-\d{2}-\d{2}|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)(?:\s+(?:of\s+)?[a-z]{3,9}\.?)?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    # ("9 March", "9 Mar": the day's number with no ordinal, its month after; nlu82)
    r"|\d{1,2}\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?)"
    r"|(?:this|next|the coming|coming)\s+(?:week|weekend|month|quarter|year)"
)
# "Starting next week, ...", "... from Monday", "as of the 10th", "effective tomorrow": a start said without
# an end (TIME_WINDOW has both). No change can be scheduled to start later, so it is asked, never made now.
# (nlu158) "... from April", "... after June", "starting in July", "after Friday": a month said bare, or any
# later day after "after", is a start too (main took Liam off Marketing at once for "... after June"); "may"
# only where nothing follows it ("from may list" is no month)
_LATER_MONTH: Final = (
    r"(?:(?:the\s+(?:start|beginning|end)\s+of\s+)?(?:january|february|march|april|june|july|august|september|"
    r"october|november|december|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec|may(?=\s*(?:[.,;!?]|$|on\b))))"
)
LATER_START: Final = LazyPattern(
    r"\b(?:starting(?:\s+(?:from|on|in))?|from|as (?:of|from)|effective(?:\s+(?:from|on|as of))?"
    r"|beginning(?:\s+(?:from|on|in))?|commencing(?:\s+on)?)\s+(?:on\s+)?(?:" + _LATER_DAY + r")\b"
    r"|\b(?:starting(?:\s+(?:from|in))?|from|as (?:of|from)|after|effective(?:\s+(?:from|as of))?"
    r"|beginning(?:\s+(?:from|in))?|commencing)\s+(?:" + _LATER_MONTH + r")\b"
    r"|\bafter\s+(?:" + _LATER_DAY + r")\b"
)
# "for next week", "for next month": a span that starts later, read as its end by the duration reader, so
# looked for before it is cut ("for the next week" is from now on; nlu82, red team 52 G3)
SPAN_STARTS_LATER: Final = LazyPattern(r"\bfor\s+next\s+(?:week|weekend|month|quarter)\b")
# "send on behalf for hr@, but not until Friday", "keep it as is until Friday": a start said as a wait before
# it (read as a negation, or as a modifier, it was cut and the change made now); said as "from Friday"
START_AS_WAIT: Final = LazyPattern(
    r"\b(?:(?:but|and)\s+)?(?:not\s+(?:until|till|til|before)|(?:keep|leave)\s+(?:it|that|things|everything)\s+"
    r"(?:as\s+(?:it\s+)?is|unchanged|the\s+same|alone)\s+(?:until|till|til))\s+(?="
    + _LATER_DAY
    # ("..., but not until April": a month waited for, the same; red team 83 H6 removed Liam at once; rt83a)
    + r"|"
    + _LATER_MONTH
    + r")",
    re.IGNORECASE,
    # (until, till, til or before)
    cue=r"til|before",
)
START_AS_WAIT_SAY: Final = "from "
# "..., but not before Ken Adams leaves": a wait for an event, said as the event a later start waits for
START_AS_WAIT_EVENT: Final = LazyPattern(
    r"\b(?:(?:but|and)\s+)?not\s+(?:until|till|til|before)\s+", re.IGNORECASE
)
START_AS_WAIT_EVENT_SAY: Final = "once "
# "She is covering for Christine next month", "his contract ended Friday": what someone is doing or what
# happened, told with a day; a reason beside the change asked for, never a change of its own waiting to start
# (one that gets, loses or is given something is a change: SUBJECT_GETS and the readings before it)
TOLD_WITH_DAY: Final = LazyPattern(
    # ("she's leaving friday": the verb's "is" said short)
    r"^(?:and\s+|but\s+|as\s+|since\s+|because\s+)?"
    r"(?:§\d+§?(?:'s)?|(?:he|she)(?:'s)?|they(?:'re)?|his|her|their"
    # ("take everybody off Contractors apart from Lucas, the others finished on Friday": the ones the change
    # is for, said as the rest of those named; batch 39 read the day as a start)
    r"|(?:the\s+)?(?:others|other\s+(?:ones|two|three)|rest(?:\s+of\s+them)?)|(?:everyone|everybody)\s+else)"
    # ("his contract ended Friday": what of theirs, never a right or a mailbox)
    r"(?:\s+(?!access|rights?|permissions?|mail|e-?mails?|forwarding|send|full|calendar|mailbox|inbox)[a-z]+)?\s+"
    r"(?:(?:is|are|was|were|has|have|had|'s|'re|will be)\s+)?(?:already\s+|just\s+|also\s+)?"
    # ("she is starting there next month", "is joining Monday": the day the change waits for, asked)
    r"(?!(?:getting|receiving|gaining|losing|being|given|granted|added|removed|revoked|taken|dropped|deleted"
    r"|forwarded|redirected|shared|created|starting|joining|beginning|commencing|moving|returning|coming"
    r"|transferring|switching|moved\s+to\s+§)\b)"
    r"[a-z]+(?:ing|ed)\b(?!\s+(?:to|on|from|in)\s+§)"
    # ("Ken Adams joined Monday and needs it too": a change asked for in the same breath)
    r"(?!.*\b(?:needs?|wants?|should|must|can|could|too|same|also|as well|please|requires?)\b)",
    re.IGNORECASE,
)
# "Could I join Finance Team? I'm doing their laptop refresh this month", "..., she is joining the steering
# group from this week": what someone is doing, and from when, told as why they join a list; the work has a
# day, the joining none (rules: only where every change planned is a list membership; nlu49)
WORK_TOLD_WITH_DAY: Final = LazyPattern(
    r"^(?:and\s+|but\s+|as\s+|since\s+|because\s+)?"
    r"(?:§\d+§?\s*(?:'m|'s|'re|\s+(?:am|is|are|will\s+be))|i\s*'?m|i\s+am|i\s+will\s+be|i\s*'ll\s+be|we\s*'?re|we\s+are|"
    r"(?:he|she)(?:\s*'s|\s+is|\s+will\s+be)|they(?:\s*'re|\s+are|\s+will\s+be))\s+(?:also\s+|now\s+|just\s+)?"
    r"(?!getting|receiving|gaining|losing|being|leaving|moving|transferring|switching|returning|coming|going)"
    r"[a-z]{2,}ing\s+(?:(?:the|their|his|her|a|an|our|my|its|some|this|§\d+§?)\s+)"
    r"(?!(?:list|dl|group|mailbox|inbox|calendar|team)\b)(?:[a-z][\w&/-]*\s+){0,3}?[a-z][\w&/-]*\s+"
    r"(?:(?:from|starting|as\s+of|for|during|over|throughout)\s+)?(?:" + _LATER_DAY + r")"
    r"(?:\s+(?:on|onwards|already))?\s*[.!]?$",
)
# "Can you remove me from all-sales? I'm moving over to ops next week": someone moving to a team the tenant
# has no list or mailbox for, told with a day after a removal; why the removal is asked, never when it
# starts (rules._move_told: only where every change planned takes something away; a grant waits, asked)
TAKING_CHANGES: Final = frozenset({"remove", "revoke", "clear", "delete"})
MOVE_TOLD_WITH_DAY: Final = LazyPattern(
    r"^(?:and\s+|but\s+|as\s+|since\s+|because\s+)?"
    # (nlu154: "..., moving to the sales team next week": the writer's move, said with no subject)
    r"(?:(?:§\d+§?\s*(?:'m|'s|'re|\s+(?:am|is|are|will be))|i'?m|i am|i will be|i'll be|"
    r"(?:he|she)(?:'s|\s+is)|they(?:'re|\s+are))\s+)?"
    r"(?:moving|transferring|switching|changing teams|going)\s+(?:over\s+|across\s+|back\s+)?(?:to|into)\s+"
    # ("I'm moving to Sales next month": a department the tenant has a list or mailbox for is still only where
    # the writer goes; "moving to" takes no object, nlu102)
    r"(?:the\s+)?(?:(?P<named>§\d+§?)|[a-z][\w&-]*)(?:\s+(?:team|dept|department|side|group))?\s+"
    r"(?:" + _LATER_DAY + r")\s*[.!]?$",
    re.IGNORECASE,
)
# (nlu161) who is said to move, at the start of a move told with its day ("§0'm moving to §1 next week"; none
# said: the writer's own, nlu154)
NLU161_MOVE_SUBJECT: Final = LazyPattern(
    r"^(?:(?:and|but|as|since|because)\s+)?(?:§(?P<n>\d+)(?!\d)§?)?", re.IGNORECASE
)
# "add me to project atlas, starting on it this week": when the requester starts the work, told after the
# change as its reason (cut from the clause's end); no start of the change
WORK_START_TOLD: Final = LazyPattern(
    r",\s*(?:(?:as|since|because)\s+)?(?:(?:i'?m|i am|we'?re|we are|§\d+§?\s*'?m)\s+)?"
    r"(?:starting|beginning|kicking off)\s+(?:work\s+)?on\s+(?:it|this|that|them|the project)\b[^,;]*$"
)
# "..., so from then on I need send as": a change tied to a start said before it
FROM_THEN: Final = LazyPattern(
    r"\b(?:from then|from that (?:day|date|point|time)|then on|starting then|by then|at that point|"
    r"when (?:that|it) (?:starts|begins|happens))\b"
)
# "Ken needs full access to support. From Wednesday.", "Start: next Monday": a start said alone, after the
# change it is for (or before it)
START_ALONE: Final = LazyPattern(
    r"^(?:(?:start(?:s|ing)?|start date|begin(?:s|ning)?|from|as (?:of|from)|effective|commencing)"
    r"(?:\s+(?:from|on|as of))?\s*:?\s*)?(?:on\s+)?(?:"
    + _LATER_DAY
    + r")(?:\s+on(?:wards)?)?(?:\s*,?\s*(?:please|pls|thanks|thank you))?\s*[.!]?$"
)
# "Start: next Monday": the field's name, the start said after its colon
START_FIELD: Final = LazyPattern(r"^(?:start(?:s|ing)?|start date|begin(?:s|ning)?|effective(?: date)?)\s*$")
# "Tomorrow, please add Noah ...", "On Monday, give Ava ...", "... to Marketing on Friday": the day the change
# is for, said first or last in its clause (after BOUND_DAY_WORDS it bounds the change instead: "by Friday")
LATER_DAY_LEAD: Final = LazyPattern(
    r"^(?:on\s+)?(?:" + _LATER_DAY + r")\b\s*(?:,|$|(?=please\b|can\b|could\b))"
)
LATER_DAY_TAIL: Final = LazyPattern(r"(?<![\w-])(?:on\s+)?(?:" + _LATER_DAY + r")\s*(?:please\s*)?[.!?]?\s*$")
BOUND_DAY_WORDS: Final = frozenset(
    _words("until till til through thru by before to ending ends since than from starting beginning of as")
)
# "Once Mike leaves on Friday, ...", "After Tom goes on leave on Wednesday, ...", "as soon as she is back":
# a leading clause naming an event still to come, which the change should wait for (a past one, "after Tom
# left", is only context)
LATER_EVENT: Final = LazyPattern(
    r"^(?:once|as soon as|after|when|whenever)\s+"
    r"(?![^,]*\b(?<!has\s)(?:left|went|moved|joined|started|returned|was|were"
    r"|had|did|last|yesterday|ago|you get a chance|you can|you have)\b)[^,]*?"
    r"(?:\b(?:leaves?|goes|returns?|starts?|joins?|moves?|is back|comes back|gets back"
    r"|is (?:out|away|off|gone)|will|has left|has gone|is gone)\b|\b(?:on\s+)?(?:" + _LATER_DAY + r")\b)"
)
# "no members for now", "empty for now": how a new list starts, not a change meant to end
NOT_TEMPORARY: Final = LazyPattern(
    r"\b(?:no|without)\s+(?:members?|one|people|users)\s+(?:yet\s+)?(?:for now|for a while)\b"
    r"|\bempty for now\b"
    # "X is leaving next month, but for now give ...": now set against a later plan, no end of this grant
    r"|\bbut for now\b"
    # "with only Sam Taylor in it for now": who a new list starts with
    r"|\b(?:only|just)\s+[^.;]*?\s+(?:in|on)\s+(?:it|the list|there)\s+for now\b"
)
# The one asking, never the one a change is for (engine.speakers): a person who is the subject of a
# speech or request verb ("Maria asked whether Ava could ...", "my manager asked me to get ...", "Tom said
# ..."), or whose request it is ("on behalf of Maria", "at Maria's request").
SPEECH_VERB: Final = LazyPattern(
    # "Grace Hopper from IT asked me ...", "Tom (Finance) requested ...": where the one asking works, said
    # between (only before asking: "Maria from HR mentioned that ..." is hearsay, asked about)
    # "Olivia Martin, our CEO, asked that ...": who the one asking is, said between commas
    r"^\s*(?:(?:from\s+(?:the\s+)?(?:§\d+|[\w&-]+)(?:\s+team)?\s+|\(\s*[^()]{1,30}\)\s+|"
    r",\s*(?:our|the|my|your|their)\s+[\w&'§ -]{1,30}?,\s*)"
    # ("Maria Garcia (HR) is asking on behalf of Olivia ...": the same, asking now; nlu147)
    r"(?=(?:(?:has|had|just|also|is|was)\s+)*(?:asked|requested|asking|asks|requests)\b))?"
    # "Priya Patel, my manager, asked ...", "Grace, my manager, said I ...": the comma closing the second
    # name for the same person
    r"(?:,\s*(?=(?:(?:has|had|just|also)\s+)*(?:asked|requested|said|says|told)\b))?"
    # "sam is travelling and asked me to cover it", "Mike is off and has asked ...": one subject for both
    # verbs of a coordination; the absence told first keeps the one away the one asking (nlu102)
    # ("sam's away and asked": "sam's" is read as one mention, the verb gone as in AWAY_TOLD)
    r"(?:(?:(?:is|'s|was|are|'re|were)\s+)?(?:(?:now|currently|still)\s+)?(?:away|out|off|travell?ing|abroad|"
    r"on\s+(?:(?:parental|maternity|paternity|sick|annual)\s+)?(?:leave|holiday|vacation))\s+and\s+"
    # (only asking: "sam is away and said he needs it" tells what someone needs, asked as before)
    r"(?=(?:(?:has|had|just|also)\s+)*(?:asked|requested)\b))?"
    r"(?:(?:has|had|have|just|also|kindly|'m|am|are|'re|was|were|is|really|still|also|strongly)\s+)*"
    + r"(?:"
    + one_of(SPEECH_VERBS | CONTACTING_VERBS | {"request"})
    # "Sarah Connor is writing to give Rachel ...", "Tom wrote in to ask ...": the writer is the one asking,
    # only with what the writing is for said next (nlu147; "Sarah wrote the policy" is no speech)
    + r"|(?:writing|writes|wrote|emailing|e-mailing|messaging)(?:\s+in)?(?=\s+(?:to\s+(?!§)|that\b|asking\b|"
    r"on\s+behalf\b|because\b|about\b|[-:,–—]))"
    # (a view only with its clause after: a subject, "that" or someone named)
    + r"|"
    + one_of(THINKING_VERBS)
    + r"(?=\s+(?:that\s+)?(?:he|she|they|§\d)\b)"
    # "Mike Smith confirmed she should have full access to billing@": who confirms only vouches for it; the
    # he/she after is whom the change is for, never the one confirming (batch 50 granted Mike; nlu155)
    + r"|"
    + one_of(NLU155_ATTESTING_VERBS)
    + r"(?=\s+(?:that\s+)?(?:he|she|they|§\d+)\s+(?:should|can|could|may|"
    r"must|needs?\s+to|is\s+to|is\s+allowed\s+to|gets?|has\s+to|will\s+need)\b))" + r"\b\s*"
)
# "share olivia's calendar with me, editor - she asked for it": who asked for the request itself, said
# after it with a pronoun; no one passed on, and whom the request is for is said before
ASKED_FOR_IT: Final = LazyPattern(
    r"(?:[,;:(]|\s-)\s*(?:and\s+|since\s+|as\s+|because\s+)?(?:he|she|they)\s+(?:has\s+|have\s+|already\s+)*"
    r"(?:asked for|requested|wants|wanted|approved|okayed|agreed to)\s+(?:it|this|that)\s*\)?\W*$"
)
# A change verb said anywhere in a clause ("please add her"): rules._Reader.read asks whom a pronoun left
# unresolved means, rather than dropping the clause
CHANGE_VERB_SAID: Final = LazyPattern(r"\b" + one_of(CHANGE_VERBS) + r"\b")
# "Liam asked to see my calendar", "Tom has asked to be added to all-sales": asking for oneself, to receive or
# use something; the one asking is whom it is for, not a speaker passing on someone else's request
ASKED_FOR_SELF: Final = LazyPattern(
    r"^\s*(?:(?:has|had|have|just|also)\s+)*"
    + one_of(frozenset(_words("asked asks asking")) | REQUESTING_VERBS)
    + r"\s+(?:if he could\s+|"
    r"if she could\s+)?to\s+(?:be\s+(?:added|given|granted|put|included|able to|removed|taken off|dropped)|"
    r"leave|see|view|read|access|open|join|get|have|use|look at|send as|send on behalf)\b"
)
# "Liam Brown needs Priya Patel's calendar shared with him": a him/her/them the thing the one wanting needs is
# shared with, no one else named, is that one (the calendar's owner never shares it with themselves); their
# own need, never one passed on for someone unnamed (engine.speakers; batch 52 asked whom it is for; nlu161)
NLU161_NEEDS_SHARED_WITH_SELF: Final = LazyPattern(
    r"^\s*(?:(?:really|also|just|only|now|urgently)\s+)?(?:needs|wants|would\s+like|'d\s+like|needed|wanted)\s+"
    r"(?:(?:§\d+(?!\d)§?|my|our|the|his|her|their)\s+)?(?:[\w-]+\s+){0,2}?(?:calendar|diary|schedule|mailbox|inbox)"
    r"\s+(?:to\s+be\s+)?(?:shared|opened\s+up)\s+(?:with|to)\s+§(?P<pronoun>\d+)(?!\d)§?(?=\s|$|[,.;!?])",
    re.IGNORECASE,
)
# "Olivia, our CEO, asked for full access to info@", "Tom requested send as on sales@": a right asked for with
# no one else named after it is for the one asking (engine.speakers checks no one is named after)
ASKED_FOR_RIGHT: Final = LazyPattern(
    r"^\s*(?:,\s*(?:our|the|my|your|their)\s+[\w&'§ -]{1,30}?,\s*)?"
    r"(?:(?:has|had|have|just|also|is|was|'s)\s+)*"
    + one_of(frozenset(_words("asked asks asking")) | REQUESTING_VERBS | {"request"})
    + r"\s+(?:for\s+)?(?:the\s+|some\s+)?"
    r"(?:full[- ]access|send[- ]?as|send[- ]on[- ]behalf|access|permission|(?:§\d+§?\s+)?membership)\b"
)
# "Lucas asked for him on the data migration": a him/her the one asking asked for is the object of their own
# verb, so never them (a reflexive would be): it stands for someone named before, as any object pronoun
# does, and does not make the one asking unsure (engine.speakers; batch 42)
ASKED_FOR_PRONOUN: Final = LazyPattern(
    r"^\s*(?:(?:has|had|have|just|also|specifically)\s+)*"
    + one_of(frozenset(_words("asked asks")) | REQUESTING_VERBS)
    + r"\s+for\s+§(?P<pronoun>\d+)(?!\d)§?(?=\s|$|[,.;])"
)
# "Tom wants to know when Olivia is free, so share her calendar": wanting to know when someone is free is
# needing to see a calendar (SUBJECT_NEEDS_TO_SEE), not passing on a question; the one who wants is no speaker
KNOWS_AVAILABILITY: Final = LazyPattern(
    r"^\s*(?:(?:only|just|also|really)\s+)?(?:wants|would like|needs|has)\s+to\s+know\s+when\s+"
    r"(?:§\d+§?|he|she|they|[a-z]+)\s+(?:is|are|will be|'s)\s+"
    r"(?:free|busy|available|around|away|out|in meetings)\b"
)
# "Sarah was wondering if you could give her full access to hr@", "Tom asked whether he could get send as":
# asking whether you (or they) could: a pronoun after it, with no one else named, is the one asking
# (engine.speakers); "Maria said he needs ..." tells of someone else, and is asked
ASKED_OF_YOU: Final = LazyPattern(
    r"^\s*(?:if|whether)\s+(?:you|u|we|he|she|they|it)\s+(?:could|can|would|might|may)\b"
)
ASKING_SPEECH: Final = LazyPattern(one_of(ASKING_VERBS | REQUESTING_VERBS) + r"\s*$")
# "The Former Employee account is still on all-sales, please remove it": a person's display name said with
# "account" ("the X account") names that recipient as a thing, so a later "it" in the same sentence may stand
# for it; with the account the sentence's subject and nothing else it could stand for but the list the account
# is told to be on, "remove it" takes the account off the list, never deletes the list (nlu122)
ACCOUNT_SAID_BEFORE: Final = LazyPattern(r"(?:^|[.!?\n]\s*)the\s+$")
ACCOUNT_SAID_AFTER: Final = LazyPattern(r"\s+account\s+(?:is|was|has\s+been)\s+(?:still\s+)?(?:on|in)\s")
ACCOUNT_IT_GAP: Final = LazyPattern(r"[^.!?\n]*")
# "send on behalf on my mailbox too please, she sends my invites": a right asked with no one to get it, then
# who does the work it is for, said as the subject of a verb of that work: the right is theirs ("... for
# her"), the he/she then read as any object pronoun is (one person named before: them; more: asked). Only a
# right opening its sentence (no one named before it in the sentence) and only a verb of work done with it
# (nlu122)
RIGHT_FOR_WORKER: Final = LazyPattern(
    r"(?:^|(?<=[.!?:\n]))(?P<lead>[ \t]*)"
    r"(?P<right>(?:(?:please|pls|plz|can\s+you|could\s+you)\s+)?(?:(?:also|and)\s+)?"
    r"(?:send\s+on\s+behalf|send[- ]?as|full\s+access)\s+(?:on|to|of|for)\s+"
    r"(?:my|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?['’]s|the\s+[\w-]+)\s+(?:mailbox|inbox))"
    r"(?P<tail>(?:\s+(?:too|as\s+well|also))?(?:\s+(?:please|pls|plz))?)"
    r"(?P<sep>\s*,\s*|\s+[-–—]\s+)(?P<who>he|she)\s+(?=(?:sends|books|handles|manages|answers|replies\s+to|"
    r"deals\s+with|looks\s+after|writes|runs|does)\b)",
    re.IGNORECASE | re.MULTILINE,
)
RIGHT_FOR_WORKER_OBJECT: Final = {"he": "him", "she": "her"}
# (nlu125, red team 70 class 4: nlu122's reading of a he/she after "X asked me to ..." as X is taken back;
# with no genders in the directory, "Liam Brown asked me to get her added" gave Liam the access: asked again)
# "... asked me to get him added to all-sales; he means Noah Davis, the new rep": whom the pronoun stands for,
# named right after it; the pronoun is read as that name (one him/her before it in its sentence only)
NLU125_PRONOUN_MEANS: Final = LazyPattern(
    r"[ \t]*[;,.\-–—][ \t]*(?:(?:he|she|they)[ \t]+(?:means|meant)|i[ \t]+mean[ \t]|"
    r"by[ \t]+(?:him|her)[ \t]+(?:he|she|they|i)[ \t]+(?:means?|meant))[ \t]*"
    r"(?P<name>(?-i:[A-Z])[\w'’-]+[ \t]+(?-i:[A-Z])[\w'’-]+)(?:,[^.;\n]*)?[ \t]*[.!]?[ \t]*$",
    re.IGNORECASE,
)
NLU125_OBJECT_PRONOUN: Final = LazyPattern(r"(?<![\w'’-])(?:him|her)(?![\w'’-])", re.IGNORECASE)

# "asked me to give Ava ...": the requester only does it; who gets it is said after
SPEECH_AGENT: Final = LazyPattern(
    # "Sarah asked me to remove Tom from all-sales": taking away is done by the requester too, never to them
    r"^\s*to\s+(?="
    + one_of(
        CHANGE_VERBS
        | frozenset(_words("request arrange pull end"))
        | {"set up", "make sure", "ask for", "sort out", "turn off"}
        # "Grace asked me to list the shared mailboxes", "... to show who has send as on support@": a read
        # the requester runs for them, never one more change for the requester (nlu44: "show who has send
        # as" was read as a grant of send as to the requester)
        | frozenset(_words("list show display view check audit review export report find"))
        | {"look up", "find out", "get a list", "get the list", "pull up", "run a report", "send over"}
    )
    + r"\b|get\s+§)"
)
# "Jane told me she needs full access": what was said, its "that" left out (a subject pronoun next)
SPEECH_BARE_CLAUSE: Final = LazyPattern(r"^\s*(?=(?:he|she|they)\s)")
# "Maria asked me to ask you to give Ken ...", "... to get you to add Emma ...": the requester passes the
# request on to IT; whoever gets it is said after, as after "asked me to give" (nlu74)
SPEECH_RELAY: Final = LazyPattern(
    r"^\s*to\s+(?:ask|get|have)\s+(?:you|u|it|the it team|the helpdesk)\s+(?=to\b)"
)
# "Olivia asked me to have you give Jane ...": the relay with a bare verb after it, no "to"
SPEECH_RELAY_BARE: Final = LazyPattern(
    r"^\s*to\s+(?:have|let|make)\s+(?:you|u|it|the it team|the helpdesk)\s+"
)
# ---- the requester as the one who tells, thinks or does, never whom a change is for (nlu74, red team 50) --
# "I think Liam needs access to sales@", "I believe Tom should ...": the requester's opinion, about Liam
REQUESTER_THINKS: Final = LazyPattern(
    r"^\s*(?:(?:really|just|also|do)\s+)?(?:think|believe|guess|reckon|suppose|feel|figure|assume|expect)\b"
    r"(?:\s+that\b)?"
)
# "I've been asked to get Chris full access to billing", "I was asked to add Emma ...": asked of the
# requester, who only does it (SPEECH_AGENT after)
REQUESTER_ASKED: Final = LazyPattern(
    r"^\s*(?:'ve|have|had|'d|was|were|am|'m|got|get)\s+(?:(?:been|just|also|now)\s+)*(?:asked|told)\s+"
    # "I was asked by Olivia to add Priya ...", "... by HR to remove Ken ...", "... by my manager to ...": who
    # asked, said before what; context, never whom the change is for (nlu76)
    r"(?:by\s+(?:(?!to\b)[\w&'§-]+\s+){1,4})?(?=to\b)"
)
# "I've been asked to add Emma to Marketing by HR": who asked, said at the end of a request passed on to the
# requester (REQUESTER_ASKED with no "by" of its own); "the list owned by Olivia" describes the list instead
REQUESTER_ASKED_BY_AFTER: Final = LazyPattern(
    r"(?<!owned)(?<!managed)(?<!run)(?<!used)(?<!shared)(?<!handled)(?<!created)"
    r"\s+by\s+(?:the\s+|my\s+|our\s+)?§\d+(?!\d)§?(?:\s+(?:team|department|dept))?\s*[.!]?\s*$"
)
# "Priya asked me if I could add Emma": the requester, asked whether they could, as subject of a change verb
# with someone else after it is the one doing it (engine.speakers checks the "if" before and the person
# after); not a verb the subject receives by ("if I could get send as"). "I will remove Liam" said alone is
# the requester's own doing, left to trace.py
REQUESTER_ASKED_IF: Final = LazyPattern(
    # "Olivia asked that I add Priya to Marketing": what the requester was asked to do, its "that" said
    r"\b(?:if|whether|(?:asked|asks|requested|requests|wants|said|says|suggested)\s+that)\s+$"
)
REQUESTER_DOES: Final = LazyPattern(
    r"^\s*(?:(?:could|can|would|will|should|might|may|'ll|'d|shall)\s+)?(?:(?:please|just|also|quickly)\s+)*"
    + one_of(CHANGE_VERBS - frozenset(_words("get have receive keep include subscribe enroll enrol")))
    + r"\s+(?=§)"
)
# "Please ping me when Liam has full access", "let me know once Tom is added": whom to tell when it is done
NOTIFY_ME_BEFORE: Final = LazyPattern(
    r"\b(?:ping|tell|notify|email|e-mail|message|text|call|update|let|inform|alert)\s+$"
)
NOTIFY_ME_AFTER: Final = LazyPattern(r"^\s*(?:know\s+)?(?:when|once|as soon as|after)\b")
# "Tom (FYI) - Chris needs ...", "ken -> info@ full access, olivia cc", "fyi Tom - ...": someone copied in
# is told, never whom a change is for (nlu65 did ticket fields; these are a message's own words)
TOLD_AFTER: Final = LazyPattern(
    r"^\s*(?:\(\s*(?:cc|cc'd|in cc|on cc|fyi|for info|for visibility|copied|copied in)\s*\)"
    r"|(?:is\s+|'s\s+)?(?:cc|cc'd|in cc|on cc|fyi|copied|copied in)\b(?=\s*(?:$|[-,;.!])))"
)
# "Give Liam send as on sales@ - Priya (owner) approved.": one said to approve at the end of the clause is
# the approver, told (nlu65 did the approving verb before the change)
APPROVED_AFTER: Final = LazyPattern(
    r"^\s*(?:\(\s*[\w' -]{1,30}\)\s*)?(?:(?:has|have|also|already)\s+)*"
    r"(?:approved|agreed|agrees|okayed|ok'd|signed off"
    r"|is ok with (?:it|this|that)|is fine with (?:it|this|that))"
    r"(?:\s+(?:it|this|that))?\s*[.!]?\s*$"
)
# "... - Priya (owner) approved.": what is left of it once the approval is cut, the name and its role set off
# after a dash at the end
ROLE_TRAILER: Final = LazyPattern(
    r"^\s*\(\s*(?:the\s+|list\s+|mailbox\s+|line\s+)?(?:approver|manager|owner|sponsor)\s*\)\s*[.!]?\s*$"
)
# (heading the message only: ", cc Ava" after a forward may ask for a copy to Ava, and is asked)
TOLD_BEFORE: Final = LazyPattern(r"(?:^|\()\s*(?:cc|cc'd|fyi|copying|copying in|copied)\s*:?\s*$")
# "Chris Lee (approver) - please add Christine Lee ...", "Sarah (manager): please give Tom ...": a name with
# the role of one who approves or oversees, heading the message before a dash or colon, is told
ROLE_HEADER: Final = LazyPattern(
    r"^\s*\(\s*(?:the\s+|my\s+|our\s+|list\s+|mailbox\s+|line\s+)?"
    r"(?:approver|approving manager|approved|manager|owner|sponsor|reviewer)\s*\)\s*(?:[-:,]|$)"
)
# "Grace asked me to give Ava ...", "Mark wants me to add Tom ...", "HR asked me to ...": a speech verb right
# before the requester's "me", whoever (or whatever word no name was read in) asks; with SPEECH_AGENT after
# it the requester only does it (engine.speakers), never one more person it is for
ASKED_OF_ME: Final = LazyPattern(
    r"\b(?:asked|asks|asking|told|tells|wants|wanted|would like|'d like|needs|needed|requested|requests)\s+$"
)
# "please add me to the Project Phoenix group, David asked me to track the budget": after a request, who
# asked the requester and for what work, told as its reason; context, never one more request nor a question
# about the one who asked. Only a task no change is said in, naming no one and nothing more ("..., David asked
# me to add Tom too" stays a request of its own)
RELAYED_REASON: Final = LazyPattern(
    r"^(?:since\s+|because\s+|as\s+)?§\d+§\s+(?:has\s+|had\s+)?(?:asked|asks|told|tells|wants|wanted|needs|needed|"
    r"would\s+like|requested)\s+(?:me|us|§\d+§)"
    r"(?:\s+to(?:\s+(?!(?:"
    + one_of(
        CHANGE_VERBS
        | frozenset(
            _words("get join leave have keep sign send see open access read do sort fix check ask be")
        )
    )
    + r")\b)[^.;!?§]*?)?)?"
    r"(?<!\btoo)(?<!\balso)(?<!\bas well)\s*(?:[.!]\s*|$)",
    re.IGNORECASE,
    cue=r"(?i:ask|told|tell|want|need|like|request)",
)
# "I'm writing for my manager Mike - he wants ...": the requester passes on someone else's request; neither
# is who it is for, and "he wants" is the one asking (the words are cut with them).
WRITING_FOR: Final = LazyPattern(
    r"^\s*(?:§\d+(?:'m|\s+am)|i'm|i am)\s+(?:just\s+)?(?:writing|asking|emailing|e-mailing|messaging|"
    r"reaching out|contacting you|reaching you)\s+(?:for|on behalf of)\s+(?:§\d+(?!\d)\s*)+"
    # ("I'm asking for Olivia to get send as on it": who is to get it, never whom the writer writes for)
    r"(?!\s*to\s+(?:get|have|be|receive|keep)\b)"
    r"(?:[-,:;.]+\s*)?(?:(?:he|she|they)\s+(?:wants|would like|'d like|needs|asked for|is asking for|"
    r"asks for|asked|asks)\s+)?"
)
# "asked whether Ava ...", "said that ...": what follows is what is asked, about someone else
SPEECH_LINK: Final = LazyPattern(r"^\s*,?\s*(?:whether|if|that|about|for)\b\s*")
# "Ken asked me who has send as on sales@", "Tom wants to know which lists Ava is on": a question passed on,
# its question word kept (what follows it is the question, a read); "me" before it is only who was asked
SPEECH_QUESTION: Final = LazyPattern(
    r"^\s*,?\s*(?=(?:who|who's|whom|whose|which|what|what's|where|when|how many|how)\b)"
)
# "Maria wondered if Ava could ...": a question reported, not a condition
SPEECH_IF: Final = LazyPattern(
    r"\b(" + one_of(ASKING_VERBS) + r"(?:\s+\w+)?)"
    r"\s+if\b",
    re.IGNORECASE,
)
# "Is it ok if Tom gets send as on support@?", "would it be possible for Tom to get full access to hr@?":
# asking leave for a change is asking for it, no condition: read as "is it ok that Tom gets ..."
# (POLITE_QUESTION)
_LEAVE: Final = (
    r"\b((?:is it|would it be|will it be)\s+(?:at all\s+)?(?:possible|ok|okay|alright|all right|fine|doable))"
)
LEAVE_IF: Final = LazyPattern(_LEAVE + r"\s+if\b", re.IGNORECASE)
LEAVE_FOR: Final = LazyPattern(
    _LEAVE + r"\s+for\s+(?!you\b|us\b|me\b)([^,.;!?]+?)\s+to\s+(get|receive)\b", re.IGNORECASE
)
LEAVE_SAY: Final = r"\1 that"
# "Olivia wants Maria to ...": wanting is a request only when someone else follows (Tom needs full access)
WANTS_FOR_ANOTHER: Final = LazyPattern(
    # "Priya, my boss, wants Ava to ...", "Olivia Martin, our CEO, wants ...": who the one wanting is, said
    # between commas
    # ("Maria Garcia (HR) wants Grace added ...": where the one wanting works, said in brackets; nlu147)
    r"^\s*(?:\(\s*[^()]{1,30}\)\s*)?(?:,\s*(?:our|the|my|your|their)\s+[\w&' -]{1,30}?)?,?\s*"
    r"(?:wants|would like|'d like|needs|would love|has asked (?:for|that)|asked (?:for|that)|"
    r"asks (?:for|that)|is asking (?:for|that)|requests|requested|"
    # ("I want Olivia to get send as on it", "I'm asking for Olivia to get ...", "I am requesting that Tom
    # ...": the requester's own wish for someone else; read as a grant to the requester too before nlu49)
    r"want|need|request(?:\s+that)?|ask\s+that|(?:\s*'m|\s+am)\s+(?:asking|requesting)(?:\s+(?:for|that))?)"
    r"\s+(?=§\d+(?!\d)|.*\bfor\s+§\d+(?!\d))"
    # "Ava wants us to add him ...": wanting something done by us is passing a request on, like asking us
    r"|^\s*,?\s*(?:wants|would like|'d like|needs|would love)\s+(?:us|you|u|someone|it|the helpdesk)\s+to\s+"
    r"(?=.*§\d+(?!\d))"
    # "Maria Garcia (HR) wants to give Tom full access ...": wanting to make a change for the one named next
    # is passing it on, like wanting us to make it (red team 78 granted Maria too; nlu153)
    r"|^\s*(?:\(\s*[^()]{1,30}\)\s*)?(?:,\s*(?:our|the|my|your|their)\s+[\w&' -]{1,30}?)?,?\s*"
    # ("I want to add Tom to all-sales", "I'm asking to give Ava send as": the writer's own wish for someone
    # else, never the writer added too; red team)
    r"(?:wants|would like|'d like|needs|would love|want|need|(?:\s*'m|\s+am)\s+(?:asking|requesting|hoping))"
    r"\s+to\s+(?=(?:" + one_of(CORE_CHANGE_VERBS) + r")\s+§\d+(?!\d))"
)
# (nlu153) the change verb a wish to change something opens with ("I want to add §1 ..."): the one named
# after it is whom the wish is for (engine.speakers)
NLU153_CHANGE_VERB_LEAD: Final = LazyPattern(r"^(?:" + one_of(CORE_CHANGE_VERBS) + r")\s+(?=§)")
# "Sarah Connor would like sarah.connor@acme.com as her primary address": an address wanted as one's own
# primary is the wanting person's change, never a request passed on for someone else (the address is hers;
# batch 40 cut Sarah as the one asking and read no one the change is for)
WANTED_AS_OWN_PRIMARY: Final = LazyPattern(
    r"^\s*§\d+(?!\d)§?\s+as\s+(?:his|her|their|its)\s+(?:own\s+)?(?:new\s+)?primary\b"
)
# "Olivia would like Maria Garcia to get ceo@acme.com as her primary address": a his/her before "primary" is
# the one getting the address (an address is only ever the primary of the mailbox given it), never an owner
# of something else the one wanting holds (engine.speakers; nlu106 read Olivia as an owner: not understood)
PRIMARY_AFTER_PRONOUN: Final = LazyPattern(r"^§?\s+(?:own\s+)?(?:new\s+)?(?:primary|main)\b", re.IGNORECASE)
# "... would like §1 to get ...": the one named next, then "to get", is whom the wanting is for
WANTED_TO_GET: Final = LazyPattern(
    r"^\s*§\d+(?!\d)§?\s+to\s+(?:get|have|receive|be\s+given)\b", re.IGNORECASE
)
# "Grace wants a list of the shared mailboxes", "Olivia would like the member list of Project Atlas": someone
# else wanting a read; the one wanting is who asks, never whom it is about (engine.speakers; nlu44)
_WANTS_A_REPORT = (
    r"(?:wants|would like|'d like|needs|has asked for|asked for|asks for|is asking for|requested|"
    r"requests)\s+(?=(?:an?|the)\s+(?:quick\s+|full\s+|complete\s+|current\s+|up-to-date\s+)?"
    r"(?:(?:member|membership)\s+)?(?:list|report|rundown|overview|summary|roster)\s+(?:of|for)\b)"
)
WANTS_A_REPORT: Final = LazyPattern(r"^\s*,?\s*" + _WANTS_A_REPORT)
# "Ava wants us to add him": the wanting is of what we do, not of someone named after "for"
WANTS_DONE_BY_US: Final = LazyPattern(r"\b(?:us|you|u|someone|it|the helpdesk)\s+to\s*$")
# "my colleague Tom Becker needs ...", "Sarah's assistant Ken ...": whose colleague they are is no one the
# change is for; only the one named after the role is (cut from the masked request, rules._clauses).
# A role word with a plural -s between one name and one more is the verb ("Christine Lee covers Billing",
# "Tom leads Support"): a plural role is said of several people after it ("my colleagues Tom and Ava"), so
# that one is the subject who covers, never a role the name after it holds (batch 40 cut "Christine Lee
# covers" and asked who "her" was)
ROLE_OF_NAMED: Final = LazyPattern(
    r"§\d+§\s+(?!(?:[a-z-]+\s+)?[a-z-]*[a-rt-z]s\s+§\d+§(?!\s*(?:,|and\b|&|\+)\s*§\d+§))"
    r"(?:team mate\s+|" + _ROLE + r"\s+)(?=§\d+§)"
)
# "give me the same access as Chris on support@": what the model holds is not said, so which rights are meant
# cannot be read (asked, never taken as Full Access)
SAME_ACCESS_AS: Final = LazyPattern(
    r"\b(?:same|identical|matching)\s+(?:access|rights|permissions|setup|set-up)\b(?:\s+[\w§@.'-]+){0,4}?\s+"
    r"(?:as|that)\b|\b(?:access|rights|permissions)\s+(?:just\s+|exactly\s+)?like\b|\b(?:just|exactly)\s+like\b"
)
# the rights named outright, beside "the same access as ..."
RIGHT_NAMED_OUTRIGHT: Final = compile_words(
    r"full[- ]?(?:mailbox[- ])?access", r"full control", r"send[- ]as", r"send[- ]on[- ]behalf"
)
# what may stand before the one wanting something: the same person named first ("my manager Priya wants"),
# or whose they are ("Sarah's manager Olivia wants her added")
NAMED_BEFORE_SPEAKER: Final = LazyPattern(r"§\d+\s*,?\s*")
# the word before a mention coordinated with the one before it ("Tom and I"): one of several, not the asker
COORDINATOR_BEFORE: Final = frozenset({"and", "or"})
# "Alex Kim from the Engineering list": after "from" the word names the list or mailbox, not Alex's department
QUALIFIER_NAMES_A_LIST: Final = LazyPattern(
    r"\s+(?:list|dl|distribution list|mailing list|group mailbox|mailbox|inbox|shared mailbox)\b|@",
    re.IGNORECASE,
)
# "alex kim (eng)", "Alex Kim (sales rep)", "Alex Kim in eng": a department or job title cut short to its
# first letters (a clipping: "eng" for Engineering, "fin" for Finance, "rep" for Representative), in brackets
# (one or two words) or after from / in / of / at (one word); mentions._by_qualifier takes it when each word
# starts a word of exactly one candidate's department or job title
QUALIFIER_CLIPPED: Final = LazyPattern(
    r"\s*(?:\(\s*(?:(?:from|in|of|at|on)\s+)?(?:the\s+)?"
    r"(?P<bracketed>[a-z][a-z&]{2,}\.?(?:\s+[a-z][a-z&]{2,}\.?)?)"
    r"(?:\s+(?:team|department|dept\.?|group))?\s*\)"
    r"|\s(?:from|in|of|at)\s+(?:the\s+)?(?P<said>[a-z][a-z&]{2,}\.?)(?:\s+(?:team|department|dept\.?|group))?"
    r"(?=[\s,;:!?)-]|\.(?!\w)|$))",
    re.IGNORECASE,
)
# "Remove Alex Kim from X - the engineer, not the Alex Kim in Sales": which of two people with the name, said
# after the request by a word of their department or job title; "not the ..." says which one is not meant
PERSON_DESCRIBED: Final = LazyPattern(
    r"(?:^|[-,;:(]|\bi mean\b|\bmeaning\b)\s*(?P<not>(?:but\s+)?not\s+)?the\s+"
    r"(?:(?:one|person|guy|woman|man|[\w.'-]+(?:\s+[\w.'-]+)?)\s+(?:in|from|of|at|on)\s+(?:the\s+)?"
    r"(?P<where>[\w&-]+)|(?P<what>[\w&-]+(?:\s+[\w&-]+)?)(?:\s+one)?)"
    r"(?=\s*(?:[-,;.)]|$|\s+(?:not|but)\b))",
    re.IGNORECASE,
)
DESCRIPTION_SKIPPED: Final = frozenset({"one", "person", "other", "same", "right", "correct", "new", "old"})
# What introduces a model: "like", "just as", "similar to", "the same way (as)"
_MODEL_LEAD: Final = (
    r"(?:just\s+|exactly\s+)?like|(?:just|exactly)\s+as|similar(?:ly)?\s+to|"
    r"(?:in\s+)?the\s+same\s+way(?:\s+as)?"
)
# People named only to say how (a model to copy) or who someone is, never who gets the change: "like Mike
# has", "the same full access that John has", "just as Ava does", ", who reports to David,". Cut from the
# masked request before it is read (rules._clauses); a relative clause that asks or rules out is kept.
REFERENCE_ASIDE: Final = LazyPattern(
    # (the model may be left unmasked: "just as Ken does" is not read as a claim to be Ken)
    r",?\s*\b(?:" + _MODEL_LEAD + r")\s+(?:§\d+§|[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+"
    r"(?:already\s+|currently\s+|also\s+)?(?:has|have|had|does|do|did|got|gets|is|was)\b"
    # "like Olivia has with Maria", "just as Mike does for Christine's calendar": both are the model
    r"(?:\s+(?:it\s+|that\s+|this\s+)?(?:with|for|on|over|in|to)\s+§\d+§(?:'s)?"
    r"(?:\s+(?:own\s+)?(?:calendar|mailbox|inbox|diary|mail))?)?"
    r"(?:\s+(?:it|them|one|now|already|today|currently|too))?"
    # "I should be on all-sales like Tom": the model said last, its verb left out
    # ("similar to Olivia and Maria, ...": the two the model is made of)
    r"|,?\s*\b(?:" + _MODEL_LEAD + r")\s+§\d+§(?:\s+(?:and|with|&)\s+§\d+§)?(?=\s*(?:[,.;!?]|$))"
    r"|(?<=§),\s*who\s+(?!(?:needs?|wants?|should|must|can|could|will|would|may|might|shall|asked)\b)"
    r"(?![^,;.]*\b(?:not|never|no|\w+n't|don'?t|without|except)\b)"
    # ", who normally handles support@acme.com,": a description of the person, what they usually do
    r"(?:(?:normally|usually|typically|currently|also|still|used to)\s+)?"
    r"(?:reports|reported|works|worked|sits|joined|started|manages|managed|leads|heads|runs|is|was|belongs|"
    r"moved|transferred|replaced|replaces|covers|covered|handles|handled|handle|looks after|looked after|"
    r"look after|monitors|monitored|monitor|owns|owned|own|uses|used|use|manage|run)\b[^,;.:]*(?:,|(?=[;.]|$)"
    # (", who is away: please give ...": a colon ends the description too, what it introduces is the request;
    # read to the end, the request was cut with it: batch 52, nlu161)
    r"|(?=:\s))"
    # ", who can't get into the portal - she should be added to ...": what goes wrong for the person, told as
    # the reason; nothing named in it (a mailbox or list named there is kept), no right ruled out (nlu49)
    r"|(?<=§),\s*who\s+(?:(?:still|now|currently)\s+)?(?:can'?t|cannot|can\s+not|couldn'?t|could\s+not|"
    r"(?:is|was)(?:\s+not|n'?t)\s+able\s+to|(?:is|was)\s+unable\s+to|keeps\s+failing\s+to)\s+"
    r"(?:get\s+(?:into|in\s+to|onto|on\s+to|in)|log\s*(?:in|on)(?:\s*to)?|sign\s+(?:in|on)(?:\s*to)?|login\s+to|"
    r"access|open|reach|see|use|connect\s+to)\b(?:(?!§)[^,;.])*?(?:,|(?=\s[-–—]\s|[;.]|$))"
    # "Emma Wilson reports to Priya Patel and should be on All Hands": whom the subject reports to, said of
    # them before what they need (the one reported to is no one the request is for)
    r"|(?<=§)\s+(?:(?:now|directly|also)\s+)?(?:reports|reported|works|worked)\s+(?:directly\s+)?"
    r"(?:to|for|under)\s+§\d+§(?=\s+(?:and|so)\s)"
    # ("... reports to Priya Patel and Priya should be on All Hands": someone named again as the subject of
    # what follows is whom it is for; cut, the first would stand beside them)
    r"(?!\s+(?:and|so)\s+§\d+§)(?:\s+and(?=\s))?",
    # (each part above holds one of these; its "as" comes after "just", "exactly" or "same way")
    cue=r"like|(?:just|exactly)\s+as|similar|same|who|report|work",
)
# "Ken Adams joined Monday and needs it too": a need said of someone, what they need left to the change
# before (unread with no step for them, it was dropped from a plan that looked whole)
NEED_SAID: Final = LazyPattern(
    r"\b(?:needs?|wants?|requires?|should (?:get|have|be given)|could use)\s+(?:it|that|this|the same|them"
    r"|one|access|the access|those)\b(?:\s+(?:too|as well|also))?"
    # ("Olivia should come off it": a removal said with a phrasal verb no action reads)
    r"|\b(?:come|comes|coming|be taken|get taken|go|be dropped|be removed)\s+(?:off|out of|out)\b"
)
# ", who needs full access to sales@": a relative clause of the person before, never a question of who
RELATIVE_NEED: Final = LazyPattern(
    r"^who\s+(?:also\s+|now\s+|still\s+)?(?:needs?|wants?|requires?|should|must|has to|will need)\b"
    r"(?!.*\?\s*$)"
)
# "Emma Wilson reports to Priya Patel and Priya should be on All Hands": whom someone reports to, told
# before another person named as the subject of the change; a statement naming no one it is for (left in,
# both subjects were read as the change's)
REPORTS_TO_TOLD: Final = LazyPattern(
    r"(?:^|(?<=[.;!?:]\s)|(?<=\n))\s*§\d+§\s+(?:(?:now|directly|also)\s+)?(?:reports|reported|works|worked)\s+"
    r"(?:directly\s+)?(?:to|for|under)\s+§\d+§\s+and\s+(?=§\d+§)"
)
# "remove Rachel from finance team she moved to sales ops", "i got moved to the onboarding team": where
# someone went is why the request is made, never a list or mailbox to change ("move Rachel to X" is kept)
MOVED_ASIDE: Final = LazyPattern(
    r",?\s*(?:\b(?:because|since|as|now that)\s+)?"
    r"(?:(?P<who>\b(?:she|he|they|i)\b|§\d+§|\b(?:theyre|shes|hes)\b)"
    r"(?:\s*(?:'s|'ve|'m|'re|has|have|had|just|recently|got|was|were|is|are|am|been|now|will be|soon))*\s+"
    # (nlu154) "I no longer need FA on support, moving to sales": the writer's move said with no subject,
    # after a comma (the sales it names was taken off too)
    # (rt80a N18: never when the writer then asks to be added there: "..., moving to Marketing - add me
    # please")
    r"|(?<=,)\s*(?=(?:moving|transferring|switching)\s)"
    r"(?![^\n]*\b(?:add|put)\s+(?:me\b|him\b|her\b|them\b|us\b|myself\b|§\d+§)))"
    # ("he is seconded to the Sales team", "she's on loan to Finance": a move for a while, the same; nlu134)
    r"(?:moved|transferred|switched|moving|transferring|switching|seconded|being\s+seconded|"
    r"on\s+(?:a\s+)?secondment|on\s+loan|loaned|reassigned)"
    # (nlu158) "..., moving him to sales", "..., transferring him from finance@": whom the move is of, and
    # where they come from, are the same why (main revoked sales@ too, and granted finance@ too)
    r"(?:\s+(?:him|her|them|me|us|§\d+§))?\s+(?:over\s+|there\s+)?(?:to|into|with|(?P<whence>from))\s+"
    r"(?:the\s+)?(?:§\d+§(?:\s+(?:team|department|dept|group|desk))?"
    r"(?(whence)(?:\s+(?:to|into)\s+(?:the\s+)?§\d+§(?:\s+(?:team|department|dept|group|desk))?)?"
    # (rt83a) "..., moving him to billing from support": where they come from, said last, is the same why (red
    # team 83 H4 granted support@ too)
    r"|(?:\s+(?:over\s+)?from\s+(?:the\s+)?§\d+§(?:\s+(?:team|department|dept|group|desk))?)?)"
    # ("I'm moving to Sales next month": a move with its day is left whole for MOVE_TOLD_WITH_DAY, which
    # reads it as why a removal is asked, and asks a grant told so; nlu102)
    r"(?!\s+(?:" + _LATER_DAY + r")\b)"
    # "theyre moving to the UK team next month": a team no list is named for, and when they move (why the
    # change is asked for now, never a start)
    r"|[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:team|department|dept|office|desk)\b"
    r"(?:\s+(?:next|this|in|on|at the end of)\s+\w+|\s+(?:soon|tomorrow|shortly))?)",
    cue=r"mov|transfer|switch|second|loan|reassign",
)
# "the same full access to sales@ that John Miller has": the model named after "same", cut from "that"/"as"
SAME_AS_REFERENCE: Final = LazyPattern(
    r"(?P<lead>\bsame\b[^.;§]*(?:§\d+§[^.;§]*)?)\s+(?:that|as)\s+§\d+§\s+(?:already\s+|currently\s+)?"
    r"(?:has|have|had|does|do|did|got|gets)\b(?:\s+(?:it|them|now|already|today|currently))?"
)
# "Chris Lee has send as on support@ and I need the same": the one who has it is the model, what they have is
# what the other one (said after) asks for; read as "give <the other one> <what>"
MODEL_FIRST: Final = LazyPattern(
    r"(?:^|(?<=[.;!?]\s))§\d+§\s+(?:already\s+|currently\s+)?(?:has|have|had|got|gets|holds)\s+"
    r"(?P<what>(?:[^.;!?§]|§\d+§)*?)\s*[,;.-]?\s*(?:(?:and|so|but)\s+)?"
    r"(?:(?:can|could|may)\s+(?P<asks>§\d+§)\s+(?:get|have)"
    r"|(?P<who>§\d+§)\s+(?:(?:also|really)\s+)?(?:needs?|wants?|would like|'d like|should (?:get|have)|"
    r"ha(?:s|ve) to have|must have))"
    r"\s+(?:exactly\s+)?(?:the same(?: thing| access| rights?| permissions?)?|that|it|them)"
    r"(?:\s+(?:too|as well|please))*\s*(?=[.;!?]|$)"
)
MODEL_FIRST_SAY: Final = "give {who} {what}"
# "Chris Lee can send as support@; I should be able to as well": what the model can do, asked for another
MODEL_FIRST_CAN: Final = LazyPattern(
    r"(?:^|(?<=[.;!?]\s))§\d+§\s+(?:already\s+|currently\s+)?can\s+(?P<what>(?:[^.;!?§]|§\d+§)*?)\s*[,;.-]?\s*"
    r"(?:(?:and|so|but)\s+)?(?P<who>§\d+§)\s+"
    r"(?:should|must|would like to|'d like to|needs? to|wants? to|have to|has to)\s+"
    r"(?:be able to|too|as well)(?:\s+(?:too|as well|please))*\s*(?=[.;!?]|$)"
)
MODEL_FIRST_CAN_SAY: Final = "let {who} {what}"
# "copy Tom's access to support to me", "mirror Ava's permissions for Ken": whose access is copied is the
# model, never one more recipient (masked: "copy §1§ access")
MODEL_COPIED: Final = LazyPattern(
    r"\b(?P<verb>cop(?:y|ying)|mirror(?:ing)?|clon(?:e|ing)|duplicat(?:e|ing)|replicat(?:e|ing)|match(?:ing)?)"
    r"\s+(?:the\s+)?§\d+§\s*(?=(?:access(?:es)?|permissions?|rights|delegations?|full|send|memberships?|"
    r"lists|groups|setup|set-up|settings)\b)"
)
SPEAKER_NAMED: Final = LazyPattern(
    # ("send emails on behalf of Olivia", "reply on behalf of X": the right, X its mailbox, not who asks)
    r"(?:(?<!send-)"
    + "".join(f"(?<!{w} )" for w in sorted(SEND_WORDS | {"e-mails", "e-mail", "mails", "message", "replies"}))
    + r"\bon behalf of|\bat the request of|\b(?:as )?requested by|^per|"
    r"^according to|^(?:a )?request from|^(?:a )?message from|^from)"
    # ("on behalf of Emma W.": the initial of a surname after a first name is the name's; read as no name, the
    # request was taken for a send-on-behalf of Emma's mailbox: red team 66)
    r"\s+§(?P<who>\d+)(?!\d)(?:\s+[a-z]\.?(?![\w@-]))?(?:\s+(?:e-?mail|message|note|request|ticket|mail|chat))?"
    # "On behalf of Maria Garcia (HR Director): ...": who the one asking is, in brackets, is no mailbox
    r"(?:\s*\((?:[^()§]|§\d+){1,40}\))?"
    r"(?:\s*[,:]\s*|\s*$|\s+(?=i\b|i'm\b|we\b|could\b|can\b|would\b))|\bat\s+§(?P<at>\d+)\s+request\b\s*,?\s*"
)
# A speech verb left after the rule above: whoever stands before it may be the one asking (a question).
SPEECH_ANYWHERE: Final = compile_words(one_of(SPEECH_VERBS | {"request of", "requested by"}))
# "Add Noah to Marketing. Also Ava Johnson.", "... Ava too.": a sentence of names alone, after a change
# (leading "also" is cut as politeness): the same change for them
# An additive word is said: a name alone at the end ("... to Marketing. Sarah") is a signature, not a request.
NAMES_TOO: Final = LazyPattern(
    # ("Oh, and Ava too", "Actually, Ava too": an interjection first changes nothing)
    r"(?:(?:oh|ah|um|actually)\s*,?\s*)?"
    r"(?:(?:(?:and|also|plus)\s+)+§\d+§(?:\s*(?:,|and|&|,\s*and)\s*§\d+§)*"
    r"(?:\s*,?\s*(?:too|also|as well|as well please|please))?\s*[.!]?"
    r"|(?:(?:and|also|plus)\s+)*§\d+§(?:\s*(?:,|and|&|,\s*and)\s*§\d+§)*"
    r"\s*,?\s*(?:too|also|as well)(?:\s+please)?\s*[.!]?)"
)
# "I need send as on billing for a week, and Ava too but only for 2 days", "..., and Ava for 2 days": names
# said alone after a change with a length of their own (rules._clauses reads them as a part of their own, the
# change before for them with that length; red team 29)
_TOO_NAMES = r"§\d+§(?:\s*(?:,|and|&|,\s*and)\s*§\d+§)*\s*,?\s*"
_TOO_WORD = r"(?:too|also|as\s+well)\s*,?\s*"
NAMES_TOO_OWN_LENGTH: Final = LazyPattern(
    # (names said as one more, "and Ava", "Ava too": "..., Liam only until Friday" is whose end it is)
    rf"^(?:(?:(?:and|also|plus)\s+)+{_TOO_NAMES}(?:{_TOO_WORD})?|{_TOO_NAMES}{_TOO_WORD})"
    r"(?:but\s+)?(?:only\s+|just\s+)?(?=(?:for|until|till|til|through|thru)\s)",
    re.IGNORECASE,
)
# the length said after names alone ("§0 too but only §t"): cut before the names are read as NAMES_TOO
# "Add Jane and Emma to Marketing; Emma only for a month": names said again with a length alone (the length
# masked, rules.§t; the mentions renumbered §0): how long the change before lasts for them
NAMED_WITH_LENGTH: Final = LazyPattern(
    r"(?:(?:and|but)\s+)?§\d+(?:\s*(?:,|and|&)\s*§\d+)*\s*,?\s*(?:but\s+)?(?:only\s+|just\s+)?§t\s*[.!]?"
)
NAMES_TOO_LENGTH: Final = LazyPattern(r"\s*,?\s*(?:but\s+)?(?:only\s+|just\s+)?§t\s*(?=[.!]?\s*$)")
# the roles a copied step gives to the names said alone
NAMES_TOO_ROLES: Final = ("member", "trustee", "grantee")
# "remove them from Contractors" after two people were named: each of them.
PLURAL_PRONOUN: Final = frozenset({"them", "they"})
# "Tom and Ava need access. Give her send as", "Mia replaces Ava; add them to Contractors": a pronoun two or
# more people named before could be, asked (rules._Reader.read; red team 46)
PRONOUN_OF_TWO_ASK: Final = "Who is {pronoun!r}: {names}? {why}: choose one, or ask again naming the person."
PRONOUN_OF_TWO_GENDER: Final = "The directory holds no genders, so any of them could be meant"
PRONOUN_OF_TWO_APART: Final = "It may mean one of them or each of them"
# "Grant Chris Lee send as on sales@; remove him from it": someone taken out of an "it" (over a clause's
# masked text); when that plans nothing, the removal is asked, never dropped (rules._Reader.read)
NLU129_REMOVED_FROM_IT: Final = LazyPattern(
    r"\b(?:remove|take|drop|kick|delete|revoke)\s+§\d+§?\s+(?:off|out\s+of|from)\s+(?:it|that|there)\b",
    re.IGNORECASE,
)
NLU129_REMOVED_FROM_IT_ASK: Final = (
    "I could not tell what {said!r} removes them from: say it as its own request (for example "
    '"remove Noah Davis\'s send as on sales@acme.com").'
)
# "Forward Liam Brown's mail to Emma Wilson and remove him from all-sales": a he/him/his or she/her agrees
# in gender with whom it means, so a given name confidently of the other gender is never it (agreement.py;
# red team 71); when that leaves no one, or more than one, who it is is asked
NLU129_PRONOUN_NONE_AGREES: Final = (
    "No one named has a given name usually said {pronoun!r} of, so it may mean someone else"
)
NLU129_PRONOUN_AGREES_ELSEWHERE: Final = (
    "The one named whose given name is usually said {pronoun!r} of is named in another role here"
)
NLU129_PRONOUN_SOME_AGREE: Final = (
    "A given name usually said of the other gender rules someone out, but more than one may still be meant"
)
# What may stand between two people named as one set ("Tom and Ava", "Tom, Ava & Chris"), over a clause's
# masked text: anything else relates them to each other ("Mia replaces Ava"), and a "them" after is asked
PEOPLE_JOINER: Final = LazyPattern(
    r"\s*(?:,|&|\+|/|\band\b|\bplus\b|,\s*and\b|\bas\s+well\s+as\b)\s*", re.IGNORECASE
)
# Words after which a name is an object, never the subject of its clause ("covering for Olivia").
PREPOSITIONS: Final = frozenset(_words("for to from with of by than as on in into at about like behind"))
# "olivia martins calender" is Olivia Martin's calendar: a possessive is followed by what it owns. A name
# ending in -s followed by no noun ("Add Ethan Parks to Project Atlas", "..., Ethan Parks.") is that name as
# written, a misspelling of Ethan Park to be asked, never his possessive (batch 39)
NOTHING_OWNED_AFTER: Final = LazyPattern(
    r"\s*(?:$|[,.;:!?)\]]|-\s|\b(?:" + "|".join(sorted(PREPOSITIONS)) + r"|and|or|too|please|pls|now|"
    r"is|was|has|have|had|needs?|should|will|can|could|would|must|gets?|wants?)\b)",
    re.IGNORECASE,
)
# "Give Ethan Parks send as on Sales", "Grant Ethan Parks full access": after a verb of giving, the name is
# the one given to, and a right after it is what is given, never what the name owns; "Parks" is no "Park's"
# (red team 61 granted Ethan Park without a question; a misspelt name is asked, nlu101)
NLU101_GIVEN_TO_BEFORE: Final = LazyPattern(
    r"\b(?:give|gives|giving|grant|grants|granting|let|allow|assign|offer|provide|get)\s+$", re.IGNORECASE
)
NLU101_RIGHT_GIVEN_AFTER: Final = LazyPattern(
    r"\s*(?:(?:full|read|send|delegate|delegated|mailbox|owner|edit(?:or)?|reviewer)\b|sob\b|fa\b|access\b|"
    r"rights?\b|permissions?\b|perms\b)",
    re.IGNORECASE,
)
# The word before "calendar": an owner said in a way not read ("olivia martins calendar") unless it is one
# of CALENDAR_OWN_WORDS (no owner, or the requester's own). "room" / "resource" right before the noun is the
# kind of calendar, so the word before it is whose: "the Training Room calendar", with no such room, names
# an owner that is not read (main shared the requester's own calendar; batch 32, nlu69)
CALENDAR_OWNED_BY: Final = LazyPattern(
    r"(?P<word>[\w'’-]+)(?P<kind>\s+(?:room|resource))?\s+(?:calendars?|calender|diary|schedule)\b",
    re.IGNORECASE,
)
# "the calendar of the Training Room": whose it is said after the noun, by words no mention was read from
# (a mention is masked, so never matched here); asked like CALENDAR_OWNED_BY's word unless it is one of
# CALENDAR_OWN_WORDS or CALENDAR_OF_OWN_WORDS
CALENDAR_OF_UNREAD: Final = LazyPattern(
    r"\b(?:calendars?|calender|diary|schedule)\s+(?:of|belonging\s+to)\s+(?:the\s+)?"
    r"(?P<word>[a-z][\w'’-]*)(?P<kind>\s+(?:room|resource))?",
    re.IGNORECASE,
)
CALENDAR_OF_OWN_WORDS: Final = frozenset(
    _words(
        "mine yours ours theirs hers everyone everybody all each every someone somebody anyone people staff"
    )
)
# "the room calendar", "a team diary", "the shared calendar": a calendar said to be a room's, a team's or
# shared, with no owner named, is no one's own calendar (least of all the requester's): which is asked
CALENDAR_OF_A_KIND: Final = LazyPattern(
    r"\b(?:the|a|an|this|that)\s+(?P<kind>room|resource|team|group|shared)\s+"
    r"(?:calendars?|calender|diary|schedule)\b",
    re.IGNORECASE,
)
# (a room's or resource's calendar: the question lists the room mailboxes there are)
ROOM_KINDS: Final = frozenset(_words("room resource"))
# asked after the resolution's answer for a calendar owner said by no name anyone has
UNKNOWN_CALENDAR_OWNER_ASK: Final = "Whose calendar is meant? Name its owner (a person, or a room mailbox)."
# "Don't forward zorbo mail anywhere any more", "stop zorbo forwarding", "stop forwarding the zorbo mailbox",
# "turn off forwarding on the blorp inbox": a word before the mail, mailbox or forwarding that is whose it
# is, and no name anyone has: the mailbox is asked for (resolution asks "no one is called 'zorbo'", with
# close matches), never the requester's own forwarding changed (main cleared it; nlu62). Over the masked
# clause; a word in FORWARDING_OWN_WORDS (or the lexicon's common words) says how, never whose
FORWARDING_OWNED_BY: Final = LazyPattern(
    r"(?<![\w§@.'’-])(?P<word>[a-z][a-z'’-]{2,})\s+(?:e-?mails?|mail|mailbox|inbox|forwarding|forwards)\b",
    re.IGNORECASE,
)
# "Stop forwarding careers to Maria": the word forwarded, right after the verb and before whom it goes to, is
# whose mail it is (a mailbox no mention read); never the one it goes to (rules._unknown_forwarding_owner)
FORWARDED_OBJECT: Final = LazyPattern(
    r"\b(?:forward|forwards|forwarding|redirect|redirecting|divert|diverting)\s+(?:all\s+(?:of\s+)?)?"
    r"(?P<word>[a-z][a-z'’-]{2,})\s+(?:on\s*)?to\s+§\d",
    re.IGNORECASE,
)
# the words FORWARDED_OBJECT may find that say what is forwarded, not whose ("stop forwarding everything to
# Tom")
FORWARDED_WHAT_WORDS: Final = frozenset(
    {"everything", "anything", "messages", "message", "stuff", "things", "them", "those", "these", "copies"}
)
FORWARDING_OWN_WORDS: Final = frozenset(
    _words(
        """
        stop stops stopping forward forwards forwarded forwarding turn turns off cancel cancels end ends
        disable disables kill remove removes clear clears undo halt pause delete drop scrap quit no more any
        all incoming outgoing inbound external internal auto automatic automated current existing old whole
        entire email emails e-mail mail mails inbox mailbox redirect redirects redirecting redirected the
        that this those these his her their its our your my own personal work company shared team group
        don't dont do not never anywhere anymore longer please pls kindly just also again now set setup
        same other others up down on out over enable enabled configure configured create start put make get
        have has had change update edit modify check see show view review about regarding re for from with
        without to of into rule rules smtp outlook exchange gmail private direct daily weekly such some
        further future temporary temp permanent only unwanted spam junk urgent important outbound there here
        is are was were be been what which who whose where when how why can could would should will shall
        may might must
        """
    )
)
UNKNOWN_MAIL_OWNER_ASK: Final = "Whose mail forwarding is meant? Name the person or the mailbox."
CALENDAR_OWN_WORDS: Final = frozenset(
    _words(
        """
        a an the my our your this that its own work main personal default outlook shared team whole entire
        full same office exchange group mailbox room resource primary new old his her their
        """
    )
    # "share calendar w tom becker": the verb said right before the noun, never whose it is (batch 24, nlu44)
    + _words("share shares sharing open opens view views see sees edit edits manage manages")
)
# Pronouns that can only be a clause's subject: they continue the subject of the sentence before.
SUBJECT_PRONOUNS: Final = frozenset({"he", "she"})
# "give him full access to her mailbox": two pronouns of different genders are never one person
MASCULINE_PRONOUNS: Final = frozenset({"he", "him", "his", "himself"})
FEMININE_PRONOUNS: Final = frozenset({"she", "her", "hers", "herself"})
# "... while she's on leave", "as he is off next week": the one away, said as a he or a she (who is covered
# for, so the only word that ties a gender to them: the directory holds none)
AWAY_PRONOUN: Final = LazyPattern(
    r"\b(?:while|whilst|as|since|because|when|until)\s+(?P<pronoun>she|he)(?:\s+is|'s|\s+will\s+be|\s+was)?\s+"
    r"(?:on\s+(?:leave|holiday|vacation|sick\s+leave|maternity(?:\s+leave)?|paternity(?:\s+leave)?|"
    r"parental\s+leave)|off|away|out(?:\s+of\s+(?:the\s+)?office)?|absent|sick|ill)\b",
    re.IGNORECASE,
)
# "Noah Davis is covering Emma Wilson's accounts", "Noah will cover for Emma": who covers (who) for whom;
# "Noah is looking after Emma's customers", "Sam is covering UK sales for Priya": the work said between the
# verb and "for" (a few plain words, no one named in them) is still whose work it is (batches 41, 42)
COVERING_FOR: Final = LazyPattern(
    r"(?:^|,\s*|\band\s+)§(?P<who>\d+)§?\s+(?:is\s+|will\s+be\s+|'s\s+|will\s+|has\s+been\s+)?"
    r"(?:covering|cover|covers|standing\s+in|stands\s+in|stand\s+in|filling\s+in|fills\s+in|fill\s+in"
    # ("Noah is looking after Emma's customers", "Noah takes over from Emma": the same, said of her work;
    # nlu112, nlu113)
    r"|looking\s+after|looks\s+after|look\s+after|taking\s+over|takes\s+over|take\s+over|took\s+over)"
    r"\s+(?:(?:[a-z]+\s+){1,3}(?=for\s))?(?P<prep>for\s+|from\s+)?§(?P<whom>\d+)§?(?=\s|$|[,.;])"
)
# "the calendar of Mr. David Chen", "Ms Priya Patel": a title before a name is no word of the request (its
# full stop would end the sentence); "MS Teams" is no title
HONORIFIC: Final = LazyPattern(
    r"\b(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Miss)\.?\s+(?=[A-Z])|(?:mr|mrs|ms|mx|dr)\.\s*(?=[a-z]))"
)
# "Remove Rachel from the finance-team DL⏎Christine Lee stays on finance-team": a line break before a capital,
# after a line that does not reach on (a comma, "to", "the", a verb), ends a sentence; read as one, "stays"
# lost its subject and Christine was removed too. A wrapped line ("... give⏎Tom full access") reaches on.
LINE_REACHES_ON: Final = LazyPattern(
    r"(?:[,:;(&+/-]|\b(?:to|from|and|or|but|the|a|an|of|for|on|in|into|onto|off|with|as|at|by|than|give|grant|"
    r"add|put|remove|take|let|make|share|forward|his|her|their|my|our|your|its|please|pls|kindly|mr|mrs|ms|dr))"
    r"\s*$",
    re.IGNORECASE,
)
LINE_OPENS_SENTENCE: Final = LazyPattern(r"^\s*[A-Z]")
# "Tom Becker", "- ava@acme.com": a line that is one item of a list written a name a line (never cut off)
NLU111_ADDRESS_ITEM_LINE: Final = LazyPattern(r"[ \t]*(?:[-*•][ \t]*)?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+[ \t,;.]*")
LINE_LIST_BULLET: Final = LazyPattern(r"^\s*[-*•]\s*")
LINE_LIST_ITEM: Final = LazyPattern(
    r"^\s*(?:[-*•]\s*)?(?:[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}|[\w.+'-]+@[\w.-]+\w)\s*[,;]?\s*$"
)
# "things for Rachel:⏎- Rachel Green: full access to finance@⏎- add her to Finance Team": a bulleted line that
# asks a change of its own (it opens with a verb of change, or with a full name or address and a colon before
# what that one gets) is a sentence of its own, its bullet no dash; joined on with " - ", the dash was read as
# an aside ("Tom Becker - sales@ -") and the next item's verb as more of the one before (Finance Team was
# given full access to finance@ too). A bullet that only completes the line before ("Give Tom:⏎- full access
# to finance@") or names one item ("- Tom Becker") still reaches on (rules._lines_as_sentences)
# ("* send on behalf on the Billing mailbox", "* reviewer on Mike Smith's calendar": an item naming the right
# it asks, its verb left out, is as much a change of its own; joined on, its right was read as more of the
# item before, given to the list that item added to: nlu102)
LINE_BULLETED_REQUEST: Final = LazyPattern(
    r"^\s*(?:[-*•]|\d{1,2}[.)])\s+(?=(?i:(?:please\s+|pls\s+|also\s+|and\s+)?(?:"
    + one_of(CHANGE_VERBS)
    + r"|full[- ]access|send[- ]?as|send[- ]on[- ]behalf|(?:free[/ -]?busy|limited details|reviewer|editor)"
    r"(?=\s+(?:on|to|for)\b)))\b|(?:[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3}|[\w.+'-]+@[\w.-]+\w)\s*:\s*\S)"
)
# "Emma Wilson is helping Finance:⏎* add to Finance Team": a list change whose verb has its object left out,
# said under a lead that introduces one person; that one is added, as a right said alone is theirs (nlu102)
# "... ⏎* reviewer on Mike Smith's calendar": a level with whom it is for left out, under the same lead
LEVEL_LEFT_OUT: Final = LazyPattern(
    r"^(?:(?:please|pls|also|and)\s+)*(?:free[/ -]?busy|limited details|reviewer|editor)\s+(?:on|to|for)\b"
)
MEMBER_LEFT_OUT: Final = LazyPattern(
    r"^(?:(?:please|pls|also|and)\s+)*(?:add|put|remove|take)\s+(?:to|on|onto|into|off|from)\b"
)
# "..., automapping: no": a setting's colon is no clause break (read as "automapping no")
SETTING_COLON: Final = LazyPattern(r"\b(auto[- ]?map\w*)\s*[:=]\s*", re.IGNORECASE)
# "FA info@ -> jane@": an arrow written for "to"
ARROW: Final = LazyPattern(r"\s*(?:->|=>|→)\s*")
# "dl add marketing: ava@acme.com, tom@acme.com": after a colon, only the names the clause before wants
NAMES_ONLY: Final = LazyPattern(r"\s*§\d+§(?:\s*(?:,|and|&|,\s*and)\s*§\d+§)*\s*[.!]?\s*")
# "dl add marketing: ...", "list rm sales ...": admin shorthand, the list's name right after the verb
LIST_SHORTHAND: Final = LazyPattern(r"\b(?:dl|list|group)\s+(?:add|remove|rm|del)\s+$")
# "until she is back", "through next quarter": an end said in words the duration reader found no date in
OPEN_END: Final = LazyPattern(
    r"\b(?:until|till|til|thru|through(?!\s+to\b)|up until|for the (?:next|rest|remainder))\b"
)
BUT_WORD: Final = LazyPattern(r"but")
# "..., but only Ava gets send as", "... and only Tom joins all-hands": one of those named before gets one
# more thing, said as a clause of its own (its subject is who; never a second trustee for the part before)
ONLY_SUBJECT_GETS: Final = LazyPattern(
    r"^(?:(?:but|and)\s+)?(?:only|just)\s+§\d+§?\s+(?:also\s+|then\s+)?"
    r"(?:gets|should get|will get|is getting|needs|should have|can have|is to get|joins|should join|"
    r"gets added to|should be added to)\b"
)
# "..., but give him send as": "but" starts a clause of its own only before a change asked for outright
BUT_IMPERATIVE: Final = LazyPattern(
    r"(?:please |now |also |then |just |for now |kindly )*" + one_of(CORE_CHANGE_VERBS) + r"\b"
)
# "Mike is leaving next month, but for now just give Alex ...": after a comma, "but" and a change asked for
# outright start a clause of its own (the statement before is context, its "leaving" no revoke of this)
COMMA_BUT_IMPERATIVE: Final = LazyPattern(r"but\s+" + BUT_IMPERATIVE.pattern)
# "... and send as to his assistant §2": the person a right is given to, said right after it ("to", "for",
# "from" for a removal), a title or relation before the name allowed
RIGHT_GIVEN_TO: Final = LazyPattern(
    r"\b(?:to|for|from)\s+(?:(?:his|her|their|my|our|the|a|an)\s+)?(?:[a-z][a-z-]*\s+)?$"
)
# "Give Tom full access ...": a person with the right named right after them (no word between)
RIGHT_RIGHT_AFTER: Final = LazyPattern(r"^\s*(?:the\s+)?$")
# "the Project Phoenix M365 group", "Sales Microsoft 365 group": what kind of group, said between its name and
# "group" (never part of the name when the name without it is a group the directory knows)
GROUP_KIND_WORD: Final = LazyPattern(
    r"^\s+(?:m365|o365|microsoft\s+365|office\s+365|ms\s+365|unified|teams?|security|mail-enabled\s+security|"
    r"distribution|outlook)(?=\s+(?:group|list|dl|distribution\s+list)\b)",
    re.IGNORECASE,
)
# "Office 365", "Microsoft 365": a product's name; the word before "365" names no recipient
SUITE_NAME_AFTER: Final = LazyPattern(r"^\s*365\b")
# "Trim the Finance Team down so only Mike and Christine are left", "Only Mike and Christine should be on
# Finance Team", "Finance Team should only have Mike and Christine": every other member removed (said over a
# sentence with each mention masked as §N); read as TRIM_ONLY_LEFT_SAY
_ONLY_PEOPLE = r"(?P<people>§\d+(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)§\d+)*)"
_ONLY_GROUP = r"(?:the\s+)?(?P<group>§\d+)(?:\s+(?:group|list|dl|distribution list|team))?"
_ONLY_THERE = r"(?:\s+(?:in|on)\s+(?:it|there|the\s+(?:group|list)))?"
TRIM_ONLY_LEFT: Final = (
    LazyPattern(
        r"(?:please\s+)?(?:can you\s+|could you\s+)?(?:trim|cut|pare|slim|thin|prune|clear(?:\s+out)?|"
        r"empty(?:\s+out)?|purge|(?:remove|take)\s+(?:everyone|everybody|all(?:\s+the)?\s+members)\s+"
        r"(?:from|off|out\s+of))\s+(?:back\s+)?"
        + _ONLY_GROUP
        + r"\s+(?:down|back)?\s*(?:so\s+(?:that\s+)?|until\s+|to\s+)?(?:there\s+(?:is|are)\s+)?"
        + r"(?:just|only)\s+"
        + _ONLY_PEOPLE
        + r"(?:\s+(?:are|is)\s+(?:left|remaining|still there)|\s+(?:remains?|stays?)|\s+left)?"
        + _ONLY_THERE
        + r"\s*[.!?]?",
        re.IGNORECASE,
    ),
    LazyPattern(
        r"(?:please\s+)?only\s+" + _ONLY_PEOPLE + r"\s+(?:should|are to|need to|must)\s+(?:be|remain|stay)\s+"
        r"(?:left\s+)?(?:in|on)\s+" + _ONLY_GROUP + r"(?:\s+from now on)?\s*[.!?]?",
        re.IGNORECASE,
    ),
    LazyPattern(
        _ONLY_GROUP
        + r"\s+should\s+(?:only\s+(?:have|contain)|(?:have|contain)\s+only)\s+"
        + _ONLY_PEOPLE
        + _ONLY_THERE
        + r"(?:\s+from now on)?\s*[.!?]?",
        re.IGNORECASE,
    ),
    LazyPattern(
        r"(?:please\s+)?leave\s+(?:just|only)\s+"
        + _ONLY_PEOPLE
        + r"\s+(?:in|on)\s+"
        + _ONLY_GROUP
        + r"\s*[.!?]?",
        re.IGNORECASE,
    ),
)
# "except Mike and Christina": a name joined to the ones set apart that the directory does not know (a
# misspelling); dropped, the one it meant was taken off with everyone else
UNKNOWN_NAME_JOINED: Final = LazyPattern(
    r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|\+\s*)"
    r"(?!(?:Thanks|Thank|Please|Cheers|Regards|Best|Also|Then|But|And|Or|So|Ok|Okay|Actually|Sorry)\b)"
    r"(?P<name>[A-Z][\w'-]+)"
)
# "add zorblat and emma wilson to marketing", "Add Emma Wilson and Zorblat Quux to Marketing": a name the
# directory does not know, listed next to one it knows (rules._unknown_beside_known asks about it; a ready
# plan for the known one alone dropped it silently; nlu57)
_LISTED_JOIN = r"(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*\+\s*)"
_UNKNOWN_WORDS = r"(?P<name>[A-Za-z][\w'-]+(?:\s+[A-Za-z][\w'-]+)?)"
UNKNOWN_BEFORE_KNOWN: Final = LazyPattern(
    r"\b(?:add|adding|give|giving|grant|granting|remove|removing|put|invite|let|with)\s+"
    + _UNKNOWN_WORDS
    + _LISTED_JOIN
    + r"$",
    re.IGNORECASE,
)
UNKNOWN_AFTER_KNOWN: Final = LazyPattern(
    r"\s*"
    + _LISTED_JOIN.replace(r"\s+and", "and", 1)
    + _UNKNOWN_WORDS
    + r"(?=\s+(?:to|from|full|send|on|as|access|onto|into|off)\b)",
    re.IGNORECASE,
)
# ... the words that join or qualify a list of names, never a name ("..., not to Tom", "... and then over to")
NOT_A_LISTED_NAME: Final = frozenset(
    _words(
        "not then also only just but or over both either neither nor too plus instead rather even "
        "maybe perhaps later now soon again back all everyone anyone someone nobody none each same"
        " other others rest"
    )
)
RIGHT_WORDS_SAID: Final = LazyPattern(
    r"\b(?:full[- ]access|send[- ]as|send[- ]on[- ]behalf|access|fa|sob|permissions?|rights?|delegat\w*)\b"
)
# "Full access to the Support mailbox, and send as on it as well": a right said after ", and" with nothing
# but "on it" and "too" beside it is one more right of the same grant, as it is without the comma (nlu166:
# batch 54's form read it as a clause of its own, whom it is for and the form's end lost)
NLU166_COMMA_AND_RIGHT: Final = LazyPattern(
    r",\s*(?=and\s+(?:(?:also|then)\s+)?(?:full[- ]access|send[- ]as|send[- ]on[- ]behalf)"
    r"(?:\s+(?:on|to|for|of)\s+(?:it|that|that\s+one|the\s+same\s+mailbox))?"
    r"(?:\s+(?:as\s+well|too|also))?\s*(?:[.;!\n]|$))",
    re.IGNORECASE,
)
NLU166_COMMA_AND_RIGHT_SAY: Final = " "
# "give her editor access to my calendar and send on behalf on my mailbox": a mailbox right joined to a
# calendar share given to one person is given to that person too (nlu166: batch 54's e-mail read the
# calendar share alone and asked what the right was for); said with its verb and person again
NLU166_SHARE_AND_RIGHT: Final = LazyPattern(
    r"\b(?P<verb>give|grant)\s+(?P<who>[\w.'’@-]+(?:\s+[\w.'’-]+)?)\s+"
    r"(?:editor|reviewer|author|contributor|delegate|read[- ]only|view|edit)"
    r"(?:\s+(?:access|rights?|permissions?|level))?\s+(?:to|on|for)\s+"
    r"(?:my|his|her|their|[\w.'’-]+(?:\s+[\w.'’-]+)?['’]s?)\s+calendar\s*,?\s+and\s+"
    r"(?=(?:full[- ]access|send[- ]as|send[- ]on[- ]behalf)\s+(?:on|to|of|for)\s+"
    r"(?:my|his|her|their|the|[\w.'’-]+(?:\s+[\w.'’-]+)?['’]s?)\s+(?:[\w-]+\s+)?mailbox\s*(?:[.!\n]|$))",
    re.IGNORECASE,
)
NLU166_SHARE_AND_RIGHT_SAY: Final = "{verb} {who} "
UNKNOWN_BESIDE_KNOWN_ASK: Final = (
    "I could not tell who {name!r} is: name the person in full (or their address), or leave them out."
)
# "Trim the Finance Team so only Mike and Christine are left on the send as for billing@": the ones kept,
# said in a way no trim reading took (what is left where cannot be told); read as anything else, the ones
# said to stay were taken off
ONLY_KEPT_UNREAD: Final = LazyPattern(
    r"\b(?:only|just)\s+[^.;!?]+?\s+(?:(?:are|is)\s+(?:left|remaining|kept)|remains?|stays?)\b", re.IGNORECASE
)
TRIM_ONLY_LEFT_SAY: Final = "remove everyone from {group} except {people}"
# what may follow it in its sentence: nothing, or another part ("..., and add Ava to all-sales")
TRIM_ONLY_LEFT_REST: Final = LazyPattern(r"\s*(?:please\b\s*)?(?:$|[.!?;]|,|and\b|then\b)")
# "David asks that she be removed", "Priya requested that he gets send as": the one asking speaks of someone
# else (masked text: §N per mention)
ASKS_THAT_PRONOUN: Final = LazyPattern(
    r"§(?P<who>\d+)\s+(?:asks|asked|requests|requested|would like|wants|wanted)\s+that\s+(?P<whom>she|he)\s+"
    r"(?:be|is|gets?|should|must|needs?)\b"
)
# "Actually, I meant Marketing, add Tom there too": a change of its own after the fix, read as a sentence
# of its own (folded into the fix, it was lost)
FIX_THEN_CHANGE: Final = LazyPattern(
    r",\s*(?:and\s+)?(?=(?:please\s+)?(?:also\s+)?" + one_of(CORE_CHANGE_VERBS) + r"\b)", re.IGNORECASE
)
# (nlu111, red team 66) The change said again for the writer: "...; same for me.", "Me as well please.",
# "Me too.", "plus me": one more person, the requester, whom no step may be for yet ("fine by me too", "let me
# know as well", "send it to me too" are no such)
NLU111_ME_ADDED: Final = LazyPattern(
    r"\b(?:same|likewise|ditto)\s+(?:for|with)\s+me\b|\bsame\s+goes\s+for\s+me\b"
    r"|(?<!\bby\s)(?<!\bwith\s)(?<!\bto\s)(?<!\blet\s)(?<!\btell\s)(?<!\bhelp\s)(?<!\bshow\s)"
    r"\bme\s+(?:too|as\s+well|also)\b|\b(?:also|plus)\s+(?:for\s+)?me\b(?!\s+know\b)",
    re.IGNORECASE,
)
# (nlu162) "..., and the same for him", "the same on sales@acme.com": a change carried over by "the same"
# to the one named next (masked §N§). A him/her there is someone besides those its sentence names; a mailbox
# there after a list add is no one the list can take in (accounted.unaccounted)
NLU162_SAME_FOR: Final = LazyPattern(
    r"\b(?:the\s+)?(?:same|likewise|ditto)\s+(?:for|on|with|to|goes\s+for)\s+§(?P<n>\d+)§", re.IGNORECASE
)
NLU162_SENTENCE_BREAK: Final = LazyPattern(r"[.!?;\n]")
ADDS_TOO: Final = LazyPattern(r"\b(?:too|also|as well)\b", re.IGNORECASE)
# "... and Sam Taylor as its only member": a new list's member, said of the name itself
AS_ITS_MEMBER: Final = LazyPattern(r"as (?:its|the|a|an) (?:only |first |sole |founding )?members?\b")


# ---- the structural check (accounted.py) ---------------------------------------------------------------

# "..., and so does §3", "§2: yes", "same for §4", "§5 too": a clause that carries the change before over
# to someone; never a statement of how things are, whatever verb it lacks
ADDITIVE_CLAUSE: Final = LazyPattern(
    r"\b(?:so|as|nor|neither)\s+(?:does|do|did|should|can|will|would|is|are|has|have)\b"
    r"|§\d+§?\s*:\s*(?:yes|no|yep|nope|y|n|ok|okay|approved|denied|rejected)\b"
    r"|\b(?:same|likewise|ditto)\s+(?:for|with)\b|\bsame goes for\b"
    r"|§\d+§?\s+(?:too|as well|also)\b|\b(?:also|plus)\s+§"
    # "get rid of hr@", "wants Ken off it": a change said in words no action verb is
    r"|\b(?:get|got|getting)\s+rid\s+of\b|\b(?:ditch|dump|scrap|axe|nix|nuke|yank|kill)\b|§\d+§?\s+off\b"
    r"|\bsort(?:ed)?\s+(?:§\d+§?\s+)?out\b|\btake\s+care\s+of\b|\bdeal\s+with\b|\bdo\s+the\s+same\b",
    re.IGNORECASE,
)

# "Give Priya full access to Billing, it goes to Tom Becker": one more person it is for, or whose it is? With
# "too" / "as well" it is one more (read as such); said bare, it is asked (red team 31: Tom was left out).
# Never on a forwarding request, where where "it goes" is its target.
IT_GOES_TO_BARE: Final = LazyPattern(
    r"[,;]\s*(?:and\s+)?(?:it|this|that)\s+(?:goes|is|is\s+going|should\s+go|will\s+go)\s+to\s+"
    r"(?!be\b)(?P<who>(?:(?!\b(?:too|also|as\s+well)\b)[^,;.!?\n]){1,80}?)\s*(?:[.!?]|$)",
    re.IGNORECASE,
)
# "Give Ken full access to sales@, going to support@ next", "..., support@ later", "..., next support@": a
# mailbox said as one for later (a move ahead, or a change to make later): made now, it widens the plan
# beyond what is asked today; left out, the plan is short of what may be asked. Asked, never planned (nlu41's
# leftover planned both mailboxes ready). Over the masked request.
SAID_FOR_LATER: Final = LazyPattern(
    r"(?:[,;(]|\s[-–—])\s*(?:(?:and|but|then|so)\s+)*"
    r"(?:(?:(?:he|she|they|§\d+§)\s*(?:['’]s|['’]re|\s+is|\s+are|\s+will\s+be|\s+will)?\s+)?"
    r"(?:going|moving|heading|switching|rotating|off|on|move|go|switch|moves|goes|heads|switches|rotates)"
    r"\s+(?:over\s+)?(?:to|on(?:to)?)\s+)?"
    r"(?:the\s+)?(?P<what>§\d+§)(?:\s+(?:mailbox|inbox|one))?\s+"
    r"(?:next|later(?:\s+on)?|afterwards|after\s+that|after|soon|eventually|tomorrow)\b"
    # ("..., next week he moves to support": when first, then the move)
    r"|(?:[,;(]|\s[-–—]|[?!]|\.(?=\s))\s*(?:(?:and|but|then|so)\s+)*"
    r"(?:next\s+(?:week|month|monday|tuesday|wednesday|thursday|friday)|later(?:\s+on)?|afterwards|after\s+that|"
    r"tomorrow|soon|from\s+(?:next\s+)?(?:week|month|monday|tuesday|wednesday|thursday|friday))\s*,?\s+"
    r"(?:he|she|they|§\d+§)\s*(?:['’]s|['’]re|\s+is|\s+are|\s+will\s+be|\s+will)?\s*"
    r"(?:going|moving|heading|switching|rotating|move|go|switch|moves|goes|heads|switches|rotates)\s+"
    r"(?:over\s+)?(?:to|on(?:to)?)\s+(?:the\s+)?(?P<moved>§\d+§)"
    r"|(?:[,;(]|\s[-–—])\s*(?:(?:and|but|then|so)\s+)*(?:next|later|afterwards|after\s+that)\s*,?\s+"
    r"(?:on\s+|to\s+)?(?:the\s+)?(?P<then>§\d+§)(?=\s*(?:[,.;!?)]|$))",
    re.IGNORECASE,
    # (each part above says when: next, later, after, soon, tomorrow, a week, month or weekday)
    cue=r"next|later|after|soon|eventually|tomorrow|week|month|monday|tuesday|wednesday|thursday|friday",
)
SAID_FOR_LATER_ASK: Final = (
    "The request names {what} for later: should that change be made now too, or only later? Ask for what "
    "should change now (and ask again for {what} when it should change), or say it is for now too."
)
# "Give Tom full access to support@acme.com [billing@acme.com too?]", "(and billing@acme.com?)", "...,
# billing@ as well?", "..., maybe billing@?", "... - what about billing@?": one more slot said as a question,
# not asked for: granted with the rest, it widens the plan beyond the request (main planned billing@ too);
# asked (nlu62). The slot may be a person ("- and Ava?", "(and Ava?)", ". What about Ava?") or a right ("-
# what about send as?", "(full access too?)", "as reviewer - and editor?"): the same question of one more,
# never granted (red team 46). Said apart, after a full stop or a dash, a bare "... - Ava?", ". Send as?" is
# a question too; over the masked request, a bare "..., §1§?" (no bracket, no hedge, no "too") is left.
ASKED_AS_QUESTION: Final = LazyPattern(
    # ("... full access to support@ / send as?": a slash sets the one asked apart as a dash does, nlu72;
    # never the slash of "w/", "with": "share my calender w/ liam brown? reviewer is fine")
    r"(?:(?P<open>[\[(])|[,;]|(?P<apart>[.!]|\s[-–—]+|(?<!\bw)\s*/)|\s(?=(?:and|or|plus)\s+(?:maybe|perhaps|possibly)\s))\s*"
    r"(?P<lead>(?:(?:and|or|also|plus|maybe|perhaps|possibly|what\s+about|how\s+about)\s+)*)"
    r"(?:(?:for|to|on|as)\s+)?(?:the\s+)?"
    r"(?:(?P<what>§\d+§)(?:\s+(?:mailbox|inbox|list|one|calendar))?"
    r"|(?P<right>full[- ]access|send[- ]?as|send[- ]on[- ]behalf|editor|reviewer|free[/ -]?busy|"
    r"limited\s+details)(?:\s+(?:rights?|permissions?|access))?)"
    # ("..., send as too if possible?": a hedge after it leaves it a question, nlu72)
    r"(?P<tail>(?:\s+(?:too|as\s+well|also|maybe|perhaps|possibly|please|pls|"
    r"if\s+(?:possible|poss|you\s+can|that'?s\s+(?:ok|okay|fine|alright|possible)|it'?s\s+(?:ok|okay|possible))))*)"
    r"\s*\?+\s*[\])]?",
    re.IGNORECASE,
    cue=r"\?",
)
ASKED_AS_QUESTION_ASK: Final = (
    "The request asks about {what} as a question: should the change be made for {what} too? Say the change "
    "for each (or leave {what} out)."
)
ASKED_RIGHT_AS_QUESTION_ASK: Final = (
    "The request asks about {what} as a question: should {what} change too? Say each right that should "
    "change (or leave {what} out)."
)
IT_GOES_TO_ASK: Final = (
    "The request says it goes to {who}: should {who} get it too, or is that whose it is? Say whom the change "
    'is for (for example "... and the same for {who}").'
)

# Asides over the masked request (§N§ per mention) that name someone or something no step is for; every
# §N§ inside a match is accounted for (accounted.py). Each alternative is a kind of aside:
_M = r"§\d+§"
# A reason told after the request about someone's state (masked text): "Cancel the forwarding on
# careers@, Maria is back from leave", "Delete the Marketing list, Jane has moved everyone to Teams": why,
# never whom the change is for (cut by rules._without_references, an aside for accounted.py)
_STATE_REASON = (
    r"(?:(?:,|;|\s[-–])\s*(?:(?:since|because|as|now\s+that)\s+)?|\s+(?:since|because|now\s+that)\s+)(?:the\s+)?§\d+§(?:\s+§\d+§)?(?:\s+(?:team|department|dept|folks|people|guys|lot))?\s+(?:"
    r"(?:is|['’]s|are|has\s+been|was)\s+back(?:\s+(?:from|at|in)\s+(?:(?:her|his|their|the)\s+)?"
    r"(?:leave|holiday|holidays|vacation|sick\s+leave|parental\s+leave|maternity\s+leave|paternity\s+leave|"
    r"work|office|trip))?"
    r"|(?:has|have|['’]s|had)\s+(?:already\s+)?moved\s+(?:everyone|everybody|all\s+of\s+them|them|the\s+team|"
    r"the\s+members|the\s+people)\s+(?:over\s+)?to\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?"
    # ", Finance works from the shared mailbox now": where they work now (no one named there)
    r"|(?:works|work|is\s+working|are\s+working)\s+(?:from|in|out\s+of)\s+(?:the\s+|a\s+)?"
    r"[a-z][\w-]*(?:\s+[a-z][\w-]*)?"
    # ", christine off sick", ", Ken is out ill": someone away, told bare (batch 21)
    r"|(?:(?:is|['’]s|are|has\s+been|was)\s+)?(?:off|out|away|home)\s+(?:sick|ill|on\s+(?:sick\s+)?leave)"
    r"|(?:(?:is|['’]s|are|has\s+been|was)\s+)?(?:sick|ill|on\s+(?:sick|parental|maternity|paternity)\s+leave)"
    # ", my manager Priya Patel is fine with it": who agreed, never whom it is for (batch 22)
    r"|(?:is|['’]s|are|was)\s+(?:fine|ok|okay|happy|good|cool|alright|all\s+right)\s+with\s+(?:it|this|that)"
    r"|(?:has\s+|have\s+)?(?:approved|okayed|ok['’]?d|agreed\s+to|signed\s+off\s+on)\s+(?:it|this|that)"
    # ", marketing answers a lot of those emails": who handles the mail now, never whom it is for
    r"|(?:answers|handles|deals\s+with|replies\s+to|answer|handle|deal\s+with|reply\s+to|monitors|"
    r"monitor|looks\s+after|look\s+after|takes\s+care\s+of|take\s+care\s+of|"
    # (", the hr team reads them": "them" is a masked mention here; the team's mailbox was granted too)
    r"reads|read|checks|check"
    # (", Maria is reading it herself again": the same, said as going on now; nlu134)
    r"|(?:is|['’]s|are|['’]re)\s+(?:now\s+)?(?:reading|checking|answering|handling|monitoring|"
    r"dealing\s+with|replying\s+to|looking\s+after|taking\s+care\s+of))\s+"
    r"(?:(?:a\s+lot\s+of|lots\s+of|most\s+of|many\s+of|all\s+of|some\s+of|half\s+of)\s+)?"
    r"(?:those|these|the|its|them|their|that|it|§\d+§)"
    r"(?:\s+(?:emails|e-mails|mails|messages|requests|queries|tickets))?"
    r"(?:\s+(?:herself|himself|themselves|themself|itself))?)"
    r"(?:\s+(?:now|today|again|already|instead|this\s+week|at\s+the\s+moment|right\s+now))?(?=\s*(?:[,.;!]|$))"
)
STATE_REASON: Final = LazyPattern(
    _STATE_REASON,
    cue=r"back|moved|work|off|out|away|home|sick|ill|leave|with|approved|ok|agreed|signed|answer|handle|deal"
    r"|repl|monitor|look|take|read|check|handling|taking",
)
# Who reads, answers, checks or handles the mail, told after the request in more ways than _STATE_REASON
# knows (red team 35): ", and the hr team reads them", ", the team in hr@ reads them", "(the hr team reads
# them)", ", the hr team also reads them", ", the hr and finance teams read them", ", the people on hr@ read
# them", ", hr@ reads them too", ", the hr team reads those and finance too", "... and so does Tom Becker",
# "... and Tom Becker answers those". A reason over the masked request, never one more mailbox or trustee.
_READER_VERB = (
    r"(?:reads|read|checks|check|answers|answer|handles|handle|monitors|monitor|replies\s+to|reply\s+to|"
    r"deals\s+with|deal\s+with|looks\s+after|look\s+after|looks\s+at|look\s+at|goes\s+through|go\s+through|"
    r"takes\s+care\s+of|take\s+care\s+of|processes|process|triages|triage|works\s+on|work\s+on|"
    r"covers|cover|is\s+covering|are\s+covering)"
)
_READER_OBJECT = (
    r"(?:(?:a\s+lot\s+of|lots\s+of|most\s+of|many\s+of|all\s+of|some\s+of|half\s+of)\s+)?"
    r"(?:(?:those|these|them|it|that|§\d+§)(?:\s+(?:emails|e-mails|mails|messages|requests|queries|tickets))?"
    # (", the hr team checks mail for Ava Johnson": whose mail the team handles, told after a grant; why,
    # never one more trustee nor the team's mailbox granted too: nlu46)
    r"|(?:(?:the|their|all|any|incoming)\s+)?(?:mail|mails|email|emails|e-mail|e-mails|inbox|messages|post)"
    r"\s+(?:for|of|on\s+behalf\s+of|addressed\s+to|sent\s+to)\s+§\d+§(?:\s+§\d+§)?"
    # (", the hr team checks for Ava", ", Maria covers for Chris": the mail noun left out; whom they stand in
    # for, never one more grant: nlu48)
    r"|for\s+§\d+§(?:\s+§\d+§)?)"
)
_READER_TOO = r"(?:\s+(?:too|also|as\s+well|now|today|already|anyway|mostly|normally|usually))*"
_READER_WHO = (
    r"(?:the\s+)?(?:(?:team|teams|people|folks|guys|staff|members|users|ones|everyone|everybody)\s+"
    r"(?:in|on|at|from|of|behind)\s+(?:the\s+)?)?"
    r"§\d+§(?:\s*(?:,|and|&|\+|or)\s*(?:the\s+)?§\d+§)*"
    r"(?:\s+(?:team|teams|department|departments|dept|folks|people|guys|lot|staff|mailbox|inbox))?"
)
_READER_MORE = (
    r"(?:\s*,?\s*(?:and|&|\+)\s+(?:"
    rf"so\s+(?:does|do)\s+{_READER_WHO}{_READER_TOO}"
    rf"|{_READER_WHO}(?:\s+(?:also|too))?\s+{_READER_VERB}\s+{_READER_OBJECT}{_READER_TOO}"
    rf"|{_READER_WHO}\s+(?:too|also|as\s+well)"
    # ("... reads those and finance too": a team said bare, not a mention)
    r"|(?:the\s+)?[a-z][\w-]*(?:\s+(?:team|teams|department|dept|folks|people|guys|lot))?\s+(?:too|also|as\s+well)"
    r"))*"
)
_WHO_READS_THEM = (
    r"(?:(?:,|;|\s[-–—]|[?!]|\.(?=\s))\s*(?:(?:and|since|because|as|now\s+that|cause|cos|coz)\s+)?"
    r"|\s+(?:since|because|now\s+that)\s+|\s*\(\s*(?:(?:since|because|as)\s+)?"
    # (what is left once a ruled-out part before it is cut: "Don't remove Emma from careers@, the hr team
    # reads them, just give Liam full access"; said of "the" someone, never a person said bare)
    r"|^\s*(?=the\s))"
    rf"{_READER_WHO}(?:\s+(?:also|too|both|all|normally|usually|mostly))?\s+{_READER_VERB}\s+"
    rf"{_READER_OBJECT}{_READER_TOO}{_READER_MORE}\s*\)?"
    r"(?=\s*(?:[,.;!)]|$))"
)
WHO_READS_THEM: Final = LazyPattern(
    _WHO_READS_THEM,
    re.IGNORECASE,
    # (the reading verb follows a space)
    cue=r"\s(?:read|check|answer|handl|monitor|repl|deal|look|go|take|process|triag|work|cover)",
)
# what a reader is said to read, inside a WHO_READS_THEM match: "them" (a pronoun mention) is the mail the
# request is about; a mailbox or a person named there ("..., and Ken checks billing@") may be one more change
# (rules._reader_names_what asks)
READ_WHAT: Final = LazyPattern(
    rf"\b{_READER_VERB}\s+(?:(?:a\s+lot\s+of|lots\s+of|most\s+of|many\s+of|all\s+of|some\s+of|half\s+of)\s+)?"
    r"§(?P<n>\d+)§",
    re.IGNORECASE,
)
READ_WHAT_ASK: Final = (
    "The request says {said!r}: is that only why, or should something change for {what} too? Say that change "
    "as its own request if there is one."
)
# "..., the hr team reads them and so does Tom Becker": who else reads them, never the change for one more
READER_SAID: Final = LazyPattern(rf"\b{_READER_VERB}\s+(?:them|those|these|it|that)\b", re.IGNORECASE)
ACCOUNTED_ASIDE: Final = LazyPattern(
    # a comparison: "like Mike Smith has", "the same ... that John Miller has", "similar to Ken", "just as
    # Ken does for Christine", "Chris Lee has send as ... and I need the same"
    # (a name after "as" is cut as a claim of who asks, so it may stand as a word)
    # ('send as billing@' is a right, never a comparison: red team 28)
    rf"(?<!send\s)(?<!send-)(?<!send)"
    rf"\b(?:like|as|than|similar\s+to|same\s+as|same\s+way)\s+(?:{_M}|\w+(?=\s+(?:does|did|do|has|had|have)\b))"
    rf"(?:\s+(?:and|with|for|on)\s+{_M})?"
    rf"(?:['’]s)?(?:\s+(?:has|had|have|does|did|got|gets)\b(?:\s+(?:it\s+)?(?:with|for|on)\s+{_M})?)?"
    rf"|\b(?:that|which)\s+{_M}\s+(?:has|had|have|got|gets)\b"
    rf"|\b(?:copy|mirror|clone|match)\s+{_M}"
    rf"|^{_M}\s+(?:has|had|got|can|already\s+has)\b.{{0,80}}?\b(?:same|too|as well|that too|likewise)\b"
    rf"|\b(?:like|as)\s+you\s+did\s+(?:for|with)\s+{_M}"
    # a cover or a reason: "to cover for Chris Lee", "while Mike is out", "standing in for Sarah"
    rf"|\b(?:cover(?:ing)?|standing\s+in|stand\s+in|filling\s+in|fill\s+in)\s+for\s+{_M}"
    rf"|\bwhile\s+{_M}\s+(?:is|are|was|'s)\b[^,;.]*"
    # (nlu144) what a team or someone does meanwhile: "... while HR recruits", "while Finance closes the
    # books" (never one said to get or need something: "while Tom gets send as")
    rf"|\bwhile\s+{_M}\s+(?!(?:gets|needs|has|wants|takes|receives|keeps|loses)\b)[a-z]+s\b[^,;.]*"
    # a relation: "Ken's assistant", "Ken's successor Tom", "works for Priya Patel", "reports to Priya"
    rf"|{_M}(?:['’]s|['’])?\s+(?:new\s+)?(?:assistant|deputy|successor|new\s+starter|starter|replacement|manager|boss|"
    rf"team|pa|ea|colleague|direct\s+report|report)\b"
    rf"|(?:^|\b(?:and|so|but)\s+){_M}\s+(?:works|reports)\s+(?:for|to|with)\s+{_M}"
    rf"|\b(?:works|reports|working|reporting)\s+(?:for|to|with)\s+{_M}"
    # where someone works or moves: "moved to the finance team", "helping the Sales team", "moved to sales
    # ops", "is moving to HR next week"; "I've moved into sales ops" (batch 48 asked what changes for Sales;
    # nlu145)
    # ("..., moving him to sales": whom the move is of said after it; nlu158)
    rf"|\b(?:moved|moving|transferred|transferring|moves)(?:\s+(?:him|her|them|{_M}))?\s+(?:over\s+)?(?:to|into)\s+"
    rf"(?:the\s+)?{_M}"
    rf"|\b(?:helping|in|from|with|joined|joining)\s+the\s+{_M}\s+(?:team|department|dept|ops)\b"
    # a description: "careers@, which has jobs@ as its primary address", "Priya, who manages it,"
    rf"|,\s*(?:which|who)\s+[^,;.]*"
    # a sign-off: the name alone at the end ("... to careers@. Maria", "... Thanks, Ken")
    rf"|(?:^|[.!?\n]\s*)(?:(?:thanks|thx|cheers|regards|best)[,\s]*)?{_M}(?:\s*\(\s*{_M}\s*\))?\s*[.!]?\s*$"
    # what someone holds, told: "Ethan has full access to support@", "Olivia already forwards her mail"
    rf"|\b(?:has|have|had|holds?)\s+(?:got\s+)?"
    rf"(?:full[- ]?(?:mailbox[- ])?access|send[- ]?as|send[- ]on[- ]behalf)"
    rf"|\balready\s+(?!been\b)\w+[^.;,]*"
    # a reason telling someone's state: ", Maria is back from leave", ", Jane has moved everyone to Teams"
    rf"|{_STATE_REASON}"
    # who reads the mail, told after the request (red team 35)
    rf"|{_WHO_READS_THEM}"
)

# "... Cc: Ava Johnson", "cc Ava": someone copied on the message, never whom it asks for; a he/she in it may
# still mean them
COPIED_IN: Final = LazyPattern(
    r"(?:^|(?<=[\s.;,(]))(?:b?cc(?:['’]?d|['’]?ing)?|copying(?:\s+in)?|copied(?:\s+in)?)\s*[:\-]?\s+(?P<who>[^\n]+)",
    re.IGNORECASE,
)
# "... CC David Chen (new manager).": one copied in with the role they are told in, in brackets, ending the
# text: a bystander (their manager, who approves or owns), never whom a he/she before means
# (rules._copied_in); a copied "(his replacement)", "(full access to billing@)" is no bystander: asked
COPIED_BYSTANDER: Final = LazyPattern(
    r"^[^()\n]*\(\s*(?:(?:the|his|her|their|new|line|acting|interim)\s+)*(?:manager|boss|supervisor|team\s+lead|"
    r"head\s+of\s+\w+|director|approver|mailbox\s+owner|owner|fyi|for\s+info(?:rmation)?|for\s+visibility)"
    r"\s*\)\s*[.!]?\s*$",
    re.IGNORECASE,
)
# A part said after the request that tells who else is told, why or for whom it is, or who asked, naming
# someone or something no change is for (red team 29): "..., cc Ava", "..., cc: hr@", "..., looping in Ava",
# "..., with Ava in copy", "(Ava manages it)", "(managed by Ava)", "..., for Ava's project", "..., for the
# billing@ project", "..., covering for Ava", "..., ticket raised by Ava", "..., manager: Ava". Cut before the
# request is read (rules._context_asides); a he/she said elsewhere may still mean one copied in (COPIED_IN).
# Only after a comma, semicolon, dash or bracket, and only to the end of that part: a Cc inside the sentence
# ("so cc her on it") or a person the request is about ("Ken is covering for Olivia - give him ...") stays.
# the role of one copied in, in brackets: "cc Priya Patel (VP Sales)"
_COPIED_ROLE = r"(?:[ \t]*\([^()\n]{1,40}\))?"
_ASIDE_END = r"(?=[ \t]*(?:[,;!?)\n]|\.(?=\s|$)|\s[-–—]\s|$))"
# (never over a change asked for: "..., cc Ava and give her send as on it" is a request, read as one)
_ASIDE_WHO = (
    r"(?:(?![,;!?()]|\.(?:\s|$)|\s[-–—]\s|\b(?:please|pls|also)\b|\b" + one_of(CHANGE_VERBS) + r"\b).){1,80}?"
)
# whom the requester (or someone named) helps or works with, told as the reason (CONTEXT_ASIDE; nlu63)
_HELPER = (
    r"(?:(?:i['’]?m|i\s+am|i['’]ll\s+be|i\s+will\s+be|i['’]ve\s+been|i\s+have\s+been|we['’]re|we\s+are|"
    r"they['’]re|they\s+are|he['’]s|he\s+is|she['’]s|she\s+is)\s+)?"
    r"(?:helping(?:\s+out)?|assisting|supporting|working(?:\s+closely)?\s+with|partnering\s+with|"
    r"pairing\s+with|teaming\s+up\s+with)"
    # (the plain verb only after its subject: "..., support mailbox too" is one more target)
    r"|(?:i|we|they|he|she)\s+(?:help(?:s)?(?:\s+out)?|assists?|supports?|works?(?:\s+closely)?\s+with)"
)
_HELPING = rf"(?:{_HELPER})(?!\s+(?:me|us|it|this|that|them)\b)"
# work passing from one person to another, told as why (nlu123: "Please give Ava send as on the Info mailbox
# - she's taking over the website enquiries from me" granted the requester too): the one after "from" hands
# the work over, the one after "handing over to" takes it; neither is whom the change is for. A subject said
# is a pronoun ("Tom is taking over from me" may name one more person: never cut); the work between is a few
# plain words, never "it" or a right or mailbox handed on ("I'm handing it over to Ava": rules._handed_over)
_SUCCESSION_SUBJECT = (
    r"(?:i|he|she|they|we)(?:\s*['’]\s*(?:s|m|re|ll|ve|d)|\s+(?:is|am|are|was|were|will|has|have|had|would))?"
    r"(?:\s+(?:be|been))?\s+(?:(?:now|just|also|soon|officially|gradually)\s+)?"
)
_SUCCESSION_WORK = r"(?:\s+(?!(?:from|to|over|and|but|or|then)\b)[\w'’/&.@-]+){1,6}?"
_HANDED_WORK = (
    r"(?:\s+(?!(?:it|this|that|them|these|those|from|to|over|and|but|or|then)\b)"
    r"(?!(?:access|send|rights?|permissions?|delegat\w*|calendars?|mailbox(?:es)?|inbox(?:es)?|forwarding)\b)"
    r"[\w'’/&-]+){1,6}?"
)
# (whom, up to the end of the clause: "... from me and Tom needs it too" joins a change on)
_SUCCESSION_WHO = r"(?:(?!\s(?:and|but|then|so|plus|or|also|&)\b|\s[-–—]\s)(?:[^,;!?()\n.]|\.(?=\S))){1,60}?"
TAKEN_OVER_FROM: Final = (
    rf"(?:{_SUCCESSION_SUBJECT})?"
    rf"(?:(?:taking|takes|take|took|taken)(?:\s+over(?:{_SUCCESSION_WORK})?|{_SUCCESSION_WORK}\s+over)"
    rf"|(?:picking|picks|pick|picked)\s+up{_SUCCESSION_WORK}|(?:inheriting|inherits|inherit|inherited)"
    rf"{_SUCCESSION_WORK})\s+from\s+"
)
HANDING_OVER_TO: Final = (
    rf"{_SUCCESSION_SUBJECT}(?:handing|hands|hand|handed|passing|passes|pass|passed)"
    rf"(?:\s+over(?:{_HANDED_WORK})?|{_HANDED_WORK}\s+over)\s+to\s+"
)
# where the people of a list are now, told as why it goes (batch 30 deleted Engineering too: "Please delete
# the distribution group contractors@acme.com, the contractors are on Engineering now"; nlu63): "...,
# they're all in Engineering now", "... since they moved to Engineering", "... - Engineering has them all now"
# (the requester too: "please remove me from all-sales, I'm in sales ops now" removed the Sales mailbox as
# well; nlu77)
_PEOPLE_NOW = (
    r"(?:they|the\s+[\w-]+(?:\s+[\w-]+)?|everyone|everybody|all\s+of\s+them|those\s+people|these\s+people"
    r"|he|she|i|we)"
)
_MOVED_TO = r"(?:moved|gone|went|transferred|switched|migrated)(?:\s+over|\s+across)?\s+(?:to|into|onto)"
_WHERE_NOW = (
    rf"(?:{_PEOPLE_NOW})\s*(?:"
    # (a verb is said: "..., the new starters in Sales too" is one more list, never cut)
    # (where they are now, never were: "- he was on Sales before" may tell which Tom)
    r"(?:are|is|am|['’]re|['’]s|['’]m)\s+(?:all\s+|both\s+)?(?:now\s+|already\s+)?"
    rf"(?:on|in|part\s+of|members\s+of|based\s+in|{_MOVED_TO})"
    r"|(?:(?:have|['’]ve|has|had)\s+)?(?:all\s+|both\s+)?(?:now\s+|already\s+)?(?:been\s+)?"
    rf"{_MOVED_TO}"
    # where they work: "he works in sales now", "I sit with Finance these days"
    r"|(?:now\s+)?(?:work|works|working|sit|sits|sitting)\s+(?:in|on|with|for)(?:\s+the)?)\s+(?=[^\s,;.])"
)
_HAS_THEM_NOW = (
    r"\s+(?:has|have|holds?|includes?|covers?|['’]s\s+got|has\s+got)\s+"
    r"(?:them|everyone|everybody|all\s+of\s+them|them\s+all|those\s+people|these\s+people)"
    r"(?:\s+(?:all|now|these\s+days|already|anyway))*"
)
# "..., the rest goes to Ava too": said of one more person the change is for (never an aside's end)
_NOT_TOO = r"(?<!\btoo)(?<!\balso)(?<!\bas\swell)"
_THEIR_ROLE = (
    r"(?:my|his|her|their|our|the)\s+(?:new\s+)?(?:line\s+)?"
    r"(?:manager|boss|supervisor|approver|team\s+lead|lead|director|head|sponsor)"
)
# "Please let Maria know once it's done - grant Grace send on behalf on Info", "..., and tell Maria", "ping
# Maria when done": someone to be told, never a trustee, member or grantee (batch 26 granted Maria too);
# cut wherever it stands, to the end of its part (rules._context_asides; nlu49)
_NOTIFIED = r"(?!(?:me|us|myself|you|them|him|her|it|this|that)\b)[a-z][\w.@'’-]*(?:\s+[\w.@'’-]+){0,3}?"
_NOTIFY_WHEN = (
    r"(?:\s+(?:once|when|after|as\s+soon\s+as|if)\b(?:(?!\s[-–—]\s)[^,;!?:\n.]){0,40}?)?"
    r"(?:\s+(?:about\s+(?:it|this|that)|too|as\s+well|please|pls|thanks|thx))*"
)
NOTIFY_ASIDE: Final = LazyPattern(
    r"(?i:(?:^|(?<=[,;:.!?(\n])|[ \t][-–—](?=\s)|[ \t]+and(?=\s))[ \t]*"
    r"(?:(?:please|pls|plz|kindly|also|and|then|can\s+you|could\s+you)[ \t]+)*"
    # ("let Tom know when Olivia is busy": a calendar share said as what Tom is to know; never cut)
    r"(?:let\s+" + _NOTIFIED + r"\s+know(?!\s+(?:when|if|whether)\s+"
    r"(?!(?:it|this|that|everything|all|the\s+\w+|you|u)\b)[\w'’.-]+(?:\s+[\w'’.-]+)?\s+"
    r"(?:is|are|['’]s|has|have|will|gets?)\b)"
    r"|(?:keep|get)\s+" + _NOTIFIED + r"\s+(?:posted|informed|updated|in\s+the\s+loop)"
    r"|loop\s+" + _NOTIFIED + r"\s+in"
    r"|(?:tell|inform|notify|ping|loop\s+in)\s+"
    + _NOTIFIED
    + r"(?=\s+(?:once|when|after|as\s+soon\s+as|if|about)\b|[ \t]*(?:[,;!?:)\n]|\.(?=\s|$)|\s[-–—]\s|$)))"
    + _NOTIFY_WHEN
    + r"(?=[ \t]*(?:[,;!?:)\n]|\.(?=\s|$)|\s[-–—]\s|$)))",
    # (each part above holds one of these words)
    cue=r"(?i:know|posted|inform|updat|loop|tell|notify|ping)",
)
# (nlu130, red team 71 class 3) Whom the requester has already consulted, or whom the result is to be
# told or copied to, said as a part of its own after the request ("- confirmed with Mike", "- checked with
# Mike already", "- I asked Mike first", "- Mike to cc", ", please confirm to Mike when done", "- Mike has
# been consulted", "- Tom to confirm receipt"): context, never a trustee, member or grantee (Mike was given
# Tom's access). A precondition still to be met ("check with Mike first", "Mike to confirm", "once Mike
# confirms") is no part of this: it is asked (NLU125_ASK_FIRST) or waited for (NLU87_AWAITS_APPROVAL)
# (nlu138, red team 73 class 9) what a consulted aside (NLU130_CONSULTED_ASIDE) may hide when it is cut:
# on a forwarding request a copy ("Liam Brown to cc", "to be copied in") is one more place the mail may go,
# which forwarding does not do quietly; a he / him / she / her said after it, with nobody named between,
# may be its person ("Add Tom to all-sales, I've pinged Liam, remove him from Atlas"): both asked
NLU138_ASIDE_COPY: Final = LazyPattern(r"\b(?:b?cc(?:['’]?d)?|copied|copy)\b", re.IGNORECASE)
# (and "himself" / "herself": "he said yes, he wants send as himself as well" is the consulted one's own need;
# nlu139)
NLU138_PRONOUN_AFTER_ASIDE: Final = LazyPattern(
    r"\b(?:he|him|his|she|her|hers|himself|herself)\b", re.IGNORECASE
)
NLU138_ASIDE_COPY_ASK: Final = (
    "Should {said!r} mean the mail is forwarded to them too, or only that they are told? Mail can be "
    "forwarded to one address; say whom it goes to."
)
NLU138_ASIDE_PRONOUN_ASK: Final = "Who is {pronoun!r}: {before} or the person in {said!r}? Say the name."
_NLU130_DONE_ADVERBS = (
    r"(?:\s+(?:already|first|earlier|beforehand|before(?:\s+(?:sending|asking|writing))?|yesterday|today|"
    r"this\s+morning|about\s+(?:it|this|that)|on\s+(?:it|this|that)|by\s+(?:e-?mail|phone|chat)|too|as\s+well))*"
)
_NLU130_ASIDE_BODY = (
    # (a stop inside an address is no sentence's end: "... billing@acme.com. Ava is copied ..."; nlu145)
    r"(?:^|(?<=[,;:!?(\n])|(?<=\.)(?=\s)|[ \t][-–—](?=\s))[ \t]*(?:(?:and|also|fyi)[ \t]+)*(?:"
    # past: "confirmed with Mike", "I've checked with Mike", "we ran it by Mike", "spoke to Mike about it"
    # (nlu143: "previously agreed with HR" granted hr@ too)
    r"(?:(?:i|we)(?:['’]ve|\s+have|['’]d|\s+had)?\s+)?(?:(?:already|previously|earlier|also|just)\s+)?"
    r"(?:(?:confirmed|checked|cleared|discussed|agreed)(?:\s+(?:it|this|that))?\s+with"
    r"|(?:ran|run)\s+(?:it|this|that)\s+(?:by|past)|(?:spoke|spoken|talked|chatted)\s+(?:to|with))\s+"
    + _NOTIFIED
    + _NLU130_DONE_ADVERBS
    # past, the requester as subject: "I asked Mike first", "we've informed Mike", "I cc'd Mike"
    # (nlu143: "- asked Mike, sure": the "I" left out, the aside said first in its part)
    + r"|(?:(?:i|we)(?:['’]ve|\s+have|['’]d|\s+had)?\s+|(?<=[-–—,;:]\s)|^)"
    r"(?:(?:already|previously|earlier|also|just)\s+)?"
    r"(?:asked|consulted|told|informed|notified|cc['’]?d|bcc['’]?d|copied(?:\s+in)?|e-?mailed|messaged|pinged"
    r"|looped\s+in)\s+"
    + _NOTIFIED
    + _NLU130_DONE_ADVERBS
    # past passive: "Mike has been consulted", "Mike was cc'd"
    + r"|"
    + _NOTIFIED
    + r"\s+(?:has|have|had)?\s*(?:been|was|were|is|are)\s+(?:already\s+)?(?:consulted|informed|told|notified|"
    r"cc['’]?d|bcc['’]?d|copied(?:\s+in)?|looped\s+in|aware|in\s+the\s+loop)"
    + _NLU130_DONE_ADVERBS
    # future, the one told or copied: "Mike to cc", "Mike to be informed", "Tom to confirm receipt"
    + r"|"
    + _NOTIFIED
    + r"\s+to\s+(?:b?cc|be\s+(?:b?cc['’]?d|copied(?:\s+in)?|informed|told|notified|updated|looped\s+in|"
    r"kept\s+(?:posted|informed|in\s+the\s+loop))|confirm\s+receipt|acknowledge(?:\s+receipt)?)"
    # the requester to confirm or report to someone: ", please confirm to Mike when done"
     + r"|(?:(?:please|pls|plz|kindly|and|then|can\s+you|could\s+you)[ \t]+)*"
    r"(?:confirm|report|reply|respond|write)(?:\s+(?:it|this|that))?(?:\s+back)?\s+to\s+"
    + _NOTIFIED
    + r")"
    + _NOTIFY_WHEN
)
# (a he / she / they after the aside, and what they said that agrees: "..., he's fine with it", "and he
# agreed", "he said no problem")
_NLU130_THEY_SAID = r"[ \t]*[,;:.]?[ \t]*(?:[-–—][ \t]*)?(?:and[ \t]+|but[ \t]+|so[ \t]+)?"
_NLU130_AGREES = (
    r"(?:(?:['’]s|['’]re|\s+is|\s+was|\s+are|\s+has|\s+have)?\s+(?:also\s+)?(?:fine|ok|okay|happy|good|agreed"
    r"|approved|signed\s+off)\b"
    # (nlu138: "..., he said no problem" granted the one consulted) an agreement said as what they said
    r"|\s+(?:says?|said)\s+(?:(?:it['’]s|that['’]s|it\s+is)\s+)?(?:fine|ok|okay|yes|good|no\s+problem|go\s+ahead"
    # (nlu143: "- checked with Mike, he gave the ok" asked) an agreement said in other words
    r"|sure|yep|yeah|yup|all\s+good|go\s+for\s+it|no\s+objections?)\b"
    r"|\s+(?:(?:has|had)\s+)?(?:gave|given|gives)\s+(?:it\s+|(?:me|us)\s+)?(?:the|his|her|their|a|an)\s+"
    r"(?:ok|okay|go-?ahead|green\s+light|thumbs[\s-]up|nod|all[\s-]clear|blessing|approval|sign-?off)\b"
    r"|(?:['’]s|\s+is|\s+was|['’]re|\s+are)\s+(?:on\s+board|cool\s+with|ok\s+with|okay\s+with)\b"
    r"|\s+(?:has|had)\s+no\s+(?:objections?|problem|issue|concerns?)\b)"
    # (nlu140, red team 75 A: "he said it's fine but to wait until Monday" read the wait as the end) an
    # agreement with a condition said after it is no agreement: asked (NLU140_ASIDE_THEN_COMMENT)
    r"(?!(?:[ \t]+[\w'’]+){0,3}?[ \t]*,?[ \t]+(?:but|as\s+long\s+as|provided|only\s+if|if|once|after|"
    r"on\s+condition|so\s+long\s+as|unless|until)\b)"
)
# ("Rachel and Christine are copied so they know Ken will be booking time": why they are told, what they
# learn, is neither a say on the change nor a condition: a held-out survivor asked)
_NLU140_TOLD_SO = (
    r"\s+(?:know|knows|are\s+aware|is\s+aware|can\s+see|see|sees|stays?\s+in\s+the\s+loop|"
    r"(?:are|is)\s+in\s+the\s+loop|can\s+plan|can\s+prepare|are\s+informed|is\s+informed)\b"
)
# (a he / she after the aside who is only told why: "..., so she knows" names no one the change is for)
NLU140_TOLD_SO_AT: Final = LazyPattern(_NLU140_TOLD_SO, re.IGNORECASE)
# (nlu143: "- asked Mike, sure" asked whom it was for) the one consulted's answer said bare after the aside,
# when it agrees, is cut with it; a bare "no" is asked (NLU143_ASIDE_BARE_NO)
_NLU143_BARE_YES = (
    r"(?:[ \t]*[,:;][ \t]*(?:[-–—][ \t]*)?(?:and[ \t]+)?(?:sure|yes|yep|yeah|yup|ok|okay|fine|all\s+good|"
    r"no\s+problem|no\s+objections?|go\s+ahead|approved|agreed|👍)(?:[ \t]*!+)?)?"
)
# (nlu145, batch 48: "Maria is copied as she usually looks after my diary" asked what changes for the diary)
# why the one told is told, said as their reason ("as she ...", "because he ...", "since they ..."), is part
# of the aside, up to its sentence's end (a line wrapped inside it goes on in lower case); never a want of
# theirs ("... as she needs send as too": that one is left to be read, and asked)
_NLU145_TOLD_BECAUSE = (
    r"(?:[ \t]+(?:as|because|since|cos|cause)[ \t]+(?:he|she|they)(?![\w'’-])"
    r"(?!(?:[^.;!?\n]|\n(?=[ \t]*[a-z]))*\b(?:needs?|wants?|should|must|requires?|asked|asks|will\s+need|"
    r"would\s+like|get|gets|have|has\s+to|too|as\s+well)\b)"
    r"(?:[^.;!?\n]|\n(?=[ \t]*[a-z]))*)?"
)
NLU130_CONSULTED_ASIDE: Final = LazyPattern(
    r"(?i:"
    + _NLU130_ASIDE_BODY
    + _NLU145_TOLD_BECAUSE
    + _NLU143_BARE_YES
    + r"(?=[ \t]*(?:[,;!?:)\n]|\.(?=\s|$)|\s[-–—]\s|$)"
    # ("I cc'd Mike so he knows": why he is told ends the aside as a comma would)
    r"|[ \t]+so[ \t]+(?:that[ \t]+)?(?:he|she|they)" + _NLU140_TOLD_SO + r")"
    # (a he/she/they right after it may be the one consulted or the one the change is for: "I talked to Mike,
    # he wants send as too" is left to the rules that ask whom it means)
    # ("..., he's fine with it": the one consulted agreeing, PRONOUN_APPROVES, asks for nothing)
    # ("..., so he knows": why they are told, _NLU140_TOLD_SO, asks for nothing either)
    r"(?!"
    + _NLU130_THEY_SAID
    + r"(?:he|she|they)(?![\w-])(?!"
    + _NLU130_AGREES
    + r")(?!"
    + _NLU140_TOLD_SO
    + r")))",
    cue=r"(?i:confirm|check|clear|discuss|agreed|ran|run|spok|talk|chat|ask|consult|told|inform|notif|cc|cop"
    r"|mail|messag|ping|loop|aware|receipt|acknowledg|report|repl|respond|write)",
)
# (nlu140, red team 75 A, A3) a consulted aside followed by what the one consulted said or is yet to do
# ("- I talked to Mike, he refused", "- I asked Mike first, he is yet to approve", "his ok is outstanding"):
# their comment, unless it agrees (_NLU130_AGREES), decides whether the change may go ahead. Left uncut, the
# aside read as a request made "I" (the requester) and Mike grantees; cut, the refusal or the approval still
# to come would be lost. Both are asked. (A want said of them, "he wants send as too", may be the trustee's:
# NLU130_CONSULTED_ASIDE's note; "he wants to think about it" is a comment.)
NLU140_ASIDE_THEN_COMMENT: Final = LazyPattern(
    r"(?i:" + _NLU130_ASIDE_BODY + r"(?=" + _NLU130_THEY_SAID + r"(?:(?:his|her|their)(?![\w-])"
    r"|(?:he|she|they)(?![\w-])(?!" + _NLU130_AGREES + r")(?!" + _NLU140_TOLD_SO + r")"
    r"(?!\s+(?:also\s+)?(?:wants?|needs?)\s+(?!to\b)))))",
    cue=r"(?i:confirm|check|clear|discuss|agreed|ran|run|spok|talk|chat|ask|consult|told|inform|notif|cc|cop"
    r"|mail|messag|ping|loop|aware|receipt|acknowledg|report|repl|respond|write)",
)
# (what they said: up to the end of its sentence)
NLU140_COMMENT_END: Final = LazyPattern(r"[.!?;\n](?=\s|$)|\s[-–—]\s")
NLU140_ASIDE_COMMENT_ASK: Final = (
    "You said {said!r} and then {comment!r}: should the change go ahead as asked, and for whom? "
    "Say so once they have agreed."
)
# (nlu140, red team 75 A2) "Liam left last Friday - Tom takes over, give him full access": the one taking
# over, said as an aside (CONTEXT_ASIDE) and cut, left "him" to the one who left. A he / him / she / her said
# after it, with nobody named between, is asked: never given to the one who left
NLU140_TAKES_OVER: Final = LazyPattern(
    r"\b(?:takes|will\s+take|is\s+taking|can\s+take)\s+(?:it\s+|this\s+|that\s+)?over\b", re.IGNORECASE
)
NLU140_TAKES_OVER_ASK: Final = "Who is {pronoun!r}: {said!r} or {before}? Say the name."
CONTEXT_ASIDE_VERBS: Final = (
    r"manages|owns|runs|looks\s+after|administers|administrates|approved|requested|raised|asked\s+for|"
    r"signed\s+off|created|set\s+up|is\s+in\s+charge\s+of|is\s+the\s+owner\s+of|is\s+responsible\s+for"
)
CONTEXT_ASIDE_BY: Final = (
    r"managed|owned|run|looked\s+after|administered|approved|requested|raised|logged|opened|filed|submitted|"
    r"reported|created|set\s+up|authori[sz]ed|signed\s+off|ok['’]?d|okayed|sponsored|escalated"
)
CONTEXT_ASIDE_FOR: Final = (
    r"project|work|launch|campaign|event|migration|audit|rollout|roll-out|review|onboarding|handover|"
    r"hand-over|ticket|request|case|deal|client|programme|program|initiative|workstream|pilot|trial|visit"
)
# doing the work that a right was for ("Rachel handles it now"): CONTEXT_ASIDE
WORK_NOW_VERBS: Final = (
    r"(?:handles?|handling|looks?\s+after|looking\s+after|runs?|running|does|doing|manages?|managing|"
    r"covers?|covering|owns?|deals?\s+with|dealing\s+with|takes?\s+care\s+of|taking\s+care\s+of|"
    r"taken\s+over|took\s+over|taking\s+over|takes\s+over|in\s+charge\s+of|monitors?|monitoring|"
    r"answers?|answering|"
    # "Stop forwarding the Careers mailbox, Maria will work it herself now" (batch 35 asked about Maria)
    r"works?|working)"
)
# how someone does that work: "directly", "herself", "in-house", "on her own"
_WORK_MANNER: Final = (
    r"(?:direct(?:ly)?|personally|in[- ]house|(?:her|him|them)sel(?:f|ves)|themself|"
    r"(?:on|by)\s+(?:her|his|their)\s+own|by\s+(?:her|him|them)sel(?:f|ves))"
)
_HANDED_IT = r"(?:hand(?:ing)?|pass(?:ing)?)\s+(?:it|that|this)(?:\s+over|\s+on)?"
_HANDED_REST = (
    r"(?:leave|hand(?:ing)?|pass(?:ing)?)\s+(?:the\s+rest|the\s+others?|everything\s+else|it|that|this)"
    r"(?:\s+over|\s+on)?|(?:the\s+rest|the\s+others?|everything\s+else)(?:\s+over|\s+on)?(?:\s+(?:is|goes))?"
)
CONTEXT_ASIDE: Final = LazyPattern(
    # "Delete the Contractors list since they moved to Engineering": where they are now, told as why (nlu63)
    rf"[ \t]+(?:since|because|now\s+that)[ \t]+{_WHERE_NOW}{_ASIDE_WHO}{_NOT_TOO}{_ASIDE_END}|"
    # work passing on, told as why with no comma before it: "... as she's taking over from me" (nlu123)
    rf"[ \t]+(?:as|since|because|now\s+that|while)[ \t]+{TAKEN_OVER_FROM}{_SUCCESSION_WHO}{_ASIDE_END}|"
    # the handover joined by "and" or "then": "Remove Tom from Marketing and hand it over to Priya" (Priya was
    # removed), "Give Tom full access to support@, then hand it over to Chris" (Chris left out)
    rf"(?:[ \t]+and(?:[ \t]+then)?|[,;][ \t]*(?:and[ \t]+)?then)[ \t]+"
    rf"(?:(?P<handed2>{_HANDED_IT}\s+to\s+{_ASIDE_WHO}{_NOT_TOO})"
    rf"|(?:{_HANDED_REST})\s+to\s+{_ASIDE_WHO}{_NOT_TOO}){_ASIDE_END}|"
    # a copy said with no comma before it, in any case, with or without a colon: "... on info@ cc Olivia",
    # "Add Emma to Contractors fyi David", "..., CC Priya Patel (VP Sales)" (red team 52 granted Olivia and
    # added David): the one copied is a bystander, as after a comma
    rf"[ \t]+(?P<copy_inline>(?:b?cc|fyi)[ \t]*:?[ \t]+{_ASIDE_WHO}{_COPIED_ROLE}){_ASIDE_END}|"
    # a bracket telling who runs, owns or asked for it: "(Ava manages it)", "(managed by Ava)"
    rf"[ \t]*\((?:{_ASIDE_WHO}\s+(?:{CONTEXT_ASIDE_VERBS})"
    rf"(?:\s+(?:it|this|that|them|these|those|the|its)(?:\s+(?:list|group|dl|mailbox|inbox|calendar|team|one))?)?"
    rf"|(?:(?:the\s+)?(?:ticket|request|case)\s+)?(?:{CONTEXT_ASIDE_BY})\s+by\s+{_ASIDE_WHO})\s*\)"
    # a part of its own after the request
    rf"|(?:(?:(?<=[,;(])|[ \t][-–—](?=\s))[ \t]*(?:"
    # a copy: "cc Ava", "cc: hr@", "bcc'd Ava", "copying in Ava", "looping in Ava", "keep Ava in the loop",
    # "with Ava in copy", "Ava in cc"
    # (named: on a forwarding request a copy may be one more place the mail goes, never cut there)
    rf"(?P<copy>(?:b?cc(?:['’]?d|['’]?ing)?|copying(?:\s+in)?|copy\s+in|copied(?:\s+in)?|loop(?:ing|ed)?\s+in)"
    rf"\s*[:\-]?\s+{_ASIDE_WHO}(?:\s+(?:just\s+|only\s+)?for\s+(?:info|information|visibility|reference"
    rf"|awareness|the\s+record|transparency))?{_COPIED_ROLE}"
    rf"|(?:and\s+)?(?:keep(?:ing)?|kept)\s+{_ASIDE_WHO}\s+in\s+the\s+loop"
    rf"|(?:with\s+)?{_ASIDE_WHO}\s+(?:in\s+(?:copy|cc|the\s+loop)|(?:b?cc['’]?d|copied)(?:\s+in)?)"
    # ("..., Olivia is copied for info", "cc'ing Olivia for visibility": whom the copy informs, why; nlu52)
    rf"(?:\s+(?:(?:just\s+|only\s+)?for\s+(?:info|information|(?:her|his|their)\s+information|visibility"
    rf"|reference|awareness|the\s+record|transparency)|fyi|fwiw))?)"
    # for whose work: "for Ava's project", "for the billing@ project", "for Ava Johnson's launch"
    rf"|(?:(?:this|that|it)\s+is\s+|it['’]s\s+)?for\s+(?:the\s+|a\s+)?{_ASIDE_WHO}\s+(?:{CONTEXT_ASIDE_FOR})s?"
    # a cover: "covering for Ava", "standing in for Ava", "while covering for Ava", "I'm covering for Mike"
    # (the one covering said without a "while": batch 32 asked whom "..., I'm covering for Mike" was for)
    rf"|(?:(?:while|as|since|because)\s+)?(?:(?:i['’]?m|i\s+am|i['’]ll\s+be|i\s+will\s+be|we['’]re|we\s+are|"
    rf"they['’]re|they\s+are|he['’]s|he\s+is|she['’]s|she\s+is)\s+)?"
    rf"(?:covering|cover|standing\s+in|filling\s+in|sitting\s+in|deputi[sz]ing)\s+for\s+{_ASIDE_WHO}"
    # whom someone helps or works with, told as why (batch 30 added Olivia too: "Please add me to the
    # Project Atlas group, I'm helping Olivia with it"; nlu63): "..., I'm working with Ava on it"
    rf"|(?:(?:while|as|since|because)\s+)?{_HELPING}\s+{_ASIDE_WHO}"
    # work passing on, told as why: "- she's taking over the enquiries from me", "..., he's handing over to
    # Ava" (nlu123; named: a handover to someone on a grant is asked, rules._handed_over)
    rf"|(?:(?:while|as|since|because|now\s+that)\s+)?{TAKEN_OVER_FROM}{_SUCCESSION_WHO}"
    rf"|(?P<handed_to>(?:(?:while|as|since|because|now\s+that)\s+)?{HANDING_OVER_TO}{_SUCCESSION_WHO}{_NOT_TOO})"
    # where the people are now: "the contractors are on Engineering now", "Engineering has them all now"
    rf"|(?:(?:since|as|because|now\s+that)\s+)?{_WHERE_NOW}{_ASIDE_WHO}{_NOT_TOO}|{_ASIDE_WHO}{_HAS_THEM_NOW}"
    # who asked: "ticket raised by Ava", "requested by Ava", "as requested by Ava"
    rf"|(?:as\s+)?(?:(?:the\s+|a\s+)?(?:ticket|request|case|incident|call)\s+)?(?:{CONTEXT_ASIDE_BY})\s+by\s+{_ASIDE_WHO}"
    # who approves it: "- David Chen approves", ", Priya has signed off", "; Ava OK'd it" (red team 52 added
    # David): an approver, never one more target
    # (nlu130: "- Mike to sign off" is a sign-off still to come, asked as NLU125_ASK_FIRST; never cut)
    # (nlu143: "Delete the Contractors list - HR asked" took hr@ off the list) who asked for it: "- HR asked",
    # "- Ava asked for it", "- Mike requested it", "- HR wanted this"
    rf"|{_ASIDE_WHO}(?<![ \t]to)\s+(?:(?:has|have|had)\s+(?:already\s+|previously\s+|also\s+)?)?"
    rf"(?:approves|approved|signs?\s+off|signed\s+off|"
    rf"ok(?:s|['’]?d|['’]?ed|ays|ayed)|okays|okayed|agrees|agreed|sanctioned|authori[sz]ed"
    rf"|asked(?:\s+for(?=\s+(?:it|this|that)\b)|\s+(?:me|us)(?:\s+to)?)?|requested|wanted(?=\s+(?:it|this|that)\b)"
    # ("- Mike gave it the green light": an approval said with "gave", never Mike given the access)
    rf"|gave\s+(?:it\s+|this\s+|that\s+)?(?:the|a|an|his|her|their)\s+(?:ok|okay|go-?ahead|green\s+light"
    rf"|thumbs[\s-]up|nod|all[\s-]clear|blessing|approval|sign-?off))"
    rf"(?:\s+(?:on\s+)?(?:it|this|that))?"
    rf"(?:\s+(?:already|too|as\s+well))?"
    # who someone is to them: "Ava is my manager", "my manager is Ava", "Ava is his line manager"
    rf"|{_ASIDE_WHO}\s+(?:is|was|['’]s)\s+{_THEIR_ROLE}|{_THEIR_ROLE}\s+(?:is|was)\s+{_ASIDE_WHO}"
    # a handover of what is left: "leave the rest to Ava", "hand it over to Ava", "the rest to Ava", "Ava will
    # do the rest" (nlu31 found "Remove Tom from Marketing, leave the rest to Priya" removing Priya too)
    # ("it goes to Tom too", "this is for Tom as well": one more person it is for, never an aside; "it"
    # and "that" go over only with a verb that hands them: red team 31 read "..., it goes to Tom Becker too"
    # as a handover and left Tom out)
    # (named: "hand it over to Ava" may hand over the mail or the right itself; rules._handed_over reads it)
    rf"|(?P<handed>{_HANDED_IT}\s+to\s+{_ASIDE_WHO}{_NOT_TOO})"
    rf"|(?:{_HANDED_REST})\s+to\s+{_ASIDE_WHO}{_NOT_TOO}"
    rf"|{_ASIDE_WHO}\s+(?:will|can|should|is\s+going\s+to)\s+(?:do|handle|take\s+care\s+of|sort(?:\s+out)?)\s+"
    rf"the\s+rest"
    # who does the work now, told as the reason: "Rachel handles it day to day now", "Tom runs it now",
    # "Rachel Green looks after it now", "Ava is handling the billing mailbox these days" (batch 21:
    # "Take away my full access to the Billing mailbox, Rachel handles it day to day now" asked about Rachel)
    rf"|{_ASIDE_WHO}\s+(?:(?:is|['’]s|are|has|have|will)\s+)?(?:now\s+|already\s+)?{WORK_NOW_VERBS}"
    rf"(?:\s+(?:it|this|that|them|the\s+[\w-]+(?:\s+(?:mailbox|inbox|list|box|account|calendar))?"
    rf"|[\w.+-]+@[\w.-]+))?"
    # (how they do it: "rachel's handling it direct now", "Tom deals with it himself now")
    rf"(?:\s+{_WORK_MANNER})?"
    rf"(?:\s+(?:day[- ]to[- ]day|now|these\s+days|from\s+now\s+on|going\s+forward|instead|full[- ]time"
    rf"|for\s+us))+"
    # "..., Priya takes over", "...; Priya will take over" (red team 32: the one taking over was removed too)
    rf"|{_ASIDE_WHO}\s+(?:takes|will\s+take|is\s+taking|can\s+take)\s+(?:it\s+|this\s+|that\s+)?over"
    # a label: "manager: Ava", "approver: Ava", "requested by: Ava", "ticket: INC123"
    rf"|(?:line\s+)?(?:manager|approver|approved\s+by|requester|requested\s+by|raised\s+by|submitted\s+by|"
    rf"reported\s+by|sponsor|ticket|ref|reference|cost\s+cent(?:re|er)|department|dept)\s*[:#]\s*{_ASIDE_WHO}"
    # why one leaves, said of their own part: ", my part is done", ", his work there is finished", "- her
    # bit's over now" (batch 25, nlu44; said of someone by name, ", Ken's part is done", it may be one more
    # to take off: never cut)
    rf"|(?:my|his|her|their|our)\s+(?:part|bit|work|role|job|involvement|time|stint|assignment)"
    rf"(?:\s+(?:there|here|on\s+it|in\s+it|on\s+(?:the|that|this)\s+project))?\s*"
    rf"(?:is|['’]s|has\s+been|was)\s+(?:now\s+|all\s+)?"
    rf"(?:done|finished|over|complete|completed|wrapped\s+up|ended)(?:\s+(?:now|already))?"
    rf")"
    # the same handover joined with "and" (red team 32): "Remove Tom from Marketing and hand it over to
    # Priya", "Leave Project Atlas and hand over to Maria", "... and (then) pass it on to Ava" (a verb of
    # handing over is said: "... and the rest to Ava" or "and give it to Ava" is no aside)
    # (never after a right taken from someone by name: "Revoke Tom's send as on billing@ and hand it to Ava"
    # is that right moved to Ava, REVOKED_THEN_GIVEN; rules._context_asides keeps it)
    rf"|(?P<and_handover>[ \t]+and(?:[ \t]+then)?[ \t]+(?:(?:hand(?:ing)?|pass(?:ing)?|leave|leaving)"
    rf"(?:\s+(?:the\s+rest|the\s+others?|everything\s+else|it|that|this))?(?:\s+over|\s+on)?\s+to\s+{_ASIDE_WHO}"
    rf"|let\s+{_ASIDE_WHO}\s+take\s+(?:it\s+|this\s+|that\s+)?over))"
    rf"){_ASIDE_END}",
    re.IGNORECASE,
    # (each part above holds one of these: a handover, a bracket's end, a copy, whose work, a cover, "by", a
    # role, "now" and the like, "over", a label's colon, a part done; where none is said, the ten
    # phrasings that start with a name of up to 80 characters are not tried after every comma)
    cue=rf"hand|pass|leav|rest|other|everything\s+else|\)|\bb?cc|fyi|\bcop|loop|{CONTEXT_ASIDE_FOR}|cover|"
    rf"approve|sign|\bok|agree|ask|request|want|sanction|authori|gave|"
    rf"standing\s+in|filling\s+in|sitting\s+in|deputi|help|assist|support|partner|pairing|teaming|"
    rf"moved|gone|went|transferr|switched|migrated|\bon\s|\bin\s|part\s+of|members\s+of|\bha[sv]e?\s|"
    rf"holds?|includ|['’]s\s+got|\bby\s|manager|boss|supervisor|approver|lead|director|"
    rf"head|sponsor|\snow\b|day|going\s+forward|instead|full[- ]time|for\s+us|over|[:#]|done|finished|"
    rf"complete|wrapped|ended|inherit|pick",
)
HANDED_OVER_ASK: Final = (
    "The request says {said!r}: should they get it too, or is that work handed over to them? Say whom the "
    "change is for."
)
# ---- red team 37 (nlu50): the requester's own doing, an aside in brackets, a reason after "for" ----
# what the requester does themselves, told after the request: "..., want to check before i send the
# invite to Ava", "... before i send the invite to Ava", "... after i talk to Ava", "..., i'll tell Ava",
# "..., I will let Ava Johnson know", "..., i'll check the hr inbox after", "..., I'm handing it over to
# her"; whom it names is no recipient and what it names no target (red team 37 granted the requester and
# Ava too): cut
_OWN_DOING_VERB = (
    r"(?:send(?!\s+(?:as|on\s+behalf))|sending(?!\s+(?:as|on\s+behalf))|email|emailing|e-mail|e-mailing|"
    r"message|messaging|text|texting|ping|pinging|call|calling|phone|phoning|ring|ringing|tell|telling|"
    r"let(?:ting)?\s+(?:[\w.@'’-]+\s+){1,3}know|inform|informing|notify|notifying|talk|talking|speak|speaking|"
    r"chat|chatting|meet|meeting|catch\s+up|catching\s+up|check|checking|double[- ]check|confirm|confirming|"
    r"follow\s+up|following\s+up|brief|briefing|reach\s+out|reaching\s+out|"
    r"(?:hand|handing|pass|passing)\s+(?:it|this|that)\s+(?:over|on)\s+to\s+(?:her|him|them))"
)
# (to the end of the sentence, no comma, nor a change joined on: "..., i'll tell Ava and add her to Sales")
_OWN_DOING_REST = r"(?:(?!\s+(?:and|then|also|plus|but|or|&)\s)[^,;.!?\n()])*(?=\s*(?:[.;!?\n]|$))"
_OWN_DOING_FILLER = r"(?:(?:also|then|just|first|quickly|personally|myself)\s+)*"
OWN_DOING_AFTER: Final = LazyPattern(
    r"(?:[,;]|\s[-–—])\s*(?:and\s+|then\s+|so\s+)?"
    r"(?:(?:i\s+)?(?:just\s+)?(?:want|wanna|need|have|got)\s+to\s+"
    r"(?:check|confirm|double[- ]check|make\s+sure|see)\s+(?:(?:it|this|that|first)\s+)*)?"
    r"(?:(?:before|after|once|when|so\s+that|so)\s+i|i['’]ll|i\s+will|i\s+shall|i['’]m\s+going\s+to|"
    r"i\s+am\s+going\s+to|i['’]m|i\s+am)\s+"
    + _OWN_DOING_FILLER
    + _OWN_DOING_VERB
    + r"\b"
    + _OWN_DOING_REST
    + r"|\s+(?:before|after|once)\s+i\s+"
    + _OWN_DOING_FILLER
    + _OWN_DOING_VERB
    + r"\b"
    + _OWN_DOING_REST,
    re.IGNORECASE,
)
# ---- red team 39 (nlu54): the requester's own doing in any wording, told after a complete request:
# "..., I'll add Ava to All Hands myself", "..., I'm adding Ava ... myself", "..., I've added Ava ...
# already", "(I'll ...)", "- I'll ...", "..., i will add Ava to all-hands later", "..., I'll do Ava
# myself", "..., we'll add Ava ... ourselves", ". I'll add Ava ... myself", "..., I'll deal with Tom
# myself": the first person doing it themselves ("myself", "ourselves", "already", "later", "I'll deal
# with / do / handle X") is no step (red team 39 granted the requester, Ava and Tom too): cut to the end
# of the sentence. Never a wish ("I want", "we need") nor a clause a change is joined on to ("... and add
# Ken to Sales")
_OWN_REST = r"(?:(?!\s+(?:and|then|also|plus|but|or|&)\s)[^,;.!?\n()])"
_OWN_SUBJECT = (
    r"(?:i|we)(?:['’](?:ll|m|ve|re|d)|\s+(?:will|shall|am|are|have|had|can|would))?\s+"
    r"(?!(?:also\s+|really\s+|just\s+)*(?:want|wanna|need|wish|require|would\s+like|['’]d\s+like|like|"
    r"ask|asking|request|requesting)\b)"
)
OWN_DOING_SELF: Final = LazyPattern(
    r"(?:(?P<open>\s?\()|[,;.!]|\s[-–—])\s*(?:and\s+|but\s+|so\s+|then\s+)?"
    + _OWN_SUBJECT
    + r"(?:(?:(?:also|just|then|personally|already)\s+)*"
    r"(?:(?:deal|dealing)\s+with|do|doing|handle|handling|take\s+care\s+of|taking\s+care\s+of|"
    r"sort|sorting)\b"
    + _OWN_REST
    + r"*|"
    + _OWN_REST
    + r"*?\b(?:myself|ourselves|already|later|personally|on\s+(?:my|our)\s+own|separately)\b"
    + _OWN_REST
    + r"*)(?(open)\)|(?=\s*(?:[.;!?\n]|$)))"
    # ("..., adding Ava to All Hands myself": the same, said with no subject)
    r"|[,;]\s*(?:and\s+)?(?:adding|removing|giving|granting|doing|handling|sorting)\b"
    + _OWN_REST
    + r"*?\b(?:myself|ourselves)\b"
    + _OWN_REST
    + r"*(?=\s*(?:[.;!?\n]|$))",
    re.IGNORECASE,
)
# "...; Ava's send as I'll do later", "...; the send as for Ava I'll sort myself", "...; Ava's I'll handle
# tomorrow", "... Noah's full access we'll deal with next week": the same own doing, told with what is done
# first and the doing after it; no step (main gave Ava Send As on the requester's own mailbox; nlu62). What
# is done is a few words with no change joined on ("and add Ken ..."); the doing ends the sentence
OWN_DOING_OBJECT_FIRST: Final = LazyPattern(
    r"(?:[,;!]|\.(?=\s)|\s[-–—])\s*(?:(?:and|but|as\s+for)\s+)?"
    r"(?!(?:and|then|also|plus|so|but|or|please|pls|i|we)\b)"
    r"(?:(?!(?:and|then|also|plus|or|&)\s)[^\s,;!?()]*[^\s,;.!?()]\s+){1,7}?"
    r"(?:i|we)(?:['’](?:ll|m)|\s+(?:will|shall|can|am|are|(?:am|are)\s+going\s+to)|['’]m\s+going\s+to)\s+"
    r"(?:(?:also|just|then|personally|probably)\s+)*"
    r"(?:do|handle|sort(?:\s+out)?|deal\s+with|take\s+care\s+of|look\s+(?:at|into)|set\s+up|"
    r"doing|handling|sorting(?:\s+out)?|dealing\s+with|taking\s+care\s+of|setting\s+up)"
    r"(?:\s+(?:it|that|this|them|those|out))?"
    r"(?:\s+(?:myself|ourselves|later(?:\s+on)?|tomorrow|separately|personally|afterwards|after|soon|"
    r"on\s+(?:my|our)\s+own|next\s+(?:week|month|monday|tuesday|wednesday|thursday|friday)|another\s+time|"
    r"(?:this|tomorrow)\s+(?:morning|afternoon|evening)|today))*"
    r"(?=\s*(?:[.;!\n]|$))",
    re.IGNORECASE,
    cue=r"\b(?:i|we)['’\s]",
)
# "...; myself, I'll add Ava to All Hands", "..., personally I'll add Ava ...": the same own doing, the
# "myself" said first (red team 39 added Grace and Ava too; nlu55)
OWN_DOING_SELF_FIRST: Final = LazyPattern(
    r"(?:[,;.!]|\s[-–—])\s*(?:and\s+|but\s+|so\s+|then\s+)?(?:myself|ourselves|personally|me)\s*,?\s*"
    + _OWN_SUBJECT
    + _OWN_REST
    + r"*(?=\s*(?:[.;!?\n]|$))",
    re.IGNORECASE,
)
# "..., I also want Ava added to All Hands", ". We'd like Tom given send as too": a change asked after a
# complete request, told as the requester's wish; it is a request of its own, read as one ("..., and have
# Ava added ..."), never the requester ("I") one more member or trustee (red team 39 granted Grace, Tom and
# Ava everything; nlu55). rules._read rewrites it only after something asked before it
WISH_JOINED: Final = LazyPattern(
    r"(?<=[,;.!])(?P<lead>\s*)(?:(?:and|but|also|plus|oh)\s+)*(?:i|we)\s+"
    r"(?:(?:also|really|just|would|will|do|still|then)\s+)*(?:want|need|(?:would|['’]d)\s+(?:also\s+)?like)\s+"
    r"(?=[^,;.!?\n]{1,60}?\s+(?:added|removed|given|granted|put|taken|dropped|pulled|kicked|included)\b)",
    re.IGNORECASE,
)
# the same first-person clause with a change joined on that OWN_DOING_SELF left: "..., I'll add Ava to All
# Hands and tell her myself": what the requester does and what is asked cannot be told apart; asked
# (rules._read)
OWN_DOING_SELF_JOINED: Final = LazyPattern(
    r"(?:[,;.!]|\s[-–—]|\s?\()\s*(?:and\s+|but\s+|so\s+|then\s+)?(?P<said>"
    + _OWN_SUBJECT
    + r"[^,;.!?\n()]*?\b(?:myself|ourselves|already|later|personally|on\s+(?:my|our)\s+own|separately)\b)",
    re.IGNORECASE,
)
# "See approval below - please give Noah Davis send as on sales@": a pointer at the quoted approval, opening
# the request; no "see" to read as a look-up (batch 29 read the send as holders of sales@ not the grant)
POINTER_OPENER: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:(?:please|pls|kindly)\s+)?(?:see|find|check|read)\s+"
    r"(?:the\s+|my\s+|our\s+|their\s+|her\s+|his\s+)?(?:manager['’]?s?\s+|owner['’]?s?\s+)?"
    r"(?:approval|e-?mail|thread|message|note|sign[- ]off|go[- ]ahead|ok)\s+"
    r"(?:(?:from|by)\s+[^-–—:,;.!?\n]{1,40}?\s+)?(?:below|underneath|attached|above)"
    r"\s*(?:[-–—:,;]+\s*|\.\s+)(?=\S)",
    re.IGNORECASE,
)
# "On behalf of Sam Taylor - Tom needs full access ...", "Writing on behalf of Sam Taylor - please give Tom
# ...": who the request is filed for, opening it before a dash; when the rest names someone else, the change
# is theirs alone, as after ":" (red team 39 granted Sam too; nlu54). "... - he needs ..." is still Sam's.
ON_BEHALF_DASH_OPENER: Final = LazyPattern(
    r"^\s*(?:(?:i['’]m\s+|i\s+am\s+)?(?:writing|asking|emailing|messaging)\s+|this\s+is\s+)?"
    r"on[- ]behalf\s+of\s+[^-–—:,;.!?\n()]{1,80}?\s+[-–—]+\s+",
    re.IGNORECASE,
)
# "On behalf of Emma Wilson: stop her mail forwarding": the same opener before a colon, read as before a dash
# ("her" is Emma, as "On behalf of Emma Wilson - stop her ..." reads it; it was left unresolved; nlu57)
ON_BEHALF_COLON_OPENER: Final = LazyPattern(
    r"^(?P<head>\s*(?:(?:i['’]m\s+|i\s+am\s+)?(?:writing|asking|emailing|messaging)\s+|this\s+is\s+)?"
    r"on[- ]behalf\s+of\s+[^-–—:,;.!?\n()]{1,80}?)\s*:\s+",
    re.IGNORECASE,
)
ON_BEHALF_COLON_SAY: Final = r"\g<head> - "
# "cc: Sarah Connor - Chris needs ...": a copied-in label heading the message, its colon read as a space so
# that the name stays with its label (engine.TOLD_BEFORE cuts it as told; the colon split it off; nlu74)
CC_COLON_OPENER: Final = LazyPattern(
    r"^(?P<head>\s*(?:cc|cc'd|fyi|copying|copied))\s*:\s+(?=[^-–—:,;.!?\n()]{1,80}?\s+[-–—]+\s+)",
    re.IGNORECASE,
)
CC_COLON_SAY: Final = r"\g<head> "
# "Ken Adams from the helpdesk, asking on behalf of Emma Wilson: ...": who writes, named before the opener;
# who asks is fixed by the channel (as _own_intro_cut reads "hi this is Ken - ..."), so the name is cut and
# the opener read as above (nlu57)
ON_BEHALF_WRITER: Final = LazyPattern(
    r"^\s*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?(?:\s+(?:from|in|at|of)\s+(?:the\s+)?[\w&-]+(?:\s+[\w&-]+)?)?"
    r"\s*,\s*(?=(?:writing|asking|emailing|messaging)\s+on[- ]behalf\s+of\s)",
)
# the same clause of the requester's own doing that OWN_DOING_AFTER left (a change joined on: "..., i'll tell
# Ava and add her to All Hands"; the work handed to someone named: "..., I'm handing it over to Ava"): what is
# asked and for whom is asked, never the requester ("i") granted too (rules._read)
OWN_DOING_LEFT: Final = LazyPattern(
    r"(?:[,;]|\s[-–—])\s*(?:and\s+|then\s+|so\s+)?"
    r"(?P<said>(?:(?:before|after|once|when)\s+i|i['’]ll|i\s+will|i\s+shall|i['’]m\s+going\s+to|"
    r"i\s+am\s+going\s+to|i['’]m|i\s+am)\s+"
    + _OWN_DOING_FILLER
    + r"(?:"
    + _OWN_DOING_VERB
    + r"|(?:hand|handing|pass|passing)\s+(?:it|this|that)\s+(?:over|on))\b[^,;.!?\n]*)",
    re.IGNORECASE,
)
OWN_DOING_LEFT_ASK: Final = (
    "The request goes on with what you will do yourself ({said!r}): say the change alone, and whom it is for "
    "(what you do after it is no part of it)."
)
# "(hr@acme.com's backup)", "(Ava's cover)": whose role someone has, said in brackets; a description, never
# one more target nor recipient (red team 37 granted Full Access on hr@ too): cut (rules._read)
BRACKET_WHOSE_ROLE: Final = LazyPattern(
    r"[ \t]*\([ \t]*(?:[^()\s,;]+[ \t]+){0,2}[^()\s,;]+['’]s?[ \t]+(?:"
    + r"personal\s+|executive\s+|line\s+|temporary\s+|new\s+)?"
    + r"(?:assistant|deputy|pa|ea|secretary|manager|boss|supervisor|lead|backup|back-up|replacement|stand-?in"
    + r"|cover|substitute|successor|delegate|helper)[ \t]*\)",
    re.IGNORECASE,
)
# "..., for Ava's interviews", "... to help Ava Johnson": why the change is asked, said at the end of the
# request with no comma: whose work it is for is no recipient (red team 37 granted Ava too): cut (rules._read)
REASON_FOR_WORK_END: Final = LazyPattern(
    r"[ \t]+(?:for[ \t]+(?:[\w.@'’-]+[ \t]+){0,2}?[\w.@-]+['’]s?[ \t]+(?:(?:upcoming|next|new|own)[ \t]+)?"
    r"(?:(?:" + CONTEXT_ASIDE_FOR + r")s?|interviews?|interviewing|hiring|recruit(?:ing|ment)|candidates|"
    r"applicants|customers|meetings|cases|tickets|backlog|workload|caseload)"
    r"|(?:to|so\s+(?:she|he|they)\s+can)[ \t]+help(?:[ \t]+out)?[ \t]+(?!with\b|out\b|me\b|us\b)[\w.@'’-]+"
    r"(?:[ \t]+(?!with\b|on\b)[\w.@'’-]+)?"
    r"(?:[ \t]+(?:with|on)[ \t]+(?:(?!\s+(?:and|then|also|plus)\s)[^,;.!?\n])+)?)"
    r"(?=[ \t]*(?:[.;!?\n]|$))",
    re.IGNORECASE,
)
# "Give Emma Wilson full access to careers@acme.com for Ava Johnson": a person after "for" at the end of a
# request that names whom it is for already: a reason, or one more person? Asked (rules._for_person_after)
# (nlu160: "..., and the same for Christine Lee", "ditto for Ken": one more to get the same, never a reason)
FOR_PERSON_END: Final = LazyPattern(r"\b(?<!same )(?<!ditto )(?<!likewise )for\s+§(\d+)§\s*(?=[.;!?\n]|$)")
FOR_PERSON_END_ASK: Final = (
    "The request names whom it is for, then says 'for {who}' at the end: should {who} get it too, or is it "
    "asked for them (a reason)? Say whom the change is for."
)
# "Give Ethan and the approver send as", "add the requester's manager": a role a pasted ticket's field fills,
# said in the body instead of the name
ROLE_IN_BODY: Final = LazyPattern(
    r"\b(?:the|their|his|her|my|our)\s+(?:approver|approving\s+manager|submitter|sign[- ]?off)\b",
    re.IGNORECASE,
)
# "...; the approver is Sarah Connor": the role said with its name (rules: no question when no step is theirs)
ROLE_NAMED_AS: Final = LazyPattern(r"\s+(?:is|was|will\s+be)\s+(?=(?-i:[A-Z]))", re.IGNORECASE)
# "Mike is the approver": the name said first, then the role (nlu110; searched up to the role's start)
NLU110_NAME_BEFORE_ROLE: Final = LazyPattern(
    r"(?:^|(?<=[.!?;,\n])\s*|(?<=\s))(?P<name>(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)"
    r"\s+(?:is|was|will\s+be|['’]s)\s+$",
    re.IGNORECASE,
)
# "but Rachel Green only until Friday": an end said for one of those the change is for
ONE_ONLY_UNTIL: Final = LazyPattern(
    r"\b(?:but|and|except|though)\s+(?:for\s+)?§\d+§\s+(?:only\s+|just\s+)?(?:until|till|til|through|up\s+to|"
    r"for\s+(?:the\s+next\s+|a\s+|one\s+|two\s+|\d+\s+)?(?:days?|weeks?|months?|hours?))\b"
)

# "Ethan needs send as on support@, and so does David Chen", "... - as does Christine Lee": the change before
# for one more person, said as "David Chen too." (what rules.py's names-too reading takes); never after a
# clause telling what someone holds ("Tom has it, and so does Ken")
SO_DOES_NAME: Final = LazyPattern(
    r"(?P<before>^|[^.!?;]*?)(?P<sep>\s*(?:,|;|\s[-–—])\s*|\s+)(?:and\s+)?(?:so|as)\s+(?:does|do|should|will|would|can|"
    r"needs?|wants?)\s+(?P<who>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s*(?=[.!]|$)",
    # (its lazy lead is tried from every place in the text: run only where "so does <Name>" is said)
    cue=r"(?:so|as)\s+(?:does|do|should|will|would|can|needs?|wants?)\s+[A-Z]",
)
HOLDING_SAID: Final = LazyPattern(r"\b(?:has|have|had|holds?|already|is on|are on|was on|were on)\b", re.I)

# "get rid of careers@", "ditch Project Atlas": what is taken away in words no rule reads; a plan giving it
# is the opposite of what was asked
TAKEN_AWAY_SAID: Final = LazyPattern(
    r"\b(?:(?:get|gets|got|getting)\s+rid\s+of|ditch(?:ing)?|dump(?:ing)?|axe|nix|nuke|kill|scrap|bin|trash|"
    r"shut\s+down|close\s+down|kill\s+off)\s+(?:the\s+)?(?P<what>§\d+§)"
)

# The rights a request may name outright, each with the actions that account for it (accounted.py): a right
# named and no step of it is a part no rule read ("Give Tom full access and send as on support@" planned
# without the send as)
RIGHT_WORDS: Final[dict[str, tuple[LazyPattern, frozenset[str]]]] = {
    "Full Access": (
        LazyPattern(r"\bfull[- ]?(?:mailbox[- ])?access\b|\bfull\s+control\b|\bfullaccess\b"),
        frozenset({"mailbox_delegation"}),
    ),
    "Send As": (LazyPattern(r"\bsend[- ]?as\b"), frozenset({"send_as"})),
    "Send on Behalf": (
        LazyPattern(r"\bsend[- ]on[- ]behalf\b|\bsend\s+on\s+(?:their|his|her|its)\s+behalf\b"),
        frozenset({"send_on_behalf"}),
    ),
    "calendar": (
        LazyPattern(r"\b(?:calendars?|diary|diaries|free[/ -]?busy)\b"),
        frozenset({"calendar_share"}),
    ),
    "forwarding": (
        LazyPattern(r"\b(?:auto-?)?forward(?:s|ed|ing)?\b"),
        frozenset({"email_forwarding_internal"}),
    ),
}

# Names with nothing but "likewise", "ditto", ": yes", "same please", "repeat for" around them: no statement
# of how things are, but something asked that no rule read (over a clause's words, its mentions blanked)
FILLER_ONLY: Final = LazyPattern(
    r"[\s,.;:!?()&+/-]*(?:(?:likewise|ditto|same|again|please|pls|plz|too|also|as\s+well|yes|yep|yeah|yup|y|"
    r"no|nope|n|ok|okay|sure|repeat|for|and|the|one|deal|here|same\s+here|same\s+again|same\s+please|thanks|thx)"
    r"[\s,.;:!?()&+/-]*)*"
)

# "Ava Johnson: yes; Ken Adams: no", "Noah Davis: yep.": a verdict per person (the sign-off reading cuts a
# trailing "yes", so it is read on the request as written)
NAME_VERDICT: Final = LazyPattern(
    r"(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)\s*[:=?]\s*(?:yes|no|yep|nope|yeah|nah|y|n|ok|okay|approved|"
    r"denied|rejected)\b(?!\s*[\w])",
    re.IGNORECASE,
)

# A list of verdicts after a request or a question naming the right and the place ("Send as on sales@ - Ava:
# yes; Ken: no; Tom: yes", "Who should get send as on billing@? Ava: yes; Ken: no"): one change per yes,
# nothing for a no (negation._verdicts). Each item a name and a plain yes or no; anything else is asked.
_VERDICT_ITEM = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?\s*(?:[:=?\-]\s*|\s+)(?:yes|yep|yeah|no|nope|nah)\b"
VERDICT_LIST: Final = LazyPattern(
    r"^(?P<head>[^;]*?)(?:\s*[-–:?]\s*|\s+)(?P<list>"
    + _VERDICT_ITEM
    + r"(?:\s*[;,.]\s*(?:and\s+)?"
    + _VERDICT_ITEM
    + r")+)\s*[.!]?\s*$"
)
VERDICT_ITEM: Final = LazyPattern(
    r"(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)\s*(?:[:=?\-]\s*|\s+)(?P<said>yes|yep|yeah|no|nope|nah)\b"
)
VERDICT_YES: Final = LazyPattern(r"yes|yep|yeah", re.IGNORECASE)
# "Who should get send as on billing@?", "who should be added to Marketing?": the question the list answers
VERDICT_ASKED_RIGHT: Final = LazyPattern(
    r"^\s*(?:so\s+|and\s+|ok\s+)?who\s+(?:should|shall|will|would|can|is\s+to|needs?\s+to)\s+"
    r"(?:get|have|be\s+given|receive)\s+(?P<what>[^?]+?)\s*\??\s*$",
    re.IGNORECASE,
)
VERDICT_ASKED_LIST: Final = LazyPattern(
    r"^\s*(?:so\s+|and\s+|ok\s+)?who\s+(?:should|shall|will|would|is\s+to)\s+be\s+"
    r"(?:(?P<add>added|put)\s+(?:to|on|in)|(?P<remove>removed|taken\s+off|dropped)\s+(?:from|off))\s+"
    r"(?P<what>[^?]+?)\s*\??\s*$",
    re.IGNORECASE,
)
VERDICT_SAY: Final = "{what}: {who}"
VERDICT_ADD_SAY: Final = "Add to {what}: {who}"
VERDICT_REMOVE_SAY: Final = "Remove from {what}: {who}"
VERDICT_JOIN: Final = " and "

# "..., not forgetting Tom Becker", "without forgetting Ava": Tom included, never ruled out (as "and also")
NOT_FORGETTING: Final = LazyPattern(r",?\s*\b(?:and\s+)?(?:not|without)\s+forgetting\b", re.IGNORECASE)
NOT_FORGETTING_SAY: Final = ", and also"
# "Give Noah full access to hr@, plus careers@ for Emma": a mailbox paired with its own person after the first
# pair (masked: §N§ per mention); the plan must not give it to the first person, nor the first one to them
PAIRED_AFTER: Final = LazyPattern(
    r"\b(?:plus|and|also|with)\s+(?:also\s+)?(?:the\s+)?(?P<box>§\d+§)\s+(?:for|to)\s+(?P<who>§\d+§)"
)

# "mine", "my own": the requester's calendar said without "my calendar" (never an owner carried over)
OWN_WORDS_MINE = compile_words(r"mine", r"my own", r"my")
# "Ethan's email should go to Lucas from now on, please set up the forwarding": a clause that only asks for
# "the forwarding" (definite, naming nothing) to be made names the one the clause before planned; nothing more
# (rules._forwarding; nlu102 asked where whose mail goes, read as the requester's own)
FORWARDING_SAID_AGAIN: Final = LazyPattern(
    r"^\W*(?:(?:and|so|then|please|pls|plz|kindly|can\s+you|could\s+you|would\s+you|will\s+you|just)\s+)*"
    r"(?:set\s+up|setup|set|do|action|arrange|sort(?:\s+out)?|put\s+in|configure|make|get)\s+"
    r"(?:the|that|this)\s+forward(?:ing)?(?:\s+(?:up|in\s+place|done|going|please|for\s+me|asap|thanks))*\W*$",
    re.IGNORECASE,
)
# "turn off the forwarding on it": "it" is the mailbox named before (rules._forwarding_it)
FORWARDING_ON_IT: Final = LazyPattern(
    r"\bforward(?:ing|s)?\s+(?:on|for|from|of)\s+(?P<it>it)\b(?!\s+to\b)", re.IGNORECASE
)
# "Ticket from Sam Taylor - he wants Ava Johnson to stop ...", "Email from Priya: she needs ...": who sent it,
# then "he/she" wanting; read as "Sam Taylor wants ..." (the sender asks, the change is for the one named)
TICKET_FROM_WANTS: Final = LazyPattern(
    r"^\s*(?:(?:a|the|new)\s+)?(?:ticket|request|e-?mail|message|note|call|chat|dm)(?:\s+#?\d+)?\s+from\s+"
    r"(?P<who>[A-Za-z][\w.'@-]*(?:\s+[A-Za-z][\w.'-]*)?)\s*(?:-|–|—|:|,)\s*(?:he|she|they)\s+"
    r"(?=(?:wants?|needs?|asks?|asked|would like|says?|said|is asking|requests?|requested)\b)",
    re.IGNORECASE,
    cue=r"from",
)
# "..., and also from all hands", "and also to Marketing": "also" and a place, no verb; one more object of the
# change before it, read as "and from all hands" (a clause of its own, with no verb, was dropped)
ALSO_WHERE: Final = LazyPattern(
    r"(?P<join>,?\s+and|,)?\s+(?:also|too)\s+(?=(?:to|from|on|onto|into|off)\s)", re.IGNORECASE
)
# chat shorthand (rules._shorthand): "fwd his mail to Chris" (never a header's "Fwd:"), "... n keep copies",
# "primary address for Mia -> mia@acme.com"
FWD_WORD: Final = LazyPattern(
    r"(?<![\w@.-])fwd(?P<ing>ing)?(?![\w@:-])|(?<![\w@.-])fw(?=\s+(?:his|her|their|my|all|the)\b)"
)
FWD_SAY: Final = "forward"
N_FOR_AND: Final = LazyPattern(r"(?<=[a-z,])\s+(?:n|&)\s+(?=[a-z])")
# "take him off contractors + project phoenix": a "+" with a space each side, between words, is "and" (never
# an address's plus, "tom+news@", which has no spaces)
PLUS_FOR_AND: Final = LazyPattern(r"(?<=[\w)])\s+\+\s+(?=[a-z])", re.IGNORECASE)
PRIMARY_ARROW: Final = LazyPattern(r"(?P<head>\bprimary\b[^.;\n]{0,60}?)\s*(?:->|=>|-->|→)\s*", re.IGNORECASE)
PRIMARY_NO_VERB: Final = LazyPattern(
    r"^(?P<lead>\s*(?:(?:pls|please|plz|hi|hey|quick one|so)[,:!]?\s+)*)(?:the\s+|new\s+)?"
    r"(?!(?:don'?t|do|never|not|no)\b)(?!" + one_of(CHANGE_VERBS) + r"\b)"
    r"(?=(?:(?:[a-z.-]+\s+){0,3}[a-z.-]+'s?\s+)?primary\s+(?:e-?mail\s+|smtp\s+)?(?:address|email)\b[^.;\n]{0,60}?\s+to\s+\S+@)",
    re.IGNORECASE,
    # (what is looked for ahead)
    cue=r"primary",
)
# "Remove Tom from Marketing - Priya is staying", "..., with Priya Patel staying", "...; Priya Patel is not
# leaving", "..., but Priya shouldn't be removed", "..., Priya and Ava to remain": who the change leaves where
# they are, said after it in words NEGATION_START does not know; read as "keep <them>" (red team 31's class:
# each removed Priya too, or asked how she went with the list). Only names (capitalised, or addresses) after
# a comma, semicolon, full stop or dash, and only to the end of that part.
_STAYER = r"(?-i:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?(?<!['’]s)|[\w.+'-]+@[\w.-]+)"
STAYS_SAID: Final = LazyPattern(
    r"(?P<lead>(?:[,;(]|\.(?=\s)|\s[-–—])\s*(?:but\s+|and\s+|with\s+|while\s+)?)"
    rf"(?P<who>{_STAYER}(?:(?:\s*,\s*|\s+and\s+){_STAYER})*)\s+(?:still\s+(?=can|should|may|must|stays?|remains?)"
    r")?(?:(?:(?:is|are)\s+)?to\s+(?:stay|remain)|(?:is|are)\s+(?:staying|remaining)|staying|remaining"
    r"|(?:(?:should|can|will|must|may|needs?\s+to|ought\s+to)\s+)?(?:still\s+)?(?:stay|stays|remain|remains)"
    r"|(?:is|are)(?:\s+not|n['’]t)\s+(?:leaving|going\s+anywhere)"
    r"|(?:is|are)\s+(?:fine|ok|okay|good)\s+where\s+(?:she|he|they)\s+(?:is|are)"
    r"|(?:(?:is|are|remains?|stays?)\s+)?(?:left\s+as\s+(?:is|they\s+are|(?:she|he)\s+is)|unaffected|untouched|excepted)"
    r"|(?:should|must|will|can|is\s+to|are\s+to)(?:\s+not|n['’]t)\s+be\s+"
    r"(?:removed|taken\s+off|dropped|touched|affected|changed)"
    r"|(?:is|are)(?:\s+not|n['’]t)\s+to\s+be\s+(?:removed|taken\s+off|dropped|touched|affected|changed)"
    # (nlu110) "Make it so Maria can't get into my calendar anymore, Tom Becker still can": what is left out
    # after "can" is what the change took from the one before; said of this one, they keep it (red team 66
    # took it from Tom too)
    r"|still\s+(?:can|may|does|do|should|has\s+access|have\s+access)|can\s+still(?:\s+(?:get\s+in|access\s+it))?)"
    r"(?=(?:\s+(?:on|in)\s+(?:it|there|the\s+\w+|that\s+\w+))?(?:\s+(?:though|tho|please|pls|thanks|too))?"
    r"\s*(?:[,;.!?)\n]|$))",
    re.IGNORECASE,
    # (each part above holds one of these words)
    cue=r"stay|remain|leaving|going|where|left|affected|touched|excepted|removed|taken|dropped|changed|still",
)
STAYS_SAID_SAY: Final = "{lead}keep {who}"
# "On Olivia Martin's calendar, give Grace Hopper free/busy": whose calendar said first, then the change; read
# as "give Grace Hopper free/busy on Olivia Martin's calendar" (said first, it was a clause of its own and the
# share went on the requester's own calendar, or was asked; batch 20)
CALENDAR_FRONTED: Final = LazyPattern(
    r"^(?P<lead>\s*)(?:on|for|in)\s+(?P<whose>(?:[^,;.!?\n]{1,60}?['’]s?|my|his|her|their|our)\s+calendar)\s*,\s*"
    r"(?P<rest>(?:please\s+)?(?:give|grant|share|let|allow|make|set|add|remove|take|revoke|change)\b[^.;!?\n]*?)"
    r"(?P<end>\s*(?:[.;!?\n]|$))",
    re.IGNORECASE,
)
CALENDAR_FRONTED_SAY: Final = r"\g<lead>\g<rest> on \g<whose>\g<end>"
# "sarah connor - show mailbox details (size, aliases etc)": whom it is about said first, a dash, then a read
# of details that names no one; read as "show mailbox details for sarah connor ..." (rules._topic_first
# checks that what is said first is one recipient; batch 20: not understood)
TOPIC_THEN_DETAILS: Final = LazyPattern(
    r"^(?P<who>[^-–—:\n]{2,60}?)\s+[-–—]+\s+"
    r"(?P<head>(?:(?:please|pls|can you|could you)\s+)?(?:(?:show|list|view|get|check|display|pull\s+up|send)"
    r"(?:\s+me)?\s+)?(?:(?:the|their|his|her)\s+)?(?:mailbox|account)\s+(?:details|info|information|properties))"
    r"(?P<tail>[^\n]*)$",
    re.IGNORECASE,
)
TOPIC_THEN_DETAILS_SAY: Final = "{head} for {who}{tail}"
BOTH_SHOULD: Final = LazyPattern(
    r"\b(?P<modal>should|must|need to|needs to|can|could|will|would|are to)\s+both\s+"
    r"(?=(?:be|have|get|go|join|stay)\b)",
    re.IGNORECASE,
)
# the text since the last cut is names alone ("§0§", "§0§, §1§"): the first names of a subject said with "and"
NAMES_ALONE: Final = LazyPattern(r"(?:(?:both\s+|and\s+|or\s+|,\s*)?§\d+§?\s*)+")
# "; I'm her manager and I approve it", "(as his manager I approve this)": the requester's own role to the
# person, and their approval; a claim the policy weighs, never a person to resolve
I_AM_THEIR_ROLE: Final = LazyPattern(
    r"[;,.(-]?\s*(?:and\s+)?(?:i'?m|i am|as)\s+(?:his|her|their)\s+"
    r"(?:line\s+)?(?:manager|boss|supervisor|lead)"
    r"(?:\s*(?:,|and|so)?\s*(?:i\s+)?(?:approve|ok|okay|sign off on|authori[sz]e)(?:\s+(?:it|this|that))?)?"
    r"\s*[).]?(?=\s*(?:[.!;]|$))",
    re.IGNORECASE,
)
# A form with tick boxes (pasted._boxes_said): "[x] Full Access  [ ] Send As  [x] Send on Behalf", each box
# and what follows it up to the next box; its title line; "Name of person needing access" as its person field
FORM_TICK_BOX: Final = LazyPattern(r"\[(?P<tick>\s?|[xX✓✔*])\]\s*(?P<what>[^\[\]]+?)\s*(?=\[|$)")
FORM_TITLE_LINE: Final = LazyPattern(
    r"[A-Z][A-Z /&-]{3,60}(?:FORM|REQUEST)[A-Z /&-]*"
    # ("--- IT request form ---", "=== Access Request ===": a title set off by rules, in any case)
    r"|[-=*#_]{2,}\s*(?:[\w&/]+\s+){0,5}(?i:request form|form|request)\s*[-=*#_]{2,}"
)
FORM_PERSON_NEEDING_KEY: Final = LazyPattern(
    r"(?:name of )?(?:the )?(?:person|user|employee|staff member)(?: who)? (?:needing|needs|requiring|to get)"
    r"(?: the)? access|(?:name of )?(?:the )?(?:person|user|employee)(?: name)?",
    re.IGNORECASE,
)
# One verb for two people, each with their own object (rules._verb_gapped): the opening verb, what follows
# each person (a place or a right, never "and" another name), the "and" just before the second person, and
# words that end the gapped reading (a clause verb of its own between them)
GAPPED_VERB: Final = LazyPattern(
    r"^\s*(?:(?:please|pls|can you|could you)\s+)?(?P<verb>add|give|let|grant|put|remove|take)\s+",
    re.IGNORECASE,
)
GAPPED_OBJECT: Final = LazyPattern(
    r"\s+(?:to|on|onto|into|from|off)\s+(?!it\b|them\b|him\b|her\b)\S"
    r"|\s+(?:send\s+as|send\s+on\s+behalf|full\s+access|editor|reviewer|limited\s+details|free/?busy|"
    r"availability)\b",
    re.IGNORECASE,
)
GAPPED_AND: Final = LazyPattern(r"(?:,\s*|\s+)and\s+$", re.IGNORECASE)
GAPPED_STOP: Final = LazyPattern(
    r"\b(?:and|but)\s+(?:also\s+)?(?:add|give|let|grant|put|remove|take|share|forward|set|make|change)\b"
    r"|\b(?:too|as well|not|n't|except|instead)\b"
    # ("... until Friday and Tom send as on billing@": whether the end is Tom's too is asked)
    r"|\b(?:until|till|til|through|thru|for\s+(?:a|an|one|two|three|four|five|\d+)\s+(?:days?|weeks?|months?)"
    r"|temporar\w*|permanent\w*|today|tomorrow)\b",
    re.IGNORECASE,
)

# A calendar level as said, and the level it is (accounted.py: a level said only in a comparison is none)
LEVEL_SAID: Final = LazyPattern(
    r"\b(?P<editor>editor)\b|\b(?P<reviewer>reviewer)\b"
    r"|\b(?P<availability_only>free[/ -]?busy|availability)\b"
    r"|\b(?P<limited_details>limited(?:\s+details)?)\b"
)

# What someone holds or who wrote, told in passing; a grant to or on a party named only here is asked
# (accounted.py; red team 28): "as Ava does for support@", "the way Ava has it for support@", "Thanks, Ava
# (send as billing@)", "Cc: Ava (full access to billing@)", "(Ken has free/busy)", "- Ava already has it",
# "Ava is already there"
HOLDING_ASIDE: Final = LazyPattern(
    # (a name after "as" may stand as words: it is cut as a claim of who asks)
    rf"(?<!send\s)(?<!send-)(?<!send)\b(?:like|as|the\s+way|same\s+way)\s+(?:"
    rf"(?:{_M}|\w+(?:\s+\w+)?)(?:['’]s)?\s+(?:has|had|have|does|did|got|gets|can|could)\b"
    rf"(?:\s+(?!(?:and|but|with|for|on)\b)[\w/-]+){{0,2}}(?:\s+(?:it\s+)?(?:with|for|on)\s+(?:{_M}|it\b))?"
    rf"|{_M}\s+(?:with|for|on)\s+{_M})"
    rf"|\b(?:same\s+as|similar\s+to|just\s+like|like)\s+(?:{_M}|\w+\s+\w+)(?:['’]s)?\s+(?:with|for|on)\s+{_M}"
    rf"|(?:^|[.!?\n]\s*)(?:thanks|thx|cheers|regards|best|ta)\b[,\s]+{_M}[^.!?\n]*$"
    rf"|(?:^|[.!?\n]\s*)b?cc\s*[:\-]?\s+{_M}\s*\([^)\n]*\)"
    rf"|\(\s*(?:{_M}|who)\s+(?:already\s+)?(?:has|had|holds?|is|gets)\b[^)\n]*\)"
    # (only the one who already holds it: what they hold may be the place of the change, "... is already on
    # all-sales; add Noah too")
    rf"|{_M}(?=\s+(?:is\s+|are\s+)?already\s+(?:has|have|had|holds?|there|in|on|got)\b)"
    # (the mask takes "'s" with its name, mentions.mask_mentions: "Ava's on it already" is "§1§ on it …")
    rf"|{_M}(?=(?:['’]s|\s+is|\s+are)?\s+(?:on|in)\s+(?:it|there|{_M})\s+already\b)"
)
# "Noah gets full access to careers@ for 5 days and Emma for 10 days", "Tom gets send as on info@ for a week
# and Chris Lee gets it permanently" (rules._own_durations): one right on one mailbox for two people, each
# with a length of their own said right after them (or none: "permanently"); read as two sentences
OWN_DURATION_TWO: Final = LazyPattern(
    r"^\s*(?P<p1>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\s+(?P<verb>gets|should\s+get|needs|will\s+get)\s+"
    r"(?P<right>full\s+access|send\s+as|send\s+on\s+behalf)\s+(?P<prep>to|on|for|of)\s+"
    r"(?P<box>[\w.-]+@[\w.-]+\w|the\s+[A-Z]?\w+\s+mailbox)\s+"
    r"(?P<d1>(?:for|until|till|through)\s+[\w ]+?)\s*,?\s+and\s+"
    r"(?P<p2>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\s+(?:(?:gets|should\s+get|needs|will\s+get)\s+it\s+)?"
    r"(?P<d2>(?P<forever>permanently|for\s+good|indefinitely|with\s+no\s+(?:end\s+date|expiry|expiration))"
    r"|(?:for|until|till|through)\s+[\w ]+?)\s*[.!]?\s*$"
)
# The parts of the two shapes below (rules._own_durations): a person's name, one of the three mailbox rights,
# the mailbox, a length said as "for ..."/"until ...", and a second length or none at all
_OWN_NAME = r"[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?"
_OWN_RIGHT = r"full\s+access|send\s+as|send\s+on\s+behalf"
_OWN_BOX = r"[\w.-]+@[\w.-]+\w|the\s+[A-Za-z]\w*\s+mailbox"
_OWN_LENGTH = r"(?:for|until|till|through|thru)\s+[\w ]+?"
_OWN_END = (
    r"(?:but\s+)?(?:(?P<forever>permanently|for\s+good|indefinitely|with\s+no\s+(?:end\s+date|expiry|expiration)|"
    # ("no end date", "with no time limit", "open-ended", "until further notice": no end either, batch 18)
    r"(?:with\s+)?no\s+(?:end(?:\s+date)?|expiry(?:\s+date)?|expiration(?:\s+date)?|time\s+limit)|"
    r"open[- ]ended|"
    r"(?:until|till|til)\s+further\s+notice|"
    r"(?:hers|his|theirs)\s+(?:shouldn't|should\s+not|doesn't\s+need\s+to|does\s+not\s+need\s+to|won't|"
    r"will\s+not|needn't)\s+expire)|(?:only\s+|just\s+)?(?P<today>for\s+today)|(?:only\s+|just\s+)?(?P<d2>"
    + _OWN_LENGTH
    + r"))\s*[.!]?\s*$"
)
# "Give Sam send on behalf for sales@ through Thursday, and Ava too, but hers shouldn't expire", "Give Noah
# full access to careers@ for 5 days and Emma for 10 days": two people, one right, the second person's length
# (or none) said after them
OWN_DURATION_TOO: Final = LazyPattern(
    rf"^\s*(?:please\s+)?(?:give|grant)\s+(?P<p1>{_OWN_NAME})\s+(?P<right>{_OWN_RIGHT})\s+(?:to|on|for|of)\s+"
    rf"(?P<box>{_OWN_BOX})\s+(?P<d1>{_OWN_LENGTH})\s*,?\s+and\s+(?P<p2>{_OWN_NAME})\s*,?\s+"
    # "... and Chris Lee full access to it with no end date": the same right said again for the second
    # (batch 18)
    rf"(?:(?:gets\s+|should\s+get\s+)?(?P=right)(?:\s+(?:to|on|of|for)\s+(?:it|the\s+same(?:\s+mailbox|\s+one)?|"
    rf"that\s+mailbox|(?P=box)))?\s*,?\s+)?"
    rf"(?:(?:too|as\s+well)\s*,?\s*)?" + _OWN_END,
    re.IGNORECASE,
    # (the first length is said after a space: for, until, till, through or thru; or none: permanently)
    cue=r"\s(?:for|until|till|through|thru)\s|permanently|indefinitely",
)
# "Full access to finance@ for Rachel until March 13, and send as with no end date", "I need full access to
# the sales mailbox until friday, and send as too but only for today": one person, two rights, each with a
# length of its own (or none)
OWN_DURATION_RIGHTS: Final = LazyPattern(
    rf"^\s*(?:(?P<lead>(?:please\s+)?(?:give|grant)\s+(?P<p1>{_OWN_NAME})|I\s+need|I'd\s+like|"
    rf"(?P<p3>{_OWN_NAME})\s+(?:gets|needs|should\s+get|will\s+get))\s+)?"
    rf"(?P<right>{_OWN_RIGHT})\s+(?:to|on|for|of)\s+(?P<box>{_OWN_BOX})\s+(?:for\s+(?P<p2>{_OWN_NAME})\s+)?"
    # ("Give Chris Lee full access to the Support mailbox permanently, and send as until Friday": the first
    # right's own "none", the second's own end; batch 36 asked whom the send as was for)
    rf"(?:(?P<d1>{_OWN_LENGTH})|(?P<forever1>permanently|for\s+good|indefinitely))"
    # ("..., and send as on it for 4 days": the same mailbox said again as "it"; read without it, the first
    # right's end was the second's too, a grant longer than asked)
    rf"\s*,?\s+and\s+(?P<right2>{_OWN_RIGHT})(?:\s+(?:(?:on|to|of|for)\s+(?:it|that\s+one|there)|there))?"
    rf"\s*,?\s*(?:(?:too|as\s+well)\s*,?\s*)?" + _OWN_END,
    re.IGNORECASE,
    # (the first length is said after a space: for, until, till, through or thru)
    cue=r"\s(?:for|until|till|through|thru)\s",
)
# "Noah and Emma get full access to careers@ for 5 days and 10 days", "... for 5 and 10 days": two lengths
# said together, with nothing to tell whose is whose (rules.draft asks)
_PAIR_COUNT = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|"
    r"twenty|thirty)"
)
_PAIR_UNIT = r"(?:minute|min|hour|hr|day|week|wk|fortnight|month|year|yr)s?"
LENGTHS_TOGETHER: Final = LazyPattern(
    rf"\b(?:for|during|over)\s+(?:the\s+next\s+)?{_PAIR_COUNT}(?:\s*-?\s*{_PAIR_UNIT})?\s*,?\s+(?:and|or|&|/)\s+"
    rf"(?:for\s+)?(?:the\s+next\s+)?{_PAIR_COUNT}\s*-?\s*{_PAIR_UNIT}\b",
    re.IGNORECASE,
    # (the second length names its unit)
    cue=r"min|hour|hr|day|week|wk|fortnight|month",
)

# ---- nlu34: batch 19's unsafe plans ----
# "I'd like to send emails as sales@ rather than from my own address": sending as (or from) a mailbox is Send
# As; what it stands instead of is one's own address, never a new primary address (rules._send_as_not_own)
SEND_AS_OR_FROM_SAID: Final = LazyPattern(
    r"\b(?:send(?:ing)?|reply(?:ing)?|email(?:ing)?|mail(?:ing)?|write|writing|answer(?:ing)?)\s+"
    r"(?:(?:e-?mails?|mails?|messages?|replies|invoices|quotes|things|stuff|emails\s+out|out|it|them)\s+)?"
    r"(?:out\s+)?(?:as|from)\b",
    re.IGNORECASE,
)
SEND_AS_NOT_OWN: Final = LazyPattern(
    r"\s*,?\s*(?:rather\s+than|instead\s+of|and\s+not|not)\s+(?:(?:from|as|with|using|via|through)\s+)?"
    r"(?:my|his|her|their|your|our)\s+(?:(?:own|personal|usual|normal|regular|individual|private)\s+)*"
    r"(?:(?:e-?mail|mail|work)\s+)?(?:address|mailbox|account|name|inbox|e-?mail|self)(?:\s+address)?\b",
    re.IGNORECASE,
)
# "Since I've been asked to help screen applicants over the next few months, could I have ...": a time said
# inside a reason (since, because, now that, as) tells of the work, no length of the grant; a reason telling
# of an absence ("since I'm away for two weeks") keeps its length as before (rules._clauses)
REASON_NOT_WHILE: Final = LazyPattern(r"^(?:because|since|now\s+that|as)\s", re.IGNORECASE)
ABSENCE_TOLD: Final = LazyPattern(
    r"\b(?:away|off|out|leave|holiday|vacation|travel\w*|abroad|sick|absent|sabbatical|parental|maternity|"
    r"paternity|gone|covering|cover)\b",
    re.IGNORECASE,
)
# "He has been waiting on it for a week", "she was off for two weeks", "he's had it for years": a length said
# in a clause whose verb is past or perfect tells how long something went on, never when the access ends
# (nlu124: "Give Tom full access to Sales. He has been waiting on it for a week." ended it in a week). Only
# with no later verb between that looks ahead ("was asked to cover for two weeks", "had it before and needs
# it for a week") and never an approval ("has been approved for two weeks": the grant's length)
# (nlu138, red team 73 class 0b) a past clause ends at a dash and at a new imperative verb as at a comma:
# "Liam Brown resigned – give Tom Becker full access on sales@ for two weeks" asks a two-week grant
_PAST_CLAUSE = r"(?:(?!\s-+\s)[^,.;:!?\n–—])"
_PAST_CLAUSE_ENDS = (
    r"to|until|till|will|would|can|could|should|needs?|gets?|and|but|so|then|now|please|"
    r"give|grant|add|let|put|remove|set\s+up|forward"
)
LENGTH_TOLD_OF_PAST: Final = LazyPattern(
    r"(?:\b(?:has|have|had)|['’](?:s|ve|d))\s+(?:(?:already|now|just|only|also|actually|literally)\s+)?"
    r"been\b(?!\s+(?:approved|granted|agreed|authori[sz]ed|signed|okayed|cleared|allowed|given|set)\b)"
    rf"(?!{_PAST_CLAUSE}*\b(?:{_PAST_CLAUSE_ENDS})\b){_PAST_CLAUSE}*$"
    r"|\b(?:was|were|had)\b(?!\s+(?:approved|granted|agreed|authori[sz]ed|signed|okayed|cleared|allowed|given|"
    r"told|asked|set)\b)"
    rf"(?!{_PAST_CLAUSE}*\b(?:{_PAST_CLAUSE_ENDS})\b){_PAST_CLAUSE}*$",
    re.IGNORECASE,
)
# (nlu132, red team 71: "..., he did it for a week in January", "as he has needed it for a month", "he has
# covered it for a week before" ended the grant in a week or a month) a length ("for ...") after any past or
# perfect verb of its subject, not only "been" / "was": what went on, never when the access ends. Not a verb
# that tells of the asking or approving itself ("Mike approved it for a week", "I asked for two weeks": the
# grant's length); not an end date ("Billing blocked by compliance until today": the part's status)
LENGTH_TOLD_OF_PAST_VERB: Final = LazyPattern(
    r"(?:\b(?:i|we|you|he|she|they|it)|(?-i:\b[A-Z][\w'-]+))\s+"
    # ("he's needed for two weeks", "she's covered for a week": "'s" before a participle with no object may
    # be "is", what is ahead; it is "has" only with an object after it: "he's covered it for a week")
    r"(?:(?:has|have|had)\s+|['’](?:ve|d)\s+|['’]s\s+(?=\w+\s+(?:it|this|that|them|these|those|the)\b))?"
    r"(?:(?:already|also|actually|just|only|once|even)\s+)?"
    r"(?!(?:approved|granted|agreed|authori[sz]ed|signed|okayed|ok'?e?d|cleared|allowed|given|set|told|asked|"
    r"requested|wanted|booked|scheduled|planned|arranged|promised|confirmed|decided|said|mentioned|hoped|"
    r"suggested|needed\s+(?:it\s+)?to|agreed|"
    # (nlu138, red team 73 class 2) a verb of permitting or bounding says how long the grant is to last:
    # "Ava Johnson permitted it for two weeks", "she limited it to / capped it for a month"
    r"permitted|sanctioned|endorsed|accepted|green-?light(?:ed)?|green-?lit|recommended|extended|specified|"
    r"limited|capped|restricted|reserved|renewed)\b)"
    # ("I need send as for a week": "need" is no past form)
    r"(?!\w*eed\b)(?:\w+ed|did|done|took|taken|ran|went|gone|got|held|kept|led|made|sat|spent|stood|worked|had)\b"
    # ("give Ken limited details on my calendar for a week", "Tom's shared mailbox": a participle before the
    # level or the thing given is no verb)
    r"(?!\s+(?:details|access|rights?|permissions?|mailbox(?:es)?|calendars?|lists?|groups?|folders?)\b)"
    rf"(?!{_PAST_CLAUSE}*\b(?:{_PAST_CLAUSE_ENDS})\b){_PAST_CLAUSE}*$",
    re.IGNORECASE,
)
# (nlu138) a past verb said in the perfect ("as he has needed it for a month", "she had covered it for a
# week"): the length runs up to a time past or now, a story for certain; the simple past ("he needed it for
# two weeks", "Ava ordered it for two weeks") may be the grant's own length (rules._past_length_unsure)
NLU138_PERFECT_VERB: Final = LazyPattern(r"^[\w'’-]+(?:\s+|['’])(?:has|have|had|ve|d)\s", re.IGNORECASE)
# the length a past verb or a past word after it can make a story (not an end: "until", "by", "through")
LENGTH_NOT_END: Final = LazyPattern(
    r"\s*(?!until|till|til|untill|through|thru|by|up\s+to|to\b|end)\S", re.IGNORECASE
)
# (nlu132) what after a length says it went on before ("... for a week before.", "for a month last year", "for
# two weeks ago"): never when the access ends. Not "before" that opens a clause or a noun ("for a week before
# he leaves", "before the audit": an end)
# (nlu138, red team 73 class 0: "for two weeks before Christmas / launch / Monday", "previously agreed",
# "earlier than usual" lost the grant's end) "before", "previously", "earlier" tell of the past only bare, at
# their clause's end; with anything after them they say when the access is wanted, an end still
LENGTH_TOLD_OF_PAST_AFTER: Final = LazyPattern(
    r"\s*(?:(?:before|previously|earlier|in\s+the\s+past)(?=\s*(?:[,.;:!?\n)–—]|-+\s|$))|ago\b|"
    r"last\s+(?:week|month|year|time|summer|winter|spring|autumn|fall|quarter)\b)",
    re.IGNORECASE,
)
# (nlu128) an end word and what it bounds, said after a past length that is cut ("... for a week - covering
# for Noah until the 20th", "till Friday", "by Friday", "through the 20th"): when the plan reads no end from
# it, the end is asked, never a grant for good
NLU128_END_WORD: Final = LazyPattern(
    r"\b(?:until|till|til|untill|through|thru|by|up\s+to)\s+(?:the\s+)?(?:end\b|next\b|\d|mon|tue|wed|thu|fri|sat|"
    r"sun|tomorrow|tonight|today|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|[a-z]+day\b)[^,.;:!?\n]{0,30}",
    re.IGNORECASE,
)
# (nlu132, red team 71 class 7) "- he only needs send on behalf now", "she still needs send as", "I keep full
# access": a right someone is said to need or keep is kept; a removal of it in the same request is never
# planned (the request takes what it says the person still needs): asked
_NLU132_RIGHT = r"(?P<right>full[- ]?access|send[- ]?as|send[- ]?on[- ]?behalf(?:[- ]?of)?|sob)\b"
NLU132_KEPT_NEED: Final = LazyPattern(
    r"(?:\b(?:i|we|he|she|they)|(?-i:\b[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?))[ \t]+"
    r"(?:(?:only|still|just|really|now|also|will|does|do)[ \t]+)*"
    r"(?:needs?|keeps?|keeping|requires?|uses?|(?:wants?|needs?|has|have|gets?|should|can|is[ \t]+to)[ \t]+"
    r"(?:to[ \t]+)?(?:keep|have|hold on to|retain))[ \t]+"
    r"(?:(?:the|his|her|their|my|our|its|a|an)[ \t]+)?"
    + _NLU132_RIGHT
    # ("he needs send as removed": what is to go, no right kept)
    + r"(?![ \t]+(?:removed|revoked|taken|gone|dropped|pulled|cancell?ed|to[ \t]+go|off|out)\b)",
    re.IGNORECASE,
)
# where the clause of a kept need ends: the mailbox it names comes before it
NLU132_KEPT_NEED_CLAUSE_END: Final = LazyPattern(r"[.;!?\n]|\s[-–—]\s|,\s*(?:but|and|so)\b")
# what says the right is held already ("still needs", "keeps", "should keep"), not one to be given
NLU132_STILL_HELD: Final = LazyPattern(r"\b(?:still|keep\w*|retain|hold on to)\b", re.IGNORECASE)
NLU132_KEPT_NEED_ASK: Final = (
    "The request takes away {right} and also says {said!r}: should that right be kept? Say again which "
    "rights to remove and which to keep."
)
# (nlu132, red team 71 class 10) a removal asked outright ("Remove it.", "can you remove it?", "..., so
# take him off", "Take it away."): at the start of a sentence or of a clause joined by so / and / then / a
# dash, with no "don't" before it. A plan that takes nothing away while one is asked runs less than the
# request asked (the request would look done when it is not): asked
NLU132_REMOVAL_ASKED: Final = LazyPattern(
    r"(?:^|[.;:!?\n(]\s*|[ \t][-–—][ \t]+|,[ \t]*(?:so|and|then|but)[ \t]+|\b(?:and|so)[ \t]+(?:then[ \t]+)?)"
    r"(?:(?:please|pls|kindly|also|then|now|just|ok|okay)[ \t,]+)*"
    r"(?:(?:can|could|would|will)[ \t]+you[ \t]+(?:please[ \t]+|just[ \t]+)?)?"
    r"(?P<verb>remove|revoke|delete|strip|take[ \t]+(?:[\w'’@.-]+[ \t]+){0,4}?(?:off|away|out)\b|"
    r"take[ \t]+away)(?![\w-])"
    # ("remove it again afterwards", "remove by 13 March": when a grant ends, no removal of its own)
    r"(?!(?:(?!\s[-–—]\s)[^.;!?\n])*\b(?:again|afterwards|after|later|by|once|when|until|till|tomorrow|next|on\s+\w+day|"
    r"at\s+the\s+end|in\s+(?:\d+|a|an|one|two|three|four)\s+(?:days?|weeks?|months?)))",
    re.IGNORECASE,
)
NLU132_REMOVAL_ASKED_ASK: Final = (
    "The request asks {said!r}, and I did not read what is to be taken away, or from whom: say it again "
    'outright (for example "remove Tom Becker\'s full access to sales@").'
)
# (nlu132, red team 71 class 10) "Remove him from both.", "take her off all of them", "add him to all three":
# the change is for every one named before; a plan on fewer is less than asked
NLU132_EACH_OF_THEM: Final = LazyPattern(
    r"\b(?:from|to|on|off|of|onto|into)[ \t]+(?:(?:them|those|these)[ \t]+)?"
    r"(?P<all>both|all[ \t]+(?:of[ \t]+them|two|three|four|five)|each[ \t]+of[ \t]+them)\b",
    re.IGNORECASE,
)
NLU132_EACH_OF_THEM_ASK: Final = (
    "The request says {said!r}, and I read the change for only one of them: name each one the change is for."
)
# "Mike is on leave for two weeks", "I'm on leave for 2 weeks from today": someone told away, the length of it
# said with it (the length masked out); what is asked right after is for that long (rules._clauses)
AWAY_TOLD: Final = LazyPattern(
    # (the verb may be gone: "Ken's" is read as one mention, "§0 on leave")
    r"^(?:§\d+|i|we|he|she|they)\s*(?:(?:is|are|am|'s|'re|'m|will\s+be|'ll\s+be)\s+)?(?:(?:now|also|currently)\s+)?"
    r"(?:off|out|away|on\s+(?:(?:parental|maternity|paternity|sick|annual)\s+)?(?:leave|holiday|vacation|"
    # ("I'm travelling until Friday", "I'm abroad for a week": away as much as "off", nlu76)
    r"sabbatical)|absent|ooo|out\s+of\s+(?:the\s+)?office|travel(?:l)?ing|abroad|"
    r"on\s+(?:a\s+)?(?:business\s+|work\s+)?trip)\b",
    re.IGNORECASE,
)
# "I'm travelling until Friday; let Grace send on my behalf": a right on the requester's own mailbox after
# they tell of their own absence is the cover for it, and lasts as long (rules._own_cover); a removal there
# ("remove Ava from my calendar") is no cover and keeps no end
OWN_COVER_REMOVAL: Final = LazyPattern(
    r"\b(?:remove|revoke|take|strip|drop|stop|cancel|disable|turn\s+off|unshare|delete|no\s+longer)\b"
)
# "Maria is out from Monday 9 March for 2 weeks": an absence told to start later than now, whose length
# counts from its start, not from now: the forwarding said after it is asked its end (rules._clauses)
AWAY_STARTS_LATER: Final = LazyPattern(
    r"\b(?:from|starting(?:\s+on)?|beginning(?:\s+on)?|as\s+of)\s+(?!(?:today|now|this\s+morning)\b)"
    r"(?:(?:next|this|the)\s+)?(?:\w+day\b|tomorrow\b|\d{1,2}(?:st|nd|rd|th)?\b|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|week\b)",
    re.IGNORECASE,
)
# "Mike is away next week", "I'm off from Monday": an absence told with a time no end is read from; a
# forwarding said right after it is asked its end, never set for good (rules._clauses)
AWAY_TIME_SAID: Final = LazyPattern(
    r"\b(?:next|this|coming)\s+(?:week|month|fortnight|few\s+(?:days|weeks))\b|\bfrom\s+\w+|\buntil\b|"
    r"\btill?\b|\bfor\s+(?:a\s+(?:while|bit)|some\s+time|a\s+few\s+(?:days|weeks))\b|\bover\s+the\b|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\btomorrow\b|\btoday\b",
    re.IGNORECASE,
)
# "Christine is off from tomorrow, Rachel needs to cover the finance mailbox. full access and send on behalf",
# "Ken and Ava are away next week": the ones told as away (the clause masked, "§0 is off"); never whom a right
# said after with no one named is for (rules._Reader.read: ctx.introduced; nlu57)
AWAY_TOLD_SUBJECT: Final = LazyPattern(
    r"(?P<who>§\d+(?:\s*(?:,|and|&)\s*§\d+)*)\s*(?:is|are|'s|'re|was|were|will\s+be|has\s+been|have\s+been|"
    r"goes|go|is\s+going|are\s+going)\s+(?:(?:now|also|still|currently|going\s+to\s+be)\s+)?"
    r"(?:off(?!\s+(?:the\s+|of\s+)?§)|out(?!\s+of\s+(?!(?:the\s+)?office\b))|away|on\s+(?:leave|holiday|"
    r"vacation|sabbatical|(?:parental|maternity|paternity|sick)\s+leave)|sick|ill|absent|ooo|"
    r"out\s+of\s+(?:the\s+)?office)\b",
    re.IGNORECASE,
)
# "..., chris is off and he needs it too", "..., Chris is away and I want Ava on it": what is joined on after
# someone told away may ask for more (a need, a wish, someone it is for): never cut with the absence (nlu123)
AWAY_REST_ASKS: Final = LazyPattern(
    r"\b(?:he|she|him|her|they|them|i|me|my|we|us|our|needs?|wants?|should|must|would\s+like|wishes|please)\b"
    r"|['’]d\s+like",
    re.IGNORECASE,
)
# "Tom Becker needs access to the shared mailboxes - like Ava", ", just like Noah", "the same access as Ava":
# someone named only as a comparison; a "her" after it may be them or the one the request is for (the
# directory holds no genders): asked (rules._Reader._pronoun_misplaced; nlu61)
COMPARED_WITH: Final = LazyPattern(
    r"(?:[,;(]|\s[-\u2013\u2014])\s*(?:just\s+|exactly\s+)?like\s+[A-Z]"
    r"|\b(?i:(?:the\s+)?same\s+(?:\w+\s+){0,3}?as)\s+[A-Z]",
    cue=r"(?i:like|same)",
)
# The word before a "him" / "her" that makes them whom a change gives to ("share it with her", "add him"):
# never someone a clause told is away (rules._Reader._pronoun_misplaced; nlu61)
GIVEN_TO_BEFORE: Final = frozenset({"with", "give", "grant", "add", "let", "allow", "invite", "put"})
# "Give Tom full access to support@ and her send as": a "him" / "her" given a right of its own after a right
# given by name is someone else, never the one named (main gave Tom both; nlu61); with anyone else named
# between them ("..., cc Ava Johnson and give her send as"), the rules read whom it is
PRONOUN_GIVEN_SECOND: Final = LazyPattern(
    r"\b(?i:give|grant)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+(?:[^.;!?\nA-Z]|\.(?=\S))*?\b(?i:and)\s+(?:(?i:give|grant)\s+)?(?P<pronoun>(?i:him|her))\s+"
    r"(?i:(?:also\s+)?(?:full\s+access|send[- ]as|send[- ]on[- ]behalf|read[- ]only|editor|reviewer))\b"
    # ("..., and her send as on hr@ should be removed": whose right, told what becomes of it)
    r"(?!(?:[^.;!?\n]|\.(?=\S))*\b(?i:should|must|is|are|be|was|were|has|had|can|could|will|would|needs?\s+to)\b)",
    cue=r"(?i:him|her)",
)
# "Grant Ethan Park and Mia Novak full access to info@; Mia's only until Friday, Ethan's is permanent": two
# people, one right, then each one's own end said with their name (rules._own_durations)
OWN_DURATION_POSSESSIVE_HEAD: Final = LazyPattern(
    rf"^\s*(?:please\s+)?(?:give|grant)\s+(?P<p1>{_OWN_NAME})\s+(?:and|&)\s+(?P<p2>{_OWN_NAME})\s+"
    rf"(?P<right>{_OWN_RIGHT})\s+(?:to|on|for|of)\s+(?P<box>{_OWN_BOX})\s*[;,.:]\s*(?P<rest>.+)$",
    re.IGNORECASE,
    # (the second name and the right, as above)
    cue=r"\s(?:and|&)\s+[a-z'-]+(?:\s+[a-z'-]+)?\s+(?:full|send)",
)
OWN_DURATION_POSSESSIVE_PART: Final = LazyPattern(
    rf"^\s*(?:(?:and|but)\s+)?(?P<who>{_OWN_NAME})['’]s\s+(?:(?:access|one|grant|rights?)\s+)?"
    r"(?:is\s+|will\s+be\s+|should\s+be\s+|can\s+be\s+|stays\s+|lasts\s+)?(?:only\s+|just\s+)?"
    r"(?:(?P<forever>permanent|permanently|for\s+good|indefinite|indefinitely|open[- ]ended|"
    r"(?:with\s+)?no\s+(?:end(?:\s+date)?|expiry(?:\s+date)?|time\s+limit))|(?P<d>"
    + _OWN_LENGTH
    + r"))\s*[.!]?\s*$",
    re.IGNORECASE,
)
OWN_DURATION_PART_SPLIT: Final = LazyPattern(r"\s*[,;]\s*|\s+(?=(?:and|but)\s+[A-Z][a-z'-]+['’]s\b)")

# ---- nlu34: red team 29's asides after a request (rules._asides_cut) ----
_ASIDE_NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?"
_ASIDE_NAMES = rf"{_ASIDE_NAME}(?:\s*(?:,|\band\b|&)\s*{_ASIDE_NAME})*"
_ASIDE_OPEN = r"(?:\s*[,;]\s*|\s+[-–—]+\s+|\s*[-–—]+\s*|\s*\(\s*)"
_ASIDE_LEVEL = (
    r"(?i:editor|reviewer|free[/ -]?busy|availability(?:\s+only)?|limited(?:\s+details)?|read[- ]only|"
    r"edit(?:ing)?(?:\s+(?:rights|access))?|full\s+details)"
)
# "Share my calendar with Tom as reviewer, Ava Johnson knows", "— Ava Johnson's idea", ", thanks to Ava
# Johnson", ", Ava Johnson will explain": who knows of it, or whose idea it was, told at the end; no one the
# change is for, or their state (cut before reading; the names must be people the directory knows)
PERSON_ASIDE_END: Final = LazyPattern(
    _ASIDE_OPEN + r"(?:(?i:thanks\s+to|per|as\s+suggested\s+by|suggested\s+by|at\s+the\s+request\s+of|"
    r"on\s+the\s+advice\s+of|as\s+agreed\s+with|agreed\s+with|cleared\s+with|ok'?d\s+by|okayed\s+by|"
    # (nlu115) ", the owner is Jane Doe", ", owned by Jane Doe": who owns what the change is on, told as
    # context (batch 43 asked how Jane goes with Marketing); never a "new" owner, which is a change
    r"(?:the\s+(?:list['’]?s?\s+|group['’]?s?\s+)?|its\s+)owner\s+is|owned\s+by|"
    rf"approved\s+by)\s+(?P<n1>{_ASIDE_NAMES})"
    rf"|(?P<n2>{_ASIDE_NAMES})(?i:['’]s\s+(?:idea|call|suggestion|request|decision|proposal)"
    r"|\s+(?:knows?|is\s+aware|are\s+aware|is\s+informed|are\s+informed|will\s+explain|can\s+explain|"
    r"is\s+in\s+the\s+loop|are\s+in\s+the\s+loop|suggested\s+it|asked\s+for\s+(?:it|this)|agreed|agrees|"
    r"will\s+confirm|can\s+confirm|has\s+the\s+details|knows\s+why|knows\s+about\s+(?:it|this)|"
    r"(?:is|'s|are)\s+(?:the|its|their|the\s+(?:list|group)['’]?s?)\s+(?:(?:list|group)\s+)?owners?|"
    r"owns?\s+(?:it|that|this|the\s+(?:list|group|dl))|"
    # (", Ava Johnson is on leave": a state told at the end, nothing asked; a length after it is kept)
    r"(?:is|are)\s+(?:on\s+leave|away|off|out|sick|absent|on\s+holiday|on\s+vacation|out\s+of\s+(?:the\s+)?office))))"
    r"\s*\)?\s*[.!]?\s*$",
    # (each part above holds one of these words)
    cue=r"(?i:thanks|per|suggest|request|advice|agree|cleared|ok|approved|idea|call|decision|proposal|know|aware"
    r"|inform|explain|loop|asked|confirm|details|leave|away|off|out|sick|absent|holiday|vacation|own)",
)
# "Share my calendar with Tom as reviewer; editor would be too much", "(editor is not needed)", ", free/busy
# is too little": a level ruled out beside the one asked for; no level of the share (cut when another is said)
LEVEL_RULED_OUT_END: Final = LazyPattern(
    # (a sentence of its own too: "can u bump me up to editor? reviewer isnt enough"; nlu49)
    r"(?:"
    + _ASIDE_OPEN
    + r"|\s*[?!.]\s+)"
    + r"(?i:(?:(?:but|and|as|since|because)\s+)?(?:an?\s+)?"
    + _ASIDE_LEVEL
    + r"(?:\s+(?:access|rights?|level|permissions?))?\s+(?:would\s+be\s+|will\s+be\s+|is\s+|'s\s+|seems\s+|"
    r"sounds\s+|feels\s+|looks\s+|would\s+seem\s+|seems\s+like\s+)?(?:(?:a\s+bit|way|far|much|rather|just)\s+)?"
    r"(?:too\s+much|too\s+little|overkill|excessive|too\s+broad|too\s+limited|too\s+narrow|not\s+enough|"
    r"not\s+needed|unnecessary|not\s+necessary|not\s+required|too\s+far|too\s+generous|too\s+open|"
    # ("reviewer isnt enough for booking her meetings": the level held, too little for the work; batch 26)
    r"isn['’]?t\s+(?:enough|sufficient)|is\s+not\s+(?:enough|sufficient)|doesn['’]?t\s+cut\s+it)"
    r"(?:\s+for\s+(?:[a-z'’-]+\s+){0,4}?[a-z'’-]+)?)"
    r"\s*\)?\s*[.!]?\s*$",
    # (each verdict above holds one of these)
    cue=r"(?i:much|little|overkill|excessive|broad|limited|narrow|enough|need|necessary|required|far|generous"
    r"|open|sufficient|cut)",
)
# "Share my calendar with Tom as reviewer (Ava Johnson: editor)": a level beside another name; whether it is
# a grant or what she holds is asked
LEVEL_BESIDE_NAME: Final = LazyPattern(rf"\(\s*{_ASIDE_NAME}\s*[:=-]\s*{_ASIDE_LEVEL}\s*\)")
# ", Ava Johnson (editor) is on leave": what someone holds, in brackets in a statement of their state
LEVEL_IN_STATE: Final = LazyPattern(
    rf"(?<=[A-Za-z])\s*\(\s*{_ASIDE_LEVEL}\s*\)(?=\s+(?i:is|are|has\s+been|was)\s+"
    r"(?i:on\s+leave|away|off|out|on\s+holiday|on\s+vacation|sick|absent)\b)"
)
# "Share my calendar with Tom as reviewer and my inbox with Ava": an inbox, mailbox, contacts ... shared
# beside a calendar; mailwarden shares calendars only, so what is meant is asked
NOT_CALENDAR_SHARED: Final = LazyPattern(
    r"(?i:\b(?:and|also|plus|,)\s+(?:also\s+)?(?:share\s+)?(?:my|his|her|their|our)\s+"
    r"(?:inbox|mailbox|e-?mails?|mail|contacts|tasks|notes|files|one\s*drive|drive|folders?|documents)\s+"
    r"(?:with|to)\s+)"
)
CALENDAR_SHARE_SAID: Final = LazyPattern(r"(?i:\bshar\w*\b.*\bcalend[ae]r\b|\bcalend[ae]r\b.*\bshar\w*\b)")

# ---- nlu34: batch 19's safe misses ----
# "please switch that forwarding off", "turn Chris's forwarding off": the verb split around what it stops,
# read as "switch off that forwarding" (rules._split_off_joined)
SPLIT_OFF_FORWARDING: Final = LazyPattern(
    r"(?i:\b(?:turn|switch|shut)\s+(?P<what>(?:(?:that|this|the|his|her|their|my|its|our|[\w.-]+['’]s)\s+)?"
    r"(?:(?:auto(?:matic)?[- ]?|e-?mail\s+|mail\s+)?(?:forwarding|forward|redirect(?:ion)?)"
    r"(?:\s+rule)?))\s+off\b)"
)
# "Sam mentioned that Alexander Kim still has full access to office@; please revoke it": a right told held,
# then taken away by an "it" that can only be that right (rules._held_then_taken reads it as "revoke Alexander
# Kim's full access to office@"; batch 40 read the holding as told and "revoke it" as nothing: not understood)
HELD_RIGHT_TOLD: Final = LazyPattern(
    r"(?i:^\s+(?:(?:still|currently|already|also|now)\s+)*(?:has|holds|has\s+got|['’]s\s+got)\s+"
    r"(?P<right>full\s+(?:mailbox\s+)?access|send[- ]as|send[- ]on[- ]behalf(?:\s+of)?)"
    r"(?:\s+(?:rights?|permissions?|access))?\s+(?P<prep>to|on|for|over)\s+(?:the\s+)?$)"
)
HELD_RIGHT_TAKEN: Final = LazyPattern(
    r"(?i:^(?:\s+(?:shared\s+)?(?:mailbox|inbox))?\s*(?:[;,.!]|\s[-–—])\s*(?:(?:so|and)\s+)?"
    r"(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?"
    r"(?P<verb>revoke|remove|take\s+away|cancel|withdraw|pull)\s+(?:it|that|this)(?:\s+access)?\b"
    # ("..., please remove it from Tom Becker": taken from someone else, never the holder's too; nlu161)
    r"(?!\s+(?:from|for|off|of)\s))"
)
# what may stand before the holder in the sentence telling the right held: nothing, or who noticed or said it
# (a report, no one the change is for)
HELD_RIGHT_REPORTED: Final = LazyPattern(
    r"(?i:^\s*(?:(?:fyi|heads\s+up|just\s+so\s+you\s+know)\s*[:,-]?\s*)?"
    r"(?:[\w' ]{1,40}?\s+(?:mentioned|said|says|told\s+(?:me|us)|noticed|pointed\s+out|flagged|reported|"
    r"realised|realized|noted|spotted)(?:\s+that)?\s*"
    # ("Reported by Ken Adams: Lucas Rossi still has full access to hr@, please remove it": who reported it,
    # said as a label before a colon; batch 52 read nothing, nlu161)
    r"|(?:reported|flagged|noticed|spotted|raised|logged)\s+by\s+[\w' ]{1,40}?\s*:\s*)?$)"
)
# "Chris Lee's mail has been forwarding to Tom ...; please turn off that forwarding": "that forwarding" is the
# one told before it (rules._forwarding_that), never the requester's own by default
FORWARDING_THAT: Final = LazyPattern(
    r"(?i:\b(?:turn|switch|shut)\s+off\s+(?P<that>(?:that|this|the\s+same|said)\s+(?:e-?mail\s+|mail\s+)?"
    r"(?:forwarding|forward|redirect(?:ion)?))\b(?!\s+(?:on|for|from|of)\b))"
)
FORWARDING_TOLD_AFTER: Final = LazyPattern(
    r"(?i:^(?:['’]s)?\s+(?:(?:shared\s+)?(?:inbox|mailbox|mail|e-?mails?|account)\s+)?"
    r"(?:has\s+been\s+|had\s+been\s+|is\s+|was\s+|keeps\s+|still\s+|currently\s+|no\s+longer\s+needs\s+to\s+|"
    r"doesn'?t\s+need\s+to\s+|does\s+not\s+need\s+to\s+)*(?:auto-?)?forward)"
)
# "Chris Lee's mail is still forwarding to Tom Becker.": how things are now, told (with "still", "currently",
# "already"); context like PAST_STATEMENT, no request to set it (rules._clauses)
# ("Rachel's email has been forwarded to Christine Lee since her leave. Please keep it": how it has been, told
# in the perfect; main set the forwarding again, and "keep it" asks for no change; nlu158)
FORWARDING_STATE_TOLD: Final = LazyPattern(
    r"(?i:^(?:the\s+)?§\d+§?\s*(?:(?:shared\s+)?(?:inbox|mailbox|mail|e-?mails?|account)\s+)?(?:(?:is|are)\s+"
    r"(?:still|currently|already)\s+(?:being\s+)?|(?:has|have|had)\s+(?:already\s+|always\s+|just\s+)?been\s+"
    r"(?:being\s+)?)(?:auto-?)?forward\w*\s+(?:to|on\s+to|over\s+to)\b)"
)
# "Careers no longer needs to forward to me", "Billing should forward to Rachel": a common word opening the
# sentence is a mailbox's name when forwarding is said of it right after (mentions._named_on_purpose); left
# unread, the forwarding was planned on the requester's own mailbox
# "Careers no longer needs its forwarding, please switch it off": whose forwarding a clear is for, said by a
# possessive that is not the requester's; never the requester's own forwarding (rules: asked; nlu63)
FORWARDING_OF_OTHER: Final = LazyPattern(
    r"\b(?:its|their|his|her)\s+(?:own\s+)?(?:mail\s+|email\s+|e-mail\s+)?(?:auto-?)?(?:forward\w*|fwd)\b",
    re.IGNORECASE,
)
# "stop sending marketing@ mail to Tom" (nlu72): a list's mail reaches its members, no forwarding of its own
LIST_MAIL_STOP_ASK: Final = (
    "{said} is a list: its mail goes to its members. Say whether someone should be taken off it, or whose "
    "mailbox forwarding should be turned off."
)
FORWARDING_WHOSE_ASK: Final = (
    "Whose mail forwarding should be turned off? Name the mailbox (it is never taken to be your own when the "
    "request names or refers to another)."
)
# ---- nlu68 (red team 46): people named by a description of them within a list or team ----
# "Add Ken to Marketing, the new starters in Sales too", "give the interns on Project Phoenix send as": people
# picked out of a list or team by what they are (new, interns, temps, leads), which the directory cannot
# tell; who they are is asked, never the list itself or all of its members added (red team 46 added sales@).
# ("everyone in Sales", "all the members of Sales" are the whole list: lx.EVERYONE, never here.)
_NEW_PEOPLE = r"(?:new|newest|recent|latest|incoming)\s+"
_DESCRIBED_MANY = (
    _NEW_PEOPLE
    + r"(?:starters|hires|joiners|recruits|arrivals|people|folks|members|employees|staff|colleagues|"
    r"ones|team\s+members|guys|interns)|newcomers|interns|trainees|apprentices|graduates|grads|temps|"
    r"temporary\s+staff|freelancers|consultants|part[- ]timers|managers|team\s+leads|leads|seniors|juniors|"
    r"leavers|starters|joiners"
)
_DESCRIBED_ONE = (
    _NEW_PEOPLE
    + r"(?:starter|hire|joiner|recruit|arrival|member|employee|colleague|one|intern)|newcomer|intern|"
    r"trainee|apprentice|graduate|temp|freelancer|consultant|part[- ]timer|manager|team\s+lead|lead"
)
# (one person said with no article is a headline, "new starter in support today - Ken Adams ...": not asked)
DESCRIBED_PEOPLE_IN: Final = LazyPattern(
    r"\b(?P<said>(?:(?:the|our|any|those|these|some|all(?:\s+(?:of\s+)?the)?)\s+(?:"
    + _DESCRIBED_MANY
    + "|"
    + _DESCRIBED_ONE
    + r")|(?:"
    + _DESCRIBED_MANY
    + r"))(?:\s+(?:who\s+(?:are|is|work|works|started|joined|sit|sits)))?\s+"
    r"(?:in|from|of|on|at|within|joining)\s+(?:the\s+)?)§(?P<group>\d+)§",
    re.IGNORECASE,
    cue=r"new|recent|latest|incoming|intern|trainee|apprentice|grad|temp|freelancer|consultant|timer|manager|"
    r"lead|senior|junior|leaver|starter|joiner|comer",
)
DESCRIBED_PEOPLE_ASK: Final = (
    "Who is meant by {said!r}? mailwarden cannot tell who that is from a description: name each person (for "
    'example "Ava Johnson and Noah Davis").'
)
# ---- nlu68 (red team 46): whose mail a forwarding that names no mailbox is about ----
# "Tom is away, forward mail to Ava", "forward mail to Ava while Tom's on leave", "during Tom's leave": the
# one told away is whose mail a forwarding is for; "Tom is back, stop the forwarding": the one told back is
# whose forwarding stops (group "back"); never the requester's (rules._unsaid_mail_owner). Read over the
# masked request ("'s" is masked with the name, so the verb may be gone: "while §1§ on leave").
MAIL_OWNER_TOLD: Final = LazyPattern(
    r"§(?P<who>\d+)§?\s*(?:(?:is|are|was|were|will\s+be|has\s+been|have\s+been|goes|go|is\s+going|gets|comes|"
    r"came|has\s+come|got|has|have)\s+)?(?:(?:now|also|still|currently|going\s+to\s+be|finally|just)\s+)?"
    r"(?:off(?!\s+(?:the\s+|of\s+)?§)|out(?!\s+of\s+(?!(?:the\s+)?office\b))|away|on\s+(?:leave|holiday|"
    r"vacation|sabbatical|(?:parental|maternity|paternity|sick)\s+leave)|sick|ill|absent|ooo|"
    r"out\s+of\s+(?:the\s+)?office|(?P<back>(?:(?:come|came|got|gets|comes)\s+)?back|returns|returned|returning))\b"
    # "during Tom's leave", "over Ken's holiday": the absence said as a noun of its own
    r"|\b(?:during|for|over|throughout)\s+§(?P<whose>\d+)§\s*(?:\w+\s+)?(?:leave|absence|holiday|holidays|"
    r"vacation|sabbatical|time\s+off|trip)\b",
    re.IGNORECASE,
    cue=r"off|out|away|leave|holiday|vacation|sabbatical|sick|ill|absen|ooo|back|return|trip",
)
# the word before a name that greets or signs off ("Hi Grace, ...", "Thanks, Sarah"): whom the message is to
# or from, never whose mail a forwarding is about
ADDRESSED_BEFORE: Final = frozenset(
    _words("hi hello hey hiya heya dear morning afternoon evening thanks thank thx cheers regards best")
)
FORWARDED_WHOSE_ASK: Final = (
    "Whose mail should be forwarded to {target}? Name the person or the mailbox (mail is forwarded from your "
    'own mailbox only when the request says so, e.g. "forward my mail to ...").'
)
# "forward urgent mail to Ava", "forward invoices to Ava", "forward mail about the audit to Ava", "forward
# mail from customers to Ava": a condition on which mail goes. A mailbox's forwarding sends all of its mail
# to one address; forwarding only some of it is an inbox rule, nothing mailwarden sets, so the request is
# not understood rather than planned as all mail (red team 46). Read over the masked text (a mailbox named
# "invoices@" is §n§, never the word).
_MAIL_NOUN = r"(?:e-?mails?|mails?|messages?)"
MAIL_SUBSET: Final = LazyPattern(
    # a modifier that picks some of the mail: its priority, where it comes from, what it is about
    r"\b(?:urgent|important|high[- ]priority|low[- ]priority|priority|flagged|starred|critical|certain|"
    r"specific|particular|selected|external|outside|internal|customer|client|vendor|supplier|invoice|"
    r"payment|newsletter|promotional|spam|junk|personal|work[- ]related)\s+" + _MAIL_NOUN + r"\b"
    r"|\bsome\s+(?:of\s+)?(?:(?:my|his|her|their|its|our|the)\s+)?" + _MAIL_NOUN + r"\b"
    # what kind of message, said instead of the mail: "forward invoices to Ava", "redirect the receipts"
    r"|\b(?:forward\w*|redirect\w*|divert\w*|route|fwd)\s+(?:(?:all|any|only|just|the|my|his|her|their|our|"
    r"its|new|incoming|§\d+§)\s+)*(?:invoices?|receipts?|bills|orders|purchase\s+orders|quotes|complaints|"
    r"enquiries|inquiries|applications|cvs|resumes|newsletters|notifications|alerts|voicemails?|tickets|"
    r"payslips|statements)\b"
    # what the mail says or who sends it, after the noun: "mail about the audit", "messages marked urgent"
    r"|\b" + _MAIL_NOUN + r"\s+(?:(?:that|which)\s+(?:are|is|come|comes|arrive|arrives|mention|mentions|"
    r"contain|contains|have|has)\s+|coming\s+|arriving\s+)?(?:about|regarding|concerning|re:|"
    r"on\s+the\s+subject|with\s+(?:the\s+|a\s+)?(?:subject|word|words|keyword|attachments?)|containing|"
    r"mentioning|marked|flagged|tagged|labell?ed|sent\s+by\s+(?!§)|"
    r"from\s+(?:our\s+|the\s+|any\s+|a\s+|certain\s+|specific\s+|particular\s+)?(?:customers?|clients?|"
    r"vendors?|suppliers?|external|outside|the\s+bank|recruiters?|candidates?|applicants?|partners?|"
    r"specific|particular|certain|one\s+sender|(?:a\s+)?sender))\b",
    re.IGNORECASE,
    cue=r"urgent|important|priority|flag|star|critical|certain|specific|particular|selected|external|outside|"
    r"internal|customer|client|vendor|supplier|invoice|payment|newsletter|promo|spam|junk|personal|work|some|"
    r"receipt|bill|order|quote|complaint|enquir|inquir|application|cv|resume|notification|alert|voicemail|"
    r"ticket|payslip|statement|about|regarding|concerning|re:|subject|word|attach|contain|mention|mark|"
    r"tag|label|sent|from",
)
# (nlu115) "Forward pat.gone@ to Priya so no customer emails get lost", "... to make sure invoices are
# paid", "To make sure no customer emails get lost, forward ...": what the forwarding is for, said of mail it
# carries; a purpose clause names no condition on which mail goes nor messages sent on (read as one, the
# forwarding was refused). Only after a forwarding verb in its sentence, or said first up to its comma, and
# never "so" that gives the order ("so forward his invoices to Ava", "so please ...").
FORWARD_PURPOSE: Final = LazyPattern(
    r"(?P<head>\b(?:forward\w*|fwd|redirect\w*|divert\w*|route)\b[^.;!?\n]*?\S)\s*,?\s+"
    r"(?:so(?:\s+as\s+to|\s+that)?|in\s+order\s+(?:to|that)|to\s+(?:make\s+sure|ensure|be\s+sure)|"
    r"making\s+sure|ensuring)\s+"
    r"(?!(?:please|pls|plz|kindly|also|then|just|forward\w*|fwd|redirect\w*|divert\w*|route|send|pass|you|"
    r"can|could|would)\b)[^.;!?\n]*"
    r"|(?:^|(?<=[.;!?\n]))\s*(?:so\s+that|in\s+order\s+(?:to|that)|to\s+(?:make\s+sure|ensure|be\s+sure)|"
    r"so\s+as\s+to)\s[^.;!?\n,]*,",
    re.IGNORECASE,
    cue=r"\b(?:so|order|sure|ensur)",
)
MAIL_SUBSET_SAY: Final = (
    "mailwarden forwards all of a mailbox's mail to one address; it cannot forward only some messages "
    "({said!r}). Forwarding only urgent mail, one sender's mail or invoices is an inbox rule the mailbox's "
    "owner sets in Outlook. Ask again without the condition if all of the mailbox's mail should be forwarded."
)
# "forward mail from Ken to Ava": the mail Ken sends (a condition, an inbox rule) or Ken's own mailbox? A
# person after "mail from" is asked about (a shared mailbox's "mail from careers@" is that mailbox's mail;
# so is "mail from Ken's mailbox")
MAIL_FROM_SENDER: Final = LazyPattern(
    r"\b(?:"
    + _MAIL_NOUN
    + r"|anything|everything|stuff)\s+(?:(?:that\s+)?(?:comes?|coming|arriving|arrives?|"
    r"sent|received)\s+)?from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
MAIL_FROM_SENDER_ASK: Final = (
    "Should all of {who}'s mail (their mailbox) be forwarded, or only the mail {who} sends? mailwarden "
    "forwards a whole mailbox; forwarding one sender's mail is an inbox rule set in Outlook. Say it as "
    '"forward {who}\'s mail to ..." if the whole mailbox is meant.'
)
# "Grace can be editor on my calendar", "Grace needs send as on billing": a first name that is also a word,
# capitalised at a sentence's start before what a person as subject does (a modal, "needs", "wants"); the
# word would begin no sentence so ("Will you ...", "May I ..." have no subject verb after them)
PERSON_SUBJECT_AFTER: Final = LazyPattern(
    r"(?:can|could|should|will|would|must|may|might|shall|needs?|wants?|is\s+(?:covering|going\s+to|to)|"
    r"has\s+to|gets?)\s+(?!i\b|you\b|we\b|they\b|it\b)"
)
SUBJECT_FORWARDS_AFTER: Final = LazyPattern(
    r"^(?:(?:should|must|will|can|needs?\s+to|no\s+longer|doesn'?t|does\s+not|don'?t|need\s+to|needs|is|are|"
    r"has\s+been|had\s+been|was|keeps|still|currently|always|stop|stops|to)\s+)+(?:auto-?)?forward\w*\b"
    # "Careers no longer needs its forwarding", "Careers doesn't need the forwarding any more" (batch 30
    # cleared the requester's own forwarding; nlu63)
    r"|^(?:(?:no\s+longer|doesn['’]?t|does\s+not|won['’]?t|will\s+not|don['’]?t|do\s+not|still|really)\s+)*"
    r"(?:needs?|wants?|uses?|requires?|has|have)\s+(?:its|the|any|that|this|their|a)\s+(?:mail\s+)?"
    r"(?:auto-?)?(?:forward\w*|fwd)\b"
)
# "Could you set up Rachel Green so that she can send on behalf of finance@": the change is what the one set
# up can do after "so that", read as "set up Rachel Green to send ..." (rules: before reading; "so that" is
# otherwise a reason, cut)
SET_UP_SO_THAT: Final = LazyPattern(
    r"(?i:\b(?P<head>(?:set\s+up|configure|enable|sort\s+out)\s+(?P<who>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?|me))"
    r"\s*,?\s+so\s+(?:that\s+)?(?:she|he|they|i)\s+(?:can|could|is\s+able\s+to|are\s+able\s+to|am\s+able\s+to|"
    r"will\s+be\s+able\s+to)\s+)"
)
# "can you set it so Maria can't get into my calendar anymore?", "make it so Tom can send as billing@", "set
# things up so that ...": the state asked for, said after "so"; the clause after it is the request, as after
# "make sure" (OUTCOME_SO_SAY; "it" there stands for nothing the request names)
OUTCOME_SO: Final = LazyPattern(
    r"\b(?:set|make|fix|arrange|change|sort|configure|get|have)\s+(?:it|things|this|that)(?:\s+up)?"
    r"\s*,?\s+so(?:\s+that)?\b(?!\s+(?:much|many|far|long)\b)",
    re.IGNORECASE,
    cue=r"so",
)
OUTCOME_SO_SAY: Final = "make sure"
# "Give Priya full access to my mailbox; end it at month end", "..., stop it on Friday", "..., it ends at
# month end": the grant's end said as a clause of its own (red team 32: left unread, a permanent grant was
# planned), read as "... until <when>" ("for <when>" for a length: "end it after two weeks");
# rules._end_said_apart
END_SAID_APART: Final = LazyPattern(
    r"[ \t]*[,;.]?[ \t]*(?:(?:and|but|then|please|pls|just)[ \t]+)*"
    r"(?:(?:end|stop|cut[ \t]+off|expire|remove|revoke|take[ \t]+away|turn[ \t]+off|switch[ \t]+off|kill)"
    r"[ \t]+"
    r"(?:it|that|this|them|(?:the|her|his|their|that|this)[ \t]+(?:access|right|permission|grant))"
    r"|(?:it|that|this|(?:the|her|his|their)[ \t]+(?:access|right|permission|grant))[ \t]+"
    r"(?:ends|stops|expires|runs[ \t]+out|lapses"
    r"|(?:should|will|can|must|is[ \t]+to|has[ \t]+to|needs[ \t]+to)"
    r"[ \t]+(?:end|stop|expire|run[ \t]+out|lapse)))"
    r"(?:[ \t]+(?:at|on|by|after|in|with|come))?[ \t]+(?P<when>[^,;.!?\n]+?)[ \t]*(?=[,;.!?\n]|$)",
    re.IGNORECASE,
)
# the words put before what END_SAID_APART found: an end ("until Friday"), else a length ("for two weeks")
END_SAID_LEADS: Final = ("until", "for")
# "month end", "the month-end", "EOM" said as when access ends: the end of this month
MONTH_END_WHEN: Final = LazyPattern(
    r"^(?:the[ \t]+)?(?:month[- ]?end|end[- ]of[- ](?:the[- ])?month|eom)$", re.IGNORECASE
)
MONTH_END_WHEN_SAY: Final = "the end of the month"
# an end said apart the planner cannot read ("stop it at quarter end", "end it at 5pm"): it is still an end,
# so the grant is read as temporary (asked how long), never for good
END_SAID_UNREAD: Final = LazyPattern(
    r"\b(?:minutes?|hours?|days?|weeks?|fortnight|months?|years?|quarter|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|tomorrow|tonight|today|noon|midnight|eod|eow|eom|eoy|(?:month|year|quarter|week)"
    r"[- ]?end|weekend|\d+(?::\d+)?\s*(?:am|pm)?)\b",
    re.IGNORECASE,
)
END_SAID_UNREAD_SAY: Final = " temporarily"
# "Remove Tom's access to Billing and hand it over to Priya": bare "access" to a mailbox, taken and handed on,
# is the mailbox's full access moved (as "Remove my access to the Sales mailbox" revokes full access; red team
# 32 revoked Priya too); never said of a calendar, a list or a folder, which are no mailbox's full access
MOVED_BARE_ACCESS: Final = LazyPattern(r"(?<!full )(?<!full-)\baccess\b", re.IGNORECASE)
MOVED_BARE_ACCESS_SAY: Final = "full access"
MOVED_NOT_MAILBOX: Final = LazyPattern(
    r"\b(?:calend[ae]rs?|diary|schedule|free[/ -]?busy|availability|lists?|groups?|distribution|teams?|"
    r"folders?|contacts?|tasks?|notes|sharepoint|site|channel)\b",
    re.IGNORECASE,
)
# "Leave my calendar to Priya Patel", "leave the Sales mailbox with Tom": something handed to someone (a
# bequest, a handover), never "leave" as a removal of the one named (red team 32 took Priya's calendar access
# away); what is meant is asked (rules: only when the plan gives nothing)
LEFT_TO_SOMEONE: Final = LazyPattern(
    r"^(?:(?:please|pls|kindly|just|can\s+you|could\s+you|would\s+you|i\s+want\s+to|i'?d\s+like\s+to)\s+)*"
    r"leave\s+(?:my|his|her|their|our|the)\s+[^,;.!?]*?\s+(?:to|with|for)\s+(?!be\b|me\b|myself\b|us\b)\S",
    re.IGNORECASE,
)
LEFT_TO_SOMEONE_ASK: Final = (
    "I could not tell whether {said!r} hands it to them (a share or a grant) or takes their access away: say "
    'which (for example "share my calendar with Priya Patel" or "remove Priya Patel from my calendar").'
)
# "Remove everyone from Marketing leaving only Priya Patel": who a removal of everyone leaves, said with no
# comma before it; read as set apart (", leaving ...", which negation.py reads as who stays, or asks)
ALL_REMOVED_LEAVING: Final = LazyPattern(
    r"\b(?P<head>(?:remove|take|drop|kick|clear)\s+(?:out\s+)?(?:everyone|everybody|all(?:\s+(?:the\s+)?"
    r"(?:members|people|users))?)\s+(?:from|off|out\s+of)\s+[^,;.!?]+?)\s+(?=(?:but\s+)?(?:leaving|leave)\s)",
    re.IGNORECASE,
)
ALL_REMOVED_LEAVING_SAY: Final = r"\g<head>, "

# ---- nlu41: batch 23's misses as classes ----
# A length's count and unit as people write them (durations.py reads the number): "6", "two", "half a",
# "a couple of"; "hours", "hrs", "days", "wks", "48h"
_LENGTH_COUNT: Final = (
    r"(?:\d+(?:\.5)?|half\s+an?|a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few|an?|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty)"
)
_LENGTH_UNIT: Final = r"(?:minute|min|hour|hr|day|week|wk|fortnight|month|year|yr)s?|(?<=\d)(?:hrs?|h|d|w)"
# what caps a bare length ("6 hours only", "two days max", "4 hours tops", "3 days at most")
_LENGTH_CAP: Final = (
    r"(?:only|max|maximum|tops|at\s+most|at\s+the\s+most|and\s+no\s+longer|no\s+longer|no\s+more|"
    r"and\s+that'?s\s+it)"
)
# (nlu145, batch 48: "[08:54] Priya: two weeks is fine" answering "for how long?" asked the end) a bare length
# said to be enough, as an answer is: "two weeks is fine", "a week should do", "3 days works"
NLU145_LENGTH_AGREED: Final = (
    r"(?:\s+(?:is|['’]s|should\s+be|will\s+be|would\s+be)\s+(?:fine|ok|okay|good|enough|plenty|great|perfect|"
    r"alright|all\s+right)|\s+(?:should|will|would)\s+do(?:\s+it)?|\s+works|\s+(?:is|['’]s)\s+all\s+(?:we|i)\s+need)"
)
_LENGTH_CLOSE: Final = r"(?:\s+(?:please|pls|plz|thanks|thx|ty))?\s*[.!)]?\s*$"
# (a unit is never a word of an address: "2 hr@acme.com" names a mailbox; nlu90)
_LENGTH_SAID: Final = rf"(?P<count>{_LENGTH_COUNT})\s*-?\s*(?P<unit>{_LENGTH_UNIT})\b(?!-\w)(?![\w.-]*@)"
_LENGTH_PLAIN: Final = rf"{_LENGTH_COUNT}\s*-?\s*(?:{_LENGTH_UNIT})\b(?!-\w)(?![\w.-]*@)"
# "John Miller: full access to Priya's mailbox, 6 hours only", "..., just 2 days", "... - 4 hours tops",
# "... 3 days only please", "..., half a day": a bare length that closes the request, capped or set apart
# (batch 23 granted the first for good); durations.find_expiry reads it as "for N units"
# (never a comma or colon between digits: "for 2:30 hours", "for 1,5 hours" are no "30 hours" or "5 hours"
# closing the request; red team 59 planned 30 and 5 hours, nlu94. LENGTH_UNREAD asks them)
LENGTH_CLOSING: Final = LazyPattern(
    rf"(?:(?:^|(?<!\d)[,:;(]|\s-)\s*(?:(?:just|only)\s+(?:for\s+)?)?|\b(?:just|only)\s+(?:for\s+)?"
    rf"|(?<![\w.@-])(?={_LENGTH_PLAIN}\s+{_LENGTH_CAP}{_LENGTH_CLOSE}))"
    rf"{_LENGTH_SAID}(?:\s+{_LENGTH_CAP})?(?:{NLU145_LENGTH_AGREED})?{_LENGTH_CLOSE}",
    re.IGNORECASE,
    # (each match names a unit of _LENGTH_UNIT: a word, or a letter right after a digit; never "mo" or "mth",
    # which only LENGTH_UNREAD reads, and whose "mo" is in every "remove")
    cue=r"min|hour|hr|day|week|wk|fortnight|month|year|yr|\d[hdw]",
)
# "for half a day", "for 48h", "for 1.5 days": a length after "for" in the words LENGTH_CLOSING knows
LENGTH_FOR: Final = LazyPattern(
    rf"\b(?:for|during|over)\s+(?:the\s+)?(?:next\s+|coming\s+)?{_LENGTH_SAID}",
    re.IGNORECASE,
    # (each match names a unit of _LENGTH_UNIT: a word, or a letter right after a digit; never "mo" or "mth",
    # which only LENGTH_UNREAD reads, and whose "mo" is in every "remove")
    cue=r"min|hour|hr|day|week|wk|fortnight|month|year|yr|\d[hdw]",
)
# a count and a time unit that no end was read from ("6 hrs tops, ok?", "48h or so"): an end the planner
# could not read, asked (`expires`), never dropped into a grant for good; a time ago is no end
LENGTH_UNREAD: Final = LazyPattern(
    r"(?<![\w.@-])(?:\d+(?:\.5)?|half\s+an?|a\s+couple\s+of|couple\s+of|a\s+few|two|three|four|five|six|seven|eight|"
    rf"nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty)(?:\s*-?\s*ish)?\s*-?\s*(?:(?:business|working|work)\s+)?"
    # ("1 mo", "1 mth": a month said short; "1m": a month or a minute; never read, asked: nlu82)
    rf"(?:{_LENGTH_UNIT}|(?:mth|mo)s?|(?<=\d)m)(?![\w@-])(?!\s+ago\b)",
    re.IGNORECASE,
    # (each match names a unit: a word, or a letter right after a digit)
    cue=r"min|hour|hr|day|week|wk|fortnight|month|mth|mo|year|yr|\d[hdwm]",
)
LENGTH_UNREAD_ASK: Final = (
    'I could not tell when this should end from {said!r}: say a date or a length (for example "for 6 hours", '
    '"for 2 weeks" or "until Friday"), or ask without an end.'
)
# "hr@acme.com -- sorry, finance@acme.com", "Ken--sorry, Tom": a double dash set apart is a dash (the
# correction after it is read as after " - "; batch 23 granted hr@ too)
DOUBLE_DASH: Final = LazyPattern(r"\s*-{2,}\s+|\s+-{2,}\s*|(?<=[a-z])-{2,}(?=[a-z])", re.IGNORECASE)
# "..., my bad, finance@", "... - whoops, Engineering", "..., wrong one, Tom Becker", "... - typo, Ava": a
# slip owned up to after a stop, comma or dash, read as "sorry" (which CORRECTION reads as a fix)
SLIP_OWNED_UP: Final = LazyPattern(
    r"(?P<lead>[.,;!?(:/]|\s-)\s*(?:my\s+bad|my\s+mistake|my\s+error|whoops|whoopsie|oopsie|ooops+|"
    r"err+|erm|uhh?|umm?|ugh|typo|pardon|(?:my\s+)?apologies|sry|soz|"
    # ("to Chris Lee, er no, to Sarah Connor", "Marketing, oh wait she wants Project Phoenix instead": a
    # hesitation with a "no" or a "wait" after it; batch 24, nlu44)
    # (one that adds, "oh wait he wants Marketing too", replaces nothing)
    r"(?:(?:er+|erm|uhh?|umm?|ah+|oh+)\s+no(?:\s+wait)?|(?:oh+|ah+)\s+wait)"
    r"(?![^.;!?\n]*\b(?:also|too|as\s+well|plus|another|one\s+more|and\s+(?:also|then))\b)|"
    r"wrong\s+(?:one|mailbox|box|list|person|name|address|inbox|group|calendar)"
    # ("Edit: finance@acme.com", "update - ...": a note's fix of what it said)
    # (one that adds, "Update - Ken Adams too", "Edit: and send as", replaces nothing)
    r"|(?:edit|update|correction\s+to\s+the\s+above)"
    r"(?![^.;!?\n]*\b(?:also|too|as\s+well|plus|another|one\s+more|and|more)\b)"
    # ("; rather finance@", never "rather than")
    r"|rather(?!\s+than\b))"
    r"(?=\s*[,:;.!-]|\s+(?:i\s+mean|make\s+that|should\s+be|it'?s|it\s+is)\b"
    # ("oh wait she wants Project Phoenix instead": what the one it is for wants, said after the wait)
    r"|(?<=wait)\s+(?:she|he|they)\s+(?:wants|needs|would\s+like|meant|means|asked\s+for)\b"
    r"|(?<=rather)\s+\S)",
    re.IGNORECASE,
    # (after the lead, each part above starts with one of these)
    cue=r"[.,;!?(:/-]\s*(?:my\s|whoops|oops|ooop|er|uh|um|ugh|typo|pardon|apolog|sry|soz|ah|oh|wrong|edit|update|correction|rather)",
)
# "hr@acme.com - should be finance@acme.com", "..., should have been Tom Becker", "..., wait, finance@": a
# fix said with no cue CORRECTION reads, right before an address or a name; read as "sorry," (SLIP_OWNED_UP)
FIX_SAID_BEFORE_NAME: Final = LazyPattern(
    r"(?P<lead>[.,;!?(:/]|\s-)\s*(?:(?:oh\s+)?wait|(?:that\s+|it\s+)?should\s+(?:be|have\s+been|read))\s*,?"
    r"(?=\s+(?:the\s+)?(?:[\w.+-]+@|[A-Z])(?![^.;!?\n]*\b(?:also|too|as\s+well|plus|another|one\s+more)\b))",
    cue=r"wait|should",
)

SLIP_OWNED_UP_SAY: Final = "sorry"
# "Don't give Christine edit rights on my calendar, reviewer is enough": the level given, the wider one ruled
# out, said as "Give Christine reviewer on my calendar, not edit rights" (rules._clean; batch 26 asked who)
DONT_GIVE_LEVEL_ENOUGH: Final = LazyPattern(
    r"^(?P<lead>(?:(?:please|pls|and|but)\s+)*)(?:don'?t|dont|do\s+not)\s+give\s+(?P<who>[^,;.]+?)\s+"
    r"(?P<old>(?:edit(?:or|ing)?|write|full)(?:\s+(?:rights|access|permissions?|control))?)\s+"
    r"(?P<on>(?:on|to|for)\s+[^,;.]*?(?:calendar|diary))\s*(?:[,;]|\s-)\s*(?:(?:just|only)\s+)?"
    r"(?P<new>reviewer|free[/ -]?busy|availability(?:\s+only)?|limited\s+details|read[- ]only|view(?:ing)?"
    r"(?:\s+only)?)(?:\s+(?:access|rights))?"
    r"(?:\s+(?:is|'s|will\s+be|would\s+be)\s+(?:enough|fine|plenty|sufficient|ok|okay)|\s+will\s+do|\s+only)?"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
    cue=r"calendar|diary",
)
# "...; Mike Smith signed this off and Christine Lee will show him around": someone who will help the one the
# change is for settle in (show around, walk through, train, help out), told at the end, alone or joined by
# "and" to an aside before it; no one the change is for (batch 46 asked what it asks for Christine; nlu134).
# "... and Christine Lee will need it too" is no help told: still asked.
NLU134_HELPER_END: Final = LazyPattern(
    # (after a comma, a semicolon or "and" only: a part set off by a dash after a request is where a fix is
    # said, "- Ava would be better", and one naming a person there is asked: nlu59, nlu72)
    r"(?:\s*[,;]\s*|\s+and\s+)(?P<n2>" + _ASIDE_NAMES + r")\s+"
    r"(?i:(?:will|can|is\s+going\s+to|['’]ll|has\s+offered\s+to|offered\s+to)\s+"
    r"(?:show\s+(?:him|her|them)\s+(?:around|the\s+ropes)|walk\s+(?:him|her|them)\s+through\s+(?:it|this|things)|"
    r"help\s+(?:him|her|them)(?:\s+(?:out|settle\s+in|get\s+started))?|train\s+(?:him|her|them)(?:\s+up)?|"
    r"onboard\s+(?:him|her|them)|get\s+(?:him|her|them)\s+(?:started|up\s+to\s+speed)))"
    r"\s*[.!]?\s*$",
    cue=r"(?i:show|walk|help|train|onboard|started|speed)",
)
DONT_GIVE_LEVEL_ENOUGH_SAY: Final = r"\g<lead>Give \g<who> \g<new> \g<on>, not \g<old>"
# "Please delete the External-Contractors list, Vera's engagement has ended", "... - Priya's project wrapped
# up", "; Tom Becker's contract is over": what ended for someone, told at the end as the reason; no one the
# change is for (batch 23 asked how Vera goes with the list; "- Priya's project wrapped up" removed Priya)
PERSON_ENDED_END: Final = LazyPattern(
    _ASIDE_OPEN + rf"(?P<who>{_ASIDE_NAME}|(?i:his|her|their))['’]?s?\s+"
    r"(?i:(?:(?:fixed[- ]term|temp(?:orary)?|consulting|contract(?:or)?|short[- ]term)\s+)?"
    r"(?:engagement|contract|project|assignment|secondment|placement|internship|tenure|gig|stint|term|"
    r"employment|consultancy|residency|rotation|cover|loan|time\s+(?:here|with\s+us))\s+"
    r"(?:has\s+|had\s+|is\s+|was\s+|'s\s+|just\s+|now\s+|officially\s+)*"
    r"(?:ended(?:\s+early)?|finished|expired|concluded|wrapped\s+up|over|done|complete(?:d)?|ran\s+out|"
    r"run\s+out|terminated|come\s+to\s+an\s+end|came\s+to\s+an\s+end|ending|ends|finishes|expires)"
    r"(?:\s+(?:today|yesterday|now|last\s+\w+|this\s+\w+|on\s+\w+|early))?)"
    r"\s*\)?\s*[.!]?\s*$",
    # (each ending above holds one of these)
    cue=r"(?i:end|finish|expir|conclu|wrapped|over|done|complete|ran\s+out|run\s+out|terminat)",
)
# "Please delete the Contractors distribution list, David is moving everyone to employee contracts": what
# someone else is doing with the people of it (moving them all elsewhere), told at the end as why; no one the
# change is for (batch 46 asked how David goes with the list). Only where they go names no list or mailbox
# (rules._ended_reason_cut): "..., David is moving everyone to Sales" is one more target, and asked.
NLU134_PERSON_MOVING_ALL_END: Final = LazyPattern(
    # (who moves them may be a team: "- HR are moving them all onto permanent contracts" removed hr@ from the
    # list in place of deleting it)
    _ASIDE_OPEN + rf"(?P<who>{_ASIDE_NAME}|(?:(?i:the)\s+)?[A-Z][A-Za-z&-]*(?:\s+(?i:team|department|dept))?"
    r"|(?i:he|she|they|we))\s+"
    r"(?i:(?:is|are|['’]s|['’]re|has\s+been|have\s+been|will\s+be)\s+(?:already\s+|now\s+)?"
    r"(?:moving|migrating|switching|transferring|shifting|converting|putting)\s+"
    r"(?:everyone|everybody|all\s+of\s+them|them\s+all|them|all\s+the\s+\w+|the\s+whole\s+team|the\s+rest)"
    # (a stop inside a word is an address's: "... onto sales@acme.com"; where may go unsaid, "- HR are
    # moving them" removed hr@ from the list in place of deleting it; nlu136)
    r"(?:\s+(?:over\s+)?(?:to|onto|into|on\s+to)\s+(?P<where>(?:[^,;.!?\n()]|\.(?=\w))+?)"
    r"|\s+(?:over|across))?)"
    r"\s*\)?\s*[.!]?\s*$",
    cue=r"(?i:moving|migrating|switching|transferring|shifting|converting|putting)",
)
# where the people go said as a list or mailbox though none is named ("... to the new list"): a list move
NLU134_LIST_NOUN: Final = LazyPattern(
    r"\b(?:lists?|groups?|dls?|distros?|mailbox(?:es)?|inbox(?:es)?|teams?|channels?|@)", re.IGNORECASE
)
# (nlu136) what may stand between a part and its hold said in words ("Finance – pending", "Finance: held")
NLU136_HOLD_WORDS_LEAD: Final = " \t:-–—"
# (nlu136) the punctuation around a told move, trimmed before it is quoted back
NLU136_MOVING_TRIM: Final = " \t-–—,;.!()"
# the params of a step that name whom or what it changes (rules._moved_to_named)
NLU136_STEP_WHO_KEYS: Final = ("mailbox", "group", "trustee", "member", "grantee")
# "Remove Tom Becker from Contractors - HR are moving them all onto the Sales list": who moves the members and
# where they go are told, never whom a change is for (hr@ and sales@ were removed from Contractors)
NLU136_MOVER_CHANGED_ASK: Final = (
    "The request tells of the members being moved ({said!r}): who moves them and where they go are not "
    "changed by it. Say each change on its own: who to add to or remove from which list."
)
# "ACCESS REQUEST FORM / Employee name: Liam Brown / Resource: sales@acme.com / Access type: Send As": what
# the access is on, a form's "Resource" field, read as its mailbox field (pasted._boxes_said; batch 23 asked
# who)
FORM_RESOURCE_KEY: Final = LazyPattern(
    r"(?:requested |target |shared )?resource(?: name| requested| address)?|resource to access",
    re.IGNORECASE,
)
FORM_RESOURCE_SAY: Final = "Mailbox"
# "Access Request Form", "Mailbox access request": a form's title in any case, a few words ending in "form" or
# "request" (FORM_TITLE_LINE reads the capitalised or ruled ones)
FORM_TITLE_PLAIN: Final = LazyPattern(
    r"(?:[a-z&/-]+\s+){0,4}(?:request\s+form|form|request)\s*"
    # ("Shared mailbox permission request (web form)": where it was filed, in brackets; nlu152)
    r"(?:\((?:web|online|portal|it|self[- ]service)\s+form\)\s*)?:?"
    # ("Temporary access" over "User: / Permission: / Mailbox: / End date:"; batch 26)
    r"|(?:temporary|temp|time[- ]limited|urgent|new)\s+(?:mailbox\s+|shared\s+mailbox\s+)?access\s*:?",
    re.IGNORECASE,
)
# "Access requested: [x] Join list  [ ] Leave list": a list form's tick boxes, the one ticked its action
# (pasted._boxes_said; batch 26)
FORM_JOIN_BOX: Final = LazyPattern(
    r"(?:join|subscribe|add(?:\s+me)?)(?:\s+(?:to\s+)?(?:the\s+)?(?:list|group|dl|distribution\s+list))?",
    re.IGNORECASE,
)
FORM_LEAVE_BOX: Final = LazyPattern(
    r"(?:leave|unsubscribe|remove(?:\s+me)?)(?:\s+(?:from\s+)?(?:the\s+)?(?:list|group|dl|distribution\s+list))?",
    re.IGNORECASE,
)
# "Employee email: mia.novak@acme.com" under "Employee name: Mia Novak": the same person's address
FORM_PERSON_EMAIL_KEY: Final = LazyPattern(
    r"(?:employee|user|person|staff(?: member)?)\s+e-?mail(?:\s+address)?", re.IGNORECASE
)
# "Submitted by: Mike Smith", "Caller: Tom": who filed the form, a claim, never a person asked for
# (pasted._boxes_said leaves the line out; batch 26)
FORM_FILED_BY_KEY: Final = LazyPattern(
    r"(?:submitted|raised|reported|opened|logged|filed)\s+by|caller", re.IGNORECASE
)
# "can someone sort out the Boardroom calendar?", "could you look at the support mailbox please?": an ask that
# only names what it is about, as its own sentence; a change said after it on "it" is on that
# (rules._topic_asked_then_it; batch 23's chat asked who should see the calendar)
TOPIC_ASKED: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n])\s*)(?:hi|hey|hello|morning|quick one)?[\s,!-]*"
    r"(?:(?:can|could|would)\s+(?:someone|somebody|anyone|you|u|one\s+of\s+you)\s+(?:please\s+)?|please\s+)?"
    r"(?:sort\s+out|look\s+(?:at|into)|help\s+(?:me\s+|us\s+)?(?:out\s+)?with|deal\s+with|fix|handle|"
    r"take\s+care\s+of|have\s+a\s+look\s+at|set\s+up|sort)\s+"
    r"(?P<what>(?:the\s+|my\s+|our\s+)?(?:[\w.@'-]+\s+){0,3}?(?:calendar|diary|mailbox|inbox|shared\s+mailbox))"
    r"(?:\s+(?:please|pls|for\s+me|for\s+us))?\s*[?.!]+",
    re.IGNORECASE,
    # (each verb above holds one of these)
    cue=r"sort|look|help|deal|fix|handl|care|set\s+up",
)
# "... needs editor on it", "... needs full access to it": where the change after TOPIC_ASKED is said
ON_IT_AFTER_TOPIC: Final = LazyPattern(r"\b(?P<prep>on|to|of|in)\s+it\b(?!\s*(?:'s|is)\b)", re.IGNORECASE)
# "Chris Lee should get editor on my calendar, and Tom Becker's access to it can go", "Share my calendar with
# Ava and take Tom off it": "it" after a calendar named, in a request naming nothing else a change could be
# on, is that calendar (rules._calendar_then_it, the calendar found as CALENDAR_NAMED finds it; the part on
# "it" was asked about)
CALENDAR_OF_PRONOUN: Final = LazyPattern(r"(?:his|her|their)\b", re.IGNORECASE)
IT_AFTER_CALENDAR: Final = LazyPattern(
    r"\b(?P<prep>on|to|of|in|from|off|out\s+of)\s+it\b(?!\s*(?:'s|is|was)\b)", re.IGNORECASE
)
# what else a change on "it" could be on: then "it" is not read as the calendar
NOT_ONLY_CALENDAR: Final = LazyPattern(
    r"\b(?:mailbox(?:es)?|inbox|e-?mails?|mail|list|dl|group|team|forward\w*|send\s+as|sendas|send\s+on\s+behalf|"
    r"full\s+access|fa|sob|folders?|contacts?|calendars\b|diaries)\b",
    re.IGNORECASE,
)
# "can i be taken off all-sales? moving to ops next week", "... - switching to the marketing team on Monday":
# the writer's own move told with its "I'm" left out, a sentence (or a dash's part) of its own; read as "I'm
# moving ..." (a statement, the reason; batch 23 asked what it changes)
OWN_MOVE_ELIDED: Final = LazyPattern(
    r"(?P<lead>(?:^|[.?!;]|\s-)\s*)(?:(?:also|btw|fyi|oh and|since|as)[\s,]+)?"
    r"(?P<verb>moving|transferring|switching|changing|relocating|heading|going)"
    r"(?=\s+(?:over\s+)?(?:to|into|teams?|roles?|departments?|jobs?)\b)",
    re.IGNORECASE,
)
OWN_MOVE_ELIDED_SAY: Final = r"\g<lead>I'm \g<verb>"
# "Ticket 77120 - Offboarding: Former Employee (pat.gone@acme.com)", "Leaver: Tom Becker", "Offboard Ken
# Adams -": an offboarding said with the one leaving on its line; the steps after it that name no one are
# theirs (rules._leaver_steps; batch 23 forwarded the requester's own mail)
LEAVER_LEAD: Final = LazyPattern(
    r"\b(?:offboard(?:ing)?|off-board(?:ing)?|leaver|leavers\s+process|former\s+employee|departing\s+employee|"
    r"departed\s+employee|ex-employee|deprovision(?:ing)?|de-provision(?:ing)?|termination|separation|"
    # ("Tom Becker is leaving. Forward mail to Priya": the one leaving, told, is whose the steps are)
    r"exit\s+checklist|exit\s+ticket|(?:is|are)\s+leaving|has\s+left|have\s+left|is\s+departing|has\s+departed|"
    r"left\s+(?:the\s+(?:company|business|firm|organi[sz]ation)|us|acme|last\s+\w+|on\s+\w+|yesterday|today)|"
    # ("pat.gone@acme.com left in January", "... left at the end of last month", "... left two weeks ago")
    r"left\s+(?:(?:back\s+)?in|at\s+the\s+end\s+of|over)\s+\w+|left\s+(?:\w+\s+){1,2}ago|"
    r"no\s+longer\s+(?:works\s+here|with\s+us|at\s+acme)|(?:'s|s)\s+last\s+day)\b"
    # ("Mover: Liam Brown (Sales -> Finance) / - remove from all-sales / - add to Finance Team": a mover's,
    # joiner's or transfer's note heads its steps with the one person they are all for, as a leaver's does;
    # batch 40 asked whom each was for)
    r"|^[ \t]*(?P<joins>mover|joiner|new\s+joiner|starter|new\s+starter|new\s+hire|transfer|"
    r"internal\s+transfer|internal\s+move|role\s+change|team\s+move)[ \t]*:"
    # ("Emma is joining Finance. Please: / * add her to Finance Team / * send on behalf on finance@": one
    # person told joining heads the steps after as a joiner's note does; nlu106)
    r"|\b(?P<joined>is\s+joining|has\s+(?:just\s+)?joined|is\s+starting\s+(?:in|on|with|at)"
    # ("Sam Taylor joins:\n- onto all-sales", "Sam Taylor is moving to Marketing:\n- off all-sales": a line
    # ending in a colon over the bullets, as a mover's note heads them; nlu126, red team 70 read the list of
    # the bullet before as the next one's subject)
    r"|(?:joins|is\s+moving|is\s+transferring)(?=[^\n]*:[ \t]*$))\b",
    re.IGNORECASE | re.MULTILINE,
    # (each part above holds one of these)
    cue=r"board|leav|former|depart|ex-employee|provision|termination|separation|exit|left|longer|last|mover|"
    r"joiner|starter|hire|transfer|move|moving|change|join|start",
)
# a step with no one named: "1. Remove from all-sales", "- take off the Marketing list", "Remove from Finance
# Team." (said at a line's or a sentence's start, a number or bullet before it)
LEAVER_STEP_REMOVE: Final = LazyPattern(
    r"(?:(?<=\n)|(?<=[.;:,]\s)|(?<=[.;:,])|(?<=\s-\s)|(?<=\sand\s))"
    r"(?P<lead>\s*(?:\d+\s*[.)]|[-*•])?\s*(?:(?:please|pls|also|then|and)\s+)*)(?P<verb>remove|drop|take)\s+"
    r"(?P<prep>from|off|out\s+of)\b",
    re.IGNORECASE,
)
# "- add to Finance Team": the one person of the note added (a mover's or joiner's new list)
LEAVER_STEP_ADD: Final = LazyPattern(
    r"(?:(?<=\n)|(?<=[.;:,]\s)|(?<=[.;:,])|(?<=\s-\s)|(?<=\sand\s))"
    r"(?P<lead>\s*(?:\d+\s*[.)]|[-*•])?\s*(?:(?:please|pls|also|then|and)\s+)*)(?P<verb>add|put)\s+"
    r"(?P<prep>to|on|onto|into)\b",
    re.IGNORECASE,
)
# "- off all-sales", "- onto the Marketing list": a bullet of a mover's, joiner's or leaver's note said as
# the preposition alone, the one person's list taken off or put on (nlu122: batch 44 read no change)
LEAVER_STEP_OFF: Final = LazyPattern(
    r"^(?P<lead>[ \t]*(?:\d+[ \t]*[.)]|[-*•])[ \t]+)(?:off|out\s+of)(?:\s+of)?\s+(?=\S)",
    re.IGNORECASE | re.MULTILINE,
)
# "Mover: Liam Brown, effective Friday / - remove from all-sales": a start said on the note's own line is
# every step's (read with the header alone, the steps after it were made now); "effective today" starts
# nothing later
LEAD_LATER_START_ASK: Final = (
    "The note says its changes should start later, but a change cannot be scheduled to start: ask again on "
    "the day it should start, or ask for it now without the start."
)
LEAVER_STEP_ONTO: Final = LazyPattern(
    r"^(?P<lead>[ \t]*(?:\d+[ \t]*[.)]|[-*•])[ \t]+)(?:onto|on\s+to|into)\s+(?=\S)",
    re.IGNORECASE | re.MULTILINE,
)
# "Mover: Sam Taylor (UK Sales Lead -> EMEA Marketing), effective today": the bracket after the mover's name
# tells the role or team moved from and to, a title; never a list or mailbox the steps are on (the bullets
# name those). Only on the note's own line
MOVER_ROLE_BRACKET: Final = LazyPattern(
    r"^(?P<line>[^\n]*?)[ \t]*\([^()\n]{1,60}?(?:->|→|=>|\bto\b)[^()\n]{1,60}?\)",
    re.IGNORECASE,
)
# "- full access to finance@acme.com", "* send as on Billing": a bulleted right with no one it is for, in a
# leaver's, mover's or joiner's note, that one person's (LEAVER_STEP_RIGHT_GIVEN/_TAKEN); a line naming whom
# it is for ("for Priya", "to her", "his mailbox") is left as said
LEAVER_STEP_RIGHT: Final = LazyPattern(
    r"^(?P<lead>[ \t]*(?:\d+[ \t]*[.)]|[-*•])[ \t]+)(?=(?:full\s+(?:mailbox\s+)?access|send[- ]as|"
    r"send[- ]on[- ]behalf)\s+(?:to|on|of)\b(?![^\n]*\b(?:for|his|her|their|him|them)\b))",
    re.IGNORECASE | re.MULTILINE,
)
# how such a right is said for the one person: a joiner's or mover's given, a leaver's taken away (an
# offboarding bullet naming a right takes it from the one leaving)
LEAVER_STEP_RIGHT_GIVEN: Final = "give {name} "
LEAVER_STEP_RIGHT_TAKEN: Final = "revoke {name}'s "
# "- full access to his mailbox" in a leaver's note: a right on the leaver's own mailbox naming no one to get
# it; whom it is for is asked, never the leaver given a right to their own mailbox (nlu106)
LEAVER_STEP_OWN_MAILBOX_RIGHT: Final = LazyPattern(
    r"^[ \t]*(?:\d+[ \t]*[.)]|[-*•])[ \t]+(?:(?:please|pls|also|then|and|give|grant)\s+)*"
    r"(?:full\s+(?:mailbox\s+)?access|send[- ]as|send[- ]on[- ]behalf)\s+(?:to|on|of|for)\s+"
    r"(?:his|her|their)\s+(?:own\s+)?(?:mailbox|inbox)[ \t]*[.;]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
LEAVER_OWN_MAILBOX_ASK: Final = (
    "The request asks for a right on the leaver's own mailbox but names no one to get it: say who should get "
    'it (for example "give Priya Patel full access to Tom Becker\'s mailbox").'
)
# "2. Forward mail to Priya Patel", "- forward emails to ...": the leaver's mail forwarded
LEAVER_STEP_FORWARD: Final = LazyPattern(
    r"(?:(?<=\n)|(?<=[.;:,]\s)|(?<=[.;:,])|(?<=\s-\s)|(?<=\sand\s))"
    r"(?P<lead>\s*(?:\d+\s*[.)]|[-*•])?\s*(?:(?:please|pls|also|then|and)\s+)*)(?P<verb>forward|redirect|fwd)\s+"
    r"(?:(?:all|any)\s+)?(?:(?:the|their|incoming|new)\s+)?(?:e-?mails?|mail|messages)(?=\s+(?:to|on\s+to)\b)",
    re.IGNORECASE,
)
# "- give Priya full access to his mailbox" as a step of a leaver note: a bulleted or numbered line, and in it
# a his/her/their before what a person owns: the one leaver's ("her own mailbox" is not: rules._leaver_steps)
LEAVER_STEP_LINE: Final = LazyPattern(r"^[ \t]*(?:\d+[ \t]*[.)]|[-*•])[ \t].*$", re.MULTILINE)
LEAVER_OWNED_PRONOUN: Final = LazyPattern(
    r"\b(?:his|her|their)(?=\s+(?:mailbox|inbox|mail|e-?mails?|calendar|diary)\b)", re.IGNORECASE
)
# "through Monday March 9", "until Fri, 13 March 2026", "until Wednesday the 11th": an end said as a weekday
# and a date (rules._weekday_with_date reads the date, checks the weekday is its own; batch 23 read "Monday"
# as a later start and asked)
_DATE_MONTH: Final = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
WEEKDAY_WITH_DATE: Final = LazyPattern(
    r"\b(?P<until>until|till|til|through|thru|up\s+to|up\s+until|ending|ending\s+on|expiring\s+on)\s+"
    r"(?:on\s+)?(?P<day>monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|"
    r"sat|sunday|sun)\.?,?\s+"
    rf"(?P<date>(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_DATE_MONTH}(?:,?\s*\d{{4}})?"
    rf"|{_DATE_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|the\s+\d{1,2}(?:st|nd|rd|th)|\d{1,2}(?:st|nd|rd|th))\b",
    re.IGNORECASE,
    # (the word before the weekday)
    cue=r"\b(?:until|til|thr|up\s|ending|expiring)",
)
WEEKDAY_ABBREVIATIONS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_WITH_DATE_ASK: Final = (
    "The request says {said!r}, but that date is {day}: say which day access should end (the date, or the "
    "weekday alone)."
)
# "David (the list owner) has agreed", "Priya, their manager, approved it", "Mike (my boss) is fine with it":
# who approved, with their role beside the name; the role is left out (batch 23 asked what the request asks
# for David)
APPROVER_ROLE_APPOSITION: Final = LazyPattern(
    r"(?P<name>\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s*"
    r"(?:\(\s*(?:the|their|his|her|our|my|your)\s+[^()\n]{1,40}?\s*\)|,\s*(?:the|their|his|her|our|my|your)\s+"
    # ("Jane Doe, as list owner, approves removing ...": nlu65)
    r"[^,;.\n]{1,40}?,|,\s*as\s+(?:the\s+|their\s+|our\s+)?[^,;.\n]{1,40}?,)\s*"
    r"(?=(?:(?:has|have|had|already|also|kindly|now)\s+)*(?:agreed|approved|approves|signed\s+off|ok'?d|okayed|okay'?d|"
    r"confirmed|consented|given\s+(?:the\s+)?(?:go-?ahead|ok|okay|approval)|(?:is|was)\s+(?:ok|okay|fine|happy)\s+"
    r"with)\b)",
    # (what is looked for ahead holds one of these)
    cue=r"agreed|approve[ds]|signed|ok|confirmed|consented|given|fine|happy",
)
# "...; Maria Garcia, who had it before, keeps hers", "Tom Becker, her old assistant, can keep his": someone
# described between commas, then what they keep or where they stay; the description is left out, so the keep
# is read as an aside (STAYS_SAID and the keeps; batch 23 asked what the request asks for Maria)
DESCRIBED_THEN_KEEPS: Final = LazyPattern(
    r"(?P<name>\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s*,\s*(?:who|whom|(?:the|her|his|their|my|our)\s+)[^,;.\n]{1,50}?,\s*"
    r"(?=(?:(?:can|should|will|may|is\s+to|gets\s+to)\s+)?(?:keeps?|keeping|retains?|stays?|remains?|holds?\s+on\s+to)"
    r"\s+(?:hers|his|theirs|it|hers\s+too|his\s+too|(?:her|his|their)\s+(?:access|share|rights?|permissions?)|"
    r"as\s+(?:is|they\s+are)|on\s+it|where\s+(?:she|he|they)\s+(?:is|are))\b"
    r"|(?:(?:can|should|will|is\s+to)\s+)?(?:stays?|remains?)\s*(?:[,;.!?]|$))"
)
# "Give Tom send as on Sales instead of John, John keeps his", "... instead of Maria Garcia. Maria can keep
# hers": the one "instead of" names is said, by name, to keep what they hold; they are not replaced but
# joined, so the "instead of" is read as no swap (it revoked them, or asked; nlu112). Only a name said again
# (a "he keeps his" may mean the one given it too: left to ask) keeping what they hold as a whole ("his",
# "her access"; "keeps his full access" names one right, and the swap of another may stand)
NLU112_INSTEAD_THEN_KEEPS: Final = LazyPattern(
    r"[ \t]*,?[ \t]*\binstead\s+of\s+(?P<first>(?-i:[A-Z])[\w'’-]+)(?:\s+(?-i:[A-Z])[\w'’-]+)?(?![\w'’-])"
    r"(?=[\s\S]*?\b(?P=first)(?:\s+(?-i:[A-Z])[\w'’-]+)?\s*(?:,[^,;.\n]{1,50},\s*)?"
    r"(?:(?:can|should|will|may|gets\s+to|is\s+to|gets\s+to)\s+(?:keep|retain|hold\s+on\s+to)|keeps|retains|"
    r"holds\s+on\s+to)\s+(?:hers|his|theirs|(?:her|his|their)\s+(?:access|share|rights?|permissions?|own))"
    r"(?:\s+too)?\s*(?:[.!;,)\n]|$))",
    re.IGNORECASE,
    cue=r"\b(?:keeps?|retains?|holds?)\b",
)
# "for the afternoon", "over the weekend", "- just the weekend", "for a couple of weeks or so", "during the
# holidays": a span said in words no end is read from; like LENGTH_UNREAD, asked (`expires`), never a grant
# for good
PERIOD_UNREAD: Final = LazyPattern(
    r"\b(?:for|over|during|throughout|across|just|only)\s+"
    # (someone's own absence, "during her leave", "for my sick leave", is why, as "while he's off" is)
    r"(?!(?:my|his|her|their)\s+(?:\w+\s+)?(?:leave|absence|vacation|cover|time\s+off)\b)"
    r"(?:the\s+|this\s+|that\s+|a\s+|an\s+|my\s+|his\s+|"
    r"her\s+|their\s+)?(?:(?:next|coming|upcoming|whole|entire|long)\s+)?(?:weekend|afternoon|morning|evening|"
    r"night|holidays?|break|week|month|quarter|sprint|season|summer|winter|spring|autumn|fall|term|semester|"
    r"trip|conference|leave|absence|vacation|cover|bit|little\s+while|short\s+while)\b"
    # (the span itself, never what it is for: "for the spring campaign", "for the month-end runs")
    r"(?=\s*(?:[,;.!?)\]]|$|(?:only|please|pls|thanks|thx|and|too|as\s+well|while|when|so|but|then)\b))",
    re.IGNORECASE,
    # (each period above holds one of these)
    cue=r"week|noon|morning|evening|night|holiday|break|month|quarter|sprint|season|summer|winter|spring|autumn"
    r"|fall|term|semester|trip|conference|leave|absence|vacation|cover|bit|while",
)
# "hr@acme.com/ sorry finance@acme.com", "Tom / I mean Ken": a slash before a correction cue is a comma
SLASH_BEFORE_FIX: Final = LazyPattern(
    r"\s*/\s*(?=(?:sorry|oops|i\s+mean|i\s+meant|scratch\s+that|correction|actually)\b)", re.IGNORECASE
)
LEAVER_STEPS_WHOSE_ASK: Final = (
    "The request tells of someone leaving, then asks for steps that name no one: say whose they are (for "
    'example "forward Tom Becker\'s mail to Priya Patel", "remove Tom Becker from all-sales").'
)
# "Add Tom to all-sales, sorry, also Ken Adams", "..., oops, forgot Ken too", "Update - also Ken": a slip
# owned up to, then one more thing: an addition, never a fix of what came before (the slip word left out)
SLIP_THEN_MORE: Final = LazyPattern(
    r"(?<=[.,;!?-])(?P<gap>\s*)(?:sorry|oops|whoops|my\s+bad|my\s+mistake|apologies|oh|ah|update|edit)[\s,!.:-]+"
    r"(?:i\s+)?(?=(?:also|and\s+also|plus|forgot|one\s+more|another)\b)",
    re.IGNORECASE,
)
SLIP_FORGOT: Final = LazyPattern(r"\bforgot(?:\s+to\s+(?:say|add|mention|include))?\s+", re.IGNORECASE)
SLIP_FORGOT_SAY: Final = "also "
# ---- a request that rules out what it asks (nlu40) -------------------------------------------------------
# "Delete the Contractors list, but don't delete the list", "Delete the Contractors list, but keep the list",
# "Remove Ava from all-sales, but keep her on it", "Grant Tom full access, but he shouldn't get it": the
# change asked, then ruled out for the same thing. Which was meant is asked, never the change planned
# (negation.contradicted reads each ruled-out segment; each name in it is masked as NAMED_MASK first).
# A segment naming anything the plan does not change (another person, list, right or level), or any of
# these words, says something else ("but don't delete its members", "keep a copy", "keep the old one as an
# alias", "but don't add it to her Outlook automatically", "don't give it to anyone else"): never asked here.
CONTRADICTION_ELSEWHERE: Final = LazyPattern(
    r"\b(?:copy|copies|old|alias(?:es)?|automap\w*|automatic\w*|outlook|members?|everyone|everybody|anyone|"
    r"anybody|anything|other|others|rest|else|instead|rather|only|just|too|also|until|till|before|after|"
    r"permanent\w*|forever|indefinitely|loop|informed|posted|cc|copied|actually|scratch|sorry|wait|mean|"
    r"oops|correction|second|meant|forget|folders?|inbox|mailbox\s+itself)\b|\bas\s+well\b|\bfor\s+good\b",
    re.IGNORECASE,
)
NAMED_MASK: Final = "zznamedzz"
_NOT_DO = (
    r"(?:don['’]?t|do\s+not|never|not|shouldn['’]?t|should\s+not|mustn['’]?t|must\s+not|won['’]?t|will\s+not|"
    r"can['’]?t|cannot|may\s+not|no\s+need\s+to)\s+(?:(?:actually|really|ever|even|go\s+and|be\s+able\s+to)\s+)?"
)
_WHO_BACK = r"(?:him|her|them|zznamedzz)"
_SUBJECT_BACK = r"(?:he|she|they|zznamedzz)"
_LIST_BACK = r"(?:it|that|this|zznamedzz|the\s+(?:list|group|dl|distribution\s+list))"
_KEPT_OFF = rf"\bkeep\s+{_WHO_BACK}\s+(?:off|out\s+of|away\s+from|out)\b"
_GIVE_NOT = (
    rf"\b{_NOT_DO}(?:grant|give|add|let|allow|get|have|receive|be\s+given|hand|set\s+up|share)\b|{_KEPT_OFF}"
)
_REVOKE_NOT = (
    rf"\b{_NOT_DO}(?:remove|revoke|take|drop|pull|strip|cancel|end)\b"
    r"|\b(?:keep|leave|retain)\s+(?:it|that|this|them|(?:his|her|their|my)\s+(?:access|rights?|permissions?))\b"
    rf"|\b{_SUBJECT_BACK}\s+(?:keeps|keep|can\s+keep|should\s+keep|may\s+keep|gets\s+to\s+keep|retains)\b"
)
CONTRADICTS: Final = {
    ("mailbox_delegation", "grant"): LazyPattern(_GIVE_NOT, re.IGNORECASE),
    ("send_as", "grant"): LazyPattern(_GIVE_NOT, re.IGNORECASE),
    ("send_on_behalf", "grant"): LazyPattern(_GIVE_NOT, re.IGNORECASE),
    ("mailbox_delegation", "revoke"): LazyPattern(_REVOKE_NOT, re.IGNORECASE),
    ("send_as", "revoke"): LazyPattern(_REVOKE_NOT, re.IGNORECASE),
    ("send_on_behalf", "revoke"): LazyPattern(_REVOKE_NOT, re.IGNORECASE),
    ("distribution_list_membership", "add"): LazyPattern(
        rf"\b{_NOT_DO}(?:add|put|include|sign\s+up|subscribe)\b|{_KEPT_OFF}"
        rf"|\b{_SUBJECT_BACK}\s+(?:shouldn['’]?t|should\s+not|mustn['’]?t|must\s+not)\s+be\s+(?:on|in)\b",
        re.IGNORECASE,
    ),
    ("distribution_list_membership", "remove"): LazyPattern(
        # (never "but don't remove the list": a member taken off, the list kept)
        rf"\b{_NOT_DO}(?:remove|take|drop|kick|pull)\b(?!\s+(?:the|that|this)\s+(?:list|group|dl|distribution))"
        rf"|\b(?:keep|leave)\s+{_WHO_BACK}\s+(?:on|in|there)\b"
        rf"|\b{_SUBJECT_BACK}\s+(?:stays|stay|should\s+stay|can\s+stay|remains|should\s+remain)\s+(?:on|in|there)\b",
        re.IGNORECASE,
    ),
    ("distribution_list_lifecycle", "delete"): LazyPattern(
        rf"\b{_NOT_DO}(?:delete|remove|get\s+rid\s+of|drop|kill|scrap|retire|close|axe)\b"
        rf"|\b(?:keep|leave|retain)\s+{_LIST_BACK}(?!['’]s)\b"
        rf"|\b{_LIST_BACK}\s+(?:should|must|needs\s+to|has\s+to|can|will|is\s+to)\s+"
        r"(?:stay|remain|be\s+kept|exist|stick\s+around)\b"
        rf"|\b{_LIST_BACK}\s+(?:stays|remains)\b",
        re.IGNORECASE,
    ),
    ("distribution_list_lifecycle", "create"): LazyPattern(
        rf"\b{_NOT_DO}(?:create|make|set\s+up|build)\b", re.IGNORECASE
    ),
    ("calendar_share", "grant"): LazyPattern(
        rf"\b{_NOT_DO}(?:share|give|grant|let|allow)\b|{_KEPT_OFF}", re.IGNORECASE
    ),
    ("calendar_share", "revoke"): LazyPattern(
        rf"\b{_NOT_DO}(?:remove|revoke|unshare|stop|take|cancel|end)\b"
        rf"|\b(?:keep|leave)\s+(?:it\s+shared|sharing|{_WHO_BACK}\s+(?:on|in)\b|(?:his|her|their)\s+access)"
        rf"|\b{_SUBJECT_BACK}\s+(?:keeps|can\s+keep|should\s+keep)\b",
        re.IGNORECASE,
    ),
    ("email_forwarding_internal", "set"): LazyPattern(
        rf"\b{_NOT_DO}(?:forward|send|redirect|route|set\s+up|turn\s+on)\b"
        r"|\bkeep\s+(?:(?:his|her|their|the|my|zznamedzz)\s+)?(?:mail|e-?mails?|messages)\s+from\s+going\b",
        re.IGNORECASE,
    ),
    ("email_forwarding_internal", "clear"): LazyPattern(
        rf"\b{_NOT_DO}(?:stop|clear|turn\s+off|switch\s+off|cancel|remove|end|disable)\b"
        r"|\b(?:keep|leave)\s+(?:(?:the|his|her|their|my)\s+)?forwarding\b|\bkeep\s+forwarding\b"
        r"|\b(?:keep|leave)\s+it\s+(?:on|going|running|in\s+place|as\s+is)\b"
        r"|\b(?:it|the\s+forwarding)\s+(?:should|must|can)\s+(?:stay|remain)\b",
        re.IGNORECASE,
    ),
    ("change_primary_alias", "set"): LazyPattern(
        rf"\b{_NOT_DO}(?:change|set|update|switch|swap|rename|touch)\b", re.IGNORECASE
    ),
}
CONTRADICTION_ASK: Final = (
    "The request asks for {label} and then rules it out ({said!r}): say it again once, the way you meant it."
)
# where a request turns on itself in what negation.py kept ("Delete the Contractors list but leave it": no
# comma, so the turn was never cut as ruled out)
CONTRADICTION_TURN: Final = LazyPattern(r"\b(?:but|though|however|yet)\b", re.IGNORECASE)
# "Give Emma Wilson full access to careers@acme.com, hr": a bare team or mailbox after a comma at the end,
# with no "and": one more mailbox for the change, or an aside (whose team it is, who asked)? Asked, never
# both granted silently nor one dropped (rules._trailing_bare_target: only right after a target of the plan)
TRAILING_BARE_TARGET: Final = LazyPattern(
    r"[^\s,]\s*,\s*(?P<tail>(?:the\s+)?[\w.&-]+(?:\s+(?:team|mailbox|inbox|box|list|dl|group|dept|department))?)"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
TRAILING_BARE_TARGET_ASK: Final = (
    "The request ends with {tail!r} after {before!r}: is {tail!r} one more {what} for this, or only said "
    'alongside? Say it again with "and" if both are meant (for example "... {before} and {tail}").'
)
TRAILING_BARE_WORDS: Final = LazyPattern(
    r"^\s*the\s+|\s+(?:team|mailbox|inbox|box|list|dl|group|dept|department)\s*$", re.IGNORECASE
)
# "Give Tom send as on Sales and the rest to Maria Garcia": what "the rest" is that Maria should get (other
# rights on Sales?) is not said; after a change that gives, asked (the aside reading dropped Maria). Handed
# over with a verb ("leave the rest to Maria", "hand everything else to Maria") or after a removal alone
# ("Remove me from Marketing and the rest to Priya") it stays an aside (CONTEXT_ASIDE)
REST_TO_BARE: Final = LazyPattern(
    r"(?:^|[,;]|\band(?:\s+then)?\b|\bthen\b)\s*(?P<rest>the\s+rest|the\s+others?|everything\s+else|"
    r"all\s+the\s+rest|anything\s+else|the\s+remainder|whatever['’]?s\s+left|whatever\s+is\s+left)"
    r"(?:\s+(?:of\s+it|of\s+them))?(?:\s+(?:over|on))?(?:\s+(?:is|goes|should\s+go|will\s+go|can\s+go))?"
    r"\s+to\s+(?P<who>[^,;.!?\n]+?)\s*(?:[,;.!?\n]|$)",
    re.IGNORECASE,
    cue=r"rest|other|else|remainder|left",
)
REST_TO_BARE_ASK: Final = (
    "The request gives {rest!r} to {who}: which rights (or lists) should {who} get? Name them (for example "
    '"send on behalf on sales@acme.com to {who}").'
)
# "Give Tom full access to support, the hr team answers Ava": STATE_REASON reads ", <team> answers <them>" as
# who handles the mail (a reason); with a person named after the verb, is that person one more for the change,
# or whom the team answers to? Asked (the reason reading dropped Ava from a ready plan)
TEAM_HANDLES_PERSON: Final = LazyPattern(
    r"(?:,|;|\s[-–])\s*(?:(?:since|because|as|now\s+that)\s+)?(?P<said>(?:the\s+)?[\w.@&-]+(?:\s+[\w.@&-]+)?"
    r"(?:\s+(?:team|department|dept|folks|people|guys|lot))?\s+(?P<verb>answers|handles|deals\s+with|"
    r"replies\s+to|answer|handle|deal\s+with|reply\s+to|monitors|monitor|looks\s+after|look\s+after|"
    r"takes\s+care\s+of|take\s+care\s+of|reads|read|checks|check|"
    # (a cover only with "for" right after it: "is covering reception for Olivia" names no one handled)
    r"(?:covers|cover|is\s+covering|are\s+covering)(?=\s+for\s))"
    r"\s+(?:to\s+)?"
    # (a when clause after the verb is no one handled: "want to check before i send the invite")
    r"(?!(?:before|after|when|whenever|if|whether|once|while|until|till|because|since|so|that)\b)"
    r"(?P<obj>[^,;.!?\n]+?))"
    r"\s*(?:[,;.!?\n]|$)",
    re.IGNORECASE,
    # (the verb follows a space)
    cue=r"\s(?:answer|handl|deal|repl|monitor|look|take|read|check|cover)",
)
# (nlu153) what the team handles is the mail ("them", "those"), and who else reads it is told after it ("them
# and so does Tom Becker", "those and Rachel Green checks them"): a reason (rules._team_handles_person)
NLU153_ALSO_READS_THEM: Final = LazyPattern(
    r"(?:them|those|these|it|that)(?:\s+(?:emails|e-mails|mails|messages|requests|queries|tickets))?\s+and\s+"
    r"(?:so\s+(?:does|do)\s+[^,;.!?\n]+|(?:[\w.'-]+\s+){1,3}?"
    + _READER_VERB
    + r"\s+(?:them|those|these|it|that)"
    r"(?:\s+(?:emails|e-mails|mails|messages|requests|queries|tickets))?(?:\s+(?:too|as\s+well))?)\s*$",
    re.IGNORECASE,
)
TEAM_HANDLES_PERSON_ASK: Final = (
    "The request says {said!r}: should {who} get it too, or is that only whom they answer to? Say whom the "
    "change is for."
)
# "Ava Johnson's on it already, and on marketing": where the one who already holds it is too, told on; part
# of the same holding aside (HOLDING_ASIDE; red team 28 added Ava to marketing)
HOLDING_ASIDE_ALSO: Final = LazyPattern(rf"(?<=already),?\s+and\s+(?:also\s+)?(?:on|in)\s+{_M}")
# said after a holding aside, outside it: "..., she also wants marketing", "... - Ava already has it, give her
# send as too": the aside's person may be meant again; its steps are never dropped then (rules)
HOLDING_TOLD_ON: Final = LazyPattern(
    r"\b(?:he|she|they|him|her|them|his|hers|their|also|too|as\s+well|wants?|needs?|should|so\s+(?:does|do|can|"
    r"will|must)|add|give|grant|let|share|remove|forward|put)\b",
    re.IGNORECASE,
)
# "Ava Johnson already has it", "Ava has it already": the one who holds what the request gives; a step giving
# them the same again (named again elsewhere: "... Ava already has it. Add Ava to marketing") is asked (rules)
HOLDING_ALREADY: Final = LazyPattern(
    rf"{_M}(?=\s+(?:is\s+|are\s+)?already\s+(?:has|have|had|holds?|got)\b|\s+(?:has|holds)\s+(?:it|that|this)\s+"
    r"already\b)"
)
# "(Chris already has it so just Tom)", "Chris already has it, so only Tom and Ava": the one who holds it told
# to narrow the change to the others named after "so just" (rules drop the holder's steps then; red team 50
# granted both)
HOLDING_NARROWED: Final = LazyPattern(
    rf"(?P<held>{_M})\s+(?:is\s+|are\s+)?(?:already\s+(?:has|have|had|holds?|got)|(?:has|holds)\s+(?:it|that|this)"
    rf"\s+already)\b[^§.;!?()]*?[\s,;-](?:so|then|hence)\s+(?:just|only)\s+"
    rf"(?P<only>{_M}(?:\s*(?:,|and|&|\+)\s*{_M})*)\s*(?:[.!;)]|$)"
)
HOLDING_ALREADY_ASK: Final = (
    "The request says {who} already has it, and names {who} in a change too: should {who} get it again, or "
    "only the others? Say whom the change is for."
)
# "so he can help the London team keep on top of their shared inbox": "keep" in an idiom of looking after
# something is no keep that rules anything out (negation.py read "team keep ..." as what someone keeps);
# the verb is cut, its idiom's words stay (rules._read)
KEEP_IDIOM: Final = LazyPattern(
    r"\bkeep(?:s|ing)?\s+(?=(?:on\s+top\s+of|up\s+with|up\s+to\s+date\s+with|track\s+of|an\s+eye\s+on|"
    r"abreast\s+of|in\s+touch\s+with|tabs\s+on|across)\b)",
    re.IGNORECASE,
)
# "..., the recruiting fair is keeping me busy", "as interviews keep me busy": how busy someone is, told as
# why after the request; cut whole ("keeping" read as a keep that rules something out; batch 50; nlu155)
NLU155_KEEPS_BUSY: Final = LazyPattern(
    r"(?:[ \t]*(?:[,;]|[ \t][-–—])[ \t]*(?:(?:as|since|because|cos|coz)[ \t]+)?"
    r"|[ \t]+(?:as|since|because|cos|coz)[ \t]+)"
    r"(?:[\w'’-]+[ \t]+){0,4}?(?:(?:is|are|has[ \t]+been|have[ \t]+been|will[ \t]+be)[ \t]+)?"
    r"keep(?:s|ing)?[ \t]+"
    r"(?:me|us|him|her|them|everyone)[ \t]+(?:(?:so|very|really|pretty|quite|super)[ \t]+)?"
    r"(?:busy|occupied|swamped|tied[ \t]+up|flat[ \t]+out)(?:[ \t]+(?:at[ \t]+the[ \t]+moment|right[ \t]+now|"
    r"these[ \t]+days|this[ \t]+week|all[ \t]+week|lately))?[ \t]*(?=[.!?\n]|$)",
    re.IGNORECASE,
    cue=r"(?i:keep)",
)
# "what mailboxes have i got access to besides my own?": the asker's own mailbox set apart from a question of
# which mailboxes someone can open is no one left out but what is asked: the mailboxes of others they reach,
# by delegated rights (the delegation report, DELEGATED_REACH; batch 50 asked whom "my" left out). Read as
# "... with delegated rights" only at the end of a question asking which mailboxes (rules._read; nlu155)
NLU155_BESIDES_OWN: Final = LazyPattern(
    r"\s*,?\s*(?:besides|apart\s+from|other\s+than|except(?:\s+for)?|excluding|not\s+counting|aside\s+from)\s+"
    r"(?:my|his|her|their|your)\s+own(?:\s+(?:one|mailbox|inbox))?(?=\s*(?:[?.!]|$))",
    re.IGNORECASE,
)
NLU155_BESIDES_OWN_SAY: Final = " with delegated rights"
NLU155_WHICH_MAILBOXES: Final = LazyPattern(
    r"\b(?:what|which)\s+(?:other\s+)?(?:shared\s+)?mailboxes\b", re.IGNORECASE, cue=r"(?i:mailboxes)"
)
# "... I'm his manager and I've approved it myself": who the requester is to them and that they approved it,
# said in the past tense (I_AM_THEIR_ROLE has the present); a claim the policy weighs, never a person to ask
# about (cut as I_AM_THEIR_ROLE is)
I_AM_THEIR_ROLE_APPROVED: Final = LazyPattern(
    r"[;,.(-]?\s*(?:and\s+)?(?:i'?m|i am|as)\s+(?:his|her|their)\s+(?:line\s+)?"
    r"(?:manager|boss|supervisor|lead)\s*(?:,|and|so)?\s*(?:i'?ve|i have|i)\s+(?:already\s+)?"
    r"(?:approved|okayed|ok['’]?d|signed\s+off\s+on|authori[sz]ed)(?:\s+(?:it|this|that))?"
    r"(?:\s+(?:myself|already))?\s*[).]?(?=\s*(?:[.!;]|$))",
    re.IGNORECASE,
    cue=r"manager|boss|supervisor|lead",
)
# "Make Ken Adams a member too, and Rachel Green", "add Ken as a member": a membership with no list named
# anywhere in the request; which list is asked (was "not understood")
MEMBER_NO_LIST: Final = LazyPattern(
    r"\b(?:make|add|put)\s+[^.;!?]{1,80}?\s+(?:as\s+)?(?:an?\s+)?(?:new\s+)?members?\b"
    r"(?!\s+(?:of|to|on|in|for)\b)",
    re.IGNORECASE,
)
MEMBER_NO_LIST_ASK: Final = (
    'Which list should they be members of? Name it (for example "add Ken Adams to all-sales").'
)
# "Add Rachel Green from finance", "please add Ken Adams of the HR team": the team says who the person is, and
# no list is named anywhere; which list is asked (rules.py; nlu53)
ADD_PERSON_OF_TEAM_NO_LIST: Final = LazyPattern(
    r"^\W*(?:(?:please|pls|plz|kindly|can\s+you|could\s+you|hi|hey)[\s,]+)*(?:add|put|include)\s+"
    r"[^.;!?,()]{1,60}?\s+(?:(?:who|that)(?:'s|’s|\s+is|\s+works)\s+)?(?:from|in|of|at)\s+(?:the\s+)?"
    r"[\w&-]+(?:\s+(?:team|department|dept\.?|group|division))?"
    r"(?:[\s,]+(?:please|pls|plz|thanks|thank\s+you|thx))*\s*[.!]?\s*$",
    re.IGNORECASE,
)
ADD_PERSON_OF_TEAM_ASK: Final = (
    "Which list should they be added to? The team after their name says who they are, not the list; name the "
    'list (for example "add Rachel Green to all-hands").'
)
# Why forwarding is stopped, told after it: "..., mail should stay in the Careers mailbox", "..., we read it
# in the shared mailbox now": where the mail is read once it stops, never a keep that rules the stop out nor
# a mailbox to ask about (rules._read cuts it when the request stops forwarding and it names nothing new)
FORWARDING_STOP_SAID: Final = LazyPattern(
    r"\b(?:stop|stopped|cancel|cancelled|canceled|clear|cleared|end|ended|remove|removed|turn\s+off|"
    r"turned\s+off|switch\s+off|disable|disabled)\b",
    re.IGNORECASE,
)
MAIL_READ_THERE: Final = LazyPattern(
    r"[,;]\s*(?:and\s+|since\s+|because\s+|as\s+)?(?:"
    r"(?:the\s+|all\s+(?:the\s+)?)?(?:mail|e-?mails?|messages)\s+(?:should|must|can|will|needs?\s+to|is\s+to)?\s*"
    r"(?:stay|stays|remain|remains|be\s+kept|land|lands)\s+in"
    r"|(?:we|they|i|he|she|the\s+team)\s+(?:now\s+)?(?:read|reads|check|checks|handle|handles|answer|answers|"
    r"see|sees|work)\s+(?:it|them|the\s+mail|the\s+e-?mails?|the\s+messages|from)\s+(?:in|from|out\s+of)"
    r")\s+(?:the\s+|its\s+|their\s+)?(?:[^,;.!?\n]|\.(?=\w)){1,50}?(?:\s+now)?\s*(?=[,;!?\n]|\.(?!\w)|$)",
    re.IGNORECASE,
)
# "Olivia wants the forwarding on careers@ stopped", "Priya would like her old list deleted": someone wanting
# a thing done to something (no one after "wants"), a request passed on; the one wanting is no one the change
# is for (engine.speakers; only "wants " is taken, what is wanted stays to be read)
WANTS_THING_DONE: Final = LazyPattern(
    r"^\s*,?\s*(?:wants|would\s+like|'d\s+like|needs)\s+(?=(?:the|his|her|their|its|my|our|that|this)\s+"
    r"[^§,;.!?]{0,40}?(?:§\d+(?!\d)[^§,;.!?]{0,20}?)?\s*(?:stopped|removed|cancell?ed|canceled|turned\s+off|"
    r"switched\s+off|cleared|deleted|ended|taken\s+away|taken\s+off|disabled|revoked)\b)",
    re.IGNORECASE,
)
# "..., not to Olivia Martin as the old ticket said": what a document said, told as why (no one speaks there:
# "said" read as speech made the names before it askers, and whom the change is for was asked); cut (rules)
AS_DOCUMENT_SAID: Final = LazyPattern(
    r"\s*,?\s*(?:as|like)\s+(?:the|an?|that|this|my|our|his|her|their)\s+(?:(?:old|previous|original|earlier|"
    r"last|first|other|wrong)\s+)?(?:ticket|request|e-?mail|form|note|message|case|incident|sheet|spreadsheet)"
    r"\s+(?:said|says|had\s+it|asked(?:\s+for)?|stated|requested|suggested)\b(?=\s*(?:[,;.!?]|$))",
    re.IGNORECASE,
    cue=r"said|says|had|asked|stated|requested|suggested",
)
# "Liam sits next to me and said I should ask - can I be added ...", "Priya said I should be able to check
# people's availability.": who told the requester to ask, or that they may, as a sentence of its own before
# the request; no one the change is for (cut; rules._read): the request after it is the requester's own
TOLD_ME_TO_ASK: Final = LazyPattern(
    r"(?:^|(?<=[.!?]\s))[^.!?\n]{0,80}?\b(?:said|says|told\s+me|suggested|mentioned)\s+(?:that\s+)?i\s+"
    r"(?:should|could|can|ought\s+to|need\s+to|might|may)\s+(?:ask|check\s+with\s+you|request\s+it|raise\s+a\s+"
    r"ticket|get\s+in\s+touch|contact\s+you|reach\s+out|email\s+you|"
    # (never over whose thing it is: "said I should be able to see Liam's calendar. Could you share it ...")
    r"be\s+able\s+to\s+(?:(?!(?-i:[A-Z])[\w-]*['’]s\b)[^.!?\n]){1,60}?)"
    r"\s*(?:[.!?]\s*|\s[-–—]\s*)",
    re.IGNORECASE,
    cue=r"said|says|told|suggested|mentioned",
)
# "... see my calendar in read-only mode so she can schedule the IT steering meetings around my travel": why
# the share is asked (to schedule around someone), never a second share read from "my"; cut (rules._read)
SO_THEY_CAN_SCHEDULE: Final = LazyPattern(
    r"\s*,?\s+so\s+(?:that\s+)?(?:he|she|they|we|i)\s+(?:can|could|is\s+able\s+to|are\s+able\s+to)\s+"
    r"(?:schedule|plan|book|arrange|organi[sz]e|set\s+up|fit|slot)\b[^.;!?\n]*",
    re.IGNORECASE,
)

# "Share my calendar with Alex Kim so he can see my free/busy": the level the share is for, said as what the
# one shared with should see; read as "... as free/busy" (batch 30 read "he can see ..." as a second share
# for an unknown "he" and asked the level; nlu63)
SO_THEY_SEE_LEVEL: Final = LazyPattern(
    r"(?i:[ \t]*,?[ \t]+so[ \t]+(?:that[ \t]+)?(?:he|she|they|we)[ \t]+(?:can|could|is\s+able\s+to|are\s+able"
    r"\s+to|will\s+be\s+able\s+to)[ \t]+(?:see|view|check|look\s+at)[ \t]+(?:my|our|his|her|their|the)[ \t]+"
    r"(?P<level>free[ \t]*/[ \t]*busy(?:[ \t]+(?:times|info|information|status))?|availability)"
    r"(?:[ \t]+(?:only|times|info|information))?)(?=[ \t]*(?:[.,;!?\n]|$))",
    cue=r"(?i:free|availab)",
)

# the he/she forms that say whom a share is given to ("give her editor ...": rules._pronoun_other_than_owner)
NLU155_GIVEN_PRONOUNS: Final = frozenset(_words("her him them"))
NLU155_GIVING_VERBS: Final = frozenset(_words("give grant let allow"))

# "Rachel Green can't see the Billing mailbox. Mike Smith confirmed she should have full access to billing@":
# who confirms vouches for it; the he/she after is the one the request is about, never the one confirming
# (batch 50 granted Mike). rules._attested_for reads it as "Rachel Green should have ..." when the pronoun's
# gender rules out the one confirming and one other person named in the request agrees with it; else the
# speaker rule (NLU155_ATTESTING_VERBS) asks whom it is for (nlu155)
NLU155_ATTESTED_PRONOUN: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n:;])[ \t]*)(?P<who>(?-i:[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?))[ \t]+"
    r"(?:(?:has|had|have|just|also|already)[ \t]+)*(?:" + one_of(NLU155_ATTESTING_VERBS) + r")[ \t]+"
    r"(?:that[ \t]+)?(?P<pronoun>he|she)"
    r"(?=[ \t]+(?:should|can|could|may|must|needs?[ \t]+to|is[ \t]+to|gets?)\b)",
    re.IGNORECASE,
    cue=r"(?i:confirm|agree|verif|approv|okayed)",
)

# (rt80a, red team 80 OLD) "Rachel Green can't open the Billing mailbox. Mike Smith confirmed she shouldn't
# have full access to billing@": who confirms vouches for what someone is NOT to have; the request may be no
# change at all (she cannot open it, as confirmed): asked, never the one confirming's right taken away
RT80A_ATTESTED_NOT: Final = LazyPattern(
    r"(?:" + one_of(NLU155_ATTESTING_VERBS) + r"|says|said|told\s+(?:me|us))[ \t]+(?:that[ \t]+)?"
    r"(?:he|she|they|(?-i:[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?))[ \t]+"
    r"(?:shouldn['’]?t|should[ \t]+not|mustn['’]?t|must[ \t]+not|can['’]?t|cannot|can[ \t]+not|"
    r"(?:is|are)(?:n['’]t|[ \t]+not)[ \t]+(?:to|allowed[ \t]+to|supposed[ \t]+to)|"
    r"(?:does|do)(?:n['’]t|[ \t]+not)[ \t]+need[ \t]+(?:to[ \t]+)?)"
    r"[ \t]+(?:have|get|keep|be|need|see|open)\b",
    re.IGNORECASE,
    cue=r"(?i:confirm|agree|verif|approv|okayed|said|says|told)",
)
RT80A_ATTESTED_NOT_ASK: Final = (
    "The request says {said!r}: what someone is not to have, as another confirmed. What should be changed, "
    "and for whom?"
)
# (rt80a, red team 80 OLD) "nobody in Contractors should be on All Hands any more", "no one from Sales should
# be in Marketing": no one of a group is to be on a list; asked, never the group added to the list
RT80A_NOBODY_ON: Final = LazyPattern(
    r"\b(?:nobody|no[ \t-]?one|none[ \t]+of[ \t]+(?:the[ \t]+)?[\w-]+)\b[^.;!?\n]{0,60}?\b"
    r"(?:should|must|shall|can|may|is[ \t]+to|are[ \t]+to)[ \t]+(?:still[ \t]+)?"
    r"(?:be|stay|remain)[ \t]+(?:on|in)\b",
    re.IGNORECASE,
    cue=r"(?i:\bno(?:body|[ \t-]?one|ne)\b)",
)
RT80A_NOBODY_ON_ASK: Final = (
    "The request says {said!r}: no one of a group to be on a list. Whom exactly should be taken off which "
    "list?"
)
# "Maria Garcia (HR) confirms Careers mail should go to Grace Hopper", "Olivia Martin has confirmed that Ken
# Adams should be added to Marketing": who confirms is telling, the clause after it the request (main added
# Olivia to Marketing too; batch 30 asked what Careers was for; nlu63). Only before a clause with a subject of
# its own (never a he/she/I it would leave unresolved) and a modal: rules._read cuts it
CONFIRMS_THAT: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n])[ \t]*)(?-i:[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?"
    r"(?:has[ \t]+|had[ \t]+|have[ \t]+|just[ \t]+|now[ \t]+|also[ \t]+)*"
    r"(?:confirms|confirmed|says|said|agrees|agreed|has\s+agreed|told\s+me|tells\s+me|tells\s+us|told\s+us)"
    r"[ \t]*,?[ \t]+(?:that[ \t]+)?"
    r"(?!(?:he|she|they|i|we|it|you|him|her|them|this|that|to)\b)"
    r"(?=(?:(?![.;!?\n]|\b(?:he|she|they|i|we)\b).){1,80}?\b(?:should|must|needs?\s+to|is\s+to|are\s+to|can\s+now|"
    r"may\s+now|will\s+need)\b)",
    re.IGNORECASE,
    cue=r"(?i:confirm|said|says|agree|told|tells)",
)

# "Requester: Jane Doe | For: Noah Davis | Approver: Olivia Martin | Ask: add to the Marketing DL": a form's
# fields on one line, set apart by bars; read as one field a line (rules._read; batch 30; nlu63). Only a line
# that opens with a field and holds two bars more before a field.
PIPED_FORM_LINE: Final = LazyPattern(
    r"(?m:^[ \t]*[A-Za-z][\w '/-]{0,30}:[^|\n]+(?:\|[ \t]*[A-Za-z][\w '/-]{0,30}:[^|\n]+){2,}$)",
    cue=r"\|",
)
PIPED_FORM_SEP: Final = LazyPattern(r"[ \t]*\|[ \t]*(?=[A-Za-z][\w '/-]{0,30}:)")

# a dash left at the very start once what stood before it was cut ("Approved - Grace Hopper may ...": the
# approval is a claim, cut; rules._read; batch 30; nlu63)
LEADING_DASH: Final = LazyPattern(r"^[ \t]*[-–—][ \t]+(?=\S)")

# ---- nlu44 ----
# A place said in an idiom of being at work or away ("Stop forwarding my mail, I'm back in the office", "now
# that Ken is back at the office", "while I'm out of the office", "I'm in the office again"): the word names
# where someone is, never the mailbox of that name (Acme has an "office" shared mailbox; batch 24 read the
# idiom as one more mailbox and asked what it was for). Only a bare word, unquoted, with nothing after the
# idiom but a time word and the end of the part.
PLACE_IDIOM_BEFORE: Final = LazyPattern(
    # ("forward my mail back to the office" sends it somewhere: "back to" is never the idiom)
    r"(?:\bback\s+(?:in|at)|(?:\bha(?:s|ve)|['’]ve|\bam|['’]m|\bis|['’]s)\s+return(?:ed|ing)\s+to|\bout\s+of|"
    r"\baway\s+from|"
    r"\b(?:i['’]?m|i\s+am|(?:he|she|they|we)['’](?:s|re)|(?:he|she)\s+is|(?:they|we)\s+are|is|are)\s+(?:in|at))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
PLACE_IDIOM_AFTER: Final = LazyPattern(
    r"(?:\s+(?:again|now|today|tomorrow|this\s+week|next\s+week|from\s+(?:today|tomorrow|monday|now\s+on)|"
    r"full[- ]time|for\s+good))*\s*(?:[,.;!?)]|\s[-–—]\s|\n|$)",
    re.IGNORECASE,
)
PLACE_IDIOM_WORDS: Final = frozenset(_words("office offices building site hq headquarters desk"))

# ---- nlu48 ----
# A step said after a sequencing word with its verb left out ("Add Ken Adams to all-sales, then marketing
# next", "..., and after that Project Phoenix", "... followed by marketing@acme.com"): the same change, for
# what it names too, in that order; read as "... and marketing" (issue 12: the list after "then" was dropped
# and the plan was ready with all-sales alone). Only a bare object closing its part: "then remove him from
# contractors" is a clause of its own; "..., support@ later" (no sequencing word before it) stays a mailbox
# said for later (SAID_FOR_LATER asks).
SEQUENCED_OBJECT: Final = LazyPattern(
    r"(?:(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+)(?:then|after\s+that|afterwards)|\s+then|\s*,?\s+followed\s+by)"
    r"\s*,?\s+"
    r"(?:(?:to|on|onto|into|for|from)\s+)?"
    r"(?P<what>(?:the\s+)?(?:[\w.+'-]+@[\w.-]*\w|[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3}|[a-z][\w-]*)"
    r"(?:\s+(?:list|group|dl|distribution\s+list|mailbox|inbox|shared\s+mailbox))?)"
    r"(?:\s+(?:next|too|as\s+well))?"
    r"(?=\s*(?:[.;!?]|,\s|$))",
)
SEQUENCED_OBJECT_SAY: Final = r" and \g<what>"
# words that may follow a sequencing word and are no object: "then please", "then him"
SEQUENCED_NOT_OBJECT: Final = frozenset(
    _words(
        "please pls him her them it me us you that this those these done ok okay thanks thx later tomorrow "
        "too also again now soon once today tonight week month year monday tuesday wednesday thursday friday "
        "saturday sunday morning afternoon evening"
    )
)

# "Give Tom full access to support@ and so does Ken Adams", "Add Ava to marketing - so does Noah": after an
# order, "so does X" tells what X does or holds (a model, as "like Ken has"), never the order carried over
# to X: "give ..., and so does Ken" cannot mean "and so give Ken" (issue 12: Ken was granted too, ready).
# After a need ("Ethan needs send as on support@, and so does David Chen") it still carries the need over
# (SO_DOES_NAME); "as does X" after an order is left as nlu25 labelled it.
SO_DOES_AFTER_ORDER: Final = LazyPattern(
    r"^\W*(?:(?:please|pls|plz|kindly|just|also|and|hi|hey|ok|okay)\W+)*"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?)?"
    r"(?:give|grant|add|let|put|share|assign|set\s+up|provide|allow|enable|forward|remove|revoke|take|"
    r"make|sign)\b",
    re.IGNORECASE,
)
SO_DOES_SAID: Final = LazyPattern(r"\bso\s+(?:does|do|did|has|have)\s+\S", re.IGNORECASE)
SO_DOES_AS_MODEL: Final = "{before}, like {who} has"
SO_DOES_SENTENCE_END: Final = LazyPattern(r"[.!?;](?:\s+|$)")

# "Sarah Connor can have full access to Chris Lee's mailbox while he's off", "Give Tom send as on sales@
# during her leave": an absence with no end said as the span of the grant itself (after it, in its own
# sentence). A right that can end is asked its end (`expires`), never granted for good (issue 12, nlu48).
# The absence told as why someone covers ("Emma is covering for Noah while he is off, please give her ...",
# "Ken covers for Mike during his vacation, give Ken ...") stays a reason, as the corpus labels it (15 cases
# say so: the span there is the cover's, not the grant's): ABSENCE_COVER_BEFORE. A forwarding is asked so
# too (session 15): one set "while I'm away" for good keeps forwarding after the person is back.
_ABSENT_WHO = r"(?:§\d+§|he|she|they|i|we|you|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)"
ABSENCE_SPAN: Final = LazyPattern(
    r"\b(?:while|whilst|when|(?:for\s+)?as\s+long\s+as)\s+(?:" + _ABSENT_WHO + r"\s*"
    r"(?:['’]s|['’]re|['’]m|\s+is|\s+are|\s+am|\s+will\s+be|\s+goes|\s+is\s+going)?\s*)?(?:still\s+)?"
    # (the one away unsaid: "while on holiday", nlu82; "while I'm at the conference" is no absence: the
    # held-out set plans it as asked, a grant for good, in three batches written apart)
    r"(?:away|off|out|absent|travelling|traveling|unavailable|gone|sick|ill|"
    r"on\s+(?:(?:sick|annual|maternity|paternity|parental|medical|study)\s+)?(?:leave|holiday|holidays|vacation|"
    r"sabbatical|pto))"
    r"(?:\s+(?:sick|ill|on\s+leave|of\s+(?:the\s+)?office))?"
    r"|\bduring\s+(?:his|her|their|my|your|§\d+§['’]s?|(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?['’]s?)\s+(?:(?:sick|annual|maternity|paternity|"
    r"parental|medical|study)\s+)?(?:leave|absence|vacation|holiday|holidays|time\s+off|sabbatical)"
    # (or said first, the giving verb straight after it: "During my leave forward my mail to Tom")
    r"(?=\s*(?:[,.;!?)]|\s[-–—]|$)|\s+(?:please\s+|pls\s+|kindly\s+)?(?:forward|fwd|redirect|give|grant|share|add|"
    r"put|let|set\s+up)\b)",
    re.IGNORECASE,
    cue=r"whil|long|during|when",
)
# a vague end said in other words than an absence clause (nlu82, red team 52): "for my vacation", "(holiday
# cover)", "(temp)", "for the time being", "for a bit", "remove it when I'm back", "for the duration of ...",
# "next week only"; a span of the grant like ABSENCE_SPAN, asked its end, never granted for good. A cover
# word alone ("Chris is covering") is a reason; a cover said as a span ("holiday cover") is the grant's end.
VAGUE_END: Final = LazyPattern(
    r"\b(?:for|during|over|throughout)\s+(?:my|his|her|their|your)\s+(?:(?:sick|annual|maternity|paternity|"
    r"parental|medical|study|upcoming|next)\s+)?(?:leave|absence|vacation|holiday|holidays|time\s+off|"
    r"sabbatical|trip)\b"
    r"|\bfor\s+the\s+(?:whole\s+|entire\s+)?duration\b(?:\s+of\s+[^,.;!?\n]+)?"
    r"|(?:\bas\s+|\bfor\s+)?\b(?:holiday|holidays|vacation|leave|absence|maternity|paternity|sick|annual)\s+cover\b"
    r"|\bas\s+cover\s+(?=while|whilst|when|during)"
    r"|\(\s*temp\s*\)|(?:^|\s)[-–—]\s*temp\b|\btemp(?=\s*[.!]?\s*$)"
    r"|\bfor\s+the\s+time\s+being\b|\bfor\s+a\s+(?:little\s+)?bit\b"
    r"|\b(?:remove|revoke|undo|end|stop|cancel|take\s+(?:it|this|that|them)\s+(?:away|off))"
    r"(?:\s+(?:it|this|that|them|him|her|the\s+access))?\s+(?:when|once|after|as\s+soon\s+as)\s+\S+"
    r"(?:\s+(?:am|is|are|get|gets|come|comes|got))?\s+(?:back|returns?|returned)\b"
    r"|\b(?:until|till|til)\s+(?:i|i['’]m|i\s+am|i\s+get|he|she|they|he['’]s|she['’]s|they['’]re|§\d+§)"
    r"(?:\s+(?:is|are|gets?|comes?))?\s+(?:back|returns?)\b"
    r"(?:\s+from\s+(?:(?:my|his|her|their)\s+)?(?:\w+\s+)?(?:leave|holidays?|vacation|absence|trip|sabbatical)\b)?"
    r"|\b(?:next\s+week|tomorrow|next\s+month|the\s+weekend)\s+only\b"
    r"|(?<!\bis\s)(?<!\bam\s)(?<!\bare\s)(?<!['’]s\s)(?<!['’]m\s)(?<!['’]re\s)(?<!\bbe\s)(?<!\bwas\s)"
    r"(?<!\bwere\s)(?<!\bgoes\s)(?<!\bgoing\s)(?<!\bgo\s)(?<!\bbeen\s)(?<!\bwent\s)(?<!\bim\s)"
    r"\bon\s+(?:holiday|holidays|vacation|leave|absence|pto)(?=\s*(?:[,.;!?)]|$))",
    re.IGNORECASE,
)
# "Give Emma full access to info@, and Liam too, until Friday": an end said after an "and Y too" tail is the
# whole sentence's, or Y's alone; never one of them for good and the other ending: asked (nlu82, red team
# 52 D4)
TOO_TAIL_THEN_END: Final = LazyPattern(
    r",\s*(?:and|&|plus)\s+[^,.;!?\n]{1,40}?\s+(?:too|as\s+well|also)\s*,?\s*"
    r"(?:until|till|til|through|thru|for|ending|expiring|to|by)\b",
    re.IGNORECASE,
)
TOO_TAIL_END_ASK: Final = (
    "The request gives the same access to more than one person and says an end after the last of them: does "
    'the end ({said!r}) apply to everyone, or only to the last? Say the end for each (for example "both '
    'until Friday").'
)
# what, said before the absence in its sentence, makes the span the cover's or another verb's, not the grant's
ABSENCE_COVER_BEFORE: Final = LazyPattern(
    r"\b(?:cover(?:s|ing|ed)?|stand(?:s|ing)?\s+in|fill(?:s|ing)?\s+in|handles?|handling|looks?\s+after|"
    r"keep(?:s|ing)?\s+an\s+eye|take(?:s)?\s+over|taking\s+over|so\s+(?:that\s+)?(?:he|she|they|i|we|§\d+§)\s+can|"
    r"to\s+(?:help|cover|handle|keep|look|manage|answer|check|read|monitor|deal))\b",
    re.IGNORECASE,
)
# the grant said before the absence in the same sentence
ABSENCE_GRANT_BEFORE: Final = LazyPattern(
    r"\b(?:full[- ]?(?:mailbox[- ])?access|send[- ]?as|send\s+on\s+behalf|access|rights?|permissions?|"
    r"give|grant|let|can\s+have|should\s+have|needs?|editor|reviewer|calendar|"
    # (a share, a list add or a forwarding said as its verb: nlu77)
    r"share|add|put|forward|fwd|redirect|send\s+(?:my|his|her|their|all)\b|go\s+to|"
    # (the forwarding named as a noun: "set up forwarding to Ava while I'm on leave", session 15)
    r"forwarding|set\s+up)\b",
    re.IGNORECASE,
)
# the absence said first, its sentence then giving ("While I'm away, share my calendar with Chris", "During my
# leave forward my mail to Tom"): the span is the change's, as when said after it (session 15). Never when
# what follows takes away or stops ("While I'm away, remove Ava's access"): no end is asked of a removal.
ABSENCE_TAKES_AFTER: Final = LazyPattern(
    r"\b(?:stop\w*|turn(?:s|ed|ing)?\s+off|disabl\w*|clear\w*|end(?:s|ed|ing)?\s+the|no\s+longer)\b",
    re.IGNORECASE,
)
# the clauses of the absence's sentence, each with its own verb ("while I'm away, remove Chris from marketing
# and forward my mail to Ava": the removal's clause asks nothing, the forwarding's is the span's)
ABSENCE_CLAUSE_END: Final = LazyPattern(r",|\b(?:and|then|also|plus)\b", re.IGNORECASE)
ABSENCE_SENTENCE_END: Final = LazyPattern(r"[.!?;\n](?:\s+|$)|\s[-–—]\s")
# "until", "till": an end said, wherever in the request (after a thanks, in a line of its own, in words no
# end is read from: "until sometime soon"); with every giving step planned for good, it was read by none
# (rules: asked, never dropped)
# (an end in the past is a story, no end said: "Sam ran the UK Office mailbox until last year", "until
# recently", "until now" — a held-out case asked its end before this lookahead; "until the last day of term",
# "until last week of March" and "until then" are ends still to come: red team 54)
END_WORD_SAID: Final = LazyPattern(
    r"\b(?:until|till|til|untill)\b(?!\s+(?:last\s+(?:year|month|week|summer|winter|spring|autumn|quarter)\b"
    r"(?!\s+of\b)|recently\b|yesterday\b|lately\b|now\b(?!\s*-?\s*ish)))[^.;!?\n]*",
    re.IGNORECASE,
)
# "Christine is out until friday; ...", "I'm travelling until Friday": an end said in a statement of how
# things are (a be-verb before it in its part) is a reason's, and ends nothing (nlu57, nlu76)
# ("it's only until friday", "this is just till friday", "these are until friday": the change is the subject,
# so the end is the change's, never a reason's: red team 54)
END_IN_STATEMENT: Final = LazyPattern(
    r"\b(?<!\bit\s)(?<!\bthis\s)(?<!\bthat\s)(?<!\bthese\s)(?<!\bthose\s)"
    r"(?:is|are|am|was|were|be|been|i['’]m|im|he['’]s|she['’]s|they['’]re|we['’]re)\b[^,.;:!?\n]*$",
    re.IGNORECASE,
)
END_WORD_UNBOUND_ASK: Final = (
    "The request says an end ({said!r}) that I could not tie to a change: until when should it last? Say "
    'the end with the change (for example "share my calendar with Tom until Friday"), or ask for it with no '
    "end."
)
ABSENCE_ASK: Final = (
    "The request gives the access for {said!r}, with no end date: until when? Say the end (for example "
    '"until Friday 13 March"), or ask for it with no end.'
)
# "during his leave", "for her maternity leave": "leave" after a possessive is the absence, a noun; read as
# "absence" so no rule takes it for the verb (taking someone off; "... during his leave" was asked as a
# plan doing the opposite of what it said)
LEAVE_NOUN: Final = LazyPattern(
    r"\b(?P<head>(?:during|for|over|throughout|after|before|from|on|until|till|of|into|through)\s+"
    r"(?:his|her|their|my|your|[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?['’]s?)\s+"
    r"(?:(?:sick|annual|maternity|paternity|parental|medical|study|long|short)\s+)?)leave\b(?!\s+(?:him|her|them|it|me)\b)"
)
LEAVE_NOUN_SAY: Final = r"\g<head>absence"

# "Priya Patel, John Miller's manager, wants a delegation report of the mailboxes he can get into": the
# he/she said after a role aside naming one person is that person (the manager asks for the one in the
# aside), for a report (issue 12: asked since nlu43). A change said there ("wants his mail forwarded to Ava")
# stays asked: no genders are known, and "his" may be the manager's own (a write on the wrong mailbox); so
# does one with another person named after the aside, or two named in it (rules._role_aside_read)
ROLE_ASIDE_READ: Final = LazyPattern(
    r"\b(?:report|reports|see|show|list|check|know|find\s+out|look\s+(?:up|at|into)|audit|review|which|what)\b",
    re.IGNORECASE,
)
# (nlu161) "Priya Patel, Noah Davis's manager, asks that he be given full access to the Sales mailbox": the
# one whose manager the aside names, asked for by that manager, is the he/she the change is for: the aside
# names them only to say whom the one asking asks for (a structural reading, never a gender guessed; batch 52)
NLU161_MANAGER_ASIDE: Final = LazyPattern(
    r"^,\s*§\d+§\s+(?:line\s+)?(?:manager|boss|supervisor|team\s+lead)\s*,$", re.IGNORECASE
)
NLU161_ASIDE_ASKS_FOR_PRONOUN: Final = LazyPattern(
    r"^\s*(?:has\s+|is\s+)?(?:asks|asked|asking|requests|requested|requesting)\s+(?:that\s+)?"
    r"(?:§(?P<p>\d+)§|he|she|they)\s+(?:be|should\s+(?:be|get|have)|gets?|to\s+(?:be|get|have))\b"
    r"|^\s*(?:wants|would\s+like|'d\s+like)\s+(?:§(?P<q>\d+)§|him|her|them)\s+"
    r"(?:to\s+(?:be|get|have)\b|added\b|given\b)",
    re.IGNORECASE,
)
ROLE_ASIDE_CHANGE: Final = LazyPattern(
    r"\b(?:give|given|grant\w*|add\w*|remov\w*|revok\w*|forward\w*|shar\w*|set|turn|stop\w*|delet\w*|creat\w*|"
    r"make|let|mov\w*|switch\w*|chang\w*|renam\w*|take|taken|join\w*|put|allow\w*|(?:get|gets)(?!\s+into\b))\b",
    re.IGNORECASE,
)
ROLE_ASIDE_PRONOUN: Final = LazyPattern(r"\b(?:he|she|him|her|his|hers|they|them|their)\b", re.IGNORECASE)
POSSESSIVE_PRONOUNS: Final = frozenset(_words("his hers their"))
OBJECT_OR_POSSESSIVE: Final = frozenset(_words("her"))
# "her" before what someone has is whose it is ("her mailboxes", "her access")
HER_POSSESSIVE_AFTER: Final = LazyPattern(
    r"\s+(?:own\s+)?(?:mailbox|mailboxes|access|rights|permissions|delegations?|calendar|mail|email|emails|"
    r"inbox|account|accounts)\b",
    re.IGNORECASE,
)
# ---- nlu165 (batch 54) ----
# "Calling for Sarah Connor, who is on leave: Chris Lee needs full access to her mailbox": a caller's label,
# naming whom the call is for (and why, in a who-clause) before a colon or a dash; never a grant "for" them
# (main read "for Sarah Connor" as the trustee, and "her" as Chris: Chris's mailbox planned for Sarah)
NLU165_CALLER_LABEL: Final = LazyPattern(
    r"^\s*(?:(?:i['’]m\s+|i\s+am\s+)?(?:calling|phoning|ringing|writing|emailing|messaging|asking)\s+"
    r"(?:for|on[- ]behalf\s+of)|on[- ]behalf\s+of)\s+(?P<who>[^-–—:,;.!?\n()]{1,80}?)"
    r"(?:\s*,\s*who(?:['’]s\s+|\s+(?P<verb>is|was|has\s+been|will\s+be)\s+)(?P<told>[^-–—:,;.!?\n()]{1,80}?)\s*,?)?"
    r"\s*(?::|\s[-–—]+)\s+",
    re.IGNORECASE,
)
NLU165_CALLER_TOLD_SAY: Final = "{who} {verb} {told}: {rest}"
NLU165_CALLER_VERB: Final = "is"
NLU165_CALLER_LABEL_SAY: Final = "On behalf of {who} - {rest}"
# "... to her mailbox", "... his calendar": whose the thing is, under the label the one it names
NLU165_OWNER_PRONOUN: Final = LazyPattern(
    r"\b(?:her|his)(?=\s+(?:own\s+)?(?:mail\s*box(?:es)?|mail|e-?mails?|inbox|calendar|diary)\b)",
    re.IGNORECASE,
)
NLU165_OWNER_SAY: Final = "{who}'s"
# "Don't remove Ava from Priya's calendar, just drop her to free/busy", "bump Tom down to reviewer on
# Olivia's calendar": a share brought down to a lower level, read as "downgrade" (main read "drop" as taking
# the share away, or read nothing)
NLU165_DROPPED_TO_LEVEL: Final = LazyPattern(
    r"\b(?:drop|bump|knock|step|bring|move|put)(?P<who>(?:\s+(?!to\b)[\w.'’@-]+){1,4}?)\s+(?:(?:back|down)\s+)*"
    r"to\s+(?=(?:(?:just|only|an?)\s+)*(?:free[/ -]?busy|availability|limited(?:\s+details)?|reviewer|"
    r"read[- ]only)\b)",
    re.IGNORECASE,
)
NLU165_DROPPED_TO_LEVEL_SAY: Final = r"downgrade\g<who> to "
# a spaced dash between parts of a sentence (negation._negated: "... mailbox - not Tom actually, just Chris")
NLU165_SEGMENT_DASH: Final = LazyPattern(r"\s[-–—]+\s(?!.*\s[-–—]+\s)")
# "Remove Mike's full access to the Billing mailbox and give Rachel full access instead": a grant said
# "instead" after a removal, naming no mailbox of its own, is on the one mailbox the removal named (main asked
# which mailbox); rules._instead_on_removed
NLU165_GIVEN_INSTEAD: Final = LazyPattern(
    r"(?:,|;|\s(?:and|but)\b)\s*(?:(?:then|just|please)\s+)*"
    r"(?P<give>(?:give|grant|let)\b[^,;.!?\n]{1,120}?)(?P<instead>\s+instead)\b[.!]?\s*$",
    re.IGNORECASE,
)
NLU165_GIVEN_INSTEAD_SAY: Final = "{give} on {box}{instead}"
# "Add the Finance Team members except Mike Smith to Project Atlas": a list's members but one, said with
# the list's name before "members"; read as "all the members of Finance Team except ..." (each member read
# from the directory at planning time; main asked which member); rules._members_but_one
NLU165_MEMBERS_BUT: Final = LazyPattern(
    r"^\s+members\s+(?=(?:except|but|other\s+than|apart\s+from|excluding|aside\s+from|save\s+for)\b)",
    re.IGNORECASE,
)
NLU165_MEMBERS_LEAD: Final = LazyPattern(r"(?:\b(?:all\s+(?:of\s+)?)?the\s+|\ball\s+)?$", re.IGNORECASE)
NLU165_MEMBERS_SAY: Final = "all the members of {group} "
NLU165_CALENDAR_WORD_LEVEL: Final = "availability_only"  # (free/busy: a level and a calendar word)
# "... on Olivia's", "... on sales@": an owner said beside a level that is also a calendar word
NLU165_OWNER_SAID: Final = LazyPattern(r"['’]s?(?!\w)|@|\bon\s+(?!(?:it|there|that|the\s+same)\b)\S")
# "Olivia Martin wants to see which mailboxes Tom Becker has full access to": "see" before a question word
# asks to know (a report), never the right to see something (read as a grant to Olivia, asked its mailbox)
SEE_QUESTION: Final = LazyPattern(r"\b(?<=to\s)see\s+(?=(?:which|what|whether|who|whom)\b)", re.IGNORECASE)
SEE_QUESTION_SAY: Final = "know "
# "Give Tom the same access as Ken Adams", "Copy Ken's permissions to Tom": someone's rights copied, with none
# named; mailwarden has no copy action, so which rights are meant is asked (issue 12), never "not understood"
# nor a guess. Only read when nothing else was understood.
COPY_RIGHTS: Final = LazyPattern(
    r"\b(?:give|grant|set\s+up|provide|let)\b[^.;!?]*?\b(?:the\s+)?(?:exact\s+)?same\s+"
    r"(?:(?:access|rights|permissions|setup|set-up|privileges)\s+)?(?:as|that)\b"
    r"|\b(?:copy|mirror|clone|duplicate|replicate)\s+[^.;!?]{1,60}?"
    r"\b(?:access|rights|permissions|privileges|setup)\b",
    re.IGNORECASE,
)
COPY_RIGHTS_ASK: Final = (
    "The request asks for the same access someone else has without naming it, and mailwarden cannot copy "
    "rights from one person to another: say which rights, on which mailbox (for example "
    '"Full Access and Send As on support@acme.com").'
)
# A length said in words no end is read from ("for a decade", "for one and a half years", "for 3y", "for 2
# fiscal years"), or a half after a unit ("a year and a half", read as a year): asked, never planned for good
# nor for the part read (red team 51)
LENGTH_SAID_FOR: Final = LazyPattern(
    r"\bfor\s+(?:\w+\s+){0,3}?(?:and\s+a\s+half\s+)?(?:decades?|centur(?:y|ies))\b|"
    r"\bfor\s+\w+\s+(?:and|&)\s+a\s+half\s+(?:years?|months?|weeks?|days?|hours?)\b|"
    r"\bfor\s+\d+(?:\.\d+)?\s*y\b|"
    r"\bfor\s+(?:\w+\s+){0,2}(?:fiscal|academic|calendar|financial|school|business)\s+years?\b",
    re.IGNORECASE,
    cue=r"decade|centur|half|fiscal|academic|calendar|financial|school|business|\dy",
)
LENGTH_AND_A_HALF: Final = LazyPattern(
    r"\b(?:years?|months?|weeks?|days?|hours?)\s+and\s+a\s+half\b", re.IGNORECASE, cue=r"half"
)
END_UNREAD_ASK: Final = (
    "I could not tell when this should end from {said!r}: say a date or a length within a year (for example "
    '"for 6 months", "until 30 June"), or that it has no end.'
)
# An end said that is already past, or further ahead than mailwarden ends access (durations.MAX_EXPIRY, a
# year): asked, never planned ("for 2 years" planned no end at all; "until 2020-01-01" one that had passed)
END_PASSED_ASK: Final = (
    "The end the request gives ({end}) has already passed: say when the access should end, or that it "
    "has none."
)
END_TOO_FAR_ASK: Final = (
    "The end the request gives ({end}) is more than a year away, and mailwarden ends access at most a year "
    "ahead: say an end within a year, or ask for the access with no end."
)

# ---- the trace's words (planner/trace.py): what a ready plan names is checked against what was asked, over
# the masked request (§n§ a mention); moved here from trace.py, compiled on first use (issue 14) ----
_TRACE_M = r"§(\d+)§"
# "Tom Becker of sales@acme.com", "Ava at support": who a person is, said after them
TRACE_DESCRIBED_BY: Final = LazyPattern(r"§(?P<who>\d+)§\s*,?\s*(?:of|at)\s+(?:the\s+)?" + _TRACE_M)
# "Tom Becker <sales@acme.com>", "Tom Becker - sales@acme.com - full access ...": an address set off after a
# person is theirs
TRACE_DESCRIBED_SET_OFF: Final = LazyPattern(
    r"§(?P<who>\d+)§\s*(?:<\s*§(?P<a>\d+)§\s*>|[-–—]+\s*§(?P<b>\d+)§\s*[-–—]+)"
)
# "Rachel Green from finance to All Hands", "Tom in sales on support@": where a person is from, when the
# clause goes on to a target of its own (a removal still takes them from it: "move Tom from X to Y")
TRACE_DESCRIBED_FROM: Final = LazyPattern(
    r"§(?P<who>\d+)§\s*,?\s*(?:from|in)\s+(?:the\s+)?"
    + _TRACE_M
    + r"(?=[^.;!?§]*\b(?:to|on|onto|into)\s+§\d+§)"
)
# "(finance@acme.com)", "(Ava's mailbox)": what is said in brackets
TRACE_BRACKETED: Final = LazyPattern(r"\((?P<inside>[^()]*)\)")
# "the new starter (Mia Novak)", "the shared mailbox (support@acme.com)": a bracket that only names what the
# words before it describe (no mention right before it) names what is asked
TRACE_BRACKET_NAMES: Final = LazyPattern(
    r"\s*(?:(?:the|a|an|i\.?e\.?|aka|namely|address|email|e-mail|mailbox|list)[\s:,]+)*§\d+§\s*"
)
# what is left of "(full access only)", "(send as + full access)" once the rights are taken out
TRACE_BRACKET_FILLER: Final = LazyPattern(
    r"[\W\s]*(?:(?:and|or|plus|only|level|access|rights?|permissions?|please|with|as|the)\b[\W\s]*)*"
)
# (nlu153) a name said as a mailbox ("§1§ mailbox", "§1§'s inbox"): NLU153_NAMED_BOX_BEFORE is one right
# before a bracket (trace: a bracket naming another one leaves which is meant unsaid); whoever is named so,
# or in brackets right after one ("the §1§ mailbox (§2§"), is whose mailbox it is, never whom access is
# given to
_NLU153_BOX = r"§(?P<n>\d+)§(?:['’]s?)?\s+(?:shared\s+)?(?:mailbox|mail\s+box|inbox)"
NLU153_NAMED_BOX_BEFORE: Final = LazyPattern(_NLU153_BOX + r"\s*$", re.IGNORECASE)
NLU153_NAME_THEN_BOX: Final = LazyPattern(_NLU153_BOX + r"\b", re.IGNORECASE)
NLU153_IN_BOX_BRACKET: Final = LazyPattern(_NLU153_BOX + r"\s*\(\s*$", re.IGNORECASE)
# "(and Ava too)", "(also Ken)", "(plus all-sales)": one more, said in brackets
TRACE_BRACKET_ADDS: Final = LazyPattern(r"^\s*(?:and|plus|also|&)\b|\b(?:too|also|as\s+well)\s*$")
# "Christine is off from tomorrow", "Ava is on leave": someone said to be away; what the rest asks for them
# is said with a he/she ("... full access to her mailbox"), never by naming them alone
TRACE_AWAY_TOLD: Final = LazyPattern(
    r"§(?P<who>\d+)§\s*(?:is|'s|’s|was|will\s+be|has\s+been)\s+(?:(?:now|also|currently|going\s+to\s+be)\s+)*"
    r"(?:off|away|out|on\s+(?:leave|holiday|vacation|sick\s+leave|maternity\s+leave|paternity\s+leave)|"
    r"off\s+sick|leaving|gone|out\s+of\s+(?:the\s+)?office)\b",
    cue=r"off|away|out|leav|holiday|vacation|gone",
)
# "...; myself, I'll add Ava to All Hands", "..., I'll also give Ava send as": the requester's own doing, to
# the end of its sentence
TRACE_OWN_DOING: Final = LazyPattern(
    r"(?:^|[,;.!?\n]|\s[-–—])\s*(?:and\s+|but\s+|then\s+|so\s+)?(?:(?:myself|personally|meanwhile)\s*,?\s*)?"
    r"(?P<subj>i|we|§\d+§)(?:['’]ll|\s+will|\s+shall|['’]m\s+going\s+to|\s+am\s+going\s+to|['’]re\s+going\s+to|"
    r"\s+plan\s+to|['’]m\s+planning\s+to)\s+(?:(?:also|then|just|personally|myself|later)\s+)*"
    r"(?:add|give|grant|remove|share|set|put|take|forward|handle|sort|do|send|invite|move|make)\b[^.;!?\n]*",
    cue=r"['’]ll|will|shall|going|plan",
)
# "- scrap that,", "no wait,", "I mean": what follows replaces what came before
TRACE_CORRECTED: Final = LazyPattern(
    r"(?:[.,;!?]|\s[-–—]|\s\()\s*(?:(?:scrap|scratch|forget|cancel|strike)\s+that|no\s+wait|i\s+mean|i\s+meant|"
    r"make\s+(?:that|it)|change\s+(?:that|it)\s+to|or\s+rather|actually,?\s+make\s+(?:that|it))\b[\s,:;.-]*",
    cue=r"scrap|scratch|forget|cancel|strike|wait|mean|make|change|rather",
)
# "... but the send as permanent": a right said to have no end
TRACE_PERMANENT: Final = LazyPattern(
    r"\b(?:permanent(?:ly)?|for\s+good|indefinitely|with\s+no\s+end|no\s+expiry|open[- ]ended)\b",
    cue=r"permanent|good|indefinitely|end|expiry|open",
)
# "- Ava used to have it", "- he was on Sales before", "- Ava will show him around": a part whose subject
# is a person (or he/she) with a verb of its own that gives nothing, after a request with a person and a
# target of its own, tells about them: the person and what the part names are said, not asked
_TRACE_TOLD_VERB = (
    r"used\s+to|knows?|knew|will(?!\s+(?:also\s+)?(?:need|want|get|require|have|take))|['’]ll|"
    r"would(?!\s+(?:also\s+)?(?:need|want|like|get|require|have|take))|is(?!\s+(?:also\s+)?(?:getting|to\s+))|"
    r"was|were|are|['’]s\s+(?:been|had|got|the|a|an|on|in)|has(?!\s+to\b)|had|recommended|approved|asked|owns?|"
    r"owned|goes|went|lost|manages?|managed|covers?|covered|did|does|said|says|told|suggested|requested|leads?|"
    r"led|runs?|ran|works?|worked|joined|left|started|handles?|handled|can['’]?t|cannot|won['’]t|doesn['’]t|"
    r"isn['’]t|wasn['’]t|didn['’]t|might|may|shows?|showed|trained|helps?|helped|agreed|agrees|thinks?|"
    r"thought|mentioned|sits|sat|reports|reported|moved|transferred|quit|retired"
)
TRACE_SAID_OF: Final = LazyPattern(
    r"(?:^|[.;!?\n,(]|\s[-–—])\s*(?:(?:and|but|since|as|because|though|although|so)\s+)?"
    r"(?P<subj>§\d+§|he|she|they)\s+(?:(?:also|already|still|just|once|previously|always|never|really|"
    r"probably|definitely)\s+)*(?:" + _TRACE_TOLD_VERB + r")\b(?P<rest>(?:(?!\s[-–—]\s)[^.;!?\n(),])*)"
)
# (nlu153) someone said to read the mail ("them", "those"), told after the request: "- Rachel Green checks
# them and finance handles those", ", and Tom Becker answers those too" (trace: a reason, never a trustee)
NLU153_PERSON_READS_THEM: Final = LazyPattern(
    r"(?:[,;.!?]|\s[-–—]|\band\b)\s*(?:(?:and|so|since|because|as|but)\s+)?§(?P<who>\d+)§\s+(?:also\s+|too\s+)?"
    + _READER_VERB
    + r"\s+(?P<what>them|those|these|it|§\d+§)"
    r"(?:\s+(?:emails|e-mails|mails|messages|requests|queries|tickets))?"
    r"(?:\s+(?:too|also|as\s+well|now|anyway))*(?=\s*(?:[,.;!)]|\band\b|$))",
    re.IGNORECASE,
)
# (nlu153) after a request, what someone still needs or needed, told: "Liam still needs full access there",
# "- Ava still has send as on it", "send as was needed by Liam only" (red team granted Liam)
NLU153_STILL_NEEDED: Final = LazyPattern(
    r"(?:^|[.;!?\n,]|\s[-–—])\s*(?:(?:and|but|since|as|because|though|although|so)\s+)?"
    r"(?:(?P<a>§\d+§)\s+(?:(?:also|really|definitely)\s+)?still\s+(?:needs|has|wants|uses|requires|keeps)\b"
    r"|(?:it|that|this|the\s+\w+|(?:full[- ]access|send[- ]as|send[- ]on[- ]behalf)"
    r"(?:\s+(?:rights?|access))?)"
    r"\s+(?:was|were)\s+(?:only\s+)?(?:needed|wanted|requested|used)\s+(?:only\s+)?by\s+(?P<b>§\d+§))"
    r"(?:[^.;!?\n,](?!\b(?:give|grant|add|so|please|but)\b))*(?=\s*(?:[.;!?\n]|$))",
    re.IGNORECASE,
    cue=r"(?i:still|needed|wanted|requested|used)",
)
# "Tom, whom Ava recommended,": a person said inside a clause about someone else
TRACE_SAID_IN_CLAUSE: Final = LazyPattern(r"§\d+§\s*,\s*(?:whom|who)\s+(?P<subj>§\d+§)\s+[a-z]")
# "(maybe Ava too)", "Ava too?": one more, said unsure
TRACE_UNSURE: Final = LazyPattern(
    r"\b(?:maybe|perhaps|possibly)\s+(?:also\s+)?(?P<a>§\d+§)|(?P<b>§\d+§)\s+(?:too|as\s+well|also)\s*\?",
    cue=r"maybe|perhaps|possibly|\?",
)
# "Ava - please add Tom to Marketing", "Rachel: can you give Tom ...", "Ava, Tom needs ...": a name alone at
# the very start, before a request with a person of its own, is whom the message is addressed to
TRACE_ADDRESSED: Final = LazyPattern(
    r"^\s*(?P<who>§\d+§)\s*(?:[-–—:]+|,)\s*(?P<rest>(?:please|pls|kindly|can|could|would|will|give|grant|add|"
    r"put|share|remove|set|make|let|assign)\b.*|§\d+§\s+(?:also\s+)?(?:needs|wants|should|must|requires|has\s+to|"
    r"is\s+to|will\s+need|would\s+need)\b.*)",
    re.DOTALL,
)
# "I'd also like Ava to approve it", "I want Ava informed": the person is whom a non-giving verb is for;
# the requester asks nothing for themselves by "I'd like" alone
TRACE_WANTS_OTHER: Final = LazyPattern(
    r"(?P<i>§\d+§)\s*(?:['’]d|\s+would)?\s*(?:also\s+)?(?:like|want|wish|need)s?\s+(?P<who>§\d+§)\s+"
    r"(?:to\s+(?:approve|review|check|know|confirm|verify|sign\s+off|look\s+over|be\s+(?:aware|informed|told|"
    r"notified|in\s+the\s+loop)|see\s+the\s+list)|informed|told|aware|notified|cc['’]?d|copied|in\s+the\s+loop)\b",
    cue=r"like|want|wish|need",
)
# "... so give her", "... and needs send as": the part goes on to ask
TRACE_GIVING_AFTER: Final = LazyPattern(
    r"\b(?:give|grant|add|put|share|needs?|should|get|gets|could|can|please|wondering|if|whether|that|so|"
    r"to\s+be|be\s+given|wants?)\b"
)
# "... to cover her work", "... for her", "... in her place": a he/she said as the reason, never as whom or
# what the change is on (batch 29: "Christine Lee is on leave; Rachel Green should get full access to the
# Finance mailbox to cover her work" granted Christine too)
TRACE_REASON_PRONOUN_BEFORE: Final = LazyPattern(
    r"(?:\bcover(?:s|ing)?\s+for|\bstand(?:s|ing)?\s+in\s+for|\bfor|\binstead\s+of|\bin\s+place\s+of|"
    r"\breplac(?:e|es|ing)|\bwhile|\buntil|\bsince|\bbecause\s+of)\s*$",
    cue=r"for|instead|place|replac|while|until|since|because",
)
# "her mailbox", "his calendar": the pronoun says whose the thing is (the owning slots), not who gets it
TRACE_POSSESSED: Final = LazyPattern(
    r"\s+(?:own\s+)?(?:mail\s*box(?:es)?|mail|e-?mails?|messages|inbox|calendar|cal|diary|account|address|"
    r"forwarding|fwd|behalf)\b"
)
TRACE_REASON_PRONOUN_AFTER: Final = LazyPattern(
    r"\s*(?:work|job|duties|tasks|role|place|absence|shifts?|workload|stuff|clients|customers|accounts|cases|"
    r"projects|calls|things|responsibilities|desk|leave|return|holiday|vacation|time\s+off)\b"
)
TRACE_SENTENCE_END: Final = LazyPattern(r"[.;!?\n]")
TRACE_PART_END: Final = LazyPattern(r",|\band\b|\bbut\b")
# "there", "the same list", "that mailbox": a target said before, referred to
TRACE_PLACE_REFERRED: Final = LazyPattern(
    r"\b(?:there|it|the\s+same|that\s+(?:one|list|mailbox|group|calendar))\b"
)
TRACE_PARTS: Final = LazyPattern(r"[.;!?\n,]|\s[-–—]\s")

# ---- ticket checkboxes and pasted tables (nlu76, issue 12 B/C): forms.py reads them before the text is ----
# "[x] Full Access", "☑ Send As", "(X) Reviewer", "- [x] add to Sales Team": a box ticked; only its label is
# asked for
_CHECKED_BOX = r"\[\s*[xX✓✔*]\s*\]|\(\s*[xX✓✔●•*]\s*\)|[☑✅✔]"
CHECKED_BOX: Final = LazyPattern(_CHECKED_BOX)
# "[ ] Send As", "☐ Full Access", "( ) Editor", "❌ Send As" (a red cross beside a green tick is a no): a box
# left empty; its label is never a step
_EMPTY_BOX = r"\[\s*\]|\(\s\s*\)|[☐□▢❌✖]"
# "[?]", "[-]", "[/]", "☒" (a cross that may mean yes or no), and the marks that may be boxes or bullets
# ("()", "◻", "⬜", "🔲"): a box whose state cannot be read is asked, never read as its label (nlu80, rt52 A3)
_UNREAD_BOX = r"\[\s*[?\-~/.oO_]\s*\]|\(\s*[?\-~/oO_]\s*\)|\(\)|[☒◻◼⬜⬛🔲🔳▫▪]"
UNREAD_BOX: Final = LazyPattern(_UNREAD_BOX)
ANY_BOX: Final = LazyPattern(f"{_CHECKED_BOX}|{_UNREAD_BOX}|{_EMPTY_BOX}")
# what may stand between one box's label and the next ("Full Access, [ ] Send As", "Reviewer | ( ) Editor")
BOX_LABEL_TRIM: Final = LazyPattern(r"^[\s,;|/]+|[\s,;|/]+$")
BOXES_UNREAD_ASK: Final = (
    "The form has a box whose state I could not read ({label!r}): say which of its options are asked for "
    '(e.g. "Full Access and Send on Behalf on careers@acme.com for Tom Becker").'
)
# an empty box's label that says more than its option ("[ ] Send As on info@acme.com", "[ ] Send As
# (sales@acme.com)", "... for Emma Wilson"): what it says may be where or for whom the ticked boxes are, so
# cutting it drops that and keeping it grants the unticked option; the form is asked (nlu80, rt52 A1)
BOX_LABEL_BEYOND_OPTION: Final = LazyPattern(r"@|[(\[]|\b(?:on(?!\s+behalf)|for|to|at|in|from|of)\s+\S", re.I)
BOXES_LABEL_ASK: Final = (
    "The form's empty box {label!r} says more than its option, so I cannot tell what the ticked boxes are "
    'on or for: say the change as a sentence (e.g. "Full Access on info@acme.com for Emma Wilson").'
)
# a ticked "Remove X" beside a ticked grant: each box is its own change, never one removal of both (rt52 A4);
# a bare "Remove" or "Remove access" is the form's action, and its ticked rights are what it removes
BOX_REMOVES: Final = LazyPattern(
    r"^\W*(?:remove|revoke|take\s+(?:away|off)|strip|drop|delete|cancel)\s+"
    r"(?!(?:the\s+)?(?:access|rights?|permissions?|user|member)\W*$)\S",
    re.I,
)
BOXES_MIXED_ASK: Final = (
    "The form ticks both a removal ({removal!r}) and a grant ({grant!r}): say each change as its own "
    'sentence (e.g. "Keep Full Access for Chris Lee on support@acme.com and remove his Send As").'
)
# "~~Liam Brown~~": Markdown's strikethrough, words the writer struck; never a step (nlu80, rt52 B3)
STRUCK_SAID: Final = LazyPattern(r"~~[^~\n]+~~")
STRUCK_ASK: Final = (
    "Part of the request is struck through ({said!r}): say the changes still wanted without it (e.g. "
    '"Give Emma Wilson Send As on sales@acme.com").'
)
BOXES_NONE_TICKED_ASK: Final = (
    'No box on the form is ticked: say which of its options are asked for (e.g. "[x] Full Access"), or the '
    "change itself."
)
# A pasted table's header cells, by the part of a change each column gives (a header of such words, and only
# such words, is what makes rows a table; a header row is never a step)
TABLE_COLUMNS: Final[dict[str, frozenset[str]]] = {
    "person": frozenset(
        frozenset(_words("name user person employee who staff member trustee delegate grantee username"))
        | {"full name", "display name", "user name", "user needing access", "person needing access", "for"}
    ),
    "target": frozenset(
        frozenset(_words("mailbox list group dl resource target on where"))
        | {"shared mailbox", "distribution list", "mailbox address", "list name", "group name"}
    ),
    "access": frozenset(
        frozenset(_words("access rights right permission permissions level type role"))
        | {"access type", "access level", "permission type", "access right", "access rights"}
    ),
    "action": frozenset(_words("action change operation add/remove request todo do")) | {"grant/revoke"},
}
# a row's action cell: a change given or taken away
# ("y"/"yes", "n"/"no", "end", "cancel" are not among them: in a Y/N column "n" is more likely "no change"
# than "remove", and "end"/"cancel" may end the request rather than the access; such a cell is asked, rt52 B4)
TABLE_GRANT: Final = LazyPattern(r"^(?:add|grant|give|\+|new|set|set up|allow|assign|enable)$")
TABLE_REMOVE: Final = LazyPattern(r"^(?:remove|revoke|delete|take away|take off|drop|-|deny|disable|strip)$")
# a cell that says nothing ("", "?", "n/a", "tbd"): its row's part is asked, never guessed
TABLE_UNREAD_CELL: Final = LazyPattern(r"^(?:|\?+|n/?a|tbd|tbc|-+|unknown|\.\.\.|none|\*)$")
# a Markdown table's rule under the header ("|---|:---:|")
TABLE_RULE: Final = LazyPattern(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# what a row says, for each way its columns are filled (a plain request the planner reads as any other)
TABLE_ROW_GRANT_ACCESS: Final = "Give {person} {access} on {target}"
TABLE_ROW_REMOVE_ACCESS: Final = "Remove {access} on {target} from {person}"
TABLE_ROW_ADD: Final = "Add {person} to {target}"
TABLE_ROW_REMOVE: Final = "Remove {person} from {target}"
TABLE_CELL_ASK: Final = (
    'Row {row} of the table ({said!r}) has no readable {column}: say it for that row (e.g. "{example}").'
)
TABLE_ROW_ASK: Final = (
    'I could not read row {row} of the table ({said!r}) as a change: say it as a sentence (e.g. "{example}").'
)
TABLE_UNREAD_ASK: Final = (
    'I could not tell what the pasted table\'s columns are: give it a header row (e.g. "name,mailbox,access" '
    'then "Tom Becker,support@acme.com,full access"), or say each change as a sentence.'
)
# the text around a table: a lead-in or a sign-off asks nothing ("Please set these up:", "Thanks")
TABLE_LEAD_IN: Final = LazyPattern(
    r":\s*$|^\W*(?:thanks|thank you|cheers|ta|regards|best|hi|hello|hey)\b", re.I
)
TABLE_LEAD_REMOVE: Final = LazyPattern(
    r"\b(?:remove|revoke|take\s+(?:away|off)|strip|drop|delete|offboard)\b", re.IGNORECASE
)
# The words beside a pasted table (nlu80, rt52 B1/B2): a table is read as steps only when every line around
# it is understood. A negation, exception or correction ("not Liam", "Liam shouldn't get it", "ignore the Liam
# row", "X should get Send As instead", "PS the mailbox should be info@") changes rows the table reader cannot
# change: the whole table is asked
TABLE_AROUND_CHANGES: Final = LazyPattern(
    r"\b(?:not|no|never|except|excluding|exclude|without|but|ignore|skip|cancel\w*|scratch|hold|instead|"
    r"actually|rather|should|correction|sorry|ps|p\.s|mistake|wrong|typo|apart\s+from|other\s+than|only)\b|"
    r"n't\b|n’t\b",
    re.IGNORECASE,
)
TABLE_AROUND_ASK: Final = (
    "The words beside the table ({said!r}) change what it asks, and I cannot tell which rows they change: "
    'say each change wanted as a sentence (e.g. "Give Tom Becker full access on support@acme.com").'
)
# an end said around a table or in its cells ("Until 13 March:", "for a week", "(temp)", "while Priya is
# away"): a plain end is every giving row's end; any other is asked [expires]
TABLE_END_SAID: Final = LazyPattern(
    r"\b(?:until|till|til|thru|through|ends?|ending|expir\w*|while|whilst|during|duration|temp|temporar\w*|"
    r"for\s+(?:a|an|one|two|three|four|five|six|\d+)\s+\w+|(?:this|next)\s+(?:week|month)|away|leave|"
    r"holiday|vacation|cover|back|tomorrow|today)\b",
    re.IGNORECASE,
)
# what a line that only gives an end may say besides the end ("All of the above until 13 March.", "This is
# only for a week.", "For two weeks only please")
TABLE_END_FILLER: Final = LazyPattern(
    r"^(?:\W|\b(?:all|of|the|above|below|following|these|those|them|this|that|it|is|are|only|please|pls|"
    r"thanks|and|rows?|access|each|one|ones|can|could|you|add|give|grant|set|up)\b)*$",
    re.IGNORECASE,
)
# "Ends 13 March.", "End date: 13 March", "They all end on 13 March": a line beside a table saying the end of
# the rows (no subject, or one for all of them), read as "until 13 March" (rt55 asked it); one naming a row's
# person or right ("Emma's ends 13 March") is not this, and stays asked (TABLE_END_SAID)
TABLE_END_LEAD: Final = LazyPattern(
    r"^\W*(?:(?:they|these|those|all|all\s+of\s+(?:them|these|those|the\s+above)|each(?:\s+one)?|every\s+row|"
    r"the\s+access(?:es)?|access)\s+)?(?:all\s+)?(?:will\s+|should\s+|can\s+)?"
    r"(?:end\s+date|expiry\s+date|ends?|ending|expires?|expiry|expiring|finish(?:es)?)\s*[:\-–]?\s+(?:on\s+)?",
    re.IGNORECASE,
)
TABLE_END_LEAD_SAY: Final = "until "
TABLE_END_ASK: Final = (
    'The table\'s end ({said!r}) is not a date I can set: say when the access ends (e.g. "until 13 March"), '
    "or send the table alone for access with no end."
)
# a sign-off beside a table: what follows it is the writer's name and signature, never a change
TABLE_SIGN_OFF: Final = LazyPattern(
    r"^\W*(?:thanks|thank\s+you|many\s+thanks|cheers|ta|regards|kind\s+regards|best(?:\s+regards)?|br)\b",
    re.IGNORECASE,
)

# ---- red team 52 (nlu81): a ticket's update, comment or status line after the request ----
# "Status: on hold", "---\nUpdate: hold off on this one", "Comment (Sarah Connor): please cancel",
# "> Update: not needed anymore", "Ticket updated: requester withdrew", "Resolution: duplicate, no action": a
# line the ticket adds to the request, telling what became of it (rules._ticket_update)
TICKET_UPDATE_LINE: Final = LazyPattern(
    r"^[ \t]*(?:>[ \t]*)*(?P<key>status|state|update[ds]?|ticket[ \t]+update[ds]?"
    r"|comment(?:[ \t]*\([^()\n]{1,60}\))?|note|resolution|outcome)[ \t]*[:\-–—][ \t]*(?P<body>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
# what stops the request: cancelled, on hold, withdrawn, a duplicate, not needed (the whole line says only
# that: "Update: cancel the send as, just full access" takes back a part:
# read as the request's own words)
_TICKET_HALT = (
    r"(?:cancel(?:l?ed|ling|led)?(?:[ \t]+(?:this|it|that|the[ \t]+(?:request|ticket))(?:[ \t]+one)?)?"
    r"|(?:put[ \t]+)?on[ \t]+hold|hold(?:ing)?(?:[ \t]+off)?(?:[ \t]+on[ \t]+(?:this|it|that)(?:[ \t]+one)?)?"
    r"|paused|parked|withdrawn|withdr[ae]w(?:[ \t]+(?:it|this|the[ \t]+request))?"
    r"|(?:the[ \t]+)?(?:requester|requestor|user|customer|they|he|she|manager)[ \t]+(?:has[ \t]+)?"
    r"(?:withdr[ae]wn?|cancell?ed|pulled)(?:[ \t]+(?:it|this|the[ \t]+request|the[ \t]+ticket))?"
    r"|(?:a[ \t]+|marked[ \t]+(?:as[ \t]+)?)?duplicate(?:[ \t]+of[ \t]+\S+)?|dupe"
    r"|no[ \t]+action(?:[ \t]+(?:needed|required|taken))?|(?:not|no[ \t]+longer)[ \t]+(?:needed|required)"
    r"(?:[ \t]+any[ \t]?more)?|rejected|declined|denied|refused|abandoned|won['’]?t[ \t]+(?:do|fix)"
    r"|void(?:ed)?)"
    # by whom, until when, why: "withdrawn by requester", "on hold until Monday", "cancelled per Sarah"
    # ("not needed for Chris" takes one person out: no stop)
    r"(?:[ \t]+(?:by|per|until|till|pending|as|from|since)[ \t]+[^,;.\n]{1,40}"
    r"|[ \t]+for[ \t]+(?:now|the[ \t]+moment|the[ \t]+time[ \t]+being))?"
)
TICKET_HALTED: Final = LazyPattern(
    rf"(?:(?:please|pls|ok|okay|so|now|sorry|actually|note)[ \t,:]+)*{_TICKET_HALT}"
    rf"(?:[ \t]*(?:[,;.\-–—]+|and)[ \t]*{_TICKET_HALT})*[ \t.!]*",
    re.IGNORECASE,
)
TICKET_HALTED_SAID: Final = (
    "The ticket says {said!r} under the request: it is cancelled or on hold, so nothing is planned. "
    "Send the request again if it should go ahead."
)
# "Update: not send as, send on behalf", "Comment: instead, send on behalf": a correction of the request,
# read as one ("Correction: ...")
# ("Note: no automapping please" is a note on the request, read as its own words)
TICKET_CORRECTS: Final = LazyPattern(r"(?:not|instead|rather|correction|actually)\b", re.IGNORECASE)
TICKET_CORRECTING_KEY: Final = LazyPattern(r"update|ticket|comment", re.IGNORECASE)
# Said just before a person whose access is the model, not one more to get it: "the same access as Chris",
# "the same rights that Chris", "mirror Chris's"; and "the same access Chris has" around the name
# (COPY_MODEL_AFTER). Whoever follows is never a target (red team 52 granted Chris too): asked as a copy
# (COPY_RIGHTS_ASK). ("just like Ava on billing@" may ask for Ava's own grant, corpus red_team_28: not here)
COPY_MODEL_BEFORE: Final = LazyPattern(
    r"(?:\bsame\s+(?:(?:level\s+of\s+)?(?:access|rights|permissions|setup|set-up|privileges|perms)\s+)?(?:as|that)"
    r"|\b(?:mirror(?:ing|ed)?|clon(?:e|ing)|cop(?:y|ying)|match(?:ing)?|replicat(?:e|ing))(?:\s+(?:what))?)\s+$",
    re.IGNORECASE,
)
COPY_MODEL_SAME: Final = LazyPattern(
    r"\bsame\s+(?:(?:level\s+of\s+)?(?:access|rights|permissions|setup|set-up|privileges|perms)\s+)?$",
    re.IGNORECASE,
)
COPY_MODEL_AFTER: Final = LazyPattern(r"(?:['’]s)?\s+(?:has|have|had|holds|gets|got|does)\b", re.IGNORECASE)

# --- nlu88 (red team 55, classes 4-7): an end said for one step, dropped, starting later, or later than said
_NLU88_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_NLU88_DAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri)"
)
_NLU88_DATE = (
    # (a bare number is no date: "access to 2 mailboxes"; an ordinal or a month makes it one)
    r"(?:\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)(?:\s+(?:of\s+)?"
    + _NLU88_MONTH
    + r")?|\d{1,2}\s+(?:of\s+)?"
    + _NLU88_MONTH
    + r"|"
    + _NLU88_MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?|"
    + _NLU88_DAY
    + r"|tomorrow|today|tonight|eod|eow|eom|cob"
    r"|the\s+end\s+of\s+(?:the\s+)?\w+|end\s+of\s+(?:the\s+)?\w+)"
)
# "through 20 March", "thru Friday": an end said as END_WORD_SAID's "until", read where that is (rules:
# asked when no step took it, never a grant for good; nlu166: batch 54's "only needed through 20 March")
NLU166_THROUGH_END: Final = LazyPattern(
    r"\b(?:through|thru)\s+(?:" + _NLU88_DATE + r")\b[^.;!?\n]*", re.IGNORECASE
)
# an end said in other words than "until" (nlu88, red team 55 class 5): "ends Friday", "(exp. 20/3)",
# "Expires: 06.03.2026", "End date: 20 March", "end 20/3", "to 15/03", "to the end of the quarter", "should be
# removed by Friday", "lapse after a month", "this week only", "this week and next", "for about a month", "for
# 1-2 weeks", "for one (1) week", "2 weeks max", "for March". With a giving step planned for good, an end was
# said and none read: asked [expires], never a grant for good. ("month-end close", "Forget the end date",
# "did it expire?", "he's leaving end of week": no end of the change said)
END_CUE_NLU88: Final = LazyPattern(
    # a length said in words the durations do not read ("for hrs", "for week 12", "for 2 more hours", "for a
    # one-week period", "for the hour-long call", "9-5 today"; red team 57): asked, never for good
    r"\bfor\s+(?:hrs|hours)\b|\bfor\s+(?:the\s+)?week\s+\d"
    r"|\bfor\s+(?:\d+|a|an|one|two|few)\s+more\s+(?:hours?|days?)\b"
    r"|\bfor\s+(?:another|under\s+an?|less\s+than\s+an?)\s+(?:hour|hr|day)\b|\bhour-long\b|-week\s+period\b"
    r"|\b\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s*[-–]\s*\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+today\b"
    r"|\btoday\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)\s*[-–]|\boffice\s+hours\b"
    r"|(?<![-\w])(?:ends|ending|expires|expiry|expiring|expiration|exp\.)\s*[:(-]?\s*(?:on\s+|at\s+|in\s+)?"
    r"(?:" + _NLU88_DATE + r"|\d)"
    r"|\b(?:lapse|lapses|lapsing)\b"
    r"|\bend(?:\s+date)?\s*:\s*\S|\bend\s+\d{1,2}[./]\d"
    r"|\bto\s+(?:" + _NLU88_DATE + r")\b"
    # ("removed by mistake", "removed by accident": how it went, no end; nlu90)
    r"|\bremov(?:e|ed)\s+(?:it\s+|this\s+|them\s+|the\s+access\s+)?(?:by(?!\s+(?:mistake|accident|error)\b)"
    r"|after|on|before)\b"
    r"|\b(?:this|next)\s+(?:week|month|quarter|fortnight)\s+(?:only|and\s+next)\b"
    r"|\b(?:only|just)\s+(?:(?:needed|required|wanted|for)\s+)?(?:this|next)\s+(?:week|month|quarter)\b"
    r"|\bfor\s+(?:about|around|roughly|approx\w*\.?|maybe|up\s+to|at\s+most)\s+(?:a|an|one|two|three|\d)"
    r"|\bfor\s+\d+\s*[-–/]\s*\d+\s+\w+|\bfor\s+(?:a|an|one|two|three|four|\d+)\s*\(\d+\)\s*\w+"
    r"|\b\d+\s*(?:days?|weeks?|wks?|months?)\s+(?:max|maximum|tops|at\s+most)\b"
    r"|\b(?:for|during|throughout)\s+(?:the\s+(?:whole|entire)\s+of\s+|all\s+of\s+)?"
    + _NLU88_MONTH
    + r"\b(?!\s+\d)",
    re.IGNORECASE,
)
# a vague end (nlu88, red team 55 class 5): "as cover", "pending the new hire", "during the migration",
# "while he covers the queue", "only while she's covering", "after the audit", "only for the campaign",
# "temp access", "for a bit": a span of the grant whose end is no date; asked [expires]. (A cover or an
# absence told as why, "Ken is covering for Olivia", "Olivia is away", stays a reason, as the corpus labels
# it: ABSENCE_COVER_BEFORE, nlu75_away_end.)
_NLU88_EVENT = (
    r"(?:campaign|migration|audit|cutover|cut-over|trial|secondment|new\s+hire|offsite|off-site|rollout|"
    r"roll-out)"
)
VAGUE_END_NLU88: Final = LazyPattern(
    r"\bas\s+(?:a\s+)?cover\b|\bpending\s+(?:the|a|his|her)\b"
    r"|\b(?:during|after|until|till|throughout|pending|at)\s+(?:the|this|his|her|our)\s+(?:\w+\s+)?"
    + _NLU88_EVENT
    + r"\b"
    r"|\bonly\s+(?:while|whilst|during|for\s+the)\b"
    r"|\b(?:while|whilst)\s+(?:§\d+§|he|she|they|i|[A-Z]\w*)(?:['’]s|\s+is|['’]m|\s+am)?\s+cover(?:s|ing)?\b"
    r"|\btemp\s+(?:access|rights?|permissions?)\b|\bsecondment\s+ends\b"
    # (nlu111, red team 65) a cover of someone's absence or of a period's close, "he's covering Maria's
    # leave", "so he can cover month-end": the grant lasts as long as that absence or close, which no date
    # says (a cover told with no absence, "Ken is covering for Olivia", stays a reason)
    # (nlu130: the one away named in full, "to cover Emma Wilson's absence", red team 71 granted for good)
    r"|\bcover(?:s|ing|ed)?\s+(?:for\s+)?(?:(?:[A-Z]\w*\s+)?[A-Z]\w*['’]s|his|her|their)\s+(?:\w+\s+)?"
    r"(?:leave|absence|vacation|holidays?|sabbatical|time\s+off)\b"
    # (nlu130, red team 71 class 4) the grant's own purpose, a cover of someone while they are away ("give Ava
    # full access to sales@ to cover Emma Wilson while she's out"): the access is for that absence, whose end
    # no date says (a cover told as a statement of its own, "Noah is covering for Emma while she is away.
    # Give him ...", stays a reason, as the corpus reads it)
    r"|\bto\s+(?:cover|stand\s+in|fill\s+in|step\s+in|sub)(?:\s+(?:for\s+)?(?:him|her|them|\w+(?:\s+\w+)?))?"
    r"\s+(?:while|whilst|when)\s+(?:he|she|they|\w+(?:\s+\w+)?)\s*(?:['’]s|['’]re|\s+is|\s+are|\s+will\s+be)?"
    r"\s*(?:away|off|out|absent|sick|ill|on\s+(?:\w+\s+)?(?:leave|holidays?|vacation|sabbatical|pto))\b"
    # (a grant said to be only for one act of fetching, "just to pull the forecast emails", "only so he can
    # export the invoices", "long enough to grab the contracts": done once, the access is no longer wanted;
    # red team 65 found it granted for good)
    r"|\b(?:(?:just|only)\s+(?:to|so\s+(?:that\s+)?(?:he|she|they|i|we)\s+can)|long\s+enough\s+to)\s+"
    r"(?:pull|grab|fetch|export|download|retrieve|copy|recover|collect|extract|dig\s+out|save)\b"
    # (the period itself, not a standing task named by it: "covers month-end reporting" is a duty)
    r"|\bcover(?:s|ing)?\s+(?:the\s+)?(?:month|quarter|year)[\s-]?end\b"
    r"(?!\s+(?!(?:for|and|while|please|pls|too|as|so|then|this|next|again)\b)[a-z])"
    # ("Maria Garcia is out so he's covering": the cover of that absence, as "Priya's out sick today and
    # I'm covering" is read, nlu85)
    r"|\b(?:is|are|['’]s)\s+(?:out|away|off)(?:\s+sick)?\b[^.;!?\n]{0,30}?\b(?:so|and)\s+"
    r"(?:he|she|they)(?:['’]s|\s+is|\s+are|['’]re|\s+will\s+be)\s+covering\b(?!\s+for\b)"
    # (his status said to end: "he's an intern until June", "she's a contractor till the 20th": the access
    # for that role ends with it; the end of a status is no end of the grant the planner may read as one)
    r"|\b(?:he|she|they)(?:['’]s|['’]re|\s+is|\s+are)\s+(?:an?\s+|our\s+|the\s+)?(?:\w+\s+)?"
    r"(?:intern|contractor|temp|trainee|apprentice|consultant|freelancer|secondee|placement\s+student|"
    r"working\s+student|here|with\s+us|on\s+(?:the\s+)?team)\s+(?:until|till|til|through|thru)\b",
    re.IGNORECASE,
)
# a later start (nlu88, red team 55 class 6): "9-13 March", "in April", "over Easter", "on the 9th for a
# week", "Out from the 9th", "on holiday from Friday", "start 9/3", "Dates: 9/3 - 13/3", "Conference next
# week", "the week of the 16th", "tomorrow for a day": a change cannot be scheduled to start later; granted
# now it starts before it was asked, and with no end it outlasts it. Asked [expires] whatever end was read.
# ("From next week I will be handling invoices, so I need send as", "From Monday I am covering": a start told
# as why, planned now, as the corpus labels it; "by Friday", "before Monday": deadlines, planned now)
LATER_START_NLU88: Final = LazyPattern(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _NLU88_MONTH + r"\b"
    r"|\b\d{1,2}/\d{1,2}\s*[-–]\s*\d{1,2}/\d{1,2}\b"
    r"|\b(?:in|for|throughout|during)\s+(?:the\s+month\s+of\s+)?(?:apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?!\s+\d)"
    r"|\b(?:over|at|for|during)\s+(?:the\s+)?(?:easter|christmas|xmas|summer\s+holidays?)\b"
    r"|\bfrom\s+the\s+\d{1,2}(?:st|nd|rd|th)\b"
    # ("access to Billing from the end of the month", "as of the end of the week": its start, never its end)
    r"|\b(?:from|as\s+of|starting|beginning)\s+(?:the\s+)?end\s+of\b"
    r"|\bstart(?:s|ing)?\s+(?:on\s+)?\d{1,2}[/.]\d{1,2}\b"
    r"|\bdates\s*:\s*\d"
    r"|\bthe\s+week\s+of\b"
    r"|\b(?:on\s+the\s+\d{1,2}(?:st|nd|rd|th)|tomorrow|on\s+"
    + _NLU88_DAY
    + r")\s+for\s+(?:a|an|one|two|three|"
    r"four|five|six|seven|a\s+couple\s+of|\d+)\b",
    re.IGNORECASE,
)
# an end later than said or guessed (nlu88, red team 55 class 7 and borderline): an hour or part of a day
# said with the end ("till March 31, 2026 5pm", "until Friday morning") that the end of the day would pass;
# "for the month of March" (read as a month from now); a rough length ("for a week or so", "for a few weeks",
# "for the next few days"); "for the day": asked [expires], never an end later than said nor a guess
END_ROUGH_NLU88: Final = LazyPattern(
    r"\b(?:until|till|til|thru|through|ends?|ending|expir\w*)\s+[^.;!?\n]{0,30}?(?:\b\d{1,2}(?::\d{2})?\s*"
    r"(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b(?:morning|noon|midday|lunch\w*|afternoon|evening)\b)"
    r"|\bmonth\s+of\s+" + _NLU88_MONTH + r"\b"
    r"|\bfor\s+(?:a|an|one|two|three|\d+)\s+\w+\s+or\s+so\b|\bfor\s+(?:a|the\s+next)\s+few\s+(?:days?|weeks?|months?)\b"
    # (nlu92, red team 57 LOW) a length said as a range, "for a day or two", "for 2 or 3 days", "the next few
    # hours": which end is meant is not said; never the shorter (or longer) one chosen
    r"|\bfor\s+(?:a|an|one|\d+|two|three)\s+(?:\w+\s+)?or\s+(?:two|three|four|\d+)\b"
    r"|\bfor\s+the\s+next\s+few\s+hours?\b"
    r"|\bfor\s+several\s+(?:days?|weeks?|months?)\b|\bfor\s+the\s+day\b(?![-\w])",
    re.IGNORECASE,
)
# one end said for one of several steps (nlu88, red team 55 class 4): a pronoun or a name in the end's own
# sentence or clause ("she only needs it for a week", "Billing only until Friday", "He needs it until Friday")
END_FOR_ONE_NLU88: Final = LazyPattern(
    r"\b(?:he|she|him|her|his)\b"
    r"|\b(?!(?:it|this|that|these|those|them|they|we|you|i|is|are|was|be|needed|required|wanted|access|both|all|"
    r"each|and|but|please|pls)\b)[a-z][\w@.-]*\s+only\b",
    re.IGNORECASE,
)
# "Lucas's contract ends on 13 March. Please remove him from Contractors ..., and forward his mail to Mia":
# a leaver's last day, told; beside a removal it is when they go, never an end of the forwarding or of
# anything else asked (the writers' convention; nlu123 asked the end)
LEAVER_LAST_DAY_TOLD: Final = LazyPattern(
    r"(?:\b(?:his|her|their)|['’]s)\s+(?:(?:fixed[- ]term|temp(?:orary)?|consulting)\s+)?"
    r"(?:contract|employment|engagement|last\s+(?:day|working\s+day)|notice(?:\s+period)?|tenure|placement"
    r"|assignment|secondment|internship)\s+(?:ends|finishes|runs\s+out|expires|will\s+end|is|will\s+be|was)"
    r"\s+(?:on\s+)?(?:[^.;!?\n]{0,30}?)(?=[.;!?\n]|$)",
    re.IGNORECASE,
)
END_NLU88_ASK: Final = (
    "The request says an end ({said!r}) that I cannot set as said for each change (it is rough, starts "
    "later, is for only one of the changes, or was not read as a date): until when should each change last? "
    'Say the end with each change (for example "give Tom access to Support until Friday 6 March"), or ask '
    "for it with no end."
)
YEAR_SAID_NLU88: Final = LazyPattern(
    r"\b20\d\d\b|\bnext\s+year\b|\b(?:a|one|1|12|twelve)\s+(?:year|months)\b", re.IGNORECASE
)
# the verb that plans a step, in the end's sentence: the end is then that step's (and, said last, every
# step's before it), not a later word about one of them
GIVING_VERB_NLU88: Final = LazyPattern(
    r"\b(?:give|grant|add|share|forward|fwd|redirect|put|let|set\s+up|access\s+to)\b", re.IGNORECASE
)
# "next week" said as when the change is wanted ("Give Emma access to Sales next week", "Conference next
# week - forward my email"): in the part of a giving verb, or in a part with no verb at all; told in a
# statement ("Ken is covering for Olivia next week, give Ken ...", "she's doing the audit next week") it is a
# reason, as the corpus labels it (nlu88)
NEXT_WEEK_NLU88: Final = LazyPattern(
    r"(?<!until\s)(?<!till\s)(?<!\bby\s)(?<!\bto\s)(?<!through\s)(?<!thru\s)(?<!\bof\s)(?<!from\s)(?<!the\s)"
    r"\bnext\s+week\b(?!\s+(?:only|and)\b)",
    re.IGNORECASE,
)
NEXT_WEEK_PART_NLU88: Final = LazyPattern(r"[,.;:!?\n()]|\s[-–—]\s")
# the words of a part that says a change, in the end's sentence (the end is then said with the changes)
CHANGE_WORDS_NLU88: Final = LazyPattern(
    r"\b(?:give|grant|add|share|forward|fwd|redirect|access|send\s+as|send\s+on\s+behalf|membership|member|"
    r"calendar|editor|reviewer|mailbox|inbox)\b",
    re.IGNORECASE,
)
# a line that closes a mail: what is said after it is read apart from the request, and an end there is
# still the request's (red team 55: "Regards,\nSarah\n...\nOnly till Friday pls")
SIGN_OFF_LINE_NLU88: Final = LazyPattern(
    r"^\s*(?:(?:kind\s+|best\s+|warm\s+)?regards|best|thanks|thank\s+you|thx|cheers|ta|sent\s+from\s+my\b|--|"
    r"p\.?\s?s\b)[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# every step said to share the end ("Both for one week.", "all until Friday")
ALL_STEPS_NLU88: Final = LazyPattern(
    r"\b(?:both|all\s+of\s+(?:them|these|it)|each|everything)\b", re.IGNORECASE
)
# an end said last for every step before it, in a clause of the same sentence ("..., both for two weeks
# starting today", "; each until Friday"; a sentence of its own, "Both until Friday.", stays nlu88's ask):
# every giving step's end (rules._end_said_for_both; nlu90)
END_FOR_EVERY_STEP: Final = LazyPattern(
    r"[,;-]\s*(?:and\s+)?(?:both|each|all\s+of\s+them|all\s+three)\s+"
    r"(?P<end>(?:for|until|till|til|through|thru)\b[^.;!?\n,]*)[.!]?\s*$",
    re.IGNORECASE,
)
# a sentence that adds a step "too" ("Send as too.", "Forward Liam's mail to him as well.") after one said
# with an end (nlu88, red team 55 class 5)
TOO_SENTENCE_NLU88: Final = LazyPattern(r"\b(?:too|as\s+well|also)\b", re.IGNORECASE)

# ---- nlu87 (red team 55, classes 1 and 2): a status said of the request or of one part; who is speaking ----
# A status word that stops a request: refused, cancelled, held, a duplicate (halts.py)
_NLU87_HALT_WORD = (
    r"(?:rejected|declined|denied|refused|cancell?ed|withdrawn|void(?:ed)?|duplicate|dupe|on\s+hold"
    r"|not\s+approved|disapproved)"
)
# The whole request marked with one, apart from its words: "-- REJECTED", "[DUPLICATE]", "DUPLICATE: ...",
# ". Rejected by Olivia." (a reason after a dash, "- not needed anymore", is a removal's why: not here)
NLU87_WHOLE_HALT: Final = LazyPattern(
    r"(?:please\s+|pls\s+|status\s*[:\-]\s*)?(?:marked\s+(?:as\s+)?)?"
    # (nlu108) a thumbs-down said alone, as a chat reply ("[10:04] Mike: 👎"), is a refusal by sign
    + r"(?:"
    + _NLU87_HALT_WORD
    + r"|(?:\U0001F44E[\U0001F3FB-\U0001F3FF]?\s*)+|:thumbsdown:|:-1:)"
    + r"(?:\s+(?:by|per)\s+[A-Za-z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?)?\s*[.!]*",
    re.IGNORECASE,
)
# where such a mark stands apart: a line, a sentence, a bracket, after a dash, before a colon opening it
NLU87_APART: Final = LazyPattern(
    r"\n+|(?<=[.!?])\s+|\s+[-–—]{1,2}\s+|\s*\[\s*|\s*\]\s*|\s*\(\s*|\s*\)\s*|^(?=[^:\n]{1,20}:)|(?<=:)\s+",
)
# "Please disregard: give Ken ...", "Ignore this - give ...": what follows is taken back as it is said
# ("Please disregard my last email; give Ken ..." takes back something else: not here)
NLU87_DISREGARD_OPENER: Final = LazyPattern(
    r"^\s*(?:please\s+|pls\s+)?(?:disregard|ignore)(?:\s+(?:this|the\s+following|below))?\s*(?::|[-–—]+)\s*\S",
    re.IGNORECASE,
)
# ", but not yet", "- just not yet": the change is asked for later, when is not said (asked)
NLU87_NOT_YET: Final = LazyPattern(
    r"[,;]\s*(?:but|just|only|though)\s+not\s+(?:yet|now|today|right\s+now)\b|\bnot\s+yet\s*[.!]*\s*$",
    re.IGNORECASE,
)
NLU87_NOT_YET_SAY: Final = (
    "The request says {said!r}: the change is not wanted now, and when it is wanted is not said. Send it "
    "again when it should be made, or say from when."
)
# A ticket update under the request that takes the whole request back: "Update 02/03 11:14 - Ken no longer
# needs this, please close", "UPDATE: Ken has left the company", "UPDATE: done already, ignore"
NLU87_UPDATE_LINE: Final = LazyPattern(
    r"^[ \t]*(?:>[ \t]*)*(?:ticket[ \t]*#?[ \t]*\w+[ \t]*[-–—:][ \t]*)?"
    r"(?P<key>status|state|update[ds]?|comment|note|resolution)"
    r"(?:[ \t]+[\d/.:\-]+)*[ \t]*[:\-–—][ \t]*(?P<body>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
NLU87_UPDATE_HALT: Final = LazyPattern(
    r"\b(?:no\s+longer\s+(?:needs?|wants?|requires?)\s+(?:this|it|that|the\s+access)"
    r"|(?:doesn['’]?t|does\s+not|don['’]?t|do\s+not)\s+need\s+(?:this|it|that)(?:\s+any\s?more)?"
    r"|please\s+close|close\s+(?:this|the\s+ticket|it)"
    r"|has\s+left(?:\s+the\s+(?:company|business|firm|organi[sz]ation))?\s*[.!]*$"
    r"|left\s+the\s+(?:company|business|firm)|(?:done|sorted|actioned)\s+already|already\s+(?:done|sorted|actioned)"
    r"|(?:please\s+)?(?:ignore|disregard)(?:\s+(?:this|it|the\s+request))?\s*[.!]*$)"
    # (nlu108) "UPDATE: request withdrawn", "Update - ticket cancelled": the request itself said halted
    r"|^\s*(?:(?:the|this|my|our)\s+)?(?:request|ticket|change|access\s+request)?\s*(?:is\s+|was\s+|has\s+been\s+)?"
    + _NLU87_HALT_WORD
    + r"\b",
    re.IGNORECASE,
)
NLU87_HALT_SAY: Final = (
    "The request is marked {said!r}: it is refused, cancelled, taken back or a duplicate, so nothing is "
    "planned. Send it again if it should go ahead."
)
# A status said of one part: that part is dropped, read as "Not Billing." ("Billing: on hold", "Status of
# Billing: rejected", "(Billing pending approval)", "Mike said no to Billing", "cancel the Billing one",
# "Ken no longer.", "Ken: cancelled", "Actually, leave Marketing."); the part must be one the request names
# before (a "cancel Ken's Billing access" of something not asked for is a change of its own)
_NLU87_PART = r"(?P<what>[A-Za-z][\w@.'&-]*(?:\s+[A-Z][\w@.'&-]*)?)"
_NLU87_PART_HALT = _NLU87_HALT_WORD[:-1] + r"|pending(?:\s+approval)?|awaiting\s+approval)"
# (nlu92) several parts said together: "leave Marketing and all-sales" (halts._parts_dropped drops each)
_NLU92_PARTS = (
    r"(?P<what>[A-Za-z][\w@.'&-]*(?:\s+[A-Z][\w@.'&-]*)?"
    r"(?:\s*(?:,\s*(?:and\s+)?|\s(?i:and|&)\s+)[A-Za-z][\w@.'&-]*(?:\s+[A-Z][\w@.'&-]*)?)*)"
)
NLU87_PART_HALTED: Final = LazyPattern(
    # "Billing: on hold.", "Status of Billing: rejected", "Ken: cancelled" (a sentence or line of its own)
    r"(?:^|(?<=[.!?;\n]))[ \t]*(?i:status\s+(?:of|for)\s+(?:the\s+)?)?"
    + _NLU87_PART
    + r"(?:\s+(?:one|part|access|request))?\s*:\s*(?i:"
    + _NLU87_PART_HALT
    + r")\b[ \t.!]*"
    # "(Billing pending approval)", "(Billing on hold)"
    r"|\s*\(\s*" + _NLU87_PART.replace("what", "what2") + r"\s+(?i:(?:is\s+)?" + _NLU87_PART_HALT + r")\s*\)"
    # ", cancel Billing", ". Cancel the Billing one.", "- Mike said no to Billing", "; Olivia rejected it"
    r"|(?:[,;.]|\s[-–—]|\band\b)\s*(?i:but\s+|please\s+|pls\s+|actually[,\s]+)?"
    r"(?:(?i:cancel\s+(?:the\s+)?)"
    r"|[A-Z][\w'-]*\s+(?i:(?:said\s+no\s+to|refused|rejected|declined|denied|(?:did\s+not|didn['’]?t)\s+approve)"
    r"\s+(?:the\s+)?))"
    + _NLU87_PART.replace("what", "what3")
    + r"(?i:\s+(?:one|part|bit|request|access|grant))?(?=\s*(?:[.!;,]|$))"
    # "Ken no longer.", "Actually, leave Marketing." (leave: as it is, whatever the change)
    r"|(?:^|(?<=[.!?;\n]))[ \t]*"
    + _NLU87_PART.replace("what", "what4")
    + r"\s+(?i:no\s+longer)(?=\s*(?:[.!;]|$))"
    r"|(?:^|(?<=[.!?;\n]))[ \t]*(?i:(?:actually|wait|sorry|on\s+second\s+thoughts?)[,\s]+leave\s+(?:out\s+)?)"
    # ("leave Marketing and all-sales", "leave Sam Taylor in", "leave Sales as is": each part kept as it is)
    + _NLU92_PARTS.replace("what", "what5")
    + r"(?i:\s+(?:out|alone|in|be|as\s+(?:it\s+)?is|where\s+(?:it|he|she|they)\s+(?:is|are)"
    r"|untouched|unchanged))?"
    r"(?=\s*(?:[.!;]|$))",
    re.MULTILINE,
    # (each part above holds one of these: a status after a colon, a bracket, the word that refuses it, "no
    # longer", "leave")
    cue=r"[:(]|(?i:cancel|said\s+no\s+to|refused|rejected|declined|denied|approve|no\s+longer|leave)",
)
NLU87_PART_HALTED_SAY: Final = r". Not {what}. "
# (nlu98, red team 59 U3) A Subject or P.S. line, which the reading of a request's sentences cuts or never
# sees: a status said there holds the request as one said under it does ("Subject: ON HOLD - Tom access",
# "P.S. don't do this until Priya approves", "PS - hold off until Monday": no end, nothing is made now)
NLU98_HEADER_LINE: Final = LazyPattern(
    r"^[ \t]*(?:>[ \t]*)*(?P<key>subject|subj|p\.?[ \t]?p\.?[ \t]?s|p\.?[ \t]?s)\b\.?[ \t]*"
    r"(?::|[-–—]+)?[ \t]*"
    r"(?P<body>[^\n]+)$",
    re.IGNORECASE | re.MULTILINE,
)
NLU98_HEADER_HOLD: Final = LazyPattern(
    r"\b(?:do\s+not|don['’]?t|dont|never)\s+(?:yet\s+)?(?:process|action|do|proceed|execute|implement|make|apply"
    r"|start|go\s+ahead)\b|\bhold\s+(?:off|on|back)\b|\bnot\s+(?:yet|now|approved|needed)\b"
    r"|\bon\s+hold\b|\bwait(?:ing)?\s+(?:for|until|till|on)\b|\buntil\s+[^\n]*\bapproves?\b"
    # (nlu100) "Subject: HOLD", "P.S. hold this one till Monday", "Please sit on this", "sent by mistake",
    # "not to be actioned", "[PENDING]", "not until Priya says so", "Scratch all that, Mike says no"
    r"|^\W*hold\W*$|\b(?:hold|sit\s+on)\s+(?:this|it|that)\b|\bsent\s+(?:by\s+(?:mistake|accident)|in\s+error)"
    r"|\bnot\s+to\s+be\s+(?:actioned|processed|done|acted\s+on|made|applied|granted)\b"
    r"|\bnot\s+(?:until|till|before)\b|\b(?:scratch|scrap|nix|forget|cancel)\s+(?:all\s+)?(?:of\s+)?(?:that|this|it)\b"
    # ("[PENDING] Tom access" or "PENDING - ..." marks the request; "Pending access request for Tom" names it)
    r"|\b(?:says?|said)\s+no\b|^\W*pending\s*(?:$|[:\-–—])|\[\s*pending\s*\]"
    # (nlu108) "Subject: [Hold] Tom Becker Billing", "Subject: FYI only: ...": marked held, or told for
    # information only (no change asked)
    r"|\[\s*(?:on[\s-]+)?hold\s*\]|\bfyi\s+only\b|\bfor\s+(?:your\s+)?information\s+only\b"
    r"|\bno\s+action\s+(?:needed|required)\b"
    # ("Subject: Access denied on Sales" reports an error the request is about: not a hold)
    r"|(?<!access\s)\b(?:cancell?ed|rejected|denied|refused|declined|withdrawn|voided|duplicate|dupe|blocked"
    r"|deferred|postponed|parked|vetoed|tbd|draft|ignore|disregard)\b(?!\s+(?:from|out|sender|user|error))",
    re.IGNORECASE,
)
# (nlu100) what only sounds like a hold in a Subject or P.S.: the hold said not to be ("No need to hold
# off", "Don't wait for Mike, it's approved", "Tom can't wait for access"), a wait or block reported
# ("he's been waiting on this for weeks", "this was blocked last time"), the problem the request is to
# solve ("Not yet sorted - Tom"); cut before the hold is looked for
NLU100_HEADER_NOT_HELD: Final = LazyPattern(
    r"\b(?:no\s+need\s+to|don['’]?t|do\s+not|needn['’]?t|can['’]?t|cannot|won['’]?t)\s+(?:hold|wait|sit)\b[^,.;\n]*"
    r"|\bbeen\s+waiting\b[^,.;\n]*"
    r"|\b(?:was|were|got|had\s+been)\s+(?:blocked|denied|rejected|refused|declined|held)\s+(?:last\s+time|before"
    r"|previously|earlier)\b"
    r"|\bnot\s+yet\s+(?:sorted|done|fixed|resolved|working|set\s+up|granted|given|actioned|had)\b",
    re.IGNORECASE,
)
# (nlu100) a hold in the Subject the request itself says is lifted ("Subject: Re: denied ...", "approved now")
NLU100_HOLD_LIFTED: Final = LazyPattern(
    r"\b(?:(?:is|it['’]s|now|has\s+(?:now\s+)?been)\s+approved|approved\s+now|(?:it['’]s|is)\s+fine\s+now"
    r"|go\s+ahead\s+now|now\s+(?:ok|okay|cleared|approved))\b",
    re.IGNORECASE,
)
NLU98_HEADER_HOLD_SAY: Final = (
    "The request's {key} says {said!r}: it is held, refused or not meant to be made now, so nothing is "
    "planned. Send it again when it should go ahead."
)
NLU98_HEADER_HOLD_ASK: Final = (
    "The request's {key} says {said!r} of something the request names: say what should go ahead now, and "
    "what not."
)
# (nlu98) A change said to wait for something that is not a date ("when his training is done", "from the
# day he starts", "once he joins", "when Ken hands over"): when it may be made is not known (asked), never
# made now (and the one who hands over is no trustee: red team 62 granted Ken)
NLU98_CONDITION: Final = LazyPattern(
    r"\b(?:(?:when|once|after|as\s+soon\s+as|from\s+(?:the\s+(?:day|moment|time)\s+|when\s+)?|on\s+the\s+day"
    r"|the\s+day)\s+(?:(?:that\s+)?(?:he|she|they|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
    r"(?:starts?|joins?|begins?|arrives?|returns?|comes?\s+back|is\s+back|gets?\s+back|is\s+(?:done|finished|"
    r"trained|ready|onboarded)|finishes|completes|passes|moves|transfers|leaves|hands?\s+over|takes?\s+over)"
    r"|(?:his|her|their|the|[A-Z][a-z]+['’]s)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:is|are|has\s+been|have\s+been|gets?)\s+"
    r"(?:done|finished|complete[d]?|over|through|approved|signed(?:\s+off)?|ready|sorted))"
    # (nlu100) an event of his job named, not dated: "after his probation ends", "on his first day", "from his
    # start date", "after onboarding" (red team 62: granted now)
    r"|(?:after|on|from|upon|following|once|at|as\s+of|as\s+from|effective)\s+(?:upon\s+|on\s+|from\s+)?"
    r"(?:(?:his|her|their|the|[A-Z][a-z]+['’]s)\s+)?"
    # ("on the first day of March" is a date)
    r"(?:probation(?:ary)?(?:\s+period)?|first\s+day(?!\s+of\b)|start(?:ing)?\s+date|onboarding|induction|orientation"
    r"|training(?:\s+period)?|notice\s+period|handover|hand-over"
    # (nlu111, red team 65 granted now: "as of his return from leave", "after the reorg", "effective upon
    # contract signature", "after his background check": a return, a reorganisation, a signature, a check)
    r"|return(?:\s+from\s+(?:\w+\s+)?(?:leave|holiday|vacation|sabbatical|secondment))?"
    r"|re-?org(?:ani[sz]ation)?|restructur(?:e|ing)|contract\s+(?:signature|signing)|signing\s+of\s+\w+(?:\s+\w+)?"
    r"|background\s+check|security\s+(?:check|clearance|vetting)|nda)"
    # ("reviewer on the training room diary", "the onboarding mailbox": the word names a thing, not an event)
    r"(?!\s+(?:room|rooms|centre|center|calendar|diary|mailbox|mailboxes|inbox|list|dl|team|group|materials?"
    r"|docs?|documents?|folder|files?|site|channel|budget|plan|schedule|notes?|deck|slides?|course|courses"
    r"|portal|account|sessions?|coordinator|manager|lead|records?|queue|tracker|checklist)\b)"
    r"(?:\s+(?:ends|is\s+over|finishes|is\s+done|is\s+complete|completes))?)\b"
    # (nlu130, red team 71 class 11) a reply or a return awaited, "when he replies from his holiday", "once
    # she's back", "after Liam replies": no date mailwarden can wait for (granted now, and "after Liam
    # replies" gave Liam the access too). A reply said from a mailbox ("when he replies from helpdesk@")
    # tells the situation (NLU125_WHEN_SITUATION), never a wait
    r"|\b(?i:when|once|after|as\s+soon\s+as)\s+(?:that\s+)?(?:(?i:he|she|they)|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
    r"(?:replies|responds|answers|writes\s+back|gets\s+back(?:\s+to\s+(?:me|us|you))?"
    r"|(?:is|gets|comes)\s+back(?=\s+from\b))"
    r"(?:\s+from\s+(?:(?:his|her|their|the)\s+)?(?:\w+\s+)?(?:holidays?|leave|vacation|sabbatical|trip|break"
    r"|time\s+off|travels?))?"
    r"(?=\s*(?:[,.;:!?)]|$|\s[-–—]\s|\s+(?:and|but|please|pls|thanks)\b))"
    # (the requester's own return, "remove it when I'm back", is the end of what they hand over: VAGUE_END)
    r"|\b(?i:when|once|after|as\s+soon\s+as)\s+(?i:he|she|they)['’](?:s|re)\s+back\b",
)
# (nlu130) the wait said as when someone will do their own part ("- she'll confirm when she replies from her
# holiday"): that promise is context, the change itself waits for nothing
NLU130_PROMISE_BEFORE: Final = LazyPattern(
    r"(?:^|[,;:.!?(\n]|\s[-–—])\s*(?:and\s+)?(?:he|she|they|i|we|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"(?:['’]ll|\s+will|\s+(?:is|are|am)\s+going\s+to|\s+can)\s+(?:confirm|reply|respond|answer|get\s+back"
    r"|let\s+(?:you|us|me)\s+know|check|test|acknowledge)(?:\s+(?:it|this|that|back|receipt|to\s+\w+))*\s*$",
    re.IGNORECASE,
)
NLU98_CONDITION_ASK: Final = (
    "The request says {said!r}: from when should the change be made? Send it again then, or give the date."
)
# (nlu98) What is marked as no request of its own ("Draft: give ...", "Test: ...", "Example request: ..."):
# nothing is made. ("Would it be ok to give ...?" stays a polite request, as the corpus reads it)
NLU98_NOT_A_REQUEST: Final = LazyPattern(
    r"^\s*(?:(?:(?:a|an|the)\s+)?(?:draft(?:ing)?|test(?:ing)?|example|sample|template|dummy|mock|e\.g\.)"
    r"(?:\s+(?:request|ticket|e-?mail|message|text|only))?\s*(?::|[-–—]+)"
    # (nlu100) "[DRAFT] Give ...", "(draft) Give ...", "For example, give ...", "E.g. give ...", "Just
    # testing, give ...", "This is a test. Give ..." (red team 62: granted)
    r"|[\[(]\s*(?:draft|test|example|sample|template)\s*[\])]\s*[:\-–—]?"
    r"|(?:for\s+(?:example|instance)|e\.\s?g\.?|just\s+(?:a\s+)?test(?:ing)?|only\s+(?:a\s+)?test(?:ing)?)\s*[,:.]?"
    r"|this\s+is\s+(?:just\s+|only\s+)?a\s+test\s*[.!:,;-])\s*\S",
    re.IGNORECASE,
)
NLU98_NOT_A_REQUEST_SAY: Final = (
    "The request is marked {said!r}: it is an example or a draft, not a request, so nothing is planned."
)
# (nlu98) What else is said of a part the request names, in a sentence of its own, in the passive ("Billing
# was flagged by audit", "Billing's been escalated"): a status the words above do not know; whether that
# part goes ahead cannot be told (asked). Said to want it ("Billing is needed too"), it asks for it.
NLU98_PART_STATE_SAID: Final = LazyPattern(
    r"(?:^|(?<=[.!?;\n]))[ \t]*(?:[-–—]+[ \t]*)?(?:(?i:the)\s+)?"
    r"(?P<what>[A-Z][\w@&-]*(?:\.[\w-]+)*(?:\s+[A-Z][\w@&-]*(?:\.[\w-]+)*)?)"
    r"(?:['’]s\s+been|\s+(?i:is|was|has\s+been|got|were|are|have\s+been))\s+"
    r"(?i:(?:still|now|also|currently|just)\s+)?"
    r"(?!(?i:needed|wanted|required|requested|included|added|asked|covered|named|called|known|used|based"
    r"|shared|owned|managed|run|given|granted|meant|listed|located|handled|copied|cc['’]?e?d|informed"
    r"|approved|agreed|okay?ed|ok['’]?d|cleared|authori[sz]ed|confirmed|signed|moved|transferred|promoted"
    r"|hired|onboarded|started|joined|trained|based|affected|involved|concerned|relieved|seated|employed"
    # (nlu100) an oversight reported, the reason for the request: "Billing was forgotten last time"
    r"|forgotten|missed|overlooked|omitted)\b)"
    r"(?P<state>(?i:[a-z]+ed|[a-z]+en))\b[^.!?;\n]*(?=[.!?;\n]|$)",
    re.MULTILINE,
)
NLU98_PART_STATE_ASK: Final = (
    "The request says {said!r} of a part it asks for: should that part go ahead now? Say what should be done."
)
# (nlu98) A part the request names, taken up again as a topic with a comment of its own ("Billing - check
# with Mike first", "Billing? Not sure.", "Billing: maybe."): what the comment says of it is not read, so
# whether it goes ahead is asked; a comment that gives a right or agrees ("Billing: send as too", "Billing:
# yes") is read as the request's own
_NLU98_TOPIC = r"[A-Z][\w@&-]*(?:\.[\w-]+)*(?:\s+[A-Z][\w@&-]*(?:\.[\w-]+)*)?"
NLU98_PART_TOPIC: Final = LazyPattern(
    r"(?:^|(?<=[.!?;\n]))[ \t]*(?:(?i:the)\s+)?(?P<what>" + _NLU98_TOPIC + r")(?:\s*\?|\s+[-–—]+)[ \t]*"
    r"(?P<comment>[^\n.!?;]*\w[^\n.!?;]*)"
    # (a "Key: value" line of a form or a quoted header is no topic: a colon counts after a sentence only)
    r"|(?<=[.!?])[ \t]+(?:(?i:the)\s+)?(?P<what2>" + _NLU98_TOPIC + r")\s*:[ \t]*"
    r"(?P<comment2>[^\n.!?;]*\w[^\n.!?;]*)",
    re.MULTILINE,
)
NLU98_TOPIC_READ: Final = LazyPattern(
    r"\b(?:access|send|read|full|calendar|editor|reviewer|author|owner|details|free|busy|member|list|too|also"
    r"|as\s+well|yes|yep|ok|okay|approved|fine|same|both|please|pls|thanks|thank|for|until|till|from|add|remove"
    r"|give|grant|revoke|forward|rename|change|set|not(?!\s+(?:sure|certain|clear))|no\s+longer|only|just"
    r"|mailbox|shared|distribution"
    # (nlu100) how much it is wanted, or who it is for: "Billing - urgent", "- ASAP", "- most important",
    # "- he needs it today", "Billing: no rush", "Billing? Definitely.", "Tom: new starter" (red team 62
    # asked them)
    r"|urgent(?:ly)?|asap|priority|important|critical|today|needs?\s+it|rush|problem|definitely|absolutely"
    r"|certainly|of\s+course|starter|joiner|hire)\b",
    re.IGNORECASE,
)
# (nlu98) "Drop Billing." of a part the request names: struck from the request, or a removal of access
# Tom has? (asked; "Drop Ken." of a list's members always was)
NLU98_DROP_PART: Final = LazyPattern(
    r"(?:^|(?<=[.!?;\n]))[ \t]*(?:[-–—]+[ \t]*)?(?i:(?:but\s+|please\s+|pls\s+|actually[,\s]+)?"
    r"(?:drop|lose|take\s+out|leave\s+off))\s+(?:(?i:the)\s+)?"
    r"(?P<what>[A-Z][\w@.'&-]*(?:\s+[A-Z][\w@.'&-]*)?)(?=\s*(?:[.!;]|$))",
    re.MULTILINE,
)
NLU98_DROP_PART_ASK: Final = (
    "The request says {said!r}: should that part be left out of this request, or is access already given "
    "to be removed? Say which."
)
# A past report of access given, marked as the past: context, never a step ("Ken was given Info access last
# week (for reference)", "Last time we gave Ken access to Info; this time ...")
NLU87_PAST_GIVEN: Final = LazyPattern(
    r"(?:^|(?<=[.!?;\n]))[^.!?;\n]*?"
    r"(?:\b(?:was|were|got|had\s+been|has\s+been|have\s+been)\s+(?:given|granted|added)\b|\bwe\s+(?:gave|granted|added)\b)"
    r"[^.!?;\n]*?\b(?:last\s+(?:week|time|month|year)|yesterday|previously|earlier\s+this\s+(?:week|month)"
    r"|for\s+reference)\b"
    r"[^.!?;\n]*[.!;]?"
    r"|(?:^|(?<=[.!?;\n]))[ \t]*(?:last\s+time|previously|last\s+week)[,\s]+(?:we|you|they|IT)\s+"
    r"(?:gave|granted|added)\b"
    r"[^.!?;\n]*[.!;]?",
    re.IGNORECASE,
)
NLU87_SAME_AGAIN: Final = LazyPattern(r"\b(?:the\s+same|same\s+again|likewise|as\s+before)\b", re.IGNORECASE)
NLU87_THIS_TIME: Final = LazyPattern(r"^\s*(?:this\s+time|now)[,\s]+", re.IGNORECASE)
# A comment under the request that changes it, said with "instead" anywhere ("please make it read only
# instead"): a correction, as "Comment: instead, ..." is
NLU87_CORRECTS_INSTEAD: Final = LazyPattern(r"\b(?:instead|rather)\b", re.IGNORECASE)

# Who speaks, before what they say (voices.py): their "me" and "my" are theirs, never the requester's
_NLU87_TIME = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
_NLU87_WHO = r"[A-Za-z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?"
NLU87_SPEAKER_LEAD: Final = LazyPattern(
    r"(?:^|(?<=[.!?])[ \t]+)[ \t]*(?:>[ \t]*)*(?:"
    # "[10:02] <olivia.martin> ...", "<olivia> ..."
    r"(?:\[\s*" + _NLU87_TIME + r"\s*\]\s*)?<\s*(?P<irc>[A-Za-z][\w.' -]{0,40}?)\s*>[ \t]*:?"
    # "Sarah wrote: ...", "Sarah asked: please ..."
    r"|(?P<wrote>" + _NLU87_WHO + r")[ \t]+(?:wrote|asked|said|says|writes|asks|messaged|emailed|replied)\s*:"
    # "Sarah -> IT: ...", "Olivia to IT: ...", "Olivia -> Maria: ..."
    r"|(?P<to>"
    + _NLU87_WHO
    + r")[ \t]*(?:->|→|=>|\bto\b)[ \t]*(?P<to_whom>IT|the\s+helpdesk|helpdesk|"
    + _NLU87_WHO
    + r")[ \t]*:"
    # "Liam (10:00): ...", "[10:02] olivia.martin: ...", "> Priya: ..."
    r"|(?P<timed>" + _NLU87_WHO + r")[ \t]*\([ \t]*" + _NLU87_TIME + r"[ \t]*\)[ \t]*:"
    r"|\[?[ \t]*" + _NLU87_TIME + r"[ \t]*\]?[ \t]*-?[ \t]*(?P<stamped>" + _NLU87_WHO + r")[ \t]*:"
    r"|(?<=>)[ \t]*(?P<quoted>" + _NLU87_WHO + r")[ \t]*:"
    # "From Sarah: ..."
    r"|(?i:from)[ \t]+(?P<sender>" + _NLU87_WHO + r")[ \t]*:"
    # a chat of "Name: ..." lines (at a line's start only; voices.py asks for two or more such lines)
    r"|(?<![^\n])(?P<plain>[A-Z][\w.'-]*)[ \t]*:"
    r")[ \t]*",
    re.MULTILINE,
)
# "On behalf of Sarah: give me and Tom ...": whose "me" (the writer's or Sarah's) cannot be told: asked
NLU87_ON_BEHALF_ME: Final = LazyPattern(
    r"^\s*(?:(?:i['’]?m\s+)?(?:writing|asking)\s+)?on[- ]behalf\s+of\s+[^:\n]{1,60}:[^\n]*"
    r"\b(?:me|my|i|mine)\b",
    re.IGNORECASE,
)
NLU87_ON_BEHALF_ME_SAY: Final = (
    "The request is written on behalf of someone and says 'me' or 'my': say whether that is you or them "
    "(name the person)."
)
# a chat line that turns down what was asked before it ("Priya: no", "Priya: denied")
NLU87_CHAT_REFUSES: Final = LazyPattern(
    r"^\s*(?:no|nope|nah|no\s+way|denied|rejected|declined|refused|not\s+approved|i\s+don['’]?t\s+approve"
    r"|absolutely\s+not|not\s+(?:ok|okay)|definitely\s+not)\b(?:\s*,?\s*(?:sorry|thanks|not\s+approved))?\W*$",
    re.IGNORECASE,
)
# a chat line that adds without saying for whom ("send as too", "and send as too", "also Billing")
NLU87_CHAT_WIDENS: Final = LazyPattern(
    r"^\s*(?:and\s+|also\s+|plus\s+)?[^\n]{0,40}?\b(?:too|as\s+well|also)\W*$|^\s*(?:and|also|plus)\s+\S",
    re.IGNORECASE,
)
# a chat line that asks (another speaker asking for more, or whether it is done)
NLU87_CHAT_ASKS: Final = LazyPattern(
    r"^(?!\s*(?:@[\w.-]+[\s,:]*)*(?:can|could|would|will)\s+(?:you|u|someone|somebody|anyone)\b)[^\n]*\?\s*$",
    re.IGNORECASE,
)
# "Ken: sure, keep a copy in his mailbox? / Sarah: yes please": a detail of the change asked, proposed as a
# question by the one who will do it and answered by the one who asked: a yes says it, a no drops it
# (voices.relayed; batch 40 asked what the conversation settled on)
NLU104_CHAT_PROPOSAL_LEAD: Final = LazyPattern(
    r"^\s*(?:(?:sure|ok(?:ay)?|yes|yep|will\s+do|no\s+problem|np|can\s+do|of\s+course)\s*[,.!-]+\s*)?",
    re.IGNORECASE,
)
NLU104_CHAT_YES: Final = LazyPattern(
    r"^\s*(?:yes|yep|yeah|yup|ya|sure|please\s+do|ok(?:ay)?|correct|that\s+would\s+be\s+great)\b"
    # ("send as too?" / "yes please, both": both the right asked and the one proposed; nlu113)
    r"(?:\s*,?\s*(?:please|pls|plz|thanks|thx|ta|do|that'?d\s+be\s+great|both(?:\s+please)?))*\W*$",
    re.IGNORECASE,
)
# "send as too?" / "no just full access": a no that keeps only what was asked, said again (voices checks the
# first request names it); "no, just send as" would change what was asked, and is asked (nlu113)
NLU113_CHAT_NO_ONLY: Final = LazyPattern(
    r"^\s*(?:no|nope|nah)\b\s*[,.-]*\s*(?:just|only)\s+(?:the\s+)?(?P<what>[a-z][a-z /-]{1,30}?)"
    r"(?:\s*,?\s*(?:please|pls|plz|thanks|thx|ta|for\s+now))*\W*$",
    re.IGNORECASE,
)
# "[09:02] Grace Hopper: morning, anything for me?": the one who will do it offering help asks for nothing;
# the one who answers with a request is the one asking (batch 42)
NLU113_CHAT_OFFER: Final = LazyPattern(
    r"^\s*(?:(?:hi|hey|hello|hiya|morning|good\s+morning|afternoon|good\s+afternoon)\b[\s,!.-]*)?"
    r"(?:anything\s+(?:for\s+me|i\s+can\s+(?:do|help\s+with))|what\s+can\s+i\s+(?:do|help\s+with)|"
    r"need\s+anything|how\s+can\s+i\s+help)\b[^\n?]*\?*\s*$",
    re.IGNORECASE,
)
# "[10:15] Ken Adams: sure, does she need anything else?": the one asked to do it offering more asks for
# nothing; what the one asking says next is their own request (nlu122: batch 44 read it as a later speaker
# asking for more, and asked). Only an open "anything else": "does she need send as too?" proposes a right
# (NLU104's proposals), and any other question stays asked
NLU122_CHAT_MORE_OFFER: Final = LazyPattern(
    r"^\s*(?:(?:sure|ok(?:ay)?|yes|yep|will\s+do|no\s+problem|np|can\s+do|of\s+course|done)\s*[,.!-]+\s*)?"
    r"(?:(?:does|do|will|would)\s+(?:he|she|they|you|(?:s)?he)\s+(?:need|want|require)\s+|"
    r"(?:is\s+there\s+|need\s+|want\s+)?)"
    r"anything\s+else(?:\s+(?:for\s+(?:him|her|them)|(?:he|she|they)\s+needs?))?\s*\?+\s*$",
    re.IGNORECASE,
)
# "Ken: for the whole week?" / "Christine: yes, until Friday": a yes by the one asking that says the end
# itself; the end said in the answer is what is asked (voices._proposal_answered; nlu135)
NLU135_CHAT_YES_UNTIL: Final = LazyPattern(
    r"^\s*(?:yes|yep|yeah|yup|correct|right|exactly)\b[\s,.!-]+(?P<said>(?:until|till|til|through|thru)\s+[^\n?]+?)"
    r"[\s.!]*$",
    re.IGNORECASE,
)
# (the question answered so: how long, "for the whole week?", "till when?", "just this week?")
NLU135_CHAT_HOW_LONG: Final = LazyPattern(
    r"^\s*(?:(?:just|only)\s+)?(?:for\s+(?:the\s+)?(?:whole|entire|full|rest\s+of\s+the)\s+\w+|"
    r"(?:for\s+)?(?:this|the)\s+(?:whole\s+)?(?:week|month|day)|(?:un)?till?\s+when|how\s+long(?:\s+for)?)\s*$",
    re.IGNORECASE,
)
NLU104_CHAT_NO: Final = LazyPattern(
    r"^\s*(?:no|nope|nah)\b(?:\s*,?\s*(?:thanks|thx|ta|need|not\s+needed|no\s+need))*\W*$", re.IGNORECASE
)
NLU87_CHAT_SAY: Final = (
    "The request is a pasted conversation in which {said!r} changes or turns down what was asked before it: "
    "say what should be done, and for whom."
)
# the one spoken to, named first in a chat line ("tom can you raise a ticket to ...")
NLU87_VOCATIVE: Final = LazyPattern(
    r"^\s*(?P<who>[A-Za-z][\w.'-]*)\s*,?\s+(?=(?:can|could|would|will|pls|please)\s+(?:you|u)\b)",
    re.IGNORECASE,
)
# "[08:41] Sarah Connor: ken, tom is off sick ...": a line opening with the name of another speaker of the
# chat, then a comma: the one spoken to (voices.relayed), never one the change is for (batch 40 asked whom);
# after any greeting ("morning grace, Rachel Green is ...": batch 46 read a later "she" as Grace)
NLU104_CALLED_BY_NAME: Final = LazyPattern(
    r"^\s*(?:(?:hi|hey|hiya|hello|heya|(?:good\s+)?(?:morning|afternoon|evening))\s+)?"
    r"(?P<who>[A-Za-z][\w.'-]*)\s*,\s+",
    re.IGNORECASE,
)
# "Hi, Priya here (on Liam's laptop) - ...": someone else writing from the sender's device or account
NLU87_OTHERS_DEVICE: Final = LazyPattern(
    r"\b(?:on|from|using|via)\s+[A-Za-z][\w.'-]*['’]s\s+(?:laptop|computer|pc|machine|phone|device|login|desk"
    r"|keyboard)\b",
    re.IGNORECASE,
)
NLU87_OTHERS_DEVICE_SAY: Final = (
    "The message says it is written by someone other than its sender ({said!r}): ask them to send the "
    "request from their own account."
)
# "everyone who reports to Priya": a set the planner cannot list (asked), never Priya herself
NLU87_REPORTS_OF: Final = LazyPattern(
    r"\b(?:everyone|everybody|anyone|all(?:\s+(?:of\s+)?(?:the\s+)?(?:people|staff|those))?|people|staff|those|"
    r"the\s+people)\s+(?:who\s+)?(?:reports?|reporting)\s+(?:in\s+)?to\b|\b(?:direct\s+)?reports\s+of\b"
    r"|\b[A-Za-z]+['’]s\s+(?:direct\s+)?reports\b|\ball\s+(?:of\s+)?(?:her|his|their)\s+(?:direct\s+)?reports\b",
    re.IGNORECASE,
)
NLU87_REPORTS_OF_SAY: Final = (
    "The request names people by whom they report to ({said!r}); the planner cannot list them: name each "
    "person."
)
# "after Priya approves", "once Olivia signs off": a change waiting for someone's approval (asked), and the
# approver is no one the change is for
NLU87_AWAITS_APPROVAL: Final = LazyPattern(
    r"\b(?:after|once|when|as\s+soon\s+as|if|provided|assuming)\s+(?:that\s+)?[A-Za-z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?"
    r"\s+(?:approves?|has\s+approved|signs?\s+(?:it\s+)?off|has\s+signed\s+off|confirms?|oks?|okays?|agrees?"
    r"|gives\s+the\s+(?:ok|go-?ahead))\b"
    # (the approver named in full, and the other words for an approval: "pending Mike's OK", "subject to Mike
    # Smith's approval"; red team 62: read past, the approver was granted beside the trustee)
    # (nlu138, red team 73 class 13: "- I asked Mike Smith first, awaiting his ok" was granted) the approver
    # said as a pronoun is the same wait
    r"|\b(?:pending|subject\s+to|awaiting|waiting\s+(?:for|on))\s+"
    r"(?:[A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?['’]s\s+|(?:his|her|their)\s+)?"
    r"(?:approval|sign-?off|ok|okay|go-?ahead|consent|say-?so|permission|blessing)\b"
    # (nlu153) "Still waiting for Mike to approve", "waiting on Mike Smith to sign off": the approver waited
    # on, then what they are to do (red team granted it)
    r"|\b(?:awaiting|waiting\s+(?:for|on))\s+(?:[A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?|him|her|them)\s+to\s+"
    r"(?:approve|sign\s+(?:it\s+)?off|ok|okay|confirm|agree|give\s+the\s+(?:ok|go-?ahead)|say\s+yes)\b"
    # (nlu153) "..., waiting on Mike", "- waiting for Mike Smith.": who is waited on, said bare at the end of
    # the request, is an approval still to come (red team: not understood)
    r"|(?:^|(?<=[,;.!\n])|(?<=\s[-–—]))\s*(?:(?:but|and|still|we['’]re|i['’]m|we\s+are|i\s+am)\s+)*"
    r"(?:still\s+)?"
    r"(?:awaiting|waiting\s+(?:for|on))\s+(?-i:[A-Z][\w.'-]*)(?:\s+(?-i:[A-Z][\w.'-]*))?\s*[.!]?\s*$",
    re.IGNORECASE,
)
# (nlu138, red team 73 class 13: "- discussed with Mike Smith, he says no" granted Tom and Mike, "- I
# checked with Mike already; he said to wait" granted Tom) the one consulted refusing or holding the change
# back: no approval, asked
NLU138_APPROVAL_WITHHELD: Final = LazyPattern(
    r"\b(?:he|she|they|(?-i:[A-Z][\w'-]+))\s+(?:says?|said|replied|answered)\s+"
    r"(?:no(?!\s+(?:problem|worries|issues?|objections?|concerns?)\b)|nope|not\s+yet|to\s+wait|wait|"
    r"to\s+hold(?:\s+off)?|hold\s+off|not\s+to)\b"
    r"|\b(?:he|she|they|but|yet|(?-i:[A-Z][\w'-]+))\s+(?:has|have)(?:n['’]t|\s+not)\s+(?:yet\s+)?"
    r"(?:approved|agreed|signed\s+(?:it\s+)?off|ok(?:ay)?['’]?e?d)\b",
    re.IGNORECASE,
)
NLU138_APPROVAL_WITHHELD_ASK: Final = (
    "The request says the approval is not given ({said!r}): should this wait until it is, or go ahead now?"
)
# (nlu110) what an awaited approval is said to be of ("waiting for approval on the new laptop"): when no
# word of it is one the request says, the approval is of something else and holds nothing of the request
# (red team 66 refused "Give Tom full access to Finance. I'm still waiting for approval on the new laptop,
# unrelated.")
NLU110_APPROVAL_OF_WHAT: Final = LazyPattern(
    r"\s+(?:on|for|of|re|regarding|about)\s+(?P<what>[^.,;:!?()\n]+)(?P<rest>[^.;!?\n]*)(?:[.;!?]+|$)",
    re.IGNORECASE,
)
NLU110_NOT_A_THING: Final = LazyPattern(
    r"(?:the|a|an|my|his|her|their|our|your|its|new|old|this|that|these|those|it|them|him|request|change"
    r"|changes|one|ones|thing|stuff|above|below|same|still|too|also|and|or|please|now|yet|first)",
    re.IGNORECASE,
)
NLU87_AWAITS_APPROVAL_SAY: Final = (
    "The request waits for an approval ({said!r}): send it again once it is approved (or attach the "
    "approval)."
)
# --- nlu89: wrong person, resource or right (red team 55, class 3) ---------------------------------------
# "read access to Sales", "read permissions on the Sales mailbox": a right to read only, which no mailbox
# right is (Full Access reads, changes and deletes); read as READ_ONLY_SAID. ("read and manage" is
# Exchange's own name for Full Access, and "read/write" asks for more than reading: neither is a limit)
READ_RIGHT_SAID: Final = LazyPattern(
    r"\b(?:read|reading|view|viewing)[- ]?(?:access|rights?|permissions?|perms|privileges?)\b"
    r"(?!\s*(?:and|&|/|\+)\s*(?:manage|write|edit|send))",
    re.IGNORECASE,
)
# "the Sales SharePoint", "the Sales Teams channel", "the Sales shared drive": a thing of the team that shares
# the mailbox's name, which is no mailbox and no list; Full Access on sales@ is not it (not understood)
NOT_MAILBOX_THING_AFTER: Final = LazyPattern(
    r"(?:['’]s?)?\s+(?:(?:ms|microsoft)\s+)?(?:share\s?point|one\s?drive|"
    r"teams?\s+(?:channel|chat|site|space|workspace|files?)|(?:ms|microsoft)\s+teams\b|"
    r"channel|chat|site|(?:shared\s+|network\s+|team\s+|google\s+)?drive|printer|wiki|intranet|portal|"
    r"(?:shared\s+|network\s+)?folder\s+on|(?:crm|erp|jira|slack|confluence|dropbox))\b",
    re.IGNORECASE,
)
NOT_MAILBOX_THING_SAID: Final = (
    "The request names {thing!r}, which is not a mailbox or a distribution list: mailwarden changes mailbox "
    "rights, forwarding, calendars and lists only. Ask the team that runs it, or name the mailbox if one is "
    "meant."
)
# "the whole Sales team", "everyone in Sales", "the Sales team": a team of people, which a shared mailbox is
# not (red team 55 shared a calendar with sales@ itself). Said of a person's slot (trustee, grantee, member)
# filled by a shared mailbox, which people are meant is asked
TEAM_OF_PEOPLE_AFTER: Final = LazyPattern(
    r"\s+(?:team|department|dept\.?|division|people|folks|staff|colleagues|reps|guys|lot)\b", re.IGNORECASE
)
TEAM_OF_PEOPLE_BEFORE: Final = LazyPattern(
    r"\b(?:(?:the\s+)?(?:whole|entire|full)\s+(?:of\s+)?|everyone\s+(?:in|on|from|at)\s+(?:the\s+)?|"
    r"everybody\s+(?:in|on|from|at)\s+(?:the\s+)?|all\s+(?:of\s+)?(?:the\s+)?)$",
    re.IGNORECASE,
)
TEAM_OF_PEOPLE_ASK: Final = (
    "{team!r} is a shared mailbox, not a team of people: which people (or which distribution list) should "
    "get it?"
)
# "the same Sales access as Liam", "the same forwarding as Careers": the model's setup, which the planner
# cannot see, with only part of it said; asked (SAME_ACCESS_AS reads "the same access as" with nothing
# between)
SAME_SETUP_AS: Final = LazyPattern(
    r"\b(?:same|identical|matching)\s+(?:[\w§@.'-]+\s+){0,3}?"
    r"(?:access|rights|permissions?|perms|setup|set-up|privileges|forwarding|delegation|level|sharing|"
    r"settings?|membership|memberships|lists|groups)\b(?:\s+[\w§@.'-]+){0,4}?\s+(?:as|that)\b",
    re.IGNORECASE,
)
SAME_SETUP_ASK: Final = (
    "The request asks for the same setup someone or something else has without saying it in full, and "
    "mailwarden does not look it up: say which rights or which forwarding, on which mailbox (for example "
    '"Full Access and Send As on sales@acme.com").'
)
# "Jane (full), Rachel (send as)": a right said in brackets after each person is that person's own; when the
# people's rights differ, each step's right is read from its own bracket or asked, never one right for all
RIGHT_IN_BRACKETS_AFTER: Final = LazyPattern(
    r"\s*\(\s*(?P<right>full(?:[- ]access)?|send[- ]as|send[- ]on[- ]behalf|sob|read(?:[- ]only)?|"
    r"reviewer|editor|owner|delegate)\s*\)",
    re.IGNORECASE,
)
RIGHTS_PER_PERSON_ASK: Final = (
    "Each person has a different right in brackets ({said}): say it again as one sentence per person "
    '(for example "Give Jane full access to mike.smith@acme.com. Give Rachel send as on it.").'
)
# "access to Billing - the Finance one": a description of someone or something said before ("the X one"),
# never one more mailbox or list; when no person it fits was read (mentions._namesakes), what it describes is
# asked
ONE_DESCRIBED_BEFORE: Final = LazyPattern(r"(?:^|[-–—,;:(]|\bi\s+mean)\s*the\s+$", re.IGNORECASE)
ONE_DESCRIBED_AFTER: Final = LazyPattern(r"\s+one\b", re.IGNORECASE)
ONE_DESCRIBED_ASK: Final = (
    "{said!r} describes someone or something named before it, and is not one more mailbox: say again who "
    "should get what, by full name or address."
)
# "Christine's Billing access should move to Rachel at the end of the month": a time said of a hand-over is
# when it happens (the one loses it then, the other gets it then), never the new holder's end; a change cannot
# be scheduled, so it is asked
# ("Share my calendar with Chris as editor until Friday, and remove Tom from it"): a time said as an end
# ("until", "till", "through", "for two weeks") is the new holder's end, not when a hand-over happens
END_SAID_AS_END_NLU89: Final = LazyPattern(
    r"\b(?:until|till|til|through|thru|for\s+(?:a|an|one|two|three|four|\d+)\s+\w+)\b", re.IGNORECASE
)
MOVE_AT_TIME_ASK: Final = (
    "The request moves access from one person to another at a time: a change cannot be scheduled to start, "
    "and the time is not an end for the new holder. Ask for the move on the day it should happen, or say "
    "that it should happen now (with an end, if the new holder's access should end)."
)
# "X's Billing access should move to Rachel", "X's send as can pass to Rachel": the right's owner and
# what is moved said first, the one who gets it after "to"; read as "move X's ... to Rachel"
MOVES_TO: Final = LazyPattern(
    r"\s+(?:should|shall|will|can|must|needs?\s+to|is\s+to|has\s+to|is\s+going\s+to)\s+(?:be\s+)?"
    r"(?:move|moved|pass|passed|transfer|transferred|handed)\s+(?:over\s+|across\s+|on\s+)?to\s+",
    re.IGNORECASE,
)
MOVES_TO_SAY: Final = "move "
# (not "should go to": "Grace's mail should go to Ken" is her mail forwarded, nothing moved)
# "Give Ken access to Info until the audit is done", "... until the end of the audit": the audit as the span a
# change lasts, not a report asked for (red team 55 planned a delegation report instead of the grant; the end
# itself is read, or asked, as any end in words)
REPORT_AS_SPAN: Final = LazyPattern(
    r"\b(?:until|till|til|through|throughout|while|whilst|after)\s+(?:the\s+end\s+of\s+|the\s+close\s+of\s+)?"
    r"(?:the|an?|our|this|that|next|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?:report|audit|review)s?\b"
)
# "Give Emma Ava's calendar permissions on Priya's calendar": someone's rights given to another, a copy
# (asked as COPY_RIGHTS_ASK), never a read of them (red team 55 planned a read of Priya's calendar
# permissions); only read when the plan holds nothing but reads
RIGHTS_OF_ANOTHER_GIVEN: Final = LazyPattern(
    r"^\W*(?:(?:please|pls|can\s+you|could\s+you|kindly)\s+)*(?:give|grant|assign)\s+"
    # ("give me a list of Priya's calendar permissions": a read asked, given as a list or report)
    r"(?![^.;!?]*\b(?:list|report|overview|summary|rundown|breakdown|export|look|view)\b)[^.;!?]*?['’]s?\s+"
    r"(?:[\w-]+\s+)?(?:permissions?|rights|access|level|privileges|perms)\b",
    re.IGNORECASE,
)
# "Chris (Finance)", "Chris in Finance", "Chris from Finance": what joins a name to the department that says
# whom among those it may be short for (mentions._namesakes); a bare space does not ("Chris Support access"
# is Chris and the Support mailbox)
NAMESAKE_QUALIFIER: Final = LazyPattern(r"\s*(?:\(|,?\s+(?:from|in|of|at)\s)", re.IGNORECASE)

# --- nlu91 (red team 56, planner findings P1-P5) ---
# A status said of one part in a clause of its own, after a dash or as a sentence: "- Chris on hold",
# ". Chris on hold.", "- Chris Lee's part is rejected" (the part is a name said before it:
# halts._parts_dropped)
NLU91_PART_HALTED: Final = LazyPattern(
    # (nlu92: also after a comma, "Finance approved, Billing on hold"; "The Billing part is still pending")
    r"(?:(?:^|(?<=[.!?;,\n]))[ \t]*|\s[-–—]+\s*)(?:(?i:the)\s+)?"
    r"(?P<what>[A-Z][\w@&-]*(?:\.[\w-]+)*(?:\s+[A-Z][\w@&-]*(?:\.[\w-]+)*)?)"
    r"(?:(?:['’]s)?\s+(?i:part|one|bit|request|access|grant))?"
    # (nlu98: "Billing: NO.", "Billing's been denied", "Billing has been refused")
    r"(?:\s*:\s*|\s+[-–—]+\s*|['’]s\s+been\s+|\s+(?i:(?:is|are|was|were|has\s+been|have\s+been)\s+)?)"
    r"(?i:(?:still|currently|now|also|for\s+now)\s+)?(?i:"
    + _NLU87_PART_HALT
    + r")(?=\s*(?:[.!;\n]|$))[ \t.!]*",
    re.MULTILINE,
    # (each match holds a word of _NLU87_PART_HALT: "not approved" and "disapproved" hold "approved",
    # "duplicate" and "dupe" "dup")
    cue=r"(?i:rejected|declined|denied|refused|cancell?ed|withdrawn|void|dup|on\s+hold|approved|pending|awaiting)",
)
# A part held until someone acts ("(on hold until Priya approves)", "on hold pending HR"): nothing is planned
# until it is lifted, as "once Priya approves" (lx.NLU87_AWAITS_APPROVAL)
NLU91_HELD_UNTIL: Final = LazyPattern(
    r"\bon\s+hold\s+(?:until|till|til|pending|while|whilst|for\s+now)\b[^.;)\n]*", re.IGNORECASE
)
# A speaker said as one that NLU87_SPEAKER_LEAD does not hold: an address ("sarah@acme.com wrote:",
# "[10:00] hr@acme.com:"), a name with an aside ("Sarah (on holiday):") or a message named as someone's
# ("Sarah's message:"); voices.relayed asks whose "my" is in what they said unless they are the requester
_NLU91_WHO = r"[A-Za-z][\w.'-]*(?:@[\w-]+(?:\.[\w-]+)+|\s+[A-Z][\w.'-]*)?"
NLU91_SPEAKER_LEAD: Final = LazyPattern(
    r"(?:^|(?<=[.!?])[ \t]+)[ \t]*(?:>[ \t]*)*(?:\[\s*" + _NLU87_TIME + r"\s*\]\s*)?"
    r"(?P<who>" + _NLU91_WHO + r")"
    r"(?:[ \t]*\([^()\n]{1,40}\)|['’]s[ \t]+(?i:message|email|e-mail|note|reply|words|text|request))?"
    r"[ \t]*(?:(?i:wrote|asked|said|says|writes|asks|messaged|emailed|replied)[ \t]*)?:",
    re.MULTILINE,
)
NLU91_SPEAKER_ASK: Final = (
    "Whose is 'me' or 'my' in what {who!r} said? The request passes on someone else's words: name the person "
    "(or the mailbox) the change is for."
)

# ---- nlu94 (red team 59): markup, sign-offs and who stands behind a request ------------------------------
# A request pasted as HTML is read as the text it shows (markup.as_text, on the standard library's parser;
# nlu101): a line break or a block's edge is a line's end, as the reader sees one (red team 59 granted the
# name of a signature set after "<br>" or in its own "<p>"); text struck out ("<s>and Billing</s>") and what
# a page never shows (a style, a script, the head) are no part of it; other tags are dropped and entities
# ("&nbsp;", "&amp;") read as what they show. Only HTML's own tag names are markup: "<billing@acme.com>"
# and "<Chris Lee>" are text.
NLU101_HTML_BLOCK: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
        "br",
        # (nlu109, red team 66: elements the reader did not know were read as text, their style unread)
        "main",
        "form",
        "legend",
        "menu",
        "search",
        "hgroup",
        "dialog",
        "optgroup",
        "option",
        "frameset",
        "frame",
        # (nlu121, red team 68: raw-text blocks read as text, their own style never)
        "xmp",
        "plaintext",
        "listing",
    ]
)
# (a cell is set apart from the next by space, not a line: "<td>Tom</td><td>Becker</td>" is no "TomBecker")
NLU101_HTML_CELL: Final = frozenset({"td", "th"})
NLU101_HTML_INLINE: Final = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "blink",
        "code",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "meta",
        "link",
        "nobr",
        "noscript",
        "o:p",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "wbr",
        "col",
        "colgroup",
        # (nlu109, red team 66)
        "label",
        "button",
        "var",
        "time",
        "output",
        "data",
        "q",
        "cite",
        "input",
        "meter",
        "progress",
        "ruby",
        "rt",
        "rp",
        "picture",
        "video",
        "audio",
        "canvas",
        "svg",
        "math",
        "map",
        "area",
        "slot",
        "marquee",
        "object",
        "embed",
        "param",
        "source",
        "track",
        "iframe",
        "noembed",
        "noframes",
        "datalist",
        # (nlu121, red team 68: form controls read as text, their own style and "hidden" never)
        "select",
        "textarea",
    ]
)
# (what a browser never renders (the HTML standard's rendering section): a style, a script, the head, a
# template, an iframe's or an embed's fallback where it renders the frame, a datalist's options)
NLU101_HTML_UNSHOWN: Final = frozenset(
    [
        "s",
        "strike",
        "del",
        "style",
        "script",
        "head",
        "title",
        "template",
        "iframe",
        "noembed",
        "noframes",
        "datalist",
    ]
)
# (nlu109) shown only when open: a dialog without "open" is not rendered at all; a closed details element
# shows its summary only, the rest a click away (so unsure, not hidden); an object's fallback content shows
# only where the object does not load, which the mail cannot say (unsure)
NLU109_HTML_SHOWN_OPEN: Final = frozenset(["dialog"])
NLU109_HTML_SUMMARY_ONLY: Final = frozenset(["details"])
NLU109_HTML_SUMMARY: Final = "summary"
NLU109_HTML_FALLBACK: Final = frozenset(["object", "select"])
# (nlu121, red team 68) what some mail clients render and others do not (unsure, planned both ways): a text
# box's text, a text field's or a button's value (a desktop client shows a form; webmail drops its controls),
# an SVG drawing's text (most webmail drops "<svg>"), what "<noscript>" holds (shown where no script runs, as
# in a mail client, not in a webmail page that runs scripts), an image's "alt" (shown where the image does not
# load, and a mail's images are often blocked). Where a client shows them, they are read with their own style.
NLU121_HTML_SOME_CLIENTS: Final = frozenset(["textarea", "noscript", "svg"])
# (nlu127, red team 70) content a client that supports the element never paints, shown only by one that does
# not (unsure, planned both ways, as an object's fallback): a video's or an audio's fallback (HTML 4.8.9 "The
# video element": "User agents should not show this content to the user"; 4.8.10 "The audio element"), a
# meter's or a progress bar's text (drawn as a gauge and a bar: 15.5.11 "The meter element", 15.5.12 "The
# progress element"), a canvas's fallback (4.12.5 "The canvas element": shown where scripting is disabled, as
# in a mail client, not in a webmail page that runs scripts), ruby's parentheses (the rendering section's
# sheet hides "rp", 15.3.1 "Hidden elements"; a client without ruby, like Word's, shows them). Not here:
# "<rt>" (the annotation, shown), "<map>" and "<picture>" (shown as their content), "<datalist>" (never
# shown: NLU101_HTML_UNSHOWN), and "<source>", "<track>", "<embed>", "<area>", "<param>", which are void and
# hold nothing (NLU101_HTML_VOID).
NLU127_HTML_UNSUPPORTED_ONLY: Final = frozenset(["video", "audio", "meter", "progress", "canvas", "rp"])
# (elements whose content is text, not markup, to their end tag: "<textarea>" with its entities read, "<xmp>"
# and "<plaintext>" as written)
NLU121_HTML_RAW_TEXT: Final = frozenset(["textarea", "xmp", "plaintext"])
NLU121_HTML_ESCAPABLE_RAW_TEXT: Final = frozenset(["textarea"])
NLU121_HTML_SVG: Final = "svg"
# (inside "<svg>" every tag is the drawing's; these are never drawn: a description, a tooltip's title, what
# is defined for use elsewhere)
NLU121_SVG_UNDRAWN: Final = frozenset(
    [
        "desc",
        "title",
        "metadata",
        "defs",
        "symbol",
        "clippath",
        "mask",
        "pattern",
        "lineargradient",
        "radialgradient",
        "filter",
        "marker",
        "style",
        "script",
    ]
)
# ("<input>": the types that show no text of theirs (a check box, a colour); a password shows dots for its
# value, its placeholder while empty; every other type, one not known too, shows its value in the field or on
# the button, or its placeholder while empty; an image button shows its "alt" as an image does)
NLU121_INPUT_NO_TEXT: Final = frozenset(["hidden", "checkbox", "radio", "file", "color", "range"])
NLU121_INPUT_DOTS: Final = "password"
NLU121_INPUT_IMAGE: Final = "image"
# (nlu116, red team 68) what a "<style>" inside these is: the text of a text box, or a template's inert
# content, never a sheet; inside "<noscript>" one applies only where scripts do not run (mail clients mostly
# run none): its rules are never certain
NLU116_SHEET_INERT_IN: Final = frozenset(["template", "textarea", "xmp", "plaintext"])
NLU116_SHEET_UNSURE_IN: Final = frozenset(["noscript"])
NLU116_CSS_TYPES: Final = frozenset(["text/css"])
# (nlu116, red team 68) Outlook's conditional block, "<!--[if mso]> ... <![endif]-->", "[if gte mso 9]": a
# comment to every other reader, shown by Outlook; read as a custom element whose text may or may not be seen
# ("[if !mso]" blocks are no comment where they show)
NLU116_MSO_ONLY: Final = LazyPattern(
    r"<!--\[if\s+(?![^\]]*!\s*mso)[^\]]*\bmso\b[^\]]*\]>(?P<inner>.*?)<!\[endif\]-->",
    re.IGNORECASE | re.DOTALL,
)
NLU116_MSO_TAG: Final = "mso-only"
# (a custom element, "<x-a>", "<mail-note>": a name with a hyphen, rendered as an inline element and styled
# as any other; "<tom-becker@acme.com>" is an address, never one)
NLU109_HTML_CUSTOM: Final = LazyPattern(r"[a-z][a-z0-9._]*-[a-z0-9._-]*")
# (elements that hold nothing and are never closed: "<br>", "<img ...>")
NLU101_HTML_VOID: Final = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# (a "<p>" or "<li>" left open ends where a block starts, or the next "<li>" does, as a browser ends it)
NLU101_HTML_ENDS_OPEN: Final = {
    "p": NLU101_HTML_BLOCK
    - {"br", "html", "body", "center", "legend", "optgroup", "option", "frame", "frameset"}
    | {"p"},
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr"}),
    "td": frozenset({"td", "th", "tr"}),
    "th": frozenset({"td", "th", "tr"}),
    # (nlu127: a ruby annotation's or parenthesis's end tag may be left out before the next one, HTML 13.1.2.4
    # "Optional tags")
    "rt": frozenset({"rt", "rp"}),
    "rp": frozenset({"rt", "rp"}),
}
_NLU101_TAG_NAMES = "|".join(
    sorted(
        (
            re.escape(t)
            for t in NLU101_HTML_BLOCK | NLU101_HTML_CELL | NLU101_HTML_INLINE | NLU101_HTML_UNSHOWN
        ),
        key=lambda t: (-len(t), t),  # (one order in every process: the compiled pattern is kept)
    )
)
# Whether a text holds HTML at all: one of HTML's tags, a comment, a doctype or an entity (a text with none
# is read as it is)
NLU101_HTML_SAID: Final = LazyPattern(
    r"<\s*/?\s*(?:"
    + _NLU101_TAG_NAMES
    + r"|[a-z][a-z0-9._]*-[a-z0-9._-]*)(?=[\s/>])|<!(?:--|doctype)|&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,6});",
    re.IGNORECASE,
)
# A sign-off by name alone: the last line is only a person's name ("Priya", "Ava Johnson", "- Priya Patel",
# "-- Chris Lee"), or the request ends on one set off by a dash ("... full access to Sales - Priya Patel").
# Said after a line that ends the request (not on "to", "for", "and", a comma or a colon, where the name is
# the one the change is for), it is who wrote it, never a trustee or member (rules._signed_off checks the
# name is a person's; red team 59 granted Priya, Ava and Emma and removed Chris Lee that way)
_NLU94_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2}"
NLU94_SIGN_OFF_LINE: Final = LazyPattern(
    r"(?:[ \t]*\n)+[ \t]*(?:[-–—~]{1,2}[ \t]*)?(?P<who>" + _NLU94_NAME + r")[ \t.!]*\s*$"
)
NLU94_SIGN_OFF_DASH: Final = LazyPattern(r"[ \t]+[-–—]{1,2}[ \t]*(?P<who>" + _NLU94_NAME + r")[ \t.!]*\s*$")
# (the line before left open: the name is the one it is for, "Give send as on Sales to\nEmma", or the one
# kept, "..., keep\nChris Lee")
# (or a correction said just before: "Wait, not Noah - Emma" names the one meant)
NLU94_SIGN_OFF_OPEN_BEFORE: Final = LazyPattern(
    r"(?:[,:;&+/]|\b(?:to|for|and|with|plus|or|from|of|on|in|as|is|are|be|by|including|incl|also))\s*$"
    # (a verb or a word of ruling out left without its object: "..., keep\nChris Lee"; nlu101)
    r"|\b(?:keep|keeping|leave|leaving|except|excluding|exclude|without|minus|besides|but|than|add|remove|"
    r"give|grant|cc)\s*$"
    r"|\b(?:not|no|wait|sorry|oops|meant|mean|actually|rather|instead|correction)\b[^.!?\n]*$",
    re.IGNORECASE,
)
# (a line that is only a name, or any bulleted line, above it: names listed a line each, the last one of
# them as much a target as the others: "Add to Marketing:\nTom Becker\nChris Lee", "- Noah (on hold)\n- Ava")
NLU94_NAME_ONLY_LINE: Final = LazyPattern(
    r"[ \t]*(?:[-–—*•·>]+|\d{1,3}[.)])?[ \t]*" + _NLU94_NAME + r"[ \t.,;]*"
    r"|[ \t]*(?:[-–—*•·]|\d{1,3}[.)])[ \t].*"
)
# Who stands behind a request, said after it: "per Priya Patel", "as per Chris", "reporting to Priya",
# "(working) under Priya", "with Priya Patel's blessing", "with the approval of Priya": the one whose word
# or authority it is, never one more trustee or member (red team 59 granted Priya and removed Chris Lee that
# way; "approved by Priya", CONTEXT_ASIDE, already held)
_NLU94_BLESSING = (
    r"(?:blessing|approval|ok|okay|sign[- ]?off|go[- ]ahead|consent|permission|agreement|say[- ]so|backing)"
)
# (whose word: a name or a role of up to four words, "and"/"or" never inside: "Emma reports to Priya and
# Priya needs send as" goes on past the name; "reports to" only as an aside, after a comma or "who")
_NLU94_WHO = r"(?:[\w.'’@-]+(?:[ \t]+(?!(?:and|or|but|then)\b)[\w.'’@-]+){0,3}?)"
NLU94_AUTHORITY_ASIDE: Final = LazyPattern(
    r"(?:[ \t]*[,;]|[ \t]+[-–—])?[ \t]+(?:"
    r"(?:as\s+)?per\s+"
    + _NLU94_WHO
    + r"|(?:(?<=[,;][ \t])(?:(?:who|he|she|they)\s+)?|who\s+)(?:reports?|reporting|reported)"
    r"\s+(?:directly\s+)?(?:in\s+)?to\s+"
    + _NLU94_WHO
    + r"|(?:(?:who\s+)?(?:works?|working)\s+)?under\s+(?!the\s|a\s)"
    + _NLU94_WHO
    + r"|with\s+"
    + _NLU94_WHO
    + r"['’]s?\s+"
    + _NLU94_BLESSING
    + r"|with\s+(?:the\s+)?"
    + _NLU94_BLESSING
    + r"\s+(?:of|from)\s+"
    + _NLU94_WHO
    + r")"
    + _ASIDE_END,
    re.IGNORECASE,
    cue=r"(?i:\bper\b|report|under|with)",
)
# "... under the Billing cost centre", "charged to the Sales budget", "under project Atlas": where the cost
# or the work is booked, said beside the request; the list or mailbox whose name it carries is no target
# (red team 61 granted Billing through "under the Billing cost centre"; nlu101)
NLU101_BOOKED_ASIDE: Final = LazyPattern(
    r"(?:[ \t]*[,;]|[ \t]+[-–—])?[ \t]+(?:under|against|(?:charged|billed|booked|coded)\s+(?:to|against))\s+"
    r"(?:(?:the|our|my|his|her|their|a)\s+)?(?:[\w&.'’-]+\s+){0,3}?"
    r"(?:cost[- ]?cent(?:re|er)s?|budget|budget\s+line|account(?:\s+code)?|gl(?:\s+code)?|billing\s+code|"
    r"charge\s+code|cost\s+code|po|purchase\s+order|project(?:\s+code)?|programme|program|contract|"
    r"umbrella|banner|heading|line\s+item)"
    r"(?:\s+[\w&.'’-]+){0,2}?" + _ASIDE_END,
    re.IGNORECASE,
    cue=r"(?i:under|against|charged|billed|booked|coded)",
)
# "Give everyone under Priya Patel full access to Sales", "Add Priya's direct reports to all-sales": those who
# report to someone, not that person (red team 61 granted Priya): the planner does not read the directory's
# reporting lines, so who they are is asked, never guessed, and never the manager named
NLU101_REPORTS_OF: Final = LazyPattern(
    r"\b(?:every(?:one|body)|any(?:one|body)|all(?:\s+(?:the\s+)?(?:people|staff|users|employees|members))?|"
    r"(?:the\s+)?(?:people|staff|folks|users|employees|team(?:\s+members)?|those)|each\s+person)\s+"
    r"(?:(?:who|that)\s+(?:reports?|works?)\s+(?:directly\s+)?(?:to|for|under)|reporting\s+(?:directly\s+)?to|"
    r"working\s+(?:for|under)|under|below|beneath|managed\s+by)\s+(?=(?-i:[A-Z])|[\w.+'-]+@)"
    r"|(?<![\w-])(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?['’]s?\s+(?:direct\s+)?"
    r"(?:reports|team\s+members|staff|direct\s+reports|underlings|subordinates)\b(?!\s+(?:lead|leader|manager)\b)",
    re.IGNORECASE,
    # (each part above holds one of these words)
    cue=r"\b(?:reports?|works?|reporting|working|under|below|beneath|managed|members|staff|underlings|"
    r"subordinates)\b",
)
NLU101_REPORTS_OF_ASK: Final = (
    "The request says {said!r}: who are they? Name each person (the planner does not read who reports to "
    "whom, and never gives the manager named what was meant for their people)."
)
# "Remove Tom Becker from all-sales, bitte nicht Chris Lee": a "not" said in another language (German,
# French, Dutch, Spanish, Portuguese, Italian) beside the request, whose scope the rules cannot read, is
# asked, never read past (red team 59 removed the one to keep)
NLU94_FOREIGN_NOT: Final = LazyPattern(
    r"\b(?:nicht|kein(?:e[nmr]?)?|pas|niet|geen|não|nao|nein|außer|ausser|sauf|excepto|tranne|behalve)\b"
    r"|\b(?:bitte|aber|doch|pero|mais|maar|ma|y|et|und|e)\s+(?:no|non)\b(?!-)",
    re.IGNORECASE,
    # (each part above ends in one of these words)
    cue=r"\b(?:nicht|kein\w*|pas|niet|geen|não|nao|nein|außer|ausser|sauf|excepto|tranne|behalve|no|non)\b",
)
NLU94_FOREIGN_NOT_ASK: Final = (
    "The request says {said!r}, a 'not' in another language: which part of the change should not be made? "
    "Say it again in English, naming who and what is left out."
)
# "Remove Chris Lee's send as on Support but leave full access": "leave" a right, said beside a change, is
# leave it as it is, keep it (as "but leave his full access" and "but keep full access" already read);
# never one more right to take (red team 59 revoked both)
NLU94_LEAVE_RIGHT: Final = LazyPattern(
    r"\b(?P<join>but|and|though|yet)\s+(?:please\s+|pls\s+|just\s+)?leave\s+(?=(?:(?:his|her|their|the|my|"
    r"your)\s+)?(?:full[- ]?access|send[- ]?as|send[- ]on[- ]behalf|sob|access|rights?|permissions?|"
    r"delegation|forwarding|calendar\s+(?:access|share|sharing)|membership)\b)",
    re.IGNORECASE,
)
NLU94_LEAVE_RIGHT_SAY: Final = r"\g<join> keep "
# "Move Tom's access from Sales to Billing", "Transfer his send as from Support to Billing": a right moved
# from one mailbox to another is taken off the first and given on the second, a pair the rules do not plan
# as one; asked, never read as a grant on both (red team 59 granted Sales, the one being left)
NLU94_RIGHT_MOVED: Final = LazyPattern(
    r"\b(?:move|moving|moved|transfer\w*|shift\w*|switch\w*|migrat\w*)\s+(?:[\w.'’@-]+\s+){0,4}?"
    r"(?:access|rights?|permissions?|full[- ]?access|send[- ]?as|send[- ]on[- ]behalf|delegations?)\s+"
    r"(?:(?:on|to|for)\s+(?:the\s+)?[\w.@-]+(?:\s+mailbox)?\s+)?from\s+\S[^.;!?\n]*?\s+(?:to|onto|over\s+to)\s+\S",
    re.IGNORECASE,
)
NLU94_RIGHT_MOVED_ASK: Final = (
    "The request moves a right from one mailbox to another ({said!r}): should it be taken off the first "
    "mailbox and given on the second? Say each change: what to remove, and what to grant."
)
# "Delete Contractors and move its members to External-Contractors": deleting a list whose members are to go
# to another first is a pair; planned alone, the delete drops them from every list (red team 59). Asked
NLU94_MEMBERS_MOVED: Final = LazyPattern(
    r"\b(?:move|moving|transfer\w*|shift\w*|migrat\w*|copy|copying|put|add|merge|merging)\s+"
    r"(?:all\s+)?(?:of\s+)?(?:(?:its|their|the(?:\s+[\w-]+)?['’]s?)\s+(?:members?|people|users|folks|contents?)"
    r"|(?:the\s+)?(?:members?|people|users|folks)(?:\s+(?:in|on|of)\s+(?:it|that|them))?"
    r"|everyone|everybody|all\s+of\s+them)\s*(?:over\s+)?(?:to|into|onto|in)\b"
    r"|\bmerge\s+(?:it|them|\S+)\s+(?:in)?to\b",
    re.IGNORECASE,
)
NLU94_MEMBERS_MOVED_ASK: Final = (
    "The request deletes a list and moves its members ({said!r}): should the members be added to the other "
    "list first, and who are they? Say the additions and the deletion as separate changes."
)
# A table's access cell names rights the catalog has, one or more ("Full Access", "send as + send on behalf",
# "editor", "free/busy"); a cell that names none of them ("Read", "Read only", "View") is asked, never planned
# as the full access a bare "give ... on" reads as (red team 59 gave Chris Full Access for "Read")
_NLU94_TABLE_RIGHT = (
    r"(?:full\s*(?:mailbox\s+)?access|fa|full|send[\s-]*as|sendas|send[\s-]+on[\s-]+behalf(?:\s+of)?|"
    r"sendonbehalf|sob|delegate|owner|editor|author|reviewer|contributor|free\s*/\s*busy|free\s+busy|"
    r"availability(?:\s+only)?|limited\s+details|full\s+details|member(?:ship)?|forward(?:ing)?)"
)
NLU94_TABLE_RIGHT_KNOWN: Final = LazyPattern(
    r"\s*" + _NLU94_TABLE_RIGHT + r"(?:\s*(?:,|/|\+|&|;|\band\b)\s*" + _NLU94_TABLE_RIGHT + r")*\s*[.]?\s*",
    re.IGNORECASE,
)
# "Full access to Sales <billing@acme.com>": a name with an address in angle brackets says one recipient
# twice; when the name is another recipient than the address, which was meant is asked, never both planned
# (red team 59 granted Sales and Billing). rules._named_address_differs tries the last words before "<"
NLU94_NAMED_ADDRESS: Final = LazyPattern(
    r"(?P<name>[\w'’.&-]+(?:[ \t]+[\w'’.&-]+){0,2})[ \t]*<[ \t]*"
    r"(?P<address>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)[ \t]*>",
    # (tried from every word of every request; an address in angle brackets is rare)
    cue=r"<",
)
NLU94_NAMED_ADDRESS_ASK: Final = (
    "The request names {name!r} but gives the address {address!r}, which is another recipient: which one is "
    "meant? Say it once, by name or by address."
)
# "Add Tom to External Contractors": a list's name said with one more word in front ("External", "Old") that
# no list of the tenant's has is another list, maybe one the tenant lacks; asked [group], never read as the
# list the last word names (red team 59 added Tom to the internal Contractors list).
# rules._list_with_extra_word checks the words with the directory
NLU94_LIST_EXTRA_WORD: Final = LazyPattern(
    r"\b(?i:to|from|into|onto|off|on|in|of)\s+(?:(?i:the)\s+)?"
    r"(?P<whole>(?P<extra>(?!(?:The|A|An|My|Our|Your|His|Her|Their|This|That|All|Every|Each|New)\b)[A-Z][a-z]+)"
    r"[ \t]+(?P<name>[A-Z][\w]*(?:-[\w]+)*))\b(?![ \t]+[A-Z])"
)
NLU94_LIST_EXTRA_WORD_ASK: Final = (
    "The request names {whole!r}, and the only list close to it is {list!r}: is that the list meant, or "
    "another one? Give the list's name or address as the directory has it."
)
# ---- nlu93 (batch 38's misses)
# "..., and give him reviewer on Jane's calendar for the same period", "for the same time", ", same dates":
# a span that refers back to the end said before it (an anaphor for that end). The change takes that end;
# with no one end said before, it is asked, never granted for good. ("at the same time" is when, not how
# long: no span.)
_NLU93_SPAN_NOUN = (
    r"period|time\s*(?:frame|period|span|window)|timeframe|time-frame|duration|length(?:\s+of\s+time)?|"
    r"dates?|end(?:\s+date)?|end-date|expiry(?:\s+date)?|span|window|term|stretch|amount\s+of\s+time"
)
NLU93_SAME_SPAN: Final = LazyPattern(
    r"(?:\b(?:for|over|during|with|until|till|through)\s+(?:the\s+)?same\s+(?:time|days?|"
    + _NLU93_SPAN_NOUN
    + r")"
    r"|(?<!\bat\s)\b(?:the\s+)?same\s+(?:" + _NLU93_SPAN_NOUN + r"))\b"
    r"(?:\s+(?:as\s+(?:that|that\s+one|the\s+\w+|the\s+other|before|above)|too|again))?",
    re.IGNORECASE,
)
NLU93_SAME_SPAN_ASK: Final = (
    "The request gives a change {said!r}, but I could not tell which end that is: until when should it last? "
    'Say the end with the change (for example "until 31 March"), or ask for it with no end.'
)
# A ticket's description that asks by telling a need and what it is of ("Sarah needs to see Tom Becker's
# calendar with full details", "Rachel needs full access to billing@"): a request with no change verb. The
# ticket's summary ("Short description: Calendar access for support rota") is then its title, never a
# request of its own (read as one, it shared the requester's calendar with support@; batch 38)
NLU93_NEED_ASKS: Final = LazyPattern(
    r"\b(?:needs?|wants?|requires?|would like|should (?:have|get|be able to)|"
    r"(?:must|has to|have to) be able to)\b[^.;!?\n]*?\b(?:access|calendar|diary|mailbox|inbox|send[\s-]?as|"
    r"send on behalf|editor|reviewer|author|free/?busy|forward\w*|list|dl|distribution group)\b",
    re.IGNORECASE,
)
# A request said as the requester's own wish ("I'd like send as rights on info@", "I need full access to
# billing@", "can I get ..."): before ", Olivia asked me to ..." it is the request, as an imperative is
# (RELAYED_REASON: who asked and why, told as context; batch 38 asked how Olivia went with info@)
NLU93_OWN_WISH: Final = LazyPattern(
    # (the requester's "I" is masked as a mention where the text is read: §0§'d like)
    r"^(?:(?:hi|hey|hello|morning)\W+)?(?:please\s+)?(?:(?:i|we|§\d+§)(?:['’]d|\s+would)\s+(?:really\s+)?like|"
    r"(?:i|we|§\d+§)\s+(?:really\s+|also\s+)?(?:need|want)|"
    r"(?:can|could|may)\s+(?:i|we|§\d+§)\s+(?:please\s+)?(?:get|have))\b",
    re.IGNORECASE,
)
# ", Olivia asked me to send the customer newsletter from it": the task told is sending a thing named (a
# determiner before it), from the mailbox asked for, the use the right is for; never mail sent on to someone
# (a person named after it is masked and so not matched)
NLU93_RELAYED_SEND_REASON: Final = LazyPattern(
    r"^(?:since\s+|because\s+|as\s+)?§\d+§\s+(?:has\s+|had\s+)?(?:asked|asks|told|tells|wants|wanted|needs|"
    r"needed|would\s+like|requested)\s+(?:me|us|§\d+§)\s+to\s+send\s+(?:out\s+)?"
    r"(?:the|a|an|our|some|this|that|these|those|their)\s+(?![^.;!?§]*\b(?:mail|e-?mails?|inbox)\b)[^.;!?§]*?"
    r"(?<!\btoo)(?<!\balso)(?<!\bas well)\s*(?:[.!]\s*|$)",
    re.IGNORECASE,
)
# "add me to Project Atlas until Wednesday, Olivia wants me on the pricing review", "..., Mike needs me in the
# month-end close", "... - Olivia asked for me there": after a complete request, someone wanting the requester
# on a piece of work (or "there", "on it") is why it is asked; the one wanting is the subject of a reason,
# context, never one more member or trustee (batch 46 added Olivia to the list too). Only where the work is
# said in words naming nothing the plan acts on: no mention, no list, mailbox or calendar word, no "too"
# ("..., Olivia wants me on Marketing too" asks one more change). Who is wanted must be the requester
# (rules._clauses checks the mention): "..., Olivia wants Tom on it" may ask for Tom.
NLU133_WANTED_ON_REASON: Final = LazyPattern(
    r"^(?:since\s+|because\s+|as\s+)?§\d+§\s+(?:really\s+|also\s+)?"
    r"(?:wants|wanted|needs|needed|would\s+like|'d\s+like|has\s+asked\s+for|asked\s+for|is\s+asking\s+for|"
    r"requested)\s+(?:§(?P<whom>\d+)§|us)\s+(?:to\s+(?:be|help)\s+)?"
    r"(?:(?:on|in|at|for|with|onto|into)\s+(?:the|a|an|our|this|that|her|his|their|its|it)\b"
    r"(?![^.;!?§\n]*\b(?:lists?|dls?|distribution|groups?|mailing|mailbox(?:es)?|inbox(?:es)?|calendars?|diary|"
    r"diaries|mail|e-?mails?|access|rights?|permissions?)\b)[^.;!?\n]*?|there|on\s+board|involved|around)"
    r"(?<!\btoo)(?<!\balso)(?<!\bas well)\s*(?:[.!]\s*|$)",
    re.IGNORECASE,
)
# "..., Ava Johnson already has what she needs for recruiting", ". I've got full access to it anyway": what
# someone holds, told as the reason beside the request (a part of its own: after a comma or a sentence's end);
# context, never a coordination nor a right asked about (batch 38 asked both). Only with "already"/"anyway"
# or "what she needs", naming no one and nothing more.
_NLU93_HAS = r"(?:have\s+got|has\s+got|['’]ve\s+got|['’]s\s+got|['’]ve|have|has|holds?|got)\s+"
NLU93_HOLDING_TOLD_PART: Final = LazyPattern(
    r"(?:^|(?<=[.;!?,\n]))[ \t]*(?:and\s+|but\s+|as\s+|since\s+|because\s+)?§\d+§\s*"
    r"(?:(?:still|also|do|does)\s+)*(?:already\s+(?:(?:still|also)\s+)*"
    + _NLU93_HAS
    + r"|"
    + _NLU93_HAS
    + r"(?=[^.;!?\n§]*\b(?:anyway|anyhow|already|as\s+it\s+is)\b|(?:already\s+)?(?:what|everything|all)\s+"
    r"(?:she|he|they|i|we)\s+(?:needs?|wants?)\b))"
    r"[^.;!?\n§,]*(?=[.;!?\n]|$)",
    re.IGNORECASE,
)
# "..., I get the release mails through Project Phoenix anyway": how someone already receives the mail, told
# as why (a part of its own, marked "anyway"/"already"/"as it is"): the list or mailbox it comes through is
# context, never a membership asked for (nlu134). Without the mark ("I get the mails through Phoenix") it
# stays unaccounted, and asked.
NLU134_MAIL_COMES_THROUGH_TOLD: Final = LazyPattern(
    r"(?:^|(?<=[.;!?,\n]))[ \t]*(?:and\s+|but\s+|as\s+|since\s+|because\s+)?§\d+§\s*"
    r"(?:(?:already|still|also|do|does)\s+)*"
    r"(?:get|gets|receive|receives|['’]m\s+getting|am\s+getting|is\s+getting|see|sees)\s+"
    r"(?:(?:the|my|his|her|their|all|those|these|any|every)\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:mails?|e-?mails?|messages|updates|notifications|announcements|newsletters?|notes|invites)\s+"
    r"(?:already\s+)?(?:through|thru|via|from|on|off)\s+(?:the\s+)?§\d+§"
    r"(?:\s+(?:list|group|dl|mailbox|inbox|distribution\s+list))?"
    r"\s+(?:anyway|anyhow|already|as\s+it\s+is)\s*(?=[.;!?\n]|$)",
    re.IGNORECASE,
)
# "Both Rachel Green and Christine Lee need send on behalf ...": a word before a person that counts the ones
# named, never a verb no rule knows (negation.py asked what "both" asks for Rachel; batch 38). ("either"
# picks one of them: never read as all)
NLU93_COUNTING_BEFORE_PERSON: Final = frozenset(_words("both each"))
# "take me off contractors dl, im not a contractor anymore": what someone no longer is, said with "not ...
# any more" (read as "im no longer a contractor", the reason "no longer" already is); only beside a removal
# (negation._no_longer_used), as NO_LONGER_USES
NLU93_NOT_ANY_MORE_IS: Final = LazyPattern(
    r"\b(?P<who>i['’]?m|im|i\s+am|(?:he|she|it)['’]s|(?:he|she|it)\s+is|(?:they|we|you)['’]re|"
    r"(?:they|we)\s+are)\s+not\s+(?P<what>(?:an?|the|in|on|part\s+of|with|on\s+the)\s+[^.;!?,\n]*?)\s*"
    r"\b(?:any ?more|any longer)\b",
    re.IGNORECASE,
)
NLU93_NOT_ANY_MORE_SAY: Final = r"\g<who> no longer \g<what>"
# "Maria doesn't want the Careers mailbox forwarded to her any more, please clear the forwarding": a wish, no
# longer held, for a mailbox's mail to be forwarded is that forwarding stopped, never one set up (read as
# "stop forwarding the Careers mailbox to her"); only beside a removal, with "any more" (said alone it may be
# an order not to set one up: asked), as NO_LONGER_USES (nlu135)
NLU135_UNWANTED_FORWARD: Final = LazyPattern(
    r"\b(?!(?:please|just|and|but|so|then|you|i|we)\b)[\w.'’-]+\s+(?:don['’]?t|do\s+not|doesn['’]?t|does\s+not)\s+"
    r"(?:really\s+)?(?:want|need)\s+(?P<what>[^.;!?,\n]+?)\s+(?:auto-?)?(?:forwarded|redirected)\b"
    r"(?P<to>[^.;!?,\n]*?\b(?:any ?more|any longer)\b)",
    re.IGNORECASE,
)
NLU135_UNWANTED_FORWARD_SAY: Final = r"stop forwarding \g<what>\g<to>"
# "Tom doesn't want billing forwarded to him any more, only Liam Brown should get it" / "Liam takes it over":
# the same text names who is to get the mail now, so the wish is a forwarding moved, not one cleared, and a
# later "him" may be either man: no stop is read, the request is asked (nlu139). Someone said NOT to get it
# ("he doesn't need it") names no new receiver.
NLU139_NEW_RECEIVER: Final = LazyPattern(
    r"(?<!n['’]t )(?<!not )(?<!no longer )\b(?:(?:should|will|can|must|shall|would|is\s+to|['’]ll)\s+"
    r"(?:also\s+|now\s+|just\s+)?)?(?:get|gets|receive|receives|need|needs|want|wants|take|takes|handle|handles|"
    r"have|has)\s+(?:it|them|that|those|the\s+(?:mail|e-?mails?|forward(?:ing)?))\b"
    r"|\b(?:take|takes|taking)\s+(?:it\s+)?over\b",
    re.IGNORECASE,
)
NLU139_NEW_RECEIVER_ASK: Final = (
    "The forwarding is no longer wanted, and {said!r} names someone else: should it now go to them, or be "
    "stopped? Say where the mail goes and whom the rest is for."
)
# "what DLs are there? want to see if there's a UK one": "if" after the asker's own wish to find something out
# says whether, what they want to learn; no condition on the change (read as one, the read was not understood;
# batch 38). Not "check if Priya approved" said to the one asked: that stays a condition.
NLU93_WISH_TO_KNOW_IF: Final = LazyPattern(
    r"\b((?:want|wanted|wants|would\s+like|['’]d\s+like|trying|need|needs|just)\s+to\s+"
    r"(?:see|check|find\s+out|know|work\s+out|figure\s+out))\s+if\b",
    re.IGNORECASE,
)
# "Leaver: Ethan Park (his last day was ...)" then "- remove him from ...", "- forward his mail to David
# Chen", "- take away his full access ...": a heading that names the one a list of items is about; each item's
# he/him/his is that person (the items are siblings: never the one an item before named, as a running text's
# pronoun may be; batch 38 asked whose full access was meant)
NLU93_PERSON_HEADING: Final = LazyPattern(
    r"^[ \t]*(?:leaver|starter|joiner|new\s+starter|new\s+joiner|mover|employee|user|staff\s+member|person)"
    r"[ \t]*:[ \t]*(?P<who>(?-i:[A-Z][\w.'’-]*)(?:[ \t]+(?-i:[A-Z][\w.'’-]*)){0,2})(?=[ \t]*(?:\(|$|[-–—,]))",
    re.IGNORECASE | re.MULTILINE,
)
NLU93_LIST_ITEM: Final = LazyPattern(r"^[ \t]*(?:[-*•·]|\d+[.)])[ \t]+")
# the pronouns of a man (the directory holds no genders: "her" may be whose or whom, so only he/him/his are
# read for the heading's person; a "she/her" item is left as it was)
NLU93_HEADING_PRONOUN: Final = LazyPattern(r"\b(?:(?P<whose>his)|he|him)\b", re.IGNORECASE)
# "Just Rachel, please." over a quoted "Should I give both Rachel Green and Christine Lee send as on the
# Billing mailbox, or just Rachel?": the reply picks one of the choices the quoted question offered; the
# question's change is the request and the reply narrows it ("Give both ... . Just Rachel, please."), never
# nothing read (batch 38). The note only names whom, with just/only; the question offers "or just/only".
NLU93_CHOICE_NOTE: Final = LazyPattern(
    r"^\s*(?:(?:yes|no|ok|okay|hi|thanks)\W+)*(?:just|only)\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*))?"
    r"(?:\s+(?:please|pls|thanks))?\s*[,.!]*\s*(?:please|pls|thanks|thank you|cheers)?[.!]*\s*$",
    re.IGNORECASE,
)
NLU93_OFFERED_CHOICE: Final = LazyPattern(
    r"^\s*(?:should|shall|do|can|could)\s+(?:i|we)\s+(?P<ask>(?:give|add|grant|remove|share|forward|set\s+up|"
    r"let|put|take)\b[^?]*?)\s*,?\s+or\s+(?:just|only)\s+[^?]*\?\s*$",
    re.IGNORECASE,
)
# --- nlu92 (red team 57, planner findings P2-P5) ---
# A unit of time said for the change, where no change took an end ("for the hr week", "for a week-hr", "for
# the shift", "- hour only"): a length was said and not read, so it is asked, never a grant for good. At most
# one word between, as a length's own ("for the night shift"; "covering for Christine next month", "for the
# next six weeks" of a reason, are not the change's); an event's end ("for the month-end close") is no length;
# "hr" alone is a team ("calendar access for HR"). "over" right after a verb it belongs to ("is taking over
# the weekend shift", "handed over the night shift") is that verb's particle, no span: the change is not
# said to last for that shift (a held-out survivor asked its end)
_NLU92_OVER_AS_PARTICLE = "".join(
    rf"(?<!\b{verb}\s)"
    for verb in ("take", "takes", "taking", "took", "taken", "hand", "hands", "handed", "handing")
)
# a span read as a length that is the particle of the verb before it ("Liam handed over the day shift": "over
# the day" is no length of anything; nlu138's unsure past length asked its end)
NLU92_OVER_AS_PARTICLE: Final = LazyPattern(
    r"\b(?:take|takes|taking|took|taken|hand|hands|handed|handing)\s+over\b", re.IGNORECASE
)
NLU92_UNIT_UNREAD: Final = LazyPattern(
    r"\b(?:for|"
    + _NLU92_OVER_AS_PARTICLE
    + r"over|during)\s+(?:(?:the|a|an|this|that|his|her|their|each|one|its)\s+)?(?-i:[a-z]+[\s-]+)?"
    r"(?:hours?|weeks?|wks?|days?|fortnights?|months?|mins?|minutes?|shifts?)\b(?![\w.-]*@)(?!-end\b)"
    r"|\b(?:hours?|hrs?|days?|weeks?|wks?|shifts?)\s+only\b",
    re.IGNORECASE,
)
# A person named in full, and what stands before a surname that makes it part of a name (rules.
# _surnames_said_in_full: "Lee" after "Chris Lee" is Chris Lee, "Chris Lee" itself is left as said)
# (the surname in a lookahead: "Give Tom Becker" holds "Give Tom" and "Tom Becker", both tried)
NLU92_FULL_NAME: Final = LazyPattern(
    r"(?<![\w@.-])(?P<first>[A-Z][a-z]+)\s+(?=(?P<last>[A-Z][a-z][\w-]*)(?![\w@-]))"
)
NLU92_RULES_OUT_BEFORE: Final = LazyPattern(
    r"\b(?:not|except|excluding|exclude|without|apart\s+from|other\s+than|besides|minus|skip|leaving|"
    r"(?:but|and)\s+(?:keep|leave))\s+(?:for\s+)?$",
    re.IGNORECASE,
)
# People said after "without" and nothing else ("..., without Chris Lee and Emma."): set apart from the
# change, as after "except" (negation._people_only; nlu101)
NLU101_PEOPLE_JOINER: Final = LazyPattern(r"[\s,]*(?:(?:and|or|&|nor)[\s,]+)?", re.IGNORECASE)
NLU101_PEOPLE_END: Final = LazyPattern(r"[\s.!;,)]*")
# A surname said alone, and a ruling-out said after it: "..., but Lee stays" (rules._surnames_said_in_full;
# nlu101)
NLU101_SURNAME_ALONE: Final = LazyPattern(r"(?<![\w@.'’-])[A-Z][a-z][\w-]*(?![\w@'’-])(?!\s+[A-Z])")
NLU101_RULES_OUT_AFTER: Final = LazyPattern(
    r"\s+(?:(?:can|should|will|must|is\s+to)\s+)?(?:stays?|remains?|is\s+staying|is\s+remaining)\b"
    r"(?!\s+(?:on|in)\s+(?:as|for)\b)",
    re.IGNORECASE,
)
NLU101_SURNAME_OF_TWO_ASK: Final = (
    "The request leaves out {said!r}, and more than one person has that name ({names}): which of them should "
    "be left out? Name them in full."
)
NLU92_AFTER_A_NAME: Final = LazyPattern(r"[A-Z][\w'-]*\s+$")
NLU92_PARTS_APART: Final = LazyPattern(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)
# Capitalised words before a surname said alone that are not a first name ("Give Lee", "The Lee"): a surname
# points back to "Chris Lee" only when what stands before it is a name
NLU92_NOT_A_FIRST_NAME: Final = LazyPattern(
    r"(?:the|a|an|and|or|but|not|give|grant|add|remove|let|make|please|also|to|for|from|with|actually|so"
    r"|then|and|both|only|just|is|are|mr|ms|mrs|dr)",
    re.IGNORECASE,
)
NLU92_UNPLACED_ASK: Final = (
    "The request says {said!r} of something it names nowhere else: which part of the request does that hold "
    "back? Say the request again without it, or name the part that should wait."
)
# ---- nlu95: the time a grant is said to last, in every way it is said (red team 59 U2/U6) ------------------
# Markup and mail encodings around the words, undone once before anything reads the request (rules.draft):
# quoted-printable soft line breaks ("for a=\nweek": a line the mailer broke, joined as it was written),
# emphasis marks around words ("for *one week*", "**Tom Becker**", "__one week__"; never "~~struck~~", which
# says the words are taken back) and quotes or brackets around a length ('for "one week"', "for (one) week").
NLU95_QP_SOFT_BREAK: Final = LazyPattern(r"(?<!=)=\r?\n")
NLU95_EMPHASIS: Final = LazyPattern(
    r"(?<![\w@*_])(?P<mark>\*{1,2}|_{1,2})(?=[^\s*_])(?P<words>[^*_\n]{1,80}?)"
    r"(?<=[^\s*_])(?P=mark)(?![\w@*_])"
)
_NLU95_COUNT: Final = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty"
    r"|a\s+couple\s+of|a\s+few|half\s+an?)"
)
_NLU95_UNIT: Final = r"(?:minute|min|hour|hr|day|week|wk|fortnight|month|year|yr)s?"
NLU95_QUOTED_LENGTH: Final = LazyPattern(
    r"([\"'])(?P<length>" + _NLU95_COUNT + r"\s*-?\s*" + _NLU95_UNIT + r")\1"
    r"|\((?P<count>" + _NLU95_COUNT + r")\)\s*(?P<unit>" + _NLU95_UNIT + r")\b",
    re.IGNORECASE,
)
# A grant said to last a while without an end the planner reads ("temporary" is lx.TEMPORARY): said not to
# be for good, a short span in words, a meeting or an event it is for (any other happening it is for, "for
# the audit", is NLU99_END_BY_WHAT's), a period of the business year, a weekday it is for alone, a length
# with a unit written short or a count glued to its unit; each asks the end of a grant it would otherwise
# leave for good. "today" alone is when the change is wanted ("needs access today",
# "started today"), no end; "only today", "just for today" end with the day (durations._FOR_TODAY).
NLU95_SPAN_SAID: Final = LazyPattern(
    r"\b(?:not|non|never)[\s-]+(?:permanent(?:ly)?|forever|for\s+good|indefinite(?:ly)?|open[\s-]ended)\b"
    r"|\btime[\s-]*(?:limited|boxed|bound)\b|\blimited[\s-]+time\b"
    r"|[\[(#]\s*temp\s*[\])]?|\btemp\b(?=\s+(?:access|send|full|rights?|permissions?|delegation|share|grant"
    r"|forward\w*|membership)\b)"
    r"|\bbriefly\b|\bfor\s+(?:just\s+)?(?:a|one)\s+(?:sec|second|moment|mo|tick|minute)\b"
    r"|\b(?:just\s+|only\s+)?(?:for|during|over)\s+(?:the|this|that|our|my|his|her|their|today's|tomorrow's)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:meeting|call|demo|onboarding|training|workshop|presentation|event|session"
    r"|conference|interview|offsite|off-site|visit)s?\b(?!\s*(?:room|mailbox|list|calendar|team|group|notes"
    r"|minutes)\b)"
    # an event noun before a noun it modifies names a task, as a period does below ("for the offsite
    # planning", "the training materials": a purpose, no span); a word that goes on to a time, a clause or
    # the rest of the request leaves it the event
    r"(?!\s+(?!(?:only|please|pls|and|or|too|as|so|then|if|while|when|because|since|to|for|with|but|thanks"
    r"|on|in|at|from|until|till|til|through|next|this|tomorrow|today|tonight|later|is|was|will|starts?|ends?"
    r"|runs?|that|which|where|it|we|they|he|she|i|the|a|an|(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan\w*"
    r"|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\b)[a-z]+\b)"
    # "for the audit week", "during the launch day": a week or day named by what happens in it
    r"|\b(?:for|during|over|through(?:out)?)\s+(?:the|this|that|our)\s+(?:[\w-]+\s+){1,2}?(?:week|day)\b"
    # a period as the time itself ("for Q2", "during H1 only"), never one naming a thing it is for ("for the
    # Q1 campaign", "the FY26 budget": a purpose, planned as said; a held-out survivor asked its end)
    r"|(?<![\w@.-])(?:Q[1-4]|H[12]|FY\s?'?\d{2,4}|CY\s?\d{2,4})(?![\w@-])"
    r"(?!\s+(?!(?:only|please|pls|and|or|too|as|so|then|if|while|when|because|since|to|for|with|but|thanks)\b)"
    r"[a-z]+\b)"
    r"|\b(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+only\b|\bonly\s+(?:on\s+)?(?:mon|tues|wednes"
    r"|thurs|fri|satur|sun)day\b"
    r"|\b\d+\s+(?:d|h|w|hrs?|mins?|wks?)\b(?!['’@.-]\w)|\b\d+\s*h\s*\d{1,2}\b"
    r"|\b(?:an?|one|two|three|four|five|six|seven|\d+)(?:days?|weeks?|hours?|months?|wks?)\b",
    re.IGNORECASE,
)
# A count split by a colon or a comma before its unit ("for 2:30 hours", "for 1,5 hours"): a clock time or a
# decimal comma, never the count read after the mark (30 hours, 5 hours); asked even when an end was read
NLU95_SPLIT_COUNT: Final = LazyPattern(
    r"\b\d+\s*[:,]\s*\d+\s*(?:minute|min|hour|hr|h|day|d|week|wk|w|month|year|yr)s?\b", re.IGNORECASE
)
# Two ends said for one grant, the sooner meant ("for a week or until Friday, whichever is sooner"): read as
# the sooner; two ends said without it ("for 7 days (until Friday)") are asked
NLU95_SOONER_SAID: Final = LazyPattern(
    r"\bwhichever\s+(?:is|comes|happens|falls)?\s*(?:sooner|earlier|first)\b", re.IGNORECASE
)
NLU95_END_ASK: Final = (
    "The request says how long the access should last ({said!r}), but I could not read a single end from it: "
    'say a date or a length (for example "for 6 hours", "for 2 weeks" or "until Friday"), or ask without an '
    "end."
)
# A request in another language, in part: its words the planner does not read may hold an end ("bis
# Freitag", "por una semana") or a negation ("aber nicht", "pero no"), so a change that gives access is asked.
# Detected by the closed-class and time words of German, French, Spanish, Italian, Portuguese and Dutch that
# are no English words (a language is told by its function words, not by its names); courtesy formulas alone
# ("danke", "merci", "por favor") hold neither and leave the plan ready.
NLU95_OTHER_LANGUAGE: Final = LazyPattern(
    r"(?<![\w@.'-])(?:"
    # German
    r"f(?:ü|ue)r|bis|zum|zur|eine[nmrs]?|woche[n]?|tage[n]?|stunde[n]?|monate?|jahre?|heute|morgen|nur|nicht"
    r"|aber|und|oder|ohne|au(?:ß|ss)er|zwei|drei|vier|montag|dienstag|mittwoch|donnerstag|freitag|samstag"
    r"|sonntag|noch|kein|keine|sondern|w(?:ä|ae)hrend|meine[mnrs]?|seine[mnrs]?|urlaubs?"
    # Spanish and Portuguese
    r"|por(?!\s+favor)|una|semanas?|d[ií]as|hoy|hasta|hoje|até|viernes|lunes|martes|mi[eé]rcoles|jueves"
    r"|s[aá]bado|domingo|pero|horas|meses|tres|solamente|sexta-feira|durante|mientras|vacaciones|f[ée]rias"
    # French
    r"|pour|jusqu['’]?\s*(?:à|a|au)?|semaines?|jours?|vendredi|lundi|mardi|mercredi|jeudi|samedi|dimanche"
    r"|sauf|heures|deux|trois|aujourd['’]hui|seulement|une|cong[ée]s?|vacances"
    # Italian
    r"|settimane?|giorni|giorno|oggi|fino|venerd[iì]|luned[iì]|soltanto|tranne|senza"
    r"|per\s+(?:una|un|due|tre|\d+)\s+(?:settiman|giorn|ore|mes)\w*"
    # Dutch
    r"|voor\s+(?:een|twee|drie|\d+)|dagen|weken|vandaag|vrijdag|alleen|behalve|niet|maar"
    r")(?![\w'-])",
    re.IGNORECASE,
)
# A Subject line (or a title) said before the body: what it says of the access's length is the body's grant's
NLU95_SUBJECT_LINE: Final = LazyPattern(
    r"^[ \t]*(?:subject|subj|title|re|fwd?)[ \t]*:(?P<said>[^\n]*)", re.I | re.M
)
# A count and its unit anywhere in a Subject line ("1 week access", "Access - 3 days"): a length said
NLU95_LENGTH_WORDS: Final = LazyPattern(
    r"\b" + _NLU95_COUNT + r"\s*-?\s*" + _NLU95_UNIT + r"\b", re.IGNORECASE
)
NLU95_OTHER_LANGUAGE_ASK: Final = (
    "Part of the request is in another language ({said!r}), which I do not read: it may say when the access "
    'should end or what to leave out. Say the whole request in English (for example "give Tom Becker full '
    'access to Sales until Friday").'
)
# "ends Friday", "(ending on the 6th)": an end said of the grant beside its length (nlu95's check of two ends)
NLU95_ENDS_DAY: Final = LazyPattern(r"\bend(?:s|ing)(?:\s+on)?\s+(?=\w)", re.IGNORECASE)

# --- nlu97 (red team 61) ---
# "... for a week. Sorry!": an apology that ends the message with nothing after it says sorry for asking; it
# corrects nothing (read as a correction with nothing in it, it took back the whole request)
NLU97_APOLOGY_ALONE: Final = LazyPattern(
    r"[\s.,;:!?-]*(?:(?:so|very|really)\s+)?sorry(?:\s+(?:again|about\s+that|for\s+the\s+(?:hassle|trouble|bother)))?"
    r"[\s.,;:!?)-]*",
    re.IGNORECASE,
)
# HTML a reader never sees (red team 61 granted "<span style="display:none">and Billing</span>"): an element
# with the hidden attribute, or styled not to show, is dropped with what it holds; "aria-hidden" is not: it
# hides text from a screen reader only, and the person approving the mail sees it (nlu101). Since nlu109 the
# styles are read by a CSS parser (planner/styles.py, thresholds NLU109_*), no longer by patterns here.
# A mail that takes its styles from elsewhere ("<link rel="stylesheet" href=...>", "@import url(...)"): what
# its classes and ids look like cannot be read from the mail, so text under an element with one may be text
# no one sees; such text is unsure (markup.read), planned both ways and asked about where they differ
NLU107_CSS_ELSEWHERE: Final = LazyPattern(
    r"<\s*link\b[^>]*\brel\s*=\s*[\"']?[^\"'>]*\bstylesheet\b|@import\b", re.IGNORECASE
)
# ---- nlu109 (red team 66): how a mail's CSS is read (planner/styles.py) ----------------------------------
# Text a reader of the mail cannot see is never acted on, text they see is never dropped, and text whose
# look the mail alone cannot settle is planned both ways and asked about where the plans differ (red team 66
# granted through "<label style=display:none>", "display:/**/none", "filter:opacity(0)", an sr-only box, and
# removed the person a print-only rule "hid" from the screen). The thresholds: what is certainly unseen,
# and up to where it is only unsure.
NLU109_OPACITY_UNSEEN: Final = 0.1
NLU109_OPACITY_FAINT: Final = 0.35
NLU109_FONT_PX_UNSEEN: Final = 1.5
NLU109_FONT_PX_SMALL: Final = 6.0
# (WCAG's contrast ratio of the text with what is behind it: 1 for the same colour, 21 for black on white;
# white on a dark banner is read, "#fafafa" on the page is not, "#eee" is only faint: unsure)
NLU109_CONTRAST_UNSEEN: Final = 1.1
NLU109_CONTRAST_FAINT: Final = 1.6
# (nlu116, red team 68) under that ratio, text is unseen only where its colour is near the backdrop's in every
# channel too (0 to 1: "#fafafa" on white is 0.02 off); a hue of the backdrop's lightness, yellow on white
# (blue 1.0 off) or a pale tint, is at worst unsure, never dropped as unseen
NLU116_CHANNEL_UNSEEN: Final = 0.04
NLU109_BOX_PX_UNSEEN: Final = 2.0
NLU109_BOX_PX_SMALL: Final = 8.0
NLU109_OFF_PAGE_PX: Final = 500.0
NLU109_SHIFT_PX_UNSURE: Final = 50.0
NLU109_SCALE_UNSEEN: Final = 0.1
NLU109_SCALE_SMALL: Final = 0.5
NLU109_CSS_PX_PER_UNIT: Final = {
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "in": 96.0,
    "cm": 96 / 2.54,
    "mm": 96 / 25.4,
    "q": 96 / 101.6,
    # (a viewport unit at the narrowest screen a mail is read on, 320 pixels: "-100vw" is off the page)
    "vw": 3.2,
    "vh": 3.2,
    "vmin": 3.2,
    "vmax": 3.2,
}
NLU109_CSS_FONT_SIZES: Final = {
    "xx-small": 9.0,
    "x-small": 10.0,
    "small": 13.0,
    "medium": 16.0,
    "large": 18.0,
    "x-large": 24.0,
    "xx-large": 32.0,
    "xxx-large": 48.0,
}
# (a value that only points back at the default or the parent: read as not set)
NLU109_CSS_DEFAULTING: Final = frozenset(["inherit", "initial", "unset", "revert", "revert-layer"])
# (media a mail is never shown on, read on a screen; any feature, "max-width:...", is unsure)
NLU109_CSS_OTHER_MEDIA: Final = frozenset(["print", "speech"])
# (rules inside these hold or not by what the mail cannot say: unsure)
NLU109_CSS_GROUPING_RULES: Final = frozenset(["supports", "layer", "container", "scope", "document"])
# (states the mail is not shown in: a rule for them picks nothing as it is read)
NLU109_CSS_STATES: Final = frozenset(["hover", "active", "focus", "focus-visible", "focus-within", "visited"])
# (pseudo-elements that style the element's own text: such a rule may hide part of it)
NLU109_CSS_TEXT_PARTS: Final = frozenset(["first-line", "first-letter", "selection"])
NLU109_CSS_HARMLESS_FILTERS: Final = frozenset(["opacity", "drop-shadow", "grayscale", "sepia", "hue-rotate"])
NLU109_CSS_HARMLESS_TRANSFORMS: Final = frozenset(["rotate", "rotatez", "skew", "skewx", "skewy"])
NLU109_BARE_HEX: Final = LazyPattern(r"[0-9a-f]{3}|[0-9a-f]{6}", re.IGNORECASE)
NLU109_UNSEEN_ASK: Final = (
    "Part of the mail ({said!r}) may be hidden from view by its styling, and the request reads differently "
    "with it than without it. Say the whole request as plain text."
)
NLU101_HTML_HIDDEN_ATTRIBUTE: Final = "hidden"
# (nlu121) "hidden" hides by the browser's own "display:none", which a display the mail's styles give the
# element overrides ("span[hidden]{display:inline}": shown); "hidden=until-found" hides by another property,
# until the reader searches the page: hidden whatever display it is given
NLU121_HIDDEN_UNTIL_FOUND: Final = "until-found"
# Quoted HTML (red team 61 acted on a "<blockquote>" and Gmail's quote block): what it holds is read as "> "
# lines are, quoted, never asked
NLU101_HTML_QUOTE_TAG: Final = "blockquote"
NLU101_HTML_QUOTE_CLASS: Final = LazyPattern(
    r"\b(?:gmail_quote|moz-cite-prefix|yahoo_quoted)\b", re.IGNORECASE
)
# Sign-offs with a slash, a kiss or an em dash set against the last word (red team 61 granted Priya through
# "... Sales /Priya", "// Priya", "x Priya", "xo Priya" and "Sales&#8212;Priya"): marks of a signature as the
# dash and tilde are (rules._signed_off; the same checks of the name and the line before)
NLU97_SIGN_OFF_LINE: Final = LazyPattern(
    r"(?:[ \t]*\n)+[ \t]*(?:/{1,2}[ \t]*|(?:x{1,3}|xo|xoxo)[ \t]+)(?P<who>" + _NLU94_NAME + r")[ \t.!]*\s*$"
)
NLU97_SIGN_OFF_MARK: Final = LazyPattern(
    r"(?:[ \t]+/{1,2}[ \t]*|[ \t]*—[ \t]*)(?P<who>" + _NLU94_NAME + r")[ \t.!]*\s*$"
)
# A signature block: a person's name on a line, under a request said in full, with only the lines a
# signature has under it (a job title, a phone number, an address, a web or mail address, the company), or
# with a role set after it ("Priya Patel (approver)", "Chris Lee - Sales Ops"): who wrote or approved it,
# never the one a change is for, and no mailbox its title names ("Sales Ops" is no sales@; red team 61
# removed Chris Lee and sales@ from all-sales, and granted Priya Patel, through HTML signatures)
# (a title: a line of a few words with one of the words a job's name is made of)
_NLU101_TITLE_WORD = (
    r"(?:head|director|manager|mgr|lead|leader|officer|ops|operations|coordinator|co-ordinator|assistant|"
    r"specialist|analyst|engineer|administrator|admin|executive|exec|president|vp|svp|evp|chief|ceo|cfo|cto|"
    r"coo|cio|ciso|supervisor|associate|consultant|representative|rep|intern|partner|controller|accountant|"
    r"architect|developer|designer|advisor|adviser|owner|founder|secretary|clerk|officer|team|department|dept|"
    r"approver|approving|sponsor)"
)
# A request in the first person signed by someone else ("Give me full access to Sales.\n\nThanks,\nTom
# Becker", sent by Grace): whose "me" it is cannot be told (the sender's, or the signer's whose words were
# passed on), so it is asked, never planned for the sender (rules._signer_not_sender; red team 61; nlu101)
NLU101_SIGN_OFF_WORD_LINE: Final = LazyPattern(
    r"[ \t]*(?:(?:many|kind|best|warm|with)\s+)?(?:thanks|thank\s+you|thx|ty|regards|cheers|best|sincerely|"
    r"br|kr|ta|rgds|all\s+the\s+best|talk\s+soon)(?:\s+(?:again|a\s+lot|in\s+advance|so\s+much))?[ \t,.!-]*",
    re.IGNORECASE,
)
NLU101_SIGNER_NOT_SENDER_ASK: Final = (
    "The request says 'me' or 'my' and is signed {who!r}, but it was sent by {sender!r}: whom is the change "
    "for? Name the person (or the mailbox)."
)
# (nlu107, red team 65) More ways a request is signed than "Thanks,\nName": a "--" signature line over the
# name, a name with a title under it or beside it ("Chris Lee\nSales Ops", "Priya Patel | Finance"), and "Sent
# on behalf of Chris Lee": a "me" so signed by someone other than the sender is asked as NLU101's is
NLU107_SIGNATURE_DASHES: Final = LazyPattern(r"[ \t]*(?:--|—|–|_{2,}|-{3,})[ \t]*")
NLU107_ON_BEHALF_LINE: Final = LazyPattern(
    r"[ \t]*(?:sent|written|e-?mailed|asked|requested)?[ \t]*(?:on[ \t]+behalf[ \t]+of|for)[ \t]+"
    r"(?P<who>(?-i:" + _NLU94_NAME + r"))[ \t.]*",
    re.IGNORECASE,
)
# (a name set off by a dash or a tilde before it on a line of its own, "— Tom Becker", "-- Priya": its
# writer's mark, as a sign-off word is; nlu111, red team 66 planned such a signer's "me" for the sender)
NLU111_NAME_MARKED_AS_SIGNER: Final = LazyPattern(r"[ \t]*[-–—~]{1,2}[ \t]*\S")
NLU107_BARRED_NAME_LINE: Final = LazyPattern(
    r"[ \t]*(?P<who>(?-i:" + _NLU94_NAME + r"))[ \t]*\|[^\n]*", re.IGNORECASE
)
# "Give full access to Billing to Chris Lee, Head of Sales.": a person's title set after their name at the
# end of the request (or between commas) is who they are, never one more mailbox ("Sales") or list the title
# names (red team 65
# granted Sales); a team said there ("to Tom Becker, Finance Team") may be one more recipient or his team:
# asked (rules._title_after_name)
_NLU107_TITLE_PHRASE = (
    # (looked for up to the mark that closes the title: a comma, or a dash or slash set apart by spaces)
    r"(?!(?:[^,.\n/–—-]|-(?=\w))*\b(?:give|grant|add|remove|revoke|needs?|wants?|access|send|please|and|or|"
    # (nor a correction said after a dash: "... with Ken Adams - actually call it Design Team")
    r"to|from|until|till|actually|sorry|wait|call|called|name|named|rename|instead|scratch|typo|meant|mean|make)\b)"
    # ("our Head of Sales" is the company's title for the person, as "the Head of Sales" is: nlu111, red
    # team 66 granted Sales through it)
    r"(?:(?:the|our|a|an)\s+)?"
    # (no one's role: "Mia Novak's manager", "my manager" is a person of its own, ROLE_ASIDE's)
    r"(?!(?:[^,.\n/–—-]|-(?=\w))*(?:['’]s\b|\b(?:my|his|her|their|your|our|whose|who|which)\b))"
    # (a title stays on its line: "Subject: Liam - forwarding\n\nHi team" names no title; nlu118)
    r"(?:[\w&/'’-]+[ \t]+){0,4}?\b" + _NLU101_TITLE_WORD + r"\b"
    r"(?:[ \t]+(?:of|for|in)[ \t]+(?:the[ \t]+)?[\w&'’-]+(?:[ \t]+[\w&'’-]+)?)?"
)
NLU107_TITLE_AFTER_NAME: Final = LazyPattern(
    # (at the end of the request, or set between commas inside it: "Add Ava and Chris Lee, Sales Ops, to ...")
    # (or between dashes or slashes, which set an apposition off as commas do: "Chris Lee - Head of Sales -",
    # "Chris Lee / Head of Sales /"; nlu117, red team 68 granted Sales through them)
    r"(?P<who>(?-i:"
    + _NLU94_NAME
    + r"))[ \t]*(?P<sep>,|-{1,2}|[–—/])[ \t]*(?P<title>"
    + _NLU107_TITLE_PHRASE
    + r")(?P<end>[ \t.!]*$|[ \t]*(?:,|(?P=sep)))",
    re.IGNORECASE,
)
# (nlu111) A person named only by a job title over a team ("our Head of Sales", "the Finance Director", "the
# VP of Marketing"), not set after a name: who holds it the planner cannot tell, and the team it names is no
# mailbox or list of the request (red team 66 granted Sales): asked (a title set after a name is
# NLU107_TITLE_AFTER_NAME's, cut before this is read; "Olivia Martin, the head of HR, has asked" too)
NLU111_ROLE_FOR_PERSON: Final = LazyPattern(
    r"\b(?:our|the|their|your|my)\s+(?:(?:new|acting|interim|deputy|regional|global|senior)\s+)?"
    # (also "the Head of Sales's mailbox", "the Head of Sales mailbox": whose, or which, is as unknown; read
    # as the team's, Sales was granted)
    r"(?:head|director|manager|lead|vp|chief|svp|evp)\s+of\s+(?:the\s+)?(?!the\b)[\w&-]+\b",
    re.IGNORECASE,
)
NLU111_ROLE_FOR_PERSON_ASK: Final = (
    "The request names {said!r}, someone by a job title rather than by name: who is it? Name the person "
    "(the title's team is not read as a mailbox or list)."
)
NLU107_TEAM_TITLE: Final = LazyPattern(
    r"^(?:(?:the|our)\s+)?[\w&'’-]+(?:\s+[\w&'’-]+)?\s+(?:team|department|dept|group)$", re.IGNORECASE
)
NLU107_TEAM_TITLE_ASK: Final = (
    "The request ends with {who!r} and then {title!r}: is {title!r} one more recipient, or {who}'s team? "
    "Say it again naming every recipient."
)
NLU101_SIGNATURE_DETAIL_LINE: Final = LazyPattern(
    r"[ \t]*(?:"
    # (a title: up to six words, one of them a title's; no word of a request)
    r"(?!.*\b(?:give|grant|add|remove|revoke|needs?|wants?|access|send|please|for|to|from)\b)"
    r"(?=(?:[\w&/,.'’()-]+(?:[ \t]+|$)){1,6}$)(?:[\w&/,.'’()-]+[ \t]+){0,5}?\b"
    + _NLU101_TITLE_WORD
    + r"\b[\w&/,'’() \t-]*"
    # (a phone number, with or without its label)
    r"|(?:(?:tel|phone|mobile|mob|cell|direct|office|fax|[tmfpe])\.?[ \t]*[:.]?[ \t]*)?\+?[\d() .-]{7,}"
    # (a mail or web address, a company, an address line parted by bars)
    r"|(?:e(?:-?mail)?[ \t]*:[ \t]*)?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+"
    # (the company's site with no "www.": "acme.com"; nlu107)
    r"|(?:[\w-]+\.)+(?:com|org|net|io|co|uk|de|fr|eu|us|biz|info|example)(?:/\S*)?"
    r"|.*\b(?:inc|ltd|llc|plc|gmbh|corp|corporation|limited|co)\.?"
    r"|[^|\n]+(?:\|[^|\n]+)+"
    r")[ \t]*",
    re.IGNORECASE,
)
# (the name line: a person's name alone, or with a role after it in brackets, a comma or a dash; what
# follows a comma or a dash is a role only when it reads as a title, a few words with no word of a request
# and no question: "Mike, could IT add Rachel to the Finance Team group?" is a request said to Mike, its
# "Team" no title, and was cut as a signature under a forwarded mail's headers: nlu105)
NLU101_SIGNATURE_NAME_LINE: Final = LazyPattern(
    r"[ \t]*(?:[-–—~]{1,2}[ \t]*)?(?P<who>(?-i:" + _NLU94_NAME + r"))[ \t]*"
    r"(?P<role>(?:\([^()\n]*\b" + _NLU101_TITLE_WORD + r"\b[^()\n]*\)|[,–—-][ \t]*"
    r"(?![^\n]*(?:\?|\b(?:give|grant|add|remove|revoke|needs?|wants?|access|send|please|pls|could|can|would"
    r"|will|share|set|make|let|put|get|for|to|from)\b))"
    r"(?=(?:[^\s]+(?:[ \t]+|$)){1,6}$)(?=[^\n]*\b" + _NLU101_TITLE_WORD + r"\b)[^\n]*))?[ \t.]*",
    re.IGNORECASE,
)
# "Billing can stay as it is.", "Billing: as is.", "; Billing unchanged.", "Actually, Chris stays put.",
# "Chris: no change.", "(Chris: hold)": a part said after the change to stay as it is, or to wait, is kept
# (read as "keep <it>", as STAYS_SAID reads "Priya is staying"); red team 61 revoked and removed it too
NLU97_STAYS_SAID: Final = LazyPattern(
    # (a filler before the name is no part of the keep: "Actually, keep Chris" read as a correction)
    r"(?P<lead>(?:[,;(]|\.(?=\s)|\s[-–—])\s*(?:(?:but|and|with|while),?\s+)*)"
    r"(?:(?:actually|oh|wait|sorry|ok(?:ay)?),?\s+)*"
    rf"(?P<who>{_STAYER}(?:(?:\s*,\s*|\s+and\s+){_STAYER})*)(?:"
    r"\s+(?:(?:can|should|will|must|may|is\s+to|are\s+to)\s+)?(?:stays?|remains?|be\s+left)\s+"
    r"(?:as\s+(?:(?:it|she|he|they)\s+)?(?:is|are|was|were)|put|where\s+(?:it|she|he|they)\s+(?:is|are)|"
    r"the\s+same|unchanged|untouched|alone|in\s+place)"
    r"|(?:\s+(?:is|are|stays?|remains?))?\s+(?:unchanged|as\s+is)"
    r"|\s*:\s*(?:as\s+is|no\s+change(?:s)?|unchanged|untouched|(?:on\s+)?hold|keep|stays?|leave(?:\s+it)?"
    r"|leave\s+as\s+is|same))"
    r"(?:\s+(?:though|tho|please|pls|thanks|for\s+now))?(?=\s*(?:[,;.!?)\n]|$))",
    re.IGNORECASE,
    cue=r"stay|remain|left|unchanged|as is|:",
)
# A soft hyphen or a zero-width space (or word joiner, byte-order mark) shows nothing: "ex&shy;cept" is
# "except" as the reader sees it (red team 61 read past the exception and removed everyone); taken out
# before anything is read (rules._plain_words, once markup.as_text has read the entities)
NLU97_INVISIBLE: Final = LazyPattern("[\u00ad\u200b\u2060\ufeff]")
# "..., ohne Chris Lee", "... - bar Chris Lee", "..., save Chris Lee": "without" in another language, or the
# rarer English "bar"/"save" used as "except" before a name, leaves someone out in words the rules do not
# read (red team 61 removed Chris with the rest): asked, never read past. "bar"/"save" only after a comma,
# semicolon, bracket or dash and before a name or address ("save a copy" is a verb's)
NLU97_EXCEPT_UNREAD: Final = LazyPattern(
    r"\b(?:ohne|sans|senza|zonder)\b"
    r"|(?:[,;(]|\s[-–—])\s*(?:bar|save|barring|saving)\s+(?=(?-i:[A-Z])|[\w.+'-]+@)",
    re.IGNORECASE,
)
NLU97_EXCEPT_UNREAD_ASK: Final = (
    "The request says {said!r}, which may leave someone or something out: who or what should not be "
    'changed? Say it again with "except" or "but not", naming who and what is left out.'
)
# (nlu117, red team 68) What is named right after a word that sets it apart ("all shared mailboxes save HR",
# "Support, Sales, Finance, sparing HR", "everyone w/ the exception of Liam", "..., exception: Emma") is
# the one thing the change leaves alone, whatever it is (a person, a mailbox, a list): a ready plan that
# changes it read the exclusion as the target, or read past it, and is asked instead (excluded.py). A
# "but" sets apart only after a whole set ("all shared mailboxes but HR"), or before the clause's end
# ("Sales and Support, but Support.") where no more of the change follows it.
# (the words that set apart, one list for NLU117_SET_APART_TEAM too)
_NLU117_SET_APART_WORDS: Final = (
    r"(?<![\w-])(?:except(?:ing)?(?:\s+for)?|save(?:\s+for)?|sparing|w/o|without|bar|barring|less|minus|"
    r"excluding|exclusive\s+of|apart\s+from|other\s+than|not\s+counting|leaving\s+out|"
    r"(?:with|w/)\s+(?:the\s+)?exceptions?\s+of|exceptions?\s*:|but(?:\s+for)?)\s+"
)
NLU117_SET_APART: Final = LazyPattern(_NLU117_SET_APART_WORDS + r"(?:the\s+)?", re.IGNORECASE)
# "he can't work without Finance": what someone cannot do without is what they need, never set apart
NLU117_NEEDED_WITHOUT: Final = LazyPattern(
    r"(?:n['’]?t|\bcannot|\bnot|\bno\s+way)\b[^.;,\n]*$", re.IGNORECASE
)
# the set a "but" sets something apart from ("all shared mailboxes but HR", "everyone but Emma")
NLU117_WHOLE_SET_BEFORE: Final = LazyPattern(
    r"\b(?:all|every|everyone|everybody|each|any)\b[^.;:!?\n]{0,60}$", re.IGNORECASE
)
# what may join the things set apart: "w/o Finance and HR", "save HR, Legal or Billing"
NLU117_SET_APART_JOIN: Final = LazyPattern(r"\s*(?:,\s*)?(?:(?:and|or|nor|&)\s+)?(?:the\s+)?", re.IGNORECASE)
# "... except HR too", "but HR as well": one more, never one left out
NLU117_ONE_MORE_AFTER: Final = LazyPattern(
    r"[ \t]+(?:too|as\s+well|also|aswell)\b|[ \t]+(?:needs?|gets?|should|wants?|will|can)\b", re.IGNORECASE
)
NLU117_SET_APART_ASK: Final = (
    "The request sets {said!r} apart, but the plan would change it: say again who or what should change, "
    "and what should be left as it is."
)
# "except Emma's team", "other than Liam's direct reports": people named by whose team they are, which the
# directory cannot list; never the one person named (red team 68 kept only Emma): asked
NLU117_SET_APART_TEAM: Final = LazyPattern(
    _NLU117_SET_APART_WORDS
    + r"(?:[\w.'-]+(?:\s+[\w.'-]+)?['’]s?|his|her|their|my|our)\s+(?:own\s+|whole\s+|entire\s+|direct\s+)?"
    r"(?:team|teams|reports|staff|people|department|dept|group|org|organi[sz]ation|crew|squad|unit|direct\s+reports)\b",
    re.IGNORECASE,
)
# (nlu117, red team 68 class 3) A part of the request marked as held where it is named: a status right after
# it ("Finance pending", "Sales: awaiting approval", "Finance withdrawn too", "send as pending", "Sales ⏳")
# or a mark right before it ("nvm on sales", "- [ ] Sales", "hold off on Finance"). Whatever the line's
# shape (an "Approval:" field, a numbered UPDATE, a checklist, a chat aside), that part is not to be done
# now; a ready plan that does it is asked about instead (held.py).
NLU117_HELD_AFTER: Final = LazyPattern(
    # ("his Finance access is pending": the part named with the access it is, nlu120)
    r"(?:[ \t]+(?:access|permissions?|rights?|part|one|bit))?"
    # ("Finance approval pending", "finance sign-off TBC": the part's own approval is what waits, nlu142)
    r"(?:[ \t]+(?:approvals?|sign[-\s]?offs?|ok|go[-\s]?ahead|authori[sz]ations?))?"
    # ("Finance: no", "finance@ – scratch that", "Finance: hold off", "- Finance: later": a part answered
    # no, held or taken back after a colon or a dash, the line or sentence ending there, nlu142)
    r"(?:[ \t]*[:\-–—=][ \t]*(?:no|nope|not\s+now|hold(?:\s+off|\s+it)?|later|cancel"
    r"|scratch(?:\s+that|\s+it)?|drop(?:\s+it|\s+that|ped)?|skip(?:\s+it|ped)?|leave\s+it|wait|removed?|out)"
    # (never before a comma: "... billing@ - no, only Billing" and "- wait, send as is enough" correct
    # the request, which the correction readings read)
    r"(?=[ \t]*(?:[.!(]|$|\n))|"
    r"[ \t]*(?:[:\-–—=][ \t]*)?(?:(?:is|are|was|were|has\s+been|got|still|now|also|then)\s+)*"
    r"(?:pending|awaiting|waiting|on\s+hold|held|withdrawn|cancell?ed|not\s+(?:yet\s+)?approved|not\s+yet|"
    r"unapproved|denied|rejected|declined|refused|tbd|tbc|to\s+be\s+(?:approved|confirmed)"
    # ("Finance still needs Mike's OK", "Finance later.": an approval the part still needs, or the part
    # said to come later as its sentence ends, nlu142)
    r"|needs?\s+(?:(?!(?:no|not|any)\b)[\w'’]+\s+){0,2}?(?:ok|okay|approval|sign[-\s]?off|go[-\s]?ahead)"
    r"|later(?=[ \t]*(?:[.!]|$|\n))"
    # (a mark's side is its line's end: in "✅ Full Access ❌ Send As" each mark stands before its part)
    # (its sentence's stop after it too: "... Sales and Finance ⏳.", nlu120)
    r"|[⏳⌛❌✘✗✖](?=[ \t]*[.!;]?[ \t]*(?:$|\n))))(?![\w-])",
    re.IGNORECASE,
)
NLU117_HELD_BEFORE: Final = LazyPattern(
    # ("... Sales but wait on Finance": a wait said inside the request's own sentence, nlu120)
    r"(?:\b(?:nvm|nevermind|never\s+mind|withdraw|withdrawing|hold\s+off|scratch|skip|cancel|drop|"
    r"wait(?:ing)?\s+(?:on|for|with)"
    # ("Sign-off TBC for finance", "awaiting Mike's OK for finance@", "approval still pending on Finance":
    # the approval a part waits for, said before it, nlu142)
    r"|(?:approvals?|sign[-\s]?offs?|ok|go[-\s]?ahead)\s+(?:(?:is|still|currently)\s+)*"
    r"(?:pending|tbc|tbd|outstanding|awaited|to\s+come|not\s+(?:yet\s+)?(?:given|in|through))\s+(?:for|on)"
    r"|(?:awaiting|waiting\s+(?:on|for)|pending)\s+(?:[\w'’]+\s+){0,2}?"
    r"(?:ok|okay|approval|sign[-\s]?off|go[-\s]?ahead|green\s+light)\s+(?:for|on))"
    r"(?:\s+(?:on|with|the|about))*|\[[ \t]\]|☐)[ \t]*$",
    re.IGNORECASE,
)
# "NVM Sales\nEDIT: Sales back on, Mike approved": a hold said of a part and lifted by a later line naming it
# (nlu142) "..., but not finance yet": a part ruled out for now, the "not" before it and the "yet" after
NLU142_NOT_BEFORE: Final = LazyPattern(r"\bnot\s+(?:(?:on|to|for)\s+)?(?:the\s+)?$", re.IGNORECASE)
NLU142_YET_AFTER: Final = LazyPattern(r"[ \t]+(?:just\s+)?yet\b", re.IGNORECASE)
NLU117_HOLD_LIFTED_AFTER: Final = LazyPattern(
    r"[ \t]*(?:[:\-–—=][ \t]*)?(?:(?:is|are|was|has\s+been|now)\s+)*(?:back(?:\s+on)?|approved|reinstated|"
    r"ok(?:ay)?\s+now|fine\s+now|good\s+to\s+go|cleared)(?![\w-])",
    re.IGNORECASE,
)
# the right a held mark may name instead of a mailbox ("send as pending"), and the action it is
NLU117_HELD_RIGHTS: Final = (
    ("send_as", r"send[- ]?as"),
    ("send_on_behalf", r"send[- ]on[- ]behalf|sob"),
    ("mailbox_delegation", r"full[- ]access|fa"),
)
# "Mike signed off on Finance only", "Mike greenlit Sales only", "Just Sales is approved": one part said to
# be the only one approved; a plan that does more is asked (nlu110 read "approved only X" alone)
NLU117_APPROVED_BEFORE: Final = LazyPattern(
    r"\b(?:signed\s+off(?:\s+on)?|greenlit|green[- ]?lighted|green[- ]?lit|approved|ok'?d|okayed|"
    r"authori[sz]ed|cleared|agreed\s+to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
NLU117_ONLY_AFTER: Final = LazyPattern(r"[ \t]+(?:only|alone)\b", re.IGNORECASE)
NLU117_ONLY_BEFORE: Final = LazyPattern(r"\b(?:only|just)\s+(?:the\s+)?$", re.IGNORECASE)
NLU117_APPROVED_AFTER: Final = LazyPattern(
    r"[ \t]+(?:(?:is|was|has\s+been|got|were|are)\s+)?(?:approved|signed\s+off|greenlit|green[- ]?lit|ok'?d|"
    r"okayed|cleared|authori[sz]ed)\b",
    re.IGNORECASE,
)
NLU117_HELD_ASK: Final = (
    "The request says {said!r}, so part of it may not be approved or wanted yet, but the plan would do it: "
    "say again which changes should be made now."
)
NLU117_SET_APART_TEAM_ASK: Final = (
    "The request sets {said!r} apart, and the directory cannot list who that is: name the people who should "
    "be left as they are."
)
# (nlu120, red team 68 class 1) Every shared mailbox but some: "all shared mailboxes save HR", "every shared
# mailbox but HR", "..., sparing HR", "apart from HR and Finance". The set is the directory's, so the words
# name each mailbox of it but the ones set apart, as "everyone in X except Y" names each member but Y; each
# one set apart must be one shared mailbox of the directory, or the request is asked (excluded.all_but)
_NLU120_APART_CUE = (
    r"except(?:ing)?(?:\s+for)?|save(?:\s+for)?|sparing|w/o|without|bar|barring|less|minus|excluding|"
    r"exclusive\s+of|apart\s+from|other\s+than|not\s+counting|leaving\s+out|but(?:\s+not|\s+for)?|"
    r"(?:with|w/)\s+(?:the\s+)?exceptions?\s+of"
)
# (one set apart: an address, a capitalised name of up to three words, or one word; never a verb of a change
# or a word opening a request of its own: the list ends where its clause does, "... except HR and Finance, and
# add him to all-sales" sets two apart, nlu124)
_NLU131_APART_TAIL_WORDS = "thanks thank thx ty cheers ta asap today tonight tomorrow now immediately"
_NLU120_APART_ITEM = (
    r"(?!(?:"
    + one_of(
        CHANGE_VERBS
        | frozenset(_words("please pls plz also then can could would will kindly and or nor but plus"))
        # (", thank you!", ", today": a thanks or a time after the list is none of it; nlu131)
        | frozenset(_words(_NLU131_APART_TAIL_WORDS))
    )
    + r")\b)"
    r"(?:the\s+)?(?:[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|(?-i:[A-Z])[\w&'’-]*(?:[ \t]+(?-i:[A-Z])[\w&'’-]*){0,2}"
    r"|[\w&'’-]+)"
)
_NLU120_APART_JOIN = r"[ \t]*(?:,[ \t]*(?:(?:and|or|nor)[ \t]+)?|[ \t]+(?:and|or|nor|&)[ \t]+)"
NLU120_ALL_SHARED_BUT: Final = LazyPattern(
    r"\b(?:all|every|each)\s+(?:(?:of\s+)?(?:the|our)\s+)?shared\s+mailbox(?:es)?\b[ \t]*,?[ \t]*"
    r"(?:"
    + _NLU120_APART_CUE
    + r")[ \t]+(?P<apart>"
    + _NLU120_APART_ITEM
    + r"(?:"
    + _NLU120_APART_JOIN
    + _NLU120_APART_ITEM
    + r")*)",
    re.IGNORECASE,
)
NLU120_APART_JOIN: Final = LazyPattern(_NLU120_APART_JOIN, re.IGNORECASE)
NLU120_APART_ITEM_LEAD: Final = LazyPattern(r"^the\s+", re.IGNORECASE)
# (nlu125, red team 70 class 2) The exclusion is read whole or not at all: the list set apart must end its
# sentence ("except HR.", "except HR, Finance and Billing."); a list joined some other way ("HR/Finance",
# "HR + Finance", "HR (and Finance)", "HR plus Finance", "HR mailbox and Finance mailbox") or with more said
# after it read HR alone and granted Finance, so anything else after it is asked
# ("except the HR one.": the list's last item said with the noun it is one of)
_NLU131_APART_POLITE = (
    r"(?:[ \t]*,?[ \t]*(?:please|pls|plz|thanks|thank\s+you|thx|ty|cheers|asap|today|tonight|tomorrow|now|"
    r"right\s+away|immediately|this\s+week|for\s+(?:a|an|one|two|three|four|five|six|\d+)\s+"
    r"(?:days?|weeks?|months?)|[:;]-?[)D]|[🙂😊🙏])(?![\w-]))*"
)
NLU125_APART_ENDS: Final = LazyPattern(
    r"(?:[ \t]+(?:one|ones|mailbox|mailboxes|inbox|inboxes))?"
    # (an end said of the grant after the list: "... except Finance until Friday.", nlu120's)
    r"(?:[ \t]+(?:until|till|til|through|thru)[ \t]+[^.;:!?\n,()/+&]+?)?"
    # (nlu131, red team 71: a thanks, a smile, when or how long, or why in a clause of its own that names no
    # mailbox, "... except HR and Finance for two weeks - he's joining support.", say nothing of the list)
    + _NLU131_APART_POLITE
    + r"(?:[ \t]*(?:[-–—,;]|\b(?:as|because|since|cos))[ \t]*(?P<why>(?:he|she|they)(?:['’](?:s|re)|\b)"
    # (in lower case, so naming no one who is to approve; and no word of a need or a wait to be met first)
    r"(?![^\n.!?;]*\b(?:needs?|first|ok|okay|sign\w*|go[- ]ahead|later|yet|permission|before)\b)"
    r"(?-i:[^A-Z@\n.!?;:()\[\]]*?)))?" + _NLU131_APART_POLITE + r"[ \t]*(?:[.!]+[ \t]*(?=\s|$)|$|\n)",
    re.IGNORECASE,
)
# ... and no other part of the request may set apart, hold or condition a mailbox ("Also Finance is
# excluded.", "Finance is off limits too.", "Hold Finance.", "Finance ⏳", "- ask Mike first"): the
# directory's set less the one list cannot honour a second one said elsewhere, so such a request is asked
NLU125_APART_ELSEWHERE: Final = LazyPattern(
    r"(?<![\w-])(?:exclud\w*|except\w*|off[- ]?limits|not|never|no|don['’]?t|do\s+not|nor|without|w/o|save|"
    r"sparing|apart|other\s+than|leave|leaving|left\s+out|aside|skip\w*|hold\w*|held|pending|wait\w*|"
    r"ask|check\w*|confirm\w*|approv\w*|if|unless|once|when|after|only|just|too|also|either|"
    r"cancel\w*|drop|scratch|nvm|tbd|tbc|denied|reject\w*|declin\w*)(?![\w-])|\w+n['’]t\b|[⏳⌛❌✘✗✖☐🚫⛔]",
    re.IGNORECASE,
)
# (nlu131) a shared mailbox the reason after the list names only as the team someone joins ("- he's joining
# support") says why, nothing of the list; named any other way ("- she's done with finance") it is asked
NLU131_REASON_JOINS_BEFORE: Final = LazyPattern(
    r"\b(?:joining|joins|joined|moving\s+to|moves\s+to|moved\s+to|transferring\s+to|transferred\s+to|"
    r"starting\s+(?:in|on)|starts\s+(?:in|on)|started\s+(?:in|on))[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
NLU125_APART_UNREAD_ASK: Final = (
    "The request sets {said!r} apart from every shared mailbox, and says more of what is left out or held "
    "than can be read whole: name the shared mailboxes the change is for."
)
# "all shared mailboxes, HR excluded": the one set apart said after, with a word that sets it apart (read as
# HR alone, it granted HR); asked
NLU125_ALL_SHARED_THEN_APART: Final = LazyPattern(
    r"\b(?:all|every|each)\s+(?:(?:of\s+)?(?:the|our)\s+)?shared\s+(?:mailbox(?:es)?|inbox(?:es)?)\b"
    r"[^.;!?\n]*?(?<![\w-])(?:excluded|excepted|aside|left\s+out|not\s+included|off[- ]?limits|exempt(?:ed)?|"
    r"(?:is|are)\s+not)(?![\w-])",
    re.IGNORECASE,
)
# (nlu125, red team 70 class 1) One the request says to ask, check with or have confirm first ("- ask Mike
# first", "- check with Mike first", "- Mike to confirm", "(and Finance - ask Mike first)") is an approver
# still to be asked: never a trustee (Mike was given what Tom was), and what the aside is said of is held
# until that person agrees, as "pending Mike" is; the request is asked
_NLU125_NAME = r"(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?"
NLU125_ASK_FIRST: Final = LazyPattern(
    r"(?<![\w-])(?:ask|check(?:[ \t]+it)?[ \t]+with|confirm(?:[ \t]+it)?[ \t]+with|"
    r"clear[ \t]+(?:it|this)[ \t]+with|run[ \t]+(?:it|this)[ \t]+(?:by|past)|"
    r"get[ \t]+(?:the[ \t]+)?(?:ok|okay|go-?ahead|sign-?off)[ \t]+from)[ \t]+"
    # (nlu130: the one to ask said as him/her/them, "; check with him first": asked first, never ignored)
    + r"(?:him|her|them|"
    + _NLU125_NAME
    # (nlu130: "check with Mike before you do": before the change, as "first" is)
    + r"(?:['’]s)?)[ \t]+(?:first|beforehand|before(?=[ \t]+(?:you|we|doing|making|granting|giving|adding|"
    r"removing|it|this|that|going|actioning|proceeding)\b))(?![\w-])"
    # (nlu130: "... after checking with Mike", "once you have cleared it with Mike": the check still to come)
    r"|(?<![\w-])(?:after|once|when)[ \t]+(?:you[ \t]+(?:have[ \t]+|['’]ve[ \t]+)?)?"
    r"(?:checking|checked|confirming|confirmed|clearing|cleared|running|run)(?:[ \t]+(?:it|this|that))?[ \t]+"
    r"(?:with|by|past)[ \t]+(?:him|her|them|" + _NLU125_NAME + r")(?![\w-])"
    r"|(?:^|[-–—(,;:][ \t]*)"
    + _NLU125_NAME
    + r"[ \t]+to[ \t]+(?:confirm|approve|sign[ \t]+off|ok|okay)(?![\w-])",
    re.IGNORECASE | re.MULTILINE,
)
# a checklist line's box ("[ ] Sales - Mike to approve"): its status is the form's to read, holding that part
NLU125_BOX_LINE: Final = LazyPattern(r"^[ \t]*(?:[-*•][ \t]*)?(?:\[[ \txX]?\]|[☐☑✅⏳✔✖❌])", re.MULTILINE)
NLU125_ASK_FIRST_ASK: Final = (
    "The request says {said!r}: that person is to be asked first, and is not given anything. Has it been "
    "agreed? Send the request again once it is, saying which changes to make."
)
# (nlu125, red team 70 class 3) "The Sales account is still on all-sales, please remove it": once something is
# said to be on (or in) a list, a later "remove it" is what is on it, never the list ("The test account",
# "The Pat account" deleted all-sales); a list is deleted only when it is the object of the delete wording
# itself ("delete the all-sales list"). Where "it" cannot be read as the account, asked
NLU125_ON_LIST_THEN_IT: Final = LazyPattern(
    r"(?<![\w-])(?:is|are|was|were|has\s+been|have\s+been|['’]s|['’]re)\s+(?:still\s+|also\s+|now\s+)*(?:on|in)\s"
    r"[\s\S]{0,200}?(?<![\w-])(?P<said>(?:remove|delete|drop|kill|nuke|get\s+rid\s+of|take\s+down|deactivate|"
    r"disable|close|retire|archive)\s+(?:it|that|this|that\s+one|this\s+one))(?![\w-])",
    re.IGNORECASE,
)
NLU125_ON_LIST_THEN_IT_ASK: Final = (
    "The request says something is on {group!r} and then {said!r}: take it off {group!r}, or delete the "
    "list itself? Name what should be removed."
)
# (nlu125, red team 70 class 7) "Tom gets full access to Sales when he replies from helpdesk@": a "when"
# clause telling what someone does from or as a mailbox is the situation, context the request is about, never
# one more mailbox the change is on (support@ was given full access too); with another mailbox in the plan,
# which one a later "it" means cannot be told either, so the request is asked (alone, as in "gets an error
# when she replies from billing@ ... give her send as on it", the one mailbox is what "it" is)
NLU125_WHEN_SITUATION: Final = LazyPattern(
    r"(?<![\w-])(?:when|whenever|every\s+time|each\s+time)\s+(?:[\w'’-]+\s+){1,3}?"
    r"(?:replies|reply|replying|sends|send|sending|emails|email|writes|write|answers|answer|responds|respond|"
    r"forwards|logs\s+in|signs\s+in)\s+(?:[\w'’-]+\s+){0,3}?(?:from|as|on|using|through|via|in)\s+(?:the\s+)?"
    r"(?P<box>[\w.+'’-]+@(?:[\w-]+(?:\.[\w-]+)*)?|(?-i:[A-Z])[\w-]*)",
    re.IGNORECASE,
)
NLU125_WHEN_SITUATION_ASK: Final = (
    "The request says {said!r}, which tells when something happens, not a mailbox to change, and names "
    "another mailbox too: which mailbox should the change be on?"
)
# ("Finance mailbox ⏳": a part named with the kind of thing it is, read as its name)
NLU125_PART_KIND_AFTER: Final = LazyPattern(
    r"[ \t]+(?:mailbox|inbox|box|list|dl|group|distribution\s+list|shared\s+mailbox)$", re.IGNORECASE
)
NLU125_UNMARKED_ASK: Final = (
    "The request marks its parts in a checklist, but {said!r} has no mark of its own: say which changes "
    "should be made now."
)
NLU120_APART_NOT_ONE_ASK: Final = (
    "The request sets {which!r} apart from every shared mailbox, but {which!r} is not one shared mailbox of "
    "the directory: say which shared mailboxes are left out, or name the ones it is for."
)
NLU120_APART_NONE_LEFT_ASK: Final = (
    "The request sets {said!r} apart from every shared mailbox, which leaves none: name the shared mailboxes "
    "it is for."
)
NLU120_APART_CLAUSE_ASK: Final = (
    "The request says {said!r} after every shared mailbox, with more said of it: is it left out, or only "
    "said of? Name the shared mailboxes the change is for."
)
NLU120_LIST_JOIN: Final = (", ", " and ")
# (nlu120) Where a sentence of the request ends: an exclusion or a hold is said of the people (or the things)
# its own sentence names, so "Give Tom full access to Sales, sparing Finance. Give Chris Lee Finance." sets
# Finance apart from Tom, never from Chris (excluded.said_of)
NLU120_SENTENCE_BOUND: Final = LazyPattern(r"[.!?;](?=\s|$)|\n")
# the words every hold held_parts reads holds one of (NLU117_HELD_AFTER, _BEFORE, the approved-only
# readings, the marks): a request with none is no held part's, and its names are not looked for again
NLU120_HOLD_CUE: Final = LazyPattern(
    r"pending|wait|hold|held|withdr|cancel|approv|denied|reject|declin|tbd|tbc|to\s+be\s|nvm|"
    r"never\s*mind|scratch|skip|drop|signed\s+off|green|ok['’]?d|okay|authori[sz]|cleared|agreed|"
    # (nlu142: "Finance: no", "- finance@ – later", "Finance not yet", "awaiting Mike's OK for finance@")
    r"[:\-–—=][ \t]*(?:no|nope|not\s+now|out|removed?|leave\s+it)(?=[ \t]*(?:[.!(\n]|$))|later|yet\b|refus|"
    r"\bok\b|sign[-\s]?off|"
    r"[⏳⌛❌✘✗✖☐]|\[[ \t]\]",
    re.IGNORECASE,
)
# what may stand inside a name or an address beside letters and digits ("all-sales", "hr@acme.com")
NLU120_NAME_CHARS: Final = "@._-"
# each right of NLU117_HELD_RIGHTS as a question says it (nlu142: "Full access ✅" approves that right alone)
NLU142_RIGHT_SAID: Final = {
    "send_as": "send as",
    "send_on_behalf": "send on behalf",
    "mailbox_delegation": "full access",
}
# NLU117_HELD_RIGHTS as patterns, compiled once
NLU120_HELD_RIGHTS: Final = tuple(
    (action, LazyPattern(rf"(?<![\w-])(?:{right})(?![\w-])", re.IGNORECASE))
    for action, right in NLU117_HELD_RIGHTS
)
# (nlu120, red team 68 class 3) The marks a checklist said on one line sets beside its parts ("Finance ⏳
# Sales ✅", "Sales ✔ Finance ☐", "Finance (pending) Sales ✅"), each with the status it says in words: a tick
# is approved, a clock or an hourglass is pending, a cross or an empty box is not approved. Which side of its
# part a mark stands on is read from the line's ends (marks.said_as_words): a mark ending the line follows its
# part, one opening it goes before; with neither, or both, which part a mark is of cannot be told and is asked
NLU120_MARK_STATUS: Final = {
    **dict.fromkeys("✅✔☑✓", "approved"),
    **dict.fromkeys("⏳⌛🕒⏰⏱⏲" + "".join(chr(c) for c in range(0x1F550, 0x1F568)), "pending"),
    **dict.fromkeys("❌✘✗✖☐⛔🚫", "not approved"),
    # (nlu126, red team 70 §6: a thumb or a traffic light is a verdict as a tick or a cross is)
    **dict.fromkeys("👍🟢", "approved"),
    **dict.fromkeys("👎🔴", "not approved"),
    # (nlu131, red team 71 class 2: "soon", a raised hand, pause, works and stop say the part waits)
    **dict.fromkeys("🔜✋⏸🚧🛑", "pending"),
}
# the statuses (of NLU120_MARK_STATUS, NLU126_TOKEN_STATUS, NLU120_WORD_STATUS) that let a part be done now
NLU131_APPROVING: Final = frozenset({"approved"})
# "⏳ finance (Mike)": who or why a status line's part waits on, in brackets after it, is no part of its name
# a line that may be one part and its hold in words ("Finance – pending", "- Sales: on hold"): the words
# before the first stop or mark, the part among them read by NLU117_HELD_AFTER (marks._held_in_words)
NLU131_WORDS_LINE: Final = LazyPattern(
    r"[ \t]*(?:[-*•][ \t]+)?(?P<words>[\w@.&'’]+(?:[ \t]+[\w@.&'’]+){0,2})"
)
NLU131_PART_ASIDE: Final = LazyPattern(r"[ \t]*\([^()\n]*\)[ \t]*$")
# (nlu126) marks typed in letters: a box ("[x]", "[ ]"), a chat client's code (":white_check_mark:",
# ":x:"), a chat client's letter in brackets ("(y)", "(n)") and a vote ("+1", "-1"); each a mark only as
# a whole token, so "-1" inside "all-1" or a "(y)" in a word is none, and a vote never before a number
# ("+1 555 0100" is a signature's phone number: eight held-out signatures were asked about)
NLU126_TOKEN_STATUS: Final = {
    "[x]": "approved",
    "[✓]": "approved",
    "[✔]": "approved",
    "[ ]": "not approved",
    ":white_check_mark:": "approved",
    ":heavy_check_mark:": "approved",
    ":ballot_box_with_check:": "approved",
    ":thumbsup:": "approved",
    ":+1:": "approved",
    ":x:": "not approved",
    ":no_entry:": "not approved",
    ":no_entry_sign:": "not approved",
    ":thumbsdown:": "not approved",
    ":-1:": "not approved",
    "(y)": "approved",
    "(n)": "not approved",
    "+1": "approved",
    "-1": "not approved",
}
NLU120_PART_MARK: Final = LazyPattern(
    r"(?:[" + "".join(NLU120_MARK_STATUS) + r"]\ufe0f?"
    r"|\((?P<word>pending|approved|done|denied|rejected|on\s+hold|awaiting\s+approval|not\s+approved)\)"
    r"|(?<!\S)(?P<token>\[[x✓✔ \t]\]|:(?:white_check_mark|heavy_check_mark|ballot_box_with_check|thumbsup|"
    r"thumbsdown|x|no_entry|no_entry_sign|[+-]1):|\([yn]\)|[+-]1(?!\s*\d))(?=[\s,;.!|/]|$))",
    re.IGNORECASE,
)
# the marks forms.checked reads as boxes before their labels ("☑ Send As ☐ Full Access"): a line of these
# alone, opened by one, is a form's and left to it
NLU120_BOX_MARKS: Final = frozenset("✅✔☑❌✖☐[")
# a part beside its mark: a few words, once what stands between the parts is cut ("Finance, ⏳ Sales")
NLU120_PART_WORDS: Final = LazyPattern(r"[\w@.&'’-]+(?:[ \t]+[\w@.&'’-]+){0,3}")
NLU120_PART_TRIM: Final = " \t,;|/·•-–—&"
# "Done ✅ thanks", "ok 👍 cheers": a mark between words that name no part (a status, a thanks) is of no part
# of the request; the sentence is no checklist (nlu124: it was asked which part the mark was of)
NLU124_NO_PART_WORDS: Final = LazyPattern(
    r"(?:[ \t,;.!-]*\b(?:done|thanks|thank\s+you|thx|ty|tia|cheers|ok|okay|approved|great|perfect|please|pls|"
    r"all|good|sorted|lovely|much\s+appreciated|appreciated|many\s+thanks)\b[ \t,;.!-]*)*",
    re.IGNORECASE,
)
NLU120_WORD_STATUS: Final = {"done": "approved"}
# what ends a label opening the line before its first part ("Status: Finance ⏳ Sales ✅")
NLU120_PART_LABEL_END: Final = LazyPattern(r"[:,;|]")
NLU120_PART_AND: Final = LazyPattern(r"^(?:and|&)\s+|\s+(?:and|&)$", re.IGNORECASE)
# where a line's sentence ends, so a checklist said after the request on its line is read alone
NLU120_SENTENCE_END: Final = LazyPattern(r"(?<=[.!?;])[ \t]+")
NLU120_MARKS_UNCLEAR_ASK: Final = (
    "The request marks its parts with {said!r}, and I cannot tell which part each mark is of: say which "
    "changes should be made now."
)
# A surname ruled out after a title ("but not Ms Wilson", "but not Mr. Lee") or as a later one of a list
# ruled out ("but not Becker or Lee") is the one named in full, as a bare surname is (rules.
# _surnames_said_in_full; red team 61 removed Chris and Emma after all)
NLU97_TITLE_END: Final = LazyPattern(r"\b(?:mr|mrs|ms|mx|dr|prof|miss)\.?\s*$", re.IGNORECASE)
NLU97_RULES_OUT_LIST_BEFORE: Final = LazyPattern(
    r"\b(?:not|except|excluding|exclude|without|apart\s+from|other\s+than|besides|minus|skip)\s+(?:for\s+)?"
    r"(?:(?-i:[A-Z][\w'-]*)(?:\s+(?-i:[A-Z][\w'-]*))?\s*(?:,\s*(?:or\s+|and\s+|nor\s+)?|or\s+|and\s+|nor\s+))+$",
    re.IGNORECASE,
)

# --- nlu99 (red team 61 U4, U5) ---
# An end said by what the access is for, in words no end is read from ("for the migration", "during the
# cutover weekend", "until his probation", "for this project only"): "during", "through", "until" and "till"
# always say a time, and "for" before a noun phrase with a determiner (or a period named alone, "for
# year-end") says one unless the phrase names a thing or a person the access serves. Which: its head (the
# phrase's last word; English noun phrases end in their head) is looked up in NLU99_NOT_AN_END, and a name
# of two or more capitalised words ("for the Alex Kim in Engineering") is a person or a thing named. What is
# left ends when that happening or period ends, which the planner cannot tell: the end is asked. An
# open-ended default with a closed list of reasons, never a list of events: events are an open class.
# (nlu105 reversed that default for "for": blind writers read "for the audit" as a purpose, so "for" asks
# only on a bounded period's name, NLU105_PERIOD_HEADS; the other prepositions still read it this way)
_NLU99_DET = r"(?:the|his|her|their|this|that|our|my|your|its|today's|tomorrow's)"
_NLU99_PERIOD_ALONE = (
    r"(?:(?:year|month|quarter|week|period)[\s-]?end|probation|cutover|go[\s-]?live|notice\s+period|busy\s+season"
    r"|peak\s+season)"
)
# the words that end a noun phrase: a preposition, a conjunction, an adverb, a verb or a pronoun starts what
# comes after it ("for the launch on Friday", "for the audit and add him to ...", "for the pilot only")
_NLU99_AFTER_PHRASE = (
    r"only|please|pls|plz|and|or|but|too|as|so|then|if|while|when|because|since|to|for|with|on|in|at|of|from"
    r"|until|till|til|through|thru|by|via|is|was|are|were|will|would|should|can|could"
    r"|that|which|who|whom|whose|where|it|we|they|he|she|i|you|next|tomorrow|today|tonight|later"
    r"|though|thanks|thank|again|also|anyway|just|now|first|pending|thx|cheers|asap|x|§t"
)
NLU99_END_BY_WHAT: Final = LazyPattern(
    r"(?<![\w-])(?P<prep>for|during|through(?:out)?|thru|until|till|til)\s+(?:(?:just|only)\s+)?"
    # ("for the time being" is "for now", lx.TEMPORARY's: read over the request as corrected)
    r"(?:" + _NLU99_DET + r"\s+(?:very\s+)?(?!time\s+being\b)|(?=" + _NLU99_PERIOD_ALONE + r"\b))"
    r"(?P<phrase>(?:(?!(?:" + _NLU99_AFTER_PHRASE + r")\b)[\w'’&-]+\s+){0,3}?"
    r"(?!(?:" + _NLU99_AFTER_PHRASE + r")\b)(?P<head>[\w'’&-]+))"
    r"(?=\s*(?:[.,;:!?()\[\]\"]|\n|$)|\s+(?:" + _NLU99_AFTER_PHRASE + r")\b|\s+-)",
    re.IGNORECASE,
    cue=r"\b(?:for|during|through|thru|until|till|til)\s",
)
# Heads that name what the access serves, not when it ends: a place mail is in (a mailbox, a list, a
# calendar), a person or a group of people, and a standing task or what it makes ("for the support rota",
# "for the queue", "for the year-end report", "for the month-end invoices", "for the offsite planning"); a
# task said as a whole noun phrase, with no occurrence of it ("for reporting") has no determiner and is never
# read here. Said in the singular; a plural "s" is taken off before the look-up.
NLU99_NOT_AN_END: Final = frozenset(
    # where mail or meetings are
    _words(
        "mailbox mbx box inbox list dl group team calendar account address alias room folder contact channel"
        " desk helpdesk site website drive share mail email e-mail queue diary"
    )
    # people
    + _words(
        "manager boss assistant colleague teammate team-mate deputy successor hire starter joiner intern"
        " contractor client customer supplier vendor people staff department dept office addressee member"
        " user lead head director owner partner agency auditor consultant candidate applicant person guy"
        " folk him her them me us ceo cfo cto coo pa ea"
    )
    # a standing task or what it makes
    + _words(
        "rota roster rotation reporting report invoice invoicing billing payroll booking material ad ticket"
        " backlog reply replies correspondence enquiry enquiries inquiry inquiries complaint order renewal"
        " newsletter job role work duty duties task reason purpose request case issue matter bookkeeping"
        " paperwork document file record minute note planning prep agenda deck slide budget forecast"
        " statement reconciliation run support service admin administration accounts recruitment"
        " recruiting hiring post posting sign-off approval kpi dashboard data content copy pipeline contract"
        " quote follow-up escalation region territory app tool system integration crm erp portal"
    )
    # someone's absence, which a cover's grant is for: read as an absence (ABSENCE_*, PERIOD_UNREAD)
    + _words("leave absence vacation holiday off trip travel sabbatical illness")
)
# A grant said in the body to be for good ("permanent send as"): a Subject line's end is never put on it
NLU99_PERMANENT: Final = LazyPattern(r"\bpermanent(?:ly)?\b", re.IGNORECASE)
# (a plural head is looked up without its "s": "for the invoices", "for our customers")
NLU99_PLURAL: Final = "s"
# --- nlu105 (held-out survivors nlu99 broke) ---
# Purposes vs periods, the principle: "for" + a noun phrase says how long only when the phrase's NAME is a
# bounded period, which the access then ends with: a migration, cutover, transition, go-live, notice period,
# probation, trial, pilot, POC, busy season, peak, a year-, quarter- or month-end close, a shift, the rest or
# the length of something. Work the access serves (an audit, a campaign, a bid, a launch, a handover, a
# project, a report) is a purpose: blind writers read "for the audit" or "for the spring campaign" as why the
# access is wanted and want it for good; a person or role after "for" ("for our accountant") is whom it is
# for. So "for" asks only on these heads (a phrase's head is its last word; a compound's last part counts,
# "go-live", "month-end"), or when "only"/"just" restricts the grant to the phrase ("for this project
# only"); "during", "through", "until" and "till" say a time whatever follows (NLU99_NOT_AN_END aside).
# A period event is an open class too, but a small and fixed-shaped one (a phase of a change, a stage of a
# job, a part of the calendar): an unknown head is a purpose, planned for good as before nlu99.
NLU105_PERIOD_HEADS: Final = frozenset(
    # a phase of a change
    _words(
        "migration cutover cut-over changeover switchover transition go-live golive live freeze interim"
        " meantime meanwhile"
    )
    # a stage of a job or a try-out
    + _words("probation notice secondment trial pilot poc evaluation eval tryout try-out")
    # a part of the calendar
    + _words(
        "period season peak close end year-end month-end quarter-end week-end weekend week fortnight month"
        " quarter year day shift sprint term semester summer winter spring autumn fall christmas holidays"
        " rest length duration remainder"
    )
    # an occasion held at a time, as NLU95_SPAN_SAID's meetings and events are
    + _words("webinar seminar")
)
# (the preposition whose phrase is a purpose unless it names a period)
NLU105_FOR: Final = "for"
# "just for the audit", "for this project only": the grant said limited to the phrase, an end by what
NLU105_ONLY_BEFORE: Final = LazyPattern(r"\b(?:just|only)\s*$", re.IGNORECASE)
NLU105_ONLY_AFTER: Final = LazyPattern(r"^\s+(?:only|alone)\b", re.IGNORECASE)
# Attachment: a phrase of "for" is the grant's only inside the grant's clause. The clause a phrase is in
# starts after the last sentence or clause boundary before it: a stop, a new line, a dash, a colon, or a
# word that opens a clause of its own ("so they can ...", "because", "as I'm ...", "I'm doing ..."); when
# what stands in that clause before the phrase names no grant (no right, no place mail is in, no verb of
# giving, needing or covering) and is more than the request pointed at ("It's for", "This is only for",
# "needed for"), the phrase modifies that clause's own verb or noun ("I'm doing the budget for the launch",
# "Sarah asked for this one") and says nothing of the grant's end.
NLU105_CLAUSE_START: Final = LazyPattern(
    r"[.!?;:](?=\s|$)|\n|\s[-\u2013\u2014]+\s|,"
    r"|\b(?:so(?:\s+that)?|because|cause|cos|coz|since|as|while|although|though|whereas)\s+"
    r"(?=(?:i|we|they|he|she|you|it|there)\b)"
    r"|\b(?=(?:i|we|they|he|she|you)(?:'m|'re|'s|'ve|'ll|\s+am|\s+are|\s+is|\s+was|\s+were|\s+will"
    r"|\s+have|\s+had)\b)",
    re.IGNORECASE,
)
NLU105_GRANT_CLAUSE: Final = LazyPattern(
    r"\b(?:access|send[\s-]*as|sendas|send\s+on\s+behalf|sob|delegat\w*|permissions?|rights?|full|read"
    r"|reviewer|editor|author|free/?busy|availability|calendar|diary|mailbox|mbx|inbox|list|dl|group|team"
    r"|add(?:ed|ing)?|join(?:ed|ing)?|share[ds]?|sharing|giv(?:e|es|en|ing)|gave|grant(?:ed|ing|s)?|let"
    r"|forward(?:ed|ing|s)?|fwd|member(?:ship)?|need(?:s|ed|ing)?|want(?:s|ed)?|require[ds]?|get|got"
    r"|set\s+up|put|include[ds]?|enable[ds]?|assign(?:ed)?|cover(?:s|ing)?|it|him|her|them|me|us|this|that)\b|@",
    re.IGNORECASE,
)
# what before the phrase only points at the request ("It's", "This is only", "needed", "and"): the grant's
NLU105_POINTS_AT_REQUEST: Final = LazyPattern(
    r"^\s*(?:(?:and|but|also|all|it|this|that|which|these|those)\s*)?(?:'s|is|are|was|will\s+be|would\s+be)?"
    r"\s*(?:(?:only|just|needed|required|wanted|mainly|mostly|purely|strictly|temporarily)\s*)*$",
    re.IGNORECASE,
)
# A grant said to end without saying when: "expiring", "set it to expire", "remove it again afterwards",
# "Permanent: no", "(cover)", "on a trial basis", "as a one-off", "one time", and the words of other languages
# that say it (German "befristet", "temporär", "provisorisch", "vorübergehend"; French "temporaire",
# "provisoire"); and an end said as another grant's we never saw ("the same period as last time"), or a part
# of today no end is read from ("tonight", "this afternoon"). Asked: a grant for good is not what was said.
NLU99_ENDS_UNSAID: Final = LazyPattern(
    # (of the grant to come: "did it expire?", "it expired" and "expires Friday", an end read, are no such)
    r"\b(?:expiring|(?:to|should|must|will|can|and|then|let\s+it|make\s+it)\s+expire"
    r"|with\s+(?:an?\s+)?expiry(?:\s+date)?|expir(?:y|ation|es)\s*[:?]\s*(?:yes|y)\b)"
    r"(?!\s*(?:on\s+|at\s+|in\s+|by\s+|after\s+)?§t)(?![\w-])"
    r"|\b(?:remove|revoke|take|pull|switch|turn)\s+(?:it|them|that|this|the\s+access|access|him|her)\s+"
    r"(?:(?:away|off|back|out)\s+)?(?:again\s+)?(?:afterwards?|after(?:\s+that)?|later(?:\s+on)?"
    r"|when\s+(?:\w+\s+)?(?:is\s+|are\s+)?(?:done|finished|over|back))\b"
    r"|\bpermanent(?:ly)?\s*[:?]\s*(?:no|nope|n)\b"
    r"|\(\s*(?:cover|covering|trial|pilot|one[\s-]off)\s*\)"
    r"|\b(?:on\s+an?\s+|as\s+an?\s+)?trial(?:\s+basis|\s+period|\s+run)\b|\bas\s+an?\s+trial\b"
    r"|\b(?:as\s+an?\s+)?one[\s-]off\b|\bone[\s-]time(?:\s+only)?\b(?!\s+(?:password|code|passcode|pin|link))"
    r"|(?<![\w-])(?:befristet|tempor(?:ä|ae)r|temporaire|provisorisch|provisoire|vor(?:ü|ue)bergehend)(?![\w-])"
    # ("Zeitlich begrenzt.", "limité dans le temps": "limited in time"; nlu111, red team 65 granted for good)
    r"|(?<![\w-])(?:zeitlich\s+(?:begrenzt|beschr(?:ä|ae)nkt)|limit(?:é|e)e?s?\s+dans\s+le\s+temps)(?![\w-])"
    r"|\b(?:same|usual)\s+(?:period|time|length|duration|end|dates?|span|terms?)\s+as\s+"
    r"(?:last\s+time|before|previously|usual|last\s+\w+|the\s+last\s+one)\b|\b(?:as|like)\s+last\s+time\b"
    r"|\b(?:tonight|this\s+(?:afternoon|evening|morning)|(?:till|until|til|by)\s+(?:lunch(?:time)?|noon"
    r"|midday|close|home\s*time|knocking[\s-]off\s+time))\b",
    re.IGNORECASE,
)
# A length with two units set against each other ("2w3d", "3d12h", "2w 3d"): read whole or asked, never cut
# to a part the reader reads as all of it
NLU99_COMPACT_LENGTH: Final = LazyPattern(
    r"(?<![\w.@-])\d+\s*(?:w|wk|d|h|hr|m|mo)\s*\d+\s*(?:w|wk|d|h|hr|m|min)s?(?![\w@-])"
    # ("for 2w 3d", "for 1 day 12 hours": the first length read, §t, and the second set right after it)
    r"|§t[ \t]+(?:\d+\s*(?:min|hr|h|d|wk|w|mo|yr)"
    r"|(?:\d+|an?|one)\s+(?:minute|hour|day|week|fortnight|month|year))s?(?![\w@-])",
    re.IGNORECASE,
)
# A time said inside text struck out ("<s>until Friday</s>", "for <s>a month</s>"): the end taken back with
# no other said in its place is asked, never read as for good (markup.as_text leaves NLU99_STRUCK_SAY for it)
NLU99_STRUCK_TIME: Final = LazyPattern(
    r"\b(?:until|till|til|through|thru|by|ends?|ending|expir\w*|today|tonight|tomorrow|eod|cob|noon"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:a|an|one)\s+(?:minute|hour|day|week|fortnight|month|year)"
    r"|\d+\s*(?:minute|min|hour|hr|h|day|d|week|wk|w|fortnight|month|mo|year|yr)s?)\b",
    re.IGNORECASE,
)
NLU99_STRUCK_SAY: Final = " (time redacted) "
NLU99_STRUCK_SAID: Final = LazyPattern(r"\(time redacted\)")
# (nlu100, red team 62) The status of a part, read as a clause: a SUBJECT that is a part the request names
# (by its name in any case, its address, or a reference: "that one", "the second one", "the latter", "the
# Billing bit"; several together: "Billing and Finance", "Billing & Finance", "Billing, Finance") and a
# PREDICATE that is a status: refused ("denied", "isn't approved", "not going ahead", "a hard no", "out") or
# put off ("on hold", "later", "TBD", "parked", "pending Mike's OK", "needs Priya's OK first", "waiting on
# Mike"). halts._part_statuses drops each part so said; whoever or whatever the status is said by decides
# whether it is one (a system or no one: a report; "by mistake", "before": asked)
_NLU100_WORD = r"[^\W\d_][\w&-]*(?:['’](?!s\b)[\w&-]+)*(?:[@.][\w-]+)*"
# (a second word of a part's name is never the copula, an adverb or the status after it)
_NLU100_NOT_NAME = (
    r"(?!(?:is|are|was|were|has|have|had|got|gets|stays|remains|will|won|isn|aren|wasn|weren|hasn|haven|still"
    r"|currently|now|also|just|sadly|unfortunately|definitely|officially|for|first|then|later|pending|on|held"
    r"|subject|awaiting|waiting|needs?|requires?|not|no|nope|out|a|tbd|tbc|to|by|until|till"
    # (nlu110) "Finance approved, Sales not yet": the status of the part before is no word of its name
    r"|approved|okayed|cleared|granted|signed|fine|done|yes|and|or)\b)"
)
_NLU100_ITEM = (
    r"(?:the\s+)?"
    + _NLU100_WORD
    + r"(?:\s+"
    + _NLU100_NOT_NAME
    + _NLU100_WORD
    + r")?(?:['’]s\s+(?:bit|part|one|side|piece|request|access|grant))?"
)
_NLU100_SUBJECT = (
    r"(?P<subject>"
    + _NLU100_ITEM
    # ("Billing, that's a no": "that" takes the part up again, no part of a list)
    + r"(?:(?:\s*,\s*(?:and\s+)?|\s*[&/]\s*|\s+and\s+)(?!(?:that|it|this)\b)"
    + _NLU100_ITEM
    + r"){0,4})"
)
_NLU100_WHO = r"[A-Za-z][\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*)?"
_NLU100_APPROVAL = (
    r"(?:approval|sign[-\s]?off|ok|okay|go[-\s]?ahead|consent|say[-\s]?so|permission|blessing|green\s+light)"
)
_NLU100_PRED = (
    r"(?:(?P<refused>refused|denied|rejected|declined|vetoed|disapproved|cancell?ed|withdrawn|scrapped|struck"
    r"|blocked|dropped|not\s+(?:yet\s+)?approved|not\s+going\s+ahead|not\s+happening|not\s+(?:needed|wanted)"
    # (nlu110) "Sales no longer needed", "Sales not yet approved"
    r"|no\s+longer\s+(?:needed|wanted|required|necessary)|off\s+the\s+table"
    r"|(?:a\s+)?(?:(?:hard|definite|firm|flat|clear|big|straight)\s+)?no(?:-?go)?|nope|out"
    # (nlu108) "got the thumbs down", "was turned down", "knocked back"
    r"|turned\s+down|knocked\s+back|(?:the\s+|a\s+)?thumbs[-\s]?down|(?:the\s+|a\s+)?red\s+light)"
    r"|(?P<awaits>(?:pending|subject\s+to|awaiting|waiting\s+(?:on|for)|needs?|requires?)\s+"
    # ("needs CFO approval first": the approver named before the approval, no possessive)
    r"(?:"
    + _NLU100_WHO
    + r"['’]s\s+|(?:an?|the|his|her|their)\s+|(?-i:[A-Z])[\w.-]*\s+)?"
    + _NLU100_APPROVAL
    + r"(?:\s+first)?"
    r"|waiting\s+(?:on|for)\s+"
    + _NLU100_WHO
    # (nlu110) "Sales awaiting Legal", "Sales pending Mike's return", "Sales - Mike to approve": a part that
    # waits for someone, or for someone's event
    + r"|awaiting\s+(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*)?"
    r"|(?:pending|awaiting|subject\s+to)\s+" + _NLU100_WHO + r"['’]s\s+(?-i:[a-z])[\w-]*"
    r"|(?:for\s+)?(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*)?\s+to\s+(?:approve|sign\s+off|ok|okay|confirm"
    r"|decide|review)(?:\s+(?:it|this|first))?"
    r")"
    r"|(?P<held>on\s+hold|held(?:\s+back)?|pending(?:\s+approval)?|awaiting\s+approval|(?:for\s+)?later|tbd|tbc"
    r"|to\s+be\s+(?:decided|confirmed|agreed)|undecided|parked|deferred|postponed|shelved|paused|on\s+ice"
    r"|under\s+review|not\s+(?:yet|now)"
    # (nlu108) "has been put on hold by legal", "to follow once approved", "still being reviewed", "needs to
    # wait for Mike"
    r"|put\s+on\s+hold|to\s+follow(?:\s+(?:once|when|after)\s+(?:it\s+is\s+|it['’]s\s+)?approved|\s+later)?"
    r"|(?:being|to\s+be)\s+(?:reviewed|considered|discussed)|in\s+review"
    r"|(?:needs?|has|have|must|will\s+have)\s+to\s+wait(?:\s+(?:for|on|until)\s+" + _NLU100_WHO + r")?))\b"
)
# (the copula or mark between them; "isn't approved", "hasn't been approved": an approval denied)
_NLU100_LINK = (
    # ("As for Billing, that's a no": the part said first, then taken up by "that" or "it")
    r"(?:\s*,\s*(?:that|it|this)(?:['’]s|\s+is|\s+was|\s+has\s+been)\s+"
    r"|\s*:\s*|\s*,\s*|\s+[-–—]+\s*|['’]s\s+been\s+|['’]s\s+|\s+(?:is|are|was|were|has\s+been|have\s+been"
    r"|had\s+been|got|gets|stays|remains|will\s+be)\s+|\s+)"
    r"(?:(?:still|currently|now|also|just|sadly|unfortunately|definitely|officially|for\s+now)\s+)*"
)
_NLU100_NOT_OK = (
    r"\s+(?P<notok>(?:isn['’]t|aren['’]t|wasn['’]t|weren['’]t|is\s+not|are\s+not|was\s+not|were\s+not"
    r"|hasn['’]t\s+been|has\s+not\s+been|haven['’]t\s+been|have\s+not\s+been|won['’]t\s+be|will\s+not\s+be"
    # (nlu108) "Finance didn't get approved"
    r"|didn['’]t\s+get|did\s+not\s+get|never\s+got|hasn['’]t\s+got(?:ten)?|has\s+not\s+got(?:ten)?)"
    r"\s+(?:yet\s+)?(?:approved|signed\s+off|cleared|okayed|ok['’]?d|authori[sz]ed|going\s+ahead|happening"
    r"|agreed))\b"
)
# (a word every status holds: the clause is looked for only where one is)
_NLU100_STATUS_CUE = (
    r"\b(?:refused|denied|rejected|declined|vetoed|disapproved|cancell?ed|withdrawn|scrapped|struck|blocked|dropped"
    r"|not|no|nope|out|off|hold|held|pending|awaiting|later|tbd|tbc|to\s+be|undecided|parked|deferred|postponed"
    r"|shelved|paused|ice|review|subject|waiting|needs?|requires?|isn['’]t|aren['’]t|wasn['’]t|weren['’]t|hasn['’]t"
    r"|haven['’]t|won['’]t|didn['’]t|did|never|turned|knocked|thumbs|red|put|follow|being|reviewed|considered"
    r"|discussed|wait|approve|confirm|decide|review|longer)\b"
)
# where a clause may begin: a sentence or line, after a comma or dash ("..., but Billing is denied")
_NLU100_START = (
    r"(?:^|(?<=[.!?;\n,])|(?<=\s[-–—]))[ \t]*(?:[-–—*•]+[ \t]*)?"
    # (nlu110) a line of a checklist ("[ ] Sales - Mike to approve") or an edit under the request ("EDIT:
    # Sales cancelled", "UPDATE: please withdraw Sales")
    r"(?:\[[ \t]?[xX✓✔]?[ \t]?\][ \t]*)?(?:(?:edit(?:ed)?|update[ds]?|upd|correction)[ \t]*[:\-–—][ \t]*)?"
    r"(?:(?:but|and|though|however|also|so|oh|ps|actually)[,\s]+)?"
    # (nlu110) "Only Finance needs approval": what is said of the one part only is still said of it
    r"(?:(?:only|just)\s+)?"
    r"(?:as\s+(?:for|to|regards)\s+)?"
)
NLU100_PART_STATUS: Final = LazyPattern(
    _NLU100_START + _NLU100_SUBJECT + r"(?:" + _NLU100_NOT_OK + r"|" + _NLU100_LINK + _NLU100_PRED + r")"
    # ("Billing is parked? Unpark it.": a status asked about is none said; after a comma, a clause of its
    # own: "Billing denied, Finance approved")
    r"(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=_NLU100_STATUS_CUE,
)
# "Strike billing.", "No to Billing.", "Wait on Billing until Friday.", "wait on Mike" (a person awaited)
NLU100_PART_STRUCK: Final = LazyPattern(
    _NLU100_START
    + r"(?:please\s+|pls\s+)?(?P<verb>strike(?:\s+out)?|scratch|scrap|nix|(?:say\s+)?no(?:\s+to)?"
    # (nlu110) "please withdraw Sales", "NVM Sales", "never mind the Sales part", "skip Sales for now"
    r"|withdraw|cancel|skip|nvm|never\s?mind"
    r"|(?P<wait>wait(?:ing)?\s+(?:on|with|for))|hold\s+off\s+(?:on|with)|hold)\s+"
    + _NLU100_SUBJECT
    + r"(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:strike|scratch|scrap|nix|no|wait(?:ing)?|hold|withdraw|cancel|skip|nvm|never|nevermind)\b",
)
# (nlu116, red team 68) a later correction that takes a struck part back in: "NVM Sales. Actually, Sales is
# fine, do both.", "... Actually, keep Sales, do both": the sentence opens with a correction's cue and all of
# it restores (the part said fine, kept or put back; "do both"); the strike and it cancel out and the request
# stands as first asked (the strike alone had the last word)
NLU116_RESTORE_CUE: Final = LazyPattern(
    r"^\s*(?:actually|wait|hmm+|sorry|on\s+second\s+thoughts?|scratch\s+that|ignore\s+that|no)\b[,!\s-]*",
    re.IGNORECASE,
)
NLU116_RESTORE_CLAUSE: Final = LazyPattern(
    r"\s*(?:and\s+)?(?:"
    r"(?P<fine>[\w&'’ -]+?)\s+(?:is|['’]s)\s+(?:fine|ok|okay|good|approved|needed|ok\s+too|fine\s+too)"
    r"|(?:please\s+)?keep\s+(?P<kept>[\w&'’ -]+?)(?:\s+in)?"
    r"|(?:please\s+)?(?:put|add)\s+(?P<back>[\w&'’ -]+?)\s+back(?:\s+in)?"
    r"|(?P<all>(?:please\s+)?(?:go\s+ahead\s+and\s+)?do\s+(?:both|all(?:\s+of\s+them)?|them\s+all|the\s+lot))"
    r")(?:\s+(?:after\s+all|too|as\s+well|then))?\s*[.!]?\s*",
    re.IGNORECASE,
)
# "Billing (denied) and Finance": a status in brackets after the part it is said of
NLU100_PART_ASIDE: Final = LazyPattern(
    r"(?P<subject>" + _NLU100_WORD + r")\s*\(\s*(?:is\s+)?" + _NLU100_PRED + r"(?P<tail>[^()\n]*)\)",
    re.IGNORECASE,
    cue=r"\(",
)
# a subject item's words around the part's name: "the Billing bit", "Billing's part"
NLU100_ITEM_FRAME: Final = LazyPattern(
    r"^(?:the\s+)?(?P<name>.+?)(?:['’]s)?(?:\s+(?:bit|part|one|side|piece|request|access|grant|mailbox"
    # (nlu108) "Finance approval: pending": the approval of a part is that part's
    r"|approval|sign[-\s]?off))?$",
    re.IGNORECASE,
)
# a reference to one of the parts listed before ("that one" of two is either: asked)
NLU100_REFERENCE: Final = LazyPattern(
    r"^(?:(?P<that>(?:that|this)\s+one)|(?P<all>both(?:\s+of\s+them)?|all\s+of\s+them|them\s+all)"
    r"|(?:the\s+)?(?:(?P<first>first|former)|(?P<second>second)|(?P<third>third)"
    r"|(?P<last>last|latter|final))(?:\s+one)?)$",
    re.IGNORECASE,
)
# the parts a request lists together ("Billing and Finance", "Billing, Finance and Sales")
NLU100_LISTED: Final = LazyPattern(
    r"(?-i:[A-Z])[\w@.'&-]*(?:\s+(?-i:[A-Z])[\w@.'&-]*)?"
    r"(?:\s*,\s*(?-i:[A-Z])[\w@.'&-]*(?:\s+(?-i:[A-Z])[\w@.'&-]*)?)*\s*,?\s+(?:and|&)\s+"
    r"(?-i:[A-Z])[\w@.'&-]*(?:\s+(?-i:[A-Z])[\w@.'&-]*)?"
)
NLU100_LISTED_APART: Final = LazyPattern(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+|\s*[&/]\s*", re.IGNORECASE)
# what the status is said to be by: a system or no one reports (the error the request is about, or nothing
# held); "by mistake", "from you" (the admin asked to approve) cannot be told: asked
NLU100_BY_SYSTEM: Final = LazyPattern(
    r"^\s*(?:by|from)\s+(?:the\s+|his\s+|her\s+|their\s+|our\s+|my\s+)?(?:(?:mail|e-?mail|exchange|it|spam)\s+)?"
    r"(?:system|server|outlook|exchange|filter|app|portal|tool|software|client|automation|script|bot|workflow"
    r"|policy|gateway|teams|microsoft|office\s*365|o365|m365)\b",
    re.IGNORECASE,
)
NLU100_BY_NO_ONE: Final = LazyPattern(r"^\s*(?:by|from)\s+(?:nobody|no\s*-?\s*one|none)\b", re.IGNORECASE)
NLU100_TAIL_UNSURE: Final = LazyPattern(
    r"\b(?:by\s+(?:mistake|error|accident)|(?:from|by)\s+(?:you|me|us)\b|before|previously|earlier|last\s+"
    r"(?:time|week|month|year)|in\s+the\s+past|originally|at\s+first|yesterday|try\s+again|now\s+approved"
    r"|approved\s+now|fine\s+now|(?:until|till)\s+(?:today|now))",
    re.IGNORECASE,
)
# what else may follow a status and leave it one ("for now", "until Friday", "by Mike", "not this time")
NLU100_TAIL_READ: Final = LazyPattern(
    r"(?:\s*,?\s*(?:for\s+now|for\s+the\s+(?:moment|time\s+being)|at\s+the\s+moment|first|yet|so\s+far"
    r"|any\s*more|any\s+longer|this\s+time"
    r"|(?:but\s+)?not\s+(?:this\s+time|now|yet)|sorry|again|too|as\s+well|today|this\s+(?:week|month)"
    r"|please|thanks|(?:until|till|til|through)\s+[\w/-]+"
    # ("until Friday", "until next week"; "until Priya approves" waits on someone: not a date)
    r"(?:\s+(?!(?:approves?|says?|confirms?|agrees?|signs?|oks?|okays?|decides?|is|are|has|gets?|returns?"
    r"|comes?)\b)[\w/-]+)?|(?:by|per|from)\s+" + _NLU100_WHO + r"))*"
    r"[\s,]*",
    re.IGNORECASE,
)
# what may follow a status clause after a comma: a clause of its own whose subject is another part
# ("Billing denied, Finance approved"), or words that leave it a status ("Billing: nope, not this time");
# anything else ("Billing was on hold, now released", "Billing needs sign-off, which Mike gave today")
# may take it back: asked
NLU100_NEXT_CLAUSE: Final = LazyPattern(
    r"^\s*,\s*(?:(?:but|and|while|whereas)\s+)?(?:the\s+)?(?P<next>" + _NLU100_WORD + r")", re.IGNORECASE
)
# (nlu110) "Give Tom access to Finance and Sales. Withdraw Tom from Sales.": a later removal of someone the
# request gives to, from a part it gives: that part taken back for them, or a change of its own? (the
# grant was planned whole): asked (halts._taken_from_part)
NLU110_TAKEN_FROM_PART: Final = LazyPattern(
    _NLU100_START
    + r"(?:please\s+|pls\s+)?(?:remove|withdraw|take|pull|drop|exclude|leave)\s+(?P<who>"
    + _NLU100_WORD
    + r"(?:\s+(?-i:[A-Z])[\w'’-]*)?)\s+(?:from|off(?:\s+of)?|out\s+of)\s+"
    + _NLU100_SUBJECT
    + r"(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:remove|withdraw|take|pull|drop|exclude|leave)\b",
)
NLU110_GIVES: Final = LazyPattern(r"\b(?:give|grant|add|let|share|provide|set\s+up|allow)\b", re.IGNORECASE)
NLU110_TAKEN_FROM_PART_ASK: Final = (
    "The request says {said!r} of someone it gives that part to: should that part not be given to them, or "
    "is it a change of its own? Say what should be done."
)
# (nlu110) the one a part is said to await ("awaiting Legal"): one the request names may be expected there
NLU110_AWAITED: Final = LazyPattern(r"awaiting\s+(?P<who>(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*)?)$")
# (nlu110) why a part is held, said after its status: "nvm the Sales part, Mike wants to review it", "Sales is
# on hold as Legal needs to check it first": the reason keeps the status one (nothing in it takes it back)
NLU110_HOLD_REASON: Final = LazyPattern(
    r"\s*(?:(?:as|since|because|cos|cause)\s+)?(?:(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*)?|he|she|they"
    r"|the\s+(?:cfo|ceo|manager|boss))\s+(?:still\s+)?(?:wants|needs|has|have|want|need|is\s+going|would\s+like)\s+"
    r"to\s+(?:review|check|look\s+(?:at|into|over)|think\s+(?:about|over)|approve|confirm|discuss|sign\s+off(?:\s+on)?)"
    r"(?:\s+(?:it|this|that|them))?(?:\s+first)?\s*",
    re.IGNORECASE,
)
# (nlu114) after a struck part, a correction naming who or what goes ahead instead ("Never mind Chris, only
# Tom", "scratch Sales, just Finance then"): read as the correction it is, as a lone name after it is
_NLU114_STAYS_NAME = (
    r"(?P<name>(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*)?|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)
NLU114_STAYS_CORRECTION: Final = LazyPattern(
    r"\s*(?:(?:but|so)\s+)?(?:(?:only|just|keep)\s+)?" + _NLU114_STAYS_NAME + r"(?:\s+(?:only|alone))?"
    r"(?:\s+(?:stays|remains|is\s+fine|goes\s+ahead))?(?:\s+(?:then|instead|please))?\s*",
    re.IGNORECASE,
)
# (nlu114) a reason after a struck part saying it is in place already ("Scratch Finance Team, she's already in
# it", "nvm Sales, he already has it"): the part is struck because nothing is to be done, and holds none of
# the rest. A reason that is not of the part being in place ("she already left") is no such reason (asked).
NLU114_ALREADY_IN_PLACE: Final = LazyPattern(
    r"\s*(?:(?:as|since|because|cos|cause)\s+)?(?:he|she|they|it|that|(?-i:[A-Z])[\w.'’-]*)"
    r"(?:\s*['’]s|\s*['’]re|\s+is|\s+are|\s+was|\s+were|\s+has|\s+have)?(?:\s+been)?\s+already"
    r"(?:\s+been)?\s+(?:(?:in|on)(?:\s+(?:it|there|that(?:\s+one)?|the\s+(?:list|group|team|mailbox)))?"
    r"|(?:a\s+)?members?(?:\s+of\s+(?:it|that(?:\s+one)?|the\s+(?:list|group|team)))?|there|added|set\s+up|done"
    r"|(?:has|have|got)\s+(?:it|that|access|that\s+access|them)|granted|sorted)\s*",
    re.IGNORECASE,
)
NLU100_LATER: Final = LazyPattern(r"(?:for\s+)?later", re.IGNORECASE)
# "Finance first, Billing later": an order of the changes, or one left out for now? (asked)
NLU100_ORDER: Final = LazyPattern(r"\b(?:first|then|next|afterwards)\b", re.IGNORECASE)
NLU100_STATUS_ASK: Final = (
    "The request says {said!r} of a part it asks for: should that part go ahead now, or be left out? Say "
    "what should be done."
)
# "Billing no. 1 priority": "no." before a number is "number" (never a refusal)
NLU100_NUMBER_ABBREVIATION: Final = LazyPattern(r"\b(?:no|nr)\.\s?(?=#?\d)", re.IGNORECASE)
# words that name no part, whatever their case ("He is out.", "This is a test")
NLU100_NO_PART: Final = LazyPattern(
    r"(?:he|she|it|they|we|i|you|this|that|there|which|who|what|everything|all|nothing|access|full|send|the"
    r"|request|one|someone|everyone|please|pls|thanks|give|add|grant|remove|status|answer|mine|his|her|him)",
    re.IGNORECASE,
)
# "Billing is blocked." may report the very problem the request is to solve: a refusal only with the one
# who blocked it ("blocked by compliance"); without, asked
NLU100_REPORT_UNLESS_AGENT: Final = LazyPattern(r"blocked", re.IGNORECASE)
NLU100_AGENT_SAID: Final = LazyPattern(r"^\s*(?:by|per)\s", re.IGNORECASE)
# The first person as one a change could be for, where a request signed by someone other than its sender
# makes "me" unknowable (nlu101's rule): "me", "my", or "I" wanting, needing, getting or being given
# something. "I own it, so consider this approved" is the writer approving a grant to someone named
# ("Rachel needs full access to the finance mailbox"): no "me" to read (nlu105: a held-out survivor asked)
NLU105_FIRST_PERSON_GIVEN: Final = LazyPattern(
    # ("OK by me", "she is helping me", "let me know": the writer as who agrees, is helped or is told, never
    # one a change could be for; two held-out mails signed "Name | Title" were asked whom "me" meant)
    r"(?<!\bby\s)(?<!\bwith\s)(?<!\bhelping\s)(?<!\bhelps\s)(?<!\bhelp\s)(?<!\btold\s)(?<!\blet\s)"
    r"(?<!\bemailed\s)(?<!\bcalled\s)(?<!\bcc\s)(?<!\bpinged\s)\bme\b"
    r"|\b(?:my|mine|myself)\b"
    r"|\b(?:i|i'm|im|i\s+am|i'd|i've|i\s+have)\s+(?:[\w']+\s+){0,2}?"
    r"(?:need|want|like|get|have|be|request|require|join|access|send|read|see|manage|cover|take|use|lost)\w*\b",
    re.IGNORECASE,
)
# "out" said of a person the request names ("Give Tom Becker and Ken Adams full access to Sales. Ken is
# out."): out of the request, or out of the office, whom the grant may then be for or cover? Asked
# (NLU100_STATUS_ASK), never dropped in silence; said of a mailbox or list ("Billing is out") it is dropped
# as nlu100 reads it. A person is told by how the request spelled the part: a capitalised word with another
# beside it, a first name and a surname (the status clause reads no directory)
NLU105_OUT: Final = LazyPattern(r"out", re.IGNORECASE)
# A grant said by ellipsis beside another ("Give Tom Becker full access to Sales for 2 weeks. 3 days for Chris
# Lee on Billing."): a sentence with no verb of its own that pairs a length with a person, its verb and its
# right the sentence before's, understood. The planner reads no gapped clause: a person it names that no
# step holds is asked (nlu99/nlu100 found Chris dropped in silence, and "Chris Lee on Billing for 3 days"
# put Chris's 3 days on Tom's grant)
_NLU105_LENGTH = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:minute|hour|day|week|fortnight|month"
    r"|year)s?"
)
_NLU105_NAME = r"(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?"
_NLU105_PART = r"(?:\s+(?:on|to|for)\s+(?:the\s+)?[\w@.&'’-]+(?:\s+(?:mailbox|list|dl|calendar))?)?"
NLU105_GAPPED: Final = LazyPattern(
    r"(?:^|(?<=[.!?;])[ \t]+)[ \t]*(?:(?:and|also|plus|then)[ \t]+)?(?P<said>"
    + _NLU105_LENGTH
    + r"\s+(?:for|to)\s+(?P<who>"
    + _NLU105_NAME
    + r")"
    + _NLU105_PART
    + r"|(?P<who2>"
    + _NLU105_NAME
    + r")"
    + _NLU105_PART
    + r"\s*[:,-]?\s*(?:for\s+)?"
    + _NLU105_LENGTH
    + r")[ \t]*[.!]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:minute|hour|day|week|fortnight|month|year)s?\b",
)
NLU105_GAPPED_ASK: Final = (
    'The request says "{said}" beside the change it asks for, with no change of its own: what should that'
    " person get, on which mailbox, list or calendar, and for how long? Please say it as a change of its own."
)
# A person or place named inside what the access is for ("for the handover to Chris Lee", "for the project
# with Ava Johnson", "for the handover to Finance"): the purpose's, not one the grant is for or on; a plan
# that gives to or on them too read them as the grant's (nlu105 found Chris granted send as beside Tom): asked
NLU105_PURPOSE_PERSON: Final = LazyPattern(
    r"\s+(?:to|from|with|of|by|for)\s+(?P<who>(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)"
)
NLU105_PURPOSE_PERSON_ASK: Final = (
    'The request names {who} in what the access is for ("{said}"): is {who} part of the change (given the'
    " access, or the mailbox it is on), or only of the work it is for? Please say who gets what."
)
# --- nlu108: approvals, holds and exclusions (red team 65) -----------------------------------------------
# who an approval is said of: a person by name ("Mike", "Mike Smith") or by role ("the CFO", "Legal", "my
# manager")
_NLU108_APPROVER = (
    r"(?:(?-i:[A-Z])[\w.'-]*(?:\s+(?-i:[A-Z])[\w.'-]*)?"
    r"|(?:the\s+)?(?:cfo|ceo|cto|ciso|coo|legal|hr|compliance|security|(?:my|his|her|their|the)\s+(?:manager|boss)"
    r"|management))"
)
# "Actually wait, Mike hasn't approved yet.", "hold on, Mike hasn't signed off", "Priya hasn't approved it":
# an approval said to be missing, of nothing named after it, is of the whole request: it waits, as "pending
# approval" does (red team 65: after "Actually", the approver was read as a corrected trustee and granted).
# One said of a part ("Mike hasn't approved Finance") is that part's status, read by NLU108_AGENT_STATUS.
NLU108_APPROVAL_MISSING: Final = LazyPattern(
    r"(?<![\w'’-])" + _NLU108_APPROVER + r"\s+(?:still\s+)?"
    # (nlu110) "Wait - Jane Doe still has to approve", "Mike needs to sign off first"
    r"(?:hasn['’]?t|has\s+not|didn['’]?t|did\s+not|has\s+yet\s+to|is\s+yet\s+to|has\s+still\s+to|has\s+to|needs\s+to"
    r"|must)\s+(?:yet\s+)?"
    r"(?:approved?|sign(?:ed)?\s+off(?:\s+on\s+(?:it|this|that))?|ok(?:ay)?(?:ed|['’]?d)?|agreed?(?:\s+to\s+(?:it|this))?"
    r"|given\s+(?:the\s+|their\s+|his\s+|her\s+|an?\s+)?(?:ok|okay|go-?ahead|approval|sign-?off|green\s+light))"
    r"(?:\s+(?:it|this|that|the\s+request|this\s+one|yet|so\s+far|either|first))*\s*(?=[.!?;,)\n]|$)",
    re.IGNORECASE,
    cue=r"\b(?:approved?|sign(?:ed)?|ok|okay|okayed|ok['’]?d|oked|agreed?|given)\b",
)
# "pending Maria's return", "pending Chris Lee's decision": "pending" before a person's event is a wait for
# it (as "pending Mike's OK" is), never a person the change is for (red team 65 granted Maria beside Tom)
NLU108_PENDING_EVENT: Final = LazyPattern(
    r"\bpending\s+(?:the\s+)?(?-i:[A-Z])[\w.-]*(?:\s+(?-i:[A-Z])[\w.-]*)?['’]s?\s+(?-i:[a-z])[\w-]*",
    re.IGNORECASE,
    cue=r"\bpending\b",
)
NLU108_WAITS_SAY: Final = (
    "The request waits for something to happen first ({said!r}): send it again once it has, or say the dates "
    "the change should hold from and to."
)
# (nlu108) The status of a part said with its agent before the verb ("Mike vetoed Finance", "HR has refused
# Finance", "Legal put Finance on hold", "Mike hasn't approved Finance yet"), of the approval of a part
# ("Approval for Finance is outstanding", "Finance approval: pending"), or of a part the requester puts off
# ("I'll confirm Finance later", "We're still waiting to hear about Finance"): read as nlu100's clauses are
# (halts._part_statuses), so the part is dropped, never granted
_NLU108_AGENT = r"(?:" + _NLU108_APPROVER + r")\s+(?:(?:has|have|had|just|already|also|now|since)\s+)*"
NLU108_AGENT_REFUSED: Final = LazyPattern(
    _NLU100_START
    + _NLU108_AGENT
    + r"(?P<refused>vetoed|refused|rejected|denied|declined|turned\s+down|knocked\s+back|nixed|said\s+no\s+to"
    # (nlu114) "Mike objected to Sales"
    r"|objected\s+to|objects\s+to"
    r"|(?:has\s+not|hasn['’]t|didn['’]t|did\s+not|won['’]t|will\s+not|still\s+hasn['’]t)\s+(?:yet\s+)?"
    r"(?:approved?|sign(?:ed)?\s+off\s+on|ok(?:ay)?(?:ed|['’]?d)?|agreed?\s+to|given\s+the\s+(?:ok|go-?ahead)\s+(?:on|for)))"
    r"\s+" + _NLU100_SUBJECT + r"(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:vetoed|refused|rejected|denied|declined|turned|knocked|nixed|said|objected|objects|hasn['’]t|has"
    r"|didn['’]t|did|won['’]t"
    r"|will)\b",
)
# (nlu114) "Mike objected.", "The CFO vetoed it.", "Mike said no.": a refusal by someone, of the request as a
# whole, said after it in a sentence of its own, holds all of it (each was planned as if unsaid)
NLU114_AGENT_OBJECTS: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:(?:but|however|though|and|also|fyi|btw|ps|p\.s\.|update|edit)[,:]?\s+)?"
    + _NLU108_AGENT
    + r"(?:objected|objects|vetoed|rejected|refused|declined|nixed|said\s+no|pushed\s+back|disagree[sd]?"
    r"|turned\s+(?:it|this|that)\s+down|(?:is|was)\s+against|(?:is|was)\s+not\s+(?:ok|okay|happy|fine)\s+with)"
    r"(?:\s+(?:to\s+|on\s+|with\s+)?(?:it|this|that|the\s+(?:request|change|access|idea)))?"
    r"[ \t]*(?:[.!]+|(?=\n)|$)",
    re.IGNORECASE,
    cue=r"\b(?:object\w*|vetoed|rejected|refused|declined|nixed|said|pushed|disagree\w*|turned|against|with)\b",
)
NLU108_AGENT_HELD: Final = LazyPattern(
    _NLU100_START
    + _NLU108_AGENT
    + r"(?:put|placed|parked|paused|froze|deferred|postponed|shelved)\s+"
    + _NLU100_SUBJECT
    + r"\s+(?P<held>on\s+hold|on\s+ice|for\s+later)?(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:put|placed|parked|paused|froze|deferred|postponed|shelved)\b",
)
NLU108_APPROVAL_OF: Final = LazyPattern(
    _NLU100_START
    # (nlu110) "Mike's approval for Sales is still outstanding"
    + r"(?:the\s+|"
    + _NLU100_WHO
    + r"['’]s\s+)?(?:approval|sign[-\s]?off|ok|okay|go[-\s]?ahead)\s+(?:for|of|on)\s+"
    + _NLU100_SUBJECT
    + _NLU100_LINK
    + r"(?P<held>outstanding|pending|awaited|missing"
    r"|not\s+(?:yet\s+)?(?:in|given|granted|received|through))\b"
    r"(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:approval|sign|ok|okay|go)\b",
)
# (nlu136) "Give Tom Becker full access to Sales and Finance.\nApproval pending", "... Manager approval still
# pending.", "Awaiting manager approval", "Mike's sign-off is outstanding": an approval said to be still
# missing, in a sentence of its own that names no part, is the request's own: all of it waits (each was
# planned whole; "Approval ⏳" was asked, nlu131). Whose approval may be said (a role, a person's), never a
# part's ("Finance approval pending" holds Finance: NLU108_PART_APPROVAL), and nothing else pending ("the
# invoice is pending") is an approval.
_NLU136_WHOSE = (
    r"(?:(?:the|my|our|his|her|their|your|this|a)[ \t]+)?"
    r"(?:(?:(?:line[ \t]+)?manager|boss|director|management|budget(?:[ \t]+holder)?|owner|mailbox[ \t]+owner"
    r"|(?-i:IT)"
    r"|cfo|ceo|cto|ciso|coo|legal|hr|compliance|security|final|formal|(?-i:[A-Z])[\w.'-]*['’]s)"
    r"['’]?s?[ \t]+)?"
)
_NLU136_APPROVAL = r"(?:approvals?|sign[-\s]?offs?|go[-\s]?ahead|authori[sz]ations?)"
_NLU136_HELD = (
    r"(?:pending|outstanding|awaited"
    r"|not[ \t]+(?:yet[ \t]+)?(?:in|given|received|through|granted|done|approved)"
    r"|to[ \t]+come|in[ \t]+progress|on[ \t]+hold|still[ \t]+(?:needed|required|missing)|missing"
    # ("Approval: no", "Sign-off: not yet", "Approval - denied": the request's approval refused, nlu142)
    r"|no|not[ \t]+yet|denied|refused|rejected|declined)"
)
NLU136_WHOLE_APPROVAL_PENDING: Final = LazyPattern(
    # (nlu142: also set after the request's last words by a dash or a bracket: "... sales@ and finance@ -
    # approval pending", "... (approval pending)"; after a comma, "..., awaiting Olivia's sign-off", it is
    # the missing approval halts refuses)
    r"(?:^|(?<=[.!?;\n])|(?<=[\w@][ \t])(?=[-–—(])|(?<=[\w@])(?=\())[ \t]*(?:[-–—*•>(]+[ \t]*)?"
    r"(?:(?:but|however|though|note|nb|fyi|btw|ps|p\.s\.|update|status|and|also)[,:]?[ \t]+)?"
    r"(?:(?:(?:still|currently)[ \t]+)?(?:awaiting|waiting[ \t]+(?:for|on)|pending)[ \t]+"
    + _NLU136_WHOSE
    + _NLU136_APPROVAL
    # ("No approval yet.", "no sign-off so far": none given yet; "No approval needed" is none wanted, nlu142)
    + r"|no[ \t]+"
    + _NLU136_WHOSE
    + _NLU136_APPROVAL
    + r"[ \t]+(?:yet|as[ \t]+yet|so[ \t]+far|given[ \t]+yet|in[ \t]+yet|received[ \t]+yet)"
    + r"|"
    + _NLU136_WHOSE
    + _NLU136_APPROVAL
    + r"(?:[ \t]+(?:from|by)[ \t]+[^.!?;:\n]{1,40}?)?"
    r"(?:[ \t]*[:\-–—][ \t]*|[ \t]+(?:is|are|was|has[ \t]+been|remains)[ \t]+|[ \t]+)"
    r"(?:(?:still|currently|yet)[ \t]+)?" + _NLU136_HELD + r")(?:[ \t]+(?:from|by)[ \t]+[^.!?;\n]{1,40}?)?"
    r"(?:[ \t]+(?:still|for[ \t]+now|at[ \t]+the[ \t]+moment|atm|though|yet|as[ \t]+of[ \t]+now))?"
    r"[ \t]*\)?[ \t]*(?:[.!]+|(?=\n)|$)",
    re.IGNORECASE,
    cue=r"(?i:approv|sign|go[-\s]?ahead|authori)",
)
NLU136_WHOLE_APPROVAL_PENDING_ASK: Final = (
    "The request says {said!r}: it still waits for an approval, which must come first. Send it again once it "
    "is approved (or attach the approval), saying which changes to make."
)
# (nlu136) "Sales approved. The rest is pending.", "..., everything else on hold": a hold on "the rest" of
# the request, which parts that is being no part's name (both were planned): asked
NLU136_REST_HELD: Final = LazyPattern(
    r"(?:^|(?<=[.!?;,\n]))[ \t]*(?:(?:and|but|though)[ \t]+)?"
    r"(?:the[ \t]+rest|everything[ \t]+else|anything[ \t]+else|(?:all[ \t]+)?the[ \t]+others?"
    r"|the[ \t]+remainder"
    r"|the[ \t]+other[ \t]+(?:ones?|parts?|bits?|mailbox(?:es)?|lists?))"
    r"(?:[ \t]+of[ \t]+(?:it|them|the[ \t]+request))?"
    r"(?:[ \t]*[:\-–—][ \t]*|[ \t]+(?:is|are|['’]s|remains?)[ \t]+|['’]s[ \t]+|[ \t]+)"
    r"(?:(?:still|currently)[ \t]+)?"
    r"(?:pending|on[ \t]+hold|held(?:[ \t]+back)?|awaiting[ \t]+(?:approval|sign[-\s]?off)"
    r"|not[ \t]+(?:yet[ \t]+)?approved"
    r"|to[ \t]+follow|later|tbc|tbd|waiting)"
    r"(?:[ \t]+(?:for[ \t]+now|still|though|yet))?[ \t]*(?:[.!]+|(?=\n)|$)",
    re.IGNORECASE,
    cue=r"(?i:rest|else|others?|remainder)",
)
# (nlu110) "Approvals outstanding: Sales (Mike)", "Sign-off pending: Sales": the parts an approval is still
# wanted for, listed after a label (the approver in brackets after them)
# (nlu110) "He can't work without it", "she cannot do payroll without this": a need said as a double
# negation, why the access is asked for; nothing in it rules anything out (red team 66 asked what "can't"
# ruled out)
NLU110_CANT_WITHOUT: Final = LazyPattern(
    r"(?:^|(?<=[.!?;,\n]))\s*(?:(?:and|as|because|since|so|but)\s+)?(?:he|she|they|i|we|(?-i:[A-Z])[\w'’-]*)\s+"
    r"(?:can['’]?t|cannot|can\s+not|won['’]?t\s+be\s+able\s+to|is\s+unable\s+to|are\s+unable\s+to)\s+"
    r"(?:[\w'’/-]+\s+){1,6}?without\s+(?:it|this|that|them|(?:the|this|that|his|her|their)\s+access|access)"
    r"(?:\s+(?:any\s*more|though|really|at\s+all))?\s*(?=[.!?;\n]|$)",
    re.IGNORECASE,
    cue=r"\bwithout\b",
)
# (a need said after a change that takes away contradicts it: "Remove Tom from all-sales. He can't work
# without it" is left to be asked)
NLU110_TAKES_AWAY: Final = LazyPattern(
    r"\b(?:remov\w*|revok\w*|take\w*|took|drop\w*|delet\w*|cancel\w*|stop\w*|kick\w*|strip\w*|disabl\w*"
    r"|unsubscrib\w*|off|out|lose|losing|no\s+longer|end\w*)\b",
    re.IGNORECASE,
)
NLU110_APPROVALS_LABEL: Final = LazyPattern(
    _NLU100_START
    + r"(?:approvals?|sign[-\s]?offs?)\s+(?P<held>outstanding|pending|awaited|missing|needed|required"
    r"|to\s+come|still\s+(?:needed|outstanding|pending|missing))\s*(?:for\s*)?:\s*"
    + _NLU100_SUBJECT
    + r"(?:\s*\([^()\n]{1,40}\))?(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:approvals?|sign)",
)
NLU108_PART_APPROVAL: Final = LazyPattern(
    _NLU100_START
    + _NLU100_SUBJECT
    + r"\s+(?:approval|sign[-\s]?off)"
    + _NLU100_LINK
    + r"(?P<held>outstanding|awaited|missing|not\s+(?:yet\s+)?(?:in|given|granted|received|through))\b"
    r"(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:approval|sign)\b",
)
NLU108_PUT_OFF: Final = LazyPattern(
    _NLU100_START + r"(?:I|we)(?:['’]ll|\s+will|\s+need\s+to|\s+have\s+to)\s+"
    r"(?:confirm|come\s+back\s+(?:to\s+you\s+)?(?:on|about)"
    r"|get\s+back\s+to\s+you\s+(?:on|about)|follow\s+up\s+(?:on|about)|check\s+(?:on\s+)?)\s+"
    + _NLU100_SUBJECT
    + r"\s+(?P<held>later|separately|another\s+time|tomorrow|next\s+week)"
    r"(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\b(?:later|separately|another|tomorrow|next)\b",
)
NLU108_WAITING_TO_HEAR: Final = LazyPattern(
    _NLU100_START
    + r"(?:I|we)(?:['’]re|['’]m|\s+are|\s+am)\s+(?:still\s+)?(?P<awaits>waiting\s+(?:to\s+hear\s+(?:back\s+)?"
    r"|for\s+(?:news|word|an?\s+(?:answer|decision|reply))\s+)(?:about|on|re|regarding|for))\s+"
    + _NLU100_SUBJECT
    + r"(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\bwaiting\b",
)
# (nlu110, red team 66 A2) "Mike only approved Finance", "Mike approved only Finance", "Only Finance is
# approved so far": an approval said to reach one part of several keeps that part and holds the rest
# (halts._only_approved); without an approver, the approval must be said ("only Finance" alone is not one)
_NLU110_APPROVED = (
    r"(?:approved|signed\s+off(?:\s+on)?|okayed|ok['’]?d|oked|cleared|authori[sz]ed|agreed(?:\s+to)?)"
)
NLU110_ONLY_APPROVED: Final = LazyPattern(
    _NLU100_START
    + r"(?:(?P<agent>"
    + _NLU108_AGENT
    + r")(?:only\s+"
    + _NLU110_APPROVED
    + r"|"
    + _NLU110_APPROVED
    + r"\s+only)\s+|only\s+)"
    + _NLU100_SUBJECT
    + r"(?P<approved>\s+(?:(?:is|are|was|were|has\s+been|have\s+been|got|gets)\s+)?(?:(?:now|so\s+far)\s+)?"
    + _NLU110_APPROVED
    + r")?(?P<tail>[^.!?;,\n]*)(?=[.!;,\n]|$)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"\bonly\b",
)
# (nlu114) "Mike hasn't approved Sales yet, so just Finance for now": a consequence naming the parts that go
# ahead says what the request is now, whatever the reason before it is (a hold, an approval still to come)
NLU114_SO_JUST: Final = LazyPattern(
    r"(?:^|(?<=[.!?;\n]))(?P<reason>[^.!?;\n]+?),?\s+(?:so|hence|therefore|which\s+means)\s+(?:for\s+now\s+)?"
    r"(?:just|only)\s+(?:do\s+|give\s+(?:him|her|them)\s+)?"
    + _NLU100_SUBJECT
    + r"(?P<tail>(?:\s+(?:access|for\s+now|for\s+the\s+moment|at\s+the\s+moment|then|please))*)"
    r"\s*(?=[.!?;\n]|$)",
    re.IGNORECASE,
    cue=r"\b(?:so|hence|therefore|means)\s+(?:for\s+now\s+)?(?:just|only)\b",
)
NLU114_SO_JUST_SAY: Final = " Just {what}. "
NLU114_SO_JUST_ASK: Final = (
    "The request says {said!r}: the reason names a part it says goes ahead. Which parts may go ahead now? "
    "Say them (nothing is planned until then)."
)
# (nlu114) "Besides Finance, Tom Becker also needs full access to Sales", "Besides that, give Tom ...": a
# fronted "besides" with "also"/"too" after it, or of "that", adds to what is had; it sets nothing apart
# (asked as an exclusion of Finance). Never before a word for everyone, where it sets apart ("Apart from Tom,
# remove everyone"), nor before what stays or is taken: read as before.
NLU114_ADDITIVE_FRONT: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:besides|apart\s+from|aside\s+from|in\s+addition\s+to|on\s+top\s+of)\s+"
    r"(?P<what>[^,.;:!?\n]{1,40}?)\s*,\s*(?P<rest>[^.!?;\n]*)",
    re.IGNORECASE,
    cue=r"\b(?:besides|apart|aside|addition|top)\b",
)
NLU114_ADDITIVE_WORD: Final = LazyPattern(r"\b(?:also|too|as\s+well|additionally)\b", re.IGNORECASE)
NLU114_THAT: Final = LazyPattern(r"(?:all\s+)?(?:that|this)", re.IGNORECASE)
NLU114_SETS_APART: Final = LazyPattern(
    r"(?<![\w@.-])(?:every\w*|all|each|any\w*|the\s+others|the\s+rest|nobody|no\s+one|none"
    # (what stays, or is taken away: "Besides Emma, that is, she stays too" sets Emma apart from a removal)
    r"|stays?|keeps?|kept|remains?|leaves?|leave|that\s+is|i\.e|remov\w*|revok\w*|tak\w*|drop\w*|off|out"
    r"|lose|loses|except)(?![\w@-])",
    re.IGNORECASE,
)
# (nlu114) "Mike hasn't objected.", "She didn't object to it": an objection said not to have been made is no
# hold and rules nothing out (it asked what "hasn't" rules out); a sentence of its own, cut as a report. "Not
# objected yet" leaves the objection still to come: read as before.
NLU114_NO_OBJECTION: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:(?:and|also|fyi|btw|ps|p\.s\.)[,:]?\s+)?"
    r"(?:(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?|he|she|they|the\s+(?:manager|boss|owner|cfo|ceo|approver))"
    r"\s+(?:hasn['’]t|has\s+not|haven['’]t|have\s+not|didn['’]t|did\s+not|doesn['’]t|does\s+not)\s+"
    r"(?:objected|object|complained|pushed\s+back|said\s+no|minded|mind"
    r"|raised\s+(?:any\s+)?(?:concerns?|objections?|issues?))"
    r"(?:\s+(?:to|about)\s+(?:it|this|that|the\s+(?:request|change|access)))?[ \t]*(?:[.!]+|(?=\n)|$)",
    re.IGNORECASE,
    cue=r"\b(?:object\w*|complained|pushed|said\s+no|mind\w*|raised)\b",
)
NLU110_ONLY_APPROVED_ASK: Final = (
    "The request says {said!r}: which of the parts it asks for are approved and may go ahead now? Say the "
    "parts that may go ahead (nothing is planned until then)."
)
# "Finance is waiting for him": a part that waits for a person (its team expects him) or is held until they
# answer? Asked, never dropped silently ("Finance: waiting on Mike" is a status line: dropped)
NLU108_WAITED_FOR: Final = LazyPattern(
    r"(?:\b(?:is|are|was|were)|['’]s|['’]re)\s+(?:(?:still|currently|now|just|also)\s+)*waiting\s+(?:on|for)\s+"
    r"(?!(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?" + _NLU100_APPROVAL + r"\b)(?![\w.'’-]+['’]s\s)",
    re.IGNORECASE,
    cue=r"\bwaiting\b",
)
# a last line that takes the request back ("...\nNVM", "... Never mind.", "Forget it.")
NLU108_TAKEN_BACK_LAST: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:nvm|never\s?mind|forget\s+it|scratch\s+that|ignore\s+(?:that|this|me)"
    # (nlu110) "... Cancel.", "Cancel that.", "Scrap that.", "Disregard.": the request taken back (red team
    # 66's sweep: a bare "Cancel." under it planned every part)
    r"|(?:please\s+)?(?:cancel|scrap|abort|disregard|withdraw)(?:\s+(?:that|this|it|the\s+request|all\s+of\s+(?:it|that)"
    r"|everything))?(?:\s+please)?)\W*\Z"
    # (rt80a N10) "hey can u ad me to project phoenix thx, actually nvm": the same said after a comma or a
    # dash, at the very end, with "actually"/"oh"/"wait" before it
    r"|(?:(?<=,)|(?<=\s[-–—]))[ \t]*(?:(?:actually|oh|ok|okay|hmm+|wait|sorry|lol|jk)\b[ \t,.]*)*"
    r"(?:nvm|never\s?mind|forget\s+it|scratch\s+that|ignore\s+(?:that|this|me))\W*\Z",
    re.IGNORECASE,
    cue=r"\b(?:nvm|never|nevermind|forget|scratch|ignore|cancel|scrap|abort|disregard|withdraw)\b",
)
# a name said after "keep" that names no one the directory knows for sure (negation._segment; nlu108)
NLU108_KEPT_NAME: Final = LazyPattern(
    r"\s*(?P<name>(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)(?![\w@.-])"
)
# "Careers forwarding to Maria should not stop.", "Tom's forward mustn't be switched off": a stop said not to
# happen keeps the thing as it is; the stop verb in it is no change (red team 65 cleared Careers' forwarding)
NLU108_NOT_STOPPED: Final = LazyPattern(
    r"\b(?:should|must|shall|will|can|may|need)\s*(?:not|n['’]?t)\s+(?:be\s+|get\s+)?(?:stop(?:ped)?|end(?:ed)?"
    r"|(?:turned|switched|shut|cut)\s+off|removed|cleared|disabled|cancell?ed|lapse)\b"
    r"|\b(?:don['’]?t|do\s+not|never)\s+(?:stop|end|turn\s+off|switch\s+off|remove|clear|disable|cancel)\s+"
    r"(?:(?:the|his|her|their|its|my|our)\s+)?forward",
    re.IGNORECASE,
    cue=r"\b(?:stop|stopped|end|ended|off|removed?|cleared?|disabled?|cancell?(?:ed)?|lapse)\b",
)
NLU108_NOT_STOPPED_SAY: Final = (
    "The request says {said!r}: what it names is to stay as it is, so there is nothing to change."
)
# "Careers should no longer forward externally": a stop of the forwarding that goes outside only; whether a
# forward inside the company stays cannot be told from the mailbox's one forward: asked
NLU108_STOP_SCOPED: Final = LazyPattern(
    r"\b(?:no\s+longer|not|n['’]t|stop)\s+(?:be\s+)?forward(?:ing|ed)?\b[^.!?\n]{0,40}?"
    r"\b(?:externally|outside(?:\s+the\s+(?:company|business|org\w*))?|to\s+(?:external|outside)\b|off-?site)",
    re.IGNORECASE,
    cue=r"\b(?:externally|outside|external|off-?site|offsite)\b",
)
NLU108_STOP_SCOPED_ASK: Final = (
    "The request says {said!r}: should every forward of that mailbox stop, or only one to an outside "
    "address? Say which forward should stop."
)

# ---- nlu112: the words a request holds, read once, so a check whose every match needs one of its words is
# never run on a request without any (planning time: these checks run on every request) ----
_CUE_WORD: Final = re.compile(r"[^\W\d_]+")


def cue_words(*texts: str) -> frozenset[str]:
    """The lower-cased runs of letters in `texts`: a word a pattern matches whole (between non-word
    characters, in any case) is one of them, so a pattern whose every match holds a word from a set cannot
    match where the set and these share nothing."""
    return frozenset(_CUE_WORD.findall(" ".join(texts).lower()))


# the words every match of each pattern holds one of (each read as a whole word there)
NLU112_PURGE_WORDS: Final = frozenset(
    _words("pull purge remove delete recall retract wipe clear take get zap scrub clean")
)  # MESSAGE_PURGE
NLU112_FORWARD_WORDS: Final = frozenset(_words("forward send pass"))  # MESSAGE_FORWARD(_NAMED)
NLU112_WISHED_WORDS: Final = frozenset(_words("make ensure see"))  # STATE_WISHED
NLU112_CORRECTION_WORDS: Final = frozenset(_words("actually wait hold hang sorry"))  # CORRECTION_OF_APPROVAL
NLU112_UNSUPPORTED_WORDS: Final = frozenset(
    _words("pst mailbox mail mails email emails inbox gal address")
)  # UNSUPPORTED_ACTION
NLU112_NOT_YET_WORDS: Final = frozenset(
    _words("just don dont do not hypothetical hypothetically explain tell show theory")
)  # NOT_YET_ASKED
NLU112_CREATE_THING_WORDS: Final = frozenset(
    _words("mailbox account room channel site contact licence license")
)  # UNSUPPORTED_CREATE
# the level a calendar share is planned with when its clause says none (rules._unstated_share_said_again)
NLU112_UNSTATED_LEVEL: Final = "reviewer"
# ---- nlu126 (red team 70 §7, §8, §6) --------------------------------------------------------------------
# "Add Liam Brown to all-sales - Priya Patel - VP Sales", "... to Sales - Mike Smith - Finance": a name and
# then a few words, each set off by a dash, after a request said in full, is its writer's sign-off and
# their title (a trailing "- Thanks" too); neither is a target. A title with a job's word ("VP Sales",
# "Head of Sales") is cut; words that are only a team or a mailbox ("Finance", "UK Office") may as well say
# one more change for that person, so the request is asked (rules._dash_signed_off; red team 70 granted the
# signer and the title's mailbox). Words of a change ("- Chris Lee - full access to Sales", "- Sales too")
# are no title and left to the reading
NLU126_DASH_NAME_TITLE: Final = LazyPattern(
    r"[ \t]+[-–—]{1,2}[ \t]*(?P<who>(?-i:" + _NLU94_NAME + r"))[ \t]+[-–—]{1,2}[ \t]*"
    r"(?P<title>(?-i:[A-Z])[\w&'’]*(?:[ \t]+[\w&'’]+){0,3}?)"
    # (at the end of its line: "... - Chris Lee - Head of Sales\nAlso give Chris Lee send as on Sales." is
    # Chris's title, and the next line Chris's own change; red team 70 gave Tom Sales)
    r"(?:[ \t]+[-–—]{1,2}[ \t]*(?:thanks|thank\s+you|thx|ty|cheers|regards|best))?[ \t.!]*$",
    re.IGNORECASE | re.MULTILINE,
)
NLU126_TITLE_CHANGE_WORDS: Final = LazyPattern(
    r"\b(?:give|grant|add|remove|revoke|access|send|as|behalf|too|also|and|or|to|from|on|off|onto|please|pls|"
    r"not|no|only|until|till|instead|actually|full|read|calendar|forward\w*)\b",
    re.IGNORECASE,
)
NLU126_TITLE_WORD: Final = LazyPattern(r"\b" + _NLU101_TITLE_WORD + r"\b", re.IGNORECASE)
NLU126_DASH_TITLE_TEAM_ASK: Final = (
    "The request ends with {who!r} and then {title!r}: is that who wrote it and their team, or one more "
    "change for {who}? Say it again naming every recipient."
)
# "Mover: Sam Taylor / - onto Finance (full access)": a bullet putting the mover onto a mailbox with a right
# said is that right given to the mover; onto a mailbox with none is asked, as a mailbox is no list to join
# (rules._leaver_steps; red team 70 gave the previous bullet's list full access, and removed sales@ from it)
NLU126_ONTO_RIGHT: Final = LazyPattern(
    r"[ \t]*\(?[ \t]*(?P<right>full\s+(?:mailbox\s+)?access|send[- ]as|send[- ]on[- ]behalf)[ \t]*\)?",
    re.IGNORECASE,
)
NLU126_ONTO_MAILBOX_ASK: Final = (
    "The note puts {name} onto {said!r}, a shared mailbox rather than a list: which access should {name} "
    "get to it (full access, send as, send on behalf)?"
)
# "Sales OK Finance NO Billing OK", "Sales Y Finance N Billing Y", "Sales ok, Finance no, Billing ok": a line
# of parts each followed by a yes or a no word is a checklist whose "no" refuses its part, but a word like
# "no" or "N" may as well be a part's own ("NO" for Norway's office) or a word of a sentence: such a line
# with a refusing word is asked, never granted (marks.said_as_words; red team 70 granted Finance)
_NLU126_VERDICT_WORD = r"(?<![\w'’-])(?:y|n|yes|no|ok|okay|nope|nah|yep|yeah)(?![\w'’-])"
NLU126_WORD_VERDICT_LINE: Final = LazyPattern(
    r"[ \t]*(?:[A-Za-z][\w@.&'’-]*(?:[ \t]+[A-Za-z][\w@.&'’-]*){0,2}[ \t]*[:=-]?[ \t]*"
    + _NLU126_VERDICT_WORD
    + r"[ \t]*[,;|/]?[ \t]*){2,}[ \t.!]*",
    re.IGNORECASE,
)
NLU126_REFUSING_WORD: Final = LazyPattern(r"(?<![\w'’-])(?:n|no|nope|nah)(?![\w'’-])", re.IGNORECASE)
NLU126_WORD_VERDICT_ASK: Final = (
    "The request marks its parts with {said!r}, and a word like 'no' or 'N' there may refuse a part: say "
    "which changes should be made now."
)

# nlu137: the one a he/she agrees with is named only as context (who asked, who said it is fine), a party to
# nothing the request plans: never handed the pronoun the reading by role gave someone else
NLU137_PRONOUN_ONLY_CONTEXT_AGREES: Final = (
    "The one named whose given name is usually said {pronoun!r} of is named only as context, not as anyone "
    "this request changes"
)
# nlu137: a he/she opening a clause that names no one, carried to the one person named before, when that
# person's given name is confidently of the other gender ("Add Emma Wilson to all-sales. He also needs ...")
NLU137_PRONOUN_CARRIED_ASK: Final = "{why}: who is {pronoun!r}? Name the person."
# nlu137: the clause before gave or forwarded between two people a he/she may both be ("Forward Tom Becker's
# mail to Chris Lee and remove him": Chris's given name rules no one out), so the nearer is not assumed
NLU137_PRONOUN_TWO_PARTIES: Final = (
    "The change before is between two people either of whom {pronoun!r} may be (a given name of no known "
    "gender rules no one out)"
)

# nlu141: between two mailboxes, a word that takes a right back or swaps it ("... on sales@ but not send as on
# finance@", "instead of send as"): the rights said there are no plain group of that mailbox's own
NLU141_RIGHT_GROUP_TURN: Final = LazyPattern(
    r"\b(?:not|no|never|without|except|instead|rather|minus|but\s+only|apart\s+from|other\s+than)\b|n['’]t\b",
    re.IGNORECASE,
)
# nlu141: a take-back verb that also stops what it names ("cancel the forwarding"), said of a forwarding the
# rest of the request only stops ("stop forwarding billing@ to her", "... doesn't want billing@ forwarded to
# her any more"): the stop said again, never the stop taken back (negation._stopped_again)
NLU141_STOP_VERB_TOO: Final = LazyPattern(r"(?:cancel|remove|drop|end|kill|cut)\b", re.IGNORECASE)
NLU141_FORWARDING_WORD: Final = LazyPattern(r"\b(?:forward\w*|fwd|redirect\w*)\b", re.IGNORECASE)
NLU141_FORWARDING_STOPPED: Final = LazyPattern(
    r"\b(?:stop(?:s|ped|ping)?|end(?:s|ed)?|cancel\w*|clear\w*|disabl\w*|remov\w*|delet\w*|"
    r"turn(?:ed|ing)?\s+off|switch(?:ed|ing)?\s+off|no\s+longer)\s+(?:[\w@.'’§-]+\s+){0,3}?"
    r"(?:forward\w*|fwd|redirect\w*)\b",
    re.IGNORECASE,
)
# nlu141: "the forwarding" followed by a relative clause with a person ("the forwarding (that) Emma Wilson
# asked for"): whose forwarding it is, said; never the one just stopped (rules._forwarding_said_whose)
NLU141_THE_FORWARDING_WHOSE: Final = LazyPattern(
    r"\b(?:the|that|this)\s+(?:mail\s+|e-?mail\s+)?(?:auto-?)?(?:forward(?:ing)?|fwd|redirect(?:ion)?)\s+"
    r"(?:(?:that|which)\s+)?",
    re.IGNORECASE,
)

# nlu144: a person's mailbox named by a possessive ("her mailbox", "Ava's inbox") beside another part
# ("cancel the forwarding on billing@ and on her mailbox", "remove Emma's access to Ava's calendar and her
# mailbox"): a plan with no step on a person's mailbox dropped that part (parts_kept.mailbox_part_dropped)
NLU144_OWNED_MAILBOX: Final = LazyPattern(
    r"(?:\b(?P<pronoun>his|her|their)|(?-i:\b[A-Z][\w-]*)['’]s?)[ \t]+(?:own[ \t]+)?"
    r"(?:mailbox|inbox)(?:es)?\b",
    re.IGNORECASE,
)
NLU144_OWNED_MAILBOX_ASK: Final = (
    "The request names {said!r}, and no part of what I read acts on that mailbox: say whose mailbox it is "
    "and what should change on it."
)
# nlu144: a length said of a period that starts later ("for the week before Christmas", "for the two weeks
# after the audit", "for the week after next", "for a week ahead of the launch"): never counted from today
NLU144_LATER_PERIOD: Final = LazyPattern(
    r"\b(?:for|during|over|in)[ \t]+(?:the|a|an|one|two|three|four|\d+|a[ \t]+couple[ \t]+of|"
    r"the[ \t]+(?:first|last|final|two|three|\d+))[ \t]+"
    r"(?:(?:whole|full|entire|next|few|working|business)[ \t]+)?"
    r"(?:days?|weeks?|fortnights?|months?|weekends?)[ \t]+"
    r"(?:before|after|of|leading[ \t]+up[ \t]+to|running[ \t]+up[ \t]+to|prior[ \t]+to|ahead[ \t]+of|"
    r"following|around)\b"
    # ("for two weeks after which it ends": the end of the length itself; "after that" may be later)
    r"(?![ \t]+which\b)[^,.;:!?\n]{0,40}",
    re.IGNORECASE,
)
NLU144_LATER_PERIOD_ASK: Final = (
    "The request gives a period that may start later ({said!r}), and a change cannot be scheduled to start "
    'later: say until when it should run from now (for example "until 24 December"), or ask on the day it '
    "should start."
)
# nlu144: someone's permissions, access or rights taken off a list ("Take Tom's permissions off all sales"):
# a list has members, not permissions; membership or a mailbox's rights may be meant: asked
NLU144_RIGHTS_OF_PERSON: Final = LazyPattern(
    r"(?:\b(?:his|her|their)|(?-i:\b[A-Z][\w-]*)['’]s?)[ \t]+(?:(?:mailbox|email|mail|delegate|admin)[ \t]+)?"
    r"(?:permissions?|access(?:es)?|rights?|privileges?)\b",
    re.IGNORECASE,
)
NLU144_RIGHTS_OFF_LIST_ASK: Final = (
    "The request takes {said!r} off a list, and a list has members, not permissions: should {who} be removed "
    "from the list, or lose access to a mailbox? Say which."
)
# nlu144: a right asked for someone as a question ("can §0 get send on behalf on his mailbox?", "could §0
# have full access to her inbox"): read as "give §0 ..." is, its pronoun never the one it is asked for
# (the plan gave Mike send on behalf on Tom's mailbox when "Mike's away" was said before)
NLU144_ASKED_FOR: Final = LazyPattern(
    r"^(?:can|could|would|may|will)[ \t]+§\d+§?[ \t]+(?:(?:please|also|maybe|just)[ \t]+)?"
    r"(?:get|have|be[ \t]+given|receive)\b",
    re.IGNORECASE,
)
# nlu144: a how-long question ("for the whole week?", "until when?") answered by the one asking with an end
# after a no, an "actually" or a "just" ("actually just till Wednesday", "no, only until Wednesday"): the
# end said last is the one asked (voices._proposal_answered; a yes with the end is NLU135_CHAT_YES_UNTIL)
NLU144_CHAT_END_ANSWER: Final = LazyPattern(
    r"^\s*(?:(?:no|nope|nah|actually|well|sorry|oh|hmm|ah|yes|yep|yeah|ok|okay)\b[\s,.!-]*)*"
    r"(?:(?:just|only|make\s+it)\s+)?(?P<said>(?:until|till|til|through|thru)\s+[^\n?]+?)[\s.!]*$",
    re.IGNORECASE,
)
# nlu144: a mailbox named in what someone holds, told ("he already has full access to her mailbox"): how
# things are, no part of the request (read over the clause before the mailbox, to its start)
NLU144_HOLDING_BEFORE: Final = LazyPattern(
    r"\b(?:already|has|have|had|holds?|still\s+has)\b[^.;,!?\n]*$", re.IGNORECASE
)
# ---- nlu143: people named as context, and what they said ----
# (nlu143) how long a grant is to last, said as what someone set it to ("- I limited it to a week", "- Ava
# Johnson limited it to a week", "- Mike capped it at two weeks", "- approved for a week by Ava", "- limited
# to a week"): the length is the grant's, read as "for <length>"; who set it is context, never one more
# trustee (main granted the requester and Ava, and "limited to" / "capped at" lost the end)
_NLU143_SETTER = (
    r"(?:i|we|he|she|they|(?:the\s+)?(?:cfo|ceo|cto|ciso|coo|legal|hr|compliance|security|management|finance)"
    r"|(?:my|his|her|their|the)\s+(?:manager|boss|line\s+manager|team\s+lead|lead|director)"
    r"|(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){0,2})"
)
_NLU143_BOUND_VERB = (
    r"(?:limited|capped|restricted|time-?boxed|approved|sanctioned|permitted|authori[sz]ed|agreed|okayed|"
    r"ok['’]?d|ok['’]?ed|signed\s+off|cleared|allowed|set)"
)
NLU143_LENGTH_SET_BY: Final = LazyPattern(
    r"(?P<lead>(?:^|(?<=[,;:.!?(\n])|(?<=\s[-–—]))[ \t]*(?:(?:and|but|also|fyi|note|btw)[,:]?[ \t]+)?)"
    r"(?:(?P<who>"
    + _NLU143_SETTER
    + r")\s+(?:(?:has|have|had|already|previously|only|also)\s+|['’](?:ve|d)\s+)*"
    r"|(?:it(?:['’]s|\s+is|\s+was|\s+has\s+been|['’]s\s+been)\s+|(?:was|been|is)\s+)?(?:(?:only|already)\s+)?)"
    + _NLU143_BOUND_VERB
    + r"(?:\s+(?:it|this|that|the\s+access|access|the\s+grant|them))?"
    # ("approved by Ava for a week"; "Ava Johnson allowed a week": the length said as the verb's object)
    r"(?:\s+by\s+(?P<by>" + _NLU143_SETTER + r"))?"
    r"\s+(?:(?:to|at|for)\s+)?(?:(?:a\s+)?max(?:imum)?\s+(?:of\s+)?)?"
    r"(?P<length>" + _NLU95_COUNT + r"\s+(?:more\s+)?" + _NLU95_UNIT + r")"
    r"(?:\s+(?:max(?:imum)?|only|tops))?"
    # ("Limited to a week per Ava.")
    r"(?:\s+(?:by|per|as\s+per|according\s+to)\s+(?P<per>" + _NLU143_SETTER + r"))?"
    r"(?=[ \t]*(?:[,;!?)\n]|\.(?=\s|$)|\s[-–—]\s|$))"
    # ("Ava agreed to a week, but Mike wants two": a length set against another, never read as the one)
    r"(?![ \t]*[,;]?[ \t]*(?:but|though|although|however|yet|whereas|while|except)\b)",
    re.IGNORECASE,
    cue=r"(?i:limit|capp|restrict|box|approv|sanction|permit|authori|agree|ok|sign|clear|allow|\bset\b)",
)
NLU143_LENGTH_SET_BY_SAY: Final = r"\g<lead>for \g<length>"
# (who set it, when it is the writer: no one a he / she after it may mean)
NLU143_SETTER_WRITER: Final = LazyPattern(r"i|we", re.IGNORECASE)
# (nlu143) a cover said first, with no comma before the change ("To cover Liam Brown give Tom full access to
# sales@", "Covering for Emma Wilson - add Tom to all-sales"): whom the change stands in for ends at the
# change verb, read with a comma there as "To cover Liam Brown, give ..." is (Liam was granted too)
NLU143_COVER_FIRST: Final = LazyPattern(
    r"^(?P<lead>[ \t]*(?:(?:while|as|whilst)\s+)?(?:(?:to|i['’]m|i\s+am|we['’]re|we\s+are)\s+)?"
    r"(?:cover(?:ing)?|stand(?:ing)?\s+in|fill(?:ing)?\s+in|sub(?:bing)?|deputi[sz]ing|sitting\s+in)"
    r"(?:\s+for)?\s+(?:(?!(?:please|pls|kindly|can|could|"
    + one_of(CHANGE_VERBS)
    + r")\b)[\w.'’@-]+\s+){0,3}?"
    r"(?!(?:please|pls|kindly|can|could|" + one_of(CHANGE_VERBS) + r")\b)[\w.'’@-]+?)"
    r"[ \t]*(?:[-–—:][ \t]*|[ \t])(?=(?:(?:please|pls|kindly)\s+)?(?:" + one_of(CHANGE_VERBS) + r")\b)",
    re.IGNORECASE | re.MULTILINE,
    cue=r"(?i:cover|stand|fill|sub|deputi|sitting)",
)
NLU143_COVER_FIRST_SAY: Final = r"\g<lead>, "
# (nlu143) a right still needed said in the passive ("- send as is still needed by him", "send as is still
# required", "send as should stay"): kept, as nlu132's active "he still needs send as" is (asked_whole)
NLU143_KEPT_NEED_PASSIVE: Final = LazyPattern(
    r"\b(?:the[ \t]+|his[ \t]+|her[ \t]+|their[ \t]+)?"
    + _NLU132_RIGHT
    + r"(?:[ \t]+(?:right|permission))?[ \t]+"
    # ("send as still needed by him": the "is" left out, "still" said)
    r"(?:(?:(?:is|are|['’]s)[ \t]+(?:(?:still|also|really|only|very\s+much)[ \t]+)*|(?:still|also)[ \t]+)"
    r"(?:needed|required|used|in[ \t]+use|to[ \t]+(?:be[ \t]+kept|stay|remain))"
    r"|(?:(?:should|must|has[ \t]+to|needs[ \t]+to|can|will)[ \t]+)?(?:still[ \t]+)?"
    r"(?:stays?|remains?|be[ \t]+kept))"
    r"(?:[ \t]+by[ \t]+(?P<by>(?:him|her|them|(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?)))?"
    r"(?![ \t]+(?:removed|revoked|taken|gone|dropped|pulled|cancell?ed|to[ \t]+go|off|out)\b)",
    re.IGNORECASE,
)
# (nlu143) the one consulted or copied refusing or holding back, said of them after the aside as a verb or a
# state ("- cc Mike Smith, he refused", "- he wasn't keen", "Ava is against it"): no approval, asked as
# NLU138_APPROVAL_WITHHELD is
NLU143_REFUSED_AFTER: Final = LazyPattern(
    r"\b(?:he|she|they|(?-i:[A-Z][\w'’-]+))\s+(?:(?:has|had|have|also|then|just|already|flatly)\s+)*"
    r"(?:refused|declined|objected|vetoed|rejected\s+it|disagreed|pushed\s+back|said\s+no|turned\s+(?:it|this|that)"
    r"\s+down|(?:is|was|are|were|['’]s|['’]re)\s*(?:n['’]t|\s+not)\s+(?:too\s+|very\s+|really\s+|so\s+)?"
    r"(?:keen|happy|ok|okay|fine|on\s+board|convinced|sure|comfortable)"
    r"|(?:is|was|are|were|['’]s|['’]re)\s+(?:against|opposed)(?:\s+to)?(?:\s+(?:it|this|that))?)"
    r"(?:\s+(?:on|with|about|to)\s+(?:it|this|that|the\s+idea))?"
    r"(?=[ \t]*(?:[,;!?)\n]|\.(?=\s|$)|\s[-–—]\s|$))",
    re.IGNORECASE,
)
NLU143_ASIDE_BARE_NO: Final = LazyPattern(
    r"(?i:" + _NLU130_ASIDE_BODY + r"[ \t]*[,:;][ \t]*(?:[-–—][ \t]*)?(?:but[ \t]+)?(?:no|nope|nah|not\s+yet|"
    r"refused|declined|rejected|not\s+approved|not\s+ok(?:ay)?|not\s+keen|👎)(?![\w'’-]))",
    cue=r"(?i:confirm|check|clear|discuss|agreed|ran|run|spok|talk|chat|ask|consult|told|inform|notif|cc|cop"
    r"|mail|messag|ping|loop|aware|receipt|acknowledg|report|repl|respond|write)",
)
# nlu145 (batch 48): one person said only by an indefinite description ("Olivia okayed a new member for
# Project Atlas, can you add them?", "we have a new starter in Sales, please give him send as on sales@"):
# a pronoun after it with no named person between stands for that unnamed person, never for the one who
# okayed or asked (it added Olivia); who is asked (rules._unnamed_one_referred_to). Not a description said
# of a person ("Tom is a new starter, add him": lx.NLU145_DESCRIBED_AS_BEFORE).
NLU145_UNNAMED_ONE: Final = LazyPattern(
    _NLU145_ONE_DESCRIBED + r"|\b(?:someone|somebody)\s+new\b",
    re.IGNORECASE,
    cue=r"member|starter|hire|joiner|recruit|person|colleague|employee|contractor|consultant|freelancer|"
    r"intern|temp|trainee|apprentice|user|guy|arrival|worker|analyst|assistant|new",
)
# ("Tom is a new starter", "Tom Becker, a new hire,", "as a contractor"): the description is said of a person
# just named, or is what someone is; it names no one else
NLU145_DESCRIBED_AS_BEFORE: Final = LazyPattern(
    r"(?:\b(?:is|was|be|been|being|am|are|were|as|becomes|became)|§\d+§\s*[,(–—-]?)\s*$|['’]s\s*$",
    re.IGNORECASE,
)
NLU145_UNNAMED_ONE_ASK: Final = (
    "Who is {pronoun!r}? The request refers to someone it names only as {said!r}: name the person (e.g. "
    '"add Ava Johnson to Project Atlas").'
)

# nlu145 (batch 48): a pictograph that says nothing of a part ("👋 hi IT! ... 🙏 thanks"): a wave, a prayer
# hand, a smiley is how the message is said, never a word of it; read as a space (rules._draft_read). The
# marks that say a status (NLU120_MARK_STATUS: a tick, a thumb, a clock), and any box, check, cross or
# coloured shape a form may tick ("🔲 Send As", "☒"), are kept for marks.py and forms.py to read.
NLU145_DECORATIVE_PICTOGRAPH: Final = LazyPattern(
    r"(?![" + "".join(NLU120_MARK_STATUS) + r"\u2610-\u2612\u2713-\u2718\u274C-\u274E\u2705"
    r"\U0001F532-\U0001F53D\U0001F7E0-\U0001F7FF])[\U0001F300-\U0001FAFF\u2600-\u27BF]"
    r"[\U0001F3FB-\U0001F3FF\ufe0f\u200d]*"
)

# nlu145 (batch 48): whom the mail should come from, set against whom it should not ("The supplier statements
# should come from Finance, not me", "so replies go out as Support rather than Tom"): why the right is
# asked, the "not" of the sender said; never someone ruled out of the change (the quoted asker's "not me"
# ruled her out and nothing was left). Read as the part before the "not" (rules._read).
NLU145_SENT_FROM_NOT: Final = LazyPattern(
    r"(?P<keep>\b(?:come|comes|coming|came|go|goes|going|went|be\s+sent|are\s+sent|is\s+sent|get\s+sent|"
    r"appear|appears|show\s+up|shows\s+up)\s+(?:out\s+)?(?:from|as)\s+(?:the\s+)?[\w@.'’-]+(?:\s+[\w@.'’-]+)?)"
    r"\s*,?\s*(?:and\s+|but\s+)?(?:not|rather\s+than|instead\s+of)\s+(?:from\s+|as\s+)?[\w@.'’-]+(?:\s+[\w@.'’-]+)?"
    r"(?=\s*(?:[.!;?]|$))",
    re.IGNORECASE,
    cue=r"not|rather|instead",
)

# nlu145 (batch 48): "Maria Garcia (HR) is asking on behalf of Olivia Martin to add Grace Hopper to Project
# Atlas": on whose behalf someone asks is who wants it, said of the asking; never the Send on Behalf right
# (it granted Grace and Project Atlas send on behalf on Olivia's mailbox) nor whom the change is for. Read
# as the asking alone ("Maria Garcia is asking to add ..."; rules._read)
NLU145_ASKING_ON_BEHALF: Final = LazyPattern(
    # (asking alone: "Sarah is writing to give Rachel full access" is read another way, and the one writing
    # may be taken for a trustee there)
    r"\b(?P<verb>(?i:ask(?:ing|s|ed)?|request(?:ing|s|ed)?))\s+(?i:on)[- ](?i:behalf)\s+(?i:of)\s+"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*){0,2}(?:\s*\([^()\n]{1,40}\))?"
    # (only before what is asked said as its own clause, "to add ...", "that Alex get ..."; an opener
    # ending in a colon or a dash is ON_BEHALF_COLON_OPENER's, whose he/she after it is the one named)
    r"(?=\s+(?i:to|that)\s)",
    cue=r"(?i:behalf)",
)


# ---- nlu147 ----
# (someone named in the words, first name and maybe a capitalised surname, never a pronoun or a filler)
_NLU147_NAME_SAID = (
    r"(?!(?:it|this|that|which|what|who|everything|all|and|but|also|then|so|the|a|an|i|we|you|he|she|they|"
    r"pls|please|access|approved|done|thanks|ty|sorry|ok|okay)\b)[a-z][\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?"
)
# (nlu147) "Give Tom full access to sales@ - Ava limited Mike to a week": a length someone set on another
# person named as its object, not on the grant ("limited it"): whose length it is, and so whether this grant
# has one, is not said (rules._length_set_by asks, never granting for good or granting the one limited)
NLU147_LENGTH_SET_ON_OTHER: Final = LazyPattern(
    r"(?:^|(?<=[,;:.!?(\n])|(?<=\s[-–—]))[ \t]*(?:(?:and|but|also|fyi|note|btw)[,:]?[ \t]+)?"
    r"(?P<who>"
    + _NLU143_SETTER
    + r")\s+(?:(?:has|have|had|already|previously|only|also)\s+)*"
    + _NLU143_BOUND_VERB
    + r"\s+(?P<whom>(?!(?-i:It|This|That|Them|The|Access)\b)(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*)?)"
    r"\s+(?:(?:to|at|for)\s+)?(?:(?:a\s+)?max(?:imum)?\s+(?:of\s+)?)?"
    + _NLU95_COUNT
    + r"\s+(?:more\s+)?"
    + _NLU95_UNIT
    + r"\b",
    re.IGNORECASE,
    cue=r"(?i:limit|capp|restrict|box|approv|sanction|permit|authori|agree|ok|sign|clear|allow|\bset\b)",
)
NLU147_LENGTH_SET_ON_OTHER_ASK: Final = (
    "You wrote that {who} set a length for {whom} ('{said}'). Is that length for this change, and if so "
    "until when should it last?"
)
# (nlu147) "Give Tom full access to sales@ - Mike declined the meeting, unrelated", "... - Mike set up the
# mailbox two weeks ago": after a dash, someone named then a verb in the past tells what they did, a sentence
# of its own (read after a full stop), never one more name for the change before the dash
NLU147_DASH_TOLD: Final = LazyPattern(
    r"(?P<lead>\S)[ \t]+[-–—][ \t]+"
    r"(?P<who>" + _NLU147_NAME_SAID + r")[ \t]+(?=(?:(?:already|just|also|previously)[ \t]+)?"
    r"(?:declined|accepted|attended|missed|joined|left|created|set(?:[ \t]+(?:it|this|that|them))?[ \t]+up|"
    r"made|built|sent|wrote|moved|"
    r"started|finished|booked|cancell?ed|rescheduled|organi[sz]ed|called|replied|forwarded|shared|"
    r"limited|capped|restricted)\b)",
    re.IGNORECASE,
    cue=r"\s[-–—]\s",
)
NLU147_DASH_TOLD_SAY: Final = r"\g<lead>. \g<who> "
# (nlu147) "Add Tom to all-sales - Emma's mailbox is fine as is", "..., Emma is fine as it is": someone (or
# what is theirs) said to be fine or to stay as it is, is to be left alone, as "leave Emma's mailbox as is"
# reads; never one more name for the change (a request that planned Emma added)
NLU147_FINE_AS_IS: Final = LazyPattern(
    r"(?P<lead>(?:^|[;!,:]|\.(?=\s)|\s[-–—])[ \t]*(?:(?:and|but|also|btw|fyi)[,:]?[ \t]+)?)"
    r"(?P<name>" + _NLU147_NAME_SAID + r")"
    # what is someone's said to stay ("Emma's mailbox stays as it is"), or someone said to be fine as they are
    # ("Emma is fine as is"; "Chris stays as he is" alone tells of a person, read as before)
    r"(?:(?P<own>['’]s?[ \t]+(?:(?:current|existing|own)[ \t]+)?(?:mailbox|inbox|calendar|membership|"
    r"memberships|account|setup|lists?))"
    r"[ \t]+(?:is|are|stays|stay|can[ \t]+stay|should[ \t]+stay|remains|can[ \t]+remain)"
    r"(?:[ \t]+(?:fine|ok|okay|good|alright|all[ \t]+right))?"
    r"|[ \t]+(?:is|are|['’]s)[ \t]+(?:fine|ok|okay|good|alright|all[ \t]+right))"
    r"[ \t]+(?:as[ \t]+(?:it[ \t]+is|is|they[ \t]+are|she[ \t]+is|he[ \t]+is)"
    r"|the[ \t]+way[ \t]+it[ \t]+is|unchanged|untouched)\b",
    re.IGNORECASE,
    cue=r"(?i:\bas\s+(?:it\s+|they\s+|she\s+|he\s+)?is\b|unchanged|untouched|the\s+way\s+it\s+is)",
)
NLU147_FINE_AS_IS_SAY: Final = "{lead} leave {name}{own} as is"
# (nlu147) "Sarah Connor here, writing to give Rachel Green full access to finance@": writing (or emailing) to
# make a change, after the writer named themselves, is asking for it outright, read as "please give ...", so
# the claim to be someone else is asked as "Sarah Connor here, please give ..." is (never the writer granted)
NLU147_INTRO_WRITING: Final = LazyPattern(
    r"(?<=\bhere)(?P<sep>\s*(?:[,.;:!]|\s[-–—])\s*)(?:(?:i'?m|i\s+am)\s+)?(?:just\s+)?"
    r"(?:writing|emailing|e-mailing|messaging|reaching\s+out)(?:\s+in)?\s+to\s+(?="
    + one_of(CORE_CHANGE_VERBS)
    + r"\b)",
    re.IGNORECASE,
    cue=r"(?i:here)",
)
NLU147_INTRO_WRITING_SAY: Final = r"\g<sep>please "
# (nlu147) "Maria Garcia, HR, wants Grace Hopper added ...": a team or mailbox named alone between commas
# right after the one wanting is where they work (engine.speakers reads it so only when what it names is no
# person)
NLU147_TEAM_ASIDE: Final = LazyPattern(
    r"^\s*,\s*§(?P<n>\d+)(?!\d)§?(?=\s*,\s*(?:wants|would\s+like|'d\s+like|needs)\b)"
)
# nlu146 (batch 49): an approving mark said beside an approving word ("sarah approved 👍", "Mike ok'd ✅",
# "👍 approved"): the mark says the word again, and marks no part of its own; read as a space, the words
# left are read as an approver said after the request (batch 49 granted Sarah the send as). Only a mark
# that approves, touching the word: "Sales ✅ Finance ⏳" keeps its marks (rules._draft_read).
NLU146_MARK_BESIDE_APPROVAL: Final = LazyPattern(
    r"(?P<word>\b(?:approved|approves|ok'd|okayed|okd|signed\s+off|agreed|authori[sz]ed))[ \t]*"
    r"(?:[" + "".join(m for m, s in NLU120_MARK_STATUS.items() if s == "approved") + r"]"
    r"[\U0001F3FB-\U0001F3FF\ufe0f]*[ \t]*)+"
    r"|(?:[" + "".join(m for m, s in NLU120_MARK_STATUS.items() if s == "approved") + r"]"
    r"[\U0001F3FB-\U0001F3FF\ufe0f]*[ \t]*)+(?=(?:approved|ok'd|okayed|signed\s+off|agreed)\b)",
    re.IGNORECASE,
)

# nlu146 (batch 49): why the change is asked, said after it as what someone does now ("Stop the forwarding
# on the Careers mailbox, Maria reads it directly now", "..., Ken handles those himself these days"): a reason
# clause, the one it names context, never a mailbox or a person of the change (batch 49 cleared Maria's
# forwarding too). Only a name, a verb of reading or handling in the present and what it is of ("it",
# "them", "the mailbox"), ending the sentence; cut before the request is read (rules._draft_read).
NLU146_REASON_CLAUSE: Final = LazyPattern(
    r"(?:,|\s+(?:as|since|because|cos|coz))\s+(?-i:[A-Z][\w'-]*)(?:\s+(?-i:[A-Z][\w'-]*))?\s+"
    r"(?:now\s+|just\s+|already\s+)?"
    r"(?:reads|checks|monitors|watches|handles|manages|covers|looks\s+after|picks\s+up|deals\s+with|"
    r"gets|sees|answers|works)\s+"
    r"(?:it|them|those|that|these|the\s+(?:mail(?:box)?|inbox|emails?|messages?|queue|box))"
    r"(?:\s+(?:directly|herself|himself|themselves|themself|now|herself\s+now|himself\s+now|these\s+days|"
    r"from\s+now\s+on|instead|anyway|already|direct|first-?hand|day\s+to\s+day)){0,2}"
    r"(?=\s*(?:[.!;]|\n|$))",
    re.IGNORECASE,
    cue=r"reads|checks|monitors|watches|handles|manages|covers|looks|picks|deals|gets|sees|answers|works",
)

# nlu146 (batch 49): why access is wanted, said as clearing work ("... to the Finance shared mailbox to help
# clear the supplier queries backlog", "so he can clear the queue"): the work cleared, never a right or a
# forwarding taken away (batch 49 asked which rights to remove); cut (rules._draft_read)
NLU146_CLEAR_WORK: Final = LazyPattern(
    r"\s+(?:to\s+(?:help\s+(?:\w+\s+)?)?"
    r"|so\s+(?:that\s+)?(?:he|she|they|we|i|[A-Z][a-z'-]+)\s+can\s+(?:help\s+)?)"
    r"(?:clear|clearing|clear\s+out|clear\s+down)\s+(?:the|a|our|their|his|her|that|this)?\s*"
    r"(?:[\w'-]+\s+){0,3}?(?:backlog|queue|queries|tickets|inbox|pile|work|cases|requests|emails)\b",
    re.IGNORECASE,
    cue=r"clear",
)
# nlu146 (batch 49): a list item struck through whole, an aside after it ("* ~~remove from all-sales~~ (not
# on it - ignore)"): the writer took that item out, and the other items stand; the line is cut (a strike
# inside a line still asks: forms.checked)
NLU146_STRUCK_ITEM: Final = LazyPattern(
    r"(?m)^[ \t]*(?:[-*•]|\d+[.)])[ \t]+~~[^~\n]+~~[ \t]*(?:\([^()\n]*\)|[-–—:][^\n~]*)?[ \t]*(?:\n|$)",
    cue=r"~~",
)
# nlu146 (batch 49): a removal guessed at, said of someone ("Rachel Green stopped getting Finance Team mail
# and seems to have been removed. Please add her back"): what happened, told; never a removal asked for
# (batch 49 asked whether to add or remove her); cut (rules._draft_read)
NLU146_REMOVAL_GUESSED: Final = LazyPattern(
    r"(?:\s*,?\s+and\s+|\b)(?:(?:she|he|they|it)\s+)?(?:seems|seem|appears|appear|looks|look)\s+"
    r"(?:like\s+(?:she|he|they|it)\s+(?:was|were|has\s+been|have\s+been|got)\s+"
    r"|to\s+have\s+been\s+|to\s+have\s+got\s+)"
    r"(?:\w+\s+)?(?:removed|dropped|taken\s+(?:off|out)|deleted|kicked\s+(?:off|out))"
    r"(?:\s+(?:from|off)\s+(?:the\s+)?[\w@.'-]+(?:\s+[\w@.'-]+){0,2}?)?(?=\s*(?:[.!;\n]|$))",
    re.IGNORECASE,
    cue=r"seem|appear|look",
)
# nlu146 (batch 49): a mailbox's type changed ("Convert Tom Becker's mailbox to a shared mailbox when he
# leaves"): no action does it, whenever it is to be done; read before any when is asked about (batch 49 asked
# from when), so the answer is that it cannot be done (UNSUPPORTED_ACTION says the same later)
NLU146_TYPE_CONVERTED: Final = LazyPattern(
    r"\bconvert\w*\b[^.;!?\n]{0,80}?\b(?:to|into)\s+(?:a\s+|an\s+)?(?:shared|user|room|regular|normal|"
    r"equipment|resource)\s+mailbox\b",
    re.IGNORECASE,
    cue=r"convert",
)
NLU146_TYPE_CONVERTED_WHY: Final = (
    "mailwarden cannot convert a mailbox from one type to another (to a shared, room or user mailbox), now "
    "or later; ask for the change an admin should make in Exchange itself."
)

# nlu146 (batch 49): "Give me the mailbox details for Sam Taylor", "get me Sam's mailbox info": details
# handed to the writer are a read, as "show me" says; never a grant to them (batch 49 did not understand it).
# Only before details, info or a size said within a few words that name no right or place; read as "show me"
NLU146_GIVE_ME_DETAILS: Final = LazyPattern(
    r"\b(?:give|get|send|pull)\s+me\s+(?=(?:the\s+|a\s+)?"
    r"(?:(?!(?:access|rights?|permissions?|to|on|onto|into|send|full|as|over|of)\b)[\w'’.@-]+\s+){0,3}?"
    r"(?:details|info|information|stats|statistics|size|summary)\b"
    # ("give me the info mailbox", "info@": a mailbox named Info is a place, never details)
    r"(?!\s*(?:@|mail\s?box|shared|inbox|list|group|account)))",
    re.IGNORECASE,
    cue=r"details|info|stats|statistics|size|summary",
)

# nlu146 (batch 49): why a level is corrected, said after the correction ("actually, make that editor, he'll
# be moving things around"): the reason, whose he is the one the level is for; never a person to find (batch
# 49 asked who "editor, he'll be ..." is). Read as the correction alone (rules._draft_read)
NLU146_CORRECTION_WHY: Final = LazyPattern(
    r"(?P<keep>\bmake\s+(?:that|it)\s+(?:an?\s+)?(?:editor|reviewer|author|limited[- ]details|free/busy|"
    r"availability(?:\s+only)?|read[- ]?only|full\s+access|send\s+as|send\s+on\s+behalf)"
    r"(?:\s+(?:access|level))?)"
    r"\s*,\s*(?:as\s+|since\s+|because\s+|cos\s+)?(?:he|she|they)(?:'ll|\s+will|'s|\s+is|\s+are|'re|\s+needs?)\b"
    r"[^\n.!?]*",
    re.IGNORECASE,
    cue=r"make",
)
# nlu146 (batch 49): why, said after a question as what the one named is helping with or working on ("can Ken
# Adams see my calendar at reviewer level? he's helping with the board pack"): a reason, naming no one; with a
# correction after it ("make that editor") it was read as what is corrected. Cut (rules._draft_read)
NLU146_HELPING_WHY: Final = LazyPattern(
    r"(?<=\?)[ \t]+(?:as\s+|since\s+|because\s+)?(?:he|she|they)"
    r"(?:'s|'re|\s+is|\s+are|'ll\s+be|\s+will\s+be)\s+"
    r"(?:helping|working|covering)(?:\s+out)?(?:\s+(?:with|on|for)(?:\s+(?!and\b|but\b|also\b|then\b|pls\b|please\b)[\w'’@.-]+){1,5})?"
    r"(?=[ \t]*(?:[.!]|\n|$))",
    re.IGNORECASE,
    cue=r"helping|working|covering",
)
# ---- nlu148 ----

# nlu148 (red team 76, N1/O6): "I'm asking on behalf of Tom to get full access to sales@": the one on whose
# behalf someone asks is who is to get, be or have it (the infinitive's own subject), never the writer (the
# asking alone granted the writer) nor the Send on Behalf right. Read as "asking for Tom to get ..."
# (rules._read), before NLU145_ASKING_ON_BEHALF reads "... on behalf of X to add Y" as the asking alone.
NLU148_ASKING_ON_BEHALF_TO_GET: Final = LazyPattern(
    r"\b(?P<verb>(?i:ask(?:ing|s|ed)?|request(?:ing|s|ed)?|writ(?:ing|es)|e-?mail(?:ing|s|ed)?))\s+"
    r"(?i:on)[- ](?i:behalf)\s+(?i:of)\s+"
    r"(?P<who>(?i:my|our)\s+(?i:colleague|co-?worker|manager|line\s+manager|boss|team-?mate|assistant)"
    r"(?:\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*){0,2})?"
    r"|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*){0,2})(?:\s*\([^()\n]{1,40}\))?"
    # (or whose he/she the change names: "... on behalf of Tom to add him to all-sales", the writer otherwise)
    r"(?=\s+(?i:to)\s+(?:(?i:get|be|have|receive|gain|obtain|keep)\b|[a-z]+\s+(?i:him|her|them)\b))",
    cue=r"(?i:behalf)",
)

# nlu148 (red team 76, N2/N3): the one consulted's reply said bare after the aside ("- asked Mike, pending",
# "- asked Mike, not sure", "- checked with Mike, ok for sales"): only a known agreement of the whole lets
# the request plan; any other reply (a doubt, a wait, an agreement naming a part) is asked (halts.halted).
# The reply is what follows the aside's comma up to the end of its part, when it is no clause of its own
# (a change said: "I checked with Mike, please give Tom ...").
NLU148_ASIDE_REPLY: Final = LazyPattern(
    r"(?i:" + _NLU130_ASIDE_BODY + r"[ \t]*[,:;][ \t]*(?:[-–—][ \t]*)?"
    r"(?P<reply>[^,;.!?\n(]{1,60}?)(?=[ \t]*(?:[,;!?\n]|\.(?=\s|$)|$)))",
    cue=r"(?i:confirm|check|clear|discuss|agreed|ran|run|spok|talk|chat|ask|consult|told|inform|notif|cc|cop"
    r"|mail|messag|ping|loop)",
)
_NLU148_AGREEMENT = (
    r"(?:sure|yes|yep|yeah|yup|ok|okay|fine|good|all\s+good|no\s+problem|no\s+objections?|go\s+ahead|approved"
    r"|agreed|👍|✅|on\s+board|happy|signed\s+off|confirmed|all\s+clear|green\s+light|thumbs[\s-]up"
    r"|(?:gave|given|gives)\s+(?:it\s+|(?:me|us)\s+)?(?:the|his|her|their|a|an)\s+(?:ok|okay|go-?ahead|green\s+light"
    r"|thumbs[\s-]up|nod|all[\s-]clear|blessing|approval|sign-?off)"
    r"|ok(?:['’]?d|['’]?ed|ayed)|signed\s+it\s+off|no\s+(?:issue|concerns?))"
)
NLU148_REPLY_AGREES: Final = LazyPattern(
    r"[ \t]*(?:(?:and|so)[ \t]+)?(?:(?:he|she|they|(?-i:[A-Z])[\w'’-]*)"
    r"(?:['’]s|['’]re|\s+is|\s+was|\s+are|\s+said|\s+says|\s+has|\s+had|\s+have)?(?:\s+(?:also|already|said))?\s+)?"
    r"(?:(?:it['’]s|that['’]s|it\s+is|all)\s+)?(?:totally\s+|fully\s+|very\s+)?" + _NLU148_AGREEMENT + r""
    r"(?:\s+(?:with|on|to|by)?\s*(?:it|this|that|him|her|them|me|us)|\s+(?:it|this|that))?"
    r"(?:\s+(?:too|as\s+well|already|now))?[ \t]*(?:!+|:\)|🙂|👍)?[ \t]*",
    re.IGNORECASE,
)
# (what follows the aside's comma that is a clause of its own, no reply: a change, a thanks, why)
NLU148_REPLY_NOT_REPLY: Final = LazyPattern(
    r"\b(?:please|pls|plz|kindly|thanks?|thx|ty|cheers|can|could|would|will|so|because|as|since|for\s+now"
    r"|asap|urgent(?:ly)?|" + one_of(CORE_CHANGE_VERBS) + r")\b|@",
    re.IGNORECASE,
)
NLU148_REPLY_NOT_AGREED_ASK: Final = (
    "The request says what the one consulted answered ({said!r}), which is no agreement to all of it: should "
    "this wait for their agreement, or which part did they agree to?"
)

# nlu148 (red team 76, N4): "the Former Employee mailbox pat.gone@acme.com and billing@acme.com": a mailbox
# said by its owner's name with no possessive, then its address, then another part joined to it: whose the
# address is cannot be told from the words as when it is said alone; never read as one mailbox (the address
# was dropped and the owner read as a trustee of the next part), left as two mentions and asked, as before
# nlu145 (mentions._owner_in_brackets)
NLU148_OWNER_NO_POSSESSIVE: Final = LazyPattern(r"(?!['’])", re.IGNORECASE)
NLU148_JOINED_AFTER: Final = LazyPattern(
    r"\)?[ \t]*(?:,[ \t]*(?:and\b)?|&|\+|\band\b|\bor\b|\bplus\b)[ \t]*"
    # (a part, never what is said of the request: ", please", "and thanks", ", for a week")
    r"(?!(?:please|pls|plz|thanks|thank|thx|ty|cheers|asap|too|also|as\s+well|for|until|till|from|starting"
    r"|now|today|tomorrow|ok|okay|so|because|as|since|if|when|but|then|give|grant|add|remove|make|set)\b)[\w\'’\"]",
    re.IGNORECASE,
)

# nlu148 (red team 76, O2/O3): an approval said of a part ("- Mike gave the ok for sales", "- Mike approved
# sales", "- Mike's fine with sales", "- Mike said fine for sales, not finance"): who approved is context,
# never a trustee, and the approval covers only the part it names; asked which parts go ahead (halts.halted)
NLU148_APPROVAL_OF_PART: Final = LazyPattern(
    r"(?:^|(?<=[,;:.!?\n])|(?<=\s[-–—]))[ \t]*(?:(?:and|but|also|fyi|note|btw)[,:]?[ \t]+)?"
    r"(?P<who>(?:he|she|they|(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?))"
    r"(?:\s+(?:has|have|had|also|already|only|just))*"
    r"(?:\s+(?:approved|ok(?:['’]?d|['’]?ed|ayed)|okays|approves|signed\s+off\s+on|signs\s+off\s+on|agreed\s+to"
    r"|(?:gave|given|gives)\s+(?:the|his|her|their|a|an)\s+(?:ok|okay|go-?ahead|green\s+light|nod|thumbs[\s-]up"
    r"|approval|sign-?off|blessing|all[\s-]clear)\s+(?:for|on|to)"
    r"|said\s+(?:(?:it['’]s|that['’]s|it\s+is)\s+)?(?:fine|ok|okay|yes|good|go\s+ahead)\s+(?:for|to|on|with))"
    r"|(?:['’]s|['’]re|\s+is|\s+was|\s+are)\s+(?:(?:totally|fully|perfectly)\s+)?(?:fine|ok|okay|happy|good|cool)"
    r"\s+(?:with|for|about))"
    r"\s+(?P<what>(?!(?:it|this|that|him|her|them|me|us|the\s+(?:request|change|ticket|grant)|a|an|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|\d+|for|until|till|through|to|in|as|of|now|today|giving"
    r"|adding|granting|removing|by)\b)[\w@.'’-]+(?:\s+[\w@.'’-]+){0,3}?)"
    r"(?=[ \t]*(?:[,;!?)\n]|\.(?=\s|$)|\s[-–—]\s|$))",
    re.IGNORECASE,
    cue=r"(?i:approv|ok|sign|agree|gave|given|gives|said|fine|happy|good|cool)",
)
NLU148_APPROVAL_OF_PART_ASK: Final = (
    "The request says an approval of one part ({said!r}): should only that part go ahead now, and the rest "
    "wait for approval?"
)
# (what an approval said of "both", "all of it", or "only" one part: no part left out unsaid)
NLU148_APPROVAL_OF_ALL: Final = LazyPattern(
    r"(?<![\w@.-])(?:both|all|everything|each|every|the\s+lot|only|just|alone)(?![\w@-])", re.IGNORECASE
)
# (two or more parts joined before it: "sales@ and finance@", "full access and send as", "A, B")
NLU148_PARTS_JOINED: Final = LazyPattern(
    r"[\w@.'’-]\s*,?\s*(?:&|\+|\band\b|\bplus\b)\s*[\w@'’]", re.IGNORECASE
)

# nlu148 (red team 76, O1): a part the request names, held in other words: "..., no billing", "No to
# billing.", "Don't do finance until Mike confirms.", "but finance only once approved", "Sales mailbox
# pending.": whether that part goes ahead is asked (halts.halted: only of a part said before it, as the
# local part of an address too, "billing" of billing@acme.com)
_NLU148_PART = (
    r"(?:the\s+)?(?!(?:it|this|that|them|him|her|anything|everything|any|all)\b)(?P<what>[\w&'’-]+(?:\s+(?!(?:mailbox|list|group|access|one|only|just|once|after|when|if|pending"
    r"|on|tbc|tbd|awaiting|waiting|until|till|yet|for|please|pls|thanks|approved|confirmed|cleared|agreed|signed)\b)"
    r"[\w&'’-]+)?)"
)
NLU148_PART_HELD: Final = LazyPattern(
    r"(?:^|(?<=[.!?;,:\n])|(?<=\s[-–—])|(?<=\sbut))[ \t]*(?:(?:but|and|though|however)[,]?[ \t]+)?(?:"
    # "no billing", "No to billing", "not billing for now"
    r"no(?:\s+to)?\s+(?!(?:send|full|sob|fa|copy|copies|reviewer|editor|author|owner|automap\w*|calendar|forward\w*"
    r"|mail|e-?mails?|rush|hurry|need|worries|problem|end|expiry|change|more|longer|other|one)\b)"
    + _NLU148_PART
    + r"(?:\s+(?:mailbox|list|group|access))?"
    r"(?:\s+(?:for\s+now|yet|please|pls|thanks))?[ \t]*(?=[.!;\n]|$)"
    # "Don't do finance until Mike confirms", "don't add finance yet"
    r"|(?:don['’]?t|do\s+not|please\s+don['’]?t|pls\s+don['’]?t)\s+(?:do|action|process|add|grant|give|touch|set\s+up)\s+"
    + _NLU148_PART.replace("what", "what2")
    + r"(?:\s+(?:mailbox|list|group|access))?\s+(?:until|till|til|yet|before|unless)\b[^.!?;\n]*"
    # "finance only once approved", "Finance after Mike signs off", "Sales mailbox pending"
    r"|" + _NLU148_PART.replace("what", "what3") + r"(?:\s+(?:mailbox|list|group|access))?\s+"
    r"(?:(?:only|just)\s+)?(?:(?:once|after|when|if|until|till|awaiting|waiting)\b[^.!?;\n]*?"
    r"\b(?:approved|approves|approval|confirmed|confirms|confirmation|signed\s+off|signs\s+off|sign-off|cleared"
    r"|clears|okayed|ok['’]d|agreed|agrees)|pending|on\s+hold|tbc|tbd)[ \t]*(?=[.!;\n]|$)"
    r")",
    re.IGNORECASE,
    cue=r"(?i:\bno\b|\bnot\b|don|once|after|when|\bif\b|pending|hold|tbc|tbd|await|wait)",
)

# nlu148 (red team 76, O4): a length someone set, said of another time or another grant ("- last time Ava
# limited it to a week", "- Ava limited it to a week last time", "- Ava limited hers to a week", "- Ava
# limited finance to a week"): who set it is no trustee, and whether this grant ends so is not said: asked
# when it ends (rules._length_set_by; NLU143_LENGTH_SET_BY reads the length said of this grant alone)
NLU148_LENGTH_SET_ELSE: Final = LazyPattern(
    r"(?:\b(?:last\s+time|previously|before|earlier|the\s+last\s+time)[,]?\s+)?"
    + _NLU143_SETTER
    + r"\s+(?:(?:has|have|had|already|previously|only|also)\s+|['’](?:ve|d)\s+)*"
    + _NLU143_BOUND_VERB
    + r"(?:\s+[\w'’@.-]+){0,3}?\s+(?:to|at)\s+(?:(?:a\s+)?max(?:imum)?\s+(?:of\s+)?)?"
    r"(?:" + _NLU95_COUNT + r")\s+(?:more\s+)?(?:" + _NLU95_UNIT + r")"
    # ("Ava agreed to a week, but Mike wants two": set against another, asked as nlu143 asks it)
    r"(?![ \t]*[,;]?[ \t]*(?:but|though|although|however|yet|whereas|while|except)\b)",
    re.IGNORECASE,
    cue=r"(?i:limit|capp|restrict|box|approv|sanction|permit|authori|agree|ok|sign|clear|allow|\bset\b)",
)
NLU148_LENGTH_SET_ELSE_ASK: Final = (
    "The request tells a length someone set ({said!r}), not said of this grant: when should this grant end?"
)
# nlu148 (red team 76, O5): "...; send as is still needed by Liam": a right someone still needs, told of
# them; never a grant of it (asked_whole.kept_need_taken)
NLU148_KEPT_NEED_GRANTED_ASK: Final = (
    "The request says {said!r}: that tells what is kept, and asks no {right} grant. Should anything be "
    "granted to them?"
)

# nlu148 (red team 76, N5): whom mail should come from set against someone other than the writer ("it should
# come from Tom, not Liam", "should come from Sales, not Liam"): whether that one is ruled out of the change
# or only not the sender cannot be told; asked (rules._read). Against the writer ("..., not me") it rules no
# one out (NLU145_SENT_FROM_NOT)
NLU148_NOT_THE_WRITER: Final = LazyPattern(r"\b(?:me|us|myself|ourselves|mine|i)\b", re.IGNORECASE)
NLU148_SENT_FROM_NOT_OTHER_ASK: Final = (
    "The request says {said!r}: should that one get no access at all, or only not be the one the mail comes "
    "from? Say who should have it."
)

# nlu150 (red team 78, H4/M1): "Sarah Connor is writing to give Mike full access to billing and herself send
# as": a him/herself said after the one asking (writing, asking) was cut points back at them; it was given to
# the one named before it, and their part dropped. Whom it is for is asked (rules._read)
NLU150_REFLEXIVE: Final = LazyPattern(r"\b(?:herself|himself|themselves|themself)\b", re.IGNORECASE)
NLU150_REFLEXIVE_ASK: Final = (
    "The request says {said!r} after naming the one asking: should that part go to them? Name each person "
    'who should get it (for example "give Mike and Sarah send as on billing@acme.com").'
)

# ---- nlu151 ----
# (nlu151, red team 76) an approval said as a phrase with its own object ("- Mike gave it the green
# light until Friday", "- Mike signed it off for a month", "- Mike okayed it through Friday"), the end said
# after it: the end is the grant's, who approved is context, never one more trustee (Mike was granted too).
# Read as the end alone ("- until Friday"; rules._length_set_by)
_NLU151_APPROVAL = (
    r"(?:(?:gave|given|has\s+given|have\s+given)\s+(?:it|this|that|us|you|the\s+request|the\s+access)?\s*"
    r"(?:the\s+|a\s+)?(?:green[ \t-]+light|go-?ahead|ok|okay|thumbs[ \t-]+up|nod|all[ \t-]+clear|approval)"
    r"|signed\s+(?:it|this|that)\s+off|signed\s+off(?:\s+on\s+(?:it|this|that))?"
    r"|(?:(?:pre-?)?approved|okayed|ok['’]?d|ok['’]?ed|authori[sz]ed|cleared|agreed\s+to)\s+(?:it|this|that))"
)
NLU151_APPROVED_TO_END: Final = LazyPattern(
    r"(?P<lead>(?:^|(?<=[,;:.!?(\n])|(?<=\s[-–—]))[ \t]*(?:(?:and|but|also|fyi|note|btw)[,:]?[ \t]+)?)"
    r"(?:"
    + _NLU143_SETTER
    + r")\s+(?:(?:has|have|had|already|also)\s+)*"
    + _NLU151_APPROVAL
    # (only with the end said right after it: that end is the grant's)
    + r"(?=\s+(?:until|till|til|through|thru|up\s+to|to\s+the\s+end\s+of|for\s+(?:the\s+)?(?:next\s+|rest\s+|"
    r"coming\s+)?(?:" + _NLU95_COUNT + r"|" + _NLU95_UNIT + r")))",
    re.IGNORECASE,
    cue=r"(?i:gave|given|sign|approv|ok|authori|clear|agree)",
)
NLU151_APPROVED_TO_END_SAY: Final = r"\g<lead>"
# (nlu151, red team 76) a length someone approved said with whom it is for ("- Mike approved a week for
# Tom and Liam", "- Ava okayed two weeks for Liam"): whom the approval names may be more than the request
# asks for, and who approved is context; asked whom (rules._length_set_by), never granting the approver or
# the one named only in the approval, never dropping the length
NLU151_LENGTH_APPROVED_FOR: Final = LazyPattern(
    r"(?:^|(?<=[,;:.!?(\n])|(?<=\s[-–—]))[ \t]*(?:(?:and|but|also|fyi|note|btw)[,:]?[ \t]+)?"
    r"(?P<who>" + _NLU143_SETTER + r")\s+(?:(?:has|have|had|already|also)\s+)*"
    r"(?:" + _NLU143_BOUND_VERB + r"|" + _NLU151_APPROVAL + r")"
    r"\s+(?:(?:to|at|for)\s+)?(?:(?:a\s+)?max(?:imum)?\s+(?:of\s+)?)?"
    r"(?P<length>(?:" + _NLU95_COUNT + r")\s+(?:more\s+)?(?:" + _NLU95_UNIT + r"))"
    r"\s+for\s+(?P<whom>(?!(?:it|this|that|them|the|access|now|good|sure)\b)[\w.'’@-]+(?:[^.;!?\n]*)?)",
    re.IGNORECASE,
    cue=r"(?i:limit|capp|restrict|box|approv|sanction|permit|authori|agree|ok|sign|clear|allow|\bset\b|gave|given)",
)
NLU151_LENGTH_APPROVED_FOR_ASK: Final = (
    "You wrote that {who} approved {length} for {whom} ('{said}'). Who should get this access, and until "
    "when? Name each person (the one who approved is not granted)."
)
# (nlu151, red team 76) someone named after the request with "pending" ("- Mike pending", "\nMike: pending",
# "Approval: Mike (pending)"): an approval still to come, never one more trustee nor a go-ahead; asked
# (rules._length_set_by)
NLU151_APPROVER_PENDING: Final = LazyPattern(
    r"(?:(?<=[,;:.!?\n])|(?<=\s[-–—]))[ \t]*"
    r"(?:(?:approval|approver|sign-?off|approved[ \t]+by)[ \t]*:?[ \t]*)?"
    r"(?P<who>(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?)(?:['’]s[ \t]+(?:approval|sign-?off|ok))?"
    r"[ \t]*(?::[ \t]*|\([ \t]*|(?:is|still)[ \t]+)?(?:pending|tbc|awaited)[ \t]*\)?(?=[ \t]*(?:[.!;,\n]|$))",
    re.IGNORECASE,
    cue=r"(?i:pending|tbc|awaited)",
)
NLU151_APPROVER_PENDING_ASK: Final = (
    "The request says {said!r}: an approval still to come. Should this be done now, and for whom?"
)

# ---- nlu154: chat-speak and corrections ----
# (nlu154) a change whose end is to be asked, said for a name the directory cannot tell ("... to Lee while
# she's away"): the name is asked first, its answer taking its place in the request (rules._end_asked)
NLU154_NAME_BEFORE_END_ASK: Final = "Which {said!r} do you mean? (Until when it should last is asked next.)"
# (nlu154) "del the marketing dl, nobody uses it": chat's "del" opening a command on a list, read as delete
# (only where a command starts and a list's kind word follows; "Del" mid-sentence may be a name)
NLU154_DEL_LIST: Final = LazyPattern(
    r"(?:^|(?<=[.!?;\n]))(?P<lead>\s*(?:(?:pls|plz|please|can\s+you|could\s+you)\s+)?)del"
    r"(?=\s+(?:the\s+(?:(?!(?:from|off|out|of|on|in|to)\b)[\w-]+\s+){1,3}|[\w-]+\s+)"
    r"(?:dl|list|group|grp|distribution\s+list)s?\b"
    # (rt80a N1) only where the list is the whole of what "del" takes and the request is a plain command: the
    # list's kind word ends the clause ("del the marketing dl, nobody uses it"), never a noun, a time or a
    # place after it ("del the marketing dl members who left", "... owner", "... after the launch", "... from
    # my outlook"), never "'s", never with a question after it ("del the marketing dl? or is it still used")
    r"(?=(?:\s+(?:pls|plz|please|thx|thanks|ty|asap|now|today))*\s*(?:$|[.!;\n]|,|\s[-–—]\s))(?![^?]*\?))",
    re.IGNORECASE,
)
NLU154_DEL_LIST_SAY: Final = r"\g<lead>delete"
# (rt80a N14, red team 80) "... And Tom's out of the Marketing list", "Tom's out of all-sales since Friday":
# where someone is, told (rules._read asks it when a list follows), never a removal planned
RT80A_OUT_OF_LIST: Final = LazyPattern(
    r"\b(?P<who>(?-i:[A-Z])[\w'’-]*)(?:['’]s|\s+is|\s+was|\s+has\s+been)\s+(?:already\s+|now\s+|been\s+)*"
    r"out\s+of\s+(?P<what>[^.,;!?\n]+)",
    re.IGNORECASE,
    cue=r"(?i:\bout\s+of\b)",
)
RT80A_OUT_OF_LIST_ASK: Final = (
    "The request says {said!r}: is that what is so now, or should they be taken off the list?"
)
# (rt80a N15, red team 80) "Move Tom Becker from Marketing to All Hands until Friday, then back": a move for a
# time and back again; its removal is then not for good (and no step puts them back): asked
RT80A_MOVE_THEN_BACK: Final = LazyPattern(
    r"\bmov(?:e|ing)\b[^.;!?\n]*\b(?:until|till|til|for|through)\b[^.;!?\n]*?"
    r"\b(?:then|and|after(?:wards)?|afterwards)\b[ \t,]*"
    r"(?:(?:move|put|bring|switch)[ \t]+(?:him|her|them|me|it)[ \t]+)?"
    r"(?:back|return)\b",
    re.IGNORECASE,
    cue=r"(?i:\bback\b|\breturn\b)",
)
RT80A_MOVE_THEN_BACK_ASK: Final = (
    "The request says {said!r}: a move for a time and back. When should they go back, and should they stay "
    "on the first list meanwhile?"
)
# (rt80a, red team 80 OLD) "Add Tom to Marketing, moving him off all-sales": the move said after the change
# names the list he leaves; read as "and take him off all-sales" (main read "off" as the list he goes to:
# added to all-sales, taken off Marketing)
RT80A_MOVING_OFF: Final = LazyPattern(
    r"(?P<lead>,\s*(?:and\s+)?)moving\s+(?P<who>him|her|them|me|myself)\s+off\s+(?:of\s+)?",
    re.IGNORECASE,
    cue=r"(?i:\bmoving\b)",
)
RT80A_MOVING_OFF_SAY: Final = r"\g<lead>and take \g<who> off "
# (nlu154) "pls ad me 2 the marketing list": a lone 2 after a verb of joining and whom it joins is "to" (never
# a count: "add me 2 weeks" is no joining)
NLU154_JOIN_TWO: Final = LazyPattern(
    r"\b(?P<head>(?:add|ad|put|move|invite|sign\s+up)\s+(?:me|him|her|them|us|myself)\s+)2"
    + _CHAT_NUMBER_NOT_BEFORE
    + r"\s+(?=[a-z])",
    re.IGNORECASE,
)
NLU154_JOIN_TWO_SAY: Final = r"\g<head>to "
# (nlu154) "Tom Becker shouldn't be on Marketing any more": one to be on a list no longer, said as what should
# not be any more; read as "should no longer be on Marketing" (which the reading takes as the removal). Only
# with "any more" / "any longer": "Tom shouldn't be on Marketing" alone may say he was never to be added
# (rt80a N5/N6/N12) what after "X should no longer be on it" / "X shouldn't be on L any more" says it is not
# yet a plain removal: a time it starts from ("after June", "from April", "after the launch"), a hedge
# ("I think", "maybe") or a tag ("right", "no"), or a question mark after it
_RT80A_NOT_PLAIN_AFTER = (
    r"(?:\s*,?\s*(?:after|from|until|till|by|starting|as\s+of|once|when|before|next|"
    r"in\s+(?:a|an|the|two|three|\d+)|on\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*|"
    r"i\s+think|i\s+guess|i\s+believe|i\s+suppose|maybe|probably|perhaps|right|correct|no|yes|"
    r"is\s+that\s+right|nvm|never\s*mind|(?:and\s+)?(?:neither|nor)|and\s+(?:me|i)\s+(?:too|either))\b"
    r"|[^?]*\?)"
)
NLU154_NOT_ON_ANY_MORE: Final = LazyPattern(
    r"\b(?:shouldn['’]?t|should\s+not|mustn['’]?t|must\s+not)\s+be\s+(?P<prep>on|in)\b"
    r"(?P<what>[^.;!?\n]*?)\s*\b(?:any\s*more|any\s+longer)\b(?!" + _RT80A_NOT_PLAIN_AFTER + ")",
    re.IGNORECASE,
)
NLU154_NOT_ON_ANY_MORE_SAY: Final = r"should no longer be \g<prep>\g<what>"
# (nlu154) "... to my mailbox", "Tom's inbox": the mailbox word right after whose it is
# (rules._Reader.remember)
NLU154_MAILBOX_AFTER: Final = LazyPattern(r"(?:['’]s?)?\s+(?:mail\s?box|inbox)\b", re.IGNORECASE)
# (nlu154) "Marketing list: add Emma Wilson, ...": the list a request opens with, as its topic, before a
# change of its members; read as "Re the Marketing list: ..." (the reading takes it as the list changed)
NLU154_LIST_TOPIC: Final = LazyPattern(
    r"^(?P<lead>\s*)"
    r"(?P<topic>(?:the\s+)?[\w&-]+(?:\s+[\w&-]+){0,2}\s+(?:list|dl|group|distribution\s+list))"
    r"\s*:\s*(?=(?:please\s+|pls\s+|plz\s+)?(?:add|remove|put|take|drop|include)\b)",
    re.IGNORECASE,
)
NLU154_LIST_TOPIC_SAY: Final = r"\g<lead>Re \g<topic>: "
# (nlu154) "..., but Liam Brown should no longer be on it": one more change after a change on a list, said as
# whom the list should no longer hold; read as "but remove Liam Brown from it"
NLU154_NO_LONGER_ON_IT: Final = LazyPattern(
    r"(?P<lead>(?:[,;.!?]|\band\b|\bbut\b)\s*(?:(?:and|but)\s+)?)"
    r"(?P<who>(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)\s+should\s+no\s+longer\s+be\s+(?:on|in)\s+"
    r"(?P<what>it|there|that\s+(?:list|one|group))\b(?!(?i:" + _RT80A_NOT_PLAIN_AFTER + "))",
)
NLU154_NO_LONGER_ON_IT_SAY: Final = r"\g<lead>remove \g<who> from \g<what>"
# (rt80a N5/N6/N12) the two forms above with a start, a hedge or a question after them ("Liam Brown should no
# longer be on it after June", "... on it, I think?", "Tom Becker shouldn't be on Marketing any more,
# right?"):
# asked (rules._read), never a removal made now, nor the writer taken off as the hedge's "I"
RT80A_NO_LONGER_UNSURE: Final = LazyPattern(
    r"(?:\bshould\s+no\s+longer\s+be\s+(?:on|in)\s+(?:it|there|that\s+(?:list|one|group))\b"
    r"|\b(?:shouldn['’]?t|should\s+not|mustn['’]?t|must\s+not)\s+be\s+(?:on|in)\b[^.;!?\n]*?"
    r"\b(?:any\s*more|any\s+longer)\b)"
    r"(?=" + _RT80A_NOT_PLAIN_AFTER + ")",
    re.IGNORECASE,
    cue=r"(?i:should|must)",
)
RT80A_NO_LONGER_UNSURE_ASK: Final = (
    "The request says {said!r}, with a time, a hedge or a question after it: should they be taken off now, "
    "later, or not at all?"
)
# (nlu154) "..., emma's out": a name's "'s" before where they are ("out", "off", "away", "on leave") is "is",
# not whose: who is away, told as why (read as "emma is out", which the reading cuts as a reason); only after
# a comma, a dash or a sentence's start, and never before a noun ("Emma's out-of-office", "Emma's off day")
NLU154_NAME_IS_AWAY: Final = LazyPattern(
    r"(?:(?<=,)|(?<=^)|(?<=[.!?;]\s)|(?<=\s[-–—]))(?P<lead>\s*)(?P<who>[A-Za-z][\w-]*)['’]s\s+"
    r"(?=(?:out|off|away|sick|ill|on\s+(?:leave|holiday|vacation|pto))(?:\s+(?:sick|today|this\s+week|now))?"
    r"\s*(?:[,.;!?]|$))",
    re.IGNORECASE,
)
NLU154_NAME_IS_AWAY_SAY: Final = r"\g<lead>\g<who> is "
# (nlu154) "Actually, scratch that, just give Noah full access": a correction said with two openers, read as
# the one that takes the part before back ("scratch that"); read as two, the second took back the first's
# replacement and the part "scratched" was planned (main forwarded Liam's mail to Noah)
NLU154_STACKED_CORRECTION: Final = LazyPattern(
    r"\b(?:actually|sorry|oops|wait|no\s+wait|hmm|ok(?:ay)?|no)[\s,]+"
    r"(?=(?:scratch|scrap|strike|forget|cancel|ditch|nix)\s+(?:that|this)\b)",
    re.IGNORECASE,
)
# ---- nlu152: messy structures read as their units (planner/units.py) --------------------------------------
# A ticket's or review's item list: "- [approved] remove his full access ...", "* ~~remove from all-sales~~
# (ignore)", "✅ Christine Lee - send as on finance@" (an item's bullet or its mark opens the line)
NLU152_ITEM_LINE: Final = LazyPattern(
    # (any other symbol or emoji there is a mark too, one whose meaning is not known: "❓", "🤔"; nlu163)
    r"^[ \t]*(?:(?P<bullet>[-*•]|\d{1,2}[.)])[ \t]+)?"
    r"(?P<mark>(?:[✅✔☑❌✖🚫🛑⏳⌛⏸]|[\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff])\ufe0f?)?"
    r"[ \t]*(?P<item>\S.*?)[ \t]*$"
)
# a mark before an item that keeps it (✅) or holds it (❌ rejected, ⏳ waiting): the emoji said as a status
NLU152_MARK_KEEPS: Final = LazyPattern(r"^[✅✔☑]")
NLU163_MARK_HOLDS: Final = LazyPattern(r"^[❌✖🚫🛑⏳⌛⏸]")
# "- leave her full access to Finance alone until the handover is done", "- keep send as on Sales as it is
# for now", "- don't touch her calendar access till she's settled": an item of a list of changes that keeps
# something as it is; nothing is planned for it, and its "until" is no end of the other items (units: nlu166,
# batch 54's mover list asked the end of the handover)
NLU166_LEFT_ALONE_ITEM: Final = LazyPattern(
    r"^[ \t]*[-*•][ \t]+(?:please[ \t]+)?"
    r"(?:(?:leave|keep)[ \t]+(?P<what>[^\n]+?)[ \t]+"
    r"(?:alone|as[ \t]+(?:it|they)[ \t]+(?:is|are)|as[ \t]+is|in[ \t]+place|untouched|unchanged)"
    r"|(?:don['’]?t|do[ \t]+not)[ \t]+(?:touch|change)[ \t]+(?P<what2>[^\n]+?))"
    r"(?P<tail>[ \t]+(?:until|till|til|through|for[ \t]+now|for[ \t]+the[ \t]+moment|(?:just[ \t]+)?yet)\b"
    r"[^\n]*)?"
    r"[ \t.!]*$",
    re.IGNORECASE,
)
# (red team 87) the rights an item names, and the words of what it keeps that name no right nor whose: a
# kept item that names the mailbox or list another item changes ("- leave billing@acme.com alone until April"
# beside "- give Emma send as on billing@acme.com"), or the same right on the same thing, contradicts it; the
# list is then read as before (never a ready plan changing what it keeps)
NLU166_KEPT_RIGHT: Final = LazyPattern(
    r"full[ \t-]?(?:mailbox[ \t-]?)?access|send[ \t-]?as|send[ \t-]on[ \t-]behalf|calendar|diary|forward\w*|"
    r"member\w*",
    re.IGNORECASE,
)
NLU166_KEPT_WORD: Final = LazyPattern(r"[\w.@-]+")
NLU166_KEPT_FILLER: Final = frozenset(
    {
        "her",
        "his",
        "their",
        "my",
        "our",
        "its",
        "the",
        "a",
        "an",
        "to",
        "on",
        "in",
        "of",
        "for",
        "from",
        "with",
        "access",
        "rights",
        "right",
        "mailbox",
        "mailboxes",
        "list",
        "lists",
        "group",
        "team",
        "shared",
        "box",
        "inbox",
        "it",
        "them",
        "him",
        "as",
        "is",
        "are",
        "full",
        "send",
        "behalf",
    }
)
# "- remove all her access", "- take everything away": an item whose change may take the item kept too
NLU166_ALL_TAKEN_ITEM: Final = LazyPattern(
    r"(?<![\w@-])(?:all|every(?:thing)?|any(?:thing)?|whole|rest)(?![\w@-])", re.IGNORECASE
)
# "[approved]", "[on hold - Priya to confirm]", "[ ]": a status in brackets opening an item
NLU152_BRACKET_STATUS: Final = LazyPattern(r"^\[(?P<status>[^\]\n]*)\][ \t]*")
# the status words that keep an item: approved, ok'd, signed off, yes, go, ticked
NLU152_STATUS_KEEPS: Final = LazyPattern(
    r"^[ \t]*(?:x|✓|✔|approved|ok|okay|ok'd|yes|go|go ahead|signed off|agreed|confirmed|accepted)"
    r"(?:[ \t]*[,-–—:][ \t]*(?:by[ \t]+)?(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?)?[ \t]*$",
    re.IGNORECASE,
)
# the words that hold an item ("on hold", "pending", "waiting on Mike", "rejected", "not approved", "tbc")
NLU152_STATUS_HOLDS: Final = LazyPattern(
    r"\b(?:on[ \t]+hold|hold|held|pending|waiting|awaiting|rejected|refused|declined|denied|"
    r"not[ \t]+approved|"
    r"tbc|tbd|to[ \t]+confirm|blocked|cancell?ed|withdrawn|parked|ignore|skip|not[ \t]+needed)\b",
    re.IGNORECASE,
)
# "~~remove from all-sales~~ (not on it - ignore)": an item struck out, with what is said of it after
NLU152_STRUCK: Final = LazyPattern(r"~~[^~\n]+~~", cue=r"~~")
# "(approved, Mike)", "(approved by Priya)", "(ok'd - Sarah)": who approved an item kept, cut from its words
NLU152_APPROVED_NOTE: Final = LazyPattern(
    r"[ \t]*\((?:approved|ok'd|okayed|signed[ \t]+off|agreed)(?:[ \t]*[,:-–—]?[ \t]*(?:by[ \t]+)?"
    r"(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?)?\)",
    re.IGNORECASE,
)
# "Items:", "Steps:", "Actions:", "To do:": where a ticket's item list starts
NLU152_LIST_HEAD: Final = LazyPattern(
    r"^[ \t]*(?:items?|steps?|actions?|tasks?|to[ \t-]?do|changes?|checklist|requests?|please)[ \t]*:[ \t]*$",
    re.IGNORECASE,
)
# "Reporter: Sarah Connor", "Last day: Tuesday 3 March": a ticket's header field
NLU152_FIELD_LINE: Final = LazyPattern(
    r"^[ \t]*(?P<key>[A-Za-z][\w /()-]{0,30}?)[ \t]*:[ \t]*(?P<value>\S.*)$"
)
# "HELP-2231 Mover: Tom Becker, Support -> Sales", "IT-5120 Leaver: Tom Becker": whom the ticket is of
NLU152_TICKET_SUBJECT: Final = LazyPattern(
    r"^[ \t]*(?:[A-Z][A-Z0-9]*-\d+[ \t:]+)?(?:mover|leaver|joiner|starter|new[ \t]+starter|offboarding|"
    r"onboarding|transfer)[ \t]*:[ \t]*(?P<who>(?-i:[A-Z])[\w'’.-]*(?:[ \t]+(?-i:[A-Z])[\w'’.-]*){0,2})"
    r"(?=[ \t]*(?:[,(\n]|[-–—]|$))",
    re.IGNORECASE,
)
# "Access review - Finance, March", "HELP-2231 ...": a title line over the list (no request of its own)
NLU152_REVIEW_TITLE: Final = LazyPattern(
    r"^[ \t]*(?:access[ \t]+review|review|checklist|[A-Z][A-Z0-9]*-\d+|"
    # ("Access requests for approval - week 10": requests listed for someone to mark; nlu163)
    r"(?:access[ \t]+)?requests?[ \t]+(?:for|pending|awaiting|to)[ \t]+"
    r"(?:approv\w*|review|sign[ \t-]?off))\b",
    re.IGNORECASE,
)
NLU152_LIST_ITEM_SAY: Final = "- {item}"
# "remove his full access", "stop her send as": the ticket subject's right, said with a pronoun; read as the
# subject's (a pronoun before "mailbox" or "mail" is left to the leaver reading: the subject's own mailbox)
NLU152_PRONOUN_RIGHT: Final = LazyPattern(
    r"\b(?:his|her|their)(?=[ \t]+(?:full[ \t]+access|fa\b|send[ \t-]+as|send[ \t-]+on[ \t-]+behalf|sob\b|"
    r"access|"
    r"rights?|permissions?|delegation|membership))",
    re.IGNORECASE,
)
NLU152_PRONOUN_RIGHT_SAY: Final = "{subject}'s"
# "add him to all-sales", "give her reviewer on ...": the ticket subject, said with a pronoun
NLU152_PRONOUN_OBJECT: Final = LazyPattern(
    r"\b(?:him|them|her)\b(?![ \t]+(?:own|mail|mailbox|e-?mails?|calendar|diary|inbox|account|address|old|"
    r"forwarding|out-?of-?office|team|manager|colleague))",
    re.IGNORECASE,
)
# "Christine Lee - send as on finance@": an item that names whom and then what, with no verb of its own
NLU152_WHO_DASH_WHAT: Final = LazyPattern(
    # ("✅ Ava Johnson: send as on sales@": the name with a colon after it; nlu163)
    r"^(?P<who>(?-i:[A-Z])[\w'’.-]*(?:[ \t]+(?-i:[A-Z])[\w'’.-]*){0,2})"
    r"(?:[ \t]+[-–—:]|:)[ \t]+(?P<what>\S.*)$"
)
NLU152_WHO_DASH_WHAT_SAY: Final = "give {who} {what}"
# "[11:02] Priya Patel: ...", "Priya Patel [11:02]: ...": a chat's turn, with its time and speaker
NLU152_CHAT_TURN: Final = LazyPattern(
    r"^[ \t]*(?:\[?\d{1,2}:\d{2}(?:[ \t]*[ap]m)?\]?[ \t]+(?P<who>[^:\[\]\n]{2,40}?)|"
    r"(?P<who2>[^:\[\]\n]{2,40}?)[ \t]+\[?\d{1,2}:\d{2}(?:[ \t]*[ap]m)?\]?)[ \t]*:[ \t]*(?P<said>\S.*)$",
    re.IGNORECASE,
)
# "me, noah davis and ava johnson in it": a later turn naming who is in the list the first asked for
NLU152_TURN_MEMBERS: Final = LazyPattern(
    r"^(?P<who>[^.?!:\n]+?(?:,|\band\b|&|\+)[^.?!:\n]+?)[ \t]+(?:in|on)[ \t]+it[ \t]*[.!]*$", re.IGNORECASE
)
NLU152_TURN_MEMBERS_SAY: Final = "with {who} in it"
# "RE: RE: price list updates", "FW: forwarding": a reply's or forward's subject line over the thread
NLU152_THREAD_SUBJECT: Final = LazyPattern(
    r"^[ \t]*(?:(?:re|fw|fwd|aw|wg)[ \t]*:[ \t]*)+[^\n]*$", re.IGNORECASE
)
# "Please action.", "Go ahead and set that up please.", "can someone action this?": the writer's note over a
# quoted request, asking it done and adding nothing
NLU152_GO_AHEAD_NOTE: Final = LazyPattern(
    r"^[ \t]*(?:(?:hi|hello|thanks|thank[ \t]+you|ta|cheers)[ \t]*[,!.]?[ \t]*)?"
    # ("Fine by me, go ahead.": the one asked approving, then asking it done; nlu156)
    r"(?:(?:fine|ok|okay|good|all[ \t]+good)[ \t]+(?:by|with)[ \t]+me[ \t]*[,.!-]?[ \t]*)?"
    r"(?:please[ \t]+|pls[ \t]+|"
    r"can[ \t]+(?:someone|you|somebody)[ \t]+|could[ \t]+(?:someone|you)[ \t]+)?"
    r"(?:action|process|do|actioned|go[ \t]+ahead|proceed|set[ \t]+(?:that|this|it)[ \t]+up)"
    r"(?:[ \t]+(?:this|that|it|please|and[ \t]+set[ \t]+(?:that|this|it)[ \t]+up|"
    r"with[ \t]+(?:this|that|it)))*"
    r"[ \t]*[.!?]*(?:[ \t]*(?:thanks|thank[ \t]+you|ta|cheers)[ \t]*[.!]*)?[ \t]*$",
    re.IGNORECASE,
)
# quoted lines that say who wrote or when, sign off, or only approve: none is the request's words
NLU152_QUOTED_CONTEXT: Final = LazyPattern(
    r"^[ \t]*(?:(?:from|sent|to|cc|date|subject)[ \t]*:.*|on[ \t].*\bwrote[ \t]*:[ \t]*|"
    r"(?:--|—|–)[ \t]*\S.*|"
    r"(?:approved|ok[ \t]+by[ \t]+me|fine[ \t]+by[ \t]+me|agreed|ok'd|signed[ \t]+off)[ \t]*[.!]?"
    r"(?:[ \t]*[-–—,:][ \t]*(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?)?[ \t]*[.!]?)$",
    re.IGNORECASE,
)
# "Can John Partner be on the all-sales DL ...?": a quoted ask that someone be on a list, read as adding them
NLU152_CAN_BE_ON: Final = LazyPattern(
    r"^[ \t]*(?:can|could)[ \t]+(?P<who>(?!(?:i|we|you|someone)\b)[^?\n]+?)"
    r"[ \t]+be[ \t]+(?:on|in|added[ \t]+to)"
    r"[ \t]+(?P<what>[^?\n]+?)[ \t]*\?*[ \t]*$",
    re.IGNORECASE,
)
NLU152_CAN_BE_ON_SAY: Final = "please add {who} to {what}"
NLU152_UNIT_ASK: Final = (
    "I could not read this item of the list: {said!r}. What should be done for it (or should it be left out)?"
)
# a ticket's header fields that are context: who filed it, who works it, when, its state
NLU152_CONTEXT_KEY: Final = LazyPattern(
    r"(?:reporter|reported[ \t]+by|assignee|assigned[ \t]+to|requester|requested[ \t]+by|raised[ \t]+by|"
    r"opened[ \t]+by|caller|priority|status|due|due[ \t]+date|last[ \t]+day|start[ \t]+date|created|updated|"
    r"team|department|manager|queue|category|ticket|ref|reference)",
    re.IGNORECASE,
)
# "(rejected, not in Finance)", "(waiting on Mike)": what is said of an item in brackets after it
NLU152_NOTE: Final = LazyPattern(r"\(([^()\n]*)\)", cue=r"\(")
# "FW: forwarding": a message forwarded, the forward itself the ask to act on it
NLU152_FORWARD_SUBJECT: Final = LazyPattern(r"^[ \t]*(?:fw|fwd|wg)[ \t]*:", re.IGNORECASE)
# the quote marks opening a quoted line ("> > ")
NLU152_QUOTE_MARKS: Final = LazyPattern(r"^[ \t]*(?:>[ \t]*)+")
# the quoted writer's first person: whom it means this reply cannot tell
NLU152_FIRST_PERSON: Final = LazyPattern(r"\b(?:i|me|my|mine|myself|we|us|our|i'm|i've|i'd)\b", re.IGNORECASE)
# "OK by me for Christine to have ...": the quoted writer approving what the line asks; their "me" is no one
# the request is of
NLU152_APPROVED_BY_ME: Final = LazyPattern(
    r"^[ \t]*(?:ok|okay|fine|good|alright|all[ \t]+good)[ \t]+(?:by|with|from)[ \t]+me\b", re.IGNORECASE
)
# "Automap in Outlook: No", "Automapping: yes": a mailbox form's field for whether Outlook opens it by itself
FORM_AUTOMAP_KEY: Final = LazyPattern(
    r"auto-?map(?:ping)?(?: in outlook)?|add (?:it )?to outlook(?: automatically)?|show in outlook",
    re.IGNORECASE,
)
# "Duration: permanent", "Duration: 2 weeks": how long a form's access is for
FORM_DURATION_KEY: Final = LazyPattern(r"duration|length|how long|period|access period", re.IGNORECASE)
FORM_DURATION_SAY: Final = ", for {value}"
FORM_PERMANENT: Final = LazyPattern(
    r"permanent(?:ly)?|ongoing|indefinite(?:ly)?|no end(?: date)?|open-?ended|n/a|none|-", re.IGNORECASE
)
NLU152_ALL_HELD_ASK: Final = (
    "Every item of the list is marked held, rejected, waiting or struck out, so there is nothing to do yet. "
    "Which items should be done?"
)
# "> No - Olivia", "> Rejected, sorry": a quoted reply turning the quoted ask down (or holding it)
NLU152_QUOTED_REFUSED: Final = LazyPattern(
    r"^[ \t]*(?:no|nope|not[ \t]+(?:approved|yet|now)|rejected|declined|denied|refused|on[ \t]+hold|"
    r"hold[ \t]+off|"
    r"pending|wait|not[ \t]+ok(?:ay)?)\b",
    re.IGNORECASE,
)
NLU152_QUOTED_REFUSED_ASK: Final = (
    "The quoted thread answers the request with {said!r}. Should it still be done? Say what to do."
)
# "Mailbox access removal request" over a form's fields: a title that says the change is a removal, never
# passed over as a title (the fields read as a grant; pasted._boxes_said)
FORM_TITLE_REMOVAL: Final = LazyPattern(
    r"\b(?:remov\w*|revok\w*|withdraw\w*|cancel\w*|take\s+away|offboard\w*|leaver|stop\w*)\b", re.IGNORECASE
)
# "Yes please go ahead, but leave Lucas on it": a reply's yes to the proposal it quotes, with what it keeps
# out after "but" (planner/units.py reads the quoted proposal as the request, this scope said with it)
NLU152_YES_TO_QUOTED: Final = LazyPattern(
    r"^[ \t]*(?:yes|yep|yeah|sure|ok|okay|please\s+do)"
    r"(?:[ \t]*[,!.-]*[ \t]*(?:please|pls|thanks|go[ \t]+ahead|do[ \t]+it|that'?s[ \t]+fine))*"
    r"[ \t]*[,.!-]*[ \t]*(?P<rest>(?:but|except|although)\b[^\n]*)?$",
    re.IGNORECASE,
)
# "Hi David, Mia Novak ... Shall I remove both of them from the Contractors list?": the quoted writer's offer,
# its greeting opening the line
NLU152_QUOTED_GREETING: Final = LazyPattern(
    r"^[ \t]*(?:hi|hello|hey|dear)(?:[ \t]+[A-Z][\w'-]*){0,2}[ \t]*,[ \t]*", re.IGNORECASE
)
NLU152_SHALL_I: Final = LazyPattern(
    r"\b(?:shall|should)[ \t]+(?:i|we)[ \t]+(?P<what>[^?\n]+?)[ \t]*\?", re.IGNORECASE
)
NLU152_SHALL_I_SAY: Final = "Please {what}{rest}."
# the writer's sign-off: their name alone on a line ("David", "Maria Garcia")
NLU152_NAME_LINE: Final = LazyPattern(
    r"^[ \t]*(?P<name>[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?)[ \t]*[.,]?[ \t]*$"
)
# ---- rt80b: red team 80, structures ----------------------------------------------------------------------
# "Don't go ahead.", "Don't action this.", "We won't go ahead with this.", "Please ignore this": the writer's
# own words over a quoted ask turning it down; the quoted ask is never planned (units.read: nothing planned)
RT80B_OWN_REFUSAL: Final = LazyPattern(
    r"^[ \t]*(?:(?:hi|hello|thanks|ok(?:ay)?|sorry)[ \t]*[,!.]?[ \t]*)*(?:(?:but|so|please|pls)[ \t]+)*"
    r"(?:(?:(?:we|i)[ \t]+)?(?:don'?t|do[ \t]+not|won'?t|will[ \t]+not|can'?t|cannot|shouldn'?t|"
    r"should[ \t]+not|"
    r"are[ \t]+not[ \t]+going[ \t]+to|aren'?t[ \t]+going[ \t]+to|not[ \t]+going[ \t]+to)[ \t]+"
    r"(?:be[ \t]+)?(?:go(?:ing)?[ \t]+ahead|action(?:ing)?|process(?:ing)?|do(?:ing)?|proceed(?:ing)?|"
    r"set(?:ting)?[ \t]+(?:that|this|it)[ \t]+up|approv(?:e|ing))|"
    r"(?:ignore|disregard|hold[ \t]+off(?:[ \t]+on)?|cancel|scrap|drop)[ \t]+(?:this|that|it|the[ \t]+above)|"
    r"(?:this|that|it)[ \t]+(?:is|'s)[ \t]+(?:not[ \t]+approved|declined|rejected|cancell?ed)|"
    r"not[ \t]+approved|declined|rejected|do[ \t]+not[ \t]+action|no[ \t]+action[ \t]+needed)\b",
    re.IGNORECASE,
)
RT80B_OWN_REFUSAL_SAID: Final = (
    "Your note over the quoted request says {said!r}, so nothing is planned from it."
)
# "> Ken yes, Lucas no - Olivia", "> Only Ken - Olivia", "> Ask Priya - Olivia", "> Just full access - Priya":
# a quoted answer to the quoted ask that names what it approves only in part, or defers; which part goes
# ahead is asked (the answer's names are never more items of the ask, nor its signer)
RT80B_QUOTED_ANSWER: Final = LazyPattern(
    r"\b(?:yes|no|not|only|just|except|but|ask|check|confirm|wait|later|maybe|partly|partial|neither|"
    r"either|none|all[ \t]+but)\b",
    re.IGNORECASE,
)
RT80B_QUOTED_ANSWER_ASK: Final = (
    "The quoted thread answers the request with {said!r}. Which part of it should be done?"
)
# "> Olivia", "> Olivia Martin.": a quoted line that is only a name: its writer signing, no words of the ask
RT80B_QUOTED_SIGNATURE: Final = LazyPattern(
    r"^[ \t]*(?:[-–—][ \t]*)?(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?[ \t]*[.,]?[ \t]*$"
)
# "(✅ = remove, ❌ = keep)", "(revoke these)", "(remove the ticked)", "Access review - Support: revoke": a
# review's title or legend that says what its marks mean, or that its items are removals; the marks are read
# as "go ahead with the item" only, so such a review is asked
RT80B_REVIEW_LEGEND: Final = LazyPattern(
    r"[✅✔☑❌✖🚫🛑⏳⌛⏸]\ufe0f?[ \t]*(?:=|:|-+>|→|means)|"
    r"\b(?:remov\w*|revok\w*|withdraw\w*|take[ \t]+away|taken[ \t]+away|strip\w*|cancel\w*|delet\w*|"
    r"offboard\w*|keep|kept|retain\w*|ticked|crossed|marked)\b",
    re.IGNORECASE,
)
RT80B_REVIEW_LEGEND_ASK: Final = (
    "The review's title says {said!r}: should the ticked items be granted, removed, or left as they are?"
)
# "Approver: Priya Patel", "Approved by: Olivia": a ticket's field naming who approved; context, no request
RT80B_APPROVER_KEY: Final = LazyPattern(
    r"(?:approver|approved[ \t]+by|authori[sz]ed[ \t]+by|signed[ \t]+off[ \t]+by|sign-?off[ \t]+by|"
    r"ok'?d[ \t]+by)",
    re.IGNORECASE,
)
# "Duration: until Mike approves", "Duration: until approved": an access whose end is an approval still to
# come, no end a grant can carry (the form is held, never granted for good)
RT80B_UNTIL_APPROVED: Final = LazyPattern(
    r"^\s*(?:until|till|til|pending|subject\s+to)\b.*\b(?:approv\w*|confirm\w*|sign(?:s|ed)?[ \t-]*off|"
    r"ok'?s|okays|decid\w*|review\w*)\b",
    re.IGNORECASE,
)
# "- [rejected] remove him from all-sales" then "- remove him from all-sales": the words of an item, compared
# with the case and spacing taken out
RT80B_ITEM_SPACE: Final = LazyPattern(r"[\s.!,;:]+")
RT80B_ITEM_AGAIN_ASK: Final = (
    "The item {said!r} is marked held or rejected, and written again without a mark. Should it be done?"
)
# "~~give her full access to sales@acme.com~~ add her to all-sales": the words written after a struck item
# in its place (asked: the replacement is never dropped, nor planned on a guess)
RT80B_STRUCK_REPLACED_ASK: Final = (
    "An item is struck out and {said!r} is written after it. Should that be done in its place?"
)
# "hold on, he's staying", "wait, don't", "scratch that", "nvm": a later chat turn taking back what the
# turns before it asked
RT80B_TURN_TAKEN_BACK: Final = LazyPattern(
    r"^[ \t]*(?:(?:hold[ \t]+on|hold[ \t]+off|hang[ \t]+on|wait|stop|scratch[ \t]+that|never[ \t]*mind|nvm|"
    r"forget[ \t]+(?:it|that)|ignore[ \t]+(?:it|that|me)|cancel[ \t]+(?:it|that)|scrap[ \t]+that|"
    r"don'?t[ \t]+(?:do|bother)|do[ \t]+not[ \t]+(?:do|bother))[ \t]*[.!,]*[ \t]*$|"
    r".*\b(?:(?:is|'s|are|'re|am|'m)[ \t]+(?:staying|not[ \t]+leaving)|stays[ \t]+(?:on|in)|"
    r"never[ \t]*mind|nvm|take[ \t]+(?:it|that)[ \t]+back|scratch[ \t]+that|"
    r"ignore[ \t]+(?:that|my[ \t]+last)|"
    r"(?:hold[ \t]+on|hang[ \t]+on|wait)[ \t]*[,.!-]+[ \t]*(?:don'?t|do[ \t]+not|no[ \t]+need|"
    r"not[ \t]+needed|"
    r"(?:he|she|they)(?:'s|[ \t]+is|'re|[ \t]+are)[ \t]+(?:staying|still)))\b)",
    re.IGNORECASE,
)
RT80B_TURN_TAKEN_BACK_ASK: Final = (
    "A later message in the chat says {said!r}. Should the earlier request still be done?"
)

# ---- nlu156: messy structures, second pass (planner/units.py) ----------------------------------------
# "Rachel's email has been forwarded to Christine Lee since her leave. She's back now, please stop it.": the
# forwarding said as what is so, and "stop it" of it: a clear, never the forwarding set again
NLU156_FORWARDED_STOP: Final = LazyPattern(
    r"\b(?P<who>(?-i:[A-Z])[\w.-]*(?:[ \t]+(?-i:[A-Z])[\w.-]*)?)(?:'s|’s)[ \t]+(?:e-?mails?|mail|inbox)[ \t]+"
    r"(?:has[ \t]+been|have[ \t]+been|is[ \t]+being|are[ \t]+being|is[ \t]+still[ \t]+being|is|are|gets|"
    r"is[ \t]+still)[ \t]+(?:auto-?)?forwarded[ \t]+to[ \t]+[^\n]{1,160}?[.,;!][ \t]*"
    r"(?:[^\n]{0,80}?[.,;!][ \t]*)?"
    r"(?:(?:so[ \t]+)?(?:please|pls|can[ \t]+you|could[ \t]+you)[ \t]+)?"
    r"(?:stop|end|cancel|turn[ \t]+off|remove|"
    r"disable|switch[ \t]+off)[ \t]+(?:it|that|this|the[ \t]+forwarding|forwarding)\b",
    re.IGNORECASE,
    cue=r"forwarded",
)
NLU156_FORWARDED_STOP_SAY: Final = "please stop forwarding {who}'s mail"
# "Mover today - Ava Johnson, Sales Operations -> Marketing:": whom a ticket is of, said after a dash and when
NLU156_TICKET_SUBJECT: Final = LazyPattern(
    r"^[ \t]*(?:[A-Z][A-Z0-9]*-\d+[ \t:]+)?(?:mover|leaver|joiner|starter|new[ \t]+starter|transfer)"
    r"(?:[ \t]+(?:today|tomorrow|this[ \t]+week|next[ \t]+week|on[ \t]+\w+))?[ \t]*[-–—:][ \t]*"
    r"(?P<who>(?-i:[A-Z])[\w'’.-]*(?:[ \t]+(?-i:[A-Z])[\w'’.-]*){0,2})(?=[ \t]*(?:[,(\n:]|[-–—]|$))",
    re.IGNORECASE,
)
# "Requests for the Careers mailbox, reviewed by Maria Garcia:", "Sales mailbox access review - signed off by
# Priya Patel": a list's title naming the one mailbox its items are all on
NLU156_TITLE_MAILBOX: Final = LazyPattern(
    r"^[ \t]*(?=[^\n]*\b(?:review|reviewed|requests?|signed[ \t]+off|approved)\b)"
    # ("Access review - Support mailbox (owner: ...)": the mailbox after the title's kind; nlu166)
    r"(?:(?:access[ \t]+)?(?:review|requests?)[ \t]+[-–—:][ \t]+)?"
    r"(?:(?:access[ \t]+)?requests?[ \t]+(?:for|on|to)[ \t]+)?(?:the[ \t]+)?"
    r"(?P<box>(?-i:[A-Z])[\w&.-]*(?:[ \t]+(?-i:[A-Z])[\w&.-]*)?|[\w.-]+@[\w.-]+)[ \t]+(?:shared[ \t]+)?"
    r"(?:mailbox|inbox)\b",
    re.IGNORECASE,
)
# an item that names its own mailbox or calendar: the title's mailbox is not said after it
NLU156_ITEM_NAMES_MAILBOX: Final = LazyPattern(r"@|\b(?:mailbox|inbox|calendar|diary)\b", re.IGNORECASE)
NLU156_ON_MAILBOX_SAY: Final = "{item} on the {box} mailbox{rest}"
# "Rachel Green - full access through 20 March": where an item's end starts; the title's mailbox is said
# before it ("... full access on the Billing mailbox through 20 March"), never after the end's date (nlu166)
NLU166_ITEM_END_START: Final = LazyPattern(
    r"\s+(?=(?:until|till|til|untill|through|thru|ending|expiring|ends|expires)\b|for\s+(?:\d+|an?|one|two|three|"
    r"four|five|six|the\s+(?:next|rest)|this|next)\b)",
    re.IGNORECASE,
)
# "... [on hold - check with David first]", "... -> ON HOLD until Priya confirms", "... - rejected": a status
# said after an item (read as a status only when its words are one)
NLU156_STATUS_AFTER: Final = LazyPattern(
    r"[ \t]*(?:\[(?P<bracket>[^\]\n]*)\]|(?:->|→|=>|[ \t][-–—])[ \t]*(?P<said>[^-–—>\]\n]+))[ \t]*$"
)
# "* nothing on the Sales mailbox", "• keep her Reviewer on Priya's calendar", "- no change to all-sales": an
# item that says no change
NLU156_NO_CHANGE_ITEM: Final = LazyPattern(
    r"^[ \t]*(?:nothing|no[ \t]+changes?|no[ \t]+action|keep|don't|dont|do[ \t]+not|not|n/a)\b", re.IGNORECASE
)
NLU156_PRONOUN_NOT_SUBJECT_ASK: Final = (
    "The item {said!r} says someone by a pronoun that cannot be {who}, whom the list is about, and names "
    "no one else. Whom is it for?"
)
# "Liam needs reviewer access to Priya's calendar to book client meetings for her.": why, what the access is
# for, done for the owner ("for her"); a reason naming no one, cut (its "her" is no one to ask about)
NLU156_BOOKING_WHY: Final = LazyPattern(
    r"(?P<keep>\b(?:calendar|diary))[ \t]+"
    r"(?:so[ \t]+(?:that[ \t]+)?(?:he|she|they)[ \t]+can|in[ \t]+order[ \t]+to|to)"
    r"[ \t]+(?:book|arrange|schedule|manage|organi[sz]e|handle|plan|set[ \t]+up)"
    r"(?:[ \t]+(?!and\b|but\b|also\b|then\b|pls\b|please\b)[\w'’-]+){1,4}?[ \t]+for[ \t]+(?:her|him|them)"
    r"(?=[ \t]*(?:[.!]|\n|$))",
    re.IGNORECASE,
    cue=r"for",
)
# "Olivia, could Grace Hopper get free/busy on your calendar ...?": a quoted line said to someone by name
NLU156_QUOTED_VOCATIVE: Final = LazyPattern(
    r"^[ \t]*(?:(?:hi|hello|hey|dear)[ \t]+)?"
    r"(?P<name>(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*)?)[ \t]*,[ \t]*",
    re.IGNORECASE,
)
NLU156_SECOND_PERSON: Final = LazyPattern(r"\b(?:your|yours|you)\b", re.IGNORECASE)
NLU156_YOURS: Final = LazyPattern(r"\b(?:your|yours)\b", re.IGNORECASE)
NLU156_SECOND_PERSON_SAY: Final = {"your": "my", "yours": "mine"}
NLU156_YOU: Final = LazyPattern(r"\byou\b", re.IGNORECASE)
# "? She's scheduling the board IT review.": what the one named is doing, said after a question as why; a
# reason naming no change (its "review" is no reviewer right), cut
NLU156_DOING_WHY: Final = LazyPattern(
    r"(?<=\?)[ \t]+(?:as[ \t]+|since[ \t]+|because[ \t]+)?(?:he|she|they)"
    r"(?:'s|’s|'re|[ \t]+is|[ \t]+are)[ \t]+"
    r"(?:scheduling|preparing|organi[sz]ing|planning|running|arranging|booking|prepping)\b[^\n.!?]*[.!]?",
    re.IGNORECASE,
    cue=r"ing",
)
# "[09:04] Ken Adams: 👍 on it": a chat turn only acknowledging the request (never "done": that says it is)
NLU156_ACK_TURN: Final = LazyPattern(
    r"^[ \t]*(?:👍|👌|🙏|ok|okay|sure|will[ \t]+do|on[ \t]+it|noted|got[ \t]+it|ack|roger|thanks|ty|np)"
    r"(?:[ \t,!.-]*(?:👍|👌|🙏|ok|okay|sure|will[ \t]+do|on[ \t]+it|noted|got[ \t]+it|thanks|np))*"
    r"[ \t!.]*$",
    re.IGNORECASE,
)
# "forward ... to Alex Kim (Sales) ... full access ... for Alex as well": a name told apart by its team in
# brackets, said again after without them (whole or the given name alone): the same person, said as before
NLU156_NAME_QUALIFIED: Final = LazyPattern(
    r"\b(?P<name>(?P<given>(?-i:[A-Z])[a-z'’-]+)[ \t]+(?-i:[A-Z])[\w'’-]+)[ \t]+"
    r"(?P<team>\((?-i:[A-Z])[\w&-]*(?:[ \t]+(?-i:[A-Z])[\w&-]*)?\))",
    cue=r"\(",
)
# the name said again (re.escape'd), neither with its brackets nor with a family name after it
NLU156_SAID_AGAIN: Final = r"\b{name}\b(?![ \t]*\(|[ \t]+(?-i:[A-Z])|['’@.\w-])"
NLU156_WORDS: Final = LazyPattern(r"[\w'’-]+")

# ---- nlu157: third parties and corrections ----
# "Rachel Green should have full access to billing@ and so should he", "..., as should his colleague", "...
# and she should too": the change carried over to one more person said only as a pronoun or a kin noun; who
# that is the planner cannot tell, and dropping them plans one person of two: asked whom (never Rachel only)
_NLU157_UNNAMED_WHO = (
    r"(?:he|she|they|i|we|him|her|them|"
    r"(?:his|her|their|my|our|the)\s+(?!own\b|mailbox\b|calendar\b)[a-z][\w'’-]*)"
)
NLU157_ALSO_UNNAMED: Final = LazyPattern(
    r"(?:(?:^|[,;:\s-])(?:and\s+|but\s+)?(?:so|as)\s+(?:does|do|should|shall|will|would|can|could|must|"
    r"needs?|wants?)\s+(?P<who>" + _NLU157_UNNAMED_WHO + r")(?:\s+(?:too|also|as\s+well))?"
    r"|(?:^|[,.;!?]|\band)\s+(?P<who2>he|she|they|i|we)\s+(?:should|does|do|needs?|wants?|will|must|can)"
    r"(?:\s+(?:have|get|need|want))?(?:\s+(?:it|that|the\s+same|them|this))?\s+(?:too|also|as\s+well))"
    r"\s*(?=[.!?;,]|$)",
    re.IGNORECASE,
)
NLU157_ALSO_UNNAMED_ASK: Final = (
    "{said!r} carries the change over to one more person ({who!r}): say whom by name and what they "
    "should get, or say the change is only for the person named."
)
# "Chris Lee is off sick; his manager Sarah Connor asks that his email be forwarded": the same he/she word
# said of one person, after a role of theirs (rules._pronoun_role_read)
PRONOUN_SAME_ONE: Final = (frozenset(_words("he him his")), frozenset(_words("she her hers")))
SENTENCE_OPENS_BEFORE: Final = LazyPattern(r"[.;:!?]\s*$")
# "Priya Patel rang the helpdesk: Ava needs ...": the desk someone got in touch with, never a mailbox the
# request is about (the Helpdesk mailbox asked for 'helpdesk'); read as "Priya Patel rang: ..." (nlu157)
NLU157_CONTACTED_DESK: Final = LazyPattern(
    # ("called" only with "the": "a list called Helpdesk Alerts" names the list)
    r"\b(?:(?P<verb>rang|phoned|rung|contacted|emailed|e-mailed|messaged|pinged)\s+(?:the\s+)?|"
    r"(?P<called>called)\s+the\s+)(?:it\s+)?"
    r"(?:help\s*desk|service\s*desk)(?!\s*(?:@|mailbox|inbox|shared|address|account|list|group))\b",
    re.IGNORECASE,
)
# "Give Sam full access to UK Office - no wait, he already has that; send as instead": why the fix is made,
# said before it, is no part of the fix (cut: with a semicolon the fix was the reason alone, asked; with a
# comma "..., he already has that, give Tom send as on info@" kept UK Office for Tom, info@ dropped; nlu157)
NLU157_FIX_REASON_SEMI: Final = LazyPattern(
    r"^\s*,?\s*(?:he|she|they|you|i|we)\s+(?:already\s+)?(?:has|have|had|'s\s+got|got)\s+(?:that|it|this|"
    r"those|them)(?:\s+already)?\s*(?P<stop>[;,])",
    re.IGNORECASE,
)
# --- nlu158: removals with a later start, moving clauses, (and Mike's), read only ---------------------------
# (nlu158) "Give Noah send as on support@ (and Mike's)", "..., and Mike's too": a person's "'s" with no noun
# after it, added after a change on a mailbox or list named by its own name (targets.own_said_alone). Main
# granted Mike himself; his mailbox, or him, is asked
NLU158_OWN_ALONE_BEFORE: Final = LazyPattern(
    r"(?:\(\s*(?:(?:and|&|plus|\+|also)\s+)?|[,;]?\s+(?:and|&|plus)\s+(?:also\s+)?(?:to\s+|on\s+|for\s+)?)$",
    re.IGNORECASE,
)
NLU158_OWN_ALONE_AFTER: Final = LazyPattern(
    r"['’]s?(?:\s+(?:too|as\s+well|also))?\s*(?:\)|[.;!?]|$)", re.IGNORECASE
)
NLU158_OWN_ALONE_ASK: Final = (
    "I could not tell what {said!r} adds: their own mailbox, or them getting the same? Say whose mailbox it "
    "is on and who gets it."
)
# (nlu158) "Ethan is on leave, (David asks that) Ethan's email be forwarded to Lucas": a change wished done,
# in the passive, after a state told with a comma (rules._clauses: the state is why, a clause of its own)
NLU158_WISHED_DONE: Final = LazyPattern(
    r"^(?:§\d+§?\s+(?:asks|asked|has\s+asked|requests|requested|wants|wanted|would\s+like|needs)\s+"
    r"(?:(?:for|that)\s+)?)?"
    r"(?:the\s+)?§\d+§?(?:\s*['’]s)?(?:\s+(?:e-?mails?|mail|inbox|messages|mailbox))?\s+"
    r"(?:(?:to\s+|should\s+|must\s+|needs?\s+to\s+)?be\s+|gets?\s+)?(?:auto-?)?(?:forwarded|redirected|routed)\s+"
    r"(?:on\s+|over\s+)?to\b",
    re.IGNORECASE,
)
# (nlu158) "... full access to sales@. actually make that read only, no send as": a fix to a read-only right
# on a mailbox, which Exchange does not have (negation._corrected asks which right is meant)
NLU158_READ_ONLY_FIX_ASK: Final = (
    "The request changes the right to {fix!r}, but Exchange has no read-only right on a mailbox: Full Access "
    "lets the person read, change and delete everything in it. Which right is meant (Full Access, Send As, "
    "Send on Behalf), or a calendar share as reviewer?"
)
# (nlu158) "..., no send as", "but not full access": a right a correction's fix refuses beside the one it
# gives (negation._corrected cuts it from the fix)
NLU158_RIGHT_REFUSED: Final = LazyPattern(
    r"[,;]?\s*\b(?:(?:and|but)\s+)?(?:no|not|without|never)\s+(?:the\s+)?"
    r"(?:send[- ]?as|send[- ]on[- ]behalf(?:\s+of)?|sob|full[- ]access|fa)\b"
    r"(?:\s+(?:access|rights?|permissions?|perms))?",
    re.IGNORECASE,
)

# ---- nlu159: comments never revive items, lists never trustees ----
# a line closing an item list that says nothing of it: thanks, a sign-off, a name alone (units._items)
NLU159_LIST_CLOSING: Final = LazyPattern(
    r"(?:(?:many|kind|best|warm)[ \t]+)?(?:thanks|thank[ \t]+you|thx|ty|ta|cheers|regards|best)"
    r"(?:[ \t]+(?:again|a[ \t]+lot|in[ \t]+advance|so[ \t]+much))?[ \t,.!-]*"
    r"|-*[ \t]*(?-i:[A-Z])[\w'’-]+(?:[ \t]+(?-i:[A-Z])[\w'’-]+)?[ \t.]*",
    re.IGNORECASE,
)
NLU159_SAID_AFTER_HELD_ASK: Final = (
    "The list is followed by {said!r}, but it marks {held!r} as held or rejected, and words after a list "
    "never change an item's mark. Should that item be done (say so with its mark changed), or only the "
    "approved ones?"
)
# "add Liam Brown and Noah Davis to Marketing": the word before each person added after the first
NLU159_PEOPLE_JOINED: Final = frozenset({"and", "&"})


# ---- nlu160: whole-step corrections, one-of-several scopes, third parties ----------------------------------
# "Give Lucas send as on careers@. Sorry, scratch that - Lucas shouldn't get anything there; give the send as
# to Mia instead": a fix saying the one the request was for gets nothing takes the whole request back (the one
# named must be the request's only person: negation._corrected), and what follows it is asked in its place
NLU160_FIX_NOTHING_FOR: Final = LazyPattern(
    r"^[\s,:;-]*(?P<who>[\w.@'-]+(?:\s+[\w.@'-]+)?)\s+"
    r"(?:shouldn'?t|should\s+not|doesn'?t|does\s+not|won'?t|will\s+not|mustn'?t|must\s+not|isn'?t|is\s+not)\s+"
    r"(?:to\s+)?(?:get|have|need|be\s+given|getting)\s+(?:anything|any\s+of\s+(?:it|that|this)|it|that|this|"
    r"access|any\s+access)(?:\s+(?:there|on\s+it|on\s+there|at\s+all|after\s+all))*[\s.!]*$",
    re.IGNORECASE,
)
# "Give Noah Davis and Liam Brown full access to billing@acme.com, Liam only until Friday": an end said last
# for one of the people the request before it names (rules._end_of_one_cut: that one's grants end, the
# others' do not). Only with "only"/"just" and the one named before among others; else asked as before
NLU160_ONE_ONLY_END: Final = LazyPattern(
    r"\s*[,;]\s*(?:(?:but|and)\s+)?(?:for\s+)?§(?P<who>\d+)§\s+(?:only|just)\s+"
    r"(?P<end>(?:until|till|til|through|for)\s+[^§.;!?\n]+?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
# what leads that end's person in: cut with the end
NLU160_ONE_END_LEAD: Final = LazyPattern(r"[\s,;]*(?:(?:but|and)\s+)?(?:for\s+)?$", re.IGNORECASE)
NLU160_ONE_END_ASK: Final = (
    "The request says an end for {who} alone, and I could not tell which of their changes it ends: say when "
    "each should end, or ask separately."
)
# "As owner of the HR mailbox, I'd like Olivia Martin to get send as on it", "As head of Finance, ...": the
# writer's own standing, said before the request; read as part of it, "As ..., I'd like" gave the writer the
# right too (and "manager of the Finance team" the team). Said as a sentence of its own ("I am owner of the
# HR mailbox."), so that "it" still stands for what it names (rules._read, nlu160)
_NLU160_WRITER_ROLE = (
    r"(?:owner|co-?owner|manager|line\s+manager|head|lead|team\s+lead|admin|administrator|supervisor|"
    r"director)"
)
NLU160_AS_ROLE_OF: Final = LazyPattern(
    r"^(?P<lead>\s*)(?:as|being)\s+(?:(?:the\s+|its\s+)?(?P<role>"
    + _NLU160_WRITER_ROLE
    + r")\s+(?:of|for)\s+"
    r"(?P<what>(?:[^,;:.!?\n]|\.(?=\S)){1,60}?)"
    # ("As HR's owner, ...")
    # (only an owner: "As Rachel's manager, I'd like her to get ..." is left as it was, asked)
    r"|(?P<whose>[\w.@'’-]+(?:\s+[\w.@'’-]+)?['’]s)\s+(?P<role2>owner|co-?owner))\s*[,;:]\s*",
    re.IGNORECASE,
)
NLU160_AS_ROLE_OF_SAY: Final = "{lead}I am {role} of {what}. "
NLU160_AS_ROLE_OF_SAY_WHOSE: Final = "{lead}I am {whose} {role}. "
# the top calendar level: a share is never brought down ("reduce him to ...") to it (rules._reduced)
NLU160_TOP_LEVEL: Final = "editor"

# ---- rt83a: red team 83's highs ----
# (rt83a) "can liam see when i'm free? just free/busy, don't change anything": a "can X see <the writer's
# calendar / free time>?" question, and the text refuses a change or doubts anywhere after it (read on the
# whole text: the refusal is cut as a part ruled out before the rest is read). A question then, never a share
# (red team 83 H1/M2 shared the calendar)
_RT83A_SEE_QUESTION = (
    r"(?<!that )(?<!whether )(?<!if )\b(?:can|could|may)\s+(?!i\b|we\b|you\b|u\b)"
    + _NLU153_ASKED_WHO
    + r"{1,3}?(?:please\s+|also\s+)?(?:see|view|read|look at|access)\s+"
    r"(?:(?:my|our)\s+(?:own\s+)?(?:calendar|diary|schedule|free[/ -]?busy|availability)\b|when\s+"
    r"(?:i\s*['’]?m|i\s+am|we\s*['’]?re|we\s+are)\s+(?:free|busy|available)\b)[^?.!\n]*\?"
)
RT83A_SEE_QUESTION_NO_CHANGE: Final = LazyPattern(
    _RT83A_SEE_QUESTION + r"(?=[\s\S]*\b(?:don['’]?t|do\s+not|dont|no\s+need|needn['’]?t|"
    r"leave\s+(?:it|that|this|things|everything|"
    r"them)|as\s+(?:it\s+)?is\b|no\s+changes?|nothing\s+(?:to|should|needs?)|not\s+sure|unsure|not\s+certain|"
    r"just\s+(?:checking|wondering|curious|asking)|wondering|curious|without\s+changing)\b)",
    re.IGNORECASE,
    cue=r"(?i:can|could|may)",
)
# (rt83a) "can liam see when Priya Patel is free?", "can liam see Priya's free/busy?": whether someone sees
# another person's free time, asked; a question of how things are, never a share of that person's calendar
# (red team 83 M8 shared Priya's calendar with Liam from the question)
RT83A_SEE_OTHERS_FREE_QUESTION: Final = LazyPattern(
    r"(?<!that )(?<!whether )(?<!if )\b(?:can|could|may)\s+(?!i\b|we\b|you\b|u\b)"
    + _NLU153_ASKED_WHO
    + r"{1,3}?(?:please\s+|also\s+)?(?:see|view|read|look at|access)\s+"
    r"(?:when\s+(?!i\b|i['’]m\b|we\b|we['’]re\b)(?:[\w.@'-]+\s+){1,3}?(?:is|are)\s+(?:free|busy|available)\b"
    r"|(?!my\b|our\b)(?:[\w.@-]+\s+)?[\w.@-]+['’]s\s+(?:free[/ -]?busy|availability)\b)[^?.!\n]*\?",
    re.IGNORECASE,
    cue=r"(?i:can|could|may)",
)
# (rt83a) "add Liam Brown to Marketing, and the group needs send as on sales@", "... and Marketing full access
# to sales@": after the list people are added to, the list (said again, or as "the group/list/team") is said
# as who holds the right; the right is never the person's, and whom it is for is asked (red team 83 H2 gave
# Liam the send as)
RT83A_LIST_SAID_AS_HOLDER: Final = LazyPattern(
    r"^\s*,?\s*(?:and|&|plus)\s+(?:also\s+)?(?:(?:the|that|this|its|their)\s+)?"
    r"(?:§\d+(?!\d)§?\s*(?:(?:group|list|team|dl|distribution\s+list|mailing\s+list)\b\s*)?"
    r"|(?:whole\s+|entire\s+)?(?:group|list|team|dl|distribution\s+list|mailing\s+list|members)\b\s*)"
    r"(?:also\s+|too\s+|as\s+well\s+)?(?:needs?|should|must|wants?|gets?|to\s+get|will\s+need|would\s+need|"
    r"requires?|send\s+as|send\s+on|full\s+(?:mailbox\s+)?access|has|have)\b",
    re.IGNORECASE,
)
# (rt83a) "Give Liam full access to sales. actually make that reviewer, no send as", "... he just needs to
# read it": a fix to a level no mailbox right has (a calendar's level, "limited", reading only); which right
# is meant is asked as for "read only" (negation._corrected), never the right the fix refuses granted (red
# team 83 H3)
RT83A_NO_MAILBOX_LEVEL: Final = LazyPattern(
    r"\b(?:reviewer|editor|author|contributor|limited(?!\s+(?:to|until|till|for|time)\b)"
    r"|(?:just|only)\s+(?:needs?|wants?|has\s+to|have\s+to|needed|wanted)\s+to\s+(?:read|see|view|look\s+at)\b"
    r"|(?:just|only)\s+(?:to\s+)?(?:read|see|view)\s+(?:it|that|the\s+(?:mail|mailbox|inbox|emails?)|mail|emails?))\b",
    re.IGNORECASE,
)
# (rt83a) "I'm moving to marketing next week and need full access to sales@ too": a list said as where someone
# moves (its name right after the move) is a destination, never one who gets a right said in the clause (red
# team 83 H5 gave marketing@ full access to sales@)
RT83A_MOVE_DESTINATION_BEFORE: Final = LazyPattern(
    r"\b(?:moving|moved|moves|move|transferring|transferred|transfers|transfer|switching|switched|relocating|"
    r"relocated|going|heading|joining|joined|joins|reassigned|seconded)\s+(?:over\s+)?(?:(?:to|into|onto)\s+)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
# (rt83a) "Remove Liam Brown from all-sales end of March", "... once June is over", "... after his last day",
# "... after Easter", "... in April", "... from 1/4", "... from the start of Q2": a start said later in more
# ways than LATER_START has; no change can be scheduled to start, so it is asked, never made now (red team 83
# H6 removed at once). An end said with "until/till/through/by" is no start
_RT83A_MONTH = (
    r"(?:january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|"
    r"jun|jul|aug|sept?|oct|nov|dec|may(?=\s*(?:[.,;!?]|$|on\b|is\b|ends\b)))"
)
RT83A_LATER_START: Final = LazyPattern(
    r"(?<!until )(?<!till )(?<!til )(?<!through )(?<!thru )(?<!to )(?<!by )(?<!ending )(?<!ends )"
    r"(?<!expires )(?<!expiring )(?<!before )\b(?:at\s+)?(?:the\s+)?end\s+of\s+(?:"
    + _RT83A_MONTH
    + r"|q[1-4]|"
    r"(?:the\s+|this\s+|next\s+)(?:month|quarter|year|term|financial\s+year))\b"
    r"|\b(?:once|when|after)\s+(?:" + _RT83A_MONTH + r"|q[1-4]|the\s+(?:month|quarter|holidays?|project))\s+"
    r"(?:is\s+(?:over|done|finished|out)|ends|has\s+ended|finishes|is\s+through|wraps\s+up)\b"
    r"|\bafter\s+(?:his|her|their|my|our|the|§\d+(?!\d)§?\s*(?:['’]s)?)\s*(?:last\s+(?:day|week|shift)|leaving\s+(?:date|do)|"
    r"notice(?:\s+period)?|handover|contract\s+ends?|end\s+date|final\s+day)\b"
    r"|\bafter\s+(?:the\s+)?(?:easter|christmas|xmas|(?:the\s+)?holidays?|summer|new\s+year|half[- ]term|"
    r"(?:the\s+)?break|(?:the\s+)?long\s+weekend|thanksgiving|bank\s+holiday|(?:the\s+)?quarter\s+end|"
    r"(?:the\s+)?month\s+end|(?:the\s+)?year\s+end)\b"
    # ("... all-sales in April": said right after what the change is on; "he did it for a week in January",
    # "he left in April" tell the past)
    r"|§\d+(?!\d)§?\s+in\s+(?:early\s+|mid[- ]|late\s+)?(?:" + _RT83A_MONTH + r"|q[2-4])\b(?!\s+\d)"
    r"|\b(?:from|starting|as\s+of|effective|beginning|commencing|on)\s+(?:the\s+)?\d{1,2}[/.]\d{1,2}"
    r"(?:[/.]\d{2,4})?\b"
    r"|\b(?:from|starting|as\s+of|effective|beginning|commencing)\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?"
    r"(?:next\s+)?(?:q[1-4]|quarter|the\s+(?:next|new)\s+(?:quarter|month|year|financial\s+year))\b",
    re.IGNORECASE,
)
# (rt83a) "I'm moving to marketing next week, please do it then": the change to be done on a day said before
# (the clauses before it wait for it)
RT83A_DO_IT_THEN: Final = LazyPattern(
    r"(?:^|[,;–—-]\s*)(?:(?:and|so|but)\s+)?(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?"
    r"(?:do|make|action|process)\s+"
    r"(?:it|that|this|them|the\s+(?:change|removal|switch))\s+(?:then|on\s+that\s+day|on\s+the\s+day|"
    r"at\s+that\s+point|that\s+day|when\s+(?:i|he|she|they)\s+(?:move|moves|go|goes|leave|leaves))"
    r"(?:\s*,?\s*(?:please|pls|thanks|thank\s+you))?\s*[.!]?$"
    r"|(?:^|[,;–—-]\s*)(?:(?:but|and)\s+)?(?:only\s+)?(?:not\s+(?:until|till|before)|(?:only\s+)?(?:from|after))\s+then"
    r"(?:\s*,?\s*(?:please|pls|thanks|thank\s+you))?\s*[.!]?$",
    re.IGNORECASE,
)
# (rt83a) "remove me from all-sales next week, I'm moving to marketing": the one who moves, kept at the end of
# the clause where the move was cut (rules._without_references), is no word after the day
RT83A_TRAILING_MENTIONS: Final = LazyPattern(r"(?:\s*§\d+(?!\d)§?)+\s*$")
# (rt83a) the he/she/they a manager's aside asks for, said as a word ("asks that she be given ...")
RT83A_PRONOUN_WORD: Final = LazyPattern(r"\b(?:he|she|they|him|her|them)\b", re.IGNORECASE)
# (rt83a) "Remove Tom's full access on support, moving him to sales - give him the same there", "Take Ava off
# all-sales, moving Liam to Marketing": a moving clause (MOVED_ASIDE) is why only when nothing after it asks
# for something there and it moves no one the rest leaves unnamed; else its change is asked, never dropped
# (red team 83 M3 planned the removal alone)
RT83A_MOVE_REFERRED: Final = LazyPattern(
    r"\b(?:there|set\s+(?:that|it|this|him|her|them)\s+up|do\s+(?:that|this|it)\s+too|the\s+same|same\s+there|"
    r"same\s+access|same\s+rights?|(?:give|grant|add|put)\s+(?:him|her|them|§\d+(?!\d)§?)\s+(?:it|that|this)|"
    r"(?:access|rights?)\s+(?:there|to\s+it|on\s+it)|over\s+there)\b",
    re.IGNORECASE,
)
RT83A_MOVING_WHOM: Final = LazyPattern(
    r"\b(?:moving|moved|transferring|transferred|switching|switched|reassigning|reassigned)\s+§(?P<n>\d+)(?!\d)§?"
    r"\s+(?:over\s+)?(?:to|into|from)\b",
    re.IGNORECASE,
)
RT83A_MOVE_CARRIES_ASK: Final = (
    "The request tells of a move ({said!r}) that asks for a change of its own: say each change to make (for "
    'example "give Tom full access to sales@acme.com" or "add Liam Brown to Marketing").'
)

# ---- rt83b: red team 83's mediums and lows ----------------------------------------------------------------
# (M4) "Remove Tom's full access on support, moving the access to Liam", "..., transferring it to Liam Brown",
# "..., moving it to sales": the right passed on to someone or somewhere else is taken off its holder and
# given there, a pair the rules do not plan as one; asked, never read as a removal from the one it goes to
RT83B_RIGHT_PASSED_ON: Final = LazyPattern(
    # ("hand it over to Priya", "pass it on to Tom": a handover, read where handovers are; not here)
    r"\b(?:mov(?:e|es|ed|ing)|transfer\w*|shift\w*|migrat\w*)\s+"
    r"(?:(?:the|his|her|their|that|this|its|those|these|[\w.-]+['’]s)\s+)?"
    r"(?:(?:full[- ]?(?:mailbox[- ])?access|send[- ]?as|send[- ]on[- ]behalf(?:\s+of)?)"
    r"(?:\s+(?:access|rights?|permissions?))?|access|rights?|permissions?|delegations?|it|that|this)\s+"
    r"(?:over\s+)?(?:to|onto)\s+(?=\S)"
    # ("..., passing it to Ava Johnson": what is passed said as "it" alone, never a right's own mailbox)
    r"|\bpass(?:es|ed|ing)?\s+(?:it|that|this)\s+(?:over\s+)?(?:to|onto)\s+(?=\S)",
    re.IGNORECASE,
    cue=r"mov|transfer|shift|migrat|pass",
)
RT83B_RIGHT_PASSED_ON_ASK: Final = (
    "The request passes a right on ({said!r}): should it be taken off the one who holds it and given to the "
    "one it goes to? Say each change: what to remove, and what to grant, and for whom."
)
# (M5) "remove Liam Brown from Marketing and send as on sales@": the people a list is said to lose, right
# before "from" and it (rules._delegation: that list is never who loses the right said beside it; asked)
RT83B_REMOVED_FROM: Final = frozenset({"from"})
RT83B_REMOVED_VERB: Final = frozenset(
    {
        "remove",
        "removed",
        "removing",
        "drop",
        "dropped",
        "dropping",
        "kick",
        "kicked",
        "take",
        "taking",
        "pull",
    }
)
RT83B_REMOVED_FROM_ASK: Final = (
    "The request removes {who} from {group} and names a right beside it: should {who} lose that right, or "
    "someone else? A list someone is removed from is never who loses it; say who should lose which right."
)
# (M6) "Ethan Park is on leave, David Chen asks that Lucas Rossi be given full access to Ethan's mailbox": a
# right wished given, in the passive or with a modal, after a state told with a comma (rules._clauses: the
# state is why, a clause of its own; read as one, "leave" took the right away)
# (with no one asking, a modal says the wish: "..., I have returned to the office" is a state told)
RT83B_WISHED_GIVEN: Final = LazyPattern(
    r"^(?:§\d+§?\s+(?:asks|asked|has\s+asked|requests|requested|wants|wanted|would\s+like)\s+"
    r"(?:(?:for|that)\s+)?§\d+§?\s+(?:(?:to|should|must|needs?\s+to|will|can|could)\s+)?"
    r"|§\d+§?\s+(?:to|should|must|needs?\s+to|will|can|could)\s+)"
    r"(?:be\s+(?:given|granted)|get|have|receive)\b",
    re.IGNORECASE,
)
# (M7) "Lucas Rossi no longer has full access to hr@acme.com, please add it back": a right told lost, then
# given back by an "it" that can only be that right (rules._held_then_taken reads it as "give Lucas Rossi
# full access to hr@acme.com"; read as one, "no longer" took it away)
RT83B_LOST_RIGHT_TOLD: Final = LazyPattern(
    r"(?i:^\s+(?:no\s+longer\s+has|has\s+lost|lost|doesn['’]?t\s+have|does\s+not\s+have|has\s+no)\s+"
    r"(?:(?:his|her|their)\s+)?"
    r"(?P<right>full\s+(?:mailbox\s+)?access|send[- ]as|send[- ]on[- ]behalf(?:\s+of)?)"
    r"(?:\s+(?:rights?|permissions?|access))?\s+(?P<prep>to|on|for|over)\s+(?:the\s+)?$)"
)
RT83B_RIGHT_GIVEN_BACK: Final = LazyPattern(
    r"(?i:^(?:\s+(?:shared\s+)?(?:mailbox|inbox))?(?:\s+(?:any\s?more|now))?\s*(?:[;,.!]|\s[-–—])\s*"
    r"(?:(?:so|and)\s+)?(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?"
    r"(?:(?:add|give|put|grant|set)\s+(?:it|that|this)(?:\s+access)?\s+back"
    r"|(?:restore|reinstate|re-?add|re-?grant)\s+(?:it|that|this)(?:\s+access)?(?:\s+back)?)\b"
    r"(?!\s+(?:from|for|to|on|off|of)\s))"
)
RT83B_RIGHT_GIVEN_BACK_SAY: Final = "give {holder} {right} {prep} {box}"
# (M7) "Reported by Ken Adams: please give full access to hr@": who reported, raised or logged it, said as a
# label before the request on its line; who asks, as "Request from Ken Adams:" is (pasted.body), never who
# gets the change
RT83B_REPORTED_BY_OPENER: Final = LazyPattern(
    r"^\s*(?:reported|raised|logged|filed|opened|submitted|flagged)\s+by\s+(?P<who>"
    r"[\w.@'’-]+(?:[ \t]+[\w.@'’-]+){0,3}?(?:[ \t]*\([^()\n]{1,30}\))?)\s*(?::|[ \t][-–—])\s+(?=\S)",
    re.IGNORECASE,
)
# (L4) "Ethan Park was on leave, David Chen asked that Ethan's email be forwarded to Lucas Rossi": an absence
# told as past, then a change wished for it; whether it is still wanted (the leave may be over) is asked,
# never set for good as "is on leave, ... asks that ..." is
RT83B_PAST_AWAY_THEN_WISH: Final = LazyPattern(
    r"\b(?:was|were|had\s+been)\s+(?:on\s+(?:leave|holiday|vacation|sick\s+leave|maternity\s+leave|"
    r"paternity\s+leave)|off(?:\s+sick)?|away|out(?:\s+of\s+(?:the\s+)?office)?)\s*[,;]\s*"
    r"[^.;!?\n]{0,60}?\b(?:asks|asked|has\s+asked|requests|requested|wants|wanted|would\s+like)\s+"
    r"(?:for|that)\s+[^.;!?\n]{0,80}?\b(?:be|get|have|receive)\b",
    re.IGNORECASE,
    cue=r"was|were|had",
)
RT83B_PAST_AWAY_THEN_WISH_ASK: Final = (
    "The request says {said!r}: the absence is told as past, so the change may no longer be wanted. Is it "
    "still needed, and until when?"
)

# ---- nlu163: ServiceNow forms, colon review items, e-mail bodies (planner/pasted.py, units.py) -------------
# "Please give reviewer access to Mike Smith's calendar": a grant whose right follows its verb, nobody named
# to receive it; under a form's "Requested for: Rachel Green" it is hers (pasted.requested_for_given)
NLU163_GIVE_NO_RECIPIENT: Final = LazyPattern(
    r"^(?P<lead>[ \t]*(?:(?:can|could|would)[ \t]+you[ \t]+)?(?:please[ \t]+|pls[ \t]+|kindly[ \t]+)?"
    r"(?:give|grant|provide|assign)[ \t]+)"
    r"(?=(?:(?:reviewer|editor|author|read[ \t-]?only|full|free/?busy|delegate)[ \t]+)?"
    r"(?:access|rights?|permissions?)\b|send[ \t-]?as\b|send[ \t-]?on[ \t-]?behalf\b)",
    re.IGNORECASE,
)
NLU163_GIVE_TO_SAY: Final = "{lead}{who} {rest}"


# ---- nlu164: four harms left ---------------------------------------------------------------------------
# (1) "Ethan Park is on leave, Lucas Rossi has full access to Ethan's mailbox": someone's state told, then
# what someone holds, after a comma; two statements that ask nothing (read as one, "leave" took the right
# away). The state: a person named, then how they are (rules._clauses; the holding is HOLDING_TOLD)
NLU164_STATE_TOLD: Final = LazyPattern(
    r"^§\d+§?\s*(?:is|are|was|were|['’]s|['’]re|has\s+been|have\s+been|has\s+(?:left|gone|moved)|left|went)\b"
    r"(?!\s+(?:not|no\s+longer)\b)",
    re.IGNORECASE,
)
# (1) what makes the holding told after it a request after all ("..., Lucas has full access and should lose
# it")
NLU164_HOLDING_ASKS: Final = LazyPattern(
    r"\b(?:should|must|needs?|wants?|has\s+to|have\s+to|please|pls|lose|loses|losing|remove|revoke|drop|take|cut"
    r"|stop|end|keep|anymore|any\s+more|but|so|and|give|grant|add|forward|share|not|n['’]t|no)\b",
    re.IGNORECASE,
)
# (2) "take me off all-sales next week, I'm leaving the company", "..., he's moving": a reason told after the
# comma, with someone's own doing in it (leaving, moving, retiring ...), after a change said with a later day;
# a reason of its own, never the change's tail hiding its later start (rules._clauses cuts it before it looks
# for the day at the change's end; the start is asked)
NLU164_DOING_TOLD_AFTER: Final = LazyPattern(
    r"(?:\s*,\s*(?:(?:as|since|because|cause|cos|coz)\s+)?|\s+(?:as|since|because|cause|cos|coz)\s+)"
    r"(?:§\d+§?\s*(?:['’]m|['’]s|['’]re|\s+(?:am|is|are|will\s+be))|i\s*['’]?m|i\s+am|i\s+will\s+be|i\s*['’]ll\s+be"
    r"|(?:he|she)(?:\s*['’]s|\s+is|\s+will\s+be)|they(?:\s*['’]re|\s+are|\s+will\s+be)|we(?:\s*['’]re|\s+are))\s+"
    r"(?:(?:also|now|just|finally|actually)\s+)?"
    r"(?:leaving|moving|going|transferring|switching|changing|retiring|quitting|relocating|resigning|starting"
    r"|joining|heading)\b"
    # (nothing asked in it: "..., I'm moving and need send as" is a change of its own; one after "so" is the
    # clause's too, "..., I'm moving so please add me to marketing": the whole clause waits for the day)
    r"(?:(?!\s+(?:so|please|pls|need|needs|want|wants|should|must|add|give|grant|remove|forward)\b)"
    r"[^,.;!?\n])*(?:\s+so\b[^\n]*)?[.!]?\s*$",
    re.IGNORECASE,
    cue=r"ing\b",
)
# (3) "Tom is moving to marketing, give marketing full access to sales@": a word said where whom the right is
# for goes, not read as anyone ("marketing", "the marketing team"); whom it is for is asked, never someone
# introduced before (rules._delegation took Tom, who moves to that list)
NLU164_UNREAD_TRUSTEE: Final = LazyPattern(
    r"^(?:(?:please|pls|kindly|and|also|then|so|can\s+you|could\s+you)\s+)*(?:give|grant)\s+(?:the\s+)?"
    r"(?!(?:me|him|her|them|us|it|also|too|back|both|each|all|everyone|everybody|full|send|read|access|"
    r"the|a|an|some|this|that|same|again|now|please)\b)"
    r"[a-z][\w&-]*(?:\s+(?:team|dept|department|group|people|folks|list|side))?\s+"
    r"(?:full[- ]?(?:mailbox[- ])?access|send[- ]?as|send[- ]on[- ]behalf)\b",
    re.IGNORECASE,
    cue=r"give|grant",
)
# (4) "Reported by Ken Adams: I need full access to hr@": an "I" after a reporter's label may be the
# reporter's or the admin's own, who typed the label (rules: asked, never Ken's nor the admin's change)
NLU164_REPORTED_FIRST_PERSON_ASK: Final = (
    "The request is labelled as reported by {who}, then says {said!r}: is that for {who}, or for you? Say "
    "whom the change is for."
)

# ---- rt85b: red team 85's old readings ----
# (rt85b H7) "Remove Liam Brown from all-sales at month end", "... EOM", "... in two weeks", "... 1st April
# onwards", "... once the quarter closes", "... on his last day", "... when his contract ends in April": a
# start said later in more ways than LATER_START and RT83A_LATER_START have; asked (expires), never done now.
# "by month end" is a deadline, no start; "today/now/asap" plan as before
_RT85B_NUMBER = r"(?:a|an|one|two|three|four|five|six|\d{1,2}|a\s+couple\s+of|a\s+few)"
_RT85B_WHOSE = r"(?:his|her|their|my|our|the|§\d+(?!\d)§?\s*(?:['’]s)?)"
RT85B_LATER_START: Final = LazyPattern(
    r"(?<!by )(?<!until )(?<!till )(?<!before )\b(?:at|on)\s+(?:the\s+)?(?:month|quarter|year|week)[- ]?end\b"
    r"(?![- ]?(?:run|report|close|invoices?|work))"
    r"|(?<!by )(?<!until )(?<!till )(?<!before )\beo[mqy]\b"
    r"|(?<!back )(?<!return )(?<!returns )(?<!returning )(?<!ago )\bin\s+" + _RT85B_NUMBER + r"\s+"
    r"(?:days?|weeks?|months?)(?:['’]?\s+time)?\b(?!\s+ago\b)"
    r"|(?<!back )(?<!return )(?<!returns )(?<!returning )\bin\s+a\s+fortnight(?:['’]s\s+time)?\b"
    r"|\b(?!now\b|today\b|then\b|here\b)[\w§]+\s+onwards?\b"
    r"|\b(?:once|when|after)\s+" + _RT85B_WHOSE + r"\s+(?:[\w-]+\s+){0,2}?"
    r"(?:closes|ends|is\s+(?:closed|over|done|finished|complete)|finishes|expires|wraps\s+up|runs\s+out|completes)\b"
    r"|\bon\s+" + _RT85B_WHOSE + r"\s*(?:last|final)\s+(?:working\s+)?(?:day|shift|week)\b"
    r"|\bat\s+the\s+end\s+of\s+" + _RT85B_WHOSE + r"\s*(?:notice(?:\s+period)?|contract|secondment|probation|"
    r"leave|cover|project|trial|placement|assignment|internship)\b",
    re.IGNORECASE,
)
# (rt85b H7) "Remove Liam from all-sales; he's leaving at the end of March", "[10:01] Ken: at month end I
# mean": a clause after the change that only tells the later day the one it is about leaves on, or the day
# alone; the changes before it wait for that day (asked, expires). The lead and the words after the day are
# cut; what is left must be a later day and nothing else (rules._later_told_after)
RT85B_LEAVING_LEAD: Final = LazyPattern(
    r"^(?:(?:and|but|so)\s+)?(?:(?:he|she|they|§\d+(?!\d)§?)\s*(?:['’]s|['’]re|is|are|will\s+be)\s+"
    r"(?:leaving|going|finishing|moving\s+on|off)(?:\s+(?:us|here))?\s+)?",
    re.IGNORECASE,
)
RT85B_DAY_TAIL: Final = LazyPattern(
    r"\s*,?\s*(?:i\s+mean|please|pls|thanks|thank\s+you)?\s*[.!]?$", re.IGNORECASE
)
# (rt85b H5) "I'd like her to get full access to Olivia Martin's mailbox", "I'd love for her to get send as on
# finance@", "I want him to have ...": the writer wishing something for a him/her (masked §N§) is never whom
# it is for, on any mailbox (engine.speakers; red team 85 H5 granted the writer too)
RT85B_WISH_FOR_PRONOUN: Final = LazyPattern(
    r"^\s*(?:['’]d|would|do|really|also|just)?\s*(?:really\s+)?(?:like|love|want|wish|prefer)\s+(?:for\s+)?"
    r"(?=§(?P<n>\d+)(?!\d)§?\s+(?:to|be|get|getting|having|added|given|on|in)\b)",
    re.IGNORECASE,
)
# (rt85b H9) "remove Liam Brown from Marketing and also his send as on sales@acme.com": a right said as "also
# his/her <right>" after someone is removed from a list is removed too, or someone else's; never granted (red
# team 85 H9 granted it). Asked (rules._rt85b_asked); "... and also give him send as on sales@" plans as
# before
_RT85B_RIGHT = (
    r"(?:full[- ]?(?:mailbox[- ])?access|send[- ]?as|send[- ]on[- ]behalf(?:\s+of)?|mailbox\s+access|"
    r"delegate\s+access)"
)
RT85B_REMOVED_ALSO_RIGHT: Final = LazyPattern(
    r"\b(?:remove|removing|take|taking|drop|dropping|kick|pull)\b[^.;!?\n]*?\b(?:from|off|out\s+of)\b"
    r"[^.;!?\n]*?\b(?:and|plus|,)\s+(?:also|as\s+well|too)\s+(?:his|her|their)\s+" + _RT85B_RIGHT + r"\b",
    re.IGNORECASE,
    cue=r"also|as well|too",
)
RT85B_REMOVED_ALSO_RIGHT_ASK: Final = (
    "The request removes someone from a list and also names a right ({said!r}): should that right be removed "
    "as well? Say each change: what to remove, and for whom."
)
# (rt85b H6) "Give Tom full access to billing as he moves from support": where someone moves from, told as
# why, is no mailbox the change is on (red team 85 H6 granted support@ too); asked, as "he's moving from" is
RT85B_MOVES_FROM_TOLD: Final = LazyPattern(
    r"\b(?:as|since|because|now\s+that|while|when)\s+(?:he|she|they|[\w.'’-]+)\s+"
    r"(?:moves?|transfers?|switch(?:es)?|comes?|goes|shifts?|rotates?)\s+(?:(?:over|across|back)\s+)?from\b",
    re.IGNORECASE,
    cue=r"from",
)
RT85B_MOVES_FROM_TOLD_ASK: Final = (
    "The request says {said!r}: the mailbox someone moves from is why, not a change. What should be done, "
    "and on which mailbox?"
)
# (rt85b H10) "Lucas Rossi lost full access to hr@acme.com, which was right - leave it": a right told lost,
# and the writer approves of the loss; nothing is asked for (red team 85 H10 gave it back)
RT85B_LOSS_APPROVED: Final = LazyPattern(
    r"\b(?:lost|has\s+lost|no\s+longer\s+has)\b(?:[^.;!?\n]|\.(?=\w))*?[,;–—-]\s*(?:(?:and|but)\s+)?"
    r"(?:which|that|this|it)\s*(?:was|is|['’]s)\s+(?:(?:quite|totally|entirely|all|perfectly)\s+)?"
    r"(?:right|correct|intended|intentional|fine|expected|ok|okay|deliberate|on\s+purpose|as\s+planned|planned|"
    r"by\s+design|as\s+it\s+should\s+be|how\s+it\s+should\s+be)\b"
    r"|\b(?:lost|has\s+lost|no\s+longer\s+has)\b(?:[^.;!?\n]|\.(?=\w))*?[,;–—-]\s*(?:(?:and|but|so)\s+)?"
    r"(?:(?:please\s+)?leave\s+it(?:\s+that\s+way|\s+as\s+is)?|no\s+need\s+to\s+(?:restore|change|fix)\s+it)\s*[.!]?$",
    re.IGNORECASE,
    cue=r"lost|longer",
)
RT85B_LOSS_APPROVED_WHY: Final = (
    "The request says a right was lost and that the loss was right ({said!r}): nothing is asked to change."
)
# (rt85b H11) "Reported by Ken Adams on behalf of Lucas Rossi: please give full access to hr@": who reported
# it and whom for, said as a label, before a grant that names no one to receive it; whom it is for is asked
# (red team 85 H11 granted the reporter and dropped Lucas)
RT85B_REPORTED_FOR: Final = LazyPattern(
    r"^\s*(?:reported|raised|logged|filed|opened|submitted|flagged)\s+by\s+[^:\n]{1,60}?,?\s+"
    r"(?:on\s+behalf\s+of|for)\s+[^:\n]{1,40}?\s*:\s*(?:(?:please|pls|kindly)\s+)?"
    r"(?:(?:give|grant|provide|assign)\s+(?:(?:full|send|read|delegate)\b|access\b)|(?:needs?|wants?|requires?)\b)",
    re.IGNORECASE,
    cue=r"by",
)
RT85B_REPORTED_FOR_ASK: Final = (
    "The request is reported by one person for another ({said!r}) and names no one to receive the change: "
    "whom is it for?"
)
# (rt85b M1) "add Liam Brown to Marketing, and everyone in it needs full access to sales@", "..., the whole
# team needs send as ...": a right said for the list someone joins is never theirs alone; whom it is for is
# asked
RT85B_LIST_HOLDS_RIGHT: Final = LazyPattern(
    r"\b(?:add|adding|put|putting)\b[^.;!?\n]*?\b(?:to|into|on)\b[^;!?\n]*?(?:,|\s[-–—]|\band\b)\s*(?:and\s+)?"
    r"(?:everyone\s+(?:in|on)\s+(?:it|there|the\s+(?:list|group|team))|the\s+whole\s+(?:team|list|group)|"
    r"the\s+(?:list|group|team)|all\s+of\s+(?:them|it)|its\s+members|every\s+member)\s+"
    r"(?:needs?|should|must|wants?|gets?|requires?)\b",
    re.IGNORECASE,
)
# (rt85b M2) "Remove Tom's full access on support, reassign to Liam Brown", "... - Liam Brown inherits it",
# "..., switch it to Ava Johnson", "..., Liam takes it over": a right taken off one holder and passed on to
# another; asked (lx.RT83B_RIGHT_PASSED_ON_ASK), never a removal from the one it goes to or a hand-over
# dropped
RT85B_RIGHT_HANDED_ON: Final = LazyPattern(
    r"\b(?:remove|revoke|take\s+away|drop)\b[^\n]*?(?:[,;]|\s[-–—])\s*(?:(?:and|then|so)\s+)?"
    r"(?:(?:please|pls)\s+)?"
    # ("..., hand it over to Ava": a handover, read where handovers are; not here)
    r"(?:(?:reassign|switch|transfer|move)\s+(?:(?:it|that|this|them)\s+)?(?:over\s+|across\s+)?to\b"
    r"|[\w.' ]{1,40}?\s+(?:inherits?|takes?\s+(?:it|that|this|them)\s+over|will\s+take\s+(?:it|that)\s+over)"
    r"\b)",
    re.IGNORECASE,
)
# (rt85b M3) "Ethan Park is on leave, David Chen asks if Lucas Rossi can be given full access to Ethan's
# mailbox": a question passed on after an absence; asked, never read as the leave taking access away
RT85B_AWAY_ASKS_IF: Final = LazyPattern(
    r"\b(?:is|are)\s+(?:on\s+(?:leave|holiday|vacation)|off(?:\s+sick)?|away|out)\b[^.;!?\n]*?,\s*"
    r"[^.;!?\n]*?\b(?:asks?|asked|asking|wonders?|wondered|wondering)\s+(?:if|whether)\b",
    re.IGNORECASE,
)
# (rt85b M7) "add Liam Brown to Marketing, ditto sales@acme.com": a mailbox after "ditto" is no member a list
# can take in; asked, never added
RT85B_DITTO_MAILBOX: Final = LazyPattern(
    r"\bditto\s+(?:on\s+|for\s+|with\s+)?(?:the\s+)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)
# (rt85b M8) "Lucas Rossi's send as on hr@ was removed, please add it back (and remove his full access)": a
# right told removed, then given back; asked (the add-back was read as a removal, and the right revoked)
RT85B_BACK_AND_REMOVE: Final = LazyPattern(
    r"\bwas\s+(?:removed|taken\s+(?:away|off)|revoked|dropped)\b(?:[^;!?\n]*?)\b"
    r"(?:add|give|put)\s+(?:it|that|this)\s+back\b",
    re.IGNORECASE,
)
# (rt85b M9) "Remove Tom's full access on support, as he's moving to sales where he'll need full access": a
# need said of where someone moves; asked, never dropped
RT85B_MOVE_WHERE_NEED: Final = LazyPattern(
    r"\b(?:moving|moves|transferring|going|heading)\s+(?:over\s+)?to\s+[^,;.!?\n]{1,40}?\bwhere\s+"
    r"(?:he|she|they|i|we)\s*(?:['’](?:ll|d)|will|would|is\s+going\s+to)?\s*(?:needs?|wants?|requires?)\b",
    re.IGNORECASE,
)
RT85B_ASKED: Final = (
    "The request says {said!r}: it is not clear which change is meant, or for whom. Say each change: what to "
    "grant or remove, on which mailbox or list, and for whom."
)

# ---- rt85a: red team 85's new readings (planner/units.py, tentative.py, rules.py) --------------------------
# (H1) "✅ Mike Smith: approves Noah Davis full access to Info", "✅ Mike Smith: Noah Davis - full access to
# Info": the words after an item's first name say that one approves, or name a second person before the
# right; the first is then who signs, never whom it is given to. Whom the item is for is asked.
RT85A_ITEM_WHAT_OTHER: Final = LazyPattern(
    r"^(?:(?:approv\w*|ok(?:ay)?(?:s|'?d|ed)?|sign(?:s|ed)?[ \t]+off|confirm\w*|authori[sz]\w*|"
    r"agree[sd]?|endorse[sd]?|vouch\w*)\b(?![ \t]+(?:mailbox|inbox|calendar|list|team)\b)"
    r"|(?:(?:request\w*|asks?|asked|wants?|for|on[ \t]+behalf[ \t]+of|says?|said)[ \t]+(?:for[ \t]+)?)?"
    r"(?-i:[A-Z])[\w'’.-]*(?:[ \t]+(?-i:[A-Z])[\w'’.-]*){0,2}"
    r"(?:[ \t]*[-–—:]|[ \t]+(?:full|send|read|editor|reviewer|author|delegate|owner|access|needs?|should|"
    r"gets?|free|to[ \t]+(?:get|have|be)|can|may)\b))",
    re.IGNORECASE,
)
RT85A_ITEM_WHAT_OTHER_ASK: Final = (
    "The item {said!r} names {who} and then someone else: is {who} the one who approves it? Whom should the "
    "access be given to?"
)
# (H2, L1) a right said, then held, hedged, refused or told done in the same sentence (or the one after a
# "?"): "... editor access to my calendar - but hold off on that until Olivia approves", "..., I'll confirm",
# "...? Let me check first", "..., but no.", "... - already done", "..., which I'll do myself"; never planned
_RT85A_RIGHT = r"(?:access|send[ \t-]+as|send[ \t-]+on[ \t-]+behalf|permissions?|rights?)"
RT85A_RIGHT_THEN_HELD: Final = LazyPattern(
    r"\b" + _RT85A_RIGHT + r"\b[^.;!?\n]{0,80}?(?:\?[ \t]*|[,;:( \t–—-][ \t]*)"
    r"(?P<said>(?:but[ \t]+)?hold[ \t]+(?:off[ \t]+)?(?:on[ \t]+)?(?:that|this|it|them|the[ \t]+\w+)[ \t]+"
    r"(?:until|till|pending)\b[^.;!?\n]*"
    r"|(?:I['’]?ll|I[ \t]+will|let[ \t]+me|(?-i:[A-Z])\w+(?:[ \t]+(?-i:[A-Z])\w+)?[ \t]+will)[ \t]+"
    r"(?:confirm|check|double[ \t-]?check|verify|let[ \t]+you[ \t]+know)\b[^.;!?\n]*"
    r"|not[ \t]+(?:100%[ \t]+)?sure(?:[ \t]+(?:yet|about[ \t]+(?:that|this|it)|(?:if|whether)[ \t]+"
    r"(?:she|he|they|I)[ \t]+(?:really[ \t]+)?(?:needs?|wants?)[ \t]+(?:it|that|this)))?[ \t]*(?:[.!]|$)"
    r"|(?:that['’]?s[ \t]+|this[ \t]+is[ \t]+|it['’]?s[ \t]+)?already[ \t]+"
    r"(?:done|sorted|set[ \t]+up|in[ \t]+place)\b"
    r"|(?:which[ \t]+|that[ \t]+)?I['’]?(?:ll|[ \t]+will)[ \t]+do[ \t]+"
    r"(?:it[ \t]+|that[ \t]+|this[ \t]+)?myself\b"
    r"|but[ \t]+no(?:[ \t]+thanks)?[ \t]*(?:[.!]|$))",
    re.IGNORECASE | re.MULTILINE,
    cue=r"hold|confirm|check|verify|know|sure|already|myself|no",
)
# (H2) "She might also need editor access to my calendar", "She may need editor access ... later": a right
# someone may need is no right asked for; never planned
RT85A_MAY_NEED_RIGHT: Final = LazyPattern(
    r"\b(?P<said>(?:might|may|could)[ \t]+(?:also[ \t]+|eventually[ \t]+|possibly[ \t]+|well[ \t]+)?"
    r"(?:need|want|require)\b[^.;!?\n]{0,60}?\b" + _RT85A_RIGHT + r"\b[^.;!?\n]*)",
    re.IGNORECASE,
    cue=r"might|may|could",
)
# (H2) "She had editor access to my calendar before", "She needed editor access ... last year": a right told
# as past, with no wish to give it back; never planned
RT85A_PAST_RIGHT: Final = LazyPattern(
    r"\b(?P<said>(?:had|needed|used[ \t]+to[ \t]+(?:have|need))\b[^.;!?\n]{0,60}?\b"
    + _RT85A_RIGHT
    + r"\b[^.;!?\n]{0,60}?\b(?:before|previously|last[ \t]+(?:year|month|week|time|quarter)|"
    r"in[ \t]+the[ \t]+past|back[ \t]+then|at[ \t]+one[ \t]+point)\b[^.;!?\n]*)",
    re.IGNORECASE,
    cue=r"had|needed|used",
)
# the past right wished back: "... before; please give it back", "restore it", "again"
RT85A_WISHED_BACK: Final = LazyPattern(
    r"\b(?:back|again|restore\w*|reinstat\w*|re-?add\w*|re-?grant\w*|re-?enable\w*)\b", re.IGNORECASE
)
RT85A_RIGHT_HELD_ASK: Final = (
    "The request says {said!r} of a right it names: is that right to be given now, or held? Say it again "
    "once it should be done."
)
# (H4) "remove Liam's access to Priya Patel's calendar, I don't manage her diary any more": the writer's own
# duty given up, said beside a removal for someone else; whether the writer's access goes too is asked
RT85A_WRITER_NO_LONGER: Final = LazyPattern(
    r"\b(?:I|we)\s+(?:don['’]?t|do\s+not|no\s+longer)\s+(?:really\s+|even\s+)?"
    r"(?:use|send|open|read|access|look\s+at|work|manage|handle|look\s+after|run|keep|need|cover|do)\b",
    re.IGNORECASE,
)
RT85A_WRITER_REMOVED_BESIDE_ASK: Final = (
    "The request removes {others}'s access and says {said!r} of you: should your own access be removed too, "
    "or only {others}'s?"
)
# "remove my access", "take me off", "revoke mine and Liam's": the writer's own removal asked in words
RT85A_OWN_REMOVAL_SAID: Final = LazyPattern(
    r"\b(?:remove|revoke|take|drop|cancel|end|stop|withdraw|pull)\s+(?:my|me|mine|both|us|our)\b"
    r"|\b(?:my|mine)\b[^.;!?\n]{0,40}\b(?:removed|revoked|taken\s+(?:off|away))\b",
    re.IGNORECASE,
)
# (H12) "Requested for: Noah Davis / Description: Please give full access to my mailbox": a form's "my" has no
# one writer (the admin who pastes it, the Caller, or the one it is for); whose it is, is asked unless surely
# the one it is requested for (that one writes, or is also its Caller)
_RT85A_FIELD_WHO: Final = r"[ \t]*[:=][ \t]*(?P<who>\S.*?)[ \t]*$"
RT85A_FORM_FOR_LINE: Final = LazyPattern(r"^[ \t]*requested[ \t]+for" + _RT85A_FIELD_WHO, re.I | re.M)
RT85A_FORM_CALLER_LINE: Final = LazyPattern(
    r"^[ \t]*(?:caller|requested[ \t]+by|requester|requestor|opened[ \t]+by|raised[ \t]+by|submitted[ \t]+by|"
    r"reported[ \t]+by|logged[ \t]+by)" + _RT85A_FIELD_WHO,
    re.I | re.M,
)
# (whose mailbox or calendar: "my", "me", "mine"; an "I need ..." names no owner)
RT85A_FIRST_PERSON: Final = LazyPattern(r"\b(?:my|me|mine|myself)\b", re.IGNORECASE)
# the lines a form's request is told in: a Description, Details, Comments or Justification, or a line of no
# field at all
RT85A_FORM_TOLD_KEY: Final = LazyPattern(
    r"description|short[ \t]+description|details|comments?|notes?|justification|business[ \t]+justification|"
    r"reason|request|additional[ \t]+(?:info|information|comments)|summary|what[ \t]+is[ \t]+needed",
    re.IGNORECASE,
)
RT85A_FORM_MY_ASK: Final = (
    "The form is requested for {who}, and its words say {said!r}: whose {what} is meant - {who}'s, the one "
    "who filed it, or yours?"
)
# (M4) "Ethan Park will be on leave, David Chen asked that Lucas Rossi be given full access to Ethan's
# mailbox", "... is going on leave next month, Lucas should get ...": an absence told as still to come, then
# a change wished for it; when it should start is asked, never done now
_RT85A_AWAY: Final = (
    r"(?:on\s+(?:leave|holiday|vacation|sick\s+leave|maternity\s+leave|paternity\s+leave|parental\s+leave|"
    r"sabbatical|annual\s+leave|pto)|off(?:\s+sick)?|away|out(?:\s+of\s+(?:the\s+)?office)?)"
)
RT85A_LATER_AWAY_THEN_WISH: Final = LazyPattern(
    r"\b(?:will\s+be|['’]ll\s+be|is\s+going\s+to\s+be|is\s+going|are\s+going|goes|go|is\s+heading|"
    r"is\s+about\s+to\s+go)\s*"
    + _RT85A_AWAY
    + r"[^.;!?\n]{0,40}?[,;]\s*[^.;!?\n]{0,80}?\b(?:asks|asked|has\s+asked|requests|requested|wants|wanted|"
    r"would\s+like|should|needs?|can|could|please)\b[^.;!?\n]{0,80}?\b(?:be|get|have|receive|given|access)\b",
    re.IGNORECASE,
    cue=r"will|ll|going|goes|go|heading|about",
)
RT85A_LATER_AWAY_THEN_WISH_ASK: Final = (
    "The request says {said!r}: the absence is still to come. When should the change start, and until when?"
)
# (M4) "Ethan Park is on leave, David Chen would like Lucas Rossi to have full access to his mailbox": whose
# "his" is (the one away, or the one who wishes it) is asked
RT85A_AWAY_THEN_WISH_HIS: Final = LazyPattern(
    r"\b(?:is|are)\s+" + _RT85A_AWAY + r"\s*[,;]\s*"
    # (the one wishing said by name: "his manager Sarah wants his mail ..." is the one away's, as before)
    r"(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?\s+(?:would\s+like|would\s+love|wants|"
    r"asks|asked|has\s+asked|requests|requested)\b[^.;!?\n]{0,80}?\b(?:his|her)\s+"
    r"(?:mailbox|inbox|calendar|diary|mail|e-?mails?)\b",
    re.IGNORECASE,
    cue=r"is|are",
)
RT85A_AWAY_THEN_WISH_HIS_ASK: Final = (
    "The request says {said!r}: whose mailbox or calendar is meant - the one away, or the one asking?"
)
# (M5) "She needs reviewer access to Mike Smith's calendar, and he needs the same on hers": a right said back
# the other way with a pronoun; asked, never dropped from a ready plan
RT85A_SAME_ON_THEIRS: Final = LazyPattern(
    r"\b(?P<said>(?:he|she|they|(?-i:[A-Z])\w+)\s+(?:also\s+)?(?:needs?|wants?|should\s+(?:get|have)|gets?|"
    r"requires?|can\s+have)\s+the\s+same\s+(?:on|for|to|with|in)\s+(?:his|hers|theirs|her|their)\b[^.;!?\n]*)"
    r"|\b(?P<vice>(?:and\s+)?vice[ \t-]+versa)\b",
    re.IGNORECASE,
)
RT85A_SAME_ON_THEIRS_ASK: Final = (
    "The request says {said!r}: the same right the other way round. Which rights, on whose calendar or "
    "mailbox, should be given to whom?"
)
# (M6) "He needs reviewer access to my calendar" while a second person is named in a Cc, Subject or quote
# header: whom the he/she stands for is asked
RT85A_PRONOUN_OPENS: Final = LazyPattern(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:(?:separately|also|and|plus|oh|btw|ps|p\.s\.)[ \t]*,?[ \t]+)*"
    r"(?P<pronoun>he|she)[ \t]+(?:also[ \t]+)?(?:needs?|wants?|should|will[ \t]+need|requires?|must)\b"
    r"(?P<rest>[^.!?\n]*)",
    re.IGNORECASE,
)
RT85A_PRONOUN_AMONG_OTHERS_ASK: Final = (
    "The request says {said!r}, and names {names}: whom does {pronoun!r} stand for?"
)
# (L3) "I need him on all-sales? Or Marketing?": a choice left open after a question mark; which is asked
RT85A_OR_AFTER_QUESTION: Final = LazyPattern(
    r"\?[ \t]*(?P<said>(?:or|or[ \t]+maybe|or[ \t]+perhaps|maybe)[ \t]+[^.?!\n]{1,60}\?)", re.IGNORECASE
)
RT85A_OR_AFTER_QUESTION_ASK: Final = "The request offers another choice, {said!r}: which one is meant?"
# (M6) a right said in the he/she sentence; and a mail's own address lines ("To: IT Helpdesk", "Cc: Maria
# Garcia"), whose names are whom it is sent to
RT85A_RIGHT_SAID: Final = LazyPattern(
    r"\b(?:access|send[ \t-]+as|send[ \t-]+on[ \t-]+behalf|permissions?|rights?|calendar|diary|mailbox|inbox|"
    r"delegate|editor|reviewer)\b",
    re.IGNORECASE,
)
RT85A_MAIL_ADDRESS_LINE: Final = LazyPattern(
    r"^[ \t]*(?:to|cc|bcc|from|sent|date)[ \t]*:[^\n]*$", re.IGNORECASE | re.MULTILINE
)
# (L4) "Approved by: Mike Smith" over a Description that also gives Mike the right ("Noah needs to send
# invoices as billing@acme.com. Mike too."): the approver approving his own access; asked
RT85A_FORM_APPROVER_LINE: Final = LazyPattern(
    r"^[ \t]*(?:approved[ \t]+by|approver|approval[ \t]+by|signed[ \t]+off[ \t]+by)" + _RT85A_FIELD_WHO,
    re.I | re.M,
)
RT85A_FORM_SELF_APPROVED_ASK: Final = (
    "The form is approved by {who}, and it also gives {who} access: may {who} approve their own access, or "
    "should someone else approve it?"
)
