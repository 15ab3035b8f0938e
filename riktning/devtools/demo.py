"""The Trelleborg demo: organisations, personas and the strategy for social sustainability.

Everything here comes from the public source documents (the adopted strategy 2021–2030, the 2023
consultation letter on its revision and a committee's statement in that round) or is plainly
marked as demo data (the personas). Nothing is invented: where the sources are silent (the
adoption date, the target values) the field stays empty and a note says so.

`seed_demo()` is idempotent: it looks everything up by its natural key and creates only what is
missing; a steering document that already exists keeps its content as it is.
"""

import datetime
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.translation import gettext as _

from riktning.accounts.constants import OrganisationKind, Role
from riktning.accounts.models import Membership, Organisation, User
from riktning.audit.services import record_event
from riktning.devtools.example_data import seed_example_observations
from riktning.indicators.constants import (
    DEFAULT_COMPARISON_AREAS,
    Direction,
    Frequency,
    SourceKind,
)
from riktning.indicators.models import Area, Indicator, Observation
from riktning.indicators.reference import reference_areas, reference_groups, store_areas
from riktning.notifications import events as notification_events
from riktning.strategy.constants import (
    CarryOverKind,
    DocumentKind,
    IndicatorRole,
    VersionStatus,
)
from riktning.strategy.models import (
    AreaCarryOver,
    Assignment,
    Contribution,
    Decision,
    DevelopmentArea,
    Goal,
    GoalIndicator,
    Section,
    SteeringDocument,
    Step,
    Version,
    VersionStatusChange,
)
from riktning.strategy.services import change_version_status, create_document

from . import demo_childrights, demo_consultation, demo_cycle, demo_followup, demo_plans
from .demo_titles import VERSION_2021_TITLE, VERSION_2024_TITLE

DEMO_PASSWORD = "riktning-demo"

# --------------------------------------------------------------------------------------------
# Organisations, as the seeds name them: (name, kind, parent, extra fields)
# --------------------------------------------------------------------------------------------

KOMMUN = "Trelleborgs kommun"
KF = "Kommunfullmäktige"
KS = "Kommunstyrelsen"
KLF = "Kommunledningsförvaltningen"
UNIT = "Enheten för hållbar utveckling"
SOCIAL = "Socialförvaltningen"
BILDNING = "Bildningsförvaltningen"
RADHUS = "Trelleborgs Rådhus AB"
REGION = "Region Skåne"

COMMITTEES = [
    ("Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen"),
    ("Bildningsnämnden", BILDNING),
    ("Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen"),
    ("Samhällsbyggnadsnämnden", "Samhällsbyggnadsförvaltningen"),
    ("Socialnämnden", SOCIAL),
    ("Tekniska servicenämnden", "Tekniska serviceförvaltningen"),
]

K = OrganisationKind
ORGANISATIONS: list[tuple[str, str, str | None, dict]] = [
    (KOMMUN, K.MUNICIPALITY, None, {"area_code": "1287"}),
    (KF, K.COUNCIL, KOMMUN, {"short_name": "KF"}),
    (KS, K.EXECUTIVE_BOARD, KF, {"short_name": "KS"}),
    *[
        entry
        for committee, administration in COMMITTEES
        for entry in (
            (committee, K.COMMITTEE, KS, {}),
            (administration, K.ADMINISTRATION, committee, {}),
        )
    ],
    (KLF, K.ADMINISTRATION, KS, {}),
    ("Avdelning Tillväxt", K.DEPARTMENT, KLF, {}),
    (UNIT, K.DEPARTMENT, KLF, {"email": "hallbar.utveckling@trelleborg.se"}),
    (RADHUS, K.COMPANY, KOMMUN, {}),
    ("AB TrelleborgsHem", K.COMPANY, RADHUS, {}),
    # External actors the strategy names (MVC/BVC are Region Skåne's) or names generically.
    (REGION, K.REGION, None, {"area_code": "0012"}),
    ("Region Skånes kunskapscenter för barnhälsovård", K.REGION, REGION, {}),
    ("Föreningslivet", K.ASSOCIATION, None, {}),
    ("Studieförbunden", K.STUDY_ASSOCIATION, None, {}),
    ("Civilsamhället", K.CIVIL_SOCIETY, None, {}),
    ("Näringslivet", K.BUSINESS, None, {}),
]

# Demo personas: (username, first name, organisation, role). Clearly not real people.
PERSONAS = [
    ("samordnare", "Samordnare", UNIT, Role.COORDINATOR),
    ("social", "Redaktör Social", SOCIAL, Role.EDITOR),
    ("bildning", "Redaktör Bildning", BILDNING, Role.EDITOR),
    ("lasare", "Läsare", KOMMUN, Role.READER),
]
DEMO_LAST_NAME = "(demo)"

# --------------------------------------------------------------------------------------------
# The indicator catalogue. Kolada definitions are Kolada's own descriptions (v3 metadata).
# --------------------------------------------------------------------------------------------

KOLADA_SOURCE = "Kolada (RKA)"
KOLADA_COMPARISON_AREAS = f"{DEFAULT_COMPARISON_AREAS},G37555"
SURVEY_SOURCE = "Folkhälsoenkät Barn och unga i Skåne (Region Skåne)"
SURVEY_BREAKDOWNS = "årskurs 6, årskurs 9, gymnasiet år 2"
# The survey covers Skåne only, so Region Skåne is what Trelleborg can be compared with.
SURVEY_COMPARISON_AREAS = "0012"

INDICATORS: dict[str, dict] = {
    "parents": {
        "title": "Antal föräldrar som deltar i föräldrastödsprogram",
        "source_kind": SourceKind.LOCAL,
        "source_name": "Lokal rapportering",
        "definition": (
            "Antal föräldrar som deltar i föräldrastödsprogram under året, "
            "enligt lokal rapportering."
        ),
        "unit": "antal",
        "decimals": 0,
        "gender_split": False,
        "frequency": Frequency.YEARLY,
        # Only the municipality itself reports this count: there is nothing to compare with.
        "comparison_areas": "",
        "responsible": SOCIAL,
    },
    "N15418": {
        "title": (
            "Andel pojkar och flickor i årskurs 9 som uppnått kunskapskraven i alla ämnen, "
            "lägeskommun"
        ),
        "unit": "andel (%)",
        "definition": (
            "Andel elever med godkänt betyg i alla ämnen som ingått i elevens utbildning. "
            "Andelen beräknas på dem  elever som fått eller skulle ha fått betyg enligt det mål- "
            "och kunskapsrelaterade betygssystemet (elever som saknar godkänt betyg i alla ämnen "
            "ingår). Med lägeskommun avses elever i kommunala och fristående skolor i kommunen "
            "oberoende av var de är folkbokförda. 2016 exkluderades elever med okänd bakgrund. "
            "Källa Skolverket (Siris)."
        ),
        "definition_note": (
            "I Kolada heter nyckeltalet numera ”Elever i åk 9 som uppnått betygskriterierna i "
            "alla ämnen, lägeskommun, andel (%)”; det är samma serie. N15508 är motsvarande "
            "nyckeltal för hemkommun."
        ),
    },
    "U09800": {
        "title": (
            "Deltagartillfällena i idrottsföreningar bland pojkar och flickor, "
            "antal/invånare 7-20 år"
        ),
        "unit": "antal/inv 7-20 år",
        "definition": (
            "Antal deltagartillfällen i åldern 7-20 år i LOK-stödsberättigade idrottsföreningar "
            "under året, dividerat med antal invånare 7-20 år den 31/12. Deltagartillfällen är "
            "summan av antalet närvarande deltagare i av RF godkända sammankomster för vilken "
            "föreningen sökt LOK-stöd (Statligt lokalt aktivitetsstöd). LOK-stödet ges till "
            "aktiviteter för pojkar och flickor 7-25 år. Deltagarstöd ges även för ledare 13-25 "
            "år. Stöd ges även till handikappidrottare som är äldre än 20 år, men detta är "
            "exkluderat i denna sammanräkning. En sammankomst är en ledarledd gruppaktivitet "
            "inriktad mot föreningens idrottsliga verksamhet. Källa Riksidrottsförbundet."
        ),
    },
    "N09890": {
        "title": "Elevplatser i musik- eller kulturskola som andel av invånare 7-15 år",
        "unit": "andel (%)",
        "definition": (
            "Antal unika individer 6-15 år som går i musik- eller kulturskola dividerat med alla "
            "invånare 6-15 år. Av sekretesskäl har SCB avrundat till närmaste femtal på de "
            "könsuppdelade siffrorna för antal unika deltagare i kulturskolan, vilket "
            "(eventuellt)medför skillnader mellan summeringen av könen och de aggregerade "
            "siffrorna, som då inte alltid stämmer överens. Källa: SCB och Kulturrådet"
        ),
        "definition_note": (
            "Närmaste nyckeltal i Kolada. Strategin anger elevplatser som andel av invånare "
            "7-15 år; Kolada-nyckeltalet N09890 (”Elever i musik- eller kulturskola, 6-15 år, "
            "andel (%)”) räknar unika elever 6-15 år som andel av invånare 6-15 år, inte "
            "platser för 7-15 år. N09888 avser 6-19 år."
        ),
    },
    "future": {
        "title": "Andel pojkar och flickor som ser mycket eller ganska ljust på framtiden",
        "source_kind": SourceKind.SURVEY,
        "definition": (
            "Andel elever som i Region Skånes Folkhälsoenkät Barn och unga i Skåne uppger att "
            "de ser mycket eller ganska ljust på framtiden."
        ),
    },
    "N18601": {
        "title": (
            "Ungdomar som är etablerade på arbetsmarknaden eller studerar 2 år efter fullföljd "
            "gymnasieutbildning"
        ),
        "unit": "andel (%)",
        "definition": (
            "Antal elever år T-2 som var folkbokförda i kommunen som slutfört sin "
            "gymnasieutbildning med examen som påbörjat studier eller som var etablerade på "
            "arbetsmarknaden år T, dividerat med antal elever år T-2 som var folkbokförda i "
            "kommunen som slutfört sin gymnasieutbildning med examen. Etablerad på "
            "arbetsmarknaden är den som är sysselsatt enligt sysselsättningsregistrets "
            "definition (november månad) och inte har några händelser som indikerar "
            "arbetslöshet eller arbetsmarknadspolitiska åtgärder som inte är att betrakta som "
            "sysselsättning. Aktuell gräns för den arbetsinkomst som krävs för att räknas som "
            "sysselsatt återfinns hos Skolverket. Studerande avser både högskolestudier och "
            "annan studiemedelsberättigad utbildning som t.ex. komvux eller folkhögskola. "
            "Inkluderar alla mottagare av studiemedel, oavsett hur mycket. Källa: SCB"
        ),
        "definition_note": (
            "Närmaste nyckeltal i Kolada: N18601 (”Ungdomar som är etablerade på "
            "arbetsmarknaden eller studerar 2 år efter gymnasieexamen, hemkommun, andel (%)”) "
            "räknar elever som tagit gymnasieexamen. Den äldre serien N17430 (etablerade på "
            "arbetsmarknaden, till och med 2021) har upphört."
        ),
    },
    "safe": {
        "title": "Andel pojkar och flickor som är trygga i sitt bostadsområde",
        "source_kind": SourceKind.SURVEY,
        "definition": (
            "Andel elever som i Region Skånes Folkhälsoenkät Barn och unga i Skåne uppger att "
            "de känner sig trygga i sitt bostadsområde."
        ),
    },
    "low_trust": {
        "title": "Andel pojkar och flickor som känner låg tillit till andra människor",
        "source_kind": SourceKind.SURVEY,
        "direction": Direction.DECREASE,
        "definition": (
            "Andel elever som i Region Skånes Folkhälsoenkät Barn och unga i Skåne inte håller "
            "med om påståendet ”Man kan lita på de flesta människor”."
        ),
    },
}

# --------------------------------------------------------------------------------------------
# Strategi för social hållbarhet 2021–2030 (seed 002), word for word. Paragraphs are list items;
# the PDF's page furniture ("TRELLEBORGS KOMMUN") and broken lines are removed, its spelling kept.
# --------------------------------------------------------------------------------------------

STRATEGY_TITLE = "Strategi för social hållbarhet"
ADOPTION_NOTE = "Beslutsdatum och paragraf finns inte i källdokumenten."

SECTIONS_2021: list[tuple[str, list[str]]] = [
    (
        "",
        [
            "Ett av Trelleborgs kommuns inriktningsmål är att alla barn och unga ska stimuleras "
            "och utvecklas för att lyckas så bra som möjligt i vuxenlivet. Det lägger grunden för "
            "ett socialt hållbart samhälle, där alla får möjlighet att utveckla sitt bästa jag "
            "genom hela uppväxten. Barn är inte den enda målgruppen för social hållbarhet. Men "
            "samverkan kring barnens bästa ger ringar på vattnet och kommer att spridas till fler "
            "befolkningsgrupper på sikt.",
        ],
    ),
    (
        "Långsiktighet i fokus",
        [
            "Social hållbarhet utvecklas genom ett samordnat långsiktigt främjande arbete. Att "
            "främja är steget innan förebyggande och åtgärdande aktiviteter. Att främja är att "
            "skapa förutsättningar så att den goda utvecklingen blir mer självgående. Det finns "
            "många aktörer som kan bidra till social hållbarhet. Det är inte enbart en fråga för "
            "offentlig sektor. Civilsamhället och näringslivet är viktiga samverkansaktörer. "
            "Arbetet bygger på att lyfta fram och bygga vidare det som redan görs i förvaltningar "
            "och bolag och stegvis förstärka där det behövs. Resultatet ska synas i Region Skånes "
            "Folkhälsoenkät Barn och unga som genomförs vart fjärde år sedan år 2012 i samtliga "
            "kommuner i Skåne. I den senaste undersökningen redovisade barn och unga i "
            "Trelleborgs kommun lite sämre psykisk och fysisk hälsa än genomsnittet i Skåne. Det "
            "vill vi ändra på.",
            "På Avdelningen för Tillväxt har vi gjort en nulägesanalys av områden som är särskilt "
            "betydelsefulla för barns trygga uppväxt. Statistik om barnens livsvillkor och "
            "levnadsvanor visar att det finns förbättringsområden. Innan vi skapar nya "
            "aktiviteter behöver vi en överblick över förvaltningarnas och bolagens pågående "
            "insatser som underlag till en bedömning var förbättringar behövs.",
        ],
    ),
    (
        "Samverkan med berörda förvaltningar och bolag",
        [
            "Vårt förslag för social hållbarhet är att berörda förvaltningar och bolag tillsammans "
            "med avdelning Tillväxt, kommunledningsförvaltningen, identifierar vägen framåt. "
            "Detta bör utgöra en del av ordinarie verksamhetsplanering. Viktigt är att åtgärder "
            "tas fram i samverkan mellan berörda förvaltningar och bolag.",
            "Strategin ska utmynna i en handlingsplan med tydlig ansvarsfördelning. Då "
            "handlingsplanen tas fram bör det identifieras vilka resurser som behövs i form av "
            "arbetstid och pengar för genomförandet. De tre stegen bör även ha slutdatum.",
            "De mål som är kopplade till utvecklingsområdena ska utvecklas i en positiv riktning.",
        ],
    ),
    (
        "Vi gör detta i tre steg",
        [
            "1) Kartläggning av konkreta aktiviteter som redan görs på området",
            "2) Analys av ifall ytterligare insatser behövs",
            "3) Förslag om konkreta åtgärder till berörda nämnder",
            "Utifrån inkomna synpunkter har behovet av att inledningsvis genomföra två "
            "aktiviteter identifierats. Det gäller kartläggning av befintligt föräldrastöd samt "
            "kartläggning av aktiviteter i förvaltningar, bolag och föreningsliv som kan ha "
            "positiv inverkan på barns och ungas lärande. Dessa kartläggningar görs under 2021.",
        ],
    ),
]

AREAS_HEADING = "Särskilt viktiga utvecklingsområden"
AREAS_INTRO = [
    "De områden som vi har identifierat som särskilt viktiga utvecklingsområden för social "
    "hållbarhet är:"
]

STEPS_2021 = [
    "Kartläggning av konkreta aktiviteter som redan görs på området",
    "Analys av ifall ytterligare insatser behövs",
    "Förslag om konkreta åtgärder till berörda nämnder",
]

FORALDRASTOD_MAPPING = (
    "Det generella föräldrastöd som finns erbjuds inom familjecentralen, MVC och BVC. Det stöd "
    "som erbjuds inom MVC och BVC behöver kartläggas. Trelleborgs kommun behöver nämligen ha "
    "bättre kännedom om det stöd Region Skåne erbjuder, för att kunna erbjuda kompletterande stöd."
)
FORALDRASTOD_MAPPING_PURPOSE = (
    "Kartläggningen syftar till att belysa hur stödet genomförs, hur många föräldrar som deltar, "
    "om det fungerar bra och likvärdigt i alla delar samt om det behövs komplettering och i så "
    "fall hur. Kartläggningen görs 2021 i samarbete mellan Trelleborgs kommun och Region Skånes "
    "kunskapscenter för barnhälsovård. Trelleborgs kommun ska med kartläggning som grund ta fram "
    "förslag till hur föräldrastödet ska utvecklas"
)
LARANDE_MAPPING = (
    "Även här behöver en kartläggning göras. Detta i syfte att ta reda på i vilken utsträckning "
    "det finns aktiviteter som kan ha positiv inverkan på barns och ungas lärande, exempelvis då "
    "det gäller läsning, matematik, naturkunskap, idrott och hälsa, musik eller bild. "
    "Kartläggningen bör omfatta föreningar, studieförbund, kommunala förvaltningar och bolag."
)
LARANDE_ACTIVITY_2021 = [
    "Kartläggning görs av aktiviteter som stöder barns och ungas lärande.",
    "Kartläggningen ska ligga till grund för förslag på hur Trelleborgs kan verka för god "
    "samverkan kring barn och ungas lärande",
]
LARANDE_INDICATOR_NOTE = (
    "Även om denna indikator inte direkt mäter ökad samverkan kring barns och ungas lärande är "
    "det ändå angeläget att ha kvar indikatorn. Detta eftersom ökad samverkan kring barns och "
    "ungas lärande långsiktigt bör leda till att en högre andel elever uppnår kunskapskraven."
)
LARANDE_PROPOSAL = (
    "En lämplig indikator behöver tas fram för att mäta engagemanget/samverkan kring barns och "
    "ungas lärande. Denna indikator får läggas till efter genomförd kartläggning."
)

# Stands for the area's goal in its text sections ("Mål"), so the goal is written once.
GOAL_TEXT = "<goal>"
# The headings of an area's text that are its goal and its indicator links, not sections.
GOAL_HEADINGS = frozenset({"Mål", "Nytt förslag till mål"})
INDICATOR_HEADINGS = frozenset(
    {"Indikator", "Ytterligare indikator", "Förslag till ytterligare indikator"}
)

# Each area: its introduction (also its description), its goal, the indicator links
# (catalogue key or None for the one still to be developed, role, note, proposal) and its
# text sub-sections in the order of the source.
AREAS_2021: list[dict] = [
    {
        "title": "Föräldrastöd",
        "intro": [
            "Föräldrar är det absolut viktigaste för barns uppväxt. Men föräldrars möjlighet att "
            "vara ett gott stöd för sina barn varierar. Trelleborgs kommun erbjuder föräldrastöd "
            "till småbarnsföräldrar genom familjecentralen och riktat föräldrastöd hos "
            "socialtjänsten, men det finns inget generellt stöd, vilket sedan många är en "
            "rekommendation från nationell och regional nivå. År 2018 beslutade regeringen om en "
            "ny nationell strategi för ett stärkt föräldraskapsstöd; alla föräldrar ska erbjudas "
            "föräldrastöd under barnets hela uppväxt",
        ],
        "goal": (
            "Trelleborg ska erbjuda generellt föräldrastöd, det vill säga att alla föräldrar ska "
            "erbjudas samma möjlighet till stöd och hjälp."
        ),
        "links": [("parents", IndicatorRole.PRIMARY, "", "")],
        "sections": [
            (
                "Om generellt föräldrastöd",
                [
                    "Föräldrastöd i form av generell gruppverksamhet ingår i barnhälsovårdens "
                    "uppdrag. Till generell (eller universellt) föräldrastöd räknas insatser som "
                    "erbjuds alla föräldrar genom exempelvis familjecentraler, öppen förskola, "
                    "förskola och skola samt genom MVC (mödravårdscentralen) och BVC "
                    "(barnavårdscentralen). Via dessa arenor är det möjligt att nå alla föräldrar "
                    "samt möjliggöra erfarenhetsutbyte. I Trelleborg erbjuder samtalsmottagningen "
                    "Lotsen också stöd till barnfamiljer som tar kontakt.",
                    "Riktade insatser räknas däremot inte som generell föräldrastöd. Det handlar "
                    "exempelvis om insatser till föräldrar vars barn löper risk att utveckla "
                    "ohälsa och problem samt föräldrar eller barn med kroniska eller allvarliga "
                    "sjukdomar, funktionshinder eller sociala problem.",
                ],
            ),
            (
                "Kartläggning av generellt föräldrastöd",
                [FORALDRASTOD_MAPPING, FORALDRASTOD_MAPPING_PURPOSE],
            ),
            ("Mål", [GOAL_TEXT]),
            ("Indikator", ["Antal föräldrar som deltar i föräldrastödsprogram."]),
        ],
    },
    {
        "title": "Samverkan kring barn och ungas lärande",
        "intro": [
            "En lyckad skolgång minskar risken för utanförskap och ohälsa. Att lyckas i skolan "
            "gör att barnen känner glädje och stolthet och motiverar till fortsatt goda "
            "prestationer. Skolan arbetar med att möta varje barns behov. Men fler aktörer skulle "
            "kunna bidra mer. För att använda det engelska talesättet ”It takes a village to "
            "raise a child”. Hur kan det omgivande samhället bidra och inspirera till lärande?",
        ],
        "goal": "Ökad samverkan kring barns och ungas lärande.",
        "goal_note": "Nytt förslag till mål",
        "links": [
            ("N15418", IndicatorRole.PRIMARY, LARANDE_INDICATOR_NOTE, ""),
            (None, IndicatorRole.PROPOSED, "", LARANDE_PROPOSAL),
        ],
        "sections": [
            ("Nytt förslag till mål", [GOAL_TEXT]),
            (
                "Indikator",
                [
                    "Andel pojkar och flickor i årskurs 9 som uppnått kunskapskraven i alla "
                    "ämnen, lägeskommun.",
                    LARANDE_INDICATOR_NOTE,
                ],
            ),
            ("Ytterligare indikator", [LARANDE_PROPOSAL]),
            ("Kartläggning av befintliga aktiviteter", [LARANDE_MAPPING]),
            ("Aktivitet 2021", LARANDE_ACTIVITY_2021),
        ],
    },
    {
        "title": "En meningsfull fritid",
        "intro": [
            "Trelleborg har ett rikt föreningsliv med ett stort utbud av olika aktiviteter. Ändå "
            "har många barn och särskilt ungdomar en stillasittande fritid och rör sig för lite, "
            "vilket påverkar såväl psykisk som fysisk hälsa. Kan vi göra mer för att alla barn "
            "och unga ska få en aktiv fritid?",
        ],
        "goal": "Alla barn och unga har en aktiv fritid",
        "links": [
            ("U09800", IndicatorRole.PRIMARY, "", ""),
            ("N09890", IndicatorRole.PRIMARY, "", ""),
        ],
        "sections": [
            ("Mål", [GOAL_TEXT]),
            (
                "Indikator",
                [
                    "Deltagartillfällena i idrottsföreningar bland pojkar och flickor, "
                    "antal/invånare 7-20 år."
                ],
            ),
            ("Indikator", ["Elevplatser i musik- eller kulturskola som andel av invånare 7-15 år"]),
        ],
    },
    {
        "title": "Arbete åt alla och god framtidstro",
        "intro": [
            "Skola är roligt men inte på skoj. Alla barn ska ha en för sin utvecklingsnivå god "
            "kännedom om arbetsliv och arbetsmarknad. Alla arbetsplatser i Trelleborg kan bidra "
            "med att skapa möjligheter att ta emot studiebesök, elever och praktikanter. Goda "
            "möjligheter till utbildning och arbete är viktigt för barns och ungas framtidstro.",
        ],
        "goal": "Alla barn ska ha god framtidstro",
        "links": [
            ("future", IndicatorRole.PRIMARY, "", ""),
            ("N18601", IndicatorRole.PROPOSED, "Förslag till ytterligare indikator", ""),
        ],
        "sections": [
            ("Mål", [GOAL_TEXT]),
            (
                "Indikator",
                ["Andel pojkar och flickor som ser mycket eller ganska ljust på framtiden."],
            ),
            (
                "Förslag till ytterligare indikator",
                [
                    "Ungdomar som är etablerade på arbetsmarknaden eller studerar 2 år efter "
                    "fullföljd gymnasieutbildning."
                ],
            ),
        ],
    },
    {
        "title": "Hållbara livsmiljöer",
        "intro": [
            "Barn och unga ska ha goda livsvillkor oavsett var i Trelleborgs kommun de bor. Barn "
            "ska kunna röra sig säkert och tryggt utomhus och det ska finnas miljöer för lek och "
            "social samvaro i barnens närmiljö. Exempelvis har arbete påbörjats då det gäller "
            "säkra skolvägar.",
        ],
        "goal": "Barn och unga ska känna trygghet i sina bostadsområden",
        "links": [("safe", IndicatorRole.PRIMARY, "", "")],
        "sections": [
            ("Mål", [GOAL_TEXT]),
            ("Indikator", ["Andel pojkar och flickor som är trygga i sitt bostadsområde."]),
        ],
    },
    {
        "title": "Lyssna på barn och unga",
        "intro": [
            "Trelleborg arbetar i dialog med medborgarna. När vi alla barn och unga? Kan vi bli "
            "ännu bättre på att lyssna på barn och unga när samhället utvecklas?",
        ],
        "goal": "Barn och unga ska känna tillit till samhället.",
        "links": [("low_trust", IndicatorRole.PRIMARY, "", "")],
        "sections": [
            ("Mål", [GOAL_TEXT]),
            ("Indikator", ["Andel pojkar och flickor som känner låg tillit till andra människor."]),
        ],
    },
]

ASSIGNMENTS_2021 = [
    {
        "title": "Kartläggning av befintligt generellt föräldrastöd",
        "area": "Föräldrastöd",
        "description": [FORALDRASTOD_MAPPING, FORALDRASTOD_MAPPING_PURPOSE],
    },
    {
        "title": "Kartläggning av aktiviteter som stöder barns och ungas lärande",
        "area": "Samverkan kring barn och ungas lärande",
        "description": [LARANDE_MAPPING, *LARANDE_ACTIVITY_2021],
    },
]

REVISION_DECISION = {
    "decision_date": datetime.date(2023, 5, 22),
    "paragraph": "134",
    "text": (
        "Strategin ska revideras (beslutat i samband med den senaste uppföljningen av strategi "
        "för social hållbarhet)."
    ),
}

# --------------------------------------------------------------------------------------------
# Hållbarhetsmål 2024–2040: only what the 2023 consultation letter (seed 001) says of it.
# --------------------------------------------------------------------------------------------

GOALS_DOCUMENT_TITLE = "Hållbarhetsmål 2024–2040"
GOALS_CASE_NUMBER = "KS 2023/474"
GOALS_AREA_TITLE = "Övergripande hållbarhetsmål"
GOALS_AREA_DESCRIPTION = (
    "Av programmet Hållbarhetsmål 2024–2040 är bara det övergripande hållbarhetsmål inlagt i "
    "Riktning som nämns i remissbrevet om strategi för social hållbarhet 2024–2030 (2023). "
    "Programmets övriga innehåll finns inte i källdokumenten."
)
OVERARCHING_GOAL = "Kommuninvånares trygghet och delaktighet i det lokala samhället ska öka"

# --------------------------------------------------------------------------------------------
# Strategi för social hållbarhet 2024–2030, in consultation: what the 2023 cover letter (seed
# 001) and a committee's statement (seed 004) say of it. The draft itself is not in the sources.
# --------------------------------------------------------------------------------------------

VERSION_2024_CREATED_NOTE = (
    "Remissversionens fullständiga text finns inte i källdokumenten; innehållet här är hämtat ur "
    "remissbrevet (2023)."
)
VERSION_2024_CONSULTATION_NOTE = "Remissversion. Svar önskas senast 2023-12-01."

LETTER_WHY = (
    "I samband med den senaste uppföljningen av strategi för social hållbarhet beslutade "
    "kommunfullmäktige den 22 maj 2023 att strategin ska revideras (§ 134). Ett syfte är att den "
    "ska fungera i enlighet med de kommungemensamma hållbarhetsmålen som nu är på remiss hos "
    "nämnderna (KS 2023/474) och vara ett strategiskt huvuddokument för kommunens arbete med "
    "social hållbarhet. Detta ska göra arbetet med planering, genomförande och uppföljning "
    "enklare, mer effektivt och kvalitativt samt motverka parallella uppföljningsprocesser vilket "
    "underlättar förvaltningarnas arbete och rapportering. Andra syften är att strategi för "
    "social hållbarhet ska omfatta fler grupper av kommuninvånare än tidigare strategi som endast "
    "inkluderade barn och unga, samt att mål och indikatorer ska stämma överens och fungera för "
    "att mäta utvecklingen."
)
LETTER_FOLLOW_UP = (
    "Planering, genomförande och uppföljning av strategi för social hållbarhet ska vara en "
    "integrerad del av processen som beskrivs i Hållbarhetsmål 2024-2040. Det görs därmed ingen "
    "separat uppföljningsprocess för detta styrdokument. Förslag till strategi för social "
    "hållbarhet innehåller därför inte heller några separata målformuleringar eller indikatorer "
    "utan fokuserar på hur kommunkoncernen ska arbeta inom social hållbarhet för att uppnå de "
    "övergripande hållbarhetsmålen."
)
VERSION_2024_SUMMARY = [LETTER_WHY, LETTER_FOLLOW_UP]

CARRY_OVER_TEXT = {
    "Föräldrastöd": "Föräldrastöd inryms i området ”Stöd och relationer genom livet”",
    "Samverkan kring barn och ungas lärande": (
        "Samverkan kring barn och ungas lärande ingår i området ”Utbildning och sysselsättning”"
    ),
    "En meningsfull fritid": (
        "En meningsfull fritid föreslås bli ”Meningsfull fritid och goda levnadsvanor”"
    ),
    "Arbete åt alla och god framtidstro": (
        "Arbete åt alla och god framtidstro ingår i området ”Utbildning och sysselsättning”"
    ),
    "Hållbara livsmiljöer": "Hållbara livsmiljöer föreslås bli ”Boende och närmiljö”",
    "Lyssna på barn och unga": (
        "Lyssna på barn och unga inryms i det övergripande hållbarhetsmålet ”Kommuninvånares "
        "trygghet och delaktighet i det lokala samhället ska öka” och beskrivs närmare i "
        "avsnittet process för genomförande och uppföljning under rubriken barnrättsperspektiv."
    ),
}

SECTIONS_2024: list[tuple[str, list[str]]] = [
    (
        "Ur remissbrevet ”Revidering, Strategi för social hållbarhet”",
        [
            LETTER_WHY,
            "Enheten för hållbar utveckling har tagit fram ett förslag till kommunkoncernens "
            "strategi för social hållbarhet 2024-2030. Styrdokumentet skickas nu på remiss till "
            "samtliga nämnder och bolag. Förslaget till strategi för social hållbarhet ska "
            "behandlas av kommunfullmäktige i februari 2024.",
            "Strategi för social hållbarhet ska komplettera de kommunövergripande "
            "hållbarhetsmålen och konkretisera och fördjupa arbetet inom social hållbarhet för "
            "att uppnå hållbarhetsmålen. Remissversionen är av denna anledning formulerad som om "
            "hållbarhetsmålen vore antagna. Ändringar kan vara nödvändiga i detta styrdokument "
            "med hänsyn till synpunkter under remissrundan vad gäller det strategiska programmet "
            "Hållbarhetsmål 2024-2040 som ska behandlas av kommunfullmäktige i januari 2024.",
            LETTER_FOLLOW_UP,
            "Det pågår i ett separat uppdrag en kartläggning av hur kommunkoncernen arbetar med "
            "dialog och kommuninvånarnas delaktighet och hur olika grupper av kommuninvånare är "
            "och önskar vara delaktiga i lokalsamhällets utveckling. Dessa frågor har därför inte "
            "inkluderats i föreliggande förslag till strategi för social hållbarhet. Strategin "
            "kommer att kompletteras under hösten 2024 enligt resultatet av detta uppdrag om "
            "demokratiutveckling.",
            "De tidigare utvecklingsområdena nedan har inarbetats i fyra områden som alla bidrar "
            "till att uppnå de kommunövergripande hållbarhetsmålen enligt följande:",
            *CARRY_OVER_TEXT.values(),
        ],
    ),
]

AREAS_2024 = [
    "Stöd och relationer genom livet",
    "Utbildning och sysselsättning",
    "Meningsfull fritid och goda levnadsvanor",
    "Boende och närmiljö",
]
CONTRIBUTION_NOTE = (
    "Enligt remissbrevet bidrar alla fyra områden till att uppnå de kommunövergripande "
    "hållbarhetsmålen."
)

# 2021 area → (kind, 2024 area title, or None for the overarching goal)
CARRY_OVERS: list[tuple[str, str, str | None]] = [
    ("Föräldrastöd", CarryOverKind.ONE_TO_ONE, "Stöd och relationer genom livet"),
    ("Samverkan kring barn och ungas lärande", CarryOverKind.MANY_TO_ONE, AREAS_2024[1]),
    ("En meningsfull fritid", CarryOverKind.ONE_TO_ONE, "Meningsfull fritid och goda levnadsvanor"),
    ("Arbete åt alla och god framtidstro", CarryOverKind.MANY_TO_ONE, AREAS_2024[1]),
    ("Hållbara livsmiljöer", CarryOverKind.ONE_TO_ONE, "Boende och närmiljö"),
    ("Lyssna på barn och unga", CarryOverKind.AREA_TO_GOAL, None),
]


# --------------------------------------------------------------------------------------------
# Seeding
# --------------------------------------------------------------------------------------------


@transaction.atomic
def seed_demo(stdout=None) -> dict[str, int]:
    """Create whatever of the Trelleborg demo is missing, in one transaction.

    Returns how many objects of each model were created ({"strategy.Goal": 7, …}); a second
    run returns an empty dict.
    """
    counts: Counter = Counter()
    # The example data's past (a statement received in 2023, a follow-up started …) is nobody's
    # news: no notification, no e-mail on the demo's first start (docs/notifications.md).
    with notification_events.paused():
        orgs = organisations(counts)
        users(orgs, counts)
        catalogue = indicators(orgs, counts)
        version_2021 = strategy_2021(orgs, catalogue, counts)
        goal = sustainability_goals(orgs, counts)
        strategy_2024(version_2021, goal, counts)
        areas(counts)
        example_observations(counts)
        demo_consultation.seed_round(counts)
        demo_plans.seed_plans(counts)
        demo_followup.seed_followup(counts)
        demo_cycle.seed_cycle(counts)
        demo_childrights.seed_child_rights(counts)
    if stdout is not None:
        if counts:
            stdout.write(_("Demo data added:"))
            for label, number in sorted(counts.items()):
                stdout.write(f"  {label}: {number}")
        else:
            stdout.write(_("The demo data are already in place; nothing was added."))
    return dict(counts)


def areas(counts: Counter) -> None:
    """The reference areas (a migration loads them, but `flush` empties the table)."""
    if not Area.objects.exists():
        store_areas(reference_areas(), reference_groups())
        counts[Area._meta.label] += Area.objects.count()


def example_observations(counts: Counter) -> None:
    """Generated values for every indicator a goal uses, labelled as example data wherever
    they are shown (riktning.devtools.example_data)."""
    batch = seed_example_observations()
    if batch is not None:
        counts[batch._meta.label] += 1
        if batch.rows_added:
            counts[Observation._meta.label] += batch.rows_added


def organisations(counts: Counter) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for name, kind, parent, extra in ORGANISATIONS:
        orgs[name] = _ensure(
            Organisation,
            counts,
            name=name,
            defaults={"kind": kind, "parent": orgs.get(parent), **extra},
        )
    return orgs


def users(orgs: dict[str, Organisation], counts: Counter) -> list[User]:
    people = []
    password = None  # hashed once: a hash takes the better part of a second, on purpose
    for username, first_name, organisation, role in PERSONAS:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User(
                username=username,
                first_name=first_name,
                last_name=DEMO_LAST_NAME,
                # An address of a reserved domain: the demo's notifications are printed by the
                # console backend (docs/notifications.md); nothing could reach anyone anyway.
                email=f"{username}@example.org",
                password=password,
            )
            _save(user, counts)
        _ensure(
            Membership,
            counts,
            user=user,
            organisation=orgs[organisation],
            defaults={"role": role},
        )
        people.append(user)
    return people


def indicators(orgs: dict[str, Organisation], counts: Counter) -> dict[str, Indicator]:
    """The strategy's eight indicators, one catalogue entry each."""
    catalogue = {}
    for key, spec in INDICATORS.items():
        fields = {
            "source_kind": SourceKind.KOLADA,
            "direction": Direction.INCREASE,
            "frequency": Frequency.YEARLY,
            "gender_split": True,
            **spec,
        }
        if fields["source_kind"] == SourceKind.KOLADA:
            fields.update(
                source_key=key, source_name=KOLADA_SOURCE, comparison_areas=KOLADA_COMPARISON_AREAS
            )
            lookup = {"source_kind": SourceKind.KOLADA, "source_key": key}
        else:
            if fields["source_kind"] == SourceKind.SURVEY:
                fields.update(
                    source_name=SURVEY_SOURCE,
                    unit="andel (%)",
                    frequency=Frequency.SURVEY_ROUND,
                    breakdowns=SURVEY_BREAKDOWNS,
                    comparison_areas=SURVEY_COMPARISON_AREAS,
                )
            lookup = {"source_kind": fields["source_kind"], "title": fields["title"]}
        if fields.get("responsible"):
            fields["responsible"] = orgs[fields["responsible"]]
        defaults = {k: v for k, v in fields.items() if k not in lookup}
        catalogue[key] = _ensure(Indicator, counts, defaults=defaults, **lookup)
    return catalogue


def strategy_2021(
    orgs: dict[str, Organisation], catalogue: dict[str, Indicator], counts: Counter
) -> Version:
    """The adopted strategy 2021–2030 with its text, areas, goals, indicators and steps."""
    council = orgs[KF]
    document = SteeringDocument.objects.filter(title=STRATEGY_TITLE).first()
    if document is not None:
        version = document.versions.filter(title=VERSION_2021_TITLE).first()
        version = version or document.versions.order_by("number").first()
    else:
        document, version = create_document(
            title=STRATEGY_TITLE,
            kind=DocumentKind.STRATEGY,
            owner=council,
            valid_from=2021,
            valid_to=2030,
        )
        counts.update(["strategy.SteeringDocument", "strategy.Version"])
        counts["strategy.VersionStatusChange"] += 1
        version.title = VERSION_2021_TITLE
        version.full_clean()
        version.save()
        _content_2021(version, catalogue, counts)
        change_version_status(
            version, VersionStatus.ADOPTED, decided_by=council, note=ADOPTION_NOTE
        )
        counts["strategy.VersionStatusChange"] += 1
    _ensure(
        Decision,
        counts,
        document=document,
        decided_by=council,
        decision_date=REVISION_DECISION["decision_date"],
        paragraph=REVISION_DECISION["paragraph"],
        defaults={"text": REVISION_DECISION["text"]},
    )
    return version


def _content_2021(version: Version, catalogue: dict[str, Indicator], counts: Counter) -> None:
    """The strategy in the paper's reading order (strategy/reading.py): the general sections,
    the part listing the areas, then each area with its introduction (its description), its
    text sections and its goal where the paper has them; the paper's "Indikator" paragraphs are
    the links' own wording."""
    for order, (heading, paragraphs) in enumerate(SECTIONS_2021, start=1):
        _section(version, None, order, heading, paragraphs, None, counts)
    areas_order = len(SECTIONS_2021) + 1
    _section(version, None, areas_order, AREAS_HEADING, AREAS_INTRO, None, counts)

    areas = {}
    for number, spec in enumerate(AREAS_2021, start=areas_order + 1):
        area = _save(
            DevelopmentArea(
                version=version,
                order=number,
                title=spec["title"],
                description=_body(spec["intro"]),
            ),
            counts,
        )
        areas[area.title] = area
        links = iter(spec["links"])
        goal, part_order, link_order = None, 0, 0
        for heading, paragraphs in spec["sections"]:
            if heading in GOAL_HEADINGS:
                part_order += 1
                goal = _save(
                    Goal(
                        area=area,
                        order=part_order,
                        title=spec["goal"],
                        note=spec.get("goal_note", ""),
                    ),
                    counts,
                )
            elif heading in INDICATOR_HEADINGS:
                key, role, note, proposal = next(links)
                link_order += 1
                _save(
                    GoalIndicator(
                        goal=goal,
                        indicator=catalogue[key] if key else None,
                        role=role,
                        order=link_order,
                        note=note,
                        proposal=proposal,
                        wording=paragraphs[0],
                        # The adoption year; the strategy sets no target values.
                        baseline_year=2021 if key else None,
                    ),
                    counts,
                )
            else:
                part_order += 1
                _section(version, None, part_order, heading, paragraphs, area, counts)

    steps = {}
    for number, title in enumerate(STEPS_2021, start=1):
        steps[number] = _save(Step(version=version, number=number, title=title), counts)
    for spec in ASSIGNMENTS_2021:
        _save(
            Assignment(
                version=version,
                step=steps[1],
                area=areas[spec["area"]],
                title=spec["title"],
                description=_body(spec["description"]),
                year=2021,
            ),
            counts,
        )


def sustainability_goals(orgs: dict[str, Organisation], counts: Counter) -> Goal:
    """Hållbarhetsmål 2024–2040, in consultation, with the one goal the seeds name."""
    document = SteeringDocument.objects.filter(title=GOALS_DOCUMENT_TITLE).first()
    if document is not None:
        return Goal.objects.get(area__version__document=document, title=OVERARCHING_GOAL)
    document, version = create_document(
        title=GOALS_DOCUMENT_TITLE,
        kind=DocumentKind.PROGRAMME,
        owner=orgs[KF],
        valid_from=2024,
        valid_to=2040,
    )
    counts.update(["strategy.SteeringDocument", "strategy.Version", "strategy.VersionStatusChange"])
    area = _save(
        DevelopmentArea(
            version=version, order=1, title=GOALS_AREA_TITLE, description=GOALS_AREA_DESCRIPTION
        ),
        counts,
    )
    goal = _save(Goal(area=area, order=1, title=OVERARCHING_GOAL), counts)
    change_version_status(
        version,
        VersionStatus.CONSULTATION,
        case_number=GOALS_CASE_NUMBER,
        note=f"På remiss hos nämnderna, {GOALS_CASE_NUMBER}",
    )
    counts["strategy.VersionStatusChange"] += 1
    return goal


def strategy_2024(version_2021: Version, goal: Goal, counts: Counter) -> Version:
    """The revision 2024–2030 in consultation: four areas contributing to the overarching goal,
    and how the six areas of 2021 carry over into them."""
    document = version_2021.document
    existing = document.versions.filter(title=VERSION_2024_TITLE).first()
    if existing is not None:
        return existing
    number = (document.versions.aggregate(top=models.Max("number"))["top"] or 0) + 1
    # Not services.create_version_from: that copies the 2021 content, which the revision drops.
    version = _save(
        Version(
            document=document,
            number=number,
            title=VERSION_2024_TITLE,
            valid_from=2024,
            valid_to=2030,
            summary=_body(VERSION_2024_SUMMARY),
            based_on=version_2021,
        ),
        counts,
    )
    _save(
        VersionStatusChange(
            version=version,
            from_status="",
            to_status=VersionStatus.DRAFT,
            note=VERSION_2024_CREATED_NOTE,
        ),
        counts,
    )
    record_event(
        "version_created", version, f"{version.title} ({_('based on')} {version_2021.title})"
    )
    for order, (heading, paragraphs) in enumerate(SECTIONS_2024, start=1):
        _section(version, None, order, heading, paragraphs, None, counts)

    new_areas = {}
    # The letter's text first, then the areas (one numbering: strategy/reading.py).
    for order, title in enumerate(AREAS_2024, start=len(SECTIONS_2024) + 1):
        area = _save(DevelopmentArea(version=version, order=order, title=title), counts)
        new_areas[title] = area
        _save(Contribution(from_area=area, to_goal=goal, note=CONTRIBUTION_NOTE), counts)

    old_areas = {area.title: area for area in version_2021.areas.all()}
    for old_title, kind, new_title in CARRY_OVERS:
        _save(
            AreaCarryOver(
                from_area=old_areas[old_title],
                to_area=new_areas[new_title] if new_title else None,
                to_goal=None if new_title else goal,
                kind=kind,
                note=CARRY_OVER_TEXT[old_title],
            ),
            counts,
        )

    change_version_status(version, VersionStatus.CONSULTATION, note=VERSION_2024_CONSULTATION_NOTE)
    counts["strategy.VersionStatusChange"] += 1
    return version


def demo_logins() -> list[dict[str, str]]:
    """The personas to print for whoever starts the demo."""
    return [
        {
            "username": username,
            "role": str(Role(role).label),
            "organisation": organisation,
            "password": DEMO_PASSWORD,
        }
        for username, _first_name, organisation, role in PERSONAS
    ]


def demo_banner(
    host: str, port: int, *, serving: bool = True, reporting_link: tuple[str, str] | None = None
) -> str:
    """Where the demo is served and how to log in, for the console."""
    address = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{address}:{port}/"
    if serving:
        lines = [_("Riktning demo: serving at %(url)s (stop with Ctrl+C)") % {"url": url}]
    else:
        command = f"riktning serve --host {host} --port {port}"
        lines = [
            _("Riktning demo loaded. Serve it with: %(command)s") % {"command": command},
            _("It is then at %(url)s") % {"url": url},
        ]
    lines = [
        "",
        *lines,
        "",
        _("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD},
    ]
    for login in demo_logins():
        lines.append(f"  {login['username']:<12} {login['role']:<12} {login['organisation']}")
    if reporting_link is not None:
        organisation, token = reporting_link
        lines += [
            "",
            _(
                "%(organisation)s has no account; it reports its activities in the open mapping "
                "round through its personal link:"
            )
            % {"organisation": organisation},
            f"  {url}rapportera/{token}/",
        ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def _save(obj: models.Model, counts: Counter):
    obj.full_clean()
    obj.save()
    counts[obj._meta.label] += 1
    return obj


def _ensure(model: type[models.Model], counts: Counter, *, defaults=None, **lookup):
    """The object with these natural-key fields, created (with `defaults`) if it is missing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = _save(model(**lookup, **(defaults or {})), counts)
    return obj


def _section(version, parent, order, heading, paragraphs, area, counts) -> Section:
    return _save(
        Section(
            version=version,
            parent=parent,
            order=order,
            heading=heading,
            body=_body(paragraphs),
            area=area,
        ),
        counts,
    )
