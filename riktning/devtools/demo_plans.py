"""The demo's mapping rounds, activities and 2025 action plan (dev-only).

The two mapping rounds are the ones the 2021–2030 strategy orders (its `Assignment` rows). The
seeds contain no real activities or measures, so every activity and measure here is invented and
carries `is_example=True`; every page and export that shows one says "Exempeldata".

The parenting-support round is left open, so the demo's editors can report in it; the learning
round is closed, so its activities are public (activities.access).
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.db import transaction

from riktning.accounts.models import Organisation
from riktning.actionplans import services as plan_services
from riktning.actionplans.constants import MeasureStatus
from riktning.actionplans.models import ActionPlan
from riktning.activities import services as activity_services
from riktning.activities.constants import Reach
from riktning.activities.models import MappingRound
from riktning.strategy.models import Assignment, Goal, Version

VERSION_TITLE = "Strategi för social hållbarhet 2021–2030"
PLAN_YEAR = 2025
PLAN_TITLE = "Handlingsplan 2025 – strategi för social hållbarhet (exempeldata)"

ROUNDS = [
    {
        "assignment": "Kartläggning av befintligt generellt föräldrastöd",
        "title": "Befintligt generellt föräldrastöd 2021",
        "question": (
            "Vilket generellt föräldrastöd erbjuder er organisation i dag? Ange för varje "
            "aktivitet målgrupp, var den hålls, hur många föräldrar som deltar per år, kostnad "
            "och arbetstid."
        ),
        "last_day": datetime.date(2021, 11, 30),
        "open": True,
        "invited": [
            "Socialförvaltningen",
            "Bildningsförvaltningen",
            "Kultur- och fritidsförvaltningen",
            "Region Skånes kunskapscenter för barnhälsovård",
            "Studieförbunden",
        ],
    },
    {
        "assignment": "Kartläggning av aktiviteter som stöder barns och ungas lärande",
        "title": "Aktiviteter som stöder barns och ungas lärande 2021",
        "question": (
            "Vilka aktiviteter driver er organisation som kan stödja barns och ungas lärande, "
            "till exempel läsning, matematik, naturkunskap, idrott och hälsa, musik eller bild?"
        ),
        "last_day": datetime.date(2021, 10, 29),
        "open": False,
        "invited": [
            "Bildningsförvaltningen",
            "Kultur- och fritidsförvaltningen",
            "Föreningslivet",
            "Studieförbunden",
            "AB TrelleborgsHem",
        ],
    },
]

# (round index, organiser, name, description, age range, target group, where, reach,
#  participants, girls, boys, cost SEK, hours, kind). All invented: example data.
ACTIVITIES = [
    (
        0,
        "Socialförvaltningen",
        "Föräldragrupper för föräldrar till förskolebarn",
        "Exempel: sex träffar i grupp med ett evidensbaserat föräldraskapsprogram.",
        (0, 5),
        "Föräldrar till barn 0–5 år",
        "Familjecentralen",
        Reach.UNIVERSAL,
        60,
        None,
        None,
        90000,
        240,
        None,
    ),
    (
        0,
        "Socialförvaltningen",
        "Individuellt föräldrastöd vid oro",
        "Exempel: samtal med familjebehandlare för föräldrar som söker stöd.",
        (0, 17),
        "Föräldrar med oro för sitt barn",
        "Socialförvaltningen",
        Reach.TARGETED,
        35,
        None,
        None,
        150000,
        600,
        None,
    ),
    (
        0,
        "Bildningsförvaltningen",
        "Föräldramöten om språkutveckling i förskolan",
        "Exempel: temakvällar om läsning och språk för förskolans föräldrar.",
        (1, 5),
        "Föräldrar till förskolebarn",
        "Kommunens förskolor",
        Reach.UNIVERSAL,
        400,
        None,
        None,
        20000,
        120,
        None,
    ),
    (
        1,
        "Kultur- och fritidsförvaltningen",
        "Läsfrämjande lovaktiviteter på biblioteken",
        "Exempel: bokcirklar och skrivverkstäder under sommarlovet.",
        (7, 15),
        "Barn i grundskoleålder",
        "Stadsbiblioteket och filialerna",
        Reach.UNIVERSAL,
        320,
        190,
        130,
        60000,
        300,
        None,
    ),
    (
        1,
        "Föreningslivet",
        "Läxhjälp i föreningsregi",
        "Exempel: frivilliga läxhjälpare två kvällar i veckan.",
        (10, 16),
        "Elever i årskurs 4–9",
        "Föreningslokaler i centrala Trelleborg",
        Reach.UNIVERSAL,
        80,
        45,
        35,
        15000,
        400,
        None,
    ),
    (
        1,
        "AB TrelleborgsHem",
        "Sommarjobb och läxstöd i bostadsområden",
        "Exempel: feriearbete för unga boende kombinerat med läxstöd.",
        (15, 18),
        "Unga boende i bolagets områden",
        "Bostadsområden",
        Reach.TARGETED,
        40,
        18,
        22,
        250000,
        500,
        None,
    ),
]

# (area title, title, description, responsible, hours, SEK, start, end, latest status)
MEASURES = [
    (
        "Föräldrastöd",
        "Kartlägga MVC:s och BVC:s föräldrastöd",
        "Exempel: sammanställa vilket stöd Region Skåne erbjuder, som grund för eget stöd.",
        "Socialförvaltningen",
        120,
        0,
        datetime.date(2025, 1, 1),
        datetime.date(2025, 6, 30),
        MeasureStatus.ONGOING,
    ),
    (
        "Föräldrastöd",
        "Erbjuda föräldragrupper i alla kommundelar",
        "Exempel: utöka föräldragrupperna från familjecentralen till fler platser.",
        "Socialförvaltningen",
        400,
        180000,
        datetime.date(2025, 2, 1),
        datetime.date(2026, 6, 30),
        MeasureStatus.ONGOING,
    ),
    (
        "Samverkan kring barn och ungas lärande",
        "Gemensam läsfrämjande plan för skola och bibliotek",
        "Exempel: skola och bibliotek tar fram en plan för läsfrämjande insatser.",
        "Bildningsförvaltningen",
        200,
        40000,
        datetime.date(2025, 1, 15),
        datetime.date(2025, 12, 31),
        MeasureStatus.DONE,
    ),
    (
        "En meningsfull fritid",
        "Fler avgiftsfria lovaktiviteter",
        "Exempel: avgiftsfria aktiviteter på sommarlovet i samarbete med föreningslivet.",
        "Kultur- och fritidsförvaltningen",
        300,
        250000,
        datetime.date(2025, 5, 1),
        datetime.date(2025, 9, 30),
        MeasureStatus.PLANNED,
    ),
    (
        "Hållbara livsmiljöer",
        "Trygghetsvandringar med unga boende",
        "Exempel: trygghetsvandringar med barn och unga i två bostadsområden.",
        "AB TrelleborgsHem",
        80,
        20000,
        datetime.date(2025, 3, 1),
        datetime.date(2027, 3, 1),
        MeasureStatus.PLANNED,
    ),
]


def seed_plans(counts: Counter) -> None:
    """Create whatever of the mapping and action-plan demo is missing (idempotent)."""
    version = Version.objects.filter(title=VERSION_TITLE).first()
    if version is None:
        return
    with transaction.atomic():
        rounds = [_round(version, spec, counts) for spec in ROUNDS]
        _activities(version, rounds, counts)
        _plan(version, counts)


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _round(version, spec, counts: Counter) -> MappingRound:
    existing = MappingRound.objects.filter(title=spec["title"]).first()
    if existing is not None:
        return existing
    assignment = Assignment.objects.filter(version=version, title=spec["assignment"]).first()
    areas = [assignment.area] if assignment and assignment.area_id else []
    goals = list(Goal.objects.filter(area__in=areas))
    mapping_round = activity_services.open_mapping_round(
        title=spec["title"],
        question=spec["question"],
        last_day=spec["last_day"],
        invited=[_org(name) for name in spec["invited"]],
        areas=areas,
        goals=goals,
        version=version,
        assignment=assignment,
        is_example=True,
    )
    counts[MappingRound._meta.label] += 1
    return mapping_round


def _activities(version, rounds: list[MappingRound], counts: Counter) -> None:
    for spec in ACTIVITIES:
        index, organiser, name, description, ages, group, where, reach = spec[:8]
        participants, girls, boys, cost, hours, _unused = spec[8:]
        mapping_round = rounds[index]
        if mapping_round.activities.filter(name=name).exists():
            continue
        was_closed = not mapping_round.is_open
        if was_closed:  # report first, close after: a closed round accepts nothing
            MappingRound.objects.filter(pk=mapping_round.pk).update(status="open")
            mapping_round.refresh_from_db()
        activity_services.report_activity(
            organiser=_org(organiser),
            mapping_round=mapping_round,
            name=name,
            description=description,
            age_from=ages[0],
            age_to=ages[1],
            target_group=group,
            location=where,
            reach=reach,
            participants=participants,
            participants_girls=girls,
            participants_boys=boys,
            cost_sek=Decimal(cost),
            hours=Decimal(hours),
            start_year=2021,
            areas=list(mapping_round.areas.all()),
            goals=list(mapping_round.goals.all()),
            is_example=True,
        )
        counts["activities.Activity"] += 1
        if was_closed:
            activity_services.close_mapping_round(mapping_round)
    for spec, mapping_round in zip(ROUNDS, rounds, strict=True):
        if not spec["open"] and mapping_round.is_open:
            activity_services.close_mapping_round(mapping_round)


def _plan(version, counts: Counter) -> None:
    plan = ActionPlan.objects.filter(version=version, year=PLAN_YEAR).first()
    if plan is None:
        plan = plan_services.create_action_plan(
            version=version, year=PLAN_YEAR, title=PLAN_TITLE, is_example=True
        )
        counts[ActionPlan._meta.label] += 1
    for area, title, description, responsible, hours, cost, start, end, status in MEASURES:
        if plan.measures.filter(title=title).exists():
            continue
        measure = plan_services.add_measure(
            plan,
            title=title,
            description=description,
            responsible=_org(responsible),
            hours=Decimal(hours),
            cost_sek=Decimal(cost),
            start_date=start,
            end_date=end,
            goals=list(Goal.objects.filter(area__version=version, area__title=area)),
            is_example=True,
        )
        counts["actionplans.Measure"] += 1
        if status != MeasureStatus.PLANNED:
            plan_services.record_measure_status(
                measure, status=status, date=start, comment="Exempeldata"
            )
            counts["actionplans.MeasureStatusUpdate"] += 1


# The demo prints a personal reporting link for an external actor without an account, so whoever
# tries the demo can report as an association would. Only a hash of a token is stored in the
# database; the demo keeps its token in a file beside its database (RIKTNING_DATA_DIR) and prints
# the same link on every start while it is valid. A new link (revoking the demo's earlier ones)
# is made only when the file is missing or its link no longer works, e.g. after a fresh database.
LINK_ACTOR = "Studieförbunden"
LINK_FILE = "demo-reporting-link.txt"


def fresh_reporting_link(data_dir=None) -> tuple[str, str] | None:
    """(organisation name, token) of a personal link in the demo's open mapping round."""
    from pathlib import Path

    from django.conf import settings

    mapping_round = MappingRound.objects.filter(title=ROUNDS[0]["title"]).first()
    organisation = Organisation.objects.filter(name=LINK_ACTOR).first()
    if mapping_round is None or organisation is None or not mapping_round.is_open:
        return None
    if not mapping_round.invited.filter(pk=organisation.pk).exists():
        return None
    saved = Path(data_dir or settings.DATA_DIR) / LINK_FILE
    if saved.exists():
        token = saved.read_text(encoding="utf-8").strip()
        link = activity_services.find_reporting_link(token)
        if link is not None and link.is_valid and link.mapping_round_id == mapping_round.pk:
            return organisation.name, token
    with transaction.atomic():
        for link in mapping_round.reporting_links.filter(
            organisation=organisation, revoked_at=None
        ):
            activity_services.revoke_reporting_link(link)
        _link, token = activity_services.create_reporting_link(mapping_round, organisation)
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(token + "\n", encoding="utf-8")
    return organisation.name, token
