"""The incident fit's likelihoods (dates pooled, places by how busy), its moves and villages."""

from __future__ import annotations

import numpy as np
import pytest

from conflictsum.merge import merge
from conflictsum.merge.assign import JOIN_SHARE, incident_fits, reassigned, shares
from conflictsum.merge.block import candidate_pairs
from conflictsum.merge.cluster import compatible_pairs, with_placed_towns
from conflictsum.merge.likelihood import date_fits, place_evidence
from conflictsum.merge.normalize import columns_from_events, resolve_locations
from conflictsum.merge.towns import placed_towns
from conflictsum.models import Event

from .test_merge import ev


def _columns(events: list[Event]):  # type: ignore[no-untyped-def]
    columns = columns_from_events(events, resolve_locations(events, {}), {})
    return columns, compatible_pairs(columns, *candidate_pairs(columns))


def _date_fit(events: list[Event], labels: list[int], row: int) -> float:
    """The date part of `row`'s fit to the cluster of `labels` holding every other row."""
    columns, _ = _columns(events)
    other = next(label for r, label in enumerate(labels) if r != row)
    own = labels[row] == other
    found = date_fits(
        columns, np.array(labels), np.array([row]), np.array([other]), np.array([own])
    )
    return float(found[0])


@pytest.mark.parametrize(
    ("members", "better", "worse"),
    [
        pytest.param(
            [ev("A", night=True, days=2, day=-1), ev("B", night=True, days=2, day=-1)],
            ev("N", night=True, days=2, day=-1),
            ev("S", day=-1),
            id="a-night-fits-reports-of-that-night-better-than-its-evening",
        ),
        pytest.param(
            [ev("A"), ev("B"), ev("C")],
            ev("S"),
            ev("N", night=True, days=2),
            id="three-reports-of-sunday-make-the-night-into-monday-unlikely",
        ),
        pytest.param(
            [ev("A", night=True, days=2, day=-1)],
            ev("M"),
            ev("E", day=-1),
            id="a-night-is-dated-by-its-morning-more-often-than-its-evening",
        ),
        pytest.param(
            [ev("A")],
            ev("D"),
            ev("W", day=-3, days=7),
            id="a-week-says-less-than-the-day",
        ),
    ],
)
def test_pooled_dates(members: list[Event], better: Event, worse: Event) -> None:
    for report in (better, worse):
        assert report.article_id not in {m.article_id for m in members}
    labels = [0] * len(members) + [len(members)]
    good = _date_fit([*members, better], labels, len(members))
    bad = _date_fit([*members, worse], labels, len(members))
    assert good > bad


def test_own_cluster_date_fit_is_the_fit_to_the_others() -> None:
    """A row's fit to its own cluster equals its fit to the same others as another cluster."""
    reports = [ev("A", night=True, days=2), ev("B", day=1), ev("C", day=-3, days=7)]
    columns, _ = _columns(reports)
    own = date_fits(columns, np.array([0, 0, 0]), np.array([1]), np.array([0]), np.array([True]))
    apart = date_fits(columns, np.array([0, 1, 0]), np.array([1]), np.array([0]), np.array([False]))
    # Equal up to the trace of likelihood (the floor) the row's own days add to the window.
    assert own[0] == pytest.approx(apart[0], abs=0.01)


def test_a_busy_place_says_less() -> None:
    """Agreeing on a base attacked every day is weaker evidence than on a village seen once."""
    quiet = [ev("A", place="al-Tama"), ev("B", place="al-Tama")]
    busy = quiet + [ev(f"H{k}", place="al-Tama", day=k + 2) for k in range(60)]
    found = []
    for events in (quiet, busy):
        columns, _ = _columns(events)
        found.append(float(place_evidence(columns, np.array([0]), np.array([1]))[0]))
    assert found[0] > found[1] > 0


def test_a_province_only_agrees_by_country_until_a_report_places_the_site_in_it() -> None:
    unknown = [ev("A"), ev("C", place="Deir ez-Zor", precision="region")]
    stated = [ev("A", admin1="Deir ez-Zor"), ev("C", place="Deir ez-Zor", precision="region")]
    found = []
    for events in (unknown, stated):
        columns, _ = _columns(events)
        found.append(float(place_evidence(columns, np.array([0]), np.array([1]))[0]))
    # A country at war sees many reports a day: agreeing only on it counts against.
    assert found[0] < 0 < found[1]


def test_a_report_leaves_a_mixed_cluster_for_the_single_report_it_fits() -> None:
    """Y1, left by a wrong linking with X1 and X2, pairs with Y2; a single report used to be
    joined only if it picked the mover's cluster back, and Y2 cannot (al-Tama is not al-Omar)."""
    shelling = "Shelling/artillery/missile attack"
    events = [
        ev("X1", actor1="militants"),
        ev("X2", actor1="militants"),
        ev(
            "Y1",
            place="Syria",
            precision="country",
            actor1="Harakat al-Nujaba",
            killed=2,
            sub=shelling,
        ),
        ev("Y2", place="al-Tama", actor1="Harakat al-Nujaba", killed=2, sub=shelling),
    ]
    columns, (i, j, _, weights) = _columns(events)
    assert ((i == 0) & (j == 2)).any()  # Y1 may share X1's incident
    labels = reassigned(columns, np.array([0, 0, 0, 3]), i, j, weights)
    assert labels.tolist() == [0, 0, 2, 2]


def test_two_incidents_that_are_one_merge_whole() -> None:
    """Two clusters of one night attack (its night, its morning) become one incident."""
    events = [
        ev("A", night=True, days=2, day=-1, killed=3),
        ev("B", night=True, days=2, day=-1, killed=3),
        ev("C", killed=3),
        ev("D", killed=3),
    ]
    columns, (i, j, _, weights) = _columns(events)
    labels = reassigned(columns, np.array([0, 0, 2, 2]), i, j, weights)
    assert len(set(labels.tolist())) == 1
    fits = incident_fits(columns, labels, i, j, weights)
    assert (shares(fits, np.zeros(len(events)))[fits.own] >= JOIN_SHARE).all()


def _koutel(history: bool) -> list[Event]:
    """Reports near Koutel, a village no gazetteer has; with `history`, ones tying it to al-Tama."""
    tie = [
        ev("A1", place="al-Tama", actor1="Harakat al-Nujaba", killed=4),
        ev("A2", place="al-Tama", actor1="Harakat al-Nujaba", killed=4),
        ev("A3", place="Koutel", precision="near", actor1="Harakat al-Nujaba", killed=4),
    ]
    later = [
        ev("B1", place="al-Tama", day=9, actor1="militants"),
        ev("B2", place="Koutel", precision="near", day=9, actor1="militants"),
    ]
    return (tie if history else []) + later


@pytest.mark.parametrize(
    ("history", "together"),
    [
        pytest.param(False, False, id="a-village-nothing-places-says-little"),
        pytest.param(True, True, id="a-village-the-reports-place-at-a-site-is-that-site"),
    ],
)
def test_villages_placed_by_the_reports(history: bool, together: bool) -> None:
    result = merge(_koutel(history))
    merged = result.merged_event_of(("B1", "e1")) == result.merged_event_of(("B2", "e1"))
    assert merged is together
    if history:
        detail = {f.field: f.detail for f in result.explain(("B1", "e1"), ("B2", "e1")).fields}
        assert "Koutel placed at al-Tama" in detail["location"]


def test_a_village_between_two_sites_goes_to_neither() -> None:
    events = [
        ev("A1", place="al-Tama", actor1="Harakat al-Nujaba", killed=4),
        ev("A2", place="Koutel", precision="near", actor1="Harakat al-Nujaba", killed=4),
        ev("B1", place="Shaddadi", day=5, actor1="Kataib Hezbollah", killed=2),
        ev("B2", place="Koutel", precision="near", day=5, actor1="Kataib Hezbollah", killed=2),
    ]
    columns, (i, j, score, weights) = _columns(events)
    placed, at = placed_towns(columns, i, j, score)
    assert placed is columns
    assert (at == -1).all()
    # And the pairs are those compatible_pairs found.
    assert with_placed_towns(columns, i, j, score, weights)[0] is columns
