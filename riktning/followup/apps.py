from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "riktning.followup"
    label = "followup"
    verbose_name = "Follow-up"
