from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "riktning.accounts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from . import visits

        visits.connect()
