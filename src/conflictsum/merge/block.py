"""Candidate pairs: rows whose date intervals overlap (or, for two plain dates, lie a day
apart: see `score.next_day_pairs`) and whose places could be one place.

Never all pairs. Each pass sorts rows by (block key, start day) and, for every probe row,
binary-searches the run of rows in its block whose interval can overlap its own, so a
pass costs O(n log n + pairs). The passes together cover every pair the scorer could call
compatible:

- same place key (named sites, including alias- and transliteration-folded names), and
  same consonant skeleton (spellings the folding leaves apart: Dayr az Zawr, Deir ez-Zor);
- a shared word of the name, for sites named by more or fewer words (Al-Asad Airbase,
  Ain al-Asad air base);
- grid cells of about 110 km, on four offset grids, for sites with coordinates (a
  different name within NEAR_KM of each other always shares a cell on one grid);
- same country, for rows that name only a region or country (or no resolvable place),
  against every row of that country.
- rows in no country (a sea), against every row of their days.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from conflictsum.merge.columns import EventColumns
from conflictsum.merge.score import MAX_SPAN_DAYS, plain_days

__all__ = ["candidate_pairs"]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

_CELL_DEGREES = 1.0
# Targets are searched per interval-length band so a few month-long rows do not widen
# the window (and the pair count) for the many single-day ones.
_SPAN_BANDS = ((1, 1), (2, 2), (3, 7), (8, MAX_SPAN_DAYS))


def _dense(keys: Int) -> Int:
    """Keys renumbered 0..k-1 (negatives stay -1) so they can be packed with a day number."""
    dense: Int = np.where(keys >= 0, np.unique(keys, return_inverse=True)[1], -1).astype(np.int64)
    return dense


def _expand(lo: Int, hi: Int) -> tuple[Int, Int]:
    """Row positions (probe k, target position t) for every t in [lo[k], hi[k])."""
    counts = np.maximum(hi - lo, 0)
    probe = np.repeat(np.arange(len(lo), dtype=np.int64), counts)
    offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts
    )
    return probe, lo[probe] + offsets


def _sorted_by_block(
    c: EventColumns, keys: Int, rows: Int, day0: int, days: int
) -> tuple[Int, Int, Int]:
    """Rows (each with its key) ordered by (key, start day), and their packed codes."""
    codes = keys * days + (c.start[rows] - day0)
    order = np.argsort(codes, kind="stable")
    return rows[order], keys[order], codes[order]


def _reach(c: EventColumns) -> Int:
    """The last day a row's interval can meet another's: a plain date may be the evening of
    a night that the next day's reports date by its morning (`score.next_day_pairs`)."""
    reach: Int = c.end + plain_days(c)
    return reach


def _pair_codes(c: EventColumns, a: Int, b: Int) -> Int:
    # Two events of one article never merge, so such pairs need no scoring at all.
    keep = c.article[a] != c.article[b]
    a, b = a[keep], b[keep]
    codes: Int = np.minimum(a, b) * len(c) + np.maximum(a, b)
    return codes


def _self_pairs(c: EventColumns, rows: Int, keys: Int, day0: int, days: int) -> Int:
    """Pairs of rows with one key (keys[k] is the key of rows[k]) whose intervals overlap.

    In (key, start) order, a row's overlapping partners that start no earlier than it
    are exactly the rows after it up to its end day, so one sort and one binary search
    per row find every overlapping pair once. A row may come several times, once per key.
    """
    rows, keys, codes = _sorted_by_block(c, keys, rows, day0, days)
    hi = np.searchsorted(codes, keys * days + (_reach(c)[rows] - day0), "right")
    k, t = _expand(np.arange(1, len(rows) + 1, dtype=np.int64), hi.astype(np.int64))
    return _pair_codes(c, rows[k], rows[t])


def _keyed_pairs(c: EventColumns, keys: Int, members: Bool, day0: int, days: int) -> Int:
    """Pairs of member rows with one key (-1: none) whose date intervals overlap."""
    rows = np.flatnonzero(members & (keys >= 0))
    return _self_pairs(c, rows, keys[rows], day0, days)


def _probe_pairs(
    c: EventColumns, keys: Int, probes: Bool, targets: Bool, day0: int, days: int
) -> Int:
    """Pairs of a probe row and a target row with one key whose date intervals overlap."""
    found = [np.empty(0, dtype=np.int64)]
    probe_rows = np.flatnonzero(probes & (keys >= 0))
    span = c.end - c.start + 1
    reach = _reach(c)
    for shortest, longest in _SPAN_BANDS:
        band = targets & (keys >= 0) & (span >= shortest) & (span <= longest)
        if not band.any() or not len(probe_rows):
            continue
        band_rows = np.flatnonzero(band)
        rows, _, codes = _sorted_by_block(c, keys[band_rows], band_rows, day0, days)
        # A target may start `longest` days before the probe and still reach it, one more
        # for a plain date that meets the next day's (`_reach`).
        first = keys[probe_rows] * days + (c.start[probe_rows] - longest - day0)
        last = keys[probe_rows] * days + (reach[probe_rows] - day0)
        lo = np.searchsorted(codes, first, "left")
        hi = np.searchsorted(codes, last, "right")
        k, t = _expand(lo.astype(np.int64), hi.astype(np.int64))
        a, b = probe_rows[k], rows[t]
        keep = (a != b) & (reach[b] >= c.start[a])
        found.append(_pair_codes(c, a[keep], b[keep]))
    return np.concatenate(found)


def candidate_pairs(c: EventColumns) -> tuple[Int, Int]:
    """Row pairs (i, j), i < j, sorted and unique, that blocking lets the scorer compare."""
    n = len(c)
    if n < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    day0 = int(c.start.min()) - MAX_SPAN_DAYS
    days = int(c.end.max()) - day0 + 2
    mergeable = (c.end - c.start + 1) <= MAX_SPAN_DAYS
    found = [
        _keyed_pairs(c, _dense(c.place), mergeable, day0, days),
        _keyed_pairs(c, _dense(c.place_sound), mergeable, day0, days),
    ]
    # One name's words among another's: rows meet under each word of their names.
    named = (c.place_words >= 0) & (mergeable & (c.geo_precision <= 1))[:, None]
    word_rows = np.nonzero(named)[0].astype(np.int64)
    found.append(_self_pairs(c, word_rows, _dense(c.place_words[named]), day0, days))

    sited = mergeable & (c.geo_precision <= 1) & ~np.isnan(c.latitude) & ~np.isnan(c.longitude)
    for shift in ((0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (0.5, 0.5)):
        row = np.floor(np.nan_to_num(c.latitude) / _CELL_DEGREES + shift[0]).astype(np.int64)
        col = np.floor(np.nan_to_num(c.longitude) / _CELL_DEGREES + shift[1]).astype(np.int64)
        cell = np.where(sited, (row + 1000) * 4000 + (col + 2000), -1)
        found.append(_keyed_pairs(c, _dense(cell), sited, day0, days))

    vague = mergeable & ((c.geo_precision >= 1) | (c.place < 0))
    found.append(_probe_pairs(c, _dense(c.country), vague, mergeable, day0, days))
    # A row in no country ("Gulf of Aden", a sea) can be any country's: it meets every row
    # of its days, as the scorer lets it.
    countryless = mergeable & (c.country < 0)
    if countryless.any():
        everyone = np.zeros(n, dtype=np.int64)
        found.append(_probe_pairs(c, everyone, countryless, mergeable, day0, days))

    codes = np.sort(np.concatenate(found))
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes
    return codes // n, codes % n
