"""The municipality's accent colour as a style sheet (the CSP allows no inline styles)."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from riktning.web import theme


@require_GET
def theme_css(request):
    accent = settings.RIKTNING_ACCENT_COLOUR
    if theme.accent_problems(accent):  # the start-up check refuses it; never write it into CSS
        accent = theme.DEFAULT_ACCENT
    css = f":root {{ --brand: {accent}; --brand-dark: {theme.darker(accent)}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
