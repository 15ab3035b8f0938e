"""The gender-equality lens on constructed series: the gap girls − boys in the indicator's unit,
whether it widens or narrows over the last periods, who is behind given the desired direction."""

import math

import pytest
from django.utils import translation

from riktning.followup import wording
from riktning.followup.gender import (
    BOYS,
    GIRLS,
    LEVELLING_DOWN,
    gender_lens,
    widening_first,
)
from riktning.followup.progress import (
    BETTER,
    DECREASE,
    INCREASE,
    NARROWS,
    UNCHANGED,
    UNKNOWN,
    WIDENS,
    WORSE,
)

YEARS = [2021, 2022, 2023, 2024, 2025]


def lens(girls, boys, years=YEARS, **kwargs):
    kwargs.setdefault("direction", INCREASE)
    kwargs.setdefault("unit", "andel (%)")
    return gender_lens(years, girls, boys, **kwargs)


def test_a_gap_whose_size_grows_widens_and_the_sex_behind_falls_further_behind():
    # Girls behind boys on a "higher is better" share: −2 → −3 → −4 over the last three years.
    found = lens([70, 70, 70, 70, 70], [71, 71, 72, 73, 74])

    assert found.gaps[-1] == (2025, -4)
    assert found.earlier == (2023, -2)
    assert found.periods == [2023, 2024, 2025]
    assert found.movement == WIDENS and found.widens
    assert found.change == 2
    assert found.behind == GIRLS
    assert found.judgement == WORSE
    assert found.steps == [WIDENS, WIDENS]
    assert not found.flipped


def test_only_the_last_periods_count():
    # Narrowing long ago, widening over the last three periods.
    found = lens([60, 65, 70, 71, 72], [70, 70, 70, 70, 70])

    assert found.earlier == (2023, 0)
    assert found.movement == WIDENS


def test_a_gap_that_shrinks_narrows_and_is_better_when_the_sex_behind_catches_up():
    found = lens([60, 60, 62, 64, 66], [70, 70, 70, 70, 70])

    assert found.movement == NARROWS
    assert found.change == -4
    assert found.judgement == BETTER
    assert not found.levelling_down


def test_narrowing_because_the_sex_ahead_falls_back_is_levelling_down_not_better():
    # Boys are ahead on "higher is better" and fall towards the girls.
    found = lens([60, 60, 60, 60, 60], [70, 70, 70, 67, 64])

    assert found.movement == NARROWS
    assert found.levelling_down
    assert found.judgement == LEVELLING_DOWN
    with translation.override("en"):
        assert "not because those behind caught up" in wording.lens_text(found)


def test_with_lower_is_better_the_higher_sex_is_behind():
    # Girls report more of something that should fall, and the difference grows.
    found = lens([20, 21, 22, 23, 24], [20, 20, 20, 20, 20], direction=DECREASE)

    assert found.behind == GIRLS
    assert found.movement == WIDENS
    assert found.judgement == WORSE
    with translation.override("en"):
        assert wording.lens_text(found) == (
            "Girls are 4.0 percentage points above boys in 2025; in 2023 the difference was "
            "2.0 percentage points: the gap widens, to the girls' disadvantage."
        )


def test_a_sign_flip_is_said_and_widening_is_decided_by_the_size():
    # Girls 1 behind in 2023, 3 ahead in 2025: the boys are behind now, by more.
    found = lens([69, 70, 73], [70, 70, 70], years=[2023, 2024, 2025])

    assert found.flipped
    assert found.movement == WIDENS
    assert found.behind == BOYS
    with translation.override("en"):
        text = wording.lens_text(found)
    assert "to the boys' disadvantage" in text
    assert "The other sex was ahead at the start of the period." in text

    smaller = lens([67, 70, 71], [70, 70, 70], years=[2023, 2024, 2025])
    assert smaller.flipped and smaller.movement == NARROWS


def test_periods_where_one_sex_is_missing_are_left_out():
    found = lens([70, None, 70, math.nan, 70], [71, 72, None, 74, 75])

    assert [p for p, _g in found.gaps] == [2021, 2025]
    assert found.earlier == (2021, -1)
    assert found.movement == WIDENS
    assert found.change == 4


def test_a_single_period_has_a_gap_but_no_direction():
    found = lens([70], [65], years=[2025])

    assert found.latest == (2025, 5)
    assert found.earlier is None
    assert found.movement == UNKNOWN and not found.widens
    assert found.change is None
    with translation.override("sv"):
        assert wording.lens_change(found) == "–"
        assert wording.lens_text(found).startswith("Flickor ligger 5,0 procentenheter över pojkar")


def test_no_values_for_both_sexes():
    found = lens([70, 71], [None, None], years=[2024, 2025])

    assert found.latest is None and found.movement == UNKNOWN
    with translation.override("en"):
        assert wording.lens_text(found) == "No values for both girls and boys."


def test_a_change_smaller_than_the_precision_shown_is_unchanged():
    found = lens([70.04, 70.0, 70.0], [65.0, 65.0, 65.02], years=[2023, 2024, 2025])

    assert found.movement == UNCHANGED
    assert found.judgement == UNCHANGED


@pytest.mark.parametrize(
    ("unit", "decimals", "expected"),
    [
        ("andel (%)", 1, "+2,0 procentenheter (2023–2025)"),
        ("antal", 0, "+2,0 (antal) (2023–2025)"),
        ("antal/inv 7-20 år", 2, "+2,00 (antal/inv 7-20 år) (2023–2025)"),
    ],
)
def test_the_change_is_in_the_indicators_unit(unit, decimals, expected):
    found = lens([10, 11, 12], [10, 10, 10], years=[2023, 2024, 2025], unit=unit, decimals=decimals)

    with translation.override("sv"):
        assert wording.lens_change(found) == expected


def test_a_count_gap_is_in_the_unit_not_percentage_points():
    found = lens([120, 130, 150], [118, 120, 122], years=[2023, 2024, 2025], unit="antal")

    with translation.override("sv"):
        text = wording.lens_text(found)
    assert text.startswith("Flickor ligger 28,0 över pojkar 2025 (antal)")
    assert "procentenheter" not in text


def test_without_a_desired_direction_nobody_is_behind_but_the_gap_still_widens():
    found = lens([10, 11, 12], [10, 10, 10], years=[2023, 2024, 2025], direction="")

    assert found.movement == WIDENS
    assert found.behind == ""


def test_widening_gaps_are_ordered_largest_first_against_the_level():
    small_share = lens([10, 11, 13], [10, 10, 10], years=[2023, 2024, 2025])  # 3 of ~11.5
    large_share = lens([70, 72, 78], [70, 70, 70], years=[2023, 2024, 2025])  # 8 of 74
    count = lens([100, 150, 200], [100, 100, 100], years=[2023, 2024, 2025], unit="antal")
    narrowing = lens([50, 45, 40], [30, 30, 30], years=[2023, 2024, 2025])

    ordered = widening_first([small_share, large_share, count, narrowing])

    assert ordered == [count, small_share, large_share]
