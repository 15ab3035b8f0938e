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


def format_fixed(value: float, decimals: int = 1) -> str:
    """`value` with exactly `decimals` decimals ("5,0"), as the active language writes it, with a
    real minus sign."""
    text = f"{value:.{max(decimals, 0)}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return number_format(Decimal(text), decimal_pos=max(decimals, 0), use_l10n=True).replace(
        "-", "\u2212"
    )


def is_share(unit: str) -> bool:
    """A share or percentage ("andel (%)", "procent"): its differences are percentage points."""
    unit = (unit or "").lower()
    return "%" in unit or "procent" in unit or "andel" in unit or "percent" in unit


def is_count(unit: str) -> bool:
    unit = (unit or "").lower()
    return unit.startswith("antal") or unit.startswith("number") or "per" in unit.split()


def starts_at_zero(unit: str) -> bool:
    """Charts of counts and shares start their value axis at zero, so a small change does not
    look large; other units (an age, an index) follow the data and the chart says so."""
    return is_share(unit) or is_count(unit)


def gap_sentence(gap: float, year: int, unit: str, decimals: int = 1) -> str:
    """Girls against boys in the indicator's unit: "Flickor ligger 5,0 procentenheter över pojkar
    2025" (never "5 år 2025"). A share's difference is in percentage points; another unit is
    named after the sentence."""
    from django.utils.translation import gettext as _

    decimals = max(decimals, 1)
    size = format_fixed(abs(gap), decimals)
    if is_share(unit):
        amount = _("%(size)s percentage points") % {"size": size}
        suffix = ""
    else:
        amount = size
        suffix = f" ({unit})" if unit else ""
    values = {"amount": amount, "year": year}
    if float(f"{gap:.{decimals}f}") == 0:
        return _("Girls and boys are level in %(year)s") % values + suffix
    if gap > 0:
        return _("Girls are %(amount)s above boys in %(year)s") % values + suffix
    return _("Girls are %(amount)s below boys in %(year)s") % values + suffix
