from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class MeasureStatus(models.TextChoices):
    """What a responsible body records. "Late" is not recorded: it is derived (status.py)."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


LATE = "late"
CLOSED_STATUSES = frozenset({MeasureStatus.DONE, MeasureStatus.CANCELLED})
