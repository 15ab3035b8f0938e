"""Indicator values given by people: a spreadsheet upload (check → preview → confirm) and manual
entry of local values. Who may do it is decided by `indicators.access.get_indicator_for_data_entry`;
what an indicator accepts by its sources (`riktning.indicators.sources`); every write goes through
`services.record_observations`.

Between the preview and the confirmation the uploaded file waits under MEDIA_ROOT/pending/ with
a random name; the session remembers that name with the indicator and the user, and the file is
read and checked again on confirmation, then deleted."""

import os
import re
import secrets
import time
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

from riktning.indicators import access as indicator_access
from riktning.indicators import services, sources
from riktning.indicators.constants import SCHOOL_YEARS, BatchSource, Gender, ObservationStatus
from riktning.indicators.models import Area
from riktning.indicators.sources import manual, upload

from ..forms_data import ConfirmUploadForm, ManualEntryForm, UploadForm
from .edit_common import form_page, post_only, posted, saved

PENDING_SESSION_KEY = "riktning_pending_upload"
PENDING_MAX_AGE = 24 * 60 * 60  # a pending file older than this was abandoned
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
MAX_SHOWN = 1000  # rows of problems or changes listed on a page; the counts are always whole


def _crumbs(indicator) -> list[tuple[str, str]]:
    return [
        (_("Indicators"), reverse("web:indicator_list")),
        (indicator.title, reverse("web:indicator_detail", args=[indicator.pk])),
    ]


def _not_accepted(request, indicator, title: str, message: str) -> HttpResponse:
    """The indicator's values come some other way (Kolada, or a file rather than a form).
    409 Conflict: the indicator's kind forbids it."""
    return form_page(
        request,
        None,
        title=title,
        lead=message,
        cancel_url=reverse("web:indicator_detail", args=[indicator.pk]),
        breadcrumbs=_crumbs(indicator),
        status=409,
        show_form=False,
    )


# --- the uploaded file between preview and confirmation --------------------------------------


def _pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "pending"


def _pending_path(token: str, suffix: str) -> Path | None:
    if not TOKEN.fullmatch(token or "") or suffix not in (".csv", ".xlsx"):
        return None
    return _pending_dir() / f"{token}{suffix}"


def _discard_pending(request) -> None:
    entry = request.session.pop(PENDING_SESSION_KEY, None)
    if entry:
        path = _pending_path(entry.get("token", ""), entry.get("suffix", ""))
        if path is not None:
            path.unlink(missing_ok=True)


def _remove_abandoned() -> None:
    """Pending files whose preview nobody confirmed (a closed tab) are removed after a day."""
    limit = time.time() - PENDING_MAX_AGE
    for path in _pending_dir().glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def _keep_pending(request, indicator, data: bytes, filename: str) -> str:
    """Store an upload that passed its checks until it is confirmed; returns its token."""
    _discard_pending(request)
    directory = _pending_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_abandoned()
    token = secrets.token_urlsafe(32)
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    descriptor = os.open(
        directory / f"{token}{suffix}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
    )
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    request.session[PENDING_SESSION_KEY] = {
        "token": token,
        "suffix": suffix,
        "filename": filename[:200],
        "indicator": indicator.pk,
        "user": request.user.pk,
    }
    return token


def _take_pending(request, indicator, token: str) -> tuple[bytes, str] | None:
    """The pending upload the confirmation names, if it is this user's for this indicator:
    its content and file name. The file and the session entry are gone afterwards."""
    entry = request.session.get(PENDING_SESSION_KEY)
    if not entry or entry.get("token") != token:
        return None
    if entry.get("indicator") != indicator.pk or entry.get("user") != request.user.pk:
        return None
    path = _pending_path(entry["token"], entry.get("suffix", ""))
    del request.session[PENDING_SESSION_KEY]
    if path is None or not path.is_file():
        return None
    try:
        data = path.read_bytes()
    finally:
        path.unlink(missing_ok=True)
    return data, entry.get("filename", path.name)


# --- pages ------------------------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(int(value) if value.is_integer() else value)


def _changes_for_display(changes: list[services.RowChange]) -> list[SimpleNamespace]:
    names = dict(
        Area.objects.filter(code__in={c.area_code for c in changes}).values_list("code", "title")
    )
    return [
        SimpleNamespace(
            area=f"{names.get(c.area_code, '')} ({c.area_code})",
            period=c.period,
            gender=Gender(c.gender).label,
            breakdown=SCHOOL_YEARS.get(c.breakdown, c.breakdown),
            is_new=c.is_new,
            old=_number(c.old_value) if not c.is_new else "",
            old_status=ObservationStatus(c.old_status).label if c.old_status else "",
            new=_number(c.value),
            status=ObservationStatus(c.status).label,
        )
        for c in changes[:MAX_SHOWN]
    ]


def _upload_page(request, indicator, form, *, problems=(), filename="", status=200):
    return render(
        request,
        "web/data/upload.html",
        {
            "indicator": indicator,
            "form": form,
            "problems": list(problems)[:MAX_SHOWN],
            "problem_count": len(problems),
            "filename": filename,
            "title": _("Upload values"),
            "breadcrumbs": _crumbs(indicator),
            "template_csv_url": reverse("web:data_template_csv", args=[indicator.pk]),
            "template_xlsx_url": reverse("web:data_template_xlsx", args=[indicator.pk]),
            "cancel_url": reverse("web:indicator_detail", args=[indicator.pk]),
        },
        status=status,
    )


def upload_values(request, pk):
    """GET: the upload form. POST: check the whole file; show every problem, or a preview of
    what would change with a button to confirm. Nothing is written here."""
    indicator, refusal = _indicator_for_upload(request, pk)
    if refusal:
        return refusal
    form = UploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, indicator, form)
    uploaded = form.cleaned_data["file"]
    data = uploaded.read(upload.MAX_BYTES + 1)
    parsed = upload.parse_upload(data, uploaded.name, indicator)
    if parsed.problems:
        return _upload_page(
            request, indicator, UploadForm(), problems=parsed.problems, filename=uploaded.name
        )
    token = _keep_pending(request, indicator, data, uploaded.name)
    preview = services.preview_observations(parsed.rows)
    return render(
        request,
        "web/data/preview.html",
        {
            "indicator": indicator,
            "title": _("Check the upload"),
            "breadcrumbs": _crumbs(indicator),
            "filename": uploaded.name,
            "preview": preview,
            "changes": _changes_for_display(preview.changes),
            "more_changes": max(0, len(preview.changes) - MAX_SHOWN),
            "confirm_form": ConfirmUploadForm(initial={"token": token}),
            "confirm_url": reverse("web:data_upload_confirm", args=[indicator.pk]),
            "cancel_url": reverse("web:data_upload", args=[indicator.pk]),
        },
    )


def confirm_upload(request, pk):
    """POST: write the previewed file (read and checked again) in one transaction."""
    indicator, refusal = _indicator_for_upload(request, pk)
    if refusal:
        return refusal
    if refused := post_only(request):
        return refused
    form = ConfirmUploadForm(request.POST)
    pending = _take_pending(request, indicator, form.data.get("token", ""))
    if pending is None:
        messages.error(
            request,
            _(
                "There is no upload to confirm: it was saved already or replaced by a later "
                "upload. Upload the file again."
            ),
        )
        return redirect("web:data_upload", pk=indicator.pk)
    data, filename = pending
    parsed = upload.parse_upload(data, filename, indicator)
    if parsed.problems:  # something changed since the preview (say, an area was removed)
        return _upload_page(
            request, indicator, UploadForm(), problems=parsed.problems, filename=filename
        )
    batch = services.record_observations(
        [parsed.rows],
        source=BatchSource.UPLOAD,
        by=request.user,
        description=f"{indicator.title}: {filename}",
        indicator_ids=[indicator.pk],
    )
    return render(
        request,
        "web/data/result.html",
        {
            "indicator": indicator,
            "title": _("The values were saved"),
            "breadcrumbs": _crumbs(indicator),
            "filename": filename,
            "batch": batch,
            "indicator_url": reverse("web:indicator_detail", args=[indicator.pk]),
            "upload_url": reverse("web:data_upload", args=[indicator.pk]),
        },
    )


def _template_name(indicator, suffix: str) -> str:
    return f"mall-{slugify(indicator.title)[:60] or 'indikator'}-{indicator.pk}{suffix}"


def _indicator_for_upload(request, pk):
    """The indicator, and the page to answer with instead when it takes no uploads."""
    indicator = indicator_access.get_indicator_for_data_entry(request.user, pk)
    if sources.get(BatchSource.UPLOAD).accepts(indicator):
        return indicator, None
    return indicator, _not_accepted(
        request,
        indicator,
        _("Upload values"),
        _("The values of “%(title)s” come from %(source)s; they are not uploaded.")
        % {"title": indicator.title, "source": indicator.get_source_kind_display()},
    )


def template_csv(request, pk):
    indicator, refusal = _indicator_for_upload(request, pk)
    if refusal:
        return refusal
    template = upload.template_for(indicator, settings.RIKTNING_HOME_AREA_CODE)
    text = upload.template_csv(indicator, template.area_codes, template.periods, template.values)
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_template_name(indicator, ".csv")}"'
    return response


def template_xlsx(request, pk):
    indicator, refusal = _indicator_for_upload(request, pk)
    if refusal:
        return refusal
    template = upload.template_for(indicator, settings.RIKTNING_HOME_AREA_CODE)
    response = HttpResponse(
        upload.template_xlsx(indicator, template),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_template_name(indicator, ".xlsx")}"'
    return response


def enter_values(request, pk):
    """Manual entry of a local indicator's values for the home municipality, a row per year."""
    indicator = indicator_access.get_indicator_for_data_entry(request.user, pk)
    title = _("Enter values")
    if not sources.get(BatchSource.MANUAL).accepts(indicator):
        return _not_accepted(
            request,
            indicator,
            title,
            _("The values of “%(title)s” come from %(source)s; they are not typed in here.")
            % {"title": indicator.title, "source": indicator.get_source_kind_display()},
        )
    area_code = settings.RIKTNING_HOME_AREA_CODE
    url = reverse("web:data_manual", args=[indicator.pk])
    form = ManualEntryForm(
        posted(request),
        indicator=indicator,
        area_code=area_code,
        years=manual.form_years(indicator, area_code),
    )
    if request.method == "POST" and form.is_valid():
        rows = manual.rows_from_form(indicator, area_code, form.entered())
        problems = services.check_rows(rows)
        for problem in problems:
            form.add_error(None, str(problem))
        if not rows:
            form.add_error(None, _("Type at least one value."))
        held = [] if form.errors else manual.held_by_import(indicator, area_code, rows)
        if held and not request.POST.get("keep_typed"):
            return _manual_page(request, indicator, form, area_code, url, held=held)
        if not form.errors:
            batch = services.record_observations(
                [rows],
                source=BatchSource.MANUAL,
                by=request.user,
                description=indicator.title,
                indicator_ids=[indicator.pk],
            )
            return saved(
                request,
                _(
                    "The values were saved: %(added)s added, %(changed)s changed, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "added": batch.rows_added,
                    "changed": batch.rows_changed,
                    "unchanged": batch.rows_unchanged,
                },
                url,
            )
    return _manual_page(request, indicator, form, area_code, url)


def _manual_page(request, indicator, form, area_code, url, held=()):
    """The manual entry form; with `held`, above it the values an import already holds that the
    typed ones would overwrite (nothing saved yet; sending again keeps the typed ones)."""
    area = Area.objects.filter(code=area_code).first()
    return render(
        request,
        "web/data/manual.html",
        {
            "indicator": indicator,
            "form": form,
            "title": _("Enter values"),
            "area": area,
            "area_code": area_code,
            "held": [
                {
                    **vars(h),
                    "gender_label": Gender(h.gender).label,
                    "typed_text": _number(h.typed),
                    "held_text": _number(h.held),
                }
                for h in held
            ],
            "breadcrumbs": _crumbs(indicator),
            "cancel_url": reverse("web:indicator_detail", args=[indicator.pk]),
            "upload_url": reverse("web:data_upload", args=[indicator.pk]),
        },
    )
