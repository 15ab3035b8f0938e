"""Importing a steering document: upload → review → confirm (the coordinator's)."""

from django.urls import path

from .views import document_import

urlpatterns = [
    path("dokument/importera/", document_import.document_import, name="document_import"),
    path(
        "dokument/importera/granska/",
        document_import.document_import_review,
        name="document_import_review",
    ),
    path(
        "dokument/importera/andra/",
        document_import.document_import_change,
        name="document_import_change",
    ),
    path(
        "dokument/importera/spara/",
        document_import.document_import_confirm,
        name="document_import_confirm",
    ),
]
