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
from conflictsum.extract import Summarizer
from conflictsum.grounding import find_evidence
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

__all__ = [
    "Actor",
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
    "Location",
    "MergedEvent",
    "SummarizeError",
    "Summarizer",
    "Usage",
    "find_evidence",
    "resolve_date",
]
