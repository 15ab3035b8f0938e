from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class RiktningUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "area_code"]
    list_filter = ["kind"]
    search_fields = ["name"]
