"""How alike two reported items are (an activity and an activity, a measure and a measure): a
score 0–100 from their titles and descriptions, with rapidfuzz. Pure: no database.

The title weighs most (`token_sort_ratio`: the words compared in sorted order after lower-casing
and dropping punctuation, so "Läxhjälp för unga" is "Unga: läxhjälp för"); the description adds
`token_set_ratio`, which forgives one text saying more than the other (a copy with a sentence
added). Without a description on either side, the title alone decides. The threshold and the
weights are documented in docs/activities-and-action-plans.md ("Double reporting").
"""

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

# From this score on an item is called a likely duplicate (shown before saving, listed for the
# coordinator). Measured on the demo: reworded copies score 85–100, different activities of one
# organisation below 60.
THRESHOLD = 75.0
TITLE_WEIGHT = 0.6
# At most this many earlier items of one organisation are scored when a new one is reported, the
# most recent first, and only from these many years back (the SQL query's limits).
CANDIDATE_LIMIT = 300
YEARS_BACK = 6
# The coordinator's page reads at most SCAN_LIMIT items (the most recent) and pairs them only
# within an organisation, among its PER_ORGANISATION most recent: pairing is quadratic (measured
# in docs/performance.md: 500 items of one organisation 0.12 s, 2,000 2.6 s, 5,000 20 s). The
# page says when it stopped short.
SCAN_LIMIT = 2000
PER_ORGANISATION = 500


@dataclass(frozen=True)
class Item:
    pk: int
    title: str
    description: str = ""


def score(a: Item, b: Item) -> float:
    """0–100, rounded to a whole number."""
    title = fuzz.token_sort_ratio(a.title, b.title, processor=default_process)
    first, second = default_process(a.description), default_process(b.description)
    if not first or not second:
        return float(round(title))
    description = fuzz.token_set_ratio(first, second)
    return float(round(TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * description))


def similar(new: Item, candidates: list[Item], threshold: float = THRESHOLD, limit: int = 5):
    """The candidates scoring at least `threshold` against `new`, best first: [(item, score)]."""
    scored = [(item, score(new, item)) for item in candidates if item.pk != new.pk]
    found = [(item, value) for item, value in scored if value >= threshold]
    found.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return found[:limit]


def pairs(items: list[Item], threshold: float = THRESHOLD):
    """Every pair of `items` (one organisation's) scoring at least `threshold`:
    [(first, second, score)], first the older (lower pk).

    Quadratic in the items, so the titles are compared first in rapidfuzz's C loop
    (`process.extract`, texts normalised once), and the whole score is computed only for pairs
    whose titles are close enough to reach the threshold at all (the description weighs at most
    1 - TITLE_WEIGHT)."""
    ordered = sorted(items, key=lambda item: item.pk)
    titles = [default_process(item.title) for item in ordered]
    # one point of slack: the score is rounded
    least_title = max(0.0, (threshold - (1 - TITLE_WEIGHT) * 100) / TITLE_WEIGHT - 1)
    found = []
    for index, first in enumerate(ordered[:-1]):
        later = titles[index + 1 :]
        close = process.extract(
            titles[index],
            later,
            scorer=fuzz.token_sort_ratio,
            processor=None,
            score_cutoff=least_title,
            limit=None,
        )
        for _title, _title_score, offset in close:
            second = ordered[index + 1 + offset]
            value = score(first, second)
            if value >= threshold:
                found.append((first, second, value))
    found.sort(key=lambda triple: (triple[0].pk, triple[1].pk))
    return found
