"""A version and the comparison of two versions as files (Word, PDF, HTML)."""

from django.urls import path

from .views import exports

urlpatterns = [
    path(
        "versioner/<int:pk>/dokument.<str:fmt>", exports.version_download, name="version_download"
    ),
    path(
        "versioner/<int:a>/jamfor/<int:b>/jamforelse.<str:fmt>",
        exports.version_compare_download,
        name="version_compare_download",
    ),
]
