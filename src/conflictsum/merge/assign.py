"""Reports assigned to whole incidents: each goes where its fit is clearly best, else alone.

Linking (`cluster.py`) judges two reports at a time. Once clusters stand for incidents,
every report is compared with every whole incident it may belong to (compatible with each
member), and its fit there adds up what the incident's reports say together, each part a
log-likelihood ratio (natural log; zero says nothing):

- date: pooled. The members' dates together say on which day, and whether at night, the
  attack probably happened; the report's own date is scored by how much likelier it is
  under that than on any one day (`likelihood.date_fits`). Three reports of Sunday make a
  report of the night into Monday unlikely, though the night alone could be Sunday's.
- place and actors: the best evidence any one member gives (one report names the site,
  another the attacker). A place counts by how busy it is: reports per day at the finest
  place the two agree on (`likelihood.place_evidence`).
- toll and event type: pooled. What the members report, together, says what the toll
  and the kind of attack probably were; the report's own figure and type are scored by
  how much likelier they are under that than under what attacks in the data are like.
  Three outlets saying 6 killed make a fourth saying 6 fit, and one saying 40 not; one
  outlet's "drone strike" says less.

A report's fits compete: its share of the evidence for an incident is
exp(fit) / (exp(ALONE_FIT) + sum of exp(fit) over every incident it fits), standing alone
(an attack no other report tells) counting as one more option of fit ALONE_FIT. The report
joins the incident whose share reaches JOIN_SHARE (60%); otherwise it stands alone, whatever
it was linked to. So a week-long report between two attacks on one base goes to neither, and a
report that fits its cluster worse than it fits standing alone leaves it.

Moves, in rounds, as each changes what an incident's reports say together: single reports
move (ROUNDS); then whole incidents that are one merge (MERGE_ROUNDS), where every report of
the two is compatible with every other, each report still gives the merged incident
JOIN_SHARE of its evidence, and together they fit it better than apart (`_merged`): two
reports of the night and three of its morning, linked as two incidents, become one; then
single reports once more. Everything is ordered by row content, never input order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from conflictsum.merge.actors import COMPATIBLE
from conflictsum.merge.columns import SUB_EVENT_ORDER, EventColumns
from conflictsum.merge.likelihood import date_fits, place_evidence
from conflictsum.merge.normalize import OPEN_TOLL
from conflictsum.merge.score import (
    _SUB_EVENT_CODES,
    CONFUSED_SUB_EVENTS,
    FIELDS,
    LARGE_TOLL,
    TOLL_GROWTH,
    TOLL_LATE_GROWTH,
    next_day_pairs,
    score_pairs,
)

__all__ = [
    "ALONE_FIT",
    "JOIN_SHARE",
    "MERGE_ROUNDS",
    "ROUNDS",
    "IncidentFits",
    "alone_fits",
    "components",
    "incident_fits",
    "pair_weights",
    "reassigned",
    "shares",
]

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]

# Standing alone is worth this much fit: a report joins an incident only on more. The fits
# are log-likelihood ratios against another attack at that place and time, so zero is the
# report saying nothing for the incident.
ALONE_FIT = 0.0
# A report joins an incident only with this share of its evidence or more: a wrong merge
# corrupts a record (its toll, its actors, its sources) where a missed one leaves a visible
# duplicate, so a near coin toss does not join.
JOIN_SHARE = 0.6
ROUNDS = 2
MERGE_ROUNDS = 2
# Fields scored by the best member; date, toll and event type are pooled over the members.
BEST_OF_FIELDS = tuple(FIELDS.index(f) for f in ("location", "actors"))

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
    # Labels are row numbers: the used clusters, and a lookup from label to its place there.
    is_used = np.zeros(len(labels), dtype=np.bool_)
    is_used[clusters[todo]] = True
    used = np.flatnonzero(is_used)
    slot_of_label = np.full(len(labels), -1, dtype=np.int64)
    slot_of_label[used] = np.arange(len(used))
    slot = slot_of_label[clusters[todo]]
    # The members' log-likelihoods summed per cluster: counts of each value, times its row.
    member = np.flatnonzero(says & (slot_of_label[labels] >= 0))
    width = len(pool.table)
    cells, counts = np.unique(
        slot_of_label[labels[member]] * width + pool.code[member], return_counts=True
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
    # Rows of one cluster saying one value fit it alike: each (cluster, value, own) once.
    key = (slot * width + pool.code[rows[todo]]) * 2 + own[todo]
    combos, inverse = np.unique(key, return_inverse=True)
    c_slot, c_value, c_own = combos // 2 // width, combos // 2 % width, combos % 2 == 1
    found = np.empty(len(combos))
    for start in range(0, len(combos), _CHUNK):
        k = np.arange(start, min(start + _CHUNK, len(combos)))
        value, s, mine = c_value[k], c_slot[k], c_own[k]
        other = np.einsum("ij,ij->i", likelihood[value[~mine]], posterior[s[~mine]])
        found[k[~mine]] = np.log(other) - alone[value[~mine]]
        # A row's own cluster speaks without the row.
        kept = sums[s[mine]] - pool.table[value[mine]] + pool.prior[None, :]
        kept -= _logsumexp(kept)[:, None]
        found[k[mine]] = _logsumexp(pool.table[value[mine]] + kept) - alone[value[mine]]
    out[todo] = found[inverse.reshape(-1)]
    return out


@dataclass(frozen=True)
class IncidentFits:
    """Every (row, cluster) where the row is compatible with all of the cluster's other members.

    `own` marks a row's own cluster (its fit is to the other members); `fit` is the total
    and `parts` its terms: date (pooled), location, actors (best member), toll, event type
    (pooled).
    """

    row: Int
    cluster: Int
    own: Bool
    fit: Float
    parts: Float  # shape (5, n_options)

    PART_NAMES = ("date", "location", "actors", "fatalities", "event_type")

    def take(self, keep: Bool) -> IncidentFits:
        """The options where `keep` is true."""
        return IncidentFits(
            self.row[keep], self.cluster[keep], self.own[keep], self.fit[keep], self.parts[:, keep]
        )

    def __add__(self, other: IncidentFits) -> IncidentFits:
        """The options of both."""
        return IncidentFits(
            np.concatenate([self.row, other.row]),
            np.concatenate([self.cluster, other.cluster]),
            np.concatenate([self.own, other.own]),
            np.concatenate([self.fit, other.fit]),
            np.concatenate([self.parts, other.parts], axis=1),
        )


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
    BEST_OF_FIELDS order: location, actors), as `compatible_pairs` gives them.
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
    date = date_fits(columns, labels, row, cluster, own)
    toll = _pooled(toll_pool, labels, row, cluster, own)
    kind = _pooled(type_pool, labels, row, cluster, own)
    parts = np.vstack([date, best, toll, kind])
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


def components(n: int, a: Int, b: Int) -> Int:
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


def _by_lowest_row(labels: Int) -> Int:
    """Labels (any values below 2n) renamed to each cluster's lowest row."""
    n = len(labels)
    lowest = np.full(2 * n, 2 * n, dtype=np.int64)
    np.minimum.at(lowest, labels, np.arange(n, dtype=np.int64))
    renamed: Int = lowest[labels]
    return renamed


def pair_weights(columns: EventColumns, i: Int, j: Int, actors: Float | None = None) -> Float:
    """Per-field evidence of the pairs (i, j) for the BEST_OF_FIELDS: the place by how busy
    it is (`likelihood.place_evidence`), the actors as the pair scorer weighs them.

    `actors` are those weights when the caller has scored the pairs; else they are scored
    here, in chunks.
    """
    if actors is None:
        field = FIELDS.index("actors")
        actors = np.concatenate(
            [
                score_pairs(columns, i[k : k + _CHUNK * 4], j[k : k + _CHUNK * 4]).weights[field]
                for k in range(0, len(i), _CHUNK * 4)
            ]
            or [np.empty(0)]
        )
    out: Float = np.vstack([place_evidence(columns, i, j), actors])
    return out


def alone_fits(c: EventColumns) -> Float:
    """What standing alone is worth to each row: ALONE_FIT."""
    fits: Float = np.full(len(c), ALONE_FIT)
    return fits


def _evidence(fits: IncidentFits, alone: Float) -> tuple[Float, Float]:
    """Per row, its largest fit (standing alone included) and the sum of exp(fit - that)."""
    top = alone.copy()
    np.maximum.at(top, fits.row, fits.fit)
    total = np.exp(alone - top)
    np.add.at(total, fits.row, np.exp(fits.fit - top[fits.row]))
    return top, total


def shares(fits: IncidentFits, alone: Float) -> Float:
    """Each option's share of its row's evidence, standing alone counting as the `alone` fit."""
    top, total = _evidence(fits, alone)
    share: Float = np.exp(fits.fit - top[fits.row]) / total[fits.row]
    return share


def _compatible(codes: Int, n: int, a: int, b: int) -> bool:
    code = min(a, b) * n + max(a, b)
    at = int(np.searchsorted(codes, code))
    return at < len(codes) and int(codes[at]) == code


def _fits_of(
    columns: EventColumns,
    labels: Int,
    i: Int,
    j: Int,
    weights: Float,
    pools: tuple[_Pool, _Pool],
    rows: Bool,
) -> IncidentFits:
    """The options the pairs touching `rows` make whole: every option of those rows, and
    other rows' options to clusters of `rows` only.

    Only those pairs and the clusters they reach are looked at, so a round that moved a few
    reports costs as much as they touch, not as much as the whole data.
    """
    near = rows[i] | rows[j]
    pi, pj, pw = i[near], j[near], weights[:, near]
    reached = np.zeros(len(labels), dtype=np.bool_)
    reached[labels[pi]] = reached[labels[pj]] = True
    universe = np.flatnonzero(reached[labels])
    local = universe.searchsorted
    toll_pool, type_pool = pools
    sub_pools = (
        _Pool(toll_pool.table, toll_pool.code[universe], toll_pool.prior),
        _Pool(type_pool.table, type_pool.code[universe], type_pool.prior),
    )
    found = incident_fits(
        columns.take(universe), local(labels[universe]), local(pi), local(pj), pw, sub_pools
    )
    return IncidentFits(
        row=universe[found.row],
        cluster=universe[found.cluster],
        own=found.own,
        fit=found.fit,
        parts=found.parts,
    )


def _standing(fits: IncidentFits, labels: Int, alone: Float) -> tuple[Float, Float]:
    """Each row's share of its own option (its cluster, or standing alone when single) and
    what it gives its incident's evidence: its fit to the rest, as one of the (size - 1)
    reports that each add to the first one's, or its alone fit when single.

    A row of a cluster it has no option for (not compatible with every other member) gets
    share 0 and value -inf.
    """
    n = len(labels)
    size = np.bincount(labels, minlength=n)[labels].astype(np.float64)
    top, total = _evidence(fits, alone)
    share = np.exp(fits.fit - top[fits.row]) / total[fits.row]
    own_share = np.exp(alone - top) / total
    own_fit = np.full(n, -np.inf)
    multi = size > 1
    own_share[multi] = 0.0
    own_share[fits.row[fits.own]] = share[fits.own]
    own_fit[fits.row[fits.own]] = fits.fit[fits.own]
    with np.errstate(invalid="ignore"):
        value = np.where(multi, own_fit * (size - 1) / size + alone / size, alone)
    return own_share, value


def _moved(
    columns: EventColumns,
    labels: Int,
    fits: IncidentFits,
    i: Int,
    j: Int,
    weights: Float,
    pools: tuple[_Pool, _Pool],
    codes: Int,
) -> Int | None:
    """One round of single reports moving to the option they fit best (`fits`, of these
    labels); None if none moves."""
    n = len(columns)
    alone = alone_fits(columns)
    if not len(fits.row):
        return None  # only plain dates a day apart, with no night between them
    share = shares(fits, alone)
    # Each row's option that reaches JOIN_SHARE: over one half, a row has at most one.
    passing = np.flatnonzero(share >= JOIN_SHARE)
    chosen = np.full(n, -1, dtype=np.int64)
    chosen_fit = np.full(n, -np.inf)
    chosen[fits.row[passing]] = fits.cluster[passing]
    chosen_fit[fits.row[passing]] = fits.fit[passing]
    size = np.bincount(labels, minlength=n)
    leave = (chosen < 0) & (size[labels] > 1)
    move = (chosen >= 0) & (chosen != labels)
    if not (leave.any() or move.any()):
        return None
    new = labels.copy()
    new[leave] = n + np.flatnonzero(leave)  # a cluster of its own
    movers = np.flatnonzero(move)
    targets = chosen[movers]
    # A single report is an incident only if it agrees. Two single reports that pick each
    # other pair up (the later row joins the earlier). A report leaving a cluster for a
    # single one pairs with it if, once they are a pair, each gives the pair JOIN_SHARE of
    # its evidence (checked below); the single one then stays where it is. Else nothing
    # moves to a single report (a week-long report between two strikes picks neither).
    single = size[targets] == 1
    mutual = chosen[targets] == labels[movers]
    pairing = single & (size[labels[movers]] > 1)
    goes = ~single | pairing | (mutual & (movers > targets))
    movers, targets, pairing = movers[goes], targets[goes], pairing[goes]
    keep = ~np.isin(movers, targets[pairing])
    movers, targets, pairing = movers[keep], targets[keep], pairing[keep]
    # Rows joining one cluster together must be compatible with each other as well.
    crowded = np.bincount(targets, minlength=n)[targets] > 1
    new[movers[~crowded]] = targets[~crowded]
    accepted: dict[int, list[int]] = {}
    for r in sorted(movers[crowded].tolist(), key=lambda r: (-chosen_fit[r], r)):
        others = accepted.setdefault(int(chosen[r]), [])
        if all(_compatible(codes, n, r, o) for o in others):
            others.append(r)
            new[r] = chosen[r]
    paired, partner = movers[pairing], targets[pairing]
    paired = paired[new[paired] == partner]
    if len(paired):
        trial = _by_lowest_row(new)
        rows = np.zeros(n, dtype=np.bool_)
        rows[paired] = rows[new[paired]] = True
        found = _fits_of(columns, trial, i, j, weights, pools, rows)
        trial_fits = found.take(rows[found.row])
        happy = np.zeros(n, dtype=np.bool_)
        happy[trial_fits.row[trial_fits.own & (shares(trial_fits, alone) >= JOIN_SHARE)]] = True
        undone = paired[~(happy[paired] & happy[new[paired]])]
        new[undone] = labels[undone]
    return _unbridged_apart(columns, _by_lowest_row(new), i, j)


def _merged(
    columns: EventColumns,
    labels: Int,
    fits: IncidentFits,
    i: Int,
    j: Int,
    weights: Float,
    pools: tuple[_Pool, _Pool],
) -> Int | None:
    """One round of whole incidents merging; None if none does.

    Incidents merge when every report of each is compatible with every report of the
    others, and after the merge every report gives the merged incident JOIN_SHARE of its
    evidence and their evidence together (`_standing`) is more than it was apart. Tried
    first: groups
    of incidents that each pick another of the group as their best partner and are all
    compatible (three single reports that each fit the other two alike, so none picks one);
    then pairs, in order of the evidence the reports of each give the other. Each incident
    is in one merge at most per round.
    """
    n = len(columns)
    alone = alone_fits(columns)
    _, before = _standing(fits, labels, alone)
    size = np.bincount(labels, minlength=n)
    # Worth trying only where every report of each would rather join the other than stand
    # alone: the options below that never count, so such a pair is never whole.
    other = np.flatnonzero(~fits.own & (fits.fit >= ALONE_FIT))
    a, b = labels[fits.row[other]], fits.cluster[other]
    pair, where, count = np.unique(
        np.minimum(a, b) * n + np.maximum(a, b), return_inverse=True, return_counts=True
    )
    lo, hi = pair // n, pair % n
    # Compatible both ways: every row of each has an option for the other.
    whole = count == size[lo] + size[hi]
    gain = np.bincount(where, weights=fits.fit[other], minlength=len(pair))[whole]
    lo, hi, pair = lo[whole], hi[whole], pair[whole]
    if not len(pair):
        return None
    into = np.arange(n, dtype=np.int64)
    taken = np.zeros(n, dtype=np.bool_)
    # Groups: components of the best-partner links that are whole among themselves.
    ends = np.concatenate([lo, hi])
    partners = np.concatenate([hi, lo])
    gains = np.concatenate([gain, gain])
    order = np.lexsort((partners, -gains, ends))
    best = order[np.concatenate(([True], ends[order][1:] != ends[order][:-1]))]
    group = components(n, ends[best], partners[best])
    grouped = np.unique(ends)
    k = np.bincount(group[grouped], minlength=n)
    inside = group[lo] == group[hi]
    links = np.bincount(group[lo[inside]], minlength=n)
    clique = (k >= 3) & (links == k * (k - 1) // 2)
    chosen = grouped[clique[group[grouped]]]
    into[chosen] = group[chosen]
    taken[chosen] = True
    # Pairs, among the rest.
    for x, y in zip(*(v[np.lexsort((hi, lo, -gain))].tolist() for v in (lo, hi)), strict=True):
        if not (taken[x] or taken[y]):
            taken[x] = taken[y] = True
            into[y] = x
    trial = into[labels]
    rows = taken[labels]
    found = _fits_of(columns, trial, i, j, weights, pools, rows)
    trial_fits = found.take(rows[found.row])
    share, after = _standing(trial_fits, trial, alone)
    # Per merged incident: every report content with it, and more evidence than apart.
    merged = np.flatnonzero(rows)
    unhappy = np.zeros(n, dtype=np.bool_)
    np.logical_or.at(unhappy, trial[merged], share[merged] < JOIN_SHARE)
    gained = np.zeros(n)
    np.add.at(gained, trial[merged], after[merged] - before[merged])
    good = taken & ~unhappy[into] & (gained[into] > 0)
    if not good.any():
        return None
    into[~good] = np.arange(n)[~good]
    return _by_lowest_row(into[labels])


def _updated(
    columns: EventColumns,
    old: Int,
    new: Int,
    fits: IncidentFits,
    i: Int,
    j: Int,
    weights: Float,
    pools: tuple[_Pool, _Pool],
) -> IncidentFits:
    """The fits of `new` labels from those of `old`: an option changes only where the row's
    cluster or the option's cluster changed members, so only those are fitted again."""
    n = len(columns)
    # Rows that moved, and clusters renamed as their lowest row left: their clusters, old
    # and new, are the ones that changed members.
    moved = np.flatnonzero(old != new)
    if not len(moved):
        return fits
    old_mark = np.zeros(n, dtype=np.bool_)
    new_mark = np.zeros(n, dtype=np.bool_)
    old_mark[old[moved]] = True
    new_mark[new[moved]] = True
    changed = old_mark[old] | new_mark[new]
    found = _fits_of(columns, new, i, j, weights, pools, changed)
    # A cluster's label is one of its rows: an option to a changed cluster names a changed row.
    return fits.take(~changed[fits.row] & ~changed[fits.cluster]) + found


def reassigned(columns: EventColumns, labels: Int, i: Int, j: Int, weights: Float) -> Int:
    """Cluster labels (each cluster's lowest row) after reports move to the incident they
    fit best and incidents that are one merge (see the module docstring).

    (i, j) are the compatible pairs, `weights` their BEST_OF_FIELDS evidence.
    """
    n = len(columns)
    if not len(i):
        return labels
    pools = _pools(columns)
    codes = np.sort(i * n + j)
    fits = incident_fits(columns, labels, i, j, weights, pools)
    for step in ["move"] * ROUNDS + ["merge"] * MERGE_ROUNDS + ["move"]:
        found = (
            _moved(columns, labels, fits, i, j, weights, pools, codes)
            if step == "move"
            else _merged(columns, labels, fits, i, j, weights, pools)
        )
        if found is not None:
            fits = _updated(columns, labels, found, fits, i, j, weights, pools)
            labels = found
    return labels
