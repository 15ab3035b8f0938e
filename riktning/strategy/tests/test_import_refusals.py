"""Files a coordinator might try to import that are refused, each with a Swedish message that
says why, and nothing written."""

from pathlib import Path

import pytest
from django.apps import apps

from riktning.devtools import sample_documents
from riktning.strategy.importing import DocumentRefused, propose_import

from . import import_files

SEED_001 = Path(__file__).parent / "data" / "001_9f6b5ab108070236.txt"
pytestmark = pytest.mark.django_db

REFUSED = [
    # (file name, content, code, words the Swedish message contains)
    ("tom.txt", lambda: b"", "empty", "Dokumentet är tomt"),
    ("blankt.txt", lambda: b" \n\n\t \n", "empty", "Dokumentet är tomt"),
    ("tom.docx", import_files.empty_docx, "empty", "Dokumentet är tomt"),
    (
        "skannad.pdf",
        sample_documents.scanned_pdf,
        "scanned",
        "PDF-filen innehåller ingen text – den är troligen inskannad",
    ),
    ("losen.pdf", import_files.encrypted_pdf, "encrypted", "lösenordsskyddad"),
    ("losen.docx", import_files.encrypted_docx, "encrypted", "lösenordsskyddad"),
    ("gammal.doc", import_files.old_word, "wrong_type", ".doc"),
    ("gammal.docx", import_files.old_word, "wrong_type", "gamla Word-formatet"),
    ("makro.docm", import_files.demo_docx, "macros", "makron"),
    ("makro.docx", import_files.macro_docx, "macros", "makron"),
    ("makrotyp.docx", import_files.macro_content_type_docx, "macros", "makron"),
    ("trasig.docx", lambda: import_files.demo_docx()[:3000], "broken", "skadad"),
    ("trasig.pdf", lambda: b"%PDF-1.7\n" + b"\x00\xff" * 400, "broken", "skadad"),
    ("arkiv.docx", import_files.not_a_word_zip, "wrong_type", "inte ett Word-dokument"),
    ("bomb.docx", import_files.zip_bomb_docx, "bomb", "packas upp"),
    ("xmlbomb.docx", import_files.xml_bomb_docx, "bomb", "packas upp"),
    ("strombomb.pdf", import_files.pdf_stream_bomb, "bomb", "packas upp"),
    ("fel.pdf", import_files.demo_docx, "wrong_type", "heter .pdf men innehåller en Word-fil"),
    ("fel.txt", sample_documents.scanned_pdf, "wrong_type", "heter .txt men innehåller en PDF"),
    ("program.exe", lambda: b"Strategi\n\nText.\n", "wrong_type", ".exe"),
    ("bild.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "wrong_type", "varken"),
    ("latin.txt", lambda: "Mål\n\nÅtgärd".encode() + b"\x81\x8d\x90", "encoding", "UTF-8"),
    ("brev.txt", lambda: SEED_001.read_bytes(), "no_area", "utvecklingsområde"),
]


@pytest.mark.parametrize(
    ("name", "content", "code", "words"), REFUSED, ids=[row[0] for row in REFUSED]
)
def test_a_file_that_cannot_be_imported_is_refused_with_the_reason(name, content, code, words):
    data = content()
    before = model_counts()

    with pytest.raises(DocumentRefused) as refused:
        propose_import(data, name)

    assert refused.value.code == code
    assert words in refused.value.messages[0]
    assert model_counts() == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(settings):
    settings.DOCUMENT_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    data = import_files.demo_docx() + b"\0" * (2 * 1024 * 1024)

    with pytest.raises(DocumentRefused) as refused:
        propose_import(data, "stor.docx")

    assert refused.value.code == "too_large"
    assert refused.value.messages[0] == (
        "Filen är för stor: högst 2 MB kan importeras (den här är 2,1 MB)."
    )


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}
