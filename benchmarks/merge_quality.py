"""Merge quality against the synthetic generator's gold incidents: pairwise and B-cubed scores.

Run: python benchmarks/merge_quality.py [n_incidents] [seed]

Prints pairwise precision / recall / F1 (over all pairs of source events put in one
cluster) and B-cubed precision / recall / F1 (per event, averaged), for the full
`cs.merge()` over ArticleSummary records, and for the columnar core on `synth_columns`.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Hashable, Sequence

import numpy as np
from synth import ALIASES, synth_columns, synth_summaries

from conflictsum.merge import cluster_arrays, merge


def pairwise_scores(
    predicted: Sequence[Hashable], gold: Sequence[Hashable]
) -> tuple[float, float, float]:
    """Precision, recall and F1 over pairs of items that share a cluster."""
    both = Counter(zip(predicted, gold, strict=True))
    pred = Counter(predicted)
    true = Counter(gold)

    def pairs(counts: Counter[Hashable]) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    tp, p, t = pairs(both), pairs(pred), pairs(true)
    precision = tp / p if p else 1.0
    recall = tp / t if t else 1.0
    return precision, recall, _f1(precision, recall)


def bcubed_scores(
    predicted: Sequence[Hashable], gold: Sequence[Hashable]
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1: per-item overlap of its cluster with its gold cluster."""
    both = Counter(zip(predicted, gold, strict=True))
    pred = Counter(predicted)
    true = Counter(gold)
    precision = sum(both[(p, g)] / pred[p] for p, g in zip(predicted, gold, strict=True)) / len(
        gold
    )
    recall = sum(both[(p, g)] / true[g] for p, g in zip(predicted, gold, strict=True)) / len(gold)
    return precision, recall, _f1(precision, recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _report(
    name: str, predicted: Sequence[Hashable], gold: Sequence[Hashable], seconds: float
) -> None:
    pp, pr, pf = pairwise_scores(predicted, gold)
    bp, br, bf = bcubed_scores(predicted, gold)
    print(
        f"{name:<34} events {len(gold):>7}  gold incidents {len(set(gold)):>6}  "
        f"merged {len(set(predicted)):>6}  ({seconds:.1f} s)\n"
        f"{'':<34} pairwise P {pp:.3f} R {pr:.3f} F1 {pf:.3f}   "
        f"B-cubed P {bp:.3f} R {br:.3f} F1 {bf:.3f}"
    )


def main() -> None:
    n_incidents = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    summaries, gold_of = synth_summaries(n_incidents, seed)
    t0 = time.perf_counter()
    result = merge(summaries, aliases=ALIASES)
    seconds = time.perf_counter() - t0
    cluster_of = {member: e.id for e in result.events for member in e.members}
    keys = sorted(gold_of)
    _report(
        "merge() on ArticleSummary",
        [cluster_of[k] for k in keys],
        [gold_of[k] for k in keys],
        seconds,
    )

    columns, gold = synth_columns(n_incidents * 3, seed)
    t0 = time.perf_counter()
    labels = cluster_arrays(columns)
    _report(
        "cluster_arrays() on synth_columns",
        labels.tolist(),
        gold.tolist(),
        time.perf_counter() - t0,
    )
    assert np.all(labels <= np.arange(len(labels)))


if __name__ == "__main__":
    main()
