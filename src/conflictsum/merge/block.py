"""Candidate pairs: rows whose date intervals overlap and whose places could be one place.

Never all pairs. Each pass sorts rows by (block key, start day) and, for every probe row,
binary-searches the run of rows in its block whose interval can overlap its own, so a
pass costs O(n log n + pairs). The passes together cover every pair the scorer could call
compatible:

- same place key (named sites, including alias- and transliteration-folded names);
- grid cells of about 110 km, on four offset grids, for sites with coordinates (a
  different name within NEAR_KM of each other always shares a cell on one grid);
- same country, for rows that name only a region or country (or no resolvable place),
  against every row of that country.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from conflictsum.merge.columns import EventColumns
from conflictsum.merge.score import MAX_SPAN_DAYS

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


def _window_pairs(c: EventColumns, keys: Int, probes: Bool, targets: Bool) -> Int:
    """Pair codes i*n+j (i<j) of probe and target rows with one key and overlapping dates."""
    n = len(c)
    day0 = int(c.start.min()) - MAX_SPAN_DAYS
    day_range = int(c.end.max()) - day0 + 2
    found = [np.empty(0, dtype=np.int64)]
    probe_rows = np.flatnonzero(probes & (keys >= 0))
    for shortest, longest in _SPAN_BANDS:
        span = c.end - c.start + 1
        band = targets & (keys >= 0) & (span >= shortest) & (span <= longest)
        target_rows = np.flatnonzero(band)
        if not len(target_rows) or not len(probe_rows):
            continue
        order = np.argsort(
            keys[target_rows] * day_range + (c.start[target_rows] - day0), kind="stable"
        )
        target_rows = target_rows[order]
        sorted_codes = keys[target_rows] * day_range + (c.start[target_rows] - day0)
        probe_keys = keys[probe_rows] * day_range
        lo = np.searchsorted(
            sorted_codes, probe_keys + (c.start[probe_rows] - longest + 1 - day0), "left"
        )
        hi = np.searchsorted(sorted_codes, probe_keys + (c.end[probe_rows] - day0), "right")
        k, t = _expand(lo.astype(np.int64), hi.astype(np.int64))
        a, b = probe_rows[k], target_rows[t]
        keep = (a != b) & (c.end[b] >= c.start[a])
        a, b = a[keep], b[keep]
        found.append(np.minimum(a, b) * n + np.maximum(a, b))
    return np.concatenate(found)


def candidate_pairs(c: EventColumns) -> tuple[Int, Int]:
    """Row pairs (i, j), i < j, sorted and unique, that blocking lets the scorer compare."""
    n = len(c)
    if n < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    mergeable = (c.end - c.start + 1) <= MAX_SPAN_DAYS
    everyone = mergeable
    found = [_window_pairs(c, _dense(c.place), everyone, everyone)]

    sited = mergeable & (c.geo_precision <= 1) & ~np.isnan(c.latitude) & ~np.isnan(c.longitude)
    for shift in ((0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (0.5, 0.5)):
        row = np.floor(np.nan_to_num(c.latitude) / _CELL_DEGREES + shift[0]).astype(np.int64)
        col = np.floor(np.nan_to_num(c.longitude) / _CELL_DEGREES + shift[1]).astype(np.int64)
        cell = np.where(sited, (row + 1000) * 4000 + (col + 2000), -1)
        found.append(_window_pairs(c, _dense(cell), sited, sited))

    vague = mergeable & ((c.geo_precision >= 1) | (c.place < 0))
    found.append(_window_pairs(c, _dense(c.country), vague, everyone))

    codes = np.unique(np.concatenate(found))
    return codes // n, codes % n
