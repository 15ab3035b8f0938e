from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "riktning.cycle"
    label = "cycle"
    verbose_name = "Annual cycle"
