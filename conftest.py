"""Personas shared by every test, one fixture per name of riktning/accounts/tests/personas.py:
the anonymous visitor (the plain client), a reader, an editor at Socialnämnden's administration
(social_editor), an editor at Bildningsförvaltningen (bildning_editor) and the coordinator."""

import os

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from riktning.accounts.constants import OrganisationKind, Role
from riktning.accounts.tests.factories import OrganisationFactory, person
from riktning.accounts.tests.personas import PERSONAS

# Property-based tests (hypothesis): the same examples on every run and every machine
# (derandomize), no example database in the work tree, no deadline (a shared CI machine is
# slow at times), and few enough examples that the suite stays fast. For a deeper search:
# HYPOTHESIS_PROFILE=thorough pytest -k property.
hypothesis_settings.register_profile(
    "riktning",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # Tests that write roll back each example themselves; the database fixture is shared.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "thorough",
    parent=hypothesis_settings.get_profile("riktning"),
    max_examples=2000,
    derandomize=False,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "riktning"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing a persona's password the production way takes a quarter of a second; tests make
    hundreds. PBKDF2 stays in the list so the demo's hashes (seeded once per module) still check."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def _swedish():
    """Each test starts in Swedish, the UI's language, whatever an earlier request activated."""
    translation.activate("sv")
    yield
    translation.activate("sv")


@pytest.fixture
def orgs(db):
    kommun = OrganisationFactory(
        name="Trelleborgs kommun", kind=OrganisationKind.MUNICIPALITY, area_code="1287"
    )
    return {
        "kommun": kommun,
        "unit": OrganisationFactory(
            name="Enheten för hållbar utveckling", kind=OrganisationKind.DEPARTMENT, parent=kommun
        ),
        "social": OrganisationFactory(
            name="Socialförvaltningen", kind=OrganisationKind.ADMINISTRATION, parent=kommun
        ),
        "bildning": OrganisationFactory(
            name="Bildningsförvaltningen", kind=OrganisationKind.ADMINISTRATION, parent=kommun
        ),
    }


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(orgs):
    return person("samordnare", orgs["unit"], Role.COORDINATOR)


@pytest.fixture
def social_editor(orgs):
    return person("redaktor.social", orgs["social"], Role.EDITOR)


@pytest.fixture
def bildning_editor(orgs):
    return person("redaktor.bildning", orgs["bildning"], Role.EDITOR)


@pytest.fixture
def reader(orgs):
    return person("lasare", orgs["kommun"], Role.READER)


@pytest.fixture
def personas(coordinator, social_editor, bildning_editor, reader):
    """name → Client, for table-driven tests of who may do what (personas.gets)."""
    clients = {
        "anonymous": Client(),
        "reader": _client_for(reader),
        "social_editor": _client_for(social_editor),
        "bildning_editor": _client_for(bildning_editor),
        "coordinator": _client_for(coordinator),
    }
    assert tuple(clients) == PERSONAS
    return clients
