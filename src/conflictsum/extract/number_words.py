"""Number words in French, Spanish, Portuguese, German, Ukrainian and Russian.

A toll must be stated in the evidence (``verify.figures_in``); an outlet writing in one of
these languages spells small tolls out ("tuant cinq civils", "murieron doce personas",
"вбив трьох людей"). Read here: 1–20, the tens, a hundred, the dozen and "about ten"
words, simple compounds ("vingt-trois", "veintitrés", "dreiundzwanzig", "двадцять три"),
and the vague words that have a clear ACLED reading, as English "several" = 3 and
"dozens" = 12 do ("plusieurs", "varios", "mehrere", "кілька", "несколько" = 3; "des
dizaines", "decenas", "десятки" = 12; "des centaines", "сотні" = 100).

Latin-script words are matched without accents (dieciséis, dieciseis). The Slavic words
are matched by stem and ending, so every case form counts (три, трьох, троє, трое, трёх;
п'ять, п'ятьох, пять, пятерых …) while words that only begin like one (п'ятниця, пятница,
"Friday") do not. Whether a number word is a toll at all is not judged here, as for
English: the rule is that the figure is stated in the evidence.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

_UNITS_TENS: dict[str, int] = {
    # One, for compounds ("vingt et un", "veinte y uno"); a toll of one is never checked.
    "un": 1, "une": 1, "uno": 1, "um": 1, "uma": 1, "eins": 1,
    # French
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "huit": 8,
    "neuf": 9, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
    # Spanish
    "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
    # Portuguese (tres, cinco, seis, quatorze … as above)
    "dois": 2, "duas": 2, "sete": 7, "oito": 8, "nove": 9, "dez": 10, "treze": 13,
    "dezesseis": 16, "dezasseis": 16, "dezessete": 17, "dezassete": 17, "dezoito": 18,
    "dezenove": 19, "dezanove": 19, "vinte": 20, "trinta": 30, "quarenta": 40,
    "cinquenta": 50, "sessenta": 60, "oitenta": 80, "cem": 100, "cento": 100,
    # German (casefolded: ß is ss, ü is u without its accent)
    "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "zwolf": 12, "dreizehn": 13, "vierzehn": 14, "funfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20,
    "dreissig": 30, "vierzig": 40, "funfzig": 50, "sechzig": 60, "siebzig": 70,
    "achtzig": 80, "neunzig": 90, "hundert": 100, "einhundert": 100,
}  # fmt: skip

# Words another language (English above all) also uses for something else: they count
# only in a text that has common words of their own language.
_AMBIGUOUS: dict[str, tuple[int, str]] = {
    "once": (11, "es"),  # English "once"
    "miles": (1000, "es"),  # English "miles"
    "mil": (1000, "es"),
    "elf": (11, "de"),
    "dos": (2, "es"),  # English "DoS"
    "sept": (7, "fr"),  # English "Sept."
    "dix": (10, "fr"),  # Fort Dix
    "seize": (16, "fr"),  # English "to seize"
    "cent": (100, "fr"),  # English "per cent"
    "cents": (100, "fr"),
}
# Words common in news prose of one language and not in English prose (so not "die",
# "des", "et", "la").
_MARKERS: dict[str, frozenset[str]] = {
    "es": frozenset(
        {"los", "las", "del", "por", "con", "y", "que", "fueron", "murieron", "muertos", "heridos"}
    ),
    "de": frozenset(
        {"der", "das", "und", "bei", "wurden", "sind", "ein", "eine", "getotet", "verletzt"}
    ),
    "fr": frozenset(
        {"les", "du", "une", "dans", "ont", "ete", "sont", "aux", "tues", "morts", "blesses"}
    ),
}

# "une dizaine" is about ten; "des dizaines", like Arabic "عشرات", reads as ACLED's
# "dozens" = 12.
_VAGUE: dict[str, int] = {
    # French
    "plusieurs": 3, "quelques": 3, "dizaine": 10, "dizaines": 12, "douzaine": 12,
    "douzaines": 12, "centaine": 100, "centaines": 100, "millier": 1000, "milliers": 1000,
    "mille": 1000,
    # Spanish
    "varios": 3, "varias": 3, "decena": 10, "decenas": 12, "docena": 12, "docenas": 12,
    "centenar": 100, "centenares": 100, "cientos": 100, "millares": 1000,
    # Portuguese (varios, varias: vários, várias, as above)
    "dezena": 10, "dezenas": 12, "duzia": 12, "duzias": 12,
    "centena": 100, "centenas": 100, "milhares": 1000,
    # German
    "mehrere": 3, "einige": 3, "dutzend": 12, "dutzende": 12, "dutzenden": 12,
    "hunderte": 100, "hunderten": 100, "tausend": 1000, "tausende": 1000,
}  # fmt: skip
_DOZENS = {"douzaine", "douzaines", "docena", "docenas", "duzia", "duzias", "dutzend"}
_HUNDREDS = {"cent", "cents", "hundert"}
_AND = {"et", "y", "e", "und", "і", "и", "та"}

_APOSTROPHE = "['’ʼ]"
# Slavic number words: a stem and the endings of its case forms, matched as a whole word
# (after ё → е). Ukrainian and Russian side by side.
# The vague ones ("кілька", "десятки") are listed in _SLAVIC_VAGUE.
_SLAVIC: list[tuple[str, int]] = [
    (r"од(?:ин|на|не|но|ного|ної|ной|ній|ним|ному|нієї)", 1),
    (r"дв(?:а|і|е|ох|ом|ома|оє|ое|оїх|оих|ух|ум|умя)", 2),
    (r"тр(?:и|ьох|ьом|ьома|оє|ое|оїх|оих|ех|ем|емя)", 3),
    (r"чотир(?:и|ьох|ьом|ма)|четвер(?:о|ых|ьох|ьом)|четыр(?:е|ех|ем|ьмя)", 4),
    (rf"п{_APOSTROPHE}?ят(?:ь|и|ьох|ьом|ьма|еро|ерых|ью)", 5),
    (r"шіст(?:ь|ьох|ьом|ьма)|шест(?:и|ь|ью|еро|ерых|ьох|ьом)", 6),
    # Not "семью" ("family") nor "сьома" ("seventh"), though each is also a form of 7.
    (r"сім|сім(?:ох|ом|ома)|сем(?:и|ь|еро|ерых|ох|ом)", 7),
    (r"вісім|вісьм(?:ох|ом|ома|а)|восьм(?:и|ью|еро|ерых)|восем(?:ь|ью)", 8),
    (rf"дев{_APOSTROPHE}?ят(?:ь|и|ьох|ьом|ьма|еро|ерых|ью)", 9),
    (r"десят(?:ь|и|ьох|ьом|ьма|еро|ерых|ью)", 10),
    (r"ст[оа]", 100),
    (r"десят(?:ок|ка|ку|ком)", 10),  # "a ten": about ten
    (r"десятк(?:и|ів|ам|ами|ах|ов)", 12),  # "tens of": ACLED's "dozens"
    (r"дюжин(?:а|и|у|ою|ой|ы)", 12),
    (r"сот(?:ня|ні|ни|ню|нею|ней|ень|нями|нях)", 100),
    (r"тисяч(?:а|і|у|ею|ами)|тысяч(?:а|и|у|ей|ами)?", 1000),
    (r"(?:де)?кільк(?:а|ох|ом|ома)|нескольк(?:о|их|им|ими)", 3),
]
_SLAVIC_VAGUE = {f"s{i}" for i in range(11, len(_SLAVIC))}
_TEEN_STEMS: list[tuple[str, int]] = [
    ("один", 11),
    ("дв[ае]", 12),
    ("три", 13),
    ("чотир|четыр", 14),
    (f"п{_APOSTROPHE}?ят", 15),
    ("шіст|шест", 16),
    ("сім|сем", 17),
    ("вісім|восем", 18),
    (f"дев{_APOSTROPHE}?ят", 19),
]
_TENS_STEMS: list[tuple[str, int]] = [
    ("двадц", 20),
    ("тридц", 30),
    (f"п{_APOSTROPHE}?ят[ьи]?дес", 50),
    ("шістдес|шест[ьи]?дес", 60),
    ("сімдес|сем[ьи]?дес", 70),
    ("вісімдес|восем[ьи]?дес|восьмидес", 80),
]
_ENDING = "(?:ь|и|ьох|ьом|ьма|ью)?"
_SLAVIC_WORD = re.compile(
    "|".join(
        [f"(?P<s{i}>{stem})" for i, (stem, _) in enumerate(_SLAVIC)]
        + [f"(?P<t{i}>(?:{stem})н?адц[яа]т{_ENDING})" for i, (stem, _) in enumerate(_TEEN_STEMS)]
        + [f"(?P<x{i}>(?:{stem})[яа]т{_ENDING})" for i, (stem, _) in enumerate(_TENS_STEMS)]
        + ["(?P<forty>сорок(?:а|ом)?)", f"(?P<ninety>дев{_APOSTROPHE}?яност[оа])"]
    )
)
_SLAVIC_VALUES = (
    {f"s{i}": v for i, (_, v) in enumerate(_SLAVIC)}
    | {f"t{i}": v for i, (_, v) in enumerate(_TEEN_STEMS)}
    | {f"x{i}": v for i, (_, v) in enumerate(_TENS_STEMS)}
    | {"forty": 40, "ninety": 90}
)

_TOKEN = re.compile(rf"[^\W\d_]+(?:(?:-|{_APOSTROPHE})[^\W\d_]+)*")


def _plain(word: str) -> str:
    """A word casefolded, Latin accents dropped, ё as е: the form the tables are written in."""
    folded = word.casefold().replace("ё", "е")
    bare = "".join(
        c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn"
    )
    # Only Latin words lose their marks: in Cyrillic й and ї are letters of their own.
    return bare if bare.isascii() else folded


def _slavic(word: str) -> tuple[int, bool] | None:
    m = _SLAVIC_WORD.fullmatch(word)
    if m is None or m.lastgroup is None:
        return None
    return _SLAVIC_VALUES[m.lastgroup], m.lastgroup not in _SLAVIC_VAGUE


def _value(word: str, languages: set[str]) -> tuple[int, bool] | None:
    """The number one word states, and whether it is a unit or ten that compounds."""
    if word in _UNITS_TENS:
        return _UNITS_TENS[word], True
    if word in _AMBIGUOUS:
        value, language = _AMBIGUOUS[word]
        return (value, True) if language in languages else None
    if word in _VAGUE:
        return _VAGUE[word], False
    if (slavic := _slavic(word)) is not None:
        return slavic
    if "-" in word:  # vingt-trois, dix-sept, soixante-dix, quatre-vingt-dix
        return _hyphenated(word)
    if word.startswith("veinti") and (unit := _UNITS_TENS.get(word[6:], 0)) < 10 and unit:
        return 20 + unit, False  # veintitrés
    if m := re.fullmatch(r"(\w+?)und(\w+zig|dreissig)", word):  # dreiundzwanzig
        unit, tens = _UNITS_TENS.get(m.group(1), 0), _UNITS_TENS.get(m.group(2), 0)
        if 0 < unit < 10 and tens:
            return tens + unit, False
    return None


def _hyphenated(word: str) -> tuple[int, bool] | None:
    parts = re.sub(r"^quatre-vingts?", "quatrevingt", word).split("-")
    # Within a compound "dix" and "sept" are numbers whatever the language around them.
    known = _UNITS_TENS | {w: v for w, (v, _) in _AMBIGUOUS.items()} | {"quatrevingt": 80}
    values = [known.get(p) for p in parts if p != "et"]
    if not values or any(v is None or v >= 100 for v in values):
        return None
    return sum(v for v in values if v is not None), False


def foreign_figures(text: str) -> set[int]:
    """Every number the text states in words of the six languages above."""
    words = [_plain(w) for w in _TOKEN.findall(text)]
    if not words:
        return set()
    present = set(words)
    languages = {lang for lang, markers in _MARKERS.items() if markers & present}
    values = [_value(w, languages) for w in words]
    found = {v[0] for v in values if v is not None}
    for (_, here), (then, there) in pairwise(zip(words, values, strict=True)):
        # deux douzaines, drei hundert: a count times its unit.
        if here and there and here[1] and here[0] < 100 and then in _DOZENS | _HUNDREDS:
            found.add(here[0] * (12 if then in _DOZENS else 100))
    # "veinte y tres", "vinte e três", "двадцять три": a ten, perhaps "and", then a unit.
    for i, here in enumerate(values):
        if here is None or not here[1] or here[0] % 10 or not 20 <= here[0] <= 90:
            continue
        j = i + 1 + (i + 1 < len(words) and words[i + 1] in _AND)
        if j < len(values) and (unit := values[j]) is not None and unit[1] and unit[0] < 10:
            found.add(here[0] + unit[0])
    return found
