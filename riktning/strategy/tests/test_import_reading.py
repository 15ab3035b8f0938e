"""Reading documents into a proposed tree: the readers, the recogniser and the matcher on their
own, without a database (the catalogue is a list of entries)."""

import random
from io import BytesIO

import docx
import pytest
import weasyprint

from riktning.strategy.constants import IndicatorRole
from riktning.strategy.importing.blocks import join_lines
from riktning.strategy.importing.markers import find_marker, split_note
from riktning.strategy.importing.matching import Entry, Matcher
from riktning.strategy.importing.recognise import Guide, recognise
from riktning.strategy.importing.service import read_file

CATALOGUE = [
    Entry(1, "", "Antal föräldrar som deltar i föräldrastödsprogram"),
    Entry(2, "N15418", "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, lägeskommun"),
    Entry(3, "", "Andel pojkar och flickor som är trygga i sitt bostadsområde"),
    Entry(4, "", "Andel pojkar och flickor som känner låg tillit till andra människor"),
]


def tree_of(text: str, guide: Guide | None = None, catalogue=CATALOGUE):
    return recognise(read_file(text).blocks, Matcher(catalogue), guide or Guide())


def test_goal_and_indicator_markers_are_read_inline_or_on_their_own_line():
    tree = tree_of(
        "Fokusområden\n\n"
        "Trygghet\n\nOm området.\n\n"
        "Mål: Barn och unga ska känna trygghet\n\n"
        "Indikator\n\nAndel pojkar och flickor som är trygga i sitt bostadsområde.\n\n"
        "Tillit\n\n"
        "Mål Barn och unga ska känna tillit\n\n"
        "Indikator Andel pojkar och flickor som känner låg tillit till andra människor\n\n"
        "Ytterligare indikator: Andel som röstar i skolvalet\n\n"
        "Förslag till ytterligare indikator\n\nAntal föräldrar som deltar i föräldrastödsprogram\n"
    )

    safety, trust = tree.areas
    assert (safety.name, safety.description) == ("Trygghet", "Om området.")
    assert [
        (g.text, [(link.catalogue_id, link.role) for link in g.indicators])
        for g in [
            *safety.goals,
            *trust.goals,
        ]
    ] == [
        ("Barn och unga ska känna trygghet", [(3, "primary")]),
        (
            "Barn och unga ska känna tillit",
            [(4, "primary"), (None, "proposed"), (1, "proposed")],
        ),
    ]
    unmatched = trust.goals[0].indicators[1]
    assert unmatched.text == "Andel som röstar i skolvalet"
    assert unmatched.heading == "Ytterligare indikator"
    assert any("Andel som röstar i skolvalet" in warning for warning in tree.warnings)


def test_running_text_that_starts_with_a_marker_word_is_not_a_goal():
    assert find_marker("Mål och indikatorer ska stämma överens.") is None
    assert find_marker("Målet är att alla ska erbjudas stöd.") is None
    assert find_marker("Indikatorerna följs upp varje år.") is None
    assert (
        find_marker("Mål 2: Alla barn har en aktiv fritid").rest == "Alla barn har en aktiv fritid"
    )
    marker = find_marker("Förslag till ytterligare indikator:")
    assert (marker.role, marker.heading, marker.rest) == (IndicatorRole.PROPOSED, marker.word, "")


def test_a_revision_prefix_is_kept_as_a_note_not_as_part_of_the_name():
    assert split_note("Ny rubrik : Stöd och relationer genom livet") == (
        "Stöd och relationer genom livet",
        "Ny rubrik",
    )
    tree = tree_of(
        "Utvecklingsområden\n\nNy rubrik : Stöd och relationer genom livet\n\nText om stöd.\n\n"
        "Mål\n\nNy formulering: Alla föräldrar erbjuds stöd\n\n"
        "Indikator: Antal föräldrar som deltar i föräldrastödsprogram\n"
    )
    area = tree.areas[0]
    assert (area.name, area.note) == ("Stöd och relationer genom livet", "Ny rubrik")
    assert (area.goals[0].text, area.goals[0].note) == (
        "Alla föräldrar erbjuds stöd",
        "Ny formulering",
    )


def test_an_areas_sub_headings_stay_its_sections_and_a_later_heading_starts_the_next_area():
    tree = tree_of(
        "Särskilt viktiga utvecklingsområden\n\n"
        "Föräldrastöd\n\nIntroduktion.\n\nOm generellt föräldrastöd\n\nStöd till alla.\n\n"
        "Kartläggning av stödet\n\nKartläggs 2021.\n\nMål\n\nAlla föräldrar erbjuds stöd\n\n"
        "Indikator\n\nAntal föräldrar som deltar i föräldrastödsprogram.\n\n"
        "Aktivitet 2021\n\nEn kartläggning.\n\n"
        "Hållbara livsmiljöer\n\nTrygga miljöer.\n"
    )
    first, second = tree.areas
    assert [s.title for s in first.sections] == [
        "Om generellt föräldrastöd",
        "Kartläggning av stödet",
        "Aktivitet 2021",
    ]
    assert second.name == "Hållbara livsmiljöer"
    assert [s.title for s in tree.sections] == ["Särskilt viktiga utvecklingsområden"]


def test_without_a_part_listing_the_areas_the_headings_goals_stand_under_are_areas():
    tree = tree_of(
        "Inledning\n\nAllmän text.\n\n"
        "Föräldrastöd\n\nText.\n\nMål: Alla föräldrar erbjuds stöd\n\n"
        "Uppföljning och revidering\n\nStrategin följs upp varje år.\n"
    )
    assert [a.name for a in tree.areas] == ["Föräldrastöd"]
    assert [s.title for s in tree.sections] == ["Inledning", "Uppföljning och revidering"]


def test_outline_numbers_are_not_part_of_a_headings_name():
    tree = tree_of(
        "1 Inledning\n\nText.\n\n2 Utvecklingsområden\n\n2.1 Trygghet\n\nOm trygghet.\n\n"
        "2.1.1 Mål\n\nAlla ska känna sig trygga\n"
    )
    assert [s.title for s in tree.sections] == ["Inledning", "Utvecklingsområden"]
    assert [(a.name, [g.text for g in a.goals]) for a in tree.areas] == [
        ("Trygghet", ["Alla ska känna sig trygga"])
    ]


def test_a_list_under_one_marker_gives_one_goal_or_link_per_item():
    tree = tree_of(
        "Områden\n\nTrygghet\n\nMål:\n\n- Alla ska känna sig trygga\n- Alla ska lita på andra\n\n"
        "Indikatorer:\n\n"
        "- Andel pojkar och flickor som är trygga i sitt bostadsområde\n"
        "- Andel pojkar och flickor som känner låg tillit till andra människor\n\n"
        "Text efter listan.\n"
    )
    assert [goal.text for goal in tree.goals] == [
        "Alla ska känna sig trygga",
        "Alla ska lita på andra",
    ]
    assert [link.catalogue_id for link in tree.goals[1].indicators] == [3, 4]
    assert tree.links[-1].note == "Text efter listan."


def test_a_kolada_key_in_the_line_decides_the_match():
    tree = tree_of(
        "Områden\n\nLärande\n\nMål: Ökad samverkan kring lärande\n\n"
        "Indikator: Andel med godkända betyg i alla ämnen (N15418)\n\n"
        "Indikator: Andel elever med behörighet (N99999)\n"
    )
    known, unknown = tree.links
    assert (known.catalogue_id, known.catalogue_key, known.score) == (2, "N15418", 100.0)
    assert (unknown.catalogue_id, unknown.role, unknown.written_key) == (None, "proposed", "N99999")
    assert any("N99999" in warning for warning in tree.warnings)


def test_similar_wording_matches_and_merely_shared_words_do_not():
    matcher = Matcher(CATALOGUE)
    assert matcher.match("Antal föräldrar som deltar i föräldrastödsprogram.").entry.id == 1
    assert (
        matcher.match("Flickor och pojkar som är trygga i sitt bostadsområde, andel").entry.id == 3
    )
    # Shares "Andel pojkar och flickor som" with two entries, and is neither.
    unrelated = matcher.match("Andel pojkar och flickor som ser ljust på framtiden")
    assert unrelated.entry is None and unrelated.closest is not None and unrelated.score < 80


def test_an_earlier_versions_wording_leads_to_the_entry_it_was_linked_to():
    wording = "Andel elever i årskurs 9 som uppnått kunskapskraven i alla ämnen"
    assert Matcher(CATALOGUE).match(wording).entry is None
    guided = Matcher(CATALOGUE, earlier=[(wording, CATALOGUE[1])]).match(wording + ".")
    assert guided.entry == CATALOGUE[1]


def test_earlier_versions_areas_make_areas_of_plain_headings():
    text = "Inledning\n\nText.\n\nTrygghet\n\nOm trygghet.\n\nLärande\n\nOm lärande.\n"
    with pytest.raises(Exception, match="utvecklingsområde"):
        tree_of(text)
    tree = tree_of(text, Guide(areas=("Trygghet", "Lärande")))
    assert [area.name for area in tree.areas] == ["Trygghet", "Lärande"]


# --- The text reader ---------------------------------------------------------------------


def test_page_furniture_is_dropped_and_the_sentence_it_cut_is_joined():
    text = (
        "Titel\n\nFörsta stycket slutar mitt i en\n\n\n\nKOMMUNEN\n\nmening som fortsätter här.\n\n"
        "Rubrik\n\nText.\n\n\n\nKOMMUNEN\n\nMer text.\n\n\n\nKOMMUNEN\n\nSista stycket.\n"
    )
    blocks = read_file(text).blocks
    assert [b.text for b in blocks] == [
        "Titel",
        "Första stycket slutar mitt i en mening som fortsätter här.",
        "Rubrik",
        "Text.",
        "Mer text.",
        "Sista stycket.",
    ]


def test_a_heading_repeated_in_every_area_is_not_page_furniture():
    text = "".join(
        f"Område {n}\n\nOm området.\n\nBakgrund\n\nText om bakgrunden.\n\n" for n in range(1, 5)
    )
    assert [b.text for b in read_file(text).blocks].count("Bakgrund") == 4


def test_broken_lines_and_hyphenated_words_are_joined():
    assert join_lines(["Föräldra-", "stödet ges till alla"]) == "Föräldrastödet ges till alla"
    assert join_lines(["barn- och", "ungdomsnämnden"]) == "barn- och ungdomsnämnden"
    assert join_lines(["musik-", "eller kulturskola"]) == "musik- eller kulturskola"
    assert join_lines(["invånare 7-", "20 år"]) == "invånare 7-20 år"
    assert join_lines(["antal/", "invånare"]) == "antal/invånare"
    assert join_lines(["möjlig\u2010", "het"]) == "möjlighet"


def test_a_windows_text_file_is_read_in_its_encoding():
    text = "Områden\n\nTrygghet\n\nMål: Alla ska känna sig trygga i sitt bostadsområde\n"
    tree = recognise(read_file(text.encode("cp1252"), "strategi.txt").blocks, Matcher([]))
    assert tree.areas[0].goals[0].text == "Alla ska känna sig trygga i sitt bostadsområde"


# --- Word without heading styles, tracked changes, tables ---------------------------------


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_without_heading_styles_is_read_by_size_and_boldness():
    def build(document):
        big = document.add_paragraph().add_run("Utvecklingsområden")
        big.bold, big.font.size = True, docx.shared.Pt(16)
        document.add_paragraph("Vi har valt två områden.")
        document.add_paragraph().add_run("Trygghet").bold = True
        document.add_paragraph("Alla ska känna sig trygga där de bor.")
        document.add_paragraph("Mål: Barn och unga ska känna trygghet")
        document.add_paragraph().add_run("Lärande").bold = True
        document.add_paragraph("Fler ska lyckas i skolan.")

    blocks = read_file(docx_bytes(build), "s.docx").blocks
    assert [(b.kind, b.level) for b in blocks if b.kind == "heading"] == [
        ("heading", 1),
        ("heading", 2),
        ("heading", 2),
    ]
    tree = recognise(blocks, Matcher([]))
    assert [a.name for a in tree.areas] == ["Trygghet", "Lärande"]


def test_word_with_no_formatting_at_all_is_read_like_plain_text():
    def build(document):
        for text in ["Områden", "Trygghet", "Alla ska känna sig trygga.", "Mål: Trygghet för alla"]:
            document.add_paragraph(text)

    tree = recognise(read_file(docx_bytes(build), "s.docx").blocks, Matcher([]))
    assert [a.name for a in tree.areas] == ["Trygghet"]


def test_word_tracked_changes_are_read_as_accepted_and_tables_cell_by_cell():
    def build(document):
        document.add_heading("Områden", 1)
        document.add_heading("Trygghet", 2)
        paragraph = document.add_paragraph("Mål: Barn ska känna ")
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        paragraph._p.append(
            docx.oxml.parse_xml(
                f'<w:ins xmlns:w="{w}" w:id="1" w:author="A"><w:r><w:t>trygghet</w:t></w:r></w:ins>'
            )
        )
        paragraph._p.append(
            docx.oxml.parse_xml(
                f'<w:del xmlns:w="{w}" w:id="2" w:author="A"><w:r><w:delText>oro</w:delText>'
                "</w:r></w:del>"
            )
        )
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Indikator"
        table.cell(0, 1).text = "Andel pojkar och flickor som är trygga i sitt bostadsområde"

    tree = recognise(read_file(docx_bytes(build), "s.docx").blocks, Matcher(CATALOGUE))
    goal = tree.areas[0].goals[0]
    assert goal.text == "Barn ska känna trygghet"
    assert [link.catalogue_id for link in goal.indicators] == [3]


# --- PDF ----------------------------------------------------------------------------------


def running_text(words: int, seed: int) -> str:
    """Text that fills pages, no two lines alike."""
    vocabulary = "barn unga föräldrar skola stöd trygghet fritid arbete framtid samverkan".split()
    pick = random.Random(seed).choice
    return " ".join(pick(vocabulary) for _ in range(words)).capitalize() + "."


def test_a_pdf_is_read_by_font_size_and_boldness_without_its_page_furniture():
    long, other = running_text(600, 1), running_text(600, 2)
    html = f"""<html lang="sv"><head><style>
      @page {{ size: A5; margin: 2cm; @top-center {{ content: "Min kommun" }}
               @bottom-center {{ content: counter(page) }} }}
      body {{ font: 10pt serif; }} h1 {{ font-size: 18pt; }} h2 {{ font-size: 14pt; }}
    </style></head><body>
      <h1>Utvecklingsområden</h1><p>{long}</p>
      <h2>Trygghet</h2><p><b>Mål</b></p><p>Barn och unga ska känna trygghet</p>
      <p><b>Indikator:</b> Andel pojkar och flickor som är trygga i sitt bostadsområde.</p>
      <h2>Lärande</h2><p>{other}</p></body></html>"""
    pdf = weasyprint.HTML(string=html).write_pdf()

    reading = read_file(pdf, "s.pdf")
    tree = recognise(reading.blocks, Matcher(CATALOGUE))

    assert [area.name for area in tree.areas] == ["Trygghet", "Lärande"]
    assert tree.links[0].catalogue_id == 3
    assert tree.sections[0].text == long
    assert tree.areas[1].description == other
    assert any("Min kommun" in warning for warning in reading.warnings)
