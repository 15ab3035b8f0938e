"""Every page and file names the municipality: from the setting, else from the organisation tree."""

import pytest

from riktning.accounts.constants import OrganisationKind
from riktning.accounts.municipality import municipality_name
from riktning.accounts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_name_comes_from_the_home_municipality_in_the_organisation_tree(settings):
    settings.RIKTNING_MUNICIPALITY_NAME = ""
    settings.RIKTNING_HOME_AREA_CODE = "1287"
    OrganisationFactory(name="Lunds kommun", kind=OrganisationKind.MUNICIPALITY, area_code="1281")
    OrganisationFactory(
        name="Trelleborgs kommun", kind=OrganisationKind.MUNICIPALITY, area_code="1287"
    )
    assert municipality_name() == "Trelleborgs kommun"


def test_the_setting_wins_over_the_organisation_tree(settings):
    settings.RIKTNING_MUNICIPALITY_NAME = "Ystads kommun"
    OrganisationFactory(
        name="Trelleborgs kommun", kind=OrganisationKind.MUNICIPALITY, area_code="1287"
    )
    assert municipality_name() == "Ystads kommun"


def test_without_a_municipality_or_setting_the_name_is_empty(settings):
    settings.RIKTNING_MUNICIPALITY_NAME = ""
    assert municipality_name() == ""
