"""What the library itself costs per article, without any network, and what each request carries.

Run: python benchmarks/summarize_overhead.py [repeats]      (default: 300)

1. verify: parse the model's tool-call arguments into the response schema and run every
   check on them (evidence grounding, date resolution, tolls, actor names): the work
   between an answer arriving and an ArticleSummary, per article, for each seed article
   and its authored answer (cassettes/authored/answers/seeds/).
2. summarize: one whole `Summarizer.summarize` per article against an in-process transport
   that answers at once (instructor request building, the openai SDK, parsing, checks,
   ledger) - everything but the wire.
3. prompt: what one request carries besides the article: the system prompt and the tools
   block (the response schema), in characters and in estimated tokens (4 characters a
   token; no tokenizer vocabulary can be downloaded here).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import httpx2
import openai

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.openai_stub import _completion, load_scenario  # noqa: E402

from conflictsum.extract.prompt import build_messages  # noqa: E402
from conflictsum.extract.response import ArticleExtraction  # noqa: E402
from conflictsum.extract.summarizer import Summarizer  # noqa: E402
from conflictsum.models import Article  # noqa: E402

MODEL = "authored-strong-model"


def _median_ms(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm up (compiled regexes, pydantic validators)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(repeats: int = 300) -> None:
    """Print the per-article overhead and the request overhead."""
    scripts = load_scenario("seeds")
    articles = [Article.from_file(p, source=p.name) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    sent: list[dict] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        sent.append(body)
        article_id = next(a.id for a in articles if a.id in json.dumps(body["messages"]))
        return httpx2.Response(200, json=_completion(body, scripts[article_id][0], MODEL))

    client = openai.OpenAI(
        base_url="http://bench.invalid/v1",
        api_key="bench",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(answer)),
    )
    summarizer = Summarizer(model=MODEL, client=client)
    print(f"per-article library overhead, no network (median of {repeats}):")
    verify_all, whole_all = [], []
    for article in articles:
        raw = json.dumps(scripts[article.id][0]["arguments"])
        context = {"article": article, "aliases": None}
        result = ArticleExtraction.model_validate_json(raw, context=context)
        n_events, n_claims = len(result._verified.events), len(result._verified.claims)
        verify_ms = _median_ms(
            lambda raw=raw, context=context: ArticleExtraction.model_validate_json(
                raw, context=context
            ),
            repeats,
        )
        whole_ms = _median_ms(lambda article=article: summarizer.summarize(article), repeats)
        verify_all.append(verify_ms)
        whole_all.append(whole_ms)
        print(
            f"  {article.source:<28} {len(article.text):>5} chars, {n_events} events, "
            f"{n_claims} claims: verify {verify_ms:.2f} ms, whole summarize {whole_ms:.2f} ms"
        )
    print(f"  worst article: verify {max(verify_all):.2f} ms, summarize {max(whole_all):.2f} ms")

    body = sent[0]
    system = body["messages"][0]["content"]
    tools = json.dumps(body["tools"]) + json.dumps(body["tool_choice"])
    user_frame = len(build_messages(articles[0])[1]["content"]) - len(articles[0].text)
    overhead = len(system) + len(tools) + user_frame
    print("prompt overhead per request (everything but the article text):")
    print(f"  system prompt   {len(system):>6} chars  ~{len(system) // 4:>5} tokens")
    print(f"  tools (schema)  {len(tools):>6} chars  ~{len(tools) // 4:>5} tokens")
    print(f"  user framing    {user_frame:>6} chars  ~{user_frame // 4:>5} tokens")
    print(f"  total           {overhead:>6} chars  ~{overhead // 4:>5} tokens (4 chars/token)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
