"""Follow-up status at national scale, from memory: every area in the reference list (312) ×
300 indicators × T/K/M × 20 years (about 5.6 million values) generated in memory, then

- the batch path (`riktning.followup.batch.assess_many`, one call per indicator), and
- a straightforward per-series loop (`riktning.followup.progress.assess_series` on each series),

timed in the same run, with a check that both give the same statuses, values and scores.

Plain Python: numpy is not installed in Riktning's environment and is not a dependency.

    .venv/bin/python bench/followup_status.py [--indicators 300] [--years 20] [--loop-sample N]

`--loop-sample N` times the loop on every N-th indicator only and scales the time up (the loop
is the slow side; the default 1 runs it on everything).
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")

import django  # noqa: E402

django.setup()

from riktning.followup.batch import assess_many  # noqa: E402
from riktning.followup.progress import DECREASE, INCREASE, assess_series  # noqa: E402
from riktning.indicators.reference import reference_areas  # noqa: E402

GENDERS = ("T", "K", "M")


def generate(n_indicators: int, years: list[int], seed: int = 1287):
    """Per indicator: its parameters and a list of rows (area × gender), one value per year,
    about 3 % missing. A third of the indicators have a target, a tenth a limit."""
    rng = random.Random(seed)
    areas = [a["id"] for a in reference_areas()]
    indicators = []
    for i in range(n_indicators):
        params = {"direction": INCREASE if i % 4 else DECREASE, "base_year": years[0] + 5}
        if i % 3 == 0:
            params |= {"target": 80.0, "target_year": years[-1] + 6}
        elif i % 10 == 1:
            params["limit"] = 100.0
        rows = []
        for _area in areas:
            level = rng.uniform(10, 90)
            drift = rng.uniform(-0.8, 0.8)
            for _gender in GENDERS:
                rows.append(
                    [
                        None
                        if rng.random() < 0.03
                        else round(level + drift * k + rng.gauss(0, 1.0), 1)
                        for k in range(len(years))
                    ]
                )
        indicators.append((params, rows))
    return areas, indicators


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--loop-sample", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="batch runs; the best is shown")
    args = parser.parse_args()
    years = list(range(2025 - args.years, 2025))

    t0 = time.perf_counter()
    areas, indicators = generate(args.indicators, years)
    generated = time.perf_counter() - t0
    series = sum(len(rows) for _p, rows in indicators)
    print(
        f"{len(areas)} areas × {args.indicators} indicators × {len(GENDERS)} genders = "
        f"{series:,} series, {series * len(years):,} values (generated in {generated:.1f} s)"
    )

    batch_times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        batch_results = [assess_many(years, rows, **params) for params, rows in indicators]
        batch_times.append(time.perf_counter() - t0)
    batch = min(batch_times)
    print(f"batch path (assess_many):        {batch:.3f} s (best of {args.repeat})")

    sample = indicators[:: args.loop_sample]
    sampled_series = sum(len(rows) for _p, rows in sample)
    t0 = time.perf_counter()
    loop_results = [
        [assess_series(years, row, **params) for row in rows] for params, rows in sample
    ]
    loop = (time.perf_counter() - t0) * series / sampled_series
    scaled = f" (measured on {sampled_series:,} series, scaled)" if args.loop_sample > 1 else ""
    print(f"per-series loop (assess_series): {loop:.3f} s{scaled}")
    print(f"ratio: {loop / batch:.1f}×")

    mismatches = 0
    statuses: dict[str, int] = {}
    for k in range(len(indicators)):
        b_status, b_value, b_score = batch_results[k]
        for s in b_status:
            statuses[s] = statuses.get(s, 0) + 1
        if k % args.loop_sample:
            continue
        for j, ref in enumerate(loop_results[k // args.loop_sample]):
            if (ref.status, ref.value, ref.score) != (b_status[j], b_value[j], b_score[j]):
                mismatches += 1
    print("statuses:", ", ".join(f"{s} {n:,}" for s, n in sorted(statuses.items())))
    print(f"identical results: {'yes' if not mismatches else f'NO, {mismatches} differ'}")


if __name__ == "__main__":
    main()
