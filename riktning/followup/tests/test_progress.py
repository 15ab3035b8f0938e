"""The progress engine against hand-computed cases: one per branch of Open SDG's method
(sdg-build's ProgressMeasure.py) and the bad inputs the issue lists.

Notation in the comments: CAGR = (current / base) ^ (1 / years between) − 1.
"""

import pytest
from django.utils import translation

from riktning.followup import progress as p

A = pytest.approx


def assess(points: dict[int, float | None], **kwargs):
    kwargs.setdefault("direction", p.INCREASE)
    return p.assess_series(list(points), list(points.values()), **kwargs)


# --- without a target: the growth rate against 1.5 % and 0.5 % a year --------------------------


def test_growth_of_two_percent_a_year_is_substantial_progress():
    # 100 (2015) → 110 (2020): 1.1 ^ (1/5) − 1 = 0.019245 ≥ 0.015
    # score = min(500 · 0.019245 − 5, 5) = 4.6224
    result = assess({2015: 100.0, 2020: 110.0})
    assert result.status == p.SUBSTANTIAL_PROGRESS
    assert result.value == A(0.019245, abs=1e-6)
    assert result.score == A(4.6224, abs=1e-4)
    assert (result.base_year, result.current_year) == (2015, 2020)


def test_growth_of_one_percent_a_year_is_moderate_progress():
    # 100 → 105 in 5 years: 1.05 ^ 0.2 − 1 = 0.009806, 0.005 ≤ x < 0.015
    # score = 250 · 0.009806 − 1.25 = 1.2014
    result = assess({2015: 100.0, 2018: 103.0, 2020: 105.0})
    assert result.status == p.MODERATE_PROGRESS
    assert result.value == A(0.009806, abs=1e-6)
    assert result.score == A(1.2014, abs=1e-4)


def test_growth_of_a_fifth_of_a_percent_is_limited_progress():
    # 100 → 101 in 5 years: 1.01 ^ 0.2 − 1 = 0.001992, 0 ≤ x < 0.005
    # score = 500 · 0.001992 − 2.5 = −1.5040
    result = assess({2015: 100.0, 2020: 101.0})
    assert result.status == p.LIMITED_PROGRESS
    assert result.score == A(-1.5040, abs=1e-4)


def test_a_fall_is_deterioration_with_a_score_down_to_minus_five():
    # 100 → 99 in 5 years: 0.99 ^ 0.2 − 1 = −0.002008 < 0; score = 125 · −0.002008 − 2.5 = −2.7510
    small = assess({2015: 100.0, 2020: 99.0})
    assert small.status == p.DETERIORATION
    assert small.score == A(-2.7510, abs=1e-4)
    # 100 → 90: 0.9 ^ 0.2 − 1 = −0.020852; 125 · −0.020852 − 2.5 = −5.106 → capped at −5
    large = assess({2015: 100.0, 2020: 90.0})
    assert large.score == -5


def test_unchanged_value_is_limited_progress():
    # 100 → 100: CAGR 0, which is ≥ the low threshold 0 and < 0.005; score 500 · 0 − 2.5
    result = assess({2015: 100.0, 2020: 100.0})
    assert result.status == p.LIMITED_PROGRESS
    assert result.score == -2.5


def test_lower_is_better_reverses_the_sign():
    # 100 → 90, lower is better: −1 · (0.9 ^ 0.2 − 1) = +0.020852 ≥ 0.015
    # score = min(500 · 0.020852 − 5, 5) = 5
    result = assess({2015: 100.0, 2020: 90.0}, direction=p.DECREASE)
    assert result.status == p.SUBSTANTIAL_PROGRESS
    assert result.value == A(0.020852, abs=1e-6)
    assert result.score == 5


def test_negative_values_reverse_the_sign_again():
    # −10 → −12 in 2 years, higher is better: 1.2 ^ 0.5 − 1 = 0.095445, sign −1 → −0.095445
    result = assess({2018: -10.0, 2020: -12.0})
    assert result.status == p.DETERIORATION
    assert result.value == A(-0.095445, abs=1e-6)
    assert result.score == -5


def test_values_on_both_sides_of_zero_are_not_available():
    result = assess({2018: -5.0, 2020: 5.0})
    assert result.status == p.NOT_AVAILABLE
    assert result.problem == p.DIFFERING_SIGNS
    assert result.score is None


def test_a_base_value_of_zero_is_computed_as_0_001():
    # 0 → 1 in a year: (1 / 0.001) ^ 1 − 1 = 999
    result = assess({2019: 0.0, 2020: 1.0})
    assert result.status == p.SUBSTANTIAL_PROGRESS
    assert result.value == A(999.0)
    assert result.score == 5


def test_a_current_value_of_zero_is_a_fall_of_100_percent():
    # 10 → 0 in 2 years: 0 ^ 0.5 − 1 = −1
    result = assess({2018: 10.0, 2020: 0.0})
    assert result.status == p.DETERIORATION
    assert result.value == -1
    assert result.score == -5


# --- the limit scaling (no target) ---------------------------------------------------------------


def test_near_a_maximum_the_thresholds_shrink():
    # base 95, limit 100: C = 1 − (95/100) ^ 4.44 = 0.203670
    # thresholds 0.015 · C = 0.003055, 0.005 · C = 0.001018
    # 95 → 96 in 5 years: (96/95) ^ 0.2 − 1 = 0.002096: moderate (would be limited without limit)
    # score = 250 · 0.002096 / 0.203670 − 1.25 = 1.3233
    assert p.limit_coefficient(95.0, 100.0) == A(0.203670, abs=1e-6)
    result = assess({2015: 95.0, 2020: 96.0}, limit=100.0)
    assert result.status == p.MODERATE_PROGRESS
    assert result.score == A(1.3233, abs=1e-4)
    assert assess({2015: 95.0, 2020: 96.0}).status == p.LIMITED_PROGRESS


def test_at_the_limit_any_non_negative_growth_is_substantial():
    # base = limit: C = 1 − 1 ^ 4.44 = 0, all thresholds 0; growth ≥ 0 → substantial, score 5
    result = assess({2015: 100.0, 2020: 100.0}, limit=100.0)
    assert result.status == p.SUBSTANTIAL_PROGRESS
    assert result.score == 5


def test_limit_coefficient_above_the_limit_and_far_from_it():
    # 150 with limit 100: 1 − ((200 − 150) / 100) ^ 4.44 = 1 − 0.5 ^ 4.44 = 0.953929
    assert p.limit_coefficient(150.0, 100.0) == A(0.953929, abs=1e-6)
    # at twice the limit or more: 1
    assert p.limit_coefficient(200.0, 100.0) == 1.0


# --- with a target: the ratio of observed to required growth, against 0.95 and 0.6 --------------

# 50 (2015) → target 60 by 2025: required = 1.2 ^ (1/10) − 1 = 0.018399
TARGET = {"target": 60.0, "target_year": 2025}


def test_on_track_for_the_target_is_substantial_progress():
    # 50 → 55 by 2020: observed 1.1 ^ 0.2 − 1 = 0.019245; ratio 0.019245 / 0.018399 = 1.04595
    # score = min(7.1429 · 1.04595 − 4.2857, 5) = 3.1854
    result = assess({2015: 50.0, 2020: 55.0}, **TARGET)
    assert result.status == p.SUBSTANTIAL_PROGRESS
    assert result.required_rate == A(0.018399, abs=1e-6)
    assert result.value == A(1.04595, abs=1e-5)
    assert result.score == A(3.1854, abs=1e-4)


def test_most_of_the_required_pace_is_moderate_progress():
    # 50 → 53: 1.06 ^ 0.2 − 1 = 0.011722; ratio 0.63708 (0.6 ≤ r < 0.95)
    # score = 7.1429 · 0.63708 − 4.2857 = 0.2649
    result = assess({2015: 50.0, 2020: 53.0}, **TARGET)
    assert result.status == p.MODERATE_PROGRESS
    assert result.score == A(0.2649, abs=1e-4)


def test_less_than_sixty_percent_of_the_pace_is_limited_progress():
    # 50 → 52: 1.04 ^ 0.2 − 1 = 0.007875; ratio 0.42800; score = 4.1667 · 0.428 − 2.5 = −0.7166
    result = assess({2015: 50.0, 2020: 52.0}, **TARGET)
    assert result.status == p.LIMITED_PROGRESS
    assert result.score == A(-0.7166, abs=1e-4)


def test_moving_away_from_the_target_is_deterioration():
    # 50 → 48: 0.96 ^ 0.2 − 1 = −0.008131; ratio −0.44193; score = 4.1667 · −0.44193 − 2.5 = −4.3414
    result = assess({2015: 50.0, 2020: 48.0}, **TARGET)
    assert result.status == p.DETERIORATION
    assert result.score == A(-4.3414, abs=1e-4)


def test_a_target_already_met_is_achieved_with_score_five():
    result = assess({2015: 50.0, 2020: 61.0}, **TARGET)
    assert result.status == p.TARGET_ACHIEVED
    assert result.score == 5
    lower = assess({2015: 30.0, 2020: 19.0}, direction=p.DECREASE, target=20.0, target_year=2030)
    assert lower.status == p.TARGET_ACHIEVED


def test_a_target_met_by_a_single_value_is_still_achieved():
    # sdg-build checks the target against the latest value before it needs two years.
    result = assess({2021: 65.0}, **TARGET)
    assert result.status == p.TARGET_ACHIEVED
    assert result.score == 5


def test_a_target_of_zero_is_computed_as_0_001():
    # 10 (2015) → 5 (2020), lower is better, target 0 → 0.001 by 2030:
    # observed 0.5 ^ 0.2 − 1 = −0.129449; required (0.001/10) ^ (1/15) − 1 = −0.458830
    # ratio = −1 · −0.129449 / 0.458830 = 0.282129: limited; score 4.1667 · 0.282129 − 2.5 = −1.3245
    result = assess({2015: 10.0, 2020: 5.0}, direction=p.DECREASE, target=0, target_year=2030)
    assert result.target == p.ZERO_SUBSTITUTE
    assert result.status == p.LIMITED_PROGRESS
    assert result.value == A(0.282129, abs=1e-6)
    assert result.score == A(-1.3245, abs=1e-4)


def test_a_target_equal_to_the_base_value_not_met_is_deterioration():
    # required = (50/50) ^ (1/10) − 1 = 0: sdg-build would divide by zero; Riktning: −5
    result = assess({2015: 50.0, 2020: 48.0}, target=50.0, target_year=2025)
    assert result.status == p.DETERIORATION
    assert result.problem == p.TARGET_EQUALS_BASE
    assert result.score == -5


def test_target_problems_are_not_available():
    points = {2015: 50.0, 2020: 55.0}
    no_year = assess(points, target=60.0)
    assert (no_year.status, no_year.problem) == (p.NOT_AVAILABLE, p.NO_TARGET_YEAR)
    early = assess(points, target=60.0, target_year=2015)
    assert (early.status, early.problem) == (p.NOT_AVAILABLE, p.TARGET_YEAR_NOT_AFTER_BASE)
    across = assess(points, target=-1.0, target_year=2025, direction=p.DECREASE)
    assert (across.status, across.problem) == (p.NOT_AVAILABLE, p.TARGET_SIGN)


def test_a_limit_is_ignored_when_there_is_a_target():
    with_limit = assess({2015: 50.0, 2020: 55.0}, limit=56.0, **TARGET)
    assert with_limit.score == assess({2015: 50.0, 2020: 55.0}, **TARGET).score


# --- bad input: a status with a reason, never an exception ---------------------------------------


def test_one_point_is_not_available():
    result = assess({2021: 40.0})
    assert (result.status, result.problem) == (p.NOT_AVAILABLE, p.TOO_FEW_YEARS)


def test_all_missing_is_not_available():
    result = assess({2019: None, 2020: None, 2021: float("nan")})
    assert (result.status, result.problem) == (p.NOT_AVAILABLE, p.NO_DATA)


def test_a_base_year_without_a_value_uses_the_next_year_with_one():
    # base 2016 asked, no value: 2017 (102) → 2019 (104): (104/102) ^ 0.5 − 1 = 0.009756, moderate
    result = assess({2015: 100.0, 2016: None, 2017: 102.0, 2019: 104.0}, base_year=2016)
    assert result.base_year == 2017
    assert result.status == p.MODERATE_PROGRESS
    assert result.score == A(1.1891, abs=1e-4)


def test_a_base_year_after_every_value_is_not_available():
    result = assess({2015: 100.0, 2020: 110.0}, base_year=2022)
    assert (result.status, result.problem) == (p.NOT_AVAILABLE, p.NO_BASE_DATA)


def test_the_base_year_as_the_latest_value_is_not_available():
    # The demo's survey: rounds 2012, 2016, 2021 and baseline 2021: one value from the base on.
    result = assess({2012: 30.0, 2016: 31.0, 2021: 33.0}, base_year=2021)
    assert (result.status, result.problem) == (p.NOT_AVAILABLE, p.TOO_FEW_YEARS)


def test_survey_rounds_four_or_five_years_apart_use_the_years_between():
    # 30 (2012) → 36 (2021): 1.2 ^ (1/9) − 1 = 0.020465 ≥ 0.015 (2016 is not used)
    result = assess({2012: 30.0, 2016: 32.0, 2021: 36.0})
    assert result.status == p.SUBSTANTIAL_PROGRESS
    assert result.value == A(0.020465, abs=1e-6)


def test_duplicate_years_and_no_direction_are_not_available():
    dup = p.assess_series([2019, 2019, 2020], [1.0, 2.0, 3.0], direction=p.INCREASE)
    assert (dup.status, dup.problem) == (p.NOT_AVAILABLE, p.DUPLICATE_YEARS)
    blank = assess({2019: 1.0, 2020: 2.0}, direction="")
    assert (blank.status, blank.problem) == (p.NOT_AVAILABLE, p.NO_DIRECTION)


def test_years_and_values_of_different_length_is_a_programming_error():
    with pytest.raises(ValueError):
        p.assess_series([2019, 2020], [1.0], direction=p.INCREASE)


@pytest.mark.parametrize(
    "points,kwargs",
    [
        ({2021: 40.0}, {}),
        ({}, {}),
        ({2019: None, 2020: None}, {}),
        ({2015: 0.0, 2020: 0.0}, {}),
        ({2015: -3.0, 2020: 4.0}, {}),
        ({2015: 100.0, 2020: 110.0}, {"base_year": 2030}),
        ({2015: 50.0, 2020: 61.0}, TARGET),
        ({2015: 10.0, 2020: 5.0}, {"target": 0, "target_year": 2030}),
        ({2012: 30.0, 2016: 32.0, 2021: 36.0}, {"base_year": 2013}),
        ({2015: 50.0, 2020: 48.0}, {"target": 50.0, "target_year": 2025}),
        ({2015: 50.0, 2020: 55.0}, {"target": 60.0}),
        ({2015: 95.0, 2020: 96.0}, {"limit": 100.0}),
    ],
)
def test_every_case_has_a_reason_naming_its_years(points, kwargs):
    with translation.override("en"):
        result = assess(points, **kwargs)
        reason = result.reason
    assert reason.strip()
    if result.current_year is not None:
        assert str(result.current_year) in reason


def test_the_reason_names_years_values_and_the_pace():
    with translation.override("en"):
        reason = assess({2015: 50.0, 2020: 55.0}, **TARGET).reason
    assert reason == (
        "From 50 in 2015 to 55 in 2020: 1.9 % a year on average (higher is better). "
        "Reaching the target 60 by 2025 needs 1.8 % a year; the pace so far is 105 % of that."
    )


def test_the_reason_says_when_the_base_year_had_no_value():
    with translation.override("en"):
        reason = assess({2015: 100.0, 2017: 102.0, 2019: 104.0}, base_year=2016).reason
    assert "2016" in reason and "2017" in reason


# --- the mean over an indicator's series, and goals and areas ------------------------------------


def test_an_indicator_status_is_the_mean_score_of_its_series():
    # scores 4.6224 (substantial) and −2.7510 (deterioration): mean 0.9357 → moderate (0 ≤ s < 2.5)
    combined = p.combine(
        [
            assess({2015: 100.0, 2020: 110.0}),
            assess({2015: 100.0, 2020: 99.0}),
            assess({2021: 1.0}),  # no score: left out of the mean, counted in total
        ]
    )
    assert combined.status == p.MODERATE_PROGRESS
    assert combined.score == A(0.9357, abs=1e-4)
    assert (combined.assessed, combined.total) == (2, 3)


def test_target_achieved_only_when_every_scored_series_achieved_it():
    met = assess({2015: 50.0, 2020: 61.0}, **TARGET)
    assert p.combine([met, met]).status == p.TARGET_ACHIEVED
    # 5 and 3.1854: mean 4.0927 → substantial, not achieved
    assert p.combine([met, assess({2015: 50.0, 2020: 55.0}, **TARGET)]).status == (
        p.SUBSTANTIAL_PROGRESS
    )


@pytest.mark.parametrize(
    "score,status",
    [
        (5, p.SUBSTANTIAL_PROGRESS),
        (2.5, p.SUBSTANTIAL_PROGRESS),
        (2.49, p.MODERATE_PROGRESS),
        (0, p.MODERATE_PROGRESS),
        (-0.01, p.LIMITED_PROGRESS),
        (-2.5, p.LIMITED_PROGRESS),
        (-2.51, p.DETERIORATION),
        (-5, p.DETERIORATION),
        (None, p.NOT_AVAILABLE),
    ],
)
def test_status_from_score_boundaries(score, status):
    assert p.status_from_score(score) == status


def test_no_scores_is_not_available():
    assert p.combine([]).status == p.NOT_AVAILABLE
    assert p.combine_scores([None, None]).status == p.NOT_AVAILABLE
    assert p.combine_scores([1.0, None, 3.0]).score == 2.0


# --- direction, gender gap, comparison ------------------------------------------------------------


def test_trend_since_base_and_previous_judged_against_the_direction():
    t = p.trend([2019, 2020, 2021, 2022], [10.0, 12.0, None, 11.0], direction=p.INCREASE)
    # since base: 10 (2019) → 11 (2022) = +1, better; since previous: 12 (2020) → 11 = −1, worse
    assert (t.since_base.from_year, t.since_base.difference) == (2019, 1.0)
    assert t.since_base_judgement == p.BETTER
    assert (t.since_previous.from_year, t.since_previous.difference) == (2020, -1.0)
    assert t.since_previous_judgement == p.WORSE
    assert t.since_previous.movement == "down"
    lower = p.trend([2019, 2022], [10.0, 11.0], direction=p.DECREASE, base_year=2019)
    assert lower.since_base_judgement == p.WORSE


def test_trend_of_one_value_is_unknown():
    t = p.trend([2021], [5.0], direction=p.INCREASE)
    assert t.since_base_judgement == p.UNKNOWN
    assert t.since_previous.movement == p.UNKNOWN
    assert p.trend([2020, 2021], [5.0, 5.0], direction=p.INCREASE).since_base_judgement == (
        p.UNCHANGED
    )


def test_gender_gap_is_girls_minus_boys_and_narrows_when_smaller():
    # 2019: 80 − 70 = 10; 2020: boys missing; 2021: 78 − 74 = 4 → |4| < |10|: narrows
    gap = p.gender_gap([2019, 2020, 2021], [80.0, 79.0, 78.0], [70.0, None, 74.0])
    assert gap.gaps == [(2019, 10.0), (2021, 4.0)]
    assert gap.change == p.NARROWS
    # −2 → 6: widens, even though it changed sign
    assert p.gender_gap([2019, 2021], [70.0, 80.0], [72.0, 74.0]).change == p.WIDENS
    assert p.gender_gap([2021], [70.0], [72.0]).change == p.UNKNOWN
    assert p.gender_gap([2019, 2021], [None, None], [1.0, 2.0]).gaps == []


def test_comparison_with_each_area_above_or_below():
    rows = p.compare(74.0, {"0012": 76.5, "0000": 70.0, "G1": None}, direction=p.INCREASE)
    skane, riket, group = rows
    assert (skane.position, skane.difference, skane.judgement) == (p.BELOW, -2.5, p.WORSE)
    assert (riket.position, riket.difference, riket.judgement) == (p.ABOVE, 4.0, p.BETTER)
    assert (group.position, group.judgement) == (p.UNKNOWN, p.UNKNOWN)
    lower = p.compare(10.0, {"0012": 12.0}, direction=p.DECREASE)[0]
    assert (lower.position, lower.judgement) == (p.BELOW, p.BETTER)
