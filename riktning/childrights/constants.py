"""The child-rights lens's fixed lists: whether something affects children, the age groups and
the articles of the Convention on the Rights of the Child (Swedish law since 2020) an assessment
may name. English identifiers, Swedish labels through the catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AffectsChildren(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class AgeGroup(models.TextChoices):
    PRESCHOOL = "0-5", _("Children 0–5 years")
    SCHOOL = "6-12", _("Children 6–12 years")
    TEENS = "13-15", _("Young people 13–15 years")
    OLDER = "16-17", _("Young people 16–17 years")


class Article(models.TextChoices):
    """The articles an assessment usually names; 2, 3, 6 and 12 are the Convention's four
    general principles and come first."""

    A2 = "2", _("Article 2 – non-discrimination")
    A3 = "3", _("Article 3 – the best interests of the child")
    A6 = "6", _("Article 6 – life, survival and development")
    A12 = "12", _("Article 12 – the right to be heard")
    A4 = "4", _("Article 4 – implementing the rights")
    A13 = "13", _("Article 13 – freedom of expression")
    A18 = "18", _("Article 18 – parents' responsibility and support")
    A19 = "19", _("Article 19 – protection from violence")
    A23 = "23", _("Article 23 – children with disabilities")
    A24 = "24", _("Article 24 – health and health care")
    A26 = "26", _("Article 26 – social security")
    A27 = "27", _("Article 27 – standard of living")
    A28 = "28", _("Article 28 – education")
    A29 = "29", _("Article 29 – the aims of education")
    A30 = "30", _("Article 30 – minority and indigenous children")
    A31 = "31", _("Article 31 – play, leisure and culture")


# The rule that finds Region Skåne's survey of children and young people (Folkhälsoenkät Barn och
# unga i Skåne) among the indicators: its source name, as the catalogue writes it.
SURVEY_NAME_WORDS = ("barn och unga", "region skåne")
