"""Villages no gazetteer knows, placed by the corpus at the site their reports name.

A report "near Koutel", where nothing locates Koutel, compares with a report of a named
site only by province or country: Koutel could be anywhere there. But the reports tie it
down themselves. A report near Koutel and one at al-Tama garrison, the same night, by the
same group, with the same weapon, pair up strongly (a pair score that links on its own).
A village goes to the site its reports pair up with in that way, when at least TOWN_SHARE
of such reports near it pair with that one site (a village between two bases goes to
neither), and from then on is compared as that site: its other reports agree with the
site's by name, and it counts towards how busy the site is.

Only villages without coordinates are placed; a town with coordinates is compared by
distance. The placing never makes two reports incompatible that were compatible.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from conflictsum.merge.columns import EventColumns
from conflictsum.merge.likelihood import site_keys
from conflictsum.merge.score import THRESHOLD

__all__ = ["TOWN_SHARE", "placed_towns"]

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]

# The share of a village's strong pairs with sites that must name one site for it to go there.
TOWN_SHARE = 0.6


def placed_towns(c: EventColumns, i: Int, j: Int, score: Float) -> tuple[EventColumns, Int]:
    """The columns with every placed village keyed as its site, and for each row the row of
    a report of the site it was placed at (-1 where none was placed).

    (i, j) are compatible pairs and `score` their pair evidence (`score.score_pairs`).
    """
    n = len(c)
    placed_at = np.full(n, -1, dtype=np.int64)
    village = (c.geo_precision == 1) & np.isnan(c.latitude) & (c.place_sound >= 0)
    site = (c.geo_precision == 0) & (c.place_sound >= 0)
    strong = score >= THRESHOLD
    a = np.concatenate([i[strong], j[strong]])
    b = np.concatenate([j[strong], i[strong]])
    keep = village[a] & site[b]
    a, b = a[keep], b[keep]
    if not len(a):
        return c, placed_at
    town = site_keys(c)
    # Each village report once per site it pairs strongly with.
    ties, first = np.unique(a * n + c.place_sound[b], return_index=True)
    tie_row, tie_sound, tie_example = ties // n, ties % n, b[first]
    # Per (village, site): how many of its reports tie it there, and per village in all.
    keys, inverse, count = np.unique(
        town[tie_row] * n + tie_sound, return_inverse=True, return_counts=True
    )
    _, town_index = np.unique(keys // n, return_inverse=True)
    per_town = np.bincount(town_index, weights=count)
    chosen = np.flatnonzero(count >= TOWN_SHARE * per_town[town_index])
    if not len(chosen):
        return c, placed_at
    chosen_town, chosen_sound = keys[chosen] // n, keys[chosen] % n
    # A report of the site, for explanations: one that tied the village to it.
    witness = np.full(len(keys), -1, dtype=np.int64)
    np.maximum.at(witness, inverse, tie_example)
    # Every report near the village, tied or not, is compared as the site.
    rows = np.flatnonzero(village & np.isin(town, chosen_town))
    at = np.searchsorted(chosen_town, town[rows])
    sound = c.place_sound.copy()
    sound[rows] = chosen_sound[at]
    placed_at[rows] = witness[chosen][at]
    return dataclasses.replace(c, place_sound=sound), placed_at
