"""The municipality this instance steers: its name as pages and every Word and PDF file show it."""

from django.conf import settings

from .constants import OrganisationKind
from .models import Organisation


def municipality_name() -> str:
    """RIKTNING_MUNICIPALITY_NAME, else the name of the organisation of kind municipality with
    RIKTNING_HOME_AREA_CODE (any municipality if none has that code), else an empty string."""
    if settings.RIKTNING_MUNICIPALITY_NAME:
        return settings.RIKTNING_MUNICIPALITY_NAME
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    home = municipalities.filter(area_code=settings.RIKTNING_HOME_AREA_CODE).first()
    home = home or municipalities.order_by("pk").first()
    return home.name if home else ""
