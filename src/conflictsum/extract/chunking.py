"""Long articles: split at paragraph boundaries with overlap, summarize the parts, reassemble.

Each part is summarized as a pseudo-article of its own (id ``<article id>~<n>``), so its
evidence offsets are relative to the part; `assemble` shifts them back onto the whole
article. An event told in the overlap, or retold further on, is found by two parts: the
merge layer decides which part-events are one incident. Treating parts as separate
articles is what makes that possible (merge never joins two events of one article), and it
keeps the guarantee that two events one part told apart are never joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictsum.models import Article, ArticleSummary, Claim, Dropped, Event, Evidence, Usage

PART_SEPARATOR = "~"
# A paragraph ends at a line break; a run of blank lines is one boundary.
_PARAGRAPH_END = re.compile(r"\n\s*")
# Fallbacks inside one over-long paragraph: a sentence end, else any whitespace.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")
# Failure kinds a later run may cure; the rest are the model's final word on that input.
TRANSIENT_KINDS = frozenset({"http", "connection", "timeout", "internal", "stopped"})


@dataclass(frozen=True)
class Part:
    """One slice of an article: ``article.text[start:end]``."""

    index: int
    start: int
    end: int


def split_text(text: str, size: int, overlap: int) -> list[Part]:
    """Cut text into parts of at most `size` characters at paragraph boundaries.

    Consecutive parts share whole paragraphs of up to `overlap` characters, so an incident
    told across a boundary is read whole at least once. A paragraph longer than `size`
    is cut at sentence ends, and a sentence longer than that at whitespace.
    """
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError("need size > 0 and 0 <= overlap < size")
    if len(text) <= size:
        return [Part(0, 0, len(text))]
    pieces = _pieces(text, 0, len(text), size)
    parts: list[Part] = []
    first = 0
    while first < len(pieces):
        last = first
        while last + 1 < len(pieces) and pieces[last + 1][1] - pieces[first][0] <= size:
            last += 1
        parts.append(Part(len(parts), pieces[first][0], pieces[last][1]))
        if last + 1 == len(pieces):
            break
        # Start the next part at the earliest piece that still fits in the overlap and leaves
        # room for the next new piece; always move forward.
        following = last + 1
        while (
            following - 1 > first
            and pieces[last][1] - pieces[following - 1][0] <= overlap
            and pieces[last + 1][1] - pieces[following - 1][0] <= size
        ):
            following -= 1
        first = following
    return parts


def _pieces(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """Spans covering text[start:end] in order, none longer than size, cut at the best boundary."""
    for boundary in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
        spans = _spans(text, start, end, boundary)
        if len(spans) > 1:
            out: list[tuple[int, int]] = []
            for s, e in spans:
                out.extend([(s, e)] if e - s <= size else _pieces(text, s, e, size))
            return out
    if end - start <= size:
        return [(start, end)]
    # No boundary at all (one endless token): cut it, there is nothing better.
    return [(s, min(s + size, end)) for s in range(start, end, size)]


def _spans(text: str, start: int, end: int, boundary: re.Pattern[str]) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for m in boundary.finditer(text, start, end):
        if m.end() > cursor and m.start() > cursor:
            spans.append((cursor, m.end()))
            cursor = m.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def part_article(article: Article, part: Part) -> Article:
    """The pseudo-article the model is asked about for one part."""
    return Article(
        id=f"{article.id}{PART_SEPARATOR}{part.index}",
        text=article.text[part.start : part.end],
        published=article.published,
        source=article.source,
        url=article.url,
    )


def _shift(evidence: list[Evidence], offset: int) -> list[Evidence]:
    return [Evidence(quote=e.quote, start=e.start + offset, end=e.end + offset) for e in evidence]


def assemble(
    article: Article, parts: list[Part], summaries: list[ArticleSummary]
) -> ArticleSummary:
    """One summary of the whole article from the summaries of its parts."""
    usage = sum((s.usage for s in summaries), Usage())
    attempts = sum(s.attempts for s in summaries)
    model = next((s.model for s in summaries if s.model), "")
    cached = all(s.cached for s in summaries)
    span = {p.index: p for p in parts}

    def where(i: int) -> str:
        p = span[i]
        return f"part {i + 1} of {len(parts)} (characters {p.start}-{p.end})"

    failed = [(i, s) for i, s in enumerate(summaries) if s.failure is not None]
    ok = [(i, s) for i, s in enumerate(summaries) if s.failure is None]
    # A part that failed for a reason another try may fix fails the article, so a resumed
    # run asks again (its finished parts come from the cache); so does a wholly failed one.
    transient = [(i, s) for i, s in failed if s.failure and s.failure.kind in TRANSIENT_KINDS]
    if transient or not ok:
        i, s = (transient or failed)[0]
        assert s.failure is not None
        failure = s.failure.model_copy(
            update={
                "message": f"{where(i)}: {s.failure.message}",
                "usage": usage,
                "attempts": attempts,
            }
        )
        return ArticleSummary(
            article=article,
            usage=usage,
            model=model,
            attempts=attempts,
            failure=failure,
            cached=cached,
        )
    notes = [
        f"split into {len(parts)} parts at paragraph boundaries; evidence offsets are "
        "relative to the whole article"
    ]
    for i, s in failed:
        assert s.failure is not None
        notes.append(f"{where(i)} gave nothing: {s.failure.kind}: {s.failure.message}")
    events, claims, kept_once = _dedupe(article, parts, [s for _, s in ok])
    if kept_once:
        notes.append(f"{kept_once} event(s) found in more than one part were kept once")
    dropped = [
        Dropped(
            kind=d.kind, index=d.index, reasons=[f"{where(i)}: {r}" for r in d.reasons], item=d.item
        )
        for i, s in enumerate(summaries)
        for d in s.dropped
    ]
    notes.extend(n for _, s in ok for n in s.notes)
    return ArticleSummary(
        article=article,
        events=events,
        claims=claims,
        usage=usage,
        model=model,
        dropped=dropped,
        attempts=attempts,
        notes=notes,
        cached=cached,
    )


def _dedupe(
    article: Article, parts: list[Part], summaries: list[ArticleSummary]
) -> tuple[list[Event], list[Claim], int]:
    """Shift part records onto the article, join part-events that are one incident, renumber."""
    from conflictsum.merge import merge

    offset = {f"{article.id}{PART_SEPARATOR}{p.index}": p.start for p in parts}
    part_events = [
        e.model_copy(update={"evidence": _shift(e.evidence, offset[e.article_id])})
        for s in summaries
        for e in s.events
    ]
    clusters: list[list[Event]] = []
    if part_events:
        by_key = {(e.article_id, e.id): e for e in part_events}
        clusters = [[by_key[m] for m in merged.members] for merged in merge(part_events).events]
    # Order incidents as the article tells them: by their first evidence.
    clusters.sort(key=lambda c: min(ev.start for e in c for ev in e.evidence))
    new_id: dict[tuple[str, str], str] = {}
    events: list[Event] = []
    for cluster in clusters:
        # The part that quotes the most evidence read the incident most fully.
        keep = max(cluster, key=lambda e: (len(e.evidence), -offset[e.article_id]))
        evidence = sorted(
            {(ev.start, ev.end): ev for e in cluster for ev in e.evidence}.values(),
            key=lambda ev: ev.start,
        )
        event_id = f"{article.id}:e{len(events)}"
        for e in cluster:
            new_id[(e.article_id, e.id)] = event_id
        events.append(
            keep.model_copy(update={"id": event_id, "article_id": article.id, "evidence": evidence})
        )
    claims: list[Claim] = []
    for s in summaries:
        for c in s.claims:
            shifted = _shift(c.evidence, offset[c.article_id])
            linked = new_id.get((c.article_id, c.event_id)) if c.event_id else None
            if any(_same_claim(c, shifted, other) for other in claims):
                continue
            claims.append(
                c.model_copy(
                    update={
                        "id": f"{article.id}:c{len(claims)}",
                        "article_id": article.id,
                        "event_id": linked,
                        "evidence": shifted,
                    }
                )
            )
    return events, claims, len(part_events) - len(events)


def _same_claim(claim: Claim, evidence: list[Evidence], other: Claim) -> bool:
    """The same claim read by two parts: same kind and claimant, quoting overlapping text."""
    if claim.kind != other.kind or claim.claimant.name.casefold() != other.claimant.name.casefold():
        return False
    return any(a.start < b.end and b.start < a.end for a in evidence for b in other.evidence)
