from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# The tables a roll-up reads (followup/cache.py): every write to them changes the generation.
WATCHED_APPS = ("indicators", "strategy")
# Written in bulk by indicators.store (each import then saves its ImportBatch) and deleted in
# bulk: a post_delete receiver would make Django load every deleted row. A single save (as a
# test may do) still changes the generation.
SAVES_ONLY = {"observation"}


class FollowupConfig(AppConfig):
    name = "riktning.followup"
    label = "followup"
    verbose_name = "Follow-up"

    def ready(self):
        from riktning.indicators.signals import bulk_written

        from .cache import bump

        for label in WATCHED_APPS:
            for model in apps.get_app_config(label).get_models():
                name = model._meta.model_name
                if name.startswith("historical"):
                    continue
                post_save.connect(bump, sender=model, dispatch_uid=f"generation-save-{name}")
                if name in SAVES_ONLY:
                    continue
                post_delete.connect(bump, sender=model, dispatch_uid=f"generation-del-{name}")
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(
                        bump,
                        sender=field.remote_field.through,
                        dispatch_uid=f"generation-m2m-{name}",
                    )
        bulk_written.connect(bump, dispatch_uid="generation-bulk")
