"""Clusters of mutually compatible rows: greedy complete linkage, with no transitive chaining.

Rows are linked by mergeable pairs in order of (score descending, i, j), and two clusters
join only when every cross pair is compatible, so a report that fits two different
incidents cannot bridge them. The order depends on row content alone, never on input
order. Most linked components are already cliques of compatible rows: those are taken
whole in vectorised code (greedy linkage would produce exactly the same cluster), and only
the rest go through the loop.

A row that, once clusters have formed, fits another cluster about as well as its own (two
strikes on one base on consecutive days, a week-precision report in between) is ambiguous:
the evidence does not say which incident it reports, so the clustering runs again without
it and it stays on its own rather than be guessed into one. Fit is judged against whole
clusters (compatible with every member; the best pair score with one, linking or not), not
single rows, so two reports of one incident that disagree with each other (one dated by
the evening, one by the morning) do not make a third report ambiguous.

Last, a row still on its own that is too vague to link to any single report may join the
one cluster whose reports, taken together, say enough about it (`attach_lone_rows`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from conflictsum.merge.block import candidate_pairs
from conflictsum.merge.columns import EventColumns
from conflictsum.merge.score import THRESHOLD, score_pairs

__all__ = [
    "AMBIGUITY_MARGIN",
    "ambiguous_rows",
    "attach_lone_rows",
    "cluster_arrays",
    "clusters_from_pairs",
    "compatible_pairs",
]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

# A cluster fitting a row within this much of its own cluster's fit is a near tie.
AMBIGUITY_MARGIN = 1.0


def _components(n: int, a: Int, b: Int) -> Int:
    """Connected components of edges (a, b): each row labelled by its component's lowest row."""
    label = np.arange(n, dtype=np.int64)
    while len(a):
        smaller = np.minimum(label[a], label[b])
        np.minimum.at(label, a, smaller)
        np.minimum.at(label, b, smaller)
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label[a], label[b]):
            break
    return label


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
    component = _components(n, i[linking], j[linking])
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


def ambiguous_rows(labels: Int, i: Int, j: Int, score: npt.NDArray[np.float64]) -> Bool:
    """Rows of a cluster that fit another cluster about as well as their own.

    A row fits a cluster when it is compatible with every member; its fit there is its
    best pair score with a member, linking or not. Which of two clusters a row reports is
    a guess when the other's fit is within AMBIGUITY_MARGIN of its own.
    """
    n = len(labels)
    size = np.bincount(labels, minlength=n)
    same = labels[i] == labels[j]
    own = np.full(n, -np.inf)
    np.maximum.at(own, i[same], score[same])
    np.maximum.at(own, j[same], score[same])
    cross = ~same
    rows = np.concatenate([i[cross], j[cross]])
    other = np.concatenate([labels[j[cross]], labels[i[cross]]])
    cross_score = np.concatenate([score[cross], score[cross]])
    # Candidate pairs are unique, so a row fits a cluster when it pairs with all its members.
    keys, where, pairs = np.unique(rows * n + other, return_inverse=True, return_counts=True)
    fit = np.full(len(keys), -np.inf)
    np.maximum.at(fit, where, cross_score)
    row, cluster = keys // n, keys % n
    # A row left alone is merged into nothing, whatever else it fits.
    rival = (pairs == size[cluster]) & (size[labels[row]] > 1)
    rival &= fit >= own[row] - AMBIGUITY_MARGIN
    ambiguous = np.zeros(n, dtype=np.bool_)
    ambiguous[row[rival]] = True
    return ambiguous


def compatible_pairs(
    columns: EventColumns, i: Int, j: Int, chunk: int = 1 << 20
) -> tuple[Int, Int, npt.NDArray[np.float64]]:
    """The candidate pairs that may share a cluster, with their scores, scored in chunks.

    Chunking bounds memory: scoring holds a dozen temporaries per pair, the result three.
    """
    kept: list[tuple[Int, Int, npt.NDArray[np.float64]]] = []
    for start in range(0, len(i), chunk):
        scores = score_pairs(columns, i[start : start + chunk], j[start : start + chunk])
        ok = scores.compatible
        kept.append((scores.i[ok], scores.j[ok], scores.score[ok]))
    if not kept:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float64)
    return (
        np.concatenate([k[0] for k in kept]),
        np.concatenate([k[1] for k in kept]),
        np.concatenate([k[2] for k in kept]),
    )


def attach_lone_rows(
    columns: EventColumns, labels: Int, i: Int, j: Int, eligible: Bool
) -> tuple[Int, Int, npt.NDArray[np.float64]]:
    """Lone rows that one cluster, taken as a whole, fits clearly better than any other.

    A vague report ("Deir ez-Zor province, last week, 6 killed") is often too vague to
    link to any single report, yet matches what a cluster's reports say together: one
    names the province, another the toll. Its fit to a cluster adds, field by field, the
    best evidence any member gives; it must be compatible with every member, reach
    THRESHOLD, and beat every other cluster it fits by AMBIGUITY_MARGIN. Returns the
    attached rows, their clusters and fits, in the order they were decided.
    """
    n = len(labels)
    size = np.bincount(labels, minlength=n)
    lone = (size[labels] == 1) & eligible
    empty = np.empty(0, dtype=np.int64)
    one_side = lone[i] ^ lone[j]
    if not one_side.any():
        return empty, empty, np.empty(0)
    row = np.where(lone[i], i, j)[one_side]
    member = np.where(lone[i], j, i)[one_side]
    cluster = labels[member]
    grouped = size[cluster] > 1
    row, member, cluster = row[grouped], member[grouped], cluster[grouped]
    weights = score_pairs(columns, row, member).weights
    keys, where, pairs = np.unique(row * n + cluster, return_inverse=True, return_counts=True)
    best = np.full((weights.shape[0], len(keys)), -np.inf)
    for f in range(weights.shape[0]):
        np.maximum.at(best[f], where, weights[f])
    fit = best.sum(axis=0)
    fits = pairs == size[keys % n]
    keys, fit = keys[fits], fit[fits]
    rows, clusters = keys // n, keys % n
    # The best fit of each row, and the runner-up it must beat.
    order = np.lexsort((clusters, -fit, rows))
    rows, clusters, fit = rows[order], clusters[order], fit[order]
    first = np.concatenate(([True], rows[1:] != rows[:-1]))
    runner_up = np.full(len(rows), -np.inf)
    second = np.flatnonzero(~first[1:] & first[:-1]) + 1
    runner_up[second - 1] = fit[second]
    clear = first & (fit >= THRESHOLD) & (runner_up < fit - AMBIGUITY_MARGIN)
    rows, clusters, fit = rows[clear], clusters[clear], fit[clear]
    decided = np.lexsort((rows, -fit))
    return rows[decided], clusters[decided], fit[decided]


def clusters_from_pairs(
    columns: EventColumns, i: Int, j: Int, score: npt.NDArray[np.float64]
) -> Int:
    """Cluster label of each row (its cluster's lowest row) from its compatible pairs."""
    n = len(columns)
    labels = _linked(n, i, j, score)
    ambiguous = ambiguous_rows(labels, i, j, score)
    if ambiguous.any():
        # The clusters form again without the ambiguous rows, which stay on their own.
        keep = ~(ambiguous[i] | ambiguous[j])
        labels = _linked(n, i[keep], j[keep], score[keep])
    rows, clusters, _ = attach_lone_rows(columns, labels, i, j, ~ambiguous)
    if len(rows):
        compatible = set((i * n + j).tolist())
        joined: dict[int, list[int]] = {}
        for row, cluster in zip(rows.tolist(), clusters.tolist(), strict=True):
            # Two rows attached to one cluster must be compatible with each other too.
            others = joined.setdefault(cluster, [])
            if all(min(row, o) * n + max(row, o) in compatible for o in others):
                others.append(row)
        for cluster, others in joined.items():
            labels[others] = cluster
        # A cluster is named by its lowest row, which may be one just attached.
        lowest = np.full(n, n, dtype=np.int64)
        np.minimum.at(lowest, labels, np.arange(n, dtype=np.int64))
        labels = lowest[labels]
    return labels


def cluster_arrays(columns: EventColumns) -> Int:
    """Cluster label of every row of the columns: the lowest row index in its cluster."""
    return clusters_from_pairs(columns, *compatible_pairs(columns, *candidate_pairs(columns)))
