"""How a value is written for a reader: the one number formatter of the pages, the reasons and
the comparison of versions (a file for Excel writes numbers through `reports.cells`)."""

from decimal import Decimal

from django.utils.formats import number_format

MISSING = "–"


def format_number(value: float | Decimal | None, decimals: int | None = 2) -> str:
    """`value` as the active language writes it ("72,5" in Swedish), rounded to at most
    `decimals` decimals (None: every decimal it has), without trailing zeros, with a real minus
    sign (a hyphen is easily missed and read as a dash); "–" for None."""
    if value is None:
        return MISSING
    if decimals is not None:
        text = f"{value:.{decimals}f}"
    elif isinstance(value, Decimal):
        text = f"{value:f}"
    else:
        text = f"{Decimal(repr(float(value))):f}"  # 0.1, not 0.1000000000000000055…
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return number_format(Decimal(text), use_l10n=True).replace("-", "\u2212")
