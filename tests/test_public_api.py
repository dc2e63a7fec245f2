"""The public surface is pinned: a name appears or disappears only on purpose."""

from __future__ import annotations

import conflictsum as cs

EXPECTED = [
    "Actor",
    "Aliases",
    "Article",
    "ArticleError",
    "ArticleSummary",
    "Claim",
    "ConfigurationError",
    "Conflict",
    "ConflictsumError",
    "Count",
    "Dropped",
    "Event",
    "EventDate",
    "Evidence",
    "Failure",
    "FieldVerdict",
    "Location",
    "MergeExplanation",
    "MergeResult",
    "MergedEvent",
    "Place",
    "SummarizeError",
    "Summarizer",
    "Usage",
    "acled_export",
    "claims_to_pandas",
    "events_to_pandas",
    "find_evidence",
    "from_jsonl",
    "load_aliases",
    "merge",
    "render_report",
    "resolve_date",
    "resolve_place",
    "summaries_to_pandas",
    "to_acled_csv",
    "to_jsonl",
]


def test_all_is_pinned_and_sorted() -> None:
    assert cs.__all__ == EXPECTED


def test_every_exported_name_exists() -> None:
    for name in cs.__all__:
        assert getattr(cs, name) is not None


def test_design_contract_field_names() -> None:
    """The record field names DESIGN.md makes binding."""
    fields = {
        cs.Article: {"id", "text", "published", "source", "url"},
        cs.EventDate: {"start", "end", "precision", "expression"},
        cs.Actor: {"name", "kind"},
        cs.Count: {"low", "best", "high"},
        cs.Evidence: {"quote", "start", "end"},
        cs.Event: {
            "id",
            "article_id",
            "event_type",
            "sub_event_type",
            "date",
            "location",
            "actor1",
            "actor2",
            "fatalities",
            "injuries",
            "civilian_targeting",
            "attribution",
            "summary",
            "evidence",
        },
        cs.Claim: {
            "id",
            "article_id",
            "claimant",
            "kind",
            "text",
            "event_id",
            "target",
            "date",
            "evidence",
        },
        cs.ArticleSummary: {"article", "events", "claims", "usage", "model", "failure"},
        cs.MergedEvent: {"id", "members", "conflicts", "claims"},
        cs.Location: {
            "name",
            "country",
            "admin1",
            "precision",
            "latitude",
            "longitude",
            "place_id",
            "country_iso",
            "admin1_code",
        },
        cs.Place: {
            "id",
            "name",
            "latitude",
            "longitude",
            "country_iso",
            "admin1_code",
            "admin1",
            "precision",
            "candidates",
        },
    }
    for model, names in fields.items():
        assert names <= set(model.model_fields), (model.__name__, names - set(model.model_fields))


def test_acled_vocabularies_agree() -> None:
    """The Literal a type checker sees and the hierarchy the checks use list the same names."""
    from typing import get_args

    from conflictsum._types import EVENT_TYPE_ORDER, EVENT_TYPES, SUB_EVENT_TYPES, SubEventType

    assert set(SUB_EVENT_TYPES) == set(EVENT_TYPES) == set(EVENT_TYPE_ORDER)
    listed = [sub for subs in SUB_EVENT_TYPES.values() for sub in subs]
    assert sorted(listed) == sorted(get_args(SubEventType))
    assert len(listed) == 25
    assert len(set(listed)) == 25
