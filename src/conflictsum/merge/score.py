"""Per-field evidence for candidate pairs: a verdict and a weight for each field, vectorised.

A pair can merge only when no field is in conflict or blocked and the weights sum to at
least THRESHOLD. The weights say how much a field narrows the match down: one named site
on one exact day is strong evidence; "somewhere in Syria that month" is none.

- Dates: intervals must overlap, and two different nights conflict even when they share
  a date (the night of 4-5 and of 5-6 February). A night matches the day of its morning
  better than the evening before it. A day's late evening or small hours ("late Sunday",
  "early Monday") is compared as the night it belongs to, so the two can be one attack.
  Two plain dates a day apart are compatible but never link: they share an incident only
  with a report of the night between them (`assign`).
- Places: one place key, one transliteration skeleton, or one name's words among the
  other's (Al-Asad Airbase, Ain al-Asad air base); coordinates within a radius, except
  that two towns the gazetteer tells apart are two places however close ("near X" counts
  for less beyond NEAR_FULL_KM); a province or country only as weak evidence, and never
  two area-only reports together.
  Only provinces the articles name conflict by name; the one a gazetteer infers for a
  town conflicts only by distance (Kharkiv is not in Kherson Oblast).
- Tolls: the same uncommon figure (6 and 6) is evidence; a rising toll stays compatible,
  and a large attack's first figure may be a tenth of its last (2, then 19 killed).
- Event types: sources confuse rockets and drones, not drones and a ground clash.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from conflictsum._types import SUB_EVENT_TYPES
from conflictsum.merge.actors import AGREE, BLOCKED, COMPATIBLE, CONFLICT
from conflictsum.merge.columns import SUB_EVENT_ORDER, EventColumns

__all__ = [
    "CONFUSED_SUB_EVENTS",
    "EXACT_KM",
    "FIELDS",
    "HOMONYM_KM",
    "MAX_SPAN_DAYS",
    "NEAR_FULL_KM",
    "NEAR_KM",
    "REGION_KM",
    "THRESHOLD",
    "PairScores",
    "next_day_pairs",
    "plain_days",
    "score_pairs",
]

FIELDS = ("article", "date", "location", "actors", "event_type", "fatalities")
THRESHOLD = 4.0
# Dates vaguer than a month are too vague to say which incident is meant (ACLED drops them).
MAX_SPAN_DAYS = 31
# Two sites named precisely are one site only this close (geocoding jitter, a base vs its
# housing area); "near X" reaches further; a region is compared by distance to its capital
# when no admin1, and large governorates (Homs, Anbar) reach over 200 km from theirs.
EXACT_KM = 5.0
NEAR_KM = 25.0
NEAR_FULL_KM = 10.0
NEAR_FAR_DROP = 4.5
REGION_KM = 250.0
# Same place key but this far apart: two towns of one name.
HOMONYM_KM = 50.0
# Tolls rise as bodies are found: a later figure up to this multiple (plus a few) is growth.
TOLL_GROWTH = 2.5
TOLL_SLACK = 5
# First reports of a large attack can run far below its final toll (2 killed, then 19 once
# the rubble is cleared): possible up to this multiple for a toll of at least LARGE_TOLL,
# though evidence against a merge.
TOLL_LATE_GROWTH = 10.0
LARGE_TOLL = 10
# A vague report (a week, a month, a province) where the precise reports name only one
# site-day fits that incident alone: evidence the vagueness would otherwise deny it.
LONE_INCIDENT_BONUS = 1.0
# Plain dates a day apart are evidence against one incident: they share one only through
# a report of the night between them, whose date evidence the incident then takes.
NEXT_DAY_WEIGHT = -4.0

Codes = npt.NDArray[np.int8]
Weights = npt.NDArray[np.float64]
Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


# What witnesses and first reports cannot tell apart: incoming rockets, missiles and
# drones; an explosion of unknown origin; a clash fought with mortars and artillery.
CONFUSED_SUB_EVENTS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("Air/drone strike", "Shelling/artillery/missile attack"),
        ("Shelling/artillery/missile attack", "Remote explosive/landmine/IED"),
        ("Remote explosive/landmine/IED", "Suicide bomb"),
        ("Remote explosive/landmine/IED", "Grenade"),
        ("Armed clash", "Shelling/artillery/missile attack"),
    )
)


TERRITORY_SUB_EVENTS = frozenset(
    ("Government regains territory", "Non-state actor overtakes territory")
)


def _sub_event_tables() -> tuple[Codes, Weights]:
    """Verdicts between sub-event types along ACLED's hierarchy."""
    type_of = {s: t for t, subs in SUB_EVENT_TYPES.items() for s in subs}
    violent = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    demonstration = {"Protests", "Riots"}
    # Sub-events that sources plausibly report as another type's activity.
    crossovers = {
        "Mob violence": violent,
        "Excessive force against protesters": {"Violence against civilians"},
        "Disrupted weapons use": {"Explosions/Remote violence"},
        "Looting/property destruction": violent | {"Riots"},
        "Arrests": {"Violence against civilians"},
        "Non-violent transfer of territory": {"Battles"},
        "Other": set(SUB_EVENT_TYPES),
    }
    confused = CONFUSED_SUB_EVENTS
    n = len(SUB_EVENT_ORDER)
    codes = np.full((n, n), CONFLICT, dtype=np.int8)
    weights = np.zeros((n, n), dtype=np.float64)
    for i, a in enumerate(SUB_EVENT_ORDER):
        for j, b in enumerate(SUB_EVENT_ORDER):
            ta, tb = type_of[a], type_of[b]
            if a == b:
                codes[i, j], weights[i, j] = AGREE, 1.0
            elif ta == tb:
                codes[i, j], weights[i, j] = COMPATIBLE, 0.5 if {a, b} in confused else 0.0
            elif {a, b} & TERRITORY_SUB_EVENTS:
                # A town taken is its own event beside the strikes or killings that came with
                # it (ACLED codes both): "HTS took Aleppo" is not "an air strike on Aleppo".
                continue
            elif (
                {ta, tb} <= violent
                or {ta, tb} <= demonstration
                or tb in crossovers.get(a, ())
                or ta in crossovers.get(b, ())
            ):
                # ACLED: different activities of the same actors, day and place are one
                # event; but two reports of one incident seldom describe it so differently.
                codes[i, j], weights[i, j] = COMPATIBLE, 0.0 if {a, b} in confused else -1.0
    return codes, weights


_SUB_EVENT_CODES, _SUB_EVENT_WEIGHTS = _sub_event_tables()


@dataclass(frozen=True, eq=False)
class PairScores:
    """Verdicts (row per field in FIELDS) and weights for pairs (i, j) of column rows."""

    i: Int
    j: Int
    verdicts: Codes  # shape (len(FIELDS), n_pairs)
    weights: Weights  # shape (len(FIELDS), n_pairs)
    distance_km: npt.NDArray[np.float64]  # NaN where a side has no coordinates
    actors_crossed: Bool  # actor1 compared with the other's actor2, and actor2 with actor1

    @property
    def score(self) -> Weights:
        """Total evidence of each pair."""
        total: Weights = self.weights.sum(axis=0)
        return total

    @property
    def compatible(self) -> Bool:
        """Pairs with no field in conflict or blocked: allowed in one cluster."""
        ok: Bool = self.verdicts.min(axis=0) >= COMPATIBLE
        return ok

    @property
    def mergeable(self) -> Bool:
        """Compatible pairs with enough evidence to link two clusters."""
        ok: Bool = self.compatible & (self.score >= THRESHOLD)
        return ok


def _haversine_km(lat1: Weights, lon1: Weights, lat2: Weights, lon2: Weights) -> Weights:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    km: Weights = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return km


def plain_days(c: EventColumns) -> Bool:
    """Rows dated by one day with no word of its time: not its evening, night, small hours,
    morning or afternoon."""
    plain: Bool = (c.start == c.end) & (c.edge == 0) & ~c.night & ~c.daytime
    return plain


def next_day_pairs(c: EventColumns, i: Int, j: Int) -> Bool:
    """Pairs of plain dates a day apart: one night attack, dated by its evening in one
    report (a US outlet's "Sunday") and by its morning in another (the local "Monday").

    They may share an incident only with a report of that night in it (`assign`).
    """
    plain = plain_days(c)
    found: Bool = plain[i] & plain[j] & (np.abs(c.start[i] - c.start[j]) == 1)
    return found


def _date_evidence(c: EventColumns, i: Int, j: Int) -> tuple[Codes, Weights]:
    overlap = np.minimum(c.end[i], c.end[j]) - np.maximum(c.start[i], c.start[j]) + 1
    span = np.maximum(c.end[i] - c.start[i], c.end[j] - c.start[j]) + 1
    other_night = c.night[i] & c.night[j] & (c.start[i] != c.start[j])
    one_day_i, one_day_j = c.start[i] == c.end[i], c.start[j] == c.end[j]
    # An edge of a day ("late Sunday") is that day as stated: the same day agrees, the
    # other day of its night is possible but says nothing.
    stated_i = np.where(c.edge[i] > 0, c.start[i], c.end[i])
    stated_j = np.where(c.edge[j] > 0, c.start[j], c.end[j])
    edge_same = ((c.edge[i] != 0) & one_day_j & (c.start[j] == stated_i)) | (
        (c.edge[j] != 0) & one_day_i & (c.start[i] == stated_j)
    )
    edge_other = ((c.edge[i] != 0) & one_day_j) | ((c.edge[j] != 0) & one_day_i)
    next_day = next_day_pairs(c, i, j)
    verdict = np.select(
        [next_day, (overlap <= 0) | other_night, span > MAX_SPAN_DAYS, (span == 1) | edge_same],
        [COMPATIBLE, CONFLICT, BLOCKED, AGREE],
        COMPATIBLE,
    ).astype(np.int8)
    same_night = c.night[i] & c.night[j] & (c.start[i] == c.start[j])
    # A night attack dated by one day is mostly dated by the morning it was found; the
    # evening before is the less common reading ("a day earlier" for a previous night),
    # and a daytime attack that evening at the same base is a likelier one.
    evening = (c.night[i] & one_day_j & (c.start[j] == c.start[i])) | (
        c.night[j] & one_day_i & (c.start[i] == c.start[j])
    )
    # A week or a month fits every attack on a busy base in it: no evidence, or against.
    weight = np.select(
        [next_day, (span == 1) | same_night | edge_same, edge_other, evening, span == 2, span <= 7],
        [NEXT_DAY_WEIGHT, 3.0, 0.0, -1.0, 2.0, 0.0],
        -1.5,
    )
    return verdict, np.where(verdict >= COMPATIBLE, weight, 0.0)


def _shared_words(c: EventColumns, i: Int, j: Int) -> Bool:
    """Pairs where one name's words are all among the other's, a distinctive one included."""
    wi, wj = c.place_words[i], c.place_words[j]
    i_in_j = (wi[:, :, None] == wj[:, None, :]).any(axis=2) | (wi < 0)
    j_in_i = (wj[:, :, None] == wi[:, None, :]).any(axis=2) | (wj < 0)
    shared: Bool = (i_in_j.all(axis=1) & (c.place_distinct_words[i] > 0)) | (
        j_in_i.all(axis=1) & (c.place_distinct_words[j] > 0)
    )
    return shared


def _location_evidence(c: EventColumns, i: Int, j: Int) -> tuple[Codes, Weights, Weights]:
    km = _haversine_km(c.latitude[i], c.longitude[i], c.latitude[j], c.longitude[j])
    has_km = ~np.isnan(km)
    prec_i, prec_j = c.geo_precision[i], c.geo_precision[j]
    coarse = np.maximum(prec_i, prec_j)
    country_differs = (c.country[i] >= 0) & (c.country[j] >= 0) & (c.country[i] != c.country[j])
    admin_known = (c.admin1[i] >= 0) & (c.admin1[j] >= 0)
    # Province names are spelled many ways ("Salahuddin", "Salah al-Din"), and a gazetteer
    # may code one spelling wrong: the same name as the article gives it is the same province.
    same_stated = (c.admin1_stated[i] >= 0) & (c.admin1_stated[i] == c.admin1_stated[j])
    admin_same = admin_known & ((c.admin1[i] == c.admin1[j]) | same_stated)
    # Only provinces both articles name can differ: one the gazetteer inferred from a
    # town's name may be a namesake's, or the site may lie across the border from the town.
    admin_differs = admin_known & ~admin_same & c.admin1_coded[i] & c.admin1_coded[j]
    same_place = (c.place[i] >= 0) & (c.place[i] == c.place[j])
    same_sound = ~same_place & (c.place_sound[i] >= 0) & (c.place_sound[i] == c.place_sound[j])
    fine_radius = np.where(coarse == 0, EXACT_KM, NEAR_KM)
    with np.errstate(invalid="ignore"):
        close = has_km & (km <= fine_radius)
        in_region_radius = has_km & (km <= REGION_KM)
    # Words in common name one site only where it is: "Khartoum North" and "Nova Kakhovka"
    # are towns of their own, kilometres from Khartoum and Kakhovka. And a name the
    # gazetteer does not know that adds words to one it knows ("Ras Baalbek", "Bint Jbeil")
    # is another place, or the gazetteer would have found it as that town.
    same_words = (
        ~same_place
        & ~same_sound
        & (coarse <= 1)
        & (close | ~has_km)
        & (c.gazetteer[i] == c.gazetteer[j])
        & _shared_words(c, i, j)
    )
    # (A province named after its capital, "Sagaing Region", is placed at its capital,
    # which may be another town: it holds its namesake town wherever that lies.)
    homonyms = (
        (same_place | same_sound | same_words)
        & (coarse <= 1)
        & (admin_differs | (has_km & (km > HOMONYM_KM)))
    )
    # Two towns the gazetteer tells apart, each named as the place itself, are two places
    # however close: Jabalia and Beit Lahia, Ramallah and al-Bireh.
    two_towns = (
        (coarse == 0) & c.gazetteer[i] & c.gazetteer[j] & ~(same_place | same_sound | same_words)
    )
    # A province the gazetteer inferred for a town cannot conflict by name, but it can by
    # distance: "Kharkiv" is not in "Kherson Oblast", 459 km away.
    admin_inferred_differs = admin_known & ~admin_same & ~admin_differs
    region_far = (~admin_known | admin_inferred_differs) & has_km & ~in_region_radius
    conditions = [
        country_differs | homonyms | two_towns,
        same_place,
        same_sound,
        same_words,
        coarse == 3,
        (coarse == 2) & (admin_differs | region_far),
        coarse == 2,
        close,
        # "Near X" without coordinates to measure: any site around there, the admin1 permitting.
        (coarse == 1) & ~has_km & ~admin_differs,
    ]
    verdict = np.select(
        conditions,
        [
            CONFLICT,
            AGREE,
            COMPATIBLE,
            COMPATIBLE,
            COMPATIBLE,
            CONFLICT,
            COMPATIBLE,
            COMPATIBLE,
            COMPATIBLE,
        ],
        CONFLICT,
    ).astype(np.int8)
    # "Somewhere in Syria" fits every incident there that day: it counts against linking.
    # A town the gazetteer puts in another province near this one: perhaps across the border.
    region_weight = np.select(
        [admin_same, admin_inferred_differs, in_region_radius], [0.5, -1.0, 0.0], -0.5
    )
    # "Near X" is seldom far from X: full weight within NEAR_FULL_KM, less beyond.
    with np.errstate(invalid="ignore"):
        beyond = np.clip((km - NEAR_FULL_KM) / (NEAR_KM - NEAR_FULL_KM), 0.0, 1.0)
    site_weight = np.where(coarse == 0, 2.5, 1.5 - NEAR_FAR_DROP * np.nan_to_num(beyond))
    # Two reports naming only one province (or country) name no place in it.
    area_weight = np.select([coarse == 3, coarse == 2], [-1.5, 0.5], 3.0)
    weight = np.select(
        conditions,
        [
            0.0,
            area_weight,
            np.minimum(area_weight, 2.0),
            1.5,
            -1.5,
            0.0,
            region_weight,
            site_weight,
            # A town nothing locates could be anywhere in the province, or the country.
            np.where(admin_same, 0.0, -1.5),
        ],
    )
    return verdict, weight, km


def _actor_evidence(c: EventColumns, i: Int, j: Int) -> tuple[Codes, Weights, Bool]:
    # Actor order carries no meaning in ACLED, so take the better of the two pairings.
    left = np.concatenate([c.actor1[i], c.actor2[i], c.actor1[i], c.actor2[i]])
    right = np.concatenate([c.actor1[j], c.actor2[j], c.actor2[j], c.actor1[j]])
    v, w = c.actors.verdicts(left, right)
    v11, v22, v12, v21 = np.split(v, 4)
    w11, w22, w12, w21 = np.split(w, 4)
    straight_v, crossed_v = np.minimum(v11, v22), np.minimum(v12, v21)
    straight_w, crossed_w = w11 + w22, w12 + w21
    # Crossing needs a second actor to cross with: two one-sided events by different groups
    # (TTP here, BLA there) are not one fight between them.
    crossable = (c.actor2[i] >= 0) | (c.actor2[j] >= 0)
    # Nor does it compare victims with perpetrators: "the FARDC shelled civilians" and "M23
    # shelled civilians" are not one attack read the other way round.
    civilian = c.actors.civilian_codes()
    one_civilian = (civilian[c.actor1[i]] != civilian[c.actor2[j]]) | (
        civilian[c.actor2[i]] != civilian[c.actor1[j]]
    )
    crossable &= ~one_civilian
    take_crossed = (
        crossable & (crossed_v > CONFLICT) & ((straight_v == CONFLICT) | (crossed_w > straight_w))
    )
    verdict = np.where(take_crossed, crossed_v, straight_v).astype(np.int8)
    weight = np.where(take_crossed, crossed_w, straight_w)
    return verdict, np.where(verdict > CONFLICT, weight, 0.0), take_crossed


def _fatality_evidence(c: EventColumns, i: Int, j: Int) -> tuple[Codes, Weights]:
    lo_i, hi_i, lo_j, hi_j = (
        c.fatalities_low[i],
        c.fatalities_high[i],
        c.fatalities_low[j],
        c.fatalities_high[j],
    )
    unknown = (lo_i < 0) | (lo_j < 0)
    overlap = (lo_i <= hi_j) & (lo_j <= hi_i)
    smaller_high = np.minimum(hi_i, hi_j)
    larger_low = np.maximum(lo_i, lo_j)
    growth = larger_low <= TOLL_GROWTH * smaller_high + TOLL_SLACK
    late_growth = growth | (
        (larger_low <= TOLL_LATE_GROWTH * smaller_high) & (larger_low >= LARGE_TOLL)
    )
    verdict = np.select(
        [unknown, overlap, late_growth], [COMPATIBLE, AGREE, COMPATIBLE], CONFLICT
    ).astype(np.int8)
    # The same figure says more the rarer it is: most attacks kill no one, few kill six.
    exact_same = (lo_i == hi_i) & (lo_j == hi_j) & (lo_i == lo_j)
    agree_weight = np.select([hi_i + hi_j == 0, exact_same & (lo_i >= 3)], [0.5, 2.0], 1.0)
    # Figures that only a rising toll reconciles are mild evidence of two incidents.
    weight = np.select(
        [unknown, overlap, growth, late_growth], [0.0, agree_weight, -0.5, -2.0], 0.0
    )
    return verdict, weight


_BUSY: weakref.WeakKeyDictionary[EventColumns, Int] = weakref.WeakKeyDictionary()


def incidents_around(c: EventColumns) -> Int:
    """How many site-days the precise reports name within each row's dates and area.

    Precise reports name a site and a day (or one night, counted by its morning). A row
    is compared with those of its own site, its province when it names only a province,
    or its country when only that. Spellings of one site count once. Cached per columns.
    """
    found = _BUSY.get(c)
    if found is not None:
        return found
    n = len(c)
    short = (c.end - c.start <= 1) & (c.geo_precision <= 1) & (c.place >= 0)
    day0 = int(c.start.min()) - 1 if n else 0
    days = int(c.end.max()) - day0 + 2 if n else 1
    counts = np.zeros(n, dtype=np.int64)
    prec = c.geo_precision
    site = np.where(c.place_sound >= 0, c.place_sound, c.place)
    for area, rows_of in (
        (c.place, prec <= 1),
        (c.admin1, prec == 2),
        (c.country, prec == 3),
    ):
        src = short & (area >= 0)
        if not src.any():
            continue
        site_day = np.unique(np.stack([area[src], c.end[src] - day0, site[src]], axis=1), axis=0)
        codes = site_day[:, 0] * days + site_day[:, 1]
        probe = rows_of & (area >= 0)
        lo = np.searchsorted(codes, area[probe] * days + (c.start[probe] - day0), "left")
        hi = np.searchsorted(codes, area[probe] * days + (c.end[probe] - day0), "right")
        counts[probe] = hi - lo
    _BUSY[c] = counts
    return counts


def _lone_incident_evidence(c: EventColumns, i: Int, j: Int) -> Weights:
    """A vague pair whose vaguer report has exactly one precise site-day around it."""
    span_i, span_j = c.end[i] - c.start[i], c.end[j] - c.start[j]
    vague_i = (span_i > 1) | (c.geo_precision[i] >= 2)
    vague_j = (span_j > 1) | (c.geo_precision[j] >= 2)
    around = incidents_around(c)
    # The vaguer report: the longer interval, then the coarser place.
    vaguer = np.where(
        (span_i > span_j) | ((span_i == span_j) & (c.geo_precision[i] >= c.geo_precision[j])), i, j
    )
    k = around[vaguer]
    vague = vague_i | vague_j
    weight: Weights = np.where(vague & (k == 1), LONE_INCIDENT_BONUS, 0.0)
    return weight


def score_pairs(c: EventColumns, i: Int, j: Int) -> PairScores:
    """Per-field verdicts and evidence weights for the pairs (i[k], j[k]) of rows of `c`."""
    same_article = c.article[i] == c.article[j]
    article_v = np.where(same_article, BLOCKED, COMPATIBLE).astype(np.int8)
    date_v, date_w = _date_evidence(c, i, j)
    place_v, place_w, km = _location_evidence(c, i, j)
    actor_v, actor_w, crossed = _actor_evidence(c, i, j)
    type_v = _SUB_EVENT_CODES[c.sub_event[i], c.sub_event[j]]
    type_w = _SUB_EVENT_WEIGHTS[c.sub_event[i], c.sub_event[j]]
    toll_v, toll_w = _fatality_evidence(c, i, j)
    date_w = date_w + _lone_incident_evidence(c, i, j)
    return PairScores(
        i=i,
        j=j,
        verdicts=np.stack([article_v, date_v, place_v, actor_v, type_v, toll_v]),
        weights=np.stack([np.zeros(len(i)), date_w, place_w, actor_w, type_w, toll_w]),
        distance_km=km,
        actors_crossed=crossed,
    )
