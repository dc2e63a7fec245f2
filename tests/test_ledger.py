"""The cost ledger, the run budget and transport retries: every token counted, retries bounded."""

from __future__ import annotations

import email.utils
import json
import time

import httpx2
import openai
import pytest
from tenacity import RetryCallState

from conflictsum.exceptions import ConfigurationError
from conflictsum.extract import transport
from conflictsum.extract.ledger import Ledger, Price, load_prices, price_of
from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article, Usage

from .batch_stub import StubState, stub_client
from .conftest import SEEDS
from .openai_stub import _completion

CBS = SEEDS / "003_f0a96038b6aa46b8.txt"
MODEL = "authored-strong-model"
PRICES = {MODEL: Price(input=1.0, output=4.0, cached_input=0.5)}


def _copies(n: int) -> list[Article]:
    """n distinct articles the seed script answers (ids <seed id>-k)."""
    seed = Article.from_file(CBS)
    return [seed.model_copy(update={"id": f"{seed.id}-{k}"}) for k in range(n)]


def test_prices_match_dated_snapshots_and_load_from_a_file(tmp_path) -> None:
    table = {"gpt-4o": Price(2.5, 10), "gpt-4o-mini": Price(0.15, 0.6)}
    assert price_of("gpt-4o-mini-2024-07-18", table) == table["gpt-4o-mini"]
    assert price_of("gpt-4o-2024-08-06", table) == table["gpt-4o"]
    assert price_of("local", table) is None
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"local": {"input": 0.0, "output": 0.0}}))
    assert load_prices(path) == {"local": Price(0.0, 0.0)}
    path.write_text(json.dumps({"local": {"input": 1}}))
    with pytest.raises(ConfigurationError, match="needs 'input' and 'output'"):
        load_prices(path)


def test_cost_counts_cached_prompt_tokens_and_the_batch_discount() -> None:
    ledger = Ledger(MODEL, prices=PRICES)
    usage = Usage(prompt_tokens=1000, completion_tokens=100, total_tokens=1100)
    assert ledger.cost(usage) == pytest.approx((1000 * 1.0 + 100 * 4.0) / 1e6)
    assert ledger.cost(usage, cached_prompt_tokens=400) == pytest.approx(
        (600 * 1.0 + 400 * 0.5 + 100 * 4.0) / 1e6
    )
    assert ledger.cost(usage, batch=True) == pytest.approx((1000 + 400) / 1e6 / 2)
    assert Ledger("unknown-model").cost(usage) is None


def test_a_dollar_budget_needs_a_price() -> None:
    with pytest.raises(ConfigurationError, match="needs a price"):
        Ledger("unknown-model", budget_usd=1.0)


def test_tokens_per_attempt_retries_included() -> None:
    state = StubState("retry", MODEL, 0.0)
    summarizer = Summarizer(model=MODEL, client=stub_client(state), prices=PRICES)
    summary = summarizer.summarize(Article.from_file(CBS))
    entries = summarizer.ledger.entries
    assert [(e.attempt, e.source) for e in entries] == [(1, "api"), (2, "api")]
    assert summary.usage.total_tokens == sum(e.prompt_tokens + e.completion_tokens for e in entries)
    assert summarizer.ledger.by_article()[summary.article.id] == summary.usage.model_copy(
        update={"requests": 2}
    )
    assert summarizer.ledger.spent_usd == pytest.approx(sum(e.cost_usd for e in entries))
    assert "2 api" in summarizer.ledger.summary()


def test_the_run_budget_stops_new_work_and_says_so(tmp_path) -> None:
    state = StubState("seeds", MODEL, 0.0)
    articles = _copies(4)
    one_article = Summarizer(model=MODEL, client=stub_client(state)).summarize(articles[0])
    budget = one_article.usage.total_tokens + 1  # the second article crosses it
    summarizer = Summarizer(model=MODEL, client=stub_client(state), budget_tokens=budget)
    state.requests.clear()
    results = summarizer.summarize_many(articles, concurrency=1, progress=False)
    assert [r.ok for r in results] == [True, True, False, False]
    assert {r.failure.kind for r in results if r.failure} == {"stopped"}
    assert "run budget" in results[-1].failure.message
    assert len(state.requests) == 2  # nothing was sent once the budget was spent
    assert "STOPPED" in summarizer.ledger.summary()


def _answers_after(replies: list[httpx2.Response]) -> tuple[openai.OpenAI, list[float]]:
    """A client whose server plays `replies` first, then answers; and when each request came."""
    seen: list[float] = []
    answer = StubState("seeds", MODEL, 0.0).scripts[Article.from_file(CBS).id][0]

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(time.monotonic())
        if len(seen) <= len(replies):
            return replies[len(seen) - 1]
        return httpx2.Response(200, json=_completion(json.loads(request.content), answer, MODEL))

    client = openai.OpenAI(
        base_url="http://stub.invalid/v1",
        api_key="test",
        max_retries=2,  # applied by conflictsum's own retry policy, not the SDK's
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    return client, seen


def test_rate_limits_are_retried_honouring_retry_after_and_counted() -> None:
    limited = httpx2.Response(429, headers={"retry-after-ms": "50"}, json={"error": {}})
    client, seen = _answers_after([limited])
    summarizer = Summarizer(model=MODEL, client=client)
    summary = summarizer.summarize(Article.from_file(CBS))
    assert summary.ok
    assert len(seen) == 2
    assert seen[1] - seen[0] >= 0.05
    assert summary.usage.requests == 1  # one answer; the 429 cost no tokens
    [entry] = summarizer.ledger.entries
    assert entry.http_retries == 1


def test_transport_retries_are_bounded_and_never_multiplied() -> None:
    down = httpx2.Response(503, headers={"retry-after": "0"}, json={"error": {"message": "down"}})
    client, seen = _answers_after([down] * 10)
    summary = Summarizer(model=MODEL, client=client).summarize(Article.from_file(CBS))
    assert summary.failure is not None
    assert summary.failure.kind == "http"
    assert len(seen) == 3  # the client's max_retries=2, applied once


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        pytest.param({"retry-after-ms": "1500"}, 1.5, id="milliseconds"),
        pytest.param({"retry-after": "7"}, 7.0, id="seconds"),
        pytest.param({"retry-after": "in 30 s"}, 30.0, id="http-date"),
        pytest.param({}, None, id="absent"),
    ],
)
def test_retry_after_is_read_in_every_form(headers: dict, seconds: float | None) -> None:
    if headers.get("retry-after") == "in 30 s":
        headers = {"retry-after": email.utils.formatdate(time.time() + 30, usegmt=True)}
    error = openai.RateLimitError(
        "slow down",
        response=httpx2.Response(429, headers=headers, request=httpx2.Request("POST", "http://x")),
        body=None,
    )
    asked = transport.retry_after(error)
    if seconds is None:
        assert asked is None
    else:
        assert asked == pytest.approx(seconds, abs=1.5)


def test_a_retry_after_beyond_a_minute_falls_back_to_backoff() -> None:
    error = openai.RateLimitError(
        "slow down",
        response=httpx2.Response(
            429, headers={"retry-after": "3600"}, request=httpx2.Request("POST", "http://x")
        ),
        body=None,
    )
    state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
    state.set_exception((type(error), error, None))
    assert transport._wait(state) <= 8.5
