"""An upper bound on merge quality for the synthetic generator: an oracle that knows the truth.

Run: python benchmarks/merge_bound.py [n_incidents] [seed ...]     (default: 2000 0)

Every merger has to guess which incidents exist. This oracle is told: it knows every
incident's site, day, night, attacker, target, sub-event type and toll, and the exact
noise model `synth.py` writes reports with. For each report it computes the likelihood of
the report under every incident and so the posterior of each incident having produced it
(a uniform prior over incidents). Then:

- `MAP`: every report joins the incident most likely to have produced it; this
  maximises the expected number of correctly placed reports given everything a report
  says, which is the most any merger can know about a report;
- `MAP, posterior >= t`: a report joins its most likely incident only when that incident's
  posterior is at least t and otherwise stays on its own, trading recall for precision
  as a cautious merger does.

Two events of one article never share an incident: the oracle assigns them jointly.

No merger that sees only the reports can beat the oracle except by luck, so where the
oracle falls short of a target, the target asks for information the reports do not hold.

Then `told the rest`: the oracle no longer knows the incidents, only where every *other*
report belongs, as `merge_ceiling.py` asks of merge()'s own rule. Each report's likelihood
under an incident is that of the generator's noise model given the incident's other
reports (each field's truth marginalised: site and actors, day and night, toll, type); it
may also come from an incident no other report tells (as many as the single-report
incidents, each drawn from the generator's priors). `strict nights` also holds merge()'s
rule that a plain date is never the evening before a night attack (the generator writes
one in ten night reports so): such a report then fits no incident that a morning-dated
report also tells.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import sys
from collections import defaultdict
from collections.abc import Callable

from merge_quality import bcubed_scores, pairwise_scores
from synth import (
    _ATTACKERS,
    _CONFUSION,
    _GENERIC_ATTACKERS,
    _HAND_SITES,
    _TARGETS,
    _UNIDENTIFIED,
    Report,
    Site,
    _generated_sites,
    synth_summaries,
)

from conflictsum.models import ArticleSummary, Event

Key = tuple[str, str]


def _date_likelihood(event: Event, day: dt.date, night: bool) -> float:
    """P(the report's dates | the incident's day and night), as synth._report_date draws them."""
    d, s, e = day, event.date.start, event.date.end
    one = dt.timedelta(1)
    p = 0.0
    if night:
        p += 0.55 * (s == d - one and e == d and event.date.precision == "days")
        p += 0.25 * (s == d and e == d)
        p += 0.10 * (s == d - one and e == d - one)
        week, month = 0.06, 0.04
    else:
        p += 0.82 * (s == d and e == d)
        p += 0.06 * (s == d - one and e == d and event.date.precision == "days")
        week, month = 0.08, 0.04
    monday = d - dt.timedelta(d.weekday())
    if event.date.precision == "week" and s == monday:
        p += week
    first = d.replace(day=1)
    if event.date.precision == "month" and s == first:
        p += month
    return p


def _place_likelihood(event: Event, site: Site) -> float:
    """P(the report's place name and precision | the site), as synth._report_location draws."""
    loc = event.location
    p = 0.0
    if loc.precision == "exact":
        share = 0.55 if site.aliases else 0.65
        if loc.name in site.names:
            p += share / len(site.names)
        if loc.name in site.aliases:
            p += 0.10 / len(site.aliases)
        if p and loc.latitude is not None:
            # Jittered coordinates (sd 0.01 degree) tell two sites a few km apart apart.
            z2 = ((loc.latitude - site.lat) ** 2 + (loc.longitude - site.lon) ** 2) / 0.01**2
            p *= math.exp(-z2 / 2) / (2 * math.pi * 0.01**2)
    elif loc.precision == "near":
        p += 0.15 * (loc.name == site.town)
    elif loc.precision == "region":
        p += 0.15 / len(site.admin1) * (loc.admin1 in site.admin1)
    else:
        p += 0.05 * (loc.name == site.country)
    if loc.precision in ("exact", "near") and loc.admin1 is not None:
        p *= (loc.admin1 in site.admin1) / len(site.admin1)
    return p


def _actor_likelihood(event: Event, attacker: int, target: int, country: str) -> float:
    """P(the two actors | the incident's attacker and target), either order."""
    names, _ = _ATTACKERS[attacker]
    targets, _ = _TARGETS[country][target]

    def p_attacker(name: str) -> float:
        return (
            0.45 * (name in names) / len(names)
            + 0.35 * (name in _GENERIC_ATTACKERS) / len(_GENERIC_ATTACKERS)
            + 0.20 * (name in _UNIDENTIFIED) / len(_UNIDENTIFIED)
        )

    def p_target(name: str | None) -> float:
        return 0.15 if name is None else 0.85 * (name in targets) / len(targets)

    a1 = event.actor1.name
    a2 = None if event.actor2 is None else event.actor2.name
    straight = p_attacker(a1) * p_target(a2) * (0.7 if a2 is not None else 1.0)
    crossed = 0.3 * p_attacker(a2) * p_target(a1) if a2 is not None else 0.0
    return straight + crossed


def _toll_likelihood(event: Event, toll: int) -> float:
    """P(the reported figure | the final toll): none, the toll, or an early undercount."""
    f = event.fatalities
    if f.best is None:
        return 0.3
    seen = f.best
    if toll == 0:
        return 0.7 * (seen == 0)
    # An early report draws round(toll * U(0.4, 1)); later ones report the toll.
    lo, hi = 0.4 * toll, 1.0 * toll
    width = hi - lo
    cover = max(0.0, min(seen + 0.5, hi) - max(seen - 0.5, lo)) / width if width else 0.0
    return 0.7 * (0.5 * (seen == toll) + 0.5 * cover)


def _type_likelihood(event: Event, sub_event: str) -> float:
    if event.sub_event_type == sub_event:
        return 0.8
    return 0.2 * (event.sub_event_type == _CONFUSION[sub_event])


def _likelihoods(
    event: Event, incidents: dict[int, Report], sites: list[Site], by_country: dict[str, list[int]]
) -> dict[int, float]:
    """Likelihood of the report under every incident that could have produced it."""
    country = event.location.country or ""
    found = {}
    for inc in by_country.get(country, ()):
        r = incidents[inc]
        if not (event.date.start - dt.timedelta(31) <= r.day <= event.date.end + dt.timedelta(1)):
            continue
        site = sites[r.site]
        p = _date_likelihood(event, r.day, r.night)
        if p:
            p *= _place_likelihood(event, site)
        if p:
            p *= _actor_likelihood(event, r.attacker, r.target, site.country)
        if p:
            p *= _toll_likelihood(event, r.fatalities) * _type_likelihood(event, r.sub_event)
        if p:
            found[inc] = p
    return found


def _assign(
    events: list[Event], likelihoods: list[dict[int, float]], threshold: float
) -> list[int | None]:
    """Each event's incident (None: on its own), events of one article jointly distinct."""
    best: tuple[float, list[int | None]] = (-1.0, [])
    options = []
    for lik in likelihoods:
        total = sum(lik.values())
        ranked = sorted(lik.items(), key=lambda kv: -kv[1])[:3]
        options.append([(inc, p / total) for inc, p in ranked] or [(None, 1.0)])
    for combo in itertools.product(*options):
        incs = [inc for inc, _ in combo if inc is not None]
        if len(incs) != len(set(incs)):
            continue
        score = math.prod(p for _, p in combo)
        if score > best[0]:
            best = (score, [inc if p >= threshold else None for inc, p in combo])
    return best[1] or [None] * len(events)


_TOLL_PRIOR = dict.fromkeys((0, 1, 2, 3, 4, 5, 6, 9, 15), 0.0)
for _t in (0, 0, 0, 1, 1, 2, 3, 4, 6, 9, 15):  # synth._incidents: first attacks
    _TOLL_PRIOR[_t] += 0.85 / 11
for _t in (0, 0, 1, 2, 3, 5):  # and the hard negatives that follow them
    _TOLL_PRIOR[_t] += 0.15 / 6
_TYPES = list(_CONFUSION)
_DAYS = 730


Prior = Callable[[int, object], float]


def _priors(sites: list[Site]) -> Prior:
    """P(truth) of one field's value, as synth draws incidents: (day, night); (site, attacker,
    target); toll; sub-event type."""
    total = sum(s.weight for s in sites)
    where = [s.weight / total / len(_ATTACKERS) / len(_TARGETS[s.country]) for s in sites]

    def prior(field: int, truth: object) -> float:
        if field == 0:
            _, night = truth  # type: ignore[misc]
            return (0.35 if night else 0.65) / _DAYS
        if field == 1:
            return where[truth[0]]  # type: ignore[index]
        if field == 2:
            return _TOLL_PRIOR[truth]  # type: ignore[index]
        return 1 / len(_TYPES)

    return prior


def _field_likelihoods(
    event: Event, sites: list[Site], strict_nights: bool
) -> list[dict[object, float]]:
    """P(what the report says | truth) per field, over every truth it allows."""
    one = dt.timedelta(1)
    dates: dict[object, float] = {}
    d = event.date.start - one
    while d <= event.date.end + one:
        for night in (False, True):
            p = _date_likelihood(event, d, night)
            plain = event.date.start == event.date.end
            if strict_nights and night and plain and d == event.date.start + one:
                p = 0.0  # the evening's date of the night that ends the next morning
            if p:
                dates[(d, night)] = p
        d += one
    where: dict[object, float] = {}
    for k, site in enumerate(sites):
        p = _place_likelihood(event, site)
        for a in range(len(_ATTACKERS)) if p else ():
            for t in range(len(_TARGETS[site.country])):
                if q := _actor_likelihood(event, a, t, site.country):
                    where[(k, a, t)] = p * q
    tolls = {t: p for t, w in _TOLL_PRIOR.items() if (p := _toll_likelihood(event, t)) and w}
    types = {t: p for t in _TYPES if (p := _type_likelihood(event, t))}
    return [dates, where, tolls, types]


def _marginal(
    report: list[dict[object, float]], others: list[list[dict[object, float]]], prior: Prior
) -> float:
    """log P(report | the other reports of one incident), field by field."""
    total = 0.0
    for f, mine in enumerate(report):
        # Posterior of the field's truth given the others: prior x each one's likelihood.
        post = {k: v * prior(f, k) for k, v in others[0][f].items()}
        for other in others[1:]:
            post = {k: v * other[f][k] for k, v in post.items() if k in other[f]}
        found = sum(v * mine[k] for k, v in post.items() if k in mine)
        if found <= 0:
            return -math.inf
        total += math.log(found / sum(post.values()))
    return total


def told_the_rest(
    summaries: list[ArticleSummary],
    reports: dict[Key, Report],
    sites: list[Site],
    strict_nights: bool,
) -> tuple[float, float, float]:
    """Pairwise P / R / F1 of placing each report by its posterior, the rest told."""
    events = [e for s in summaries for e in s.events]
    gold = [reports[(e.article_id, e.id)].incident for e in events]
    liks = [_field_likelihoods(e, sites, strict_nights) for e in events]
    prior = _priors(sites)
    members: dict[int, list[int]] = defaultdict(list)
    for r, g in enumerate(gold):
        members[g].append(r)
    unseen = math.log(sum(len(m) == 1 for m in members.values()))
    predicted = []
    for r, event in enumerate(events):
        fits = {}
        for g, rows in members.items():
            others = [m for m in rows if m != r]
            near = others and all(
                abs((events[m].date.start - event.date.start).days) <= 62 for m in others
            )
            if near and (fit := _marginal(liks[r], [liks[m] for m in others], prior)) > -math.inf:
                fits[g] = fit
        alone = unseen + sum(
            math.log(sum(v * prior(f, k) for k, v in lik.items()))
            for f, lik in enumerate(liks[r])
            if lik
        )
        best = max(fits, key=lambda g: (fits[g], -g), default=None)
        top = max([alone, *fits.values()])
        share = 0.0
        if best is not None:
            odds = math.exp(alone - top) + sum(math.exp(v - top) for v in fits.values())
            share = math.exp(fits[best] - top) / odds
        predicted.append(f"i{best}" if share >= 0.5 else f"alone {r}")
    return pairwise_scores(predicted, gold)


def main() -> None:
    n_incidents = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seeds = [int(s) for s in sys.argv[2:]] or [0]
    thresholds = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
    for seed in seeds:
        summaries, reports = synth_summaries(n_incidents, seed)
        # synth_summaries draws its generated sites first from the seed's generator.
        sites = _HAND_SITES + _generated_sites(random.Random(seed), 80)
        incidents = {r.incident: r for r in reports.values()}
        by_country: dict[str, list[int]] = defaultdict(list)
        for inc, r in sorted(incidents.items()):
            by_country[sites[r.site].country].append(inc)
        keys: list[Key] = []
        chosen: dict[float, list[int | None]] = {t: [] for t in thresholds}
        for summary in summaries:
            events = summary.events
            liks = [_likelihoods(e, incidents, sites, by_country) for e in events]
            keys += [(e.article_id, e.id) for e in events]
            for t in thresholds:
                chosen[t] += _assign(events, liks, t)
        gold = [reports[k].incident for k in keys]
        right = sum(c == g for c, g in zip(chosen[0.0], gold, strict=True))
        print(f"== seed {seed}: {len(keys)} reports of {len(incidents)} incidents")
        print(f"  reports placed in their own incident by MAP: {right / len(keys):.3f}")
        for t in thresholds:
            predicted = [
                f"i{c}" if c is not None else f"alone {k}"
                for c, k in zip(chosen[t], keys, strict=True)
            ]
            pp, pr, pf = pairwise_scores(predicted, gold)
            bp, br, bf = bcubed_scores(predicted, gold)
            name = "MAP" if t == 0 else f"MAP, posterior >= {t:.2f}"
            print(
                f"  {name:<24} pairwise P {pp:.3f} R {pr:.3f} F1 {pf:.3f}   "
                f"B-cubed P {bp:.3f} R {br:.3f} F1 {bf:.3f}"
            )
        for strict in (False, True):
            pp, pr, pf = told_the_rest(summaries, reports, sites, strict)
            name = "told the rest" + (", strict nights" if strict else "")
            print(f"  {name:<24} pairwise P {pp:.3f} R {pr:.3f} F1 {pf:.3f}")


if __name__ == "__main__":
    main()
