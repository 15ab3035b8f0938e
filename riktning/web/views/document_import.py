"""Importing a steering document on the web: upload (a file or pasted text) → review → confirm.

The coordinator's only (strategy.access.require_strategy_manager). Nothing is written before the
confirmation. Between the steps the proposed tree lives in the session as review rows
(`importing/review.py`), with the user, the document it is a version of, the file's name, size
and SHA-256, the source text and a revision (a random mark, new with every change): every
correction and the confirmation name the revision they were made on, so a page left open in
another tab (or one of an earlier upload) cannot change or save a proposal it no longer shows
(409). On confirmation the rows are checked again (their kinds,
the tree they make, the catalogue entries they point to) before `save_import` writes anything.
"""

import hashlib
import secrets

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from riktning.strategy import access as strategy_access
from riktning.strategy.importing import DocumentRefused, review
from riktning.strategy.importing.blocks import HEADING
from riktning.strategy.importing.files import max_bytes
from riktning.strategy.importing.save import default_title, save_import
from riktning.strategy.importing.service import catalogue_matcher, read_and_propose
from riktning.strategy.models import SteeringDocument

from ..forms_import import ImportConfirmForm, ImportUploadForm
from .edit_common import post_only

SESSION_KEY = "riktning_document_import"
KIND_LABELS = {
    review.SECTION: gettext_noop("Section"),
    review.AREA: gettext_noop("Development area"),
    review.SUBSECTION: gettext_noop("Section of the area"),
    review.GOAL: gettext_noop("Goal"),
    review.INDICATOR: gettext_noop("Indicator"),
}
CHANGES = ("kind", "merge", "split", "match", "unmatch")
# The source text kept in the session for the review, in characters (a 40-page strategy has
# about 100,000); beyond it the source shown ends with "…" (the tree is whole).
MAX_SOURCE_CHARS = 400_000


def _kind_labels() -> dict[str, str]:
    return {kind: _(label) for kind, label in KIND_LABELS.items()}


def _crumbs() -> list[tuple[str, str]]:
    return [(_("Steering documents"), reverse("web:document_list"))]


# --- the pending import in the session -----------------------------------------------------


def _pending(request) -> dict | None:
    entry = request.session.get(SESSION_KEY)
    if not entry or entry.get("user") != request.user.pk:
        return None
    return entry


def _document(entry) -> SteeringDocument | None:
    if not entry.get("document"):
        return None
    return SteeringDocument.objects.filter(pk=entry["document"]).first()


def _stale(request, entry) -> bool:
    return request.POST.get("revision") != str(entry["revision"])


def _conflict(request) -> HttpResponse:
    return render(
        request,
        "web/import/conflict.html",
        {
            "title": _("The proposal has changed"),
            "breadcrumbs": _crumbs(),
            "review_url": reverse("web:document_import_review"),
        },
        status=409,
    )


def _no_pending(request):
    messages.info(request, _("There is no imported document waiting for review. Import one."))
    return redirect("web:document_import")


# --- pages ----------------------------------------------------------------------------------


def document_import(request):
    """GET: the upload form. POST: read the file or text into a proposed tree and go on to the
    review; a file that cannot be imported is refused on the form, with nothing kept."""
    strategy_access.require_strategy_manager(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("document", "").isdigit():
        initial["document"] = request.GET["document"]
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded:
            data, filename = uploaded.read(max_bytes() + 1), uploaded.name
        else:
            data, filename = form.cleaned_data["text"], ""
        document = form.cleaned_data["document"]
        try:
            reading, tree = read_and_propose(data, filename, document=document)
        except DocumentRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            raw = data.encode("utf-8") if isinstance(data, str) else data
            request.session[SESSION_KEY] = {
                "user": request.user.pk,
                "document": document.pk if document else None,
                "filename": filename[:255],
                "size": len(raw),
                "sha256": hashlib.sha256(raw).hexdigest(),
                "source": _source(reading.blocks),
                "rows": review.as_data(review.rows_from_tree(tree)),
                "warnings": list(tree.warnings),
                "title": default_title(tree, filename) if document is None else "",
                "revision": _new_revision(),
            }
            return redirect("web:document_import_review")
    return render(
        request,
        "web/import/upload.html",
        {"form": form, "title": _("Import a steering document"), "breadcrumbs": _crumbs()},
    )


def document_import_review(request):
    """The proposed tree beside the source text, each part with its corrections, and the
    confirmation. Reads the session only."""
    strategy_access.require_strategy_manager(request.user)
    entry = _pending(request)
    if entry is None:
        return _no_pending(request)
    return _review_page(request, entry)


def _review_page(request, entry, *, form=None, problems=(), status=200):
    rows = review.rows_from_data(entry["rows"])
    document = _document(entry)
    if not problems:
        try:
            review.tree_from_rows(rows)
        except DocumentRefused as refused:
            problems = refused.messages
    # The corrections are shown for one part at a time (?part=N): a page holding every part's
    # forms would weigh megabytes for a 40-page document.
    selected = _int(request.GET.get("part"))
    query = request.GET.get("q", "").strip()[:200]
    matcher = catalogue_matcher(document) if selected is not None else None
    labels = _kind_labels()
    parts = []
    for index, row in enumerate(rows):
        paragraphs = [p for p in row.text.split("\n\n") if p.strip()]
        part = {
            "index": index,
            "number": index + 1,
            "row": row,
            "kind_label": labels[row.kind],
            "paragraphs": paragraphs,
            "split_points": [
                (number + 1, _excerpt(paragraph)) for number, paragraph in enumerate(paragraphs)
            ][1:],
        }
        part["selected"] = index == selected
        if part["selected"] and row.kind == review.INDICATOR:
            part["query"] = query
            part["candidates"] = [
                entry_
                for entry_ in matcher.search(query or row.title)
                if entry_.id != row.catalogue_id
            ]
        parts.append(part)
    title = (form.data.get("title") if form is not None else None) or entry.get("title") or ""
    if form is None:
        form = ImportConfirmForm(initial={"title": title or (document.title if document else "")})
    return render(
        request,
        "web/import/review.html",
        {
            "title": _("Review the imported document"),
            "breadcrumbs": _crumbs(),
            "entry": entry,
            "document": document,
            "parts": parts,
            "kinds": [(kind, labels[kind]) for kind in review.KINDS],
            "source": [
                {"heading": kind == HEADING, "text": text} for kind, text in entry["source"]
            ],
            "warnings": entry.get("warnings", []),
            "problems": list(problems),
            "form": form,
            "counts": {
                "areas": sum(1 for row in rows if row.kind == review.AREA),
                "goals": sum(1 for row in rows if row.kind == review.GOAL),
                "indicators": sum(1 for row in rows if row.kind == review.INDICATOR),
                "proposed": sum(
                    1 for row in rows if row.kind == review.INDICATOR and not row.catalogue_id
                ),
            },
        },
        status=status,
    )


def document_import_change(request):
    """A correction of one part (POST only): its kind, merged with the one before, split at a
    paragraph, matched to another catalogue entry or to none; or the whole import discarded."""
    strategy_access.require_strategy_manager(request.user)
    if refused := post_only(request):
        return refused
    entry = _pending(request)
    if entry is None:
        return _no_pending(request)
    if _stale(request, entry):
        return _conflict(request)
    if request.POST.get("change") == "discard":
        del request.session[SESSION_KEY]
        messages.success(request, _("The import was discarded; nothing was saved."))
        return redirect("web:document_list")
    rows = review.rows_from_data(entry["rows"])
    change = request.POST.get("change", "")
    index = _int(request.POST.get("part"))
    if change not in CHANGES or index is None or not 0 <= index < len(rows):
        return HttpResponseBadRequest(_("Unknown correction or part."))
    matcher = catalogue_matcher(_document(entry))
    try:
        if change == "kind":
            rows = review.change_kind(rows, index, request.POST.get("kind", ""), matcher)
        elif change == "merge":
            rows = review.merge(rows, index)
            index -= 1
        elif change == "split":
            rows = review.split(rows, index, _int(request.POST.get("paragraph")) or 0)
        elif change == "match":
            chosen = _int(request.POST.get("entry"))
            found = [e for e in matcher.entries if e.id == chosen]
            if not found:
                return HttpResponseBadRequest(_("Choose an indicator of the catalogue."))
            rows = review.rematch(rows, index, found[0])
        else:
            rows = review.rematch(rows, index, None)
    except ValueError:
        return HttpResponseBadRequest(_("That correction does not fit this part."))
    entry["rows"] = review.as_data(rows)
    entry["revision"] = _new_revision()
    request.session[SESSION_KEY] = entry
    messages.success(
        request, _("Part %(number)s was changed. Nothing is saved yet.") % {"number": index + 1}
    )
    return redirect(reverse("web:document_import_review") + f"?part={index}#part-{index + 1}")


def document_import_confirm(request):
    """Save the reviewed tree as a new draft version (POST only), after checking it again."""
    strategy_access.require_strategy_manager(request.user)
    if refused := post_only(request):
        return refused
    entry = _pending(request)
    if entry is None:
        return _no_pending(request)
    if _stale(request, entry):
        return _conflict(request)
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        return _review_page(request, entry, form=form, status=400)
    document = _document(entry)
    if entry.get("document") and document is None:
        return _review_page(
            request,
            entry,
            form=form,
            problems=[_("The steering document this was to be a version of no longer exists.")],
            status=409,
        )
    try:
        rows = review.rows_from_data(entry["rows"])
        tree = review.tree_from_rows(rows)
        tree.warnings = list(entry.get("warnings", []))
        record = save_import(
            tree,
            filename=entry["filename"],
            sha256=entry["sha256"],
            size=entry["size"],
            document=document,
            title=form.cleaned_data["title"],
            by=request.user,
        )
    except (DocumentRefused, ValueError, TypeError) as refused:
        problems = getattr(refused, "messages", None) or [_("The proposal could not be read.")]
        return _review_page(request, entry, form=form, problems=problems, status=400)
    del request.session[SESSION_KEY]
    version = record.version
    messages.success(
        request,
        _("“%(title)s” was saved as a new draft version.") % {"title": version.title},
    )
    return redirect("web:version_detail", version.pk)


def _source(blocks) -> list[list[str]]:
    """The blocks read, as [kind, text], up to MAX_SOURCE_CHARS; "…" closes a cut one."""
    source, total = [], 0
    for block in blocks:
        if total + len(block.text) > MAX_SOURCE_CHARS:
            source.append([block.kind, block.text[: max(MAX_SOURCE_CHARS - total, 0)] + " …"])
            return source
        source.append([block.kind, block.text])
        total += len(block.text)
    return source


def _new_revision() -> str:
    """A fresh mark for each state of the proposal: random, so that a page of an earlier import
    (replaced by a new upload) cannot pass for the current one."""
    return secrets.token_urlsafe(12)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:49].rstrip() + "…"
