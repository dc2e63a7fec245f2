"""Exports: pandas frames, lossless JSON lines, and ACLED-style CSV with its conventions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictsum as cs
from conflictsum.demo import run_demo
from conflictsum.export import (
    ACLED_COLUMNS,
    EVENT_COLUMNS,
    ExportWarning,
    acled_export,
    claims_to_pandas,
    conflict_value_text,
    disorder_type,
    event_date,
    events_to_pandas,
    from_jsonl,
    summaries_to_pandas,
    time_precision,
    to_acled_csv,
    to_jsonl,
)
from conflictsum.merge import merge
from conflictsum.models import (
    Actor,
    Article,
    ArticleSummary,
    Claim,
    Conflict,
    Count,
    Dropped,
    Event,
    EventDate,
    Evidence,
    Failure,
    Location,
    MergedEvent,
    Usage,
)

from .strategies import events as event_strategy

DAY = dt.date(2024, 2, 4)
OMAR = Location(
    name="al-Omar oil field",
    country="Syria",
    admin1="Deir ez-Zor",
    precision="exact",
    latitude=35.00012345,
    longitude=40.56,
)


def event(article_id: str, event_id: str = "e1", **fields: Any) -> Event:
    values: dict[str, Any] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "date": EventDate(start=DAY, end=DAY, precision="day"),
        "location": OMAR,
        "actor1": Actor(name="Islamic Resistance in Iraq", kind="Political militia"),
        "actor2": Actor(name="Syrian Democratic Forces", kind="Rebel group"),
        "fatalities": Count.exact(6),
        "summary": "A drone struck the al-Omar base.",
    }
    values.update(fields)
    return Event(id=event_id, article_id=article_id, **values)


def summary(article_id: str, source: str, events: list[Event], **fields: Any) -> ArticleSummary:
    article = Article(id=article_id, text="A drone struck the base.", source=source)
    return ArticleSummary(article=article, events=events, **fields)


@pytest.fixture(scope="module")
def seeds() -> list[ArticleSummary]:
    return run_demo()


# JSON lines ---------------------------------------------------------------------------------


def test_jsonl_round_trips_the_seed_summaries(seeds: list[ArticleSummary], tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    assert to_jsonl(seeds, path) == len(seeds)
    back = from_jsonl(path)
    assert [s.model_dump() for s in back] == [s.model_dump() for s in seeds]


def test_jsonl_round_trips_failures_dropped_items_and_claims(tmp_path: Path) -> None:
    failed = ArticleSummary(
        article=Article(id="x", text="t", published=DAY, url="https://example.org/a"),
        failure=Failure(kind="validation", message="no", attempts=3, usage=Usage(requests=3)),
        dropped=[Dropped(kind="event", index=0, reasons=["bad"], item={"a": [1, None, 2.5]})],
        notes=["1 event dropped"],
    )
    claim = Claim(
        id="c1",
        article_id="a",
        claimant=Actor(name="IRI"),
        kind="responsibility",
        text="claimed",
        event_id="e1",
        date=DAY,
        evidence=[Evidence(quote="A drone", start=0, end=7)],
    )
    ok = summary("a", "Reuters", [event("a")], claims=[claim])
    path = tmp_path / "x.jsonl"
    to_jsonl([failed, ok], path)
    assert [s.model_dump() for s in from_jsonl(path)] == [failed.model_dump(), ok.model_dump()]


# Line and paragraph separators, carriage returns, NUL and astral characters inside strings
# must never split a record.
# Lone surrogates are not text a record can hold (test_bad_input).
AWKWARD_TEXT = st.text(
    alphabet=st.sampled_from(["a", " ", "\n", "\r", "\u2028", "\u2029", "\x85", "\x00", "“", "😀"])
    | st.characters(codec="utf-8"),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(
    text=AWKWARD_TEXT,
    source=st.none() | st.text(st.characters(codec="utf-8")),
    ev=event_strategy("a", "e1"),
)
def test_jsonl_is_lossless_for_any_text(text: str, source: str | None, ev: Event) -> None:
    record = ArticleSummary(
        article=Article(id="a", text=text, source=source), events=[ev.model_copy()]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.jsonl"
        to_jsonl([record, record], path)
        back = from_jsonl(path)
    assert [s.model_dump() for s in back] == [record.model_dump()] * 2


def test_from_jsonl_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = summary("a", "Reuters", []).model_dump_json()
    path.write_text(f'{good}\n\n{{"article": 3}}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:3: not an ArticleSummary \(1 errors"):
        from_jsonl(path)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        pytest.param("event_id_cnty,event_date\n", "not JSON; expected JSON lines", id="csv"),
        pytest.param(
            merge([event("a")]).model_dump_json() + "\n",
            "this is a saved merge result .* with --previous",
            id="a-merge-result",
        ),
    ],
)
def test_from_jsonl_says_what_a_wrong_file_is(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "wrong.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"wrong\.jsonl:1: {says}") as raised:
        from_jsonl(path)
    assert "errors.pydantic.dev" not in str(raised.value)


# Vocabulary mappings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected", "tp"),
    [
        pytest.param(DAY, DAY, "day", DAY, 1, id="day-is-itself"),
        pytest.param(DAY, DAY + dt.timedelta(1), "days", DAY, 2, id="night-is-its-evening"),
        pytest.param(
            dt.date(2024, 2, 3), dt.date(2024, 2, 4), "days", dt.date(2024, 2, 3), 2, id="weekend"
        ),
        pytest.param(
            dt.date(2024, 1, 29), dt.date(2024, 2, 4), "week", dt.date(2024, 2, 1), 2, id="week"
        ),
        pytest.param(
            dt.date(2024, 1, 1), dt.date(2024, 1, 31), "month", dt.date(2024, 1, 15), 3, id="jan"
        ),
        pytest.param(
            dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month", dt.date(2024, 2, 15), 3, id="feb"
        ),
        pytest.param(
            dt.date(2024, 1, 20),
            dt.date(2024, 2, 9),
            "month",
            dt.date(2024, 1, 30),
            3,
            id="month-long-span-is-its-middle",
        ),
        pytest.param(
            dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year", None, None, id="year-has-no-date"
        ),
    ],
)
def test_event_date_follows_acled(
    start: dt.date, end: dt.date, precision: Any, expected: dt.date | None, tp: int | None
) -> None:
    date = EventDate(start=start, end=end, precision=precision)
    assert (event_date(date), time_precision(date)) == (expected, tp)


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
        ("Violence against civilians", "Abduction/forced disappearance", "Political violence"),
        ("Riots", "Mob violence", "Political violence"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Protest with intervention", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Strategic developments", "Arrests", "Strategic developments"),
    ],
)
def test_disorder_type_is_derived_as_acled_does(
    event_type: str, sub_event_type: str, expected: str
) -> None:
    assert disorder_type(event_type, sub_event_type) == expected


@pytest.mark.parametrize(
    ("actor1", "actor2", "codes"),
    [
        pytest.param(
            Actor(name="IRI", kind="Political militia"),
            Actor(name="SDF", kind="Rebel group"),
            ("3", "2", "23"),
            id="lowest-code-first",
        ),
        pytest.param(
            Actor(name="Army", kind="State forces"), None, ("1", "", "10"), id="one-sided"
        ),
        pytest.param(
            Actor(name="Gunmen", kind="Political militia"),
            Actor(name="Villagers", kind="Civilians"),
            ("3", "7", "37"),
            id="civilians-are-actor2",
        ),
        pytest.param(
            Actor(name="Unknown"),
            Actor(name="SDF", kind="Rebel group"),
            ("", "2", ""),
            id="unknown",
        ),
    ],
)
def test_inter_codes_and_interaction(
    actor1: Actor, actor2: Actor | None, codes: tuple[str, str, str]
) -> None:
    row = acled_export([event("a", actor1=actor1, actor2=actor2)]).rows[0]
    assert (row["inter1"], row["inter2"], row["interaction"]) == codes


def test_conflict_values_read_as_a_reader_writes_them() -> None:
    assert conflict_value_text({"low": 6, "best": 6, "high": 6}) == "6"
    assert conflict_value_text({"low": 6, "best": 7, "high": 9}) == "6-9, best 7"
    assert conflict_value_text({"low": None, "best": None, "high": None}) == "no figure"
    assert conflict_value_text({"start": "2024-02-04", "end": "2024-02-05"}) == (
        "2024-02-04..2024-02-05"
    )
    assert conflict_value_text(None) == "not given"
    assert conflict_value_text(True) == "yes"


# ACLED CSV ------------------------------------------------------------------------------------


def _parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_acled_csv_of_a_merged_event_cites_every_source_and_keeps_the_disagreement() -> None:
    claim = Claim(
        id="c1",
        article_id="a",
        claimant=Actor(name="Islamic Resistance in Iraq"),
        kind="responsibility",
        text="The group claimed the strike.",
        event_id="e1",
    )
    summaries = [
        summary("a", "Reuters", [event("a", fatalities=Count.exact(6))], claims=[claim]),
        summary("b", "AP", [event("b", fatalities=Count.exact(7))]),
    ]
    result = merge(summaries)
    assert len(result.events) == 1
    text = to_acled_csv(result, articles=summaries)
    assert text.splitlines()[0].split(",") == [c.name for c in ACLED_COLUMNS]
    (row,) = _parse(text)
    assert row["source"] == "AP;Reuters"
    assert row["fatalities"] == "6"  # ACLED: the lowest credible figure
    assert (row["low"], row["best"], row["high"]) == ("6", "6", "7")
    assert row["event_date"] == "2024-02-04"
    assert row["year"] == "2024"
    assert row["time_precision"] == "1"
    assert row["geo_precision"] == "1"
    assert row["disorder_type"] == "Political violence"
    assert (row["country"], row["iso"]) == ("Syria", "760")  # ACLED's numeric ISO 3166
    assert (row["latitude"], row["longitude"]) == ("35.0001", "40.5600")
    assert row["civilian_targeting"] == ""
    assert row["notes"] == (
        "A drone struck the al-Omar base. Sources disagree on fatalities: Reuters 6, AP 7. "
        "Claims: Islamic Resistance in Iraq (responsibility): The group claimed the strike."
    )


def test_columns_acled_has_but_the_records_cannot_fill_stay_empty() -> None:
    unfilled = {c.name for c in ACLED_COLUMNS if not c.filled}
    assert unfilled == {
        "assoc_actor_1",
        "assoc_actor_2",
        "region",
        "admin2",
        "admin3",
        "source_scale",
        "tags",
        "timestamp",
    }
    assert all(c.description.startswith("not filled") for c in ACLED_COLUMNS if not c.filled)
    rows = acled_export([event("a"), event("b", actor2=None)]).rows
    assert all(row[name] == "" for row in rows for name in unfilled)


def test_civilian_targeting_uses_acleds_text() -> None:
    row = acled_export(
        [
            event(
                "a",
                event_type="Violence against civilians",
                sub_event_type="Attack",
                actor2=Actor(name="Villagers", kind="Civilians"),
                civilian_targeting=True,
            )
        ]
    ).rows[0]
    assert row["civilian_targeting"] == "Civilian targeting"


def test_rows_acled_would_not_record_are_reported_never_dropped_silently(tmp_path: Path) -> None:
    year = EventDate(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), precision="year")
    country = Location(name="Yemen", country="Yemen", precision="country")
    records = [event("a"), event("b", date=year), event("c", location=country)]
    export = acled_export(records)
    assert [s.id for s in export.skipped] == ["e1", "e1"]
    assert "ACLED records nothing vaguer than a month" in export.skipped[0].reason
    assert "country-level" in export.skipped[1].reason
    path = tmp_path / "acled.csv"
    with pytest.warns(ExportWarning, match=r"2 event\(s\) not exported") as caught:
        text = to_acled_csv(records, path)
    assert "Yemen" in str(caught[0].message)
    assert path.read_text(encoding="utf-8") == text
    assert len(_parse(text)) == 1


def test_country_level_rows_can_be_kept_with_a_note() -> None:
    country = Location(name="Yemen", country="Yemen", precision="country")
    export = acled_export([event("c", location=country)], include_country_level=True)
    (row,) = export.rows
    assert not export.skipped
    assert row["geo_precision"] == "3"
    assert row["notes"].endswith("ACLED would not record this event.]")


def test_flat_events_and_summaries_export_too() -> None:
    claim = Claim(
        id="c1", article_id="a", claimant=Actor(name="SDF"), kind="casualty_report",
        text="Six fighters were killed.", event_id="e1",
    )  # fmt: skip
    s = summary("a", "CBS", [event("a")], claims=[claim])
    from_events = acled_export([event("a")]).rows[0]
    from_summary = acled_export([s]).rows[0]
    assert from_events["source"] == "a"  # no outlet known: the article id
    assert from_summary["source"] == "CBS"
    assert from_summary["notes"].endswith(
        "Claims: SDF (casualty_report): Six fighters were killed."
    )


def test_wrong_records_are_refused() -> None:
    with pytest.raises(TypeError, match="not a single one"):
        acled_export(summary("a", "CBS", []))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not str"):
        acled_export(["e1"])  # type: ignore[list-item]


def test_seed_export_keeps_the_located_events(seeds: list[ArticleSummary]) -> None:
    result = merge(seeds)
    export = acled_export(result, articles=seeds)
    assert len(export.rows) + len(export.skipped) == len(result.events)
    located = {r["location"] for r in export.rows}
    assert any("Omar" in name for name in located)
    assert all(r["source"].endswith(".txt") for r in export.rows)
    assert all(r["time_precision"] in {"1", "2", "3"} for r in export.rows)
    assert all(r["geo_precision"] in {"1", "2", "3"} for r in export.rows)


# pandas ---------------------------------------------------------------------------------------


def test_events_frame_has_one_typed_row_per_merged_event(seeds: list[ArticleSummary]) -> None:
    result = merge(seeds)
    frame = events_to_pandas(result, articles=seeds)
    assert list(frame.columns) == [c.name for c in EVENT_COLUMNS]
    assert len(frame) == len(result.events)
    assert list(frame["event_id_cnty"]) == [e.id for e in result.events]
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    assert str(frame["time_precision"].dtype) == "Int64"
    assert frame["civilian_targeting"].dtype == bool
    assert frame["fatalities"].dtype == "int64"
    assert frame["article_id"].isna().all()
    assert (frame["n_sources"] >= 1).all()
    assert events_to_pandas(result.events, articles=seeds).equals(frame)


def test_events_frame_of_source_events_keeps_vague_dates_as_empty_acled_fields() -> None:
    year = EventDate(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), precision="year")
    frame = events_to_pandas([event("a"), event("b", date=year)])
    assert list(frame["article_id"]) == ["a", "b"]
    assert frame["event_date"].iloc[0] == pd.Timestamp(DAY)
    assert pd.isna(frame["event_date"].iloc[1])
    assert pd.isna(frame["time_precision"].iloc[1])
    assert frame["date_prec"].iloc[1] == 5  # UCDP: a year
    assert frame["date_start"].iloc[1] == pd.Timestamp(dt.date(2023, 1, 1))


def test_empty_frames_keep_their_columns() -> None:
    assert list(events_to_pandas([]).columns) == [c.name for c in EVENT_COLUMNS]
    assert len(claims_to_pandas([]).columns) == 12
    assert len(summaries_to_pandas([])) == 0


def test_claims_and_summaries_frames(seeds: list[ArticleSummary]) -> None:
    claims = claims_to_pandas(seeds)
    assert len(claims) == sum(len(s.claims) for s in seeds)
    assert set(claims["source"]) == {s.article.source for s in seeds}
    assert set(claims["kind"]) <= {
        "responsibility", "denial", "accusation", "threat", "casualty_report",
        "justification", "statement",
    }  # fmt: skip
    result = merge(seeds)
    attached = claims_to_pandas(result.events)
    assert len(attached) == sum(len(e.claims) for e in result.events)

    failed = ArticleSummary(
        article=Article(id="x", text="t"), failure=Failure(kind="timeout", message="slow")
    )
    frame = summaries_to_pandas([*seeds, failed])
    assert list(frame["ok"]) == [True] * len(seeds) + [False]
    assert frame["failure_kind"].iloc[-1] == "timeout"
    assert frame["n_events"].sum() == sum(len(s.events) for s in seeds)
    assert frame["total_tokens"].iloc[0] == seeds[0].usage.total_tokens


def test_public_names() -> None:
    assert cs.to_acled_csv is to_acled_csv
    assert cs.events_to_pandas is events_to_pandas
    assert cs.from_jsonl is from_jsonl


def test_merged_event_notes_name_each_sources_value() -> None:
    merged = MergedEvent(
        id="m1",
        event_type="Battles",
        sub_event_type="Armed clash",
        date=EventDate(start=DAY, end=DAY, precision="day"),
        location=OMAR,
        actor1=Actor(name="A"),
        members=[("a", "e1"), ("b", "e1")],
        conflicts=[
            Conflict(field="attribution", values=[("a", "e1", "claimed"), ("b", "e1", None)])
        ],
    )
    (row,) = acled_export([merged]).rows
    assert row["notes"] == "Sources disagree on attribution: a claimed, b not given."


def test_countries_and_provinces_have_one_name_per_code() -> None:
    goma = Location(
        name="Goma",
        country="DRC",
        admin1="Nord Kivu",
        precision="exact",
        latitude=-1.68,
        longitude=29.22,
        country_iso="CD",
        admin1_code="CD-NK",
    )
    goma_again = goma.model_copy(update={"country": "Congo-Kinshasa", "admin1": "North Kivu"})
    gaza = Location(
        name="Rafah",
        country="Gaza",
        precision="exact",
        latitude=31.29,
        longitude=34.25,
        country_iso="PS",
    )
    unresolved = Location(
        name="Somewhere",
        country="Atlantis",
        admin1="Coast",
        precision="exact",
        latitude=1.0,
        longitude=1.0,
    )
    records = [
        event(a, location=loc)
        for a, loc in (("a", goma), ("b", goma_again), ("c", gaza), ("d", unresolved))
    ]
    rows = acled_export(records).rows
    assert [(r["country"], r["admin1"]) for r in rows] == [
        ("Democratic Republic of Congo", "Nord-Kivu"),
        ("Democratic Republic of Congo", "Nord-Kivu"),
        ("Palestine", ""),
        ("Atlantis", "Coast"),  # nothing resolved: the source's own words
    ]
    frame = events_to_pandas(records)
    assert frame["country"].nunique() == 3


def test_a_place_without_coordinates_claims_no_precision() -> None:
    village = Location(name="Boulkessi", country="Mali", precision="exact", country_iso="ML")
    export = acled_export([event("a", location=village)])
    (row,) = export.rows
    assert (row["latitude"], row["geo_precision"]) == ("", "")
    assert "'Boulkessi' is not in the offline gazetteer" in row["notes"]
    with pytest.warns(ExportWarning, match=r"1 exported event\(s\) have no coordinates"):
        to_acled_csv([event("a", location=village)])
