"""The demo's annual cycle (årshjul) 2026 for the strategy for social sustainability: the bodies'
meetings in 2026, the document's template of steps and the cycle made from it. Every date is
invented for the demonstration (Exempeldata; the cycle and the meetings are marked is_example and
the pages say so)."""

import datetime
from collections import Counter

from riktning.accounts.models import Organisation
from riktning.cycle import services
from riktning.cycle.models import Cycle, Meeting, StepKind, StepTemplate
from riktning.strategy.models import Version

from .demo_titles import VERSION_2021_TITLE

YEAR = 2026
KF, KS = "Kommunfullmäktige", "Kommunstyrelsen"
KLF = "Kommunledningsförvaltningen"
SOCIAL, SOCIAL_BOARD = "Socialförvaltningen", "Socialnämnden"
BILDNING, BILDNING_BOARD = "Bildningsförvaltningen", "Bildningsnämnden"

# Invented meeting days of 2026 (Exempeldata): body → [(month, day)]
MEETINGS = {
    KS: [(2, 11), (3, 11), (4, 15), (5, 13), (6, 10), (9, 9), (10, 14), (11, 11), (12, 9)],
    KF: [(2, 23), (4, 27), (6, 22), (9, 28), (11, 30)],
    SOCIAL_BOARD: [(2, 18), (4, 22), (9, 16), (11, 18)],
    BILDNING_BOARD: [(2, 17), (4, 21), (9, 15), (11, 17)],
}

# (title, kind, responsible, meeting of, month, days before)
STEPS = [
    ("Kartläggningen av aktiviteter klar", StepKind.MAPPING, KLF, KS, 3, 21),
    ("Analys per utvecklingsområde klar", StepKind.ANALYSES, SOCIAL, SOCIAL_BOARD, 4, 14),
    ("Analys per utvecklingsområde klar", StepKind.ANALYSES, BILDNING, BILDNING_BOARD, 4, 14),
    ("Uppföljningen godkänns", StepKind.FOLLOWUP, KS, KS, 5, 0),
    ("Uppföljningen anmäls till fullmäktige", StepKind.MEETING, KF, KF, 6, 0),
    ("Remisstiden går ut", StepKind.CONSULTATION, SOCIAL_BOARD, KS, 10, 28),
    ("Handlingsplanen för nästa år antas", StepKind.ACTION_PLAN, KS, KS, 11, 0),
    ("Handlingsplanen anmäls till fullmäktige", StepKind.MEETING, KF, KF, 11, 0),
]


def seed_cycle(counts: Counter | None = None) -> Cycle | None:
    """The 2026 cycle of the strategy, if its document and bodies exist; idempotent."""
    counts = counts if counts is not None else Counter()
    version = Version.objects.filter(title=VERSION_2021_TITLE).select_related("document").first()
    orgs = {org.name: org for org in Organisation.objects.all()}
    needed = {name for step in STEPS for name in (step[2], step[3])} | set(MEETINGS)
    if version is None or not needed <= set(orgs):
        return None
    document = version.document
    existing = Cycle.objects.filter(document=document, year=YEAR).first()
    if existing is not None:
        return existing
    for body, days in MEETINGS.items():
        for month, day in days:
            _meeting, made = Meeting.objects.get_or_create(
                body=orgs[body],
                date=datetime.date(YEAR, month, day),
                defaults={"is_example": True},
            )
            counts["cycle.Meeting"] += made
    if not StepTemplate.objects.filter(document=document).exists():
        for order, (title, kind, responsible, body, month, days) in enumerate(STEPS):
            StepTemplate.objects.create(
                document=document,
                order=order,
                title=title,
                kind=kind,
                responsible=orgs[responsible],
                meeting_body=orgs[body],
                meeting_month=month,
                days_before=days,
            )
            counts["cycle.StepTemplate"] += 1
    cycle = services.create_cycle(document, YEAR, is_example=True)
    counts["cycle.Cycle"] += 1
    counts["cycle.CycleStep"] += cycle.steps.count()
    return cycle
