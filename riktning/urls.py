from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from riktning.api.api import api
from riktning.web.views.health import healthz

# A database outage outside a view (say, in a middleware) still gives the 503 page.
handler500 = "riktning.ops.failure.server_error"
# A form too large for Django's limits gets the 413 page; other bad requests a plain 400 page.
handler400 = "riktning.ops.failure.bad_request"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("konto/", include("riktning.web.urls_accounts")),
    path("admin/", admin.site.urls),
    path("", include("riktning.web.urls")),
]

if settings.DEBUG:  # pragma: no cover - development convenience only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
