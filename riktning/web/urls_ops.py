"""Operations pages for the coordinator: the audit trail (the append-only event log)."""

from django.urls import path

from .views import audit

urlpatterns = [
    path("handelselogg/", audit.event_log, name="event_log"),
]
