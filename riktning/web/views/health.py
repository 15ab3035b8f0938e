"""/healthz for a load balancer or a monitor: 200 when this app server can serve, 503 and the
check that failed when it cannot. No login, no redirect to https (settings.SECURE_REDIRECT_EXEMPT).

The answer names each check and its result, never the error text: that may hold host names and
addresses, and the page is public. The error goes to the log (logger "riktning.ops")."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from riktning.ops.failure import log


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


CHECKS = {"database": _database}


@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure of a check means this server should not serve
            log.error("Health check %s failed: %s", name, exc)
            results[name] = "error"
        else:
            results[name] = "ok"
    failed = sorted(name for name, result in results.items() if result != "ok")
    body = {"status": "error" if failed else "ok", "checks": results, "failed": failed}
    return JsonResponse(body, status=503 if failed else 200)
