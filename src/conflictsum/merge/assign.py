"""Reports assigned to whole incidents: each goes where its fit is clearly best, else alone.

Linking (`cluster.py`) judges two reports at a time. Once clusters stand for incidents,
every report is compared with every whole incident it may belong to (compatible with each
member), and its fit there adds up what the incident's reports say together:

- date, place and actors: the best evidence any one member gives for that field (one
  report names the site, another the night);
- toll and event type: pooled. What the members report, together, says what the toll
  and the kind of attack probably were; the report's own figure and type are scored by
  how much likelier they are under that than under what attacks in the data are like
  (a log-likelihood ratio). Three outlets saying 6 killed make a fourth saying 6 fit,
  and one saying 40 not; one outlet's "drone strike" says less.

A report's fits compete: its share of the evidence for an incident is
exp(fit) / (exp(ALONE_FIT) + sum of exp(fit) over every incident it fits), standing alone
counting as one more option of fit ALONE_FIT. The report joins the incident whose share
passes one half; otherwise it stands alone, whatever it was linked to. So a week-long
report between two attacks on one base goes to neither, and a report that fits its
cluster worse than it fits standing alone leaves it. Two rounds, as moves change what an
incident's reports say together. Everything is ordered by row content, never input order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from conflictsum.merge.actors import COMPATIBLE
from conflictsum.merge.columns import SUB_EVENT_ORDER, EventColumns
from conflictsum.merge.normalize import OPEN_TOLL
from conflictsum.merge.score import (
    _SUB_EVENT_CODES,
    CONFUSED_SUB_EVENTS,
    FIELDS,
    LARGE_TOLL,
    THRESHOLD,
    TOLL_GROWTH,
    TOLL_LATE_GROWTH,
    next_day_pairs,
    score_pairs,
)

__all__ = [
    "ALONE_FIT",
    "AREA_ALONE_FIT",
    "ROUNDS",
    "IncidentFits",
    "alone_fits",
    "incident_fits",
    "pair_weights",
    "reassigned",
    "shares",
]

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]

# Standing alone is worth this much fit: a report joins an incident only on more. A report
# naming a site (or a town with coordinates) and a day already gives 3 + 3 to its incident;
# one naming only an area could come from many incidents no other report mentions, so it
# needs as much as linking two reports does.
ALONE_FIT = 2.0
AREA_ALONE_FIT = THRESHOLD
ROUNDS = 2
# Fields scored by the best member; toll and event type are pooled over the members.
BEST_OF_FIELDS = tuple(FIELDS.index(f) for f in ("date", "location", "actors"))

# Tolls an incident may have: every figure up to 30, then coarser.
TOLL_GRID: Float = np.array(
    [*range(31), 35, 40, 45, 50, 60, 70, 80, 100, 120, 150, 200, 250, 300, 400, 500, 700,
     1000, 1500, 2000, 3000, 5000, 10000],
    dtype=np.float64,
)  # fmt: skip
# How a report's figure relates to the toll: the toll itself, or an early undercount (a
# toll up to TOLL_GROWTH times the figure, plus one), seldom a first report of a large
# attack far below its toll (up to TOLL_LATE_GROWTH times); an overcount is rare.
_TOLL_STATED, _TOLL_EARLY, _TOLL_LATE, _TOLL_OVER = 0.55, 0.4, 0.02, 1e-4
# What attacks are like before the data says: most kill no one or few (pseudo-reports).
_TOLL_PRIOR_WEIGHT = 5.0
# How a report names an attack's type: the type itself mostly; a type first reports
# confuse it with (rockets for a drone, an IED for shelling) sometimes; another rarely.
_TYPE_SAME, _TYPE_CONFUSED, _TYPE_OTHER, _TYPE_UNRELATED = 0.8, 0.2, 0.01, 1e-3
_TYPE_PRIOR_WEIGHT = 4.0

_CHUNK = 1 << 18


def _type_loglik() -> Float:
    """log P(a report gives type s | the incident was of type t), indexed [s, t]."""
    n = len(SUB_EVENT_ORDER)
    lik = np.full((n, n), _TYPE_UNRELATED)
    for t in range(n):
        confused = [
            s
            for s in range(n)
            if frozenset((SUB_EVENT_ORDER[s], SUB_EVENT_ORDER[t])) in CONFUSED_SUB_EVENTS
        ]
        for s in range(n):
            if s == t:
                lik[s, t] = _TYPE_SAME
            elif s in confused:
                lik[s, t] = _TYPE_CONFUSED / len(confused)
            elif _SUB_EVENT_CODES[s, t] >= COMPATIBLE:
                lik[s, t] = _TYPE_OTHER
    out: Float = np.log(lik)
    return out


_TYPE_LOGLIK = _type_loglik()


def _toll_loglik(low: Int, high: Int) -> Float:
    """log P(a report's figures | toll) over TOLL_GRID, one row per (low, high) figure."""
    lo = low[:, None].astype(np.float64)
    # A floor ("at least 12") is read as its figure, an early count whose late growth has
    # no end: any higher toll fits it better than a lower one.
    floor = high[:, None] >= OPEN_TOLL
    hi = np.where(floor, lo, high[:, None].astype(np.float64))
    toll = TOLL_GRID[None, :]
    stated = (toll >= lo) & (toll <= hi)
    ceiling = TOLL_GROWTH * hi + 1
    early = (toll > hi) & (toll <= ceiling)
    late_ceiling = TOLL_LATE_GROWTH * hi
    late = (toll > ceiling) & (floor | ((toll <= late_ceiling) & (toll >= LARGE_TOLL)))
    lik = np.select(
        [stated, early, late],
        [
            _TOLL_STATED / (hi - lo + 1),
            _TOLL_EARLY / np.maximum(ceiling - hi, 1.0),
            _TOLL_LATE / np.maximum(late_ceiling - ceiling, 1.0),
        ],
        _TOLL_OVER,
    )
    out: Float = np.log(lik)
    return out


@dataclass(frozen=True)
class _Pool:
    """A field pooled over an incident's reports: what each row says, as codes into `table`."""

    table: Float  # log P(value | what the incident was), shape (n_values, n_latent)
    code: Int  # each row's value; -1 where the row says nothing
    prior: Float  # log P(what the incident was), before its reports


def _toll_pool(c: EventColumns) -> _Pool:
    """Tolls: the data's own figures make the prior, with a few pseudo-reports of one where
    most attacks kill few (so a handful of events is not a world of its own)."""
    known = c.fatalities_low >= 0
    figures = np.stack([c.fatalities_low, c.fatalities_high], axis=1)[known]
    values, inverse = np.unique(figures, axis=0, return_inverse=True)
    code = np.full(len(c), -1, dtype=np.int64)
    code[known] = inverse.reshape(-1)
    width = np.diff(np.concatenate([TOLL_GRID, [TOLL_GRID[-1] * 2]]))
    base = width / (1.0 + TOLL_GRID) ** 2
    base[0] = base[1:].sum()  # as many attacks kill no one as kill anyone
    counts = _TOLL_PRIOR_WEIGHT * base / base.sum()
    at = np.searchsorted(TOLL_GRID, c.fatalities_high[known].astype(np.float64))
    np.add.at(counts, np.minimum(at, len(TOLL_GRID) - 1), 1.0)
    return _Pool(_toll_loglik(values[:, 0], values[:, 1]), code, np.log(counts / counts.sum()))


def _type_pool(c: EventColumns) -> _Pool:
    """Event types: the data's own mix, with a few pseudo-reports spread over every type."""
    counts = np.bincount(c.sub_event, minlength=len(SUB_EVENT_ORDER)).astype(np.float64)
    counts += _TYPE_PRIOR_WEIGHT / len(SUB_EVENT_ORDER)
    return _Pool(_TYPE_LOGLIK, c.sub_event.astype(np.int64), np.log(counts / counts.sum()))


def _logsumexp(x: Float) -> Float:
    """log(sum(exp(x))) along the last axis."""
    top = x.max(axis=-1, keepdims=True)
    out: Float = np.log(np.exp(x - top).sum(axis=-1)) + top[..., 0]
    return out


def _pooled(pool: _Pool, labels: Int, rows: Int, clusters: Int, own: Bool) -> Float:
    """log P(row's value | what the cluster's other members say) - log P(row's value | prior).

    Zero where the row, or every other member, says nothing.
    """
    out = np.zeros(len(rows))
    says = pool.code >= 0
    speaking = np.bincount(labels[says], minlength=len(labels))
    others = speaking[clusters] - (own & says[rows])
    todo = np.flatnonzero(says[rows] & (others > 0))
    if not len(todo):
        return out
    used, slot = np.unique(clusters[todo], return_inverse=True)
    # The members' log-likelihoods summed per cluster: counts of each value, times its row.
    member = np.flatnonzero(says & np.isin(labels, used))
    width = len(pool.table)
    cells, counts = np.unique(
        np.searchsorted(used, labels[member]) * width + pool.code[member], return_counts=True
    )
    starts = np.flatnonzero(np.concatenate(([True], np.diff(cells // width) > 0)))
    sums = np.zeros((len(used), pool.table.shape[1]))
    sums[cells[starts] // width] = np.add.reduceat(
        counts[:, None] * pool.table[cells % width], starts, axis=0
    )
    alone = _logsumexp(pool.table + pool.prior[None, :])  # log P(value | prior), per value
    # Another cluster's members say the same to every row: its posterior is computed once.
    posterior = sums + pool.prior[None, :]
    posterior = np.exp(posterior - _logsumexp(posterior)[:, None])
    likelihood = np.exp(pool.table)
    for start in range(0, len(todo), _CHUNK):
        k = todo[start : start + _CHUNK]
        s = slot[start : start + _CHUNK]
        value = pool.code[rows[k]]
        mine = own[k]
        found = np.einsum("ij,ij->i", likelihood[value[~mine]], posterior[s[~mine]])
        out[k[~mine]] = np.log(found) - alone[value[~mine]]
        # A row's own cluster speaks without the row.
        kept = sums[s[mine]] - pool.table[value[mine]] + pool.prior[None, :]
        kept -= _logsumexp(kept)[:, None]
        out[k[mine]] = _logsumexp(pool.table[value[mine]] + kept) - alone[value[mine]]
    return out


@dataclass(frozen=True)
class IncidentFits:
    """Every (row, cluster) where the row is compatible with all of the cluster's other members.

    `own` marks a row's own cluster (its fit is to the other members); `fit` is the total
    and `parts` its terms: date, location, actors (best member), toll, event type (pooled).
    """

    row: Int
    cluster: Int
    own: Bool
    fit: Float
    parts: Float  # shape (5, n_options)

    PART_NAMES = ("date", "location", "actors", "fatalities", "event_type")


def _pools(columns: EventColumns) -> tuple[_Pool, _Pool]:
    """The pooled fields, toll and event type: what every row says, and the priors."""
    return _toll_pool(columns), _type_pool(columns)


def incident_fits(
    columns: EventColumns,
    labels: Int,
    i: Int,
    j: Int,
    weights: Float,
    pools: tuple[_Pool, _Pool] | None = None,
) -> IncidentFits:
    """The fit of every row to every incident (cluster of `labels`) it may belong to.

    (i, j) are the compatible pairs and `weights` their per-field evidence (rows of
    BEST_OF_FIELDS order: date, location, actors), as `compatible_pairs` gives them.
    `pools` (from the same columns) saves building them again in every round.
    """
    toll_pool, type_pool = pools or _pools(columns)
    n = len(columns)
    rows = np.concatenate([i, j])
    members = np.concatenate([j, i])
    pair_w = np.concatenate([weights, weights], axis=1)
    # Plain dates a day apart count as compatible only in an incident with a report of the
    # night between them.
    bridged = _bridged(columns, labels, rows, members)
    rows, members, pair_w = rows[bridged], members[bridged], pair_w[:, bridged]
    size = np.bincount(labels, minlength=n)
    keys, where, counts = np.unique(
        rows * n + labels[members], return_inverse=True, return_counts=True
    )
    row, cluster = keys // n, keys % n
    own = labels[row] == cluster
    complete = counts == size[cluster] - own
    best = np.full((len(BEST_OF_FIELDS), len(keys)), -np.inf)
    for f in range(len(BEST_OF_FIELDS)):
        np.maximum.at(best[f], where, pair_w[f])
    row, cluster, own, best = row[complete], cluster[complete], own[complete], best[:, complete]
    toll = _pooled(toll_pool, labels, row, cluster, own)
    kind = _pooled(type_pool, labels, row, cluster, own)
    parts = np.vstack([best, toll, kind])
    return IncidentFits(row=row, cluster=cluster, own=own, fit=parts.sum(axis=0), parts=parts)


def _bridged(columns: EventColumns, labels: Int, rows: Int, members: Int) -> Bool:
    """Pairs (row, member) that may share the member's cluster: any pair but plain dates a
    day apart, and those where the cluster has a report of the night between them."""
    c = columns
    ok = ~next_day_pairs(c, rows, members)
    todo = np.flatnonzero(~ok)
    if not len(todo):
        return ok
    span = int(c.end.max()) + 2
    night = c.night & (c.end - c.start == 1)
    nights = np.unique(labels[night] * span + c.start[night])
    if not len(nights):
        return ok
    wanted = labels[members[todo]] * span + np.minimum(c.start[rows[todo]], c.start[members[todo]])
    at = np.minimum(np.searchsorted(nights, wanted), len(nights) - 1)
    ok[todo] = nights[at] == wanted
    return ok


def _unbridged_apart(columns: EventColumns, labels: Int, i: Int, j: Int) -> Int:
    """Labels where no cluster holds plain dates a day apart without the night between them:
    the evening-dated report of such a pair stands alone (a night report left the cluster)."""
    n = len(columns)
    while True:
        same = np.flatnonzero(labels[i] == labels[j])
        bad = same[~_bridged(columns, labels, i[same], j[same])]
        if not len(bad):
            return labels
        a, b = i[bad], j[bad]
        evening = np.unique(np.where(columns.start[a] <= columns.start[b], a, b))
        labels = labels.copy()
        labels[evening] = n + evening
        labels = _by_lowest_row(labels)


def _by_lowest_row(labels: Int) -> Int:
    """Labels (any values below 2n) renamed to each cluster's lowest row."""
    n = len(labels)
    lowest = np.full(2 * n, 2 * n, dtype=np.int64)
    np.minimum.at(lowest, labels, np.arange(n, dtype=np.int64))
    renamed: Int = lowest[labels]
    return renamed


def pair_weights(columns: EventColumns, i: Int, j: Int) -> Float:
    """Per-field evidence of the pairs (i, j) for the BEST_OF_FIELDS, scored in chunks."""
    out = np.empty((len(BEST_OF_FIELDS), len(i)), dtype=np.float64)
    for start in range(0, len(i), _CHUNK * 4):
        stop = start + _CHUNK * 4
        out[:, start:stop] = score_pairs(columns, i[start:stop], j[start:stop]).weights[
            list(BEST_OF_FIELDS)
        ]
    return out


def alone_fits(c: EventColumns) -> Float:
    """What standing alone is worth to each row: ALONE_FIT, or AREA_ALONE_FIT for a row
    that names only an area (a province, the country, near a town nothing locates)."""
    area = (c.geo_precision >= 2) | ((c.geo_precision == 1) & np.isnan(c.latitude))
    fits: Float = np.where(area, AREA_ALONE_FIT, ALONE_FIT)
    return fits


def shares(fits: IncidentFits, alone: Float) -> Float:
    """Each option's share of its row's evidence, standing alone counting as the `alone` fit."""
    top = alone.copy()
    np.maximum.at(top, fits.row, fits.fit)
    total = np.exp(alone - top)
    np.add.at(total, fits.row, np.exp(fits.fit - top[fits.row]))
    share: Float = np.exp(fits.fit - top[fits.row]) / total[fits.row]
    return share


def _compatible(codes: Int, n: int, a: int, b: int) -> bool:
    code = min(a, b) * n + max(a, b)
    at = int(np.searchsorted(codes, code))
    return at < len(codes) and int(codes[at]) == code


def reassigned(columns: EventColumns, labels: Int, i: Int, j: Int, weights: Float) -> Int:
    """Cluster labels (each cluster's lowest row) after rows move to the incident they fit best.

    (i, j) are the compatible pairs, `weights` their BEST_OF_FIELDS evidence.
    """
    n = len(columns)
    if not len(i):
        return labels
    pools = _pools(columns)
    alone = alone_fits(columns)
    codes = np.sort(i * n + j)
    for _ in range(ROUNDS):
        fits = incident_fits(columns, labels, i, j, weights, pools)
        if not len(fits.row):
            break  # only plain dates a day apart, with no night between them
        share = shares(fits, alone)
        # Each row's best option (ties: the lower cluster), then whether it passes one half.
        order = np.lexsort((fits.cluster, -fits.fit, fits.row))
        first = order[np.concatenate(([True], fits.row[order][1:] != fits.row[order][:-1]))]
        chosen = np.full(n, -1, dtype=np.int64)
        chosen_fit = np.full(n, -np.inf)
        passing = first[share[first] >= 0.5]
        chosen[fits.row[passing]] = fits.cluster[passing]
        chosen_fit[fits.row[passing]] = fits.fit[passing]
        size = np.bincount(labels, minlength=n)
        leave = (chosen < 0) & (size[labels] > 1)
        move = (chosen >= 0) & (chosen != labels)
        if not (leave.any() or move.any()):
            break
        new = labels.copy()
        new[leave] = n + np.flatnonzero(leave)  # a cluster of its own
        movers = np.flatnonzero(move)
        targets = chosen[movers]
        # A single report is an incident only if it agrees: it must pick the mover's cluster
        # back (a week-long report between two strikes picks neither). When two pick each
        # other, one moves: the later row to a single earlier one, else the single one comes.
        single = size[targets] == 1
        mutual = chosen[targets] == labels[movers]
        goes = ~single | (mutual & (size[labels[movers]] == 1) & (movers > targets))
        movers, targets = movers[goes], targets[goes]
        # Rows joining one cluster together must be compatible with each other as well.
        crowded = np.bincount(targets, minlength=n)[targets] > 1
        new[movers[~crowded]] = targets[~crowded]
        accepted: dict[int, list[int]] = {}
        for r in sorted(movers[crowded].tolist(), key=lambda r: (-chosen_fit[r], r)):
            others = accepted.setdefault(int(chosen[r]), [])
            if all(_compatible(codes, n, r, o) for o in others):
                others.append(r)
                new[r] = chosen[r]
        labels = _unbridged_apart(columns, _by_lowest_row(new), i, j)
    return labels
