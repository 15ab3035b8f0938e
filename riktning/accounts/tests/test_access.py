"""Who a person is and whom they act for: the core of every access rule, one rule per test."""

import pytest

from riktning.accounts import access
from riktning.accounts.constants import OrganisationKind
from riktning.accounts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_editor_acts_for_their_own_organisation_only(orgs, social_editor, bildning_editor):
    assert access.can_act_for(social_editor, orgs["social"])
    assert not access.can_act_for(social_editor, orgs["bildning"])
    assert access.can_act_for(bildning_editor, orgs["bildning"])


def test_a_reader_acts_for_no_one(orgs, reader):
    assert not access.can_act_for(reader, orgs["kommun"])


def test_a_coordinator_acts_for_any_organisation(orgs, coordinator):
    other = OrganisationFactory(name="AB TrelleborgsHem", kind=OrganisationKind.COMPANY)
    assert access.can_act_for(coordinator, other)
    assert access.can_act_for(coordinator, orgs["social"])
