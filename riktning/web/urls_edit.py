"""The coordinator's forms (create and change documents, versions, areas, goals, indicators)."""

from django.urls import path

from .views import edit, edit_content, edit_links, edit_order, kolada

urlpatterns = [
    path("dokument/nytt/", edit.document_create, name="document_create"),
    path("dokument/<int:pk>/andra/", edit.document_edit, name="document_edit"),
    path("dokument/<int:pk>/ny-version/", edit.version_create, name="version_create"),
    path("dokument/<int:pk>/beslut/nytt/", edit.decision_create, name="decision_create"),
    path("versioner/<int:pk>/andra/", edit.version_edit, name="version_edit"),
    path("versioner/<int:pk>/status/", edit.version_status, name="version_status"),
    path("versioner/<int:pk>/omraden/nytt/", edit_content.area_create, name="area_create"),
    path("versioner/<int:pk>/avsnitt/nytt/", edit_content.section_create, name="section_create"),
    path("versioner/<int:pk>/overforing/ny/", edit_links.carryover_create, name="carryover_create"),
    path(
        "versioner/<int:pk>/bidrag/nytt/",
        edit_links.contribution_create,
        name="contribution_create",
    ),
    path("omraden/<int:pk>/andra/", edit_content.area_edit, name="area_edit"),
    path("omraden/<int:pk>/ta-bort/", edit_content.area_delete, name="area_delete"),
    path("omraden/<int:pk>/mal/nytt/", edit_content.goal_create, name="goal_create"),
    path("mal/<int:pk>/andra/", edit_content.goal_edit, name="goal_edit"),
    path("mal/<int:pk>/ta-bort/", edit_content.goal_delete, name="goal_delete"),
    path(
        "mal/<int:pk>/indikatorer/ny/",
        edit_content.goal_indicator_create,
        name="goal_indicator_create",
    ),
    path(
        "malindikatorer/<int:pk>/andra/",
        edit_content.goal_indicator_edit,
        name="goal_indicator_edit",
    ),
    path(
        "malindikatorer/<int:pk>/ta-bort/",
        edit_content.goal_indicator_delete,
        name="goal_indicator_delete",
    ),
    path("avsnitt/<int:pk>/andra/", edit_content.section_edit, name="section_edit"),
    path("avsnitt/<int:pk>/ta-bort/", edit_content.section_delete, name="section_delete"),
    # move up/down in the version's reading order (POST only)
    path("omraden/<int:pk>/flytta/", edit_order.area_move, name="area_move"),
    path("avsnitt/<int:pk>/flytta/", edit_order.section_move, name="section_move"),
    path("mal/<int:pk>/flytta/", edit_order.goal_move, name="goal_move"),
    path(
        "malindikatorer/<int:pk>/flytta/",
        edit_order.goal_indicator_move,
        name="goal_indicator_move",
    ),
    path("indikatorer/ny/", edit_links.indicator_create, name="indicator_create"),
    path("indikatorer/<int:pk>/andra/", edit_links.indicator_edit, name="indicator_edit"),
    path("kolada/", kolada.kolada_sync, name="kolada_sync"),
    path("kolada/<int:pk>/", kolada.kolada_job, name="kolada_job"),
    path("kolada/<int:pk>/status.json", kolada.kolada_job_status, name="kolada_job_status"),
]
