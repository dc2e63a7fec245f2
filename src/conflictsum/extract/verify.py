"""Check a model's answer against the article: evidence, dates, names and tolls, in code.

The LLM proposes; this module decides. Each proposed event or claim either becomes a
record (with offsets computed here) or is rejected with reasons that are sent back to
the model, and, if it never passes, reported in ``ArticleSummary.dropped``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from conflictsum._types import SUB_EVENT_TYPES
from conflictsum.dates import fold_arabic, resolve_date
from conflictsum.extract.number_words import foreign_figures
from conflictsum.extract.response import ActorOut, ArticleExtraction, ClaimOut, CountOut, EventOut
from conflictsum.grounding import GroundingIndex
from conflictsum.models import (
    Actor,
    Article,
    Claim,
    Count,
    Dropped,
    Event,
    EventDate,
    Evidence,
    Location,
)
from conflictsum.places import resolve_location

_MAX_NAME_WORDS = 10
_MAX_NAME_CHARS = 80
# Words that let a toll stand without a digit in the evidence (ACLED's conventions).
_VAGUE = {
    "several": 3,
    "few": 3,
    "handful": 3,
    "some": 3,
    "dozen": 12,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
}
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {
    w: 10 * i
    for i, w in enumerate(
        ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=3
    )
}
_NUMBER_WORDS |= {"a hundred": 100, "one hundred": 100, "a thousand": 1000}
_MULTIPLES = {"dozen": 12, "hundred": 100, "thousand": 1000}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


# Arabic number words, folded as `fold_arabic` folds them (feminine "ه" endings optional).
_ARABIC_UNITS = {
    "واحد": 1,
    "احد": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "اثنا": 2,
    "اثني": 2,
    "اثنتا": 2,
    "ثلاث": 3,
    "اربع": 4,
    "خمس": 5,
    "ست": 6,
    "سبع": 7,
    "ثمان": 8,
    "ثماني": 8,
    "تسع": 9,
}
_ARABIC_TENS = {
    "عشر": 10,
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "اربعون": 40,
    "اربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
    "مئه": 100,
    "مائه": 100,
    "الف": 1000,
}
# "عشرات" (tens of) and "مئات" (hundreds of) as ACLED reads "dozens" and "hundreds".
_ARABIC_VAGUE = {"عده": 3, "بضع": 3, "عشرات": 12, "مئات": 100, "الاف": 1000}
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


def _arabic_figures(text: str) -> set[int]:
    """Numbers written as Arabic words: units, tens, "ثلاثة عشر" (13), "ثلاثة وعشرون" (23)."""

    def value(word: str) -> tuple[str, int] | None:
        for w in (word, word[1:] if word[:1] in "وبل" else ""):
            stem = w[:-1] if w.endswith("ه") and w[:-1] in _ARABIC_UNITS | _ARABIC_TENS else w
            for kind, table in (("unit", _ARABIC_UNITS), ("ten", _ARABIC_TENS)):
                if stem in table:
                    return kind, table[stem]
            if stem in _ARABIC_VAGUE:
                return "vague", _ARABIC_VAGUE[stem]
        return None

    words = _ARABIC_WORD.findall(fold_arabic(text))
    values = [value(w) for w in words]
    found = {v[1] for v in values if v is not None}
    for here, there in pairwise(values):
        if here is None or there is None or here[0] != "unit":
            continue
        if there == ("ten", 10):  # ثلاثة عشر: 13
            found.add(10 + here[1])
        elif there[0] == "ten" and 20 <= there[1] <= 90:  # ثلاثة وعشرون: 23
            found.add(here[1] + there[1])
    return found


def figures_in(text: str) -> set[int]:
    """Return every number a text states, in digits, words or ACLED's vague quantifiers.

    Words are read in English, Arabic, French, Spanish, Portuguese, German, Ukrainian and
    Russian (see `conflictsum.extract.number_words`).
    """
    found = {int(m.group().replace(",", "")) for m in _DIGITS.finditer(text)}
    if _ARABIC_WORD.search(text):
        found |= _arabic_figures(text)
    lowered = text.lower()
    words = _WORD.findall(lowered)
    for word, then in pairwise(words):
        # "two dozen", "three hundred", "a thousand": a count times its unit.
        count = _NUMBER_WORDS.get(word) or (1 if word == "a" else 0)
        if count and then in _MULTIPLES:
            found.add(count * _MULTIPLES[then])
    for word in words:
        if word in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[word])
        elif word in _VAGUE:
            found.add(_VAGUE[word])
        elif "-" in word:  # "twenty-three"
            tens, _, unit = word.partition("-")
            if tens in _NUMBER_WORDS and unit in _NUMBER_WORDS:
                found.add(_NUMBER_WORDS[tens] + _NUMBER_WORDS[unit])
    found.update(n for phrase, n in _NUMBER_WORDS.items() if " " in phrase and phrase in lowered)
    return found | foreign_figures(text)


@lru_cache(maxsize=1024)
def _stated_figures(text: str) -> frozenset[int]:
    # Fatalities and injuries of one event are checked against the same evidence text.
    return frozenset(figures_in(text))


@dataclass
class Verified:
    """The outcome of checking one answer: records that passed, items that did not."""

    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was kept with less than proposed

    @property
    def problems(self) -> list[str]:
        """Every reason, prefixed with the item it concerns."""
        return [f"{d.kind}s[{d.index}]: {reason}" for d in self.dropped for reason in d.reasons]

    def feedback(self) -> str:
        """The message sent back to the model when some items failed."""
        lines = "\n".join(f"- {p}" for p in self.problems)
        return (
            "The answer was checked against the article and these items failed:\n"
            f"{lines}\n"
            "Fix each failed item (copy evidence verbatim from the article, use the article's "
            "own date words) or remove it; keep the items that passed unchanged."
        )


class _Checker:
    """Collects reasons while converting one proposed item."""

    def __init__(self, article: Article, index: GroundingIndex, aliases: Any = None) -> None:
        self.article = article
        self.index = index
        self.aliases = aliases
        self.reasons: list[str] = []

    def evidence(self, quotes: Sequence[str]) -> list[Evidence]:
        found: list[Evidence] = []
        missing: list[str] = []
        for quote in quotes:
            hit = self.index.locate(quote)
            if hit is None:
                missing.append(quote)
            elif hit.evidence not in found:
                found.append(hit.evidence)
        if not found:
            shown = "; ".join(repr(q[:120]) for q in missing) or "none given"
            self.reasons.append(f"evidence: no quote is found in the article ({shown})")
        return found

    def actor(self, where: str, actor: ActorOut | None) -> Actor | None:
        if actor is None:
            return None
        name = " ".join(actor.name.split())
        if not re.search(r"\w", name):
            self.reasons.append(f"{where}: empty actor name")
        elif len(name) > _MAX_NAME_CHARS or len(name.split()) > _MAX_NAME_WORDS:
            self.reasons.append(
                f"{where}: {name[:60]!r}… is a sentence, not an actor name; give a short name"
            )
        return Actor(name=name, kind=actor.kind)

    def count(self, where: str, count: CountOut, evidence: list[Evidence]) -> Count:
        try:
            result = Count(low=count.low, best=count.best, high=count.high)
        except ValueError as e:
            self.reasons.append(f"{where}: {_first_error(e)}")
            return Count()
        # One death is usually written "killed a general", with no figure to find.
        claimed = {v for v in (result.low, result.best, result.high) if v and v > 1}
        if not claimed:
            return result
        stated = _stated_figures(" ".join(e.quote for e in evidence))
        for value in sorted(claimed):
            if value not in stated:
                self.reasons.append(
                    f"{where}: {value} is not stated in the evidence; quote the sentence that "
                    "gives this figure, or use null if the article gives none"
                )
                break
        return result

    def date_words(self, expression: str, dated: str) -> list[str] | None:
        """The article's words a date expression points at, to resolve in order; None: absent.

        Only the article's words are resolved, never the model's: a fuzzy match may differ
        in exactly what dates the event ("January 26" found as the article's "January 28").
        An exact or normalised match differs in typography only, so the model's spelling is
        kept as a second reading.
        """
        hit = self.index.locate(expression)
        if hit is None:
            self.reasons.append(
                f"date_expression {expression!r} is not in the article; copy the article's "
                f"own words that date {dated}"
            )
            return None
        words = hit.evidence.quote
        return [words] if hit.tier == "fuzzy" or words == expression else [words, expression]

    def resolved(self, readings: list[str]) -> EventDate | None:
        for words in readings:
            resolved = resolve_date(words, self.article.published)
            if resolved is not None:
                return resolved
        return None

    def event_date(self, expression: str | None, iso: str | None) -> EventDate | None:
        published = self.article.published
        expression = (expression or "").strip() or None
        readings: list[str] = []
        if expression is not None:
            found = self.date_words(expression, "the event")
            if found is None:
                return None
            readings = found
            resolved = self.resolved(readings)
            if resolved is not None:
                return resolved
        if published is None:
            # Without a publication date a model's YYYY-MM-DD is a guess: only words the
            # article uses, resolved by code, can date the event.
            self.reasons.append(
                "date: the article has no publication date, so only an absolute date in the "
                "article's words (e.g. '3 February 2024') can date an event"
            )
            return None
        if expression is None:
            # Undated in the article: the week up to publication is all that is known. A
            # YYYY-MM-DD with no words of the article behind it is the model's guess (often
            # reckoned from its own "today"), so it dates nothing.
            return EventDate(
                start=published - dt.timedelta(days=6),
                end=published,
                precision="week",
                expression=None,
            )
        # The article's words, which code cannot resolve (a language dates.py does not
        # read): the model's reading of them stands, checked against publication.
        model_day = _parse_iso(iso)
        if model_day is None:
            self.reasons.append(
                f"date: {expression!r} cannot be resolved and no valid YYYY-MM-DD date was given"
            )
            return None
        if model_day > published:
            self.reasons.append(
                f"date: {model_day} is after the article's publication date {published}; "
                "no event can be dated after its article"
            )
            return None
        return EventDate(start=model_day, end=model_day, precision="day", expression=readings[0])

    def claim_date(self, expression: str | None) -> dt.date | None:
        """The day a claim was made, from the article's words; None when they give no day."""
        expression = (expression or "").strip() or None
        if expression is None:
            return None
        readings = self.date_words(expression, "the claim")
        resolved = self.resolved(readings) if readings is not None else None
        return resolved.start if resolved is not None and resolved.precision == "day" else None


def _first_error(e: ValueError) -> str:
    errors = getattr(e, "errors", None)
    if callable(errors):
        return "; ".join(str(err.get("msg", err)) for err in errors())
    return str(e)


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _check_event(
    check: _Checker, proposed: EventOut, event_id: str
) -> tuple[Event | None, list[str]]:
    article = check.article
    allowed = SUB_EVENT_TYPES[proposed.event_type]
    if proposed.sub_event_type not in allowed:
        check.reasons.append(
            f"sub_event_type {proposed.sub_event_type!r} does not belong to "
            f"{proposed.event_type!r}; choose one of {', '.join(allowed)}"
        )
    evidence = check.evidence(proposed.evidence)
    when = check.event_date(proposed.date_expression, proposed.date)
    actor1 = check.actor("actor1", proposed.actor1)
    actor2 = check.actor("actor2", proposed.actor2)
    fatalities = check.count("fatalities", proposed.fatalities, evidence)
    injuries = check.count("injuries", proposed.injuries, evidence)
    place = " ".join(proposed.location.name.split())
    if not re.search(r"\w", place) or len(place.split()) > _MAX_NAME_WORDS:
        check.reasons.append(f"location: {place[:60]!r} is not a place name")
    if not proposed.summary.strip():
        check.reasons.append("summary: empty")
    if check.reasons or when is None or actor1 is None:
        return None, check.reasons
    event = Event(
        id=event_id,
        article_id=article.id,
        event_type=proposed.event_type,
        sub_event_type=proposed.sub_event_type,
        date=when,
        # Coordinates and codes come from the gazetteer and the user's alias table, never
        # from the model.
        location=resolve_location(
            Location(
                name=place,
                country=proposed.location.country,
                admin1=proposed.location.admin1,
                precision=proposed.location.precision,
            ),
            aliases=check.aliases,
        ),
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        injuries=injuries,
        civilian_targeting=proposed.civilian_targeting,
        attribution=proposed.attribution,
        summary=proposed.summary.strip(),
        evidence=evidence,
    )
    return event, []


def _check_claim(
    check: _Checker, proposed: ClaimOut, claim_id: str, event_ids: dict[int, str], n_events: int
) -> tuple[Claim | None, list[str]]:
    article = check.article
    evidence = check.evidence(proposed.evidence)
    claimant = check.actor("claimant", proposed.claimant)
    target = check.actor("target", proposed.target)
    linked_at = len(check.reasons)
    when = check.claim_date(proposed.date_expression)
    if not proposed.text.strip():
        check.reasons.append("text: empty")
    if check.reasons or claimant is None:
        # A bad link alone costs no re-ask (the claim is kept without it, see verify_items);
        # a claim re-asked anyway hears about its link too, in its place among the reasons.
        if (bad := _bad_link(proposed.event_index, n_events)) is not None:
            check.reasons.insert(linked_at, bad)
        return None, check.reasons
    claim = Claim(
        id=claim_id,
        article_id=article.id,
        claimant=claimant,
        kind=proposed.kind,
        text=proposed.text.strip(),
        event_id=event_ids.get(proposed.event_index) if proposed.event_index is not None else None,
        target=target,
        date=when,
        evidence=evidence,
    )
    return claim, []


def _bad_link(event_index: int | None, n_events: int) -> str | None:
    if event_index is None or 0 <= event_index < n_events:
        return None
    return f"event_index {event_index} does not point at an event (0..{n_events - 1})"


def verify_extraction(
    extraction: ArticleExtraction, article: Article, *, aliases: Any = None
) -> Verified:
    """Turn a model's answer into grounded records, rejecting what the article does not support."""
    return verify_items(
        list(enumerate(extraction.events)),
        list(enumerate(extraction.claims)),
        len(extraction.events),
        article,
        aliases=aliases,
    )


def verify_items(
    events: Sequence[tuple[int, EventOut]],
    claims: Sequence[tuple[int, ClaimOut]],
    n_events: int,
    article: Article,
    *,
    aliases: Any = None,
) -> Verified:
    """Verify proposed items given with their positions in the model's answer."""
    verified = Verified()
    index = GroundingIndex(article.text)
    event_ids: dict[int, str] = {}
    for i, proposed in events:
        event, reasons = _check_event(
            _Checker(article, index, aliases), proposed, f"{article.id}:e{len(verified.events)}"
        )
        if event is None:
            verified.dropped.append(
                Dropped(kind="event", index=i, reasons=reasons, item=proposed.model_dump())
            )
        else:
            event_ids[i] = event.id
            verified.events.append(event)
    for i, proposed_claim in claims:
        claim, reasons = _check_claim(
            _Checker(article, index),
            proposed_claim,
            f"{article.id}:c{len(verified.claims)}",
            event_ids,
            n_events,
        )
        if claim is None:
            verified.dropped.append(
                Dropped(kind="claim", index=i, reasons=reasons, item=proposed_claim.model_dump())
            )
            continue
        verified.claims.append(claim)
        # A grounded claim stands on its own evidence: a link it cannot have (to an event
        # that failed verification, or to no event at all) is left out, not the claim.
        pointed = proposed_claim.event_index
        if pointed is not None and claim.event_id is None:
            why = _bad_link(pointed, n_events) or f"events[{pointed}] did not pass verification"
            verified.notes.append(f"claims[{i}]: {why}; the claim is kept without an event")
    return verified
