"""The offline model, for real: SmolLM2-135M through llama-cpp-python's server on loopback.

Tests marked ``local_model`` start the real model (the ``local`` extra) and skip cleanly
without it. They assert the library's guarantees on real model output, not the model's
quality: SmolLM2-135M is far too small to code conflict events, so its answers are
expected to fail validation, and must fail typed, bounded and without keeping anything
ungrounded. The end-to-end test takes about a minute on two CPU cores.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conflictsum import cli
from conflictsum.exceptions import ConfigurationError
from conflictsum.extract import local
from conflictsum.extract.local import LocalServer, default_model_path
from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])

ARTICLE = Article(
    text=(
        "A drone strike hit a fuel depot in Kafr Nabl in Idlib province on Saturday, killing "
        "two fighters. Hayat Tahrir al-Sham accused Russian forces of the strike. Russia's "
        "defence ministry did not comment."
    ),
    published=dt.date(2024, 2, 5),
    source="short.txt",
)


class KeyboardInterruptStandIn(BaseException):
    """Interrupts like Ctrl-C (not an Exception) without stopping pytest."""


# Kinds a real, weak model can end in; "internal" (a bug) and "connection" (a crash) are not.
MODEL_FAILURES = {"validation", "truncated", "refusal", "budget", "timeout"}


def _needs_the_local_extra() -> None:
    pytest.importorskip("llama_cpp")
    pytest.importorskip("llama_cpp.server.app")
    try:
        default_model_path()
    except ConfigurationError as e:
        pytest.skip(str(e))


def test_a_missing_model_file_is_a_configuration_error(tmp_path: Path) -> None:
    expected = "no model file" if importlib.util.find_spec("llama_cpp") else "llama-cpp-python"
    with pytest.raises(ConfigurationError, match=expected):
        LocalServer(tmp_path / "missing.gguf").start()


def test_an_interrupted_start_leaves_no_child_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("needs llama-cpp-python")
    started: list[subprocess.Popen[bytes]] = []

    class Recorded(subprocess.Popen[bytes]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterruptStandIn

    monkeypatch.setattr(local.subprocess, "Popen", Recorded)
    monkeypatch.setattr(local.urllib.request, "urlopen", interrupted)
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    server = LocalServer(model)
    with pytest.raises(KeyboardInterruptStandIn):
        server.start()
    [child] = started
    assert child.poll() is not None
    assert server.process is None


@pytest.mark.local_model
def test_the_real_model_end_to_end_keeps_every_guarantee(monkeypatch: pytest.MonkeyPatch) -> None:
    _needs_the_local_extra()
    # Variables the llama.cpp server would obey over its flags: the child must ignore them.
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "9")
    monkeypatch.setenv("API_KEY", "would-lock-us-out")
    articles = [ARTICLE, Article(text="   ")]
    with Summarizer.local(max_tokens=300, max_attempts=2) as summarizer:
        process = summarizer.server.process
        assert process is not None
        results = summarizer.summarize_many(articles, progress=False)
    assert process.poll() is not None, "the model server outlived its summarizer"

    assert [r.article for r in results] == articles
    real, empty = results
    assert empty.failure is not None
    assert (empty.failure.kind, empty.usage.requests) == ("input", 0)

    assert real.model == "SmolLM2-135M-Instruct.Q4_1"
    assert 1 <= real.attempts <= 2
    assert real.usage.requests == real.attempts
    assert real.usage.total_tokens > 0
    if real.failure is not None:
        assert real.failure.kind in MODEL_FAILURES, real.failure.message
        assert real.failure.attempts == real.attempts
    for item in [*real.events, *real.claims]:
        assert item.evidence, "an item without grounded evidence was kept"
        for evidence in item.evidence:
            assert ARTICLE.text[evidence.start : evidence.end] == evidence.quote
    for event in real.events:
        assert event.date.end <= ARTICLE.published


@pytest.mark.local_model
def test_cli_local_starts_and_stops_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _needs_the_local_extra()
    unreadable = tmp_path / "empty.txt"
    unreadable.write_bytes(b"")
    # No readable article: the model server starts and stops without being asked anything.
    assert cli.main(["summarize", "--local", str(unreadable)]) == 1
    out = capsys.readouterr().out
    assert "empty.txt: input: " in out
    assert "1 articles, 1 failed" in out


@pytest.mark.local_model
def test_the_server_exits_when_its_parent_goes_away() -> None:
    _needs_the_local_extra()
    server = LocalServer(default_model_path()).start()
    try:
        process = server.process
        assert process is not None
        assert process.stdin is not None
        process.stdin.close()  # what the OS does when the parent dies, however it dies
        assert process.wait(timeout=15) == 0
    except subprocess.TimeoutExpired:
        pytest.fail("the model server kept running without its parent")
    finally:
        server.close()
