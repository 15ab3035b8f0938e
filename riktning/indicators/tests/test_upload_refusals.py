"""Uploads that an outsider tried (issue 11): each is refused with a Swedish message naming the
file, row, column and value, never an exception, and nothing is kept; or, where the file is a
legitimate export (Excel's “Unicode text”), read exactly. The web round trip of the same files
(200, nothing written) is in tests/test_bad_input.py."""

import time

import pytest

from riktning.indicators.constants import SourceKind
from riktning.indicators.sources import upload
from riktning.strategy.tests.factories import IndicatorFactory

from .xlsx_files import patched, raw_workbook, workbook

pytestmark = pytest.mark.django_db

HEAD = "område;period;kön;värde\r\n"
HEADERS = ["område", "period", "kön", "värde"]


@pytest.fixture
def share():
    return IndicatorFactory(
        title="Andel som känner sig trygga", source_kind=SourceKind.SURVEY, unit="andel (%)"
    )


@pytest.fixture
def count():
    return IndicatorFactory(title="Antal föräldrar", unit="antal", gender_split=False)


def problems_of(data: bytes, name: str, indicator) -> list[tuple]:
    parsed = upload.parse_upload(data, name, indicator)
    assert parsed.rows == [], "a refused file gives no rows"
    assert parsed.problems, "a refused file says why"
    assert all(p.where == name for p in parsed.problems), "every problem names the file"
    return [(p.row, p.column, str(p.value), str(p)) for p in parsed.problems]


def named(problems, row, column, value=None, says=""):
    """The problem at (row, column[, value]) whose text contains `says`."""
    for p_row, p_column, p_value, text in problems:
        if (p_row, p_column) == (row, column) and value in (None, p_value[:80]) and says in text:
            return text
    shown = [(r, c, v[:20], t[:300]) for r, c, v, t in problems[:5]]
    raise AssertionError(f"no problem at row {row}, column {column} saying {says!r}: {shown}")


# --- item 1: nothing infinite, nothing implausible --------------------------------------------


def test_a_value_of_one_followed_by_400_zeros_is_refused_not_stored_as_infinity(share):
    data = (HEAD + "1287;2021;K;1" + "0" * 400 + "\r\n").encode()
    named(problems_of(data, "noll.csv", share), 2, "värde", says="för långt")


def test_an_xlsx_cell_1e309_is_refused_not_stored_as_infinity(share):
    data = patched(
        workbook([HEADERS, ["1287", 2021, "K", 12345.678]]), b"<v>12345.678</v>", b"<v>1E309</v>"
    )
    named(problems_of(data, "stor.xlsx", share), 2, "värde", "inf", says="inte ett ändligt tal")


@pytest.mark.parametrize("value", ["100,5", "-1", "250 %"])
def test_a_share_outside_0_to_100_is_refused(share, value):
    data = (HEAD + f"1287;2021;K;{value}\r\n").encode()
    named(problems_of(data, "andel.csv", share), 2, "värde", value, says="mellan 0 och 100")


def test_a_negative_count_is_refused(count):
    data = (HEAD + "1287;2021;T;−3\r\n").encode()
    named(problems_of(data, "antal.csv", count), 2, "värde", "−3", says="kan inte vara negativt")


# --- item 4: server errors before, a named refusal now ----------------------------------------


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_a_byte_that_windows_1252_does_not_define_is_named_by_row_and_column(share, byte):
    data = (HEAD + "1287;2021;K;70\r\n1287;2020;K;7").encode("cp1252") + bytes([byte]) + b"\r\n"
    text = named(problems_of(data, "ansi.csv", share), 3, "värde", f"0x{byte:02X}")
    assert "vare sig UTF-8 eller Windows-1252" in text
    assert "CSV UTF-8" in text, "the message says what to do"


@pytest.mark.parametrize(
    "content, says",
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "NUL-tecken"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "en bild"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "zip-arkiv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", ".xls"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF"),
        (b"\xef\xbb\xbfomr\xc3\xa5de;period\r\n\xff\xfe", "byteordningsmarkering"),
    ],
    ids=["a program", "png", "zip", "xls", "pdf", "broken utf-8 after a BOM"],
)
def test_a_renamed_binary_file_is_refused_with_what_it_is(share, content, says):
    problems = problems_of(content, "data.csv", share)
    assert says in problems[0][3]


def test_excels_unicode_text_utf16_with_tabs_is_read_exactly(share):
    text = (
        "område\tområdesnamn\tperiod\tkön\tvärde\r\n"
        "1287\tTrelleborg\t2021\tFlickor\t71,3\r\n"
        "0012\tRegion Skåne\t2021\tPojkar\t12,5 %\r\n"
    )
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
        parsed = upload.parse_upload(bom + text.encode(encoding), "unicode.txt.csv", share)
        assert parsed.problems == [], encoding
        assert [r[1:] for r in parsed.rows] == [
            ("1287", 2021, "K", "", 71.3, "final"),
            ("0012", 2021, "M", "", 12.5, "final"),
        ]


def test_utf16_without_a_byte_order_mark_is_refused_with_advice(share):
    data = (HEAD + "1287;2021;K;70\r\n").encode("utf-16-le")
    named(problems_of(data, "utan-bom.csv", share), 1, "A", "0x00", says="CSV UTF-8")


def test_a_cell_over_131072_characters_is_refused_with_its_row_and_column(share):
    data = (HEAD + "1287;2021;" + "K" * 131_073 + ";70\r\n").encode()
    text = named(problems_of(data, "lang.csv", share), 2, "kön", says="131\xa0073 tecken")
    assert "K" * 81 not in text, "the value is shortened in the message"


@pytest.mark.parametrize("period", ["inf", "1e309", "-inf", "nan", "9" * 400])
def test_a_period_of_inf_or_1e309_is_refused(share, period):
    data = (HEAD + f"1287;{period};K;70\r\n").encode()
    named(problems_of(data, "period.csv", share), 2, "period", period[:80])


def test_an_xlsx_number_cell_nan_is_refused_with_its_cell(share):
    data = patched(
        workbook([HEADERS, ["1287", 2021, "K", 12345.678]]), b"<v>12345.678</v>", b"<v>NaN</v>"
    )
    named(problems_of(data, "nan.xlsx", share), 2, "värde", "nan", says="inte ett ändligt tal")


def test_an_xlsx_area_1e309_is_refused(share):
    data = patched(workbook([HEADERS, [4321, 2021, "K", 70]]), b"<v>4321</v>", b"<v>1e309</v>")
    named(problems_of(data, "omrade.xlsx", share), 2, "område", "inf")


def test_a_damaged_sheet_is_refused_with_the_row_reached(share):
    good = workbook([HEADERS, ["1287", 2021, "K", 70], ["1287", 2020, "K", 71]])
    data = patched(good, b"<v>71</v>", b"<v>71</v></c></row><row><c><v")
    problems = problems_of(data, "trasig.xlsx", share)
    assert "skadat" in problems[0][3]


# --- item 7: refused, not coerced -------------------------------------------------------------


def test_a_period_2021_comma_7_is_refused_not_read_as_2021(share):
    named(problems_of((HEAD + "1287;2021,7;K;70\r\n").encode(), "p.csv", share), 2, "period")


def test_an_xlsx_area_1287_9_is_refused_not_cut_to_1287(share):
    data = workbook([HEADERS, [1287.9, 2021, "K", 70]])
    named(problems_of(data, "a.xlsx", share), 2, "område", "1287.9")


def test_true_as_an_area_is_refused_not_read_as_0001(share):
    data = workbook([HEADERS, [True, 2021, "K", 70]])
    named(problems_of(data, "a.xlsx", share), 2, "område", "True", says="SANT eller FALSKT")


def test_a_formula_without_a_computed_value_is_refused_not_stored_as_missing(share):
    data = workbook([HEADERS, ["1287", 2021, "K", "=50+20"]])  # openpyxl stores no result
    text = named(problems_of(data, "formel.xlsx", share), 2, "värde", "=50+20")
    assert "öppna filen i Excel och spara den" in text


def test_a_formula_with_its_computed_value_is_read(share):
    data = patched(
        workbook([HEADERS, ["1287", 2021, "K", "=50+20"]]),
        b"<f>50+20</f><v></v>",
        b"<f>50+20</f><v>70</v>",
    )
    parsed = upload.parse_upload(data, "formel.xlsx", share)
    assert parsed.problems == []
    assert parsed.rows[0][5] == 70.0


def test_a_cell_formatted_as_a_percentage_is_read_as_the_percentage_shown(share):
    data = workbook([HEADERS, ["1287", 2021, "K", 0.713]], {"D2": "0.0%"})
    parsed = upload.parse_upload(data, "procent.xlsx", share)
    assert parsed.problems == []
    assert parsed.rows[0][5] == 71.3


def test_a_date_where_a_year_belongs_is_refused(share):
    import datetime

    data = workbook([HEADERS, ["1287", datetime.date(2021, 1, 1), "K", 70]])
    named(problems_of(data, "datum.xlsx", share), 2, "period", says="datum")


# --- item 8: row limits while reading ---------------------------------------------------------


def test_a_120000_row_xlsx_is_refused_in_well_under_two_seconds(share):
    data = raw_workbook(
        [HEADERS] + [["1287", 1900 + n % 200, "K", n % 100] for n in range(120_000)]
    )
    started = time.perf_counter()
    problems = problems_of(data, "stor.xlsx", share)
    elapsed = time.perf_counter() - started
    assert "fler än 50\xa0000 rader" in problems[0][3]
    assert elapsed < 2.0, f"took {elapsed:.2f} s (39 s before issue 11)"


def test_a_120000_row_csv_is_refused_as_it_is_read(share):
    data = (HEAD + "1287;2021;K;70\r\n" * 120_000).encode()
    started = time.perf_counter()
    problems = problems_of(data, "stor.csv", share)
    assert "fler än 50\xa0000 rader" in problems[0][3]
    assert time.perf_counter() - started < 2.0


def test_the_limit_counts_rows_with_values_and_refuses_one_more(share, monkeypatch):
    monkeypatch.setattr(upload, "MAX_ROWS", 500)  # the same rule at a size a test can afford
    rows = [["1287", 1900 + n // 3, "TKM"[n % 3], n % 100] for n in range(500)]
    text = HEAD + "".join(";".join(map(str, row)) + "\r\n" for row in rows)
    at_limit = upload.parse_upload((text + "\r\n;;;\r\n").encode(), "max.csv", share)
    assert at_limit.problems == [] and len(at_limit.rows) == 500, "blank rows do not count"
    over = (text + "1287;2100;K;1\r\n").encode()
    assert "fler än 500 rader" in str(upload.parse_upload(over, "over.csv", share).problems[0])
    sheet = raw_workbook([HEADERS, *rows])
    assert upload.parse_upload(sheet, "max.xlsx", share).problems == []
    sheet = raw_workbook([HEADERS, *rows, ["1287", 2100, "K", 1]])
    assert "fler än 500 rader" in str(upload.parse_upload(sheet, "over.xlsx", share).problems[0])


def test_a_value_far_to_the_right_is_refused_not_padded_to(share):
    data = patched(
        workbook([HEADERS, ["1287", 2021, "K", 70]]),
        b'<c r="D2" t="n"><v>70</v></c>',
        b'<c r="D2" t="n"><v>70</v></c><c r="XFD2" t="n"><v>1</v></c>',
    )
    named(problems_of(data, "bred.xlsx", share), 2, "XFD", says="kolumn XFD")


def test_a_workbook_whose_parts_are_encrypted_is_refused(share):
    data = bytearray(workbook([HEADERS, ["1287", 2021, "K", 70]]))
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:  # each central directory entry
        data[start + 8] |= 0x01  # "encrypted": zipfile then wants a password
        start += 4
    problems = problems_of(bytes(data), "krypterad.xlsx", share)
    assert "inte ett Excel-kalkylblad" in problems[0][3]


def test_a_quoted_separator_before_a_bad_byte_does_not_shift_its_column(share):
    """Found by hypothesis: the column was counted by the separators on the line."""
    data = 'område;områdesnamn;period;kön;värde\r\n1287;"Trelleborg; kommun\r\nSkåne";2021;K;7'
    problems = problems_of(data.encode() + b"\x81\r\n", "citat.csv", share)
    named(problems, 2, "värde", "0x81")
    problems = problems_of(data.encode() + b"\x00\r\n", "citat.csv", share)
    named(problems, 2, "värde", "0x00")


def test_a_stray_byte_after_a_utf8_bom_is_named_exactly(share):
    """Found by hypothesis: the BOM's three bytes shifted the byte and place named."""
    data = "\ufeffområde;period;kön;värde\r\n1287;2021;K;70\r\n1287;2020;K;7".encode()
    problems = problems_of(data + b"\xbd\r\n", "bom.csv", share)
    named(problems, 3, "värde", "0xBD", says="byteordningsmarkering")
