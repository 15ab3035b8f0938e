"""Operations pages for the coordinator: the audit trail (the append-only event log) and each
object's history, and the background jobs of the task queue."""

from django.urls import path

from .views import audit, background_jobs

urlpatterns = [
    path("handelselogg/", audit.event_log, name="event_log"),
    path("bakgrundsarbete/", background_jobs.background_jobs, name="background_jobs"),
    path(
        "historik/<str:app_label>/<str:model_name>/<int:pk>/",
        audit.object_history,
        name="object_history",
    ),
]
