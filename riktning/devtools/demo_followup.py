"""The demo's yearly follow-up: "Uppföljning 2025" of the adopted strategy 2021–2030, approved,
with its data as of the moment it is seeded.

- The statuses, gender gaps and comparisons are computed from the demo's values, which are
  example data (devtools.example_data); the follow-up says so.
- The analysis of each area is example text, not from any source, and says so in its first words
  ("Exempeltext – ...").
"""

from collections import Counter

from riktning.accounts.models import User
from riktning.followup import services
from riktning.followup.models import AreaAnalysis, FollowUp
from riktning.strategy.models import Version

from .demo_titles import VERSION_2021_TITLE

YEAR = 2025
COORDINATOR = "samordnare"
INTRODUCTION = (
    "Exempeltext – den årliga uppföljningen av strategin för social hållbarhet, skapad för "
    "demonstrationen. Statusarna är beräknade ur exempeldata och visar inte verkliga värden."
)


def analysis_text(area_title: str) -> str:
    return (
        f"<p>Exempeltext – analysen för utvecklingsområdet <strong>{area_title}</strong> är "
        "skriven för demonstrationen och bygger inte på verkliga värden.</p>"
        "<p>Här beskriver de ansvariga förvaltningarna vad utvecklingen beror på, till exempel:</p>"
        "<ul><li>vilka insatser som har genomförts under året,</li>"
        "<li>skillnader mellan flickor och pojkar och vad de kan bero på,</li>"
        "<li>hur kommunen ligger till jämfört med Skåne och riket.</li></ul>"
    )


def seed_followup(counts: Counter | None = None) -> FollowUp | None:
    """Uppföljning 2025 of the 2021–2030 version, if that version exists; idempotent."""
    counts = counts if counts is not None else Counter()
    version = Version.objects.filter(title=VERSION_2021_TITLE).first()
    coordinator = User.objects.filter(username=COORDINATOR).first()
    if version is None or coordinator is None:
        return None
    followup = FollowUp.objects.filter(version=version, year=YEAR).first()
    if followup is not None:
        return followup
    followup = services.start_followup(version, YEAR, by=coordinator, introduction=INTRODUCTION)
    counts["followup.FollowUp"] += 1
    for analysis in AreaAnalysis.objects.filter(followup=followup).select_related("area"):
        services.save_area_analysis(
            analysis,
            by=coordinator,
            text=analysis_text(analysis.area.title),
            revision=analysis.revision,
        )
        counts["followup.AreaAnalysis"] += 1
    followup = services.submit_for_review(followup, by=coordinator)
    return services.approve_followup(followup, by=coordinator)
