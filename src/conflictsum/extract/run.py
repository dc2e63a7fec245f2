"""One run over many articles: its units of work, results in input order, progress and output.

A run turns N articles into units (one per article, or one per part of a long article),
skips articles already finished in the output file and repeated ids, reassembles parts,
writes each finished article as it completes, and returns exactly N results, matched to
their articles. It is pure bookkeeping: the sync and async paths only decide how units run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from conflictsum.extract.chunking import Part, assemble, part_article
from conflictsum.extract.ledger import Ledger
from conflictsum.extract.resume import ResultFile
from conflictsum.models import Article, ArticleSummary

# What a summarizer makes of one article: a result at once (input failure) or its parts.
Plan = Callable[[Article], ArticleSummary | list[Part]]


@dataclass(frozen=True)
class Unit:
    """One model conversation: a whole article, or one part of a long one."""

    key: int  # which distinct article of the run
    article_id: str
    part: int | None  # index of the part, None for a whole article
    article: Article  # what the model is shown (a pseudo-article for a part)


class Run:
    """Bookkeeping of one summarize_many call."""

    def __init__(
        self,
        articles: Sequence[Article],
        plan: Plan,
        ledger: Ledger,
        *,
        progress: bool = True,
        output: ResultFile | None = None,
        description: str = "summarize",
    ) -> None:
        self.articles = list(articles)
        self.ledger = ledger
        self.output = output
        self.done: dict[int, ArticleSummary] = {}
        self.units: list[Unit] = []
        self._parts: dict[int, list[Part]] = {}
        self._pending: dict[int, dict[int, ArticleSummary]] = {}
        self._failed = 0
        self._cached = 0
        self._earlier = 0
        self.bar = _progress(len(self.articles), progress, description)
        # A repeated article is done once; two different articles that share an id are two.
        self._distinct: list[Article] = []
        self._with_id: dict[str, list[int]] = {}
        self._keys = [self._key(a) for a in self.articles]
        for key, article in enumerate(self._distinct):
            earlier = output.finished.get(article.id) if output is not None else None
            if earlier is not None and earlier.article == article:
                self._earlier += 1
                self._finish(key, earlier, write=False)
                continue
            planned = plan(article)
            if isinstance(planned, ArticleSummary):
                self._finish(key, planned)
            elif len(planned) == 1:
                self.units.append(Unit(key, article.id, None, article))
            else:
                self._parts[key] = planned
                self._pending[key] = {}
                self.units.extend(
                    Unit(key, article.id, p.index, part_article(article, p)) for p in planned
                )

    def _key(self, article: Article) -> int:
        keys = self._with_id.setdefault(article.id, [])
        for key in keys:
            if self._distinct[key] == article:
                return key
        keys.append(len(self._distinct))
        self._distinct.append(article)
        return keys[-1]

    def unit_done(self, unit: Unit, summary: ArticleSummary) -> None:
        """Take the result of one unit; an article is finished when its last part is."""
        if unit.part is None:
            self._finish(unit.key, summary)
            return
        pending = self._pending[unit.key]
        pending[unit.part] = summary
        parts = self._parts[unit.key]
        if len(pending) == len(parts):
            article = self._distinct[unit.key]
            self._finish(unit.key, assemble(article, parts, [pending[p.index] for p in parts]))

    def _finish(self, key: int, summary: ArticleSummary, *, write: bool = True) -> None:
        self.done[key] = summary
        if write and self.output is not None:
            self.output.append(summary)
        self._failed += summary.failure is not None
        self._cached += summary.cached
        if self.bar is not None:
            self.bar.update(1)
            postfix: dict[str, Any] = {
                "failed": self._failed,
                "cached": self._cached,
                "tokens": self.ledger.spent_tokens,
            }
            if self._earlier:
                postfix["earlier"] = self._earlier
            if self.ledger.spent_usd is not None:
                postfix["cost"] = f"${self.ledger.spent_usd:.4f}"
            self.bar.set_postfix(postfix, refresh=False)

    def results(self) -> list[ArticleSummary]:
        """One result per input article, in input order."""
        if self.bar is not None:
            self.bar.close()
        return [self.done[key] for key in self._keys]


def _progress(total: int, enabled: bool, description: str) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="article", desc=description)
