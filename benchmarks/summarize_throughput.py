"""Throughput of asummarize_many against the bare openai async client, side by side.

Run: python benchmarks/summarize_throughput.py [articles] [concurrency] [latency] [rounds]
     (defaults: 200 32 0.5 2)

A loopback OpenAI-compatible stub (tests/batch_stub.py) runs in a process of its own and
answers every chat request after `latency` seconds with the authored answer for the seed
article the request is about (copies of the two seeds, so every answer passes verification).
Both contenders make the same requests with the same concurrency limit:

- bare:    openai.AsyncOpenAI().chat.completions.create(**body) for each captured body,
           at most `concurrency` in flight (asyncio.Semaphore) - no parsing, no checks;
- library: Summarizer(...).asummarize_many(articles, concurrency=...) - instructor request
           building and parsing, verification (grounding, dates, tolls), ledger, bookkeeping.

Rounds alternate bare/library so both see the same machine. The latency-bound ideal is
articles * latency / concurrency seconds. The stub stops by itself after 10 minutes.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import openai

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.openai_stub import _completion, load_scenario  # noqa: E402

from conflictsum.extract.summarizer import Summarizer  # noqa: E402
from conflictsum.models import Article  # noqa: E402

MODEL = "authored-strong-model"


def articles(n: int) -> list[Article]:
    """n distinct articles: copies of the two seeds under ids the stub answers."""
    seeds = [Article.from_file(p, source=p.name) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return [seeds[k % 2].model_copy(update={"id": f"{seeds[k % 2].id}-{k}"}) for k in range(n)]


def captured_bodies(items: list[Article]) -> list[dict]:
    """The exact request bodies the library sends, captured without any network."""
    scripts = load_scenario("seeds")
    bodies: list[dict] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        bodies.append(body)
        seed = next(k for k in scripts if k in json.dumps(body["messages"]))
        return httpx2.Response(200, json=_completion(body, scripts[seed][0], MODEL))

    client = openai.OpenAI(
        base_url="http://capture.invalid/v1",
        api_key="bench",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(answer)),
    )
    Summarizer(model=MODEL, client=client).summarize_many(items, concurrency=1, progress=False)
    return bodies


async def bare(url: str, bodies: list[dict], concurrency: int) -> float:
    """Seconds for the bare async client to make every request."""
    client = openai.AsyncOpenAI(base_url=url, api_key="bench", max_retries=0)
    gate = asyncio.Semaphore(concurrency)

    async def one(body: dict) -> None:
        async with gate:
            await client.chat.completions.create(**body)

    start = time.perf_counter()
    await asyncio.gather(*(one(b) for b in bodies))
    elapsed = time.perf_counter() - start
    await client.close()
    return elapsed


async def library(url: str, items: list[Article], concurrency: int) -> float:
    """Seconds for asummarize_many to summarize every article (all must pass)."""
    client = openai.AsyncOpenAI(base_url=url, api_key="bench")
    summarizer = Summarizer(model=MODEL, async_client=client)
    start = time.perf_counter()
    results = await summarizer.asummarize_many(items, concurrency=concurrency, progress=False)
    elapsed = time.perf_counter() - start
    failed = [r.failure for r in results if r.failure is not None]
    assert not failed, failed[:1]
    await client.close()
    return elapsed


def main(n: int = 200, concurrency: int = 32, latency: float = 0.5, rounds: int = 2) -> None:
    """Print throughput of both contenders and their ratio."""
    items = articles(n)
    bodies = captured_bodies(items)
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.batch_stub", "--latency", str(latency), "--lifetime", "600"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        ideal = n * latency / concurrency
        print(f"{n} articles, concurrency {concurrency}, stub latency {latency}s on {url}")
        print(f"latency-bound ideal: {ideal:.2f} s = {n / ideal:.1f} articles/s")
        times: dict[str, list[float]] = {"bare": [], "library": []}
        for r in range(rounds):
            times["bare"].append(asyncio.run(bare(url, bodies, concurrency)))
            times["library"].append(asyncio.run(library(url, items, concurrency)))
            print(
                f"  round {r + 1}: bare {times['bare'][-1]:.2f} s, "
                f"library {times['library'][-1]:.2f} s"
            )
        for name, values in times.items():
            best = min(values)
            print(
                f"{name:<8} best {best:.2f} s = {n / best:5.1f} articles/s "
                f"({ideal / best:.0%} of ideal; median {statistics.median(values):.2f} s)"
            )
        ratio = min(times["bare"]) / min(times["library"])
        print(f"library throughput = {ratio:.0%} of the bare client's")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        int(args[0]) if len(args) > 0 else 200,
        int(args[1]) if len(args) > 1 else 32,
        float(args[2]) if len(args) > 2 else 0.5,
        int(args[3]) if len(args) > 3 else 2,
    )
