from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "riktning.devtools"
    verbose_name = "Development tools"
