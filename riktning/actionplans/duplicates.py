"""Suspected double reporting of measures: the measures a new one resembles (shown before
saving) and the pairs for the coordinator's list. Read-only; the writes are in `services`.

Candidates are narrowed in SQL first (the same responsible organisation, plans of the last
YEARS_BACK years, at most CANDIDATE_LIMIT, merged ones left out) and only then scored. A measure
carried over from another (`carried_from`) continues it on purpose and is never called its
duplicate.
"""

from django.db.models import Q

from riktning.activities import similarity
from riktning.activities.duplicates import Pair, suspected_pairs
from riktning.activities.models import DuplicateKind

from .models import Measure


def similar_measures(
    responsible, title: str, description: str = "", *, year: int, exclude_pk=None
) -> list[tuple[Measure, float]]:
    """The responsible organisation's measures that `title`/`description` resemble, best first."""
    candidates = (
        Measure.objects.filter(
            responsible=responsible,
            merged_into=None,
            plan__year__gte=year - similarity.YEARS_BACK,
            plan__year__lte=year + 1,
        )
        .exclude(pk=exclude_pk)
        .select_related("plan", "responsible")
        .order_by("-plan__year", "-pk")[: similarity.CANDIDATE_LIMIT]
    )
    by_pk = {measure.pk: measure for measure in candidates}
    if exclude_pk:
        # what this measure was carried from, or was carried into: the same measure continued
        related = Measure.objects.filter(Q(pk=exclude_pk) | Q(carried_from_id=exclude_pk))
        for carried_from, pk in related.values_list("carried_from_id", "pk"):
            by_pk.pop(carried_from, None)
            by_pk.pop(pk, None)
    new = similarity.Item(0, title, description)
    items = [similarity.Item(m.pk, m.title, m.description) for m in by_pk.values()]
    return [(by_pk[item.pk], value) for item, value in similarity.similar(new, items)]


def suspected_measure_pairs() -> tuple[list[Pair], bool]:
    measures = Measure.objects.filter(merged_into=None).select_related(
        "responsible", "plan__version__document"
    )
    found, capped = suspected_pairs(measures, DuplicateKind.MEASURE, "responsible", "title")
    carried = [
        pair
        for pair in found
        if pair.second.carried_from_id != pair.first.pk
        and pair.first.carried_from_id != pair.second.pk
    ]
    return carried, capped
