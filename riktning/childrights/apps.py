from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildRightsConfig(AppConfig):
    name = "riktning.childrights"
    label = "childrights"
    verbose_name = _("Child-rights assessments")
