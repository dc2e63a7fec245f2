"""Bad input: every file or text either becomes an Article or raises ArticleError saying why.

The rules are documented in docs/reliability.md. Reading is where bad input is caught
(empty, binary, not UTF-8, a malformed or future date header, a file too large to be an
article); a Summarizer then turns what cannot be summarized into a typed "input" failure
without sending a request.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import httpx2
import openai
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from conflictsum.dates import resolve_date
from conflictsum.exceptions import ArticleError
from conflictsum.extract.summarizer import Summarizer
from conflictsum.models import Actor, Article

from .fault_server import GROUNDED_ANSWER, PUBLISHED, Reply, serve_faults

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])

TODAY = dt.datetime.now(dt.UTC).date()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
ARABIC = (
    "استهدفت غارة بطائرة مسيرة مستودع وقود في كفرنبل بريف إدلب يوم السبت، ما أدى إلى مقتل 2 "
    "من المقاتلين. واتهمت هيئة تحرير الشام القوات الروسية بتنفيذ الغارة."
)


def _write(tmp_path: Path, data: bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "no text", id="empty"),
        pytest.param(b" \n\t\r\n  ", "no text", id="whitespace-only"),
        pytest.param(b"date 2024-02-05\n \n", "no text", id="header-only"),
        pytest.param(PNG, "binary file", id="binary"),
        pytest.param("Raqqa café".encode("latin-1"), "not UTF-8", id="latin-1"),
        pytest.param("date 2024-02-05\nRaqqa".encode("utf-16"), "UTF-16", id="utf-16"),
        pytest.param(b"date 2024-02-30\nRaqqa", "invalid date", id="impossible-date"),
        pytest.param(b"date 02/05/2024\nRaqqa", "malformed date header", id="us-date"),
        pytest.param(b"Date: yesterday\nRaqqa", "malformed date header", id="relative-words"),
        pytest.param(b"date 5 February 2024 Raqqa", "malformed date header", id="words-no-colon"),
        pytest.param(b"date 2999-01-01\nRaqqa", "in the future", id="future-date"),
    ],
)
def test_unusable_files_raise_article_error_naming_the_file(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(ArticleError, match=reason) as caught:
        Article.from_file(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_missing_files_and_folders_raise_article_error(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.txt", tmp_path):
        with pytest.raises(ArticleError, match="cannot read"):
            Article.from_file(path)


def test_a_file_too_large_to_be_an_article_is_refused_without_reading_it_all(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dump.bin"
    with path.open("wb") as f:
        f.truncate(65 * 2**20)  # sparse: no disk space, no time
    with pytest.raises(ArticleError, match="larger than 64 MB"):
        Article.from_file(path)


def test_lone_surrogates_are_an_article_error_not_a_crash() -> None:
    raw = b"date 2024-02-05\nRaqqa \xff".decode("utf-8", "surrogateescape")
    with pytest.raises(ArticleError, match="not valid Unicode"):
        Article.from_text(raw)


def test_no_record_holds_a_lone_surrogate() -> None:
    # It could never be written to JSONL or CSV; refused when built, with the field named.
    with pytest.raises(ValidationError, match=r"text\n.*not valid Unicode text"):
        Article(text="Raqqa \ud800")
    with pytest.raises(ValidationError, match=r"name\n.*not valid Unicode text"):
        Actor(name="Kataib \udcff")


@pytest.mark.parametrize(
    ("data", "published", "text"),
    [
        pytest.param(b"Raqqa, Syria", None, "Raqqa, Syria", id="no-header"),
        pytest.param(b"Date: 2024-02-05\nRaqqa", PUBLISHED, "Raqqa", id="labelled-header"),
        pytest.param(
            "\ufeffdate 2024-02-05\r\nRaqqa\r\n".encode(), PUBLISHED, "Raqqa", id="bom-and-crlf"
        ),
        pytest.param(b"date 2024-02-05 Raqqa", PUBLISHED, "Raqqa", id="body-on-header-line"),
        pytest.param(b"date 2024-02-05T10:00\nRaqqa", PUBLISHED, "Raqqa", id="timestamp"),
        pytest.param(
            b"Date: 2024-02-05T23:30:00-05:00 Raqqa", PUBLISHED, "Raqqa", id="timestamp-own-offset"
        ),
        pytest.param(b"Date: Feb 5, 2024\nRaqqa", PUBLISHED, "Raqqa", id="labelled-words"),
        pytest.param(
            b"Published: Mon, 05 Feb 2024 14:30:00 GMT\nRaqqa", PUBLISHED, "Raqqa", id="rss-date"
        ),
        pytest.param(b"Published 2024-02-05\nRaqqa", PUBLISHED, "Raqqa", id="published-label"),
        pytest.param(
            b"Published reports say Raqqa",
            None,
            "Published reports say Raqqa",
            id="published-prose",
        ),
        pytest.param(
            b"Date palms burned in Basra.", None, "Date palms burned in Basra.", id="not-a-header"
        ),
        pytest.param(ARABIC.encode(), None, ARABIC, id="arabic"),
    ],
)
def test_usable_files_are_read(
    tmp_path: Path, data: bytes, published: dt.date | None, text: str
) -> None:
    article = Article.from_file(_write(tmp_path, data))
    assert (article.published, article.text) == (published, text)


def test_a_publication_date_one_day_ahead_is_allowed_for_time_zones(tmp_path: Path) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    article = Article.from_file(_write(tmp_path, f"date {tomorrow}\nRaqqa".encode()))
    assert article.published == tomorrow


def _offline_summarizer(**options) -> tuple[Summarizer, list[httpx2.Request]]:
    sent: list[httpx2.Request] = []

    def refuse(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        return httpx2.Response(500)

    client = openai.OpenAI(
        base_url="http://127.0.0.1:9/v1",
        api_key="test",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(refuse)),
    )
    return Summarizer(model="m", client=client, **options), sent


def test_a_2_mb_article_is_read_then_refused_by_the_summarizer_without_a_request(
    tmp_path: Path,
) -> None:
    sentence = "A drone strike hit a fuel depot in Kafr Nabl on Saturday. "
    body = sentence * (2 * 2**20 // len(sentence))
    article = Article.from_file(_write(tmp_path, f"date 2024-02-05\n{body}".encode()))
    assert len(article.text) > 2_000_000
    summarizer, sent = _offline_summarizer()
    [summary] = summarizer.summarize_many([article], progress=False)
    assert summary.failure is not None
    assert summary.failure.kind == "input"
    assert "max_chars" in summary.failure.message
    assert sent == []


def test_empty_articles_built_in_code_are_typed_input_failures() -> None:
    summarizer, sent = _offline_summarizer()
    results = summarizer.summarize_many([Article(text=""), Article(text=" \n\t")], progress=False)
    assert [r.failure.kind if r.failure else None for r in results] == ["input", "input"]
    assert sent == []


def test_an_arabic_article_is_grounded_and_dated_from_the_models_iso_date() -> None:
    article = Article(id="arabic", text=ARABIC, published=PUBLISHED, source="Enab Baladi")
    evidence = ARABIC.split("، ")[0] + "، ما أدى إلى مقتل 2 من المقاتلين."
    event = {
        **GROUNDED_ANSWER["events"][0],
        "date_expression": "يوم السبت",
        "location": {"name": "كفرنبل", "country": "Syria", "admin1": "إدلب", "precision": "exact"},
        "actor1": {"name": "القوات الروسية", "kind": "External/Other forces"},
        "actor2": {"name": "هيئة تحرير الشام", "kind": "Rebel group"},
        "summary": "غارة بطائرة مسيرة على مستودع وقود في كفرنبل قتلت مقاتلين اثنين.",
        "evidence": [evidence],
    }
    with (
        serve_faults({"arabic": [Reply("answer", {"events": [event], "claims": []})]}) as server,
        openai.OpenAI(base_url=server.base_url, api_key="test", max_retries=0) as client,
    ):
        [summary] = Summarizer(model="m", client=client).summarize_many([article], progress=False)
    assert summary.failure is None, summary.failure
    [kept] = summary.events
    [quote] = kept.evidence
    assert ARABIC[quote.start : quote.end] == quote.quote == evidence
    # Arabic date words are not resolved by code: the model's date stands, checked against
    # publication, and the article's own words are kept.
    assert (kept.date.start, kept.date.precision, kept.date.expression) == (
        dt.date(2024, 2, 3),
        "day",
        "يوم السبت",
    )


def _duplicates_run(articles: list[Article]) -> list:
    with (
        serve_faults({a.id: [Reply("answer", GROUNDED_ANSWER)] for a in articles}) as server,
        openai.OpenAI(base_url=server.base_url, api_key="test", max_retries=0) as client,
    ):
        return Summarizer(model="m", client=client).summarize_many(articles, progress=False)


def test_the_same_article_twice_gets_a_result_at_each_position() -> None:
    first = Article(id="a", text=GROUNDED_ANSWER["events"][0]["evidence"][0], published=PUBLISHED)
    other = Article(id="b", text=first.text, published=PUBLISHED)
    results = _duplicates_run([first, other, first])
    assert [r.article for r in results] == [first, other, first]
    assert all(r.ok for r in results)


def test_two_different_articles_with_one_id_each_keep_their_own_result() -> None:
    text = GROUNDED_ANSWER["events"][0]["evidence"][0]
    first = Article(id="dup", text=text, published=PUBLISHED)
    second = Article(id="dup", text=text + " Russia did not comment.", published=PUBLISHED)
    results = _duplicates_run([first, second])
    assert [r.article for r in results] == [first, second]


# ---- fuzzing: whatever the bytes, an Article or an ArticleError --------------------------

headers = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", "date ", "Date: ", "DATE\t", "  date  ", "date:", "\ufeffdate "]),
        st.one_of(st.dates().map(str), st.text(max_size=12), st.just("2024-02-05")),
        st.sampled_from(["\n", "\r\n", " ", "", "\n\n"]),
    ),
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1256"])
any_unicode = st.text(alphabet=st.characters(exclude_categories=()), max_size=200)


def _check(read) -> None:
    try:
        article = read()
    except ArticleError:
        return
    assert article.text
    assert article.text == article.text.strip()
    assert article.id
    assert article.published is None or article.published <= TODAY + dt.timedelta(days=1)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.binary(max_size=400), st.tuples(headers, any_unicode, encodings)))
def test_fuzz_from_file_never_crashes(tmp_path: Path, data) -> None:
    if isinstance(data, tuple):
        header, body, encoding = data
        data = (header + body).encode(encoding, "replace")
    path = _write(tmp_path, data, "fuzz.txt")
    _check(lambda: Article.from_file(path))


@settings(max_examples=300, deadline=None)
@given(headers, any_unicode)
def test_fuzz_from_text_never_crashes(header: str, body: str) -> None:
    _check(lambda: Article.from_text(header + body))


hostile = st.one_of(
    any_unicode,
    st.builds(
        " ".join,
        st.lists(
            st.one_of(
                st.sampled_from(
                    ["last", "monday", "night", "between", "and", "from", "to", "days", "ago",
                     "january", "28", "2024-02-30", "13/13/2024", "week", "year", "the", "of",
                     "يوم", "السبت", "٣", "overnight", "into"]
                ),
                st.integers(min_value=0, max_value=10**30).map(str),
            ),
            max_size=12,
        ),
    ),
)  # fmt: skip


@settings(max_examples=250, deadline=None)
@given(hostile, st.one_of(st.none(), st.dates()))
def test_fuzz_resolve_date_never_crashes_nor_dates_after_publication(
    expression: str, published: dt.date | None
) -> None:
    result = resolve_date(expression, published)
    if result is not None:
        assert result.start <= result.end
        assert published is None or result.end <= published


# ---- what is not an Article is a TypeError, before anything is sent ---------------------


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        pytest.param("A drone strike hit Kafr Nabl.", "a str ('A drone strike", id="str"),
        pytest.param(None, "None", id="none"),
        pytest.param({"text": "x"}, "a dict", id="dict"),
    ],
)
def test_summarize_of_something_else_than_an_article_says_how_to_make_one(bad, shown) -> None:
    summarizer, sent = _offline_summarizer()
    with pytest.raises(TypeError, match=r"takes a cs\.Article") as caught:
        summarizer.summarize(bad)
    assert shown in str(caught.value)
    assert "cs.Article(text=..., published=...)" in str(caught.value)
    with pytest.raises(TypeError, match=r"asummarize\(\) takes a cs\.Article"):
        asyncio.run(summarizer.asummarize(bad))
    assert sent == []


def test_a_batch_with_a_bad_item_names_its_position_and_sends_nothing() -> None:
    summarizer, sent = _offline_summarizer()
    article = Article(text="A drone strike hit Kafr Nabl.", published=PUBLISHED)
    with pytest.raises(TypeError, match=r"item 1 is None, not a cs\.Article") as caught:
        summarizer.summarize_many([article, None, article], progress=False)
    assert "cs.Article(text=..., published=...)" in str(caught.value)
    with pytest.raises(TypeError, match=r"item 2 is a str"):
        asyncio.run(summarizer.asummarize_many([article, article, "text"], progress=False))
    with pytest.raises(TypeError, match="not a str"):
        summarizer.summarize_many("A drone strike hit Kafr Nabl.", progress=False)
    with pytest.raises(TypeError, match=r"use summarize\(article\)"):
        summarizer.summarize_many(article, progress=False)
    assert sent == []


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            "date 2024-05-26\nSource: Reuters\nURL: https://x.example/a\nA strike.", id="after"
        ),
        pytest.param(
            "Source: Reuters\nurl: https://x.example/a\ndate 2024-05-26\nA strike.", id="before"
        ),
    ],
)
def test_header_lines_name_the_outlet_and_the_address(raw: str) -> None:
    article = Article.from_text(raw)
    assert (article.published, article.source, article.url, article.text) == (
        dt.date(2024, 5, 26),
        "Reuters",
        "https://x.example/a",
        "A strike.",
    )
    # The arguments win; prose that merely starts with the word is no header.
    assert Article.from_text(raw, source="AP").source == "AP"
    assert Article.from_text("Sources said a strike hit.").text == "Sources said a strike hit."


def test_the_command_line_takes_the_outlet_from_the_header(tmp_path: Path) -> None:
    from conflictsum.cli import _read_articles

    named, bare = tmp_path / "r.txt", tmp_path / "b.txt"
    named.write_text("date 2024-05-26\nSource: Reuters\nA strike.", encoding="utf-8")
    bare.write_text("date 2024-05-26\nA strike.", encoding="utf-8")
    assert [a.source for a in _read_articles([str(named), str(bare)])] == ["Reuters", "b.txt"]


def test_the_command_line_says_how_to_configure_a_model_in_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from conflictsum import cli

    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    article = tmp_path / "a.txt"
    article.write_text("date 2024-05-26\nA strike.", encoding="utf-8")
    assert cli.main(["summarize", str(article), "--model", "gpt-4o-mini"]) == 2
    err = capsys.readouterr().err
    assert "--base-url" in err
    assert "--local" in err
    assert "base_url=" not in err
