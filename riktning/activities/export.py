"""The activity register as a file: CSV for Swedish Excel and XLSX, one row per activity, the
same columns in both. Every cell goes through `reports.cells`, so text someone reported (through
a personal link, say) never becomes a formula. Read-only; the caller chooses the activities (what
the reader may see, filtered as the register page shows them)."""

import io

from django.utils.translation import gettext as _

from riktning.reports.cells import CsvWriter, append_row

FORMATS = ("csv", "xlsx")


def header() -> list[str]:
    return [
        _("Activity"),
        _("Organiser"),
        _("Partners"),
        _("Description"),
        _("Target group"),
        _("Ages"),
        _("Where"),
        _("Areas"),
        _("Goals"),
        _("Universal or targeted"),
        _("Participants per year"),
        _("Girls/women"),
        _("Boys/men"),
        _("Cost per year (SEK)"),
        _("Working hours per year"),
        _("Period"),
        _("Mapping round"),
        _("Example data"),
    ]


def rows(activities) -> list[list]:
    """One row per activity, in `header`'s order (numbers as numbers, None where not given).
    `activities` should prefetch partners, areas and goals and select organiser and round."""
    return [
        [
            a.name,
            a.organiser.name,
            "; ".join(p.name for p in a.partners.all()),
            a.description,
            a.target_group,
            a.age_label,
            a.location,
            "; ".join(x.title for x in a.areas.all()),
            "; ".join(" ".join(g.title.split()) for g in a.goals.all()),
            a.get_reach_display(),
            a.participants,
            a.participants_girls,
            a.participants_boys,
            a.cost_sek,
            a.hours,
            a.period_label,
            a.mapping_round.title if a.mapping_round else "",
            _("Example data") if a.is_example else "",
        ]
        for a in activities
    ]


def render(activities, fmt: str) -> bytes:
    """The register as a file in `fmt` ("csv" or "xlsx")."""
    if fmt == "csv":
        return _csv(activities)
    if fmt == "xlsx":
        return _xlsx(activities)
    raise ValueError(fmt)


def _csv(activities) -> bytes:
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(header())
    for row in rows(activities):
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def _xlsx(activities) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activities")[:31]
    append_row(sheet, header())
    for row in rows(activities):
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
