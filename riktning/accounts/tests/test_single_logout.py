"""Single logout: a person who logged in with the municipality's OpenID Connect provider and logs
out of Riktning is sent to the provider's end_session_endpoint (RP-initiated logout, with
id_token_hint and post_logout_redirect_uri), so the provider's session ends too; a person with a
local password is logged out of Riktning only, as before. Against a real provider
(django-oidc-provider on loopback, tests/oidc_provider_site/); nothing of Riktning is mocked."""

from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest
from django.urls import reverse

from riktning.accounts.constants import OrganisationKind, Role
from riktning.accounts.models import Membership, Organisation, User
from tests.oidc_provider_site import running_provider

CLIENT_ID = "riktning-test"
CLIENT_SECRET = "hemlig-klientnyckel-för-test"
CALLBACK = "http://testserver/konto/sso/tillbaka/"
FRONT_PAGE = "http://testserver/"
USER = {
    "username": "anna.provider",
    "password": "Annas-lösenord-hos-leverantören",
    "email": "anna.berg@exempel.se",
    "first_name": "Anna",
    "last_name": "Berg",
}


@pytest.fixture(scope="module")
def provider():
    with running_provider(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri=CALLBACK,
        post_logout_redirect_uri=FRONT_PAGE,
        users=[USER],
    ) as url:
        yield url


@pytest.fixture
def sso_settings(settings, provider):
    settings.RIKTNING_OIDC_PROVIDER_NAME = "Kommunens inloggning"
    settings.RIKTNING_OIDC_DISCOVERY_URL = provider
    settings.RIKTNING_OIDC_CLIENT_ID = CLIENT_ID
    settings.RIKTNING_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.RIKTNING_OIDC_SCOPES = ["openid", "email", "profile"]
    settings.RIKTNING_OIDC_MATCH_CLAIM = "email"
    settings.RIKTNING_OIDC_CREATE_USERS = False
    settings.RIKTNING_OIDC_ORGANISATION_CLAIM = ""
    settings.RIKTNING_OIDC_ROLE_CLAIM = ""
    settings.RIKTNING_OIDC_SINGLE_LOGOUT = True
    return settings


@pytest.fixture
def anna(db):
    office = Organisation.objects.create(
        name="Miljöförvaltningen", kind=OrganisationKind.ADMINISTRATION
    )
    user = User.objects.create_user("anna", email=USER["email"], password="lokalt-Lösen-1")
    Membership.objects.create(user=user, organisation=office, role=Role.EDITOR)
    return user


@pytest.fixture
def browser():
    """The person's browser towards the provider (it keeps the provider's session cookie)."""
    with httpx.Client(follow_redirects=False, timeout=30) as client:
        yield client


def _authorize(client) -> str:
    """Riktning's start of a login: the provider's authorization address."""
    response = client.get(reverse("oidc_start"))
    assert response.status_code == 302
    return response["Location"]


def _back_to_riktning(client, callback: str):
    assert callback.startswith(CALLBACK), callback
    parts = urlparse(callback)
    return client.get(f"{parts.path}?{parts.query}")


def log_in(client, browser) -> None:
    """Through the provider's own login form, and back to Riktning's callback."""
    authorize = _authorize(client)
    answer = browser.get(authorize)
    login_page = urljoin(authorize, answer.headers["location"])
    browser.get(login_page)
    answer = browser.post(
        login_page,
        data={
            "username": USER["username"],
            "password": USER["password"],
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
    )
    answer = browser.get(urljoin(login_page, answer.headers["location"]))
    assert _back_to_riktning(client, answer.headers["location"]).status_code == 302
    assert client.get(reverse("web:home")).wsgi_request.user.is_authenticated


def _provider_remembers_the_person(client, browser) -> bool:
    """A new login at Riktning goes straight back with a code (the provider's session is alive)
    rather than to the provider's login form."""
    answer = browser.get(_authorize(client))
    return answer.headers["location"].startswith(CALLBACK)


def test_logging_out_ends_the_providers_session_too(client, sso_settings, anna, browser, provider):
    log_in(client, browser)
    assert _provider_remembers_the_person(client, browser)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    end_session = urlparse(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}" == provider
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == [FRONT_PAGE]
    assert query["client_id"] == [CLIENT_ID]
    assert query["id_token_hint"][0].count(".") == 2  # the ID token (a JWT) Riktning was given
    # Logged out of Riktning at once.
    assert not client.get(reverse("web:home")).wsgi_request.user.is_authenticated
    # The provider accepts the hint, ends its session and sends the browser back to Riktning.
    answer = browser.get(response["Location"])
    assert answer.status_code == 302
    assert answer.headers["location"] == FRONT_PAGE
    assert not _provider_remembers_the_person(client, browser)


def test_with_single_logout_off_only_riktnings_session_ends(client, sso_settings, anna, browser):
    sso_settings.RIKTNING_OIDC_SINGLE_LOGOUT = False
    log_in(client, browser)

    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert not client.get(reverse("web:home")).wsgi_request.user.is_authenticated
    assert _provider_remembers_the_person(client, browser)


def test_a_local_password_login_logs_out_locally_as_before(client, sso_settings, anna):
    client.force_login(anna, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert not client.get(reverse("web:home")).wsgi_request.user.is_authenticated
