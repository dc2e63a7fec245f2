"""Shared test fixtures: cassette configuration and the authored-answer stub."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from conflictsum._replay import VCR_CONFIG, json_body_matcher
from conflictsum.demo import AUTHORED_BASE_URL

from .openai_stub import serve_scenario

# Property tests check what code does, not how fast: on a loaded CI machine Hypothesis's
# 200 ms deadline fails tests (seen: grounding on arbitrary strings, 290 ms) for no bug.
settings.register_profile("conflictsum", deadline=None)
settings.load_profile("conflictsum")

ROOT = Path(__file__).resolve().parents[1]
CASSETTES = ROOT / "cassettes"
SEEDS = ROOT / "seeds"


def pytest_recording_configure(config: Any, vcr: Any) -> None:
    vcr.register_matcher("json_body", json_body_matcher)


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    # record_mode stays out of here: it would silently override --record-mode.
    return dict(VCR_CONFIG)


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """cassettes/<backend>/<test module>/, backend from the module's CASSETTE_BACKEND."""
    backend = getattr(request.module, "CASSETTE_BACKEND", "authored")
    return str(CASSETTES / backend / request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture
def recording(request: pytest.FixtureRequest) -> bool:
    """True when this run may write cassettes (any --record-mode but none)."""
    return request.config.getoption("--record-mode") not in (None, "none")


@pytest.fixture
def authored_endpoint(recording: bool) -> Callable[[str], AbstractContextManager[str]]:
    """Serve a scenario's authored answers on loopback while recording; replay needs no server."""

    def endpoint(scenario: str) -> AbstractContextManager[str]:
        if recording:
            return serve_scenario(scenario)
        return nullcontext(AUTHORED_BASE_URL)

    return endpoint


@pytest.fixture(autouse=True, scope="session")
def _places_index_cache(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Keep the gazetteer index pytest builds in pytest's cache folder, not the user's home."""
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    folder = cache.mkdir("conflictsum-places") if cache else tmp_path_factory.mktemp("places")
    patch = pytest.MonkeyPatch()
    patch.setenv("CONFLICTSUM_CACHE_DIR", str(folder))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _private_response_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the CLI's default response cache out of the user's home during tests."""
    monkeypatch.setenv(
        "CONFLICTSUM_CACHE", str(tmp_path_factory.mktemp("cache") / "responses.sqlite3")
    )


@pytest.fixture
def no_openai_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A process environment with no OpenAI configuration at all."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return
