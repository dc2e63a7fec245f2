"""The HTML review page: escaped, self-contained, and rendered for real in headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conflictsum import cli
from conflictsum.demo import run_demo
from conflictsum.export import to_jsonl
from conflictsum.merge import MergeResult, merge
from conflictsum.models import (
    Actor,
    Article,
    ArticleSummary,
    Claim,
    Dropped,
    Evidence,
    Failure,
)
from conflictsum.report import highlighted_text, merge_result_html, render_report, summary_html

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (/usr/bin/chromium); scripts/install-chromium "
    "installs it",
)

INJECTED = "<script>document.title='pwned'</script>"
HOSTILE_TEXT = (
    "Seven Kurdish fighters were killed when a drone hit the al-Omar base overnight, "
    f"the SDF said. {INJECTED} <img src=x onerror=\"document.title='pwned'\"> & more."
)


def _quote(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def hostile_second_source(seeds: list[ArticleSummary]) -> ArticleSummary:
    """Another outlet's report of the seeds' al-Omar strike: 7 killed, and markup everywhere."""
    omar = next(e for s in seeds for e in s.events if e.location.name == "al-Omar base")
    article = Article(
        id="hostile",
        text=HOSTILE_TEXT,
        source=f"Outlet {INJECTED}",
        url="javascript:document.title='pwned'",
        published=omar.date.end,
    )
    event = omar.model_copy(
        update={
            "id": "hostile:e0",
            "article_id": "hostile",
            "fatalities": omar.fatalities.model_copy(update={"low": 7, "best": 7, "high": 7}),
            "summary": f"A drone killed seven. {INJECTED}",
            "evidence": [
                _quote(HOSTILE_TEXT, "Seven Kurdish fighters were killed when a drone hit"),
                _quote(HOSTILE_TEXT, INJECTED),
            ],
        }
    )
    claim = Claim(
        id="hostile:c0",
        article_id="hostile",
        claimant=Actor(name=f"SDF {INJECTED}", kind="Rebel group"),
        kind="casualty_report",
        text=f"</td></tr></table>{INJECTED}",
        event_id="hostile:e0",
        evidence=[_quote(HOSTILE_TEXT, "the SDF said.")],
    )
    return ArticleSummary(
        article=article,
        events=[event],
        claims=[claim],
        dropped=[Dropped(kind="event", index=1, reasons=[INJECTED], item={})],
        notes=[INJECTED],
    )


@pytest.fixture(scope="module")
def summaries() -> list[ArticleSummary]:
    seeds = run_demo()
    failed = ArticleSummary(
        article=Article(id="failed", text="x", source="Broken feed"),
        failure=Failure(kind="validation", message=f"model said {INJECTED}", attempts=3),
    )
    return [*seeds, hostile_second_source(seeds), failed]


@pytest.fixture(scope="module")
def result(summaries: list[ArticleSummary]) -> MergeResult:
    return merge(summaries)


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _elements(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


# The page as HTML -----------------------------------------------------------------------


def test_the_seeds_report_merges_the_second_outlet_and_flags_the_toll(
    result: MergeResult,
) -> None:
    # The page shows side-by-side sources only if merge joins the two reports.
    (omar,) = [e for e in result.events if len(e.members) == 2]
    assert [c.field for c in omar.conflicts] == ["fatalities"]


def test_every_record_string_is_escaped(
    summaries: list[ArticleSummary], result: MergeResult
) -> None:
    page = render_report(summaries, result)
    found = _elements(page)
    assert [t for t, _ in found.tags].count("script") == 1
    assert not {t for t, _ in found.tags} & {"img", "iframe", "object", "embed", "link"}
    attributes = [(name, value or "") for _, attrs in found.tags for name, value in attrs.items()]
    assert not [name for name, _ in attributes if name.startswith("on")]
    assert not [v for name, v in attributes if name == "href" and not v.startswith("#")]
    escaped = html.escape(INJECTED)
    assert page.count(escaped) >= 8  # text, source, summary, claimant, claim, failure, notes …
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;" in page


def test_page_is_self_contained_and_allows_only_its_own_script(
    summaries: list[ArticleSummary], result: MergeResult
) -> None:
    page = render_report(summaries, result)
    found = _elements(page)
    assert not [a for _, attrs in found.tags for a in attrs if a == "src"]
    (policy,) = [
        a["content"] for t, a in found.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy is not None
    (script,) = found.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy


def test_web_links_are_kept_and_other_schemes_are_not(summaries: list[ArticleSummary]) -> None:
    seed = summaries[0]
    linked = seed.model_copy(
        update={"article": seed.article.model_copy(update={"url": "https://ex.org/a?b=1&c=2"})}
    )
    page = render_report([linked])
    assert 'href="https://ex.org/a?b=1&amp;c=2"' in page
    hostile = summaries[2]
    assert "javascript" not in render_report([hostile]).split("<body>")[1].split("<script>")[0]


def test_without_a_merge_every_source_event_is_its_own_row(
    summaries: list[ArticleSummary],
) -> None:
    page = render_report(summaries)
    table = page.split('id="event-table"')[1].split("</table>")[0]
    assert table.count("<tr>") - 1 == sum(len(s.events) for s in summaries)
    assert "events (not merged)" in page


def test_an_empty_report_still_renders() -> None:
    page = render_report([])
    assert "No events." in page
    assert "No articles." in page


def test_evidence_is_highlighted_at_its_offsets() -> None:
    text = "a <b> & c d e"
    marks = [
        (Evidence(quote="<b> & c", start=2, end=9), "event"),
        (Evidence(quote="c d", start=8, end=11), "claim"),
        (Evidence(quote="beyond", start=12, end=99), "claim"),
        (Evidence(quote="", start=40, end=50), "event"),
    ]
    out = highlighted_text(text, marks)
    assert out == (
        'a <mark class="event" title="evidence of the event">&lt;b&gt; &amp; </mark>'
        '<mark class="claim event" title="evidence of the claim and evidence of the event">'
        'c</mark><mark class="claim" title="evidence of the claim"> d</mark> '
        '<mark class="claim" title="evidence of the claim">e</mark>'
    )
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_notebook_views_escape_too(summaries: list[ArticleSummary], result: MergeResult) -> None:
    hostile = summaries[2]
    for fragment in (hostile._repr_html_(), summary_html(summaries[3]), merge_result_html(result)):
        assert "<script" not in fragment
        assert fragment.startswith('<div class="conflictsum">')
    assert "7" in merge_result_html(result)
    assert "fatalities: 6, 7" in merge_result_html(result)


def test_cli_writes_the_report(
    summaries: list[ArticleSummary], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonl = tmp_path / "out.jsonl"
    to_jsonl(summaries, jsonl)
    out = tmp_path / "report.html"
    assert cli.main(["report", str(jsonl), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "1 with sources that disagree" in capsys.readouterr().out
    assert cli.main(["report", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err


# In a real browser ----------------------------------------------------------------------


def _chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "chromium-profile"
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1400,2000",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def page_file(summaries: list[ArticleSummary], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the seeds plus a hostile second outlet, written by the command line."""
    folder = tmp_path_factory.mktemp("report")
    jsonl = folder / "out.jsonl"
    to_jsonl(summaries, jsonl)
    page = folder / "report.html"
    assert cli.main(["report", str(jsonl), "-o", str(page)]) == 0
    return page


@needs_chromium
def test_chromium_shows_the_events_and_runs_no_injected_script(
    page_file: Path, result: MergeResult, tmp_path: Path
) -> None:
    dom = _chromium(tmp_path, "--dump-dom", page_file.as_uri())
    assert 'data-ready="1"' in dom  # the page's own script ran, so scripts do run here
    assert "<title>conflictsum review</title>" in dom
    assert dom.count("<script") == 1
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "<img" not in dom
    table = dom.split('id="event-table"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert len(rows) == len(result.events)
    for event, row in zip(result.events, rows, strict=True):
        assert html.escape(event.sub_event_type) in row
        assert html.escape(event.location.name) in row
    assert "⚠ fatalities" in table
    assert dom.count('<section class="source">') >= sum(len(e.members) for e in result.events)
    assert dom.count('<mark class="event"') >= 3


@needs_chromium
def test_chromium_screenshot(page_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={shot}", page_file.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 2000)
    assert len(data) > 50_000  # a rendered page, not a blank one


@needs_chromium
def test_chromium_sorts_the_table_by_a_clicked_column(page_file: Path, tmp_path: Path) -> None:
    # The harness script needs the page's policy removed; it clicks "Fatalities" twice
    # (descending) and writes the first row's toll where --dump-dom shows it.
    page = page_file.read_text(encoding="utf-8")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    harness = """<script>
      var button = document.querySelectorAll("#event-table th button")[5];
      button.click(); button.click();
      var first = document.querySelector("#event-table tbody tr").cells[5].textContent;
      var last = document.querySelector("#event-table tbody tr:last-child").cells[5].textContent;
      var out = document.createElement("pre");
      out.id = "sorted";
      out.textContent = first + "|" + last;
      document.body.appendChild(out);
    </script></body>"""
    copy = tmp_path / "sorted.html"
    copy.write_text(page.replace("</body>", harness), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", copy.as_uri())
    first, last = re.search(r'<pre id="sorted">([^<]*)</pre>', dom).group(1).split("|")
    assert first.startswith("6-7")  # the merged toll: 6 and 7 killed
    assert last == "no figure"  # events without a figure sort last
    assert 'aria-sort="descending"' in dom


@needs_chromium
def test_chromium_policy_blocks_a_script_that_escaping_missed(
    page_file: Path, tmp_path: Path
) -> None:
    page = page_file.read_text(encoding="utf-8")
    broken = tmp_path / "unescaped.html"
    broken.write_text(page.replace("</h1>", f"</h1>{INJECTED}", 1), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", broken.as_uri())
    assert "<title>conflictsum review</title>" in dom
    assert 'data-ready="1"' in dom
