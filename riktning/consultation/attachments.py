"""Checking an uploaded attachment before anything is written: its type by its content (not
only its name), its size, and a display name that cannot reach outside anything.

A PDF starts with `%PDF-`; a Word file (DOCX) is a zip archive holding `[Content_Types].xml`
and `word/document.xml`. Anything else is refused, whatever it is called."""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_MB, ATTACHMENT_TYPES

DOCX_MEMBERS = ("[Content_Types].xml", "word/document.xml")


@dataclass(frozen=True)
class CheckedFile:
    extension: str  # "pdf" or "docx"
    content_type: str
    size: int
    sha256: str
    display_name: str


def sniff(upload) -> str | None:
    """ "pdf", "docx" or None, from the file's content."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(getattr(upload, "file", upload)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if all(member in names for member in DOCX_MEMBERS):
            return "docx"
    return None


def display_name(name: str, extension: str) -> str:
    """The uploaded name, only for showing and for the download's file name: the last part of
    any path, without control characters, quotes or leading dots, at most 120 characters, and
    ending in the file's real extension."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r'["<>|:*?;]', "", stem).strip().lstrip(".").strip()
    stem = stem[:110].strip() or _("attachment")
    return f"{stem}.{extension}"


def check_upload(upload) -> CheckedFile:
    """The facts of an uploaded file, or a ValidationError saying in Swedish what is wrong."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(max)s MB is accepted.")
            % {"max": ATTACHMENT_MAX_MB},
            code="too_large",
        )
    named = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if named not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Only PDF and Word (.docx) files can be attached."), code="wrong_type"
        )
    found = sniff(upload)
    if found is None:
        raise ValidationError(
            _(
                "The file is called .%(extension)s but is not a PDF or Word (.docx) file. "
                "Only PDF and Word (.docx) files can be attached."
            )
            % {"extension": named},
            code="wrong_type",
        )
    if found != named:
        raise ValidationError(
            _("The file is called .%(named)s but its content is a %(found)s file.")
            % {"named": named, "found": found.upper()},
            code="wrong_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        extension=found,
        content_type=ATTACHMENT_TYPES[found],
        size=size,
        sha256=digest.hexdigest(),
        display_name=display_name(name, found),
    )
