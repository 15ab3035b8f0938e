from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Reach(models.TextChoices):
    UNIVERSAL = "universal", _("Universal")
    TARGETED = "targeted", _("Targeted")


# A form states the bound, so a typo (an extra zero) is caught: no single activity in a
# municipality of 45,000 reaches more people than live there.
MAX_PARTICIPANTS = 100_000
