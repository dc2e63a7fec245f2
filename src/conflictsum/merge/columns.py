"""The columnar form of event records that blocking, scoring and clustering work on."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from conflictsum._types import SUB_EVENT_TYPES
from conflictsum.merge.actors import ActorTable

__all__ = ["GEO_PRECISION", "NAME_WORDS", "SUB_EVENT_ORDER", "EventColumns"]

# Location.precision as an ordinal: 0 and 1 name a site, 2 and 3 only an area.
GEO_PRECISION = {"exact": 0, "near": 1, "region": 2, "country": 3}

# The most words of a place name compared one by one (longer names are rare).
NAME_WORDS = 4

# Every sub-event type once, grouped by event type in the order of SUB_EVENT_TYPES.
SUB_EVENT_ORDER: tuple[str, ...] = tuple(s for subs in SUB_EVENT_TYPES.values() for s in subs)

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]
Small = npt.NDArray[np.int8]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class EventColumns:
    """One row per source event; -1 (or NaN for coordinates) marks an unknown value.

    Row order is the deterministic tie-break everywhere, so callers sort rows by a
    content key (``merge()`` uses ``(article_id, event_id)``) before building columns.
    Keys (article, place, admin1, country) are any integers that are equal exactly when
    the underlying values are equal.
    """

    article: Int
    start: Int  # first possible day, as a day number (date.toordinal())
    end: Int  # last possible day, inclusive
    night: Bool  # the interval is one night (evening of start to morning of end), not two days
    # The night stands for one day's edge: +1 its late evening (the night's start), -1 its
    # small hours (the night's end), 0 a night or dates as stated.
    edge: Small
    daytime: Bool  # the date names a time of day that is no night ("Sunday morning")
    place: Int
    place_sound: Int  # names that differ only in transliteration share it (place_skeleton)
    place_words: Int  # shape (n, NAME_WORDS): codes of the name's words (place_words), -1 pads
    place_distinct_words: Small  # how many of those words are distinctive, listed first
    gazetteer: Bool  # the place is a town the gazetteer knows (its coordinates are the town's)
    latitude: Float
    longitude: Float
    geo_precision: Small  # GEO_PRECISION
    admin1: Int
    admin1_stated: Int  # the province the article names, by spelling skeleton; -1 if none
    admin1_coded: Bool  # admin1 is the gazetteer code of the province the article names
    country: Int
    actor1: Int  # codes from `actors`
    actor2: Int
    sub_event: Small  # index into SUB_EVENT_ORDER
    fatalities_low: Int
    fatalities_high: Int
    actors: ActorTable

    def __post_init__(self) -> None:
        lengths = {f.name: len(getattr(self, f.name)) for f in fields(self) if f.name != "actors"}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns differ in length: {lengths}")
        if np.any(self.end < self.start):
            raise ValueError("some rows end before they start")

    def __len__(self) -> int:
        return len(self.article)

    def take(self, rows: Int) -> EventColumns:
        """The columns of the given rows only, sharing the actor table."""
        values = {f.name: getattr(self, f.name)[rows] for f in fields(self) if f.name != "actors"}
        return EventColumns(**values, actors=self.actors)
