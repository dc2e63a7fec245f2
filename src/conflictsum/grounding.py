"""Locate the evidence quotes a model proposes in the article text: exact → normalised → fuzzy.

The model's quote is only a pointer: what is returned is always the article's own words,
``text[start:end]``, so a record never carries text the article does not contain.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz

from conflictsum.models import Evidence

__all__ = [
    "MIN_FUZZY_CHARS",
    "Grounding",
    "GroundingIndex",
    "Tier",
    "find_evidence",
    "ground_all",
    "locate_quote",
]

Tier = Literal["exact", "normalized", "fuzzy"]

# Below this many normalised characters a fuzzy match is too likely to be a coincidence.
MIN_FUZZY_CHARS = 12

# Marks a model may wrap around a quote that the article itself does not have there.
_WRAPPERS = "\"'“”„‟‘’‚‛«»‹›「」『』"

# Invisible in print (soft hyphen, zero-width characters, Arabic tatweel), so a model copying
# the text does not reproduce them.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u0640"

# Typography a model rewrites freely and NFKC leaves alone (NFKC already turns … into ...).
# Applied both before and after NFKC, which maps some characters onto ones listed here
# (‑ → ‐, ″ → ′′).
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»″〝〞", '"'),
        **dict.fromkeys("‘’‚‛′‹›ʼʻʾʿ´", "'"),
        **dict.fromkeys("‐‑‒–—―−﹘﹣", "-"),
        **dict.fromkeys(_INVISIBLE, ""),
    }
)
_DROPPED = re.compile(f"[{_INVISIBLE}]")
_TYPOGRAPHIC = re.compile("[" + re.escape("".join(map(chr, _TYPOGRAPHY))) + "]")


class _Fold(dict[int, str]):
    """Per-character fold for ``str.translate``, memoised: an article uses few characters."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        # Per character, not per string, so that every folded character knows which
        # original character it came from; NFKC and casefold may change the length (ﬁ, ß).
        nfkc = unicodedata.normalize("NFKC", char.translate(_TYPOGRAPHY))
        folded = unicodedata.normalize("NFKC", nfkc.casefold()).translate(_TYPOGRAPHY)
        self[code] = folded
        return folded


_FOLD = _Fold()

# Printable ASCII folds by str.lower() alone, so it is handled run by run, not per
# character; single spaces stay inside a run so ordinary prose is a few long runs.
_RUNS = re.compile(r"([!-~]+(?: [!-~]+)*)|(\s+)|([^\s!-~]+(?: [^\s!-~]+)*)")


@dataclass(frozen=True, slots=True)
class Grounding:
    """Where a quote stands in the article, which tier found it, and how closely it matched."""

    evidence: Evidence
    tier: Tier
    score: float


@dataclass(frozen=True, slots=True)
class _Normalised:
    """Folded text, and for each segment of it the original span it came from.

    Segment j starts at folded offset ``heads[j]``; ``spans[j] = (start, end, linear)``.
    A linear segment maps character for character; any other is one original unit (a
    whitespace run, a character that folded to several) that all its characters map to.
    Segments rather than a per-character table keep a 2 MB article cheap to index.
    """

    text: str
    heads: list[int]
    spans: list[tuple[int, int, bool]]

    def start(self, k: int) -> int:
        """The original offset where folded character ``k`` begins."""
        j = bisect_right(self.heads, k) - 1
        a, _, linear = self.spans[j]
        return a + k - self.heads[j] if linear else a

    def end(self, k: int) -> int:
        """The original offset just after folded character ``k``."""
        j = bisect_right(self.heads, k) - 1
        a, b, linear = self.spans[j]
        return a + k - self.heads[j] + 1 if linear else b


def _folds_to_itself(run: str) -> bool:
    # Each test passing on the whole run implies it passes on every character, so this
    # checks the per-character fold at C speed; caseless scripts (Arabic) mostly pass.
    return (
        not _TYPOGRAPHIC.search(run)
        and run.casefold() == run
        and unicodedata.is_normalized("NFKC", run)
    )


def _normalise(text: str) -> _Normalised:
    parts: list[str] = []
    heads: list[int] = []
    spans: list[tuple[int, int, bool]] = []
    n = 0
    for m in _RUNS.finditer(text):
        a, b = m.span()
        ascii_run, space, other = m.groups()
        if space:
            parts.append(" ")
            heads.append(n)
            spans.append((a, b, False))
            n += 1
            continue
        if ascii_run:
            folded = ascii_run.lower()
        else:
            folded = other if _folds_to_itself(other) else other.translate(_FOLD)
        parts.append(folded)
        # Only invisible characters fold to nothing, so without them equal lengths mean
        # that every character folded to exactly one.
        if len(folded) == b - a and not (other and _DROPPED.search(other)):
            heads.append(n)
            spans.append((a, b, True))
        else:
            k = n
            for i, char in enumerate(other, a):
                if f := _FOLD[ord(char)]:
                    heads.append(k)
                    spans.append((i, i + 1, len(f) == 1))
                    k += len(f)
        n += len(folded)
    return _Normalised("".join(parts), heads, spans)


def _fold(quote: str) -> str:
    return _normalise(quote).text.strip()


def _candidates(quote: str) -> list[str]:
    """The stripped quote, then without wrapping quotation marks the model may have added."""
    found = [quote.strip()]
    while len(q := found[-1]) >= 2 and q[0] in _WRAPPERS and q[-1] in _WRAPPERS:
        found.append(q[1:-1].strip())
    return [q for q in found if q]


def _kind(char: str) -> int:
    if char.isspace():
        return 0
    return 1 if char.isalnum() or unicodedata.category(char)[0] == "M" else 2


def _word_cuts(text: str, lo: int, hi: int) -> tuple[list[int], list[int]]:
    """Positions in ``[lo, hi]`` where a span may start and where it may end."""
    cuts = [
        i
        for i in range(lo, hi + 1)
        if i in (0, len(text))
        # A combining mark belongs to the letter before it; never cut between them.
        or (_kind(text[i - 1]) != _kind(text[i]) and unicodedata.category(text[i])[0] != "M")
    ]
    heads = [i for i in cuts if i < len(text) and not text[i].isspace()]
    tails = [i for i in cuts if i > 0 and not text[i - 1].isspace()]
    return heads, tails


class GroundingIndex:
    """An article text ready for many look-ups: it is normalised at most once, on demand."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _normalised(self) -> _Normalised:
        return _normalise(self.text)

    def locate(self, quote: str, *, min_score: float = 90.0) -> Grounding | None:
        """Find ``quote`` in the text, trying exact, then normalised, then fuzzy matching."""
        candidates = _candidates(quote)
        for q in candidates:
            if (i := self.text.find(q)) >= 0:
                return self._grounding(i, i + len(q), "exact", 100.0)
        norm = self._normalised
        folded = [f for f in map(_fold, candidates) if f]
        for f in folded:
            if (k := norm.text.find(f)) >= 0:
                return self._grounding(norm.start(k), norm.end(k + len(f) - 1), "normalized", 100.0)
        if not folded or len(folded[-1]) < MIN_FUZZY_CHARS:
            return None
        return self._fuzzy(folded[-1], min_score)

    def _fuzzy(self, quote: str, min_score: float) -> Grounding | None:
        norm = self._normalised
        hit = fuzz.partial_ratio_alignment(quote, norm.text, score_cutoff=min_score)
        if hit is None:
            return None
        # partial_ratio compares windows as long as the quote, so the passage it found may
        # start or end a few words off: re-cut it at the word boundaries near each end that
        # score best. A score of 90 lets the lengths differ by ~20 %, hence the slack.
        slack = len(quote) // 4 + 2
        s, e = hit.dest_start, hit.dest_end
        heads, tails = _word_cuts(norm.text, max(0, s - slack), min(len(norm.text), e + slack))

        def ratio(start: int, end: int) -> float:
            return float(fuzz.ratio(quote, norm.text[start:end]))

        # One end at a time: the ends barely interact, and a joint search is quadratic.
        s = max(
            (i for i in heads if abs(i - s) <= slack and i < e),
            key=lambda i: ratio(i, e),
            default=s,
        )
        e = max(
            (i for i in tails if abs(i - e) <= slack and i > s),
            key=lambda i: ratio(s, i),
            default=e,
        )
        # Without a word boundary in reach the raw ends stand, and they may be blanks.
        span = norm.text[s:e]
        s, e = s + len(span) - len(span.lstrip()), e - len(span) + len(span.rstrip())
        score = ratio(s, e)
        if s >= e or score < min_score:
            return None
        return self._grounding(norm.start(s), norm.end(e - 1), "fuzzy", score)

    def _grounding(self, start: int, end: int, tier: Tier, score: float) -> Grounding:
        evidence = Evidence(quote=self.text[start:end], start=start, end=end)
        return Grounding(evidence, tier, score)


def locate_quote(quote: str, text: str, *, min_score: float = 90.0) -> Grounding | None:
    """Find where ``quote`` stands in ``text``; None when no tier finds it."""
    return GroundingIndex(text).locate(quote, min_score=min_score)


def find_evidence(quote: str, text: str, *, min_score: float = 90.0) -> Evidence | None:
    """The article's own words matching ``quote``, with their offsets; None when not found."""
    grounding = locate_quote(quote, text, min_score=min_score)
    return grounding.evidence if grounding else None


def ground_all(
    quotes: Iterable[str], text: str, *, min_score: float = 90.0
) -> list[Grounding | None]:
    """Locate every quote in one text, normalising the text once for all of them."""
    index = GroundingIndex(text)
    return [index.locate(q, min_score=min_score) for q in quotes]
