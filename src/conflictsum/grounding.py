"""Locate the evidence quotes a model proposes in the article text: exact → normalised → fuzzy.

The model's quote is only a pointer: what is returned is always the article's own words,
``text[start:end]``, so a record never carries text the article does not contain.

The normalised and fuzzy tiers read HTML character references the article may carry
(``&amp;``, ``&nbsp;``, ``&#39;``) as the characters they stand for. A quote that joins
fragments with an ellipsis is found fragment by fragment, in order and close together,
and stands for the whole passage they span.
"""

from __future__ import annotations

import html
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
    "MAX_ELISION_CHARS",
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

# HTML character references a scraped article may still carry (&amp; &nbsp; &#39; &#x2019;).
# The normalised and fuzzy tiers read them as the characters they stand for; a match
# still gives offsets into the text as written, entity and all.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

# A quote that leaves words out with an ellipsis ("… killed five people ... the army said")
# is grounded when each fragment is found, in order, each within this many characters of
# the one before: the evidence is then the whole passage from the first to the last.
MAX_ELISION_CHARS = 400
_ELLIPSIS = re.compile(r"\s*\.{3,}\s*")


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


class _Folding:
    """Builds a `_Normalised`: folded parts and the original span of each segment."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.heads: list[int] = []
        self.spans: list[tuple[int, int, bool]] = []
        self.n = 0

    def unit(self, a: int, b: int, folded: str) -> None:
        """Folded characters that all stand for the original ``[a, b)`` as one unit."""
        if not folded:
            return
        if folded == " " and self.parts and self.parts[-1].endswith(" "):
            # A blank beside a blank (a space next to &nbsp;) is one whitespace run.
            start, _, _ = self.spans[-1]
            self.spans[-1] = (start, b, False)
            return
        self.parts.append(folded)
        self.heads.append(self.n)
        self.spans.append((a, b, len(folded) == 1 and b - a == 1))
        self.n += len(folded)

    def runs(self, text: str, lo: int, hi: int) -> None:
        for m in _RUNS.finditer(text, lo, hi):
            a, b = m.span()
            ascii_run, space, other = m.groups()
            if space:
                self.unit(a, b, " ")
                continue
            if ascii_run:
                folded = ascii_run.lower()
            else:
                folded = other if _folds_to_itself(other) else other.translate(_FOLD)
            # Only invisible characters fold to nothing, so without them equal lengths mean
            # that every character folded to exactly one.
            if len(folded) == b - a and not (other and _DROPPED.search(other)):
                self.parts.append(folded)
                self.heads.append(self.n)
                self.spans.append((a, b, True))
                self.n += len(folded)
            else:
                for i, char in enumerate(other, a):
                    self.unit(i, i + 1, _FOLD[ord(char)])

    def done(self) -> _Normalised:
        return _Normalised("".join(self.parts), self.heads, self.spans)


def _normalise(text: str) -> _Normalised:
    folding = _Folding()
    pos = 0
    if "&" in text:
        for m in _ENTITY.finditer(text):
            decoded = html.unescape(m.group())
            if decoded == m.group():
                continue  # not a reference HTML knows: left as written
            folding.runs(text, pos, m.start())
            folded = "".join(" " if c.isspace() else _FOLD[ord(c)] for c in decoded)
            folding.unit(m.start(), m.end(), folded)
            pos = m.end()
    folding.runs(text, pos, len(text))
    return folding.done()


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
        """Find ``quote`` in the text, trying exact, then normalised, then fuzzy matching.

        A quote that leaves words out with an ellipsis is found fragment by fragment (see
        `MAX_ELISION_CHARS`); its evidence is the whole passage the fragments span.
        """
        candidates = _candidates(quote)
        for q in candidates:
            if (i := self.text.find(q)) >= 0:
                return self._grounding(i, i + len(q), "exact", 100.0)
        norm = self._normalised
        folded = [f for f in map(_fold, candidates) if f]
        for f in folded:
            if (k := norm.text.find(f)) >= 0:
                return self._grounding(norm.start(k), norm.end(k + len(f) - 1), "normalized", 100.0)
        if not folded:
            return None
        if _ELLIPSIS.search(folded[-1]) and (elided := self._elided(folded[-1], min_score)):
            return elided
        if len(folded[-1]) < MIN_FUZZY_CHARS:
            return None
        found = self._fuzzy(folded[-1], min_score, 0, len(norm.text))
        if found is None:
            return None
        s, e, score = found
        return self._grounding(norm.start(s), norm.end(e - 1), "fuzzy", score)

    def _fuzzy(
        self, quote: str, min_score: float, lo: int, hi: int
    ) -> tuple[int, int, float] | None:
        """The folded span in ``[lo, hi)`` best matching ``quote``, cut at words; its score."""
        norm = self._normalised
        # partial_ratio compares windows as long as the quote, so a quote that leaves out a
        # few characters the article has ("(HTS)", an entity) scores below the bar there
        # though it scores above it against the whole passage. It only finds the place:
        # a ratio of m against the passage allows a window score of about 1 - 2(1 - m)/m.
        floor = max(0.0, 100.0 - 2 * (100.0 - min_score) * 100.0 / max(min_score, 1.0) - 3.0)
        hit = fuzz.partial_ratio_alignment(quote, norm.text[lo:hi], score_cutoff=floor)
        if hit is None:
            return None
        # The passage found may start or end a few words off, or be short of what the
        # quote left out: re-cut it at the word boundaries near each end that score best.
        # A score of 90 lets the lengths differ by ~20 %, hence the slack.
        slack = len(quote) // 4 + 2
        s, e = lo + hit.dest_start, lo + hit.dest_end
        heads, tails = _word_cuts(norm.text, max(lo, s - slack), min(hi, e + slack))

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
        return s, e, score

    def _fragment(
        self, part: str, min_score: float, lo: int, hi: int
    ) -> tuple[int, int, float] | None:
        """Where one fragment of an elided quote stands in ``[lo, hi)`` of the folded text."""
        if (k := self._normalised.text.find(part, lo, hi)) >= 0:
            return k, k + len(part), 100.0
        if len(part) < MIN_FUZZY_CHARS:
            return None
        return self._fuzzy(part, min_score, lo, hi)

    def _elided(self, quote: str, min_score: float) -> Grounding | None:
        """A quote whose fragments, joined by ellipses, each stand in order, close together."""
        parts = [p for p in _ELLIPSIS.split(quote) if p]
        if not parts or sum(map(len, parts)) < MIN_FUZZY_CHARS:
            return None
        norm = self._normalised
        size = len(norm.text)
        # Every place the first fragment stands exactly, else where it best matches.
        starts: list[tuple[int, int, float]] = []
        k = norm.text.find(parts[0])
        while k >= 0 and len(starts) < 100:
            starts.append((k, k + len(parts[0]), 100.0))
            k = norm.text.find(parts[0], k + 1)
        if not starts and (first := self._fragment(parts[0], min_score, 0, size)) is not None:
            starts.append(first)
        for first in starts:
            chain = [first]
            for part in parts[1:]:
                after = chain[-1][1]
                found = self._fragment(
                    part, min_score, after, min(size, after + MAX_ELISION_CHARS + 2 * len(part))
                )
                if found is None or found[0] - after > MAX_ELISION_CHARS:
                    break
                chain.append(found)
            else:
                score = min(score for _, _, score in chain)
                tier: Tier = "normalized" if score == 100.0 else "fuzzy"
                return self._grounding(
                    norm.start(chain[0][0]), norm.end(chain[-1][1] - 1), tier, score
                )
        return None

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
