from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "riktning.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from riktning.ops import checks  # noqa: F401 - registers the deploy checks
