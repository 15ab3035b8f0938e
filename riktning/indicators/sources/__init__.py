"""Indicator sources: where observations come from. One module per source, registered here.

A source turns something outside Riktning (an API, a file, a form) into tidy rows
`(indicator_id, area_code, period, gender, breakdown, value, status)` and hands them to
`riktning.indicators.services.record_observations`. To add one (say SCB's PxWeb API): write
`sources/scb.py` with a class that has `key`, `label` and the functions it needs, and register it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    key: str  # also ImportBatch.source
    label: str
    module: str


_REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    _REGISTRY[source.key] = source
    return source


def get(key: str) -> Source:
    return _REGISTRY[key]


def all_sources() -> list[Source]:
    return list(_REGISTRY.values())


register(Source("kolada", "Kolada (RKA)", "riktning.indicators.sources.kolada"))
