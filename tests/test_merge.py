"""Cross-source merge: hard negatives, consensus and conflicts, explanations, invariants."""

from __future__ import annotations

import ast
import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictsum import cli
from conflictsum.export import ExportWarning, to_jsonl
from conflictsum.merge import MergeResult, merge
from conflictsum.merge.actors import AGREE, COMPATIBLE, CONFLICT, ActorTable
from conflictsum.merge.block import candidate_pairs
from conflictsum.merge.normalize import (
    OPEN_TOLL,
    claimants,
    columns_from_events,
    count_range,
    edge_of_day,
    folded_alias_table,
    place_skeleton,
    resolve_locations,
)
from conflictsum.merge.score import next_day_pairs, score_pairs
from conflictsum.models import (
    Actor,
    Article,
    ArticleSummary,
    Claim,
    Count,
    Event,
    EventDate,
    Failure,
    Location,
)
from conflictsum.places import fold_place_name, load_aliases

from .strategies import event_lists

DAY = dt.date(2024, 2, 4)
MERGE_SRC = Path(__file__).resolve().parents[1] / "src" / "conflictsum" / "merge"


def ev(
    article: str,
    event_id: str = "e1",
    *,
    day: int = 0,
    days: int = 1,
    night: bool = False,
    said: str | None = None,
    place: str = "al-Omar oil field",
    precision: str = "exact",
    country: str | None = "Syria",
    admin1: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    actor1: str = "Islamic Resistance in Iraq",
    actor2: str | None = "US forces",
    killed: int | None = None,
    sub: str = "Air/drone strike",
    event_type: str = "Explosions/Remote violence",
) -> Event:
    start = DAY + dt.timedelta(day)
    end = start + dt.timedelta(days - 1)
    precision_of = {1: "day", 2: "days", 7: "week"}
    return Event(
        id=event_id,
        article_id=article,
        event_type=event_type,
        sub_event_type=sub,
        date=EventDate(
            start=start,
            end=end,
            precision=precision_of.get(days, "month"),
            expression="overnight" if night else said,
        ),
        location=Location(
            name=place,
            country=country,
            admin1=admin1,
            precision=precision,
            latitude=lat,
            longitude=lon,
        ),
        actor1=Actor(name=actor1),
        actor2=Actor(name=actor2) if actor2 else None,
        fatalities=Count.exact(killed) if killed is not None else Count(),
        summary=f"{sub} at {place}",
    )


def groups(result: MergeResult) -> set[frozenset[tuple[str, str]]]:
    return {frozenset(e.members) for e in result.events}


CASES = [
    pytest.param(
        [ev("A"), ev("B", killed=6), ev("C", day=-1, days=2, killed=7)],
        [{"A", "B", "C"}],
        id="previous-night-report-overlaps-both-days",
    ),
    pytest.param(
        [ev("A"), ev("B"), ev("C", day=1), ev("D", day=1)],
        [{"A", "B"}, {"C", "D"}],
        id="same-base-next-day-stays-apart",
    ),
    pytest.param(
        [ev("A"), ev("B", day=1), ev("C", day=-5, days=7)],
        [{"A"}, {"B"}, {"C"}],
        id="week-report-between-two-attacks-is-not-guessed",
    ),
    pytest.param(
        [
            ev("A", lat=35.000, lon=40.560),
            ev("B", place="Conoco gas field", lat=35.326, lon=40.289),
            ev("C", lat=35.004, lon=40.561),
        ],
        [{"A", "C"}, {"B"}],
        id="nearby-sites-same-night-stay-apart",
    ),
    pytest.param(
        [ev("A", "e1"), ev("A", "e2"), ev("B")],
        [{"A"}, {"A"}, {"B"}],
        id="two-incidents-in-one-article-never-merge",
    ),
    pytest.param(
        [ev("A", actor1="Kataib Hezbollah"), ev("B", actor1="Islamic State")],
        [{"A"}, {"B"}],
        id="different-named-groups-conflict",
    ),
    pytest.param(
        [
            ev("A", place="Kharkiv", country="Ukraine", actor1="Russian forces"),
            ev("B", place="Kharkiv Oblast", precision="region", country="Ukraine", actor1="Russia"),
        ],
        [{"A", "B"}],
        id="town-in-the-province-another-report-names",
    ),
    pytest.param(
        [
            ev("A", place="Kharkiv", country="Ukraine", actor1="Russian forces"),
            ev("B", place="Kherson Oblast", precision="region", country="Ukraine", actor1="Russia"),
        ],
        [{"A"}, {"B"}],
        id="town-far-from-the-province-another-report-names",
    ),
    pytest.param(
        [
            ev("A", actor1="Iran-backed militia", actor2="U.S. troops"),
            ev("B", actor2="American forces"),
        ],
        [{"A", "B"}],
        id="generic-actor-compatible-with-named-group",
    ),
    pytest.param(
        [ev("A", actor1="US forces", actor2="Islamic Resistance in Iraq"), ev("B")],
        [{"A", "B"}],
        id="actor-order-carries-no-meaning",
    ),
    pytest.param(
        [ev("A", killed=2), ev("B", killed=5)],
        [{"A", "B"}],
        id="toll-rising-over-time-still-merges",
    ),
    pytest.param(
        [ev("A", killed=2), ev("B", killed=60)],
        [{"A"}, {"B"}],
        id="wildly-different-tolls-stay-apart",
    ),
    pytest.param(
        [ev("A", killed=2), ev("B", killed=17), ev("C", killed=19)],
        [{"A", "B", "C"}],
        id="a-large-attacks-first-toll-may-be-a-tenth-of-its-last",
    ),
    pytest.param(
        [ev("A", killed=0), ev("B", killed=12)],
        [{"A"}, {"B"}],
        id="no-one-killed-and-twelve-killed-stay-apart",
    ),
    pytest.param(
        [ev("A"), ev("B", sub="Shelling/artillery/missile attack")],
        [{"A", "B"}],
        id="rockets-or-drones-same-incident",
    ),
    pytest.param(
        [ev("A"), ev("B", sub="Peaceful protest", event_type="Protests", actor1="Protesters")],
        [{"A"}, {"B"}],
        id="protest-and-strike-are-different-events",
    ),
    pytest.param(
        [
            ev("A", place="Syria", precision="country", actor1="Kataib Hezbollah"),
            ev("B", actor1="Kataib Hezbollah"),
        ],
        [{"A", "B"}],
        id="country-level-report-joins-named-site-with-named-actors",
    ),
    pytest.param(
        [ev("A"), ev("B", country="Iraq")],
        [{"A"}, {"B"}],
        id="different-countries-never-merge",
    ),
    pytest.param(
        [
            ev("A", lat=35.000, lon=40.560),
            ev("B", place="Omar field housing", lat=35.010, lon=40.570),
        ],
        [{"A", "B"}],
        id="different-names-same-coordinates-merge",
    ),
    pytest.param(
        [
            ev("A", day=-1, days=2, night=True),
            ev("B", day=-1, days=2, night=True),
            ev("C", days=2, night=True),
            ev("D", days=2, night=True),
        ],
        [{"A", "B"}, {"C", "D"}],
        id="same-base-two-nights-running-stay-apart",
    ),
    pytest.param(
        [ev("A", said="Sunday afternoon"), ev("B", day=1), ev("C", days=2, night=True)],
        [{"A"}, {"B", "C"}],
        id="overnight-report-joins-the-attack-dated-by-its-morning",
    ),
    pytest.param(
        [ev("A", said="on Sunday"), ev("B", day=1, said="on Monday"), ev("C", days=2, night=True)],
        [{"A", "B", "C"}],
        id="a-night-dated-by-its-evening-and-by-its-morning-is-one-attack",
    ),
    pytest.param(
        [
            ev("A", place="Khartoum", country="Sudan", actor1="Sudanese army"),
            ev("B", place="Khartoum North", country="Sudan", actor1="Sudanese army"),
        ],
        [{"A"}, {"B"}],
        id="a-town-named-after-another-is-another-town",
    ),
    pytest.param(
        [
            ev("A", place="Baalbek", country="Lebanon", actor1="Israeli military"),
            ev("B", place="Ras Baalbek", country="Lebanon", actor1="Israeli military"),
        ],
        [{"A"}, {"B"}],
        id="a-village-no-gazetteer-has-named-after-a-town-it-has-is-another-place",
    ),
    pytest.param(
        [
            ev("A", place="Quetta", country="Pakistan", actor1="TTP", actor2=None),
            ev("B", place="Quetta", country="Pakistan", actor1="BLA", actor2=None),
        ],
        [{"A"}, {"B"}],
        id="two-one-sided-attacks-by-different-groups-are-no-fight-between-them",
    ),
    pytest.param(
        [
            ev("A", day=-1, days=2, said="dans la nuit de samedi à dimanche"),
            ev("B", days=2, said="dans la nuit de dimanche à lundi"),
        ],
        [{"A"}, {"B"}],
        id="two-nights-in-french-are-two-nights",
    ),
    pytest.param(
        [ev("A", said="late Sunday"), ev("B", day=1, said="early Monday")],
        [{"A", "B"}],
        id="late-one-day-and-early-the-next-are-one-night",
    ),
    pytest.param(
        [ev("A", said="Sunday evening"), ev("B", day=1, days=2, night=True)],
        [{"A"}, {"B"}],
        id="an-evening-is-not-the-next-night",
    ),
    pytest.param(
        [ev("A", said="Sunday morning"), ev("B", day=1, said="Monday morning")],
        [{"A"}, {"B"}],
        id="two-mornings-are-two-days",
    ),
    pytest.param(
        [ev("A", said="late Sunday"), ev("B", day=1, said="late Monday")],
        [{"A"}, {"B"}],
        id="two-late-evenings-are-two-nights",
    ),
    pytest.param(
        [
            ev("A", place="Ain al-Asad air base", country="Iraq"),
            ev("B", place="Al-Asad Airbase", country="Iraq"),
        ],
        [{"A", "B"}],
        id="site-named-with-fewer-words-merges",
    ),
    pytest.param(
        [
            ev("A", place="Union III", country="Iraq"),
            ev("B", place="Union 3 base", country="Iraq"),
        ],
        [{"A", "B"}],
        id="roman-and-arabic-numerals-name-one-site",
    ),
    pytest.param(
        [
            ev("A", place="Deitel", country="Iraq", admin1="Salahuddin"),
            ev("B", place="Deitel", country="Iraq", admin1="Salah al-Din"),
        ],
        [{"A", "B"}],
        id="province-spelled-two-ways-is-one-province",
    ),
    pytest.param(
        [
            ev("A", place="Al Houlei", country="Iraq", lat=35.41, lon=44.30),
            ev("B", place="al-Hulei", country="Iraq", admin1="Kirkuk"),
        ],
        [{"A", "B"}],
        id="gazetteer-namesake-far-from-the-reported-coordinates-is-ignored",
    ),
    pytest.param(
        [
            ev("A", place="Koutel", precision="near", actor1="militants"),
            ev("B", place="al-Tanf garrison", actor1="militants"),
        ],
        [{"A"}, {"B"}],
        id="near-a-town-nothing-locates-says-little",
    ),
    pytest.param(
        [
            ev("A", place="Syria", precision="country", actor1="militants"),
            ev("B", place="Syria", precision="country", actor1="militants"),
        ],
        [{"A"}, {"B"}],
        id="two-country-only-reports-do-not-merge",
    ),
    pytest.param(
        [
            ev("A", admin1="Deir ez-Zor"),
            ev("B", killed=6),
            ev(
                "C",
                day=-2,
                days=7,
                place="Deir ez-Zor province",
                precision="region",
                admin1="Deir ez-Zor",
                actor1="militants",
                killed=6,
            ),
        ],
        [{"A", "B", "C"}],
        id="vague-report-fits-what-the-reports-say-together",
    ),
    pytest.param(
        [
            ev("A", killed=6),
            ev("B", killed=6),
            ev("C", day=1, killed=0),
            ev("D", day=1, killed=0),
            ev("E", day=-5, days=7, killed=6),
        ],
        [{"A", "B", "E"}, {"C", "D"}],
        id="week-report-joins-the-one-attack-whose-reports-give-its-toll",
    ),
    pytest.param(
        [
            ev("A", killed=6),
            ev("B", killed=6),
            ev("C", day=1, killed=6),
            ev("D", day=1, killed=6),
            ev("E", day=-5, days=7, killed=6),
        ],
        [{"A", "B"}, {"C", "D"}, {"E"}],
        id="week-report-whose-toll-both-attacks-share-is-not-guessed",
    ),
    pytest.param(
        [
            ev("A", place="Damascus airport", admin1="Damascus countryside"),
            ev("B", place="Rif Dimashq province", precision="region", admin1="Rif Dimashq"),
        ],
        [{"A", "B"}],
        id="a-province-named-in-another-language-is-that-province",
    ),
    pytest.param(
        [
            ev("A", place="Erbil airport base", country="Iraq", admin1="Erbil"),
            ev("B", place="Ninawa province", precision="region", country="Iraq", admin1="Ninawa"),
        ],
        [{"A"}, {"B"}],
        id="a-site-in-the-province-its-article-names-is-not-in-the-next-one",
    ),
    pytest.param(
        [
            ev("A", place="Nabatieh", country="Lebanon", admin1="South Lebanon"),
            ev("B", place="Nabatieh", country="Lebanon", admin1="Nabatieh"),
        ],
        [{"A", "B"}],
        id="a-town-keeps-its-own-province-when-its-article-names-a-loose-one",
    ),
    pytest.param(
        [
            ev("A", place="Macomia", country="Mozambique", actor1="al-Shabaab", actor2="FADM"),
            ev(
                "B",
                place="Macomia",
                country="Mozambique",
                actor1="Islamic State-linked insurgents",
                actor2="Mozambican army",
            ),
        ],
        [{"A", "B"}],
        id="al-shabaab-in-mozambique-is-the-islamic-state-there",
    ),
    pytest.param(
        [
            ev("A", place="Gulf of Aden", country=None, actor1="Houthis", killed=3),
            ev("B", place="Gulf of Aden", country=None, actor1="Houthi rebels", killed=3),
            ev(
                "C",
                place="54 nautical miles southwest of Aden",
                precision="near",
                country="Yemen",
                actor1="unidentified attackers",
                actor2=None,
            ),
        ],
        [{"A", "B", "C"}],
        id="a-report-at-sea-in-no-country-meets-one-near-the-coast",
    ),
    pytest.param(
        [
            ev("A", place="Jabalia", country="Palestine", actor1="Israeli military"),
            ev("B", place="Beit Lahia", country="Palestine", actor1="Israeli military"),
        ],
        [{"A"}, {"B"}],
        id="two-towns-the-gazetteer-knows-4-km-apart-are-two-places",
    ),
    pytest.param(
        [
            ev("A", place="Jabalia", country="Palestine", actor1="Israeli military"),
            ev("B", place="Jabalia refugee camp", country="Palestine", actor1="IDF"),
            ev("C", place="Jabalia town", country="Palestine", actor1="Israeli forces"),
        ],
        [{"A", "B", "C"}],
        id="a-town-its-refugee-camp-and-the-town-said-so",
    ),
    pytest.param(
        [
            ev("A", place="Hodeidah", country="Yemen", actor1="US forces", actor2="Houthis"),
            ev("B", place="Hodeidah port", country="Yemen", actor1="CENTCOM", actor2="Houthis"),
            ev(
                "C",
                place="the port of Hodeidah",
                country="Yemen",
                actor1="US and UK forces",
                actor2="Houthis",
            ),
        ],
        [{"A", "B", "C"}],
        id="a-port-named-after-its-town",
    ),
    pytest.param(
        [
            ev(
                "A",
                place="Khan Younis",
                precision="near",
                country="Palestine",
                killed=90,
                actor1="Israeli military",
                actor2=None,
            ),
            ev(
                "B",
                place="Gaza City",
                precision="near",
                country="Palestine",
                killed=20,
                actor1="Israeli military",
                actor2=None,
            ),
        ],
        [{"A"}, {"B"}],
        id="near-two-towns-23-km-apart",
    ),
    pytest.param(
        [
            ev("A", place="Bakhmut", country="Ukraine", actor1="Russian forces", actor2=None),
            ev(
                "B",
                place="Bakhmut district",
                precision="region",
                country="Ukraine",
                actor1="Russian army",
                actor2=None,
            ),
        ],
        [{"A", "B"}],
        id="a-district-named-after-its-town",
    ),
    pytest.param(
        [
            ev("A", place="Sagaing", country="Myanmar", actor1="Myanmar military", actor2=None),
            ev(
                "B",
                place="Sagaing Region",
                precision="region",
                country="Myanmar",
                actor1="junta",
                actor2=None,
            ),
        ],
        [{"A", "B"}],
        id="a-province-placed-at-a-capital-elsewhere-holds-its-namesake-town",
    ),
    pytest.param(
        [
            ev("A", sub="Non-state actor overtakes territory", event_type="Battles"),
            ev("B", sub="Non-state actor overtakes territory", event_type="Battles"),
            ev("C", killed=12),
            ev("D", killed=12),
        ],
        [{"A", "B"}, {"C", "D"}],
        id="a-town-taken-and-an-air-strike-there-the-same-day-are-two-events",
    ),
    pytest.param(
        [
            ev("A", sub="Government regains territory", event_type="Battles"),
            ev("B", sub="Armed clash", event_type="Battles"),
        ],
        [{"A", "B"}],
        id="a-town-retaken-may-be-reported-as-the-clash-that-took-it",
    ),
    pytest.param(
        [
            ev(
                "A",
                place="Sake",
                country="DR Congo",
                actor1="FARDC",
                actor2="civilians",
                sub="Shelling/artillery/missile attack",
            ),
            ev(
                "B",
                place="Sake",
                country="DR Congo",
                actor1="M23",
                actor2="civilians",
                sub="Shelling/artillery/missile attack",
            ),
        ],
        [{"A"}, {"B"}],
        id="two-sides-shelling-civilians-in-one-town-are-not-read-crossed",
    ),
]


@pytest.mark.parametrize(("events", "expected"), CASES)
def test_hard_cases(events: list[Event], expected: list[set[str]]) -> None:
    result = merge(events)
    found = sorted(sorted(a for a, _ in e.members) for e in result.events)
    assert found == sorted(sorted(g) for g in expected)


def test_merge_takes_one_summary_alone_and_refuses_what_is_not_records() -> None:
    assert len(merge(ev("A")).events) == 1
    for bad in (None, 5, "A", [ev("A"), "B"]):
        with pytest.raises(TypeError, match="merge\\(\\) takes"):
            merge(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        pytest.param("النبطية", "Nabatieh", id="town-the-gazetteer-knows-in-latin-only"),
        pytest.param("بنت جبيل", "Bint Jbeil", id="town-no-gazetteer-knows"),
        pytest.param("مخيم جنين", "Jenin refugee camp", id="camp"),
        pytest.param("مدينة النبطية", "Nabatieh", id="city-of"),
        pytest.param("خربة سلم", "Khirbet Selm", id="construct-state-t"),
        pytest.param("السيدة زينب", "Sayyida Zeinab", id="feminine-ending-no-t"),
    ],
)
def test_a_place_in_arabic_script_is_its_latin_transliteration(arabic: str, latin: str) -> None:
    """An Arabic outlet's place name merges with the English wires' spelling of it; it used
    to block the merge as another place."""
    assert place_skeleton(fold_place_name(arabic)) == place_skeleton(fold_place_name(latin))
    same = [ev("A", place=latin, country="Lebanon"), ev("B", place=arabic, country="Lebanon")]
    assert groups(merge(same)) == {frozenset({("A", "e1"), ("B", "e1")})}
    other = [ev("A", place=latin, country="Lebanon"), ev("B", place="صور", country="Lebanon")]
    assert len(merge(other).events) == 2


def test_alias_table_joins_other_names_of_a_site() -> None:
    events = [ev("A"), ev("B", place="Green Village")]
    assert len(merge(events).events) == 2
    merged = merge(events, aliases={"Green Village": "al-Omar oil field"})
    assert [sorted(e.members) for e in merged.events] == [[("A", "e1"), ("B", "e1")]]


@pytest.mark.parametrize("spelling", ["Dahiyeh", "Dahieh", "Dahiye", "Dahiyé"])
def test_an_alias_holds_for_other_spellings_of_its_name(spelling: str) -> None:
    aliases = {"Dahiyeh": "Haret Hreik"}
    events = [
        ev("A", place="Haret Hreik", country="Lebanon", actor1="Israeli military"),
        ev("B", place=spelling, country="Lebanon", actor1="Israeli military"),
    ]
    assert len(merge(events, aliases=aliases).events) == 1


def test_an_alias_spelling_two_entries_share_is_no_alias() -> None:
    table = folded_alias_table({"Dahiyeh": "Haret Hreik", "Dahieh": "Ghobeiry"})
    assert table.get("dahiyeh") == "haret hreik"  # its own spelling still holds
    assert table.get("dahiye") is None


def test_an_alias_file_joins_other_names_of_a_site(tmp_path: Path) -> None:
    table = tmp_path / "places.yaml"
    table.write_text(
        "sites:\n  - name: al-Omar oil field\n    aliases: [Green Village]\n    country: SY\n"
        "synonyms:\n  Omar camp: al-Omar oil field\n",
        encoding="utf-8",
    )
    events = [ev("A"), ev("B", place="Green Village"), ev("C", place="Omar camp")]
    merged = merge(events, aliases=load_aliases(table))
    assert [len(e.members) for e in merged.events] == [3]
    assert merged.aliases["Green Village"] == "al-Omar oil field"


def test_cli_merges_summary_files_with_an_alias_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summaries = [
        ArticleSummary(article=Article(id=a, text=a), events=[ev(a, place=place)])
        for a, place in (("A", "al-Omar oil field"), ("B", "Green Village"))
    ]
    jsonl, table = tmp_path / "s.jsonl", tmp_path / "places.yaml"
    to_jsonl(summaries, jsonl)
    table.write_text(
        "sites:\n  - name: al-Omar oil field\n    aliases: [Green Village]\n", encoding="utf-8"
    )
    saved, csv_path = tmp_path / "merged.json", tmp_path / "acled.csv"
    argv = [
        "merge",
        str(jsonl),
        "--aliases",
        str(table),
        "-o",
        str(saved),
        "--acled",
        str(csv_path),
    ]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "2 events -> 1 incident\n" in out
    # The table names the site but gives no coordinates: the CSV row says so, and so does this.
    assert "no coordinates: " in out
    assert "'al-Omar oil field' is not in the offline" in out
    result = MergeResult.model_validate_json(saved.read_text(encoding="utf-8"))
    assert result == merge(summaries, aliases=load_aliases(table))
    assert len(csv_path.read_text(encoding="utf-8").splitlines()) == 2  # header and one row
    # Merged into the saved result, a third report joins the incident.
    third = tmp_path / "c.jsonl"
    to_jsonl([ArticleSummary(article=Article(id="C", text="c"), events=[ev("C")])], third)
    again = ["merge", str(third), "--previous", str(saved), "-o", str(saved)]
    assert cli.main(again) == 0
    assert "3 events -> 1 incident\n" in capsys.readouterr().out
    result = MergeResult.model_validate_json(saved.read_text(encoding="utf-8"))
    assert [len(e.members) for e in result.events] == [3]
    assert cli.main(["merge", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err


def test_consensus_keeps_every_source_value() -> None:
    events = [
        # The site's province, as one report states it, ties the province-only report C to it.
        ev("A", killed=6, actor1="Iran-backed militia", admin1="Deir ez-Zor"),
        ev("B", killed=7, day=-1, days=2),
        ev("C", place="Deir ez-Zor", precision="region", killed=6),
    ]
    (merged,) = merge(events).events
    assert merged.date.start == merged.date.end == DAY
    assert merged.location.name == "al-Omar oil field"
    assert merged.actor1.name == "Islamic Resistance in Iraq"
    assert (merged.fatalities.low, merged.fatalities.best, merged.fatalities.high) == (6, 6, 7)
    conflicts = {c.field: c for c in merged.conflicts}
    assert set(conflicts) == {"date", "location", "actor1", "fatalities"}
    assert [v[:2] for v in conflicts["fatalities"].values] == [
        ("A", "e1"),
        ("B", "e1"),
        ("C", "e1"),
    ]
    assert merged.members == [("A", "e1"), ("B", "e1"), ("C", "e1")]


def test_consensus_place_takes_the_province_another_report_gives() -> None:
    events = [
        ev("A", place="Tower 22", country="Jordan", lat=33.32, lon=38.69),
        ev("B", place="Tower 22", country="Jordan", admin1="Mafraq"),
    ]
    (merged,) = merge(events).events
    assert (merged.location.name, merged.location.latitude) == ("Tower 22", 33.32)
    assert (merged.location.admin1, merged.location.country_iso) == ("Mafraq", "JO")


def test_highest_event_type_in_acled_hierarchy_wins() -> None:
    events = [ev("A"), ev("B", sub="Armed clash", event_type="Battles")]
    (merged,) = merge(events).events
    assert (merged.event_type, merged.sub_event_type) == ("Battles", "Armed clash")


def test_claims_attach_to_the_merged_event_they_are_about() -> None:
    claim = Claim(
        id="c1",
        article_id="B",
        claimant=Actor(name="Islamic Resistance in Iraq"),
        kind="responsibility",
        text="claimed the drone attack",
        event_id="e1",
    )
    loose = claim.model_copy(update={"id": "c2", "event_id": None, "kind": "threat"})
    summaries = [
        ArticleSummary(article=Article(id="A", text="a"), events=[ev("A")]),
        ArticleSummary(article=Article(id="B", text="b"), events=[ev("B")], claims=[claim, loose]),
        ArticleSummary(
            article=Article(id="F", text="f"), failure=Failure(kind="timeout", message="slow")
        ),
    ]
    result = merge(summaries)
    (merged,) = result.events
    assert merged.claims == [claim]
    assert result.unattached_claims == [loose]


def _claimed(article: str, *groups: str, kind: str = "responsibility") -> list[Claim]:
    return [
        Claim(
            id=f"c{k}",
            article_id=article,
            claimant=Actor(name=group),
            kind=kind,
            text=f"{group} claimed the attack",
            event_id="e1",
        )
        for k, group in enumerate(groups)
    ]


@pytest.mark.parametrize(
    ("claims", "actors"),
    [
        pytest.param(_claimed("B", "Kataib Hezbollah"), "agree", id="claimed-by-the-same-group"),
        pytest.param(_claimed("B", "Harakat al-Nujaba"), "conflict", id="claimed-by-another"),
        pytest.param(
            _claimed("B", "Kataib Hezbollah", "Harakat al-Nujaba"), "compatible", id="rival-claims"
        ),
        pytest.param(
            _claimed("B", "Harakat al-Nujaba", kind="denial"),
            "compatible",
            id="a-denial-names-none",
        ),
        pytest.param([], "compatible", id="no-claim"),
    ],
)
def test_a_responsibility_claim_names_the_group_a_report_left_generic(
    claims: list[Claim], actors: str
) -> None:
    named = ev("A", actor1="Kataib Hezbollah")
    generic = ev("B", actor1="Iran-backed militia")
    result = merge(
        [
            ArticleSummary(article=Article(id="A", text="a"), events=[named]),
            ArticleSummary(article=Article(id="B", text="b"), events=[generic], claims=claims),
        ]
    )
    explained = result.explain(("A", "e1"), ("B", "e1"))
    verdicts = {f.field: f for f in explained.fields}
    assert verdicts["actors"].verdict == actors
    assert explained.merged == (actors != "conflict")
    for c in claims:
        if c.kind == "responsibility":
            assert c.claimant.name in verdicts["actors"].detail
    # The source events themselves are never rewritten.
    assert result.sources == [named, generic]


@pytest.mark.parametrize(
    ("first", "second", "verdict"),
    [
        pytest.param("Russia", "Russian forces", AGREE, id="country-short-name-is-its-forces"),
        pytest.param("IDF", "the Israeli military", AGREE, id="state-force-abbreviation"),
        pytest.param("IRGC", "Iranian forces", AGREE, id="guard-corps-is-the-state"),
        pytest.param("Burkinabe army", "Burkina Faso armed forces", AGREE, id="demonym"),
        pytest.param("Hamas militants", "Hamas", AGREE, id="group-and-its-fighters"),
        pytest.param("the Islamic State group", "ISIS", AGREE, id="group-word-after-a-name"),
        pytest.param("Houthi forces", "the Houthis", AGREE, id="forces-of-a-known-group"),
        pytest.param("RSF fighters", "Rapid Support Forces", AGREE, id="abbreviation-and-fighters"),
        pytest.param(
            "Iran-backed Kataib Hezbollah", "Kataib Hezbollah", AGREE, id="backer-before-a-name"
        ),
        pytest.param("Palestinians", "civilians", COMPATIBLE, id="people-of-a-country"),
        pytest.param("Arab tribal fighters", "SDF", COMPATIBLE, id="description-and-group"),
        pytest.param("Syrian National Army", "Syrian army", CONFLICT, id="rebels-named-national"),
        pytest.param("Somali National Army", "Somali troops", AGREE, id="a-states-national-army"),
        pytest.param("Israel's army", "the IDF", AGREE, id="possessive-country"),
        pytest.param("Yemen's Houthis", "Ansar Allah", AGREE, id="possessive-before-a-group"),
        pytest.param("Islamic Jihad", "Palestinian Islamic Jihad", AGREE, id="short-name"),
        pytest.param("ENDF", "Ethiopian army", AGREE, id="state-force-abbreviation-africa"),
        pytest.param("Hamas", "Palestinian Islamic Jihad", CONFLICT, id="two-named-groups"),
        pytest.param("Russia", "Ukrainian forces", CONFLICT, id="two-states"),
        pytest.param(
            "المقاومة الإسلامية في العراق", "Islamic Resistance in Iraq", AGREE, id="ar-group"
        ),
        pytest.param("القوات الأمريكية", "US forces", AGREE, id="ar-state-forces"),
        pytest.param("جيش الاحتلال الإسرائيلي", "the IDF", AGREE, id="ar-occupation-army"),
        pytest.param("عناصر داعش", "Islamic State", AGREE, id="ar-head-before-the-name"),
        pytest.param("مسلحين مجهولين", "Kataib Hezbollah", COMPATIBLE, id="ar-unknown-gunmen"),
        pytest.param("حزب الله", "حماس", CONFLICT, id="ar-two-named-groups"),
        pytest.param("حزب الله", "القوات الأمريكية", CONFLICT, id="ar-group-and-state"),
        pytest.param("RSF", "paramilitaries", COMPATIBLE, id="paramilitaries-describe"),
        pytest.param("Russian occupiers", "Russian forces", AGREE, id="occupiers-are-the-state"),
        pytest.param("Israeli occupation forces", "IDF", AGREE, id="occupation-forces"),
        pytest.param("Israeli warplanes", "the IDF", AGREE, id="warplanes-are-the-state"),
        pytest.param("Kiev regime", "Ukrainian forces", AGREE, id="capital-for-the-state"),
        pytest.param("Iran-backed Houthi terrorists", "Houthis", AGREE, id="terrorists-after"),
        pytest.param("Military Forces of Israel (2022-)", "Israel", AGREE, id="acled-state-name"),
        pytest.param(
            "JNIM: Group for Support of Islam and Muslims", "JNIM", AGREE, id="acled-label"
        ),
        pytest.param("M23: March 23 Movement", "M23", AGREE, id="acled-label-unknown-group"),
        pytest.param("AFC/M23", "March 23 Movement", AGREE, id="coalition-slash-group"),
        pytest.param("Rapid Support Forces (RSF)", "RSF", AGREE, id="abbreviation-in-brackets"),
        pytest.param("Shabaab", "al-Shabaab", AGREE, id="without-the-article"),
        pytest.param("State Administration Council", "Tatmadaw", AGREE, id="junta-by-its-name"),
        pytest.param("al Qaeda-linked militants", "JNIM", COMPATIBLE, id="linked-to-the-umbrella"),
        pytest.param(
            "Islamic State-linked militants", "ISWAP", COMPATIBLE, id="linked-to-a-province"
        ),
        pytest.param(
            "Islamic State-linked militants", "JNIM", CONFLICT, id="linked-to-another-group"
        ),
        pytest.param("al Qaeda-linked militants", "Hamas", CONFLICT, id="linked-not-a-member"),
        pytest.param("jihadists linked to al-Qaeda", "JNIM", COMPATIBLE, id="linked-to-after"),
        pytest.param(
            "militants affiliated with the Islamic State", "al-Shabaab", CONFLICT, id="affiliated"
        ),
        pytest.param("unidentified drones", "Houthis", COMPATIBLE, id="unidentified-drones"),
        pytest.param("cartel gunmen", "Sinaloa Cartel", COMPATIBLE, id="cartel-gunmen"),
        pytest.param("gang members", "G9 gang", COMPATIBLE, id="gang-members"),
        pytest.param("People's Defence Force", "Arakan Army", CONFLICT, id="pdf-is-a-group"),
        pytest.param("Baloch Liberation Army (BLA)", "BLA", AGREE, id="abbreviation-of-the-name"),
        pytest.param("ADF", "Allied Democratic Forces", AGREE, id="initials"),
        pytest.param("HTS", "Hamas", CONFLICT, id="initials-of-another-group"),
        pytest.param(
            "Military Forces of the Democratic Republic of Congo (2019-)",
            "FARDC",
            AGREE,
            id="acled-label-drc",
        ),
        pytest.param("Pakistani Taliban", "TTP", AGREE, id="ttp"),
        pytest.param("Daesh remnants", "Islamic State", AGREE, id="remnants"),
        pytest.param("l'armée malienne", "FAMa", AGREE, id="fr-state-forces"),
        pytest.param("Police nationale d'Haïti", "Haitian police", AGREE, id="fr-elision"),
        pytest.param("hommes armés", "JNIM", COMPATIBLE, id="fr-armed-men"),
        pytest.param("Ejército Nacional", "Colombian army", COMPATIBLE, id="es-national-army"),
        pytest.param("العدو الإسرائيلي", "IDF", AGREE, id="ar-the-israeli-enemy"),
        pytest.param("Rohingya civilians", "Rohingya", AGREE, id="people-and-its-civilians"),
        pytest.param("civilians", "Palestinian militants", COMPATIBLE, id="disputed-victims"),
        pytest.param("rebelles du M23", "M23", AGREE, id="fr-head-before-the-name"),
        pytest.param("disidencias de las FARC", "FARC dissidents", AGREE, id="es-head-first"),
        pytest.param("Forces armées nigériennes", "Nigerien army", AGREE, id="fr-plural-demonym"),
        pytest.param("العدوان الصهيوني", "Israeli warplanes", AGREE, id="ar-zionist-aggression"),
        pytest.param(
            "khwarij", "TTP militants", COMPATIBLE, id="pakistan-state-term-for-militants"
        ),
        pytest.param("khwarij", "Hafiz Gul Bahadur group", COMPATIBLE, id="khwarij-not-only-ttp"),
        pytest.param("civilians", "Hamas", COMPATIBLE, id="disputed-victims-named"),
        pytest.param("protesters", "militants", CONFLICT, id="protesters-are-not-fighters"),
        pytest.param("Israeli enemy", "Israeli military", AGREE, id="the-israeli-enemy-translated"),
        pytest.param("the Zionist entity", "IDF", AGREE, id="zionist-entity"),
        pytest.param("Russian aggressor", "Russian forces", AGREE, id="the-russian-aggressor"),
        pytest.param("Israeli enemy", "Hezbollah", CONFLICT, id="the-enemy-is-its-state"),
        pytest.param("G9", "Viv Ansanm", COMPATIBLE, id="haiti-gang-in-its-coalition"),
        pytest.param("G9", "GPèp", CONFLICT, id="haiti-two-gangs"),
        pytest.param("Amhara Fano", "Fano Militia", AGREE, id="fano"),
        pytest.param(
            "Jaime Martínez front", "disidencias de las FARC", COMPATIBLE, id="farc-front"
        ),
        pytest.param("EMC", "Segunda Marquetalia", CONFLICT, id="two-farc-dissident-groups"),
        pytest.param("civilians", "Ukrainian Armed Forces", COMPATIBLE, id="disputed-victims-army"),
        pytest.param("Ukrainian Armed Forces", "Hamas", CONFLICT, id="army-and-a-group"),
        pytest.param("US and UK forces", "US forces", AGREE, id="joint-strike-led-by-the-first"),
        pytest.param("American-British aggression", "US military", AGREE, id="ar-joint-strike"),
        pytest.param("U.S. Central Command forces", "US forces", AGREE, id="centcom"),
        pytest.param("CENTCOM", "American forces", AGREE, id="centcom-abbreviated"),
        pytest.param(
            "Bosnia and Herzegovina", "army of Bosnia and Herzegovina", AGREE, id="one-country-and"
        ),
        pytest.param("US and UK forces", "Ansar Allah", CONFLICT, id="joint-strike-not-a-group"),
        # French, Spanish and Portuguese descriptions are descriptions, not named groups.
        pytest.param("forces de sécurité maliennes", "Malian army", AGREE, id="fr-security-forces"),
        pytest.param("armée nigériane", "Nigerian military", AGREE, id="fr-feminine-demonym"),
        pytest.param("Ejército de Colombia", "Colombian army", AGREE, id="es-army-of-country"),
        pytest.param(
            "Fuerzas Armadas de Colombia", "Colombian troops", AGREE, id="es-armed-forces"
        ),
        pytest.param("djihadistes", "JNIM", COMPATIBLE, id="fr-djihadistes-le-monde-spelling"),
        pytest.param("des djihadistes présumés", "ISSP", COMPATIBLE, id="fr-suspected-jihadists"),
        pytest.param(
            "hommes armés non identifiés", "gunmen", COMPATIBLE, id="fr-unidentified-gunmen"
        ),
        pytest.param("hombres armados", "Clan del Golfo", COMPATIBLE, id="es-armed-men"),
        pytest.param("pandilleros", "Barrio 18", COMPATIBLE, id="es-gang-members"),
        pytest.param("la guerrilla", "ELN", COMPATIBLE, id="es-the-guerrilla"),
        pytest.param("séparatistes baloutches", "BLA", COMPATIBLE, id="fr-baloch-separatists"),
        pytest.param("élèves", "écoliers", COMPATIBLE, id="fr-two-words-for-pupils"),
        pytest.param("passagers", "passengers", COMPATIBLE, id="fr-en-passengers"),
        pytest.param("civils peuls", "Fulani civilians", COMPATIBLE, id="fr-en-fulani-civilians"),
        pytest.param("manifestantes", "protesters", COMPATIBLE, id="es-protesters"),
        pytest.param("Guardia Nacional", "National Guard", COMPATIBLE, id="es-national-guard"),
        pytest.param("l'État islamique", "ISIS", AGREE, id="fr-islamic-state"),
        pytest.param("les shebab", "al-Shabaab", AGREE, id="fr-shebab"),
        pytest.param("al-Qaida", "al-Qaeda", AGREE, id="ap-spelling-al-qaida"),
        pytest.param(
            "jihadistes présumés de Boko Haram", "Boko Haram", AGREE, id="fr-head-of-group"
        ),
        pytest.param(
            "frente 33 de las disidencias", "FARC dissidents", COMPATIBLE, id="es-farc-front"
        ),
        pytest.param("Frente 33", "Frente 36", CONFLICT, id="numbered-fronts-differ"),
        pytest.param("PNH", "Haitian police", AGREE, id="ht-police-initials"),
        pytest.param(
            "ELN guerrilla group", "Ejército de Liberación Nacional", AGREE, id="eln-head"
        ),
        pytest.param("Tuareg-led separatist rebels", "Malian army", CONFLICT, id="led-by-a-people"),
        pytest.param("Tuareg-led separatist rebels", "CSP", COMPATIBLE, id="led-description"),
        # Named groups the tables know are armed groups: a state's forces are not them.
        pytest.param("security forces", "Hezbollah", CONFLICT, id="generic-state-vs-known-group"),
        pytest.param("junta troops", "Arakan Army", CONFLICT, id="junta-vs-arakan-army"),
        pytest.param("ISWAP", "ISCAP", CONFLICT, id="two-is-provinces-alike-in-name"),
        pytest.param("Austrian troops", "Australian troops", CONFLICT, id="regular-demonyms"),
        pytest.param("Cambodian soldiers", "Cambodia's army", AGREE, id="regular-demonym-n"),
        pytest.param("Congo's army", "FARDC", AGREE, id="congo-alone-is-the-drc"),
        pytest.param(
            "Lebanese Forces", "Lebanese army", CONFLICT, id="lebanese-forces-party-militia"
        ),
        pytest.param("Kurdish forces", "SDF", COMPATIBLE, id="kurdish-forces-description"),
        pytest.param("Kurdish forces", "Turkish forces", CONFLICT, id="kurdish-forces-no-state"),
        pytest.param("al-Qaeda-linked JNIM", "JNIM", AGREE, id="sponsor-before-a-name"),
        pytest.param("the paramilitary RSF", "RSF", AGREE, id="describer-before-a-name"),
        pytest.param("Viv Ansanm coalition", "Viv Ansanm", AGREE, id="coalition-after-a-name"),
        pytest.param(
            "Three Brotherhood Alliance", "TNLA", COMPATIBLE, id="myanmar-alliance-member"
        ),
        pytest.param("ATMIS", "AMISOM", AGREE, id="au-mission-renamed"),
        pytest.param("SBU", "Ukrainian forces", AGREE, id="ukraine-security-service"),
        pytest.param("ВС РФ", "Russian forces", AGREE, id="ru-cyrillic-initials"),
        pytest.param("російські війська", "Russian troops", AGREE, id="uk-russian-troops"),
        pytest.param("Збройні сили України", "Ukrainian forces", AGREE, id="uk-armed-forces"),
        pytest.param("Russian Aerospace Forces", "Russian forces", AGREE, id="service-branch"),
        pytest.param("الجيش السوداني", "Sudanese army", AGREE, id="ar-sudanese-army"),
        pytest.param("Assad regime forces", "Syrian army", AGREE, id="leader-regime"),
        pytest.param("civilians", "protesters", COMPATIBLE, id="disputed-victims-protesters"),
        pytest.param(
            "Armée de libération du Baloutchistan (BLA)", "BLA", AGREE, id="known-name-in-brackets"
        ),
        pytest.param("pro-government militias", "Burkinabe army", COMPATIBLE, id="pro-government"),
        pytest.param("government-backed militia", "army", COMPATIBLE, id="government-backed"),
        pytest.param("IDF soldiers", "Israeli army", AGREE, id="state-initials-and-its-men"),
        pytest.param("FC personnel", "Pakistani security forces", AGREE, id="frontier-corps-men"),
        pytest.param("Azov brigade", "Ukrainian forces", AGREE, id="a-state-unit-by-its-name"),
        pytest.param("мирні жителі", "civilians", COMPATIBLE, id="uk-civilians"),
        pytest.param("мирные жители", "Ukrainian Armed Forces", COMPATIBLE, id="ru-civilians"),
        pytest.param("бойовики", "Ukrainian forces", CONFLICT, id="uk-militants-not-the-state"),
        pytest.param("russische Truppen", "Russian forces", AGREE, id="de-russian-troops"),
        pytest.param("die israelische Armee", "IDF", AGREE, id="de-israeli-army"),
        pytest.param("Zivilisten", "civilians", COMPATIBLE, id="de-civilians"),
        pytest.param("IS-Kämpfer", "ISIS", AGREE, id="de-is-fighters"),
        pytest.param("الجيش المصري", "Egyptian army", AGREE, id="ar-egyptian-army"),
        pytest.param("القوات الصومالية", "Somali forces", AGREE, id="ar-somali-forces"),
        # A name that says nothing compares as no name.
        pytest.param("", "militants", COMPATIBLE, id="empty-name"),
        pytest.param("N/A", "Hamas", COMPATIBLE, id="placeholder-name"),
        pytest.param(
            "Military Forces of Russia (2000-", "Russian forces", AGREE, id="unclosed-acled-bracket"
        ),
    ],
)
def test_actor_names_outlets_use_compare_as_the_same_actor_or_not(
    first: str, second: str, verdict: int
) -> None:
    table = ActorTable()
    a, b = table.code_for(first), table.code_for(second)
    assert table.verdicts(np.array([a]), np.array([b]))[0][0] == verdict


def test_a_cyclic_alias_table_still_folds_every_name() -> None:
    # "Alpha" -> "Beta group" -> (without "group") "Beta" -> "Alpha": one pass, no loop.
    table = ActorTable({"Alpha": "Beta group", "Beta": "Alpha"})
    assert table.profiles[table.code_for("Alpha")].key


@pytest.mark.parametrize(
    ("first", "second", "actors"),
    [
        pytest.param(
            "Islamic Resistance in Iraq", "Kataib Hezbollah", "compatible", id="umbrella-and-member"
        ),
        pytest.param(
            "Kata'ib Hizbollah", "the Islamic Resistance in Iraq", "compatible", id="spelled-member"
        ),
        pytest.param(
            "Kataib Hezbollah", "Harakat al-Nujaba", "conflict", id="two-members-of-one-umbrella"
        ),
        pytest.param("ISWAP", "Islamic State", "compatible", id="affiliate-and-parent"),
        pytest.param("ISWAP", "ISKP", "conflict", id="two-affiliates"),
        pytest.param("Qassam Brigades", "Hamas", "compatible", id="armed-wing-and-movement"),
        pytest.param("Islamic Resistance in Iraq", "Islamic State", "conflict", id="no-relation"),
    ],
)
def test_a_coalition_and_a_group_under_it_are_compatible(
    first: str, second: str, actors: str
) -> None:
    a, b = ev("A", actor1=first), ev("B", actor1=second)
    explained = merge([a, b]).explain(a, b)
    assert {f.field: f.verdict for f in explained.fields}["actors"] == actors
    assert explained.merged == (actors != "conflict")


def test_a_claim_never_overrides_the_group_a_report_names() -> None:
    named = ev("A", actor1="Kataib Hezbollah")
    # B names no target: the claimant must not fill that empty slot beside B's own group.
    other = ev("B", actor1="Kataib Hezbollah", actor2=None)
    claims = _claimed("B", "Harakat al-Nujaba")
    result = merge(
        [
            ArticleSummary(article=Article(id="A", text="a"), events=[named]),
            ArticleSummary(article=Article(id="B", text="b"), events=[other], claims=claims),
        ]
    )
    assert len(result.events) == 1


def test_explain_names_the_fields_that_blocked_or_agreed() -> None:
    result = merge([ev("A"), ev("B"), ev("C", day=2)])
    together = result.explain(("A", "e1"), ("B", "e1"))
    assert together.merged
    assert {f.field: f.verdict for f in together.fields}["location"] == "agree"
    apart = result.explain(("A", "e1"), ("C", "e1"))
    assert not apart.merged
    assert {f.field: f.verdict for f in apart.fields}["date"] == "conflict"
    assert "date" in apart.outcome
    assert "2024-02-04 vs 2024-02-06" in str(apart)


def test_explain_says_dates_a_day_apart_need_a_report_of_the_night() -> None:
    result = merge([ev("A"), ev("B"), ev("C", day=1)])
    apart = result.explain(("A", "e1"), ("C", "e1"))
    assert not apart.merged
    assert "a day apart" in apart.outcome
    assert "night" in apart.outcome
    assert not apart.can_link
    assert "never links on its own" in str(apart)
    assert "linking needs" not in str(apart)
    assert result.explain(("A", "e1"), ("B", "e1")).can_link


def test_explain_says_when_a_pair_joined_through_other_reports() -> None:
    vague = ev(
        "C",
        day=-2,
        days=7,
        place="Deir ez-Zor province",
        precision="region",
        admin1="Deir ez-Zor",
        actor1="militants",
        killed=6,
    )
    result = merge([ev("A", admin1="Deir ez-Zor"), ev("B", killed=6), vague])
    explanation = result.explain(("A", "e1"), ("C", "e1"))
    assert explanation.merged
    assert explanation.score < explanation.threshold
    assert "fits the incident its other reports describe together" in explanation.outcome
    assert {f.event for f in explanation.fits} == {("A", "e1"), ("C", "e1")}


def test_explain_says_when_a_report_fits_two_incidents_alike() -> None:
    result = merge([ev("A"), ev("A", "e2", day=1), ev("B", day=-5, days=7)])
    explanation = result.explain(("B", "e1"), ("A", "e1"))
    assert not explanation.merged
    # A/e1 alone would join the week report, which fits A/e2's incident as well.
    assert "B/e1, a report on its own" in explanation.outcome
    assert "B/e1 gives the incident of A/e1 50% of its evidence" in explanation.outcome
    assert "only with 60% of it or more" in explanation.outcome
    (week,) = [f for f in explanation.fits if f.event == ("B", "e1")]
    assert week.share == pytest.approx(0.5, abs=0.01)


def _date_weight(events: list[Event], a: int, b: int) -> float:
    columns = columns_from_events(events, resolve_locations(events, {}), {})
    return float(score_pairs(columns, np.array([a]), np.array([b])).weights[1, 0])


def test_a_vague_report_counts_for_more_at_a_site_with_one_incident() -> None:
    week = ev("W", day=0, days=7)
    lone = _date_weight([ev("A", day=2), week], 0, 1)
    busy = _date_weight([ev("A", day=2), week, ev("B", day=4)], 0, 1)
    assert lone > busy
    # Spellings of one site on one day are one incident.
    spelled = [ev("A", day=2), week, ev("B", day=2, place="al-Umar oil field")]
    assert _date_weight(spelled, 0, 1) == lone


def test_a_day_report_fits_a_night_better_by_its_morning_than_its_evening() -> None:
    night = ev("N", day=-1, days=2, night=True)
    assert _date_weight([night, ev("A", day=0)], 0, 1) > _date_weight(
        [night, ev("A", day=-1)], 0, 1
    )


@pytest.mark.parametrize(
    ("expression", "edge"),
    [
        ("late Sunday", 1),
        ("Sunday evening", 1),
        ("late on Sunday night", 1),
        ("shortly before midnight on Sunday", 1),
        ("early Monday", -1),
        ("in the early hours of Monday", -1),
        ("early Monday morning", -1),
        ("before dawn on Monday", -1),
        ("shortly after midnight", -1),
        ("فجر الاثنين", -1),
        ("mardi soir", 1),
        ("la madrugada del lunes", -1),
        ("вчора ввечері", 1),
        ("Monday morning", 0),
        ("late Monday morning", 0),
        ("early Monday afternoon", 0),
        ("earlier on Monday", 0),
        ("later on Monday", 0),
        ("Monday", 0),
    ],
)
def test_the_edges_of_a_day_that_may_lie_across_midnight(expression: str, edge: int) -> None:
    date = EventDate(start=DAY, end=DAY, precision="day", expression=expression)
    assert edge_of_day(date) == edge


def test_a_late_evening_and_the_small_hours_merge_with_both_dates_kept() -> None:
    late, early = ev("A", said="late Sunday"), ev("B", day=1, said="early Monday")
    result = merge([late, early])
    (merged,) = result.events
    assert (merged.date.start, merged.date.end) == (DAY, DAY + dt.timedelta(1))
    (conflict,) = [c for c in merged.conflicts if c.field == "date"]
    assert len(conflict.values) == 2
    assert '"late Sunday"' in str(result.explain(late, early))


def test_to_pandas_has_acled_like_columns() -> None:
    frame = merge([ev("A", killed=6), ev("B", killed=7)]).to_pandas()
    row = frame.iloc[0]
    assert row["n_sources"] == 2
    assert row["source"] == "A;B"
    assert row["fatalities"] == 6
    assert (row["low"], row["best"], row["high"]) == (6, 6, 7)
    assert row["conflicts"] == "fatalities"
    assert row["time_precision"] == 1


def test_result_round_trips_through_json() -> None:
    result = merge([ev("A", killed=6), ev("B", killed=7), ev("C", day=1)])
    assert MergeResult.model_validate_json(result.model_dump_json()) == result


def test_conflicting_duplicates_are_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        merge([ev("A"), ev("A", killed=3)])


def test_re_summarized_article_replaces_its_earlier_events() -> None:
    first = merge([ev("A"), ev("B")])
    again = merge([ev("B", day=1)], previous=first)
    assert groups(again) == groups(merge([ev("A"), ev("B", day=1)]))


def _imported_modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            # "from conflictsum import places" imports conflictsum.places.
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def test_merge_layer_imports_no_llm_client() -> None:
    allowed = (
        "conflictsum.models",
        "conflictsum._types",
        "conflictsum.dates",
        "conflictsum.places",
        "conflictsum.merge",
        # Lazily, for the MergeResult conveniences (to_pandas, to_acled_csv, _repr_html_):
        # both are pure layers over the models.
        "conflictsum.export",
        "conflictsum.report",
    )
    for path in MERGE_SRC.glob("*.py"):
        for name in _imported_modules(ast.parse(path.read_text())):
            assert name.split(".")[0] not in {"openai", "instructor"}, f"{path.name}: {name}"
            if name.startswith("conflictsum."):
                assert name.startswith(allowed), f"{path.name} imports {name}"


# ---- properties -------------------------------------------------------------------

PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def keys_of(events: list[Event]) -> list[tuple[str, str]]:
    return sorted((e.article_id, e.id) for e in events)


@PROPERTY_SETTINGS
@given(events=event_lists(), seed=st.integers(0, 2**16))
def test_any_order_gives_the_same_clusters(events: list[Event], seed: int) -> None:
    shuffled = list(events)
    random.Random(seed).shuffle(shuffled)
    assert merge(shuffled) == merge(events)


@PROPERTY_SETTINGS
@given(events=event_lists())
def test_merging_a_result_again_changes_nothing(events: list[Event]) -> None:
    result = merge(events)
    assert merge(result) == result
    assert merge(events, previous=result) == result


@PROPERTY_SETTINGS
@given(events=event_lists())
def test_no_record_is_lost_and_none_is_duplicated(events: list[Event]) -> None:
    result = merge(events)
    members = [m for e in result.events for m in e.members]
    assert sorted(members) == keys_of(events)
    assert keys_of(result.sources) == keys_of(events)


@PROPERTY_SETTINGS
@given(events=event_lists(max_events=4))
def test_events_of_one_article_never_share_a_cluster(events: list[Event]) -> None:
    for merged in merge(events).events:
        articles = [a for a, _ in merged.members]
        assert len(articles) == len(set(articles))


@PROPERTY_SETTINGS
@given(events=event_lists())
def test_every_pair_in_a_cluster_is_compatible(events: list[Event]) -> None:
    result = merge(events)
    rows = {k: r for r, k in enumerate(keys_of(result.sources))}
    resolved = resolve_locations(result.sources, {})
    columns = columns_from_events(result.sources, resolved, {}, claimants(result.claims))
    for merged in result.events:
        idx = [rows[m] for m in merged.members]
        i, j = np.triu_indices(len(idx), k=1)
        pairs = score_pairs(columns, np.array(idx)[i], np.array(idx)[j])
        assert pairs.compatible.all()
        # Plain dates a day apart share an incident only with a report of the night between.
        nights = {
            int(columns.start[r])
            for r in idx
            if columns.night[r] and columns.end[r] - columns.start[r] == 1
        }
        for a, b in zip(np.array(idx)[i], np.array(idx)[j], strict=True):
            if next_day_pairs(columns, np.array([a]), np.array([b]))[0]:
                assert min(int(columns.start[a]), int(columns.start[b])) in nights
        # Pairwise-overlapping intervals share a day, which the consensus date lies in.
        assert merged.date.start <= merged.date.end


@PROPERTY_SETTINGS
@given(events=event_lists(), at_sea=st.sets(st.integers(0, 11)))
def test_blocking_finds_every_pair_the_scorer_allows(events: list[Event], at_sea: set[int]) -> None:
    # Some reports placed at sea, in no country, as shipping attacks are.
    events = [
        e.model_copy(update={"location": Location(name="Gulf of Aden", precision="exact")})
        if k in at_sea
        else e
        for k, e in enumerate(events)
    ]
    resolved = resolve_locations(events, {})
    columns = columns_from_events(events, resolved, {})
    i, j = np.triu_indices(len(events), k=1)
    allowed = score_pairs(columns, i, j).compatible
    found = set(zip(*candidate_pairs(columns), strict=True))
    assert {(int(a), int(b)) for a, b in zip(i[allowed], j[allowed], strict=True)} <= found


@PROPERTY_SETTINGS
@given(events=event_lists(), cut=st.integers(0, 6))
def test_incremental_merge_equals_merging_everything_at_once(events: list[Event], cut: int) -> None:
    early = [e for e in events if int(e.article_id[3:]) < cut]
    late = [e for e in events if int(e.article_id[3:]) >= cut]
    assert merge(late, previous=merge(early)) == merge(events)


@PROPERTY_SETTINGS
@given(events=event_lists(), seed=st.integers(0, 2**16), cut=st.integers(0, 6))
def test_a_night_dated_two_ways_merges_alike_in_any_order_and_increment(
    events: list[Event], seed: int, cut: int
) -> None:
    night = [
        ev("A", said="on Sunday"),
        ev("B", day=1, said="on Monday"),
        ev("C", days=2, night=True),
    ]
    everything = night + events
    shuffled = list(everything)
    random.Random(seed).shuffle(shuffled)
    at_once = merge(everything)
    assert merge(shuffled) == at_once
    assert merge(at_once) == at_once
    # A later batch replaces whole articles: split by article, in the shuffled order.
    first = list(dict.fromkeys(e.article_id for e in shuffled))[:cut]
    early = [e for e in shuffled if e.article_id in first]
    late = [e for e in shuffled if e.article_id not in first]
    assert merge(late, previous=merge(early)) == at_once


def test_merged_ids_depend_on_members_only() -> None:
    a = merge([ev("A"), ev("B")]).events[0].id
    b = merge([ev("B"), ev("A"), ev("C", day=3)]).events
    assert a in {e.id for e in b}


def test_result_shows_itself_in_notebooks_and_exports_to_acled() -> None:
    result = merge([ev("A", killed=6), ev("B", killed=7)])
    html = result._repr_html_()
    assert "<table" in html
    assert "fatalities" in html
    # The oil field is in no gazetteer and no alias table was given: no coordinates.
    with pytest.warns(ExportWarning, match="1 exported event.* no coordinates"):
        csv_text = result.to_acled_csv()
    assert csv_text.splitlines()[0].startswith("event_id_cnty,event_date")


@pytest.mark.parametrize(
    ("killed", "sign"),
    [
        pytest.param(6, 1, id="the-figure-the-others-give-counts-for"),
        pytest.param(2, -1, id="an-early-undercount-counts-against"),
        pytest.param(None, 0, id="no-figure-says-nothing"),
    ],
)
def test_a_toll_is_weighed_against_what_the_incident_reports_say_together(
    killed: int | None, sign: int
) -> None:
    result = merge([ev("A", killed=6), ev("B", killed=6), ev("C", killed=killed)])
    fits = {(f.event, f.incident): f for f in result.explain(("C", "e1"), ("A", "e1")).fits}
    (fit,) = [f for (event, _), f in fits.items() if event == ("C", "e1")]
    assert np.sign(round(fit.parts["fatalities"], 6)) == sign


def test_rockets_for_a_drone_strike_fit_better_than_a_grenade_does() -> None:
    # Witnesses cannot tell incoming rockets from drones; nobody mistakes a grenade for one.
    def type_fit(sub: str) -> float:
        result = merge([ev("A"), ev("B"), ev("C", sub=sub)])
        fits = result.explain(("C", "e1"), ("A", "e1")).fits
        (fit,) = [f for f in fits if f.event == ("C", "e1")]
        return fit.parts["event_type"]

    assert type_fit("Shelling/artillery/missile attack") > type_fit("Grenade") + 1.0


def _published(article: str, day: int, *events: Event) -> ArticleSummary:
    return ArticleSummary(
        article=Article(id=article, text=article, published=DAY + dt.timedelta(day)),
        events=list(events),
    )


def test_a_toll_a_later_article_revised_is_superseded() -> None:
    first = _published("A", 1, ev("A", killed=2))
    later = _published("B", 2, ev("B", killed=19))
    same_day = _published("C", 2, ev("C", killed=17))
    result = merge([first, later, same_day])
    (merged,) = result.events
    # The latest reports give low and best (the more conservative of the two); high keeps
    # every report's figure, and the conflict lists each source's.
    assert (merged.fatalities.low, merged.fatalities.best, merged.fatalities.high) == (17, 17, 19)
    (conflict,) = [c for c in merged.conflicts if c.field == "fatalities"]
    assert [v[0] for v in conflict.values] == ["A", "B", "C"]
    assert result.published == {
        "A": first.article.published,
        "B": later.article.published,
        "C": same_day.article.published,
    }
    # Saved and merged again, or merged in parts, the publication dates are kept.
    again = MergeResult.model_validate_json(result.model_dump_json())
    assert merge([], previous=again) == result
    assert merge([later, same_day], previous=merge([first])) == result


def test_without_publication_dates_the_lowest_figures_stand() -> None:
    (merged,) = merge([ev("A", killed=2), ev("B", killed=19)]).events
    assert (merged.fatalities.low, merged.fatalities.best, merged.fatalities.high) == (2, 2, 19)


def _with_toll(event: Event, count: Count) -> Event:
    return event.model_copy(update={"fatalities": count})


@pytest.mark.parametrize(
    ("count", "allowed"),
    [
        pytest.param(Count.exact(6), (6, 6), id="one-figure"),
        pytest.param(Count(low=3, best=5, high=8), (3, 8), id="low-best-high"),
        pytest.param(Count(high=85), (0, 85), id="only-a-ceiling-up-to"),
        pytest.param(Count(low=101), (101, OPEN_TOLL), id="only-a-floor-at-least"),
        pytest.param(Count(best=12), (12, 12), id="only-a-best"),
        pytest.param(Count(low=12, high=20), (12, 20), id="low-and-high"),
        pytest.param(Count(), None, id="no-figure"),
    ],
)
def test_a_count_allows_the_tolls_its_figures_leave_open(
    count: Count, allowed: tuple[int, int] | None
) -> None:
    assert count_range(count) == allowed


def test_a_floor_is_no_exact_toll_and_a_ceiling_no_best() -> None:
    # "At least 12 killed", then 200 once the rubble is cleared: one incident, though 200 is
    # past the growth a first figure of 12 allows.
    floor = merge([ev("A", killed=200), _with_toll(ev("B"), Count(low=12))])
    (merged,) = floor.events
    assert (merged.fatalities.low, merged.fatalities.best, merged.fatalities.high) == (12, 12, 200)
    assert "at least 12" in str(floor.explain(("A", "e1"), ("B", "e1")))
    # "Fewer than 100" (a ceiling) beside 274: the ceiling gives no low or best.
    ceiling = merge([ev("A", killed=274), _with_toll(ev("B"), Count(high=99))])
    (merged,) = ceiling.events
    assert (merged.fatalities.low, merged.fatalities.best, merged.fatalities.high) == (
        274,
        274,
        274,
    )
    assert "up to 99" in str(ceiling.explain(("A", "e1"), ("B", "e1")))
    (alone,) = merge([_with_toll(ev("B"), Count(high=99))]).events
    assert (alone.fatalities.low, alone.fatalities.best, alone.fatalities.high) == (None, None, 99)


@pytest.mark.parametrize("floor", [pytest.param(n, id=f"at-least-{n}") for n in (12, 30, 50)])
def test_a_floor_joins_the_incident_with_the_higher_toll(floor: int) -> None:
    # Two incidents in Kharkiv that day, one of 80-85 dead, one of 2-3. "At least N" fits
    # the larger: a floor allows any higher toll and rules out a lower one.
    at = {"place": "Kharkiv", "country": "Ukraine", "actor1": "Russian forces", "actor2": None}
    result = merge(
        [
            ev("A", killed=85, **at),
            ev("A2", killed=80, **at),
            ev("C", killed=2, **at),
            ev("C2", killed=3, **at),
            _with_toll(ev("B", **at), Count(low=floor)),
        ]
    )
    assert groups(result) == {
        frozenset({("A", "e1"), ("A2", "e1"), ("B", "e1")}),
        frozenset({("C", "e1"), ("C2", "e1")}),
    }


def test_outlet_names_survive_a_saved_result_and_previous_merges() -> None:
    def told(article: str, outlet: str, killed: int) -> ArticleSummary:
        return ArticleSummary(
            article=Article(id=article, text=article, source=outlet),
            events=[ev(article, killed=killed)],
        )

    reuters, ap = told("r", "Reuters", 6), told("a", "AP", 7)
    at_once = merge([reuters, ap])
    saved = MergeResult.model_validate_json(merge([reuters]).model_dump_json())
    in_parts = merge([ap], previous=saved)
    assert in_parts == at_once
    assert in_parts.outlets == {"a": "AP", "r": "Reuters"}
    # Exported without the summaries, the outlets still name the sources.
    with pytest.warns(ExportWarning):
        text = in_parts.to_acled_csv()
    assert ",AP;Reuters," in text
    assert "Sources disagree on fatalities: AP 7, Reuters 6." in text


def test_explain_says_when_the_sides_were_compared_crossed() -> None:
    # One clash, its sides named in the other order: merged, and explain says how.
    result = merge(
        [
            ev(
                "A",
                actor1="Hezbollah",
                actor2="Israeli military",
                sub="Armed clash",
                event_type="Battles",
            ),
            ev("B", actor1="IDF", actor2="Hezbollah", sub="Armed clash", event_type="Battles"),
        ]
    )
    assert len(result.events) == 1
    assert "(compared crossed)" in str(result.explain(("A", "e1"), ("B", "e1")))
    straight = merge([ev("A"), ev("B")])
    assert "compared crossed" not in str(straight.explain(("A", "e1"), ("B", "e1")))


def test_explain_names_events_by_article_and_id() -> None:
    result = merge([ev("A"), ev("B")])
    with pytest.raises(TypeError, match=r"\(article_id, event_id\) tuple, not 'e1'"):
        result.explain("e1", ("B", "e1"))  # type: ignore[arg-type]


def test_a_claimed_attack_is_coded_to_the_group_that_claimed_it() -> None:
    claim = Claim(
        id="c1",
        article_id="B",
        claimant=Actor(name="ISKP", kind="Rebel group"),
        kind="responsibility",
        text="ISKP claimed the bombing",
        event_id="e1",
    )
    result = merge(
        [
            ArticleSummary(
                article=Article(id="A", text="a"),
                events=[ev("A", place="Kabul", country="Afghanistan", actor1="unknown attackers")],
            ),
            ArticleSummary(
                article=Article(id="B", text="b"),
                events=[ev("B", place="Kabul", country="Afghanistan", actor1="suicide bomber")],
                claims=[claim],
            ),
        ]
    )
    (merged,) = result.events
    assert merged.actor1.name == "ISKP"
    # The sources' own words stay in the record of what they said.
    assert {e.actor1.name for e in result.sources} == {"unknown attackers", "suicide bomber"}


@pytest.mark.parametrize(
    ("country", "verdict"),
    [
        pytest.param("MZ", AGREE, id="mozambique-by-code"),
        pytest.param("Mozambique", AGREE, id="mozambique-by-name"),
        pytest.param("Somalia", CONFLICT, id="somalia"),
        pytest.param(None, CONFLICT, id="country-unknown"),
    ],
)
def test_a_name_can_mean_another_group_in_one_country(country: str | None, verdict: int) -> None:
    table = ActorTable()
    shabaab = table.code(Actor(name="al-Shabaab"), country)
    ism = table.code(Actor(name="Islamic State Mozambique Province"), country)
    codes, _ = table.verdicts(np.array([shabaab]), np.array([ism]))
    assert codes[0] == verdict
