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
