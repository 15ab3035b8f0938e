"""Consultation rounds (remiss): the round, statements, dispositions and the summary."""

from django.urls import path

from .views import consultation as views
from .views import consultation_documents as documents

urlpatterns = [
    path("versioner/<int:pk>/remiss/ny/", views.round_create, name="round_create"),
    path("remisser/<int:pk>/", views.round_detail, name="round_detail"),
    path(
        "remisser/<int:pk>/skickad-utanfor/",
        views.round_sent_outside,
        name="round_sent_outside",
    ),
    path("remisser/<int:pk>/skicka/", views.round_send, name="round_send"),
    path(
        "remisser/<int:pk>/yttrande/<int:organisation_pk>/",
        views.statement_start,
        name="statement_start",
    ),
    path(
        "remisser/<int:pk>/avstar/<int:organisation_pk>/",
        views.recipient_decline,
        name="recipient_decline",
    ),
    path("remisser/<int:pk>/sammanstallning/", views.round_summary, name="round_summary"),
    path(
        "remisser/<int:pk>/sammanstallning/per-del/",
        views.round_summary_by_part,
        name="round_summary_by_part",
    ),
    path(
        "remisser/<int:pk>/sammanstallning/inledning/",
        views.introduction_edit,
        name="introduction_edit",
    ),
    path(
        "remisser/<int:pk>/sammanstallning.<str:fmt>",
        views.summary_download,
        name="summary_download",
    ),
    path("yttranden/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("yttranden/<int:pk>/andra/", views.statement_edit, name="statement_edit"),
    path("yttranden/<int:pk>/synpunkt/ny/", views.comment_create, name="comment_create"),
    path("yttranden/<int:pk>/lamna-in/", views.statement_submit, name="statement_submit"),
    path("yttranden/<int:pk>/rattelse/", views.statement_correct, name="statement_correct"),
    path("synpunkter/<int:pk>/andra/", views.comment_edit, name="comment_edit"),
    path("synpunkter/<int:pk>/ta-bort/", views.comment_delete, name="comment_delete"),
    path("yttranden/<int:pk>/bilagor/ny/", documents.attachment_add, name="attachment_add"),
    path("bilagor/<int:pk>/", documents.attachment_download, name="attachment_download"),
    path("bilagor/<int:pk>/ta-bort/", documents.attachment_delete, name="attachment_delete"),
    path("remisser/<int:pk>/registrera/", documents.statement_register, name="statement_register"),
    path(
        "remisser/<int:pk>/registrera-yttrande/",
        documents.statement_register_received,
        name="statement_register_received",
    ),
    path(
        "remisser/<int:pk>/forslag-till-beslut/",
        documents.decision_proposal,
        name="decision_proposal",
    ),
    path(
        "remisser/<int:pk>/forslag-till-beslut/andra/",
        documents.decision_proposal_edit,
        name="decision_proposal_edit",
    ),
    path(
        "remisser/<int:pk>/forslag-till-beslut.docx",
        documents.decision_proposal_download,
        name="decision_proposal_download",
    ),
    path("synpunkter/<int:pk>/beslut/", views.disposition_edit, name="disposition_edit"),
]
