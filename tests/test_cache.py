"""The response cache: keyed on everything that shapes the answer; a re-run makes no request."""

from __future__ import annotations

import pytest

from conflictsum.extract import verify
from conflictsum.extract.cache import ResponseCache, request_key
from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article

from .batch_stub import StubState, stub_client
from .conftest import SEEDS
from .fault_server import (
    ARTICLE_TEXT,
    ERROR_200,
    FILTERED,
    GROUNDED_ANSWER,
    NO_CHOICES,
    NULL_MESSAGE,
    PUBLISHED,
    Reply,
    serve_faults,
)

REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "x"}],
    "tools": [{"type": "function", "function": {"name": "ArticleExtraction", "parameters": {}}}],
    "tool_choice": {"type": "function", "function": {"name": "ArticleExtraction"}},
    "temperature": 0.0,
    "seed": 1,
    "max_tokens": 100,
}
ENDPOINT = "https://api.openai.com/v1"


def _seeds() -> list[Article]:
    return [Article.from_file(p, source=p.name) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"model": "gpt-4o"}, id="model"),
        pytest.param({"messages": [{"role": "user", "content": "y"}]}, id="messages"),
        pytest.param({"tools": []}, id="response-schema"),
        pytest.param({"tool_choice": "auto"}, id="mode"),
        pytest.param({"temperature": 0.7}, id="temperature"),
        pytest.param({"seed": 2}, id="seed"),
        pytest.param({"max_tokens": 200}, id="max-tokens"),
        pytest.param({"top_p": 0.5}, id="other-sampling-parameter"),
    ],
)
def test_every_part_of_the_request_changes_the_key(change: dict) -> None:
    assert request_key(ENDPOINT, {**REQUEST, **change}) != request_key(ENDPOINT, REQUEST)


def test_key_ignores_key_order_and_the_pydantic_version_but_not_the_endpoint(monkeypatch) -> None:
    reordered = dict(reversed(list(REQUEST.items())))
    assert request_key(ENDPOINT, reordered) == request_key(ENDPOINT, REQUEST)
    reask = {
        **REQUEST,
        "messages": [{"role": "user", "content": "https://errors.pydantic.dev/2.11/v/x"}],
    }
    upgraded = {
        **REQUEST,
        "messages": [{"role": "user", "content": "https://errors.pydantic.dev/2.14/v/x"}],
    }
    assert request_key(ENDPOINT, reask) == request_key(ENDPOINT, upgraded)
    assert request_key("http://localhost:8080/v1", REQUEST) != request_key(ENDPOINT, REQUEST)
    from conflictsum.extract import cache

    before = request_key(ENDPOINT, REQUEST)
    monkeypatch.setattr(cache, "PROMPT_VERSION", "other")
    assert request_key(ENDPOINT, REQUEST) != before


def test_a_re_run_makes_no_request_and_verifies_the_cached_answer_again(
    tmp_path, monkeypatch
) -> None:
    state = StubState("seeds", "authored-strong-model", 0.0)
    path = tmp_path / "responses.sqlite3"
    first = Summarizer(client=stub_client(state), cache=path).summarize_many(
        _seeds(), progress=False
    )
    assert len(state.requests) == 2
    assert not any(s.cached for s in first)

    checked: list[str] = []
    real = verify.verify_extraction

    def counting(extraction, article, **options):
        checked.append(article.id)
        return real(extraction, article, **options)

    monkeypatch.setattr(verify, "verify_extraction", counting)
    again = Summarizer(client=stub_client(state), cache=ResponseCache(path))
    second = again.summarize_many(_seeds(), progress=False)
    assert len(state.requests) == 2  # nothing new was asked
    assert all(s.cached for s in second)
    assert sorted(checked) == sorted(a.id for a in _seeds())
    assert [s.model_dump(exclude={"cached"}) for s in second] == [
        s.model_dump(exclude={"cached"}) for s in first
    ]
    assert again.ledger.spent_tokens == 0
    assert {e.source for e in again.ledger.entries} == {"cache"}
    again.cache.close()


def test_server_errors_are_not_cached(tmp_path) -> None:
    state = StubState("http_error", "authored-strong-model", 0.0)
    article = Article.from_file(SEEDS / "003_f0a96038b6aa46b8.txt")
    for _ in range(2):
        summarizer = Summarizer(client=stub_client(state), cache=tmp_path / "c.sqlite3")
        assert summarizer.summarize(article).failure.kind == "http"
    assert len(state.requests) == 2
    assert len(ResponseCache(tmp_path / "c.sqlite3")) == 0


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])
@pytest.mark.parametrize("bad", [ERROR_200, NO_CHOICES, NULL_MESSAGE, FILTERED])
def test_only_usable_completions_are_cached(tmp_path, bad) -> None:
    article = Article(id="poison", text=ARTICLE_TEXT, published=PUBLISHED)
    path = tmp_path / "c.sqlite3"
    with serve_faults({article.id: [bad, Reply("answer", GROUNDED_ANSWER)]}) as server:

        def run():
            summarizer = Summarizer(
                model="m", base_url=server.base_url, api_key="test", cache=path, max_attempts=1
            )
            with summarizer:
                return summarizer.summarize(article)

        assert run().failure is not None
        assert len(ResponseCache(path)) == 0
        healed = run()  # the server is asked again, not the cache
        assert healed.ok, healed.failure
        assert not healed.cached
        assert run().cached
    assert len(server.exchanges(article.id)) == 2


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])
def test_an_unusable_reply_an_older_version_cached_is_a_miss(tmp_path) -> None:
    article = Article(id="old-poison", text=ARTICLE_TEXT, published=PUBLISHED)
    path = tmp_path / "c.sqlite3"
    with serve_faults({article.id: [Reply("answer", GROUNDED_ANSWER)]}) as server:

        def run():
            summarizer = Summarizer(model="m", base_url=server.base_url, api_key="test", cache=path)
            with summarizer:
                return summarizer.summarize(article)

        assert run().ok
        cache = ResponseCache(path)
        cache._connection().execute(
            "UPDATE responses SET response = ?", ('{"error": {"message": "overloaded"}}',)
        )
        cache.close()
        again = run()
    assert again.ok, again.failure
    assert not again.cached
    assert len(server.exchanges(article.id)) == 2


def test_the_article_is_sent_verbatim_even_with_template_braces() -> None:
    """instructor renders messages as Jinja when given a context; ours are never rendered."""
    seed = Article.from_file(SEEDS / "000_bbcc1724acb96845.txt")
    text = seed.text + "\n\nA reader wrote {{ article.id }} and {% if x %} in a comment."
    article = seed.model_copy(update={"text": text})
    sent: list[str] = []
    state = StubState("seeds", "authored-strong-model", 0.0)
    client = stub_client(state)
    original = state.answer

    def keep(body: dict) -> tuple[int, dict]:
        sent.append(body["messages"][1]["content"])
        return original(body)

    state.answer = keep  # type: ignore[method-assign]
    summary = Summarizer(client=client).summarize(article)
    assert summary.ok, summary.failure
    assert "{{ article.id }} and {% if x %}" in sent[0]
