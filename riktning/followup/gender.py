"""The gender-equality lens (*jämställdhetsintegrering*): pure functions from an indicator's
girls' and boys' series (women's and men's) to the gap between them, in the indicator's unit, and
whether it widens or narrows over the last periods. No database access: periods and values in, a
result out; the public page (/jamstalldhet/), the follow-up report and the gap analysis all use it.

The rule (docs/followup.md, “Jämställdhet”):

- The gap of a period is girls − boys (women − men), in the indicator's unit (percentage points
  for a share), for the periods where both have a value.
- The window is the last `WINDOW` periods with a gap: the latest gap is compared with the earliest
  gap of the window (the periods compared are named on every page).
- The gap **widens** when its size |girls − boys| grows, **narrows** when it shrinks, and is
  unchanged when the sizes are equal at the precision shown (the indicator's decimals, at least
  one), so a rounding difference never reads as a trend. A gap that changes sign (the other sex
  is now ahead) is said so; whether it widens is still decided by its size.
- The desired direction says who is **behind**: with “higher is better” the sex with the lower
  value, with “lower is better” the one with the higher value. A widening gap is always judged
  *worse* (the sex behind falls further behind); a narrowing gap *better* — except when it
  narrows because the sex ahead moved in the wrong direction (*levelling down*), which is said.
  Without a desired direction nobody is behind, but the gap still widens or narrows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .progress import (
    BETTER,
    DECREASE,
    INCREASE,
    NARROWS,
    UNCHANGED,
    UNKNOWN,
    WIDENS,
    WORSE,
    _clean,
)

# How many periods with a gap the direction is measured over (the latest and the two before it).
WINDOW = 3

GIRLS = "girls"
BOYS = "boys"
# The gap narrows because the sex ahead moved in the wrong direction, not because the sex behind
# caught up: not judged better.
LEVELLING_DOWN = "levelling_down"


def behind(gap: float, direction: str, decimals: int = 1) -> str:
    """Who is behind given the desired direction: "girls", "boys" or "" (level, or no
    direction)."""
    if direction not in (INCREASE, DECREASE) or _rounded(gap, decimals) == 0:
        return ""
    girls_higher = gap > 0
    if direction == INCREASE:
        return BOYS if girls_higher else GIRLS
    return GIRLS if girls_higher else BOYS


def _rounded(value: float, decimals: int) -> float:
    return round(value, max(decimals, 1))


@dataclass(frozen=True)
class GenderLens:
    """The gap girls − boys of one indicator per period and how it moved over the window."""

    gaps: tuple[tuple[int, float], ...]  # (period, girls − boys), oldest first
    girls: dict  # period → girls' value (the periods of `gaps`)
    boys: dict
    direction: str = ""
    unit: str = ""
    decimals: int = 1
    window: int = WINDOW

    @property
    def latest(self) -> tuple[int, float] | None:
        return self.gaps[-1] if self.gaps else None

    @property
    def earlier(self) -> tuple[int, float] | None:
        """The gap the latest is compared with: the first of the last `window` periods."""
        if len(self.gaps) < 2:
            return None
        return self.gaps[-min(self.window, len(self.gaps))]

    @property
    def periods(self) -> list[int]:
        """The periods of the window, oldest first."""
        return [p for p, _g in self.gaps[-self.window :]] if len(self.gaps) >= 2 else []

    @property
    def change(self) -> float | None:
        """How much the size of the gap grew (positive) or shrank (negative), in the unit."""
        if self.earlier is None:
            return None
        return abs(self.latest[1]) - abs(self.earlier[1])

    @property
    def movement(self) -> str:
        """widens, narrows, unchanged, or unknown (fewer than two periods with a gap)."""
        if self.earlier is None:
            return UNKNOWN
        latest = _rounded(abs(self.latest[1]), self.decimals)
        earlier = _rounded(abs(self.earlier[1]), self.decimals)
        if latest > earlier:
            return WIDENS
        if latest < earlier:
            return NARROWS
        return UNCHANGED

    @property
    def widens(self) -> bool:
        return self.movement == WIDENS

    @property
    def steps(self) -> list[str]:
        """The movement of each step inside the window (widens, narrows, unchanged)."""
        window = self.gaps[-self.window :]
        return [
            GenderLens((a, b), {}, {}, self.direction, self.unit, self.decimals, 2).movement
            for a, b in zip(window, window[1:], strict=False)
        ]

    @property
    def flipped(self) -> bool:
        """The other sex is ahead now than at the start of the window."""
        if self.earlier is None:
            return False
        before = _rounded(self.earlier[1], self.decimals)
        now = _rounded(self.latest[1], self.decimals)
        return before * now < 0

    @property
    def behind(self) -> str:
        """Who is behind in the latest period, given the desired direction."""
        if self.latest is None:
            return ""
        return behind(self.latest[1], self.direction, self.decimals)

    @property
    def levelling_down(self) -> bool:
        """The gap narrows because the sex ahead at the start moved in the wrong direction."""
        if self.movement != NARROWS or self.direction not in (INCREASE, DECREASE):
            return False
        ahead = {GIRLS: BOYS, BOYS: GIRLS}.get(
            behind(self.earlier[1], self.direction, self.decimals)
        )
        if ahead is None:
            return False
        values = self.girls if ahead == GIRLS else self.boys
        start, end = values.get(self.earlier[0]), values.get(self.latest[0])
        if start is None or end is None:
            return False
        moved = end - start
        return moved < 0 if self.direction == INCREASE else moved > 0

    @property
    def judgement(self) -> str:
        """worse (the gap widens), better (it narrows as the sex behind catches up),
        levelling_down (it narrows as the sex ahead falls back), unchanged or unknown. The
        direction matters for who is behind and for levelling down."""
        movement = self.movement
        if movement == WIDENS:
            return WORSE
        if movement == NARROWS:
            return LEVELLING_DOWN if self.levelling_down else BETTER
        return UNCHANGED if movement == UNCHANGED else UNKNOWN

    @property
    def relative_size(self) -> float | None:
        """|gap| as a share of the mean of girls' and boys' latest values (0.1 = 10 %), so gaps in
        different units can be ordered; None when the mean is 0."""
        if self.latest is None:
            return None
        period, gap = self.latest
        mean = (abs(self.girls[period]) + abs(self.boys[period])) / 2
        return abs(gap) / mean if mean else None


def gender_lens(
    periods: Sequence[int],
    girls: Sequence[float | None],
    boys: Sequence[float | None],
    *,
    direction: str = "",
    unit: str = "",
    decimals: int = 1,
    window: int = WINDOW,
) -> GenderLens:
    """The lens of one indicator from its girls' and boys' values per period (None or NaN where
    a value is missing). Periods where only one sex has a value are left out."""
    girls_by = dict(_clean(periods, girls))
    boys_by = dict(_clean(periods, boys))
    common = sorted(girls_by.keys() & boys_by.keys())
    return GenderLens(
        tuple((p, girls_by[p] - boys_by[p]) for p in common),
        {p: girls_by[p] for p in common},
        {p: boys_by[p] for p in common},
        direction,
        unit,
        decimals,
        max(window, 2),
    )


def lens_from_points(girls: dict, boys: dict, **kwargs) -> GenderLens:
    """`gender_lens` from two {period: value} mappings."""
    periods = sorted(set(girls) | set(boys))
    return gender_lens(
        periods, [girls.get(p) for p in periods], [boys.get(p) for p in periods], **kwargs
    )


def widening_first(items: Iterable, lens=lambda item: item) -> list:
    """The items whose gap widens, largest gap first. Gaps in different units are ordered by
    their size relative to the level (`relative_size`); ties by the growth of the gap."""
    widening = [item for item in items if lens(item).widens]
    return sorted(
        widening,
        key=lambda item: (-(lens(item).relative_size or 0.0), -(lens(item).change or 0.0)),
    )
