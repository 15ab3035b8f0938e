"""The coordinator's corrections of a proposed tree: a part's kind, merging and splitting parts,
pointing an indicator at another catalogue entry or at none."""

import pytest

from riktning.strategy.importing import DocumentRefused
from riktning.strategy.importing.matching import Entry, Matcher
from riktning.strategy.importing.recognise import recognise
from riktning.strategy.importing.review import (
    AREA,
    GOAL,
    INDICATOR,
    SECTION,
    SUBSECTION,
    Row,
    as_data,
    change_kind,
    merge,
    rematch,
    rows_from_data,
    rows_from_tree,
    split,
    tree_from_rows,
)
from riktning.strategy.importing.service import read_file

SAFE = Entry(3, "", "Andel pojkar och flickor som är trygga i sitt bostadsområde")
TRUST = Entry(4, "", "Andel pojkar och flickor som känner låg tillit till andra människor")
MATCHER = Matcher([SAFE, TRUST])
TEXT = (
    "Inledning\n\nFörsta stycket.\n\nAndra stycket.\n\n"
    "Områden\n\nTrygghet\n\nOm trygghet.\n\n"
    "Mål: Barn och unga ska känna trygghet\n\n"
    "Indikator: Andel pojkar och flickor som är trygga i sitt bostadsområde\n\n"
    "Ytterligare indikator: Andel som röstar i skolvalet\n\n"
    "Tillit\n\nOm tillit.\n"
)


@pytest.fixture
def rows():
    return rows_from_tree(recognise(read_file(TEXT).blocks, MATCHER))


def kinds(rows):
    return [(row.kind, row.title) for row in rows]


def test_the_rows_are_the_tree_in_reading_order_and_give_it_back(rows):
    assert kinds(rows) == [
        (SECTION, "Inledning"),
        (SECTION, "Områden"),
        (AREA, "Trygghet"),
        (GOAL, "Barn och unga ska känna trygghet"),
        (INDICATOR, "Andel pojkar och flickor som är trygga i sitt bostadsområde"),
        (INDICATOR, "Andel som röstar i skolvalet"),
        (AREA, "Tillit"),
    ]
    tree = recognise(read_file(TEXT).blocks, MATCHER)
    assert tree_from_rows(rows).as_json() == tree.as_json() | {"warnings": []}
    assert rows_from_data(as_data(rows)) == rows


def test_a_heading_read_as_a_section_can_be_made_an_area(rows):
    changed = change_kind(rows, 0, AREA, MATCHER)
    tree = tree_from_rows(changed)
    assert [area.name for area in tree.areas] == ["Inledning", "Trygghet", "Tillit"]
    assert tree.areas[0].description == "Första stycket.\n\nAndra stycket."


def test_a_part_read_as_an_area_can_be_an_indicator_matched_against_the_catalogue(rows):
    changed = change_kind(rows, 6, INDICATOR, MATCHER)  # "Tillit" was an area
    assert (changed[6].role, changed[6].catalogue_id) == ("proposed", None)
    changed = rows[:6] + [
        Row(INDICATOR, "Andel pojkar och flickor som känner låg tillit till andra människor")
    ]
    changed = change_kind(changed, 6, INDICATOR, MATCHER)
    assert (changed[6].role, changed[6].catalogue_id, changed[6].score) == ("primary", 4, 100)


def test_parts_that_do_not_fit_are_named(rows):
    with pytest.raises(DocumentRefused) as refused:
        tree_from_rows(change_kind(change_kind(rows, 6, SECTION, MATCHER), 2, GOAL, MATCHER))

    assert refused.value.messages == [
        "Del 3 (”Trygghet”) måste stå under ett utvecklingsområde.",
        "Del 4 (”Barn och unga ska känna trygghet”) måste stå under ett utvecklingsområde.",
        "Del 5 (”Andel pojkar och flickor som är trygga i sitt bostadsområde”) måste stå "
        "under ett utvecklingsområde.",
        "Del 6 (”Andel som röstar i skolvalet”) måste stå under ett utvecklingsområde.",
        "Dokumentet måste ha minst ett utvecklingsområde.",
    ]
    with pytest.raises(DocumentRefused) as refused:
        tree_from_rows([Row(AREA, "Trygghet"), Row(INDICATOR, "Andel trygga")])
    assert refused.value.messages == [
        "Indikatorn i del 2 (”Andel trygga”) måste stå under ett mål."
    ]


def test_parts_are_merged_and_split(rows):
    merged = merge(rows, 1)  # "Områden" into "Inledning"
    assert merged[0].text == "Första stycket.\n\nAndra stycket.\n\nOmråden"
    goal = merge([Row(AREA, "A"), Row(GOAL, "Barn ska känna"), Row(SUBSECTION, "trygghet")], 2)
    assert goal[1].title == "Barn ska känna trygghet"

    split_rows = split(rows, 0, 1)
    assert kinds(split_rows)[:2] == [(SECTION, "Inledning"), (SECTION, "")]
    assert (split_rows[0].text, split_rows[1].text) == ("Första stycket.", "Andra stycket.")
    in_area = split([Row(AREA, "Trygghet", "Ett.\n\nTvå.")], 0, 1)
    assert [(row.kind, row.text) for row in in_area] == [(AREA, "Ett."), (SUBSECTION, "Två.")]
    with pytest.raises(ValueError):
        split(rows, 0, 2)


def test_an_indicator_is_rematched_or_unmatched(rows):
    unmatched = rematch(rows, 4, None)
    assert (unmatched[4].catalogue_id, unmatched[4].role) == (None, "proposed")
    # The additional indicator fell to "proposed" for want of a match; pointed at an entry,
    # it is additional again, as its heading says.
    assert (rows[5].role, rows[5].heading) == ("proposed", "Ytterligare indikator")
    matched = rematch(rows, 5, TRUST)
    assert (matched[5].catalogue_id, matched[5].role, matched[5].score) == (4, "additional", 100)
    with pytest.raises(ValueError):
        rematch(rows, 3, TRUST)
