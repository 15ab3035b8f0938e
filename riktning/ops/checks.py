"""Deploy checks (`riktning check --deploy`) beyond Django's own."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "The development secret key is in use.",
                hint="Set RIKTNING_SECRET_KEY or RIKTNING_SECRET_KEY_FILE.",
                id="riktning.E001",
            )
        ]
    return []
