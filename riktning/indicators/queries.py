"""Read-side queries over observations, shared by pages, exports and reports."""

from collections.abc import Iterator, Sequence

from .models import Observation

EXPORT_COLUMNS = [
    "indicator",
    "source_key",
    "area",
    "period",
    "gender",
    "breakdown",
    "value",
    "status",
    "batch",
    "example_data",
]


def observations(
    *,
    kpis: Sequence[str] = (),
    indicator_ids: Sequence[int] = (),
    areas: Sequence[str] = (),
):
    qs = Observation.objects.all()
    if kpis:
        qs = qs.filter(indicator__source_key__in=[k.strip().upper() for k in kpis])
    if indicator_ids:
        qs = qs.filter(indicator_id__in=indicator_ids)
    if areas:
        qs = qs.filter(area_code__in=areas)
    return qs.order_by("indicator_id", "area_code", "period", "gender", "breakdown")


def export_rows(**filters) -> Iterator[dict]:
    """One dict per stored observation, in EXPORT_COLUMNS order, streamed from the database."""
    qs = observations(**filters).values_list(
        "indicator_id",
        "indicator__source_key",
        "area_code",
        "period",
        "gender",
        "breakdown",
        "value",
        "status",
        "batch_id",
        "batch__is_example",
    )
    for row in qs.iterator(chunk_size=5000):
        yield dict(zip(EXPORT_COLUMNS, row, strict=True))
