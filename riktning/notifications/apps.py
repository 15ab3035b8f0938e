from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "riktning.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The domains record what happens in the event log (audit.record_event); a new event is
        # the hook, so no domain app imports this one (docs/architecture.md).
        from django.db.models.signals import post_save

        from riktning.audit.models import Event

        from .events import on_event

        post_save.connect(on_event, sender=Event, dispatch_uid="riktning.notifications.events")
