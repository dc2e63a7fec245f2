"""A real model, recorded: SmolLM2-135M on a llama.cpp server answers the seeds with nonsense.

The recordings are real responses (see cassettes/live/README.md). The model is far too
small to code conflict events; what is tested is the library's guarantee on real model
output: every article gets a result, failures are typed, and nothing ungrounded is kept.
"""

from __future__ import annotations

import openai
import pytest

from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article

from .conftest import SEEDS

CASSETTE_BACKEND = "live"
LOCAL_BASE_URL = "http://127.0.0.1:8080/v1"  # python -m llama_cpp.server ... --port 8080


def _local_summarizer() -> Summarizer:
    client = openai.OpenAI(base_url=LOCAL_BASE_URL, api_key="local", max_retries=0, timeout=900)
    return Summarizer(
        model="local", client=client, temperature=0.0, seed=0, max_tokens=1024, max_attempts=2
    )


@pytest.mark.vcr
def test_real_small_model_output_is_verified_not_trusted() -> None:
    articles = [Article.from_file(p, source=p.name) for p in sorted(SEEDS.glob("*.txt"))]
    results = _local_summarizer().summarize_many(articles, concurrency=1, progress=False)

    assert [r.article.id for r in results] == [a.id for a in articles]
    for result in results:
        assert result.attempts >= 1
        assert result.usage.requests == result.attempts
        assert result.usage.total_tokens > 0
        if result.failure is not None:
            assert result.failure.kind in {"validation", "truncated", "budget", "http"}
            assert result.failure.attempts == result.attempts
        for item in [*result.events, *result.claims]:
            assert item.evidence, "an item without grounded evidence was kept"
            for ev in item.evidence:
                assert result.article.text[ev.start : ev.end] == ev.quote
        for event in result.events:
            assert event.date.end <= result.article.published
    # The nonsense is caught: SmolLM2-135M cannot produce a fully valid answer for these.
    assert any(r.failure is not None or r.dropped for r in results)
