"""The HTML review page: merged events in a sortable table and on a timeline, with their sources.

`render_report` returns one self-contained page (inline CSS, one inline script, an inline
SVG timeline; nothing is fetched). For every event it shows each source side by side: the
values that source gave, and its article's text with the evidence highlighted at the
offsets the library computed. Fields on which sources disagree are flagged.

Article text, model output and every other string from the records is escaped with
`html.escape`, so an article containing ``<script>`` renders as text. The page also
carries a Content-Security-Policy that allows only its own script (by hash), no network
and no plugins, so a mistake in escaping still could not run injected code.

`summary_html` and `merge_result_html` are the smaller fragments notebooks show for an
`ArticleSummary` and a `MergeResult` (no script: notebooks do not run it).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conflictsum.export import HasMergedEvents, conflict_value_text, event_date
from conflictsum.models import (
    Actor,
    Article,
    ArticleSummary,
    Claim,
    Conflict,
    Count,
    Event,
    EventDate,
    Evidence,
    Location,
    MergedEvent,
)

__all__ = ["merge_result_html", "render_report", "summary_html"]


def _e(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute value."""
    return html.escape(str(value), quote=True)


# Display text of record fields ----------------------------------------------------------


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _date_text(date: EventDate) -> str:
    if date.start == date.end:
        return date.start.isoformat()
    return f"{date.start.isoformat()} – {date.end.isoformat()} ({date.precision})"


def _count_text(count: Count) -> str:
    return conflict_value_text(count.model_dump())


def _actor_text(actor: Actor | None) -> str:
    if actor is None:
        return "—"
    return actor.name if actor.kind is None else f"{actor.name} ({actor.kind})"


def _place_text(location: Location) -> str:
    parts = [location.name, location.admin1, location.country]
    return ", ".join(dict.fromkeys(p for p in parts if p))


def _coordinates(location: Location) -> str:
    if location.latitude is None or location.longitude is None:
        return "no coordinates"
    return f"{location.latitude:.4f}, {location.longitude:.4f}"


def _outlet(article: Article) -> str:
    return article.source or article.id


def _safe_url(url: str | None) -> str | None:
    # An escaped "javascript:" URL still runs when clicked: link only web addresses.
    if url and re.match(r"https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


# Highlighting evidence ------------------------------------------------------------------


def highlighted_text(text: str, marks: Iterable[tuple[Evidence, str]]) -> str:
    """Escaped `text` with each evidence span wrapped in ``<mark class=KIND>``.

    Overlapping spans are split at every boundary, so each piece of text is escaped once
    and carries the classes of every span covering it.
    """
    spans = [
        (max(0, ev.start), min(len(text), ev.end), kind)
        for ev, kind in marks
        if min(len(text), ev.end) > max(0, ev.start)
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        kinds = sorted({kind for s, e, kind in spans if s <= start and end <= e})
        chunk = _e(text[start:end])
        if kinds:
            label = " and ".join(f"evidence of the {k}" for k in kinds)
            chunk = f'<mark class="{" ".join(kinds)}" title="{label}">{chunk}</mark>'
        pieces.append(chunk)
    return "".join(pieces)


# Collecting what the page shows --------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One line of the events table: a merged event, or a source event shown on its own."""

    anchor: str
    event: MergedEvent | Event
    members: list[tuple[str, str]]
    conflicts: list[Conflict]
    claims: list[Claim]


def _anchors(ids: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    anchors = []
    for record_id in ids:
        base = "ev-" + re.sub(r"[^A-Za-z0-9_-]", "_", record_id)
        anchor, n = base, 1
        while anchor in seen:
            n += 1
            anchor = f"{base}-{n}"
        seen.add(anchor)
        anchors.append(anchor)
    return anchors


def _rows(
    summaries: Sequence[ArticleSummary], merged: HasMergedEvents | Sequence[MergedEvent] | None
) -> list[_Row]:
    events: list[MergedEvent | Event]
    if merged is None:
        sources = [e for s in summaries for e in s.events]
        sources.sort(key=lambda e: (e.date.start, e.date.end, e.article_id, e.id))
        events = list(sources)
    else:
        events = list(merged.events if isinstance(merged, HasMergedEvents) else merged)
    claims: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
    for s in summaries:
        for c in s.claims:
            claims[(c.article_id, c.event_id)].append(c)
    rows = []
    for event, anchor in zip(events, _anchors([e.id for e in events]), strict=True):
        if isinstance(event, MergedEvent):
            rows.append(_Row(anchor, event, event.members, event.conflicts, event.claims))
        else:
            about = claims.get((event.article_id, event.id), [])
            rows.append(_Row(anchor, event, [(event.article_id, event.id)], [], about))
    return rows


# The page -------------------------------------------------------------------------------

_TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#d35400",
    "Violence against civilians": "#8e44ad",
    "Riots": "#b7950b",
    "Protests": "#2471a3",
    "Strategic developments": "#5d6d7e",
}

_CSS = """
:root { --ink: #1c2833; --muted: #5d6d7e; --line: #d5d8dc; --flag: #b03a2e; --bg: #fbfcfc; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  color: var(--ink); background: var(--bg); margin: 0; padding: 0 2rem 3rem; }
header { border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
h1 { font-size: 1.5rem; margin: 1.2rem 0 .2rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
h4 { font-size: .95rem; margin: 0 0 .4rem; }
small, .muted { color: var(--muted); }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
  cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
td.num, th.num { text-align: right; }
.flag { color: var(--flag); font-weight: 600; }
.timeline { overflow-x: auto; background: #fff; border: 1px solid var(--line); }
.timeline text { font-size: 12px; fill: var(--ink); }
.timeline .tick { stroke: var(--line); }
.timeline .bar.conflict { stroke: var(--flag); stroke-width: 2; stroke-dasharray: 4 2; }
.legend span { display: inline-block; margin-right: 1rem; font-size: .85rem; }
.legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem;
  vertical-align: -1px; }
article.event { background: #fff; border: 1px solid var(--line); border-radius: 6px;
  padding: 1rem; margin: 0 0 1.2rem; }
article.event.has-conflicts { border-left: 5px solid var(--flag); }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem;
  margin: 0 0 .6rem; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; }
dl.fields .disagree { color: var(--flag); font-weight: 600; }
.conflicts { border: 1px solid var(--flag); border-radius: 4px; padding: .4rem .8rem;
  margin: .6rem 0; background: #fdf2f0; }
.conflicts ul, ul.claims { margin: .3rem 0; padding-left: 1.2rem; }
.sources { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr));
  gap: 1rem; margin-top: .8rem; }
.source { border: 1px solid var(--line); border-radius: 4px; padding: .6rem; min-width: 0; }
.text { position: relative; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 22rem;
  overflow-y: auto; border-top: 1px solid var(--line); padding-top: .5rem; font-size: .9rem; }
mark.event { background: #fde68a; }
mark.claim { background: #bfdbfe; }
mark.claim.event { background: #a7f3d0; }
.failure { color: var(--flag); }
"""

# Sort the table by a header's column (numbers numerically, empty cells last), and scroll each
# article to its first highlighted evidence. data-ready tells a test the script ran.
_SCRIPT = """
(function () {
  function key(cell) {
    var sortKey = cell.getAttribute("data-sort");
    return sortKey === null ? cell.textContent.trim() : sortKey;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.querySelector("button").addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = th.classList.contains("num");
        var body = table.tBodies[0];
        var rows = Array.prototype.map.call(body.rows, function (row, i) {
          return { row: row, key: key(row.cells[col]), i: i };
        });
        rows.sort(function (a, b) {
          if (a.key === "" || b.key === "") { return (a.key === "") - (b.key === "") || a.i - b.i; }
          var c = numeric ? parseFloat(a.key) - parseFloat(b.key) : a.key.localeCompare(b.key);
          return (asc ? c : -c) || a.i - b.i;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      });
    });
  });
  document.querySelectorAll(".text").forEach(function (box) {
    var mark = box.querySelector("mark");
    if (mark) { box.scrollTop = Math.max(0, mark.offsetTop - 40); }
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)


_FLAG = ' class="flag"'
_NUM = ' class="num"'


def render_report(
    summaries: Sequence[ArticleSummary],
    merged: HasMergedEvents | Sequence[MergedEvent] | None = None,
    *,
    title: str = "conflictsum review",
) -> str:
    """One self-contained HTML page to review the events of `summaries` before publishing.

    `merged` is the `MergeResult` of the summaries (or its events); without it every
    source event is shown on its own, unmerged.
    """
    rows = _rows(summaries, merged)
    articles = {s.article.id: s for s in summaries}
    n_conflicts = sum(1 for r in rows if r.conflicts)
    n_failed = sum(1 for s in summaries if s.failure is not None)
    n_source_events = sum(len(s.events) for s in summaries)
    what = "merged events" if merged is not None else "events (not merged)"
    stats = (
        f"{len(rows)} {what} from {_n(n_source_events, 'source event')} in "
        f"{_n(len(summaries), 'article')} · <span{_FLAG if n_conflicts else ''}>{n_conflicts} "
        f"with sources that disagree</span> · <span{_FLAG if n_failed else ''}>"
        f"{_n(n_failed, 'article')} failed</span>"
    )
    # A reviewer starts with what needs a decision: events whose sources disagree.
    review_order = sorted(rows, key=lambda r: not r.conflicts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<p class="muted">{stats}</p>
<nav><a href="#timeline">Timeline</a><a href="#events">Events</a>\
<a href="#details">Sources and evidence</a><a href="#articles">Articles</a></nav>
</header>
<section id="timeline">
<h2>Timeline</h2>
{_timeline(rows)}
</section>
<section id="events">
<h2>Events</h2>
{_table(rows, articles)}
</section>
<section id="details">
<h2>Sources and evidence</h2>
<p class="muted">Each source's values side by side, and its article with the evidence \
highlighted: <mark class="event">the event</mark> <mark class="claim">a claim about it</mark>. \
Events whose sources disagree come first.</p>
{"".join(_details(r, articles) for r in review_order)}
</section>
<section id="articles">
<h2>Articles</h2>
{_articles(summaries)}
</section>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _table(rows: Sequence[_Row], articles: dict[str, ArticleSummary]) -> str:
    if not rows:
        return '<p class="muted">No events.</p>'
    head = "".join(
        f'<th{_NUM if num else ""}><button type="button">{label}</button></th>'
        for label, num in [
            ("Date", False),
            ("Event type", False),
            ("Location", False),
            ("Actor 1", False),
            ("Actor 2", False),
            ("Fatalities", True),
            ("Sources", True),
            ("Disagreements", False),
        ]
    )
    body = []
    for r in rows:
        e = r.event
        outlets = sorted(
            {_outlet(articles[a].article) if a in articles else a for a, _ in r.members}
        )
        toll = e.fatalities
        low = next((v for v in (toll.low, toll.best, toll.high) if v is not None), None)
        fields = ", ".join(c.field for c in r.conflicts)
        body.append(
            "<tr>"
            f'<td data-sort="{e.date.start.isoformat()} {e.date.end.isoformat()}">'
            f'<a href="#{r.anchor}">{_e(_date_text(e.date))}</a></td>'
            f"<td>{_e(e.sub_event_type)}<br><small>{_e(e.event_type)}</small></td>"
            f"<td>{_e(_place_text(e.location))}</td>"
            f"<td>{_e(_actor_text(e.actor1))}</td>"
            f"<td>{_e(_actor_text(e.actor2))}</td>"
            f'<td class="num" data-sort="{"" if low is None else low}">'
            f"{_e(_count_text(toll))}</td>"
            f'<td class="num" data-sort="{len(outlets)}" title="{_e("; ".join(outlets))}">'
            f"{len(outlets)}</td>"
            f'<td class="flag">{"⚠ " + _e(fields) if fields else ""}</td>'
            "</tr>"
        )
    return (
        f'<table class="sortable" id="event-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _timeline(rows: Sequence[_Row]) -> str:
    if not rows:
        return '<p class="muted">No events.</p>'
    ordered = sorted(rows, key=lambda r: (r.event.date.start, r.event.date.end, r.anchor))
    first = min(r.event.date.start for r in rows)
    last = max(r.event.date.end for r in rows) + dt.timedelta(days=1)
    label_width, plot_width, lane, top = 330, 800, 22, 28
    days = max(1, (last - first).days)

    def x(day: dt.date) -> float:
        return label_width + (day - first).days * plot_width / days

    height = top + lane * len(ordered) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + plot_width + 60}" '
        f'height="{height}" role="img" aria-label="timeline of {len(ordered)} events">'
    ]
    for day, label in _ticks(first, last):
        parts.append(
            f'<line class="tick" x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{top - 6}" '
            f'y2="{height}"/><text x="{x(day) + 3:.1f}" y="{top - 10}">{_e(label)}</text>'
        )
    for i, r in enumerate(ordered):
        e = r.event
        y = top + i * lane
        x0, x1 = x(e.date.start), x(e.date.end + dt.timedelta(days=1))
        label = f"{e.sub_event_type} · {_place_text(e.location)}"
        if len(label) > 44:
            label = label[:43] + "…"
        flagged = " conflict" if r.conflicts else ""
        tip = f"{_date_text(e.date)}: {e.sub_event_type}, {_place_text(e.location)}, " + (
            f"{_actor_text(e.actor1)} → {_actor_text(e.actor2)}"
        )
        if r.conflicts:
            tip += " — sources disagree on " + ", ".join(c.field for c in r.conflicts)
        parts.append(
            f'<a href="#{r.anchor}"><title>{_e(tip)}</title>'
            f'<text x="4" y="{y + 15}">{"⚠ " if r.conflicts else ""}{_e(label)}</text>'
            f'<rect class="bar{flagged}" x="{x0:.1f}" y="{y + 4}" width="{max(4.0, x1 - x0):.1f}" '
            f'height="{lane - 8}" rx="3" fill="{_TYPE_COLOURS[e.event_type]}"/></a>'
        )
    parts.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{colour}"></i>{_e(name)}</span>'
        for name, colour in _TYPE_COLOURS.items()
        if any(r.event.event_type == name for r in rows)
    )
    return (
        f'<div class="timeline">{"".join(parts)}</div><p class="legend">{legend}'
        '<span class="flag">⚠ dashed outline: sources disagree</span></p>'
    )


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Axis ticks: days, Mondays, first days of months or of years, by the span shown."""
    span = (last - first).days
    days = [first + dt.timedelta(days=i) for i in range(span + 1)]
    if span <= 14:
        return [(d, d.strftime("%d %b")) for d in days]
    if span <= 120:
        return [(d, d.strftime("%d %b")) for d in days if d.weekday() == 0]
    if span <= 1500:
        return [(d, d.strftime("%b %Y")) for d in days if d.day == 1]
    return [(d, str(d.year)) for d in days if d.day == 1 and d.month == 1]


_CONFLICT_FIELDS = {
    "Date": ("date",),
    "Event type": ("event_type", "sub_event_type"),
    "Location": ("location",),
    "Actor 1": ("actor1",),
    "Actor 2": ("actor2",),
    "Fatalities": ("fatalities",),
    "Injuries": ("injuries",),
    "Civilians targeted": ("civilian_targeting",),
    "Attribution": ("attribution",),
}


def _fields(e: Event | MergedEvent, disagree: set[str], *, full: bool) -> str:
    values = {
        "Date": _date_text(e.date) + (f" — “{e.date.expression}”" if e.date.expression else ""),
        "Event type": f"{e.sub_event_type} ({e.event_type})",
        "Location": f"{_place_text(e.location)} ({e.location.precision}; "
        f"{_coordinates(e.location)})",
        "Actor 1": _actor_text(e.actor1),
        "Actor 2": _actor_text(e.actor2),
        "Fatalities": _count_text(e.fatalities),
        "Injuries": _count_text(e.injuries),
        "Civilians targeted": "yes" if e.civilian_targeting else "no",
        "Attribution": e.attribution,
    }
    if full:
        acled = event_date(e.date)
        values["ACLED date"] = "none (vaguer than a month)" if acled is None else str(acled)
        values["Summary"] = e.summary
    items = []
    for label, value in values.items():
        flagged = any(f in disagree for f in _CONFLICT_FIELDS.get(label, ()))
        cls = ' class="disagree"' if flagged else ""
        items.append(f"<dt{cls}>{_e(label)}</dt><dd{cls}>{_e(value)}</dd>")
    return f'<dl class="fields">{"".join(items)}</dl>'


def _claim_items(claims: Sequence[Claim], articles: dict[str, ArticleSummary]) -> str:
    items = []
    for c in claims:
        outlet = (
            _outlet(articles[c.article_id].article) if c.article_id in articles else c.article_id
        )
        when = f", {c.date.isoformat()}" if c.date else ""
        items.append(
            f"<li><strong>{_e(c.claimant.name)}</strong> [{_e(c.kind)}{_e(when)}]: {_e(c.text)} "
            f"<small>({_e(outlet)})</small></li>"
        )
    return f'<ul class="claims">{"".join(items)}</ul>' if items else ""


def _details(r: _Row, articles: dict[str, ArticleSummary]) -> str:
    e = r.event
    disagree = {c.field for c in r.conflicts}
    conflicts = ""
    if r.conflicts:
        lines = []
        for c in r.conflicts:
            values = " · ".join(
                f"{_e(_outlet(articles[a].article) if a in articles else a)}: "
                f"<strong>{_e(conflict_value_text(v))}</strong>"
                for a, _, v in c.values
            )
            lines.append(f"<li>{_e(c.field)} — {values}</li>")
        conflicts = (
            '<div class="conflicts"><span class="flag">⚠ The sources disagree</span>'
            f"<ul>{''.join(lines)}</ul></div>"
        )
    claims = _claim_items(r.claims, articles)
    sources = "".join(_source_card(key, r, articles, disagree) for key in r.members)
    heading = f"{_date_text(e.date)} · {e.sub_event_type} · {_place_text(e.location)}"
    return (
        f'<article class="event{" has-conflicts" if r.conflicts else ""}" id="{r.anchor}">'
        f"<h3>{_e(heading)}</h3><small>{_e(e.id)} · {_n(len(r.members), 'source event')}</small>"
        f"{_fields(e, disagree, full=True)}{conflicts}"
        f"{'<h4>Claims about this event</h4>' + claims if claims else ''}"
        f'<div class="sources">{sources}</div></article>'
    )


def _source_card(
    key: tuple[str, str], r: _Row, articles: dict[str, ArticleSummary], disagree: set[str]
) -> str:
    article_id, event_id = key
    summary = articles.get(article_id)
    event = None if summary is None else next((e for e in summary.events if e.id == event_id), None)
    if summary is None or event is None:
        return (
            f'<section class="source"><h4>{_e(article_id)}</h4><p class="muted">Source event '
            f"{_e(event_id)} is not among the summaries given to this report.</p></section>"
        )
    article = summary.article
    url = _safe_url(article.url)
    link = f' <a href="{_e(url)}" rel="noopener noreferrer">link</a>' if url else ""
    marks = [(ev, "event") for ev in event.evidence] + [
        (ev, "claim") for c in r.claims if c.article_id == article_id for ev in c.evidence
    ]
    published = article.published.isoformat() if article.published else "undated"
    return (
        f'<section class="source"><h4>{_e(_outlet(article))}{link}</h4>'
        f"<small>published {_e(published)} · {_e(article.id)} · {_e(event_id)}</small>"
        f"{_fields(event, disagree, full=False)}"
        f'<div class="text">{highlighted_text(article.text, marks)}</div></section>'
    )


def _articles(summaries: Sequence[ArticleSummary]) -> str:
    if not summaries:
        return '<p class="muted">No articles.</p>'
    items = []
    for s in summaries:
        a = s.article
        published = a.published.isoformat() if a.published else "undated"
        head = f"<h4>{_e(_outlet(a))} <small>{_e(published)} · {_e(a.id)}</small></h4>"
        if s.failure is not None:
            status = (
                f'<p class="failure">Failed ({_e(s.failure.kind)}, {s.failure.attempts} '
                f"attempt(s)): {_e(s.failure.message)}</p>"
            )
        else:
            status = (
                f"<p>{_n(len(s.events), 'event')}, {_n(len(s.claims), 'claim')}; "
                f"model {_e(s.model)}, {s.usage.total_tokens} tokens in "
                f"{_n(s.attempts, 'attempt')}.</p>"
            )
        dropped = "".join(
            f"<li>{_e(d.kind)} {d.index}: {_e('; '.join(d.reasons))}</li>" for d in s.dropped
        )
        if dropped:
            dropped = f"<p>Proposed but dropped (failed every check):</p><ul>{dropped}</ul>"
        unattached = [c for c in s.claims if c.event_id is None]
        claims = _claim_items(unattached, {a.id: s})
        if claims:
            claims = "<p>Claims not about any event above:</p>" + claims
        notes = "".join(f"<li>{_e(n)}</li>" for n in s.notes)
        notes = f"<ul>{notes}</ul>" if notes else ""
        items.append(f'<div class="source">{head}{status}{notes}{dropped}{claims}</div>')
    return f'<div class="sources">{"".join(items)}</div>'


# Notebook fragments ---------------------------------------------------------------------


def _event_table(events: Sequence[Event | MergedEvent], *, merged: bool) -> str:
    head = ["Date", "Event type", "Location", "Actor 1", "Actor 2", "Fatalities"]
    head += ["Sources", "Disagreements"] if merged else ["Evidence"]
    rows = []
    for e in events:
        cells = [
            _date_text(e.date),
            e.sub_event_type,
            _place_text(e.location),
            _actor_text(e.actor1),
            _actor_text(e.actor2),
            _count_text(e.fatalities),
        ]
        if isinstance(e, MergedEvent):
            cells.append(str(len({a for a, _ in e.members})))
            cells.append(
                "; ".join(
                    f"{c.field}: " + ", ".join(conflict_value_text(v) for _, _, v in c.values)
                    for c in e.conflicts
                )
            )
        else:
            cells.append(" … ".join(f"“{ev.quote}”" for ev in e.evidence))
        rows.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th>{h}</th>" for h in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def summary_html(summary: ArticleSummary) -> str:
    """A compact HTML view of one summary, for notebooks."""
    a = summary.article
    published = a.published.isoformat() if a.published else "undated"
    head = f"<strong>{_e(_outlet(a))}</strong> · {_e(published)} · {_e(a.id)}"
    if summary.failure is not None:
        f = summary.failure
        return (
            f'<div class="conflictsum">{head}<p style="color:#b03a2e">✗ {_e(f.kind)} after '
            f"{f.attempts} attempt(s): {_e(f.message)}</p></div>"
        )
    parts = [
        f"<p>{head} · {len(summary.events)} events, {len(summary.claims)} claims, "
        f"{len(summary.dropped)} dropped · {summary.usage.total_tokens} tokens</p>",
        _event_table(summary.events, merged=False) if summary.events else "",
    ]
    if summary.claims:
        rows = "".join(
            f"<tr><td>{_e(c.claimant.name)}</td><td>{_e(c.kind)}</td><td>{_e(c.text)}</td>"
            f"<td>{_e(c.event_id or '')}</td></tr>"
            for c in summary.claims
        )
        parts.append(
            "<table><thead><tr><th>Claimant</th><th>Kind</th><th>Claim</th><th>Event</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
    if summary.dropped:
        items = "".join(
            f"<li>{_e(d.kind)} {d.index}: {_e('; '.join(d.reasons))}</li>" for d in summary.dropped
        )
        parts.append(f"<p>Dropped:</p><ul>{items}</ul>")
    return f'<div class="conflictsum">{"".join(parts)}</div>'


def merge_result_html(result: HasMergedEvents) -> str:
    """A compact HTML table of merged events, disagreements included, for notebooks."""
    events = list(result.events)
    n_conflicts = sum(1 for e in events if e.conflicts)
    return (
        f'<div class="conflictsum"><p>{len(events)} merged events, {n_conflicts} with sources '
        f"that disagree</p>{_event_table(events, merged=True)}</div>"
    )
