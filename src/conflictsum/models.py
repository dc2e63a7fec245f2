"""The records conflictsum produces: articles, events, claims, summaries and merged events."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from conflictsum._types import (
    SUB_EVENT_TYPES,
    ActorKind,
    Attribution,
    ClaimKind,
    DatePrecision,
    DroppedKind,
    EventType,
    FailureKind,
    LocationPrecision,
    SubEventType,
)
from conflictsum.exceptions import ArticleError, SummarizeError

__all__ = [
    "Actor",
    "Article",
    "ArticleSummary",
    "Claim",
    "Conflict",
    "Count",
    "Dropped",
    "Event",
    "EventDate",
    "Evidence",
    "Failure",
    "Location",
    "MergedEvent",
    "Usage",
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=True)

    @field_validator("*", mode="after")
    @classmethod
    def _valid_unicode(cls, value: Any) -> Any:
        # A lone surrogate (text decoded with errors="surrogateescape", a JSON "\ud800"
        # escape) cannot be written as UTF-8: refuse it here, not in to_jsonl much later.
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as e:
                raise ValueError(
                    f"not valid Unicode text (character {e.start}: {value[e.start]!r})"
                ) from e
        return value


# A header line such as " date 2024-02-05 " or "Date: 2024-02-05" (the body may follow on
# the same line after a single date token). Without a colon, only a figure after "date"
# makes a header, so an article may open with "Date palms burned …"; with a colon, the
# rest of the line may be any one date ("Published: Mon, 05 Feb 2024 14:30:00 GMT") and
# must be one.
_HEADER = re.compile(
    r"\A\s*(?P<label>date|published|publication date)(?P<colon>[ \t]*:[ \t]*|[ \t]+)"
    r"(?P<line>[^\r\n]*)(?:\r?\n)?",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?P<value>\d\S*)[ \t]*")
# "Source: Reuters" and "URL: https://…" lines beside the date header name the outlet and
# the address; a colon is required, so prose ("Sources said …") is never taken for one.
_META = re.compile(
    r"\A\s*(?P<label>source|outlet|url)[ \t]*:[ \t]*(?P<value>[^\r\n]*\S)[ \t]*(?:\r?\n|\Z)",
    re.IGNORECASE,
)
_MAX_FILE_BYTES = 64 * 2**20  # no news article is this long; a video or a dump might be
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _read_header(header: re.Match[str], text: str, path: str | None) -> tuple[dt.date | None, str]:
    """The publication date a header line gives and the text after it; None: no header."""
    line, colon = header.group("line"), ":" in header.group("colon")
    token = _TOKEN.match(line)
    if token is not None and (found := _header_date(token.group("value"), path)) is not None:
        # "date 2024-02-05 The pro-Iran militias …": the body may go on on the same line.
        return found, text[header.start("line") + token.end() :]
    if colon and line.strip() and (found := _header_date(line.strip(), path)) is not None:
        return found, text[header.end() :]
    if colon or (token is not None and header.group("label").casefold() == "date"):
        value = line.strip() if colon or token is None else token.group("value")
        raise ArticleError(
            f"malformed date header {value!r}: expected one date such as 'date YYYY-MM-DD'",
            path=path,
        )
    return None, text  # "Published reports say …": prose, not a header


def _header_date(value: str, path: str | None) -> dt.date | None:
    """A publication date written as an ISO date or timestamp, an e-mail/RSS date, or words.

    A timestamp gives the date where it was written (its own offset). Numeric dates that
    could be read day-first or month-first ("02/05/2024") are not guessed.
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as e:
            raise ArticleError(f"invalid date in header: {value!r} ({e})", path=path) from e
    try:
        return dt.datetime.fromisoformat(value).date()  # 2024-02-05T14:30:00Z
    except ValueError:
        pass
    if any(c.isalpha() for c in value):
        try:
            return email.utils.parsedate_to_datetime(value).date()  # Mon, 05 Feb 2024 …
        except (TypeError, ValueError, IndexError):
            pass
    # Imported here: dates builds on these records.
    from conflictsum.dates import resolve_date

    written = resolve_date(value, None)
    return written.start if written is not None and written.precision == "day" else None


def _latest_publication() -> dt.date:
    # A calendar date somewhere on Earth is at most 14 hours ahead of UTC.
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def _text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Article(_Record):
    """One news article: its text, publication date and where it came from."""

    id: str = ""
    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _derive_id(self) -> Self:
        if not self.id:
            # Stable across runs and machines: the same text always gets the same id.
            object.__setattr__(self, "id", _text_id(self.text))
        return self

    @classmethod
    def from_text(
        cls,
        raw: str,
        *,
        id: str | None = None,
        source: str | None = None,
        url: str | None = None,
        path: str | None = None,
    ) -> Article:
        """Parse text that may start with header lines: the publication date, the outlet, the URL.

        ``date 2024-02-05`` (the body may follow on the same line), ``Date: 2024-02-05``,
        a timestamp (``2024-02-05T14:30:00Z``), an RSS/e-mail date (``Published: Mon, 05 Feb
        2024 14:30:00 GMT``) or words (``Date: 5 February 2024``). A header that is not one
        unambiguous date, or a date in the future, is an ArticleError. ``Source: Reuters``
        and ``URL: https://…`` lines, before or after the date, give `source` and `url`
        unless the arguments do.
        """
        published: dt.date | None = None
        body = raw.lstrip("\ufeff")
        try:
            body.encode("utf-8")
        except UnicodeEncodeError as e:  # lone surrogates, e.g. from errors="surrogateescape"
            raise ArticleError(
                f"not valid Unicode text (character {e.start}: {body[e.start]!r})", path=path
            ) from e
        meta: dict[str, str] = {}
        while True:
            if (line := _META.match(body)) is not None:
                meta.setdefault(line.group("label").casefold(), line.group("value"))
                body = body[line.end() :]
                continue
            header = _HEADER.match(body) if published is None else None
            if header is None:
                break
            published, rest = _read_header(header, body, path)
            if published is None:
                break
            # A future date is a typo or an embargoed draft; every relative date in the
            # article would resolve against it, so it is refused rather than trusted.
            if published > _latest_publication():
                raise ArticleError(
                    f"publication date {published} is in the future; fix the date header",
                    path=path,
                )
            body = rest
        source = source or meta.get("source") or meta.get("outlet")
        url = url or meta.get("url")
        body = body.strip()
        if not body:
            raise ArticleError("the article has no text", path=path)
        return cls(id=id or "", text=body, published=published, source=source, url=url)

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        *,
        id: str | None = None,
        source: str | None = None,
        url: str | None = None,
    ) -> Article:
        """Read a UTF-8 article file; a header line such as ``date YYYY-MM-DD`` sets the date."""
        p = Path(path)
        try:
            with p.open("rb") as f:
                data = f.read(_MAX_FILE_BYTES + 1)
        except OSError as e:
            raise ArticleError(f"cannot read: {e.strerror or e}", path=str(p)) from e
        if len(data) > _MAX_FILE_BYTES:
            raise ArticleError(
                f"larger than {_MAX_FILE_BYTES // 2**20} MB, not a news article", path=str(p)
            )
        if data.startswith(_UTF16_BOMS):
            raise ArticleError("UTF-16 text; re-encode the file as UTF-8", path=str(p))
        if b"\x00" in data:
            raise ArticleError("binary file (contains NUL bytes), not an article", path=str(p))
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ArticleError(
                f"not UTF-8 text (byte {e.start}: {data[e.start : e.start + 1]!r}); "
                "re-encode the file as UTF-8",
                path=str(p),
            ) from e
        return cls.from_text(raw, id=id, source=source, url=url, path=str(p))


class EventDate(_Record):
    """When an event happened: an interval of whole days and how precisely it is known."""

    start: dt.date
    end: dt.date
    precision: DatePrecision
    expression: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.precision == "day" and self.start != self.end:
            raise ValueError("precision 'day' needs start == end")
        return self


class Location(_Record):
    """Where an event happened, as the article names it, plus gazetteer-resolved fields."""

    name: str
    country: str | None = None
    admin1: str | None = None
    precision: LocationPrecision = "exact"
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    place_id: str | None = None
    country_iso: str | None = None
    admin1_code: str | None = None


class Actor(_Record):
    """A party to an event or the maker of a claim; kind is one of ACLED's 8 actor types."""

    name: str
    kind: ActorKind | None = None


class Count(_Record):
    """A UCDP-style toll: low ≤ best ≤ high; None where the article gives no figure."""

    low: int | None = Field(default=None, ge=0)
    best: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        known = [v for v in (self.low, self.best, self.high) if v is not None]
        if known != sorted(known):
            raise ValueError(f"need low <= best <= high, got {self.low}/{self.best}/{self.high}")
        return self

    @classmethod
    def exact(cls, n: int) -> Count:
        """A single agreed figure."""
        return cls(low=n, best=n, high=n)


class Evidence(_Record):
    """A verbatim quote and where it stands: ``article.text[start:end]`` is the matched text."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError("evidence end before start")
        return self


def _check_sub_event(event_type: str, sub_event_type: str) -> None:
    if sub_event_type not in SUB_EVENT_TYPES[event_type]:
        allowed = ", ".join(SUB_EVENT_TYPES[event_type])
        raise ValueError(
            f"sub_event_type {sub_event_type!r} does not belong to event_type "
            f"{event_type!r} (allowed: {allowed})"
        )


class _EventFields(_Record):
    event_type: EventType
    sub_event_type: SubEventType
    date: EventDate
    location: Location
    actor1: Actor
    actor2: Actor | None = None
    fatalities: Count = Field(default_factory=Count)
    injuries: Count = Field(default_factory=Count)
    civilian_targeting: bool = False
    attribution: Attribution = "unattributed"
    summary: str = ""

    @model_validator(mode="after")
    def _sub_event_belongs(self) -> Self:
        _check_sub_event(self.event_type, self.sub_event_type)
        return self


class Event(_EventFields):
    """One incident as one article reports it, with the evidence that grounds it."""

    id: str
    article_id: str
    evidence: list[Evidence] = Field(default_factory=list)


class Claim(_Record):
    """Something an actor claimed, denied, alleged or threatened, as one article reports it."""

    id: str
    article_id: str
    claimant: Actor
    kind: ClaimKind
    text: str
    event_id: str | None = None
    target: Actor | None = None
    date: dt.date | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Usage(_Record):
    """Tokens spent, summed over every request made (retries included)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    requests: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
            requests=self.requests + other.requests,
        )


class Failure(_Record):
    """Why an article produced no summary: a value, never an exception out of a batch."""

    kind: FailureKind
    message: str
    attempts: int = 0
    usage: Usage = Field(default_factory=Usage)
    raw: str | None = None  # the last answer the model gave, when there was one


class Dropped(_Record):
    """An event or claim the model proposed that failed validation on every attempt."""

    kind: DroppedKind
    index: int
    reasons: list[str]
    item: dict[str, Any]


class ArticleSummary(_Record):
    """The result for one article: validated events and claims, or a typed failure."""

    article: Article
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    model: str = ""
    failure: Failure | None = None
    dropped: list[Dropped] = Field(default_factory=list)
    attempts: int = 0
    notes: list[str] = Field(default_factory=list)  # e.g. why some items were dropped
    # True when every model answer came from the response cache: no request was made now,
    # and `usage` is what those answers cost when they were first made.
    cached: bool = False

    @property
    def ok(self) -> bool:
        """True when the article was summarized (possibly with some items dropped)."""
        return self.failure is None

    def raise_for_failure(self) -> Self:
        """Return self, or raise SummarizeError if this summary is a failure."""
        if self.failure is not None:
            raise SummarizeError(self.article.id, self.failure)
        return self

    def _repr_html_(self) -> str:
        # Imported here: the models depend on pydantic only; the report layer draws the HTML.
        from conflictsum.report import summary_html

        return summary_html(self)


class Conflict(_Record):
    """A field on which the sources of a merged event disagree, with each source's value."""

    field: str
    values: list[tuple[str, str, Any]]  # (article_id, event_id, that source's value)


class MergedEvent(_EventFields):
    """One real incident: the consensus of every source event that reports it."""

    id: str
    members: list[tuple[str, str]]  # (article_id, event_id) of every source event
    conflicts: list[Conflict] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
