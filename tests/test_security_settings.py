"""Production settings are safe by default: `check --deploy` is clean, headers and CSP are sent,
and Riktning refuses to serve with the development secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k" * 10 + "Zq8-Xv_3Lp0Rm7Wn2Ts5Yb9Hc4Jd6Fg1Ae3Ku0Io8Pl5Mx2Nv7Bz4Cq1Wr9Et6Ys3"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment production sets, without anything a developer's shell might add."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RIKTNING_", "DATABASE_"))}
    for name in ("PYTEST_CURRENT_TEST", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by tests/browser
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "riktning.settings",
            "RIKTNING_DATA_DIR": str(tmp_path),
            "RIKTNING_ALLOWED_HOSTS": "riktning.trelleborg.se",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'riktning.sqlite3'}",
        }
    )
    env.update(extra)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=env["RIKTNING_DATA_DIR"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(SECRET + "\n", encoding="utf-8")
    env = _production_env(tmp_path, RIKTNING_SECRET_KEY_FILE=str(key_file))

    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_check_deploy_reports_the_development_key(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy")

    assert result.returncode != 0
    assert "riktning.E001" in result.stdout + result.stderr


def test_production_settings_come_from_the_environment(tmp_path):
    env = _production_env(tmp_path, RIKTNING_SECRET_KEY=SECRET)
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "31536000",
        "['riktning.trelleborg.se']",
        "Argon2PasswordHasher",
    ]


def test_the_wsgi_application_refuses_the_development_key(tmp_path):
    code = "import riktning.wsgi"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_production_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "development secret key" in result.stderr


def test_the_demo_may_use_the_development_key_over_plain_http(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "from riktning.ops.safety import refuse_unsafe_start; refuse_unsafe_start();"
        "print(s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    env = _production_env(tmp_path, RIKTNING_DEMO="1", RIKTNING_ALLOWED_HOSTS="127.0.0.1")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_refusal_in_process(settings):
    from riktning.ops.safety import refuse_unsafe_start

    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.DEBUG = settings.DEMO = settings.TESTING = False
    with pytest.raises(ImproperlyConfigured):
        refuse_unsafe_start()
    settings.SECRET_KEY = SECRET
    refuse_unsafe_start()


@pytest.mark.django_db
def test_every_page_carries_the_security_headers_and_a_strict_csp():
    response = Client().get("/")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_production_redirects_to_https_but_not_the_health_check(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()

    assert client.get("/").status_code == 301
    assert client.get("/", secure=True).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_mail_goes_out_by_smtp_when_a_mail_server_is_set(tmp_path):
    password = tmp_path / "smtp_password"
    password.write_text("hemligt\n", encoding="utf-8")
    env = _production_env(
        tmp_path,
        RIKTNING_SECRET_KEY=SECRET,
        RIKTNING_EMAIL_HOST="smtp.trelleborg.se",
        RIKTNING_EMAIL_USER="riktning",
        RIKTNING_EMAIL_PASSWORD_FILE=str(password),
        RIKTNING_FROM_EMAIL="Riktning <riktning@trelleborg.se>",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND.rsplit('.', 2)[1], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS,"
        " s.EMAIL_HOST_PASSWORD, s.DEFAULT_FROM_EMAIL.split()[-1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "smtp",
        "smtp.trelleborg.se",
        "587",
        "True",
        "hemligt",
        "<riktning@trelleborg.se>",
    ]


def test_request_limits_come_from_the_environment(tmp_path):
    env = _production_env(
        tmp_path,
        RIKTNING_SECRET_KEY=SECRET,
        RIKTNING_MAX_REQUEST_BYTES="1000000",
        RIKTNING_MAX_FORM_BYTES="5000",
        RIKTNING_MAX_FORM_FIELDS="50",
        RIKTNING_REQUIRE_2FA_FOR_COORDINATORS="1",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.RIKTNING_MAX_REQUEST_BYTES, s.DATA_UPLOAD_MAX_MEMORY_SIZE,"
        " s.DATA_UPLOAD_MAX_NUMBER_FIELDS, s.RIKTNING_REQUIRE_2FA_FOR_COORDINATORS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1000000", "5000", "50", "True"]
