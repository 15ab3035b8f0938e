"""The benchmark's batch path (`bench/followup_batch.py`) gives exactly the statuses, values and
scores of the reference, `progress.assess_series`, on random series: zeros, negatives, gaps,
limits, targets with and without a target year, base years, survey rounds."""

import math
import random

import pytest

from bench.followup_batch import assess_many
from riktning.followup import progress as p


def _random_row(rng: random.Random, n: int) -> list[float | None]:
    kind = rng.random()
    row = []
    for _ in range(n):
        r = rng.random()
        if r < 0.15:
            row.append(None)
        elif kind < 0.1 and r < 0.3:
            row.append(0.0)
        elif kind < 0.2:
            row.append(rng.uniform(-50, 50))
        else:
            row.append(round(rng.uniform(1, 120), 1))
    return row


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"base_year": 2012},
        {"base_year": 2030},
        {"limit": 100.0},
        {"limit": 0.0},
        {"target": 80.0, "target_year": 2030},
        {"target": 0, "target_year": 2030, "base_year": 2010},
        {"target": 60.0, "target_year": 2014, "base_year": 2012},
        {"target": 60.0},
        {"target": -10.0, "target_year": 2030},
        {"target": 60.0, "limit": 100.0},
        {"target": 80.0, "target_year": 2030, "limit": 100.0},
        {"limit": 50.0, "base_year": 2010},
    ],
)
@pytest.mark.parametrize("direction", [p.INCREASE, p.DECREASE])
def test_batch_path_is_identical_to_the_reference(kwargs, direction):
    rng = random.Random(hash((direction, tuple(sorted(kwargs.items())))) & 0xFFFF)
    years = list(range(2005, 2025))
    rows = [_random_row(rng, len(years)) for _ in range(400)]
    rows += [[None] * len(years), [5.0] + [None] * (len(years) - 1)]
    statuses, values, scores = assess_many(years, rows, direction=direction, **kwargs)
    for row, status, value, score in zip(rows, statuses, values, scores, strict=True):
        ref = p.assess_series(years, row, direction=direction, **kwargs)
        assert (status, value, score) == (ref.status, ref.value, ref.score), row


def test_batch_path_with_survey_rounds():
    years = [2012, 2016, 2021, 2024]
    rows = [[30.0, 32.0, 36.0, None], [None, 32.0, None, None], [30.0, None, None, 29.0]]
    statuses, values, _scores = assess_many(years, rows, direction=p.INCREASE)
    assert statuses == [p.SUBSTANTIAL_PROGRESS, p.NOT_AVAILABLE, p.DETERIORATION]
    assert math.isclose(values[0], 1.2 ** (1 / 9) - 1)
