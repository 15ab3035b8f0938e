from django.apps import AppConfig, apps
from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save

# The tables a roll-up reads (followup/cache.py): every write to them changes the data generation.
WATCHED_APPS = ("indicators", "strategy")
# The work around the documents that cached fragments show (the front page's latest follow-up
# and action plan, the overview's contributions, a person's to-do list and changes): every write
# to these changes the work generation. The event log is among them because the few writes
# these apps make with a queryset's update() (closing a mapping round, adopting a plan, a
# measure's status, marking a duplicate) each record an event in the same transaction.
WORK_APPS = ("accounts", "actionplans", "activities", "audit", "consultation", "followup")
# Also work: the authenticator apps set up and confirmed (the two-factor check of every
# logged-in request, web.middleware.PersonMiddleware, is kept under the work generation).
CONFIRMED_ONLY = ("otp_totp.totpdevice",)
# A notification changes the work generation when it is made or deleted (the start page keeps a
# person's latest ones rendered), not when the worker records its e-mail's delivery.
CREATED_OR_DELETED = ("notifications.notification",)
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

        from .cache import bump, bump_work, bump_work_if_confirmed, bump_work_if_created
        from .cache import request_finished as request_finished_receiver
        from .cache import request_started as request_started_receiver

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
        for key in CONFIRMED_ONLY:
            model = apps.get_model(key)
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_work_if_confirmed,
                    sender=model,
                    dispatch_uid=f"work-generation-{signal is post_save}-{key}",
                )
        for key in CREATED_OR_DELETED:
            model = apps.get_model(key)
            post_save.connect(
                bump_work_if_created, sender=model, dispatch_uid=f"work-generation-new-{key}"
            )
            post_delete.connect(bump_work, sender=model, dispatch_uid=f"work-generation-del-{key}")
        # The generations are read once per request (cache.generations).
        request_started.connect(request_started_receiver, dispatch_uid="generations-request")
        request_finished.connect(request_finished_receiver, dispatch_uid="generations-request")
