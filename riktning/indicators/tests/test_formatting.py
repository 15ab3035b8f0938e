"""The one number formatter of the pages, reasons and comparisons."""

from decimal import Decimal

import pytest
from django.utils import translation

from riktning.indicators.formatting import format_number


@pytest.mark.parametrize(
    ("value", "decimals", "swedish"),
    [
        (72.5, 2, "72,5"),
        (72.567, 2, "72,57"),
        (80.0, 2, "80"),
        (-1.5, 2, "\u22121,5"),
        (-0.001, 2, "0"),
        (33.333, 1, "33,3"),
        (Decimal("80.000"), None, "80"),
        (Decimal("72.500"), None, "72,5"),
        (Decimal("-12.50"), None, "\u221212,5"),
        (0.1, None, "0,1"),
        (None, 2, "–"),
    ],
)
def test_a_number_is_written_as_a_swedish_reader_writes_it(value, decimals, swedish):
    with translation.override("sv"):
        assert format_number(value, decimals) == swedish


def test_in_english_with_a_decimal_point():
    with translation.override("en"):
        assert format_number(72.5) == "72.5"
