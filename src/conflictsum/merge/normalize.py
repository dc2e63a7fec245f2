"""Events to columns: dates as day intervals, places as keys and coordinates, actors as codes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from conflictsum import places
from conflictsum.merge.actors import ActorTable
from conflictsum.merge.columns import GEO_PRECISION, SUB_EVENT_ORDER, EventColumns
from conflictsum.models import Count, Event, Location

__all__ = ["columns_from_events", "count_range", "place_key", "resolve_locations"]

_SUB_EVENT_INDEX = {s: k for k, s in enumerate(SUB_EVENT_ORDER)}


def count_range(count: Count) -> tuple[int, int] | None:
    """The (lowest, highest) figure a count allows, or None when it gives no figure."""
    known = [v for v in (count.low, count.best, count.high) if v is not None]
    return (min(known), max(known)) if known else None


def place_key(location: Location, aliases: Mapping[str, str]) -> str | None:
    """What identifies a resolved location's place: its gazetteer id, else its folded name."""
    if location.place_id:
        return f"id:{location.place_id}"
    folded = places.fold_place_name(location.name) if location.name.strip() else ""
    if not folded:
        return None
    return f"name:{_country_key(location) or ''}:{aliases.get(folded, folded)}"


def _country_key(location: Location) -> str | None:
    if location.country_iso:
        return location.country_iso.upper()
    return places.fold_place_name(location.country) if location.country else None


def _admin1_key(location: Location) -> str | None:
    country = _country_key(location) or ""
    if location.admin1_code:
        return f"{country}:{location.admin1_code}"
    return f"{country}:{places.fold_place_name(location.admin1)}" if location.admin1 else None


class _Interner:
    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None:
            return -1
        return self.codes.setdefault(value, len(self.codes))


def resolve_locations(events: Sequence[Event], aliases: Mapping[str, str]) -> list[Location]:
    """Each event's location with gazetteer fields filled; each distinct location resolved once."""
    cache: dict[tuple[object, ...], Location] = {}
    resolved = []
    for event in events:
        location = event.location
        key = tuple(getattr(location, name) for name in Location.model_fields)
        if key not in cache:
            cache[key] = places.resolve_location(location, aliases=dict(aliases) or None)
        resolved.append(cache[key])
    return resolved


def columns_from_events(
    events: Sequence[Event], resolved: Sequence[Location], aliases: Mapping[str, str]
) -> EventColumns:
    """Columns for events (in the given order) whose locations `resolved` has resolved."""
    folded_aliases = {
        places.fold_place_name(k): places.fold_place_name(v) for k, v in aliases.items()
    }
    articles, place_codes, admin_codes, country_codes = (
        _Interner(),
        _Interner(),
        _Interner(),
        _Interner(),
    )
    actors = ActorTable(aliases)
    n = len(events)
    columns: dict[str, list[float]] = {name: [] for name in _COLUMN_NAMES}
    for event, location in zip(events, resolved, strict=True):
        tolls = count_range(event.fatalities) or (-1, -1)
        lat = location.latitude if location.latitude is not None else math.nan
        lon = location.longitude if location.longitude is not None else math.nan
        row = (
            articles(event.article_id),
            event.date.start.toordinal(),
            event.date.end.toordinal(),
            place_codes(place_key(location, folded_aliases)),
            lat,
            lon,
            GEO_PRECISION[location.precision],
            admin_codes(_admin1_key(location)),
            location.admin1_code is not None,
            country_codes(_country_key(location)),
            actors.code(event.actor1),
            actors.code(event.actor2),
            _SUB_EVENT_INDEX[event.sub_event_type],
            tolls[0],
            tolls[1],
        )
        for name, value in zip(_COLUMN_NAMES, row, strict=True):
            columns[name].append(value)
    dtypes = {
        "latitude": np.float64,
        "longitude": np.float64,
        "geo_precision": np.int8,
        "sub_event": np.int8,
        "admin1_coded": np.bool_,
    }
    arrays = {
        name: np.asarray(values, dtype=dtypes.get(name, np.int64)).reshape(n)
        for name, values in columns.items()
    }
    return EventColumns(**arrays, actors=actors)


_COLUMN_NAMES = (
    "article",
    "start",
    "end",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
    "admin1",
    "admin1_coded",
    "country",
    "actor1",
    "actor2",
    "sub_event",
    "fatalities_low",
    "fatalities_high",
)
