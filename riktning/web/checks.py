"""System checks of the municipality's look (`theme.py`): a bad accent colour or a missing logo
stops `riktning check`, `runserver`, `riktning serve` and gunicorn (through ops.safety)."""

from django.conf import settings
from django.core.checks import Error, register

from . import theme

THEME_TAG = "riktning_theme"


@register(THEME_TAG)
def theme_check(app_configs, **kwargs):
    errors = [
        Error(message, hint="See docs/configuration.md.", id="riktning.E010")
        for message in theme.accent_problems(settings.RIKTNING_ACCENT_COLOUR)
    ]
    errors += [
        Error(message, hint="See docs/configuration.md.", id="riktning.E011")
        for message in theme.logo_problems(settings.RIKTNING_LOGO)
    ]
    return errors
