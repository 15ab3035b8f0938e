from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    STRATEGY = "strategy", _("Strategy")
    PLAN = "plan", _("Plan")
    ACTION_PLAN = "action_plan", _("Action plan")
    GUIDELINE = "guideline", _("Guideline")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("Out for consultation")
    ADOPTED = "adopted", _("Adopted")
    REPEALED = "repealed", _("Repealed")


# The allowed moves of a version's status. An adopted version is replaced by a new version,
# never moved back to draft.
TRANSITIONS: dict[str, frozenset[str]] = {
    VersionStatus.DRAFT: frozenset(
        {VersionStatus.CONSULTATION, VersionStatus.ADOPTED, VersionStatus.REPEALED}
    ),
    VersionStatus.CONSULTATION: frozenset({VersionStatus.ADOPTED, VersionStatus.REPEALED}),
    VersionStatus.ADOPTED: frozenset({VersionStatus.REPEALED}),
    VersionStatus.REPEALED: frozenset(),
}

# Versions in these statuses are public records and are never edited in place.
LOCKED_STATUSES = frozenset({VersionStatus.ADOPTED, VersionStatus.REPEALED})
# ... and a version out for consultation is frozen too (issue 13, item 7): the statements are
# anchored to its text and parts; a change means the next version (consultation/nextversion.py).
# A round can only be opened on a version in this status, and it never goes back to draft.
FROZEN_STATUSES = LOCKED_STATUSES | {VersionStatus.CONSULTATION}
# What anonymous visitors may see.
PUBLIC_STATUSES = frozenset({VersionStatus.ADOPTED, VersionStatus.REPEALED})


class IndicatorRole(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    ADDITIONAL = "additional", _("Additional")
    PROPOSED = "proposed", _("Proposed")


class CarryOverKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("Continues as")
    MANY_TO_ONE = "many_to_one", _("Merged into")
    AREA_TO_GOAL = "area_to_goal", _("Taken up in the goal")
