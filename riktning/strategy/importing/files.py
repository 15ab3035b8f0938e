"""What kind of file a document to import is, and whether it may be opened at all.

Everything here looks at the raw bytes before any reader parses them: the size limit, the type
by content (not only by name), macros, encryption, and archives or streams that would unpack to
far more than they weigh (zip and XML bombs, PDF streams that inflate without end). A file that
fails is refused with a `DocumentRefused` saying in Swedish what is wrong; nothing is written.
"""

import math
import re
import zipfile
import zlib
from io import BytesIO
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

# The kinds of file a document is read from.
DOCX, PDF, TEXT = "docx", "pdf", "txt"

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted (password-protected) .docx is an OLE container holding these streams (UTF-16).
OLE_ENCRYPTION_MARKERS = (
    "EncryptionInfo".encode("utf-16-le"),
    "EncryptedPackage".encode("utf-16-le"),
)

# A Word file's archive: python-docx reads every member into memory, so the declared sizes of
# all members together are bounded, and so is how much any one member may grow when unpacked.
# Python's zipfile never unpacks more than a member's declared size, so checking the declared
# sizes is enough.
ZIP_MAX_MEMBERS = 2_000
ZIP_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200  # unpacked / packed, for members larger than ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 1024 * 1024
MACRO_CONTENT_TYPE = b"macroEnabled"
# What reading a damaged archive raises (a bad header, a bad deflate stream, a wrong CRC, a
# compression method Python lacks, a member missing from the directory).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    ValueError,
    EOFError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)

# A PDF's compressed streams together may unpack to at most this many times the file's size
# (and never more than PDF_MAX_UNPACKED_BYTES): text, fonts and page descriptions are far below.
PDF_MAX_RATIO = 100
PDF_MAX_UNPACKED_BYTES = 512 * 1024 * 1024
PDF_MAX_PAGES = 2_000
PDF_STREAM = re.compile(rb"stream\r?\n")


class DocumentRefused(ValidationError):
    """The file cannot be imported; the message says why, in the user's language."""


def max_bytes() -> int:
    return settings.DOCUMENT_IMPORT_MAX_BYTES


def check_file(data: bytes, filename: str = "") -> str:
    """The kind of file (DOCX, PDF or TEXT) `data` is, or DocumentRefused.

    `filename` is only compared with the content: a file named .pdf must be a PDF, and so on;
    an empty name (pasted text) is read as text."""
    if not data or not data.strip():
        raise DocumentRefused(empty_message(), code="empty")
    limit = max_bytes()
    if len(data) > limit:
        raise DocumentRefused(
            _(
                "The file is too large: at most %(max)s MB can be imported (this one is "
                "%(size)s MB)."
            )
            % {"max": _megabytes(limit), "size": _megabytes(len(data), up=True)},
            code="too_large",
        )
    named = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if named in {"docm", "dotm"}:
        raise _macro_refusal()
    if named in {"doc", "dot", "rtf", "odt", "pages", "wpd"}:
        raise DocumentRefused(
            _(
                "“.%(extension)s” files cannot be imported. Save the document as Word (.docx), "
                "PDF or text (.txt) and import that file."
            )
            % {"extension": named},
            code="wrong_type",
        )
    found = sniff(data)
    if found is None:
        raise DocumentRefused(
            _(
                "The file is neither a Word file (.docx), a PDF nor plain text, so it cannot be "
                "read."
            ),
            code="wrong_type",
        )
    expected = {"docx": DOCX, "dotx": DOCX, "pdf": PDF, "txt": TEXT, "text": TEXT, "md": TEXT}
    if named and named in expected and expected[named] != found:
        raise DocumentRefused(
            _("The file is called .%(named)s but its content is %(found)s.")
            % {"named": named, "found": kind_label(found)},
            code="wrong_type",
        )
    if named and named not in expected:
        raise DocumentRefused(
            _("“.%(extension)s” files cannot be imported: only Word (.docx), PDF and text (.txt).")
            % {"extension": named},
            code="wrong_type",
        )
    if found == DOCX:
        check_docx_archive(data)
    elif found == PDF:
        check_pdf_streams(data)
    return found


def empty_message() -> str:
    return _("The document is empty: there is no text in it to import.")


def kind_label(kind: str) -> str:
    return {DOCX: _("a Word file"), PDF: _("a PDF"), TEXT: _("plain text")}[kind]


def sniff(data: bytes) -> str | None:
    """DOCX, PDF or TEXT from the content; None for anything else. An OLE container (an old
    .doc, or an encrypted .docx) is refused here with its own message."""
    head = data[:1024]
    if b"%PDF-" in head:  # readers accept the header anywhere in the first kilobyte
        return PDF
    if head[:4] == b"PK\x03\x04":
        return DOCX
    if head[:8] == OLE_SIGNATURE:
        if any(marker in data for marker in OLE_ENCRYPTION_MARKERS):
            raise DocumentRefused(
                _(
                    "The Word file is password-protected (encrypted) and cannot be read. Remove "
                    "the password in Word (File → Info → Protect document) and import it again."
                ),
                code="encrypted",
            )
        raise DocumentRefused(
            _(
                "The file is in the old Word format (.doc) or another binary format. Save it as "
                "Word (.docx) or PDF and import that file."
            ),
            code="wrong_type",
        )
    if looks_like_text(data):
        return TEXT
    return None


def looks_like_text(data: bytes) -> bool:
    """Text has no NUL bytes and almost no control characters (UTF-16 text has NULs: refused,
    as its decoding is a guess)."""
    if b"\x00" in data:
        return False
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls <= len(sample) // 1000


def check_docx_archive(data: bytes) -> None:
    """A Word file's archive: readable, a Word document, no macros, no bomb."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except ZIP_ERRORS:
        raise broken_file(DOCX) from None
    names = {member.filename.lower() for member in members}
    if "word/document.xml" not in names or "[content_types].xml" not in names:
        raise DocumentRefused(
            _("The file is a zip archive but not a Word document (.docx)."), code="wrong_type"
        )
    if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
        raise _macro_refusal()
    if len(members) > ZIP_MAX_MEMBERS:
        raise _bomb()
    unpacked = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise DocumentRefused(
                _("The Word file is encrypted and cannot be read."), code="encrypted"
            )
        unpacked += member.file_size
        if member.file_size > ZIP_RATIO_FLOOR and member.file_size > ZIP_MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise _bomb()
    if unpacked > ZIP_MAX_UNPACKED_BYTES:
        raise _bomb()
    try:
        content_types = archive.read(_member(archive, "[Content_Types].xml"))
    except ZIP_ERRORS:
        raise broken_file(DOCX) from None
    if MACRO_CONTENT_TYPE.lower() in content_types.lower():
        raise _macro_refusal()
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels")):
            check_xml(archive, member)


def check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """An XML part of the archive: well-formed and without a DTD, so that no entity can expand
    (the "billion laughs") or reach outside; read by defusedxml without building a tree."""
    try:
        raw = archive.read(member)
        defusedxml.sax.parseString(raw, ContentHandler(), forbid_dtd=True)
    except DefusedXmlException:
        raise _bomb() from None
    except (SAXException, *ZIP_ERRORS):
        raise broken_file(DOCX) from None


def _member(archive: zipfile.ZipFile, name: str) -> str:
    for member in archive.namelist():
        if member.lower() == name.lower():
            return member
    raise KeyError(name)


def check_pdf_streams(data: bytes) -> None:
    """Unpack every Flate-compressed stream of the PDF once, in bounded pieces and throwing the
    output away, and refuse the file if together they would grow beyond PDF_MAX_RATIO times
    the file's size: pdfminer unpacks a stream whole, in memory, with no limit of its own."""
    budget = min(PDF_MAX_RATIO * len(data), PDF_MAX_UNPACKED_BYTES)
    total = 0
    for match in PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        position = match.end()
        # Not every stream is Flate: one that is not fails at once and costs nothing.
        chunk = data[position : position + 65536]
        while chunk:
            try:
                out = inflater.decompress(chunk, 1 << 20)
                total += len(out)
                while inflater.unconsumed_tail and total <= budget:
                    out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                    total += len(out)
            except zlib.error:
                break
            if total > budget:
                raise _bomb()
            if inflater.eof:
                break
            position += len(chunk)
            chunk = data[position : position + 65536]


def _macro_refusal() -> DocumentRefused:
    return DocumentRefused(
        _(
            "The document contains macros (a macro-enabled Word file), which Riktning does not "
            "open. Save it in Word as an ordinary Word document (.docx) and import that file."
        ),
        code="macros",
    )


def _bomb() -> DocumentRefused:
    return DocumentRefused(
        _(
            "The file unpacks to far more than its size, as a damaged or malicious file does; "
            "it was not opened."
        ),
        code="bomb",
    )


def broken_file(kind: str) -> DocumentRefused:
    return DocumentRefused(
        _("The file is damaged: it looks like %(kind)s but cannot be read.")
        % {"kind": kind_label(kind)},
        code="broken",
    )


def _megabytes(size: int, up: bool = False) -> str:
    """Megabytes with one decimal where there is one ("20", "2,1"); rounded up for a file's
    size, so that a file over the limit never shows as the limit itself."""
    value = size / (1024 * 1024)
    if up:
        value = math.ceil(value * 10) / 10
    return floatformat(value, -1)
