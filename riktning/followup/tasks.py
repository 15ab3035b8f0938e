"""The follow-up's job on the task queue (riktning/ops/worker.py runs it): when a follow-up is
approved its charts are frozen with its snapshot, so they are drawn ahead, in both formats, into
the render store (reports/store.py); no one who asks for its Word or PDF file waits for them."""

from django.conf import settings
from django.db import transaction
from django_tasks import task

from .models import FollowUp


def enqueue_charts(followup_id: int) -> None:
    """Put the job on the queue in the caller's transaction (a worker sees it once that commits),
    or run it after the commit, right here, when settings say so (tests)."""
    if getattr(settings, "RIKTNING_JOBS_INLINE", False):
        transaction.on_commit(lambda: draw_charts(followup_id))
        return
    draw_charts_ahead.enqueue(followup_id=followup_id)


def draw_charts(followup_id: int) -> str:
    from .report import draw_ahead

    followup = FollowUp.objects.select_related("version__document").filter(pk=followup_id).first()
    if followup is None:
        return "-"
    draw_ahead(followup)
    return "ok"


@task()
def draw_charts_ahead(*, followup_id: int) -> str:
    """Draw and store an approved follow-up's charts and PDF (those stored are not drawn again)."""
    return draw_charts(followup_id)
