"""Exceptions raised by conflictsum.

    ConflictsumError                 base of everything conflictsum raises
     ├── ArticleError (ValueError)   an article cannot be read or is not summarizable
     ├── ConfigurationError          no model endpoint, bad option values
     └── SummarizeError              raised only by ArticleSummary.raise_for_failure()

Model and network trouble during a run is not raised: it comes back as a value,
``ArticleSummary(failure=Failure(...))``, so one bad article never sinks a batch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conflictsum.models import Failure


class ConflictsumError(Exception):
    """Base class of every exception conflictsum raises."""


class ArticleError(ConflictsumError, ValueError):
    """An article cannot be read or parsed (empty, not UTF-8, malformed header …)."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class ConfigurationError(ConflictsumError):
    """The summarizer is not configured to reach a model, or an option is invalid."""


class SummarizeError(ConflictsumError):
    """A summary that failed, raised on request by ``ArticleSummary.raise_for_failure``."""

    def __init__(self, article_id: str, failure: Failure) -> None:
        super().__init__(
            f"article {article_id}: {failure.kind} after {failure.attempts} attempt(s): "
            f"{failure.message}"
        )
        self.article_id = article_id
        self.failure = failure
