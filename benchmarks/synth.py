"""Synthetic multi-source reports of conflict incidents, with the gold incident of every event.

Two generators share one idea of noise:

- `synth_summaries(n_incidents, seed)` writes ArticleSummary records with realistic names,
  for the quality benchmark that runs the full `merge()`, and labels every report with the
  noise it was written with (`Report`), so the benchmark can break errors down;
- `synth_columns(n_records, seed)` writes the merge core's EventColumns directly, for the
  scale benchmark (a million pydantic records would measure pydantic, not merging).

Rates of `synth_summaries`, and why they are what news reporting looks like:

- Incidents: spread over two years across 16 real sites in Syria, Iraq and Jordan and 80
  generated ones, with skewed weights: al-Omar and Ain al-Asad get about one attack a
  week each, as in the 2023-24 campaign against US bases. 35% happen at night (rocket
  and drone attacks mostly do).
- Hard negatives, per incident: 18% are followed by the same group hitting the same base
  again one or two days later (the campaign's pattern); 12% (where a site 4-30 km away
  exists) by another site hit the same night; half of these pairs are also told as two
  events of one article. Busy bases also collide by chance.
- Reports per incident: 1 + Exp(0.7), at most 7: half the incidents have one report of
  their own, a few are covered by many outlets.
- Dates: a daytime attack is reported on its day 82%, as "overnight" (the night before) 6%,
  only by its week 8%, by its month 4%. A night attack as that night 55%, on the morning's
  date 25%, a day early (the evening's date) 10%, by week 6%, by month 4%. Most reports of
  a specific attack give a day; follow-ups and round-ups give a week or a month.
- Places: the site under one of its spellings 55% (half with coordinates, jittered by
  about a kilometre), an alias 10% (sites that have one), near the nearest town 15% (half
  with coordinates; generated sites' towns are villages no gazetteer knows), the province
  only 15%, the country only 5%; the province is stated in half the reports. Most reports
  name the site or town; a minority give only the province, few only the country.
- Actors: the attacker named 45%, described generically ("Iran-backed militia") 35%,
  unidentified 20%; the target named 85%; the two listed in either order.
- Tolls: no figure 30%; the first two reports undercount (40-100% of the final toll);
  10% give a low-best-high range.
- Event type: 20% of reports give the type a first report confuses it with (rockets as a
  drone strike, a clash or an IED as shelling).

Reports no human coder could place exist at a realistic rate and are kept: an area only
(province or country), no named attacker and a week or month for a date, about 1.5% of
reports. `merge_quality.py` reports them as their own category and scores the merge with
and without them, rather than hiding them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from conflictsum.merge.actors import ActorTable
from conflictsum.merge.columns import NAME_WORDS, SUB_EVENT_ORDER, EventColumns
from conflictsum.models import (
    Actor,
    Article,
    ArticleSummary,
    Claim,
    Count,
    Event,
    EventDate,
    Location,
)

__all__ = ["ALIASES", "Report", "synth_columns", "synth_summaries"]


@dataclass(frozen=True)
class Site:
    """A place that gets attacked, with the names sources use for it."""

    names: tuple[str, ...]  # the first is canonical; the rest are spellings of it
    lat: float
    lon: float
    admin1: tuple[str, ...]
    country: str
    town: str  # the nearest town, for "near X" reports
    town_lat: float
    town_lon: float
    aliases: tuple[str, ...] = ()  # other names for the same site (need the alias table)
    weight: float = 1.0


_HAND_SITES = [
    Site(
        ("al-Omar oil field", "Al Omar oil field", "al-Omar oilfield", "Omar oil field"),
        35.000,
        40.560,
        ("Deir ez-Zor", "Deir el-Zour", "Dayr az Zawr"),
        "Syria",
        "al-Mayadin",
        35.019,
        40.452,
        ("Green Village",),
        6.0,
    ),
    Site(
        ("Conoco gas field", "Conoco gas plant", "Koniko gas field"),
        35.326,
        40.289,
        ("Deir ez-Zor", "Deir Ezzor"),
        "Syria",
        "Khasham",
        35.285,
        40.300,
        (),
        5.0,
    ),
    Site(
        ("al-Shaddadi", "Shaddadi", "Al-Shaddadah", "el-Shaddadi"),
        36.050,
        40.730,
        ("Hasakah", "al-Hasakah", "Hassakeh"),
        "Syria",
        "al-Shaddadi",
        36.050,
        40.730,
        (),
        3.0,
    ),
    Site(
        ("Rmeilan airfield", "Rumeilan airfield", "Rmelan airstrip"),
        37.010,
        41.880,
        ("Hasakah", "al-Hasakah"),
        "Syria",
        "Rmeilan",
        37.000,
        41.920,
        ("Abu Hajar airport",),
        3.0,
    ),
    Site(
        ("Kharab al-Jir", "Kharab al Jir", "Kharab el-Jeer"),
        36.890,
        41.960,
        ("Hasakah", "al-Hasakah"),
        "Syria",
        "Rmeilan",
        37.000,
        41.920,
        (),
        2.0,
    ),
    Site(
        ("al-Tanf garrison", "Al Tanf garrison", "el-Tanf base"),
        33.500,
        38.660,
        ("Homs", "Hims"),
        "Syria",
        "al-Tanf",
        33.490,
        38.620,
        (),
        4.0,
    ),
    Site(
        ("Sayyida Zeinab", "Sayyeda Zainab", "Sayyida Zaynab"),
        33.444,
        36.340,
        ("Damascus countryside", "Rif Dimashq"),
        "Syria",
        "Damascus",
        33.513,
        36.292,
        ("Zeinabiyah", "Zainabiyah"),
        3.0,
    ),
    Site(
        ("Damascus International Airport", "Damascus airport"),
        33.411,
        36.516,
        ("Damascus countryside", "Rif Dimashq"),
        "Syria",
        "Damascus",
        33.513,
        36.292,
        (),
        2.0,
    ),
    Site(
        ("Albu Kamal", "Abu Kamal", "al-Bukamal", "Al Bou Kamal"),
        34.453,
        40.918,
        ("Deir ez-Zor", "Dayr az-Zawr"),
        "Syria",
        "Albu Kamal",
        34.453,
        40.918,
        (),
        3.0,
    ),
    Site(
        ("Ain al-Asad air base", "Ayn al-Asad airbase", "Ain al Asad base", "Al-Asad Airbase"),
        33.786,
        42.441,
        ("Anbar", "al-Anbar"),
        "Iraq",
        "al-Baghdadi",
        33.865,
        42.546,
        (),
        6.0,
    ),
    Site(
        ("Erbil air base", "Erbil airport base", "Arbil air base"),
        36.237,
        43.963,
        ("Erbil", "Arbil"),
        "Iraq",
        "Erbil",
        36.191,
        44.009,
        (),
        4.0,
    ),
    Site(
        ("Harir base", "Harir air base"),
        36.550,
        44.350,
        ("Erbil", "Arbil"),
        "Iraq",
        "Harir",
        36.560,
        44.340,
        (),
        2.0,
    ),
    Site(
        ("Victory Base Complex", "Victoria base", "Camp Victory"),
        33.260,
        44.230,
        ("Baghdad",),
        "Iraq",
        "Baghdad",
        33.315,
        44.366,
        ("Baghdad airport base",),
        3.0,
    ),
    Site(
        ("Union III", "Union 3 base"),
        33.305,
        44.396,
        ("Baghdad",),
        "Iraq",
        "Baghdad",
        33.315,
        44.366,
        (),
        2.0,
    ),
    Site(
        ("Tower 22", "Tower-22 outpost"),
        33.320,
        38.690,
        ("Zarqa", "al-Zarqa"),
        "Jordan",
        "Rukban",
        33.300,
        38.700,
        (),
        1.0,
    ),
    Site(
        ("Jurf al-Sakhar", "Jurf al Sakhr", "Jurf el-Sakhar"),
        32.900,
        44.110,
        ("Babil", "Babylon"),
        "Iraq",
        "Musayyib",
        32.778,
        44.290,
        (),
        2.0,
    ),
]

# What an analyst would write in the alias table: a site's other names.
ALIASES = {alias: site.names[0] for site in _HAND_SITES for alias in site.aliases}

_SYLLABLES = [
    "dei",
    "zai",
    "kha",
    "mar",
    "sha",
    "bou",
    "qa",
    "tel",
    "hou",
    "rai",
    "ja",
    "bir",
    "sa",
    "kou",
    "dar",
    "ma",
    "nei",
    "fa",
    "ham",
    "zou",
    "ba",
    "ra",
    "lei",
    "ta",
]
_REGIONS = {
    "Syria": [("Raqqa", "al-Raqqah"), ("Aleppo", "Halab"), ("Idlib", "Edlib"), ("Daraa", "Deraa")],
    "Iraq": [("Nineveh", "Ninawa"), ("Salah al-Din", "Salahuddin"), ("Diyala",), ("Kirkuk",)],
}
_REGION_BOXES = {
    "Raqqa": (35.9, 38.9),
    "Aleppo": (36.2, 37.2),
    "Idlib": (35.9, 36.6),
    "Daraa": (32.7, 36.1),
    "Nineveh": (36.3, 43.1),
    "Salah al-Din": (34.6, 43.7),
    "Diyala": (33.8, 45.0),
    "Kirkuk": (35.4, 44.3),
}


def _spellings(name: str, rng: random.Random) -> tuple[str, ...]:
    """Transliteration variants of a generated name, as different outlets would write it."""
    variants = {name}
    for _ in range(4):
        v = name
        for a, b in (("ei", "ai"), ("ai", "ay"), ("ou", "u"), ("ee", "i"), ("q", "k")):
            if a in v and rng.random() < 0.5:
                v = v.replace(a, b)
        if v.startswith("al-") and rng.random() < 0.5:
            v = rng.choice(["el-", "Al ", "al "]) + v[3:]
        variants.add(v)
    return (name, *sorted(variants - {name}))


def _generated_sites(rng: random.Random, count: int) -> list[Site]:
    sites = []
    for k in range(count):
        country = rng.choice(sorted(_REGIONS))
        admin1 = rng.choice(_REGIONS[country])
        lat0, lon0 = _REGION_BOXES[admin1[0]]
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3))))
        name = ("al-" if rng.random() < 0.4 else "") + stem.capitalize()
        lat, lon = lat0 + rng.uniform(-0.6, 0.6), lon0 + rng.uniform(-0.6, 0.6)
        town = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize() + f" {k}"
        sites.append(
            Site(
                _spellings(name, rng),
                lat,
                lon,
                admin1,
                country,
                town,
                lat + rng.uniform(-0.08, 0.08),
                lon + rng.uniform(-0.08, 0.08),
                weight=rng.choice((0.3, 0.5, 1.0, 2.0)),
            )
        )
    return sites


def _km(a: Site, b: Site) -> float:
    return float(
        np.hypot((a.lat - b.lat) * 111.0, (a.lon - b.lon) * 111.0 * np.cos(np.radians(a.lat)))
    )


_ATTACKERS = [
    (("Islamic Resistance in Iraq", "the Islamic Resistance in Iraq"), "Political militia"),
    (("Kataib Hezbollah", "Kata'ib Hizbollah", "Kataib Hizballah"), "Political militia"),
    (("Harakat al-Nujaba", "Harakat al Nujaba"), "Political militia"),
    (("Islamic State", "ISIS", "IS", "Daesh"), "Rebel group"),
    (("Syrian Democratic Forces", "SDF"), "Rebel group"),
    (("Hayat Tahrir al-Sham", "Hayat Tahrir al Sham"), "Rebel group"),
]
_GENERIC_ATTACKERS = [
    "Iran-backed militia",
    "Iran-backed militias",
    "pro-Iranian militants",
    "militants",
    "unidentified gunmen",
]
_UNIDENTIFIED = ["unidentified attackers", "unknown attackers"]
_TARGETS = {
    "Syria": [
        (("US forces", "U.S. troops", "American forces", "US military"), "External/Other forces"),
        (("Syrian army", "Syrian government forces", "Syrian regime forces"), "State forces"),
    ],
    "Iraq": [
        (
            ("US forces", "U.S. troops", "American soldiers", "US-led coalition forces"),
            "External/Other forces",
        ),
        (("Iraqi security forces", "Iraqi army", "Iraqi forces"), "State forces"),
    ],
    "Jordan": [(("US forces", "U.S. troops", "American service members"), "External/Other forces")],
}
_SUB_EVENTS = {
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Armed clash": "Battles",
}
_CONFUSION = {
    "Air/drone strike": "Shelling/artillery/missile attack",
    "Shelling/artillery/missile attack": "Air/drone strike",
    "Remote explosive/landmine/IED": "Shelling/artillery/missile attack",
    "Armed clash": "Shelling/artillery/missile attack",
}
_FIRST_DAY = dt.date(2023, 10, 1)


@dataclass
class _Incident:
    site: int
    day: dt.date
    night: bool
    attacker: int
    target: int
    sub_event: str
    toll: int


def _incidents(
    rng: random.Random, sites: list[Site], n: int, days: int
) -> list[tuple[str, tuple[_Incident, ...]]]:
    """Groups of incidents with their kind; a group of two is a hard negative pair."""
    # Computed per call: the hand-written sites are shared by every call and every seed.
    neighbours = [
        [b for b, other in enumerate(sites) if a != b and 4.0 < _km(site, other) < 30.0]
        for a, site in enumerate(sites)
    ]
    weights = [s.weight for s in sites]
    groups: list[tuple[str, tuple[_Incident, ...]]] = []
    count = 0
    while count < n:
        site = rng.choices(range(len(sites)), weights)[0]
        base = _Incident(
            site,
            _FIRST_DAY + dt.timedelta(rng.randrange(days)),
            rng.random() < 0.35,
            rng.randrange(len(_ATTACKERS)),
            rng.randrange(len(_TARGETS[sites[site].country])),
            rng.choice(list(_SUB_EVENTS)),
            rng.choice((0, 0, 0, 1, 1, 2, 3, 4, 6, 9, 15)),
        )
        roll = rng.random()
        if roll < 0.18:  # the same base attacked again a day or two later
            other = _Incident(
                site,
                base.day + dt.timedelta(rng.choice((1, 1, 2))),
                rng.random() < 0.35,
                base.attacker,
                base.target,
                rng.choice(list(_SUB_EVENTS)),
                rng.choice((0, 0, 1, 2, 3, 5)),
            )
            groups.append(("repeat", (base, other)))
        elif roll < 0.30 and neighbours[site]:  # a nearby site hit the same night
            other = _Incident(
                rng.choice(neighbours[site]),
                base.day,
                base.night,
                base.attacker,
                0,
                base.sub_event,
                rng.choice((0, 0, 1, 2, 3, 5)),
            )
            groups.append(("nearby", (base, other)))
        else:
            groups.append(("single", (base,)))
        count += len(groups[-1][1])
    return groups


def _report_date(rng: random.Random, inc: _Incident) -> tuple[EventDate, str]:
    d = inc.day
    roll = rng.random()
    if inc.night:
        if roll < 0.55:
            return EventDate(
                start=d - dt.timedelta(1), end=d, precision="days", expression="overnight"
            ), "overnight"
        if roll < 0.80:
            return EventDate(start=d, end=d, precision="day"), "day"
        if roll < 0.90:  # dated by the evening it began
            return EventDate(
                start=d - dt.timedelta(1), end=d - dt.timedelta(1), precision="day"
            ), "day-before"
    elif roll < 0.82:
        return EventDate(start=d, end=d, precision="day"), "day"
    elif roll < 0.88:
        return EventDate(
            start=d - dt.timedelta(1), end=d, precision="days", expression="overnight"
        ), "overnight"
    if roll < 0.96:
        monday = d - dt.timedelta(d.weekday())
        return EventDate(
            start=monday, end=monday + dt.timedelta(6), precision="week", expression="last week"
        ), "week"
    first = d.replace(day=1)
    last = (first + dt.timedelta(32)).replace(day=1) - dt.timedelta(1)
    return EventDate(start=first, end=last, precision="month", expression="this month"), "month"


def _report_location(rng: random.Random, site: Site) -> tuple[Location, str]:
    roll = rng.random()
    admin1 = rng.choice(site.admin1) if rng.random() < 0.5 else None
    jitter = rng.random() < 0.5
    if roll < 0.55 or (roll < 0.65 and not site.aliases):
        name = rng.choice(site.names)
        lat = site.lat + rng.gauss(0, 0.01) if jitter else None
        lon = site.lon + rng.gauss(0, 0.01) if jitter else None
        return Location(
            name=name,
            country=site.country,
            admin1=admin1,
            precision="exact",
            latitude=lat,
            longitude=lon,
        ), "site" if name == site.names[0] else "spelling"
    if roll < 0.65:
        return Location(
            name=rng.choice(site.aliases), country=site.country, admin1=admin1, precision="exact"
        ), "alias"
    if roll < 0.80:
        return Location(
            name=site.town,
            country=site.country,
            admin1=admin1,
            precision="near",
            latitude=site.town_lat if jitter else None,
            longitude=site.town_lon if jitter else None,
        ), "near-town"
    if roll < 0.95:
        region = rng.choice(site.admin1)
        return Location(
            name=f"{region} province", country=site.country, admin1=region, precision="region"
        ), "province"
    return Location(name=site.country, country=site.country, precision="country"), "country"


def _report_actors(
    rng: random.Random, inc: _Incident, site: Site
) -> tuple[Actor, Actor | None, str]:
    names, kind = _ATTACKERS[inc.attacker]
    roll = rng.random()
    if roll < 0.45:
        attacker = Actor(name=rng.choice(names), kind=kind if rng.random() < 0.7 else None)
        label = "named"
    elif roll < 0.8:
        attacker = Actor(
            name=rng.choice(_GENERIC_ATTACKERS),
            kind="Political militia" if rng.random() < 0.5 else None,
        )
        label = "generic"
    else:
        attacker = Actor(name=rng.choice(_UNIDENTIFIED))
        label = "unidentified"
    target_names, target_kind = _TARGETS[site.country][inc.target]
    target = Actor(name=rng.choice(target_names), kind=target_kind) if rng.random() < 0.85 else None
    if target is not None and rng.random() < 0.3:
        return target, attacker, label
    return attacker, target, label


def _report_toll(rng: random.Random, toll: int, rank: int) -> tuple[Count, str]:
    roll = rng.random()
    if roll < 0.3:
        return Count(), "none"
    # Early reports undercount; later ones catch up as bodies are found.
    seen = toll if rank > 1 or toll == 0 else max(0, round(toll * rng.uniform(0.4, 1.0)))
    label = "undercount" if seen < toll else "true"
    if roll < 0.4:
        return Count(low=max(0, seen - 1), best=seen, high=seen + 2), label + "-range"
    return Count.exact(seen), label


@dataclass(frozen=True)
class Report:
    """One synthetic report's gold incident and the noise it was written with.

    `group` is the incident's hard-negative kind ("single", "repeat": the same base hit
    again a day or two later, "nearby": another site a few km away hit the same night);
    `shared` marks a report that is one of two events of an article telling both
    incidents of a pair. The other fields name the noise drawn for this report.
    """

    incident: int
    group: str
    partner: int | None  # the other incident of a hard-negative pair
    site: int
    day: dt.date
    night: bool
    shared: bool
    date: str  # day, day-before, overnight, week, month
    place: str  # site, spelling, alias, near-town, province, country
    coordinates: bool
    actor: str  # named, generic, unidentified
    toll: str  # none, true, undercount, with "-range" for a low-best-high range
    confused: bool  # event type reported as a neighbouring type
    attacker: int  # the incident's true attacker (index into _ATTACKERS)
    target: int  # and target (index into _TARGETS[country])
    sub_event: str  # its true sub-event type
    fatalities: int  # and final toll


def synth_summaries(
    n_incidents: int, seed: int = 0, days: int = 730
) -> tuple[list[ArticleSummary], dict[tuple[str, str], Report]]:
    """Article summaries reporting about n_incidents incidents, and each event's gold report."""
    rng = random.Random(seed)
    sites = _HAND_SITES + _generated_sites(rng, 80)
    articles: dict[str, list[tuple[Event, Report]]] = {}
    claims: dict[str, list[Claim]] = {}
    n_articles = 0
    incident_id = 0
    for kind, group in _incidents(rng, sites, n_incidents, days):
        ids = list(range(incident_id, incident_id + len(group)))
        incident_id += len(group)
        shared = (
            [f"a{n_articles + k}" for k in range(rng.choice((1, 2)))]
            if len(group) == 2 and rng.random() < 0.5
            else []
        )
        n_articles += len(shared)
        for inc, gold in zip(group, ids, strict=True):
            n_reports = min(1 + int(rng.expovariate(0.7)), 7)
            own = [f"a{n_articles + k}" for k in range(n_reports)]
            n_articles += n_reports
            for rank, article in enumerate(own + shared):
                site = sites[inc.site]
                confused = rng.random() < 0.2
                sub = _CONFUSION[inc.sub_event] if confused else inc.sub_event
                actor1, actor2, actor_label = _report_actors(rng, inc, site)
                date, date_label = _report_date(rng, inc)
                location, place_label = _report_location(rng, site)
                toll, toll_label = _report_toll(rng, inc.toll, rank)
                events = articles.setdefault(article, [])
                event = Event(
                    id=f"e{len(events) + 1}",
                    article_id=article,
                    event_type=_SUB_EVENTS[sub],
                    sub_event_type=sub,
                    date=date,
                    location=location,
                    actor1=actor1,
                    actor2=actor2,
                    fatalities=toll,
                    summary=f"{sub} at {site.names[0]}",
                )
                report = Report(
                    incident=gold,
                    group=kind,
                    partner=None if len(ids) == 1 else ids[1 - ids.index(gold)],
                    site=inc.site,
                    day=inc.day,
                    night=inc.night,
                    shared=article in shared,
                    date=date_label,
                    place=place_label,
                    coordinates=location.latitude is not None,
                    actor=actor_label,
                    toll=toll_label,
                    confused=confused,
                    attacker=inc.attacker,
                    target=inc.target,
                    sub_event=inc.sub_event,
                    fatalities=inc.toll,
                )
                events.append((event, report))
                if rng.random() < 0.25:
                    names, actor_kind = _ATTACKERS[inc.attacker]
                    claims.setdefault(article, []).append(
                        Claim(
                            id=f"c{len(claims.get(article, [])) + 1}",
                            article_id=article,
                            claimant=Actor(name=names[0], kind=actor_kind),
                            kind="responsibility",
                            text=f"{names[0]} claimed the attack",
                            event_id=event.id,
                        )
                    )
    summaries = []
    reports: dict[tuple[str, str], Report] = {}
    for article, items in articles.items():
        for event, report in items:
            reports[(article, event.id)] = report
        first = min(e.date.end for e, _ in items)
        summaries.append(
            ArticleSummary(
                article=Article(
                    id=article,
                    text=f"synthetic article {article}",
                    published=first + dt.timedelta(1),
                ),
                events=[e for e, _ in items],
                claims=claims.get(article, []),
            )
        )
    return summaries, reports


def synth_columns(n_records: int, seed: int = 0) -> tuple[EventColumns, npt.NDArray[np.int64]]:
    """Columns of about n_records reports (rows in arbitrary order) and each row's gold incident.

    The same noise as `synth_summaries`, drawn with numpy: places as integer keys (a site
    key, an alias key at the site's coordinates, the province or the country), dates as
    day intervals, actors as codes of an ActorTable built from the same names.
    """
    rng = np.random.default_rng(seed)
    n_incidents = max(1, int(n_records / 1.8) + 10)
    # The world grows with the data, as in ACLED: more records means more places and
    # countries over the years, not ever more incidents crammed into the same thirty.
    n_sites = max(200, n_incidents // 40)
    n_countries = 1 + n_incidents // 2000
    site_country = rng.integers(0, n_countries, n_sites)
    site_admin1 = site_country * 20 + rng.integers(0, 20, n_sites)
    # Countries tile a 20 x 20 degree grid of 1 x 18 degree strips, admin1s 0.9 degree apart.
    site_lat = -60 + (site_country % 120) * 1.1 + rng.uniform(0, 1.0, n_sites)
    site_lon = (
        -170 + (site_country // 120) * 19 + (site_admin1 % 20) * 0.9 + rng.uniform(0, 0.9, n_sites)
    )
    site_weight = rng.pareto(1.5, n_sites) + 0.2

    inc_site = rng.choice(n_sites, n_incidents, p=site_weight / site_weight.sum())
    inc_day = rng.integers(0, 3650, n_incidents) + 738000
    # Hard negatives: a fifth of incidents repeat the previous one's site a day or two later.
    repeat = rng.random(n_incidents) < 0.2
    repeat[0] = False
    prev = np.flatnonzero(repeat) - 1
    inc_site[repeat] = inc_site[prev]
    inc_day[repeat] = inc_day[prev] + rng.integers(1, 3, len(prev))
    inc_night = rng.random(n_incidents) < 0.35
    inc_sub = rng.integers(0, 4, n_incidents)
    inc_toll = rng.choice(np.array([0, 0, 0, 1, 1, 2, 3, 4, 6, 9, 15]), n_incidents)

    actors = ActorTable()
    n_groups = 300
    group_codes = np.array(
        [
            [actors.code_for(f"Armed Group {g}"), actors.code_for(f"Armed Grup {g}")]
            for g in range(n_groups)
        ]
    )
    generic_codes = np.array([actors.code_for(n) for n in _GENERIC_ATTACKERS + _UNIDENTIFIED])
    target_codes = np.array(
        [actors.code_for(n, "State forces") for n in ("US forces", "U.S. troops", "Syrian army")]
    )
    inc_attacker = rng.integers(0, n_groups, n_incidents)
    inc_attacker[repeat] = inc_attacker[prev]

    reports = np.minimum(1 + rng.exponential(1 / 0.7, n_incidents).astype(np.int64), 7)
    gold = np.repeat(np.arange(n_incidents), reports)[:n_records]
    n = len(gold)
    site = inc_site[gold]

    day = inc_day[gold]
    night = inc_night[gold]
    roll = rng.random(n)
    start, end = day.copy(), day.copy()
    two_day = np.where(night, roll < 0.55, (roll >= 0.82) & (roll < 0.88))
    start[two_day] -= 1
    early = night & (roll >= 0.80) & (roll < 0.90)
    start[early] -= 1
    end[early] -= 1
    week = np.where(night, roll >= 0.90, roll >= 0.88) & (roll < 0.96)
    start[week] = day[week] - (day[week] % 7)
    end[week] = start[week] + 6
    month = roll >= 0.96
    start[month] = day[month] - (day[month] % 30)
    end[month] = start[month] + 29

    place_roll = rng.random(n)
    geo = np.select([place_roll < 0.80, place_roll < 0.95], [0, 2], 3).astype(np.int8)
    alias = (place_roll >= 0.55) & (place_roll < 0.65)
    place = np.select(
        [alias, geo == 0, geo == 2], [n_sites + site, site, 2 * n_sites + site_admin1[site]], -1
    )
    # An alias nobody put in the table resolves, at best, to coordinates at the site.
    has_coords = (geo == 0) & ((rng.random(n) < 0.5) | alias)
    lat = np.where(has_coords, site_lat[site] + rng.normal(0, 0.01, n), np.nan)
    lon = np.where(has_coords, site_lon[site] + rng.normal(0, 0.01, n), np.nan)
    admin1 = np.where((geo == 2) | (rng.random(n) < 0.5), site_admin1[site], -1)

    actor_roll = rng.random(n)
    named = group_codes[inc_attacker[gold], rng.integers(0, 2, n)]
    attacker = np.where(
        actor_roll < 0.45, named, generic_codes[rng.integers(0, len(generic_codes), n)]
    )
    target = np.where(rng.random(n) < 0.85, target_codes[rng.integers(0, 2, n)], -1)
    swap = rng.random(n) < 0.3
    actor1, actor2 = (
        np.where(swap & (target >= 0), target, attacker),
        np.where(swap & (target >= 0), attacker, target),
    )

    sub = np.array([SUB_EVENT_ORDER.index(s) for s in _SUB_EVENTS], dtype=np.int8)
    confused = rng.random(n) < 0.2
    sub_index = np.where(confused, (inc_sub[gold] + 1) % 4, inc_sub[gold])
    toll = inc_toll[gold]
    toll_known = rng.random(n) >= 0.3
    low = np.where(toll_known, np.floor(toll * rng.uniform(0.4, 1.0, n)).astype(np.int64), -1)
    high = np.where(toll_known, toll, -1)

    # Half the repeat pairs are told as two events of one article.
    article = np.arange(n, dtype=np.int64)
    first_row = np.cumsum(reports) - reports
    told_together = np.flatnonzero(repeat & (rng.random(n_incidents) < 0.5) & (first_row < n))
    article[first_row[told_together]] = first_row[told_together - 1]

    order = rng.permutation(n)
    columns = EventColumns(
        article=article,
        start=start,
        end=end,
        night=two_day,
        edge=np.zeros(n, dtype=np.int8),
        daytime=np.zeros(n, dtype=np.bool_),
        place=place.astype(np.int64),
        # The columns already carry canonical keys; spelling variants are merge()'s concern.
        place_sound=np.full(n, -1, dtype=np.int64),
        place_words=np.full((n, NAME_WORDS), -1, dtype=np.int64),
        place_distinct_words=np.zeros(n, dtype=np.int8),
        gazetteer=np.zeros(n, dtype=np.bool_),
        latitude=lat,
        longitude=lon,
        geo_precision=geo,
        admin1=admin1.astype(np.int64),
        # Every province here is one the report names.
        admin1_stated=admin1.astype(np.int64),
        admin1_coded=admin1 >= 0,
        country=site_country[site].astype(np.int64),
        actor1=actor1.astype(np.int64),
        actor2=actor2.astype(np.int64),
        sub_event=sub[sub_index],
        fatalities_low=low,
        fatalities_high=high,
        actors=actors,
    ).take(order)
    return columns, gold[order]
