"""Two versions of a steering document as a marked-up comparison: Word with real revision marks
(w:ins / w:del, the clerk accepts or rejects each change in Word), PDF (tagged PDF/UA-1) and
HTML, and at the end the change list with each change's cause: the comment and the body that
gave it, from the consultation rounds (nextversion.comparison_links). The layout is
strategy/export/redline.py's.

`riktning report comparison <a> <b> --format docx -o jamforelse.docx` (a: the earlier version)
"""

import datetime
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from riktning.accounts.constants import Role
from riktning.accounts.municipality import municipality_name
from riktning.reports.registry import ReportNotFound, pick
from riktning.strategy.compare import compare_versions
from riktning.strategy.export import redline
from riktning.strategy.export import render as layout
from riktning.strategy.export.outline import outline, status_line
from riktning.strategy.models import Version

from .nextversion import comparison_links

FORMATS = ("html", "pdf", "docx")
REFS = 2  # `riktning report comparison <a> <b>`


class Operator:
    """Whoever runs `riktning report` on the server: sees every round (as a coordinator)."""

    is_authenticated = True
    _riktning_roles = frozenset({Role.COORDINATOR})


@dataclass(frozen=True)
class VersionPair:
    old: Version
    new: Version
    viewer: object  # whose view of the consultation rounds gives the causes


def resolve(ref: str, other: str = "") -> VersionPair:
    """Two versions of the same document by id ("latest" for the second: the newest version of
    the first one's document)."""
    versions = Version.objects.select_related("document")
    old = pick(versions, ref, latest_by=("-created_at", "-id"))
    if old is None:
        raise ReportNotFound(f"Det finns ingen version {ref!r}.")
    new = pick(versions.filter(document=old.document), other or "", latest_by=("-number", "-id"))
    if new is None:
        raise ReportNotFound(
            f"Det finns ingen version {other!r} av ”{old.document.title}” att jämföra med."
        )
    if new.pk == old.pk:
        raise ReportNotFound("Välj två olika versioner att jämföra.")
    return VersionPair(old, new, Operator())


def pair_for(old: Version, new: Version, user) -> VersionPair:
    """The pair as `user` sees it (the web's download); the caller has checked access."""
    return VersionPair(old, new, user)


def filename(pair: VersionPair, fmt: str) -> str:
    return f"jamforelse-{pair.old.pk}-{pair.new.pk}.{fmt}"


def author_of(version: Version) -> redline.Author:
    """Who the revision marks name: the person who recorded the version, else the
    municipality; when: the version's creation."""
    first = version.status_changes.select_related("recorded_by").order_by("recorded_at", "id")
    change = first.filter(recorded_by__isnull=False).first()
    name = ""
    if change is not None:
        name = change.recorded_by.get_full_name() or change.recorded_by.get_username()
    name = name or municipality_name() or "Riktning"
    when = version.created_at.astimezone(datetime.UTC).replace(microsecond=0)
    return redline.Author(name, when.strftime("%Y-%m-%dT%H:%M:%SZ"))


def cause_text(comment) -> str:
    organisation = comment.statement.organisation.name
    text = " ".join(comment.text.split())
    if len(text) > 300:
        text = text[:299] + "…"
    if getattr(comment, "proposal_applied", False):
        outcome = _("text proposal applied")
    elif getattr(comment, "linked_by_hand", False):
        outcome = _("linked by the coordinator")
    else:
        outcome = ""
    head = _("Comment from %(name)s") % {"name": organisation}
    if outcome:
        head += f" ({outcome})"
    return f"{head}: ”{text}”" if text else head


def render(obj: VersionPair, fmt: str, *, progress=None) -> bytes:
    """The comparison in Swedish, whatever language the caller had active."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    old, new = obj.old, obj.new
    with translation.override("sv"):
        old_status, new_status = status_line(old), status_line(new)
        pairs = redline.align(
            redline.with_status(outline(old), old_status),
            redline.with_status(outline(new), new_status),
        )
        forced, causes = comparison_links(old, new, obj.viewer)
        comparison = compare_versions(old, new, forced=forced, causes=causes)
        rows = redline.change_rows(comparison, cause_text)
        title = _("Comparison: %(old)s and %(new)s") % {"old": old.title, "new": new.title}
        if old.title == new.title:
            title = _("Comparison: %(title)s, version %(old)s and %(new)s") % {
                "title": new.title,
                "old": old.number,
                "new": new.number,
            }
        about = redline.explanation(
            old.title, new.title, old_status, new_status, word=fmt == "docx"
        )
        if fmt == "docx":
            return redline.docx_bytes(
                title=title, pairs=pairs, author=author_of(new), about=about, rows=rows
            )
        html = redline.html_document(title=title, pairs=pairs, about=about, rows=rows)
        if fmt == "html":
            return html.encode("utf-8")
        return layout.pdf_from_html(html)
