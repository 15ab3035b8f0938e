"""Refuse to serve with settings that are only fit for development."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def development_key_allowed() -> bool:
    """The development secret key is fine with DEBUG, in the demo and in the tests, nowhere else."""
    return bool(settings.DEBUG or settings.DEMO or settings.TESTING)


def refuse_unsafe_start() -> None:
    """Called by wsgi.py and `riktning serve` before they serve a single request."""
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY and not development_key_allowed():
        raise ImproperlyConfigured(
            "Riktning will not serve with the development secret key while RIKTNING_DEBUG is off: "
            "set RIKTNING_SECRET_KEY or RIKTNING_SECRET_KEY_FILE (see docs/configuration.md)."
        )
    # gunicorn runs no system checks: the municipality's look (riktning.web.checks) is checked here.
    errors = [e for e in checks.run_checks(tags=["riktning_theme"]) if e.is_serious()]
    if errors:
        raise ImproperlyConfigured(" ".join(e.msg for e in errors))
