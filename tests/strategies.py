"""Shared Hypothesis strategies for conflictsum records."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from conflictsum._types import SUB_EVENT_TYPES
from conflictsum.models import Actor, Count, Event, EventDate, Location

# A small world, so that generated events often describe the same incident (or nearly).
PLACES = [
    ("al-Omar oil field", "Syria", 35.000, 40.560),
    ("Conoco gas field", "Syria", 35.326, 40.289),
    ("al-Shaddadi", "Syria", 36.050, 40.730),
    ("Ain al-Asad air base", "Iraq", 33.786, 42.441),
    ("Erbil air base", "Iraq", 36.237, 43.963),
]
ACTORS = [
    Actor(name="Islamic Resistance in Iraq", kind="Political militia"),
    Actor(name="Kataib Hezbollah"),
    # Both fight under the Islamic Resistance in Iraq, which is compatible with each; they
    # conflict with each other: compatibility that does not chain.
    Actor(name="Harakat al-Nujaba"),
    Actor(name="المقاومة الإسلامية في العراق"),
    Actor(name="Iran-backed militia"),
    Actor(name="US forces", kind="External/Other forces"),
    Actor(name="U.S. troops"),
]
SUB_EVENTS = [
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Protests", "Peaceful protest"),
]
assert all(sub in SUB_EVENT_TYPES[t] for t, sub in SUB_EVENTS)

FIRST_DAY = dt.date(2024, 1, 28)


@st.composite
def event_dates(draw: st.DrawFn) -> EventDate:
    """Day, two-day, one night ("overnight") or week intervals within a few days of each other."""
    start = FIRST_DAY + dt.timedelta(draw(st.integers(0, 4)))
    kind = draw(st.sampled_from(["day", "day", "days", "night", "week"]))
    length = {"day": 0, "days": 1, "night": 1, "week": 6}[kind]
    return EventDate(
        start=start,
        end=start + dt.timedelta(length),
        precision="days" if kind == "night" else kind,
        expression="overnight" if kind == "night" else None,
    )


@st.composite
def locations(draw: st.DrawFn) -> Location:
    """A site from PLACES, named exactly, with or without coordinates, or only its country."""
    name, country, lat, lon = draw(st.sampled_from(PLACES))
    precision = draw(st.sampled_from(["exact", "exact", "exact", "region", "country"]))
    if precision == "country":
        return Location(name=country, country=country, precision="country")
    if precision == "region":
        return Location(name=f"{name} area", country=country, precision="region")
    with_coords = draw(st.booleans())
    return Location(
        name=name,
        country=country,
        precision="exact",
        latitude=lat if with_coords else None,
        longitude=lon if with_coords else None,
    )


@st.composite
def counts(draw: st.DrawFn) -> Count:
    """No figure, an exact figure, or a low-best-high range."""
    kind = draw(st.sampled_from(["none", "exact", "range"]))
    if kind == "none":
        return Count()
    n = draw(st.integers(0, 12))
    return Count.exact(n) if kind == "exact" else Count(low=n, best=n + 1, high=n + 3)


@st.composite
def events(draw: st.DrawFn, article_id: str, event_id: str) -> Event:
    """One event of one article, drawn from the small world."""
    event_type, sub_event_type = draw(st.sampled_from(SUB_EVENTS))
    actor1 = draw(st.sampled_from(ACTORS))
    actor2 = draw(st.none() | st.sampled_from(ACTORS).filter(lambda a: a != actor1))
    return Event(
        id=event_id,
        article_id=article_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=draw(event_dates()),
        location=draw(locations()),
        actor1=actor1,
        actor2=actor2,
        fatalities=draw(counts()),
    )


@st.composite
def event_lists(draw: st.DrawFn, max_articles: int = 6, max_events: int = 3) -> list[Event]:
    """Events of up to max_articles articles, up to max_events each, with unique ids."""
    n_articles = draw(st.integers(1, max_articles))
    found = []
    for a in range(n_articles):
        for e in range(draw(st.integers(0, max_events))):
            found.append(draw(events(f"art{a}", f"ev{e}")))
    return found
