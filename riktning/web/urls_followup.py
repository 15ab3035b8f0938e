"""The follow-up pages (public where the version is adopted; drafts need a login)."""

from django.urls import path

from .views import followup

urlpatterns = [
    path("versioner/<int:pk>/uppfoljning/", followup.overview, name="followup_overview"),
]
