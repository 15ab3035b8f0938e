"""What an indicator value, a period and an area code may be, whatever the source: a spreadsheet
cell, a CSV field, the manual-entry form or Kolada's JSON. One set of rules, so that every source
accepts and refuses the same things, and each refuses rather than coerces.

- **A value** is a finite number of at most ±10^15 (floats hold every whole number up to that
  exactly), written as Swedish users write it: decimal comma or point, spaces or non-breaking
  spaces between groups of three digits (“1 234,5”), dots between groups when a decimal comma
  follows (“1.234,5”), a trailing percent sign, a minus or U+2212. Empty, “..”, “-”, “–” and
  “saknas” mean a missing value. Anything else (an exponent, “inf”, “NaN”, TRUE, “1,234.5”, “1 2”,
  a date, more than 400 characters) is refused.
- **Within the indicator's plausible range**, read from its unit: a unit with the word “andel”
  (a share) allows 0–100; a unit that starts with “antal” (a count, or a count per inhabitant)
  allows no negative value. Other units allow any value within ±10^15.
- **A period** is a year, 1900–2100: a whole number, or text of four digits. “2021,7”, 2021.7,
  TRUE, a date or “inf” are refused.
- **An area code** is four digits (1287, 0012; a number or digits shorter than four are the same
  code with the leading zeros Excel drops) or a Kolada group (G33621). 1287.9, TRUE or a date are
  refused.

A refusal raises `Refused` with a Swedish message saying what is wrong; the caller adds where
(file, row, column). `check_observation` is the last check before anything is stored
(`services.record_observations`).
"""

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

MAX_MAGNITUDE = 1e15
MAX_NUMBER_CHARS = 400  # every finite float within ±10^15 fits when written out
FIRST_PERIOD, LAST_PERIOD = 1900, 2100
MAX_TEXT_CHARS = 1000  # a cell of text (a heading, a gender, a status); more is not a table
MISSING = frozenset({"", "..", "-", "–", "saknas"})

_GROUP = "[ \u00a0\u202f]"  # a space, a no-break space or a narrow no-break space
_NUMBER = re.compile(
    r"(?P<minus>[-\u2212])?(?:"
    r"(?P<plain>\d+(?:[.,]\d+)?|[.,]\d+)"
    rf"|(?P<spaced>\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:[.,]\d+)?)"
    r"|(?P<dotted>\d{1,3}(?:\.\d{3})+,\d+)"
    r")"
)
_PERCENT = re.compile(rf"{_GROUP}?%$")
_AREA_DIGITS = re.compile(r"\d{1,4}")
_AREA_GROUP = re.compile(r"[Gg]\d{1,10}")
_YEAR = re.compile(r"\d{4}")


class Refused(ValueError):
    """The input cannot be taken; `message` says why, in the active language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Unusable:
    """A spreadsheet cell whose content cannot be taken as it is: a formula Excel has not
    computed, an error (#DIV/0!), a date, or a cell that cannot be read. `shown` is what the
    cell holds, for the message."""

    FORMULA = "formula"
    ERROR = "error"
    DATE = "date"
    UNREADABLE = "unreadable"

    def __init__(self, kind: str, shown: str):
        self.kind = kind
        self.shown = shown

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"Unusable({self.kind!r}, {self.shown!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Unusable) and (self.kind, self.shown) == (other.kind, other.shown)

    def __hash__(self) -> int:
        return hash((self.kind, self.shown))

    def refusal(self, wanted: str) -> Refused:
        if self.kind == self.FORMULA:
            return Refused(
                _(
                    "the formula has no computed value: open the file in Excel and save it, so "
                    "that its values are computed, then upload it again"
                )
            )
        if self.kind == self.ERROR:
            return Refused(_("the cell holds the error %(error)s") % {"error": self.shown})
        if self.kind == self.DATE:
            return Refused(
                _("the cell holds a date, not %(wanted)s; format the column as text or number")
                % {"wanted": wanted}
            )
        return Refused(_("the cell cannot be read"))


def swedish_number(number: float) -> str:
    """A number as a Swedish reader writes it in a message: 1 000 000, 71,3, 120."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def _not_a_number() -> Refused:
    return Refused(_("not a number; write it like 42, 71,3 or 1 234,5"))


def parse_number(raw) -> float | None:
    """A value from a cell, a field or a form: a finite float, or None for a missing value.
    Raises Refused. The plausible range of an indicator is checked by `check_value`."""
    if raw is None:
        return None
    if isinstance(raw, Unusable):
        raise raw.refusal(_("a number"))
    if isinstance(raw, bool):
        raise Refused(_("TRUE or FALSE is not a number"))
    if isinstance(raw, int):
        return check_finite(_int_to_float(raw))
    if isinstance(raw, float):
        return check_finite(raw)
    if isinstance(raw, Decimal):
        return check_finite(float(raw)) if raw.is_finite() else check_finite(math.nan)
    if isinstance(raw, (datetime.date, datetime.time, datetime.timedelta)):
        raise Unusable(Unusable.DATE, str(raw)).refusal(_("a number"))
    if not isinstance(raw, str):
        raise _not_a_number()
    text = raw.strip()
    if text.lower() in MISSING:
        return None
    if len(text) > MAX_NUMBER_CHARS:
        raise Refused(
            _("the number is too long (at most %(count)s characters)") % {"count": MAX_NUMBER_CHARS}
        )
    text = _PERCENT.sub("", text)
    match = _NUMBER.fullmatch(text)
    if match is None:
        if re.fullmatch(r"[-\u2212]?\d+(?:[.,]\d+)?[eE][-+]?\d+", text):
            raise Refused(_("write the number out, without an exponent (like 1e5)"))
        raise _not_a_number()
    if match["plain"] is not None:
        digits = match["plain"].replace(",", ".")
    elif match["spaced"] is not None:
        digits = re.sub(_GROUP, "", match["spaced"]).replace(",", ".")
    else:
        digits = match["dotted"].replace(".", "").replace(",", ".")
    return check_finite(float(("-" if match["minus"] else "") + digits))


def _int_to_float(number: int) -> float:
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def check_finite(value: float) -> float:
    """A float that may be stored: finite and at most ±10^15. Raises Refused."""
    if not math.isfinite(value):
        raise Refused(_("not a finite number"))
    if abs(value) > MAX_MAGNITUDE:
        raise Refused(
            _("the number is too large (at most %(max)s either side of zero)")
            % {"max": swedish_number(MAX_MAGNITUDE)}
        )
    return value


@dataclass(frozen=True)
class ValueRange:
    """The values an indicator may take. `kind`: "share", "count" or "" (any number)."""

    low: float | None = None
    high: float | None = None
    kind: str = ""
    unit: str = ""

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def refusal(self, value: float) -> Refused:
        if self.kind == "share":
            return Refused(
                _("a share (%(unit)s) lies between 0 and 100; %(value)s does not")
                % {"unit": self.unit, "value": swedish_number(value)}
            )
        return Refused(
            _("a count (%(unit)s) cannot be negative; %(value)s is")
            % {"unit": self.unit, "value": swedish_number(value)}
        )


ANY = ValueRange()
_SHARE = re.compile(r"\bandel", re.IGNORECASE)
_COUNT = re.compile(r"\s*antal\b", re.IGNORECASE)


def value_range(unit: str) -> ValueRange:
    """The plausible range of an indicator's values, from its unit (see the module's doc)."""
    unit = (unit or "").strip()
    if _SHARE.search(unit):
        return ValueRange(0.0, 100.0, "share", unit)
    if _COUNT.match(unit):
        return ValueRange(0.0, None, "count", unit)
    return ValueRange(unit=unit)


def check_value(value: float | None, allowed: ValueRange = ANY) -> float | None:
    """A value that may be stored for an indicator with the range `allowed`. Raises Refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _not_a_number()
    value = check_finite(float(value))
    if not allowed.contains(value):
        raise allowed.refusal(value)
    return value


def parse_period(raw) -> int:
    """A period (a year) from a cell, a field or Kolada's JSON. Raises Refused."""
    if isinstance(raw, Unusable):
        raise raw.refusal(_("a year"))
    if isinstance(raw, bool):
        raise Refused(_("TRUE or FALSE is not a year"))
    if isinstance(raw, float):
        if not math.isfinite(raw) or not raw.is_integer():
            raise _not_a_year()
        raw = int(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if not _YEAR.fullmatch(text):
            raise _not_a_year()
        raw = int(text)
    if not isinstance(raw, int):
        raise _not_a_year()
    if not FIRST_PERIOD <= raw <= LAST_PERIOD:
        raise Refused(
            _("the period must be a year from %(first)s to %(last)s")
            % {"first": FIRST_PERIOD, "last": LAST_PERIOD}
        )
    return raw


def _not_a_year() -> Refused:
    return Refused(_("the period must be a year of four digits, e.g. 2021"))


def parse_area_code(raw) -> str:
    """An area code from a cell or a field: "1287", "0012", "G33621". Raises Refused."""
    if isinstance(raw, Unusable):
        raise raw.refusal(_("an area code"))
    if isinstance(raw, bool):
        raise Refused(_("TRUE or FALSE is not an area code"))
    if isinstance(raw, float):
        if not math.isfinite(raw) or not raw.is_integer():
            raise _not_an_area()
        raw = int(raw)
    if isinstance(raw, int):
        if not 0 <= raw <= 9999:
            raise _not_an_area()
        return f"{raw:04d}"
    if not isinstance(raw, str):
        raise _not_an_area()
    text = raw.strip()
    if not text:
        raise Refused(_("an area code is needed"))
    if _AREA_DIGITS.fullmatch(text):
        return text.zfill(4)
    if _AREA_GROUP.fullmatch(text):
        return text.upper()
    raise _not_an_area()


def _not_an_area() -> Refused:
    return Refused(
        _("an area code is four digits, e.g. 1287 or 0012, or a group of municipalities, G…")
    )


def parse_text(raw) -> str:
    """A short text cell (a gender, a school year, a status, a heading): digits are taken as
    written (6 → “6”). Raises Refused for a NUL character, more than MAX_TEXT_CHARS characters,
    TRUE/FALSE, a date or a cell that cannot be used."""
    if raw is None:
        return ""
    if isinstance(raw, Unusable):
        raise raw.refusal(_("text"))
    if isinstance(raw, bool):
        raise Refused(_("TRUE or FALSE is not a text"))
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() and abs(raw) < MAX_MAGNITUDE else repr(raw)
    if not isinstance(raw, str):
        raise Unusable(Unusable.DATE, str(raw)).refusal(_("text"))
    check_plain_text(raw)
    return raw


def check_plain_text(text: str) -> None:
    """Text a person could have typed: no NUL character, at most MAX_TEXT_CHARS characters."""
    if "\x00" in text:
        raise Refused(_("the text holds a NUL character (0x00), which is not text"))
    if len(text) > MAX_TEXT_CHARS:
        raise Refused(
            _("the cell is %(length)s characters long; at most %(max)s are accepted")
            % {"length": swedish_number(len(text)), "max": swedish_number(MAX_TEXT_CHARS)}
        )
