from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# The tables a roll-up reads (followup/cache.py): every write to them changes the data generation.
WATCHED_APPS = ("indicators", "strategy")
# The work around the documents that cached fragments show (the front page's latest follow-up
# and action plan, the overview's contributions, a person's to-do list and changes): every write
# to these changes the work generation. The event log is among them because the few writes
# these apps make with a queryset's update() (closing a mapping round, adopting a plan, a
# measure's status, marking a duplicate) each record an event in the same transaction.
WORK_APPS = ("accounts", "actionplans", "activities", "audit", "consultation", "followup")
# Written in bulk by indicators.store (each import then saves its ImportBatch) and deleted in
# bulk: a post_delete receiver would make Django load every deleted row. A single save (as a
# test may do) still changes the generation.
SAVES_ONLY = {"observation"}
# Never watched: the generations themselves.
UNWATCHED = {"datageneration"}


class FollowupConfig(AppConfig):
    name = "riktning.followup"
    label = "followup"
    verbose_name = "Follow-up"

    def ready(self):
        from riktning.indicators.signals import bulk_written

        from .cache import bump, bump_work

        for labels, receiver, uid in (
            (WATCHED_APPS, bump, "generation"),
            (WORK_APPS, bump_work, "work-generation"),
        ):
            for label in labels:
                for model in apps.get_app_config(label).get_models():
                    name = model._meta.model_name
                    if name.startswith("historical") or name in UNWATCHED:
                        continue
                    key = f"{label}.{name}"
                    post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save-{key}")
                    if name in SAVES_ONLY:
                        continue
                    post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-del-{key}")
                    for field in model._meta.local_many_to_many:
                        m2m_changed.connect(
                            receiver,
                            sender=field.remote_field.through,
                            dispatch_uid=f"{uid}-m2m-{key}-{field.name}",
                        )
        bulk_written.connect(bump, dispatch_uid="generation-bulk")
