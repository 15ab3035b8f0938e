"""Comparing two versions of a document, and the next version created from a round."""

from django.urls import path

from .views import compare as views

urlpatterns = [
    path("versioner/<int:pk>/jamfor/", views.version_compare_pick, name="version_compare_pick"),
    path("versioner/<int:a>/jamfor/<int:b>/", views.version_compare, name="version_compare"),
    path("remisser/<int:pk>/nasta-version/", views.next_version_create, name="next_version_create"),
    path(
        "versioner/<int:pk>/fran-remissen/", views.next_version_result, name="next_version_result"
    ),
    path("versioner/<int:pk>/koppla-andring/", views.change_link_create, name="change_link_create"),
    path(
        "andringskopplingar/<int:pk>/ta-bort/",
        views.change_link_delete,
        name="change_link_delete",
    ),
]
