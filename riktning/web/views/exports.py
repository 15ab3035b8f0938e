"""A version as a file (Word, PDF, HTML) and two versions as a marked-up comparison file.

Thin: fetch through strategy.access (the comparison's causes as the user may see them), render
with the report modules the command line uses (`riktning report version|comparison`), respond.
"""

from django.http import Http404, HttpResponse

from riktning.consultation import comparison_report
from riktning.reports.registry import FORMAT_TYPES
from riktning.strategy import access as strategy_access
from riktning.strategy.export import version_report


def _file(data: bytes, fmt: str, name: str) -> HttpResponse:
    content_type, _extension = FORMAT_TYPES[fmt]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def version_download(request, pk, fmt):
    version = strategy_access.get_version_for_view(request.user, pk)
    if fmt not in version_report.FORMATS:
        raise Http404
    return _file(version_report.render(version, fmt), fmt, version_report.filename(version, fmt))


def version_compare_download(request, a, b, fmt):
    old = strategy_access.get_version_for_view(request.user, a)
    new = strategy_access.get_version_for_view(request.user, b)
    if fmt not in comparison_report.FORMATS or old.document_id != new.document_id or a == b:
        raise Http404
    pair = comparison_report.pair_for(old, new, request.user)
    return _file(comparison_report.render(pair, fmt), fmt, comparison_report.filename(pair, fmt))
