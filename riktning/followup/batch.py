"""Many series at once: the formulas of `progress.assess_series`, inlined into one loop.

For the national scale (every municipality × every indicator × T/K/M) the per-series reference
spends most of its time building objects and sentences. Here the series of one indicator share
their years, direction, base year, target and limit, so everything that depends only on those is
computed once; each series costs a few comparisons and one power. Only statuses, values and
scores come out (the reason is built by `assess_series` for the series a page shows).

Plain Python: numpy is not a dependency of Riktning. Missing values must be None (not NaN).
Tests check that the results are identical to `assess_series` on random series.
"""

from collections.abc import Sequence

from .progress import (
    DECREASE,
    DETERIORATION,
    GROWTH_THRESHOLDS,
    INCREASE,
    LIMITED_PROGRESS,
    MODERATE_PROGRESS,
    NOT_AVAILABLE,
    RATIO_THRESHOLDS,
    SUBSTANTIAL_PROGRESS,
    TARGET_ACHIEVED,
    ZERO_SUBSTITUTE,
    growth_rate,
    growth_score,
    limit_coefficient,
    ratio_score,
    status_from_value,
)


def assess_many(
    years: Sequence[int],
    rows: Sequence[Sequence[float | None]],
    *,
    direction: str,
    base_year: int | None = None,
    target: float | None = None,
    target_year: int | None = None,
    limit: float | None = None,
) -> tuple[list[str], list[float | None], list[float | None]]:
    """(statuses, values, scores) of each row; `years` ascending and distinct, each row holding
    one value (or None) per year."""
    n = len(rows)
    statuses = [NOT_AVAILABLE] * n
    values: list[float | None] = [None] * n
    scores: list[float | None] = [None] * n
    if direction not in (INCREASE, DECREASE) or not years:
        return statuses, values, scores
    years = [int(y) for y in years]
    last = len(years) - 1
    first = 0
    if base_year is not None:
        first = next((i for i, y in enumerate(years) if y >= base_year), None)
        if first is None:
            return statuses, values, scores
    d = 1 if direction == INCREASE else -1
    target = None if target is None else float(target)
    if target == 0:
        target = ZERO_SUBSTITUTE
    limit = None if limit is None else float(limit)
    # 1 / (current year − base year) for every pair of positions, as growth_rate computes it.
    exponent = [
        [1 / (years[j] - years[i]) if j > i else 0.0 for i in range(len(years))]
        for j in range(len(years))
    ]
    g_high, g_med, g_low = (
        GROWTH_THRESHOLDS["high"],
        GROWTH_THRESHOLDS["med"],
        GROWTH_THRESHOLDS["low"],
    )
    r_high, r_med, r_low = (
        RATIO_THRESHOLDS["high"],
        RATIO_THRESHOLDS["med"],
        RATIO_THRESHOLDS["low"],
    )
    plain_growth = target is None and limit is None
    if plain_growth:
        return _growth(rows, first, last, exponent, d)
    if target is not None and target_year is not None:
        return _with_target(rows, years, first, last, exponent, d, target, target_year)

    for k, row in enumerate(rows):
        j = last
        c = row[j]
        while c is None:
            j -= 1
            if j < first:
                break
            c = row[j]
        if c is None or j < first:
            continue  # no value from the base year on
        i = first
        b = row[i]
        while b is None:
            i += 1
            b = row[i]
        achieved = target is not None and ((d == -1 and c <= target) or (d == 1 and c >= target))
        if i == j:
            if achieved:
                statuses[k], scores[k] = TARGET_ACHIEVED, 5
            continue
        base = ZERO_SUBSTITUTE if b == 0 else b
        if (base > 0 and c < 0) or (base < 0 and c > 0):
            if achieved:
                statuses[k], scores[k] = TARGET_ACHIEVED, 5
            continue
        s = -d if b < 0 else d
        observed = ((c / base) ** exponent[j][i]) - 1
        if plain_growth:
            v = s * observed
            values[k] = v
            if v < g_low:
                statuses[k] = DETERIORATION
                scores[k] = max(125 * v - 2.5, -5)
            elif v >= g_high:
                statuses[k] = SUBSTANTIAL_PROGRESS
                scores[k] = min(500 * v / 1.0 - 5, 5)
            elif v >= g_med:
                statuses[k] = MODERATE_PROGRESS
                scores[k] = 250 * v / 1.0 - 1.25
            else:
                statuses[k] = LIMITED_PROGRESS
                scores[k] = 500 * v / 1.0 - 2.5
            continue
        if target is None:
            coefficient = limit_coefficient(b, limit)
            high, med, low = g_high * coefficient, g_med * coefficient, g_low * coefficient
            v = s * observed
            values[k] = v
            statuses[k] = status_from_value(v, high, med, low)
            scores[k] = growth_score(v, coefficient, low, med, high)
            continue
        if (
            target_year is None
            or target_year <= years[i]
            or (base > 0 and target < 0)
            or (base < 0 and target > 0)
        ):
            if achieved:
                statuses[k], scores[k] = TARGET_ACHIEVED, 5
            continue
        required = growth_rate(target, base, target_year, years[i])
        if achieved:
            statuses[k], scores[k] = TARGET_ACHIEVED, 5
            values[k] = s * observed / abs(required) if required else None
            continue
        if required == 0:
            statuses[k], scores[k] = DETERIORATION, -5
            continue
        v = s * observed / abs(required)
        values[k] = v
        if v >= r_high:
            statuses[k] = SUBSTANTIAL_PROGRESS
        elif v >= r_med:
            statuses[k] = MODERATE_PROGRESS
        elif v >= r_low:
            statuses[k] = LIMITED_PROGRESS
        else:
            statuses[k] = DETERIORATION
        scores[k] = ratio_score(v)
    return statuses, values, scores


def _growth(rows, first: int, last: int, exponent, d: int):
    """No target, no limit: the common case, as one tight loop (same formulas as above)."""
    statuses: list[str] = []
    values: list[float | None] = []
    scores: list[float | None] = []
    put_status, put_value, put_score = statuses.append, values.append, scores.append
    high, med = GROWTH_THRESHOLDS["high"], GROWTH_THRESHOLDS["med"]
    low = GROWTH_THRESHOLDS["low"]
    zero = ZERO_SUBSTITUTE
    for row in rows:
        j = last
        c = row[j]
        while c is None and j > first:
            j -= 1
            c = row[j]
        i = first
        b = row[i]
        while b is None and i < j:
            i += 1
            b = row[i]
        if c is None or i == j:
            put_status(NOT_AVAILABLE)
            put_value(None)
            put_score(None)
            continue
        if b == 0:
            base = zero
        else:
            base = b
        if (base > 0 and c < 0) or (base < 0 and c > 0):
            put_status(NOT_AVAILABLE)
            put_value(None)
            put_score(None)
            continue
        if b < 0:
            v = -d * (((c / base) ** exponent[j][i]) - 1)
        else:
            v = d * (((c / base) ** exponent[j][i]) - 1)
        put_value(v)
        # growth_score inlined (coefficient 1; x / 1.0 is x): same operations, same floats.
        if v < low:
            put_status(DETERIORATION)
            x = 125 * v - 2.5
            put_score(x if x >= -5 else -5)
        elif v >= high:
            put_status(SUBSTANTIAL_PROGRESS)
            x = 500 * v - 5
            put_score(x if x <= 5 else 5)
        elif v >= med:
            put_status(MODERATE_PROGRESS)
            put_score(250 * v - 1.25)
        else:
            put_status(LIMITED_PROGRESS)
            put_score(500 * v - 2.5)
    return statuses, values, scores


def _with_target(rows, years, first: int, last: int, exponent, d: int, target, target_year):
    """A target and a target year: the ratio to the required growth, as one tight loop."""
    statuses: list[str] = []
    values: list[float | None] = []
    scores: list[float | None] = []
    put_status, put_value, put_score = statuses.append, values.append, scores.append
    high, med, low = RATIO_THRESHOLDS["high"], RATIO_THRESHOLDS["med"], RATIO_THRESHOLDS["low"]
    zero = ZERO_SUBSTITUTE
    # 1 / (target year − base year) per base position, as growth_rate computes it.
    to_target = [1 / (target_year - y) if target_year > y else None for y in years]
    for row in rows:
        j = last
        c = row[j]
        while c is None and j > first:
            j -= 1
            c = row[j]
        if c is None:
            put_status(NOT_AVAILABLE)
            put_value(None)
            put_score(None)
            continue
        achieved = (c >= target) if d == 1 else (c <= target)
        i = first
        b = row[i]
        while b is None and i < j:
            i += 1
            b = row[i]
        base = zero if b == 0 else b
        if (
            i == j
            or (base > 0 and c < 0)
            or (base < 0 and c > 0)
            or to_target[i] is None
            or (base > 0 and target < 0)
            or (base < 0 and target > 0)
        ):
            if achieved:
                put_status(TARGET_ACHIEVED)
                put_score(5)
            else:
                put_status(NOT_AVAILABLE)
                put_score(None)
            put_value(None)
            continue
        s = -d if b < 0 else d
        observed = ((c / base) ** exponent[j][i]) - 1
        required = ((target / base) ** to_target[i]) - 1
        if achieved:
            put_status(TARGET_ACHIEVED)
            put_score(5)
            put_value(s * observed / abs(required) if required else None)
            continue
        if required == 0:
            put_status(DETERIORATION)
            put_score(-5)
            put_value(None)
            continue
        v = s * observed / (required if required > 0 else -required)
        put_value(v)
        # ratio_score inlined: same operations, same floats.
        if v >= med:
            put_status(SUBSTANTIAL_PROGRESS if v >= high else MODERATE_PROGRESS)
            x = (7.1429 * v) - 4.2857
            put_score(x if x <= 5 else 5)
        else:
            put_status(LIMITED_PROGRESS if v >= low else DETERIORATION)
            x = (4.1667 * v) - 2.5
            put_score(x if x >= -5 else -5)
    return statuses, values, scores
