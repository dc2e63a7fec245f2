"""Resolve the date words of a news article against its publication date.

``resolve_date(expression, published)`` turns phrases such as "on Friday", "the previous
night" or "January 28" into an :class:`~conflictsum.models.EventDate`. It is pure: the only
notion of "now" is ``published``. The rules, all case-insensitive:

* Weekdays ("Friday", "this Tuesday", "Sunday morning") are the latest such day on or before
  publication, so the publication weekday is the publication day itself; "last", "past",
  "previous" and "preceding" Friday mean strictly before it, and "Friday before last" a
  week before that. "Tuesday last week" / "last week's Tuesday" is the Tuesday of the
  previous Monday–Sunday week. After "on", an abbreviated weekday ("on Tues.", "on Thurs")
  reads as the whole word. Precision "day".
* "today", "tonight", "this morning/afternoon/evening" are the publication day;
  "yesterday", "the day before", "the previous day" (or its morning, afternoon or evening)
  one day earlier; "the day before yesterday" two; "two days ago" / "3 days earlier" count
  back (words or digits). "48 hours ago" is two days back and "36 hours ago" or "six hours
  ago" the two dates it may fall on; "a few days ago" the week before publication's eve.
  "A week ago today", "a week ago Sunday", "a year ago today" and "two years ago, on Feb.
  24" read the date as written that long before publication; "a month ago" / "six months
  ago" / "a year ago" alone are the month (±15 days) around that day. "The past 24 hours"
  however written ("24 hrs", "24h", "the past 24-hour period", "the 24 hours to 0600 GMT")
  and "the past few hours" are the publication day and the one before, precision "days".
  "On the eve of February 24" (or of a holiday) is the day before that day.
* A night spans two dates, start = the evening's date, end = the next day, precision "days":
  "last night", "the previous night", "the night before", "overnight", "during the night"
  (the night ending on the publication day), "Sunday night", "the night of Saturday to
  Sunday", "the night before last", "overnight into Sunday" or "overnight into February 5"
  (the night ending on that day).
  "Overnight Saturday" is ambiguous between the nights either side of Saturday, so it spans
  both (Fri–Sun), and so does "overnight on January 28" (Jan 27–29); "overnight Feb. 4-5" is
  that one night, as is "overnight Jan. 31-Feb. 1".
* Month and day ("January 28", "28 January", "Jan. 28", "Feb 3rd", "the 3rd of Feb", "the
  fifth of February", "Sunday, January 28") use the year if given; otherwise the latest such
  date on or before publication, so "December 30" read on 3 January is in the previous year.
  A weekday that contradicts the date makes the whole expression unresolvable. A day of the
  month by its ordinal alone ("on the 4th", "Monday the 4th") is the latest such day, and
  "the 5th of last month" / "of this month" that month's; it is a date only when what
  follows cannot be a noun it numbers (the end, a comma or stop, a time of day, a linking
  word such as "and" or "when"), never "the 4th Tank Brigade", "the 20th century" or a
  list of ordinals that numbers one ("the 3rd, 25th and 47th brigades").
  "January 28-30", "Jan 5/6", "4/5 February", "Feb. 4 or 5", "3, 4 and 5 February" and
  "between 28 and 30 January" are spans.
* ISO dates "2024-02-03" (also with "/" or "."). Dotted dates "04.02.2024" are day-first,
  as everywhere they are written. Slash and dash dates such as "3/2/2024" resolve only when
  one reading remains: one part above 12, both parts equal, or the other reading falls
  after publication (3/2/2024 read on 5 February 2024 is 3 February). A two-digit year is
  this century ("28/1/24"); a yearless "28/1" after "on" or a weekday (or alone) is the
  latest such day, when only one reading is a date. "28-Jan-2024" is day, month, year.
* Weeks: "last week" / "the previous week" is the previous Monday–Sunday week; "this week" /
  "earlier this week" runs from Monday to publication; "the past week", "in recent days",
  "the last few days" are the seven days up to publication; "the past N days / hours" count
  back, and "the past day" is the past 24 hours; "the week before last" the week before last
  week; "a week ago" / "two weeks ago" / "a fortnight ago" is the week (±3 days) around that
  day. "The week of January 22" is the Monday–Sunday week holding that day. Precision
  "week", except that a counted span of 2–6 days is "days".
* "Since Friday", "since October 7", "since the start of the year": from that date to
  publication, precision by length. "Earlier in the week" / "at the start of the week" is
  this week, and so for the month and year.
* A month and day that names a thing ("May 9 Square", "the February 17 Revolution", "6th
  of October City": before a capitalised Square, Street, City, Bridge, Revolution, Movement,
  Brigade and the like) is no date, nor is "24/7" (around the clock).
* Fixed-date holidays ("Christmas Day", "New Year's Eve", "Orthodox Christmas" on 7 January)
  are the latest such day on or before publication, as a month and day is; another
  calendar's ("Lunar New Year's Eve") is refused.
* Weekends (Saturday–Sunday, precision "days"): "over the weekend", "this weekend" is the
  latest weekend that has begun; "last weekend" the latest one already over, "the weekend
  before last" the one before it; "the weekend of January 27" the weekend of that week.
* Months: "in January", "January 2024", "early/mid/late January", "this month", "earlier
  this month", "last month", "the past month". A bare "May" or "March" counts only when it is
  the whole expression or follows a word such as "in"/"since"/"early", because both are
  also ordinary English words. Precision "month", the whole month (no narrowing for
  "early" or "late", which would guess where the article's boundary lies).
* Years: "in 2023", "2023", "this year", "earlier this year", "last year", "the past year".
  Precision "year". A span of years ("2022-23", "winter 2022-23") is longer than a year and
  refused. Years are 1900–2099 ("in 1500 raids" is a count). A clock time ("from 0400 GMT",
  "at 1930", "06:00", "from 0600 to 1800") is a time of day, never a year: it is ignored
  beside a date, and "since 0600 GMT" is the publication day.

* Arabic: the same rules read Arabic date words, which are first put into the English ones:
  weekdays ("يوم الأحد", "الأحد الماضي"), "أمس", "أول أمس", "اليوم", "الليلة الماضية",
  weeks, months and years ("الأسبوع الماضي", "الشهر الماضي"), "قبل يومين" / "قبل ثلاثة
  أيام", both month-name systems ("3 شباط", "3 فبراير", "تشرين الأول"), ordinal days
  ("السابع من أكتوبر") and Arabic-Indic digits. "منذ" is "since" ("منذ 7 أكتوبر") but "ago"
  before a count ("منذ يومين"); "خلال الـ24 ساعة الماضية" is the past 24 hours. Arabic names
  a night by the day it follows into ("ليلة الجمعة" is Thursday to Friday) though some
  outlets mean that day's evening, so "ليلة الجمعة" spans both nights; "ليل السبت - الأحد"
  is one night. Words that date the future or another event ("المقبل", "غدا", "التالي", "بعد
  يومين", "ذلك اليوم", "قبل ذلك") refuse the expression, as in English; "وذلك" alone ("and
  that was") does not. So do Hijri years ("رمضان 1445", "عام 1445 هـ", "in 1445 AH"), which
  are no Gregorian ones.
* French, Spanish, Portuguese, German, Ukrainian and Russian are put into the English words
  in the same way, accents and case aside (ё is е): weekdays in the forms news writes
  ("mardi soir", "el martes", "na terça-feira", "Dienstagabend", "у вівторок", "з вівторка",
  "во вторник"), "hier" / "ayer" / "gestern" / "вчора" and the like, "avant-hier",
  "aujourd'hui", "ce matin", month and day ("le 5 février 2024", "5 de febrero de 2024", "5.
  Februar", "5 лютого 2024 року"), a day alone ("le 5", "am 5.", "5-го числа"), "since"
  ("depuis", "desde", "seit", "з", "від", "с" before a date), counts back ("il y a trois
  jours", "vor drei Tagen", "три дні тому", "три дня назад") and "this" / "last" weeks,
  months, years and weekdays ("la semaine dernière", "минулого тижня", "на прошлой неделе",
  "el último martes", "na última terça-feira"), weekends ("le week-end dernier", "el fin de
  semana pasado", "am Wochenende", "минулих вихідних", "в минувшие выходные") and the past
  24 hours ("en las últimas 24 horas", "in den vergangenen 24 Stunden", "за минулу добу",
  "за последние сутки").
  A month name is read only beside a day, a year or a word such as "en", "im", "у", "début"
  ("en mars", "im Mai"), so "Mars" and "Julio" stay names. Nights: "in der Nacht zum
  Sonntag", "в ночь на вторник", "в ніч на неділю" are the night ending on that day (and "в
  ніч на 4 лютого" the night of 3 to 4 February), "dans la nuit de samedi à dimanche" and
  "в ночь с субботы на воскресенье" that one night, "вночі проти понеділка" / "вночі на 5
  лютого" the night into that day, "la noche del sábado" and "Samstagnacht"
  Saturday night; "la nuit de samedi" is either night beside Saturday, as "overnight
  Saturday"; "cette nuit", "esta noite", "heute Nacht", "цієї ночі", "этой ночью", "anoche"
  and "la nuit dernière" the night ending on publication, as are "dans la nuit", "in der
  Nacht", "вночі", "ночью", "pendant la nuit", "durante la noche" and "durante a noite";
  "esta noche" is tonight. Words that date the future or
  another event refuse the expression ("prochain", "próximo", "nächste", "наступного",
  "следующей", "le lendemain", "al día siguiente", "am nächsten Tag", "наступного дня", "на
  следующий день", "demain", "mañana" but not "esta mañana", "morgen" but not "heute
  Morgen", "через два дні", "ce jour-là").

Combining and refusing:

* Several resolvable dates combine. When the coarser ones (week, month, year) merely
  contain a finer one ("Friday, earlier this month"), the finer one wins; when a night
  contains its own evening, the night wins; otherwise the result is the span from the
  earliest start to the latest end, its precision set by its length (2–6 days "days",
  7 "week", up to 31 "month", up to 366 "year"; longer is refused). In a range ("between
  Friday and Sunday", "from January 30 to February 2", "from November to January") the
  earlier item is read as on or before the later one.
* Future or off-page references ("next week", "tomorrow", "the following day", "two days
  later", "that night", "every Friday") make the expression unresolvable, as does anything
  with no date words ("recently", "for months") or any part that does not resolve.
* A publication timestamp (a ``datetime``) is read as its date.
* Without a publication date only absolute expressions resolve (ISO, month-day with a
  year, "January 2024", "in 2023"); relative ones give None.
* Nothing resolves into the future: every interval is clipped to end on or before
  publication (keeping its precision: "this week" read on a Monday is that Monday,
  precision "week"), and one that would start after it is refused. A night or weekend
  clipped to its first day is precision "day". So "Monday night" (or "tonight") in an
  article published on Monday is Monday itself: a night that starts on the publication
  day is reported before it ends, and the previous week's Monday night would be a week
  off for the usual same-evening report.
* Month-day and month forms take "last year" / "this year" as their year ("7 October last
  year", "October last year"). "This December" read before December is a future month and
  refused.
* "The day before" and "two days earlier" count from publication, as the issue asks, but
  "the day before the attack" names another reference point and is refused.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import get_args

from conflictsum._types import DatePrecision
from conflictsum.models import EventDate

__all__ = ["names_a_night", "night_of", "resolve_date"]

_Span = tuple[date, date, DatePrecision]
# A builder reads one match. ``anchor`` is the latest date a calendar name (a weekday, a
# month) may fall on: publication, or the later end of a range. ``published`` is what
# words like "yesterday" count from.
_Builder = Callable[[re.Match[str], date | None, date | None], _Span | None]

_PRECISIONS: tuple[DatePrecision, ...] = get_args(DatePrecision)
_DAY = timedelta(days=1)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Spelled out: calendar.month_name follows the process locale.
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, start=1)} | {
    name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)
}
_MONTHS["sept"] = 9
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_TEENS = (
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_NUMBERS = (
    {word: i for i, word in enumerate(_NUMBER_WORDS, start=1)}
    | {word: i for i, word in enumerate(_TEENS, start=11)}
    | {"a": 1, "an": 1, "twenty": 20, "thirty": 30}
)
_ORDINAL_NAMES = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth",
)  # fmt: skip
_ORDINAL_WORDS = {word: i for i, word in enumerate(_ORDINAL_NAMES, start=1)} | {
    "twentieth": 20,
    "thirtieth": 30,
}
# "the fifth of February" is "the 5th of February"; only before "of" a month, as "the fifth
# such attack" or "the first January after the war" are no dates.
_ORDINAL_WORD = re.compile(
    rf"\b(?:(?P<tens>twenty|thirty)[\s-])?(?P<word>{'|'.join(_ORDINAL_WORDS)})\b"
    rf"(?=\s+of\s+(?:{'|'.join(_MONTHS)}|this\s+month|last\s+month)\b)",
    re.ASCII,
)


def _wd(name: str = "wd") -> str:
    return rf"(?P<{name}>{'|'.join(_WEEKDAYS)})\b"


def _mon(name: str = "mon", names: str = "|".join(sorted(_MONTHS, key=len, reverse=True))) -> str:
    return rf"(?P<{name}>{names})\b\.?"


def _dd(name: str = "day") -> str:
    return rf"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?\b"


def _yyyy(name: str = "year") -> str:
    # A year of this century or the last: "from 0600", "in 1500 raids" are no years.
    return rf"(?P<{name}>(?:19|20)\d\d)\b"


_QUAL = r"(?:(?:the\s+)?(?P<qual>last|this|past|previous|preceding)\s+)?"
_NUM = rf"(?P<n>\d{{1,3}}|{'|'.join(_NUMBERS)})"
_LAST = r"(?:last|previous|the\s+previous|the\s+preceding|this\s+past)"
_TO = r"(?:-|to|through|until|till)"
# "February 2 and 3" is a range only when nothing follows: "January 28 and 29 soldiers" is not.
_AND_END = r"(?:and|or)(?=\s*[0-3]?\d(?:st|nd|rd|th)?\b\s*(?:[,.;]|\d{4}\b|\Z))"
# The middle of a list of days, "3, 4 and 5 February": the range runs from first to last.
_MORE_DAYS = r"(?:\s*,\s*(?:the\s+)?[0-3]?\d(?:st|nd|rd|th)?\b)*"
_TIME_WORD = (
    rf"(?:day|night|morning|afternoon|evening|week|weekend|month|year|days|weeks|months|"
    rf"{'|'.join(_WEEKDAYS)}|{'|'.join(_MONTH_NAMES)})\b"
)
# Words that date something after publication, or relative to another event in the text.
_UNRESOLVABLE = re.compile(
    rf"\b(?:tomorrow|next\s+(?:(?:few|several|couple\s+of|\d+|{'|'.join(_NUMBER_WORDS)})\s+)?"
    rf"{_TIME_WORD}|(?:following|subsequent|coming|upcoming)\s+{_TIME_WORD}"
    rf"|the\s+(?:next|same)\s+{_TIME_WORD}|(?:days?|nights?|weeks?|months?|years?)\s+after\b"
    r"|(?:days?|nights?|weeks?|months?|years?|hours?)\s+later\b|later\s+(?:that|this|the|in)\b"
    rf"|that\s+{_TIME_WORD}|(?:every|each)\s+{_TIME_WORD}"
    r"|(?:days?|nights?|weeks?|weekends?|months?|years?)\s+(?:before|prior\s+to)\s+"
    r"(?:the|a|an|his|her|its|their|this)\b"
    # A Hijri year ("1445 AH") is no Gregorian one.
    r"|\d+\s*a\.?\s?h\b|hijri\b)",
    re.ASCII,
)
# What may stand between the two ends of a range ("Friday and Sunday", "30 Jan - 2 Feb").
_LINK = re.compile(
    r"[\s,]*(?:(?:-|to|and|until|till|through|thru|into|or)[\s,]*(?:(?:on|the|early|late)\s+)?)?"
)


_AGO_THEN = re.compile(
    rf"\b{_NUM}\s+(?P<unit>weeks?|months?|years?)\s+ago\b[\s,]*(?:on\s+)?", re.ASCII
)

# Words before the first date that turn it into a period: "since Friday", "the week of
# January 22".
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?\Z", re.ASCII)
_EVE_OF = re.compile(r"\bthe\s+eve\s+of\s+(?:the\s+)?\Z", re.ASCII)
_WEEK_OF = re.compile(
    r"\bweek(?P<end>end)?\s+(?:of|beginning|starting)\s+(?:on\s+)?(?:the\s+)?\Z", re.ASCII
)


def night_of(day: date) -> EventDate:
    """The night that begins on the evening of ``day`` and ends the next morning."""
    return EventDate(start=day, end=day + _DAY, precision="days")


def resolve_date(expression: str, published: date | None) -> EventDate | None:
    """The interval an article's date words denote, or None when they cannot be resolved."""
    if isinstance(published, datetime):
        published = published.date()  # a timestamp is read as its calendar date
    try:
        span = _resolved(_normalised(expression), published)
        if span is None:
            return None
        start, end, precision = span
        # The last word on the rule that no event is dated after its article.
        if published is not None and end > published:
            return None
        return EventDate(start=start, end=end, precision=precision, expression=expression)
    except (ValueError, OverflowError):
        # Arithmetic past date.min/date.max or an impossible calendar date: unresolvable.
        return None


def names_a_night(expression: str) -> bool:
    """Whether date words name a night ("overnight", "la nuit de samedi", "ليل السبت"), in
    any language this module reads."""
    return "night" in _normalised(expression)


def _normalised(expression: str) -> str:
    if _ARABIC_LETTER.search(expression):
        english = _from_arabic(expression)
    else:
        english = _from_european(expression)
    if english is None:
        return ""
    expression = english
    text = re.sub(r"\s+", " ", _NAMED_BY_A_DATE.sub(" ", expression).lower())
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u2018\u2019\u02bc`]", "'", text)
    text = re.sub(r"\b(?:a\s+)?fortnight\b", "two weeks", text)
    text = _CLOCK_RANGE.sub(_clock_range, text)
    text = _CLOCK.sub(" o'clock ", text)
    text = _WEEKDAY_ABBREVIATION.sub(lambda m: _WEEKDAY_NAMES[m[1]], text)
    text = _ORDINAL_WORD.sub(
        lambda m: f"{_NUMBERS.get(m['tens'] or '', 0) + _ORDINAL_WORDS[m['word']]}th", text
    )
    return re.sub(r"[^a-z0-9 \-/.,']", " ", text)


# A place, event or body named by a date ("May 9 Square", "the February 17 Revolution", "6th
# of October City"): a month and day before a capitalised naming noun, which is no date.
_NAMED_BY_A_DATE = re.compile(
    rf"(?i:\b(?:(?:{'|'.join(_MONTHS)})\.?\s*[0-3]?\d(?:st|nd|rd|th)?"
    rf"|[0-3]?\d(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{'|'.join(_MONTHS)})\.?))"
    r"\s+(?:Square|Street|Road|Avenue|City|Town|District|Camp|Bridge|Stadium|University"
    r"|Hospital|School|Airport|Mosque|Park|Revolution|Movement|Uprising|Brigades?|Front"
    r"|Coalition|Alliance|Group|Party|Agreement|Accords?)\b"
)
# A time of day: "06:00", or "0400" before "GMT"/"local"/"hrs" or after "at". Never a year.
_HHMM = r"(?:[01]\d|2[0-3])[0-5]\d"
_CLOCK = re.compile(
    rf"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])"
    rf"|\b{_HHMM}(?=\s*(?:gmt|utc|local|hrs|h|hours)\b)|(?<=\bat ){_HHMM}\b",
    re.ASCII,
)


# "From 0600 to 1800": two four-digit times, unless both could be years ("from 2020 to 2022").
_CLOCK_RANGE = re.compile(rf"\b({_HHMM})(\s*(?:-|to|until|till|and)\s*)({_HHMM})\b", re.ASCII)


def _clock_range(m: re.Match[str]) -> str:
    if all(1900 <= int(m[k]) <= 2099 for k in (1, 3)):
        return m[0]
    return f" o'clock{m[2]}o'clock "


# "On Tues.", "on Thurs": a weekday abbreviated, after "on" (never "sat", "wed" the verbs).
_WEEKDAY_NAMES = {day[:3]: day for day in _WEEKDAYS} | {
    "tues": "tuesday",
    "weds": "wednesday",
    "thur": "thursday",
    "thurs": "thursday",
}
_WEEKDAY_ABBREVIATION = re.compile(
    rf"(?<=\bon )({'|'.join(_WEEKDAY_NAMES)})\b\.?(?=[\s,]|\Z)", re.ASCII
)


# Arabic date words -------------------------------------------------------------------------
#
# Arabic outlets' date words are read by turning them into the English words the rules
# above read. Letters are first folded (hamza forms of alef, alef maqsura, taa marbuta,
# diacritics and tatweel), so both the tables and the text are written in folded form.

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": None}
    | {chr(c): None for c in range(0x064B, 0x0653)}  # diacritics
    | {chr(0x0660 + d): str(d) for d in range(10)}  # Arabic-Indic digits
    | {chr(0x06F0 + d): str(d) for d in range(10)}  # Persian digits
    | {"،": ",", "؛": ";"}
)
# Anything dated after publication or by another event: the whole expression is refused.
_ARABIC_REFUSED = re.compile(
    r"(?<![\u0621-\u064a])(?:[وبفل])?(?:غدا|المقبل|المقبله|القادم|القادمه|التالي|التاليه|لاحقا"
    r"|بعد|نفسه|كل)(?![\u0621-\u064a])"
    # "ذلك اليوم" (that day), "قبل ذلك" (before that); "وذلك يوم الثلاثاء" is "and that was".
    r"|(?<![\u0621-\u064a])[وبفل]?(?:ذلك|تلك)\s+ال|قبل\s+(?:ذلك|تلك)(?![\u0621-\u064a])"
    # A Hijri year: "1445 هـ", "هجري", or after a Hijri month ("رمضان 1445").
    r"|\d\s*ه(?![\u0621-\u064a])|هجري|للهجره"
    r"|(?:محرم|صفر|ربيع\s+\S+|جمادي\s+\S+|رجب|شعبان|رمضان|شوال|ذ[وي]\s+ال(?:قعده|حجه))\s+\d"
)
_ARABIC_WEEKDAYS = {
    "الاثنين": "monday",
    "الثلاثاء": "tuesday",
    "الاربعاء": "wednesday",
    "الخميس": "thursday",
    "الجمعه": "friday",
    "السبت": "saturday",
    "الاحد": "sunday",
}
_ARABIC_MONTHS = {
    # Levantine and Iraqi names (two-word ones first), then the Egyptian / Maghrebi ones.
    "كانون الثاني": "january",
    "تشرين الاول": "october",
    "تشرين الثاني": "november",
    "كانون الاول": "december",
    "شباط": "february",
    "اذار": "march",
    "نيسان": "april",
    "ايار": "may",
    "حزيران": "june",
    "تموز": "july",
    "اب": "august",
    "ايلول": "september",
    "يناير": "january",
    "فبراير": "february",
    "مارس": "march",
    "ابريل": "april",
    "مايو": "may",
    "يونيو": "june",
    "يونيه": "june",
    "يوليو": "july",
    "يوليه": "july",
    "اغسطس": "august",
    "سبتمبر": "september",
    "اكتوبر": "october",
    "نوفمبر": "november",
    "ديسمبر": "december",
}
_ARABIC_WD = "|".join(_ARABIC_WEEKDAYS)
_ARABIC_PHRASES: list[tuple[str, str]] = [
    # Nights. Arabic names a night by the day it precedes ("ليلة الجمعة" is Thursday to
    # Friday), though some outlets mean the evening of that day: read as "overnight Friday",
    # which spans both nights. "ليل السبت - الاحد" is the night of Saturday to Sunday.
    (
        rf"ليل[هة]?\s+({_ARABIC_WD})\s*(?:-|–|/|الي|علي)?\s*و?({_ARABIC_WD})",
        r" night of \1 to \2 ",
    ),
    (rf"ليل[هة]?\s+({_ARABIC_WD})", r" overnight \1 "),
    (r"الليله الماضيه|ليله امس|ليل امس|الليله قبل الماضيه", " last night "),
    (r"(?:اول\s+(?:من\s+)?|قبل\s+)امس|امس\s+الاول", " the day before yesterday "),
    (r"(?<![\u0621-\u064a])(?:[وبفل])?(?:الامس|امس|البارحه)(?![\u0621-\u064a])", " yesterday "),
    (r"(?<![\u0621-\u064a])(?:[وبفل])?اليوم(?![\u0621-\u064a])", " today "),
    (r"الاسبوع الماضي|الاسبوع المنصرم", " last week "),
    (r"هذا الاسبوع|الاسبوع الجاري|الاسبوع الحالي", " this week "),
    (r"الشهر الماضي|الشهر المنصرم", " last month "),
    (r"هذا الشهر|الشهر الجاري|الشهر الحالي", " this month "),
    (r"العام الماضي|السنه الماضيه|العام المنصرم", " last year "),
    (r"هذا العام|العام الجاري|العام الحالي|هذه السنه", " this year "),
    # Before a count, "منذ" (since) is "ago": "منذ يومين" is two days ago.
    (r"(?:قبل|منذ)\s+يومين", " two days ago "),
    (r"(?:قبل|منذ)\s+اسبوعين", " two weeks ago "),
    (rf"(?:قبل|منذ)\s+(?:يوم|يوم واحد)(?![\u0621-\u064a])(?!\s*(?:{_ARABIC_WD}))", " one day ago "),
    (r"(?:قبل|منذ)\s+اسبوع(?![\u0621-\u064a])", " a week ago "),
    (r"(?:قبل|منذ)\s+(\d+|[a-z]+)\s+(?:ايام|يوما)", r" \1 days ago "),
    (r"(?:قبل|منذ)\s+(\d+|[a-z]+)\s+(?:اسابيع|اسبوعا)", r" \1 weeks ago "),
    (r"(?:قبل|منذ)\s+(?:بضعه\s+)?ايام(?![\u0621-\u064a])", " a few days ago "),
    (r"(?<![\u0621-\u064a])منذ(?![\u0621-\u064a])", " since "),
    # "خلال الـ24 ساعة الماضية" / "الساعات الـ24 الماضية": the past 24 hours.
    (r"(?:ال\s*)?(\d+)\s+ساع(?:ه|ات)\s+(?:ال)?(?:ماضيه|اخيره)", r" the past \1 hours "),
    (r"الساعات\s+(?:ال\s*)?(\d+)\s+(?:ال)?(?:ماضيه|اخيره)", r" the past \1 hours "),
    (r"الساعات\s+(?:ال)?اربع\s+و\s*(?:ال)?عشرين\s+(?:ال)?(?:ماضيه|اخيره)", " the past 24 hours "),
    (rf"({_ARABIC_WD})\s+(?:الماضي|الفائت|المنصرم)", r" last \1 "),
]
_ARABIC_NUMBERS = {
    "ثلاث": "three",
    "اربع": "four",
    "خمس": "five",
    "ست": "six",
    "سبع": "seven",
    "ثمان": "eight",
    "ثماني": "eight",
    "تسع": "nine",
    "عشر": "ten",
}
_NOT_LETTER_BEFORE, _NOT_LETTER_AFTER = r"(?<![\u0621-\u064a])", r"(?![\u0621-\u064a])"
# Ordinal days, 1st to 31st, masculine or feminine: "السابع من أكتوبر" is 7 October.
_ARABIC_UNITS = (
    "الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
)  # fmt: skip
_ARABIC_20, _ARABIC_30 = "(?:العشرين|العشرون)", "(?:الثلاثين|الثلاثون)"
_ARABIC_ORDINALS = (
    {1: "الاولي?", 10: "العاشره?", 20: _ARABIC_20, 30: _ARABIC_30, 31: rf"الحاديه?\s+و{_ARABIC_30}"}
    | {n: f"{unit}ه?" for n, unit in enumerate(_ARABIC_UNITS[1:], start=2)}
    | {10 + n: rf"{unit}ه?\s+عشره?" for n, unit in enumerate(_ARABIC_UNITS, start=1)}
    | {20 + n: rf"{unit}ه?\s+و{_ARABIC_20}" for n, unit in enumerate(_ARABIC_UNITS, start=1)}
)
# Only before a month, so "كانون الثاني" and "الأسبوع الأول" keep their own meanings.
_ARABIC_MONTH_AHEAD = rf"(?=(?:{'|'.join(_ARABIC_MONTHS)}|الشهر){_NOT_LETTER_AFTER})"
# Weekdays (which start with the article) may carry a prefixed "and" / "on"; month and
# number words may not: "باب" (gate, as in Bab al-Hawa) is no "ب" + "آب" (August).
_ARABIC_RULES = [
    *(
        (
            re.compile(rf"{_NOT_LETTER_BEFORE}{word}\s+(?:من\s+)?{_ARABIC_MONTH_AHEAD}"),
            f" the {n}th of ",  # the rules read any suffix: "1th" is the 1st
        )
        for n, word in sorted(_ARABIC_ORDINALS.items(), reverse=True)
    ),
    *(
        (re.compile(rf"{_NOT_LETTER_BEFORE}{name}ه?{_NOT_LETTER_AFTER}"), f" {english} ")
        for name, english in _ARABIC_NUMBERS.items()
    ),
    *((re.compile(pattern), english) for pattern, english in _ARABIC_PHRASES),
    *(
        (re.compile(rf"{_NOT_LETTER_BEFORE}(?:[وبفل])?{name}{_NOT_LETTER_AFTER}"), f" {english} ")
        for name, english in _ARABIC_WEEKDAYS.items()
    ),
    *(
        (re.compile(rf"{_NOT_LETTER_BEFORE}{name}{_NOT_LETTER_AFTER}"), f" {english} ")
        for name, english in _ARABIC_MONTHS.items()
    ),
]
# "بعد الظهر" is the afternoon and "بعد منتصف الليل" after midnight, not "after" an event.
_ARABIC_TIME_OF_DAY = re.compile(r"بعد\s+(?:ال)?ظهر|بعد\s+منتصف\s+(?=(?:ال)?ليل)")


def fold_arabic(text: str) -> str:
    """Arabic text with letter variants folded, diacritics dropped and digits made ASCII."""
    return text.translate(_ARABIC_FOLD)


def _from_arabic(expression: str) -> str | None:
    """Arabic date words as the English words the rules read; None when they date the future."""
    text = _ARABIC_TIME_OF_DAY.sub(" ", fold_arabic(expression))
    if _ARABIC_REFUSED.search(text):
        return None
    for pattern, english in _ARABIC_RULES:
        text = pattern.sub(english, text)
    return text


# French, Spanish, Portuguese, German, Ukrainian and Russian date words -------------------
#
# As for Arabic, these are put into the English words the rules read, so that every rule
# applies to every language. The text is first folded (Latin accents dropped, ё read as е,
# apostrophes as '), so the tables are written folded; case is ignored. The Latin-script
# tables run on every expression without Cyrillic, English included, so none of them may
# change English: a month name is read only beside a day, a year or a preposition ("5 mars",
# "en mars", "Mai 2024"), and no abbreviation is read ("mar" is Tuesday in Spanish).

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_FOLD = str.maketrans({"ё": "е", "Ё": "Е", "\u02bc": "'", "\u2019": "'", "`": "'"})
_UNITS = ("day", "week", "month", "year", "hour", "night")
# Month names that are also English names are read only in lower case, as the languages
# write months: "Sept. 24 Marco Rubio said", "the Mars 2020 rover".
_NAMES = frozenset({"mars", "marco", "julio", "mayo"})
# A night named by the day it ends on: "в ніч на 4 лютого" is the night of 3 to 4 February.
# The 1st is left to "overnight on", which spans the nights either side.
_EVE = r"(?=(?P<eve>0?[2-9]|[12]\d|3[01])"
_Rewrite = tuple[re.Pattern[str], str]


@dataclass(frozen=True)
class _Language:
    words: dict[str, str]  # every form of a weekday, month, number or unit: its English word
    refused: re.Pattern[str]  # words that date the future or another event
    rewrites: tuple[_Rewrite, ...]  # its own phrases, then the shared ones
    # "since" and the weekday names, read once every language's rewrites are done: Spanish and
    # Portuguese share "desde" and "sábado", and "la noche del sábado" is a Spanish phrase.
    last: tuple[_Rewrite, ...]

    def rewritten(self, text: str, rewrites: tuple[_Rewrite, ...]) -> str:
        for pattern, template in rewrites:
            text = pattern.sub(partial(self._filled, template), text)
        return text

    def _filled(self, template: str, m: re.Match[str]) -> str:
        # A missing count is one: "тиждень тому" is a week ago.
        groups = m.groupdict()
        values = {k: "1" if v is None else self.words.get(v.lower(), v) for k, v in groups.items()}
        if groups.get("eve"):  # the night into the 4th began on the 3rd
            values["eve"] = str(int(values["eve"]) - 1)
        return template.format_map(values)


def _language(
    *,
    weekdays: tuple[str, ...],  # Monday first; one entry's forms joined by "|"
    months: tuple[str, ...],
    numbers: tuple[str, ...],  # one to ten, then the words for "a few"
    units: tuple[str, ...],  # as _UNITS
    this: str = "",  # before a noun
    last_before: str = "",  # "last", before a noun ("letzte Woche")
    last_after: str = "",  # and after it ("la semaine dernière")
    ago_before: str = "",  # "il y a trois jours"
    ago_after: str = "",  # "три дні тому"
    since: str,
    in_month: str,  # "in" before a month or a year; also "early" / "late", as in English
    refused: str,
    phrases: tuple[tuple[str, str], ...],  # the language's own, before the shared rewrites
) -> _Language:
    words: dict[str, str] = {}
    forms: dict[str, list[str]] = {}
    english = (_WEEKDAYS, _MONTH_NAMES, [*map(str, range(1, 11)), "a few"], _UNITS)
    for token, entries, names in zip(
        ("WD", "MON", "NUM", "UNIT"), (weekdays, months, numbers, units), english, strict=True
    ):
        for entry, name in zip(entries, names, strict=True):
            words |= dict.fromkeys(entry.split("|"), name)
            forms.setdefault(token, []).extend(entry.split("|"))
    forms["NOUN"] = (
        forms["WD"]
        + forms["MON"]
        + [form for entry in units[1:4] + units[5:] for form in entry.split("|")]
    )

    def expanded(pattern: str) -> str:
        for token in ("NOUN", "UNIT", "NUM", "MON", "WD"):
            names = sorted(forms[token], key=len, reverse=True)
            alternatives = (f"(?-i:{n})" if n in _NAMES else re.escape(n) for n in names)
            pattern = pattern.replace(token, f"(?:{'|'.join(alternatives)})")
        return pattern

    shared = (
        # "les 10 et 11 mars", "los días 10 y 11 de marzo", "10 і 11 березня": two days of
        # one month, as "10 and 11 March" (the first day alone would be read as no date).
        (
            r"\b(?P<a>[0-3]?\d)(?:st|nd|rd|th|er|[º°ª.]|-?го)?\s+(?:et|y|e|und|и|і|та|й)\s+"
            r"(?:(?:el|le|la|les|o|the|den)\s+)?"
            r"(?=[0-3]?\d(?:er|[º°ª.]|-?го)?\s*(?:de\s+)?MON\b)",
            "{a} and ",
        ),
        # "5 février", "5 de febrero de 2024", "5. Februar", "5 лютого", "1er mai". These two
        # also read English ("2024-02-29 April", "06:00 August 2024"): no spaces added.
        (
            r"\b(?P<day>[0-3]?\d)(?:er|[º°ª.]|-?го)?\s*(?:de\s+)?(?P<mon>MON)\b"
            r"(?:\s+del?(?=\s+\d{4}\b))?",
            "{day} {mon}",
        ),
        (r"\b(?P<mon>MON)\s+(?:del?\s+)?(?=\d{4}\b)", "{mon} "),
        (rf"\b(?:{in_month})[\s-]+(?P<mon>MON)\b", " in {mon} "),
        (rf"\b(?:{in_month})\s+(?=\d{{4}}\b)", " in "),
        (rf"\b(?:{since})\s+(?P<mon>MON)\b", " since {mon} "),
        (rf"\b(?:{ago_before})\s+(?:(?P<n>NUM)\s+)?(?P<unit>UNIT)\b", " {n} {unit}s ago "),
        (rf"\b(?:(?P<n>NUM)\s+)?(?P<unit>UNIT)\s+(?:{ago_after})\b", " {n} {unit}s ago "),
        (rf"\b(?:{this})\s+(?P<noun>NOUN)\b", " this {noun} "),
        (rf"\b(?:{last_before})\s+(?P<noun>NOUN)\b", " last {noun} "),
        (rf"\b(?P<noun>NOUN)\s+(?:{last_after})\b", " last {noun} "),
    )
    last = ((rf"\b(?:{since})", " since "), (r"\b(?P<wd>WD)\b", " {wd} "))

    def compiled(rewrites: tuple[tuple[str, str], ...]) -> tuple[_Rewrite, ...]:
        return tuple(
            (re.compile(expanded(pattern), re.IGNORECASE), template)
            for pattern, template in rewrites
            if "(?:)" not in pattern  # a word the language has none of
        )

    refusal = re.compile(expanded(rf"\b(?:{refused})\b"), re.IGNORECASE)
    return _Language(words, refusal, compiled((*phrases, *shared)), compiled(last))


# fmt: off
_FRENCH = _language(
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    months=("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
            "octobre", "novembre", "decembre"),
    numbers=("un|une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
             "quelques"),
    units=("jour|jours", "semaine|semaines", "mois", "an|ans|annee|annees", "heure|heures",
           "nuit|nuits"),
    this="ce|cet|cette",
    last_after="dernier|derniere|passe|passee",
    ago_before="il y a",
    since=r"depuis(?:\s+(?:le|la|les)\b|\s+l')?",
    in_month=r"en|debut|fin|mi|courant|mois\s+de",
    refused=r"prochaine?s?|suivante?s?|(?:apres-)?demain|lendemain|chaque|plus\s+tard"
    r"|apres(?!-midi)|(?:jour|nuit|soir|matin|semaine|mois|annee)-la",
    phrases=(
        (r"\bmardi\s+gras\b", " mardi_gras "),  # a feast, on no weekday of ours
        (r"\bavant-hier\b", " the day before yesterday "),
        (r"\bhier\b", " yesterday "),
        (r"\baujourd'hui\b", " today "),
        (r"\bce\s+matin\b", " this morning "),
        (r"\bce\s+soir\b", " this evening "),
        (r"\bcet\s+apres-midi\b", " this afternoon "),
        (r"\bcette\s+nuit\b", " last night "),
        (r"\bnuit\s+d[eu]\s+(?P<wd>WD)\s+au?\s+(?P<wd2>WD)\b", " the night of {wd} to {wd2} "),
        # "la nuit de samedi" may be either night beside Saturday, as "overnight Saturday".
        (r"\bnuit\s+d[eu]\s+(?P<wd>WD)\b", " overnight {wd} "),
        (r"\bnuit\s+du\s+(?=[0-3]?\d(?:er)?\s+MON)", " overnight on "),
        (r"\b(?:dans|pendant|durant|au\s+cours\s+de)\s+la\s+nuit\b(?!\s+(?:de|du|d')\b)",
         " overnight "),
        (r"\b(?:le\s+)?week-?end\s+(?:dernier|passe)\b", " last weekend "),
        (r"\b(?:ce|le)\s+week-?end\b", " the weekend "),
        (r"\b(?:au\s+cours\s+des|ces|les|des)\s+(?:dernieres|derniers)\s+(?P<n>\d+|NUM)\s+"
         r"(?P<unit>UNIT)", " the past {n} {unit}s "),
        (r"\bdu\s+(?P<a>[0-3]?\d)(?:er)?\s+au\s+(?P<b>[0-3]?\d)\b", " {a} to {b} "),
        (r"\ble\s+(?P<day>[0-3]?\d)(?:er)?\b(?!\s*MON\b)", " the {day}th "),
    ),
)
_SPANISH = _language(
    weekdays=("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"),
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
            "septiembre|setiembre", "octubre", "noviembre", "diciembre"),
    numbers=("un|uno|una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
             "diez", "unos|unas|algunos|algunas|pocos"),
    units=("dia|dias", "semana|semanas", "mes|meses", "ano|anos", "hora|horas", "noche|noches"),
    this="este|esta",
    last_before="pasado|pasada",
    last_after="pasado|pasada",
    ago_before="hace",
    since=r"desde(?:\s+(?:el|la|los|las|o|a|os|as)\b)?",  # read before Portuguese's
    in_month=r"en|principios\s+de|mediados\s+de|finales\s+de|(?:el\s+)?mes\s+de",
    refused=r"proxim[oa]s?|siguientes?|(?<!esta )(?<!la )manana|despues|mas\s+tarde|cada"
    r"|que\s+viene|(?:ese|esa|aquel|aquella|mism[oa])\s+(?:dia|noche|semana|mes|ano|tarde)",
    phrases=(
        # A city, not a Sunday; Spanish is read before Portuguese, which has the same word.
        (r"\bsanto\s+domingo\b", " santo_domingo "),
        (r"\b(?:anteayer|antier|antes\s+de\s+ayer)\b", " the day before yesterday "),
        (r"\b(?:anoche|ayer\s+(?:por|en)\s+la\s+noche)\b", " last night "),
        (r"\bayer\b", " yesterday "),
        (r"\bhoy\b", " today "),
        (r"\besta\s+(?:manana|madrugada)\b", " this morning "),
        (r"\besta\s+tarde\b", " this afternoon "),
        (r"\besta\s+noche\b", " tonight "),
        (r"\bnoche\s+del?\s+(?P<wd>WD)\s+al?\s+(?P<wd2>WD)\b", " the night of {wd} to {wd2} "),
        (r"\bnoche\s+del?\s+(?P<wd>WD)\b", " {wd} night "),
        (r"\bnoche\s+del\s+(?=[0-3]?\d\s+de\s+MON)", " the night of "),
        (r"\b(?P<wd>WD)\s+(?:por|en)\s+la\s+noche\b", " {wd} night "),
        (r"\b(?:durante|en)\s+la\s+(?:noche|madrugada)\b(?!\s+del?\b)", " overnight "),
        (r"\b(?:el\s+)?(?:pasado\s+fin\s+de\s+semana|fin\s+de\s+semana\s+pasado)\b",
         " last weekend "),
        (r"\b(?:el|este)\s+fin\s+de\s+semana\b", " the weekend "),
        (r"\b(?:en\s+)?(?:las|los)\s+ultim[oa]s\s+(?P<n>\d+|NUM)\s+(?P<unit>UNIT)",
         " the past {n} {unit}s "),
        (r"\b(?:en\s+)?la\s+ultima\s+semana\b", " the past week "),
        (r"\b(?:el\s+)?ultimo\s+(?P<wd>WD)\b", " last {wd} "),
        (r"\bdel\s+(?P<a>[0-3]?\d)\s+al\s+(?P<b>[0-3]?\d)\b", " {a} to {b} "),
        (r"\bel\s+dia\s+(?P<day>[0-3]?\d)\b(?!\s*(?:de\s+)?MON\b)", " the {day}th "),
    ),
)
_PORTUGUESE = _language(
    weekdays=(*(f"{day}-feira|{day} feira" for day in ("segunda", "terca", "quarta", "quinta",
                                                        "sexta")), "sabado", "domingo"),
    months=("janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto",
            "setembro", "outubro", "novembro", "dezembro"),
    numbers=("um|uma", "dois|duas", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove",
             "dez", "alguns|algumas|poucos"),
    units=("dia|dias", "semana|semanas", "mes|meses", "ano|anos", "hora|horas", "noite|noites"),
    this="este|esta|neste|nesta|deste|desta",
    last_after="passado|passada",
    ago_before="ha|faz",
    ago_after="atras",
    since=r"desde(?:\s+(?:o|a|os|as)\b)?",
    in_month=r"em|inicio\s+de|meados\s+de|fim\s+de|final\s+de|(?:no\s+)?mes\s+de",
    refused=r"proxim[oa]s?|seguintes?|amanha|depois|mais\s+tarde|cada|que\s+vem|(?:esse|essa"
    r"|nesse|nessa|aquele|aquela|naquele|naquela|mesm[oa])\s+(?:dia|noite|semana|mes|ano)",
    phrases=(
        (r"\banteontem\b", " the day before yesterday "),
        (r"\bontem\s+(?:a|de)\s+noite\b", " last night "),
        (r"\bontem\b", " yesterday "),
        (r"\bhoje\b", " today "),
        (r"\b(?:esta|nesta)\s+(?:manha|madrugada)\b", " this morning "),
        (r"\b(?:esta|nesta)\s+tarde\b", " this afternoon "),
        (r"\b(?:esta|nesta)\s+noite\b", " last night "),
        (r"\bnoite\s+de\s+(?P<wd>WD)\s+para\s+(?P<wd2>WD)\b", " the night of {wd} to {wd2} "),
        (r"\bnoite\s+de\s+(?P<wd>WD)\b", " {wd} night "),
        (r"\bnoite\s+de\s+(?=[0-3]?\d\s+de\s+MON)", " the night of "),
        (r"\b(?P<wd>WD)\s+(?:a|de)\s+noite\b", " {wd} night "),
        (r"\b(?:durante\s+a|na|de)\s+(?:noite|madrugada)\b(?!\s+(?:d[eoa]s?|dest[ea])\b)",
         " overnight "),
        (r"\b(?:n?o\s+)?(?:ultimo\s+fim\s+de\s+semana|fim\s+de\s+semana\s+passado)\b",
         " last weekend "),
        (r"\b(?:n?o|neste|este)\s+fim\s+de\s+semana\b", " the weekend "),
        (r"\b(?:n?as|n?os)\s+ultim[oa]s\s+(?P<n>\d+|NUM)\s+(?P<unit>UNIT)",
         " the past {n} {unit}s "),
        (r"\b(?:n?a\s+)?ultima\s+semana\b", " the past week "),
        (r"\b(?:n?[oa]\s+)?ultim[oa]\s+(?P<wd>WD)\b", " last {wd} "),
        (r"\bno\s+dia\s+(?P<day>[0-3]?\d)\b(?!\s*(?:de\s+)?MON\b)", " the {day}th "),
    ),
)
_GERMAN = _language(
    weekdays=("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag|sonnabend",
              "sonntag"),
    months=("januar|janner", "februar", "marz", "april", "mai", "juni", "juli", "august",
            "september", "oktober", "november", "dezember"),
    numbers=("ein|eine|einem|einer|einen", "zwei", "drei", "vier", "funf", "sechs", "sieben",
             "acht", "neun", "zehn", "einigen|wenigen"),
    units=("tag|tage|tagen", "woche|wochen", "monat|monate|monaten", "jahr|jahre|jahren",
           "stunde|stunden", "nacht|nachte|nachten"),
    this=r"diese[nmrs]?|in\s+diesem",
    last_before=r"(?:im\s+|am\s+)?(?:letzte|vergangene|vorige)[nmrs]?",
    ago_before="vor",
    since=r"seit(?:\s+(?:dem|der|den)\b)?",
    in_month=r"im|anfang|mitte|ende",
    # "morgen" is tomorrow, but "heute Morgen" / "Dienstagmorgen" a morning.
    refused=r"(?:nachste|kommende|folgende|darauffolgende)[nmrs]?|ubermorgen"
    r"|(?<!heute )(?<!gestern )(?<!am )morgen|spater|danach|darauf|jede[nmrs]?"
    r"|tag(?:e|en)?\s+nach|(?:diesem|jenem|selben|gleichen)\s+(?:tag|abend|morgen|nacht)",
    phrases=(
        (r"\b(?P<wd>WD)\s*nacht\b", " {wd} night "),
        (r"\b(?P<wd>WD)(?:abend|morgen|fruh|vormittag|nachmittag|mittag)\b", " {wd} "),
        (r"\bnacht\s+vo[nm]\s+(?P<wd>WD)\s+(?:auf|zum|zu)\s+(?P<wd2>WD)\b",
         " the night of {wd} to {wd2} "),
        (r"\bnacht\s+(?:zum|zu|auf)\s+(?P<wd>WD)\b", " overnight into {wd} "),
        (rf"\bnacht\s+(?:zum|auf\s+den)\s+{_EVE}\.\s*MON)", " the night of {eve} to "),
        (r"\bnacht\s+(?:zum|auf\s+den)\s+(?=[0-3]?\d\.)", " overnight on "),
        (r"\b(?:heute|diese)\s+nacht\b", " last night "),
        (r"\bin\s+der\s+nacht\b", " overnight "),
        (r"\b(?:am\s+)?(?:letzten|vergangenen|vorigen)\s+wochenende\b", " last weekend "),
        (r"\b(?:am|an\s+diesem|dieses)\s+wochenende\b", " the weekend "),
        (r"\b(?:in\s+den\s+)?(?:letzten|vergangenen)\s+(?P<n>\d+|NUM)\s+(?P<unit>UNIT)",
         " the past {n} {unit}s "),
        (r"\bvorgestern\b", " the day before yesterday "),
        (r"\bgestern\b", " yesterday "),
        (r"\bheute\b", " today "),
        (r"\bim\s+jahre?\s+(?=\d{4}\b)", " in "),
        (r"\bvom\s+(?P<a>[0-3]?\d)\.\s+bis\s+(?:zum\s+)?(?P<b>[0-3]?\d)\.", " {a} to {b} "),
        (r"\bam\s+(?P<day>[0-3]?\d)\.(?!\d|\s*MON\b)", " on the {day}th "),
    ),
)
# Ukrainian and Russian weekdays and months in the cases news writes them in: "у вівторок",
# "з вівторка"; "5 лютого", "у лютому", "лютий 2024".
_UKRAINIAN = _language(
    weekdays=("понеділок|понеділка", "вівторок|вівторка", "середа|середу|середи",
              "четвер|четверга", "п'ятниця|п'ятницю|п'ятниці", "субота|суботу|суботи",
              "неділя|неділю|неділі"),
    months=("січня|січні|січень", "лютого|лютому|лютий", "березня|березні|березень",
            "квітня|квітні|квітень", "травня|травні|травень", "червня|червні|червень",
            "липня|липні|липень", "серпня|серпні|серпень", "вересня|вересні|вересень",
            "жовтня|жовтні|жовтень", "листопада|листопаді|листопад", "грудня|грудні|грудень"),
    numbers=("один|одну|одна", "два|дві", "три", "чотири", "п'ять", "шість", "сім", "вісім",
             "дев'ять", "десять", "кілька|декілька"),
    units=("день|дні|днів|доба|добу|доби|діб", "тиждень|тижні|тижнів|тижня",
           "місяць|місяці|місяців|місяця", "рік|роки|років|року", "година|годину|години|годин",
           "ніч|ночі"),
    this="цього|цієї|цей|цю|цьому",
    last_before="минулого|минулої|минулий|минулу|минулому",
    ago_after="тому",
    # "з" is also "with" and "від" "from": "since" only before a date (by now in English).
    since=r"(?:з|із|зі|від)(?=\s+(?:[\da-z]|WD|MON))",
    in_month=r"у|в|на\s+початку|наприкінці|[ув]\s+середині|[ув]\s+кінці",
    refused=r"завтра|післязавтра|наступн\w*|пізніше|згодом|кожн\w*|через\s+(?:NUM\s+)?UNIT"
    r"|після(?!\s+(?:обіду|полудня|опівночі))|того\s+ж|того\s+(?:дня|вечора|ранку)|тієї\s+ночі"
    r"|тоді",
    phrases=(
        (r"\bпозавчора\b", " the day before yesterday "),
        (r"\b[ву]чора\b", " yesterday "),
        (r"\b(?:сьогодні\s+[ву]ночі|цієї\s+ночі)\b", " last night "),
        (r"\bсьогодні\b", " today "),
        (r"\bніч\s+(?:з|із|зі)\s+(?P<wd>WD)\s+на\s+(?P<wd2>WD)\b", " the night of {wd} to {wd2} "),
        # "в ніч на" and "вночі проти": the night into that day or date.
        (r"\b(?:ніч|[ву]ночі)\s+(?:на|проти)\s+(?P<wd>WD)\b", " overnight into {wd} "),
        (rf"\b(?:ніч|[ву]ночі)\s+(?:на|проти)\s+{_EVE}\s*MON)", " the night of {eve} to "),
        (r"\b(?:ніч|[ву]ночі)\s+(?:на|проти)\s+(?=[0-3]?\d)", " overnight on "),
        (r"\b[ву]ночі\b", " overnight "),
        (r"\b(?:за|протягом)\s+(?:минулої|минулу|останню|останньої)?\s*(?:доби|добу)\b",
         " the past day "),
        (r"\bза\s+останні\s+(?P<n>\d+|NUM)\s+(?P<unit>UNIT)", " the past {n} {unit}s "),
        (r"\b(?:минулих|минулі)\s+вихідн(?:их|і)\b", " last weekend "),
        (r"\b(?:[ву]|на|цих|ці)\s+вихідн(?:их|і)\b", " the weekend "),
        (r"\b(?:з|із|від)\s+початку\s+(?:цього\s+)?року\b", " since the start of the year "),
        (r"\b(?P<day>[0-3]?\d)-?го(?=\s*(?:числа\b|[,.]|$))", " the {day}th "),
    ),
)
_RUSSIAN = _language(
    weekdays=("понедельник|понедельника", "вторник|вторника", "среда|среду|среды",
              "четверг|четверга", "пятница|пятницу|пятницы", "суббота|субботу|субботы",
              "воскресенье|воскресенья"),
    months=("января|январе|январь", "февраля|феврале|февраль", "марта|марте|март",
            "апреля|апреле|апрель", "мая|мае|май", "июня|июне|июнь", "июля|июле|июль",
            "августа|августе|август", "сентября|сентябре|сентябрь", "октября|октябре|октябрь",
            "ноября|ноябре|ноябрь", "декабря|декабре|декабрь"),
    numbers=("один|одну|одна", "два|две", "три", "четыре", "пять", "шесть", "семь", "восемь",
             "девять", "десять", "несколько"),
    units=("день|дня|дней|сутки|суток", "неделя|неделю|недели|недель|неделе",
           "месяц|месяца|месяцев|месяце", "год|года|лет|году", "час|часа|часов",
           "ночь|ночи|ночью"),
    this="этот|эту|этой|этом|этого",
    last_before="прошлый|прошлую|прошлой|прошлом|прошлого|минувший|минувшей|минувшем",
    ago_after="назад",
    since=r"с(?=\s+(?:[\da-z]|WD|MON))",  # also "with": "since" only before a date
    in_month=r"в|в\s+начале|в\s+середине|в\s+конце",
    refused=r"завтра|послезавтра|следующ\w*|предстоящ\w*|позже|позднее|спустя|кажд\w*"
    r"|через\s+(?:NUM\s+)?UNIT|после(?!\s+(?:обеда|полудня|полуночи))|т(?:от|ого|ой)\s+же"
    r"|в\s+тот\s+день|той\s+ночью|в\s+ту\s+ночь|тогда",
    phrases=(
        (r"\bпозавчера\b", " the day before yesterday "),
        (r"\bвчера\b", " yesterday "),
        (r"\b(?:сегодня|этой)\s+ночью\b", " last night "),
        (r"\bсегодня\b", " today "),
        (r"\bночь\s+с\s+(?P<wd>WD)\s+на\s+(?P<wd2>WD)\b", " the night of {wd} to {wd2} "),
        (r"\bночь\s+на\s+(?P<wd>WD)\b", " overnight into {wd} "),
        (rf"\bночь\s+на\s+{_EVE}\s*MON)", " the night of {eve} to "),
        (r"\bночь\s+на\s+(?=[0-3]?\d)", " overnight on "),
        (r"\bночью\b", " overnight "),
        (r"\b(?:за|в\s+течение)\s+(?:последние|минувшие|прошедшие|прошлые)?\s*сутки\b",
         " the past day "),
        (r"\bза\s+последние\s+(?P<n>\d+|NUM)\s+(?P<unit>UNIT)", " the past {n} {unit}s "),
        (r"\b(?:в\s+)?(?:минувшие|прошлые|прошедшие)\s+выходные\b", " last weekend "),
        (r"\b(?:в|на|эти)\s+выходн(?:ые|ых)\b", " the weekend "),
        (r"\bс\s+начала\s+(?:этого\s+)?года\b", " since the start of the year "),
        (r"\b(?P<day>[0-3]?\d)-?го(?=\s*(?:числа\b|[,.]|$))", " the {day}th "),
    ),
)
# fmt: on
_LATIN_LANGUAGES = (_FRENCH, _SPANISH, _PORTUGUESE, _GERMAN)
_CYRILLIC_LANGUAGES = (_UKRAINIAN, _RUSSIAN)


def _fold(text: str) -> str:
    """Latin accents dropped (é, ñ, ü), ё as е, apostrophes as ' and spaces as one."""
    text = unicodedata.normalize("NFD", text.translate(_FOLD))
    text = unicodedata.normalize("NFC", re.sub(r"(?<=[A-Za-z])[\u0300-\u036f]+", "", text))
    return re.sub(r"\s+", " ", text)


def _from_european(expression: str) -> str | None:
    """The six languages' date words as English ones; None when they date the future."""
    text = _fold(expression)
    cyrillic = _CYRILLIC.search(text) is not None
    languages = _CYRILLIC_LANGUAGES if cyrillic else _LATIN_LANGUAGES
    if any(language.refused.search(text) for language in languages):
        return None
    for language in languages:
        text = language.rewritten(text, language.rewrites)
    for language in languages:
        text = language.rewritten(text, language.last)
    if cyrillic:  # what is left is no date word, and would only part the English ones
        text = re.sub(r"[\u0400-\u04ff]+(?:'[\u0400-\u04ff]+)*", " ", text)
    return text


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    build: Callable[[date | None, date | None], _Span | None]


def _resolved(text: str, published: date | None) -> _Span | None:
    if _UNRESOLVABLE.search(text):
        return None
    ago = _AGO_THEN.search(text)
    if ago is not None and published is not None:
        # "a year ago today", "two weeks ago Sunday", "a year ago, on October 7": the rest is
        # read as it was written that long before publication.
        then = _back(published, _count(ago), ago["unit"].rstrip("s"))
        rest = _resolved(text[: ago.start()] + " " + text[ago.end() :], then)
        if rest is not None:
            return rest
    mentions = _mentions(text)
    spans: list[_Span] = []
    later: _Mention | None = None
    for mention in reversed(mentions):
        linked = later is not None and _LINK.fullmatch(text, mention.end, later.start)
        anchor = spans[-1][1] if linked else published
        span = mention.build(anchor, published)
        if span is not None and _EVE_OF.search(text, 0, mention.start):
            # "On the eve of February 24": the day before that day (of a longer span, none).
            span = (span[0] - _DAY, span[0] - _DAY, "day") if span[0] == span[1] else None
        if span is not None and published is not None:
            span = _clipped(span, published)
        if span is None:
            return None
        spans.append(span)
        later = mention
    if not spans:
        return None
    combined = _combined(spans)
    if combined is None:
        return None
    before = text[: mentions[0].start]
    if _SINCE.search(before) or text.startswith("since", mentions[0].start):
        # "since Friday": from then until the article was written.
        return None if published is None else _counted(combined[0], published)
    week_of = _WEEK_OF.search(before)
    if week_of and combined[2] in ("day", "days"):
        # "the week of January 22", "the weekend of January 27-28": the one holding that day.
        monday = _monday(combined[0])
        week: _Span = (
            (monday + 5 * _DAY, monday + 6 * _DAY, "days")
            if week_of["end"]
            else (monday, monday + 6 * _DAY, "week")
        )
        return week if published is None else _clipped(week, published)
    return combined


def _mentions(text: str) -> list[_Mention]:
    """Every date phrase in ``text``; earlier rules claim their words before later ones."""
    found: list[_Mention] = []
    for pattern, builder in _RULES:
        for m in pattern.finditer(text):
            found.append(_Mention(m.start(), m.end(), partial(builder, m)))
            # Masking keeps offsets, so "January 28, 2024" is not read again as "2024".
            text = text[: m.start()] + "#" * (m.end() - m.start()) + text[m.end() :]
    return sorted(found, key=lambda mention: mention.start)


def _clipped(span: _Span, published: date) -> _Span | None:
    """The part of ``span`` up to publication, or None when it all lies after it."""
    start, end, precision = span
    if start > published:
        return None
    end = min(end, published)
    # A night or weekend cut down to its first day is that day; a week, month or year so
    # far keeps the precision the article gave.
    return (start, end, "day" if start == end and precision == "days" else precision)


def _combined(spans: list[_Span]) -> _Span | None:
    widest_first = sorted(set(spans), key=lambda s: (s[0] - s[1], s[0]))
    while len(widest_first) > 1 and widest_first[0][2] in ("week", "month", "year"):
        if not all(_within(s, widest_first[0]) for s in widest_first[1:]):
            break
        widest_first.pop(0)
    widest = widest_first[0]
    if all(_within(s, widest) for s in widest_first[1:]):
        return widest
    start = min(s[0] for s in spans)
    end = max(s[1] for s in spans)
    by_length = _precision_of(start, end)
    if by_length is None:
        return None
    return (start, end, max([by_length, *(s[2] for s in spans)], key=_PRECISIONS.index))


def _within(inner: _Span, outer: _Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


_LONGEST: tuple[tuple[int, DatePrecision], ...] = (
    (1, "day"),
    (6, "days"),
    (7, "week"),
    (31, "month"),
    (366, "year"),
)


def _precision_of(start: date, end: date) -> DatePrecision | None:
    days = (end - start).days + 1
    return next((precision for limit, precision in _LONGEST if days <= limit), None)


def _counted(start: date, end: date) -> _Span | None:
    precision = _precision_of(start, end)
    return None if precision is None else (start, end, precision)


# Calendar helpers -------------------------------------------------------------------------


def _weekday(name: str, anchor: date, qualifier: str | None = None) -> date:
    back = (anchor.weekday() - _WEEKDAYS.index(name)) % 7
    if back == 0 and qualifier not in (None, "this"):
        back = 7
    return anchor - timedelta(days=back)


def _month_span(year: int, month: int) -> _Span:
    last = calendar.monthrange(year, month)[1]
    return (date(year, month, 1), date(year, month, last), "month")


def _latest(month: int, day: int, anchor: date) -> date | None:
    """The latest ``month``/``day`` on or before ``anchor``, looking back past leap years."""
    for year in range(anchor.year, max(anchor.year - 8, 0), -1):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) <= anchor:
            return date(year, month, day)
    return None


def _back(day: date, n: int, unit: str) -> date:
    """``day`` ``n`` weeks, months or years earlier (the 31st a month back is the 30th or so)."""
    if unit == "week":
        return day - timedelta(weeks=n)
    year, month = divmod(day.year * 12 + day.month - 1 - n * (12 if unit == "year" else 1), 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _night(start: date) -> _Span:
    return (start, start + _DAY, "days")


def _one_day(day: date) -> _Span:
    return (day, day, "day")


def _group(m: re.Match[str], *names: str) -> str | None:
    """The first of several alternative groups that took part in the match."""
    return next((m[name] for name in names if name in m.re.groupindex and m[name]), None)


# Builders ---------------------------------------------------------------------------------


def _iso(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    return _one_day(date(int(m["year"]), int(m["mon"]), int(m["day"])))


def _numeric(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    a, b, stated = int(m["a"]), int(m["b"]), _group(m, "year")
    if stated is None:  # "28/1": the latest such day by the anchor, read either way
        if anchor is None:
            return None
        day_first = _latest(b, a, anchor) if 1 <= b <= 12 and a >= 1 else None
        month_first = _latest(a, b, anchor) if 1 <= a <= 12 and b >= 1 else None
    else:
        year = int(stated) + (2000 if len(stated) == 2 else 0)  # "28/1/24"
        day_first, month_first = _valid_date(year, b, a), _valid_date(year, a, b)
    # Dotted dates (04.02.2024) are day-first wherever they are written; a slash or a dash
    # is either, so a reading after publication is ruled out and the other must be alone.
    readings = {day_first} if m[2] == "." else {day_first, month_first}
    readings.discard(None)
    if published is not None and len(readings) > 1:
        readings = {r for r in readings if r is not None and r <= published}
    if len(readings) != 1:
        return None  # 1/2/2024 read in March: 1 February or 2 January, nothing says which.
    (only,) = readings
    return None if only is None else _one_day(only)


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _calendar_day(
    m: re.Match[str], month: int, day: int, anchor: date | None, published: date | None
) -> date | None:
    year, relative = _group(m, "year", "year2", "year3"), _group(m, "rel", "rel2")
    if year is not None:
        return date(int(year), month, day)
    if relative is not None:
        return None if published is None else date(_year_of(relative, published), month, day)
    return None if anchor is None else _latest(month, day, anchor)


def _year_of(relative: str, published: date) -> int:
    return published.year - (relative == "last")


def _dated(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    month = _MONTHS[_group(m, "mon", "mon2") or ""]
    day = _calendar_day(m, month, int(_group(m, "day", "day2") or 0), anchor, published)
    if day is None or (m["wd"] and day.weekday() != _WEEKDAYS.index(m["wd"])):
        return None
    if m["overnight"]:  # "overnight on January 28": either night beside it, as for a weekday
        return (day - _DAY, day + _DAY, "days")
    if m["into"]:  # "overnight into February 5": the night ending that morning
        return (day - _DAY, day, "days")
    return _night(day) if m["nightof"] or m["wdnight"] else _one_day(day)


def _day_range(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    first, last = int(m["first"]), int(m["last"])
    # The year is the first day's: a range still under way when the article appeared is
    # this year's, clipped, not last year's.
    start = _calendar_day(m, _MONTHS[m["mon"]], first, anchor, published)
    if start is None or first >= last:
        return None
    return _counted(start, start.replace(day=last))


def _night_across_months(
    m: re.Match[str], anchor: date | None, published: date | None
) -> _Span | None:
    """ "Overnight Jan. 31-Feb. 1": that night, when the two days follow each other."""
    last = _calendar_day(m, _MONTHS[m["mon2"]], int(m["last"]), anchor, published)
    if last is None:
        return None
    first = last - _DAY
    if (first.month, first.day) != (_MONTHS[m["mon"]], int(m["first"])):
        return None
    return _night(first)


def _year_of_month(
    m: re.Match[str], month: int, anchor: date | None, published: date | None
) -> int | None:
    """The stated year ("2024", "last year"), else that of the latest such month by ``anchor``."""
    if m["year"] is not None:
        return int(m["year"])
    if m["rel"] is not None:
        return None if published is None else _year_of(m["rel"], published)
    if anchor is None:
        return None
    return anchor.year if month <= anchor.month else anchor.year - 1


def _month_year(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    month = _MONTHS[m["mon"]]
    year = _year_of_month(m, month, anchor, published)
    return None if year is None else _month_span(year, month)


def _month_range(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    first, last = _MONTHS[m["mon"]], _MONTHS[m["mon2"]]
    end_year = _year_of_month(m, last, anchor, published)
    if end_year is None or first == last:
        return None
    start_year = end_year if first < last else end_year - 1
    return _counted(_month_span(start_year, first)[0], _month_span(end_year, last)[1])


def _year_range(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    first = int(m["year"])
    last = int(m["year2"]) if m["year2"] else first // 100 * 100 + int(m["yy"])  # "2022-23"
    return None if first >= last else _counted(date(first, 1, 1), date(last, 12, 31))


def _named_month(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if anchor is None:
        return None
    month = _MONTHS[m["mon"]]
    if _group(m, "this") and month > anchor.month:
        return None
    # "last January" read in January is a year ago; "in January" is this one, so far.
    this_year = month < anchor.month or (month == anchor.month and not _group(m, "last"))
    return _month_span(anchor.year if this_year else anchor.year - 1, month)


def _weekday_of_week(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if published is None:
        return None
    monday = _monday(published) - timedelta(days=0 if m["which"] == "this" else 7)
    day = monday + timedelta(days=_WEEKDAYS.index(m["wd"]))
    return _night(day) if m["night"] else _one_day(day)


def _weekday_night(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if anchor is None:
        return None
    if _group(m, "wd2") and _WEEKDAYS.index(m["wd2"]) != (_WEEKDAYS.index(m["wd"]) + 1) % 7:
        return None  # "the night of Saturday to Monday" is not one night.
    return _night(_weekday(m["wd"], anchor, _group(m, "qual")))


def _overnight_into(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if anchor is None:
        return None
    morning = _weekday(m["wd"], anchor)
    return (morning - _DAY, morning, "days")


def _overnight_on(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if anchor is None:
        return None
    day = _weekday(_group(m, "wd", "wd2") or "", anchor)
    return (day - _DAY, day + _DAY, "days")


def _weekday_only(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if anchor is None:
        return None
    day = _weekday(m["wd"], anchor, _group(m, "qual"))
    return _one_day(day - timedelta(days=7) if m["before_last"] else day)


def _nights_back(nights: int) -> _Builder:
    def build(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
        return None if published is None else _night(published - timedelta(days=nights))

    return build


def _days_back(days: int) -> _Builder:
    def build(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
        return None if published is None else _one_day(published - timedelta(days=days))

    return build


def _count(m: re.Match[str]) -> int:
    return _NUMBERS.get(m["n"]) or int(m["n"])


def _ago(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    n = _count(m)
    if published is None or n == 0:
        return None
    unit = m["unit"].rstrip("s")
    if unit == "day":
        return _one_day(published - timedelta(days=n))
    if unit == "night":
        return _night(published - timedelta(days=n))
    if unit == "hour":
        # "6 hours ago" may fall on the eve of publication; "48 hours ago" is two days back.
        earliest = published - timedelta(days=-(-n // 24))
        return _counted(earliest, published - timedelta(days=n // 24))
    if unit == "week":
        middle = published - timedelta(days=7 * n)
        return (middle - timedelta(days=3), middle + timedelta(days=3), "week")
    middle = _back(published, n, unit)  # "six months ago": the month around that day
    return (middle - timedelta(days=15), middle + timedelta(days=15), "month")


def _few_days_ago(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    """ "A few days ago": some day of the week before publication's eve."""
    return None if published is None else _counted(published - 7 * _DAY, published - _DAY)


def _day_of_month(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    """ "On the 4th", "Monday the 4th": the latest 4th on or before the anchor (and a Monday);
    "the 4th of last month" that month's."""
    day, which = int(m["day"]), m["which"]
    latest = published if which else anchor
    if latest is None or not 1 <= day <= 31:
        return None
    year, month = latest.year, latest.month
    if which not in (None, "this"):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    for _ in range(1 if which else 3):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) <= latest:
            found = date(year, month, day)
            if m["wd"] and found.weekday() != _WEEKDAYS.index(m["wd"]):
                return None  # "Monday the 5th" when the 5th was a Tuesday
            return _one_day(found)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _past_count(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    n = _count(m)
    if published is None or n == 0:
        return None
    unit = m["unit"]
    days = -(-n // 24) if unit.startswith("h") else n - 1 if unit == "days" else 7 * n - 1
    return _counted(published - timedelta(days=days), published)


def _trailing(days: int, precision: DatePrecision) -> _Builder:
    def build(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
        return (
            None if published is None else (published - timedelta(days=days), published, precision)
        )

    return build


def _holiday(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    """A fixed-date holiday ("Christmas Day"): the latest one on or before the anchor."""
    words = re.sub(r"new year'?s?", "new year's", re.sub(r"\s+", " ", m["holiday"]))
    if words not in _HOLIDAYS:
        return None  # "Lunar New Year's Eve": another calendar's, on no fixed date of ours
    month, day = _HOLIDAYS[words]
    found = None if anchor is None else _latest(month, day, anchor)
    return None if found is None else _one_day(found)


def _this_week(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    return None if published is None else (_monday(published), published, "week")


def _last_week(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if published is None:
        return None
    monday = _monday(published) - timedelta(days=14 if m["before_last"] else 7)
    return (monday, monday + timedelta(days=6), "week")


def _weekend(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if anchor is None:
        return None
    saturday = _weekday("saturday", anchor)
    return (saturday, saturday + _DAY, "days")


def _last_weekend(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    if anchor is None:
        return None
    sunday = _weekday("sunday", anchor, "last") - timedelta(days=7 if m["before_last"] else 0)
    return (sunday - _DAY, sunday, "days")


def _months_back(months: int) -> _Builder:
    def build(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
        if published is None:
            return None
        index = published.year * 12 + published.month - 1 - months
        return _month_span(index // 12, index % 12 + 1)

    return build


def _years_back(years: int) -> _Builder:
    def build(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
        if published is None:
            return None
        year = published.year - years
        return (date(year, 1, 1), date(year, 12, 31), "year")

    return build


def _year(m: re.Match[str], anchor: date | None, published: date | None) -> _Span | None:
    year = int(m["year"])
    return (date(year, 1, 1), date(year, 12, 31), "year")


# Rules, most specific first ---------------------------------------------------------------


def _stated_year(suffix: str = "") -> str:
    return (
        rf"(?:\s*,?\s*(?:of\s+)?{_yyyy('year' + suffix)}"
        rf"|\s+(?:of\s+)?(?P<rel{suffix}>last|this)\s+year\b)"
    )


# "on the 4th": a day of the month, named by its ordinal alone. Any noun may follow an
# ordinal ("the 4th Tank Brigade", "the 20th century"), so it is a date only when what follows
# cannot be one: the end, a comma or stop, a time of day, "of last month", or a linking word
# ("on the 4th and 5th", but not "the 3rd and 4th battalions").
_ORDINAL = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"
_AN_ORDINAL = r"(?:the\s+)?[0-3]?\d(?:st|nd|rd|th)\b"
_ANY_ORDINAL = r"(?:the\s+)?\d+(?:st|nd|rd|th)\b"  # "the 47th" too
_LINKING = r"and|or|to|through|until|till|when|after|before|while|as|but|amid"
_ORDINAL_END = (
    rf"(?:\s+of\s+(?P<which>{_LAST}|this)\s+month\b"
    rf"|(?=\s*(?:(?:-|,|{_LINKING})\s*{_AN_ORDINAL}\s*)*(?:[,.](?!\s*{_ANY_ORDINAL})|\Z"
    rf"|(?:at|(?:in\s+the\s+)?(?:morning|afternoon|evening|night))\b(?!\s+of\b)"
    rf"|(?:{_LINKING})\b(?!\s*{_ANY_ORDINAL}))))"
)
_MD = rf"{_mon('mon')}\s*{_dd('day')}{_stated_year()}?"
_DM = rf"\b{_dd('day2')}(?:\s*|-)(?:of\s+)?{_mon('mon2')}(?:{_stated_year('2')}|-{_yyyy('year3')})?"
_NIGHT_OF = r"(?:the\s+)?night\s+(?:of|between|from)\s+(?:the\s+)?"
_OVERNIGHT = r"overnight\s+(?:on\s+|of\s+)?"
# "The last week of January" is no trailing week, nor "last week's Tuesday" the week itself;
# "last week's attack" is.
_NOT_OF = rf"\b(?!\s*(?:of\b|'s\s+(?:{'|'.join(_WEEKDAYS)})\b))"
_PART = r"(?:(?:early|mid|late|the\s+(?:start|beginning|middle|end)\s+of)[\s-]+)?"
_START_OF = r"(?:the\s+)?(?:start|beginning)\s+of"
_HOLIDAYS = {
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "boxing day": (12, 26),
    # The Julian calendar's 25 December, 13 days behind from 1900 to 2099.
    "orthodox christmas eve": (1, 6),
    "orthodox christmas": (1, 7),
    "orthodox christmas day": (1, 7),
}
_SAFE_MONTHS = "|".join(name for name in _MONTH_NAMES if name not in ("may", "march"))
_CUE = r"in|since|during|throughout|early|mid|late|until|till|from|of"
_MONTH_CUE = rf"(?:{_CUE}|(?P<this>this))[\s-]+"
_YEAR_CUE = rf"(?:{_CUE}|spring|summer|autumn|fall|winter|the\s+year)[\s-]+"

_RULE_TABLE: list[tuple[str, _Builder]] = [
    (r"(?<!\d)(?P<year>\d{4})([-/.])(?P<mon>\d{1,2})\2(?P<day>\d{1,2})(?!\d)", _iso),
    (r"(?<!\d)(?P<a>\d{1,2})([-/.])(?P<b>\d{1,2})\2(?P<year>\d{4}|\d{2})(?![\d/.-])", _numeric),
    # Day ranges, before "on 28/1": "the night of 4/5 February" is the night, not 4 May.
    (
        rf"\b(?:{_OVERNIGHT})?(?P<between>between\s+)?{_mon()}\s*{_dd('first')}{_MORE_DAYS}\s*"
        rf"(?(between)and|(?:{_TO}|/|{_AND_END}))\s*{_dd('last')}{_stated_year()}?",
        _day_range,
    ),
    (
        rf"\b(?:{_OVERNIGHT})?(?:between\s+)?(?:the\s+)?{_dd('first')}{_MORE_DAYS}"
        rf"\s*(?:{_TO}|and|or|/)\s*"
        rf"(?:the\s+)?{_dd('last')}\s*(?:of\s+)?{_mon()}{_stated_year()}?",
        _day_range,
    ),
    # "Overnight Jan. 31-Feb. 1": one night across a month's end.
    (
        rf"\b{_OVERNIGHT}{_mon()}\s*{_dd('first')}\s*(?:-|/|to|into)\s*{_mon('mon2')}\s*"
        rf"{_dd('last')}{_stated_year()}?",
        _night_across_months,
    ),
    # "on 28/1", "Sunday 28/1": a yearless one only after such a cue, and never "24/7", which
    # is around the clock.
    (
        r"(?:^\s*|(?<=on )|(?<=day )|(?<=day, ))(?!24/7\b)"
        r"(?P<a>\d{1,2})(/)(?P<b>\d{1,2})(?![\d/.-])",
        _numeric,
    ),
    (
        rf"\b(?:(?P<nightof>{_NIGHT_OF})|(?P<into>overnight\s+(?:into|to|until|till)\s+)"
        rf"|(?P<overnight>{_OVERNIGHT}))?"
        rf"(?:{_wd()}(?P<wdnight>\s+night)?\s*,?\s*(?:the\s+)?)?(?:{_MD}|{_DM})",
        _dated,
    ),
    (
        rf"\b(?:from|between)\s+{_PART}{_mon()}\s*(?:-|to|and|until|till|through)\s*{_PART}"
        rf"{_mon('mon2')}{_stated_year()}?",
        _month_range,
    ),
    (rf"\b{_mon()}\s*-\s*{_mon('mon2')}{_stated_year()}?", _month_range),
    (rf"\b{_mon()}{_stated_year()}", _month_year),
    (
        rf"\b{_yyyy()}\s*(?:(?:-|to|and|until|till|through)\s*{_yyyy('year2')}|[-/](?P<yy>\d\d)\b)",
        _year_range,
    ),
    (
        rf"\b{_wd()}(?P<night>\s+night)?\s*,?\s*(?:of\s+)?(?P<which>{_LAST}|this)\s+week\b",
        _weekday_of_week,
    ),
    (
        rf"\b(?P<which>{_LAST}|this)\s+week(?:'s)?\s*,?\s*(?:on\s+)?{_wd()}(?P<night>\s+night)?",
        _weekday_of_week,
    ),
    (
        rf"\b(?:overnight|(?:the\s+)?night)\s+(?:(?:of|between|from)\s+)?(?:the\s+)?{_wd()}"
        rf"\s*(?:-|to|and|into)\s*{_wd('wd2')}",
        _weekday_night,
    ),
    (rf"\b{_wd()}\s*(?:-|to|into)\s*{_wd('wd2')}\s+night", _weekday_night),
    (rf"\b{_NIGHT_OF}{_QUAL}{_wd()}", _weekday_night),
    (rf"\b{_QUAL}{_wd()}\s+night", _weekday_night),
    (rf"\bovernight\s+(?:into|to|until|till)\s+{_wd()}", _overnight_into),
    (rf"\b{_OVERNIGHT}{_wd()}|\b{_wd('wd2')}\s+overnight", _overnight_on),
    (r"\bthe\s+night\s+before\s+last\b", _nights_back(2)),
    (
        r"\b(?:last\s+night|yesterday\s+night|(?:the\s+)?(?:previous|preceding|prior)\s+night"
        r"|the\s+night\s+before|overnight|during\s+the\s+night(?!\s+of\b))\b",
        _nights_back(1),
    ),
    (r"\bthe\s+day\s+before\s+yesterday\b", _days_back(2)),
    (
        r"\b(?:yesterday|last\s+evening|the\s+(?:day\s+before"
        r"|(?:previous|preceding|prior)\s+(?:day|morning|afternoon|evening)|day\s+prior))\b",
        _days_back(1),
    ),
    (r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|since\s+o'clock)\b", _days_back(0)),
    (
        rf"\b{_NUM}\s+(?P<unit>days?|nights?|weeks?|hours?)\s+"
        r"(?:ago|earlier|before|previously|prior)\b",
        _ago,
    ),
    # Not "a year earlier", which counts from some event in the story.
    (rf"\b{_NUM}\s+(?P<unit>months?|years?)\s+ago\b", _ago),
    (
        r"\b(?:a\s+few|several|a\s+couple\s+of)\s+days\s+(?:ago|earlier|before|previously)\b",
        _few_days_ago,
    ),
    (
        rf"\b(?:the\s+)?(?:past|last|previous|preceding)\s+{_NUM}[\s-]*"
        r"(?P<unit>days|hours?|hrs?|h|weeks)\b(?:\s+period\b)?",
        _past_count,
    ),
    # "In the 24 hours to 0600 GMT": up to that time of the publication day.
    (
        rf"\b(?:the\s+)?{_NUM}\s+(?P<unit>hours|hrs)\s+(?:to|until|till|up\s+to)\s+o'clock",
        _past_count,
    ),
    (
        r"\b(?:(?:the|this)\s+(?:past|last)\s+(?:week|(?:few\s+|several\s+)?days)"
        rf"|(?:past|last)\s+(?:few|several)\s+days|past\s+days|recent\s+days|past\s+week){_NOT_OF}",
        _trailing(6, "week"),
    ),
    (
        rf"\b(?:(?:the\s+)?past|(?:in|over|within)\s+the\s+last)\s+day\b{_NOT_OF}"
        r"|\b(?:past|last)\s+(?:few|several|couple\s+of)\s+hours\b",
        _trailing(1, "days"),
    ),
    (rf"\b(?:(?:the|this)\s+(?:past|last)|past)\s+month\b{_NOT_OF}", _trailing(30, "month")),
    (rf"\b(?:(?:the|this)\s+(?:past|last)|past)\s+year\b{_NOT_OF}", _trailing(365, "year")),
    (rf"\b(?:{_LAST}\s+weekend|the\s+weekend\s+(?P<before_last>before\s+last))\b", _last_weekend),
    # Not "the weekend of January 27-28" (by now masked as "#"), which is that date's weekend.
    (r"\bweekend\b(?!\s+(?:of|beginning|starting)\s+(?:on\s+)?(?:the\s+)?[\d#])", _weekend),
    (
        rf"\b(?:{_wd()}\s*,?\s*)?(?:on\s+)?(?:the\s+|(?<=and )|(?<=or )|(?<=to ))"
        rf"{_ORDINAL}{_ORDINAL_END}",
        _day_of_month,
    ),
    (rf"\b{_QUAL}{_wd()}(?P<before_last>\s+before\s+last\b)?", _weekday_only),
    (rf"\b(?:{_LAST}\s+week|the\s+week\s+(?P<before_last>before\s+last))\b{_NOT_OF}", _last_week),
    (r"\bthis\s+week\b", _this_week),
    (rf"\b(?:earlier\s+in|{_START_OF})\s+the\s+week\b", _this_week),
    (rf"\b(?:earlier\s+in|{_START_OF})\s+the\s+month\b", _months_back(0)),
    (rf"\b(?:earlier\s+in|{_START_OF})\s+(?:the|this)\s+year\b", _years_back(0)),
    (
        r"\b(?P<holiday>(?:(?:orthodox|lunar|chinese|jewish|islamic|hijri|persian)\s+)?"
        r"(?:new\s+year'?s?\s+eve|new\s+year'?s?\s+day|christmas\s+eve"
        r"|christmas(?:\s+day)?|boxing\s+day))\b",
        _holiday,
    ),
    (r"\bthis\s+month\b", _months_back(0)),
    (rf"\b{_LAST}\s+month\b", _months_back(1)),
    (rf"\b(?P<last>{_LAST})\s+{_mon()}", _named_month),
    (rf"\b{_MONTH_CUE}{_mon()}", _named_month),
    (rf"\b{_mon(names=_SAFE_MONTHS)}", _named_month),
    (r"\A[\s.,]*(?P<mon>may|march)[\s.,]*\Z", _named_month),
    (r"\bthis\s+year\b", _years_back(0)),
    (rf"\b{_LAST}\s+year\b", _years_back(1)),
    (rf"\b{_YEAR_CUE}{_yyyy()}", _year),
    (rf"\A[\s.,]*{_yyyy()}[\s.,]*\Z", _year),
]
_RULES = [(re.compile(pattern, re.ASCII), builder) for pattern, builder in _RULE_TABLE]
