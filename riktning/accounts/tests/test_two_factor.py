"""Two-factor login for coordinators (django-otp TOTP), with real codes from the secret.

Off by default; with RIKTNING_REQUIRE_2FA_FOR_COORDINATORS a coordinator without an app is sent
to set one up, and anyone with an app must give its code after the password before anything
else works. django-axes still throttles the password step."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from riktning.accounts.constants import Role
from riktning.accounts.tests.factories import person
from riktning.strategy.models import SteeringDocument

PASSWORD = "ett-riktigt-lösenord"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` periods of 30 s later: django-otp refuses a
    code that was used already, and accepts the next period's as clock drift)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step)
    return f"{value:06d}"


@pytest.fixture
def coordinator_with_password(orgs):
    user = person("samordnare2", orgs["unit"], Role.COORDINATOR)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def editor_with_password(orgs):
    user = person("redaktor2", orgs["social"], Role.EDITOR)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, user, password=PASSWORD, next_url=""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


@pytest.fixture
def required(settings):
    settings.RIKTNING_REQUIRE_2FA_FOR_COORDINATORS = True


def test_off_by_default_a_coordinator_logs_in_with_the_password_only(coordinator_with_password):
    client = Client()
    assert log_in(client, coordinator_with_password).status_code == 302
    assert client.get(reverse("web:document_create")).status_code == 200


def test_when_required_a_coordinator_without_an_app_is_sent_to_set_one_up(
    required, coordinator_with_password
):
    client = Client()
    log_in(client, coordinator_with_password)

    response = client.get(reverse("web:document_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    refused = client.post(reverse("web:document_create"), {"title": "Utan app"})
    assert refused.status_code == 302
    assert not SteeringDocument.objects.filter(title="Utan app").exists()

    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ställ in tvåstegsinloggning" in text
    assert 'src="data:image/svg+xml' in text  # the QR code, allowed by the CSP's img-src data:
    device = TOTPDevice.objects.get(user=coordinator_with_password, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url

    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 200
    assert "Koden stämmer inte" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device.throttle_reset()
    done = client.post(response["Location"], {"code": code(device)})
    assert done.status_code == 302
    assert done["Location"] == reverse("web:document_create")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("web:document_create")).status_code == 200


def test_an_editor_is_not_asked_to_set_up_an_app(required, editor_with_password):
    client = Client()
    log_in(client, editor_with_password)
    assert client.get(reverse("web:activity_register")).status_code == 200


def test_with_an_app_nothing_works_until_the_code_is_given(required, coordinator_with_password):
    device = with_app(coordinator_with_password)
    client = Client()
    logged_in = log_in(client, coordinator_with_password, next_url=reverse("web:document_list"))
    assert logged_in.status_code == 302

    for url in (reverse("web:document_create"), reverse("two_factor_setup"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_verify")), url
    refused = client.post(reverse("web:document_create"), {"title": "Före koden"})
    assert refused["Location"].startswith(reverse("two_factor_verify"))
    assert not SteeringDocument.objects.filter(title="Före koden").exists()

    page = client.get(reverse("two_factor_verify"))
    assert "Koden från din autentiseringsapp" in page.content.decode()
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456x"})
    assert wrong.status_code == 200
    assert "Koden stämmer inte" in wrong.content.decode()

    device.throttle_reset()
    right = client.post(
        reverse("two_factor_verify"), {"code": code(device), "next": reverse("web:document_list")}
    )
    assert right.status_code == 302
    assert right["Location"] == reverse("web:document_list")
    assert client.get(reverse("web:document_create")).status_code == 200


def test_an_app_protects_its_owner_even_when_not_required(coordinator_with_password):
    with_app(coordinator_with_password)
    client = Client()
    log_in(client, coordinator_with_password)
    response = client.get(reverse("web:document_create"))
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_a_used_code_cannot_be_used_again(coordinator_with_password):
    device = with_app(coordinator_with_password)
    first, second = Client(), Client()
    log_in(first, coordinator_with_password)
    log_in(second, coordinator_with_password)
    now = code(device)
    assert first.post(reverse("two_factor_verify"), {"code": now}).status_code == 302
    replay = second.post(reverse("two_factor_verify"), {"code": now})
    assert replay.status_code in (200, 429)
    assert second.get(reverse("web:document_create")).status_code == 302


def test_wrong_codes_are_throttled(coordinator_with_password):
    device = with_app(coordinator_with_password)
    client = Client()
    log_in(client, coordinator_with_password)
    client.post(reverse("two_factor_verify"), {"code": "000000"})

    response = client.post(reverse("two_factor_verify"), {"code": code(device)})
    assert response.status_code == 429
    assert "För många felaktiga koder" in response.content.decode()
    assert client.get(reverse("web:document_create")).status_code == 302


def test_a_redirect_after_the_code_stays_on_the_site(coordinator_with_password):
    device = with_app(coordinator_with_password)
    client = Client()
    log_in(client, coordinator_with_password)
    response = client.post(
        reverse("two_factor_verify"), {"code": code(device), "next": "https://angripare.example/"}
    )
    assert response["Location"] == reverse("web:home")


def test_log_out_and_the_language_switch_work_before_the_code(coordinator_with_password):
    with_app(coordinator_with_password)
    client = Client()
    log_in(client, coordinator_with_password)
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302 and switched["Location"] == "/"
    assert client.cookies["django_language"].value == "en"
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_password_step_is_still_throttled_by_axes(required, coordinator_with_password):
    client = Client()
    for _ in range(5):
        response = log_in(client, coordinator_with_password, password="fel")
    assert response.status_code == 429
    assert log_in(client, coordinator_with_password).status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_administrator_removes_a_lost_app_and_the_next_login_asks_for_a_new_one(
    required, coordinator_with_password
):
    with_app(coordinator_with_password)
    out = StringIO()
    call_command("reset_2fa", coordinator_with_password.username, stdout=out)
    assert "Tog bort 1 autentiseringsapp" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=coordinator_with_password).exists()
    from riktning.audit.models import Event

    event = Event.objects.get(verb="two_factor_reset")
    assert event.object_id == str(coordinator_with_password.pk)
    assert event.data["removed"] == 1

    client = Client()
    log_in(client, coordinator_with_password)
    response = client.get(reverse("web:document_create"))
    assert response["Location"].startswith(reverse("two_factor_setup"))


@pytest.mark.django_db
def test_resetting_an_unknown_user_says_so():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Det finns ingen användare"):
        call_command("reset_2fa", "finns-inte")


def test_the_api_answers_403_in_json_before_the_code(coordinator_with_password):
    with_app(coordinator_with_password)
    client = Client()
    log_in(client, coordinator_with_password)
    response = client.get("/api/v1/versions")
    assert response.status_code == 403
    assert "tvåstegskod" in response.json()["detail"]
