"""Cross-source merge: one record per real incident, with every source and disagreement kept.

    events ──► normalize (columns) ──► block (candidate pairs) ──► score (per-field evidence)
           ──► cluster (complete linkage) ──► assign (each report to the incident it fits)
           ──► reconcile (consensus + conflicts) ──► MergeResult

`merge()` is a thin layer over the columnar core (`EventColumns`, `cluster_arrays`), which
works on plain numpy arrays so a million records merge in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from conflictsum import places
from conflictsum.merge.actors import AGREE, BLOCKED, COMPATIBLE, CONFLICT, ActorTable
from conflictsum.merge.assign import (
    JOIN_SHARE,
    IncidentFits,
    alone_fits,
    incident_fits,
    shares,
)
from conflictsum.merge.block import candidate_pairs
from conflictsum.merge.cluster import (
    cluster_arrays,
    clusters_from_pairs,
    compatible_pairs,
    with_placed_towns,
)
from conflictsum.merge.columns import EventColumns
from conflictsum.merge.normalize import (
    OPEN_TOLL,
    claimants,
    columns_from_events,
    count_range,
    folded_alias_table,
    resolve_locations,
)
from conflictsum.merge.reconcile import merged_event
from conflictsum.merge.score import FIELDS, THRESHOLD, PairScores, next_day_pairs, score_pairs
from conflictsum.models import Actor, Article, ArticleSummary, Claim, Event, Location, MergedEvent

if TYPE_CHECKING:
    # pandas ships no type information without pandas-stubs.
    import pandas as pd  # type: ignore[import-untyped]

__all__ = [
    "EventColumns",
    "FieldVerdict",
    "IncidentFit",
    "MergeExplanation",
    "MergeResult",
    "cluster_arrays",
    "merge",
]

Verdict = Literal["agree", "compatible", "conflict", "blocked"]
_VERDICT_NAMES: dict[int, Verdict] = {
    AGREE: "agree",
    COMPATIBLE: "compatible",
    BLOCKED: "blocked",
    CONFLICT: "conflict",
}
EventKey = tuple[str, str]
Int = npt.NDArray[np.int64]


class FieldVerdict(BaseModel):
    """How one field of two source events compared, and the evidence weight it gave."""

    model_config = ConfigDict(extra="forbid")

    field: str
    verdict: Verdict
    weight: float
    detail: str

    def __str__(self) -> str:
        return f"{self.field:<11} {self.verdict:<10} {self.weight:+.2f}  {self.detail}"


class IncidentFit(BaseModel):
    """How well a source event fits one incident's other reports, and its share of the evidence.

    `fit` adds the best date, place and actor evidence any of the incident's other reports
    gives and what their tolls and event types, pooled, say of the event's own
    (`parts`). `share` is exp(fit) over the sum of exp(fit) for every incident the event
    fits plus exp(`alone`), what standing alone is worth to it: from `assign.JOIN_SHARE`
    (55%) on, it joins.
    """

    model_config = ConfigDict(extra="forbid")

    event: EventKey
    incident: str  # the merged event's id
    fit: float
    share: float
    alone: float
    parts: dict[str, float]

    def __str__(self) -> str:
        parts = ", ".join(f"{k} {v:+.2f}" for k, v in self.parts.items())
        return (
            f"{self.event[0]}/{self.event[1]} fits {self.incident} by {self.fit:.2f} "
            f"({parts}): {self.share:.0%} of its evidence (alone {self.alone:.2f})"
        )


class MergeExplanation(BaseModel):
    """Why two source events were merged or kept apart, field by field and incident by incident."""

    model_config = ConfigDict(extra="forbid")

    a: EventKey
    b: EventKey
    fields: list[FieldVerdict]
    score: float
    threshold: float
    merged: bool
    outcome: str
    fits: list[IncidentFit] = Field(default_factory=list)
    # False for plain dates a day apart: whatever their evidence, the two never link on
    # their own, only through a report of the night between them.
    can_link: bool = True

    def __str__(self) -> str:
        head = f"{self.a[0]}/{self.a[1]} vs {self.b[0]}/{self.b[1]}: {self.outcome}"
        lines = [head, *(f"  {f}" for f in self.fields)]
        needs = (
            f"linking needs {self.threshold:.2f}"
            if self.can_link
            else "never links on its own: plain dates a day apart"
        )
        lines.append(f"  pair evidence {self.score:.2f} ({needs})")
        lines.extend(f"  {f}" for f in self.fits)
        return "\n".join(lines)


@dataclass(frozen=True)
class _Index:
    """A result's source events as the merge core saw them, kept for explain()."""

    row: dict[EventKey, int]
    resolved: list[Location]
    claimed: dict[EventKey, list[Actor]]
    columns: EventColumns
    i: Int  # its compatible pairs and their evidence (compatible_pairs)
    j: Int
    score: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    placed_at: Int  # the row of a report of the site each village row was placed at, or -1

    @classmethod
    def of(
        cls, sources: Sequence[Event], claims: Iterable[Claim], aliases: Mapping[str, str]
    ) -> _Index:
        """Columns and compatible pairs of the sources, as merge() builds them."""
        resolved = resolve_locations(sources, aliases)
        claimed = claimants(claims)
        columns = columns_from_events(sources, resolved, aliases, claimed)
        found = compatible_pairs(columns, *candidate_pairs(columns))
        columns, i, j, score, weights, placed_at = with_placed_towns(columns, *found)
        row = {(e.article_id, e.id): r for r, e in enumerate(sources)}
        return cls(row, resolved, claimed, columns, i, j, score, weights, placed_at)


class MergeResult(BaseModel):
    """Merged events plus the source events and claims they came from (for re-merging)."""

    model_config = ConfigDict(extra="forbid")

    events: list[MergedEvent] = Field(default_factory=list)
    sources: list[Event] = Field(default_factory=list)
    unattached_claims: list[Claim] = Field(default_factory=list)
    aliases: dict[str, str] = Field(default_factory=dict)
    # Publication date of each source article known to have one: a later report's toll
    # supersedes an earlier one's.
    published: dict[str, dt.date] = Field(default_factory=dict)
    # The outlet of each source article that names one (Article.source), for exports.
    outlets: dict[str, str] = Field(default_factory=dict)
    _index: _Index | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        # The explain() cache is derived from the fields: equal fields, equal results.
        if not isinstance(other, MergeResult):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    @property
    def claims(self) -> list[Claim]:
        """Every claim, attached or not, sorted by (article_id, id)."""
        attached = [c for e in self.events for c in e.claims]
        return sorted([*attached, *self.unattached_claims], key=lambda c: (c.article_id, c.id))

    def merged_event_of(self, event: Event | EventKey) -> MergedEvent:
        """The merged event that a source event (or its (article_id, event_id)) belongs to."""
        key = _key(event)
        for merged in self.events:
            if key in merged.members:
                return merged
        raise KeyError(f"no source event {key[0]}/{key[1]} in this result")

    def explain(self, a: Event | EventKey, b: Event | EventKey) -> MergeExplanation:
        """Why two source events were merged or kept apart: each field, then each incident.

        The fields say how the two reports compare; the fits say how well each fits the
        other's incident and its own, as the merge decided (`IncidentFit`).
        """
        by_key = {(e.article_id, e.id): e for e in self.sources}
        ka, kb = _key(a), _key(b)
        for k in (ka, kb):
            if k not in by_key:
                raise KeyError(f"no source event {k[0]}/{k[1]} in this result")
        if self._index is None:
            self._index = _Index.of(self.sources, self.claims, self.aliases)
        index = self._index
        ma, mb = self.merged_event_of(ka), self.merged_event_of(kb)
        ia, ib = index.row[ka], index.row[kb]
        pair = score_pairs(index.columns, np.array([ia]), np.array([ib]))
        resolved, claimed = index.resolved, index.claimed
        fields = [
            FieldVerdict(
                field=name,
                verdict=_VERDICT_NAMES[int(pair.verdicts[f, 0])],
                weight=round(float(pair.weights[f, 0]), 3),
                detail=_detail(
                    name, by_key[ka], by_key[kb], resolved[ia], resolved[ib], pair, claimed
                )
                + (_placed_text(index, ia, ib) if name == "location" else ""),
            )
            for f, name in enumerate(FIELDS)
        ]
        next_day = bool(next_day_pairs(index.columns, np.array([ia]), np.array([ib]))[0])
        if next_day:
            date = FIELDS.index("date")
            fields[date] = fields[date].model_copy(
                update={
                    "detail": fields[date].detail
                    + " (a day apart: one night attack only with a report of that night)"
                }
            )
        fits = self._fits(index, (ia, ib), {ma.id, mb.id})
        merged = ma.id == mb.id
        return MergeExplanation(
            a=ka,
            b=kb,
            fields=fields,
            score=round(float(pair.score[0]), 3),
            threshold=THRESHOLD,
            merged=merged,
            outcome=_merged_reason(ma, pair, fits)
            if merged
            else _apart_reason(index, ka, kb, ma, mb, pair, fits),
            fits=fits,
            can_link=not next_day,
        )

    def _fits(self, index: _Index, rows: tuple[int, int], incidents: set[str]) -> list[IncidentFit]:
        """The fits of two rows to the given incidents, as the merge weighed them."""
        n = len(index.columns)
        labels = np.arange(n, dtype=np.int64)
        name = {}
        for merged in self.events:
            members = [index.row[m] for m in merged.members]
            labels[members] = min(members)
            name[min(members)] = merged.id
        touching = np.isin(index.i, rows) | np.isin(index.j, rows)
        found: IncidentFits = incident_fits(
            index.columns,
            labels,
            index.i[touching],
            index.j[touching],
            index.weights[:, touching],
        )
        alone = alone_fits(index.columns)
        share = shares(found, alone)
        keys = list(index.row)  # in row order
        out = []
        for k in np.flatnonzero(np.isin(found.row, rows)):
            r, cluster = int(found.row[k]), int(found.cluster[k])
            if name[cluster] not in incidents:
                continue
            out.append(
                IncidentFit(
                    event=keys[r],
                    incident=name[cluster],
                    fit=round(float(found.fit[k]), 3),
                    # Rounded down: a share shown as 0.55 passes JOIN_SHARE, as the merge read it.
                    share=math.floor(float(share[k]) * 1000) / 1000,
                    alone=float(alone[r]),
                    parts={
                        part: round(float(found.parts[p, k]), 3)
                        for p, part in enumerate(IncidentFits.PART_NAMES)
                    },
                )
            )
        return sorted(out, key=lambda f: (f.event, f.incident))

    def to_pandas(self, *, articles: Iterable[Article | ArticleSummary] = ()) -> pd.DataFrame:
        """One row per merged event, ACLED / UCDP column names; see `export.events_to_pandas`."""
        # Imported here: export is a layer above merge (one table layout for every record kind).
        from conflictsum.export import events_to_pandas

        return events_to_pandas(self, articles=articles)

    def to_acled_csv(
        self,
        path: str | Path | None = None,
        *,
        articles: Iterable[Article | ArticleSummary] = (),
        include_country_level: bool = False,
    ) -> str:
        """The merged events as ACLED-style CSV; see `conflictsum.export.to_acled_csv`."""
        from conflictsum.export import to_acled_csv

        return to_acled_csv(
            self, path, articles=articles, include_country_level=include_country_level
        )

    def _repr_html_(self) -> str:
        from conflictsum.report import merge_result_html

        return merge_result_html(self)


def _key(event: Event | EventKey) -> EventKey:
    if isinstance(event, Event):
        return (event.article_id, event.id)
    if isinstance(event, tuple) and len(event) == 2 and all(isinstance(x, str) for x in event):
        return event
    raise TypeError(
        "name a source event by the Event itself or its (article_id, event_id) tuple, "
        f"not {event!r}: an event id alone is unique only within its article"
    )


def _detail(
    field: str,
    a: Event,
    b: Event,
    la: Location,
    lb: Location,
    pair: PairScores,
    claimed: Mapping[EventKey, Sequence[Actor]],
) -> str:
    if field == "article":
        return (
            "same article: two events of one article are never merged"
            if a.article_id == b.article_id
            else "different articles"
        )
    if field == "date":
        return f"{_date_text(a)} vs {_date_text(b)}"
    if field == "location":
        km = float(pair.distance_km[0])
        distance = "" if np.isnan(km) else f", {km:.1f} km apart"
        return f"{la.name} ({la.precision}) vs {lb.name} ({lb.precision}){distance}"
    if field == "actors":
        text = f"{_actors_text(a, claimed)} vs {_actors_text(b, claimed)}"
        # Sources may name a fight's sides in either order: say which pairing was compared.
        return f"{text} (compared crossed)" if pair.actors_crossed[0] else text
    if field == "event_type":
        return f"{a.sub_event_type} ({a.event_type}) vs {b.sub_event_type} ({b.event_type})"
    return f"{_toll_text(a)} vs {_toll_text(b)} killed"


def _placed_text(index: _Index, *rows: int) -> str:
    """Which of the rows' villages the reports placed at a site (`towns.placed_towns`)."""
    placed = [
        f"{index.resolved[r].name} placed at {index.resolved[int(index.placed_at[r])].name}"
        for r in rows
        if index.placed_at[r] >= 0
    ]
    return f" ({'; '.join(placed)}, by the reports that tie them)" if placed else ""


def _date_text(e: Event) -> str:
    d = e.date
    text = str(d.start) if d.start == d.end else f"{d.start}..{d.end} ({d.precision})"
    return f'{text} "{d.expression}"' if d.expression else text


def _actors_text(e: Event, claimed: Mapping[EventKey, Sequence[Actor]]) -> str:
    text = " / ".join(a.name for a in (e.actor1, e.actor2) if a is not None) or "no actors"
    groups = sorted({a.name for a in claimed.get((e.article_id, e.id), ())})
    return f"{text} (claimed by {', '.join(groups)})" if groups else text


def _toll_text(e: Event) -> str:
    r = count_range(e.fatalities)
    if r is None:
        return "no figure"
    if r[1] == OPEN_TOLL:
        return f"at least {r[0]}"
    if r[0] == 0 and e.fatalities.low is None and e.fatalities.best is None:
        return f"up to {r[1]}"
    return str(r[0]) if r[0] == r[1] else f"{r[0]}-{r[1]}"


def _merged_reason(merged: MergedEvent, pair: PairScores, fits: Sequence[IncidentFit]) -> str:
    if pair.score[0] >= THRESHOLD:
        return f"merged into {merged.id}"
    weakest = min((f for f in fits if f.incident == merged.id), key=lambda f: f.share, default=None)
    how = "" if weakest is None else f" ({_fit_text(weakest)})"
    return (
        f"merged into {merged.id}: this pair's evidence alone is below {THRESHOLD:.2f}, but "
        f"each fits the incident its other reports describe together{how}"
    )


def _fit_text(f: IncidentFit) -> str:
    return f"{f.event[0]}/{f.event[1]} by {f.fit:.2f}, {f.share:.0%} of its evidence"


def _apart_reason(
    index: _Index,
    ka: EventKey,
    kb: EventKey,
    ma: MergedEvent,
    mb: MergedEvent,
    pair: PairScores,
    fits: Sequence[IncidentFit],
) -> str:
    failing = [FIELDS[f] for f in range(len(FIELDS)) if pair.verdicts[f, 0] < COMPATIBLE]
    if failing:
        return (
            "kept apart: "
            + ", ".join(failing)
            + (" blocks" if len(failing) == 1 else " block")
            + " the merge"
        )
    across = [
        f
        for f in fits
        if (f.event == ka and f.incident == mb.id) or (f.event == kb and f.incident == ma.id)
    ]
    ia, ib = np.array([index.row[ka]]), np.array([index.row[kb]])
    if not across and next_day_pairs(index.columns, ia, ib)[0]:
        return (
            "kept apart: the date: a day apart, one night attack only with a report of the "
            "night between them in its incident"
        )
    if not across:
        # Every report of an incident must be compatible with every other one.
        for x in ma.members:
            for y in mb.members:
                cross = score_pairs(
                    index.columns, np.array([index.row[x]]), np.array([index.row[y]])
                )
                rx, ry = np.array([index.row[x]]), np.array([index.row[y]])
                if cross.compatible[0] and next_day_pairs(index.columns, rx, ry)[0]:
                    return (
                        f"kept apart: {x[0]}/{x[1]} (with {ka[0]}/{ka[1]}) and {y[0]}/{y[1]} "
                        f"(with {kb[0]}/{kb[1]}) are dated a day apart, with no report of "
                        "the night between them"
                    )
                if not cross.compatible[0]:
                    fields = [
                        FIELDS[f] for f in range(len(FIELDS)) if cross.verdicts[f, 0] < COMPATIBLE
                    ]
                    return (
                        f"kept apart: {x[0]}/{x[1]} (with {ka[0]}/{ka[1]}) and {y[0]}/{y[1]} "
                        f"(with {kb[0]}/{kb[1]}) disagree on {', '.join(fields)}"
                    )
        return "kept apart: neither fits the other's incident"
    # The report that would move: the one giving the other's incident most of its evidence.
    willing = max(across, key=lambda f: (f.share, f.event))
    other = kb if willing.event == ka else ka
    if willing.share < JOIN_SHARE:
        return (
            f"kept apart: {willing.event[0]}/{willing.event[1]} fits the incident of "
            f"{other[0]}/{other[1]} by {willing.fit:.2f}, {willing.share:.0%} of its evidence: "
            "it fits another incident about as well, or none clearly better than standing alone"
        )
    back = [f for f in across if f.event == other]
    if back and back[0].share >= JOIN_SHARE:
        return (
            f"kept apart: {other[0]}/{other[1]} and {willing.event[0]}/{willing.event[1]} each "
            "fit the other's incident, but a report moves only where every report joining "
            "with it is compatible, so the merge left them apart"
        )
    share = back[0].share if back else 0.0
    w, o = f"{willing.event[0]}/{willing.event[1]}", f"{other[0]}/{other[1]}"
    return (
        f"kept apart: {w} would join {o}, a report on its own, but {o} gives the incident "
        f"of {w} {share:.0%} of its evidence, and a report joins one only with "
        f"{JOIN_SHARE:.0%} of it or more (the rest goes to another incident it fits as well, "
        "or to standing alone)"
    )


@dataclass
class _Collected:
    """Events and claims of merge()'s items by article id, and what their articles say."""

    events: dict[str, list[Event]]
    claims: dict[str, list[Claim]]
    published: dict[str, dt.date]
    outlets: dict[str, str]

    def drop(self, articles: Iterable[str]) -> None:
        for article in articles:
            for table in (self.events, self.claims, self.published, self.outlets):
                table.pop(article, None)


def _collect(items: Iterable[ArticleSummary | Event] | MergeResult) -> _Collected:
    """Events and claims of the items, grouped by article id, and articles' publication."""
    events: dict[str, list[Event]] = defaultdict(list)
    claims: dict[str, list[Claim]] = defaultdict(list)
    published: dict[str, dt.date] = {}
    outlets: dict[str, str] = {}
    if isinstance(items, MergeResult):
        for e in items.sources:
            events[e.article_id].append(e)
        for c in items.claims:
            claims[c.article_id].append(c)
        return _Collected(events, claims, dict(items.published), dict(items.outlets))
    if isinstance(items, ArticleSummary | Event):
        items = [items]  # one summary or event, given alone
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        raise TypeError(
            "merge() takes an iterable of ArticleSummary or Event items, or a MergeResult, "
            f"not {type(items).__name__}"
        )
    for item in items:
        if isinstance(item, ArticleSummary):
            if item.failure is not None:
                continue
            # A summary with no events still says "this article reports nothing".
            events.setdefault(item.article.id, [])
            if item.article.published is not None:
                published[item.article.id] = item.article.published
            if item.article.source:
                outlets[item.article.id] = item.article.source
            for e in item.events:
                events[e.article_id].append(e)
            for c in item.claims:
                claims[c.article_id].append(c)
        elif isinstance(item, Event):
            events[item.article_id].append(item)
        else:
            raise TypeError(
                f"merge() takes ArticleSummary or Event items, not {type(item).__name__}"
            )
    return _Collected(events, claims, published, outlets)


_Record = TypeVar("_Record", Event, Claim)


def _unique(records: Iterable[_Record]) -> list[_Record]:
    """Records sorted by (article_id, id), identical repeats dropped."""
    by_key: dict[EventKey, _Record] = {}
    for r in records:
        key = (r.article_id, r.id)
        if key in by_key and by_key[key] != r:
            what = type(r).__name__.lower()
            raise ValueError(
                f"{what} {key[1]!r} of article {key[0]!r} is given twice with different content"
            )
        by_key[key] = r
    return [by_key[k] for k in sorted(by_key)]


def merge(
    items: Iterable[ArticleSummary | Event] | MergeResult,
    *,
    previous: MergeResult | None = None,
    aliases: Mapping[str, str] | places.Aliases | None = None,
) -> MergeResult:
    """Merge events that several sources report about one incident into one record each.

    `items` are article summaries (failed ones contribute nothing), a flat list of events
    (one summary or event alone will do), or a previous result; anything else is a
    TypeError. With `previous`, articles in `items` replace that article's
    events and claims in `previous`, and the result equals merging everything at once.
    `aliases` maps other names of a place or actor to a canonical one ("Green Village" →
    "al-Omar oil field"), or a table `places.load_aliases` read from a file (its sites'
    other names and its synonyms); it is added to the aliases of `previous`.
    """
    new = _collect(items)
    table = dict(previous.aliases) if previous is not None else {}
    table.update((aliases.names() if isinstance(aliases, places.Aliases) else aliases) or {})
    if previous is not None:
        old = _collect(previous)
        old.drop(new.events)
        new = _Collected(
            {**old.events, **new.events},
            {**old.claims, **new.claims},
            {**old.published, **new.published},
            {**old.outlets, **new.outlets},
        )
    new_events, new_claims = new.events, new.claims
    # Only articles whose events are merged: a flat event list carries no dates.
    published = {a: new.published[a] for a in sorted(new.published) if a in new_events}
    outlets = {a: new.outlets[a] for a in sorted(new.outlets) if a in new_events}
    events = _unique(e for group in new_events.values() for e in group)
    claims = _unique(c for group in new_claims.values() for c in group)
    index = _Index.of(events, claims, table)
    resolved = index.resolved
    labels = clusters_from_pairs(index.columns, index.i, index.j, index.score, index.weights)
    clusters: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels.tolist()):
        clusters[label].append(row)
    actors = ActorTable(table)
    folded = folded_alias_table(table)
    claims_by_event: dict[EventKey, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.event_id is not None:
            claims_by_event[(c.article_id, c.event_id)].append(c)
    merged = []
    for rows in clusters.values():
        members = [events[r] for r in rows]
        member_claims = [c for e in members for c in claims_by_event.get((e.article_id, e.id), [])]
        merged.append(
            merged_event(
                members, [resolved[r] for r in rows], member_claims, actors, folded, published
            )
        )
    merged.sort(key=_event_order)
    attached = {(c.article_id, c.id) for e in merged for c in e.claims}
    result = MergeResult(
        events=merged,
        sources=events,
        unattached_claims=[c for c in claims if (c.article_id, c.id) not in attached],
        aliases=table,
        published=published,
        outlets=outlets,
    )
    result._index = index
    return result


def _event_order(e: MergedEvent) -> tuple[Any, ...]:
    return (e.date.start, e.date.end, e.location.country or "", e.location.name, e.id)
