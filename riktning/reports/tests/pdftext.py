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


def pdf_figures(data: bytes) -> list[str]:
    """The alternative text of every Figure in the PDF's structure tree (tagged PDF), in order;
    "" for a Figure without one."""
    import ctypes

    import pypdfium2.raw as pdfium

    def text(getter, element) -> str:
        size = getter(element, None, 0)
        if size <= 2:
            return ""
        buffer = ctypes.create_string_buffer(size)
        getter(element, buffer, size)
        return buffer.raw[: size - 2].decode("utf-16-le")

    def walk(element, found):
        if text(pdfium.FPDF_StructElement_GetType, element) == "Figure":
            found.append(text(pdfium.FPDF_StructElement_GetAltText, element))
        for i in range(pdfium.FPDF_StructElement_CountChildren(element)):
            child = pdfium.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                walk(child, found)

    document = pypdfium2.PdfDocument(data)
    found: list[str] = []
    try:
        for page in document:
            tree = pdfium.FPDF_StructTree_GetForPage(page.raw)
            try:
                for i in range(pdfium.FPDF_StructTree_CountChildren(tree)):
                    walk(pdfium.FPDF_StructTree_GetChildAtIndex(tree, i), found)
            finally:
                pdfium.FPDF_StructTree_Close(tree)
    finally:
        document.close()
    return found
