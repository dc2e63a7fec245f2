"""The cost ledger: tokens of every request a run makes, their estimated price, and its budget.

Every model answer is one entry, whether it was requested now (``api``), came back from
the Batch API (``batch``) or was served from the cache (``cache``, which costs nothing).
Prices are estimates from a table the user can replace; the run budget, in dollars or
tokens, stops new requests once what this run spent reaches it.
"""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Literal

from conflictsum.exceptions import ConfigurationError, ConflictsumError
from conflictsum.models import Usage

Source = Literal["api", "batch", "cache", "earlier"]

# OpenAI's Batch API bills half the synchronous price.
BATCH_FACTOR = 0.5


@dataclass(frozen=True)
class Price:
    """USD per million tokens: input (prompt), cached input, and output (completion)."""

    input: float
    output: float
    cached_input: float | None = None
    batch_factor: float = BATCH_FACTOR


# OpenAI list prices in USD per 1M tokens as published in 2025. They change: pass your own
# table (prices=... or --prices FILE) for figures you can rely on.
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(input=0.15, cached_input=0.075, output=0.60),
    "gpt-4o": Price(input=2.50, cached_input=1.25, output=10.00),
    "gpt-4.1-nano": Price(input=0.10, cached_input=0.025, output=0.40),
    "gpt-4.1-mini": Price(input=0.40, cached_input=0.10, output=1.60),
    "gpt-4.1": Price(input=2.00, cached_input=0.50, output=8.00),
}


def load_prices(path: str | Path) -> dict[str, Price]:
    """Read a price table: JSON ``{"model": {"input": 0.15, "output": 0.6, ...}, ...}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigurationError(f"cannot read the price table {path}: {e}") from e
    return prices_from(data, origin=str(path))


def prices_from(data: object, *, origin: str = "prices") -> dict[str, Price]:
    """Build a price table from plain data (model name to its prices per 1M tokens)."""
    if not isinstance(data, Mapping):
        raise ConfigurationError(f"{origin}: expected an object of model names")
    names = {f.name for f in fields(Price)}
    table: dict[str, Price] = {}
    for model, entry in data.items():
        if isinstance(entry, Price):
            table[str(model)] = entry
            continue
        if not isinstance(entry, Mapping) or not {"input", "output"} <= set(entry):
            raise ConfigurationError(f"{origin}: {model!r} needs 'input' and 'output' prices")
        unknown = set(entry) - names
        if unknown:
            raise ConfigurationError(f"{origin}: {model!r} has unknown keys {sorted(unknown)}")
        try:
            table[str(model)] = Price(**{k: float(v) for k, v in entry.items()})
        except (TypeError, ValueError) as e:
            raise ConfigurationError(f"{origin}: {model!r}: {e}") from e
    return table


def price_of(model: str, table: Mapping[str, Price]) -> Price | None:
    """The price of a model: an exact entry, else the longest entry its name starts with."""
    if model in table:
        return table[model]
    # Dated snapshots ("gpt-4o-mini-2024-07-18") cost what their family costs.
    matches = [name for name in table if model.startswith(name + "-")]
    return table[max(matches, key=len)] if matches else None


class RunBudgetExceeded(ConflictsumError):
    """Raised inside a run to stop a request once the run budget is spent; never escapes it."""


@dataclass(frozen=True)
class Entry:
    """One model answer: whose, which attempt, its tokens and estimated cost."""

    article_id: str
    attempt: int
    model: str
    source: Source
    prompt_tokens: int
    completion_tokens: int
    cached_prompt_tokens: int = 0
    http_retries: int = 0
    part: int | None = None  # the chunk of a long article this request was about
    cost_usd: float | None = None


class Ledger:
    """Every answer a run received, with totals, per-article sums and a budget; thread-safe."""

    def __init__(
        self,
        model: str,
        *,
        prices: Mapping[str, Price] | None = None,
        budget_usd: float | None = None,
        budget_tokens: int | None = None,
    ) -> None:
        self.model = model
        self.prices = dict(DEFAULT_PRICES if prices is None else prices)
        self.price = price_of(model, self.prices)
        if budget_usd is not None and self.price is None:
            raise ConfigurationError(
                f"a dollar budget needs a price for model {model!r}: pass prices= "
                "(or --prices FILE), or give a token budget instead"
            )
        for name, value in (("budget_usd", budget_usd), ("budget_tokens", budget_tokens)):
            if value is not None and value <= 0:
                raise ConfigurationError(f"{name} must be positive")
        self.budget_usd = budget_usd
        self.budget_tokens = budget_tokens
        self.entries: list[Entry] = []
        self._lock = threading.Lock()
        self._spent_usd = 0.0
        self._spent_tokens = 0

    def cost(
        self, usage: Usage, *, cached_prompt_tokens: int = 0, batch: bool = False
    ) -> float | None:
        """Estimated USD for the tokens of one answer, or None when the model has no price."""
        if self.price is None:
            return None
        p = self.price
        cached = min(cached_prompt_tokens, usage.prompt_tokens)
        cached_rate = p.input if p.cached_input is None else p.cached_input
        usd = (
            (usage.prompt_tokens - cached) * p.input
            + cached * cached_rate
            + usage.completion_tokens * p.output
        ) / 1_000_000
        return usd * p.batch_factor if batch else usd

    def record(self, entry: Entry) -> None:
        """Add one answer; answers from the cache or an earlier run count but cost nothing now."""
        with self._lock:
            self.entries.append(entry)
            if entry.source in ("api", "batch"):
                self._spent_tokens += entry.prompt_tokens + entry.completion_tokens
                self._spent_usd += entry.cost_usd or 0.0

    @property
    def spent_tokens(self) -> int:
        """Tokens this run paid for (cache hits excluded)."""
        return self._spent_tokens

    @property
    def spent_usd(self) -> float | None:
        """Estimated USD this run paid for, or None when the model has no price."""
        return None if self.price is None else self._spent_usd

    def exceeded(self) -> str | None:
        """Why the run budget is spent, or None while there is budget left."""
        if self.budget_usd is not None and self._spent_usd >= self.budget_usd:
            return f"the run budget of ${self.budget_usd:.4f} is spent (${self._spent_usd:.4f})"
        if self.budget_tokens is not None and self._spent_tokens >= self.budget_tokens:
            return (
                f"the run budget of {self.budget_tokens:,} tokens is spent ({self._spent_tokens:,})"
            )
        return None

    def check(self) -> None:
        """Raise RunBudgetExceeded when no new request may start."""
        reason = self.exceeded()
        if reason is not None:
            raise RunBudgetExceeded(
                f"{reason}; no new request was made. Raise the budget and run again to "
                "continue (finished articles and cached answers are not paid for twice)"
            )

    def by_article(self) -> dict[str, Usage]:
        """Tokens per article, every attempt and source included."""
        totals: dict[str, Usage] = {}
        for e in list(self.entries):
            usage = Usage(
                prompt_tokens=e.prompt_tokens,
                completion_tokens=e.completion_tokens,
                total_tokens=e.prompt_tokens + e.completion_tokens,
                requests=1,
            )
            totals[e.article_id] = totals.get(e.article_id, Usage()) + usage
        return totals

    def summary(self) -> str:
        """One line a person reads at the end of a run."""
        entries = list(self.entries)
        counts = {s: sum(e.source == s for e in entries) for s in ("api", "batch", "cache")}
        retries = sum(e.http_retries for e in entries)
        made = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "none"
        line = f"answers: {made}; {self.spent_tokens:,} tokens paid this run"
        if retries:
            line += f"; {retries} HTTP retries"
        if self.spent_usd is not None:
            line += f"; est. ${self.spent_usd:.4f} at {self.model} list prices"
        else:
            line += f"; no price known for {self.model}"
        reason = self.exceeded()
        return f"{line}; STOPPED: {reason}" if reason else line

    def write_csv(self, path: str | Path) -> None:
        """Write one row per answer (per article and attempt) to a CSV file."""
        names = [f.name for f in fields(Entry)]
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=names)
            writer.writeheader()
            writer.writerows(asdict(e) for e in list(self.entries))

    def add_earlier(self, usages: Iterable[tuple[str, Usage]]) -> None:
        """Count what an interrupted run already paid for, so a resumed run keeps its budget."""
        known = {e.article_id for e in list(self.entries)}
        for article_id, usage in usages:
            if article_id in known:  # already counted by this Summarizer
                continue
            entry = Entry(
                article_id=article_id,
                attempt=0,
                model=self.model,
                source="earlier",
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
                cost_usd=self.cost(usage),
            )
            with self._lock:
                self.entries.append(entry)
                self._spent_tokens += usage.total_tokens
                self._spent_usd += entry.cost_usd or 0.0
