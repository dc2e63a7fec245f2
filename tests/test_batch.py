"""The OpenAI Batch API path: same requests as the live path, follow-up batches, resumption.

Cassettes are recorded from tests/batch_stub.py serving the authored answers in
cassettes/authored/answers/batch/ (hand-written, see cassettes/authored/README.md).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import httpx2
import openai
import pytest
from openai.types import Batch

from conflictsum.demo import AUTHORED_MODEL
from conflictsum.extract import batch as batch_module
from conflictsum.extract.batch import BatchItemError, outcome, split_lines
from conflictsum.extract.ledger import Price
from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article

from .batch_stub import _upload, serve
from .conftest import SEEDS

CASSETTE_BACKEND = "authored"
CBS = SEEDS / "003_f0a96038b6aa46b8.txt"
FRANCE24 = SEEDS / "000_bbcc1724acb96845.txt"
BATCH_URL = "http://127.0.0.1:8766/v1"


@pytest.fixture
def batch_endpoint(recording: bool) -> Iterator[str]:
    """The batch stub on loopback while recording; replay needs no server."""
    if not recording:
        yield BATCH_URL
        return
    with serve("batch", port=8766) as (url, _):
        yield url


def _articles() -> list[Article]:
    return [Article.from_file(p, source=p.name) for p in (CBS, FRANCE24)]


def _summarizer(url: str, **options) -> Summarizer:
    client = openai.OpenAI(base_url=url, api_key="test", max_retries=0)
    return Summarizer(model=AUTHORED_MODEL, client=client, **options)


def _uploaded_lines(vcr) -> list[list[dict]]:
    """The request lines of every batch input file uploaded, in order."""
    files = []
    for request in vcr.requests:
        if request.method == "POST" and request.path.endswith("/files"):
            _, data = _upload(request.headers["Content-Type"], request.body)
            files.append([json.loads(line) for line in data.splitlines()])
    return files


@pytest.mark.vcr
def test_failed_validation_is_re_asked_in_a_follow_up_batch(batch_endpoint, vcr) -> None:
    prices = {AUTHORED_MODEL: Price(input=1.0, output=2.0)}
    summarizer = _summarizer(batch_endpoint, prices=prices)
    cbs, france24 = _articles()
    results = summarizer.summarize_batch([cbs, france24], poll_interval=0, progress=False)

    assert [r.article.id for r in results] == [cbs.id, france24.id]
    assert all(r.ok for r in results)
    assert [r.attempts for r in results] == [2, 1]
    assert len(summarizer.batches) == 2
    first, follow_up = _uploaded_lines(vcr)
    assert len(first) == 2
    assert len(follow_up) == 1
    # The follow-up carries the verification feedback, as the live re-ask does.
    feedback = json.dumps(follow_up[0]["body"]["messages"])
    assert "no quote is found in the article" in feedback
    # Usage per attempt, priced at half the synchronous rate.
    entries = summarizer.ledger.entries
    assert [e.source for e in entries] == ["batch"] * 3
    cbs_entries = sorted((e for e in entries if e.article_id == cbs.id), key=lambda e: e.attempt)
    assert [e.attempt for e in cbs_entries] == [1, 2]
    assert results[0].usage.total_tokens == sum(
        e.prompt_tokens + e.completion_tokens for e in cbs_entries
    )
    first_entry = cbs_entries[0]
    full = (first_entry.prompt_tokens * 1.0 + first_entry.completion_tokens * 2.0) / 1e6
    assert first_entry.cost_usd == pytest.approx(full / 2)


@pytest.mark.vcr
def test_batch_body_is_the_request_the_live_path_sends(batch_endpoint, vcr) -> None:
    france24 = Article.from_file(FRANCE24, source=FRANCE24.name)
    [batched] = _summarizer(batch_endpoint).summarize_batch(
        [france24], poll_interval=0, progress=False
    )
    [[line]] = _uploaded_lines(vcr)
    assert line["url"] == "/v1/chat/completions"
    assert line["method"] == "POST"

    live = _summarizer(batch_endpoint).summarize(france24)
    sent = [json.loads(r.body) for r in vcr.requests if r.path.endswith("/chat/completions")]
    assert sent == [line["body"]]
    assert live.model_dump() == batched.model_dump()


@pytest.mark.vcr
def test_a_restarted_run_reuses_its_batches_and_the_cache_serves_the_live_path(
    batch_endpoint, vcr, tmp_path
) -> None:
    cache = tmp_path / "responses.sqlite3"
    first = _summarizer(batch_endpoint, cache=cache).summarize_batch(
        _articles(), poll_interval=0, progress=False
    )
    uploads = sum(r.path.endswith("/files") and r.method == "POST" for r in vcr.requests)
    # A run killed while waiting finds the batches it had submitted: nothing is paid twice.
    again = _summarizer(batch_endpoint).summarize_batch(
        _articles(), poll_interval=0, progress=False
    )
    assert sum(r.path.endswith("/files") and r.method == "POST" for r in vcr.requests) == uploads
    assert [r.model_dump() for r in again] == [r.model_dump() for r in first]

    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise AssertionError(f"no request expected, got {request.url}")

    offline = openai.OpenAI(
        base_url=batch_endpoint,
        api_key="test",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(refuse)),
    )
    live = Summarizer(model=AUTHORED_MODEL, client=offline, cache=cache).summarize_many(
        _articles(), progress=False
    )
    assert all(r.cached for r in live)
    assert [r.events for r in live] == [r.events for r in first]


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])
def test_a_batch_run_leaves_no_connection_behind_its_event_loop() -> None:
    """summarize_batch runs an event loop of its own: no connection may outlive it."""
    france24 = Article.from_file(FRANCE24, source=FRANCE24.name)
    with serve("batch") as (url, _):
        summarizer = Summarizer(model=AUTHORED_MODEL, base_url=url, api_key="test")
        [summary] = summarizer.summarize_batch([france24], poll_interval=0, progress=False)
        summarizer.close()
    assert summary.ok
    del summarizer
    gc.collect()  # a connection of the ended loop would warn here, in this test, not at exit


def _batch(status: str, **fields) -> Batch:
    return Batch.construct(
        id="batch_x",
        object="batch",
        endpoint="/v1/chat/completions",
        input_file_id="file-x",
        completion_window="24h",
        created_at=0,
        status=status,
        **fields,
    )


@pytest.mark.parametrize(
    ("line", "status", "kind", "text"),
    [
        pytest.param(
            {"response": {"status_code": 500, "body": {"error": {"message": "boom"}}}},
            "completed",
            "http",
            "HTTP 500: boom",
            id="item-http-error",
        ),
        pytest.param(
            {"response": None, "error": {"code": "batch_expired", "message": "expired"}},
            "expired",
            "http",
            "expired",
            id="item-error-line",
        ),
        pytest.param(None, "expired", "timeout", "ended 'expired'", id="missing-expired"),
        pytest.param(None, "failed", "http", "batch batch_x failed", id="missing-failed"),
    ],
)
def test_requests_without_an_answer_become_typed_failures(line, status, kind, text) -> None:
    result = outcome(line, _batch(status))
    assert isinstance(result, BatchItemError)
    assert result.kind == kind
    assert text in str(result)


def test_batch_files_stay_within_the_api_limits(monkeypatch) -> None:
    monkeypatch.setattr(batch_module, "MAX_REQUESTS", 3)
    monkeypatch.setattr(batch_module, "MAX_BYTES", 10)
    lines = [b"aaaa\n"] * 4 + [b"bbbbbbbbb\n"]
    assert split_lines(lines) == [[0, 1], [2, 3], [4]]


def test_requests_are_the_ones_instructor_itself_would_send() -> None:
    """conflictsum drives instructor's retry loop directly; the wire must not notice."""
    import instructor

    from conflictsum.extract.response import ArticleExtraction

    article = Article.from_file(FRANCE24, source=FRANCE24.name)
    bodies: list[dict] = []

    def capture(request: httpx2.Request) -> httpx2.Response:
        bodies.append(json.loads(request.content))
        return httpx2.Response(500, json={"error": {"message": "captured"}})

    def client() -> openai.OpenAI:
        return openai.OpenAI(
            base_url=BATCH_URL,
            api_key="test",
            max_retries=0,
            http_client=httpx2.Client(transport=httpx2.MockTransport(capture)),
        )

    summarizer = Summarizer(model=AUTHORED_MODEL, client=client())
    summarizer.summarize(article)
    plain = instructor.from_openai(client(), mode=instructor.Mode.TOOLS)
    with pytest.raises(instructor.core.exceptions.InstructorRetryException):
        plain.create(
            response_model=ArticleExtraction, max_retries=0, **summarizer._request(article)
        )
    assert bodies[0] == bodies[1]
