"""Whatever bytes or text arrive, the import gives a proposed tree or refuses with a message:
never any other error (hypothesis generates the input, with the project's profile in
conftest.py; HYPOTHESIS_PROFILE=thorough pytest -k property searches deeper)."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riktning.strategy.importing import DocumentRefused
from riktning.strategy.importing.matching import Entry, Matcher
from riktning.strategy.importing.recognise import Guide, recognise
from riktning.strategy.importing.service import read_file

from . import import_files

MATCHER = Matcher(
    [Entry(1, "N15418", "Andel elever i åk 9"), Entry(2, "", "Antal föräldrar i föräldrastöd")]
)
GUIDE = Guide(areas=("Föräldrastöd", "Trygghet"), goals=("Alla föräldrar erbjuds stöd",))
LINES = [
    "Mål",
    "Mål:",
    "Nytt förslag till mål",
    "Indikator",
    "Indikator: Andel elever i åk 9 (N15418)",
    "Indikatorer:",
    "Ytterligare indikator",
    "Förslag till ytterligare indikator",
    "Ny rubrik : Trygghet",
    "Utvecklingsområden",
    "Föräldrastöd",
    "Om föräldrastöd",
    "Kartläggning av stöd",
    "TRELLEBORGS KOMMUN",
    "Sida 3 av 12",
    "- Antal föräldrar i föräldrastöd",
    "1) Kartläggning",
    "# Rubrik",
    "Alla föräldrar erbjuds stöd",
    "En lång mening som slutar med en punkt och fortsätter inte.",
    "en mening som börjar med liten bokstav och bryts mitt i ett ord före-",
    "",
    "",
    "\f",
]


def import_or_refuse(data, name: str) -> None:
    try:
        reading = read_file(data, name)
        tree = recognise(reading.blocks, MATCHER, GUIDE)
    except DocumentRefused as refused:
        assert refused.messages and refused.messages[0].strip()
        return
    assert tree.areas
    tree.as_json()


@given(st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=60)), max_size=80))
def test_property_any_text_gives_a_tree_or_a_refusal(lines):
    import_or_refuse("\n".join(lines), "")


@given(
    st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    st.binary(max_size=2048),
    st.sampled_from(["fil.txt", "fil.pdf", "fil.docx", "fil", "fil.docm", ""]),
)
def test_property_any_bytes_give_a_tree_or_a_refusal(prefix, junk, name):
    import_or_refuse(prefix + junk, name)


@pytest.fixture(scope="module")
def real_files():
    from riktning.devtools import sample_documents

    parts = sample_documents.outline()
    return {
        "strategi.docx": import_files.demo_docx(),
        "strategi.pdf": sample_documents.as_pdf(parts),
    }


@pytest.mark.parametrize("name", ["strategi.docx", "strategi.pdf"])
def test_a_damaged_word_or_pdf_file_gives_a_tree_or_a_refusal(real_files, name):
    data = real_files[name]
    rng = random.Random(13)
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cut = rng.choice([len(damaged), rng.randrange(1, len(damaged))])
        import_or_refuse(bytes(damaged[:cut]), name)
