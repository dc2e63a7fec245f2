"""Events to columns: dates as day intervals, places as keys and coordinates, actors as codes.

An event whose perpetrator its article leaves generic ("Iran-backed militias") or unnamed,
and which one group claimed in a responsibility claim linked to it, is compared under that
group's name: the claim names who the article says did it, as ACLED codes a claimed attack.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from conflictsum import places
from conflictsum.dates import names_a_night
from conflictsum.merge.actors import STATE, ActorTable
from conflictsum.merge.columns import GEO_PRECISION, NAME_WORDS, SUB_EVENT_ORDER, EventColumns
from conflictsum.merge.score import HOMONYM_KM
from conflictsum.models import Actor, Claim, Count, Event, EventDate, Location

__all__ = [
    "OPEN_TOLL",
    "claimants",
    "columns_from_events",
    "count_range",
    "edge_of_day",
    "folded_alias_table",
    "is_night",
    "place_key",
    "place_skeleton",
    "place_words",
    "resolve_locations",
    "with_claimant",
]

# Words that say what kind of site a name is, not which one ("Ain al-Asad air base").
_SITE_WORDS = frozenset(
    [
        "air",
        "base",
        "airbase",
        "airfield",
        "airport",
        "airstrip",
        "field",
        "oilfield",
        "oil",
        "gas",
        "plant",
        "camp",
        "garrison",
        "outpost",
        "village",
        "town",
        "city",
        "province",
        "governorate",
        "district",
        "area",
        "region",
        "countryside",
        "international",
        "complex",
        "compound",
        "facility",
        "headquarters",
        "barracks",
        "military",
        # The same in Arabic, folded as fold_place_name folds them (ة to ه): city, town,
        # village, camp, governorate, countryside, airport, base, neighbourhood.
        "مدينه",
        "بلده",
        "قريه",
        "مخيم",
        "محافظه",
        "ريف",
        "مطار",
        "قاعده",
        "حي",
    ]
)
# Words that begin many names ("Ain al-Asad", "Deir Hafer", "Tell Abyad"): a name made of
# these alone does not say which place it is.
_GENERIC_WORDS = frozenset(
    ("ain", "ayn", "deir", "dayr", "tal", "tel", "tell", "abu", "umm", "bir", "kafr", "jabal",
     "jebel", "wadi", "ras", "beit", "bayt", "khirbet", "qasr", "marj", "sheikh", "shaykh",
     "new", "old", "upper", "lower", "north", "south", "east", "west",
     # and as Arabic outlets write them, folded (hamza off)
     "دير", "عين", "تل", "ابو", "ام", "بير", "كفر", "جبل", "وادي", "راس", "بيت", "خربه", "خربت",
     "قصر", "مرج", "شيخ")
)  # fmt: skip
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
_VOWELS = re.compile(r"[aeiouyw]")
# Arabic letters as English-language news transliterates them, so an Arabic outlet's
# "النبطية" has the consonants of Nabatieh and "بنت جبيل" those of Bint Jbeil. Names come
# folded by places.fold_place_name (hamza seats to their letter, ة to ه, ی to ي). Long
# vowels, hamza and ain leave no consonant, as they leave none in the skeleton of a Latin
# spelling; qaf is a k there too.
_ARABIC_LATIN = str.maketrans(
    {
        "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
        "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
        "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
        "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v", "ا": "", "ء": "", "ع": "", "و": "w", "ي": "y",
    }
)  # fmt: skip
_DOUBLES = re.compile(r"(.)\1+")

_SUB_EVENT_INDEX = {s: k for k, s in enumerate(SUB_EVENT_ORDER)}


def is_night(date: EventDate) -> bool:
    """Whether a date is one night ("overnight", "Sunday night"), as `conflictsum.dates` writes it.

    A night spans two dates but is one moment: the night of 4-5 February and the night
    of 5-6 February share a date and are still two different nights.
    """
    return (
        date.precision == "days"
        and (date.end - date.start).days == 1
        and names_a_night(date.expression or "")
    )


# A day's edge that may lie across midnight: "late Sunday" and "early Monday" are often
# one attack, reported before and after midnight. Morning and afternoon are not.
# The same words in the other languages `conflictsum.dates` reads.
_LATE = re.compile(
    r"\b(?:evening|night|tonight|before\s+midnight|soir|soirée|noche|abends?|вечер\w*"
    r"|ввечері|увечері)\b|مساء|ليلا",
    re.IGNORECASE,
)
_EARLY = re.compile(
    r"\b(?:overnight|dawn|pre-?dawn|daybreak|first\s+light|(?:after|past)\s+midnight|small\s+hours"
    r"|wee\s+hours|aube|madrugada|morgengrauen|світанк\w*|рассвет\w*)\b|فجر",
    re.IGNORECASE,
)
# A time of day that is no night, in the languages `conflictsum.dates` reads.
_DAYTIME = re.compile(
    r"\b(?:morning|noon|midday|afternoon|matin|matinée|après-midi|midi|mañana|mediodía|tarde"
    r"|manhã|vormittags?|nachmittags?|mittags?|morgens|утр\w*|днем|днём|вдень|зранку)\b"
    r"|صباح|ظهر",
    re.IGNORECASE,
)


def is_daytime(date: EventDate) -> bool:
    """Whether a single day's date names its daytime ("Sunday morning", "samedi matin")."""
    return date.start == date.end and _DAYTIME.search(date.expression or "") is not None


def edge_of_day(date: EventDate) -> int:
    """+1 for a day's late evening ("late Sunday"), -1 for its small hours ("early Monday").

    Only a single day qualifies; 0 for any other date or time of day. An edge is read as
    the night it belongs to, so "late Sunday" and "early Monday" can be one attack.
    """
    if date.start != date.end or not date.expression:
        return 0
    text = date.expression.lower()
    if _EARLY.search(text):
        return -1
    if _LATE.search(text):
        return 1
    daytime = _DAYTIME.search(text)
    if re.search(r"\bearly\b", text) and (daytime is None or daytime.group() == "morning"):
        return -1
    if re.search(r"\blate\b", text) and daytime is None:
        return 1
    return 0


# No toll is higher: the open end of "at least 101 killed".
OPEN_TOLL = 10**7


def count_range(count: Count) -> tuple[int, int] | None:
    """The (lowest, highest) toll a count allows, or None when it gives no figure.

    A count with only a high figure ("up to 85", "fewer than 100") allows any toll up to
    it; one with only a low figure ("at least 101", "more than 100") any toll from it.
    """
    if count.best is None and (count.low is None) != (count.high is None):
        return (0, count.high) if count.high is not None else (count.low or 0, OPEN_TOLL)
    known = [v for v in (count.low, count.best, count.high) if v is not None]
    return (min(known), max(known)) if known else None


def place_key(location: Location, aliases: Mapping[str, str]) -> str | None:
    """What identifies a resolved location's place: its gazetteer id, else its folded name."""
    if location.place_id:
        return f"id:{location.place_id}"
    folded = places.fold_place_name(location.name) if location.name.strip() else ""
    if not folded:
        return None
    return f"name:{_country_key(location) or ''}:{aliases.get(folded, folded)}"


def _consonants(letters: str) -> str:
    if not letters.isascii():
        letters = letters.translate(_ARABIC_LATIN)
    skeleton = _DOUBLES.sub(r"\1", _VOWELS.sub("", letters.replace("c", "k").replace("q", "k")))
    # A final -ah / -eh is a spelling of the feminine ending, not a consonant.
    return skeleton.removesuffix("h") if len(skeleton) > 2 else skeleton


# What a name may end in after the town it is at: "Jabalia refugee camp", "Hodeidah port",
# "Rafah crossing" are sites of that town (not "Port Sudan" or "Crossing Point 7").
_TRAILING_SITE_WORDS = frozenset(
    ("refugee", "refugees", "displacement", "idp", "port", "seaport", "harbour", "harbor",
     "crossing", "checkpoint", "ميناء")
)  # fmt: skip


def _name_words(folded: str) -> list[str]:
    words = [_ROMAN.get(w, w) for w in folded.split() if w not in _SITE_WORDS]
    while len(words) > 1 and words[-1] in _TRAILING_SITE_WORDS:
        words.pop()
    # "The port of Hodeidah", "the airport of Gao": the town's site, as "Hodeidah port".
    if len(words) > 2 and words[0] in _TRAILING_SITE_WORDS and words[1] == "of":
        words = words[2:]
    elif len(words) > 1 and words[0] == "of" and folded.split()[0] in _SITE_WORDS:
        words = words[1:]
    # A feminine ending before another word is read "t" (the construct state) in the words
    # Latin spellings write so: "خربة سلم" is Khirbet Selm; elsewhere it is the vowel Latin
    # writes -a ("السيدة زينب" is Sayyida Zeinab). Folding wrote its ة as ه.
    return [
        (w[:-1] + "ت" if w in _CONSTRUCT_T else w[:-1])
        if k < len(words) - 1 and len(w) > 3 and w.endswith("ه")
        else w
        for k, w in enumerate(words)
    ]


# Khirbet, Izbat, Jazirat: the words whose construct-state t Latin spellings keep.
_CONSTRUCT_T = frozenset(("خربه", "عزبه", "جزيره"))


def place_skeleton(folded: str) -> str | None:
    """The consonants of a folded place name, which survive transliteration; None if too few.

    Deir ez-Zor, Deir el-Zour and Dayr az Zawr all become "drzr"; Ain al-Asad air base and
    Ayn al-Asad airbase become "nsd"; Hasakah and Hassakeh become "hsk"; Union III and
    Union 3 base become "nn3".
    """
    skeleton = _consonants("".join(_name_words(folded)))
    return skeleton if len(skeleton) >= 2 else None


def place_words(folded: str) -> tuple[tuple[str, ...], int]:
    """The consonant skeletons of a name's words, distinctive words first, and how many are.

    Two names share a place when one's words are all among the other's and include a
    distinctive one: "Al-Asad Airbase" and "Ain al-Asad air base" ({sd} and {sd, n}),
    not "Deir Hafer" and "Tell Hafer", nor "Deir" and "Deir ez-Zor".
    """
    words = {(w in _GENERIC_WORDS, _consonants(w)) for w in _name_words(folded)}
    ranked = sorted((generic, -len(k), k) for generic, k in words if k)
    kept = ranked[:NAME_WORDS]
    return tuple(k for _, _, k in kept), sum(1 for generic, _, _ in kept if not generic)


def _country_key(location: Location) -> str | None:
    if location.country_iso:
        return location.country_iso.upper()
    return places.fold_place_name(location.country) if location.country else None


def _admin1_key(location: Location) -> str | None:
    country = _country_key(location) or ""
    if location.admin1_code:
        return f"{country}:{location.admin1_code}"
    skeleton = place_skeleton(places.fold_place_name(location.admin1)) if location.admin1 else None
    return f"{country}:~{skeleton}" if skeleton else None


def _stated_admin1(stated: Location, resolved: Location) -> str | None:
    """The province the article itself names, as a spelling-proof key; None if it names none.

    A region-level place is its own province. A province the gazetteer inferred from a
    town's name is not stated: the town may be a namesake, or the site across a border.
    """
    name = stated.admin1 or (stated.name if stated.precision == "region" else None)
    if not name:
        return None
    country = _country_key(resolved) or ""
    # A province the gazetteer knows by this name is that province in every spelling and
    # language ("Damascus countryside", "Rif Dimashq"); any other is its spelling skeleton.
    code = _stated_code(name, resolved.country_iso or resolved.country)
    if code is not None:
        return f"{country}:{code}"
    skeleton = place_skeleton(places.fold_place_name(name))
    return f"{country}:~{skeleton}" if skeleton else None


@functools.lru_cache(maxsize=65536)
def _stated_code(name: str, country: str | None) -> str | None:
    """The ISO code of the province an article names, when it is one of its country's."""
    code = places.admin1_code(name, country)
    if code is None or (country and len(country) == 2 and not code.startswith(country.upper())):
        return None
    return code


def _sound_key(location: Location, aliases: Mapping[str, str]) -> str | None:
    folded = places.fold_place_name(location.name) if location.name.strip() else ""
    skeleton = place_skeleton(aliases.get(folded, folded))
    return f"{_country_key(location) or ''}:{skeleton}" if skeleton else None


class FoldedAliases(dict[str, str]):
    """A place alias table by folded name that also finds other spellings of a name.

    "Dahiyeh" in the table is found for "Dahieh" and "Dahiye": a name's transliteration key
    (`places.place_name_key`) finds the entry when its folded spelling does not, unless
    two entries of that key point to different places.
    """

    def __init__(self, table: Mapping[str, str]) -> None:
        super().__init__(table)
        by_key: dict[str, set[str]] = defaultdict(set)
        for name, target in table.items():
            by_key[places.place_name_key(name)].add(target)
        self._by_key = {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1}

    @overload  # type: ignore[override]
    def get(self, name: str, default: None = None) -> str | None: ...
    @overload
    def get(self, name: str, default: str) -> str: ...

    def get(self, name: str, default: str | None = None) -> str | None:
        found = super().get(name)
        if found is None and self._by_key:
            found = self._by_key.get(places.place_name_key(name))
        return default if found is None else found


def folded_alias_table(aliases: Mapping[str, str]) -> FoldedAliases:
    """The user's place aliases with both sides folded (`places.fold_place_name`)."""
    return FoldedAliases(
        {places.fold_place_name(k): places.fold_place_name(v) for k, v in aliases.items()}
    )


class _Interner:
    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None:
            return -1
        return self.codes.setdefault(value, len(self.codes))


def resolve_locations(events: Sequence[Event], aliases: Mapping[str, str]) -> list[Location]:
    """Each event's location with gazetteer fields filled; each distinct location resolved once."""
    cache: dict[tuple[object, ...], Location] = {}
    resolved = []
    for event in events:
        location = event.location
        key = tuple(getattr(location, name) for name in Location.model_fields)
        if key not in cache:
            cache[key] = _filled(
                location, places.resolve_location(location, aliases=dict(aliases) or None)
            )
        resolved.append(cache[key])
    return resolved


def _filled(location: Location, found: Location) -> Location:
    """The article's location with gaps filled from the gazetteer, never made vaguer.

    When the gazetteer only knows a coarser place (the country of an unknown base), only
    its codes are kept: the article's site name and coordinates say more. When it found a
    town of that name far from the article's own coordinates, it found a namesake: only
    the country is kept.
    """
    inferred = found.precision == "near" or found.admin1_code is None
    if location.admin1 and location.admin1_code is None and inferred:
        # The province the article names is the event's, not the one of a town the site is
        # near (Erbil airport base, Erbil). A place the gazetteer found by its own name
        # keeps its province ("Nabatieh, South Lebanon" is in Nabatieh governorate).
        code = _stated_code(location.admin1, found.country_iso or location.country)
        if code is not None:
            location = location.model_copy(update={"admin1_code": code})
    km = places.place_distance_km(location, found)
    if GEO_PRECISION[found.precision] <= 1 and km is not None and km > HOMONYM_KM:
        found = location.model_copy(update={"country_iso": found.country_iso})
    elif GEO_PRECISION[found.precision] > GEO_PRECISION[location.precision]:
        # A site only placed near a town ("Damascus airport") may lie in the next province.
        admin1 = None if found.precision == "near" else found.admin1_code
        found = location.model_copy(
            update={"country_iso": found.country_iso, "admin1_code": admin1}
        )
    return found.model_copy(
        update={
            name: getattr(location, name)
            for name in ("latitude", "longitude", "place_id", "country_iso", "admin1_code")
            if getattr(location, name) is not None
        }
    )


def claimants(claims: Iterable[Claim]) -> dict[tuple[str, str], list[Actor]]:
    """The groups that claimed each event, from responsibility claims linked to an event."""
    found: dict[tuple[str, str], list[Actor]] = defaultdict(list)
    for c in claims:
        if c.kind == "responsibility" and c.event_id is not None:
            found[(c.article_id, c.event_id)].append(c.claimant)
    return dict(found)


def with_claimant(actors: ActorTable, a1: int, a2: int, claimed: set[int]) -> tuple[int, int]:
    """Actor codes with the one claiming group in place of a generic or missing perpetrator."""
    if len(claimed) != 1:
        return a1, a2  # no claim, or rival claims: the article's own actors
    (group,) = claimed
    claimant = actors.profiles[group]
    named = [actors.profiles[a] for a in (a1, a2) if a >= 0]
    if claimant.generic or any(
        p.key == claimant.key or (not p.generic and p.side != STATE) for p in named
    ):
        return a1, a2  # the article names the group itself, or another one: its own word

    def vague(code: int) -> bool:
        profile = actors.profiles[code]
        return profile.generic and profile.side != STATE

    if a1 >= 0 and vague(a1):
        return group, a2
    if a2 >= 0 and vague(a2):
        return a1, group
    if a1 < 0:
        return group, a2
    if a2 < 0:
        return a1, group
    return a1, a2  # the article names both sides itself


def columns_from_events(
    events: Sequence[Event],
    resolved: Sequence[Location],
    aliases: Mapping[str, str],
    claimed: Mapping[tuple[str, str], Sequence[Actor]] | None = None,
) -> EventColumns:
    """Columns for events (in the given order) whose locations `resolved` has resolved.

    `claimed` (see `claimants`) gives the groups that claimed each event.
    """
    folded_aliases = folded_alias_table(aliases)
    articles, place_ids, sound_ids, word_ids = _Interner(), _Interner(), _Interner(), _Interner()
    admins, stated, countries = _Interner(), _Interner(), _Interner()
    actors = ActorTable(aliases)
    n = len(events)
    columns: dict[str, list[Any]] = {name: [] for name in _COLUMN_NAMES}
    for event, location in zip(events, resolved, strict=True):
        tolls = count_range(event.fatalities) or (-1, -1)
        lat = location.latitude if location.latitude is not None else math.nan
        lon = location.longitude if location.longitude is not None else math.nan
        country = _country_key(location) or ""
        folded = places.fold_place_name(location.name) if location.name.strip() else ""
        words, distinct = place_words(folded_aliases.get(folded, folded))
        stated_admin1 = _stated_admin1(event.location, location)
        claims = (claimed or {}).get((event.article_id, event.id), ())
        where = location.country_iso or location.country
        actor1, actor2 = with_claimant(
            actors,
            actors.code(event.actor1, where),
            actors.code(event.actor2, where),
            {actors.code(a, where) for a in claims},
        )
        edge = edge_of_day(event.date)
        day = event.date.start.toordinal()
        row = (
            articles(event.article_id),
            day - (edge < 0),
            event.date.end.toordinal() + (edge > 0),
            edge != 0 or is_night(event.date),
            edge,
            edge == 0 and is_daytime(event.date),
            place_ids(place_key(location, folded_aliases)),
            sound_ids(_sound_key(location, folded_aliases)),
            [word_ids(f"{country}:{w}") for w in words] + [-1] * (NAME_WORDS - len(words)),
            distinct,
            (location.place_id or "").startswith("geonames:"),
            lat,
            lon,
            GEO_PRECISION[location.precision],
            admins(_admin1_key(location)),
            stated(stated_admin1),
            stated_admin1 is not None and location.admin1_code is not None,
            countries(_country_key(location)),
            actor1,
            actor2,
            _SUB_EVENT_INDEX[event.sub_event_type],
            tolls[0],
            tolls[1],
        )
        for name, value in zip(_COLUMN_NAMES, row, strict=True):
            columns[name].append(value)
    dtypes: dict[str, type[np.generic]] = {
        "latitude": np.float64,
        "longitude": np.float64,
        "geo_precision": np.int8,
        "place_distinct_words": np.int8,
        "sub_event": np.int8,
        "admin1_coded": np.bool_,
        "gazetteer": np.bool_,
        "night": np.bool_,
        "edge": np.int8,
        "daytime": np.bool_,
    }
    arrays: dict[str, npt.NDArray[Any]] = {
        name: np.asarray(values, dtype=dtypes.get(name, np.int64)).reshape(
            (n, NAME_WORDS) if name == "place_words" else n
        )
        for name, values in columns.items()
    }
    return EventColumns(**arrays, actors=actors)


_COLUMN_NAMES = (
    "article",
    "start",
    "end",
    "night",
    "edge",
    "daytime",
    "place",
    "place_sound",
    "place_words",
    "place_distinct_words",
    "gazetteer",
    "latitude",
    "longitude",
    "geo_precision",
    "admin1",
    "admin1_stated",
    "admin1_coded",
    "country",
    "actor1",
    "actor2",
    "sub_event",
    "fatalities_low",
    "fatalities_high",
)
