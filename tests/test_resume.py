"""Resumable runs: finished articles survive kill -9, are never requested or written twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conflictsum.exceptions import ConfigurationError
from conflictsum.export import from_jsonl
from conflictsum.extract.resume import ResultFile
from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Article, ArticleSummary, Failure

from .batch_stub import StubState, serve, stub_client
from .conftest import ROOT, SEEDS

MODEL = "authored-strong-model"


def _copies(n: int) -> list[Article]:
    """n distinct articles the seed scripts answer (ids <seed id>-k)."""
    seeds = [Article.from_file(p, source=p.name) for p in sorted(SEEDS.glob("*.txt"))]
    return [seeds[k % 2].model_copy(update={"id": f"{seeds[k % 2].id}-{k}"}) for k in range(n)]


def _ids_in(path: Path) -> list[str]:
    return [
        ArticleSummary.model_validate_json(line).article.id
        for line in path.read_text().splitlines()
    ]


def test_a_torn_last_line_is_cut_away_and_a_whole_one_is_kept(tmp_path) -> None:
    done = [ArticleSummary(article=a) for a in _copies(3)]
    path = tmp_path / "out.jsonl"
    whole = "".join(s.model_dump_json() + "\n" for s in done[:2])
    path.write_text(whole + done[2].model_dump_json()[:40])
    results = ResultFile(path)
    assert results.repaired
    assert list(results.finished) == [s.article.id for s in done[:2]]
    assert path.read_text() == whole
    assert results.append(done[2])
    assert not results.append(done[2])  # never twice
    results.close()
    path.write_text(whole.rstrip("\n"))  # killed after the line, before its newline
    with ResultFile(path) as reopened:
        assert len(reopened.finished) == 2
    assert path.read_text() == whole


def test_one_run_at_a_time_writes_a_file(tmp_path) -> None:
    path = tmp_path / "out.jsonl"
    [a, b] = _copies(2)
    first = ResultFile(path)
    with pytest.raises(ConfigurationError, match=r"out\.jsonl is being written by another run"):
        ResultFile(path)
    assert first.append(ArticleSummary(article=a))  # the failed open took nothing from it
    first.close()
    with pytest.raises(ConfigurationError, match="was closed"):
        first.append(ArticleSummary(article=b))
    with ResultFile(path) as second:
        assert list(second.finished) == [a.id]


_HOLDER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from conflictsum.extract.resume import ResultFile
    held = ResultFile(sys.argv[1])
    print("held", flush=True)
    time.sleep(60)
    """
)


def test_another_process_holding_the_file_is_refused_until_it_dies(tmp_path) -> None:
    path = tmp_path / "out.jsonl"
    script = _HOLDER.format(root=str(ROOT))
    with subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == b"held"
            summarizer = Summarizer(model=MODEL, client=stub_client(StubState("seeds", MODEL, 0.0)))
            with pytest.raises(ConfigurationError, match="being written by another run"):
                summarizer.summarize_many(_copies(1), progress=False, output=path)
        finally:
            holder.kill()  # SIGKILL: no chance to release the lock itself
    with ResultFile(path) as after:  # the operating system released it
        assert after.finished == {}


def test_a_foreign_line_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"not": "a summary"}\n{"more": 1}\n')
    with pytest.raises(ConfigurationError, match=r"out\.jsonl:1 is not a conflictsum summary"):
        ResultFile(path)


def test_transient_failures_are_not_written_so_the_next_run_retries_them(tmp_path) -> None:
    path = tmp_path / "out.jsonl"
    results = ResultFile(path)
    [a, b] = _copies(2)
    assert not results.append(ArticleSummary(article=a, failure=Failure(kind="http", message="x")))
    assert results.append(ArticleSummary(article=b, failure=Failure(kind="refusal", message="x")))
    assert _ids_in(path) == [b.id]


def test_a_second_run_requests_only_what_is_missing(tmp_path) -> None:
    path = tmp_path / "out.jsonl"
    articles = _copies(4)
    state = StubState("seeds", MODEL, 0.0)
    Summarizer(model=MODEL, client=stub_client(state)).summarize_many(
        articles[:2], progress=False, output=path
    )
    state.requests.clear()
    # The first run released the file when it ended: a second run in the same process opens it.
    again = Summarizer(model=MODEL, client=stub_client(state)).summarize_many(
        [*articles, articles[0]], progress=False, output=path
    )
    assert [s.article.id for s in again] == [a.id for a in [*articles, articles[0]]]
    assert sorted(state.requests) == sorted(a.id for a in articles[2:])
    assert sorted(_ids_in(path)) == sorted(a.id for a in articles)


_CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from conflictsum.extract.summarizer import Summarizer
    from tests.test_resume import _copies
    summarizer = Summarizer(model={model!r}, base_url=sys.argv[1], api_key="test", http_retries=0)
    summarizer.summarize_many(_copies({n}), concurrency=2, progress=False, output=sys.argv[2])
    """
)


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])  # the stub, on loopback only
def test_kill_9_mid_run_loses_nothing_and_requests_nothing_twice(tmp_path) -> None:
    n = 16
    path = tmp_path / "out.jsonl"
    script = _CHILD.format(root=str(ROOT), model=MODEL, n=n)
    with serve("seeds", latency=0.15) as (url, state):
        child = subprocess.Popen([sys.executable, "-c", script, url, str(path)])
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and child.poll() is None:
                if path.exists() and path.read_bytes().count(b"\n") >= 4:
                    break
                time.sleep(0.02)
            assert child.poll() is None, "the run ended before it could be killed"
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        with ResultFile(path) as left:  # the dead run's lock went with it
            finished_before = set(left.finished)
        assert 4 <= len(finished_before) < n
        asked_before = len(state.requests)

        with Summarizer(model=MODEL, base_url=url, api_key="test", http_retries=0) as resumed:
            results = resumed.summarize_many(_copies(n), concurrency=2, progress=False, output=path)

    assert all(r.ok for r in results)
    ids = _ids_in(path)
    assert sorted(ids) == sorted(a.id for a in _copies(n))  # none lost, none twice
    # Requests the child sent just before it died may be logged late; what the resumed run
    # itself asked is in its ledger: exactly the unfinished articles, once each.
    asked_after = set(state.requests[asked_before:])
    assert not finished_before & asked_after
    resumed_ids = sorted(e.article_id for e in resumed.ledger.entries if e.source == "api")
    assert resumed_ids == sorted(a.id for a in _copies(n) if a.id not in finished_before)


@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])  # the stub, on loopback only
def test_the_command_line_resumes_caches_and_batches(tmp_path, capsys) -> None:
    from conflictsum import cli

    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    out, cache, ledger = tmp_path / "out.jsonl", tmp_path / "c.sqlite3", tmp_path / "ledger.csv"
    common = ["--model", MODEL, "--cache", str(cache), "--http-retries", "0"]
    with serve("batch") as (url, state):
        argv = ["summarize", *seeds, "-o", str(out), "--base-url", url, *common]
        assert cli.main([*argv, "--ledger", str(ledger)]) == 0
        first = capsys.readouterr().out
        assert "2 articles, 0 failed" in first
        assert "3 api" in first  # one re-ask for the CBS article
        assert len(ledger.read_text().splitlines()) == 1 + 3
        asked = len(state.requests)

        assert cli.main(argv) == 0
        assert "resuming: 2 articles already in" in capsys.readouterr().out
        with ResultFile(out):  # a run still writing it
            assert cli.main(argv) == 2
        assert "is being written by another run" in capsys.readouterr().err
        other = tmp_path / "other.jsonl"
        assert cli.main(["summarize", *seeds, "-o", str(other), "--base-url", url, *common]) == 0
        assert "answers: 3 cache" in capsys.readouterr().out
        assert len(state.requests) == asked  # neither rerun asked the model anything

        # The alias table places the seeds' oil-field base; the answers come from the cache.
        aliased = tmp_path / "aliased.jsonl"
        table = ["--aliases", str(SEEDS / "places.yaml")]
        assert (
            cli.main(["summarize", *seeds, "-o", str(aliased), "--base-url", url, *common, *table])
            == 0
        )
        assert len(state.requests) == asked
        assert cli.main([*argv, "--aliases", str(tmp_path / "missing.yaml")]) == 2
        assert "--aliases" in capsys.readouterr().err

        batched = tmp_path / "batched.jsonl"
        batch_argv = ["summarize", *seeds, "-o", str(batched), "--base-url", url, "--batch"]
        assert cli.main([*batch_argv, "--poll-interval", "0", "--no-cache", "--model", MODEL]) == 0
        assert "3 batch" in capsys.readouterr().out
    assert sorted(_ids_in(batched)) == sorted(_ids_in(out))

    def site_ids(path: Path) -> set[str]:
        return {
            e.location.place_id or ""
            for s in from_jsonl(path)
            for e in s.events
            if (e.location.place_id or "").startswith("user:")
        }

    assert site_ids(aliased) == {"user:al-omar-oil-field"}
    assert not site_ids(out)
