"""Durations in plain language ("for two weeks", "until Friday", "until 2026-12-31") to an expiry time.

"for N units" counts from `now`; "until DAY" means through that day, so access ends at the following
midnight in the requester's time zone, which is `now`'s (the tenant's default; UTC when none is set): an
admin granting "until Friday" expects Friday to be usable. Results are in UTC. A month is a calendar month,
as people and Outlook count one: "for one month" from 2 March ends 2 April at the same time of day, and from
31 January on the last day of February; twelve months are a year (365 days), as "for a year" is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from contextlib import suppress
from dataclasses import dataclass

from mailwarden.errors import ConfigError
from mailwarden.planner import lexicon as lx
from mailwarden.planner.kept_patterns import compile_kept

__all__ = ["MAX_EXPIRY", "Expiry", "find_expiry", "parse_expiry"]

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "couple": 2, "a couple": 2, "couple of": 2, "a couple of": 2,
    "few": 3, "a few": 3, "another": 1,
}  # fmt: skip
_UNIT_DAYS = {
    "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365,
}  # fmt: skip
_UNIT = r"(?:minute|min|hour|hr|day|week|wk|fortnight|month|year|yr)s?"
_COUNT = (
    r"(?:\d+|a couple of|couple of|a few|few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fourteen|fifteen|twenty|thirty|another)"
)
# A unit is a length only after a count ("for two weeks", "for another hour") or, said in full, after
# "the"/"next" ("for the week", "over the next hour"; one unit: "for the hours of the review", "over the
# coming weeks" say no length, nlu92); never a word of an address or a name ("I meant
# hr@acme.com", "for the hr team": nlu90, batch 37 planned an end an hour away)
_FOR = compile_kept(
    # ("for a 2-week period", "for a one-week stint": the length is the count's, the "a" the period's)
    rf"\b(?:for|during|over)\s+(?:(?:the\s+|a\s+(?=[\w]+-))?(?:next\s+|coming\s+)?(?P<count>{_COUNT})\s*-?\s*"
    rf"(?P<unit>{_UNIT})"
    r"|(?:the\s+(?:next\s+|coming\s+)?|next\s+|coming\s+)(?P<word>(?:minute|hour|day|week|fortnight|month|year)))"
    r"\b(?![\w.-]*@)(?!-\w)",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = r"((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)"
_UNTIL = (
    r"\b(?:until|till|til|through|thru|up\s+to|up\s+until|to\s+the\s+end\s+of|ending|expir\w*\s+on|expir\w*)"
    r"\s+(?:on\s+|the\s+)?"
)
_UNTIL_ISO = compile_kept(_UNTIL + r"(\d{4}-\d{2}-\d{2})(?:[t ](\d{2}:\d{2}))?", re.IGNORECASE)
_UNTIL_DMY = compile_kept(
    _UNTIL + rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s*(\d{{4}})?", re.IGNORECASE
)
_UNTIL_MDY = compile_kept(
    _UNTIL + rf"{_MONTH}\s+(\d{{1,2}})(?!\d)(?:st|nd|rd|th)?,?\s*(\d{{4}})?", re.IGNORECASE
)
# "until June 2026", "through March 2027": the last day of that month
_UNTIL_MONTH_YEAR = compile_kept(_UNTIL + rf"(?:the\s+end\s+of\s+)?{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE)
# "through the 13th", "until the 2nd": a day of this month, or of the next when this month's has passed
_UNTIL_ORDINAL = compile_kept(
    _UNTIL + rf"(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?{_MONTH})(?!\s*(?:-|/)\s*\d)", re.IGNORECASE
)
_UNTIL_DAY = compile_kept(
    _UNTIL
    # "until the end of Friday": through Friday, as "until Friday" is
    # ("until end of day tomorrow", "till close of business Friday": the day's end said first; nlu49)
    + r"(?:(?:end|close)\s+of\s+(?:(?:the\s+)?(?:day|business|play)\s+(?:on\s+)?)?"
    # ("until the end of tomorrow": through tomorrow, batch 18)
    r"(?=(?:next\s+|this\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|tomorrow\b|today\b))?"
    r"(?:(next|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today"
    r"|end\s+of\s+(?:the\s+)?(?:day|week|month)"
    # "til fri", "until weds": a weekday said short is that weekday
    r"|mon|tues?|weds?|thu|thurs?|fri|sat|sun)\b",
    re.IGNORECASE,
)
# "until the end of March", "through the end of june": the last day of that month, the next one to come
_END_OF_MONTH = compile_kept(
    r"\b(?:until|till|til|through|thru|to|by)\s+(?:the\s+)?end\s+of\s+" + _MONTH + r"(?:\s+(\d{4}))?\b",
    re.IGNORECASE,
)
# "send as on sales@ just for today", "for tonight only", "today only": through the end of today (batch 20:
# "just for today" was no end at all)
_FOR_TODAY = compile_kept(
    r"\b(?:just\s+|only\s+)?for\s+(?:today|tonight|the\s+day)\b|\b(?:today|tonight)\s+only\b"
    # "only today", "just today": the same day said alone, as "today only" is (red team 59 granted for good)
    r"|\b(?:only|just)\s+(?:today|tonight)\b",
    re.IGNORECASE,
)
# "for PT2H", "P1W", "P1DT12H": an ISO 8601 duration is exact; read as written (uppercase, as the standard
# writes it, and never inside an address or a word)
_ISO_DURATION = compile_kept(
    r"(?<![\w@.-])P(?=\d|T\d)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?(?![\w@-])",
    re.IGNORECASE,
)
# "Temporary: Ethan, full access to support, 3 days": a bare length, only as the last part of a clause
# (never after a decimal comma: "for 1,5 hours" is no "5 hours"; red team 59 planned 5 hours, nlu94)
_BARE = compile_kept(
    rf"(?:^|(?<!\d),)\s*(?P<count>\d+|{_COUNT})\s*-?\s*(?P<unit>{_UNIT})(?:{lx.NLU145_LENGTH_AGREED})?\s*[.!]?\s*$",
    re.IGNORECASE,
)
_END_OF = compile_kept(
    r"\b(?:until|till|til|through|thru|to|for)?\s*(?:the\s+)?(?:end|rest|remainder)\s+of\s+"
    r"(?:the\s+|this\s+|(?P<next>next)\s+)?(day|week|month)\b",
    re.IGNORECASE,
)


_UNREADABLE = suppress(ValueError, OverflowError)


@dataclass(frozen=True)
class Expiry:
    """When access ends, and where in the text it was said (so the planner can cut it out)."""

    expires: dt.datetime
    start: int
    end: int


def find_expiry(text: str, now: dt.datetime) -> Expiry | None:
    """The first duration or end date in `text`, as an aware UTC datetime; None when there is none."""
    now = now if now.tzinfo else now.replace(tzinfo=dt.UTC)
    found: list[Expiry] = []
    # A said end no calendar holds ("until 2026-13-01", "until 2026-04-31 25:00", "for 9999999 days", a year
    # past 9999) is no end read: it is left out here, so the rules ask [expires] as for any end they cannot
    # read, never an exception out of the planner (red team 59 crashed the planner on the first)
    with _UNREADABLE:
        if m := _FOR.search(text):
            found.append(
                Expiry(
                    _after(now, _count(m.group("count") or "1"), m.group("unit") or m.group("word")),
                    m.start(),
                    m.end(),
                )
            )
    with _UNREADABLE:
        if m := _BARE.search(text):
            found.append(Expiry(_after(now, _count(m.group("count")), m.group("unit")), m.start(), m.end()))
    for length in (lx.LENGTH_CLOSING, lx.LENGTH_FOR):
        # "..., 6 hours only", "for half a day", "for 48h" (nlu41: batch 23 granted the first for good)
        with _UNREADABLE:
            if (m := length.search(text)) is not None and not any(
                e.start <= m.start() < e.end for e in found
            ):
                found.append(
                    Expiry(_after(now, _count(m.group("count")), m.group("unit")), m.start(), m.end())
                )
    with _UNREADABLE:
        if m := _END_OF_MONTH.search(text):
            month = _month(m.group(1))
            year = int(m.group(2)) if m.group(2) else now.year
            if not m.group(2) and month < now.month:
                year += 1
            last = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
            found.append(Expiry(_end_of(last, now.tzinfo or dt.UTC), m.start(), m.end()))
    with _UNREADABLE:
        if m := _UNTIL_ISO.search(text):
            day = dt.date.fromisoformat(m.group(1))
            if m.group(2):
                hour, minute = map(int, m.group(2).split(":"))
                at = dt.datetime.combine(day, dt.time(hour, minute), now.tzinfo or dt.UTC).astimezone(dt.UTC)
            else:
                at = _end_of(day, now.tzinfo or dt.UTC)
            found.append(Expiry(at, m.start(), m.end()))
    for pattern, day_group, month_group in ((_UNTIL_DMY, 1, 2), (_UNTIL_MDY, 2, 1)):
        with _UNREADABLE:
            if m := pattern.search(text):
                month = _month(m.group(month_group))
                year = int(m.group(3)) if m.group(3) else now.year
                day = dt.date(year, month, int(m.group(day_group)))
                # A day said without its year that has passed is next year's, unless it passed lately ("until
                # 1 March" said on 2 March): then it stays, and an end already past is asked (rules)
                if not m.group(3) and day < now.date() - dt.timedelta(days=183):
                    day = day.replace(year=year + 1)
                found.append(Expiry(_end_of(day, now.tzinfo or dt.UTC), m.start(), m.end()))
    with _UNREADABLE:
        if m := _UNTIL_MONTH_YEAR.search(text):
            month, year = _month(m.group(1)), int(m.group(2))
            last = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
            found.append(Expiry(_end_of(last, now.tzinfo or dt.UTC), m.start(), m.end()))
    if (m := _UNTIL_ORDINAL.search(text)) and (nth := _day_of_month(int(m.group(1)), now.date())):
        found.append(Expiry(_end_of(nth, now.tzinfo or dt.UTC), m.start(), m.end()))
    if (m := _ISO_DURATION.search(text)) is not None and any(m.groups()):
        found.append(Expiry(_iso_after(now, m), m.start(), m.end()))
    if m := _FOR_TODAY.search(text):
        found.append(Expiry(_named_day("today", None, now), m.start(), m.end()))
    if m := _UNTIL_DAY.search(text):
        found.append(Expiry(_named_day(m.group(2).lower(), m.group(1), now), m.start(), m.end()))
    elif m := _END_OF.search(text):
        end = _named_day("end of " + m.group(2).lower(), None, now)
        if m.group("next") and m.group(2).lower() == "week":
            end += dt.timedelta(days=7)
        elif m.group("next") and m.group(2).lower() == "month":
            end = _named_day("end of month", None, end + dt.timedelta(days=1))
        found.append(Expiry(end, m.start(), m.end()))
    return min(found, key=lambda e: e.start) if found else None


def _after(now: dt.datetime, count: float, unit_text: str) -> dt.datetime:
    """`count` units from `now`; whole months are calendar months, the day clamped to the month's last."""
    unit = _unit(unit_text)
    if unit == "month" and count.is_integer() and count % 12:
        months = now.month - 1 + int(count)
        year, month = now.year + months // 12, months % 12 + 1
        return now.replace(year=year, month=month, day=min(now.day, calendar.monthrange(year, month)[1]))
    if unit == "month" and count.is_integer():
        # Twelve months are kept as a year is (365 days): "for 12 months" must not outrun "for a year"
        return now + dt.timedelta(days=int(count) // 12 * _UNIT_DAYS["year"])
    return now + dt.timedelta(days=count * _UNIT_DAYS[unit])


def _iso_after(now: dt.datetime, m: re.Match[str]) -> dt.datetime:
    """`now` plus an ISO 8601 duration's parts: years and months as calendar ones, the rest exact."""
    part = {k: int(v) for k, v in m.groupdict().items() if v}
    at = now
    if months := part.get("Y", 0) * 12 + part.get("M", 0):
        at = _after(at, float(months), "month")
    return at + dt.timedelta(
        weeks=part.get("W", 0),
        days=part.get("D", 0),
        hours=part.get("h", 0),
        minutes=part.get("m", 0),
        seconds=part.get("s", 0),
    )


def _day_of_month(n: int, today: dt.date) -> dt.date | None:
    """The next day numbered `n` from today on (this month's, else next month's); None if no month has it."""
    for ahead in range(2):
        month, year = (today.month + ahead - 1) % 12 + 1, today.year + (today.month + ahead - 1) // 12
        try:
            day = dt.date(year, month, n)
        except ValueError:
            continue
        if day >= today:
            return day
    return None


def _count(text: str) -> float:
    text = " ".join(text.lower().split())
    if text.startswith("half "):
        return 0.5  # "half a day", "half an hour"
    text = text.removesuffix(" of")  # "a couple hours" as "a couple of hours"
    return float(text) if text.replace(".", "", 1).isdigit() else float(_NUMBERS[text])


def _unit(text: str) -> str:
    text = text.lower().rstrip("s")
    return {
        "min": "minute", "hr": "hour", "h": "hour", "wk": "week", "w": "week", "d": "day", "yr": "year"
    }.get(text, text)  # fmt: skip


def _month(text: str) -> int:
    prefix = text.lower().rstrip(".")[:3]
    return next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(prefix))


def _end_of(day: dt.date, zone: dt.tzinfo = dt.UTC) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), zone).astimezone(dt.UTC)


def _named_day(word: str, qualifier: str | None, now: dt.datetime) -> dt.datetime:
    zone = now.tzinfo or dt.UTC
    today = now.date()
    word = " ".join(word.split())
    if word in ("today", "tonight", "end of day", "end of the day"):
        return _end_of(today, zone)
    if word == "tomorrow":
        return _end_of(today + dt.timedelta(days=1), zone)
    if word.startswith("end of") and word.endswith("week"):
        return _end_of(today + dt.timedelta(days=(4 - today.weekday()) % 7), zone)  # through Friday
    if word.startswith("end of") and word.endswith("month"):
        first_next = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return _end_of(first_next - dt.timedelta(days=1), zone)
    weekday = next(i for i, name in enumerate(_WEEKDAYS) if name.startswith(word[:3]))
    ahead = (weekday - today.weekday()) % 7 or 7
    # "next Friday" said on a Monday is taken as the coming Friday, as most people mean it.
    return _end_of(today + dt.timedelta(days=ahead), zone)


_DURATION = compile_kept(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
# Access meant to last longer than this is not time-bound: grant it without --expires.
MAX_EXPIRY = dt.timedelta(days=366)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_expiry(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """'14d', '12h', '2w' or an ISO date/time → an aware UTC datetime in the future."""
    now = now or dt.datetime.now(dt.UTC)
    match = _DURATION.match(text)
    if match:
        try:
            when = now + dt.timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
        except OverflowError:
            raise ConfigError(f"{text!r} is too far away; time-bound access lasts at most a year.") from None
        if when - now > MAX_EXPIRY:
            raise ConfigError(f"{text!r} is too far away; time-bound access lasts at most a year.")
        if when <= now:
            raise ConfigError(f"{text!r} is no time at all; give a duration of a minute or more.")
        return when
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{text!r} is neither a duration (14d, 12h, 2w) nor an ISO date.") from None
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    if when <= now:
        raise ConfigError(f"{text!r} is in the past.")
    if when - now > MAX_EXPIRY:
        raise ConfigError(f"{text!r} is too far away; time-bound access lasts at most a year.")
    return when
