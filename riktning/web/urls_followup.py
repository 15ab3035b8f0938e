"""The follow-up pages (public where the version is adopted; drafts need a login) and the yearly
follow-ups (public once approved)."""

from django.urls import path

from .views import followup

urlpatterns = [
    path("versioner/<int:pk>/uppfoljning/", followup.overview, name="followup_overview"),
    path("versioner/<int:pk>/uppfoljningar/", followup.followup_list, name="followup_list"),
    path("uppfoljningar/<int:pk>/", followup.followup_detail, name="followup_detail"),
    path(
        "uppfoljningar/<int:pk>/<slug:action>/",
        followup.followup_transition,
        name="followup_transition",
    ),
    path(
        "uppfoljningar/<int:pk>/rapport.<str:fmt>",
        followup.followup_download,
        name="followup_download",
    ),
    path("analyser/<int:pk>/andra/", followup.analysis_edit, name="analysis_edit"),
]
