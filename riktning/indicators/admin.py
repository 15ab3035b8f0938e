from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source_kind", "source_key", "direction"]
    search_fields = ["title", "source_key"]
