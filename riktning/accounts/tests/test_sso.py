"""Single sign-on with OpenID Connect, against a real provider.

The provider is django-oidc-provider in its own small Django project
(tests/oidc_provider_site/), started in a separate process on a loopback port. Riktning (the
Django test client) and a "browser" (httpx, talking to the provider) go through the whole
authorization-code flow: start → the provider's login form → consent-free redirect with a code
→ Riktning's callback, which fetches the token, checks the ID token's signature against the
provider's keys and reads the user info over HTTP. Nothing of Riktning is mocked."""

from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from riktning.accounts.constants import OrganisationKind, Role
from riktning.accounts.models import Membership, Organisation, User
from tests.oidc_provider_site import running_provider

CLIENT_ID = "riktning-test"
CLIENT_SECRET = "hemlig-klientnyckel-för-test"
CALLBACK = "http://testserver/konto/sso/tillbaka/"

PROVIDER_USERS = [
    {
        "username": "anna.provider",
        "password": "Annas-lösenord-hos-leverantören",
        "email": "Anna.Berg@exempel.se",
        "first_name": "Anna",
        "last_name": "Berg",
        "groups": ["org:miljo", "role:samordnare"],
    },
    {
        "username": "bo.provider",
        "password": "Bos-lösenord-hos-leverantören",
        "email": "bo.ek@exempel.se",
        "first_name": "Bo",
        "last_name": "Ek",
        "groups": ["org:okand-forvaltning"],
    },
]
PASSWORDS = {u["username"]: u["password"] for u in PROVIDER_USERS}


@pytest.fixture(scope="module")
def provider():
    """The running provider's base URL."""
    with running_provider(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri=CALLBACK,
        users=PROVIDER_USERS,
    ) as url:
        yield url


@pytest.fixture
def sso_settings(settings, provider):
    settings.RIKTNING_OIDC_PROVIDER_NAME = "Kommunens inloggning"
    settings.RIKTNING_OIDC_DISCOVERY_URL = provider
    settings.RIKTNING_OIDC_CLIENT_ID = CLIENT_ID
    settings.RIKTNING_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.RIKTNING_OIDC_SCOPES = ["openid", "email", "profile", "riktning"]
    settings.RIKTNING_OIDC_MATCH_CLAIM = "email"
    settings.RIKTNING_OIDC_CREATE_USERS = False
    settings.RIKTNING_OIDC_ORGANISATION_CLAIM = ""
    settings.RIKTNING_OIDC_ROLE_CLAIM = ""
    settings.RIKTNING_OIDC_ORGANISATION_MAP = {"miljo": "Miljöförvaltningen"}
    settings.RIKTNING_OIDC_ROLE_MAP = {"samordnare": Role.COORDINATOR}
    return settings


@pytest.fixture
def environment_office(db):
    return Organisation.objects.create(
        name="Miljöförvaltningen", kind=OrganisationKind.ADMINISTRATION
    )


def log_in_at_provider(client, username: str, *, next_url: str = ""):
    """Start at Riktning, log in on the provider's own form, come back; returns the callback's
    response (not followed)."""
    start = reverse("oidc_start") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302, response
    authorize = response["Location"]
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"] and query["nonce"]
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        answer = browser.get(authorize)
        login_page = urljoin(authorize, answer.headers["location"])
        browser.get(login_page)
        answer = browser.post(
            login_page,
            data={
                "username": username,
                "password": PASSWORDS[username],
                "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            },
        )
        assert answer.status_code == 302, answer.text[:500]
        answer = browser.get(urljoin(login_page, answer.headers["location"]))
        assert answer.status_code == 302, answer.text[:500]
        callback = answer.headers["location"]
    assert callback.startswith(CALLBACK)
    parts = urlparse(callback)
    return client.get(f"{parts.path}?{parts.query}")


def login_page_text(client, response) -> str:
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    return client.get(reverse("login")).content.decode()


def test_login_page_offers_the_provider_only_when_configured(client, settings, db):
    settings.RIKTNING_OIDC_DISCOVERY_URL = ""
    assert "Logga in med" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_start")).status_code == 404
    settings.RIKTNING_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/"
    settings.RIKTNING_OIDC_CLIENT_ID = CLIENT_ID
    settings.RIKTNING_OIDC_PROVIDER_NAME = "Entra ID"
    page = client.get(reverse("login")).content.decode()
    assert "Logga in med Entra ID" in page
    assert 'name="password"' in page  # local passwords stay


def test_existing_user_matched_by_email_logs_in_without_a_two_factor_code(
    client, sso_settings, environment_office
):
    user = User.objects.create_user("anna", email="anna.berg@exempel.se", password="lokalt-Lösen-1")
    Membership.objects.create(user=user, organisation=environment_office, role=Role.EDITOR)
    # An authenticator app is set up: a password login would have to give its code, but the
    # provider's login is trusted with its own rules.
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    response = log_in_at_provider(client, "anna.provider", next_url="/konto/logga-in/?x=1")
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/?x=1"
    assert client.session["_auth_user_id"] == str(user.pk)
    home = client.get(reverse("web:home"))
    assert home.status_code == 200
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Anna", "Berg")
    # Organisation and role are kept in Riktning when no claim is configured for them.
    assert list(user.memberships.values_list("organisation__name", "role")) == [
        ("Miljöförvaltningen", Role.EDITOR)
    ]


def test_unknown_user_is_refused_when_creation_is_off(client, sso_settings, environment_office):
    response = log_in_at_provider(client, "bo.provider")
    page = login_page_text(client, response)
    assert "Du har inget konto i Riktning" in page
    assert "bo.ek@exempel.se" in page
    assert not User.objects.filter(email__iexact="bo.ek@exempel.se").exists()
    assert "_auth_user_id" not in client.session


def test_unknown_user_is_created_with_organisation_and_role_from_claims(
    client, sso_settings, environment_office
):
    sso_settings.RIKTNING_OIDC_CREATE_USERS = True
    sso_settings.RIKTNING_OIDC_ORGANISATION_CLAIM = "department"
    sso_settings.RIKTNING_OIDC_ROLE_CLAIM = "roles"
    response = log_in_at_provider(client, "anna.provider")
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    user = User.objects.get(email="Anna.Berg@exempel.se")
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("organisation__name", "role")) == [
        ("Miljöförvaltningen", Role.COORDINATOR)
    ]


def test_organisation_not_in_the_mapping_is_refused(client, sso_settings, environment_office):
    sso_settings.RIKTNING_OIDC_CREATE_USERS = True
    sso_settings.RIKTNING_OIDC_ORGANISATION_CLAIM = "department"
    page = login_page_text(client, log_in_at_provider(client, "bo.provider"))
    assert "okand-forvaltning" in page and "RIKTNING_OIDC_ORGANISATION_MAP" in page
    assert not User.objects.filter(email__iexact="bo.ek@exempel.se").exists()


def test_missing_claim_is_refused_with_its_name(client, sso_settings, environment_office):
    sso_settings.RIKTNING_OIDC_MATCH_CLAIM = "employee_number"
    page = login_page_text(client, log_in_at_provider(client, "anna.provider"))
    assert "skickade inte uppgiften" in page and "employee_number" in page


def test_state_that_does_not_belong_to_the_session_is_refused(client, sso_settings, db):
    response = client.get(reverse("oidc_callback") + "?code=abc&state=främmande")
    page = login_page_text(client, response)
    assert "hör inte till den här webbläsarsessionen" in page
    assert "_auth_user_id" not in client.session


def test_provider_down_is_explained(client, sso_settings, db):
    sso_settings.RIKTNING_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/"
    page = login_page_text(client, client.get(reverse("oidc_start")))
    assert "Kommunens inloggning gick inte att nå" in page


def test_password_login_still_works_and_still_asks_for_the_code(
    client, sso_settings, environment_office
):
    user = User.objects.create_user("anna", email="anna.berg@exempel.se", password="lokalt-Lösen-1")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = client.post(
        reverse("login"), {"username": "anna", "password": "lokalt-Lösen-1"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))


def test_role_from_the_claim_updates_the_memberships_kept_in_riktning(
    client, sso_settings, environment_office
):
    sso_settings.RIKTNING_OIDC_ROLE_CLAIM = "roles"
    user = User.objects.create_user("anna", email="anna.berg@exempel.se")
    Membership.objects.create(user=user, organisation=environment_office, role=Role.READER)
    response = log_in_at_provider(client, "anna.provider")
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert list(user.memberships.values_list("organisation__name", "role")) == [
        ("Miljöförvaltningen", Role.COORDINATOR)
    ]


def test_a_refusal_from_the_provider_is_explained(client, sso_settings, db):
    response = client.get(reverse("oidc_callback") + "?error=access_denied&state=x")
    page = login_page_text(client, response)
    assert "Kommunens inloggning loggade inte in dig (access_denied)" in page


def test_a_code_used_once_is_refused_by_the_provider_the_second_time(
    client, sso_settings, environment_office
):
    User.objects.create_user("anna", email="anna.berg@exempel.se")
    first = log_in_at_provider(client, "anna.provider")
    assert first.status_code == 302 and "_auth_user_id" in client.session
    used_code = first.wsgi_request.GET["code"]
    client.logout()
    # A new login is started (a fresh state in the session), but the old code is sent back.
    authorize = client.get(reverse("oidc_start"))["Location"]
    state = parse_qs(urlparse(authorize).query)["state"][0]
    again = client.get(reverse("oidc_callback"), {"code": used_code, "state": state})
    page = login_page_text(client, again)
    assert "gick inte att kontrollera" in page
    assert "_auth_user_id" not in client.session
