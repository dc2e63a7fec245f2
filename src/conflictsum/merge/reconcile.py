"""One merged record from a cluster of source events: consensus fields plus every disagreement."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from conflictsum._types import EVENT_TYPE_ORDER, SUB_EVENT_TYPES
from conflictsum.merge.actors import CONFLICT, ActorTable
from conflictsum.merge.normalize import claimants, place_key, with_claimant
from conflictsum.models import (
    Actor,
    Claim,
    Conflict,
    Count,
    Event,
    EventDate,
    Location,
    MergedEvent,
)

__all__ = ["merged_event", "merged_event_id"]

_ATTRIBUTION_STRENGTH = ("confirmed", "claimed", "alleged", "unattributed")
_GEO_ORDER = ("exact", "near", "region", "country")


def merged_event_id(members: Sequence[tuple[str, str]]) -> str:
    """A stable id for a cluster: the same members always give the same id."""
    text = "\n".join(f"{article}\x1f{event}" for article, event in sorted(members))
    return "m" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:15]


def _consensus_date(events: Sequence[Event]) -> EventDate:
    # Pairwise-overlapping intervals always share a common day (Helly, in one dimension).
    # Only the two edges of one night ("late Sunday", "early Monday") share none, and two
    # plain dates a day apart merged with a report of that night: the consensus is then the
    # night between them, and the date conflict lists both.
    start = max(e.date.start for e in events)
    end = min(e.date.end for e in events)
    start, end = min(start, end), max(start, end)
    for e in events:
        if (e.date.start, e.date.end) == (start, end):
            return e.date.model_copy()
    days = (end - start).days + 1
    precision = "day" if days == 1 else "days" if days < 7 else "week" if days < 14 else "month"
    return EventDate(start=start, end=end, precision=precision)


def _consensus_location(
    events: Sequence[Event], resolved: Sequence[Location], keys: Sequence[str | None]
) -> Location:
    frequency = Counter(keys)

    def rank(k: int) -> tuple[Any, ...]:
        loc = resolved[k]
        return (
            _GEO_ORDER.index(loc.precision),
            loc.place_id is None,
            loc.latitude is None,
            -frequency[keys[k]],
            events[k].article_id,
            events[k].id,
        )

    order = sorted(range(len(events)), key=rank)
    chosen = resolved[order[0]]
    # Gaps the most precise report leaves (its province, country code) from the others: the
    # most common value, a province with its code from one report.
    filled: dict[str, Any] = {}
    for names in (("admin1", "admin1_code"), ("country_iso",)):
        if getattr(chosen, names[0]) is None:
            having = [resolved[k] for k in order if getattr(resolved[k], names[0]) is not None]
            values = Counter(getattr(loc, names[0]) for loc in having)
            if having:
                source = max(having, key=lambda loc: values[getattr(loc, names[0])])
                filled.update({name: getattr(source, name) for name in names})
    return chosen.model_copy(update=filled)


def _pairing_fit(
    table: ActorTable, codes: tuple[int, int], ref: tuple[int, int]
) -> tuple[bool, float]:
    verdicts, weights = table.verdicts(
        np.array(codes, dtype=np.int64), np.array(ref, dtype=np.int64)
    )
    return bool(verdicts.min() > CONFLICT), float(weights.sum())


def _where(event: Event) -> str | None:
    """The event's country, which a few actor names depend on."""
    return event.location.country_iso or event.location.country


def _aligned_actors(
    events: Sequence[Event], table: ActorTable
) -> list[tuple[Actor | None, Actor | None]]:
    """Each event's (actor1, actor2), swapped where needed to line up with the fullest report."""
    codes = [(table.code(e.actor1, _where(e)), table.code(e.actor2, _where(e))) for e in events]

    def fullness(k: int) -> tuple[int, int, str, str]:
        named = sum(1 for c in codes[k] if c >= 0 and not table.profiles[c].generic)
        return (-named, -sum(1 for c in codes[k] if c >= 0), events[k].article_id, events[k].id)

    ref = codes[min(range(len(events)), key=fullness)]
    aligned: list[tuple[Actor | None, Actor | None]] = []
    for event, (a1, a2) in zip(events, codes, strict=True):
        swap = _pairing_fit(table, (a2, a1), ref) > _pairing_fit(table, (a1, a2), ref)
        aligned.append((event.actor2, event.actor1) if swap else (event.actor1, event.actor2))
    return aligned


def _as_claimed(events: Sequence[Event], claims: Sequence[Claim], table: ActorTable) -> list[Event]:
    """Events with the one group that claimed each in place of a generic perpetrator."""
    claimed = claimants(claims)
    out = []
    for e in events:
        where = _where(e)
        groups = {table.code(a, where): a for a in reversed(claimed.get((e.article_id, e.id), []))}
        a1, a2 = table.code(e.actor1, where), table.code(e.actor2, where)
        n1, n2 = with_claimant(table, a1, a2, set(groups))
        if (n1, n2) == (a1, a2):
            out.append(e)
            continue
        actor1 = e.actor1 if n1 == a1 else groups[n1]
        actor2 = e.actor2 if n2 == a2 else groups[n2]
        out.append(e.model_copy(update={"actor1": actor1, "actor2": actor2}))
    return out


def _consensus_actor(
    values: Sequence[Actor | None], table: ActorTable, where: str | None
) -> Actor | None:
    present = [a for a in values if a is not None]
    if not present:
        return None
    profiles = [table.profiles[table.code(a, where)] for a in present]
    frequency = Counter(p.key for p in profiles)
    best = min(
        range(len(present)),
        key=lambda k: (profiles[k].generic, -frequency[profiles[k].key], -len(present[k].name)),
    )
    chosen = present[best]
    if chosen.kind is None:
        # Another source may have typed the same actor.
        kinds = sorted(
            a.kind
            for a, p in zip(present, profiles, strict=True)
            if p.key == profiles[best].key and a.kind
        )
        if kinds:
            return Actor(name=chosen.name, kind=Counter(kinds).most_common(1)[0][0])
    return chosen.model_copy()


def _consensus_count(
    counts: Sequence[Count], published: Sequence[dt.date | None] | None = None
) -> Count:
    """Low, best and high of the sources' figures, as ACLED's conservative rule reads them.

    A figure a later article revised is superseded: low and best come from the reports
    published last (with those whose publication is unknown), high from every report.
    Best is the lower median, so of two sources the more conservative figure.
    """
    dated = list(zip(counts, published or [None] * len(counts), strict=True))
    known = [(c, day) for c, day in dated if (c.low, c.best, c.high) != (None, None, None)]
    if not known:
        return Count()
    latest = max((day for _, day in known if day is not None), default=None)
    current = [c for c, day in known if day is None or day == latest]
    # A figure given only as a ceiling ("up to 85", "fewer than 100") says no low or best;
    # one given only as a floor ("at least 101") is its best, as ACLED reads it, and says
    # no high.
    highs = [v for c, _ in known for v in (c.best, c.high) if v is not None]
    floors = [c for c in current if c.low is not None or c.best is not None]
    if not floors:
        return Count(high=max(highs))
    low = min(min(v for v in (c.low, c.best, c.high) if v is not None) for c in floors)
    bests = sorted(c.best if c.best is not None else (c.low or 0) for c in floors)
    best = bests[(len(bests) - 1) // 2]
    return Count(low=low, best=best, high=max([*highs, best]) if highs else None)


def _name(actor: Actor | None) -> str | None:
    return None if actor is None else actor.name


def _key(table: ActorTable, actor: Actor | None, where: str | None) -> str | None:
    return None if actor is None else table.profiles[table.code(actor, where)].key


def _count_key(count: dict[str, int | None]) -> tuple[int | None, ...] | None:
    values = (count["low"], count["best"], count["high"])
    return None if values == (None, None, None) else values


def _conflict(
    field: str, events: Sequence[Event], values: Sequence[Any], keys: Sequence[Any] | None = None
) -> Conflict | None:
    """A conflict when sources give different values (by key); sources with no value don't count."""
    compared = values if keys is None else keys
    if len({k for k in compared if k is not None}) <= 1:
        return None
    return Conflict(
        field=field, values=[(e.article_id, e.id, v) for e, v in zip(events, values, strict=True)]
    )


def merged_event(
    events: Sequence[Event],
    resolved: Sequence[Location],
    claims: Sequence[Claim],
    table: ActorTable,
    folded_aliases: Mapping[str, str],
    published: Mapping[str, dt.date] | None = None,
) -> MergedEvent:
    """The consensus of a cluster of events (with their resolved locations) and its claims.

    `published` gives source articles' publication dates, for tolls later reports revised.
    """
    members = sorted((e.article_id, e.id) for e in events)
    keys = [place_key(loc, folded_aliases) for loc in resolved]
    aligned = _aligned_actors(events, table)
    # The consensus names the group that claimed an attack a report leaves generic, as
    # ACLED codes a claimed attack (and as merge compared it); conflicts keep each
    # source's own words.
    claimed = _aligned_actors(_as_claimed(events, claims, table), table)
    # Merged reports share a country: a name that means another group there, means it in all.
    where = next((w for e in events if (w := _where(e))), None)
    actor1 = _consensus_actor([a for a, _ in claimed], table, where)
    actor2 = _consensus_actor([b for _, b in claimed], table, where)
    if actor1 is None:
        actor1, actor2 = actor2, None
    assert actor1 is not None  # every event has an actor1, so some slot holds one
    event_type = min((e.event_type for e in events), key=EVENT_TYPE_ORDER.index)
    sub_event_type = min(
        (e.sub_event_type for e in events if e.event_type == event_type),
        key=SUB_EVENT_TYPES[event_type].index,
    )

    dates = [e.date.model_dump(mode="json") for e in events]
    fatalities = [e.fatalities.model_dump() for e in events]
    injuries = [e.injuries.model_dump() for e in events]
    candidates = [
        _conflict("date", events, dates, [(d["start"], d["end"]) for d in dates]),
        _conflict("location", events, [e.location.name for e in events], keys),
        _conflict(
            "actor1",
            events,
            [_name(a) for a, _ in aligned],
            [_key(table, a, where) for a, _ in aligned],
        ),
        _conflict(
            "actor2",
            events,
            [_name(b) for _, b in aligned],
            [_key(table, b, where) for _, b in aligned],
        ),
        _conflict("event_type", events, [e.event_type for e in events]),
        _conflict("sub_event_type", events, [e.sub_event_type for e in events]),
        _conflict("fatalities", events, fatalities, [_count_key(c) for c in fatalities]),
        _conflict("injuries", events, injuries, [_count_key(c) for c in injuries]),
        _conflict("civilian_targeting", events, [e.civilian_targeting for e in events]),
        _conflict("attribution", events, [e.attribution for e in events]),
    ]
    member_set = set(members)
    days = [(published or {}).get(e.article_id) for e in events]
    return MergedEvent(
        id=merged_event_id(members),
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=_consensus_date(events),
        location=_consensus_location(events, resolved, keys),
        actor1=actor1,
        actor2=actor2,
        fatalities=_consensus_count([e.fatalities for e in events], days),
        injuries=_consensus_count([e.injuries for e in events], days),
        civilian_targeting=any(e.civilian_targeting for e in events),
        attribution=min((e.attribution for e in events), key=_ATTRIBUTION_STRENGTH.index),
        summary=max((e.summary for e in events), key=len),
        members=members,
        conflicts=[c for c in candidates if c is not None],
        claims=sorted(
            (c for c in claims if (c.article_id, c.event_id) in member_set),
            key=lambda c: (c.article_id, c.id),
        ),
    )
