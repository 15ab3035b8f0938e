"""A trend sparkline as inline SVG data, computed on the server: no script, no style attribute (so
it passes a strict Content Security Policy), with a text alternative naming the first and latest
values. Pure."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from riktning.indicators.formatting import format_number

WIDTH = 112
HEIGHT = 32
PAD = 3


@dataclass(frozen=True)
class Sparkline:
    points: str  # the polyline's points, "x,y x,y …"
    last_x: str  # as text: a template would write a float with a decimal comma
    last_y: str
    width: int
    height: int
    text: str  # the text alternative


def sparkline(
    years, values, *, decimals: int = 1, zero: bool = True, width: int = WIDTH, height: int = HEIGHT
) -> Sparkline | None:
    """None with fewer than two values. `zero`: the scale includes zero (counts and shares), so
    a small change looks small."""
    points = [(y, float(v)) for y, v in zip(years, values, strict=True) if v is not None]
    if len(points) < 2:
        return None
    low = min(v for _y, v in points)
    high = max(v for _y, v in points)
    if zero:
        low, high = min(low, 0.0), max(high, 0.0)
    span = (high - low) or 1.0
    first_year, last_year = points[0][0], points[-1][0]
    years_span = (last_year - first_year) or 1

    def x(year):
        return round(PAD + (year - first_year) / years_span * (width - 2 * PAD), 1)

    def y(value):
        return round(height - PAD - (value - low) / span * (height - 2 * PAD), 1)

    text = _("Trend %(from_year)s–%(to_year)s: from %(first)s to %(last)s") % {
        "from_year": first_year,
        "to_year": last_year,
        "first": format_number(points[0][1], decimals),
        "last": format_number(points[-1][1], decimals),
    }
    return Sparkline(
        " ".join(f"{x(year)},{y(value)}" for year, value in points),
        str(x(last_year)),
        str(y(points[-1][1])),
        width,
        height,
        text,
    )
