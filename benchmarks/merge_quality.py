"""Merge quality against the synthetic generator's gold incidents: scores and where errors fall.

Run: python benchmarks/merge_quality.py [n_incidents] [seed ...]     (default: 2000 0)

For each seed, prints pairwise precision / recall / F1 (over all pairs of source events
put in one cluster) and B-cubed precision / recall / F1 (per event, averaged), for the full
`cs.merge()` over ArticleSummary records and for the columnar core on `synth_columns`.

Then an error breakdown of `merge()` from the generator's labels (`synth.Report`):

- false merges (pairs of events of different incidents in one cluster) by how the two
  incidents relate: a hard-negative pair (same base a day or two later, a nearby site the
  same night), another incident at the same site or near it, or unrelated;
- missed merges (pairs of events of one incident in different clusters) by the vaguer
  report of the pair along each noise dimension, with the recall of each category, and by
  what kept them apart (a field in conflict, or the incident-level fit: a report that
  fits another incident about as well, or none clearly better than standing alone);
- the same for reports no human coder could place: an area (province or country), no
  named attacker and a week or month for a date.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from itertools import combinations

import numpy as np
from synth import ALIASES, Report, synth_columns, synth_summaries

from conflictsum.merge import MergeResult, cluster_arrays, merge
from conflictsum.merge.actors import COMPATIBLE
from conflictsum.merge.normalize import claimants, columns_from_events, resolve_locations
from conflictsum.merge.score import FIELDS, THRESHOLD, score_pairs

Key = tuple[str, str]

# Orders from most to least informative: a pair is as vague as its vaguer report.
_ORDERS = {
    "date": ("day", "day-before", "overnight", "week", "month"),
    "place": ("site", "spelling", "alias", "near-town", "province", "country"),
    "actor": ("named", "generic", "unidentified"),
}


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


def hopeless(r: Report) -> bool:
    """A report no human coder could tie to one incident: area, no named attacker, vague date."""
    return r.place in ("province", "country") and r.actor != "named" and r.date in ("week", "month")


def _vaguer(dimension: str, a: Report, b: Report) -> str:
    order = _ORDERS[dimension]
    return max(getattr(a, dimension), getattr(b, dimension), key=order.index)


def _relation(a: Report, b: Report) -> str:
    """How two different incidents relate, for the false-merge table."""
    if a.partner == b.incident:
        kind = "same base, a day or two later" if a.group == "repeat" else "nearby site, same night"
        return f"hard negative: {kind}"
    days = abs((a.day - b.day).days)
    if a.site == b.site:
        return f"same site, {'within 2 days' if days <= 2 else 'within a month'}"
    return "other sites" if days <= 31 else "other sites, over a month apart"


def _table(title: str, counts: dict[str, tuple[int, int]], order: Sequence[str] = ()) -> None:
    """Rows of (category, gold pairs, missed pairs) with recall; order fixes the row order."""
    rows = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    print(f"  {title}")
    for k in rows:
        total, missed = counts[k]
        recall = 1 - missed / total if total else 1.0
        print(f"    {k:<38} pairs {total:>6}  missed {missed:>6}  recall {recall:.3f}")


def _why_apart(verdicts: np.ndarray, score: float) -> str:
    failing = [FIELDS[f] for f in range(len(FIELDS)) if verdicts[f] < COMPATIBLE]
    if failing:
        return "conflict: " + "+".join(failing)
    if score < THRESHOLD:
        return "incident fit, pair evidence below the link threshold"
    return "incident fit, pair evidence above it"


def error_breakdown(
    keys: Sequence[Key], cluster_of: dict[Key, str], reports: dict[Key, Report]
) -> None:
    """Print false and missed merges of merge() by hard-negative type and noise category."""
    by_cluster: dict[str, list[Key]] = defaultdict(list)
    by_gold: dict[int, list[Key]] = defaultdict(list)
    for k in keys:
        by_cluster[cluster_of[k]].append(k)
        by_gold[reports[k].incident].append(k)
    false = [
        (a, b)
        for members in by_cluster.values()
        for a, b in combinations(members, 2)
        if reports[a].incident != reports[b].incident
    ]
    gold_pairs = [(a, b) for members in by_gold.values() for a, b in combinations(members, 2)]
    missed = {(a, b) for a, b in gold_pairs if cluster_of[a] != cluster_of[b]}

    print(f"  false merges: {len(false)} pairs of {len(false) + len(gold_pairs) - len(missed)}")
    for relation, n in Counter(_relation(reports[a], reports[b]) for a, b in false).most_common():
        print(f"    {relation:<38} {n:>6}")
    for dimension in ("date", "place"):
        found = Counter(_vaguer(dimension, reports[a], reports[b]) for a, b in false)
        print(
            f"    by vaguer {dimension}: "
            + ", ".join(f"{k} {found[k]}" for k in _ORDERS[dimension] if found[k])
        )

    print(f"  missed merges: {len(missed)} pairs of {len(gold_pairs)}")
    categories: list[tuple[str, Callable[[Report, Report], str], Sequence[str]]] = [
        ("by vaguer date", lambda a, b: _vaguer("date", a, b), _ORDERS["date"]),
        ("by vaguer place", lambda a, b: _vaguer("place", a, b), _ORDERS["place"]),
        ("by vaguer attacker", lambda a, b: _vaguer("actor", a, b), _ORDERS["actor"]),
        (
            "by event type",
            lambda a, b: "one side confused" if a.confused != b.confused else "same type",
            (),
        ),
        ("by incident kind", lambda a, b: a.group, ("single", "repeat", "nearby")),
        (
            "by hopeless reports (area + unnamed + week/month)",
            lambda a, b: f"{hopeless(a) + hopeless(b)} of 2 hopeless",
            ("0 of 2 hopeless", "1 of 2 hopeless", "2 of 2 hopeless"),
        ),
    ]
    for title, category, order in categories:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for a, b in gold_pairs:
            c = category(reports[a], reports[b])
            counts[c][0] += 1
            counts[c][1] += (a, b) in missed
        _table(title, {k: (v[0], v[1]) for k, v in counts.items()}, order)


def main() -> None:
    n_incidents = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seeds = [int(s) for s in sys.argv[2:]] or [0]
    for seed in seeds:
        print(f"== seed {seed}")
        summaries, reports = synth_summaries(n_incidents, seed)
        t0 = time.perf_counter()
        result = merge(summaries, aliases=ALIASES)
        seconds = time.perf_counter() - t0
        cluster_of = {member: e.id for e in result.events for member in e.members}
        keys = sorted(reports)
        _report(
            "merge() on ArticleSummary",
            [cluster_of[k] for k in keys],
            [reports[k].incident for k in keys],
            seconds,
        )
        clear = [k for k in keys if not hopeless(reports[k])]
        _report(
            "  the same, hopeless reports left out",
            [cluster_of[k] for k in clear],
            [reports[k].incident for k in clear],
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

        print("error breakdown of merge():")
        error_breakdown(keys, cluster_of, reports)
        _print_missed_reasons(result, reports, cluster_of)


def _print_missed_reasons(
    result: MergeResult, reports: dict[Key, Report], cluster_of: dict[Key, str]
) -> None:
    """Print what kept each missed pair apart, scoring the pairs as merge() does."""
    sources = result.sources
    row = {(e.article_id, e.id): r for r, e in enumerate(sources)}
    resolved = resolve_locations(sources, result.aliases)
    columns = columns_from_events(sources, resolved, result.aliases, claimants(result.claims))
    by_gold: dict[int, list[Key]] = defaultdict(list)
    for k in row:
        by_gold[reports[k].incident].append(k)
    pairs = [
        (a, b)
        for members in by_gold.values()
        for a, b in combinations(sorted(members), 2)
        if cluster_of[a] != cluster_of[b]
    ]
    if not pairs:
        return
    scores = score_pairs(
        columns, np.array([row[a] for a, _ in pairs]), np.array([row[b] for _, b in pairs])
    )
    reasons = Counter(
        _why_apart(scores.verdicts[:, k], float(scores.score[k])) for k in range(len(pairs))
    )
    print("  missed merges by what kept them apart")
    for reason, n in reasons.most_common():
        print(f"    {reason:<44} {n:>6}")


if __name__ == "__main__":
    main()
