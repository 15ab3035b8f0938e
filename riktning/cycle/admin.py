from django.contrib import admin

from .models import Meeting, StepTemplate


@admin.register(StepTemplate)
class StepTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "document", "kind", "responsible", "meeting_body", "meeting_month"]
    list_filter = ["document", "kind"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "body"]
    list_filter = ["body"]
