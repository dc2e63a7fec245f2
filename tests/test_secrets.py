"""No secret leaves the machine in a cassette, and no log line prints an API key.

Every cassette under cassettes/ is scanned for credential headers and for anything that
looks like a key (``sk-…``, ``Bearer …``, ``api_key=…``). The scanner is itself tested on
a cassette that leaks, and the recording pipeline is tested end to end: a request sent
with a key is recorded without it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import openai
import pytest
import yaml

from conflictsum._replay import make_vcr
from conflictsum.extract.summarizer import Summarizer

from .conftest import CASSETTES
from .fault_server import (
    DROPPED,
    NONSENSE_ANSWER,
    OK,
    SERVER_ERROR,
    FaultCase,
    Reply,
    serve_faults,
)

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])

KEY = "sk-proj-Zq4TestOnlyNotARealKey0123456789abcdefXYZ"
SECRET_HEADERS = {
    "authorization",
    "proxy-authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
}
SECRET_TEXT = [
    re.compile(r"\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_\-]{16,}"),
    re.compile(r"\bBearer\s+[A-Za-z0-9._\-]{8,}", re.IGNORECASE),
    re.compile(r"""\bapi[-_]?key["']?\s*[:=]\s*["']?[A-Za-z0-9._\-]{8,}""", re.IGNORECASE),
]
ALL_CASSETTES = sorted(CASSETTES.rglob("*.yaml"))


def leaks(path: Path) -> list[str]:
    """Every credential header or key-like string in one cassette, described."""
    found = []
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for i, interaction in enumerate(data.get("interactions") or []):
        for side in ("request", "response"):
            headers = (interaction.get(side) or {}).get("headers") or {}
            found += [
                f"{side} {i}: header {name}" for name in headers if name.lower() in SECRET_HEADERS
            ]
        uri = (interaction.get("request") or {}).get("uri", "")
        if re.search(r"[?&](?:api[-_]?key|key|access_token)=", uri, re.IGNORECASE):
            found.append(f"request {i}: credential in the URL {uri}")
    text = path.read_text(encoding="utf-8")
    found += [f"text: {m.group()[:12]}…" for pattern in SECRET_TEXT for m in pattern.finditer(text)]
    return found


def test_there_are_cassettes_to_scan() -> None:
    assert len(ALL_CASSETTES) >= 5


@pytest.mark.parametrize(
    "path", ALL_CASSETTES, ids=[str(p.relative_to(CASSETTES)) for p in ALL_CASSETTES]
)
def test_cassette_holds_no_secret(path: Path) -> None:
    assert leaks(path) == []


def test_the_scanner_finds_what_a_careless_recording_leaks(tmp_path: Path) -> None:
    cassette = {
        "interactions": [
            {
                "request": {
                    "uri": "https://api.example.com/v1/chat?api-key=abc",
                    "headers": {"Authorization": [f"Bearer {KEY}"], "OpenAI-Project": ["p"]},
                    "body": '{"api_key": "0123456789abcdef"}',
                },
                "response": {"headers": {"Set-Cookie": ["session=1"]}},
            }
        ]
    }
    path = tmp_path / "leaky.yaml"
    path.write_text(yaml.safe_dump(cassette), encoding="utf-8")
    found = " ".join(leaks(path))
    for what in (
        "authorization",
        "openai-project",
        "set-cookie",
        "URL",
        "sk-proj-",
        "Bearer",
        "api_key",
    ):
        assert what.lower() in found.lower(), what


def test_recording_drops_the_key_that_was_sent(tmp_path: Path) -> None:
    article = FaultCase("none", (OK,), "ok").article()
    cassette = tmp_path / "recorded.yaml"
    with (
        serve_faults({article.id: [OK]}) as server,
        openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0) as client,
        make_vcr(record_mode="all").use_cassette(str(cassette)),
    ):
        [summary] = Summarizer(model="m", client=client).summarize_many([article], progress=False)
    assert summary.ok
    [exchange] = server.ledger
    assert exchange.headers["authorization"] == f"Bearer {KEY}"  # the key was really sent
    assert cassette.exists()
    assert leaks(cassette) == []


def test_logs_of_a_failing_run_never_print_the_key(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    for name in ("", "openai", "httpx2", "httpcore2", "instructor", "conflictsum", "tenacity"):
        caplog.set_level(logging.DEBUG, logger=name)
    cases = {
        "unauthorized": [Reply("status", status=401, text="Incorrect API key provided")],
        "server-error": [SERVER_ERROR],
        "dropped": [DROPPED],
        "nonsense": [Reply("answer", NONSENSE_ANSWER)],
        "fine": [OK],
    }
    articles = [
        FaultCase(name, (), "ok").article().model_copy(update={"id": name}) for name in cases
    ]
    # The key comes from the environment, as in ordinary use; one transport retry still
    # logs a retry while keeping the dropped connection's back-off short.
    with (
        serve_faults(cases) as server,
        Summarizer(
            model="m", base_url=server.base_url, timeout=2, max_attempts=2, http_retries=1
        ) as summarizer,
    ):
        results = summarizer.summarize_many(articles, progress=False)
    assert [r.failure.kind if r.failure else "ok" for r in results] == [
        "http",
        "http",
        "connection",
        "validation",
        "ok",
    ]
    assert all(e.headers.get("authorization") == f"Bearer {KEY}" for e in server.ledger)
    assert "Sending HTTP Request" in caplog.text  # the SDK's debug logging was on
    assert KEY not in caplog.text
    assert KEY[8:24] not in caplog.text
    for result in results:
        assert KEY not in result.model_dump_json()


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(KEY, id="openai-shaped-key"),
        pytest.param("gateway-token-7f3a9c0e55d1", id="any-other-key"),
    ],
)
def test_a_key_a_server_echoes_back_is_redacted_from_the_result(key: str) -> None:
    echoed = f"Incorrect API key provided: {key}. Also seen: sk-otherKeyOfSomeone0123456789"
    cases = {
        "unauthorized": [Reply("status", status=401, text=echoed)],
        "echo-in-answer": [Reply("content", text=echoed)],
    }
    articles = [
        FaultCase(name, (), "ok").article().model_copy(update={"id": name}) for name in cases
    ]
    with (
        serve_faults(cases) as server,
        Summarizer(
            model="m", base_url=server.base_url, api_key=key, max_attempts=1, http_retries=0
        ) as summarizer,
    ):
        results = summarizer.summarize_many(articles, progress=False)
    assert all(e.headers.get("authorization") == f"Bearer {key}" for e in server.ledger)
    for result in results:
        assert result.failure is not None
        dumped = result.model_dump_json()
        assert key not in dumped
        assert "sk-otherKeyOfSomeone" not in dumped
        assert "[redacted]" in result.failure.message + (result.failure.raw or "")
