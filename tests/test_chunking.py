"""Long articles: parts cut at paragraphs with overlap, one event per incident, article offsets."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import httpx2
import openai
from hypothesis import given
from hypothesis import strategies as st

from conflictsum.extract.chunking import split_text
from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article

from .openai_stub import _completion

MODEL = "authored-strong-model"
FILLER = (
    "Analysts said the region has seen years of unrest and that the situation remained "
    "fluid, with local officials urging calm while aid groups called for access. "
)
SIZE, OVERLAP = 900, 300  # puts the strike's paragraph in two parts, the shelling's in one
STRIKE = "On Monday, a drone struck the al-Omar base in Syria, killing six fighters."
CLAIM = "The Islamic Resistance in Iraq claimed responsibility for the strike."
SHELLING = "On Tuesday, shelling hit the town of Kobani in Syria, killing two civilians."


def _article() -> Article:
    paragraphs = [FILLER * 2, FILLER * 2, f"{STRIKE} {CLAIM}", FILLER * 2, FILLER * 2]
    paragraphs += [FILLER * 2, SHELLING, FILLER * 2]
    return Article(
        id="long", text="\n\n".join(paragraphs), published=dt.date(2024, 2, 6), source="wire"
    )


def _event(sentence: str, when: str, place: str, actor: str, victims: str, toll: int) -> dict:
    return {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike"
        if "drone" in sentence
        else "Shelling/artillery/missile attack",
        "date_expression": when,
        "date": None,
        "location": {"name": place, "country": "Syria", "admin1": None, "precision": "exact"},
        "actor1": {"name": actor, "kind": "Political militia"},
        "actor2": {"name": victims, "kind": None},
        "fatalities": {"low": toll, "best": toll, "high": toll},
        "injuries": {"low": None, "best": None, "high": None},
        "civilian_targeting": victims == "civilians",
        "attribution": "claimed" if actor.startswith("Islamic") else "unattributed",
        "summary": sentence,
        "evidence": [sentence],
    }


def _reader(request: httpx2.Request) -> httpx2.Response:
    """A stand-in model that reports exactly the incidents the part it is shown contains."""
    body = json.loads(request.content)
    text = body["messages"][-1]["content"]
    events, claims = [], []
    if STRIKE in text:
        events.append(
            _event(STRIKE, "On Monday", "al-Omar base", "Islamic Resistance in Iraq", "fighters", 6)
        )
    if CLAIM in text:
        claims.append(
            {
                "claimant": {"name": "Islamic Resistance in Iraq", "kind": "Political militia"},
                "kind": "responsibility",
                "text": CLAIM,
                "event_index": 0 if STRIKE in text else None,
                "target": None,
                "date_expression": None,
                "evidence": [CLAIM],
            }
        )
    if SHELLING in text:
        events.append(
            _event(SHELLING, "On Tuesday", "Kobani", "unidentified gunmen", "civilians", 2)
        )
    answer = {"arguments": {"events": events, "claims": claims}}
    return httpx2.Response(200, json=_completion(body, answer, MODEL))


def _summarizer(**options) -> tuple[Summarizer, list[str]]:
    shown: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        prompt = json.loads(request.content)["messages"][-1]["content"]
        shown.append(re.search(r'<article id="([^"]+)"', prompt).group(1))
        return _reader(request)

    client = openai.OpenAI(
        base_url="http://stub.invalid/v1",
        api_key="test",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    return Summarizer(model=MODEL, client=client, **options), shown


def test_an_incident_in_the_overlap_is_kept_once_with_whole_article_offsets() -> None:
    article = _article()
    parts = split_text(article.text, SIZE, OVERLAP)
    assert len(parts) == 3
    # The strike's paragraph is read by two parts, the shelling's by one.
    assert sum(STRIKE in article.text[p.start : p.end] for p in parts) == 2
    summarizer, shown = _summarizer(chunk_chars=SIZE, chunk_overlap=OVERLAP)
    summary = summarizer.summarize(article)

    assert summary.ok, summary.failure
    assert shown == [f"long~{p.index}" for p in parts]
    assert [e.id for e in summary.events] == ["long:e0", "long:e1"]
    strike, shelling = summary.events
    assert strike.location.name == "al-Omar base"
    assert shelling.location.name == "Kobani"
    for event in summary.events:
        assert event.article_id == "long"
        for ev in event.evidence:
            assert article.text[ev.start : ev.end] == ev.quote
    [claim] = summary.claims
    assert claim.event_id == strike.id
    assert article.text[claim.evidence[0].start : claim.evidence[0].end] == CLAIM
    assert summary.usage.requests == len(parts)
    assert any("kept once" in note for note in summary.notes)


def test_a_short_article_is_one_request_and_the_async_twin_agrees() -> None:
    import asyncio

    article = _article()
    summarizer, shown = _summarizer()
    whole = summarizer.summarize(article)
    assert shown == ["long"]
    assert len(whole.events) == 2

    async_client = openai.AsyncOpenAI(
        base_url="http://stub.invalid/v1",
        api_key="test",
        max_retries=0,
        http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(_reader)),
    )
    chunked = Summarizer(
        model=MODEL, async_client=async_client, chunk_chars=SIZE, chunk_overlap=OVERLAP
    )
    sync_chunked, _ = _summarizer(chunk_chars=SIZE, chunk_overlap=OVERLAP)
    assert (
        asyncio.run(chunked.asummarize(article)).model_dump()
        == sync_chunked.summarize(article).model_dump()
    )


def test_a_transient_failure_of_one_part_fails_the_article_so_it_is_retried() -> None:
    article = _article()
    calls = {"n": 0}

    def flaky(request: httpx2.Request) -> httpx2.Response:
        calls["n"] += 1
        if calls["n"] == 2:
            return httpx2.Response(500, json={"error": {"message": "boom"}})
        return _reader(request)

    client = openai.OpenAI(
        base_url="http://stub.invalid/v1",
        api_key="test",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(flaky)),
    )
    summarizer = Summarizer(model=MODEL, client=client, chunk_chars=SIZE, chunk_overlap=OVERLAP)
    summary = summarizer.summarize(article)
    assert summary.failure is not None
    assert summary.failure.kind == "http"
    assert summary.failure.message.startswith("part 2 of")


def test_one_endless_paragraph_is_cut_at_sentences_then_words() -> None:
    text = "A short sentence here. " * 40 + "x" * 50
    parts = split_text(text, 100, 30)
    assert all(p.end - p.start <= 100 for p in parts)
    assert parts[0].start == 0
    assert parts[-1].end == len(text)
    inner = [p for p in parts if p.end < len(text) - 60]
    assert all(text[p.end - 2 : p.end] == ". " for p in inner)


@given(
    st.lists(st.text(alphabet="ab .", min_size=1, max_size=60), min_size=1, max_size=30),
    st.integers(min_value=20, max_value=200),
    st.integers(min_value=0, max_value=9),
)
def test_parts_cover_the_text_in_order_within_size_and_overlap(paragraphs, size, tenths) -> None:
    text = "\n\n".join(paragraphs)
    overlap = size * tenths // 20
    parts = split_text(text, size, overlap)
    assert parts[0].start == 0
    assert parts[-1].end == len(text)
    for before, after in itertools.pairwise(parts):
        assert before.start < after.start <= before.end  # no gap, always forward
        assert before.end - after.start <= overlap
    assert all(0 < p.end - p.start <= size for p in parts)
