"""Every refusal under /api/ is JSON with a Swedish `detail`, whoever made it: an address no
endpoint has (404 from Django's resolver), a method an endpoint does not take (405 from
django-ninja), a body over the size limit (413), a server error or a database outage (500/503
from riktning.urls' handlers). The endpoints' own refusals are JSON already (riktning/api/api.py);
this catches what happens before or around them, so a client never has to parse a web page."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "Retry-After", "Cache-Control")


def _detail(request, response) -> str:
    status = response.status_code
    if status == 404:
        return _("Not found.")
    if status == 405:
        return _("This address does not take %(method)s, only %(allowed)s.") % {
            "method": request.method,
            "allowed": response.get("Allow", ""),
        }
    if status == 413:
        from django.conf import settings

        from riktning.ops.failure import size_text

        return (
            _("What you sent is larger than Riktning accepts (at most %(size)s).")
            % {"size": size_text(settings.RIKTNING_MAX_REQUEST_BYTES)}
            + " "
            + _("Nothing was saved.")
        )
    if status == 503:
        from riktning.ops.failure import outage_message

        return outage_message()
    if status >= 500:
        return _("Something went wrong in Riktning. Nothing was saved.")
    if status == 403:
        return _("You do not have permission to do this.")
    return _("The request could not be read. Nothing was saved.")


class JsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        replaced = JsonResponse({"detail": _detail(request, response)}, status=response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        return replaced
