"""Operations pages for the coordinator: the audit trail (the append-only event log) and each
object's history."""

from django.urls import path

from .views import audit

urlpatterns = [
    path("handelselogg/", audit.event_log, name="event_log"),
    path(
        "historik/<str:app_label>/<str:model_name>/<int:pk>/",
        audit.object_history,
        name="object_history",
    ),
]
