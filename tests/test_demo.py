"""The seed articles end to end, replaying the authored answers the demo ships with."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictsum import cli
from conflictsum.demo import authored_summarizer, summarize_seeds
from conflictsum.models import ArticleSummary, Event

from .conftest import CASSETTES

CASSETTE_BACKEND = "authored"


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    # The demo replays this very cassette: one recording serves both.
    return str(CASSETTES / "authored")


@pytest.fixture
def default_cassette_name() -> str:
    return "seeds"


def _by_source(summaries: list[ArticleSummary], prefix: str) -> ArticleSummary:
    return next(s for s in summaries if (s.article.published or dt.date.min).isoformat() == prefix)


def _event(summary: ArticleSummary, place: str) -> Event:
    return next(e for e in summary.events if place in e.location.name)


@pytest.mark.vcr
def test_seed_events_and_claims(authored_endpoint) -> None:
    with authored_endpoint("seeds"):
        summaries = summarize_seeds(authored_summarizer())
    assert [s.failure for s in summaries] == [None, None]
    cbs = _by_source(summaries, "2024-02-05")

    omar = _event(cbs, "al-Omar")
    assert (omar.event_type, omar.sub_event_type) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (omar.location.country, omar.fatalities.best) == ("Syria", 6)
    assert "Syrian Democratic Forces" in omar.actor2.name
    # "the previous night" in an article of Monday 5 Feb spans the night of 4 to 5 Feb.
    assert (omar.date.start, omar.date.end, omar.date.precision) == (
        dt.date(2024, 2, 4),
        dt.date(2024, 2, 5),
        "days",
    )
    friday = [e for e in cbs.events if e.date.start == dt.date(2024, 2, 2)]
    assert {e.location.country for e in friday} == {"Iraq", "Syria"}
    assert any("85 targets" in ev.quote for e in friday for ev in e.evidence)
    yemen = next(e for e in cbs.events if e.date.start == dt.date(2024, 2, 3))
    assert yemen.location.country == "Yemen"
    assert any("36 Houthi targets" in ev.quote for ev in yemen.evidence)

    responsibility = next(c for c in cbs.claims if c.kind == "responsibility")
    assert responsibility.claimant.name == "Islamic Resistance in Iraq"
    assert responsibility.event_id == omar.id
    assert responsibility.date == dt.date(
        2024, 2, 5
    )  # claimed on Monday, the strike was Sunday night
    assert any(c.kind == "denial" and c.claimant.name == "Iran" for c in cbs.claims)

    france24 = _by_source(summaries, "2023-12-25")
    green = _event(france24, "Al Omar")
    assert any("Green Village" in ev.quote for ev in green.evidence)
    damascus = _event(france24, "Damascus")
    assert damascus.fatalities.best == 1
    assert any("Razi Mousavi" in ev.quote for ev in damascus.evidence)


@pytest.mark.vcr
def test_every_evidence_offset_points_at_its_quote(authored_endpoint) -> None:
    with authored_endpoint("seeds"):
        summaries = summarize_seeds(authored_summarizer())
    for s in summaries:
        items = [*s.events, *s.claims]
        assert items
        for item in items:
            assert item.evidence
            for ev in item.evidence:
                assert s.article.text[ev.start : ev.end] == ev.quote


def test_cli_demo_prints_the_seed_events(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "hand-authored" in out
    assert "al-Omar base" in out
    assert "2024-02-04..2024-02-05" in out
    assert "Damascus" in out
