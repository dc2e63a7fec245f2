"""Clusters of mutually compatible rows: greedy complete linkage, with no transitive chaining.

Rows are linked by mergeable pairs in order of (score descending, i, j), and two clusters
join only when every cross pair is compatible, so a report that fits two different
incidents cannot bridge them. The order depends on row content alone, never on input
order. Most linked components are already cliques of compatible rows: those are taken
whole in vectorised code (greedy linkage would produce exactly the same cluster), and only
the rest go through the loop.

Linking looks at two reports at a time. Then every row is weighed against every whole
incident it may belong to and goes to the one it fits clearly best, or stands alone
(`conflictsum.merge.assign`): a week-long report between two strikes on one base goes to
neither, and a vague report whose toll only one incident's reports give goes to that one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from conflictsum.merge.assign import BEST_OF_FIELDS, components, pair_weights, reassigned
from conflictsum.merge.block import candidate_pairs
from conflictsum.merge.columns import EventColumns
from conflictsum.merge.likelihood import place_evidence
from conflictsum.merge.score import FIELDS, THRESHOLD, next_day_pairs, score_pairs
from conflictsum.merge.towns import placed_towns

__all__ = [
    "cluster_arrays",
    "clusters_from_pairs",
    "compatible_pairs",
    "with_placed_towns",
]

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]


def _greedy_labels(n: int, i: Int, j: Int, score: npt.NDArray[np.float64], labels: Int) -> None:
    """Complete linkage over the rows of compatible pairs (i, j), writing into labels.

    Clusters join along linking pairs in order of (score descending, i, j), and only when
    every cross pair is compatible.
    """
    compatible = set((i * n + j).tolist())
    linking = score >= THRESHOLD
    li, lj, ls = i[linking], j[linking], score[linking]
    order = np.lexsort((lj, li, -ls))
    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for x, y in zip(li[order].tolist(), lj[order].tolist(), strict=True):
        rx, ry = root(x), root(y)
        if rx == ry:
            continue
        mx, my = members.get(rx, [rx]), members.get(ry, [ry])
        if all(min(p, q) * n + max(p, q) in compatible for p in mx for q in my):
            keep, drop = min(rx, ry), max(rx, ry)
            parent[drop] = keep
            members[keep] = mx + my
            members.pop(drop, None)
    for keep, rows in members.items():
        labels[rows] = keep


def _linked(n: int, i: Int, j: Int, score: npt.NDArray[np.float64]) -> Int:
    """Cluster label of each row (its cluster's lowest row) by complete linkage."""
    linking = score >= THRESHOLD
    component = components(n, i[linking], j[linking])
    size = np.bincount(component, minlength=n)
    inside = component[i] == component[j]
    compatible_inside = np.bincount(component[i[inside]], minlength=n)
    # A component whose rows are all pairwise compatible is one cluster as it stands.
    clique = compatible_inside == size * (size - 1) // 2
    labels = component.copy()
    hard_component = ~clique[component]
    if hard_component.any():
        labels[hard_component] = np.flatnonzero(hard_component)
        hard_pair = inside & hard_component[i]
        _greedy_labels(n, i[hard_pair], j[hard_pair], score[hard_pair], labels)
    return labels


def compatible_pairs(
    columns: EventColumns, i: Int, j: Int, chunk: int = 1 << 20
) -> tuple[Int, Int, Float, Float]:
    """The candidate pairs that may share a cluster, scored in chunks: (i, j, score, weights).

    `weights` holds the per-field evidence the incident fit takes from the best member
    (`assign.BEST_OF_FIELDS`), so it need not score the pairs again. Chunking bounds
    memory: scoring holds a dozen temporaries per pair, the result six.
    """
    kept: list[tuple[Int, Int, Float, Float]] = []
    for start in range(0, len(i), chunk):
        scores = score_pairs(columns, i[start : start + chunk], j[start : start + chunk])
        ok = scores.compatible
        a, b = scores.i[ok], scores.j[ok]
        best_of = pair_weights(columns, a, b, scores.weights[FIELDS.index("actors"), ok])
        kept.append((a, b, scores.score[ok], best_of))
    if not kept:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0), np.empty((len(BEST_OF_FIELDS), 0))
    return (
        np.concatenate([k[0] for k in kept]),
        np.concatenate([k[1] for k in kept]),
        np.concatenate([k[2] for k in kept]),
        np.concatenate([k[3] for k in kept], axis=1),
    )


def with_placed_towns(
    columns: EventColumns, i: Int, j: Int, score: Float, weights: Float
) -> tuple[EventColumns, Int, Int, Float, Float, Int]:
    """The columns with villages placed at their sites (`towns.placed_towns`), and the
    compatible pairs (i, j, score, weights) scored on them: (columns, i, j, score, weights,
    the row of a report of the site each row was placed at, or -1)."""
    placed, at = placed_towns(columns, i, j, score)
    if placed is columns:
        return columns, i, j, score, weights, at
    moved = at >= 0
    touch = np.flatnonzero(moved[i] | moved[j])
    scores = score_pairs(placed, i[touch], j[touch])
    score = score.copy()
    score[touch] = scores.score
    # How busy each site is changed with its villages: every pair's place evidence.
    weights = np.vstack([place_evidence(placed, i, j), weights[1:]])
    keep = np.ones(len(i), dtype=np.bool_)
    keep[touch[~scores.compatible]] = False
    return placed, i[keep], j[keep], score[keep], weights[:, keep], at


def clusters_from_pairs(
    columns: EventColumns, i: Int, j: Int, score: Float, weights: Float | None = None
) -> Int:
    """Cluster label of each row (its cluster's lowest row) from its compatible pairs.

    Rows link by complete linkage on `score`; then each row goes to the whole incident it
    fits clearly best, or stands alone (`conflictsum.merge.assign`). `weights` are the
    pairs' per-field evidence from `compatible_pairs`; without them they are scored here.
    """
    if weights is None:
        weights = pair_weights(columns, i, j)
    # Plain dates a day apart never link: they join one incident only where a report of
    # the night between them does (`assign`).
    own_day = ~next_day_pairs(columns, i, j)
    linked = _linked(len(columns), i[own_day], j[own_day], score[own_day])
    return reassigned(columns, linked, i, j, weights)


def cluster_arrays(columns: EventColumns) -> Int:
    """Cluster label of every row of the columns: the lowest row index in its cluster."""
    found = with_placed_towns(columns, *compatible_pairs(columns, *candidate_pairs(columns)))
    return clusters_from_pairs(*found[:5])
