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
clusters, not single rows, so two reports of one incident that disagree with each other
(one dated by the evening, one by the morning) do not make a third report ambiguous.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from conflictsum.merge.block import candidate_pairs
from conflictsum.merge.columns import EventColumns
from conflictsum.merge.score import THRESHOLD, score_pairs

__all__ = ["AMBIGUITY_MARGIN", "cluster_arrays", "clusters_from_pairs", "compatible_pairs"]

Int = npt.NDArray[np.int64]

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


def _greedy(
    rows: list[int],
    edges: list[tuple[int, int]],
    compatible: set[int],
    n: int,
    skip: set[int],
) -> dict[int, list[int]]:
    """Complete linkage: join clusters along edges in order when every cross pair is compatible."""
    parent = {r: r for r in rows}
    members = {r: [r] for r in rows}

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for x, y in edges:
        if x in skip or y in skip:
            continue
        rx, ry = root(x), root(y)
        if rx == ry:
            continue
        mx, my = members[rx], members[ry]
        if all(min(p, q) * n + max(p, q) in compatible for p in mx for q in my):
            keep, drop = min(rx, ry), max(rx, ry)
            parent[drop] = keep
            members[keep] = mx + my
            del members[drop]
    return members


def _ambiguous_rows(
    clusters: dict[int, list[int]],
    links: dict[int, dict[int, float]],
    compatible: set[int],
    n: int,
) -> set[int]:
    """Rows that fit another cluster about as well as the one they joined.

    A row fits a cluster when it is compatible with every member and links to one of
    them; its support there is its best link. Which of two such clusters a row belongs
    to is a guess when the supports are within AMBIGUITY_MARGIN.
    """
    label = {r: k for k, rows in clusters.items() for r in rows}
    ambiguous = set()
    for row, neighbours in links.items():
        support: dict[int, float] = defaultdict(float)
        for other, score in neighbours.items():
            k = label[other]
            support[k] = max(support[k], score)
        # A row left alone is not merged into anything, whatever else it fits.
        own = support.pop(label[row], None)
        if own is None:
            continue
        if any(
            score >= own - AMBIGUITY_MARGIN
            and all(min(row, m) * n + max(row, m) in compatible for m in clusters[k])
            for k, score in support.items()
        ):
            ambiguous.add(row)
    return ambiguous


def _greedy_labels(n: int, i: Int, j: Int, score: npt.NDArray[np.float64], labels: Int) -> None:
    """Cluster the rows touched by compatible pairs (i, j) greedily, writing into labels."""
    compatible = set((i * n + j).tolist())
    linking = score >= THRESHOLD
    li, lj, ls = i[linking], j[linking], score[linking]
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for x, y, s in zip(li.tolist(), lj.tolist(), ls.tolist(), strict=True):
        links[x][y] = s
        links[y][x] = s
    order = np.lexsort((lj, li, -ls))
    edges = list(zip(li[order].tolist(), lj[order].tolist(), strict=True))
    rows = sorted(links)
    clusters = _greedy(rows, edges, compatible, n, set())
    ambiguous = _ambiguous_rows(clusters, links, compatible, n)
    if ambiguous:
        clusters = _greedy(rows, edges, compatible, n, ambiguous)
    for keep, members in clusters.items():
        labels[members] = keep


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


def clusters_from_pairs(n: int, i: Int, j: Int, score: npt.NDArray[np.float64]) -> Int:
    """Cluster label of each of n rows (its cluster's lowest row) from its compatible pairs."""
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


def cluster_arrays(columns: EventColumns) -> Int:
    """Cluster label of every row of the columns: the lowest row index in its cluster."""
    return clusters_from_pairs(len(columns), *compatible_pairs(columns, *candidate_pairs(columns)))
