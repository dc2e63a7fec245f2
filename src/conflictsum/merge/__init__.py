"""Cross-source merge: one record per real incident, with every source and disagreement kept.

    events ──► normalize (columns) ──► block (candidate pairs) ──► score (per-field evidence)
           ──► cluster (complete linkage) ──► reconcile (consensus + conflicts) ──► MergeResult

`merge()` is a thin layer over the columnar core (`EventColumns`, `cluster_arrays`), which
works on plain numpy arrays so a million records merge in well under a minute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from conflictsum import places
from conflictsum.merge.actors import AGREE, BLOCKED, COMPATIBLE, CONFLICT, ActorTable
from conflictsum.merge.cluster import cluster_arrays
from conflictsum.merge.columns import EventColumns
from conflictsum.merge.normalize import (
    claimants,
    columns_from_events,
    count_range,
    resolve_locations,
)
from conflictsum.merge.reconcile import merged_event
from conflictsum.merge.score import FIELDS, THRESHOLD, PairScores, score_pairs
from conflictsum.models import Actor, Article, ArticleSummary, Claim, Event, Location, MergedEvent

if TYPE_CHECKING:
    # pandas ships no type information without pandas-stubs.
    import pandas as pd  # type: ignore[import-untyped]

__all__ = [
    "EventColumns",
    "FieldVerdict",
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


class FieldVerdict(BaseModel):
    """How one field of two source events compared, and the evidence weight it gave."""

    model_config = ConfigDict(extra="forbid")

    field: str
    verdict: Verdict
    weight: float
    detail: str

    def __str__(self) -> str:
        return f"{self.field:<11} {self.verdict:<10} {self.weight:+.2f}  {self.detail}"


class MergeExplanation(BaseModel):
    """Why two source events were merged or kept apart, field by field."""

    model_config = ConfigDict(extra="forbid")

    a: EventKey
    b: EventKey
    fields: list[FieldVerdict]
    score: float
    threshold: float
    merged: bool
    outcome: str

    def __str__(self) -> str:
        head = f"{self.a[0]}/{self.a[1]} vs {self.b[0]}/{self.b[1]}: {self.outcome}"
        lines = [head, *(f"  {f}" for f in self.fields)]
        lines.append(f"  evidence {self.score:.2f} (merging needs {self.threshold:.2f})")
        return "\n".join(lines)


class MergeResult(BaseModel):
    """Merged events plus the source events and claims they came from (for re-merging)."""

    model_config = ConfigDict(extra="forbid")

    events: list[MergedEvent] = Field(default_factory=list)
    sources: list[Event] = Field(default_factory=list)
    unattached_claims: list[Claim] = Field(default_factory=list)
    aliases: dict[str, str] = Field(default_factory=dict)

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
        """Which fields agreed, were compatible, or blocked merging two source events."""
        by_key = {(e.article_id, e.id): e for e in self.sources}
        ka, kb = _key(a), _key(b)
        for k in (ka, kb):
            if k not in by_key:
                raise KeyError(f"no source event {k[0]}/{k[1]} in this result")
        ma, mb = self.merged_event_of(ka), self.merged_event_of(kb)
        rows = sorted({ka, kb, *ma.members, *mb.members})
        events = [by_key[k] for k in rows]
        resolved = resolve_locations(events, self.aliases)
        claimed = claimants(self.claims)
        columns = columns_from_events(events, resolved, self.aliases, claimed)
        ia, ib = rows.index(ka), rows.index(kb)
        pair = score_pairs(columns, np.array([ia]), np.array([ib]))
        fields = [
            FieldVerdict(
                field=name,
                verdict=_VERDICT_NAMES[int(pair.verdicts[f, 0])],
                weight=round(float(pair.weights[f, 0]), 3),
                detail=_detail(
                    name, by_key[ka], by_key[kb], resolved[ia], resolved[ib], pair, claimed
                ),
            )
            for f, name in enumerate(FIELDS)
        ]
        merged = ma.id == mb.id
        return MergeExplanation(
            a=ka,
            b=kb,
            fields=fields,
            score=round(float(pair.score[0]), 3),
            threshold=THRESHOLD,
            merged=merged,
            outcome=_merged_reason(ma, pair)
            if merged
            else _apart_reason(columns, rows, ka, kb, ma, mb, pair),
        )

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
    return (event.article_id, event.id) if isinstance(event, Event) else (event[0], event[1])


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
        return f"{_actors_text(a, claimed)} vs {_actors_text(b, claimed)}"
    if field == "event_type":
        return f"{a.sub_event_type} ({a.event_type}) vs {b.sub_event_type} ({b.event_type})"
    return f"{_toll_text(a)} vs {_toll_text(b)} killed"


def _date_text(e: Event) -> str:
    d = e.date
    return str(d.start) if d.start == d.end else f"{d.start}..{d.end} ({d.precision})"


def _actors_text(e: Event, claimed: Mapping[EventKey, Sequence[Actor]]) -> str:
    text = " / ".join(a.name for a in (e.actor1, e.actor2) if a is not None) or "no actors"
    groups = sorted({a.name for a in claimed.get((e.article_id, e.id), ())})
    return f"{text} (claimed by {', '.join(groups)})" if groups else text


def _toll_text(e: Event) -> str:
    r = count_range(e.fatalities)
    return "no figure" if r is None else str(r[0]) if r[0] == r[1] else f"{r[0]}-{r[1]}"


def _merged_reason(merged: MergedEvent, pair: PairScores) -> str:
    if pair.score[0] >= THRESHOLD:
        return f"merged into {merged.id}"
    # Complete linkage, or a vague report fitted to what the cluster's reports say together.
    return (
        f"merged into {merged.id}: this pair's evidence alone is below {THRESHOLD:.2f}; "
        "both are compatible and each is linked to the incident through its other reports"
    )


def _apart_reason(
    columns: EventColumns,
    rows: Sequence[EventKey],
    ka: EventKey,
    kb: EventKey,
    ma: MergedEvent,
    mb: MergedEvent,
    pair: PairScores,
) -> str:
    failing = [FIELDS[f] for f in range(len(FIELDS)) if pair.verdicts[f, 0] < COMPATIBLE]
    if failing:
        return (
            "kept apart: "
            + ", ".join(failing)
            + (" blocks" if len(failing) == 1 else " block")
            + " the merge"
        )
    if pair.score[0] < THRESHOLD:
        return (
            f"kept apart: compatible, but the evidence {pair.score[0]:.2f} is below {THRESHOLD:.2f}"
        )
    # Complete linkage: a member of one cluster conflicts with a member of the other.
    for x in ma.members:
        for y in mb.members:
            cross = score_pairs(columns, np.array([rows.index(x)]), np.array([rows.index(y)]))
            if not cross.compatible[0]:
                fields = [
                    FIELDS[f] for f in range(len(FIELDS)) if cross.verdicts[f, 0] < COMPATIBLE
                ]
                return (
                    f"kept apart: {x[0]}/{x[1]} (merged with {ka[0]}/{ka[1]}) and {y[0]}/{y[1]} "
                    f"(merged with {kb[0]}/{kb[1]}) disagree on {', '.join(fields)}"
                )
    return (
        "kept apart: ambiguous, one of the two fits another incident about as well, "
        "so the evidence does not say which incident it reports"
    )


def _collect(
    items: Iterable[ArticleSummary | Event] | MergeResult,
) -> tuple[dict[str, list[Event]], dict[str, list[Claim]]]:
    """Events and claims of the items, grouped by article id."""
    events: dict[str, list[Event]] = defaultdict(list)
    claims: dict[str, list[Claim]] = defaultdict(list)
    if isinstance(items, MergeResult):
        for e in items.sources:
            events[e.article_id].append(e)
        for c in items.claims:
            claims[c.article_id].append(c)
        return events, claims
    for item in items:
        if isinstance(item, ArticleSummary):
            if item.failure is not None:
                continue
            # A summary with no events still says "this article reports nothing".
            events.setdefault(item.article.id, [])
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
    return events, claims


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
    aliases: Mapping[str, str] | None = None,
) -> MergeResult:
    """Merge events that several sources report about one incident into one record each.

    `items` are article summaries (failed ones contribute nothing), a flat list of events,
    or a previous result. With `previous`, articles in `items` replace that article's
    events and claims in `previous`, and the result equals merging everything at once.
    `aliases` maps other names of a place or actor to a canonical one ("Green Village" →
    "al-Omar oil field"; `places.load_aliases` reads one from a file); it is added to the
    aliases of `previous`.
    """
    new_events, new_claims = _collect(items)
    table = dict(previous.aliases) if previous is not None else {}
    table.update(aliases or {})
    if previous is not None:
        old_events, old_claims = _collect(previous)
        for article in new_events:
            old_events.pop(article, None)
            old_claims.pop(article, None)
        new_events = {**old_events, **new_events}
        new_claims = {**old_claims, **new_claims}
    events = _unique(e for group in new_events.values() for e in group)
    claims = _unique(c for group in new_claims.values() for c in group)
    resolved = resolve_locations(events, table)
    columns = columns_from_events(events, resolved, table, claimants(claims))
    labels = cluster_arrays(columns)
    clusters: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels.tolist()):
        clusters[label].append(row)
    actors = ActorTable(table)
    folded = {places.fold_place_name(k): places.fold_place_name(v) for k, v in table.items()}
    claims_by_event: dict[EventKey, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.event_id is not None:
            claims_by_event[(c.article_id, c.event_id)].append(c)
    merged = []
    for rows in clusters.values():
        members = [events[r] for r in rows]
        member_claims = [c for e in members for c in claims_by_event.get((e.article_id, e.id), [])]
        merged.append(
            merged_event(members, [resolved[r] for r in rows], member_claims, actors, folded)
        )
    merged.sort(key=_event_order)
    attached = {(c.article_id, c.id) for e in merged for c in e.claims}
    return MergeResult(
        events=merged,
        sources=events,
        unattached_claims=[c for c in claims if (c.article_id, c.id) not in attached],
        aliases=table,
    )


def _event_order(e: MergedEvent) -> tuple[Any, ...]:
    return (e.date.start, e.date.end, e.location.country or "", e.location.name, e.id)
