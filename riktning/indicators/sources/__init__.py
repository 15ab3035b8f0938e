"""Indicator sources: where observations come from. One module per source, registered here.

A source turns something outside Riktning (an API, a file, a form) into tidy rows
`(indicator_id, area_code, period, gender, breakdown, value, status)` and hands them to
`riktning.indicators.services.record_observations`. To add one (say SCB's PxWeb API): write
`sources/scb.py` with a class that has `key`, `label` and the functions it needs, and register it.
"""

from dataclasses import dataclass

from ..constants import SourceKind


@dataclass(frozen=True)
class Source:
    key: str  # also ImportBatch.source
    label: str
    module: str
    # The kinds of indicator (Indicator.source_kind) a person may give values through this
    # source; empty for sources that fetch by themselves (Kolada).
    indicator_kinds: tuple[str, ...] = ()

    def accepts(self, indicator) -> bool:
        return indicator.source_kind in self.indicator_kinds


_REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    _REGISTRY[source.key] = source
    return source


def get(key: str) -> Source:
    return _REGISTRY[key]


def all_sources() -> list[Source]:
    return list(_REGISTRY.values())


register(Source("kolada", "Kolada (RKA)", "riktning.indicators.sources.kolada"))
register(
    Source(
        "upload",
        "File upload",
        "riktning.indicators.sources.upload",
        (SourceKind.SURVEY, SourceKind.LOCAL),
    )
)
register(
    Source("manual", "Manual entry", "riktning.indicators.sources.manual", (SourceKind.LOCAL,))
)
