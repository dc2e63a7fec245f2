"""instructor's logging reaches a handler the user configures, and never stderr otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# A failing-then-salvaged run: one event is grounded, the other never is, so every attempt
# fails and the salvage keeps the grounded one. instructor logs "Max retries exceeded" at
# ERROR, though the caller gets a summary.
SCRIPT = textwrap.dedent(
    """
    import logging, sys
    {configure}
    from conflictsum.extract.summarizer import Summarizer
    from tests.fault_server import (
        GROUNDED_ANSWER, UNGROUNDED_ANSWER, Reply, fault_cases, serve_faults
    )

    [case] = [c for c in fault_cases(timeout=5.0) if c.name == "none"]
    events = GROUNDED_ANSWER["events"] + UNGROUNDED_ANSWER["events"]
    answer = Reply("answer", {{"events": events, "claims": []}})
    with serve_faults({{case.article().id: [answer]}}) as server:
        summary = Summarizer(
            model="fault-server", base_url=server.base_url, api_key="test", http_retries=0
        ).summarize(case.article())
    assert summary.ok and summary.attempts == 3 and len(summary.events) == 1, summary
    print("done")
    """
)


def _run(configure: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(configure=configure)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])
def test_nothing_reaches_stderr_when_no_logging_is_configured() -> None:
    result = _run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert result.stderr == ""


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])
def test_a_handler_the_user_configures_still_gets_instructors_records() -> None:
    result = _run("logging.basicConfig(level=logging.ERROR, stream=sys.stderr)")
    assert result.returncode == 0, result.stderr
    assert "ERROR:instructor" in result.stderr
