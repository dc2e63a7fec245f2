"""Flat views of conflictsum records: pandas DataFrames, JSON lines and ACLED-style CSV.

Pure: this module depends on the models only. pandas is imported inside the functions that
return a DataFrame, so it stays an optional extra (``pip install 'conflictsum[pandas]'``).

Event rows take merged events (a `MergeResult` or its ``.events``), source events, or
article summaries (their events, with each event's claims and the outlet's name). Columns
that ACLED or UCDP also have carry their names and conventions:

* ``event_date`` / ``time_precision``: a day is itself, precision 1. A 2–6 day or week
  interval is set to its middle day (rounded down), precision 2; so a night ("the previous
  night", start = the evening) is dated to that evening, precision 2, because which side
  of midnight it fell on is not known. A calendar month is set to the 15th, any other
  month-long interval to its middle day, precision 3. A date known only to the year has
  no ACLED date: the DataFrame leaves ``event_date`` empty and the CSV skips the row.
* ``geo_precision``: exact 1, near 2, region 3. ACLED does not record events located only
  to the country; the CSV skips them unless asked to keep them (then precision 3, with a
  note), and the DataFrame leaves ``geo_precision`` empty. A place the offline gazetteer
  could not locate has no coordinates: its ``geo_precision`` is empty too (a 1 would claim
  the town's coordinates), the CSV notes why, and `to_acled_csv` warns.
* ``country`` / ``admin1``: one name per resolved code, so rows group and join: the
  country as ACLED names it ("Democratic Republic of Congo", "Palestine", "Russia"), the
  subdivision by its ISO 3166-2 name; the source's own spelling where nothing resolved.
* ``inter1`` / ``inter2``: ACLED's numeric actor codes (1 State forces … 8 External/Other
  forces). ``interaction``: the two codes joined lowest first (17, 28); one-sided events
  use the code and 0 (10 = state forces only), as ACLED's numeric codebook does. Empty
  when an actor's type is unknown.
* ``disorder_type``: derived from the event type as ACLED does (`disorder_type`).
* ``fatalities``: ACLED's lowest credible figure, the lowest known of low/best/high, and 0
  when no figure is reported; UCDP's ``low`` / ``best`` / ``high`` are kept alongside.
* ``source``: every outlet of the event, sorted and joined with ";" (the article's
  ``source``, else its id). ``notes``: the summary, the fields the sources disagree on,
  then the claims about the event.

`ACLED_COLUMNS` lists every column of the CSV, how it is filled, and for the columns
conflictsum cannot fill, why.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pycountry
from pydantic import ValidationError

from conflictsum._types import INTER_CODES
from conflictsum.models import (
    Actor,
    Article,
    ArticleSummary,
    Claim,
    Count,
    Event,
    EventDate,
    Location,
    MergedEvent,
)

if TYPE_CHECKING:
    # pandas ships no type information without pandas-stubs.
    import pandas as pd  # type: ignore[import-untyped]

__all__ = [
    "ACLED_COLUMNS",
    "EVENT_COLUMNS",
    "GEO_PRECISION",
    "UCDP_DATE_PREC",
    "AcledExport",
    "ExportColumn",
    "ExportWarning",
    "HasMergedEvents",
    "Skipped",
    "acled_export",
    "admin1_name",
    "claims_to_pandas",
    "conflict_value_text",
    "country_name",
    "disorder_type",
    "event_date",
    "events_to_pandas",
    "from_jsonl",
    "summaries_to_pandas",
    "time_precision",
    "to_acled_csv",
    "to_jsonl",
]


@runtime_checkable
class HasMergedEvents(Protocol):
    """Anything holding merged events, such as `conflictsum.merge.MergeResult`."""

    @property
    def events(self) -> Sequence[MergedEvent]: ...


EventRecords = HasMergedEvents | Iterable[MergedEvent | Event | ArticleSummary]
Sources = Iterable[Article | ArticleSummary]


class ExportWarning(UserWarning):
    """Records were left out of an export; the message says which and why."""


@dataclass(frozen=True)
class ExportColumn:
    """One column of the ACLED CSV: how conflictsum fills it, or why it stays empty."""

    name: str
    filled: bool
    description: str


ACLED_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn(
        "event_id_cnty",
        True,
        "conflictsum's stable id of the (merged) event. ACLED's own ids (country code and a "
        "serial number) are assigned by ACLED, so these never collide with or equal them.",
    ),
    ExportColumn(
        "event_date",
        True,
        "one day for the interval, as ACLED dates: a 2–6 day or week interval its middle day "
        "rounded down (a night: its evening), a calendar month the 15th, another month-long "
        "span its middle day. Events known only to the year are not exported.",
    ),
    ExportColumn("year", True, "the year of event_date."),
    ExportColumn("time_precision", True, "1 a day, 2 two to seven days (a night: 2), 3 a month."),
    ExportColumn("disorder_type", True, "derived from event_type and sub_event_type."),
    ExportColumn("event_type", True, "event_type, spelled as ACLED spells it."),
    ExportColumn("sub_event_type", True, "sub_event_type, spelled as ACLED spells it."),
    ExportColumn("actor1", True, "actor1.name."),
    ExportColumn(
        "assoc_actor_1",
        False,
        "not filled: a record has one actor per side; an article's joint actor "
        "('US and UK forces') stays one name in actor1.",
    ),
    ExportColumn("inter1", True, "ACLED's numeric code of actor1.kind; empty when unknown."),
    ExportColumn("actor2", True, "actor2.name; empty for one-sided events."),
    ExportColumn("assoc_actor_2", False, "not filled, as assoc_actor_1."),
    ExportColumn("inter2", True, "ACLED's numeric code of actor2.kind; empty when unknown."),
    ExportColumn(
        "interaction",
        True,
        "inter codes joined lowest first (17); one-sided: the code and 0 (10).",
    ),
    ExportColumn(
        "civilian_targeting", True, "'Civilian targeting' when civilians were targeted, else empty."
    ),
    ExportColumn(
        "iso",
        True,
        "ACLED's numeric ISO 3166 code of location.country_iso (400 for JO); empty when the "
        "country is not resolved.",
    ),
    ExportColumn(
        "region", False, "not filled: ACLED's world regions are its own grouping, not in the data."
    ),
    ExportColumn(
        "country",
        True,
        'ACLED\'s name of location.country_iso ("Democratic Republic of Congo"); the '
        "source's location.country when unresolved.",
    ),
    ExportColumn(
        "admin1",
        True,
        "the ISO 3166-2 name of location.admin1_code, one per code; location.admin1 as the "
        "source gives it when unresolved.",
    ),
    ExportColumn(
        "admin2",
        False,
        "not filled: the offline gazetteer resolves countries, first-level subdivisions and "
        "towns, not second- or third-level units.",
    ),
    ExportColumn("admin3", False, "not filled, as admin2."),
    ExportColumn("location", True, "location.name as the articles give it."),
    ExportColumn(
        "latitude", True, "location.latitude (4 decimals in the CSV, as ACLED); empty if unknown."
    ),
    ExportColumn(
        "longitude", True, "location.longitude (4 decimals in the CSV, as ACLED); empty if unknown."
    ),
    ExportColumn(
        "geo_precision",
        True,
        "location.precision exact 1, near 2, region 3; empty when the place has no coordinates "
        "(notes say so). Country-level events are not exported unless "
        "include_country_level=True, which gives them 3 and says so in notes.",
    ),
    ExportColumn("source", True, "the outlets of every source article, sorted, ';'-joined."),
    ExportColumn(
        "source_scale",
        False,
        "not filled: whether an outlet is local, national or international is not known to "
        "conflictsum.",
    ),
    ExportColumn(
        "notes",
        True,
        "the summary, the fields the sources disagree on, then the claims about the event.",
    ),
    ExportColumn("fatalities", True, "the lowest known of low/best/high; 0 when none is reported."),
    ExportColumn(
        "tags", False, "not filled: ACLED's tags (crowd size, women targeted …) are not extracted."
    ),
    ExportColumn(
        "timestamp",
        False,
        "not filled: the time a row entered ACLED's database has no counterpart here.",
    ),
    ExportColumn("best", True, "UCDP-style best fatality estimate (fatalities.best)."),
    ExportColumn("low", True, "UCDP-style low fatality estimate (fatalities.low)."),
    ExportColumn("high", True, "UCDP-style high fatality estimate (fatalities.high)."),
)

_ACLED_NAMES = [c.name for c in ACLED_COLUMNS]


@dataclass(frozen=True)
class Skipped:
    """A record left out of an export, and why."""

    id: str
    reason: str


@dataclass(frozen=True)
class AcledExport:
    """ACLED-style rows (every value a string) and the records that could not be exported."""

    rows: list[dict[str, str]]
    skipped: list[Skipped] = field(default_factory=list)

    def to_csv(self) -> str:
        """The rows as CSV text with ACLED's header, in `ACLED_COLUMNS` order."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=_ACLED_NAMES, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue()


# Vocabulary mappings -----------------------------------------------------------------------


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event type and sub-event type."""
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    # Violent demonstrations are still demonstrations; mob violence is political violence.
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def time_precision(date: EventDate) -> int | None:
    """ACLED's time_precision of a date interval; None when it is vaguer than a month."""
    return {"day": 1, "days": 2, "week": 2, "month": 3}.get(date.precision)


def event_date(date: EventDate) -> dt.date | None:
    """The single date ACLED would record for an interval; None when vaguer than a month."""
    if date.precision == "day":
        return date.start
    if date.precision == "month" and _is_calendar_month(date):
        return date.start.replace(day=15)
    if date.precision in ("days", "week", "month"):
        return date.start + (date.end - date.start) // 2
    return None


def _is_calendar_month(date: EventDate) -> bool:
    next_day = date.end + dt.timedelta(days=1)
    return date.start.day == 1 and next_day.day == 1 and date.start.month == date.end.month


# ACLED's geo_precision of each location precision; country-level events ACLED does not record.
GEO_PRECISION: dict[str, int] = {"exact": 1, "near": 2, "region": 3}
# UCDP's date_prec of each date precision.
UCDP_DATE_PREC: dict[str, int] = {"day": 1, "days": 2, "week": 3, "month": 4, "year": 5}


def _inter(actor: Actor | None) -> int | None:
    return None if actor is None or actor.kind is None else INTER_CODES[actor.kind]


def _interaction(actor1: Actor, actor2: Actor | None) -> int | None:
    code1 = _inter(actor1)
    if code1 is None:
        return None
    if actor2 is None:
        return code1 * 10
    code2 = _inter(actor2)
    if code2 is None:
        return None
    low, high = sorted((code1, code2))
    return low * 10 + high


def _lowest(count: Count) -> int:
    return next((v for v in (count.low, count.best, count.high) if v is not None), 0)


# Collecting records ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """An event to export, with the claims about it and the (article_id, event_id) it stands for."""

    event: Event | MergedEvent
    claims: list[Claim]
    members: list[tuple[str, str]]


def _source_names(*groups: Iterable[Article | ArticleSummary]) -> dict[str, str]:
    names: dict[str, str] = {}
    for group in groups:
        for item in group:
            article = item.article if isinstance(item, ArticleSummary) else item
            if article.source:
                names[article.id] = article.source
    return names


def _outlets(records: EventRecords) -> dict[str, str]:
    """The outlets a merge result kept for its source articles (`MergeResult.outlets`)."""
    outlets = getattr(records, "outlets", None)
    return dict(outlets) if isinstance(outlets, dict) else {}


def _items(records: EventRecords) -> tuple[list[_Item], list[ArticleSummary]]:
    """The events of `records` with their claims, and the summaries found among them."""
    if isinstance(records, ArticleSummary):
        raise TypeError("pass a list of ArticleSummary, not a single one")
    given = list(records.events) if isinstance(records, HasMergedEvents) else list(records)
    items: list[_Item] = []
    summaries: list[ArticleSummary] = []
    for record in given:
        if isinstance(record, MergedEvent):
            items.append(_Item(record, list(record.claims), list(record.members)))
        elif isinstance(record, Event):
            items.append(_Item(record, [], [(record.article_id, record.id)]))
        elif isinstance(record, ArticleSummary):
            summaries.append(record)
            for event in record.events:
                about = [c for c in record.claims if c.event_id == event.id]
                items.append(_Item(event, about, [(event.article_id, event.id)]))
        else:
            raise TypeError(
                "expected MergedEvent, Event or ArticleSummary records, "
                f"not {type(record).__name__}"
            )
    return items, summaries


def _claim_text(claim: Claim) -> str:
    return f"{claim.claimant.name} ({claim.kind}): {claim.text}"


def conflict_value_text(value: Any) -> str:
    """One source's value in a `Conflict`, as a reader would write it."""
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict) and {"start", "end"} <= value.keys():
        start, end = value["start"], value["end"]
        return str(start) if start == end else f"{start}..{end}"
    if isinstance(value, dict) and {"low", "best", "high"} <= value.keys():
        known = sorted({v for v in (value["low"], value["best"], value["high"]) if v is not None})
        if not known:
            return "no figure"
        if len(known) == 1:
            return str(known[0])
        best = f", best {value['best']}" if value["best"] is not None else ""
        return f"{known[0]}-{known[-1]}{best}"
    return str(value)


def _notes(item: _Item, names: dict[str, str]) -> str:
    parts = [item.event.summary.strip()] if item.event.summary.strip() else []
    if isinstance(item.event, MergedEvent):
        for conflict in item.event.conflicts:
            values = ", ".join(
                f"{names.get(article, article)} {conflict_value_text(value)}"
                for article, _, value in conflict.values
            )
            parts.append(f"Sources disagree on {conflict.field}: {values}.")
    if item.claims:
        parts.append("Claims: " + " | ".join(_claim_text(c) for c in item.claims))
    return " ".join(parts)


# ACLED's country names where they differ from ISO 3166's short names.
_ACLED_COUNTRY = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "PS": "Palestine",
    "RU": "Russia",
    "US": "United States",
    "GB": "United Kingdom",
    "CI": "Ivory Coast",
    "SZ": "eSwatini",
    "CZ": "Czech Republic",
    "TR": "Turkey",
    "BN": "Brunei",
    "CV": "Cape Verde",
    "FM": "Micronesia",
    "XK": "Kosovo",
    "VA": "Vatican City",
    "MK": "North Macedonia",
}


def country_name(alpha_2: str | None, fallback: str | None = None) -> str | None:
    """The name ACLED gives a country ("CD" -> "Democratic Republic of Congo"), else `fallback`."""
    if not alpha_2:
        return fallback
    if alpha_2 in _ACLED_COUNTRY:
        return _ACLED_COUNTRY[alpha_2]
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return fallback
    return str(getattr(country, "common_name", None) or country.name)


def admin1_name(code: str | None, fallback: str | None = None) -> str | None:
    """The ISO 3166-2 name of a subdivision code ("SO-BN" -> "Banaadir"), else `fallback`."""
    sub = pycountry.subdivisions.get(code=code) if code else None  # type: ignore[no-untyped-call]
    if sub is None:
        return fallback
    # ISO annotates some names ("Amānat al ‘Āşimah [city]"); the note is not the name.
    return str(sub.name).split(" [")[0]


def _geo_precision(loc: Location) -> int | None:
    if loc.latitude is None or loc.longitude is None:
        return None
    return GEO_PRECISION.get(loc.precision)


def _iso_numeric(alpha_2: str | None) -> int | None:
    """ISO 3166-1 numeric code, as ACLED's iso column holds it ("JO" -> 400)."""
    country = pycountry.countries.get(alpha_2=alpha_2) if alpha_2 else None
    numeric = getattr(country, "numeric", None)
    return int(numeric) if numeric else None


def _event_row(item: _Item, names: dict[str, str]) -> dict[str, Any]:
    """The flat row of one event, with typed values (dates, ints, None for unknown)."""
    e = item.event
    loc = e.location
    when = event_date(e.date)
    articles = sorted({article for article, _ in item.members})
    return {
        "event_id_cnty": e.id,
        "event_date": when,
        "year": None if when is None else when.year,
        "time_precision": time_precision(e.date),
        "disorder_type": disorder_type(e.event_type, e.sub_event_type),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1.name,
        "inter1": _inter(e.actor1),
        "actor2": e.actor2.name if e.actor2 else None,
        "inter2": _inter(e.actor2),
        "interaction": _interaction(e.actor1, e.actor2),
        "civilian_targeting": e.civilian_targeting,
        "iso": _iso_numeric(loc.country_iso),
        "country": country_name(loc.country_iso, loc.country),
        "admin1": admin1_name(loc.admin1_code, loc.admin1),
        "location": loc.name,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "geo_precision": _geo_precision(loc),
        "source": ";".join(sorted({names.get(a, a) for a in articles})),
        "notes": _notes(item, names),
        "fatalities": _lowest(e.fatalities),
        "best": e.fatalities.best,
        "low": e.fatalities.low,
        "high": e.fatalities.high,
        # UCDP's interval and precision code, then conflictsum's own fields.
        "date_start": e.date.start,
        "date_end": e.date.end,
        "date_prec": UCDP_DATE_PREC[e.date.precision],
        "date_precision": e.date.precision,
        "date_expression": e.date.expression,
        "location_precision": loc.precision,
        "place_id": loc.place_id,
        "country_iso": loc.country_iso,
        "admin1_code": loc.admin1_code,
        "actor1_kind": e.actor1.kind,
        "actor2_kind": e.actor2.kind if e.actor2 else None,
        "injuries_best": e.injuries.best,
        "injuries_low": e.injuries.low,
        "injuries_high": e.injuries.high,
        "attribution": e.attribution,
        "summary": e.summary,
        "article_id": e.article_id if isinstance(e, Event) else None,
        "n_sources": len(articles),
        "members": ";".join(f"{a}/{ev}" for a, ev in item.members),
        "conflicts": ";".join(c.field for c in e.conflicts) if isinstance(e, MergedEvent) else "",
        "n_claims": len(item.claims),
        "evidence": " | ".join(ev.quote for ev in e.evidence),
    }


# pandas ------------------------------------------------------------------------------------

_EVENT_INTS = [
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "geo_precision",
    "best",
    "low",
    "high",
    "injuries_best",
    "injuries_low",
    "injuries_high",
]
_EVENT_DATES = ["event_date", "date_start", "date_end"]
EVENT_COLUMNS: tuple[ExportColumn, ...] = (
    *(c for c in ACLED_COLUMNS if c.filled),
    ExportColumn("date_start", True, "UCDP date_start: the first day the event may have happened."),
    ExportColumn("date_end", True, "UCDP date_end: the last day the event may have happened."),
    ExportColumn("date_prec", True, "UCDP date_prec: 1 day, 2 2–6 days, 3 week, 4 month, 5 year."),
    ExportColumn("date_precision", True, "conflictsum's date precision (day … year)."),
    ExportColumn("date_expression", True, "the article's words the date was resolved from."),
    ExportColumn("location_precision", True, "conflictsum's location precision (exact … country)."),
    ExportColumn("place_id", True, "the gazetteer id the place resolved to."),
    ExportColumn("country_iso", True, "ISO 3166-1 alpha-2 code of the country."),
    ExportColumn("admin1_code", True, "ISO 3166-2 code of the first-level subdivision."),
    ExportColumn("actor1_kind", True, "ACLED actor type of actor1, as text."),
    ExportColumn("actor2_kind", True, "ACLED actor type of actor2, as text."),
    ExportColumn("injuries_best", True, "injuries.best."),
    ExportColumn("injuries_low", True, "injuries.low."),
    ExportColumn("injuries_high", True, "injuries.high."),
    ExportColumn("attribution", True, "confirmed, claimed, alleged or unattributed."),
    ExportColumn("summary", True, "the event's one-sentence summary."),
    ExportColumn("article_id", True, "the article of a source event; empty for merged events."),
    ExportColumn("n_sources", True, "how many articles report the event."),
    ExportColumn("members", True, "every source event, as article_id/event_id, ';'-joined."),
    ExportColumn("conflicts", True, "the fields the sources disagree on, ';'-joined."),
    ExportColumn("n_claims", True, "how many claims are about the event."),
    ExportColumn("evidence", True, "the evidence quotes of a source event, ' | '-joined."),
)
"""The columns of `events_to_pandas`: ACLED's fillable ones, then UCDP's and conflictsum's."""


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("DataFrames need pandas: pip install 'conflictsum[pandas]'") from e
    return pd.DataFrame(rows, columns=columns)


def _typed(frame: pd.DataFrame, ints: Sequence[str], dates: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    for name in ints:
        frame[name] = frame[name].astype("Int64")
    for name in dates:
        frame[name] = pd.to_datetime(frame[name])
    return frame


def events_to_pandas(records: EventRecords, *, articles: Sources = ()) -> pd.DataFrame:
    """One row per event (merged or source), with ACLED / UCDP column names where they map.

    `records` is a `MergeResult`, a list of merged events, a list of source events, or a
    list of article summaries. `articles` (articles or summaries) names the outlets in
    ``source``; summaries passed as records name their own. Every event gets a row: an
    ACLED field that does not apply (a date known only to the year) is left empty.
    """
    items, summaries = _items(records)
    names = {**_outlets(records), **_source_names(summaries, articles)}
    frame = _frame([_event_row(i, names) for i in items], [c.name for c in EVENT_COLUMNS])
    frame["civilian_targeting"] = frame["civilian_targeting"].astype(bool)
    frame["fatalities"] = frame["fatalities"].astype("int64")
    frame["n_sources"] = frame["n_sources"].astype("int64")
    frame["n_claims"] = frame["n_claims"].astype("int64")
    for name in ("latitude", "longitude"):
        frame[name] = frame[name].astype("float64")
    return _typed(frame, _EVENT_INTS, _EVENT_DATES)


_CLAIM_COLUMNS = [
    "claim_id",
    "article_id",
    "source",
    "claimant",
    "claimant_kind",
    "kind",
    "text",
    "event_id",
    "target",
    "target_kind",
    "date",
    "evidence",
]


def claims_to_pandas(
    records: Iterable[Claim | ArticleSummary | MergedEvent], *, articles: Sources = ()
) -> pd.DataFrame:
    """One row per claim, from claims, article summaries or merged events.

    ``date`` is when the claim was made, not when the event it is about happened.
    """
    claims: list[Claim] = []
    summaries: list[ArticleSummary] = []
    for record in records:
        if isinstance(record, ArticleSummary):
            summaries.append(record)
            claims.extend(record.claims)
        elif isinstance(record, MergedEvent):
            claims.extend(record.claims)
        else:
            claims.append(record)
    names = _source_names(summaries, articles)
    rows = [
        {
            "claim_id": c.id,
            "article_id": c.article_id,
            "source": names.get(c.article_id, c.article_id),
            "claimant": c.claimant.name,
            "claimant_kind": c.claimant.kind,
            "kind": c.kind,
            "text": c.text,
            "event_id": c.event_id,
            "target": c.target.name if c.target else None,
            "target_kind": c.target.kind if c.target else None,
            "date": c.date,
            "evidence": " | ".join(ev.quote for ev in c.evidence),
        }
        for c in claims
    ]
    return _typed(_frame(rows, _CLAIM_COLUMNS), [], ["date"])


_SUMMARY_COLUMNS = [
    "article_id",
    "source",
    "url",
    "published",
    "ok",
    "failure_kind",
    "failure_message",
    "n_events",
    "n_claims",
    "n_dropped",
    "attempts",
    "model",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "requests",
    "notes",
]


def summaries_to_pandas(summaries: Iterable[ArticleSummary]) -> pd.DataFrame:
    """One row per article: what came out of it, what failed, and what it cost."""
    rows = [
        {
            "article_id": s.article.id,
            "source": s.article.source,
            "url": s.article.url,
            "published": s.article.published,
            "ok": s.ok,
            "failure_kind": s.failure.kind if s.failure else None,
            "failure_message": s.failure.message if s.failure else None,
            "n_events": len(s.events),
            "n_claims": len(s.claims),
            "n_dropped": len(s.dropped),
            "attempts": s.attempts,
            "model": s.model,
            "prompt_tokens": s.usage.prompt_tokens,
            "completion_tokens": s.usage.completion_tokens,
            "total_tokens": s.usage.total_tokens,
            "requests": s.usage.requests,
            "notes": "; ".join(s.notes),
        }
        for s in summaries
    ]
    frame = _frame(rows, _SUMMARY_COLUMNS)
    frame["ok"] = frame["ok"].astype(bool)
    ints = [
        "n_events",
        "n_claims",
        "n_dropped",
        "attempts",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "requests",
    ]
    for name in ints:
        frame[name] = frame[name].astype("int64")
    return _typed(frame, [], ["published"])


# JSON lines --------------------------------------------------------------------------------


def to_jsonl(summaries: Iterable[ArticleSummary], path: str | Path) -> int:
    """Write one JSON line per summary (what `from_jsonl` reads back); return the count."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for s in summaries:
            f.write(s.model_dump_json() + "\n")
            count += 1
    return count


def _not_a_summary(line: str, error: ValidationError) -> str:
    """Why a line is no ArticleSummary, in a sentence saying what the file should be."""
    try:
        value = json.loads(line)
    except ValueError:
        return (
            "not JSON; expected JSON lines of article summaries, as `conflictsum summarize -o` "
            "or `conflictsum demo -o` write them"
        )
    if isinstance(value, dict) and {"events", "sources"} <= value.keys():
        return (
            "this is a saved merge result (`conflictsum merge -o`), not article summaries; "
            "pass it to `conflictsum merge` with --previous"
        )
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the line"
    return f"not an ArticleSummary ({error.error_count()} errors; first: {where}: {first['msg']})"


def from_jsonl(path: str | Path) -> list[ArticleSummary]:
    """Read summaries written by `to_jsonl` or ``conflictsum summarize -o``; blank lines skip."""
    summaries = []
    # Iterating a text file splits on \n and \r only; JSON escapes both inside strings, so a
    # line is always one record even when the articles hold U+2028 or other line breaks.
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                summaries.append(ArticleSummary.model_validate_json(line))
            except ValidationError as e:
                raise ValueError(f"{path}:{number}: {_not_a_summary(line, e)}") from e
    return summaries


# ACLED CSV ---------------------------------------------------------------------------------


def _skip_reason(item: _Item, include_country_level: bool) -> str | None:
    if time_precision(item.event.date) is None:
        return (
            f"date known only to the {item.event.date.precision} "
            f"({item.event.date.start}..{item.event.date.end}); ACLED records nothing vaguer "
            "than a month"
        )
    if item.event.location.precision == "country" and not include_country_level:
        return (
            f"located only to the country ({item.event.location.name}); ACLED does not record "
            "country-level events (include_country_level=True keeps them with geo_precision 3)"
        )
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _acled_row(item: _Item, names: dict[str, str]) -> dict[str, str]:
    row = _event_row(item, names)
    row["civilian_targeting"] = "Civilian targeting" if row["civilian_targeting"] else ""
    if item.event.location.precision == "country":
        row["geo_precision"] = 3
        row["notes"] = (row["notes"] + " " if row["notes"] else "") + (
            "[conflictsum: located only to the country; ACLED would not record this event.]"
        )
    elif row["geo_precision"] is None:
        row["notes"] = (row["notes"] + " " if row["notes"] else "") + (
            f"[conflictsum: no coordinates: {item.event.location.name!r} is not in the offline "
            "gazetteer; an alias table can place it.]"
        )
    return {c.name: _cell(row.get(c.name)) if c.filled else "" for c in ACLED_COLUMNS}


def acled_export(
    records: EventRecords, *, articles: Sources = (), include_country_level: bool = False
) -> AcledExport:
    """ACLED-style rows of the events, and every event that could not be exported with why.

    Takes the same records as `events_to_pandas`. An event dated only to the year is always
    skipped; one located only to the country is skipped unless `include_country_level`.
    """
    items, summaries = _items(records)
    names = {**_outlets(records), **_source_names(summaries, articles)}
    rows, skipped = [], []
    for item in items:
        reason = _skip_reason(item, include_country_level)
        if reason is None:
            rows.append(_acled_row(item, names))
        else:
            skipped.append(Skipped(item.event.id, reason))
    return AcledExport(rows=rows, skipped=skipped)


def to_acled_csv(
    records: EventRecords,
    path: str | Path | None = None,
    *,
    articles: Sources = (),
    include_country_level: bool = False,
) -> str:
    """The events as ACLED-style CSV text, also written to `path` when given.

    Events ACLED would not record are left out with an `ExportWarning` naming each one and
    why; `acled_export` returns them as data instead.
    """
    export = acled_export(records, articles=articles, include_country_level=include_country_level)
    text = export.to_csv()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8", newline="")
    if export.skipped:
        listed = "; ".join(f"{s.id}: {s.reason}" for s in export.skipped)
        warnings.warn(
            f"{len(export.skipped)} event(s) not exported to ACLED CSV: {listed}",
            ExportWarning,
            stacklevel=2,
        )
    unplaced = [r["event_id_cnty"] for r in export.rows if not r["geo_precision"]]
    if unplaced:
        warnings.warn(
            f"{len(unplaced)} exported event(s) have no coordinates (geo_precision empty; "
            f"an alias table can place them): {', '.join(unplaced)}",
            ExportWarning,
            stacklevel=2,
        )
    return text
