"""The text of a PDF as the tests read it: PDFium (pypdfium2, a runtime dependency already),
so no test depends on poppler-utils being installed."""

import pypdfium2


def pdf_text(data: bytes) -> str:
    """Every page's text, with runs of white space made one space."""
    document = pypdfium2.PdfDocument(data)
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    return " ".join(" ".join(pages).split())


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, in order, with runs of white space made one space."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def pdf_font_families(data: bytes) -> set[str]:
    """The font families of every character drawn ("DejaVu-Sans" for "ABCDEF+DejaVu-Sans-Bold")."""
    import ctypes
    import re

    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(data)
    families = set()
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    try:
        for page in document:
            textpage = page.get_textpage()
            for index in range(pdfium.FPDFText_CountChars(textpage.raw)):
                if pdfium.FPDFText_GetFontInfo(textpage.raw, index, buffer, 256, flags):
                    name = re.sub(r"^[A-Z]{6}\+", "", buffer.value.decode())
                    families.add(re.sub(r"[-,](Bold|Oblique|Italic|BoldOblique)$", "", name))
    finally:
        document.close()
    return families


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) of every page in points."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [tuple(page.get_size()) for page in document]
    finally:
        document.close()
