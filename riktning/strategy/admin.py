"""The Django admin is for system administrators; users work in the web UI."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DevelopmentArea, DocumentImport, Goal, SteeringDocument, Version


@admin.register(SteeringDocument)
class SteeringDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "owner"]


@admin.register(Version)
class VersionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "document", "number", "status"]
    readonly_fields = ["status"]


admin.site.register(DevelopmentArea, SimpleHistoryAdmin)
admin.site.register(Goal, SimpleHistoryAdmin)


@admin.register(DocumentImport)
class DocumentImportAdmin(admin.ModelAdmin):
    """Append-only: shown, never changed or deleted."""

    list_display = ["version", "filename", "imported_by", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
