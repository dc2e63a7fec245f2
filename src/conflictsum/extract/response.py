"""The LLM-facing response schema: what the model fills in, ACLED coding taught in descriptions.

It is deliberately simpler than the records: no ids, no offsets, dates as the article's own
words. Every field is required (nullable where optional) so the same schema works in
OpenAI's strict structured outputs and in llama.cpp's grammar-constrained tool calls.
The library verifies the answer (``verify.py``); the model's word is never final.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator

from conflictsum._types import (
    ActorKind,
    Attribution,
    ClaimKind,
    EventType,
    LocationPrecision,
    SubEventType,
)

# One validation policy for every answer, in the model call (instructor parses with it) and
# in the salvage of a final answer: pydantic's lax mode, which takes what converts without
# loss (5.0 for 5, "false" for false). Strict attempts with a lax salvage rejected an
# answer at the cost of every re-ask, then accepted it unchanged.
STRICT = False


# ---- near misses --------------------------------------------------------------------------
#
# What a model writes for a value that has one obvious spelling in the schema ("Air/Drone
# strike", "Shelling/artillery/missile attacks", "state forces", a toll of "5", an actor2
# of {"name": "", "kind": null}) is put right before validation: a re-ask costs the whole
# prompt again and, when the model repeats itself, loses the event. Only case, plural,
# spacing and number-as-text are forgiven; anything else is still rejected and re-asked.
# These are before-validators, so the JSON schema sent to the model is unchanged.


def _vocabulary_key(value: str) -> str:
    text = " ".join(re.sub(r"[-_]", " ", value.casefold()).split())
    text = re.sub(r" ?/ ?", "/", text)
    return re.sub(r"(?<=[a-z]{2}[a-rt-z])s\b", "", text)  # attacks → attack, not "less"


def _vocabulary(literal: Any) -> dict[str, str]:
    values: tuple[str, ...] = get_args(literal)
    keyed = {_vocabulary_key(v): v for v in values}
    assert len(keyed) == len(values), f"two values of {values} share a spelling key"
    return keyed


_EVENT_TYPES = _vocabulary(EventType)
_SUB_EVENT_TYPES = _vocabulary(SubEventType)
_ACTOR_KINDS = _vocabulary(ActorKind)
_ATTRIBUTIONS = _vocabulary(Attribution)
_CLAIM_KINDS = _vocabulary(ClaimKind)
_PRECISIONS = _vocabulary(LocationPrecision)
_FIGURE = re.compile(r"\s*(\d{1,3}(?:,\d{3})+|\d+)\s*")


def _spelled(value: Any, vocabulary: dict[str, str]) -> Any:
    if isinstance(value, str) and value not in vocabulary.values():
        return vocabulary.get(_vocabulary_key(value), value)
    return value


def _figure(value: Any) -> Any:
    if isinstance(value, str) and (m := _FIGURE.fullmatch(value)):
        return int(m.group(1).replace(",", ""))
    return value


def _no_actor(value: Any) -> bool:
    """An optional actor given as an empty object rather than null."""
    if not isinstance(value, Mapping) or set(value) - {"name", "kind"}:
        return False
    name, kind = value.get("name"), value.get("kind")
    return (name is None or (isinstance(name, str) and not name.strip())) and kind in (None, "")


def _mended(
    data: Any,
    vocabularies: Mapping[str, dict[str, str]] = {},
    figures: tuple[str, ...] = (),
    optional_actors: tuple[str, ...] = (),
) -> Any:
    if not isinstance(data, Mapping):
        return data
    mended = dict(data)
    for name, vocabulary in vocabularies.items():
        if name in mended:
            mended[name] = _spelled(mended[name], vocabulary)
    for name in figures:
        if name in mended:
            mended[name] = _figure(mended[name])
    for name in optional_actors:
        if _no_actor(mended.get(name)):
            mended[name] = None
    return mended


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorOut(_Out):
    name: str = Field(
        description=(
            "The actor's name as a short noun phrase, as the article names it "
            "(e.g. 'Islamic Resistance in Iraq', 'US forces', 'Syrian Democratic Forces'). "
            "Never a sentence, never a description of what happened."
        )
    )
    kind: ActorKind | None = Field(
        description=(
            "ACLED actor type. A state's military acting abroad is 'External/Other forces' "
            "(US forces in Syria); at home it is 'State forces'. Armed groups seeking to "
            "overthrow a government are 'Rebel group'; armed groups serving a political "
            "agenda (e.g. Iran-backed militias) are 'Political militia'. Null if unclear."
        )
    )

    @model_validator(mode="before")
    @classmethod
    def _near_misses(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and data.get("kind") == "":
            data = {**data, "kind": None}
        return _mended(data, {"kind": _ACTOR_KINDS})


class CountOut(_Out):
    low: int | None = Field(description="Lowest figure any source in the article gives, or null.")
    best: int | None = Field(
        description=(
            "The lowest credible figure the article reports (ACLED is conservative). "
            "'several'/'a few' = 3, 'dozens' = 12, 'hundreds' = 100. 0 only when the article "
            "says nobody was killed/injured; null when it gives no figure at all."
        )
    )
    high: int | None = Field(description="Highest figure any source in the article gives, or null.")

    @model_validator(mode="before")
    @classmethod
    def _near_misses(cls, data: Any) -> Any:
        return _mended(data, figures=("low", "best", "high"))


class LocationOut(_Out):
    name: str = Field(
        description=(
            "The most specific place the article names for this event, as written "
            "(a town, a base, an oil field, a district), not a whole sentence."
        )
    )
    country: str | None = Field(description="Country where the event happened, in English.")
    admin1: str | None = Field(
        description="First-level region (province / governorate / state) if the article says it."
    )
    precision: LocationPrecision = Field(
        description=(
            "'exact' = the named town or site; 'near' = near a town or a small part of a region; "
            "'region' = only a province or large area is known; 'country' = only the country."
        )
    )

    @model_validator(mode="before")
    @classmethod
    def _near_misses(cls, data: Any) -> Any:
        return _mended(data, {"precision": _PRECISIONS})


class EventOut(_Out):
    event_type: EventType = Field(description="ACLED event type.")
    sub_event_type: SubEventType = Field(
        description=(
            "ACLED sub-event type; it must belong to event_type (e.g. 'Air/drone strike' "
            "belongs to 'Explosions/Remote violence')."
        )
    )
    date_expression: str | None = Field(
        description=(
            "The words in the article that date this event, copied verbatim "
            "(e.g. 'the previous night', 'on Friday', 'January 28', 'Saturday evening'). "
            "Null if the article gives none. The library resolves it against the publication "
            "date; do not compute the date from today's date."
        )
    )
    date: str | None = Field(
        description=(
            "Your reading of the event date as YYYY-MM-DD, or null. Never after the "
            "publication date; when date_expression can be resolved, it wins."
        )
    )
    location: LocationOut
    actor1: ActorOut = Field(description="The side that acted (the attacker, the striker).")
    actor2: ActorOut | None = Field(
        description=(
            "The side acted upon (the target); for violence against civilians, the civilians."
        )
    )
    fatalities: CountOut = Field(description="People killed in THIS event (not cumulative tolls).")
    injuries: CountOut = Field(description="People injured in THIS event.")
    civilian_targeting: bool = Field(description="True only if civilians were the target.")
    attribution: Attribution = Field(
        description=(
            "'confirmed' when independent or official sources confirm who did it; 'claimed' when "
            "the perpetrator claimed it; 'alleged' when another party accuses someone; "
            "'unattributed' when nobody is named."
        )
    )
    summary: str = Field(description="One factual sentence: who did what to whom, where.")
    evidence: list[str] = Field(
        description=(
            "1 to 3 sentences copied VERBATIM from the article that support this event, "
            "including the sentence that gives the toll if there is one."
        )
    )

    @model_validator(mode="before")
    @classmethod
    def _near_misses(cls, data: Any) -> Any:
        vocabularies = {
            "event_type": _EVENT_TYPES,
            "sub_event_type": _SUB_EVENT_TYPES,
            "attribution": _ATTRIBUTIONS,
        }
        return _mended(data, vocabularies, optional_actors=("actor2",))


class ClaimOut(_Out):
    claimant: ActorOut = Field(description="Who made the claim, denial, accusation or threat.")
    kind: ClaimKind = Field(
        description=(
            "'responsibility' = an actor says it carried out an attack; 'denial' = denies a role; "
            "'accusation' = blames another; 'threat' = vows future action (a threat is a claim, "
            "never an event); 'casualty_report' = states a toll; 'justification' = gives reasons; "
            "'statement' = anything else worth recording."
        )
    )
    text: str = Field(description="What was claimed, in one sentence.")
    event_index: int | None = Field(
        description="0-based index into `events` of the event this claim is about, or null."
    )
    target: ActorOut | None = Field(description="Who the claim is about or aimed at, if anyone.")
    date_expression: str | None = Field(
        description=(
            "Verbatim words dating when the claim was MADE (not when the event happened), or null."
        )
    )
    evidence: list[str] = Field(
        description="1 to 3 sentences copied VERBATIM from the article that report the claim."
    )

    @model_validator(mode="before")
    @classmethod
    def _near_misses(cls, data: Any) -> Any:
        return _mended(data, {"kind": _CLAIM_KINDS}, optional_actors=("target",))


# The article an answer is checked against, set around each model call. It travels beside
# instructor rather than in its `context=`: instructor renders every message as a Jinja
# template when given a context, which would rewrite an article's own "{{ }}" and fail on
# its "{%".
_CHECKING: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "conflictsum_checking", default=None
)


@contextmanager
def checking_against(article: Any, aliases: Any = None) -> Iterator[None]:
    """Verify every ArticleExtraction validated inside this block against `article`."""
    token = _CHECKING.set({"article": article, "aliases": aliases})
    try:
        yield
    finally:
        _CHECKING.reset(token)


class ArticleExtraction(_Out):
    """Events and claims reported in one news article, coded the ACLED way."""

    events: list[EventOut] = Field(
        description=(
            "Each distinct incident: one event per place and day. A multi-day campaign is one "
            "event per day. Past incidents the article mentions count too. Threats, plans and "
            "warnings are NOT events."
        )
    )
    claims: list[ClaimOut] = Field(
        description="Claims of responsibility, denials, accusations, threats and statements."
    )

    _verified: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _verify_against_article(self, info: ValidationInfo) -> Self:
        # Checked inside the model call, so instructor's re-ask carries our reasons back to
        # the model; outside one (salvage) nothing is checked here.
        context = info.context or _CHECKING.get() or {}
        article = context.get("article")
        if article is not None:
            from conflictsum.extract.verify import verify_extraction

            verified = verify_extraction(self, article, aliases=context.get("aliases"))
            if verified.problems:
                raise ValueError(verified.feedback())
            self._verified = verified
        return self
