"""The library's checks on a model answer, without any model: each rule rejects what it should."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conflictsum.dates import resolve_date
from conflictsum.extract.response import ArticleExtraction, ClaimOut, EventOut
from conflictsum.extract.verify import figures_in, verify_extraction
from conflictsum.models import Article

TEXT = (
    "Officials said on Monday that a drone struck a checkpoint near Qamishli the previous night, "
    "killing four soldiers and wounding a dozen others. The group vowed to strike again."
)
ARTICLE = Article(text=TEXT, published=dt.date(2024, 3, 4), source="test")  # a Monday


def _event(**changes: Any) -> EventOut:
    event = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "date_expression": "the previous night",
        "date": None,
        "location": {"name": "Qamishli", "country": "Syria", "admin1": None, "precision": "near"},
        "actor1": {"name": "Unidentified armed group", "kind": None},
        "actor2": {"name": "Military Forces of Syria", "kind": "State forces"},
        "fatalities": {"low": 4, "best": 4, "high": 4},
        "injuries": {"low": None, "best": 12, "high": None},
        "civilian_targeting": False,
        "attribution": "unattributed",
        "summary": "A drone struck a checkpoint near Qamishli.",
        "evidence": [
            "a drone struck a checkpoint near Qamishli the previous night, killing four soldiers "
            "and wounding a dozen others"
        ],
    }
    event.update(changes)
    return EventOut.model_validate(event)


def _verify(*events: EventOut, claims: tuple[ClaimOut, ...] = (), article: Article = ARTICLE):
    return verify_extraction(
        ArticleExtraction.model_construct(events=list(events), claims=list(claims)), article
    )


def test_a_good_event_becomes_a_grounded_record() -> None:
    result = _verify(_event())
    assert not result.problems
    [event] = result.events
    assert (event.date.start, event.date.end, event.date.precision) == (
        dt.date(2024, 3, 3),
        dt.date(2024, 3, 4),
        "days",
    )
    assert TEXT[event.evidence[0].start : event.evidence[0].end] == event.evidence[0].quote
    assert event.id == f"{ARTICLE.id}:e0"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        pytest.param(
            {"evidence": ["A missile hit a school in Aleppo."]},
            "no quote is found in the article",
            id="evidence-not-in-article",
        ),
        pytest.param(
            {"date_expression": "last Tuesday"},
            "'last Tuesday' is not in the article",
            id="date-words-not-in-article",
        ),
        pytest.param(
            {"date_expression": None, "date": ","},
            None,  # no date at all: the week before publication, accepted
            id="undated-falls-back-to-the-week",
        ),
        pytest.param(
            {"date_expression": None, "date": "2024-03-02"},
            None,  # no words of the article date it: the model's day is a guess
            id="a-model-date-without-date-words-is-not-kept",
        ),
        pytest.param(
            {"date_expression": None, "date": "2024-03-09"},
            None,  # the same guess, reckoned from the model's "today": ignored as well
            id="a-guess-after-publication-is-not-kept",
        ),
        pytest.param(
            {"fatalities": {"low": None, "best": 1039847625, "high": None}},
            "1039847625 is not stated in the evidence",
            id="toll-not-in-evidence",
        ),
        pytest.param(
            {"fatalities": {"low": 5, "best": 4, "high": 4}},
            "low <= best <= high",
            id="toll-out-of-order",
        ),
        pytest.param(
            {
                "actor1": {
                    "name": "Officials said on Monday that a drone struck a checkpoint near "
                    "Qamishli the previous night",
                    "kind": None,
                }
            },
            "is a sentence, not an actor name",
            id="sentence-as-actor",
        ),
        pytest.param(
            {"event_type": "Battles", "sub_event_type": "Air/drone strike"},
            "does not belong to 'Battles'",
            id="sub-event-of-another-type",
        ),
        pytest.param({"summary": "  "}, "summary: empty", id="empty-summary"),
    ],
)
def test_each_rule_rejects_what_it_should(changes: dict[str, Any], reason: str | None) -> None:
    result = _verify(_event(**changes))
    if reason is None:
        assert not result.problems
        assert result.events[0].date.precision == "week"
        assert result.events[0].date.end == ARTICLE.published
    else:
        assert not result.events
        assert any(reason in p for p in result.problems), result.problems
        assert result.problems[0].startswith("events[0]:")


def test_an_arabic_articles_date_words_are_resolved_by_code_not_taken_from_the_model() -> None:
    text = "قتل أربعة جنود في هجوم بطائرة مسيرة على حاجز قرب القامشلي ليل السبت - الأحد."
    article = Article(text=text, published=dt.date(2024, 3, 4), source="test")  # a Monday
    event = _event(
        date_expression="ليل السبت - الأحد",
        date="2024-02-28",  # what a model might guess; the article's words say otherwise
        location={"name": "القامشلي", "country": "Syria", "admin1": None, "precision": "near"},
        fatalities={"low": 4, "best": 4, "high": 4},  # "أربعة" in the evidence
        injuries={"low": None, "best": None, "high": None},
        evidence=["قتل أربعة جنود في هجوم بطائرة مسيرة على حاجز قرب القامشلي ليل السبت - الأحد"],
    )
    result = _verify(event, article=article)
    assert not result.problems
    [kept] = result.events
    assert (kept.date.start, kept.date.end, kept.date.precision) == (
        dt.date(2024, 3, 2),
        dt.date(2024, 3, 3),
        "days",
    )


def test_date_words_found_fuzzily_are_resolved_as_the_article_writes_them() -> None:
    text = "A drone struck a fuel depot in Kafr Nabl on the night of January 28, killing two."
    article = Article(text=text, published=dt.date(2024, 2, 5))
    event = _event(
        date_expression="the night of January 26",  # one figure off the article's words
        location={"name": "Kafr Nabl", "country": "Syria", "admin1": None, "precision": "exact"},
        fatalities={"low": 2, "best": 2, "high": 2},
        injuries={"low": None, "best": None, "high": None},
        evidence=[text],
    )
    [kept] = _verify(event, article=article).events
    assert (kept.date.start, kept.date.end) == (dt.date(2024, 1, 28), dt.date(2024, 1, 29))
    assert kept.date.expression == "the night of January 28"


# Words no rule of dates.py reads (Swahili: "on Saturday night"); the model's day stands.
UNREAD = "Jumamosi usiku"


def _unread_article() -> Article:
    text = f"Ndege isiyo na rubani ilishambulia Qamishli {UNREAD}, na kuua wanajeshi 4."
    assert resolve_date(UNREAD, dt.date(2024, 3, 4)) is None, "pick words dates.py cannot read"
    return Article(text=text, published=dt.date(2024, 3, 4))


def _unread_event(day: str) -> EventOut:
    return _event(
        date_expression=UNREAD,
        date=day,
        fatalities={"low": 4, "best": 4, "high": 4},
        injuries={"low": None, "best": None, "high": None},
        evidence=[_unread_article().text],
    )


def test_words_code_cannot_read_keep_the_models_day_checked_against_publication() -> None:
    [kept] = _verify(_unread_event("2024-03-02"), article=_unread_article()).events
    assert (kept.date.start, kept.date.precision, kept.date.expression) == (
        dt.date(2024, 3, 2),
        "day",
        UNREAD,
    )
    late = _verify(_unread_event("2024-03-09"), article=_unread_article())
    assert not late.events
    assert "after the article's publication date" in late.problems[0]


def _claim(**changes: Any) -> ClaimOut:
    claim = {
        "claimant": {"name": "the group", "kind": None},
        "kind": "threat",
        "text": "The group vowed to strike again.",
        "event_index": None,
        "target": None,
        "date_expression": None,
        "evidence": ["The group vowed to strike again."],
    }
    claim.update(changes)
    return ClaimOut.model_validate(claim)


def test_a_claims_date_words_must_be_in_the_article_like_an_events() -> None:
    result = _verify(_event(), claims=(_claim(date_expression="on Sunday, March 3"),))
    assert not result.claims
    assert (
        "claims[0]: date_expression 'on Sunday, March 3' is not in the article"
        in (result.problems[0])
    )
    [claim] = _verify(_event(), claims=(_claim(date_expression="on Monday"),)).claims
    assert claim.date == dt.date(2024, 3, 4)


def test_without_a_publication_date_only_absolute_dates_count() -> None:
    undated = Article(text=TEXT)
    assert "publication date" in _verify(_event(), article=undated).problems[0]


def test_claims_link_to_kept_events_only() -> None:
    threat = ClaimOut.model_validate(
        {
            "claimant": {"name": "the group", "kind": None},
            "kind": "threat",
            "text": "The group vowed to strike again.",
            "event_index": 1,
            "target": None,
            "date_expression": None,
            "evidence": ["The group vowed to strike again."],
        }
    )
    claim_on_dropped = threat.model_copy(update={"event_index": 1})
    result = _verify(_event(), _event(evidence=["invented"]), claims=(claim_on_dropped,))
    assert len(result.events) == 1
    assert len(result.claims) == 1
    assert result.claims[0].event_id is None  # its event did not pass
    assert result.notes == [
        "claims[0]: events[1] did not pass verification; the claim is kept without an event"
    ]
    linked = _verify(_event(), claims=(threat.model_copy(update={"event_index": 0}),))
    assert linked.claims[0].event_id == linked.events[0].id
    assert linked.notes == []


@pytest.mark.parametrize("index", [1, 5, -1])
def test_a_claim_pointing_at_no_event_is_kept_unlinked_like_one_whose_event_failed(index) -> None:
    # Its evidence is grounded: the link is what is wrong, so the link is what goes.
    result = _verify(_event(), claims=(_claim(event_index=index),))
    assert not result.problems
    [claim] = result.claims
    assert claim.event_id is None
    [note] = result.notes
    assert note.startswith(f"claims[0]: event_index {index} does not point at an event (0..0)")


def test_feedback_names_each_failed_item() -> None:
    result = _verify(_event(), _event(evidence=["invented words"]))
    assert "events[1]: evidence" in result.feedback()
    assert "events[0]" not in result.feedback()


@pytest.mark.parametrize(
    ("text", "n"),
    [
        pytest.param("killing four soldiers", 4, id="word"),
        pytest.param("at least 1,200 people", 1200, id="digits-with-comma"),
        pytest.param("twenty-three were hurt", 23, id="compound-word"),
        pytest.param("dozens of casualties", 12, id="acled-dozens"),
        pytest.param("several fighters", 3, id="acled-several"),
        pytest.param("two dozen people were killed", 24, id="count-of-dozens"),
        pytest.param("three hundred families", 300, id="count-of-hundreds"),
        pytest.param("a dozen soldiers", 12, id="a-dozen"),
        pytest.param("a handful of fighters", 3, id="acled-handful"),
        pytest.param("قتل أربعة جنود", 4, id="ar-unit-word"),
        pytest.param("ستة قتلى", 6, id="ar-feminine-unit"),
        pytest.param("مقتل ثلاثة عشر مدنيا", 13, id="ar-teen"),
        pytest.param("سقوط ثلاثة وعشرين قتيلا", 23, id="ar-unit-and-tens"),
        pytest.param("أصيب ١٢ آخرون", 12, id="ar-indic-digits"),
        pytest.param("مقتل عشرات المدنيين", 12, id="ar-tens-of-as-dozens"),
        pytest.param("tuant cinq civils", 5, id="fr-unit"),
        pytest.param("dix-sept soldats", 17, id="fr-hyphenated-teen"),
        pytest.param("quatre-vingt-dix-sept morts", 97, id="fr-quatre-vingt"),
        pytest.param("vingt et un blessés", 21, id="fr-ten-et-unit"),
        pytest.param("une douzaine de blessés", 12, id="fr-douzaine"),
        pytest.param("deux douzaines de blessés", 24, id="fr-count-of-dozens"),
        pytest.param("une dizaine de morts", 10, id="fr-dizaine-about-ten"),
        pytest.param("des dizaines de morts", 12, id="fr-dizaines-as-dozens"),
        pytest.param("plusieurs civils", 3, id="fr-plusieurs"),
        pytest.param("murieron doce personas", 12, id="es-unit"),
        pytest.param("dieciséis heridos", 16, id="es-teen-accented"),
        pytest.param("veintitrés muertos", 23, id="es-veinti"),
        pytest.param("treinta y cinco muertos", 35, id="es-ten-y-unit"),
        pytest.param("once muertos por el ataque", 11, id="es-once-in-spanish"),
        pytest.param("una docena de heridos", 12, id="es-docena"),
        pytest.param("varios heridos", 3, id="es-varios"),
        pytest.param("morreram três pessoas", 3, id="pt-unit"),
        pytest.param("vinte e três mortos", 23, id="pt-ten-e-unit"),
        pytest.param("dezenas de mortos", 12, id="pt-dezenas"),
        pytest.param("fünf Menschen wurden getötet", 5, id="de-unit"),
        pytest.param("zwölf Verletzte", 12, id="de-umlaut"),
        pytest.param("dreiundzwanzig Tote", 23, id="de-compound"),
        pytest.param("mehrere Verletzte", 3, id="de-mehrere"),
        pytest.param("Dutzende Tote", 12, id="de-dutzende"),
        pytest.param("вбив трьох людей", 3, id="uk-genitive"),
        pytest.param("загинули троє", 3, id="uk-collective"),
        pytest.param("три людини", 3, id="uk-nominative"),
        pytest.param("загинули п’ятеро", 5, id="uk-collective-curly-apostrophe"),
        pytest.param("поранено п'ятьох", 5, id="uk-five-genitive"),
        pytest.param("одинадцять загиблих", 11, id="uk-teen"),
        pytest.param("двадцять п'ять", 25, id="uk-ten-and-unit"),
        pytest.param("кілька людей", 3, id="uk-kilka"),
        pytest.param("десятки загиблих", 12, id="uk-tens-as-dozens"),
        pytest.param("погибли трое", 3, id="ru-collective"),
        pytest.param("трёх человек", 3, id="ru-yo"),
        pytest.param("пятерых раненых", 5, id="ru-five-collective"),
        pytest.param("пять человек", 5, id="ru-five"),
        pytest.param("двенадцать погибших", 12, id="ru-teen"),
        pytest.param("несколько человек", 3, id="ru-neskolko"),
        pytest.param("около десятка", 10, id="ru-desyatok"),
    ],
)
def test_figures_in_reads_numbers_as_articles_write_them(text: str, n: int) -> None:
    assert n in figures_in(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("у п'ятницю", id="uk-friday-begins-like-five"),
        pytest.param("в пятницу", id="ru-friday-begins-like-five"),
        pytest.param("його сім'я", id="uk-family-begins-like-seven"),
        pytest.param("всю семью", id="ru-family-is-a-form-of-seven"),
        pytest.param("Once the strike hit, residents fled.", id="en-once"),
        pytest.param("Rebels seize the town.", id="en-seize"),
        pytest.param("Prices rose by per cent.", id="en-per-cent"),
        pytest.param("a DoS attack on the ministry", id="en-dos"),
        pytest.param("the porte-parole of the army", id="fr-hyphen-not-a-number"),
    ],
)
def test_figures_in_reads_no_number_into_words_that_only_look_like_one(text: str) -> None:
    assert figures_in(text) == set()


def test_figures_in_reads_no_number_into_arabic_words_that_only_contain_one() -> None:
    # "باب" holds no "آب", "الاحد" (Sunday) no "احد" (one), "مستشفى" no "ست" (six).
    assert figures_in("معبر باب الهوى يوم الاحد قرب مستشفى") == set()


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        pytest.param({"sub_event_type": "Air/Drone strike"}, "sub_event_type", "Air/drone strike"),
        pytest.param(
            {"sub_event_type": "Shelling/artillery/missile attacks"},
            "sub_event_type",
            "Shelling/artillery/missile attack",
            id="plural",
        ),
        pytest.param(
            {"sub_event_type": "remote explosive / landmine / IEDs"},
            "sub_event_type",
            "Remote explosive/landmine/IED",
            id="spacing",
        ),
        pytest.param(
            {"event_type": "explosions/remote violence"},
            "event_type",
            "Explosions/Remote violence",
            id="event-type-case",
        ),
        pytest.param({"attribution": "Alleged"}, "attribution", "alleged", id="attribution"),
    ],
)
def test_near_miss_spellings_of_the_vocabulary_are_mended(changes, field, expected) -> None:
    assert getattr(_event(**changes), field) == expected


def test_near_miss_actors_tolls_and_claims_are_mended() -> None:
    event = _event(
        actor1={"name": "Russian forces", "kind": "state forces"},
        actor2={"name": "", "kind": None},
        fatalities={"low": "4", "best": " 4 ", "high": None},
        location={"name": "Qamishli", "country": "Syria", "admin1": None, "precision": "Near"},
    )
    assert event.actor1.kind == "State forces"
    assert event.actor2 is None
    assert (event.fatalities.low, event.fatalities.best) == (4, 4)
    assert event.location.precision == "near"
    assert not _verify(event).problems
    claim = _claim(kind="Casualty report", target={"name": " ", "kind": None})
    assert (claim.kind, claim.target) == ("casualty_report", None)
    assert ClaimOut.model_validate(
        {**claim.model_dump(), "claimant": {"name": "SOHR", "kind": "civilian"}}
    ).claimant.kind == ("Civilians")


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"sub_event_type": "drone strike"}, id="another-name"),
        pytest.param({"fatalities": {"low": None, "best": "at least 5", "high": None}}, id="words"),
        pytest.param({"fatalities": {"low": None, "best": "5-7", "high": None}}, id="range"),
        pytest.param({"actor1": {"name": "Russian forces", "kind": "army"}}, id="other-kind"),
        pytest.param({"actor2": {"name": "", "kind": "Civilians"}}, id="kind-without-name"),
    ],
)
def test_what_is_not_a_near_miss_is_still_refused(changes) -> None:
    try:
        event = _event(**changes)
    except ValueError:
        return
    assert _verify(event).problems  # the nameless actor is refused by the checks


def test_a_claim_re_asked_for_another_reason_hears_about_its_bad_link_too() -> None:
    claim = _claim(event_index=7, evidence=["Something nobody said."])
    result = _verify(_event(), claims=(claim,))
    assert not result.claims
    assert result.problems[0].startswith("claims[0]: evidence: no quote is found")
    assert result.problems[1] == "claims[0]: event_index 7 does not point at an event (0..0)"
