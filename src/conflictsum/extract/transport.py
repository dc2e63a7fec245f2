"""How one prepared chat-completion request reaches the model: cache, budget, retries, ledger.

instructor builds each request (tools block, tool_choice, re-ask messages) and hands it to
`Transport.send` / `Transport.asend` in place of the openai client's own ``create``. So every
request of every attempt, re-asks included, passes through one place that

- serves it from the response cache when the identical request was answered before;
- refuses it once the run budget is spent (`RunBudgetExceeded`, a failure value upstream);
- sends it, retrying 429, 408/409, 5xx and dropped connections with tenacity: a server's
  ``retry-after`` is honoured (and pauses every worker, not just the one that was told),
  otherwise exponential backoff with jitter; the openai client's own retries are off, so
  retries never multiply and the count stays bounded;
- records the answer's usage at once (instructor later overwrites ``response.usage`` with its
  running total) in the conversation's `Call` and in the run's `Ledger`, and stores it;
- hands instructor only usable chat completions: a 200 reply that is not one (an error
  object, no choices, a null message) is `NotACompletion`, and an answer the provider's
  content filter withheld is `ContentFiltered`. Neither is retried as if the model had
  erred (no re-ask can fix them), and neither is cached: the cache would replay it forever.
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import openai
from openai.types.chat import ChatCompletion
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from conflictsum.extract.cache import ResponseCache, request_body, request_key
from conflictsum.extract.ledger import Entry, Ledger, Source
from conflictsum.models import Usage

MAX_RETRY_WAIT = 60.0  # seconds; a longer retry-after falls back to backoff, as the SDK does
_backoff = wait_exponential_jitter(multiplier=0.5, max=8.0, jitter=0.5)


class NotACompletion(Exception):
    """A 200 reply that is not a usable chat completion (a proxy's or gateway's error …)."""


class ContentFiltered(Exception):
    """The provider's content filter withheld the answer (finish_reason content_filter)."""


def unusable(response: Any) -> Exception | None:
    """Why a reply cannot be used as the model's answer, as the exception to raise; or None."""
    error = getattr(response, "error", None)
    if error is None and isinstance(getattr(response, "model_extra", None), dict):
        error = response.model_extra.get("error")
    choices = getattr(response, "choices", None)
    if not choices:
        if isinstance(error, dict):
            error = error.get("message") or error.get("code") or error
        said = f" but an error: {error}" if error else ""
        return NotACompletion(f"the server answered 200 with no chat completion{said}")
    first = choices[0]
    message = getattr(first, "message", None)
    if message is None:
        return NotACompletion("the server answered 200 with a choice that has no message")
    if getattr(first, "finish_reason", None) == "content_filter" and not (
        getattr(message, "tool_calls", None) or getattr(message, "content", None)
    ):
        return ContentFiltered(
            "the provider's content filter withheld the answer (finish_reason=content_filter)"
        )
    return None


class OverBudget(Exception):
    """The next re-ask would take the conversation past its token budget; it was not sent."""

    def __init__(self, budget: int, spent: int, expected: int, attempts: int) -> None:
        super().__init__(
            f"the token budget of {budget:,} tokens would be exceeded: {spent:,} spent over "
            f"{attempts} attempt(s), and the next re-ask would cost about {expected:,}; it was "
            "not sent. Raise token_budget to allow it"
        )
        self.budget, self.spent, self.expected, self.attempts = budget, spent, expected, attempts


class Call(list[Any]):
    """The raw responses of one model conversation, with the usage and source of each."""

    def __init__(
        self, article_id: str = "", part: int | None = None, *, token_budget: int | None = None
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.part = part
        self.usages: list[Usage] = []
        self.sources: list[Source] = []
        self.http_retries = 0
        self.token_budget = token_budget
        self._sizes: list[int] = []  # characters of each answered request (with a budget)
        self._pending_size = 0

    def check_budget(self, request: dict[str, Any]) -> None:
        """Refuse a request that would take the conversation past its token budget.

        instructor checks the budget only against tokens already spent, so the re-ask that
        crosses it is sent in full. The next request is known: the last one plus what the
        re-ask appends (the last answer and the feedback). Counted in the tokens a
        character of the last answer cost, plus an answer as long as the last, a re-ask
        that would not fit in what is left is `OverBudget`, and is not sent.
        """
        if self.token_budget is None:
            return
        size = len(json.dumps(request_body(request), ensure_ascii=False))
        self._pending_size = size
        if not self.usages or not self._sizes or not self.usages[-1].prompt_tokens:
            return  # the first request, or no usage to go by: instructor's check only
        last = self.usages[-1]
        answer = _answer_chars(self[-1])
        per_char = (
            last.completion_tokens / answer
            if answer and last.completion_tokens
            else last.prompt_tokens / max(1, self._sizes[-1])
        )
        grown = max(0, size - self._sizes[-1])
        expected = last.prompt_tokens + round(grown * per_char) + last.completion_tokens
        spent = self.usage.total_tokens
        if spent + expected > self.token_budget:
            raise OverBudget(self.token_budget, spent, expected, len(self))

    @property
    def cached(self) -> bool:
        """True when every answer of the conversation came from the cache."""
        return bool(self.sources) and all(s == "cache" for s in self.sources)

    @property
    def usage(self) -> Usage:
        """Tokens of every answer, retries included."""
        return sum(self.usages, Usage())

    def answered(self, response: Any, usage: Usage, source: Source) -> None:
        """Record one answer of the conversation."""
        self.append(response)
        self.usages.append(usage)
        self.sources.append(source)
        self._sizes.append(self._pending_size)
        self.http_retries = 0


def _answer_chars(response: Any) -> int:
    """Characters of an answer's tool-call arguments, else of its content."""
    try:
        message = response.choices[0].message
        calls = message.tool_calls or []
        return sum(len(c.function.arguments or "") for c in calls) or len(message.content or "")
    except (AttributeError, IndexError, TypeError):
        return 0


_CALL: contextvars.ContextVar[Call | None] = contextvars.ContextVar(
    "conflictsum_call", default=None
)


@contextmanager
def recording(call: Call) -> Iterator[Call]:
    """Record every answer the transport gives inside this block into `call`."""
    token = _CALL.set(call)
    try:
        yield call
    finally:
        _CALL.reset(token)


def retryable(error: BaseException) -> bool:
    """True for transport failures worth another try: what the openai SDK itself retries."""
    if isinstance(error, openai.APIConnectionError):  # dropped connections and timeouts
        return True
    if isinstance(error, openai.APIStatusError):
        should = error.response.headers.get("x-should-retry")
        if should in ("true", "false"):
            return should == "true"
        return error.status_code in (408, 409, 429) or error.status_code >= 500
    return False


def retry_after(error: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, retry-after seconds or date)."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value else None
        return None if when is None else when.timestamp() - time.time()


def _wait(state: RetryCallState) -> float:
    error = state.outcome.exception() if state.outcome is not None else None
    asked = retry_after(error)
    if asked is not None and 0 <= asked <= MAX_RETRY_WAIT:
        return asked
    return float(_backoff(state))


class Transport:
    """Sends instructor's prepared requests; shared by the sync and async paths."""

    def __init__(
        self,
        *,
        client: openai.OpenAI | None,
        async_client: openai.AsyncOpenAI | None,
        endpoint: str,
        ledger: Ledger,
        cache: ResponseCache | None = None,
        http_retries: int = 4,
    ) -> None:
        self.client = client
        self.async_client = async_client
        self.endpoint = endpoint
        self.ledger = ledger
        self.cache = cache
        self.http_retries = http_retries
        self._resume_at = 0.0  # monotonic time before which no request starts (retry-after)
        self._lock = threading.Lock()

    # ---- shared ------------------------------------------------------------------------

    def lookup(self, request: dict[str, Any]) -> tuple[str, ChatCompletion | None]:
        """The request's cache key and its cached answer, recorded as such, if any."""
        key = request_key(self.endpoint, request)
        if self.cache is not None:
            stored = self.cache.get(key)
            # An unusable reply an older version cached is a miss: asked again, replaced.
            if stored is not None and unusable(cached := completion(stored)) is None:
                return key, self.received(key, cached, "cache")
        return key, None

    def _lookup_if_cached(self, request: dict[str, Any]) -> tuple[str, ChatCompletion | None]:
        # Hashing a request costs about a millisecond of CPU: only when there is a cache.
        return self.lookup(request) if self.cache is not None else ("", None)

    def check(self, request: dict[str, Any]) -> None:
        """Before a request is sent: the run's budget, then the conversation's token budget."""
        self.ledger.check()
        call = _CALL.get()
        if call is not None:
            call.check_budget(request)

    def received(self, key: str, response: ChatCompletion, source: Source) -> ChatCompletion:
        """Record an answer's usage now, in the conversation and the ledger, and cache it.

        A reply that is not a usable answer is recorded (its tokens were spent) but not
        cached, and raised as `NotACompletion` or `ContentFiltered`.
        """
        problem = unusable(response)
        if source != "cache" and self.cache is not None and problem is None:
            self.cache.put(key, response.to_dict(mode="json"))
        call = _CALL.get()
        u = response.usage
        usage = Usage(
            prompt_tokens=u.prompt_tokens if u else 0,
            completion_tokens=u.completion_tokens if u else 0,
            total_tokens=u.total_tokens if u else 0,
            requests=1,
        )
        details = u.prompt_tokens_details if u else None
        cached_prompt = (details.cached_tokens or 0) if details else 0
        retries = call.http_retries if call is not None else 0
        if call is not None:
            call.answered(response, usage, source)
        self.ledger.record(
            Entry(
                article_id=call.article_id if call is not None else "",
                attempt=len(call) if call is not None else 0,
                part=call.part if call is not None else None,
                model=self.ledger.model,
                source=source,
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
                cached_prompt_tokens=cached_prompt,
                http_retries=retries,
                cost_usd=None
                if source == "cache"
                else self.ledger.cost(
                    usage, cached_prompt_tokens=cached_prompt, batch=source == "batch"
                ),
            )
        )
        if problem is not None:
            raise problem
        return response

    def retry_policy(self) -> dict[str, Any]:
        """tenacity arguments for one bounded series of transport retries."""
        return {
            "stop": stop_after_attempt(self.http_retries + 1),
            "wait": _wait,
            "retry": retry_if_exception(retryable),
            "before_sleep": self._before_retry,
            "reraise": True,
        }

    def _before_retry(self, state: RetryCallState) -> None:
        call = _CALL.get()
        if call is not None:
            call.http_retries += 1
        error = state.outcome.exception() if state.outcome is not None else None
        asked = retry_after(error)
        if asked is not None and 0 < asked <= MAX_RETRY_WAIT:
            # One worker was told to slow down; the others would be told the same.
            with self._lock:
                self._resume_at = max(self._resume_at, time.monotonic() + asked)

    def _pause(self) -> float:
        return max(0.0, self._resume_at - time.monotonic())

    # ---- sync --------------------------------------------------------------------------

    def send(self, **request: Any) -> ChatCompletion:
        """Answer one prepared request: from the cache, else from the server with retries."""
        key, hit = self._lookup_if_cached(request)
        if hit is not None:
            return hit
        self.check(request)
        if self.client is None:
            raise RuntimeError("no sync client")
        client = self.client
        for attempt in Retrying(**self.retry_policy()):
            with attempt:
                if self._pause():
                    time.sleep(self._pause())
                response = client.chat.completions.create(**request)
        return self.received(key, response, "api")

    # ---- async -------------------------------------------------------------------------

    async def asend(self, **request: Any) -> ChatCompletion:
        """Async twin of send."""
        key, hit = self._lookup_if_cached(request)
        if hit is not None:
            return hit
        self.check(request)
        if self.async_client is None:
            raise RuntimeError("no async client")
        client = self.async_client
        async for attempt in AsyncRetrying(**self.retry_policy()):
            with attempt:
                if self._pause():
                    await asyncio.sleep(self._pause())
                response = await client.chat.completions.create(**request)
        return self.received(key, response, "api")


def completion(data: dict[str, Any]) -> ChatCompletion:
    """A chat completion from its JSON form, leniently, as the openai SDK builds responses."""
    return ChatCompletion.construct(**data)
