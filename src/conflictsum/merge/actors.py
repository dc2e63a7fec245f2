"""Actor names folded to comparable keys: aliases, state forces by country, generic vs named groups.

"US forces", "U.S. troops" and "American soldiers" are one actor; "Iran-backed militia" is
a generic description compatible with any named non-state armed group, while two different
named groups ("Kataib Hezbollah", "Islamic State") conflict. A coalition and a group that
fights under it ("Islamic Resistance in Iraq", "Kataib Hezbollah") are compatible.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt
import pycountry
from rapidfuzz import fuzz

from conflictsum.dates import fold_arabic
from conflictsum.models import Actor

__all__ = [
    "AGREE",
    "BLOCKED",
    "COMPATIBLE",
    "CONFLICT",
    "UMBRELLAS",
    "ActorProfile",
    "ActorTable",
    "actor_profile",
    "fold_tokens",
]

# Verdict codes shared by every field of the pair scorer, ordered so min() is the weakest.
CONFLICT, BLOCKED, COMPATIBLE, AGREE = 0, 1, 2, 3

# Sides an actor fights on; two actors of different known sides are never the same actor.
UNKNOWN_SIDE, STATE, ARMED_NON_STATE, CIVILIANS, DEMONSTRATORS = 0, 1, 2, 3, 4

_KIND_SIDE = {
    "State forces": STATE,
    "External/Other forces": STATE,
    "Rebel group": ARMED_NON_STATE,
    "Political militia": ARMED_NON_STATE,
    "Identity militia": ARMED_NON_STATE,
    "Civilians": CIVILIANS,
    "Rioters": DEMONSTRATORS,
    "Protesters": DEMONSTRATORS,
}


def _words(text: str) -> list[str]:
    return text.split()


# Arabic state words, armed-group heads and describing words (letters folded as
# fold_tokens folds them), for the English tables below.
_ARABIC_STATE_WORDS = (
    "قوات القوات جيش الجيش جنود الجنود عسكريه العسكريه الامن امن الاحتلال احتلال النظام "
    "الحكومه الحكوميه العدو الطيران الحربي العدوان"
)
_ARABIC_ARMED_HEADS = (
    "مسلحين مسلحون المسلحين مسلح مسلحي مسلحو ميليشيات الميليشيات ميليشيا مليشيات المليشيات "
    "فصائل الفصائل فصيل مقاتلين المقاتلين مقاتلون مقاتلي عناصر ارهابيين الارهابيين مجموعه "
    "جماعه جماعات"
)
_ARABIC_MODIFIERS = "مدعومه المدعومه مدعومين من المواليه لايران مجهولين مجهوله مجهول المجهولين"


# Words that only say "the armed forces of": removed before asking whether a name is a country.
# "US-led coalition forces" count as US forces: the coalition's other members rarely fight
# as a separate actor on the same day and place.
_STATE_WORDS = frozenset(
    _words(
        "forces force military troops troop army soldiers soldier personnel armed government "
        "regime security servicemembers service members navy marines air defense defence "
        "ministry of the led coalition international junta police gendarmerie gendarmes "
        "border guard guards occupation occupying occupiers occupier invaders invading "
        "warplanes warplane jets jet aircraft helicopters helicopter drones drone federal "
        # What Arabic and Ukrainian outlets call the other side's state, in translation:
        # "the Israeli enemy", "the Zionist entity", "the Russian aggressor".
        "enemy aggression aggressor aggressors entity "
        # French, Spanish and Portuguese outlets' words for the same.
        "armee armees forces militaires soldats ejercito fuerzas militares soldados policia "
        "exercito forcas "
    )
    + _words(_ARABIC_STATE_WORDS)
)

# Head nouns of descriptions that name no particular group, with the side they imply.
_GENERIC_HEADS = {
    **dict.fromkeys(
        _words(
            "militia militias militiamen militants militant gunmen gunman fighters fighter "
            "insurgents insurgent rebels rebel jihadists jihadist jihadis extremists terrorists "
            "terrorist attackers assailants group groups factions faction paramilitaries "
            "paramilitary separatists separatist bandits kidnappers raiders gangs "
            "gang gangsters cartel cartels sicarios criminals remnants cells bomber bombers "
            "shooter shooters assailant "
            # French, Spanish and Portuguese.
            "jihadistes terroristes hommes armes insurges rebelles miliciens assaillants "
            "insurgentes guerrilleros terroristas rebeldes milicianos pistoleros armados"
        ),
        ARMED_NON_STATE,
    ),
    **dict.fromkeys(
        _words("civils habitants villageois deplaces civiles pobladores displaced"), CIVILIANS
    ),
    **dict.fromkeys(_words("men members member operatives elements mercenaries"), UNKNOWN_SIDE),
    **dict.fromkeys(_words("civilians civilian residents villagers people"), CIVILIANS),
    **dict.fromkeys(_words("protesters protestors demonstrators rioters crowd mob"), DEMONSTRATORS),
    **dict.fromkeys(_words("unknown unidentified"), UNKNOWN_SIDE),
    **dict.fromkeys(_words(_ARABIC_ARMED_HEADS), ARMED_NON_STATE),
    **dict.fromkeys(_words("مدنيين المدنيين مدنيون سكان المواطنين مواطنين"), CIVILIANS),
}
_GENERIC_MODIFIERS = frozenset(
    _words(
        "backed pro linked affiliated aligned allied armed suspected local tribal islamist shia "
        "shiite sunni unknown unidentified an a of some several other allegedly by foreign "
        "suicide lone"
    )
    + _words(_ARABIC_MODIFIERS)
)

# Demonyms and short forms pycountry does not know; the rest comes from its country names.
_DEMONYMS = {
    "us": "USA",
    "usa": "USA",
    "america": "USA",
    "american": "USA",
    "uk": "GBR",
    "britain": "GBR",
    "british": "GBR",
    "syrian": "SYR",
    "iraqi": "IRQ",
    "iranian": "IRN",
    "israeli": "ISR",
    "russian": "RUS",
    "ukrainian": "UKR",
    "turkish": "TUR",
    "turkiye": "TUR",
    "lebanese": "LBN",
    "jordanian": "JOR",
    "saudi": "SAU",
    "yemeni": "YEM",
    "afghan": "AFG",
    "pakistani": "PAK",
    "indian": "IND",
    "egyptian": "EGY",
    "libyan": "LBY",
    "sudanese": "SDN",
    "somali": "SOM",
    "ethiopian": "ETH",
    "malian": "MLI",
    "nigerian": "NGA",
    "kurdish": "KURD",
    "french": "FRA",
    "german": "DEU",
    "chinese": "CHN",
    "palestinian": "PSE",
    # Short names pycountry lacks, and demonyms of the countries most conflict data covers.
    "russia": "RUS",
    # Capitals and words that stand for a state's forces ("the Kiev regime", "Zionist forces").
    "kyiv": "UKR",
    "kiev": "UKR",
    "moscow": "RUS",
    "kremlin": "RUS",
    "zionist": "ISR",
    "palestine": "PSE",
    "turkey": "TUR",
    "ivory coast": "CIV",
    "drc": "COD",
    "dr congo": "COD",
    "burma": "MMR",
    "burmese": "MMR",
    "uae": "ARE",
    "emirati": "ARE",
    "qatari": "QAT",
    "bahraini": "BHR",
    "kuwaiti": "KWT",
    "omani": "OMN",
    "kosovo": "XKX",
    "azerbaijani": "AZE",
    "armenian": "ARM",
    "georgian": "GEO",
    "belarusian": "BLR",
    "chadian": "TCD",
    "burkinabe": "BFA",
    "nigerien": "NER",
    "cameroonian": "CMR",
    "mozambican": "MOZ",
    "ugandan": "UGA",
    "kenyan": "KEN",
    "rwandan": "RWA",
    "burundian": "BDI",
    "south sudanese": "SSD",
    "eritrean": "ERI",
    "algerian": "DZA",
    "moroccan": "MAR",
    "tunisian": "TUN",
    "mauritanian": "MRT",
    "senegalese": "SEN",
    "colombian": "COL",
    "mexican": "MEX",
    "venezuelan": "VEN",
    "brazilian": "BRA",
    "haitian": "HTI",
    "thai": "THA",
    "filipino": "PHL",
    "philippine": "PHL",
    "indonesian": "IDN",
    "bangladeshi": "BGD",
    "nepali": "NPL",
    "tajik": "TJK",
    "uzbek": "UZB",
    "kazakh": "KAZ",
    "north korean": "PRK",
    "south korean": "KOR",
    "japanese": "JPN",
    "taiwanese": "TWN",
    "congolese": "COD",
    "central african": "CAF",
    "zimbabwean": "ZWE",
    "nicaraguan": "NIC",
    "peruvian": "PER",
    "ecuadorian": "ECU",
    "salvadoran": "SLV",
    "guatemalan": "GTM",
    "honduran": "HND",
    "kyrgyz": "KGZ",
    "democratic republic congo": "COD",
    "republic congo": "COG",
    # French and Spanish demonyms of the countries their outlets cover most.
    **{
        word: code
        for code, words in {
            "MLI": "malien malienne maliens maliennes",
            "NER": "nigerienne nigeriens nigeriennes",
            "TCD": "tchadien tchadienne tchadiens",
            "COD": "congolais congolaise",
            "CAF": "centrafricain centrafricaine centrafricains centrafricaines",
            "CMR": "camerounais camerounaise",
            "HTI": "haitien haitienne haitiens",
            "ISR": "israelien israelienne israeliens",
            "RUS": "russe russes",
            "UKR": "ukrainien ukrainienne ukrainiens",
            "FRA": "francais francaise",
            "USA": "americain americaine americains",
            "SDN": "soudanais soudanaise",
            "SOM": "somalien somalienne",
            "SYR": "syrien syrienne syriens",
            "LBN": "libanais libanaise",
            "MOZ": "mozambicain mozambicaine",
            "COL": "colombiano colombiana colombianos colombianas",
            "MEX": "mexicano mexicana mexicanos mexicanas",
            "VEN": "venezolano venezolana venezolanos",
        }.items()
        for word in words.split()
    },
}

# Groups with several common names; users add their own through the aliases table.
_BUILTIN_ALIASES = {
    "isis": "islamic state",
    "isil": "islamic state",
    "is": "islamic state",
    "daesh": "islamic state",
    "islamic state of iraq and syria": "islamic state",
    "islamic state of iraq and the levant": "islamic state",
    "sdf": "syrian democratic forces",
    "irgc": "iranian military",
    "revolutionary guards": "iranian military",
    "houthis": "ansar allah",
    "houthi": "ansar allah",
    "houthi rebels": "ansar allah",
    "hizbollah": "hezbollah",
    "hizballah": "hezbollah",
    "hizbullah": "hezbollah",
    "kataib hizballah": "kataib hezbollah",
    "kataib hizbullah": "kataib hezbollah",
    "pmf": "popular mobilization forces",
    "hashd al shaabi": "popular mobilization forces",
    "ypg": "people protection units",
    "pkk": "kurdistan workers party",
    "hts": "hayat tahrir al sham",
    "nujaba": "harakat al nujaba",
    "harakat hezbollah al nujaba": "harakat al nujaba",
    "aah": "asaib ahl al haq",
    "islamic resistance in lebanon": "hezbollah",
    "qassam brigades": "izz ad din al qassam brigades",
    "al qassam brigades": "izz ad din al qassam brigades",
    "ezzedine al qassam brigades": "izz ad din al qassam brigades",
    "saraya al quds": "al quds brigades",
    "islamic jihad": "palestinian islamic jihad",
    "pij": "palestinian islamic jihad",
    "ypj": "women protection units",
    "iswap": "islamic state west africa province",
    "iskp": "islamic state khorasan province",
    "isis k": "islamic state khorasan province",
    "is k": "islamic state khorasan province",
    "jnim": "jamaat nusrat al islam wal muslimin",
    "aqap": "al qaeda in the arabian peninsula",
    "aqim": "al qaeda in the islamic maghreb",
    "rsf": "rapid support forces",
    # US Central Command's releases name the US military by the command.
    "centcom": "us forces",
    "us centcom": "us forces",
    "centcom forces": "us forces",
    "central command": "us forces",
    "us central command": "us forces",
    "us central command forces": "us forces",
    "ttp": "tehrik e taliban pakistan",
    "pakistani taliban": "tehrik e taliban pakistan",
    "tehreek e taliban pakistan": "tehrik e taliban pakistan",
    "tehrik i taliban pakistan": "tehrik e taliban pakistan",
    "ejercito de liberacion nacional": "eln",
    "national liberation army": "eln",
    "kh": "kataib hezbollah",
    "kokang army": "mndaa",
    "myanmar national democratic alliance army": "mndaa",
    "khwarij": "tehrik e taliban pakistan",
    "khawarij": "tehrik e taliban pakistan",
    "fitna al khawarij": "tehrik e taliban pakistan",
    "eigs": "islamic state sahel province",
    "etat islamique au grand sahara": "islamic state sahel province",
    "ybs": "sinjar resistance units",
    "iscap": "islamic state central africa province",
    "issp": "islamic state sahel province",
    "isgs": "islamic state sahel province",
    "islamic state in the greater sahara": "islamic state sahel province",
    "taliban government": "taliban",
    "daesh remnants": "islamic state",
    "shabaab": "al shabaab",
    "harakat al shabaab al mujahideen": "al shabaab",
    "gsim": "jamaat nusrat al islam wal muslimin",
    "group for the support of islam and muslims": "jamaat nusrat al islam wal muslimin",
    "group for support of islam and muslims": "jamaat nusrat al islam wal muslimin",
    "support group for islam and muslims": "jamaat nusrat al islam wal muslimin",
    "march 23 movement": "m23",
    "mouvement du 23 mars": "m23",
    "afc m23": "m23",
    "afc": "alliance fleuve congo",
    "congo river alliance": "alliance fleuve congo",
    "wagner": "wagner group",
    "chapitos": "los chapitos",
    # Haiti's gang coalitions (2024-): G9 an Fanmi e Alye and G-Pep fight as Viv Ansanm.
    "g9 an fanmi e alye": "g9",
    "g9 an fanmi": "g9",
    "g9 family and allies": "g9",
    "g pep": "gpep",
    "g pèp": "gpep",
    "vivre ensemble": "viv ansanm",
    # Ethiopia's Amhara militias are "Fano" to one outlet, "Amhara Fano" to another.
    "amhara fano": "fano",
    "fano militia": "fano",
    "fano militias": "fano",
    # Colombia's FARC dissidents: the Estado Mayor Central and its fronts.
    "estado mayor central": "emc",
    "central general staff": "emc",
    # State forces under names of their own: they compare as their state's forces.
    "idf": "israeli military",
    "tsahal": "israeli military",
    "saa": "syrian military",
    "syrian arab army": "syrian military",
    "afu": "ukrainian military",
    "zsu": "ukrainian military",
    "saf": "sudanese military",
    "fardc": "congolese military",
    "iof": "israeli military",
    "state administration council": "myanmar military",
    "endf": "ethiopian military",
    "fama": "malian military",
    "tatmadaw": "myanmar military",
    "fadm": "mozambican military",
    "forcas armadas de defesa de mocambique": "mozambican military",
    "mozambique defence armed forces": "mozambican military",
    "mozambican defence armed forces": "mozambican military",
    "fds": "security forces",  # defence and security forces, in Mozambique and the Sahel alike
    "pla": "chinese military",
    "islamic revolutionary guard corps": "iranian military",
    "quds force": "iranian military",
}

# Coalitions and the named groups that fight under them: one outlet names the umbrella
# that claimed an attack ("Islamic Resistance in Iraq"), another the faction officials
# blame ("Kataib Hezbollah"). An umbrella and its member are compatible, not the same
# actor; two members of one umbrella still conflict.
UMBRELLAS: dict[str, tuple[str, ...]] = {
    "islamic resistance in iraq": (
        "kataib hezbollah", "harakat al nujaba", "kataib sayyid al shuhada",
        "ansar allah al awfiya", "kataib al imam ali",
    ),
    "popular mobilization forces": (
        "kataib hezbollah", "asaib ahl al haq", "badr organization", "kataib sayyid al shuhada",
        "harakat al nujaba", "saraya al salam", "kataib al imam ali", "kataib jund al imam",
    ),
    "syrian democratic forces": (
        "people protection units", "women protection units", "deir ez zor military council",
        "manbij military council", "syriac military council", "army of revolutionaries",
    ),
    "syrian national army": (
        "sultan murad division", "hamza division", "ahrar al sharqiya", "jaysh al islam",
        "faylaq al sham", "sham legion", "sultan suleiman shah division", "levant front",
    ),
    "hamas": ("izz ad din al qassam brigades",),
    "palestinian islamic jihad": ("al quds brigades",),
    "fatah": ("al aqsa martyrs brigades",),
    "islamic state": (
        "islamic state west africa province", "islamic state khorasan province",
        "islamic state sahel province", "islamic state central africa province",
        "islamic state somalia province", "islamic state mozambique province",
    ),
    "al qaeda": (
        "al shabaab", "al qaeda in the arabian peninsula", "al qaeda in the islamic maghreb",
        "jamaat nusrat al islam wal muslimin", "hurras al din",
    ),
    "jamaat nusrat al islam wal muslimin": ("ansar dine", "katiba macina", "al mourabitoun"),
    "alliance fleuve congo": ("m23",),
    "kurdistan workers party": ("sinjar resistance units",),
    "sinaloa cartel": ("los chapitos", "la mayiza"),
    "viv ansanm": ("g9", "gpep", "400 mawozo", "village de dieu", "5 segonn", "grand ravine"),
    # "FARC dissidents" compare as "farc": the groups that kept fighting after 2016.
    "farc": (
        "emc", "segunda marquetalia", "jaime martinez front", "frente jaime martinez",
        "carlos patino front", "frente carlos patino", "dagoberto ramos front",
        "frente dagoberto ramos",
    ),
    "emc": (
        "jaime martinez front", "frente jaime martinez", "carlos patino front",
        "frente carlos patino", "dagoberto ramos front", "frente dagoberto ramos",
    ),
}  # fmt: skip

# Words around a group's name that say what it is, not which ("Hamas militants", "the
# Islamic State group", "Iran-backed Kataib Hezbollah"): its name is compared without them.
_TRAILING_HEADS = frozenset(
    _words(
        "militants militant fighters fighter militia militias militiamen gunmen rebels rebel "
        "insurgents insurgent members member operatives movement group terrorists terrorist "
        "jihadists jihadist extremists paramilitaries paramilitary separatists mercenaries "
        "drones drone gang gangs elements remnants civilians residents villagers dissidents "
        "dissident"
    )
)
_BACKED = frozenset(_words("backed linked aligned allied affiliated supported sponsored"))
_LEADING_HEADS = frozenset(
    _words(
        "عناصر مسلحي مسلحو مقاتلي مقاتلو حركه تنظيم جماعه ميليشيا "
        # French and Spanish put the head first too: "rebelles du M23", "disidencias de las FARC".
        "rebelles combattants miliciens militants jihadistes terroristes elements membres "
        "disidencias disidentes guerrilleros milicianos integrantes miembros"
    )
)
# What joins such a head to the name: "rebelles du M23", "miembros de las FARC".
_OF = frozenset(_words("du de des del d la las los le les"))

_NON_WORD = re.compile(r"[\W_]+")


def fold_tokens(name: str) -> tuple[str, ...]:
    """Lower-cased word tokens of a name, accents, dots and apostrophes removed; Arabic
    letter variants folded (أ/إ/آ to ا, ة to ه, ى to ي), other scripts kept as written."""
    decomposed = unicodedata.normalize("NFKD", fold_arabic(name))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    # A possessive says whose ("Israel's army" is Israel's); "U.S." and "Kata'ib" must stay
    # one word each.
    folded = re.sub(r"(?<=\w)['’`ʼ]s\b", "", folded)
    # French elision: "l'armée", "Police nationale d'Haïti".
    folded = re.sub(r"[.'’`ʼ]", "", re.sub(r"\b[dl]['’ʼ](?=\w)", "", folded))
    return tuple(t for t in _NON_WORD.split(folded) if t)


def _folded(names: Mapping[str, str]) -> dict[str, str]:
    return {" ".join(fold_tokens(k)): v for k, v in names.items()}


# Arabic outlets name the same groups and forces in Arabic (SANA, Al Mayadeen, the groups'
# own channels): the common names, so a report in Arabic compares with one in English.
_BUILTIN_ALIASES.update(
    _folded(
        {
            "المقاومة الإسلامية في العراق": "islamic resistance in iraq",
            "كتائب حزب الله": "kataib hezbollah",
            "حركة النجباء": "harakat al nujaba",
            "النجباء": "harakat al nujaba",
            "عصائب أهل الحق": "asaib ahl al haq",
            "الحشد الشعبي": "popular mobilization forces",
            "هيئة الحشد الشعبي": "popular mobilization forces",
            "حزب الله": "hezbollah",
            "المقاومة الإسلامية في لبنان": "hezbollah",
            "حماس": "hamas",
            "كتائب القسام": "izz ad din al qassam brigades",
            "كتائب عز الدين القسام": "izz ad din al qassam brigades",
            "سرايا القدس": "al quds brigades",
            "الجهاد الإسلامي": "palestinian islamic jihad",
            "داعش": "islamic state",
            "تنظيم الدولة": "islamic state",
            "الدولة الإسلامية": "islamic state",
            "قسد": "syrian democratic forces",
            "قوات سوريا الديمقراطية": "syrian democratic forces",
            "أنصار الله": "ansar allah",
            "الحوثيين": "ansar allah",
            "الحوثيون": "ansar allah",
            "الحوثي": "ansar allah",
            "هيئة تحرير الشام": "hayat tahrir al sham",
            "الجيش الوطني السوري": "syrian national army",
            "الحرس الثوري": "iranian military",
            "الحرس الثوري الإيراني": "iranian military",
            "الدعم السريع": "rapid support forces",
            "قوات الدعم السريع": "rapid support forces",
            "حركة الشباب": "al shabaab",
            # Ukraine's armed forces as Ukrainian and Russian outlets abbreviate them.
            "ЗСУ": "ukrainian military",
            "ВСУ": "ukrainian military",
        }
    )
)
_DEMONYMS.update(
    _folded(
        {
            **dict.fromkeys(
                [
                    "أمريكا",
                    "أميركا",
                    "الأمريكية",
                    "الأمريكي",
                    "الأمريكيين",
                    "الأمريكان",
                    "الأميركية",
                    "الأميركي",
                    "الأميركيين",
                    "الولايات المتحدة",
                ],
                "USA",
            ),
            **dict.fromkeys(["سوريا", "السوري", "السورية", "السوريين"], "SYR"),
            **dict.fromkeys(["العراق", "العراقي", "العراقية", "العراقيين"], "IRQ"),
            **dict.fromkeys(
                ["إسرائيل", "الإسرائيلي", "الإسرائيلية", "الإسرائيليين", "الصهيوني", "الصهيونية"],
                "ISR",
            ),
            **dict.fromkeys(["روسيا", "الروسي", "الروسية"], "RUS"),
            **dict.fromkeys(["تركيا", "التركي", "التركية"], "TUR"),
            **dict.fromkeys(["إيران", "الإيراني", "الإيرانية"], "IRN"),
            **dict.fromkeys(["الأردن", "الأردني", "الأردنية"], "JOR"),
            **dict.fromkeys(["لبنان", "اللبناني", "اللبنانية"], "LBN"),
            **dict.fromkeys(["اليمن", "اليمني", "اليمنية"], "YEM"),
            **dict.fromkeys(["أوكرانيا", "الأوكراني", "الأوكرانية"], "UKR"),
            **dict.fromkeys(["بريطانيا", "البريطاني", "البريطانية"], "GBR"),
            **dict.fromkeys(["فرنسا", "الفرنسي", "الفرنسية"], "FRA"),
        }
    )
)


@cache
def _country_terms() -> dict[str, str]:
    terms = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                terms[" ".join(fold_tokens(value))] = country.alpha_3
    terms.update(_DEMONYMS)
    return terms


# Names that mean another group in one country. In Cabo Delgado, outlets and residents
# call the Islamic State's Mozambique Province "al-Shabaab" (no tie to Somalia's) and
# ACLED knew it as Ahlu Sunnah Wa-Jama'a (ASWJ) or Ansar al-Sunna.
_COUNTRY_ALIASES: dict[str, dict[str, str]] = {
    "MOZ": dict.fromkeys(
        (
            "al shabaab", "ahlu sunnah wa jamaa", "ahlu sunna wa jamaa",
            "ahl al sunnah wal jamaah", "aswj", "ansar al sunna", "ansar al sunnah",
            "machababos", "mashababos",
        ),
        "islamic state mozambique province",
    ),
}  # fmt: skip


@lru_cache(maxsize=4096)
def _country_alpha3(country: str | None) -> str | None:
    """ISO alpha-3 of a country given by alpha-2 or alpha-3 code or by name; None if unknown."""
    if not country:
        return None
    text = country.strip()
    if len(text) in (2, 3) and text.isalpha() and text.isupper():
        found = (
            pycountry.countries.get(alpha_2=text)
            if len(text) == 2
            else pycountry.countries.get(alpha_3=text)
        )
        if found is not None:
            return str(found.alpha_3)
    return _country_terms().get(" ".join(fold_tokens(text)))


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """What merge compares about an actor: a canonical key, whether it is generic, its side."""

    key: str
    generic: bool
    side: int


# ACLED writes "Military Forces of Israel (2022-)" and "JNIM: Group for Support of Islam and
# Muslims"; outlets add an abbreviation or a faction in brackets ("Rapid Support Forces
# (RSF)", "Sinaloa Cartel (Los Chapitos)"). The name outside the brackets is compared.
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_ACLED_LABEL = re.compile(r"^\s*([^:]{1,40}?)\s*:\s*(.+)$")


def _outside_brackets(name: str) -> str:
    bare = _BRACKETS.sub(" ", name).strip()
    return bare or name


def actor_profile(
    name: str,
    kind: str | None,
    aliases: Mapping[str, str],
    *,
    country: str | None = None,
    _strip: bool = True,
) -> ActorProfile:
    """Fold one actor name (and its ACLED kind, if known) to the profile merge compares.

    `country` (a code or name) is where the event took place: a few names mean another
    group there ("al-Shabaab" in Mozambique is the Islamic State's province).
    """
    name = _outside_brackets(name)
    label = _ACLED_LABEL.match(name)
    if label and _strip:
        # "JNIM: Group for Support of Islam and Muslims": whichever part the tables know.
        short, full = (
            actor_profile(part, kind, aliases, country=country, _strip=False)
            for part in label.groups()
        )
        return short if short.key in _known_names() or full.key not in _known_names() else full
    tokens = fold_tokens(name)
    if tokens[:1] == ("the",):
        tokens = tokens[1:]
    joined = " ".join(tokens)
    joined = aliases.get(joined, _BUILTIN_ALIASES.get(joined, joined))
    if (local := _COUNTRY_ALIASES.get(_country_alpha3(country) or "")) is not None:
        joined = local.get(joined, joined)
    tokens = tuple(joined.split())
    side = _KIND_SIDE.get(kind, UNKNOWN_SIDE) if kind else UNKNOWN_SIDE
    countries = _country_terms()
    core = " ".join(t for t in tokens if t not in _STATE_WORDS)
    if not core:
        # "Government forces", "security forces": some state's forces, which one unsaid.
        return ActorProfile(joined, generic=True, side=side or STATE)
    if core in countries:
        return ActorProfile(f"state:{countries[core]}", generic=False, side=side or STATE)
    if (allied := _allied_states(core, countries)) is not None:
        # "US and UK forces", "American-British aggression": the first named leads, as
        # ACLED codes a joint strike (the others are associated actors).
        return ActorProfile(f"state:{allied}", generic=False, side=side or STATE)
    # "Somali National Army", "Ethiopian National Defense Force" are the state's; the
    # groups the tables know by such a name ("Syrian National Army") are not.
    national = " ".join(t for t in core.split() if t not in _NATIONAL)
    if not national:
        # "Ejército Nacional", "the national army": the state's forces, which state unsaid.
        return ActorProfile(joined, generic=True, side=side or STATE)
    if national != core and national in countries and joined not in _known_names():
        return ActorProfile(f"state:{countries[national]}", generic=False, side=side or STATE)
    heads = [t for t in tokens if t in _GENERIC_HEADS]
    implied = next((_GENERIC_HEADS[h] for h in heads if _GENERIC_HEADS[h]), UNKNOWN_SIDE)
    if heads and all(t in _descriptive() for t in tokens):
        return ActorProfile(joined, generic=True, side=side or implied)
    if joined in _plural_demonyms():
        # "Palestinians", "Ukrainians": people of a country, civilians or fighters unsaid.
        return ActorProfile(joined, generic=True, side=side)
    sponsor = _sponsor(tokens)
    if sponsor and _strip:
        # "al Qaeda-linked militants": some group under al-Qaeda, which one unsaid. Backed by a
        # state ("Russian-backed separatists"), it is just armed men, as "Iran-backed militia".
        backer = actor_profile(" ".join(sponsor), None, aliases, _strip=False)
        if backer.generic or backer.key.startswith("state:"):
            return ActorProfile(joined, generic=True, side=side or ARMED_NON_STATE)
        return ActorProfile(f"{LINKED}{backer.key}", generic=True, side=side or ARMED_NON_STATE)
    if all(t in _GENERIC_MODIFIERS for t in core.split()):
        # "unidentified drones", "foreign troops": some forces, whose unsaid.
        return ActorProfile(joined, generic=True, side=side or implied)
    name = " ".join(_group_name(tokens))
    name = aliases.get(name, _BUILTIN_ALIASES.get(name, name))
    if _strip and name != joined:
        # "Houthi rebels", "RSF fighters": the group's own name may be an alias, or a state's.
        # Once: an alias table mapping "hamas" to "hamas movement" must not loop.
        profile = actor_profile(name, kind, aliases, _strip=False)
        return ActorProfile(profile.key, profile.generic, profile.side or implied)
    return ActorProfile(joined, generic=False, side=side)


def _allied_states(core: str, countries: Mapping[str, str]) -> str | None:
    """The first of two or more countries a name lists ("us and uk", "american british")."""
    words = [w for w in core.split() if w not in ("and", "with")]
    found: list[str] = []
    while words:
        for n in range(min(len(words), 4), 0, -1):
            term = " ".join(words[:n])
            if term in countries:
                found.append(countries[term])
                words = words[n:]
                break
        else:
            return None
    return found[0] if len(set(found)) > 1 else None


# Words of countries' official names that name no country ("Islamic Republic of Iran",
# "Plurinational State of Bolivia"): "the Islamic State group" is no description.
_NOT_COUNTRY_WORDS = frozenset(
    _words(
        "state states of the and republic islamic democratic people s united kingdom federation "
        "federal plurinational bolivarian socialist union territory province"
    )
)


_NATIONAL = frozenset(_words("national nationale nacional nacionales"))

# Key prefix of a description tied to one named group: "al Qaeda-linked militants".
LINKED = "linked:"


def _sponsor(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The group in "al Qaeda-linked militants" or "jihadists linked to al-Qaeda", when
    only describing words go with it."""
    for k in range(1, len(tokens) - 1):
        if tokens[k] not in _BACKED:
            continue
        if all(t in _descriptive() for t in tokens[k + 1 :]):
            return tokens[:k]
        if tokens[k + 1] in ("to", "with", "by") and all(t in _descriptive() for t in tokens[:k]):
            return tokens[k + 2 :]
    return ()


@cache
def _descriptive() -> frozenset[str]:
    """Words that describe an armed group without naming it, country words included."""
    country_words = {w for c in _country_terms() for w in c.split()} - _NOT_COUNTRY_WORDS
    return _GENERIC_MODIFIERS.union(_GENERIC_HEADS, country_words)


@cache
def _known_names() -> frozenset[str]:
    """Group names the built-in tables know, for "Houthi forces" to read as the Houthis."""
    names = set(_BUILTIN_ALIASES) | set(_BUILTIN_ALIASES.values()) | set(UMBRELLAS)
    return frozenset(names.union(*UMBRELLAS.values()))


@cache
def _plural_demonyms() -> frozenset[str]:
    return frozenset(f"{term}s" for term in _DEMONYMS)


def _group_name(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A named group's own words: without "pro-Iranian" / "Iran-backed" before it or
    "militants" / "group" after it, when anything that names it remains."""
    t = list(tokens)
    if len(t) > 2 and ((t[0] == "pro" and t[1] in _country_terms()) or t[1] in _BACKED):
        t = t[2:]
    while len(t) > 1 and t[-1] in _TRAILING_HEADS:
        t.pop()
    # Arabic puts the head first: "عناصر داعش" (members of IS), "حركة حماس".
    while len(t) > 1 and t[0] in _LEADING_HEADS:
        t.pop(0)
        while len(t) > 1 and t[0] in _OF:
            t.pop(0)
    if len(t) > 1 and t[-1] in ("forces", "troops") and " ".join(t[:-1]) in _known_names():
        t.pop()
    # "Yemen's Houthis", "Iran's Revolutionary Guards": a group the tables know, by country.
    if len(t) > 1 and t[0] in _country_terms() and " ".join(t[1:]) in _known_names():
        t.pop(0)
    return tuple(t) if any(w not in _descriptive() for w in t) else tokens


_LEADING_ARTICLE = re.compile(r"^(?:al|el|the|los|las|la|le|les) ")


_NOT_INITIALS = frozenset(_words("of the and for in e i al el wal"))


def _initials_of(short: str, name: str) -> bool:
    """Whether `short` is the abbreviation of `name` ("bla", "baloch liberation army")."""
    words = [w for w in name.split() if w not in _NOT_INITIALS]
    return (
        3 <= len(short) <= 6
        and " " not in short
        and len(words) == len(short)
        and all(w[0] == c for w, c in zip(words, short, strict=True))
    )


def _same_name(a: str, b: str) -> bool:
    """One named group's key, a transliteration of it ("Kata'ib Hizbollah", "Shabaab"), or
    its abbreviation ("BLA", "Baloch Liberation Army")."""
    if a == b or _initials_of(a, b) or _initials_of(b, a):
        return True
    a, b = _LEADING_ARTICLE.sub("", a), _LEADING_ARTICLE.sub("", b)
    return a == b or fuzz.ratio(a, b) >= 88


@lru_cache(maxsize=1 << 16)
def _coalitions(key: str) -> tuple[frozenset[str], frozenset[str]]:
    """The umbrellas a group's key names, and those it fights under (fuzzy, once per key)."""
    names = frozenset(u for u in UMBRELLAS if _same_name(key, u))
    under = frozenset(
        u for u, members in UMBRELLAS.items() if any(_same_name(key, m) for m in members)
    )
    return names, under


def _umbrella_of(member: str, umbrella: str) -> bool:
    """Whether `member` is one of the groups that fight under the coalition `umbrella`."""
    return bool(_coalitions(member)[1] & _coalitions(umbrella)[0])


def _profile_verdict(a: ActorProfile, b: ActorProfile) -> tuple[int, float]:
    if a.key == b.key:
        if a.generic:
            return COMPATIBLE, 0.25
        # A state's forces are a party to most events in their country: weaker evidence.
        return AGREE, 1.0 if a.key.startswith("state:") else 2.0
    if a.side and b.side and a.side != b.side:
        # Who was killed is often what sources dispute: "civilians" to the health ministry,
        # "militants" or "soldiers" to the army that struck (every Russian defence ministry
        # report names a military target). A description on either side leaves that open.
        sides = {a.side, b.side}
        if CIVILIANS in sides and sides & {ARMED_NON_STATE, STATE} and (a.generic or b.generic):
            return COMPATIBLE, -0.5
        return CONFLICT, 0.0
    linked_a, linked_b = a.key.startswith(LINKED), b.key.startswith(LINKED)
    if (linked_a and not b.generic) or (linked_b and not a.generic) or (linked_a and linked_b):
        # A group tied to al-Qaeda is al-Qaeda, or one under it, or one it fights under.
        x, y = a.key.removeprefix(LINKED), b.key.removeprefix(LINKED)
        if y.startswith("state:") or x.startswith("state:"):
            return CONFLICT, 0.0
        related = _same_name(x, y) or _umbrella_of(x, y) or _umbrella_of(y, x)
        return (COMPATIBLE, 0.5) if related else (CONFLICT, 0.0)
    if a.generic or b.generic:
        return COMPATIBLE, 0.25
    if a.key.startswith("state:") or b.key.startswith("state:"):
        return CONFLICT, 0.0
    # Transliterations of one named group ("Kataib Hezbollah" / "Kata'ib Hizbollah").
    if _same_name(a.key, b.key):
        return AGREE, 1.5
    if _umbrella_of(a.key, b.key) or _umbrella_of(b.key, a.key):
        return COMPATIBLE, 0.5
    return CONFLICT, 0.0


class ActorTable:
    """Interns actor profiles as integer codes and answers pair verdicts over code arrays."""

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self.aliases = {
            " ".join(fold_tokens(k)): " ".join(fold_tokens(v)) for k, v in (aliases or {}).items()
        }
        self.profiles: list[ActorProfile] = []
        self._codes: dict[ActorProfile, int] = {}
        self._names: dict[tuple[str, str | None, str | None], int] = {}
        self._verdicts: dict[tuple[int, int], tuple[int, float]] = {}

    def code(self, actor: Actor | None, country: str | None = None) -> int:
        """The integer code of an actor's profile in an event's country; -1 for no actor."""
        if actor is None:
            return -1
        return self.code_for(actor.name, actor.kind, country)

    def code_for(self, name: str, kind: str | None = None, country: str | None = None) -> int:
        """The integer code of the profile of a name, optional ACLED kind and country."""
        local = _country_alpha3(country) if country else None
        if local not in _COUNTRY_ALIASES:
            local = None  # the name means the same group everywhere else
        known = self._names.get((name, kind, local))
        if known is not None:
            return known
        profile = actor_profile(name, kind, self.aliases, country=local)
        code = self._codes.setdefault(profile, len(self.profiles))
        if code == len(self.profiles):
            self.profiles.append(profile)
        self._names[(name, kind, local)] = code
        return code

    def verdicts(
        self, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float64]]:
        """Verdict codes and evidence weights for aligned arrays of actor codes (-1 = none)."""
        width = len(self.profiles) + 1
        pair_codes = (a + 1) * width + (b + 1)
        unique, inverse = np.unique(pair_codes, return_inverse=True)
        codes = np.empty(len(unique), dtype=np.int8)
        weights = np.empty(len(unique), dtype=np.float64)
        for k, pc in enumerate(unique.tolist()):
            codes[k], weights[k] = self._pair_verdict(pc // width - 1, pc % width - 1)
        return codes[inverse], weights[inverse]

    def _pair_verdict(self, x: int, y: int) -> tuple[int, float]:
        if x < 0 or y < 0:
            # A missing actor on both sides agrees; on one side it says nothing.
            return (AGREE, 0.0) if x == y else (COMPATIBLE, 0.0)
        pair = (x, y) if x <= y else (y, x)
        verdict = self._verdicts.get(pair)
        if verdict is None:
            verdict = _profile_verdict(self.profiles[pair[0]], self.profiles[pair[1]])
            self._verdicts[pair] = verdict
        return verdict
