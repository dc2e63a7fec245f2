"""A JSON-lines file of finished summaries that a run appends to and a restarted run resumes.

Each finished article is appended as one line and flushed at once, so a run killed at any
moment (kill -9 included) leaves every finished article on disk and at most one torn last
line, which the next open cuts away. A restarted run skips the articles already in the file:
none is requested again, lost, or written twice. Only final results are written: summaries,
and failures that another try would repeat (input, refusal, truncated, validation, budget).
Transient failures (HTTP, connection, timeout, internal, a spent run budget) are left out,
so the next run tries those articles again.

One run at a time: opening the file takes a lock (`<file>.lock` beside it, through
filelock) that a second run on the same file fails on at once, instead of both paying for
the same articles. The lock is released by `close()`, and by the operating system when the
process dies, so a killed run never leaves the file locked.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout
from pydantic import ValidationError

from conflictsum.exceptions import ConfigurationError
from conflictsum.extract.chunking import TRANSIENT_KINDS
from conflictsum.models import ArticleSummary


def is_final(summary: ArticleSummary) -> bool:
    """True when another try would give the same result (so the article is done)."""
    return summary.failure is None or summary.failure.kind not in TRANSIENT_KINDS


class ResultFile:
    """Finished summaries on disk, one JSON line each, written as they finish."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.finished: dict[str, ArticleSummary] = {}
        self.repaired = False  # True when a torn last line was cut away
        self._lock = FileLock(f"{self.path}.lock", timeout=0)
        try:
            self._lock.acquire()
        except Timeout:
            raise ConfigurationError(
                f"{self.path} is being written by another run (it holds {self._lock.lock_file}); "
                "wait for that run to end, or write to another file"
            ) from None
        try:
            if self.path.exists():
                self._load()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Release the file for other runs; appending after this is an error."""
        self._lock.release()

    def __enter__(self) -> ResultFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _load(self) -> None:
        data = self.path.read_bytes()
        lines = data.split(b"\n")
        # Everything after the last newline is a line that was being written when the run died.
        complete, tail = lines[:-1], lines[-1]
        for number, line in enumerate(complete, start=1):
            if not line.strip():
                continue
            try:
                summary = ArticleSummary.model_validate_json(line)
            except ValidationError as e:
                raise ConfigurationError(
                    f"{self.path}:{number} is not a conflictsum summary ({e.errors()[0]['msg']}); "
                    "write to a new file or remove that line"
                ) from e
            self.finished[summary.article.id] = summary
        if tail.strip():
            try:
                summary = ArticleSummary.model_validate_json(tail)
            except ValidationError:
                # Torn by a kill mid-write: drop it; that article is simply done again.
                with open(self.path, "r+b") as f:
                    f.truncate(len(data) - len(tail))
                self.repaired = True
            else:
                # Whole, but killed before its newline: finish the line.
                with open(self.path, "ab") as f:
                    f.write(b"\n")
                self.finished[summary.article.id] = summary

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.finished

    def append(self, summary: ArticleSummary) -> bool:
        """Write a final summary not yet in the file; return whether it was written."""
        if not is_final(summary) or summary.article.id in self.finished:
            return False
        if not self._lock.is_locked:
            raise ConfigurationError(f"{self.path} was closed; open it again to append")
        line = (summary.model_dump_json() + "\n").encode("utf-8")
        # One write of the whole line to an O_APPEND file, then to the OS: a kill leaves
        # either the full line or a torn tail that the next open cuts away.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        self.finished[summary.article.id] = summary
        return True

    def usages(self) -> list[tuple[str, ArticleSummary]]:
        """The finished summaries, for counting what they cost (cache hits excluded)."""
        return [(k, s) for k, s in self.finished.items() if not s.cached]
