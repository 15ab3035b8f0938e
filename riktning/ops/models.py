"""What the task queue's workers record beside the queue's own rows (riktning/ops/worker.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """A running `riktning worker`: it updates `seen_at` every heartbeat. A job whose worker has
    been silent for three heartbeats was cut off (kill -9, a lost server) and is marked failed."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class ScheduledRun(models.Model):
    """A scheduled job enqueued for a day: the unique row lets several workers run the schedule
    and still enqueue each nightly job once."""

    name = models.CharField(_("schedule"), max_length=64)
    day = models.DateField(_("day"))
    enqueued_at = models.DateTimeField(_("enqueued"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="one_scheduled_run_per_day")
        ]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
