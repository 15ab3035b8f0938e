from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "riktning.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The domains record what happens in the event log (audit.record_event); a new event is
        # the hook, so no domain app imports this one (docs/architecture.md).
        from django.core.signals import setting_changed
        from django.db.models.signals import post_save

        from riktning.accounts.models import Organisation
        from riktning.audit.models import Event

        from .events import on_event
        from .mail import forget_connection, forget_municipality

        post_save.connect(on_event, sender=Event, dispatch_uid="riktning.notifications.events")
        # The e-mails' municipality name is kept a little while (mail.py): forgotten on a change.
        post_save.connect(forget_municipality, sender=Organisation, dispatch_uid="riktning.n.org")
        setting_changed.connect(forget_municipality, dispatch_uid="riktning.n.setting")
        setting_changed.connect(forget_connection, dispatch_uid="riktning.n.connection")
