"""The year wheel's geometry, drawn as inline SVG by the template (no script, no inline style:
CSP-safe): twelve month sectors and each step as a numbered point on the ring at its day of the
year. Pure: dates in, coordinates out."""

import datetime
import math
from dataclasses import dataclass

SIZE = 320  # the viewBox's side
CENTRE = SIZE / 2
RING = 120  # radius of the steps' ring
LABELS = 145  # radius of the month labels
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def _on_circle(fraction: float, radius: float) -> Point:
    angle = 2 * math.pi * fraction - math.pi / 2  # January at the top, clockwise
    return Point(
        round(CENTRE + radius * math.cos(angle), 1), round(CENTRE + radius * math.sin(angle), 1)
    )


def year_fraction(day: datetime.date) -> float:
    start = datetime.date(day.year, 1, 1)
    days = (datetime.date(day.year + 1, 1, 1) - start).days
    return (day - start).days / days


def wheel(year: int, steps) -> dict:
    """The month spokes and labels, and per step (in order) its number and point."""
    spokes, starts, labels = [], [], []
    for month, name in enumerate(MONTHS, start=1):
        fraction = year_fraction(datetime.date(year, month, 1))
        spokes.append(_on_circle(fraction, RING + 12))
        starts.append(_on_circle(fraction, 36))
        mid = fraction + 1 / 24
        labels.append((name, _on_circle(mid, LABELS)))
    points = []
    for number, step in enumerate(steps, start=1):
        # steps within a week of an earlier one are moved inward so both numbers stay readable
        near = sum(1 for earlier in steps[: number - 1] if abs((step.due - earlier.due).days) < 8)
        point = _on_circle(year_fraction(step.due), RING - 22 * near)
        points.append((number, step, point))
    return {
        "size": SIZE,
        "centre": CENTRE,
        "ring": RING,
        "spokes": list(zip(starts, spokes, strict=True)),
        "labels": labels,
        "points": points,
    }
