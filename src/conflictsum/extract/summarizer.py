"""Summarizer: articles in, validated ArticleSummary out; sync and async twins over shared logic.

Only this module talks to a model. The call itself goes through instructor (schema-driven,
re-asks with our validation feedback, token budget); everything before and after the call
is shared pure code, so the sync and async paths differ only in how they wait.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

import instructor
import openai
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    TokenBudgetExceeded,
)
from instructor.core.hooks import Hooks
from pydantic import ValidationError

from conflictsum._types import FailureKind
from conflictsum.exceptions import ConfigurationError
from conflictsum.extract.prompt import build_messages
from conflictsum.extract.response import ArticleExtraction, ClaimOut, EventOut
from conflictsum.extract.verify import Verified, verify_items
from conflictsum.models import Article, ArticleSummary, Dropped, Failure, Usage

DEFAULT_MODEL = "gpt-4o-mini"
_RAW_LIMIT = 4000  # characters of the model's last answer kept in a Failure

_NO_ENDPOINT = (
    "no model endpoint is configured. Do one of:\n"
    "  - set OPENAI_API_KEY (OpenAI), or pass api_key=...;\n"
    "  - pass base_url=... for an OpenAI-compatible server (Ollama: http://localhost:11434/v1, "
    "vLLM or llama.cpp: http://localhost:8000/v1), or set OPENAI_BASE_URL;\n"
    "  - pass client=openai.OpenAI(...) yourself;\n"
    "  - or run the bundled offline demo: conflictsum demo"
)


class Summarizer:
    """Extracts events and claims from articles with any OpenAI-compatible chat model."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
        mode: instructor.Mode | None = None,
        max_attempts: int = 3,
        token_budget: int | None = None,
        temperature: float | None = 0.0,
        seed: int | None = None,
        max_tokens: int | None = None,
        timeout: float = 120.0,
        max_chars: int = 100_000,
        aliases: Any = None,
    ) -> None:
        if max_attempts < 1:
            raise ConfigurationError("max_attempts must be at least 1")
        self.model = model
        self.max_attempts = max_attempts
        self.token_budget = token_budget
        self.temperature = temperature
        self.seed = seed
        self.max_tokens = max_tokens
        self.max_chars = max_chars
        self.aliases = aliases
        if client is None and async_client is None:
            base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
            api_key = api_key or os.environ.get("OPENAI_API_KEY") or None
            if base_url is None and api_key is None:
                raise ConfigurationError(_NO_ENDPOINT)
            # Local servers ignore the key, but the SDK insists on one.
            api_key = api_key or "not-needed"
            client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout)
            async_client = openai.AsyncOpenAI(base_url=base_url, api_key=api_key, timeout=timeout)
        reference = client or async_client
        assert reference is not None
        self.base_url = str(reference.base_url)
        # Forced tool calls work on OpenAI and on llama.cpp / vLLM / Ollama servers alike
        # (llama.cpp rejects response_format json_schema). instructor 1.17 deprecates
        # TOOLS_STRICT; the response schema is strict-compatible by construction instead.
        self.mode = mode or instructor.Mode.TOOLS
        self._client = instructor.from_openai(client, mode=self.mode) if client else None
        self._aclient = (
            instructor.from_openai(async_client, mode=self.mode) if async_client else None
        )

    # ---- shared pure logic -------------------------------------------------------------

    def _request(self, article: Article) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model, "messages": build_messages(article)}
        for name in ("temperature", "seed", "max_tokens"):
            value = getattr(self, name)
            if value is not None:
                request[name] = value
        return request

    def _input_failure(self, article: Article) -> ArticleSummary | None:
        if not article.text.strip():
            message = "the article has no text"
        elif len(article.text) > self.max_chars:
            message = (
                f"the article has {len(article.text):,} characters, more than max_chars="
                f"{self.max_chars:,}; split it or raise max_chars"
            )
        else:
            return None
        return ArticleSummary(
            article=article, model=self.model, failure=Failure(kind="input", message=message)
        )

    def _call_kwargs(self, article: Article, hooks: Hooks) -> dict[str, Any]:
        return {
            "response_model": ArticleExtraction,
            "max_retries": self.max_attempts - 1,
            "context": {"article": article, "aliases": self.aliases},
            "hooks": hooks,
            "token_budget": self.token_budget,
            **self._request(article),
        }

    def _summary(
        self,
        article: Article,
        responses: _Responses,
        answer: ArticleExtraction | None,
        error: BaseException | None,
    ) -> ArticleSummary:
        usage = _usage(responses)
        attempts = max(len(responses), getattr(error, "n_attempts", 0) or 0)
        model = getattr(responses[-1], "model", None) if responses else None
        base = {
            "article": article,
            "usage": usage,
            "model": model or self.model,
            "attempts": attempts,
        }
        if answer is not None and isinstance(answer._verified, Verified):
            return ArticleSummary(
                events=answer._verified.events, claims=answer._verified.claims, **base
            )
        assert error is not None
        kind, message = _classify(error)
        raw = _answer_text(responses[-1]) if responses else None
        if kind in ("validation", "budget") and raw is not None:
            salvaged = _salvage(raw, article, self.aliases)
            if salvaged is not None and (salvaged.events or salvaged.claims):
                note = f"{message}; kept the items that passed validation"
                return ArticleSummary(
                    events=salvaged.events,
                    claims=salvaged.claims,
                    dropped=salvaged.dropped,
                    notes=[note],
                    **base,
                )
            dropped = salvaged.dropped if salvaged is not None else []
            if salvaged is not None and not dropped:
                # The model's final answer was empty and valid only in form.
                message = f"{message}; the last answer held no events or claims"
        else:
            dropped = []
        failure = Failure(
            kind=kind,
            message=message,
            attempts=attempts,
            usage=usage,
            raw=raw[:_RAW_LIMIT] if raw else None,
        )
        return ArticleSummary(failure=failure, dropped=dropped, **base)

    # ---- sync --------------------------------------------------------------------------

    def summarize(self, article: Article) -> ArticleSummary:
        """Summarize one article; a failure comes back as a value, never as an exception."""
        early = self._input_failure(article)
        if early is not None:
            return early
        if self._client is None:
            raise ConfigurationError(
                "this Summarizer was given only an async client; use asummarize"
            )
        hooks, responses = _recording_hooks()
        try:
            answer = self._client.create(**self._call_kwargs(article, hooks))
        except Exception as e:  # every failure becomes a value: see _classify
            return self._summary(article, responses, None, e)
        return self._summary(article, responses, answer, None)

    def summarize_many(
        self, articles: Iterable[Article], *, concurrency: int = 8, progress: bool = True
    ) -> list[ArticleSummary]:
        """Summarize articles in parallel threads; returns one result per article, in order."""
        items = list(articles)
        results: list[ArticleSummary | None] = [None] * len(items)
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            futures = {pool.submit(self._summarize_safely, a): i for i, a in enumerate(items)}
            bar = _progress(len(items), progress)
            for future in as_completed(futures):
                summary = future.result()
                results[futures[future]] = summary
                _advance(bar, summary)
            if bar is not None:
                bar.close()
        return [r for r in results if r is not None]

    def _summarize_safely(self, article: Article) -> ArticleSummary:
        try:
            return self.summarize(article)
        except Exception as e:  # a bug must cost one article, not the batch
            return _internal_failure(article, self.model, e)

    # ---- async -------------------------------------------------------------------------

    async def asummarize(self, article: Article) -> ArticleSummary:
        """Async twin of summarize."""
        early = self._input_failure(article)
        if early is not None:
            return early
        if self._aclient is None:
            raise ConfigurationError("this Summarizer was given only a sync client; use summarize")
        hooks, responses = _recording_hooks()
        try:
            answer = await self._aclient.create(**self._call_kwargs(article, hooks))
        except Exception as e:
            return self._summary(article, responses, None, e)
        return self._summary(article, responses, answer, None)

    async def asummarize_many(
        self, articles: Iterable[Article], *, concurrency: int = 8, progress: bool = True
    ) -> list[ArticleSummary]:
        """Async twin of summarize_many: bounded concurrency, one result per article, in order."""
        items = list(articles)
        gate = asyncio.Semaphore(max(1, concurrency))
        bar = _progress(len(items), progress)

        async def one(article: Article) -> ArticleSummary:
            async with gate:
                try:
                    summary = await self.asummarize(article)
                except Exception as e:
                    summary = _internal_failure(article, self.model, e)
            _advance(bar, summary)
            return summary

        try:
            return list(await asyncio.gather(*(one(a) for a in items)))
        finally:
            if bar is not None:
                bar.close()


class _Responses(list[Any]):
    """Raw responses of one call, with the usage each reported when it arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.usages: list[Usage] = []


def _recording_hooks() -> tuple[Hooks, _Responses]:
    """Per-call hooks that keep every raw response, so usage counts every attempt."""
    responses = _Responses()

    def keep(response: Any) -> None:
        # instructor may emit the same response more than once on a re-ask, and later
        # overwrites response.usage with its running total: read the usage now, once.
        if any(response is seen for seen in responses):
            return
        responses.append(response)
        u = getattr(response, "usage", None)
        responses.usages.append(
            Usage(
                prompt_tokens=getattr(u, "prompt_tokens", 0) or 0,
                completion_tokens=getattr(u, "completion_tokens", 0) or 0,
                total_tokens=getattr(u, "total_tokens", 0) or 0,
                requests=1,
            )
        )

    hooks = Hooks()
    hooks.on("completion:response", keep)
    return hooks, responses


def _usage(responses: _Responses) -> Usage:
    return sum(responses.usages, Usage())


def _answer_text(response: Any) -> str | None:
    """The model's answer as text: tool-call arguments, else message content or refusal."""
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError):
        return None
    for call in message.tool_calls or []:
        return str(call.function.arguments)
    return message.content or getattr(message, "refusal", None)


def _classify(error: BaseException) -> tuple[FailureKind, str]:
    """Map what went wrong to a failure kind and a message a person can act on."""
    if isinstance(error, IncompleteOutputException):
        return "truncated", "the answer was cut off (finish_reason=length); raise max_tokens"
    if isinstance(error, TokenBudgetExceeded):
        return "budget", str(error)
    cause: BaseException = error
    if isinstance(error, InstructorRetryException) and error.__cause__ is not None:
        cause = error.__cause__
    if isinstance(cause, openai.APITimeoutError):
        return "timeout", f"the server did not answer in time: {cause}"
    if isinstance(cause, openai.APIConnectionError):
        reason = cause.__cause__ or cause
        return "connection", f"could not reach the model server: {reason}"
    if isinstance(cause, openai.APIStatusError):
        return "http", f"HTTP {cause.status_code}: {cause.message}"
    if isinstance(cause, AssertionError) and "Unable to generate a response" in str(cause):
        return "refusal", str(cause)
    if isinstance(error, InstructorRetryException):
        n = error.n_attempts
        return "validation", f"no valid answer after {n} attempt(s): {_short(str(cause))}"
    return "internal", f"{type(error).__name__}: {error}"


def _short(text: str, limit: int = 1500) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


def _salvage(raw: str, article: Article, aliases: Any) -> Verified | None:
    """Keep what passes from a final answer that failed as a whole; drop the rest with reasons."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    events: list[tuple[int, EventOut]] = []
    claims: list[tuple[int, ClaimOut]] = []
    schema_drops: list[Dropped] = []
    for key, model, bucket in (("events", EventOut, events), ("claims", ClaimOut, claims)):
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            try:
                bucket.append((i, model.model_validate(item)))  # type: ignore[arg-type]
            except ValidationError as e:
                reasons = [f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()]
                schema_drops.append(
                    Dropped(
                        kind="event" if key == "events" else "claim",
                        index=i,
                        reasons=reasons,
                        item=item if isinstance(item, dict) else {"value": item},
                    )
                )
    n_events = len(data["events"]) if isinstance(data.get("events"), list) else 0
    verified = verify_items(events, claims, n_events, article, aliases=aliases)
    verified.dropped = sorted(schema_drops + verified.dropped, key=lambda d: (d.kind, d.index))
    return verified


def _internal_failure(article: Article, model: str, error: Exception) -> ArticleSummary:
    return ArticleSummary(
        article=article,
        model=model,
        failure=Failure(kind="internal", message=f"{type(error).__name__}: {error}"),
    )


def _progress(total: int, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="article", desc="summarize")


def _advance(bar: Any, summary: ArticleSummary) -> None:
    if bar is None:
        return
    bar.update(1)
    stats = getattr(bar, "_cs_stats", {"failed": 0, "tokens": 0})
    stats["failed"] += summary.failure is not None
    stats["tokens"] += summary.usage.total_tokens
    bar._cs_stats = stats
    bar.set_postfix(failed=stats["failed"], tokens=stats["tokens"], refresh=False)
