from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "riktning.web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from riktning.web import checks  # noqa: F401 - registers the check of the look
