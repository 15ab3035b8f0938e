"""The Django admin is for system administrators; users work in the web UI."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DevelopmentArea, Goal, SteeringDocument, Version


@admin.register(SteeringDocument)
class SteeringDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "owner"]


@admin.register(Version)
class VersionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "document", "number", "status"]
    readonly_fields = ["status"]


admin.site.register(DevelopmentArea, SimpleHistoryAdmin)
admin.site.register(Goal, SimpleHistoryAdmin)
