"""What a report's date and place say about an incident, as log-likelihood ratios per day.

The incident fit (`conflictsum.merge.assign`) weighs a report against the other reports of
one incident. For the date and the place it asks how much likelier the report is if it
tells that incident than if it tells some other attack, counted per day and per place:

- Dates are pooled over the incident's reports (`date_fits`). The incident happened on one
  day, by day or in the night that ends that morning. Each report gives a day, a night or
  an interval, the way news dates attacks (the `_AS_` rates below): a night attack mostly
  as that night, often by the morning's date, sometimes by the evening's; a daytime attack
  by its day. So three reports dated Sunday and two of the night into Monday are unlikely to
  be one attack, though each Sunday report alone could be the evening of that night. An
  interval says less the longer it is: a week is a seventh of a day's evidence.
- Places count by how busy they are (`place_evidence`). Two reports agreeing on a base
  attacked every week say less than two naming a village that appears once in two years.
  The alternative is another attack at the finest place the two agree on (the site, its
  province, its country), counted in reports per day. Those rates are read off the data
  itself and blended with a prior world (`PRIOR_RATES` over `PRIOR_DAYS`), so that a
  handful of articles about one town does not make it the busiest place on earth, and a
  country stays a place where many things happen on any day.

Both are natural logarithms, on the scale of the pooled toll and event type: zero says
nothing, each unit multiplies the odds by e.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from conflictsum.merge.columns import EventColumns
from conflictsum.merge.score import EXACT_KM, NEAR_FULL_KM, _haversine_km

__all__ = [
    "NIGHT_PRIOR",
    "PRIOR_DAYS",
    "PRIOR_RATES",
    "date_fits",
    "place_evidence",
    "site_keys",
]

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]

# Share of attacks that happen at night (rocket, drone and raid attacks mostly do).
NIGHT_PRIOR = 1 / 3
# How a report dates an attack. A night attack: as that night, by the morning's date, by
# the evening's date (the rest as weeks and months). A daytime attack: as its day, as the
# night before it (a dawn raid) or after it ("late Sunday"), a day off by a slip.
_NIGHT_AS_NIGHT, _NIGHT_AS_MORNING, _NIGHT_AS_EVENING = 0.5, 0.3, 0.1
_DAY_AS_DAY, _DAY_AS_NIGHT_BEFORE, _DAY_AS_NIGHT_AFTER, _DAY_MISDATED = 0.8, 0.05, 0.02, 0.01
# A day given with a daytime ("Sunday afternoon") is seldom a night's morning or evening.
_DAYTIME_AS_MORNING, _DAYTIME_AS_EVENING = 0.05, 0.01
# What no reading allows still keeps a trace of likelihood, so one odd report among many
# lowers an incident's fit rather than making it impossible (compatibility rules that).
_FLOOR = 1e-3
# The widest stretch of days an incident's reports are pooled over: reports more than a
# month apart are never compatible (`score.MAX_SPAN_DAYS`), so a cluster spans at most two.
_MAX_WINDOW = 80

# Reports per day at a place before any data: a named site (attacked every fifty days), a
# province, a country at war (ACLED records tens of events a day in Syria or Ukraine), and
# places in no country (a sea, a report that names none). Blended with the data as
# PRIOR_DAYS days of it: a corpus of a hundred articles does not make a country quiet.
PRIOR_RATES = {"site": 0.02, "admin1": 0.5, "country": 20.0, "no country": 1.0}
PRIOR_DAYS = 365.0

_CHUNK = 1 << 20


# Date kinds of a row: a night, a plain day, a day with its daytime named, an interval.
_NIGHT, _DAY, _DAYTIME, _INTERVAL = 0, 1, 2, 3


def _date_table() -> Float:
    """log P(date | incident) for the night and day kinds, by [kind, day offset + 2, night]:
    the offset of the incident's day from the night's morning, or from the day given."""
    table = np.full((3, 5, 2), _FLOOR)
    table[_NIGHT, 2, 1] = _NIGHT_AS_NIGHT
    table[_NIGHT, 2, 0] = _DAY_AS_NIGHT_BEFORE
    table[_NIGHT, 1, 0] = _DAY_AS_NIGHT_AFTER
    for kind, morning, evening in (
        (_DAY, _NIGHT_AS_MORNING, _NIGHT_AS_EVENING),
        (_DAYTIME, _DAYTIME_AS_MORNING, _DAYTIME_AS_EVENING),
    ):
        table[kind, 2, 0] = _DAY_AS_DAY
        table[kind, 1, 0] = table[kind, 3, 0] = _DAY_MISDATED
        table[kind, 2, 1] = morning
        table[kind, 3, 1] = evening
    out: Float = np.log(table)
    return out


_LOG_TABLE = _date_table()
_LOG_FLOOR = float(np.log(_FLOOR))


@dataclass(frozen=True, eq=False)
class _DateRows:
    """Each row's date as the date model reads it."""

    kind: npt.NDArray[np.int8]
    anchor: Int  # the night's morning, the day given, or an interval's first day
    end: Int
    lo: Int  # the days an incident may fall on for the date to be likely
    hi: Int
    reference: Float  # log P(date) over all days, each weighing one


_DATES: weakref.WeakKeyDictionary[EventColumns, _DateRows] = weakref.WeakKeyDictionary()


def _date_rows(c: EventColumns) -> _DateRows:
    cached = _DATES.get(c)
    if cached is not None:
        return cached
    one_day = c.start == c.end
    kind = np.select(
        [c.night, one_day & c.daytime, one_day], [_NIGHT, _DAYTIME, _DAY], _INTERVAL
    ).astype(np.int8)
    anchor = np.where(c.night, c.end, c.start)
    # A night: the day that ends it and the evening before; a day: it and its neighbours;
    # an interval: itself and the morning after its last night.
    lo = np.where(kind == _NIGHT, c.end - 1, np.where(kind == _INTERVAL, c.start, c.start - 1))
    hi = np.where(kind == _NIGHT, c.end, c.end + 1)
    # Summed over every day and both times of day, each weighted by its prior.
    prior = np.array([1 - NIGHT_PRIOR, NIGHT_PRIOR])
    table = np.exp(_LOG_TABLE) * (np.exp(_LOG_TABLE) > _FLOOR)
    per_kind = (table * prior[None, None, :]).sum(axis=(1, 2))
    days = (c.end - c.start + 1).astype(np.float64)
    total = np.where(
        kind == _INTERVAL, days * prior[0] + (days + 1) * prior[1], per_kind[np.minimum(kind, 2)]
    )
    rows = _DateRows(kind, anchor, c.end, lo, hi, np.log(total))
    _DATES[c] = rows
    return rows


def _loglik(d: _DateRows, rows: Int, day: Int, at_night: Bool) -> Float:
    """log P(each row's date | the incident fell on `day`, by day or in the night ending it)."""
    kind = d.kind[rows]
    offset = day - d.anchor[rows]
    near = (np.abs(offset) <= 2) & (kind != _INTERVAL)
    flat = (np.minimum(kind, 2).astype(np.int64) * 5 + np.clip(offset + 2, 0, 4)) * 2 + at_night
    in_interval = (offset >= 0) & (day <= d.end[rows] + at_night)
    out: Float = np.where(
        near,
        _LOG_TABLE.reshape(-1)[flat],
        np.where((kind == _INTERVAL) & in_interval, 0.0, _LOG_FLOOR),
    )
    return out


def _segment_logsumexp(values: Float, starts: Int) -> Float:
    """log(sum(exp)) over consecutive segments of `values` beginning at `starts`."""
    top = np.maximum.reduceat(values, starts)
    lengths = np.diff(np.append(starts, len(values)))
    out: Float = np.log(np.add.reduceat(np.exp(values - np.repeat(top, lengths)), starts)) + top
    return out


def date_fits(c: EventColumns, labels: Int, row: Int, cluster: Int, own: Bool) -> Float:
    """log P(row's date | the other reports of the cluster) - log P(row's date), per option.

    Every cluster's reports are pooled into a posterior over the incident's day and whether
    it was at night, over the days their dates allow; a row's own cluster speaks without it.
    """
    out = np.zeros(len(row))
    if not len(row):
        return out
    d = _date_rows(c)
    # Labels are row numbers: the used clusters, and a lookup from label to its place there.
    is_used = np.zeros(len(labels), dtype=np.bool_)
    is_used[cluster] = True
    used = np.flatnonzero(is_used)
    slot_of_label = np.full(len(labels), -1, dtype=np.int64)
    slot_of_label[used] = np.arange(len(used))
    member = np.flatnonzero(slot_of_label[labels] >= 0)
    slot_of = slot_of_label[labels[member]]
    lo = np.full(len(used), np.iinfo(np.int64).max)
    hi = np.full(len(used), np.iinfo(np.int64).min)
    np.minimum.at(lo, slot_of, d.lo[member])
    np.maximum.at(hi, slot_of, d.hi[member])
    width = np.minimum(hi - lo + 1, _MAX_WINDOW)
    offsets = np.concatenate(([0], np.cumsum(2 * width)))
    # Every member's log-likelihood at each (day, night) of its cluster's window, summed per
    # cluster with the prior: the cluster's unnormalised log-posterior. (Each member's cells
    # are consecutive, whatever the members' order.)
    n_slots = 2 * width[slot_of]
    first = np.cumsum(n_slots) - n_slots
    k = np.arange(int(n_slots.sum())) - np.repeat(first, n_slots)
    s = np.repeat(slot_of, n_slots)
    cell = offsets[s] + k
    values = _loglik(d, np.repeat(member, n_slots), lo[s] + k // 2, (k % 2).astype(np.bool_))
    log_prior = np.log(np.array([1 - NIGHT_PRIOR, NIGHT_PRIOR]))
    posterior: Float = np.bincount(cell, values, int(offsets[-1])).astype(np.float64)
    posterior += log_prior[np.arange(len(posterior)) % 2]
    total = _segment_logsumexp(posterior, offsets[:-1])
    # A row's own cluster without it: P(date | the others) = Z(all) / Z(all but the row).
    without = np.full(len(c), np.nan)
    without[member] = _segment_logsumexp(posterior[cell] - values, first)
    slot = slot_of_label[cluster]
    out[own] = total[slot[own]] - without[row[own]]
    # Another cluster: its posterior times the row's likelihood, over the days the row's
    # date allows (elsewhere its likelihood is the floor, of the whole posterior's mass).
    other = np.flatnonzero(~own)
    step = max(1, _CHUNK // 16)
    for start in range(0, len(other), step):
        o = other[start : start + step]
        r, sl = row[o], slot[o]
        first_day = np.maximum(d.lo[r], lo[sl])
        days = np.maximum(np.minimum(d.hi[r], lo[sl] + width[sl] - 1) - first_day + 1, 0)
        n_cells = 2 * days
        rep = np.repeat(np.arange(len(o)), n_cells)
        k = np.arange(int(n_cells.sum())) - np.repeat(np.cumsum(n_cells) - n_cells, n_cells)
        day, at_night = first_day[rep] + k // 2, (k % 2).astype(np.bool_)
        terms = posterior[offsets[sl[rep]] + 2 * (day - lo[sl[rep]]) + at_night]
        terms = terms + _loglik(d, r[rep], day, at_night)
        found = np.full(len(o), -np.inf)
        has = n_cells > 0
        found[has] = _segment_logsumexp(terms, (np.cumsum(n_cells) - n_cells)[has])
        found = np.logaddexp(found, _LOG_FLOOR + total[sl])
        out[o] = found - total[sl]
    out -= d.reference[row]
    return out


@dataclass(frozen=True, eq=False)
class _PlaceRates:
    """Each row's place keys at three levels and -log(reports per day) at each."""

    site: Int  # transliteration-folded place key of a row naming a site or town; -1 if none
    admin1: Int  # its province, or the one other reports of its site name; -1 if none
    country: Int
    surprise: Float  # shape (4, n): -log rate at the site, province, country, in no country


_RATES: weakref.WeakKeyDictionary[EventColumns, _PlaceRates] = weakref.WeakKeyDictionary()


def _counts(keys: Int) -> Float:
    """How many rows share each row's key (0 where the key is -1)."""
    out = np.zeros(len(keys))
    known = keys >= 0
    _, inverse, counts = np.unique(keys[known], return_inverse=True, return_counts=True)
    out[known] = counts[inverse]
    return out


def _filled_admin1(site: Int, admin1: Int) -> Int:
    """Provinces, with a site's province read from other reports of it where a row has none
    ("Marshara" in one article, "Marshara, Aleppo province" in another)."""
    known = (site >= 0) & (admin1 >= 0)
    filled = admin1.copy()
    if not known.any():
        return filled
    # The province most reports of the site state; ties go to the lower code.
    pairs, counts = np.unique(
        np.stack([site[known], admin1[known]], axis=1), axis=0, return_counts=True
    )
    order = np.lexsort((pairs[:, 1], -counts, pairs[:, 0]))
    pairs = pairs[order]
    first = np.concatenate(([True], pairs[1:, 0] != pairs[:-1, 0]))
    sites, provinces = pairs[first, 0], pairs[first, 1]
    missing = (site >= 0) & (admin1 < 0)
    at = np.minimum(np.searchsorted(sites, site[missing]), len(sites) - 1)
    found = sites[at] == site[missing]
    rows = np.flatnonzero(missing)[found]
    filled[rows] = provinces[at[found]]
    return filled


def site_keys(c: EventColumns) -> Int:
    """One key per named site or town, spellings folded (-1 for an area): the sound key,
    else the place key, kept apart from every sound key."""
    offset = int(c.place_sound.max()) + 1 if len(c) else 0
    key = np.where(c.place_sound >= 0, c.place_sound, np.where(c.place >= 0, c.place + offset, -1))
    out: Int = np.where(c.geo_precision <= 1, key, -1)
    return out


def _place_rates(c: EventColumns) -> _PlaceRates:
    cached = _RATES.get(c)
    if cached is not None:
        return cached
    n = len(c)
    site = site_keys(c)
    admin1 = _filled_admin1(site, c.admin1)
    days = float(c.end.max() - c.start.min() + 1) if n else 1.0

    def surprise(count: Float, level: str) -> Float:
        rate = (count + PRIOR_RATES[level] * PRIOR_DAYS) / (days + PRIOR_DAYS)
        out: Float = -np.log(rate)
        return out

    rates = _PlaceRates(
        site=site,
        admin1=admin1,
        country=c.country,
        surprise=np.stack(
            [
                surprise(_counts(site), "site"),
                surprise(_counts(admin1), "admin1"),
                surprise(_counts(c.country), "country"),
                surprise(np.full(n, float((c.country < 0).sum())), "no country"),
            ]
        ),
    )
    _RATES[c] = rates
    return rates


def place_evidence(c: EventColumns, i: Int, j: Int) -> Float:
    """Evidence that rows i and j name one incident's place: -log(reports per day) at the
    finest place they agree on, for the busier of the two (a pair is judged symmetrically).

    They agree on a site when both name a site or town by the same (folded) name, or lie
    within a few kilometres (EXACT_KM for two sites, NEAR_FULL_KM when one is "near" a
    town); else on a province (including one other reports give a site), else a country;
    else one is in no country (at sea), as rare as such reports are. Pairs the scorer calls
    incompatible never reach this.
    """
    r = _place_rates(c)
    km = _haversine_km(c.latitude[i], c.longitude[i], c.latitude[j], c.longitude[j])
    coarse = np.maximum(c.geo_precision[i], c.geo_precision[j])
    with np.errstate(invalid="ignore"):
        close = (coarse <= 1) & (km <= np.where(coarse == 0, EXACT_KM, NEAR_FULL_KM))
    same_site = (coarse <= 1) & (((r.site[i] >= 0) & (r.site[i] == r.site[j])) | close)
    stated = (c.admin1_stated[i] >= 0) & (c.admin1_stated[i] == c.admin1_stated[j])
    same_admin1 = stated | ((r.admin1[i] >= 0) & (r.admin1[i] == r.admin1[j]))
    same_country = (r.country[i] >= 0) & (r.country[i] == r.country[j])
    level = np.select([same_site, same_admin1, same_country], [0, 1, 2], 3)
    out: Float = np.minimum(r.surprise[level, i], r.surprise[level, j])
    return out
