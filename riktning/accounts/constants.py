from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNCIL = "council", _("Municipal council")
    EXECUTIVE_BOARD = "executive_board", _("Municipal executive board")
    COMMITTEE = "committee", _("Committee")
    ADMINISTRATION = "administration", _("Administration")
    DEPARTMENT = "department", _("Department or unit")
    COMPANY = "company", _("Municipal company")
    ASSOCIATION = "association", _("Association")
    STUDY_ASSOCIATION = "study_association", _("Study association")
    REGION = "region", _("Region")
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


EXTERNAL_KINDS = frozenset(
    {
        OrganisationKind.ASSOCIATION,
        OrganisationKind.STUDY_ASSOCIATION,
        OrganisationKind.REGION,
        OrganisationKind.BUSINESS,
        OrganisationKind.CIVIL_SOCIETY,
    }
)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    EDITOR = "editor", _("Editor")
    READER = "reader", _("Reader")
