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


class Gender(models.TextChoices):
    TOTAL = "T", _("Total")
    FEMALE = "K", _("Girls/women")
    MALE = "M", _("Boys/men")


class ObservationStatus(models.TextChoices):
    FINAL = "final", _("Final")
    PRELIMINARY = "preliminary", _("Preliminary")


class AreaType(models.TextChoices):
    MUNICIPALITY = "K", _("Municipality")
    REGION = "L", _("Region or country")
    GROUP = "G", _("Group of municipalities")


class BatchStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


# Where a value came from: one key per registered source (riktning.indicators.sources).
class BatchSource(models.TextChoices):
    KOLADA = "kolada", _("Kolada")
    UPLOAD = "upload", _("File upload")
    MANUAL = "manual", _("Manual entry")
    EXAMPLE = "example", _("Example data")


# Breakdowns of survey indicators (Folkhälsoenkät Barn och unga i Skåne: school years).
SCHOOL_YEARS = {
    "ak6": _("School year 6"),
    "ak9": _("School year 9"),
    "gy2": _("Upper secondary, year 2"),
}


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    FETCHING = "fetching", _("Fetching from Kolada")
    STORING = "storing", _("Saving the values")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")
