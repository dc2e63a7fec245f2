"""Grounding: every quote a model proposes is located in the article, or reported missing."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictsum.grounding import (
    MIN_FUZZY_CHARS,
    Grounding,
    GroundingIndex,
    find_evidence,
    ground_all,
    locate_quote,
)
from conflictsum.models import Evidence

ARTICLE = (
    "Erbil, Iraq — An Iran-backed militia claimed responsibility on Monday for a drone strike on "
    "a base in eastern Syria that killed six\u00a0fighters of the Kurdish-led Syrian Democratic "
    "Forces.\n\n“We will not stop,” the group said in a statement. The SDF’s spokesman said the "
    "drone struck a training ground at the al-Omar base in Deir el-Zour province – the largest "
    "U.S. base in Syria – late on Sunday.\nOfficials said the attack\nwas the first since "
    "Friday’s U.S. strikes… More strikes may follow."
)

ARABIC = (
    "دير الزور (سوريا) — قالت قوات سوريا الديمقراطية يوم الاثنين إن طائرة مسيرة استهدفت ساحة "
    "تدريب في قاعدة العمر شرقي دير الزور، ما أسفر عن مقتل ستة من مقاتليها."
)


def located(quote: str, text: str = ARTICLE, **kwargs: float) -> Grounding:
    """Locate a quote that must be found, checking the offsets invariant on the way."""
    grounding = locate_quote(quote, text, **kwargs)
    assert grounding is not None, f"not found: {quote!r}"
    evidence = grounding.evidence
    assert text[evidence.start : evidence.end] == evidence.quote
    return grounding


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        pytest.param("drone strike on a base", "drone strike on a base", id="verbatim"),
        pytest.param("  drone strike on a base\n", "drone strike on a base", id="padded"),
        pytest.param('"drone strike on a base"', "drone strike on a base", id="straight-wrapped"),
        pytest.param("“drone strike on a base”", "drone strike on a base", id="curly-wrapped"),
        pytest.param("« drone strike on a base »", "drone strike on a base", id="guillemets"),
        pytest.param("“We will not stop,”", "“We will not stop,”", id="marks-in-article"),
    ],
)
def test_exact(quote: str, expected: str) -> None:
    grounding = located(quote)
    assert (grounding.tier, grounding.score) == ("exact", 100.0)
    assert grounding.evidence.quote == expected
    assert grounding.evidence.start == ARTICLE.index(expected)


def test_exact_arabic() -> None:
    quote = "قالت قوات سوريا الديمقراطية"
    grounding = located(quote, ARABIC)
    assert grounding.tier == "exact"
    assert (grounding.evidence.start, grounding.evidence.end) == (20, 20 + len(quote))


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        pytest.param(
            '"We will not stop," the group said',
            "“We will not stop,” the group said",
            id="curly-vs-straight-quotes",
        ),
        pytest.param("The SDF's spokesman", "The SDF’s spokesman", id="curly-apostrophe"),
        pytest.param(
            "province - the largest U.S. base in Syria - late",
            "province – the largest U.S. base in Syria – late",
            id="en-dash-vs-hyphen",
        ),
        pytest.param("Erbil, Iraq - An Iran", "Erbil, Iraq — An Iran", id="em-dash-vs-hyphen"),
        pytest.param(
            "the attack was the first since",
            "the attack\nwas the first since",
            id="line-break-vs-space",
        ),
        pytest.param(
            "statement.  The SDF’s\n\tspokesman",
            "statement. The SDF’s spokesman",
            id="whitespace-runs-in-quote",
        ),
        pytest.param("killed six fighters", "killed six\u00a0fighters", id="nbsp"),
        pytest.param(
            "AN IRAN-BACKED MILITIA CLAIMED RESPONSIBILITY",
            "An Iran-backed militia claimed responsibility",
            id="case",
        ),
        pytest.param(
            "Friday's U.S. strikes... More strikes",
            "Friday’s U.S. strikes… More strikes",
            id="ellipsis",
        ),
        pytest.param(
            '"we will not stop,"', "“We will not stop,”", id="wrapped-quote-keeps-article-marks"
        ),
    ],
)
def test_normalized(quote: str, expected: str) -> None:
    grounding = located(quote)
    assert (grounding.tier, grounding.score) == ("normalized", 100.0)
    assert grounding.evidence.quote == expected


@pytest.mark.parametrize(
    ("quote", "text", "expected"),
    [
        pytest.param(
            "HAUPTSTRASSE IN DER INNENSTADT",
            "Die Polizei sperrte die Hauptstraße in der Innenstadt ab.",
            "Hauptstraße in der Innenstadt",
            id="casefold-lengthens-eszett",
        ),
        pytest.param(
            "the first flight", "It was the ﬁrst ﬂight out.", "the ﬁrst ﬂight", id="nfkc-ligatures"
        ),
        pytest.param(
            "Deir el-Zour province",
            "in Deir el-Zour prov\u00adince, officials",
            "Deir el-Zour prov\u00adince",
            id="soft-hyphen",
        ),
        pytest.param(
            "U.S. troops", "where 900 Ｕ.Ｓ. troops are based", "Ｕ.Ｓ. troops", id="fullwidth"
        ),
        pytest.param(
            "قالت قوات\nسوريا الديمقراطية",
            ARABIC,
            "قالت قوات سوريا الديمقراطية",
            id="arabic-line-break",
        ),
        pytest.param(
            "قالت قوات سوريا الديمقراطية",
            "قالت قـوات سوريا الديمقراطيـة",
            "قالت قـوات سوريا الديمقراطيـة",
            id="arabic-tatweel",
        ),
    ],
)
def test_normalized_maps_changed_lengths_back(quote: str, text: str, expected: str) -> None:
    grounding = located(quote, text)
    assert grounding.tier == "normalized"
    assert grounding.evidence.quote == expected


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        pytest.param(
            "An Iran-backed militia claimed responsibility on Tuesday for a drone strike on a base "
            "in eastern Syria",
            "An Iran-backed militia claimed responsibility on Monday for a drone strike on a base "
            "in eastern Syria",
            id="one-word-changed",
        ),
        pytest.param(
            "The SDF's spokesman said the drone hit a training ground at the al-Omar base in "
            "Deir el-Zour governorate",
            "The SDF’s spokesman said the drone struck a training ground at the al-Omar base in "
            "Deir el-Zour province",
            id="two-words-changed",
        ),
        pytest.param(
            "The SDF’s spokesman said the drone struck a training ground at the base in Deir "
            "el-Zour province",
            "The SDF’s spokesman said the drone struck a training ground at the al-Omar base in "
            "Deir el-Zour province",
            id="word-missing",
        ),
        pytest.param(
            "An Iran-backed militia claimed responsibility on Monday for a deadly drone strike on "
            "a base in eastern Syria",
            "An Iran-backed militia claimed responsibility on Monday for a drone strike on a base "
            "in eastern Syria",
            id="word-added",
        ),
        pytest.param(
            '"We will not stop," the group said in a statment',
            "“We will not stop,” the group said in a statement",
            id="typo-and-typography",
        ),
        pytest.param(
            "ran-backed militia claimed responsability on Monday for a drone strike",
            "Iran-backed militia claimed responsibility on Monday for a drone strike",
            id="snaps-to-whole-words",
        ),
        pytest.param(
            "Deir el-Zor province",
            "Deir el-Zour province",
            id="short-but-long-enough",
        ),
    ],
)
def test_fuzzy(quote: str, expected: str) -> None:
    grounding = located(quote)
    assert grounding.tier == "fuzzy"
    assert 90.0 <= grounding.score < 100.0
    assert grounding.evidence.quote == expected


def test_fuzzy_arabic_word_changed() -> None:
    grounding = located("إن طائرة مسيرة استهدفت ساحة تدريب في قاعدة العمر شرق دير الزور", ARABIC)
    assert grounding.tier == "fuzzy"
    assert (
        grounding.evidence.quote
        == "إن طائرة مسيرة استهدفت ساحة تدريب في قاعدة العمر شرقي دير الزور"
    )


def test_min_score_is_the_bar_for_fuzzy() -> None:
    quote = "The SDF's spokesman said the drone hit a training ground at the al-Omar camp"
    score = located(quote).score
    assert locate_quote(quote, ARTICLE, min_score=score) is not None
    assert locate_quote(quote, ARTICLE, min_score=score + 0.5) is None


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param(
            "Government forces shelled the northern outskirts of Aleppo overnight.", id="sentence"
        ),
        pytest.param(
            "A militia claimed responsibility on Friday for a rocket attack in Iraq.",
            id="similar-words",
        ),
        pytest.param("Deir el-Zor", id="short-typo"),
        pytest.param("US strikes", id="short-variant"),
        pytest.param("", id="empty"),
        pytest.param(" \n\t", id="whitespace"),
        pytest.param("“”", id="only-quotation-marks"),
    ],
)
def test_miss(quote: str) -> None:
    assert locate_quote(quote, ARTICLE) is None
    assert find_evidence(quote, ARTICLE) is None


def test_short_quotes_never_go_fuzzy() -> None:
    quote = "Deir el-Zor"
    assert len(quote) < MIN_FUZZY_CHARS
    assert locate_quote(quote, ARTICLE, min_score=0) is None


def test_first_occurrence_wins() -> None:
    assert located("U.S.").evidence.start == ARTICLE.index("U.S.")


def test_find_evidence_is_the_located_evidence() -> None:
    quote = "the attack was the first since"
    assert find_evidence(quote, ARTICLE) == located(quote).evidence
    assert isinstance(find_evidence(quote, ARTICLE), Evidence)


def test_ground_all_keeps_order_and_misses() -> None:
    quotes = ["drone strike on a base", "AN IRAN-BACKED MILITIA", "Aleppo was shelled overnight"]
    index = GroundingIndex(ARTICLE)
    results = ground_all(quotes, ARTICLE)
    assert results == [index.locate(q) for q in quotes]
    assert [r and r.tier for r in results] == ["exact", "normalized", None]


def substring(text: str, data: st.DataObject) -> tuple[int, str]:
    i = data.draw(st.integers(0, len(text)))
    return i, text[i : data.draw(st.integers(i, len(text)))]


def assert_sound(grounding: Grounding | None, text: str, min_score: float = 90.0) -> None:
    """Whatever was found is the article's own non-blank words, scored as its tier says."""
    if grounding is None:
        return
    evidence = grounding.evidence
    assert text[evidence.start : evidence.end] == evidence.quote
    assert evidence.quote.strip()
    assert grounding.score >= min_score if grounding.tier == "fuzzy" else grounding.score == 100.0


@given(st.text(), st.data())
def test_any_substring_is_found_exactly(text: str, data: st.DataObject) -> None:
    i, quote = substring(text, data)
    grounding = locate_quote(quote, text)
    if not quote.strip():
        assert grounding is None
        return
    assert grounding is not None
    assert_sound(grounding, text)
    assert (grounding.tier, grounding.evidence.quote) == ("exact", quote.strip())
    assert grounding.evidence.start <= i + len(quote) - len(quote.lstrip())


_RESPELL = str.maketrans(
    {"“": '"', "”": '"', "’": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " ", "\n": " "}
)


@given(st.text("abcXYZ ,.'\"-“”’–—…\u00a0\nﬁß"), st.data())
def test_respelled_substring_is_found_without_fuzz(text: str, data: st.DataObject) -> None:
    respelled = substring(text, data)[1].translate(_RESPELL).upper()
    grounding = locate_quote(respelled, text)
    assert_sound(grounding, text)
    if respelled.strip():
        assert grounding is not None
        assert grounding.tier in ("exact", "normalized")


@given(st.text(), st.text(), st.sampled_from([0.0, 90.0]))
def test_never_raises_on_arbitrary_strings(quote: str, text: str, min_score: float) -> None:
    assert_sound(locate_quote(quote, text, min_score=min_score), text, min_score)


@given(st.text("ab cdé\u0301\n\u00a0–“”’…ﬁßİ¨ـ\u00ad,."), st.data())
def test_mutated_substring_keeps_the_invariant(text: str, data: st.DataObject) -> None:
    chars = list(substring(text, data)[1])
    for _ in range(data.draw(st.integers(0, 3)) if chars else 0):
        chars[data.draw(st.integers(0, len(chars) - 1))] = data.draw(st.sampled_from(text))
    min_score = data.draw(st.sampled_from([0.0, 50.0, 90.0]))
    assert_sound(locate_quote("".join(chars), text, min_score=min_score), text, min_score)


# ---- near-verbatim quotes: an omission, an ellipsis, HTML entities ------------------------


@pytest.mark.parametrize(
    ("quote", "text", "expected"),
    [
        pytest.param(
            "Hayat Tahrir al-Sham accused Russian forces of the strike.",
            "Hayat Tahrir al-Sham (HTS) accused Russian forces of the strike. Moscow denied it.",
            "Hayat Tahrir al-Sham (HTS) accused Russian forces of the strike.",
            id="parenthetical-left-out",
        ),
        pytest.param(
            "Militants killed at least 12 villagers in Mopti region on Friday, officials said.",
            "Militants killed at least 12 villagers in Mali's Mopti region on Friday, officials "
            "said.",
            "Militants killed at least 12 villagers in Mali's Mopti region on Friday, officials "
            "said.",
            id="possessive-left-out",
        ),
    ],
)
def test_fuzzy_finds_a_quote_that_leaves_a_few_characters_out(quote, text, expected) -> None:
    grounding = located(quote, text)
    assert grounding.tier == "fuzzy"
    assert grounding.evidence.quote == expected


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        pytest.param(
            "An Iran-backed militia claimed responsibility ... for a drone strike on a base",
            "An Iran-backed militia claimed responsibility on Monday for a drone strike on a base",
            id="ascii-ellipsis",
        ),
        pytest.param(
            "“We will not stop,” the group said … The SDF’s spokesman said the drone struck",
            "“We will not stop,” the group said in a statement. The SDF’s spokesman said the "
            "drone struck",
            id="unicode-ellipsis",
        ),
        pytest.param(
            "the drone struck a training ground...late on Sunday",
            "the drone struck a training ground at the al-Omar base in Deir el-Zour province – "
            "the largest U.S. base in Syria – late on Sunday",
            id="no-spaces-around-the-ellipsis",
        ),
        pytest.param(
            "Officials said the attack ... was the frist since Friday's U.S. strikes",
            "Officials said the attack\nwas the first since Friday’s U.S. strikes",
            id="a-fragment-found-fuzzily",
        ),
    ],
)
def test_an_elided_quote_is_the_passage_its_fragments_span(quote: str, expected: str) -> None:
    grounding = located(quote)
    assert grounding.evidence.quote == expected
    assert grounding.evidence.start == ARTICLE.index(expected)


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param(
            "The SDF’s spokesman said the drone struck ... An Iran-backed militia claimed",
            id="fragments-out-of-order",
        ),
        pytest.param(
            "An Iran-backed militia claimed responsibility ... Aleppo was shelled overnight",
            id="a-fragment-not-in-the-article",
        ),
        pytest.param("the ... a ... on", id="fragments-too-short"),
    ],
)
def test_an_elided_quote_whose_fragments_do_not_all_stand_in_order_is_refused(quote) -> None:
    assert locate_quote(quote, ARTICLE) is None


def test_elided_fragments_must_stand_close_together() -> None:
    filler = " Nothing else happened that day in the town." * 12  # > 400 characters
    text = f"A drone struck the base at dawn.{filler} Two soldiers were killed, the army said."
    quote = "A drone struck the base at dawn ... Two soldiers were killed, the army said."
    assert locate_quote(quote, text) is None
    near = text.replace(filler, " Nothing else happened.")
    assert located(quote, near).evidence.quote == near


@pytest.mark.parametrize(
    ("quote", "text", "expected"),
    [
        pytest.param(
            "Doctors & nurses said 12 people were killed.",
            "Doctors &amp; nurses said 12 people were killed.",
            "Doctors &amp; nurses said 12 people were killed.",
            id="amp",
        ),
        pytest.param(
            "The army said 12 people were killed in Rafah",
            "The army said&nbsp;12 people were killed in Rafah on Sunday.",
            "The army said&nbsp;12 people were killed in Rafah",
            id="nbsp",
        ),
        pytest.param(
            "The army said 12 people were killed",
            "The army said &nbsp; 12 people were killed in Rafah on Sunday.",
            "The army said &nbsp; 12 people were killed",
            id="nbsp-between-spaces",
        ),
        pytest.param(
            "Israel's strike on Rafah killed 12",
            "Q&amp;A: Israel&#39;s strike on Rafah killed 12, officials said.",
            "Israel&#39;s strike on Rafah killed 12",
            id="numeric-apostrophe",
        ),
        pytest.param(
            "He said “we will retaliate” after",
            "He said &quot;we will retaliate&#x201D; after the attack on Erbil.",
            "He said &quot;we will retaliate&#x201D; after",
            id="quot-and-hex",
        ),
        pytest.param(
            "Doctors &amp; nurses said",
            "Doctors & nurses said 12 people were killed.",
            "Doctors & nurses said",
            id="entity-in-the-quote",
        ),
    ],
)
def test_html_entities_read_as_their_characters_with_offsets_as_written(
    quote: str, text: str, expected: str
) -> None:
    grounding = located(quote, text)
    assert grounding.tier == "normalized"
    assert grounding.evidence.quote == expected


def test_what_html_does_not_know_is_not_an_entity() -> None:
    text = "AT&T and the &bogus; company said 12 were hurt."
    assert locate_quote("the &bogus; company said", text).tier == "exact"
    assert locate_quote("the  company said 12", text) is None


@given(
    st.lists(
        st.sampled_from(["&amp;", "&nbsp;", "&#39;", "&quot;", "&shy;", " ", "AT&T", "said", "ﬁ"]),
        max_size=12,
    ).map("".join),
    st.data(),
)
def test_texts_with_entities_keep_the_invariant(text: str, data: st.DataObject) -> None:
    quote = html.unescape(substring(text, data)[1])
    assert_sound(locate_quote(quote, text), text)
