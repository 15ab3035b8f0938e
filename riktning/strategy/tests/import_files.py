"""Files the document-import tests refuse or read: built here, byte by byte where no library
makes them (an encrypted PDF, a zip bomb), so that each test says what it feeds in."""

import zipfile
import zlib
from io import BytesIO

from riktning.devtools import sample_documents


def demo_docx() -> bytes:
    return sample_documents.as_docx(sample_documents.outline())


def rezip(docx: bytes, replace: dict[str, bytes] = None, add: dict[str, bytes] = None) -> bytes:
    """A copy of a Word file's archive with members replaced or added."""
    replace, add = replace or {}, add or {}
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = replace.get(member.filename, source.read(member))
            target.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in add.items():
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of the given objects (numbered from 1), with a correct cross-reference table."""
    out = BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


PAGE_TREE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty: no reader
    opens it without the password."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
        b"11" * 32,
        b"22" * 32,
    )
    return pdf([*PAGE_TREE, encrypt], b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (b"ab" * 16, b"ab" * 16))


def pdf_stream_bomb() -> bytes:
    """A small PDF one of whose streams inflates to 64 MB of zeros."""
    packed = zlib.compress(b"\0" * (64 * 1024 * 1024), 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed
    return pdf([*PAGE_TREE, stream + b"\nendstream"])


def encrypted_docx() -> bytes:
    """What Word saves for a password-protected document: an OLE compound file holding the
    streams EncryptionInfo and EncryptedPackage (their names in UTF-16 in its directory)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\0")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    return header + directory + b"\x5a" * 2048


def old_word() -> bytes:
    """An old binary Word file (.doc): an OLE compound file with a WordDocument stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + "WordDocument".encode("utf-16-le").ljust(128, b"\0") + b"\x01" * 2048


def zip_bomb_docx() -> bytes:
    """A Word file carrying a member that unpacks to 5,000 times its packed size."""
    return rezip(demo_docx(), add={"word/media/image1.bin": b"\0" * (5 * 1024 * 1024)})


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"""


def xml_bomb_docx() -> bytes:
    return rezip(demo_docx(), replace={"word/document.xml": BILLION_LAUGHS})


def macro_docx() -> bytes:
    """A Word file carrying a VBA project, as a .docm does (renamed .docx)."""
    return rezip(demo_docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512})


def macro_content_type_docx() -> bytes:
    docx = demo_docx()
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        types = archive.read("[Content_Types].xml")
    macro = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert macro != types
    return rezip(docx, replace={"[Content_Types].xml": macro})


def empty_docx() -> bytes:
    import docx

    out = BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def not_a_word_zip() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bilder/karta.png", b"\x89PNG" + b"\0" * 100)
    return out.getvalue()
