"""Kolada reference data that ships with Riktning (riktning/indicators/data/): all 312 areas,
the Trelleborg municipality groups and the strategy's KPI metadata, so names and comparisons
work offline. A Kolada metadata sync refreshes the same tables."""

from functools import cache
from pathlib import Path

import orjson

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _load(name: str):
    return orjson.loads((DATA_DIR / name).read_bytes())


def reference_areas() -> list[dict]:
    return _load("municipality_v3_all.json")


def reference_groups() -> list[dict]:
    """Groups with members as [{"id", "title"}] (the shipped file's member_id/member_title
    spelling is normalised to the API's)."""
    groups = []
    for group in _load("municipality_groups_v3_subset.json"):
        members = [
            {
                "id": m.get("id") or m.get("member_id"),
                "title": m.get("title") or m.get("member_title"),
            }
            for m in group["members"]
        ]
        groups.append({"id": group["id"], "title": group["title"], "members": members})
    return groups


def reference_kpis() -> dict[str, dict]:
    return {kpi["id"]: kpi for kpi in _load("kpi_metadata_v3_subset.json")}


def store_areas(areas: list[dict], groups: list[dict], Area=None) -> int:
    """Insert or update areas and groups (with their members). Returns how many were stored.

    `Area` may be a historical model (from a data migration)."""
    if Area is None:
        from .models import Area
    known = {a.code: a for a in Area.objects.all()}
    new, changed = [], []
    for item in areas:
        code, title, kind = item["id"], item["title"], item.get("type") or "K"
        if code not in known:
            new.append(Area(code=code, title=title, type=kind))
        elif (known[code].title, known[code].type) != (title, kind):
            known[code].title, known[code].type = title, kind
            changed.append(known[code])
    for group in groups:
        if group["id"] not in known:
            new.append(Area(code=group["id"], title=group["title"], type="G"))
        elif known[group["id"]].title != group["title"]:
            known[group["id"]].title = group["title"]
            changed.append(known[group["id"]])
    Area.objects.bulk_create(new)
    Area.objects.bulk_update(changed, ["title", "type"])
    codes = set(Area.objects.values_list("code", flat=True))
    through = Area.members.through
    for group in groups:
        member_codes = [
            code
            for code in (m.get("id") or m.get("member_id") for m in group.get("members", []))
            if code in codes
        ]
        through.objects.filter(from_area_id=group["id"]).delete()
        through.objects.bulk_create(
            [through(from_area_id=group["id"], to_area_id=c) for c in member_codes]
        )
    if Area.__module__ == "riktning.indicators.models":  # not from a data migration
        from .signals import bulk_written

        bulk_written.send(sender=Area)
    return len(new) + len(changed)
