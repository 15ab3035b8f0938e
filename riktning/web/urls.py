"""The web UI's URLs: reading pages (urls_public) and the coordinator's forms (urls_edit)."""

from django.urls import include, path

app_name = "web"

urlpatterns = [
    path("", include("riktning.web.urls_public")),
    path("", include("riktning.web.urls_edit")),
    path("", include("riktning.web.urls_import")),
    path("", include("riktning.web.urls_data")),
    path("", include("riktning.web.urls_plans")),
    path("", include("riktning.web.urls_consultation")),
    path("", include("riktning.web.urls_ops")),
    path("", include("riktning.web.urls_followup")),
    path("", include("riktning.web.urls_compare")),
    path("", include("riktning.web.urls_exports")),
    path("", include("riktning.web.urls_cycle")),
    path("", include("riktning.web.urls_childrights")),
]
