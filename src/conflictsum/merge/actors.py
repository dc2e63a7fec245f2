"""Actor names folded to comparable keys: aliases, state forces by country, generic vs named groups.

"US forces", "U.S. troops" and "American soldiers" are one actor; "Iran-backed militia" is
a generic description compatible with any named non-state armed group, while two different
named groups ("Kataib Hezbollah", "Islamic State") conflict. A coalition and a group that
fights under it ("Islamic Resistance in Iraq", "Kataib Hezbollah") are compatible.
"""

from __future__ import annotations

import itertools
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
    "الحكومه الحكوميه العدو الطيران الحربي العدوان المسلحه"
)
# Ukrainian and Russian words for a state's forces ("російські війська", "ВС РФ"), folded
# as fold_tokens folds them (й to и, ї to і).
_CYRILLIC_STATE_WORDS = (
    "віиська віиськ армія арміі сили силы зброині зс вс віиськові окупанти окупантів "
    "окупаціині ворог ворога агресор оборони воиска армия вооруженные военные оккупанты "
    "противник враг"
)
_ARABIC_ARMED_HEADS = (
    "مسلحين مسلحون المسلحين مسلح مسلحي مسلحو ميليشيات الميليشيات ميليشيا مليشيات المليشيات "
    "فصائل الفصائل فصيل مقاتلين المقاتلين مقاتلون مقاتلي عناصر ارهابيين الارهابيين مجموعه "
    "جماعه جماعات الجماعات التنظيمات تنظيمات"
)
_ARABIC_MODIFIERS = (
    "مدعومه المدعومه مدعومين من المواليه لايران مجهولين مجهوله مجهول المجهولين "
    "الارهابيه ارهابيه الارهابي ارهابي المسلحه مسلحه لتركيا لروسيا"
)


# Articles and prepositions of French, Spanish and Portuguese names: "les forces de
# sécurité maliennes" says no more than "Malian security forces".
_FUNCTION_WORDS = (
    "des les la le un une de du et en el los las del y unos unas da do das dos e der die dem den "
    "und"
)

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
        # Branches and bodies of a state's forces ("Russian Aerospace Forces", "the MoD").
        "missile missiles aerospace airborne fleet naval mod general staff artillery "
        "intelligence defense defence department pentagon "
        # What Russia's defence ministry calls Ukraine's forces: "Ukrainian formations".
        "formations nationalists "
        # What Arabic and Ukrainian outlets call the other side's state, in translation:
        # "the Israeli enemy", "the Zionist entity", "the Russian aggressor".
        "enemy aggression aggressor aggressors entity "
        # French, Spanish and Portuguese outlets' words for the same.
        "armee armees forces militaires militaire soldats soldat troupes securite defense "
        "police policiers policier gendarmerie garde gardes gouvernement gouvernementales "
        "gouvernementaux regime junte aviation aerienne aeriennes marine autorites agents "
        "ejercito fuerzas fuerza militares militar soldados soldado tropas seguridad defensa "
        "policia policias policiales policial guardia gobierno gubernamentales regimen "
        "autoridades agentes armada armadas aerea "
        "exercito forcas forca seguranca defesa policiais governo guarda "
        # German.
        "armee streitkrafte truppen soldaten militar sicherheitskrafte polizei regierung "
        "regierungstruppen besatzer "
    )
    + _words(_FUNCTION_WORDS)
    + _words(_ARABIC_STATE_WORDS)
    + _words(_CYRILLIC_STATE_WORDS)
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
            "jihadistes jihadiste djihadistes djihadiste islamistes islamiste terroristes "
            "terroriste armes arme insurges insurge rebelles rebelle miliciens milicien milices "
            "milice assaillants assaillant combattants combattant extremistes extremiste "
            "separatistes separatiste bandits bandes ravisseurs kidnappeurs groupe groupes "
            "insurgentes guerrilleros guerrillero guerrilla guerrillas terroristas terrorista "
            "rebeldes rebelde milicianos miliciano milicias milicia pistoleros pistolero armados "
            "armado atacantes agresores asaltantes combatientes extremistas separatistas "
            "pandilleros pandillero pandillas pandilla mareros maras bandas banda narcos "
            "narcotraficantes delincuentes criminales secuestradores grupo grupos "
            "guerrilheiros bandidos criminosos traficantes "
            "kampfer bewaffnete dschihadisten extremisten terroristen milizen miliz rebellen "
            "aufstandische islamisten angreifer attentater "
            # What Pakistan's military calls the militants it fights ("khwarij").
            "khwarij khawarij kharijites kamikaze kamikazes loyalists resistance "
            "organisation organization organisations organizations eao eaos"
        ),
        ARMED_NON_STATE,
    ),
    # Who is attacked without being a party: civilians, by what they were doing.
    **dict.fromkeys(
        _words(
            "civilians civilian residents villagers people passengers worshippers students "
            "pupils schoolchildren children women farmers herders fishermen traders miners "
            "travellers travelers motorists pilgrims mourners refugees idps displaced patients "
            "journalists "
            "civils civil habitants villageois deplaces personnes gens passagers fideles eleves "
            "etudiants ecoliers lyceens enfants femmes agriculteurs cultivateurs eleveurs "
            "pecheurs commercants orpailleurs voyageurs pelerins refugies "
            "civiles pobladores habitantes residentes vecinos personas pasajeros "
            "estudiantes alumnos ninos mujeres campesinos pescadores comerciantes mineros "
            "viajeros peregrinos refugiados desplazados periodistas "
            "civis moradores pessoas passageiros estudantes criancas agricultores deslocados "
            "zivilisten zivilpersonen bewohner einwohner menschen kinder"
        ),
        CIVILIANS,
    ),
    **dict.fromkeys(
        _words(
            "men members member operatives elements mercenaries settlers hommes individus "
            "membres hombres individuos elementos integrantes miembros sujetos homens"
        ),
        UNKNOWN_SIDE,
    ),
    **dict.fromkeys(
        _words(
            "protesters protestors demonstrators rioters crowd mob manifestants emeutiers "
            "protestataires foule manifestantes alborotadores multitud"
        ),
        DEMONSTRATORS,
    ),
    **dict.fromkeys(_words("unknown unidentified inconnus inconnu desconocidos"), UNKNOWN_SIDE),
    **dict.fromkeys(_words(_ARABIC_ARMED_HEADS), ARMED_NON_STATE),
    **dict.fromkeys(_words("مدنيين المدنيين مدنيون سكان المواطنين مواطنين"), CIVILIANS),
    # Ukrainian and Russian (folded as fold_tokens folds them: й to и).
    **dict.fromkeys(
        _words(
            "мирні мирних мирные мирных цивільні цивільних гражданские гражданских жителі "
            "жителів жители жителеи люди людеи населення населения"
        ),
        CIVILIANS,
    ),
    **dict.fromkeys(
        _words(
            "боиовики боиовиків боевики боевиков терористи терористів террористы террористов "
            "диверсанти диверсанты"
        ),
        ARMED_NON_STATE,
    ),
    **dict.fromkeys(_words("наиманці наемники"), UNKNOWN_SIDE),
}
_GENERIC_MODIFIERS = frozenset(
    _words(
        "backed pro linked affiliated aligned allied armed suspected local tribal islamist shia "
        "shiite sunni unknown unidentified an a of some several other allegedly by foreign "
        "suicide lone "
        # French, Spanish and Portuguese: "présumés", "non identifiés", "presuntos".
        "presumes presume presumees presumee supposes non identifies identifie soutenus "
        "soutenu lies etrangers presuntos presunto presuntas supuestos supuesto identificados "
        "no sin extranjeros suspeitos armadas ethnic criminal criminales criminel criminelle "
        "criminels female male femme woman "
    )
    + _words(_FUNCTION_WORDS)
    + _words(_ARABIC_MODIFIERS)
)
# Peoples, for "Fulani gunmen", "civils peuls", "séparatistes baloutches", "Kurdish forces":
# they describe, but also begin groups' names ("Karen National Union"), so stay in them.
_PEOPLES = frozenset(
    _words(
        "fulani peul peuls peulh peulhs dogon dogons bambara mossi tuareg touareg touaregs "
        "hausa baloch baluch baloutches baloutche pashtun hazara amhara oromo tigrayan tigray "
        "arab arabes druze alawite kurdish jewish rakhine kachin karen shan chin lendu hema"
    )
)
_STATELESS_PEOPLES = _PEOPLES - frozenset(_words("arab arabes jewish"))

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
    # "Congo" alone is the DRC in wire copy; the Republic is named in full or by its capital.
    "congo": "COD",
    "congo kinshasa": "COD",
    "congo brazzaville": "COG",
    "republique democratique congo": "COD",
    "republique centrafricaine": "CAF",
    "ivorian": "CIV",
    "polish": "POL",
    "swedish": "SWE",
    "danish": "DNK",
    "finnish": "FIN",
    "dutch": "NLD",
    "swiss": "CHE",
    "greek": "GRC",
    "spanish": "ESP",
    "portuguese": "PRT",
    "norwegian": "NOR",
    "togolese": "TGO",
    "dominican": "DOM",
    "argentine": "ARG",
    # Capitals and leaders that stand for a state's forces ("Damascus forces", "the Assad
    # regime", "Kinshasa's army").
    "damascus": "SYR",
    "assad": "SYR",
    "tehran": "IRN",
    "kinshasa": "COD",
    "khartoum": "SDN",
    "burhan": "SDN",
    "naypyidaw": "MMR",
    "ankara": "TUR",
    "baghdad": "IRQ",
    "bamako": "MLI",
    "abuja": "NGA",
    "mogadishu": "SOM",
    "islamabad": "PAK",
    "putin": "RUS",
    "zelensky": "UKR",
    "zelenskyy": "UKR",
    # Ukrainian and Russian (folded as fold_tokens folds them).
    **dict.fromkeys(
        _words(
            "росіиські росіиська росіиськии росіі росія рф русские россииские россииская "
            "россии россия"
        ),
        "RUS",
    ),
    **dict.fromkeys(
        _words("украінські украінська украіни украіна украинские украинская украины украина"),
        "UKR",
    ),
    # German adjectives, as "russische Truppen" says them.
    **{
        f"{stem}{end}": code
        for code, stem in (
            ("RUS", "russisch"),
            ("UKR", "ukrainisch"),
            ("USA", "amerikanisch"),
            ("ISR", "israelisch"),
            ("SYR", "syrisch"),
            ("IRN", "iranisch"),
            ("TUR", "turkisch"),
            ("FRA", "franzosisch"),
            ("DEU", "deutsch"),
            ("IRQ", "irakisch"),
            ("LBN", "libanesisch"),
            ("SDN", "sudanesisch"),
            ("MLI", "malisch"),
        )
        for end in ("e", "en", "er")
    },
    # Country names in French and Spanish that differ from the English ones.
    **{
        name: code
        for code, names in {
            "TCD": "tchad",
            "SDN": "soudan",
            "SOM": "somalie",
            "SYR": "syrie",
            "IRQ": "irak",
            "LBN": "liban",
            "ETH": "ethiopie",
            "LBY": "libye,libia",
            "DZA": "algerie,argelia",
            "MAR": "maroc,marruecos",
            "TUN": "tunisie,tunez",
            "EGY": "egypte,egipto",
            "MRT": "mauritanie",
            "CMR": "cameroun",
            "CAF": "centrafrique",
            "COD": "rdc",
            "UGA": "ouganda",
            "USA": "etats unis,estados unidos,eeuu",
            "MEX": "mexique",
            "COL": "colombie",
            "BRA": "bresil,brasil",
            "PER": "perou",
            "UKR": "ucrania",
            "RUS": "rusia",
            "ISR": "israel",
        }.items()
        for name in names.split(",")
    },
    "republic congo": "COG",
    # French and Spanish demonyms of the countries their outlets cover most.
    **{
        word: code
        for code, words in {
            "MLI": "malien malienne maliens maliennes",
            "NGA": "nigeriane nigerians nigerianes nigeriano nigeriana nigerianos",
            "BFA": "burkinabes",
            "CIV": "ivoirien ivoirienne ivoiriens",
            "SEN": "senegalais senegalaise",
            "MRT": "mauritanien mauritanienne",
            "DZA": "algerien algerienne algeriens",
            "MAR": "marocain marocaine marocains",
            "TUN": "tunisien tunisienne",
            "LBY": "libyen libyenne libyens",
            "EGY": "egyptien egyptienne egyptiens",
            "ETH": "ethiopien ethiopienne ethiopiens",
            "UGA": "ougandais ougandaise",
            "RWA": "rwandais rwandaise",
            "BDI": "burundais burundaise",
            "TGO": "togolais togolaise",
            "BEN": "beninois beninoise",
            "GHA": "ghaneen ghaneenne",
            "PAK": "pakistanais pakistanaise",
            "IRN": "iranien iranienne iraniens",
            "IRQ": "irakien irakienne irakiens",
            "TUR": "turc turque turcs",
            "PSE": "palestinien palestinienne palestiniens",
            "SLV": "salvadoreno salvadorena salvadorenos",
            "HND": "hondureno hondurena hondurenos",
            "GTM": "guatemalteco guatemalteca guatemaltecos",
            "ECU": "ecuatoriano ecuatoriana ecuatorianos",
            "PER": "peruano peruana peruanos",
            "BRA": "brasileno brasilena brasileiro brasileira brasileiros",
            "NIC": "nicaraguense nicaraguenses",
            "NER": "nigerienne nigeriens nigeriennes",
            "TCD": "tchadien tchadienne tchadiens tchadiennes",
            "COD": "congolais congolaise",
            "CAF": "centrafricain centrafricaine centrafricains centrafricaines",
            "CMR": "camerounais camerounaise",
            "HTI": "haitien haitienne haitiens haitiano haitiana haitianos",
            "ISR": "israelien israelienne israeliens israelies",
            "RUS": "russe russes ruso rusa rusos",
            "UKR": "ukrainien ukrainienne ukrainiens ucraniano ucraniana ucranianos",
            "FRA": "francais francaise",
            "USA": "americain americaine americains estadounidense estadounidenses",
            "SDN": "soudanais soudanaise soudanaises",
            "SOM": "somalien somalienne somaliens somaliennes",
            "SYR": "syrien syrienne syriens syriennes",
            "LBN": "libanais libanaise",
            "MOZ": "mozambicain mozambicaine",
            "COL": "colombiano colombiana colombianos colombianas colombien colombienne",
            "MEX": "mexicano mexicana mexicanos mexicanas mexicain mexicaine",
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
    # Pakistan's military calls the TTP "Fitna al-Khawarij", but "khwarij" alone any
    # militants it fights, and "Fitna al-Hindustan" the Baloch separatist groups.
    "fitna al khawarij": "tehrik e taliban pakistan",
    "fitna al khwarij": "tehrik e taliban pakistan",
    "fitna al hindustan": "baloch separatists",
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
    "is sahel": "islamic state sahel province",
    "isis sahel": "islamic state sahel province",
    "hashd": "popular mobilization forces",
    "al hashd al shaabi": "popular mobilization forces",
    "balochistan liberation army": "baloch liberation army",
    "knu": "karen national union",
    "knla": "karen national liberation army",
    "three brotherhood": "three brotherhood alliance",
    "mayiza": "la mayiza",
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
    "pnh": "haitian police",
    # French and Spanish names of the groups above, and other spellings of theirs.
    "etat islamique": "islamic state",
    "islamische staat": "islamic state",
    "islamischer staat": "islamic state",
    "islamischen staat": "islamic state",
    "organisation etat islamique": "islamic state",
    "estado islamico": "islamic state",
    "daech": "islamic state",
    "ei": "islamic state",
    "etat islamique au sahel": "islamic state sahel province",
    "etat islamique dans le grand sahara": "islamic state sahel province",
    "eis": "islamic state sahel province",
    "islamic state sahel": "islamic state sahel province",
    "etat islamique en afrique de ouest": "islamic state west africa province",
    "islamic state in west africa": "islamic state west africa province",
    "islamic state west africa": "islamic state west africa province",
    "islamic state in west africa province": "islamic state west africa province",
    "islamic state central africa": "islamic state central africa province",
    "islamic state khorasan": "islamic state khorasan province",
    "is khorasan": "islamic state khorasan province",
    "islamic state somalia": "islamic state somalia province",
    "is somalia": "islamic state somalia province",
    "isis somalia": "islamic state somalia province",
    "shebab": "al shabaab",
    "chebab": "al shabaab",
    "chabab": "al shabaab",
    "shabab": "al shabaab",
    "al shebab": "al shabaab",
    "al chabab": "al shabaab",
    "al shabab": "al shabaab",
    "al qaida": "al qaeda",
    "al qa ida": "al qaeda",
    "alqaeda": "al qaeda",
    "al qaida in the arabian peninsula": "al qaeda in the arabian peninsula",
    "al qaida in the islamic maghreb": "al qaeda in the islamic maghreb",
    "al qaida au maghreb islamique": "al qaeda in the islamic maghreb",
    "aqmi": "al qaeda in the islamic maghreb",
    "groupe de soutien a islam et aux musulmans": "jamaat nusrat al islam wal muslimin",
    "jas": "jamaatu ahli is sunnah lid dawati wal jihad",
    "jamaatu ahlis sunna liddaawati wal jihad": "jamaatu ahli is sunnah lid dawati wal jihad",
    "jamaat ahl al sunna lil dawa wal jihad": "jamaatu ahli is sunnah lid dawati wal jihad",
    "adf": "allied democratic forces",
    "adf nalu": "allied democratic forces",
    "forces democratiques alliees": "allied democratic forces",
    "forces de soutien rapide": "rapid support forces",
    "fuerzas de apoyo rapido": "rapid support forces",
    # Russia's Africa Corps took over Wagner's men in the Sahel (2024-); outlets use both.
    "africa corps": "wagner group",
    "groupe wagner": "wagner group",
    "grupo wagner": "wagner group",
    "islamic resistance movement": "hamas",
    "harakat al muqawama al islamiya": "hamas",
    "ansarullah": "ansar allah",
    "houthistes": "ansar allah",
    "huties": "ansar allah",
    "hezbola": "hezbollah",
    "popular mobilisation forces": "popular mobilization forces",
    "popular mobilization units": "popular mobilization forces",
    "popular mobilisation units": "popular mobilization forces",
    "pmu": "popular mobilization forces",
    "talibans": "taliban",
    "talibanes": "taliban",
    "agc": "clan del golfo",
    "gulf clan": "clan del golfo",
    "autodefensas gaitanistas de colombia": "clan del golfo",
    "ejercito gaitanista de colombia": "clan del golfo",
    "egc": "clan del golfo",
    "urabenos": "clan del golfo",
    "los urabenos": "clan del golfo",
    "cartel de jalisco nueva generacion": "cjng",
    "cartel jalisco nueva generacion": "cjng",
    "jalisco new generation cartel": "cjng",
    "jalisco cartel": "cjng",
    "cartel de sinaloa": "sinaloa cartel",
    "disidencias": "farc",
    "antibalaka": "anti balaka",
    # State forces by their initials or their own names.
    "laf": "lebanese military",
    "kdf": "kenyan military",
    "rdf": "rwandan military",
    "sandf": "south african military",
    "edf": "eritrean military",
    "taf": "turkish military",
    "naf": "nigerian military",
    "isf": "iraqi military",
    "iraqi security forces": "iraqi military",
    "counter terrorism service": "iraqi military",
    "cts": "iraqi military",
    "hnp": "haitian police",
    "haitian national police": "haitian police",
    "sedena": "mexican military",
    "sac": "myanmar military",
    "sspc": "myanmar military",
    "uaf": "ukrainian military",
    "vsu": "ukrainian military",
    "sbu": "ukrainian military",
    "security service of ukraine": "ukrainian military",
    "hur": "ukrainian military",
    "gur": "ukrainian military",
    "vks": "russian military",
    "vdv": "russian military",
    "rosgvardia": "russian military",
    "black sea fleet": "russian military",
    "russian black sea fleet": "russian military",
    "akhmat": "russian military",
    "azov": "ukrainian military",
    "azov brigade": "ukrainian military",
    "azov regiment": "ukrainian military",
    "hemedti forces": "rapid support forces",
    "danab": "somali military",
    "rosgvardiya": "russian military",
    "fsb": "russian military",
    "frontier corps": "pakistani military",
    "fc": "pakistani military",
    "ctd": "pakistani police",
    "shin bet": "israeli military",
    "shabak": "israeli military",
    "barkhane": "french military",
    "pa security forces": "palestinian military",
    "palestinian authority security forces": "palestinian military",
    "palestinian authority": "palestinian military",
    "yemeni armed forces": "ansar allah",  # the Houthis' own name in Saree's statements
    "islamic emirate": "taliban",
    "islamic emirate of afghanistan": "taliban",
    # African Union missions in Somalia under their successive names.
    "atmis": "african union mission in somalia",
    "amisom": "african union mission in somalia",
    "aussom": "african union mission in somalia",
    "african union troops": "african union mission in somalia",
    "african union forces": "african union mission in somalia",
    "au troops": "african union mission in somalia",
    "au forces": "african union mission in somalia",
    "african union transition mission in somalia": "african union mission in somalia",
    # Haiti's multinational mission, renamed in 2025.
    "mss": "multinational security support mission",
    "multinational security support": "multinational security support mission",
    "gang suppression force": "multinational security support mission",
    "gsf": "multinational security support mission",
    # Armed groups by their initials, translations and other names.
    "vdp": "volunteers for the defense of the homeland",
    "volontaires pour la defense de la patrie": "volunteers for the defense of the homeland",
    "volunteers for the defence of the homeland": "volunteers for the defense of the homeland",
    "cjtf": "civilian joint task force",
    "civilian jtf": "civilian joint task force",
    "fdlr": "democratic forces for the liberation of rwanda",
    "forces democratiques de liberation du rwanda": (
        "democratic forces for the liberation of rwanda"
    ),
    "codeco": "cooperative for the development of congo",
    "cooperative pour le developpement du congo": "cooperative for the development of congo",
    "tplf": "tigray people liberation front",
    "tdf": "tigray people liberation front",
    "tigray defense forces": "tigray people liberation front",
    "tigray defence forces": "tigray people liberation front",
    "tigray forces": "tigray people liberation front",
    "tigrayan forces": "tigray people liberation front",
    "ola": "oromo liberation army",
    "olf shene": "oromo liberation army",
    "shene": "oromo liberation army",
    "aa": "arakan army",
    "kia": "kachin independence army",
    "tnla": "taang national liberation army",
    "pdf": "people defence force",
    "peoples defence force": "people defence force",
    "people defense force": "people defence force",
    "let": "lashkar e taiba",
    "lashkar e tayyiba": "lashkar e taiba",
    "jem": "jaish e mohammed",
    "jaish e muhammad": "jaish e mohammed",
    "bla": "baloch liberation army",
    "spla io": "splm io",
    "splm n": "sudan people liberation movement north",
    "lna": "libyan national army",
    "libyan arab armed forces": "libyan national army",
    "laaf": "libyan national army",
    "haftar forces": "libyan national army",
    "peshmerga": "peshmerga",
    "kurdish peshmerga": "peshmerga",
    "iraqi kurdish forces": "peshmerga",
    "hezbollah brigades": "kataib hezbollah",
    "al nujaba": "harakat al nujaba",
    "al nujaba movement": "harakat al nujaba",
    "nujaba movement": "harakat al nujaba",
    "wazalendo": "mai mai",
    "mai mai": "mai mai",
    "mayi mayi": "mai mai",
    "mawozo": "400 mawozo",
    "village de dieu": "5 segonn",
    "farc ep": "farc",
    "emc farc ep": "emc",
    "ex farc mafia": "farc",
    "pmc wagner": "wagner group",
    "wagner pmc": "wagner group",
    "assayech": "asayish",
    "asayesh": "asayish",
    "asayis": "asayish",
    "csp": "cadre strategique permanent",
    "permanent strategic framework": "cadre strategique permanent",
    "csp dpa": "cadre strategique permanent",
    "fla": "front de liberation de azawad",
    "azawad liberation front": "front de liberation de azawad",
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
        "asayish",
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
    # Outlets say "Boko Haram" for both of the factions it split into (2016).
    "boko haram": (
        "jamaatu ahli is sunnah lid dawati wal jihad", "islamic state west africa province",
    ),
    "islamic state central africa province": ("allied democratic forces",),
    "baloch liberation army": ("majeed brigade",),
    "hezbollah": ("radwan force",),
    "al quds brigades": ("jenin brigade",),
    "rapid support forces": ("janjaweed",),
    "three brotherhood alliance": (
        "arakan army", "taang national liberation army", "mndaa",
    ),
    "viv ansanm": ("g9", "gpep", "400 mawozo", "village de dieu", "5 segonn", "grand ravine",
                   "gran grif", "kraze barye"),
    "kurdistan workers party": ("sinjar resistance units",),
    "sinaloa cartel": ("los chapitos", "la mayiza"),
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
        "dissident separatist guerrilla guerrillas cartel cells cell wing coalition alliance pmc "
        "kampfer miliz milizen"
    )
)
_BACKED = frozenset(
    _words("backed linked aligned allied affiliated affiliate supported sponsored led")
)
_LEADING_HEADS = frozenset(
    _words(
        "عناصر مسلحي مسلحو مقاتلي مقاتلو حركه تنظيم جماعه ميليشيا "
        # French and Spanish put the head first too: "rebelles du M23", "disidencias de las FARC".
        "rebelles combattants miliciens militants jihadistes terroristes elements membres "
        "disidencias disidentes guerrilleros milicianos integrantes miembros elementos "
        "groupe grupo organisation organizacion gang gangs banda pandilla"
    )
)
# What joins such a head to the name: "rebelles du M23", "miembros de las FARC".
_OF = frozenset(_words("du de des del d la las los le les"))
_ARTICLES = frozenset(_words("the les le la des los las der die das"))
# Groups whose names read as a state's forces: the Lebanese Forces are a party's militia.
_GROUPS_NAMED_AS_STATES = frozenset(("lebanese forces",))
_PLACEHOLDERS = frozenset(("n a", "na", "none", "null", "nil", "unknown", "unspecified", "tbd"))

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
            "حركة المقاومة الإسلامية حماس": "hamas",
            "حركة المقاومة الإسلامية": "hamas",
            "حركة فتح": "fatah",
            "فتح": "fatah",
            "القاعدة": "al qaeda",
            "تنظيم القاعدة": "al qaeda",
            "الجنجويد": "janjaweed",
            "الجيش العربي السوري": "syrian military",
            "طالبان": "taliban",
            "צה״ל": "israeli military",
            "צהל": "israeli military",
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
            **dict.fromkeys(["السودان", "السوداني", "السودانية"], "SDN"),
            **dict.fromkeys(["مصر", "المصري", "المصرية"], "EGY"),
            **dict.fromkeys(["ليبيا", "الليبي", "الليبية"], "LBY"),
            **dict.fromkeys(["الصومال", "الصومالي", "الصومالية"], "SOM"),
            **dict.fromkeys(["السعودية", "السعودي"], "SAU"),
            **dict.fromkeys(["باكستان", "الباكستاني", "الباكستانية"], "PAK"),
            **dict.fromkeys(["أفغانستان", "الأفغاني", "الأفغانية"], "AFG"),
            **dict.fromkeys(["الإمارات", "الإماراتي", "الإماراتية"], "ARE"),
            **dict.fromkeys(["المغرب", "المغربي", "المغربية"], "MAR"),
            **dict.fromkeys(["الجزائر", "الجزائري", "الجزائرية"], "DZA"),
            **dict.fromkeys(["تونس", "التونسي", "التونسية"], "TUN"),
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
    terms.update(_regular_demonyms(terms))
    terms.update(_DEMONYMS)
    return terms


def _regular_demonyms(names: Mapping[str, str]) -> dict[str, str]:
    """Demonyms built the regular ways from country names (Cambodia-n, Malawi-an, Brazil-ian,
    Guyan-ese, Yemen-i), kept only where one country makes them: "Nigerian" is built from
    both Niger and Nigeria, and only the table above says which."""
    made: dict[str, set[str]] = {}
    for name, code in names.items():
        stems = [name] + ([name[:-1]] if name[-1] in "aeiouy" else [])
        for stem in stems:
            for suffix in ("n", "an", "ian", "ese", "i"):
                made.setdefault(stem + suffix, set()).add(code)
    return {word: codes.pop() for word, codes in made.items() if len(codes) == 1}


# Names that mean another group in one country. In Cabo Delgado, outlets and residents
# call the Islamic State's Mozambique Province "al-Shabaab" (no tie to Somalia's) and
# ACLED knew it as Ahlu Sunnah Wa-Jama'a (ASWJ) or Ansar al-Sunna.
_COUNTRY_ALIASES: dict[str, dict[str, str]] = {
    # Somalia's army is the SNA; elsewhere the letters are the Syrian National Army.
    "SOM": {"sna": "somali military", "somali national army": "somali military"},
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
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*(?:[)\]]|$)")
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
    bare = _outside_brackets(name)
    if bare != name and _strip:
        # "Armée de libération du Baloutchistan (BLA)": the name outside the brackets, unless
        # only the one inside is a name the tables know.
        inner = _BRACKETS.search(name)
        outside = actor_profile(bare, kind, aliases, country=country)
        if inner and outside.key not in _known_names() and not outside.key.startswith("state:"):
            within = actor_profile(inner.group(0).strip(" ([)]"), kind, aliases, country=country)
            if within.key in _known_names():
                return within
        return outside
    name = bare
    label = _ACLED_LABEL.match(name)
    if label and _strip:
        # "JNIM: Group for Support of Islam and Muslims": whichever part the tables know.
        short, full = (
            actor_profile(part, kind, aliases, country=country, _strip=False)
            for part in label.groups()
        )
        return short if short.key in _known_names() or full.key not in _known_names() else full
    tokens = fold_tokens(name)
    if (
        len(tokens) > 1
        and tokens[0] in _ARTICLES
        and " ".join(tokens) not in aliases
        and " ".join(tokens) not in _BUILTIN_ALIASES
    ):
        # "the Houthis", "les shebab", "los Chapitos" (unless the article is in an alias).
        tokens = tokens[1:]
    joined = " ".join(tokens)
    joined = aliases.get(joined, _BUILTIN_ALIASES.get(joined, joined))
    if (local := _COUNTRY_ALIASES.get(_country_alpha3(country) or "")) is not None:
        joined = local.get(joined, joined)
    tokens = tuple(joined.split())
    side = _KIND_SIDE.get(kind, UNKNOWN_SIDE) if kind else UNKNOWN_SIDE
    if not tokens or joined in _PLACEHOLDERS:
        # "", "N/A", "—": the report names no one; nothing to compare.
        return ActorProfile("", generic=True, side=side)
    if tokens[0] == "anti" and len(tokens) > 1 and joined not in _known_names():
        # "anti-junta fighters", "anti-Houthi forces": whoever opposes them, unnamed.
        against_state = tokens[1] in _STATE_WORDS
        return ActorProfile(joined, generic=True, side=side or (ARMED_NON_STATE * against_state))
    countries = _country_terms()
    core = " ".join(t for t in tokens if t not in _STATE_WORDS)
    if not core:
        # "Government forces", "security forces": some state's forces, which one unsaid.
        return ActorProfile(joined, generic=True, side=side or STATE)
    if core in countries and joined not in _GROUPS_NAMED_AS_STATES:
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
    if any(
        (a == "pro" and b in _STATE_WORDS) or (a in _STATE_WORDS and b in _BACKED)
        for a, b in itertools.pairwise(tokens)
    ):
        # "Pro-government militias", "army-backed militia" fight on the state's side.
        implied = UNKNOWN_SIDE
    described = all(t in _descriptive() or t in _STATE_WORDS for t in tokens)
    if heads and described and joined not in _known_names():
        # "Fulani gunmen", "resistance forces": armed men, no group named.
        return ActorProfile(joined, generic=True, side=side or implied)
    if joined in _plural_demonyms():
        # "Palestinians", "Ukrainians": people of a country, civilians or fighters unsaid.
        return ActorProfile(joined, generic=True, side=side)
    sponsor = _sponsor(tokens)
    if sponsor and _strip:
        # "al Qaeda-linked militants": some group under al-Qaeda, which one unsaid. Backed by a
        # state ("Russian-backed separatists"), it is just armed men, as "Iran-backed militia".
        backer = actor_profile(" ".join(sponsor), None, aliases, _strip=False)
        if backer.generic and backer.side == STATE:
            # "Government-backed militias" fight on the state's side: neither side said.
            return ActorProfile(joined, generic=True, side=side)
        if backer.generic or backer.key.startswith("state:"):
            return ActorProfile(joined, generic=True, side=side or ARMED_NON_STATE)
        return ActorProfile(f"{LINKED}{backer.key}", generic=True, side=side or ARMED_NON_STATE)
    if core.split()[0] in _STATELESS_PEOPLES and all(t in _PEOPLES for t in core.split()):
        # "Kurdish forces", "Tuareg fighters": a people's armed men, no state's.
        return ActorProfile(joined, generic=True, side=side or ARMED_NON_STATE)
    if all(t in _GENERIC_MODIFIERS or t in _PEOPLES for t in core.split()):
        # "unidentified drones", "foreign troops": some forces, whose unsaid.
        return ActorProfile(joined, generic=True, side=side or implied)
    if _strip and (parent := _unit_of(tokens, aliases)) is not None:
        # "Frente 33 de las disidencias", "a brigade of the Islamic State": one of its units.
        return ActorProfile(f"{LINKED}{parent}", generic=True, side=side or ARMED_NON_STATE)
    name = " ".join(_group_name(tokens, aliases))
    name = aliases.get(name, _BUILTIN_ALIASES.get(name, name))
    if _strip and name != joined:
        # "Houthi rebels", "RSF fighters": the group's own name may be an alias, or a state's.
        # Once: an alias table mapping "hamas" to "hamas movement" must not loop.
        profile = actor_profile(name, kind, aliases, _strip=False)
        return ActorProfile(profile.key, profile.generic, profile.side or implied)
    if not side and joined in _known_names() and joined not in _STATE_LIKE:
        # A group the tables know is an armed group: "security forces" are not Hezbollah.
        side = ARMED_NON_STATE
    return ActorProfile(joined, generic=False, side=side)


_UNIT_WORDS = frozenset(
    _words(
        "front frente brigade brigades brigada bataillon battalion batallon katiba column "
        "columna colonne faction wing cell bloque bloc comando unit unite"
    )
)


def _unit_of(tokens: tuple[str, ...], aliases: Mapping[str, str]) -> str | None:
    """The named group a unit belongs to, in "<unit> <name> of <group>"; None otherwise."""
    if not tokens or tokens[0] not in _UNIT_WORDS:
        return None
    k = next((i for i, t in enumerate(tokens) if i > 0 and (t in _OF or t == "of")), None)
    if k is None or k < 2 or k + 1 >= len(tokens):
        return None  # "Front de libération de l'Azawad" is a group's name, not a unit's
    parent = actor_profile(" ".join(tokens[k + 1 :]), None, aliases)
    if parent.generic or parent.key.startswith("state:"):
        return None
    return parent.key


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

# Groups the tables know that govern or fight as a state does somewhere (the Taliban since
# 2021, the Houthis in Sanaa, HTS in Damascus since 2024, the PMF in Iraq's forces, Wagner
# as Russia's): "security forces" may be theirs.
_STATE_LIKE = frozenset(
    (
        "taliban", "ansar allah", "hayat tahrir al sham", "popular mobilization forces",
        "rapid support forces", "wagner group",
    )
)  # fmt: skip

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
    return _GENERIC_MODIFIERS.union(_GENERIC_HEADS, _PEOPLES, country_words)


@cache
def _known_names() -> frozenset[str]:
    """Group names the built-in tables know, for "Houthi forces" to read as the Houthis."""
    names = set(_BUILTIN_ALIASES) | set(_BUILTIN_ALIASES.values()) | set(UMBRELLAS)
    return frozenset(names.union(*UMBRELLAS.values()))


@cache
def _plural_demonyms() -> frozenset[str]:
    return frozenset(f"{term}s" for term in _DEMONYMS)


@cache
def _leading_describers() -> frozenset[str]:
    armed = {w for w, side in _GENERIC_HEADS.items() if side == ARMED_NON_STATE}
    return frozenset(armed | _GENERIC_MODIFIERS)


def _group_name(tokens: tuple[str, ...], aliases: Mapping[str, str]) -> tuple[str, ...]:
    """A named group's own words: without "pro-Iranian" / "Iran-backed" before it or
    "militants" / "group" after it, when anything that names it remains."""
    t = list(tokens)
    known = _known_names()

    def named() -> bool:
        return " ".join(t) in known

    if len(t) > 2 and t[0] == "pro" and t[1] in _country_terms():
        t = t[2:]
    # "Iran-backed Kataib Hezbollah", "al-Qaeda-linked JNIM": the group after its sponsor.
    backed = [k for k, w in enumerate(t[:-1]) if k > 0 and w in _BACKED]
    if backed and not named() and any(w not in _descriptive() for w in t[backed[-1] + 1 :]):
        t = t[backed[-1] + 1 :]
    # "the paramilitary RSF", "Islamist group Boko Haram": what describes it goes first.
    # Only before a name the tables know: "Armed Group 5" keeps its words.
    for k in range(1, len(t)):
        if t[k - 1] not in _leading_describers():
            break
        rest = " ".join(t[k:])
        if not named() and (rest in known or rest in _BUILTIN_ALIASES or rest in aliases):
            t = t[k:]
            break
    while len(t) > 1 and not named() and (t[-1] in _TRAILING_HEADS or t[-1] in _GENERIC_MODIFIERS):
        t.pop()
    # Arabic puts the head first: "عناصر داعش" (members of IS), "حركة حماس".
    while len(t) > 1 and t[0] in _LEADING_HEADS:
        t.pop(0)
        # "jihadistes présumés de Boko Haram": what describes the head goes with it.
        while len(t) > 1 and (t[0] in _OF or t[0] in _GENERIC_MODIFIERS):
            t.pop(0)
    # "IDF soldiers", "FC personnel", "Houthi forces": a name the tables know, and its men.
    while (
        len(t) > 1
        and t[-1] in _STATE_WORDS
        and (" ".join(t[:-1]) in known or " ".join(t[:-1]) in aliases)
    ):
        t.pop()
    # "Yemen's Houthis", "Iran's Revolutionary Guards": a group the tables know, by country.
    if len(t) > 1 and t[0] in _country_terms() and " ".join(t[1:]) in _known_names():
        t.pop(0)
    return tuple(t) if any(w not in _descriptive() for w in t) else tokens


_LEADING_ARTICLE = re.compile(r"^(?:al|el|the|los|las|la|le|les) ")
_DIGITS = re.compile(r"\d+")


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
    if a in _known_names() and b in _known_names():
        # Two groups the tables tell apart ("... West Africa Province", "... Central
        # Africa Province") are two however alike their names.
        return False
    a, b = _LEADING_ARTICLE.sub("", a), _LEADING_ARTICLE.sub("", b)
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False  # "Frente 33", "Frente 36": numbered units are different units
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
        disputed = sides & {ARMED_NON_STATE, STATE, DEMONSTRATORS}
        if CIVILIANS in sides and disputed and (a.generic or b.generic):
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
        self._civilian: npt.NDArray[np.bool_] = np.zeros(0, dtype=np.bool_)

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

    def civilian_codes(self) -> npt.NDArray[np.bool_]:
        """Whether each code's profile is on the civilians' side; the last entry (index -1,
        no actor) is False. Built once per set of profiles, not per scoring call."""
        if len(self._civilian) != len(self.profiles) + 1:
            flags = [p.side == CIVILIANS for p in self.profiles]
            self._civilian = np.array([*flags, False], dtype=np.bool_)
        return self._civilian

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
