"""Offline place resolution: GeoNames cities, ISO 3166 countries and subdivisions, user aliases."""

from __future__ import annotations

import functools
import math
import re
import unicodedata

from conflictsum.models import Location

__all__ = ["fold_place_name", "place_distance_km", "resolve_location"]

_EARTH_RADIUS_KM = 6371.0088
_ARTICLES = frozenset("al el ad ed ash esh as es az ez at et an en ar er ath adh ul".split())
_ARABIC = str.maketrans({"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": None})
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ə": "e",
        "ħ": "h",
    }
)
_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 16)
def fold_place_name(name: str) -> str:
    """Fold a place name to a comparison key insensitive to case, diacritics and article."""
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    s = "".join(c for c in s if not unicodedata.combining(c)).translate(_ARABIC).translate(_LETTERS)
    s = re.sub(r"['`ʿʾ‘’ʼʻ]", "", s)
    tokens = [t for t in _NON_WORD.sub(" ", s).split()]
    kept = [t for i, t in enumerate(tokens) if not (t in _ARTICLES and i < len(tokens) - 1)]
    kept = [t[2:] if t.startswith("ال") and len(t) > 3 else t for t in kept]
    return " ".join(kept)


def place_distance_km(a: Location, b: Location) -> float | None:
    """Great-circle distance between two located places, None when either lacks coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def resolve_location(location: Location, *, aliases: object = None) -> Location:
    """Return a copy of the location with gazetteer fields filled (work in progress)."""
    return location.model_copy()
