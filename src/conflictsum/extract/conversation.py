"""One model conversation through instructor's own machinery, without its per-call set-up.

instructor's patched ``create`` re-derives everything about the response model on every
call (it walks the model's whole type tree seven times and copies the tool schema), about
20 ms of CPU per article, four times what the request itself costs in the openai SDK; at
scale that, not the network, bounds throughput. The derived request fields never change
for a model and mode, so they are derived once here, and each call goes straight to
instructor's retry loop (the same function the patched ``create`` ends in), with its
parsing, re-asks carrying our validation feedback, token budget and exceptions unchanged.
tests/test_batch.py checks the request bodies against what ``instructor.from_openai``
sends.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

import instructor
from instructor.v2.core.messages import isolate_retry_kwargs
from instructor.v2.core.providers import Provider
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from instructor.v2.core.retry import retry_async_v2, retry_sync_v2

from conflictsum.extract.response import STRICT, ArticleExtraction


@functools.cache
def _prepared(mode: instructor.Mode) -> tuple[Any, dict[str, Any] | None]:
    """The response model as instructor runs it, and the request fields it adds, if constant."""
    model = prepare_response_model(ArticleExtraction)
    handlers = mode_registry.get_handlers(Provider.OPENAI, mode)
    probe = [{"role": "user", "content": "probe"}]
    prepared, fields = handlers.request_handler(response_model=model, kwargs={"messages": probe})
    # Modes that only add fields (tools, tool_choice, response_format) are derived once;
    # a mode that rewrites the messages (JSON modes add a schema prompt) is derived per call.
    constant = fields.pop("messages") == probe
    return prepared, fields if constant else None


def _request(mode: instructor.Mode, request: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    model, fields = _prepared(mode)
    handlers = mode_registry.get_handlers(Provider.OPENAI, mode)
    if fields is not None:
        prepared = {**request, **fields}
    else:
        model, prepared = handlers.request_handler(response_model=model, kwargs=request)
    if handlers.message_converter is not None:  # multimodal parts; plain text passes as is
        prepared["messages"] = handlers.message_converter(prepared["messages"])
    return model, isolate_retry_kwargs(prepared)


def _retry_arguments(
    send: Callable[..., Any],
    mode: instructor.Mode,
    request: dict[str, Any],
    max_retries: int,
    token_budget: int | None,
) -> dict[str, Any]:
    """What instructor's sync and async retry loops both take, for one conversation."""
    model, kwargs = _request(mode, request)
    return {
        "func": send,
        "response_model": model,
        "provider": Provider.OPENAI,
        "mode": mode,
        "context": None,
        "max_retries": max_retries,
        "args": (),
        "kwargs": kwargs,
        "strict": STRICT,
        "token_budget": token_budget,
    }


def converse(
    send: Callable[..., Any],
    mode: instructor.Mode,
    request: dict[str, Any],
    *,
    max_retries: int,
    token_budget: int | None,
) -> ArticleExtraction:
    """Ask the model through `send` until an answer passes validation or attempts run out."""
    answer: ArticleExtraction = retry_sync_v2(
        **_retry_arguments(send, mode, request, max_retries, token_budget)
    )
    return answer


async def aconverse(
    send: Callable[..., Awaitable[Any]],
    mode: instructor.Mode,
    request: dict[str, Any],
    *,
    max_retries: int,
    token_budget: int | None,
) -> ArticleExtraction:
    """Async twin of converse."""
    answer: ArticleExtraction = await retry_async_v2(
        **_retry_arguments(send, mode, request, max_retries, token_budget)
    )
    return answer
