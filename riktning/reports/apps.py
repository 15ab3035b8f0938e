from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "riktning.reports"
    label = "reports"
    verbose_name = "Reports"
