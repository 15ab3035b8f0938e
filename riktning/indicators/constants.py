from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class SourceKind(models.TextChoices):
    KOLADA = "kolada", _("Kolada")
    SURVEY = "survey", _("Survey")
    LOCAL = "local", _("Local reporting")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    SURVEY_ROUND = "survey_round", _("Each survey round")
    OTHER = "other", _("Other")


DEFAULT_COMPARISON_AREAS = "0012,0000,G33621"
