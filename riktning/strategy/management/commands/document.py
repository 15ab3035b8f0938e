"""riktning document import FILE [--document "Title"] [--title "Title"] [--dry-run] [--json]

Without --dry-run the proposed tree is saved as it is read (importing/save.py, the same service
as the web review's confirmation) and the new version's id and URL are printed."""

import hashlib
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.strategy.constants import IndicatorRole
from riktning.strategy.importing import DocumentRefused, propose_import
from riktning.strategy.importing.files import max_bytes
from riktning.strategy.importing.save import save_import
from riktning.strategy.models import SteeringDocument


class Command(BaseCommand):
    help = "Import a steering document from a Word, PDF or text file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        read = sub.add_parser(
            "import", help="read a .docx, text-based .pdf or .txt file into a proposed version"
        )
        read.add_argument("file", help="the file to import (- reads text from standard input)")
        read.add_argument(
            "--document", help="the title of the existing document whose next version this is"
        )
        read.add_argument(
            "--title",
            help="the title of the new version (of a new document: its title); by default the "
            "document's first heading",
        )
        read.add_argument(
            "--dry-run", action="store_true", help="show what would be imported; save nothing"
        )
        read.add_argument(
            "--json", dest="as_json", action="store_true", help="print the proposed tree as JSON"
        )

    def handle(self, *args, action, file, document, title, dry_run, as_json, **options):
        existing = find_document(document) if document else None
        data, name = read_input(file)
        try:
            tree = propose_import(data, name, document=existing)
        except DocumentRefused as refused:
            raise CommandError(" ".join(refused.messages)) from None
        if not dry_run:
            try:
                record = save_import(
                    tree,
                    filename=name,
                    sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data),
                    document=existing,
                    title=title,
                )
            except DocumentRefused as refused:
                raise CommandError(" ".join(refused.messages)) from None
            version = record.version
            url = reverse("web:version_detail", args=[version.pk])
            self.stdout.write(
                _("Saved as version %(id)s, “%(title)s” (draft): %(url)s")
                % {"id": version.pk, "title": version.title, "url": url}
            )
            for warning in tree.warnings:
                self.stderr.write(_("Warning: %(text)s") % {"text": warning})
            return
        if as_json:
            self.stdout.write(dumps(tree.as_json()))
            return
        self.stdout.write(describe(tree))


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def find_document(title: str) -> SteeringDocument:
    found = list(SteeringDocument.objects.filter(title__iexact=title.strip())[:2])
    if not found:
        raise CommandError(_("There is no steering document “%(title)s”.") % {"title": title})
    if len(found) > 1:
        raise CommandError(
            _("More than one steering document is called “%(title)s”.") % {"title": title}
        )
    return found[0]


def read_input(file: str) -> tuple[bytes, str]:
    """The file's bytes and name; no more than one byte over the limit is read."""
    if file == "-":
        data = sys.stdin.buffer.read(max_bytes() + 1)
        return data, ""
    path = Path(file)
    if not path.is_file():
        raise CommandError(_("There is no file “%(file)s”.") % {"file": file})
    with path.open("rb") as handle:
        data = handle.read(max_bytes() + 1)  # one byte more than allowed: too large is refused
    return data, path.name


def describe(tree) -> str:
    """The proposed tree for a person at a terminal."""
    lines = []
    for section in tree.sections:
        lines.append(_("Section: %(title)s") % {"title": section.title or "–"})
    for area in tree.areas:
        lines.append(_("Area: %(name)s") % {"name": area.name})
        for goal in area.goals:
            lines.append("  " + _("Goal: %(text)s") % {"text": goal.text})
            for link in goal.indicators:
                match = (
                    _("catalogue %(id)s, score %(score)s")
                    % {"id": link.catalogue_id, "score": f"{link.score:.0f}"}
                    if link.catalogue_id
                    else _("not in the catalogue")
                )
                lines.append(
                    "    "
                    + _("Indicator (%(role)s): %(text)s [%(match)s]")
                    % {"role": IndicatorRole(link.role).label, "text": link.text, "match": match}
                )
    for warning in tree.warnings:
        lines.append(_("Warning: %(text)s") % {"text": warning})
    return "\n".join(lines)
