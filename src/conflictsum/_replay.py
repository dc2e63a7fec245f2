"""How recorded HTTP exchanges (vcrpy cassettes) are written and matched, for tests and the demo.

Requests match on method, URL and the JSON body compared canonically, so a cassette
replays exactly the conversation that was recorded, re-asks included.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

# instructor's re-ask messages quote pydantic error URLs that carry pydantic's version.
_PYDANTIC_URL = re.compile(r"https://errors\.pydantic\.dev/[0-9.]+/")

_SECRET_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
]
_NOISY_RESPONSE_HEADERS = (
    "date",
    "set-cookie",
    "x-request-id",
    "openai-organization",
    "openai-processing-ms",
    "openai-project",
    "openai-version",
    "cf-ray",
    "server",
)


def canonical_body(body: bytes | str | None) -> str:
    """Return a request body as canonical JSON (sorted keys, version-free pydantic URLs)."""
    if body is None:
        return ""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    with contextlib.suppress(ValueError):
        text = json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)
    return _PYDANTIC_URL.sub("https://errors.pydantic.dev/VERSION/", text)


def json_body_matcher(r1: Any, r2: Any) -> None:
    """vcrpy matcher: the two requests carry the same JSON body."""
    if canonical_body(r1.body) != canonical_body(r2.body):
        raise AssertionError("request bodies differ")


def scrub_request(request: Any) -> Any:
    """Drop headers that change between runs or machines before a request is recorded."""
    for name in list(request.headers):
        lowered = name.lower()
        if lowered.startswith("x-stainless") or lowered == "user-agent":
            del request.headers[name]
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop response headers that are noise (dates, request ids, rate limits)."""
    headers = response.get("headers", {})
    for name in list(headers):
        lowered = name.lower()
        if lowered in _NOISY_RESPONSE_HEADERS or lowered.startswith("x-ratelimit"):
            del headers[name]
    return response


VCR_CONFIG: dict[str, Any] = {
    "filter_headers": _SECRET_HEADERS,
    "filter_query_parameters": ["api-key", "key"],
    "decode_compressed_response": True,
    "match_on": ["method", "scheme", "host", "port", "path", "query", "json_body"],
    "before_record_request": scrub_request,
    "before_record_response": scrub_response,
}


def make_vcr(**overrides: Any) -> Any:
    """A vcr.VCR configured like the test suite's, with the JSON body matcher registered."""
    import vcr

    config = {**VCR_CONFIG, **overrides}
    recorder = vcr.VCR(**config)
    recorder.register_matcher("json_body", json_body_matcher)
    return recorder
