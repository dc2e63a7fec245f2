"""How far the merge's comparisons can go on the synthetic generator: a supervised ceiling.

Run: python benchmarks/merge_ceiling.py [n_incidents] [train_seed] [eval_seed ...]
     (default: 2000 0 1 2; needs scikit-learn: pip install -e '.[bench]')

`merge()` scores a pair with hand-set weights per field. This script asks what the best
possible weighting of the same comparisons would reach, by cheating: it trains on the
generator's gold incidents (of a seed other than the one it is evaluated on) and
clusters the evaluation seed's candidate pairs with the library's own clustering
(`clusters_from_pairs`), the learned log-odds standing in for the hand-set score.

- `hand`: the library as it ships (the same figures as merge_quality.py);
- `logistic`: a logistic regression over the evidence levels merge() computes (one
  indicator per field and weight), plus how busy each report's site-days are;
- `boosting`: gradient-boosted trees over those levels and the raw comparisons (interval
  lengths and offsets, night flags, place precision of each side, distance, tolls,
  busy-ness, candidate counts), free to learn any interaction between fields.

Each learned scorer is shown at several decision offsets (log-odds added before the
clustering threshold): a lower offset merges more. Pair lines give the classifier's own
precision / recall over candidate pairs the constraints allow, before clustering.

Then a second, stronger bound on the incident-level step (`conflictsum.merge.assign`):
every report is weighed against whole incidents formed by the generator's gold (every
other report already in its right incident), by merge()'s own rule (`told the rest, as
shipped`) and by gradient-boosted trees over the same fits plus what surrounds the report
(`told the rest, boosting`), trained on the training seed's gold. Each report then joins
the incident the scorer gives the share merge() requires of its odds (JOIN_SHARE for the
shipped rule, more than half for the trees), standing alone counting as one option of the
offset's log-odds.

Nothing here ships: a scorer fitted to the generator's gold would be fitted to the
generator, not to news. The figures bound what reweighting these comparisons can buy.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from merge_quality import pairwise_scores
from synth import ALIASES, synth_summaries

from conflictsum.merge import _collect, _Index, _unique, merge
from conflictsum.merge.assign import JOIN_SHARE, alone_fits, incident_fits, shares
from conflictsum.merge.block import candidate_pairs
from conflictsum.merge.cluster import clusters_from_pairs
from conflictsum.merge.columns import EventColumns
from conflictsum.merge.normalize import claimants, columns_from_events, resolve_locations
from conflictsum.merge.score import THRESHOLD, incidents_around, score_pairs

Float = npt.NDArray[np.float64]
Int = npt.NDArray[np.int64]


@dataclass
class Pairs:
    """The compatible candidate pairs of one seed, their features and gold."""

    columns: EventColumns
    gold: Int  # gold incident of every row
    i: Int
    j: Int
    hand: Float  # merge()'s score
    levels: dict[tuple[str, float], npt.NDArray[np.bool_]]
    raw: Float

    @property
    def same(self) -> npt.NDArray[np.bool_]:
        same: npt.NDArray[np.bool_] = self.gold[self.i] == self.gold[self.j]
        return same


def pairs_of(n_incidents: int, seed: int) -> Pairs:
    summaries, reports = synth_summaries(n_incidents, seed)
    merged = merge(summaries, aliases=ALIASES)
    events = merged.sources  # every source event, in merge()'s order
    resolved = resolve_locations(events, ALIASES)
    columns = columns_from_events(events, resolved, ALIASES, claimants(merged.claims))
    gold = np.array([reports[(e.article_id, e.id)].incident for e in events])
    i, j = candidate_pairs(columns)
    scores = score_pairs(columns, i, j)
    ok = scores.compatible
    i, j, weights = i[ok], j[ok], scores.weights[:, ok]
    names = ("date", "location", "actors", "event_type", "fatalities")
    levels = {
        (name, float(v)): np.round(weights[f + 1], 2) == v
        for f, name in enumerate(names)
        for v in np.unique(np.round(weights[f + 1], 2))
    }
    around = incidents_around(columns)
    busy = np.minimum(np.maximum(around[i], around[j]), 3)
    for k in range(4):
        levels[("busy", float(k))] = busy == k
    degree = np.bincount(np.concatenate([i, j]), minlength=len(columns))
    c = columns
    span_i, span_j = c.end[i] - c.start[i], c.end[j] - c.start[j]
    raw = np.stack(
        [
            *weights[1:],
            np.minimum(span_i, span_j),
            np.maximum(span_i, span_j),
            np.minimum(c.end[i], c.end[j]) - np.maximum(c.start[i], c.start[j]),
            np.abs(c.start[i] - c.start[j]),
            np.abs(c.end[i] - c.end[j]),
            c.night[i].astype(np.int64) + c.night[j],
            np.minimum(c.geo_precision[i], c.geo_precision[j]),
            np.maximum(c.geo_precision[i], c.geo_precision[j]),
            np.nan_to_num(scores.distance_km[ok], nan=-1.0),
            np.minimum(around[i], around[j]),
            np.maximum(around[i], around[j]),
            np.minimum(degree[i], degree[j]),
            np.maximum(degree[i], degree[j]),
            c.fatalities_low[i],
            c.fatalities_low[j],
        ],
        axis=1,
    ).astype(np.float64)
    return Pairs(columns, gold, i, j, scores.score[ok], levels, raw)


def level_matrix(p: Pairs, keys: list[tuple[str, float]]) -> Float:
    empty = np.zeros(len(p.i), dtype=np.bool_)
    return np.stack([p.levels.get(k, empty) for k in keys], axis=1).astype(np.float64)


def show(name: str, p: Pairs, score: Float, pair_logodds: Float | None = None) -> None:
    labels = clusters_from_pairs(p.columns, p.i, p.j, score)
    pp, pr, pf = pairwise_scores(labels.tolist(), p.gold.tolist())
    pair = ""
    if pair_logodds is not None:
        merged = pair_logodds > 0
        hits = int((merged & p.same).sum())
        pair = f"   pairs alone: P {hits / max(1, merged.sum()):.3f} R {hits / p.same.sum():.3f}"
    print(f"  {name:<22} clustered: P {pp:.3f} R {pr:.3f} F1 {pf:.3f}{pair}")


def main() -> None:
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        sys.exit("merge_ceiling.py needs scikit-learn: pip install -e '.[bench]'")
    n_incidents = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    train_seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    eval_seeds = [int(s) for s in sys.argv[3:]] or [1, 2]

    train = pairs_of(n_incidents, train_seed)
    keys = sorted(train.levels)
    logistic = LogisticRegression(max_iter=5000).fit(level_matrix(train, keys), train.same)
    boosting = HistGradientBoostingClassifier(max_iter=300, random_state=0).fit(
        np.hstack([level_matrix(train, keys), train.raw]), train.same
    )
    print(f"trained on seed {train_seed}: {len(train.i)} compatible candidate pairs")
    for seed in eval_seeds:
        p = pairs_of(n_incidents, seed)
        print(f"== seed {seed}: {len(p.gold)} events, {len(p.i)} compatible candidate pairs")
        show("hand (merge() as shipped)", p, p.hand, p.hand - THRESHOLD)
        learned = {
            "logistic": logistic.decision_function(level_matrix(p, keys)),
            "boosting": boosting.decision_function(np.hstack([level_matrix(p, keys), p.raw])),
        }
        for name, logodds in learned.items():
            for offset in (-1.0, 0.0, 1.0, 2.0):
                shifted = logodds - offset
                show(f"{name} {offset:+.0f}", p, shifted + THRESHOLD, shifted)
    told_the_rest(n_incidents, train_seed, eval_seeds)


@dataclass
class Told:
    """Every (report, gold incident) option of one seed, with every other report placed right."""

    gold: Int  # gold incident of every row
    labels: Int  # each gold incident named by its lowest row
    row: Int
    cluster: Int
    features: Float
    correct: npt.NDArray[np.bool_]
    shipped: Float  # merge()'s share of each option


def told_of(n_incidents: int, seed: int) -> Told:
    summaries, reports = synth_summaries(n_incidents, seed)
    collected = _collect(summaries)
    events_by_article, claims_by_article = collected.events, collected.claims
    events = _unique(e for group in events_by_article.values() for e in group)
    claims = _unique(c for group in claims_by_article.values() for c in group)
    index = _Index.of(events, claims, ALIASES)
    c = index.columns
    gold = np.array([reports[(e.article_id, e.id)].incident for e in events])
    first: dict[int, int] = {}
    for r, g in enumerate(gold.tolist()):
        first.setdefault(g, r)
    labels = np.array([first[g] for g in gold.tolist()], dtype=np.int64)
    fits = incident_fits(c, labels, index.i, index.j, index.weights)
    size = np.bincount(labels, minlength=len(c))
    options = np.bincount(fits.row, minlength=len(c))
    around = incidents_around(c)
    r = fits.row
    features = np.vstack(
        [
            fits.parts,
            np.log(size[fits.cluster] - fits.own),
            options[r],
            around[r],
            c.geo_precision[r],
            c.end[r] - c.start[r],
            c.night[r],
            c.fatalities_low[r] >= 0,
        ]
    ).T.astype(np.float64)
    return Told(
        gold,
        labels,
        fits.row,
        fits.cluster,
        features,
        gold[fits.row] == gold[fits.cluster],
        shares(fits, alone_fits(c)),
    )


def told_clusters(t: Told, odds: Float, alone: Float) -> Int:
    """Each row in the option with more than half its odds, else on its own."""
    n = len(t.gold)
    top = alone.copy()
    np.maximum.at(top, t.row, odds)
    total = np.exp(alone - top)
    np.add.at(total, t.row, np.exp(odds - top[t.row]))
    share = np.exp(odds - top[t.row]) / total[t.row]
    labels = np.arange(n, dtype=np.int64) + n
    best = share >= 0.5
    labels[t.row[best]] = t.cluster[best]
    return labels


def told_the_rest(n_incidents: int, train_seed: int, eval_seeds: list[int]) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    train = told_of(n_incidents, train_seed)
    model = HistGradientBoostingClassifier(max_iter=300, random_state=0).fit(
        train.features, train.correct
    )
    for seed in eval_seeds:
        t = told_of(n_incidents, seed)
        print(f"== seed {seed}, every other report in its gold incident")
        # merge()'s own decision: an option reaching JOIN_SHARE of the shares it computed.
        labels = np.arange(len(t.gold), dtype=np.int64) + len(t.gold)
        passing = t.shipped >= JOIN_SHARE
        labels[t.row[passing]] = t.cluster[passing]
        pp, pr, pf = pairwise_scores(labels.tolist(), t.gold.tolist())
        print(f"  {'told the rest, as shipped':<30} P {pp:.3f} R {pr:.3f} F1 {pf:.3f}")
        logodds = model.decision_function(t.features)
        for offset in (-3.0, -2.0, -1.0, 0.0, 1.0):
            labels = told_clusters(t, logodds, np.full(len(t.gold), offset))
            pp, pr, pf = pairwise_scores(labels.tolist(), t.gold.tolist())
            name = f"told the rest, boosting {offset:+.0f}"
            print(f"  {name:<30} P {pp:.3f} R {pr:.3f} F1 {pf:.3f}")


if __name__ == "__main__":
    main()
