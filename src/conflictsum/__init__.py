"""conflictsum: structured, verifiable conflict events and claims from news articles.

import conflictsum as cs
summary = cs.Summarizer().summarize(cs.Article.from_file("seeds/003_f0a96038b6aa46b8.txt"))
"""

from conflictsum.dates import resolve_date
from conflictsum.exceptions import (
    ArticleError,
    ConfigurationError,
    ConflictsumError,
    SummarizeError,
)
from conflictsum.export import (
    acled_export,
    claims_to_pandas,
    events_to_pandas,
    from_jsonl,
    summaries_to_pandas,
    to_acled_csv,
    to_jsonl,
)
from conflictsum.extract import Summarizer
from conflictsum.grounding import find_evidence
from conflictsum.merge import FieldVerdict, MergeExplanation, MergeResult, merge
from conflictsum.models import (
    Actor,
    Article,
    ArticleSummary,
    Claim,
    Conflict,
    Count,
    Dropped,
    Event,
    EventDate,
    Evidence,
    Failure,
    Location,
    MergedEvent,
    Usage,
)
from conflictsum.places import Aliases, Place, load_aliases, resolve_place
from conflictsum.report import render_report

__all__ = [
    "Actor",
    "Aliases",
    "Article",
    "ArticleError",
    "ArticleSummary",
    "Claim",
    "ConfigurationError",
    "Conflict",
    "ConflictsumError",
    "Count",
    "Dropped",
    "Event",
    "EventDate",
    "Evidence",
    "Failure",
    "FieldVerdict",
    "Location",
    "MergeExplanation",
    "MergeResult",
    "MergedEvent",
    "Place",
    "SummarizeError",
    "Summarizer",
    "Usage",
    "acled_export",
    "claims_to_pandas",
    "events_to_pandas",
    "find_evidence",
    "from_jsonl",
    "load_aliases",
    "merge",
    "render_report",
    "resolve_date",
    "resolve_place",
    "summaries_to_pandas",
    "to_acled_csv",
    "to_jsonl",
]
