from django.db import models
from django.utils.translation import gettext_lazy as _

from . import progress


class ProgressStatus(models.TextChoices):
    """The statuses of Open SDG's progress method, best first (values as in `progress`)."""

    TARGET_ACHIEVED = progress.TARGET_ACHIEVED, _("Target achieved")
    SUBSTANTIAL_PROGRESS = progress.SUBSTANTIAL_PROGRESS, _("Substantial progress")
    MODERATE_PROGRESS = progress.MODERATE_PROGRESS, _("Moderate progress")
    LIMITED_PROGRESS = progress.LIMITED_PROGRESS, _("Limited progress")
    DETERIORATION = progress.DETERIORATION, _("Deterioration")
    NOT_AVAILABLE = progress.NOT_AVAILABLE, _("Not available")


# The one set of symbols (pages, reports, the API): shown beside the status word, never instead
# of it, hidden from screen readers. Progress is a meter of filled dots (more dots, more progress),
# so no progress symbol points down; only a deterioration does (▼). See docs/followup.md.
STATUS_ICONS = {
    progress.TARGET_ACHIEVED: "★",
    progress.SUBSTANTIAL_PROGRESS: "●●●",
    progress.MODERATE_PROGRESS: "●●○",
    progress.LIMITED_PROGRESS: "●○○",
    progress.DETERIORATION: "▼",
    progress.NOT_AVAILABLE: "?",
}

# The trend arrow of a change (progress.Change.movement).
MOVEMENT_ARROWS = {"up": "↑", "down": "↓", "flat": "→", progress.UNKNOWN: "–"}
