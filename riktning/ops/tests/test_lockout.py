"""Login throttling (django-axes): five failures for a user name from one address lock it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from riktning.accounts.constants import Role
from riktning.accounts.tests.factories import OrganisationFactory, person

PASSWORD = "ett-riktigt-lösenord"


@pytest.fixture
def official(db):
    user = person("tjansteperson", OrganisationFactory(name="Socialförvaltningen"), Role.EDITOR)
    user.set_password(PASSWORD)
    user.save()
    return user


def _log_in(client: Client, password: str, username: str = "tjansteperson"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failures_lock_the_account_for_fifteen_minutes(official):
    client = Client()
    for _ in range(4):
        assert _log_in(client, "fel").status_code == 200  # the form again, with the error
    with translation.override("en"):
        locked = _log_in(client, "fel")
        assert locked.status_code == 429
        assert "kontot är spärrat i 15 minuter" in locked.content.decode()
        # Even the right password is refused while the lock lasts.
        again = _log_in(client, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_page_replaces_the_login_form(official):
    client = Client()
    for _ in range(5):
        response = _log_in(client, "fel")
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert 'name="password"' not in response.content.decode()


def test_a_successful_login_resets_the_count(official):
    client = Client()
    for _ in range(4):
        _log_in(client, "fel")
    assert _log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _log_in(client, "fel").status_code == 200
    assert _log_in(client, PASSWORD).status_code == 302


def test_the_lock_is_per_user_name(official):
    client = Client()
    for _ in range(5):
        _log_in(client, "fel", username="someone-else")
    assert _log_in(client, PASSWORD).status_code == 302


def test_force_login_is_not_affected(official):
    client = Client()
    for _ in range(5):
        _log_in(client, "fel")
    client.force_login(official)
    assert client.get("/").status_code == 200
